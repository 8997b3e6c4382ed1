"""Katakana readings to Hepburn romaji, and the spellings people actually type for long vowels.

"サトウ" is written Sato, Satou, Satoh or Satō; "オオタ" Ota, Oota, Ohta or Ōta. Used by the lexicon
generator to turn UniDic's readings of surnames, given names and places into Latin-script forms.
"""

from __future__ import annotations

from storage.scrubbing.lexicon import words

_DIGRAPHS = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "シャ": "sha", "シュ": "shu", "ショ": "sho", "シェ": "she",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "チェ": "che", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
    "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya",
    "リュ": "ryu", "リョ": "ryo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo", "ジャ": "ja", "ジュ": "ju",
    "ジョ": "jo", "ジェ": "je", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo", "ピャ": "pya", "ピュ": "pyu",
    "ピョ": "pyo", "ヂャ": "ja", "ヂュ": "ju", "ヂョ": "jo", "ファ": "fa", "フィ": "fi", "フェ": "fe",
    "フォ": "fo", "ティ": "ti", "ディ": "di", "トゥ": "tu", "ドゥ": "du", "ウィ": "wi", "ウェ": "we",
    "ウォ": "wo", "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo",
}  # fmt: skip
_MONOGRAPHS = dict(
    zip(
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヰヱヲ"
        "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴァィゥェォ",
        words(
            "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
            "ma mi mu me mo ya yu yo ra ri ru re ro wa i e o ga gi gu ge go za ji zu ze zo da ji zu de do "
            "ba bi bu be bo pa pi pu pe po vu a i u e o"
        ),
        strict=True,
    )
)


def hepburn(kana: str) -> str | None:
    """Katakana (or hiragana) to wapuro-style Hepburn ("サトウ" -> "satou"); None if it is not all kana."""
    kana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)
    out: list[str] = []
    i = 0
    double = False
    while i < len(kana):
        pair = kana[i : i + 2]
        if pair in _DIGRAPHS:
            syllable, i = _DIGRAPHS[pair], i + 2
        elif kana[i] in _MONOGRAPHS:
            syllable, i = _MONOGRAPHS[kana[i]], i + 1
        elif kana[i] == "ン":
            out.append("n")
            i += 1
            continue
        elif kana[i] == "ッ":
            double, i = True, i + 1
            continue
        elif kana[i] == "ー":
            if not out:
                return None
            out.append(out[-1][-1])
            i += 1
            continue
        else:
            return None
        if double:
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double = False
        out.append(syllable)
    return "".join(out) if out and not double else None


_MACRON = {"a": "ā", "i": "ī", "u": "ū", "e": "ē", "o": "ō"}


def kunrei(wapuro: str) -> str:
    """The same reading in Kunrei-shiki, as Japanese type it on a keyboard and in passports of old: "Matumoto",
    "Hukuda", "Sibata", "Tyuuzi" for Matsumoto, Fukuda, Shibata, Chuuji."""
    for hepburn_form, kunrei_form in (("shi", "si"), ("chi", "ti"), ("tsu", "tu"), ("fu", "hu"), ("ji", "zi")):
        wapuro = wapuro.replace(hepburn_form, kunrei_form)
    return wapuro.replace("sh", "sy").replace("ch", "ty").replace("j", "zy")


def spellings(kana: str, with_kunrei: bool = True) -> set[str]:
    """The Latin spellings of a reading people use: simplified Hepburn, ou/oo kept, oh, macrons, and (for a
    person's name) Kunrei-shiki with its long vowels kept or simplified."""
    wapuro = hepburn(kana)
    if not wapuro:
        return set()
    forms = {wapuro}
    if with_kunrei:
        # Short Kunrei forms are common words of the migrants' languages ("tiba", "mati", "satu" in Indonesian).
        forms |= {f for f in _long_vowels_simplified(kunrei(wapuro)) if len(f) >= 5}
    simple = wapuro
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a")):
        simple = simple.replace(long, short)
    forms.add(simple)
    forms.add(wapuro.replace("ou", "oh").replace("oo", "oh"))
    macron = wapuro
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a")):
        macron = macron.replace(long, _MACRON[short])
    forms.add(macron)
    # Traditional Hepburn writes m before b, m, p (Sampei, Homma); both are typed.
    forms |= {f.replace("nb", "mb").replace("nm", "mm").replace("np", "mp") for f in list(forms)}
    return forms


def _long_vowels_simplified(form: str) -> set[str]:
    simple = form
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a")):
        simple = simple.replace(long, short)
    return {form, simple}
