"""Messages that many turns of one transaction queue, written to the outbox together: one INSERT for a batch.

The inbox worker runs many events in one transaction; their messages (`storage.outbox.outbox_row` values) are
kept in the session (`queue`) and written when the batch is done (`write_queued`), in the order they were
queued. Anything else the session does first writes what is queued, so that nothing reads, changes or adds to
the outbox without them: an ORM statement (`session.execute`, `scalars`, a `get` that misses) and a flush that
adds outbox rows write the queue before they run. A statement run on the session's connection directly (Core)
does not, so none of those may touch the outbox. `discard_queued` forgets the queue when the work that queued
it is rolled back.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from storage.db import sqlite_connection, sqlite_time
from storage.models import OutboxMessage

_QUEUED = "hotline_queued_messages"  # session.info key: the rows not yet written, in order


def queue(session: AsyncSession, row: dict[str, Any]) -> None:
    """Keep a message to be written with the others of the transaction."""
    session.info.setdefault(_QUEUED, []).append(row)


async def write_queued(session: AsyncSession) -> None:
    """Write the queued messages now, in one INSERT."""
    rows = session.info.get(_QUEUED)
    if not rows:
        return
    sqlite = await sqlite_connection(session)
    if sqlite is not None and all(row.keys() == _SQLITE_KEYS for row in rows):
        # storage.outbox.outbox_row's values, straight to sqlite3 (see storage.db.sqlite_connection).
        session.info.pop(_QUEUED)
        sqlite.executemany(_SQLITE_INSERT, [_sqlite_values(row) for row in rows])
    else:
        await session.run_sync(_write)


_SQLITE_COLUMNS = (
    "contact_id",
    "body",
    "reply_token",
    "reply_token_expires_at",
    "retry_key",
    "status",
    "priority",
    "repeatable",
    "attempts",
    "next_attempt_at",
    "created_at",
)
_SQLITE_KEYS = frozenset(_SQLITE_COLUMNS)
_SQLITE_INSERT = f"INSERT INTO outbox ({', '.join(_SQLITE_COLUMNS)}) VALUES ({', '.join('?' * len(_SQLITE_COLUMNS))})"  # noqa: S608


def _sqlite_values(row: dict[str, Any]) -> tuple[Any, ...]:
    expires = row["reply_token_expires_at"]
    return (
        row["contact_id"],
        json.dumps(row["body"]),  # as SQLAlchemy's JSON type writes it
        row["reply_token"],
        None if expires is None else sqlite_time(expires),
        row["retry_key"],
        row["status"],
        row["priority"],
        1 if row["repeatable"] else 0,
        row["attempts"],
        sqlite_time(row["next_attempt_at"]),
        sqlite_time(row["created_at"]),
    )


def discard_queued(session: AsyncSession) -> None:
    """Forget the queued messages: the work that queued them was rolled back."""
    session.info.pop(_QUEUED, None)


_INSERT = insert(OutboxMessage)


def _write(session: Session) -> None:
    rows = session.info.pop(_QUEUED, None)
    if rows:
        session.connection().execute(_INSERT, rows)


@event.listens_for(Session, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    if state.session.info.get(_QUEUED):
        _write(state.session)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(_QUEUED) and any(isinstance(row, OutboxMessage) for row in session.new):
        _write(session)
