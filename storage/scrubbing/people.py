"""People of the writer's own family and country, named the way forms and families name them.

- A name in capitals, as a passport or a bank card prints it: "DO THI MAI", "LEE SUJIN", "WANG LIJUAN".
- A child, a spouse, a sibling or a friend named after the word for them, in the Latin-script languages:
  "mis dos hijos Mateo y Valeria", "devendo pro Cleber", "bhai Suman", "chora Aarav".
- A Korean full name (surname syllable and a given name) where a form or a family names a person: "이수진, 1995",
  "엄마 정미숙", "친구 민호가".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storage.scrubbing import lexicon as lx
from storage.scrubbing.japanese import is_place
from storage.scrubbing.patterns import LATIN, cue_regex

Span = tuple[str, int, int]

# ---------------------------------------------------------------- names in capitals

_CAPS_RUN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{2,12}[ \t]){1,3}[A-Z]{2,12}(?![A-Za-z0-9])")
# Words in capitals that are no one's name: currencies, banks, documents, firms' forms, places.
_NOT_NAMES_IN_CAPITALS = frozenset(
    lx.words(
        "jpy usd yen atm id ok ng line jr nhk ufj smbc mufg ja bank post card no number my pt cv co ltd inc kk llc "
        "sos help pls please urgent asap hr ceo cd dvd tv pc sms pin otp vip visa dob tel fax app ic mri er icu "
        "ssn tin tax nenkin hello world the and of for in at to on is"
    )
)
# Vowels a name has, in any of the writers' romanisations.
_VOWEL = re.compile(r"[AEIOUY]")


def _a_name_in_capitals(words: list[str]) -> bool:
    if any(w.lower() in _NOT_NAMES_IN_CAPITALS for w in words):
        return False
    if all(w.lower() in lx.COUNTRIES or w.lower() in lx.PLACES_AND_PEOPLES or is_place(w) for w in words):
        return False
    return all(_VOWEL.search(w) for w in words)


def find_names_in_capitals(text: str, lower: str) -> Iterator[Span]:
    for m in _CAPS_RUN.finditer(text):
        if _a_name_in_capitals(m.group().split()):
            yield "NAME", m.start(), m.end()


CAPITALS_HINT = re.compile(r"[A-Z]{2}[ \t][A-Z]{2}")

# ---------------------------------------------------------------- kin before a name, in Latin script

_NAME = rf"[A-ZÀ-ÝĐ][{LATIN}\u0300-\u036f']+"
# Words for family and friends before a name, lower case, as one character trie with word edges.
_KIN_WORD = cue_regex(
    lx.words(
        "hijo hija hijos hijas esposo esposa marido mulher filho filha filhos filhas primo prima irmão irmã hermano "
        "hermana hermanos hermanas sobrino sobrina anak asawa kuya ate bunso adik kakak suami istri anakku chora chori "
        "chhora chhori bhai bahini didi daju son daughter husband wife brother sister cousin nephew niece kid kids "
        "children amigo amiga colega kawan teman kaibigan pro pra"
    )
)
_NAME_AFTER_KIN = re.compile(rf"[ \t](?P<name>{_NAME})(?:[ \t](?:y|e|and|at|dan|ug)[ \t](?P<second>{_NAME}))?")


def _a_given_name(word: str) -> bool:
    low = word.lower()
    return not (
        low in lx.NOT_A_NAME or low in lx.PLACES_AND_PEOPLES or low in lx.COUNTRIES or is_place(word) or low in _MONTHS
    )


_MONTHS = frozenset(
    lx.words(
        "january february march april may june july august september october november december janeiro fevereiro "
        "março abril maio junho julho agosto setembro outubro novembro dezembro enero febrero marzo mayo junio julio "
        "septiembre octubre noviembre diciembre monday tuesday wednesday thursday friday saturday sunday"
    )
)


def find_kin_named(text: str, lower: str) -> Iterator[Span]:
    for kin in _KIN_WORD.finditer(lower):
        m = _NAME_AFTER_KIN.match(text, kin.end())
        if m is None:
            continue
        for group in ("name", "second"):
            name = m.group(group)
            if name and _a_given_name(name):
                yield "NAME", m.start(group), m.end(group)


# ---------------------------------------------------------------- Korean full and given names

_KOREAN_SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석"
    "선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
# Syllables of Korean given names: a given name is two of them.
_KOREAN_GIVEN = (
    "민수진영호미숙지우현서연준은희경정자순철성재동상혁훈석주원하윤나예유태승혜선아기광용명환빈규완식옥란애남근열일찬범"
    "수민채다소시유이인의건도한결율온별솔람봄"
)
_KOREAN_KIN = (
    "엄마|아빠|어머니|아버지|남편|아내|와이프|딸|아들|언니|오빠|형|누나|동생|친구|아이|애기|아기|조카|사촌|예금주|이름은|이름|"
    "저는|저|제"
)
_KOREAN_NAME = re.compile(
    rf"(?:(?<=[ \t,.:])|^)(?P<name>[{_KOREAN_SURNAMES}]?[{_KOREAN_GIVEN}]{{2}})"
    r"(?=씨|님|이에요|예요|입니다|이고|라고|가[ \t]|이[ \t]|는[ \t]|은[ \t]|[ \t]?,|[ \t]\d)"
)
_KOREAN_KIN_BEFORE = re.compile(rf"(?:{_KOREAN_KIN})[ \t]?$")
KOREAN_HINT = re.compile(r"[가-힣]")


def find_korean_names(text: str, lower: str) -> Iterator[Span]:
    for m in _KOREAN_NAME.finditer(text):
        name = m.group("name")
        before = text[max(0, m.start() - 6) : m.start()]
        full = len(name) == 3
        # A full name said as a form says it ("이수진, 1995...") or after a word of family; a given name alone only
        # after one ("친구 민호가").
        listed = full and text[m.end() : m.end() + 2].lstrip()[:1] in (",", "씨", "님")
        if _KOREAN_KIN_BEFORE.search(before) or listed:
            yield "NAME", m.start("name"), m.end("name")
