"""The ``versiondiff`` command line: each command is a few lines over the library."""
from __future__ import annotations

import enum
import functools
import sys
from typing import Callable

import click

from . import __version__
from .errors import VersiondiffError

__all__ = ["ExitStatus", "cli", "main"]


class ExitStatus(enum.IntEnum):
    """Exit statuses, as diff(1) uses them."""

    OK = 0          # no changes / success
    CHANGES = 1     # differences found
    TROUBLE = 2     # bad input or another problem


def clean_errors(func: Callable) -> Callable:
    """Turn library errors into one line on stderr and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except VersiondiffError as error:
            click.echo(f"versiondiff: error: {error}", err=True)
            sys.exit(ExitStatus.TROUBLE)
        except BrokenPipeError:  # e.g. piped into `head`
            sys.exit(ExitStatus.OK)

    return wrapper


class Group(click.Group):
    """A click group whose usage errors exit with status 2 (click's default) and list commands in order."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="versiondiff")
def cli() -> None:
    """Track and compare versions of Chinese policy documents.

    FILE arguments accept a path or a corpus reference such as gansu-ai-plan@2026.
    """


# ---- reading: normalize, outline (sources / normalize / structure) ----------

# ---- comparing: diff -------------------------------------------------------

# ---- reports: report --------------------------------------------------------

# ---- corpus: add, list, log, show, verify, history, related ------------------

# ---- main job: demo ---------------------------------------------------------


def main() -> None:
    """Run the command line."""
    cli(prog_name="versiondiff")
