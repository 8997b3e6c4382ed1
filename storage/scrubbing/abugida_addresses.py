"""The room and house numbers of an address as Thai, Khmer, Burmese, Nepali and Sinhala writers give them.

"ห้อง 201", "បន្ទប់ 301", "အခန်း 6", "कोठा नं. 4", "කාමර අංක 12", "บ้านเลขที่ 45/2": the number says where the person
sleeps. A count ("ห้อง 3 คน", three to a room) is not a room's number and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storage.scrubbing.patterns import nfkc

Span = tuple[str, int, int]

_ROOM = re.compile(
    nfkc(
        r"(?:ห้อง(?:เลขที่)?|บ้านเลขที่|បន្ទប់(?:លេខ)?|ផ្ទះលេខ|အခန်း(?:[ \t]?နံပါတ်)?|အိမ်အမှတ်|"
        r"कोठा(?:[ \t]?नं\.?)?|घर[ \t]?नं\.?|කාමර(?:ය)?(?:[ \t]?අංක)?|නිවසේ[ \t]?අංක)"
        r"[ \t]?:?[ \t]?\d{1,4}(?:[/\-]\d{1,4})?[A-Za-z]?(?!\d)"
        r"(?![ \t]?(?:คน|ขวบ|ปี|เดือน|นาที|ชั่วโมง|ห้อง|នាក់|ឆ្នាំ|បន្ទប់|ယောက်|နှစ်|ခန်း|जना|वर्ष|वटा|ओटा|කාමර|දෙනා|අවුරුදු))"
    )
)
# "อาคาร Green Hills", "អគារ Sakura Heights": a building named after the word for one.
_BUILDING = re.compile(
    nfkc(r"(?:อาคาร|ตึก|หอพัก|អគារ|អាផាតមិន|အဆောင်|တိုက်ခန်း|भवन|अपार्टमेन्ट|ගොඩනැගිල්ල|ඇපාට්මන්ට්)[ \t]?")
    + r"(?P<name>[A-Z][A-Za-z\-]*(?:[ \t][A-Z][A-Za-z\-]*){0,3})"
)
# "เลขที่ 2-8-17": the block and house numbers after the word for "number".
_BLOCK = re.compile(nfkc(r"(?:เลขที่|លេខ|နံပါတ်|नं\.?|අංක)[ \t]?(?P<block>\d{1,4}-\d{1,4}(?:-\d{1,4})?)(?![\d\-])"))
# What a message must hold for find_rooms to find anything.
ROOM_HINT = re.compile(
    nfkc(
        r"ห้อง|บ้านเลขที่|បន្ទប់|ផ្ទះលេខ|အခန်း|အိမ်အမှတ်|कोठा|घर[ \t]?नं|කාමර|නිවසේ|อาคาร|ตึก|หอพัก|អគារ|អាផាតមិន|"
        r"အဆောင်|တိုက်ခန်း|भवन|अपार्टमेन्ट|ගොඩනැගිල්ල|ඇපාට්මන්ට්|เลขที่|លេខ|နံပါတ်|नं|අංක"
    )
)


def find_rooms(text: str, lower: str) -> Iterator[Span]:
    for m in _ROOM.finditer(text):
        yield "ADDRESS", m.start(), m.end()
    for m in _BUILDING.finditer(text):
        yield "ADDRESS", m.start("name"), m.end("name")
    for m in _BLOCK.finditer(text):
        yield "ADDRESS", m.start("block"), m.end("block")
