"""Character-level differences inside aligned clauses, mapped back to original offsets.

difflib finds the characters; a semantic clean-up then absorbs tiny equal
islands between edits so a reader sees whole changed phrases (the idea of
diff-match-patch's ``diff_cleanupSemantic``); finally the opcodes, computed on
canonical text, are moved into ORIGINAL offsets of each document.
"""
from __future__ import annotations

import bisect
from difflib import SequenceMatcher
from typing import Sequence

from .models import Opcode

__all__ = ["char_opcodes", "cleanup", "increasing_run", "matched_chars", "similarity", "OffsetMap", "to_original",
           "MAX_CELLS"]

#: Above this many character pairs a clause diff is coarsened (see char_opcodes).
MAX_CELLS = 4_000_000

_LocalOp = tuple[str, int, int, int, int]


def char_opcodes(a: str, b: str) -> list[_LocalOp]:
    """Return cleaned-up difflib opcodes turning ``a`` into ``b``.

    >>> char_opcodes("推动人工智能发展", "推动人工智能快速发展")
    [('equal', 0, 6, 0, 6), ('insert', 6, 6, 6, 8), ('equal', 6, 8, 8, 10)]
    """
    if a == b:
        return [("equal", 0, len(a), 0, len(b))] if a else []
    if not a or not b:
        return [("replace" if a and b else "delete" if a else "insert", 0, len(a), 0, len(b))]
    head, tail = _common_ends(a, b)
    if head or tail:
        # equal ends are cheap to find and make long texts with a local edit fast
        inner = char_opcodes(a[head:len(a) - tail], b[head:len(b) - tail])
        ops = [("equal", 0, head, 0, head)] if head else []
        ops += [(t, i1 + head, i2 + head, j1 + head, j2 + head) for t, i1, i2, j1, j2 in inner]
        if tail:
            ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
        return cleanup(ops)
    if len(a) * len(b) > MAX_CELLS:
        return _coarse_opcodes(a, b)
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return cleanup(ops)


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """Return the lengths of the common prefix and (non-overlapping) common suffix.

    >>> _common_ends("推动发展", "推动创新发展")
    (2, 2)
    """
    limit = min(len(a), len(b))
    head = 0
    step = 1024
    while head < limit:  # compare in blocks: fast on long texts
        size = min(step, limit - head)
        if a[head:head + size] == b[head:head + size]:
            head += size
            continue
        if size == 1:
            break
        step = max(1, size // 2)
    tail = 0
    limit -= head
    step = 1024
    while tail < limit:
        size = min(step, limit - tail)
        if a[len(a) - tail - size:len(a) - tail] == b[len(b) - tail - size:len(b) - tail]:
            tail += size
            continue
        if size == 1:
            break
        step = max(1, size // 2)
    return head, tail


#: Length of the verbatim runs that anchor the diff of a very long text.
ANCHOR = 32


def _coarse_opcodes(a: str, b: str) -> list[_LocalOp]:
    """Diff very long texts between verbatim anchors, then characters inside the gaps.

    Every ``ANCHOR``-th run of ``a`` that occurs exactly once in ``b`` (and
    once in ``a``) is a candidate; the longest chain of candidates in order
    on both sides splits the texts into small gaps (linear work instead of
    ``len(a) * len(b)``).  Texts that share no anchor are one replacement.
    """
    runs: dict[str, int] = {}
    for i in range(0, len(a) - ANCHOR + 1, ANCHOR):
        run = a[i:i + ANCHOR]
        runs[run] = -1 if run in runs else i
    found: dict[int, int] = {}
    for j in range(len(b) - ANCHOR + 1):
        i = runs.get(b[j:j + ANCHOR], -1)
        if i >= 0:
            found[i] = -1 if i in found else j
    chain = increasing_run(sorted((i, j) for i, j in found.items() if j >= 0))
    if not chain:
        return [("replace", 0, len(a), 0, len(b))]
    out: list[_LocalOp] = []
    pos_a = pos_b = 0
    for i, j in chain:
        if i < pos_a or j < pos_b:
            continue  # overlaps the anchor before (a run repeated at a shift)
        out.extend((t, pos_a + x1, pos_a + x2, pos_b + y1, pos_b + y2)
                   for t, x1, x2, y1, y2 in char_opcodes(a[pos_a:i], b[pos_b:j]))
        out.append(("equal", i, i + ANCHOR, j, j + ANCHOR))
        pos_a, pos_b = i + ANCHOR, j + ANCHOR
    out.extend((t, pos_a + x1, pos_a + x2, pos_b + y1, pos_b + y2)
               for t, x1, x2, y1, y2 in char_opcodes(a[pos_a:], b[pos_b:]))
    return _merge_adjacent(out)


def increasing_run(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the longest run of pairs increasing in both coordinates (pairs sorted by first).

    >>> increasing_run([(0, 2), (1, 0), (2, 1), (3, 3)])
    [(1, 0), (2, 1), (3, 3)]
    """
    tails: list[int] = []       # smallest second coordinate ending a run of each length
    tail_idx: list[int] = []
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        back[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]


def cleanup(ops: Sequence[_LocalOp]) -> list[_LocalOp]:
    """Absorb equal islands no longer than the edits on both sides, then merge edits.

    >>> cleanup([("replace", 0, 3, 0, 3), ("equal", 3, 4, 3, 4), ("replace", 4, 8, 4, 9)])
    [('replace', 0, 8, 0, 9)]
    """
    ops = [op for op in ops if op[2] > op[1] or op[4] > op[3]]
    changed = True
    while changed:
        changed = False
        for k in range(1, len(ops) - 1):
            tag, i1, i2, j1, j2 = ops[k]
            if tag != "equal":
                continue
            before, after = ops[k - 1], ops[k + 1]
            if before[0] == "equal" or after[0] == "equal":
                continue
            size = i2 - i1
            if size <= max(before[2] - before[1], before[4] - before[3]) and \
               size <= max(after[2] - after[1], after[4] - after[3]):
                ops[k] = ("replace", i1, i2, j1, j2)
                ops = _merge_adjacent(ops)
                changed = True
                break
    return _merge_adjacent(ops)


def _merge_adjacent(ops: Sequence[_LocalOp]) -> list[_LocalOp]:
    """Merge neighbouring non-equal opcodes into one, naming it by what it does."""
    out: list[_LocalOp] = []
    for op in ops:
        if out and op[0] != "equal" and out[-1][0] != "equal":
            _, i1, _, j1, _ = out[-1]
            i2, j2 = op[2], op[4]
            tag = "replace" if i2 > i1 and j2 > j1 else "delete" if i2 > i1 else "insert"
            out[-1] = (tag, i1, i2, j1, j2)
        elif out and op[0] == "equal" and out[-1][0] == "equal":
            out[-1] = ("equal", out[-1][1], op[2], out[-1][3], op[4])
        else:
            out.append(op)
    return out


def matched_chars(a: str, b: str) -> int:
    """Return how many characters difflib matches between ``a`` and ``b``.

    >>> matched_chars("建设智能工厂", "建设智慧工厂")
    5
    """
    if a == b:
        return len(a)
    if not a or not b:
        return 0
    if len(a) * len(b) > MAX_CELLS:
        return sum(i2 - i1 for tag, i1, i2, _, _ in char_opcodes(a, b) if tag == "equal")
    return sum(size for _, _, size in
               SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def similarity(a: str, b: str) -> float:
    """Return difflib's ratio 2M/T for two canonical texts (1.0 for two empty texts)."""
    total = len(a) + len(b)
    return 2.0 * matched_chars(a, b) / total if total else 1.0


class OffsetMap:
    """Original positions of the characters of a text built from several clauses.

    ``starts[k]``/``ends[k]`` is the original range of character ``k``;
    ``breaks`` lists the character indices where a new clause begins, so that
    no opcode crosses from one clause into the next (the text between two
    clauses may belong to another record).
    """

    __slots__ = ("starts", "ends", "breaks")

    def __init__(self, starts: Sequence[int], ends: Sequence[int], breaks: Sequence[int] = ()):
        self.starts = starts
        self.ends = ends
        self.breaks = tuple(breaks)

    def boundary(self, k: int, segment_end: int) -> int:
        """Return the original offset of the boundary before character ``k``."""
        if k < segment_end:
            return self.starts[k]
        return self.ends[segment_end - 1] if segment_end > 0 else 0

    def slice(self, start: int, end: int) -> "OffsetMap":
        """Return the map of characters ``[start, end)`` only."""
        return OffsetMap(self.starts[start:end], self.ends[start:end],
                         [b - start for b in self.breaks if start <= b < end])

    def segments(self) -> list[tuple[int, int]]:
        """Return the character ranges of the clauses making up the text."""
        edges = [0, *[b for b in self.breaks if 0 < b < len(self.starts)], len(self.starts)]
        return [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]


def _segment_of(k: int, segments: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Return the segment holding character ``k`` (or the last one for ``k == len``)."""
    for seg in segments:
        if seg[0] <= k < seg[1]:
            return seg
    return segments[-1]


def _cut_points(ops: Sequence[_LocalOp], old_segments, new_segments) -> list[_LocalOp]:
    """Cut opcodes where either side crosses into another clause."""
    old_edges = sorted({s for s, _ in old_segments[1:]})
    new_edges = sorted({s for s, _ in new_segments[1:]})
    out: list[_LocalOp] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            cuts = sorted({i1 + (e - j1) for e in new_edges if j1 < e < j2} |
                          {e for e in old_edges if i1 < e < i2})
            start = i1
            for c in cuts + [i2]:
                out.append(("equal", start, c, j1 + (start - i1), j1 + (c - i1)))
                start = c
            continue
        old_cuts = [e for e in old_edges if i1 < e < i2]
        new_cuts = [e for e in new_edges if j1 < e < j2]
        old_parts = list(zip([i1, *old_cuts], [*old_cuts, i2]))
        new_parts = list(zip([j1, *new_cuts], [*new_cuts, j2]))
        # pair pieces in order; surplus pieces become pure deletions / insertions
        for n in range(max(len(old_parts), len(new_parts))):
            a1, a2 = old_parts[n] if n < len(old_parts) else (i2, i2)
            b1, b2 = new_parts[n] if n < len(new_parts) else (j2, j2)
            if a2 > a1 or b2 > b1:
                t = "replace" if a2 > a1 and b2 > b1 else "delete" if a2 > a1 else "insert"
                out.append((t, a1, a2, b1, b2))
    return out


def to_original(ops: Sequence[_LocalOp], old: OffsetMap, new: OffsetMap,
                old_anchor: int = 0, new_anchor: int = 0) -> list[Opcode]:
    """Map local opcodes to absolute original offsets, split at clause and whitespace gaps.

    Equal runs are cut wherever either original text has characters the
    canonical text dropped (spaces, line breaks), so that each equal opcode
    pairs characters one to one.  ``*_anchor`` is the original position used
    for an insertion into (or deletion from) a side that has no characters.
    """
    old_segments = old.segments() or [(0, 0)]
    new_segments = new.segments() or [(0, 0)]
    out: list[Opcode] = []
    for tag, i1, i2, j1, j2 in _cut_points(ops, old_segments, new_segments):
        if tag == "equal":
            out.extend(_equal_runs(i1, i2, j1, j2, old, new))
            continue
        oa = _edge(i1, i2, old, old_segments, old_anchor)
        na = _edge(j1, j2, new, new_segments, new_anchor)
        out.append((tag, oa[0], oa[1], na[0], na[1]))
    return out


def _edge(k1: int, k2: int, m: OffsetMap, segments, anchor: int) -> tuple[int, int]:
    """Return the original range of local characters ``[k1, k2)`` (zero-width if empty)."""
    if not len(m.starts):
        return (anchor, anchor)
    if k2 > k1:
        return (m.starts[k1], m.ends[k2 - 1])
    seg = _segment_of(min(k1, len(m.starts)), segments) if k1 < len(m.starts) else segments[-1]
    pos = m.boundary(k1, seg[1])
    return (pos, pos)


def _equal_runs(i1: int, i2: int, j1: int, j2: int, old: OffsetMap, new: OffsetMap) -> list[Opcode]:
    """Split an equal block into runs where both sides advance one original char per char."""
    out: list[Opcode] = []
    start = 0
    n = i2 - i1
    os_, oe, ns, ne = old.starts, old.ends, new.starts, new.ends
    if n and oe[i2 - 1] - os_[i1] == n and ne[j2 - 1] - ns[j1] == n:
        # every character is at least one original character wide, so a range
        # exactly n long on both sides has no gaps: one run (the common case)
        return [("equal", os_[i1], oe[i2 - 1], ns[j1], ne[j2 - 1])]
    for k in range(1, n + 1):
        if k < n:
            a, b = i1 + k, j1 + k
            contiguous = (os_[a] == oe[a - 1] and ns[b] == ne[b - 1]
                          and oe[a] - os_[a] == ne[b] - ns[b] == 1)
            if contiguous and oe[a - 1] - os_[a - 1] == ne[b - 1] - ns[b - 1] == 1:
                continue
        out.append(("equal", os_[i1 + start], oe[i1 + k - 1], ns[j1 + start], ne[j1 + k - 1]))
        start = k
    return out
