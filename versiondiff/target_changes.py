"""Pair the targets of two documents and say how each changed (raised, lowered, deadline moved …).

Targets are paired by what they measure: two targets in the same change
record of the comparison (the aligned clause pair) come first, then two in
the same outline pair (aligned items), then two of the same national-level
indicator (``versiondiff/data/indicators.json``), then any two whose
indicator phrases are alike.  Only targets with the same unit pair (a
milestone, which has none, pairs with anything).  The comparison is used
as it is: nothing is re-aligned here.

>>> from versiondiff.normalize import normalize
>>> from versiondiff.targets import extract
>>> old = extract(normalize("到2025年，农业生产信息化率达到30%。"))
>>> new = extract(normalize("到2027年，农业生产信息化率达到45%。"))
>>> [(c.kind, c.notes) for c in pair_targets(old, new)]
[('raised', ('deadline 2025 → 2027',))]
"""
from __future__ import annotations

import bisect
import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Optional, Sequence

from .models import Comparison, Span
from .targets import Target, document_targets

__all__ = ["TargetChange", "Indicator", "target_changes", "pair_targets", "classify", "indicator_of", "containing",
           "load_indicators", "indicator_similarity", "CHANGE_KINDS"]

#: How a target changed, in the order reports list them.
CHANGE_KINDS = ("raised", "lowered", "deadline moved", "qualifier changed", "quantified",
                "unquantified", "unchanged", "new", "dropped")
#: Indicator phrases at least this alike pair without any other evidence.
MIN_SIMILARITY = 0.35
#: Above this many (old × new) target pairs only those that share a change record, an outline
#: pair or a national indicator are weighed (a book-length text has thousands of numbers).
MAX_PAIRS = 250_000


@dataclass(frozen=True)
class Indicator:
    """A national-level indicator that plans restate with their own numbers."""

    id: str
    name: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class TargetChange:
    """One target of the old document, the new one, or both, and how it changed."""

    kind: str                          # one of CHANGE_KINDS
    old: Optional[Target]
    new: Optional[Target]
    via: str = ""                      # what paired them: clause | item | indicator | similarity
    similarity: float = 0.0            # of the two indicator phrases
    indicator: str = ""                # id of the shared national-level indicator, if any
    notes: tuple[str, ...] = ()        # further differences: "deadline 2025 → 2027", "超 → 以上"


@functools.lru_cache(maxsize=1)
def load_indicators() -> tuple[Indicator, ...]:
    """Return the national-level indicators shipped with the package."""
    data = json.loads(resources.files("versiondiff").joinpath("data", "indicators.json")
                      .read_text(encoding="utf-8"))
    return tuple(Indicator(i["id"], i["name"], tuple(i["keys"])) for i in data["indicators"])


def indicator_of(target: Target) -> Optional[Indicator]:
    """Return the national-level indicator a target restates, if any (keys in table order)."""
    text = target.sentence if target.quantity is None else target.indicator
    for indicator in load_indicators():
        if any(key in text for key in indicator.keys):
            return indicator
    return None


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def indicator_similarity(a: str, b: str) -> float:
    """Return the Dice coefficient of two phrases' character bigrams.

    >>> round(indicator_similarity("新一代智能终端、智能体应用普及率", "新一代智能终端、智能体等应用普及率"), 2)
    0.9
    """
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _compatible(a: Target, b: Target) -> bool:
    """Return True when two targets can measure the same thing (same unit, or a milestone)."""
    if a.quantity is None or b.quantity is None:
        return True
    return a.quantity.unit == b.quantity.unit and (a.kind == b.kind or "goal" in (a.kind, b.kind))


def _fmt(value: float) -> str:
    return f"{value:g}"


def classify(old: Target, new: Target) -> tuple[str, tuple[str, ...]]:
    """Return the kind of change between two paired targets and the further differences."""
    notes: list[str] = []
    if old.year != new.year:
        notes.append(f"deadline {old.year or '—'} → {new.year or '—'}")
    if old.bound != new.bound or old.qualifiers != new.qualifiers:
        before = "".join(old.qualifiers) or ("—" if old.quantity is None else old.bound)
        after = "".join(new.qualifiers) or ("—" if new.quantity is None else new.bound)
        if before != after:
            notes.append(f"{before} → {after}")
    q0, q1 = old.quantity, new.quantity
    if q0 is None and q1 is None:
        kind = "deadline moved" if old.year != new.year else "unchanged"
    elif q0 is None:
        kind = "quantified"
    elif q1 is None:
        kind = "unquantified"
    elif (q1.low, q1.high) != (q0.low, q0.high):
        up = q1.low >= q0.low and q1.high >= q0.high
        down = q1.low <= q0.low and q1.high <= q0.high
        kind = "raised" if up or (not down and q1.value > q0.value) else "lowered"
    elif old.year != new.year:
        kind = "deadline moved"
    elif old.bound != new.bound:
        kind = "qualifier changed"
    else:
        kind = "unchanged"
    shown = [n for n in notes if not (kind == "deadline moved" and n.startswith("deadline"))
             and not (kind == "qualifier changed" and not n.startswith("deadline"))]
    return kind, tuple(shown)


def containing(spans: Sequence[Span], records: Sequence[Sequence[Span]], window: int = 64) -> list[frozenset[int]]:
    """Return, for each span, the set of records (lists of spans) one of whose spans contains it.

    Records' spans are searched by start position (bisect), looking back
    ``window`` spans: the records of a comparison hardly overlap, so this is
    exact for them and keeps a book-length text from being quadratic.
    """
    flat = sorted((a, b, k) for k, rec in enumerate(records) for a, b in rec)
    starts = [a for a, _, _ in flat]
    out = []
    for s0, s1 in spans:
        hi = bisect.bisect_right(starts, s0)
        out.append(frozenset(k for a, b, k in flat[max(0, hi - window):hi] if a <= s0 and s1 <= b))
    return out


def _groups(targets: Sequence[Target], records: Sequence[Sequence[Span]]) -> list[frozenset[int]]:
    """Return, for each target, the set of records (lists of spans) that contain it."""
    return containing([t.span for t in targets], records)


def _pairs_to_weigh(old, new, changes, items, indicators):
    """Yield the (old, new) index pairs worth scoring: all of them, or for big inputs the evidenced ones."""
    if len(old) * len(new) <= MAX_PAIRS:
        yield from ((i, j) for i in range(len(old)) for j in range(len(new)))
        return
    found: set[tuple[int, int]] = set()
    for o_groups, n_groups in (changes, items):
        if o_groups is None:
            continue
        by_group: dict[int, list[int]] = {}
        for j, groups in enumerate(n_groups):
            for g in groups:
                by_group.setdefault(g, []).append(j)
        for i, groups in enumerate(o_groups):
            for g in groups:
                found.update((i, j) for j in by_group.get(g, ()))
    o_ind, n_ind = indicators
    for i, a in enumerate(o_ind):
        if a is not None:
            found.update((i, j) for j, b in enumerate(n_ind) if b == a)
    yield from sorted(found)


def pair_targets(old: Sequence[Target], new: Sequence[Target],
                 comparison: Optional[Comparison] = None) -> list[TargetChange]:
    """Pair two documents' targets and classify each pair; unpaired ones are dropped or new.

    The result lists the new document's targets in reading order (each with its
    old counterpart, if any), then the old targets that were dropped.
    """
    if comparison is not None:
        o_change = _groups(old, [c.old for c in comparison.changes if c.new])
        n_change = _groups(new, [c.new for c in comparison.changes if c.old])
        o_item = _groups(old, [p.old for p in comparison.outline])
        n_item = _groups(new, [p.new for p in comparison.outline])
    else:
        o_change = n_change = o_item = n_item = None
    o_ind = [indicator_of(t) for t in old]
    n_ind = [indicator_of(t) for t in new]
    candidates = []
    for i, j in _pairs_to_weigh(old, new, (o_change, n_change), (o_item, n_item), (o_ind, n_ind)):
        a, b = old[i], new[j]
        if not _compatible(a, b):
            continue
        sim = indicator_similarity(a.indicator, b.indicator)
        same_change = bool(o_change and o_change[i] & n_change[j])
        same_item = bool(o_item and o_item[i] & n_item[j])
        same_ind = o_ind[i] is not None and o_ind[i] == n_ind[j]
        if not (same_change or same_item or same_ind or sim >= MIN_SIMILARITY):
            continue
        if same_item and not (same_change or same_ind or (sim >= 0.2 and a.year == b.year)
                              or sim >= MIN_SIMILARITY):
            continue  # two unrelated commitments of one goals section are not one target
        via = ("clause" if same_change else "item" if same_item else
               "indicator" if same_ind else "similarity")
        score = sim + 1.0 * same_change + 0.5 * same_item + 0.6 * same_ind + 0.3 * (a.year == b.year)
        candidates.append((-score, i, j, via, sim, o_ind[i].id if same_ind else ""))
    candidates.sort()
    o_used: dict[int, tuple] = {}
    n_used: dict[int, tuple] = {}
    for neg, i, j, via, sim, ind in candidates:
        if i in o_used or j in n_used:
            continue
        o_used[i] = n_used[j] = (i, j, via, sim, ind)
    out: list[TargetChange] = []
    for j, b in enumerate(new):
        if j in n_used:
            i, _, via, sim, ind = n_used[j]
            kind, notes = classify(old[i], b)
            out.append(TargetChange(kind, old[i], b, via, round(sim, 4), ind, notes))
        else:
            out.append(TargetChange("new", None, b, indicator=n_ind[j].id if n_ind[j] else ""))
    for i, a in enumerate(old):
        if i not in o_used:
            out.append(TargetChange("dropped", a, None, indicator=o_ind[i].id if o_ind[i] else ""))
    return out


def target_changes(comp: Comparison) -> list[TargetChange]:
    """Return how the targets changed between the two documents of a comparison."""
    return pair_targets(document_targets(comp.old), document_targets(comp.new), comp)
