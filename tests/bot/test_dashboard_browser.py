"""The desk in a real headless Chromium, against the real hotline served on loopback with the sandbox's fake
LINE and Telegram: sign in with a one-time link, watch a migrant's case arrive on the board without reloading,
offer it, send an announcement through its confirmation, download a report, and use it all at 360 px.

Skipped only when Chromium or chromedriver is missing and HOTLINE_REQUIRE_BROWSER is not set (CI sets it).
Selenium is synchronous, so the browser is driven from a worker thread while the server runs on the loop; the
two meet at threading events. A failing step leaves a screenshot (HOTLINE_KEEP_SCREENSHOTS=dir keeps them).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.sandbox.hotline import SandboxHotline
from handlers.context import Services
from storage.coordinators import CoordinatorRole, add_coordinator, issue_sign_in_link
from storage.db import Database
from storage.models import AnalyticCase, AuditEntry, Case, ConsultationDay, Offer
from storage.supporters import add_supporter
from tests.scenarios import open_case

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 20
PHONE_WIDTH = 360


def _browser_or_skip() -> None:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not (os.path.exists(path) or shutil.which(path))]
    if not missing:
        return
    reason = f"{', '.join(missing)} not installed (apt-get install -y chromium chromium-driver)"
    if os.environ.get("HOTLINE_REQUIRE_BROWSER"):
        pytest.fail(f"HOTLINE_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


async def _seed(db: Database, services: Services) -> tuple[str, int]:
    """A Vietnamese supporter who is off shift (so the router leaves the case to the coordinator), a planned
    North Kanto day, enough anonymised cases for a report, and the coordinator's one-time link."""
    now = services.clock()
    async with db.transaction() as session:
        await add_supporter(
            session,
            services.pseudonym_key,
            channel="telegram",
            address="777000111",
            alias="Lan (Mito)",
            languages={"vi": 3, "ja": 2},
            hubs=["north_kanto"],
            available=False,
            now=now,
        )
        day = ConsultationDay(
            title="North Kanto consultation day",
            starts_at=now + dt.timedelta(days=3),
            ends_at=now + dt.timedelta(days=3, hours=6),
            hubs=["north_kanto"],
            languages=["vi"],
            status="planned",
        )
        session.add(day)
        for i in range(12):
            session.add(
                AnalyticCase(
                    case_ref=f"ref-{i}",
                    person=f"p-{i}",
                    channel="line",
                    language="vi",
                    hub="north_kanto",
                    month="2026-10",
                    topic="work",
                    policy_fields=["labour"],
                )
            )
        coordinator = await add_coordinator(session, "Sato Yuki", CoordinatorRole.ADMIN, now)
        token = await issue_sign_in_link(session, coordinator.id, now)
        await session.flush()
        return token, day.id


class Browser:
    """One Chromium, with the checks every page of the desk must pass."""

    def __init__(self, base_url: str, tmp_path: Path) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.base_url = base_url
        self.shots = tmp_path
        self.downloads = tmp_path / "downloads"
        self.downloads.mkdir()
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--lang=en-US",
            "--window-size=1280,900",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
        ):
            options.add_argument(flag)
        options.add_experimental_option(
            "prefs",
            {
                "download.default_directory": str(self.downloads),
                "download.prompt_for_download": False,
                "intl.accept_languages": "en-US,en",
            },
        )
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(30)

    def wait_for(self, condition: Callable[[Any], Any], what: str) -> Any:
        from selenium.webdriver.support.wait import WebDriverWait

        return WebDriverWait(self.driver, WAIT).until(condition, message=what)

    def css(self, selector: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def main_text(self) -> str:
        return str(self.css("main").text)

    def no_sideways_scroll(self, name: str) -> None:
        width, inner = self.driver.execute_script("return [document.scrollingElement.scrollWidth, window.innerWidth]")
        self.driver.save_screenshot(str(self.shots / f"{name}-phone.png"))
        assert width <= inner, f"{name}: the page is {width} px wide in a {inner} px window"


def _drive(
    browser: Browser, token: str, day_id: int, board_ready: threading.Event, case_opened: threading.Event
) -> str:
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.select import Select

    d = browser.driver
    base = browser.base_url
    d.get(f"{base}/dashboard/board")
    assert d.current_url.endswith("/dashboard/login")  # no session yet
    assert 'lang="en"' in d.page_source

    # The one-time link from `hotline coordinators add`: the page asks, the button signs in.
    d.get(f"{base}/dashboard/signin/{token}")
    assert "Sato Yuki" in browser.main_text()
    browser.css("#sign-in").click()
    browser.wait_for(ec.url_matches(r"/dashboard/board$"), "the board after signing in")
    assert "No open cases." in browser.main_text()
    d.execute_script("window.stillTheSamePage = true")
    board_ready.set()

    # The migrant writes on LINE meanwhile; the case appears without any reload.
    assert case_opened.wait(60), "the sandbox did not open the case"
    browser.wait_for(lambda drv: drv.find_elements("css selector", "article.card"), "the case on the board")
    assert d.execute_script("return window.stillTheSamePage") is True
    card = browser.css("article.card")
    number = str(card.get_attribute("data-case"))
    assert "Vietnamese (Tiếng Việt)" in card.text
    assert "North Kanto" in card.text
    assert "Work and wages" in card.text
    d.save_screenshot(str(browser.shots / "board.png"))

    # Offer it to Lan from the case page.
    card.find_element("css selector", "h3 a").click()
    browser.wait_for(ec.url_contains("/dashboard/cases/"), "the case page")
    case_url = d.current_url
    Select(browser.css("#supporter-choice")).select_by_visible_text("Lan (Mito) — level 3, 0 of 3 cases")
    browser.css("form[action$='/offer'] button").click()
    browser.wait_for(ec.presence_of_element_located(("css selector", ".notice")), "the offer's notice")
    text = browser.main_text()
    assert "The offer is sent." in text
    assert "Lan (Mito)" in text
    assert "Waiting for an answer" in text
    d.save_screenshot(str(browser.shots / "case.png"))

    # The announcement: preview and count, then a confirmation, then sent.
    browser.css("header a[href='/dashboard/announce']").click()
    browser.wait_for(ec.url_matches(r"/dashboard/announce$"), "the announcements")
    d.find_element("link text", "North Kanto consultation day").click()
    browser.wait_for(ec.presence_of_element_located(("css selector", "#audience")), "the audience")
    assert browser.css("#audience").text.startswith("1 person in all")
    assert "LINE pushes it will cost: 1." in browser.css("#cost").text
    browser.css("#prepare").click()
    browser.wait_for(ec.presence_of_element_located(("css selector", "#send")), "the confirmation")
    browser.css("#send").click()
    browser.wait_for(ec.text_to_be_present_in_element(("css selector", "main"), "on its way to 1 person"), "sent")

    # A report, downloaded.
    browser.css("header a[href='/dashboard/stats']").click()
    browser.wait_for(ec.url_matches(r"/dashboard/stats$"), "the statistics")
    Select(browser.css("#by0")).select_by_visible_text("Policy field")
    browser.css("main form button").click()
    browser.wait_for(ec.presence_of_element_located(("css selector", "#download-report")), "the report")
    assert "Labour" in browser.main_text()
    browser.css("#download-report").click()
    browser.wait_for(lambda _: list(browser.downloads.glob("hotline-report-*.csv")), "the downloaded report")
    d.save_screenshot(str(browser.shots / "stats.png"))

    # A phone: every page fits 360 px.
    d.set_window_size(PHONE_WIDTH, 780)
    for name, path in (
        ("board", "/dashboard/board"),
        ("case", case_url.removeprefix(base)),
        ("supporters", "/dashboard/supporters"),
        ("days", "/dashboard/days"),
        ("announce", f"/dashboard/announce?day={day_id}"),
        ("stats", "/dashboard/stats?by=policy_field&by=hub"),
        ("audit", "/dashboard/audit"),
        ("coordinators", "/dashboard/coordinators"),
    ):
        d.get(base + path)
        browser.no_sideways_scroll(name)
    d.get(f"{base}/dashboard/language/ja?next=/dashboard/board")
    assert 'lang="ja"' in d.page_source
    browser.no_sideways_scroll("board-ja")
    return number


def _keep_screenshots(folder: Path) -> None:
    if keep := os.environ.get("HOTLINE_KEEP_SCREENSHOTS"):
        for png in folder.glob("*.png"):
            shutil.copy(png, Path(keep) / png.name)


async def test_a_coordinator_signs_in_watches_a_case_arrive_offers_it_announces_and_downloads(
    db: Database, services: Services, tmp_path: Path
) -> None:
    _browser_or_skip()
    token, day_id = await _seed(db, services)
    hotline = SandboxHotline(db, services)
    board_ready, case_opened = threading.Event(), threading.Event()
    async with hotline.running(public_url="http://127.0.0.1", line_push_quota=200):
        browser = Browser(hotline.local_url, tmp_path)
        try:
            driving = asyncio.create_task(asyncio.to_thread(_drive, browser, token, day_id, board_ready, case_opened))
            ready = asyncio.create_task(asyncio.to_thread(board_ready.wait, 60))
            await asyncio.wait([driving, ready], return_when=asyncio.FIRST_COMPLETED)
            if board_ready.is_set():
                migrant = hotline.person("line", "vi")
                await open_case(hotline, migrant, "Công ty không trả lương", language="vi", prefecture="Gunma")  # type: ignore[arg-type]
                case_opened.set()
            number = await driving
        except BaseException:
            browser.driver.save_screenshot(str(tmp_path / "failure.png"))
            raise
        finally:
            browser.driver.quit()
            _keep_screenshots(tmp_path)
    async with db.sessions() as session:
        case = await session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        offer = await session.scalar(select(Offer).where(Offer.case_id == case.id))
        assert offer is not None
        assert offer.status == "pending"
        day = await session.get(ConsultationDay, day_id)
        assert day is not None
        assert day.announced_at is not None
        done = set((await session.scalars(select(AuditEntry.action))).all())
    assert {"sign_in", "offer", "announce", "export"} <= done
    report = next((tmp_path / "downloads").glob("hotline-report-*.csv")).read_text(encoding="utf-8-sig")
    assert report.splitlines()[0] == "Policy field,Cases,Yen"
