"""The hand-written held-out sets by outside writers stay measures worth reporting.

Every language the hotline speaks, labels that are real spans of their message, only the kinds the report counts,
and no value labelled both to remove and to keep.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.scrub_eval.sets import (
    HANDWRITTEN_B_PATH,
    HANDWRITTEN_C_PATH,
    HANDWRITTEN_D_PATH,
    HANDWRITTEN_E_PATH,
    HANDWRITTEN_G_PATH,
    handwritten_cases,
)
from handlers.language import SUPPORTED_LOCALES

PERSONAL_KINDS = {
    "NAME",
    "EMPLOYER",
    "ADDRESS",
    "PHONE",
    "EMAIL",
    "HANDLE",
    "MY_NUMBER",
    "RESIDENCE_CARD",
    "PASSPORT",
    "BANK_ACCOUNT",
    "POSTAL_CODE",
    "BIRTH_DATE",
    "FOREIGN_ID",
}
FACT_KINDS = {"PLACE", "AMOUNT", "DATE"}

# (set, fewest messages in any language, fewest messages in all)
HELD_OUT_SETS = [
    pytest.param(HANDWRITTEN_B_PATH, 10, 150, id="heldout-b"),
    pytest.param(HANDWRITTEN_C_PATH, 11, 165, id="heldout-c"),
    pytest.param(HANDWRITTEN_D_PATH, 14, 210, id="heldout-d"),
    pytest.param(HANDWRITTEN_E_PATH, 20, 300, id="outside-e"),
]


@pytest.mark.parametrize(("path", "per_language_floor", "total_floor"), HELD_OUT_SETS)
def test_every_language_the_hotline_speaks_has_enough_messages(
    path: Path, per_language_floor: int, total_floor: int
) -> None:
    cases = handwritten_cases(path)  # raises on a label that is not a span of its message
    per_language = Counter(case.lang for case in cases)
    assert set(per_language) == set(SUPPORTED_LOCALES)
    assert min(per_language.values()) >= per_language_floor
    assert len(cases) >= total_floor


# A set for the scripts the others showed weakest: seven languages, 25 messages each.
SCRIPT_SETS = [pytest.param(HANDWRITTEN_G_PATH, 25, 175, id="g")]
SCRIPT_SET_LANGUAGES = {"km", "my", "th", "si", "ne", "ko", "ja_easy"}


@pytest.mark.parametrize(("path", "per_language_floor", "total_floor"), SCRIPT_SETS)
def test_the_script_set_covers_its_seven_languages(path: Path, per_language_floor: int, total_floor: int) -> None:
    cases = handwritten_cases(path)  # raises on a label that is not a span of its message
    per_language = Counter(case.lang for case in cases)
    assert set(per_language) == SCRIPT_SET_LANGUAGES
    assert min(per_language.values()) >= per_language_floor
    assert len(cases) >= total_floor


@pytest.mark.parametrize(("path", "per_language_floor", "total_floor"), HELD_OUT_SETS + SCRIPT_SETS)
def test_labels_use_only_the_kinds_the_report_counts(path: Path, per_language_floor: int, total_floor: int) -> None:
    cases = handwritten_cases(path)
    assert {kind for case in cases for kind, _ in case.pii} <= PERSONAL_KINDS
    assert {kind for case in cases for kind in case.fact_kinds} == FACT_KINDS


@pytest.mark.parametrize(
    "path",
    [HANDWRITTEN_C_PATH, HANDWRITTEN_D_PATH, HANDWRITTEN_E_PATH, HANDWRITTEN_G_PATH],
    ids=["heldout-c", "heldout-d", "outside-e", "g"],
)
def test_no_value_of_the_outside_sets_is_both_removed_and_kept(path: Path) -> None:
    # A name inside a kept place (or the reverse) could never score both ways: the set would punish any scrubber.
    # A place also said on its own elsewhere in the message ("Kobe Foods ... Chuo-ku, Kobe") scores both ways.
    for case in handwritten_cases(path):
        for _, removed in case.pii:
            for kept in case.facts:
                assert removed not in kept, (case.lang, removed, kept)
                assert kept not in removed or kept in case.text.replace(removed, " "), (case.lang, removed, kept)
