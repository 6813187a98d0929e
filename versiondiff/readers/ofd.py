"""OFD (GB/T 33190) fixed-layout documents, through ofdkit (Apache-2.0, pure Python).

Text objects of every page and page template in reading order (ofdkit groups
them into lines by position); pages separated by a blank line, so the
normalizer joins a sentence cut by a page break as in a PDF; text that the
page template repeats on every page is marked as boilerplate.
"""
from __future__ import annotations

from ..errors import VersiondiffError
from .base import Extracted, join_pages, missing_library

__all__ = ["read"]


def read(data: bytes, name: str) -> Extracted:
    """Return the text of an OFD package, page by page."""
    try:
        import ofdkit
    except ImportError:
        raise missing_library("OFD", "ofdkit", name) from None
    try:
        with ofdkit.open(data) as document:
            pages = [page.text() for page in document.pages]
            title = (document.info.title or "").strip() if document.info else ""
            warnings = list(document.warnings)
    except ofdkit.OFDError as error:
        raise VersiondiffError(f"is a corrupt OFD file ({error})", path=name) from None
    pages = [page.strip("\n") for page in pages]
    if not any(page.strip() for page in pages):
        raise VersiondiffError("OFD with no text (scanned images only?)", path=name)
    text, boilerplate = join_pages([page.split("\n") for page in pages])
    notes = [f"OFD: {len(pages)} page(s) read"] + [f"OFD: {w}" for w in warnings[:3]]
    hints = (("title", title),) if title else ()
    return Extracted(text=text, format="ofd", notes=tuple(notes),
                     hints=hints, boilerplate=tuple(boilerplate))
