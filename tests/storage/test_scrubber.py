from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.scrubber import (
    ENTITY_KINDS,
    Finding,
    ScrubFailed,
    find_personal_data,
    normalise,
    scrub_or_none,
    scrub_personal_data,
)
from tests.storage.scrub_measure import CASES_PATH, load_cases, measure

FRESH_CASES_PATH = CASES_PATH.with_name("scrub_cases_fresh.json")
LANGUAGES = {"vi", "km", "pt_BR", "ja_easy", "ja", "en", "fil", "ne", "id", "zh_Hans", "my", "es", "th", "ko", "si"}


# ---------------------------------------------------------------- the planted set


def test_the_planted_set_covers_every_language_and_kind() -> None:
    cases = load_cases()
    assert len(cases) >= 75
    per_language = {lang: sum(c.lang == lang for c in cases) for lang in LANGUAGES}
    assert min(per_language.values()) >= 4, per_language
    kinds = [kind for c in cases for kind, _ in c.pii]
    assert set(kinds) == set(ENTITY_KINDS)


@pytest.mark.parametrize("path", [CASES_PATH, FRESH_CASES_PATH], ids=["tuning-set", "fresh-set"])
def test_recall_and_fact_retention_over_the_planted_set(path: Path) -> None:
    report = measure(load_cases(path))
    missed = [(m.lang, m.kind, m.value) for m in report.missed]
    lost = [(m.lang, m.value) for m in report.lost_facts]
    assert report.recall.rate >= 0.98, missed
    assert report.facts.rate >= 0.95, lost


def test_scrubbing_twice_changes_nothing_more() -> None:
    for case in load_cases():
        once = scrub_personal_data(case.text, case.lang)
        assert scrub_personal_data(once, case.lang) == once


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("０９０－１２３４－５６７８", "090-1234-5678"),  # full-width
        ("090ー1234ー5678", "090-1234-5678"),  # katakana long vowel typed as a dash
        ("090–1234—5678", "090-1234-5678"),  # en and em dashes
        ("០៨០-១២៣៤-៥៦៧៨", "080-1234-5678"),  # Khmer
        ("९८४१२३४५६७", "9841234567"),  # Devanagari
        ("၀၉၀-၈၈၈၈-၇၇၇၇", "090-8888-7777"),  # Burmese
        ("๐๘๑-๒๓๔-๕๖๗๘", "081-234-5678"),  # Thai
        ("෦෮෦-෧෨෩෪", "080-1234"),  # Sinhala Lith digits
        ("Tên tôi là An", "Tên tôi là An"),
    ],
)
def test_normalise_turns_digits_and_dashes_into_ascii(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_a_dash_between_words_stays() -> None:
    assert normalise("ハローワーク") == "ハローワーク"


# ---------------------------------------------------------------- each kind


def kinds_in(text: str, lang: str | None = None) -> set[str]:
    return {f.kind for f in find_personal_data(normalise(text), lang)}


@pytest.mark.parametrize(
    "text",
    [
        "電話は０９０－１２３４－５６７８です",
        "sđt em +84 90 123 4567 nha",
        "WhatsApp +55 11 98765-4321",
        "เบอร์โทร ๐๘๑-๒๓๔-๕๖๗๘",
        "ទូរស័ព្ទ ០៨០-១២៣៤-៥៦៧៨",
        "Call me at 0081-90-1234-5678",
        "phone (090) 1234 5678",
    ],
)
def test_phone_numbers_in_any_format(text: str) -> None:
    scrubbed = scrub_personal_data(text)
    assert "[PHONE]" in scrubbed
    assert not re.search(r"\d{3,}", scrubbed), scrubbed


@pytest.mark.parametrize(
    "text", ["マイナンバーは1234 5678 9012です", "my number 123456789012", "個人番号：１２３４－５６７８－９０１２"]
)
def test_my_number_is_deleted_not_hashed(text: str) -> None:
    scrubbed = scrub_personal_data(text)
    assert "[MY_NUMBER]" in scrubbed
    assert not re.search(r"\d", scrubbed), "no digit of a My Number may stay"
    assert not re.search(r"[0-9a-f]{8,}", scrubbed), "no hash of it either"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("mail me: nguyen.an+job@gmail.com", "EMAIL"),
        ("see https://www.facebook.com/ngoc.anh.9x ok", "URL"),
        ("LINE ID: tanaka_01", "HANDLE"),
        ("telegram @johndc77", "HANDLE"),
        ("Zalo của em: hoa.nguyen99", "HANDLE"),
        ("在留カード AB12345678CD", "RESIDENCE_CARD"),
        ("特別永住者証明書 AB12345678CD", "RESIDENCE_CARD"),
        ("パスポート番号はTK1234567", "PASSPORT"),
        ("Hộ chiếu C1234567 công ty giữ", "PASSPORT"),
        ("meu cpf é 123.456.789-09", "FOREIGN_ID"),
        ("số CCCD 001198012345", "FOREIGN_ID"),
        ("口座番号 1234567", "BANK_ACCOUNT"),
        ("〒370-1234", "POSTAL_CODE"),
        ("生年月日は1992年7月8日", "BIRTH_DATE"),
        ("sinh ngày 15/08/1998", "BIRTH_DATE"),
        ("群馬県伊勢崎市本町1-2-3", "ADDRESS"),
        ("I live at 2-14-7 Hon-cho, Kawaguchi-shi, Saitama", "ADDRESS"),
        ("株式会社ヤマトフーズで働いています", "EMPLOYER"),
        ("công ty TNHH Sao Mai không trả lương", "EMPLOYER"),
        ("PT Maju Jaya", "EMPLOYER"),
    ],
)
def test_each_kind_is_found(text: str, kind: str) -> None:
    assert kind in kinds_in(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my name is Maria Santos", "Maria Santos"),
        ("tên tôi là Nguyễn Văn An", "Nguyễn Văn An"),
        ("ten toi la tran thi mai", "tran thi mai"),
        ("meu nome é Carlos Pereira", "Carlos Pereira"),
        ("me llamo José Luis", "José Luis"),
        ("ខ្ញុំឈ្មោះ សុខ ចាន់ធី", "សុខ ចាន់ធី"),
        ("私の名前はグエン・ヴァン・ナムです", "グエン・ヴァン・ナム"),
        ("レ・ティ・ホアと申します", "レ・ティ・ホア"),
        ("監理団体の佐藤様に相談", "佐藤"),
        ("ミンくんは元気です", "ミン"),
        ("anh Tuấn nói", "Tuấn"),
        ("la Sra. Gómez dijo", "Gómez"),
        ("ako po si Jocelyn Bautista", "Jocelyn Bautista"),
        ("nama saya Budi Santoso", "Budi Santoso"),
        ("我叫王小明，", "王小明"),
        ("제 이름은 김민수입니다", "김민수"),
        ("ผมชื่อสมชาย ใจดี ครับ", "สมชาย ใจดี"),
        ("मेरो नाम राम गुरुङ हो", "राम गुरुङ"),
        ("මගේ නම නිමල් පෙරේරා.", "නිමල් පෙරේරා"),
        ("ကျွန်တော့်နာမည် အောင်ကျော် ပါ", "အောင်ကျော်"),
    ],
)
def test_names_after_cues_in_each_language(text: str, name: str) -> None:
    scrubbed = scrub_personal_data(text)
    assert "[NAME]" in scrubbed
    assert name not in scrubbed


# ---------------------------------------------------------------- what must stay


@pytest.mark.parametrize(
    "text",
    [
        "群馬県で働いています。給料は15万円、1日12時間、3月10日に解雇されました",
        "Tôi là người Việt Nam, ở Gunma, lương 80,000円",
        "I am Vietnamese, I live in Gunma and earn 150,000 yen a month",
        "Sou brasileira, moro em Aichi, ganho 1.100 ienes por hora",
        "ベトナム人です。東京都の会社で、残業代が80,000円未払い",
        "2024年3月10日から働いています",
    ],
)
def test_prefectures_amounts_event_dates_and_nationalities_stay(text: str) -> None:
    assert scrub_personal_data(text) == normalise(text)


def test_findings_point_into_the_normalised_text() -> None:
    text = normalise("電話は０９０－１２３４－５６７８、メール a.b@example.com")
    findings = find_personal_data(text)
    assert [text[f.start : f.end] for f in findings] == ["090-1234-5678", "a.b@example.com"]
    assert all(isinstance(f, Finding) and f.kind in ENTITY_KINDS for f in findings)


# ---------------------------------------------------------------- failure is safe


def test_scrub_personal_data_refuses_what_is_not_text() -> None:
    with pytest.raises(ScrubFailed):
        scrub_personal_data(b"090-1234-5678")  # type: ignore[arg-type]


def test_scrub_or_none_stores_nothing_when_scrubbing_fails() -> None:
    assert scrub_or_none(None) is None
    assert scrub_or_none(b"090-1234-5678") is None  # type: ignore[arg-type]
    assert scrub_or_none("電話 090-1234-5678") == "電話 [PHONE]"


@given(st.text(max_size=300))
def test_scrub_or_none_never_raises(text: str) -> None:
    result = scrub_or_none(text)
    assert isinstance(result, str)


@given(st.text(alphabet=st.sampled_from("0123456789０１２３４５６７８９-－ー +()"), min_size=1, max_size=40))
def test_digit_soup_never_breaks_the_scrubber(text: str) -> None:
    assert isinstance(scrub_or_none(text), str)
