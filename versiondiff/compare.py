"""The library entry point: compare documents and get a :class:`Comparison`.

>>> from versiondiff import compare
>>> result = compare("gansu-ai-plan@2018", "gansu-ai-plan@2026")  # corpus refs or paths
>>> result.mode        # chosen automatically: two versions of one series (a rewrite)
'version'
>>> result.old.metadata.date, result.new.metadata.doc_number
('2018-08-01', '甘政发〔2026〕1号')
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import re
from array import array
from collections import Counter
from typing import Callable, Optional, Sequence, Union

from . import align as _align
from .errors import VersiondiffError
from .inline import MAX_CELLS, OffsetMap, char_opcodes, increasing_run, to_original
from .models import Change, Clause, Comparison, Document, Item, KINDS, OutlinePair, Summary
from .normalize import MASK
from .references import article_number, cn_numeral, references, tracking_references

__all__ = ["compare", "compare_many", "similarity_matrix", "outline_units", "AUTO_VERSION_SHARE", "MODES"]

MODES = ("auto", "version", "cross")
#: ``mode="auto"`` picks version mode when at least this share of text is verbatim common.
AUTO_VERSION_SHARE = 0.3

DocumentLike = Union[str, os.PathLike, Document]


def _document(doc: DocumentLike, options: dict) -> Document:
    """Return a parsed Document for a path, a corpus reference or a Document."""
    if isinstance(doc, Document):
        return doc
    from .structure import read_document
    return read_document(os.fspath(doc), **options)


def compare(old: DocumentLike, new: DocumentLike, mode: str = "auto", *,
            work_budget: int = 20_000_000, **normalize_options) -> Comparison:
    """Compare two documents (paths, ``series@version`` refs or Documents).

    ``mode`` is ``version`` (one document revised), ``cross`` (different
    documents on one subject) or ``auto`` (decide from how much text they
    share; the result's ``mode`` and ``notes`` say which was used).
    """
    if mode not in MODES:
        raise VersiondiffError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    if all(isinstance(d, (str, os.PathLike)) and os.fspath(d) == "-" for d in (old, new)):
        raise VersiondiffError("standard input given as both OLD and NEW: it can be read only once, "
                               "so give one of them as a file", path="<stdin>")
    old_doc = _document(old, normalize_options)
    new_doc = _document(new, normalize_options)
    budget = _align.Budget(work_budget)
    notes: list[str] = []
    old_units, new_units = _units(old_doc), _units(new_doc)
    # the whole similarity matrix, computed at most once (auto mode and the rewrite pass both may need it)
    full_sims = functools.cache(lambda: _unit_similarities(old_doc, new_doc, old_units, new_units, budget))
    if mode == "auto":
        mode, reason = _auto_mode(old_doc, new_doc, full_sims, budget)
        notes.append(f"mode: {mode} (chosen automatically: {reason})")
    if mode == "version":
        links = _align.align_version(old_doc.clauses, new_doc.clauses, budget)
        linked = _unit_pairs_from_links(links, old_doc, new_doc, old_units, new_units)
        content = _content_pairs(old_doc, new_doc, old_units, new_units, linked, budget, full_sims)
        links = _align.pair_rewritten(old_doc.clauses, new_doc.clauses, links, content,
                                      [u[1] for u in old_units], [u[1] for u in new_units], budget)
        unit_pairs = sorted(linked + content)
    else:
        links, unit_pairs = _align.align_cross(_masked(old_doc.clauses), _masked(new_doc.clauses),
                                               [u[1] for u in old_units],
                                               [u[1] for u in new_units], budget)
    links, moved_refs = _renumbered_references(links, old_doc, new_doc)
    changes, matched = _changes(links, old_doc, new_doc)
    notes += moved_refs + _coarse_notes(changes)
    total = sum(len(c.text) for c in old_doc.clauses) + sum(len(c.text) for c in new_doc.clauses)
    similarity = round(2 * matched / total, 4) if total else 1.0
    counts = tuple((kind, sum(1 for c in changes if c.kind == kind)) for kind in KINDS)
    kinds = _pair_kinds(unit_pairs, old_doc, new_doc, old_units, new_units)
    outline = tuple(_outline_pair(old_doc, new_doc, old_units[a], new_units[b], score, kinds[(a, b)])
                    for a, b, score in unit_pairs)
    if mode == "version":
        outline += _rolled_up(unit_pairs, old_doc, new_doc, old_units, new_units)
    return Comparison(old=old_doc, new=new_doc, mode=mode, summary=Summary(counts, similarity),
                      outline=outline, changes=tuple(changes), notes=tuple(notes + budget.notes))


def compare_many(docs: Sequence[DocumentLike], mode: str = "cross", **options) -> list[Comparison]:
    """Compare every pair of documents (first with second, …); return the comparisons in pair order."""
    if len(docs) < 2:
        raise VersiondiffError("give at least two documents to compare")
    normalize_options = {k: v for k, v in options.items() if k != "work_budget"}
    parsed = [_document(d, normalize_options) for d in docs]
    return [compare(parsed[a], parsed[b], mode=mode, **options)
            for a in range(len(parsed)) for b in range(a + 1, len(parsed))]


def similarity_matrix(comparisons: Sequence[Comparison], count: int) -> list[list[float]]:
    """Arrange pairwise similarities from :func:`compare_many` as a symmetric matrix."""
    matrix = [[1.0] * count for _ in range(count)]
    pairs = [(a, b) for a in range(count) for b in range(a + 1, count)]
    for (a, b), comp in zip(pairs, comparisons):
        matrix[a][b] = matrix[b][a] = comp.summary.similarity
    return matrix


# ---- outline units ----------------------------------------------------------

_Unit = tuple[str, tuple[int, int]]  # (label, clause range)


def provisions(doc: Document) -> list[Item]:
    """Return the items that are units of content, in reading order: leaf items and whole articles.

    An article (第X条) is one provision however it is laid out: its list
    items (（一）（二）…) are pieces of one rule and say little alone (“下列事项：”
    keeps none of them), so the article is matched as a whole.
    """
    out, stack = [], list(reversed(doc.items))
    while stack:
        item = stack.pop()
        if item.is_leaf or item.style == ARTICLE:
            out.append(item)
        else:
            stack.extend(reversed(item.children))
    return out


def outline_units(doc: Document) -> list[tuple[Optional[Item], tuple[int, int]]]:
    """Return the outline units of a document in reading order: ``(leaf item or None, clause range)``.

    The units are the :func:`provisions` (leaf items, whole articles) and the
    unnumbered body text between them (a preamble, a section's introduction,
    a closing paragraph: ``None``).
    """
    units: list[tuple[Optional[Item], tuple[int, int]]] = []
    covered = [False] * len(doc.clauses)
    for item in provisions(doc):
        a, b = item.clauses
        if b > a:
            units.append((item, (a, b)))
            for k in range(a, b):
                covered[k] = True
    k = 0
    while k < len(doc.clauses):
        if covered[k] or doc.clauses[k].role in ("title", "header"):
            k += 1
            continue
        start = k
        while k < len(doc.clauses) and not covered[k] and doc.clauses[k].role not in ("title", "header"):
            k += 1
        units.append((None, (start, k)))
    units.sort(key=lambda u: u[1])
    return units


def _units(doc: Document) -> list[_Unit]:
    """Return the outline units of a document with their labels (path and heading)."""
    return [(f"{item.path} {item.heading}".strip() if item else doc.clauses[a].path or "", (a, b))
            for item, (a, b) in outline_units(doc)]


def _unit_span(doc: Document, unit: _Unit) -> tuple[int, int]:
    """Return the original span of a unit."""
    a, b = unit[1]
    return (doc.clauses[a].span[0], doc.clauses[b - 1].span[1])


def _unit_label(doc: Document, unit: _Unit) -> str:
    """Return a short human label for a unit: its path and heading, or its first words."""
    a, _ = unit[1]
    clause = doc.clauses[a]
    if unit[0] and clause.label:
        return unit[0]
    words = "".join(doc.text.original[clause.span[0]:clause.span[1]].split())[:16]
    return f"{unit[0]} {words}…".strip() if unit[0] else f"{words}…"


def _outline_pair(old: Document, new: Document, uo: _Unit, un: _Unit, score: float,
                  kind: str) -> OutlinePair:
    """Build the public outline record of a unit pair."""
    return OutlinePair(old=(_unit_span(old, uo),), new=(_unit_span(new, un),),
                       old_label=_unit_label(old, uo), new_label=_unit_label(new, un),
                       similarity=round(score, 4), kind=kind)


def _pair_kinds(pairs: Sequence[tuple[int, int, float]], old: Document, new: Document,
                old_units: list[_Unit], new_units: list[_Unit]) -> dict[tuple[int, int], str]:
    """Say how each unit pair corresponds: same, rewritten, moved, split or merged.

    ``split``: the old item went into several new ones; ``merged``: several
    old items went into one; ``moved``: a one-to-one pair out of the order the
    other pairs keep; ``same``: the items read the same but for their numbers.
    """
    old_degree = Counter(a for a, _, _ in pairs)
    new_degree = Counter(b for _, b, _ in pairs)
    single = sorted((a, b) for a, b, _ in pairs if old_degree[a] == 1 and new_degree[b] == 1)
    in_order = set(increasing_run(single))
    kinds = {}
    for a, b, _ in pairs:
        if old_degree[a] > 1:
            kinds[(a, b)] = "split"
        elif new_degree[b] > 1:
            kinds[(a, b)] = "merged"
        elif (a, b) not in in_order:
            kinds[(a, b)] = "moved"
        elif _unit_body(old, old_units[a]) == _unit_body(new, new_units[b]):
            kinds[(a, b)] = "same"
        else:
            kinds[(a, b)] = "rewritten"
    return kinds


#: The numbering style of a law's articles (第X条), the unit of its provisions.
ARTICLE = "chapter-条"


def _rolled_up(pairs: Sequence[tuple[int, int, float]], old: Document, new: Document,
               old_units: list[_Unit], new_units: list[_Unit]) -> tuple[OutlinePair, ...]:
    """Pair a numbered parent with the unit its parts all came from (or went to).

    A section that was folded into one item (its tasks merged into one new
    task) is a parent of units on one side and one unit on the other: when
    the units that pair with the parent's parts pair with nothing outside the
    parent, and most of the parent's paired text pairs with that one unit,
    the parent as a whole is its counterpart.  An article is a unit itself
    (:func:`provisions`), so this never splits one; a section whose parts
    went to several units pairs item by item.
    """
    out = []
    for side, doc, units, other_doc, other_units in (("new", new, new_units, old, old_units),
                                                      ("old", old, old_units, new, new_units)):
        mine, theirs = (1, 0) if side == "new" else (0, 1)
        partners: dict[int, set[int]] = {}
        back: dict[int, set[int]] = {}
        for pair in pairs:
            partners.setdefault(pair[mine], set()).add(pair[theirs])
            back.setdefault(pair[theirs], set()).add(pair[mine])
        starts = [u[1][0] for u in units]   # units are in reading order

        def size(k: int) -> int:
            return sum(len(c.text) for c in doc.clauses[units[k][1][0]:units[k][1][1]])
        whole_units = {u[1] for u in units}
        for item in doc.walk():
            if item.is_leaf or item.clauses in whole_units:   # a unit itself (an article) pairs as one
                continue
            a, b = item.clauses
            inside = [k for k in range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b))
                      if units[k][1][1] <= b]
            paired = [k for k in inside if k in partners]
            # the units whose every counterpart lies inside this parent (a unit that also
            # pairs outside, as the source of one split-off part, does not speak for it)
            found = {w for k in paired for w in partners[k] if back[w] <= set(inside)}
            if not found or 2 * sum(size(k) for k in paired if partners[k] & found) < sum(size(k) for k in paired):
                continue   # most of the parent went elsewhere
            if len(found) != 1:
                continue   # a section's tasks went to separate items; they pair item by item
            w = next(iter(found))
            theirs_pair = (_unit_span(other_doc, other_units[w]), _unit_label(other_doc, other_units[w]))
            mine_pair = _item_part(doc, item)
            parts = [k for k in paired if w in partners[k]]
            score = max(p[2] for p in pairs if p[mine] in parts and p[theirs] == w)
            old_part, new_part = (theirs_pair, mine_pair) if side == "new" else (mine_pair, theirs_pair)
            kind = ("split" if side == "new" else "merged") if len(parts) > 1 else "rewritten"
            out.append(OutlinePair(old=(old_part[0],), new=(new_part[0],), old_label=old_part[1],
                                   new_label=new_part[1], similarity=round(score, 4), kind=kind))

    def within(p: OutlinePair, q: OutlinePair) -> bool:
        return (p.old, p.new) != (q.old, q.new) and (p.old == q.old or p.new == q.new) and \
            q.old[0][0] <= p.old[0][0] and p.old[0][1] <= q.old[0][1] and \
            q.new[0][0] <= p.new[0][0] and p.new[0][1] <= q.new[0][1]
    # a parent paired with a part of a parent it is also paired with as a whole (or found from both
    # sides) says it twice
    seen: set = set()
    kept = []
    for p in out:
        if (p.old, p.new) not in seen and not any(within(p, q) for q in out):
            seen.add((p.old, p.new))
            kept.append(p)
    return tuple(kept)


def _item_part(doc: Document, item: Item) -> tuple[tuple[int, int], str]:
    """Return an item's original span (its clauses) and its label (path and heading)."""
    a, b = item.clauses
    return (doc.clauses[a].span[0], doc.clauses[b - 1].span[1]), f"{item.path} {item.heading}".strip()


def _unit_body(doc: Document, unit: _Unit) -> str:
    """Return a unit's canonical text without item labels (what it says, not its number)."""
    return "".join(_align.unit_texts(doc.clauses, [unit[1]]))


#: Most unit pairs the rewrite search scores (dense matrices; beyond it clause links alone pair units).
MAX_UNIT_CELLS = 4_000_000
#: Up to this many unit pairs the whole matrix is scored; beyond, only the units left alone.
FULL_MATRIX_CELLS = 1_000_000


def _unit_similarities(old: Document, new: Document, old_units: list[_Unit], new_units: list[_Unit],
                       budget: _align.Budget, rows: Optional[Sequence[int]] = None,
                       cols: Optional[Sequence[int]] = None):
    """Return content similarities of units, plain and with the hierarchy prior, and their vectors (or None).

    Without ``rows``/``cols``: the whole matrix, ``(plain, prior, vectors)``.
    With them: the whole rows of the old units ``rows`` and the whole columns
    of the new units ``cols``, ``(row_plain, row_prior, col_plain, col_prior,
    vectors)``.  ``vectors`` (:class:`align.UnitVectors`) scores one unit
    against all others on demand.  None when there is nothing to compare or
    too many pairs to score.
    """
    import numpy as np
    strips = rows is not None
    rows = list(range(len(old_units))) if rows is None else list(rows)
    cols = list(range(len(new_units))) if cols is None else list(cols)
    n, m = len(old_units), len(new_units)
    cells = n * m if not strips else len(rows) * m + n * len(cols)
    if not n or not m:
        return None
    if cells > MAX_UNIT_CELLS or not budget.spend(cells, "item matching by content"):
        budget.notes.append(f"item matching by content skipped: {len(rows)} × {len(cols)} "
                            "items is too many; items are paired by their aligned clauses alone")
        return None
    masked = _masked(old.clauses), _masked(new.clauses)
    old_texts = _align.unit_texts(masked[0], [u[1] for u in old_units])
    new_texts = _align.unit_texts(masked[1], [u[1] for u in new_units])
    from scipy.sparse import csr_matrix
    counts, vocabulary = _align.gram_counts_and_vocabulary(old_texts + new_texts)
    matrix = _align.tfidf(counts)
    old_m, new_m = matrix[:n], matrix[n:]
    # the hierarchy as a weak prior: items whose sections are about the same
    # subject are likelier counterparts (智能政务 under 智能社会 → 治理能力领域);
    # a section's n-grams are those of its units
    old_parent, new_parent = _parents(old), _parents(new)
    old_groups, new_groups = sorted(set(old_parent)), sorted(set(new_parent))
    group_of_old = np.array([old_groups.index(p) for p in old_parent])
    group_of_new = np.array([new_groups.index(p) for p in new_parent])
    member = csr_matrix((np.ones(n + m), (np.concatenate([group_of_old, len(old_groups) + group_of_new]),
                                          np.arange(n + m))), shape=(len(old_groups) + len(new_groups), n + m))
    groups = _align.tfidf(member @ counts)
    group_sims = np.asarray((groups[:len(old_groups)] @ groups[len(old_groups):].T).todense())

    def block(r: list[int], c: Optional[list[int]]):
        plain = np.asarray((old_m[r] @ (new_m if c is None else new_m[c]).T).todense())
        prior = group_sims[group_of_old[r]][:, group_of_new if c is None else group_of_new[c]]
        return plain, plain + HIERARCHY_PRIOR * prior

    def sentences(k: int) -> list[str]:   # a unit's sentences (is a part's text in its whole?)
        clauses, unit = (masked[0], old_units[k]) if k < n else (masked[1], new_units[k - n])
        a, b = unit[1]
        return [_align.body(c) for c in clauses[a:b] if c.role != "units"]
    vectors = _align.UnitVectors(matrix, n, vocabulary, _align.inverse_frequencies(counts), sentences)
    if not strips:
        return (*block(rows, None), vectors)
    row_plain, row_prior = block(rows, None) if rows else (np.zeros((0, m)), np.zeros((0, m)))
    col_plain, col_prior = block(list(range(n)), cols) if cols else (np.zeros((n, 0)), np.zeros((n, 0)))
    return row_plain, row_prior, col_plain, col_prior, vectors


def _content_pairs(old: Document, new: Document, old_units: list[_Unit], new_units: list[_Unit],
                   linked: list[tuple[int, int, float]], budget: _align.Budget,
                   full_sims: Callable[[], object]) -> list[tuple[int, int, float]]:
    """Pair by content the units the clause alignment left without a counterpart (version mode).

    The candidates are the whole rows and columns of the units left alone (so
    a pair still has to stand out of all, and is measured against what the
    other units left alone reach, not against the verbatim pairs): taken from
    the whole matrix when that fits, scored on their own for long documents.
    """
    taken_old, taken_new = {u for u, _, _ in linked}, {v for _, v, _ in linked}
    alone_old = [u for u in range(len(old_units)) if u not in taken_old]
    alone_new = [v for v in range(len(new_units)) if v not in taken_new]
    if not alone_old and not alone_new:
        return []
    old_leaf = [item is not None for item, _ in outline_units(old)]
    new_leaf = [item is not None for item, _ in outline_units(new)]
    if len(old_units) * len(new_units) <= FULL_MATRIX_CELLS:
        sims = full_sims()
        if sims is None:
            return []
        found = _align.rewrite_unit_pairs(sims[1][alone_old], sims[2], linked, True, old_leaf, new_leaf,
                                          rows=alone_old, cols=alone_new, col_sims=sims[1][:, alone_new])
        return [(a, b, float(sims[0][a, b])) for a, b, _ in found]
    strips = _unit_similarities(old, new, old_units, new_units, budget, rows=alone_old, cols=alone_new)
    if strips is None:
        return []
    row_plain, row_prior, col_plain, col_prior, vectors = strips
    found = _align.rewrite_unit_pairs(row_prior, vectors, linked, True, old_leaf, new_leaf,
                                      rows=alone_old, cols=alone_new, col_sims=col_prior)
    at_row, at_col = {u: k for k, u in enumerate(alone_old)}, {v: k for k, v in enumerate(alone_new)}
    return [(a, b, float(row_plain[at_row[a], b] if a in at_row else col_plain[a, at_col[b]]))
            for a, b, _ in found]


#: Weight of the section-level similarity added to an item pair's own.
HIERARCHY_PRIOR = 0.1


def _parents(doc: Document) -> list[str]:
    """Return the section path each outline unit belongs to (a section's own text belongs to it)."""
    out = []
    for item, (a, _) in outline_units(doc):
        parts = [p for p in (item.path if item else doc.clauses[a].path).split("/") if p]
        out.append("/".join(parts[:-1] if item else parts))
    return out


# ---- references that follow a renumbering ------------------------------------

def _renumbered_references(links: list[_align.Link], old: Document, new: Document
                           ) -> tuple[list[_align.Link], list[str]]:
    """Call renumbered a changed clause whose only changes are its label and references that follow.

    The article mapping comes from the clause pairs that start articles on
    both sides (``第八条`` ↔ ``第九条``); a note names the references that
    moved with their articles.
    """
    mapping: dict[int, int] = {}
    for lk in links:
        if len(lk.old) == 1 and len(lk.new) == 1 and lk.kind != "deleted":
            a = article_number(old.clauses[lk.old[0]].label)
            b = article_number(new.clauses[lk.new[0]].label)
            if a is not None and b is not None:
                mapping.setdefault(a, b)
    if not mapping:
        return links, []
    out, notes = [], []
    for lk in links:
        if lk.kind == "renumbered":   # same words, new number: do its references still point right?
            clause = new.clauses[lk.new[0]]
            for _, _, number in references(_align.body(clause)):
                if number is not None and mapping.get(number, number) != number:
                    notes.append(f"{clause.path or clause.label} still cites 第{cn_numeral(number)}条, "
                                 f"which is now 第{cn_numeral(mapping[number])}条")
        if lk.kind == "changed" and len(lk.old) == 1 and len(lk.new) == 1 and \
                lk.old_part is None and lk.new_part is None:
            a, b = old.clauses[lk.old[0]], new.clauses[lk.new[0]]
            moved = tracking_references(_align.body(a), _align.body(b), mapping)
            if moved:
                lk = dataclasses.replace(lk, kind="renumbered", similarity=1.0)
                where = b.path or b.label or "a clause"
                notes.append(f"references renumbered with their articles in {where}: " +
                             ", ".join(f"{x} → {y}" for x, y in moved))
        out.append(lk)
    return out, notes


# ---- choosing the mode -------------------------------------------------------

#: Wrappers and revision marks that do not change which document a title names.
_TITLE_NOISE = re.compile(r"^.*?关于印发|的通知$|[《》“”\"]|[(（][^()（）]*(修订|修正|草案|征求意见稿|试行|\d{4}年?)[^()（）]*[)）]|"
                          r"\d{4}年?(修订|修正)?|(修订|修正)(稿|本)?$")


def _document_name(doc: Document, masked: bool = True) -> str:
    """Return the name a document's title gives, without wrappers, years and revision marks (places masked)."""
    name = _TITLE_NOISE.sub("", doc.metadata.subtitle or doc.metadata.title or "")
    return _place_pattern().sub(MASK, name) if masked else name


#: The place a title or issuer starts with: the country, or a name ending in an administrative unit.
_JURISDICTION = re.compile(r"^(中华人民共和国|国务院|[\u4e00-\u9fff]{1,7}?(?:特别行政区|自治区|自治州|自治县|省|市|县|区|州|盟|旗))")


def _jurisdiction(doc: Document) -> str:
    """Return the place a document is issued for (from its issuer, else its title), or '' if unknown."""
    for text in (doc.metadata.issuer, doc.metadata.title):
        found = _JURISDICTION.match(text or "")
        if found:
            return "中华人民共和国" if found.group(1) == "国务院" else found.group(1)
    return ""


#: Share of both texts in items paired by content for two same-titled texts to be one document:
#: a rewrite that adds many new articles still has a real part of each text in common (上海金融条例
#: 2009 → 2024: 76% of the old text, 45% of the new), a summary under its source's title a sliver (1%).
CONTENT_COVER = 0.25
#: Share of text in corresponding items, and of those pairs in order, for a rewrite without a common title.
IN_ORDER_COVER, IN_ORDER = 0.6, 0.8


def _content_cover(old: Document, new: Document, sims) -> tuple[float, float]:
    """Return how the items correspond by content: the share of text paired and of pairs in order.

    The first is the smaller share of each text (in characters) lying in
    units paired by content; the second the share of one-to-one pairs in the
    longest run that keeps the order of both documents.
    """
    if sims is None:
        return 0.0, 0.0
    pairs = _align.rewrite_unit_pairs(sims[1], sims[2], [], True)
    shares = []
    for doc, side in ((old, 0), (new, 1)):
        units = outline_units(doc)
        size = [sum(len(c.text) for c in doc.clauses[a:b]) for _, (a, b) in units]
        paired = {p[side] for p in pairs}
        shares.append(sum(size[k] for k in paired) / (sum(size) or 1))
    single = sorted((a, b) for a, b, _ in pairs)
    return min(shares), len(increasing_run(single)) / (len(single) or 1)


def _auto_mode(old: Document, new: Document, full_sims: Callable[[], object],
               budget: _align.Budget) -> tuple[str, str]:
    """Choose version or cross mode for two documents; return the mode and the reason."""
    if old.source.series and old.source.series == new.source.series:
        return "version", f"two versions of the series {old.source.series}"
    share = _align.shared_fraction(old.clauses, new.clauses)
    if share < AUTO_VERSION_SHARE:  # a heavy revision shares text with small edits
        share = max(share, _align.near_shared_fraction(old.clauses, new.clauses, budget))
    if share >= AUTO_VERSION_SHARE:
        return "version", f"{share:.0%} of the text is shared"
    places = _jurisdiction(old), _jurisdiction(new)
    if all(places) and places[0] != places[1]:
        # a document is rewritten by the government that issued it: little shared text and
        # two places are two documents on one subject, however alike their items
        return "cross", f"{share:.0%} of the text is shared, and they are issued for {places[0]} and {places[1]}"
    cover, order = _content_cover(old, new, full_sims())
    name = _document_name(old)
    # a title alone is not enough (a summary carries its source's title): the
    # items must also correspond by content; without the title or the place,
    # they must also keep their order, as a rewrite keeps its skeleton and
    # another document on the same subject does not
    if len(name) >= 4 and name == _document_name(new) and cover >= CONTENT_COVER:
        return "version", (f"both titles name {_document_name(old, masked=False)}, and {cover:.0%} of the text "
                           "is in items that correspond")
    if places[0] and places[0] == places[1] and cover >= IN_ORDER_COVER:
        # one government re-issuing its plan: the items correspond, in whatever order it chose now
        return "version", (f"{share:.0%} of the text is shared, but both are issued for {places[0]} and "
                           f"{cover:.0%} is in items that correspond by content")
    if cover >= IN_ORDER_COVER and order >= IN_ORDER:
        return "version", (f"{share:.0%} of the text is shared, but {cover:.0%} is in items that "
                           f"correspond by content, {order:.0%} of them in order")
    if all(any(item.style == ARTICLE for item in doc.walk()) for doc in (old, new)):
        # two regulations with no title or place to tell: say how to read them as one rewritten
        return "cross", (f"{share:.0%} of the text is shared; if they are two versions of one regulation, "
                         "--mode version pairs their articles as a rewrite")
    return "cross", f"{share:.0%} of the text is shared"


def _unit_pairs_from_links(links, old: Document, new: Document, old_units: list[_Unit],
                           new_units: list[_Unit]) -> list[tuple[int, int, float]]:
    """Pair outline units that share aligned text (version mode)."""
    def owner(units: list[_Unit], size: int) -> list[int]:
        table = [-1] * size
        for n, (_, (a, b)) in enumerate(units):
            for k in range(a, b):
                table[k] = n
        return table

    old_owner, new_owner = owner(old_units, len(old.clauses)), owner(new_units, len(new.clauses))
    shared: dict[tuple[int, int], float] = {}
    for link in links:
        if not (link.old and link.new):
            continue
        size = sum(len(old.clauses[i].text) for i in link.old) + \
            sum(len(new.clauses[j].text) for j in link.new)
        weight = link.similarity * size / 2 / (len(link.old) * len(link.new))
        for i in link.old:
            for j in link.new:
                u, v = old_owner[i], new_owner[j]
                if u >= 0 and v >= 0:
                    shared[(u, v)] = shared.get((u, v), 0.0) + weight

    def size(doc: Document, unit: _Unit) -> int:
        return sum(len(c.text) for c in doc.clauses[unit[1][0]:unit[1][1]]) or 1

    pairs = []
    for (u, v), m in sorted(shared.items()):
        su, sv = size(old, old_units[u]), size(new, new_units[v])
        if m >= 0.3 * min(su, sv):
            pairs.append((u, v, 2 * m / (su + sv)))
    return pairs


# ---- place masking for cross mode -------------------------------------------

@functools.lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern:
    """Return a pattern of place names and redaction placeholders (longest names first)."""
    from .normalize import load_places
    names = sorted(load_places(), key=len, reverse=True)
    return re.compile("|".join([r"关键词\d+", *map(re.escape, names)]))


def _masked(clauses: Sequence[Clause]) -> list[Clause]:
    """Mask place names and placeholders, keeping lengths, so 甘肃省… and 四川省… can match.

    Lengths are kept so that offsets into the clause text stay valid for the
    character diff; the report still shows the original names.
    """
    pattern = _place_pattern()
    out = []
    for clause in clauses:
        text = pattern.sub(lambda m: MASK * len(m.group()), clause.text)
        out.append(clause if text == clause.text else dataclasses.replace(clause, text=text))
    return out


# ---- change records ---------------------------------------------------------

_SPACE = re.compile(r"\s")


def _offset_map(doc: Document, indices: Sequence[int]) -> OffsetMap:
    """Return the original offsets of the characters of some clauses, in order."""
    canonical, starts, ends = doc.text.canonical, doc.text.starts, doc.text.ends
    s_out = array("i")
    e_out = array("i")
    breaks = []
    for idx in indices:
        a, b = doc.clauses[idx].canon
        breaks.append(len(s_out))
        if not _SPACE.search(canonical, a, b):  # the usual clause: copy the maps whole
            s_out.extend(starts[a:b])
            e_out.extend(ends[a:b])
            continue
        for k in range(a, b):
            if not canonical[k].isspace():
                s_out.append(starts[k])
                e_out.append(ends[k])
    return OffsetMap(s_out, e_out, breaks)


def _changes(links, old: Document, new: Document) -> tuple[list[Change], int]:
    """Turn clause links into change records covering both documents; return them and matched chars."""
    changes: list[Change] = []
    matched = 0
    old_pos = new_pos = 0   # original offsets where an insertion / deletion would sit
    for link in links:
        record, gained, old_pos, new_pos = _record(link.kind, link.similarity, link.old, link.old_part,
                                                   link.new, link.new_part, old, new, old_pos, new_pos)
        changes.append(record)
        matched += gained
    return _linked_moves(_with_ignored(changes, old, new)), matched


def _coarse_notes(changes: Sequence[Change]) -> list[str]:
    """Say where a very long clause pair shares no anchor and shows as one whole replacement."""
    notes = []
    for change in changes:
        for tag, i1, i2, j1, j2 in change.opcodes:
            if tag == "replace" and (i2 - i1) * (j2 - j1) > MAX_CELLS:
                where = change.new_path or change.old_path or "the text"
                notes.append(f"inline diff coarsened in {where}: {i2 - i1} characters replaced by "
                             f"{j2 - j1} shown whole (too long to diff character by character)")
    return notes


def _linked_moves(changes: list[Change]) -> list[Change]:
    """Point each moved record at the record its text stood before in the old document.

    A reader of the new text sees the move where the clause arrived; the
    ``link`` lets a renderer also mark the place it left (None: the old end).
    """
    stays = sorted((c.old[0][0], k) for k, c in enumerate(changes) if c.old and c.kind != "moved")
    starts = [start for start, _ in stays]
    out = []
    for change in changes:
        if change.kind == "moved":
            at = bisect.bisect_right(starts, change.old[0][0])
            change = dataclasses.replace(change, link=stays[at][1] if at < len(stays) else None)
        out.append(change)
    return out


def _record(kind: str, similarity: float, oi, o_range, ni, n_range, old: Document, new: Document,
            old_pos: int, new_pos: int) -> tuple[Change, int, int, int]:
    """Build one change record from clause indices (optionally a character range of them)."""
    omap, nmap = _offset_map(old, oi), _offset_map(new, ni)
    oc = [old.clauses[i] for i in oi]
    nc = [new.clauses[j] for j in ni]
    a = "".join(c.text for c in oc)
    b = "".join(c.text for c in nc)
    if o_range:
        a, omap = a[o_range[0]:o_range[1]], omap.slice(*o_range)
    if n_range:
        b, nmap = b[n_range[0]:n_range[1]], nmap.slice(*n_range)
    if kind == "equal" or (kind == "moved" and a == b):
        similarity = 1.0
    elif not (a and b):
        similarity = 0.0
    local = char_opcodes(a, b)
    gained = sum(i2 - i1 for tag, i1, i2, _, _ in local if tag == "equal")
    old_spans = _spans(oc, omap, o_range)
    new_spans = _spans(nc, nmap, n_range)
    if old_spans and kind != "moved":
        old_pos = old_spans[-1][1]
    if new_spans:
        new_pos = new_spans[-1][1]
    opcodes = to_original(local, omap, nmap, old_spans[0][0] if old_spans else old_pos,
                          new_spans[0][0] if new_spans else new_pos)
    record = Change(kind=kind, old=old_spans, new=new_spans, similarity=round(similarity, 4),
                    opcodes=tuple(opcodes), old_path=oc[0].path if oc else "",
                    new_path=nc[0].path if nc else "")
    return record, gained, old_pos, new_pos


def _spans(clauses: list[Clause], offsets: OffsetMap, part) -> tuple[tuple[int, int], ...]:
    """Return the original spans of some clauses, or of a character range of one clause."""
    if part is None:
        return tuple(c.span for c in clauses)
    if not len(offsets.starts):
        return ()
    return ((offsets.starts[0], offsets.ends[-1]),)


def _with_ignored(changes: list[Change], old: Document, new: Document) -> list[Change]:
    """Insert the boilerplate each document set aside, where it stands, as ``ignored`` records."""
    out = list(changes)
    for side, doc in (("old", old), ("new", new)):
        for span in doc.text.ignored:
            record = Change(kind="ignored", old=(span,) if side == "old" else (),
                            new=(span,) if side == "new" else (), similarity=0.0)
            at = len(out)
            for k, change in enumerate(out):
                spans = getattr(change, side)
                if spans and spans[0][0] > span[0] and change.kind != "moved":
                    at = k
                    break
            out.insert(at, record)
    return out
