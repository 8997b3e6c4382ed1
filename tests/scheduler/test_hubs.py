from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.hubs import DEFAULT_PATH, HubMapError, load_hub_map

HUB_MAP = load_hub_map()
DEFAULT_TEXT = DEFAULT_PATH.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hubs.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_prefecture_belongs_to_exactly_one_of_seven_hubs() -> None:
    assert sorted(HUB_MAP.prefectures) == list(range(1, 48))
    assert set(HUB_MAP.hubs) == {
        "hokkaido_tohoku",
        "north_kanto",
        "capital",
        "chubu_tokai",
        "kansai",
        "chugoku_shikoku",
        "kyushu_okinawa",
    }
    served = [code for hub in HUB_MAP.hubs.values() for code in hub.prefectures]
    assert sorted(served) == list(range(1, 48))


def test_north_kanto_is_ibaraki_tochigi_gunma() -> None:
    names = [p.name_en for p in HUB_MAP.prefectures_of("north_kanto")]
    assert names == ["Ibaraki", "Tochigi", "Gunma"]
    assert HUB_MAP.hub_for_prefecture(10).name_ja == "北関東"


def test_neighbours_are_mutual_and_connect_gunma_to_the_capital() -> None:
    for hub in HUB_MAP.hubs.values():
        for other in hub.neighbours:
            assert HUB_MAP.are_neighbours(other, hub.code)
    assert HUB_MAP.are_neighbours("north_kanto", "capital")
    assert not HUB_MAP.are_neighbours("hokkaido_tohoku", "kyushu_okinawa")
    assert not HUB_MAP.are_neighbours("nowhere", "capital")


def test_national_contacts_are_the_checked_numbers_and_hub_lists_start_empty() -> None:
    numbers = {c.number: c.free for c in HUB_MAP.national_contacts}
    assert numbers == {
        "110": True,
        "119": True,
        "0120-279-889": True,
        "#8008": False,
        "189": True,
        "0570-011000": False,
    }
    assert all(hub.emergency_contacts == () for hub in HUB_MAP.hubs.values())


def test_default_map_is_read_once() -> None:
    assert load_hub_map() is HUB_MAP


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Gunma", 10),
        ("gunma-ken", 10),
        ("GUNMA PREFECTURE", 10),
        ("Gumma", 10),
        ("ｇｕｎｍａ", 10),
        ("群馬県", 10),
        ("群馬", 10),
        ("ぐんま", 10),
        ("グンマ", 10),
        ("群马", 10),
        ("군마현", 10),
        ("tỉnh Gunma", 10),
        ("Prefeitura de Gunma", 10),
        ("จังหวัดกุมมะ", 10),
        ("Tōkyō", 13),
        ("Toukyou", 13),
        ("東京都", 13),
        ("东京", 13),
        ("도쿄도", 13),
        ("Tóquio", 13),
        ("Tô-ky-ô", 13),
        ("តូក្យូ", 13),
        ("တိုကျို", 13),
        ("टोकियो", 13),
        ("ටෝකියෝ", 13),
        ("Oosaka-fu", 27),
        ("大阪府", 27),
        ("Kyoto-fu", 26),
        ("京都府", 26),
        ("北海道", 1),
        ("홋카이도", 1),
        ("Hamamatsu", 22),
        ("鹿儿岛", 46),
        ("沖繩", 47),
    ],
)
def test_find_prefecture_accepts_the_names_people_type(typed: str, code: int) -> None:
    found = HUB_MAP.find_prefecture(typed)
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("I live in Gunma", 10),
        ("Sống ở Gunma", 10),
        ("群馬県に住んでいます", 10),
        ("東京都に住んでいます", 13),  # 東京都 holds 京都 (Kyoto) inside it
        ("군마현에 살아요", 10),
    ],
)
def test_find_prefecture_reads_a_short_sentence(sentence: str, code: int) -> None:
    found = HUB_MAP.find_prefecture(sentence)
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize("typed", ["", "   ", "xyz", "Osaka or Kyoto", "우리나라", "大阪府と京都府", "Japan"])
def test_find_prefecture_answers_none_when_unsure(typed: str) -> None:
    assert HUB_MAP.find_prefecture(typed) is None


@given(st.sampled_from(sorted(HUB_MAP.prefectures)), st.sampled_from(["", "-ken", " prefecture", " Pref."]))
def test_every_english_name_is_found_in_any_case_with_any_suffix(code: int, suffix: str) -> None:
    name = HUB_MAP.prefectures[code].name_en
    for typed in (name + suffix, (name + suffix).upper(), (name + suffix).lower()):
        found = HUB_MAP.find_prefecture(typed)
        assert found is not None
        assert found.code == code


@given(st.data())
def test_every_listed_name_finds_its_own_prefecture(data: st.DataObject) -> None:
    p = HUB_MAP.prefectures[data.draw(st.sampled_from(sorted(HUB_MAP.prefectures)))]
    name = data.draw(st.sampled_from([p.name_ja, p.kana, p.name_en, *p.aliases]))
    found = HUB_MAP.find_prefecture(name)
    assert found is not None
    assert found.code == p.code


def test_a_copy_of_the_default_file_loads_identically(tmp_path: Path) -> None:
    assert load_hub_map(write(tmp_path, DEFAULT_TEXT)) == HUB_MAP


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ('neighbours = ["chugoku_shikoku"]', "neighbours = []", "does not list it back"),
        ('neighbours = ["chugoku_shikoku"]', 'neighbours = ["atlantis"]', "'atlantis', which is not defined"),
        ('neighbours = ["chugoku_shikoku"]', 'neighbours = ["kyushu_okinawa"]', "lists itself"),
        ('hub = "north_kanto"', 'hub = "north_kant"', "'north_kant', which is not defined"),
        ("code = 47", "code = 46", "listed twice"),
        ("code = 47", "code = 48", "outside 1..47"),
        ('aliases = ["이와테"]', 'aliases = ["Gunma"]', "given to both prefecture"),
        ('number = "110"', 'number = " "', "empty number"),
        ('number = "110"', "number = 110", "should be a str"),
        ("[hubs.capital]", "[hubs.capital", "not valid TOML"),
    ],
)
def test_a_broken_file_is_refused_with_one_clear_sentence(tmp_path: Path, old: str, new: str, complaint: str) -> None:
    assert old in DEFAULT_TEXT
    path = write(tmp_path, DEFAULT_TEXT.replace(old, new, 1))
    with pytest.raises(HubMapError, match=complaint) as info:
        load_hub_map(path)
    assert str(path) in str(info.value)


def test_a_missing_prefecture_is_named(tmp_path: Path) -> None:
    start = DEFAULT_TEXT.index("[[prefectures]]\ncode = 47")
    path = write(tmp_path, DEFAULT_TEXT[:start])
    with pytest.raises(HubMapError, match=r"\[47\] are missing"):
        load_hub_map(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(HubMapError, match="cannot be read"):
        load_hub_map(tmp_path / "nope.toml")
