"""The `hotline` command as a newcomer meets it."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from importlib.metadata import version as package_version
from pathlib import Path

import httpx
import pytest
from alembic.script import ScriptDirectory

from bot.demo import LAN_CHAT
from bot.sandbox.fake_telegram import SANDBOX_TELEGRAM_TOKEN, FakeTelegramApi
from bot.sandbox.serve import serve_app
from handlers.i18n import translator
from scheduler.hubs import load_hub_map
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.migrate import MIGRATIONS
from storage.models import Case, ConsultationDay
from storage.supporters import add_supporter

ROOT = Path(__file__).resolve().parents[2]


def hotline(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    full_env.update(env or {})
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_demo_script_plays_a_consultation_to_the_closed_case(tmp_path: Path) -> None:
    result = hotline("demo", "--script", "--database", str(tmp_path / "demo.db"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Xin chào" in out
    # The migrant reads the supporter's label in Vietnamese, the language chosen at the start.
    assert translator("vi").gettext("Supporter, {hub}", hub="Bắc Kanto") in out
    # The language menu is read once: its Flex card's alt text is not shown as a second message.
    assert out.count(translator("vi").gettext("Tap a button, or write the name of your language.")) == 1
    last = out.strip().splitlines()[-1]
    assert "closed" in last
    assert LAN_CHAT not in out  # the supporter's Telegram account never shows
    assert re.search(r"U[0-9a-f]{32}", out) is None  # nor any LINE user id
    assert "sandbox-telegram-token" not in result.stderr  # request URLs carry the bot token: never logged


def test_every_command_has_help() -> None:
    for command in (["--help"], ["serve", "--help"], ["db", "upgrade", "--help"], ["demo", "--help"]):
        result = hotline(*command)
        assert result.returncode == 0, (command, result.stderr)
        assert "Usage" in result.stdout


def test_serve_with_half_a_channel_names_the_missing_setting(tmp_path: Path) -> None:
    result = hotline(
        "serve",
        env={"HOTLINE_LINE_CHANNEL_SECRET": "s3cret", "HOTLINE_PSEUDONYM_KEY": "x" * 32},
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "hotline: HOTLINE_LINE_CHANNEL_ACCESS_TOKEN is missing, but LINE is enabled."


def test_serve_with_a_malformed_database_url_says_so(tmp_path: Path) -> None:
    result = hotline("serve", env={"HOTLINE_DATABASE_URL": "mysql://x@y/z"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "HOTLINE_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_with_an_unreachable_database_says_so(tmp_path: Path) -> None:
    result = hotline(
        "serve",
        env={
            "HOTLINE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
            "HOTLINE_TELEGRAM_TOKEN": "123:abc",
            "HOTLINE_TELEGRAM_WEBHOOK_SECRET": "secret",
            "HOTLINE_PSEUDONYM_KEY": "x" * 32,
        },
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "HOTLINE_DATABASE_URL: cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_with_a_bad_port_names_it(tmp_path: Path) -> None:
    result = hotline("serve", env={"HOTLINE_PORT": "http"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "HOTLINE_PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_scrub_filters_standard_input_line_by_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "scrub", "--lang", "vi"],
        input="Tôi tên là Nguyễn Văn An, số 090-1234-5678, ở Gunma\nLương 15万円 chưa trả\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")} | {"PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert "090-1234-5678" not in lines[0]
    assert "Nguyễn Văn An" not in lines[0]
    assert "Gunma" in lines[0]
    assert lines[1] == "Lương 15万円 chưa trả"


def test_coordinator_commands_plan_a_day_and_issue_an_invite(tmp_path: Path) -> None:
    env = {"HOTLINE_DATABASE_URL": f"sqlite:///{tmp_path}/h.db", "HOTLINE_PSEUDONYM_KEY": "x" * 32}
    assert hotline("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    invite = hotline("supporters", "invite", "--hub", "north_kanto", env=env, cwd=tmp_path)
    assert invite.returncode == 0
    assert len(invite.stdout.strip()) >= 8
    day = hotline(
        "days",
        "create",
        "--title",
        "North Kanto day",
        "--start",
        "2026-12-06T10:00",
        "--end",
        "2026-12-06T16:00",
        env=env,
        cwd=tmp_path,
    )
    assert day.stdout.strip() == "consultation day 1 planned"
    backwards = hotline(
        "days",
        "create",
        "--title",
        "x",
        "--start",
        "2026-12-06T16:00",
        "--end",
        "2026-12-06T10:00",
        env=env,
        cwd=tmp_path,
    )
    assert backwards.returncode == 2
    assert "end after it starts" in backwards.stderr


# --- one sentence for each newcomer's mistake ---------------------------------------------------------------

KEY_ENV = {"HOTLINE_PSEUDONYM_KEY": "x" * 32}


def closed_port() -> int:
    """A loopback port nobody listens on (bound once by us, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    """The refusal a newcomer reads: a failed exit, one line on standard error, no traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hotline: "), lines[0]
    assert lines[0].endswith("."), lines[0]
    return lines[0]


def upgraded(tmp_path: Path) -> dict[str, str]:
    env = {"HOTLINE_DATABASE_URL": f"sqlite:///{tmp_path}/h.db", **KEY_ENV}
    assert hotline("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    return env


def test_serve_upgrades_a_fresh_sqlite_database_and_answers(tmp_path: Path) -> None:
    port = closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env |= KEY_ENV | {
        "HOTLINE_DATABASE_URL": f"sqlite:///{tmp_path}/fresh.db",
        "HOTLINE_LINE_CHANNEL_SECRET": "secret",
        "HOTLINE_LINE_CHANNEL_ACCESS_TOKEN": "token",
        "HOTLINE_LINE_API_URL": f"http://127.0.0.1:{closed_port()}",
        "HOTLINE_PORT": str(port),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        health = None
        for _ in range(600):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1.0)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    break
                time.sleep(0.1)
        assert health is not None, "the server never answered"
        assert health.status_code == 200, health.text
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "the database was upgraded to the current schema" in stderr
    assert "Traceback" not in stderr
    with sqlite3.connect(tmp_path / "fresh.db") as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_serve_refuses_a_postgresql_database_nobody_upgraded(tmp_path: Path, postgres_url: str | None) -> None:
    if postgres_url is None:
        pytest.skip("no PostgreSQL server answers")
    # The session's test database was made with create_all: tables, but no migration ever ran on it.
    env = {
        "HOTLINE_DATABASE_URL": postgres_url,
        "HOTLINE_TELEGRAM_TOKEN": "123:abc",
        "HOTLINE_TELEGRAM_WEBHOOK_SECRET": "secret",
        **KEY_ENV,
    }
    sentence = one_sentence(hotline("serve", env=env, cwd=tmp_path))
    assert "run `hotline db upgrade`" in sentence


def test_a_command_before_the_database_was_upgraded_names_the_command(tmp_path: Path) -> None:
    env = {"HOTLINE_DATABASE_URL": f"sqlite:///{tmp_path}/new.db", **KEY_ENV}
    sentence = one_sentence(hotline("supporters", "invite", "--hub", "north_kanto", env=env, cwd=tmp_path))
    assert "run `hotline db upgrade`" in sentence


def test_a_log_level_that_does_not_exist_names_the_setting_and_the_choices(tmp_path: Path) -> None:
    sentence = one_sentence(hotline("serve", env={"HOTLINE_LOG_LEVEL": "loud", **KEY_ENV}, cwd=tmp_path))
    assert sentence.startswith("hotline: HOTLINE_LOG_LEVEL is invalid")
    for level in ("debug", "info", "warning"):
        assert level in sentence


def test_export_in_a_format_we_do_not_write_names_the_ones_we_do(tmp_path: Path) -> None:
    env = upgraded(tmp_path)
    sentence = one_sentence(hotline("export", "--format", "xlsx", "--out", "cases.xlsx", env=env, cwd=tmp_path))
    assert "--format must be csv or parquet" in sentence
    assert not (tmp_path / "cases.xlsx").exists()


def test_a_report_with_k_below_ten_is_refused(tmp_path: Path) -> None:
    env = upgraded(tmp_path)
    sentence = one_sentence(hotline("report", "--by", "topic", "--k", "1", env=env, cwd=tmp_path))
    assert "k must be at least 10" in sentence


def test_announcing_a_day_that_does_not_exist_says_so(tmp_path: Path) -> None:
    env = upgraded(tmp_path)
    assert one_sentence(hotline("days", "announce", "99", env=env, cwd=tmp_path)) == (
        "hotline: There is no consultation day 99."
    )


def test_an_invite_for_an_unknown_hub_is_refused_with_the_valid_codes(tmp_path: Path) -> None:
    env = upgraded(tmp_path)
    sentence = one_sentence(hotline("supporters", "invite", "--hub", "nowhere", env=env, cwd=tmp_path))
    assert "'nowhere'" in sentence
    for code in load_hub_map().hubs:
        assert code in sentence
    with sqlite3.connect(tmp_path / "h.db") as conn:
        assert conn.execute("SELECT count(*) FROM invite_codes").fetchone() == (0,)


def test_a_telegram_webhook_over_plain_http_is_refused(tmp_path: Path) -> None:
    env = {"HOTLINE_TELEGRAM_TOKEN": "123:abc", "HOTLINE_TELEGRAM_WEBHOOK_SECRET": "secret"}
    sentence = one_sentence(
        hotline("telegram", "set-webhook", "http://hotline.example.org/webhooks/telegram", env=env, cwd=tmp_path)
    )
    assert "HTTPS" in sentence


def test_an_unreachable_telegram_api_when_setting_the_webhook_says_so(tmp_path: Path) -> None:
    api = f"http://127.0.0.1:{closed_port()}"
    env = {
        "HOTLINE_TELEGRAM_TOKEN": "123:abc",
        "HOTLINE_TELEGRAM_WEBHOOK_SECRET": "secret",
        "HOTLINE_TELEGRAM_API_URL": api,
    }
    sentence = one_sentence(
        hotline("telegram", "set-webhook", "https://hotline.example.org/webhooks/telegram", env=env, cwd=tmp_path)
    )
    assert f"Cannot reach the Telegram API at {api}" in sentence
    assert "HOTLINE_TELEGRAM_API_URL" in sentence
    assert "123:abc" not in sentence


async def test_set_webhook_registers_the_address_and_secret_with_telegram(tmp_path: Path) -> None:
    fake = FakeTelegramApi()
    async with serve_app(fake) as api:
        env = {
            "HOTLINE_TELEGRAM_TOKEN": SANDBOX_TELEGRAM_TOKEN,
            "HOTLINE_TELEGRAM_WEBHOOK_SECRET": "secret",
            "HOTLINE_TELEGRAM_API_URL": api,
        }
        result = await asyncio.to_thread(
            hotline, "telegram", "set-webhook", "https://hotline.example.org/webhooks/telegram", env=env, cwd=tmp_path
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "webhook registered"
    assert fake.webhook is not None
    assert fake.webhook.url == "https://hotline.example.org/webhooks/telegram"
    assert fake.webhook.secret_token == "secret"


def test_version_is_the_installed_package_version() -> None:
    result = hotline("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hotline {package_version('hotline')}"


# --- what coordinators list at the terminal ---------------------------------------------------------------

MIGRANT_LINE_ID = "U" + "a1" * 16
LAN_TELEGRAM_ID = "70001234"
QUESTION = "My employer keeps my passport, call me on 090-1234-5678"


async def seed_network(url: str) -> None:
    now = dt.datetime.now(dt.UTC)
    db = Database(url)
    try:
        async with db.transaction() as session:
            lan = await add_supporter(
                session, b"k" * 32, channel="telegram", address=LAN_TELEGRAM_ID, alias="Lan (Gunma)",
                languages={"vi": 3, "ja": 2}, hubs=["north_kanto"], capacity=3,
            )  # fmt: skip
            await add_supporter(
                session, b"k" * 32, channel="line", address="U" + "b2" * 16, alias="Tanaka",
                languages={"ja": 3}, hubs=["kansai"], available=False,
            )  # fmt: skip
            migrant, _ = await find_or_create_contact(session, b"k" * 32, "line", MIGRANT_LINE_ID, now)
            session.add_all(
                [
                    Case(number="AB-1234", contact_id=migrant.id, channel="line", language="vi", hub="north_kanto",
                         topic="labour", urgent=True, question=QUESTION, status="active", supporter_id=lan.id,
                         created_at=now - dt.timedelta(hours=2), first_response_at=now - dt.timedelta(hours=1)),
                    Case(number="CD-5678", contact_id=migrant.id, channel="line", language="vi", hub="north_kanto",
                         topic="visa", question=QUESTION, status="closed", created_at=now - dt.timedelta(days=3)),
                    ConsultationDay(title="北関東 相談会", starts_at=dt.datetime(2026, 12, 6, 1, 0, tzinfo=dt.UTC),
                                    ends_at=dt.datetime(2026, 12, 6, 7, 0, tzinfo=dt.UTC), hubs=["north_kanto"],
                                    languages=["vi", "km"]),
                ]
            )  # fmt: skip
    finally:
        await db.dispose()


async def test_coordinators_list_supporters_days_and_open_cases_without_personal_data(tmp_path: Path) -> None:
    env = await asyncio.to_thread(upgraded, tmp_path)
    await seed_network(env["HOTLINE_DATABASE_URL"])

    async def run(*args: str) -> str:
        result = await asyncio.to_thread(hotline, *args, env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        for private in (MIGRANT_LINE_ID, LAN_TELEGRAM_ID, "passport", "090-1234-5678"):
            assert private not in result.stdout
        return result.stdout

    supporters = (await run("supporters", "list")).splitlines()
    assert supporters[0].split() == ["id", "alias", "channel", "languages", "hubs", "topics", "cases", "state", "roles"]
    [lan] = [line for line in supporters if "Lan (Gunma)" in line]
    assert lan.split()[3:] == ["telegram", "vi:3", "ja:2", "north_kanto", "all", "1/3", "available"]
    [tanaka] = [line for line in supporters if "Tanaka" in line]
    assert "0/3" in tanaka
    assert "on shifts" in tanaka

    days = (await run("days", "list")).splitlines()
    assert "北関東 相談会" in days[2]
    assert "2026-12-06 10:00-16:00" in days[2]  # Tokyo time
    assert "vi,km" in days[2]
    assert "not yet" in days[2]

    open_cases = (await run("cases", "list", "--open")).splitlines()
    assert len(open_cases) == 3  # header, rule, one case
    assert open_cases[2].split()[:4] == ["AB-1234", "active", "URGENT", "vi"]
    assert "answered after 1h00m" in open_cases[2]
    assert open_cases[2].rstrip().endswith("Lan (Gunma)")
    every_case = await run("cases", "list")
    [closed] = [line for line in every_case.splitlines() if "CD-5678" in line]
    assert closed.split()[1:3] == ["closed", "vi"]
    assert "AB-1234" in every_case


def test_lists_on_an_empty_database_say_what_to_do_first(tmp_path: Path) -> None:
    env = upgraded(tmp_path)
    assert "hotline supporters invite" in hotline("supporters", "list", env=env, cwd=tmp_path).stdout
    assert "hotline days create" in hotline("days", "list", env=env, cwd=tmp_path).stdout
    assert hotline("cases", "list", "--open", env=env, cwd=tmp_path).stdout.strip() == "No open cases."


def test_db_backup_copies_the_sqlite_database_and_refuses_to_overwrite(tmp_path: Path) -> None:
    env = upgraded(tmp_path)
    assert hotline("supporters", "invite", "--hub", "north_kanto", env=env, cwd=tmp_path).returncode == 0
    result = hotline("db", "backup", "copy.db", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("SELECT count(*) FROM invite_codes").fetchone() == (1,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert "exists already" in one_sentence(hotline("db", "backup", "copy.db", env=env, cwd=tmp_path))


def test_db_backup_on_postgresql_points_to_pg_dump(tmp_path: Path) -> None:
    env = {"HOTLINE_DATABASE_URL": "postgresql://hotline@db.internal/hotline"}
    assert "pg_dump" in one_sentence(hotline("db", "backup", "copy.db", env=env, cwd=tmp_path))
