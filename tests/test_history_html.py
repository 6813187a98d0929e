"""``versiondiff history S --format html``: the lineage of a series as a timeline report.

Real data: the Gansu plans of the corpus in ``documents/`` (2018 → 2026).
Hostile text: a tiny series stored in a temporary corpus (``--store``).
The page speaks Chinese for Chinese documents, English with ``--lang en``.
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from versiondiff import compare, lineage, store as st
from versiondiff.cli import cli
from versiondiff.render.historyview import build_history
from versiondiff.render.labels import labels

from conftest import DOCUMENTS
from test_browser import Visit, browser  # noqa: F401  (the browser fixture, for the last test)
from test_render_html import Page

def run(*args: str, store: Path = DOCUMENTS):
    """Invoke the CLI with ``--store`` and return the result."""
    return CliRunner().invoke(cli, [*args, "--store", str(store)], catch_exceptions=False)


@pytest.fixture(scope="module")
def gansu_data() -> dict:
    """Return the lineage of the Gansu plan (computed once)."""
    return lineage.history(st.Store(DOCUMENTS), "gansu-ai-plan")


def write_page(folder: Path, *options: str) -> str:
    """Write the Gansu history page through the command (with options) and return it."""
    out = folder / "gansu.html"
    result = run("history", "gansu-ai-plan", "--format", "html", "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def gansu_page(tmp_path_factory) -> str:
    """Return the Gansu history page as the command writes it by default (Chinese documents: Chinese page)."""
    return write_page(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def gansu_page_en(tmp_path_factory) -> str:
    """Return the Gansu history page with the English interface (``--lang en``)."""
    return write_page(tmp_path_factory.mktemp("history-en"), "--lang", "en")


class Words(HTMLParser):
    """Collect what a page says: its visible text, and its title, aria-label and data-word attributes.

    With ``skip_text``, the content of the documents' text (``class="text"``)
    is left out, though the attributes inside it (a passage's title) are kept.
    """

    ATTRIBUTES = ("title", "aria-label", "data-word", "data-word-one", "data-shown")

    def __init__(self, page: str, skip_text: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_text = skip_text
        self._open: list[tuple[str, bool]] = []   # (tag, hides its text)
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in self.ATTRIBUTES and value]
        if tag in ("meta", "br", "rect", "path", "input", "link", "img"):
            return
        hides = tag in ("style", "script") or (self.skip_text and "text" in (attrs.get("class") or "").split())
        self._open.append((tag, hides))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not any(hides for _, hides in self._open):
            self.parts.append(data.strip())

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def english_fragments(keys) -> list[str]:
    """Return the English words of some labels: each phrase cut at its fields and markup (4+ characters)."""
    en = labels("en")
    phrases = [en[k] for k in keys] + [en[f"{k}_one"] for k in keys if f"{k}_one" in en]
    return sorted({f.strip(" .,;:()") for phrase in phrases for f in re.split(r"\{[^}]*\}|<[^>]+>", phrase)
                   if len(f.strip(" .,;:()")) >= 4 and re.search("[a-z]", f)})


def said(phrase: str, words: str) -> bool:
    """Return whether a page's words hold an English phrase as words ("version" is not in "versiondiff")."""
    return re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", words) is not None


#: The labels the history page shows (the words it used to have in English), and the shared ones it reuses.
HISTORY_KEYS = (
    "history_kicker", "versions_n", "clauses_in", "origins", "origins_label", "bar_title", "clauses_n",
    "chip_changed", "chip_kept", "chip_new", "chip_grown", "chip_dropped", "show_clauses", "filter_changed",
    "filter_kept", "filter_new", "clause_nav", "prev_clause_title", "next_clause_title", "changed_clauses_word",
    "timeline", "items_origins", "items_count_title", "clauses_of", "part_count_title", "dropped_title",
    "text_matches", "status_final", "newest", "stored_sha_title", "first_here", "none_here", "changed_here",
    "dropped_here", "items_title", "items_legend", "col_item_of", "col_grew_out", "new_in", "clauses_legend",
    "n_changed", "first_in", "was_in", "item_origin_title", "lineage_of", "unchanged_since", "dropped_in",
    "key_next_clause", "key_prev_clause", "key_all_clauses", "key_changed_clauses", "key_kept_clauses",
    "key_new_clauses", "history_help", "heading_preamble", "outside_parts", "clauses_shown", "new_note",
    "nothing_dropped", "status_draft", "status_revised", "mode_cross", "in_before", "in_after", "list_sep", "stop",
    # shared with the change report
    "summary", "toolbar", "all", "prev", "next", "help", "help_title", "contents", "date", "number", "issuer",
    "source", "similarity", "mode_version", "keyboard", "key_help", "key_close", "close", "skip", "self_contained",
    "made_by", "on", "gap",
)


HOSTILE_OLD = """关于<script>alert(1)</script>的通知

一、总体要求
{{ 7*7 }}和{% raw %}不得被执行。
二、重点任务
1.加强领导。成立工作专班，统筹推进各项工作。
2.加大投入。市财政每年安排专项资金。
"""
HOSTILE_NEW = """关于<script>alert(1)</script>的通知

一、总体要求
{{ 7*7 }}、{{ config }}和{% raw %}不得被执行。
二、主要任务
1.加强组织领导。成立工作专班，"><img src=x onerror=alert(2)>统筹推进各项工作。
3.强化督查。将工作纳入考核。
"""


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> str:
    """Store a tiny two-version series whose text and metadata are markup, and render its history."""
    root = tmp_path_factory.mktemp("hostile")
    store = root / "documents"
    for version, text, extra in (("1", HOSTILE_OLD, ["--series-title", "<script>alert(3)</script>{{ 7*7 }}"]),
                                 ("2", HOSTILE_NEW, ["--title", "<b>bold</b>{{ 7*7 }}"])):
        path = root / f"v{version}.txt"
        path.write_text(text, encoding="utf-8")
        result = run("add", str(path), "-s", "hostile", "-v", version, "--date", f"202{version}-01-01",
                     *extra, store=store)
        assert result.exit_code == 0, result.output
    out = root / "hostile.html"
    result = run("history", "hostile", "--format", "html", "-o", str(out), store=store)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


# ---- the view model, without HTML ---------------------------------------------------

def test_view_counts_and_timeline(gansu_data):
    view = build_history(gansu_data)
    assert [v.version for v in view.versions] == ["2018", "2026"]
    old, new = view.versions
    assert old.step is None and new.step is not None and new.step.mode == "version"
    assert (new.doc_number, new.date, new.status, new.newest) == ("甘政发〔2026〕1号", "2026-01-06", "final", True)
    totals = dict(view.totals)
    assert totals["changed"] == sum(1 for c in gansu_data["clauses"] if c["changes"])
    assert view.clauses == len(gansu_data["clauses"])
    assert old.first + new.first == view.clauses
    assert abs(sum(p.width for p in view.bar) - 100) < 0.1
    assert view.dropped_count == len(gansu_data["dropped"]) and view.dropped[0].version == "2026"


def test_view_items_grew_out_of_2018_items(gansu_data):
    items = {i.heading: i for i in build_history(gansu_data).items}
    farm = items["加快智慧农业建设"]
    assert farm.kind == "grown" and farm.path == "二、 › (二) › 4."
    assert [(a.version, [(o.path, o.heading) for o in a.items]) for a in farm.ancestors] == \
        [("2018", [("二、 › （三） › 9.", "智能农业")])]
    assert items["拓展能源全场景智能应用"].kind == "new" and not items["拓展能源全场景智能应用"].ancestors


def test_view_marks_come_from_the_comparison(gansu_data):
    rows = {r.id: r for s in build_history(gansu_data).sections for r in s.rows}
    heading = next(r for r in rows.values() if "".join(seg.text for seg in r.segments) == "二、重点实施领域")
    assert heading.kind == "changed" and heading.since == "2018"
    assert [s.text for s in heading.segments if s.mark == "ins"] == ["实施领域"]
    assert [s.text for s in heading.origin if s.mark == "del"] == ["任务"]
    # a difference of punctuation width only is not marked: the comparison says it is equal
    address = next(r for r in rows.values() if "甘肃矿区办事处" in "".join(s.text for s in r.segments))
    assert [s.text for s in address.segments if s.mark == "ins"] == ["甘肃矿区办事处,"]
    assert not [s for s in address.origin if s.mark == "del"]


# ---- the page -----------------------------------------------------------------------

@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_history_page_shows_the_timeline_and_lineage(gansu_page, gansu_data):
    page = gansu_page
    assert page.startswith("<!DOCTYPE html>")
    assert 'id="v-2018"' in page and 'id="v-2026"' in page
    for fact in ("2018-08-01", "2026-01-06", "甘政发〔2026〕1号", "甘肃省新一代人工智能发展实施方案",
                 "修订比对", ">定稿<"):
        assert fact in page, fact
    # which 2026 items grew out of which 2018 items: 加快智慧农业建设 ← 智能农业, in one row
    row = re.search(r'<tr id="i-\d+" class="item item-grown">(?:(?!</tr>).)*?加快智慧农业建设(?:(?!</tr>).)*</tr>',
                    page, re.S)
    assert row and "智能农业" in row.group(0) and ">2018<" in row.group(0)
    assert re.search(r'class="item item-new">(?:(?!</tr>).)*拓展能源全场景智能应用', page, re.S)
    # changed clauses: the version that changed them, the similarity, the changed characters
    assert "二、重点<ins>实施领域</ins>" in page and "二、重点<del>任务</del>" in page
    # as many as the comparison of the two versions changed, and the lineage dropped
    # (moved clauses were rewritten on the way: they are changed clauses of the newest version)
    summary = compare("gansu-ai-plan@2018", "gansu-ai-plan@2026").summary
    changed = summary.count("changed") + summary.count("moved")
    assert page.count('data-kind="changed" data-nav') == changed > 0
    assert re.search(rf'<a href="#v-2026">2026</a> 版删去 <a href="#v-2018">2018</a> 版的 '
                     rf'{len(gansu_data["dropped"])} 条', page)


# ---- the interface language ---------------------------------------------------------

def test_chinese_documents_get_the_chinese_page(gansu_page):
    assert '<html lang="zh-Hans">' in gansu_page
    words = Words(gansu_page).text
    for label in ("versiondiff · 版本沿革 ·", "2 个版本", "版本时间线", "条目及其由来", "2026 版条款",
                  "沿革中删去的条款", "条出现后修改过", "条沿用未改", "条为 2026 版新增", "修订比对 · 文本相同率 1.8%",
                  "2026 版条目", "由来", "相似度", "首次出现于 2018 版", "自 2018 版沿用未改", "键盘", "下一条修改过的条款",
                  "条修改过的条款", "发文机关", "文号", "最新"):
        assert label in words, label
    # the record kinds speak Chinese too: the counts of a step, the badges of a changed clause
    assert re.search(r'<li class="chip k-moved"><b>\d+</b> 移动</li>', gansu_page)
    assert '<span class="badge k-changed">修改</span> 于 <a href="#v-2026">2026</a> 版' in gansu_page


def test_no_english_interface_word_is_left_on_the_chinese_page(gansu_page, gansu_data):
    words = Words(gansu_page).text
    fragments = english_fragments(HISTORY_KEYS)
    assert "changed since they appeared" in fragments and "Dropped in" in fragments and len(fragments) > 80
    assert [f for f in fragments if said(f, words)] == []
    # every Latin word the page shows is the documents' own (refs, an "IT" in the text) or a name
    allowed = set(re.findall(r"[A-Za-z]{2,}", json.dumps(gansu_data, ensure_ascii=False))) | {"versiondiff", "Esc", "SHA"}
    shown = re.sub(r"\b[0-9a-f]{12}\b", "", words)   # the short hashes of the stored files
    assert sorted(set(re.findall(r"[A-Za-z]{2,}", shown)) - allowed) == []


def test_lang_en_gives_the_english_page(gansu_page_en, gansu_data):
    page = gansu_page_en
    assert '<html lang="en">' in page
    words = Words(page).text
    for fact in ("versiondiff · history of", "2 versions", "version mode", ">final<", "Timeline",
                 "changed since they appeared", "Keyboard", "Skip to the content"):
        assert fact in page, fact
    assert re.search(rf'Dropped in <a href="#v-2026">2026</a>: {len(gansu_data["dropped"])} clauses of '
                     r'<a href="#v-2018">2018</a>', page)
    assert not re.search("版本时间线|沿革中删去|修订比对|条出现后修改过|键盘|跳到正文", words)
    # the documents' own text says it is Chinese, inside the English page
    assert '<p class="text" lang="zh-Hans">' in page and '<h1 lang="zh-Hans">' in page


def test_every_word_of_the_template_is_in_the_list():
    """The list the test above checks is every label the history template shows."""
    template = (Path(build_history.__code__.co_filename).parent / "templates" / "history.html.j2").read_text("utf-8")
    used = set(re.findall(r"\bt\.(\w+)", template)) | set(re.findall(r"t\.(?:say|markup)\(\s*[\"'](\w+)", template))
    assert sorted(used - {"say", "markup", "html_lang"} - set(HISTORY_KEYS)) == []
    assert set(HISTORY_KEYS) <= set(labels("en"))


def test_the_two_languages_have_the_same_words():
    zh, en = labels("zh"), labels("en")
    assert set(zh) == {k for k in en if not k.endswith("_one")}
    fields = lambda phrase: set(re.findall(r"\{\w+\}", phrase))  # noqa: E731
    for key, phrase in en.items():
        if key.endswith("_one"):
            assert fields(phrase) == fields(en[key[:-len("_one")]]), key
        elif isinstance(phrase, str):
            assert fields(zh[key]) <= fields(phrase) | {"{n}"}, key   # a Chinese phrase needs no field more


def test_every_fragment_link_has_its_id(gansu_page, hostile_page):
    for text in (gansu_page, hostile_page):
        page = Page(text)
        assert len(page.ids) == len(set(page.ids)), "duplicate ids"
        missing = sorted({h for h in page.hrefs if h.startswith("#") and h[1:] not in set(page.ids)})
        assert not missing
        assert all(h.startswith("#") for h in page.hrefs), [h for h in page.hrefs if not h.startswith("#")]


@pytest.mark.slow  # over 0.4 s: the quick run stays under 20 s
def test_page_is_self_contained(gansu_page):
    text = gansu_page
    page = Page(text)
    assert not page.srcs and not page.handlers
    assert page.tags.count("script") == 1 and page.tags.count("style") == 1
    assert "link" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    assert "@import" not in text and "url(" not in text
    assert not re.search(r"https?://|(src|href)\s*=\s*[\"']?\s*//", text)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_same_series_same_bytes(gansu_page, gansu_page_en, tmp_path):
    out = tmp_path / "again.html"
    assert run("history", "gansu-ai-plan", "--format", "html", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == gansu_page
    assert run("history", "gansu-ai-plan", "--format", "html", "-o", str(out), "--lang", "zh").exit_code == 0
    assert out.read_text(encoding="utf-8") == gansu_page
    assert run("history", "gansu-ai-plan", "--format", "html", "-o", str(out), "--lang", "en").exit_code == 0
    assert out.read_text(encoding="utf-8") == gansu_page_en
    assert labels("zh").on + "<time" not in gansu_page and labels("en").on + "<time" not in gansu_page_en  # no timestamp


@pytest.mark.slow
def test_same_bytes_across_processes(tmp_path):
    """Hash randomization must not reach the page: two processes, two seeds, one result."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"h{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed, **{st.STORE_ENV: str(DOCUMENTS)})
        subprocess.run([sys.executable, "-m", "versiondiff", "history", "gansu-ai-plan", "--format", "html",
                        "-o", str(out)], check=True, env=env, capture_output=True, cwd=tmp_path)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_hostile_text_stays_literal(hostile_page):
    text = hostile_page
    page = Page(text)
    assert not page.handlers and "img" not in page.tags
    assert page.tags.count("script") == 1
    assert "<script>alert" not in text and "<img" not in text and "<b>bold" not in text
    assert ">49<" not in text and "49" not in "".join(page.texts)
    shown = page.texts
    for literal in ("关于<script>alert(1)</script>的通知", "{{ 7*7 }}、{{ config }}和{% raw %}不得被执行。"):
        assert literal in shown, literal
    # the text a changed clause first had, with its removed characters marked
    was = [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r'<p class="was">(.*?)</p>', text)]
    assert "1 版： {{ 7*7 }}和{% raw %}不得被执行。" in was
    assert any('"><img src=x onerror=alert(2)>' in t for t in shown)
    assert "&lt;script&gt;alert(3)&lt;/script&gt;{{ 7*7 }}" in text       # the series title
    assert "&lt;b&gt;bold&lt;/b&gt;{{ 7*7 }}" in text                      # a version title


# ---- the command --------------------------------------------------------------------

def test_default_output_is_under_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("history", "sichuan-ai-plan", "--format", "html")
    assert result.exit_code == 0, result.output
    assert result.stdout == "reports/history-sichuan-ai-plan.html\n"
    page = (tmp_path / "reports" / "history-sichuan-ai-plan.html").read_text(encoding="utf-8")
    assert "川办发〔2026〕14号" in page and labels("zh").nothing_dropped in page


def test_text_and_json_are_unchanged_by_the_html_option():
    text = run("history", "sichuan-ai-plan").stdout
    assert text.startswith("sichuan-ai-plan  ") and "<" not in text.splitlines()[0]
    data = run("history", "sichuan-ai-plan", "--format", "json").stdout
    assert data.lstrip().startswith("{")


def test_output_without_html_and_bad_series_exit_2(tmp_path):
    result = run("history", "gansu-ai-plan", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "--format html" in result.output
    result = run("history", "gansu-ai-plan", "--lang", "en")
    assert result.exit_code == 2 and "--lang goes with --format html" in result.output
    result = run("history", "gansu-ai-plan", "--format", "html", "--lang", "fr", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "'fr' is not one of 'zh', 'en'" in result.output
    result = run("history", "gansu", "--format", "html", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and result.stderr.startswith("versiondiff: error: unknown series 'gansu'")
    assert result.stderr.count("\n") == 1 and not (tmp_path / "x.html").exists()


# ---- in a real browser ---------------------------------------------------------------

@pytest.mark.browser
def test_history_page_in_the_browser(tmp_path, gansu_page, gansu_page_en, browser):  # noqa: F811
    """The page loads with no console error and no request; j and the filters work on it."""
    summary = compare("gansu-ai-plan@2018", "gansu-ai-plan@2026").summary
    changed = summary.count("changed") + summary.count("moved")
    path = tmp_path / "history-en.html"
    path.write_text(gansu_page_en, encoding="utf-8")
    v = Visit(browser, path, viewport={"width": 1280, "height": 800})
    try:
        assert v.page.evaluate("document.documentElement.lang") == "en"
        assert v.page.text_content(".position") == f"{changed} changed clauses"
        assert v.page.inner_text("button[data-filter=kept]") == "Carried over"
        assert v.errors == [] and v.requests == [] and v.dialogs == []
    finally:
        v.close()
    path = tmp_path / "history.html"
    path.write_text(gansu_page, encoding="utf-8")
    v = Visit(browser, path, viewport={"width": 1280, "height": 800})
    try:
        assert v.page.title().startswith("甘肃省人工智能发展方案")
        assert v.errors == [] and v.requests == [] and v.dialogs == []
        assert v.page.evaluate("document.documentElement.lang") == "zh-Hans"
        assert v.page.text_content(".position") == f"{changed} 条修改过的条款"
        assert v.page.inner_text("button[data-filter=kept]") == "沿用未改"
        v.page.keyboard.press("j")
        current = v.page.locator(".current")
        assert current.get_attribute("data-kind") == "changed" and current.is_visible()
        v.page.keyboard.press("n")
        kinds = v.page.eval_on_selector_all(
            ".lineage .row", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.kind)")
        assert kinds and set(kinds) == {"new"}
        assert v.errors == [] and v.requests == []
    finally:
        v.close()
