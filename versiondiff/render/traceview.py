"""The HTML provenance report of a trace: view model and page (renders only; the trace is given).

Its words come from :mod:`versiondiff.render.labels`, in Chinese for Chinese
documents unless another interface language is asked for.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .labels import labels, page_language, text_lang

__all__ = ["TraceView", "build_trace", "render_trace"]


@dataclass
class Piece:
    """A run of a document's text: plain, or a shared passage."""

    text: str
    passage: Optional[dict] = None
    id: str = ""
    source_id: str = ""
    kind: str = ""            # what the reader sees for the passage's kind: "照录" / "verbatim"


@dataclass
class DocView:
    """One document of the report: metadata, shares and its text cut into pieces."""

    ref: str
    id: str
    title: str
    date: str
    level: str                # what the reader sees: "省级" / "provincial"
    share: float
    own: int
    reused: int
    sources: list
    pieces: list = field(default_factory=list)
    lang: str = ""            # lang of the document's own text: "zh-Hans", "zh-Hant" or "en"


@dataclass
class TraceView:
    """Everything the template lays out."""

    title: str
    min_chars: int
    docs: list
    refs: list
    matrix: list          # rows: (ref, id, [cell chars or 0 per source column])
    flows: list           # (x1, y1, x2, y2, width, title)
    nodes: list           # (x, y, label, href, side)
    height: int
    diffs: dict           # passage id -> list of (tag, text)
    lang: str = "zh"      # interface language


def _anchor(ref: str) -> str:
    return "d-" + "".join(ch if ch.isalnum() else "-" for ch in ref)


def _diff(passage: dict, own: str, source: str) -> list[tuple[str, str]]:
    """Return the inline diff of a passage against its source as (kind, text) runs."""
    runs = []
    for tag, s1, s2, d1, d2 in passage["opcodes"]:
        if tag == "equal":
            runs.append(("equal", own[d1:d2]))
            continue
        if s2 > s1:
            runs.append(("del", source[s1:s2]))
        if d2 > d1:
            runs.append(("ins", own[d1:d2]))
    return runs


def build_trace(data: dict, texts: dict[str, str], lang: Optional[str] = None) -> TraceView:
    """Return the view model of a trace; ``texts`` gives each named document's original text.

    ``lang`` is the interface language (``zh``/``en``); by default that of the traced documents.
    """
    lang = lang or page_language([texts.get(d["ref"], "") for d in data["documents"]])
    t = labels(lang)
    docs, diffs = [], {}
    traced = {d["ref"] for d in data["documents"]}
    link = lambda ref: _anchor(ref) if ref in traced else ""  # noqa: E731  (only documents shown here)
    for d in data["documents"]:
        text = texts.get(d["ref"], "")
        view = DocView(d["ref"], _anchor(d["ref"]), d["title"] or d["ref"], d["date"] or "?",
                       t.get(f"level_{d['level']}", d["level"]), d["reused_share"], d["own"], d["reused"],
                       [dict(s, id=link(s["ref"])) for s in d["sources"]],
                       lang=text_lang(text))
        at = 0
        for k, p in enumerate(d["passages"]):
            start, end = p["span"]
            if start < at:
                continue
            if start > at:
                view.pieces.append(Piece(text[at:start]))
            pid = f"{view.id}-p{k}"
            view.pieces.append(Piece(text[start:end], p, pid, link(p["source"]) if p["source"] else "",
                                     t.get(f"passage_{p['kind']}", p["kind"])))
            if p["source"] and p["opcodes"]:
                diffs[pid] = _diff(p, text, texts.get(p["source"], ""))
            at = end
        view.pieces.append(Piece(text[at:]))
        docs.append(view)
    sources = sorted({s["ref"] for d in data["documents"] for s in d["sources"]},
                     key=[c["ref"] for c in data["corpus"]].index)
    matrix = []
    for d in data["documents"]:
        chars = {s["ref"]: s["chars"] for s in d["sources"]}
        matrix.append((d["ref"], _anchor(d["ref"]), [chars.get(s, 0) for s in sources]))
    # flow picture: sources on the left, documents on the right, a band per source → document
    left = {s: 30 + 34 * k for k, s in enumerate(sources)}
    right = {d["ref"]: 30 + 34 * k for k, d in enumerate(data["documents"])}
    top = max([c for row in matrix for c in row[2]] or [1])
    flows = []
    for d in data["documents"]:
        for s in d["sources"]:
            width = round(1 + 11 * s["chars"] / top, 2)
            flows.append((230, left[s["ref"]], 570, right[d["ref"]], width,
                          t.say("flow_band", s["passages"], doc=d["ref"], chars=s["chars"], source=s["ref"])))
    nodes = [(225, y, s, "#" + link(s) if link(s) else "", "src") for s, y in left.items()]
    nodes += [(575, y, r, "#" + _anchor(r), "doc") for r, y in right.items()]
    height = 40 + 34 * max(len(left), len(right), 1)
    return TraceView(t.say("trace_title", len(docs)), data["min_chars"],
                     docs, sources, matrix, flows, nodes, height, diffs, lang)


def render_trace(data: dict, texts: dict[str, str], timestamp: Optional[str] = None,
                 lang: Optional[str] = None) -> str:
    """Return the self-contained HTML provenance report of a trace (``lang``: zh/en, default the texts')."""
    from .html import _page_context, environment
    view = build_trace(data, texts, lang)
    return environment().get_template("trace.html.j2").render(
        view=view, **_page_context(timestamp, ("trace",), lang=view.lang))
