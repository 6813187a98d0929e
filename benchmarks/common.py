"""What the benchmark scripts share: the bundled documents and the tool's JSON."""
from __future__ import annotations

import gc
import math
import os
import sys
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python benchmarks/x.py` from anywhere
    sys.path.insert(0, str(ROOT))

__all__ = ["ROOT", "DOCUMENTS", "SEEDS", "EVAL", "PLANS", "GOLD", "plan_path", "read_text", "tool_json",
           "JSON_SOURCE", "fmt"]

#: the bundled corpus
DOCUMENTS = ROOT / "documents"
#: the five seed documents: the names they were collected under (the gold and the instruments use
#: them) and the corpus file that holds the same bytes
SEEDS = {
    "000_8effbd7509af805b.txt": DOCUMENTS / "gansu-ai-plan" / "2026.txt",
    "001_38d0f3723304a6aa.txt": DOCUMENTS / "gansu-ai-plan-summary" / "2026-en.txt",
    "002_06061335a0c18808.txt": DOCUMENTS / "gansu-ai-plan" / "2018.txt",
    "003_f98fe54d3787eb79.txt": DOCUMENTS / "jiangsu-ai-plan" / "2025.txt",
    "004_e3b3e41d2b8247a7.txt": DOCUMENTS / "sichuan-ai-plan" / "2026.txt",
}
#: the independent measuring instruments (project-internal copies, see benchmarks/eval/README.md)
EVAL = ROOT / "benchmarks" / "eval"
GOLD = ROOT / "benchmarks" / "data" / "gold_outline_dev.json"

#: the bundled plan documents: (short name, corpus reference, seed file)
PLANS = [
    ("000 gansu2026", "gansu-ai-plan@2026", "000_8effbd7509af805b.txt"),
    ("002 gansu2018", "gansu-ai-plan@2018", "002_06061335a0c18808.txt"),
    ("003 jiangsu2025", "jiangsu-ai-plan@2025", "003_f98fe54d3787eb79.txt"),
    ("004 sichuan2026", "sichuan-ai-plan@2026", "004_e3b3e41d2b8247a7.txt"),
]


def plan_path(ref: str, seed_file: str) -> Path:
    """Return the file of a bundled plan: as the store resolves the reference, else the corpus file."""
    try:
        from versiondiff.sources import read_source
        path = Path(read_source(ref).path)
        if path.is_file():
            return path
    except Exception:  # no store found from here (or $VERSIONDIFF_STORE elsewhere): the bundled file
        pass
    return SEEDS[seed_file]


def read_text(path: os.PathLike) -> str:
    """Return a UTF-8 file's text with its line endings untouched (BOM removed)."""
    return Path(path).read_bytes().decode("utf-8-sig")


try:
    from versiondiff.render.jsonout import comparison_dict as _comparison_dict
    JSON_SOURCE = "versiondiff.render.jsonout"
except ImportError:  # TEMPORARY: until render/jsonout.py lands, build the contract here
    _comparison_dict = None
    JSON_SOURCE = "benchmarks/common.py (temporary contract builder)"


def tool_json(old, new, mode: str = "auto", **options) -> dict:
    """Return versiondiff's JSON contract (as a dict) for two paths or documents."""
    from versiondiff.compare import compare
    comp = compare(old, new, mode=mode, **options)
    if _comparison_dict is not None:
        return _comparison_dict(comp)
    return {"mode": comp.mode, "notes": list(comp.notes),
            "outline": [{"old": [list(s) for s in p.old], "new": [list(s) for s in p.new]}
                        for p in comp.outline],
            "changes": [{"kind": c.kind, "old": [list(s) for s in c.old], "new": [list(s) for s in c.new],
                         "opcodes": [list(op) for op in c.opcodes]} for c in comp.changes]}


def fmt(value: Optional[float], digits: int = 3) -> str:
    """Format a metric for a table cell."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Return a plain-text table with aligned columns."""
    widths = [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                               for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(headers), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


def best_of(func, repeat: int) -> tuple[float, object]:
    """Return the best wall time of ``repeat`` calls and the last result."""
    best, result = math.inf, None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    return best, result
