"""Read a document from a path, standard input or a ``series@version`` reference.

Detects the encoding (UTF-8 with or without BOM, UTF-16/32 with BOM, GB18030/GBK,
Big5), refuses what is not text with one clear line, and never edits the text:
line endings and every character stay as they were (only a BOM is removed).
"""
from __future__ import annotations

import codecs
import contextlib
import contextvars
import errno
import os
import re
import stat
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional

from .errors import VersiondiffError, printable
from .models import Source

__all__ = ["read_source", "read_bytes", "decode", "is_reference", "printable", "parse_size",
           "use_max_size", "max_size", "os_error", "MARKDOWN_SUFFIXES", "DEFAULT_MAX_SIZE", "STDIN"]

MARKDOWN_SUFFIXES = (".md", ".markdown")
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

# Byte signatures of formats that are not text, named in the error message.
_MAGIC = (
    (b"%PDF-", "a PDF file; extract its text first (e.g. pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx); save it as plain text first"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc); save it as plain text first"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"\x1f\x8b", "a gzip archive, not text"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The most frequent characters of Chinese prose, in both scripts.  A legacy
# two-byte file can often be decoded as GB18030 *and* as Big5; the wrong
# reading produces rare characters, so the reading richer in these wins.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反明看原又利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题"
    "党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手"
    "期根论运农指区强放决西被做必战先回则任取据处队南给光门即保治北造百规热领海口东导器压志世金增"
    "争济阶思术极交受联认共权收证改清美再采转更单风切教速带安场身车例务具万每目至达走积示议报完类"
    "名确才科信节整空元况今集传土许步群广记需段研界林律究观越织装影算低持众书布复容须际商非验连断"
    "深难近千周委素技备办青省列习响约支般史感劳便团往历市何除消构府称准精值号率族维划选标存候快效"
    "院查型按格养易置派层片始专状育识适属包住调满县局照参细引该价严智能慧数据服务推动建设发展创新"
    "這為個國們時來說對會發動過產種後學經進電裡兩體機當點從業應開還關間樣與條沒結問無軍題黨員總設"
    "長頭資邊級圖統較將組見計別論運農區強決戰則據處隊給門規熱領東導壓爭濟階術極聯認權證轉單風帶場"
    "車務萬達積議報類確節況傳許廣記須際驗連斷難團歷稱準號維劃選標養層專狀識屬調滿縣參細該價嚴慧數"
    "據務動設創陸實體質氣變義員會"
)


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


def read_source(ref: str | os.PathLike) -> Source:
    """Read a path, ``-`` (standard input) or ``series@version`` reference into a :class:`Source`."""
    ref = os.fspath(ref)
    path = Path(ref)
    name = _STDIN_NAME if ref == STDIN else printable(ref)
    if ref != STDIN and is_reference(ref):
        from .store import resolve  # the store reads documents too: import late
        try:
            path = Path(resolve(ref))
        except VersiondiffError as error:
            if path.suffix.lower() in _FILE_SUFFIXES:  # x@1.txt: surely meant as a file
                raise VersiondiffError(f"no such file (nor a corpus reference: {error.message})",
                                       path=name) from None
            raise
    import hashlib
    data = read_bytes(STDIN if ref == STDIN else path, name=name)
    text, encoding = decode(data, name=name)
    fmt = "markdown" if path.suffix.lower() in MARKDOWN_SUFFIXES else "text"
    return Source(ref=STDIN if ref == STDIN else name, path=str(path), text=text, encoding=encoding,
                  sha256=hashlib.sha256(data).hexdigest(), format=fmt)


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode raw bytes to text, returning ``(text, encoding)``; raise on non-text.

    >>> decode("甘肃".encode("gb18030"))
    ('甘肃', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbfok")
    ('ok', 'utf-8-sig')
    """
    if not data:
        raise VersiondiffError("empty file", path=name)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as error:
                raise VersiondiffError(f"invalid {codec.upper()} at byte {error.start + len(bom)}",
                                       path=name) from None
            return _checked(text, name), ("utf-8-sig" if codec == "utf-8" else codec)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise VersiondiffError(f"is {what}", path=name)
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise VersiondiffError("binary file, not text", path=name)
        return _checked(text[0], name), text[1]
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if _mostly_utf8(data):
        raise VersiondiffError(f"invalid UTF-8 at byte {utf8_error.start} "
                               "(the file mixes encodings or is damaged)", path=name)
    readings = []
    for codec in ("gb18030", "big5"):
        try:
            readings.append((data.decode(codec), codec))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise VersiondiffError("cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text", path=name)
    text, codec = max(readings, key=lambda r: (_commonness(r[0]), r[1] == "gb18030"))
    return _checked(text, name), codec


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Read BOM-less UTF-16 when NULs sit in alternate bytes, as in ASCII-heavy UTF-16."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-le" if odd > 3 * max(even, 1) else "utf-16-be" if even > 3 * max(odd, 1) else None
    if codec is None:
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """Return True when the bytes are largely valid multi-byte UTF-8 with a few bad spots."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return wide > 0 and bad <= max(2, wide // 50)


def _commonness(text: str) -> float:
    """Return the share of CJK characters in ``text`` that are common in Chinese prose."""
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(ch in _COMMON for ch in cjk) / len(cjk)


# Format characters that normalization treats as nothing (normalize._ZERO_WIDTH).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _checked(text: str, name: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary file)."""
    if not text.strip():
        raise VersiondiffError("empty file (only whitespace)", path=name)
    if not any(not ch.isspace() and ch not in _INVISIBLE for ch in text):
        raise VersiondiffError("empty file (only whitespace and invisible characters)", path=name)
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise VersiondiffError("binary file, not text", path=name)
    return text
