"""The one exception type the library raises for bad input."""
from __future__ import annotations

__all__ = ["VersiondiffError", "printable"]


class VersiondiffError(Exception):
    """A problem with an input or the store, reported to users as one line.

    >>> str(VersiondiffError("binary file, not text", path="a.pdf"))
    'a.pdf: binary file, not text'
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


def printable(text: str) -> str:
    r"""Return ``text`` fit for one line of output: undecodable bytes and controls as escapes.

    File names that are not UTF-8 arrive with their bytes as surrogates
    (``surrogateescape``); printed raw they would raise ``UnicodeEncodeError``,
    and a newline in a name would split a one-line error in two.

    >>> printable("a\nb"), printable("caf\udce9.txt"), printable("甘肃 1.txt")
    ('a\\nb', 'caf\\xe9.txt', '甘肃 1.txt')
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif 0xDC80 <= code <= 0xDCFF:      # an undecodable byte of a file name
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch in "\t\n\r":
            out.append(repr(ch)[1:-1])
        else:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)
