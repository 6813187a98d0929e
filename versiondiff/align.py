"""Decide which clauses (and items) of two documents correspond.

*Version mode* (one document, revised) keeps order: identical clauses that are
unique on both sides anchor the alignment (patience diff), a monotonic dynamic
programme pairs the clauses between anchors (1–1, 1–0, 0–1, split 1–2, merge
2–1), and deletions and insertions left over that match each other are moved.
*Cross mode* (different documents) matches items by content (TF-IDF weighted
character n-grams) and clauses within and across matched items, in any order.

Everything here works on canonical clause texts and is deterministic.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable, Iterable, Sequence

from .inline import MAX_CELLS, increasing_run, matched_chars
from .models import Clause

__all__ = ["Link", "Budget", "align_version", "align_cross", "shared_fraction", "near_shared_fraction",
           "contained", "body", "unit_similarities", "unit_candidates", "match_units", "unit_texts",
           "rewrite_unit_pairs", "pair_rewritten",
           "PAIR_THRESHOLD"]

#: Least similarity (difflib ratio) for two clauses to be reported as one clause changed.
PAIR_THRESHOLD = 0.5
#: Least similarity for a cross-mode clause pair outside matched items (reuse, not a topic match).
REUSE_THRESHOLD = 0.7
#: Least share of a split or merge part's bigrams found in the single clause it joins.
_PART_INSIDE = 0.5
#: A pairing must earn more than this many matched characters (stops chance pairs).
_PENALTY = 1.0


@dataclass(frozen=True)
class Link:
    """Clauses that correspond: ``kind`` is a change kind, indices point into the clause lists.

    ``old_part``/``new_part`` narrow a single clause to a character range of
    its text: a clause that gained a glued-on sentence (no terminator between
    them) is carved into the part that matches and the part that does not.
    """

    kind: str
    old: tuple[int, ...]
    new: tuple[int, ...]
    similarity: float
    old_part: tuple[int, int] | None = None
    new_part: tuple[int, int] | None = None


class Budget:
    """A work allowance for the quadratic steps; spending past it makes the diff coarser."""

    def __init__(self, cells: int = 20_000_000) -> None:
        self.left = cells
        self.notes: list[str] = []

    def spend(self, cells: int, what: str) -> bool:
        """Spend ``cells`` units of work; return False (and note it once) when none is left."""
        if cells <= self.left:
            self.left -= cells
            return True
        note = f"work budget exceeded in {what}: a coarser alignment was used"
        if note not in self.notes:
            self.notes.append(note)
        return False


# ---- shared helpers ---------------------------------------------------------

def bigrams(text: str) -> set[str]:
    """Return the set of character bigrams of ``text`` (the text itself if shorter).

    >>> sorted(bigrams("智能化"))
    ['智能', '能化']
    """
    if len(text) < 2:
        return {text} if text else set()
    return {text[k:k + 2] for k in range(len(text) - 1)}


def body(clause: Clause) -> str:
    """Return the clause text without its item label (so renumbering alone is no change)."""
    if clause.label and clause.text.startswith(clause.label):
        return clause.text[len(clause.label):]
    return clause.text


#: A clause found whole at the start or end of another must be this long to pair with it.
MIN_CONTAINED = 4


def contained(a: str, b: str) -> bool:
    """Return True when the shorter text is the start or end of the longer, verbatim.

    That is a clause that gained (or lost) a glued-on sentence with no
    terminator between them: the clause itself is unchanged.

    >>> contained("2026年1月6日", "2026年1月6日建立智能监控平台。"), contained("智能", "人工智能发展")
    (True, False)
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return (len(short) >= MIN_CONTAINED and len(long) > len(short)
            and (long.startswith(short) or long.endswith(short)))


def _kind_of_pair(a: Clause, b: Clause) -> str:
    """Return equal, renumbered or changed for a one-to-one pair."""
    if a.text == b.text:
        return "equal"
    if a.label and b.label and a.label != b.label and body(a) == body(b):
        return "renumbered"
    return "changed"


def shared_fraction(old: Sequence[Clause], new: Sequence[Clause]) -> float:
    """Return the share of characters in identical clauses (how much text two documents share).

    Used by ``mode="auto"``: revisions of one document share much of their text
    verbatim, different documents on one subject very little.
    """
    old_counts = Counter(c.text for c in old)
    new_counts = Counter(c.text for c in new)
    shared = sum(min(n, new_counts[t]) * len(t) for t, n in old_counts.items() if t in new_counts)
    return _share(shared, old, new)


def _share(shared: float, old: Sequence[Clause], new: Sequence[Clause]) -> float:
    """Return ``shared`` as a fraction of the shorter text (an empty text shares nothing)."""
    sizes = (sum(len(c.text) for c in old), sum(len(c.text) for c in new))
    if not any(sizes):
        return 1.0
    return shared / min(sizes) if min(sizes) else 0.0


def near_shared_fraction(old: Sequence[Clause], new: Sequence[Clause], budget: Budget) -> float:
    """Return the share of characters in clauses with a close counterpart anywhere (ratio ≥ 0.7)."""
    scorer = _Scorer(old, new, budget)
    pairs = _find_moves(scorer, *_whole_clauses(scorer))
    shared = sum(r * (len(old[i].text) + len(new[j].text)) / 2 for r, i, j in pairs if r >= 0.7)
    return _share(shared, old, new)


# ---- version mode -----------------------------------------------------------

def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Return identical-clause anchors: patience diff applied recursively, plus equal ends."""
    found: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            found.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            found.append((ahi, bhi))
        if alo >= ahi or blo >= bhi:
            continue
        count_a = Counter(a[alo:ahi])
        count_b = Counter(b[blo:bhi])
        where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
        pairs = [(i, where_b[a[i]]) for i in range(alo, ahi)
                 if count_a[a[i]] == 1 and a[i] in where_b]
        if not pairs:
            # nothing unique (repeated boilerplate clauses): difflib's longest
            # matching blocks still anchor repeated text in order
            if (ahi - alo) * (bhi - blo) <= 25_000_000:
                matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
                for ia, jb, size in matcher.get_matching_blocks():
                    found.extend((alo + ia + k, blo + jb + k) for k in range(size))
            continue
        chain = increasing_run(pairs)
        prev_i, prev_j = alo - 1, blo - 1
        for i, j in chain + [(ahi, bhi)]:
            if i - prev_i > 1 and j - prev_j > 1:
                stack.append((prev_i + 1, i, prev_j + 1, j))
            if i < ahi:
                found.append((i, j))
            prev_i, prev_j = i, j
    return sorted(found)


class _Scorer:
    """Similarity of clause groups with cheap filters first and a cache."""

    def __init__(self, old: Sequence[Clause], new: Sequence[Clause], budget: Budget) -> None:
        self.old, self.new, self.budget = old, new, budget
        memo: dict[str, set[str]] = {}  # repeated clauses share one set

        def grams(text: str) -> set[str]:
            found = memo.get(text)
            if found is None:
                found = memo[text] = bigrams(text)
            return found

        self.old_grams = [grams(c.text) for c in old]
        self.new_grams = [grams(c.text) for c in new]
        self.cache: dict[tuple, float | None] = {}

    @staticmethod
    def _dice(x: set[str], y: set[str]) -> float:
        return 2 * len(x & y) / (len(x) + len(y)) if x or y else 1.0

    @staticmethod
    def _contained(part: set[str], whole: set[str]) -> float:
        return len(part & whole) / len(part) if part else 1.0

    def pair(self, i: int, j: int) -> float | None:
        """Return the gain of pairing old ``i`` with new ``j`` one to one, or None."""
        key = (i, j)
        if key not in self.cache:
            self.cache[key] = self.pair_texts(self.old[i].text, self.new[j].text,
                                              self.old_grams[i], self.new_grams[j])
        return self.cache[key]

    def pair_texts(self, a: str, b: str, a_grams: set[str], b_grams: set[str]) -> float | None:
        """Return the gain of pairing two texts one to one, or None when they do not match."""
        if a == b:
            return float(len(a))
        if contained(a, b):
            return min(len(a), len(b)) - _PENALTY
        if self._dice(a_grams, b_grams) >= 0.25 and \
                self.budget.spend(_cost(len(a), len(b)), "clause pairing"):
            m = matched_chars(a, b)
            if 2 * m / (len(a) + len(b)) >= PAIR_THRESHOLD and m > _PENALTY:
                return m - _PENALTY
        return None

    def group(self, single: str, parts: Sequence[str], single_grams: set[str],
              part_grams: Sequence[set[str]], key: tuple) -> float | None:
        """Return the gain of one clause matching several consecutive clauses, or None."""
        if key in self.cache:
            return self.cache[key]
        gain = None
        if all(self._contained(g, single_grams) >= _PART_INSIDE for g in part_grams):
            joined = "".join(parts)
            if len(single) * len(joined) <= MAX_CELLS and \
                    self.budget.spend(_cost(len(single), len(joined)), "split/merge search"):
                blocks = SequenceMatcher(None, single, joined, autojunk=False).get_matching_blocks()
                edges = []
                pos = 0
                for p in parts:
                    edges.append((pos, pos + len(p)))
                    pos += len(p)
                per_part = [0] * len(parts)
                total = 0
                for _, jb, size in blocks:
                    total += size
                    for n, (s, e) in enumerate(edges):
                        per_part[n] += max(0, min(e, jb + size) - max(s, jb))
                ok = all(per_part[n] >= 0.5 * len(p) for n, p in enumerate(parts))
                if ok and 2 * total / (len(single) + len(joined)) >= PAIR_THRESHOLD:
                    gain = total - _PENALTY
        self.cache[key] = gain
        return gain

    def split(self, i: int, j: int, gap: int = 0) -> float | None:
        """Return the gain of old ``i`` split into new ``j`` and ``j+1+gap``."""
        k = j + 1 + gap
        return self.group(self.old[i].text, [self.new[j].text, self.new[k].text],
                          self.old_grams[i], [self.new_grams[j], self.new_grams[k]],
                          ("s", i, j, gap))

    def merge(self, i: int, j: int, gap: int = 0) -> float | None:
        """Return the gain of old ``i`` and ``i+1+gap`` merged into new ``j``."""
        k = i + 1 + gap
        return self.group(self.new[j].text, [self.old[i].text, self.old[k].text],
                          self.new_grams[j], [self.old_grams[i], self.old_grams[k]],
                          ("m", i, j, gap))


def _cost(n: int, m: int) -> int:
    """Return the work units of a character diff (long texts are diffed in chunks first)."""
    if n * m > MAX_CELLS:
        return (MAX_CELLS + (n // 64 + 1) * (m // 64 + 1)) // 50
    return n * m // 50 + 1


def _shared_bigrams(scorer: _Scorer, alo: int, ahi: int, blo: int, bhi: int) -> list[dict[int, int]]:
    """Return, for each old clause of a gap, the bigrams it shares with each new clause of the gap.

    An inverted index over the gap's new clauses: pairs sharing nothing (most
    of a gap) are never visited, which a cell-by-cell set intersection would do.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for y in range(bhi - blo):
        for g in scorer.new_grams[blo + y]:
            postings[g].append(y)
    shared: list[dict[int, int]] = []
    for x in range(ahi - alo):
        counts: Counter[int] = Counter()
        for g in scorer.old_grams[alo + x]:
            found = postings.get(g)
            if found:
                counts.update(found)
        shared.append(dict(counts))
    return shared


def _align_gap(scorer: _Scorer, alo: int, ahi: int, blo: int, bhi: int) -> list[Link]:
    """Pair the clauses of one gap between anchors with a monotonic dynamic programme."""
    n, m = ahi - alo, bhi - blo
    if n == 0 or m == 0:
        return [Link("deleted", (i,), (), 0.0) for i in range(alo, ahi)] + \
               [Link("inserted", (), (j,), 0.0) for j in range(blo, bhi)]
    if not scorer.budget.spend(n * m, "gap alignment"):
        # too large to search: leave it to the move search, which is indexed
        return _align_gap(scorer, alo, ahi, blo, blo) + _align_gap(scorer, ahi, ahi, blo, bhi)
    shared = _shared_bigrams(scorer, alo, ahi, blo, bhi)
    # split parts (new clauses inside old x) and merge parts (old clauses inside new y): the
    # test of _Scorer.group, made once per cell instead of once per candidate group;
    # an empty text is inside anything, as in _Scorer._contained
    empty_new = {y for y in range(m) if not scorer.new_grams[blo + y]}
    empty_old = {x for x in range(n) if not scorer.old_grams[alo + x]}
    in_old = [empty_new | {y for y, c in counts.items() if c >= _PART_INSIDE * len(scorer.new_grams[blo + y])}
              for counts in shared]
    in_new = [set(empty_old) for _ in range(m)]
    for x, counts in enumerate(shared):
        size = len(scorer.old_grams[alo + x])
        for y, c in counts.items():
            if c >= _PART_INSIDE * size:
                in_new[y].add(x)
    old_texts, new_texts = scorer.old, scorer.new
    # best[x][y]: best gain aligning old[alo:alo+x] with new[blo:blo+y]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    for x in range(n + 1):
        row, prev = best[x], best[x - 1] if x else None
        near = shared[x - 1] if x else {}
        parts = in_old[x - 1] if x else set()
        for y in range(m + 1):
            if x == 0 and y == 0:
                continue
            score, step = -1.0, ""
            if x and prev[y] > score:
                score, step = prev[y], "d"
            if y and row[y - 1] > score:
                score, step = row[y - 1], "i"
            if x and y:
                # clauses sharing no bigram cannot pair unless equal (two empty texts)
                if y - 1 in near or old_texts[alo + x - 1].text == new_texts[blo + y - 1].text:
                    g = scorer.pair(alo + x - 1, blo + y - 1)
                    if g is not None and prev[y - 1] + g > score:
                        score, step = prev[y - 1] + g, "p"
                wholes = in_new[y - 1]
                if y >= 2 and y - 1 in parts and y - 2 in parts:
                    g = scorer.split(alo + x - 1, blo + y - 2)
                    if g is not None and prev[y - 2] + g > score:
                        score, step = prev[y - 2] + g, "s"
                if x >= 2 and x - 1 in wholes and x - 2 in wholes:
                    g = scorer.merge(alo + x - 2, blo + y - 1)
                    if g is not None and best[x - 2][y - 1] + g > score:
                        score, step = best[x - 2][y - 1] + g, "m"
                # a sentence cut in two by an inserted (deleted) one between the halves
                if y >= 3 and y - 1 in parts and y - 3 in parts:
                    g = scorer.split(alo + x - 1, blo + y - 3, gap=1)
                    if g is not None and prev[y - 3] + g > score:
                        score, step = prev[y - 3] + g, "S"
                if x >= 3 and x - 1 in wholes and x - 3 in wholes:
                    g = scorer.merge(alo + x - 3, blo + y - 1, gap=1)
                    if g is not None and best[x - 3][y - 1] + g > score:
                        score, step = best[x - 3][y - 1] + g, "M"
            row[y], move[x][y] = score, step
    links: list[Link] = []
    x, y = n, m
    while x or y:
        step = move[x][y]
        i, j = alo + x - 1, blo + y - 1
        if step == "d":
            links.append(Link("deleted", (i,), (), 0.0))
            x -= 1
        elif step == "i":
            links.append(Link("inserted", (), (j,), 0.0))
            y -= 1
        elif step == "p":
            a, b = scorer.old[i], scorer.new[j]
            links.append(Link(_kind_of_pair(a, b), (i,), (j,), _ratio(scorer.pair(i, j), a.text, b.text)))
            x, y = x - 1, y - 1
        elif step in "sS":
            gap = 1 if step == "S" else 0
            first, second = j - 1 - gap, j
            if gap:
                links.append(Link("inserted", (), (j - 1,), 0.0))
            links.append(_group_link(scorer, "split", (i,), (first, second),
                                     scorer.split(i, first, gap)))
            x, y = x - 1, y - 2 - gap
        else:
            gap = 1 if step == "M" else 0
            first, second = i - 1 - gap, i
            if gap:
                links.append(Link("deleted", (i - 1,), (), 0.0))
            links.append(_group_link(scorer, "merged", (first, second), (j,),
                                     scorer.merge(first, j, gap)))
            x, y = x - 2 - gap, y - 1
    return links[::-1]


def _group_link(scorer: _Scorer, kind: str, old: tuple[int, ...], new: tuple[int, ...],
                gain: float | None) -> Link:
    """Return a split or merge link; one whose joined texts are identical is layout, not change."""
    a = "".join(scorer.old[i].text for i in old)
    b = "".join(scorer.new[j].text for j in new)
    if a == b:
        return Link("equal", old, new, 1.0)
    return Link(kind, old, new, 2 * ((gain or 0.0) + _PENALTY) / (len(a) + len(b)))


def _ratio(gain: float | None, a: str, b: str) -> float:
    """Return the similarity implied by a pairing gain."""
    if a == b:
        return 1.0
    return 2 * ((gain or 0.0) + _PENALTY) / (len(a) + len(b)) if a or b else 1.0


@dataclass(frozen=True)
class _Piece:
    """A clause, or part of one, waiting for a partner in the move search."""

    clause: int
    part: tuple[int, int] | None
    text: str
    grams: set[str]


def _piece(clauses: Sequence[Clause], grams: Sequence[set[str]], index: int,
           part: tuple[int, int] | None = None) -> _Piece:
    """Return a whole clause or a character range of it as a move candidate."""
    if part is None:
        return _Piece(index, None, clauses[index].text, grams[index])
    text = clauses[index].text[part[0]:part[1]]
    return _Piece(index, part, text, bigrams(text))


def _whole_clauses(scorer: _Scorer) -> tuple[list[_Piece], list[_Piece]]:
    """Return every clause of both sides as move candidates (positions = clause indices)."""
    return ([_piece(scorer.old, scorer.old_grams, i) for i in range(len(scorer.old))],
            [_piece(scorer.new, scorer.new_grams, j) for j in range(len(scorer.new))])


def _containing(scorer: _Scorer, dels: list[_Piece], ins: list[_Piece]) -> list[tuple[float, int, int]]:
    """Pair pieces where one is the start or end of the other, verbatim (hash lookups).

    A short line (a title half, a heading) glued to a long inserted sentence
    shares too few rare bigrams with it for the bigram index to propose it.
    """
    found: list[tuple[float, int, int]] = []
    for short, long, flip in ((dels, ins, False), (ins, dels, True)):
        by_text: dict[str, int] = {}
        for x, piece in enumerate(short):
            if len(piece.text) >= MIN_CONTAINED:
                by_text.setdefault(piece.text, x)
        lengths = sorted({len(t) for t in by_text})
        for y, piece in enumerate(long):
            text = piece.text
            for n in lengths:
                if n >= len(text):
                    break
                for part in (text[:n], text[-n:]):
                    x = by_text.get(part)
                    if x is not None:
                        ratio = _ratio(n - _PENALTY, part, text)
                        found.append((ratio, y, x) if flip else (ratio, x, y))
    return found


def _find_moves(scorer: _Scorer, dels: list[_Piece], ins: list[_Piece]) -> list[tuple[float, int, int]]:
    """Pair leftover deletions with insertions that match them, best first (indexed search).

    Returns ``(ratio, position in dels, position in ins)`` triples.
    """
    if not dels or not ins:
        return []
    df: Counter[str] = Counter()
    for piece in dels + ins:
        df.update(piece.grams)

    def keys(grams: set[str]) -> list[str]:
        # the rarest bigrams identify a clause; stock phrases (人工智能…) would flood the index
        return sorted(grams, key=lambda g: (df[g], g))[:16]

    index: dict[str, list[int]] = defaultdict(list)
    for x, piece in enumerate(dels):
        for g in keys(piece.grams):
            index[g].append(x)
    candidates: list[tuple[float, int, int]] = []
    for y, piece in enumerate(ins):
        hits: Counter[int] = Counter()
        for g in keys(piece.grams):
            posting = index.get(g, ())
            if len(posting) <= 200:
                hits.update(posting)
        for x, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:6]:
            a, b = dels[x], piece
            if a.part is None and b.part is None:
                gain = scorer.pair(a.clause, b.clause)
            else:
                gain = scorer.pair_texts(a.text, b.text, a.grams, b.grams)
            if gain is not None:
                candidates.append((_ratio(gain, a.text, b.text), x, y))
    candidates += _containing(scorer, dels, ins)
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    moves = []
    for ratio, x, y in candidates:
        if x not in used_old and y not in used_new:
            used_old.add(x)
            used_new.add(y)
            moves.append((ratio, x, y))
    return moves


def align_version(old: Sequence[Clause], new: Sequence[Clause],
                  budget: Budget | None = None) -> list[Link]:
    """Align two versions of one document; return links in reading order of the new text."""
    budget = budget or Budget()
    scorer = _Scorer(old, new, budget)
    anchors = _anchors([c.text for c in old], [c.text for c in new])
    links: list[Link] = []
    prev_i, prev_j = -1, -1
    for i, j in anchors + [(len(old), len(new))]:
        links.extend(_align_gap(scorer, prev_i + 1, i, prev_j + 1, j))
        if i < len(old):
            links.append(Link("equal", (i,), (j,), 1.0))
        prev_i, prev_j = i, j
    links = _carve(old, new, links)
    # a pair found by containment leaves a carved remainder: give it its own chance
    for _ in range(2):
        links = _carve(old, new, _place_moves(scorer, links))
    return links


def _carve(old: Sequence[Clause], new: Sequence[Clause], links: list[Link]) -> list[Link]:
    """Cut each one-to-one pair whose shorter text is the start or end of the longer.

    The longer clause gained (or lost) a sentence glued on without a
    terminator, often to a heading or a document number: the matching part
    keeps the pair's kind (equal, or moved), the rest becomes an inserted or
    deleted piece that the move search can still pair with its real partner.
    Pairs of pieces are cut the same way (parts stay relative to the clause).
    """
    out: list[Link] = []
    for lk in links:
        if len(lk.old) != 1 or len(lk.new) != 1 or lk.kind in ("equal", "renumbered"):
            out.append(lk)
            continue
        a_text, b_text = old[lk.old[0]].text, new[lk.new[0]].text
        a0, a1 = lk.old_part or (0, len(a_text))
        b0, b1 = lk.new_part or (0, len(b_text))
        a, b = a_text[a0:a1], b_text[b0:b1]
        if not contained(a, b):
            out.append(lk)
            continue
        kind = "moved" if lk.kind == "moved" else "equal"
        if len(a) < len(b):
            at = b0 if b.startswith(a) else b1 - len(a)
            same = Link(kind, lk.old, lk.new, 1.0, old_part=lk.old_part, new_part=(at, at + len(a)))
            rest = Link("inserted", (), lk.new, 0.0,
                        new_part=(at + len(a), b1) if at == b0 else (b0, at))
            out.extend([same, rest] if at == b0 else [rest, same])
        else:
            at = a0 if a.startswith(b) else a1 - len(b)
            same = Link(kind, lk.old, lk.new, 1.0, old_part=(at, at + len(b)), new_part=lk.new_part)
            rest = Link("deleted", lk.old, (), 0.0,
                        old_part=(at + len(b), a1) if at == a0 else (a0, at))
            out.extend([same, rest] if at == a0 else [rest, same])
    return out


def _position(clause: int, part: tuple[int, int] | None) -> tuple[int, int]:
    """Return where a clause or a piece of one stands in reading order."""
    return (clause, part[0] if part else 0)


def _place_moves(scorer: _Scorer, links: list[Link]) -> list[Link]:
    """Turn matching leftover deletions and insertions (or carved pieces) into moves."""
    dels = [_piece(scorer.old, scorer.old_grams, lk.old[0], lk.old_part)
            for lk in links if lk.kind == "deleted"]
    ins = [_piece(scorer.new, scorer.new_grams, lk.new[0], lk.new_part)
           for lk in links if lk.kind == "inserted"]
    # where each old clause sits relative to the monotonic pairs: a "move" that
    # lands between the same pairs as its old place is an in-place change
    # (positions count pieces too: the half of a clause before its paired half)
    order_old, order_new = [], []
    for lk in links:
        if lk.old and lk.new:
            order_old.append(_position(lk.old[0], lk.old_part))
            order_new.append(_position(lk.new[0], lk.new_part))

    def same_gap(x: int, y: int) -> bool:
        return bisect.bisect(order_old, _position(dels[x].clause, dels[x].part)) == \
            bisect.bisect(order_new, _position(ins[y].clause, ins[y].part))

    # a stray stop or bracket carved off a clause may pair in place, never travel
    moves = [(ratio, x, y) for ratio, x, y in _find_moves(scorer, dels, ins)
             if same_gap(x, y) or min(len(dels[x].text), len(ins[y].text)) >= MIN_CONTAINED]
    if not moves:
        return links
    moved_old = {(dels[x].clause, dels[x].part) for _, x, _ in moves}
    by_new = {(ins[y].clause, ins[y].part): (ratio, dels[x], same_gap(x, y)) for ratio, x, y in moves}
    out: list[Link] = []
    for lk in links:
        if lk.kind == "deleted" and (lk.old[0], lk.old_part) in moved_old:
            continue
        if lk.kind == "inserted" and (lk.new[0], lk.new_part) in by_new:
            ratio, piece, in_place = by_new[(lk.new[0], lk.new_part)]
            i, j = piece.clause, lk.new[0]
            whole = piece.part is None and lk.new_part is None
            a, b = scorer.old[i], scorer.new[j]
            if in_place:
                kind = _kind_of_pair(a, b) if whole else ("equal" if ratio == 1.0 else "changed")
            else:
                kind = "moved"
            out.append(Link(kind, (i,), (j,), 1.0 if ratio == 1.0 else ratio,
                            old_part=piece.part, new_part=lk.new_part))
            continue
        out.append(lk)
    return out


# ---- cross mode -------------------------------------------------------------

def _ngrams(text: str, sizes: Iterable[int] = (1, 2)) -> Counter[str]:
    """Return counts of character n-grams of the letters of ``text`` (punctuation, digits dropped).

    >>> sorted(_ngrams("智能,农业").items())[:3]
    [('业', 1), ('农', 1), ('农业', 1)]
    """
    clean = "".join(ch for ch in text if ch.isalpha())
    grams: Counter[str] = Counter()
    for n in sizes:
        grams.update(clean[k:k + n] for k in range(len(clean) - n + 1))
    return grams


def tfidf_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """Return unit-length TF-IDF vectors of character uni- and bigrams.

    Sublinear term frequency and inverse document frequency over the units of
    both documents, so stock phrases that every item repeats count for little.
    """
    counts = [_ngrams(t) for t in texts]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(texts)
    vectors = []
    for c in counts:
        vec = {g: (1 + math.log(k)) * math.log((1 + n) / (1 + df[g])) for g, k in c.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({g: v / norm for g, v in vec.items() if v > 0})
    return vectors


def cosine(x: dict[str, float], y: dict[str, float]) -> float:
    """Return the cosine of two unit vectors stored as dicts."""
    if len(x) > len(y):
        x, y = y, x
    return sum(v * y.get(g, 0.0) for g, v in x.items())


#: How far (in standard deviations) a pair's similarity must stand out from the
#: other candidates of its row or column to count as a topic match.
STANDOUT = 2.75


_LETTERS = re.compile(r"[^\W\d_]+")


def unit_similarities(old_texts: Sequence[str], new_texts: Sequence[str]):
    """Return the TF-IDF cosine of every old unit with every new unit as a numpy array."""
    import numpy as np
    matrix = tfidf_matrix(list(old_texts) + list(new_texts))
    n = len(old_texts)
    if matrix is None:
        return np.zeros((n, len(new_texts)))
    return np.asarray((matrix[:n] @ matrix[n:].T).todense())


def tfidf_matrix(texts: Sequence[str]):
    """Return the unit-length TF-IDF rows of some texts as a sparse matrix (None for no texts)."""
    return tfidf(gram_counts(texts)) if len(texts) else None


def gram_counts(texts: Sequence[str]):
    """Return how often each letter uni- and bigram occurs in each text, as a sparse matrix.

    The n-grams of :func:`_ngrams` (no digits, no punctuation), counted with
    numpy on integer codes so that thousands of items stay fast.
    """
    return gram_counts_and_vocabulary(texts)[0]


def gram_counts_and_vocabulary(texts: Sequence[str]):
    """Return :func:`gram_counts` and the n-gram code of each of its columns (sorted)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    units, codes = [], []
    for u, text in enumerate(texts):
        grams = _gram_codes(text)
        units.append(np.full(len(grams), u, dtype=np.int64))
        codes.append(grams)
    code = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    unit = np.concatenate(units) if units else np.zeros(0, dtype=np.int64)
    vocab, gram = np.unique(code, return_inverse=True)
    width = max(len(vocab), 1)
    cell, count = np.unique(unit * width + gram, return_counts=True)
    return csr_matrix((count.astype(float), (cell // width, cell % width)), shape=(len(texts), width)), vocab


def _gram_codes(text: str):
    """Return the integer code of every letter uni- and bigram of a text, in order."""
    import numpy as np
    clean = "".join(_LETTERS.findall(text))   # the letters _ngrams keeps (no digits, no punctuation)
    if not clean.isalpha():                    # other numerals (〇, Ⅻ, ½) are not letters either
        clean = "".join(ch for ch in clean if ch.isalpha())
    letters = np.frombuffer(clean.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    # a bigram's code is above every code point, so it never equals a unigram's
    return np.concatenate([letters, letters[:-1] * 0x110000 + letters[1:]]) if len(letters) else letters


def inverse_frequencies(counts):
    """Return the IDF of each column of n-gram counts, over their rows (as :func:`tfidf` weighs them)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    counts = csr_matrix(counts)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1 + counts.shape[0]) / (1 + df))


def tfidf(counts):
    """Return unit-length TF-IDF rows from n-gram counts (sublinear tf, IDF over the rows)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    counts = csr_matrix(counts)
    coo = counts.tocoo()
    weight = (1 + np.log(coo.data)) * inverse_frequencies(counts)[coo.col]
    keep = weight > 0
    matrix = csr_matrix((weight[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(matrix.multiply(1 / norms[:, None]))


class UnitVectors:
    """The TF-IDF rows (:func:`tfidf`) of both documents' units, old ones first, scored one unit at a time.

    ``sentences(k)`` returns the sentences of unit ``k`` (old units first),
    scored on demand with the units' n-grams (``vocabulary``, the code of
    each column) and IDF (``idf``).
    """

    def __init__(self, rows, n_old: int, vocabulary, idf, sentences: Callable[[int], Sequence[str]]):
        self._rows = rows
        self._n_old = n_old
        self._vocabulary = vocabulary
        self._idf = idf
        self._sentences = sentences

    def _sentence_rows(self, unit: int):
        """Return the unit-length TF-IDF rows of one unit's sentences (units' vocabulary and IDF)."""
        import numpy as np
        from scipy.sparse import csr_matrix
        texts = self._sentences(unit)
        rows, cols, data = [], [], []
        for k, text in enumerate(texts):
            codes = _gram_codes(text)
            at = np.searchsorted(self._vocabulary, codes)
            known = at < len(self._vocabulary)
            known[known] = self._vocabulary[at[known]] == codes[known]
            col, count = np.unique(at[known], return_counts=True)
            weight = (1 + np.log(count)) * self._idf[col]
            norm = math.sqrt(float(weight @ weight)) or 1.0
            rows += [k] * len(col)
            cols += col.tolist()
            data += (weight / norm).tolist()
        return csr_matrix((data, (rows, cols)), shape=(len(texts), self._rows.shape[1]))

    def takes_sentence(self, whole_is_old: bool, whole: int, part: int, others: Sequence[int]) -> bool:
        """Return whether some sentence of ``whole`` is nearer ``part`` than every unit of ``others``."""
        import numpy as np
        if not others:
            return True
        sentences = self._sentence_rows(whole if whole_is_old else self._n_old + whole)
        if not sentences.shape[0]:
            return False
        shift = self._n_old if whole_is_old else 0
        near = np.asarray((sentences @ self._rows[[shift + k for k in [part, *others]]].T).toarray())
        return bool((near[:, 0] > near[:, 1:].max(axis=1)).any())

    def against(self, is_old: bool, unit: int):
        """Return the cosine of one unit with every unit of the other document."""
        import numpy as np
        at = unit if is_old else self._n_old + unit
        other = self._rows[self._n_old:] if is_old else self._rows[:self._n_old]
        return np.asarray((other @ self._rows[at].T).toarray()).ravel()


def unit_candidates(sims, side: str = "either") -> dict[tuple[int, int], float]:
    """Return the unit pairs that stand out of a similarity matrix, with their similarity.

    Absolute cosines between rewritten or different documents are small and
    vary with length, so a pair is kept when it is the best match of one of its
    units and stands out from that unit's other candidates (a z-score, in units
    of what the row allows: one outlier among n values is at most sqrt(n-1)
    standard deviations out): a unit with no counterpart has a flat row and
    gets no pair (it is not given its least-bad candidate), while a broad item
    may match two narrower ones.  ``side`` asks for the pairs that are the
    best and stand out for the old unit (``"old"``), the new one (``"new"``)
    or either.
    """
    import numpy as np
    sims = np.asarray(sims, dtype=float)
    if sims.ndim != 2 or not sims.size:
        return {}
    either, for_old, for_new, _, _ = _strip_candidates(sims, sims, range(sims.shape[0]), range(sims.shape[1]))
    return {"old": for_old, "new": for_new}.get(side, either)


def _standout(sims, axis: int, count: int):
    """Return how far each similarity stands out of its row (axis 1) or column (axis 0); ≥ 1 is enough."""
    import numpy as np
    if count < 3:
        return np.full(sims.shape, np.inf)
    mean = sims.mean(axis=axis, keepdims=True)
    spread = sims.std(axis=axis, keepdims=True)
    limit = min(STANDOUT, 0.75 * math.sqrt(count - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (sims - mean) / spread / limit
    return np.where(spread > 1e-9, z, 0.0)


def match_units(old_texts: Sequence[str], new_texts: Sequence[str]) -> list[tuple[int, int, float]]:
    """Match units of two documents by content, many-to-many; return ``(i, j, score)`` pairs."""
    if not old_texts or not new_texts:
        return []
    found = unit_candidates(unit_similarities(old_texts, new_texts))
    return [(i, j, round(s, 4)) for (i, j), s in sorted(found.items())]


def align_cross(old: Sequence[Clause], new: Sequence[Clause], old_units: Sequence[tuple[int, int]],
                new_units: Sequence[tuple[int, int]], budget: Budget | None = None
                ) -> tuple[list[Link], list[tuple[int, int, float]]]:
    """Align two different documents on one subject.

    ``*_units`` are clause ranges of the outline units (leaf items) of each
    side.  Returns clause links and the matched unit pairs ``(u_old, u_new, score)``.
    """
    budget = budget or Budget()
    unit_pairs = match_units([_unit_text(old, u) for u in old_units],
                             [_unit_text(new, u) for u in new_units])
    scorer = _Scorer(old, new, budget)
    candidates: list[tuple[float, int, int]] = []
    seen: set[tuple[int, int]] = set()
    # clauses inside matched units first, then verbatim reuse anywhere (indexed)
    for uo, un, _ in unit_pairs:
        (a1, a2), (b1, b2) = old_units[uo], new_units[un]
        if not budget.spend((a2 - a1) * (b2 - b1), "cross clause matching"):
            continue
        for i in range(a1, a2):
            for j in range(b1, b2):
                gain = scorer.pair(i, j)
                if gain is not None:
                    seen.add((i, j))
                    candidates.append((_ratio(gain, old[i].text, new[j].text), i, j))
    for ratio, i, j in _find_moves(scorer, *_whole_clauses(scorer)):
        # outside matched items only reuse counts: stock phrases (“人工智能+”…)
        # make unrelated short headings look half alike
        # (a title, a document number, a date line: the front matter pairs by role)
        front = old[i].role == new[j].role and old[i].role in ("title", "header")
        if (i, j) not in seen and (ratio >= REUSE_THRESHOLD or front):  # positions are clause indices
            candidates.append((ratio, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old: dict[int, int] = {}
    used_new: set[int] = set()
    for ratio, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old[i] = j
            used_new.add(j)
    ratios = {(i, j): r for r, i, j in candidates}
    links: list[Link] = []
    old_of_new = {j: i for i, j in used_old.items()}
    next_old = 0
    for j in range(len(new)):
        if j in old_of_new:
            i = old_of_new[j]
            # unmatched old clauses are reported where they stand, before the next pair
            while next_old < i:
                if next_old not in used_old:
                    links.append(Link("deleted", (next_old,), (), 0.0))
                next_old += 1
            kind = _kind_of_pair(old[i], new[j])
            links.append(Link(kind, (i,), (j,), 1.0 if kind != "changed" else ratios[(i, j)]))
            if i == next_old:
                next_old += 1
        else:
            links.append(Link("inserted", (), (j,), 0.0))
    for i in range(next_old, len(old)):
        if i not in used_old:
            links.append(Link("deleted", (i,), (), 0.0))
    return _carve(old, new, links), unit_pairs


def _unit_text(clauses: Sequence[Clause], unit: tuple[int, int]) -> str:
    """Return the topic text of a unit: no item labels (numbering is never evidence), no unit lists."""
    return "".join(body(c) for c in clauses[unit[0]:unit[1]] if c.role != "units")


def unit_texts(clauses: Sequence[Clause], units: Sequence[tuple[int, int]]) -> list[str]:
    """Return the topic text of each unit (see :func:`_unit_text`)."""
    return [_unit_text(clauses, u) for u in units]


# ---- rewrites: items paired by content, their clauses paired inside them ----

#: Least similarity (difflib ratio) for two clauses of corresponding items to be
#: one clause rewritten: the items already correspond, so the bar is lower than
#: for a pair found anywhere (chance overlap of same-domain sentences is ~0.2).
REWRITE_THRESHOLD = 0.35
#: Weight of the position prior (relative place in the document) against content.
POSITION_PRIOR = 0.1


def _strip_candidates(row_sims, col_sims, rows: Sequence[int], cols: Sequence[int]):
    """Return the standout pairs of some whole rows and whole columns of a similarity matrix.

    ``row_sims[k]`` is the whole row of old unit ``rows[k]``, ``col_sims[:, k]``
    the whole column of new unit ``cols[k]``.  Returns first three dicts of
    ``(u, v) -> similarity``: pairs that are the best of the old unit and stand
    out of its row, the same for the new unit and its column, and (both units
    chosen) pairs that are either's best and stand out of either (as
    :func:`unit_candidates` decides for a whole matrix); then the best
    similarities of the old and new units; then, for the last set, each
    pair's evidence (the squares of how far it stands out of its row and of
    its column).
    """
    import numpy as np
    n, m = col_sims.shape[0], row_sims.shape[1]
    rows, cols = list(rows), list(cols)
    best_row, best_col = row_sims.max(axis=1), col_sims.max(axis=0)
    bests = np.sort(np.concatenate([best_row, best_col]))
    floor = max(0.02, 0.35 * float(bests[len(bests) // 2]))
    z_row, z_col = _standout(row_sims, 1, m), _standout(col_sims, 0, n)
    old_best = (row_sims >= best_row[:, None]) & (z_row >= 1.0) & (row_sims >= floor)
    new_best = (col_sims >= best_col[None, :]) & (z_col >= 1.0) & (col_sims >= floor)
    for_old = {(rows[k], int(j)): float(row_sims[k, j]) for k, j in zip(*np.nonzero(old_best))}
    for_new = {(int(i), cols[k]): float(col_sims[i, k]) for i, k in zip(*np.nonzero(new_best))}
    # both units chosen: the best of either, standing out of either
    sub = row_sims[:, cols]
    keep = (sub >= floor) & ((sub >= best_row[:, None]) | (sub >= best_col[None, :])) & \
        (np.maximum(z_row[:, cols], z_col[rows, :]) >= 1.0)
    either = {(rows[k], cols[c]): float(sub[k, c]) for k, c in zip(*np.nonzero(keep))}
    # how surprising the pair is from both units' side: under a normal null the log-odds of a
    # match grow with the square of how far it stands out, so one strong pair outweighs two weak ones
    # (with under three candidates nothing can stand out, and every pair counts as just standing out)
    def side(z):
        return np.where(np.isfinite(z), np.maximum(z, 0), 1.0) ** 2
    surprise = side(z_row[:, cols]) + side(z_col[rows, :])
    evidence = {(rows[k], cols[c]): float(surprise[k, c]) for k, c in zip(*np.nonzero(keep))}
    return either, for_old, for_new, (dict(zip(rows, best_row)), dict(zip(cols, best_col))), evidence


def rewrite_unit_pairs(sims, vectors: UnitVectors, linked: Iterable[tuple[int, int, float]], ordered: bool,
                       old_leaf: Sequence[bool] = (), new_leaf: Sequence[bool] = (),
                       rows: Sequence[int] | None = None, cols: Sequence[int] | None = None,
                       col_sims=None) -> list[tuple[int, int, float]]:
    """Pair units by content where the clause alignment left them unpaired; return ``(u, v, sim)``.

    ``sims`` is the similarity matrix of all units; for long documents it may
    instead hold only the rows of the old units ``rows``, with ``col_sims``
    the columns of the new units ``cols`` (the units left alone).
    ``linked`` are the unit pairs that share aligned clauses.  A unit left
    without such a pair is paired by a global one-to-one assignment
    (``scipy.optimize.linear_sum_assignment``) over the pairs that stand out
    of their row or column (:func:`unit_candidates`), maximising their total
    evidence (how far each stands out, squared) with position as a weak
    prior when ``ordered``; then a unit still alone may join the partner it
    stands out for as part of a split or merge, if that partner in turn
    resembles it more than any other unit it has not got (reciprocal best,
    scored on ``vectors``: the units' TF-IDF without priors) and the part took
    something: a sentence of the whole is nearer to it than to the whole's
    counterparts so far.  A unit the assignment gave only a second choice
    (its best was taken) joins its best that way instead, when the best takes
    it.  Last, a pair that is each side's best and stands out for both is
    kept whatever else either side got.

    The hierarchy is respected: a leaf item pairs with a leaf item and a
    section's own text (its heading, an introduction) with a section's text;
    across the levels (an introduction that became an item) only a pair that
    is each side's best match counts.
    """
    import numpy as np
    sims = np.asarray(sims, dtype=float)
    if sims.ndim != 2 or not sims.shape[1]:
        return []
    if rows is None:
        rows, cols, col_sims = list(range(sims.shape[0])), list(range(sims.shape[1])), sims
    col_sims = np.asarray(col_sims, dtype=float)
    n, m = col_sims.shape[0], sims.shape[1]
    if not n or not (len(rows) or len(cols)):   # a unit alone on one side may still be a part
        return []
    candidates, for_old, for_new, (best_old, best_new), evidence = _strip_candidates(sims, col_sims, rows, cols)

    def same_level(u: int, v: int, s: float) -> bool:
        if not (old_leaf and new_leaf) or old_leaf[u] == new_leaf[v]:
            return True
        return u in best_old and v in best_new and s >= best_old[u] and s >= best_new[v]

    linked = list(linked)
    linked_old = {u for u, _, _ in linked}
    linked_new = {v for _, v, _ in linked}
    free = {(u, v): s for (u, v), s in candidates.items()
            if u not in linked_old and v not in linked_new and same_level(u, v, s)}
    pairs: list[tuple[int, int, float]] = []
    if free:
        from scipy.optimize import linear_sum_assignment  # heavy import, only for rewrites
        free_rows = sorted({u for u, _ in free})
        free_cols = sorted({v for _, v in free})
        at_row = {u: k for k, u in enumerate(free_rows)}
        at_col = {v: k for k, v in enumerate(free_cols)}
        weight = np.zeros((len(free_rows), len(free_cols)))
        for (u, v), s in free.items():
            prior = 1 - abs(u / max(n - 1, 1) - v / max(m - 1, 1)) if ordered else 0.0
            weight[at_row[u], at_col[v]] = evidence[(u, v)] * (1 + POSITION_PRIOR * prior)
        for r, c in zip(*linear_sum_assignment(weight, maximize=True)):
            u, v = free_rows[r], free_cols[c]
            if (u, v) in free:
                pairs.append((u, v, free[(u, v)]))
    partners: dict[tuple[str, int], list[int]] = defaultdict(list)   # a unit's counterparts so far
    for u, v, _ in linked + pairs:
        partners[("o", u)].append(v)
        partners[("n", v)].append(u)

    def explains(whole_is_old: bool, whole: int, part: int) -> bool:
        # a part joins a whole only as the whole's own best match among the units it has not got
        # (reciprocal best): a unit that resembles the whole less than some other unit does is
        # better explained as that unit's topic than as a part of this one
        key = ("o" if whole_is_old else "n", whole)
        row = vectors.against(whole_is_old, whole)
        rival = np.ones(len(row), dtype=bool)
        rival[partners[key] + [part]] = False
        level = new_leaf if whole_is_old else old_leaf
        if level:                # a leaf competes with leaves, section text with section text
            rival &= np.asarray(level) == level[part]
        if (row[rival] > row[part]).any():
            return False
        # and the part must have taken something: a sentence of the whole nearer to it than to
        # the whole's counterparts so far (a new article that is merely near an old one took nothing)
        return vectors.takes_sentence(whole_is_old, whole, part, partners[key])

    assigned = {(u, v): x for u, v, x in pairs}

    def second_choice(key: tuple[str, int], best: dict) -> bool:
        # the unit got only one-to-one partners from the assignment, none of them its own best
        side, unit = key
        got = [(unit, w) if side == "o" else (w, unit) for w in partners[key]]
        return bool(got) and all(p in assigned and p not in best for p in got)

    def release(key: tuple[str, int]) -> None:
        side, unit = key
        for w in list(partners[key]):
            pair = (unit, w) if side == "o" else (w, unit)
            pairs.remove((*pair, assigned.pop(pair)))
            other = ("n" if side == "o" else "o", w)
            partners[other].remove(unit)
            if not partners[other]:
                del partners[other]
        del partners[key]

    # a unit alone joins a partner only where that partner is its own clear best
    extras = sorted({**for_old, **for_new}.items(), key=lambda kv: (-kv[1], kv[0]))
    for (u, v), s in extras:
        if not same_level(u, v, s) or v in partners.get(("o", u), ()):
            continue
        alone_old, alone_new = ("o", u) not in partners, ("n", v) not in partners
        # a unit whose one-to-one partner was only a second choice (its best was taken), and whose
        # own best takes it as a part, is that part instead
        merge = not alone_new and (u, v) in for_old and (alone_old or second_choice(("o", u), for_old))
        split = not alone_old and (u, v) in for_new and (alone_new or second_choice(("n", v), for_new))
        if merge and explains(False, v, u):          # old u merged into new v
            if not alone_old:
                release(("o", u))
        elif split and explains(True, u, v):         # old u split, v is one of its parts
            if not alone_new:
                release(("n", v))
        else:
            continue
        pairs.append((u, v, s))
        partners[("o", u)].append(v)
        partners[("n", v)].append(u)
    # a pair that is each side's own best and stands out for both is a counterpart whatever
    # else either side got (an article split in two of which one part also took in another)
    got = {(u, v) for u, v, _ in pairs} | {(u, v) for u, v, _ in linked}
    for (u, v), s in sorted(for_old.items()):
        if (u, v) in for_new and (u, v) not in got and u not in linked_old and v not in linked_new \
                and same_level(u, v, s):
            pairs.append((u, v, s))
    return sorted(pairs)


def pair_rewritten(old: Sequence[Clause], new: Sequence[Clause], links: list[Link],
                   unit_pairs: Sequence[tuple[int, int, float]], old_units: Sequence[tuple[int, int]],
                   new_units: Sequence[tuple[int, int]], budget: Budget) -> list[Link]:
    """Pair the clauses left deleted and inserted inside corresponding units (a rewritten item).

    Inside each unit pair (best first) a monotonic dynamic programme pairs the
    leftover clauses whose similarity reaches :data:`REWRITE_THRESHOLD`; a
    pair that keeps the order of the clauses around it is ``changed``, one
    that does not is ``moved``.  Returns the links with the order rebuilt.
    """
    deleted = {lk.old[0]: lk for lk in links if lk.kind == "deleted" and lk.old_part is None}
    inserted = {lk.new[0]: lk for lk in links if lk.kind == "inserted" and lk.new_part is None}
    made: dict[int, tuple[int, float]] = {}   # new clause -> (old clause, ratio)
    used: set[int] = set()
    for u, v, _ in sorted(unit_pairs, key=lambda p: (-p[2], p[0], p[1])):
        dels = [i for i in range(*old_units[u]) if i in deleted and i not in used]
        ins = [j for j in range(*new_units[v]) if j in inserted and j not in made]
        for i, j, ratio in _pair_in_order(old, new, dels, ins, budget):
            made[j] = (i, ratio)
            used.add(i)
    if not made:
        return links
    return _placed(old, new, links, made)


def _pair_in_order(old: Sequence[Clause], new: Sequence[Clause], dels: list[int], ins: list[int],
                   budget: Budget) -> list[tuple[int, int, float]]:
    """Pair two short runs of clauses in order, maximising matched characters (ratio ≥ threshold)."""
    if not dels or not ins or not budget.spend(len(dels) * len(ins), "rewrite pairing"):
        return []
    gain = {}
    for x, i in enumerate(dels):
        for y, j in enumerate(ins):
            a, b = old[i].text, new[j].text
            # a heading pairs with a heading, a sentence with a sentence, a unit list with a unit list
            if old[i].role != new[j].role or not a or not b or \
                    not budget.spend(_cost(len(a), len(b)), "rewrite pairing"):
                continue
            m = matched_chars(body(old[i]), body(new[j]))
            total = len(body(old[i])) + len(body(new[j]))
            if total and 2 * m / total >= REWRITE_THRESHOLD and m > _PENALTY:
                gain[(x, y)] = (m - _PENALTY, 2 * m / total)
    if not gain:
        return []
    n, k = len(dels), len(ins)
    best = [[0.0] * (k + 1) for _ in range(n + 1)]
    for x in range(1, n + 1):
        for y in range(1, k + 1):
            g = gain.get((x - 1, y - 1))
            best[x][y] = max(best[x - 1][y], best[x][y - 1],
                             best[x - 1][y - 1] + g[0] if g else -1.0)
    out = []
    x, y = n, k
    while x and y:
        g = gain.get((x - 1, y - 1))
        if g and best[x][y] == best[x - 1][y - 1] + g[0]:
            out.append((dels[x - 1], ins[y - 1], g[1]))
            x, y = x - 1, y - 1
        elif best[x][y] == best[x - 1][y]:
            x -= 1
        else:
            y -= 1
    return out[::-1]


def _placed(old: Sequence[Clause], new: Sequence[Clause], links: list[Link],
            made: dict[int, tuple[int, float]]) -> list[Link]:
    """Put new pairs where their new clause stands, as changed (in order) or moved, keeping old order.

    A pair keeps its place when it falls between the same in-place pairs on
    both sides and belongs to the longest ordered run of the new pairs there;
    deletions are then re-placed so that old positions still rise.
    """
    taken_old = {i for i, _ in made.values()}
    order_old, order_new = [], []
    for lk in links:
        if lk.old and lk.new and lk.kind != "moved":
            order_old.append(_position(lk.old[0], lk.old_part))
            order_new.append(_position(lk.new[0], lk.new_part))
    by_gap: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for j, (i, _) in made.items():
        g_old = bisect.bisect(order_old, (i, 0))
        if g_old == bisect.bisect(order_new, (j, 0)):
            by_gap[g_old].append((j, i))
    in_place = set()
    for run in by_gap.values():
        in_place.update((i, j) for j, i in increasing_run(sorted(run)))
    out: list[Link] = []
    for lk in links:
        if lk.kind == "deleted" and lk.old_part is None and lk.old[0] in taken_old:
            continue
        if lk.kind == "inserted" and lk.new_part is None and lk.new[0] in made:
            j = lk.new[0]
            i, ratio = made[j]
            kind = _kind_of_pair(old[i], new[j]) if (i, j) in in_place else "moved"
            out.append(Link(kind, (i,), (j,), 1.0 if kind == "equal" else round(ratio, 4)))
            continue
        out.append(lk)
    return _old_order_kept(out)


def _old_order_kept(links: list[Link]) -> list[Link]:
    """Move each deletion to where its old position belongs among the in-place pairs (stable)."""
    fixed = [(k, _position(lk.old[0], lk.old_part)) for k, lk in enumerate(links)
             if lk.old and lk.new and lk.kind != "moved"]
    keys = [pos for _, pos in fixed]
    # segment s lies between fixed pair s-1 and fixed pair s
    segment_of_slot = []
    s = 0
    for k in range(len(links)):
        while s < len(fixed) and fixed[s][0] < k:
            s += 1
        segment_of_slot.append(s)
    slots: dict[int, list[int]] = defaultdict(list)
    dels: dict[int, list[Link]] = defaultdict(list)
    for k, lk in enumerate(links):
        if lk.kind == "deleted":
            slots[segment_of_slot[k]].append(k)
            dels[bisect.bisect(keys, _position(lk.old[0], lk.old_part))].append(lk)
    out: list[Link | None] = [lk if lk.kind != "deleted" else None for lk in links]
    extra: dict[int, list[Link]] = defaultdict(list)
    for seg, group in dels.items():
        group.sort(key=lambda lk: _position(lk.old[0], lk.old_part))
        places = slots.get(seg, [])
        for place, lk in zip(places, group):
            out[place] = lk
        extra[seg].extend(group[len(places):])
    result: list[Link] = []
    for k, lk in enumerate(out):
        s = segment_of_slot[k]
        if s < len(fixed) and fixed[s][0] == k:   # before fixed pair s: what belongs to segment s
            result.extend(extra.pop(s, []))
        if lk is not None:
            result.append(lk)
    for seg in sorted(extra):
        result.extend(extra[seg])
    return result
