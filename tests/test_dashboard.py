"""End to end: `waqai dashboard` on a real warehouse, loaded in headless Chromium (Debian's
chromium, driven by Playwright), read the way a new user reads it: the counters, the
timeline, the map and what it leaves out, the dyad table and an event's Arabic sentences."""
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from conftest import CORPUS, free_port, http_ok, need

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BIN = Path(sys.executable).parent
CHARTS = "[data-testid='stVegaLiteChart'] svg"


def need_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")


def rows(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@contextmanager
def serving(warehouse: Path, log_path: Path):
    """`waqai dashboard` on `warehouse`, as a user starts it; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(log_path, "w")
    proc = subprocess.Popen([str(BIN / "waqai"), "dashboard", "--warehouse", str(warehouse), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
    try:
        deadline = time.monotonic() + 90
        while not http_ok(f"{url}/_stcore/health"):
            assert proc.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "dashboard did not come up in 90 s"
            time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            yield browser
        finally:
            browser.close()


def open_dashboard(browser, url: str, height: int = 3200):
    """A page with everything drawn: map, timeline bars and the drill-down's sentences.
    Streamlit scrolls inside its own container, so the viewport is made tall enough for a
    screenshot to hold the whole page."""
    page = browser.new_page(viewport={"width": 1400, "height": height})
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(f"{CHARTS} g.mark-shape path", timeout=90_000)
    page.wait_for_selector(f"{CHARTS} g.mark-rect path", timeout=30_000)
    page.wait_for_selector(".waqai-sentence", timeout=30_000)
    time.sleep(2)
    return page


def metric(page, label: str) -> int:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label)
    return int(box.locator("[data-testid='stMetricValue']").inner_text().replace(",", ""))


@pytest.fixture(scope="module")
def app(samples_warehouse, tmp_path_factory):
    """The dashboard on the shipped samples: events from 2015 to 2024, one undated, and
    visits by the Holy See, a state too small to draw."""
    need_chromium()
    with serving(samples_warehouse, tmp_path_factory.mktemp("dashboard") / "dashboard.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module: Playwright's sync API runs one instance per thread."""
    need_chromium()
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def page(app, browser, tmp_path_factory):
    page = open_dashboard(browser, app)
    shot = tmp_path_factory.mktemp("screens") / "dashboard_samples.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    yield page
    page.close()


def test_timeline_and_map_render_with_data(page):
    bars = page.locator(f"{CHARTS} g.mark-rect path").count()
    fills = page.evaluate(f"""() => Array.from(document.querySelectorAll(
        "{CHARTS} g.mark-shape path")).map(p => p.getAttribute('fill'))""")
    text = page.inner_text("body")
    assert bars >= 3, "the timeline has no bars"
    assert len(fills) > 150, "the map did not draw the countries"
    assert len(set(fills)) >= 3, "the map's countries are not coloured by event count"
    for heading in ("Timeline", "Map: events by country", "Dyads", "Drill down"):
        assert heading in text


def test_counters_show_every_event_until_a_filter_is_set(page, samples_warehouse):
    by_type = dict(rows(samples_warehouse, "select event_type, count(*) from events group by 1"))
    total = sum(by_type.values())
    assert metric(page, "All events") == total
    assert metric(page, "Visits") == by_type.get("visit", 0)
    assert metric(page, "Arms deals") == by_type.get("arms_deal", 0)
    assert metric(page, "Deployments") == by_type.get("military_deployment", 0)
    assert f"Showing all {total} events." in page.inner_text("body")


def test_arabic_sentences_run_right_to_left_and_wrap_whole(page, samples_warehouse):
    boxes = page.evaluate("""() => [...document.querySelectorAll('.waqai-sentence')].map(e => ({
        dir: e.getAttribute('dir'), direction: getComputedStyle(e).direction, text: e.innerText,
        cut: e.scrollWidth > e.clientWidth + 1, lines: Math.round(e.getBoundingClientRect().height /
             parseFloat(getComputedStyle(e).lineHeight))}))""")
    assert boxes, "the drill-down shows no sentence"
    sentences = {s for (s,) in rows(samples_warehouse, "select sentence from event_mentions")}
    for box in boxes:
        assert box["dir"] == "rtl" and box["direction"] == "rtl"
        assert not box["cut"], "a sentence overflows its box instead of wrapping"
        assert box["text"].strip() in sentences, "a sentence is shown shortened"


def test_no_missing_value_shows_as_none(page):
    assert not re.search(r"\b(None|NaN|NaT|nan)\b", page.inner_text("body"))


def test_map_says_it_counts_actor_and_target_and_lists_what_it_cannot_draw(page):
    text = page.inner_text("body")
    assert "events as actor or target" in text  # the colour legend's title
    assert "counts once for each of them" in text
    # The Holy See pays visits in the samples, and is too small for a 1:110m map.
    assert re.search(r"too small for the map.*Holy See \(VAT\) \d+", text)


def test_dyad_table_names_each_side_without_an_index(page):
    header = page.locator("[data-testid='stTable'] thead th").all_inner_texts()
    assert header[:4] == ["actor", "actor name", "target", "target name"], header
    body = page.locator("[data-testid='stTable'] tbody").inner_text()
    assert "France · فرنسا" in body and "Qatar · قطر" in body
    assert "Holy See" in body


def test_event_types_keep_their_colours(page):
    from waqai.flows.dashboard import TYPE_COLOURS, TYPE_LABELS

    bars = page.evaluate(f"""() => [...document.querySelectorAll("{CHARTS} g.mark-rect path")]
        .map(p => [p.getAttribute('fill'), p.getAttribute('aria-label') || ''])""")
    label = {shown: event_type for event_type, shown in TYPE_LABELS.items()}
    seen = set()
    for fill, aria in bars:
        kind = re.search(r"type: ([a-z ]+)", aria)
        if kind:
            assert fill == TYPE_COLOURS[label[kind.group(1)]], aria
            seen.add(kind.group(1))
    assert seen >= {"visit", "arms deal", "deployment"}


def test_deployment_spells_are_bars_from_start_to_end(page, samples_warehouse):
    """The samples' CSTO articles put the collective forces in Kazakhstan from 6 to 13 January
    2022: one bar, in the deployments' green, named by codes in its tooltip; Armenia's
    contingent is known only by its withdrawal, so it is counted, not drawn."""
    from waqai.flows.dashboard import TYPE_COLOURS

    spells = page.evaluate(f"""() => [...document.querySelectorAll("{CHARTS} g.mark-rect path")]
        .map(p => [p.getAttribute('stroke'), p.getAttribute('aria-label') || ''])
        .filter(([stroke, aria]) => aria.includes('codes: '))""")
    csto = [aria for stroke, aria in spells if "codes: CSTO → KAZ" in aria]
    assert csto, "no spell bar for CSTO → KAZ"
    assert "status: ended" in csto[0] and "started: 2022-01-06" in csto[0], csto[0]
    assert {stroke for stroke, _ in spells} == {TYPE_COLOURS["military_deployment"]}
    (undrawn,) = rows(samples_warehouse, "select count(*) from deployment_spells where started_on is null")[0]
    text = page.inner_text("body")
    assert "Deployment spells" in text and "A spell is one continuous deployment" in text
    assert len(spells) == rows(samples_warehouse, "select count(*) from deployment_spells")[0][0] - undrawn
    if undrawn:
        assert f"Not drawn: {undrawn} spell" in text


def test_each_type_has_one_colour_whatever_the_data():
    from waqai.flows.dashboard import TYPE_COLOURS, type_scale

    assert set(TYPE_COLOURS) == {"visit", "arms_deal", "military_deployment", "military_withdrawal"}
    assert len(set(TYPE_COLOURS.values())) == 4
    for present in (["visit"], ["arms_deal", "military_deployment"], ["military_withdrawal", "visit", "protest"]):
        scale = type_scale(present).to_dict()
        colours = dict(zip(scale["domain"], scale["range"], strict=True))
        assert colours["visit"] == TYPE_COLOURS["visit"]
        assert colours["withdrawal"] == TYPE_COLOURS["military_withdrawal"]


def test_no_deploy_button(page):
    assert page.locator("[data-testid='stAppDeployButton']").count() == 0
    assert page.get_by_role("button", name=re.compile(r"^\s*Deploy\s*$")).count() == 0


def test_an_undated_event_says_undated(app, browser):
    page = open_dashboard(browser, app)
    try:
        page.locator("[data-testid='stSelectbox']").click()
        page.get_by_role("option", name=re.compile("undated")).first.click()
        page.wait_for_selector(".waqai-meta:has-text('event date undated')", timeout=30_000)
        time.sleep(1)
        text = page.inner_text("body")
    finally:
        page.close()
    assert not re.search(r"\b(None|NaN|NaT|nan)\b", text)


@pytest.mark.slow
def test_corpus_dashboard_screenshot(prefect_harness, browser, tmp_path):
    """The dashboard on a warehouse of the whole corpus, as docs/dashboard.png shows it. The
    screenshot is left in the test's tmp folder (its path is printed)."""
    need_chromium()
    need(CORPUS)
    from waqai.flows.pipeline import waqai_run

    warehouse = tmp_path / "corpus.duckdb"
    waqai_run(inputs=[str(CORPUS)], warehouse=str(warehouse))
    (total,) = rows(warehouse, "select count(*) from events")[0]
    with serving(warehouse, tmp_path / "dashboard.log") as url:
        page = open_dashboard(browser, url, height=3400)
        shot = tmp_path / "dashboard_corpus.png"
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot}")
        shown = metric(page, "All events")
        text = page.inner_text("body")
        page.close()
    assert shot.stat().st_size > 50_000
    assert shown == total
    assert "Organisations (not on the map): United Nations (UN)" in text
    assert not re.search(r"\b(None|NaN|NaT|nan)\b", text)
