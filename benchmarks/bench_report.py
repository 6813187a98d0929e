#!/usr/bin/env python3
"""Time and size of the HTML report of Gansu 2018 → 2026, beside difflib.HtmlDiff.

usage: python benchmarks/bench_report.py [--repeat N]

Everything runs in this process, best of ``--repeat`` runs after one cold run
(the cold run pays for imports, OpenCC's dictionaries and compiling the
templates; it is printed too).  Rows:

* report: read + parse + compare + view model + render, from the two files;
* render alone: view model + templates from a finished Comparison;
* view model alone / templates alone: the two halves of "render alone";
* difflib.HtmlDiff().make_file on the same two texts split into lines.

Exit status 1 when the report takes more than 1 s of work or is 2 MB or more
(the targets of issue 4), else 0.
"""
from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import best_of, plan_path, read_text, table  # noqa: E402

TIME_LIMIT = 1.0          # seconds of work for the whole report
SIZE_LIMIT = 2_000_000    # bytes


def main() -> int:
    """Print the table and return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (best is kept)")
    args = parser.parse_args()

    from versiondiff.compare import compare
    from versiondiff.render.html import render_pair
    from versiondiff.render.pairview import build_pair

    old = plan_path("gansu-ai-plan@2018", "002_06061335a0c18808.txt")
    new = plan_path("gansu-ai-plan@2026", "000_8effbd7509af805b.txt")

    def report() -> str:
        return render_pair(build_pair(compare(old, new)))

    started = time.perf_counter()
    report()
    cold = time.perf_counter() - started

    t_report, page = best_of(report, args.repeat)
    comp = compare(old, new)
    t_render, _ = best_of(lambda: render_pair(build_pair(comp)), args.repeat)
    t_view, view = best_of(lambda: build_pair(comp), args.repeat)
    t_template, _ = best_of(lambda: render_pair(view), args.repeat)
    t_compare, _ = best_of(lambda: compare(old, new), args.repeat)

    a, b = read_text(old).splitlines(), read_text(new).splitlines()
    t_htmldiff, htmldiff = best_of(lambda: difflib.HtmlDiff().make_file(a, b), args.repeat)

    size = len(page.encode("utf-8"))
    hd_size = len(htmldiff.encode("utf-8"))
    print(f"## HTML report: Gansu 2018 → 2026 ({Path(old).parent.name}/{Path(old).name}, "
          f"{Path(new).parent.name}/{Path(new).name}; "
          f"{comp.mode} mode, {len(comp.changes)} records; best of {args.repeat})\n")
    rows = [
        ["versiondiff report (read, parse, compare, render)", f"{t_report:.3f}", f"{size:,}"],
        ["  compare alone (read, parse, align, inline)", f"{t_compare:.3f}", ""],
        ["  render alone (view model + templates)", f"{t_render:.3f}", ""],
        ["    view model", f"{t_view:.3f}", ""],
        ["    templates", f"{t_template:.3f}", ""],
        ["  first run in a fresh process (imports, dictionaries, templates)", f"{cold:.3f}", ""],
        ["difflib.HtmlDiff().make_file (lines)", f"{t_htmldiff:.3f}", f"{hd_size:,}"],
    ]
    print(table(["what", "seconds", "bytes"], rows))
    ok = t_report <= TIME_LIMIT and size < SIZE_LIMIT
    print(f"\ntargets: report <= {TIME_LIMIT:.0f} s of work and < {SIZE_LIMIT / 1e6:.0f} MB: "
          f"{'met' if ok else 'MISSED'} ({t_report:.3f} s, {size / 1e6:.2f} MB; "
          f"{t_report / t_htmldiff:.0f}x HtmlDiff's time and {size / hd_size:.1f}x its size)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
