"""A supporter's desk state is typed, survives the JSON column, and leaves other flows' keys alone."""

from __future__ import annotations

from handlers.desk import DeskState, Draft, Outcome


def test_the_desk_round_trips_through_json_and_keeps_other_keys() -> None:
    state = DeskState(
        reply_case=3,
        aid_case=3,
        outcome=Outcome(policy_fields=("labour",), actions=("emergency_aid",), aid_category="food"),
        draft=Draft(4, "あした 電話します"),
        other={"choosing_language": True},
    )
    stored = state.to_json()
    assert stored["choosing_language"] is True
    assert stored["outcome"] == {"policy_fields": ["labour"], "actions": ["emergency_aid"], "aid_category": "food"}
    assert DeskState.from_json(stored) == state


def test_rows_written_before_typed_state_are_read() -> None:
    old = {"reply_case": 7, "note_case": None, "pending_text": "", "outcome": {"policy_fields": []}, "draft": None}
    state = DeskState.from_json(old)
    assert state == DeskState(reply_case=7, outcome=Outcome())
    assert Outcome().toggled("women").toggled("labour").toggled("women").policy_fields == ("labour",)
