"""Target changes: pairs by clause, item, national indicator and similarity; the kinds of change."""
from __future__ import annotations

import pytest

from pathlib import Path

from versiondiff import compare
from versiondiff.normalize import normalize
from versiondiff.target_changes import classify, indicator_of, pair_targets, target_changes
from versiondiff.targets import extract

DATA = Path(__file__).resolve().parent / "data"


def _changes(old, new, mode="auto"):
    return target_changes(compare(old, new, mode=mode))


def _pair(changes, written):
    found = [c for c in changes if c.new and c.new.written == written]
    assert len(found) == 1, [(c.kind, c.new and c.new.written) for c in changes]
    return found[0]


def test_version_mode_pairs_by_clause_and_says_raised():
    got = _changes(str(DATA / "smart_agri_old.txt"), str(DATA / "smart_agri_new.txt"))
    base = _pair(got, "20个")
    assert (base.kind, base.via, base.old.written, base.notes) == ("raised", "clause", "10个",
                                                                  ("deadline 2025 → 2027",))
    assert _pair(got, "达到45%").old.written == "达到30%"
    assert not [c for c in got if c.kind in ("new", "dropped")]


def test_gansu_2018_to_2026_lists_every_target_change():
    got = _changes("gansu-ai-plan@2018", "gansu-ai-plan@2026")
    kinds = [c.kind for c in got]
    # 2026 promises new numbers for 2027; 2018's 2020/2025/2030 milestones and tourism numbers are gone
    assert kinds.count("new") + sum(1 for c in got if c.new and c.old) == 4
    assert kinds.count("dropped") + sum(1 for c in got if c.new and c.old) == 17
    assert {c.new.written for c in got if c.kind == "new"} >= {"达70%左右", "超60%"}
    dropped = {(c.old.year, c.old.written) for c in got if c.kind == "dropped"}
    assert {(2020, "到2020年"), (2025, "到2025年"), (2030, "达到15亿元以上"), (2020, "降低30%")} <= dropped


def test_provinces_share_the_national_indicators():
    js = _changes("jiangsu-ai-plan@2025", "sichuan-ai-plan@2026", mode="cross")
    sc90 = _pair(js, "超90%")
    assert (sc90.old.written, sc90.indicator, sc90.kind) == ("90%以上", "adoption", "unchanged")
    assert sc90.notes == ("以上 → 超",)            # the same bound, worded otherwise
    scale = _pair(js, "突破4000亿元")
    assert (scale.old.written, scale.indicator, scale.kind) == ("超万亿元", "industry", "lowered")
    firms = _pair(js, "2500家以上")
    assert firms.indicator == "industry" and firms.kind == "new"   # no other plan counts firms
    gs = _changes("gansu-ai-plan@2026", "sichuan-ai-plan@2026", mode="cross")
    sc70 = _pair(gs, "超70%")
    assert (sc70.old.written, sc70.kind) == ("达70%左右", "qualifier changed")
    assert _pair(gs, "超90%").kind == "quantified"  # Gansu's 2030 names no number


def test_indicator_table_reads_milestone_sentences():
    [t35] = [t for t in extract(normalize("到2035年，建成先导区，全面步入智能经济和智能社会发展新阶段。"))]
    assert indicator_of(t35).id == "new-stage"


@pytest.mark.parametrize("old,new,kind", [
    ("到2025年，覆盖率达到30%。", "到2025年，覆盖率达到30%。", "unchanged"),
    ("到2025年，覆盖率达到30%。", "到2025年，覆盖率达到20%。", "lowered"),
    ("到2025年，覆盖率达到30%。", "到2027年，覆盖率达到30%。", "deadline moved"),
    ("到2025年，覆盖率30%左右。", "到2025年，覆盖率30%以上。", "qualifier changed"),
    ("处一万元以上十万元以下罚款。", "处五万元以上五十万元以下罚款。", "raised"),
    ("应当在三十日内办理。", "应当在十五日内办理。", "lowered"),
])
def test_classify(old, new, kind):
    [a], [b] = extract(normalize(old)), extract(normalize(new))
    assert classify(a, b)[0] == kind


def test_unrelated_targets_do_not_pair():
    old = extract(normalize("到2025年，农业生产信息化率达到30%。"))
    new = extract(normalize("到2025年，建成示范基地10个。"))
    assert [c.kind for c in pair_targets(old, new)] == ["new", "dropped"]


def test_a_law_revision_raises_a_fine_and_shortens_a_time_limit():
    got = _changes(str(DATA / "law_old.txt"), str(DATA / "law_new.txt"))
    assert [(c.kind, c.via, c.old.kind, c.old.written, c.new.written) for c in got] == [
        ("lowered", "clause", "time-limit", "三十日内", "十五日内"),
        ("raised", "clause", "fine", "一万元以上十万元以下", "五万元以上五十万元以下"),
        ("unchanged", "clause", "multiple", "一倍以上五倍以下", "一倍以上五倍以下")]
    fine = got[1].new
    assert (fine.quantity.low, fine.quantity.high) == (50_000, 500_000)
    assert fine.indicator.startswith("未按时报告") and not got[0].old.indicator.startswith("第")


def test_big_inputs_weigh_only_evidenced_pairs(monkeypatch):
    import versiondiff.target_changes as tc
    comp = compare("jiangsu-ai-plan@2025", "sichuan-ai-plan@2026", mode="cross")
    monkeypatch.setattr(tc, "MAX_PAIRS", 0)
    got = tc.target_changes(comp)
    # the national-indicator pairs survive without the all-pairs similarity stage
    assert _pair(got, "超90%").old.written == "90%以上"
