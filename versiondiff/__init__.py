"""versiondiff: track and compare versions of Chinese policy documents."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "compare", "compare_many", "read_document", "VersiondiffError"]

from .errors import VersiondiffError
# Imported eagerly: the submodule ``compare`` shares its name with the function,
# and this import leaves the function (not the module) as ``versiondiff.compare``.
from .compare import compare, compare_many  # noqa: E402
from .structure import read_document  # noqa: E402
