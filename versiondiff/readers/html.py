"""Web pages: the document's main text without the portal around it (trafilatura).

Menus, breadcrumbs, share buttons, footers and scripts are dropped by
trafilatura's main-content extraction; paragraphs, numbering and tables
(one ``| cell | cell |`` row per line) are kept.  The page title and the
``<meta>`` publication data a portal writes (``ArticleTitle``, ``PubDate`` …)
become metadata hints; the title heads the text when the body leaves it out.
"""
from __future__ import annotations

import re

from ..errors import VersiondiffError
from .base import Extracted, missing_library
from .text import decode

__all__ = ["read"]

# <meta name=…> fields Chinese government portals (and Open Graph) use.
_TITLE_META = ("articletitle", "og:title", "title", "dc.title")
_DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time",
              "dc.date", "dc.date.issued", "date")
_MIN_TEXT = 20      # fewer non-space characters than this is not a document
_PROSE = re.compile(r"[，。；：,.;:]")


def read(data: bytes, name: str) -> Extracted:
    """Return the main text of an HTML page with its title and publication date as hints."""
    try:
        import trafilatura
    except ImportError:
        raise missing_library("HTML", "trafilatura", name) from None
    markup, encoding = decode(data, name=name)
    document = trafilatura.bare_extraction(markup, include_tables=True, include_comments=False,
                                           include_formatting=False, with_metadata=True,
                                           deduplicate=False)
    body = (document.text if document is not None else "") or ""
    # trafilatura ends table rows with "| "; the trailing space is layout, not text
    body = "\n".join(line.rstrip() for line in body.splitlines())
    if len(re.sub(r"\s", "", body)) < _MIN_TEXT or not _PROSE.search(body):
        raise VersiondiffError("HTML page with no main text (only navigation or markup?)",
                               path=name)
    metas = _metas(markup)
    title = next((metas[k] for k in _TITLE_META if metas.get(k)), None) or (
        document.title if document is not None else None)
    hints = []
    text = body
    if title:
        title = re.sub(r"\s+", " ", title).strip()
        if not body.lstrip().startswith(title):
            text = title + "\n" + body  # the <h1> is taken as metadata by the extractor
        hints.append(("title", title))
    date = next((metas[k] for k in _DATE_META if metas.get(k)), None)
    if date and re.match(r"\d{4}-\d{1,2}-\d{1,2}", date.strip()):
        y, m, d = (int(x) for x in re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", date.strip()).groups())
        hints.append(("published", f"{y:04d}-{m:02d}-{d:02d}"))
    return Extracted(text=text + "\n", format="html", encoding=encoding,
                     notes=("HTML: main text extracted (navigation, scripts and footers dropped)",),
                     hints=tuple(hints))


def _metas(markup: str) -> dict[str, str]:
    """Return the page's ``<meta name|property=… content=…>`` pairs, names lowercased."""
    import lxml.html
    try:
        tree = lxml.html.fromstring(markup.encode("utf-8"))
    except Exception:  # lxml raises several types for unparsable markup; there are no metas then
        return {}
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content:
            found.setdefault(key, content)
    return found
