"""Which language to talk to a person in.

An explicit choice always wins. Before one is made, the platform's hint (Telegram ``language_code``,
LINE profile language) and the language of the first text preselect one, and the first reply offers
the language menu with each language's own name.

Detection works in two steps. Most of our languages have a script of their own, so the script decides
them outright: Khmer, Burmese, Sinhala, Thai, Devanagari (Nepali), Hangul (Korean), kana (Japanese) and
Han without kana (Chinese). Only Latin-script text needs a statistical model: lingua in its low-accuracy
(trigram) mode, restricted to the Latin-script languages we serve, weighed together with words and letters
that tell one of these languages (handlers.language_words), plus a small lexicon for Vietnamese typed without
diacritics, which lingua (trained on accented text) misses.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from handlers.language_words import NEUTRAL_WORDS, SHARED_SYLLABLES, VIETNAMESE_SYLLABLES, telling_words

if TYPE_CHECKING:
    from lingua import LanguageDetector

__all__ = [
    "BABEL_LOCALES",
    "LANGUAGE_NAMES",
    "SUPPORTED_LOCALES",
    "LanguageGuess",
    "detect_language",
    "locale_from_platform_hint",
    "parse_language_choice",
    "resolve_language",
    "unify_khmer_subscripts",
]

# Menu order: easy Japanese first (the network's lingua franca), then the languages of the communities the
# network works with most, English and standard Japanese last.
SUPPORTED_LOCALES: tuple[str, ...] = (
    "ja_easy",
    "vi",
    "km",
    "pt_BR",
    "fil",
    "ne",
    "id",
    "zh_Hans",
    "my",
    "es",
    "th",
    "ko",
    "si",
    "en",
    "ja",
)

# Each language's own name; every one fits a LINE button label (20 characters).
LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "ja_easy": "やさしい にほんご",
        "vi": "Tiếng Việt",
        "km": "ភាសាខ្មែរ",
        "pt_BR": "Português",
        "fil": "Filipino",
        "ne": "नेपाली",
        "id": "Bahasa Indonesia",
        "zh_Hans": "简体中文",
        "my": "မြန်မာ",
        "es": "Español",
        "th": "ภาษาไทย",
        "ko": "한국어",
        "si": "සිංහල",
        "en": "English",
        "ja": "日本語",
    }
)

# CLDR locales for babel's date and number formatting. Easy Japanese formats dates as Japanese does.
BABEL_LOCALES: Mapping[str, str] = MappingProxyType(
    {
        "ja_easy": "ja",
        "vi": "vi",
        "km": "km",
        "pt_BR": "pt_BR",
        "fil": "fil",
        "ne": "ne",
        "id": "id",
        "zh_Hans": "zh_Hans_CN",
        "my": "my",
        "es": "es",
        "th": "th",
        "ko": "ko",
        "si": "si",
        "en": "en",
        "ja": "ja",
    }
)

Source = Literal["explicit", "platform", "detected", "default"]


@dataclass(frozen=True)
class LanguageGuess:
    locale: str
    source: Source


# --- platform hints -------------------------------------------------------------------------------------

# Primary language subtag -> our locale. Chinese in any form gets simplified Chinese, the only Chinese we
# offer; Japanese gets easy Japanese, because a device set to Japanese (often bought in Japan) says nothing
# about how well its owner reads standard Japanese.
_HINT_LANGUAGES: Mapping[str, str] = {
    "vi": "vi",
    "km": "km",
    "pt": "pt_BR",
    "ja": "ja_easy",
    "en": "en",
    "fil": "fil",
    "tl": "fil",
    "ne": "ne",
    "id": "id",
    "in": "id",  # the deprecated code Android still reports for Indonesian
    "zh": "zh_Hans",
    "my": "my",
    "es": "es",
    "th": "th",
    "ko": "ko",
    "si": "si",
}


def locale_from_platform_hint(code: str | None) -> str | None:
    """Map a Telegram ``language_code`` or LINE profile language (BCP 47, any case, ``-`` or ``_``)
    to one of SUPPORTED_LOCALES, or None when we do not offer that language."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-", 1)[0].casefold()
    return _HINT_LANGUAGES.get(primary)


# --- scripts --------------------------------------------------------------------------------------------

_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "latin"),
    (0x0061, 0x007A, "latin"),
    (0x00C0, 0x024F, "latin"),
    (0x0900, 0x097F, "devanagari"),
    (0x0D80, 0x0DFF, "sinhala"),
    (0x0E00, 0x0E7F, "thai"),
    (0x1000, 0x109F, "myanmar"),
    (0x1100, 0x11FF, "hangul"),
    (0x1780, 0x17FF, "khmer"),
    (0x19E0, 0x19FF, "khmer"),
    (0x1E00, 0x1EFF, "latin"),
    (0x3005, 0x3005, "han"),  # 々
    (0x3041, 0x309F, "kana"),
    (0x30A1, 0x30FA, "kana"),
    (0x30FC, 0x30FF, "kana"),  # ー and friends; 30FB (・) is punctuation
    (0x3130, 0x318F, "hangul"),
    (0x31F0, 0x31FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xA8E0, 0xA8FF, "devanagari"),
    (0xA960, 0xA97F, "hangul"),
    (0xA9E0, 0xA9FF, "myanmar"),
    (0xAA60, 0xAA7F, "myanmar"),
    (0xAC00, 0xD7FF, "hangul"),
    (0xF900, 0xFAFF, "han"),
    (0xFF66, 0xFF9F, "kana"),
    (0x20000, 0x3134F, "han"),
)
_RANGE_STARTS = [start for start, _, _ in _SCRIPT_RANGES]

_SCRIPT_LOCALES: Mapping[str, str] = {
    "devanagari": "ne",  # Hindi readers land here too; Nepali is the Devanagari language we serve
    "sinhala": "si",
    "thai": "th",
    "myanmar": "my",
    "khmer": "km",
    "hangul": "ko",
    "han": "zh_Hans",
}


def _script_of(char: str) -> str | None:
    point = ord(char)
    index = bisect.bisect_right(_RANGE_STARTS, point) - 1
    if index < 0:
        return None
    start, end, script = _SCRIPT_RANGES[index]
    return script if start <= point <= end else None


def _script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for char in text:
        script = _script_of(char)
        if script is not None:
            counts[script] += 1
    return counts


# --- easy Japanese --------------------------------------------------------------------------------------

_FURIGANA = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff]+[(（][\u3041-\u309f\u30a1-\u30fc]+[)）]")
_JAPANESE_CHARS = re.compile(r"[\u3005\u3041-\u309f\u30a1-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_SPACES = re.compile(r"[ \u3000]+")
# Honorific and humble forms belong to standard Japanese, never to easy Japanese.
_KEIGO = re.compile(r"いたしま|いただ|申し|おりま|存じ|恐れ入|お世話|ご[\u4e00-\u9fff]")


def _is_easy_japanese(text: str, counts: Counter[str]) -> bool:
    """Tell easy Japanese (やさしい日本語) from standard Japanese, leaning to easy Japanese.

    Easy Japanese is what the network writes to people still learning Japanese, and what they tend to write
    back. Any one of its marks decides:
    - furigana in parentheses after kanji, as in 在留(ざいりゅう);
    - phrases separated by spaces (分かち書き): at least three space-separated runs of Japanese of at most
      six characters on average, as in かいしゃ が きゅうりょう を;
    - few kanji: under 15% of the Japanese characters, as in text written mostly in hiragana, unless it
      uses honorific or humble forms (ご対応, いたします), which easy Japanese avoids.
    Mistaking a fluent reader for a learner costs little, the reverse leaves someone unable to read us,
    hence the lean.
    """
    if _FURIGANA.search(text):
        return True
    runs = [run for run in _SPACES.split(text) if _JAPANESE_CHARS.search(run)]
    if len(runs) >= 3 and sum(len(run) for run in runs) / len(runs) <= 6:
        return True
    japanese = counts["kana"] + counts["han"]
    return counts["han"] / japanese < 0.15 and not _KEIGO.search(text)


# --- Latin script ---------------------------------------------------------------------------------------

_WORDS = re.compile(r"[^\W\d_]+")

_LATIN_LANGUAGES: Mapping[str, str] = {
    "VIETNAMESE": "vi",
    "PORTUGUESE": "pt_BR",
    "ENGLISH": "en",
    "TAGALOG": "fil",
    "INDONESIAN": "id",
    "MALAY": "id",  # informal Indonesian often reads as Malay; we serve the two as one
    "SPANISH": "es",
}

# Below this score nothing stands out: one short word, names, shorthand.
_MIN_CONFIDENCE = 0.3
# What a text whose every word tells one language adds to that language's score, against lingua's confidences
# (which sum to 1). A telling word outweighs lingua's short-text guesses; lingua decides among equals.
_TELLING_WEIGHT = 5.0


@cache
def _latin_detector() -> LanguageDetector:
    # Imported and built on first use. Low-accuracy mode: trigram models only, about 11 MB for our seven
    # languages where the high-accuracy mode's one- to five-gram models take about 130 MB (issue 11: a serving
    # process under 200 MB). It is what lingua uses for texts of 120 characters or more in either mode; on short
    # texts the telling words make up the difference (bench.language has the figures).
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.from_str(name) for name in _LATIN_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _looks_like_unaccented_vietnamese(words: list[str]) -> bool:
    telling = [word for word in words if word not in SHARED_SYLLABLES and word not in NEUTRAL_WORDS]
    hits = sum(word in VIETNAMESE_SYLLABLES for word in telling)
    return hits >= 2 and hits * 2 >= len(telling)


def _detect_latin(text: str) -> str | None:
    words = [word.casefold() for word in _WORDS.findall(text) if _script_of(word[0]) == "latin"]
    meaningful = [word for word in words if word not in NEUTRAL_WORDS]
    if sum(len(word) for word in meaningful) < 3:
        return None
    if _looks_like_unaccented_vietnamese(words):
        return "vi"
    scores: dict[str, float] = {}
    for confidence in _latin_detector().compute_language_confidence_values(text):
        locale = _LATIN_LANGUAGES[confidence.language.name]
        scores[locale] = scores.get(locale, 0.0) + confidence.value
    for locale, count in telling_words(meaningful).items():
        scores[locale] = scores.get(locale, 0.0) + _TELLING_WEIGHT * count / len(meaningful)
    locale, score = max(scores.items(), key=lambda item: item[1])
    return locale if score >= _MIN_CONFIDENCE else None


# --- public entry points --------------------------------------------------------------------------------


def detect_language(text: str) -> str | None:
    """The locale the text is most likely written in, or None when it is too short or too ambiguous
    to tell (``ok``, ``hi``, digits, emoji, a single ideograph)."""
    counts = _script_counts(text)
    groups = Counter(counts)
    if counts["kana"]:
        # Kana make Han characters Japanese kanji.
        groups["japanese"] = groups.pop("kana") + groups.pop("han", 0)
    if not groups:
        return None
    script, size = max(groups.items(), key=lambda item: item[1])
    if script == "japanese":
        return "ja_easy" if _is_easy_japanese(text, counts) else "ja"
    if script == "latin":
        return _detect_latin(text)
    if size < 2:
        return None
    return _SCRIPT_LOCALES.get(script)


_JAPANESE = frozenset({"ja", "ja_easy"})


def resolve_language(
    explicit: str | None,
    platform_hint: str | None,
    text: str | None,
    default: str = "ja_easy",
) -> LanguageGuess:
    """Pick the language to reply in.

    ``explicit`` is a locale the person chose (one of SUPPORTED_LOCALES) and always wins. Otherwise the
    platform hint (a raw Telegram/LINE language code) wins over detection from ``text``, with one
    refinement: when both point to Japanese, the text tells easy from standard Japanese, since a device
    setting cannot. With none of these, ``default``.
    """
    if explicit is not None and explicit in LANGUAGE_NAMES:
        return LanguageGuess(explicit, "explicit")
    hinted = locale_from_platform_hint(platform_hint)
    detected = detect_language(text) if text else None
    if hinted is not None:
        if detected is not None and hinted in _JAPANESE and detected in _JAPANESE:
            return LanguageGuess(detected, "detected")
        return LanguageGuess(hinted, "platform")
    if detected is not None:
        return LanguageGuess(detected, "detected")
    return LanguageGuess(default, "default")


# --- typed language choices -----------------------------------------------------------------------------

# Names people type for each language besides its own name and code: English names, Japanese names, and
# common variants. Keys are compared after _normalise_name.
_OTHER_NAMES: Mapping[str, tuple[str, ...]] = {
    "ja_easy": (
        "easy japanese",
        "simple japanese",
        "やさしい日本語",
        "やさしいにほんご",
        "やさしい にほんご",
        "にほんご",
        "やさしいにほんご",
    ),
    "vi": ("vietnamese", "tiếng việt", "việt", "viet", "ベトナム語", "べとなむご"),
    "km": ("khmer", "cambodian", "ខ្មែរ", "ភាសាខ្មែរ", "カンボジア語", "クメール語"),
    "pt_BR": ("portuguese", "brazilian", "brazilian portuguese", "português", "ポルトガル語"),
    "fil": ("filipino", "tagalog", "pilipino", "taglish", "フィリピン語", "フィリピノ語", "タガログ語"),
    "ne": ("nepali", "nepalese", "नेपाली", "ネパール語"),
    "id": ("indonesian", "bahasa indonesia", "bahasa", "indonesia", "インドネシア語"),
    "zh_Hans": ("chinese", "mandarin", "中文", "简体中文", "汉语", "普通话", "中国語", "zh", "zh_cn"),
    "my": ("burmese", "myanmar", "မြန်မာ", "မြန်မာစာ", "မြန်မာဘာသာ", "ミャンマー語", "ビルマ語"),
    "es": ("spanish", "español", "castellano", "スペイン語"),
    "th": ("thai", "ไทย", "ภาษาไทย", "タイ語"),
    "ko": ("korean", "한국어", "한국말", "韓国語"),
    "si": ("sinhala", "sinhalese", "සිංහල", "シンハラ語"),
    "en": ("english", "英語", "えいご"),
    "ja": ("japanese", "日本語", "standard japanese", "nihongo"),
}

_FILLERS = frozenset(("please", "pls", "plz", "po", "ạ", "a", "por", "favor", "ください"))
_TRIM = " \t\r\n.,!?;:'\"()[]{}。、！？「」・-"


# Khmer subscript TA (្ត) and DA (្ដ) look alike and people type either one: the dictionary writes ផ្ដល់, ម្ដង,
# ប្ដូរ, many keyboards and our older catalogs ផ្តល់, ម្តង, ប្តូរ. Typed words are compared with both folded to TA.
_KHMER_SUBSCRIPT_DA = "\u17d2\u178a"
_KHMER_SUBSCRIPT_TA = "\u17d2\u178f"


def unify_khmer_subscripts(text: str) -> str:
    """`text` with every Khmer subscript DA written as subscript TA, for comparing typed words."""
    return text.replace(_KHMER_SUBSCRIPT_DA, _KHMER_SUBSCRIPT_TA)


def _normalise_name(text: str) -> str:
    folded = unify_khmer_subscripts(unicodedata.normalize("NFKC", text).casefold().replace("đ", "d").strip(_TRIM))
    # Drop accents from Latin letters only: other scripts need their marks to stay words.
    decomposed = unicodedata.normalize("NFD", folded)
    kept = [
        char
        for index, char in enumerate(decomposed)
        if not (unicodedata.combining(char) and index and _script_of(decomposed[index - 1]) == "latin")
    ]
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def _build_choices(with_codes: bool) -> dict[str, str]:
    choices: dict[str, str] = {}
    for locale in SUPPORTED_LOCALES:
        codes = (locale, locale.replace("_", "-")) if with_codes else ()
        for name in (*codes, LANGUAGE_NAMES[locale], *_OTHER_NAMES[locale]):
            choices[_normalise_name(name)] = locale
    return choices


# Codes count only as the whole message: inside a sentence "my", "id" or "es" are ordinary words.
_CHOICES: Mapping[str, str] = MappingProxyType(_build_choices(with_codes=True))
_NAMES: Mapping[str, str] = MappingProxyType(_build_choices(with_codes=False))
_LONGEST_NAME = max(len(name.split()) for name in _NAMES)


def parse_language_choice(text: str) -> str | None:
    """The locale a person named by typing it: a code (``vi``, ``pt-BR``), the language's own name
    (``Tiếng Việt``, ``ខ្មែរ``), its English or Japanese name (``Vietnamese``, ``英語``), with or without
    accents and polite words around it (``English please``). None when the text names no one language."""
    normalised = _normalise_name(text)
    if normalised in _CHOICES:
        return _CHOICES[normalised]
    words = [word.strip(_TRIM) for word in normalised.split()]
    words = [word for word in words if word and word not in _FILLERS]
    if not words or len(words) > _LONGEST_NAME + 2:
        return None
    # A short message around one name ("English please", "i speak nepali"): take the longest name found.
    found: set[str] = set()
    for size in range(min(len(words), _LONGEST_NAME), 0, -1):
        for start in range(len(words) - size + 1):
            locale = _NAMES.get(" ".join(words[start : start + size]))
            if locale is not None:
                found.add(locale)
        if found:
            break
    return found.pop() if len(found) == 1 else None
