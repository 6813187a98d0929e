"""The reuse index: kept in step incrementally, rebuilt when its format changes."""
from __future__ import annotations

import sqlite3

from versiondiff.normalize import normalize
from versiondiff.reuse import fingerprints, match_text
from versiondiff.reuse_index import ReuseIndex


def _put(index, ref, text):
    m = match_text(normalize(text))
    return index.put(ref, ref + "-sha", {"title": ref}, m, fingerprints(m.text))


SHARED = "新一代智能终端、智能体等应用普及率超70%"


def test_candidates_are_the_documents_sharing_text(tmp_path):
    with ReuseIndex(tmp_path / "i" / "reuse.sqlite") as index:
        a = _put(index, "a@1", "甲乙丙丁戊己庚辛" + SHARED + "壬癸子丑寅卯辰巳")
        b = _put(index, "b@1", "午未申酉戌亥天地" + SHARED + "玄黄宇宙洪荒日月")
        c = _put(index, "c@1", "盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳")
        assert list(index.candidate_pairs()) == [(a, b)]
        assert index.candidates_of(c) == [] and index.candidates_of(a) == [b]
        assert index.match(a).text.startswith("甲乙") and index.info(b) == {"title": "b@1", "ref": "b@1"}
        index.remove(["b@1"])
        assert list(index.candidate_pairs()) == [] and set(index.ids()) == {"a@1", "c@1"}
    assert (tmp_path / "i" / ".gitignore").read_text() == "*\n"


def test_an_index_of_another_format_is_rebuilt(tmp_path):
    path = tmp_path / "reuse.sqlite"
    with ReuseIndex(path) as index:
        _put(index, "a@1", "甲乙丙丁戊己庚辛" + SHARED)
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE meta SET value='old' WHERE key='format'")
    db.close()
    with ReuseIndex(path) as index:
        assert index.ids() == {} and index.size() == {"documents": 0, "fingerprints": 0}
