"""Merge the template into every catalog, sorted by msgid and without source locations.

Sorted, location-free catalogs change only where a text changed, so two branches that add texts to different
modules do not conflict in every file. Header dates stay fixed for the same reason.
Run by `make catalogs` after the extraction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALES = Path(__file__).resolve().parent
with (LOCALES / "hotline.pot").open("rb") as fp:
    template = read_po(fp)
template.creation_date = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
with (LOCALES / "hotline.pot").open("wb") as fp:
    write_po(fp, template, width=0, no_location=True, sort_output=True)
for path in sorted(LOCALES.glob("*/LC_MESSAGES/hotline.po")):
    code = path.parts[-3]
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=code if code != "ja_easy" else "ja")
    revised = catalog.revision_date
    catalog.update(template, no_fuzzy_matching=True)
    catalog.revision_date = revised
    with path.open("wb") as fp:
        write_po(fp, catalog, width=0, no_location=True, sort_output=True, ignore_obsolete=True)
