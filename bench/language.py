"""Accuracy, speed and memory of detect_language on the chat-message sample sets.

Baseline, measured in the same run: lingua alone (high-accuracy mode), built from every one of our languages it
knows, with no script rules and no lexicon. Memory: what detecting every sample added to the process's peak RSS,
ours first, before the baseline loads its own models. Run with ``python -m bench.language``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from lingua import Language, LanguageDetectorBuilder

from handlers.language import SUPPORTED_LOCALES, detect_language

DATA = Path(__file__).parent.parent / "tests" / "data"
SAMPLE_FILES = ("language_samples.json", "language_samples_casual.json")
ROUNDS = 20

_LINGUA_LOCALES = {
    Language.VIETNAMESE: "vi",
    Language.PORTUGUESE: "pt_BR",
    Language.JAPANESE: "ja",
    Language.ENGLISH: "en",
    Language.TAGALOG: "fil",
    Language.INDONESIAN: "id",
    Language.MALAY: "id",
    Language.CHINESE: "zh_Hans",
    Language.SPANISH: "es",
    Language.THAI: "th",
    Language.KOREAN: "ko",
    Language.HINDI: "ne",  # lingua has no Nepali; Hindi is its nearest Devanagari language
}


def _lingua_only() -> Callable[[str], str | None]:
    detector = LanguageDetectorBuilder.from_languages(*_LINGUA_LOCALES).build()

    def detect(text: str) -> str | None:
        language = detector.detect_language_of(text)
        return None if language is None else _LINGUA_LOCALES[language]

    return detect


def _accuracy(detect: Callable[[str], str | None], samples: Mapping[str, list[str]]) -> dict[str, float]:
    return {
        locale: sum(detect(text) == locale for text in messages) / len(messages) for locale, messages in samples.items()
    }


def _per_second(detect: Callable[[str], str | None], texts: list[str]) -> float:
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for text in texts:
            detect(text)
    return ROUNDS * len(texts) / (time.perf_counter() - started)


def _megabytes(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _report(
    name: str, ours: Mapping[str, float], theirs: Mapping[str, float], samples: Mapping[str, list[str]]
) -> None:
    print(f"{name}\n{'locale':8} {'ours':>6} {'lingua':>7}")
    for locale in (locale for locale in SUPPORTED_LOCALES if locale in samples):
        print(f"{locale:8} {ours[locale]:6.2f} {theirs[locale]:7.2f}")
    total = sum(len(messages) for messages in samples.values())
    right = sum(round(ours[loc] * len(samples[loc])) for loc in samples)
    right_baseline = sum(round(theirs[loc] * len(samples[loc])) for loc in samples)
    print(
        f"{'overall':8} {right / total:6.3f} {right_baseline / total:7.3f}  ({right} and {right_baseline} of {total})"
    )


def main() -> None:
    sets: dict[str, dict[str, list[str]]] = {
        name: json.loads((DATA / name).read_text(encoding="utf-8"))["samples"] for name in SAMPLE_FILES
    }
    samples = sets[SAMPLE_FILES[0]]
    texts = [text for messages in samples.values() for text in messages]

    before = _megabytes("VmRSS")
    started = time.perf_counter()
    detect_language("bom dia")  # builds the lazily cached detector
    first_call = time.perf_counter() - started
    for messages in (messages for chosen in sets.values() for messages in chosen.values()):
        for text in [*messages, " ".join(messages)]:  # short, then long (lingua treats 120 characters apart)
            detect_language(text)
    grown = _megabytes("VmHWM") - before
    baseline = _lingua_only()
    baseline("bom dia")

    ours, theirs = _accuracy(detect_language, samples), _accuracy(baseline, samples)
    _report(SAMPLE_FILES[0], ours, theirs, samples)
    overall = sum(ours[loc] * len(samples[loc]) for loc in samples) / len(texts)
    overall_baseline = sum(theirs[loc] * len(samples[loc]) for loc in samples) / len(texts)
    print(f"accuracy ratio ours/lingua-only: {overall / overall_baseline:.2f}")
    for name, chosen in sets.items():
        if name != SAMPLE_FILES[0]:
            _report(name, _accuracy(detect_language, chosen), _accuracy(baseline, chosen), chosen)
    print(f"memory: detecting every sample, short and long, added {grown:.0f} MB to the peak RSS")

    ours_speed, baseline_speed = _per_second(detect_language, texts), _per_second(baseline, texts)
    print(f"detections/second: ours {ours_speed:,.0f}, lingua-only {baseline_speed:,.0f}")
    print(f"speed ratio ours/lingua-only: {ours_speed / baseline_speed:.2f}")
    print(f"first call (builds the detector): {first_call * 1000:.0f} ms")


if __name__ == "__main__":
    main()
