"""The view model of the HTML reports: plain frozen data built from Comparisons, no HTML.

The templates only lay out what this module decides: which rows exist and in
what order, which characters are marked, where every anchor lives, and the
geometry of the alignment map.  Nothing here aligns text: every pairing comes
from the :class:`~versiondiff.models.Comparison` (its ``changes`` and
``outline``); documents are only read for their outline, clause labels,
responsible units and metadata.

>>> display_text("构建人工智\\n\\n能国产生态")
'构建人工智能国产生态'
"""
from __future__ import annotations

import bisect
import dataclasses
import math
import os
import re
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Optional, Sequence

from ..compare import outline_units, similarity_matrix
from ..models import KINDS, Change, Comparison, Document, Item, ResponsibleUnits, Span

__all__ = [
    "Segment", "UnitTag", "Counterpart", "Cell", "Row", "Section", "MapNode", "MapBand", "AlignmentMap",
    "DocumentCard", "KindCount", "PairView", "TopicEntry", "TopicRow", "MatrixCell",
    "UniqueList", "TextBlock", "DocumentText", "SynopsisView",
    "build_pair", "build_synopsis", "display_text", "KIND_LABELS", "CHANGE_KINDS",
]

#: What a reader sees for each kind (the JSON names, so the two outputs agree).
KIND_LABELS = {
    "equal": "unchanged", "changed": "changed", "moved": "moved", "renumbered": "renumbered",
    "inserted": "inserted", "deleted": "deleted", "split": "split", "merged": "merged",
    "ignored": "set aside",
}
#: Kinds that j/k navigation stops at and "changes only" shows.
CHANGE_KINDS = tuple(k for k in KINDS if k not in ("equal", "ignored"))

#: Shortest run of shared characters worth highlighting in a synopsis (shorter runs are noise).
MIN_SHARED = 4


# ---- the data the templates receive ------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A run of original text with one mark: "", "del", "ins", "shared", "br" or "gap"."""

    text: str
    mark: str = ""
    note: str = ""            # tooltip, e.g. which documents share a phrase


@dataclass(frozen=True)
class UnitTag:
    """A responsible unit named by an item, and how it changed."""

    name: str
    lead: bool
    status: str               # "same" | "added" | "removed"
    role_changed: bool = False  # lead on one side, not on the other


@dataclass(frozen=True)
class Counterpart:
    """A part of the other document that corresponds to a part starting in a cell."""

    href: str
    label: str
    similarity: float


@dataclass(frozen=True)
class Cell:
    """One side of a row: the original text with marks, where it sits, what starts here."""

    segments: tuple[Segment, ...]
    path: str                 # section path of the first clause, e.g. "二、 › （三） › 9."
    show_path: bool           # False when the row above is in the same place
    anchors: tuple[str, ...]  # ids of outline items that start in this cell
    units: tuple[UnitTag, ...] = ()
    where: str = ""           # the path as shown above the text (a heading's own label left out)
    counterparts: tuple[Counterpart, ...] = ()  # where the parts starting here went (or came from)


@dataclass(frozen=True)
class Row:
    """One change record (or the marker a moved clause left behind), side by side."""

    id: str                   # "c-12" (index in Comparison.changes) or "m-12" (moved-from marker)
    kind: str                 # a KINDS value, or "moved-from" for the marker
    label: str                # what the badge says
    similarity: Optional[float]
    old: Optional[Cell]
    new: Optional[Cell]
    is_change: bool           # j/k stops here; "changes only" keeps it
    note: str = ""            # e.g. "renumbered 10. → 11."
    link: str = ""            # moved: the marker's id; marker: the moved row's id
    link_text: str = ""


@dataclass(frozen=True)
class Section:
    """A part of the detail: rows under one top-level heading of the new document."""

    id: str
    title: str
    rows: tuple[Row, ...]
    counts: tuple[tuple[str, int], ...]  # change kinds present, for the table of contents

    @property
    def changes(self) -> int:
        """Return how many rows of this section are changes."""
        return sum(n for _, n in self.counts)


@dataclass(frozen=True)
class MapNode:
    """An outline unit drawn in the alignment map, linking to its place in the detail."""

    side: str                 # "old" | "new"
    href: str                 # "#o-2-1-3"
    label: str                # truncated to fit the box
    title: str                # full path and heading (tooltip)
    x: float
    y: float
    width: float
    height: float
    matched: bool
    section: str = ""         # top-level label drawn beside the first unit of a section


@dataclass(frozen=True)
class MapBand:
    """A band joining an old and a new unit that correspond, shaded by similarity."""

    d: str                    # SVG path
    href: str
    title: str
    similarity: float
    opacity: float


@dataclass(frozen=True)
class AlignmentMap:
    """The picture of how the two outlines map onto each other (SVG geometry)."""

    width: float
    height: float
    old_x: float
    new_x: float
    column: float
    nodes: tuple[MapNode, ...]
    bands: tuple[MapBand, ...]
    matched_old: int
    matched_new: int


@dataclass(frozen=True)
class DocumentCard:
    """A document's metadata as the header shows it."""

    key: str                  # "old" / "new", or "A", "B", … in a synopsis
    name: str                 # short name: the corpus ref or the file name
    ref: str
    title: str
    subtitle: str
    issuer: str
    doc_number: str
    date: str
    published: str
    encoding: str
    sha256: str               # first 12 hex digits
    length: int               # characters in the original text


@dataclass(frozen=True)
class KindCount:
    """How many records of one kind."""

    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class PairView:
    """Everything the pair report shows."""

    title: str
    old: DocumentCard
    new: DocumentCard
    mode: str
    similarity: float
    counts: tuple[KindCount, ...]
    notes: tuple[str, ...]
    sections: tuple[Section, ...]
    map: AlignmentMap
    total_changes: int
    outline_pairs: int


@dataclass(frozen=True)
class TopicEntry:
    """One document's unit in a synopsis row or list."""

    href: str
    label: str
    similarity: Optional[float]   # to the row's anchor unit; None for the anchor itself
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class TopicRow:
    """An aligned topic: one cell (a list of units) per document."""

    id: str
    title: str
    cells: tuple[tuple[TopicEntry, ...], ...]
    present: int                  # how many documents address the topic


@dataclass(frozen=True)
class MatrixCell:
    """A cell of the similarity heatmap."""

    value: float
    text: str
    level: int                    # 0–8 shade, relative to the largest pairwise value
    diagonal: bool


@dataclass(frozen=True)
class UniqueList:
    """What one document has that no other document has."""

    key: str
    name: str
    entries: tuple[TopicEntry, ...]
    unmatched_share: float        # share of its characters unmatched in every comparison


@dataclass(frozen=True)
class TextBlock:
    """A paragraph of a document's text with the anchors of the units starting in it."""

    anchors: tuple[str, ...]
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class DocumentText:
    """A document's full text for the synopsis appendix."""

    key: str
    id: str
    name: str
    blocks: tuple[TextBlock, ...]


@dataclass(frozen=True)
class SynopsisView:
    """Everything the synopsis of three or more documents shows."""

    title: str
    docs: tuple[DocumentCard, ...]
    matrix: tuple[tuple[MatrixCell, ...], ...]
    topics: tuple[TopicRow, ...]
    uniques: tuple[UniqueList, ...]
    texts: tuple[DocumentText, ...]
    notes: tuple[str, ...]


# ---- text display --------------------------------------------------------------------------

_WRAP = re.compile(r"[ \t\r\f\v\u00a0\u2002\u3000]*\n\s*")


def _cjk(ch: str) -> bool:
    """Return True for characters between which a line break is no space (CJK and its punctuation)."""
    return bool(ch) and ("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
                         or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"
                         or ch in "“”‘’…—")


def display_text(text: str, before: str = "", after: str = "") -> str:
    """Return original text as a reader should see it: hard wraps and page breaks joined.

    A wrap between Chinese characters is nothing (a browser would show a
    space); between Latin words it is one space.  ``before``/``after`` are the
    characters around ``text`` in the original, for wraps at its edges.

    >>> display_text("new\\nline"), display_text("第一\\n", after="段")
    ('new line', '第一')
    """
    if "\n" not in text:
        return text

    def join(m: re.Match) -> str:
        left = text[m.start() - 1] if m.start() else before
        right = text[m.end()] if m.end() < len(text) else after
        return "" if (_cjk(left) or _cjk(right) or not left or not right) else " "

    return _WRAP.sub(join, text)


def _piece(text: str, start: int, end: int, mark: str = "", note: str = "") -> Segment:
    """Return the segment for ``text[start:end]`` displayed in its context."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return Segment(display_text(text[start:end], before, after), mark, note)


def _merged(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    """Join neighbouring segments with the same mark; drop empty ones."""
    out: list[Segment] = []
    for seg in segments:
        if not seg.text and seg.mark not in ("br",):
            continue
        if out and out[-1].mark == seg.mark and out[-1].note == seg.note and seg.mark not in ("br", "gap"):
            out[-1] = Segment(out[-1].text + seg.text, seg.mark, seg.note)
        else:
            out.append(seg)
    while out and out[-1].mark == "br":
        out.pop()
    return tuple(out)


def _segments(text: str, spans: Sequence[Span], marks: Sequence[tuple[int, int, str, str]]) -> tuple[Segment, ...]:
    """Cut the spans of one side into segments at the marked ranges (sorted, non-overlapping)."""
    out: list[Segment] = []
    marks = sorted(marks)
    starts = [m[0] for m in marks]
    prev_end: Optional[int] = None
    for s, e in spans:
        if prev_end is not None:
            gap = text[prev_end:s] if s >= prev_end else ""
            if gap.strip() or s < prev_end:
                out.append(Segment("…", "gap"))   # another record's text stands between
            elif "\n" in gap:
                out.append(Segment("", "br"))
        pos = s
        k = max(bisect.bisect_right(starts, s) - 1, 0)
        while pos < e:
            while k < len(marks) and marks[k][1] <= pos:
                k += 1
            if k < len(marks) and marks[k][0] <= pos:
                m_end = min(marks[k][1], e)
                out.append(_piece(text, pos, m_end, marks[k][2], marks[k][3]))
                pos = m_end
            else:
                nxt = min(marks[k][0], e) if k < len(marks) else e
                out.append(_piece(text, pos, nxt))
                pos = nxt
        prev_end = e
    return _merged(out)


# ---- documents: cards, anchors, outline units ---------------------------------------------

def _name(doc: Document) -> str:
    """Return a short name for a document: the corpus ref as typed, or the file name."""
    ref = doc.source.ref
    if "@" in ref and "/" not in ref and "\\" not in ref:
        return ref
    return os.path.basename(ref) or ref


def _card(doc: Document, key: str) -> DocumentCard:
    """Return the header card of a document."""
    m = doc.metadata
    return DocumentCard(key=key, name=_name(doc), ref=doc.source.ref, title=m.title or _name(doc),
                        subtitle=m.subtitle or "", issuer=m.issuer or "", doc_number=m.doc_number or "",
                        date=m.date or "", published=m.published or "", encoding=doc.source.encoding,
                        sha256=doc.source.sha256[:12], length=len(doc.text.original))


def _pretty_path(path: str) -> str:
    """Return a section path for reading: ``二、/（一）/3.`` → ``二、 › （一） › 3.``."""
    return " › ".join(p for p in path.split("/") if p)


class _Part(NamedTuple):
    """An outline unit as the reports show it: a leaf item, or body text between items."""

    span: Span                # original span, first clause to last
    anchor: str               # its id in the page
    label: str                # label and heading as written, e.g. "9.智能农业"
    title: str                # path and heading, e.g. "二、 › （三） › 9. 智能农业"
    is_item: bool


class _Outline:
    """A document's items and outline units with stable anchors (``o-2-1-3``)."""

    def __init__(self, doc: Document, prefix: str) -> None:
        self.doc = doc
        self.prefix = prefix
        self.used: set[str] = set()
        self.by_first_clause: dict[int, tuple[Item, str]] = {}
        self._number_items()
        self.units = self._units()
        self.starts = [u.span[0] for u in self.units]
        self.top = [(item.span, item) for item in doc.items]
        self.clause_starts = [c.span[0] for c in doc.clauses]
        self.unit_spans: list[tuple[Span, ResponsibleUnits]] = sorted(
            ((u.span, u) for item in doc.walk() for u in item.units), key=lambda p: p[0])
        self.unit_ends = [span[1] for span, _ in self.unit_spans]
        self.top_starts = [span[0] for span, _ in self.top]

    def unique(self, base: str) -> str:
        """Return ``base`` or, when taken, ``base-b``, ``base-c``… (reading order decides)."""
        anchor, n = base, 1
        while anchor in self.used:
            n += 1
            anchor = f"{base}-{_suffix(n)}"
        self.used.add(anchor)
        return anchor

    def _number_items(self) -> None:
        """Give every item an anchor from its numbers, and index items by their first clause."""
        stack: list[tuple[Item, tuple[int, ...]]] = [(i, (i.number,)) for i in reversed(self.doc.items)]
        while stack:
            item, numbers = stack.pop()
            anchor = self.unique(f"{self.prefix}-" + "-".join(str(n) for n in numbers))
            a, b = item.clauses
            if b > a and (a not in self.by_first_clause or item.is_leaf):
                self.by_first_clause[a] = (item, anchor)
            stack.extend((c, numbers + (c.number,)) for c in reversed(item.children))

    def _units(self) -> list[_Part]:
        """Return the leaf items and the body text between them, in reading order."""
        clauses = self.doc.clauses
        units: list[_Part] = []
        for item, (a, b) in outline_units(self.doc):
            if item is None:
                units.append(self._stretch(a, b))
                continue
            _, anchor = self.by_first_clause.get(a, (item, ""))
            units.append(_Part((clauses[a].span[0], clauses[b - 1].span[1]), anchor,
                               f"{item.label}{item.heading}",
                               f"{_pretty_path(item.path)} {item.heading}".strip(), True))
        return units

    def _stretch(self, a: int, b: int) -> _Part:
        """Describe body text outside leaf items: a section heading, a preamble, a closing."""
        clauses = self.doc.clauses
        span = (clauses[a].span[0], clauses[b - 1].span[1])
        if a in self.by_first_clause:
            item, anchor = self.by_first_clause[a]
            return _Part(span, anchor, f"{item.label}{item.heading}",
                         f"{_pretty_path(item.path)} {item.heading}".strip(), True)
        first = clauses[a]
        words = "".join(self.doc.text.original[first.span[0]:first.span[1]].split())
        return _Part(span, self.unique(f"{self.prefix}-t{a}"), words, words, False)

    def unit_at(self, span: Span) -> int:
        """Return the index of the unit a span (from an OutlinePair) belongs to, or -1."""
        k = bisect.bisect_right(self.starts, span[0]) - 1
        if k >= 0 and self.units[k].span[0] <= span[0] < max(self.units[k].span[1], span[0] + 1):
            return k
        return -1

    def clause_at(self, pos: int):
        """Return the clause containing original offset ``pos`` (or the last one before it)."""
        k = bisect.bisect_right(self.clause_starts, pos) - 1
        return self.doc.clauses[k] if k >= 0 else None

    def top_item(self, pos: int) -> Optional[tuple[int, Item]]:
        """Return the top-level item a position falls in (or follows), with its index."""
        k = bisect.bisect_right(self.top_starts, pos) - 1
        return (k, self.top[k][1]) if k >= 0 else None

    def units_in(self, spans: Sequence[Span], ending: bool = False) -> list[ResponsibleUnits]:
        """Return the responsible-unit parentheses overlapping some spans (or ending inside them).

        A parenthesis can span two clauses (``（牵头单位：…；责任单位：…）``
        splits at the ``；``): tags go once, under the row where it closes.
        """
        found: list[ResponsibleUnits] = []
        for s, e in spans:
            # parentheses never overlap one another: their ends are sorted like their starts
            k = bisect.bisect_right(self.unit_ends, s)
            while k < len(self.unit_spans) and self.unit_spans[k][0][0] < e:
                span, units = self.unit_spans[k]
                if (s < span[1] <= e if ending else True) and units not in found:
                    found.append(units)
                k += 1
        return found


def _suffix(n: int) -> str:
    """Return a letter suffix for the n-th use of an anchor (2 → b)."""
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(97 + r) + letters
    return letters


def _fit(text: str, width: float) -> str:
    """Truncate text to about ``width`` em (a CJK character is one em, Latin about half)."""
    used = 0.0
    for k, ch in enumerate(text):
        used += 1.0 if ord(ch) > 0x2e7f else 0.55
        if used > width:
            return text[:max(k - 1, 0)] + "…"
    return text


# ---- pair report ---------------------------------------------------------------------------

def _marks(change: Change, side: str) -> list[tuple[int, int, str, str]]:
    """Return the ranges of one side that differ, from the change's opcodes."""
    out = []
    for tag, i1, i2, j1, j2 in change.opcodes:
        if side == "old" and tag in ("delete", "replace") and i2 > i1:
            out.append((i1, i2, "del", ""))
        elif side == "new" and tag in ("insert", "replace") and j2 > j1:
            out.append((j1, j2, "ins", ""))
    return out


def _unit_tags(old: list[ResponsibleUnits], new: list[ResponsibleUnits]) -> tuple[UnitTag, ...]:
    """Compare the units named on each side of a row: kept, added, removed, role changed."""
    def names(units: list[ResponsibleUnits]) -> dict[str, bool]:
        out: dict[str, bool] = {}
        for u in units:
            for n in u.lead:
                out.setdefault(n, True)
            for n in u.others:
                out.setdefault(n, False)
        return out

    before, after = names(old), names(new)
    tags = [UnitTag(n, lead, "same" if n in before else "added",
                    role_changed=n in before and before[n] != lead) for n, lead in after.items()]
    tags += [UnitTag(n, lead, "removed") for n, lead in before.items() if n not in after]
    return tuple(tags)


class _PairBuilder:
    """Build the rows, sections and map of a pair report from one Comparison."""

    def __init__(self, comp: Comparison) -> None:
        self.comp = comp
        self.old = _Outline(comp.old, "o")
        self.new = _Outline(comp.new, "n")

    def cell(self, change: Change, side: str, prev_path: list[str]) -> Optional[Cell]:
        spans = getattr(change, side)
        if not spans:
            return None
        outline = self.old if side == "old" else self.new
        doc = outline.doc
        raw = getattr(change, f"{side}_path")
        show = raw != prev_path[0] and change.kind != "ignored"
        if change.kind != "ignored":
            prev_path[0] = raw
        parts = [p for p in raw.split("/") if p]
        clause = outline.clause_at(spans[0][0])
        if parts and clause is not None and clause.label and clause.span[0] == spans[0][0]:
            parts = parts[:-1]   # a heading shows its own label: say only where it sits
        path = " › ".join(parts)
        return Cell(segments=_segments(doc.text.original, spans, _marks(change, side)),
                    path=_pretty_path(raw), show_path=show and bool(path), anchors=(), where=path)

    def rows(self) -> list[Row]:
        comp = self.comp
        paths = {"old": [""], "new": [""]}
        rows: list[Row] = []
        for k, change in enumerate(comp.changes):
            old = self.cell(change, "old", paths["old"])
            new = self.cell(change, "new", paths["new"])
            if change.kind != "ignored" and (self.old.units_in(change.old, ending=True) or
                                             self.new.units_in(change.new, ending=True)):
                tags = _unit_tags(self.old.units_in(change.old), self.new.units_in(change.new))
                if tags:
                    if new is not None:
                        new = _with(new, units=tags)
                    elif old is not None:
                        old = _with(old, units=tags)
            rows.append(Row(id=f"c-{k}", kind=change.kind, label=KIND_LABELS.get(change.kind, change.kind),
                            similarity=change.similarity if change.kind not in ("equal", "ignored") and
                            change.old and change.new else None,
                            old=old, new=new, is_change=change.kind in CHANGE_KINDS,
                            note=self.note(change)))
        return self.with_moves(rows)

    def note(self, change: Change) -> str:
        """Say what the text alone does not show: renumbering, splits and merges."""
        notes = []
        if change.old and change.new and change.kind not in ("ignored",):
            a = self.old.clause_at(change.old[0][0])
            b = self.new.clause_at(change.new[0][0])
            if a is not None and b is not None and a.label and b.label and a.label != b.label and \
                    (change.kind == "renumbered" or self.comp.mode == "version"):
                notes.append(f"{a.label} → {b.label}" if change.kind == "renumbered"
                             else f"renumbered {a.label} → {b.label}")
        if change.kind == "split":
            notes.append(f"split into {len(change.new)} clauses")
        elif change.kind == "merged":
            notes.append(f"merged from {len(change.old)} clauses")
        return "; ".join(notes)

    def with_moves(self, rows: list[Row]) -> list[Row]:
        """Put a marker where each moved clause left the old text and link the two both ways."""
        before: dict[int, list[Row]] = {}
        for k, change in enumerate(self.comp.changes):
            if change.kind != "moved":
                continue
            row = rows[k]
            marker_id = f"m-{k}"
            first = row.old.segments if row.old else ()
            excerpt = _fit("".join(s.text for s in first if s.mark != "br"), 24)
            marker = Row(id=marker_id, kind="moved-from", label="moved away", similarity=None,
                         old=Cell(segments=(Segment(excerpt),), path=row.old.path if row.old else "",
                                  show_path=False, anchors=()),
                         new=None, is_change=False, link=row.id,
                         link_text=f"moved to {row.new.path or 'below'}" if row.new else "moved")
            rows[k] = _with(row, link=marker_id,
                            link_text=f"moved from {row.old.path or 'elsewhere'}" if row.old else "moved")
            at = change.link if change.link is not None else len(rows)
            before.setdefault(at, []).append(marker)
        out: list[Row] = []
        for k, row in enumerate(rows):
            out.extend(before.get(k, ()))
            out.append(row)
        out.extend(before.get(len(rows), ()))
        return out

    def place_anchors(self, rows: list[Row]) -> list[Row]:
        """Give every outline unit an id in the row where its text starts (old or new side)."""
        where: dict[tuple[str, int], int] = {}   # (side, unit) -> row number
        for side, outline in (("old", self.old), ("new", self.new)):
            spans: list[tuple[int, int, int]] = []   # (start, end, row number)
            for n, row in enumerate(rows):
                if row.kind in ("moved-from", "ignored"):
                    continue
                change = self.comp.changes[int(row.id[2:])]
                for s, e in getattr(change, side):
                    spans.append((s, e, n))
            spans.sort()
            starts = [s for s, _, _ in spans]
            placed: dict[int, list[int]] = {}
            for k_unit, unit in enumerate(outline.units):
                if not spans:
                    break
                k = max(bisect.bisect_right(starts, unit.span[0]) - 1, 0)
                placed.setdefault(spans[k][2], []).append(k_unit)
                where[(side, k_unit)] = spans[k][2]
            for n, units in placed.items():
                cell = getattr(rows[n], side)
                if cell is None:   # cannot happen: the row was found through this side's spans
                    continue
                anchors = tuple(outline.units[k].anchor for k in units)
                rows[n] = _with(rows[n], **{side: _with(cell, anchors=cell.anchors + anchors)})
        return self.with_counterparts(rows, where)

    def with_counterparts(self, rows: list[Row], where: dict[tuple[str, int], int]) -> list[Row]:
        """Link each part to the parts of the other document that correspond, unless in the same row.

        In version mode a part and its counterpart usually share a row and the
        link would be noise; in cross mode they rarely do, and the link is how
        a reader gets from 智能农业 (2018) to 加快智慧农业建设 (2026).
        """
        found: dict[tuple[str, int], list[Counterpart]] = {}
        for a, b, pair in self.unit_pairs():
            if a < 0 or b < 0 or where.get(("old", a)) == where.get(("new", b)):
                continue
            old_unit, new_unit = self.old.units[a], self.new.units[b]
            found.setdefault(("old", a), []).append(
                Counterpart(f"#{new_unit.anchor}", _fit(new_unit.title or new_unit.label, 24), pair.similarity))
            found.setdefault(("new", b), []).append(
                Counterpart(f"#{old_unit.anchor}", _fit(old_unit.title or old_unit.label, 24), pair.similarity))
        for (side, k), links in sorted(found.items()):
            n = where.get((side, k))
            if n is None:
                continue
            cell = getattr(rows[n], side)
            links.sort(key=lambda c: -c.similarity)
            rows[n] = _with(rows[n], **{side: _with(cell, counterparts=cell.counterparts + tuple(links))})
        return rows

    def unit_pairs(self) -> list[tuple[int, int, object]]:
        """Return each outline pair as (old unit, new unit, pair); -1 for a unit this view lacks."""
        out = []
        for pair in self.comp.outline:
            a = self.old.unit_at(pair.old[0]) if pair.old else -1
            b = self.new.unit_at(pair.new[0]) if pair.new else -1
            out.append((a, b, pair))
        return out

    def sections(self, rows: list[Row]) -> list[Section]:
        """Group rows under the new document's top-level parts, in reading order."""
        groups: list[tuple[str, str, list[Row]]] = []
        current = None
        ids: set[str] = set()
        for row in rows:
            key = current
            if row.kind not in ("moved-from", "ignored") and row.new is not None:
                change = self.comp.changes[int(row.id[2:])]
                found = self.new.top_item(change.new[0][0])
                key = found[0] if found else -1
            if key is None:
                key = -1
            if not groups or key != current:
                if key == -1:
                    sid, title = "s-head", "Heading and preamble"
                else:
                    item = self.new.top[key][1]
                    sid, title = f"s-{item.number}", f"{item.label}{item.heading}"
                base, n = sid, 1
                while sid in ids:
                    n += 1
                    sid = f"{base}-{_suffix(n)}"
                ids.add(sid)
                groups.append((sid, title, []))
                current = key
            groups[-1][2].append(row)
        out = []
        for sid, title, members in groups:
            counts = [(kind, sum(1 for r in members if r.kind == kind and r.is_change))
                      for kind in CHANGE_KINDS]
            out.append(Section(id=sid, title=title, rows=tuple(members),
                               counts=tuple((k, n) for k, n in counts if n)))
        return out

    def alignment_map(self) -> AlignmentMap:
        """Lay out the outlines side by side and a band for every outline pair."""
        width, column, margin, head, pitch = 760.0, 262.0, 40.0, 8.0, 18.0
        x_of = {"old": margin, "new": width - margin - column}
        outlines = {"old": self.old, "new": self.new}
        columns: dict[str, list[tuple[int, _Part]]] = {side: list(enumerate(o.units))
                                                       for side, o in outlines.items()}
        extras: dict[tuple[str, Span, str], int] = {}
        pairs = []
        for pair in self.comp.outline:
            keys = []
            for side, spans, label in (("old", pair.old, pair.old_label), ("new", pair.new, pair.new_label)):
                outline = outlines[side]
                k = outline.unit_at(spans[0]) if spans else -1
                if k < 0:   # a part this view does not list: draw it as the pair names it
                    span = spans[0] if spans else (0, 0)
                    if (side, span, label) not in extras:
                        near = outline.units[max(outline.unit_at(span), 0)].anchor if outline.units else ""
                        extras[(side, span, label)] = k = -1 - len(extras)
                        columns[side].append((k, _Part(span, near, label, label, False)))
                    k = extras[(side, span, label)]
                keys.append(k)
            pairs.append((keys[0], keys[1], pair))
        matched = {("old", a) for a, _, _ in pairs} | {("new", b) for _, b, _ in pairs}
        height = head + max(len(columns["old"]), len(columns["new"]), 1) * pitch
        nodes: list[MapNode] = []
        place: dict[tuple[str, int], tuple[float, float, str]] = {}   # (side, key) -> y, height, anchor
        for side, units in columns.items():
            units.sort(key=lambda u: (u[1].span, u[0]))
            step = (height - head) / max(len(units), 1)   # the shorter outline gets taller boxes
            last_top = None
            for n, (key, part) in enumerate(units):
                y, h = round(head + n * step, 1), round(max(step - 3.0, 4.0), 1)
                top = outlines[side].top_item(part.span[0])
                top_label = top[1].label if top and top[1].span[0] <= part.span[0] < top[1].span[1] else ""
                nodes.append(MapNode(side=side, href=f"#{part.anchor}", label=_fit(part.label, 19.5),
                                     title=part.title, x=x_of[side], y=y, width=column, height=h,
                                     matched=(side, key) in matched,
                                     section=top_label if top_label != last_top else ""))
                last_top = top_label or last_top
                place[(side, key)] = (y, h, part.anchor)
        bands = []
        x1, x2 = x_of["old"] + column, x_of["new"]
        xm = round((x1 + x2) / 2, 1)
        for a, b, pair in pairs:
            (y1, h1, _), (y2, h2, anchor) = place[("old", a)], place[("new", b)]
            b1, b2 = round(y1 + h1, 1), round(y2 + h2, 1)
            d = f"M{x1} {y1}C{xm} {y1} {xm} {y2} {x2} {y2}L{x2} {b2}C{xm} {b2} {xm} {b1} {x1} {b1}Z"
            bands.append(MapBand(d=d, href=f"#{anchor}",
                                 title=f"{pair.old_label} ↔ {pair.new_label}: {pair.similarity:.0%} similar",
                                 similarity=pair.similarity,
                                 opacity=round(0.12 + 0.7 * min(max(pair.similarity, 0.0), 1.0), 2)))
        return AlignmentMap(width=width, height=round(height + 4, 1), old_x=x_of["old"], new_x=x_of["new"],
                            column=column, nodes=tuple(nodes), bands=tuple(bands),
                            matched_old=len({a for a, _, _ in pairs}),
                            matched_new=len({b for _, b, _ in pairs}))


def _with(obj, **changes):
    """Return a copy of a frozen dataclass with some fields replaced."""
    return dataclasses.replace(obj, **changes)


def _display_title(doc: Document) -> str:
    """Return the title a reader knows a document by: the plan's own title when it has one."""
    m = doc.metadata
    return m.subtitle or m.title or _name(doc)


def build_pair(comp: Comparison) -> PairView:
    """Build the view of a two-document report from a Comparison."""
    builder = _PairBuilder(comp)
    rows = builder.place_anchors(builder.rows())
    sections = builder.sections(rows)
    counts = tuple(KindCount(kind, KIND_LABELS[kind], comp.summary.count(kind)) for kind in KINDS)
    a, b = _display_title(comp.old), _display_title(comp.new)
    if a == b:   # two editions of one document: name the document once, then the editions
        ma, mb = comp.old.metadata, comp.new.metadata
        first = ma.doc_number or ma.date or _name(comp.old)
        second = mb.doc_number or mb.date or _name(comp.new)
        title = f"{a}：{first} → {second}" if first != second else a
    else:
        title = f"{a} → {b}"
    return PairView(
        title=title,
        old=_card(comp.old, "old"), new=_card(comp.new, "new"), mode=comp.mode,
        similarity=comp.summary.similarity, counts=counts, notes=tuple(comp.notes),
        sections=tuple(sections), map=builder.alignment_map(),
        total_changes=sum(1 for c in comp.changes if c.kind in CHANGE_KINDS),
        outline_pairs=len(comp.outline))


# ---- synopsis ------------------------------------------------------------------------------

def _documents(comparisons: Sequence[Comparison]) -> list[Document]:
    """Recover the documents of :func:`compare_many` from its pair order (0-1, 0-2, …, 1-2, …)."""
    n = (1 + math.isqrt(1 + 8 * len(comparisons))) // 2
    if n * (n - 1) // 2 != len(comparisons) or n < 2:
        raise ValueError("expected the comparisons of every pair, as compare_many returns them")
    docs = [comparisons[0].old] + [comparisons[j].new for j in range(n - 1)]
    return docs


def _pair_index(n: int) -> dict[tuple[int, int], int]:
    """Return the position of each pair ``(a, b)``, ``a < b``, in compare_many's order."""
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    return {p: k for k, p in enumerate(pairs)}


def _key(n: int) -> str:
    """Return the letter naming the n-th document (0 → A)."""
    return _suffix(n + 1).upper()


def _shared_masks(docs: Sequence[Document], comparisons: Sequence[Comparison]) -> list[list[int]]:
    """Return, per document and character, a bit set of the other documents sharing it verbatim."""
    masks = [[0] * len(d.text.original) for d in docs]
    index = _pair_index(len(docs))
    for (a, b), k in index.items():
        for change in comparisons[k].changes:
            if change.kind in ("inserted", "deleted", "ignored"):
                continue
            for tag, i1, i2, j1, j2 in change.opcodes:
                if tag != "equal" or i2 - i1 < MIN_SHARED:
                    continue
                for p in range(i1, i2):
                    masks[a][p] |= 1 << b
                for p in range(j1, j2):
                    masks[b][p] |= 1 << a
    return masks


def _shared_marks(mask: list[int], span: Span, keys: Sequence[str]) -> list[tuple[int, int, str, str]]:
    """Return the shared runs inside a span, each noting which documents share it."""
    out = []
    s, e = span
    p = s
    while p < e:
        bits = mask[p]
        q = p + 1
        while q < e and mask[q] == bits:
            q += 1
        if bits:
            others = ", ".join(keys[k] for k in range(len(keys)) if bits >> k & 1)
            out.append((p, q, "shared", f"also in {others}"))
        p = q
    return out


def _unmatched_share(doc: Document, side_records: list[list[Change]], side_names: list[str]) -> float:
    """Return the share of a document's characters that no comparison matched to anything."""
    text = doc.text.original
    matched = [False] * len(text)
    for records, side in zip(side_records, side_names):
        for change in records:
            if change.kind in ("inserted", "deleted", "ignored"):
                continue
            for s, e in getattr(change, side):
                for p in range(s, e):
                    matched[p] = True
    counted = [not ch.isspace() for ch in text]
    ignored = [False] * len(text)
    for s, e in doc.text.ignored:
        for p in range(s, e):
            ignored[p] = True
    total = sum(1 for p in range(len(text)) if counted[p] and not ignored[p])
    lone = sum(1 for p in range(len(text)) if counted[p] and not ignored[p] and not matched[p])
    return round(lone / total, 4) if total else 0.0


def _blocks(doc: Document, outline: _Outline, mask: list[int], keys: Sequence[str]) -> tuple[TextBlock, ...]:
    """Split a document into its paragraphs (as normalization judged them), anchors placed."""
    text = doc.text
    original = text.original
    ends = [text.starts[k] for k, ch in enumerate(text.canonical) if ch == "\n"] + [len(original)]
    ignored = sorted(text.ignored)
    unit_starts = [(u.span[0], u.anchor) for u in outline.units]
    blocks = []
    start = 0
    u = 0
    for end in ends:
        s, e = start, end
        while s < e and original[s].isspace():
            s += 1
        while e > s and original[e - 1].isspace():
            e -= 1
        start = end + 1
        if s >= e or any(a <= s and e <= b for a, b in ignored):
            continue
        anchors = []
        while u < len(unit_starts) and unit_starts[u][0] < e:
            anchors.append(unit_starts[u][1])
            u += 1
        blocks.append(TextBlock(anchors=tuple(anchors),
                                segments=_segments(original, [(s, e)], _shared_marks(mask, (s, e), keys))))
    if u < len(unit_starts) and blocks:   # units after the last paragraph end: keep their ids
        last = blocks[-1]
        blocks[-1] = TextBlock(anchors=last.anchors + tuple(a for _, a in unit_starts[u:]), segments=last.segments)
    return tuple(blocks)


def build_synopsis(comparisons: Sequence[Comparison]) -> SynopsisView:
    """Build the view of a synopsis from the pairwise comparisons of :func:`compare_many`."""
    docs = _documents(comparisons)
    n = len(docs)
    keys = [_key(k) for k in range(n)]
    outlines = [_Outline(doc, keys[k].lower()) for k, doc in enumerate(docs)]
    index = _pair_index(n)
    masks = _shared_masks(docs, comparisons)

    # partners[(a, u)] = {(b, v): similarity} from every outline pair of every comparison
    partners: dict[tuple[int, int], dict[tuple[int, int], float]] = {}
    for (a, b), k in index.items():
        for pair in comparisons[k].outline:
            u = outlines[a].unit_at(pair.old[0]) if pair.old else -1
            v = outlines[b].unit_at(pair.new[0]) if pair.new else -1
            if u < 0 or v < 0:
                continue
            for x, y in (((a, u), (b, v)), ((b, v), (a, u))):
                best = partners.setdefault(x, {})
                best[y] = max(best.get(y, 0.0), pair.similarity)

    def entry(d: int, u: int, similarity: Optional[float]) -> TopicEntry:
        part = outlines[d].units[u]
        return TopicEntry(href=f"#{part.anchor}", label=_fit(part.title or part.label, 40),
                          similarity=similarity,
                          segments=_segments(docs[d].text.original, [part.span],
                                             _shared_marks(masks[d], part.span, keys)))

    # Topics anchored on the first document, then on units the earlier anchors did not reach.
    topics: list[TopicRow] = []
    placed: set[tuple[int, int]] = set()
    for a in range(n):
        for u in range(len(outlines[a].units)):
            if (a, u) in placed or not partners.get((a, u)):
                continue
            cells: list[list[TopicEntry]] = [[] for _ in range(n)]
            cells[a].append(entry(a, u, None))
            placed.add((a, u))
            for (b, v), sim in sorted(partners[(a, u)].items(), key=lambda p: (p[0][0], -p[1], p[0][1])):
                cells[b].append(entry(b, v, sim))
                placed.add((b, v))
            title = outlines[a].units[u].title or outlines[a].units[u].label
            topics.append(TopicRow(id=f"t-{keys[a].lower()}-{u}", title=_fit(title, 40),
                                   cells=tuple(tuple(c) for c in cells),
                                   present=sum(1 for c in cells if c)))

    uniques = []
    for d in range(n):
        lone = tuple(entry(d, u, None) for u in range(len(outlines[d].units)) if not partners.get((d, u)))
        records, sides = [], []
        for (a, b), k in index.items():
            if d in (a, b):
                records.append(list(comparisons[k].changes))
                sides.append("old" if d == a else "new")
        uniques.append(UniqueList(key=keys[d], name=_name(docs[d]), entries=lone,
                                  unmatched_share=_unmatched_share(docs[d], records, sides)))

    values = similarity_matrix(comparisons, n)
    top = max((values[a][b] for a in range(n) for b in range(n) if a != b), default=0.0) or 1.0
    matrix = []
    for a in range(n):
        row = []
        for b in range(n):
            if a == b:
                row.append(MatrixCell(1.0, "—", 8, True))
            else:
                value = values[a][b]
                row.append(MatrixCell(value, f"{value:.1%}", round(8 * value / top), False))
        matrix.append(tuple(row))

    texts = tuple(DocumentText(key=keys[d], id=f"text-{keys[d].lower()}", name=_name(docs[d]),
                               blocks=_blocks(docs[d], outlines[d], masks[d], keys)) for d in range(n))
    notes = tuple(dict.fromkeys(f"{keys[a]}–{keys[b]}: {note}" for (a, b), k in index.items()
                                for note in comparisons[k].notes if not note.startswith("mode:")))
    return SynopsisView(
        title="Synopsis: " + " · ".join(_display_title(d) for d in docs),
        docs=tuple(_card(doc, keys[k]) for k, doc in enumerate(docs)),
        matrix=tuple(matrix), topics=tuple(topics), uniques=tuple(uniques), texts=texts, notes=notes)
