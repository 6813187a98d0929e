"""The view model of the pair report, tested without any HTML: rows, links, anchors, counts."""
from __future__ import annotations

from pathlib import Path

import pytest

from versiondiff.compare import compare
from versiondiff.render.html import render_pair
from versiondiff.render.htmlview import display_text
from versiondiff.render.pairview import CHANGE_KINDS, Row, build_pair

DATA = Path(__file__).resolve().parent / "data" / "html"


@pytest.fixture(scope="module")
def pair_comp():
    return compare(DATA / "pair-old.txt", DATA / "pair-new.txt")


@pytest.fixture(scope="module")
def pair(pair_comp):
    return build_pair(pair_comp, "en")


def rows_of(view) -> list[Row]:
    return [r for s in view.sections for r in s.rows]


def text_of(cell) -> str:
    return "".join(s.text for s in cell.segments if s.mark not in ("br", "gap"))


def anchors_of(view) -> list[str]:
    return [a for r in rows_of(view) for c in (r.old, r.new) if c is not None for a in c.anchors]


def test_every_change_record_is_one_row_in_order(pair, pair_comp):
    rows = [r for r in rows_of(pair) if r.kind != "moved-from"]
    assert [r.id for r in rows] == [f"c-{k}" for k in range(len(pair_comp.changes))]
    assert [r.kind for r in rows] == [c.kind for c in pair_comp.changes]


def test_counts_follow_the_summary(pair, pair_comp):
    assert {c.kind: c.count for c in pair.counts} == dict(pair_comp.summary.counts)
    assert pair.total_changes == sum(1 for r in rows_of(pair) if r.is_change)
    assert pair.total_changes == sum(s.changes for s in pair.sections)
    assert pair.similarity == pair_comp.summary.similarity
    # the mode note's own percentage would be a second similarity figure: the kicker names the mode
    assert pair.mode == "version" and not any(n.startswith("mode:") for n in pair.notes)


def test_cells_show_the_original_text_of_their_spans(pair, pair_comp):
    for row in rows_of(pair):
        if row.kind == "moved-from":
            continue
        change = pair_comp.changes[int(row.id[2:])]
        for side, doc in (("old", pair_comp.old), ("new", pair_comp.new)):
            spans, cell = getattr(change, side), getattr(row, side)
            assert (cell is None) == (not spans)
            if spans:
                want = "".join(display_text(doc.text.original[s:e]) for s, e in spans)
                assert text_of(cell) == want


def test_marks_come_from_the_opcodes(pair):
    rows = {r.id: r for r in rows_of(pair)}
    number = rows["c-3"]      # 示政办发〔2024〕3号 → 示政办发〔2026〕2号
    assert [s.text for s in number.old.segments if s.mark == "del"]
    assert [s.text for s in number.new.segments if s.mark == "ins"]
    assert not any(s.mark == "ins" for s in number.old.segments)
    assert not any(s.mark == "del" for s in number.new.segments)
    inserted = next(r for r in rows.values() if r.kind == "inserted")
    assert inserted.old is None and all(s.mark == "ins" for s in inserted.new.segments)
    deleted = next(r for r in rows.values() if r.kind == "deleted")
    assert deleted.new is None and all(s.mark == "del" for s in deleted.old.segments)
    equal = next(r for r in rows.values() if r.kind == "equal")
    assert all(not s.mark for s in equal.old.segments + equal.new.segments)


def test_moved_rows_and_their_markers_link_both_ways(pair, pair_comp):
    rows = rows_of(pair)
    by_id = {r.id: r for r in rows}
    moved = [r for r in rows if r.kind == "moved"]
    markers = [r for r in rows if r.kind == "moved-from"]
    assert len(moved) == pair_comp.summary.count("moved") == len(markers) == 1
    for row in moved:
        marker = by_id[row.link]
        assert marker.kind == "moved-from" and marker.link == row.id
        assert "moved from" in row.link_text and "moved to" in marker.link_text
        # the marker stands where the text left: just before the record Change.link names
        change = pair_comp.changes[int(row.id[2:])]
        following = rows[rows.index(marker) + 1]
        assert following.id == f"c-{change.link}"
        assert text_of(marker.old).rstrip("…") in text_of(row.old)
    assert "鼓励企业依法开放公共数据" in text_of(moved[0].new)


def test_renumbered_items_say_so(pair):
    notes = [r.note for r in rows_of(pair) if r.kind == "renumbered"]
    assert notes == ["3. → 4.", "4. → 5.", "5. → 6."]


def test_responsible_units_show_what_changed(pair):
    tagged = [r for r in rows_of(pair) if r.new is not None and r.new.units]
    first = tagged[0]
    status = {t.name: (t.status, t.lead) for t in first.new.units}
    assert status["省数据局"] == ("added", True)
    assert status["省大数据局"] == ("removed", True)
    assert status["省工信委"] == ("removed", False)
    assert status["省工业和信息化厅"] == ("added", False)
    assert status["省通信管理局"] == ("added", False)
    assert status["省财政厅"] == ("same", False)
    # a parenthesis split over two clauses is tagged once, where it closes
    assert sum(1 for r in rows_of(pair) for c in (r.old, r.new) if c is not None and c.units
               and any(t.name == "省财政厅" for t in c.units)) == 1
    removed = [r for r in rows_of(pair) if r.kind == "deleted" and r.old.units]
    assert [t.status for t in removed[0].old.units] == ["removed"]


def test_anchors_are_unique_and_every_map_link_has_one(pair):
    anchors = anchors_of(pair)
    ids = [r.id for r in rows_of(pair)] + [s.id for s in pair.sections] + anchors
    assert len(ids) == len(set(ids))
    targets = set(ids)
    for node in pair.map.nodes:
        assert node.href[1:] in targets, node
    for band in pair.map.bands:
        assert band.href[1:] in targets, band
    for row in rows_of(pair):
        if row.link:
            assert row.link in targets


def test_anchors_are_derived_from_structure(pair):
    anchors = set(anchors_of(pair))
    assert {"o-2-1", "n-2-1", "o-2-3", "n-2-4", "n-3-6"} <= anchors


def test_alignment_map_draws_every_outline_pair_and_lone_parts(pair, pair_comp):
    # runs of parallel pairs are drawn as one band: the bands still stand for every pair
    assert sum(b.count for b in pair.map.bands) == len(pair_comp.outline)
    assert sum(n.count for n in pair.map.nodes if n.side == "new") >= len(pair.map.nodes) // 2
    alone = [n for n in pair.map.nodes if not n.matched]
    assert [(n.side, n.label) for n in alone] == [("new", "3.推进数据赋能")]
    for node in pair.map.nodes:
        assert 0 <= node.y and node.y + node.height <= pair.map.height


def test_counterparts_link_parts_in_other_rows_only(pair):
    links = [(r.id, side, c.href) for r in rows_of(pair) for side in ("old", "new")
             for c in (getattr(r, side).counterparts if getattr(r, side) else ())]
    # version mode: corresponding parts share a row, except where a moved clause made a pair
    assert sorted(h for _, _, h in links) == ["#n-3-5", "#o-2-2"]


def test_cross_mode_parts_link_to_their_counterparts(seed_paths):
    view = build_pair(compare(seed_paths["gansu2018"], seed_paths["gansu2026"], mode="cross"))
    cells = {a: (r, side) for r in rows_of(view) for side in ("old", "new")
             for a in (getattr(r, side).anchors if getattr(r, side) else ())}
    farming_old = next(a for a, (r, side) in cells.items()
                       if side == "old" and "智能农业" in text_of(getattr(r, side)))
    row, _ = cells[farming_old]
    targets = [c.href[1:] for c in row.old.counterparts]
    assert any("加快智慧农业建设" in text_of(cells[t][0].new) for t in targets)
    back = cells[next(t for t in targets if "加快智慧农业建设" in text_of(cells[t][0].new))][0]
    assert f"#{farming_old}" in [c.href for c in back.new.counterparts]


def test_ignored_boilerplate_is_kept(pair, pair_comp):
    ignored = [r for r in rows_of(pair) if r.kind == "ignored"]
    assert len(ignored) == pair_comp.summary.count("ignored") == 2
    assert "欢迎访问" in text_of(ignored[0].old)
    assert not any(r.is_change for r in ignored)


def test_sections_follow_the_new_outline(pair):
    assert [s.id for s in pair.sections] == ["s-head", "s-1", "s-2", "s-3"]
    assert [s.title for s in pair.sections][1:] == ["一、总体要求", "二、重点任务", "三、保障措施"]


def test_same_comparison_same_view(pair_comp):
    assert build_pair(pair_comp) == build_pair(pair_comp)


def test_title_names_one_document_in_two_editions(pair):
    assert pair.title == "示例省数据要素发展实施方案：示政办发〔2024〕3号 → 示政办发〔2026〕2号"


def test_only_change_kinds_are_navigation_stops(pair):
    for row in rows_of(pair):
        # j/k stop at what changes the text: pure renumbering is counted apart
        assert row.is_change == (row.kind in CHANGE_KINDS and row.kind != "renumbered" and not row.renumbering)


# ---- a law revision inserting articles: the change list, renumbering counted apart -----

LAW = Path(__file__).resolve().parent / "data" / "law"


@pytest.fixture(scope="module")
def law():
    return build_pair(compare(LAW / "cybersecurity-2016.txt", LAW / "cybersecurity-2025.txt"))


def test_the_change_list_names_each_changed_article(law):
    entries = [(e.label, e.old_number, e.new_number) for e in law.changes]
    assert ("新增", "", "第三条") in entries
    assert ("修改", "第十八条", "第十九条") in entries
    assert ("新增", "", "第二十一条") in entries
    # the Markdown "#" of a law-database heading is neither a change nor in the title
    assert not any(e.excerpt and "".join(s.text for s in e.excerpt) == "#" for e in law.changes)
    assert "#" not in law.title and "#" not in law.new.title
    assert law.lang == "zh" and not law.rewrite


def test_renumbering_is_counted_apart_and_folded(law):
    rows = rows_of(law)
    assert law.renumbered >= 23
    assert not any(r.is_change for r in rows if r.renumbering)
    folded = [r for s in law.sections for run in s.runs if run.layout == "fold" for r in run.rows]
    # most of it sits in "… N unchanged …" folds (a short run between changes stays a row, hidden by default)
    assert sum(1 for r in folded if r.kind == "renumbered") >= 20
    # every changed row says which article it belongs to
    assert all(r.number for s in law.sections if s.id != "s-head" for r in s.rows
               if r.is_change or r.kind == "renumbered")


def test_a_rewrite_leads_with_its_topic_table(seed_paths):
    view = build_pair(compare(seed_paths["gansu2018"], seed_paths["gansu2026"]))
    assert view.rewrite and view.topics
    assert all(t.old_href.startswith("#o-") and t.new_href.startswith("#n-") for t in view.topics)
    # deletions beside insertions, not one half-empty row each
    assert any(run.layout == "pack" for s in view.sections for run in s.runs)
    # sections are titled with their heading, not a whole article
    assert all(len(s.title) <= 30 for s in view.sections)
    # each line says how the tasks correspond, in the page's language
    kinds = {t.kind: t.kind_label for t in view.topics}
    assert {"rewritten", "merged"} <= set(kinds) and kinds["merged"] == "合并" and kinds["rewritten"] == "改写"
    farming = next(t for t in view.topics if "智能农业" in t.old_label and "智慧农业" in t.new_label)
    assert farming.kind == "rewritten"
    page = render_pair(view)
    assert '<span class="badge k-merged">合并</span>' in page
