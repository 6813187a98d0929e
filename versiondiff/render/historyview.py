"""The view model of the history report: a series' lineage as plain frozen data, no HTML.

Built from :func:`versiondiff.lineage.history` (plain data), it decides what the
timeline report shows and where every anchor lives.  Nothing here compares
text: which clause continues which, which items grew out of which and which
characters changed all come from the history data (its ``marks`` are the
comparisons' own opcodes); this module only orders, counts and cuts.  Its
words come from :mod:`versiondiff.render.labels` in the page's language
(Chinese for Chinese documents, unless told otherwise).

>>> split_label("二、/(二)/4. 加快智慧农业建设")
('二、 › (二) › 4.', '加快智慧农业建设')
>>> split_label("二、/（三）"), split_label("为贯彻实施国家人工智能强国战略，…")
(('二、 › （三）', ''), ('', '为贯彻实施国家人工智能强国战略，…'))
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Optional, Sequence

from ..models import KINDS
from .htmlview import KindCount, Segment, fit, pretty_path, segments
from .labels import Labels, kind_label, labels, page_language, text_lang

__all__ = [
    "StepCard", "VersionCard", "BarPiece", "ClauseChange", "ClauseRow", "ClauseSection",
    "Ancestor", "AncestorStep", "ItemRow", "DroppedRow", "DroppedGroup", "HistoryView",
    "build_history", "split_label", "CLAUSE_KINDS",
]

#: The kinds of clause of the newest version, in the order the page counts them (the filters' names;
#: what a reader sees for each comes from the labels: ``filter_changed`` …).
CLAUSE_KINDS = ("changed", "kept", "new")

#: Ages beyond this many versions share the last colour.
_AGES = 6


# ---- the data the template receives --------------------------------------------------------

@dataclass(frozen=True)
class StepCard:
    """What changed from one version to the next."""

    id: str                   # "step-2026"
    old: str                  # version names
    new: str
    old_href: str
    new_href: str
    mode: str
    similarity: float
    counts: tuple[KindCount, ...]   # kinds present, in the JSON order


@dataclass(frozen=True)
class VersionCard:
    """One version on the timeline, with what of the newest text dates from it."""

    id: str                   # "v-2018"
    ref: str
    version: str
    date: str
    doc_number: str
    title: str
    issuer: str
    status: str
    status_label: str         # what the badge says: "定稿" / "final"
    sha256: str               # first 12 hex digits
    age: int                  # colour index: 0 for the oldest version
    first: int                # clauses of the newest version that first appeared here
    share: float              # their share of the newest version's characters
    changed: int              # clauses of the newest version changed in this version
    dropped: int              # clauses dropped in this version
    newest: bool
    step: Optional[StepCard]  # from the previous version


@dataclass(frozen=True)
class BarPiece:
    """A stretch of the bar saying which version the newest text dates from (SVG geometry)."""

    version: str
    href: str
    age: int
    x: float
    width: float
    title: str


@dataclass(frozen=True)
class ClauseChange:
    """A version that changed a clause."""

    version: str
    href: str
    kind: str
    label: str
    similarity: float


@dataclass(frozen=True)
class ClauseRow:
    """A clause of the newest version: where it first appeared and how it changed since."""

    id: str                   # "cl-12": the clause's index in the newest version
    kind: str                 # "changed" | "kept" | "new"
    since: str                # version it first appeared in
    since_href: str
    age: int
    path: str                 # "二、 › (一) › 1."
    show_path: bool           # False when the row above is in the same place
    segments: tuple[Segment, ...]   # the text now, inserted characters marked where known
    origin: tuple[Segment, ...]     # the text it first had, deleted characters marked where known
    changes: tuple[ClauseChange, ...]
    item_href: str = ""       # the lineage of the item starting with this clause
    item_label: str = ""


@dataclass(frozen=True)
class ClauseSection:
    """The clauses under one top-level part of the newest version."""

    id: str
    title: str
    rows: tuple[ClauseRow, ...]
    counts: tuple[tuple[str, int], ...]   # clause kinds present

    @property
    def changed(self) -> int:
        """Return how many clauses of this part changed since they first appeared."""
        return dict(self.counts).get("changed", 0)


@dataclass(frozen=True)
class Ancestor:
    """An item of an earlier version that an item grew out of."""

    path: str
    heading: str
    similarity: float


@dataclass(frozen=True)
class AncestorStep:
    """The items of one earlier version an item grew out of."""

    version: str
    href: str
    age: int
    items: tuple[Ancestor, ...]


@dataclass(frozen=True)
class ItemRow:
    """An item (or other outline unit) of the newest version and where it came from."""

    id: str                   # "i-4"
    kind: str                 # "grown" | "new"
    path: str
    heading: str
    href: str                 # its first clause below
    ancestors: tuple[AncestorStep, ...]   # newest first, going back in time


@dataclass(frozen=True)
class DroppedRow:
    """A clause an earlier version had and the next one did not."""

    id: str
    path: str
    show_path: bool
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class DroppedGroup:
    """The clauses dropped by one version."""

    id: str                   # "dropped-2026"
    version: str              # the version that dropped them
    href: str
    source: str               # the version that still had them
    source_href: str
    rows: tuple[DroppedRow, ...]


@dataclass(frozen=True)
class HistoryView:
    """Everything the history report shows."""

    title: str
    series: str
    series_title: str
    region: str
    newest: str
    versions: tuple[VersionCard, ...]
    bar: tuple[BarPiece, ...]
    totals: tuple[tuple[str, int], ...]   # clause kinds of the newest version: changed, kept, new
    sections: tuple[ClauseSection, ...]
    items: tuple[ItemRow, ...]
    grown: int                # items of the newest version with an ancestor
    dropped: tuple[DroppedGroup, ...]
    lang: str = "zh"          # interface language
    text_lang: str = "zh-Hans"   # lang of the documents' own text: "zh-Hans", "zh-Hant" or "en"

    @property
    def clauses(self) -> int:
        """Return how many clauses the newest version has."""
        return sum(n for _, n in self.totals)

    @property
    def dropped_count(self) -> int:
        """Return how many clauses were dropped on the way."""
        return sum(len(g.rows) for g in self.dropped)


# ---- building ------------------------------------------------------------------------------

def _name(ref: str) -> str:
    """Return the version part of a ref.

    >>> _name("gansu-ai-plan@2026")
    '2026'
    """
    return ref.split("@", 1)[1] if "@" in ref else ref


def _anchor(prefix: str, ref: str) -> str:
    """Return the id of a version's element (version names are safe in ids: ``[a-z0-9._-]``)."""
    return f"{prefix}-{_name(ref)}"


def split_label(label: str) -> tuple[str, str]:
    """Split an outline label of the history data into its readable path and its heading."""
    head, _, rest = label.partition(" ")
    looks_like_path = len(head) <= 16 and ("/" in head or head[-1:] in "、.．﹒)）章节条")
    if looks_like_path:
        return pretty_path(head), rest
    return "", label


def _marked(text: str, ranges: Sequence[Sequence[int]], mark: str) -> tuple[Segment, ...]:
    """Return ``text`` as segments with the given ranges marked (hard wraps joined)."""
    marks = [(a, b, mark, "") for a, b in ranges if 0 <= a < b <= len(text)]
    return segments(text, [(0, len(text))], marks) if text else ()


def _visible(text: str) -> int:
    """Return how many characters of ``text`` a reader counts (white space does not count)."""
    return sum(1 for ch in text if not ch.isspace())


def _clause_kind(clause: dict, newest: str) -> str:
    """Return changed, kept or new for one clause record of the history data."""
    if clause["changes"]:
        return "changed"
    return "new" if clause["since"] == newest else "kept"


def _section_title(rows: list[dict], top: str) -> str:
    """Return the title of a top-level part: its heading clause when it has one."""
    for k, clause in enumerate(rows):
        if clause["path"] == top:
            text = " ".join(clause["text"].split())
            if len(text) <= len(top) + 1 and k + 1 < len(rows):   # a label alone on its line (二、)
                text += " ".join(rows[k + 1]["text"].split())
            return fit(text, 30)
    return top


def _sections(data: dict, ages: dict[str, int], newest: str,
              item_at: dict[int, tuple[str, str]], t: Labels) -> tuple[ClauseSection, ...]:
    """Group the clauses of the newest version under its top-level parts, in reading order."""
    groups: list[tuple[str, list[dict]]] = []
    for clause in data["clauses"]:
        top = clause["path"].split("/", 1)[0]
        if not groups or groups[-1][0] != top:
            groups.append((top, []))
        groups[-1][1].append(clause)
    sections: list[ClauseSection] = []
    for top, members in groups:
        # ids from the order of the parts: top-level labels repeat when numbering restarts
        sid = "s-head" if not sections and not top else f"s-{len(sections)}"
        if top:
            title = _section_title(members, top)
        else:
            title = t.heading_preamble if not sections else t.outside_parts
        rows, last_path = [], None
        for clause in members:
            kind = _clause_kind(clause, newest)
            marks = clause.get("marks") or {}
            path = pretty_path(clause["path"])
            changes = tuple(ClauseChange(version=_name(c["in"]), href=f"#{_anchor('v', c['in'])}",
                                         kind=c["kind"], label=kind_label(c["kind"], t.lang),
                                         similarity=c["similarity"]) for c in clause["changes"])
            item_href, item_label = item_at.get(clause["index"], ("", ""))
            rows.append(ClauseRow(
                id=f"cl-{clause['index']}", kind=kind, since=_name(clause["since"]),
                since_href=f"#{_anchor('v', clause['since'])}", age=ages[clause["since"]],
                path=path, show_path=bool(path) and path != last_path,
                segments=_marked(clause["text"], marks.get("text", ()), "ins"),
                origin=_marked(clause.get("origin") or "", marks.get("origin", ()), "del"),
                changes=changes, item_href=item_href, item_label=item_label))
            last_path = path
        counts = tuple((k, n) for k in CLAUSE_KINDS
                       if (n := sum(1 for r in rows if r.kind == k)))
        sections.append(ClauseSection(id=sid, title=title, rows=tuple(rows), counts=counts))
    return tuple(sections)


def _items(data: dict, ages: dict[str, int]) -> tuple[tuple[ItemRow, ...], dict[int, tuple[str, str]]]:
    """Return the item rows, and for each clause that starts an item the link to its lineage."""
    clauses = data["clauses"]
    starts = [c["span"][0] for c in clauses]
    rows, item_at = [], {}
    for k, item in enumerate(data["items"]):
        begin = item["span"][0]
        # the clause holding the item's start, else the first clause after it
        n = bisect.bisect_right(starts, begin) - 1
        if n < 0 or clauses[n]["span"][1] <= begin:
            n += 1
        n = min(max(n, 0), len(clauses) - 1)
        path, heading = split_label(item["label"])
        iid = f"i-{k}"
        ancestors = tuple(
            AncestorStep(version=_name(step["ref"]), href=f"#{_anchor('v', step['ref'])}",
                         age=ages[step["ref"]], items=tuple(Ancestor(*split_label(o["label"]), similarity=o["similarity"])
                                     for o in step["items"]))
            for step in item["ancestors"])
        rows.append(ItemRow(id=iid, kind="grown" if ancestors else "new", path=path, heading=heading,
                            href=f"#cl-{clauses[n]['index']}" if clauses else "", ancestors=ancestors))
        if clauses:
            item_at.setdefault(clauses[n]["index"], (f"#{iid}", " ".join(p for p in (path, heading) if p)))
    return tuple(rows), item_at


def _dropped(data: dict) -> tuple[DroppedGroup, ...]:
    """Group the dropped clauses by the version that dropped them, in reading order of the old text."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for clause in data["dropped"]:
        groups.setdefault((clause["in"], clause["from"]), []).append(clause)
    out = []
    for (ref, source), clauses in groups.items():
        rows, last = [], None
        for n, clause in enumerate(clauses):
            path = pretty_path(clause["path"])
            rows.append(DroppedRow(id=f"d-{_name(ref)}-{n}", path=path, show_path=bool(path) and path != last,
                                   segments=_marked(clause["text"], (), "")))
            last = path
        out.append(DroppedGroup(id=_anchor("dropped", ref), version=_name(ref), href=f"#{_anchor('v', ref)}",
                                source=_name(source), source_href=f"#{_anchor('v', source)}",
                                rows=tuple(rows)))
    return tuple(out)


def _texts(data: dict) -> list[str]:
    """Return the documents' text the history holds: the newest version's, and what was dropped on the way."""
    texts = ["\n".join(c["text"] for c in data["clauses"]), "\n".join(c["text"] for c in data["dropped"])]
    return [text for text in texts if text.strip()] or [data.get("title") or ""]


def build_history(data: dict, lang: Optional[str] = None) -> HistoryView:
    """Build the view of the history report from :func:`versiondiff.lineage.history` data.

    ``lang`` is the interface language (``zh``/``en``); by default the documents' own.
    """
    versions = data["versions"]
    if not versions:
        raise ValueError("a history needs at least one version")
    texts = _texts(data)
    lang = lang or page_language(texts)
    t = labels(lang)
    refs = [v["ref"] for v in versions]
    ages = {ref: min(k, _AGES - 1) for k, ref in enumerate(refs)}
    newest = refs[-1]
    clauses = data["clauses"]
    total = sum(_visible(c["text"]) for c in clauses) or 1

    steps = {}
    for step in data["steps"]:
        counts = tuple(KindCount(kind, kind_label(kind, lang), step["counts"][kind])
                       for kind in KINDS if step["counts"].get(kind))
        steps[step["new"]] = StepCard(
            id=_anchor("step", step["new"]), old=_name(step["old"]), new=_name(step["new"]),
            old_href=f"#{_anchor('v', step['old'])}", new_href=f"#{_anchor('v', step['new'])}",
            mode=step["mode"], similarity=step["similarity"], counts=counts)

    cards, bar, x = [], [], 0.0
    for k, v in enumerate(versions):
        ref, status = v["ref"], v.get("status") or ""
        first = [c for c in clauses if c["since"] == ref]
        share = sum(_visible(c["text"]) for c in first) / total
        cards.append(VersionCard(
            id=_anchor("v", ref), ref=ref, version=v["version"], date=v.get("date") or "",
            doc_number=v.get("doc_number") or "", title=v.get("title") or "", issuer=v.get("issuer") or "",
            status=status, status_label=t.get(f"status_{status}", status),
            sha256=(v.get("sha256") or "")[:12], age=ages[ref], first=len(first), share=share,
            changed=sum(1 for c in clauses for ch in c["changes"] if ch["in"] == ref),
            dropped=sum(1 for d in data["dropped"] if d["in"] == ref),
            newest=ref == newest, step=steps.get(ref)))
        if first:
            width = round(share * 100, 2)
            bar.append(BarPiece(version=v["version"], href=f"#{_anchor('v', ref)}", age=ages[ref],
                                x=round(x, 2), width=width,
                                title=t.say("bar_title", len(first), v=v["version"], share=f"{share:.0%}")))
            x += width

    items, item_at = _items(data, ages)
    sections = _sections(data, ages, newest, item_at, t)
    kinds = [_clause_kind(c, newest) for c in clauses]
    totals = tuple((k, kinds.count(k)) for k in CLAUSE_KINDS)
    series_title = data.get("title") or data["series"]
    span = f"{versions[0]['version']} → {versions[-1]['version']}" if len(versions) > 1 \
        else versions[0]["version"]
    return HistoryView(
        title=f"{series_title}{t.title_sep}{span}", series=data["series"], series_title=series_title,
        region=data.get("region") or "", newest=_name(newest), versions=tuple(cards), bar=tuple(bar),
        totals=totals, sections=sections, items=items, grown=sum(1 for i in items if i.kind == "grown"),
        dropped=_dropped(data), lang=lang, text_lang=text_lang(texts[0]))
