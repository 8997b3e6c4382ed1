"""The coordinators' desk through HTTP: accounts and sessions, the board, a case, supporters, days, announcements,
statistics and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select

from bot.dashboard import dashboard_app
from bot.settings import ConfigError, Settings, load_settings
from handlers.context import Services
from storage.contacts import find_or_create_contact
from storage.coordinators import CoordinatorRole, add_coordinator, issue_sign_in_link
from storage.db import Database
from storage.models import (
    AnalyticCase,
    AuditEntry,
    Case,
    CaseMessage,
    ConsultationDay,
    InviteCode,
    Offer,
    OutboxMessage,
    Supporter,
)
from storage.supporters import add_supporter
from tests.conftest import db as db  # SQLite and PostgreSQL, not only the channel tests' SQLite

ADMIN_TOKEN = "a-long-random-admin-token-for-tests-0123456789"
MIGRANT_ID = "U4af4980629e1d2c3b4a5f6e7d8c9b0a1"
SUPPORTER_ID = "777000111"
QUESTION = "My boss Tanaka has not paid me since March, call me on 090-1234-5678"
BASE = "http://127.0.0.1:8080"


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


def settings(token: str | None = ADMIN_TOKEN, public_url: str = BASE, quota: int = 200) -> Settings:
    return Settings(_env_file=None, admin_token=token, public_url=public_url, line_push_quota=quota)


def client_for(db: Database, services: Services, config: Settings | None = None) -> httpx.AsyncClient:
    app = dashboard_app(db, services, config or settings())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers={"Accept-Language": "en"})


@pytest.fixture
async def client(db: Database, services: Services) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(db, services) as c:
        yield c


def csrf_in(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None, page
    return found.group(1)


async def csrf_of(client: httpx.AsyncClient, path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    return csrf_in(page.text)


async def new_link(db: Database, services: Services, name: str, role: CoordinatorRole) -> str:
    async with db.transaction() as session:
        coordinator = await add_coordinator(session, name, role, services.clock())
        return await issue_sign_in_link(session, coordinator.id, services.clock())


async def use_link(client: httpx.AsyncClient, token: str) -> httpx.Response:
    shown = await client.get(f"/dashboard/signin/{token}")
    if shown.status_code != 200:  # a used link's page has no form: take the token of the sign-in page
        shown = await client.get("/dashboard/login")
    csrf = csrf_in(shown.text)
    return await client.post(f"/dashboard/signin/{token}", data={"csrf": csrf})


async def sign_in(
    client: httpx.AsyncClient,
    db: Database,
    services: Services,
    name: str = "Sato Yuki",
    role: CoordinatorRole = CoordinatorRole.ADMIN,
) -> None:
    response = await use_link(client, await new_link(db, services, name, role))
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/dashboard/board"


def visible_text(page: str) -> str:
    without = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", without))


# Every page and every form of the desk, as (method, path); {case} and {supporter} are filled in.
PAGES = (
    "/dashboard/board",
    "/dashboard/board/stream",
    "/dashboard/cases/{case}",
    "/dashboard/supporters",
    "/dashboard/days",
    "/dashboard/announce",
    "/dashboard/stats",
    "/dashboard/stats/report.csv?by=topic",
    "/dashboard/stats/export.csv",
    "/dashboard/audit",
    "/dashboard/coordinators",
)
FORMS = (
    "/dashboard/logout",
    "/dashboard/cases/{case}/offer",
    "/dashboard/cases/{case}/route",
    "/dashboard/cases/{case}/interpreter",
    "/dashboard/cases/{case}/transfer",
    "/dashboard/cases/{case}/note",
    "/dashboard/supporters/invite",
    "/dashboard/supporters/{supporter}/pause",
    "/dashboard/days",
    "/dashboard/announce",
    "/dashboard/coordinators",
    "/dashboard/coordinators/1/link",
)
ADMIN_PAGES = ("/dashboard/stats/export.csv", "/dashboard/coordinators")
ADMIN_FORMS = ("/dashboard/coordinators", "/dashboard/coordinators/1/link")


def fill(path: str, seeded: Seeded) -> str:
    return path.format(case=seeded.case_id, supporter=seeded.supporter_id)


# --- the gate -------------------------------------------------------------------------------------------


async def test_every_route_refuses_the_anonymous(client: httpx.AsyncClient, db: Database, services: Services) -> None:
    seeded = await seed(db, services)
    for path in PAGES:
        response = await client.get(fill(path, seeded))
        assert response.status_code == 303, path
        assert response.headers["location"] == "/dashboard/login"
    for path in FORMS:
        response = await client.post(fill(path, seeded), data={"csrf": "x", "title": "x", "name": "x"})
        assert response.status_code == 303, path
        assert response.headers["location"] == "/dashboard/login"
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ConsultationDay)) == 0
        assert await session.scalar(select(func.count()).select_from(Offer)) == 0


async def test_administrators_pages_refuse_a_coordinator(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    await sign_in(client, db, services, "Kato", CoordinatorRole.COORDINATOR)
    csrf = await csrf_of(client, "/dashboard/board")
    for path in ADMIN_PAGES:
        assert (await client.get(path)).status_code == 403, path
    for path in ADMIN_FORMS:
        response = await client.post(path, data={"csrf": csrf, "name": "Intruder", "role": "admin"})
        assert response.status_code == 403, path
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(InviteCode)) == 0
    # ... while the rest is theirs
    for path in PAGES:
        if path not in ADMIN_PAGES and "stream" not in path:
            assert (await client.get(fill(path, seeded))).status_code == 200, path


async def test_every_form_without_its_csrf_token_is_refused(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    await sign_in(client, db, services)
    form = {
        "title": "Forged day",
        "date": "2026-12-06",
        "start": "10:00",
        "end": "16:00",
        "supporter_id": str(seeded.supporter_id),
        "text": "forged note",
        "name": "Forged",
    }
    for path in FORMS:
        for forged in ({}, {"csrf": "0" * 64}):
            response = await client.post(fill(path, seeded), data={**form, **forged})
            assert response.status_code == 403, path
    async with db.sessions() as session:
        for table in (ConsultationDay, Offer, CaseMessage, InviteCode):
            assert await session.scalar(select(func.count()).select_from(table)) == 0
    assert (await client.get("/dashboard/board")).status_code == 200  # still signed in: logout was refused too


async def test_a_session_replayed_after_sign_out_is_refused(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    await sign_in(client, db, services)
    cookie = client.cookies["hotline_desk"]
    csrf = await csrf_of(client, "/dashboard/board")
    assert (await client.post("/dashboard/logout", data={"csrf": csrf})).status_code == 303
    client.cookies.clear()
    client.cookies.set("hotline_desk", cookie, path="/dashboard")
    response = await client.get("/dashboard/board")
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/login"


async def test_a_session_ends_after_twelve_hours(
    client: httpx.AsyncClient, db: Database, services: Services, clock: object
) -> None:
    await sign_in(client, db, services)
    assert (await client.get("/dashboard/board")).status_code == 200
    clock.advance(seconds=12 * 3600 + 1)  # type: ignore[attr-defined]
    assert (await client.get("/dashboard/board")).status_code == 303


async def test_a_sign_in_link_works_once_and_for_a_day(
    client: httpx.AsyncClient, db: Database, services: Services, clock: object
) -> None:
    token = await new_link(db, services, "Sato Yuki", CoordinatorRole.COORDINATOR)
    preview = await client.get(f"/dashboard/signin/{token}")  # a chat app's preview does not use it up
    assert preview.status_code == 200
    assert "Sato Yuki" in preview.text
    assert (await use_link(client, token)).status_code == 303
    client.cookies.clear()
    again = await use_link(client, token)
    assert again.status_code == 410
    assert "hotline_desk=" not in again.headers.get("set-cookie", "")
    late = await new_link(db, services, "Kato", CoordinatorRole.COORDINATOR)
    clock.advance(seconds=24 * 3600 + 1)  # type: ignore[attr-defined]
    assert (await use_link(client, late)).status_code == 410
    async with db.sessions() as session:
        stored = (await session.execute(select(func.count()).select_from(AuditEntry))).scalar()
        assert stored == 1  # the one sign-in
        links = (await session.execute(select(func.count()).where(AuditEntry.action == "sign_in"))).scalar()
        assert links == 1


async def test_links_and_sessions_are_stored_only_as_hashes(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    token = await new_link(db, services, "Sato Yuki", CoordinatorRole.ADMIN)
    await use_link(client, token)
    cookie = client.cookies["hotline_desk"]
    async with db.engine.connect() as conn:
        from sqlalchemy import text

        for table in ("sign_in_links", "desk_sessions"):
            rows = (await conn.execute(text(f"SELECT * FROM {table}"))).all()  # noqa: S608 - fixed names
            dumped = repr(rows)
            assert token not in dumped
            assert cookie not in dumped


async def test_the_session_cookie_is_http_only_strict_and_secure_off_loopback(db: Database, services: Services) -> None:
    token = await new_link(db, services, "Sato Yuki", CoordinatorRole.ADMIN)
    async with client_for(db, services) as c:  # http on loopback: a demo, so no Secure
        response = await use_link(c, token)
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
        assert "path=/dashboard" in cookie
        assert "secure" not in cookie
    token = await new_link(db, services, "Kato", CoordinatorRole.ADMIN)
    async with client_for(db, services, settings(public_url="https://hotline.example.org")) as c:
        shown = await c.get(f"/dashboard/signin/{token}")
        assert "secure" in shown.headers["set-cookie"].lower()  # even the pre-session cookie
        c.cookies.set("hotline_desk_pre", shown.cookies["hotline_desk_pre"], path="/dashboard")
        response = await c.post(f"/dashboard/signin/{token}", data={"csrf": csrf_in(shown.text)})
        assert response.status_code == 303
        assert "; secure" in response.headers["set-cookie"].lower()


async def test_sign_in_attempts_are_rate_limited(client: httpx.AsyncClient) -> None:
    page = await client.get("/dashboard/login")
    csrf = csrf_in(page.text)
    statuses = [
        (await client.post("/dashboard/login/token", data={"csrf": csrf, "token": f"guess-{i}"})).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    limited = await client.post("/dashboard/login/token", data={"csrf": csrf, "token": ADMIN_TOKEN})
    assert limited.status_code == 429  # even the right token waits
    assert int(limited.headers["retry-after"]) > 0


async def test_a_short_admin_token_is_refused_in_one_sentence() -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(_env_file=None, admin_token="short-token")
    assert str(refused.value) == (
        "HOTLINE_ADMIN_TOKEN is invalid: must be at least 32 characters long (`hotline keygen` makes one)."
    )


async def test_the_admin_token_is_a_break_glass_sign_in_audited_by_name(
    client: httpx.AsyncClient, db: Database
) -> None:
    csrf = csrf_in((await client.get("/dashboard/login")).text)
    assert (await client.post("/dashboard/login/token", data={"token": ADMIN_TOKEN})).status_code == 403  # no CSRF
    response = await client.post("/dashboard/login/token", data={"csrf": csrf, "token": ADMIN_TOKEN})
    assert response.status_code == 303
    assert (await client.get("/dashboard/coordinators")).status_code == 200  # an administrator
    audit = visible_text((await client.get("/dashboard/audit")).text)
    assert re.search(r"break-glass\s+Signed in", audit)


async def test_without_an_admin_token_there_is_no_break_glass(db: Database, services: Services) -> None:
    async with client_for(db, services, settings(token=None)) as c:
        page = await c.get("/dashboard/login")
        assert page.status_code == 200
        assert 'name="token"' not in page.text
        response = await c.post("/dashboard/login/token", data={"csrf": csrf_in(page.text), "token": ""})
        assert response.status_code == 401


async def test_a_coordinator_registered_with_the_bot_gets_a_link_in_their_chat(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    async with db.transaction() as session:
        yuki = await add_supporter(
            session,
            services.pseudonym_key,
            channel="telegram",
            address="5550001",
            alias="Yuki",
            languages={"ja": 3},
            hubs=["capital"],
            locale="ja",
            coordinator=True,
            now=services.clock(),
        )
        contact_id = yuki.contact_id
    csrf = csrf_in((await client.get("/dashboard/login")).text)
    answered = await client.post("/dashboard/login/link", data={"csrf": csrf, "name": "yuki"})
    stranger = await client.post("/dashboard/login/link", data={"csrf": csrf, "name": "Somebody Else"})
    assert answered.status_code == stranger.status_code == 200
    # The same words for both: the page does not reveal who is a coordinator.
    notice = re.compile(r'<div class="notice" role="status">([^<]+)</div>')
    assert notice.findall(answered.text) == notice.findall(stranger.text) != []
    async with db.sessions() as session:
        messages = (await session.scalars(select(OutboxMessage).where(OutboxMessage.contact_id == contact_id))).all()
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert len(messages) == 1
    text = messages[0].body["text"]
    assert "24" in text
    link = re.search(r"http://127\.0\.0\.1:8080(/dashboard/signin/\S+)", text)
    assert link is not None
    assert (await use_link(client, link.group(1).rsplit("/", 1)[1])).status_code == 303
    board = await client.get("/dashboard/board")
    assert "Yuki" in board.text


# --- the board and a case -------------------------------------------------------------------------------


async def test_the_board_shows_the_case_but_nothing_that_identifies_the_person(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    await sign_in(client, db, services)
    page = (await client.get("/dashboard/board")).text
    assert seeded.case_number in page
    assert "Vietnamese (Tiếng Việt)" in page
    assert "North Kanto" in page
    assert "Work and wages" in page
    assert "Urgent" in page
    assert "Waiting 25 min" in page
    assert "http-equiv" not in page  # no meta refresh: the board is pushed
    assert 'data-stream="/dashboard/board/stream"' in page
    assert "Lan (Mito)" in page  # available, so among those working now
    case_page = (await client.get(f"/dashboard/cases/{seeded.case_id}")).text
    assert "Tochigi" in case_page
    for secret in (MIGRANT_ID, QUESTION[:20], "090-1234-5678", seeded.migrant_key):
        assert secret not in page
        assert secret not in case_page


async def test_urgent_cases_come_first_then_the_oldest(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    now = services.clock()
    async with db.transaction() as session:
        for number, urgent, age in (("AA-0001", False, 50), ("AA-0002", True, 5), ("AA-0003", False, 90)):
            session.add(
                Case(
                    number=number,
                    channel="line",
                    language="vi",
                    hub="capital",
                    topic="work",
                    urgent=urgent,
                    status="queued",
                    created_at=now - dt.timedelta(minutes=age),
                    last_activity_at=now,
                )
            )
    await sign_in(client, db, services)
    page = (await client.get("/dashboard/board")).text
    assert page.index("AA-0002") < page.index("AA-0003") < page.index("AA-0001")


async def test_offering_a_case_to_a_chosen_supporter_never_twice(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    await sign_in(client, db, services)
    case_url = f"/dashboard/cases/{seeded.case_id}"
    csrf = await csrf_of(client, case_url)
    response = await client.post(f"{case_url}/offer", data={"csrf": csrf, "supporter_id": str(seeded.supporter_id)})
    assert response.status_code == 303
    async with db.sessions() as session:
        offer = await session.scalar(select(Offer).where(Offer.case_id == seeded.case_id))
        assert offer is not None
        assert offer.status == "pending"
        assert offer.supporter_id == seeded.supporter_id
        case = await session.get(Case, seeded.case_id)
        assert case is not None
        assert case.status == "offered"
        message = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.contact_id == seeded.supporter_contact_id)
        )
        assert message is not None
        assert seeded.case_number in message.body["text"]
        assert [b[1] for b in message.body["buttons"]] == [f"offer:accept:{offer.id}", f"offer:decline:{offer.id}"]
    page = (await client.get(case_url)).text
    assert "Waiting for an answer" in page
    assert re.search(r"\d+ min left", page)  # the offer's window, counting down
    assert f'<option value="{seeded.supporter_id}"' not in page  # not offered again from the list
    again = await client.post(f"{case_url}/offer", data={"csrf": csrf, "supporter_id": str(seeded.supporter_id)})
    assert again.status_code == 400
    assert "already pending" in again.text
    board = (await client.get("/dashboard/board")).text
    assert re.search(r"Lan \(Mito\) · Supporter · [\d h]+min left", visible_text(board))
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Offer)) == 1
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "offer"))
        assert entry is not None
        assert entry.case_id == seeded.case_id


async def test_the_case_page_tells_who_declined_and_who_did_not_answer(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    now = services.clock()
    async with db.transaction() as session:
        for status in ("declined", "expired"):
            session.add(
                Offer(
                    case_id=seeded.case_id,
                    supporter_id=seeded.supporter_id,
                    role="supporter",
                    status=status,
                    reason="Vietnamese (native), covers north_kanto, topic work, 0/3 cases, no case yet",
                    created_at=now - dt.timedelta(minutes=20),
                    expires_at=now - dt.timedelta(minutes=10),
                    decided_at=now - dt.timedelta(minutes=10),
                )
            )
    await sign_in(client, db, services)
    page = visible_text((await client.get(f"/dashboard/cases/{seeded.case_id}")).text)
    assert "Declined" in page
    assert "No answer in time" in page
    assert (
        "Vietnamese (Tiếng Việt): native; covers North Kanto; knows Work and wages; 0 of 3 cases; no case yet" in page
    )
    assert "north_kanto" not in page


async def test_routing_again_transfer_interpreter_and_note(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    async with db.transaction() as session:
        await add_supporter(
            session,
            services.pseudonym_key,
            channel="line",
            address="U" + "2" * 32,
            alias="Minh (Gunma)",
            languages={"vi": 3, "ja": 3},
            hubs=["north_kanto"],
            interpreter=True,
            now=services.clock(),
        )
    await sign_in(client, db, services)
    case_url = f"/dashboard/cases/{seeded.case_id}"
    csrf = await csrf_of(client, case_url)
    assert (await client.post(f"{case_url}/route", data={"csrf": csrf})).status_code == 303
    again = await client.post(f"{case_url}/route", data={"csrf": csrf})
    assert again.status_code == 400  # the offers are still waiting: nobody is asked twice
    async with db.transaction() as session:
        case = await session.get(Case, seeded.case_id)
        assert case is not None
        offered = (await session.scalars(select(Offer).where(Offer.case_id == case.id))).all()
        assert len(offered) >= 1
        taker = offered[0]
        taker.status, case.supporter_id, case.status = "accepted", taker.supporter_id, "active"
        holder = taker.supporter_id
    assert (await client.post(f"{case_url}/transfer", data={"csrf": csrf})).status_code == 303
    async with db.sessions() as session:
        case = await session.get(Case, seeded.case_id)
        assert case is not None
        assert case.supporter_id is None
        pending = (
            await session.scalars(select(Offer.supporter_id).where(Offer.case_id == case.id, Offer.status == "pending"))
        ).all()
        assert holder not in pending
    assert (await client.post(f"{case_url}/interpreter", data={"csrf": csrf})).status_code == 303
    noted = await client.post(f"{case_url}/note", data={"csrf": csrf, "text": "Call back after 18:00"})
    assert noted.status_code == 303
    page = (await client.get(case_url)).text
    assert "Call back after 18:00" in page
    async with db.sessions() as session:
        actions = set((await session.scalars(select(AuditEntry.action))).all())
    assert {"reassign", "transfer", "interpreter", "note"} <= actions


async def test_a_supporter_without_room_cannot_be_chosen(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    async with db.transaction() as session:
        supporter = await session.get(Supporter, seeded.supporter_id)
        assert supporter is not None
        supporter.capacity = 0
    await sign_in(client, db, services)
    csrf = await csrf_of(client, f"/dashboard/cases/{seeded.case_id}")
    response = await client.post(
        f"/dashboard/cases/{seeded.case_id}/offer", data={"csrf": csrf, "supporter_id": str(seeded.supporter_id)}
    )
    assert response.status_code == 400
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Offer)) == 0


# --- supporters and days --------------------------------------------------------------------------------


async def test_pausing_and_resuming_a_supporter(client: httpx.AsyncClient, db: Database, services: Services) -> None:
    seeded = await seed(db, services)
    await sign_in(client, db, services)
    csrf = await csrf_of(client, "/dashboard/supporters")
    page = visible_text((await client.get("/dashboard/supporters")).text)
    assert "Lan (Mito)" in page
    assert "Vietnamese (Tiếng Việt) · native" in page
    assert "0 of 3 cases" in page
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


async def test_issuing_an_invite_code_shows_it(client: httpx.AsyncClient, db: Database, services: Services) -> None:
    await sign_in(client, db, services)
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


async def test_planning_a_day_in_tokyo_time(client: httpx.AsyncClient, db: Database, services: Services) -> None:
    await sign_in(client, db, services)
    csrf = await csrf_of(client, "/dashboard/days")
    form = {
        "csrf": csrf,
        "title": "North Kanto <b>day</b>",
        "date": "2026-12-06",
        "start": "10:00",
        "end": "16:00",
        "hub": ["north_kanto", "capital"],
        "language": ["vi", "km", "xx"],
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
    assert "Planned" in page
    backwards = await client.post("/dashboard/days", data={**form, "start": "16:00", "end": "10:00"})
    assert backwards.status_code == 400
    assert "must end after it starts" in backwards.text


# --- announcements --------------------------------------------------------------------------------------


async def _people(db: Database, services: Services, people: list[tuple[str, str, str, str | None]]) -> None:
    """Migrants as (channel, platform id, locale, hub of their latest case)."""
    now = services.clock()
    async with db.transaction() as session:
        for i, (channel, address, locale, hub) in enumerate(people):
            contact, _ = await find_or_create_contact(session, services.pseudonym_key, channel, address, now)
            contact.locale, contact.consent = locale, "given"
            await session.flush()
            if hub is not None:
                session.add(
                    Case(
                        number=f"ZZ-{i:04d}",
                        contact_id=contact.id,
                        channel=channel,
                        language=locale,
                        hub=hub,
                        status="closed",
                        created_at=now - dt.timedelta(days=30),
                        last_activity_at=now,
                    )
                )


async def _plan_day(db: Database) -> int:
    async with db.transaction() as session:
        day = ConsultationDay(
            title="North Kanto day",
            starts_at=dt.datetime(2026, 12, 6, 1, tzinfo=dt.UTC),
            ends_at=dt.datetime(2026, 12, 6, 7, tzinfo=dt.UTC),
            hubs=["north_kanto"],
            languages=["vi", "km"],
            status="planned",
        )
        session.add(day)
        await session.flush()
        return day.id


async def test_an_announcement_is_previewed_counted_confirmed_and_sent_to_the_days_people_only(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    await _people(
        db,
        services,
        [
            ("line", "U" + "a" * 32, "vi", "north_kanto"),
            ("telegram", "1001", "km", "north_kanto"),
            ("line", "U" + "b" * 32, "ne", "north_kanto"),  # a language the day does not serve
            ("line", "U" + "c" * 32, "vi", "kansai"),  # elsewhere
            ("telegram", "1002", "my", None),  # region unknown
        ],
    )
    day_id = await _plan_day(db)
    await sign_in(client, db, services, "Kato", CoordinatorRole.COORDINATOR)
    preview = await client.get(f"/dashboard/announce?day={day_id}")
    text = visible_text(preview.text)
    assert "2 people in all" in text
    assert "LINE: 1, Telegram: 1" in text
    assert "LINE pushes it will cost: 1. Left this month: 200 of 200." in text
    assert "Ngày tư vấn trực tuyến miễn phí" in preview.text  # the Vietnamese preview
    assert 'id="send"' not in preview.text  # a confirmation step first
    confirm = await client.get(f"/dashboard/announce?day={day_id}&confirm=1")
    assert 'id="send"' in confirm.text
    csrf = csrf_in(confirm.text)
    stale = await client.post("/dashboard/announce", data={"csrf": csrf, "day": str(day_id), "expected": "5"})
    assert stale.status_code == 409
    sent = await client.post("/dashboard/announce", data={"csrf": csrf, "day": str(day_id), "expected": "2"})
    assert sent.status_code == 200
    assert "on its way to 2 people" in sent.text
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
        day = await session.get(ConsultationDay, day_id)
        assert day is not None
        assert day.announced_at is not None
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "announce"))
        assert entry is not None
    again = await client.post("/dashboard/announce", data={"csrf": csrf, "day": str(day_id), "expected": "2"})
    assert again.status_code == 404  # not twice


async def test_an_announcement_over_the_line_quota_needs_an_administrator(db: Database, services: Services) -> None:
    await _people(db, services, [("line", "U" + c * 32, "vi", "north_kanto") for c in "abc"])
    day_id = await _plan_day(db)
    async with client_for(db, services, settings(quota=2)) as c:
        await sign_in(c, db, services, "Kato", CoordinatorRole.COORDINATOR)
        confirm = await c.get(f"/dashboard/announce?day={day_id}&confirm=1")
        assert "more than the LINE pushes left this month" in confirm.text
        form = {"csrf": csrf_in(confirm.text), "day": str(day_id), "expected": "3", "over_quota": "1"}
        refused = await c.post("/dashboard/announce", data=form)
        assert refused.status_code == 403
        async with db.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    async with client_for(db, services, settings(quota=2)) as c:
        await sign_in(c, db, services, "Sato", CoordinatorRole.ADMIN)
        confirm = await c.get(f"/dashboard/announce?day={day_id}&confirm=1")
        form = {"csrf": csrf_in(confirm.text), "day": str(day_id), "expected": "3"}
        assert (await c.post("/dashboard/announce", data=form)).status_code == 403  # not without saying so
        sent = await c.post("/dashboard/announce", data={**form, "over_quota": "1"})
        assert sent.status_code == 200
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 3


# --- statistics -----------------------------------------------------------------------------------------


async def _analytic_rows(db: Database) -> None:
    async with db.transaction() as session:
        topics = ["work"] * 12 + ["residence"] * 11 + ["family"] * 10 + ["health"] * 2
        for i, topic in enumerate(topics):
            session.add(
                AnalyticCase(
                    case_ref=f"ref-{i}",
                    person=f"p-{i}",
                    channel="line",
                    language="vi",
                    hub="north_kanto",
                    month="2026-11",
                    topic=topic,
                    policy_fields=["labour"],
                    aid_category="shelter" if i < 11 else None,
                    summary='=HYPERLINK("http://evil")' if i == 0 else "wages unpaid",
                )
            )


async def test_statistics_hide_counts_under_ten_whatever_the_url_says(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    await _analytic_rows(db)
    await sign_in(client, db, services)
    page = await client.get("/dashboard/stats?by=topic&k=1")
    text = visible_text(page.text)
    assert 'value="10"' in page.text  # k=1 was raised to 10
    assert re.search(r"Work and wages\s+12", text)
    assert re.search(r"Health and medical\s+\*", text)
    for label in ("Labour", "North Kanto", "Vietnamese (Tiếng Việt)", "Shelter and housing", "2026-11"):
        assert label in page.text  # the five charts, labelled in words
    assert page.text.count("<svg") == 6
    report = await client.get("/dashboard/stats/report.csv?by=topic&k=2")
    rows = list(csv.reader(io.StringIO(report.text.lstrip("\ufeff"))))
    assert rows[0] == ["Topic", "Cases", "Yen"]
    assert ["Health and medical", "*", "*"] in rows
    assert "attachment" in report.headers["content-disposition"]


async def test_the_row_level_export_is_for_administrators_audited_and_safe_in_a_spreadsheet(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    await _analytic_rows(db)
    await sign_in(client, db, services, "Sato", CoordinatorRole.ADMIN)
    response = await client.get("/dashboard/stats/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 35
    assert "platform_user_id" not in response.text
    assert any(r["summary"] == '\'=HYPERLINK("http://evil")' for r in rows)
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
    audit = visible_text((await client.get("/dashboard/audit?action=export_rows")).text)
    assert re.search(r"Sato\s+Downloaded the case log", audit)


# --- the audit log --------------------------------------------------------------------------------------


async def test_the_audit_page_names_who_did_what_and_filters(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    seeded = await seed(db, services)
    await sign_in(client, db, services, "Sato Yuki", CoordinatorRole.ADMIN)
    csrf = await csrf_of(client, f"/dashboard/cases/{seeded.case_id}")
    await client.post(
        f"/dashboard/cases/{seeded.case_id}/offer", data={"csrf": csrf, "supporter_id": str(seeded.supporter_id)}
    )
    page = await client.get("/dashboard/audit")
    assert 'href="/dashboard/audit" class=here' in page.text  # linked from the navigation
    text = visible_text(page.text)
    assert re.search(r"Sato Yuki\s+Signed in", text)
    assert re.search(r"Sato Yuki\s+Offered a case\s+AB-2345", text)
    only_offers = visible_text((await client.get("/dashboard/audit?action=offer")).text)
    assert "Offered a case" in only_offers
    assert "Signed in" not in only_offers.split("Filter", 1)[1]
    for secret in (MIGRANT_ID, seeded.migrant_key, QUESTION[:20]):
        assert secret not in page.text


# --- Japanese -------------------------------------------------------------------------------------------

CODES = re.compile(
    r"\b(north_kanto|policy_field|aid_category|on_hold|queued|offered|capital|kansai|work|health|labour|shelter|"
    r"[a-z]+_[a-z_]+)\b"
)


async def test_with_a_japanese_browser_every_page_is_japanese_without_codes(db: Database, services: Services) -> None:
    seeded = await seed(db, services)
    await _analytic_rows(db)
    day_id = await _plan_day(db)
    async with client_for(db, services) as c:
        c.headers["Accept-Language"] = "ja,en-US;q=0.8,en;q=0.5"
        login = await c.get("/dashboard/login")
        assert '<html lang="ja">' in login.text
        assert CODES.search(visible_text(login.text)) is None
        assert "サインイン" in login.text
        await sign_in(c, db, services, "佐藤", CoordinatorRole.ADMIN)
        csrf = await csrf_of(c, f"/dashboard/cases/{seeded.case_id}")
        await c.post(
            f"/dashboard/cases/{seeded.case_id}/offer", data={"csrf": csrf, "supporter_id": str(seeded.supporter_id)}
        )
        for path in (
            "/dashboard/board",
            f"/dashboard/cases/{seeded.case_id}",
            "/dashboard/supporters",
            "/dashboard/days",
            f"/dashboard/announce?day={day_id}&confirm=1",
            "/dashboard/stats?by=policy_field&by=hub&by=aid_category",
            "/dashboard/audit",
            "/dashboard/coordinators",
        ):
            page = await c.get(path)
            assert page.status_code == 200, path
            assert '<html lang="ja">' in page.text, path
            text = visible_text(page.text)
            assert CODES.search(text) is None, (path, CODES.search(text))
            for english in ("Live board", "Supporters", "Statistics", "Sign out", "Waiting", "Status"):
                assert english not in text, (path, english)
        board = visible_text((await c.get("/dashboard/board")).text)
        assert "ベトナム語（Tiếng Việt）" in board
        assert "北関東" in board
        audit = visible_text((await c.get("/dashboard/audit")).text)
        assert "佐藤" in audit
        # The switch changes the language, and remembers it.
        switched = await c.get("/dashboard/language/en?next=/dashboard/audit")
        assert switched.headers["location"] == "/dashboard/audit"
        english = await c.get("/dashboard/audit")
        assert '<html lang="en">' in english.text
        assert "Audit log" in english.text


def test_every_text_of_the_desk_reaches_the_catalogs() -> None:
    """Babel cannot see a gettext call inside an f-string; such a text would stay English for everyone."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    with (root / "locales" / "hotline.pot").open("rb") as fp:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fp) if m.id}
    called = re.compile(r"gettext\(\s*\"((?:[^\"\\]|\\.)*)\"\s*[,)]")
    for path in (root / "bot" / "dashboard").glob("*.py"):
        for msgid in called.findall(path.read_text(encoding="utf-8")):
            assert msgid.encode().decode("unicode_escape") in template, (path.name, msgid)


# --- the command line -----------------------------------------------------------------------------------


async def test_hotline_coordinators_add_prints_a_link_that_signs_in_once(tmp_path: object, services: Services) -> None:
    import asyncio
    from pathlib import Path

    from tests.bot.test_cli import hotline

    folder = Path(str(tmp_path))
    env = {
        "HOTLINE_DATABASE_URL": f"sqlite:///{folder / 'desk.db'}",
        "HOTLINE_PUBLIC_URL": "https://hotline.example.org",
    }
    assert (await asyncio.to_thread(hotline, "db", "upgrade", env=env, cwd=folder)).returncode == 0
    added = await asyncio.to_thread(
        hotline, "coordinators", "add", "--name", "Sato Yuki", "--role", "admin", env=env, cwd=folder
    )
    assert added.returncode == 0, added.stderr
    link = added.stdout.strip()
    assert re.fullmatch(r"https://hotline\.example\.org/dashboard/signin/[A-Za-z0-9_-]{40,}", link)
    twice = await asyncio.to_thread(hotline, "coordinators", "add", "--name", "sato  yuki", env=env, cwd=folder)
    assert twice.returncode == 2
    assert twice.stderr.strip() == "hotline: There is already a coordinator named sato yuki."
    wrong = await asyncio.to_thread(
        hotline, "coordinators", "add", "--name", "Kato", "--role", "boss", env=env, cwd=folder
    )
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "hotline: --role must be coordinator or admin."
    db = Database(env["HOTLINE_DATABASE_URL"])
    try:
        async with client_for(db, services) as c:
            token = link.rsplit("/", 1)[1]
            assert (await use_link(c, token)).status_code == 303
            assert (await c.get("/dashboard/coordinators")).status_code == 200  # an administrator
            c.cookies.clear()
            assert (await use_link(c, token)).status_code == 410
    finally:
        await db.dispose()


async def test_the_board_stream_pushes_a_new_case_and_ends_with_the_session(db: Database, services: Services) -> None:
    from bot.sandbox.serve import serve_app

    app = dashboard_app(db, services, settings())
    async with serve_app(app) as url, httpx.AsyncClient(base_url=url, headers={"Accept-Language": "en"}) as c:
        await sign_in(c, db, services)
        csrf = await csrf_of(c, "/dashboard/board")
        async with c.stream("GET", "/dashboard/board/stream", timeout=30) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            events = stream.aiter_lines()

            async def next_board() -> str:
                data = []
                async for line in events:
                    if line.startswith("data: "):
                        data.append(line[6:])
                    elif not line and data:
                        return "\n".join(data)
                raise AssertionError("the stream ended")

            assert "No open cases." in await next_board()
            await seed(db, services)
            pushed = await next_board()
            assert "AB-2345" in pushed
            assert "Vietnamese (Tiếng Việt)" in pushed
        # Signing out ends the stream it had opened: the next one is refused.
        assert (await c.post("/dashboard/logout", data={"csrf": csrf})).status_code == 303
        refused = await c.get("/dashboard/board/stream")
        assert refused.status_code == 303


async def test_the_push_budget_reads_the_ledger_and_lines_own_quota(db: Database, services: Services) -> None:
    from storage.pushes import count_pushes, record_quota

    await _people(db, services, [("line", "U" + c * 32, "vi", "north_kanto") for c in "ab"])
    day_id = await _plan_day(db)
    async with db.transaction() as session:
        await count_pushes(session, services.clock(), 150)
    async with client_for(db, services) as c:
        await sign_in(c, db, services)
        page = visible_text((await c.get(f"/dashboard/announce?day={day_id}")).text)
        assert "LINE pushes it will cost: 2. Left this month: 50 of 200." in page
        async with db.transaction() as session:
            await record_quota(session, services.clock(), 500, 460)  # LINE's count includes its own tools
        page = visible_text((await c.get(f"/dashboard/announce?day={day_id}")).text)
        assert "LINE pushes it will cost: 2. Left this month: 40 of 500." in page


async def test_an_erasure_is_audited_by_case_number_only(
    client: httpx.AsyncClient, db: Database, services: Services
) -> None:
    from storage.erasure import erase_person

    seeded = await seed(db, services)
    async with db.transaction() as session:
        migrant = await session.scalar(select(Case.contact_id).where(Case.id == seeded.case_id))
        from storage.models import Contact

        contact = await session.get(Contact, migrant)
        assert contact is not None
        await erase_person(session, contact, services.pseudonym_key, services.clock())
    await sign_in(client, db, services)
    page = await client.get("/dashboard/audit?action=erase")
    assert re.search(r"Erased a person's data\s+AB-2345", visible_text(page.text))
    for secret in (MIGRANT_ID, seeded.migrant_key, QUESTION[:20]):
        assert secret not in page.text
