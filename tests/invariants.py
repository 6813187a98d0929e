"""Invariants of a Comparison that the robustness and property tests check on every result."""
from __future__ import annotations

from versiondiff.models import Comparison

__all__ = ["nothing_lost", "nothing_lost_json", "canonical_at"]


def canonical_at(doc) -> dict[int, str]:
    """Map each original offset to the canonical characters made from it (whitespace left out)."""
    out: dict[int, str] = {}
    starts = doc.text.starts
    for k, ch in enumerate(doc.text.canonical):
        if not ch.isspace():
            out[starts[k]] = out.get(starts[k], "") + ch
    return out


def nothing_lost(comp: Comparison) -> None:
    """Assert the contract: records partition the non-space text; opcodes lie in their records.

    Every non-whitespace character of both originals is in exactly one record;
    every opcode range lies inside one of its record's spans; an ``equal``
    opcode joins text that is equal after normalization.
    """
    for side in ("old", "new"):
        text = getattr(comp, side).text.original
        owners = bytearray(len(text))
        for change in comp.changes:
            for s, e in getattr(change, side):
                assert 0 <= s <= e <= len(text), (side, change.kind, (s, e))
                for k in range(s, e):
                    if owners[k] < 255:
                        owners[k] += 1
        bad = [k for k, ch in enumerate(text) if not ch.isspace() and owners[k] != 1]
        assert not bad, (side, [(k, text[k], owners[k]) for k in bad[:5]], len(bad))
    old_canon, new_canon = canonical_at(comp.old), canonical_at(comp.new)
    for change in comp.changes:
        for tag, i1, i2, j1, j2 in change.opcodes:
            if i2 > i1:
                assert any(s <= i1 and i2 <= e for s, e in change.old), (change.kind, change.old, (i1, i2))
            if j2 > j1:
                assert any(s <= j1 and j2 <= e for s, e in change.new), (change.kind, change.new, (j1, j2))
            if tag == "equal":
                a = "".join(old_canon.get(k, "") for k in range(i1, i2))
                b = "".join(new_canon.get(k, "") for k in range(j1, j2))
                assert a == b, (change.kind, a[:40], b[:40])


def nothing_lost_json(data: dict, old_text: str, new_text: str) -> None:
    """Assert the partition contract on ``diff --format json`` output, given both original texts."""
    for side, text in (("old", old_text), ("new", new_text)):
        assert data[side]["length"] == len(text), (side, data[side]["length"], len(text))
        owners = bytearray(len(text))
        for change in data["changes"]:
            for s, e in change[side]:
                assert 0 <= s <= e <= len(text), (side, change["kind"], (s, e))
                for k in range(s, e):
                    owners[k] = min(owners[k] + 1, 255)
        bad = [k for k, ch in enumerate(text) if not ch.isspace() and owners[k] != 1]
        assert not bad, (side, [(k, text[k], owners[k]) for k in bad[:5]], len(bad))
