"""The dashboard in a real headless Chromium, against the real app served on loopback.

Skipped only when Chromium or chromedriver is missing and HOTLINE_REQUIRE_BROWSER is not set (CI sets it).
Selenium is synchronous, so the browser is driven from a worker thread while the server runs on the loop.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import create_app
from bot.sandbox.serve import serve_app
from bot.settings import Settings
from handlers.context import Services
from storage.db import Database
from storage.models import ConsultationDay
from tests.bot.test_dashboard import ADMIN_TOKEN, MIGRANT_ID, QUESTION, seed

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def _browser_or_skip() -> None:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not (os.path.exists(path) or shutil.which(path))]
    if not missing:
        return
    reason = f"{', '.join(missing)} not installed (apt-get install -y chromium chromium-driver)"
    if os.environ.get("HOTLINE_REQUIRE_BROWSER"):
        pytest.fail(f"HOTLINE_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


def _drive(base_url: str, tmp_path: Path, case_number: str) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.wait import WebDriverWait

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
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_page_load_timeout(30)
        driver.get(f"{base_url}/dashboard/queue")
        assert driver.current_url.endswith("/dashboard/login")  # no session yet

        driver.find_element(By.ID, "token").send_keys(ADMIN_TOKEN)
        driver.find_element(By.CSS_SELECTOR, "form button").click()
        # click() returns before the POST and its redirect are done; wait for the page we expect.
        WebDriverWait(driver, 10).until(ec.url_matches(r"/dashboard/queue$"))
        queue = driver.find_element(By.TAG_NAME, "main").text
        assert case_number in queue
        assert "Tiếng Việt" in queue
        assert MIGRANT_ID not in driver.page_source
        assert QUESTION[:20] not in driver.page_source
        driver.save_screenshot(str(tmp_path / "queue.png"))

        driver.find_element(By.LINK_TEXT, "Consultation days").click()
        WebDriverWait(driver, 10).until(ec.url_matches(r"/dashboard/days$"))
        driver.find_element(By.ID, "title").send_keys("North Kanto consultation day")
        # Date and time widgets take typed input in the browser's locale; set the ISO value directly.
        for field, value in (("date", "2026-12-06"), ("start", "10:00"), ("end", "16:00")):
            driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)
        driver.find_element(By.CSS_SELECTOR, 'input[name="hub"][value="north_kanto"]').click()
        driver.find_element(By.CSS_SELECTOR, 'input[name="language"][value="vi"]').click()
        driver.find_element(By.XPATH, "//button[text()='Plan the day']").click()
        WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
        days = driver.find_element(By.TAG_NAME, "main").text
        assert "Consultation day planned." in days
        assert "North Kanto consultation day" in days
        assert "2026-12-06 10:00–16:00" in days
        driver.save_screenshot(str(tmp_path / "days.png"))

        driver.set_window_size(390, 844)  # a phone
        driver.get(f"{base_url}/dashboard/queue")
        assert case_number in driver.find_element(By.TAG_NAME, "main").text
        driver.save_screenshot(str(tmp_path / "queue-phone.png"))
    finally:
        driver.quit()
    for shot in ("queue.png", "days.png", "queue-phone.png"):
        assert (tmp_path / shot).stat().st_size > 1000
    if keep := os.environ.get("HOTLINE_KEEP_SCREENSHOTS"):  # to look at them after the run
        for png in tmp_path.glob("*.png"):
            shutil.copy(png, Path(keep) / png.name)


async def test_a_coordinator_logs_in_sees_the_queue_and_plans_a_day(
    db: Database, services: Services, tmp_path: Path
) -> None:
    _browser_or_skip()
    seeded = await seed(db, services)
    settings = Settings(
        _env_file=None,
        admin_token=ADMIN_TOKEN,
        pseudonym_key="a-test-pseudonym-key-of-enough-length",
    )
    app = create_app(settings, db=db, services=services, channels={}, run_sender=False)
    async with serve_app(app) as base_url:
        await asyncio.to_thread(_drive, base_url, tmp_path, seeded.case_number)
    async with db.sessions() as session:
        day = await session.scalar(select(ConsultationDay))
    assert day is not None
    assert day.hubs == ["north_kanto"]
    assert day.languages == ["vi"]
