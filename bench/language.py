"""Accuracy and speed of detect_language on the chat-message sample set.

Baseline, measured in the same run: lingua alone, built from every one of our languages it knows, with no
script rules and no lexicon. Run with ``python -m bench.language``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from lingua import Language, LanguageDetectorBuilder

from handlers.language import SUPPORTED_LOCALES, detect_language

SAMPLES_FILE = Path(__file__).parent.parent / "tests" / "data" / "language_samples.json"
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


def main() -> None:
    samples: dict[str, list[str]] = json.loads(SAMPLES_FILE.read_text(encoding="utf-8"))["samples"]
    texts = [text for messages in samples.values() for text in messages]

    started = time.perf_counter()
    detect_language("bom dia")  # builds the lazily cached detector
    first_call = time.perf_counter() - started
    baseline = _lingua_only()
    baseline("bom dia")

    ours, theirs = _accuracy(detect_language, samples), _accuracy(baseline, samples)
    print(f"{'locale':8} {'ours':>6} {'lingua':>7}")
    for locale in SUPPORTED_LOCALES:
        print(f"{locale:8} {ours[locale]:6.2f} {theirs[locale]:7.2f}")
    total = len(texts)
    overall = sum(ours[loc] * len(samples[loc]) for loc in samples) / total
    overall_baseline = sum(theirs[loc] * len(samples[loc]) for loc in samples) / total
    print(f"{'overall':8} {overall:6.3f} {overall_baseline:7.3f}  ({total} messages)")
    print(f"accuracy ratio ours/lingua-only: {overall / overall_baseline:.2f}")

    ours_speed, baseline_speed = _per_second(detect_language, texts), _per_second(baseline, texts)
    print(f"detections/second: ours {ours_speed:,.0f}, lingua-only {baseline_speed:,.0f}")
    print(f"speed ratio ours/lingua-only: {ours_speed / baseline_speed:.2f}")
    print(f"first call (builds the detector): {first_call * 1000:.0f} ms")


if __name__ == "__main__":
    main()
