"""The web dashboard in a real headless browser: Debian's Chromium driven by Selenium.

The app runs on 127.0.0.1 at a free port in this process (uvicorn in a thread); the browser
loads the page as a user would, with no network beyond that server. Skipped, with the reason,
when Chromium or its driver is not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from ..country import CITIES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(country):
    import uvicorn

    from resilience_desktop.national.web import create_dashboard_app
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_dashboard_app(country.url), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the dashboard server did not start"
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _wait(driver, condition, timeout: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait
    # Selenium looks every 0.5 s by default: up to half a second lost on each wait
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def _errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def test_page_shows_every_city_its_scores_and_e2_without_console_errors(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    browser.get(server)
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#cities tbody tr")) == len(CITIES) + 2)
    rows = {r.find_elements(By.TAG_NAME, "td")[0].text: r for r in browser.find_elements(By.CSS_SELECTOR, "#cities tbody tr")}
    assert {"Бишкек-Тест", "Empty-Town", "Nowhere", "Jasyl-Dala"} <= set(rows)
    cells = [td.text for td in rows["Turkistan-Test"].find_elements(By.TAG_NAME, "td")]
    assert cells[3].endswith("%") and cells[4].endswith("%")  # overall and E1 shown as percents
    assert [td.text for td in rows["Empty-Town"].find_elements(By.TAG_NAME, "td")][3] == "—"
    dots = browser.find_elements(By.CSS_SELECTOR, "#map circle.city")
    assert len(dots) == len(CITIES) + 1  # Nowhere has no coordinates
    assert "%" in browser.find_element(By.ID, "e2-share").text
    assert browser.find_element(By.CSS_SELECTOR, "#regions tbody tr") is not None
    browser.save_screenshot(str(tmp_path / "dashboard.png"))
    assert _errors(browser) == []


def test_city_page_russian_and_phone_width(server, browser):
    from selenium.webdriver.common.by import By
    browser.set_window_size(390, 844)
    browser.get(server + "?lang=ru")
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#cities tbody tr")) == len(CITIES) + 2)
    assert browser.find_element(By.CSS_SELECTOR, "#cities-panel h2").text == "Города"
    # percents in Russian, as the desktop writes them: a decimal comma and a space before the sign
    assert browser.find_element(By.ID, "e2-share").text.replace("\u00a0", " ") == "55,6 %"
    turkistan = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#cities tbody tr")
                     if r.find_elements(By.TAG_NAME, "td")[0].text == "Turkistan-Test")
    assert turkistan.find_elements(By.TAG_NAME, "td")[3].text.replace("\u00a0", " ").endswith(" %")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 400, "the page must not scroll sideways on a phone (tables scroll inside their box)"
    gap = next(c for c in CITIES if c.name == "Gap-City")
    browser.find_element(By.CSS_SELECTOR, f'#map circle[data-city="{gap.city_id}"]').click()
    _wait(browser, lambda d: "Gap-City" in d.find_element(By.CSS_SELECTOR, "#city h2").text)
    assert browser.find_elements(By.CSS_SELECTOR, "#city .radar svg polygon")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#city .trend svg circle")) == 2
    assert _errors(browser) == []
