"""The HTML reports as files: gold pages, links, self-containment, hostile text, the commands.

Gold files live in ``tests/gold/html/``.  They are scrubbed of the version
number and of the inlined CSS/JS (and their CSP hashes), so that a style
change does not touch them.  When a page differs from its gold file the test
writes ``<name>.actual`` beside it and fails; after checking the difference,
re-bless with::

    VERSIONDIFF_BLESS=1 python3 -m pytest tests/test_render_html.py
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from versiondiff import __version__
from versiondiff.cli import cli
from versiondiff.compare import compare, compare_many
from versiondiff.render.html import environment, render_html, render_many

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data" / "html"
GOLD = TESTS / "gold" / "html"
ROOT = TESTS.parent


def scrub(page: str) -> str:
    """Remove what may change without the report changing: version, inlined assets, their hashes."""
    page = page.replace(f"versiondiff {__version__}", "versiondiff X.Y.Z")
    page = re.sub(r"<style>.*?</style>", "<style>/* report.css */</style>", page, flags=re.S)
    page = re.sub(r"<script>.*?</script>", "<script>/* report.js */</script>", page, flags=re.S)
    return re.sub(r"'sha256-[A-Za-z0-9+/=]+'", "'sha256-…'", page)


def check_gold(name: str, page: str) -> None:
    """Compare a page with its gold file; on mismatch write ``.actual`` beside it and fail."""
    gold = GOLD / name
    actual = gold.with_name(gold.name + ".actual")
    text = scrub(page)
    if os.environ.get("VERSIONDIFF_BLESS") == "1":  # only "1" re-blesses: "0" or "" must still compare
        gold.parent.mkdir(parents=True, exist_ok=True)
        gold.write_text(text, encoding="utf-8")
        actual.unlink(missing_ok=True)
        return
    if not gold.exists():
        gold.parent.mkdir(parents=True, exist_ok=True)
        actual.write_text(text, encoding="utf-8")
        pytest.fail(f"no gold file {gold}; wrote {actual.name} (bless with VERSIONDIFF_BLESS=1)")
    if gold.read_text(encoding="utf-8") != text:
        actual.write_text(text, encoding="utf-8")
        pytest.fail(f"{name} differs from its gold file: see {actual} (re-bless with VERSIONDIFF_BLESS=1)")
    actual.unlink(missing_ok=True)


@pytest.mark.parametrize("value", ["0", "", "yes"])
def test_only_bless_1_rewrites_a_gold_file(value, tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "GOLD", tmp_path)
    (tmp_path / "page.html").write_text("gold\n", encoding="utf-8")
    monkeypatch.setenv("VERSIONDIFF_BLESS", value)
    with pytest.raises(pytest.fail.Exception, match="differs from its gold file"):
        check_gold("page.html", "another page\n")
    assert (tmp_path / "page.html").read_text(encoding="utf-8") == "gold\n"
    monkeypatch.setenv("VERSIONDIFF_BLESS", "1")
    check_gold("page.html", "another page\n")
    assert (tmp_path / "page.html").read_text(encoding="utf-8") == "another page\n"


class Page(HTMLParser):
    """Collect ids, links, sources, tags and event-handler attributes of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.texts: list[str] = []       # text content of each <p class="text">, marks removed
        self._capture = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "p" and "text" in (dict(attrs).get("class") or "").split():
            self._capture = True
            self.texts.append("")
        for name, value in attrs:
            if name == "id":
                self.ids.append(value)
            elif name in ("href", "xlink:href"):
                self.hrefs.append(value)
            elif name in ("src", "srcset", "data", "poster", "action", "formaction"):
                self.srcs.append(value)
            elif name.startswith("on"):
                self.handlers.append((tag, name))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "p":
            self._capture = False

    def handle_data(self, data):
        if self._capture:
            self.texts[-1] += data


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """Render the hand-made pair, triple and hostile fixtures (relative refs: stable gold)."""
    cwd = os.getcwd()
    os.chdir(DATA)
    try:
        return {
            "pair": render_html(compare("pair-old.txt", "pair-new.txt")),
            "triple": render_many(compare_many(["triple-a.txt", "triple-b.txt", "triple-c.txt"])),
            "hostile": render_html(compare("hostile-old.txt", "hostile-new.txt")),
        }
    finally:
        os.chdir(cwd)


# ---- gold ----------------------------------------------------------------------------

def test_pair_matches_gold(pages):
    check_gold("pair.html", pages["pair"])


def test_triple_matches_gold(pages):
    check_gold("triple.html", pages["triple"])


# ---- links and self-containment ------------------------------------------------------

@pytest.mark.parametrize("name", ["pair", "triple", "hostile"])
def test_every_fragment_link_has_its_id(pages, name):
    page = Page(pages[name])
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    ids = set(page.ids)
    missing = sorted({h for h in page.hrefs if h.startswith("#") and h[1:] not in ids})
    assert not missing
    assert all(h.startswith("#") for h in page.hrefs), [h for h in page.hrefs if not h.startswith("#")]


@pytest.mark.parametrize("name", ["pair", "triple", "hostile"])
def test_page_is_self_contained(pages, name):
    text = pages[name]
    page = Page(text)
    assert not page.srcs
    assert page.tags.count("script") == 1 and page.tags.count("style") == 1
    assert "link" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    assert "@import" not in text and "url(" not in text
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_page_is_utf8_text_not_escapes(pages):
    assert pages["pair"].startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in pages["pair"]
    assert "示例省数据要素发展实施方案" in pages["pair"]
    assert "&#" not in pages["pair"]


def test_same_input_same_bytes(pages):
    cwd = os.getcwd()
    os.chdir(DATA)
    try:
        again = render_html(compare("pair-old.txt", "pair-new.txt"))
    finally:
        os.chdir(cwd)
    assert again == pages["pair"]
    assert " on <time" not in pages["pair"]   # no timestamp unless asked for


@pytest.mark.slow
def test_same_bytes_across_processes(tmp_path):
    """Hash randomization must not reach the page: two processes, two seeds, one result."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"r{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "versiondiff", "report", str(DATA / "triple-a.txt"),
                        str(DATA / "triple-b.txt"), str(DATA / "triple-c.txt"), "-o", str(out)],
                       check=True, env=env, capture_output=True, cwd=tmp_path)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_autoescape_is_always_on():
    env = environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_templates_and_assets_ship_with_the_package():
    from importlib import resources
    base = resources.files("versiondiff.render")
    for name in ("templates/pair.html.j2", "templates/synopsis.html.j2", "templates/history.html.j2",
                 "static/report.css", "static/report.js", "static/history.css", "static/history.js"):
        assert base.joinpath(*name.split("/")).is_file(), name
    cfg = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert "render/templates/*" in cfg and "render/static/*" in cfg


# ---- hostile text is data ------------------------------------------------------------

def test_hostile_text_is_shown_literally(pages):
    text = pages["hostile"]
    page = Page(text)
    assert not page.handlers, page.handlers
    assert page.tags.count("script") == 1
    assert "img" not in page.tags
    assert page.tags.count("svg") == 1   # ours: the alignment map
    shown = page.texts
    for literal in ("关于<script>alert(1)</script>的通知", "关于<script>alert(2)</script>的通知",
                    '页面中的"><img src=x onerror=alert(1)>必须原样显示。',
                    '页面中的"><img src=x onerror=alert(2)><svg onload=alert(3)>必须原样显示。',
                    "{{ 7*7 }}和{% raw %}不得被执行。", "{{ 7*7 }}、{{ config }}和{% raw %}{% endraw %}不得被执行。",
                    "（牵头单位：<b>省网信办</b>；", "责任单位：省公安厅、</div><script>alert(4)</script>）"):
        assert literal in shown, literal
    assert any(t.startswith("javascript:alert(5) 与 &lt;") for t in shown)
    assert "<script>alert" not in text and "<img" not in text and "<b>省" not in text


# ---- the commands --------------------------------------------------------------------

def test_report_writes_a_pair_report_under_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["report", str(DATA / "pair-old.txt"), str(DATA / "pair-new.txt")])
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path == Path("reports") / "pair-old__pair-new.html"
    assert (tmp_path / path).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_with_three_documents_writes_a_synopsis(tmp_path):
    out = tmp_path / "out" / "syn.html"
    out.parent.mkdir()  # -o makes no folders (a typo must not create one)
    result = CliRunner().invoke(cli, ["report", *(str(DATA / f"triple-{k}.txt") for k in "abc"),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert 'class="heatmap"' in page and 'class="topics"' in page


def test_report_options(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", str(DATA / "pair-old.txt"), str(DATA / "pair-new.txt"),
                                      "-o", str(out), "--mode", "cross", "--timestamp", "--aliases", "--lang", "en"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "cross mode" in page and " on <time datetime=" in page


@pytest.mark.parametrize("args", [["only-one.txt"], ["missing.txt", "other.txt"], []])
def test_report_trouble_exits_2(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["report", *args])
    assert result.exit_code == 2
    assert not (tmp_path / "reports").exists()


def test_report_unwritable_output_exits_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["report", str(DATA / "pair-old.txt"), str(DATA / "pair-new.txt"),
                                      "-o", str(blocker / "r.html")])
    assert result.exit_code == 2
    assert "versiondiff: error:" in result.output


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_showcase_writes_both_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["showcase", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(str(tmp_path / "gansu-2018-vs-2026.html")) and "Gansu 2018 → 2026" in lines[0]
    assert lines[1].startswith(str(tmp_path / "synopsis-2025-2026.html")) and "3 documents" in lines[1]
    pair = (tmp_path / "gansu-2018-vs-2026.html").read_bytes()
    assert len(pair) < 2_000_000
    assert "gansu-ai-plan@2018".encode() in pair
    # the showcase kept in reports/ is what the code makes today (regenerate: versiondiff showcase)
    for name in ("gansu-2018-vs-2026.html", "synopsis-2025-2026.html"):
        assert (tmp_path / name).read_bytes() == (ROOT / "reports" / name).read_bytes(), name


def test_showcase_without_the_store_fails_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VERSIONDIFF_STORE", raising=False)
    result = CliRunner().invoke(cli, ["showcase", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.startswith("versiondiff: error:") and result.output.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_gansu_report_is_under_2mb(seed_paths):
    page = render_html(compare(seed_paths["gansu2018"], seed_paths["gansu2026"]))
    assert len(page.encode("utf-8")) < 2_000_000
    assert "甘政发〔2026〕1号" in page


# ---- relations pick the synopsis ------------------------------------------------------

def test_related_refs_pick_the_three_plans():
    from versiondiff import lineage, store as st
    corpus = st.Store(ROOT / "documents")
    assert lineage.related_refs(corpus, "gansu-ai-plan@2026") == [
        "gansu-ai-plan@2026", "jiangsu-ai-plan@2025", "sichuan-ai-plan@2026"]
    # the English summary points at Gansu 2026 but is never compared; @latest is pinned
    assert lineage.related_refs(corpus, "jiangsu-ai-plan@latest")[0] == "jiangsu-ai-plan@2025"
    assert lineage.related_refs(corpus, "gansu-ai-plan-summary@2026-en") == ["gansu-ai-plan-summary@2026-en"]


def test_report_related_makes_the_showcase_synopsis(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "related.html"
    result = CliRunner().invoke(cli, ["report", "--related", "gansu-ai-plan@2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}\n"
    page = out.read_text(encoding="utf-8")
    cards = re.findall(r'<p class="card-key">文件 ([A-Z])</p>', page)
    names = re.findall(r'<h3>[A-Z] · <span>([^<]+)</span></h3>', page)
    assert cards == ["A", "B", "C"]
    assert names[:3] == ["gansu-ai-plan@2026", "jiangsu-ai-plan@2025", "sichuan-ai-plan@2026"]
    assert "gansu-ai-plan-summary" not in page and "gansu-ai-plan@2018" not in page
    # exactly the documents the showcase synopsis compares, so exactly its bytes
    assert out.read_bytes() == (ROOT / "reports" / "synopsis-2025-2026.html").read_bytes()


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_report_related_default_name(tmp_path, monkeypatch):
    monkeypatch.setenv("VERSIONDIFF_STORE", str(ROOT / "documents"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["report", "--related", "gansu-ai-plan@2018"])
    assert result.exit_code == 0, result.output
    # Gansu 2026 supersedes 2018: two documents, a change report
    assert result.output.strip() == "reports/gansu-ai-plan@2018__gansu-ai-plan@2026.html"
    assert "alignment map" in (tmp_path / result.output.strip()).read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("ref, message", [
    ("gansu-ai@2026", "gansu-ai@2026: unknown series 'gansu-ai'; did you mean"),
    ("gansu-ai-plan", "bad reference 'gansu-ai-plan'"),
    ("gansu-ai-plan@2019", "no version '2019' in series 'gansu-ai-plan'"),
    ("gansu-ai-plan-summary@2026-en", "gansu-ai-plan-summary@2026-en: no other version in the corpus"),
])
def test_report_related_bad_ref_exits_2_in_one_line(tmp_path, monkeypatch, ref, message):
    monkeypatch.setenv("VERSIONDIFF_STORE", str(ROOT / "documents"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["report", "--related", ref])
    assert result.exit_code == 2
    assert result.output.startswith("versiondiff: error: ") and result.output.count("\n") == 1, result.output
    assert message in result.output
    assert not (tmp_path / "reports").exists()


def test_report_related_and_files_together_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["report", str(DATA / "pair-old.txt"), "--related", "gansu-ai-plan@2026",
                                      "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "not both" in result.output
