"""Commands for comparing: diff, git-diff (git external diff driver)."""
from __future__ import annotations

import click

from .cli import ExitStatus, clean_errors, cli, normalize_options  # noqa: F401
