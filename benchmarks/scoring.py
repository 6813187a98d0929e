#!/usr/bin/env python3
"""Score a comparison (the versiondiff JSON contract) against a known truth.

usage: python benchmarks/scoring.py TRUTH.json OLD.txt NEW.txt TOOL.json [--examples N]
       python benchmarks/scoring.py --outline GOLD.json PAIR OLD.txt NEW.txt TOOL.json

Alignment metrics (the definitions of ``benchmarks/eval/score.py``, written
independently so either can check the other):

- ``link_p/link_r/link_f1``: truth links are all (old unit, new unit) pairs of
  one record; the tool links a pair when its records put at least half of the
  non-space characters of either unit in correspondence with the other (one to
  one through ``equal`` opcodes, all-to-all inside other opcodes, all-to-all
  over a record that has no opcodes);
- ``insert_recall`` / ``delete_recall``: inserted (deleted) units with at least
  half of their characters outside every two-sided record;
- ``move_recall``: moved units with at least half of their old characters in
  ``moved`` records;
- ``modify_found``: modified units with a changed character on either side;
- ``false_change``: share of the characters of unedited units (new side) shown
  as changed (inside a non-equal opcode, or in an inserted/deleted record).

``moves`` lists ``(edited, placement, found)`` for every moved unit.
Extras, not targets: ``renumber_ok`` (renumbered headings reported as
``renumbered``), ``noise_shown`` (share of added boilerplate characters shown
as inserted instead of ignored).
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from typing import NoReturn, Optional

__all__ = ["score_revision", "score_outline", "outline_anchors", "METRICS", "TARGETS", "meets"]

#: the metrics of :func:`score_revision`, in table order
METRICS = ("link_p", "link_r", "link_f1", "insert_recall", "delete_recall", "move_recall",
           "modify_found", "false_change")
#: issue 3's targets: (metric, comparison, bound)
TARGETS = {"link_f1": (">=", 0.97), "insert_recall": (">=", 0.95), "delete_recall": (">=", 0.95),
           "move_recall": (">=", 0.90), "modify_found": (">=", 0.98), "false_change": ("<=", 0.002),
           "outline_f1": (">=", 0.92)}

_KIND = {"unchanged": "equal", "same": "equal", "modified": "changed", "modify": "changed",
         "replace": "changed", "move": "moved", "insert": "inserted", "added": "inserted",
         "delete": "deleted", "removed": "deleted", "merge": "merged"}


def meets(metric: str, value: float) -> Optional[bool]:
    """Return whether ``value`` meets the target of ``metric`` (None when it has none).

    >>> meets("link_f1", 0.98), meets("false_change", 0.01), meets("link_p", 0.5)
    (True, False, None)
    """
    if metric not in TARGETS:
        return None
    op, bound = TARGETS[metric]
    return value >= bound if op == ">=" else value <= bound


def _chars(text: str, spans) -> list[int]:
    return [k for s, e in spans for k in range(max(0, s), min(e, len(text))) if not text[k].isspace()]


def score_revision(truth: dict, old: str, new: str, tool: dict, examples: int = 0) -> dict:
    """Return the alignment metrics of ``tool`` (contract dict) against ``truth``.

    With ``examples > 0`` the result also holds ``"examples"``: up to that many
    cases of each kind of failure, with the texts involved.
    """
    records = truth["records"]
    old_units: list[list[int]] = []
    new_units: list[list[int]] = []
    unit_op_old: list[str] = []
    unit_op_new: list[str] = []
    links: set[tuple[int, int]] = set()
    for r in records:
        oi = list(range(len(old_units), len(old_units) + len(r["old"])))
        ni = list(range(len(new_units), len(new_units) + len(r["new"])))
        old_units += [_chars(old, [sp]) for sp in r["old"]]
        new_units += [_chars(new, [sp]) for sp in r["new"]]
        unit_op_old += [r["op"]] * len(oi)
        unit_op_new += [r["op"]] * len(ni)
        links |= {(a, b) for a in oi for b in ni}
        r["_oi"], r["_ni"] = oi, ni
    owner_old = [-1] * len(old)
    owner_new = [-1] * len(new)
    for u, chars in enumerate(old_units):
        for k in chars:
            owner_old[k] = u
    for u, chars in enumerate(new_units):
        for k in chars:
            owner_new[k] = u

    cover_old: dict[tuple[int, int], int] = defaultdict(int)  # old-side chars supporting a link
    cover_new: dict[tuple[int, int], int] = defaultdict(int)
    aligned_old, aligned_new = bytearray(len(old)), bytearray(len(new))
    changed_old, changed_new = bytearray(len(old)), bytearray(len(new))
    moved_old = bytearray(len(old))
    renumbered_new = bytearray(len(new))
    ignored_new = bytearray(len(new))

    def block(o: list[int], n: list[int]) -> None:
        ou: dict[int, int] = defaultdict(int)
        nu: dict[int, int] = defaultdict(int)
        for k in o:
            if owner_old[k] >= 0:
                ou[owner_old[k]] += 1
        for k in n:
            if owner_new[k] >= 0:
                nu[owner_new[k]] += 1
        for a, ca in ou.items():
            for b, cb in nu.items():
                cover_old[(a, b)] += ca
                cover_new[(a, b)] += cb

    for rec in tool.get("changes", []):
        kind = str(rec.get("kind", "")).lower()
        kind = _KIND.get(kind, kind)
        o = _chars(old, rec.get("old", []))
        n = _chars(new, rec.get("new", []))
        ops = rec.get("opcodes")
        if kind == "ignored":
            for k in n:
                ignored_new[k] = 1
            continue
        if o and n:
            for k in o:
                aligned_old[k] = 1
            for k in n:
                aligned_new[k] = 1
            if kind == "moved":
                for k in o:
                    moved_old[k] = 1
            if kind == "renumbered":
                for k in n:
                    renumbered_new[k] = 1
            if ops:
                for tag, i1, i2, j1, j2 in (op[:5] for op in ops):
                    if tag == "equal" and i2 - i1 == j2 - j1:
                        for d in range(i2 - i1):
                            a, b = i1 + d, j1 + d
                            if a >= len(old) or b >= len(new):
                                break
                            ua, ub = owner_old[a], owner_new[b]
                            if ua >= 0 and ub >= 0:
                                if not old[a].isspace():
                                    cover_old[(ua, ub)] += 1
                                if not new[b].isspace():
                                    cover_new[(ua, ub)] += 1
                    elif i2 > i1 and j2 > j1:
                        block(_chars(old, [(i1, i2)]), _chars(new, [(j1, j2)]))
            else:
                block(o, n)
        if kind in ("inserted", "deleted") or (not ops and kind != "equal"):
            for k in o:
                changed_old[k] = 1
            for k in n:
                changed_new[k] = 1
        for op in ops or []:
            tag, i1, i2, j1, j2 = op[:5]
            if tag != "equal":
                for k in _chars(old, [(i1, i2)]):
                    changed_old[k] = 1
                for k in _chars(new, [(j1, j2)]):
                    changed_new[k] = 1

    pred = {(a, b) for (a, b) in set(cover_old) | set(cover_new)
            if cover_old[(a, b)] >= 0.5 * max(1, len(old_units[a]))
            or cover_new[(a, b)] >= 0.5 * max(1, len(new_units[b]))}
    tp = len(pred & links)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(links) if links else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0

    def unaligned(units: list[list[int]], aligned: bytearray) -> list[bool]:
        return [sum(1 for k in u if not aligned[k]) >= 0.5 * len(u) for u in units if u]

    def share(flags: list[bool]) -> float:
        return sum(flags) / len(flags) if flags else 1.0

    ins = [new_units[j] for rr in records if rr["op"] == "insert" for j in rr["_ni"]]
    dels = [old_units[i] for rr in records if rr["op"] == "delete" for i in rr["_oi"]]
    moves = [old_units[i] for rr in records if rr["op"] == "move" for i in rr["_oi"]]
    move_kinds = [(bool(rr.get("edited")), rr.get("placement", "")) for rr in records
                  if rr["op"] == "move" for _ in rr["_oi"]]
    mods = [(old_units[rr["_oi"][0]], new_units[rr["_ni"][0]]) for rr in records if rr["op"] == "modify"]
    renums = [new_units[j] for rr in records if rr["op"] == "renumber" for j in rr["_ni"]]
    noise = [k for rr in records if rr["op"] == "noise" for j in rr["_ni"] for k in new_units[j]]
    equal_new = [k for rr in records if rr["op"] == "equal" for j in rr["_ni"] for k in new_units[j]]
    result = {
        "link_p": p, "link_r": r, "link_f1": f1,
        "insert_recall": share(unaligned(ins, aligned_new)),
        "delete_recall": share(unaligned(dels, aligned_old)),
        "move_recall": share([sum(moved_old[k] for k in u) >= 0.5 * len(u) for u in moves if u]),
        "modify_found": share([any(changed_old[k] for k in u) or any(changed_new[k] for k in v)
                               for u, v in mods]),
        "false_change": (sum(changed_new[k] for k in equal_new) / len(equal_new)) if equal_new else 0.0,
        "renumber_ok": share([sum(renumbered_new[k] for k in u) >= 0.5 * len(u) for u in renums if u]),
        "noise_shown": (sum(1 for k in noise if not ignored_new[k]) / len(noise)) if noise else 0.0,
        "moves": [(edited, placement, sum(moved_old[k] for k in u) >= 0.5 * len(u))
                  for (edited, placement), u in zip(move_kinds, moves) if u],
        "counts": {"links": len(links), "predicted": len(pred), "insert": len(ins), "delete": len(dels),
                   "move": len(moves), "modify": len(mods), "renumber": len(renums)},
    }
    if examples:
        result["examples"] = _examples(records, old, new, old_units, new_units, links, pred,
                                       aligned_old, aligned_new, moved_old, changed_old, changed_new,
                                       examples)
    for rr in records:
        rr.pop("_oi", None)
        rr.pop("_ni", None)
    return result


def _examples(records, old, new, old_units, new_units, links, pred, aligned_old, aligned_new,
              moved_old, changed_old, changed_new, limit: int) -> dict:
    """Collect up to ``limit`` failures of each kind, with the texts involved."""
    def text(src: str, unit: list[int], width: int = 40) -> str:
        if not unit:
            return ""
        snippet = "".join(src[k] for k in unit)
        return snippet if len(snippet) <= width else snippet[:width] + "…"

    op_old = {}
    op_new = {}
    for rr in records:
        for i in rr["_oi"]:
            op_old[i] = rr["op"]
        for j in rr["_ni"]:
            op_new[j] = rr["op"]
    out: dict[str, list] = defaultdict(list)
    for a, b in sorted(links - pred):
        if len(out["missed_link"]) < limit:
            out["missed_link"].append({"op": op_old.get(a), "old": text(old, old_units[a]),
                                       "new": text(new, new_units[b])})
    for a, b in sorted(pred - links):
        if len(out["false_link"]) < limit:
            out["false_link"].append({"old_op": op_old.get(a), "new_op": op_new.get(b),
                                      "old": text(old, old_units[a]), "new": text(new, new_units[b])})
    for rr in records:
        op = rr["op"]
        if op == "insert":
            for j in rr["_ni"]:
                u = new_units[j]
                if u and sum(1 for k in u if not aligned_new[k]) < 0.5 * len(u) and len(out["insert_aligned"]) < limit:
                    out["insert_aligned"].append(text(new, u))
        elif op == "delete":
            for i in rr["_oi"]:
                u = old_units[i]
                if u and sum(1 for k in u if not aligned_old[k]) < 0.5 * len(u) and len(out["delete_aligned"]) < limit:
                    out["delete_aligned"].append(text(old, u))
        elif op == "move":
            for i in rr["_oi"]:
                u = old_units[i]
                if u and sum(moved_old[k] for k in u) < 0.5 * len(u) and len(out["move_missed"]) < limit:
                    out["move_missed"].append({"edited": rr.get("edited"), "placement": rr.get("placement"),
                                               "old": text(old, u)})
        elif op == "modify":
            u, v = old_units[rr["_oi"][0]], new_units[rr["_ni"][0]]
            if not (any(changed_old[k] for k in u) or any(changed_new[k] for k in v)) \
                    and len(out["modify_missed"]) < limit:
                out["modify_missed"].append({"old": text(old, u, 60), "new": text(new, v, 60)})
        elif op == "equal":
            for j in rr["_ni"]:
                v = new_units[j]
                marked = "".join(new[k] for k in v if changed_new[k])
                if marked and len(out["false_change"]) < limit:
                    out["false_change"].append({"unit": text(new, v, 60), "marked": marked[:40]})
    return dict(out)


# ---- outline (item) alignment against a hand-made gold ------------------------

def _fold(text: str) -> str:
    """Return ``text`` in simplified script with NFKC width folding, one character per character."""
    import opencc
    folded = "".join(c if len(unicodedata.normalize("NFKC", c)) != 1 else unicodedata.normalize("NFKC", c)
                     for c in text)
    converted = opencc.OpenCC("t2s").convert(folded)
    return converted if len(converted) == len(folded) else folded


def outline_anchors(text: str, leaves: list[str]) -> dict[str, int]:
    """Return where each gold leaf anchor starts in ``text`` (original offsets)."""
    folded = _fold(text)
    pos = {}
    for anchor in leaves:
        at = folded.find(_fold(anchor))
        if at < 0:
            raise ValueError(f"gold anchor not found: {anchor}")
        pos[anchor] = at
    return pos


def score_outline(gold: dict, pair: str, old: str, new: str, tool: dict) -> dict:
    """Return outline precision (against primary+secondary), recall (primary) and F1.

    Only tool pairs whose old spans hold exactly one gold anchor and whose new
    spans hold exactly one are judged (leaf pairs), as in the shared scorer.
    """
    a, b = pair.split("-")
    anchors_old = outline_anchors(old, gold["docs"][a]["leaves"])
    anchors_new = outline_anchors(new, gold["docs"][b]["leaves"])
    primary = {tuple(x) for x in gold["pairs"][pair]["primary"]}
    allowed = primary | {tuple(x) for x in gold["pairs"][pair]["secondary"]}

    def inside(anchors: dict[str, int], spans) -> list[str]:
        return [name for name, at in anchors.items() if any(s <= at < e for s, e in spans)]

    pred = set()
    for rec in tool.get("outline", []):
        x, y = inside(anchors_old, rec.get("old", [])), inside(anchors_new, rec.get("new", []))
        if len(x) == 1 and len(y) == 1:
            pred.add((x[0], y[0]))
    p = len(pred & allowed) / len(pred) if pred else 0.0
    r = len(pred & primary) / len(primary) if primary else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f1, "pred": len(pred),
            "missed": sorted(" ~ ".join(x) for x in primary - pred),
            "wrong": sorted(" ~ ".join(x) for x in pred - allowed)}


def main() -> None:
    """Run the command line (a missing or unreadable file is one line on stderr, exit status 2)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--outline", action="store_true", help="score outline pairs against a gold file")
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("args", nargs="+")
    a = ap.parse_args()

    def fail(message: str) -> NoReturn:
        print(f"scoring.py: error: {message}", file=sys.stderr)
        raise SystemExit(2)

    want = 5 if a.outline else 4
    if len(a.args) != want:
        fail(f"expected {want} arguments, got {len(a.args)}: "
             + ("GOLD.json PAIR OLD.txt NEW.txt TOOL.json" if a.outline else "TRUTH.json OLD.txt NEW.txt TOOL.json"))

    def read(path: str) -> str:
        try:
            with open(path, encoding="utf-8", newline="") as f:
                return f.read()
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{path}: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}")

    def load(path: str) -> dict:
        try:
            return json.loads(read(path))
        except json.JSONDecodeError as exc:
            fail(f"{path}: not JSON ({exc})")

    if a.outline:
        gold, pair, old, new, tool = a.args
        gold_data = load(gold)
        if pair not in gold_data.get("pairs", {}):
            fail(f"{gold}: no pair {pair!r} (pairs: {', '.join(sorted(gold_data.get('pairs', {})))})")
        result = score_outline(gold_data, pair, read(old), read(new), load(tool))
    else:
        truth, old, new, tool = a.args
        result = score_revision(load(truth), read(old), read(new), load(tool), examples=a.examples)
    print(json.dumps(result, ensure_ascii=False, indent=1 if a.examples else None))


if __name__ == "__main__":
    main()
