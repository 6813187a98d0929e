"""The one small interface every format reader shares."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..errors import VersiondiffError
from ..models import Span

__all__ = ["Extracted", "missing_library", "join_pages", "is_page_number"]

_PAGE_NUMBER = re.compile(
    r"[-—–_·•\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*(共\s*)?\d{1,4}\s*页?)?(\s*共\s*\d{1,4}\s*页)?[-—–_·•\s]*"
    r"|(page|p\.)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?", re.IGNORECASE)
_EDGE = 2           # how many lines at the top and at the bottom of a page can be running lines



@dataclass(frozen=True)
class Extracted:
    """The text a reader got out of a file, and what else the file said about itself.

    ``text`` is what every offset points into.  ``boilerplate`` lists spans of
    ``text`` the layout repeats (a PDF's running header, page numbers) that the
    normalizer sets aside as ignored; ``hints`` are metadata the file carries
    outside its text (an HTML ``<title>``, a ``<meta>`` publication date), used
    only where the text itself says nothing.
    """

    text: str
    format: str                                  # text | markdown | html | docx | pdf | ofd
    encoding: str = ""                           # codec for text formats, "" for binary ones
    notes: tuple[str, ...] = ()                  # what the reader did that a user should know
    hints: tuple[tuple[str, str], ...] = ()      # (metadata field, value)
    boilerplate: tuple[Span, ...] = ()


def missing_library(what: str, module: str, name: str) -> VersiondiffError:
    """Return the one-line error for a reader whose optional library is not installed."""
    return VersiondiffError(f"reading {what} needs the '{module}' library: "
                            "pip install 'versiondiff[formats]'", path=name)


def is_page_number(line: str) -> bool:
    """Return True for a line that is only a page number.

    >>> [is_page_number(s) for s in ("- 3 -", "第 3 页 共 10 页", "12", "3/10", "Page 2 of 9", "2026年")]
    [True, True, True, True, True, False]
    """
    return bool(line.strip()) and bool(_PAGE_NUMBER.fullmatch(line.strip()))


def join_pages(pages: list[list[str]]) -> tuple[str, tuple[Span, ...]]:
    """Join pages of lines (a blank line between pages); return the text and its running lines.

    >>> text, spans = join_pages([["头", "正文一", "- 1 -"], ["头", "正文二", "- 2 -"]])
    >>> [text[s:e] for s, e in spans]
    ['头', '- 1 -', '头', '- 2 -']
    """
    running = _running_lines(pages)
    parts: list[str] = []
    boilerplate: list[Span] = []
    pos = 0
    for p, lines in enumerate(pages):
        if p:
            parts.append("\n\n")        # a page break reads as a blank line
            pos += 2
        for k, line in enumerate(lines):
            if k:
                parts.append("\n")
                pos += 1
            if (p, k) in running and line.strip():
                boilerplate.append((pos + len(line) - len(line.lstrip()), pos + len(line.rstrip())))
            parts.append(line)
            pos += len(line)
    text = "".join(parts)
    lead = len(text) - len(text.lstrip("\n"))
    return text.strip("\n") + "\n", tuple((s - lead, e - lead) for s, e in boilerplate)


def _running_lines(pages: list[list[str]]) -> set[tuple[int, int]]:
    """Return (page, line) positions of page numbers and lines repeated at page edges."""
    def edges(lines: list[str]) -> list[int]:
        filled = [k for k, line in enumerate(lines) if line.strip()]
        return sorted(set(filled[:_EDGE] + filled[-_EDGE:]))

    def shape(line: str) -> str:
        # a header naming its page ("第3页", "2026年第1期 3") repeats once digits are ignored
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))

    found: set[tuple[int, int]] = set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({shape(lines[k]) for k in edges(lines)})
    # a line at the edge of at least half the pages (and of two) is the page layout's
    need = max(2, (len(pages) + 1) // 2)
    for p, lines in enumerate(pages):
        filled = [k for k, line in enumerate(lines) if line.strip()]
        # each end of a page has one running line of a kind: a title that repeats
        # the running header just below it is the document's own
        for end in (filled[:_EDGE], filled[-_EDGE:][::-1]):
            marked: set[str] = set()
            for k in end:
                key = shape(lines[k])
                if key in marked:
                    continue
                if is_page_number(lines[k]) or (len(pages) > 1 and seen[key] >= need):
                    found.add((p, k))
                    marked.add(key)
    return found
