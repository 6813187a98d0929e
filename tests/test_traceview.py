"""The provenance report: its view model, and the page in a real browser (as the other reports)."""
from __future__ import annotations

import pytest

from versiondiff import store as st
from versiondiff.render.traceview import build_trace, render_trace
from versiondiff.sources import read_source
from versiondiff.tracer import trace

HOSTILE = ("<script>alert(1)</script>\n\"><img src=x onerror=alert(2)><svg onload=alert(3)>\n"
           "{{ 7*7 }} {% raw %}\n"
           "人工智能与重点领域广泛深度融合，新一代智能终端、智能体等应用普及率超70%，<b onclick=alert(4)>形成</b>。\n")


@pytest.fixture
def hostile_trace(copy, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    st.add_file(copy, path, "hostile-plan", "2027",
                options={"title": "<i>x</i>\"'>", "issuer": "某市人民政府", "date": "2027-01-01"})
    data = trace(copy, workers=1)
    texts = {}
    with st.use_store(copy.root):
        for entry in data["corpus"]:
            texts[entry["ref"]] = read_source(entry["ref"]).text
    return data, texts


def test_view_marks_reused_passages_and_links_sources(hostile_trace):
    data, texts = hostile_trace
    view = build_trace(data, texts)
    hostile = next(d for d in view.docs if d.ref == "hostile-plan@2027")
    marked = [p for p in hostile.pieces if p.passage and p.passage["source"]]
    assert marked and "普及率超70%" in "".join(p.text for p in marked)
    # the pieces give back the whole original text
    assert "".join(p.text for p in hostile.pieces) == texts["hostile-plan@2027"]
    assert view.matrix and view.flows


def test_same_trace_same_bytes(hostile_trace):
    data, texts = hostile_trace
    assert render_trace(data, texts) == render_trace(data, texts)


@pytest.mark.browser
def test_report_loads_without_errors_or_requests_and_hostile_text_is_inert(hostile_trace, tmp_path, browser):
    from test_browser import Visit
    data, texts = hostile_trace
    page = tmp_path / "trace.html"
    page.write_text(render_trace(data, texts), encoding="utf-8")
    v = Visit(browser, page, viewport={"width": 1280, "height": 720})
    try:
        assert v.page.title()
        assert v.errors == [] and v.requests == [] and v.dialogs == []
        assert "CJK" in v.page.evaluate("getComputedStyle(document.querySelector('.text')).fontFamily")
        assert v.page.evaluate("document.querySelectorAll('script').length") == 1
        assert v.page.evaluate("document.querySelectorAll('img, iframe, object, embed, b').length") == 0
        body = v.page.inner_text("#d-hostile-plan-2027 .text")
        assert "<script>alert(1)</script>" in body and "{{ 7*7 }}" in body and "49" not in body
        v.page.keyboard.press("j")
        current = v.page.evaluate("document.querySelector('.current') && document.querySelector('.current').tagName")
        assert current == "MARK"
        v.page.click("mark.reused a")
        assert v.page.evaluate("document.querySelector(location.hash) !== null")
        assert v.errors == [] and v.dialogs == []
        assert not v.page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    finally:
        v.close()


from test_browser import browser  # noqa: E402,F401  (the module's headless Chromium)
