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

def normalize_options(func: Callable) -> Callable:
    """Add the normalization switches (all off by default) to a command."""
    options = [
        click.option("--mask-places", is_flag=True,
                     help="Mask province and city names (甘肃/四川/陇原…) so that plans of different provinces align."),
        click.option("--mask-placeholders", is_flag=True,
                     help="Mask redaction placeholders such as 关键词1."),
        click.option("--aliases", is_flag=True,
                     help="Map old department names to current ones (省工信委 → 省工业和信息化厅 …)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.command("normalize")
@click.argument("file")
@normalize_options
@clean_errors
def normalize_command(file: str, **options: bool) -> None:
    """Print the canonical text of FILE: the text that matching compares."""
    from .normalize import normalize
    from .sources import read_source
    source = read_source(file)
    text = normalize(source.text, markdown=source.format == "markdown", **options)
    click.echo(text.canonical, nl=not text.canonical.endswith("\n"))


@cli.command("outline")
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for a person, json (versiondiff.outline/1) for scripts.")
@normalize_options
@clean_errors
def outline_command(file: str, fmt: str, **options: bool) -> None:
    """Print the numbered outline of FILE with metadata and responsible units."""
    import json
    from .structure import outline_json, outline_text, read_document
    document = read_document(file, **options)
    if fmt == "json":
        click.echo(json.dumps(outline_json(document), ensure_ascii=False, indent=2))
    else:
        click.echo(outline_text(document), nl=False)


# ---- the other command families live in their own modules -------------------
# Imported last: each module registers its commands on ``cli`` defined above.
from . import cli_diff, cli_report, cli_corpus  # noqa: E402,F401  (register commands)
from . import cli_trace  # noqa: E402,F401  (register the trace command)


def main() -> None:
    """Run the command line."""
    cli(prog_name="versiondiff")
