"""The ``trace`` command: where each passage of the corpus came from."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import click

from .cli import clean_errors, cli
from .cli_corpus import store_option
from .errors import VersiondiffError

__all__ = ["trace_command", "trace_text"]


def _progress_factory(quiet: bool):
    """Return a progress-bar maker on a terminal (tqdm, on stderr), else None."""
    if quiet or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # the bar is a comfort, not a need
        return None
    return lambda label, total: tqdm(total=total, desc=label, unit="batch", leave=False, file=sys.stderr)


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def trace_text(data: dict) -> str:
    """Return the terminal view of a trace: a table of documents, then each one's reused passages."""
    lines = [f"# {data['summary']['documents']} documents, {data['summary']['passages']} reused passages "
             f"of at least {data['min_chars']} characters ({data['candidate_pairs']} candidate pairs)", ""]
    lines.append(f"{'document':32} {'date':10} {'level':10} {'chars':>6} {'reused':>7}  sources")
    for d in data["documents"]:
        sources = ", ".join(f"{s['ref']} {s['chars']}" for s in d["sources"]) or "-"
        lines.append(f"{d['ref']:32} {d['date'] or '?':10} {d['level']:10} {d['length']:6} "
                     f"{d['reused_share'] * 100:6.1f}%  {sources}")
    for d in data["documents"]:
        reused = [p for p in d["passages"] if p["source"]]
        if not reused:
            continue
        lines += ["", f"## {d['ref']}"]
        for p in reused:
            how = "verbatim" if p["kind"] == "verbatim" else f"edited {p['similarity'] * 100:.0f}%"
            lines.append(f"  {p['span'][0]:>6}-{p['span'][1]:<6} {how:12} from {p['source']:28} "
                         f"{_short(p['text'])}")
    return "\n".join(lines) + "\n"


@cli.command("trace")
@click.argument("refs", nargs=-1, metavar="[REF…]")
@click.option("--all", "everything", is_flag=True, help="Trace every version of the corpus.")
@click.option("--min-chars", type=click.IntRange(8), default=15, show_default=True,
              help="Report shared passages of at least this many characters (every one from 15 up is found).")
@click.option("-f", "--format", "fmt", type=click.Choice(["terminal", "json", "html"]), default="terminal",
              show_default=True, help="terminal for a person, json (versiondiff.trace/1) for scripts, "
                                      "html for a provenance report written to a file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output; for html reports/trace.html).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="With --format html: interface language of the page (default: Chinese for Chinese documents).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (there is none when stderr is not a terminal).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run on this Dask cluster (dask.distributed) instead of local processes.")
@click.option("--workers", type=click.IntRange(1), help="Local worker processes (default: one per core).")
@click.option("--index", "index_path", type=click.Path(dir_okay=False),
              help="The reuse index file (default: .versiondiff-index/reuse.sqlite beside the corpus folder).")
@store_option
@clean_errors
def trace_command(refs: tuple[str, ...], everything: bool, min_chars: int, fmt: str, output: Optional[str],
                  lang: Optional[str], quiet: bool, scheduler: Optional[str], workers: Optional[int],
                  index_path: Optional[str]) -> None:
    """Trace which passages of REF (or, with --all, of every version) come from which earlier document.

    The source of a passage is the earliest document holding it (then the higher
    level: national, provincial, municipal). With --format html, writes a
    provenance report (in Chinese for Chinese documents; --lang en for an English page).
    """
    from .tracer import trace
    if bool(refs) == everything:
        raise click.UsageError("give REF… or --all (not both)")
    if lang and fmt != "html":
        raise click.UsageError("--lang goes with --format html")
    from . import store as _store   # on first use: start-up of the other commands stays fast
    data = trace(_store.open_store(), None if everything else list(refs), min_chars=min_chars,
                 index_path=Path(index_path) if index_path else None, scheduler=scheduler,
                 workers=workers, progress=_progress_factory(quiet))
    if fmt == "json":
        page = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    elif fmt == "html":
        from .render.traceview import render_trace
        page = render_trace(data, _texts(data), lang=lang)
        if not output:
            output = "reports/trace.html"
    else:
        page = trace_text(data)
    if output:
        from .cli_report import write_report
        write_report(Path(output), page)
        click.echo(output)
    else:
        click.echo(page, nl=False)


def _texts(data: dict) -> dict[str, str]:
    """Return the original text of every document the trace names (the report shows them)."""
    from .sources import read_source
    texts = {}
    for entry in data["corpus"]:
        try:
            texts[entry["ref"]] = read_source(entry["ref"]).text
        except VersiondiffError:
            texts[entry["ref"]] = ""
    return texts
