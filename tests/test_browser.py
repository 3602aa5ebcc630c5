"""End to end in a real browser: the app served by Streamlit on 127.0.0.1, driven by Debian's headless
Chromium through Playwright. Screenshots go to tests/screenshots/ (git-ignored)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, free_port, stop, wait_for

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "tests" / "screenshots"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)")


@pytest.fixture(scope="module")
def app_url(build_dir):
    port = free_port()
    env = {**os.environ, "MLOPSKG_BUILD_DIR": str(build_dir), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/_stcore/health", proc, 60)
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


def test_ask_then_sparql_in_a_real_browser(app_url, browser):
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/?q=Which+tools+cover+monitoring+at+level+2%3F", wait_until="domcontentloaded")
    page.get_by_text("answer(s) in", exact=False).wait_for(timeout=90_000)
    page.locator("[data-testid='stDataFrame'] canvas").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # let the data grid paint before the screenshot
    assert "Page not found" not in page.inner_text("body")
    body = page.inner_text("body")
    for tool in ("Evidently", "Prometheus", "Grafana", "Arize AI"):
        assert tool in body, tool
    page.screenshot(path=str(SHOTS / "ask.png"), full_page=True)

    page.goto(f"{app_url}/sparql", wait_until="domcontentloaded")
    page.get_by_role("button", name="Run").wait_for(timeout=60_000)
    page.get_by_role("button", name="Run").click()
    page.get_by_text("row(s) in", exact=False).wait_for(timeout=60_000)
    page.screenshot(path=str(SHOTS / "sparql.png"), full_page=True)
    page.close()
