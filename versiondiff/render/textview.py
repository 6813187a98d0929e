"""The view model the text renderers share: rows of marked original text built from a Comparison.

Renderers lay out, they never align: every deletion and insertion shown here
comes from the records' opcodes (absolute offsets into the ORIGINAL texts).
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable, Optional, Sequence, Union

from ..compare import outline_units
from ..models import Change, Comparison, Document, OutlinePair, Span
from ..structure import as_written

__all__ = [
    "Segment", "Row", "Hunk", "LineIndex", "MARKS", "build_rows", "hunks", "record_lines",
    "sanitize", "summary_phrase", "change_counts", "doc_caption", "joiner",
    "Topic", "Part", "CrossView", "topical", "cross_view", "clause_quote", "one_sided", "counted",
    "ONLY_LISTED", "ONLY_QUOTE",
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


def _record_row(change: Change, index: int, old_text: str, new_text: str, note: str = "") -> Row:
    """Return the row of one record: its marked lines, section path and covered ranges."""
    lines = tuple(tuple(line) for line in record_lines(change, old_text, new_text))
    return Row(change.kind, lines, note, change.new_path if change.new else change.old_path,
               _outer(change.old), _outer(change.new), index)


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
        row = _record_row(change, k, old_text, new_text, arrival_notes.get(k, "") or _record_note(change))
        if change.kind == "renumbered":  # the run's note states the shift once
            row = replace(row, lines=tuple(tuple(_merged(Segment("ctx", s.text) for s in line
                                                         if s.style != "del"))
                                           for line in row.lines))
        rows.append(row)
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


# ---- cross mode: topics instead of hunks ----------------------------------------------------

#: One-sided clauses of a topic are quoted one per line up to this many; more are counted.
ONLY_LISTED = 3
#: A one-sided clause is quoted up to this many characters.
ONLY_QUOTE = 40


@dataclass(frozen=True)
class Topic:
    """A group of the cross view: an outline pair (or the document header, or the rest) with its records."""

    kind: str                        # "pair", "header" (title, number, addressees …) or "elsewhere"
    rows: tuple[Row, ...]            # records with text on both sides, in the new reading order
    only_new: tuple[Row, ...]        # records only the new text has, in its reading order
    only_old: tuple[Row, ...]        # records only the old text has, in its reading order
    records: int = 0                 # records that fell to the topic (item headings included)
    old_label: str = ""
    new_label: str = ""
    similarity: float = 0.0
    how: str = ""                    # version mode: how the items correspond (rewritten, moved, split …)


@dataclass(frozen=True)
class Part:
    """An outline unit (leaf item or body stretch) that no outline pair covers."""

    label: str                       # section path and heading, or the first words of a body stretch
    line: int                        # 1-based line where it starts
    clauses: int
    span: Span                       # original range from its first clause to its last


@dataclass(frozen=True)
class CrossView:
    """The cross view: topics in the new reading order, then the parts only one side has."""

    topics: tuple[Topic, ...]
    only_new: tuple[Part, ...]
    only_old: tuple[Part, ...]


def _inside(spans: Sequence[Span], region: Sequence[Span]) -> bool:
    """Return True when every span lies within one span of the region.

    >>> _inside([(2, 4), (5, 6)], [(0, 6)]), _inside([(2, 7)], [(0, 6)])
    (True, False)
    """
    return all(any(a <= s and e <= b for a, b in region) for s, e in spans)


class _SpanIndex:
    """Find which of many keyed spans hold a given span without trying them all (long documents)."""

    def __init__(self, keyed: Iterable[tuple[Span, int]]) -> None:
        self._entries = sorted((s, e, key) for (s, e), key in keyed)
        self._starts = [s for s, _, _ in self._entries]
        self._longest = max((e - s for s, e, _ in self._entries), default=0)

    def holding(self, span: Span) -> list[int]:
        """Return the keys of the spans that hold ``span``, smallest first.

        >>> _SpanIndex([((0, 10), 1), ((3, 5), 0), ((20, 30), 2)]).holding((3, 4))
        [0, 1]
        """
        start, end = span
        out = []
        k = bisect.bisect_right(self._starts, start) - 1
        while k >= 0 and self._starts[k] >= end - self._longest:  # nothing earlier is long enough
            if self._entries[k][1] >= end:
                out.append(self._entries[k][2])
            k -= 1
        return sorted(out)

    def holds(self, spans: Sequence[Span]) -> bool:
        """Return True when every span lies within one of the indexed spans."""
        return all(self.holding(span) for span in spans)


def _start(spans: Sequence[Span]) -> int:
    """Return where some spans begin (0 for none)."""
    return spans[0][0] if spans else 0


def _parts(doc: Document, lines: LineIndex) -> list[Part]:
    """Return the outline units of a document as parts: label, line, clause count, span."""
    out = []
    for item, (a, b) in outline_units(doc):
        first = doc.clauses[a]
        if item is not None:
            label = f"{item.path} {' '.join(item.heading.split())}"
        else:  # a body stretch has no heading: name it by its first words
            words = "".join(doc.text.original[first.span[0]:first.span[1]].split())
            if first.label and words.startswith(first.label):  # the path already holds the number
                words = words[len(first.label):].rstrip("。")
            label = f"{first.path} {words if len(words) <= 16 else words[:16] + '…'}"
        span = (first.span[0], doc.clauses[b - 1].span[1])
        out.append(Part(label.strip(), lines.line(span[0]), b - a, span))
    return out


def _heading_spans(doc: Document) -> set[Span]:
    """Return the spans of the leaf items' heading clauses (a pair's hunk line already names them)."""
    out = set()
    for item in doc.leaves():
        a, b = item.clauses
        if b > a and doc.clauses[a].role == "heading":
            out.add(doc.clauses[a].span)
    return out


def _topic_key(change: Change, pairs: Sequence[OutlinePair], index: dict[str, _SpanIndex],
               units: dict[str, _SpanIndex], unpaired: dict[str, _SpanIndex]) -> Union[int, str, None]:
    """Return where a record is shown: a pair's rank, "header", "elsewhere", or None (an unpaired part).

    A record belongs to the first pair (in the new reading order) whose spans
    hold it on both sides, so text that several pairs share is shown once.
    """
    side, spans = ("new", change.new) if change.new else ("old", change.old)
    if not spans:
        return "header"
    for rank in index[side].holding(spans[0]):
        if _inside(change.old, pairs[rank].old) and _inside(change.new, pairs[rank].new):
            return rank
    sides = [(side, spans) for side, spans in (("old", change.old), ("new", change.new)) if spans]
    if not any(units[side].holds(spans) for side, spans in sides):
        return "header"            # title, number, addressees, signature: outside the outline
    if len(sides) == 1 and unpaired[sides[0][0]].holds(sides[0][1]):
        return None                # text of a part only one side has: the part's line stands for it
    return "elsewhere"             # shared text that sits outside the paired parts


def _topic(kind: str, rows: Sequence[Row], pair: Optional[OutlinePair] = None,
           headings: Optional[dict[str, set[Span]]] = None, how: bool = False) -> Topic:
    """Sort a topic's rows into shared and one-sided ones, each in its reading order.

    A one-sided item heading is left out: the pair's labels show both headings.
    """
    skip = headings or {"old": set(), "new": set()}
    shared = tuple(sorted((r for r in rows if r.old and r.new), key=lambda r: r.new))
    only_new = tuple(sorted((r for r in rows if r.new and not r.old and r.new not in skip["new"]),
                            key=lambda r: r.new))
    only_old = tuple(sorted((r for r in rows if r.old and not r.new and r.old not in skip["old"]),
                            key=lambda r: r.old))
    if pair is None:
        return Topic(kind, shared, only_new, only_old, len(rows))
    return Topic(kind, shared, only_new, only_old, len(rows), pair.old_label, pair.new_label,
                 pair.similarity, pair.kind if how else "")


def _elsewhere_row(comp: Comparison, row: Row, lines: dict[str, LineIndex]) -> Row:
    """Note on a row shared outside the paired parts where each side of it stands."""
    change = comp.changes[row.index]
    old = _place(change.old_path, lines["old"].line(row.old[0]))
    new = _place(change.new_path, lines["new"].line(row.new[0]))
    return replace(row, note=f"old {old} ~ new {new}")


#: Below this similarity a version comparison is a rewrite: too little text aligns for a diff
#: in reading order to be readable, so it is laid out by item pair, as cross mode is.
REWRITE_SIMILARITY = 0.3


def topical(comp: Comparison) -> bool:
    """Return True when a comparison is laid out by topic: cross mode, or a rewrite, with text on both sides.

    An added or deleted file (one side empty) has nothing to pair: its text is shown whole.
    """
    by_topic = comp.mode == "cross" or (comp.summary.similarity < REWRITE_SIMILARITY and bool(comp.outline))
    return by_topic and bool(comp.old.clauses) and bool(comp.new.clauses)


def cross_view(comp: Comparison) -> CrossView:
    """Group the records of a cross comparison by outline pair, in the new document's reading order."""
    old_text, new_text = comp.old.text.original, comp.new.text.original
    lines = {"old": LineIndex(old_text), "new": LineIndex(new_text)}
    pairs = sorted(comp.outline, key=lambda p: (_start(p.new), _start(p.old)))  # stable: ties keep order
    index = {side: _SpanIndex((span, rank) for rank, pair in enumerate(pairs) for span in getattr(pair, side))
             for side in ("old", "new")}
    parts = {"old": _parts(comp.old, lines["old"]), "new": _parts(comp.new, lines["new"])}
    unpaired = {side: [part for part in found if not index[side].holding(part.span)]
                for side, found in parts.items()}
    units = {side: _SpanIndex((part.span, n) for n, part in enumerate(found)) for side, found in parts.items()}
    open_units = {side: _SpanIndex((part.span, n) for n, part in enumerate(found))
                  for side, found in unpaired.items()}
    buckets: dict[Union[int, str], list[Row]] = {}
    for k, change in enumerate(comp.changes):
        if change.kind == "ignored":
            continue
        key = _topic_key(change, pairs, index, units, open_units)
        if key is not None:
            # a topic's head names both places: a "was in" note would repeat it
            note = _record_note(change) if change.kind in ("split", "merged") else ""
            buckets.setdefault(key, []).append(_record_row(change, k, old_text, new_text, note))
    headings = {"old": _heading_spans(comp.old), "new": _heading_spans(comp.new)}
    topics = [_topic("header", buckets.get("header", []))]
    how = comp.mode == "version"   # a rewrite: say how each item became the new one
    topics += [_topic("pair", buckets.get(rank, []), pair, headings, how) for rank, pair in enumerate(pairs)]
    rest = _topic("elsewhere", buckets.get("elsewhere", []))
    topics.append(replace(rest, rows=tuple(_elsewhere_row(comp, r, lines) for r in rest.rows)))
    return CrossView(tuple(t for t in topics if t.kind == "pair" or t.records),
                     tuple(unpaired["new"]), tuple(unpaired["old"]))


def one_sided(rows: Sequence[Row]) -> tuple[int, list[str]]:
    """Return how a topic shows one side's own clauses: ``(0, quotes)`` if few, else ``(count, [first])``.

    >>> one_sided([Row("inserted", ((Segment("ins", "甲。"),),))] * 4)
    (4, ['甲。'])
    """
    if len(rows) <= ONLY_LISTED:
        return 0, [clause_quote(row) for row in rows]
    return len(rows), [clause_quote(rows[0])]


def counted(count: int, noun: str) -> str:
    """Return a count with its noun, plural when not one.

    >>> counted(1, "part"), counted(3, "clause")
    ('1 part', '3 clauses')
    """
    return f"{count} {noun}" + ("" if count == 1 else "s")


def clause_quote(row: Row, width: int = ONLY_QUOTE) -> str:
    """Return the beginning of a row's text on one line, to name a clause in a summary.

    >>> clause_quote(Row("inserted", ((Segment("ins", "甲乙丙丁"),),)), 3)
    '甲乙丙…'
    """
    text = ""
    for line in row.lines:
        piece = "".join(seg.text for seg in line)
        text += joiner(text, piece) + piece
    return text if len(text) <= width else text[:width] + "…"


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
    parts = [p for p in (as_written(doc, meta.title), as_written(doc, meta.doc_number), meta.date) if p]
    return "，".join(parts)
