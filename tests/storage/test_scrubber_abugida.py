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


# ---------------------------------------------------------------- workplaces, self-introductions, rooms


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("ลาออกจาก โอคาซากิ โคเงียว แล้ว", "โอคาซากิ"),  # Thai: Okazaki Kogyo
        ("ที่บริษัท ซันวะ เซโกะ นิ้วโดนตัด", "ซันวะ"),  # Sanwa Seiko
        ("मारुई डेन्की को मानेजर", "मारुई"),  # Nepali: Marui Denki
        ("ក្រុមហ៊ុន មារូយ៉ាម៉ា កូហ្គ្យូ មិនព្រមបង់", "កូហ្គ្យូ"),  # Khmer: Maruyama Kogyo
        ("ทำงานร้านนวด Bangkok Spa ที่ชินจูกุ", "Bangkok Spa"),
        ("කම්පැනිය Daiwa Press", "Daiwa Press"),
        ("Isesaki ma Fresh Delica bhanne bento factory ma kaam garchu", "Fresh Delica"),
    ],
)
def test_a_workplace_named_in_those_scripts_or_in_latin_after_a_local_word_is_removed(text: str, company: str) -> None:
    assert company not in scrub_personal_data(text)


def test_the_owner_of_a_shop_is_a_person_not_the_shop() -> None:
    assert "[NAME]" in scrub_personal_data("เจ้าของร้าน Sakuma ไม่ให้วันหยุด")


def test_a_factory_in_a_town_keeps_the_town() -> None:
    assert "Gifu" in scrub_personal_data("ทำงานโรงงาน Gifu ค่ะ")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("สวัสดีค่ะ ดิฉัน วันเพ็ญ ศรีสุข ทำงานโรงงาน", "ศรีสุข"),  # a given name and a family name
        ("ខ្ញុំ ស្រីពៅ កើតនៅបាត់ដំបង", "ស្រីពៅ"),  # "I, Srey Pov, born in ..."
        ("මම කසුන් ප්‍රියන්ත. මට උදව් ඕනේ", "ප්‍රියන්ත"),  # "I (am) Kasun Priyantha."
    ],
)
def test_a_person_who_says_who_they_are_is_removed(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "මම ශ්‍රී ලංකාවේ.",  # "I (am) from Sri Lanka."
        "මම ශිෂ්‍යයෙක්.",  # "I (am) a student."
        "ผม ผมชื่อ ครับ",
    ],
)
def test_saying_where_one_is_from_or_what_one_does_names_nobody(text: str) -> None:
    assert "[NAME]" not in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "room"),
    [
        ("หอพักอยู่ Oizumi-machi ห้อง 201 ค่ะ", "201"),
        ("ផ្ទះខ្ញុំនៅ Ota បន្ទប់ 301។", "301"),
        ("အဆောင်က Kamiya အခန်း 6", "အခန်း 6"),
        ("म कोठा नं. 14 मा बस्छु", "14"),
    ],
)
def test_a_room_number_is_removed(text: str, room: str) -> None:
    assert room not in scrub_personal_data(text)


def test_a_count_of_people_to_a_room_stays() -> None:
    assert "3 คน" in scrub_personal_data("ห้อง 3 คน ค่าเช่า 30000 เยน")


# ---------------------------------------------------------------- more of the same classes


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ဘော့စ် အီတို (伊藤) က လစာ မပေးဘူး", "အီတို"),  # "boss Ito", a short name glossed in brackets
        ("ကုမ္ပဏီ ကာတို (Kato) က တောင်းတယ်", "ကာတို"),
        ("कम्पनी नाकामुरा कोग्यो ले रोउसाइ गर्दिन भन्यो", "कोग्यो"),  # Nakamura Kogyo: ग्यो is gyo
        ("कम्पनी (काटो उन्यु) मा ड्राइभर", "उन्यु"),  # Kato Un'yu
        ("ကျွန်မ သန္တာအေး ။ လိပ်စာ", "သန္တာအေး"),  # "I, Thanda Aye."
        ("ผม สมชาย แก้วประเสริฐ ขอแบบฟอร์ม", "แก้วประเสริฐ"),
        ("ลูกสาว (ด.ญ. พิมพ์ชนก แก้วมณี) เกิดปี 2560", "พิมพ์ชนก"),  # a girl's title
        ("ගියා මගේ සහෝදරයා රොෂාන් ව", "රොෂාන්"),  # "my brother Roshan"
        ("knhom chhmous Rithy tver ka nov Chiba", "Rithy"),  # romanised Khmer: "my name is"
        ("LINE ID ខ្ញុំ: dara_kh168 ឬ Tel", "dara_kh168"),
        ("กลัวมาก ไลน์หนู nong.mind1999", "nong.mind1999"),
        ("FB page: Lanka Japan Jobs Tharindu එකෙන්", "Tharindu"),
        ("फेसबुक मा 'Nepal Japan Visa Consultancy Pokhara' भन्ने पेज ले", "Consultancy"),
        ("Facebook - Zaw Min Htet (Japan) ကို message ပို့ပေးပါ", "Htet"),
        ("កូនខ្ញុំ អាយុ7ឆ្នាំ កើត ០៩/០៦/២០១៩ អាចចូលសាលា", "2019"),  # a child born after 2012
        ("छोरी को जन्म २०७६/०५/०३ (BS) हो", "2076"),
        ("ห้อง 305 อาคาร Green Hills เลขที่ 2-8-17 Higashi-Oizumi", "Green Hills"),
        ("ห้อง 305 อาคาร Green Hills เลขที่ 2-8-17 Higashi-Oizumi", "2-8-17"),
    ],
)
def test_more_people_workplaces_accounts_and_addresses_are_removed(text: str, value: str) -> None:
    assert value not in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("ရန်ကုန် က agency ကို ဒေါ်လာ ၂၅၀၀ ပေးခဲ့ရတယ်", "ဒေါ်လာ 2500"),  # dollars, not Daw La
        ("เกิดอุบัติเหตุเมื่อ 3/10/2567 ที่โรงงาน", "3/10/2567"),  # an accident "happened" on a date that stays
    ],
)
def test_amounts_and_event_dates_beside_those_cues_stay(text: str, kept: str) -> None:
    assert kept in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("मार्च 2010 देखि जापानमा छु", "मार्च 2010"),  # since March 2010: no day, no word of birth
        ("पसल April देखि बन्द छ", "April"),  # the shop has been shut since April
        ("ทำงานร้าน March ถึง June", "March"),
    ],
)
def test_months_and_years_of_events_stay(text: str, kept: str) -> None:
    assert kept in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("मेरो भाइ ओसाका मा बस्छ", "ओसाका"),  # "my brother lives in Osaka"
        ("ညီမ တိုကျို မှာ နေတယ်", "တိုကျို"),  # "(my) sister lives in Tokyo": ကျ is ky here
        ("අක්කා ටෝකියෝ වල ඉන්නේ", "ටෝකියෝ"),  # Sinhala writes kyo as ki-yo
        ("ผม ย้ายไป โอซาก้า ทำงาน", "โอซาก้า"),  # "I moved to Osaka to work"
        ("ប្អូនស្រី តូក្យូ", "តូក្យូ"),
    ],
)
def test_a_town_after_a_word_of_family_or_an_introduction_stays(text: str, place: str) -> None:
    assert place in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("मेरो जन्म 1990 मा भयो, 2019 साल साउन 5 गते जापान आएँ", "2019 साल साउन 5 गते"),  # the arrival, not the birth
        ("ผมเกิดปี 2530 มาญี่ปุ่น 5 ต.ค. 2560", "5 ต.ค. 2560"),
        ("ผมเกิดปี 2530 มาญี่ปุ่น 5 ต.ค. 2560", "2530"),  # a year alone is an age
        ("मेरो कोठा 2 वटा छ", "2 वटा"),  # two rooms
    ],
)
def test_a_word_of_birth_is_for_the_first_date_after_it(text: str, kept: str) -> None:
    assert kept in scrub_personal_data(text)
