"""The `hotline` command."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import os
import secrets
import sys
from collections.abc import Awaitable, Callable, Sequence
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

import typer

from bot.settings import ConfigError, Settings, load_settings
from storage.states import CaseStatus

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.app import Hotline
    from storage.db import Database
    from storage.listings import CaseListing

T = TypeVar("T")
_DIMENSIONS = "policy_field, topic, language, hub, prefecture, region, month, aid_category"

app = typer.Typer(
    help="Multilingual consultation hotline for migrants in Japan (LINE and Telegram).", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
telegram_app = typer.Typer(help="Telegram bot set-up.", no_args_is_help=True)
supporters_app = typer.Typer(help="Supporters and invite codes.", no_args_is_help=True)
days_app = typer.Typer(help="Online consultation days.", no_args_is_help=True)
cases_app = typer.Typer(
    help="Cases, by number and coded facts (never a name, an account or a message).", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(telegram_app, name="telegram")
app.add_typer(supporters_app, name="supporters")
app.add_typer(days_app, name="days")
app.add_typer(cases_app, name="cases")


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"hotline {package_version('hotline')}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    pass


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


def _fail(message: str) -> None:
    typer.echo(f"hotline: {message}", err=True)
    raise typer.Exit(2)


async def _check_database(url: str) -> None:
    from storage.db import Database

    db = Database(url)
    try:
        await db.ping()
    except Exception as exc:
        raise ConfigError(
            f"HOTLINE_DATABASE_URL: cannot reach the database ({type(exc).__name__}); is the server running?"
        ) from None
    finally:
        await db.dispose()


def _ensure_schema(url: str) -> None:
    """On SQLite, bring the schema up to date; on PostgreSQL (shared by several servers) say what to run."""
    from storage.db import Database, normalise_url
    from storage.migrate import SchemaState, schema_state, upgrade

    async def read() -> SchemaState:
        db = Database(url)
        try:
            return await schema_state(db)
        finally:
            await db.dispose()

    state = asyncio.run(read())
    if state.current:
        return
    if not state.known:
        raise ConfigError(
            f"The database at HOTLINE_DATABASE_URL has schema revision {state.revision}, which this hotline does "
            "not know: install the newer hotline that wrote it."
        )
    if not normalise_url(url).startswith("sqlite"):
        raise ConfigError(
            "The database at HOTLINE_DATABASE_URL is not at the current schema: run `hotline db upgrade` once, "
            "then start the servers."
        )
    if state.revision is None and state.has_tables:
        raise ConfigError(
            "The SQLite file of HOTLINE_DATABASE_URL has tables but no schema revision (a `hotline demo` file?): "
            "point HOTLINE_DATABASE_URL at a new file."
        )
    upgrade(url)
    typer.echo("hotline: the database was upgraded to the current schema.", err=True)


@app.command()
def serve(
    host: str = typer.Option(None, help="Address to listen on (default HOTLINE_HOST)."),
    port: int = typer.Option(None, help="Port to listen on (default HOTLINE_PORT)."),
    access_log: bool = typer.Option(False, "--access-log", help="Log every request (costs CPU per webhook)."),
) -> None:
    """Serve the webhooks (POST /webhooks/line, /webhooks/telegram) and GET /healthz.

    Runs on uvloop with the httptools parser, without an access log unless asked.
    """
    from bot.app import create_app
    from bot.logging import configure_logging

    settings = _settings()
    try:
        settings.validate_for_serving()
        asyncio.run(_check_database(settings.database_url))
        _ensure_schema(settings.database_url)
    except ConfigError as exc:
        _fail(str(exc))
    configure_logging(settings.log_level)
    run_uvicorn(
        create_app(settings), settings, host=host or settings.host, port=port or settings.port, access_log=access_log
    )


def run_uvicorn(app: Hotline, settings: Settings, *, host: str, port: int, access_log: bool) -> None:
    """Serve `app` as `hotline serve` does (bench.takein serves its app the same way).

    The proxy headers are read by the app, for everything but the webhooks, from the addresses uvicorn would trust
    (FORWARDED_ALLOW_IPS, default loopback).
    """
    import uvicorn

    app.behind_proxies(os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=settings.log_level,
        proxy_headers=False,
        loop="uvloop",
        http="httptools",
        access_log=access_log,
    )


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Create or migrate the tables to the latest schema."""
    from storage.db import DatabaseConfigError
    from storage.migrate import upgrade

    settings = _settings()
    try:
        asyncio.run(_check_database(settings.database_url))
        upgrade(settings.database_url, revision)
    except (ConfigError, DatabaseConfigError) as exc:
        _fail(str(exc))
    typer.echo("database is up to date")


@db_app.command("backup")
def db_backup(to: Path = typer.Argument(..., help="The new file to write the copy to.")) -> None:
    """Copy the SQLite database while the hotline runs (SQLite's online backup); PostgreSQL uses pg_dump."""
    from sqlalchemy.engine import make_url

    from storage.backup import backup_sqlite
    from storage.db import DatabaseConfigError, normalise_url

    settings = _settings()
    try:
        url = make_url(normalise_url(settings.database_url))
    except DatabaseConfigError as exc:
        _fail(str(exc))
        raise
    if url.get_backend_name() != "sqlite":
        _fail("HOTLINE_DATABASE_URL is PostgreSQL: back it up with pg_dump (README, Backups).")
    source = Path(url.database or "")
    if not source.is_file():
        _fail(f"There is no SQLite file at {source}: check HOTLINE_DATABASE_URL.")
    if to.exists():
        _fail(f"{to} exists already: give the name of a new file.")
    size = backup_sqlite(source, to)
    typer.echo(f"{source} copied to {to} ({size:,} bytes)")


@app.command()
def demo(
    script: bool = typer.Option(False, "--script", help="Play the scripted consultation without prompts."),
    database: Path = typer.Option(Path("var/demo.db"), help="SQLite file for the demo (recreated)."),
) -> None:
    """Run the hotline on a fresh SQLite database with a seeded network and show a consultation."""
    from bot.demo import fresh_database_file, run_demo
    from bot.logging import configure_logging

    configure_logging("info", json=False)

    fresh_database_file(database)
    asyncio.run(run_demo(database, scripted=script))


@app.command()
def keygen() -> None:
    """Print a new random key for HOTLINE_PSEUDONYM_KEY (or a webhook secret)."""
    typer.echo(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("="))


@telegram_app.command("set-webhook")
def telegram_set_webhook(
    url: str = typer.Argument(..., help="Public HTTPS URL of /webhooks/telegram."),
) -> None:
    """Register the webhook with Telegram, with our secret token."""
    from bot.channels.telegram import WebhookSetupError, set_webhook

    settings = _settings()
    try:
        asyncio.run(set_webhook(settings, url))
    except WebhookSetupError as exc:
        _fail(str(exc))
    typer.echo("webhook registered")


def _database() -> Database:
    from storage.db import Database, DatabaseConfigError

    settings = _settings()
    try:
        return Database(settings.database_url)
    except DatabaseConfigError as exc:
        _fail(str(exc))
        raise


async def _using_db(work: Callable[[Database], Awaitable[T]]) -> T:
    from sqlalchemy.exc import DBAPIError

    db = _database()
    try:
        return await work(db)
    except DBAPIError:
        problem = await _database_problem(db)
        if problem is None:
            raise  # the database is fine: a bug, and its traceback helps
        _fail(problem)
        raise
    finally:
        await db.dispose()


async def _database_problem(db: Database) -> str | None:
    """The newcomer's mistake behind a failed query, in one sentence; None when the database looks right."""
    from storage.migrate import schema_state

    try:
        state = await schema_state(db)
    except Exception as exc:
        return f"HOTLINE_DATABASE_URL: cannot reach the database ({type(exc).__name__}); is the server running?"
    if not state.current:
        return "The database at HOTLINE_DATABASE_URL is not at the current schema: run `hotline db upgrade`."
    return None


def _tokyo(text: str, option: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        _fail(f"{option} must be a date and time like 2026-12-06T10:00 (Tokyo time).")
        raise
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("Asia/Tokyo"))


def _hub_codes(codes: list[str]) -> list[str]:
    from scheduler.hubs import UnknownHub, load_hub_map

    try:
        return load_hub_map().check_codes(codes)
    except UnknownHub as exc:
        _fail(str(exc))
        raise


@supporters_app.command("invite")
def supporters_invite(
    hub: list[str] = typer.Option([], "--hub", help="Hub code the supporter will cover (repeatable)."),
    coordinator: bool = typer.Option(False, help="The code makes a coordinator."),
    days: int = typer.Option(14, help="How many days the code stays valid."),
) -> None:
    """Issue an invite code; the volunteer sends `/join CODE` to the bot on LINE or Telegram."""
    from storage.invites import issue_invite

    hubs = _hub_codes(hub)
    code = asyncio.run(
        _using_db(lambda db: issue_invite(db, hubs=hubs, coordinator=coordinator, valid_for=dt.timedelta(days=days)))
    )
    typer.echo(code)


@days_app.command("create")
def days_create(
    title: str = typer.Option(..., help="Name shown to supporters."),
    start: str = typer.Option(..., help="Start, Tokyo time: 2026-12-06T10:00."),
    end: str = typer.Option(..., help="End, Tokyo time: 2026-12-06T16:00."),
    hub: list[str] = typer.Option([], "--hub", help="Hub code taking part (repeatable; none = all)."),
    language: list[str] = typer.Option([], "--language", help="Language offered (repeatable; none = all)."),
) -> None:
    """Plan an online consultation day; intake routing opens and closes with it."""
    from handlers.days import DayError, plan_consultation_day

    starts_at, ends_at = _tokyo(start, "--start"), _tokyo(end, "--end")
    hubs = _hub_codes(hub)
    try:
        day_id = asyncio.run(
            _using_db(
                lambda db: plan_consultation_day(
                    db, title=title, starts_at=starts_at, ends_at=ends_at, hubs=hubs, languages=language
                )
            )
        )
    except DayError as exc:
        _fail(str(exc))
    typer.echo(f"consultation day {day_id} planned")


@days_app.command("announce")
def days_announce(day_id: int = typer.Argument(..., help="The day's number from `hotline days create`.")) -> None:
    """Send the day's notice to every subscribed migrant, in their own language."""
    from bot.settings import build_services
    from handlers.days import DayError, announce

    settings = _settings()
    try:
        services = build_services(settings)
        count = asyncio.run(_using_db(lambda db: announce(db, services, day_id)))
    except (ConfigError, DayError) as exc:
        _fail(str(exc))
        raise
    typer.echo(f"announcement queued for {count} people")


@app.command()
def export(
    out: Path = typer.Option(..., "--out", help="File to write."),
    fmt: str = typer.Option("csv", "--format", help="csv or parquet."),
) -> None:
    """Export the anonymised case log (no platform ids, scrubbed text) for policy analysis."""
    from rich.progress import Progress

    from storage.exports import EXPORT_FORMATS, export_analytic_log

    if fmt not in EXPORT_FORMATS:
        _fail(f"--format must be {' or '.join(EXPORT_FORMATS)}, not {fmt!r}.")
    with Progress() as progress:
        task = progress.add_task("exporting", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        rows = asyncio.run(_using_db(lambda db: export_analytic_log(db, out, fmt, advance)))
    typer.echo(f"{rows} rows written to {out}")


@app.command()
def report(
    by: str = typer.Option("policy_field", help="Up to three dimensions, comma-separated: " + _DIMENSIONS),
    k: int = typer.Option(10, help="Cells counting 1 to k-1 are hidden."),
    chart: Path | None = typer.Option(None, help="Also write the table as an SVG chart."),
) -> None:
    """Aggregate the anonymised case log with small-cell suppression."""
    from storage.exports import build_report

    dims = [d.strip() for d in by.split(",") if d.strip()]
    try:
        result = asyncio.run(_using_db(lambda db: build_report(db, dims, k)))
    except ValueError as exc:
        _fail(str(exc))
        raise
    typer.echo(result.to_text())
    if chart is not None:
        chart.write_text(result.to_svg(), encoding="utf-8")
        typer.echo(f"chart written to {chart}")


@app.command()
def scrub(lang: str | None = typer.Option(None, help="Language of the text, when known (e.g. vi).")) -> None:
    """Remove personal data from text: one message per line on standard input, scrubbed lines on standard output."""
    from storage.scrubber import scrub_personal_data

    for line in sys.stdin:
        typer.echo(scrub_personal_data(line.rstrip("\n"), lang))


@app.command("rotate-key")
def rotate_key() -> None:
    """Move contacts and the analytic log from HOTLINE_PSEUDONYM_KEY_PREVIOUS to HOTLINE_PSEUDONYM_KEY.

    Set the new key in HOTLINE_PSEUDONYM_KEY, the old one in HOTLINE_PSEUDONYM_KEY_PREVIOUS and raise
    HOTLINE_PSEUDONYM_KEY_VERSION; run this once; then the old key can be destroyed.
    """
    from storage.analytics import rotate_pseudonyms

    settings = _settings()
    old = settings.previous_pseudonym_key_bytes()
    if old is None:
        _fail("HOTLINE_PSEUDONYM_KEY_PREVIOUS must hold the old key to rotate from.")
        raise typer.Exit(2)
    new = settings.pseudonym_key_bytes()

    async def run(db: Database) -> object:
        async with db.transaction() as session:
            return await rotate_pseudonyms(session, old, new, settings.pseudonym_key_version)

    typer.echo(f"rotated: {asyncio.run(_using_db(run))}")


@app.command()
def erase(reference: str = typer.Argument(..., help="A case number (AB-2345) or a contact key.")) -> None:
    """Erase a person's data on a request received outside the chat; their supporters are told they left."""
    from handlers.erasure import erase_on_request
    from storage.analytics import Erasure

    settings = _settings()
    keys = tuple(k for k in (settings.pseudonym_key_bytes(), settings.previous_pseudonym_key_bytes()) if k)

    async def run(db: Database) -> Erasure:
        async with db.transaction() as session:
            return await erase_on_request(session, reference, keys, dt.datetime.now(dt.UTC))

    try:
        result = asyncio.run(_using_db(run))
    except LookupError:
        _fail(f"nobody matches {reference}.")
    told = len(dict.fromkeys(result.helpers))
    typer.echo(f"erased: {result.cases} case(s), {result.analytic_rows} analytic row(s); {told} supporter(s) told")


# --- coordinators' accounts at the desk (`hotline coordinators ...`) -----------------------------------

coordinators_app = typer.Typer(help="Coordinators' accounts at the desk (/dashboard).", no_args_is_help=True)
app.add_typer(coordinators_app, name="coordinators")


@coordinators_app.command("add")
def coordinators_add(
    name: str = typer.Option(..., "--name", help="The coordinator's name, as the audit log will show it."),
    role: str = typer.Option("coordinator", "--role", help="coordinator, or admin (also manages coordinators)."),
) -> None:
    """Open an account and print a one-time sign-in link (valid 24 hours)."""
    from storage.coordinators import CoordinatorError, CoordinatorRole, add_coordinator, issue_sign_in_link

    if role not in {r.value for r in CoordinatorRole}:
        _fail("--role must be coordinator or admin.")
    settings = _settings()
    now = dt.datetime.now(dt.UTC)

    async def run(db: Database) -> str:
        async with db.transaction() as session:
            coordinator = await add_coordinator(session, name, CoordinatorRole(role), now)
            return await issue_sign_in_link(session, coordinator.id, now)

    try:
        token = asyncio.run(_using_db(run))
    except CoordinatorError as exc:
        _fail(str(exc))
        raise
    typer.echo(f"{settings.desk_url()}/dashboard/signin/{token}")


@coordinators_app.command("link")
def coordinators_link(name: str = typer.Option(..., "--name", help="The coordinator's name.")) -> None:
    """Print a new one-time sign-in link for an existing coordinator."""
    from storage.coordinators import BREAK_GLASS_NAME, coordinator_named, issue_sign_in_link

    settings = _settings()
    now = dt.datetime.now(dt.UTC)

    async def run(db: Database) -> str | None:
        async with db.transaction() as session:
            coordinator = await coordinator_named(session, name)
            if coordinator is None or coordinator.disabled or coordinator.name == BREAK_GLASS_NAME:
                return None
            return await issue_sign_in_link(session, coordinator.id, now)

    token = asyncio.run(_using_db(run))
    if token is None:
        _fail(f"There is no coordinator named {name}.")
    typer.echo(f"{settings.desk_url()}/dashboard/signin/{token}")


# --- what coordinators list at the terminal ------------------------------------------------------------------

TOKYO = ZoneInfo("Asia/Tokyo")


async def _reading(db: Database, read: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async with db.sessions() as session:
        try:
            return await read(session)
        finally:
            await session.rollback()


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, counting wide (CJK) characters as two."""
    from rich.cells import cell_len

    widths = [max([cell_len(h), *(cell_len(row[i]) for row in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell + " " * (width - cell_len(cell)) for cell, width in zip(cells, widths, strict=True))

    return "\n".join(line(cells).rstrip() for cells in [headers, ["-" * w for w in widths], *rows])


def _tokyo_time(moment: dt.datetime) -> str:
    return moment.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M")


def _duration(span: dt.timedelta) -> str:
    minutes = max(int(span.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d{hours:02d}h"
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"


def _first_reply(case: CaseListing, now: dt.datetime) -> str:
    if case.first_response_at is not None:
        return f"answered after {_duration(case.first_response_at - case.created_at)}"
    return "none" if case.status == CaseStatus.CLOSED else f"waiting {_duration(now - case.created_at)}"


@supporters_app.command("list")
def supporters_list() -> None:
    """Supporters by alias: channel, languages (level 1-3), hubs, open cases of their capacity, state."""
    from storage.listings import list_supporters

    supporters = asyncio.run(_using_db(lambda db: _reading(db, list_supporters)))
    if not supporters:
        typer.echo("No supporters yet: issue an invite code with `hotline supporters invite --hub CODE`.")
        return
    rows = []
    for s in supporters:
        state = "paused" if s.paused else ("available" if s.available else "on shifts")
        roles = ", ".join(
            role for role, held in (("coordinator", s.coordinator), ("interpreter", s.interpreter)) if held
        )
        rows.append(
            [
                str(s.supporter_id),
                s.alias,
                s.channel or "—",
                " ".join(f"{code}:{level}" for code, level in s.languages) or "—",
                ",".join(s.hubs) or "—",
                ",".join(s.topics) or "all",
                f"{s.open_cases}/{s.capacity}",
                state,
                roles,
            ]
        )
    headers = ["id", "alias", "channel", "languages", "hubs", "topics", "cases", "state", "roles"]
    typer.echo(_table(headers, rows))


@days_app.command("list")
def days_list() -> None:
    """Consultation days, latest first: when (Tokyo time), hubs, languages, status, announcement, shifts."""
    from storage.listings import list_days

    days = asyncio.run(_using_db(lambda db: _reading(db, list_days)))
    if not days:
        typer.echo("No consultation days yet: plan one with `hotline days create`.")
        return
    rows = [
        [
            str(d.day_id),
            d.title,
            f"{_tokyo_time(d.starts_at)}-{d.ends_at.astimezone(TOKYO):%H:%M}",
            ",".join(d.hubs) or "all",
            ",".join(d.languages) or "all",
            d.status,
            _tokyo_time(d.announced_at) if d.announced_at else "not yet",
            str(len(d.shifts)),
        ]
        for d in days
    ]
    headers = ["id", "title", "when (Tokyo)", "hubs", "languages", "status", "announced", "shifts"]
    typer.echo(_table(headers, rows))


@cases_app.command("list")
def cases_list(
    open_only: bool = typer.Option(False, "--open", help="Only cases not closed yet, urgent first, oldest first."),
    limit: int = typer.Option(200, help="At most this many cases."),
) -> None:
    """Cases by number, with coded facts only: status, urgency, language, hub, topic, waits, supporter alias."""
    from storage.listings import list_cases

    now = dt.datetime.now(dt.UTC)
    cases = asyncio.run(_using_db(lambda db: _reading(db, lambda s: list_cases(s, open_only=open_only, limit=limit))))
    if not cases:
        typer.echo("No open cases." if open_only else "No cases yet.")
        return
    rows = [
        [
            c.number,
            c.status,
            "URGENT" if c.urgent else "",
            c.language,
            c.hub or "—",
            c.topic,
            c.channel,
            _tokyo_time(c.created_at),
            _first_reply(c, now),
            c.supporter or "—",
        ]
        for c in cases
    ]
    headers = [
        "case",
        "status",
        "urgent",
        "language",
        "hub",
        "topic",
        "channel",
        "submitted",
        "first reply",
        "supporter",
    ]
    typer.echo(_table(headers, rows))


if __name__ == "__main__":
    app()
