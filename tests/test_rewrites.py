"""Rewritten documents: items paired by content in version mode, numbering never the evidence."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from versiondiff import align
from versiondiff.compare import compare
from versiondiff.render.jsonout import comparison_dict
from versiondiff.render.terminal import render_terminal

ROOT = Path(__file__).resolve().parents[1]
LAW = ROOT / "tests" / "data" / "law"
sys.path.insert(0, str(ROOT / "benchmarks"))
from scoring import score_outline  # noqa: E402
from test_compare import check_nothing_lost  # noqa: E402


def gold(name: str) -> dict:
    return json.loads((ROOT / "benchmarks" / "data" / name).read_text(encoding="utf-8"))


def outline_score(comp, gold_file: str, pair: str) -> dict:
    return score_outline(gold(gold_file), pair, comp.old.text.original, comp.new.text.original,
                         comparison_dict(comp))


@pytest.fixture(scope="module")
def regulation():
    return compare(str(LAW / "ebike-2016.txt"), str(LAW / "ebike-2024.txt"))


@pytest.fixture(scope="module")
def gansu():
    return compare("gansu-ai-plan@2018", "gansu-ai-plan@2026")


def test_a_regulation_rewrite_is_a_version_with_its_articles_paired(regulation):
    assert regulation.mode == "version"
    result = outline_score(regulation, "gold_outline_law.json", "L16-L24")
    assert result["f1"] >= 0.9 and not result["wrong"], result
    check_nothing_lost(regulation)


def test_a_real_regulation_rewrite_pairs_its_articles_by_reading_gold():
    # 上海市推进国际金融中心建设条例 2009 → its 2024 修订 (39 → 65 articles, chapters reordered):
    # the target is F1 0.85; this floor holds what the method reaches (naive TF-IDF: 0.70)
    comp = compare(str(LAW / "shanghai-finance-2009.md"), str(LAW / "shanghai-finance-2024.md"))
    assert comp.mode == "version"
    result = outline_score(comp, "gold_outline_shfinance.json", "F09-F24")
    assert result["f1"] >= 0.82, result
    # one strong pair outweighs two weak ones: 信用信息共享 (第二十四条) goes to 金融信用信息 (第五十七条)
    assert any("第二十四条" in p.old_label and "第五十七条" in p.new_label for p in comp.outline)
    check_nothing_lost(comp)


@pytest.fixture(scope="module")
def filing():
    # 北京市…规范性文件备案审查条例 2021 → its 2024 修订 (34 → 45 articles; gold made blind)
    return compare(str(LAW / "beijing-filing-review-2021.md"), str(LAW / "beijing-filing-review-2024.md"))


def test_a_second_real_rewrite_follows_its_blind_gold(filing):
    assert filing.mode == "version"
    result = outline_score(filing, "gold_outline_bjfiling.json", "B21-B24")
    # 0.93 when list items were matched one by one, 0.88 with whole articles (which gain elsewhere)
    assert result["f1"] >= 0.85, result          # naive TF-IDF: 0.72
    check_nothing_lost(filing)


def test_articles_whose_lists_merged_into_one_article_pair_with_it_as_articles(filing):
    # the lists of 第二十二条 and 第二十三条 became the one list of 2024 第十四条: each old article is
    # paired, as a whole, with the new article (第二十一条, which went there too, is a near tie
    # between 第十四条 and 第十八条 and is missed)
    into = {p.old_label.split("/")[1].split()[0] for p in filing.outline
            if p.new_label.split()[0] == "第三章/第十四条" and p.old_label.count("/") == 1}
    assert {"第二十二条", "第二十三条"} <= into, into
    assert all(p.kind == "merged" for p in filing.outline
               if p.new_label.split()[0] == "第三章/第十四条" and p.old_label.count("/") == 1)


def test_a_split_part_must_take_a_sentence_of_its_whole(filing):
    # 2021 第九条 (报送备案的期限和材料) became 2024 第十一条; 第十二条 (形式审查, new) is merely the
    # nearest new article to it and took none of its sentences, so it is no part of a split
    new_of_9 = {p.new_label.split()[0] for p in filing.outline if p.old_label.split()[0] == "第二章/第九条"}
    assert new_of_9 == {"第二章/第十一条"}, new_of_9


def test_an_article_with_a_list_is_one_unit_of_the_outline(filing):
    # 2021 第二十七条's list items are pieces of one provision: the article is matched as a whole
    # (its lead-in “下列…” alone says nothing), so no unit is a piece of an article
    from versiondiff.compare import outline_units
    articles = [item.clauses for item in filing.old.walk() if item.style == "chapter-条"]
    assert len(articles) == 34 and any(item.children for item in filing.old.walk() if item.style == "chapter-条")
    units = [span for _, span in outline_units(filing.old)]
    pieces = [u for u in units for a in articles if a != u and a[0] <= u[0] and u[1] <= a[1]]
    assert not pieces and set(articles) <= set(units)
    # and the outline pairs whole articles: every old article in a pair is a unit
    spans = {(filing.old.clauses[a].span[0], filing.old.clauses[b - 1].span[1]) for a, b in articles}
    assert all(p.old[0] in spans for p in filing.outline if "条" in p.old_label)


@pytest.mark.parametrize("gold_file, pair, old, new, floor", [
    # 档案法 2016 → 2020 修订 (27 → 53 articles) and 行政处罚法 2017 → 2021 修订 (64 → 86): golds made
    # blind by a second reader and first scored after the method of this version was fixed
    # (0.98 and 0.98; naive TF-IDF 0.87 and 0.86)
    ("gold_outline_archives.json", "A16-A20", "archives-2016.md", "archives-2020.md", 0.95),
    ("gold_outline_adminpenalty.json", "X17-X21", "administrative-penalty-2017.md",
     "administrative-penalty-2021.md", 0.95)])
def test_held_out_law_rewrites_follow_their_blind_golds(gold_file, pair, old, new, floor):
    comp = compare(str(LAW / old), str(LAW / new))
    assert comp.mode == "version"
    result = outline_score(comp, gold_file, pair)
    assert result["f1"] >= floor, result
    check_nothing_lost(comp)


def test_a_real_law_revision_follows_its_blind_gold():
    # 保守国家秘密法 2010 → its 2024 修订 (53 → 65 articles): most text kept, articles renumbered
    comp = compare(str(LAW / "state-secrets-2010.md"), str(LAW / "state-secrets-2024.md"))
    assert comp.mode == "version"
    result = outline_score(comp, "gold_outline_statesecrets.json", "P10-P24")
    assert result["f1"] >= 0.95 and not result["wrong"], result   # naive TF-IDF: 0.92
    check_nothing_lost(comp)


def test_a_rewritten_article_is_one_changed_record_not_a_delete_and_an_insert(regulation):
    def text(side, change):
        doc = getattr(regulation, side)
        return "".join(doc.text.original[s:e] for s, e in getattr(change, side))

    # 第十一条 (所有权转移) was re-worded as 第十一条 of 2024: one record, with its inline diff
    rewritten = [c for c in regulation.changes if "所有权转移" in text("old", c)]
    assert len(rewritten) == 1 and rewritten[0].kind == "changed"
    assert "所有权发生转移" in text("new", rewritten[0]) and rewritten[0].opcodes
    # the split and merged articles are paired too: old 第四条's two halves reach 第五条 and 第六条
    kinds = {(p.old_label.split()[0], p.new_label.split()[0]): p.kind for p in regulation.outline}
    assert kinds.get(("第一章/第四条", "第一章/第五条")) == "split"
    assert kinds.get(("第一章/第四条", "第一章/第六条")) == "split"
    assert kinds.get(("第三章/第八条", "第三章/第十条")) == "merged"
    # a new article stands alone: 第十九条 (停放充电罚则) has no counterpart
    assert not any("第十九条" in p.new_label for p in regulation.outline)


def test_an_amendment_inserting_articles_has_no_record_whose_only_change_is_a_number():
    comp = compare(str(LAW / "ebike-2016.txt"), str(LAW / "ebike-2020.txt"))
    assert comp.mode == "version"
    renumbered = [c for c in comp.changes if c.kind == "renumbered"]
    assert len(renumbered) == 14
    # every changed record changes more than labels and references that follow them
    for change in comp.changes:
        if change.kind == "changed":
            old = "".join(comp.old.text.original[s:e] for s, e in change.old)
            assert "第三十次会议" in old or "罚款" in old, old
    # the reference that followed its article is named
    assert any("references renumbered" in n and "第八条 → 第九条" in n for n in comp.notes)
    # articles correspond one to one, all of them found (article F1 = 1)
    articles = [(p.old_label, p.new_label) for p in comp.outline if "条" in p.old_label]
    assert len(articles) == 17 and all(p.kind == "same" or "罚款" in p.new_label or "第一条" in p.new_label
                                       or p.kind == "rewritten" for p in comp.outline)


def test_gansu_2018_to_2026_items_follow_the_hand_made_gold(gansu):
    assert gansu.mode == "version" and "two versions of the series gansu-ai-plan" in gansu.notes[0]
    result = outline_score(gansu, "gold_outline_gansu.json", "G18-G26")
    assert result["f1"] >= 0.9, result
    farm = [p for p in gansu.outline if "智能农业" in p.old_label]
    assert [(p.new_label, p.kind) for p in farm] == [("二、/(二)/4. 加快智慧农业建设", "rewritten")]
    assert not any("军民融合" in p.old_label and p.kind == "rewritten" for p in gansu.outline)
    check_nothing_lost(gansu)


def test_the_corpus_files_given_by_path_are_still_two_versions_of_one_series():
    comp = compare(str(ROOT / "documents/gansu-ai-plan/2018.txt"), str(ROOT / "documents/gansu-ai-plan/2026.txt"))
    assert comp.mode == "version" and "two versions of the series gansu-ai-plan" in comp.notes[0]


def test_a_merge_part_is_what_its_whole_resembles_most_among_the_rest(gansu):
    # 智能机器人 and 智能制造 became 推动工业全要素智能化发展 together; 智能元器件 resembles that
    # item more than any other, but the item resembles 智能机器人 more: 元器件 is not a part of it
    # (the gold: 元器件 and 军民融合 have no 2026 counterpart)
    parts = {p.old_label.split("/")[-1] for p in gansu.outline if p.new_label.endswith("推动工业全要素智能化发展")}
    assert parts == {"6. 智能机器人", "8. 智能制造"}
    talent = {p.old_label.split("/")[-1][:3] for p in gansu.outline if p.new_label.endswith("夯实人才队伍基础")}
    assert {"22.", "23.", "24."} <= talent
    assert not any("军民融合" in p.old_label or "智能元器件" in p.old_label for p in gansu.outline)


def test_a_rewrite_is_laid_out_by_item_with_how_they_correspond(gansu):
    text = render_terminal(gansu)
    assert "@@ 二、/（三）/9. 智能农业 ~ 二、/(二)/4. 加快智慧农业建设 (rewritten, similarity 18%) @@" in text


def test_numbering_alone_pairs_nothing(gansu):
    # 2018's （三）总体目标 and 2026's (三)消费提质领域 share their label, not their subject
    assert not any(p.old_label.startswith("一、/（三）") and p.new_label.startswith("二、/(三)")
                   for p in gansu.outline)
    old = ["到2027年，全面建成现代化治理体系。", "加快建设农业数字平台，推广智能农机。", "推进智慧医院建设，发展远程医疗。",
           "加强人才培养，引进高端人才。"]
    new = ["培育新型消费，发展无人零售。", "建设智慧农场，推广农业无人机。", "推广医疗智能诊断，建设智慧医院。",
           "培养人才队伍，引进高端人才。"]
    labels = ["（三）", "（一）", "（二）", "（四）"]
    with_labels = align.unit_similarities([a + t for a, t in zip(labels, old)], [a + t for a, t in zip(labels, new)])
    plain = align.unit_similarities(old, new)
    assert (with_labels - plain).max() > 0   # labels would have counted…
    sims = align.unit_similarities(align.unit_texts(_clauses(labels, old), [(k, k + 1) for k in range(4)]),
                                   align.unit_texts(_clauses(labels, new), [(k, k + 1) for k in range(4)]))
    assert abs(sims - plain).max() < 1e-9   # …but item texts for matching leave them out


def _clauses(labels, texts):
    from versiondiff.models import Clause
    return [Clause(index=k, text=label + text, span=(0, 1), canon=(0, 1), role="sentence", label=label)
            for k, (label, text) in enumerate(zip(labels, texts))]


def test_a_cross_reference_that_does_not_follow_is_a_change(tmp_path):
    old = (LAW / "ebike-2020.txt").read_text(encoding="utf-8")
    stale = old.replace("违反本条例第九条规定", "违反本条例第八条规定")   # left pointing at the old number
    (tmp_path / "stale.txt").write_text(stale, encoding="utf-8")
    comp = compare(str(LAW / "ebike-2016.txt"), str(tmp_path / "stale.txt"))
    assert not any("第八条 → 第九条" in n for n in comp.notes)
    assert any("第五章/第十七条 still cites 第八条, which is now 第九条" in n for n in comp.notes), comp.notes


def test_a_same_titled_rewrite_that_adds_many_articles_is_still_a_version():
    # 上海金融条例 2024 has 65 articles for 2009's 39: 76% of the old text is in corresponding
    # articles, 45% of the new; a summary under its source's title has 1% of it (cross)
    comp = compare(str(LAW / "shanghai-finance-2009.md"), str(LAW / "shanghai-finance-2024.md"))
    assert comp.mode == "version" and "both titles name 上海市推进国际金融中心建设条例" in comp.notes[0], comp.notes
    summary = compare(str(ROOT / "documents/gansu-ai-plan-summary/2026-en.txt"),
                      str(ROOT / "documents/gansu-ai-plan/2026.txt"))
    assert summary.mode == "cross", summary.notes


def test_a_plan_rewritten_by_the_same_government_is_a_version_outside_the_corpus_too(tmp_path):
    # Gansu 2018 and 2026 as plain files (no series known): 1% shared text, items reordered, but
    # both issued for 甘肃省 with 70% of the text in items that correspond by content
    paths = []
    for year in ("2018", "2026"):
        paths.append(tmp_path / f"gansu-{year}.txt")
        paths[-1].write_bytes((ROOT / f"documents/gansu-ai-plan/{year}.txt").read_bytes())
    comp = compare(*map(str, paths))
    assert comp.mode == "version" and "both are issued for 甘肃省" in comp.notes[0], comp.notes
    assert outline_score(comp, "gold_outline_gansu.json", "G18-G26")["f1"] >= 0.9
    # a regulation and a farming plan of one (placeholder) city share the place, not the items
    assert compare(str(LAW / "ebike-2016.txt"), str(ROOT / "tests/data/smart_agri_new.txt")).mode == "cross"


def test_two_untitled_regulations_in_cross_mode_are_told_how_to_read_them_as_one(tmp_path):
    # the articles of 北京 备案审查条例 2021 and 2024 without title or front matter: nothing tells
    # one regulation rewritten from two; the note says how to ask for the rewrite reading
    paths = []
    for year in ("2021", "2024"):
        text = (LAW / f"beijing-filing-review-{year}.md").read_text(encoding="utf-8")
        paths.append(tmp_path / f"{year}.md")
        paths[-1].write_text(text[text.index("第一条"):], encoding="utf-8")
    comp = compare(*map(str, paths))
    assert comp.mode == "cross" and "--mode version pairs their articles" in comp.notes[0], comp.notes
    assert outline_score(compare(*map(str, paths), mode="version"), "gold_outline_bjfiling.json",
                         "B21-B24")["f1"] >= 0.9


def test_different_subjects_stay_cross_and_unrelated_items_are_left_alone():
    comp = compare("gansu-ai-plan@2026", str(LAW / "ebike-2024.txt"))
    assert comp.mode == "cross"


@pytest.mark.parametrize("old, new, places", [
    ("tests/data/cross_a.txt", "tests/data/smart_agri_new.txt", "东山省 and 某某市"),
    ("documents/gansu-ai-plan/2018.txt", "documents/sichuan-ai-plan/2026.txt", "甘肃省 and 四川省"),
    ("tests/data/cross_b.txt", "tests/data/html/triple-b.txt", "西川省 and 乙省")])   # a one-character name
def test_plans_of_two_places_are_two_documents_however_alike_their_items(old, new, places):
    # 东山省's digital-village plan and 某某市's smart-farming plan have items that correspond in
    # order (68% of the text), but a plan is rewritten by the government that issued it
    comp = compare(str(ROOT / old), str(ROOT / new))
    assert comp.mode == "cross" and f"issued for {places}" in comp.notes[0], comp.notes
