"""Decide where each shared passage of a document came from (pure, no I/O).

A passage several documents hold comes from the one that had it first: the
earlier date, then the higher issuing level (national → provincial →
municipal), then the reference name so the choice is always the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from .reuse import Passage

__all__ = ["LEVELS", "level_of", "priority", "Attributed", "attribute"]

#: issuing levels, highest first
LEVELS = ("national", "provincial", "municipal", "unknown")

# one-character province abbreviations of document numbers (苏政发, 川办发, 甘政发 …)
_PROVINCE_ABBR = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")  # provincial-level cities
_NATIONAL_ISSUER = re.compile(r"^(?:国务院|中共中央|全国人民代表大会|全国人大|中华人民共和国|国家|最高人民)|"
                              r"^[^省市县区]*(?:部|委员会|总局|总署)$")


def level_of(issuer: Optional[str], doc_number: Optional[str]) -> str:
    """Return the issuing level a document's issuer or number says.

    >>> level_of("国务院", "国发〔2025〕11号"), level_of(None, "国办发〔2024〕5号")
    ('national', 'national')
    >>> level_of("江苏省人民政府", "苏政发〔2025〕108号"), level_of(None, "川办发〔2026〕14号")
    ('provincial', 'provincial')
    >>> level_of("兰州市人民政府", None), level_of("上海市人民政府", None), level_of(None, None)
    ('municipal', 'provincial', 'unknown')
    """
    issuer = (issuer or "").strip()
    number = (doc_number or "").strip()
    if issuer:
        if _NATIONAL_ISSUER.search(issuer):
            return "national"
        if issuer.startswith(_MUNICIPALITIES) or "省" in issuer or "自治区" in issuer:
            return "provincial"
        if re.search("[市县区州盟]", issuer):
            return "municipal"
    if number:
        if number.startswith("国"):
            return "national"
        if len(number) > 1 and number[0] in _PROVINCE_ABBR and number[1] in "政办发":
            return "provincial"
        if "市" in number:
            return "municipal"
    return "unknown"


def priority(date: Optional[str], level: str, ref: str) -> tuple:
    """Return the sort key of a possible source: earlier first, higher level first, then by name.

    >>> sorted([priority("2025-12-29", "provincial", "b"), priority("2025-08-21", "national", "n"),
    ...         priority(None, "national", "u"), priority("2025-12-29", "national", "c")])[0][2]
    'n'
    """
    return (date or "9999-99-99", LEVELS.index(level) if level in LEVELS else len(LEVELS), ref)


@dataclass(frozen=True)
class Attributed:
    """A passage of one document with its source (``None``: the document itself is the earliest holder)."""

    span: tuple[int, int]               # [start, end) in the document's match string
    source: Optional[int]               # the document it came from, or None
    holders: tuple[int, ...]            # every other document holding (part of) it, sorted
    via: Optional[Passage]              # the shared passage with the source, seen from this document


def attribute(doc: int, shared: Sequence[tuple[int, Passage]], keys: dict[int, tuple],
              min_chars: int = 15) -> list[Attributed]:
    """Return the document's shared passages, each with its source, in reading order.

    ``shared`` lists ``(other document, passage seen from doc)``; ``keys`` gives
    each document's :func:`priority`.  The document is cut where any shared
    passage starts or ends; each piece goes to the earliest of the documents
    holding it (the document itself included); neighbouring pieces with the
    same source join, and a piece too short to stand alone joins its longer neighbour.

    >>> p = lambda a, b: Passage(a, b, ((a[0], b[0], a[1] - a[0]),))
    >>> keys = {0: ("2026",), 1: ("2025",), 2: ("2024",)}
    >>> [(x.span, x.source, x.holders) for x in attribute(0, [(1, p((0, 40), (5, 45))), (2, p((20, 40), (0, 20)))], keys)]
    [((0, 20), 1, (1,)), ((20, 40), 2, (1, 2))]
    """
    if not shared:
        return []
    cuts = sorted({x for _, passage in shared for x in passage.a})
    pieces: list[list] = []   # [start, end, source, holders]
    for start, end in zip(cuts, cuts[1:]):
        holders = sorted({other for other, passage in shared
                          if passage.a[0] <= start and end <= passage.a[1]})
        if not holders:
            continue
        first = min([doc, *holders], key=lambda d: keys[d])
        source = None if first == doc else first
        last = pieces[-1] if pieces else None
        if last and last[1] == start and last[2] == source:
            last[1] = end
            last[3] = sorted(set(last[3]) | set(holders))
        else:
            pieces.append([start, end, source, holders])
    pieces = _absorb_short(pieces, min_chars)
    out = []
    for start, end, source, holders in pieces:
        if end - start < min_chars:
            continue
        via = None
        if source is not None:
            candidates = [p for o, p in shared if o == source]
            via = max(candidates, key=lambda p: (min(end, p.a[1]) - max(start, p.a[0]), -p.b[0]))
        out.append(Attributed((start, end), source, tuple(holders), via))
    return out


def _absorb_short(pieces: list[list], min_chars: int) -> list[list]:
    """Join each piece shorter than ``min_chars`` to its longer touching neighbour (boundary slivers)."""
    changed = True
    while changed:
        changed = False
        for k, piece in enumerate(pieces):
            if piece[1] - piece[0] >= min_chars:
                continue
            left = pieces[k - 1] if k and pieces[k - 1][1] == piece[0] else None
            right = pieces[k + 1] if k + 1 < len(pieces) and pieces[k + 1][0] == piece[1] else None
            if not left and not right:
                continue
            target = max((n for n in (left, right) if n), key=lambda n: n[1] - n[0])
            target[0], target[1] = min(target[0], piece[0]), max(target[1], piece[1])
            target[3] = sorted(set(target[3]) | set(piece[3]))
            del pieces[k]
            # neighbours that now touch with the same source become one
            merged: list[list] = []
            for p in pieces:
                if merged and merged[-1][1] == p[0] and merged[-1][2] == p[2]:
                    merged[-1][1] = p[1]
                    merged[-1][3] = sorted(set(merged[-1][3]) | set(p[3]))
                else:
                    merged.append(p)
            pieces = merged
            changed = True
            break
    return pieces
