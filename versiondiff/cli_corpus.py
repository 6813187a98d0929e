"""Commands for corpus: add, list, log, show, verify, history, related."""
from __future__ import annotations

import click

from .cli import ExitStatus, clean_errors, cli, normalize_options  # noqa: F401
