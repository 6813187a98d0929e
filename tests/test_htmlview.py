"""What the HTML reports share, tested without any HTML: text display, document cards, outline anchors."""
from __future__ import annotations

from pathlib import Path

import pytest

from versiondiff.compare import compare
from versiondiff.render.htmlview import (Outline, Segment, display_text, display_title, document_card, fit,
                                         pretty_path, segments, short_name, suffix)

DATA = Path(__file__).resolve().parent / "data" / "html"


@pytest.fixture(scope="module")
def old_doc():
    return compare(DATA / "pair-old.txt", DATA / "pair-new.txt").old


# ---- text display ----------------------------------------------------------------------

def test_display_text_joins_wraps_by_script():
    assert display_text("构建人工智\n\n能国产生态") == "构建人工智能国产生态"
    assert display_text("open  \n data") == "open data"
    assert display_text("数据\n") == "数据"
    assert display_text("\nopen", before="x") == " open"


def test_segments_cut_spans_at_marks():
    text = "第一句。\n第二句。另一条。"
    got = segments(text, [(0, 4), (5, 9), (12, 13)], [(1, 3, "del", "")])
    assert got == (Segment("第"), Segment("一句", "del"), Segment("。"),
                   Segment("", "br"),        # only a line break between the spans
                   Segment("第二句。"),
                   Segment("…", "gap"),      # other text between the spans
                   Segment("。"))


def test_segments_join_neighbours_with_the_same_mark():
    got = segments("abcdef", [(0, 6)], [(0, 2, "ins", ""), (2, 4, "ins", ""), (4, 6, "ins", "x")])
    assert got == (Segment("abcd", "ins"), Segment("ef", "ins", "x"))


# ---- documents: cards, anchors, outline units -------------------------------------------

def test_card_names_and_titles(old_doc):
    assert short_name(old_doc) == "pair-old.txt"
    assert display_title(old_doc) == "示例省数据要素发展实施方案"
    card = document_card(old_doc, "old")
    assert (card.key, card.name, card.doc_number, card.date) == ("old", "pair-old.txt", "示政办发〔2024〕3号",
                                                                  "2024-03-01")
    assert card.length == len(old_doc.text.original) and len(card.sha256) == 12


def test_outline_anchors_come_from_item_numbers(old_doc):
    outline = Outline(old_doc, "o")
    assert [u.anchor for u in outline.units] == [
        "o-t3", "o-t7", "o-1-1", "o-1-2", "o-2", "o-2-1", "o-2-2", "o-2-3", "o-3", "o-3-4", "o-3-5"]
    assert [u.is_item for u in outline.units][:3] == [False, False, True]
    unit = outline.units[5]
    assert (unit.label, unit.title) == ("1.建设数据平台", "二、 › 1. 建设数据平台")
    assert outline.unit_at(unit.span) == 5
    starts = [u.span[0] for u in outline.units]
    assert starts == sorted(starts)


def test_outline_anchors_taken_twice_get_a_letter(old_doc):
    outline = Outline(old_doc, "o")
    assert outline.unique("o-2-1") == "o-2-1-b"
    assert outline.unique("o-2-1") == "o-2-1-c"
    assert [suffix(n) for n in (1, 2, 26, 27)] == ["a", "b", "z", "aa"]


def test_fit_and_pretty_path():
    assert fit("智能农业发展", 3) == "智能…"
    assert fit("智能农业", 4) == "智能农业"
    assert fit("abc", 3) == "abc"
    assert pretty_path("二、/（一）/3.") == "二、 › （一） › 3."
