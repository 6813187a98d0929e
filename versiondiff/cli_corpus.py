"""Commands for corpus: add, list, log, show, verify, history, related."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Optional

import click

from .cli import ExitStatus, clean_errors, cli, max_size_option, normalize_options  # noqa: F401
# Known without loading the store, which ``versiondiff --help`` need not pay for;
# tests/test_cli_corpus.py checks they are the store's.
_STORE_ENV = "VERSIONDIFF_STORE"
_CLI_STORE_KEY = "versiondiff.store"
_RELATION_TYPES = ("summary-of", "implements", "supersedes", "cites")

__all__ = ["store_option", "add_command", "list_command", "log_command", "show_command",
           "verify_command", "related_command", "history_command"]


def _st():
    """Return the store module, loaded on first use."""
    from . import store
    return store


def _set_store(ctx: click.Context, _param: click.Parameter, value: Optional[str]) -> None:
    """Make ``--store`` the store for everything this command line resolves.

    The path goes into ``ctx.meta`` (shared by the group and its command), where
    :func:`versiondiff.store.find_store` looks, so it ends with the command.
    """
    if value is not None:
        ctx.meta[_CLI_STORE_KEY] = Path(value)


def store_option(func: Callable) -> Callable:
    """Add ``--store PATH`` (the corpus folder; default: $VERSIONDIFF_STORE or documents/ found upward)."""
    return click.option(
        "--store", metavar="PATH", expose_value=False, is_eager=True, callback=_set_store,
        help=f"The corpus folder (default: ${_STORE_ENV}, else the documents/ "
             "folder found from here upward).")(func)


# ``versiondiff --store PATH diff a@1 b@2`` works for every command, not only these.
store_option(cli)


def _echo_json(data: object) -> None:
    """Print data as JSON (UTF-8 as is, sorted keys: output is deterministic)."""
    import json
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


def _format_option(func: Callable) -> Callable:
    """Add ``--format text|json``."""
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="text for a person, json for scripts.")(func)


def _version_line(record: dict) -> str:
    """Return one line for a version: name, date, document number, title."""
    parts = [record["version"], record.get("date") or "(no date)"]
    if record.get("doc_number"):
        parts.append(record["doc_number"])
    parts.append(record.get("title") or "")
    return "  ".join(parts).rstrip()


# ---- add -------------------------------------------------------------------------------

_META_HELP = {
    "title": "Title (default: read from the text).",
    "subtitle": "Title of the attached plan, when the text is a notice (default: read from the text).",
    "issuer": "Issuing body (default: read from the text).",
    "doc-number": "Document number such as 甘政发〔2026〕1号 (default: read from the text).",
    "date": "Signing date, yyyy-mm-dd (default: read from the text).",
    "published": "Publication date, yyyy-mm-dd (default: read from the text).",
    "region": "Region, e.g. 甘肃省 (default: the series' region).",
    "language": "Language code: zh, en … (default: detected).",
    "script": "Script: Hans, Hant, Latn … (default: detected).",
    "source": "Where the text came from: a web address or a description.",
    "status": "draft, final or revised (default: draft when the title says 征求意见稿, else final).",
}


def _meta_options(func: Callable) -> Callable:
    """Add one option per metadata field and one repeatable option per relation type."""
    for kind in reversed(_RELATION_TYPES):
        func = click.option(f"--{kind}", f"rel_{kind.replace('-', '_')}", multiple=True,
                            metavar="REF|TEXT",
                            help=f"Declare '{kind}': a corpus ref (S@V) or a free-text title "
                                 "or document number (repeatable).")(func)
    for name in reversed(list(_META_HELP)):
        func = click.option(f"--{name}", f"meta_{name.replace('-', '_')}", metavar="TEXT",
                            help=_META_HELP[name])(func)
    return func


def _ask_missing(file: str, options: dict) -> None:
    """Ask for the title and date when neither the text nor an option gives them."""
    _, meta, _ = _st().read_metadata(file)
    for key in ("title", "date"):
        if not (options.get(key) or meta.get(key)):
            hint = " (yyyy-mm-dd)" if key == "date" else ""
            options[key] = click.prompt(f"{file} does not give its {key}; {key}{hint}")


@cli.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--series", "-s", required=True, help="Series name, e.g. gansu-ai-plan.")
@click.option("--version", "-v", "version", required=True, help="Version name, e.g. 2026.")
@_meta_options
@click.option("--series-title", help="Title of a new series (default: the document's title).")
@click.option("--description", help="Description of a new series.")
@click.option("--force", is_flag=True, help="Overwrite an existing version; store a duplicate text.")
@max_size_option
@store_option
@clean_errors
def add_command(file: str, series: str, version: str, series_title: Optional[str],
                description: Optional[str], force: bool, **fields: object) -> None:
    """Store FILE byte-for-byte as SERIES@VERSION, with metadata read from its text."""
    options = {k[5:]: v for k, v in fields.items() if k.startswith("meta_")}
    relations = {k[4:].replace("_", "-"): list(v) for k, v in fields.items() if k.startswith("rel_")}
    if sys.stdin.isatty():  # a person at a terminal is asked; a script gets the error
        _ask_missing(file, options)
    store = _st().Store(_st().find_store(must_exist=False))
    store.root.mkdir(parents=True, exist_ok=True)
    series_meta = {k: v for k, v in (("title", series_title), ("description", description)) if v}
    added = _st().add_file(store, file, series, version, options=options, relations=relations,
                            series_meta=series_meta, force=force)
    click.echo(f"added {added.ref}: {added.meta['title']} "
               f"({added.meta.get('date')}, sha256 {added.meta['sha256'][:12]})")


# ---- list / log / show -----------------------------------------------------------------

@cli.command("list")
@_format_option
@store_option
@clean_errors
def list_command(fmt: str) -> None:
    """List every series in the corpus with its versions."""
    from . import lineage
    store = _st().open_store()
    data = [{"series": s, **store.series_info(s),
             "versions": [lineage.version_record(v) for v in store.versions(s)]}
            for s in store.series_names()]
    if fmt == "json":
        return _echo_json({"format": "versiondiff.corpus/1", "store": str(store.root),
                           "series": data})
    if not data:
        click.echo(f"(no series in {store.root})")
    for entry in data:
        region = f" ({entry['region']})" if entry.get("region") else ""
        click.echo(f"{entry['series']}{region}  {entry.get('title') or ''}".rstrip())
        for record in entry["versions"]:
            click.echo("  " + _version_line(record))
        if not entry["versions"]:
            click.echo("  (no versions)")


@cli.command("log")
@click.argument("series")
@_format_option
@normalize_options
@store_option
@clean_errors
def log_command(series: str, fmt: str, **options: bool) -> None:
    """Show the versions of SERIES in date order with what changed between neighbours."""
    from . import lineage
    data = lineage.log(_st().open_store(), series, **options)
    if fmt == "json":
        return _echo_json(data)
    click.echo(f"{series}  {data.get('title') or ''}".rstrip())
    for record in data["versions"]:
        click.echo(_version_line(record))
        if "changes" in record:
            click.echo(f"    since {record['changes']['from']}: "
                       f"{lineage.summary_line(record['changes'])}")


_SHOW_FIELDS = ("title", "subtitle", "issuer", "doc_number", "date", "published", "region",
                "language", "script", "encoding", "status", "source", "sha256", "size")


@cli.command("show")
@click.argument("ref")
@_format_option
@normalize_options
@store_option
@clean_errors
def show_command(ref: str, fmt: str, **options: bool) -> None:
    """Show the metadata and the outline of the version REF (e.g. gansu-ai-plan@latest)."""
    from . import lineage
    from .structure import outline_json, outline_text, read_document
    version = _st().open_store().resolve(ref)
    document = read_document(str(version.path), **options)
    if fmt == "json":
        return _echo_json({"version": lineage.version_record(version),
                           "outline": outline_json(document)})
    click.echo(f"ref: {version.ref}")
    click.echo(f"file: {version.path}")
    for key in _SHOW_FIELDS:
        value = version.meta.get(key)
        click.echo(f"{key.replace('_', ' ')}: {'—' if value is None else value}")
    for relation in version.meta.get("relations", []):
        click.echo(f"{relation['type']}: {_relation_target(relation)}")
    click.echo("")
    click.echo(outline_text(document), nl=False)


def _relation_target(relation: dict) -> str:
    """Return a relation's target with its title when one is recorded."""
    title = relation.get("title")
    return f"{relation['target']} {title}" if title else relation["target"]


# ---- verify / related ------------------------------------------------------------------

@cli.command("verify")
@store_option
@clean_errors
def verify_command() -> None:
    """Check the corpus: hashes, metadata, relation targets, stray and leftover files."""
    store = _st().open_store()
    report = store.verify()
    for line in report.problems:
        click.echo(f"problem: {line}")
    for line in report.warnings:
        click.echo(f"warning: {line}")
    count = len(store.all_versions()) if report.ok else None
    if report.ok:
        click.echo(f"ok: {len(store.series_names())} series, {count} versions verified in {store.root}")
        return
    click.echo(f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''} "
               f"in {store.root}")
    raise SystemExit(ExitStatus.TROUBLE)


@cli.command("related")
@click.argument("ref")
@_format_option
@store_option
@clean_errors
def related_command(ref: str, fmt: str) -> None:
    """List the relations REF declares, those pointing at it, and documents sharing a target."""
    from . import lineage
    data = lineage.related(_st().open_store(), ref)
    if fmt == "json":
        return _echo_json(data)
    click.echo(f"{data['ref']}  {data.get('title') or ''}".rstrip())
    click.echo("declares:" if data["declares"] else "declares: nothing")
    for relation in data["declares"]:
        where = "" if relation["in_corpus"] else "  (not in the corpus)"
        click.echo(f"  {relation['type']} {_relation_target(relation)}{where}")
    click.echo("pointed at by:" if data["pointed_at_by"] else "pointed at by: nothing")
    for relation in data["pointed_at_by"]:
        click.echo(f"  {relation['source']} ({relation['type']})")
    if data["shares"]:
        click.echo("shares a target with:")
        for relation in data["shares"]:
            click.echo(f"  {relation['ref']} ({relation['type']} {relation['target']})")


# ---- history ---------------------------------------------------------------------------

def _short(text: str, width: int = 40) -> str:
    """Return ``text`` on one line, cut to ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _version_name(ref: str) -> str:
    """Return the version part of a ref."""
    return ref.split("@", 1)[1]


def _history_text(data: dict) -> list[str]:
    """Lay out the lineage of a series as lines for a person."""
    from . import lineage
    lines = [f"{data['series']}  {data.get('title') or ''}".rstrip(),
             "versions: " + " → ".join(f"{v['version']} ({v['date'] or 'no date'})"
                                       for v in data["versions"])]
    for step in data["steps"]:
        lines.append(f"  {_version_name(step['old'])} → {_version_name(step['new'])}: "
                     f"{lineage.summary_line(step)}")
    newest = _version_name(data["versions"][-1]["ref"])
    lines += ["", f"items of {newest} and the items they grew out of:"]
    for item in data["items"]:
        if not item["ancestors"]:
            lines.append(f"  {item['label']}  ← new in {newest}")
            continue
        lines.append(f"  {item['label']}")
        for ancestor in item["ancestors"]:
            for origin in ancestor["items"]:
                lines.append(f"      ← {_version_name(ancestor['ref'])} {origin['label']} "
                             f"({origin['similarity']:.2f})")
    lines += ["", f"clauses of {newest}: first version, then changes since"]
    for clause in data["clauses"]:
        changes = ", ".join(f"{c['kind']} in {_version_name(c['in'])} ({c['similarity']:.2f})"
                            for c in clause["changes"])
        since = _version_name(clause["since"])
        lines.append(f"  {since:<8} {_short(clause['text'])}" + (f"  [{changes}]" if changes else ""))
    lines += ["", "dropped on the way:" if data["dropped"] else "dropped on the way: nothing"]
    for clause in data["dropped"]:
        lines.append(f"  in {_version_name(clause['in']):<6} {_short(clause['text'])}")
    return lines


def _history_report_path(series: str, output: Optional[str]) -> Path:
    """Return where the HTML history goes: ``-o FILE``, else ``reports/history-<series>.html``."""
    return Path(output) if output else Path("reports") / f"history-{series}.html"


@cli.command("history")
@click.argument("series")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True,
              help="text for a person, json for scripts, html for a timeline report written to a file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="With --format html: the file to write (default: reports/history-SERIES.html).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="With --format html: interface language of the page (default: Chinese for Chinese documents).")
@normalize_options
@store_option
@clean_errors
def history_command(series: str, fmt: str, output: Optional[str], lang: Optional[str], **options: bool) -> None:
    """Trace every clause and item of the newest version of SERIES back through its versions.

    With --format html, writes a self-contained timeline report and prints its path
    (in Chinese for Chinese documents; --lang en for an English page).
    """
    from . import lineage
    if output and fmt != "html":
        raise click.UsageError("-o/--output goes with --format html")
    if lang and fmt != "html":
        raise click.UsageError("--lang goes with --format html")
    data = lineage.history(_st().open_store(), series, **options)
    if fmt == "json":
        return _echo_json(data)
    if fmt == "html":
        from .cli_report import write_report
        from .render.html import render_history_data
        path = _history_report_path(series, output)
        write_report(path, render_history_data(data, lang=lang), create_folder=not output)
        return click.echo(str(path))
    click.echo("\n".join(_history_text(data)))
