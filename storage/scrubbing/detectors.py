"""Rule-based detectors of personal data; each yields (kind, start, end) over normalised text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from stdnum.br import cpf as brazil_cpf
from stdnum.jp import in_ as my_number

from storage.scrubbing import kin_names as kin
from storage.scrubbing import lexicon as lx
from storage.scrubbing.abugida import ABUGIDA_LETTER, find_abugida_names, reads_as_a_town, said_where
from storage.scrubbing.abugida_addresses import ROOM_HINT, find_rooms
from storage.scrubbing.abugida_dates import HAPPENED, find_local_birth_dates
from storage.scrubbing.abugida_employers import WORKPLACE_HINT, find_abugida_employers, find_latin_workplaces
from storage.scrubbing.abugida_people import ACCOUNT_HINT, RELATION_HINT, find_display_names, find_relation_names
from storage.scrubbing.addresses import (
    CHOME_BEFORE,
    ROOM_AFTER_BLOCK,
    find_buildings_and_rooms,
    street_before_block,
)
from storage.scrubbing.dates import DAY_WORD_BEFORE, LOCAL_DATE, LOCAL_DATE_HINT, NEPALI_MONTH, PARTIAL_BIRTH_AFTER_CUE
from storage.scrubbing.employers import find_kana_companies, hangul_trade_end
from storage.scrubbing.informal_names import find_informal_names
from storage.scrubbing.japanese import company_start_before, find_japanese_names, is_place, latin_languages
from storage.scrubbing.patterns import (
    DATE,
    DATE_MONTH_FIRST,
    DATE_START,
    FOLDED_BY_RE_ONLY,
    HAN,
    HIRAGANA,
    KATAKANA,
    KATAKANA_RUN,
    LATIN,
    LATIN_WORD,
    LATIN_WORD_AT,
    NAME_PARTICLES,
    PREFECTURE_ANY,
    PREFECTURE_JA,
    PREFECTURE_ROMAJI,
    SCRIPT_RUNS,
    SCRIPT_STOP_PREFIXES,
    SCRIPT_STOP_WORDS,
    SCRIPT_SUFFIXES,
    SEPARATOR_AT,
    TOKEN_AT,
    YEAR,
    YEAR_LIKE,
    cue_pattern,
    cue_regex,
    nfkc,
    script_cue_pattern,
    word_trie,
)
from storage.scrubbing.people import (
    BURMESE_HINT,
    CAPITALS_HINT,
    KHMER_HINT,
    KOREAN_HINT,
    find_burmese_names,
    find_khmer_names,
    find_kin_named,
    find_korean_names,
    find_names_in_capitals,
)
from storage.scrubbing.workplaces import (
    find_firms_in_scripts,
    find_workplaces,
)

Span = tuple[str, int, int]

_WORD = re.compile(r"\S+")
_DIGIT_OR_DOT = re.compile(r"[\d_.]")
_HAN_ONLY = re.compile(rf"[{HAN}]+")
_NAME_SEPARATOR = re.compile(r"[・=]")
_HAN_OR_KATAKANA = re.compile(rf"[{HAN}{KATAKANA}]")
_NAME_START = re.compile(rf"[A-Za-z0-9{HAN}{KATAKANA}]")
_SPACES_OR_COMMAS = re.compile(r"[\s,]+")
_DIGIT_OR_CAPITAL = re.compile(r"[\dA-Z]")
_BLOCK_MARK = re.compile(r"[丁番号\-の]")

# ---------------------------------------------------------------- contacts: e-mail, URL, handles

_EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]+ ?(?:@|\(at\)|\[at\]) ?[A-Za-z0-9\-]+(?: ?(?:\.|\(dot\)) ?[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]"
# Runs over lower-cased text.
_URL = re.compile(
    rf"(?:https?://|www\.){_URL_CHARS}+"
    rf"|(?<![\w@.])(?:[A-Za-z0-9\-]+\.)+(?:com|net|org|jp|vn|me|ly|io|br|ph|id|np|lk|mm|kh|th|kr|cn|co|info)"
    rf"(?![A-Za-z0-9])(?:/{_URL_CHARS}*)?",
)
_HANDLE_CUE = cue_regex(lx.HANDLE_CUES)
_HANDLE_FILLER = re.compile(
    r"[ \t]*(?:[:：=]|号码|号|是|账号|(?:id|của|em|tôi|mình|do|da|meu|minha|my|his|her|niya|ko|ng|ni|saya|nya|po|mo|ma|"
    r"number|số|no|account|name|is|là|la|é|e|es|ay|adalah|ist)(?![A-Za-z])|の|は|が|アイディー?|アカウント|番号|아이디|는|은|"
    r"คือ|ไอดี|ของฉัน|ของผม|ของหนู|ชื่อ|របស់ខ្ញុំ|ឈ្មោះ|គឺ|ရဲ့|နာမည်|က|नाम|नम्बर|आईडी|को|එක|නම|ගේ|あいでぃー?|なまえ|"
    r"아이디는|아이디|이름|的|名|帐号|號|မှာ|တွင်|ใน|នៅ|ក្នុង|मा|එකේ|에서)",
    re.IGNORECASE,
)
_HANDLE_TOKEN = re.compile(r"[ \t]*(@?[A-Za-z0-9][A-Za-z0-9._\-]{1,38}[A-Za-z0-9_])")
_EXPLICIT = re.compile(r"[:：=]|は|là|é|is|ay|adalah|คือ|id|是", re.IGNORECASE)


# A name shown on an account, in Thai, Khmer, Burmese, Sinhala or Hangul letters: two words at most.
_SCRIPT_DISPLAY_NAME = re.compile(
    r"[ \t]*([\u0e01-\u0e7f\u1780-\u17dd\u1000-\u109f\u0d80-\u0dff가-힣]+"
    r"(?:[ \t][\u0e01-\u0e7f\u1780-\u17dd\u1000-\u109f\u0d80-\u0dff가-힣]+)?)"
)
_CAPITALISED_AFTER = re.compile(rf"[ \t]+([A-Z][{LATIN}]+)")


def _place_in_a_display_name(text: str, end: int) -> int:
    """A town or a country after a name on an account is part of what it shows: "Raju Gurung Tokyo"."""
    after = _CAPITALISED_AFTER.match(text, end)
    if after:
        word = after.group(1).lower()
        if word in lx.COUNTRIES or word in lx.PLACES_AND_PEOPLES or is_place(word) or word in {"jp", "vn", "ph"}:
            return after.end(1)
    return end


def _handle_after_cue(text: str, pos: int, cue: str) -> tuple[int, int] | None:
    # An app written in its own script ("脸书", "เฟซบุ๊ก") is no common word: what follows is the account.
    explicit = not cue.isascii()
    unambiguous = cue in lx.HANDLE_CUES_UNAMBIGUOUS
    for _ in range(5):
        if explicit:
            # "Facebook của em là Lê Thị Hoa": the account is a person's name.
            word = LATIN_WORD_AT.match(text, pos)
            name_end = take_latin_name(text, pos, 4, strong=False)
            if word and name_end and not word.group(1).isascii():
                return word.start(1), _place_in_a_display_name(text, name_end)

        token = _HANDLE_TOKEN.match(text, pos)
        if token:
            value = token.group(1)
            if value.lower() in lx.NOT_A_NAME:
                if _HANDLE_FILLER.match(text, pos):
                    token = None  # "ig saya dewi_lestari": a word between the app and the account
                elif not explicit:
                    return None
        if token:
            value = token.group(1)
            if value[:1].isupper() and value.isalpha():
                if not (explicit or unambiguous):
                    return None
                end = take_latin_name(text, token.start(1), 4, strong=False)
                return (token.start(1), _place_in_a_display_name(text, end)) if end else None
            if explicit or value.startswith("@") or _DIGIT_OR_DOT.search(value):
                return token.start(1), token.end(1)
            filler_here = _HANDLE_FILLER.match(text, pos)
            is_filler = filler_here is not None and filler_here.end() >= token.end(1)
            if unambiguous and value.islower() and len(value) >= 4 and not _common_word(value) and not is_filler:
                return token.start(1), token.end(1)  # "tiktok hungvn", not "facebook name is ..."
        filler = _HANDLE_FILLER.match(text, pos)
        if not filler or filler.end() == pos:
            shown = _SCRIPT_DISPLAY_NAME.match(text, pos) if unambiguous or explicit else None
            if shown and shown.start(1) > pos and cue.lower() not in lx.HANDLE_CUES_OF_IDS:
                return shown.start(1), shown.end(1)  # "เฟส วิไลวรรณ เจแปน": the name shown, in Thai letters
            return None
        explicit = explicit or bool(_EXPLICIT.search(filler.group()))
        pos = filler.end()
    return None


_COMMON_LATIN = frozenset().union(*lx.COMMON_LATIN_WORDS_BY_LANGUAGE.values(), lx.NOT_A_NAME)


def _common_word(word: str) -> bool:
    return word in _COMMON_LATIN


_URL_HINT = re.compile(
    r"https?:|www\.|\.(?:com|net|org|jp|vn|me|ly|io|br|ph|id|np|lk|mm|kh|th|kr|cn|co|info)(?![a-z0-9])"
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{2,31}")


# A name given in quotes after the word "name": "LINEの名前は「ゆうき」です", "名字叫「小林」".
_QUOTED_NAME = re.compile(
    r"(?:名前|なまえ|ネーム|名字|名)[ \t]?(?:は|が|:|：|叫)?[ \t]?[「『\"“](?P<name>[^」』\"”]{1,20})[」』\"”]"
)


def find_contacts(text: str, lower: str) -> Iterator[Span]:
    has_at = "@" in text
    for m in _EMAIL.finditer(text) if has_at or "(at)" in lower or "[at]" in lower else ():
        yield "EMAIL", m.start(), m.end()
    for m in _URL.finditer(lower) if _URL_HINT.search(lower) else ():
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?'":
            end -= 1
        yield "URL", m.start(), end
    for m in _HANDLE_CUE.finditer(lower):
        span = _handle_after_cue(text, m.end(), m.group())
        if span:
            yield "HANDLE", span[0], span[1]
    for m in _AT_HANDLE.finditer(text) if has_at else ():
        yield "HANDLE", m.start(), m.end()
    for m in _QUOTED_NAME.finditer(text) if "「" in text or "『" in text or '"' in text or "“" in text else ():
        yield "NAME", m.start("name"), m.end("name")


# ---------------------------------------------------------------- numbers: phones, ID numbers, accounts

# The edge before a number is checked after its first character, so that `re` looks for that character fast.
_NUMBER = re.compile(
    r"(?:\+ ?|\(\+?|\d)(?<![A-Za-z0-9,.].)(?:(?<=[+(])\+? ?)?(?:(?<=\d)|\d)"
    r"(?:\d|(?: ?[.\-] ?| )(?=\(?\d)|\( ?(?=\d)|\) ?-? ?(?=\d))*"
)
_UNIT_AFTER = re.compile(
    r"\s?(?:円|万|千|億|yen|yên|¥|en\b|man\b|ドル|dollars?|usd|reais|real|đồng|dong|vnd|vnđ|k\b|triệu|nghìn|원|만|元|块|"
    r"บาท|baht|रु|rs|rupees?|pesos?|php|rp|rupiah|kyat|ကျပ်|riel|រៀល|රු|時|分|日|月|年|歳|才|人|回|件|%|個|枚|"
    r"យ៉េន|ienes|yenes|เยน|엔|日元|円|h\b|hours?|horas|giờ|tiếng|ngày|tháng|năm|tuổi|anos|años|dias|days|kg|km|ชั่วโมง|ชม|ម៉ោង|နာရီ|घण्टा|"
    r"පැය|시간|小时|号室|号|번지)",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:¥|\$|R\$|₱|Rp\.?|Rs\.?|₫|₩|฿|€|円)\s?$", re.IGNORECASE)
_NUMBER_CUE_WORDS = (
    lx.MY_NUMBER_CUES,
    lx.RESIDENCE_CARD_CUES,
    lx.PASSPORT_CUES,
    lx.FOREIGN_ID_CUES,
    lx.BANK_CUES,
    lx.POSTAL_CUES,
    lx.PHONE_CUES,
)
_NUMBER_CUES = tuple(
    (kind, cue_regex(cues))
    for kind, cues in zip(
        ("MY_NUMBER", "RESIDENCE_CARD", "PASSPORT", "FOREIGN_ID", "BANK_ACCOUNT", "POSTAL_CODE", "PHONE"),
        _NUMBER_CUE_WORDS,
        strict=True,
    )
)
_GENERIC_NUMBER_CUE = cue_regex(lx.GENERIC_NUMBER_CUES)
# One scan for all kinds: each alternative is a named group; "GENERIC" means a number follows, kind unsaid.
_ANY_NUMBER_CUE = re.compile(
    "|".join(f"(?P<{kind}>{cue.pattern})" for kind, cue in _NUMBER_CUES)
    + f"|(?P<GENERIC>{_GENERIC_NUMBER_CUE.pattern})"
)
# The same cues as one trie: `re` tries each alternative of a branch in turn, so one trie of all the cues finds
# where some cue starts several times faster than the alternation of one trie per kind, which then says which.
_SOME_NUMBER_CUE = cue_regex((*(c for cues in _NUMBER_CUE_WORDS for c in cues), *lx.GENERIC_NUMBER_CUES))
_DIGIT = re.compile(r"\d")
_NON_DIGIT = re.compile(r"\D")
_DIGIT_RUN = re.compile(r"\d+")
_SEVEN_DIGITS = re.compile(r"\d{7}")
_SIX_DIGITS = re.compile(r"\d{6}")
_EIGHT_DIGITS = re.compile(r"\d\d{7}")  # opened with a class, so that `re` skips to a digit fast
_CURRENCY_TOKEN = re.compile(r"(?:R\$|US\$|\$|Rp\.?|Rs\.?|¥|₱|₫|₩|฿|€|රු|रु)(?:[\d.,]|$)")
_JP_MOBILE = re.compile(r"0[5789]0")
_CPF = re.compile(r"\d{3}\.\d{3}\.\d{3}-\d{2}")
_KR_RRN = re.compile(r"\d{6}-[1-4]\d{6}")
_CUE_WINDOW = 32


def _nearest_number_cue(lower: str, start: int) -> str | None:
    best: tuple[int, int, str] | None = None
    generic = False
    pos = max(0, start - _CUE_WINDOW)
    # As _ANY_NUMBER_CUE.finditer over the window, each match found where the one trie says a cue starts.
    while (some := _SOME_NUMBER_CUE.search(lower, pos, start)) is not None:
        m = _ANY_NUMBER_CUE.match(lower, some.start(), start)
        if m is None:  # cannot be: a cue starts here, so the alternation of every kind's cues matches here
            break
        pos = max(m.end(), m.start() + 1)
        kind = m.lastgroup or "GENERIC"
        if kind == "GENERIC":
            generic = True
            continue
        key = (start - m.end(), m.start() - m.end(), kind)
        if best is None or key < best:
            best = key
    if best is None:
        return "PHONE" if generic else None
    return best[2]


def _classify_number(text: str, lower: str, start: int, end: int) -> str | None:
    if end - start < 5:
        return None
    run = text[start:end]
    digits = _NON_DIGIT.sub("", run)
    n = len(digits)
    if n < 5 or _UNIT_AFTER.match(text, end) or _CURRENCY_BEFORE.search(text, max(0, start - 3), start):
        return None
    if DATE.fullmatch(lower, start, end):
        return None
    groups = [len(g) for g in _DIGIT_RUN.findall(run)]
    cue = _nearest_number_cue(lower, start)
    # The check digit decides, whatever word came before: a 12-digit number that passes it is a My Number.
    if n == 12 and (cue == "MY_NUMBER" or (groups in ([12], [4, 4, 4]) and my_number.is_valid(digits))):
        return "MY_NUMBER"
    if cue == "POSTAL_CODE" and n in (7, 8):
        return "POSTAL_CODE"
    if cue in ("FOREIGN_ID", "PASSPORT", "RESIDENCE_CARD") and n >= 6:
        return cue
    if cue == "BANK_ACCOUNT" and n >= 5:
        return "BANK_ACCOUNT"
    if cue == "PHONE" and n >= 8:
        return "PHONE"
    if run.lstrip("(").startswith("+"):
        return "PHONE" if n >= 8 else None
    if groups == [3, 4] and "-" in run:
        return "POSTAL_CODE"
    if _CPF.fullmatch(run) or _KR_RRN.fullmatch(run):
        return "FOREIGN_ID"
    if n == 11 and not _JP_MOBILE.match(digits) and brazil_cpf.is_valid(digits):
        return "FOREIGN_ID"  # a Brazilian CPF written without its dots
    if digits.startswith("00") and n <= 15:
        return "PHONE"
    if 9 <= n <= 12:
        return "PHONE"
    if n >= 13:
        return "FOREIGN_ID"
    return None


_RESIDENCE_CARD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2} ?-?\d{8} ?-?[A-Za-z]{2}(?![A-Za-z0-9])")
_CARD_CUE = cue_regex(lx.RESIDENCE_CARD_CUES)
_CARD_AFTER_CUE = re.compile(
    r"[^A-Za-z0-9\n]{0,16}(?:no\.?|number|番号|số)?[^A-Za-z0-9\n]{0,6}"
    r"(?P<token>[A-Za-z0-9]{0,3}\d{6,10}[A-Za-z0-9]{0,3})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# Most passports: one or two letters and seven or eight digits; Brazil's and Myanmar's two letters and six.
# The edge before it is checked after its first letter, so that `re` skips to a capital fast.
_PASSPORT = re.compile(r"[A-Z](?<![A-Za-z0-9].)(?:[A-Z]?\d{7,8}[A-Z]?|[A-Z]\d{6})(?![A-Za-z0-9])")
_PASSPORT_CUE = cue_regex(lx.PASSPORT_CUES)
_PASSPORT_AFTER_CUE = re.compile(
    r"(?:[^A-Za-z0-9À-ỹ\n]|(?-i:[a-zà-ỹ]{1,12}(?=[\s:]))){0,24}?(?:no\.?|number|番号|số|nº|n°)?[^A-Za-z0-9\n]{0,6}"
    r"(?P<token>(?-i:(?:[A-Z]{1,2} ?|[a-z]{1,2})?)\d{6,9}[A-Za-z]?)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# Sri Lankan and Chinese national ids; a Myanmar NRC "12/MaYaKa(N)123456". Both open with the first digit, so that
# `re` skips to a digit fast; the edge before it is checked after it.
_FOREIGN_ID = re.compile(
    r"\d(?:(?<![A-Za-z0-9].)(?:\d{8}[VvXx]|\d{16}[\dXx])(?![A-Za-z0-9])"
    r"|(?<!\d.)\d? ?/ ?[^\s\d/]{2,20}? ?\( ?[^\s\d)]{1,8} ?\) ?\d{5,6}(?!\d))"
)
_FOREIGN_ID_HINT = re.compile(r"\d(?:\d{8}| ?/)")  # nine digits, or a digit and a slash
_POSTAL = re.compile(r"〒\s?(\d{3}\s?-?\s?\d{4})(?!\d)")


def find_numbers(text: str, lower: str) -> Iterator[Span]:
    # Each pattern below is searched for from where its digits can first be: two letters and a space and a dash
    # before a card's eight, two letters before a passport's six, a digit before an id's slash.
    long_digits = _EIGHT_DIGITS.search(text)
    for m in _RESIDENCE_CARD.finditer(text, max(0, long_digits.start() - 4)) if long_digits else ():
        yield "RESIDENCE_CARD", m.start(), m.end()
    for cue in _CARD_CUE.finditer(lower):
        card = _CARD_AFTER_CUE.match(text, cue.end())
        if card:
            yield "RESIDENCE_CARD", card.start("token"), card.end("token")
    six_digits = _SIX_DIGITS.search(text)
    for m in _PASSPORT.finditer(text, max(0, six_digits.start() - 2)) if six_digits else ():
        yield "PASSPORT", m.start(), m.end()
    for cue in _PASSPORT_CUE.finditer(lower):
        passport = _PASSPORT_AFTER_CUE.match(text, cue.end())
        if passport and not _UNIT_AFTER.match(text, passport.end("token")):  # "...trả 300000 yên": an amount
            yield "PASSPORT", passport.start("token"), passport.end("token")
    id_hint = _FOREIGN_ID_HINT.search(text)
    for m in _FOREIGN_ID.finditer(text, max(0, id_hint.start() - 1)) if id_hint else ():
        yield "FOREIGN_ID", m.start(), m.end()
    for m in _POSTAL.finditer(text):
        yield "POSTAL_CODE", m.start(1), m.end(1)
    for m in _NUMBER.finditer(text):
        start, end = m.start(), m.end()
        while end > start and not text[end - 1].isdigit():
            end -= 1
        kind = _classify_number(text, lower, start, end)
        if kind:
            yield kind, start, end


# ---------------------------------------------------------------- dates of birth

_BIRTH_BEFORE = cue_regex(lx.BIRTH_CUES_BEFORE)
_BIRTH_AFTER = re.compile(r"\s?(?:に|で|,)?\s?" + cue_pattern(lx.BIRTH_CUES_AFTER))


def _date_candidates(lower: str) -> Iterator[re.Match[str]]:
    # DATE is tried only where a number (or an era name) starts: far cheaper than scanning every position.
    for start in DATE_START.finditer(lower):
        m = DATE.match(lower, start.start())
        if m:
            yield m
    if YEAR_LIKE.search(lower):
        yield from DATE_MONTH_FIRST.finditer(lower)
    if LOCAL_DATE_HINT.search(lower):
        for start in DATE_START.finditer(lower):
            m = LOCAL_DATE.match(lower, start.start())
            if m:
                yield m


# A label of another field between a birth cue and a date: the date is that field's.
_ANOTHER_FIELD = re.compile(
    r"address|住所|じゅうしょ|địa chỉ|endere|direcci|alamat|ที่อยู่|주소|地址|ठेगाना|ලිපිනය|လိပ်စာ|អាសយដ្ឋាន|"
    r"phone|tel|email|passport|card|電話|携帯"
)
_BIRTH_ANY_CUE = cue_regex((*lx.BIRTH_CUES_BEFORE, *lx.BIRTH_CUES_AFTER))
_BORN_YEAR = re.compile(r"(?:19[3-9]\d|200\d|201[0-2]|24[7-9]\d|25[0-5]\d)(?!\d)")


def find_birth_dates(text: str, lower: str) -> Iterator[Span]:
    # A date is a birth date by a cue or by a year people were born in: without either, no date need be read.
    if not (_BORN_YEAR.search(lower) or _BIRTH_ANY_CUE.search(lower)):
        return
    for m in _date_candidates(lower):
        cue_before = _BIRTH_BEFORE.search(lower, max(0, m.start() - 36), m.start())
        if cue_before and _ANOTHER_FIELD.search(lower, cue_before.end(), m.start()):
            cue_before = None  # "DOB 1991-07-23, address 3-5-12": the cue was for another field
        if cue_before and (
            HAPPENED.match(lower, cue_before.end()) or _DIGIT.search(lower, cue_before.end(), m.start())
        ):
            cue_before = None  # เกิดอุบัติเหตุ: "happen"; a number between: the cue was for that one
        cued = bool(cue_before) or bool(_BIRTH_AFTER.match(lower, m.end()))
        year = YEAR.search(m.group())
        born_then = False
        if year:
            y = int(year.group())
            born_then = 1930 <= y <= 2012 or 2473 <= y <= 2555
            # Bikram Sambat, 56 or 57 years ahead: 2020 BS is 1963.
            born_then = born_then or (2020 <= y <= 2069 and bool(NEPALI_MONTH.search(m.group())))
        if cued or born_then:
            day_word = DAY_WORD_BEFORE.search(lower, max(0, m.start() - 8), m.start())
            yield "BIRTH_DATE", day_word.start() if day_word else m.start(), m.end()
    # A day and month of birth without the year: "birthday is March 5", "誕生日は5月5日". A year alone is an age,
    # which policy work needs ("sinh năm 2001").
    for cue in _BIRTH_BEFORE.finditer(lower):
        part = PARTIAL_BIRTH_AFTER_CUE.match(lower, cue.end(), min(len(lower), cue.end() + 40))
        if part:
            yield "BIRTH_DATE", part.start("date"), part.end("date")


# ---------------------------------------------------------------- names


def take_latin_name(text: str, pos: int, max_words: int, *, strong: bool) -> int | None:
    """End of the name that starts at pos, or None. Weak cues need capitalised words."""
    end: int | None = None
    count = 0
    first_cap: bool | None = None
    while count < max_words:
        m = LATIN_WORD_AT.match(text, pos)
        if not m:
            break
        word = m.group(1)
        low = word.lower()
        cap = word[0].isupper()
        if low in NAME_PARTICLES and count > 0:
            nxt = LATIN_WORD_AT.match(text, m.end())
            if nxt and nxt.group(1)[0].isupper():
                end = pos = nxt.end(1)
                count += 1
                continue
            break
        if low in lx.PLACES_AND_PEOPLES or (low in lx.FUNCTION_WORDS and not (cap and count > 0 and first_cap)):
            break
        if first_cap is None:
            first_cap = cap
        if not cap and (not strong or first_cap):
            break
        end = pos = m.end(1)
        count += 1
    return end


# Thai words that start a clause, never a surname (NFKC).
_CLAUSE_WORDS_THAI = tuple(
    nfkc(w) for w in ("โดน", "ถูก", "ได้", "ไม่", "จะ", "ให้", "บอก", "ไป", "มา", "อยู่", "เป็น", "ทำ", "เมื่อ", "ตอน", "ที่")
)


def take_script_name(text: str, pos: int) -> int | None:
    """End of a name written in a caseless script starting at pos, trimmed of particles."""
    for run in SCRIPT_RUNS:
        m = run.match(text, pos)
        if not m:
            continue
        words = m.group().split(" ")
        kept: list[str] = []
        for word in words:
            if word in SCRIPT_STOP_WORDS or word in lx.KATAKANA_NOT_A_NAME:
                break
            if kept and word.startswith(SCRIPT_STOP_PREFIXES):
                break
            if kept and word.startswith(_CLAUSE_WORDS_THAI):
                break  # "ต้น โดนตำรวจจับ...": the next word starts what happened to them, not a surname
            kept.append(word)
        if not kept:
            return None
        last = kept[-1]
        for suffix in SCRIPT_SUFFIXES:
            if last.endswith(suffix) and len(last) > len(suffix) + 1:
                kept[-1] = last[: -len(suffix)]
                break
        return pos + len(" ".join(kept))
    return None


_STRONG_CUE = cue_regex(lx.NAME_CUES_STRONG)
_ARTICLE_OR_COPULA = re.compile(r"(?:o|a|el|la|là|si|é|es|is)[ \t]")
_COPULA = re.compile(r"(?:là|si|é|es|is)[ \t]|\(")
_AND_ANOTHER = re.compile(r"[ \t]*(?:,|and|at|dan|y|e|và|&)[ \t]*(?=[A-ZÀ-ÝĐ])")
_WEAK_CUE = re.compile(cue_pattern(lx.NAME_CUES_WEAK) + r",?[ \t]")
_SCRIPT_CUE = re.compile(script_cue_pattern(lx.NAME_CUES_SCRIPT))
_NOT_BEFORE = {nfkc(cue): tuple(nfkc(w) for w in words) for cue, words in lx.NAME_CUE_NOT_BEFORE.items()}
_NAME_AFTER_CUE = re.compile(r"[ \t]*(?:[:：=]|は|là|é|es|is|ay|က)?[ \t]*")
_LATIN_WORDS_1_3 = rf"{LATIN_WORD}(?:[ \t]{LATIN_WORD}){{0,2}}"
# Suffix cues are found first, then the name is looked for just before them: far cheaper than
# trying every position of the text as the start of a name.
_HONORIFIC = re.compile(r"(?:さん|様(?![々子式])|さま|くん|君|ちゃん|氏(?!名)|殿|씨|님|先生|小姐|女士)")
_NAME_BEFORE_HONORIFIC = re.compile(
    rf"(?:(?<![{KATAKANA}]){KATAKANA_RUN}|(?<![{HAN}])[{HAN}]{{1,4}}|(?<![{LATIN}]){_LATIN_WORDS_1_3}"
    rf"|(?<![가-힣])[가-힣]{{2,4}})(?=[ \t]?$)"
)
_HONORIFIC_SPACED = re.compile(
    r"(?P<name>(?:[\u0d80-\u0df4\u200d]+[ \t]){1,3})(?:මහතා|මහත්මිය|මෙනවිය)"
    rf"|(?P<latin>(?:[A-Z][{LATIN}\u0300-\u036f']*[ \t]){{1,3}})(?:san|sama|ji)\b"
)
_SELF_INTRO_JA = re.compile(r"(?:と申します|ともうします|といいます|と言います|と申す|っていいます)")
_NAME_BEFORE_SELF_INTRO = re.compile(
    rf"(?:(?<![{KATAKANA}]){KATAKANA_RUN}|(?<![{HAN}])[{HAN}]{{1,4}}|(?<![{HIRAGANA}])[{HIRAGANA}]{{2,6}}"
    rf"|(?<![{LATIN}]){_LATIN_WORDS_1_3})(?=[ \t]?$)"
)
_I_AM_JA = "私は|わたしは|僕は|ぼくは|俺は"
_FROM_WHERE_JA = "出身|人|じん|実習生|研修生|留学生|学生|社員"
_COPULA_INTRO = re.compile(
    rf"(?:{_I_AM_JA})[ \t]?"
    rf"(?:[^\s。、]{{1,10}}[ \t]?の[ \t]?|[^\s。、]{{1,16}}(?:来た|きた|から来ました))?"
    rf"(?P<ja>{KATAKANA_RUN}|[{HAN}]{{2,4}}|{_LATIN_WORDS_1_3})"
    r"[ \t]?です"
    r"|저는[ \t]?(?P<ko>[가-힣]{2,4})[ \t]?(?:입니다|이에요|예요|이고|라고)"
    rf"|我是(?P<zh>[{HAN}]{{2,3}})(?=[,，。.!！\s]|$)"
    r"|म(?<![\u0900-\u097f]म)[ \t](?P<ne>(?:[\u0900-\u0963\u0966-\u097f\u200d]+[ \t]){1,3}(?=हुँ|हो)"
    r"|[\u0900-\u0963\u0966-\u097f\u200d]+(?:[ \t][\u0900-\u0963\u0966-\u097f\u200d]+)?(?=।))"
    # "මම දිනේෂ්.": Sinhala says "I (am) ..." without a verb.
    # Two words at most, and none of "Sri Lanka", "from ...", "a student": "මම ශ්‍රී ලංකාවේ.", "මම ශිෂ්‍යයෙක්."
    r"|මම[ \t](?!ශ්‍රී|ලංකා)(?P<si>[\u0d80-\u0df4\u200c\u200d]+(?:[ \t][\u0d80-\u0df4\u200c\u200d]+)?)"
    r"(?<!ේ)(?<!ක්)(?=[.।]|$)"
    # "フィリピン出身のロサです", "ベトナム人のタンです": a person said by where they come from.
    rf"|(?:{_FROM_WHERE_JA})の[ \t]?(?P<ja2>{KATAKANA_RUN})[ \t]?です"
)
# Where the first of those can start: each alternative above opens with one of these words. Its first branch opens
# with a group, so `re` cannot skip ahead to a likely start and tries every branch at every position.
_COPULA_INTRO_START = re.compile(f"{_I_AM_JA}|저는|我是|म|මම|{_FROM_WHERE_JA}")
_CAPITAL = "[A-ZÀ-ÖØ-ÞĀ-ſƀ-ɏḀ-ỿ]"
_CAP_WORD = rf"{_CAPITAL}[{LATIN}\u0300-\u036f']*"
# Two or more capitalised words in a row (name particles allowed between them): candidate full names.
# The edge before the first word is checked after its capital, so that `re` skips to capitals fast.
_LATIN_RUN = re.compile(
    rf"{_CAPITAL}(?<![{LATIN}].)[{LATIN}\u0300-\u036f']*"
    rf"(?:[ \t]+(?:(?:da|de|dos|das|do|del|dela|van|bin|binti|la|di|[A-Z]\.)[ \t]+)?{_CAP_WORD})+"
)
# A Korean name is a surname syllable and one or two more, then the copula or an honorific: "이지은이에요".
_KOREAN_NAME = re.compile(
    r"(?<![가-힣])(?P<name>[김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구나민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용][가-힣]{2})"
    r"(?=이에요|입니다|이고|이라고|이래요|예요|이예요|씨|님)"
)
_KOREAN_SURNAME_SYLLABLES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민"
    "진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
# "남편 정민호가", "친구 김하늘도": a person named after who they are, before a particle.
_KOREAN_NAME_AFTER_RELATION = re.compile(
    r"(?:남편|아내|와이프|친구|동료|동생|형|언니|오빠|누나|아들|딸|사장|반장|과장|부장|팀장|점장|매니저|상사|룸메이트)"
    rf"[ \t](?:(?P<name>[{_KOREAN_SURNAME_SYLLABLES}][가-힣]{{1,2}})(?=[가이는은도를을의와과랑한에]|씨|님|[ \t,.]|$)"
    # a given name alone, with the friendly 이 and a particle: "친구 혜린이도"
    r"|(?P<given>[가-힣]{2})이(?=[가는도를의랑한와]))"
)
# Family names common in the communities that write to us, in their own scripts: the word next to one is the rest
# of the name ("बिकाश श्रेष्ठ", "නිමල් පෙරේරා"; Khmer puts the family name first: "ចាន់ សុភាព").
_DEVANAGARI_WORD = r"[\u0900-\u0963\u0966-\u097f\u200c\u200d]+"
_SINHALA_WORD = r"[\u0d80-\u0df4\u200c\u200d]+"
_KHMER_WORD = r"[\u1780-\u17d3]+"
_DEVANAGARI_FAMILY = "|".join(re.escape(n) for n in sorted(lx.FAMILY_NAMES_DEVANAGARI, key=len, reverse=True))
# Each pattern starts with a word written out (a family name, "I"), so that `re` looks for it fast; the word a
# family name follows is read back from there.
_FAMILY_AFTER = (
    # Devanagari and Sinhala put the family name last: "बिकाश श्रेष्ठ", "हरि प्रसाद अधिकारी", "නිමල් පෙරේරා".
    (
        re.compile(r"[\u0900-\u097f]"),
        # a case ending may be written against the family name: "रमेश श्रेष्ठले"
        re.compile(rf"(?:{_DEVANAGARI_FAMILY})(?:(?=ले|को|लाई|सँग|संग|ने)|(?![\u0900-\u0963\u0966-\u097f]))"),
        re.compile(
            rf"(?<![\u0900-\u097f]){_DEVANAGARI_WORD}(?:[ \t](?:बहादुर|प्रसाद|कुमार|कुमारी|राज|लाल|नाथ|मान|माया))?[ \t]$"
        ),
    ),
    (
        re.compile(r"[\u0d80-\u0dff]"),
        re.compile(rf"(?:{'|'.join(lx.FAMILY_NAMES_SINHALA)})(?![\u0d80-\u0df4])"),
        re.compile(rf"(?<![\u0d80-\u0dff]){_SINHALA_WORD}[ \t]$"),
    ),
)
_INTRODUCED = (
    # Khmer puts the family name first: "ចាន់ សុភាព".
    (
        re.compile(r"[\u1780-\u17ff]"),
        re.compile(rf"(?P<name>(?:{'|'.join(lx.FAMILY_NAMES_KHMER)})[ \t]{_KHMER_WORD})"),
    ),
    # "ខ្ញុំ ដារ៉ា នៅ Chiba": "I, Dara, at Chiba".
    (
        re.compile(r"ខ្ញុំ"),
        re.compile(
            r"ខ្ញុំ[ \t](?P<name>[\u1780-\u17d3]+)(?=[ \t](?:នៅ|ធ្វើការ|មកពី|ជា|អាយុ|កើត|រស់នៅ)(?:[ \t\u1780-\u17ff]|$))"
        ),
    ),
    # Burmese has no family names: "ကျွန်တော် ကျော်ဇင်ထွန်း ပါ" is said like "I am ...".
    (
        re.compile(r"ကျွန်"),
        re.compile(
            r"(?:ကျွန်တော်|ကျွန်မ)[ \t](?P<name>[\u1000-\u1049\u104c-\u109f]+)"
            r"(?=[ \t]?(?:ပါ|ဖြစ်ပါတယ်|လို့ခေါ်ပါတယ်|ဖြစ်တယ်)(?:[ \t။]|$)|[ \t]?။)"
        ),
    ),
    # "ดิฉัน สุดารัตน์ ทำงาน...": "I, Sudarat, work..."
    (
        re.compile(nfkc(r"ฉัน|ผม|หนู")),
        re.compile(
            nfkc(
                r"(?:ดิฉัน|ฉัน|ผม|หนู)[ \t](?!ชื่อ|ผม|ฉัน|หนู|เป็น|ทำ|อยู่)(?P<name>[\u0e01-\u0e4e]+(?:[ \t][\u0e01-\u0e4e]+)?)"
                r"(?=[ \t](?:ทำงาน|อยู่|มาจาก|เป็น|อายุ|ค่ะ|ครับ|เกิด|ขอ))"
            )
        ),
    ),
)


def _family_and_introduced_names(text: str) -> Iterator[tuple[int, int]]:
    for script, family, before in _FAMILY_AFTER:
        if not script.search(text):
            continue
        for m in family.finditer(text):
            given = before.search(text, max(0, m.start() - 60), m.start())
            if given:
                yield given.start(), m.end()
    for hint, pattern in _INTRODUCED:
        if not hint.search(text):
            continue
        for m in pattern.finditer(text):
            if m.start("name") > 0 and pattern is _INTRODUCED[0][1] and _KHMER_CHAR.match(text, m.start() - 1):
                continue  # the family name is the end of a longer Khmer word
            yield m.start("name"), m.end("name")


_KHMER_CHAR = re.compile(r"[\u1780-\u17ff]")


# "Jenny here from Davao", "Sopheak is my name", "Tamang-ji", "A Kátia, minha colega, ...": a person said who
# they are. Each pattern runs only where a word it needs is in the message.
def _needs(*words: str) -> re.Pattern[str]:
    """The words one of which a pattern needs in the message, as one pattern: a cheap test before the dear one."""
    return re.compile("|".join(re.escape(w) for w in words))


_SELF_NAMED = (
    (
        _needs(
            " here",
        ),
        re.compile(rf"(?:^|[.!?,]\s*)(?P<name>[A-Z][{LATIN}]+(?:[ \t][A-Z][{LATIN}]+)?)[ \t]here\b"),
    ),
    (
        _needs("my name", "pangalan ko", "meu nome", "mi nombre", "tên tôi", "tên em"),
        re.compile(
            rf"(?P<name>[A-Z][{LATIN}]+(?:[ \t][A-Z][{LATIN}]+){{0,2}})[ \t](?:is[ \t]my[ \t]name"
            r"|ang[ \t]pangalan[ \t]ko|é[ \t]meu[ \t]nome|es[ \t]mi[ \t]nombre|tên[ \t](?:tôi|em))\b"
        ),
    ),
    (
        _needs(" do ", " da ", " de ", " del ", " of "),
        re.compile(
            r"(?:mãe|mae|pai|filho|filha|esposa|esposo|marido|mulher|irmão|irmã|amigo|amiga|mamá|papá|hijo|hija|"
            r"hermano|hermana|wife|husband|mother|father|son|daughter)[ \t](?:do|da|de|del|of)[ \t]"
            rf"(?P<name>[A-ZÀ-Ý][{LATIN}]+(?:[ \t][A-ZÀ-Ý][{LATIN}]+){{0,2}})"
        ),
    ),
    (_needs("-"), re.compile(rf"(?P<name>[A-Z][{LATIN}]+)-(?:ji|jee|san|sama|chan|kun|sensei|sensee)\b")),
    (
        _needs(", minha ", ", meu ", ", mi ", ", sua ", ", seu ", ", nuestr", ", que ", ", quien ", ", who "),
        re.compile(
            rf"(?:^|[.!?:]\s+|\s)(?:A|O|La|El|a|o|la|el)[ \t](?P<name>[A-ZÀ-Ý][{LATIN}]+),"
            r"[ \t](?:minha|meu|mi|nuestra|nuestro|sua|seu|que|quien|who)[ \t]"
        ),
    ),
)
_KATAKANA_NAME = re.compile(rf"(?<![{KATAKANA}])[{KATAKANA}]+(?:[・=][{KATAKANA}]+)+")
_KATAKANA_SURNAME = re.compile(
    rf"(?:{'|'.join(sorted(lx.KATAKANA_SURNAMES, key=len, reverse=True))})"
    rf"(?:[・=\s][{KATAKANA}]{{2,}}){{0,3}}(?![{KATAKANA}])"
)
_KATAKANA_CHAR = re.compile(rf"[{KATAKANA}]")
_HANGUL = re.compile(r"[가-힣]")
_CJK = re.compile(rf"[{HAN}{HIRAGANA}{KATAKANA}]")
_SPACED_HONORIFIC_HINT = re.compile(r"මහත|මෙනවිය|san\b|sama\b|ji\b")
_ROLE_SUFFIX = tuple("長者師士員屋人主官长")
_HIRAGANA_HONORIFIC = re.compile(
    rf"(?<![{HIRAGANA}])(?P<name>[{HIRAGANA}]{{2,5}})[ \t]?"
    r"(?:さん|さま|くん|ちゃん|しゃちょう|ぶちょう|かちょう|はんちょう|てんちょう|せんせい|せんぱい|しゅにん)"
)
_PARTICLE_END = tuple("のはがをでへ")
# "居酒屋「とりまる」": a shop or company named in quotes after what it is.
_QUOTED_WORKPLACE = re.compile(
    r"(?:居酒屋|会社|店|お店|レストラン|工場|施設|ホテル|農園|農場|スーパー|コンビニ|事務所|派遣会社|公司|餐馆|饭店|工厂)"
    r"[ \t]?[「『\"“](?P<name>[^」』\"”]{1,20})[」』\"”]"
)
# "実習生仲間のアグスとデデが", "友達のホセ": people in katakana named by who they are to the writer.
_KATAKANA_AFTER_RELATION = re.compile(
    rf"(?:仲間|友達|友だち|ともだち|同僚|先輩|後輩|実習生|同期|ルームメイト|夫|妻|彼氏|彼女|息子|娘)の[ \t]?"
    rf"(?P<a>{KATAKANA_RUN})(?:と(?P<b>{KATAKANA_RUN}))?"
)


def _name_before_honorific(name: str) -> bool:
    name = name.strip()
    if not name or name in lx.NOT_A_NAME_BEFORE_HONORIFIC or name.lower() in lx.NOT_A_NAME:
        return False
    if name in lx.KATAKANA_NOT_A_NAME:
        return False
    return not (_HAN_ONLY.fullmatch(name) and name.endswith(_ROLE_SUFFIX))


_CAPITALISED_WORD = re.compile(rf"[A-ZÀ-Ý](?<![{LATIN}].)[a-zà-ÿ]{{2,}}(?![{LATIN}])")


def _capitalised_runs(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Maximal runs of capitalised Latin words, split at words that are not names."""
    for m in _LATIN_RUN.finditer(text):
        words = [(w.start(), w.end(), w.group()) for w in _WORD.finditer(m.group())]
        current: list[tuple[int, int, str]] = []
        for ws, we, w in [*words, (0, 0, "")]:
            clean = w.strip("'")
            low = clean.lower()
            particle = low in NAME_PARTICLES and bool(current)
            is_name = bool(clean) and clean[0].isupper() and low not in lx.NOT_A_NAME
            if not is_name and clean[:1].isupper() and current and low not in lx.PLACES_AND_PEOPLES:
                # "Bùi Đức Anh", "Aung Ko Ko": a capitalised short word inside a name that starts like one.
                first = current[0][2].lower()
                is_name = first in lx.KNOWN_SURNAMES or first in lx.KNOWN_GIVEN_NAMES
            if particle or is_name:
                current.append((ws, we, clean))
                continue
            while current and current[-1][2].lower() in NAME_PARTICLES:
                current.pop()
            if current:
                yield m.start() + current[0][0], m.start() + current[-1][1], [c[2] for c in current]
            current = []


def find_names(text: str, lower: str) -> Iterator[Span]:
    for m in _STRONG_CUE.finditer(lower):
        pos = _NAME_AFTER_CUE.match(text, m.end())
        start = pos.end() if pos else m.end()
        end = take_latin_name(text, start, 4, strong=True) or take_script_name(text, start)
        if end:
            yield "NAME", start, end
    languages: frozenset[str] | None = None
    for m in _WEAK_CUE.finditer(lower):
        if m.group().rstrip(", \t") == "em":
            # "em" is "I" in Vietnamese but "in" in Portuguese: "o apê fica em Homigaoka" names a place.
            languages = latin_languages(lower) if languages is None else languages
            if "pt_es" in languages and "vi" not in languages:
                continue
        # "minha vizinha, a Rosângela", "bạn em là Khánh": an article or a copula may stand between.
        lead = (_ARTICLE_OR_COPULA if "," in m.group() else _COPULA).match(lower, m.end())
        begin = lead.end() if lead else m.end()
        for _ in range(4):  # "sina Jun-jun at Tess", "teman-teman (Riski, Andre, Yoga)": a list of people
            end = take_latin_name(text, begin, 3, strong=False)
            if not end or end - begin < 2:
                break
            yield "NAME", begin, end
            joined = _AND_ANOTHER.match(text, end)
            if not joined:
                break
            begin = joined.end()
    ascii_only = text.isascii()  # every script cue and self-introduction below has a letter beyond ASCII
    for m in _SCRIPT_CUE.finditer(text) if not ascii_only else ():
        if text.startswith(_NOT_BEFORE.get(m.group(), ()), m.end()):
            continue
        pos = _NAME_AFTER_CUE.match(text, m.end())
        start = pos.end() if pos else m.end()
        end = take_script_name(text, start) or take_latin_name(text, start, 4, strong=False)
        first = text[start:end].split(" ")[0] if end else ""
        if first and ABUGIDA_LETTER.match(first) and (reads_as_a_town(first) or said_where(text, start + len(first))):
            continue  # "ညီမ တိုကျို မှာ", "भाइ ओसाका मा": where the person is, a place to keep
        if end:
            yield "NAME", start, end
    has_cjk = bool(_CJK.search(text))
    for m in _HONORIFIC.finditer(text) if has_cjk or _HANGUL.search(text) else ():
        before = _NAME_BEFORE_HONORIFIC.search(text, max(0, m.start() - 40), m.start())
        if before and _name_before_honorific(before.group()):
            yield "NAME", before.start(), before.end()
    for m in _HIRAGANA_HONORIFIC.finditer(text) if has_cjk else ():
        role = not m.group().endswith(("さん", "さま", "くん", "ちゃん"))
        # "かいしゃの しゃちょう" is "the company's president"; before さん a final の is part of a name (ひらのさん).
        if m.group("name") not in lx.NOT_A_NAME_HIRAGANA and not (role and m.group("name").endswith(_PARTICLE_END)):
            yield "NAME", m.start("name"), m.end("name")
    for m in _KATAKANA_AFTER_RELATION.finditer(text) if has_cjk else ():
        for group in ("a", "b"):
            if m.group(group) and m.group(group) not in lx.KATAKANA_NOT_A_NAME:
                yield "NAME", m.start(group), m.end(group)
    for m in _HONORIFIC_SPACED.finditer(text) if _SPACED_HONORIFIC_HINT.search(lower) else ():
        group = "name" if m.group("name") else "latin"
        if m.group(group).strip().lower() not in lx.NOT_A_NAME:
            yield "NAME", m.start(group), m.start(group) + len(m.group(group).rstrip())
    for m in _SELF_INTRO_JA.finditer(text) if has_cjk else ():
        before = _NAME_BEFORE_SELF_INTRO.search(text, max(0, m.start() - 40), m.start())
        if before:
            yield "NAME", before.start(), before.end()
    intro = _COPULA_INTRO_START.search(text) if not ascii_only else None
    for m in _COPULA_INTRO.finditer(text, intro.start()) if intro else ():
        group = next(g for g in ("ja", "ko", "zh", "ne", "si", "ja2") if m.group(g))
        value = m.group(group)
        if group in ("zh", "ko") and (value.endswith(("人", "인")) or value in lx.NOT_A_NAME):
            continue
        if group == "ne" and value.split()[0] in SCRIPT_STOP_WORDS:
            continue
        if group in ("ja", "ja2") and value in lx.KATAKANA_NOT_A_NAME:
            continue
        yield "NAME", m.start(group), m.start(group) + len(value.rstrip())
    hangul = bool(_HANGUL.search(text))
    for m in _KOREAN_NAME.finditer(text) if hangul else ():
        if m.group("name") not in lx.NOT_A_NAME and not m.group("name").endswith("인"):  # 한국인: a nationality
            yield "NAME", m.start("name"), m.end("name")
    for m in _KOREAN_NAME_AFTER_RELATION.finditer(text) if hangul else ():
        group = "name" if m.group("name") else "given"
        yield "NAME", m.start(group), m.end(group)
    for needs, pattern in _SELF_NAMED:
        if needs.search(lower):
            for m in pattern.finditer(text):
                if m.group("name").lower() not in lx.NOT_A_NAME and not is_place(m.group("name")):
                    yield "NAME", m.start("name"), m.end("name")
    for start, end in _family_and_introduced_names(text) if not ascii_only else ():
        words = text[start:end].split()
        if text[start:end] in SCRIPT_STOP_WORDS or any(w.startswith(SCRIPT_STOP_PREFIXES) for w in words[1:]):
            continue
        if any(reads_as_a_town(w) for w in words):
            continue  # "ผม ย้ายไป โอซาก้า ทำงาน": a move to Osaka
        yield "NAME", start, end
    for m in _KATAKANA_NAME.finditer(text) if has_cjk else ():
        parts = _NAME_SEPARATOR.split(m.group())
        if not all(p in lx.KATAKANA_NOT_A_NAME for p in parts):
            yield "NAME", m.start(), m.end()
    for m in _KATAKANA_SURNAME.finditer(text) if has_cjk else ():
        if m.start() == 0 or not _KATAKANA_CHAR.match(text, m.start() - 1):
            yield "NAME", m.start(), m.end()
    known = not lx.KNOWN_GIVEN_NAMES.isdisjoint(map(str.lower, _CAPITALISED_WORD.findall(text)))
    for m in _CAPITALISED_WORD.finditer(text) if known else ():
        if m.group().lower() in lx.KNOWN_GIVEN_NAMES:
            yield "NAME", m.start(), m.end()  # "O Fabio, meu vizinho": a given name common among those who write
    for start, end, words in _capitalised_runs(text):
        lowered = [w.lower() for w in words]
        vietnamese_middle = len(words) >= 3 and any(w in ("thị", "văn", "thi", "van") for w in lowered[1:-1])
        if len(words) >= 2 and (
            vietnamese_middle or any(w in lx.KNOWN_SURNAMES or w in lx.KNOWN_GIVEN_NAMES for w in lowered)
        ):
            yield "NAME", start, end


# ---------------------------------------------------------------- employers

_JA_NAME_CHARS = rf"[{HAN}{KATAKANA}A-Za-z0-9&・]"
_EMPLOYER_PREFIX_JA = re.compile(
    "(?:" + "|".join(re.escape(p) for p in lx.EMPLOYER_PREFIX_JA) + rf")\s?(?P<name>{_JA_NAME_CHARS}{{1,15}})"
)
_NOT_ONE_KANJI = frozenset("市区町村県都府的在是和我他她这那个家")
_EMPLOYER_SUFFIX_JA = re.compile(r"(?:" + "|".join(re.escape(s) for s in lx.EMPLOYER_SUFFIX_JA) + ")")
_ROMAJI_TRADE = "|".join(sorted((re.escape(w) for w in lx.EMPLOYER_SUFFIXES_ROMAJI), key=len, reverse=True))
_EMPLOYER_ROMAJI_HINT = cue_regex(lx.EMPLOYER_SUFFIXES_ROMAJI)
# "Maruyama Kogyo", "Toyo Giken", and in a message typed in lower case "yamaichi suisan".
_ROMAJI_TRADE_CAPITALISED = "|".join(w.capitalize() for w in lx.EMPLOYER_SUFFIXES_CAPITALISED)
_EMPLOYER_ROMAJI_HINT_CAPITALISED = re.compile(rf"(?:{_ROMAJI_TRADE_CAPITALISED})(?![{LATIN}])")
_EMPLOYER_ROMAJI = re.compile(
    rf"(?P<name>(?:[A-Z][{LATIN}'&\-]*[ \t]){{1,3}})(?:(?i:{_ROMAJI_TRADE})|{_ROMAJI_TRADE_CAPITALISED})(?![{LATIN}])"
    rf"|(?P<low>(?<![{LATIN}])[a-z][a-z'\-]+[ \t])(?:{_ROMAJI_TRADE})(?![{LATIN}])",
)
# Every trade word, anywhere, in lower case: where _EMPLOYER_ROMAJI can end. A match of it is made of letters,
# apostrophes, ampersands, hyphens, spaces and tabs up to its trade word, so it starts inside the run of those that
# holds the first trade word and ends within the longest trade word after the start of the last.
_TRADE_WORDS_LOWER = frozenset(w.lower() for w in (*lx.EMPLOYER_SUFFIXES_ROMAJI, *lx.EMPLOYER_SUFFIXES_CAPITALISED))
_ANY_TRADE_WORD = re.compile(word_trie(_TRADE_WORDS_LOWER))
_TRADE_WORD_LONGEST = max(map(len, _TRADE_WORDS_LOWER))
_NOT_IN_A_ROMAJI_EMPLOYER = re.compile(rf"[^{LATIN}'&\- \t]")


def _romaji_employer_span(text: str, lower: str) -> tuple[int, int] | None:
    """Where _EMPLOYER_ROMAJI can find anything in the text (None: nowhere), as (pos, endpos) to search."""
    first = _ANY_TRADE_WORD.search(lower)
    if first is None:
        return None
    if not FOLDED_BY_RE_ONLY.isdisjoint(text):
        return 0, len(text)  # IGNORECASE may read a trade word that lower case does not spell
    last = first
    for last in _ANY_TRADE_WORD.finditer(lower, first.end()):  # noqa: B007 - only the last is wanted
        pass
    before = _NOT_IN_A_ROMAJI_EMPLOYER.search(text[first.start() - 1 :: -1]) if first.start() else None
    start = first.start() - before.start() if before else 0
    return start, min(len(text), last.end() + _TRADE_WORD_LONGEST + 1)


_JA_NAME_BEFORE = re.compile(rf"(?:(?<!{_JA_NAME_CHARS}){_JA_NAME_CHARS}{{1,12}}|{_JA_NAME_CHARS}{{12}})(?=\s?$)")
_EMPLOYER_CUE = cue_regex(c for c in lx.EMPLOYER_CUES if c not in ("pt", "cv", "pt."))
_EMPLOYER_CUE_CASED = re.compile(r"(?<![A-Za-z])(?:PT\.?|CV)(?=[ \t])")
_EMPLOYER_LEGAL_FORM = re.compile(r"[ \t]*(?:tnhh|cổ phần|co phan|mtv|ltda|s\.a\.|จำกัด)", re.IGNORECASE)
_EMPLOYER_SUFFIX_LATIN = re.compile(
    rf"(?P<name>(?:[A-Z0-9][{LATIN}0-9&'\-]*[ \t]){{1,4}})(?:Co\.,? ?Ltd\.?|Inc\.?|Corp\.?|Corporation|K\.K\.|"
    r"Ltda\.?|S\.A\.|Company|회사|कम्पनी|සමාගම|ကုမ္ပဏီ)",
)
_EMPLOYER_SUFFIX_HINT = re.compile(r"co\.|inc|corp|k\.k\.|ltda|s\.a\.|company|회사|कम्पनी|සමාගම|ကုမ္ပဏီ")
_SUFFIX_STYLE_CUES = frozenset(nfkc(c) for c in lx.EMPLOYER_SUFFIXES_SCRIPT)
_CASELESS = re.compile(r"[\u0e00-\u0e7f\u1780-\u17ff\u1000-\u109f\u0900-\u097f\u0d80-\u0dff가-힣]")


# "in", "near", "province", "city" at the start of what follows a word for a workplace, in Thai and Khmer (NFKC).
_IN_A_PLACE_SCRIPT = tuple(nfkc(w) for w in ("ใน", "แถว", "จังหวัด", "เมือง", "นอก", "នៅ", "ក្នុង", "ខេត្ត", "ក្រុង"))


def _take_company(text: str, pos: int) -> int | None:
    """End of a company name after a cue: capitalised words, CJK or another script, a few tokens at most."""
    sep = SEPARATOR_AT.match(text, pos)
    pos = sep.end() if sep else pos
    legal = _EMPLOYER_LEGAL_FORM.match(text, pos)
    if legal:
        pos = legal.end()
    end: int | None = None
    lowercase_run = 0
    for _ in range(5):
        m = TOKEN_AT.match(text, pos)
        if not m:
            break
        token = m.group(1)
        if token in SCRIPT_STOP_WORDS:
            break
        inside_a_name = end is not None and token[0].isupper() and token.lower() not in lx.PREFECTURES_ROMAJI
        if token.lower() in lx.PLACES_AND_PEOPLES and not inside_a_name:
            # "Ishikawa Kogyo" is a company, "Gunma" alone is where it sits; "Sinar Jaya Japan" is one name.
            nxt = TOKEN_AT.match(text, m.end(1))
            if not (nxt and nxt.group(1)[0].isupper() and nxt.group(1).lower() not in lx.NOT_A_NAME):
                break
        caseless = bool(_CASELESS.match(token)) or bool(_HAN_OR_KATAKANA.match(token))
        if caseless and token.startswith(_IN_A_PLACE_SCRIPT):
            break  # "โรงงานในโอตะ": a factory in Ota
        if caseless:
            if end is None:
                return hangul_trade_end(text, m.end(1)) or m.end(1)  # "회사는 스즈키 덴키"
            return end
        if _CURRENCY_TOKEN.match(token):
            break  # "owes me R$ 3000"
        if token[0].isdigit() and (lowercase_run or _UNIT_AFTER.match(text, m.end(1))):
            break  # "trừ lương 900yên": an amount, not a company
        if token[0].isupper() or token[0].isdigit():
            end = m.end(1)
            lowercase_run = 0
        else:
            lowercase_run += 1
            if lowercase_run > 2 or end is not None:
                break
        pos = m.end(1)
    return end


_LEGAL_FORM_CUES = frozenset(("주식회사", "(주)"))
# Words that lead a company's name rather than a sentence: "Nihon Plast", "Gunma Seiki".
_NAME_OF_A_COMPANY = frozenset(lx.PREFECTURES_ROMAJI) | {"nihon", "nippon", "japan", "asia"}
_JA_PARTICLE = re.compile(r"(?:の|で|に|は|が|から|と|を|へ|です)")


def find_employers(text: str, lower: str) -> Iterator[Span]:
    has_cjk = bool(_CJK.search(text))
    for m in _QUOTED_WORKPLACE.finditer(text) if has_cjk else ():
        yield "EMPLOYER", m.start("name"), m.end("name")
    for m in _EMPLOYER_PREFIX_JA.finditer(text) if has_cjk or "(" in text else ():
        # The legal form goes with the name: "株式会社 ヒロセ" leaves no "株式会社" behind.
        yield "EMPLOYER", m.start(), m.end("name")
    for m in _EMPLOYER_SUFFIX_JA.finditer(text) if has_cjk else ():
        start = company_start_before(text, m.start())
        name = text[start : m.start()]
        # One kanji before a long trade word is a name too: 旭鉄工所, 森製作所.
        one_kanji = len(name) == 1 and len(m.group()) >= 3 and _HAN_ONLY.fullmatch(name) and name not in _NOT_ONE_KANJI
        if (
            (len(name) >= 2 or one_kanji)
            and name not in lx.EMPLOYER_NOT_A_NAME_JA
            and name not in lx.KATAKANA_NOT_A_NAME
        ):
            # the trade word goes with one kanji: alone, one character is read as a particle left beside a place
            yield "EMPLOYER", start, m.end() if one_kanji else m.start()
    # Both hints are trade words, so without one anywhere there is neither.
    span = _romaji_employer_span(text, lower)
    romaji_hint = span and (_EMPLOYER_ROMAJI_HINT.search(lower) or _EMPLOYER_ROMAJI_HINT_CAPITALISED.search(text))
    for m in _EMPLOYER_ROMAJI.finditer(text, *span) if span and romaji_hint else ():
        start = m.start()
        named = (m.group("name") or m.group("low")).split()
        if all(w.lower() in lx.INDUSTRY_WORDS for w in named):
            continue  # "Food Service", "Nursing Care": an industry, which policy work needs
        # Lead-in words are not part of the name: "A Kyodo Service", "The Sanwa Staff".
        for word in named:
            if word.lower() not in lx.NOT_A_NAME or word.lower() in _NAME_OF_A_COMPANY:
                break
            start = text.index(word, start) + len(word)
        if start < m.end() and TOKEN_AT.match(text, start):
            yield "EMPLOYER", start, m.end()
    cased = "PT" in text or "CV" in text  # what _EMPLOYER_CUE_CASED needs
    for cue, haystack in ((_EMPLOYER_CUE, lower), (_EMPLOYER_CUE_CASED, text)):
        for m in cue.finditer(haystack) if cue is _EMPLOYER_CUE or cased else ():
            if m.end() < len(text) and unicodedata.category(text[m.end()]).startswith("M"):
                continue  # the cue is the start of a longer word (සමාගමේ)
            end = _take_company(text, m.end())
            if not end:
                continue
            start = m.end()
            # Lead-in words ("la fábrica", "ng") are not part of the name.
            while True:
                word = TOKEN_AT.match(text, start, end)
                if not (word and word.group(1)[0].islower() and word.end() < end):
                    break
                start = word.end()
            while start < end and text[start] in " \t:：=":
                start += 1
            if m.group().lower() in _SUFFIX_STYLE_CUES and not _NAME_START.match(text[start]):
                continue
            if m.group().endswith(("の", "は")):
                # "派遣元の東和キャリアの青木に": the name ends at the first particle after it.
                particle = _JA_PARTICLE.search(text, start + 2, end)
                end = particle.start() if particle else end
                if _HONORIFIC.search(text, start, end + 2) or not _name_before_honorific(text[start:end]):
                    continue  # "監理団体の佐藤様", "実習先の社長": a person of the organisation, not its name
            if is_place(text[start:end]) or text[start:end].lower() in lx.COUNTRIES:
                continue  # "una fábrica de Komaki": where the factory is; "kerja di Jepang": the country
            legal = _EMPLOYER_LEGAL_FORM.match(text, start)
            if m.group() in _LEGAL_FORM_CUES:
                start = m.start()  # "주식회사 코스모케어": the legal form goes with the name
            yield "EMPLOYER", legal.end() if legal and legal.end() < end else start, end
    for m in _EMPLOYER_SUFFIX_LATIN.finditer(text) if _EMPLOYER_SUFFIX_HINT.search(lower) else ():
        name = m.group("name").rstrip()
        if name.lower() not in lx.NOT_A_NAME:
            # The legal form is part of the name: "Daito Plastics Co., Ltd." leaves no "Co., Ltd." behind.
            yield "EMPLOYER", m.start("name"), m.end()
    if has_cjk:
        yield from find_kana_companies(text)


# ---------------------------------------------------------------- addresses below the prefecture

_MUNI = rf"(?:[{HAN}{HIRAGANA}{KATAKANA}]{{1,5}}?(?:市|区|郡|町|村))"
_BLOCK = (
    r"(?:\d+(?:\s?(?:丁目|番地|番|号|-|の)\s?\d+)+(?:丁目|番地|番|号)?"
    r"|\d+\s?(?:丁目|番地|番|号)(?:\s?\d+\s?(?:番地|番|号)?)*)"
)
_BUILDING = rf"(?:\s?[{HAN}{KATAKANA}A-Za-z]{{1,12}}\s?\d{{1,4}}(?:号室|号)?)"
# A municipality is a fact policy work needs (豊田市, 大泉町); the street, block and room below it are not.
# Every match starts with a kana, a kanji or a digit: the lookahead turns every other position away at once.
_ADDRESS_JA = re.compile(
    rf"(?=[{HAN}{HIRAGANA}{KATAKANA}]|\d)(?:(?:{PREFECTURE_JA})の?)?(?P<munis>{_MUNI}{{0,3}})(?P<street>[{HAN}{KATAKANA}]{{0,8}}?{_BLOCK}{_BUILDING}?|[{HAN}{KATAKANA}]{{1,8}}\d{{2,5}}(?![\d万千円]|\s?(?:日元|元|円|块|엔|yen|yên)))"
    r"(?=[^\d\-]|$)"
    r"|(?P<room>\d{1,4}号室)"
)
_STREET_MUNI = re.compile(r".*?(?P<last>[^市区郡町村]{1,4}[町村])$")
# "2-15", "3-chome", "3 chōme": opened with one character class, so that `re` skips to a digit or a c fast.
_ROMAJI_HINT = re.compile(r"[\dc](?:(?<=\d)(?:-\d|\d{0,3}\s?-?chome)|(?<=c)hōme)")
_ROMAJI_STREET_WORD = (
    r"(?:[A-Z][a-zāēīōū]+(?:-(?:cho|chou|chō|machi|dori|chome|chōme|[A-Z][a-zāēīōū]+))?"
    r"|[a-z]+-(?:cho|chou|chō|machi|dori|chome))"
)
# Found from the block number ("2-15-3", "3-chome 5-12"), then widened to the street word on either side. The edge
# before the number is checked after its first digit, so that `re` skips to a digit fast.
_ADDRESS_ROMAJI = re.compile(
    r"\d(?<![\d\-].)\d{0,3}(?:\s?-?\s?ch[oō]u?me[\s,-]*\d{1,4}|(?:-\d{1,4}){1,3})(?:-\d{1,4})*"
    rf"(?:,?\s(?!(?:{PREFECTURE_ROMAJI})\b){_ROMAJI_STREET_WORD}(?![\w-]*(?:-|\s)(?:shi|ku|city|gun)\b))?"
)
_POSTAL_SHAPE = re.compile(r"\d{3}-\d{4}")
_FULL_YEAR = re.compile(r"^(?:19|20|25)\d\d-|-(?:19|20|25)\d\d$")
_STREET_WORD_BEFORE = re.compile(rf"{_ROMAJI_STREET_WORD},?\s$")
_TOWN_BEFORE_STREET = re.compile(r"[A-Za-z](?:-|\s)(?:shi|ku|cho|machi|gun|city),?\s$", re.IGNORECASE)
_BUILDING_AFTER_BLOCK = re.compile(
    r",?[ \t](?:[A-Z][A-Za-z]+[ \t]){1,3}(?:#|No\.?[ \t]?)?\d{1,4}(?:[ \t]?(?:go|gō|goshitsu|号室|号))?(?![\d\-])"
)
_ADDRESS_CUE = re.compile(cue_pattern(lx.ADDRESS_CUES) + r"[ \t]*(?:[:：は]|là|é|es|is|ay)?[ \t]*")
_CLAUSE_END = re.compile(
    r"[。!?！？\n।။។]|\.(?:\s|$)|[,，、](?=\s?[a-zà-ỹ])|,(?=\s?[\u4e00-\u9fff])|です|に住|で働|ですが|$"
)
_COUNTRIES = re.compile(
    r"(?:japan|nhật bản|nhật|japão|japón|jepang|日本|일본|ญี่ปุ่น|ជប៉ុន|ဂျပန်|जापान|ජපානය|hapon)(?:にいます)?",
)
_MUNICIPALITY = re.compile(
    rf"[{HAN}{HIRAGANA}{KATAKANA}]{{1,5}}(?:市|区|郡|町|村)(?!\s?\d)"
    r"|[A-Za-zāēīōū]+(?:-|\s)(?:shi|ku|gun|cho|machi|mura|city|town|village|ward|cidade|ciudad)\b"
    r"|(?:thành phố|thanh pho|cidade de|ciudad de|city of|kota|lungsod ng)\s[A-Z][a-zāēīōū]+",
    re.IGNORECASE,
)
# In easy Japanese: "ぐんまけん おおいずみまち", "あいちけん おかざきし".
_MUNICIPALITY_KANA = re.compile(r"[ぁ-ゖー]{2,}(?:けん|し|く|ぐん|まち|むら)(?=[ \t、,]|$)")
_STREET_WORDS = re.compile(
    r"\d|rua|avenida|calle|street|st\.|road|apartment|apto|apt|mansion|heights|haitsu|corpo|dorm|ký túc|"
    r"ハイツ|マンション|アパート|荘|寮|コーポ|レジデンス|丁目|番地|chome|chōme",
    re.IGNORECASE,
)


_LOWER_LATIN = re.compile(r"[a-zà-ỹ\s',.\-]+")


def _address_after_cue(text: str, lower: str, start: int) -> Iterator[Span]:
    stop = _CLAUSE_END.search(text, start, min(len(text), start + 60))
    end = stop.start() if stop else min(len(text), start + 60)
    # Stop at a word that starts another thought ("and", "from", "work").
    other_script = _CASELESS.search(text, start + 1, end)
    if other_script and not _CASELESS.match(text, start):
        end = other_script.start()
    for w in _WORD.finditer(text[start:end]):
        word = w.group().strip(",.").lower()
        if word in lx.NOT_A_NAME and word not in lx.PREFECTURES_ROMAJI and w.start() > 0:
            end = start + w.start()
            break
        if word in SCRIPT_STOP_WORDS:
            end = start + w.start()
            break
    pieces: list[tuple[int, int]] = [(start, end)]
    for skip in (PREFECTURE_ANY, _COUNTRIES, _MUNICIPALITY, _MUNICIPALITY_KANA):
        next_pieces: list[tuple[int, int]] = []
        for ps, pe in pieces:
            cursor = ps
            for m in skip.finditer(text if skip is _MUNICIPALITY else lower, ps, pe):
                next_pieces.append((cursor, m.start()))
                cursor = m.end()
            next_pieces.append((cursor, pe))
        pieces = next_pieces
    for ps, pe in pieces:
        while ps < pe and not text[ps].isalnum():
            ps += 1
        while pe > ps and not text[pe - 1].isalnum():
            pe -= 1
        piece = text[ps:pe]
        if pe - ps < 2 or piece.lower() in lx.NOT_A_NAME:
            continue
        # A town or district named alone is where the person lives, not their address.
        if not _STREET_WORDS.search(piece) and all(is_place(w) for w in _SPACES_OR_COMMAS.split(piece) if w):
            continue
        looks_like_place = not piece.isascii() and not _LOWER_LATIN.fullmatch(piece)
        looks_like_place = looks_like_place or bool(_DIGIT_OR_CAPITAL.search(piece))
        if looks_like_place:
            yield "ADDRESS", ps, pe


_JA_CHAR = re.compile(rf"[{HAN}{KATAKANA}{HIRAGANA}]")
_ADDRESS_JA_HINT = re.compile(rf"\d\s?(?:丁目|番地|番|号|-|の)|号室|[{HAN}{KATAKANA}]\d\d")


# How far before its first digit a match of _ADDRESS_JA can start: a prefecture and の, three municipalities of six
# characters at most, eight of the street.
_ADDRESS_JA_REACH = max(map(len, lx.PREFECTURES_JA)) + 1 + 3 * 6 + 8


def _japanese_addresses(text: str, pos: int) -> Iterator[re.Match[str]]:
    """_ADDRESS_JA.finditer(text, pos), searched only within reach of a digit: CJK text has few."""
    while (digit := _DIGIT.search(text, pos)) is not None:
        m = _ADDRESS_JA.search(text, max(pos, digit.start() - _ADDRESS_JA_REACH))
        if m is None:
            return
        yield m
        pos = max(m.end(), m.start() + 1)


def find_addresses(text: str, lower: str) -> Iterator[Span]:
    hint = _ADDRESS_JA_HINT.search(text) if _CJK.search(text) else None
    for m in _japanese_addresses(text, max(0, hint.start() - 24)) if hint else ():
        if m.group("room"):
            yield "ADDRESS", m.start("room"), m.end("room")
            continue
        munis, street = m.group("munis"), m.group("street")
        if street.startswith("月") or "年" in street:
            continue  # "10月20号" is a date in Chinese, not a house number
        marked = bool(_BLOCK_MARK.search(street))
        if len(_NON_DIGIT.sub("", street)) >= 10:
            continue  # 090-1234-5678 is a phone number
        if not munis and not (marked and _JA_CHAR.match(street)):
            continue  # a bare number is not an address
        start = m.start("street")
        # 豊田市若宮町2-15: the town 若宮町 right before the block is the street level.
        last = _STREET_MUNI.match(munis) if munis and street[:1].isdigit() else None
        if last:
            # A town of one or two kanji right before the block (泉町3-11-8) is a district, not the municipality.
            start = m.start("munis") + last.start("last")
        if marked or not street[:1].isdigit():
            yield "ADDRESS", start, m.end("street")
    for m in _ADDRESS_ROMAJI.finditer(text) if _ROMAJI_HINT.search(lower) else ():
        before = _STREET_WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())
        if len(_NON_DIGIT.sub("", m.group())) >= 10:
            continue  # a phone number
        if _POSTAL_SHAPE.fullmatch(m.group()):
            continue  # "Nagoya 460-0003": a postal code after its town, not a block
        if (
            DATE.fullmatch(lower, m.start(), m.end())
            and _FULL_YEAR.search(m.group())
            and not (before and _TOWN_BEFORE_STREET.search(text, 0, before.start()))
        ):
            continue  # a date ("12-05-2023"); "Ichinomiya-shi Sakae 3-7-15" and "4-3-11" are blocks
        start = m.start()
        chome = CHOME_BEFORE.search(text, max(0, start - 8), start)
        if chome and not before:
            start = chome.start()  # "3丁目5-12", "2 chome 15-3"
        # "2-14-7 Hills Sengen 203": the building and the room after the block.
        building = _BUILDING_AFTER_BLOCK.match(text, m.end())
        end = building.end() if building else m.end()
        room = ROOM_AFTER_BLOCK.match(text, end)
        street_ja = None if before else street_before_block(text, start)
        if street_ja is not None:
            # "浜松市中区 砂山町 350-6": the street read as one (STREET), not cut around a town of that name.
            yield "STREET", street_ja, room.end() if room else end
            continue
        yield "ADDRESS", before.start() if before else start, room.end() if room else end
    for m in _ADDRESS_CUE.finditer(lower):
        yield from _address_after_cue(text, lower, m.end())


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_BURMESE_LETTER = re.compile(r"[\u1000-\u1021]")
_SINHALA_LETTER = re.compile(r"[\u0d85-\u0dc6]")


@dataclass(frozen=True)
class Detector:
    """A detector, and what a message must hold somewhere for it to find anything (None: it reads every message).

    find_personal_data searches `needs` once a message (once for all the detectors that share it) and skips the
    detector where it is absent. A new detector declares there the digit, script or word it cannot do without, so
    that it costs nothing on the other messages; a cheap test inside the detector can then go.
    """

    find: Callable[[str, str], Iterator[Span]]
    needs: re.Pattern[str] | None = None


DETECTORS: tuple[Detector, ...] = (
    Detector(find_contacts),
    Detector(find_numbers, needs=_DIGIT),
    Detector(find_birth_dates, needs=_DIGIT),
    Detector(find_names),
    Detector(find_japanese_names),  # kanji, kana, romaji and Hangul: each part tests its own script
    Detector(find_informal_names),  # tests for an article before a capital itself
    Detector(kin.find_kin_names_latin, needs=kin.KIN_LATIN_HINT),
    Detector(kin.find_kin_names_thai, needs=_THAI_LETTER),
    Detector(kin.find_kin_names_burmese, needs=_BURMESE_LETTER),
    Detector(kin.find_kin_names_sinhala, needs=_SINHALA_LETTER),
    Detector(find_abugida_names, needs=ABUGIDA_LETTER),  # Japanese names in Thai, Khmer, Burmese, Indic letters
    Detector(find_local_birth_dates, needs=ABUGIDA_LETTER),  # เกิด 12 มี.ค. 2540, 2055 साल साउन 12 गते
    Detector(find_relation_names, needs=RELATION_HINT),  # သမီး နန်းဆု, छोरी सुमनलाई, bhai Suman
    Detector(find_display_names, needs=ACCOUNT_HINT),  # Facebook: Thida Win Japan, ไอดี wilai_jp2540
    Detector(find_abugida_employers, needs=ABUGIDA_LETTER),  # ซันวะ เซโกะ, मारुई डेन्की
    Detector(find_latin_workplaces, needs=WORKPLACE_HINT),  # ร้านนวด Bangkok Spa, කම්පැනිය Daiwa Press
    Detector(find_rooms, needs=ROOM_HINT),  # ห้อง 201, បន្ទប់ 301, အခန်း 6
    Detector(find_names_in_capitals, needs=CAPITALS_HINT),
    Detector(find_kin_named),  # finds its words itself, as one trie over the lower-case text
    Detector(find_korean_names, needs=KOREAN_HINT),
    Detector(find_burmese_names, needs=BURMESE_HINT),
    Detector(find_khmer_names, needs=KHMER_HINT),
    Detector(find_employers),
    Detector(find_workplaces),  # finds its cues itself, as one trie over the lower-case text
    Detector(find_firms_in_scripts, needs=_NOT_ASCII),
    Detector(find_addresses),
    Detector(find_buildings_and_rooms),  # finds its words itself, as one trie over the lower-case text
)
