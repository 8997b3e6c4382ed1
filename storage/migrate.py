"""Schema migrations (Alembic), run by `hotline db upgrade` and checked against the models by the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, inspect

from storage.db import Database, normalise_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision` (synchronous: call it outside a running event loop)."""
    command.upgrade(alembic_config(url), revision)


def make_revision(url: str, message: str) -> None:
    command.revision(alembic_config(url), message=message, autogenerate=True)


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands against the migrations of this code."""

    revision: str | None  # the database's Alembic revision, None when it has none
    head: str  # the newest revision this code knows
    known: bool  # the database's revision is one of ours (False: written by newer code)
    has_tables: bool  # any of our tables exist (created without migrations when revision is None)

    @property
    def current(self) -> bool:
        return self.revision == self.head

    @property
    def empty(self) -> bool:
        return self.revision is None and not self.has_tables


def _read_state(connection: Connection, scripts: ScriptDirectory) -> SchemaState:
    revision = MigrationContext.configure(connection).get_current_revision()
    head = scripts.get_current_head()
    if head is None:  # a packaging error, not a user's mistake
        raise RuntimeError(f"no migration found in {MIGRATIONS}")
    known = True
    if revision is not None:
        try:
            scripts.get_revision(revision)
        except CommandError:
            known = False
    tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    return SchemaState(revision=revision, head=head, known=known, has_tables=bool(tables))


async def schema_state(db: Database) -> SchemaState:
    """Read the database's revision and compare it with the migrations shipped with this code."""
    scripts = ScriptDirectory(str(MIGRATIONS))
    async with db.engine.connect() as connection:
        return await connection.run_sync(_read_state, scripts)
