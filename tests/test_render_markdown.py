"""Markdown change list: gold files on the hand-made pairs, escaping, emphasis that CJK text can carry."""
from __future__ import annotations

import pytest

from versiondiff.compare import compare
from versiondiff.render.markdown import _flanks, _inline, escape, render_markdown
from versiondiff.render.textview import Segment

from test_render_terminal import CROSS_A, CROSS_B, CROSS_LABELS, LABELS, assert_gold, scrub
from test_render_terminal import pair  # noqa: F401  (fixture: the hand-made pair's comparison)


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


@pytest.mark.slow
def test_every_seed_pair_renders(seed_paths):
    for a, b in (("gansu2026", "sichuan"), ("gansu2018", "gansu2026"), ("jiangsu", "gansu2026")):
        text = render_markdown(compare(seed_paths[a], seed_paths[b]))
        assert text.count("\n- ") > 10
        assert "\x1b" not in text


# ---- cross mode: one item per outline pair ---------------------------------------------------

@pytest.fixture(scope="module")
def cross_pair():
    """Return the cross comparison of the two made-up provincial plans."""
    return compare(CROSS_A, CROSS_B, mode="cross")


def test_cross_markdown_gold(cross_pair):
    assert_gold("cross.md", scrub(render_markdown(cross_pair, **CROSS_LABELS)))


def test_cross_markdown_is_a_list_of_pairs_with_their_clauses_nested(cross_pair):
    text = render_markdown(cross_pair, **CROSS_LABELS)
    assert text.splitlines()[0].startswith("**versiondiff** `cross_a.txt` → `cross_b.txt` (cross mode): ")
    heads = [line for line in text.splitlines() if line.startswith("- ") and " ~ " in line]
    assert len(heads) == len(cross_pair.outline)
    assert "- **二、/（二） 发展智慧农业** ~ **二、/1. 智慧农业提升行动** (similarity 47%)\n" \
           "  - **equal** old line 13, new line 12: 建设省级农业大数据平台，推广遥感监测、水肥一体化等技术。\n" in text
    assert "  - **only in new**, 4 clauses, first: 发展设施农业物联网，建设一批数字农业示范基地。\n" in text
    assert "  - **changed** old line 16, new line 20: …用技能培训，每年培训农民~~5~~**8**万人次。\n" in text
    assert text.endswith("- **only in new**, 1 part:\n  - 二、/6. 数字普惠金融行动 (new line 17, 2 clauses)\n"
                         "- **only in old**, 1 part:\n  - 三、/（二） 加大资金投入 (old line 19, 2 clauses)\n")


def test_real_cross_markdown_names_every_outline_pair(seed_paths):
    comp = compare(seed_paths["gansu2026"], seed_paths["sichuan"])
    text = render_markdown(comp)
    for pair in comp.outline:
        assert f"- **{escape(pair.old_label)}** ~ **{escape(pair.new_label)}** " \
               f"(similarity {pair.similarity:.0%})" in text
    assert "- **document header**" in text and "\x1b" not in text
