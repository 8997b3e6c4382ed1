"""The desk's HTML: small functions from plain values to escaped markup, in the coordinator's language.

Every value from the database or the request goes through `e` (html.escape); every word goes through the
catalogs (`View.gettext`); every code goes through `bot.dashboard.words`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape as e
from urllib.parse import quote
from zoneinfo import ZoneInfo

from bot.dashboard import words
from bot.dashboard.queries import Board, Candidate, OfferEvent, QueueRow
from bot.dashboard.quota import PushBudget
from handlers.context import Services
from handlers.i18n import N_, Translator
from handlers.language import LANGUAGE_NAMES, SUPPORTED_LOCALES
from scheduler.routing import LEVELS
from storage.audit import AuditFilter, AuditRow
from storage.coordinators import BREAK_GLASS_NAME, CoordinatorRole, SignedIn
from storage.exports import DEFAULT_K, MASK, Report
from storage.invites import format_code
from storage.listings import DayListing, SupporterListing
from storage.models import Coordinator, InviteCode
from storage.states import CaseStatus, DayStatus, OfferStatus

PREFIX = "/dashboard"
MIN_K = DEFAULT_K  # nobody can lower small-cell suppression below this
TOKYO = ZoneInfo("Asia/Tokyo")

CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;
color:#1d2430;background:#f4f6f9;overflow-wrap:anywhere}
header{background:#23395d;color:#fff;padding:.5rem .8rem;display:flex;flex-wrap:wrap;gap:.3rem 1rem;
align-items:center}
header strong{font-size:1.05rem;margin-right:.4rem}
header a{color:#dfe8f5;text-decoration:none;padding:.15rem 0}
header a.here{color:#fff;border-bottom:2px solid #ffcf4a}
header .who{margin-left:auto;display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;font-size:.9rem}
header .who a{color:#fff}
main{padding:1rem;max-width:1200px;margin:0 auto}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:.2rem 0 .6rem}
section{background:#fff;border-radius:8px;padding:1rem;margin-bottom:1rem;box-shadow:0 1px 2px #0001}
.table{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #e3e7ee;vertical-align:top}
th{font-size:.8rem;color:#5a6578}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.tag{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.8rem;background:#e8edf5}
.tag.urgent{background:#d93025;color:#fff}
.tag.muted{background:#eceff3;color:#667}
.tag.good{background:#dff3e4;color:#17663a}
.tag.wait{background:#fff4d6;color:#7a5200}
.notice{padding:.7rem 1rem;border-radius:8px;background:#e6f4ea;margin-bottom:1rem}
.error{padding:.7rem 1rem;border-radius:8px;background:#fdecea;color:#8c1d18;margin-bottom:1rem}
.warn{padding:.7rem 1rem;border-radius:8px;background:#fff4d6;color:#5c3d00;margin-bottom:1rem}
form.inline{display:inline}
label{display:block;margin:.4rem 0 .2rem;font-weight:600}
fieldset{border:1px solid #d6dce5;border-radius:6px;margin:.6rem 0;padding:.4rem .8rem}
fieldset label{display:inline-flex;gap:.3rem;font-weight:400;margin:.2rem 1rem .2rem 0}
input[type=text],input[type=password],input[type=date],input[type=time],input[type=number],select,textarea{
font:inherit;padding:.4rem .5rem;border:1px solid #b9c2d0;border-radius:6px;max-width:100%}
textarea{width:100%}
button{font:inherit;padding:.45rem .9rem;border:0;border-radius:6px;background:#2f5da8;color:#fff;cursor:pointer}
button.quiet{background:#e8edf5;color:#23395d}
button.danger{background:#b3261e}
.code{font:700 1.4rem ui-monospace,monospace;letter-spacing:.08em;overflow-wrap:anywhere}
.muted{color:#667}
.row{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.7rem}
.card{border:1px solid #dde3ec;border-radius:8px;padding:.6rem .8rem;background:#fff}
.card.urgent{border-left:6px solid #d93025}
.card h3{margin:0 0 .3rem;font-size:1rem}
.card p{margin:.15rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dl.facts dt{color:#5a6578}
dl.facts dd{margin:0}
svg{max-width:100%;height:auto}
ul.plain{list-style:none;padding:0;margin:0}
ul.plain li{padding:.3rem 0;border-bottom:1px solid #eef1f5}
@media (max-width:640px){main{padding:.5rem}th,td{padding:.35rem .3rem;font-size:.9rem}.hide-narrow{display:none}
dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}}
"""


@dataclass(frozen=True)
class View:
    """What every page needs: the coordinator's language, who they are, and the CSRF token of their forms."""

    tr: Translator
    path: str
    who: SignedIn | None = None
    csrf: str | None = None  # the session's token; before sign-in, the pre-session token

    @property
    def lang(self) -> str:
        return self.tr.code

    def gettext(self, message: str, **values: object) -> str:
        return self.tr.gettext(message, **values)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self.tr.ngettext(singular, plural, n, **values)

    def when(self, moment: dt.datetime | None) -> str:
        if moment is None:
            return "—"
        return self.tr.datetime(moment, "short") if self.lang == "en" else self.tr.datetime(moment, "yyyy/MM/dd H:mm")

    def time(self, moment: dt.datetime) -> str:
        return self.tr.time(moment)

    def number(self, value: int) -> str:
        return self.tr.number(value)

    def minutes(self, delta: dt.timedelta) -> str:
        """A duration in words: "25 min", "2 h 05 min", "3 days"."""
        minutes = max(int(delta.total_seconds() // 60), 0)
        if minutes < 60:
            return self.gettext("{minutes} min", minutes=minutes)
        hours, minutes = divmod(minutes, 60)
        if hours < 48:
            return self.gettext("{hours} h {minutes} min", hours=hours, minutes=str(minutes).zfill(2))
        return self.ngettext("{n} day", "{n} days", hours // 24)


def url(path: str) -> str:
    return f"{PREFIX}/{path.lstrip('/')}"


def tag(text: str, kind: str = "") -> str:
    return f'<span class="tag {e(kind)}">{e(text)}</span>'


def csrf_field(v: View) -> str:
    return f'<input type="hidden" name="csrf" value="{e(v.csrf or "")}">'


def button_form(
    v: View,
    action: str,
    label: str,
    *,
    kind: str = "",
    fields: dict[str, str] | None = None,
    attrs: str = "",
) -> str:
    hidden = "".join(f'<input type="hidden" name="{e(k)}" value="{e(val)}">' for k, val in (fields or {}).items())
    cls = f' class="{e(kind)}"' if kind else ""
    return (
        f'<form class="inline" method="post" action="{e(action)}">{csrf_field(v)}{hidden}'
        f"<button{cls}{attrs}>{e(label)}</button></form>"
    )


def _nav(v: View, here: str) -> str:
    if v.who is None:
        return ""
    items = [
        ("board", v.gettext("Live board")),
        ("supporters", v.gettext("Supporters")),
        ("days", v.gettext("Consultation days")),
        ("announce", v.gettext("Announcements")),
        ("stats", v.gettext("Statistics")),
        ("audit", v.gettext("Audit log")),
    ]
    if v.who.is_admin:
        items.append(("coordinators", v.gettext("Coordinators")))
    return "".join(f'<a href="{url(key)}"{" class=here" if key == here else ""}>{e(label)}</a>' for key, label in items)


def _switch(v: View) -> str:
    back = quote(v.path, safe="/")
    links = []
    for code, name in (("ja", "日本語"), ("en", "English")):
        if code == v.lang:
            links.append(f"<span aria-current=true>{e(name)}</span>")
        else:
            links.append(
                f'<a href="{url("language/" + code)}?next={back}" hreflang="{code}" lang="{code}">{e(name)}</a>'
            )
    return " | ".join(links)


def layout(v: View, title: str, body: str, *, here: str = "", scripts: Sequence[str] = ()) -> str:
    who = ""
    if v.who is not None:
        who = f"<span>{e(v.who.name)} ({e(words.role(v.tr, v.who.role))})</span>" + button_form(
            v, url("logout"), v.gettext("Sign out"), kind="quiet"
        )
    script_tags = "".join(f'<script src="{e(url(s))}" defer></script>' for s in scripts)
    return (
        '<!doctype html><html lang="'
        + e(v.lang)
        + '"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>'
        + e(title)
        + " · "
        + e(v.gettext("Hotline desk"))
        + "</title><style>"
        + str(CSS)
        + "</style>"
        + str(script_tags)
        + "</head><body><header><strong>"
        + e(v.gettext("Hotline desk"))
        + "</strong>"
        + _nav(v, here)
        + '<span class="who">'
        + _switch(v)
        + str(who)
        + "</span></header><main><h1>"
        + e(title)
        + "</h1>"
        + str(body)
        + "</main></body></html>"
    )


def messages(notice: str | None = None, error: str | None = None, warning: str | None = None) -> str:
    parts = []
    if notice:
        parts.append(f'<div class="notice" role="status">{e(notice)}</div>')
    if warning:
        parts.append(f'<div class="warn" role="alert">{e(warning)}</div>')
    if error:
        parts.append(f'<div class="error" role="alert">{e(error)}</div>')
    return "".join(parts)


def table(headers: Sequence[str], rows: Iterable[str], empty: str, narrow_hidden: Iterable[int] = ()) -> str:
    """A table that scrolls inside itself; columns in `narrow_hidden` (cells with class hide-narrow) drop on a
    phone."""
    body = "".join(rows)
    if not body:
        return f'<p class="muted">{e(empty)}</p>'
    hidden = set(narrow_hidden)
    head = "".join(f"<th{' class=hide-narrow' if i in hidden else ''}>{e(h)}</th>" for i, h in enumerate(headers))
    return f'<div class="table"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def checkboxes(name: str, options: Iterable[tuple[str, str]], checked: Iterable[str] = ()) -> str:
    ticked = set(checked)
    return "".join(
        f'<label><input type="checkbox" name="{e(name)}" value="{e(value)}"'
        f"{' checked' if value in ticked else ''}> {e(label)}</label>"
        for value, label in options
    )


def facts(rows: Iterable[tuple[str, str]]) -> str:
    return '<dl class="facts">' + "".join(f"<dt>{e(k)}</dt><dd>{e(val)}</dd>" for k, val in rows) + "</dl>"


def muted(text: str, cls: str = "muted") -> str:
    return f'<p class="{cls}">{e(text)}</p>' if cls else f"<p>{e(text)}</p>"


def simple_page(v: View, title: str, text: str) -> str:
    return layout(v, title, f"<section><p>{e(text)}</p></section>")


# --- signing in ---------------------------------------------------------------------------------------


def sign_in_page(v: View, *, break_glass: bool, notice: str | None = None, error: str | None = None) -> str:
    body = messages(notice, error)
    body += (
        ("<section><h2>" + e(v.gettext("Get a sign-in link in your chat")) + "</h2>")
        + muted(
            v.gettext(
                "Coordinators registered with the bot receive a one-time link in their own LINE or Telegram chat."
            ),
            "",
        )
        + (
            '<form method="post" action="'
            + url("login/link")
            + '">'
            + csrf_field(v)
            + '<label for="name">'
            + e(v.gettext("Your name as a coordinator"))
            + '</label><div class="row">'
            + '<input id="name" type="text" name="name" required maxlength="64" autocomplete="username"><button>'
            + e(v.gettext("Send me a link"))
            + '</button></div></form><p class="muted">'
            + e(v.gettext("An administrator can also give you a link: hotline coordinators add."))
            + "</p></section>"
        )
    )
    if break_glass:
        body += (
            "<section><h2>"
            + e(v.gettext("Emergency access for administrators"))
            + '</h2><form method="post" action="'
            + url("login/token")
            + '">'
            + csrf_field(v)
            + '<label for="token">'
            + e(v.gettext("Administrator token"))
            + '</label><div class="row">'
            + '<input id="token" type="password" name="token" autocomplete="current-password" required>'
            + "<button class=quiet>"
            + e(v.gettext("Sign in"))
            + "</button></div></form></section>"
        )
    return layout(v, v.gettext("Sign in"), body)


def link_page(v: View, token: str, name: str | None) -> str:
    if name is None:
        text = v.gettext("This sign-in link has been used or has expired. Ask for a new one.")
        body = (
            "<section><p>"
            + e(text)
            + '</p><p><a href="'
            + url("login")
            + '">'
            + e(v.gettext("Sign in"))
            + "</a></p></section>"
        )
        return layout(v, v.gettext("Sign in"), body)
    body = (
        "<section><p>"
        + e(v.gettext("Sign in to the desk as {name}?", name=name))
        + '</p><form method="post" action="'
        + url("signin/" + token)
        + '">'
        + csrf_field(v)
        + '<button id="sign-in">'
        + e(v.gettext("Sign in"))
        + '</button></form><p class="muted">'
        + e(v.gettext("The link works once; the session lasts twelve hours."))
        + "</p></section>"
    )
    return layout(v, v.gettext("Sign in"), body)


# --- the live board -----------------------------------------------------------------------------------


def board_fragment(v: View, services: Services, board: Board, now: dt.datetime) -> str:
    """The part of the board that the server pushes again whenever something changes."""

    def card(r: QueueRow) -> str:
        pending = "".join(
            (
                "<li>"
                + e(p.supporter)
                + " · "
                + e(words.offer_role(v.tr, p.role))
                + " · "
                + e(v.gettext("{time} left", time=v.minutes(p.expires_at - now)))
                + "</li>"
            )
            for p in r.pending
        )
        people = r.supporter or "—"
        return (
            f'<article class="card{" urgent" if r.urgent else ""}" data-case="{e(r.number)}">'
            f'<h3><a href="{url(f"cases/{r.case_id}")}">{e(r.number)}</a> '
            + (tag(v.gettext("Urgent"), "urgent") + " " if r.urgent else "")
            + (
                tag(words.case_status(v.tr, r.status), _status_kind(r.status))
                + "</h3><p>"
                + e(words.language(v.tr, r.language))
                + "</p><p>"
                + e(words.hub(services, v.tr, r.hub))
                + " · "
                + e(words.topic(v.tr, r.topic))
                + "</p><p class=muted>"
                + e(v.gettext("Waiting {time}", time=v.minutes(now - r.created_at)))
                + "</p><p>"
                + e(v.gettext("Supporter"))
                + ": "
                + e(people)
                + "</p>"
            )
            + (f"<ul class=plain>{pending}</ul>" if pending else "")
            + "</article>"
        )

    urgent = sum(r.urgent for r in board.cases)
    summary = v.ngettext("{n} open case", "{n} open cases", len(board.cases))
    summary += " · " + v.ngettext("{n} urgent", "{n} urgent", urgent)
    cases = "".join(card(r) for r in board.cases) or ('<p class="muted">' + e(v.gettext("No open cases.")) + "</p>")
    staff = "".join(
        (
            "<li><b>"
            + e(s.alias)
            + "</b> · "
            + e(", ".join((words.language(v.tr, x) for x in s.languages[:3])))
            + " · "
            + e(v.gettext("{load} of {capacity} cases", load=s.load, capacity=s.capacity))
        )
        + ((" · " + e(v.ngettext("{n} offer waiting", "{n} offers waiting", s.pending))) if s.pending else "")
        + "</li>"
        for s in board.on_shift
    ) or ('<li class="muted">' + e(v.gettext("Nobody is on shift now.")) + "</li>")
    return (
        '<section><p id="summary">'
        + e(summary)
        + '</p><div class="cards" id="cases">'
        + str(cases)
        + "</div></section><section><h2>"
        + e(v.gettext("Supporters on shift"))
        + "</h2><ul class=plain id=staff>"
        + str(staff)
        + "</ul></section>"
    )


def _status_kind(status: str) -> str:
    waiting = (CaseStatus.QUEUED, CaseStatus.OFFERED, CaseStatus.NEW)
    return "good" if status == CaseStatus.ACTIVE else "wait" if status in waiting else "muted"


def board_page(v: View, fragment: str, notice: str | None = None) -> str:
    live = (
        '<p class="muted" id="live" data-stream="'
        + url("board/stream")
        + '">'
        + e(v.gettext("Updates as cases arrive."))
        + "</p>"
    )
    body = messages(notice) + live + f'<div id="board">{fragment}</div>'
    return layout(v, v.gettext("Live board"), body, here="board", scripts=("static/board.js",))


BOARD_JS = """'use strict';
(function () {
  var live = document.getElementById('live');
  var board = document.getElementById('board');
  if (!live || !board || !window.EventSource) { return; }
  var source = new EventSource(live.dataset.stream);
  source.addEventListener('board', function (event) {
    board.innerHTML = event.data;
    document.body.dataset.updated = String(Date.now());
  });
  source.addEventListener('signed-out', function () { source.close(); window.location.reload(); });
})();
"""


# --- a case -------------------------------------------------------------------------------------------


def case_page(
    v: View,
    services: Services,
    r: QueueRow,
    now: dt.datetime,
    *,
    history: Sequence[OfferEvent],
    reasons: Sequence[str],
    notes: Sequence[tuple[dt.datetime, str]],
    supporters_: Sequence[Candidate],
    interpreters: Sequence[Candidate],
    notice: str | None = None,
    error: str | None = None,
) -> str:
    body = messages(notice, error)
    body += "<section>" + (tag(v.gettext("Urgent"), "urgent") if r.urgent else tag(v.gettext("Not urgent"), "muted"))
    body += facts(
        (
            (v.gettext("Status"), words.case_status(v.tr, r.status)),
            (v.gettext("Language"), words.language(v.tr, r.language)),
            (v.gettext("Prefecture"), words.prefecture(services, v.tr, r.prefecture)),
            (v.gettext("Hub"), words.hub(services, v.tr, r.hub)),
            (v.gettext("Topic"), words.topic(v.tr, r.topic)),
            (v.gettext("Waiting"), v.minutes(now - r.created_at)),
            (v.gettext("Supporter"), r.supporter or "—"),
            (v.gettext("Interpreter"), r.interpreter or "—"),
        )
    )
    body += (
        '<p class="muted">' + e(v.gettext("The question itself is visible to the assigned supporter only.")) + "</p>"
    )
    body += "</section>"

    explained = "".join(f"<li>{e(explain_reason(v, reason))}</li>" for reason in reasons)
    body += (
        ("<section><h2>" + e(v.gettext("Why the router chose")) + "</h2>")
        + (
            f"<ul class=plain>{explained}</ul>"
            if explained
            else muted(
                v.gettext("The router found nobody free for this case; choose someone below.")
                if r.status == CaseStatus.QUEUED
                else v.gettext("Not routed yet.")
            )
        )
        + "</section>"
    )

    def event(o: OfferEvent) -> str:
        when = v.when(o.decided_at or o.created_at)
        state = words.offer_status(v.tr, o.status)
        if o.status == OfferStatus.PENDING:
            state += " · " + v.gettext("{time} left", time=v.minutes(o.expires_at - now))
        return (
            f"<tr><td>{e(v.when(o.created_at))}</td><td>{e(o.supporter)}</td>"
            f"<td>{e(words.offer_role(v.tr, o.role))}</td><td>{e(state)}</td><td class=hide-narrow>{e(when)}</td></tr>"
        )

    body += (
        ("<section><h2>" + e(v.gettext("Offers")) + "</h2>")
        + table(
            (v.gettext("Offered"), v.gettext("To"), v.gettext("As"), v.gettext("Answer"), v.gettext("When")),
            (event(o) for o in history),
            v.gettext("Nobody has been offered this case yet."),
            narrow_hidden=(4,),
        )
        + "</section>"
    )

    body += "<section><h2>" + e(v.gettext("Act on this case")) + "</h2>"
    if r.supporter is None:
        body += _chooser(v, r.case_id, "supporter", supporters_, v.gettext("Offer to a supporter"))
        body += (
            "<p>"
            + button_form(v, url(f"cases/{r.case_id}/route"), v.gettext("Let the router choose again"), kind="quiet")
            + "</p>"
        )
    else:
        body += (
            "<p>"
            + button_form(
                v, url(f"cases/{r.case_id}/transfer"), v.gettext("Transfer to another supporter"), kind="quiet"
            )
            + "</p>"
        )
    if r.interpreter is None:
        body += _chooser(v, r.case_id, "interpreter", interpreters, v.gettext("Add an interpreter"))
        body += (
            "<p>"
            + button_form(
                v, url(f"cases/{r.case_id}/interpreter"), v.gettext("Ask the best free interpreter"), kind="quiet"
            )
            + "</p>"
        )
    body += (
        '<form method="post" action="'
        + url(f"cases/{r.case_id}/note")
        + '">'
        + csrf_field(v)
        + '<label for="note">'
        + e(v.gettext("Note for the supporters"))
        + '</label><textarea id="note" name="text" rows="3" maxlength="2000" required></textarea><p><button>'
        + e(v.gettext("Save the note"))
        + "</button></p></form>"
    )
    listed = "".join(f"<li><span class=muted>{e(v.when(at))}</span> {e(text)}</li>" for at, text in notes)
    if listed:
        body += f"<ul class=plain>{listed}</ul>"
    body += "</section>"
    return layout(v, v.gettext("Case {number}", number=r.number), body, here="board")


def _chooser(v: View, case_id: int, role: str, candidates: Sequence[Candidate], label: str) -> str:
    if not candidates:
        return (
            '<p class="muted">'
            + e(label)
            + ": "
            + e(v.gettext("nobody who speaks the language has room now."))
            + "</p>"
        )
    options = "".join(
        (
            '<option value="'
            + str(c.supporter_id)
            + '">'
            + e(c.alias)
            + " — "
            + e(v.gettext("level {level}, {load} of {capacity} cases", level=c.level, load=c.load, capacity=c.capacity))
            + "</option>"
        )
        for c in candidates
    )
    return (
        '<form method="post" action="'
        + url(f"cases/{case_id}/offer")
        + '">'
        + csrf_field(v)
        + '<input type="hidden" name="role" value="'
        + e(role)
        + '"><label for="'
        + str(role)
        + '-choice">'
        + e(label)
        + '</label><div class="row"><select id="'
        + str(role)
        + '-choice" name="supporter_id" required>'
        + str(options)
        + "</select><button>"
        + e(v.gettext("Send the offer"))
        + "</button></div></form>"
    )


def explain_reason(v: View, reason: str) -> str:
    """The router's stored explanation, in the coordinator's words where it is one we know."""
    known = {
        "chosen by a coordinator": v.gettext("Chosen by a coordinator."),
        "transferred": v.gettext("The supporter passed the case on."),
        "transferred by a coordinator": v.gettext("A coordinator transferred the case."),
        "interpreter for the case": v.gettext("An interpreter for the case's language."),
    }
    if reason in known:
        return known[reason]
    return routing_explanation(v, reason)


_LEVEL_WORDS = {"basic": N_("basic"), "good": N_("good"), "native": N_("native")}
_Render = Callable[["View", Services, re.Match[str]], str]
_PART: tuple[tuple[re.Pattern[str], _Render | None], ...] = (
    (re.compile(r"^interpreter$"), lambda v, s, m: v.gettext("works as an interpreter")),
    (re.compile(r"^(.+) \((basic|good|native)\)$"), None),  # a language and its level: handled below
    (re.compile(r"^covers ([a-z_]+)$"), lambda v, s, m: v.gettext("covers {hub}", hub=words.hub(s, v.tr, m[1]))),
    (
        re.compile(r"^covers ([a-z_, ]+) \(neighbour of ([a-z_]+)\)$"),
        lambda v, s, m: v.gettext(
            "covers {hubs}, next to {hub}",
            hubs=", ".join(words.hub(s, v.tr, h) for h in m[1].split(", ")),
            hub=words.hub(s, v.tr, m[2]),
        ),
    ),
    (re.compile(r"^national pool$"), lambda v, s, m: v.gettext("from the national pool")),
    (
        re.compile(r"^based in ([a-z_, ]+)(?: \(remote if need be\))?$"),
        lambda v, s, m: v.gettext("based in {hubs}", hubs=", ".join(words.hub(s, v.tr, h) for h in m[1].split(", "))),
    ),
    (re.compile(r"^no home hub"), lambda v, s, m: v.gettext("no home hub")),
    (re.compile(r"^topic ([a-z_]+)$"), lambda v, s, m: v.gettext("knows {topic}", topic=words.topic(v.tr, m[1]))),
    (
        re.compile(r"^not a ([a-z_]+) specialist$"),
        lambda v, s, m: v.gettext("not a specialist of {topic}", topic=words.topic(v.tr, m[1])),
    ),
    (
        re.compile(r"^(\d+)/(\d+) cases$"),
        lambda v, s, m: v.gettext("{load} of {capacity} cases", load=m[1], capacity=m[2]),
    ),
    (re.compile(r"^no case yet$"), lambda v, s, m: v.gettext("no case yet")),
    (
        re.compile(r"^last case (\d+) (min|h|d) ago$"),
        lambda v, s, m: v.gettext(
            "last case {time} ago",
            time=v.minutes(dt.timedelta(minutes=int(m[1]) * {"min": 1, "h": 60, "d": 1440}[m[2]])),
        ),
    ),
)
_LANGUAGES_BY_ENGLISH_NAME: dict[str, str] = {}


def _language_from_english(name: str) -> str | None:
    if not _LANGUAGES_BY_ENGLISH_NAME:
        from scheduler.routing import language_name

        _LANGUAGES_BY_ENGLISH_NAME.update({language_name(code): code for code in LANGUAGE_NAMES})
        _LANGUAGES_BY_ENGLISH_NAME["Japanese"] = "ja"
    return _LANGUAGES_BY_ENGLISH_NAME.get(name)


def routing_explanation(v: View, reason: str, services: Services | None = None) -> str:
    """The router's explanation (scheduler.routing, English with codes) in the coordinator's words; a part
    we cannot read is left out rather than shown as code."""
    from handlers.context import Services as _Services

    s = services or _Services(pseudonym_key=b"")
    said: list[str] = []
    for part in re.split(r",\s*(?![^()]*\))", reason.replace(" and Japanese (", ", Japanese (")):
        part = part.strip()
        if part.endswith(" roots"):
            code = _language_from_english(part.removesuffix(" roots"))
            if code:
                said.append(v.gettext("{language} roots", language=words.language(v.tr, code)))
            continue
        for pattern, render in _PART:
            m = pattern.match(part)
            if m is None:
                continue
            if render is None:
                code = _language_from_english(m[1])
                if code:
                    said.append(words.language(v.tr, code) + ": " + v.gettext(_LEVEL_WORDS[m[2]]))
            else:
                said.append(render(v, s, m))
            break
    return "; ".join(said) if said else v.gettext("Offered by the router.")


# --- supporters and invites ---------------------------------------------------------------------------


def supporters_page(
    v: View,
    services: Services,
    rows: Sequence[SupporterListing],
    invites: Sequence[InviteCode],
    new_code: str | None = None,
    notice: str | None = None,
) -> str:
    def row(s: SupporterListing) -> str:
        languages = ", ".join(
            (words.language(v.tr, code) + " · " + v.gettext(_LEVEL_WORDS[LEVELS.get(level, "basic")]))
            for code, level in s.languages
        )
        state = (
            tag(v.gettext("Paused"), "muted")
            if s.paused
            else tag(v.gettext("Available"), "good")
            if s.available
            else tag(v.gettext("On shifts"), "wait")
        )
        roles = ", ".join(
            label
            for label, on in ((v.gettext("Interpreter"), s.interpreter), (v.gettext("Coordinator"), s.coordinator))
            if on
        )
        action = (
            button_form(v, url(f"supporters/{s.supporter_id}/resume"), v.gettext("Resume"))
            if s.paused
            else button_form(v, url(f"supporters/{s.supporter_id}/pause"), v.gettext("Pause"), kind="quiet")
        )
        topics = ", ".join(words.topic(v.tr, t) for t in s.topics) or v.gettext("Any topic")
        return (
            "<tr><td>"
            + e(s.alias)
            + "</td><td>"
            + e(languages or "—")
            + "</td><td>"
            + e(", ".join(words.hub(services, v.tr, h) for h in s.hubs) or "—")
            + "</td><td class=hide-narrow>"
            + e(topics)
            + "</td><td class=num>"
            + e(v.gettext("{load} of {capacity} cases", load=s.open_cases, capacity=s.capacity))
            + "</td><td>"
            + str(state)
            + "</td><td>"
            + e(roles)
            + "</td><td>"
            + str(action)
            + "</td></tr>"
        )

    body = messages(notice)
    if new_code is not None:
        body += (
            (
                "<section><h2>"
                + e(v.gettext("New invite code"))
                + '</h2><p class="code" id="new-code">'
                + e(new_code)
                + "</p>"
            )
            + muted(v.gettext("The volunteer sends /join and this code to the bot on LINE or Telegram."))
            + "</section>"
        )
    body += "<section>" + table(
        (
            v.gettext("Name"),
            v.gettext("Languages"),
            v.gettext("Hubs"),
            v.gettext("Topics"),
            v.gettext("Load"),
            v.gettext("State"),
            v.gettext("Roles"),
            "",
        ),
        (row(s) for s in rows),
        v.gettext("No supporters yet. Issue an invite code below."),
        narrow_hidden=(3,),
    )
    body += "</section>"
    hubs = hub_options(v, services)
    listed = "".join(
        (
            "<tr><td class=code style='font-size:1rem'>"
            + e(format_code(i.code))
            + "</td><td>"
            + e(", ".join((words.hub(services, v.tr, h) for h in i.hubs)) or v.gettext("Any hub"))
            + "</td><td>"
            + e(v.gettext("Yes") if i.coordinator else "")
            + "</td><td>"
            + e(v.when(i.expires_at))
            + "</td></tr>"
        )
        for i in invites
    )
    body += (
        (
            "<section><h2>"
            + e(v.gettext("Invite codes"))
            + '</h2><form method="post" action="'
            + url("supporters/invite")
            + '">'
            + csrf_field(v)
            + "<fieldset><legend>"
            + e(v.gettext("Hubs"))
            + "</legend>"
            + checkboxes("hub", hubs)
            + '</fieldset><label style="font-weight:400"><input type="checkbox" name="coordinator" value="1"> '
            + e(v.gettext("Makes a coordinator"))
            + "</label><p><button>"
            + e(v.gettext("Issue an invite code"))
            + "</button></p></form>"
        )
        + table(
            (v.gettext("Unused code"), v.gettext("Hubs"), v.gettext("Coordinator"), v.gettext("Valid until")),
            [listed],
            v.gettext("No unused codes."),
        )
        + "</section>"
    )
    return layout(v, v.gettext("Supporters"), body, here="supporters")


def hub_options(v: View, services: Services) -> list[tuple[str, str]]:
    return [(code, words.hub(services, v.tr, code)) for code in services.hub_map.hubs]


def language_options(v: View) -> list[tuple[str, str]]:
    return [(code, words.language(v.tr, code)) for code in SUPPORTED_LOCALES]


# --- consultation days --------------------------------------------------------------------------------


def days_page(
    v: View, services: Services, rows: Sequence[DayListing], notice: str | None = None, error: str | None = None
) -> str:
    def row(d: DayListing) -> str:
        languages = ", ".join(words.language(v.tr, x) for x in d.languages) or v.gettext("All languages")
        when = f"{v.when(d.starts_at)}–{v.time(d.ends_at)}"
        announce = (
            v.gettext("Announced {when}", when=v.when(d.announced_at))
            if d.announced_at is not None
            else (
                '<a href="' + url(f"announce?day={d.day_id}") + '">' + e(v.gettext("Prepare the announcement")) + "</a>"
            )
            if d.status != DayStatus.CLOSED
            else ""
        )
        if d.announced_at is not None:
            announce = e(announce)
        return (
            "<tr><td>"
            + e(d.title)
            + "</td><td>"
            + e(when)
            + "</td><td>"
            + e(", ".join(words.hub(services, v.tr, h) for h in d.hubs) or v.gettext("All hubs"))
            + "</td><td class=hide-narrow>"
            + e(languages)
            + "</td><td>"
            + tag(words.day_status(v.tr, d.status), _day_kind(d.status))
            + "</td><td>"
            + str(len(d.shifts))
            + "<span class='muted hide-narrow'> "
            + e(", ".join(d.shifts))
            + "</span></td><td>"
            + str(announce)
            + "</td></tr>"
        )

    body = messages(notice, error) + "<section>"
    body += table(
        (
            v.gettext("Title"),
            v.gettext("When (Tokyo)"),
            v.gettext("Hubs"),
            v.gettext("Languages"),
            v.gettext("Status"),
            v.gettext("Shifts"),
            "",
        ),
        (row(d) for d in rows),
        v.gettext("No consultation day planned yet."),
        narrow_hidden=(3,),
    )
    body += (
        "</section><section><h2>"
        + e(v.gettext("Plan a consultation day"))
        + '</h2><form method="post" action="'
        + url("days")
        + '">'
        + csrf_field(v)
        + '<label for="title">'
        + e(v.gettext("Title"))
        + '</label><input id="title" type="text" name="title" required maxlength="128" size="40">'
        + '<div class="row"><div><label for="date">'
        + e(v.gettext("Date"))
        + '</label><input id="date" type="date" name="date" required></div><div><label for="start">'
        + e(v.gettext("Starts (Tokyo)"))
        + '</label><input id="start" type="time" name="start" required></div><div><label for="end">'
        + e(v.gettext("Ends (Tokyo)"))
        + '</label><input id="end" type="time" name="end" required></div></div><fieldset><legend>'
        + e(v.gettext("Hubs (none ticked: all)"))
        + "</legend>"
        + checkboxes("hub", hub_options(v, services))
        + "</fieldset><fieldset><legend>"
        + e(v.gettext("Languages (none ticked: all)"))
        + "</legend>"
        + checkboxes("language", language_options(v))
        + "</fieldset><button id=plan>"
        + e(v.gettext("Plan the day"))
        + "</button></form></section>"
    )
    return layout(v, v.gettext("Consultation days"), body, here="days")


def _day_kind(status: str) -> str:
    return {"open": "good", "planned": "wait"}.get(status, "muted")


# --- the audit log ------------------------------------------------------------------------------------


def audit_page(
    v: View,
    rows: Sequence[AuditRow],
    actions: Sequence[str],
    coordinators: Sequence[tuple[int, str]],
    chosen: AuditFilter,
    chosen_date: str,
) -> str:
    def row(r: AuditRow) -> str:
        who = r.coordinator or (v.gettext("Supporter {name}", name=r.supporter) if r.supporter else "—")
        allowed = "" if r.allowed else " " + tag(v.gettext("Refused"), "urgent")
        return (
            f"<tr><td>{e(v.when(r.at))}</td><td>{e(who)}</td>"
            f"<td>{e(words.audit_action(v.tr, r.action))}{allowed}</td><td>{e(r.case_number or '—')}</td></tr>"
        )

    action_options = (
        '<option value="">'
        + e(v.gettext("Every action"))
        + "</option>"
        + "".join(
            f'<option value="{e(a)}"{" selected" if a == chosen.action else ""}>'
            f"{e(words.audit_action(v.tr, a))}</option>"
            for a in actions
        )
    )
    people = (
        '<option value="">'
        + e(v.gettext("Everyone"))
        + "</option>"
        + "".join(
            f'<option value="{cid}"{" selected" if cid == chosen.coordinator_id else ""}>{e(name)}</option>'
            for cid, name in coordinators
        )
    )
    body = (
        '<section><form method="get" action="'
        + url("audit")
        + '"><div class="row"><div><label for="action">'
        + e(v.gettext("Action"))
        + '</label><select id="action" name="action">'
        + str(action_options)
        + '</select></div><div><label for="who">'
        + e(v.gettext("Who"))
        + '</label><select id="who" name="who">'
        + str(people)
        + '</select></div><div><label for="case">'
        + e(v.gettext("Case number"))
        + '</label><input id="case" type="text" name="case" size="10" value="'
        + e(chosen.case_number or "")
        + '"></div><div><label for="on">'
        + e(v.gettext("Date"))
        + '</label><input id="on" type="date" name="on" value="'
        + e(chosen_date)
        + '"></div><div><button>'
        + e(v.gettext("Filter"))
        + "</button></div></div></form></section>"
    )
    body += "<section>" + table(
        (v.gettext("When"), v.gettext("Who"), v.gettext("What"), v.gettext("Case")),
        (row(r) for r in rows),
        v.gettext("Nothing recorded for this filter."),
    )
    body += muted(v.gettext("The log names staff and case numbers only, never the people who asked for help."))
    body += "</section>"
    return layout(v, v.gettext("Audit log"), body, here="audit")


# --- coordinators (administrators only) ---------------------------------------------------------------


def coordinators_page(
    v: View, rows: Sequence[Coordinator], new_link: tuple[str, str] | None = None, error: str | None = None
) -> str:
    body = messages(error=error)
    if new_link is not None:
        name, link = new_link
        body += (
            (
                "<section><h2>"
                + e(v.gettext("Sign-in link for {name}", name=name))
                + '</h2><p class="code" style="font-size:1rem" id="new-link">'
                + e(link)
                + "</p>"
            )
            + muted(v.gettext("It works once, within 24 hours. Give it to the person only."))
            + "</section>"
        )

    def row(c: Coordinator) -> str:
        link = (
            button_form(v, url(f"coordinators/{c.id}/link"), v.gettext("New sign-in link"), kind="quiet")
            if c.name != BREAK_GLASS_NAME
            else ""
        )
        return (
            "<tr><td>"
            + e(c.name)
            + "</td><td>"
            + e(words.role(v.tr, c.role))
            + "</td><td>"
            + e(v.gettext("Yes") if c.supporter_id is not None else v.gettext("No"))
            + "</td><td>"
            + str(link)
            + "</td></tr>"
        )

    body += "<section>" + table(
        (v.gettext("Name"), v.gettext("Role"), v.gettext("Registered with the bot"), ""),
        (row(c) for c in rows),
        v.gettext("No coordinators yet."),
    )
    roles = "".join(
        f'<option value="{e(code)}">{e(words.role(v.tr, code))}</option>' for code in (r.value for r in CoordinatorRole)
    )
    body += (
        "</section><section><h2>"
        + e(v.gettext("Add a coordinator"))
        + '</h2><form method="post" action="'
        + url("coordinators")
        + '">'
        + csrf_field(v)
        + '<div class="row"><div><label for="cname">'
        + e(v.gettext("Name"))
        + '</label><input id="cname" type="text" name="name" required maxlength="64"></div><div><label for="role">'
        + e(v.gettext("Role"))
        + '</label><select id="role" name="role">'
        + str(roles)
        + "</select></div><div><button>"
        + e(v.gettext("Add and make a sign-in link"))
        + "</button></div></div></form></section>"
    )
    return layout(v, v.gettext("Coordinators"), body, here="coordinators")


# --- statistics ---------------------------------------------------------------------------------------


def value_label(v: View, services: Services, dimension: str, value: str) -> str:
    """A report's value (a code) in words."""
    if value in ("unknown", "") and dimension != "region":
        return v.gettext(words.UNKNOWN)
    if value == "none":
        return v.gettext(words.NONE)
    if dimension == "policy_field":
        return words.policy_field(v.tr, value)
    if dimension == "topic":
        return words.topic(v.tr, value)
    if dimension == "language":
        return words.language(v.tr, value)
    if dimension == "hub":
        return words.hub(services, v.tr, value)
    if dimension == "aid_category":
        return words.aid_category(v.tr, value)
    if dimension == "region":
        return words.region(v.tr, value) if value in words.REGIONS else v.gettext(words.UNKNOWN)
    if dimension == "prefecture":
        return words.prefecture(services, v.tr, int(value)) if value.isdigit() else v.gettext(words.UNKNOWN)
    if dimension == "month" and re.fullmatch(r"\d{4}-\d{2}", value):
        return value.replace("-", "/") if v.lang == "ja" else value
    return v.gettext(words.UNKNOWN)


def report_rows(v: View, services: Services, report: Report) -> list[list[str]]:
    """The report as rows of words: cells, the totals of each value, and the grand total."""

    def number(value: int | None) -> str:
        return MASK if value is None else v.number(value)

    everything = v.gettext("(all)")
    rows = [
        [
            *(value_label(v, services, d, x) for d, x in zip(report.dimensions, c.values, strict=True)),
            number(c.count),
            number(c.yen),
        ]
        for c in report.cells
    ]
    if len(report.dimensions) > 1:
        for t in report.totals:
            labels = [everything] * len(report.dimensions)
            labels[report.dimensions.index(t.dimension)] = value_label(v, services, t.dimension, t.value)
            rows.append([*labels, number(t.count), number(t.yen)])
    rows.append([*([everything] * len(report.dimensions)), number(report.total), number(report.total_yen)])
    return rows


def report_table(v: View, services: Services, report: Report) -> str:
    width = len(report.dimensions)
    html_rows = (
        "<tr>" + "".join(f"<td{' class=num' if i >= width else ''}>{e(x)}</td>" for i, x in enumerate(r)) + "</tr>"
        for r in report_rows(v, services, report)
    )
    headers = (*(words.dimension(v.tr, d) for d in report.dimensions), v.gettext("Cases"), v.gettext("Yen"))
    return table(headers, html_rows, v.gettext("No cases in the log yet."))


def chart(v: View, services: Services, report: Report, title: str) -> str:
    """A horizontal bar chart of a report's cells, labelled in words; hidden cells show the mark, no bar."""
    bar_h, gap, label_w, bar_w, top = 18, 6, 230, 300, 34
    cells = report.cells
    counts = [c.count for c in cells if c.count is not None]
    most = max(counts, default=1) or 1
    height = top + max(len(cells), 1) * (bar_h + gap) + 26
    width = label_w + bar_w + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{e(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="system-ui, sans-serif" font-size="13">',
        f'<text x="4" y="20" font-size="15" font-weight="bold">{e(title)}</text>',
    ]
    for i, cell in enumerate(cells):
        y = top + i * (bar_h + gap)
        label = " / ".join(value_label(v, services, d, x) for d, x in zip(report.dimensions, cell.values, strict=True))
        if len(label) > 30:
            label = label[:29] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end">{e(label)}</text>')
        if cell.count is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + bar_h - 5}" fill="#777">{MASK}</text>')
            continue
        length = max(2, round(bar_w * cell.count / most))
        parts.append(f'<rect x="{label_w}" y="{y}" width="{length}" height="{bar_h}" rx="2" fill="#3b6ea5"/>')
        parts.append(f'<text x="{label_w + length + 4}" y="{y + bar_h - 5}">{e(v.number(cell.count))}</text>')
    if not cells:
        parts.append(
            '<text x="4" y="' + str(top + 14) + '" fill="#777">' + e(v.gettext("No cases in the log yet.")) + "</text>"
        )
    parts.append(
        '<text x="4" y="'
        + str(height - 8)
        + '" fill="#555" font-size="12">'
        + e(v.gettext("{mask} hidden: fewer than {k} cases", mask=MASK, k=report.k))
        + "</text></svg>"
    )
    return "".join(parts)


def stats_page(
    v: View,
    services: Services,
    chosen: Sequence[str],
    k: int,
    charts: Sequence[tuple[str, Report]],
    report: Report | None = None,
    error: str | None = None,
    admin: bool = False,
) -> str:
    def select_dim(index: int) -> str:
        current = chosen[index] if index < len(chosen) else ""
        options = '<option value="">—</option>' if index else ""
        options += "".join(
            f'<option value="{e(d)}"{" selected" if d == current else ""}>{e(words.dimension(v.tr, d))}</option>'
            for d in words.DIMENSIONS
        )
        return (
            '<div><label for="by'
            + str(index)
            + '">'
            + e(v.gettext("By"))
            + '</label><select id="by'
            + str(index)
            + '" name="by">'
            + str(options)
            + "</select></div>"
        )

    body = messages(error=error)
    query = "&".join(f"by={quote(d)}" for d in chosen) + f"&k={k}"
    body += (
        f'<section><form method="get" action="{url("stats")}"><div class="row">'
        + "".join(select_dim(i) for i in range(3))
        + (
            '<div><label for="k">'
            + e(v.gettext("Hide counts under"))
            + '</label><input id="k" type="number" name="k" min="'
            + str(MIN_K)
            + '" value="'
            + str(k)
            + '" style="width:6rem"></div><div><button>'
            + e(v.gettext("Show"))
            + "</button></div></div></form>"
        )
        + muted(
            v.gettext(
                "Counts under {k} are hidden so that nobody can be recognised; the lowest allowed is {minimum}.",
                k=k,
                minimum=MIN_K,
            )
        )
    )
    if report is not None:
        body += (
            '<p><a id="download-report" href="'
            + url("stats/report.csv")
            + "?"
            + e(query)
            + '" download>'
            + e(v.gettext("Download this table (CSV)"))
            + "</a></p>"
        )
    if admin:
        body += (
            f'<p><a id="download-rows" href="{url("stats/export.csv")}" download>'
            + e(
                v.gettext(
                    "Download the anonymised case log, one row per case (administrators; recorded in the audit log)"
                )
            )
            + "</a></p>"
        )
    body += "</section>"
    if report is not None:
        title = " × ".join(words.dimension(v.tr, d) for d in report.dimensions)
        body += f"<section>{report_table(v, services, report)}</section>"
        body += f"<section>{chart(v, services, report, title)}</section>"
    body += "".join(f"<section>{chart(v, services, r, title)}</section>" for title, r in charts)
    return layout(v, v.gettext("Statistics"), body, here="stats")


# --- announcements ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnouncementPlan:
    """What sending a day's announcement would do, shown before anyone confirms."""

    day: DayListing
    by_language: tuple[tuple[str, int], ...]  # (locale, people)
    line_people: int
    telegram_people: int
    budget: PushBudget
    previews: tuple[tuple[str, str], ...]  # (locale, the text in it)

    @property
    def people(self) -> int:
        return sum(n for _, n in self.by_language)

    @property
    def over_quota(self) -> bool:
        return not self.budget.allows(self.line_people)


def announce_choice_page(v: View, services: Services, rows: Sequence[DayListing], error: str | None = None) -> str:
    choices = "".join(
        f'<li><a href="{url(f"announce?day={d.day_id}")}">{e(d.title)}</a> · {e(v.when(d.starts_at))}</li>'
        for d in rows
        if d.status != DayStatus.CLOSED and d.announced_at is None
    )
    body = messages(error=error) + "<section>"
    body += (
        f"<ul class=plain>{choices}</ul>"
        if choices
        else ('<p class="muted">' + e(v.gettext("No consultation day is waiting to be announced.")) + "</p>")
    )
    body += "</section>"
    return layout(v, v.gettext("Announcements"), body, here="announce")


def announce_page(
    v: View, services: Services, plan: AnnouncementPlan, *, confirming: bool, error: str | None = None
) -> str:
    d = plan.day
    body = messages(error=error)
    body += "<section>" + facts(
        (
            (v.gettext("Consultation day"), d.title),
            (v.gettext("When (Tokyo)"), f"{v.when(d.starts_at)}–{v.time(d.ends_at)}"),
            (v.gettext("Hubs"), ", ".join(words.hub(services, v.tr, h) for h in d.hubs) or v.gettext("All hubs")),
            (
                v.gettext("Languages"),
                ", ".join(words.language(v.tr, x) for x in d.languages) or v.gettext("All languages"),
            ),
        )
    )
    channels = v.gettext("LINE: {line}, Telegram: {telegram}", line=plan.line_people, telegram=plan.telegram_people)
    cost = v.gettext(
        "LINE pushes it will cost: {cost}. Left this month: {left} of {limit}.",
        cost=plan.line_people,
        left=plan.budget.left,
        limit=plan.budget.limit,
    )
    counted = "".join(
        f"<tr><td>{e(words.language(v.tr, code))}</td><td class=num>{e(v.number(n))}</td></tr>"
        for code, n in plan.by_language
    )
    body += ("<h2>" + e(v.gettext("Who receives it")) + "</h2>") + table(
        (v.gettext("Language"), v.gettext("People")),
        [counted],
        v.gettext("Nobody matches the day's hubs and languages."),
    )
    body += (
        '<p id="audience">'
        + e(v.ngettext("{n} person in all", "{n} people in all", plan.people))
        + " · "
        + e(channels)
        + '</p><p id="cost">'
        + e(cost)
        + "</p></section>"
    )
    if plan.over_quota:
        body += messages(
            warning=v.gettext(
                "This is more than the LINE pushes left this month; LINE would refuse the rest. "
                "Only an administrator can send it anyway."
            )
        )
    previews = "".join(
        f'<section lang="{e(code.replace("_", "-"))}"><h2>{e(words.language(v.tr, code))}</h2>'
        f'<p style="white-space:pre-line">{e(text)}</p></section>'
        for code, text in plan.previews
    )
    body += "<h2>" + e(v.gettext("Preview in every language")) + "</h2>" + str(previews)
    if plan.people == 0:
        return layout(v, v.gettext("Announcements"), body, here="announce")
    if not confirming:
        body += (
            '<section><form method="get" action="'
            + url("announce")
            + '"><input type="hidden" name="day" value="'
            + str(d.day_id)
            + '"><input type="hidden" name="confirm" value="1"><button id="prepare">'
            + e(v.gettext("Continue to confirmation"))
            + "</button></form></section>"
        )
    else:
        fields = {"day": str(d.day_id), "expected": str(plan.people)}
        label = v.ngettext("Send it now to {n} person", "Send it now to {n} people", plan.people)
        if plan.over_quota:
            fields["over_quota"] = "1"
            label = v.gettext("Send it anyway, over the LINE quota")
        body += (
            ("<section><p>" + e(v.gettext("Sending cannot be undone. Check the preview and the count above.")) + "</p>")
            + button_form(
                v, url("announce"), label, kind="danger" if plan.over_quota else "", fields=fields, attrs=' id="send"'
            )
            + "</section>"
        )
    return layout(v, v.gettext("Announcements"), body, here="announce")
