"""Routing speed: decisions per second and p50/p99 per decision at 250, 500, 1,000 and 2,000 supporters.

What is timed is `scheduler.routing.decide` over the list of supporter profiles, exactly the call
`handlers.offers.route_case` makes for every case (loading the profiles from the database is not included).

Each pool carries 10 open cases per supporter (10,000 at 1,000 supporters) spread at random over those with
room, and the same queue of 10,000 cases is routed against it. Figures are compared with a baseline measured
in the same run: one bare loop over the whole pool reading one attribute per supporter.

Each size runs `--rounds` times and the round with the lowest p99 is shown, so that other work on the
machine does not pass for routing cost.

    python -m bench.routing [--cases 10000] [--seed 7] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from scheduler.hubs import HubMap, load_hub_map
from scheduler.routing import CaseNeeds, SupporterProfile, decide

SIZES = (250, 500, 1000, 2000)
OPEN_CASES_PER_SUPPORTER = 10
NOW = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
# Rough shape of the network: many Vietnamese and Chinese cases, a long tail of smaller languages.
CASE_LANGUAGES = {
    "vi": 25, "zh": 12, "ja_easy": 10, "ja": 8, "tl": 8, "pt": 8, "ne": 7, "id": 5,
    "km": 4, "my": 4, "ko": 3, "th": 2, "si": 2, "es": 1, "en": 1,
}  # fmt: skip
# Supporters' languages are skewed differently: rare case languages have few speakers, so some cases need an
# interpreter or run out of options, as on a real consultation day.
SUPPORTER_LANGUAGES = {
    "vi": 30, "zh": 20, "en": 15, "pt": 15, "tl": 10, "es": 5, "ko": 5,
    "ne": 3, "id": 3, "th": 1, "km": 1, "my": 1, "si": 1,
}  # fmt: skip
HUB_WEIGHTS = {
    "capital": 30, "chubu_tokai": 20, "kansai": 18, "north_kanto": 10,
    "kyushu_okinawa": 9, "chugoku_shikoku": 7, "hokkaido_tohoku": 6,
}  # fmt: skip
TOPICS = ("labour", "residency", "medical", "welfare", "housing", "children", "refugee")


def weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def make_supporters(n: int, rng: random.Random) -> list[SupporterProfile]:
    shells: list[SupporterProfile] = []
    for sid in range(1, n + 1):
        languages = {"ja": rng.choice((2, 3, 3))} if rng.random() < 0.85 else {}
        for _ in range(rng.choice((1, 1, 2))):
            languages[weighted(rng, SUPPORTER_LANGUAGES)] = rng.choice((1, 2, 3))
        hubs = {weighted(rng, HUB_WEIGHTS) for _ in range(rng.choice((1, 1, 2)))}
        shells.append(
            SupporterProfile(
                id=sid,
                languages=languages,
                hubs=frozenset(hubs),
                topics=frozenset(rng.sample(TOPICS, rng.randint(1, 3))),
                capacity=rng.randint(8, 20),
                open_cases=0,
                on_shift=rng.random() < 0.7,
                available=rng.random() < 0.5,
                paused=rng.random() < 0.05,
                national_pool=rng.random() < 0.6,
                roots=frozenset({next(iter(languages))}) if rng.random() < 0.3 and languages else frozenset(),
                interpreter="ja" in languages and rng.random() < 0.1,
                last_assigned_at=(NOW - timedelta(minutes=rng.randint(0, 20_000))) if rng.random() < 0.8 else None,
            )
        )
    loads = [0] * n
    room = list(range(n))
    for _ in range(n * OPEN_CASES_PER_SUPPORTER):
        if not room:
            break
        i = rng.randrange(len(room))
        loads[room[i]] += 1
        if loads[room[i]] >= shells[room[i]].capacity:
            room[i] = room[-1]
            room.pop()
    return [replace(shell, open_cases=load) for shell, load in zip(shells, loads, strict=True)]


def make_cases(count: int, supporter_ids: int, rng: random.Random) -> list[CaseNeeds]:
    return [
        CaseNeeds(
            case_id=i,
            language=weighted(rng, CASE_LANGUAGES),
            hub=weighted(rng, HUB_WEIGHTS),
            topic=rng.choice(TOPICS),
            urgent=rng.random() < 0.1,
            declined_by=frozenset(rng.sample(range(1, supporter_ids + 1), rng.choice((0, 0, 0, 1, 2)))),
        )
        for i in range(1, count + 1)
    ]


def timings(run: Callable[[], object], repeat: int) -> list[float]:
    gc.collect()
    out = []
    clock = time.perf_counter_ns
    for _ in range(repeat):
        start = clock()
        run()
        out.append((clock() - start) / 1000)  # microseconds
    return out


def route_all(cases: Sequence[CaseNeeds], route: Callable[[CaseNeeds], object]) -> tuple[list[float], float]:
    gc.collect()
    out = []
    clock = time.perf_counter_ns
    begin = clock()
    for case in cases:
        start = clock()
        route(case)
        out.append((clock() - start) / 1000)
    return out, (clock() - begin) / 1e9


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def bench(size: int, cases_count: int, hub_map: HubMap, seed: int) -> dict[str, float]:
    rng = random.Random(seed + size)
    supporters = make_supporters(size, rng)
    cases = make_cases(cases_count, size, rng)

    def bare_loop() -> None:
        for s in supporters:
            s.capacity  # noqa: B018 - the attribute read is the work being timed

    base = timings(bare_loop, 1000)
    routed, seconds = route_all(cases, lambda c: decide(c, supporters, hub_map, NOW))
    kinds: dict[str, int] = {}
    for c in cases[:2000]:
        kind = decide(c, supporters, hub_map, NOW).kind
        kinds[kind] = kinds.get(kind, 0) + 1
    return {
        "per_second": len(cases) / seconds,
        "p50": p(routed, 50),
        "p99": p(routed, 99),
        "base_p99": p(base, 99),
        "open_cases": sum(s.open_cases for s in supporters),
        "offer_share": kinds.get("offer", 0) / 2000,
        "interpreter_share": kinds.get("offer_with_interpreter", 0) / 2000,
        "exhausted_share": kinds.get("exhausted", 0) / 2000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3, help="keep the quietest round (lowest p99)")
    args = parser.parse_args()
    hub_map = load_hub_map()
    print(f"routing {args.cases} cases per pool; times in microseconds per decision")
    header = (
        f"{'supporters':>10} {'open':>6} {'decisions/s':>12} {'p50':>7} {'p99':>7} "
        f"{'loop p99':>8} {'p99/loop':>8} {'p99 growth':>10} {'offer/interp/exhausted':>23}"
    )
    print(header)
    first: dict[str, float] | None = None
    for size in SIZES:
        r = min((bench(size, args.cases, hub_map, args.seed) for _ in range(args.rounds)), key=lambda r: r["p99"])
        first = first or r
        growth = f"{r['p99'] / first['p99']:.2f}x/{size // SIZES[0]}x"
        mix = f"{r['offer_share']:.0%}/{r['interpreter_share']:.0%}/{r['exhausted_share']:.0%}"
        print(
            f"{size:>10} {r['open_cases']:>6.0f} {r['per_second']:>12,.0f} {r['p50']:>7.1f} {r['p99']:>7.1f} "
            f"{r['base_p99']:>8.1f} {r['p99'] / r['base_p99']:>8.2f} {growth:>10} {mix:>23}"
        )
    print("p99 growth: p99 relative to the smallest pool / pool size relative to the smallest (linear: equal)")


if __name__ == "__main__":
    main()
