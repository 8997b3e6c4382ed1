"""Dates written the local way, which patterns.DATE does not read: month names of Thai, Khmer, Burmese and Nepali
(Bikram Sambat too), a Korean two-digit year, dates in kana.

"5 พ.ค. 2536", "ថ្ងៃទី 5 ខែឧសភា ឆ្នាំ1993", "1993 ခုနှစ် မေလ 5 ရက်", "2050 साल जेठ 22 गते", "93년 5월 5일",
"1993ねん 5がつ 5にち". Digits are ASCII already (normalise). Each is matched where a number starts.
"""

from __future__ import annotations

import re

_THAI_MONTHS_SHORT = "|".join(
    re.escape(m)
    for m in ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
)
_KHMER_MONTHS = "មករា|កុម្ភៈ|កុម្ភះ|មីនា|មេសា|ឧសភា|មិថុនា|កក្កដា|សីហា|កញ្ញា|តុលា|វិច្ឆិកា|ធ្នូ"
_BURMESE_MONTHS = "ဇန်နဝါရီ|ဖေဖော်ဝါရီ|မတ်|ဧပြီ|မေ|ဇွန်|ဇူလိုင်|ဩဂုတ်|ဪဂုတ်|သြဂုတ်|စက်တင်ဘာ|အောက်တိုဘာ|နိုဝင်ဘာ|ဒီဇင်ဘာ"
_NEPALI_MONTHS = (
    "बैशाख|वैशाख|बैसाख|जेठ|जेष्ठ|असार|आषाढ|साउन|श्रावण|भदौ|भाद्र|असोज|आश्विन|कात्तिक|कार्तिक|मंसिर|मङ्सिर|मार्ग|"
    "पुस|पौष|माघ|फागुन|फाल्गुन|चैत|चैत्र|जनवरी|फेब्रुअरी|मार्च|अप्रिल|मे|जुन|जुलाई|अगस्ट|सेप्टेम्बर|अक्टोबर|नोभेम्बर|डिसेम्बर"
)
_SINHALA_MONTHS = "ජනවාරි|පෙබරවාරි|මාර්තු|අප්‍රේල්|අප්රේල්|මැයි|ජූනි|ජූලි|අගෝස්තු|සැප්තැම්බර්|ඔක්තෝබර්|නොවැම්බර්|දෙසැම්බර්"
_YEAR = r"(?:19|20|25)\d{2}"

LOCAL_DATE = re.compile(
    r"(?:"
    # Thai: "5 พ.ค. 2536", "5 พ.ค. 36"
    rf"\d{{1,2}}\s?(?:{_THAI_MONTHS_SHORT})\s?(?:{_YEAR}|\d{{2}})"
    # Khmer: "5 ខែឧសភា ឆ្នាំ1993", "5 ខែ5 ឆ្នាំ1993"
    rf"|\d{{1,2}}\s?ខែ\s?(?:{_KHMER_MONTHS}|\d{{1,2}})\s?,?\s?(?:ឆ្នាំ\s?)?{_YEAR}"
    # Burmese: "1993 ခုနှစ် မေလ 5 ရက်", "5 ရက် မေလ 1993"
    rf"|{_YEAR}\s?(?:ခုနှစ်)?[\s,၊]*(?:{_BURMESE_MONTHS})(?:လ)?\s?\d{{1,2}}(?:\s?ရက်(?:နေ့)?)?"
    rf"|\d{{1,2}}\s?(?:ရက်(?:နေ့)?)?[\s,၊]*(?:{_BURMESE_MONTHS})(?:လ)?[\s,၊]*{_YEAR}"
    # Nepali, Bikram Sambat or Gregorian: "2050 साल जेठ 22 गते", "22 जेठ 2050"
    rf"|{_YEAR}\s?(?:साल(?:को)?|/|-|,)?\s?(?:{_NEPALI_MONTHS})(?:\s?महिना(?:को)?)?\s?\d{{1,2}}(?:\s?गते)?"
    rf"|\d{{1,2}}\s?(?:गते)?\s?(?:{_NEPALI_MONTHS})\s?,?\s?{_YEAR}"
    # Sinhala: "1993 මැයි 5", "5 මැයි 1993"
    rf"|{_YEAR}\s?(?:{_SINHALA_MONTHS})\s?\d{{1,2}}|\d{{1,2}}\s?(?:{_SINHALA_MONTHS})\s?{_YEAR}"
    # Korean with a two-digit year: "93년 5월 5일"
    r"|\d{2}\s?년\s?\d{1,2}\s?월\s?\d{1,2}\s?일"
    # kana: "1993ねん 5がつ 5にち", "5がつ5にち 1993ねん", "(へいせい) 11ねん 7がつ 7にち"
    r"|\d{1,2}\s?ねん\s?\d{1,2}\s?がつ\s?\d{1,2}\s?にち"
    rf"|{_YEAR}\s?ねん\s?\d{{1,2}}\s?がつ\s?\d{{1,2}}\s?にち"
    rf"|\d{{1,2}}\s?がつ\s?\d{{1,2}}\s?にち(?:\s?,?\s?{_YEAR}\s?ねん)?"
    r")(?!\d)"
)
# A message that holds none of these holds no local date: one search, then LOCAL_DATE is not tried.
LOCAL_DATE_HINT = re.compile(
    rf"(?:{_THAI_MONTHS_SHORT})|ខែ|ခုနှစ်|ရက်|(?:{_BURMESE_MONTHS})လ|साल|गते|(?:{_NEPALI_MONTHS})|(?:{_SINHALA_MONTHS})|"
    r"\d\s?년|がつ"
)
# The months of Bikram Sambat, by which a Nepali year like 2050 is a year of that calendar.
NEPALI_MONTH = re.compile(
    "बैशाख|वैशाख|बैसाख|जेठ|जेष्ठ|असार|आषाढ|साउन|श्रावण|भदौ|भाद्र|असोज|आश्विन|कात्तिक|कार्तिक|मंसिर|मङ्सिर|मार्ग|पुस|पौष|माघ|"
    "फागुन|फाल्गुन|चैत|चैत्र"
)

_MONTH_WORDS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "janeiro|fevereiro|março|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|"
    "enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|noviembre|diciembre|"
    "januari|februari|maret|mei|juni|juli|agustus|oktober|desember|"
    "enero|pebrero|marso|abril|mayo|hunyo|hulyo|agosto|setyembre|oktubre|nobyembre|disyembre"
)
# Part of a date of birth, said right after its cue: a day and a month. "birthday is March 5", "nasci em 5 de maio",
# "誕生日は5月5日".
PARTIAL_BIRTH_AFTER_CUE = re.compile(
    r"[\s:：,.は是]*(?:(?:is|é|es|là|ay|ko|na|noong|em|no|on|el|dia|ngày|ngay|tanggal|tgl|de|in|năm|nam|of|the|"
    r"ปี|ที่|วันที่|ថ្ងៃទី|ឆ្នាំ|में|मा)[\s:,]*)*"
    r"(?P<date>"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s?(?:de\s)?(?:{_MONTH_WORDS})\b"
    rf"|(?:{_MONTH_WORDS})\s\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\d{1,2}\s?tháng\s?\d{1,2}"
    r"|\d{1,2}\s?月\s?\d{1,2}\s?日|\d{1,2}\s?월\s?\d{1,2}\s?일|\d{1,2}\s?がつ\s?\d{1,2}\s?にち"
    r"|\d{1,2}/\d{1,2}(?![/\d])"
    r")"
)
# A word for "day" or an era written before a date, which goes with it: "ngày 17 tháng 6", "tgl 1 Mei 2001",
# "ថ្ងៃទី12", "へいせい 11ねん".
DAY_WORD_BEFORE = re.compile(
    r"(?:ngày|ngay|tgl\.?|tanggal|ថ្ងៃទី|วันที่|noong|dia|el|しょうわ|へいせい|れいわ|昭和|平成|令和)[ \t]?$"
)
