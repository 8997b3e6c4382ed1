"""Translations, loaded explicitly per message: there is no global current language.

Catalogs live in `locales/<code>/LC_MESSAGES/hotline.po`. `make catalogs` compiles them to `.mo`; when a `.mo`
is missing or older than its `.po` (a fresh clone, an edited catalog) we compile it in memory, so a person never
gets the untranslated English because a build step was skipped.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from handlers.language import BABEL_LOCALES, SUPPORTED_LOCALES

DOMAIN = "hotline"
TOKYO = ZoneInfo("Asia/Tokyo")
EASY_JAPANESE = "ja_easy"
_EASY_WEEKDAYS = ("げつようび", "かようび", "すいようび", "もくようび", "きんようび", "どようび", "にちようび")
LOCALES_DIR = Path(os.environ.get("HOTLINE_LOCALES_DIR", Path(__file__).resolve().parent.parent / "locales"))


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; translate it later with `Translator.gettext`."""
    return message


def NP_(context: str, message: str) -> str:
    """Marks a string with a context (e.g. "command keyword") for extraction."""
    return message


def _load(code: str) -> NullTranslations:
    folder = LOCALES_DIR / code / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo_path.exists() and (not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
        with mo_path.open("rb") as fp:
            return Translations(fp, domain=DOMAIN)
    if po_path.exists():
        with po_path.open("rb") as fp:
            catalog = read_po(fp, locale=BABEL_LOCALES.get(code, "en"))
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN)
    return NullTranslations()


class Translator:
    """Everything a reply needs in one language: its texts and its way of writing dates and numbers."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.babel_locale = BABEL_LOCALES.get(code, "en")
        self._catalog = _load(code)

    def gettext(self, message: str, **values: object) -> str:
        text = self._catalog.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = self._catalog.ngettext(singular, plural, n)
        return text.format(n=n, **values)

    def pgettext(self, context: str, message: str) -> str:
        return str(self._catalog.pgettext(context, message))

    def datetime(self, moment: dt.datetime, fmt: str = "medium") -> str:
        if self.code == EASY_JAPANESE:
            return f"{self.date(moment)} {self.time(moment)}"
        return dates.format_datetime(moment, fmt, tzinfo=TOKYO, locale=self.babel_locale)

    def date(self, moment: dt.datetime, fmt: str = "full") -> str:
        day = moment.astimezone(TOKYO).date()
        if self.code == EASY_JAPANESE:
            # CLDR has no easy Japanese: 12がつ 6にち（にちようび）, all in kana, never 6日 (read むいか).
            return f"{day.month}がつ {day.day}にち（{_EASY_WEEKDAYS[day.weekday()]}）"
        return dates.format_date(day, fmt, locale=self.babel_locale)

    def time(self, moment: dt.datetime, fmt: str = "short") -> str:
        return dates.format_time(moment, fmt, tzinfo=TOKYO, locale=self.babel_locale)

    def number(self, value: int | float) -> str:
        return numbers.format_decimal(value, locale=self.babel_locale)

    def yen(self, amount: int) -> str:
        return numbers.format_currency(amount, "JPY", locale=self.babel_locale)


@cache
def translator(code: str | None) -> Translator:
    return Translator(code if code in SUPPORTED_LOCALES else "ja_easy")


def every_translation(message: str, context: str | None = None) -> dict[str, str]:
    """The message in every supported language: how we recognise a typed keyword in any of them."""
    result = {}
    for code in SUPPORTED_LOCALES:
        tr = translator(code)
        result[code] = tr.pgettext(context, message) if context else tr.gettext(message)
    return result
