"""What the bot remembers between a supporter's messages: typed, and kept as JSON in `Conversation.data`.

A supporter's chat is their desk: which case their next message goes to, a note or an aid amount the bot asked
for, the outcome of a case being closed, a message waiting for its case to be chosen, an easy-Japanese draft.
Each is a field of `DeskState`; nothing else is read from or written to the free dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from handlers.context import Turn
from storage.contacts import conversation_of


@dataclass(frozen=True)
class Outcome:
    """What a supporter records when closing a case (the analytic log reads these keys)."""

    policy_fields: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    aid_category: str | None = None
    aid_yen: int | None = None
    continued: bool | None = None

    def toggled(self, policy_field: str) -> Outcome:
        fields = self.policy_fields
        chosen = tuple(f for f in fields if f != policy_field) if policy_field in fields else (*fields, policy_field)
        return replace(self, policy_fields=chosen)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"policy_fields": list(self.policy_fields)}
        if self.actions:
            data["actions"] = list(self.actions)
        for key in ("aid_category", "aid_yen", "continued"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Outcome:
        aid_yen = data.get("aid_yen")
        continued = data.get("continued")
        return cls(
            policy_fields=tuple(str(f) for f in data.get("policy_fields") or ()),
            actions=tuple(str(a) for a in data.get("actions") or ()),
            aid_category=str(data["aid_category"]) if data.get("aid_category") else None,
            aid_yen=int(aid_yen) if isinstance(aid_yen, int) else None,
            continued=bool(continued) if continued is not None else None,
        )


@dataclass(frozen=True)
class Draft:
    """A reply to an easy-Japanese case, held until the supporter chooses how to send it."""

    case_id: int
    text: str


@dataclass(frozen=True)
class DeskState:
    reply_case: int | None = None  # the case a supporter with several answers by default
    note_case: int | None = None  # the next text is a note for this case
    aid_case: int | None = None  # the next text is the emergency aid amount for this case
    outcome: Outcome | None = None  # the close flow in progress
    pending_text: str | None = None  # a message waiting for its case to be chosen
    draft: Draft | None = None
    other: Mapping[str, Any] = field(default_factory=dict)  # keys of other flows sharing the row, kept as they are

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DeskState:
        outcome = data.get("outcome")
        draft = data.get("draft")
        return cls(
            reply_case=_int(data.get("reply_case")),
            note_case=_int(data.get("note_case")),
            aid_case=_int(data.get("aid_case")),
            outcome=Outcome.from_json(outcome) if isinstance(outcome, Mapping) else None,
            pending_text=str(data["pending_text"]) if data.get("pending_text") else None,
            draft=(
                Draft(int(draft["case_id"]), str(draft["text"]))
                if isinstance(draft, Mapping) and _int(draft.get("case_id")) is not None and draft.get("text")
                else None
            ),
            other={k: v for k, v in data.items() if k not in _KEYS},
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.other)
        for key in ("reply_case", "note_case", "aid_case", "pending_text"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.outcome is not None:
            data["outcome"] = self.outcome.to_json()
        if self.draft is not None:
            data["draft"] = asdict(self.draft)
        return data


_KEYS = frozenset({"reply_case", "note_case", "aid_case", "outcome", "pending_text", "draft"})


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


async def desk_of(turn: Turn) -> DeskState:
    """The desk of the supporter who wrote."""
    conversation = await conversation_of(turn.session, turn.contact)
    return DeskState.from_json(conversation.data or {})


async def keep(turn: Turn, state: DeskState) -> None:
    """Store the desk of the supporter who wrote."""
    conversation = await conversation_of(turn.session, turn.contact)
    conversation.data = state.to_json()


async def change(turn: Turn, **changes: Any) -> DeskState:
    """Change some fields of the desk and store it; returns the new state."""
    state = replace(await desk_of(turn), **changes)
    await keep(turn, state)
    return state
