"""Recall and fact retention of a scrubber over the planted test set; shared by the tests and bench.scrub."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.scrubber import normalise, scrub_personal_data

CASES_PATH = Path(__file__).resolve().parents[1] / "data" / "scrub_cases.json"

Scrub = Callable[[str, str | None], str]

# Scripts written with spaces between words: a surviving word must match a whole output word.
_SPACED_WORD = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ\u0300-\u036f'’]+")
_PIECES = re.compile(r"\d+|[^\s\d.,:;/()\-・]+")


@dataclass(frozen=True)
class Case:
    lang: str
    text: str
    pii: tuple[tuple[str, str], ...]
    facts: tuple[str, ...]
    fact_kinds: tuple[str, ...] = ()  # the kind of each fact (AMOUNT, PLACE, DATE), when labelled


@dataclass(frozen=True)
class Miss:
    lang: str
    kind: str
    value: str
    output: str


@dataclass
class Tally:
    hit: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.hit / self.total if self.total else 1.0


@dataclass
class ScrubReport:
    recall: Tally = field(default_factory=Tally)
    facts: Tally = field(default_factory=Tally)
    recall_by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    recall_by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    facts_by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    facts_by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    missed: list[Miss] = field(default_factory=list)
    lost_facts: list[Miss] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"recall {self.recall.rate:.3f} ({self.recall.hit}/{self.recall.total})"]
        out.append(f"facts kept {self.facts.rate:.3f} ({self.facts.hit}/{self.facts.total})")
        out.append("recall by kind:")
        out += [f"  {k:<15} {t.rate:.3f} ({t.hit}/{t.total})" for k, t in sorted(self.recall_by_kind.items())]
        out.append("facts kept by kind:")
        out += [f"  {k:<15} {t.rate:.3f} ({t.hit}/{t.total})" for k, t in sorted(self.facts_by_kind.items())]
        out.append("recall / facts kept by language:")
        for lang in sorted(self.recall_by_lang):
            r, f = self.recall_by_lang[lang], self.facts_by_lang[lang]
            out.append(f"  {lang:<8} recall {r.rate:.3f} ({r.hit}/{r.total})  facts {f.rate:.3f} ({f.hit}/{f.total})")
        return out


def load_cases(path: Path = CASES_PATH) -> list[Case]:
    raw: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [
        Case(
            lang=c["lang"],
            text=c["text"],
            pii=tuple((p["kind"], p["value"]) for p in c["pii"]),
            facts=tuple(c["facts"]),
        )
        for c in raw
    ]


def _pieces(value: str, text: str) -> list[tuple[str, str]]:
    """(kind, piece) pairs: digit runs, words of spaced scripts, and runs of other scripts."""
    out: list[tuple[str, str]] = []
    for piece in _PIECES.findall(value):
        if piece.isdigit():
            out.append(("digits", piece))
        elif _SPACED_WORD.fullmatch(piece):
            out.append(("word", piece.lower()))
        else:
            out.append(("run", piece))
    return out


def _count(kind: str, piece: str, text: str) -> int:
    if kind == "digits":
        return re.findall(r"\d+", text).count(piece)
    if kind == "word":
        return [w.lower() for w in _SPACED_WORD.findall(text)].count(piece)
    return text.count(piece)


def survives(value: str, output: str, text: str = "") -> bool:
    """True when a digit run or word of the planted value is still readable in the output.

    A piece counts only if the output holds it more often than the rest of the message did, so that
    "12" in "12 hours" does not make a phone number count as kept.
    """
    value = normalise(value)
    rest = normalise(text).replace(value, " ")
    for kind, piece in _pieces(value, text):
        if len(piece) < 2:
            continue
        if _count(kind, piece, output) > _count(kind, piece, rest):
            return True
    return False


def measure(cases: Sequence[Case], scrub: Scrub = scrub_personal_data) -> ScrubReport:
    report = ScrubReport()
    for case in cases:
        output = scrub(case.text, case.lang)
        for kind, value in case.pii:
            removed = not survives(value, output, case.text)
            for tally in (report.recall, report.recall_by_kind[kind], report.recall_by_lang[case.lang]):
                tally.total += 1
                tally.hit += removed
            if not removed:
                report.missed.append(Miss(case.lang, kind, value, output))
        kinds = case.fact_kinds or ("FACT",) * len(case.facts)
        for fact, fact_kind in zip(case.facts, kinds, strict=True):
            kept = normalise(fact) in output
            for tally in (report.facts, report.facts_by_lang[case.lang], report.facts_by_kind[fact_kind]):
                tally.total += 1
                tally.hit += kept
            if not kept:
                report.lost_facts.append(Miss(case.lang, fact_kind, fact, output))
        report.facts_by_lang.setdefault(case.lang, Tally())
    return report


if __name__ == "__main__":
    result = measure(load_cases())
    print("\n".join(result.lines()))
    for miss in result.missed:
        print("MISSED", miss.lang, miss.kind, repr(miss.value), "->", miss.output)
    for lost in result.lost_facts:
        print("LOST", lost.lang, repr(lost.value), "->", lost.output)
