"""Find text reuse between documents: shingles, fingerprints and shared passages (pure, no I/O).

Matching runs on a *match string*: the canonical text (simplified script,
folded width, places and placeholders masked) without its whitespace, with
the map from every character back to the original.  Two documents share a
passage where their match strings hold the same run of characters
(verbatim), or runs separated by small edits (edited).

The pipeline, in the terms of text-reuse detection:

1. :func:`fingerprints` — winnowing (Schleimer, Wilkerson & Aiken 2003) of
   the ``k``-character shingles: every run of ``k + w - 1`` characters two
   documents share guarantees them one common fingerprint, so the index finds
   every candidate pair sharing 15 characters (k = 8, w = 8) without
   comparing every pair.
2. :func:`shared_passages` — seed and extend: every shared ``k``-gram seeds
   a maximal exact match, and matches close on both sides (a light edit
   between them) chain into one passage.
"""
from __future__ import annotations

import difflib
import hashlib
from array import array
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from .models import Opcode, Span, Text

__all__ = ["SHINGLE", "WINDOW", "GAP", "MatchText", "Passage", "match_text", "shingle_hash",
           "fingerprints", "gram_positions", "exact_matches", "chain", "shared_passages", "similarity",
           "original_opcodes", "map_position", "guaranteed_length"]

#: shingle length in characters
SHINGLE = 8
#: winnowing window in shingles: every shared run of SHINGLE + WINDOW - 1 = 15 characters is found
WINDOW = 8
#: the largest edit (characters skipped on either side) a passage may contain between two exact runs
GAP = 24
#: a shingle needs this many Han characters to be fingerprinted
MIN_HAN = 4
_NO_PRINT = 1 << 56  # above every 56-bit hash
#: a chained passage must be at least this share of exactly matched characters
MIN_DENSITY = 0.5


@dataclass(frozen=True, eq=False)
class MatchText:
    """A document's match string and the original span of each of its characters."""

    text: str            # canonical text without whitespace
    starts: array        # original start offset of each character
    ends: array          # original end offset of each character

    def original_span(self, start: int, end: int) -> Span:
        """Return the original span covering match characters ``[start, end)``."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return (pos, pos)
        return (self.starts[start], self.ends[end - 1])


@dataclass(frozen=True)
class Passage:
    """A passage two documents share: spans in both match strings and the exact runs inside."""

    a: Span                                   # [start, end) in the first document's match string
    b: Span                                   # [start, end) in the second's
    blocks: tuple[tuple[int, int, int], ...]  # exact runs (i, j, n): a[i:i+n] == b[j:j+n]

    @property
    def matched(self) -> int:
        """Return the number of characters matched exactly."""
        return sum(n for _, _, n in self.blocks)

    def swapped(self) -> "Passage":
        """Return the same passage seen from the second document."""
        return Passage(self.b, self.a, tuple((j, i, n) for i, j, n in self.blocks))


def guaranteed_length(k: int = SHINGLE, w: int = WINDOW) -> int:
    """Return the shortest shared run the fingerprints are sure to catch.

    >>> guaranteed_length()
    15
    """
    return k + w - 1


def match_text(text: Text) -> MatchText:
    """Return the match string of a canonical text: whitespace dropped, offsets kept.

    >>> from versiondiff.normalize import normalize
    >>> m = match_text(normalize("一、總體\\n\\n推動 國產"))
    >>> m.text, m.original_span(4, 6)
    ('一、总体推动国产', (6, 8))
    """
    keep = [i for i, ch in enumerate(text.canonical) if not ch.isspace()]
    return MatchText("".join(text.canonical[i] for i in keep),
                     array("l", (text.starts[i] for i in keep)),
                     array("l", (text.ends[i] for i in keep)))


def shingle_hash(shingle: str) -> int:
    """Return a stable 56-bit hash of a shingle (the same in every process and run).

    >>> shingle_hash("人工智能产业发展") == shingle_hash("人工智能产业发展")
    True
    """
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=7).digest(), "big")


def fingerprints(text: str, k: int = SHINGLE, w: int = WINDOW) -> set[int]:
    """Return the winnowed fingerprints of a match string (the minimum hash of each window).

    >>> a = fingerprints("甲乙丙丁新一代智能终端、智能体等应用普及率超70%戊己")
    >>> b = fingerprints("子丑寅卯辰新一代智能终端、智能体等应用普及率超70%巳午未")
    >>> bool(a & b)
    True
    """
    # a shingle of mostly digits, Latin letters or punctuation (2021-2025, 〔2025〕11, EFlops) is in
    # every plan of a period: no evidence of reuse, and it would make every pair a candidate.
    # Such shingles get the largest hash, so winnowing picks them only when a window has nothing else.
    han = [1 if "\u3400" <= ch <= "\u9fff" else 0 for ch in text]
    hashes = []
    run = sum(han[:k])
    for i in range(len(text) - k + 1):
        if i:
            run += han[i + k - 1] - han[i - 1]
        hashes.append(shingle_hash(text[i:i + k]) if run >= MIN_HAN else _NO_PRINT)
    if len(hashes) <= w:
        picked = {min(hashes)} if hashes else set()
    else:
        picked = {min(hashes[start:start + w]) for start in range(len(hashes) - w + 1)}
    picked.discard(_NO_PRINT)
    return picked


def _extend(a: str, b: str, i: int, j: int, n: int) -> int:
    """Return the length of the exact match at ``(i, j)`` known to be at least ``n`` long."""
    la, lb = len(a), len(b)
    step = 64
    while i + n + step <= la and j + n + step <= lb and a[i + n:i + n + step] == b[j + n:j + n + step]:
        n += step
    while i + n < la and j + n < lb and a[i + n] == b[j + n]:
        n += 1
    return n


def gram_positions(a: str, k: int = SHINGLE) -> dict[str, list[int]]:
    """Return where each ``k``-gram of ``a`` starts (built once per document, reused for each partner)."""
    grams: dict[str, list[int]] = {}
    for i in range(len(a) - k + 1):
        grams.setdefault(a[i:i + k], []).append(i)
    return grams


def exact_matches(a: str, b: str, k: int = SHINGLE,
                  grams: Optional[dict[str, list[int]]] = None) -> list[tuple[int, int, int]]:
    """Return every maximal exact match ``(i, j, n)`` of at least ``k`` characters, sorted.

    >>> exact_matches("abcdefghXY", "zzabcdefghQ", k=4)
    [(0, 2, 8)]
    """
    if grams is None:
        grams = gram_positions(a, k)
    found = []
    for j in range(len(b) - k + 1):
        positions = grams.get(b[j:j + k])
        if not positions:
            continue
        for i in positions:
            # a match that also holds one character earlier was found from there
            if i and j and a[i - 1] == b[j - 1]:
                continue
            found.append((i, j, _extend(a, b, i, j, k)))
    found.sort()
    return found


def chain(matches: Iterable[tuple[int, int, int]], gap: int = GAP) -> list[list[tuple[int, int, int]]]:
    """Group exact matches into passages: each next run starts within ``gap`` after the last on both sides.

    >>> chain([(0, 0, 10), (12, 11, 10), (100, 5, 9)])
    [[(0, 0, 10), (12, 11, 10)], [(100, 5, 9)]]
    """
    open_chains: list[list[tuple[int, int, int]]] = []
    done: list[list[tuple[int, int, int]]] = []
    for i, j, n in sorted(matches):
        still = []
        for c in open_chains:
            li, lj, ln = c[-1]
            (still if li + ln + gap >= i else done).append(c)
        open_chains = still
        best, best_cost = None, None
        for c in open_chains:
            li, lj, ln = c[-1]
            di, dj = i - (li + ln), j - (lj + ln)
            if 0 <= di <= gap and 0 <= dj <= gap and (best_cost is None or di + dj < best_cost):
                best, best_cost = c, di + dj
        if best is None:
            open_chains.append([(i, j, n)])
        else:
            best.append((i, j, n))
    done.extend(open_chains)
    done.sort(key=lambda c: c[0])
    return done


def shared_passages(a: str, b: str, min_chars: int = 15, k: int = SHINGLE, gap: int = GAP,
                    grams: Optional[dict[str, list[int]]] = None) -> list[Passage]:
    """Return the passages of at least ``min_chars`` matched characters that ``a`` and ``b`` share.

    >>> p = shared_passages("我省到2027年新一代智能终端、智能体等应用普及率超70%。",
    ...                     "本市到2030年新一代智能终端、智能体等应用普及率超90%。")
    >>> [(x.a, x.b, x.matched) for x in p]
    [((7, 26), (7, 26), 19)]
    """
    passages = []
    for runs in chain(exact_matches(a, b, k, grams), gap):
        a_span = (runs[0][0], runs[-1][0] + runs[-1][2])
        b_span = (runs[0][1], runs[-1][1] + runs[-1][2])
        matched = sum(n for _, _, n in runs)
        if matched >= min_chars and matched >= MIN_DENSITY * max(a_span[1] - a_span[0], b_span[1] - b_span[0]):
            passages.append(Passage(a_span, b_span, tuple(runs)))
    return passages


def similarity(x: str, y: str) -> float:
    """Return difflib's ratio of two passages (1.0 when verbatim).

    >>> similarity("普及率超70%", "普及率超90%")
    0.8571428571428571
    """
    if x == y:
        return 1.0
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()


def original_opcodes(old: MatchText, old_span: Span, new: MatchText, new_span: Span) -> list[Opcode]:
    """Return difflib's opcodes from one passage to another, in ORIGINAL offsets of each document."""
    x = old.text[old_span[0]:old_span[1]]
    y = new.text[new_span[0]:new_span[1]]
    ops: list[Opcode] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        o = old.original_span(old_span[0] + i1, old_span[0] + i2)
        n = new.original_span(new_span[0] + j1, new_span[0] + j2)
        ops.append((tag, o[0], o[1], n[0], n[1]))
    return ops


def map_position(blocks: Sequence[tuple[int, int, int]], p: int, end: bool = False) -> int:
    """Return where position ``p`` of the first document falls in the second, through exact runs.

    >>> map_position([(10, 50, 5), (20, 62, 5)], 12), map_position([(10, 50, 5), (20, 62, 5)], 17, end=True)
    (52, 55)
    """
    for i, j, n in blocks:
        if i <= p < i + n or (end and i < p <= i + n):
            return j + (p - i)
    if end:  # in a gap: end where the previous run ended
        prev = [j + n for i, j, n in blocks if i + n <= p]
        return prev[-1] if prev else blocks[0][1]
    nxt = [j for i, j, n in blocks if i >= p]
    return nxt[0] if nxt else blocks[-1][1] + blocks[-1][2]
