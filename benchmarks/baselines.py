"""Plain baselines turned into the versiondiff JSON contract, so one scorer judges all.

- :func:`difflib_chars`: one ``SequenceMatcher(None, old, new, autojunk=False)``
  over the whole original texts; each opcode becomes one record.
- :func:`difflib_lines`: ``SequenceMatcher`` over lines (as ``diff`` does);
  equal lines are equal records, a replaced block of lines is one changed
  record without inner detail.
- :func:`naive_outline`: character-bigram TF-IDF vectors of the leaf items (as
  versiondiff's structure parser finds them), each old item paired with its
  most similar new item.
"""
from __future__ import annotations

import difflib
import math
from collections import Counter

__all__ = ["difflib_chars", "difflib_lines", "naive_outline"]

_KIND = {"equal": "equal", "replace": "changed", "delete": "deleted", "insert": "inserted"}


def _record(tag: str, i1: int, i2: int, j1: int, j2: int, opcodes: list) -> dict:
    return {"kind": _KIND[tag], "old": [[i1, i2]] if i2 > i1 else [], "new": [[j1, j2]] if j2 > j1 else [],
            "opcodes": opcodes}


def difflib_chars(old: str, new: str) -> dict:
    """Return whole-text character difflib as contract records.

    >>> [c["kind"] for c in difflib_chars("甲乙丙", "甲丁丙")["changes"]]
    ['equal', 'changed', 'equal']
    """
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return {"mode": "difflib-chars", "outline": [],
            "changes": [_record(*op, [list(op)]) for op in sm.get_opcodes()]}


def difflib_lines(old: str, new: str) -> dict:
    """Return line-level difflib as contract records (character offsets).

    >>> [c["kind"] for c in difflib_lines("a\\nb\\nc\\n", "a\\nx\\nc\\n")["changes"]]
    ['equal', 'changed', 'equal']
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    pa, pb = [0], [0]
    for line in a:
        pa.append(pa[-1] + len(line))
    for line in b:
        pb.append(pb[-1] + len(line))
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        span = (tag, pa[i1], pa[i2], pb[j1], pb[j2])
        changes.append(_record(*span, [list(span)]))
    return {"mode": "difflib-lines", "outline": [], "changes": changes}


def _vectors(texts: list[str]) -> list[dict[str, float]]:
    """Return L2-normalised TF-IDF vectors of character bigrams."""
    grams = [Counter(t[k:k + 2] for k in range(len(t) - 1)) for t in texts]
    df = Counter(g for c in grams for g in c)
    n = len(texts)
    out = []
    for c in grams:
        v = {g: tf * math.log((1 + n) / (1 + df[g])) for g, tf in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({g: x / norm for g, x in v.items()})
    return out


def naive_outline(old_doc, new_doc) -> dict:
    """Return outline pairs: every old leaf item with its best TF-IDF bigram match among new leaves.

    Documents are versiondiff ``Document`` objects (only their parsed leaves
    and canonical clause text are used; IDF over both documents' leaves).
    """
    def leaves(doc):
        items = [it for it in doc.leaves() if it.clauses[1] > it.clauses[0]]
        return items, ["".join(c.text for c in doc.clauses[it.clauses[0]:it.clauses[1]]) for it in items]

    old_items, old_texts = leaves(old_doc)
    new_items, new_texts = leaves(new_doc)
    vectors = _vectors(old_texts + new_texts)
    ov, nv = vectors[:len(old_texts)], vectors[len(old_texts):]
    outline = []
    for item, v in zip(old_items, ov):
        scores = [sum(x * w.get(g, 0.0) for g, x in v.items()) for w in nv]
        if not scores:
            break
        best = max(range(len(scores)), key=scores.__getitem__)
        if scores[best] > 0:
            outline.append({"old": [list(item.span)], "new": [list(new_items[best].span)],
                            "similarity": round(scores[best], 4)})
    return {"mode": "naive-tfidf", "outline": outline, "changes": []}
