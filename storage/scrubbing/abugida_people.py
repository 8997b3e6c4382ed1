"""The migrants' own people in Thai, Khmer, Burmese, Nepali and Sinhala messages: named after a word of family or
friendship, and the accounts they give as a display name.

"သမီး နန်းဆု" (daughter Nan Su), "កូនស្រី ស្រីពៅ", "छोरी सुमनलाई", "දුව තරුෂි", and romanised "bhai Suman",
"chora Aarav", "Ma Hnin": the word before is the cue, whatever the name, so no list of given names is needed.
"Facebook: Thida Win Japan", "fb එක Dilini Madushani Japan", "เฟส วิไลวรรณ เจแปน": an account named like a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storage.scrubbing import lexicon as lx
from storage.scrubbing.abugida import reads_as_a_town, said_where
from storage.scrubbing.japanese import is_place
from storage.scrubbing.patterns import LATIN, nfkc

Span = tuple[str, int, int]


def _alternatives(words: str) -> str:
    return "|".join(re.escape(nfkc(w)) for w in sorted(lx.words(words), key=len, reverse=True))


# ---------------------------------------------------------------- a word of family or friendship, then the name

_BURMESE = r"[\u1000-\u1049\u104c-\u109f]"
_KHMER = r"[\u1780-\u17d3]"
_DEVANAGARI = r"[\u0900-\u0963\u0971-\u097f\u200c\u200d]"
_SINHALA = r"[\u0d80-\u0df4\u200c\u200d]"
# (word before, letters of the name, words that are no name, case endings written against a name)
_RELATIONS = (
    (
        _alternatives("သမီး သားလေး သမီးလေး ယောက်ျား ဇနီး ခင်ပွန်း သူငယ်ချင်း အစ်ကို ညီမ အစ်မ"),
        _BURMESE,
        frozenset(
            lx.words(
                "က ကို ရဲ့ နဲ့ လည်း တွေ ဟာ မှာ လေး ကြီး ငယ် အကြီး အငယ် ကျွန်တော့် ကျွန်မ သူ့ ငါ့ နှစ်ယောက် ပါ ပဲ "
                "တစ်ယောက် တစ် နှစ် သုံး မ ဟုတ် လုပ် သွား ရှိ နေ ပြော"
            )
        ),
        ("ရဲ့", "နဲ့"),
    ),
    (
        _alternatives("កូនស្រី កូនប្រុស កូន ប្ដី ប្តី ប្រពន្ធ មិត្តភក្តិ មិត្ត ប្អូនស្រី ប្អូនប្រុស"),
        _KHMER,
        frozenset(lx.words("ខ្ញុំ គាត់ ស្រី ប្រុស របស់ ខ្ញុំបាទ នាង យើង ពួកគេ ម្នាក់ ពីរនាក់ តូច ធំ")),
        (),
    ),
    (
        _alternatives("छोरा छोरी श्रीमती श्रीमान बुढा बुढी भाइ बहिनी साथी दिदी दाइ"),
        _DEVANAGARI,
        frozenset(lx.words("लाई ले को मा र पनि मेरो हाम्रो उनको उसको सानो ठूलो एउटा पहिलो जापान नेपाल")),
        ("लाई", "ले", "को", "सँग", "संग", "ने"),
    ),
    (
        _alternatives("දුව පුතා දියණිය පුත්‍රයා සහෝදරයා සහෝදරිය බිරිඳ නෝනා යාළුවා යාලුවා මල්ලි නංගි අක්කා අයියා"),
        _SINHALA,
        frozenset(lx.words("මගේ මගෙ අපේ එයාගේ එයා ලොකු පොඩි දෙන්නා එක්ක ට ගේ ගෙ වල ජපන් ලංකා ඉන්නවා ව")),
        ("ට", "ගේ", "ගෙ", "ත්", "ව", "ටත්"),
    ),
)
_RELATION_PATTERNS = tuple(
    (
        re.compile(rf"(?<!{letters})(?:{before})[ \t]+(?P<name>{letters}{{2,14}})(?!{letters})"),
        not_names,
        endings,
    )
    for before, letters, not_names, endings in _RELATIONS
)
# Romanised Nepali and Sinhala, and Burmese in Latin letters: "bhai Suman lai", "chora Aarav", "Ma Hnin".
_RELATION_LATIN = re.compile(
    rf"(?<![{LATIN}])(?:chora|chori|bhai|bahini|srimati|shrimati|sathi|duwa|putha|chhmous|chhmuos|chmous|Ma|Ko|Daw|Maung)"
    r"[ \t]+"
    rf"(?P<name>[A-Z][a-z]{{2,14}})(?![{LATIN}])"
)
_BURMESE_LETTER = re.compile(_BURMESE)
_VERB_ENDINGS = tuple(lx.words("တယ် ဘူး ပြီ မယ် သည် ချင်တယ် ပါတယ် छ छु छन् छैन ो ්නවා නවා යි ហើយ ទេ"))
_BURMESE_IN_LATIN = ("Ma", "Ko", "Daw", "Maung")


# What a message must hold for find_relation_names to find anything.
RELATION_HINT = re.compile(
    "|".join(before for before, *_ in _RELATIONS)
    + r"|chora|chori|bhai|bahini|srimati|shrimati|sathi|duwa|putha|chhmous|chhmuos|chmous|Ma |Ko |Daw |Maung "
)


def find_relation_names(text: str, lower: str) -> Iterator[Span]:
    for pattern, not_names, endings in _RELATION_PATTERNS:
        for m in pattern.finditer(text):
            name = m.group("name")
            if name in not_names or (name.startswith(tuple(not_names)) and len(name) <= 3):
                continue
            if name.endswith(_VERB_ENDINGS):
                continue  # "သမီး ကျောင်းသွားတယ်": a verb, not a name
            if reads_as_a_town(name) or said_where(text, m.end("name")):
                continue  # "ညီမ တိုကျို မှာ": the sister is in Tokyo
            for ending in endings:
                if name.endswith(ending) and len(name) > len(ending) + 1:
                    name = name[: -len(ending)]
                    break
            yield "NAME", m.start("name"), m.start("name") + len(name)
    burmese = None
    for m in _RELATION_LATIN.finditer(text):
        name = m.group("name")
        if name.lower() in lx.NOT_A_NAME or is_place(name):
            continue
        if m.group().startswith(_BURMESE_IN_LATIN):
            burmese = bool(_BURMESE_LETTER.search(text)) if burmese is None else burmese
            if not burmese:
                continue  # "Ma" and "Ko" are Burmese only beside Burmese letters
        yield "NAME", m.start("name"), m.end("name")


# ---------------------------------------------------------------- accounts named like a person

_ACCOUNT_CUE = re.compile(
    nfkc(
        r"(?<![A-Za-z])(?:facebook|fb|messenger|เฟสบุ๊ค|เฟซบุ๊ก|เฟสบุ๊ก|เฟส|เฟซ|ហ្វេសប៊ុក|ហ្វេស|ဖေ့စ်ဘွတ်|ဖေ့ဘွတ်|फेसबुक|ෆේස්බුක්)"
        r"[ \t]*(?:page|id|ID)?[ \t]*(?::|=|-|ma|मा|එක|එකේ|မှာ|ชื่อ|คือ|ឈ្មោះ|គេ|ខ្ញុំ)?[ \t]*(?::)?[ \t]*['‘\"“]?"
    ),
    re.IGNORECASE,
)
_DISPLAY_NAME_LATIN = re.compile(r"[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){1,4}(?:[ \t]\((?:Japan|JP|Jp)\))?")
_DISPLAY_NAME_THAI = re.compile(nfkc(r"[\u0e01-\u0e4e]{2,20}(?:[ \t](?:เจแปน|ญี่ปุ่น|[\u0e01-\u0e4e]{2,20}))?"))
_ID_CUE = re.compile(
    nfkc(
        r"(?:ไอดี|ไลน์ไอดี|ไลน์|အိုင်ဒီ|អាយឌី|आईडी|आइडी|(?<![A-Za-z])(?:LINE|Line|line)(?:[ \t]?(?:ID|id|Id))?)"
        r"[ \t]*(?:ខ្ញុំ|หนู|ผม|ฉัน|ของฉัน|ကျွန်တော့်|ကျွန်မ|मेरो|මගේ)?[ \t]*:?[ \t]*"
        r"(?P<id>[A-Za-z][A-Za-z0-9._\-]{2,30})"
    )
)
_HANDLE_MARK = re.compile(r"[\d._]")


# What a message must hold for find_display_names to find anything.
ACCOUNT_HINT = re.compile(
    nfkc(r"facebook|fb|messenger|line|เฟส|เฟซ|ไลน์|ហ្វេស|ဖေ့|फेसबुक|ෆේස්බුක්|ไอดี|အိုင်ဒီ|អាយឌី|आईडी|आइडी"), re.IGNORECASE
)


def find_display_names(text: str, lower: str) -> Iterator[Span]:
    for m in _ACCOUNT_CUE.finditer(text):
        name = _DISPLAY_NAME_LATIN.match(text, m.end()) or _DISPLAY_NAME_THAI.match(text, m.end())
        words = name.group().split() if name else []
        if name and (len(words) >= 3 or (words[0].lower() not in lx.NOT_A_NAME and not is_place(words[0]))):
            yield "HANDLE", name.start(), name.end()
    for m in _ID_CUE.finditer(text):
        if _HANDLE_MARK.search(m.group("id")) or not m.group().startswith(("LINE", "Line", "line")):
            yield "HANDLE", m.start("id"), m.end("id")
