"""Clause alignment: version mode (order kept, split/merge, moves) and cross mode."""
from __future__ import annotations

import pytest

from versiondiff.align import Budget, align_cross, align_version, match_units, shared_fraction
from versiondiff.models import Clause

# Sentences of the Gansu 2018 plan (seed 002), item 9 and neighbours.
S = [
    "9.智能农业。",
    "研制农业智能传感与控制系统、智能化农业装备、农机田间作业自主系统等。",
    "建立完善天空地一体化的智能农业信息遥感监测网络。",
    "建立典型农业大数据智能决策分析系统，开展智能农场、智能化植物工厂、智能牧场、智能渔场、智能果园、农产品加工智能车间、农产品绿色智能供应链等集成应用示范。",
    "（牵头单位：省农牧厅；责任单位：省科技厅、省工信委）",
    "10.智能金融。",
    "加快生物识别、人工智能、机器人等前沿技术在金融领域的研究和应用，利用大数据、人工智能等技术开发新型信贷、理财等产品和服务，为金融业务智能化提供支撑。",
    "鼓励和引导符合条件的新一代人工智能企业到甘肃股权交易中心挂牌，提升场外市场利用水平。",
    "11.军民融合。",
    "以军民共享共用为导向，部署新一代人工智能基础理论和关键共性技术研发任务。",
]


def clauses(texts: list[str]) -> list[Clause]:
    """Build clauses over a text made of ``texts`` laid end to end (labels detected crudely)."""
    out, pos = [], 0
    for k, t in enumerate(texts):
        label = t.split(".", 1)[0] + "." if "." in t[:4] else ""
        out.append(Clause(index=k, text=t, span=(pos, pos + len(t)), canon=(pos, pos + len(t)),
                          role="heading" if label else "sentence", label=label))
        pos += len(t)
    return out


def kinds(links):
    return [(lk.kind, lk.old, lk.new) for lk in links]


def test_identical_documents_are_all_equal():
    links = align_version(clauses(S), clauses(S))
    assert {lk.kind for lk in links} == {"equal"}
    assert [lk.old for lk in links] == [(k,) for k in range(len(S))]


def test_edit_delete_insert_in_place():
    new = list(S)
    new[1] = "研制农业智能传感与控制系统、智能农机装备、农机田间作业自主系统等。"   # edited
    del new[2]                                                                       # deleted
    new.insert(6, "推动金融机构运用大模型开展智能风控和智能投顾服务。")             # inserted
    found = kinds(align_version(clauses(S), clauses(new)))
    assert ("changed", (1,), (1,)) in found
    assert ("deleted", (2,), ()) in found
    assert ("inserted", (), (6,)) in found
    assert sum(1 for k, *_ in found if k == "equal") == len(S) - 2


def test_split_and_merge():
    a, b = S[1], S[2]
    new = list(S)
    new[1:3] = [a[:-1] + "，" + b]                                     # two sentences merged
    first, second = S[6].split("，", 1)
    new[new.index(S[6]):new.index(S[6]) + 1] = [first + "。", second]  # one sentence split
    found = kinds(align_version(clauses(S), clauses(new)))
    assert ("merged", (1, 2), (1,)) in found
    assert ("split", (6,), (5, 6)) in found


def test_distant_move_is_reported_as_moved_even_when_edited():
    new = list(S)
    moved = new.pop(7)
    new.insert(1, moved.replace("提升", "充分提升"))
    links = align_version(clauses(S), clauses(new))
    move = [lk for lk in links if lk.kind == "moved"]
    assert [(lk.old, lk.new) for lk in move] == [((7,), (1,))]
    assert 0.9 < move[0].similarity < 1.0
    assert not [lk for lk in links if lk.kind in ("inserted", "deleted")]


def test_renumbered_item_is_not_a_change():
    new = ["8.智能制造。", *S]
    new[1:] = [t.replace("9.", "10.", 1) if t.startswith("9.") else
               t.replace("10.", "11.", 1) if t.startswith("10.") else
               t.replace("11.", "12.", 1) if t.startswith("11.") else t for t in S]
    found = kinds(align_version(clauses(S), clauses(new)))
    assert ("inserted", (), (0,)) in found
    assert ("renumbered", (0,), (1,)) in found
    assert ("renumbered", (5,), (6,)) in found
    assert not [k for k, *_ in found if k == "changed"]


def test_repeated_clauses_still_anchor_in_order():
    unit = "（责任单位：省科技厅）"
    old = [unit, S[1], unit, S[2], unit, S[3]]
    new = [unit, S[1], unit, unit, S[3]]
    found = kinds(align_version(clauses(old), clauses(new)))
    assert ("deleted", (3,), ()) in found
    assert [k for k, *_ in found].count("equal") == 5


def test_every_clause_is_accounted_for_once_even_over_budget():
    new = [t[::-1] for t in S[:5]] + S[5:]
    budget = Budget(cells=10)
    links = align_version(clauses(S), clauses(new), budget)
    olds = sorted(i for lk in links for i in lk.old)
    news = sorted(j for lk in links for j in lk.new)
    assert olds == list(range(len(S))) and news == list(range(len(new)))
    assert budget.notes and "coarser" in budget.notes[0]


def test_shared_fraction_separates_revisions_from_other_documents():
    assert shared_fraction(clauses(S), clauses(S[:8])) > 0.8
    assert shared_fraction(clauses(S[:5]), clauses(S[5:])) == 0.0


def test_match_units_finds_topics_not_stock_phrases():
    old = ["智能农业。研制农业智能传感与控制系统、智能化农业装备、农机田间作业自主系统等。建立智能农场、智能牧场。",
           "智能金融。利用大数据、人工智能等技术开发新型信贷、理财等产品和服务。",
           "智能教育。开展智能校园建设，构建智能教育生态体系。",
           "智能交通。加快车载智能终端设备、环境感知、自动泊车等辅助驾驶技术研发。"]
    new = ["人工智能+交通运输。建设高质量交通运输数据集，研发自动驾驶和车路协同技术。",
           "人工智能+农业。加快农业基础模型建设，强化育种、养殖、农机作业智能化，打造智慧农场和智能牧场。",
           "人工智能+教育。推动人工智能通识教育全覆盖，建设智能校园。",
           "人工智能+低空。构建低空空间立体数据底座。",
           "人工智能+金融。推动金融机构开发智能信贷和理财产品。"]
    pairs = {(i, j) for i, j, _ in match_units(old, new)}
    assert {(0, 1), (1, 4), (2, 2), (3, 0)} <= pairs
    assert not any(j == 3 for _, j in pairs)


def test_cross_alignment_pairs_reused_clauses_anywhere():
    old = clauses(S)
    new_texts = [S[10 - 1], S[3].replace("示范", "推广"), "全新的句子与上文无关。", S[7]]
    new = clauses(new_texts)
    links, _ = align_cross(old, new, [(0, 5), (5, 8), (8, 10)], [(0, 2), (2, 4)])
    pairs = {(lk.old, lk.new, lk.kind) for lk in links if lk.old and lk.new}
    assert ((9,), (0,), "equal") in pairs
    assert ((3,), (1,), "changed") in pairs
    assert ((7,), (3,), "equal") in pairs
    assert ((), (2,), "inserted") in {(lk.old, lk.new, lk.kind) for lk in links}


def test_an_empty_text_shares_nothing():
    from versiondiff.align import shared_fraction
    from versiondiff.models import Clause
    clause = Clause(index=0, text="推进人工智能发展。", span=(0, 9), canon=(0, 9), role="sentence")
    assert shared_fraction([], [clause]) == 0.0 and shared_fraction([clause], []) == 0.0
    assert shared_fraction([], []) == 1.0 and shared_fraction([clause], [clause]) == 1.0


def _unit_vectors(old: list[str], new: list[str]):
    """Build the UnitVectors of some units as compare does (sentences split at 。)."""
    from versiondiff.align import UnitVectors, gram_counts_and_vocabulary, inverse_frequencies, tfidf
    counts, vocabulary = gram_counts_and_vocabulary(old + new)
    units = old + new
    return UnitVectors(tfidf(counts), len(old), vocabulary, inverse_frequencies(counts),
                       lambda k: [s + "。" for s in units[k].split("。") if s])


# 北京 备案审查条例 2021 第九条 and 第十二条, and 2024 第十一条 and 第十二条
OLD_9 = ("规范性文件制定机关确定的报送备案工作机构应当将规范性文件自公布之日起三十日内报送备案。"
         "报送规范性文件备案，应当提交备案报告、规范性文件正式文本，有说明和附件的应当附说明和附件。"
         "报送规范性文件备案材料应当一式五份，并通过备案审查信息平台报送电子文本。")
OLD_12 = "专门委员会或者常委会工作机构对报送备案的规范性文件依职权主动进行审查。"
NEW_11 = ("规范性文件应当自公布之日起三十日内报送备案。报送备案材料包括备案报告、规范性文件正式文本、有关修改或者废止的决定。"
          "报送备案材料，应当按照规定格式标准、要求，报送纸质材料一式两份，并通过备案审查信息平台报送电子文本。")
NEW_12 = ("备案审查工作机构应当自收到报送备案材料之日起十日内进行形式审查。"
          "对符合备案要求的，予以登记、存档，并通过备案审查信息平台反馈电子回执。")


def test_a_part_must_take_a_sentence_of_its_whole():
    vectors = _unit_vectors([OLD_9, OLD_12], [NEW_11, NEW_12])
    # 第十二条 (形式审查, new) is near 第九条 but every sentence of 第九条 is nearer 第十一条
    assert not vectors.takes_sentence(True, 0, 1, [0])
    # a real split: the second sentence of the old article is the nearest to the second part
    split = _unit_vectors([OLD_9, OLD_12], [OLD_9.split("。")[0] + "。", "。".join(OLD_9.split("。")[1:])])
    assert split.takes_sentence(True, 0, 1, [0])


def test_a_sentence_is_scored_with_the_units_vocabulary_and_idf():
    import numpy as np
    vectors = _unit_vectors([OLD_12, OLD_9], [NEW_11, NEW_12])
    row = vectors._sentence_rows(0)          # 第十二条 is one sentence: its row is its unit's row
    assert np.allclose(row.toarray(), vectors._rows[0].toarray())
