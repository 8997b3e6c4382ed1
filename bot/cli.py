"""The `hotline` command."""

from __future__ import annotations

import asyncio
import base64
import secrets
from pathlib import Path

import typer

from bot.settings import ConfigError, Settings, load_settings

app = typer.Typer(
    help="Multilingual consultation hotline for migrants in Japan (LINE and Telegram).", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
telegram_app = typer.Typer(help="Telegram bot set-up.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(telegram_app, name="telegram")


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


@app.command()
def serve(
    host: str = typer.Option(None, help="Address to listen on (default HOTLINE_HOST)."),
    port: int = typer.Option(None, help="Port to listen on (default HOTLINE_PORT)."),
) -> None:
    """Serve the webhooks (POST /webhooks/line, /webhooks/telegram) and GET /healthz."""
    import uvicorn

    from bot.app import create_app
    from bot.logging import configure_logging

    settings = _settings()
    try:
        settings.validate_for_serving()
        asyncio.run(_check_database(settings.database_url))
    except ConfigError as exc:
        _fail(str(exc))
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_level=settings.log_level,
        proxy_headers=True,
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


@app.command()
def demo(
    script: bool = typer.Option(False, "--script", help="Play the scripted consultation without prompts."),
    database: Path = typer.Option(Path("var/demo.db"), help="SQLite file for the demo (recreated)."),
) -> None:
    """Run the hotline on a fresh SQLite database with a seeded network and show a consultation."""
    from bot.demo import fresh_database_file, run_demo

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
    from bot.channels.telegram import set_webhook

    settings = _settings()
    if not settings.telegram_token or not settings.telegram_webhook_secret:
        _fail("HOTLINE_TELEGRAM_TOKEN and HOTLINE_TELEGRAM_WEBHOOK_SECRET must be set to register the webhook.")
    asyncio.run(set_webhook(settings, url))
    typer.echo("webhook registered")


if __name__ == "__main__":
    app()
