"""The view model of the reports' "Substance" section and of the synopsis' targets matrix (no HTML).

Built from :mod:`versiondiff.substance` (targets old → new, responsible
units, key terms) and, for the synopsis, from the targets of each document;
nothing here aligns or extracts anything that the pipeline did not.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from ..models import Comparison, Document, Span
from ..substance import Substance, substance
from ..target_changes import containing, indicator_of, indicator_similarity
from ..targets import Target, document_targets
from .htmlview import short_name
from .substancetext import passage_window, target_cell

__all__ = ["TargetRow", "DepartmentRow", "TermBar", "SubstanceView", "MatrixRow", "TargetsMatrix",
           "build_substance_view", "build_targets_matrix", "synopsis_targets"]

#: Indicator phrases this alike (and in the same unit) share a row of the matrix.
MATRIX_SIMILARITY = 0.5


@dataclass(frozen=True)
class TargetRow:
    """One line of the targets table: a target old → new and how it changed."""

    kind: str
    indicator: str
    old: str                  # "2025 10个", "到2035年", "—"
    new: str
    old_href: str             # "#c-12": the change record the old target sits in ("" if none)
    new_href: str
    notes: str
    national: str             # name of the shared national-level indicator, or ""


@dataclass(frozen=True)
class DepartmentRow:
    """One department: its names, how many tasks it kept, gained and lost."""

    name: str
    renamed_from: str         # the old name(s) when only the name changed, else ""
    kept: int
    gained: int
    lost: int
    gained_tasks: str         # the task labels, for a tooltip
    lost_tasks: str


@dataclass(frozen=True)
class TermBar:
    """A key term with bar lengths (0–100) for its old and new rate."""

    term: str
    direction: str
    old_count: int
    new_count: int
    old_width: float
    new_width: float
    z: float
    passage: str              # original text around one use (new document when it rose)


@dataclass(frozen=True)
class SubstanceView:
    """What the "Substance" section of a pair report shows."""

    counts: tuple[tuple[str, int], ...]
    targets: tuple[TargetRow, ...]
    renames: tuple[tuple[str, str], ...]
    departments: tuple[DepartmentRow, ...]
    roles_compared: bool
    terms: tuple[TermBar, ...]


def _anchors(comp: Comparison, targets: Sequence[Optional[Target]], side: str) -> list[str]:
    """Return the anchor of the change record holding each target on one side ("" if none)."""
    spans = [t.span for t in targets if t is not None]
    groups = iter(containing(spans, [getattr(c, side) for c in comp.changes]))
    out = []
    for t in targets:
        g = next(groups) if t is not None else frozenset()
        out.append(f"#c-{min(g)}" if g else "")
    return out


def build_substance_view(comp: Comparison, sub: Optional[Substance] = None) -> SubstanceView:
    """Return the view of the substance section (computing the substance when not given)."""
    sub = sub or substance(comp)
    names = {}
    from ..target_changes import load_indicators
    for ind in load_indicators():
        names[ind.id] = ind.name
    changes = sub.targets or ()
    old_href = _anchors(comp, [c.old for c in changes], "old")
    new_href = _anchors(comp, [c.new for c in changes], "new")
    targets = tuple(
        TargetRow(c.kind, (c.new or c.old).indicator, target_cell(c.old), target_cell(c.new),
                  old_href[k], new_href[k], "; ".join(c.notes), names.get(c.indicator, ""))
        for k, c in enumerate(changes))
    departments: tuple[DepartmentRow, ...] = ()
    renames: tuple[tuple[str, str], ...] = ()
    roles = False
    if sub.units is not None:
        departments = tuple(
            DepartmentRow((d.new_names or d.old_names or (d.unit,))[0],
                          "、".join(d.old_names) if d.renamed else "", len(d.kept), len(d.gained),
                          len(d.lost), "；".join(d.gained), "；".join(d.lost))
            for d in sub.units.departments)
        renames, roles = sub.units.renames, sub.units.roles_compared
    terms = sub.terms or ()
    top = max([max(t.old_rate, t.new_rate) for t in terms] or [1.0]) or 1.0
    bars = tuple(
        TermBar(t.term, t.direction, t.old_count, t.new_count, round(100 * t.old_rate / top, 1),
                round(100 * t.new_rate / top, 1), t.z,
                passage_window(*((comp.new, t.new_passages) if t.direction == "rose"
                                 else (comp.old, t.old_passages)), t.term))
        for t in terms)
    return SubstanceView(tuple(sub.counts().items()), targets, renames, departments, roles, bars)


# ---- the synopsis: indicator × document -------------------------------------------------------

@dataclass(frozen=True)
class MatrixRow:
    """One indicator and what each document commits to for it."""

    label: str
    national: bool            # a national-level indicator (versiondiff/data/indicators.json)
    cells: tuple[str, ...]    # per document: "2027 超70% · 2030 超90%", or "" when it has none


@dataclass(frozen=True)
class TargetsMatrix:
    """The synopsis' targets matrix: indicators down, documents across."""

    documents: tuple[str, ...]
    rows: tuple[MatrixRow, ...]


def _cell(targets: Sequence[Target]) -> str:
    return " · ".join(target_cell(t) for t in sorted(targets, key=lambda t: (t.year or 9999, t.span)))


def build_targets_matrix(docs: Sequence[Document]) -> TargetsMatrix:
    """Return the targets of several documents, one row per indicator they share (national first).

    Targets of a national-level indicator share its row; the others share a
    row when their indicator phrases are alike (and their units equal), else
    stand alone.
    """
    per_doc = [document_targets(d) for d in docs]
    national: dict[str, tuple[str, list[list[Target]]]] = {}
    clusters: list[tuple[Target, list[list[Target]]]] = []
    for k, targets in enumerate(per_doc):
        for t in targets:
            ind = indicator_of(t)
            if ind is not None:
                national.setdefault(ind.id, (ind.name, [[] for _ in docs]))[1][k].append(t)
                continue
            for head, cells in clusters:
                if (not cells[k] and head.quantity and t.quantity and head.quantity.unit == t.quantity.unit
                        and indicator_similarity(head.indicator, t.indicator) >= MATRIX_SIMILARITY):
                    cells[k].append(t)
                    break
            else:
                cells = [[] for _ in docs]
                cells[k].append(t)
                clusters.append((t, cells))
    from ..target_changes import load_indicators
    order = [i.id for i in load_indicators()]
    rows = [MatrixRow(national[i][0], True, tuple(_cell(c) for c in national[i][1]))
            for i in order if i in national]
    shared = [c for c in clusters if sum(1 for cell in c[1] if cell) > 1]
    alone = [c for c in clusters if sum(1 for cell in c[1] if cell) == 1]
    rows += [MatrixRow(head.indicator, False, tuple(_cell(c) for c in cells)) for head, cells in shared + alone]
    return TargetsMatrix(tuple(short_name(d) for d in docs), tuple(rows))


def synopsis_targets(comparisons: Sequence[Comparison]) -> TargetsMatrix:
    """Return the targets matrix of the documents of :func:`versiondiff.compare_many`'s comparisons."""
    n = len(comparisons)
    count = next(k for k in range(2, n + 3) if k * (k - 1) // 2 >= n)
    docs = [comparisons[0].old] + [comparisons[j].new for j in range(count - 1)]
    return build_targets_matrix(docs)
