"""Article numbers and the references that follow a renumbering."""
from __future__ import annotations

import pytest

from versiondiff.references import article_number, cn_number, references, tracking_references


@pytest.mark.parametrize("numeral, value", [("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("二十一", 21),
                                            ("一百", 100), ("一百零五", 105), ("一百二十", 120), ("37", 37),
                                            ("两百", 200)])
def test_numerals(numeral, value):
    assert cn_number(numeral) == value


@pytest.mark.parametrize("bad", ["", "十十", "二十十", "二三", "百十百", "十a"])
def test_malformed_numerals_are_none_not_errors(bad):
    assert cn_number(bad) is None


def test_article_labels_and_references():
    assert article_number("第十七条") == 17 and article_number("（一）") is None
    assert references("依照本法第二十一条、第三十条规定") == [(4, 9, 21), (10, 14, 30)]


def test_references_that_follow_the_mapping_are_renumbering():
    mapping = {8: 9, 21: 23, 5: 5}
    assert tracking_references("违反本条例第八条规定", "违反本条例第九条规定", mapping) == [("第八条", "第九条")]
    # a reference to an article that did not move stays: still only renumbering
    assert tracking_references("依照第五条和第二十一条", "依照第五条和第二十三条", mapping) == [("第二十一条", "第二十三条")]
    # a reference that does not follow the mapping, or any other edit, is a real change
    assert tracking_references("违反本条例第八条规定", "违反本条例第十条规定", mapping) is None
    assert tracking_references("违反本条例第八条规定", "违反本条例第九条的规定", mapping) is None
    # an unchanged reference to an article that moved is stale: a real change
    assert tracking_references("违反第八条和第五条", "违反第八条和第五条", {8: 9}) is None
    # nothing moved: not a renumbering
    assert tracking_references("第五条", "第五条", mapping) is None
