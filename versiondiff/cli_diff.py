"""Commands for comparing: diff, git-diff (git external diff driver)."""
from __future__ import annotations

import os
import sys
from typing import Optional

import click

from .cli import ExitStatus, clean_errors, cli, max_size_option, normalize_options
from .errors import VersiondiffError, printable

__all__ = ["diff_command", "git_diff_command"]

FORMATS = ("terminal", "json", "unified", "markdown")
COLORS = ("auto", "always", "never")
#: What git puts in place of a file that does not exist on one side.
DEV_NULL = "/dev/null"


def _color_option(func):
    """Add ``--color=auto|always|never``."""
    return click.option("--color", type=click.Choice(COLORS), default="auto", show_default=True,
                        help="Colour the terminal view: auto = on a terminal and NO_COLOR unset.")(func)


def _mode_option(func):
    """Add ``--mode auto|version|cross``."""
    return click.option("--mode", type=click.Choice(("auto", "version", "cross")), default="auto",
                        show_default=True,
                        help="version: one document revised; cross: different documents on one "
                             "subject; auto: decide from the shared text.")(func)


def _context_option(func):
    """Add ``--context N`` (clauses in the terminal view, lines in a unified diff)."""
    return click.option("-U", "--context", type=click.IntRange(min=0), default=None, metavar="N",
                        help="Unchanged context around each change: clauses in the terminal view "
                             "[default: 1], lines in a unified diff [default: 3].")(func)


def _substance_options(func):
    """Add ``--targets``, ``--units`` and ``--terms`` (the substance sections)."""
    for name, text in (("--terms", "Add the key terms whose use rose or fell most, with a passage each."),
                       ("--units", "Add the responsible units per task and per department (renames "
                                   "through the alias table)."),
                       ("--targets", "Add the targets (numbers, deadlines, fines, time limits) old → new: "
                                     "raised, lowered, deadline moved, new, dropped …")):
        func = click.option(name, is_flag=True, help=text)(func)
    return func


def _terminal(comp, *, color: bool, context: Optional[int], stat: bool, old_label: Optional[str],
              new_label: Optional[str]) -> str:
    """Return the terminal view (or its --stat table) of a comparison."""
    from .render.terminal import DEFAULT_CONTEXT, render_stat, render_terminal
    if stat:
        return render_stat(comp, color=color, old_label=old_label, new_label=new_label)
    return render_terminal(comp, color=color, context=DEFAULT_CONTEXT if context is None else context,
                           old_label=old_label, new_label=new_label)


def _isatty() -> bool:
    """Return True when standard output is a terminal."""
    return bool(getattr(sys.stdout, "isatty", lambda: False)())


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@_mode_option
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True,
              help="terminal for a review, json (versiondiff.comparison/1) for scripts, unified "
                   "for patch(1), markdown for a review thread.")
@_color_option
@_context_option
@click.option("--stat", is_flag=True, help="Print only the counts of changes by kind and the similarity.")
@click.option("-L", "--label", "labels", multiple=True, metavar="LABEL",
              help="Name to show instead of a file name (give twice: old, then new), as in diff(1).")
@_substance_options
@normalize_options
@max_size_option
@clean_errors
def diff_command(old: str, new: str, mode: str, fmt: str, color: str, context: Optional[int],
                 stat: bool, labels: tuple[str, ...], targets: bool, units: bool, terms: bool,
                 **options: bool) -> None:
    """Compare OLD with NEW clause by clause and show what changed.

    Exit status as diff(1): 0 no changes, 1 changes, 2 trouble.
    """
    if len(labels) > 2:
        raise click.UsageError("give --label at most twice (old, new)")
    if stat and fmt != "terminal":
        raise click.UsageError("--stat goes with the terminal format")
    if (targets or units or terms) and fmt == "unified":
        raise click.UsageError("--targets, --units and --terms go with the terminal, markdown and json formats")
    from .compare import compare
    comp = compare(old, new, mode=mode, **options)
    old_label = labels[0] if labels else None
    new_label = labels[1] if len(labels) > 1 else None
    sub = None
    if targets or units or terms:
        from .substance import substance
        sub = substance(comp, targets=targets, units=units, terms=terms)
    if fmt == "json":
        from .render.jsonout import render_json
        click.echo(render_json(comp, indent=2, substance=sub))
    elif fmt == "unified":
        from .render.unified import DEFAULT_CONTEXT, render_unified
        patch = render_unified(comp, context=DEFAULT_CONTEXT if context is None else context,
                               old_label=old_label, new_label=new_label)
        stream = sys.stdout.buffer  # the patch is bytes: the files' own encoding and line ends
        sys.stdout.flush()
        stream.write(patch)
        stream.flush()
    elif fmt == "markdown":
        from .render.markdown import render_markdown
        click.echo(render_markdown(comp, old_label=old_label, new_label=new_label), nl=False)
        if sub is not None:
            from .render.substancetext import render_substance_markdown
            click.echo(render_substance_markdown(sub, comp), nl=False)
    else:
        from .render.terminal import should_color
        use = should_color(color, _isatty())
        click.echo(_terminal(comp, color=use, context=context, stat=stat, old_label=old_label,
                             new_label=new_label), nl=False, color=use)
        if sub is not None:
            from .render.substancetext import render_substance_terminal
            click.echo(render_substance_terminal(sub, comp), nl=False)
    raise SystemExit(ExitStatus.CHANGES if comp.has_changes else ExitStatus.OK)


# ---- git integration ----------------------------------------------------------------------------

def _git_document(path: str, **options: bool):
    """Read one side of a git diff; a missing side (``/dev/null``) or an empty blob is an empty document."""
    from .models import Source
    from .structure import parse, read_document
    if path == DEV_NULL or (os.path.isfile(path) and os.path.getsize(path) == 0):
        import hashlib
        empty = Source(ref=DEV_NULL, path=DEV_NULL, text="", encoding="utf-8",
                       sha256=hashlib.sha256(b"").hexdigest())
        return parse(empty, **options)
    return read_document(path, **options)


def _git_args(args: tuple[str, ...]) -> tuple[str, str, str, str, str, str]:
    """Unpack git's external-diff arguments: ``(path, new_path, old_file, new_file, old_mode, new_mode)``.

    git passes 7 arguments (path old-file old-hex old-mode new-file new-hex
    new-mode), 9 for a rename (… new-path rename-info).
    """
    if len(args) not in (7, 9):
        raise click.UsageError(f"expected the 7 (or 9) arguments git passes to an external diff, "
                               f"got {len(args)}")
    path, old_file, _, old_mode, new_file, _, new_mode = args[:7]
    new_path = args[7] if len(args) == 9 else path
    return path, new_path, old_file, new_file, old_mode, new_mode


@cli.command("git-diff")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@_mode_option
@_color_option
@_context_option
@normalize_options
@max_size_option
@clean_errors
def git_diff_command(args: tuple[str, ...], mode: str, color: str, context: Optional[int],
                     **options: bool) -> None:
    """Act as git's external diff driver: print the terminal view of one changed file.

    git calls it with PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
    (see README: diff.versiondiff.command).  It exits 0 when it found changes,
    since git stops at a non-zero exit; a file it cannot read is reported in
    the output and git goes on with the next file.
    """
    from .compare import compare
    from .render.terminal import should_color
    if len(args) == 1:  # an unmerged path: git has nothing to compare yet
        click.echo(f"* Unmerged path {args[0]}")
        return
    path, new_path, old_file, new_file, old_mode, new_mode = _git_args(args)
    path, new_path = printable(path), printable(new_path)  # a newline in a name must not split a line
    use = should_color(color, _isatty())
    old_label = DEV_NULL if old_file == DEV_NULL else f"a/{path}"
    new_label = DEV_NULL if new_file == DEV_NULL else f"b/{new_path}"
    lines = [f"diff --versiondiff a/{path} b/{new_path}"]
    if old_file != DEV_NULL and new_file != DEV_NULL and old_mode != new_mode:
        lines += [f"old mode {old_mode}", f"new mode {new_mode}"]
    click.echo("\n".join(lines))
    try:
        comp = compare(_git_document(old_file, **options), _git_document(new_file, **options),
                       mode=mode, **options)
    except VersiondiffError as error:
        click.echo(f"versiondiff: cannot compare {path}: {error}")
        return
    click.echo(_terminal(comp, color=use, context=context, stat=False, old_label=old_label,
                         new_label=new_label), nl=False, color=use)
