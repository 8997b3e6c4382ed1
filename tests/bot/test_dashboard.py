"""The coordinators' dashboard through HTTP: login, the live queue, reassigning, supporters, days, statistics."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select

from bot.dashboard import dashboard_app
from bot.settings import Settings
from handlers.context import Services
from storage.contacts import find_or_create_contact
from storage.db import Database
from storage.models import AnalyticCase, Case, ConsultationDay, Contact, InviteCode, Offer, OutboxMessage, Supporter
from storage.supporters import add_supporter

ADMIN_TOKEN = "a-long-random-admin-token-for-tests"
MIGRANT_ID = "U4af4980629e1d2c3b4a5f6e7d8c9b0a1"
SUPPORTER_ID = "777000111"
QUESTION = "My boss Tanaka has not paid me since March, call me on 090-1234-5678"


@dataclass(frozen=True)
class Seeded:
    case_id: int
    case_number: str
    supporter_id: int
    supporter_contact_id: int
    migrant_key: str


async def seed(db: Database, services: Services) -> Seeded:
    """One urgent Vietnamese case waiting in the queue and one Vietnamese-speaking supporter with room."""
    now = services.clock()
    async with db.transaction() as session:
        migrant, _ = await find_or_create_contact(session, services.pseudonym_key, "line", MIGRANT_ID, now)
        migrant.locale, migrant.consent = "vi", "given"
        case = Case(
            number="AB-2345",
            contact_id=migrant.id,
            channel="line",
            language="vi",
            prefecture=9,
            hub="north_kanto",
            topic="work",
            urgent=True,
            question=QUESTION,
            status="queued",
            created_at=now - dt.timedelta(minutes=25),
            last_activity_at=now,
        )
        session.add(case)
        supporter = await add_supporter(
            session,
            services.pseudonym_key,
            channel="telegram",
            address=SUPPORTER_ID,
            alias="Lan (Mito)",
            languages={"vi": 3, "ja": 2},
            hubs=["north_kanto"],
            locale="ja",
            now=now,
        )
        await session.flush()
        return Seeded(case.id, case.number, supporter.id, supporter.contact_id or 0, migrant.key)


def settings(token: str | None = ADMIN_TOKEN) -> Settings:
    return Settings(_env_file=None, admin_token=token)


@pytest.fixture
async def client(db: Database, services: Services) -> AsyncIterator[httpx.AsyncClient]:
    app = dashboard_app(db, services, settings())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


async def log_in(client: httpx.AsyncClient) -> None:
    response = await client.post("/dashboard/login", data={"token": ADMIN_TOKEN})
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/queue"


async def csrf_of(client: httpx.AsyncClient, path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


# --- the gate -------------------------------------------------------------------------------------------


async def test_without_a_session_every_page_sends_you_to_the_login(client: httpx.AsyncClient) -> None:
    for path in ("/dashboard/queue", "/dashboard/supporters", "/dashboard/days", "/dashboard/stats"):
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == "/dashboard/login"
    refused = await client.post("/dashboard/days", data={"title": "x"})
    assert refused.status_code == 303
    login = await client.get("/dashboard/login")
    assert 'type="password"' in login.text


async def test_a_wrong_token_is_refused_without_a_cookie(client: httpx.AsyncClient) -> None:
    response = await client.post("/dashboard/login", data={"token": "guess"})
    assert response.status_code == 401
    assert "set-cookie" not in response.headers
    assert (await client.get("/dashboard/queue")).status_code == 303


async def test_the_session_cookie_is_http_only_and_strict(client: httpx.AsyncClient) -> None:
    response = await client.post("/dashboard/login", data={"token": ADMIN_TOKEN})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "path=/dashboard" in cookie
    assert ADMIN_TOKEN not in response.headers["set-cookie"]


async def test_a_forged_cookie_is_not_a_session(client: httpx.AsyncClient) -> None:
    await log_in(client)
    real = client.cookies["hotline_dashboard"]
    expires, nonce, signature = real.split(".")
    client.cookies.clear()
    client.cookies.set("hotline_dashboard", f"{int(expires) + 10**6}.{nonce}.{signature}", path="/dashboard")
    assert (await client.get("/dashboard/queue")).status_code == 303


async def test_a_form_without_its_csrf_token_is_refused(client: httpx.AsyncClient, db: Database) -> None:
    await log_in(client)
    form = {"title": "Forged day", "date": "2026-12-06", "start": "10:00", "end": "16:00"}
    assert (await client.post("/dashboard/days", data=form)).status_code == 403
    assert (await client.post("/dashboard/days", data={**form, "csrf": "0" * 64})).status_code == 403
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ConsultationDay)) == 0


async def test_without_an_admin_token_the_dashboard_is_disabled(db: Database, services: Services) -> None:
    app = dashboard_app(db, services, settings(None))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        for response in (await c.get("/dashboard/queue"), await c.post("/dashboard/login", data={"token": ""})):
            assert response.status_code == 503
            assert "dashboard disabled: set HOTLINE_ADMIN_TOKEN" in response.text


# --- the live queue and reassigning ---------------------------------------------------------------------


async def test_the_queue_shows_the_case_but_nothing_that_identifies_the_person(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    await log_in(client)
    page = (await client.get("/dashboard/queue")).text
    assert seeded.case_number in page
    assert "Tiếng Việt" in page
    assert "North Kanto" in page
    assert "Work and wages" in page
    assert "urgent" in page
    assert "25 min" in page
    assert 'http-equiv="refresh" content="15"' in page
    for secret in (MIGRANT_ID, SUPPORTER_ID, seeded.migrant_key, "Tanaka", "090-1234-5678", QUESTION[:20]):
        assert secret not in page
    case_page = (await client.get(f"/dashboard/cases/{seeded.case_id}")).text
    assert "Lan (Mito)" in case_page
    for secret in (MIGRANT_ID, SUPPORTER_ID, "Tanaka", "090-1234-5678"):
        assert secret not in case_page


async def test_urgent_cases_come_first_then_the_oldest(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    now = services.clock()
    async with db.transaction() as session:
        for number, urgent, age in (("AA-0001", False, 90), ("AA-0002", True, 5), ("AA-0003", False, 120)):
            session.add(
                Case(
                    number=number,
                    channel="telegram",
                    language="km",
                    topic="other",
                    urgent=urgent,
                    status="queued",
                    created_at=now - dt.timedelta(minutes=age),
                )
            )
    await log_in(client)
    page = (await client.get("/dashboard/queue")).text
    assert page.index("AA-0002") < page.index("AA-0003") < page.index("AA-0001")


async def test_reassigning_offers_the_case_and_queues_the_supporters_message(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    await log_in(client)
    csrf = await csrf_of(client, f"/dashboard/cases/{seeded.case_id}")
    response = await client.post(
        f"/dashboard/cases/{seeded.case_id}/offer", data={"csrf": csrf, "supporter_id": str(seeded.supporter_id)}
    )
    assert response.status_code == 303
    async with db.sessions() as session:
        offer = await session.scalar(select(Offer).where(Offer.case_id == seeded.case_id))
        assert offer is not None
        assert offer.status == "pending"
        assert offer.supporter_id == seeded.supporter_id
        # The same window as any offer of an urgent case: the coordinator's choice does not get the slow one.
        assert offer.expires_at == services.clock() + services.urgent_offer_timeout
        case = await session.get(Case, seeded.case_id)
        assert case is not None
        assert case.status == "offered"
        message = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.contact_id == seeded.supporter_contact_id)
        )
        assert message is not None
        assert seeded.case_number in message.body["text"]
        assert [b[1] for b in message.body["buttons"]] == [f"offer:accept:{offer.id}", f"offer:decline:{offer.id}"]
    queue = (await client.get("/dashboard/queue")).text
    assert "Lan (Mito)" in queue  # among the pending offers
    again = await client.post(
        f"/dashboard/cases/{seeded.case_id}/offer", data={"csrf": csrf, "supporter_id": str(seeded.supporter_id)}
    )
    assert again.status_code == 400  # already asked: not offered twice


async def test_a_supporter_without_room_cannot_be_chosen(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    async with db.transaction() as session:
        supporter = await session.get(Supporter, seeded.supporter_id)
        assert supporter is not None
        supporter.capacity = 0
    await log_in(client)
    csrf = await csrf_of(client, f"/dashboard/cases/{seeded.case_id}")
    response = await client.post(
        f"/dashboard/cases/{seeded.case_id}/offer", data={"csrf": csrf, "supporter_id": str(seeded.supporter_id)}
    )
    assert response.status_code == 400
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Offer)) == 0


async def test_route_again_runs_the_router(client: httpx.AsyncClient, db: Database, services: Services) -> None:
    seeded = await seed(db, services)
    await log_in(client)
    csrf = await csrf_of(client, f"/dashboard/cases/{seeded.case_id}")
    response = await client.post(f"/dashboard/cases/{seeded.case_id}/route", data={"csrf": csrf})
    assert response.status_code == 303
    async with db.sessions() as session:
        offers = (await session.scalars(select(Offer).where(Offer.case_id == seeded.case_id))).all()
    assert [o.supporter_id for o in offers] == [seeded.supporter_id]


# --- supporters, invites, days --------------------------------------------------------------------------


async def test_pausing_and_resuming_a_supporter(client: httpx.AsyncClient, db: Database, services: Services) -> None:
    seeded = await seed(db, services)
    await log_in(client)
    csrf = await csrf_of(client, "/dashboard/supporters")
    page = (await client.get("/dashboard/supporters")).text
    assert "Lan (Mito)" in page
    assert "Tiếng Việt (3)" in page
    assert "0/3" in page
    await client.post(f"/dashboard/supporters/{seeded.supporter_id}/pause", data={"csrf": csrf})
    async with db.sessions() as session:
        supporter = await session.get(Supporter, seeded.supporter_id)
        assert supporter is not None
        assert supporter.paused
    await client.post(f"/dashboard/supporters/{seeded.supporter_id}/resume", data={"csrf": csrf})
    async with db.sessions() as session:
        supporter = await session.get(Supporter, seeded.supporter_id)
        assert supporter is not None
        assert not supporter.paused


async def test_issuing_an_invite_code_shows_it(client: httpx.AsyncClient, db: Database) -> None:
    await log_in(client)
    csrf = await csrf_of(client, "/dashboard/supporters")
    response = await client.post(
        "/dashboard/supporters/invite", data={"csrf": csrf, "hub": ["north_kanto", "nowhere"], "coordinator": "1"}
    )
    assert response.status_code == 200
    shown = re.search(r'id="new-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', response.text)
    assert shown is not None
    async with db.sessions() as session:
        invite = await session.get(InviteCode, shown.group(1).replace("-", ""))
    assert invite is not None
    assert invite.hubs == ["north_kanto"]
    assert invite.coordinator


async def test_planning_a_day_in_tokyo_time_and_announcing_it(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    await seed(db, services)  # one subscribed migrant
    await log_in(client)
    csrf = await csrf_of(client, "/dashboard/days")
    form = {
        "csrf": csrf,
        "title": "North Kanto <b>day</b>",
        "date": "2026-12-06",
        "start": "10:00",
        "end": "16:00",
        "hub": ["north_kanto", "capital"],
        "language": ["vi", "km"],
    }
    response = await client.post("/dashboard/days", data=form)
    assert response.status_code == 303
    async with db.sessions() as session:
        day = await session.scalar(select(ConsultationDay))
    assert day is not None
    assert day.starts_at == dt.datetime(2026, 12, 6, 1, 0, tzinfo=dt.UTC)
    assert day.ends_at == dt.datetime(2026, 12, 6, 7, 0, tzinfo=dt.UTC)
    assert day.hubs == ["north_kanto", "capital"]
    assert day.languages == ["vi", "km"]
    page = (await client.get("/dashboard/days")).text
    assert "North Kanto &lt;b&gt;day&lt;/b&gt;" in page
    assert "2026-12-06 10:00–16:00" in page
    assert "planned" in page
    announced = await client.post(f"/dashboard/days/{day.id}/announce", data={"csrf": csrf}, follow_redirects=True)
    assert "Announcement queued for 1 people." in announced.text


async def test_a_day_that_ends_before_it_starts_is_explained(client: httpx.AsyncClient) -> None:
    await log_in(client)
    csrf = await csrf_of(client, "/dashboard/days")
    form = {"csrf": csrf, "title": "Backwards", "date": "2026-12-06", "start": "16:00", "end": "10:00"}
    response = await client.post("/dashboard/days", data=form)
    assert response.status_code == 400
    assert "must end after it starts" in response.text


# --- statistics -----------------------------------------------------------------------------------------


async def _analytic_rows(db: Database, topics: dict[str, int]) -> None:
    async with db.transaction() as session:
        n = 0
        for topic, count in topics.items():
            for _ in range(count):
                n += 1
                session.add(
                    AnalyticCase(
                        case_ref=f"ref-{n}",
                        person=f"p-{n}",
                        channel="line",
                        language="vi",
                        hub="north_kanto",
                        month="2026-11",
                        topic=topic,
                    )
                )


async def test_a_report_hides_small_cells(client: httpx.AsyncClient, db: Database) -> None:
    await _analytic_rows(db, {"work": 12, "health": 3, "residence": 11})
    await log_in(client)
    page = (await client.get("/dashboard/stats", params={"by": ["topic", ""], "k": "10"})).text
    assert re.search(r"<td>work</td><td class=num>12</td>", page)
    assert re.search(r"<td>health</td><td class=num>\*</td>", page)
    assert "<svg" in page
    bad = await client.get("/dashboard/stats", params={"by": ["topic", "topic"]})
    assert bad.status_code == 400
    assert "a dimension appears twice" in bad.text


async def test_the_csv_export_downloads_the_anonymised_log(client: httpx.AsyncClient, db: Database) -> None:
    await _analytic_rows(db, {"work": 2})
    await log_in(client)
    response = await client.get("/dashboard/stats/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    lines = response.text.splitlines()
    assert lines[0].startswith("case_ref,person,")
    assert len(lines) == 3
    assert "platform_user_id" not in response.text


async def test_no_contact_table_is_read_for_the_queue(db: Database, services: Services) -> None:
    """The queue never needs the person: with every contact gone the page still lists the case."""
    seeded = await seed(db, services)
    async with db.transaction() as session:
        case = await session.get(Case, seeded.case_id)
        assert case is not None
        case.contact_id = None
        for contact in (await session.scalars(select(Contact).where(Contact.role == "migrant"))).all():
            await session.delete(contact)
    app = dashboard_app(db, services, settings())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        await log_in(c)
        assert seeded.case_number in (await c.get("/dashboard/queue")).text
