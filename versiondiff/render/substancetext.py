"""The substance sections of ``versiondiff diff --targets/--units/--terms``: terminal and Markdown."""
from __future__ import annotations

import unicodedata
from typing import Optional

from ..models import Comparison
from ..substance import Substance
from ..targets import Target

__all__ = ["render_substance_terminal", "render_substance_markdown", "target_cell", "passage_window"]

_SHOW_TASKS = 40     # task lines shown in the terminal before the rest are counted
_SHOW_DEPTS = 25


def _pad(text: str, width: int) -> str:
    """Return ``text`` padded to ``width`` terminal columns (a CJK character takes two)."""
    cols = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
    return text + " " * max(0, width - cols)


def _line(text: str, span) -> int:
    return text.count("\n", 0, span[0]) + 1


def target_cell(t: Optional[Target]) -> str:
    """Return a target in short, as the document writes it: ``2027 达70%左右`` (a milestone: ``到2035年``)."""
    if t is None:
        return "—"
    if t.quantity is None:
        return t.shown
    return f"{t.year} {t.shown}" if t.year else t.shown


def _indicator(c) -> str:
    t = c.new or c.old
    return t.indicator[:30] + ("…" if len(t.indicator) > 30 else "")


def _where(c, comp: Comparison) -> str:
    places = []
    if c.old is not None:
        places.append(f"old line {_line(comp.old.text.original, c.old.span)}")
    if c.new is not None:
        places.append(f"new line {_line(comp.new.text.original, c.new.span)}")
    return ", ".join(places)


def _target_lines(sub: Substance, comp: Comparison) -> list[str]:
    counts = ", ".join(f"{n} {kind}" for kind, n in sub.counts().items()) or "none"
    lines = [f"# targets: {counts}"]
    for c in sub.targets or ():
        notes = f"  ({'; '.join(c.notes)})" if c.notes else ""
        shared = f"  [national: {c.indicator}]" if c.indicator else ""
        lines.append(f"{c.kind:17} {_indicator(c)}: {target_cell(c.old)} → {target_cell(c.new)}"
                     f"{notes}{shared}  # {_where(c, comp)}")
    return lines


def _unit_changes(task) -> str:
    parts = []
    for c in task.changes:
        if c.kind == "renamed":
            parts.append(f"{c.old_name} → {c.new_name} (renamed)")
        elif c.kind == "gained":
            parts.append(f"+{c.new_name}")
        elif c.kind == "lost":
            parts.append(f"-{c.old_name}")
        elif c.kind != "kept":
            parts.append(f"{c.new_name} ({c.kind})")
    return "; ".join(parts)


def _unit_lines(sub: Substance) -> list[str]:
    u = sub.units
    renames = ", ".join(f"{o} → {n}" for o, n in u.renames)
    changed = [t for t in u.tasks if t.changed]
    lines = [f"# responsible units: {len(u.renames)} renamed{': ' + renames if renames else ''}; "
             f"{len(changed)} of {len(u.tasks)} tasks changed"]
    if not u.roles_compared:
        lines.append("# lead units are not compared: one text marks none")
    lines.append(f"{_pad('department', 32)} {'kept':>5} {'gained':>6} {'lost':>5}")
    for d in u.departments[:_SHOW_DEPTS]:
        name = d.new_names[0] if d.new_names else d.old_names[0] if d.old_names else d.unit
        if d.renamed:
            name = f"{'/'.join(d.old_names)} → {'/'.join(d.new_names)}"
        lines.append(f"{_pad(name, 32)} {len(d.kept):5d} {len(d.gained):6d} {len(d.lost):5d}")
    if len(u.departments) > _SHOW_DEPTS:
        lines.append(f"# … {len(u.departments) - _SHOW_DEPTS} more departments")
    for t in changed[:_SHOW_TASKS]:
        if t.old_label and t.new_label:
            lines.append(f"~ {t.old_label} → {t.new_label}: {_unit_changes(t)}")
        elif t.new_label:
            lines.append(f"+ {t.new_label}: {_unit_changes(t)}")
        else:
            lines.append(f"- {t.old_label}: {_unit_changes(t)}")
    if len(changed) > _SHOW_TASKS:
        lines.append(f"# … {len(changed) - _SHOW_TASKS} more tasks")
    return lines


def passage_window(doc, spans, term: str, reach: int = 16) -> str:
    """Return the original text around the first use of ``term`` in the passages (… where cut)."""
    for clause in doc.clauses:
        if spans and clause.span == spans[0]:
            a, b = clause.canon
            i = doc.text.canonical.find(term, a, b)
            if i < 0:
                break
            lo, hi = max(a, i - reach), min(b, i + len(term) + reach)
            s, e = doc.text.original_span(lo, hi)
            text = "".join(doc.text.original[s:e].split())
            return ("…" if lo > a else "") + text + ("…" if hi < b else "")
    return ""


def _term_lines(sub: Substance, comp: Comparison) -> list[str]:
    lines = ["# key terms (log-odds z-score, informative Dirichlet prior; counts old → new)"]
    for t in sub.terms or ():
        doc, spans = (comp.new, t.new_passages) if t.direction == "rose" else (comp.old, t.old_passages)
        lines.append(f"{t.direction:5} {_pad(t.term, 14)} {t.old_count:4d} → {t.new_count:<4d} z {t.z:+.2f}  "
                     f"{passage_window(doc, spans, t.term)}")
    return lines


def render_substance_terminal(sub: Substance, comp: Comparison) -> str:
    """Return the substance sections as plain terminal lines."""
    lines: list[str] = []
    if sub.targets is not None:
        lines += _target_lines(sub, comp)
    if sub.units is not None:
        lines += _unit_lines(sub)
    if sub.terms is not None:
        lines += _term_lines(sub, comp)
    return "\n".join(lines) + "\n" if lines else ""


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_substance_markdown(sub: Substance, comp: Comparison) -> str:
    """Return the substance sections as Markdown tables."""
    out: list[str] = []
    if sub.targets is not None:
        counts = ", ".join(f"{n} {kind}" for kind, n in sub.counts().items()) or "none"
        out += ["", f"### Targets ({counts})", "", "| change | indicator | old | new | notes |",
                "| --- | --- | --- | --- | --- |"]
        for c in sub.targets:
            notes = "; ".join(c.notes + ((f"national: {c.indicator}",) if c.indicator else ()))
            out.append(f"| **{c.kind}** | {_md(_indicator(c))} | {_md(target_cell(c.old))} | "
                       f"{_md(target_cell(c.new))} | {_md(notes)} |")
    if sub.units is not None:
        u = sub.units
        renames = ", ".join(f"{o} → {n}" for o, n in u.renames) or "none"
        out += ["", "### Responsible units", "", f"Renamed (alias table): {renames}.", "",
                "| department | kept | gained | lost |", "| --- | ---: | ---: | ---: |"]
        for d in u.departments:
            name = (f"{'/'.join(d.old_names)} → {'/'.join(d.new_names)}" if d.renamed else
                    (d.new_names or d.old_names or (d.unit,))[0])
            out.append(f"| {_md(name)} | {len(d.kept)} | {len(d.gained)} | {len(d.lost)} |")
        changed = [t for t in u.tasks if t.changed]
        if changed:
            out.append("")
            for t in changed:
                label = (f"{t.old_label} → {t.new_label}" if t.old_label and t.new_label
                         else t.new_label or t.old_label)
                out.append(f"- {_md(label)}: {_md(_unit_changes(t))}")
    if sub.terms is not None:
        out += ["", "### Key terms", "", "| term | change | old | new | z |", "| --- | --- | ---: | ---: | ---: |"]
        for t in sub.terms:
            out.append(f"| {_md(t.term)} | {t.direction} | {t.old_count} | {t.new_count} | {t.z:+.2f} |")
    return "\n".join(out) + "\n" if out else ""
