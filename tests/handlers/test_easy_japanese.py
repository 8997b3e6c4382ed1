"""Replies to easy-Japanese cases: readings for kanji, long sentences flagged, and the supporter's choice to send."""

from __future__ import annotations

from bot.playground import Person, Playground
from handlers.context import Services
from handlers.easy_japanese import long_sentences, to_hiragana, with_readings
from storage.db import Database
from storage.supporters import add_supporter
from tests.conftest import TEST_KEY
from tests.handlers.test_case_life import accepted_case


def test_words_with_kanji_get_their_reading_in_hiragana() -> None:
    assert with_readings("病院に行きます。") == "病院(びょういん)に行き(いき)ます。"
    assert with_readings("ひらがなとカタカナだけ") == "ひらがなとカタカナだけ"
    assert to_hiragana("ビョウイン") == "びょういん"


def test_long_sentences_are_flagged() -> None:
    short = "明日行きます。"
    long = "会社との話し合いの結果については来週の月曜日までに必ずお知らせしますので安心してください。"
    assert long_sentences(short + long) == [long]
    assert long_sentences(short) == []


async def seed(db: Database) -> Person:
    async with db.transaction() as session:
        await add_supporter(
            session,
            TEST_KEY,
            channel="line",
            address="U-ana-supporter",
            alias="Ana",
            languages={"ja": 3, "pt_BR": 3},
            hubs=["chubu_tokai"],
            topics=["work"],
            locale="ja",
        )
    return Person("line", "U-ana-supporter")


async def test_a_reply_in_easy_japanese_is_shown_as_a_draft_first(db: Database, services: Services) -> None:
    ana = await seed(db)
    play = Playground(db, services)
    migrant = play.person("line")
    case = await accepted_case(play, ana, migrant, "きゅうりょう が ない", language="ja_easy")

    draft = await play.say(ana, "明日、病院に行きます。")
    assert play.news(migrant) == []
    assert "病院(びょういん)" in draft[-1].text
    assert [b.payload for b in draft[-1].buttons] == [
        f"case:{case.id}:draft:ruby",
        f"case:{case.id}:draft:plain",
        f"case:{case.id}:draft:cancel",
    ]
    await play.tap(ana, f"case:{case.id}:draft:ruby")
    assert play.news(migrant)[-1].text.endswith("明日(あす)、病院(びょういん)に行き(いき)ます。")

    await play.say(ana, "保険証を持ってきてください。")
    await play.tap(ana, f"case:{case.id}:draft:plain")
    assert play.news(migrant)[-1].text.endswith("\n保険証を持ってきてください。")

    await play.say(ana, "間違えました。")
    await play.tap(ana, f"case:{case.id}:draft:cancel")
    assert play.news(migrant) == []
    again = await play.tap(ana, f"case:{case.id}:draft:ruby")  # a draft is sent at most once
    assert play.news(migrant) == []
    assert again[-1].text


async def test_long_sentences_are_pointed_out_in_the_draft(db: Database, services: Services) -> None:
    ana = await seed(db)
    play = Playground(db, services)
    await accepted_case(play, ana, play.person("line"), "たすけて ください", language="ja_easy")
    long = "会社との話し合いの結果については来週の月曜日までに必ずお知らせしますので安心してください。"
    draft = await play.say(ana, "大丈夫です。" + long)
    flagged = [line[1:] for line in draft[-1].text.splitlines() if line.startswith("・")]
    assert flagged == [long]
