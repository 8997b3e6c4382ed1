"""What the bot remembers between a person's messages: the flow, its step and a typed state, kept in `conversations`.

The row's `data` column is JSON; this module and `handlers/desk.py` (a supporter's desk) are the only places that
read or write its keys. Each flow's state is a frozen value with `from_json`/`to_json`; keys it does not know are kept
in `other`, so a row written by another flow (or by an older version of the bot) reads and writes back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from storage.models import Conversation


class Flow(StrEnum):
    """The conversation a person is in; stored as its value in `conversations.flow`."""

    INTAKE = "intake"  # a migrant telling us what they need (language, consent, answers, question)
    JOIN = "join"  # a would-be supporter who sent /join without a code: the next text is the code
    SUPPORTER = "supporter"  # a registered supporter at their desk
    CASE = "case"  # a migrant whose consultation has been sent


@dataclass(frozen=True)
class IntakeState:
    """A migrant's answers so far, and where the intake stands."""

    urgency: str | None = None
    prefecture: int | None = None
    hub: str | None = None
    topic: str | None = None
    question: tuple[str, ...] = ()  # the messages of their question, in order
    media: tuple[int, ...] = ()  # ids of the files they sent with it
    editing: bool = False  # correcting one answer: after it, back to the summary
    reopen_text: str | None = None  # written after a closed case, held while they choose to reopen it or not
    other: Mapping[str, Any] = field(default_factory=dict)  # keys of other flows sharing the row, kept as they are

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IntakeState:
        prefecture = data.get("prefecture")
        if isinstance(prefecture, str) and prefecture.isdigit():
            prefecture = int(prefecture)
        reopen_text = data.get("reopen_text")
        return cls(
            urgency=_str(data.get("urgency")),
            prefecture=prefecture if isinstance(prefecture, int) and not isinstance(prefecture, bool) else None,
            hub=_str(data.get("hub")),
            topic=_str(data.get("topic")),
            question=tuple(str(part) for part in data.get("question") or ()),
            media=tuple(int(i) for i in data.get("media") or () if isinstance(i, int) and not isinstance(i, bool)),
            editing=bool(data.get("editing")),
            reopen_text=str(reopen_text) if reopen_text is not None else None,
            other={k: v for k, v in data.items() if k not in _INTAKE_KEYS},
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.other)
        for key in ("urgency", "prefecture", "hub", "topic", "reopen_text"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.question:
            data["question"] = list(self.question)
        if self.media:
            data["media"] = list(self.media)
        if self.editing:
            data["editing"] = True
        return data


_INTAKE_KEYS = frozenset({"urgency", "prefecture", "hub", "topic", "question", "media", "editing", "reopen_text"})
_CHOOSING_LANGUAGE = "choosing_language"  # after /language, the next text may name a language (any flow)


def _str(value: object) -> str | None:
    return str(value) if isinstance(value, str) and value else None


def _data(conversation: Conversation) -> Mapping[str, Any]:
    data = conversation.data
    return data if isinstance(data, Mapping) else {}


def intake_of(conversation: Conversation) -> IntakeState:
    return IntakeState.from_json(_data(conversation))


def keep_intake(conversation: Conversation, state: IntakeState, step: str | None = None) -> None:
    """Store `state`; with `step`, the conversation is in the intake at that step."""
    # Only what changes is assigned: a row assigned anything is flushed (compared column by column) before each
    # later query of the transaction, even when nothing changed.
    if step is not None and (conversation.flow != Flow.INTAKE or conversation.step != step):
        conversation.flow, conversation.step = Flow.INTAKE, step
    data = state.to_json()
    if data != conversation.data:
        conversation.data = data  # JSON columns are not mutation-tracked: always a new dict, never changed in place


def start_intake(conversation: Conversation, state: IntakeState | None = None) -> None:
    """A fresh intake (nothing of any earlier flow kept), or one that starts from `state`."""
    keep_intake(conversation, state or IntakeState(), step="start")


def await_invite_code(conversation: Conversation) -> None:
    conversation.flow, conversation.step, conversation.data = Flow.JOIN, "code", {}


def awaits_invite_code(conversation: Conversation) -> bool:
    return conversation.flow == Flow.JOIN


def start_desk(conversation: Conversation) -> None:
    """A new supporter's conversation: their desk, empty."""
    conversation.flow, conversation.step, conversation.data = Flow.SUPPORTER, "profile", {}


def start_case(conversation: Conversation, case_id: int) -> None:
    """The intake has become case `case_id`: its answers are in the case now."""
    conversation.flow, conversation.step, conversation.data = Flow.CASE, "waiting", {"case_id": case_id}


def choosing_language(conversation: Conversation) -> bool:
    return bool(_data(conversation).get(_CHOOSING_LANGUAGE))


def set_choosing_language(conversation: Conversation, choosing: bool) -> None:
    conversation.data = {**_data(conversation), _CHOOSING_LANGUAGE: choosing}
