#!/usr/bin/env python3
"""Print speed: every seed pair end to end, and scaling from 10k to 1M characters.

usage: python benchmarks/speed.py [--quick] [--sizes 10000,30000,...] [--budget SECONDS]

1. Every pair of the five seed documents, end to end in this process (read,
   parse, compare, render JSON; HTML too once ``versiondiff.render.html``
   exists), best of a few runs, beside plain difflib on the same texts:
   whole-text character ``SequenceMatcher(autojunk=False)`` and
   ``difflib.HtmlDiff().make_file`` on lines.
2. Scaling: document pairs of about 10k, 30k, 100k, 300k and 1M characters.
   Recipe (:func:`scaled_pair`): the plans 000, 002 and 004 are taken in turn,
   each copy varied by its own synthetic revision (benchmarks/revisions.py,
   edit rate 0.3, seed = copy number), copies after the first three also put
   in a cipher of their own (a seeded permutation of the Han characters,
   numerals and 第章节条 kept) so the text stays unique as it grows, as a real
   statute book's does, while keeping the statistics of the plans; its
   top-level sections (``一、``…) renumbered to run on across copies and a
   ``第N章`` heading put before it, until the size is reached (cut at a
   paragraph end); then the pair is that text and its revision with edit rate
   0.38 (about 20% of the clauses modified, deleted, moved, split or merged,
   plus insertions; the table shows the share), sentences to insert coming from the Jiangsu plan
   (003, converted to simplified script).  Time is the best of a few
   in-process runs (``time.perf_counter``, compare + JSON); peak memory is the
   peak RSS of a fresh child process doing one comparison (``resource``), with
   the RSS after imports subtracted; the whole-text difflib baseline runs in
   a child process capped by ``--budget`` seconds ("> budget" when cut off).
   The log-log slope is a least-squares fit of log time on log size.
"""
from __future__ import annotations

import argparse
import difflib
import importlib
import json
import math
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import JSON_SOURCE, PLANS, ROOT, SEEDS, best_of, plan_path, read_text, table  # noqa: E402
from revisions import (_donor_sentences, cn_numeral, label_of, make_revision,  # noqa: E402
                       source_paragraphs)

#: characters a cipher must leave alone: numerals and the words of item labels
_KEEP = "零一二三四五六七八九十百千万第章节条款"
#: edit rate of the scaled revisions: about 20% of the clauses get an edit
EDIT_RATE = 0.38
SIZES = (10_000, 30_000, 100_000, 300_000, 1_000_000)
TARGETS = "10k pair < 0.25 s; 1M pair < 10 s and < 1 GB; slope <= 1.2; faster than whole-text difflib from 10k up"


def html_renderer():
    """Return a function Comparison -> HTML text when the HTML report exists, else None."""
    try:
        module = importlib.import_module("versiondiff.render.html")
    except ImportError:
        return None
    for name in ("render_html", "render", "html_report", "report"):
        func = getattr(module, name, None)
        if callable(func):
            return func
    return None


def end_to_end(old: Path, new: Path, html=None) -> tuple[dict, str]:
    """Read, parse, compare and render JSON (and HTML); return the contract and the HTML."""
    from versiondiff.compare import compare
    from versiondiff.render.jsonout import render_json
    comp = compare(old, new)
    text = render_json(comp)
    page = html(comp) if html else ""
    return {"json": text, "notes": list(comp.notes), "mode": comp.mode}, page


# ---- 1. seed pairs ------------------------------------------------------------

def seed_pairs(repeat: int) -> None:
    """Time every pair of seed documents against the difflib baselines."""
    names = sorted(SEEDS)
    html = html_renderer()
    print(f"\n## Seed pairs end to end (best of {repeat}; JSON from {JSON_SOURCE}; "
          f"HTML {'from versiondiff.render.html' if html else 'not available yet'})\n")
    rows = []
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            old, new = SEEDS[names[a]], SEEDS[names[b]]
            ta, tb = read_text(old), read_text(new)
            t_json, (info, _) = best_of(lambda: end_to_end(old, new), repeat)
            t_html = best_of(lambda: end_to_end(old, new, html), repeat)[0] if html else None
            t_sm = best_of(lambda: difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes(), 1)[0]
            la, lb = ta.splitlines(), tb.splitlines()
            t_hd = best_of(lambda: difflib.HtmlDiff().make_file(la, lb), 1)[0]
            rows.append([f"{names[a][:3]}-{names[b][:3]}", f"{len(ta) + len(tb):,}", info["mode"],
                         f"{t_json:.3f}", f"{t_html:.3f}" if t_html is not None else "—",
                         f"{t_sm:.3f}", f"{t_hd:.3f}", f"{t_sm / t_json:.1f}x", f"{t_hd / t_json:.1f}x"])
    print(table(["pair", "chars (both)", "mode", "vd json s", "vd html s", "difflib chars s",
                 "HtmlDiff lines s", "vs chars", "vs HtmlDiff"], rows))
    print("(vs = how many times faster versiondiff end to end (JSON) is than the baseline)")


# ---- 2. scaling ----------------------------------------------------------------

def _renumber_top(paragraphs: list[list[str]], start: int) -> tuple[list[list[str]], int]:
    """Renumber top-level ``一、`` labels to run on from ``start``; return paragraphs and next number."""
    out = []
    n = start
    for p in paragraphs:
        found = label_of(p[0])
        if found and found[0] == "cn-dun":
            m = found[2]
            p = [f"{cn_numeral(n)}、" + p[0][m.end():]] + p[1:]
            n += 1
        out.append(p)
    return out, n


def scaled_pair(size: int, seed: int = 0) -> tuple[str, str, dict]:
    """Return ``(old, new, truth)`` of about ``size`` characters by the recipe in the module doc."""
    import opencc
    texts = {name[:3]: read_text(plan_path(ref, f)) for name, ref, f in PLANS}
    bases = [texts["000"], texts["002"], texts["004"]]
    jiangsu = opencc.OpenCC("t2s").convert(texts["003"])
    pool = _donor_sentences(jiangsu, "\n".join(bases), traditional=False)
    vary, insert = pool[0::2], pool[1::2]
    inventory = sorted({ch for t in bases for ch in t if "\u4e00" <= ch <= "\u9fff"} - set(_KEEP))
    t2s = opencc.OpenCC("t2s")
    inventory = [ch for ch in inventory if t2s.convert(ch) == ch]  # enciphered text stays simplified
    paragraphs: list[list[str]] = []
    length, copy, top = 0, 0, 1
    while length < size:
        variant = make_revision(bases[copy % len(bases)], "", seed=copy, edit_rate=0.3,
                                donor_sentences=vary).new
        if copy >= len(bases):  # later copies in a cipher of their own: unique text, same statistics
            shuffled = inventory[:]
            random.Random(f"versiondiff-speed-cipher/{copy}").shuffle(shuffled)
            variant = variant.translate(str.maketrans(dict(zip(inventory, shuffled))))
        body, top = _renumber_top(source_paragraphs(variant), top)
        body = [[f"第{cn_numeral(copy + 1)}章"]] + body
        for p in body:
            paragraphs.append(p)
            length += sum(map(len, p)) + 1
            if length >= size:
                break
        copy += 1
    base = "\n".join("".join(p) for p in paragraphs) + "\n"
    rev = make_revision(base, "", seed=seed, edit_rate=EDIT_RATE, donor_sentences=insert)
    return rev.old, rev.new, rev.truth


def _difflib_child(old: str, new: str, queue) -> None:
    started = time.perf_counter()
    difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    queue.put(time.perf_counter() - started)


def difflib_capped(old: str, new: str, budget: float) -> float | None:
    """Return the seconds whole-text difflib takes, or None when it exceeds ``budget``."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_difflib_child, args=(old, new, queue))
    proc.start()
    proc.join(budget)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    return queue.get() if not queue.empty() else None


def child_memory(old: Path, new: Path) -> dict:
    """Run one comparison in a fresh interpreter; return its peak RSS figures (MB)."""
    done = subprocess.run([sys.executable, __file__, "--child", str(old), str(new)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout)


def _peak_rss_mb() -> float:
    """Return this process's peak RSS in MB.

    /proc's VmHWM belongs to the address space, so it starts afresh at exec;
    ``ru_maxrss`` would carry over the parent's peak on Linux.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(old: str, new: str) -> None:
    """Child mode: import, note RSS, compare once with JSON, print peak RSS."""
    from versiondiff.compare import compare
    from versiondiff.render.jsonout import render_json
    import versiondiff.normalize, versiondiff.structure  # noqa: F401,E401  (imports before the baseline)
    base = _peak_rss_mb()
    started = time.perf_counter()
    render_json(compare(old, new))
    seconds = time.perf_counter() - started
    print(json.dumps({"peak_mb": _peak_rss_mb(), "base_mb": base, "seconds": seconds}))


def slope(xs: list[float], ys: list[float]) -> float:
    """Return the least-squares slope of log y on log x.

    >>> round(slope([1, 10, 100], [2, 20, 200]), 3)
    1.0
    """
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def scaling(sizes: list[int], budget: float, quick: bool) -> list[str]:
    """Time and measure the comparison at each size; print the table; return missed targets."""
    from versiondiff.compare import compare
    from versiondiff.render.jsonout import render_json
    print(f"\n## Scaling (recipe in `benchmarks/speed.py` docstring; difflib budget {budget:.0f} s)\n")
    rows, xs, ts, missed = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="vd-speed-") as tmp:
        for size in sizes:
            print(f"  measuring {size:,} characters…", file=sys.stderr, flush=True)
            old, new, truth = scaled_pair(size)
            units = [(r["op"], len(r["old"])) for r in truth["records"] if r["old"]]
            edited = sum(n for op, n in units if op not in ("equal", "renumber")) / max(1, sum(n for _, n in units))
            po, pn = Path(tmp) / f"old-{size}.txt", Path(tmp) / f"new-{size}.txt"
            po.write_text(old, encoding="utf-8")
            pn.write_text(new, encoding="utf-8")
            repeat = 1 if quick or size >= 1_000_000 else (2 if size >= 300_000 else 3)
            seconds, comp = best_of(lambda: compare(po, pn), repeat)
            t_json, _ = best_of(lambda: render_json(comp), 1)
            total = seconds + t_json
            mem = child_memory(po, pn)
            base = difflib_capped(old, new, budget)
            xs.append(len(old) + len(new))
            ts.append(total)
            notes = "; ".join(n for n in comp.notes if not n.startswith("mode:")) or "—"
            rows.append([f"{len(old):,}", f"{edited:.0%}", comp.mode, f"{total:.3f}",
                         f"{mem['peak_mb']:.0f} (+{mem['peak_mb'] - mem['base_mb']:.0f})",
                         f"{base:.2f}" if base is not None else f"> {budget:.0f}",
                         f"{base / total:.1f}x" if base is not None else f"> {budget / total:.0f}x",
                         notes[:60]])
            if size <= 10_000 and total >= 0.25:
                missed.append(f"{size} chars in {total:.2f} s (>= 0.25 s)")
            if size >= 1_000_000 and (total >= 10 or mem["peak_mb"] >= 1024):
                missed.append(f"1M chars: {total:.1f} s, {mem['peak_mb']:.0f} MB")
            if base is not None and base <= total:
                missed.append(f"{size} chars: not faster than difflib ({total:.2f} s vs {base:.2f} s)")
            del comp
    print(table(["old chars", "edited", "mode", "vd s (compare+JSON)", "peak RSS MB (+work)",
                 "difflib chars s", "speed-up", "notes"], rows))
    if len(xs) >= 2:
        k = slope(xs, ts)
        print(f"\nlog-log slope of time on size: {k:.2f}")
        if k > 1.2:
            missed.append(f"slope {k:.2f} > 1.2")
    return missed


def main() -> int:
    """Run the benchmark; return 0 when every target is met, 1 otherwise."""
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="sizes up to 100k, one run each, 15 s difflib budget")
    ap.add_argument("--sizes", help="comma-separated sizes in characters")
    ap.add_argument("--budget", type=float, help="seconds allowed to the difflib baseline (default 60)")
    ap.add_argument("--no-seeds", action="store_true", help="skip the seed pairs")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")] if a.sizes else \
        ([10_000, 30_000, 100_000] if a.quick else list(SIZES))
    budget = a.budget or (15.0 if a.quick else 60.0)
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} CPUs; targets: {TARGETS}")
    started = time.perf_counter()
    if not a.no_seeds:
        seed_pairs(1 if a.quick else 5)
    missed = scaling(sizes, budget, a.quick)
    print(f"\n{'all targets met' if not missed else 'targets missed: ' + '; '.join(missed)}"
          f"  ({time.perf_counter() - started:.1f} s)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
