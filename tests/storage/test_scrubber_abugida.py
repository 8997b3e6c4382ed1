"""The scrubber on Thai, Khmer, Burmese, Sinhala and Nepali messages: names, dates of birth, places to keep."""

from __future__ import annotations

import pytest

from storage.scrubber import scrub_personal_data

# ---------------------------------------------------------------- Japanese names in those scripts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ថៅកែ យ៉ាម៉ាម៉ូតូ មិនឲ្យឈប់", "យ៉ាម៉ាម៉ូតូ"),  # Khmer writes Japanese o with ូ: Yamamoto
        ("ខ្ញុំសួរ កូបាយ៉ាស៊ី ហើយ", "កូបាយ៉ាស៊ី"),  # Kobayashi, ៉ and ៊ inside the name
        ("เจ้าของหอ มัตสึโมโตะ ขึ้นค่าเช่า", "มัตสึโมโตะ"),  # Thai, a double consonant: Matsumoto
        ("เจ้าของบ้าน ซาโต้ ไล่ออก", "ซาโต้"),  # two morae after "landlord"
        ("ဆာတို က ငါ့ကို အော်တယ်", "ဆာတို"),  # Burmese, two morae marked as the doer
        ("ဟော်ရီ ဆိုတဲ့ မန်နေဂျာ", "ဟော်ရီ"),  # "the manager called Hori"
        ("සාටෝ කියනවා එපා කියලා", "සාටෝ"),  # Sinhala, "Sato says"
        ("ඉනොඋඒ කියන ඒජන්ට්", "ඉනොඋඒ"),  # Inoue, each vowel written as a letter of its own
    ],
)
def test_japanese_surnames_written_by_ear_are_removed(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("ខ្ញុំរស់នៅ អាអូម៉ូរី", "អាអូម៉ូរី"),  # Aomori holds the surname Omori
        ("ខ្ញុំធ្វើការនៅ ហ្វូគូស៊ីម៉ា", "ហ្វូគូស៊ីម៉ា"),  # Fukushima holds Kushima
        ("ฉันอยู่ที่ ยามางาตะ", "ยามางาตะ"),  # Yamagata: ง is Japanese g
        ("ฉันทำงานที่ วากายามะ", "วากายามะ"),  # Wakayama holds Kayama
    ],
)
def test_a_prefecture_holding_a_surname_stays(text: str, place: str) -> None:
    assert place in scrub_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "หัวหน้าจะตอบพรุ่งนี้",  # "the boss will answer tomorrow": จะตอ|บ is no Sato
        "หัวหน้ากำลังดูอยู่",  # "the boss is looking": กำลั|ง is no name
        "ជំរាបសួរ ខ្ញុំឈ្មោះ",  # "hello, my name is": the greeting is no role
    ],
)
def test_a_syllable_cut_in_two_is_no_name(text: str) -> None:
    assert "[NAME]" not in scrub_personal_data(text)


# ---------------------------------------------------------------- dates of birth in local calendars


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("เกิด 3 ส.ค. 2535 ค่ะ", "2535"),  # Thai, Buddhist era
        ("ผมเกิดวันที่ ๒๑ มีนาคม ๒๕๓๘", "2538"),  # Thai digits
        ("ខ្ញុំកើតថ្ងៃទី៧ ខែមេសា ឆ្នាំ១៩៩៥", "1995"),  # Khmer digits
        ("မွေးနေ့ ၁၉၉၂ ခုနှစ် မေလ ၈ ရက်", "1992"),  # Burmese digits
        ("मेरो जन्म २०५२ साल फागुन ५ गते हो", "2052"),  # Bikram Sambat
        ("උපන්දිනය 1993 මාර්තු 11", "1993"),
    ],
)
def test_a_date_of_birth_in_a_local_calendar_is_removed(text: str, date: str) -> None:
    assert date not in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("ខ្ញុំដាច់ម្រាមដៃ ថ្ងៃទី3 ខែតុលា", "3 ខែតុលា"),  # an accident on 3 October
        ("ถูกไล่ออกวันที่ 15 ต.ค. 2567", "15 ต.ค. 2567"),  # dismissed in 2024 (Buddhist era)
        ("२०८१ साल असोज १० गते देखि तलब छैन", "2081 साल असोज 10 गते"),  # unpaid since a date in 2024
        ("2024 ခုနှစ် ဇွန်လ 3 ရက် က အလုပ်ထုတ်တယ်", "2024 ခုနှစ် ဇွန်လ 3 ရက်"),
    ],
)
def test_a_date_of_an_event_stays(text: str, date: str) -> None:
    assert date in scrub_personal_data(text)


# ---------------------------------------------------------------- what follows a name after a cue


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("เพื่อนชื่อ ต้อม โดนจับที่สถานีชินจูกุเมื่อวาน", "ต้อม", "สถานีชินจูกุเมื่อวาน"),
        ("ថៅកែឈ្មោះ សុខា និយាយថាចាំខែក្រោយ", "សុខា", "ចាំខែក្រោយ"),
        ("දුව නිලූෂා ලබන අප්‍රේල් පාසල් යවන්න ඕනේ", "නිලූෂා", "ලබන අප්‍රේල්"),
    ],
)
def test_the_word_after_a_name_that_starts_with_a_verb_or_a_time_stays(text: str, name: str, kept: str) -> None:
    out = scrub_personal_data(text)
    assert name not in out
    assert kept in out


def test_a_broker_is_no_mister() -> None:
    assert "อุดร" in scrub_personal_data("ยืมเงินนายหน้าที่อุดรมา 2 แสนบาท")


def test_a_station_named_like_a_surname_stays() -> None:
    assert "สถานีอุเอโนะ" in scrub_personal_data("เพื่อนโดนจับที่สถานีอุเอโนะเมื่อวาน")


# ---------------------------------------------------------------- family, friends and their accounts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("သမီး နန်းဆု 3နှစ် ရှိပြီ", "နန်းဆု"),  # Burmese: daughter Nan Su
        ("កូនស្រី សុភា រៀននៅសាលា", "សុភា"),  # Khmer: daughter Sophea
        ("मेरो छोरी सुमनलाई स्कुल पठाउनु छ", "सुमन"),  # Nepali, a case ending written against the name
        ("දුව තරුෂි පාසල් යනවා", "තරුෂි"),  # Sinhala: daughter Tharushi
        ("bhai Suman lai police le samatyo", "Suman"),  # romanised Nepali
        ("chori Anisha ko school", "Anisha"),
        ("ဘာသာပြန် Ma Hnin က ပြောတယ်", "Hnin"),  # Burmese in Latin letters beside Burmese
    ],
)
def test_a_name_after_a_word_of_family_or_friendship_is_removed(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "ကလေး တစ်ယောက်ရှိတယ်",  # Burmese: "(I) have one child"
        "သမီး ကျောင်းသွားတယ်",  # "the daughter goes to school"
        "मेरो छोरी लाई ज्वरो आयो",  # Nepali: "my daughter has a fever"
        "He said ma Tokyo ko office",  # "ma" without Burmese letters is no Burmese title
    ],
)
def test_a_word_of_family_before_no_name_removes_nothing(text: str) -> None:
    assert "[NAME]" not in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("Facebook: Thida Win Japan, Viber ကို ဆက်သွယ်ပါ", "Thida Win"),
        ("මගේ fb එක Dilini Madushani Japan", "Madushani"),
        ("facebook ma Anjali Shrestha Japan bhanera khojnu", "Shrestha"),
        ("แอดไลน์มาได้ค่ะ ไอดี wilai_jp2540 หรือเฟส วิไลวรรณ เจแปน", "wilai"),
        ("หรือเฟส วิไลวรรณ เจแปน", "วิไลวรรณ"),
    ],
)
def test_an_account_named_like_a_person_is_removed(text: str, account: str) -> None:
    assert account not in scrub_personal_data(text)
