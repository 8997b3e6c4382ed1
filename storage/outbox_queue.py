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

from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from storage.models import OutboxMessage

_QUEUED = "hotline_queued_messages"  # session.info key: the rows not yet written, in order


def queue(session: AsyncSession, row: dict[str, Any]) -> None:
    """Keep a message to be written with the others of the transaction."""
    session.info.setdefault(_QUEUED, []).append(row)


async def write_queued(session: AsyncSession) -> None:
    """Write the queued messages now, in one INSERT."""
    if session.info.get(_QUEUED):
        await session.run_sync(_write)


def discard_queued(session: AsyncSession) -> None:
    """Forget the queued messages: the work that queued them was rolled back."""
    session.info.pop(_QUEUED, None)


def _write(session: Session) -> None:
    rows = session.info.pop(_QUEUED, None)
    if rows:
        session.connection().execute(insert(OutboxMessage), rows)


@event.listens_for(Session, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    if state.session.info.get(_QUEUED):
        _write(state.session)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(_QUEUED) and any(isinstance(row, OutboxMessage) for row in session.new):
        _write(session)
