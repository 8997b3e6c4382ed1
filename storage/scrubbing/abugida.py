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
            if lead is not None:
                r.begin(cls, lead_at)
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


def _read_devanagari(text: str, start: int, end: int) -> list[Syllable]:
    return _read_indic(text, start, end, _DEVANAGARI_CONSONANTS, _DEVANAGARI_VOWEL_SIGNS, _DEVANAGARI_VOWELS, "्", "ंँ")


def _read_sinhala(text: str, start: int, end: int) -> list[Syllable]:
    return _read_indic(text, start, end, _SINHALA_CONSONANTS, _SINHALA_VOWEL_SIGNS, _SINHALA_VOWELS, "්", "ං")


# ---------------------------------------------------------------- the names, as keys


@cache
def _name_keys() -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """Keys of UniDic's commoner surnames, and of those that are also towns (a person only with a cue)."""
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
    return frozenset(keys), frozenset(keys & towns)


@cache
def _name_starts() -> frozenset[tuple[str, ...]]:
    """The first two syllables of every name key."""
    return frozenset(key[:2] for key in _name_keys()[0])


_LONGEST = 7
# Words of a role written before a name: "หัวหน้าฮอนดะ", "ប្រធាន", "သူဌေး", "साहू", "සුපර්වයිසර්".
_ROLE_BEFORE = re.compile(
    nfkc(
        r"(?:หัวหน้า|นาย|คุณ|เจ้าของ(?:บ้าน|หอ|ร้าน)?|ผู้จัดการ|นายจ้าง|ครู|ประธาน|ล่าม|ប្រធាន|លោក|ចៅហ្វាយ|ថៅកែ|មេការ|សូម|"
        r"អ្នកបកប្រែ|ម្ចាស់ផ្ទះ|ម្ចាស់|មេ|ဘာသာပြန်|အိမ်ရှင်|ရှချိုး|ශාඛා|පරිවර්තක|ඒජන්ට්|दोभाषे|घरबेटी|"
        r"သူဌေး|ဆရာ|မန်နေဂျာ|ပိုင်ရှင်|साहू|साहु|मालिक|हाकिम|म्यानेजर|बोस|सुपरभाइजर|दलाल|"
        r"සුපර්වයිසර්|බොස්|මැනේජර්|අයිතිකරු|ලොක්කා)[ \t]?$"
    )
)
# Where a name can be, found by `re` before any letter is read in Python: in Thai, Khmer and Burmese two syllables
# or more in a row, each with its vowel written (or closed by n), as Japanese names are written.
_THAI_SYLLABLES = re.compile(
    nfkc(
        r"(?:(?:[เแโ][ก-ฮ][่-๋็]?[ะาิีึืุู]?|[ก-ฮ][ัาะิีึืุูำ][่-๋็]?[ะา]?|[ก-ฮ]อ)[่-๋็์]?"
        r"(?:[นมง](?![ะ-ูเ-ไ็่-๋]))?){2,}"
    )
)
_KHMER_SYLLABLES = re.compile(r"(?:[ក-អ](?:្[ក-អ])?[៉៊]?[ា-ៅ][ំះ]?[៉៊់]?(?:[នណមង](?![ា-ៅ្]))?){2,}")
_BURMESE_SYLLABLES = re.compile(r"(?:[က-အဣ-ဪ][ျ-ှ]*[ါ-ဲ]*[့း]*(?:[နမငည]်[့း]*|ံ[့း]*)?){2,}")
_SCRIPTS = (
    # (a letter every run has, where a name can be, reader, whether words are spaced); each run pattern is searched
    # for from its script's first letter: `re` cannot skip ahead to where one of them starts.
    (re.compile(r"[ก-ฮ]"), _THAI_SYLLABLES, _read_thai, False),  # a leading vowel sign is one character before
    (re.compile(r"[ក-អ]"), _KHMER_SYLLABLES, _read_khmer, False),
    (re.compile(r"[က-အဣ-ဪ]"), _BURMESE_SYLLABLES, _read_burmese, False),
    (
        re.compile(r"[\u0900-\u0963\u0971-\u097f]"),
        re.compile(
            r"(?<![\u0900-\u0963\u0971-\u097f])[\u0900-\u0963\u0971-\u097f]{2,16}(?![\u0900-\u0963\u0971-\u097f])"
        ),
        _read_devanagari,
        True,
    ),
    (
        re.compile(r"[\u0d80-\u0df4\u200c\u200d]"),
        re.compile(r"(?<![\u0d80-\u0df4\u200c\u200d])[\u0d80-\u0df4\u200c\u200d]{2,16}(?![\u0d80-\u0df4\u200c\u200d])"),
        _read_sinhala,
        True,
    ),
)
# Case endings written against a name in the spaced scripts: "ටනකාට", "ටනකාගෙන්", "सुजुकीले", "सुजुकीको".
_ENDINGS = frozenset(lx.words("ට ගෙන් ගේ ගෙ ගෙන් ත් ටත් ලා ले को लाई ने से का की सँग संग जी सान"))
_HONORIFIC_AFTER = re.compile(r"[ \t]?(?:සාන්|सान|san\b|ซัง|ซาน|សាន|ဆန်း|စံ)")
# A person said to speak, shout or act just after the name: "ซาโต้บอกว่า", "សាតូ ប្រាប់", "ဆာတို က", "සාටෝ කියනවා".
_SAID_AFTER = re.compile(nfkc(r"[ \t]?(?:บอก|พูด|ด่า|ตะโกน|ប្រាប់|និយាយ|ស្រែក|ជេរ|က[ \t]|ပြော|කියනවා|කිව්වා|කියන|ले[ \t])"))
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
    keys = None
    for letter, run_pattern, read, spaced in _SCRIPTS:
        first_letter = letter.search(text)
        first = run_pattern.search(text, max(0, first_letter.start() - 1)) if first_letter else None
        if first is None:
            continue
        keys = keys if keys is not None else _name_keys()
        for run in run_pattern.finditer(text, first.start()):
            if spaced:
                # Words of the spaced scripts come back in every message: each is read once.
                start = run.start()
                read_alone = _word_that_may_be_a_name(read, run.group())
                syllables = [(key, s + start, e + start, written) for key, s, e, written in read_alone]
            else:
                syllables = read(text, run.start(), run.end())
            if syllables:
                yield from _names_in(text, syllables, keys, run.start(), run.end(), spaced, read is _read_khmer)


@lru_cache(maxsize=2)
def _merged(
    keys: tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]],
) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """The keys with o read as u, for Khmer."""
    names, towns = keys
    return (
        frozenset(tuple(k.replace("o", "u") for k in key) for key in names),
        frozenset(tuple(k.replace("o", "u") for k in key) for key in towns),
    )


@lru_cache(maxsize=2)
def _merged_starts(keys: tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]) -> frozenset[tuple[str, ...]]:
    """The first two syllables of every name key, with o read as u, for Khmer."""
    return frozenset(key[:2] for key in _merged(keys)[0])


@lru_cache(maxsize=8192)
def _word_that_may_be_a_name(read: Callable[[str, int, int], list[Syllable]], word: str) -> tuple[Syllable, ...]:
    """The syllables of a word, or none when no name starts it."""
    syllables = read(word, 0, len(word))
    names, _ = _name_keys()
    for length in range(min(_LONGEST, len(syllables)), 1, -1):
        if tuple(s[0].split("-")[0] for s in syllables[:length]) in names:
            return tuple(syllables)
    return ()


def _names_in(
    text: str,
    syllables: list[Syllable],
    keys: tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]],
    start: int,
    end: int,
    spaced: bool,
    merge_o_u: bool = False,
) -> Iterator[Span]:
    """merge_o_u: Khmer writes Japanese o and u alike (កូបាយ៉ាស៊ី Kobayashi, សាតូ Sato), so both are read as u."""
    names, towns = _merged(keys) if merge_o_u else keys
    starts = _merged_starts(keys) if merge_o_u else _name_starts()
    n = len(syllables)
    bases = [s[0].split("-")[0] for s in syllables]  # each syllable's key without its final stop
    if merge_o_u:
        bases = [b.replace("o", "u") for b in bases]
    i = 0
    while i < n:
        if spaced and syllables[i][1] != start:
            break  # a spaced script: the name is the word
        found = 0
        # No name of any length starts here unless its first two syllables start one: most places.
        lengths = range(min(_LONGEST, n - i), 1, -1) if tuple(bases[i : i + 2]) in starts else ()
        for length in lengths:
            key = tuple(bases[i : i + length])
            if key not in names or not _doubled_only(syllables, i, length):
                continue
            name_end = syllables[i + length - 1][2]
            if spaced and name_end != end and text[name_end:end] not in _ENDINGS:
                continue
            match = syllables[i : i + length]
            if not spaced and not all(s[3] for s in match):
                continue  # a vowel left unwritten: a word of Thai, Khmer or Burmese
            honorific = bool(_HONORIFIC_AFTER.match(text, name_end))
            role = bool(_ROLE_BEFORE.search(text, max(0, syllables[i][1] - 16), syllables[i][1]))
            morae = sum(1 for s in match if s[0] != "N")
            if key in towns and not (honorific or role):
                continue  # "ยามากุจิ": the prefecture, unless someone is said to be it
            # Not a town (those need a title or a role): a short name said to speak or act ("ဆာတို က").
            said = bool(_SAID_AFTER.match(text, name_end))
            if morae >= 3 or (morae >= 2 and (honorific or role or said)):
                found = length
                break
        if found:
            yield "NAME", syllables[i][1], syllables[i + found - 1][2]
            i += found
        else:
            i += 1
