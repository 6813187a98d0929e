"""PDF files with a text layer, through pypdfium2 (PDFium; BSD/Apache licensed).

Pages are read in order and separated by a blank line, each page's lines as
PDFium lays them out; the normalizer joins lines wrapped or broken by a page
inside a sentence.  Lines a page layout repeats — a running header or footer
at the top or bottom of most pages, a bare page number (``- 3 -``, ``第3页``)
— stay in the text but are marked as boilerplate, which the normalizer sets
aside as ignored.  A PDF without any text is a scan and is refused.
"""
from __future__ import annotations

import re

from ..errors import VersiondiffError
from .base import Extracted, join_pages, missing_library

__all__ = ["read"]

_BREAKS = re.compile(r"\r\n|\r|\n")


def read(data: bytes, name: str) -> Extracted:
    """Return the text layer of a PDF, running headers, footers and page numbers marked."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise missing_library("PDF", "pypdfium2", name) from None
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise VersiondiffError("is an encrypted PDF file (password protected); "
                                   "save an unprotected copy first", path=name) from None
        raise VersiondiffError("is a PDF file that cannot be opened (damaged or truncated)",
                               path=name) from None
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            textpage.close()
            page.close()
            # PDFium marks soft hyphens and unmapped glyphs with U+FFFE / U+FFFF / NUL
            raw = re.sub("[\ufffe\uffff\x00\x02]", "", raw)
            pages.append([line.rstrip() for line in _BREAKS.split(raw)])
    finally:
        document.close()
    if not any(line.strip() for lines in pages for line in lines):
        raise VersiondiffError("PDF with no text layer (scanned?): run OCR on it first", path=name)
    text, boilerplate = join_pages(pages)
    marked = len(boilerplate)
    notes = [f"PDF: {len(pages)} page(s) read from the text layer"]
    if marked:
        notes.append(f"PDF: {marked} running header, footer or page-number line(s) set aside")
    return Extracted(text=text, format="pdf", notes=tuple(notes), boilerplate=tuple(boilerplate))
