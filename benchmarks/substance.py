"""Target extraction against the hand-checked gold list: precision and recall per document.

    python benchmarks/substance.py            # table; exit 1 when precision or recall < 0.95

A target counts as found when the extractor reports one with the same
original span, kind, deadline year, value range, unit and bound as the gold
entry (tests/data/targets_gold.json, made by reading the texts).  The
indicator phrase is scored apart: the share of found targets whose
indicator shares at least 60% of its characters with the gold one.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from common import ROOT

GOLD_TARGETS = ROOT / "tests" / "data" / "targets_gold.json"
TARGET = 0.95


def _key(doc: str, kind, span, year, low, high, unit, bound) -> tuple:
    rnd = (lambda v: None if v is None else round(float(v), 6))
    return (doc, kind, tuple(span), year, rnd(low), rnd(high), unit, bound)


def _overlap(a: str, b: str) -> float:
    """Return the share of characters two phrases have in common (multiset Dice)."""
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


def score_targets(gold: list[dict], found: dict[str, list]) -> dict[str, dict]:
    """Return ``{doc: {gold, found, tp, precision, recall, indicator}}`` plus an ``all`` row."""
    rows: dict[str, dict] = {}
    docs = sorted({g["doc"] for g in gold})
    for doc in docs + ["all"]:
        g_items = [g for g in gold if doc in ("all", g["doc"])]
        f_items = [(d, t) for d, ts in found.items() for t in ts if doc in ("all", d)]
        g_keys = {_key(g["doc"], g["kind"], g["span"], g["year"], g["low"], g["high"], g["unit"],
                       g["bound"]): g for g in g_items}
        f_keys = {}
        for d, t in f_items:
            q = t.quantity
            f_keys[_key(d, t.kind, t.span, t.year, q.low if q else None, q.high if q else None,
                        q.unit if q else None, t.bound)] = t
        tp = set(g_keys) & set(f_keys)
        agree = sum(1 for k in tp if _overlap(g_keys[k]["indicator"], f_keys[k].indicator) >= 0.6)
        rows[doc] = {"gold": len(g_keys), "found": len(f_keys), "tp": len(tp),
                     "precision": len(tp) / len(f_keys) if f_keys else 1.0,
                     "recall": len(tp) / len(g_keys) if g_keys else 1.0,
                     "indicator": agree / len(tp) if tp else 1.0,
                     "missed": sorted(g_keys[k]["written"] for k in set(g_keys) - tp),
                     "spurious": sorted(f_keys[k].written for k in set(f_keys) - tp)}
    return rows


def measure(docs: list[str] | None = None) -> tuple[dict, list[str]]:
    """Extract the targets of the gold documents and score them; return (rows, primary docs)."""
    from versiondiff.structure import read_document
    from versiondiff.targets import document_targets
    data = json.loads(GOLD_TARGETS.read_text(encoding="utf-8"))
    gold = [g for g in data["targets"] if docs is None or g["doc"] in docs]
    found = {doc: document_targets(read_document(doc)) for doc in sorted({g["doc"] for g in gold})}
    return score_targets(gold, found), data["primary"]


def main() -> int:
    rows, primary = measure()
    primary_rows, _ = measure(primary)
    print(f"{'document':24} {'gold':>5} {'found':>5} {'tp':>4} {'precision':>9} {'recall':>7} {'indicator':>9}")
    for title, table in (("2025/2026 plans (issue 15 gold)", primary_rows), ("with Gansu 2018", rows)):
        print(f"-- {title}")
        for doc, r in table.items():
            print(f"{doc:24} {r['gold']:5d} {r['found']:5d} {r['tp']:4d} {r['precision']:9.3f} "
                  f"{r['recall']:7.3f} {r['indicator']:9.3f}")
            for w in r["missed"]:
                print(f"    missed   {w}")
            for w in r["spurious"]:
                print(f"    spurious {w}")
    total = primary_rows["all"]
    ok = total["precision"] >= TARGET and total["recall"] >= TARGET
    print(f"target: precision and recall >= {TARGET} on the 2025/2026 plans: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
