"""A unified diff of the ORIGINAL files, byte for byte, that GNU ``patch`` applies.

This is the one renderer that aligns: a patch tool needs lines of the files as
they are, not clauses.  Lines are the files' own bytes, so encodings, CRLF line
ends and a missing final newline survive a round trip through ``patch``; only
the hunk headers use the Comparison, to name the section path of the first
changed line, as git names the enclosing function.
"""
from __future__ import annotations

import bisect
import difflib
import hashlib
import os
import re
from pathlib import Path
from typing import Optional

from ..errors import VersiondiffError
from ..models import Document, Source

__all__ = ["DEFAULT_CONTEXT", "render_unified", "source_bytes", "quote_name"]

#: Lines of context around a change, as diff -u.
DEFAULT_CONTEXT = 3

_NO_NEWLINE = b"\\ No newline at end of file\n"
_LINE = re.compile(rb"[^\n]*\n|[^\n]+")


def source_bytes(source: Source) -> bytes:
    """Return the exact bytes a Source was read from (re-encoded, else re-read and checked)."""
    encoding = source.encoding.lower()
    if encoding.startswith(("utf-16", "utf-32")):
        raise VersiondiffError(f"a unified diff needs an ASCII-compatible encoding, not {source.encoding}"
                               " (patch works on lines of bytes)", path=source.ref)
    try:
        data = source.text.encode(encoding)  # utf-8-sig writes the BOM back
    except (UnicodeEncodeError, LookupError):
        data = b""
    if hashlib.sha256(data).hexdigest() == source.sha256:
        return data
    # Some legacy codecs do not round-trip every character: read the file itself.
    try:
        data = Path(source.path).read_bytes()
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest() != source.sha256:
        raise VersiondiffError("cannot recover the file's exact bytes for a patch "
                               "(changed since it was read?)", path=source.ref)
    return data


def _lines(data: bytes) -> list[bytes]:
    """Split bytes into lines as patch sees them: each ends at ``\\n`` (kept), the last maybe not.

    >>> _lines(b"a\\r\\nb")
    [b'a\\r\\n', b'b']
    """
    return _LINE.findall(data)


class _Sections:
    """Find the section path of a line of one document."""

    def __init__(self, doc: Document, lines: list[bytes]) -> None:
        self._doc = doc
        self._starts = [c.span[0] for c in doc.clauses]
        text = doc.source.text
        # the decoded text has the same line breaks as the bytes (ASCII-compatible codecs)
        offsets = [0] + [m.end() for m in re.finditer("\n", text)]
        self._offsets = offsets if len(offsets) >= len(lines) else []
        self._text = text

    def path(self, line: int) -> str:
        """Return the section path of the clause at (or last before) the first text of ``line``."""
        if not self._starts or line >= len(self._offsets):
            return ""
        start = self._offsets[line]
        end = self._offsets[line + 1] if line + 1 < len(self._offsets) else len(self._text)
        body = self._text[start:end]
        offset = start + len(body) - len(body.lstrip())
        at = bisect.bisect_right(self._starts, offset) - 1
        return self._doc.clauses[at].path if at >= 0 else ""


_C_ESCAPES = {0x07: b"\\a", 0x08: b"\\b", 0x09: b"\\t", 0x0A: b"\\n", 0x0B: b"\\v", 0x0C: b"\\f",
              0x0D: b"\\r", 0x22: b'\\"', 0x5C: b"\\\\"}


def quote_name(name: bytes) -> bytes:
    r"""Quote a file name for a ``---``/``+++`` header as git does, when it needs quoting.

    A name with a control character, ``"`` or ``\`` is written in double quotes
    with C escapes (so a newline cannot break the header); others, UTF-8
    included, stay as they are (git with ``core.quotePath=false``).

    >>> quote_name(b"a/x.txt"), quote_name(b"a\nb.txt"), quote_name(b'say "hi".txt')
    (b'a/x.txt', b'"a\\nb.txt"', b'"say \\"hi\\".txt"')
    """
    if not any(byte < 0x20 or byte in (0x22, 0x5C, 0x7F) for byte in name):
        return name
    out = bytearray(b'"')
    for byte in name:
        if byte in _C_ESCAPES:
            out += _C_ESCAPES[byte]
        elif byte < 0x20 or byte == 0x7F:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b'"')


def _range(start: int, stop: int) -> str:
    """Format a hunk range as diff -u does.

    >>> _range(3, 4), _range(3, 3), _range(0, 5)
    ('4', '3,0', '1,5')
    """
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start if not length else start + 1},{length}"


def _body(lines: list[bytes], sign: bytes) -> list[bytes]:
    """Prefix lines with a sign; mark a last line without newline as diff does."""
    out = []
    for line in lines:
        out.append(sign + line)
        if not line.endswith(b"\n"):
            out.append(b"\n" + _NO_NEWLINE)
    return out


def _encoding(doc: Document) -> str:
    """Return the codec for text put into a hunk header beside this document's lines."""
    encoding = doc.source.encoding.lower()
    return "utf-8" if encoding == "utf-8-sig" else encoding


def render_unified(comp, *, context: int = DEFAULT_CONTEXT, old_label: Optional[str] = None,
                   new_label: Optional[str] = None) -> bytes:
    """Return a unified diff turning the old file into the new one (empty when the bytes agree)."""
    old_data, new_data = source_bytes(comp.old.source), source_bytes(comp.new.source)
    if old_data == new_data:
        return b""
    a, b = _lines(old_data), _lines(new_data)
    sections = {"old": _Sections(comp.old, a), "new": _Sections(comp.new, b)}
    out = [b"--- " + quote_name(os.fsencode(old_label or comp.old.source.path)) + b"\n",
           b"+++ " + quote_name(os.fsencode(new_label or comp.new.source.path)) + b"\n"]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(max(0, context)):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        first = next(op for op in group if op[0] != "equal")
        side, doc, line = ("old", comp.old, first[1]) if first[0] != "insert" else ("new", comp.new, first[3])
        path = sections[side].path(line)
        head = f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@".encode("ascii")
        if path:
            head += b" " + path.encode(_encoding(doc), errors="replace")
        out.append(head + b"\n")
        for tag, p1, p2, q1, q2 in group:
            if tag == "equal":
                out += _body(a[p1:p2], b" ")
                continue
            out += _body(a[p1:p2], b"-")
            out += _body(b[q1:q2], b"+")
    return b"".join(out)
