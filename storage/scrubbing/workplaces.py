"""A workplace named without a trade word, by where it sits in the sentence: the object of a verb of working, or the
name beside a word for a workplace, in each language's order.

"I have been working for Green Leaf", "nagtatrabaho ako sa Hikari Home", "nhà máy Asahi", "ทำงานที่ร้านอาหาร Sakura",
"Hikari စက်ရုံမှာ", "Green Leaf भन्ने कम्पनीमा", "フレッシュデリカ東海で働いています", "あおぞらの里という施設".
A town said there ("I work in Toyota", "làm ở Gifu") is where the work is, and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storage.scrubbing import lexicon as lx
from storage.scrubbing.japanese import is_place, parts_of_speech
from storage.scrubbing.patterns import HAN, HIRAGANA, KATAKANA, LATIN, cue_pattern, nfkc, word_trie
from storage.scrubbing.places import CITIES_ABROAD

# A verb of working and what joins it to the workplace, lower case; a word for a workplace may follow.
_WORK_VERB = (
    r"(?:work(?:ing|s|ed)?|employed|hired|job|fired|dismissed|interned?|trainee)[ \t](?:at|for|by|from|with)"
    r"|(?:trabalh(?:o|ava|ei|ou|a|ando)|estou[ \t]trabalhando)[ \t](?:na|no|pela|pelo|para[ \t]a|para[ \t]o)"
    r"|trabaj(?:o|aba|é|a|ando)[ \t](?:en|para)(?:[ \t](?:la|el))?"
    r"|làm(?:[ \t]việc)?[ \t](?:ở|tại|cho)|đi[ \t]làm[ \t](?:ở|tại|cho)"
    r"|(?:be)?kerja[ \t](?:di|untuk|pada)|dipecat[ \t]dari"
    r"|(?:nagtatrabaho|nagwo-?work|pumapasok)(?:[ \t](?:ako|kami|siya|po))*[ \t]sa"
    r"|ทำงาน(?:อยู่)?(?:ที่|กับ|ให้)|ធ្វើការ(?:នៅ|ឲ្យ|អោយ|ជាមួយ|ក្នុង)"
)
_WORKPLACE_NOUN = (
    r"(?:(?:the|a|an|uma?|la|el|o|a)[ \t])?"
    r"(?:factory|company|firm|restaurant|shop|store|farm|plant|hotel|care[ \t]home|nursing[ \t]home|"
    r"fábrica|fabrica|empresa|loja|restaurante|fazenda|tienda|granja|"
    r"nhà[ \t]máy|xưởng|công[ \t]ty|cty|quán|nhà[ \t]hàng|cửa[ \t]hàng|"
    r"pabrik|perusahaan|restoran|toko|pabrika|kompanya|kumpanya|"
    r"โรงงาน|บริษัท|ร้านอาหาร|ร้าน|ฟาร์ม|"
    r"រោងចក្រ|ក្រុមហ៊ុន|ភោជនីយដ្ឋាន|ហាង|កសិដ្ឋាន)"
)
_NAME_WORD = rf"[A-ZÀ-ÝĐ][{LATIN}&'\-]*(?![{LATIN}])"
_NAME_RUN = rf"(?P<name>{_NAME_WORD}(?:[ \t]{_NAME_WORD}){{0,3}})"
# Runs over lower-cased text; the name after it is then read, capitalised, from the text itself.
# Normalised as the text is (NFKC writes Thai ำ as two characters).
_WORK_CUE = re.compile(nfkc(rf"(?:{_WORK_VERB})[ \t]?(?:{_WORKPLACE_NOUN}[ \t]?)?|{_WORKPLACE_NOUN}[ \t]?"))
_CALLED = re.compile(r"(?:called|chamada|chamado|llamada|llamado|tên[ \t]là|tên|named|ชื่อ)[ \t]?")
_NAME_AT = re.compile(_NAME_RUN)
# The workplace before its word, in the languages that put it there: Burmese, Nepali, Sinhala, Korean, Thai.
_BEFORE_WORKPLACE = re.compile(
    rf"{_NAME_RUN}(?P<industry>[ \t](?:Home|Foods?|Care|Service|Services|Farm|Factory))?[ \t]?(?:"
    r"(?:စက်ရုံ|ကုမ္ပဏီ|ဆိုင်|(?:भन्ने[ \t])?(?:कम्पनी|कारखाना|फ्याक्ट्री|होटल|रेस्टुरेन्ट)|"
    r"(?:company|factory)[ \t]?(?:eke|ekē|එකේ)|සමාගම|කම්හල|공장|회사|식당|요양원)"
    # "X called": "Fresh Delica bhanne bento factory", "Green Leaf कियन"
    r"|bhanne|भन्ने|kiyana|කියන|ဆိုတဲ့|라는|이라는"
    # "at X I work"
    r"|မှာ[ \t]?အလုပ်|मा[ \t]काम|eke|ekē|එකේ|에서[ \t]?(?:일|근무)"
    r")"
)
# Where a cue of _WORK_CUE can start, lower case, as one character trie: found first, then _WORK_CUE is matched there
# (most messages hold none, and a trie costs `re` one branch a character).
_WORK_CUE_START = re.compile(
    nfkc(
        cue_pattern(
            lx.words(
                "work working works worked employed hired job fired dismissed intern interned trainee trabalho "
                "trabalhava trabalhei trabalhou trabalha trabalhando estou trabajo trabajaba trabajé trabaja "
                "trabajando làm đi kerja bekerja dipecat nagtatrabaho nagwowork nagwo-work pumapasok ทำงาน ធ្វើការ "
                "factory company firm restaurant shop store farm plant hotel care nursing fábrica fabrica empresa "
                "loja restaurante fazenda tienda granja nhà xưởng công cty quán cửa pabrik perusahaan restoran toko "
                "pabrika kompanya kumpanya โรงงาน บริษัท ร้านอาหาร ร้าน ฟาร์ม រោងចក្រ ក្រុមហ៊ុន ភោជនីយដ្ឋាន ហាង "
                "កសិដ្ឋាន"
            )
        )
    )
)
# The words after which _BEFORE_WORKPLACE's name ends, as one trie.
_BEFORE_WORKPLACE_WORD = re.compile(
    word_trie(
        lx.words(
            "စက်ရုံ ကုမ္ပဏီ ဆိုင် မှာ भन्ने कम्पनी कारखाना फ्याक्ट्री होटल रेस्टुरेन्ट मा company factory eke ekē එකේ "
            "සමාගම කම්හල 공장 회사 식당 요양원 에서 bhanne kiyana කියන ဆိုတဲ့ 라는 이라는"
        )
    )
)

_COMMON = frozenset().union(*lx.COMMON_LATIN_WORDS_BY_LANGUAGE.values(), lx.NOT_A_NAME, lx.INDUSTRY_WORDS)
_MONTHS = frozenset(
    lx.words(
        "january february march april may june july august september october november december janeiro fevereiro "
        "março abril maio junho julho agosto setembro outubro novembro dezembro enero febrero marzo mayo junio "
        "julio septiembre octubre noviembre diciembre monday tuesday wednesday thursday friday saturday sunday"
    )
)


def _name_words(name: str) -> list[str]:
    """The words of the name up to the first common word: "Green Leaf Since" is "Green Leaf"; an industry word after
    a name is part of it: "Hikari Home", "Sun Foods"."""
    out: list[str] = []
    for word in name.split():
        low = word.lower()
        if low in lx.INDUSTRY_WORDS and out:
            out.append(word)
            continue
        if low in _COMMON or low in _MONTHS:
            break
        out.append(word)
    return out


def _a_workplace(words: list[str]) -> bool:
    if not words:
        return False
    if len(words) > 1 and words[-1].lower() in lx.INDUSTRY_WORDS:
        return True  # "Hikari Home": a name and its trade
    if any(w.lower() in lx.COUNTRIES or w.lower() in lx.PLACES_AND_PEOPLES for w in words):
        return False  # "kerja di Jepang", "trabalho no Japão"
    # "I work in Toyota", "làm ở Gifu", "pabrik Kashiwa": a town alone is where the work is.
    return not all(is_place(w) or w.lower() in CITIES_ABROAD for w in words)


_TRADES_IN_SCRIPTS = "|".join(sorted((nfkc(w) for w in lx.EMPLOYER_SUFFIXES_SCRIPTS), key=len, reverse=True))
# A name and a Japanese trade word in a local script: the word before it is the firm's name.
_SCRIPT_TRADE = re.compile(
    rf"(?P<name>[^\s\d\x00-\x7f、。,，()（）「」'\"‘’“”]{{2,14}})[ \t]?(?:{_TRADES_IN_SCRIPTS})"
    r"(?![\u0e01-\u0e2e\u1780-\u17a2\u1000-\u1021\u0905-\u0939\u0d85-\u0dc6])"  # Korean: a particle may follow
)
TRADE_IN_A_SCRIPT_HINT = re.compile(_TRADES_IN_SCRIPTS)


# A katakana name a space before its trade word: "サンライズ フーズ", "ハッピー ホーム".
_KATAKANA_SPACED_TRADE = re.compile(
    rf"[{KATAKANA}ー]{{2,12}}[ \t](?:フーズ|フード|ホーム|ケア|サービス|ファーム|工業|食品|建設|"
    r"精工|産業|商事|物流|運輸|製作所|電機|化成)"
)
# A workplace in quotes before "at" or "called" in Korean: "'서울포차'에서 일하는데".
_QUOTED_KOREAN = re.compile(r"['\"‘“「](?P<name>[^'\"’”」]{2,15})['\"’”」](?=에서|이라는|라는|에\s?다녀|에\s?다니)")


# A home, a farm or a care home named in kana: "ひまわり苑", "あおぞらの里", "ケアホームひまわり";
# a firm called so in Chinese: "一家叫樱花的工厂".
_KANA_FACILITY = re.compile(
    rf"(?<![{HIRAGANA}{KATAKANA}ー])(?P<name>[{HIRAGANA}{KATAKANA}ー]{{2,8}}(?:の里|苑|園))"
    rf"|(?:ケアホーム|グループホーム|老人ホーム|介護施設|デイサービス)(?P<after>[{HIRAGANA}{KATAKANA}ー]{{2,8}}?(?:の里|苑|園)?)"
    r"(?=で|に|の|は|が|を|、|。|\s|$)"
)
_CALLED_ZH = re.compile(rf"叫(?P<name>[{HAN}]{{2,6}}?)的(?:工厂|工廠|公司|店|餐厅|餐廳|农场|農場|养老院|養老院)")


def find_firms_in_scripts(text: str, lower: str) -> Iterator[tuple[str, int, int]]:
    """A firm named with a Japanese trade word written in Thai, Khmer, Burmese, Devanagari, Sinhala or Hangul."""
    for m in _SCRIPT_TRADE.finditer(text) if TRADE_IN_A_SCRIPT_HINT.search(text) else ():
        yield "WORKPLACE", m.start("name"), m.end()
    for m in _KATAKANA_SPACED_TRADE.finditer(text) if _KATAKANA_CHAR.search(text) else ():
        yield "WORKPLACE", m.start(), m.end()
    for m in _QUOTED_KOREAN.finditer(text) if "에" in text or "라는" in text else ():
        yield "WORKPLACE", m.start("name"), m.end("name")
    for m in _KANA_FACILITY.finditer(text) if "苑" in text or "園" in text or "里" in text or "ホーム" in text else ():
        group = "name" if m.group("name") else "after"
        yield "WORKPLACE", m.start(group), m.end(group)
    for m in _CALLED_ZH.finditer(text) if "叫" in text else ():
        yield "WORKPLACE", m.start("name"), m.end("name")


# In Japanese the workplace comes before the verb or before "という会社": "フレッシュデリカ東海で働いています",
# "あおぞらの里という施設".
_JA_NAME = rf"[{KATAKANA}{HAN}ー・A-Za-z0-9&]"
_JA_CALLED = re.compile(
    rf"(?P<name>{_JA_NAME}{{2,14}}|[{HIRAGANA}]{{2,6}}の[{HAN}]{{1,3}})"
    r"(?:という|っていう|って)(?:会社|工場|施設|お店|店|病院|農家|農園|ホテル|旅館|レストラン|介護施設|事業所|現場)"
)
_JA_WORKS_THERE = re.compile(
    rf"(?<![{KATAKANA}{HAN}ー・A-Za-z0-9&])(?P<name>{_JA_NAME}{{2,14}})"
    r"(?:で働|に勤め|で勤務|でバイト|でアルバイト|で仕事|で実習|に就職|をクビ|を解雇|に雇)"
)


_KATAKANA_WORD = re.compile(rf"[{KATAKANA}ー]+")
_KATAKANA_CHAR = re.compile(rf"[{KATAKANA}]")


def _japanese_workplace(name: str) -> bool:
    """A name, not a kind of place or a town: "サンフーズ" is two common nouns that together name a firm, "コンビニ" is
    one, "介護施設" and "東京" are not names."""
    tokens = parts_of_speech(name)
    if any(pos.startswith("名詞-固有名詞-地名") for _, pos in tokens) and len(tokens) == 1:
        return False
    if any(pos.startswith("名詞-固有名詞") and not pos.startswith("名詞-固有名詞-地名") for _, pos in tokens):
        return True
    # Two katakana words or more together name a firm (サンフーズ, フレッシュデリカ東海); one before a kanji noun is a
    # kind of workplace (パン工場).
    katakana = [surface for surface, _ in tokens if _KATAKANA_WORD.fullmatch(surface)]
    return len(katakana) >= 2


_JA_HINT = re.compile(
    r"で働|に勤め|で勤務|でバイト|でアルバイト|で仕事|で実習|に就職|をクビ|を解雇|に雇|という|っていう|って"
)


def find_workplaces(text: str, lower: str) -> Iterator[tuple[str, int, int]]:
    """Workplaces, as WORKPLACE: shown as EMPLOYER, and not cut around a town in them ("nhà máy Asahi")."""
    for cue_start in _WORK_CUE_START.finditer(lower):
        cue = _WORK_CUE.match(lower, cue_start.start())
        if cue is None:
            continue
        pos = cue.end()
        called = _CALLED.match(lower, pos)
        name = _NAME_AT.match(text, called.end() if called else pos)
        if name is None:
            continue
        words = _name_words(name.group("name"))
        if _a_workplace(words):
            start = name.start("name")
            yield "WORKPLACE", start, text.index(words[-1], start) + len(words[-1])
    for m in _BEFORE_WORKPLACE.finditer(text) if _BEFORE_WORKPLACE_WORD.search(lower) else ():
        words = _name_words(m.group("name"))
        if words != m.group("name").split():
            words = []  # the name must run up to the workplace word: "Viet Nam Hikari" is not one name
        if m.group("industry") and words:
            yield "WORKPLACE", m.start("name"), m.end("industry")
        elif _a_workplace(words):
            yield "WORKPLACE", m.start("name"), m.end("name")
    if _JA_HINT.search(text):
        for m in _JA_CALLED.finditer(text):
            if not is_place(m.group("name")):
                yield "WORKPLACE", m.start("name"), m.end("name")
        for m in _JA_WORKS_THERE.finditer(text):
            if not is_place(m.group("name")) and _japanese_workplace(m.group("name")):
                yield "WORKPLACE", m.start("name"), m.end("name")
