"""The dashboard's endpoints. Pages are GET; every change is a POST carrying the session's CSRF token."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.dashboard import pages, queries
from bot.dashboard.auth import COOKIE_NAME, SESSION_SECONDS, SessionSigner
from bot.settings import Settings
from handlers.context import Services
from handlers.days import DayError, announce_day, create_day
from handlers.language import LANGUAGE_NAMES, SUPPORTED_LOCALES
from storage.db import Database
from storage.exports import DEFAULT_K, DIMENSIONS, build_report, export_analytic_log
from storage.invites import create_invite, format_code
from storage.models import Case

log = structlog.get_logger(__name__)

TOKYO = ZoneInfo("Asia/Tokyo")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

Page = Callable[[Request, str], Awaitable[Response]]  # (request, csrf token) -> response


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(pages.url(path), status_code=303, headers=SECURITY_HEADERS)


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def _hubs(services: Services) -> list[tuple[str, str]]:
    return [(code, hub.name_en) for code, hub in services.hub_map.hubs.items()]


def _languages() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES[code]) for code in SUPPORTED_LOCALES]


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


class Dashboard:
    """The endpoints for one Settings; db and services come from the app's state at request time."""

    def __init__(self, settings: Settings) -> None:
        token = settings.admin_token.get_secret_value() if settings.admin_token is not None else ""
        self.signer = SessionSigner(token) if token else None

    def routes(self) -> list[BaseRoute]:
        page, action = self._page, self._action
        return [
            Route("/", page(self.home), methods=["GET"]),
            Route("/login", self.login_form, methods=["GET"]),
            Route("/login", self.login, methods=["POST"]),
            Route("/logout", action(self.logout), methods=["POST"]),
            Route("/queue", page(self.queue), methods=["GET"]),
            Route("/cases/{case_id:int}", page(self.case), methods=["GET"]),
            Route("/cases/{case_id:int}/offer", action(self.offer), methods=["POST"]),
            Route("/cases/{case_id:int}/route", action(self.route_again), methods=["POST"]),
            Route("/supporters", page(self.supporters), methods=["GET"]),
            Route("/supporters/{supporter_id:int}/{verb:str}", action(self.pause_or_resume), methods=["POST"]),
            Route("/supporters/invite", action(self.invite), methods=["POST"]),
            Route("/days", page(self.days), methods=["GET"]),
            Route("/days", action(self.create_day), methods=["POST"]),
            Route("/days/{day_id:int}/announce", action(self.announce), methods=["POST"]),
            Route("/stats", page(self.stats), methods=["GET"]),
            Route("/stats/export.csv", page(self.export_csv), methods=["GET"]),
        ]

    # --- the gate ---------------------------------------------------------------------------------------

    def _session(self, request: Request) -> str | None:
        if self.signer is None:  # no password set: the dashboard is closed (see `routes`)
            return None
        cookie = request.cookies.get(COOKIE_NAME)
        return cookie if cookie is not None and self.signer.valid(cookie) else None

    def _page(self, endpoint: Page) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            if self.signer is None:
                return _html(pages.disabled_page(), 503)
            session = self._session(request)
            if session is None:
                return _see("login")
            return await endpoint(request, self.signer.csrf_for(session))

        return guarded

    def _action(self, endpoint: Callable[[Request, FormData, str], Awaitable[Response]]) -> Any:
        async def guarded(request: Request) -> Response:
            if self.signer is None:
                return _html(pages.disabled_page(), 503)
            session = self._session(request)
            if session is None:
                return _see("login")
            form = await request.form()
            offered = form.get("csrf")
            if not self.signer.csrf_valid(session, offered if isinstance(offered, str) else None):
                log.warning("dashboard.csrf_refused", path=request.url.path)
                return _html(pages.layout("Refused", "<p>This form has expired. Go back and try again.</p>"), 403)
            return await endpoint(request, form, self.signer.csrf_for(session))

        return guarded

    async def login_form(self, request: Request) -> Response:
        if self.signer is None:
            return _html(pages.disabled_page(), 503)
        if self._session(request) is not None:
            return _see("queue")
        return _html(pages.login_page())

    async def login(self, request: Request) -> Response:
        if self.signer is None:
            return _html(pages.disabled_page(), 503)
        form = await request.form()
        token = form.get("token")
        if not isinstance(token, str) or not self.signer.token_matches(token):
            log.warning("dashboard.login_refused")
            await asyncio.sleep(0.5)  # slows guessing a little; a long random token does the rest
            return _html(pages.login_page("That token is not right."), 401)
        log.info("dashboard.login")
        response = _see("queue")
        response.set_cookie(
            COOKIE_NAME,
            self.signer.issue(),
            max_age=SESSION_SECONDS,
            path=pages.PREFIX,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    async def logout(self, request: Request, form: FormData, csrf: str) -> Response:
        response = _see("login")
        response.delete_cookie(COOKIE_NAME, path=pages.PREFIX, httponly=True, samesite="strict")
        return response

    # --- queue and cases --------------------------------------------------------------------------------

    async def home(self, request: Request, csrf: str) -> Response:
        return _see("queue")

    async def queue(self, request: Request, csrf: str) -> Response:
        async with _db(request).sessions() as session:
            rows = await queries.live_queue(session, _services(request))
        return _html(pages.queue_page(rows, csrf, request.query_params.get("notice")))

    async def _case_page(
        self, request: Request, case_id: int, csrf: str, *, notice: str | None = None, error: str | None = None
    ) -> Response:
        services = _services(request)
        async with _db(request).sessions() as session:
            row = await queries.queue_row(session, services, case_id)
            case = await session.get(Case, case_id)
            if row is None or case is None:
                return _html(pages.layout("Not found", "<p>This case is not open.</p>", csrf=csrf), 404)
            candidates = await queries.candidates_for(session, services, case)
        return _html(pages.case_page(row, candidates, csrf, notice, error), 400 if error else 200)

    async def case(self, request: Request, csrf: str) -> Response:
        return await self._case_page(
            request, request.path_params["case_id"], csrf, notice=request.query_params.get("notice")
        )

    async def offer(self, request: Request, form: FormData, csrf: str) -> Response:
        case_id = request.path_params["case_id"]
        supporter_id = _int(form.get("supporter_id"))
        if supporter_id is None:
            return await self._case_page(request, case_id, csrf, error="Choose a supporter.")
        try:
            async with _db(request).transaction() as session:
                alias = await queries.offer_case(session, _services(request), case_id, supporter_id)
        except queries.DashboardError as exc:
            return await self._case_page(request, case_id, csrf, error=str(exc))
        self._poke(request)
        return _see(f"cases/{case_id}?notice=Offer+sent+to+{alias}")

    async def route_again(self, request: Request, form: FormData, csrf: str) -> Response:
        case_id = request.path_params["case_id"]
        try:
            async with _db(request).transaction() as session:
                outcome = await queries.route_again(session, _services(request), case_id)
        except queries.DashboardError as exc:
            return await self._case_page(request, case_id, csrf, error=str(exc))
        self._poke(request)
        return _see(f"cases/{case_id}?notice=Routed+again:+{outcome.replace(' ', '+')}")

    @staticmethod
    def _poke(request: Request) -> None:
        sender = getattr(request.app.state, "sender", None)
        if sender is not None:
            sender.poke()

    # --- supporters and invites -------------------------------------------------------------------------

    async def _supporters_page(
        self, request: Request, csrf: str, new_code: str | None = None, notice: str | None = None
    ) -> Response:
        services = _services(request)
        async with _db(request).sessions() as session:
            rows = await queries.supporters(session)
            invites = await queries.open_invites(session, services.clock())
        return _html(pages.supporters_page(rows, invites, _hubs(services), csrf, new_code, notice))

    async def supporters(self, request: Request, csrf: str) -> Response:
        return await self._supporters_page(request, csrf, notice=request.query_params.get("notice"))

    async def pause_or_resume(self, request: Request, form: FormData, csrf: str) -> Response:
        verb = request.path_params["verb"]
        if verb not in ("pause", "resume"):
            return _html(pages.layout("Not found", "<p>No such action.</p>", csrf=csrf), 404)
        try:
            async with _db(request).transaction() as session:
                await queries.set_paused(session, request.path_params["supporter_id"], verb == "pause")
        except queries.DashboardError as exc:
            return _html(pages.layout("Not found", f"<p>{html.escape(str(exc))}</p>", csrf=csrf), 404)
        return _see("supporters?notice=" + ("Paused." if verb == "pause" else "Resumed."))

    async def invite(self, request: Request, form: FormData, csrf: str) -> Response:
        services = _services(request)
        hubs = [h for h in form.getlist("hub") if isinstance(h, str) and h in services.hub_map.hubs]
        async with _db(request).transaction() as session:
            invite = await create_invite(
                session, services.clock(), hubs=hubs, coordinator=form.get("coordinator") == "1"
            )
            code = format_code(invite.code)
        log.info("dashboard.invite_issued", coordinator=invite.coordinator, hubs=hubs)
        return await self._supporters_page(request, csrf, new_code=code)

    # --- consultation days ------------------------------------------------------------------------------

    async def _days_page(
        self, request: Request, csrf: str, *, notice: str | None = None, error: str | None = None
    ) -> Response:
        async with _db(request).sessions() as session:
            rows = await queries.days(session)
        body = pages.days_page(rows, _hubs(_services(request)), _languages(), csrf, notice, error)
        return _html(body, 400 if error else 200)

    async def days(self, request: Request, csrf: str) -> Response:
        return await self._days_page(request, csrf, notice=request.query_params.get("notice"))

    async def create_day(self, request: Request, form: FormData, csrf: str) -> Response:
        services = _services(request)
        title = str(form.get("title") or "").strip()[:128]
        try:
            date = dt.date.fromisoformat(str(form.get("date") or ""))
            start = dt.time.fromisoformat(str(form.get("start") or ""))
            end = dt.time.fromisoformat(str(form.get("end") or ""))
        except ValueError:
            return await self._days_page(request, csrf, error="Give a date and start and end times.")
        if not title:
            return await self._days_page(request, csrf, error="Give the day a title.")
        hubs = [h for h in form.getlist("hub") if isinstance(h, str) and h in services.hub_map.hubs]
        languages = [x for x in form.getlist("language") if isinstance(x, str) and x in LANGUAGE_NAMES]
        starts_at = dt.datetime.combine(date, start, tzinfo=TOKYO).astimezone(dt.UTC)
        ends_at = dt.datetime.combine(date, end, tzinfo=TOKYO).astimezone(dt.UTC)
        try:
            async with _db(request).transaction() as session:
                await create_day(
                    session, title=title, starts_at=starts_at, ends_at=ends_at, hubs=hubs, languages=languages
                )
        except DayError as exc:
            return await self._days_page(request, csrf, error=str(exc))
        return _see("days?notice=Consultation+day+planned.")

    async def announce(self, request: Request, form: FormData, csrf: str) -> Response:
        try:
            async with _db(request).transaction() as session:
                count = await announce_day(session, _services(request), request.path_params["day_id"])
        except DayError as exc:
            return await self._days_page(request, csrf, error=str(exc))
        self._poke(request)
        return _see(f"days?notice=Announcement+queued+for+{count}+people.")

    # --- statistics -------------------------------------------------------------------------------------

    async def stats(self, request: Request, csrf: str) -> Response:
        params = request.query_params
        chosen = [d for d in params.getlist("by") if d]
        k = _int(params.get("k")) or DEFAULT_K
        if not chosen:
            return _html(pages.stats_page(DIMENSIONS, ["policy_field"], k, csrf))
        try:
            report = await build_report(_db(request), chosen, max(k, 1))
        except ValueError as exc:
            return _html(pages.stats_page(DIMENSIONS, chosen, k, csrf, error=str(exc)), 400)
        return _html(pages.stats_page(DIMENSIONS, chosen, k, csrf, report))

    async def export_csv(self, request: Request, csrf: str) -> Response:
        folder = Path(tempfile.mkdtemp(prefix="hotline-export-"))
        path = folder / "analytic-cases.csv"
        rows = await export_analytic_log(_db(request), path, "csv")
        log.info("dashboard.export", rows=rows)
        stamp = _services(request).clock().astimezone(TOKYO).strftime("%Y%m%d-%H%M")

        def remove() -> None:
            path.unlink(missing_ok=True)
            folder.rmdir()

        return FileResponse(
            path,
            media_type="text/csv; charset=utf-8",
            filename=f"hotline-cases-{stamp}.csv",
            headers=SECURITY_HEADERS,
            background=BackgroundTask(remove),
        )
