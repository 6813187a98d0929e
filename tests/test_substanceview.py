"""The view models of the report's Substance section and of the synopsis' targets matrix (no HTML)."""
from __future__ import annotations

import pytest

from versiondiff import compare, compare_many
from versiondiff.render.html import render_html, render_many
from versiondiff.render.substanceview import build_substance_view, synopsis_targets


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_pair_view_targets_units_and_terms():
    comp = compare("gansu-ai-plan@2018", "gansu-ai-plan@2026")
    view = build_substance_view(comp)
    assert dict(view.counts) == {"new": 4, "dropped": 17}
    new70 = next(r for r in view.targets if r.new == "2027 达70%左右")
    assert new70.kind == "new" and new70.national == "新一代智能终端、智能体等应用普及率"
    assert new70.new_href.startswith("#c-")
    miit = next(d for d in view.departments if d.name == "省工信厅")
    assert miit.renamed_from == "省工信委" and miit.kept
    assert ("省工信委", "省工信厅") in view.renames
    model = next(t for t in view.terms if t.term == "大模型")
    assert model.old_width == 0 < model.new_width <= 100 and "大模型" in model.passage


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_report_links_every_target_to_a_change_record():
    comp = compare("gansu-ai-plan@2018", "gansu-ai-plan@2026")
    page = render_html(comp)
    view = build_substance_view(comp)
    for row in view.targets:
        for href in (row.old_href, row.new_href):
            if href:
                assert f'id="{href[1:]}"' in page


def test_synopsis_matrix_puts_the_shared_national_indicators_in_one_row():
    comps = compare_many(["gansu-ai-plan@2026", "jiangsu-ai-plan@2025", "sichuan-ai-plan@2026"])
    matrix = synopsis_targets(comps)
    assert matrix.documents == ("gansu-ai-plan@2026", "jiangsu-ai-plan@2025", "sichuan-ai-plan@2026")
    rows = {r.label: r.cells for r in matrix.rows if r.national}
    assert rows["新一代智能终端、智能体等应用普及率"] == ("2027 达70%左右 · 到2030年", "2027 70%以上 · 2030 90%以上",
                                                "2027 超70% · 2030 超90%")
    # Sichuan's firms and output and Jiangsu's 超萬億元 (as written, traditional) restate one national indicator
    assert rows["智能经济核心产业规模"] == ("", "2030 超萬億元", "2030 2500家以上 · 2030 突破4000亿元")
    assert rows["全面步入智能经济和智能社会发展新阶段"] == ("到2035年",) * 3
    page = render_many(comps)
    assert 'id="targets"' in page and "2500家以上" in page
