"""Format readers: bytes in, :class:`Extracted` text out; one module per format.

:func:`read_bytes` picks the reader by content first (magic bytes: ``%PDF-``,
a ZIP holding ``word/document.xml`` or ``OFD.xml``, HTML markup) and by the
file name's suffix second.  Readers know nothing of the corpus store: the
caller (``versiondiff.sources``) resolves references and reads the bytes.
Libraries for the heavy formats are imported only when such a file is read,
so plain text works without them.
"""
from __future__ import annotations

import io
import re
import zipfile

from ..errors import VersiondiffError
from .base import Extracted

__all__ = ["Extracted", "read_bytes", "detect", "FORMATS", "ORIGINAL_SUFFIXES"]

#: Every format a reader exists for.
FORMATS = ("text", "markdown", "html", "docx", "pdf", "ofd")
#: The suffix the corpus gives an original file of each non-text format.
ORIGINAL_SUFFIXES = {"html": ".html", "docx": ".docx", "pdf": ".pdf", "ofd": ".ofd"}

_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
             ".docx": "docx", ".pdf": "pdf", ".ofd": "ofd"}
_HTML_START = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)


def detect(data: bytes, name: str, filename: str | None = None) -> str:
    """Return the format of a file: by its bytes when they tell, else by its suffix.

    ``filename`` (default ``name``) is the file whose suffix counts; ``name`` is
    what errors call it (the reference a user typed).

    >>> detect(b"%PDF-1.7 ...", "a.txt"), detect(b"<!DOCTYPE html><p>x", "a"), detect(b"x", "a.md")
    ('pdf', 'html', 'markdown')
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    filename = filename or name
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, name, filename)
    head = data[:4096]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if _HTML_START.match(head):
        return "html"
    suffix = _suffix(filename)
    fmt = _SUFFIXES.get(suffix)
    if fmt == "html" and b"<" in head:
        return "html"
    if fmt in ("docx", "ofd", "pdf"):
        # named like a package but without its signature: a damaged or mislabelled file
        raise VersiondiffError(f"is not a {fmt.upper()} file (its signature is missing; "
                               "damaged or mislabelled?)", path=name)
    return "markdown" if suffix in (".md", ".markdown") else "text"


def _suffix(filename: str) -> str:
    """Return the lowercased suffix of a file name, with its dot ("" when none)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _zip_format(data: bytes, name: str, filename: str) -> str:
    """Return docx or ofd for a ZIP package, or raise naming what it is."""
    kind = {".docx": "DOCX", ".ofd": "OFD"}.get(_suffix(filename), "ZIP")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise VersiondiffError(f"is a corrupt {kind} file (truncated or damaged zip archive)",
                               path=name) from None
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise VersiondiffError("is a spreadsheet or presentation (.xlsx/.pptx); "
                               "save it as .docx or text first", path=name)
    raise VersiondiffError(f"is a ZIP archive, not a document (no word/document.xml or "
                           "OFD.xml inside)" if kind == "ZIP" else
                           f"is a corrupt {kind} file (its main part is missing)", path=name)


def read_bytes(data: bytes, name: str = "<input>", suffix_of: str | None = None) -> Extracted:
    """Return the text of a file's bytes, read by the reader of its format.

    ``name`` labels errors; ``suffix_of`` (default ``name``) is the file name
    whose suffix decides when the bytes do not (``.md`` is Markdown).
    """
    if not data:
        raise VersiondiffError("empty file", path=name)
    fmt = detect(data, name, suffix_of)
    if fmt in ("text", "markdown"):
        from . import text
        return text.read(data, name, markdown=fmt == "markdown")
    if fmt == "html":
        from . import html as reader
    elif fmt == "docx":
        from . import docx as reader
    elif fmt == "pdf":
        from . import pdf as reader
    else:
        from . import ofd as reader
    return reader.read(data, name)
