"""Character-level diffs inside clauses: clean-up, and the map back to original offsets."""
from __future__ import annotations

import random

from versiondiff.inline import OffsetMap, char_opcodes, cleanup, similarity, to_original


def apply(ops, a: str, b: str) -> str:
    """Rebuild ``b`` from ``a`` and opcodes (a check that the opcodes are complete)."""
    out = []
    for tag, i1, i2, j1, j2 in ops:
        out.append(a[i1:i2] if tag == "equal" else b[j1:j2])
    return "".join(out)


def test_opcodes_rebuild_the_new_text():
    a = "推动人工智能与智能制造、智慧交通、生物医药等优势特色学科深度交叉融合。"
    b = "推动人工智能与先进制造、生物医药、新材料等优势学科深度融合。"
    ops = char_opcodes(a, b)
    assert apply(ops, a, b) == b
    assert ops[0][0] == "equal" and ops[-1][0] == "equal"


def test_cleanup_absorbs_single_character_islands():
    # difflib keeps the lone shared 的 between two rewrites; a reader wants one phrase
    a = "建设高质量的特色科研数据资源库。"
    b = "打造新一代的行业数据资源库。"
    ops = char_opcodes(a, b)
    edits = [op for op in ops if op[0] != "equal"]
    assert len(edits) == 1, ops
    assert apply(ops, a, b) == b


def test_cleanup_keeps_long_equal_runs():
    ops = cleanup([("replace", 0, 1, 0, 1), ("equal", 1, 9, 1, 9), ("replace", 9, 10, 9, 10)])
    assert [op[0] for op in ops] == ["replace", "equal", "replace"]


def test_long_texts_with_a_local_edit_are_exact_and_fast():
    a = "人工智能发展" * 100_000
    b = "人工智能发展" * 50_000 + "插入" + "人工智能发展" * 50_000
    ops = char_opcodes(a, b)
    assert [op for op in ops if op[0] != "equal"] == [("insert", 300_000, 300_000, 300_000, 300_002)]


def test_similarity_is_difflib_ratio():
    assert similarity("智能工厂", "智能工厂") == 1.0
    assert similarity("", "") == 1.0
    assert 0.7 < similarity("建设智能工厂", "建设智慧工厂") < 0.9


def test_to_original_splits_equal_runs_at_dropped_whitespace():
    # old "智能\n工厂" (a hard wrap the canonical text dropped) vs new "智能工厂"
    old = OffsetMap([0, 1, 3, 4], [1, 2, 4, 5])
    new = OffsetMap([0, 1, 2, 3], [1, 2, 3, 4])
    ops = to_original([("equal", 0, 4, 0, 4)], old, new)
    assert ops == [("equal", 0, 2, 0, 2), ("equal", 3, 5, 2, 4)]
    for tag, i1, i2, j1, j2 in ops:
        assert i2 - i1 == j2 - j1


def test_to_original_never_crosses_from_one_clause_into_the_next():
    # the new side is two clauses; the text between them belongs to someone else
    old = OffsetMap([0, 1, 2, 3], [1, 2, 3, 4])
    new = OffsetMap([10, 11, 20, 21], [11, 12, 21, 22], breaks=[0, 2])
    ops = to_original([("replace", 0, 4, 0, 4)], old, new)
    for tag, i1, i2, j1, j2 in ops:
        assert not (j1 < 12 and j2 > 20), ops
    assert sum(j2 - j1 for *_, j1, j2 in ops) == 4


def test_very_long_texts_are_diffed_between_anchors():
    rng = random.Random(3)
    chars = "发展改革委员会人工智能产业数据算力平台建设推进应用场景创新服务治理"
    a = "".join(rng.choice(chars) for _ in range(200_000))
    b = a[:70_000] + "新增六个字符" + a[70_000:150_000] + a[150_007:]
    ops = char_opcodes(a, b)
    changed = [op for op in ops if op[0] != "equal"]
    assert changed and max(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in changed) < 100
    assert sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal") >= len(a) - 100
