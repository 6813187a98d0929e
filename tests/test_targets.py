"""Target extraction: numbers, qualifiers, deadlines and spans on the bundled plans and on law text."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from versiondiff.normalize import normalize
from versiondiff.structure import read_document
from versiondiff.targets import cn_number, document_targets, extract

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

from substance import GOLD_TARGETS, measure, score_targets  # noqa: E402


def _by_written(ref: str) -> dict[str, list]:
    doc = read_document(ref)
    out: dict[str, list] = {}
    for t in document_targets(doc):
        out.setdefault(t.written, []).append(t)
    return out


def _original(ref: str, span) -> str:
    return read_document(ref).text.original[span[0]:span[1]]


@pytest.mark.parametrize("ref,year,written,value,unit,bound,indicator", [
    ("gansu-ai-plan@2026", 2027, "达70%左右", 70, "%", "about", "智能体应用普及率"),
    ("gansu-ai-plan@2026", 2027, "超60%", 60, "%", "min", "政务服务“智能办”占比"),
    ("jiangsu-ai-plan@2025", 2027, "70%以上", 70, "%", "min", "智能体等应用普及率"),
    ("jiangsu-ai-plan@2025", 2030, "90%以上", 90, "%", "min", "智能体等应用普及率"),
    ("jiangsu-ai-plan@2025", 2030, "超万亿元", 1e12, "元", "min", "人工智能产业规模"),
    ("sichuan-ai-plan@2026", 2027, "超70%", 70, "%", "min", "应用普及率"),
    ("sichuan-ai-plan@2026", 2030, "2500家以上", 2500, "家", "min", "集聚人工智能企业"),
    ("sichuan-ai-plan@2026", 2030, "突破4000亿元", 4e11, "元", "min", "产业规模"),
    ("sichuan-ai-plan@2026", 2030, "超90%", 90, "%", "min", "应用普及率"),
    ("sichuan-ai-plan@2026", 2030, "达100EFlops", 100, "EFlops", "exact", "智算规模"),
])
def test_goal_targets_of_the_plans(ref, year, written, value, unit, bound, indicator):
    found = [t for t in _by_written(ref).get(written, []) if t.year == year]
    assert len(found) == 1, f"{written} ({year}) in {ref}: {found}"
    t = found[0]
    assert (t.quantity.value, t.quantity.unit, t.bound) == (value, unit, bound)
    assert indicator in t.indicator
    # the span is the qualifier and quantity in the ORIGINAL text (Jiangsu is in traditional script)
    shown = _original(ref, t.span)
    assert shown == written or (ref.startswith("jiangsu") and shown == "超萬億元")


def test_sichuan_ranges_and_counts():
    got = {(t.written, t.year): t for t in document_targets(read_document("sichuan-ai-plan@2026"))}
    rng = got[("2—3个", 2027)].quantity
    assert (rng.low, rng.high, got[("2—3个", 2027)].bound) == (2, 3, "range")
    assert got[("争创1—2个", 2030)].qualifiers == ("争创",)
    assert [t.bound for (w, y), t in got.items() if w == "10个左右"] == ["about"]
    assert got[("不少于5个", None)].indicator == "每个行业每年推出典型场景"


@pytest.mark.parametrize("ref", ["gansu-ai-plan@2026", "jiangsu-ai-plan@2025", "sichuan-ai-plan@2026"])
def test_each_plan_has_its_2035_milestone(ref):
    doc = read_document(ref)
    milestones = [t for t in document_targets(doc) if t.kind == "milestone"]
    t35 = [t for t in milestones if t.year == 2035]
    assert len(t35) == 1 and doc.text.original[slice(*t35[0].span)] == "到2035年"
    assert "新阶段" in t35[0].indicator or "先导区" in t35[0].indicator
    # 2027 and 2030 govern numbers in every plan except Gansu's 2030, which names none
    assert {t.year for t in milestones} == ({2030, 2035} if ref.startswith("gansu") else {2035})


def test_gansu_2018_targets_with_spaces_and_periods():
    got = document_targets(read_document("gansu-ai-plan@2018"))
    by = {(t.written, t.indicator): t for t in got}
    cut = by[("降低30%", "试点示范项目运营成本")]
    assert cut.year == 2020 and cut.bound == "less"
    assert _original("gansu-ai-plan@2018", cut.span) == "降低 30%"   # the original keeps its spaces
    assert [t.year for t in got if t.written == "超过25%"] == [2025]  # 2021-2025年: the period's end
    assert [t.bound for t in got if t.written == "前五名"] == ["max"]


def test_names_and_dates_are_not_targets():
    text = normalize("围绕“14+1”重点产业链，推进6G和5G，打造一批标杆，建设一刻钟便民生活圈，"
                     "实施“千人计划”，“从0到1”，2026年1月6日，甘政发〔2026〕1号，二十大，一人公司。")
    assert extract(text) == []


def test_full_width_digits_and_chinese_numerals():
    text = normalize("２０２６年底前，建成１０个左右示范基地，覆盖率达到百分之八十。")
    got = extract(text)
    assert [(t.year, t.quantity.value, t.bound) for t in got] == [(2026, 10, "about"), (2026, 80, "exact")]
    assert text.original[slice(*got[0].span)] == "１０个左右"
    assert got[0].deadline == "2026年底前"
    assert [cn_number(s) for s in ("五十万", "一万", "三十")] == [500000, 10000, 30]


def test_law_fines_multiples_time_limits_and_terms():
    text = normalize("第三十条 违反本法规定，未在三十日内办理登记的，由市场监督管理部门责令改正，"
                     "处一万元以上十万元以下罚款；有违法所得的，并处违法所得一倍以上五倍以下罚款。"
                     "情节严重的，处三年以上七年以下有期徒刑。")
    got = [(t.kind, t.quantity.low, t.quantity.high, t.quantity.unit, t.bound) for t in extract(text)]
    assert got == [("time-limit", 30, 30, "日", "max"), ("fine", 10000, 100000, "元", "range"),
                   ("multiple", 1, 5, "倍", "range"), ("term", 3, 7, "年", "range")]
    fine = extract(text)[1]
    assert "办理登记" in fine.indicator and text.original[slice(*fine.span)] == "一万元以上十万元以下"


def test_gold_precision_and_recall_reach_the_target():
    rows, primary = measure(json.loads(GOLD_TARGETS.read_text(encoding="utf-8"))["primary"])
    assert rows["all"]["gold"] == 22
    assert rows["all"]["precision"] >= 0.95 and rows["all"]["recall"] >= 0.95, rows["all"]


def test_the_scorer_can_fail():
    gold = json.loads(GOLD_TARGETS.read_text(encoding="utf-8"))["targets"]
    doc = read_document("sichuan-ai-plan@2026")
    found = document_targets(doc)
    shifted = [t.__class__(**{**t.__dict__, "span": (t.span[0] + 1, t.span[1])}) for t in found]
    rows = score_targets([g for g in gold if g["doc"] == doc.source.ref], {doc.source.ref: shifted})
    assert rows["all"]["recall"] == 0 and rows["all"]["precision"] == 0
    half = score_targets([g for g in gold if g["doc"] == doc.source.ref], {doc.source.ref: found[::2]})
    assert half["all"]["precision"] == 1 and half["all"]["recall"] < 0.6


def test_gold_spans_point_at_the_written_text():
    for g in json.loads(GOLD_TARGETS.read_text(encoding="utf-8"))["targets"]:
        assert _original(g["doc"], g["span"]) == g["written"]
