"""Dates of birth as Thai, Khmer, Burmese, Nepali and Sinhala writers give them.

"เกิด 12 มี.ค. 2540" (Buddhist era), "កើតថ្ងៃទី12 ខែមីនា ឆ្នាំ1997", "မွေးနေ့ 1997 ခုနှစ် ဇူလိုင်လ 15 ရက်",
"जन्म मिति 2055 साल साउन 12 गते" (Bikram Sambat), "උපන්දිනය 1990 ජූනි 05". The digits are ASCII by now
(scrubber.normalise). A date of that form is a date of birth when a word of being born comes shortly before it,
or when its year is one people were born in: a date of an event (ថ្ងៃទី3 ខែតុលា, 15 ต.ค.) has no such year and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storage.scrubbing import lexicon as lx
from storage.scrubbing.patterns import nfkc

Span = tuple[str, int, int]


def _alternatives(words: str) -> str:
    return "|".join(re.escape(nfkc(w)) for w in sorted(lx.words(words), key=len, reverse=True))


_MONTH_NAMES = _alternatives(
    # Thai, in full and abbreviated
    "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม "
    "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค. ม.ค ก.พ มี.ค เม.ย พ.ค มิ.ย ก.ค ส.ค ก.ย ต.ค พ.ย ธ.ค "
    # Khmer
    "មករា កុម្ភៈ កុម្ភះ មីនា មេសា ឧសភា មិថុនា កក្កដា សីហា កញ្ញា តុលា វិច្ឆិកា ធ្នូ "
    # Burmese
    "ဇန်နဝါရီ ဖေဖော်ဝါရီ မတ် ဧပြီ မေ ဇွန် ဇူလိုင် ဩဂုတ် ဩဂုတ်စ် သြဂုတ် စက်တင်ဘာ အောက်တိုဘာ နိုဝင်ဘာ ဒီဇင်ဘာ "
    # Nepali: the months of Bikram Sambat, and the Gregorian ones
    "बैशाख वैशाख बैसाख जेठ जेष्ठ असार आषाढ साउन श्रावण भदौ भाद्र असोज आश्विन कात्तिक कार्तिक मंसिर मङ्सिर "
    "पुस पौष माघ फागुन फाल्गुन चैत चैत्र जनवरी फेब्रुअरी फेब्रुवरी मार्च अप्रिल अप्रैल मे जुन जुलाई अगस्ट अगस्त "
    "सेप्टेम्बर सेप्टेम्बर अक्टोबर अक्टुबर नोभेम्बर डिसेम्बर "
    # Sinhala
    "ජනවාරි පෙබරවාරි මාර්තු අප්‍රේල් අප්රේල් මැයි ජූනි ජූලි අගෝස්තු සැප්තැම්බර් ඔක්තෝබර් නොවැම්බර් දෙසැම්බර්"
)
# Words written before a number or a month: day, month, year, era.
_BEFORE_PART = _alternatives("ថ្ងៃទី ទី ខែ ឆ្នាំ วันที่ วัน เดือน ปี พ.ศ. พ.ศ ค.ศ. ค.ศ")
# Words written after one: year, month, day.
_AFTER_PART = _alternatives("ခုနှစ် ရက်နေ့ ရက် လ साल गते वर्ष महिना වෙනිදා වැනිදා දා වර්ෂ")
_PART = rf"(?:(?:{_BEFORE_PART})[ \t]?)?(?:(?<!\d)\d{{1,4}}(?!\d)|{_MONTH_NAMES})(?:[ \t]?(?:{_AFTER_PART}))?"
_SEPARATOR = r"[ \t,/\-]{0,3}"
# Two or three parts, one of them a month or a word of the calendar: never a bare pair of numbers.
LOCAL_DATE = re.compile(rf"(?<!\d){_PART}(?:{_SEPARATOR}{_PART}){{1,2}}(?!\d)")
_CALENDAR_WORD = re.compile(rf"{_MONTH_NAMES}|{_AFTER_PART}|{_BEFORE_PART}")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_NUMBER = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")

# เกิด is "be born" and "happen": "เกิดอุบัติเหตุเมื่อ 3 ต.ค." is when an accident happened, a date that stays.
HAPPENED = re.compile(nfkc(r"อุบัติ|ปัญหา|เหตุ|ไฟ|เรื่อง|ขึ้น|ความ|การ|แผล|โรค"))
# Words of being born, shortly before the date: "เกิด", "កើត", "မွေး", "जन्म", "උපන්".
_BORN_BEFORE = re.compile(
    nfkc(
        r"(?:เกิด(?!อุบัติ|ปัญหา|เหตุ|ไฟ|เรื่อง|ขึ้น|ความ|การ|แผล|โรค)|วันเกิด|កើត|ថ្ងៃខែឆ្នាំកំណើត|កំណើត|မွေး|जन्म|जन्मे|"
        r"උපන්|උපත|born|DOB|dob)"
    )
)
_BORN_AFTER = re.compile(nfkc(r"[ \t]?(?:मा|को)?[ \t]?(?:जन्म|जन्मे|ජන්ම|උපන්|မှာ[ \t]?မွေး|မွေး|เกิด|កើត)"))
_CUE_REACH = 30
_NEPALI_CALENDAR = re.compile(r"साल|गते|बैशाख|वैशाख|जेठ|असार|साउन|भदौ|असोज|कात्तिक|मंसिर|पुस|माघ|फागुन|चैत")


def _born_then(date: str) -> bool:
    """A year people were born in: AD 1930-2012, Buddhist era 2473-2555, Bikram Sambat 2026-2069 (1969-2012)."""
    for m in _YEAR.finditer(date):
        year = int(m.group())
        if 1930 <= year <= 2012 or 2473 <= year <= 2555:
            return True
        if 2026 <= year <= 2069 and _NEPALI_CALENDAR.search(date):  # 2013-2025 may be AD, written with साल
            return True
    return False


# A date in figures right after a word of being born: "កើត 09/06/2019", "को जन्म 2076/05/03 (BS)". Right after,
# because เกิด is also "happen" (เกิดอุบัติเหตุเมื่อ 3/10/2567, an accident on a date that stays).
_BORN_THEN_FIGURES = re.compile(
    nfkc(r"(?:เกิด|កើត|မွေး|जन्म|උපන්)[ \t]?:?[ \t]?(?P<date>\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4})(?!\d)")
)


def find_local_birth_dates(text: str, lower: str) -> Iterator[Span]:
    digit = _DIGIT.search(text)
    if digit is None:
        return
    # Each pattern needs a digit, with at most a month's name and a word of the calendar before it.
    start = max(0, digit.start() - _CUE_REACH)
    for m in _BORN_THEN_FIGURES.finditer(text, start):
        yield "BIRTH_DATE", m.start("date"), m.end("date")
    for m in LOCAL_DATE.finditer(text, start):
        date = m.group()
        if not _CALENDAR_WORD.search(date) or len(_DIGIT.findall(date)) < 2:
            continue
        cue = _BORN_BEFORE.search(text, max(0, m.start() - _CUE_REACH), m.start())
        # the word of birth is for the first date after it: "जन्म 1990 मा, 2019 साल साउन 5 गते जापान आएँ"
        cued = bool(cue and not _DIGIT.search(text, cue.end(), m.start())) or bool(_BORN_AFTER.match(text, m.end()))
        # Without a cue, a day, a month and a year of birth: "มีนาคม 2555" alone is when something happened.
        if cued or (len(_NUMBER.findall(date)) >= 2 and _born_then(date)):
            yield "BIRTH_DATE", m.start(), m.end()
