"""Every catalog is complete: each msgid translated, placeholders kept, button labels within LINE's 20 characters
(counted as LINE counts labels: grapheme clusters), easy Japanese in short sentences with a reading for every kanji.

A missing translation falls back silently to English, which a person who reads no English cannot use; these
checks make such a gap fail the build instead.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.channels.base import grapheme_length
from handlers.easy_japanese import long_sentences
from handlers.language import BABEL_LOCALES, SUPPORTED_LOCALES
from scheduler.hubs import PREFECTURE, REGION, load_hub_map

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
LINE_LABEL_LIMIT = 20
_BUTTON_CALL = re.compile(r"Button\(\s*\w*tr\.gettext\(\s*\"([^\"]+)\"")
_LABEL_TABLES = re.compile(r"^\s+\"[a-z_]+\": N_\(\"([^\"]+)\"\),$", re.MULTILINE)


def template_catalog() -> Catalog:
    with (LOCALES / "hotline.pot").open("rb") as fp:
        return read_po(fp)


def _catalog(code: str) -> Catalog:
    with (LOCALES / code / "LC_MESSAGES" / "hotline.po").open("rb") as fp:
        return read_po(fp, locale=BABEL_LOCALES[code])


def place_labels() -> set[tuple[str, str]]:
    """(context, English name) of the hub and prefecture names shown on buttons."""
    hub_map = load_hub_map()
    return {(REGION, hub.name_en) for hub in hub_map.hubs.values()} | {
        (PREFECTURE, p.name_en) for p in hub_map.prefectures.values()
    }


def button_labels() -> set[str]:
    """English msgids shown on buttons: Button(tr.gettext("...")) calls and the label tables."""
    labels: set[str] = set()
    for path in [*ROOT.glob("handlers/*.py"), *ROOT.glob("bot/*.py")]:
        source = path.read_text(encoding="utf-8")
        labels.update(_BUTTON_CALL.findall(source))
        if "TOPICS" in source or "POLICY_FIELDS" in source or "URGENCY" in source or "ACTIONS" in source:
            labels.update(_LABEL_TABLES.findall(source))
    return labels


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_template_is_current() -> None:
    """The template lists every string the code marks; run `make catalogs` after changing texts."""
    from babel.messages.extract import extract_from_dir

    keywords = {
        "gettext": None,
        "ngettext": (1, 2),
        "pgettext": ((1, "c"), 2),
        "N_": None,
        "NP_": ((1, "c"), 2),
    }
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    found: set[tuple[str | None, str]] = set()
    for package in ("bot", "handlers", "scheduler"):
        extracted = extract_from_dir(ROOT / package, method_map, options_map, keywords=keywords)
        for _file, _line, message, _comments, context in extracted:
            msgid = message[0] if isinstance(message, tuple) else message
            found.add((context, msgid))
    template = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template_catalog() if m.id}
    assert found - template == set(), "strings missing from locales/hotline.pot: run `make catalogs`"


@pytest.mark.parametrize("code", SUPPORTED_LOCALES)
def test_catalog_translates_every_message(code: str) -> None:
    template = template_catalog()
    catalog = _catalog(code)
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, context=message.context)
        strings = translated.string if translated is not None else None
        values = strings if isinstance(strings, tuple | list) else (strings,)
        if translated is None or translated.fuzzy or not all(values):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert missing == [], f"{code}: {len(missing)} untranslated, e.g. {missing[:3]}"


@pytest.mark.parametrize("code", SUPPORTED_LOCALES)
def test_placeholders_are_identical(code: str) -> None:
    wrong = []
    for message in _catalog(code):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        expected = set().union(*(_fields(i) for i in ids))
        for text in strings:
            try:
                found = _fields(text)
            except ValueError:
                found = {"<unbalanced braces>"}
            # A plural form may leave out {n} where the language says "one" in words.
            if found - expected or (expected - found - {"n"}):
                wrong.append((ids[0], text))
    assert wrong == [], f"{code}: placeholders differ: {wrong[:3]}"


@pytest.mark.parametrize("code", SUPPORTED_LOCALES)
def test_button_labels_fit_line(code: str) -> None:
    """Every label fits whole, so no button is cut inside a word (LINE counts labels in grapheme clusters)."""
    catalog = _catalog(code)
    too_long = []
    labels = [(None, label) for label in sorted(button_labels())] + sorted(place_labels())
    for context, label in labels:
        message = catalog.get(label, context=context)
        text = message.string if message is not None and isinstance(message.string, str) else label
        if grapheme_length(text) > LINE_LABEL_LIMIT:
            too_long.append((label, text, grapheme_length(text)))
    assert too_long == [], f"{code}: labels over {LINE_LABEL_LIMIT} characters: {too_long}"


def test_labels_are_counted_as_a_person_sees_them() -> None:
    # A Burmese syllable with its vowel signs and stacked consonant is one character on screen.
    burmese = "မိသားစု၊ အကြမ်းဖက်မှု"
    assert len(burmese) == 21
    assert grapheme_length(burmese) == 14


_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]+")
_WITH_READING = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]+\([ぁ-ゖァ-ヺー]+\)")


def _easy_japanese_texts() -> list[tuple[str, str]]:
    texts = []
    for message in _catalog("ja_easy"):
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        texts += [(msgid, re.sub(r"\{[a-z_]+\}", "", text)) for text in strings]
    return texts


def test_easy_japanese_gives_a_reading_for_every_kanji() -> None:
    bare = [(msgid, text) for msgid, text in _easy_japanese_texts() if _KANJI.search(_WITH_READING.sub("", text))]
    assert bare == []


def test_easy_japanese_sentences_are_short() -> None:
    """The project's rule for easy Japanese (handlers/easy_japanese.py): at most 30 characters a sentence. A heading
    before a colon ("けいさつ：110") counts apart from what follows it."""
    long = [
        (msgid, sentence)
        for msgid, text in _easy_japanese_texts()
        for part in text.split("：")
        for sentence in long_sentences(part)
    ]
    assert long == []


@pytest.mark.parametrize("code", SUPPORTED_LOCALES)
def test_plural_forms_are_valid(code: str) -> None:
    catalog = _catalog(code)
    expected = get_plural(BABEL_LOCALES[code])
    assert catalog.num_plurals == expected.num_plurals
    for message in catalog:
        if message.id and isinstance(message.id, tuple):
            assert len(message.string) == catalog.num_plurals, f"{code}: {message.id[0]}"


def test_button_labels_are_found() -> None:
    labels = button_labels()
    assert {"I agree", "Work and wages", "Accept", "Labour"} <= labels
