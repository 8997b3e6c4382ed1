"""Japanese people named without a cue word, in kanji, kana or romaji; Japanese places kept as places.

Two sources of knowledge, both shipped in the package (nothing is downloaded):
- UniDic through MeCab (fugashi, unidic-lite) reads runs of kanji and kana: it tags surnames and given names
  (固有名詞,人名,姓 / 名) and place names (固有名詞,地名) in context.
- ja_lexicon.tsv, generated from UniDic by build_ja_lexicon.py, gives the romaji spellings of surnames, given
  names and places, for the messages in English, Vietnamese, Portuguese... that name a Japanese boss in Latin
  script ("Tanaka doesn't pay", "ông Suzuki", "o Sr. Yamamoto Kenji").

A word that is both a surname and a municipality (豊田, Ota, Toyota) is a place when the text says so (a 市/町
suffix, "-shi", "city", "in"/"ở"/"em"/"sa" before it, に住む after it) and a person otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import fugashi

from storage.scrubbing import lexicon as lx
from storage.scrubbing.patterns import HAN, HIRAGANA, KATAKANA, LATIN

Span = tuple[str, int, int]

LEXICON_PATH = Path(__file__).with_name("ja_lexicon.tsv")


def _load(path: Path = LEXICON_PATH) -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, form = line.split("\t", 1)
            kinds.setdefault(kind, set()).add(form)
    return {kind: frozenset(forms) for kind, forms in kinds.items()}


_LEX = _load()
SURNAMES_KANJI = _LEX["surname"]
PLACES_KANJI = _LEX["place"] | frozenset(p[:-1] for p in lx.PREFECTURES_JA if p != "北海道") | {"北海道"}
# Romaji, lower case. Common: a name on its own; the others only next to a name or a cue.
SURNAMES_ROMAJI = _LEX["surname_romaji"]
SURNAMES_ROMAJI_WEAK = _LEX["surname_romaji_rare"] | _LEX["surname_romaji_word"]
GIVEN_ROMAJI = _LEX["given_romaji"] | _LEX["given_romaji_rare"]
PLACES_ROMAJI = _LEX["place_romaji"] | frozenset(lx.PREFECTURES_ROMAJI)
PREFECTURES_ROMAJI = frozenset(lx.PREFECTURES_ROMAJI)


@cache
def _tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


# ---------------------------------------------------------------- kanji and kana, through MeCab

_CJK_RUN = re.compile(rf"[{HAN}{HIRAGANA}{KATAKANA}0-9]+")
_HAS_NAME_SCRIPT = re.compile(rf"[{HAN}{KATAKANA}]")
# What makes the word before it a place: 豊田市, 太田駅, 大泉町に住んでいます.
_PLACE_AFTER = re.compile(
    r"(?:市|区|町|村|郡|県|都|府|駅|線|港|空港|通り|インター|方面|周辺|近く|地方|地区|店|支店|工場|営業所|"
    r"に住|にすん|に引っ越|で働|で暮ら|在住|出身|まで|行き)"
)
_PLACE_BEFORE = re.compile(r"(?:[県都府]|の近くの|近くの)$")
# What makes it a person: さん, 社長, 部長...
_PERSON_AFTER = re.compile(
    r"(?:さん|様|さま|くん|君|ちゃん|氏|殿|先生|社長|部長|課長|係長|班長|工場長|店長|所長|会長|専務|常務|主任|"
    r"監督|先輩|から(?:言|聞|電話|連絡)|が|は|に言われ|に怒|に殴|と話)"
)
_ROLE_BEFORE = re.compile(r"(?:社長|部長|課長|係長|班長|工場長|店長|主任|上司|担当|監督|ブローカー|通訳)の?$")


def _tokens(run: str) -> list[tuple[str, str]]:
    """(surface, part of speech) of each MeCab token of a run without spaces."""
    out: list[tuple[str, str]] = []
    for line in _tagger().parse(run).split("\n"):
        if not line or line == "EOS":
            continue
        fields = line.split("\t")
        out.append((fields[0], fields[4] if len(fields) > 4 else ""))
    return out


def _is_person(pos: str) -> bool:
    return pos.startswith("名詞-固有名詞-人名")


def find_kanji_names(text: str, lower: str) -> Iterator[Span]:
    if not _HAS_NAME_SCRIPT.search(text):
        return
    for run in _CJK_RUN.finditer(text):
        if not _HAS_NAME_SCRIPT.search(run.group()):
            continue
        tokens = _tokens(run.group())
        offsets: list[int] = []
        pos = run.start()
        for surface, _ in tokens:
            offsets.append(pos)
            pos += len(surface)
        i = 0
        while i < len(tokens):
            if not _is_person(tokens[i][1]):
                i += 1
                continue
            j = i
            while j < len(tokens) and _is_person(tokens[j][1]):
                j += 1
            start, end = offsets[i], offsets[j - 1] + len(tokens[j - 1][0])
            if _kanji_name_here(text, start, end, tokens[i:j]):
                yield "NAME", start, end
            i = j


def _kanji_name_here(text: str, start: int, end: int, group: list[tuple[str, str]]) -> bool:
    name = text[start:end]
    after, before = text[end : end + 6], text[max(0, start - 6) : start]
    kinds = [pos.rsplit("-", 1)[-1] for _, pos in group]
    if name in lx.KATAKANA_NOT_A_NAME or name in lx.NOT_A_NAME_BEFORE_HONORIFIC:
        return False
    if re.fullmatch(rf"[{HIRAGANA}]+", name):
        return bool(_PERSON_AFTER.match(after)) and len(name) >= 2
    person_cue = bool(_PERSON_AFTER.match(after) and not _PLACE_AFTER.match(after)) or bool(_ROLE_BEFORE.search(before))
    if _PLACE_AFTER.match(after) or _PLACE_BEFORE.search(before):
        return bool(re.match(r"(?:さん|様|社長|部長|課長)", after))
    if len(group) == 1 and name in PLACES_KANJI and not person_cue:
        # 太田で働いています: a town that is also a surname, said where the town would be.
        return not re.match(r"(?:で|に|へ|から)", after)
    if len(name) == 1:
        return person_cue
    if kinds == ["一般"]:
        # UniDic's 人名,一般 is mostly foreign names in katakana; a single kanji reading there is a word.
        return bool(re.fullmatch(rf"[{KATAKANA}]{{3,}}", name)) or person_cue
    return True


# ---------------------------------------------------------------- romaji

_LATIN_TOKEN = re.compile(rf"(?<![{LATIN}0-9@_./])([{LATIN}][{LATIN}'’]*)")
_HONORIFIC_AFTER = re.compile(
    r"(?:-|\s)?(?:san|sama|sensei|shachou?|shachō|shacho|bucho|buchou|buchō|kacho|kachou|kachō|senpai|kun|chan|"
    r"shunin|jicho)\b",
    re.IGNORECASE,
)
_PLACE_SUFFIX_AFTER = re.compile(
    r"(?:-|\s)?(?:shi|ku|cho|chou|chō|machi|mura|son|gun|ken|to|fu|city|town|village|ward|prefecture|station|"
    r"eki|cidade|ciudad|thành phố|thanh pho|shì|kota|lungsod)\b",
    re.IGNORECASE,
)
_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|near|around|to|from|em|no|na|perto de|en|cerca de|ở|(?-i:o)|tại|tai|đến|den|từ|tu|sa|taga|di|"
    r"dekat|ke|dari|live|lives|living|moved|moro|vivo|sống|song|tinggal|nakatira|city of|cidade de|ciudad de|"
    r"town of)|,)\s*$",
    re.IGNORECASE,
)
# Role words that say the next capitalised word is a person: "boss Tanaka", "ông chủ Sato", "o patrão Ito".
ROLE_WORDS = frozenset(
    lx.words(
        "boss manager supervisor leader foreman broker president director owner chief employer mr mr. mrs mrs. ms "
        "ms. miss sir madam dr dr. chef patrão patrao chefe gerente encarregado senhor senhora sr sr. sra sra. "
        "jefe jefa patrón patron supervisora señor señora don doña amo manedyer bos pak bu ibu bapak tuan nyonya "
        "mandor atasan sếp sep chủ chu ông ong bà anh chị chi cô co chú quản quan lý ly giám đốc doc tổ trưởng "
        "truong kacho shacho buchou shachou sensei"
    )
)


def _words_before(lower: str, start: int, n: int = 2) -> list[str]:
    return re.findall(rf"[{LATIN}.]+", lower[max(0, start - 30) : start])[-n:]


def find_romaji_names(text: str, lower: str) -> Iterator[Span]:
    tokens = [(m.start(1), m.end(1), m.group(1)) for m in _LATIN_TOKEN.finditer(text)]
    used_until = -1
    for i, (start, end, word) in enumerate(tokens):
        if start < used_until:
            continue
        low = word.lower().rstrip("'’")
        if low.endswith(("'s", "’s")):
            low = low[:-2]
        surname = low in SURNAMES_ROMAJI
        weak = low in SURNAMES_ROMAJI_WEAK
        given = low in GIVEN_ROMAJI
        if not (surname or weak or given):
            continue
        capital = word[0].isupper()
        # A neighbour that is also a Japanese name makes a full name: "Tanaka Hiroshi", "Kenji Yamamoto".
        span_start, span_end, parts = start, end, 1
        for k in (i + 1, i + 2):
            if k >= len(tokens) or text[span_end : tokens[k][0]].strip(" \t") != "":
                break
            nxt = tokens[k][2].lower()
            known = nxt in GIVEN_ROMAJI or nxt in SURNAMES_ROMAJI or nxt in SURNAMES_ROMAJI_WEAK
            if known and tokens[k][2][0].isupper() == capital and nxt not in lx.NOT_A_NAME:
                span_end, parts = tokens[k][1], parts + 1
                continue
            break
        prev_words = _words_before(lower, start)
        role = bool(prev_words) and (
            prev_words[-1] in ROLE_WORDS or (len(prev_words) > 1 and prev_words[-2] in ROLE_WORDS)
        )
        honorific = bool(_HONORIFIC_AFTER.match(text, span_end))
        if low in lx.NOT_A_NAME and not honorific and parts == 1:
            continue
        cued = honorific or role or parts > 1
        place_said = bool(_PLACE_SUFFIX_AFTER.match(text, span_end)) or bool(
            _LOCATIVE_BEFORE.search(lower, max(0, start - 24), start)
        )
        is_place = low in PLACES_ROMAJI
        if low in PREFECTURES_ROMAJI and not honorific:
            continue
        if is_place and place_said and not honorific:
            continue
        if parts == 1 and not honorific and bool(_PLACE_SUFFIX_AFTER.match(text, end)):
            continue
        if not capital and not (surname and len(low) >= 5 and not is_place) and not cued:
            continue
        if not (surname or cued):
            continue
        if parts == 1 and not surname and not (weak and (honorific or role)):
            continue
        used_until = span_end
        yield "NAME", span_start, span_end


def find_japanese_names(text: str, lower: str) -> Iterator[Span]:
    yield from find_kanji_names(text, lower)
    yield from find_romaji_names(text, lower)


def is_place(word: str) -> bool:
    """A Japanese place known to UniDic or a prefecture, in kanji or romaji."""
    return word in PLACES_KANJI or word.lower() in PLACES_ROMAJI
