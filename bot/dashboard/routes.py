"""The desk's endpoints. Pages are GET; every change is a POST carrying its CSRF token; every endpoint but the
sign-in ones needs a live session, and the administrators' ones the admin role."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import tempfile
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from bot.dashboard import actions, auth, pages, queries, words
from bot.dashboard.pages import AnnouncementPlan, View
from bot.dashboard.quota import push_budget
from bot.settings import Settings
from handlers.context import Services
from handlers.days import DayError, announce_day, announcement_text, create_day
from handlers.i18n import translator
from handlers.language import LANGUAGE_NAMES
from handlers.messages import Outbound
from storage import coordinators as accounts
from storage.audit import AuditFilter, DeskAction, audit_rows, audited_actions, record
from storage.coordinators import CoordinatorError, CoordinatorRole, SignedIn
from storage.days import announcement_recipients
from storage.db import Database
from storage.exports import build_report, export_analytic_log, neutralise_cell
from storage.invites import create_invite, format_code
from storage.listings import list_days, list_supporters
from storage.models import Case, ConsultationDay, Coordinator
from storage.outbox import enqueue
from storage.states import DayStatus, OfferRole

log = structlog.get_logger(__name__)

TOKYO = ZoneInfo("Asia/Tokyo")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STREAM_POLL_SECONDS = 1.0
STREAM_REFRESH_SECONDS = 30.0  # remaining times move on even when nothing else does
CHART_DIMENSIONS = ("policy_field", "month", "hub", "language", "aid_category")

Endpoint = Callable[[Request, View], Awaitable[Response]]
Action = Callable[[Request, FormData, View], Awaitable[Response]]


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


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else None


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def _audit(
    session: AsyncSession,
    services: Services,
    view: View,
    action: DeskAction,
    *,
    case_id: int | None = None,
    supporter_id: int | None = None,
    detail: str = "",
) -> None:
    """Record in the audit log that the signed-in coordinator did `action`."""
    who = view.who.coordinator_id if view.who else None
    record(
        session, services.clock(), action, coordinator_id=who, case_id=case_id, supporter_id=supporter_id, detail=detail
    )


def _poke(request: Request) -> None:
    sender = getattr(request.app.state, "sender", None)
    if sender is not None:
        sender.poke()


class Dashboard:
    """The endpoints for one Settings; db and services come from the app's state at request time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.break_glass = settings.admin_token.get_secret_value() if settings.admin_token is not None else ""
        self.secure = auth.cookies_need_https(settings.public_url)
        self.limiter = auth.AttemptLimiter()

    def routes(self) -> list[BaseRoute]:
        page, action = self._page, self._action
        return [
            Route("/", page(self.home), methods=["GET"]),
            Route("/login", self.sign_in_form, methods=["GET"]),
            Route("/login/link", self.request_link, methods=["POST"]),
            Route("/login/token", self.sign_in_with_token, methods=["POST"]),
            Route("/signin/{token:str}", self.link_form, methods=["GET"]),
            Route("/signin/{token:str}", self.sign_in_with_link, methods=["POST"]),
            Route("/language/{code:str}", self.switch_language, methods=["GET"]),
            Route("/static/board.js", self.board_js, methods=["GET"]),
            Route("/logout", action(self.sign_out), methods=["POST"]),
            Route("/board", page(self.board), methods=["GET"]),
            Route("/queue", page(self.home), methods=["GET"]),
            Route("/board/stream", page(self.board_stream), methods=["GET"]),
            Route("/cases/{case_id:int}", page(self.case), methods=["GET"]),
            Route("/cases/{case_id:int}/offer", action(self.offer), methods=["POST"]),
            Route("/cases/{case_id:int}/route", action(self.route_again), methods=["POST"]),
            Route("/cases/{case_id:int}/interpreter", action(self.interpreter), methods=["POST"]),
            Route("/cases/{case_id:int}/transfer", action(self.transfer), methods=["POST"]),
            Route("/cases/{case_id:int}/note", action(self.note), methods=["POST"]),
            Route("/supporters", page(self.supporters), methods=["GET"]),
            Route("/supporters/invite", action(self.invite), methods=["POST"]),
            Route("/supporters/{supporter_id:int}/{verb:str}", action(self.pause_or_resume), methods=["POST"]),
            Route("/days", page(self.days), methods=["GET"]),
            Route("/days", action(self.create_day), methods=["POST"]),
            Route("/announce", page(self.announce_form), methods=["GET"]),
            Route("/announce", action(self.announce), methods=["POST"]),
            Route("/stats", page(self.stats), methods=["GET"]),
            Route("/stats/report.csv", page(self.report_csv), methods=["GET"]),
            Route("/stats/export.csv", page(self.export_csv, admin=True), methods=["GET"]),
            Route("/audit", page(self.audit), methods=["GET"]),
            Route("/coordinators", page(self.coordinators, admin=True), methods=["GET"]),
            Route("/coordinators", action(self.add_coordinator, admin=True), methods=["POST"]),
            Route("/coordinators/{coordinator_id:int}/link", action(self.new_link, admin=True), methods=["POST"]),
        ]

    # --- the gate ---------------------------------------------------------------------------------------

    def _view(self, request: Request, who: SignedIn | None = None, csrf: str | None = None) -> View:
        code = words.pick_locale(request.cookies.get(auth.LANG_COOKIE_NAME), request.headers.get("accept-language"))
        return View(words.desk_translator(code), request.url.path, who, csrf)

    async def _signed_in(self, request: Request) -> tuple[SignedIn, str] | None:
        token = request.cookies.get(auth.COOKIE_NAME)
        if not token or len(token) > 100:
            return None
        async with _db(request).sessions() as session:
            who = await accounts.signed_in(session, token, _services(request).clock())
        return (who, token) if who is not None else None

    def _refuse(self, view: View, status: int) -> Response:
        title = view.gettext("Not allowed") if status == 403 else view.gettext("Not found")
        text = (
            view.gettext("This page is for administrators.")
            if status == 403
            else view.gettext("There is nothing here.")
        )
        return _html(pages.simple_page(view, title, text), status)

    def _page(self, endpoint: Endpoint, *, admin: bool = False) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            found = await self._signed_in(request)
            if found is None:
                return _see("login")
            who, token = found
            view = self._view(request, who, auth.csrf_for(token))
            if admin and not who.is_admin:
                return self._refuse(view, 403)
            return await endpoint(request, view)

        return guarded

    def _action(self, endpoint: Action, *, admin: bool = False) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            found = await self._signed_in(request)
            if found is None:
                return _see("login")
            who, token = found
            view = self._view(request, who, auth.csrf_for(token))
            form = await request.form()
            if not auth.csrf_valid(token, form.get("csrf")):
                log.warning("dashboard.csrf_refused", path=request.url.path)
                text = view.gettext("This form has expired. Go back, reload the page and try again.")
                return _html(pages.simple_page(view, view.gettext("Not allowed"), text), 403)
            if admin and not who.is_admin:
                return self._refuse(view, 403)
            return await endpoint(request, form, view)

        return guarded

    def _anonymous_view(self, request: Request) -> tuple[View, str]:
        pre = request.cookies.get(auth.PRE_COOKIE_NAME)
        if not pre or len(pre) > 100:
            pre = auth.new_pre_token()
        return self._view(request, None, pre), pre

    def _with_pre_cookie(self, response: Response, pre: str) -> Response:
        response.set_cookie(
            auth.PRE_COOKIE_NAME,
            pre,
            max_age=3600,
            path=pages.PREFIX,
            httponly=True,
            samesite="strict",
            secure=self.secure,
        )
        return response

    def _too_many(self, request: Request, view: View) -> Response | None:
        wait = self.limiter.retry_after(_client(request))
        if wait is None:
            return None
        log.warning("dashboard.sign_in_rate_limited")
        body = pages.sign_in_page(
            view,
            break_glass=bool(self.break_glass),
            error=view.gettext("Too many attempts. Wait {seconds} seconds and try again.", seconds=wait),
        )
        response = _html(body, 429)
        response.headers["Retry-After"] = str(wait)
        return response

    async def _pre_checked(self, request: Request) -> tuple[View, str, FormData] | Response:
        view, pre = self._anonymous_view(request)
        limited = self._too_many(request, view)
        if limited is not None:
            return limited
        form = await request.form()
        if not auth.pre_token_valid(request.cookies.get(auth.PRE_COOKIE_NAME), form.get("csrf")):
            text = view.gettext("This form has expired. Go back, reload the page and try again.")
            return _html(pages.simple_page(view, view.gettext("Not allowed"), text), 403)
        return view, pre, form

    async def _start_session(self, request: Request, coordinator: Coordinator) -> Response:
        services = _services(request)
        async with _db(request).transaction() as session:
            token = await accounts.open_session(session, coordinator.id, services.clock())
            record(session, services.clock(), DeskAction.SIGN_IN, coordinator_id=coordinator.id)
        log.info("dashboard.sign_in", coordinator=coordinator.id)
        response = _see("board")
        response.set_cookie(
            auth.COOKIE_NAME,
            token,
            max_age=auth.SESSION_SECONDS,
            path=pages.PREFIX,
            httponly=True,
            samesite="strict",
            secure=self.secure,
        )
        response.delete_cookie(auth.PRE_COOKIE_NAME, path=pages.PREFIX)
        return response

    # --- signing in and out -----------------------------------------------------------------------------

    async def sign_in_form(self, request: Request) -> Response:
        if await self._signed_in(request) is not None:
            return _see("board")
        view, pre = self._anonymous_view(request)
        return self._with_pre_cookie(_html(pages.sign_in_page(view, break_glass=bool(self.break_glass))), pre)

    async def request_link(self, request: Request) -> Response:
        checked = await self._pre_checked(request)
        if isinstance(checked, Response):
            return checked
        view, pre, form = checked
        name = str(form.get("name") or "")[:64]
        services = _services(request)
        now = services.clock()
        sent = False
        async with _db(request).transaction() as session:
            coordinator = await accounts.coordinator_for_chat_request(session, name, now)
            chat = await accounts.chat_of(session, coordinator) if coordinator is not None else None
            if coordinator is not None and chat is not None:
                token = await accounts.issue_sign_in_link(session, coordinator.id, now)
                tr = translator(chat.locale)
                text = tr.gettext(
                    "Your sign-in link for the coordinators' desk. It works once, within 24 hours:\n{link}\n"
                    "If you did not ask for it, ignore this message.",
                    link=self._link(token),
                )
                enqueue(session, chat.id, Outbound(text).to_json(), now)
                record(session, now, DeskAction.LINK_SENT, coordinator_id=coordinator.id)
                sent = True
        if sent:
            _poke(request)
        # The same answer either way: the page does not tell who is a coordinator.
        notice = view.gettext(
            "If a coordinator registered with the bot has this name, a link is on its way to their chat."
        )
        body = pages.sign_in_page(view, break_glass=bool(self.break_glass), notice=notice)
        return self._with_pre_cookie(_html(body), pre)

    def _link(self, token: str) -> str:
        return f"{self.settings.desk_url()}{pages.url('signin/' + token)}"

    async def sign_in_with_token(self, request: Request) -> Response:
        checked = await self._pre_checked(request)
        if isinstance(checked, Response):
            return checked
        view, pre, form = checked
        if not auth.admin_token_matches(self.break_glass, form.get("token")):
            log.warning("dashboard.sign_in_refused", method="token")
            services = _services(request)
            async with _db(request).transaction() as session:
                record(session, services.clock(), DeskAction.SIGN_IN_REFUSED, allowed=False)
            body = pages.sign_in_page(
                view, break_glass=bool(self.break_glass), error=view.gettext("That token is not right.")
            )
            return self._with_pre_cookie(_html(body, 401), pre)
        async with _db(request).transaction() as session:
            coordinator = await accounts.break_glass_admin(session, _services(request).clock())
        return await self._start_session(request, coordinator)

    async def link_form(self, request: Request) -> Response:
        # Showing the page does not use the link up: chat apps open links to preview them.
        view, pre = self._anonymous_view(request)
        token = request.path_params["token"]
        async with _db(request).sessions() as session:
            coordinator = await accounts.link_holder(session, token, _services(request).clock())
        body = pages.link_page(view, token, coordinator.name if coordinator is not None else None)
        return self._with_pre_cookie(_html(body, 200 if coordinator is not None else 410), pre)

    async def sign_in_with_link(self, request: Request) -> Response:
        checked = await self._pre_checked(request)
        if isinstance(checked, Response):
            return checked
        view, pre, _form = checked
        token = request.path_params["token"]
        async with _db(request).transaction() as session:
            coordinator = await accounts.redeem_sign_in_link(session, token, _services(request).clock())
        if coordinator is None:
            log.warning("dashboard.sign_in_refused", method="link")
            return self._with_pre_cookie(_html(pages.link_page(view, token, None), 410), pre)
        return await self._start_session(request, coordinator)

    async def sign_out(self, request: Request, form: FormData, view: View) -> Response:
        token = request.cookies.get(auth.COOKIE_NAME) or ""
        services = _services(request)
        async with _db(request).transaction() as session:
            await accounts.close_session(session, token, services.clock())
            if view.who is not None:
                record(session, services.clock(), DeskAction.SIGN_OUT, coordinator_id=view.who.coordinator_id)
        response = _see("login")
        response.delete_cookie(
            auth.COOKIE_NAME, path=pages.PREFIX, httponly=True, samesite="strict", secure=self.secure
        )
        return response

    async def switch_language(self, request: Request) -> Response:
        code = request.path_params["code"]
        target = request.query_params.get("next", "")
        if not target.startswith(pages.PREFIX + "/") or "//" in target or "\\" in target:
            target = pages.url("board")
        response = RedirectResponse(target, status_code=303, headers=SECURITY_HEADERS)
        if code in words.DESK_LOCALES:
            response.set_cookie(
                auth.LANG_COOKIE_NAME, code, max_age=365 * 86400, path=pages.PREFIX, samesite="lax", secure=self.secure
            )
        return response

    async def board_js(self, request: Request) -> Response:
        return Response(
            pages.BOARD_JS,
            media_type="text/javascript",
            headers={**SECURITY_HEADERS, "Cache-Control": "max-age=300"},
        )

    # --- the board and cases ----------------------------------------------------------------------------

    async def home(self, request: Request, view: View) -> Response:
        return _see("board")

    async def _board_fragment(self, request: Request, view: View) -> tuple[str, str]:
        services = _services(request)
        now = services.clock()
        async with _db(request).sessions() as session:
            board = await queries.board(session, now)
        return pages.board_fragment(view, services, board, now), board.fingerprint

    async def board(self, request: Request, view: View) -> Response:
        fragment, _ = await self._board_fragment(request, view)
        return _html(pages.board_page(view, fragment, request.query_params.get("notice")))

    async def board_stream(self, request: Request, view: View) -> Response:
        """Server-sent events: the board's fragment again whenever a case or an offer changes."""
        token = request.cookies.get(auth.COOKIE_NAME) or ""

        async def events() -> AsyncIterator[str]:
            last = ""
            quiet = 0.0
            yield "retry: 3000\n\n"
            while True:
                if await request.is_disconnected():
                    return
                async with _db(request).sessions() as session:
                    alive = await accounts.signed_in(session, token, _services(request).clock())
                if alive is None:
                    yield "event: signed-out\ndata: \n\n"
                    return
                fragment, fingerprint = await self._board_fragment(request, view)
                if fingerprint != last or quiet >= STREAM_REFRESH_SECONDS:
                    last, quiet = fingerprint, 0.0
                    yield "event: board\n" + "".join(f"data: {line}\n" for line in fragment.split("\n")) + "\n"
                else:
                    yield ": still here\n\n"
                await asyncio.sleep(STREAM_POLL_SECONDS)
                quiet += STREAM_POLL_SECONDS

        headers = {**SECURITY_HEADERS, "X-Accel-Buffering": "no"}
        return StreamingResponse(events(), media_type="text/event-stream", headers=headers)

    async def _case_page(
        self, request: Request, view: View, case_id: int, *, notice: str | None = None, error: str | None = None
    ) -> Response:
        services = _services(request)
        now = services.clock()
        async with _db(request).sessions() as session:
            rows = await queries.live_queue(session, case_id)
            case = await session.get(Case, case_id)
            if not rows or case is None:
                return _html(
                    pages.simple_page(view, view.gettext("Not found"), view.gettext("This case is not open.")), 404
                )
            page = pages.case_page(
                view,
                services,
                rows[0],
                now,
                history=await queries.offer_history(session, case_id),
                reasons=await queries.routing_reasons(session, case_id),
                notes=await queries.notes_of(session, case_id),
                supporters_=await queries.candidates_for(session, services, case, OfferRole.SUPPORTER),
                interpreters=await queries.candidates_for(session, services, case, OfferRole.INTERPRETER),
                notice=notice,
                error=error,
            )
        return _html(page, 400 if error else 200)

    async def case(self, request: Request, view: View) -> Response:
        notice = {
            "offered": view.gettext("The offer is sent. The supporter answers in their chat."),
            "routed": view.gettext("The router has offered the case."),
            "queued": view.gettext("Nobody could be offered the case; it waits in the queue."),
            "interpreter": view.gettext("An interpreter is being asked."),
            "no-interpreter": view.gettext("No interpreter is free now."),
            "transferred": view.gettext("The case is passed on."),
            "noted": view.gettext("The note is saved."),
        }.get(request.query_params.get("done", ""))
        return await self._case_page(request, view, request.path_params["case_id"], notice=notice)

    async def _case_action(
        self,
        request: Request,
        view: View,
        action: DeskAction,
        work: Callable[[AsyncSession, Services, int], Awaitable[str]],
        detail: str = "",
    ) -> Response:
        """Do `work` on the case (it returns the notice to show), record it in the audit log, show the case."""
        case_id = request.path_params["case_id"]
        services = _services(request)
        try:
            async with _db(request).transaction() as session:
                done = await work(session, services, case_id)
                _audit(session, services, view, action, case_id=case_id, detail=detail)
        except queries.DashboardError as exc:
            return await self._case_page(request, view, case_id, error=view.gettext(str(exc)))
        _poke(request)
        return _see(f"cases/{case_id}?done={done}")

    async def offer(self, request: Request, form: FormData, view: View) -> Response:
        supporter_id = _int(form.get("supporter_id"))
        role = "interpreter" if form.get("role") == "interpreter" else "supporter"
        if supporter_id is None:
            return await self._case_page(
                request, view, request.path_params["case_id"], error=view.gettext("Choose a supporter.")
            )

        async def work(session: AsyncSession, services: Services, case_id: int) -> str:
            await actions.offer_to(session, services, case_id, supporter_id, role)
            return "offered"

        return await self._case_action(
            request,
            view,
            DeskAction.INTERPRETER if role == "interpreter" else DeskAction.OFFER,
            work,
            detail=f"supporter #{supporter_id}",
        )

    async def route_again(self, request: Request, form: FormData, view: View) -> Response:
        async def work(session: AsyncSession, services: Services, case_id: int) -> str:
            return "routed" if await actions.route_again(session, services, case_id) else "queued"

        return await self._case_action(request, view, DeskAction.REASSIGN, work)

    async def interpreter(self, request: Request, form: FormData, view: View) -> Response:
        async def work(session: AsyncSession, services: Services, case_id: int) -> str:
            return "interpreter" if await actions.add_interpreter(session, services, case_id) else "no-interpreter"

        return await self._case_action(request, view, DeskAction.INTERPRETER, work)

    async def transfer(self, request: Request, form: FormData, view: View) -> Response:
        async def work(session: AsyncSession, services: Services, case_id: int) -> str:
            await actions.transfer(session, services, case_id)
            return "transferred"

        return await self._case_action(request, view, DeskAction.TRANSFER, work)

    async def note(self, request: Request, form: FormData, view: View) -> Response:
        async def work(session: AsyncSession, services: Services, case_id: int) -> str:
            await actions.add_note(session, services, case_id, str(form.get("text") or ""))
            return "noted"

        return await self._case_action(request, view, DeskAction.NOTE, work)

    # --- supporters and invites -------------------------------------------------------------------------

    async def _supporters_page(
        self, request: Request, view: View, new_code: str | None = None, notice: str | None = None
    ) -> Response:
        services = _services(request)
        async with _db(request).sessions() as session:
            rows = await list_supporters(session)
            invites = await queries.open_invites(session, services.clock())
        return _html(pages.supporters_page(view, services, rows, invites, new_code, notice))

    async def supporters(self, request: Request, view: View) -> Response:
        notice = {"pause": view.gettext("Paused."), "resume": view.gettext("Resumed.")}.get(
            request.query_params.get("done", "")
        )
        return await self._supporters_page(request, view, notice=notice)

    async def pause_or_resume(self, request: Request, form: FormData, view: View) -> Response:
        verb = request.path_params["verb"]
        if verb not in ("pause", "resume"):
            return self._refuse(view, 404)
        services = _services(request)
        try:
            async with _db(request).transaction() as session:
                await queries.set_paused(session, request.path_params["supporter_id"], verb == "pause")
                _audit(
                    session,
                    services,
                    view,
                    DeskAction.PAUSE if verb == "pause" else DeskAction.RESUME,
                    supporter_id=request.path_params["supporter_id"],
                )
        except queries.DashboardError:
            return self._refuse(view, 404)
        return _see(f"supporters?done={verb}")

    async def invite(self, request: Request, form: FormData, view: View) -> Response:
        services = _services(request)
        hubs = [h for h in form.getlist("hub") if isinstance(h, str) and h in services.hub_map.hubs]
        async with _db(request).transaction() as session:
            invite = await create_invite(
                session, services.clock(), hubs=hubs, coordinator=form.get("coordinator") == "1"
            )
            code = format_code(invite.code)
            _audit(session, services, view, DeskAction.INVITE)
        log.info("dashboard.invite_issued", coordinator=invite.coordinator, hubs=hubs)
        return await self._supporters_page(request, view, new_code=code)

    # --- consultation days and announcements ------------------------------------------------------------

    async def _days_page(
        self, request: Request, view: View, *, notice: str | None = None, error: str | None = None
    ) -> Response:
        async with _db(request).sessions() as session:
            rows = await list_days(session)
        return _html(pages.days_page(view, _services(request), rows, notice, error), 400 if error else 200)

    async def days(self, request: Request, view: View) -> Response:
        notice = view.gettext("Consultation day planned.") if request.query_params.get("done") == "planned" else None
        return await self._days_page(request, view, notice=notice)

    async def create_day(self, request: Request, form: FormData, view: View) -> Response:
        services = _services(request)
        title = str(form.get("title") or "").strip()[:128]
        try:
            date = dt.date.fromisoformat(str(form.get("date") or ""))
            start = dt.time.fromisoformat(str(form.get("start") or ""))
            end = dt.time.fromisoformat(str(form.get("end") or ""))
        except ValueError:
            return await self._days_page(request, view, error=view.gettext("Give a date and start and end times."))
        if not title:
            return await self._days_page(request, view, error=view.gettext("Give the day a title."))
        hubs = [h for h in form.getlist("hub") if isinstance(h, str) and h in services.hub_map.hubs]
        languages = [x for x in form.getlist("language") if isinstance(x, str) and x in LANGUAGE_NAMES]
        starts_at = dt.datetime.combine(date, start, tzinfo=TOKYO).astimezone(dt.UTC)
        ends_at = dt.datetime.combine(date, end, tzinfo=TOKYO).astimezone(dt.UTC)
        if ends_at <= starts_at:
            return await self._days_page(
                request, view, error=view.gettext("A consultation day must end after it starts.")
            )
        try:
            async with _db(request).transaction() as session:
                await create_day(
                    session, title=title, starts_at=starts_at, ends_at=ends_at, hubs=hubs, languages=languages
                )
                _audit(session, services, view, DeskAction.DAY_PLANNED)
        except DayError:
            return await self._days_page(request, view, error=view.gettext("This day cannot be planned as asked."))
        return _see("days?done=planned")

    async def _plan(self, request: Request, day_id: int) -> AnnouncementPlan | None:
        services = _services(request)
        async with _db(request).sessions() as session:
            day = await session.get(ConsultationDay, day_id)
            if day is None or day.status == DayStatus.CLOSED or day.announced_at is not None:
                return None
            row = next(r for r in await list_days(session) if r.day_id == day_id)
            people = await announcement_recipients(session, day)
            budget = await push_budget(session, services.clock(), self.settings.line_push_quota)
        by_language = Counter(locale or "ja_easy" for _, locale, _ in people)
        channels = Counter(channel for _, _, channel in people)
        shown = sorted(by_language) if by_language else list(day.languages or LANGUAGE_NAMES)
        return AnnouncementPlan(
            day=row,
            by_language=tuple(sorted(by_language.items(), key=lambda x: (-x[1], x[0]))),
            line_people=channels.get("line", 0),
            telegram_people=channels.get("telegram", 0),
            budget=budget,
            previews=tuple((code, announcement_text(translator(code), day)) for code in shown),
        )

    async def announce_form(self, request: Request, view: View) -> Response:
        services = _services(request)
        day_id = _int(request.query_params.get("day"))
        plan = await self._plan(request, day_id) if day_id is not None else None
        if plan is None:
            async with _db(request).sessions() as session:
                rows = await list_days(session)
            error = view.gettext("That day cannot be announced.") if day_id is not None else None
            return _html(pages.announce_choice_page(view, services, rows, error), 404 if error else 200)
        confirming = request.query_params.get("confirm") == "1"
        return _html(pages.announce_page(view, services, plan, confirming=confirming))

    async def announce(self, request: Request, form: FormData, view: View) -> Response:
        services = _services(request)
        day_id = _int(form.get("day"))
        plan = await self._plan(request, day_id) if day_id is not None else None
        if plan is None or view.who is None:
            return _html(
                pages.simple_page(view, view.gettext("Not found"), view.gettext("That day cannot be announced.")), 404
            )
        if str(plan.people) != form.get("expected"):
            error = view.gettext("The audience has changed since you looked. Check the new count and confirm again.")
            return _html(pages.announce_page(view, services, plan, confirming=True, error=error), 409)
        if plan.over_quota and not (view.who.is_admin and form.get("over_quota") == "1"):
            error = view.gettext("Refused: this would go over the LINE pushes left this month. Ask an administrator.")
            return _html(pages.announce_page(view, services, plan, confirming=True, error=error), 403)
        async with _db(request).transaction() as session:
            count = await announce_day(session, services, plan.day.day_id)
            _audit(
                session, services, view, DeskAction.ANNOUNCE, detail=f"{count} people, {plan.line_people} LINE pushes"
            )
        _poke(request)
        return _html(
            pages.simple_page(
                view,
                view.gettext("Announcements"),
                view.ngettext(
                    "The announcement is on its way to {n} person.",
                    "The announcement is on its way to {n} people.",
                    count,
                ),
            )
        )

    # --- statistics -------------------------------------------------------------------------------------

    def _report_request(self, request: Request) -> tuple[list[str], int]:
        params = request.query_params
        chosen = [d for d in params.getlist("by") if d in words.DIMENSIONS][:3]
        k = max(_int(params.get("k")) or pages.MIN_K, pages.MIN_K)  # never below 10, whatever the URL says
        return list(dict.fromkeys(chosen)), k

    async def stats(self, request: Request, view: View) -> Response:
        services = _services(request)
        chosen, k = self._report_request(request)
        db = _db(request)
        charts = [(words.dimension(view.tr, d), await build_report(db, [d], k)) for d in CHART_DIMENSIONS]
        report = await build_report(db, chosen, k) if chosen else None
        admin = view.who is not None and view.who.is_admin
        return _html(pages.stats_page(view, services, chosen, k, charts, report, admin=admin))

    async def report_csv(self, request: Request, view: View) -> Response:
        services = _services(request)
        chosen, k = self._report_request(request)
        if not chosen:
            return self._refuse(view, 404)
        report = await build_report(_db(request), chosen, k)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([*(words.dimension(view.tr, d) for d in chosen), view.gettext("Cases"), view.gettext("Yen")])
        writer.writerows([neutralise_cell(x) for x in row] for row in pages.report_rows(view, services, report))
        async with _db(request).transaction() as session:
            _audit(session, services, view, DeskAction.EXPORT, detail=f"by {', '.join(chosen)}, k={k}")
        stamp = services.clock().astimezone(TOKYO).strftime("%Y%m%d-%H%M")
        return Response(
            "\ufeff" + buffer.getvalue(),  # the BOM makes Excel read UTF-8
            media_type="text/csv; charset=utf-8",
            headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="hotline-report-{stamp}.csv"'},
        )

    async def export_csv(self, request: Request, view: View) -> Response:
        services = _services(request)
        folder = Path(tempfile.mkdtemp(prefix="hotline-export-"))
        path = folder / "analytic-cases.csv"
        rows = await export_analytic_log(_db(request), path, "csv")
        async with _db(request).transaction() as session:
            _audit(session, services, view, DeskAction.EXPORT_ROWS, detail=f"{rows} rows")
        log.info("dashboard.export", rows=rows)
        stamp = services.clock().astimezone(TOKYO).strftime("%Y%m%d-%H%M")

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

    # --- audit and coordinators -------------------------------------------------------------------------

    async def audit(self, request: Request, view: View) -> Response:
        params = request.query_params
        chosen_date = params.get("on", "")
        since = until = None
        try:
            if chosen_date:
                day = dt.date.fromisoformat(chosen_date)
                since = dt.datetime.combine(day, dt.time(), tzinfo=TOKYO).astimezone(dt.UTC)
                until = since + dt.timedelta(days=1)
        except ValueError:
            chosen_date = ""
        wanted = AuditFilter(
            action=params.get("action") or None,
            coordinator_id=_int(params.get("who")),
            case_number=(params.get("case") or "").strip().upper()[:16] or None,
            since=since,
            until=until,
        )
        async with _db(request).sessions() as session:
            rows = await audit_rows(session, wanted)
            known = await audited_actions(session)
            people = [(c.id, c.name) for c in await accounts.coordinators(session)]
        return _html(pages.audit_page(view, rows, known, people, wanted, chosen_date))

    async def _coordinators_page(
        self, request: Request, view: View, new_link: tuple[str, str] | None = None, error: str | None = None
    ) -> Response:
        async with _db(request).sessions() as session:
            rows = await accounts.coordinators(session)
        return _html(pages.coordinators_page(view, rows, new_link, error), 400 if error else 200)

    async def coordinators(self, request: Request, view: View) -> Response:
        return await self._coordinators_page(request, view)

    async def add_coordinator(self, request: Request, form: FormData, view: View) -> Response:
        services = _services(request)
        role = CoordinatorRole.ADMIN if form.get("role") == CoordinatorRole.ADMIN else CoordinatorRole.COORDINATOR
        try:
            async with _db(request).transaction() as session:
                coordinator = await accounts.add_coordinator(
                    session, str(form.get("name") or ""), role, services.clock()
                )
                token = await accounts.issue_sign_in_link(session, coordinator.id, services.clock())
                _audit(session, services, view, DeskAction.COORDINATOR_ADDED, detail=coordinator.name)
                name = coordinator.name
        except CoordinatorError:
            return await self._coordinators_page(
                request, view, error=view.gettext("Give a name of 1 to 64 characters that no other coordinator has.")
            )
        return await self._coordinators_page(request, view, new_link=(name, self._link(token)))

    async def new_link(self, request: Request, form: FormData, view: View) -> Response:
        services = _services(request)
        async with _db(request).transaction() as session:
            coordinator = await session.get(Coordinator, request.path_params["coordinator_id"])
            if coordinator is None or coordinator.name == accounts.BREAK_GLASS_NAME:
                return self._refuse(view, 404)
            token = await accounts.issue_sign_in_link(session, coordinator.id, services.clock())
            _audit(session, services, view, DeskAction.LINK_SENT, detail=coordinator.name)
            name = coordinator.name
        return await self._coordinators_page(request, view, new_link=(name, self._link(token)))
