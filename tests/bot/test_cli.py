"""The `hotline` command as a newcomer meets it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bot.demo import LAN_CHAT
from handlers.i18n import translator

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
