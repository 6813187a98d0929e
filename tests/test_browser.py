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
LAW = TESTS / "data" / "law"
AXE = TESTS / "vendor" / "axe.min.js"   # axe-core 4.10.2 (MPL-2.0), from `npm pack axe-core`
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


def _showcase_synopsis():
    """Return the comparisons of the showcase synopsis, by corpus reference into the bundled corpus."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv(STORE_ENV, str(DOCUMENTS))
        return compare_many(["gansu-ai-plan@2026", "jiangsu-ai-plan@2025", "sichuan-ai-plan@2026"])


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Write the pages under test: the hand-made pair and triple, the hostile pair, the showcase pair."""
    out = tmp_path_factory.mktemp("pages")
    pages = {
        "pair": render_html(compare(DATA / "pair-old.txt", DATA / "pair-new.txt")),
        "triple": render_many(compare_many([DATA / f"triple-{k}.txt" for k in "abc"])),
        "hostile": render_html(compare(DATA / "hostile-old.txt", DATA / "hostile-new.txt")),
        "showcase": render_html(_showcase_pair()),
        # a law revision inserting articles (most of its "changes" are renumbering)
        "law": render_html(compare(LAW / "cybersecurity-2016.txt", LAW / "cybersecurity-2025.txt")),
        "law-en": render_html(compare(LAW / "cybersecurity-2016.txt", LAW / "cybersecurity-2025.txt"), lang="en"),
        "synopsis": render_many(_showcase_synopsis()),
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
    folded: r.closest('details.fold') !== null, renum: r.classList.contains('renum'),
    shown: r.checkVisibility()}))"""


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
    # long unchanged runs fold behind "… N unchanged …"; pure renumbering waits for "show renumbering"
    "all": lambda r: not r["folded"] and not r["renum"],
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
    assert all(r["shown"] == (not r["folded"] and not r["renum"]) for r in v.page.evaluate(ROWS_JS))


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
    v.page.click("#map > summary")   # the map is collapsed by default
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
    assert v.page.evaluate("document.querySelectorAll('svg').length") == 1
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


# ---- layout: what a reader sees first, and nothing spilling out ------------------------

SCREENS = [{"width": 1440, "height": 900}, {"width": 390, "height": 844}]
SCHEMES = ["light", "dark"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("screen", SCREENS, ids=["desktop", "phone"])
@pytest.mark.parametrize("name", ["law", "showcase"])
def test_the_change_list_is_on_the_first_screen(visit, files, name, screen, scheme):
    v = visit(files[name], viewport=screen, color_scheme=scheme)
    top = v.page.evaluate("document.querySelector('.change-list tbody tr').getBoundingClientRect().top")
    assert 0 < top < screen["height"], top


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("screen", SCREENS, ids=["desktop", "phone"])
@pytest.mark.parametrize("name", ["law", "showcase", "synopsis", "pair", "triple"])
def test_no_horizontal_overflow(visit, files, name, screen, scheme):
    v = visit(files[name], viewport=screen, color_scheme=scheme)
    v.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    width = v.page.evaluate("document.documentElement.scrollWidth")
    assert width <= screen["width"], width
    # names in the similarity grid stay on one line (they wrapped one letter per line on a phone)
    tall = v.page.evaluate("""() => Array.from(document.querySelectorAll('.heatmap th'))
        .filter(th => th.getBoundingClientRect().height > 60).length""")
    assert tall == 0


NODES_JS = """() => Array.from(document.querySelectorAll('.map-svg .node')).map(a => {
    const r = a.querySelector('rect').getBBox(), t = a.querySelector('text').getBBox();
    return {label: a.querySelector('text').textContent, rect: [r.x, r.y, r.width, r.height],
            text: [t.x, t.y, t.width, t.height]}; })"""


@pytest.mark.parametrize("name", ["law", "showcase", "pair"])
def test_no_map_label_is_clipped(visit, files, name):
    v = visit(files[name], viewport={"width": 1440, "height": 900})
    v.page.click("#map > summary")
    nodes = v.page.evaluate(NODES_JS)
    assert nodes
    for n in nodes:
        (rx, ry, rw, rh), (tx, ty, tw, th) = n["rect"], n["text"]
        assert tx + tw <= rx + rw and tx >= rx, n      # no label wider than its box
        assert ty >= ry - 1 and ty + th <= ry + rh + 1, n
    # section labels in the margins stay inside the picture
    inside = v.page.evaluate("""() => { const box = document.querySelector('.map-svg').viewBox.baseVal;
        return Array.from(document.querySelectorAll('.map-svg .sec')).every(t => {
            const b = t.getBBox(); return b.x >= 0 && b.x + b.width <= box.width; }); }""")
    assert inside


def test_the_map_is_out_of_the_tab_order_and_hidden_under_filters(visit, files):
    v = visit(files["law"], viewport={"width": 1440, "height": 900})
    v.page.click("#map > summary")
    assert v.page.evaluate("document.querySelector('.map-svg').getAttribute('aria-hidden')") == "true"
    assert v.page.evaluate("Array.from(document.querySelectorAll('.map-svg a')).every(a => a.tabIndex === -1)")
    # the first tab stops after the skip link reach the toolbar, then the change list: never the map
    stops = []
    for _ in range(40):
        v.page.keyboard.press("Tab")
        stops.append(v.page.evaluate("document.activeElement.closest('svg') ? 'map' : document.activeElement.tagName"))
    assert "map" not in stops
    v.page.click("button[data-filter=changes]")
    assert v.page.evaluate("getComputedStyle(document.getElementById('map')).display") == "none"


def test_j_never_stops_on_a_renumbered_row(visit, files):
    v = visit(files["law"], viewport={"width": 1440, "height": 900})
    rows = v.page.evaluate(ROWS_JS)
    assert sum(r["renum"] for r in rows) >= 20          # the law pair is mostly renumbering
    assert not any(r["shown"] for r in rows if r["renum"])   # folded away by default
    seen = []
    for _ in range(sum(r["change"] for r in rows) + 2):
        v.page.keyboard.press("j")
        seen.append(v.page.evaluate("document.querySelector('.current').className"))
    assert seen and not any("renum" in c for c in seen)
    # "show renumbering" brings the rows back
    v.page.keyboard.press("r")
    assert any(r["shown"] for r in v.page.evaluate(ROWS_JS) if r["renum"])


def test_renumbered_rows_are_untinted(visit, files):
    v = visit(files["law"], viewport={"width": 1440, "height": 900})
    v.page.keyboard.press("r")
    colours = v.page.evaluate("""() => Array.from(document.querySelectorAll('.row.renum .side'))
        .map(s => getComputedStyle(s).backgroundColor)""")
    assert colours and all(c in ("rgba(0, 0, 0, 0)", "transparent") for c in colours)


def test_toolbar_stays_on_a_phone(visit, files):
    v = visit(files["law"], viewport={"width": 390, "height": 844})
    v.page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    top = v.page.evaluate("document.querySelector('.toolbar').getBoundingClientRect().top")
    assert top == 0


def test_synopsis_headers_stay(visit, files):
    v = visit(files["synopsis"], viewport={"width": 1440, "height": 900})
    v.page.evaluate("document.querySelector('.topics tbody tr:nth-child(8)').scrollIntoView()")
    head = v.page.evaluate("document.querySelector('.topics thead th').getBoundingClientRect().top")
    toolbar = v.page.evaluate("document.querySelector('.toolbar').getBoundingClientRect().bottom")
    assert 0 <= head <= toolbar + 2


def test_current_frame_shows_on_both_sides(visit, files):
    v = visit(files["law"], viewport={"width": 1440, "height": 900})
    v.page.keyboard.press("j")
    style = v.page.evaluate("getComputedStyle(document.querySelector('.current'), '::after').borderTopWidth")
    assert style == "2px"


def test_interface_language_and_traditional_script(visit, files):
    v = visit(files["synopsis"], viewport={"width": 1440, "height": 900})
    assert v.page.evaluate("document.documentElement.lang") == "zh-Hans"
    hant = v.page.evaluate("""() => { const el = document.querySelector('.doc-text[lang="zh-Hant"] .text');
        return el ? getComputedStyle(el).fontFamily : ''; }""")
    assert "TC" in hant
    en = visit(files["law-en"], viewport={"width": 1440, "height": 900})
    assert en.page.evaluate("document.documentElement.lang") == "en"
    assert en.page.inner_text("button[data-filter=all]") == "All"
    zh = visit(files["law"], viewport={"width": 1440, "height": 900})
    assert zh.page.inner_text("button[data-filter=all]") == "全部"
    assert "#" not in zh.page.inner_text("h1")


A4_WIDTH = 794    # 210 mm at 96 px per inch; the print margins take 2 × 12 mm of it


@pytest.mark.parametrize("name", ["synopsis", "law", "showcase"])
def test_printed_columns_stay_inside_the_page(visit, files, name):
    v = visit(files[name], viewport={"width": A4_WIDTH - 91, "height": 1123})
    v.page.emulate_media(media="print")
    width = v.page.evaluate("document.documentElement.clientWidth")
    right = v.page.evaluate("""() => Math.max(...Array.from(document.querySelectorAll(
        '.topics th, .topics td, .row, .side, .change-list td')).map(e => e.getBoundingClientRect().right), 0)""")
    assert right <= width + 1, (right, width)
    assert v.page.evaluate("getComputedStyle(document.getElementById('map') || document.body).display") in ("none", "block")
    if name != "synopsis":
        assert v.page.evaluate("getComputedStyle(document.getElementById('map')).display") == "none"


def _pages(page) -> int:
    import re
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4", prefer_css_page_size=True)))


def test_a_law_revision_prints_in_few_pages(visit, files):
    # measured before this layout: 13 A4 pages for this pair (43 for the showcase); now 2 (22)
    v = visit(files["law"])
    assert _pages(v.page) <= 6


@pytest.mark.parametrize("name", ["law", "showcase", "synopsis", "pair"])
def test_axe_finds_no_serious_violation(browser, files, name):
    if not AXE.is_file():
        pytest.skip("axe-core is not vendored in tests/vendor")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.goto(files[name].as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    serious = [(v["id"], v["impact"], [(n["target"], n.get("failureSummary", "")[:200]) for n in v["nodes"][:3]])
               for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious
