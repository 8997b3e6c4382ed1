from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.scrub_eval.generate import cpf, generate, my_number
from bench.scrub_eval.sets import HANDWRITTEN_DEV_PATH, generated_cases, handwritten_cases
from storage.scrubber import (
    ENTITY_KINDS,
    Finding,
    ScrubFailed,
    find_personal_data,
    normalise,
    scrub_or_none,
    scrub_personal_data,
)
from tests.storage.scrub_measure import CASES_PATH, Case, load_cases, measure

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


# ---------------------------------------------------------------- the independent sets


@pytest.mark.parametrize(
    ("name", "cases"),
    [
        ("generated held-out split", lambda: generated_cases("heldout")),
        ("generated dev split", lambda: generated_cases("dev")),
        ("hand-written dev set", lambda: handwritten_cases(HANDWRITTEN_DEV_PATH)),
    ],
)
def test_recall_and_facts_kept_on_messages_the_rules_were_not_written_against(
    name: str, cases: Callable[[], list[Case]]
) -> None:
    report = measure(cases())
    missed = [(m.lang, m.kind, m.value) for m in report.missed]
    lost = [(m.lang, m.kind, m.value) for m in report.lost_facts]
    assert report.recall.rate >= 0.98, (name, missed)
    assert report.facts.rate >= 0.95, (name, lost)


def test_the_hand_written_held_out_set_does_not_regress() -> None:
    # Never tuned on; its recall target is 0.98 like the others, not yet reached (see bench.scrub). The recall
    # floor is what it measures now (0.969) less a small margin, so a change that loses ground there fails the build.
    report = measure(handwritten_cases())
    assert report.recall.rate >= 0.96
    assert report.facts.rate >= 0.95


def test_the_independent_sets_are_big_enough_and_cover_every_language() -> None:
    generated = generate("heldout")
    handwritten = handwritten_cases()
    assert len(generated) >= 600
    assert len(handwritten) >= 100
    assert {m.lang for m in generated} == LANGUAGES
    assert {c.lang for c in handwritten} == LANGUAGES
    # Every labelled span of a generated message is where its label says.
    for message in generated:
        for span in message.spans:
            assert 0 <= span.start < span.end <= len(message.text)


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


# ---------------------------------------------------------------- the defects of issue 16


@pytest.mark.parametrize(
    ("text", "surname"),
    [
        ("My boss Tanaka did not pay me for March and Suzuki says it is normal", "Tanaka"),
        ("Tanaka never pays overtime and shouts at us", "Tanaka"),
        ("Em làm ở xưởng, Yamamoto bắt em làm 14 tiếng một ngày", "Yamamoto"),
        ("ថៅកែ Watanabe មិនបើកប្រាក់ខែ", "Watanabe"),
        ("Takahashi não pagou as horas extras, disse que a culpa é minha", "Takahashi"),
        ("O Kobayashi gritou comigo de novo", "Kobayashi"),
        ("Ito yelled at me in front of everybody", "Ito"),
        # Kunrei-shiki, as some Japanese still type their names: Matsumoto, Fukuda.
        ("pls help, Matumoto from the agency wants 50000 yen", "Matumoto"),
        ("Now Hukuda says he will not pay my last salary", "Hukuda"),
        # Hangul, as Koreans write Japanese names.
        ("반장 마츠다가 한국 사람한테만 소리를 질러요", "마츠다"),
        ("점장 야마시타한테 성희롱을 당했어요", "야마시타"),
        ("니시카와가 월급을 3개월째 안 주고 있어요", "니시카와"),
        # A surname MeCab reads as a town or a shop, said as a person.
        ("前の会社の松本からまだ最後の給料をもらっていません", "松本"),
        ("しゃちょうは 丸井 です。きゅうりょうが ありません", "丸井"),
        ("我在丰田市住。小野社长说如果我辞职就要赔50万日元", "小野"),
    ],
)
def test_a_japanese_surname_alone_is_removed_in_any_language(text: str, surname: str) -> None:
    scrubbed = scrub_personal_data(text)
    assert surname not in scrubbed
    assert "[NAME]" in scrubbed


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # The article before a first name, as Brazilians and Andeans say it.
        ("o Dani e eu trabalhamos na mesma empresa em Isesaki", "Dani"),
        ("Oi, o Thiago e a Paula estão sem receber desde outubro", "Paula"),
        ("buenas, la Maricel y yo limpiamos en un hotel", "Maricel"),
        # Words of address before a first name, with or without accents.
        ("chi Hạnh ơi, cho em hỏi về lương", "Hạnh"),
        ("Kak Yuni bilang gaji belum dibayar", "Yuni"),
        ("Hỏi giúp em, thằng Tuấn bị đánh ở xưởng", "Tuấn"),
        # Japanese given names named with a sure one.
        ("os meninos Ryota e Sho bateram nele na escola", "Sho"),
        # Nepali marks who does something with ले.
        ("कम्पनी Nishikawa Shoji को Nishikawa ले नवीकरण गर्न मद्दत गर्दैन", "Nishikawa"),
        ("やまもと けんじ という ひとが、3まんえん とりました", "けんじ"),
        # Easy Japanese writes names in hiragana.
        ("こうじょうで はたらいて います。たなかが まいにち わたしに おこります", "たなか"),
        ("わたしの じょうしは さいとう です。さいとうは パスポートを もって います", "さいとう"),
        ("きのう しゃちょうの むすこ、 やまだ たろう が わたしを けりました", "たろう"),
        ("打工的便利店店长佐野经常不给我休息", "佐野"),
        # A role word of the writer's language before a surname that is also a prefecture; Ken is a man here.
        ("មេការ Yamaguchi វាយខ្ញុំ។ ខ្ញុំនៅ Toyohashi", "Yamaguchi"),
        ("Kobayashi Kogyo မှာ Kobayashi Ken က ကျွန်မကို ထိတယ်", "Ken"),
        ("ကျွန်တော့် ဇနီး ခင်ခင်ဝင်း ကို ဆေးရုံ မသွားခိုင်းဘူး", "ခင်ခင်ဝင်း"),
        ("ខ្ញុំធ្វើការនៅ Ibaraki។ បងស្រី ស្រីពៅ ត្រូវគេវាយ", "ស្រីពៅ"),
    ],
)
def test_people_named_the_way_family_friends_and_coworkers_name_them(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "Moro no Japao desde 2019 e a Prefeitura mandou uma carta",
        "Vivo en el Perú y la Embajada no contesta",
        "I work at a Nissan parts factory in Kariya",
        "きのう しゃちょうの むすこが わたしを けりました",
    ],
)
def test_articles_and_address_words_alone_make_no_name(text: str) -> None:
    assert "[NAME]" not in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The manager Hiroshi Yamada took my passport", "Hiroshi Yamada"),
        ("chủ nhà Sato Kenji đòi tiền", "Sato Kenji"),
        ("山田太郎が給料を払いません", "山田太郎"),
        ("社長の佐藤健一から毎日どなられています", "佐藤健一"),
        ("Công ty của 田中浩 không trả lương", "田中浩"),
        ("파견회사 담당자 이노우에 유키가 계약서를 안 보여줘요", "이노우에 유키"),
        # Chinese writes a Japanese name in simplified characters.
        ("农场主是宫本。他儿子宫本大辉都对我们很凶", "宫本大辉"),
        ("房东是一个姓森田的老人", "森田"),
    ],
)
def test_japanese_full_names_without_a_cue_are_removed(text: str, name: str) -> None:
    scrubbed = scrub_personal_data(text)
    assert name.split()[0] not in scrubbed
    assert name.split()[-1] not in scrubbed


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("ひまわり農園で働いています", "ひまわり"),
        ("わたしは はなまる介護 で はたらいています", "はなまる"),
        ("Em làm ở マルヤマ工業, lương 15万円", "マルヤマ"),
        ("trabalho na Maruyama Kogyo desde 2022", "Maruyama"),
        ("我在丸山运输上班", "丸山"),
        ("회사 다카하시 건설에서 산재 처리를 안 해 줘요", "다카하시"),
        ("I am a caregiver at Himawari no Sato nursing home in Ota", "Himawari"),
        ("A imobiliária é a Hoshi Fudousan em Toyota", "Hoshi"),
        ("管理会社はミナミ住宅です", "ミナミ"),
    ],
)
def test_small_company_names_in_kana_kanji_and_romaji_are_removed(text: str, company: str) -> None:
    scrubbed = scrub_personal_data(text)
    assert company not in scrubbed
    assert "[EMPLOYER]" in scrubbed


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("I quit Sunrise Plastics Co., Ltd. in May", "Ltd"),
        ("Nagtrabaho ako sa Golden Harvest Manpower dati", "Harvest"),
        ("Green Leaf Bento pays us late", "Leaf"),
        ("Toyota Boshoku pays well but I live in Toyota city", "Boshoku"),
        ("わたしは ことぶきしょくひん で はたらいて います", "ことぶき"),
        ("かいしゃ は あおば けんせつ です", "あおば"),
        ("회사는 마쓰다 공업에서 일해요", "공업"),
    ],
)
def test_companies_named_by_a_trade_word_are_removed_whole(text: str, company: str) -> None:
    scrubbed = scrub_personal_data(text)
    assert company not in scrubbed
    assert "[EMPLOYER]" in scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "へやの でんき が つきません",
        "れいとう しょくひん の こうじょう で はたらいて います",
        "I eat bento and we need manpower",
    ],
)
def test_trade_words_alone_are_not_companies(text: str) -> None:
    assert scrub_personal_data(text) == text


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("I live in Toyota city and work in a parts factory", "Toyota"),
        ("Toyota Boshoku pays well but I live in Toyota city", "Toyota city"),
        ("moro em Ota, Gunma, e trabalho numa fábrica", "Ota"),
        ("Em sống ở Isesaki, làm ở nhà máy", "Isesaki"),
        ("太田市の工場で働いています", "太田市"),
        ("豊田市に住んでいます", "豊田市"),
        ("ខ្ញុំនៅ Kani Gifu", "Kani"),
        ("nakatira ako sa Oizumi-machi, Gunma", "Oizumi-machi"),
        ("오타에 사는 유학생입니다", "오타"),
        ("후쿠시마는 추워요", "후쿠시마"),
        ("남편이 후지사와의 건설 현장에서 다쳤어요", "후지사와"),
        ("わたしは 千葉けんの 市原 に すんで います", "千葉けん"),
        ("わたしは はままつ の こうじょうで はたらいて います", "はままつ"),
        ("いま いせさき市で はたらいています", "いせさき市"),
        ("I moved to Saitama-ken last year", "Saitama-ken"),
        ("สวัสดีค่ะ ทำงานโรงงานอาหารที่ไอจิ หัวหน้าไม่จ่ายเงิน", "ไอจิ"),
        ("我老公在横滨的工地受伤了", "横滨"),
        ("我在松本的工厂上班", "松本"),
    ],
)
def test_municipalities_that_are_also_surnames_stay_as_places(text: str, place: str) -> None:
    assert place in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A city known as a city first needs no word of place.
        ("My cousin works at Kasugai now, the pay is low", "Kasugai"),
        # A town that is also a common surname, said as a place by the words around it.
        ("Toi lam o xuong Kasugai, ong Suzuki khong tra luong", "Kasugai"),
        ("Saya kerja di pabrik Kashiwa, bos Tanaka marah terus", "Kashiwa"),
        ("Em nhận lương ở chi nhánh Ichikawa của ngân hàng", "Ichikawa"),
        ("Nasa Fujisawa ako ngayon, si Tanaka ang amo ko", "Fujisawa"),
        ("मेरो छोरा Fujisawa को school मा पढ्छ", "Fujisawa"),
        ("මගේ පුතා Fujisawa පාසලේ ඉගෙන ගන්නවා", "Fujisawa"),
        ("မနေ့က Fujisawa မှာပါ", "Fujisawa"),
        ("บ้านฉันอยู่ใกล้สถานี Higashi-Ikebukuro ค่ะ", "Higashi-Ikebukuro"),
        # A city abroad, where the caller comes from.
        ("Dati nagbayad ako sa agency sa Davao ng 80k", "Davao"),
    ],
)
def test_towns_in_latin_script_stay_in_any_language(text: str, place: str) -> None:
    assert place in scrub_personal_data(text)


@pytest.mark.parametrize(
    "text",
    ["Kasugai-san did not pay me", "my boss Kashiwa shouts at me", "the supervisor is Kasugai Hiroshi"],
)
def test_a_city_name_is_a_person_with_an_honorific_a_role_or_a_given_name(text: str) -> None:
    scrubbed = scrub_personal_data(text)
    assert "Kasugai" not in scrubbed
    assert "Kashiwa" not in scrubbed
    assert "[NAME]" in scrubbed


def test_a_surname_that_is_also_a_town_is_a_person_when_said_as_one() -> None:
    scrubbed = scrub_personal_data("I live in Ota. Ota-san, my boss, did not pay me")
    assert scrubbed.startswith("I live in Ota.")
    assert "[NAME]" in scrubbed


def test_an_amount_after_the_word_passport_stays_an_amount() -> None:
    text = "Ông chủ giữ hộ chiếu của em và nói nếu em bỏ trốn thì phải trả 300000 yên"
    assert "300000 yên" in scrub_personal_data(text)


@pytest.mark.parametrize(
    "amount",
    ["250000 yen", "250000円", "25万円", "R$ 3000", "3 triệu đồng", "80000 ienes", "120000 yenes", "45000 យ៉េន"],
)
def test_amounts_without_thousands_separators_stay(amount: str) -> None:
    text = f"The company owes me {amount} since 2024/3/10, number 090-1234-5678"
    scrubbed = scrub_personal_data(text)
    assert amount in scrubbed
    assert "[PHONE]" in scrubbed


def test_a_my_number_is_found_by_its_check_digit_without_any_cue() -> None:
    rng = random.Random(16)
    for _ in range(20):
        number = my_number(rng)
        scrubbed = scrub_personal_data(f"the code is {number} thanks")
        assert scrubbed == "the code is [MY_NUMBER] thanks"
    # The same digits with a wrong check digit are still removed, but not called a My Number.
    assert scrub_personal_data("the code is 6214 9832 0258 thanks") == "the code is [PHONE] thanks"


def test_a_cpf_is_found_by_its_check_digits() -> None:
    rng = random.Random(11)
    for _ in range(20):
        number = cpf(rng)
        assert kinds_in(f"meu documento {number}") == {"FOREIGN_ID"}, number
    assert kinds_in("meu documento 05673434139") == {"PHONE"}  # wrong check digit: removed, not a CPF


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("〒370-0523 群馬県邑楽郡大泉町吉田1102-3 に住んでいます", ["370-0523", "吉田1102-3"], ["群馬県"]),
        ("住所は愛知県豊田市若宮町2-15 サクラハイツ203号室です", ["若宮町", "2-15", "203"], ["愛知県豊田市"]),
        ("I live at 2-15-3 Wakaba-cho, Isesaki-shi 372-0045", ["2-15-3", "Wakaba", "372-0045"], ["Isesaki-shi"]),
        ("Alamat saya 3-chome 5-12 Minami, Toyohashi-shi", ["5-12", "Minami"], ["Toyohashi-shi"]),
    ],
)
def test_postal_codes_and_street_addresses_are_removed_down_to_the_municipality(
    text: str, gone: list[str], kept: list[str]
) -> None:
    scrubbed = scrub_personal_data(text)
    for piece in gone:
        assert piece not in scrubbed, scrubbed
    for piece in kept:
        assert piece in scrubbed, scrubbed


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Moro em Hamamatsu, Sakura Haitsu 201, não tenho fiador", ["Sakura", "Haitsu", "201"], ["Hamamatsu"]),
        ("the landlord of Maison Omiya 402 keeps my deposit of 80000 yen", ["Omiya", "402"], ["80000 yen"]),
        ("Em ở Oizumi, phòng 203, ký túc xá của công ty, 2 người một phòng", ["203"], ["Oizumi", "2 người"]),
        ("大家さんがコーポみどり102号室の鍵を替えました", ["みどり", "102"], []),
        ("저는 사쿠라 하이츠 201호에 살아요", ["사쿠라", "201"], []),
        ("すんでいる ところは 2ちょうめ 15の3 です", ["15の3"], []),
        ("em ở 3丁目5-12 Motomachi, Oizumi", ["丁目", "5-12", "Motomachi"], ["Oizumi"]),
        ("บ้านเลขที่ 4-3-11 ใกล้สถานี", ["4-3-11"], []),
    ],
)
def test_buildings_rooms_and_blocks_are_removed_without_a_cue_word(text: str, gone: list[str], kept: list[str]) -> None:
    scrubbed = scrub_personal_data(text)
    for piece in gone:
        assert piece not in scrubbed, scrubbed
    for piece in kept:
        assert piece in scrubbed, scrubbed


def test_a_date_with_a_full_year_stays_a_date_not_a_block() -> None:
    assert "12-05-2023" in scrub_personal_data("I was fired on 12-05-2023 without notice")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("วันเดือนปีเกิด 5 พ.ค. 2536", "5 พ.ค. 2536"),
        ("ខ្ញុំកើតថ្ងៃទី ៥ ខែឧសភា ឆ្នាំ១៩៩៣", "5 ខែឧសភា ឆ្នាំ1993"),
        ("ကျွန်တော် ၁၉၉၃ ခုနှစ် မေလ ၅ ရက်နေ့ မွေးတယ်", "1993 ခုနှစ် မေလ 5 ရက်နေ့"),
        ("मेरो जन्म मिति २०५० साल जेठ २२ गते हो", "2050 साल जेठ 22 गते"),
        ("저는 93년 5월 5일생입니다", "93년 5월 5일"),
        ("わたしの たんじょうびは 1993ねん 5がつ 5にち です", "1993ねん 5がつ 5にち"),
        ("ela nasceu em 03/05/2014, tem 11 anos", "03/05/2014"),
        ("my birthday is March 5, please call", "March 5"),
    ],
)
def test_a_date_of_birth_is_removed_in_the_local_calendar_and_month_names(text: str, date: str) -> None:
    scrubbed = scrub_personal_data(text)
    assert "[BIRTH_DATE]" in scrubbed, scrubbed
    assert date not in scrubbed


def test_a_year_of_birth_alone_stays_as_an_age() -> None:
    assert "2001" in scrub_personal_data("Em sinh năm 2001, đang ở Gifu")


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("my ig is hung.vn92 and tiktok hungvn", "hungvn"),
        ("ig saya dewi_lestari, tolong follow", "dewi_lestari"),
        ("តេឡេក្រាម sokha_kh", "sokha_kh"),
        ("페이스북 아이디는 jimin_park 입니다", "jimin_park"),
        ("me chama no zap ana_souza", "ana_souza"),
        ("らいん の あいでぃー は tanaka123 です", "tanaka123"),
        ("เฟซบุ๊กของฉันชื่อ Somchai Jaidee", "Somchai"),
    ],
)
def test_an_account_after_an_app_named_in_any_language_is_removed(text: str, account: str) -> None:
    assert account not in scrub_personal_data(text)


def test_a_common_word_after_an_app_is_not_an_account() -> None:
    assert scrub_personal_data("I talked on tiktok about overtime") == "I talked on tiktok about overtime"


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("I have been working for Green Leaf since April", "Green Leaf"),
        ("nagtatrabaho ako sa Hikari Home bilang caregiver", "Hikari"),
        ("em làm việc cho nhà máy Sunrise, chủ không trả lương", "Sunrise"),
        ("ฉันทำงานที่ร้านอาหาร Sakura มา 2 ปี", "Sakura"),
        ("ကျွန်တော် Sunrise စက်ရုံမှာ အလုပ်လုပ်တယ်", "Sunrise"),
        ("म Green Leaf भन्ने कम्पनीमा काम गर्छु", "Green Leaf"),
        ("フレッシュデリカ東海で働いています", "フレッシュデリカ"),
        ("あおぞらの里という施設で介護をしています", "あおぞらの里"),
    ],
)
def test_a_workplace_without_a_trade_word_is_removed_where_work_is_said(text: str, firm: str) -> None:
    assert firm not in scrub_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "saya kerja di Jepang sudah 3 tahun",
        "trabalho no Japão há 5 anos",
        "em làm việc tại Hamamatsu",
        "Toyota मा काम गर्छु",
        "コンビニで働いています",
        "パン工場で働いています",
        "東京で働いています",
    ],
)
def test_where_someone_works_a_country_a_town_or_a_kind_of_workplace_stays(text: str) -> None:
    assert scrub_personal_data(text) == normalise(text)


@pytest.mark.parametrize(
    "text",
    ["我住在川口", "我在太田工作", "太田で働いています", "ฉันทำงานที่โรงงานในโอตะ จังหวัดกุนมะ", "ทำงานที่บริษัทในโตเกียว"],
)
def test_a_town_that_is_also_a_surname_stays_where_chinese_or_thai_say_where(text: str) -> None:
    assert scrub_personal_data(text) == normalise(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("អ្នកបកប្រែ សាតូ នៅសហជីព ប្រាប់ថា", "សាតូ"),
        ("សួរ កូបាយ៉ាស៊ី ក៏គាត់និយាយដូចគ្នា", "កូបាយ៉ាស៊ី"),
        ("เจ้าของบ้าน ซาโต้ จะไล่ออก", "ซาโต้"),
        ("ဆာတို က ခဏခဏ အော်တယ်", "ဆာတို"),
        ("සාටෝ කියනවා rosai දාන්න එපා කියලා", "සාටෝ"),
    ],
)
def test_a_short_japanese_surname_in_a_local_script_is_removed_when_said_to_act(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


@pytest.mark.parametrize("text", ["ខ្ញុំរស់នៅតូក្យូ", "ខ្ញុំធ្វើការនៅអូសាកា", "Osaka က လာတယ်"])
def test_a_town_in_khmer_or_before_a_burmese_from_stays(text: str) -> None:
    assert scrub_personal_data(text) == normalise(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ラジュのFacebookは Raju Gurung Tokyo です", "Tokyo"),
        ("Facebook: Thida Win Japan, Viber で連絡して", "Japan"),
        ("facebook ma Anjali Shrestha Japan bhanera khojnu", "Shrestha"),
        ("หรือเฟส วิไลวรรณ เจแปน", "วิไลวรรณ"),
    ],
)
def test_the_name_an_account_shows_goes_whole_with_its_town_or_country(text: str, shown: str) -> None:
    assert shown not in scrub_personal_data(text)


def test_words_after_a_line_cue_are_not_taken_for_a_shown_name() -> None:
    scrubbed = scrub_personal_data("แอดไลน์มาได้ค่ะ ไอดี wilai_jp2540")
    assert "มาได้ค่ะ" in scrubbed
    assert "wilai" not in scrubbed


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("住所は 愛知県岡崎市 羽根町 3-15 ハイツ緑 2F です", ["羽根町", "3-15", "ハイツ緑"], ["愛知県岡崎市"]),
        ("いえ は なかざわちょう 1-14-3 メゾンなかざわ 205 です", ["なかざわちょう", "1-14-3", "205"], []),
        ("わたしの じゅうしょ は ぐんまけん おおいずみまち 1-2-3 です", ["1-2-3"], ["ぐんまけん", "おおいずみまち"]),
        ("群馬県 大泉町 1-2-3 に住んでいます", ["1-2-3"], ["大泉町"]),
        ("ele morava em Hirokoji-cho 1218-5, apto 2", ["Hirokoji", "1218-5", "apto 2"], []),
        ("bahay namin 3-2-5 Nakaura, room 8, bigay ng company", ["Nakaura", "room 8"], []),
    ],
)
def test_a_street_written_apart_and_a_room_after_the_block_go_with_the_address(
    text: str, gone: list[str], kept: list[str]
) -> None:
    scrubbed = scrub_personal_data(text)
    for piece in gone:
        assert piece not in scrubbed, scrubbed
    for piece in kept:
        assert piece in scrubbed, scrubbed


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("10月20号在工厂被机器压伤了手", "10月20号"),
        ("我朋友张伟昨天在池袋被警察抓了", "昨天"),
        ("宿舍地址：三重県四日市市 富田 2丁目 5-18 寮A棟 105室，公司每月扣 35000 日元房租", "35000 日元"),
        ("친구가 시나가와 입관으로 갔다는데 면회 어떻게 해요?", "시나가와"),
        ("가와사키에 살아요", "가와사키"),
        ("ยืมเงินนายหน้าที่อุดรมา 2 แสนบาท", "อุดร"),
        ("health insurance bill came. city hall Matsumoto says pay", "Matsumoto"),
        ("la municipalidad de Kawaguchi dice que igual pago", "Kawaguchi"),
        ("DOB 1991-07-23, address 3-5-12 Nishiki Naka-ku Nagoya 460-0003", "Nagoya"),
    ],
)
def test_dates_amounts_and_towns_beside_personal_data_stay(text: str, fact: str) -> None:
    assert normalise(fact) in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("นิ้วโดนเครื่องตัดที่บริษัท ซันวะ เซโกะ หัวหน้าบอกว่า", "เซโกะ"),
        ("ក្រុមហ៊ុន មារូយ៉ាម៉ា កូហ្គ្យូ មិនព្រមបង់ថ្លៃពេទ្យ", "មារូយ៉ាម៉ា"),
        ("मारुई डेन्की को मानेजर ले भन्यो", "मारुई"),
        ("Fresh Delica bhanne bento factory ma kaam garchu", "Delica"),
        ("Everest Kitchen मा कुक को काम गर्छु", "Everest"),
        ("公司（株式会社 ヒロセ）说不给办劳灾", "株式会社"),
        ("회사(주식회사 코스모케어)에서 그만두라고 해요", "주식회사"),
    ],
)
def test_a_firm_with_a_japanese_trade_word_in_a_local_script_or_its_legal_form_goes_whole(text: str, firm: str) -> None:
    assert firm not in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("tài khoản ngân hàng 1234567 tên DO THI MAI, sinh 1995", "MAI"),
        ("계좌는 유초은행 1234567, 예금주 LEE SUJIN 이에요", "SUJIN"),
        ("vivo en Oizumi con mis dos hijos Mateo y Valeria", "Valeria"),
        ("tô devendo 300 mil pro Cleber, ele que arrumou o emprego", "Cleber"),
        ("bhai Suman lai police le samatyo", "Suman"),
        ("제 정보입니다. 이수진, 1995년 3월 2일생", "이수진"),
        ("엄마 정미숙, 1960년 생이신데", "정미숙"),
        ("친구 민호가 어제 잡혔어요", "민호"),
        ("我妈妈赵秀英,出生日期 1960年5月5日", "赵秀英"),
    ],
)
def test_family_and_names_as_forms_print_them_are_removed(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "I paid 50000 JPY at the ATM in TOKYO JAPAN",
        "주민세 8만 3천엔 고지서가 왔는데",
        "vou pro Japão ano que vem",
        "meu filho vai pra escola em Hamamatsu",
    ],
)
def test_capitals_korean_words_and_countries_after_a_family_word_stay(text: str) -> None:
    assert scrub_personal_data(text) == normalise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Em sinh ngày 17 tháng 6 năm 2000. CCCD 012345678901", "ngày"),
        ("nacimiento de mi hija Sofía: 2019/06/30, nacio en Hamamatsu", "2019/06/30"),
        ("たんじょうび は へいせい 11ねん 7がつ 7にち です", "へいせい"),
        ("子どもの さくら と一緒に逃げたいです", "さくら"),
        ("我和儿子小宇住在大阪", "小宇"),
        ("उनको कम्पनी サンライズ フーズ ले काम छोड भन्यो", "サンライズ"),
        ("신오쿠보 한식당 '서울포차'에서 일하는데", "서울포차"),
        ("nghiệp đoàn Chubu Kyodo ko cho em chuyển việc", "Chubu"),
        ("သမီး နန်းဆု 3နှစ် ရှိပြီ", "နန်းဆု"),
    ],
)
def test_a_date_of_birth_with_its_day_word_a_child_and_a_workplace_named_once_are_removed(text: str, gone: str) -> None:
    assert gone not in scrub_personal_data(text)


def test_a_date_that_is_no_birth_and_a_childs_school_stay() -> None:
    assert "2019/06/30" in scrub_personal_data("I came to Japan on 2019/06/30 and my birthday is soon")
    assert scrub_personal_data("子どもの 学校 は 浜松 です") == "子どもの 学校 は 浜松 です"


@pytest.mark.parametrize(
    "text",
    [
        "太田 の こうじょう で はたらいて います",
        "川口 に すんで います",
        "わたしは ブラジルじん です。 オオイズミ に すんでいます",
        "かいしゃは おかざきに あります",
    ],
)
def test_a_town_in_easy_japanese_stays_with_a_space_before_its_particle(text: str) -> None:
    assert scrub_personal_data(text) == normalise(text)


def test_a_surname_before_desu_in_easy_japanese_is_still_a_person() -> None:
    assert "佐久間" not in scrub_personal_data("しせつちょうは 佐久間 です。")


@pytest.mark.parametrize(
    "text",
    [
        "මම Isesaki ඉඳන් Tokyo ගියා",
        "Isesaki ကနေ Oizumi ကို ပြောင်းမယ်",
        "taga-Isesaki ako",
        "Toyota වල factory එකේ වැඩ කරනවා",
    ],
)
def test_a_town_before_a_postposition_of_from_or_to_stays(text: str) -> None:
    assert scrub_personal_data(text) == normalise(text)


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("다나카 푸즈에서 일해요", "푸즈"),
        ("我在一家叫樱花的工厂上班", "樱花"),
        ("ケアホームひまわりで働いています", "ひまわり"),
        ("介護施設ひまわり苑の施設長", "ひまわり"),
        ("あおぞらの里で働いています", "あおぞら"),
    ],
)
def test_a_care_home_named_in_kana_and_a_firm_called_so_are_removed(text: str, firm: str) -> None:
    assert firm not in scrub_personal_data(text)


@pytest.mark.parametrize("text", ["こうえん で あそびます", "保育園に子どもを預けています", "ようちえん の せんせい"])
def test_a_park_or_a_nursery_is_no_workplace_name(text: str) -> None:
    assert scrub_personal_data(text) == normalise(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my facebook name is maria.santos.92", "santos"),
        ("Facebook မှာ Aung Aung လို့ရှာပါ", "Aung"),
        ("LINEの名前は「ゆうき」です", "ゆうき"),
    ],
)
def test_an_account_after_a_word_for_name_or_where_to_search_is_removed(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


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


# ---------------------------------------------------------------- words of kinship and address as cues


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("พี่วิชัยกับผมโดนไล่ออกจากโรงงาน", "วิชัย"),  # Thai: elder brother Wichai, glued to the next word
        ("น้องแก้วบอกว่านายจ้างไม่จ่าย", "แก้ว"),
        ("ကိုမင်းထက် နဲ့ အတူ အလုပ်လုပ်တယ်", "မင်းထက်"),  # Burmese: Ko Min Htet
        ("ဒေါ်မြင့်မြင့် က ပြောတယ်", "မြင့်မြင့်"),
        ("රුවන් අයියා එක්ක වැඩ කරනවා", "රුවන්"),  # Sinhala: brother Ruwan
        ("Dilani akka kiwwa mata", "Dilani"),  # romanised Sinhala
        ("Prakash dai sanga kaam garchhu", "Prakash"),  # romanised Nepali
        ("hami lai Gurung le pisa diyena", "Gurung"),  # romanised Nepali: the doer marked with le
        ("ខ្ញុំនិង បង Vanna ធ្វើការជាមួយគ្នា", "Vanna"),  # Khmer: elder Vanna, in Latin letters
        ("em với con Hằng bị trừ lương", "Hằng"),  # Vietnamese
    ],
)
def test_a_name_after_or_before_a_word_of_kinship_is_removed(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "พี่ครับ ผมโดนหักเงิน 20000 เยน",  # "elder brother" as "you": no name follows
        "พี่น้องของผมทำงานที่ Aichi",  # "siblings"
        "ကိုယ့်ဘာသာ လုပ်ရတယ်",  # Burmese "oneself"
        "මගේ අයියා Gunma වල ඉන්නවා",
    ],
)
def test_a_word_of_kinship_alone_removes_nothing(text: str) -> None:
    assert "[NAME]" not in scrub_personal_data(text)


# ---------------------------------------------------------------- places that are surnames, said as places


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Ram dai Kariya ma kaam garchha", "Kariya"),  # romanised Nepali "in"
        ("api Gunma wala Ota kiyana thena inne", "Ota"),  # romanised Sinhala: a town of a prefecture
        ("Kosai က စက်ရုံမှာ လုပ်တယ်", "Kosai"),  # Burmese: a factory in Kosai
        ("o apartamento fica em Sakae, Okazaki", "Okazaki"),  # a town listed after a district
        ("depois fui pra Kariya com a família", "Kariya"),
        ("かいしゃの ばしょは 岡崎 です", "岡崎"),  # easy Japanese: "the place is"
    ],
)
def test_a_town_said_as_a_place_stays(text: str, place: str) -> None:
    assert place in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("perguntei pro Okazaki e ele não sabe", "Okazaki"),  # "pro" before a person
        ("Kagawa le mero paisa diyena", "Kagawa"),  # romanised Nepali doer
        ("Nagano က ကျွန်မ ကို ဆူတယ်", "Nagano"),  # Burmese: Nagano scolds me
        ("Fujisawa කිව්වා අද වැඩ නෑ කියලා", "Fujisawa"),  # Sinhala: Fujisawa said
    ],
)
def test_a_surname_that_is_a_place_is_a_person_when_it_acts(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("eu trabalho na Kimura desde 2022", "Kimura"),
        ("trabalhava na Nagano, uma fábrica de peças", "Nagano"),  # a surname that is a town, with the article
        ("I work for Hashimoto in Hamamatsu", "Hashimoto"),
    ],
)
def test_a_surname_where_the_workplace_goes_is_the_employer(text: str, firm: str) -> None:
    out = scrub_personal_data(text)
    assert firm not in out
    assert "[EMPLOYER]" in out


def test_a_town_in_an_account_name_goes_with_the_account() -> None:
    out = scrub_personal_data("我的微信 wang_nagoya77 请联系")
    assert "nagoya" not in out
    assert "77" not in out


def test_an_account_number_after_futsu_is_removed() -> None:
    assert "5512078" not in scrub_personal_data("Shinkin bank, futsu 5512078, my name")


# ---------------------------------------------------------------- Japanese names written by ear in other scripts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("หัวหน้าคิมูระด่าฉันทุกวัน", "คิมูระ"),  # Thai, Kimura, glued to the role and the verb
        ("นากามูระไม่จ่ายเงินเดือน", "นากามูระ"),
        ("មេការ ស៊ូហ្ស៊ូគី មិនឲ្យលុយ", "ស៊ូហ្ស៊ូគី"),  # Khmer, Suzuki
        ("ယာမာမိုတို က ကျွန်တော့်ကို ရိုက်တယ်", "ယာမာမိုတို"),  # Burmese, Yamamoto
        ("वातानाबे ले तलब दिएन", "वातानाबे"),  # Nepali, Watanabe
        ("කොබයාෂි මට බනිනවා", "කොබයාෂි"),  # Sinhala, Kobayashi
        ("ซาโต้ซังบอกว่า", "ซาโต"),  # two morae, with san
    ],
)
def test_a_japanese_surname_written_in_thai_khmer_burmese_or_indic_letters_is_removed(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "ทํางานที่โรงงานใน Gifu ค่ะ ไม่ได้รับค่าจ้าง",  # Thai: "work at a factory in Gifu, not paid"
        "ខ្ញុំរងរបួសនៅការដ្ឋាន ក្រុមហ៊ុនមិនជួយ",  # Khmer: "injured at the construction site"
        "ကျွန်မ အချိန်ပို လုပ်ခ မရဘူး",  # Burmese: "no overtime pay"
        "हामी सानो कोठामा बस्छौं",  # Nepali: "we stay in a small room"
        "ยามากุจิ เป็นจังหวัดที่สวย",  # Thai: Yamaguchi, the prefecture
    ],
)
def test_words_of_those_scripts_are_not_taken_for_japanese_names(text: str) -> None:
    assert "[NAME]" not in scrub_personal_data(text)


# ---------------------------------------------------------------- more of the same classes


def test_a_romaji_block_after_a_street_is_an_address_not_a_date_and_the_building_goes_with_it() -> None:
    out = scrub_personal_data("my address: Kariya-shi Showa-cho 2-8-11 Green Corpo 105, please help")
    assert "Kariya-shi" in out
    for piece in ("Showa", "2-8-11", "Green", "105"):
        assert piece not in out


@pytest.mark.parametrize(
    ("text", "name"),
    [("阿华和我一起打工", "阿华"), ("我住在同事小芳家", "小芳")],
)
def test_a_chinese_given_name_called_with_a_or_xiao_is_removed(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)


def test_chinese_words_with_a_or_xiao_stay() -> None:
    assert scrub_personal_data("每天工作12小时,阿姨说小孩可以来") == "每天工作12小时,阿姨说小孩可以来"


def test_a_katakana_surname_after_a_role_is_removed() -> None:
    assert "モリタ" not in scrub_personal_data("はんちょうの モリタ が いつも おこります")


def test_a_company_of_one_kanji_before_a_trade_word_is_removed() -> None:
    assert scrub_personal_data("刈谷市の森製作所で働いています") == "刈谷市の[EMPLOYER]で働いています"


def test_an_amount_owed_after_a_village_surname_stays_an_amount() -> None:
    assert "2300 日元" in scrub_personal_data("老板西村说我欠他2300 日元")


def test_a_family_name_with_a_case_ending_written_against_it_is_removed() -> None:
    out = scrub_personal_data("दलाल सुरेश अधिकारीले पैसा लियो")
    assert "सुरेश" not in out
    assert "अधिकारी" not in out


def test_a_supervising_cooperative_in_romaji_is_an_employer() -> None:
    assert scrub_personal_data("the Chubu Kyodo Kumiai did not help me") == "the [EMPLOYER] did not help me"


def test_a_capitalised_name_after_ten_is_removed_in_vietnamese() -> None:
    assert scrub_personal_data("ông chủ nhà tên Hoàng không trả cọc") == "ông chủ nhà tên [NAME] không trả cọc"
    assert scrub_personal_data("tên công ty là gì") == "tên công ty là gì"


@pytest.mark.parametrize(
    ("text", "name"),
    [("房东刘明说下个月要涨房租", "刘明"), ("我们的工头赵强不给加班费", "赵强"), ("是黄先生(黄志明)介绍的", "黄志明")],
)
def test_a_chinese_name_after_a_work_role_or_in_brackets_is_removed(text: str, name: str) -> None:
    assert name not in scrub_personal_data(text)
