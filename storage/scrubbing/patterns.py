"""Compiled patterns shared by the scrubber's detectors; built once at import."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from storage.scrubbing import lexicon as lx
from storage.scrubbing.lexicon import words

_ASCII_LETTER = re.compile(r"[A-Za-z]")


def nfkc(word: str) -> str:
    """Cue words go through the same NFKC as the text, or Thai "ำ" would never match."""
    return unicodedata.normalize("NFKC", word)


_LATIN_EDGE = "A-Za-zÀ-ɏḀ-ỿ"
_Trie = dict[str, "_Trie"]


def cue_pattern(cues: Iterable[str]) -> str:
    """An alternation of cues, compiled as a character trie so `re` branches once per character.

    Cues match with word edges only against Latin letters, so "LINEのID" and "電話090" still match;
    a space in a cue also matches no space. The longest cue wins.
    """
    trie: _Trie = {}
    for cue in {nfkc(c).lower() for c in cues}:
        node = trie
        for ch in cue:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _trie_pattern(trie, "", root=True) + ")"


def _trie_pattern(node: _Trie, last: str, *, root: bool = False) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"\s?" if ch == " " else re.escape(ch)
        if root and (_ASCII_LETTER.match(ch) or ch in "àáâãèéêìíòóôõùúăđơưý"):
            piece += rf"(?<![{_LATIN_EDGE}].)"  # leading edge, checked after the first character
        branches.append(piece + _trie_pattern(node[ch], ch))
    if "" in node:
        branches.append(rf"(?![{_LATIN_EDGE}])" if _ASCII_LETTER.match(last) else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def script_cue_pattern(cues: Iterable[str]) -> str:
    """Like cue_pattern, for Japanese-style cues that people also type with a space before は/が.

    Compiled as a character trie too (a space in a cue matches an optional space), without word edges: caseless
    scripts have none. The longest cue wins.
    """
    trie: _Trie = {}
    for cue in {nfkc(c) for c in cues}:
        if cue.endswith("は") and len(cue) > 1:
            cue = cue[:-1] + " は"
        node = trie
        for ch in cue:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _trie_pattern(trie, "", root=False) + ")"


def word_trie(words_: Iterable[str]) -> str:
    """An alternation of literal words, compiled as a character trie; the longest word that matches wins."""
    trie: _Trie = {}
    for w in set(words_):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: _Trie) -> str:
        branches = [re.escape(ch) + branch(node[ch]) for ch in sorted(k for k in node if k)]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return "(?:" + branch(trie) + ")"


def cue_regex(cues: Iterable[str]) -> re.Pattern[str]:
    """Cues in lower case, to run over `lower_same_length(text)`: IGNORECASE costs `re` its fast prefix scan."""
    return re.compile(cue_pattern(cues))


# Characters that `re` with IGNORECASE takes for an ASCII letter (ı for i, ſ for s, K for k) though str.lower()
# does not make them that letter, and İ, which lower_same_length leaves as it is.
FOLDED_BY_RE_ONLY = frozenset("İıſ\u212a")


def may_end_with(lower: str, end: int, endings: tuple[str, ...], window: int = 24) -> bool:
    """Whether `lower` before `end`, trailing white space aside, ends with one of `endings` (lower case).

    A cheap test before a pattern anchored with `$` searched in that window: `re` would try it at every position
    of the window. True also when a character there might match an ending only under IGNORECASE.
    """
    before = lower[max(0, end - window) : end]
    return before.rstrip().endswith(endings) or not FOLDED_BY_RE_ONLY.isdisjoint(before)


def lower_same_length(text: str) -> str:
    """The text in lower case, character for character, so offsets stay valid for the original."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


KATAKANA = "ァ-ヺー"
HAN = "\u3400-\u4dbf\u4e00-\u9fff々〆ヶ"
HIRAGANA = "ぁ-ゖ"
LATIN = "A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ"
LATIN_WORD = rf"[{LATIN}][{LATIN}\u0300-\u036f'’]*"
KATAKANA_RUN = rf"[{KATAKANA}]+(?:[・=][{KATAKANA}]+|\s[{KATAKANA}]{{2,}})*"

# Runs of one caseless script, up to a few space-separated words; punctuation of the script ends them.
SCRIPT_RUNS = (
    re.compile(rf"{KATAKANA_RUN}"),
    re.compile(
        rf"[{HAN}]{{1,4}}?(?=[被在是的了和也说给让从跟对,，。.!！\s]|昨天|今天|明天|前天|后天|上周|上个|下个|每天|每月|去年|今年|明年"
        rf"|[^{HAN}]|$)"
    ),
    re.compile(rf"[{HIRAGANA}]{{2,8}}?(?=です|と|さん|、|。|\s|$)"),
    re.compile(r"[가-힣]{2,8}(?:\s[가-힣]{1,4})?"),
    re.compile(r"[\u0e01-\u0e4e]+(?:\s[\u0e01-\u0e4e]+)?"),
    re.compile(r"[\u1780-\u17d3]+(?:\s[\u1780-\u17d3]+)?"),
    re.compile(r"[\u1000-\u1049\u104c-\u109f]+(?:\s[\u1000-\u1049\u104c-\u109f]+){0,2}"),
    re.compile(r"[\u0900-\u0963\u0966-\u097f\u200c\u200d]+(?:\s[\u0900-\u0963\u0966-\u097f\u200c\u200d]+){0,2}"),
    re.compile(r"[\u0d80-\u0df4\u200c\u200d]+(?:\s[\u0d80-\u0df4\u200c\u200d]+){0,2}"),
)

# Words of caseless scripts that end a captured name: particles, verbs, "and", "from".
SCRIPT_STOP_WORDS = frozenset(
    nfkc(w)
    for w in words(
        "ครับ ค่ะ คะ นะ ทำงาน อยู่ มา จาก อายุ เป็น และ ที่ "
        "បាទ ចាស ធ្វើការ នៅ មក ពី និង អាយុ ហើយ "
        "ပါ ပါတယ် ဖြစ်ပါတယ် ဖြစ်တယ် ဖြစ်ပါသည် နဲ့ ကနေ က "
        "हो हुँ हुन् र छ छु म मेरो काम जापानमा नेपाली भारतीय लाई ले को मा पनि "
        "මම වෙමි ය යි සහ වැඩ ජපානයේ කරනවා එකේ එක වල ගාව ළඟ "
        "입니다 이에요 예요 이고 라고 이라고 저는 그리고 ကို"
    )
)
# How the word after a name begins in Thai, Khmer and Sinhala when it is no part of the name: a verb, a particle,
# "when", "next" ("ชื่อ ต้น โดนตำรวจจับ", "ឈ្មោះ តាណាកា និយាយថា", "දුව තරුෂි ලබන අප්‍රේල්").
SCRIPT_STOP_PREFIXES = tuple(
    nfkc(w)
    for w in words(
        "โดน ถูก บอก ไป มา ได้ ไม่ ก็ จะ ว่า ที่ ของ เป็น อยู่ ให้ ทำ เมื่อ ตอน ซึ่ง กับ และ ค่ะ ครับ ย้าย "
        "និយាយ ប្រាប់ ថា មិន បាន ធ្វើ នៅ ជា ចង់ ត្រូវ ហើយ ដែល ក៏ គាត់ "
        "ලබන ගිය කියලා කියන කියනවා එක්ක දැන් ඊයේ හෙට "
        "अर्को गएको हिजो भोलि भन्ने भन्छ"
    )
)
SCRIPT_SUFFIXES = tuple(
    sorted(
        (
            nfkc(w)
            for w in words(
                "ครับ ค่ะ คะ นะ ပါတယ် ဖြစ်ပါတယ် ဖြစ်ပါသည် ပါ ဟာ បាទ ចាស ហើយ 입니다 이에요 예요 이고 이라고 라고 "
                "은 는 씨 です යි"
            )
        ),
        key=len,
        reverse=True,
    )
)

NAME_PARTICLES = frozenset(words("da de dos das do del dela van bin binti la di"))

LATIN_WORD_AT = re.compile(rf"[ \t]{{0,3}}({LATIN_WORD}(?:-{LATIN_WORD})?)")
TOKEN_AT = re.compile(r"[ \t]{0,3}([^\s\0,.;:!?。、，！？()「」\[\]\"“”]+)")
SEPARATOR_AT = re.compile(r"[ \t]*[:：=]?[ \t]*")

PREFECTURE_JA = "|".join(lx.PREFECTURES_JA)
PREFECTURE_ROMAJI = "|".join(p.capitalize() for p in lx.PREFECTURES_ROMAJI)
# Runs over lower-cased text.
# Each romaji name checks the edge before it after its first letter, so that every branch opens with a literal
# and `re` skips fast to where one can start.
PREFECTURE_ANY = re.compile(
    rf"(?:{PREFECTURE_JA}|"
    + "|".join(
        rf"{p[0]}(?<![a-zà-ỹ].){p[1:]}(?:[- ]?(?:ken|to|fu|prefecture|県))?(?![a-zà-ỹ])" for p in lx.PREFECTURES_ROMAJI
    )
    + ")",
)

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "janeiro|fevereiro|março|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|"
    "enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|noviembre|diciembre|"
    "januari|februari|maret|mei|juni|juli|agustus|oktober|desember|"
    "pebrero|marso|hunyo|hulyo|setyembre|oktubre|nobyembre|disyembre|"
    "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
)
# Runs over lower-cased text.
DATE = re.compile(
    r"(?:"
    r"(?:19|20|25)\d{2}\s?(?:[年/.\-]|년)\s?\d{1,2}\s?(?:[月/.\-]|월)\s?\d{1,2}(?:\s?[日일])?"
    r"|\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:(?:19|20|25)\d{2}|\d{2})"
    r"|(?:昭和|平成|令和|[shr])\s?\d{1,2}\s?[年./]\s?\d{1,2}\s?[月./]\s?\d{1,2}日?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s?(?:de\s)?(?:{MONTHS})\.?,?\s?(?:de\s)?(?:19|20|25)\d{{2}}"
    r"|\d{1,2}\s?tháng\s?\d{1,2}\s?(?:năm\s?)?\d{4}"
    r")(?!\d)",
)
# Dates that start with the month ("March 3, 1990"); DATE covers those that start with a number.
DATE_MONTH_FIRST = re.compile(rf"(?<![a-z])(?:{MONTHS})\.?\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?:19|20)\d{{2}}(?!\d)")
YEAR_LIKE = re.compile(r"(?:19|20)\d{2}")
DATE_START = re.compile(r"(?<!\d)(?:\d|昭和|平成|令和|[shr](?=\s?\d))")
YEAR = re.compile(r"(?:19|20|25)\d{2}")
