"""End to end: `waqai dashboard` on a real warehouse, loaded in headless Chromium; the
timeline and the map must render with data. A screenshot is left in the test's tmp folder."""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import free_port, http_ok

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BIN = Path(sys.executable).parent






@pytest.fixture
def dashboard(dev_warehouse, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "dashboard.log", "w")
    proc = subprocess.Popen([str(BIN / "waqai"), "dashboard", "--warehouse", str(dev_warehouse), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
    try:
        deadline = time.monotonic() + 90
        while not http_ok(f"{url}/_stcore/health"):
            assert proc.poll() is None, (tmp_path / "dashboard.log").read_text()
            assert time.monotonic() < deadline, "dashboard did not come up in 90 s"
            time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_timeline_and_map_render_with_data(dashboard, tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 2200})
        page.goto(dashboard, wait_until="networkidle")
        page.wait_for_selector("[data-testid='stVegaLiteChart'] svg g.mark-shape path", timeout=90_000)
        page.wait_for_selector("[data-testid='stVegaLiteChart'] svg g.mark-rect path", timeout=30_000)
        time.sleep(2)
        shot = tmp_path / "dashboard.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot}")
        bars = page.locator("[data-testid='stVegaLiteChart'] svg g.mark-rect path").count()
        fills = page.evaluate("""() => Array.from(document.querySelectorAll(
            "[data-testid='stVegaLiteChart'] svg g.mark-shape path")).map(p => p.getAttribute('fill'))""")
        text = page.inner_text("body")
        browser.close()
    assert bars >= 3, "the timeline has no bars"
    assert len(fills) > 150, "the map did not draw the countries"
    assert len(set(fills)) >= 3, "the map's countries are not coloured by event count"
    for heading in ("Timeline", "Map: events by country", "Dyads", "Drill down"):
        assert heading in text
    assert "FRA" in text and "KAZ" in text  # the dyad table shows the dev set's France–Kazakhstan events
