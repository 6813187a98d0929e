"""versiondiff: track and compare versions of Chinese policy documents."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "compare", "compare_many", "read_document", "VersiondiffError"]

from .errors import VersiondiffError


def __getattr__(name: str):
    """Import the heavy entry points lazily so ``import versiondiff`` stays fast."""
    if name in ("compare", "compare_many"):
        from . import compare as _compare
        return getattr(_compare, name)
    if name == "read_document":
        from .structure import read_document
        return read_document
    raise AttributeError(name)
