#!/usr/bin/env python3
"""Print start-up time: ``versiondiff --help`` and ``versiondiff git-diff`` beside bare Python.

usage: python benchmarks/startup.py [--runs N] [--no-bytecode-cache]

git calls its external diff driver once per changed file, so the start-up of a
process is what a reviewer waits for.  Each command runs N times as a fresh
``python3 -m versiondiff`` process (this checkout first on PYTHONPATH), with
``python3 -c pass`` interleaved in the same loop so that both see the same
machine load; the table shows the median CPU time (user + system, from
``wait4``) and wall time of each.  The verdict uses CPU time: on a shared
machine the wall time of a process grows with other people's load, while the
CPU it spends starting is what the code controls.  Bytecode is
cached as after an install (a private PYTHONPYCACHEPREFIX filled by a warm-up run).  The target
(issue 12) is at most 1.5 × bare Python + 60 ms for both commands; the
script exits 1 when either misses it.  The git-diff pair is a small one: two
versions of a short notice (a few hundred characters each), with one change,
as git hands them over (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

OLD = ("甘肃省人民政府\n关于印发人工智能发展方案的通知\n甘政发〔2026〕1号\n"
       "一、总体要求\n（一）指导思想。坚持创新驱动，推动人工智能与实体经济深度融合。\n"
       "二、重点任务\n1.夯实算力基础。建设算力中心，降低使用成本。\n")
NEW = OLD.replace("降低使用成本", "降低算力使用成本").replace("坚持创新驱动", "坚持创新引领")

#: the target: at most FACTOR × bare Python + SLACK seconds
FACTOR, SLACK = 1.5, 0.060


def _time(argv: list[str], env: dict) -> tuple[float, float]:
    """Return the wall time and the CPU time (user + system) of one run of ``argv``."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (median shown)")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="compile the sources at every start (PYTHONDONTWRITEBYTECODE=1), as a "
                             "checkout run without a bytecode cache does")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               NO_COLOR="1")
    with tempfile.TemporaryDirectory() as folder:
        # As installed: pip compiles the bytecode at install time.  Without a cache
        # (PYTHONDONTWRITEBYTECODE) every start would compile the sources again; the
        # warm-up run below fills a private cache, leaving the checkout untouched.
        if args.no_bytecode_cache:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        old, new = Path(folder) / "old.txt", Path(folder) / "new.txt"
        old.write_text(OLD, encoding="utf-8")
        new.write_text(NEW, encoding="utf-8")
        commands = {
            "python3 -c pass": [sys.executable, "-c", "pass"],
            "versiondiff --help": [sys.executable, "-m", "versiondiff", "--help"],
            "versiondiff git-diff (small pair)": [sys.executable, "-m", "versiondiff", "git-diff",
                                                  "notice.txt", str(old), "0" * 40, "100644",
                                                  str(new), "1" * 40, "100644"],
        }
        check = subprocess.run(commands["versiondiff git-diff (small pair)"], env=env,
                               capture_output=True, text=True)
        if check.returncode != 0 or "{+算力+}" not in check.stdout:
            print(f"git-diff did not produce the diff: {check.stderr.strip()}", file=sys.stderr)
            return 2
        for argv in commands.values():   # warm the file cache: the first run is not start-up
            _time(argv, env)
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                w, c = _time(argv, env)
                wall[name].append(w)
                cpu[name].append(c)
    bare = {"cpu": statistics.median(cpu["python3 -c pass"]),
            "wall": statistics.median(wall["python3 -c pass"])}
    target = {k: FACTOR * v + SLACK for k, v in bare.items()}
    print(f"start-up, median of {args.runs} runs (interleaved); target: {FACTOR} × bare + "
          f"{SLACK * 1000:.0f} ms = {target['cpu'] * 1000:.0f} ms CPU "
          f"({target['wall'] * 1000:.0f} ms wall)\n")
    print(f"{'command':<36}{'CPU ms':>8}{'× bare':>8}{'wall ms':>9}{'min wall':>10}  target (CPU)")
    ok = True
    for name in commands:
        c, w = statistics.median(cpu[name]), statistics.median(wall[name])
        verdict = "" if name == "python3 -c pass" else ("met" if c <= target["cpu"] else "MISSED")
        ok = ok and verdict != "MISSED"
        print(f"{name:<36}{c * 1000:>8.0f}{c / bare['cpu']:>8.2f}{w * 1000:>9.0f}"
              f"{min(wall[name]) * 1000:>10.0f}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
