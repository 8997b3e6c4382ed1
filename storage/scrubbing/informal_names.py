"""People called by a first name or a nickname, as family and friends are: "o Dani e eu", "a Paula falou",
"la Maricel y yo", "el Javi dijo".

Brazilian Portuguese puts the definite article before the first name of someone the writer knows, and so does
the Spanish of the Andes and of Chile; a capitalised word after the article inside a message written in one of
them is a person unless it is a place, a people, an institution or the trade word of a company. A following
capitalised word makes it something else (a company, "a Sato Denki"), left to the employer detector.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storage.scrubbing import lexicon as lx
from storage.scrubbing.japanese import is_place, latin_languages
from storage.scrubbing.patterns import LATIN

Span = tuple[str, int, int]

# The edge before the article is checked after its first letter, so that `re` skips to an o, a, e or l fast.
# IGNORECASE would cost that skip; no other character folds to o, a, e or l, so only the capital keeps it.
_ARTICLE_HINT = re.compile(r"[oOaAeElL](?<![^\W\d_].)(?:(?<=[oOaA])|(?<=[eE])[lL]|(?<=[lL])[aA])[ \t]+(?i:[A-ZÀ-Ý])")
_ARTICLE_AND_NAME = re.compile(
    rf"(?<![{LATIN}])(?:[oO]|[aA]|[eE]l|[lL]a)[ \t]+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{{1,14}})(?![{LATIN}'’\-])"
)
_CAPITALISED_NEXT = re.compile(r"[ \t]+[A-ZÀ-Ý0-9]")
# Capitalised words that take the article and are not people: institutions, holidays, brands of everyday life.
_NOT_A_PERSON = frozenset(
    lx.words(
        "prefeitura polícia policia receita caixa escola imigração imigracao embaixada consulado justiça justica "
        "igreja empresa empreiteira fábrica fabrica firma agência agencia kumiai hello nyukan hoken nenkin rosai "
        "shakai covid internet páscoa pascoa natal municipalidad policía embajada oficina iglesia escuela "
        "universidad sunat essalud seguro ministerio ministério migraciones migración migracion hospital clínica "
        "clinica prefectura alcaldía alcaldia cidade ciudad província provincia estación estacion estação "
        "japão japao japon japón perú paraguai paraguay argentina colombia colômbia coreia corea filipinas "
        "tailândia indonésia vietnã bolívia chile méxico mexico eua estados américa america europa "
        "segunda terça quarta quinta sexta sábado domingo lunes martes miércoles jueves viernes "
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro "
        "enero febrero marzo mayo junio julio septiembre octubre noviembre diciembre "
        "senhor senhora señor señora dona don doña sr sra dr dra deus dios jesus jesús nossa "
        "line whatsapp facebook google instagram youtube zalo messenger telegram tiktok uber "
        "yen iene ienes yenes real reais dólar dolar dólares dolares"
    )
)


def find_informal_names(text: str, lower: str) -> Iterator[Span]:
    if not _ARTICLE_HINT.search(text):
        return
    if "pt_es" not in latin_languages(lower):
        return  # "a Toyota factory" in English
    for m in _ARTICLE_AND_NAME.finditer(text):
        name = m.group("name")
        low = name.lower()
        if low in lx.NOT_A_NAME or low in _NOT_A_PERSON or low in lx.EMPLOYER_SUFFIXES_ROMAJI or is_place(name):
            continue
        if _CAPITALISED_NEXT.match(text, m.end()):
            continue
        yield "NAME", m.start("name"), m.end("name")
