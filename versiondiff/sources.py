"""Read a document from a path, standard input or a ``series@version`` reference.

Resolves references and reads the file's bytes (regular files only, within
a size limit); the format readers of ``versiondiff.readers`` turn them into
text: plain text and Markdown decoded without editing a character, HTML,
DOCX, PDF and OFD extracted.
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import errno
import os
import re
import stat
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional

from .errors import VersiondiffError, printable
from .models import Source
from .readers.text import MARKDOWN_SUFFIXES, decode

__all__ = ["read_source", "source_from_bytes", "read_bytes", "decode", "is_reference", "printable", "parse_size",
           "use_max_size", "max_size", "os_error", "MARKDOWN_SUFFIXES", "DEFAULT_MAX_SIZE", "STDIN"]

#: The largest input read unless told otherwise (``--max-size``): generous for a policy
#: document, small enough that /dev/zero or a runaway file ends in a clear error.
DEFAULT_MAX_SIZE = 200 * 1024 * 1024
#: The FILE argument that means standard input.
STDIN = "-"
# What errors call standard input.
_STDIN_NAME = "<stdin>"
# The size limit chosen for this context (see use_max_size); None means DEFAULT_MAX_SIZE.
_max_size: contextvars.ContextVar[Optional[int]] = contextvars.ContextVar("max_size", default=None)
# Suffixes that say an argument names a file even when it contains "@" (x@1.txt).
_FILE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".doc", ".pdf",
                  ".ofd", ".wps", ".json")



def is_reference(arg: str) -> bool:
    """Return True when ``arg`` looks like a corpus reference rather than a path.

    >>> is_reference("gansu-ai-plan@2026"), is_reference("a/b.txt")
    (True, False)
    """
    if "@" not in arg or "/" in arg or "\\" in arg:
        return False
    try:
        return not os.path.lexists(arg)
    except (OSError, ValueError):   # a name too long or with a NUL is no reference either
        return False


# ---- reading bytes safely -----------------------------------------------------------

def parse_size(text: str) -> int:
    """Return a size in bytes from ``200M``, ``1.5G``, ``500k`` or a plain number of bytes.

    >>> parse_size("200M"), parse_size("1k"), parse_size("4096")
    (209715200, 1024, 4096)
    """
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(?:i?[bB])?\s*", text)
    if not m:
        raise ValueError(f"not a size: {text!r} (use e.g. 200M, 1G, 500k or a number of bytes)")
    scale = 1024 ** " KMGT".index((m.group(2) or " ").upper())
    return int(float(m.group(1)) * scale)


def max_size() -> int:
    """Return the size limit in force (``--max-size``, else :data:`DEFAULT_MAX_SIZE`)."""
    chosen = _max_size.get()
    return DEFAULT_MAX_SIZE if chosen is None else chosen


@contextlib.contextmanager
def use_max_size(limit: Optional[int]) -> Iterator[None]:
    """Make ``limit`` the size limit of :func:`read_bytes` inside the block (None: the default)."""
    token = _max_size.set(limit)
    try:
        yield
    finally:
        _max_size.reset(token)


def _kind(mode: int) -> str:
    """Name a kind of file that is not a regular file."""
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "a special file"


def _human(size: int) -> str:
    """Return a size for a person.

    >>> _human(200 * 1024 ** 2), _human(1536), _human(12)
    ('200 MB', '1.5 kB', '12 bytes')
    """
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if size >= scale:
            return f"{size / scale:.4g} {unit}"
    return f"{size} bytes"


def _too_big(name: str, limit: int) -> VersiondiffError:
    return VersiondiffError(f"larger than the size limit of {_human(limit)} (see --max-size)",
                            path=name)


def os_error(error: OSError, name: Optional[str] = None) -> VersiondiffError:
    """Return the one-line error for an OSError, naming ``name`` (else the error's own file)."""
    message = {errno.ENOENT: "no such file", errno.EACCES: "permission denied",
               errno.EISDIR: "is a directory, not a file"}.get(error.errno or 0)
    message = message or (error.strerror or str(error)).rstrip(".")
    where = name if name is not None else error.filename
    return VersiondiffError(message[:1].lower() + message[1:],
                            path=printable(os.fsdecode(where)) if where is not None else None)


def read_bytes(path: str | os.PathLike, limit: Optional[int] = None, *,
               name: Optional[str] = None) -> bytes:
    """Return the bytes of a regular file (or of standard input for ``-``), at most ``limit``.

    Refuses a directory, FIFO, device or socket before reading a byte (a FIFO
    would block, /dev/zero never ends), and stops reading one byte past the
    limit, so memory stays bounded whatever the file is.  Every failure is one
    :class:`VersiondiffError` naming the file (``name``, else the path).
    """
    path = os.fspath(path)
    limit = max_size() if limit is None else limit
    if path == STDIN:
        return _read_limited(sys.stdin.buffer.read, limit, name or _STDIN_NAME)
    name = printable(name or path)
    try:
        # O_NONBLOCK: opening a FIFO that has no writer returns at once instead of waiting
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except ValueError:  # an embedded NUL
        raise VersiondiffError("invalid file name (contains NUL)", path=name) from None
    except OSError as error:
        raise os_error(error, name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise VersiondiffError(f"is {_kind(info.st_mode)}, not a regular file", path=name)
        if info.st_size > limit:
            raise _too_big(name, limit)
        os.set_blocking(fd, True)
        return _read_limited(lambda n: os.read(fd, n), limit, name)
    except OSError as error:
        raise os_error(error, name) from None
    finally:
        os.close(fd)


def _read_limited(read: Callable[[int], bytes], limit: int, name: str) -> bytes:
    """Read with ``read(n)`` until end of file, failing one byte past ``limit``."""
    chunks, total = [], 0
    while True:
        chunk = read(min(1 << 20, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_big(name, limit)


#: A series folder's own file (``store.SERIES_FILE``, not imported: the store costs 11 ms of start-up).
_SERIES_FILE = "series.json"


def _beside_series_file(path: Path) -> bool:
    """Return whether a file that was read lies in a folder holding a series file (a store's series)."""
    try:
        return (path.parent / _SERIES_FILE).is_file()
    except OSError:          # the file itself was readable; its folder's listing need not be
        return False


def read_source(ref: str | os.PathLike) -> Source:
    """Read a path, ``-`` (standard input) or ``series@version`` reference into a :class:`Source`."""
    ref = os.fspath(ref)
    path = Path(ref)
    name = _STDIN_NAME if ref == STDIN else printable(ref)
    series = ""
    if ref != STDIN and is_reference(ref):
        from .store import open_store  # the store reads documents too: import late
        try:
            version = open_store().resolve(ref)
        except VersiondiffError as error:
            if path.suffix.lower() in _FILE_SUFFIXES:  # x@1.txt: surely meant as a file
                raise VersiondiffError(f"no such file (nor a corpus reference: {error.message})",
                                       path=name) from None
            raise
        path, series = version.path, version.series
    data = read_bytes(STDIN if ref == STDIN else path, name=name)
    if ref != STDIN and not series and _beside_series_file(path):
        from .store import stored_series
        series = stored_series(path)
    source = source_from_bytes(data, ref=STDIN if ref == STDIN else name, path=str(path), name=name)
    return dataclasses.replace(source, series=series) if series else source


def source_from_bytes(data: bytes, ref: str, path: str, name: str | None = None) -> Source:
    """Return the :class:`Source` of a file's bytes, read by the reader of its format."""
    import hashlib
    from .readers import read_bytes as extract
    # the reader is chosen by content, then by the suffix of the file actually read
    extracted = extract(data, name=name or path, suffix_of=path)
    return Source(ref=ref, path=path, text=extracted.text, encoding=extracted.encoding,
                  sha256=hashlib.sha256(data).hexdigest(), format=extracted.format,
                  notes=extracted.notes, hints=extracted.hints,
                  boilerplate=extracted.boilerplate)
