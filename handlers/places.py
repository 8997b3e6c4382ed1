"""Hub and prefecture names as a person reads them: through the catalogs, in the reader's language.

The hub map keeps the English names as message ids (see scheduler/hubs.py); easy Japanese gives each name with
its reading, as in 群馬県(ぐんまけん).
"""

from __future__ import annotations

from handlers.i18n import Translator
from scheduler.hubs import PREFECTURE, REGION, Hub, Prefecture


def hub_name(tr: Translator, hub: Hub) -> str:
    return tr.pgettext(REGION, hub.name_en)


def prefecture_name(tr: Translator, prefecture: Prefecture) -> str:
    return tr.pgettext(PREFECTURE, prefecture.name_en)
