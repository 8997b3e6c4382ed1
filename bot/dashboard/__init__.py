"""The coordinators' web dashboard: live queue, reassigning, supporters and invites, days, statistics.

Mounted at /dashboard by `bot.app.create_app`; it reads `db` and `services` from the app's state, so it
runs inside the real app or, for tests, inside `dashboard_app`.
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
    """The dashboard's routes, relative to its mount point."""
    return Dashboard(settings).routes()


def dashboard_mount(settings: Settings) -> Mount:
    """The dashboard at /dashboard, for the app's route list."""
    return Mount(PREFIX, routes=dashboard_routes(settings))


def dashboard_app(db: Database, services: Services, settings: Settings) -> Starlette:
    """The dashboard alone (no webhooks, no sender), on the given database."""
    app = Starlette(routes=[dashboard_mount(settings)])
    app.state.db = db
    app.state.services = services
    return app
