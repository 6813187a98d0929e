"""Key terms whose frequency rose or fell most between two documents, with their passages.

Terms are character n-grams (2–4 characters) of the canonical body text,
scored with the log-odds ratio with an informative Dirichlet prior of Monroe,
Colaresi and Quinn (2008, "Fightin' Words"): the prior is the two documents'
pooled counts, so a stock phrase that both use a lot (``人工智能``, ``推动``)
gets a small z-score however frequent it is, and a term one text uses and
the other never does stands out in proportion to the evidence.  Overlapping
n-grams of one term (``智能体``, ``能体``) are reported once, as the longest
that keeps most of the count.

>>> from versiondiff.normalize import normalize
>>> from versiondiff.structure import parse
>>> from versiondiff.models import Source
>>> old = parse(Source("a", "a", "发展军民融合。推进军民融合产业。军民融合示范。建设园区。", "utf-8", ""))
>>> new = parse(Source("b", "b", "发展大模型。推进大模型应用。大模型示范。建设园区。", "utf-8", ""))
>>> [(t.term, t.direction) for t in key_terms(old, new, limit=1, min_count=2, min_z=0)]
[('大模型', 'rose'), ('军民融合', 'fell')]
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from .models import Document, Span

__all__ = ["Term", "key_terms", "log_odds"]

# An n-gram that starts or ends with one of these is a piece of grammar, not a term.
_FUNCTION = set("的了和与及等在对为以是其将把被并或于中上下个之而也又还就都要由从向各该此")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_BODY_ROLES = ("heading", "sentence")


@dataclass(frozen=True)
class Term:
    """A term whose use changed between the documents."""

    term: str
    old_count: int
    new_count: int
    old_rate: float                    # per 10,000 characters of body text
    new_rate: float
    z: float                           # log-odds z-score: > 0 rose, < 0 fell
    old_passages: tuple[Span, ...]     # original spans of (up to 3) clauses using it
    new_passages: tuple[Span, ...]

    @property
    def direction(self) -> str:
        """Return ``rose`` or ``fell``."""
        return "rose" if self.z > 0 else "fell"


def _body(doc: Document) -> list[tuple[int, str]]:
    """Return ``(clause index, canonical text)`` of the body clauses (no title, header or unit notes)."""
    return [(c.index, c.text) for c in doc.clauses if c.role in _BODY_ROLES]


def _counts(clauses: list[tuple[int, str]], sizes=(2, 3, 4)) -> tuple[Counter, int]:
    counts: Counter = Counter()
    total = 0
    for _, text in clauses:
        for run in _CJK.findall(text):
            total += len(run)
            for n in sizes:
                for i in range(len(run) - n + 1):
                    gram = run[i:i + n]
                    if gram[0] not in _FUNCTION and gram[-1] not in _FUNCTION:
                        counts[gram] += 1
    return counts, total


def log_odds(y_old: int, n_old: int, y_new: int, n_new: int, alpha: float,
             alpha0: float) -> tuple[float, float]:
    """Return the log-odds ratio with an informative Dirichlet prior and its z-score (Monroe et al. 2008).

    >>> delta, z = log_odds(0, 1000, 10, 1000, 1.0, 100.0)
    >>> round(delta, 2), z > 1.96, log_odds(5, 1000, 5, 1000, 1.0, 100.0)
    (2.41, True, (0.0, 0.0))
    """
    new = math.log((y_new + alpha) / (n_new + alpha0 - y_new - alpha))
    old = math.log((y_old + alpha) / (n_old + alpha0 - y_old - alpha))
    delta = new - old
    return delta, delta / math.sqrt(1 / (y_new + alpha) + 1 / (y_old + alpha))


def _passages(doc: Document, clauses: list[tuple[int, str]], term: str, limit: int = 3) -> tuple[Span, ...]:
    return tuple(doc.clauses[k].span for k, text in clauses if term in text)[:limit]


def key_terms(old: Document, new: Document, *, limit: int = 20, min_count: int = 3,
              prior: Optional[Counter] = None, prior_weight: float = 0.1,
              min_z: float = 1.96) -> list[Term]:
    """Return up to ``limit`` terms that rose and up to ``limit`` that fell, strongest first.

    ``prior`` is a background count table (default: the two documents pooled);
    ``prior_weight`` scales it (α₀ = weight × the documents' length).  A term
    must differ significantly (``|z| ≥ min_z``); the significant ones are ranked
    by the shrunk log-odds ratio, so that a distinctive term outranks a stock
    word whose rate moved a little on a large count.
    """
    o_body, n_body = _body(old), _body(new)
    o_counts, o_total = _counts(o_body)
    n_counts, n_total = _counts(n_body)
    background = prior if prior is not None else o_counts + n_counts
    b_total = sum(background.values()) or 1
    alpha0 = prior_weight * (o_total + n_total)
    scored = []
    for gram in sorted(set(o_counts) | set(n_counts)):
        yo, yn = o_counts[gram], n_counts[gram]
        if yo + yn < min_count:
            continue
        alpha = max(alpha0 * background[gram] / b_total, 0.01)
        delta, z = log_odds(yo, o_total, yn, n_total, alpha, alpha0)
        if abs(z) >= min_z:  # significant at all; then ranked by the (shrunk) ratio itself
            scored.append((delta, z, gram))
    texts = ("".join(t for _, t in o_body), "".join(t for _, t in n_body))
    rose = _distinct(sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[2])), texts, limit, 1)
    fell = _distinct(sorted((s for s in scored if s[0] < 0), key=lambda s: (s[0], s[2])), texts, limit, 0)
    per = (lambda count, total: round(10_000 * count / total, 2) if total else 0.0)
    out = []
    for z, g in rose + fell:
        yo, yn = texts[0].count(g), texts[1].count(g)
        out.append(Term(g, yo, yn, per(yo, o_total), per(yn, n_total), round(z, 3),
                        _passages(old, o_body, g), _passages(new, n_body, g)))
    return out


def _distinct(ranked, texts: tuple[str, str], limit: int, side: int) -> list[tuple[float, str]]:
    """Keep one n-gram per term: the pieces of one longer term (新一代人工智能) are joined,
    and a piece of a kept term with about its count is dropped."""
    kept: list[tuple[float, str]] = []
    for _, z, gram in ranked:
        merged = False
        for k, (z2, other) in enumerate(kept):
            joined = _join(other, gram, texts, side)
            if joined:
                kept[k] = (z2, joined)
                merged = True
                break
        if not merged:
            kept.append((z, gram))
        if len(kept) >= limit * 3:
            break
    kept = [(z, _extend(g, texts[side])) for z, g in kept]
    out: list[tuple[float, str]] = []
    for z, g in kept:  # joining may have made one term contain another
        if not any(g != o and g in o for _, o in kept) and g not in [x for _, x in out]:
            out.append((z, g))
    return out[:limit]


def _extend(term: str, text: str, longest: int = 8) -> str:
    """Grow a term by the character that stands beside most of its uses (能体 → 智能体)."""
    while len(term) < longest:
        spots = [m.start() for m in re.finditer(re.escape(term), text)]
        if not spots:
            return term
        grown = False
        for side in (-1, 1):
            near = Counter(text[p - 1] if side < 0 and p > 0 else
                           text[p + len(term)] if side > 0 and p + len(term) < len(text) else ""
                           for p in spots)
            ch, n = near.most_common(1)[0]
            if ch and _CJK.match(ch) and ch not in _FUNCTION and n >= 0.75 * len(spots) and len(spots) >= 2:
                term = ch + term if side < 0 else term + ch
                grown = True
                break
        if not grown:
            return term
    return term


def _join(a: str, b: str, texts: tuple[str, str], side: int) -> str:
    """Return the one term that ``a`` and ``b`` are pieces of, or "" when they are two terms."""
    count = texts[side].count
    if b in a:
        return a if count(b) <= 1.25 * count(a) else ""
    if a in b:
        return b if count(b) >= 0.75 * count(a) else ""
    for k in range(min(len(a), len(b)) - 1, 0, -1):  # 一代人工 + 代人工智 → 一代人工智
        for left, right in ((a, b), (b, a)):
            if left[-k:] == right[:k]:
                joined = left + right[k:]
                if count(joined) >= 0.75 * max(count(a), count(b)):
                    return joined
    return ""
