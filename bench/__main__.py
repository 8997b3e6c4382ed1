"""`python -m bench` (or `make bench`): every benchmark once, each against its own baseline measured in the same run.

The full-size runs named in the issues take longer; run them one by one:
  python -m bench.worker                the inbox worker's CPU per event (real dispatch) vs a step that only replies
  python -m bench.webhooks              hotline serve under wrk: accepted/s, ack p50/p99, replies/s, drain, reply-token
                                        share, RSS; SQLite and PostgreSQL x1/x2; vs a bare signature-checking endpoint
  python -m bench.takein                the webhooks taken in alone (no worker, no sender) under wrk: accepted/s, ack
                                        p50/p99, CPU per webhook; vs the bare endpoint, in rounds
  python -m bench.routing               routing decisions/s and p99 at 250..2,000 supporters, vs a bare loop
  python -m bench.broadcast             10,000 announcements through the sandbox's 30 msg/s Telegram limit (about 6 min)
  python -m bench.scrub                 scrubber recall and messages/s vs Presidio's pattern recognisers
  python -m bench.scrub_same            the scrubber's output on every bench.scrub message, compared with main's
  python -m bench.report                a report over 1,000,000 generated cases
  python -m bench.language              language detection accuracy per language and detections/s
  python -m bench.metrics               a /metrics scrape over 20,000 recent cases, vs /healthz
"""

from __future__ import annotations

import subprocess
import sys

QUICK = [
    ("bench.language", []),
    ("bench.scrub", ["--seconds", "1"]),
    ("bench.routing", ["--rounds", "1"]),
    ("bench.worker", ["--events", "1000", "--rounds", "3"]),
    ("bench.webhooks", ["--seconds", "3", "--users", "200", "--max-rate", "4000"]),
    ("bench.report", ["--cases", "200000"]),
    ("bench.broadcast", ["--subscribers", "600"]),
    ("bench.metrics", ["--cases", "2000", "--scrapes", "20"]),
]


def main() -> int:
    failed = 0
    for module, args in QUICK:
        print(f"\n===== python -m {module} {' '.join(args)}", flush=True)
        failed += subprocess.call([sys.executable, "-m", module, *args]) != 0  # noqa: S603 - our own modules
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
