"""English is the source language: its catalog says each msgid as it is. Run after `make catalogs`."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

path = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "hotline.po"
with path.open("rb") as fp:
    catalog = read_po(fp, locale="en")
for message in catalog:
    if message.id:
        message.string = message.id if isinstance(message.id, str) else tuple(message.id)
        message.flags.discard("fuzzy")
with path.open("wb") as fp:
    write_po(fp, catalog, width=0)
