"""The hook that writes a closed case into the anonymised case log, in the same transaction as the close."""

from __future__ import annotations

from handlers.context import Turn
from storage.analytics import record_case
from storage.models import Case, Contact


async def record_closed_case(turn: Turn, case: Case) -> None:
    """Record the case in the analytic log; consent is the person's answer at intake, read now."""
    if (case.outcome or {}).get("erased"):
        return
    contact = await turn.session.get(Contact, case.contact_id) if case.contact_id is not None else None
    consented = contact is not None and contact.consent == "given"
    key_version = turn.services.pseudonym_key_version
    await record_case(
        turn.session,
        case,
        contact.id if contact is not None else None,
        turn.services.pseudonym_key,
        key_version,
        consented,
        turn.now,
    )
