"""Generate storage/scrubbing/ja_lexicon.tsv from UniDic (unidic-lite): Japanese surnames, given names and places.

Run `python -m storage.scrubbing.build_ja_lexicon` after upgrading unidic-lite; the output is committed, so the
scrubber never reads the 180 MB dictionary at import and never downloads anything.

UniDic tags person names (名詞,固有名詞,人名,姓 / 名) and place names (名詞,固有名詞,地名). The surface forms are
not stored apart from the trie of MeCab's binary dictionary, but every entry's feature string carries its
written form (orth, field 8) and its reading (lForm, field 6), so the feature table alone gives the lexicon.
Romaji come from the readings through a small Hepburn converter. The word cost of an entry is UniDic's
frequency estimate: rare entries (cost above the cut) are left out of the romaji lists, and so is any romaji
that is also a common word of the hotline's Latin-script languages ("Ito" is "this" in Filipino, "Saya" is
"I" in Indonesian), so that a capitalised word of a migrant's message does not become a name by accident.
"""

from __future__ import annotations

import re
import struct
from collections import defaultdict
from pathlib import Path

from storage.scrubbing.lexicon import FUNCTION_WORDS, words
from storage.scrubbing.romaji import spellings

OUTPUT = Path(__file__).with_name("ja_lexicon.tsv")

# UniDic's costs: about 9770 is the default of an entry seen rarely or never in its corpus.
COMMON_NAME_COST = 9800
COMMON_PLACE_COST = 9300
_KANJI = re.compile(r"[\u4e00-\u9fff々ヶ]+")
_KATAKANA = re.compile(r"[ァ-ヺー]+")

# Common words of the Latin-script languages of the hotline (en, pt, es, fil, id, vi without tones), lower case.
COMMON_LATIN_WORDS = frozenset(
    words(
        # English
        "a about after again all also am an and any are as at back bad be been before being big boss but by can "
        "come could day did do does done down each even every few for from get give go going good got had has "
        "have he her here him his home how i if in into is it its just know last let like little long look made "
        "make man many may me men more most much must my need new no not now of off old on one only or other our "
        "out over own pay put said same say see she should since so some still such take than that the their "
        "them then there these they thing think this those time to too two under up us use very want was way "
        "we well went were what when where which while who why will with work would year yes yet you your "
        "ok okay sorry please help hello hi thanks dear sir madam mom dad son papa mama baby kid "
        "ban can cane mine rain sake sane tan tone take taken main mare mora era ate aka mina sara sana "
        "rich bank hide hate "
        # Portuguese, Spanish
        "o a os as um uma e é eu ele ela nos nós eles sou era tem ter tenho não nao sim que com sem por para "
        "pra mas mais muito pouco meu minha seu sua na no da do em de dos das ao aos pelo pela isso isto aqui ali "
        "ja já vai vou foi ser estar esta está estou tudo nada bem mal casa dia mes mês ano hora horas dinheiro "
        "y el la los las un una yo tu tú mi su es son soy ser muy pero más mas sin con sobre ya si sí también "
        "hay ahora aquí casa dia día mes año trabajo jefe dinero semana "
        "kara kana sake toma tomo time tira cara caro mano mato maki nome nada naka sano "
        # Filipino
        "ako ikaw siya kami tayo sila ang ng sa si po opo hindi oo ito iyan iyon dito doon na pa lang din rin "
        "ko mo niya namin natin nila kay may wala mga at ay para kasi pero sana naman talaga trabaho amo sahod "
        "pera bahay araw buwan taon ate kuya nanay tatay anak asawa tulong salamat "
        # Indonesian
        "saya aku kamu dia kami kita mereka ini itu ada tidak bukan ya dan atau tapi dengan untuk dari ke di "
        "pada yang sudah belum akan bisa mau harus juga lagi saja hanya kerja uang gaji rumah hari bulan tahun "
        "bapak ibu kakak adik tolong terima kasih bos mas mbak "
        # Vietnamese typed without tones
        "toi em anh chi ban ong ba co chu cau no ho minh ta la va voi cua cho khong co ma nhung thi se da dang "
        "roi nay kia do di den ve o tai tu sau truoc nam thang ngay gio tien luong viec lam cong ty nha "
        "me bo con vo chong ai gi sao nao dau hai ba bon sau tam chin muoi tram nghin trieu dong ha hoa mai "
        "lan nga hong huong thu thao tuan hung dung nam son long"
    )
)


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


def build(sys_dic: Path) -> dict[str, set[str]]:
    """Kind -> written forms, lower case for romaji.

    surname, place: kanji forms. *_romaji: common enough to be a name on its own; *_romaji_rare: a name only
    next to another name or a cue; *_romaji_word: also a common word, a name only with a cue.
    """
    out: dict[str, set[str]] = defaultdict(set)
    for cost, f in _entries(sys_dic):
        orth, reading, kind = f[8], f[6], (f[2], f[3])
        written = _KANJI.fullmatch(orth) or _KATAKANA.fullmatch(orth)
        if not written or not _KATAKANA.fullmatch(reading):
            continue
        if kind == ("人名", "姓"):
            label = "surname"
        elif kind == ("人名", "名"):
            label = "given"
        elif f[2] == "地名":
            label = "place"
        else:
            continue
        if _KANJI.fullmatch(orth) and label != "given":
            out[label].add(orth)
        for latin in spellings(reading):
            if len(latin) < 3:
                continue
            if label == "place":
                out["place_romaji"].add(latin)
            elif latin in COMMON_LATIN_WORDS or latin in FUNCTION_WORDS:
                out[f"{label}_romaji_word"].add(latin)
            elif cost < COMMON_NAME_COST - (100 if len(latin) <= 4 else 0):
                out[f"{label}_romaji"].add(latin)
            else:
                out[f"{label}_romaji_rare"].add(latin)
    # A spelling that is common for one entry is common, whatever rarer entries share it.
    for label in ("surname", "given"):
        out[f"{label}_romaji_rare"] -= out[f"{label}_romaji"] | out[f"{label}_romaji_word"]
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
