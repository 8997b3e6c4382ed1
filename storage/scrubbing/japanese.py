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
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path

import fugashi

from storage.scrubbing import lexicon as lx
from storage.scrubbing import places
from storage.scrubbing.patterns import FOLDED_BY_RE_ONLY, HAN, HIRAGANA, KATAKANA, LATIN, may_end_with

Span = tuple[str, int, int]

LEXICON_PATH = Path(__file__).with_name("ja_lexicon.tsv")


def _load(path: Path = LEXICON_PATH) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Kind -> forms, and for a romaji that is also a common word, the languages where it is one."""
    kinds: dict[str, set[str]] = {}
    word_languages: dict[str, frozenset[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, form, *languages = line.split("\t")
            kinds.setdefault(kind, set()).add(form)
            if languages:
                word_languages[form] = frozenset(languages[0].split(","))
    return {kind: frozenset(forms) for kind, forms in kinds.items()}, word_languages


_LEX, _WORD_LANGUAGES = _load()
SURNAMES_KANJI = _LEX["surname"]
PLACES_KANJI = _LEX["place"] | frozenset(p[:-1] for p in lx.PREFECTURES_JA if p != "北海道") | {"北海道"}
# Romaji, lower case. Common: a name on its own; the others only next to a name or a cue.
SURNAMES_ROMAJI = _LEX["surname_romaji"]
SURNAMES_ROMAJI_WORD = _LEX["surname_romaji_word"]
SURNAMES_ROMAJI_WEAK = _LEX["surname_romaji_rare"] | SURNAMES_ROMAJI_WORD
GIVEN_ROMAJI = _LEX["given_romaji"] | _LEX["given_romaji_rare"]
GIVEN_ROMAJI_COMMON = _LEX["given_romaji"]
# Hiragana, as easy Japanese writes names: たなか, すずき みか. A surname that is also a common word (さとう, あおき)
# or a prefecture or big city (あいち, はままつ) is a person only with a cue.
SURNAMES_KANA = _LEX["surname_kana"]
SURNAMES_KANA_WORD = _LEX["surname_kana_word"]
SURNAMES_KANA_ABROAD = _LEX["surname_kana_abroad"]  # the commoner ones, for abugida.py
GIVEN_KANA = _LEX["given_kana"]
PLACES_KANA = _LEX["place_kana"]
_ANY_SURNAME_KANA = SURNAMES_KANA | SURNAMES_KANA_WORD
# Hangul, as Koreans write Japanese names: 다카하시, 스즈키, 마츠다. A surname that is also a prefecture or a
# major city (후쿠시마, 야마구치) is a person only with a cue.
SURNAMES_HANGUL = _LEX["surname_hangul"]
GIVEN_HANGUL = _LEX["given_hangul"]
PLACES_HANGUL = _LEX["place_hangul"]
_SENTENCE_START = re.compile(r"(?:^|[.!?。\n])\s*$")
PLACES_ROMAJI = _LEX["place_romaji"] | frozenset(lx.PREFECTURES_ROMAJI) | places.JAPANESE_TOWNS
# Cities that are not also common names: places unless the text marks a person (places.py).
TOWNS_ROMAJI = places.JAPANESE_CITIES - SURNAMES_ROMAJI - SURNAMES_ROMAJI_WORD - GIVEN_ROMAJI_COMMON
PREFECTURES_ROMAJI = frozenset(lx.PREFECTURES_ROMAJI)
MAJOR_CITIES = frozenset(lx.MAJOR_CITIES_ROMAJI)
_ANY_NAME = SURNAMES_ROMAJI | SURNAMES_ROMAJI_WEAK | GIVEN_ROMAJI


@cache
def _tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


# ---------------------------------------------------------------- kanji and kana, through MeCab

_CJK_RUN = re.compile(rf"[{HAN}{HIRAGANA}{KATAKANA}0-9]+")
_HAS_NAME_SCRIPT = re.compile(rf"[{HAN}{KATAKANA}]")
# What makes the word before it a place: 豊田市, 太田駅, 大泉町に住んでいます.
_PLACE_AFTER = re.compile(
    r"(?:市|区|町|村|郡|県|都|府|けん|駅|線|港|空港|通り|インター|方面|周辺|近く|地方|地区|店|支店|工場|営業所|"
    r"に住|にすん|に引っ越|で働|で暮ら|在住|出身|まで|行き)"
)
# ...and before it: 愛知県岡崎, "ばしょは 伊勢崎 です" (the place is), 住所は.
_PLACE_BEFORE = re.compile(r"(?:[県都府]|の近くの|近くの|(?:ばしょ|場所|じゅうしょ|住所|すまい|住まい)[ \t]?は[ \t]?)$")
# Whose the person is, said before the name: 前の会社の松本から, 派遣会社の佐藤が.
_PERSON_BEFORE = re.compile(
    r"(?:会社|かいしゃ|工場|こうじょう|職場|現場|派遣会社|派遣元|組合|監理団体|事務所|店|お店|寮|農家|うち|実習先)"
    r"の[ \t]?$"
)
# What makes it a person: さん, 社長, 部長...
_PERSON_AFTER = re.compile(
    r"(?:さん|様|さま|くん|君|ちゃん|氏|殿|先生|社長|部長|課長|係長|班長|工場長|店長|所長|会長|専務|常務|主任|"
    r"監督|先輩|から(?:言|聞|電話|連絡)|が|は|に言われ|に怒|に殴|と話)"
)
_KATAKANA_CHAR = re.compile(rf"[{KATAKANA}ー]")
_PLACE_OF = re.compile(
    r"の[ \t]?(?:こうじょう|工場|かいしゃ|会社|びょういん|病院|えき|駅|しやくしょ|市役所|がっこう|学校|ちかく|近く|"
    r"まち|町|アパート|りょう|寮|みせ|店|のうか|農家|はたけ|畑)"
)
# Chinese words that say where: 住在川口, 在太田工作, 来自大阪; 川口工作, 川口打工.
_LOCATIVE_BEFORE_ZH = re.compile(r"(?:住在|在|到|去|来自|來自|从|從|搬到|离开|離開)$")
_PLACE_AFTER_ZH = re.compile(r"(?:工作|上班|打工|生活|住着|住了)")
_HIRAGANA_ONLY = re.compile(rf"[{HIRAGANA}]+")
_HONORIFIC_OR_TITLE = re.compile(r"(?:さん|様|社長|部長|課長)")
_PLACE_PARTICLE = re.compile(r"(?:で(?!す|し)|に|へ|から)")  # です is no particle of place
_KATAKANA_3 = re.compile(rf"[{KATAKANA}]{{3,}}")
# Said to, by or with a person: 青木に言いました, 原田から言われた, 坂口と話した.
_SPOKEN_TO = re.compile(
    r"(?:に|から|と|へ)(?:言|い[いっわ]|聞|き[いかき]|話|はな|相談|そうだん|頼|たの|電話|でんわ|連絡|れんらく|"
    r"怒|おこ|殴|なぐ|叩|たた|され|注意|文句|メール|LINE|ライン)"
)
_ROLE_BEFORE = re.compile(
    r"(?:社長|部長|課長|係長|班長|工場長|店長|主任|上司|担当|担当者|監督|ブローカー|通訳|先輩|支配人|施設長|園長|親方|"
    r"しゃちょう|ぶちょう|かちょう|はんちょう|てんちょう|たんとう|じょうし|リーダー|マネージャー|大家|おおや|大家さん)"
    r"(?:の|、|,|は|:|：)?[ \t]?$"
)


@lru_cache(maxsize=256)
def _tokens(run: str) -> tuple[tuple[str, str], ...]:
    """(surface, part of speech) of each MeCab token of a run without spaces."""
    out: list[tuple[str, str]] = []
    for line in _tagger().parse(run).split("\n"):
        if not line or line == "EOS":
            continue
        fields = line.split("\t")
        out.append((fields[0], fields[4] if len(fields) > 4 else ""))
    return tuple(out)


def parts_of_speech(run: str) -> tuple[tuple[str, str], ...]:
    """(surface, UniDic part of speech) of each word of a run of Japanese without spaces."""
    return _tokens(run)


def _is_person(pos: str) -> bool:
    return pos.startswith("名詞-固有名詞-人名")


# Characters of Chinese that Japanese does not write: a message with them and no kana is Chinese, where MeCab's
# reading of 人名 is a guess; there only a name with a role or a verb of speech around it counts.
_CHINESE_ONLY = re.compile(r"[们说这个没给让吗呢县冈为发时会对里过还经么吧块钱问请谢应该现车]")
_KANA = re.compile(rf"[{HIRAGANA}{KATAKANA}]")


def find_kanji_names(text: str, lower: str) -> Iterator[Span]:
    if not _HAS_NAME_SCRIPT.search(text):
        return
    chinese = not _KANA.search(text) and bool(_CHINESE_ONLY.search(text))
    for run in _CJK_RUN.finditer(text):
        if run.end() - run.start() < 2 or not _HAS_NAME_SCRIPT.search(text, run.start(), run.end()):
            continue
        yield from _names_in_run(text, run.start(), _tokens(run.group()), chinese)
        if chinese:
            # Chinese writes a Japanese name in simplified characters (宫本, 高桥): MeCab reads those in Japanese
            # ones, and the run as written too (it reads "场长野村" right and "場長野村" as 長野).
            japanese = run.group().translate(_SIMPLIFIED_TO_JAPANESE)
            if japanese != run.group() and _changed_surname_in(run.group(), japanese):
                yield from _names_in_run(text, run.start(), _tokens(japanese), chinese)


def _changed_surname_in(written: str, japanese: str) -> bool:
    """A surname of two or three characters in or just before a character the Japanese reading changes (宫本,
    小野社长): only there can the second reading find a name the first did not."""
    for i, (a, b) in enumerate(zip(written, japanese, strict=True)):
        if a != b:
            for start in range(max(0, i - 4), i + 1):
                if japanese[start : start + 2] in SURNAMES_KANJI or japanese[start : start + 3] in SURNAMES_KANJI:
                    return True
    return False


def _names_in_run(text: str, pos: int, tokens: Sequence[tuple[str, str]], chinese: bool) -> Iterator[Span]:
    offsets: list[int] = []
    for surface, _ in tokens:
        offsets.append(pos)
        pos += len(surface)
    i = 0
    while i < len(tokens):
        if not _is_person(tokens[i][1]):
            surface, pos_tag = tokens[i]
            proper = pos_tag.startswith("名詞-固有名詞")  # not 上司 or 奥 (奥さん), common nouns that are surnames too
            if proper and surface in SURNAMES_KANJI and _said_as_a_person(text, offsets[i], offsets[i] + len(surface)):
                yield "NAME", offsets[i], offsets[i] + len(surface)  # 松本 read as the town, 丸井 as a shop
            i += 1
            continue
        j = i
        while j < len(tokens) and _is_person(tokens[j][1]):
            j += 1
        start, end = offsets[i], offsets[j - 1] + len(tokens[j - 1][0])
        full_name = j - i >= 2 and any(pos.endswith("姓") for _, pos in tokens[i:j])
        if chinese and not full_name and not _CHINESE_PERSON_AROUND.match(text, end):
            i = j
            continue
        if _kanji_name_here(text, start, end, tokens[i:j]):
            yield "NAME", start, end
        i = j


_CHINESE_PERSON_AROUND = re.compile(
    r"(?:说|說|先生|女士|小姐|桑|老师|告诉|骂|打|让|叫|不|没|要|把|经常|每天|总是|一直|和|跟|也|都|他|她|"
    r"社长|社長|老板|部长|课长|班长|经理|主任|组长|厂长|君|酱)"
)
_ROLE_KANJI = (
    "农场主|農場主|雇主|场主|一个姓|一位姓|店长|场长|工场长|科长|队长|车间主任|上司|管理员|"
    "老板娘|老闆娘|名叫|叫做|叫|工头|工頭|监工|監工|领班|領班|负责人|負責人|负责|担当|领导|師傅|师傅|同事|前辈|老板|中介|社长|经理|部长|课长|班长|组长|厂长|主管|主任|房东|律师|老师|"
    "社長|部長|課長|班長|工場長|上司|ブローカー|店長|係長|先輩|支配人|施設長|園長|親方|担当者|監督"
)
_ROLE_BEFORE_SURNAME = re.compile(rf"(?:{_ROLE_KANJI})(?:の|叫|是|叫做|名叫|姓|、|は)?[ \t]?")
_HAN_RUN_1_4 = re.compile(rf"[{HAN}]{{1,4}}")
_SURNAMES_JOINED = re.compile(
    rf"(?P<a>[{HAN}]{{1,3}})(?:和|与|跟|と|、)(?:{_ROLE_KANJI})?(?P<b>[{HAN}]{{1,3}}?)(?=说|說|都|也|先生|さん|が|は|に|讲|告诉|桑|经常|每天|总是|一直|打|骂|不|没|让|要|把)"
)


# Chinese speakers write a Japanese surname in simplified characters: 桥本 is 橋本, 丰田 is 豊田.
_SIMPLIFIED_TO_JAPANESE = str.maketrans(
    "桥泽边滨岛东冈长广乡荣丰马场间关齐铃稻宫须叶龙泷绪纪细绿织饭馆鸟鹤樱实县户汤沟渊涩兴华庄园农设产电制运输缝业务伞谷里后发松"
    "斋卫远进胜乐仓门见贝宽凉纲绳纯红缘阳风飞龟杨陈赖泻尔",
    "橋沢辺浜島東岡長広郷栄豊馬場間関斉鈴稲宮須葉竜滝緒紀細緑織飯館鳥鶴桜実県戸湯溝淵渋興華荘園農設産電製運輸縫業務傘谷里後発松"
    "斎衛遠進勝楽倉門見貝寛涼綱縄純紅縁陽風飛亀楊陳頼潟爾",
)


def _surname(written: str) -> bool:
    return written in SURNAMES_KANJI or written.translate(_SIMPLIFIED_TO_JAPANESE) in SURNAMES_KANJI


def _leading_surname(run: str) -> int:
    """Length of the longest known surname that starts the run."""
    for n in (3, 2, 1):
        if len(run) >= n and _surname(run[:n]) and (n > 1 or len(run) == 1 or run[1] in "说說先桑"):
            return n
    return 0


# The commonest Chinese surnames (simplified and traditional), which cover most people: a name is one of them and
# one or two more characters, said right after a word that introduces a person ("我同事刘海涛", "实习生陈美玲").
_CHINESE_SURNAMES = (
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖"
    "田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊"
    "秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢"
)
_PERSON_INTRO_ZH = (
    "我叫|名叫|叫做|叫|我姓|姓|我是|同事|朋友|老公|丈夫|老婆|妻子|太太|先生|男朋友|女朋友|姐姐|妹妹|哥哥|弟弟|儿子|女儿|"
    "兒子|女兒|室友|实习生|實習生|翻译|翻譯|同学|同學|舍友|工友|老乡|老鄉|阿姨|叔叔|同屋|同宿舍|邻居|鄰居|"
    "妈妈|媽媽|爸爸|母亲|母親|父亲|父親|我妈|我爸|孩子|宝宝|寶寶|信息:|户名|戶名|"
    # who someone is at work, written against the name: "中介张建国收了", "房东刘明说"
    "中介|老板|老闆|经理|經理|房东|房東|工头|工頭|组长|組長|班长|班長|主管"
)
_CHINESE_NAME = re.compile(
    rf"(?:{_PERSON_INTRO_ZH})的?[是叫]?[ \t]?"
    rf"(?P<name>(?:欧阳|歐陽|司马|司馬|诸葛|諸葛|上官|[{_CHINESE_SURNAMES}])[{HAN}]{{1,2}})"
)
# Characters that end a name of two rather than three: "赵磊也在", "刘洋说".
_AFTER_A_GIVEN_NAME = frozenset(
    "也都说說在和跟被的了是把给給让讓对對从從还還就又不没沒要会會去来來打骂罵昨今明前上下每"
)


# "小陈", "老王": a person called by surname, as friends and coworkers do.
_FAMILIAR_SURNAME = re.compile(
    rf"[小老](?:[{_CHINESE_SURNAMES.replace('于', '').replace('万', '')}])"
    r"(?=[的说說也在和跟被给給让讓是都还還就又不没沒打骂罵,，。！？!?\s]|$)"
)


# "阿强和阿明", "朋友小丽家": a given name called with 阿 or 小, as friends do; 小时, 小孩, 阿姨 are words.
# The edge before 阿/小 is checked after it, so that `re` skips to an 阿 or a 小 fast.
_FAMILIAR_GIVEN = re.compile(
    rf"[阿小](?:(?<![{HAN}].)|(?<=[和跟与與].)|(?<={_PERSON_INTRO_ZH.replace('|', '.)|(?<=')}.))"
    rf"(?P<given>[{HAN}])(?=[和跟与與说說也都在家的是被给給让讓对對,，。！？!?\s])"
)
_NOT_A_FAMILIAR_NAME = frozenset("时時孩心姐学學区區说說组組费費吃店伙朋姨哥弟妹儿兒女子部分数數量额額型米麦麥")
_AFTER_PERSON_INTRO_ZH = re.compile(rf"(?:{_PERSON_INTRO_ZH})的?[是叫]?[ \t]?(?P<name>[{HAN}]{{2,5}})")


# "王先生(陈志强)": a Chinese full name in brackets, after what the writer calls the person.
_CHINESE_NAME_IN_BRACKETS = re.compile(rf"[(（](?P<name>[{_CHINESE_SURNAMES}][{HAN}]{{1,2}})[)）]")


def find_chinese_names(text: str) -> Iterator[Span]:
    """Chinese names (surname and given name) after a word that introduces a person, and Japanese ones there
    ("他儿子宫本大辉都...": a Japanese surname and one or two characters of a given name)."""
    for m in _FAMILIAR_SURNAME.finditer(text):
        yield "NAME", m.start(), m.end()
    for m in _CHINESE_NAME_IN_BRACKETS.finditer(text) if "(" in text or "（" in text else ():
        yield "NAME", m.start("name"), m.end("name")
    for m in _FAMILIAR_GIVEN.finditer(text):
        if m.group("given") not in _NOT_A_FAMILIAR_NAME:
            yield "NAME", m.start(), m.end()
    for m in _AFTER_PERSON_INTRO_ZH.finditer(text):
        run = m.group("name")
        n = _leading_surname(run)
        if n < 2:
            continue
        given = 0
        while given < 2 and n + given < len(run) and run[n + given] not in _AFTER_A_GIVEN_NAME:
            given += 1
        yield "NAME", m.start("name"), m.start("name") + n + given
    for m in _CHINESE_NAME.finditer(text):
        start, end = m.start("name"), m.end("name")
        if end - start == 3 and text[end - 1] in _AFTER_A_GIVEN_NAME:
            end -= 1
        yield "NAME", start, end


def find_kanji_surnames_in_context(text: str) -> Iterator[Span]:
    """Surnames that MeCab, reading Chinese or a run of kanji, does not tag: "老板田中", "林和清水说"."""
    for role in _ROLE_BEFORE_SURNAME.finditer(text):
        # Roles are found apart from the names, so "房东是一个姓森田" finds 一个姓 after 房东 and 森田 after it.
        name = _HAN_RUN_1_4.match(text, role.end())
        n = _leading_surname(name.group()) if name else 0
        if name and n:
            yield "NAME", name.start(), name.start() + n
    for m in _SURNAMES_JOINED.finditer(text):
        a, b = m.group("a"), m.group("b")
        a_len = next((n for n in (3, 2, 1) if len(a) >= n and _surname(a[-n:])), 0)
        if a_len and _surname(b):
            yield "NAME", m.end("a") - a_len, m.end("a")
            yield "NAME", m.start("b"), m.end("b")


def _said_as_a_person(text: str, start: int, end: int) -> bool:
    """A surname MeCab read as something else (a town, a shop) is a person with a role or an honorific around it,
    or when something is said to or by it: 会社の松本から言われた, しゃちょうは 丸井 です."""
    after = text[end : end + 6]
    if _PLACE_AFTER.match(after) and not _HONORIFIC_OR_TITLE.match(after):
        return False
    return (
        bool(_HONORIFIC_OR_TITLE.match(after))
        or bool(_ROLE_BEFORE.search(text, max(0, start - 10), start))
        or bool(_PERSON_BEFORE.search(text, max(0, start - 8), start))
    )


def _kanji_name_here(text: str, start: int, end: int, group: Sequence[tuple[str, str]]) -> bool:
    name = text[start:end]
    # Easy Japanese writes a space before a particle: "太田 の こうじょう", "川口 に すんで".
    after, before = text[end : end + 8].lstrip(" \t"), text[max(0, start - 6) : start]
    kinds = [pos.rsplit("-", 1)[-1] for _, pos in group]
    if name in lx.KATAKANA_NOT_A_NAME or name in lx.NOT_A_NAME_BEFORE_HONORIFIC:
        return False
    if name.endswith("けん") and name[:-2] in PLACES_KANJI:
        return False  # 千葉けん: a prefecture in easy Japanese, which MeCab reads as 千葉 (surname) けん (given name)
    if _HIRAGANA_ONLY.fullmatch(name):
        return bool(_PERSON_AFTER.match(after)) and len(name) >= 2
    person_cue = (
        bool(_PERSON_AFTER.match(after) and not _PLACE_AFTER.match(after))
        or bool(_ROLE_BEFORE.search(text, max(0, start - 10), start))
        or bool(_PERSON_BEFORE.search(text, max(0, start - 8), start))
    )
    if _PLACE_AFTER.match(after) or _PLACE_BEFORE.search(before):
        return bool(_HONORIFIC_OR_TITLE.match(after))
    if _KATAKANA_3.fullmatch(name) and (
        _KATAKANA_CHAR.match(text, end) or (start > 0 and _KATAKANA_CHAR.match(text, start - 1))
    ):
        return False  # "オオイズミ": a piece of a longer katakana word (a town), not a name of its own
    if len(group) == 1 and name in PLACES_KANJI and not person_cue:
        if _PLACE_OF.match(after):
            return False  # "太田の工場", "川口 の びょういん": the town's factory, hospital, station
        if _LOCATIVE_BEFORE_ZH.search(before) or _PLACE_AFTER_ZH.match(after):
            return False  # 我住在川口, 我在太田工作: in Chinese too, a town said where the town would be
        # 太田で働いています: a town that is also a surname, said where the town would be; 青木に言いました: a person.
        return bool(_SPOKEN_TO.match(after)) or not _PLACE_PARTICLE.match(after)
    if len(name) == 1:
        return person_cue
    if kinds == ["一般"]:
        # UniDic's 人名,一般 is mostly foreign names in katakana; a single kanji reading there is a word.
        return bool(_KATAKANA_3.fullmatch(name)) or person_cue
    return True


# ---------------------------------------------------------------- romaji

_LATIN_TOKEN = re.compile(rf"[{LATIN}][{LATIN}'’]*")
_NEXT_WORD = re.compile(rf"[ \t]+([{LATIN}][{LATIN}'’]*)")
_NOT_BEFORE_A_WORD = frozenset("0123456789@_./")  # part of an e-mail address, a handle or a URL
_HONORIFICS_ROMAJI = lx.words(
    "san sama sensei shachou shacho shachō bucho buchou buchō kacho kachou kachō senpai kun chan shunin jicho"
)
_HONORIFIC_AFTER = re.compile(r"(?:-|\s)?(?:" + "|".join(_HONORIFICS_ROMAJI) + r")\b", re.IGNORECASE)
_PLACE_SUFFIXES_LATIN = (
    *lx.words("shi ku cho chou chō machi mura son gun ken to fu city town village ward prefecture station eki cidade"),
    *("ciudad", "thành phố", "thanh pho", "shì", "kota", "lungsod"),
)
_PLACE_SUFFIX_AFTER = re.compile(
    r"(?:-|\s)?(?:" + "|".join(_PLACE_SUFFIXES_LATIN) + r")\b|\s?(?:नगर|सहर|शहर|မြို့|නගරය|නගරයේ|시|市)",
    re.IGNORECASE,
)
# What those match as a whole word of Latin letters (no space inside), for a set look-up.
_PLACE_SUFFIX_WORDS = frozenset(w for w in _PLACE_SUFFIXES_LATIN if " " not in w)
_SUFFIX_WORDS = _PLACE_SUFFIX_WORDS | frozenset(_HONORIFICS_ROMAJI)


def _is_place_suffix(word: str) -> bool:
    """_PLACE_SUFFIX_AFTER.fullmatch(word) for a lower-case word of Latin letters, as a set look-up."""
    if FOLDED_BY_RE_ONLY.isdisjoint(word):
        return word in _PLACE_SUFFIX_WORDS
    return bool(_PLACE_SUFFIX_AFTER.fullmatch(word))


def _is_suffix(word: str) -> bool:
    """A place suffix or an honorific on its own: _PLACE_SUFFIX_AFTER or _HONORIFIC_AFTER fullmatch(word)."""
    if FOLDED_BY_RE_ONLY.isdisjoint(word):
        return word in _SUFFIX_WORDS
    return bool(_PLACE_SUFFIX_AFTER.fullmatch(word) or _HONORIFIC_AFTER.fullmatch(word))


_LOCATIVE_LATIN = (
    *lx.words("in near around to from em no na"),
    # "pra" and "pro" lead to a person as well ("perguntei pro Mori"): a place only after going
    *(
        f"{verb} {to}"
        for verb in lx.words("fui vou vai foi ir vim mudei mudou mudar voltei fomos")
        for to in ("pra", "pro")
    ),
    "perto de",
    "en",
    "cerca de",
    *lx.words("ở o tại tai đến den từ tu sa taga di dekat ke dari live lives living moved moro vivo sống song tinggal"),
    "taga-",
    *("nakatira", "city of", "cidade de", "ciudad de", "town of", "thành phố", "thanh pho", "kota", "lungsod ng"),
    "lungsod",
)
_LOCATIVE_SCRIPT = ("នៅ", "ក្រុង", "ใน", "ที่", "อยู่", "จาก", "เมือง", "在", "住在", "에서", "에")
_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:"
    + "|".join("(?-i:o)" if w == "o" else re.escape(w).replace("\\ ", " ") for w in _LOCATIVE_LATIN)
    + ")|"
    + "|".join(_LOCATIVE_SCRIPT)
    + r")\s*$",
    re.IGNORECASE,
)
_LOCATIVE_ENDINGS = (*_LOCATIVE_LATIN, *_LOCATIVE_SCRIPT)
# A match of _LOCATIVE_BEFORE is one of those words (a character of the text for each of its own) and white space
# to the end: it starts at most this far before the last character that is not white space.
_LOCATIVE_LONGEST = max(map(len, _LOCATIVE_ENDINGS))


def _locative_before(text: str, lower: str, start: int) -> bool:
    """_LOCATIVE_BEFORE searched in the 24 characters before start, from where a match can start."""
    if not may_end_with(lower, start, _LOCATIVE_ENDINGS):
        return False
    window = max(0, start - 24)
    word_end = window + len(text[window:start].rstrip())
    return bool(_LOCATIVE_BEFORE.search(text, max(window, word_end - _LOCATIVE_LONGEST), start))


# A prefecture right after it says the word before is a town: "Ota, Gunma", "Ueda (Nagano-ken)".
_PREFECTURE_AFTER = re.compile(
    r"\s?[,(（]?\s?(?:"
    + "|".join(p.capitalize() for p in lx.PREFECTURES_ROMAJI)
    + r")(?![a-z])"
    + r"|\s?[,(（]?\s?(?:"
    + "|".join(lx.PREFECTURES_JA)
    + ")",
    re.IGNORECASE,
)
# A prefecture and a word of belonging or place before it say the word is a town in it: "Ibaraki වල Koga",
# "Gunma को Kiryu", "Gifu의 Seki", "Aichi က Toyokawa", "Saitama-ken Kawaguchi".
_BELONGING = (
    "වල",
    "වල්",
    "ේ",
    "को",
    "मा",
    "의",
    "에",
    "က",
    "ရဲ့",
    "の",
    ",",
    "、",
    "no",
    "ng",
    "de",
    "da",
    "do",
    "wala",
    "ko",
)
_PREFECTURE_BEFORE = re.compile(
    r"(?:"
    + "|".join(p.capitalize() for p in lx.PREFECTURES_ROMAJI)
    + r")(?:[- ]?(?:ken|to|fu|prefecture))?\s?(?:"
    + "|".join(_BELONGING)
    + r"|,? ?ở)\s?$",
    re.IGNORECASE,
)
_PREFECTURE_ENDINGS = (*_BELONGING, "ở")
_PREFECTURE_NAMES = re.compile("|".join(lx.PREFECTURES_ROMAJI))  # in lower case, to test a lower-cased window


def _prefecture_before(text: str, lower: str, start: int) -> bool:
    """_PREFECTURE_BEFORE searched in the 24 characters before start: only where a prefecture is named there."""
    if not may_end_with(lower, start, _PREFECTURE_ENDINGS):
        return False
    window = max(0, start - 24)
    if FOLDED_BY_RE_ONLY.isdisjoint(lower[window:start]) and not _PREFECTURE_NAMES.search(lower, window, start):
        return False  # no prefecture, whatever the case it is written in
    return bool(_PREFECTURE_BEFORE.search(text, window, start))


_PREFECTURE_SUFFIXES = frozenset(("ken", "to", "fu"))


def _misread_prefecture_suffix(word: str, suffix: str) -> bool:
    """ "Kobayashi Ken" is a man: ken, to and fu make a prefecture only of a prefecture's name."""
    return suffix.strip(" -").lower() in _PREFECTURE_SUFFIXES and word not in PREFECTURES_ROMAJI


def _place_suffix_after(text: str, word: str, end: int) -> bool:
    suffix = _PLACE_SUFFIX_AFTER.match(text, end)
    return suffix is not None and not _misread_prefecture_suffix(word, suffix.group())


# Postpositions of place: "Ueda मा", "Ota မှာ", "Oizumi වල", "Toyota에".
# Romanised Nepali and Sinhala put the same after a space: "Funabashi ma", "Ibaraki wala". Burmese "X က" is
# "from X" or "X (does)": a place when a place of work or living follows ("Ichinomiya က စက်ရုံ").
_LOCATIVE_AFTER = re.compile(
    r"\s?ကို[ \t]?(?:ပြောင်း|သွား|လာ)"
    r"|(?:\s?(?:मा|बाट|देखि|सम्म|မှာ|ကနေ|မြို့|သို့|වල|ඉන්නේ|ඉඳන්|ඉදන්|වලට|වලින්|නගරයේ|පළාතේ|ළඟ|"
    r"에서|에|로|으로|に住|で働|で|に)|\s(?:ma|maa|wala|wale|bata|dekhi))(?:\s|$|[^\w])"
    r"|\s?က\s?(?:စက်ရုံ|ကုမ္ပဏီ|ဆိုင်|ခြံ|မြို့|ဆေးရုံ|ကျောင်း|တိုက်ခန်း|ဝက်သား|ငါး|စား|အလုပ်)"
)
# Role words that say the next capitalised word is a person: "boss Tanaka", "ông chủ Sato", "o patrão Ito".
ROLE_WORDS = frozenset(
    lx.words(
        "boss manager supervisor leader foreman broker president director owner chief employer mr mr. mrs mrs. ms "
        "ms. miss sir madam dr dr. chef patrão patrao chefe gerente encarregado empreiteiro senhor senhora sr sr. "
        "sra sra. jefe jefa patrón patron contratista supervisora señor señora don doña amo manedyer bos pak bu "
        "ibu bapak tuan nyonya mandor atasan pengawas sếp sep chủ chu ông ong bà anh chị chi cô co chú quản quan "
        "lý ly giám đốc doc tổ trưởng truong giới gioi kacho shacho buchou shachou sensei si ni kay sina nina "
        "हाकिम दलाल साहू मालिक ថៅកែ ឈ្មួញកណ្តាល លោក សូម သူဌေး ပွဲစား ဦး ဒေါ် බොස් බ්‍රෝකර් මහත්මයා "
        "म्यानेजर सुपरभाइजर बोस लिडर मेनेजर មេការ ប្រធាន មេក្រុម អ្នកគ្រប់គ្រង ម្ចាស់ហាង នាយក "
        "မန်နေဂျာ ခေါင်းဆောင် ပိုင်ရှင် ကြီးကြပ်ရေးမှူး මැනේජර් සුපර්වයිසර් අයිතිකරු ලොක්කා "
        "นายจ้าง ผู้จัดการ หัวหน้างาน เจ้าของ "
        "หัวหน้า นายหน้า นาย คุณ เจ้านาย 사장 사장님 부장 브로커 과장 반장 老板 中介 社长 经理 部长 主管 社長 部長 課長"
    )
)
# Words joining two people: "Takagi dan Ishikawa", "林和清水", "Ito với Sato".
_AND = re.compile(
    r"\s?(?:and|dan|và|va|với|voi|e|y|at|ni|र|និង|နဲ့|සහ|กับ|และ|랑|하고|와|과|和|与|跟|と|・|,|、)\s?$", re.IGNORECASE
)
_AND_AFTER = re.compile(
    r"\s?(?:and|dan|và|va|với|voi|e|y|at|ni|र|និង|နဲ့|සහ|กับ|และ|랑|하고|와|과|和|与|跟|と|・|,|、)\s?", re.IGNORECASE
)


# Who someone is to the writer or to the case, and Japanese role words in romaji: they count only right before the
# name ("his son Daisuke", "shokucho Fukushima"), not a word further ("친구 강다은이 Osaka").
RELATION_WORDS = frozenset(
    lx.words(
        "shokucho shokuchou shokuchō hancho hanchou hanchō kumicho kumichou kumichō tanto tantou tantō tantosha "
        "tantousha kantoku oyakata kojocho koujouchou tencho tenchou tenchō jimucho tal "
        "son daughter wife husband friend coworker co-worker colleague brother sister boyfriend girlfriend partner "
        "landlord landlady agent recruiter teacher doctor nurse lawyer interpreter translator "
        "filho filha esposa marido amigo amiga colega irmão irmã namorado namorada chefa dono dona "
        "hijo hija esposo amiga compañero compañera hermano hermana novio novia dueño dueña "
        "anak asawa kaibigan kapatid katrabaho amo "
        "suami istri teman kakak adik rekan majikan "
        "con vợ chồng bạn "
        "sons daughters friends coworkers colleagues kids children boys girls classmates neighbor neighbour "
        "filhos filhas amigos amigas colegas meninos meninas menino menina crianças vizinho vizinha vizinhos "
        "professora professor profesor profesora maestra maestro "
        "hijos hijas amigos compañeros niños niñas niño niña chicos chicas vecino vecina kaklase kapitbahay "
        "tetangga "
        "ลูก สามี ภรรยา แฟน เพื่อน 남편 아내 친구 동료 점장 팀장 매니저 ម្ចាស់ ប្តី ប្រពន្ធ មិត្ត"
    )
)


def _words_before(lower: str, start: int, n: int = 2) -> list[str]:
    """The last n words before start, in any script, without punctuation."""
    return [w.strip(".,:;()") for w in lower[max(0, start - 40) : start].split()[-n:]]


def _role_before(lower: str, start: int, languages: frozenset[str] = frozenset(), capital: bool = True) -> bool:
    before = _words_before(lower, start)
    if any(w in ROLE_WORDS for w in before) or (capital and before and before[-1] in RELATION_WORDS):
        return True
    if before and before[-1] in ("o", "a") and "pt_es" in languages and "vi" not in languages:
        return True  # "o Tanaka", "a Yamada": Portuguese puts the article before a person's name
    # Caseless scripts write the role word against the name: "老板田中", "นายทานากะ".
    tail = lower[max(0, start - 4) : start]
    return tail.endswith(_ROLES_WRITTEN_AGAINST)


_ROLES_WRITTEN_AGAINST = ("老板", "中介", "社长", "经理", "部长", "社長", "部長", "課長", "นาย", "사장")


def romaji_place_at(text: str, lower: str, start: int, end: int) -> bool:
    """The romaji word at start..end is said as a place: a suffix, a preposition, a prefecture after it."""
    if _HONORIFIC_AFTER.match(text, end):
        return False
    return (
        _place_suffix_after(text, lower[start:end], end)
        or _locative_before(text, lower, start)
        or bool(_PREFECTURE_AFTER.match(text, end))
        or bool(_LOCATIVE_AFTER.match(text, end))
        or _prefecture_before(text, lower, start)
        or places.said_as_place(text, start, end)
        or _after_a_place_listed(text, start)
        or bool(_AFTER_A_STREET.search(text, max(0, start - 40), start))
        or bool(_CIVIC_BEFORE.search(text, max(0, start - 24), start))
        or bool(_CIVIC_AFTER.match(text, end))
    )


# The town of a city hall or a school: "city hall Matsumoto", "la municipalidad de Kawaguchi", "Kawasaki city hall",
# "Kawaguchi ko shogakko".
_CIVIC_BEFORE = re.compile(
    r"(?:city|town|ward|village)[ \t]hall[ \t]$|(?:municipalidad|prefeitura|ayuntamiento|alcaldía|câmara|cidade|"
    r"ciudad|kota|lungsod|munisipyo)[ \t](?:de[ \t]|ng[ \t])?$",
    re.IGNORECASE,
)
_CIVIC_AFTER = re.compile(
    r"[ \t](?:city[ \t]hall|town[ \t]hall|ward[ \t]office|city[ \t]office|shiyakusho|kuyakusho|yakusho|"
    r"(?:ko|ka)[ \t](?:shogakko|chugakko|school|hospital|station|city)|station|eki)\b",
    re.IGNORECASE,
)


# "2-15-3 Wakaba-cho, Oizumi", "Minami-machi, Oizumi": a word after a street address is its town.
_AFTER_A_STREET = re.compile(
    r"(?:\d+(?:-\d+)+(?:[ \t][A-Z][A-Za-zāēīōū\-]+)?|[A-Za-z]+-(?:cho|chō|machi|ku|shi|gun|ken))[ \t]?,[ \t]?$"
)


# "fica em Homigaoka, Toyota", "live in Sakae, Nagoya": the word after a comma goes on with the place before it.
_LISTED_AFTER_A_LOCATIVE = re.compile(rf"[A-Z][{LATIN}\-]+,[ \t]?$")


def _after_a_place_listed(text: str, start: int) -> bool:
    if start < 2 or text[start - 2 : start].strip() != ",":
        return False
    listed = _LISTED_AFTER_A_LOCATIVE.search(text, max(0, start - 24), start)
    return listed is not None and bool(_LOCATIVE_BEFORE.search(text, max(0, listed.start() - 24), listed.start()))


# Words common in one of the languages only: "at" is English and Filipino, so it tells neither.
_DISTINCTIVE_WORDS = {
    language: frozenset(
        w
        for w in common
        if not any(w in other for lang, other in lx.COMMON_LATIN_WORDS_BY_LANGUAGE.items() if lang != language)
    )
    for language, common in lx.COMMON_LATIN_WORDS_BY_LANGUAGE.items()
}


_LANGUAGE_OF_WORD = {w: language for language, distinctive in _DISTINCTIVE_WORDS.items() for w in distinctive}
_WORDS_OF_A_LANGUAGE = frozenset(_LANGUAGE_OF_WORD)


class _LanguagesWritten:
    """The Latin-script languages a message is written in, by two of their own common words: counted once a message."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = words
        self.counts: dict[str, int] = {}
        times = Counter(words)  # counted in C: a message has a hundred words, a few of them telling
        for w in _WORDS_OF_A_LANGUAGE.intersection(times):
            language = _LANGUAGE_OF_WORD[w]
            self.counts[language] = self.counts.get(language, 0) + times[w]

    def but(self, word: str) -> frozenset[str]:
        """The languages by their words other than `word` ("" for all of them)."""
        own = _LANGUAGE_OF_WORD.get(word)
        found = ["any"]
        for language, n in self.counts.items():
            if language == own:
                n -= self.words.count(word)
            if n >= 2:
                found.append(language)
        return frozenset(found)


@lru_cache(maxsize=4)
def _latin_words(lower: str) -> tuple[str, ...]:
    """The words in Latin letters of a lower-cased message: read once for every detector that asks."""
    return tuple(_LATIN_TOKEN.findall(lower))


@lru_cache(maxsize=4)
def _languages_written(lower: str) -> _LanguagesWritten:
    return _LanguagesWritten(_latin_words(lower))


@lru_cache(maxsize=4)
def latin_languages(lower: str) -> frozenset[str]:
    """The Latin-script languages a lower-cased message is written in ("en", "pt_es", "fil", "id", "vi"), each by
    two of its own common words; always with "any"."""
    return _languages_written(lower).but("")


def find_romaji_names(text: str, lower: str) -> Iterator[Span]:
    for start, end in _romaji_names(text, lower):
        yield "NAME", start, end


@lru_cache(maxsize=4)
def _romaji_names(text: str, lower: str) -> tuple[tuple[int, int], ...]:
    """Spans of Japanese names in Latin script; kept for the message, which find_places reads again."""
    lows = _latin_words(lower)
    if _ANY_NAME.isdisjoint(lows) and not (
        ("'s" in lower or "’s" in lower) and any(w.endswith(("'s", "’s")) and w[:-2] in _ANY_NAME for w in lows)
    ):
        return ()  # no word of the message is a Japanese name: most messages
    candidates: list[tuple[int, int, str]] = []
    for m in _LATIN_TOKEN.finditer(lower):
        w = m.group()
        if w not in _ANY_NAME:
            if not (w.endswith(("'s", "’s")) and w[:-2] in _ANY_NAME):
                continue
            w = w[:-2]
        start = m.start()
        if start == 0 or text[start - 1] not in _NOT_BEFORE_A_WORD:
            candidates.append((start, start + len(w), w))
    if not candidates:
        return ()  # no word of the message is a Japanese name: most messages
    written: _LanguagesWritten | None = None  # read only when a name is also a common word somewhere
    message_languages: frozenset[str] | None = None
    found: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # names that need a neighbour to be sure: "Takagi dan Ishikawa"
    used_until = -1
    for start, end, low in candidates:
        word = text[start:end]
        if start < used_until or places.district_at(lower, start, end, PLACES_ROMAJI):
            continue  # "Nishi-Kawaguchi": a district, not Mr Nishi and Mr Kawaguchi
        surname = low in SURNAMES_ROMAJI
        weak = low in SURNAMES_ROMAJI_WEAK
        if low in SURNAMES_ROMAJI_WORD and word[0].isupper():
            # "Ito" is "this" in Filipino: a surname in a message that is not written in Filipino.
            written = written or _languages_written(lower)
            languages = written.but(low)
            surname = not (_WORD_LANGUAGES.get(low, frozenset({"any"})) & languages)
        given = low in GIVEN_ROMAJI
        if not (surname or weak or given) or _is_place_suffix(low):
            continue  # "Oizumi machi": the town's suffix, not a person named Machi
        capital = word[0].isupper()
        if not (surname or weak):
            # A given name alone is no one: it counts next to a surname, or with an honorific.
            nxt_word = _NEXT_WORD.match(lower, end)
            nxt_known = nxt_word is not None and (
                nxt_word.group(1) in SURNAMES_ROMAJI or nxt_word.group(1) in SURNAMES_ROMAJI_WEAK
            )
            if not nxt_known and not _HONORIFIC_AFTER.match(text, end):
                # ...or capitalised after a role or a relation: "meu patrão Takeshi", "his son Daisuke".
                if message_languages is None:
                    written = written or _languages_written(lower)
                    message_languages = written.but("")
                # ...or a common given name, capitalised inside a sentence: "When I told Yuki from HR".
                if not (
                    _given_name_inside_a_sentence(text, start, low)
                    or (capital and _role_before(lower, start, message_languages))
                ):
                    if capital and len(low) >= 3:
                        pending.append((start, end))  # "os meninos Ryota e Sho": named with a sure one
                    continue
        # A neighbour that is also a Japanese name makes a full name: "Tanaka Hiroshi", "Kenji Yamamoto".
        span_end, parts = end, 1
        for _ in range(2):
            following = _NEXT_WORD.match(lower, span_end)
            if following is None:
                break
            nxt = following.group(1)
            known = nxt in GIVEN_ROMAJI or nxt in SURNAMES_ROMAJI or nxt in SURNAMES_ROMAJI_WEAK
            suffix = _is_suffix(nxt) and not _misread_prefecture_suffix(low, nxt)
            same_case = text[following.start(1)].isupper() == capital
            if known and same_case and nxt not in lx.NOT_A_NAME and not suffix:
                span_end, parts = following.end(1), parts + 1
                continue
            break
        # Nepali and Hindi mark who does something with ले / ने: "Nishikawa ले नवीकरण गर्न मद्दत गर्दैन".
        agent = (surname or weak) and capital and bool(_AGENT_AFTER.match(text, span_end))
        honorific = bool(_HONORIFIC_AFTER.match(text, span_end)) or agent
        if low in lx.NOT_A_NAME and low not in PREFECTURES_ROMAJI and not honorific and parts == 1:
            continue
        if parts == 1 and not honorific and _place_suffix_after(text, low, end):
            continue
        if message_languages is None:
            written = written or _languages_written(lower)
            message_languages = written.but("")
        role = _role_before(lower, start, message_languages, capital)
        is_place = low in PLACES_ROMAJI
        if (
            is_place
            and not honorific
            # A word of place right before beats a role word further back: "chi nhánh Toyota" is a branch.
            and (not role or places.place_word_before(text, start))
            and romaji_place_at(text, lower, start, span_end)
        ):
            continue
        if low in TOWNS_ROMAJI and parts == 1 and not honorific and not role:
            continue  # "working at Kasugai": a town, unless the text says it is someone
        if (
            is_place
            and parts == 1
            and not honorific
            and (
                (not surname and _OF_BEFORE.search(text, max(0, start - 8), start))
                or (
                    _OF_AT_THE_END.search(text, max(0, start - 6), start)
                    and _INSTITUTION_OF_BEFORE.search(text, max(0, start - 40), start)
                )
            )
        ):
            continue  # "o hospital de Ogaki", "Nihon Plast de Fuji": where something is
        sure = honorific or role or agent or parts > 1 or _given_name_inside_a_sentence(text, start, low)
        if not sure:
            # UniDic's costs are a rough guide to how common a surname is (西川 counts as rare): a capitalised
            # rarer one of five letters or more is taken as well, unless it is also a common word.
            rare_capitalised = weak and capital and len(low) >= 5 and low not in SURNAMES_ROMAJI_WORD
            common = (surname or rare_capitalised) and low not in PREFECTURES_ROMAJI and low not in MAJOR_CITIES
            if not common or not (capital or len(low) >= 5):
                if (surname or weak) and (capital or len(low) >= 4):
                    pending.append((start, span_end))
                continue
        used_until = span_end
        found.append((start, span_end))
    # A doubtful name joined to a sure one by "and" is a name too.
    for start, end in pending:
        for f_start, f_end in found:
            if _AND.search(text, max(0, start - 8), start) and f_end <= start and start - f_end <= 8:
                found.append((start, end))
                break
            if f_start >= end and f_start - end <= 8 and _AND_AFTER.fullmatch(text, end, f_start):
                found.append((start, end))
                break
    return tuple(found)


# Who does something, marked after the name: Nepali ले / ने (romanised le), Burmese က before "me", Sinhala verbs of
# saying and hitting right after the doer ("Yamaguchi කිව්වා", "Miyazaki က ကျွန်တော့် ပတ်စပို့ ယူထားတယ်").
_AGENT_AFTER = re.compile(
    r"[ \t]?(?:ले|ने)(?:[ \t]|$)|[ \t]le[ \t]"
    r"|[ \t]?က[ \t]?(?:ကျွန်တော|ကျွန်မ|ကျနော|ကျမ|ငါ)"
    r"|[ \t](?:කිව්වා|කියනවා|කිව්ව|බැන්නා|බනිනවා|ගැහුවා|ගහනවා|ගත්තා|kiwwa|kiyanawa|baninawa|gahuwa|gaththa)(?![\w\u0d80-\u0dff])"
)


def _given_name_inside_a_sentence(text: str, start: int, low: str) -> bool:
    """A common Japanese given name, capitalised inside a sentence: "When I told Yuki from HR"."""
    return (
        text[start].isupper()
        and low in GIVEN_ROMAJI_COMMON
        and len(low) >= 4
        and low not in lx.NOT_A_NAME
        and low not in PREFECTURES_ROMAJI
        and low not in MAJOR_CITIES
        and not _SENTENCE_START.search(text, max(0, start - 3), start)
    )


def find_places(text: str, lower: str, within: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Places that must stay, in the regions given: prefectures, municipalities (豊田市, Isesaki-shi), towns said
    as places ("in Ota", "Ueda (Nagano)")."""
    names = {start for start, _ in _romaji_names(text, lower)}
    names.update(start for _, start, _ in _workplaces_after_work(text, lower))  # "trabalho na Yamazaki"
    for region_start, region_end in within:
        yield from _places_in(text, lower, region_start, region_end, names)


def _places_in(text: str, lower: str, start: int, end: int, names: set[int]) -> Iterator[tuple[int, int]]:
    if _HAS_NAME_SCRIPT.search(text, start, end):
        for m in _MUNICIPALITY_JA.finditer(text, max(0, start - 4), end):
            yield m.start(), m.end()
    if _THAI_CHAR.search(text, start, end):
        for m in _PREFECTURE_THAI.finditer(text, start, end):
            yield m.start(), m.end()
    while start > 0 and _LATIN_TOKEN.match(text[start - 1]):
        start -= 1  # a finding may start inside a word
    for m in _LATIN_TOKEN.finditer(text, start):
        if m.start() >= end:
            break
        low = m.group().lower()
        if low not in PLACES_ROMAJI and low not in places.CITIES_ABROAD:
            continue
        if m.start() in names or _HONORIFIC_AFTER.match(text, m.end()) or _in_a_workplace_name(text, lower, m.start()):
            continue
        district = places.district_at(lower, m.start(), m.end(), PLACES_ROMAJI)
        if district:
            yield district
            continue
        if low in PREFECTURES_ROMAJI:
            if _TRADE_AFTER.match(text, m.end()):
                continue  # "Nagano Seimitsu": a company named after its prefecture
            suffix = _PREFECTURE_SUFFIX.match(text, m.end())
            yield m.start(), suffix.end() if suffix else m.end()
        elif low in _TRADE_WORDS and _CAPITALISED_WORD_BEFORE.search(text, max(0, m.start() - 24), m.start()):
            continue  # "Sanwa Seiko, Gunma": the trade word of a company's name, not the town of that name
        elif romaji_place_at(text, lower, m.start(), m.end()) or (
            low in TOWNS_ROMAJI and not _beside_a_capitalised_word(text, m.start(), m.end())
        ):
            if _TRADE_AFTER.match(text, m.end()):
                continue  # "Fuji Seiko", "Toyo Giken": a company named after a place
            suffix = _PLACE_SUFFIX_AFTER.match(text, m.end())
            end = suffix.end() if suffix else m.end()
            if _BLOCK_BEFORE.search(text, max(0, m.start() - 14), m.start()) or _BLOCK_AFTER.match(text, end):
                continue  # "2-15 Wakaba-cho", "Wakaba-cho 2-15": the street, not the town
            yield m.start(), end


_CAPITALISED_BEFORE = re.compile(rf"[A-Z][{LATIN}]*[ \t]$")
_CAPITALISED_AFTER = re.compile(rf"[ \t][A-Z][{LATIN}]*")


def _beside_a_capitalised_word(text: str, start: int, end: int) -> bool:
    """A town beside another capitalised word is part of a person's name: "Kasugai Taro", "Maria Kashiwa"."""
    after = _CAPITALISED_AFTER.match(text, end)
    if after and not _PLACE_SUFFIX_AFTER.fullmatch(text, after.start(), after.end()):
        return True
    return bool(_CAPITALISED_BEFORE.search(text, max(0, start - 24), start))


# Prefectures and big cities as Thai writes them: "ทำงานโรงงานอาหารที่ไอจิ" keeps ไอจิ (Aichi).
_THAI_CHAR = re.compile(r"[\u0e00-\u0e7f]")
_PREFECTURE_THAI = re.compile(
    "|".join(
        lx.words(
            "ฮอกไกโด อาโอโมริ อิวาเตะ มิยางิ อากิตะ ยามากาตะ ฟุกุชิมะ อิบารากิ โทจิงิ กุนมะ ไซตามะ ชิบะ "
            "โตเกียว คานางาวะ นีงาตะ โทยามะ อิชิกาวะ ฟุกุอิ ยามานาชิ นางาโนะ กิฟุ ชิซุโอกะ ไอจิ มิเอะ ชิงะ เกียวโต "
            "โอซากะ เฮียวโงะ นารา วากายามะ ทตโตริ ชิมาเนะ โอกายามะ ฮิโรชิมะ ยามากูจิ โทกูชิมะ คางาวะ เอฮิเมะ โคจิ "
            "ฟุกุโอกะ ซางะ นางาซากิ คุมาโมโตะ โออิตะ มิยาซากิ คาโกชิมะ โอกินาวะ นาโกย่า นาโงยะ โยโกฮามะ โยโกฮาม่า "
            "โกเบ ซัปโปโร เซนได ฮามามัตสึ"
        )
    )
)
_MUNICIPALITY_JA = re.compile(
    rf"(?:{'|'.join(lx.PREFECTURES_JA)})|[{HAN}{HIRAGANA}{KATAKANA}]{{1,4}}?(?:市|郡)(?!\s?\d)"
    rf"|(?<![{HAN}])[{HAN}]{{1,3}}町(?=に住|にすん|に すん|在住|で働|の工場|の会社|[\s,，、。.!?！？)）]|$)"
    rf"|(?<![{HAN}])[{HAN}]{{1,3}}村(?=に住|にすん|に すん|在住|で働|の工場|の会社)"
)
_TRADE_AFTER = re.compile(
    r"[ \t](?:" + "|".join(re.escape(w) for w in lx.EMPLOYER_SUFFIXES_ROMAJI) + r")(?![a-z])", re.IGNORECASE
)
_TRADE_WORDS = frozenset(lx.EMPLOYER_SUFFIXES_ROMAJI)
_OF_BEFORE = re.compile(r"(?:\b(?:de|do|da|del|of|ng)|の|의|को)\s?$", re.IGNORECASE)
# A place of work or an institution "of" a town: "hospital de Isesaki", "fábrica de Kani", "Nihon Plast de Fuji".
_INSTITUTION_OF_BEFORE = re.compile(
    r"(?:\b(?:hospital|hospitais|fábrica|fabrica|empresa|escola|escuela|colegio|prefeitura|cidade|ciudad|estação|"
    r"estacion|estación|obra|planta|filial|loja|tienda|restaurante|hotel|granja|fazenda|factory|plant|branch|city)"
    r"|[A-Z][A-Za-z]+)\s(?:de|do|da|del|of|in|em|en)\s$"
)
# How a match of _INSTITUTION_OF_BEFORE ends: a cheap test of the last six characters before the dear search.
_OF_AT_THE_END = re.compile(r"\s(?:de|do|da|del|of|in|em|en)\s$")
_CAPITALISED_WORD_BEFORE = re.compile(rf"[A-Z][{LATIN}]+[ \t]$")
_BLOCK_BEFORE = re.compile(r"\d+(?:-\d+)+,?\s?$|\d\s?-?\s?ch[oō]u?me,?\s?$", re.IGNORECASE)
_BLOCK_AFTER = re.compile(r",?\s?\d+(?:-\d+)+|,?\s?\d+\s?-?\s?ch[oō]u?me", re.IGNORECASE)
_PREFECTURE_SUFFIX = re.compile(r"(?:-|\s)?(?:ken|to|fu|prefecture|県)\b", re.IGNORECASE)


# ---------------------------------------------------------------- Hangul

_HANGUL_WORD = re.compile(r"[가-힣]+")
# What may follow a name inside the same Korean word: a title, then a particle or a copula.
_KOREAN_TITLE = r"(?:씨|님|상|군|쨩|사장님?|부장님?|과장님?|반장님?|점장님?|선생님?|주임님?|계장님?|팀장님?|공장장님?)"
_KOREAN_PARTICLE = (
    r"(?:이|가|은|는|을|를|의|도|만|한테서?|에게서?|께서?|이?랑|하고|와|과|예요|이에요|입니다|이다|이?라는|이?라고|야|아"
    r"|이가|에게|한테|께|도요)?"
)
_AFTER_A_KOREAN_NAME = re.compile(rf"{_KOREAN_TITLE}?{_KOREAN_PARTICLE}")
_KOREAN_TITLED = re.compile(_KOREAN_TITLE)
# Who a person is, said just before the name: "반장 마츠다가", "사장은 다카하시 마코토예요".
_KOREAN_ROLES = frozenset(
    lx.words(
        "사장 사장님 부장 과장 반장 점장 매니저 담당자 담당 집주인 주인 상사 감독 주임 리더 팀장 계장 공장장 "
        "선생님 선생 브로커 중개인 대표 오너 동료 선배 조장 실장 소장 원장 이사"
    )
)
# Trade words of a company named after its owner: "다카하시 건설", "니시카와 상사".
_KOREAN_TRADE = re.compile(
    r"(?:건설|상사|식품|공업|산업|전기|운수|물산|제작소|정공|공무점|흥업|화학|기공|수산|농원|물류|부품|전자|정밀|인재|"
    r"개호|공무소|제과|제면|주택|부동산|흥산|농장|목장|공장|기계|금속|도장|운송|서비스|푸드)"
)


_KOREAN_PLACE_SUFFIXES = frozenset(
    lx.words(
        "시 구 역 현 정 촌 군 시에 시에서 역에서 현에 "
        # what is in a town: "시나가와 입관", "가와사키 학교", "오타 시청"
        "입관 입관으로 입관에 입국관리국 학교 학교는 학교에 시청 구청 시청에서 구청에서 공항 병원 경찰서 항구 "
        "근처 쪽 지역"
    )
)
# Endings that say where, not who: "가와사키에 살아요", "오타에서 일해요" (a person takes 에게, 한테).
_KOREAN_LOCATIVE_ENDINGS = frozenset(lx.words("에 에서 에서는 에는 에서도 까지 으로 로 쪽"))


def _korean_name_stem(word: str, names: frozenset[str]) -> int:
    """Length of the longest name of `names` that starts the word with only a title or particle after it."""
    for n in range(min(len(word), 6), 1, -1):
        if word[:n] in names and _AFTER_A_KOREAN_NAME.fullmatch(word, n):
            return n
    return 0


def find_hangul_names(text: str) -> Iterator[Span]:
    """Japanese people named in Hangul inside a Korean message: "반장 마츠다가", "다카하시 마코토예요"."""
    words = list(_HANGUL_WORD.finditer(text))
    for i, m in enumerate(words):
        word = m.group()
        n = _korean_name_stem(word, SURNAMES_HANGUL)
        if not n:
            continue
        stem, rest = word[:n], word[n:]
        nxt = words[i + 1] if i + 1 < len(words) and words[i + 1].start() - m.end() <= 1 else None
        before = words[i - 1].group() if i and m.start() - words[i - 1].end() <= 1 else ""
        role_before = before.rstrip("은는이가의") in _KOREAN_ROLES or before in _KOREAN_ROLES
        titled = bool(_KOREAN_TITLED.match(rest)) or (nxt is not None and bool(_KOREAN_TITLED.fullmatch(nxt.group())))
        given = 0 if rest or nxt is None else _korean_name_stem(nxt.group(), GIVEN_HANGUL)
        cue = role_before or titled or bool(given)
        if rest in _KOREAN_LOCATIVE_ENDINGS and not cue:
            continue  # "가와사키에 살아요": the town
        if (n < 3 or stem in PLACES_HANGUL or rest == "의") and not cue:
            continue  # 사토, 기타 may be Korean words; 후쿠시마 a prefecture; "후지사와의 현장" the town's site
        if not rest and nxt is not None and nxt.group() in _KOREAN_PLACE_SUFFIXES:
            continue  # "오타 시": the town
        if not rest and nxt is not None and _KOREAN_TRADE.match(nxt.group()):
            yield "EMPLOYER", m.start(), nxt.start() + _KOREAN_TRADE.match(nxt.group()).end()  # type: ignore[union-attr]
            continue
        if not rest and _KOREAN_TRADE.match(word, n):
            yield "EMPLOYER", m.start(), m.start() + _KOREAN_TRADE.match(word, n).end()  # type: ignore[union-attr]
            continue
        end = nxt.start() + given if given and nxt is not None else m.start() + n
        yield "NAME", m.start(), end


# ---------------------------------------------------------------- names of places of work in romaji

# "Himawari no Sato", "Midori no Ie", "Aozora no Sato": care homes and small firms are named "X no Y" (X's Y).
_X_NO_Y = re.compile(rf"(?<![{LATIN}])(?P<x>[A-Z][a-z]{{1,11}}) no (?P<y>[A-Z][a-z]{{1,11}})(?![{LATIN}])")
# A word that reads as Japanese: syllables of Hepburn romaji only.
_ROMAJI_WORD = re.compile(r"(?:(?:[kgsztdnhbpmr]y?|sh|ch|ts|j|f|w|y)?[aiueo]|n(?![aiueoy]))+")
_COMMON_LATIN = frozenset(w for ws in lx.COMMON_LATIN_WORDS_BY_LANGUAGE.values() for w in ws)


# "trabalho na Yamazaki", "I work for Kimura", "làm cho Suzuki": a Japanese surname where the workplace goes is the
# firm named after its owner. The article of Portuguese says a firm even of a surname that is also a town ("na
# Toyota"; a town is "em Toyota"); "at" and "ở" say it only of a surname that is no town.
_WORKPLACE_AFTER_WORK = re.compile(
    r"(?<![a-z])(?:trabalh[a-z]*|trabaj[a-z]*|work(?:s|ed|ing)?|làm(?: việc)?|kerja|nagtatrabaho|empreg[a-z]*)[ \t]"
    r"(?:(?P<firm>na|no|pela|pelo|for|cho)|(?:at|en|em|ở|tại|di|sa))[ \t](?P<name>[A-Z][a-z]{2,})(?![a-z])"
)


_WORK_HINT = re.compile(r"trabal|trabaj|work|làm|kerja|nagtatrabaho|empreg")


def _workplaces_after_work(text: str, lower: str) -> Iterator[Span]:
    if not _WORK_HINT.search(lower):
        return
    for m in _WORKPLACE_AFTER_WORK.finditer(text):
        low = m.group("name").lower()
        if low not in SURNAMES_ROMAJI and low not in SURNAMES_ROMAJI_WEAK:
            continue
        if not m.group("firm") and (low in PLACES_ROMAJI or low in lx.NOT_A_NAME):
            continue
        yield "EMPLOYER", m.start("name"), m.end("name")


def find_romaji_workplaces(text: str, lower: str) -> Iterator[Span]:
    yield from _workplaces_after_work(text, lower)
    if " no " not in text:
        return
    for m in _X_NO_Y.finditer(text):
        x, y = m.group("x").lower(), m.group("y").lower()
        if not (_ROMAJI_WORD.fullmatch(x) and _ROMAJI_WORD.fullmatch(y)):
            continue  # "Trabalho no Japão", "Moro no Brasil"
        if {x, y} & (lx.NOT_A_NAME | _COMMON_LATIN) or y in PREFECTURES_ROMAJI or y in MAJOR_CITIES:
            continue
        if "pt_es" in latin_languages(lower) and not ({x, y} & _ANY_NAME):
            continue  # in Portuguese "no" is "in the": take it only with a Japanese name in it
        yield "EMPLOYER", m.start(), m.end()


def _in_a_workplace_name(text: str, lower: str, pos: int) -> bool:
    """ "Sato" in "Himawari no Sato" is part of a care home's name, not the town Sato."""
    if " no " not in text[max(0, pos - 16) : pos]:
        return False
    return any(start <= pos < end for _, start, end in find_romaji_workplaces(text, lower))


# ---------------------------------------------------------------- hiragana, in easy Japanese

_HIRAGANA_RUN = re.compile(rf"(?<![{HIRAGANA}])[{HIRAGANA}]{{3,14}}(?![{HIRAGANA}])")
# What may follow a name inside the same run: a title, then a particle.
_AFTER_A_KANA_NAME = re.compile(
    r"(?P<title>さん|さま|くん|ちゃん|せんせい|しゃちょう|ぶちょう|かちょう|はんちょう|てんちょう)?"
    r"(?:が|は|に|を|と|の|も|から|へ|で|や|って|には|とは|にも|より|たち|ら|だけ|まで)?"
)
# A place said as one in easy Japanese: "かわぐち に すんで", "とよた で はたらいて", "はままつ の こうじょう".
_KANA_PLACE_AFTER = re.compile(
    r"[ \t]?(?:に|で|から|まで|の|へ)[ \t]?"
    r"(?:すん|す ん|はたら|いき|いって|きま|こうじょう|かいしゃ|えき|みせ|びょういん|がっこう|アパート|りょう|"
    r"しやくしょ|くやくしょ|ある|あり|あって|ひっこ|かよ|住|働|行|来|工場|会社|駅|病院|学校)"
)
_KANA_ROLE_BEFORE = re.compile(
    r"(?:しゃちょう|ぶちょう|かちょう|はんちょう|てんちょう|たんとう|たんとうしゃ|じょうし|リーダー|マネージャー|"
    r"おおやさん|おおや|せんせい|むすこ|むすめ|おくさん|ともだち|どうりょう|せんぱい|社長|部長|課長|班長|上司|担当|"
    r"先生|息子|娘)[ \t]?(?:の|は|、|,)?[ \t]?$"
)
_KANA_TRADE = re.compile(
    r"[ \t]?(?:こうぎょう|さんぎょう|しょうじ|けんせつ|しょくひん|でんき|うんゆ|すいさん|せいさくしょ|のうえん|かいご|"
    r"ぶっさん|しょうかい|こうむてん|工業|産業|商事|建設|食品|電気|運輸|水産|製作所|農園|介護)"
)


def _kana_name_stem(run: str, names: frozenset[str]) -> tuple[int, re.Match[str] | None]:
    for n in range(len(run), 2, -1):
        if run[:n] in names:
            after = _AFTER_A_KANA_NAME.fullmatch(run, n)
            if after:
                return n, after
    return 0, None


_NOT_A_NAME_START = ("代名詞", "動詞", "形容詞", "副詞", "連体詞", "接続詞", "感動詞", "助詞", "助動詞")


def find_kana_names(text: str) -> Iterator[Span]:
    """Japanese people named in hiragana: "たなかが まいにち おこります", "じょうしは さいとう です"."""
    named: set[str] = set()
    doubtful: list[tuple[str, int, int]] = []
    for m in _HIRAGANA_RUN.finditer(text):
        run = m.group()
        if run[:5] in lx.NOT_A_NAME_HIRAGANA or run[:3] in lx.NOT_A_NAME_HIRAGANA:
            continue
        n, after = _kana_name_stem(run, _ANY_SURNAME_KANA)
        if not n or after is None or _tokens(run)[0][1].startswith(_NOT_A_NAME_START):
            continue  # "わたしの": a pronoun and a particle, whatever surname is written alike
        start, end, stem = m.start(), m.start() + n, run[:n]
        nxt = _HIRAGANA_RUN.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
        given = 0 if nxt is None or after.group() else _given_name_length(nxt.group())
        cue = bool(after.group("title") or given or _KANA_ROLE_BEFORE.search(text, max(0, start - 12), start))
        if not after.group() and _KANA_TRADE.match(text, m.end()):
            yield "EMPLOYER", start, end  # "まつだ こうぎょう"
            continue
        if not after.group() and _PLACE_AFTER.match(text, end) and not cue:
            continue  # "いせさき市"
        spaced_of = not after.group() and text.startswith(" の ", end)  # "かいご の しごと": a noun phrase
        if not cue and (
            stem in SURNAMES_KANA_WORD or stem in PLACES_KANA or spaced_of or _KANA_PLACE_AFTER.match(text, end)
        ):
            doubtful.append((stem, start, end))
            continue
        named.add(stem)
        yield "NAME", start, (nxt.start() + given) if given and nxt is not None else end
    for stem, start, end in doubtful:
        if stem in named and not _KANA_PLACE_AFTER.match(text, end):
            yield "NAME", start, end  # "じょうしは さいとう です。さいとうは...": named once, the same person after


_KATAKANA_WORD = re.compile(rf"(?<![{KATAKANA}])[{KATAKANA}]{{2,8}}(?![{KATAKANA}])")


def find_katakana_names_after_role(text: str) -> Iterator[Span]:
    """A surname in katakana right after who the person is: "しゃちょうの ハヤシ は", "上司のコバヤシが"."""
    for m in _KATAKANA_WORD.finditer(text):
        kana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in m.group())
        if kana in _ANY_SURNAME_KANA and _KANA_ROLE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            yield "NAME", m.start(), m.end()


def _given_name_length(run: str) -> int:
    """Length of the given name that starts the run (in the lexicon, or read as one by MeCab), else 0."""
    n, _ = _kana_name_stem(run, GIVEN_KANA)
    if n:
        return n
    surface, pos = _tokens(run)[0]
    return len(surface) if pos.endswith("人名-名") and len(surface) >= 2 else 0


# "やまもと けんじ という ひと", "田中という男": a person introduced by name.
_CALLED_PERSON = re.compile(
    r"[ \t]?(?:という|っていう|って)[ \t]?"
    r"(?:人|ひと|男|女|おとこ|おんな|方|かた|日本人|社長|しゃちょう|上司|ブローカー)"
)
_NAME_BEFORE_CALLED = re.compile(rf"(?:[{HAN}{HIRAGANA}{KATAKANA}]{{1,6}}[ \t])?[{HAN}{HIRAGANA}{KATAKANA}]{{1,8}}$")
_PARTICLE_IN_RUN = re.compile(r".*[のはがをにでとも、]")


def find_called_persons(text: str) -> Iterator[Span]:
    for cue in _CALLED_PERSON.finditer(text):
        before = _NAME_BEFORE_CALLED.search(text, max(0, cue.start() - 16), cue.start())
        if not before:
            continue
        start = before.start()
        particle = _PARTICLE_IN_RUN.match(text, start, cue.start())
        if particle:
            start = particle.end()  # "上司の田中という人": the name is after the last particle
        if cue.start() - start >= 2:
            yield "NAME", start, cue.start()


# A child, a spouse or a friend named after the word for them: "子どもの さくら と", "こども の リナ と",
# "我和儿子小宇住在".
_FAMILY_NAMED_JA = re.compile(
    r"(?:子ども|子供|こども|息子|むすこ|娘|むすめ|夫|おっと|妻|つま|友だち|友達|ともだち)[ \t]?の[ \t]?"
    rf"(?P<name>[{HIRAGANA}{KATAKANA}ー]{{2,6}})[ \t]?(?=と|が|は|を|に|も|、)"
)
_FAMILY_NAMED_ZH = re.compile(
    rf"(?:儿子|兒子|女儿|女兒|孩子|宝宝|寶寶)(?P<name>小[{HAN}]|[{HAN}]{{2}})(?=[住在说說是和跟也都去来來上,，。])"
)
_NOT_A_KANA_NAME = frozenset(("こと", "ため", "ほう", "とき", "ところ", "みんな", "ひと"))


def find_family_named(text: str) -> Iterator[Span]:
    for pattern in (_FAMILY_NAMED_JA, _FAMILY_NAMED_ZH):
        for m in pattern.finditer(text):
            if m.group("name") not in _NOT_A_KANA_NAME and not is_place(m.group("name")):
                yield "NAME", m.start("name"), m.end("name")


def find_japanese_names(text: str, lower: str) -> Iterator[Span]:
    yield from find_kanji_names(text, lower)
    if "の" in text or "儿" in text or "女" in text or "孩" in text or "宝" in text or "兒" in text or "寶" in text:
        yield from find_family_named(text)
    if _HAS_NAME_SCRIPT.search(text):
        yield from find_kanji_surnames_in_context(text)
        yield from find_chinese_names(text)
    if "って" in text or "という" in text:
        yield from find_called_persons(text)
    if _HIRAGANA_RUN.search(text):
        yield from find_kana_names(text)
    if _KATAKANA_RUN_ANY.search(text):
        yield from find_katakana_names_after_role(text)
    if _HANGUL_SYLLABLE.search(text):
        yield from find_hangul_names(text)
    yield from find_romaji_names(text, lower)
    yield from find_romaji_workplaces(text, lower)


_HANGUL_SYLLABLE = re.compile(r"[가-힣]")
_KATAKANA_RUN_ANY = re.compile(rf"[{KATAKANA}]{{2}}")


def is_place(word: str) -> bool:
    """A Japanese place known to UniDic or a prefecture, in kanji or romaji."""
    return word in PLACES_KANJI or word.lower() in PLACES_ROMAJI


_COMPANY_RUN = re.compile(rf"[{HAN}{KATAKANA}{HIRAGANA}A-Za-z0-9&・]{{1,14}}$")
_NOT_IN_COMPANY = ("助詞", "助動詞", "動詞", "代名詞", "形容詞", "副詞", "補助記号", "名詞-固有名詞-地名")


def company_start_before(text: str, end: int) -> int:
    """Where the name of a company that ends at `end` (before 農園, 工業...) starts: the nouns right before it.

    MeCab finds where "私はひまわり" stops being the name: は is a particle, 私 a pronoun.
    """
    run = _COMPANY_RUN.search(text, max(0, end - 14), end)
    if not run:
        return end
    start = end
    for surface, pos in reversed(_tokens(run.group().translate(_SIMPLIFIED_TO_JAPANESE))):
        if pos.startswith(_NOT_IN_COMPANY) and not (pos.startswith("名詞-固有名詞-地名") and start == end):
            break
        if surface in _CHINESE_FUNCTION_WORDS or (start < end and surface in ("是", "叫")):
            break
        start -= len(surface)
    if end - start < 2:
        # A made-up name in kana ("はなまる介護") reads to MeCab as particles and verbs: take the word as written.
        kana = _KANA_WORD_BEFORE.search(text, max(0, end - 8), end)
        if kana:
            return kana.start()
    return start


_CHINESE_FUNCTION_WORDS = frozenset(
    [
        "被",
        "在",
        "是",
        "的",
        "了",
        "和",
        "也",
        "给",
        "让",
        "从",
        "跟",
        "对",
        "把",
        "向",
        "到",
        "请问",
        "请",
        "问",
        "我",
        "你",
        "他",
        "她",
        "我们",
        "他们",
        "这",
        "那",
        "说",
        "叫",
        "去",
        "来",
        "个",
        "家",
        "现在",
        "現在",
        "这个",
        "那个",
        "这家",
        "那家",
        "我们",
        "他们",
        "以前",
        "原来",
        "一个",
    ]
)
_KANA_WORD_BEFORE = re.compile(rf"(?<![{HIRAGANA}{KATAKANA}])[{HIRAGANA}{KATAKANA}]{{2,8}}$")
