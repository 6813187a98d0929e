"""What the HTML reports share: template data, text display, document cards, anchored outline units.

The pair report (:mod:`.pairview`), the synopsis (:mod:`.synopsisview`) and
the history page (:mod:`.historyview`) build their view models from these
pieces: original text cut into marked :class:`Segment` runs with hard wraps
joined, the header card of a document, and a document's outline units with
stable anchors (``o-2-1-3``).  Nothing here aligns text: documents are only
read for their outline, clause labels, responsible units and metadata.

>>> display_text("构建人工智\\n\\n能国产生态")
'构建人工智能国产生态'
"""
from __future__ import annotations

import bisect
import functools
import os
import re
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Optional, Sequence

from ..compare import outline_units
from ..models import Document, Item, ResponsibleUnits, Span
from ..structure import as_written

__all__ = [
    "Segment", "DocumentCard", "KindCount", "KIND_LABELS",
    "display_text", "segments", "short_name", "display_title", "document_card", "pretty_path",
    "Part", "Outline", "suffix", "fit", "clean_title", "item_number", "cut_heading",
]

#: What a reader sees for each kind (the JSON names, so the two outputs agree).
KIND_LABELS = {
    "equal": "unchanged", "changed": "changed", "moved": "moved", "renumbered": "renumbered",
    "inserted": "inserted", "deleted": "deleted", "split": "split", "merged": "merged",
    "ignored": "set aside",
}


# ---- the data the templates receive ------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A run of original text with one mark: "", "del", "ins", "shared", "br" or "gap"."""

    text: str
    mark: str = ""
    note: str = ""            # tooltip, e.g. which documents share a phrase


@dataclass(frozen=True)
class DocumentCard:
    """A document's metadata as the header shows it."""

    key: str                  # "old" / "new", or "A", "B", … in a synopsis
    name: str                 # short name: the corpus ref or the file name
    ref: str
    title: str
    subtitle: str
    issuer: str
    doc_number: str
    date: str
    published: str
    encoding: str
    sha256: str               # first 12 hex digits
    length: int               # characters in the original text
    script: str = ""          # "zh-Hant" / "zh-Hans" / "": the lang of the document's own text


@dataclass(frozen=True)
class KindCount:
    """How many records of one kind."""

    kind: str
    label: str
    count: int


# ---- text display --------------------------------------------------------------------------

_WRAP = re.compile(r"[ \t\r\f\v\u00a0\u2002\u3000]*\n\s*")


def _cjk(ch: str) -> bool:
    """Return True for characters between which a line break is no space (CJK and its punctuation)."""
    return bool(ch) and ("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
                         or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"
                         or ch in "“”‘’…—")


def display_text(text: str, before: str = "", after: str = "") -> str:
    """Return original text as a reader should see it: hard wraps and page breaks joined.

    A wrap between Chinese characters is nothing (a browser would show a
    space); between Latin words it is one space.  ``before``/``after`` are the
    characters around ``text`` in the original, for wraps at its edges.

    >>> display_text("new\\nline"), display_text("第一\\n", after="段")
    ('new line', '第一')
    """
    if "\n" not in text:
        return text

    def join(m: re.Match) -> str:
        left = text[m.start() - 1] if m.start() else before
        right = text[m.end()] if m.end() < len(text) else after
        return "" if (_cjk(left) or _cjk(right) or not left or not right) else " "

    return _WRAP.sub(join, text)


def _piece(text: str, start: int, end: int, mark: str = "", note: str = "") -> Segment:
    """Return the segment for ``text[start:end]`` displayed in its context."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return Segment(display_text(text[start:end], before, after), mark, note)


def _merged(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    """Join neighbouring segments with the same mark; drop empty ones."""
    out: list[Segment] = []
    for seg in segments:
        if not seg.text and seg.mark not in ("br",):
            continue
        if out and out[-1].mark == seg.mark and out[-1].note == seg.note and seg.mark not in ("br", "gap"):
            out[-1] = Segment(out[-1].text + seg.text, seg.mark, seg.note)
        else:
            out.append(seg)
    while out and out[-1].mark == "br":
        out.pop()
    return tuple(out)


def segments(text: str, spans: Sequence[Span], marks: Sequence[tuple[int, int, str, str]]) -> tuple[Segment, ...]:
    """Cut the spans of one side into segments at the marked ranges (sorted, non-overlapping)."""
    out: list[Segment] = []
    marks = sorted(marks)
    starts = [m[0] for m in marks]
    prev_end: Optional[int] = None
    for s, e in spans:
        if prev_end is not None:
            gap = text[prev_end:s] if s >= prev_end else ""
            if gap.strip() or s < prev_end:
                out.append(Segment("…", "gap"))   # another record's text stands between
            elif "\n" in gap:
                out.append(Segment("", "br"))
        pos = s
        k = max(bisect.bisect_right(starts, s) - 1, 0)
        while pos < e:
            while k < len(marks) and marks[k][1] <= pos:
                k += 1
            if k < len(marks) and marks[k][0] <= pos:
                m_end = min(marks[k][1], e)
                out.append(_piece(text, pos, m_end, marks[k][2], marks[k][3]))
                pos = m_end
            else:
                nxt = min(marks[k][0], e) if k < len(marks) else e
                out.append(_piece(text, pos, nxt))
                pos = nxt
        prev_end = e
    return _merged(out)


# ---- documents: cards, anchors, outline units ---------------------------------------------

def short_name(doc: Document) -> str:
    """Return a short name for a document: the corpus ref as typed, or the file name."""
    ref = doc.source.ref
    if "@" in ref and "/" not in ref and "\\" not in ref:
        return ref
    return os.path.basename(ref) or ref


_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s*")


def clean_title(text: str) -> str:
    """Return a title without the Markdown heading marks of law-database ``.txt`` exports.

    >>> clean_title("#中华人民共和国网络安全法"), clean_title("## 第一章 总则")
    ('中华人民共和国网络安全法', '第一章 总则')
    """
    return _MARKDOWN_HEADING.sub("", text or "").strip()


def cut_heading(text: str, width: float = 26) -> str:
    """Return a section or item title cut to its heading: up to the first full stop, about ``width`` em.

    >>> cut_heading("第一条　为了保障网络安全，维护网络空间主权。国家……")
    '第一条　为了保障网络安全，维护网络空间主权'
    """
    text = clean_title(text)
    m = re.search(r"[。；;！？]", text)
    if m:
        text = text[:m.start()]
    return fit(text, width)


@functools.lru_cache(maxsize=64)
def _script(doc: Document) -> str:
    """Return the script of a document's text (cached: OpenCC over the text is not free)."""
    from .labels import script_of
    return script_of(doc.text.original)


def document_card(doc: Document, key: str) -> DocumentCard:
    """Return the header card of a document."""
    m = doc.metadata
    shown = {name: clean_title(as_written(doc, getattr(m, name)) or "")
             for name in ("title", "subtitle", "issuer", "doc_number")}
    return DocumentCard(key=key, name=short_name(doc), ref=doc.source.ref, title=shown["title"] or short_name(doc),
                        subtitle=shown["subtitle"], issuer=shown["issuer"], doc_number=shown["doc_number"],
                        date=m.date or "", published=m.published or "", encoding=doc.source.encoding,
                        sha256=doc.source.sha256[:12], length=len(doc.text.original), script=_script(doc))


def display_title(doc: Document) -> str:
    """Return the title a reader knows a document by: the plan's own title when it has one."""
    m = doc.metadata
    return clean_title(as_written(doc, m.subtitle or m.title) or "") or short_name(doc)


def item_number(item: Item) -> str:
    """Return how a reader cites an item: ``第十八条`` for an article, ``二、（三）9.`` in a plan.

    Chapters and sections (第X章/第X节) are left out of an article's number:
    articles are numbered through the whole law.
    """
    if re.fullmatch(r"第[零〇一二三四五六七八九十百千0-9]+条", item.label.strip()):
        return item.label.strip()
    return "".join(p for p in item.path.split("/") if p) or item.label


def pretty_path(path: str) -> str:
    """Return a section path for reading: ``二、/（一）/3.`` → ``二、 › （一） › 3.``."""
    return " › ".join(p for p in path.split("/") if p)


class Part(NamedTuple):
    """An outline unit as the reports show it: a leaf item, or body text between items."""

    span: Span                # original span, first clause to last
    anchor: str               # its id in the page
    label: str                # label and heading as written, e.g. "9.智能农业"
    title: str                # path and heading, e.g. "二、 › （三） › 9. 智能农业"
    is_item: bool
    number: str = ""          # how a reader cites it: "第十八条", "二、（三）9."; "" for body text


class Outline:
    """A document's items and outline units with stable anchors (``o-2-1-3``)."""

    def __init__(self, doc: Document, prefix: str) -> None:
        self.doc = doc
        self.prefix = prefix
        self.used: set[str] = set()
        self.by_first_clause: dict[int, tuple[Item, str]] = {}
        self._number_items()
        self.units = self._units()
        self.starts = [u.span[0] for u in self.units]
        self.top = [(item.span, item) for item in doc.items]
        self.clause_starts = [c.span[0] for c in doc.clauses]
        self.unit_spans: list[tuple[Span, ResponsibleUnits]] = sorted(
            ((u.span, u) for item in doc.walk() for u in item.units), key=lambda p: p[0])
        self.unit_ends = [span[1] for span, _ in self.unit_spans]
        self.top_starts = [span[0] for span, _ in self.top]

    def unique(self, base: str) -> str:
        """Return ``base`` or, when taken, ``base-b``, ``base-c``… (reading order decides)."""
        anchor, n = base, 1
        while anchor in self.used:
            n += 1
            anchor = f"{base}-{suffix(n)}"
        self.used.add(anchor)
        return anchor

    def _number_items(self) -> None:
        """Give every item an anchor from its numbers, and index items by their first clause."""
        stack: list[tuple[Item, tuple[int, ...]]] = [(i, (i.number,)) for i in reversed(self.doc.items)]
        while stack:
            item, numbers = stack.pop()
            anchor = self.unique(f"{self.prefix}-" + "-".join(str(n) for n in numbers))
            a, b = item.clauses
            if b > a and (a not in self.by_first_clause or item.is_leaf):
                self.by_first_clause[a] = (item, anchor)
            stack.extend((c, numbers + (c.number,)) for c in reversed(item.children))

    def _units(self) -> list[Part]:
        """Return the leaf items and the body text between them, in reading order."""
        clauses = self.doc.clauses
        units: list[Part] = []
        for item, (a, b) in outline_units(self.doc):
            if item is None:
                units.append(self._stretch(a, b))
                continue
            _, anchor = self.by_first_clause.get(a, (item, ""))
            units.append(Part((clauses[a].span[0], clauses[b - 1].span[1]), anchor,
                              clean_title(f"{item.label}{item.heading}"),
                              clean_title(f"{pretty_path(item.path)} {item.heading}"), True, item_number(item)))
        return units

    def _stretch(self, a: int, b: int) -> Part:
        """Describe body text outside leaf items: a section heading, a preamble, a closing."""
        clauses = self.doc.clauses
        span = (clauses[a].span[0], clauses[b - 1].span[1])
        if a in self.by_first_clause:
            item, anchor = self.by_first_clause[a]
            return Part(span, anchor, clean_title(f"{item.label}{item.heading}"),
                        clean_title(f"{pretty_path(item.path)} {item.heading}"), True, item_number(item))
        first = clauses[a]
        words = clean_title("".join(self.doc.text.original[first.span[0]:first.span[1]].split()))
        return Part(span, self.unique(f"{self.prefix}-t{a}"), words, words, False)

    def unit_at(self, span: Span) -> int:
        """Return the index of the unit a span (from an OutlinePair) belongs to, or -1."""
        k = bisect.bisect_right(self.starts, span[0]) - 1
        if k >= 0 and self.units[k].span[0] <= span[0] < max(self.units[k].span[1], span[0] + 1):
            return k
        return -1

    def clause_at(self, pos: int):
        """Return the clause containing original offset ``pos`` (or the last one before it)."""
        k = bisect.bisect_right(self.clause_starts, pos) - 1
        return self.doc.clauses[k] if k >= 0 else None

    def top_item(self, pos: int) -> Optional[tuple[int, Item]]:
        """Return the top-level item a position falls in (or follows), with its index."""
        k = bisect.bisect_right(self.top_starts, pos) - 1
        return (k, self.top[k][1]) if k >= 0 else None

    def units_in(self, spans: Sequence[Span], ending: bool = False) -> list[ResponsibleUnits]:
        """Return the responsible-unit parentheses overlapping some spans (or ending inside them).

        A parenthesis can span two clauses (``（牵头单位：…；责任单位：…）``
        splits at the ``；``): tags go once, under the row where it closes.
        """
        found: list[ResponsibleUnits] = []
        for s, e in spans:
            # parentheses never overlap one another: their ends are sorted like their starts
            k = bisect.bisect_right(self.unit_ends, s)
            while k < len(self.unit_spans) and self.unit_spans[k][0][0] < e:
                span, units = self.unit_spans[k]
                if (s < span[1] <= e if ending else True) and units not in found:
                    found.append(units)
                k += 1
        return found


def suffix(n: int) -> str:
    """Return a letter suffix for the n-th use of an anchor (2 → b)."""
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(97 + r) + letters
    return letters


def fit(text: str, width: float) -> str:
    """Truncate text to about ``width`` em (a CJK character is one em, Latin about half)."""
    used = 0.0
    for k, ch in enumerate(text):
        # CJK fonts set quotes, dashes and ellipses full width too
        used += 1.0 if ord(ch) > 0x2e7f or ch in "“”‘’…—" else 0.55
        if used > width:
            return text[:max(k - 1, 0)] + "…"
    return text

