"""Shared passages: fingerprints catch every 15-character run, seed and extend finds edited reuse."""
from __future__ import annotations

import random

from hypothesis import given, settings, strategies as st

from versiondiff.normalize import normalize
from versiondiff.reuse import (exact_matches, fingerprints, guaranteed_length, match_text,
                               original_opcodes, shared_passages)

HAN = [chr(c) for c in range(0x4e00, 0x4e00 + 3000)]


def _text(seed: int, n: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(HAN) for _ in range(n))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(15, 60), st.integers(0, 300), st.integers(0, 300))
def test_a_shared_run_of_15_always_shares_a_fingerprint(seed, length, at_a, at_b):
    shared = _text(seed, length)
    a = _text(seed + 1, at_a) + shared + _text(seed + 2, 50)
    b = _text(seed + 3, at_b) + shared + _text(seed + 4, 50)
    assert length >= guaranteed_length()
    assert fingerprints(a) & fingerprints(b)


def test_unrelated_texts_share_nothing():
    assert not (fingerprints(_text(1, 2000)) & fingerprints(_text(2, 2000)))
    assert shared_passages(_text(1, 2000), _text(2, 2000)) == []


def test_digit_runs_are_no_evidence():
    assert not (fingerprints("甲2021-2025年乙") & fingerprints("丙2021-2025年丁"))


def test_an_edited_passage_is_one_passage():
    own_a, own_b, passage = _text(5, 100), _text(6, 80), _text(7, 90)
    edited = passage[:30] + "改" + passage[31:60] + "变动" + passage[62:]
    found = shared_passages(own_a + passage + own_a, own_b + edited + own_b)
    assert len(found) == 1
    p = found[0]
    assert p.a == (100, 190) and p.b == (80, 170)
    assert p.matched == 87


def test_reordered_sentences_are_each_found():
    s1, s2, s3 = _text(8, 30), _text(9, 30), _text(10, 30)
    a = _text(11, 50) + s1 + s2 + s3 + _text(12, 50)
    b = _text(13, 40) + s3 + _text(14, 40) + s1 + _text(15, 40) + s2
    spans = sorted(p.a for p in shared_passages(a, b))
    assert spans == [(50, 80), (80, 110), (110, 140)]


def test_exact_matches_are_maximal_and_found_once():
    a = "甲乙丙丁戊己庚辛壬癸" * 3
    b = "子" + a + "丑"
    found = exact_matches(a, b)
    assert (0, 1, 30) in found
    for i, j, n in found:  # each is maximal on both ends and really matches
        assert a[i:i + n] == b[j:j + n]
        assert not (i and j and a[i - 1] == b[j - 1])
        assert not (i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n])
    assert len(set(found)) == len(found)


def test_opcodes_are_in_original_offsets_of_traditional_text():
    old = match_text(normalize("國務院：新一代智能終端普及率超70%。"))
    new = match_text(normalize("省政府：新一代智能终端普及率超90%。"))
    ops = original_opcodes(old, (4, 19), new, (4, 19))
    assert [op[0] for op in ops] == ["equal", "replace", "equal"]
    tag, i1, i2, j1, j2 = ops[1]
    assert "國務院：新一代智能終端普及率超70%。"[i1:i2] == "7" and "省政府：新一代智能终端普及率超90%。"[j1:j2] == "9"
