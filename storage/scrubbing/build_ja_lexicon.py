"""Generate storage/scrubbing/ja_lexicon.tsv from UniDic (unidic-lite): Japanese surnames, given names and places.

Run `python -m storage.scrubbing.build_ja_lexicon` after upgrading unidic-lite; the output is committed, so the
scrubber never reads the 180 MB dictionary at import and never downloads anything.

UniDic tags person names (名詞,固有名詞,人名,姓 / 名) and place names (名詞,固有名詞,地名). The surface forms are
not stored apart from the trie of MeCab's binary dictionary, but every entry's feature string carries its
written form (orth, field 8) and its reading (lForm, field 6), so the feature table alone gives the lexicon.
Romaji come from the readings through a small Hepburn converter, Hangul through hangul.py. The word cost of an
entry is UniDic's frequency estimate: rare entries (cost above the cut) are left out of the romaji lists, and
so is any romaji that is also a common word of the hotline's Latin-script languages ("Ito" is "this" in Filipino,
"Saya" is "I" in Indonesian), so that a capitalised word of a migrant's message does not become a name by accident.
"""

from __future__ import annotations

import re
import struct
from collections import defaultdict
from functools import cache
from pathlib import Path

import fugashi

from storage.scrubbing.hangul import hangul_spellings
from storage.scrubbing.lexicon import (
    COMMON_LATIN_WORDS_BY_LANGUAGE,
    FUNCTION_WORDS,
    MAJOR_CITIES_ROMAJI,
    PREFECTURES_JA,
    PREFECTURES_ROMAJI,
)
from storage.scrubbing.romaji import hepburn, spellings

OUTPUT = Path(__file__).with_name("ja_lexicon.tsv")

# UniDic's costs: about 9770 is the default of an entry seen rarely or never in its corpus.
COMMON_NAME_COST = 9800
COMMON_PLACE_COST = 9300
COMMON_SURNAME_ABROAD_COST = 9300
_KANJI = re.compile(r"[\u4e00-\u9fff々ヶ]+")
_KATAKANA = re.compile(r"[ァ-ヺー]+")
# Places a Korean message names as places often enough that a surname written alike needs a cue.
_PREFECTURES = frozenset(p[:-1] if p != "北海道" else p for p in PREFECTURES_JA)
_BIG_PLACES = frozenset(PREFECTURES_ROMAJI) | frozenset(MAJOR_CITIES_ROMAJI)

# Common words of the Latin-script languages of the hotline, lower case: lexicon.COMMON_LATIN_WORDS.
COMMON_LATIN_WORDS = frozenset(w for ws in COMMON_LATIN_WORDS_BY_LANGUAGE.values() for w in ws)


def _entries(sys_dic: Path) -> list[tuple[int, list[str]]]:
    """(cost, features) of every proper-noun entry of a MeCab binary dictionary (sys.dic)."""
    data = sys_dic.read_bytes()
    _magic, _version, _type, lexsize, _l, _r, dsize, tsize, fsize, _dummy = struct.unpack_from("<10I", data, 0)
    tokens = 72 + dsize
    features = data[tokens + tsize : tokens + tsize + fsize]
    found: list[tuple[int, list[str]]] = []
    for i in range(lexsize):
        _lc, _rc, _posid, cost, offset, _compound = struct.unpack_from("<HHHhII", data, tokens + 16 * i)
        if features.startswith("名詞,固有名詞,".encode(), offset):
            end = features.index(b"\0", offset)
            found.append((cost, features[offset:end].decode("utf-8").split(",")))
    return found


def _hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


@cache
def _tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


def _common_word(kana: str) -> bool:
    """MeCab reads the kana as one word that is not a proper noun: a word people write in hiragana."""
    tokens = [line.split("\t") for line in _tagger().parse(kana).split("\n") if line and line != "EOS"]
    return len(tokens) == 1 and not tokens[0][4].startswith("名詞-固有名詞")


def build(sys_dic: Path) -> dict[str, set[str]]:
    """Kind -> written forms, lower case for romaji.

    surname, place: kanji forms. *_hangul: as Koreans write them. *_romaji: common enough to be a name on its
    own; *_romaji_rare: a name only next to another name or a cue; *_romaji_word: also a common word, a name
    only with a cue.
    """
    out: dict[str, set[str]] = defaultdict(set)
    big_places_kana: set[str] = set()
    for cost, f in _entries(sys_dic):
        orth, reading, kind = f[8], f[6], (f[2], f[3])
        written = _KANJI.fullmatch(orth) or _KATAKANA.fullmatch(orth)
        if not written or not _KATAKANA.fullmatch(reading):
            continue
        if kind == ("人名", "姓"):
            label = "surname"
            if cost <= COMMON_SURNAME_ABROAD_COST:
                # Written by ear in Thai, Khmer, Burmese, Devanagari or Sinhala (abugida.py): only the commoner
                # surnames, since a coarse key of sounds finds a rare one inside too many words of those languages.
                out["surname_kana_abroad"].add(_hiragana(reading))
        elif kind == ("人名", "名"):
            label = "given"
        elif f[2] == "地名":
            label = "place"
        else:
            continue
        if _KANJI.fullmatch(orth) and label != "given":
            out[label].add(orth)
        # In Hangul a surname of three syllables or more is no Korean word (다카하시, 니시카와), however rare;
        # shorter ones (사토, 기타) and given names are taken only when UniDic finds them common.
        common = cost < (COMMON_PLACE_COST if label == "place" else COMMON_NAME_COST)
        shortest = 2 if common else 3 if label == "surname" else 99
        if label != "place":
            out[f"{label}_hangul"] |= {h for h in hangul_spellings(reading) if len(h) >= shortest}
        if common and label != "place":
            # Easy Japanese writes names in hiragana: たなか, さいとう, すずき みか.
            out[f"{label}_kana"].add(_hiragana(reading))
        elif orth in _PREFECTURES or hepburn(reading) in _BIG_PLACES:
            out["place_hangul"] |= hangul_spellings(reading)
            big_places_kana.add(reading)
        for latin in spellings(reading, with_kunrei=label == "surname"):
            if len(latin) < 3:
                continue
            if label == "place":
                out["place_romaji"].add(latin)
            elif latin in COMMON_LATIN_WORDS or latin in FUNCTION_WORDS:
                langs = sorted(lang for lang, ws in COMMON_LATIN_WORDS_BY_LANGUAGE.items() if latin in ws) or ["any"]
                out[f"{label}_romaji_word"].add(f"{latin}\t{','.join(langs)}")
            elif cost < COMMON_NAME_COST - (100 if len(latin) <= 4 else 0):
                out[f"{label}_romaji"].add(latin)
            else:
                out[f"{label}_romaji_rare"].add(latin)
    # A place in Hangul matters only where a surname is written alike (후쿠시마, 야마구치): then it needs a cue.
    out["place_hangul"] &= out["surname_hangul"]
    # In hiragana: surnames of three kana or more that are no common word (MeCab reads はやし, いしゃ as words),
    # and the towns written alike (おおた, かわぐち), which need a cue to be a person.
    surnames_kana = {k for k in out["surname_kana"] if len(k) >= 3}
    out["surname_kana_word"] = {k for k in surnames_kana if _common_word(k)}  # さとう is also sugar
    out["surname_kana"] = surnames_kana - out["surname_kana_word"]
    out["given_kana"] = {k for k in out["given_kana"] if len(k) >= 2}
    out["place_kana"] = {_hiragana(r) for r in big_places_kana} & surnames_kana
    # A spelling that is common for one entry is common, whatever rarer entries share it.
    for label in ("surname", "given"):
        words_of = {w.split("\t")[0] for w in out[f"{label}_romaji_word"]}
        out[f"{label}_romaji_rare"] -= out[f"{label}_romaji"] | words_of
    return out


def main() -> None:
    import unidic_lite

    lexicon = build(Path(unidic_lite.DICDIR) / "sys.dic")
    lines = ["# generated by python -m storage.scrubbing.build_ja_lexicon from unidic-lite; do not edit"]
    for kind in sorted(lexicon):
        lines += [f"{kind}\t{form}" for form in sorted(lexicon[kind])]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(lexicon.items())))


if __name__ == "__main__":
    main()
