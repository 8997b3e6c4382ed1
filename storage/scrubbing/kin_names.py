"""People named by a word of kinship or address written against the name, as the writers' own languages do.

"พี่สมชายกับน้องต้อม" (elder Somchai and younger Tom), "ကိုထက်နိုင်" (Ko Htet Naing), "සුනිල් අයියා" (brother
Sunil), "Nuwan aiya", "Khatri dai", "បង Sokha", "con Thảo", "Magar le" (Nepali marks who does something with le):
the word of kinship is the cue, whatever the name, so that no list of given names is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storage.scrubbing import lexicon as lx
from storage.scrubbing.japanese import is_place
from storage.scrubbing.patterns import LATIN, nfkc

Span = tuple[str, int, int]

_NAME_LATIN = rf"[A-ZÀ-ÝĐ][{LATIN}\u0300-\u036f']+"


def _not_a_name(word: str) -> bool:
    low = word.lower()
    return low in lx.NOT_A_NAME or low in lx.PLACES_AND_PEOPLES or is_place(word)


# ---------------------------------------------------------------- Latin script

# Romanised Sinhala, Nepali and Hindi put the word of kinship after the name: "Nuwan aiya", "Sita didi".
_KIN_AFTER_LATIN = re.compile(
    rf"(?<![{LATIN}])(?P<name>{_NAME_LATIN})[ \t](?:aiya|ayya|akka|malli|nangi|dai|daju|didi|bhai|bahini|"
    r"mahaththaya|mahattaya|anna|akki|thambi)(?![a-z])"
)
# Romanised Nepali marks the doer with le: "Magar le raati message pathaucha". Not at the start of a sentence.
_AGENT_LATIN = re.compile(rf"(?<=[a-z,][ \t])(?P<name>{_NAME_LATIN})[ \t]le[ \t](?=[a-z])")
# A word of address in another script, or Vietnamese, before a name in Latin letters: "បង Sokha", "မ Thiri",
# "พี่ Nok", "Bé Na", "con Thảo".
_KIN_BEFORE_LATIN = re.compile(
    rf"(?:(?<![\u1780-\u17ff])(?:បង|ប្អូន|ពូ|មីង|អ៊ំ|មិត្ត)|(?<![\u1000-\u109f])(?:ကို|မ|ဦး|ဒေါ်|မောင်)"
    rf"|(?<![\u0e00-\u0e7f])(?:พี่|น้อง)|(?<![{LATIN}])(?:[Bb]é|con|thằng|nhỏ))[ \t](?P<name>{_NAME_LATIN})"
)
KIN_LATIN_HINT = re.compile(
    r"[ \t](?:aiya|ayya|akka|malli|nangi|dai|daju|didi|bhai|bahini|mahatt?haya|anna|akki|thambi|le)(?![a-z])"
    r"|(?:បង|ប្អូន|ពូ|មីង|អ៊ំ|មិត្ត|ကို|မ|ဦး|ဒေါ်|မောင်|พี่|น้อง|[Bb]é|con|thằng|nhỏ)[ \t][A-ZÀ-ÝĐ]"
)


def find_kin_names_latin(text: str, lower: str) -> Iterator[Span]:
    for pattern in (_KIN_AFTER_LATIN, _AGENT_LATIN, _KIN_BEFORE_LATIN):
        for m in pattern.finditer(text):
            if not _not_a_name(m.group("name")):
                yield "NAME", m.start("name"), m.end("name")


# ---------------------------------------------------------------- Thai

# Thai writes the word of kinship against the name and the name against the next word: the name ends where a
# common word starts ("พี่นกแนะนำ", "น้องต้อมโดน").
_THAI_KIN = re.compile(nfkc(r"(?<![\u0e00-\u0e7f])(?:พี่|น้อง|ไอ้|เจ๊|เฮีย|ป้า|ลุง|น้า)(?P<rest>[\u0e01-\u0e4e]+)"))
_THAI_NOT_A_NAME_START = tuple(
    nfkc(w)
    for w in lx.words(
        "น้อง พี่ สาว ชาย ๆ เลี้ยง ครับ ค่ะ คะ คับ จ๋า จ้า ช่วย ทำ ได้ ไม่ เขา เค้า เรา ผม หนู ฉัน ก็ จะ ว่า บอก "
        "ที่ ของ คน ๆ เขย สะใภ้ ชา ใหญ่ เล็ก คนโต ไป มา อยู่ เป็น"
    )
)
# Words a name is followed by, written against it: "and", verbs of telling, seeing, suffering, working.
_THAI_AFTER_A_NAME = re.compile(
    nfkc(
        r"กับ|และ|โดน|ถูก|บอก|เห็น|แนะนำ|ทำงาน|ทำ|ไป|มา|ได้|ก็|ว่า|ที่|ของ|จะ|ไม่|เป็น|อยู่|ให้|ช่วย|เคย|ยัง|พูด|"
        r"โทร|ส่ง|ซึ่ง|ด้วย|ค่ะ|ครับ|คะ|นะ|เขา|เค้า|ป่วย|เจ็บ|ตี|ด่า|โกง|หนี|ถาม|รู้|ติด|คือ|ซึ่ง|ทั้ง|เลย|แล้ว"
    )
)


def find_kin_names_thai(text: str, lower: str) -> Iterator[Span]:
    for m in _THAI_KIN.finditer(text):
        rest = m.group("rest")
        if rest.startswith(_THAI_NOT_A_NAME_START):
            continue
        after = _THAI_AFTER_A_NAME.search(rest, 1)
        name = rest[: after.start()] if after else rest
        if len(name) >= 2:
            yield "NAME", m.start("rest"), m.start("rest") + len(name)


# ---------------------------------------------------------------- Burmese

# "ကိုထက်နိုင်", "ဦးအောင်", "ဒေါ်ခင်": Ko, U, Daw, Maung written against the name; a word of its own ends it.
_BURMESE_KIN = re.compile(
    r"(?<![\u1000-\u109f])(?:ကို|ဦး|ဒေါ်|မောင်|(?:သမီး|သား|ကလေး|ယောက်ျား|မိန်းမ|ဇနီး|အမေ|အဖေ|သူငယ်ချင်း)[ \t])"
    r"(?P<name>[\u1000-\u1021\u1025\u1027\u1029][\u1000-\u109f]*)"
)
_BURMESE_SYLLABLE_END = re.compile(r"[\u1000-\u1021][\u103a\u1039]")  # a consonant closing the syllable before
_BURMESE_NOT_A_NAME = ("ယ်", "ရီးယား", "ရိုနာ", "ယ့်", "လာ")  # ဒေါ်လာ is a dollar


def find_kin_names_burmese(text: str, lower: str) -> Iterator[Span]:
    for m in _BURMESE_KIN.finditer(text):
        name = m.group("name")
        if _BURMESE_SYLLABLE_END.match(name) or name.startswith(_BURMESE_NOT_A_NAME) or len(name) < 2:
            continue  # "ကိုယ်" is "self", "ကိုရီးယား" Korea
        yield "NAME", m.start("name"), m.end("name")


# ---------------------------------------------------------------- Sinhala

# "සුනිල් අයියා", "ප්‍රියන්ත මහත්තයාට", "කසුන් මල්ලි": the word of kinship or respect after the name.
_SINHALA_KIN = re.compile(
    r"(?<![\u0d80-\u0dff\u200d])(?P<name>[\u0d85-\u0dc6][\u0d80-\u0df4\u200c\u200d]*)[ \t]"
    r"(?:අයියා|අක්කා|මල්ලි|නංගි|මහත්තයා|මහත්මයා|නෝනා|මාමා|නැන්දා|අයියට|අක්කට)"
)
_SINHALA_NOT_A_NAME = frozenset(
    lx.words("මගේ මගෙ අපේ අපෙ එයාගේ ඔයාගේ මම එයා ලොකු පොඩි ගෙදර මගේම අපේම එයාගෙ ඔයාගෙ ඒ මේ ඔය බාල වැඩිමල් ලොක්කා")
)


def find_kin_names_sinhala(text: str, lower: str) -> Iterator[Span]:
    for m in _SINHALA_KIN.finditer(text):
        if m.group("name") not in _SINHALA_NOT_A_NAME:
            yield "NAME", m.start("name"), m.end("name")
