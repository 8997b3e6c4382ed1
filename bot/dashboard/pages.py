"""The dashboard's HTML: small functions from plain values to escaped markup, one embedded stylesheet.

Every value from the database or the request goes through `e` (html.escape); nothing else is trusted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape as e
from zoneinfo import ZoneInfo

from bot.dashboard.queries import Candidate, DayRow, QueueRow, SupporterRow, language_name
from storage.exports import MASK, Report
from storage.invites import format_code
from storage.models import InviteCode

PREFIX = "/dashboard"
TOKYO = ZoneInfo("Asia/Tokyo")
QUEUE_REFRESH_SECONDS = 15

CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;
color:#1d2430;background:#f4f6f9}
header{background:#23395d;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;
align-items:center}
header strong{font-size:1.1rem;margin-right:.6rem}
header a{color:#dfe8f5;text-decoration:none;padding:.2rem 0}
header a.here{color:#fff;border-bottom:2px solid #ffcf4a}
header form{margin-left:auto}
main{padding:1rem;max-width:1200px;margin:0 auto}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
section{background:#fff;border-radius:8px;padding:1rem;margin-bottom:1rem;box-shadow:0 1px 2px #0001}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #e3e7ee;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:#5a6578}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.urgent td{background:#fff1f0}
.tag{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.8rem;background:#e8edf5}
.tag.urgent{background:#d93025;color:#fff}
.tag.paused,.tag.closed{background:#eceff3;color:#667}
.tag.open,.tag.active,.tag.available{background:#dff3e4;color:#17663a}
.tag.queued,.tag.planned,.tag.offered{background:#fff4d6;color:#7a5200}
.notice{padding:.7rem 1rem;border-radius:8px;background:#e6f4ea;margin-bottom:1rem}
.error{padding:.7rem 1rem;border-radius:8px;background:#fdecea;color:#8c1d18;margin-bottom:1rem}
form.inline{display:inline}
label{display:block;margin:.4rem 0 .2rem;font-weight:600}
fieldset{border:1px solid #d6dce5;border-radius:6px;margin:.6rem 0;padding:.4rem .8rem}
fieldset label{display:inline-flex;gap:.3rem;font-weight:400;margin:.2rem 1rem .2rem 0}
input[type=text],input[type=password],input[type=date],input[type=time],input[type=number],select{
font:inherit;padding:.4rem .5rem;border:1px solid #b9c2d0;border-radius:6px;max-width:100%}
button{font:inherit;padding:.45rem .9rem;border:0;border-radius:6px;background:#2f5da8;color:#fff;cursor:pointer}
button.quiet{background:#e8edf5;color:#23395d}
.code{font:700 1.6rem ui-monospace,monospace;letter-spacing:.12em}
.muted{color:#667}
.row{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}
svg{max-width:100%;height:auto}
@media (max-width:640px){main{padding:.5rem}th,td{padding:.35rem .3rem;font-size:.9rem}.hide-narrow{display:none}}
"""

NAV = (("queue", "Live queue"), ("supporters", "Supporters"), ("days", "Consultation days"), ("stats", "Statistics"))


def url(path: str) -> str:
    return f"{PREFIX}/{path.lstrip('/')}"


def tokyo(moment: dt.datetime | None) -> str:
    return "—" if moment is None else moment.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M")


def waited(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours < 48 else f"{hours // 24} days"


def tag(text: str, kind: str | None = None) -> str:
    return f'<span class="tag {e(kind or text)}">{e(text)}</span>'


def csrf_field(csrf: str) -> str:
    return f'<input type="hidden" name="csrf" value="{e(csrf)}">'


def button_form(
    action: str, label: str, csrf: str, *, quiet: bool = False, fields: dict[str, str] | None = None
) -> str:
    hidden = "".join(f'<input type="hidden" name="{e(k)}" value="{e(v)}">' for k, v in (fields or {}).items())
    cls = ' class="quiet"' if quiet else ""
    return (
        f'<form class="inline" method="post" action="{e(action)}">{csrf_field(csrf)}{hidden}'
        f"<button{cls}>{e(label)}</button></form>"
    )


def layout(title: str, body: str, *, here: str = "", csrf: str | None = None, refresh: int | None = None) -> str:
    meta = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    nav = ""
    if csrf is not None:
        links = "".join(
            f'<a href="{url(key)}"{" class=here" if key == here else ""}>{e(label)}</a>' for key, label in NAV
        )
        nav = links + button_form(url("logout"), "Log out", csrf, quiet=True)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"{meta}<title>{e(title)} · Hotline</title><style>{CSS}</style></head>"
        f"<body><header><strong>Hotline coordinators</strong>{nav}</header>"
        f"<main><h1>{e(title)}</h1>{body}</main></body></html>"
    )


def messages(notice: str | None = None, error: str | None = None) -> str:
    parts = []
    if notice:
        parts.append(f'<div class="notice" role="status">{e(notice)}</div>')
    if error:
        parts.append(f'<div class="error" role="alert">{e(error)}</div>')
    return "".join(parts)


def table(headers: Sequence[str], rows: Iterable[str], empty: str, narrow_hidden: Iterable[int] = ()) -> str:
    """A scrolling table; columns in `narrow_hidden` (their cells carry class hide-narrow) drop on a phone."""
    body = "".join(rows)
    if not body:
        return f'<p class="muted">{e(empty)}</p>'
    hidden = set(narrow_hidden)
    head = "".join(f"<th{' class=hide-narrow' if i in hidden else ''}>{e(h)}</th>" for i, h in enumerate(headers))
    return f'<div class="table"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


# --- pages --------------------------------------------------------------------------------------------


def login_page(error: str | None = None) -> str:
    body = (
        f"{messages(error=error)}<section><form method=post action={url('login')}>"
        '<label for="token">Admin token</label>'
        '<input id="token" type="password" name="token" autocomplete="current-password" required autofocus> '
        "<button>Log in</button></form></section>"
    )
    return layout("Log in", body)


def queue_page(rows: Sequence[QueueRow], csrf: str, notice: str | None = None) -> str:
    def row(r: QueueRow) -> str:
        flag = tag("urgent") if r.urgent else ""
        offers = ", ".join(r.pending_offers) or "—"
        return (
            f'<tr class="{"urgent" if r.urgent else ""}">'
            f'<td><a href="{url(f"cases/{r.case_id}")}">{e(r.number)}</a></td>'
            f"<td>{e(r.language)}</td><td>{e(r.hub)}</td><td class=hide-narrow>{e(r.topic)}</td>"
            f"<td>{flag}</td><td>{tag(r.status)}</td><td class=num>{e(waited(r.waiting))}</td>"
            f"<td>{e(r.supporter or '—')}</td><td class=hide-narrow>{e(offers)}</td></tr>"
        )

    urgent = sum(r.urgent for r in rows)
    cases = f"{len(rows)} open case{'' if len(rows) == 1 else 's'}"
    summary = f'<p class="muted">{cases}, {urgent} urgent. Refreshes every {QUEUE_REFRESH_SECONDS} s.</p>'
    body = messages(notice) + "<section>" + summary
    body += table(
        ("Case", "Language", "Hub", "Topic", "Urgent", "Status", "Waiting", "Supporter", "Pending offers"),
        (row(r) for r in rows),
        "No open cases.",
        narrow_hidden=(3, 8),
    )
    return layout("Live queue", body + "</section>", here="queue", csrf=csrf, refresh=QUEUE_REFRESH_SECONDS)


def case_page(
    r: QueueRow, candidates: Sequence[Candidate], csrf: str, notice: str | None = None, error: str | None = None
) -> str:
    facts = (
        ("Language", r.language),
        ("Hub", r.hub),
        ("Topic", r.topic),
        ("Status", r.status),
        ("Waiting", waited(r.waiting)),
        ("Supporter", r.supporter or "—"),
        ("Pending offers", ", ".join(r.pending_offers) or "—"),
    )
    dl = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts)
    body = messages(notice, error)
    body += f"<section>{tag('urgent') if r.urgent else ''}<div class=table><table>{dl}</table></div>"
    body += '<p class="muted">The question itself is visible to the assigned supporter only.</p></section>'
    if r.supporter is None:
        options = "".join(
            f'<option value="{c.supporter_id}">{e(c.alias)} — level {c.level}, {c.load}/{c.capacity} cases</option>'
            for c in candidates
        )
        chooser = (
            f'<form method="post" action="{url(f"cases/{r.case_id}/offer")}">{csrf_field(csrf)}'
            '<label for="supporter">Offer to a supporter</label><div class="row">'
            f'<select id="supporter" name="supporter_id" required>{options}</select>'
            "<button>Send offer</button></div></form>"
            if candidates
            else '<p class="muted">No supporter who speaks this language has room right now.</p>'
        )
        again = button_form(url(f"cases/{r.case_id}/route"), "Route again", csrf, quiet=True)
        body += f"<section><h2>Reassign</h2>{chooser}<p>{again}</p></section>"
    else:
        body += (
            '<section><p class="muted">This case has a supporter. They can pass it on from their chat '
            "with Transfer.</p></section>"
        )
    return layout(f"Case {r.number}", body, here="queue", csrf=csrf)


def _checkboxes(name: str, options: Iterable[tuple[str, str]], checked: Iterable[str] = ()) -> str:
    ticked = set(checked)
    return "".join(
        f'<label><input type="checkbox" name="{e(name)}" value="{e(value)}"'
        f"{' checked' if value in ticked else ''}> {e(label)}</label>"
        for value, label in options
    )


def supporters_page(
    rows: Sequence[SupporterRow],
    invites: Sequence[InviteCode],
    hubs: Sequence[tuple[str, str]],
    csrf: str,
    new_code: str | None = None,
    notice: str | None = None,
) -> str:
    hub_names = dict(hubs)

    def row(s: SupporterRow) -> str:
        languages = ", ".join(f"{language_name(code)} ({level})" for code, level in s.languages) or "—"
        state = tag("paused") if s.paused else (tag("available") if s.available else tag("on shifts", "planned"))
        roles = " ".join(t for t, on in (("interpreter", s.interpreter), ("coordinator", s.coordinator)) if on)
        action = (
            button_form(url(f"supporters/{s.supporter_id}/resume"), "Resume", csrf)
            if s.paused
            else button_form(url(f"supporters/{s.supporter_id}/pause"), "Pause", csrf, quiet=True)
        )
        return (
            f"<tr><td>{e(s.alias)}</td><td>{e(languages)}</td>"
            f"<td>{e(', '.join(hub_names.get(h, h) for h in s.hubs) or '—')}</td>"
            f"<td class=hide-narrow>{e(', '.join(s.topics) or 'any')}</td>"
            f"<td class=num>{s.load}/{s.capacity}</td><td>{state}</td><td>{e(roles)}</td><td>{action}</td></tr>"
        )

    body = messages(notice)
    if new_code is not None:
        body += (
            f'<section><h2>New invite code</h2><p class="code" id="new-code">{e(new_code)}</p>'
            '<p class="muted">The volunteer sends <b>/join</b> and this code to the bot on LINE or Telegram.</p>'
            "</section>"
        )
    body += "<section>" + table(
        ("Alias", "Languages (level)", "Hubs", "Topics", "Load", "State", "Roles", ""),
        (row(s) for s in rows),
        "No supporters yet. Issue an invite code below.",
        narrow_hidden=(3,),
    )
    body += "</section>"
    listed = "".join(
        f"<tr><td class=code style='font-size:1rem'>{e(format_code(i.code))}</td>"
        f"<td>{e(', '.join(hub_names.get(h, h) for h in i.hubs) or 'any')}</td>"
        f"<td>{'yes' if i.coordinator else ''}</td><td>{e(tokyo(i.expires_at))}</td></tr>"
        for i in invites
    )
    body += (
        f'<section><h2>Invite codes</h2><form method="post" action="{url("supporters/invite")}">{csrf_field(csrf)}'
        f"<fieldset><legend>Hubs</legend>{_checkboxes('hub', hubs)}</fieldset>"
        '<label style="font-weight:400"><input type="checkbox" name="coordinator" value="1"> '
        "Makes a coordinator</label><p><button>Issue an invite code</button></p></form>"
        + table(("Unused code", "Hubs", "Coordinator", "Valid until"), [listed], "No unused codes.")
        + "</section>"
    )
    return layout("Supporters", body, here="supporters", csrf=csrf)


def days_page(
    rows: Sequence[DayRow],
    hubs: Sequence[tuple[str, str]],
    languages: Sequence[tuple[str, str]],
    csrf: str,
    notice: str | None = None,
    error: str | None = None,
) -> str:
    hub_names, language_names = dict(hubs), dict(languages)

    def row(d: DayRow) -> str:
        when = f"{tokyo(d.starts_at)}–{d.ends_at.astimezone(TOKYO):%H:%M}"
        announce = (
            f"announced {tokyo(d.announced_at)}"
            if d.announced_at is not None
            else button_form(url(f"days/{d.day_id}/announce"), "Announce", csrf)
            if d.status != "closed"
            else ""
        )
        return (
            f"<tr><td>{e(d.title)}</td><td>{e(when)}</td>"
            f"<td>{e(', '.join(hub_names.get(h, h) for h in d.hubs) or 'all hubs')}</td>"
            f"<td class=hide-narrow>{e(', '.join(language_names.get(x, x) for x in d.languages) or 'all')}</td>"
            f"<td>{tag(d.status)}</td><td>{len(d.shifts)}"
            f"<span class='muted hide-narrow'> {e(', '.join(d.shifts))}</span></td><td>{announce}</td></tr>"
        )

    body = messages(notice, error) + "<section>"
    body += table(
        ("Title", "When (Tokyo)", "Hubs", "Languages", "Status", "Shifts", ""),
        (row(d) for d in rows),
        "No consultation day planned yet.",
        narrow_hidden=(3,),
    )
    body += (
        f'</section><section><h2>Plan a consultation day</h2><form method="post" action="{url("days")}">'
        f'{csrf_field(csrf)}<label for="title">Title</label>'
        '<input id="title" type="text" name="title" required maxlength="128" size="40">'
        '<div class="row"><div><label for="date">Date</label><input id="date" type="date" name="date" required></div>'
        '<div><label for="start">Starts (Tokyo)</label><input id="start" type="time" name="start" required></div>'
        '<div><label for="end">Ends (Tokyo)</label><input id="end" type="time" name="end" required></div></div>'
        f"<fieldset><legend>Hubs (none ticked: all)</legend>{_checkboxes('hub', hubs)}</fieldset>"
        f"<fieldset><legend>Languages (none ticked: all)</legend>{_checkboxes('language', languages)}</fieldset>"
        "<button>Plan the day</button></form></section>"
    )
    return layout("Consultation days", body, here="days", csrf=csrf)


def report_table(report: Report) -> str:
    def number(value: int | None) -> str:
        return MASK if value is None else f"{value:,}"

    rows = [[*c.values, number(c.count), number(c.yen)] for c in report.cells]
    for t in report.totals:
        labels = ["(all)"] * len(report.dimensions)
        labels[report.dimensions.index(t.dimension)] = t.value
        rows.append([*labels, number(t.count), number(t.yen)])
    rows.append([*(["(all)"] * len(report.dimensions)), number(report.total), number(report.total_yen)])
    width = len(report.dimensions)
    html_rows = (
        "<tr>" + "".join(f"<td{' class=num' if i >= width else ''}>{e(v)}</td>" for i, v in enumerate(r)) + "</tr>"
        for r in rows
    )
    return table((*report.dimensions, "cases", "yen"), html_rows, "No cases in the log yet.") + (
        f'<p class="muted">{MASK} hidden: fewer than {report.k} cases, '
        "or would let another hidden number be worked out.</p>"
    )


def stats_page(
    dimensions: Sequence[str],
    chosen: Sequence[str],
    k: int,
    csrf: str,
    report: Report | None = None,
    error: str | None = None,
) -> str:
    def select_dim(index: int) -> str:
        current = chosen[index] if index < len(chosen) else ""
        options = '<option value="">—</option>' if index else ""
        options += "".join(
            f'<option value="{e(d)}"{" selected" if d == current else ""}>{e(d)}</option>' for d in dimensions
        )
        return f'<div><label for="by{index}">By</label><select id="by{index}" name="by">{options}</select></div>'

    body = messages(error=error)
    body += (
        f'<section><form method="get" action="{url("stats")}"><div class="row">'
        + "".join(select_dim(i) for i in range(3))
        + f'<div><label for="k">Hide cells under</label><input id="k" type="number" name="k" min="1" value="{k}"'
        ' style="width:6rem"></div><div><button>Show report</button></div></div></form>'
        f'<p><a href="{url("stats/export.csv")}" download>Download the anonymised case log (CSV)</a></p></section>'
    )
    if report is not None:
        body += f"<section>{report_table(report)}</section><section>{report.to_svg()}</section>"
    return layout("Statistics", body, here="stats", csrf=csrf)


def disabled_page() -> str:
    return layout("Dashboard disabled", "<section><p>dashboard disabled: set HOTLINE_ADMIN_TOKEN</p></section>")
