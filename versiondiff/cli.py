"""The ``versiondiff`` command line: each command is a few lines over the library."""
from __future__ import annotations

import contextlib
import enum
import errno
import functools
import io
import os
import sys
from typing import Callable, Optional

import click

from . import __version__
from .errors import VersiondiffError, printable

__all__ = ["ExitStatus", "cli", "main"]


class ExitStatus(enum.IntEnum):
    """Exit statuses, as diff(1) uses them."""

    OK = 0          # no changes / success
    CHANGES = 1     # differences found
    TROUBLE = 2     # bad input or another problem


def _say(message: str) -> None:
    """Print one line of error on stderr (file names escaped: the line stays one line)."""
    click.echo(f"versiondiff: error: {printable(message)}", err=True)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _os_error_line(error: OSError) -> str:
    """Return the one line for an OSError: the file (or standard output) and what went wrong."""
    from .sources import os_error
    if error.filename is None and error.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT):
        return f"standard output: {(error.strerror or str(error))[:1].lower()}{(error.strerror or '')[1:]}"
    return str(os_error(error))


def clean_errors(func: Callable) -> Callable:
    """Turn library errors and OS errors into one line on stderr and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            result = func(*args, **kwargs)
        except SystemExit as done:
            if done.code in (ExitStatus.OK, ExitStatus.CHANGES):
                _warn_skipped()
            raise
        except VersiondiffError as error:
            _skipped_lines()    # the error is the one line: what was skipped no longer matters
            _say(str(error))
            sys.exit(ExitStatus.TROUBLE)
        except BrokenPipeError:  # e.g. piped into `head`: the reader has all it wanted
            _quiet_stdout()
            sys.exit(ExitStatus.OK)
        except OSError as error:  # a full disk, a name too long, a file that vanished …
            _quiet_stdout()
            _say(_os_error_line(error))
            sys.exit(ExitStatus.TROUBLE)
        except RecursionError:
            _say("input nested too deeply")
            sys.exit(ExitStatus.TROUBLE)
        _warn_skipped()
        return result

    return wrapper


def _skipped_lines() -> list[str]:
    """Return what the store skipped as damaged (only if the store was used at all)."""
    store = sys.modules.get(f"{__package__}.store")
    return store.take_warnings() if store is not None else []


def _warn_skipped() -> None:
    """Say on stderr which damaged catalogue files a command that worked left out."""
    for line in _skipped_lines():
        click.echo(f"versiondiff: warning: {line}", err=True)


class Group(click.Group):
    """A click group whose usage errors are one line with exit status 2, listing commands in order."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Run as click does, but say a usage error in one line (exit 2) and survive a closed pipe."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        for stream in (sys.stdout, sys.stderr):  # a name that is not UTF-8 prints as \xff, not a crash
            with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
                stream.reconfigure(errors="backslashreplace")
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            if type(error).__name__ == "NoArgsIsHelpError":  # bare `versiondiff`: the help is the answer
                click.echo(error.format_message(), err=True)
                sys.exit(ExitStatus.TROUBLE)
            hint = ""
            if error.ctx is not None:
                hint = f" (see: {error.ctx.command_path} --help)"
            _say(f"{error.format_message()}{hint}")
            sys.exit(ExitStatus.TROUBLE)
        except click.ClickException as error:
            _say(error.format_message())
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(ExitStatus.OK)
        except OSError as error:
            _quiet_stdout()
            _say(_os_error_line(error))
            sys.exit(ExitStatus.TROUBLE)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="versiondiff")
def cli() -> None:
    """Track and compare versions of Chinese policy documents.

    FILE arguments accept a path, - for standard input, or a corpus reference
    such as gansu-ai-plan@2026.
    """


def _set_max_size(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> None:
    """Make ``--max-size`` the size limit of every file this command reads (until it ends)."""
    if value is None:
        return
    from .sources import parse_size, use_max_size
    try:
        limit = parse_size(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from None
    ctx.with_resource(use_max_size(limit))


def max_size_option(func: Callable) -> Callable:
    """Add ``--max-size SIZE`` (refuse larger inputs; default 200M)."""
    return click.option("--max-size", metavar="SIZE", expose_value=False, is_eager=True,
                        callback=_set_max_size,
                        help="Refuse an input file larger than SIZE (e.g. 500k, 200M, 1G) "
                             "[default: 200M].")(func)


max_size_option(cli)    # ``versiondiff --max-size 1G diff a b`` works for every command


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
@click.option("--original", is_flag=True,
              help="Print the text read from FILE instead (extracted from HTML/DOCX/PDF/OFD); "
                   "JSON offsets point into it.")
@normalize_options
@max_size_option
@clean_errors
def normalize_command(file: str, original: bool, **options: bool) -> None:
    """Print the canonical text of FILE: the text that matching compares."""
    from .normalize import normalize
    from .sources import read_source
    source = read_source(file)
    if original:
        click.echo(source.text, nl=not source.text.endswith("\n"))
        return
    text = normalize(source.text, markdown=source.format == "markdown",
                     boilerplate=source.boilerplate, **options)
    click.echo(text.canonical, nl=not text.canonical.endswith("\n"))


@cli.command("outline")
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for a person, json (versiondiff.outline/1) for scripts.")
@normalize_options
@max_size_option
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
