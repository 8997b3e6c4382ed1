"""Every code the desk shows, in words of the coordinator's language: statuses, actions, hubs, languages, fields.

The desk speaks Japanese or English (from the same gettext catalogs as the bot). A code never reaches the page:
an unknown one is shown as "other", never as itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from babel import Locale, UnknownLocaleError

from handlers.closing import ACTIONS as OUTCOME_ACTIONS
from handlers.closing import AID_CATEGORIES, POLICY_FIELDS
from handlers.context import Services
from handlers.i18n import N_, Translator, translator
from handlers.language import BABEL_LOCALES, LANGUAGE_NAMES
from handlers.vocabulary import TOPICS
from storage.audit import DeskAction
from storage.coordinators import CoordinatorRole
from storage.states import CaseStatus, DayStatus, OfferRole, OfferStatus

DESK_LOCALES = ("ja", "en")
DEFAULT_LOCALE = "ja"

CASE_STATUSES: dict[str, str] = {
    CaseStatus.NEW: N_("New"),
    CaseStatus.QUEUED: N_("Waiting for a supporter"),
    CaseStatus.OFFERED: N_("Offered"),
    CaseStatus.ACTIVE: N_("In consultation"),
    CaseStatus.ON_HOLD: N_("On hold"),
    CaseStatus.CLOSED: N_("Closed"),
}

OFFER_STATUSES: dict[str, str] = {
    OfferStatus.PENDING: N_("Waiting for an answer"),
    OfferStatus.ACCEPTED: N_("Accepted"),
    OfferStatus.DECLINED: N_("Declined"),
    OfferStatus.EXPIRED: N_("No answer in time"),
    OfferStatus.WITHDRAWN: N_("Withdrawn"),
}

OFFER_ROLES: dict[str, str] = {
    OfferRole.SUPPORTER: N_("Supporter"),
    OfferRole.INTERPRETER: N_("Interpreter"),
}

DAY_STATUSES: dict[str, str] = {
    DayStatus.PLANNED: N_("Planned"),
    DayStatus.OPEN: N_("Open now"),
    DayStatus.CLOSED: N_("Over"),
}

ROLES: dict[str, str] = {
    CoordinatorRole.COORDINATOR: N_("Coordinator"),
    CoordinatorRole.ADMIN: N_("Administrator"),
}

AUDIT_ACTIONS: dict[str, str] = {
    DeskAction.SIGN_IN: N_("Signed in"),
    DeskAction.SIGN_IN_REFUSED: N_("Sign-in refused"),
    DeskAction.SIGN_OUT: N_("Signed out"),
    DeskAction.LINK_SENT: N_("Sign-in link issued"),
    DeskAction.COORDINATOR_ADDED: N_("Coordinator added"),
    DeskAction.OFFER: N_("Offered a case"),
    DeskAction.REASSIGN: N_("Routed a case again"),
    DeskAction.INTERPRETER: N_("Asked for an interpreter"),
    DeskAction.TRANSFER: N_("Transferred a case"),
    DeskAction.NOTE: N_("Added a note"),
    DeskAction.PAUSE: N_("Paused a supporter"),
    DeskAction.RESUME: N_("Resumed a supporter"),
    DeskAction.INVITE: N_("Issued an invite code"),
    DeskAction.DAY_PLANNED: N_("Planned a consultation day"),
    DeskAction.ANNOUNCE: N_("Sent an announcement"),
    DeskAction.EXPORT: N_("Downloaded statistics"),
    DeskAction.EXPORT_ROWS: N_("Downloaded the case log"),
    DeskAction.ERASE: N_("Erased a person's data"),
    # what supporters do from their chats (handlers.supporter)
    "offer_accept": N_("Accepted an offer"),
    "offer_decline": N_("Declined an offer"),
    "reply": N_("Replied in a case"),
    "note_text": N_("Added a note"),
    "close": N_("Closed a case"),
    "transfer": N_("Transferred a case"),
    "interpreter": N_("Asked for an interpreter"),
}
OTHER_ACTION = N_("Other action on a case")

DIMENSIONS: dict[str, str] = {
    "policy_field": N_("Policy field"),
    "month": N_("Month"),
    "hub": N_("Hub"),
    "language": N_("Language"),
    "aid_category": N_("Aid category"),
    "topic": N_("Topic"),
    "region": N_("Region"),
}

REGIONS: dict[str, str] = {
    "hokkaido": N_("Hokkaido"),
    "tohoku": N_("Tohoku"),
    "kanto": N_("Kanto"),
    "chubu": N_("Chubu"),
    "kinki": N_("Kinki"),
    "chugoku": N_("Chugoku"),
    "shikoku": N_("Shikoku"),
    "kyushu_okinawa": N_("Kyushu and Okinawa"),
}

UNKNOWN = N_("Unknown")
NONE = N_("None")
EASY_JAPANESE = N_("Easy Japanese")


def pick_locale(cookie: str | None, accept_language: str | None) -> str:
    """The switch's choice, else the browser's first language the desk speaks, else Japanese."""
    if cookie in DESK_LOCALES:
        return cookie
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in DESK_LOCALES and quality > 0:
            ranked.append((-quality, index, primary))
    return min(ranked)[2] if ranked else DEFAULT_LOCALE


def desk_translator(code: str) -> Translator:
    return translator(code if code in DESK_LOCALES else DEFAULT_LOCALE)


def _word(table: Mapping[str, str], tr: Translator, code: str | None, fallback: str = UNKNOWN) -> str:
    return tr.gettext(table[code]) if code is not None and code in table else tr.gettext(fallback)


def case_status(tr: Translator, code: str) -> str:
    return _word(CASE_STATUSES, tr, code)


def offer_status(tr: Translator, code: str) -> str:
    return _word(OFFER_STATUSES, tr, code)


def offer_role(tr: Translator, code: str) -> str:
    return _word(OFFER_ROLES, tr, code)


def day_status(tr: Translator, code: str) -> str:
    return _word(DAY_STATUSES, tr, code)


def role(tr: Translator, code: str) -> str:
    return _word(ROLES, tr, code)


def audit_action(tr: Translator, code: str) -> str:
    return _word(AUDIT_ACTIONS, tr, code, OTHER_ACTION)


def topic(tr: Translator, code: str | None) -> str:
    return _word(TOPICS, tr, code, TOPICS["other"])


def policy_field(tr: Translator, code: str | None) -> str:
    return _word(POLICY_FIELDS, tr, code)


def aid_category(tr: Translator, code: str | None) -> str:
    return _word(AID_CATEGORIES, tr, code, NONE)


def outcome_action(tr: Translator, code: str) -> str:
    return _word(OUTCOME_ACTIONS, tr, code)


def dimension(tr: Translator, code: str) -> str:
    return _word(DIMENSIONS, tr, code)


def region(tr: Translator, code: str) -> str:
    return _word(REGIONS, tr, code)


def hub(services: Services, tr: Translator, code: str | None) -> str:
    found = services.hub_map.hubs.get(code or "")
    if found is None:
        return tr.gettext(UNKNOWN)
    return found.name_ja if tr.code == "ja" else found.name_en


def prefecture(services: Services, tr: Translator, code: int | None) -> str:
    found = services.hub_map.prefectures.get(code) if code is not None else None
    if found is None:
        return tr.gettext(UNKNOWN)
    return found.name_ja if tr.code == "ja" else found.name_en


def language(tr: Translator, code: str | None) -> str:
    """The language in the coordinator's words, its own name beside: "ベトナム語（Tiếng Việt）"."""
    if code is None or code not in LANGUAGE_NAMES:
        return tr.gettext(UNKNOWN)
    native = LANGUAGE_NAMES[code]
    if code == "ja_easy":
        name = tr.gettext(EASY_JAPANESE)
    else:
        try:
            name = Locale.parse(BABEL_LOCALES[code]).get_display_name(tr.babel_locale) or native
        except (UnknownLocaleError, ValueError):
            name = native
    if name == native:
        return name
    return f"{name}（{native}）" if tr.code == "ja" else f"{name} ({native})"
