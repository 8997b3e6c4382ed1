"""Japanese readings in Hangul, as Koreans write Japanese names: "タカハシ" is 다카하시 (or 타카하시), "マツダ"
마쓰다 or 마츠다, "サトウ" 사토.

Used by the lexicon generator to turn UniDic's readings of surnames, given names and places into the forms a
Korean message uses. The National Institute of Korean Language's rules write a voiceless consonant plain at the
start of a word and aspirated inside it, ツ as 쓰, and drop long vowels; people also write the start aspirated,
ツ as 츠 and the long vowel out, so every one of those variants is produced.
"""

from __future__ import annotations

import itertools

_VOWELS = "aiueo"
# Consonant rows: (start of a word, inside a word) for each vowel a i u e o; one form when both are alike.
_ROWS = {
    "": ("아이우에오", None),
    "k": ("가기구게고", "카키쿠케코"),
    "g": ("가기구게고", None),
    "s": ("사시스세소", None),
    "z": ("자지즈제조", None),
    "t": ("다지쓰데도", "타치쓰테토"),
    "d": ("다지즈데도", None),
    "n": ("나니누네노", None),
    "h": ("하히후헤호", None),
    "b": ("바비부베보", None),
    "p": ("파피푸페포", None),
    "m": ("마미무메모", None),
    "r": ("라리루레로", None),
}
_KANA_ROWS = {
    "": "アイウエオ", "k": "カキクケコ", "g": "ガギグゲゴ", "s": "サシスセソ", "z": "ザジズゼゾ",
    "t": "タチツテト", "d": "ダヂヅデド", "n": "ナニヌネノ", "h": "ハヒフヘホ", "b": "バビブベボ",
    "p": "パピプペポ", "m": "マミムメモ", "r": "ラリルレロ",
}  # fmt: skip
_Y = {"k": ("갸규교", "캬큐쿄"), "g": ("갸규교", None), "s": ("샤슈쇼", None), "z": ("자주조", None),
      "t": ("자주조", "차추초"), "n": ("냐뉴뇨", None), "h": ("햐휴효", None), "b": ("뱌뷰뵤", None),
      "p": ("퍄퓨표", None), "m": ("먀뮤묘", None), "r": ("랴류료", None)}  # fmt: skip
_Y_BASE = {"k": "キ", "g": "ギ", "s": "シ", "z": "ジ", "t": "チ", "n": "ニ", "h": "ヒ", "b": "ビ", "p": "ピ", "m": "ミ",
           "r": "リ"}  # fmt: skip


def _build_table() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], str]]:
    """Each kana (or kana pair) -> (forms at the start of a word, forms inside it, the vowel it ends in)."""
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {}

    def add(kana: str, plain: str, inside: str | None, vowel: str) -> None:
        table[kana] = ((plain, inside) if inside else (plain,), (inside or plain,), vowel)

    for row, (plain, inside) in _ROWS.items():
        for i, kana in enumerate(_KANA_ROWS[row]):
            add(kana, plain[i], inside[i] if inside else None, _VOWELS[i])
    for row, (plain, inside) in _Y.items():
        for i, small in enumerate("ャュョ"):
            add(_Y_BASE[row] + small, plain[i], inside[i] if inside else None, "auo"[i])
    for kana, syllable, vowel in zip("ヤユヨワヲ", "야유요와오", "auoao", strict=True):
        add(kana, syllable, None, vowel)
    for kana, syllable, vowel in (("ジャ", "자", "a"), ("ジュ", "주", "u"), ("ジョ", "조", "o")):
        add(kana, syllable, None, vowel)
    table["ツ"] = (("쓰", "츠"), ("쓰", "츠"), "u")
    return table


_TABLE = _build_table()

# A kana that lengthens the vowel before it: サトウ, オオタ, ニイガタ (ケイコ keeps its イ: 게이코).
_LONG_VOWELS = frozenset({("ウ", "o"), ("ウ", "u"), ("オ", "o"), ("イ", "i"), ("ア", "a")})
_FINAL_N, _FINAL_S = 4, 19  # ㄴ and ㅅ as the last consonant of a syllable


def _with_final(syllable: str, final: int) -> str | None:
    code = ord(syllable) - 0xAC00
    if not 0 <= code < 11172 or code % 28:
        return None
    return chr(ord(syllable) + final)


def hangul_spellings(kana: str, limit: int = 16) -> set[str]:
    """The Hangul spellings of a katakana (or hiragana) reading; empty when it holds a kana this does not map."""
    kana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)
    # Each position: the choices of syllables (or a final consonant to add to the one before).
    choices: list[tuple[str, ...]] = []
    vowel = ""
    i = 0
    while i < len(kana):
        pair, one = kana[i : i + 2], kana[i]
        if len(pair) == 2 and pair in _TABLE:
            entry, i = _TABLE[pair], i + 2
        elif one in ("ン", "ッ"):
            choices.append(("\0n",) if one == "ン" else ("\0s",))
            i += 1
            continue
        elif one == "ー" or (one, vowel) in _LONG_VOWELS:
            # A long vowel: dropped by the standard, written out by some.
            written = _TABLE[one][1] if one in _TABLE else ("",)
            choices.append(("", *written))
            i += 1
            continue
        elif one in _TABLE:
            entry, i = _TABLE[one], i + 1
        else:
            return set()
        choices.append(entry[0] if not choices else entry[1])
        vowel = entry[2]
    out: set[str] = set()
    for combo in itertools.islice(itertools.product(*choices), limit):
        word = ""
        for piece in combo:
            if piece.startswith("\0"):
                if not word:
                    break
                last = _with_final(word[-1], _FINAL_N if piece == "\0n" else _FINAL_S)
                if last is None:
                    break
                word = word[:-1] + last
            else:
                word += piece
        else:
            if word:
                out.add(word)
    return out
