"""Does the scrubber in this tree give the same output as another revision's, on every message bench.scrub uses?

Run with `python -m bench.scrub_same` (against `main`) or `python -m bench.scrub_same --against REV`. A change
meant to be only faster must show no difference; any difference is listed with the message and both outputs,
followed by each set's recall and facts kept under both revisions, so an intended change can be judged.

The other revision's scrubber runs from `git archive REV` in a temporary directory, in a child process of the same
interpreter, on the messages of THIS tree's sets: both see exactly the same input. Besides the messages as they are,
both scrub variants of each (lower-cased, upper-cased, joined to the next message of its set), so that a change in
what a detector is gated on shows even where the sets have no message that tells. The text of a message (or variant)
from a held-out set is never printed, only its set and number.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.scrub import evaluation_sets
from storage.scrubber import scrub_personal_data
from tests.storage.scrub_measure import Case, measure

ROOT = Path(__file__).resolve().parents[1]
# Read from stdin, written to stdout by the child: a JSON list of [text, lang] in, a JSON list of outputs out.
_CHILD = """
import json, sys
from storage.scrubber import scrub_personal_data
items = json.load(sys.stdin)
json.dump([scrub_personal_data(text, lang) for text, lang in items], sys.stdout, ensure_ascii=False)
"""


def outputs_at(revision: str, cases: Sequence[Case]) -> list[str]:
    """The output of `revision`'s scrubber on each case, in order."""
    with tempfile.TemporaryDirectory(prefix="scrub-same-") as tmp:
        archive = subprocess.run(  # noqa: S603 - git with our own arguments
            ["git", "archive", "--format=tar", revision, "storage"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        tar_path = Path(tmp) / "tree.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(tmp, filter="data")
        child = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _CHILD],
            cwd=tmp,
            env={**os.environ, "PYTHONPATH": tmp},
            input=json.dumps([[c.text, c.lang] for c in cases]),
            capture_output=True,
            text=True,
            check=True,
        )
        outputs: list[str] = json.loads(child.stdout)
    return outputs


def variants(cases: Sequence[Case]) -> list[Case]:
    """Each message lower-cased, upper-cased and joined to the next one, labelled as nothing (only outputs count)."""
    out: list[Case] = []
    for i, case in enumerate(cases):
        nxt = cases[(i + 1) % len(cases)]
        for text in (case.text.lower(), case.text.upper(), f"{case.text} {nxt.text}"):
            out.append(Case(lang=case.lang, text=text, pii=(), facts=()))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", default="main", help="git revision to compare with (default: main)")
    args = parser.parse_args(argv)

    sets = evaluation_sets()
    for name, cases in list(sets.items()):
        sets[f"{name} variants"] = variants(cases)
    everything = [case for cases in sets.values() for case in cases]
    theirs = outputs_at(args.against, everything)
    reference: dict[tuple[str, str | None], str] = dict(
        zip(((c.text, c.lang) for c in everything), theirs, strict=True)
    )

    differences = 0
    for name, cases in sets.items():
        changed = 0
        shown = "tuning" in name  # never print a held-out message
        for number, case in enumerate(cases, start=1):
            ours = scrub_personal_data(case.text, case.lang)
            before = reference[(case.text, case.lang)]
            if ours == before:
                continue
            changed += 1
            if shown:
                print(f"-- {name} [{case.lang}] {case.text!r}\n   {args.against}: {before!r}\n   this tree: {ours!r}")
            else:
                print(f"-- {name}: message {number} [{case.lang}] differs (held out: not shown)")
        if changed and not name.endswith(" variants"):

            def recorded(text: str, lang: str | None = None) -> str:
                return reference[(text, lang)]

            was, now = measure(cases, recorded), measure(cases)
            print(
                f"   {name}: {changed} of {len(cases)} outputs differ; recall {was.recall.rate:.3f} -> "
                f"{now.recall.rate:.3f}, facts kept {was.facts.rate:.3f} -> {now.facts.rate:.3f}\n"
            )
        differences += changed
    print(f"{len(everything)} messages, {differences} outputs differ from {args.against}'s scrubber")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
