"""The view model the text renderers share: rows of marked original text built from a Comparison.

Renderers lay out, they never align: every deletion and insertion shown here
comes from the records' opcodes (absolute offsets into the ORIGINAL texts).
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from ..models import Change, Comparison, Document, Span

__all__ = [
    "Segment", "Row", "Hunk", "LineIndex", "MARKS", "build_rows", "hunks", "record_lines",
    "sanitize", "summary_phrase", "change_counts", "doc_caption", "joiner",
]

#: The marker column of each row kind (``<`` marks the place a moved passage left).
MARKS = {
    "equal": " ", "renumbered": " ", "changed": "~", "moved": ">", "moved-away": "<",
    "inserted": "+", "deleted": "-", "split": "~", "merged": "~", "note": "#",
}
#: Kinds whose rows are context, not changes.
_CONTEXT_KINDS = ("equal", "renumbered")
#: A departing moved passage is quoted up to this many characters.
_QUOTE = 24


@dataclass(frozen=True)
class Segment:
    """A run of original text in one style: ``ctx`` (unchanged), ``del`` or ``ins``."""

    style: str
    text: str


@dataclass(frozen=True)
class Row:
    """One clause (or note) of the view, in the new document's reading order."""

    kind: str                                    # a record kind, "moved-away" or "note"
    lines: tuple[tuple[Segment, ...], ...]       # visual lines (a split clause gets one per part)
    note: str = ""                               # annotation: where a move came from, a split …
    path: str = ""                               # section path shown in a hunk header
    old: Optional[Span] = None                   # original range covered in the old text
    new: Optional[Span] = None                   # original range covered in the new text
    index: int = -1                              # the record's index in Comparison.changes

    @property
    def mark(self) -> str:
        """Return the marker-column character."""
        return MARKS[self.kind]

    @property
    def is_change(self) -> bool:
        """Return True when the row is a change (it opens a hunk), not context."""
        return self.kind not in _CONTEXT_KINDS

    @property
    def whole(self) -> bool:
        """Return True when the whole row is inserted or deleted (its mark says so, no inline marks)."""
        return self.kind in ("inserted", "deleted")


@dataclass(frozen=True)
class Hunk:
    """Consecutive rows shown together, with git-style line ranges and a section path."""

    rows: tuple[Row, ...]
    old_range: tuple[int, int]                   # (first line, count), 1-based as in diff(1)
    new_range: tuple[int, int]
    path: str


class LineIndex:
    """Map original offsets of a text to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._breaks = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        """Return the 1-based line holding ``offset``.

        >>> LineIndex("ab\\ncd").line(3)
        2
        """
        return bisect.bisect_left(self._breaks, offset) + 1


# ---- text clean-up --------------------------------------------------------------------------

_BREAK_RUN = re.compile(r"\s*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]\s*")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def sanitize(text: str) -> str:
    """Make control and bidi-override characters visible so they cannot drive the terminal.

    >>> sanitize("a\\x1bb")
    'a␛b'
    """
    def show(match: re.Match) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)
        return "␡" if code == 0x7F else f"<U+{code:04X}>"
    return _CONTROL.sub(show, text)


def _wide(ch: str) -> bool:
    """Return True for CJK characters and full-width punctuation (no space needed beside them)."""
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in "“”‘’…—·"


def joiner(left: str, right: str) -> str:
    """Return what goes between two pieces of text set on one line: nothing beside CJK, else a space.

    >>> joiner("农田", "建设"), joiner("PDF", "file")
    ('', ' ')
    """
    if not left or not right or _wide(left[-1]) or _wide(right[0]):
        return ""
    return " "


def _fold_breaks(segments: list[Segment]) -> list[Segment]:
    """Join a clause's hard line breaks (PDF page breaks, wrapping) so it reads as one line.

    A break between CJK characters disappears, as normalization treats it;
    between Latin words it becomes one space.  The characters themselves stay.
    """
    full = "".join(s.text for s in segments)
    keep = list(full)
    for match in _BREAK_RUN.finditer(full):
        a, b = match.span()
        keep[a] = joiner(full[a - 1] if a else "", full[b] if b < len(full) else "")
        for k in range(a + 1, b):
            keep[k] = ""
    out: list[Segment] = []
    pos = 0
    for seg in segments:
        text = "".join(keep[pos:pos + len(seg.text)])
        pos += len(seg.text)
        if text:
            out.append(seg)
            if text != seg.text:
                out[-1] = Segment(seg.style, text)
    return _merged(out)


def _merged(segments: Iterable[Segment]) -> list[Segment]:
    """Join neighbouring segments of one style."""
    out: list[Segment] = []
    for seg in segments:
        if out and out[-1].style == seg.style:
            out[-1] = Segment(seg.style, out[-1].text + seg.text)
        elif seg.text:
            out.append(seg)
    return out


# ---- one record → marked lines ----------------------------------------------------------------

def _clip(spans: Sequence[Span], a: int, b: int) -> list[Span]:
    """Return the parts of ``[a, b)`` inside ``spans`` (text between a record's spans is not its own)."""
    return [(max(a, s), min(b, e)) for s, e in spans if max(a, s) < min(b, e)]


def _pieces(change: Change) -> list[tuple[str, str, int, int]]:
    """Return ``(style, side, start, end)`` pieces of a record in reading order, from its opcodes."""
    if not change.opcodes:
        if change.kind == "deleted" or not change.new:
            style = "del" if change.kind == "deleted" else "ctx"
            return [(style, "old", s, e) for s, e in change.old]
        style = "ins" if change.kind == "inserted" else "ctx"
        return [(style, "new", s, e) for s, e in change.new]
    pieces: list[tuple[str, str, int, int]] = []
    o = change.old[0][0] if change.old else 0
    n = change.new[0][0] if change.new else 0
    for tag, i1, i2, j1, j2 in change.opcodes:
        pieces += _gap(change, o, i1, n, j1)
        if tag == "equal":
            pieces += [("ctx", "new", s, e) for s, e in _clip(change.new, j1, j2)] if change.new \
                else [("ctx", "old", s, e) for s, e in _clip(change.old, i1, i2)]
        if tag in ("delete", "replace"):
            pieces += [("del", "old", s, e) for s, e in _clip(change.old, i1, i2)]
        if tag in ("insert", "replace"):
            pieces += [("ins", "new", s, e) for s, e in _clip(change.new, j1, j2)]
        o, n = max(o, i2), max(n, j2)
    end_o = change.old[-1][1] if change.old else o
    end_n = change.new[-1][1] if change.new else n
    return pieces + _gap(change, o, end_o, n, end_n)


def _gap(change: Change, o1: int, o2: int, n1: int, n2: int) -> list[tuple[str, str, int, int]]:
    """Return the record's own text the opcodes skip (whitespace, normally) between two opcodes."""
    out = [("del", "old", s, e) for s, e in _clip(change.old, o1, o2)]
    out += [("ctx", "new", s, e) for s, e in _clip(change.new, n1, n2)]
    return out


def record_lines(change: Change, old_text: str, new_text: str) -> list[list[Segment]]:
    """Return a record's original text as marked segments, one list per new clause it spans."""
    texts = {"old": old_text, "new": new_text}
    bounds = [s for s, _ in change.new[1:]]
    lines: list[list[Segment]] = [[]]
    for style, side, a, b in _pieces(change):
        if side == "new" and bounds and a >= bounds[0]:
            while bounds and a >= bounds[0]:
                bounds.pop(0)
            lines.append([])
        piece = texts[side][a:b]
        if style == "del" and not piece.strip():
            continue  # whitespace left behind in the old text is not a deletion
        lines[-1].append(Segment(style, piece))
    folded = [_fold_breaks(line) for line in lines]
    return [line for line in folded if line] or [[]]


# ---- records → rows ---------------------------------------------------------------------------

def _outer(spans: Sequence[Span]) -> Optional[Span]:
    """Return the range from the first span's start to the last span's end."""
    return (spans[0][0], spans[-1][1]) if spans else None


def _moved_groups(changes: Sequence[Change]) -> list[list[int]]:
    """Group neighbouring moved records that left the same place (one departure note each)."""
    groups: list[list[int]] = []
    for k, change in enumerate(changes):
        if change.kind != "moved":
            continue
        if groups and groups[-1][-1] == k - 1 and changes[k - 1].link == change.link:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _numbers(doc: Document) -> dict[str, int]:
    """Map each item path of a document to its number."""
    out: dict[str, int] = {}
    for item in doc.walk():
        out.setdefault(item.path, item.number)
    return out


def _style_key(path: str) -> str:
    """Return the numbering pattern of a path's last label (``二、/3.`` → ``#.``, width folded)."""
    last = unicodedata.normalize("NFKC", path.rsplit("/", 1)[-1])
    return re.sub(r"[0-9]+|[一二三四五六七八九十百零〇两]+", "#", last)


def _renumber_runs(comp: Comparison) -> list[list[int]]:
    """Group renumbered records into runs: one numbering pattern, one shift, numbers still rising."""
    old_numbers, new_numbers = _numbers(comp.old), _numbers(comp.new)
    runs: list[list[int]] = []
    open_runs: dict[str, tuple[int, int, int]] = {}   # pattern → (run index, shift, last old number)
    for k, change in enumerate(comp.changes):
        if change.kind != "renumbered":
            continue
        key = _style_key(change.new_path)
        a, b = old_numbers.get(change.old_path), new_numbers.get(change.new_path)
        if a is None or b is None:        # numbers unknown: a run of its own
            runs.append([k])
            open_runs.pop(key, None)
            continue
        current = open_runs.get(key)
        if current and current[1] == b - a and a > current[2]:
            runs[current[0]].append(k)
            open_runs[key] = (current[0], b - a, a)
        else:
            runs.append([k])
            open_runs[key] = (len(runs) - 1, b - a, a)
    return runs


def _renumber_notes(comp: Comparison) -> dict[int, str]:
    """Describe each run of renumbered items once, at its first record.

    An insertion that pushes 6.–24. down by one is one note, not nineteen.
    """
    old_numbers, new_numbers = _numbers(comp.old), _numbers(comp.new)
    notes: dict[int, str] = {}
    for run in _renumber_runs(comp):
        first, last = comp.changes[run[0]], comp.changes[run[-1]]
        a, b = old_numbers.get(first.old_path), new_numbers.get(first.new_path)
        shift = f" ({b - a:+d})" if a is not None and b is not None else ""
        if len(run) == 1:
            notes[run[0]] = f"renumbered{shift}: {first.old_path} → {first.new_path}"
        else:
            notes[run[0]] = (f"renumbered{shift}, {len(run)} items: {first.old_path} … {last.old_path}"
                             f" → {first.new_path} … {last.new_path}")
    return notes


def _folded(path: str) -> str:
    """Return a section path with full-width forms folded: （二） and (二) are one label.

    >>> _folded("二、/（二）/1﹒") == _folded("二、/(二)/1.")
    True
    """
    return unicodedata.normalize("NFKC", path)


def _place(path: str, line: int) -> str:
    """Name a place in a document: its section path (when inside a numbered item) and line."""
    return f"{path}, line {line}" if path else f"line {line}"


def _record_note(change: Change) -> str:
    """Return the annotation of a record row: split/merge counts, a changed section path."""
    if change.kind == "split":
        return f"split into {len(change.new)}"
    if change.kind == "merged":
        return f"merged from {len(change.old)}"
    if change.kind == "changed" and change.old_path and change.new_path and \
            _folded(change.old_path) != _folded(change.new_path):
        return f"was in {change.old_path}"
    return ""


def _quote(spans: Sequence[Span], old_text: str) -> str:
    """Return the beginning of some old text, to name a passage where it left."""
    plain = Change(kind="equal", old=tuple(spans), new=(), similarity=1.0)
    text = "".join(s.text for line in record_lines(plain, old_text, "") for s in line)
    return text if len(text) <= _QUOTE else text[:_QUOTE] + "…"


def build_rows(comp: Comparison) -> list[Row]:
    """Return the rows of the view: every record except boilerplate, plus move and renumber notes."""
    old_text, new_text = comp.old.text.original, comp.new.text.original
    old_lines, new_lines = LineIndex(old_text), LineIndex(new_text)
    changes = comp.changes
    departures: dict[Optional[int], list[Row]] = {}
    arrival_notes: dict[int, str] = {}
    for group in _moved_groups(changes):
        first, last = changes[group[0]], changes[group[-1]]
        spans = [span for k in group for span in changes[k].old]
        at = first.new[0][0] if first.new else 0
        count = f"{len(group)} clauses " if len(group) > 1 else ""
        note = f"{count}moved to {_place(first.new_path, new_lines.line(at))}"
        old_span = (first.old[0][0], last.old[-1][1]) if first.old and last.old else None
        departures.setdefault(first.link, []).append(
            Row("moved-away", ((Segment("ctx", _quote(spans, old_text)),),), note,
                first.old_path, old_span, None, group[0]))
        line = old_lines.line(first.old[0][0]) if first.old else 1
        arrival_notes[group[0]] = f"moved from {_place(first.old_path, line)}"
    renumbered = _renumber_notes(comp)
    rows: list[Row] = []
    for k, change in enumerate(changes):
        rows += departures.get(k, [])
        if change.kind == "ignored":
            continue
        if k in renumbered:
            rows.append(Row("note", (), renumbered[k], change.new_path, None, None, k))
        lines = tuple(tuple(line) for line in record_lines(change, old_text, new_text))
        if change.kind == "renumbered":  # the run's note states the shift once
            lines = tuple(tuple(_merged(Segment("ctx", s.text) for s in line if s.style != "del"))
                          for line in lines)
        note = arrival_notes.get(k, "") or _record_note(change)
        rows.append(Row(change.kind, lines, note, change.new_path if change.new else change.old_path,
                        _outer(change.old), _outer(change.new), k))
    rows += departures.get(None, [])
    return rows


# ---- rows → hunks -----------------------------------------------------------------------------

def _range(lines: LineIndex, spans: list[Span], anchor: int) -> tuple[int, int]:
    """Return ``(first line, count)`` of some spans; an empty side sits after the anchor's line."""
    if not spans:
        return (lines.line(anchor - 1) if anchor > 0 else 0, 0)
    first = min(lines.line(s) for s, _ in spans)
    last = max(lines.line(max(s, e - 1)) for s, e in spans)
    return (first, last - first + 1)


def _running_ends(rows: Sequence[Row]) -> tuple[list[int], list[int]]:
    """Return, before each row, the furthest old and new offsets reached (where an empty side sits)."""
    old_ends, new_ends = [0], [0]
    for row in rows:
        old_ends.append(max(old_ends[-1], row.old[1] if row.old and row.kind != "moved" else 0))
        new_ends.append(max(new_ends[-1], row.new[1] if row.new else 0))
    return old_ends, new_ends


def hunks(comp: Comparison, rows: Sequence[Row], context: int) -> list[Hunk]:
    """Group change rows with ``context`` rows of unchanged text around them into hunks."""
    changed = [k for k, row in enumerate(rows) if row.is_change]
    if not changed:
        return []
    groups: list[list[int]] = [[changed[0], changed[0]]]
    for k in changed[1:]:
        if k - groups[-1][1] - 1 <= 2 * context:
            groups[-1][1] = k
        else:
            groups.append([k, k])
    old_lines = LineIndex(comp.old.text.original)
    new_lines = LineIndex(comp.new.text.original)
    old_ends, new_ends = _running_ends(rows)
    out = []
    for first, last in groups:
        a, b = max(0, first - context), min(len(rows), last + context + 1)
        chosen = rows[a:b]
        old_range = _range(old_lines, [r.old for r in chosen if r.old and r.kind != "moved"], old_ends[a])
        new_range = _range(new_lines, [r.new for r in chosen if r.new], new_ends[a])
        out.append(Hunk(tuple(chosen), old_range, new_range, rows[first].path))
    return out


# ---- shared wording ---------------------------------------------------------------------------

def change_counts(comp: Comparison) -> list[tuple[str, int]]:
    """Return the non-zero counts of change kinds (not equal or ignored), in summary order."""
    return [(kind, n) for kind, n in comp.summary.counts if n and kind not in ("equal", "ignored")]


def summary_phrase(comp: Comparison) -> str:
    """Return one line summarizing the comparison: counts by kind and similarity."""
    counts = ", ".join(f"{n} {kind}" for kind, n in change_counts(comp)) or "no changes"
    return f"{counts}; similarity {comp.summary.similarity:.1%}"


def doc_caption(doc: Document) -> str:
    """Return what a document says about itself (title, number, date), or ``""``."""
    meta = doc.metadata
    parts = [p for p in (meta.title, meta.doc_number, meta.date) if p]
    return "，".join(parts)
