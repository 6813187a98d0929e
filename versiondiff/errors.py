"""The one exception type the library raises for bad input."""
from __future__ import annotations

__all__ = ["VersiondiffError"]


class VersiondiffError(Exception):
    """A problem with an input or the store, reported to users as one line.

    >>> str(VersiondiffError("binary file, not text", path="a.pdf"))
    'a.pdf: binary file, not text'
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
