from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import babel
import pytest

from handlers.language import (
    BABEL_LOCALES,
    LANGUAGE_NAMES,
    SUPPORTED_LOCALES,
    LanguageGuess,
    detect_language,
    locale_from_platform_hint,
    parse_language_choice,
    resolve_language,
)

DATA = Path(__file__).parent.parent / "data"


def load_samples(name: str) -> Mapping[str, list[str]]:
    samples: dict[str, list[str]] = json.loads((DATA / name).read_text(encoding="utf-8"))["samples"]
    return samples


SAMPLES = load_samples("language_samples.json")
# Written after the sample set above, to check the Latin-script detection on messages it was not built from.
CASUAL = load_samples("language_samples_casual.json")
SCRIPT_DECIDED = ("km", "my", "si", "th", "ne", "ko", "zh_Hans")


# --- the catalogue of languages -------------------------------------------------------------------------


def test_fifteen_locales_each_with_a_name_and_a_babel_locale() -> None:
    assert len(SUPPORTED_LOCALES) == len(set(SUPPORTED_LOCALES)) == 15
    assert set(LANGUAGE_NAMES) == set(BABEL_LOCALES) == set(SUPPORTED_LOCALES)
    assert SUPPORTED_LOCALES[0] == "ja_easy"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_each_name_fits_a_line_button_label(locale: str) -> None:
    assert 0 < len(LANGUAGE_NAMES[locale]) <= 20


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_each_locale_formats_dates_with_babel(locale: str) -> None:
    assert babel.Locale.parse(BABEL_LOCALES[locale]).language == BABEL_LOCALES[locale].split("_")[0]


# --- detection accuracy ---------------------------------------------------------------------------------


def test_sample_set_has_at_least_twenty_short_messages_per_language() -> None:
    assert set(SAMPLES) == set(SUPPORTED_LOCALES)
    for messages in SAMPLES.values():
        assert len(messages) >= 20
        assert len(set(messages)) == len(messages)


def accuracy_by_locale(samples: Mapping[str, list[str]]) -> tuple[dict[str, float], float]:
    accuracy = {
        locale: sum(detect_language(text) == locale for text in messages) / len(messages)
        for locale, messages in samples.items()
    }
    total = sum(len(messages) for messages in samples.values())
    overall = sum(accuracy[locale] * len(messages) for locale, messages in samples.items()) / total
    print()
    for locale, share in accuracy.items():
        print(f"{locale:8} {share:.2f}")
    print(f"overall  {overall:.3f}")
    return accuracy, overall


def test_detection_accuracy_on_chat_messages() -> None:
    accuracy, overall = accuracy_by_locale(SAMPLES)
    # At most three misses in 375. Without the telling words, lingua's low-accuracy mode misses eight; its
    # high-accuracy mode (about 130 MB more memory) two.
    assert overall >= 0.99
    assert min(accuracy.values()) >= 0.9, accuracy


def test_detection_accuracy_on_fresh_casual_latin_script_messages() -> None:
    assert set(CASUAL) == {"vi", "pt_BR", "en", "fil", "id", "es"}
    accuracy, overall = accuracy_by_locale(CASUAL)
    # Casual, often one or two words: lingua's high-accuracy mode without the telling words got 0.94 of them.
    assert overall >= 0.97
    assert min(accuracy.values()) >= 0.9, accuracy


@pytest.mark.parametrize("locale", SCRIPT_DECIDED)
def test_languages_with_their_own_script_are_always_right(locale: str) -> None:
    assert {detect_language(text) for text in SAMPLES[locale]} == {locale}


def test_script_wins_over_a_latin_place_name_in_the_message() -> None:
    assert detect_language("ខ្ញុំរស់នៅ Gunma ធ្វើការរោងចក្រ") == "km"
    assert detect_language("Em ở Ibaraki, công ty 株式会社 không trả lương") == "vi"


def test_vietnamese_without_diacritics_is_recognised() -> None:
    assert detect_language("toi bi chu no luong 3 thang") == "vi"
    assert detect_language("em ko biet tieng nhat nhieu") == "vi"


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Xin chào", "vi"),
        ("Chào anh", "vi"),
        ("Cảm ơn chị", "vi"),
        ("cam on chi", "vi"),
        ("Olá, tudo bem?", "pt_BR"),
        ("Obrigado", "pt_BR"),
        ("Boa tarde", "pt_BR"),
        ("Hola, buenas tardes", "es"),
        ("Gracias", "es"),
        ("Kumusta po", "fil"),
        ("Magandang gabi po", "fil"),
        ("Halo kak", "id"),
        ("Terima kasih", "id"),
        ("Good morning", "en"),
        ("Thank you very much", "en"),
    ],
)
def test_a_greeting_or_thanks_alone_tells_the_language(text: str, locale: str) -> None:
    assert detect_language(text) == locale


def test_kana_makes_han_japanese_and_han_alone_is_chinese() -> None:
    assert detect_language("在留カードの更新について相談したいです") == "ja"
    assert detect_language("在留卡快到期了，怎么更新") == "zh_Hans"


@pytest.mark.parametrize(
    "text",
    [
        "会社 が 給料(きゅうりょう) を はらいません",  # furigana
        "かいしゃ が きゅうりょう を はらいません",  # spaces between phrases
        "すみません、しごとがありません",  # almost no kanji
    ],
)
def test_easy_japanese_is_told_from_standard_japanese(text: str) -> None:
    assert detect_language(text) == "ja_easy"


@pytest.mark.parametrize(
    "text",
    ["残業代が払われていないのですが、どうすればいいですか", "ご対応ありがとうございました"],
)
def test_standard_japanese_stays_standard(text: str) -> None:
    assert detect_language(text) == "ja"


@pytest.mark.parametrize(
    "text", ["ok", "OK!", "hi", "Hello", "ok 👍", "12345", "👍", "😭😭😭", "", "   ", "?!", "是", "visa"]
)
def test_short_or_empty_input_gets_no_guess(text: str) -> None:
    assert detect_language(text) is None


# --- platform hints -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hint", "locale"),
    [
        ("pt-br", "pt_BR"),
        ("pt-BR", "pt_BR"),
        ("pt", "pt_BR"),
        ("zh-hans", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("zh-Hant", "zh_Hans"),
        ("tl", "fil"),
        ("fil", "fil"),
        ("en-US", "en"),
        ("en", "en"),
        ("ja", "ja_easy"),
        ("th", "th"),
        ("id", "id"),
        ("in", "id"),
        ("ko", "ko"),
        ("vi", "vi"),
        ("ne", "ne"),
        ("km", "km"),
        ("my", "my"),
        ("si", "si"),
        ("es-419", "es"),
        ("VI_vn", "vi"),
    ],
)
def test_platform_hint_is_mapped_to_our_locale(hint: str, locale: str) -> None:
    assert locale_from_platform_hint(hint) == locale


@pytest.mark.parametrize("hint", [None, "", "ru", "fr-FR", "ar", "uk"])
def test_platform_hint_for_a_language_we_do_not_offer_is_ignored(hint: str | None) -> None:
    assert locale_from_platform_hint(hint) is None


# --- resolution -----------------------------------------------------------------------------------------


def test_explicit_choice_wins_over_hint_and_text() -> None:
    assert resolve_language("ne", "vi", "hello I need help with my visa") == LanguageGuess("ne", "explicit")


def test_platform_hint_wins_over_detection() -> None:
    assert resolve_language(None, "pt-BR", "hola, necesito ayuda con mi visa") == LanguageGuess("pt_BR", "platform")


def test_detection_is_used_without_a_hint() -> None:
    assert resolve_language(None, None, "Saya mau tanya soal visa") == LanguageGuess("id", "detected")


def test_an_unsupported_hint_falls_back_to_detection() -> None:
    assert resolve_language(None, "ru", "salamat po, tanong lang po") == LanguageGuess("fil", "detected")


def test_text_tells_which_japanese_when_the_device_says_japanese() -> None:
    assert resolve_language(None, "ja", "在留資格の変更について教えてください") == LanguageGuess("ja", "detected")
    assert resolve_language(None, "ja", "たすけて ください").locale == "ja_easy"
    assert resolve_language(None, "ja", "xin chao") == LanguageGuess("ja_easy", "platform")


@pytest.mark.parametrize("text", [None, "", "ok", "👍"])
def test_nothing_to_go_on_gives_easy_japanese(text: str | None) -> None:
    assert resolve_language(None, None, text) == LanguageGuess("ja_easy", "default")


def test_default_can_be_changed() -> None:
    assert resolve_language(None, None, "ok", default="en") == LanguageGuess("en", "default")


def test_an_unknown_explicit_code_is_not_taken() -> None:
    assert resolve_language("klingon", None, "gracias por la ayuda") == LanguageGuess("es", "detected")


# --- typed language choices -----------------------------------------------------------------------------

ENGLISH_NAMES = {
    "ja_easy": "Easy Japanese",
    "vi": "Vietnamese",
    "km": "Khmer",
    "pt_BR": "Portuguese",
    "fil": "Filipino",
    "ne": "Nepali",
    "id": "Indonesian",
    "zh_Hans": "Chinese",
    "my": "Burmese",
    "es": "Spanish",
    "th": "Thai",
    "ko": "Korean",
    "si": "Sinhala",
    "en": "English",
    "ja": "Japanese",
}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_choice_by_own_name(locale: str) -> None:
    assert parse_language_choice(LANGUAGE_NAMES[locale]) == locale


@pytest.mark.parametrize(("locale", "name"), ENGLISH_NAMES.items())
def test_choice_by_english_name_in_any_case(locale: str, name: str) -> None:
    assert parse_language_choice(name) == locale
    assert parse_language_choice(name.upper()) == locale


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_choice_by_code(locale: str) -> None:
    assert parse_language_choice(locale) == locale


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("tiếng việt", "vi"),
        ("tieng viet", "vi"),
        ("Portugues", "pt_BR"),
        ("pt-br", "pt_BR"),
        ("espanol", "es"),
        ("khmer", "km"),
        ("ខ្មែរ", "km"),
        ("Tagalog", "fil"),
        ("英語", "en"),
        ("ベトナム語", "vi"),
        ("やさしい日本語", "ja_easy"),
        ("中文", "zh_Hans"),
        ("English please", "en"),
        ("Tiếng Việt ạ", "vi"),
        ("I speak Nepali", "ne"),
        ("  Español!  ", "es"),
    ],
)
def test_choice_in_the_forms_people_type(text: str, locale: str) -> None:
    assert parse_language_choice(text) == locale


@pytest.mark.parametrize(
    "text",
    [
        "1",
        "hello",
        "",
        "English or Spanish",
        "my visa",
        "es urgente",
        "my company did not pay my salary for two months now",
    ],
)
def test_text_that_names_no_single_language_is_no_choice(text: str) -> None:
    assert parse_language_choice(text) is None
