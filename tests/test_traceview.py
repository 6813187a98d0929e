"""The provenance report: its view model, and the page in a real browser (as the other reports).

The page speaks Chinese for Chinese documents, English when asked (``lang="en"``).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from versiondiff import store as st
from versiondiff.render import traceview
from versiondiff.render.labels import labels
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
    assert render_trace(data, texts) == render_trace(data, texts) == render_trace(data, texts, lang="zh")
    assert render_trace(data, texts, lang="en") == render_trace(data, texts, lang="en")


#: The labels the provenance page shows (the words it used to have in English), and the shared ones it reuses.
TRACE_KEYS = (
    "trace_kicker", "min_passages", "trace_title", "trace_nav", "prev_passage_title", "next_passage_title",
    "passages_word", "who_reuses", "who_reuses_note", "matrix_corner", "flow_title", "flow_label", "flow_band",
    "no_reuse", "level_national", "level_provincial", "level_municipal", "level_unknown", "reused_share",
    "from_sources", "source_sep", "passage_verbatim", "passage_edited", "passage_from", "first_here_also", "skip",
)


def test_chinese_documents_get_the_chinese_page(hostile_trace):
    from test_history_html import Words, english_fragments, said
    data, texts = hostile_trace
    page = render_trace(data, texts)
    assert '<html lang="zh-Hans">' in page
    view = build_trace(data, texts)
    assert view.lang == "zh" and view.title == f"{len(data['documents'])} 份文件的文本来源"
    hostile = next(d for d in view.docs if d.ref == "hostile-plan@2027")
    assert hostile.level == "市级" and {p.kind for p in hostile.pieces if p.kind} <= {"照录", "改写"}
    words = Words(page, skip_text=True).text
    for label in ("versiondiff · 文本溯源 · 不少于 15 字的段落", "谁复用了谁", "（取自各来源的字数）", "文件 ↓ · 来源 →",
                  "从来源到文件的流向", "复用文字的流向：左为来源，右为文件", "省级", "市级", "来源：", "上一段复用文字（k）",
                  "段复用文字", "跳到正文"):
        assert label in words, label
    assert re.search(r"复用 \d+\.\d%（全文 \d+ 字中的 \d+ 字）", words)
    assert re.search(r'title="(照录|改写)自 [a-z0-9-]+@\w+"', page)
    # no English interface word is left: the labels moved, and any Latin word but the refs and titles
    fragments = english_fragments(TRACE_KEYS)
    assert "Who reuses whom" in fragments and "reused passages" in fragments
    assert [f for f in fragments if said(f, words)] == []
    names = " ".join(f"{d['ref']} {d['title']}" for d in data["corpus"] + data["documents"])
    allowed = set(re.findall(r"[A-Za-z]{2,}", names)) | {"versiondiff"}
    assert sorted(set(re.findall(r"[A-Za-z]{2,}", words)) - allowed) == []


def test_lang_en_gives_the_english_page(hostile_trace):
    from test_history_html import Words
    data, texts = hostile_trace
    page = render_trace(data, texts, lang="en")
    assert '<html lang="en">' in page
    words = Words(page, skip_text=True).text
    for label in ("versiondiff · trace · passages of 15+ characters", "Who reuses whom", "document ↓ · source →",
                  "Flow from sources to documents", "provincial", "municipal", "Skip to the content"):
        assert label in words, label
    assert re.search(r"\d+\.\d% reused \(\d+ of \d+ characters\)", words)
    assert not re.search("谁复用了谁|来源到文件|省级|市级|段复用文字|跳到正文", words)
    # the documents' own text says which language it is in, inside the English page
    assert '<div class="text" lang="zh-Hans">' in page and '<div class="text" lang="zh-Hant">' in page


def test_every_word_of_the_template_is_in_the_list():
    template = (Path(traceview.__file__).parent / "templates" / "trace.html.j2").read_text("utf-8")
    used = set(re.findall(r"\bt\.(\w+)", template)) | set(re.findall(r"t\.(?:say|markup)\(\s*[\"'](\w+)", template))
    assert sorted(used - {"say", "markup", "html_lang"} - set(TRACE_KEYS)) == []
    assert set(TRACE_KEYS) <= set(labels("en")) and set(TRACE_KEYS) <= set(labels("zh"))


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
        assert v.page.evaluate("document.documentElement.lang") == "zh-Hans"
        assert re.fullmatch(r"\d+ 段复用文字", v.page.text_content(".position"))
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
