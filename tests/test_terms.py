"""Key terms: log-odds with an informative Dirichlet prior, one n-gram per term, passages."""
from __future__ import annotations

from versiondiff.structure import read_document
from versiondiff.terms import key_terms, log_odds


def test_gansu_vocabulary_shift():
    old, new = read_document("gansu-ai-plan@2018"), read_document("gansu-ai-plan@2026")
    terms = key_terms(old, new, limit=15)
    rose = [t.term for t in terms if t.direction == "rose"]
    fell = [t.term for t in terms if t.direction == "fell"]
    assert {"大模型", "算力", "赋能", "智能体"} <= set(rose)
    assert {"大数据", "物联网", "新一代人工智能"} <= set(fell)   # one term, not its 4-gram pieces
    assert not any(len(t) == 4 and t in "新一代人工智能" for t in fell)
    model = next(t for t in terms if t.term == "大模型")
    assert (model.old_count, model.new_count) == (0, 9) and model.new_passages and not model.old_passages
    assert all("大模型" in "".join(new.text.original[a:b].split()) for a, b in model.new_passages)


def test_stock_phrases_do_not_lead():
    terms = key_terms(read_document("gansu-ai-plan@2018"), read_document("gansu-ai-plan@2026"), limit=5)
    assert "人工智能" not in [t.term for t in terms]


def test_log_odds_is_symmetric_and_zero_for_equal_rates():
    assert log_odds(3, 100, 3, 100, 0.5, 10) == (0.0, 0.0)
    d1, z1 = log_odds(1, 100, 9, 100, 0.5, 10)
    d2, z2 = log_odds(9, 100, 1, 100, 0.5, 10)
    assert abs(d1 + d2) < 1e-9 and abs(z1 + z2) < 1e-9 and z1 > 0
