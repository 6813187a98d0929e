"""Commands for reports: report, showcase (the README main job)."""
from __future__ import annotations

import contextlib
import datetime
import os
import re
import stat
from pathlib import Path
from typing import Iterator, Optional, Sequence

import click

from .cli import ExitStatus, clean_errors, cli, max_size_option, normalize_options  # noqa: F401
from .errors import VersiondiffError, printable

__all__ = ["report_command", "showcase_command", "default_report_name", "write_report",
           "related_documents", "reader_name", "SHOWCASE_PAIR", "SHOWCASE_SYNOPSIS"]

#: The showcase change report: file name, the two corpus refs, what the line printed calls it.
SHOWCASE_PAIR = ("gansu-2018-vs-2026.html", ("gansu-ai-plan@2018", "gansu-ai-plan@2026"), "Gansu 2018 → 2026")
#: The showcase synopsis: file name and the version whose relations pick its documents
#: (Gansu 2026 and the Jiangsu and Sichuan plans implementing the same national document).
SHOWCASE_SYNOPSIS = ("synopsis-2025-2026.html", "gansu-ai-plan@2026")


def _stem(ref: str) -> str:
    """Return the part of a report name that stands for one document.

    >>> _stem("gansu-ai-plan@2018"), _stem("seeds/002_0606.txt"), _stem("a b/c:d.md")
    ('gansu-ai-plan@2018', '002_0606', 'c_d')
    """
    from .sources import is_reference
    if is_reference(ref):
        name = ref
    else:
        name = Path(ref).stem or Path(ref).name
    # keep names portable: letters, digits, CJK, and -_.@ only
    return re.sub(r"[^\w.@-]+", "_", name, flags=re.UNICODE).strip("._") or "document"


def default_report_name(refs: Sequence[str]) -> str:
    """Return ``reports/``'s file name for a report on some documents.

    >>> default_report_name(["gansu-ai-plan@2018", "gansu-ai-plan@2026"])
    'gansu-ai-plan@2018__gansu-ai-plan@2026.html'
    >>> default_report_name(["a.txt", "b.txt", "c.txt"])
    'synopsis__a__b__c.html'
    """
    stems = "__".join(_stem(r) for r in refs)
    prefix = "synopsis__" if len(refs) > 2 else ""
    return f"{prefix}{stems}.html"[:200]


def _timestamp(asked: bool) -> Optional[str]:
    """Return the time of generation in UTC when asked for (reports are otherwise reproducible)."""
    if not asked:
        return None
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def reader_name(ref: str) -> str:
    """Return what a person calls a corpus version: its region word and version.

    >>> reader_name("jiangsu-ai-plan@2025")
    'Jiangsu 2025'
    """
    series, _, version = ref.partition("@")
    return f"{series.split('-', 1)[0].capitalize()} {version}".strip()


def related_documents(ref: str) -> list[str]:
    """Return ``ref`` and the corpus versions its relations pick (see :func:`versiondiff.lineage.related_refs`)."""
    from . import lineage, store
    refs = lineage.related_refs(store.open_store(), ref)
    if len(refs) < 2:
        raise VersiondiffError(f"{refs[0]}: no other version in the corpus shares a relation target "
                               "with it or relates to it (see: versiondiff related " + refs[0] + ")")
    return refs


def write_report(path: Path, page, create_folder: bool = False) -> None:
    """Write a report (text as UTF-8, or bytes as they are); create its folder only when asked (``reports/``).

    A folder the user named must exist (a typo in ``-o`` should not make
    folders), and only a regular file is written: a FIFO would block.
    """
    from .sources import os_error
    name = str(path)
    try:
        if create_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            raise VersiondiffError("cannot write the report: no such folder "
                                   f"{printable(str(path.parent))}", path=printable(name))
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.stat(path).st_mode):
                raise VersiondiffError("cannot write the report: not a regular file",
                                       path=printable(name))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | os.O_NOCTTY, 0o666)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise VersiondiffError("cannot write the report: not a regular file",
                                       path=printable(name))
            os.set_blocking(fd, True)
            os.ftruncate(fd, 0)
            data = page if isinstance(page, bytes) else page.encode("utf-8", "backslashreplace")
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as error:
        error = os_error(error, name)
        raise VersiondiffError(f"cannot write the report: {error.message}", path=error.path) from None


def _build(refs: Sequence[str], mode: str, timestamp: Optional[str], lang: Optional[str] = None,
           **options: bool):
    """Compare the documents and return ``(page, one-line summary)``."""
    from .compare import compare, compare_many
    from .render.html import render_pair, render_synopsis
    from .render.pairview import build_pair
    from .render.synopsisview import build_synopsis
    from .render.substanceview import build_substance_view, synopsis_targets
    if len(refs) == 2:
        comp = compare(refs[0], refs[1], mode=mode, **options)
        view = build_pair(comp, lang)
        from .render.htmlview import KIND_LABELS   # the line printed speaks the JSON's words
        counts = ", ".join(f"{c.count} {KIND_LABELS[c.kind]}" for c in view.counts
                           if c.count and c.kind not in ("equal", "ignored"))
        line = (f"{view.mode} mode, {view.similarity:.1%} of the text matches; "
                f"{counts or 'no changes'}")
        return render_pair(view, timestamp, build_substance_view(comp)), line
    comparisons = compare_many(list(refs), mode="cross" if mode == "auto" else mode, **options)
    view = build_synopsis(comparisons, lang)
    values = [c.value for row in view.matrix for c in row if not c.diagonal]
    line = (f"{len(view.docs)} documents, {len(view.topics)} topics side by side, "
            f"pairwise similarity {min(values):.1%}–{max(values):.1%}")
    return render_synopsis(view, timestamp, synopsis_targets(comparisons)), line


@cli.command("report")
@click.argument("files", nargs=-1, metavar="OLD NEW [MORE…]")
@click.option("--related", "related", metavar="REF",
              help="Instead of FILES: REF and every corpus version sharing a relation target with it "
                   "or relating to it (summaries left out), e.g. gansu-ai-plan@2026.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: reports/<names of the documents>.html).")
@click.option("--mode", type=click.Choice(["auto", "version", "cross"]), default="auto", show_default=True,
              help="version: one document revised; cross: different documents on one subject. "
                   "Three or more documents are compared in cross mode unless told otherwise.")
@click.option("--timestamp", is_flag=True, help="Print the time of generation in the page (off: same input, same bytes).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Interface language of the page (default: Chinese for Chinese documents).")
@click.option("--format", "fmt", type=click.Choice(["html", "docx"]), default="html", show_default=True,
              help="html: the report; docx: the comparison table (old | new | kind) as a Word document.")
@normalize_options
@max_size_option
@clean_errors
def report_command(files: tuple[str, ...], related: Optional[str], output: Optional[str], mode: str,
                   timestamp: bool, lang: Optional[str], fmt: str, **options: bool) -> None:
    """Write a self-contained HTML report comparing two documents, or a synopsis of three or more.

    Two documents give a side-by-side change report with an alignment map,
    filters and keyboard navigation (j/k, ?). Three or more give a synopsis:
    a similarity matrix, topics side by side, and what only one document has.
    With --related REF the corpus relations pick the documents.
    Prints the path of the file written.
    """
    if related is not None:
        if files:
            raise click.UsageError("give documents or --related REF, not both")
        files = tuple(related_documents(related))
    elif len(files) < 2:
        raise click.UsageError("give at least two documents (OLD NEW), or three or more for a synopsis, "
                               "or --related REF")
    if fmt == "docx":
        if len(files) != 2:
            raise click.UsageError("--format docx compares two documents (OLD NEW)")
        from .compare import compare
        from .render.docx import render_docx
        data = render_docx(compare(files[0], files[1], mode=mode, **options), lang)
        path = Path(output) if output else Path("reports") / default_report_name(files)[:-5]
        path = path if output else path.with_name(path.name + ".docx")
        write_report(path, data, create_folder=not output)
        click.echo(str(path))
        return
    page, _ = _build(files, mode, _timestamp(timestamp), lang, **options)
    path = Path(output) if output else Path("reports") / default_report_name(files)
    write_report(path, page, create_folder=not output)
    click.echo(printable(str(path)))


@cli.command("showcase")
@click.option("-o", "--output-dir", "output_dir", default="reports", show_default=True,
              type=click.Path(file_okay=False), help="Directory to write the reports in.")
@click.option("--timestamp", is_flag=True, help="Print the time of generation in the pages.")
@clean_errors
def showcase_command(output_dir: str, timestamp: bool) -> None:
    """Write the showcase reports of the bundled corpus: Gansu 2018 → 2026 and the 2025/2026 synopsis."""
    stamp = _timestamp(timestamp)
    name, refs, what = SHOWCASE_PAIR
    with _needs_corpus(", ".join(refs)):
        page, line = _build(refs, "auto", stamp)
    _showcase_write(Path(output_dir) / name, page, f"{what}: {line}")
    name, ref = SHOWCASE_SYNOPSIS
    with _needs_corpus(f"{ref} and the versions related to it"):
        refs = related_documents(ref)   # the relations pick the documents, as report --related does
        if len(refs) < 3:
            raise VersiondiffError(f"the relations of {ref} pick {len(refs)} documents, not three or more")
        page, line = _build(refs, "auto", stamp)
    _showcase_write(Path(output_dir) / name, page, f"{', '.join(reader_name(r) for r in refs)}: {line}")


@contextlib.contextmanager
def _needs_corpus(what: str) -> Iterator[None]:
    """Say, when building a showcase report fails, that it needs the bundled corpus."""
    try:
        yield
    except VersiondiffError as error:
        raise VersiondiffError(f"showcase needs the bundled corpus ({what}): {error}") from None


def _showcase_write(path: Path, page: str, line: str) -> None:
    """Write one showcase report and print its line."""
    write_report(path, page, create_folder=True)
    click.echo(f"{path}  {line}")
