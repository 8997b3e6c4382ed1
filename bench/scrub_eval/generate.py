# ruff: noqa: E501 - templates are sentences in 15 languages, kept one per line to be read as messages
"""Generated evaluation messages for the scrubber, with labelled spans of personal data and of facts to keep.

Shares no code and no list with the scrubber: its names, companies and towns are in lists.py, written for it,
and its identity numbers are made here with their own check digits. Two splits, drawn from disjoint halves of
every list and with different seeds:
  dev       what the scrubber may be tuned on;
  heldout   what is reported; nobody looks at its misses while changing the scrubber.

Run `python -m bench.scrub_eval.generate [--split heldout] [--show 5]` to print a few.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bench.scrub_eval import lists

PER_LANGUAGE = {"dev": 20, "heldout": 50}
SEEDS = {"dev": 20261203, "heldout": 7919}
LANGUAGES = ("en", "es", "fil", "id", "ja", "ja_easy", "km", "ko", "my", "ne", "pt_BR", "si", "th", "vi", "zh_Hans")


@dataclass(frozen=True)
class Span:
    kind: str  # a personal-data kind (NAME, PHONE...) or a fact kind (AMOUNT, PLACE, DATE)
    start: int
    end: int
    keep: bool  # True for a fact policy work needs, False for personal data to remove


@dataclass(frozen=True)
class Message:
    lang: str
    text: str
    spans: tuple[Span, ...]

    def values(self, *, keep: bool) -> list[tuple[str, str]]:
        return [(s.kind, self.text[s.start : s.end]) for s in self.spans if s.keep is keep]


FACT_KINDS = frozenset({"AMOUNT", "PLACE", "DATE"})


T = TypeVar("T")


def _half(items: Sequence[T], split: str) -> list[T]:
    return list(items[0::2] if split == "dev" else items[1::2])


# ---------------------------------------------------------------- identity numbers with their own check digits


def my_number(rng: random.Random) -> str:
    """A 12-digit individual number whose last digit is the check digit of the 11 before it."""
    body = [rng.randint(0, 9) for _ in range(11)]
    total = 0
    for n, digit in enumerate(reversed(body), start=1):
        total += digit * (n + 1 if n <= 6 else n - 5)
    rest = total % 11
    digits = "".join(map(str, body)) + str(0 if rest <= 1 else 11 - rest)
    style = rng.choice(["plain", "space", "dash"])
    if style == "plain":
        return digits
    sep = " " if style == "space" else "-"
    return sep.join((digits[:4], digits[4:8], digits[8:]))


def cpf(rng: random.Random) -> str:
    body = [rng.randint(0, 9) for _ in range(9)]
    while len(set(body)) == 1:
        body = [rng.randint(0, 9) for _ in range(9)]
    for size in (9, 10):
        total = sum(d * w for d, w in zip(body, range(size + 1, 1, -1), strict=True))
        body.append((total * 10 % 11) % 10)
    digits = "".join(map(str, body))
    if rng.random() < 0.6:
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"
    return digits


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


PASSPORT_FORMATS: dict[str, Callable[[random.Random], str]] = {
    "vi": lambda r: rng_choice(r, "CNB") + _digits(r, 7),
    "fil": lambda r: "P" + _digits(r, 7) + _letters(r, 1),
    "pt_BR": lambda r: _letters(r, 2) + _digits(r, 6),
    "es": lambda r: _letters(r, 1) + _digits(r, 7),
    "id": lambda r: rng_choice(r, "ABCE") + _digits(r, 7),
    "ne": lambda r: "PA" + _digits(r, 7),
    "km": lambda r: "N" + _digits(r, 8),
    "my": lambda r: "M" + rng_choice(r, "ABCD") + _digits(r, 6),
    "si": lambda r: "N" + _digits(r, 7),
    "th": lambda r: _letters(r, 2) + _digits(r, 7),
    "ko": lambda r: "M" + _digits(r, 8),
    "zh_Hans": lambda r: "E" + _digits(r, 8),
    "en": lambda r: rng_choice(r, "CNP") + _digits(r, 7),
    "ja": lambda r: rng_choice(r, "CNB") + _digits(r, 7),
    "ja_easy": lambda r: "P" + _digits(r, 7) + _letters(r, 1),
}


def rng_choice(rng: random.Random, letters: str) -> str:
    return rng.choice(letters)


def phone(rng: random.Random) -> str:
    style = rng.randint(0, 5)
    if style == 0:
        return f"0{rng.choice('789')}0-{_digits(rng, 4)}-{_digits(rng, 4)}"
    if style == 1:
        return f"0{rng.choice('789')}0{_digits(rng, 8)}"
    if style == 2:
        return f"+81 {rng.choice('789')}0 {_digits(rng, 4)} {_digits(rng, 4)}"
    if style == 3:
        return f"0{rng.choice('789')}0 {_digits(rng, 4)} {_digits(rng, 4)}"
    if style == 4:
        return f"+84 9{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}"
    return f"({rng.choice(['090', '080'])}) {_digits(rng, 4)}-{_digits(rng, 4)}"


def email(rng: random.Random, name: str) -> str:
    user = re.sub(r"[^a-z]", "", name.lower()) or "user"
    return f"{user}{rng.randint(1, 99)}@{rng.choice(['gmail.com', 'yahoo.co.jp', 'icloud.com', 'outlook.com'])}"


def residence_card(rng: random.Random) -> str:
    return _letters(rng, 2) + _digits(rng, 8) + _letters(rng, 2)


# ---------------------------------------------------------------- amounts, as each language writes them

_CURRENCY_WORDS = {
    "en": ["yen", "JPY", "yen"], "es": ["yenes", "yenes", "yen"], "pt_BR": ["ienes", "yen", "ienes"],
    "fil": ["yen", "lapad", "yen"], "id": ["yen", "yen", "Yen"], "vi": ["yên", "yen", "man"],
    "ne": ["येन", "yen", "येन"], "km": ["យ៉េន", "yen", "យ៉េន"], "my": ["ယန်း", "yen", "ယန်း"],
    "si": ["යෙන්", "yen", "යෙන්"], "th": ["เยน", "เยน", "yen"], "ko": ["엔", "엔", "円"],
    "zh_Hans": ["日元", "日元", "円"], "ja": ["円", "円", "円"], "ja_easy": ["えん", "円", "えん"],
}  # fmt: skip
_HOME_CURRENCY = {
    "pt_BR": lambda r: f"R$ {r.randint(5, 90) * 100}",
    "vi": lambda r: f"{r.randint(2, 90)} triệu đồng",
    "fil": lambda r: f"₱{r.randint(5, 90)},000",
    "id": lambda r: f"Rp {r.randint(2, 30)}.000.000",
    "ne": lambda r: f"रु {r.randint(20, 500)}000",
    "es": lambda r: f"{r.randint(500, 5000)} soles",
    "th": lambda r: f"{r.randint(5, 90)},000 บาท",
    "ko": lambda r: f"{r.randint(50, 900)}만 원",
    "zh_Hans": lambda r: f"{r.randint(2, 9)}万元人民币",
    "en": lambda r: f"US${r.randint(5, 90)}00",
}


def amount(rng: random.Random, lang: str) -> str:
    """A sum of money as people write it: with or without separators, 万, a sign, or a currency word."""
    if lang in _HOME_CURRENCY and rng.random() < 0.2:
        return _HOME_CURRENCY[lang](rng)
    n = rng.choice([rng.randint(8, 350) * 1000, rng.randint(1, 40) * 10000, rng.randint(850, 1600)])
    word = rng.choice(_CURRENCY_WORDS[lang])
    style = rng.randint(0, 4)
    if style == 0 and n >= 10000 and n % 10000 == 0 and word in ("円", "えん"):
        return f"{n // 10000}万{word}"
    if style == 1:
        return f"¥{n:,}"
    if style == 2:
        return f"{n:,} {word}" if word.isascii() else f"{n:,}{word}"
    if style == 3 and lang in ("ja", "ja_easy", "zh_Hans", "ko"):
        return f"{n}{word}"
    return f"{n} {word}"


def event_date(rng: random.Random, lang: str) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if lang in ("ja", "zh_Hans"):
        return f"{month}月{day}日"
    if lang == "ko":
        return f"{month}월 {day}일"
    if lang == "vi":
        return f"ngày {day}/{month}"
    return f"{day}/{month}/2026" if rng.random() < 0.5 else f"2026/{month}/{day}"


# ---------------------------------------------------------------- templates

# {SLOT} placeholders; see _fill for what each one draws and how it is labelled.
TEMPLATES: dict[str, list[str]] = {
    "en": [
        "Hello, I work at {CO_LATIN} in {TOWN_L}, {PREF_L}. My boss {SUR_L} has not paid {AMOUNT} since {DATE}. "
        "Please call me {PHONE}",
        "{SUR_L} told me I must pay {AMOUNT} for the dormitory or leave. I live at {STREET_L}, {TOWN_LS}. "
        "What can I do??",
        "my manager is {FULL_L}, he shouts every day and takes my passport ({PASSPORT}). we are in {TOWN_L} "
        "near {PREF_L}. my email {EMAIL}",
        "The broker {SUR_L} said my visa will be cancelled if I complain. I owe him {AMOUNT}. "
        "My residence card no is {CARD}",
        "hi i am {FOREIGN}, factory {CO_KANA} in {TOWN_K} stopped my salary {AMOUNT}. My Number {MYNUM}, "
        "bank account number {BANK}",
        "I got hurt at work on {DATE}. {SUR_L} and {SUR_L2} from the company say it is my fault. Hospital bill "
        "{AMOUNT}. Post code {POSTAL}, {STREET_K}",
    ],
    "vi": [
        "Chào chị, em làm ở công ty {CO_LATIN} ở {TOWN_L}, {PREF_L}. Ông {SUR_L} không trả lương {AMOUNT} từ "
        "{DATE}. SĐT em {PHONE}",
        "Em bị {SUR_L} đánh ở xưởng, em sợ lắm. Em sống ở {STREET_L}, {TOWN_LS}. Email: {EMAIL}",
        "anh oi, giam doc {FULL_L} giu ho chieu cua em so {PASSPORT}, em o {TOWN_L} {PREF_L}, no em {AMOUNT}",
        "Môi giới {SUR_L} bắt em trả {AMOUNT} phí, nếu không thì về nước. Thẻ ngoại kiều của em {CARD}",
        "Em tên là {FOREIGN}, làm ở {CO_KANA} ({TOWN_K}). Công ty trừ lương {AMOUNT}. Mã số cá nhân của em "
        "{MYNUM}, số tài khoản {BANK}",
        "Em bị tai nạn ngày {DATE}, {SUR_L} với {SUR_L2} nói là lỗi của em. Viện phí {AMOUNT}. Địa chỉ: "
        "〒{POSTAL} {STREET_K}",
    ],
    "pt_BR": [
        "Boa tarde, trabalho na {CO_LATIN} em {TOWN_L} ({PREF_L}). O {SUR_L} não pagou {AMOUNT} desde {DATE}. "
        "Meu celular {PHONE}",
        "O encarregado {FULL_L} gritou comigo e pegou meu passaporte {PASSPORT}. Moro em {STREET_L}, {TOWN_LS}",
        "oi, o empreiteiro {SUR_L} diz que eu devo {AMOUNT} pro apartamento. moro em {TOWN_L}, {PREF_L}. "
        "meu CPF {CPF}",
        "Meu nome é {FOREIGN}, trabalho na {CO_KANA} em {TOWN_K}. Descontaram {AMOUNT} do salário. "
        "Minha My Number {MYNUM}, conta {BANK}",
        "Sofri acidente no dia {DATE}. {SUR_L} e {SUR_L2} da fábrica falam que a culpa é minha. Conta do hospital "
        "{AMOUNT}. Endereço: 〒{POSTAL} {STREET_K}. Email {EMAIL}",
    ],
    "es": [
        "Hola, trabajo en {CO_LATIN} en {TOWN_L}, {PREF_L}. El jefe {SUR_L} no me paga {AMOUNT} desde el {DATE}. "
        "Mi celular {PHONE}",
        "{SUR_L} me gritó y me quitó el pasaporte {PASSPORT}. Vivo en {STREET_L}, {TOWN_LS}",
        "buenas, el contratista {FULL_L} dice que le debo {AMOUNT}. vivo en {TOWN_L} ({PREF_L}). tarjeta de "
        "residencia {CARD}",
        "Me llamo {FOREIGN}, trabajo en {CO_KANA} en {TOWN_K}. Me descontaron {AMOUNT}. Mi My Number es "
        "{MYNUM}, cuenta bancaria {BANK}",
        "Tuve un accidente el {DATE}; {SUR_L} y {SUR_L2} de la empresa dicen que fue mi culpa. La cuenta del "
        "hospital es {AMOUNT}. Dirección 〒{POSTAL} {STREET_K}, correo {EMAIL}",
    ],
    "fil": [
        "Magandang araw po, nagtatrabaho ako sa {CO_LATIN} sa {TOWN_L}, {PREF_L}. Si boss {SUR_L} hindi nagbayad "
        "ng {AMOUNT} mula {DATE}. Cellphone ko {PHONE}",
        "Sinigawan ako ni {SUR_L} at kinuha ang passport ko {PASSPORT}. Nakatira ako sa {STREET_L}, {TOWN_LS}",
        "ate, yung manager namin {FULL_L} sabi may utang daw ako {AMOUNT}. taga {TOWN_L} {PREF_L} po ako. "
        "residence card {CARD}",
        "Ako po si {FOREIGN}, sa {CO_KANA} po ako sa {TOWN_K}. Kinaltas nila {AMOUNT}. My Number ko {MYNUM}, "
        "bank account {BANK}",
        "Naaksidente ako noong {DATE}, sabi ni {SUR_L} at ni {SUR_L2} kasalanan ko daw. Bayad sa ospital "
        "{AMOUNT}. Address 〒{POSTAL} {STREET_K}, email {EMAIL}",
    ],
    "id": [
        "Selamat siang, saya kerja di {CO_LATIN} di {TOWN_L}, {PREF_L}. Bos {SUR_L} belum bayar gaji {AMOUNT} "
        "sejak {DATE}. HP saya {PHONE}",
        "{SUR_L} marah-marah dan ambil paspor saya {PASSPORT}. Saya tinggal di {STREET_L}, {TOWN_LS}",
        "mas, pengawas {FULL_L} bilang saya utang {AMOUNT}. saya di {TOWN_L} {PREF_L}. kartu zairyu {CARD}",
        "Nama saya {FOREIGN}, kerja di {CO_KANA} di {TOWN_K}. Gaji dipotong {AMOUNT}. My Number saya {MYNUM}, "
        "nomor rekening {BANK}",
        "Saya kecelakaan kerja tanggal {DATE}, {SUR_L} dan {SUR_L2} bilang itu salah saya. Biaya rumah sakit "
        "{AMOUNT}. Alamat 〒{POSTAL} {STREET_K}, email {EMAIL}",
    ],
    "ja": [
        "{CO_KANJI}で働いています。社長の{FULL_K}が{DATE}から給料{AMOUNT}を払ってくれません。{TOWN_K}に住んでいます。"
        "電話{PHONE}",
        "{SUR_K}が毎日怒鳴ります。パスポート{PASSPORT}を取られました。住所は{PREF_K}{TOWN_K}{STREET_K}です",
        "ブローカーの{SUR_K}に{AMOUNT}払えと言われました。在留カード番号{CARD}。{PREF_K}の工場です",
        "私は{FOREIGN}です。{CO_KANA}({TOWN_K})で働いています。給料から{AMOUNT}引かれました。マイナンバーは"
        "{MYNUM}、口座番号{BANK}",
        "{DATE}に仕事中けがをしました。{SUR_K}と{SUR_K2}は私が悪いと言います。病院代{AMOUNT}。〒{POSTAL} "
        "{PREF_K}{TOWN_K}{STREET_K}、メール{EMAIL}",
        "{SUR_KATA}さんではなく{SUR_K}部長がパワハラをします。{TOWN_K}の{CO_KANJI}です",
    ],
    "ja_easy": [
        "わたしは {CO_KANA} で はたらいています。しゃちょうの {SUR_H} さんが おかね {AMOUNT} を はらいません。"
        "{TOWN_K} に すんでいます。でんわ {PHONE}",
        "{SUR_K} さんが こわいです。パスポート {PASSPORT} を とられました。じゅうしょ {PREF_K}{TOWN_K}{STREET_K}",
        "{FULL_K} が {AMOUNT} はらえと いいました。ざいりゅうカード {CARD}。{PREF_K} です",
        "わたしは {FOREIGN} です。{CO_KANJI} で けがを しました。マイナンバー {MYNUM}。ぎんこう {BANK}",
        "{DATE} に けがを しました。{SUR_K} と {SUR_K2} は わたしが わるいと いいます。びょういん {AMOUNT}。"
        "〒{POSTAL} {TOWN_K}{STREET_K}",
    ],
    "zh_Hans": [
        "你好,我在{TOWN_K}的{CO_KANJI}工作。老板{SUR_K}从{DATE}开始不给工资{AMOUNT}。电话{PHONE}",
        "{FULL_K}每天骂我,还拿走了我的护照{PASSPORT}。我住在{PREF_K}{TOWN_K}{STREET_K}",
        "中介{SUR_K}说我欠他{AMOUNT},不然就回国。在留卡号码{CARD}。我在{PREF_K}",
        "我叫{FOREIGN},在{CO_KANA}({TOWN_K})上班。工资被扣了{AMOUNT}。My Number {MYNUM},银行账号{BANK}",
        "我{DATE}工伤了,{SUR_K}和{SUR_K2}说是我的错。医药费{AMOUNT}。地址〒{POSTAL} {TOWN_K}{STREET_K},邮箱{EMAIL}",
    ],
    "ko": [
        "안녕하세요, {TOWN_K}에 있는 {CO_KANJI}에서 일해요. 사장 {SUR_L}이 {DATE}부터 월급 {AMOUNT}을 안 줘요. 전화 {PHONE}",
        "{SUR_K} 부장이 여권 {PASSPORT}을 가져갔어요. 주소는 {STREET_L}, {TOWN_LS}",
        "브로커 {FULL_L}가 {AMOUNT} 내라고 해요. 재류카드 {CARD}. {PREF_L}에 살아요",
        "저는 {FOREIGN}입니다. {CO_KANA}에서 일하는데 {AMOUNT}을 공제했어요. 마이넘버 {MYNUM}, 계좌번호 {BANK}",
        "{DATE}에 다쳤어요. {SUR_L}랑 {SUR_L2}가 제 잘못이래요. 병원비 {AMOUNT}. 주소 〒{POSTAL} {STREET_K}, 이메일 {EMAIL}",
    ],
    "ne": [
        "नमस्ते, म {TOWN_L}, {PREF_L} को {CO_LATIN} मा काम गर्छु। हाकिम {SUR_L} ले {DATE} देखि {AMOUNT} तलब दिएको छैन। फोन {PHONE}",
        "{SUR_L} ले मेरो पासपोर्ट {PASSPORT} लियो। म {STREET_L}, {TOWN_LS} मा बस्छु",
        "दलाल {FULL_L} भन्छ म {AMOUNT} तिर्नुपर्छ। म {TOWN_L} ({PREF_L}) मा छु। रेसिडेन्स कार्ड {CARD}",
        "मेरो नाम {FOREIGN} हो। {CO_KANA} ({TOWN_K}) मा काम गर्छु। तलबबाट {AMOUNT} काटियो। My Number {MYNUM}, "
        "बैंक खाता {BANK}",
        "{DATE} मा चोट लाग्यो, {SUR_L} र {SUR_L2} भन्छन् मेरो गल्ती हो। अस्पताल खर्च {AMOUNT}। ठेगाना 〒{POSTAL} "
        "{STREET_K}, इमेल {EMAIL}",
    ],
    "km": [
        "សួស្តី ខ្ញុំធ្វើការនៅ {CO_LATIN} នៅ {TOWN_L} {PREF_L}។ ថៅកែ {SUR_L} មិនបើកប្រាក់ខែ {AMOUNT} តាំងពី {DATE}។ ទូរស័ព្ទ {PHONE}",
        "{SUR_L} យកលិខិតឆ្លងដែន {PASSPORT} របស់ខ្ញុំ។ ខ្ញុំរស់នៅ {STREET_L}, {TOWN_LS}",
        "ឈ្មួញកណ្តាល {FULL_L} ថាខ្ញុំជំពាក់ {AMOUNT}។ ខ្ញុំនៅ {TOWN_L} {PREF_L}។ កាតស្នាក់នៅ {CARD}",
        "ខ្ញុំឈ្មោះ {FOREIGN} ធ្វើការនៅ {CO_KANA} ({TOWN_K})។ គេកាត់ប្រាក់ {AMOUNT}។ My Number {MYNUM} គណនីធនាគារ {BANK}",
        "ខ្ញុំរងរបួសថ្ងៃ {DATE}, {SUR_L} និង {SUR_L2} ថាជាកំហុសខ្ញុំ។ ថ្លៃពេទ្យ {AMOUNT}។ អាសយដ្ឋាន 〒{POSTAL} {STREET_K} អ៊ីមែល {EMAIL}",
    ],
    "my": [
        "မင်္ဂလာပါ ကျွန်တော် {TOWN_L} {PREF_L} က {CO_LATIN} မှာ အလုပ်လုပ်ပါတယ်။ သူဌေး {SUR_L} က {DATE} ကစပြီး {AMOUNT} မပေးပါ။ ဖုန်း {PHONE}",
        "{SUR_L} က ကျွန်မ ပတ်စ်ပို့ {PASSPORT} ကို ယူသွားတယ်။ {STREET_L}, {TOWN_LS} မှာ နေပါတယ်",
        "ပွဲစား {FULL_L} က {AMOUNT} ပေးရမယ်ပြောတယ်။ {TOWN_L} ({PREF_L}) မှာနေတယ်။ နေထိုင်ခွင့်ကတ် {CARD}",
        "ကျွန်တော့်နာမည် {FOREIGN} ပါ။ {CO_KANA} ({TOWN_K}) မှာ အလုပ်လုပ်တယ်။ လစာက {AMOUNT} ဖြတ်တယ်။ My Number {MYNUM} ဘဏ်အကောင့် {BANK}",
        "{DATE} မှာ ဒဏ်ရာရတယ်၊ {SUR_L} နဲ့ {SUR_L2} က ကျွန်တော့်အပြစ်လို့ပြောတယ်။ ဆေးရုံစရိတ် {AMOUNT}။ လိပ်စာ 〒{POSTAL} {STREET_K} အီးမေးလ် {EMAIL}",
    ],
    "si": [
        "ආයුබෝවන්, මම {TOWN_L} {PREF_L} වල {CO_LATIN} එකේ වැඩ කරනවා. බොස් {SUR_L} {DATE} ඉඳන් පඩිය {AMOUNT} දුන්නේ නැහැ. දුරකථන {PHONE}",
        "{SUR_L} මගේ පාස්පෝට් එක {PASSPORT} අරගත්තා. මම {STREET_L}, {TOWN_LS} ඉන්නේ",
        "බ්‍රෝකර් {FULL_L} කියනවා මම {AMOUNT} ණයයි කියලා. මම {TOWN_L} ({PREF_L}) ඉන්නේ. රෙසිඩන්ස් කාඩ් {CARD}",
        "මගේ නම {FOREIGN}. {CO_KANA} ({TOWN_K}) වැඩ කරනවා. පඩියෙන් {AMOUNT} කැපුවා. My Number {MYNUM}, බැංකු ගිණුම {BANK}",
        "{DATE} දින මට තුවාල වුණා, {SUR_L} සහ {SUR_L2} කියනවා මගේ වරද කියලා. රෝහල් ගාස්තු {AMOUNT}. ලිපිනය 〒{POSTAL} {STREET_K}, ඊමේල් {EMAIL}",
    ],
    "th": [
        "สวัสดีครับ ผมทำงานที่ {CO_LATIN} ใน {TOWN_L} {PREF_L} หัวหน้า {SUR_L} ไม่จ่ายเงินเดือน {AMOUNT} ตั้งแต่ {DATE} โทร {PHONE}",
        "{SUR_L} เอาพาสปอร์ต {PASSPORT} ของฉันไป ฉันอยู่ที่ {STREET_L}, {TOWN_LS}",
        "นายหน้า {FULL_L} บอกว่าฉันติดหนี้ {AMOUNT} ฉันอยู่ {TOWN_L} ({PREF_L}) บัตรไซริว {CARD}",
        "ฉันชื่อ {FOREIGN} ทำงานที่ {CO_KANA} ({TOWN_K}) ถูกหักเงิน {AMOUNT} My Number {MYNUM} บัญชีธนาคาร {BANK}",
        "ฉันบาดเจ็บวันที่ {DATE} {SUR_L} กับ {SUR_L2} บอกว่าเป็นความผิดฉัน ค่าโรงพยาบาล {AMOUNT} ที่อยู่ 〒{POSTAL} {STREET_K} อีเมล {EMAIL}",
    ],
}  # fmt: skip

_SLOT = re.compile(r"\{([A-Z_0-9]+)\}")
_HIRAGANA_OF = str.maketrans({chr(c): chr(c - 0x60) for c in range(ord("ァ"), ord("ヶ") + 1)})


class _Pools:
    def __init__(self, split: str) -> None:
        self.surnames = _half(lists.SURNAMES, split)
        self.given = _half(lists.GIVEN_NAMES, split)
        self.co_kana = _half(lists.COMPANIES_KANA, split)
        self.co_kanji = _half(lists.COMPANIES_KANJI, split)
        self.co_latin = _half(lists.COMPANIES_LATIN, split)
        self.towns = _half(lists.TOWNS, split)
        self.prefs = _half(lists.PREFECTURES, split)
        self.streets = _half(lists.STREETS, split)
        self.foreign = {lang: _half(names, split) for lang, names in lists.FOREIGN_NAMES.items()}


@dataclass(frozen=True)
class _Cast:
    """The people and places of one message: a template that names the boss twice names the same boss."""

    sur: tuple[str, str, str]
    sur2: tuple[str, str, str]
    given: tuple[str, str]
    town: tuple[str, str, str]
    pref: tuple[str, str]
    street: tuple[str, str]

    @classmethod
    def draw(cls, rng: random.Random, pools: _Pools) -> _Cast:
        sur = rng.choice(pools.surnames)
        return cls(
            sur=sur,
            sur2=rng.choice([s for s in pools.surnames if s != sur]),
            given=rng.choice(pools.given),
            town=rng.choice(pools.towns),
            pref=rng.choice(pools.prefs),
            street=rng.choice(pools.streets),
        )


def _fill(slot: str, rng: random.Random, lang: str, pools: _Pools, cast: _Cast) -> tuple[str, str, bool]:
    """(text, kind, keep) for one placeholder."""
    sur, sur2, given, town, pref, street = cast.sur, cast.sur2, cast.given, cast.town, cast.pref, cast.street
    block = f"{rng.randint(1, 5)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
    match slot:
        case "SUR_L":
            return sur[1], "NAME", False
        case "SUR_L2":
            return sur2[1], "NAME", False
        case "FULL_L":
            name = f"{sur[1]} {given[1]}" if rng.random() < 0.5 else f"{given[1]} {sur[1]}"
            return name, "NAME", False
        case "SUR_K":
            return sur[0], "NAME", False
        case "SUR_K2":
            return sur2[0], "NAME", False
        case "FULL_K":
            return sur[0] + given[0], "NAME", False
        case "SUR_KATA":
            return sur2[2], "NAME", False
        case "SUR_H":
            return sur[2].translate(_HIRAGANA_OF), "NAME", False
        case "CO_KANA":
            return rng.choice(pools.co_kana), "EMPLOYER", False
        case "CO_KANJI":
            return rng.choice(pools.co_kanji), "EMPLOYER", False
        case "CO_LATIN":
            return rng.choice(pools.co_latin), "EMPLOYER", False
        case "TOWN_K":
            return town[0], "PLACE", True
        case "TOWN_L":
            return town[1], "PLACE", True
        case "TOWN_LS":
            style = rng.choice([f"{town[1]}-{town[2]}", f"{town[1]} City", f"{town[1]} {town[2]}"])
            return style, "PLACE", True
        case "PREF_K":
            return pref[0], "PLACE", True
        case "PREF_L":
            return rng.choice([pref[1], f"{pref[1]}-ken", f"{pref[1]} Prefecture"]), "PLACE", True
        case "STREET_K":
            return street[0] + block, "ADDRESS", False
        case "STREET_L":
            return f"{block} {street[1]}", "ADDRESS", False
        case "AMOUNT":
            return amount(rng, lang), "AMOUNT", True
        case "DATE":
            return event_date(rng, lang), "DATE", True
        case "PHONE":
            return phone(rng), "PHONE", False
        case "EMAIL":
            return email(rng, str(given[1])), "EMAIL", False
        case "MYNUM":
            return my_number(rng), "MY_NUMBER", False
        case "CPF":
            return cpf(rng), "FOREIGN_ID", False
        case "PASSPORT":
            return PASSPORT_FORMATS[lang](rng), "PASSPORT", False
        case "CARD":
            return residence_card(rng), "RESIDENCE_CARD", False
        case "BANK":
            return _digits(rng, 7), "BANK_ACCOUNT", False
        case "POSTAL":
            return f"{rng.randint(100, 999)}-{_digits(rng, 4)}", "POSTAL_CODE", False
        case "FOREIGN":
            return rng.choice(pools.foreign[lang]), "NAME", False
    raise ValueError(f"unknown slot {slot}")


def render(template: str, rng: random.Random, lang: str, pools: _Pools) -> Message:
    cast = _Cast.draw(rng, pools)
    text = ""
    spans: list[Span] = []
    cursor = 0
    for m in _SLOT.finditer(template):
        text += template[cursor : m.start()]
        value, kind, keep = _fill(m.group(1), rng, lang, pools, cast)
        spans.append(Span(kind, len(text), len(text) + len(value), keep))
        text += value
        cursor = m.end()
    text += template[cursor:]
    return Message(lang, text, tuple(spans))


def generate(split: str = "heldout") -> list[Message]:
    """The messages of one split, the same on every run."""
    rng = random.Random(SEEDS[split])
    pools = _Pools(split)
    out: list[Message] = []
    for lang in LANGUAGES:
        templates = TEMPLATES["en" if lang not in TEMPLATES else lang]
        for i in range(PER_LANGUAGE[split]):
            message = render(templates[i % len(templates)], rng, lang, pools)
            if lang in ("en", "vi", "fil", "id", "pt_BR", "es") and rng.random() < 0.1:
                # Some people write everything in lower case, names included.
                message = Message(lang, message.text.lower(), message.spans)
            out.append(message)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=sorted(SEEDS), default="dev")
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args(argv)
    messages = generate(args.split)
    print(f"{len(messages)} messages in the {args.split} split")
    for message in messages[:: max(1, len(messages) // args.show)][: args.show]:
        print(message.lang, message.text)
        for s in message.spans:
            print("   ", "keep" if s.keep else "drop", s.kind, repr(message.text[s.start : s.end]))


if __name__ == "__main__":
    main()
