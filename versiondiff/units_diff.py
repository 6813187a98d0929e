"""Responsible units old vs new: per aligned task, and per department (tasks gained or lost).

A task is a leaf item with a responsible-unit note (``牵头单位：…；责任单位：…``,
``(…按职责分工负责)``).  Tasks are paired through the comparison's outline
pairs (nothing is re-aligned here).  Department names go through the alias
table (``versiondiff/data/aliases.json``, the 2018 reform's renames such as
``省工信委`` → ``省工业和信息化厅``), so a department that only changed its
name is reported as *renamed*, not as one unit losing a task and another
gaining it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from .models import Comparison, Document, Item, Span
from .normalize import load_aliases
from .target_changes import containing

__all__ = ["UnitChange", "TaskUnits", "Department", "UnitsDiff", "units_diff", "canonical_unit",
           "UNIT_KINDS"]

#: How a unit's part in a task changed.
UNIT_KINDS = ("kept", "renamed", "gained", "lost", "now lead", "no longer lead")
_PROVINCIAL = re.compile(r"^(?!省|国|中|各|市|县|人行|民航)[\u4e00-\u9fff]{2,12}厅$")


def canonical_unit(name: str, aliases: Optional[dict[str, str]] = None) -> str:
    """Return the name a department is known by now (alias table; ``科技厅`` → ``省科技厅``).

    >>> canonical_unit("省工信委"), canonical_unit("省工信厅"), canonical_unit("科技厅")
    ('省工业和信息化厅', '省工业和信息化厅', '省科技厅')
    """
    table = load_aliases() if aliases is None else aliases
    if _PROVINCIAL.match(name):  # Sichuan writes 科技厅 for 省科技厅
        name = "省" + name
    return table.get(name, name)


@dataclass(frozen=True)
class UnitChange:
    """One department's part in one task, old vs new."""

    unit: str                          # canonical name
    kind: str                          # one of UNIT_KINDS
    old_name: str = ""                 # as the old text writes it ("" when absent)
    new_name: str = ""
    old_role: str = ""                 # "lead" | "other" | ""
    new_role: str = ""


@dataclass(frozen=True)
class TaskUnits:
    """A task (leaf item) of either document, or a pair of them, with its units old vs new."""

    old_label: str                     # "二、/（一）/1. 开展…" or "" when only in the new document
    new_label: str
    old_span: Optional[Span]
    new_span: Optional[Span]
    changes: tuple[UnitChange, ...]

    @property
    def changed(self) -> bool:
        """Return True when any unit was renamed, gained, lost or changed role."""
        return any(c.kind != "kept" for c in self.changes)


@dataclass(frozen=True)
class Department:
    """One department across both documents: its names and the tasks it gained, lost or kept."""

    unit: str                          # canonical name
    old_names: tuple[str, ...]
    new_names: tuple[str, ...]
    kept: tuple[str, ...]              # labels of the tasks (new label where paired)
    gained: tuple[str, ...]
    lost: tuple[str, ...]

    @property
    def renamed(self) -> bool:
        """Return True when both documents name it, under different names."""
        return bool(self.old_names and self.new_names and set(self.old_names) != set(self.new_names))


@dataclass(frozen=True)
class UnitsDiff:
    """Responsible units of a comparison: the tasks and the departments."""

    tasks: tuple[TaskUnits, ...]
    departments: tuple[Department, ...]
    roles_compared: bool               # False when one text marks no lead units at all
    renames: tuple[tuple[str, str], ...]  # (old name, new name) pairs the alias table joined


def _label(item: Item) -> str:
    return f"{item.path} {item.heading}".strip()


def _units(item: Item) -> dict[str, tuple[str, str]]:
    """Return ``{canonical: (as written, role)}`` of an item's unit notes."""
    out: dict[str, tuple[str, str]] = {}
    for note in item.units:
        for name in note.lead:
            out.setdefault(canonical_unit(name), (name, "lead"))
        for name in note.others:
            out.setdefault(canonical_unit(name), (name, "other"))
    return out


def _tasks(doc: Document) -> list[Item]:
    return [item for item in doc.leaves() if item.units]


_IMPLIED = re.compile(r"以下(?:任务)?均[需由]([^。;；()]+?)(?:负责)?落实")


def _implied(tasks: list[Item]) -> list[dict[str, tuple[str, str]]]:
    """Return the units each task has by a standing note (``以下任务均需各市州政府…落实，不再一一列出``)."""
    standing: dict[str, tuple[str, str]] = {}
    out = []
    for item in tasks:
        out.append(dict(standing))
        for note in item.units:
            m = _IMPLIED.search(note.text)
            if m:
                for name in re.split(r"[、,，]", m.group(1)):
                    if name:
                        standing.setdefault(canonical_unit(name), (name, "other"))
    return out


def _task_pairs(comp: Comparison, old: list[Item], new: list[Item]) -> list[tuple[int, int, float]]:
    """Return (old task, new task, similarity) for outline pairs that join two tasks, best first."""
    found: dict[tuple[int, int], float] = {}
    in_old = containing([t.span for t in old], [p.old for p in comp.outline])
    in_new = containing([t.span for t in new], [p.new for p in comp.outline])
    members_old: dict[int, list[int]] = {}
    members_new: dict[int, list[int]] = {}
    for i, groups in enumerate(in_old):
        for g in groups:
            members_old.setdefault(g, []).append(i)
    for j, groups in enumerate(in_new):
        for g in groups:
            members_new.setdefault(g, []).append(j)
    for k, pair in enumerate(comp.outline):
        olds, news = members_old.get(k, []), members_new.get(k, [])
        if len(olds) == 1 and len(news) == 1:  # a pair of whole sections says nothing about one task
            key = (olds[0], news[0])
            found[key] = max(found.get(key, 0.0), pair.similarity)
    chosen, used_o, used_n = [], set(), set()
    for (i, j), sim in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])):
        if i not in used_o and j not in used_n:
            chosen.append((i, j, sim))
            used_o.add(i)
            used_n.add(j)
    return sorted(chosen, key=lambda p: (p[1], p[0]))


def _compare_units(old: dict, new: dict, roles: bool) -> tuple[UnitChange, ...]:
    changes = []
    for unit in list(new) + [u for u in old if u not in new]:
        o, n = old.get(unit), new.get(unit)
        if o and n:
            if o[0] != n[0]:
                kind = "renamed"
            elif roles and o[1] != n[1]:
                kind = "now lead" if n[1] == "lead" else "no longer lead"
            else:
                kind = "kept"
        else:
            kind = "gained" if n else "lost"
        changes.append(UnitChange(unit, kind, o[0] if o else "", n[0] if n else "",
                                  o[1] if o else "", n[1] if n else ""))
    return tuple(changes)


def units_diff(comp: Comparison) -> UnitsDiff:
    """Return the responsible units of both documents, per task and per department."""
    old, new = _tasks(comp.old), _tasks(comp.new)
    roles = (any(u.lead for t in old for u in t.units) and any(u.lead for t in new for u in t.units))
    pairs = _task_pairs(comp, old, new)
    o_units = [{**implied, **_units(t)} for t, implied in zip(old, _implied(old))]
    n_units = [{**implied, **_units(t)} for t, implied in zip(new, _implied(new))]
    paired_o = {i for i, _, _ in pairs}
    tasks: list[TaskUnits] = []
    by_new = {j: i for i, j, _ in pairs}
    for j, item in enumerate(new):
        if j in by_new:
            o = old[by_new[j]]
            tasks.append(TaskUnits(_label(o), _label(item), o.span, item.span,
                                   _compare_units(o_units[by_new[j]], n_units[j], roles)))
        else:
            tasks.append(TaskUnits("", _label(item), None, item.span, _compare_units({}, n_units[j], roles)))
    for i, item in enumerate(old):
        if i not in paired_o:
            tasks.append(TaskUnits(_label(item), "", item.span, None, _compare_units(o_units[i], {}, roles)))
    departments: dict[str, dict] = {}
    renames: set[tuple[str, str]] = set()
    for task in tasks:
        label = task.new_label or task.old_label
        for c in task.changes:
            d = departments.setdefault(c.unit, {"old": set(), "new": set(), "kept": [], "gained": [],
                                                "lost": []})
            if c.old_name:
                d["old"].add(c.old_name)
            if c.new_name:
                d["new"].add(c.new_name)
            if c.kind == "renamed":
                renames.add((c.old_name, c.new_name))
            bucket = "gained" if c.kind == "gained" else "lost" if c.kind == "lost" else "kept"
            d[bucket].append(label)
    for unit, d in departments.items():
        if d["old"] and d["new"] and d["old"] != d["new"]:
            for o in sorted(d["old"] - d["new"]):
                for n in sorted(d["new"] - d["old"]):
                    renames.add((o, n))
    depts = tuple(Department(u, tuple(sorted(d["old"])), tuple(sorted(d["new"])), tuple(d["kept"]),
                             tuple(d["gained"]), tuple(d["lost"]))
                  for u, d in sorted(departments.items(),
                                     key=lambda kv: (-len(kv[1]["gained"]) - len(kv[1]["lost"]), kv[0])))
    return UnitsDiff(tuple(tasks), depts, bool(roles), tuple(sorted(renames)))
