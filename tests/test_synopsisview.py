"""The view model of the synopsis, tested without any HTML: heatmap, topics, unique parts, links."""
from __future__ import annotations

from pathlib import Path

import pytest

from versiondiff.compare import compare_many
from versiondiff.render.synopsisview import build_synopsis

DATA = Path(__file__).resolve().parent / "data" / "html"


@pytest.fixture(scope="module")
def triple_comps():
    return compare_many([DATA / "triple-a.txt", DATA / "triple-b.txt", DATA / "triple-c.txt"])


@pytest.fixture(scope="module")
def triple(triple_comps):
    return build_synopsis(triple_comps)


def test_synopsis_matrix_is_symmetric_with_the_pairwise_similarities(triple, triple_comps):
    m = triple.matrix
    assert len(m) == 3 and all(len(row) == 3 for row in m)
    for a in range(3):
        assert m[a][a].diagonal
        for b in range(3):
            assert m[a][b].value == m[b][a].value
    assert m[0][1].value == triple_comps[0].summary.similarity
    assert m[1][2].value == triple_comps[2].summary.similarity
    assert max(c.level for row in m for c in row if not c.diagonal) == 8


def test_synopsis_topics_put_corresponding_parts_in_one_row(triple):
    keys = [d.key for d in triple.docs]
    assert keys == ["A", "B", "C"]
    funding = [t for t in triple.topics if "加强资金保障" in t.title]
    assert len(funding) == 1
    row = funding[0]
    assert row.present == 3
    assert all(any("加强资金保障" in e.label for e in cell) for cell in row.cells)
    # rows anchored on later documents reach what the first one lacks: 低空物流 (B and C)
    air = [t for t in triple.topics if "低空物流" in t.title]
    assert len(air) == 1 and not air[0].cells[0] and air[0].cells[1] and air[0].cells[2]


def test_synopsis_lists_what_only_one_document_has(triple):
    only_a = [e.label for e in triple.uniques[0].entries]
    assert any("冰雪路面预警" in label for label in only_a)
    assert not any("加强资金保障" in label for u in triple.uniques for label in (e.label for e in u.entries))
    for u in triple.uniques:
        assert 0.0 <= u.unmatched_share <= 1.0


def test_synopsis_highlights_shared_phrases_and_says_where_else(triple):
    row = next(t for t in triple.topics if "加强资金保障" in t.title)
    marks = [s for e in row.cells[0] for s in e.segments if s.mark == "shared"]
    assert any("统筹省级专项资金支持智慧交通项目建设" in s.text for s in marks)
    assert any(s.note == "also in B, C" for s in marks)


def test_synopsis_links_reach_the_texts(triple):
    ids = [a for t in triple.texts for b in t.blocks for a in b.anchors]
    ids += [t.id for t in triple.texts] + [t.id for t in triple.topics]
    assert len(ids) == len(set(ids))
    for topic in triple.topics:
        for cell in topic.cells:
            for entry in cell:
                assert entry.href[1:] in ids
    for u in triple.uniques:
        for entry in u.entries:
            assert entry.href[1:] in ids


def test_synopsis_needs_every_pair():
    with pytest.raises(ValueError):
        build_synopsis([])
