"""The routing policy: which supporters a case is offered to, and why. Pure: no I/O, `now` is handed in.

Ranking is by tier first (same hub, then a neighbouring hub, then the national pool), then within a tier by
topic match, free capacity, time since the last assignment, shared roots and language level. Ties go to the
lower supporter id, so a decision never depends on the order the supporters arrive in.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

from babel import Locale

from scheduler.hubs import HubMap

JAPANESE = "ja"
EASY_JAPANESE = "ja_easy"
TIERS = ("same_hub", "neighbour", "national")
LEVELS = {1: "basic", 2: "good", 3: "native"}

# Tier bases are 100 apart and the bonuses below add up to less than 100, so tier always wins.
_TIER_BASE = {"same_hub": 300.0, "neighbour": 200.0, "national": 100.0}
_TOPIC_BONUS = 30.0
_FREE_CAPACITY_BONUS = 20.0  # scaled by the share of capacity still free
_ROOTS_BONUS = 20.0
_IDLE_BONUS = 15.0  # scaled by hours since the last assignment, up to _IDLE_HOURS_FULL
_IDLE_HOURS_FULL = 72.0
_LEVEL_BONUS = 5.0  # per level above basic


@dataclass(frozen=True)
class OfferTerms:
    """How a case is offered: to how many supporters at once, and how long each has to answer."""

    parallel: int
    window: timedelta


def offer_terms(
    *,
    urgent: bool,
    on_consultation_day: bool,
    window: timedelta,
    window_on_day: timedelta,
    urgent_window: timedelta,
    fan_out: int,
) -> OfferTerms:
    """The offer terms for a case. A person in danger cannot wait hours for one supporter to look at their phone:
    their case goes to `fan_out` supporters at once (the first to accept takes it) with at most `urgent_window`
    to answer. Other cases go to one supporter at a time, with minutes on a consultation day and hours otherwise.
    """
    usual = window_on_day if on_consultation_day else window
    if urgent:
        return OfferTerms(parallel=max(1, fan_out), window=min(usual, urgent_window))
    return OfferTerms(parallel=1, window=usual)


@dataclass(frozen=True)
class CaseNeeds:
    case_id: int
    language: str
    hub: str
    topic: str
    urgent: bool
    declined_by: frozenset[int] = frozenset()
    roots: str | None = None  # the migrant's own language when they write in another; None: `language`

    @property
    def roots_language(self) -> str:
        return self.language if self.roots is None else self.roots


@dataclass(frozen=True)
class SupporterProfile:
    id: int
    languages: Mapping[str, int]  # language code -> 1 basic, 2 good, 3 native
    hubs: frozenset[str]
    topics: frozenset[str]
    capacity: int
    open_cases: int
    on_shift: bool
    available: bool
    paused: bool = False
    national_pool: bool = True
    roots: frozenset[str] = frozenset()
    interpreter: bool = False
    last_assigned_at: datetime | None = None

    def __post_init__(self) -> None:
        bad = {code: level for code, level in self.languages.items() if level not in LEVELS}
        if bad:
            raise ValueError(f"supporter {self.id}: language levels must be 1, 2 or 3, got {bad}")
        if self.capacity < 0 or self.open_cases < 0:
            raise ValueError(f"supporter {self.id}: capacity and open cases cannot be negative")


@dataclass(frozen=True)
class Candidate:
    supporter_id: int
    tier: str  # one of TIERS
    score: float
    reason: str  # for a coordinator: languages, hub, topic, load, last case


@dataclass(frozen=True)
class RoutingDecision:
    kind: str  # "offer" | "offer_with_interpreter" | "exhausted"
    candidates: tuple[Candidate, ...]
    interpreter: Candidate | None
    explanation: str  # one line a coordinator can read; carries supporter ids, never names


def level(s: SupporterProfile, language: str) -> int:
    """How well `s` speaks `language` (0: not at all). Easy Japanese is served by Japanese speakers."""
    if language == EASY_JAPANESE:
        return max(s.languages.get(JAPANESE, 0), s.languages.get(EASY_JAPANESE, 0))
    return s.languages.get(language, 0)


def is_free_for(case: CaseNeeds, s: SupporterProfile) -> bool:
    """On shift or available, not paused, under capacity, and has not declined this case."""
    return (s.on_shift or s.available) and not s.paused and s.open_cases < s.capacity and s.id not in case.declined_by


def tier_of(case_hub: str, s: SupporterProfile, hub_map: HubMap) -> str | None:
    """How `s` reaches a case in `case_hub`: covers it, covers a neighbour, national pool, or not at all."""
    if case_hub in s.hubs:
        return "same_hub"
    hub = hub_map.hubs.get(case_hub)
    if hub is not None and not s.hubs.isdisjoint(hub.neighbours):
        return "neighbour"
    return "national" if s.national_pool else None


def is_eligible(case: CaseNeeds, s: SupporterProfile, hub_map: HubMap | None = None) -> bool:
    """Whether `s` may be offered `case` directly: free for it and speaks its language.

    With `hub_map`, also whether `s` reaches the case's hub (see `tier_of`).
    """
    if not (is_free_for(case, s) and level(s, case.language) > 0):
        return False
    return hub_map is None or tier_of(case.hub, s, hub_map) is not None


def is_interpreter_for(case: CaseNeeds, s: SupporterProfile) -> bool:
    """An interpreter free for `case` who speaks its language and Japanese; may work from any hub."""
    return (
        s.interpreter
        and is_free_for(case, s)
        and s.languages.get(case.language, 0) > 0
        and s.languages.get(JAPANESE, 0) > 0
    )


def rank_candidates(
    case: CaseNeeds,
    supporters: Iterable[SupporterProfile],
    hub_map: HubMap,
    now: datetime,
    *,
    outside_shifts: bool = False,
) -> list[Candidate]:
    """Every supporter eligible for `case`, best first. With `outside_shifts` (a coordinator choosing by hand),
    supporters off shift count as free too: a person asks them, and they can decline."""
    entries = [_Entry(_on_call(s) if outside_shifts else s) for s in supporters]
    ranked = _rank(_eligible(case, case.language, entries, hub_map, now), None)
    return [_candidate(case, case.language, tier, score, e.profile, hub_map, now) for score, _, e, tier in ranked]


def decide(
    case: CaseNeeds,
    supporters: Iterable[SupporterProfile],
    hub_map: HubMap,
    now: datetime,
    *,
    fan_out: int = 3,
) -> RoutingDecision:
    """Route `case` over `supporters` (ids unique).

    offer: the best eligible supporter, or for an urgent case the best `fan_out` at once.
    offer_with_interpreter: nobody eligible speaks the language, so the best Japanese-speaking supporter
    (urgent: `fan_out` of them) together with the best interpreter for the language.
    exhausted: neither is possible; the explanation says why, for the coordinator alert.
    """
    if fan_out < 1:
        raise ValueError("fan_out must be at least 1")
    everyone = list(supporters)
    # Only free supporters can be offered anything; skip working out the rest.
    entries = [_Entry(s) for s in everyone if is_free_for(case, s)]
    wanted = fan_out if case.urgent else 1
    head = _describe_case(case)
    best = _rank(_eligible(case, case.language, entries, hub_map, now), wanted)
    if best:
        chosen = tuple(_candidate(case, case.language, t, sc, e.profile, hub_map, now) for sc, _, e, t in best)
        return RoutingDecision("offer", chosen, None, f"{head}: {_offer_text(chosen)}.")

    why = _why_nobody(case, everyone)
    if case.language in (JAPANESE, EASY_JAPANESE):
        return RoutingDecision("exhausted", (), None, f"{head}: exhausted, alert a coordinator; {why}.")
    locals_ = _rank(_eligible(case, JAPANESE, entries, hub_map, now), wanted)
    taken = {e.id for _, _, e, _ in locals_}
    interpreters = (e for e in entries if e.profile.interpreter and e.id not in taken)
    interpreter = _best_interpreter(case, interpreters, hub_map, now)
    if locals_ and interpreter is not None:
        chosen = tuple(_candidate(case, JAPANESE, t, sc, e.profile, hub_map, now) for sc, _, e, t in locals_)
        text = f"{head}: {why}; {_offer_text(chosen)} with interpreter {_line(interpreter)}."
        return RoutingDecision("offer_with_interpreter", chosen, interpreter, text)
    missing = []
    if not locals_:
        missing.append(f"no free Japanese-speaking supporter reaches {case.hub}")
    if interpreter is None:
        missing.append(f"no free interpreter for {language_name(case.language)} and Japanese")
    return RoutingDecision(
        "exhausted", (), None, f"{head}: exhausted, alert a coordinator; {why}; {'; '.join(missing)}."
    )


def best_interpreter(
    case: CaseNeeds,
    supporters: Iterable[SupporterProfile],
    hub_map: HubMap,
    now: datetime,
    *,
    exclude: Iterable[int] = (),
) -> Candidate | None:
    """The interpreter `decide` would choose for `case` (free, speaks its language and Japanese, ranked like any
    candidate, their hub only breaking ties), leaving out `exclude`; None when there is none."""
    skip = frozenset(exclude)
    entries = (_Entry(s) for s in supporters if s.interpreter and s.id not in skip)
    return _best_interpreter(case, entries, hub_map, now)


def rank_interpreters(
    case: CaseNeeds,
    supporters: Iterable[SupporterProfile],
    hub_map: HubMap,
    now: datetime,
    *,
    outside_shifts: bool = False,
) -> list[Candidate]:
    """Every interpreter free for `case`, best first: the order `best_interpreter` chooses from. `outside_shifts`
    as for `rank_candidates`."""
    entries = (_Entry(_on_call(s) if outside_shifts else s) for s in supporters if s.interpreter)
    return _ranked_interpreters(case, entries, hub_map, now, None)


# --- the shared core -------------------------------------------------------------------------------------


def _on_call(s: SupporterProfile) -> SupporterProfile:
    return s if s.available else replace(s, available=True)


class _Entry:
    """A supporter with what routing reads, worked out once: levels (easy Japanese folded in), free share."""

    __slots__ = ("free_share", "hubs", "id", "last_ts", "levels", "profile", "ready", "roots", "topics")

    def __init__(self, s: SupporterProfile) -> None:
        self.profile = s
        self.id = s.id
        self.hubs = s.hubs
        self.topics = s.topics
        self.roots = s.roots
        self.levels = {code: n for code, n in s.languages.items() if n > 0}
        if JAPANESE in self.levels or EASY_JAPANESE in self.levels:
            self.levels[EASY_JAPANESE] = level(s, EASY_JAPANESE)
        self.ready = (s.on_shift or s.available) and not s.paused and s.open_cases < s.capacity
        self.free_share = (s.capacity - s.open_cases) / s.capacity if self.ready else 0.0
        self.last_ts = None if s.last_assigned_at is None else s.last_assigned_at.timestamp()


# (score, supporter id, entry, tier); ranked by score, then the lower id.
_Scored = tuple[float, int, _Entry, str]


def _eligible(
    case: CaseNeeds, language: str, entries: Iterable[_Entry], hub_map: HubMap, now: datetime
) -> list[_Scored]:
    hub = hub_map.hubs.get(case.hub)
    neighbours = frozenset(hub.neighbours) if hub else frozenset()
    score = _scorer(case, language, now)
    out: list[_Scored] = []
    for e in entries:
        if not e.ready or e.id in case.declined_by or language not in e.levels:
            continue
        if case.hub in e.hubs:
            tier = "same_hub"
        elif not e.hubs.isdisjoint(neighbours):
            tier = "neighbour"
        elif e.profile.national_pool:
            tier = "national"
        else:
            continue
        out.append((score(e, _TIER_BASE[tier]), e.id, e, tier))
    return out


def _scorer(case: CaseNeeds, language: str, now: datetime) -> Callable[[_Entry, float], float]:
    topic, roots, now_ts = case.topic, case.roots_language, now.timestamp()

    def score(e: _Entry, base: float) -> float:
        value = base + _LEVEL_BONUS * (e.levels[language] - 1) + _FREE_CAPACITY_BONUS * e.free_share
        if topic in e.topics:
            value += _TOPIC_BONUS
        if roots in e.roots:
            value += _ROOTS_BONUS
        if e.last_ts is None:
            return value + _IDLE_BONUS
        hours = (now_ts - e.last_ts) / 3600
        return value + _IDLE_BONUS * min(max(hours, 0.0), _IDLE_HOURS_FULL) / _IDLE_HOURS_FULL

    return score


def _rank(scored: list[_Scored], limit: int | None) -> list[_Scored]:
    if limit == 1:
        return [min(scored, key=_order)] if scored else []
    if limit is not None and len(scored) > 4 * limit:
        return heapq.nsmallest(limit, scored, key=_order)
    scored.sort(key=_order)
    return scored if limit is None else scored[:limit]


def _order(item: _Scored) -> tuple[float, int]:
    return -item[0], item[1]


def _best_interpreter(
    case: CaseNeeds, interpreters: Iterable[_Entry], hub_map: HubMap, now: datetime
) -> Candidate | None:
    best = _ranked_interpreters(case, interpreters, hub_map, now, 1)
    return best[0] if best else None


def _ranked_interpreters(
    case: CaseNeeds, interpreters: Iterable[_Entry], hub_map: HubMap, now: datetime, limit: int | None
) -> list[Candidate]:
    # An interpreter may be anywhere; their hub only breaks ties between otherwise equal interpreters.
    lang = case.language
    score = _scorer(case, lang, now)
    options = [
        (score(e, _TIER_BASE[tier]), e.id, e, tier)
        for e in interpreters
        if is_interpreter_for(case, e.profile)
        for tier in [tier_of(case.hub, e.profile, hub_map) or "national"]
    ]
    chosen = []
    for value, _, e, tier in _rank(options, limit):
        s = e.profile
        reason = (
            f"interpreter, {language_name(lang)} ({LEVELS[level(s, lang)]}) and Japanese "
            f"({LEVELS[level(s, JAPANESE)]}), {_hubs_text(s)} (remote if need be), {_load_text(s, now)}"
        )
        chosen.append(Candidate(s.id, tier, value, reason))
    return chosen


# --- explanations ----------------------------------------------------------------------------------------


def _candidate(
    case: CaseNeeds,
    language: str,
    tier: str,
    score: float,
    s: SupporterProfile,
    hub_map: HubMap,
    now: datetime,
) -> Candidate:
    parts = [f"{language_name(language)} ({LEVELS[level(s, language)]})"]
    if tier == "same_hub":
        parts.append(f"covers {case.hub}")
    elif tier == "neighbour":
        hub = hub_map.hubs[case.hub]
        near = sorted(h for h in s.hubs if h in hub.neighbours)
        parts.append(f"covers {', '.join(near)} (neighbour of {case.hub})")
    else:
        parts.append(f"national pool, {_hubs_text(s)}")
    parts.append(f"topic {case.topic}" if case.topic in s.topics else f"not a {case.topic} specialist")
    if case.roots_language in s.roots:
        parts.append(f"{language_name(case.roots_language)} roots")
    parts.append(_load_text(s, now))
    return Candidate(s.id, tier, score, ", ".join(parts))


def _describe_case(case: CaseNeeds) -> str:
    urgent = ", urgent" if case.urgent else ""
    return f"case {case.case_id} ({language_name(case.language)}, {case.hub}, topic {case.topic}{urgent})"


def _offer_text(chosen: tuple[Candidate, ...]) -> str:
    if len(chosen) == 1:
        return f"offer to {_line(chosen[0])}"
    return f"offer to {len(chosen)} supporters at once: " + "; ".join(_line(c) for c in chosen)


def _line(c: Candidate) -> str:
    return f"#{c.supporter_id} [{c.tier}] {c.reason}"


def _hubs_text(s: SupporterProfile) -> str:
    return f"based in {', '.join(sorted(s.hubs))}" if s.hubs else "no home hub"


def _load_text(s: SupporterProfile, now: datetime) -> str:
    return f"{s.open_cases}/{s.capacity} cases, {_since(s.last_assigned_at, now)}"


def _since(then: datetime | None, now: datetime) -> str:
    if then is None:
        return "no case yet"
    minutes = int((now - then).total_seconds() // 60)
    if minutes < 60:
        return f"last case {max(minutes, 0)} min ago"
    if minutes < 48 * 60:
        return f"last case {minutes // 60} h ago"
    return f"last case {minutes // (24 * 60)} d ago"


def _why_nobody(case: CaseNeeds, speakers: Iterable[SupporterProfile]) -> str:
    """Why none of the speakers of the case language can take it, counted by the first reason that applies."""
    counts: dict[str, int] = {}
    total = 0
    for s in speakers:
        if level(s, case.language) == 0:
            continue
        total += 1
        if s.id in case.declined_by:
            reason = "declined"
        elif s.paused:
            reason = "paused"
        elif not (s.on_shift or s.available):
            reason = "off shift"
        elif s.open_cases >= s.capacity:
            reason = "at capacity"
        else:
            reason = f"outside {case.hub} and its neighbours"
        counts[reason] = counts.get(reason, 0) + 1
    name = language_name(case.language)
    if total == 0:
        return f"no supporter speaks {name}"
    detail = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
    return f"nobody free speaks {name} ({total} speak it: {detail})"


@cache
def language_name(code: str) -> str:
    """English name of a language code for coordinators ("km" -> "Khmer"); unknown codes as they are."""
    if code == EASY_JAPANESE:
        return "easy Japanese"
    name: str | None = Locale("en").languages.get(code)
    return name or code
