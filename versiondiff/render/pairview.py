"""The view model of the pair report: plain frozen data built from one Comparison, no HTML.

The template only lays out what this module decides: which rows exist and in
what order, which characters are marked, where every anchor lives, and the
geometry of the alignment map.  Nothing here aligns text: every pairing comes
from the :class:`~versiondiff.models.Comparison` (its ``changes`` and
``outline``); the two documents are only read for their outline, clause
labels, responsible units and metadata (through :mod:`.htmlview`).
"""
from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from typing import Optional

from ..models import KINDS, Change, Comparison, ResponsibleUnits, Span
from .htmlview import (KIND_LABELS, DocumentCard, KindCount, Outline, Part, Segment, display_title,
                       document_card, fit, pretty_path, segments, short_name, suffix)

__all__ = [
    "UnitTag", "Counterpart", "Cell", "Row", "Section", "MapNode", "MapBand", "AlignmentMap", "PairView",
    "build_pair", "CHANGE_KINDS",
]

#: Kinds that j/k navigation stops at and "changes only" shows.
CHANGE_KINDS = tuple(k for k in KINDS if k not in ("equal", "ignored"))


# ---- the data the templates receive ------------------------------------------------------

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


# ---- building the view --------------------------------------------------------------------

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
        self.old = Outline(comp.old, "o")
        self.new = Outline(comp.new, "n")

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
        return Cell(segments=segments(doc.text.original, spans, _marks(change, side)),
                    path=pretty_path(raw), show_path=show and bool(path), anchors=(), where=path)

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
            excerpt = fit("".join(s.text for s in first if s.mark != "br"), 24)
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
                Counterpart(f"#{new_unit.anchor}", fit(new_unit.title or new_unit.label, 24), pair.similarity))
            found.setdefault(("new", b), []).append(
                Counterpart(f"#{old_unit.anchor}", fit(old_unit.title or old_unit.label, 24), pair.similarity))
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
                    sid = f"{base}-{suffix(n)}"
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
        columns: dict[str, list[tuple[int, Part]]] = {side: list(enumerate(o.units))
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
                        columns[side].append((k, Part(span, near, label, label, False)))
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
                nodes.append(MapNode(side=side, href=f"#{part.anchor}", label=fit(part.label, 19.5),
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


def build_pair(comp: Comparison) -> PairView:
    """Build the view of a two-document report from a Comparison."""
    builder = _PairBuilder(comp)
    rows = builder.place_anchors(builder.rows())
    sections = builder.sections(rows)
    counts = tuple(KindCount(kind, KIND_LABELS[kind], comp.summary.count(kind)) for kind in KINDS)
    a, b = display_title(comp.old), display_title(comp.new)
    if a == b:   # two editions of one document: name the document once, then the editions
        ma, mb = comp.old.metadata, comp.new.metadata
        first = ma.doc_number or ma.date or short_name(comp.old)
        second = mb.doc_number or mb.date or short_name(comp.new)
        title = f"{a}：{first} → {second}" if first != second else a
    else:
        title = f"{a} → {b}"
    return PairView(
        title=title,
        old=document_card(comp.old, "old"), new=document_card(comp.new, "new"), mode=comp.mode,
        similarity=comp.summary.similarity, counts=counts, notes=tuple(comp.notes),
        sections=tuple(sections), map=builder.alignment_map(),
        total_changes=sum(1 for c in comp.changes if c.kind in CHANGE_KINDS),
        outline_pairs=len(comp.outline))

