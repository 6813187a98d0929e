"""What changed in substance: targets, responsible units and key terms of a comparison, as data.

:func:`substance` gathers the three views of :mod:`versiondiff.target_changes`,
:mod:`versiondiff.units_diff` and :mod:`versiondiff.terms` for one
:class:`~versiondiff.models.Comparison`; :func:`substance_dict` is its JSON
form (the ``substance`` member of ``versiondiff diff --format json`` with
``--targets/--units/--terms``, format ``versiondiff.substance/1``).  Every
renderer lays these out; none re-aligns or re-extracts.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .models import Comparison
from .target_changes import CHANGE_KINDS, TargetChange, target_changes
from .targets import Target
from .terms import Term, key_terms
from .units_diff import UnitsDiff, units_diff

__all__ = ["Substance", "substance", "substance_dict", "target_dict", "FORMAT", "SECTIONS"]

FORMAT = "versiondiff.substance/1"
SECTIONS = ("targets", "units", "terms")


@dataclass(frozen=True)
class Substance:
    """The substance views asked for (None when not asked for)."""

    targets: Optional[tuple[TargetChange, ...]] = None
    units: Optional[UnitsDiff] = None
    terms: Optional[tuple[Term, ...]] = None

    def counts(self) -> dict[str, int]:
        """Return how many target changes there are of each kind (kinds with none left out)."""
        found = [c.kind for c in self.targets or ()]
        return {kind: found.count(kind) for kind in CHANGE_KINDS if kind in found}


def substance(comp: Comparison, targets: bool = True, units: bool = True, terms: bool = True,
              term_limit: int = 15) -> Substance:
    """Return the substance views of a comparison (only those asked for)."""
    return Substance(
        targets=tuple(target_changes(comp)) if targets else None,
        units=units_diff(comp) if units else None,
        terms=tuple(key_terms(comp.old, comp.new, limit=term_limit)) if terms else None)


def _span(span) -> Optional[list[int]]:
    return None if span is None else [span[0], span[1]]


def target_dict(t: Optional[Target]) -> Optional[dict]:
    """Return one target as plain data (spans into the ORIGINAL text)."""
    if t is None:
        return None
    q = t.quantity
    return {"kind": t.kind, "written": t.written, "shown": t.shown, "indicator": t.indicator, "span": _span(t.span),
            "context": _span(t.context), "year": t.year, "deadline": t.deadline,
            "deadline_span": _span(t.deadline_span),
            "value": None if q is None else {"low": q.low, "high": q.high, "unit": q.unit},
            "qualifiers": list(t.qualifiers), "bound": t.bound, "path": t.path}


def substance_dict(sub: Substance) -> dict:
    """Return the substance views as plain data (``versiondiff.substance/1``)."""
    out: dict = {"format": FORMAT}
    if sub.targets is not None:
        out["targets"] = [{"kind": c.kind, "old": target_dict(c.old), "new": target_dict(c.new),
                           "via": c.via, "similarity": c.similarity, "indicator": c.indicator or None,
                           "notes": list(c.notes)} for c in sub.targets]
    if sub.units is not None:
        u = sub.units
        out["units"] = {
            "roles_compared": u.roles_compared,
            "renames": [[o, n] for o, n in u.renames],
            "tasks": [{"old_label": t.old_label, "new_label": t.new_label, "old_span": _span(t.old_span),
                       "new_span": _span(t.new_span),
                       "units": [{"unit": c.unit, "kind": c.kind, "old_name": c.old_name,
                                  "new_name": c.new_name, "old_role": c.old_role, "new_role": c.new_role}
                                 for c in t.changes]} for t in u.tasks],
            "departments": [{"unit": d.unit, "old_names": list(d.old_names), "new_names": list(d.new_names),
                             "renamed": d.renamed, "kept": list(d.kept), "gained": list(d.gained),
                             "lost": list(d.lost)} for d in u.departments]}
    if sub.terms is not None:
        out["terms"] = [{"term": t.term, "direction": t.direction, "old_count": t.old_count,
                         "new_count": t.new_count, "old_rate": t.old_rate, "new_rate": t.new_rate,
                         "z": t.z, "old_passages": [_span(s) for s in t.old_passages],
                         "new_passages": [_span(s) for s in t.new_passages]} for t in sub.terms]
    return out
