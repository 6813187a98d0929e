"""versiondiff: track and compare versions of Chinese policy documents."""
from __future__ import annotations

import sys
import types

__version__ = "0.1.0"

__all__ = ["__version__", "compare", "compare_many", "read_document", "VersiondiffError"]

from .errors import VersiondiffError

# The library functions load on first use: ``versiondiff --help`` and git's diff
# driver must start fast, and the core pulls in OpenCC, difflib and the rest.
_LAZY = {"compare": "compare", "compare_many": "compare", "read_document": "structure"}


class _Package(types.ModuleType):
    """The package module: ``versiondiff.compare`` stays the function, not its submodule."""

    def __getattr__(self, name: str):
        if name in _LAZY:
            import importlib
            value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
            types.ModuleType.__setattr__(self, name, value)
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __setattr__(self, name: str, value) -> None:
        # importing the submodule ``compare`` would bind it here over the function
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        types.ModuleType.__setattr__(self, name, value)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(_LAZY))


sys.modules[__name__].__class__ = _Package
