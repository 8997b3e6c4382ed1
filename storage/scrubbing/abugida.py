"""Japanese names written in Thai, Khmer, Burmese, Devanagari and Sinhala letters: "ทานากะ", "តាណាកា", "တာနာကာ",
"सुजुकी", "ටනකා".

Writers spell a Japanese name by ear, each a little differently (ทานากะ or ทะนะคะ, सुजुकी or सुज़ुकी), so the names are
not listed in each script. Instead the text of those scripts is read back into a coarse key of Japanese sounds,
syllable by syllable: the consonant's class (voiced and voiceless alike, sh/ch/j/z/s alike, r and l alike), the
vowel, and a final n; long vowels and double consonants drop out. The surnames and given names of UniDic
(ja_lexicon.tsv, through their kana readings) are turned into the same keys, so that one set lookup per syllable
position finds a name whatever the spelling.

Thai, Khmer and Burmese write words against each other, so a name is looked for at every syllable, and must be
three morae or more (Tanaka, Honda) unless "san" follows or a role word comes before. Devanagari and Sinhala put
spaces between words: there a name must be a whole word, or a word with a case ending.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

from storage.scrubbing import lexicon as lx
from storage.scrubbing import places
from storage.scrubbing.japanese import SURNAMES_KANA_ABROAD
from storage.scrubbing.patterns import nfkc
from storage.scrubbing.romaji import hepburn

Span = tuple[str, int, int]
# A syllable read from the text: its key ("Ta", "o", "N"), where it starts and ends, and whether its vowel is
# written (Japanese names are written with every vowel; the words of Thai, Khmer and Burmese often are not).
# A syllable closed by a consonant other than n is no Japanese sound, but for the first half of a double consonant
# (มัตสึ, Matsu): its key is marked with "-" and the consonant's class.
Syllable = tuple[str, int, int, bool]

# ---------------------------------------------------------------- keys from romaji

_CLASS_OF_ONSET = {
    "k": "K", "g": "K", "ky": "K", "gy": "K", "s": "S", "z": "S", "sh": "S", "ch": "S", "ts": "S", "j": "S",
    "t": "T", "d": "T", "n": "N", "ny": "N", "h": "H", "f": "H", "hy": "H", "b": "P", "p": "P", "v": "P",
    "by": "P", "py": "P", "m": "M", "my": "M", "y": "Y", "r": "R", "ry": "R", "w": "W",
}  # fmt: skip
_ONSET = re.compile(r"sh|ch|ts|[kgnhbpmr]y|[kgszjtdnhfbpvmyrw]")
_VOWELS = "aiueo"


def romaji_key(romaji: str) -> tuple[str, ...]:
    """The syllable keys of a Hepburn romaji ("tanaka" -> Ta Na Ka); empty if it does not read as Japanese."""
    s = romaji.lower()
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i"), ("ei", "e")):
        s = s.replace(long, short)
    out: list[str] = []
    i = 0
    while i < len(s):
        c = s[i]
        if c in _VOWELS:
            out.append(c)
            i += 1
            continue
        if c == "n" and (i + 1 == len(s) or s[i + 1] not in _VOWELS + "y"):
            out.append("N")
            i += 1
            continue
        if i + 1 < len(s) and s[i + 1] == c:
            i += 1  # a double consonant: ッ
            continue
        if c == "t" and s.startswith("tch", i):
            i += 1
            continue
        m = _ONSET.match(s, i)
        if not m or m.end() >= len(s) or s[m.end()] not in _VOWELS:
            return ()
        out.append(_CLASS_OF_ONSET[m.group()] + s[m.end()])
        i = m.end() + 1
    return tuple(out)


# ---------------------------------------------------------------- reading each script

# Consonant letters of each script: their class ("" for a letter that only carries a vowel).
_THAI_CONSONANTS = {
    **dict.fromkeys("กขฃคฅฆ", "K"), **dict.fromkeys("จฉชซศษสฌ", "S"), **dict.fromkeys("ญย", "Y"),
    **dict.fromkeys("ฎฏฐฑฒดตถทธ", "T"), **dict.fromkeys("ณน", "N"), **dict.fromkeys("บปผพภ", "P"),
    **dict.fromkeys("ฝฟหฮ", "H"), "ม": "M", **dict.fromkeys("รลฬ", "R"), "ว": "W", "อ": "", "ง": "G",
}  # fmt: skip
_THAI_VOWELS = {**dict.fromkeys("ะาัๅ", "a"), **dict.fromkeys("ิี", "i"), **dict.fromkeys("ึืุู", "u"), "ำ": "a"}
_THAI_LEADING = {"เ": "e", "แ": "e", "โ": "o", "ไ": "y", "ใ": "y"}  # y: ai, a sound no key has
_THAI_IGNORED = frozenset("่้๊๋็์")

_KHMER_CONSONANTS = {
    **dict.fromkeys("កខគឃ", "K"), "ង": "G", **dict.fromkeys("ចឆជឈស", "S"), "ញ": "N",
    **dict.fromkeys("ដឋឌឍតថទធ", "T"), **dict.fromkeys("ណន", "N"), **dict.fromkeys("បផពភ", "P"), "ម": "M",
    "យ": "Y", **dict.fromkeys("រលឡ", "R"), "វ": "W", "ហ": "H", "អ": "",
}  # fmt: skip
_KHMER_VOWELS = {
    "ា": "a", "ិ": "i", "ី": "i", "ឹ": "u", "ឺ": "u", "ុ": "u", "ូ": "u", "ួ": "o", "ើ": "e", "ៀ": "i", "េ": "e",
    "ែ": "e", "ៃ": "y", "ោ": "o", "ៅ": "y", "ំ": "y", "ះ": "a",
}  # fmt: skip
_KHMER_IGNORED = frozenset("៉៊់៍៌៎៏័")

_BURMESE_CONSONANTS = {
    **dict.fromkeys("ကခဂဃ", "K"), "င": "G", **dict.fromkeys("စဆဇဈ", "S"), "ည": "N",
    **dict.fromkeys("ဋဌဍဎတထဒဓ", "T"), **dict.fromkeys("ဏန", "N"), **dict.fromkeys("ပဖဗဘ", "P"), "မ": "M",
    "ယ": "Y", **dict.fromkeys("ရလဠ", "R"), "ဝ": "W", "သ": "S", "ဟ": "H", "အ": "",
}  # fmt: skip

_DEVANAGARI_CONSONANTS = {
    **dict.fromkeys("कगक़ग़", "K"), "ङ": "G", **dict.fromkeys("चजशषसज़", "S"), "ञ": "N",
    **dict.fromkeys("टडतदड़", "T"), **dict.fromkeys("णन", "N"), **dict.fromkeys("पब", "P"),
    # aspirated letters write no Japanese sound: कोठा is a room, not Kodama
    **dict.fromkeys("खघछझठढथधभढ़", "X"),
    **dict.fromkeys("फफ़ह", "H"), "म": "M", "य": "Y", **dict.fromkeys("रलळ", "R"), "व": "W",
}  # fmt: skip
_DEVANAGARI_VOWEL_SIGNS = {"ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "े": "e", "ै": "e", "ो": "o", "ौ": "o"}
_DEVANAGARI_VOWELS = {
    "अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ए": "e", "ऐ": "e", "ओ": "o", "औ": "o",
}  # fmt: skip

_SINHALA_CONSONANTS = {
    **dict.fromkeys("කග", "K"), **dict.fromkeys("ඞඟ", "G"), **dict.fromkeys("චජශෂස", "S"), "ඤ": "N",
    **dict.fromkeys("ටඩතදඬ", "T"), **dict.fromkeys("ණන", "N"), **dict.fromkeys("පබඹ", "P"),
    **dict.fromkeys("ඛඝඡඣඨඪථධඵභ", "X"),
    **dict.fromkeys("හෆ", "H"), "ම": "M", "ය": "Y", **dict.fromkeys("රලළ", "R"), "ව": "W",
}  # fmt: skip
_SINHALA_VOWEL_SIGNS = {
    "ා": "a", "ැ": "a", "ෑ": "a", "ි": "i", "ී": "i", "ු": "u", "ූ": "u", "ෙ": "e", "ේ": "e", "ො": "o", "ෝ": "o",
    "ෛ": "a", "ෞ": "a",
}  # fmt: skip
_SINHALA_VOWELS = {
    "අ": "a", "ආ": "a", "ඇ": "a", "ඈ": "a", "ඉ": "i", "ඊ": "i", "උ": "u", "ඌ": "u", "එ": "e", "ඒ": "e", "ඔ": "o",
    "ඕ": "o",
}  # fmt: skip

_FINAL_NASALS = frozenset("NMG")


class _Reader:
    """Syllables built one letter at a time: an onset, a vowel, and a final consonant."""

    def __init__(self, inherent: str) -> None:
        self.inherent = inherent
        self.out: list[Syllable] = []
        self.onset: str | None = None
        self.vowel: str | None = None
        self.written = False
        self.start = 0
        self.end = 0

    def close(self) -> None:
        if self.onset is not None:
            written = self.vowel is not None and self.written
            self.out.append((self.onset + (self.vowel or self.inherent), self.start, self.end, written))
        self.onset, self.vowel, self.written = None, None, False

    def begin(self, onset: str, pos: int) -> None:
        self.close()
        self.onset, self.start, self.end = ("" if onset == "G" else onset), pos, pos + 1

    def final(self, letter_class: str, pos: int) -> None:
        """The letter closes the syllable: ン when a nasal, else the first half of a double consonant."""
        self.close()
        if letter_class in _FINAL_NASALS and self.out:
            self.out.append(("N", pos, pos + 1, True))
        elif self.out:
            last, start, end, written = self.out[-1]
            self.out[-1] = (last + "-" + letter_class, start, end, written)

    def set_vowel(self, vowel: str, pos: int, *, written: bool = True) -> None:
        if self.onset is None:
            return
        if self.vowel is None:
            self.vowel, self.written = vowel, written
        self.end = pos + 1

    def extend(self, pos: int) -> None:
        if self.onset is not None:
            self.end = pos + 1
        elif self.out:
            last, start, _, written = self.out[-1]
            self.out[-1] = (last, start, pos + 1, written)


def _read_thai(text: str, start: int, end: int) -> list[Syllable]:
    r = _Reader("a")
    lead: str | None = None
    lead_at = start
    i = start
    while i < end:
        c = text[i]
        nxt = text[i + 1] if i + 1 < end else ""
        while nxt in _THAI_IGNORED and nxt:
            nxt = text[i + 2] if i + 2 < end else ""
            break
        if c in _THAI_LEADING:
            r.close()
            lead, lead_at = _THAI_LEADING[c], i
        elif c in _THAI_CONSONANTS:
            cls = _THAI_CONSONANTS[c]
            if cls == "G" and (lead is not None or r.onset is None or r.vowel is not None):
                cls = "K"  # ง starting a syllable writes Japanese g: ยามางาตะ, Yamagata
            if lead is not None:
                r.begin(cls, lead_at)
                if lead == "e" and text.startswith("ีย", i + 1) and i + 3 <= end:
                    # เกียว, เงียว: Japanese kyo, gyo (โตเกียว, โคเงียว); the ย and a closing ว are the yo
                    skip = 3 if text.startswith("ว", i + 3) and i + 4 <= end else 2
                    r.set_vowel("o", i + skip)
                    i += skip
                else:
                    r.set_vowel(lead, i)
                lead = None
            elif c == "อ" and r.onset is not None and r.vowel is None:
                r.set_vowel("o", i)  # ฮอน: อ is the vowel o of a closed syllable
            elif r.onset is not None and nxt not in _THAI_VOWELS and nxt != "อ" and (r.vowel is not None or c != "อ"):
                if r.vowel is None:
                    r.set_vowel("o", i - 1, written=False)  # สม: the vowel of a closed syllable is o
                r.final(cls, i)
            else:
                r.begin(cls, i)
        elif c in _THAI_VOWELS:
            r.set_vowel(_THAI_VOWELS[c], i)
        elif c in _THAI_IGNORED:
            r.extend(i)
        i += 1
    r.close()
    return r.out


def _read_khmer(text: str, start: int, end: int) -> list[Syllable]:
    r = _Reader("a")
    i = start
    while i < end:
        c = text[i]
        nxt = text[i + 1] if i + 1 < end else ""
        if c == "្" and nxt in _KHMER_CONSONANTS:
            if r.onset == "H" and r.vowel is None:
                r.onset = "H" if nxt == "វ" else _KHMER_CONSONANTS[nxt]  # ហ្គ g, ហ្ស z, ហ្វ f
            r.extend(i + 1)
            i += 2
            continue
        if c in _KHMER_CONSONANTS:
            cls = _KHMER_CONSONANTS[c]
            ends_syllable = r.onset is not None and r.vowel is not None
            if ends_syllable and nxt not in _KHMER_VOWELS and nxt != "្" and nxt not in _KHMER_IGNORED:
                r.final(cls, i)
            else:
                r.begin(cls, i)
        elif c in _KHMER_VOWELS:
            r.set_vowel(_KHMER_VOWELS[c], i)
        elif c in _KHMER_IGNORED:
            r.extend(i)
        i += 1
    r.close()
    return r.out


def _read_burmese(text: str, start: int, end: int) -> list[Syllable]:
    r = _Reader("a")
    i = start
    while i < end:
        c = text[i]
        nxt = text[i + 1] if i + 1 < end else ""
        if c in _BURMESE_CONSONANTS:
            cls = _BURMESE_CONSONANTS[c]
            if nxt in ("်", "္"):  # asat, virama: the consonant closes the syllable before
                r.final(cls, i)
                i += 2
                continue
            r.begin(cls, i)
        elif c == "ျ":
            if r.onset == "K":
                r.onset = "S"  # ကျ ချ ဂျ: ch, j
            r.extend(i)
        elif c == "ှ":
            if r.onset == "R":
                r.onset = "S"  # ရှ: sh
            r.extend(i)
        elif c in "ါာ":
            r.set_vowel("o" if r.vowel == "e" else "a", i)
            if r.vowel == "e":
                r.vowel = "o"  # ော
        elif c in "ိီ":
            r.set_vowel("i", i)
        elif c in "ုူ":
            if r.vowel == "i":
                r.vowel = "o"  # ို
                r.extend(i)
            else:
                r.set_vowel("u", i)
        elif c in "ေဲ":
            r.set_vowel("e", i)
        elif c == "ံ":
            r.final("N", i)
        elif c in "ဣဤ":
            r.begin("", i)
            r.set_vowel("i", i)
        elif c in "ဥဦ":
            r.begin("", i)
            r.set_vowel("u", i)
        elif c == "ဧ":
            r.begin("", i)
            r.set_vowel("e", i)
        elif c in "ဩဪ":
            r.begin("", i)
            r.set_vowel("o", i)
        elif c in "့းြွ":
            r.extend(i)
        i += 1
    r.close()
    return r.out


def _read_indic(
    text: str,
    start: int,
    end: int,
    consonants: dict[str, str],
    signs: dict[str, str],
    vowels: dict[str, str],
    virama: str,
    nasal: str,
) -> list[Syllable]:
    r = _Reader("a")
    i = start
    while i < end:
        c = text[i]
        nxt = text[i + 1] if i + 1 < end else ""
        if nxt == "\u093c":  # a nukta: ज़ is z, फ़ f
            nxt = text[i + 2] if i + 2 < end else ""
        if c in consonants:
            glide = i + 2
            while glide < end and text[glide] in "\u200c\u200d":
                glide += 1
            if nxt == virama and glide < end and text[glide] in "यය" and consonants[c] not in ("Y", "R"):
                r.begin(consonants[c], i)  # ग्यो, ක්‍යෝ: gyo, kyo, one syllable as in romaji
                r.extend(glide)
                i = glide + 1
                continue
            if nxt == virama:
                r.final(consonants[c], i)
            else:
                r.begin(consonants[c], i)
        elif c in signs:
            r.set_vowel(signs[c], i)
        elif c in vowels:
            r.begin("", i)
            r.set_vowel(vowels[c], i)
        elif c in nasal:
            r.final("N", i)
        else:
            r.extend(i)
        i += 1
    r.close()
    return r.out


# A vowel written as a letter of its own after the same vowel (or u after o, i after e) lengthens it, as "ou" and
# "ei" do in romaji: ඉනොඋඒ is i-no-u-e, read as Inoue's key i No e.
_LENGTHENS = frozenset({("o", "u"), ("o", "o"), ("u", "u"), ("a", "a"), ("i", "i"), ("e", "i"), ("e", "e")})


def _without_long_vowels(syllables: list[Syllable]) -> list[Syllable]:
    out: list[Syllable] = []
    for syllable in syllables:
        key = syllable[0]
        if out and len(key) == 1 and key in _VOWELS and (out[-1][0][-1:], key) in _LENGTHENS:
            last, start, _, written = out[-1]
            out[-1] = (last, start, syllable[2], written)
            continue
        out.append(syllable)
    return out


def _read_devanagari(text: str, start: int, end: int) -> list[Syllable]:
    return _read_indic(text, start, end, _DEVANAGARI_CONSONANTS, _DEVANAGARI_VOWEL_SIGNS, _DEVANAGARI_VOWELS, "्", "ंँ")


def _read_sinhala(text: str, start: int, end: int) -> list[Syllable]:
    return _read_indic(text, start, end, _SINHALA_CONSONANTS, _SINHALA_VOWEL_SIGNS, _SINHALA_VOWELS, "්", "ං")


# ---------------------------------------------------------------- the names, as keys


# Surnames; surnames that are also towns; towns and prefectures.
Keys = tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]


def fold(key: tuple[str, ...]) -> tuple[str, ...]:
    """The key with o and u alike: Khmer writes Japanese o and u with the same signs (សាតូ Sato, ស៊ូស៊ូគី Suzuki)."""
    return tuple(s.replace("o", "u") for s in key)


@cache
def _name_keys(folded: bool = False) -> Keys:
    """Keys of UniDic's commoner surnames, of those that are also towns (a person only with a cue), and of towns."""
    keys: set[tuple[str, ...]] = set()
    for kana in SURNAMES_KANA_ABROAD:
        romaji = hepburn(kana)
        if romaji:
            key = romaji_key(romaji)
            if len(key) >= 2:
                keys.add(key)
    towns = {
        romaji_key(p) for p in (*lx.PREFECTURES_ROMAJI, *lx.MAJOR_CITIES_ROMAJI, *places.JAPANESE_CITIES) if p.isalpha()
    }
    if folded:
        keys, towns = {fold(k) for k in keys}, {fold(k) for k in towns}
    return frozenset(keys), frozenset(keys & towns), frozenset(towns)


_LONGEST = 7
# Words of a role written before a name: "หัวหน้าฮอนดะ", "ប្រធាន", "သူဌေး", "साहू", "සුපර්වයිසර්"; of a landlord,
# a broker, an interpreter, a teacher; "ask" (សួរ).
_ROLE_BEFORE = re.compile(
    nfkc(
        r"(?:หัวหน้า|นาย|คุณ|เจ้าของ|เจ้าของบ้าน|เจ้าของหอ|ผู้จัดการ|นายจ้าง|นายหน้า|ล่าม|ครู|ประธาน|ซาโจ|ชาโจ|"
        r"ប្រធាន|លោក|ចៅហ្វាយ|ថៅកែ|មេការ|សូម|ម្ចាស់ផ្ទះ|ម្ចាស់|អ្នកបកប្រែ|មេខ្យល់|គ្រូ|(?<!ជំរាប)សួរ|"
        r"သူဌေး|ဆရာ|ဘော့စ်|ဘော့|မန်နေဂျာ|ပိုင်ရှင်|အိမ်ရှင်|စကားပြန်|ပွဲစား|ရှချိုး|ရှာချို|"
        r"साहू|साहु|मालिक|हाकिम|म्यानेजर|मानेजर|बोस|सुपरभाइजर|दलाल|घरबेटी|दोभाषे|शाचो|"
        r"සුපර්වයිසර්|බොස්|මැනේජර්|අයිතිකරු|අයිතිකාරයා|ලොක්කා|ගෙදර අයිතිකාරයා|ඒජන්ට්|පරිවර්තක|ශාචෝ)[ \t]?$"
    )
)
# Words after a short name that say someone is called it, or speaks: "ဟော်ရီ ဆိုတဲ့", "ඉනොඋඒ කියන", "सातो भन्ने",
# "សាតូ ប្រាប់", "සාටෝ කියනවා"; Burmese marks who does something with က: "ဆာတို က".
_SAID_AFTER = re.compile(
    nfkc(
        r"[ \t]?(?:ဆိုတဲ့|ဆိုသူ|က[ \t]|ကပြော|ပြော|කියන|කියලා|කිව්වා|භන්නේ|भन्ने|ले[ \t]|लाई[ \t]|ने[ \t]|"
        r"ប្រាប់|និយាយ|ថា|ឈ្មោះ|บอก|พูด|ว่า|ด่า|ที่ชื่อ|ชื่อ|จะ)"
    )
)
# Where a name can be, found by `re` before any letter is read in Python: in Thai, Khmer and Burmese two syllables
# or more in a row, each with its vowel written (or closed by n, or by the first half of a double consonant), as
# Japanese names are written.
_THAI_SYLLABLES = re.compile(
    nfkc(
        r"(?:(?:[เแโ][ก-ฮ][่-๋็]?[ะาิีึืุู]?|[ก-ฮ][ัาะิีึืุูำ][่-๋็]?[ะา]?|[ก-ฮ]อ)[่-๋็์]?"
        r"(?:[นมง](?![ะ-ูเ-ไ็่-๋])|[ตดกคปพ](?=[ก-ฮ][ะ-ูเ-ไ็่-๋]))?){2,}"
    )
)
_KHMER_SYLLABLES = re.compile(r"(?:[ក-អ](?:្[ក-អ])?[៉៊]?[ា-ៅ][ំះ]?[៉៊់]?(?:[នណមងយ](?![ា-ៅ្៉៊]))?){2,}")
_BURMESE_SYLLABLES = re.compile(r"(?:[က-အဣ-ဪ][ျ-ှ]*[ါ-ဲ]*[့း]*(?:[နမငည]်[့း]*|ံ[့း]*|်[့း]*)?){2,}")
_SCRIPTS = (
    # (where a name can be, reader, whether words are spaced, whether o and u are alike)
    (_THAI_SYLLABLES, _read_thai, False, False),
    (_KHMER_SYLLABLES, _read_khmer, False, True),
    (_BURMESE_SYLLABLES, _read_burmese, False, False),
    (
        re.compile(
            r"(?<![\u0900-\u0963\u0971-\u097f])[\u0900-\u0963\u0971-\u097f]{2,16}(?![\u0900-\u0963\u0971-\u097f])"
        ),
        _read_devanagari,
        True,
        False,
    ),
    (
        re.compile(r"(?<![\u0d80-\u0df4\u200c\u200d])[\u0d80-\u0df4\u200c\u200d]{2,16}(?![\u0d80-\u0df4\u200c\u200d])"),
        _read_sinhala,
        True,
        False,
    ),
)
# Case endings written against a name in the spaced scripts: "ටනකාට", "ටනකාගෙන්", "सुजुकीले", "सुजुकीको".
_ENDINGS = frozenset(lx.words("ට ගෙන් ගේ ගෙ ගෙන් ත් ටත් ලා ව ටයි ගේද ले को लाई ने से का की सँग संग जी सान"))
_HONORIFIC_AFTER = re.compile(r"[ \t]?(?:සාන්|सान|san\b|ซัง|ซาน|សាន|ဆန်း|စံ)")
ABUGIDA_LETTER = re.compile(r"[\u0e01-\u0e2e\u1780-\u17a2\u1000-\u1021\u0905-\u0939\u0d85-\u0dc6]")


def _doubled_only(syllables: list[Syllable], i: int, length: int) -> bool:
    """Every syllable of the name closed by a consonant other than n is closed by the next one's: มัต-สึ, ハッ-トリ."""
    for j in range(i, i + length):
        key = syllables[j][0]
        if "-" not in key:
            continue
        stop = key.rsplit("-", 1)[1]
        onset = syllables[j + 1][0][:1] if j + 1 < i + length else ""
        if not (onset == stop or (stop == "T" and onset == "S")):
            return False
    return True


def find_abugida_names(text: str, lower: str) -> Iterator[Span]:
    for run_pattern, read, spaced, folded in _SCRIPTS:
        first = run_pattern.search(text)
        if first is None:
            continue
        keys = _name_keys(folded)
        for run in run_pattern.finditer(text, first.start()):
            if spaced:
                # Words of the spaced scripts come back in every message: each is read once.
                start = run.start()
                read_alone = _word_that_may_be_a_name(read, run.group())
                syllables = [(key, s + start, e + start, written) for key, s, e, written in read_alone]
            else:
                syllables = read(text, run.start(), run.end())
            if syllables:
                yield from _names_in(text, syllables, keys, run.start(), run.end(), spaced, folded)


@lru_cache(maxsize=8192)
def _word_that_may_be_a_name(read: Callable[[str, int, int], list[Syllable]], word: str) -> tuple[Syllable, ...]:
    """The syllables of a word, or none when no name starts it."""
    syllables = _without_long_vowels(read(word, 0, len(word)))
    names = _name_keys()[0]
    for length in range(min(_LONGEST, len(syllables)), 1, -1):
        if tuple(s[0].split("-")[0] for s in syllables[:length]) in names:
            return tuple(syllables)
    return ()


def _names_in(
    text: str,
    syllables: list[Syllable],
    keys: Keys,
    start: int,
    end: int,
    spaced: bool,
    folded: bool,
) -> Iterator[Span]:
    names, towns, places_keys = keys
    n = len(syllables)
    i = 0
    while i < n:
        if spaced and syllables[i][1] != start:
            break  # a spaced script: the name is the word
        found = 0
        for length in range(min(_LONGEST, n - i), 1, -1):
            key = tuple(s[0].split("-")[0] for s in syllables[i : i + length])
            if folded:
                key = fold(key)
            if key not in names or not _doubled_only(syllables, i, length):
                continue
            name_end = syllables[i + length - 1][2]
            if spaced and name_end != end and text[name_end:end] not in _ENDINGS:
                continue
            match = syllables[i : i + length]
            if not spaced and not all(s[3] for s in match):
                continue  # a vowel left unwritten: a word of Thai, Khmer or Burmese
            honorific = bool(_HONORIFIC_AFTER.match(text, name_end))
            role = bool(_ROLE_BEFORE.search(text, max(0, syllables[i][1] - 20), syllables[i][1]))
            morae = sum(1 for s in match if s[0] != "N")
            if key in towns and not (honorific or role):
                continue  # "ยามากุจิ": the prefecture, unless someone is said to be it
            if not (honorific or role) and _said_as_a_place(text, syllables[i][1], name_end):
                continue  # "สถานีอุเอโนะ": Ueno station; "ओटा शहर": the city of Ota
            if not spaced and (_in_a_town(syllables, i, length, places_keys, folded) or _cut(text, name_end)):
                continue  # "อาโอโมริ": Omori inside Aomori; "ตอ|บ": a syllable goes on after the name
            if morae >= 3 or (morae >= 2 and (honorific or role or _said_of(text, syllables[i][1], name_end, end))):
                found = length
                break
        if found:
            yield "NAME", syllables[i][1], syllables[i + found - 1][2]
            i += found
        else:
            i += 1


# Words that make what they stand against a place: station, prefecture, city, district, "in".
_PLACE_BEFORE = re.compile(
    nfkc(
        r"(?:สถานี|จังหวัด|เมือง|เขต|ย่าน|อำเภอ|ใน|แถว|ស្ថានីយ|ខេត្ត|ក្រុង|ទីក្រុង|ស្រុក|"
        r"ဘူတာ|ခရိုင်|မြို့နယ်)[ \t]?$"
    )
)
_PLACE_AFTER = re.compile(
    nfkc(
        r"[ \t]?(?:จังหวัด|ken|ខេត្ត|ក្រុង|ស្ថានីយ|မြို့|ဘူတာ|ခရိုင်|မှာ|ကနေ|शहर|सहर|जिल्ला|स्टेशन|स्टेसन|मा[ \t]|"
        r"नगर|නගරය|නගරයේ|ස්ටේෂන්|දිස්ත්‍රික්කය|වල|හි)"
    )
)


def _said_as_a_place(text: str, start: int, end: int) -> bool:
    return bool(_PLACE_BEFORE.search(text, max(0, start - 10), start) or _PLACE_AFTER.match(text, end))


_WORD_BOUNDARY = re.compile(r"[\s,.:;!?()\"'“”၊။។៖]")


def _said_of(text: str, start: int, name_end: int, run_end: int) -> bool:
    """A short name standing as a word of its own, then a word saying someone is called it or speaks."""
    if start > 0 and not _WORD_BOUNDARY.match(text, start - 1):
        return False
    if name_end != run_end and not text.startswith(("က", "ကို"), name_end):
        return False
    return bool(_SAID_AFTER.match(text, name_end)) or text.startswith(("(", " ("), name_end)


def _in_a_town(syllables: list[Syllable], i: int, length: int, towns: frozenset[tuple[str, ...]], folded: bool) -> bool:
    """The name is part of a longer town's or prefecture's name: Omori in Aomori, Kushima in Fukushima."""
    for before in range(0, 3):
        for after in range(0, 3):
            if (before or after) and i - before >= 0 and i + length + after <= len(syllables):
                key = tuple(s[0].split("-")[0] for s in syllables[i - before : i + length + after])
                if (fold(key) if folded else key) in towns:
                    return True
    return False


# A consonant after a name that closes the name's last syllable rather than starting one of its own: "จะตอ|บ",
# "กำลั|ง".
_CLOSING_CONSONANT = re.compile(r"[ก-ฮ](?![ะ-ูเ-ไ็่-๋์อ])|[ក-អ](?![ា-៑])|[က-အ][်္]")


def _cut(text: str, name_end: int) -> bool:
    return bool(_CLOSING_CONSONANT.match(text, name_end))


_READERS = {
    "th": (_read_thai, False),
    "km": (_read_khmer, False),
    "my": (_read_burmese, False),
    "ne": (_read_devanagari, True),
    "si": (_read_sinhala, True),
}


@lru_cache(maxsize=8192)
def read_word(script: str, word: str) -> tuple[tuple[str, ...], bool]:
    """A word's syllable keys as a name's are compared (script: th km my ne si), and whether every vowel is written."""
    read, spaced = _READERS[script]
    syllables = read(word, 0, len(word))
    if spaced:
        syllables = _without_long_vowels(syllables)
    return tuple(s[0].split("-")[0] for s in syllables), all(s[3] for s in syllables)


_SCRIPT_OF = (
    (re.compile(r"[\u0e01-\u0e4e]"), "th"),
    (re.compile(r"[\u1780-\u17d3]"), "km"),
    (re.compile(r"[\u1000-\u109f]"), "my"),
    (re.compile(r"[\u0900-\u097f]"), "ne"),
    (re.compile(r"[\u0d80-\u0dff]"), "si"),
)
_LOCATIVE_AFTER = re.compile(nfkc(r"[ \t]?(?:मा[ \t।,]|မှာ|မြို့|වල|වලින්|හි|ใน)"))


def reads_as_a_town(word: str) -> bool:
    """A word of Thai, Khmer, Burmese, Devanagari or Sinhala letters that reads as a Japanese town or prefecture:
    "โอซาก้า", "तोक्यो", "ටෝකියෝ", "တိုကျို", "តូក្យូ"."""
    for letter, script in _SCRIPT_OF:
        if letter.match(word):
            key, _ = read_word(script, word)
            folded = script == "km"
            towns = _name_keys(folded)[2] if len(key) >= 3 else _big_towns(folded)
            return any((fold(k) if folded else k) in towns for k in _spellings(key))
    return False


@cache
def _big_towns(folded: bool) -> frozenset[tuple[str, ...]]:
    """Keys of prefectures and big cities: a word of two syllables is a town only if one of these (Tokyo, Gifu)."""
    keys = (romaji_key(p) for p in (*lx.PREFECTURES_ROMAJI, *lx.MAJOR_CITIES_ROMAJI) if p.isalpha())
    return frozenset(fold(k) if folded else k for k in keys)


def _spellings(key: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The key, and the key with kyo written as ki-yo (ටෝකියෝ) or ky as ch (Burmese ကျို)."""
    yield key
    merged: list[str] = []
    for syllable in key:
        if merged and syllable[:1] == "Y" and len(syllable) == 2 and merged[-1].endswith("i") and len(merged[-1]) == 2:
            merged[-1] = merged[-1][0] + syllable[1]  # Ki Yo: Kyo
        else:
            merged.append(syllable)
    if len(merged) < len(key):
        yield tuple(merged)
    if "S" in "".join(s[:1] for s in key) and len(key) <= 5:
        for i, syllable in enumerate(key):
            if syllable[:1] == "S":
                yield (*key[:i], "K" + syllable[1:], *key[i + 1 :])


def said_where(text: str, end: int) -> bool:
    """A word that "in", "at" or "of (a place)" follows: "ओसाका मा", "တိုကျို မှာ", "ටෝකියෝ වල"."""
    return bool(_LOCATIVE_AFTER.match(text, end))
