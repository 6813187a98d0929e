"""The HTML reports in a real headless browser (Debian's chromium, driven by Playwright).

One browser for the module; each test opens its page in a fresh context whose
every non-``file:`` request is refused and recorded, so "no network" is a test,
not a hope.  A screenshot of the showcase pair report is kept in
``tests/artifacts/``.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import DOCUMENTS
from versiondiff.compare import compare, compare_many
from versiondiff.render.html import render_html, render_many
from versiondiff.store import STORE_ENV

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("VERSIONDIFF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data" / "html"
ARTIFACTS = TESTS / "artifacts"


@pytest.fixture(scope="module")
def browser():
    """Start one headless Chromium for the module, or skip cleanly when there is none."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    manager = sync_api.sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
    except Exception as error:  # a broken install should read as a skip, not a crash
        manager.stop()
        pytest.skip(f"chromium would not start: {error}")
    yield browser
    browser.close()
    manager.stop()


def _showcase_pair():
    """Return the Gansu 2018 → 2026 comparison of the showcase, by corpus reference into the bundled corpus."""
    with pytest.MonkeyPatch.context() as env:  # the refs resolve in documents/, wherever pytest runs
        env.setenv(STORE_ENV, str(DOCUMENTS))
        return compare("gansu-ai-plan@2018", "gansu-ai-plan@2026")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Write the pages under test: the hand-made pair and triple, the hostile pair, the showcase pair."""
    out = tmp_path_factory.mktemp("pages")
    pages = {
        "pair": render_html(compare(DATA / "pair-old.txt", DATA / "pair-new.txt")),
        "triple": render_many(compare_many([DATA / f"triple-{k}.txt" for k in "abc"])),
        "hostile": render_html(compare(DATA / "hostile-old.txt", DATA / "hostile-new.txt")),
        "showcase": render_html(_showcase_pair()),
    }
    paths = {}
    for name, page in pages.items():
        paths[name] = out / f"{name}.html"
        paths[name].write_text(page, encoding="utf-8")
    return paths


class Visit:
    """An open page with what it logged: console errors, page errors, requests, dialogs."""

    def __init__(self, browser, path: Path, **context) -> None:
        self.context = browser.new_context(**context)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                self.requests.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: None if r.url.startswith("file:") else self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(path: Path, **context) -> Visit:
        v = Visit(browser, path, **context)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


@pytest.mark.parametrize("name", ["pair", "triple", "hostile", "showcase"])
def test_page_loads_without_errors_or_requests(visit, files, name):
    v = visit(files[name])
    assert v.page.title()
    assert v.errors == []
    assert v.requests == []
    assert v.dialogs == []
    # the page draws Chinese with a CJK font, not empty boxes
    family = v.page.evaluate("getComputedStyle(document.querySelector('.text')).fontFamily")
    assert "CJK" in family


ROWS_JS = """() => Array.from(document.querySelectorAll('.detail .row')).map(r => ({
    id: r.id, kind: r.dataset.kind, change: r.classList.contains('is-change'),
    shown: r.getClientRects().length > 0}))"""


def in_viewport(page, selector: str) -> bool:
    return page.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""", selector)


def test_j_and_k_move_between_changes(visit, files):
    v = visit(files["pair"], viewport={"width": 1280, "height": 720})
    changes = [r["id"] for r in v.page.evaluate(ROWS_JS) if r["change"]]
    v.page.keyboard.press("j")
    assert v.page.evaluate("document.querySelector('.current').id") == changes[0]
    assert in_viewport(v.page, f"#{changes[0]}")
    v.page.keyboard.press("j")
    assert v.page.evaluate("document.querySelector('.current').id") == changes[1]
    assert in_viewport(v.page, f"#{changes[1]}")
    v.page.keyboard.press("k")
    assert v.page.evaluate("document.querySelector('.current').id") == changes[0]
    for _ in range(len(changes) + 2):   # stops at the last change, which is then in view
        v.page.keyboard.press("j")
    assert v.page.evaluate("document.querySelector('.current').id") == changes[-1]
    assert in_viewport(v.page, f"#{changes[-1]}")


def test_j_starts_from_what_the_reader_sees(visit, files):
    v = visit(files["showcase"], viewport={"width": 1280, "height": 720})
    v.page.evaluate("document.getElementById('s-2').scrollIntoView()")
    expected = v.page.evaluate("""() => {
        const edge = document.querySelector('.toolbar').getBoundingClientRect().bottom + 40;
        return Array.from(document.querySelectorAll('.row.is-change'))
            .find(r => r.getBoundingClientRect().top >= edge).id; }""")
    v.page.keyboard.press("j")
    assert v.page.evaluate("document.querySelector('.current').id") == expected
    assert in_viewport(v.page, f"#{expected}")


def test_visible_buttons_do_what_the_keys_do(visit, files):
    v = visit(files["pair"], viewport={"width": 1280, "height": 720})
    first = next(r["id"] for r in v.page.evaluate(ROWS_JS) if r["change"])
    v.page.click("button[data-nav=next]")
    assert v.page.evaluate("document.querySelector('.current').id") == first
    assert in_viewport(v.page, f"#{first}")
    v.page.click("button[data-help]")
    assert v.page.evaluate("document.getElementById('help').open")
    v.page.keyboard.press("Escape")
    assert not v.page.evaluate("document.getElementById('help').open")
    v.page.keyboard.press("?")
    assert v.page.evaluate("document.getElementById('help').open")
    v.page.click("#help button[type=submit]")
    assert not v.page.evaluate("document.getElementById('help').open")
    assert v.errors == []


FILTERS = {
    "all": lambda r: True,
    "changes": lambda r: r["change"] or r["kind"] == "moved-from",
    "moved": lambda r: r["kind"] in ("moved", "moved-from"),
    "inserted": lambda r: r["kind"] == "inserted",
    "deleted": lambda r: r["kind"] == "deleted",
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_shows_the_right_rows(visit, files, name):
    v = visit(files["pair"])
    v.page.click(f"button[data-filter={name}]")
    rows = v.page.evaluate(ROWS_JS)
    wrong = [r["id"] for r in rows if r["shown"] != FILTERS[name](r)]
    assert not wrong
    assert any(r["shown"] for r in rows)
    assert v.page.get_attribute(f"button[data-filter={name}]", "aria-pressed") == "true"
    # j stays inside what the filter shows
    v.page.keyboard.press("j")
    current = v.page.evaluate("document.querySelector('.current') && document.querySelector('.current').id")
    if current:
        assert next(r for r in rows if r["id"] == current)["shown"]


def test_filter_keys_and_back_to_all(visit, files):
    v = visit(files["pair"])
    v.page.keyboard.press("d")
    rows = v.page.evaluate(ROWS_JS)
    assert all(r["shown"] == (r["kind"] == "deleted") for r in rows)
    v.page.keyboard.press("a")
    assert all(r["shown"] for r in v.page.evaluate(ROWS_JS))


def test_moved_links_go_both_ways(visit, files):
    v = visit(files["pair"], viewport={"width": 1280, "height": 720})
    v.page.click(".row[data-kind=moved] a.jump")
    assert v.page.evaluate("location.hash").startswith("#m-")
    marker = v.page.evaluate("location.hash")
    assert in_viewport(v.page, marker)
    v.page.click(f"{marker} a.jump")
    assert v.page.evaluate("location.hash").startswith("#c-")
    assert in_viewport(v.page, v.page.evaluate("location.hash"))


def test_alignment_map_links_reach_the_text(visit, files):
    v = visit(files["pair"], viewport={"width": 1280, "height": 720})
    v.page.click(".map-svg a.node-new.alone")
    target = v.page.evaluate("location.hash")
    assert target == "#n-2-3"
    assert v.page.evaluate("document.querySelector(location.hash) !== null")


def test_synopsis_navigation_and_links(visit, files):
    v = visit(files["triple"], viewport={"width": 1280, "height": 720})
    topics = v.page.evaluate("Array.from(document.querySelectorAll('.topics tr[data-nav]')).map(r => r.id)")
    assert len(topics) >= 5
    v.page.keyboard.press("j")
    assert v.page.evaluate("document.querySelector('.current').id") == topics[0]
    assert in_viewport(v.page, f"#{topics[0]}")
    v.page.click(f"#{topics[0]} td a")
    target = v.page.evaluate("location.hash")
    assert v.page.evaluate("document.querySelector(location.hash).closest('.doc-text') !== null")
    assert target.startswith("#a-")
    assert v.page.evaluate("document.querySelectorAll('.heatmap td').length") == 9


def test_hostile_text_never_runs(visit, files):
    v = visit(files["hostile"])
    v.page.click("button[data-filter=changes]")
    v.page.keyboard.press("j")
    assert v.dialogs == []
    assert v.errors == []
    assert v.requests == []
    assert v.page.evaluate("document.querySelectorAll('script').length") == 1
    assert v.page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert v.page.evaluate("document.querySelectorAll('svg').length") == 2
    body = v.page.inner_text("main")
    assert "<script>alert(1)</script>" in body
    assert '"><img src=x onerror=alert(2)><svg onload=alert(3)>' in body
    assert "{{ 7*7 }}" in body and "{% raw %}" in body and "49" not in body


def test_dark_scheme_and_print_styles_apply(visit, files):
    v = visit(files["pair"], color_scheme="dark")
    dark = v.page.evaluate("getComputedStyle(document.body).backgroundColor")
    light_v = visit(files["pair"], color_scheme="light")
    light = light_v.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light
    light_v.page.emulate_media(media="print")
    assert light_v.page.evaluate("getComputedStyle(document.querySelector('.toolbar')).display") == "none"
    # del and ins are not colour alone
    assert "line-through" in light_v.page.evaluate("getComputedStyle(document.querySelector('del')).textDecorationLine")
    assert "underline" in light_v.page.evaluate("getComputedStyle(document.querySelector('ins')).textDecorationLine")


def test_long_lines_wrap(visit, files):
    v = visit(files["showcase"], viewport={"width": 900, "height": 800})
    overflow = v.page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow


def test_screenshot_of_the_showcase_report(visit, files):
    v = visit(files["showcase"], viewport={"width": 1440, "height": 1800})
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "showcase-gansu-2018-vs-2026.png"
    v.page.screenshot(path=str(shot))
    v.page.keyboard.press("j")
    v.page.screenshot(path=str(ARTIFACTS / "showcase-gansu-2018-vs-2026-first-change.png"))
    assert shot.stat().st_size > 50_000
