"""Where a person lives, named without a cue word: a building ("Sunny Heights 301", "コーポみどり102") or a room.

The block numbers and streets are read in detectors.find_addresses; this is what follows them, or stands alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storage.scrubbing import lexicon as lx
from storage.scrubbing.patterns import cue_pattern

_LATIN_BUILDING_WORD = (
    r"(?:Heights|Haitsu|Mansion|Manshon|Maison|Corpo|Copo|Kopo|Kōpo|Haimu|Heim|Palace|Residence|Rejidensu|"
    r"Villa|Biru|Building|Bldg\.?|Apartment|Apāto|Apato|Dormitory|Ryo|Ryō|Sō|Sou|Court|Hills|Terrace|House)"
)
_CAP = r"[A-Z][a-zāēīōū]+"
# The chōme written before a block number in any script: "3丁目5-12", "2 chome 15-3", "2ちょうめ".
CHOME_BEFORE = re.compile(r"\d{1,2}[ \t]?-?(?:丁目|ちょうめ|チョウメ|chome|chōme|choume)[ \t,]*-?$", re.IGNORECASE)
_ROOM_NUMBER = (
    r"(?:[ \t]?(?:#|No\.?[ \t]?)?\d{1,4}"
    r"(?:[A-Za-z](?![A-Za-z])|[ \t]?(?:go|gō|goshitsu|号室|号|호실|호|F|階)(?![A-Za-z]))?(?![\d\-]))"
)
_KANA_BUILDING_WORD = r"(?:ハイツ|ハイム|コーポ|メゾン|レジデンス|パレス|ヴィラ|カーサ|荘|ハウス|寮)"
_HANGUL_BUILDING_WORD = r"(?:하이츠|하이무|맨션|코포|메종|레지던스|빌라|하우스|아파트)"
_NAME_KJ = r"[\u3400-\u9fffァ-ヺー]"
_NAME_HIRAGANA = r"(?:(?![がはをにでのともへ])[ぁ-ゖ])"  # not a particle: "大家さんがコーポみどり"
# Units after a number that make it an amount or a count, not a room: "phòng 2 người", "room for 30000 yen".
_NOT_A_ROOM = (
    r"(?![ \t]?(?:người|nguoi|人|円|yen|yên|people|persons|pessoas|personas|orang|tao|m2|㎡|万|千|ngàn|nghìn|"
    r"mil|ribu|bath|baht|บาท|%|時|分|hours?|horas?|giờ|jam|oras|minutes?|min|days?|日))"
)
_BUILDING = re.compile(
    # "Sunny Heights 301", "Green Heights", "Sakura Haitsu"
    rf"(?<![A-Za-z])(?:{_CAP}[ \t]){{1,2}}{_LATIN_BUILDING_WORD}(?![A-Za-z]){_ROOM_NUMBER}?"
    # "Haitsu Sakura 201", "Maison Omiya 402", "Corpo Midori"
    rf"|(?<![A-Za-z])(?:Haitsu|Maison|Corpo|Kopo|Kōpo|Villa|Residence|Casa|Heights)[ \t]{_CAP}(?![A-Za-z])"
    rf"{_ROOM_NUMBER}?"
    # "サンハイツ201", "さくら荘", "コーポみどり102", "ハイツ川口105号室"
    rf"|(?:{_NAME_KJ}|{_NAME_HIRAGANA}){{1,8}}{_KANA_BUILDING_WORD}(?:[ \t]?\d{{1,4}}(?:号室|号|F|階)?)?"
    rf"|(?<![ァ-ヺー]){_KANA_BUILDING_WORD}(?:{_NAME_KJ}|{_NAME_HIRAGANA}){{1,8}}?[ \t]?\d{{2,4}}(?:号室|号)?"
    rf"|(?:{_NAME_KJ}){{2,8}}(?:マンション|アパート|ビル)[ \t]?\d{{2,4}}(?:号室|号)?"
    # "사쿠라 하이츠 201호"
    rf"|(?:[가-힣]{{2,6}}[ \t]?)?{_HANGUL_BUILDING_WORD}(?:[ \t]?\d{{1,4}}(?:호실|호|동)?)?(?![가-힣])"
    rf"|{_HANGUL_BUILDING_WORD}[가-힣]{{1,6}}(?:[ \t]?\d{{1,4}}(?:호실|호|동)?)?"
    # "2ちょうめ 15の3", "2丁目15番地3"
    r"|\d{1,2}[ \t]?(?:丁目|ちょうめ|チョウメ)[ \t]?\d{1,4}(?:[ \t]?(?:番地|番|ばんち|ばん|の|-|号|ごう)[ \t]?\d{1,4})*"
    r"(?:号|ごう)?"
)
_ROOM = re.compile(
    r"(?<![A-Za-z])(?i:room|rm\.?|phòng|phong|quarto|apto\.?|apt\.?|apartamento|depto\.?|departamento|cuarto|kwarto|"
    r"unit|kamar|bilik)[ \t]?(?:no\.?|number|số|so|nº|n°|#)?[ \t]?\d{2,4}[A-Za-z]?(?![\d\-])"
    + _NOT_A_ROOM
    + r"|(?:ห้อง|ห้องเลขที่|បន្ទប់(?:លេខ)?|အခန်း(?:နံပါတ်)?|कोठा(?:\s?नम्बर)?|කාමර(?:ය)?(?:\s?අංක)?|방)[ \t]?\d{2,4}(?![\d\-])"
    + _NOT_A_ROOM
    + r"|\d{2,4}[ \t]?(?:号室|호실|호(?![가-힣]))"
)
# The words a building or a room is named with, lower case, as one character trie: found first, so that the patterns
# above run only in a window around each (most messages have none).
_BUILDING_OR_ROOM_WORD = re.compile(
    cue_pattern(
        (
            *lx.words(
                "heights haitsu mansion manshon maison corpo copo kopo kōpo haimu heim palace residence rejidensu "
                "villa biru building bldg apartment apāto apato dormitory ryo ryō sō court hills terrace house "
                "casa room rm phòng phong quarto apto apt apartamento depto departamento cuarto kwarto unit kamar "
                "bilik ハイツ ハイム コーポ メゾン レジデンス パレス ヴィラ カーサ 荘 ハウス 寮 マンション アパート "
                "ビル 号室 호실 ห้อง បន្ទប់ အခန်း कोठा කාමර 하이츠 하이무 맨션 코포 메종 레지던스 빌라 하우스 아파트 "
                "丁目 ちょうめ チョウメ"
            ),
            *(f"{d}호" for d in "0123456789"),
            *(f"{d}방" for d in "0123456789"),
        )
    )
)
# How far before its word a building's name or a room's number may start, and after it end.
_BEFORE_WORD, _AFTER_WORD = 40, 24


def find_buildings_and_rooms(text: str, lower: str) -> Iterator[tuple[str, int, int]]:
    """A named building ("Sunny Heights 301", "コーポみどり102") or a room number ("room 303", "phòng 203")."""
    searched_to = 0
    for word in _BUILDING_OR_ROOM_WORD.finditer(lower):
        if word.end() <= searched_to:
            continue
        start, end = max(searched_to, word.start() - _BEFORE_WORD), min(len(text), word.end() + _AFTER_WORD)
        for pattern in (_BUILDING, _ROOM):
            for m in pattern.finditer(text, start, end):
                yield "ADDRESS", m.start(), m.end()
        searched_to = end


# ---------------------------------------------------------------- what joins a block number on either side

# A room after the block and its building: "1218-5, apto 2", "2-4-16 kamar 3", "5-2-7 #203", "2-5-9 အခန်း 6".
ROOM_AFTER_BLOCK = re.compile(
    r",?[ \t]*(?:(?i:room|rm\.?|apto\.?|apt\.?|apartamento|depto\.?|departamento|kamar|kwarto|phòng|quarto|cuarto|"
    r"unit|no\.?)[ \t]?(?:no\.?|#)?[ \t]?|#|(?:အခန်း|ห้อง|បន្ទប់|कोठा|කාමරය|කාමර)[ \t]?)\d{1,4}[A-Za-z]?(?![\d\-])"
    r"|[ \t]?\d{1,4}[ \t]?号室"
)
# A street written apart from its block ("浜松市中区 砂山町 350-6", "いえ は なかざわちょう 1-14-3"): the word right
# before the block.
_STREET_WORD_JA = re.compile(r"(?:^|(?<=[\s、,:：]))(?P<street>[\u3400-\u9fffぁ-ゖァ-ヺー々]{1,10})[ \t]$")
_MUNICIPALITY_END = tuple("市区郡県都府道")


def street_before_block(text: str, start: int) -> int | None:
    """Where the Japanese street word written a space before the block at `start` begins, or None.

    It is the street when a municipality comes right before it (a town stays: "群馬県 大泉町 1-2" keeps 大泉町 only
    when nothing of a municipality precedes it), or when it is a chō written in kana.
    """
    m = _STREET_WORD_JA.search(text, max(0, start - 12), start)
    if m is None:
        return None
    street = m.group("street")
    begin = m.start("street")
    cut = max(street.rfind(c) for c in _MUNICIPALITY_END)
    if cut >= 0:  # "岡崎市羽根町": the street is what follows the municipality
        begin += cut + 1
        street = street[cut + 1 :]
        if not street:
            return None
        return begin
    if street.endswith(("ちょう", "チョウ")):
        return begin
    if text[:begin].rstrip().endswith(("市", "区", "郡", "町", "村", "し", "く")):
        return begin
    return None
