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

import re

from ..models import KINDS, Change, Comparison, ResponsibleUnits, Span
from .htmlview import (DocumentCard, KindCount, Outline, Part, Segment, cut_heading, display_title,
                       document_card, fit, pretty_path, segments, short_name, suffix)
from .labels import kind_label, labels, page_language

__all__ = [
    "UnitTag", "Counterpart", "Cell", "Row", "Run", "Section", "MapNode", "MapBand", "AlignmentMap",
    "ChangeEntry", "TopicPair", "PairView", "build_pair", "CHANGE_KINDS", "SUBSTANTIVE_KINDS",
    "is_rewrite", "FOLD_AT",
]

#: Kinds of record that are changes (the JSON's kinds other than equal and ignored).
CHANGE_KINDS = tuple(k for k in KINDS if k not in ("equal", "ignored"))
#: Kinds that change what the text says; j/k stop at these and the change list lists them.
SUBSTANTIVE_KINDS = tuple(k for k in CHANGE_KINDS if k != "renumbered")
#: Runs of this many unchanged (or only renumbered) rows and more fold into "… N unchanged …".
FOLD_AT = 3
#: Below this share of matching text a version comparison reads as a rewrite: tasks lead, not clauses.
REWRITE_BELOW = 0.5


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
    renumbering: bool = False  # only its number changed (or a cross-reference following a renumbering)
    number: str = ""          # the item the row belongs to, as cited: "第十九条" / "二、（三）9."


@dataclass(frozen=True)
class Run:
    """Consecutive rows of a section laid out one way.

    ``rows``: one row each; ``fold``: a run of unchanged or only renumbered
    rows behind a "… N unchanged …" expander; ``pack``: deletions and
    insertions side by side (old ones in the left column, new ones in the
    right) instead of one half-empty row each.
    """

    layout: str               # "rows" | "fold" | "pack"
    rows: tuple[Row, ...]
    id: str = ""
    renumbered: int = 0       # fold: how many of its rows are only renumbered

    @property
    def old_rows(self) -> tuple[Row, ...]:
        """Return a pack's rows with old text."""
        return tuple(r for r in self.rows if r.old is not None)

    @property
    def new_rows(self) -> tuple[Row, ...]:
        """Return a pack's rows with new text."""
        return tuple(r for r in self.rows if r.new is not None)


@dataclass(frozen=True)
class Section:
    """A part of the detail: rows under one top-level heading of the new document."""

    id: str
    title: str
    rows: tuple[Row, ...]
    counts: tuple[tuple[str, int], ...]  # substantive change kinds present, for the table of contents
    runs: tuple[Run, ...] = ()

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
    count: int = 1            # outline units drawn as this one box (a run of unchanged parts)


@dataclass(frozen=True)
class MapBand:
    """A band joining an old and a new unit that correspond, shaded by similarity."""

    d: str                    # SVG path
    href: str
    title: str
    similarity: float
    opacity: float
    count: int = 1            # outline pairs this band stands for


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
    margin: float = 40.0


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the change list: a changed item, old number → new number, an excerpt, a link."""

    kind: str                 # changed | inserted | deleted | moved | split | merged
    label: str                # 修改 / 新增 / …
    old_number: str           # "" when the item is new
    new_number: str           # "" when the item was removed
    excerpt: tuple[Segment, ...]
    href: str                 # "#c-12": its first row
    rows: int                 # how many records it stands for


@dataclass(frozen=True)
class TopicPair:
    """A line of the topic table of a rewrite: an old task, the new task it became, how alike, and how."""

    old_label: str
    old_href: str
    new_label: str
    new_href: str
    similarity: Optional[float]
    kind: str = ""          # the outline kind: same, rewritten, moved, split, merged
    kind_label: str = ""


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
    lang: str = "zh"
    changes: tuple[ChangeEntry, ...] = ()
    rewrite: bool = False
    topics: tuple[TopicPair, ...] = ()
    only_old: tuple[TopicPair, ...] = ()
    only_new: tuple[TopicPair, ...] = ()
    renumbered: int = 0       # rows only renumbered, counted apart


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

    def __init__(self, comp: Comparison, lang: str = "zh") -> None:
        self.comp = comp
        self.lang = lang
        self.t = labels(lang)
        self.old = Outline(comp.old, "o")
        self.new = Outline(comp.new, "n")

    def number_of(self, change: Change) -> str:
        """Return the item a record belongs to as a reader cites it (new numbering when it has one)."""
        for side, outline in (("new", self.new), ("old", self.old)):
            spans = getattr(change, side)
            if spans:
                k = outline.unit_at(spans[0])
                if k >= 0 and outline.units[k].number:
                    return outline.units[k].number
        return ""

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
            renumbering = change.kind == "renumbered" or _only_references(change, self.comp) or \
                _markup_only(change, self.comp)
            rows.append(Row(id=f"c-{k}", kind=change.kind, label=kind_label(change.kind, self.lang),
                            similarity=change.similarity if change.kind not in ("equal", "ignored") and
                            change.old and change.new else None,
                            old=old, new=new, is_change=change.kind in SUBSTANTIVE_KINDS and not renumbering,
                            note=self.note(change), renumbering=renumbering,
                            number=self.number_of(change) if change.kind != "ignored" else ""))
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
                             else f"{self.t.renumbered_note} {a.label} → {b.label}")
        if change.kind == "split":
            notes.append(self.t.split_into.format(n=len(change.new)))
        elif change.kind == "merged":
            notes.append(self.t.merged_from.format(n=len(change.old)))
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
            marker = Row(id=marker_id, kind="moved-from", label=kind_label("moved-from", self.lang), similarity=None,
                         old=Cell(segments=(Segment(excerpt),), path=row.old.path if row.old else "",
                                  show_path=False, anchors=()),
                         new=None, is_change=False, link=row.id,
                         link_text=self.t.moved_to.format(where=row.new.path or self.t.below)
                         if row.new else self.t.moved_away, number=row.number)
            rows[k] = _with(row, link=marker_id,
                            link_text=self.t.moved_from.format(where=row.old.path or self.t.elsewhere)
                            if row.old else self.t.moved_away)
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
                    sid, title = "s-head", self.t.heading_preamble
                else:
                    item = self.new.top[key][1]
                    sid, title = f"s-{item.number}", cut_heading(f"{item.label}{item.heading}")
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
                      for kind in SUBSTANTIVE_KINDS]
            out.append(Section(id=sid, title=title, rows=tuple(members),
                               counts=tuple((k, n) for k, n in counts if n), runs=_runs(members)))
        return out

    def change_list(self, rows: list[Row]) -> list[ChangeEntry]:
        """Return one entry per changed item: consecutive substantive records of one item pair make one."""
        entries: list[tuple[tuple[int, int], list[Row]]] = []
        for row in rows:
            if not row.is_change or row.kind == "moved-from":
                continue
            change = self.comp.changes[int(row.id[2:])]
            key = (self.old.unit_at(change.old[0]) if change.old else -1,
                   self.new.unit_at(change.new[0]) if change.new else -1)
            if entries and _same_item(entries[-1][0], key):
                entries[-1][1].append(row)
                merged = entries[-1][0]
                entries[-1] = ((merged[0] if merged[0] >= 0 else key[0], merged[1] if merged[1] >= 0 else key[1]),
                               entries[-1][1])
            else:
                entries.append((key, [row]))
        out = []
        for (a, b), members in entries:
            kinds = {r.kind for r in members}
            kind = kinds.pop() if len(kinds) == 1 else "changed"
            first = self.comp.changes[int(members[0].id[2:])]
            out.append(ChangeEntry(kind=kind, label=kind_label(kind, self.lang),
                                   old_number=self.old.units[a].number if a >= 0 else "",
                                   new_number=self.new.units[b].number if b >= 0 else "",
                                   excerpt=_excerpt(first, self.comp), href=f"#{members[0].id}",
                                   rows=len(members)))
        return out

    def topic_table(self) -> tuple[list[TopicPair], list[TopicPair], list[TopicPair]]:
        """Return a rewrite's tasks old → new (in the new order), and the items on one side only."""
        pairs, seen_old, seen_new = [], set(), set()
        for a, b, pair in self.unit_pairs():
            if a < 0 or b < 0:
                continue
            o, n = self.old.units[a], self.new.units[b]
            pairs.append((b, a, TopicPair(_task(o), f"#{o.anchor}", _task(n), f"#{n.anchor}", pair.similarity,
                                          pair.kind, kind_label(pair.kind, self.lang))))
            seen_old.add(a)
            seen_new.add(b)
        pairs.sort(key=lambda p: (p[0], p[1]))
        only_old = [TopicPair(_task(u), f"#{u.anchor}", "", "", None)
                    for k, u in enumerate(self.old.units) if k not in seen_old and u.is_item]
        only_new = [TopicPair("", "", _task(u), f"#{u.anchor}", None)
                    for k, u in enumerate(self.new.units) if k not in seen_new and u.is_item]
        return [p for _, _, p in pairs], only_old, only_new

    def alignment_map(self) -> AlignmentMap:
        """Lay out the outlines side by side, a band for every outline pair, runs of parallel pairs as one."""
        column, gap, head, pitch, font = 262.0, 196.0, 8.0, 18.0, 11.0
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
        for units in columns.values():
            units.sort(key=lambda u: (u[1].span, u[0]))
        # runs of parallel pairs (consecutive on both sides, alike, one-to-one) are drawn as one band
        order = {side: {key: n for n, (key, _) in enumerate(units)} for side, units in columns.items()}
        uses: dict[tuple[str, int], int] = {}
        for a, b, _ in pairs:
            uses[("old", a)] = uses.get(("old", a), 0) + 1
            uses[("new", b)] = uses.get(("new", b), 0) + 1
        runs: list[list[tuple[int, int, object]]] = []
        for a, b, pair in sorted(pairs, key=lambda p: (order["old"][p[0]], order["new"][p[1]])):
            plain = uses[("old", a)] == 1 and uses[("new", b)] == 1 and pair.similarity >= 0.9
            if runs and plain and runs[-1][-1][3] and \
                    order["old"][a] == order["old"][runs[-1][-1][0]] + 1 and \
                    order["new"][b] == order["new"][runs[-1][-1][1]] + 1:
                runs[-1].append((a, b, pair, plain))
            else:
                runs.append([(a, b, pair, plain)])
        group: dict[tuple[str, int], tuple[int, ...]] = {}   # member -> keys of its box
        for run in runs:
            if len(run) > 1:
                for side, idx in (("old", 0), ("new", 1)):
                    keys = tuple(m[idx] for m in run)
                    for key in keys:
                        group[(side, key)] = keys
        boxes: dict[str, list[tuple[tuple[int, ...], Part]]] = {}
        for side, units in columns.items():
            parts = dict(units)
            out = []
            for key, part in units:
                keys = group.get((side, key), (key,))
                if keys[0] != key:
                    continue
                if len(keys) > 1:
                    last = parts[keys[-1]]
                    name = f"{part.number or fit(part.label, 8)} – {last.number or fit(last.label, 8)}"
                    part = Part((part.span[0], last.span[1]), part.anchor, name,
                                f"{part.title} … {last.title}", part.is_item, part.number)
                out.append((keys, part))
            boxes[side] = out
        sections = {side: [] for side in columns}
        for side, items in boxes.items():
            last_top = None
            for keys, part in items:
                top = outlines[side].top_item(part.span[0])
                top_label = top[1].label if top and top[1].span[0] <= part.span[0] < top[1].span[1] else ""
                sections[side].append(top_label if top_label != last_top else "")
                last_top = top_label or last_top
        widest = max((_em(lbl) for labels_ in sections.values() for lbl in labels_), default=0.0)
        margin = round(max(40.0, widest * font + 14.0), 1)   # section labels stand in the margins
        width = round(2 * margin + 2 * column + gap, 1)
        x_of = {"old": margin, "new": width - margin - column}
        height = head + max(len(boxes["old"]), len(boxes["new"]), 1) * pitch
        nodes: list[MapNode] = []
        place: dict[tuple[str, int], tuple[float, float, str]] = {}
        label_room = (column - 16.0) / font   # em of text a box holds, with the padding
        for side, items in boxes.items():
            step = (height - head) / max(len(items), 1)   # the shorter outline gets taller boxes
            for n, (keys, part) in enumerate(items):
                y, h = round(head + n * step, 1), round(max(step - 3.0, 14.0), 1)
                count = len(keys)
                label = fit(part.label, label_room - (3.0 if count > 1 else 0.0))
                if count > 1:
                    label = f"{label}（{count}）"
                nodes.append(MapNode(side=side, href=f"#{part.anchor}", label=label,
                                     title=part.title, x=x_of[side], y=y, width=column, height=h,
                                     matched=any((side, key) in matched for key in keys),
                                     section=sections[side][n], count=count))
                for key in keys:
                    place[(side, key)] = (y, h, part.anchor)
        bands = []
        x1, x2 = x_of["old"] + column, x_of["new"]
        xm = round((x1 + x2) / 2, 1)
        for run in runs:
            (a, b, pair, _), count = run[0], len(run)
            (y1, h1, _), (y2, h2, anchor) = place[("old", a)], place[("new", b)]
            b1, b2 = round(y1 + h1, 1), round(y2 + h2, 1)
            d = f"M{x1} {y1}C{xm} {y1} {xm} {y2} {x2} {y2}L{x2} {b2}C{xm} {b2} {xm} {b1} {x1} {b1}Z"
            similarity = min(m[2].similarity for m in run)
            title = (f"{pair.old_label} ↔ {pair.new_label}: {pair.similarity:.0%}" if count == 1 else
                     f"{run[0][2].old_label} … {run[-1][2].old_label} ↔ {run[0][2].new_label} … "
                     f"{run[-1][2].new_label}: {count} × ≥{similarity:.0%}")
            bands.append(MapBand(d=d, href=f"#{anchor}", title=title, similarity=similarity,
                                 opacity=round(0.12 + 0.7 * min(max(similarity, 0.0), 1.0), 2), count=count))
        return AlignmentMap(width=width, height=round(height + 4, 1), old_x=x_of["old"], new_x=x_of["new"],
                            column=column, nodes=tuple(nodes), bands=tuple(bands),
                            matched_old=len({a for a, _, _ in pairs}),
                            matched_new=len({b for _, b, _ in pairs}), margin=margin)


_NUMERALS = "零〇一二三四五六七八九十百千0123456789０１２３４５６７８９"
_REFERENCE_END = "条款项章节"


def _is_reference(text: str, start: int, end: int) -> bool:
    """Return True when ``text[start:end]`` lies inside a number such as 第二十一条 (a heading or a reference)."""
    while start > 0 and text[start - 1] in _NUMERALS:
        start -= 1
    while end < len(text) and text[end] in _NUMERALS:
        end += 1
    return start > 0 and text[start - 1] == "第" and end < len(text) and text[end] in _REFERENCE_END


def _only_references(change: Change, comp: Comparison) -> bool:
    """Return True for a changed record whose every edit is inside an article number (第X条).

    That is the renumbering itself and the cross-references that follow it
    (``依照本法第二十一条`` → ``第二十二条``): nothing a reader must weigh.
    """
    if change.kind != "changed" or not change.opcodes:
        return False
    old, new = comp.old.text.original, comp.new.text.original
    edits = [op for op in change.opcodes if op[0] != "equal"]
    if not edits:
        return False
    for tag, i1, i2, j1, j2 in edits:
        if any(ch not in _NUMERALS for ch in old[i1:i2] + new[j1:j2]):
            return False
        if (i2 > i1 and not _is_reference(old, i1, i2)) or (j2 > j1 and not _is_reference(new, j1, j2)):
            return False
        if i2 == i1 and not _is_reference(old, i1, i1) or j2 == j1 and not _is_reference(new, j1, j1):
            return False
    return True


def _markup_only(change: Change, comp: Comparison) -> bool:
    """Return True for a record that is only Markdown furniture (``#`` of a law database's heading)."""
    if change.kind not in ("inserted", "deleted"):
        return False
    text = comp.new.text.original if change.new else comp.old.text.original
    chars = "".join(text[s:e] for s, e in (change.new or change.old)).split()
    return bool(chars) and all(ch in "#*>-=_`" for ch in "".join(chars))


def _same_item(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Return True when two records belong to the same changed item (one side may be missing)."""
    return (a[0] == b[0] or a[0] < 0 or b[0] < 0) and (a[1] == b[1] or a[1] < 0 or b[1] < 0) and \
        (a[0] == b[0] and a[0] >= 0 or a[1] == b[1] and a[1] >= 0)


def _excerpt(change: Change, comp: Comparison, before: int = 10, width: int = 56) -> tuple[Segment, ...]:
    """Return a short excerpt of a record around its first edit, with the edit marked."""
    old, new = comp.old.text.original, comp.new.text.original
    pieces: list[tuple[str, str]] = []
    if change.opcodes:
        for tag, i1, i2, j1, j2 in change.opcodes:
            if tag == "equal":
                pieces.append((new[j1:j2], ""))
            if tag in ("delete", "replace"):
                pieces.append((old[i1:i2], "del"))
            if tag in ("insert", "replace"):
                pieces.append((new[j1:j2], "ins"))
    else:
        text, spans = (new, change.new) if change.new else (old, change.old)
        pieces = [(text[s:e], "") for s, e in spans]
    pieces = [("".join(t.split()), m) for t, m in pieces]
    if change.kind == "inserted" or change.kind == "deleted":
        pieces = [(t, "") for t, _ in pieces]   # the whole clause is the edit: no marks to find
    first = next((k for k, (_, m) in enumerate(pieces) if m), None)
    out: list[Segment] = []
    used = 0
    if first is not None and first > 0:
        lead = "".join(t for t, _ in pieces[:first])
        if len(lead) > before:
            out.append(Segment("…" + lead[-before:]))
        else:
            out.append(Segment(lead))
        used = min(len(lead), before)
        pieces = pieces[first:]
    for text, mark in pieces:
        if used + len(text) > width:
            out.append(Segment(text[:max(width - used, 1)], mark))
            out.append(Segment("…"))
            break
        out.append(Segment(text, mark))
        used += len(text)
    return tuple(seg for seg in out if seg.text)


def _task(part: Part) -> str:
    """Return how the topic table names a part: its number and heading, cut short."""
    return cut_heading((part.title or part.label).replace(" › ", ""), 30)


def _em(text: str) -> float:
    """Return the width of a short label in em (a CJK character one, Latin about half)."""
    return sum(1.0 if ord(ch) > 0x2e7f else 0.6 for ch in text)


def _quiet(row: Row) -> bool:
    """Return True for a row a reader can skip: unchanged, only renumbered, or set aside."""
    return row.kind in ("equal", "ignored") or row.renumbering


def _runs(rows: list[Row]) -> tuple[Run, ...]:
    """Lay out a section's rows: long quiet stretches folded, deletions beside insertions."""
    runs: list[Run] = []
    k = 0
    while k < len(rows):
        row = rows[k]
        j = k
        if _quiet(row):
            while j < len(rows) and _quiet(rows[j]):
                j += 1
            members = tuple(rows[k:j])
            if len(members) >= FOLD_AT:
                runs.append(Run("fold", members, id=f"f-{members[0].id}",
                                renumbered=sum(1 for r in members if r.renumbering)))
            else:
                runs.append(Run("rows", members))
        elif row.kind in ("inserted", "deleted") and not row.renumbering:
            while j < len(rows) and rows[j].kind in ("inserted", "deleted") and not rows[j].renumbering:
                j += 1
            members = tuple(rows[k:j])
            kinds = {r.kind for r in members}
            runs.append(Run("pack" if len(kinds) == 2 else "rows", members, id=f"p-{members[0].id}"))
        else:
            while j < len(rows) and not _quiet(rows[j]) and (j == k or rows[j].kind not in ("inserted", "deleted")):
                j += 1
            runs.append(Run("rows", tuple(rows[k:j])))
        k = j
    # neighbouring plain runs read as one
    merged: list[Run] = []
    for run in runs:
        if merged and run.layout == "rows" and merged[-1].layout == "rows":
            merged[-1] = Run("rows", merged[-1].rows + run.rows)
        else:
            merged.append(run)
    return tuple(merged)


def _with(obj, **changes):
    """Return a copy of a frozen dataclass with some fields replaced."""
    return dataclasses.replace(obj, **changes)


def is_rewrite(comp: Comparison) -> bool:
    """Return True when a comparison reads as a rewrite: cross mode, or little of the text kept."""
    return comp.mode == "cross" or comp.summary.similarity < REWRITE_BELOW


def build_pair(comp: Comparison, lang: Optional[str] = None) -> PairView:
    """Build the view of a two-document report from a Comparison (interface language from the texts)."""
    lang = lang or page_language([comp.old.text.original, comp.new.text.original])
    builder = _PairBuilder(comp, lang)
    rows = builder.place_anchors(builder.rows())
    sections = builder.sections(rows)
    counts = tuple(KindCount(kind, kind_label(kind, lang), comp.summary.count(kind)) for kind in KINDS)
    a, b = display_title(comp.old), display_title(comp.new)
    if a == b:   # two editions of one document: name the document once, then the editions
        ma, mb = comp.old.metadata, comp.new.metadata
        first = ma.doc_number or ma.date or short_name(comp.old)
        second = mb.doc_number or mb.date or short_name(comp.new)
        title = f"{a}：{first} → {second}" if first != second else a
    else:
        title = f"{a} → {b}"
    rewrite = is_rewrite(comp)
    topics, only_old, only_new = builder.topic_table() if rewrite else ([], [], [])
    return PairView(
        title=title,
        old=document_card(comp.old, "old"), new=document_card(comp.new, "new"), mode=comp.mode,
        similarity=comp.summary.similarity, counts=counts,
        # the mode note's own percentage is a second, different similarity: the kicker names the mode
        notes=tuple(n for n in comp.notes if not n.startswith("mode:")),
        sections=tuple(sections), map=builder.alignment_map(),
        total_changes=sum(1 for r in rows if r.is_change),
        outline_pairs=len(comp.outline), lang=lang,
        changes=tuple(builder.change_list(rows)), rewrite=rewrite,
        topics=tuple(topics), only_old=tuple(only_old), only_new=tuple(only_new),
        renumbered=sum(1 for r in rows if r.renumbering))
