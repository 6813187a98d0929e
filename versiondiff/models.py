"""Frozen data carried between the pipeline stages (no behaviour beyond lookups)."""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Optional

__all__ = [
    "Span", "Opcode", "Source", "Text", "Metadata", "Event", "ResponsibleUnits", "Clause",
    "Item", "Document", "Change", "OutlinePair", "Summary", "Comparison", "KINDS",
]

#: A half-open range ``(start, end)`` of code points in an ORIGINAL text.
Span = tuple[int, int]
#: difflib's five-tuple ``(tag, i1, i2, j1, j2)`` in absolute original offsets.
Opcode = tuple[str, int, int, int, int]

#: Every kind a change record can have, in the order summaries list them.
KINDS = ("equal", "changed", "moved", "renumbered", "inserted", "deleted",
         "split", "merged", "ignored")


@dataclass(frozen=True)
class Source:
    """A decoded input: the text exactly as given (BOM removed) and where it came from."""

    ref: str            # what the user typed: a path or ``series@version``
    path: str           # the file actually read
    text: str           # decoded text, BOM removed, line endings untouched
    encoding: str       # codec used to decode, e.g. "utf-8", "gb18030", "big5"
    sha256: str         # hash of the raw bytes
    format: str = "text"  # "text", "markdown", or the format text was extracted from: html, docx, pdf, ofd
    notes: tuple[str, ...] = ()                   # what the format reader did (tracked changes resolved …)
    hints: tuple[tuple[str, str], ...] = ()       # metadata the file gives outside its text (HTML <title>)
    boilerplate: tuple[Span, ...] = ()            # spans of ``text`` the layout repeats (PDF running headers)
    series: str = ""    # the corpus series this is a version of (read by reference or from its stored file)


@dataclass(frozen=True, eq=False)
class Text:
    """The canonical text used for matching and its map back to the original.

    ``starts[i]``/``ends[i]`` give the original range canonical character ``i``
    came from (usually ``ends[i] == starts[i] + 1``).  Paragraph ends are kept
    as ``"\\n"`` in ``canonical``; all other whitespace that carries no meaning
    is dropped.  ``ignored`` lists original spans set aside as boilerplate.
    """

    original: str
    canonical: str
    starts: array
    ends: array
    ignored: tuple[Span, ...] = ()

    def original_span(self, start: int, end: int) -> Span:
        """Return the original span covering canonical characters ``[start, end)``."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return (pos, pos)
        return (self.starts[start], self.ends[end - 1])


@dataclass(frozen=True)
class Metadata:
    """What the document says about itself; ``None`` when the text does not say it."""

    title: Optional[str] = None        # the document's own title (notice title if any)
    subtitle: Optional[str] = None     # the title of the attached plan, when distinct
    issuer: Optional[str] = None
    doc_number: Optional[str] = None   # e.g. 甘政发〔2026〕1号, as written (canonical script)
    date: Optional[str] = None         # signing / issuing date, ISO yyyy-mm-dd
    published: Optional[str] = None    # publication date, ISO, when given separately
    notes: tuple[str, ...] = ()        # what the header says that could not be read (a bad date)
    effective: Optional[str] = None    # date a law or regulation takes effect (施行), ISO, when stated
    history: tuple["Event", ...] = ()  # a law's adoption and every amendment or revision, by date


@dataclass(frozen=True)
class Event:
    """One step in a law's history, as its front matter (题注) states it."""

    event: str                         # "adopted" | "amended" | "revised"
    date: str                          # ISO yyyy-mm-dd
    by: Optional[str] = None           # the body or instrument: 全国人大常委会…会议, 国务院令第731号


@dataclass(frozen=True)
class ResponsibleUnits:
    """A responsible-unit parenthesis: metadata about an item, not prose."""

    span: Span
    text: str                          # canonical text of the parenthesis
    lead: tuple[str, ...] = ()         # units the text marks as leading
    others: tuple[str, ...] = ()       # the other units named


@dataclass(frozen=True)
class Clause:
    """The unit of alignment: a sentence or clause, heading, or unit list."""

    index: int                         # position in Document.clauses
    text: str                          # canonical text, no whitespace (used for matching)
    span: Span                         # original span (first to last character)
    canon: Span                        # range in Text.canonical
    role: str                          # "title" | "header" | "heading" | "sentence" | "units"
    path: str = ""                     # section path of the enclosing item, e.g. "二、/（一）/1."
    label: str = ""                    # item label when this clause starts a numbered item


@dataclass(frozen=True)
class Item:
    """A numbered part of the document (一、 / （一） / 1. / 第X条 …)."""

    label: str                         # the label as written in the original, e.g. "（一）"
    style: str                         # numbering style key, e.g. "cn-dun", "cn-paren", "arabic-dot"
    number: int                        # the numeral's value
    level: int                         # 1 for top-level parts
    heading: str                       # heading sentence in original text, "" if none
    span: Span                         # original span covering label, heading and body
    path: str                          # section path, e.g. "二、/（一）/1."
    children: tuple["Item", ...] = ()
    units: tuple[ResponsibleUnits, ...] = ()
    clauses: tuple[int, int] = (0, 0)  # range of Document.clauses inside this item

    @property
    def is_leaf(self) -> bool:
        """Return True when the item has no numbered children."""
        return not self.children


@dataclass(frozen=True, eq=False)
class Document:
    """A parsed document: source, canonical text, metadata, outline and clauses."""

    source: Source
    text: Text
    metadata: Metadata
    items: tuple[Item, ...]
    clauses: tuple[Clause, ...]

    def walk(self):
        """Yield every item depth-first, in reading order."""
        stack = list(reversed(self.items))
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))

    def leaves(self) -> list[Item]:
        """Return the leaf items in reading order."""
        return [item for item in self.walk() if item.is_leaf]


@dataclass(frozen=True)
class Change:
    """One record of the comparison: which original text corresponds, and how."""

    kind: str                          # one of KINDS
    old: tuple[Span, ...]
    new: tuple[Span, ...]
    similarity: float
    opcodes: tuple[Opcode, ...] = ()
    old_path: str = ""
    new_path: str = ""
    link: Optional[int] = None         # moved records: index of the record it stood before in the old text


@dataclass(frozen=True)
class OutlinePair:
    """Two items (or groups of items) that correspond."""

    old: tuple[Span, ...]
    new: tuple[Span, ...]
    old_label: str
    new_label: str
    similarity: float
    kind: str = "rewritten"            # same | rewritten | moved | split | merged (how the items correspond)


@dataclass(frozen=True)
class Summary:
    """Counts of change records by kind and the overall similarity."""

    counts: tuple[tuple[str, int], ...]
    similarity: float

    def count(self, kind: str) -> int:
        """Return how many records have ``kind``."""
        return dict(self.counts).get(kind, 0)


@dataclass(frozen=True, eq=False)
class Comparison:
    """The result of comparing two documents."""

    old: Document
    new: Document
    mode: str                          # "version" or "cross"
    summary: Summary
    outline: tuple[OutlinePair, ...]
    changes: tuple[Change, ...]
    notes: tuple[str, ...] = field(default=())  # e.g. "work budget exceeded: coarser diff used"

    @property
    def has_changes(self) -> bool:
        """Return True when anything other than equal or ignored text was found."""
        return any(c.kind not in ("equal", "ignored") for c in self.changes)
