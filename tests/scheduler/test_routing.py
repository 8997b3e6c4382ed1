from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.hubs import load_hub_map
from scheduler.routing import (
    JAPANESE,
    CaseNeeds,
    SupporterProfile,
    decide,
    is_eligible,
    is_free_for,
    level,
    rank_candidates,
)

HUB_MAP = load_hub_map()
NOW = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
HUBS = sorted(HUB_MAP.hubs)
LANGUAGES = ["ja", "ja_easy", "vi", "km", "ne", "pt"]
TOPICS = ["work", "visa", "medical", "housing"]


def supporter(sid: int, **changes: object) -> SupporterProfile:
    fields: dict[str, object] = {
        "id": sid,
        "languages": {"ja": 3},
        "hubs": frozenset({"north_kanto"}),
        "topics": frozenset({"work"}),
        "capacity": 3,
        "open_cases": 0,
        "on_shift": True,
        "available": True,
        "national_pool": False,
    }
    fields.update(changes)
    return SupporterProfile(**fields)  # type: ignore[arg-type]


def case(**changes: object) -> CaseNeeds:
    fields: dict[str, object] = {
        "case_id": 1,
        "language": "km",
        "hub": "north_kanto",
        "topic": "work",
        "urgent": False,
    }
    fields.update(changes)
    return CaseNeeds(**fields)  # type: ignore[arg-type]


def offered_ids(decision_candidates: tuple[object, ...]) -> list[int]:
    return [c.supporter_id for c in decision_candidates]  # type: ignore[attr-defined]


# --- examples a coordinator would recognise ------------------------------------------------------------


def test_khmer_case_in_gunma_goes_to_a_khmer_speaker_in_a_neighbouring_hub() -> None:
    gunma = HUB_MAP.find_prefecture("群馬県")
    assert gunma is not None
    pool = [
        supporter(1, languages={"ja": 3, "vi": 3}),  # local, but no Khmer
        supporter(2, languages={"km": 3, "ja": 2}, hubs=frozenset({"capital"}), open_cases=1),
        supporter(3, languages={"km": 3}, hubs=frozenset({"kyushu_okinawa"})),  # far and not national
    ]
    decision = decide(case(hub=gunma.hub), pool, HUB_MAP, NOW)
    assert decision.kind == "offer"
    assert offered_ids(decision.candidates) == [2]
    assert decision.candidates[0].tier == "neighbour"
    assert decision.candidates[0].reason == (
        "Khmer (native), covers capital (neighbour of north_kanto), topic work, 1/3 cases, no case yet"
    )
    assert decision.explanation.startswith("case 1 (Khmer, north_kanto, topic work): offer to #2 [neighbour]")


def test_same_hub_beats_neighbour_beats_national_pool() -> None:
    pool = [
        supporter(1, languages={"vi": 3}, hubs=frozenset({"kansai"}), national_pool=True),
        supporter(2, languages={"vi": 1}, hubs=frozenset({"capital"}), topics=frozenset()),
        supporter(3, languages={"vi": 1}, topics=frozenset(), open_cases=2),
    ]
    ranked = rank_candidates(case(language="vi"), pool, HUB_MAP, NOW)
    assert [(c.supporter_id, c.tier) for c in ranked] == [(3, "same_hub"), (2, "neighbour"), (1, "national")]


def test_within_a_tier_topic_load_fairness_and_roots_count() -> None:
    base = {"languages": {"vi": 3}}
    topic = rank_candidates(
        case(language="vi"), [supporter(1, topics=frozenset(), **base), supporter(2, **base)], HUB_MAP, NOW
    )
    assert topic[0].supporter_id == 2
    load = rank_candidates(
        case(language="vi"),
        [supporter(1, open_cases=2, **base), supporter(2, open_cases=0, **base)],
        HUB_MAP,
        NOW,
    )
    assert load[0].supporter_id == 2
    fairness = rank_candidates(
        case(language="vi"),
        [
            supporter(1, last_assigned_at=NOW - timedelta(minutes=20), **base),
            supporter(2, last_assigned_at=NOW - timedelta(days=2), **base),
        ],
        HUB_MAP,
        NOW,
    )
    assert fairness[0].supporter_id == 2
    assert "last case 20 min ago" in fairness[1].reason
    roots = rank_candidates(
        case(language="vi"),
        [supporter(1, **base), supporter(2, roots=frozenset({"vi"}), **base)],
        HUB_MAP,
        NOW,
    )
    assert roots[0].supporter_id == 2
    assert "Vietnamese roots" in roots[0].reason


def test_easy_japanese_is_served_by_japanese_speakers() -> None:
    pool = [supporter(1, languages={"vi": 3}), supporter(2, languages={"ja": 2})]
    decision = decide(case(language="ja_easy"), pool, HUB_MAP, NOW)
    assert offered_ids(decision.candidates) == [2]
    assert "easy Japanese" in decision.explanation


def test_a_supporter_listing_only_easy_japanese_serves_easy_japanese_not_japanese() -> None:
    pool = [supporter(1, languages={"ja_easy": 2})]
    assert offered_ids(decide(case(language="ja_easy"), pool, HUB_MAP, NOW).candidates) == [1]
    assert decide(case(language="ja"), pool, HUB_MAP, NOW).kind == "exhausted"


def test_urgent_case_goes_to_several_supporters_at_once() -> None:
    pool = [supporter(i, languages={"km": 2}) for i in range(1, 6)]
    decision = decide(case(urgent=True), pool, HUB_MAP, NOW, fan_out=3)
    assert decision.kind == "offer"
    assert offered_ids(decision.candidates) == [1, 2, 3]
    assert "offer to 3 supporters at once" in decision.explanation
    assert "urgent" in decision.explanation


def test_nobody_speaks_the_language_so_local_supporter_and_remote_interpreter_together() -> None:
    pool = [
        supporter(1, languages={"ja": 3}),
        supporter(2, languages={"ja": 3}, hubs=frozenset({"kansai"})),
        supporter(3, languages={"km": 3, "ja": 2}, hubs=frozenset({"kyushu_okinawa"}), interpreter=True),
        supporter(4, languages={"km": 3}, open_cases=3),  # a Khmer speaker, but full
    ]
    decision = decide(case(), pool, HUB_MAP, NOW)
    assert decision.kind == "offer_with_interpreter"
    assert offered_ids(decision.candidates) == [1]
    assert decision.interpreter is not None
    assert decision.interpreter.supporter_id == 3
    assert "nobody free speaks Khmer (2 speak it: 1 at capacity, 1 outside north_kanto" in decision.explanation
    assert "with interpreter #3" in decision.explanation


def test_exhausted_says_why_for_the_coordinator_alert() -> None:
    pool = [
        supporter(1, languages={"km": 3}, on_shift=False, available=False),
        supporter(2, languages={"km": 3}),
        supporter(3, languages={"km": 3}, paused=True),
        supporter(4, languages={"km": 3}, hubs=frozenset({"kansai"})),
    ]
    decision = decide(case(declined_by=frozenset({2})), pool, HUB_MAP, NOW)
    assert decision.kind == "exhausted"
    assert decision.candidates == ()
    assert decision.interpreter is None
    assert decision.explanation == (
        "case 1 (Khmer, north_kanto, topic work): exhausted, alert a coordinator; nobody free speaks Khmer "
        "(4 speak it: 1 declined, 1 off shift, 1 outside north_kanto and its neighbours, 1 paused); "
        "no free Japanese-speaking supporter reaches north_kanto; no free interpreter for Khmer and Japanese."
    )


def test_japanese_case_with_nobody_free_is_exhausted_without_an_interpreter() -> None:
    decision = decide(case(language="ja"), [supporter(1, open_cases=3)], HUB_MAP, NOW)
    assert decision.kind == "exhausted"
    assert "1 at capacity" in decision.explanation


def test_invalid_profiles_and_fan_out_are_refused() -> None:
    with pytest.raises(ValueError, match="levels must be 1, 2 or 3"):
        supporter(1, languages={"km": 4})
    with pytest.raises(ValueError, match="fan_out"):
        decide(case(), [], HUB_MAP, NOW, fan_out=0)


# --- properties over random pools ----------------------------------------------------------------------

levels = st.integers(min_value=1, max_value=3)
profiles = st.builds(
    SupporterProfile,
    id=st.just(0),
    languages=st.dictionaries(st.sampled_from(LANGUAGES), levels, max_size=3),
    hubs=st.frozensets(st.sampled_from(HUBS), max_size=3),
    topics=st.frozensets(st.sampled_from(TOPICS), max_size=2),
    capacity=st.integers(min_value=0, max_value=4),
    open_cases=st.integers(min_value=0, max_value=5),
    on_shift=st.booleans(),
    available=st.booleans(),
    paused=st.booleans(),
    national_pool=st.booleans(),
    roots=st.frozensets(st.sampled_from(LANGUAGES), max_size=2),
    interpreter=st.booleans(),
    last_assigned_at=st.none() | st.integers(min_value=0, max_value=10_000).map(lambda m: NOW - timedelta(minutes=m)),
)


@st.composite
def pools(draw: st.DrawFn) -> list[SupporterProfile]:
    drawn = draw(st.lists(profiles, max_size=25))
    ids = draw(st.lists(st.integers(min_value=1, max_value=500), min_size=len(drawn), max_size=len(drawn), unique=True))
    return [replace(p, id=i) for p, i in zip(drawn, ids, strict=True)]


@st.composite
def cases_for(draw: st.DrawFn, pool: list[SupporterProfile]) -> CaseNeeds:
    ids = [s.id for s in pool]
    declined = draw(st.frozensets(st.sampled_from(ids), max_size=len(ids))) if ids else frozenset[int]()
    return CaseNeeds(
        case_id=draw(st.integers(min_value=1, max_value=10**6)),
        language=draw(st.sampled_from(LANGUAGES)),
        hub=draw(st.sampled_from(HUBS)),
        topic=draw(st.sampled_from(TOPICS)),
        urgent=draw(st.booleans()),
        declined_by=declined,
        roots=draw(st.none() | st.sampled_from(LANGUAGES)),
    )


def assert_free(c: CaseNeeds, s: SupporterProfile) -> None:
    assert s.open_cases < s.capacity, "offered to someone at capacity"
    assert s.on_shift or s.available, "offered to someone off shift"
    assert not s.paused, "offered to someone paused"
    assert s.id not in c.declined_by, "offered to someone who declined"


@settings(max_examples=400)
@given(st.data())
def test_offers_respect_every_rule_and_never_miss_an_eligible_supporter(data: st.DataObject) -> None:
    pool = data.draw(pools())
    c = data.draw(cases_for(pool))
    fan_out = data.draw(st.integers(min_value=1, max_value=4))
    by_id = {s.id: s for s in pool}
    decision = decide(c, pool, HUB_MAP, NOW, fan_out=fan_out)
    eligible = [s for s in pool if is_eligible(c, s, HUB_MAP)]

    if eligible:
        assert decision.kind == "offer"
        assert len(decision.candidates) == (min(fan_out, len(eligible)) if c.urgent else 1)
    else:
        assert decision.kind != "offer"
    for cand in decision.candidates:
        s = by_id[cand.supporter_id]
        assert_free(c, s)
        spoken = c.language if decision.kind == "offer" else JAPANESE
        assert level(s, spoken) > 0, "offered to someone without the language"
    assert len(set(offered_ids(decision.candidates))) == len(decision.candidates)
    tiers = [("same_hub", "neighbour", "national").index(cand.tier) for cand in decision.candidates]
    assert tiers == sorted(tiers)

    if decision.kind == "offer_with_interpreter":
        assert decision.interpreter is not None
        s = by_id[decision.interpreter.supporter_id]
        assert_free(c, s)
        assert s.interpreter
        assert s.languages.get(c.language, 0) > 0
        assert s.languages.get(JAPANESE, 0) > 0
        assert s.id not in offered_ids(decision.candidates)
    else:
        assert decision.interpreter is None
    if decision.kind == "exhausted":
        assert decision.candidates == ()
        has_local = any(is_eligible(replace(c, language=JAPANESE), s, HUB_MAP) for s in pool)
        has_interpreter = any(
            s.interpreter and is_free_for(c, s) and s.languages.get(c.language) and s.languages.get(JAPANESE)
            for s in pool
        )
        assert c.language in ("ja", "ja_easy") or not (has_local and has_interpreter)


@settings(max_examples=300)
@given(st.data())
def test_decisions_are_deterministic(data: st.DataObject) -> None:
    pool = data.draw(pools())
    c = data.draw(cases_for(pool))
    fan_out = data.draw(st.integers(min_value=1, max_value=4))
    shuffled = list(pool)
    random.Random(data.draw(st.integers())).shuffle(shuffled)
    expected = decide(c, pool, HUB_MAP, NOW, fan_out=fan_out)
    assert decide(c, shuffled, HUB_MAP, NOW, fan_out=fan_out) == expected


@given(st.data())
def test_ranking_lists_exactly_the_eligible_best_first(data: st.DataObject) -> None:
    pool = data.draw(pools())
    c = data.draw(cases_for(pool))
    ranked = rank_candidates(c, pool, HUB_MAP, NOW)
    assert {r.supporter_id for r in ranked} == {s.id for s in pool if is_eligible(c, s, HUB_MAP)}
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
