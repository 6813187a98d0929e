"""The library entry point on the real seeds: modes, nothing lost, determinism, noise."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import opencc
import pytest

from versiondiff.compare import compare, compare_many, similarity_matrix
from versiondiff.errors import VersiondiffError
from versiondiff.models import Comparison

PLANS = ("gansu2018", "gansu2026", "jiangsu", "sichuan")


def canonical_by_original(doc) -> dict[int, str]:
    """Map each original offset to the canonical characters made from it."""
    out: dict[int, str] = {}
    for k, ch in enumerate(doc.text.canonical):
        if not ch.isspace():
            out[doc.text.starts[k]] = out.get(doc.text.starts[k], "") + ch
    return out


def check_nothing_lost(comp: Comparison) -> None:
    """Assert the contract: records partition every non-whitespace character, opcodes stay inside."""
    for side in ("old", "new"):
        text = getattr(comp, side).text.original
        owner = [0] * len(text)
        for change in comp.changes:
            for s, e in getattr(change, side):
                for k in range(s, e):
                    if not text[k].isspace():
                        owner[k] += 1
        lost = [k for k, ch in enumerate(text) if not ch.isspace() and owner[k] != 1]
        assert not lost, (side, [(k, text[k], owner[k]) for k in lost[:5]])
    old_canon, new_canon = canonical_by_original(comp.old), canonical_by_original(comp.new)
    for change in comp.changes:
        for tag, i1, i2, j1, j2 in change.opcodes:
            if i2 > i1:
                assert any(s <= i1 and i2 <= e for s, e in change.old), (change, (i1, i2))
            if j2 > j1:
                assert any(s <= j1 and j2 <= e for s, e in change.new), (change, (j1, j2))
            if tag == "equal":
                a = "".join(old_canon.get(k, "") for k in range(i1, i2))
                b = "".join(new_canon.get(k, "") for k in range(j1, j2))
                assert a == b, (change.kind, a, b)


@pytest.mark.parametrize("old,new", list(itertools.permutations(PLANS, 2))[:6])
def test_seed_pairs_lose_nothing(seed_paths, old, new):
    check_nothing_lost(compare(seed_paths[old], seed_paths[new]))


def test_cross_mode_pairs_topics_whose_wording_changed(seed_paths):
    comp = compare(seed_paths["gansu2018"], seed_paths["gansu2026"], mode="cross")
    assert comp.mode == "cross"
    # topics carry over even though the wording does not: 智能农业 → 加快智慧农业建设
    labels = {(p.old_label, p.new_label) for p in comp.outline}
    assert any("智能农业" in a and "加快智慧农业建设" in b for a, b in labels), labels


def revise(text: str) -> str:
    """Make a revision by hand: one edit, one deletion, one insertion, one distant move."""
    edited = text.replace("研制农业智能传感与控制系统", "研制农业智能传感与精准控制系统")
    edited = edited.replace("充分利用证监会贫困地区企业上市优惠政策，推动符合条件的新一代人工智能企业上市，"
                            "把握“新三板”建设政策机遇，督促引导中介机构充分利用地方政府鼓励政策，"
                            "支持符合条件的新一代人工智能企业在“新三板”挂牌融资；", "")
    edited = edited.replace("10.智能金融。", "10.智能金融。推动金融机构运用大模型开展智能风控服务。")
    moved = "鼓励和引导符合条件的新一代人工智能企业到甘肃股权交易中心挂牌，提升场外市场利用水平。"
    edited = edited.replace(moved, "")
    return edited.replace("22.鼓励高校", moved + "\n　　22.鼓励高校")


def test_a_revision_is_compared_in_version_mode(tmp_path, seed_texts):
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(seed_texts["gansu2018"], encoding="utf-8")
    new.write_text(revise(seed_texts["gansu2018"]), encoding="utf-8")
    comp = compare(old, new)
    assert comp.mode == "version"
    check_nothing_lost(comp)
    counts = dict(comp.summary.counts)
    assert (counts["moved"], counts["deleted"], counts["changed"], counts["inserted"]) == (1, 1, 1, 1)
    changed = [c for c in comp.changes if c.kind == "changed"]
    inserted = [comp.new.text.original[j1:j2] for c in changed for t, _, _, j1, j2 in c.opcodes
                if t == "insert"]
    assert "精准" in inserted
    assert comp.has_changes


def test_noise_only_differences_are_no_change(tmp_path, seed_texts):
    """Jiangsu (traditional) against a simplified, re-punctuated copy wrapped every 30 characters."""
    t2s = opencc.OpenCC("t2s")
    text = t2s.convert(seed_texts["jiangsu"])
    text = text.translate(str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", ";": "；"}))
    wrapped = "\n".join(line[k:k + 30] for line in text.split("\n")
                        for k in range(0, max(len(line), 1), 30))
    new = tmp_path / "jiangsu-simplified.txt"
    new.write_text(wrapped, encoding="utf-8")
    orig = tmp_path / "orig.txt"
    orig.write_text(seed_texts["jiangsu"], encoding="utf-8")
    comp = compare(orig, new)
    assert comp.mode == "version"
    assert not comp.has_changes, [c for c in comp.changes if c.kind not in ("equal", "ignored")][:3]
    check_nothing_lost(comp)


def test_same_input_gives_identical_results(seed_paths):
    a = compare(seed_paths["gansu2026"], seed_paths["sichuan"])
    b = compare(seed_paths["gansu2026"], seed_paths["sichuan"])
    assert a.changes == b.changes and a.outline == b.outline and a.summary == b.summary


def test_compare_many_and_matrix(seed_paths):
    paths = [seed_paths[n] for n in ("gansu2026", "jiangsu", "sichuan")]
    comps = compare_many(paths)
    assert len(comps) == 3 and all(c.mode == "cross" for c in comps)
    matrix = similarity_matrix(comps, 3)
    assert matrix[0][1] == matrix[1][0] == comps[0].summary.similarity
    assert all(matrix[k][k] == 1.0 for k in range(3))


def test_bad_mode_is_a_clean_error(seed_paths):
    with pytest.raises(VersiondiffError, match="unknown mode"):
        compare(seed_paths["gansu2026"], seed_paths["sichuan"], mode="fuzzy")


def test_outline_matches_the_dev_gold(seed_paths):
    """Cross mode pairs the Gansu 2026 and Sichuan 2026 items as the hand-made gold does (F1 ≥ 0.92)."""
    gold_path = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "gold_outline_dev.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    comp = compare(seed_paths["gansu2026"], seed_paths["sichuan"], mode="cross")
    t2s = opencc.OpenCC("t2s")
    import unicodedata

    def anchors(doc, leaves):
        text = t2s.convert(unicodedata.normalize("NFKC", doc.text.original))
        return {a: text.find(t2s.convert(unicodedata.normalize("NFKC", a))) for a in leaves}

    pa = anchors(comp.old, gold["docs"]["G26"]["leaves"])
    pb = anchors(comp.new, gold["docs"]["S26"]["leaves"])
    pred = set()
    for pair in comp.outline:
        x = [a for a, i in pa.items() if any(s <= i < e for s, e in pair.old)]
        y = [b for b, i in pb.items() if any(s <= i < e for s, e in pair.new)]
        if len(x) == 1 and len(y) == 1:
            pred.add((x[0], y[0]))
    primary = {tuple(p) for p in gold["pairs"]["G26-S26"]["primary"]}
    allowed = primary | {tuple(p) for p in gold["pairs"]["G26-S26"]["secondary"]}
    precision = len(pred & allowed) / len(pred)
    recall = len(pred & primary) / len(primary)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.92, (precision, recall, sorted(primary - pred))


@pytest.mark.parametrize("edit", ["verbatim", "edited"])
def test_a_sentence_moved_onto_a_line_without_a_stop_is_moved(tmp_path, seed_texts, edit):
    # a sentence glued to the document-number line has no terminator before it:
    # the alignment must carve it off the 甘政发 line and find where it came from
    sentence = "推进人工智能全学段教育和全社会通识教育,支持高校增设智能科学与工程学科,强化产教融合和跨学科培养。"
    old = seed_texts["gansu2026"]
    assert old.count(sentence) == 1
    landed = sentence if edit == "verbatim" else sentence.replace("强化产教融合", "强化校企共建、产教融合")
    new = old.replace(sentence, "").replace("甘政发〔2026〕1号", "甘政发〔2026〕1号" + landed, 1)
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    comp = compare(tmp_path / "old.txt", tmp_path / "new.txt", mode="version")
    moved = [c for c in comp.changes if c.kind == "moved"]
    assert [(old[c.old[0][0]:c.old[0][1]], new[c.new[0][0]:c.new[0][1]]) for c in moved] == [(sentence, landed)]
    number = [c for c in comp.changes if c.new and new[c.new[0][0]:c.new[0][1]] == "甘政发〔2026〕1号"]
    assert [c.kind for c in number] == ["equal"]


def test_a_moved_record_links_to_where_it_left(tmp_path):
    old = "一、总则\n第一句在这里保持原样。第二句要被移到后面去了。第三句也保持原样。\n二、其他\n第四句保持原样不动。\n"
    new = "一、总则\n第一句在这里保持原样。第三句也保持原样。\n二、其他\n第四句保持原样不动。第二句要被移到后面去了。\n"
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    comp = compare(tmp_path / "old.txt", tmp_path / "new.txt", mode="version")
    moved = [c for c in comp.changes if c.kind == "moved"]
    assert len(moved) == 1 and moved[0].link is not None
    after = comp.changes[moved[0].link]
    assert old[after.old[0][0]:after.old[0][1]] == "第三句也保持原样。"


def test_a_whole_replacement_too_long_to_diff_is_noted():
    from versiondiff.compare import _coarse_notes
    from versiondiff.models import Change
    big = Change("changed", ((0, 3000),), ((0, 3000),), 0.5, (("replace", 0, 3000, 0, 3000),), "二、/（一）", "二、/（一）")
    small = Change("changed", ((0, 30),), ((0, 30),), 0.5, (("replace", 0, 30, 0, 30),))
    assert _coarse_notes([small]) == []
    assert [n.split(":")[0] for n in _coarse_notes([small, big])] == ["inline diff coarsened in 二、/（一）"]


def test_a_markdown_law_title_keeps_its_marker_in_the_records(tmp_path):
    # a level-1 heading that names a law is the document's title; its "#" is still one of its characters
    old, new = tmp_path / "a.md", tmp_path / "b.md"
    old.write_text("# 某某市电动自行车管理条例\n\n## 第一章 总则\n\n第一条 为了加强电动自行车管理，制定本条例。\n",
                   encoding="utf-8")
    new.write_text("# 某某市电动自行车管理条例\n\n## 第一章 总则\n\n第一条 为了规范电动自行车管理，制定本条例。\n",
                   encoding="utf-8")
    comp = compare(str(old), str(new))
    assert comp.old.clauses[0].role == "title" and comp.old.clauses[0].span[0] == 0
    check_nothing_lost(comp)
