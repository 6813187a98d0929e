"""Sources: earliest holder first, then the higher level; slivers at passage ends do not count."""
from __future__ import annotations

from versiondiff.provenance import attribute, level_of, priority
from versiondiff.reuse import Passage


def p(a, b):
    return Passage(a, b, ((a[0], b[0], a[1] - a[0]),))


def test_levels_from_issuer_and_number():
    assert level_of("国务院办公厅", None) == "national"
    assert level_of("工业和信息化部", None) == "national"
    assert level_of("四川省人民政府办公厅", "川办发〔2026〕14号") == "provincial"
    assert level_of("成都市人民政府", "成府发〔2026〕1号") == "municipal"


def test_same_day_the_higher_level_is_the_source():
    keys = {0: priority("2026-01-01", "municipal", "a"), 1: priority("2025-08-21", "provincial", "b"),
            2: priority("2025-08-21", "national", "c")}
    out = attribute(0, [(1, p((0, 30), (0, 30))), (2, p((0, 30), (5, 35)))], keys)
    assert [(x.span, x.source, x.holders) for x in out] == [((0, 30), 2, (1, 2))]
    assert out[0].via.b == (5, 35)


def test_the_earliest_document_is_its_own_source():
    keys = {0: priority("2024-01-01", "provincial", "a"), 1: priority("2025-01-01", "provincial", "b")}
    out = attribute(0, [(1, p((10, 40), (0, 30)))], keys)
    assert [(x.span, x.source, x.holders) for x in out] == [((10, 40), None, (1,))]


def test_a_sliver_joins_its_neighbour():
    keys = {0: ("2027",), 1: ("2025",), 2: ("2026",)}
    # 2 holds 3 characters more than 1 at the end: they stay with the passage from 1
    out = attribute(0, [(1, p((0, 40), (0, 40))), (2, p((0, 43), (0, 43)))], keys)
    assert [(x.span, x.source) for x in out] == [((0, 43), 1)]
