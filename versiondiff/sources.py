"""Read a document from a path or a ``series@version`` reference.

Resolves references and reads the file's bytes; the format readers of
``versiondiff.readers`` turn them into text: plain text and Markdown decoded
(UTF-8 with or without BOM, UTF-16/32 with BOM, GB18030/GBK, Big5) without
editing a character, HTML, DOCX, PDF and OFD extracted.  What is not a
document is refused with one clear line.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .errors import VersiondiffError
from .models import Source
from .readers import read_bytes
from .readers.text import MARKDOWN_SUFFIXES, decode

__all__ = ["read_source", "source_from_bytes", "decode", "is_reference", "MARKDOWN_SUFFIXES"]


def is_reference(arg: str) -> bool:
    """Return True when ``arg`` looks like a corpus reference rather than a path.

    >>> is_reference("gansu-ai-plan@2026"), is_reference("a/b.txt")
    (True, False)
    """
    return "@" in arg and "/" not in arg and "\\" not in arg and not os.path.exists(arg)


def read_source(ref: str | os.PathLike) -> Source:
    """Read a path or ``series@version`` reference into a :class:`Source`."""
    ref = os.fspath(ref)
    path = Path(ref)
    if is_reference(ref):
        from .store import resolve  # the store reads documents too: import late
        path = Path(resolve(ref))
    name = ref
    if not path.exists():
        raise VersiondiffError("no such file", path=name)
    if path.is_dir():
        raise VersiondiffError("is a directory, not a file", path=name)
    try:
        data = path.read_bytes()
    except PermissionError:
        raise VersiondiffError("permission denied", path=name) from None
    except OSError as error:
        raise VersiondiffError(f"cannot read: {error.strerror or error}", path=name) from None
    return source_from_bytes(data, ref=ref, path=str(path), name=name)


def source_from_bytes(data: bytes, ref: str, path: str, name: str | None = None) -> Source:
    """Return the :class:`Source` of a file's bytes, read by the reader of its format."""
    # the reader is chosen by content, then by the suffix of the file actually read
    extracted = read_bytes(data, name=name or path, suffix_of=path)
    return Source(ref=ref, path=path, text=extracted.text, encoding=extracted.encoding,
                  sha256=hashlib.sha256(data).hexdigest(), format=extracted.format,
                  notes=extracted.notes, hints=extracted.hints,
                  boilerplate=extracted.boilerplate)
