"""The coordinators' desk: named accounts, the live board, cases to act from, announcements, statistics, audit.

Mounted at /dashboard by `bot.app.create_app`; it reads `db` and `services` (and `sender`, when there is one)
from the app's state, so it runs inside the real app or, for tests, inside `dashboard_app`.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount

from bot.dashboard.pages import PREFIX
from bot.dashboard.routes import Dashboard
from bot.settings import Settings
from handlers.context import Services
from storage.db import Database

__all__ = ["dashboard_app", "dashboard_mount", "dashboard_routes"]


def dashboard_routes(settings: Settings) -> list[BaseRoute]:
    """The desk's routes, relative to its mount point."""
    return Dashboard(settings).routes()


def dashboard_mount(settings: Settings) -> Mount:
    """The desk at /dashboard, for the app's route list."""
    return Mount(PREFIX, routes=dashboard_routes(settings))


def dashboard_app(db: Database, services: Services, settings: Settings) -> Starlette:
    """The desk alone (no webhooks, no sender), on the given database."""
    app = Starlette(routes=[dashboard_mount(settings)])
    app.state.db = db
    app.state.services = services
    return app
