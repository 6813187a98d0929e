"""The terminal view: hunks of clauses headed by their section path, changes marked inline."""
from __future__ import annotations

import os
from typing import Mapping, Optional

from ..models import Comparison
from .textview import (CrossView, Hunk, Part, Row, Segment, Topic, build_rows, counted, cross_view,
                       doc_caption, hunks, one_sided, sanitize, summary_phrase, topical)

__all__ = ["DEFAULT_CONTEXT", "render_terminal", "render_stat", "should_color", "char_counts"]

#: Clauses of unchanged context around a change: a clause is about a sentence,
#: so one or two of them give what git's three lines give.
DEFAULT_CONTEXT = 1

# SGR codes; deletions are struck through and insertions underlined inside a
# changed clause so the marks survive colour-blindness and monochrome themes.
_SGR = {
    "header": "1", "hunk": "36", "note": "33", "moved": "35",
    "del": "31;9", "ins": "32;4", "whole-del": "31", "whole-ins": "32",
}
_MARK_SGR = {"+": "32", "-": "31", "~": "33", ">": "35", "<": "35", "#": "33"}
_PLAIN = {"del": ("[-", "-]"), "ins": ("{+", "+}")}


def should_color(choice: str, isatty: bool, environ: Optional[Mapping[str, str]] = None) -> bool:
    """Decide whether to colour: ``always``/``never`` win; ``auto`` needs a terminal and no NO_COLOR.

    A pager started by git counts as a terminal (git sets ``GIT_PAGER_IN_USE``).

    >>> should_color("auto", True, {"NO_COLOR": "1"}), should_color("always", False, {"NO_COLOR": "1"})
    (False, True)
    """
    env = os.environ if environ is None else environ
    if choice == "always":
        return True
    if choice == "never" or env.get("NO_COLOR", ""):
        return False
    if env.get("TERM") == "dumb":
        return False
    return isatty or env.get("GIT_PAGER_IN_USE", "").lower() in ("1", "true", "yes")


def _paint(text: str, code: Optional[str], color: bool) -> str:
    """Wrap text in an SGR colour when colouring."""
    return f"\x1b[{code}m{text}\x1b[m" if color and code and text else text


def _segment(seg: Segment, whole: bool, color: bool) -> str:
    """Render one segment: coloured, or between ``[-…-]``/``{+…+}`` markers."""
    text = sanitize(seg.text)
    if seg.style == "ctx":
        return text
    if whole:  # the row's mark already says the whole clause is inserted or deleted
        return _paint(text, _SGR["whole-" + seg.style], color)
    if color:
        return _paint(text, _SGR[seg.style], True)
    start, end = _PLAIN[seg.style]
    return f"{start}{text}{end}"


def _note_code(row: Row) -> str:
    """Return the colour of a row's annotation."""
    return _SGR["moved"] if row.kind in ("moved", "moved-away") else _SGR["note"]


def _row(row: Row, color: bool) -> list[str]:
    """Render a row as lines: mark column, marked text, annotation after ``#``."""
    mark = _paint(row.mark, _MARK_SGR.get(row.mark), color)
    if row.kind == "note":
        return [f"{mark} {_paint(sanitize(row.note), _note_code(row), color)}"]
    out = []
    for n, line in enumerate(row.lines):
        text = "".join(_segment(seg, row.whole, color) for seg in line)
        if n == 0 and row.note:
            text += "  " + _paint("# " + sanitize(row.note), _note_code(row), color)
        out.append(f"{mark} {text}".rstrip())
    return out


def _range(first: int, count: int) -> str:
    """Format a hunk range as diff(1) does (``,1`` left out)."""
    return f"{first}" if count == 1 else f"{first},{count}"


def _hunk(hunk: Hunk, color: bool) -> list[str]:
    """Render one hunk: ``@@ -a,b +c,d @@ path`` and its rows."""
    head = f"@@ -{_range(*hunk.old_range)} +{_range(*hunk.new_range)} @@"
    lines = [_paint(head, _SGR["hunk"], color) + (f" {sanitize(hunk.path)}" if hunk.path else "")]
    for row in hunk.rows:
        lines += _row(row, color)
    return lines


def _header(comp: Comparison, color: bool, old_label: Optional[str],
            new_label: Optional[str]) -> list[str]:
    """Render the file lines, the notes (mode chosen, coarse diffs, boilerplate) and the summary."""
    lines = []
    for sign, doc, label in (("---", comp.old, old_label), ("+++", comp.new, new_label)):
        caption = doc_caption(doc)
        text = f"{sign} {label or doc.source.ref}" + (f"  {caption}" if caption else "")
        lines.append(_paint(sanitize(text), _SGR["header"], color))
    notes = list(comp.notes)
    old_ignored, new_ignored = len(comp.old.text.ignored), len(comp.new.text.ignored)
    if old_ignored or new_ignored:
        notes.append(f"ignored as boilerplate: {old_ignored} passage(s) in the old text, "
                     f"{new_ignored} in the new")
    notes.append(summary_phrase(comp))
    lines += [_paint("# " + sanitize(note), _SGR["note"], color) for note in notes]
    return lines


# ---- cross mode --------------------------------------------------------------------------------

_SIDES = {"new": ("+", "NEW", "whole-ins"), "old": ("-", "OLD", "whole-del")}


def _only(rows: tuple[Row, ...], side: str, color: bool) -> list[str]:
    """Render the clauses only one side of a topic has: quoted one per line when few, else counted."""
    sign, name, code = _SIDES[side]
    mark = _paint(sign, _MARK_SGR[sign], color)
    count, quotes = one_sided(rows)
    if count:
        quotes = [f"{count} clauses only in {name} (first: {quotes[0]})"]
    return [f"{mark} {_paint(sanitize(quote), _SGR[code], color)}" for quote in quotes]


def _topic_head(topic: Topic) -> str:
    """Return a topic's hunk line: the pair's two labels and similarity, or what the group holds."""
    if topic.kind == "header":
        return "@@ document header @@"
    if topic.kind == "elsewhere":
        return "@@ shared outside the paired parts @@"
    how = f"{topic.how}, " if topic.how else ""
    return f"@@ {topic.old_label} ~ {topic.new_label} ({how}similarity {topic.similarity:.0%}) @@"


def _topic(topic: Topic, color: bool) -> list[str]:
    """Render one topic: its head, shared clauses with inline marks, then what each side alone has."""
    lines = [_paint(sanitize(_topic_head(topic)), _SGR["hunk"], color)]
    for row in topic.rows:
        lines += _row(row, color)
    lines += _only(topic.only_new, "new", color) + _only(topic.only_old, "old", color)
    if not topic.records:  # several pairs share a part: its clauses went to the first of them
        lines.append(_paint("# clauses shown under an earlier pair", _SGR["note"], color))
    return lines


def _parts(parts: tuple[Part, ...], side: str, color: bool) -> list[str]:
    """Render the parts only one document has: one line each, label then where and how long."""
    if not parts:
        return []
    sign, name, code = _SIDES[side]
    mark = _paint(sign, _MARK_SGR[sign], color)
    lines = [_paint(f"@@ only in {name}: {counted(len(parts), 'part')} @@", _SGR["hunk"], color)]
    for part in parts:
        note = f"# line {part.line}, {counted(part.clauses, 'clause')}"
        label = _paint(sanitize(part.label), _SGR[code], color)
        lines.append(f"{mark} {label}  {_paint(note, _SGR['note'], color)}")
    return lines


def _cross(view: CrossView, color: bool) -> list[str]:
    """Render the cross view: topics in the new reading order, then the unpaired parts of each side."""
    lines: list[str] = []
    for topic in view.topics:
        lines += _topic(topic, color)
    return lines + _parts(view.only_new, "new", color) + _parts(view.only_old, "old", color)


def render_terminal(comp: Comparison, *, color: bool = False, context: int = DEFAULT_CONTEXT,
                    old_label: Optional[str] = None, new_label: Optional[str] = None) -> str:
    """Return the terminal view: header, notes, then hunks of clauses with changes marked.

    In cross mode (text on both sides) the hunks are the outline pairs and
    ``context`` does not apply: different documents share no reading order.
    """
    lines = _header(comp, color, old_label, new_label)
    if topical(comp):
        lines += _cross(cross_view(comp), color)
        return "\n".join(lines) + "\n"
    for hunk in hunks(comp, build_rows(comp), max(0, context)):
        lines += _hunk(hunk, color)
    return "\n".join(lines) + "\n"


def char_counts(comp: Comparison) -> tuple[int, int]:
    """Return how many original characters the changes delete and insert (moves count only edits)."""
    deleted = inserted = 0
    for change in comp.changes:
        if change.kind in ("equal", "ignored"):
            continue
        for tag, i1, i2, j1, j2 in change.opcodes:
            if tag in ("delete", "replace"):
                deleted += i2 - i1
            if tag in ("insert", "replace"):
                inserted += j2 - j1
    return deleted, inserted


def render_stat(comp: Comparison, *, color: bool = False, old_label: Optional[str] = None,
                new_label: Optional[str] = None) -> str:
    """Return the header and a table of record counts by kind, similarity and characters changed."""
    lines = _header(comp, color, old_label, new_label)[:-1]  # the table replaces the summary line
    width = max(len(kind) for kind, _ in comp.summary.counts + (("similarity", 0), ("characters", 0)))
    codes = {"inserted": _SGR["whole-ins"], "deleted": _SGR["whole-del"], "moved": _SGR["moved"]}
    for kind, count in comp.summary.counts:
        lines.append(f" {_paint(kind.ljust(width), codes.get(kind), color)} {count:6d}")
    deleted, inserted = char_counts(comp)
    lines.append(f" {'similarity'.ljust(width)} {comp.summary.similarity:6.1%}")
    lines.append(f" {'characters'.ljust(width)} {deleted:6d} deleted, {inserted} inserted")
    return "\n".join(lines) + "\n"
