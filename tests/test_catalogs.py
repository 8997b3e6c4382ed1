"""Every catalog is complete: each msgid translated, placeholders kept, button labels within LINE's 20 characters.

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

from handlers.language import BABEL_LOCALES, SUPPORTED_LOCALES

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
LINE_LABEL_LIMIT = 20
_BUTTON_CALL = re.compile(r"Button\(\s*\w*tr\.gettext\(\s*\"([^\"]+)\"")
_LABEL_TABLES = re.compile(r"^\s+\"[a-z_]+\": N_\(\"([^\"]+)\"\),$", re.MULTILINE)


def _template() -> Catalog:
    with (LOCALES / "hotline.pot").open("rb") as fp:
        return read_po(fp)


def _catalog(code: str) -> Catalog:
    with (LOCALES / code / "LC_MESSAGES" / "hotline.po").open("rb") as fp:
        return read_po(fp, locale=BABEL_LOCALES[code])


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
    found: set[tuple[str | None, str]] = set()
    for package in ("bot", "handlers", "scheduler"):
        for _file, _line, message, _comments, context in extract_from_dir(ROOT / package, keywords=keywords):
            msgid = message[0] if isinstance(message, tuple) else message
            found.add((context, msgid))
    template = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in _template() if m.id}
    assert found - template == set(), "strings missing from locales/hotline.pot: run `make catalogs`"


@pytest.mark.parametrize("code", SUPPORTED_LOCALES)
def test_catalog_translates_every_message(code: str) -> None:
    template = _template()
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
    catalog = _catalog(code)
    too_long = []
    for label in sorted(button_labels()):
        message = catalog.get(label)
        text = message.string if message is not None and isinstance(message.string, str) else label
        if len(text) > LINE_LABEL_LIMIT:
            too_long.append((label, text, len(text)))
    assert too_long == [], f"{code}: labels over {LINE_LABEL_LIMIT} characters: {too_long}"


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
