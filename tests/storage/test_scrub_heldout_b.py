"""The second hand-written held-out set stays a measure worth reporting: every language, real spans, known kinds."""

from __future__ import annotations

from collections import Counter

from bench.scrub_eval.sets import HANDWRITTEN_B_PATH, handwritten_cases
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


def test_every_language_the_hotline_speaks_has_at_least_ten_messages() -> None:
    cases = handwritten_cases(HANDWRITTEN_B_PATH)  # raises on a label that is not a span of its message
    per_language = Counter(case.lang for case in cases)
    assert set(per_language) == set(SUPPORTED_LOCALES)
    assert min(per_language.values()) >= 10
    assert len(cases) >= 150


def test_labels_use_only_the_kinds_the_report_counts() -> None:
    cases = handwritten_cases(HANDWRITTEN_B_PATH)
    assert {kind for case in cases for kind, _ in case.pii} <= PERSONAL_KINDS
    assert {kind for case in cases for kind in case.fact_kinds} == FACT_KINDS
