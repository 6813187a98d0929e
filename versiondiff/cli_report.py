"""Commands for reports: report, showcase (the README main job)."""
from __future__ import annotations

import click

from .cli import ExitStatus, clean_errors, cli, normalize_options  # noqa: F401
