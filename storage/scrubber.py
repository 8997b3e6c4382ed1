"""Personal-data scrubber: what enters the analytic log or a log line passes through here first.

Rule-based and model-free on purpose: it runs on every log line, in all 15 hotline languages.
Amounts, hours, dates of events, prefectures and nationalities stay, because policy work needs them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from storage.scrubbing.detectors import DETECTORS
from storage.scrubbing.japanese import find_places
from storage.scrubbing.patterns import lower_same_length

ENTITY_KINDS: tuple[str, ...] = (
    "PHONE",
    "EMAIL",
    "URL",
    "HANDLE",
    "RESIDENCE_CARD",
    "PASSPORT",
    "MY_NUMBER",
    "FOREIGN_ID",
    "BANK_ACCOUNT",
    "POSTAL_CODE",
    "ADDRESS",
    "BIRTH_DATE",
    "NAME",
    "EMPLOYER",
)
# When findings overlap, the merged span takes the most specific kind.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        (
            "MY_NUMBER",
            "RESIDENCE_CARD",
            "PASSPORT",
            "FOREIGN_ID",
            "BANK_ACCOUNT",
            "EMAIL",
            "PHONE",
            "URL",
            "HANDLE",
            "POSTAL_CODE",
            "BIRTH_DATE",
            "ADDRESS",
            "STREET",
            "EMPLOYER",
            "WORKPLACE",
            "NAME",
        )
    )
}


@dataclass(frozen=True)
class Finding:
    """A piece of personal data: its kind and where it sits in the normalised text."""

    kind: str
    start: int
    end: int


class ScrubFailed(Exception):
    """The input could not be scrubbed; the caller must then store no free text at all."""


_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\u2043\u02d7\ufe58\ufe63\u2e3a\u2e3b\u4e00"
_DASH_BETWEEN_DIGITS = re.compile(rf"(?<=\d)[{_DASHES}](?=\d)")
_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(ENTITY_KINDS) + r")\]")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")


def normalise(text: str) -> str:
    """NFKC, every decimal digit as ASCII, dash-like characters between digits as "-"."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    text = _INVISIBLE.sub("", text)
    text = _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
    return _DASH_BETWEEN_DIGITS.sub("-", text)


def find_personal_data(text: str, lang: str | None = None) -> list[Finding]:
    """Personal data in already normalised text, as non-overlapping findings sorted by position.

    `lang` is a hint only: every language's cues are always tried, because people mix languages.
    """
    # Placeholders from an earlier pass are masked, so scrubbing twice changes nothing more.
    masked = _PLACEHOLDER.sub(lambda m: "\0" * len(m.group()), text) if "[" in text else text
    lower = lower_same_length(masked)
    present: dict[re.Pattern[str], bool] = {}  # what the detectors need, each looked for once
    found: list[tuple[int, int, str]] = []
    for detector in DETECTORS:
        if detector.needs is not None:
            if detector.needs not in present:
                present[detector.needs] = detector.needs.search(masked) is not None
            if not present[detector.needs]:
                continue
        found.extend((start, end, kind) for kind, start, end in detector.find(masked, lower))
    # Towns are looked for only where a detector that reads words found something: most messages have none.
    regions: list[tuple[int, int]] = []
    for start, end in sorted((start, end) for start, end, kind in found if kind in _WORD_KINDS):
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], end))
        else:
            regions.append((start, end))
    if regions:
        places = sorted(find_places(masked, lower, regions))
        found = [_around_places(start, end, kind, places) for start, end, kind in found]
    merged: list[tuple[int, int, str]] = []  # (start, end, kind): Findings are made once, at the end
    for start, end, kind in sorted(found):
        while start < end and masked[start] in "\0 \t":
            start += 1
        while end > start and masked[end - 1] in "\0 \t":
            end -= 1
        if end <= start:
            continue
        if merged and start < merged[-1][1]:
            last_start, last_end, last_kind = merged[-1]
            best = kind if _PRIORITY[kind] < _PRIORITY[last_kind] else last_kind
            merged[-1] = (last_start, max(last_end, end), best)
        else:
            merged.append((start, end, kind))
    return [Finding(kind=_SHOWN_AS.get(kind, kind), start=start, end=end) for start, end, kind in merged]


# Kinds detectors use among themselves, and the kind they are shown as. A workplace named by where it sits in the
# sentence ("Green Leaf") or a street written apart from its municipality ("浜松市中区 砂山町 350-6") is not cut around
# a town of the same name, as an EMPLOYER or ADDRESS found by its words is.
_SHOWN_AS = {"WORKPLACE": "EMPLOYER", "STREET": "ADDRESS"}


# Kinds whose detectors read words, and so may take a town for a name or swallow it into an address.
_WORD_KINDS = frozenset({"NAME", "EMPLOYER", "ADDRESS", "HANDLE"})


def _around_places(start: int, end: int, kind: str, places: list[tuple[int, int]]) -> tuple[int, int, str]:
    """The finding without the municipalities and prefectures it covers: those are facts to keep."""
    if kind not in _WORD_KINDS:
        return start, end, kind
    for p_start, p_end in places:
        if p_end <= start or p_start >= end:
            continue
        if p_start <= start and end <= p_end:
            return start, start, kind  # the whole finding is a place
        if kind == "HANDLE":
            continue  # "lihua_osaka88": a town inside an account name is part of the account
        if p_start > start:
            end = p_start
        else:
            start = p_end
    if end - start == 1 and kind == "EMPLOYER":
        return start, start, kind  # "千叶县的食品厂": what is left beside the place is a particle, not a name
    return start, end, kind


def scrub_personal_data(text: str, lang: str | None = None) -> str:
    """Normalise the text and replace each piece of personal data with a typed placeholder like "[PHONE]".

    A My Number becomes "[MY_NUMBER]": its digits are gone, never hashed. Raises ScrubFailed when the
    input is not text.
    """
    if not isinstance(text, str):
        raise ScrubFailed(f"cannot scrub a {type(text).__name__}")
    try:
        clean = normalise(text)
        pieces: list[str] = []
        cursor = 0
        for finding in find_personal_data(clean, lang):
            pieces.append(clean[cursor : finding.start])
            pieces.append(f"[{finding.kind}]")
            cursor = finding.end
        pieces.append(clean[cursor:])
    except (ValueError, TypeError, RecursionError) as exc:
        raise ScrubFailed(str(exc)) from exc
    return "".join(pieces)


def scrub_or_none(text: str | None, lang: str | None = None) -> str | None:
    """The scrubbed text, or None when there is none or scrubbing failed. Never raises."""
    if text is None:
        return None
    try:
        return scrub_personal_data(text, lang)
    except Exception:
        return None
