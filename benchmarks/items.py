#!/usr/bin/env python3
"""Item alignment on rewrites: which old item (article, task) became which new one.

usage: python benchmarks/items.py [--seeds N]

Three instruments, each scored as precision/recall/F1 of the ``outline``
pairs versiondiff reports (auto mode, as a user runs it) beside the naive
baseline (each old leaf to its best character-bigram TF-IDF match):

1. synthetic rewrites (``rewrites.py``) of the bundled plans and of the test
   regulation, each with a donor, for several seeds;
2. the hand-made gold of the Gansu 2018 → 2026 plans (``data/gold_outline_gansu.json``,
   compared by corpus reference: two versions of one series);
3. the hand-made gold of a regulation and its full rewrite
   (``data/gold_outline_law.json``, ``tests/data/law/ebike-2016.txt`` → ``ebike-2024.txt``),
   and of the same regulation against an amendment that inserts articles (→ ``ebike-2020.txt``);
4. hand-made golds of real regulations and their full rewrites (修订), each made by reading both
   texts in full before versiondiff was run on them: 上海市推进国际金融中心建设条例 2009 → 2024 (39 → 65
   articles, ``data/gold_outline_shfinance.json``), 北京市…规范性文件备案审查条例 2021 → 2024 (34 → 45,
   ``gold_outline_bjfiling.json``), 矿产资源法 2009 → 2024 (53 → 80, ``gold_outline_mineral.json``) and
   上海市科学技术进步条例 2010 → 2024 (49 → 47, ``gold_outline_shscitech.json``); and of a revision
   that kept most of the text, 保守国家秘密法 2010 → 2024 (53 → 65, ``gold_outline_statesecrets.json``).
   Later, 档案法 2016 → 2020 (27 → 53, ``gold_outline_archives.json``) and 行政处罚法 2017 → 2021 (64 → 86,
   ``gold_outline_adminpenalty.json``).  All but the first were made blind by a second reader; the
   mineral, Shanghai science, archives and administrative-penalty golds were first scored after the
   method was fixed (held out).  The table also gives the mean over the hard ones (naive F1 < 0.75).

Targets (issue 10): F1 ≥ 0.85 on rewrites (synthetic, the test regulation, and the real ones on
average), ≥ 0.9 on the Gansu gold, ≥ 0.99 on the amendment.  Prints a table; exits 1 when a target
is missed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baselines import naive_outline  # noqa: E402
from common import fmt, read_text, table  # noqa: E402
from rewrites import make_rewrite, score  # noqa: E402
from scoring import score_outline  # noqa: E402

__all__ = ["run_items", "TARGETS"]

#: A real rewrite is hard when the naive baseline scores below this (the issue's "about 0.65").
HARD = 0.75

TARGETS = {"rewrite": 0.85, "gansu": 0.9, "law": 0.85, "real-law": 0.85, "amendment": 0.99}

#: (name, source, donor) of the synthetic rewrites
SOURCES = [
    ("gansu2026", "documents/gansu-ai-plan/2026.txt", "documents/sichuan-ai-plan/2026.txt"),
    ("gansu2018", "documents/gansu-ai-plan/2018.txt", "documents/gansu-ai-plan/2026.txt"),
    ("jiangsu2025", "documents/jiangsu-ai-plan/2025.txt", "documents/gansu-ai-plan/2026.txt"),
    ("sichuan2026", "documents/sichuan-ai-plan/2026.txt", "documents/jiangsu-ai-plan/2025.txt"),
    ("regulation", "tests/data/law/ebike-2016.txt", "documents/gansu-ai-plan/2026.txt"),
]


def _document(text: str, name: str):
    """Parse a text held in memory (the generator's output) as versiondiff reads a file."""
    from versiondiff.models import Source
    from versiondiff.structure import parse
    return parse(Source(ref=name, path=name, text=text, encoding="utf-8",
                        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()))


def _json(old, new) -> dict:
    from versiondiff import compare
    from versiondiff.render.jsonout import comparison_dict
    return comparison_dict(compare(old, new))


def run_items(seeds: list[int]) -> list[str]:
    """Print the item-alignment tables; return the names of the targets missed."""
    from versiondiff.structure import read_document
    rows, missed, f1s = [], [], []
    for name, source, donor in SOURCES:
        vd, naive = [], []
        for seed in seeds:
            rw = make_rewrite(read_text(ROOT / source), read_text(ROOT / donor), seed)
            old, new = _document(rw.old, "old.txt"), _document(rw.new, "new.txt")
            vd.append(score(rw, _json(old, new)))
            naive.append(score(rw, naive_outline(old, new)))
        f1s.append(mean(r["f1"] for r in vd))
        rows.append([name, fmt(mean(r["p"] for r in vd)), fmt(mean(r["r"] for r in vd)), fmt(f1s[-1]),
                     fmt(mean(r["f1"] for r in naive)), str(sum(r["true"] for r in vd))])
    print("\n## Item alignment on synthetic rewrites (benchmarks/rewrites.py)\n")
    print(table(["source", "p", "r", "f1", "naive f1", "true pairs"], rows))
    if mean(f1s) < TARGETS["rewrite"]:
        missed.append("rewrite_f1")
    rows, scores = [], {}
    for key, gold_file, pair, old_ref, new_ref in (
            ("gansu", "gold_outline_gansu.json", "G18-G26", "gansu-ai-plan@2018", "gansu-ai-plan@2026"),
            ("law", "gold_outline_law.json", "L16-L24", "tests/data/law/ebike-2016.txt",
             "tests/data/law/ebike-2024.txt"),
            ("real-law", "gold_outline_shfinance.json", "F09-F24", "tests/data/law/shanghai-finance-2009.md",
             "tests/data/law/shanghai-finance-2024.md"),
            ("real-law", "gold_outline_bjfiling.json", "B21-B24", "tests/data/law/beijing-filing-review-2021.md",
             "tests/data/law/beijing-filing-review-2024.md"),
            ("real-law", "gold_outline_mineral.json", "K09-K24", "tests/data/law/mineral-resources-2009.md",
             "tests/data/law/mineral-resources-2024.md"),
            ("real-law", "gold_outline_shscitech.json", "T10-T24", "tests/data/law/shanghai-sci-tech-progress-2010.md",
             "tests/data/law/shanghai-sci-tech-progress-2024.md"),
            ("real-law", "gold_outline_archives.json", "A16-A20", "tests/data/law/archives-2016.md",
             "tests/data/law/archives-2020.md"),
            ("real-law", "gold_outline_adminpenalty.json", "X17-X21", "tests/data/law/administrative-penalty-2017.md",
             "tests/data/law/administrative-penalty-2021.md"),
            ("real-revision", "gold_outline_statesecrets.json", "P10-P24", "tests/data/law/state-secrets-2010.md",
             "tests/data/law/state-secrets-2024.md"),
            ("amendment", "gold_outline_law.json", "L16-L20", "tests/data/law/ebike-2016.txt",
             "tests/data/law/ebike-2020.txt"),
            ("dev", "gold_outline_dev.json", "G26-S26", "gansu-ai-plan@2026", "sichuan-ai-plan@2026")):
        gold = json.loads((ROOT / "benchmarks" / "data" / gold_file).read_text(encoding="utf-8"))
        old_doc = read_document(str(ROOT / old_ref) if "/" in old_ref else old_ref)
        new_doc = read_document(str(ROOT / new_ref) if "/" in new_ref else new_ref)
        from versiondiff import compare
        from versiondiff.render.jsonout import comparison_dict
        comp = compare(old_doc, new_doc)
        result = score_outline(gold, pair, old_doc.source.text, new_doc.source.text, comparison_dict(comp))
        base = score_outline(gold, pair, old_doc.source.text, new_doc.source.text, naive_outline(old_doc, new_doc))
        rows.append([f"{pair} ({comp.mode})", fmt(result["p"]), fmt(result["r"]), fmt(result["f1"]),
                     fmt(base["f1"]), str(result["pred"])])
        scores.setdefault(key, []).append(result["f1"])
        if key == "real-law" and base["f1"] < HARD:
            scores.setdefault("hard", []).append(result["f1"])
    for key, values in scores.items():   # the real regulations count together: one is no sample
        if key in TARGETS and mean(values) < TARGETS[key]:
            missed.append(f"{key}_f1")
    real = scores["real-law"]
    rows.append(["real rewrites, mean", "", "", fmt(mean(real)), "", str(len(real))])
    if scores.get("hard"):
        rows.append([f"  those naive < {HARD}", "", "", fmt(mean(scores["hard"])), "", str(len(scores["hard"]))])
    print("\n## Item alignment against hand-made gold\n")
    print(table(["pair (mode)", "p", "r", "f1", "naive f1", "pairs judged"], rows))
    print(f"targets: rewrites F1 >= {TARGETS['rewrite']}, Gansu 2018 → 2026 F1 >= {TARGETS['gansu']}, "
          f"regulation F1 >= {TARGETS['law']} (the real ones on average), amendment F1 >= {TARGETS['amendment']}")
    return missed


def main() -> int:
    """Run the item benchmark; return 0 when every target is met, 1 otherwise."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=3, help="random seeds per source (default 3)")
    a = ap.parse_args()
    missed = run_items(list(range(a.seeds)))
    print(f"\n{'all targets met' if not missed else 'targets missed: ' + ', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
