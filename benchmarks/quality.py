#!/usr/bin/env python3
"""Print alignment quality: synthetic revisions of every bundled plan, and the dev outline gold.

usage: python benchmarks/quality.py [--quick] [--seeds N] [--examples N] [--no-crosscheck]

1. Synthetic revisions (benchmarks/revisions.py) of each plan document, the
   donor being the next plan, for several random seeds, without and with
   surface noise; versiondiff (``compare(old, new)``, automatic mode, as a
   user runs it) beside whole-text character difflib and line difflib, all
   scored by benchmarks/scoring.py from the same JSON contract; averaged, then
   per document.  Where a metric misses its target, examples of what went wrong.
2. Item alignment on the dev gold (Gansu 2026 vs Sichuan 2026, cross mode)
   beside a naive character-bigram TF-IDF best match.
3. Cross-check: the same measurement with benchmarks/eval (synth.py to make the
   revisions, score.py and score_outline.py to score), run as subprocesses.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import EVAL, GOLD, JSON_SOURCE, PLANS, fmt, plan_path, read_text, table, tool_json  # noqa: E402
from baselines import difflib_chars, difflib_lines, naive_outline  # noqa: E402
from revisions import make_revision, write_revision  # noqa: E402
from items import run_items  # noqa: E402
from scoring import METRICS, TARGETS, meets, score_outline, score_revision  # noqa: E402

EXTRA = ("renumber_ok", "noise_shown")


def cell(metric: str, value: float) -> str:
    """Format a metric, flagging a missed target with '!'."""
    ok = meets(metric, value)
    digits = 4 if metric == "false_change" else 3
    return fmt(value, digits) + ("!" if ok is False else "")


def averaged(results: list[dict], keys) -> dict:
    return {k: mean(r[k] for r in results) for k in keys}


def run_synthetic(seeds: list[int], examples: int, workdir: Path) -> dict:
    """Generate, compare and score every (plan, seed, noise); return the raw results."""
    texts = {name: read_text(plan_path(ref, seed_file)) for name, ref, seed_file in PLANS}
    names = [p[0] for p in PLANS]
    runs = []
    for n, name in enumerate(names):
        donor = names[(n + 1) % len(names)]
        for seed in seeds:
            for noise in (False, True):
                rev = make_revision(texts[name], texts[donor], seed=seed, noise=noise)
                out = workdir / f"{name.split()[0]}-{seed}-{int(noise)}"
                write_revision(rev, out)
                started = time.perf_counter()
                tool = tool_json(out / "old.txt", out / "new.txt")
                elapsed = time.perf_counter() - started
                run = {"doc": name, "seed": seed, "noise": noise, "seconds": elapsed,
                       "mode": tool.get("mode"), "dir": str(out), "settings": rev.truth["noise"]}
                run["versiondiff"] = score_revision(rev.truth, rev.old, rev.new, tool, examples=examples)
                run["difflib chars"] = score_revision(rev.truth, rev.old, rev.new, difflib_chars(rev.old, rev.new))
                run["difflib lines"] = score_revision(rev.truth, rev.old, rev.new, difflib_lines(rev.old, rev.new))
                runs.append(run)
    return {"runs": runs}


def print_synthetic(data: dict, seeds: list[int], examples: int) -> list[str]:
    """Print the synthetic-revision tables; return the metrics that miss their target overall."""
    runs = data["runs"]
    keys = METRICS + EXTRA
    print(f"\n## Synthetic revisions: {len(PLANS)} plans x seeds {seeds} x noise off/on "
          f"({len(runs)} revisions; JSON from {JSON_SOURCE})\n")
    headers = ["method", "noise"] + list(keys)
    rows = []
    for method in ("versiondiff", "difflib chars", "difflib lines"):
        for label, pick in (("off", [False]), ("on", [True]), ("all", [False, True])):
            chosen = [r[method] for r in runs if r["noise"] in pick]
            avg = averaged(chosen, keys)
            rows.append([method, label] + [cell(k, avg[k]) for k in keys])
    print(table(headers, rows))
    print("\ntargets: " + ", ".join(f"{k} {op} {b}" for k, (op, b) in TARGETS.items() if k != "outline_f1")
          + "  ('!' = target missed)")
    modes = sorted({r["mode"] for r in runs})
    noisy = [r["settings"] for r in runs if r["noise"]]
    used = {"script": sum(bool(n["script"]) for n in noisy), "width": sum(bool(n["width"]) for n in noisy),
            "full-width alnum": sum(n["fullwidth_alnum"] for n in noisy), "wrap": sum(bool(n["wrap"]) for n in noisy),
            "indent": sum(bool(n["indent"]) for n in noisy), "boilerplate": sum(n["boilerplate"] for n in noisy),
            "CRLF": sum(n["crlf"] for n in noisy)}
    print(f"noise in the {len(noisy)} noisy revisions: " + ", ".join(f"{k} {v}" for k, v in used.items()))
    print(f"versiondiff mode chosen automatically: {modes}; "
          f"mean {mean(r['seconds'] for r in runs):.3f} s per comparison")

    print("\n### versiondiff per document (mean over seeds)\n")
    rows = []
    for name, _, _ in PLANS:
        for noise in (False, True):
            chosen = [r["versiondiff"] for r in runs if r["doc"] == name and r["noise"] == noise]
            avg = averaged(chosen, keys)
            rows.append([name, "on" if noise else "off"] + [cell(k, avg[k]) for k in keys])
    print(table(["document", "noise"] + list(keys), rows))

    moves = [m for r in runs for m in r["versiondiff"]["moves"]]
    parts = []
    for label, pick in (("verbatim, in prose", (False, "prose")), ("edited, in prose", (True, "prose")),
                        ("verbatim, anywhere", (False, "anywhere")), ("edited, anywhere", (True, "anywhere"))):
        found = [f for e, p, f in moves if (e, p) == pick]
        if found:
            parts.append(f"{label} {sum(found)}/{len(found)}")
    print("\nversiondiff moves found, by kind: " + "; ".join(parts))

    overall = averaged([r["versiondiff"] for r in runs], METRICS)
    missed = [k for k in METRICS if meets(k, overall[k]) is False]
    # every single revision under a target, so the lead sees where it goes wrong
    bad = [(r, k) for r in runs for k in METRICS if meets(k, r["versiondiff"][k]) is False]
    if bad:
        print("\n### Revisions under a target (versiondiff)\n")
        rows = [[r["doc"], str(r["seed"]), "on" if r["noise"] else "off", k,
                 cell(k, r["versiondiff"][k]), r["dir"]] for r, k in bad]
        print(table(["document", "seed", "noise", "metric", "value", "files"], rows))
        if examples:
            print("\n#### Examples of what went wrong\n")
            shown = set()
            for r, _ in bad:
                if id(r) in shown:
                    continue
                shown.add(id(r))
                ex = r["versiondiff"].get("examples", {})
                if ex:
                    print(f"- {r['doc']} seed {r['seed']} noise {'on' if r['noise'] else 'off'}:")
                    for kind, items in ex.items():
                        for item in items[:examples]:
                            print(f"    {kind}: {json.dumps(item, ensure_ascii=False)}")
    return missed


def run_outline() -> list[list[str]]:
    """Score the dev gold pair with versiondiff (cross mode) and the naive baseline."""
    from versiondiff.structure import read_document
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    by_file = {seed_file: (ref, seed_file) for _, ref, seed_file in PLANS}
    old_path = plan_path(*by_file[gold["docs"]["G26"]["file"]])
    new_path = plan_path(*by_file[gold["docs"]["S26"]["file"]])
    old, new = read_text(old_path), read_text(new_path)
    results = {}
    started = time.perf_counter()
    results["versiondiff (cross)"] = score_outline(gold, "G26-S26", old, new,
                                                   tool_json(old_path, new_path, mode="cross"))
    seconds = time.perf_counter() - started
    results["naive bigram TF-IDF"] = score_outline(
        gold, "G26-S26", old, new, naive_outline(read_document(old_path), read_document(new_path)))
    print("\n## Item alignment on the dev gold (G26-S26: Gansu 2026 vs Sichuan 2026)\n")
    rows = [[m, fmt(r["p"]), fmt(r["r"]), cell("outline_f1", r["f1"]), str(r["pred"])]
            for m, r in results.items()]
    print(table(["method", "p", "r", "f1", "pairs judged"], rows))
    print(f"target: outline F1 >= {TARGETS['outline_f1'][1]}; versiondiff took {seconds:.3f} s")
    for m, r in results.items():
        if r["missed"] or r["wrong"]:
            print(f"  {m}: missed {r['missed']}; wrong {r['wrong']}")
    return [] if meets("outline_f1", results["versiondiff (cross)"]["f1"]) else ["outline_f1"]


def run_crosscheck(seeds: list[int], workdir: Path) -> list[str]:
    """Repeat the measurement with benchmarks/eval's generator and scorers (subprocesses)."""
    synth, score, score_out = EVAL / "synth.py", EVAL / "score.py", EVAL / "score_outline.py"
    if not (synth.is_file() and score.is_file()):
        print("\n## Cross-check: benchmarks/eval not found, skipped")
        return []
    from scoring import score_revision as ours
    print("\n## Cross-check with benchmarks/eval (synth.py revisions, score.py scores)\n")
    names = [p[0] for p in PLANS]
    paths = {name: plan_path(ref, f) for name, ref, f in PLANS}
    per = {"versiondiff": {False: [], True: []}, "difflib chars": {False: [], True: []}}
    agree = []
    for n, name in enumerate(names):
        donor = names[(n + 1) % len(names)]
        for seed in seeds:
            for noise in (False, True):
                out = workdir / f"eval-{name.split()[0]}-{seed}-{int(noise)}"
                cmd = [sys.executable, str(synth), str(paths[name]), str(paths[donor]), str(out),
                       "--seed", str(seed)] + (["--noise"] if noise else [])
                subprocess.run(cmd, check=True, capture_output=True)
                tool = tool_json(out / "old.txt", out / "new.txt")
                (out / "tool.json").write_text(json.dumps(tool, ensure_ascii=False), encoding="utf-8")
                base = difflib_chars(read_text(out / "old.txt"), read_text(out / "new.txt"))
                (out / "difflib.json").write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
                for method, file in (("versiondiff", "tool.json"), ("difflib chars", "difflib.json")):
                    done = subprocess.run([sys.executable, str(score), str(out / "truth.json"),
                                           str(out / "old.txt"), str(out / "new.txt"), str(out / file)],
                                          check=True, capture_output=True, text=True)
                    per[method][noise].append(json.loads(done.stdout))
                # our scorer on their truth: the two instruments should agree
                mine = ours(json.loads((out / "truth.json").read_text(encoding="utf-8")),
                            read_text(out / "old.txt"), read_text(out / "new.txt"), tool)
                agree.append(max(abs(mine[k] - per["versiondiff"][noise][-1][k]) for k in METRICS))
    rows = []
    missed = []
    for method in per:
        for label, pick in (("off", [False]), ("on", [True]), ("all", [False, True])):
            chosen = [r for p in pick for r in per[method][p]]
            avg = averaged(chosen, METRICS)
            rows.append([method, label] + [cell(k, avg[k]) for k in METRICS])
            if method == "versiondiff" and label == "all":
                missed = [f"{k} (cross-check)" for k in METRICS if meets(k, avg[k]) is False]
    print(table(["method", "noise"] + list(METRICS), rows))
    print(f"scorer agreement (benchmarks/scoring.py vs score.py on the same files): "
          f"largest difference {max(agree):.4f}")
    if score_out.is_file():
        gold = json.loads(GOLD.read_text(encoding="utf-8"))
        by_file = {f: (ref, f) for _, ref, f in PLANS}
        old_path = plan_path(*by_file[gold["docs"]["G26"]["file"]])
        new_path = plan_path(*by_file[gold["docs"]["S26"]["file"]])
        tool_file = workdir / "outline-tool.json"
        tool_file.write_text(json.dumps(tool_json(old_path, new_path, mode="cross"), ensure_ascii=False),
                             encoding="utf-8")
        done = subprocess.run([sys.executable, str(score_out), str(EVAL / "gold_outline_dev.json"),
                               "G26-S26", str(old_path), str(new_path), str(tool_file)],
                              check=True, capture_output=True, text=True)
        print(f"score_outline.py G26-S26 (versiondiff, cross): {done.stdout.strip()}")
    return missed


def main() -> int:
    """Run the benchmark; return 0 when every target is met, 1 otherwise."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="two random seeds instead of five")
    ap.add_argument("--seeds", type=int, help="how many random seeds (default 5, 2 with --quick)")
    ap.add_argument("--examples", type=int, default=3, help="examples per failure kind (0: none)")
    ap.add_argument("--no-crosscheck", action="store_true", help="skip the cross-check with benchmarks/eval")
    ap.add_argument("--keep", metavar="DIR", help="keep the generated revisions in DIR")
    a = ap.parse_args()
    count = a.seeds or (2 if a.quick else 5)
    seeds = [101 + 7 * k for k in range(count)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vd-quality-") as tmp:
        workdir = Path(a.keep) if a.keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        data = run_synthetic(seeds, a.examples, workdir)
        missed = print_synthetic(data, seeds, a.examples)
        missed += run_outline()
        missed += run_items([0, 1, 2])  # rewrites: synthetic and hand-made gold (benchmarks/items.py)
        if not a.no_crosscheck:
            missed += run_crosscheck(seeds, workdir)
    print(f"\n{'all targets met' if not missed else 'targets missed: ' + ', '.join(missed)}"
          f"  ({time.perf_counter() - started:.1f} s)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
