"""Markdown change list: gold file on the hand-made pair, escaping, emphasis that CJK text can carry."""
from __future__ import annotations

import pytest

from versiondiff.compare import compare
from versiondiff.render.markdown import _flanks, _inline, escape, render_markdown
from versiondiff.render.textview import Segment

from test_render_terminal import LABELS, NEW, OLD, assert_gold, scrub


@pytest.fixture(scope="module")
def pair():
    """Return the comparison of the hand-made pair."""
    return compare(OLD, NEW)


def test_markdown_gold(pair):
    assert_gold("smart_agri.md", scrub(render_markdown(pair, **LABELS)))


def test_summary_line_then_one_item_per_change(pair):
    text = render_markdown(pair, **LABELS)
    first = text.splitlines()[0]
    assert first.startswith("**versiondiff** `smart_agri_old.txt` → `smart_agri_new.txt` (version mode): ")
    assert "similarity 86.5%" in first
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert any(line.startswith("- **changed** 一、/（二）, new line 7: 到202~~5~~**7**年") for line in items)
    assert any(line.startswith("- **inserted** 二、/3., new line 12: 3.建设智慧农田。在高标准农田") for line in items)
    assert any(line.startswith("- **deleted** 二、/4., old line 13: 4.培育农业电商主体。") for line in items)
    assert "- **renumbered** (+1): 二、/3. → 二、/4." in items
    assert any(line.startswith("- **moved** 三、/（二）, new line 18 (moved from 三、/（一）, line 17)")
               for line in items)


def test_long_unchanged_text_is_elided(pair):
    text = render_markdown(pair, **LABELS)
    assert "- **changed** 一、/（一）, new line 6: …为主线，推动农业生产方式**加快**转变。" in text


def test_no_changes(seed_paths):
    comp = compare(seed_paths["jiangsu"], seed_paths["jiangsu"])
    assert render_markdown(comp).rstrip().endswith("No changes.")


def test_specials_in_document_text_are_escaped():
    assert escape("a*b_c`d[e]f<g>h~i|j&k$l\\m") == "a\\*b\\_c\\`d\\[e\\]f\\<g\\>h\\~i\\|j\\&k\\$l\\\\m"
    assert escape("x\x1by") == "x␛y"


@pytest.mark.parametrize("before,inner,after,ok", [
    ("年", "加快", "转", True),       # letters on both sides: ** works inside CJK words
    ("训", "，", "每", False),        # CJK punctuation next to a letter: CommonMark would not open
    ("", "，", "", True),            # at the line edges punctuation is fine
    ("（", "一", "）", True),
    ("a", " b", "c", False),         # whitespace inside the delimiters never flanks
])
def test_flanking_rules(before, inner, after, ok):
    assert _flanks(before, inner[0], inner[-1], after) is ok


def test_punctuation_edits_fall_back_to_html_tags():
    line = [Segment("ctx", "培训"), Segment("del", "，"), Segment("ins", "。"), Segment("ctx", "每年")]
    assert _inline([line], whole=False) == "培训<del>，</del><ins>。</ins>每年"


def test_word_edits_use_tildes_and_stars():
    line = [Segment("ctx", "到202"), Segment("del", "5"), Segment("ins", "7"), Segment("ctx", "年")]
    assert _inline([line], whole=False) == "到202~~5~~**7**年"


def test_every_seed_pair_renders(seed_paths):
    for a, b in (("gansu2026", "sichuan"), ("gansu2018", "gansu2026"), ("jiangsu", "gansu2026")):
        text = render_markdown(compare(seed_paths[a], seed_paths[b]))
        assert text.count("\n- ") > 10
        assert "\x1b" not in text
