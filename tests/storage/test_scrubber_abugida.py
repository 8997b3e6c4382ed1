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
