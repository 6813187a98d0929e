"""The view model of the synopsis: three or more documents side by side, plain frozen data, no HTML.

Built from the pairwise comparisons of :func:`~versiondiff.compare.compare_many`:
the similarity heatmap, topics (outline units that some comparison paired, one
row each), what only one document has, and every document's full text with
the phrases it shares with the others marked.  Nothing here aligns text:
every pairing comes from the comparisons' ``outline`` and ``changes``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

from ..compare import similarity_matrix
from ..models import Change, Comparison, Document, Span
from .labels import labels, page_language
from .htmlview import (DocumentCard, Outline, Segment, display_title, document_card, fit, segments,
                       short_name, suffix)

__all__ = [
    "TopicEntry", "TopicRow", "MatrixCell", "UniqueList", "TextBlock", "DocumentText", "SynopsisView",
    "build_synopsis", "MIN_SHARED",
]

#: Shortest run of shared characters worth highlighting in a synopsis (shorter runs are noise).
MIN_SHARED = 4


# ---- the data the templates receive ------------------------------------------------------

@dataclass(frozen=True)
class TopicEntry:
    """One document's unit in a synopsis row or list."""

    href: str
    label: str
    similarity: Optional[float]   # to the row's anchor unit; None for the anchor itself
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class TopicRow:
    """An aligned topic: one cell (a list of units) per document."""

    id: str
    title: str
    cells: tuple[tuple[TopicEntry, ...], ...]
    present: int                  # how many documents address the topic


@dataclass(frozen=True)
class MatrixCell:
    """A cell of the similarity heatmap."""

    value: float
    text: str
    level: int                    # 0–8 shade, relative to the largest pairwise value
    diagonal: bool


@dataclass(frozen=True)
class UniqueList:
    """What one document has that no other document has."""

    key: str
    name: str
    entries: tuple[TopicEntry, ...]
    unmatched_share: float        # share of its characters unmatched in every comparison


@dataclass(frozen=True)
class TextBlock:
    """A paragraph of a document's text with the anchors of the units starting in it."""

    anchors: tuple[str, ...]
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class DocumentText:
    """A document's full text for the synopsis appendix."""

    key: str
    id: str
    name: str
    blocks: tuple[TextBlock, ...]
    script: str = ""          # lang of the text: "zh-Hant" for traditional script


@dataclass(frozen=True)
class SynopsisView:
    """Everything the synopsis of three or more documents shows."""

    title: str
    docs: tuple[DocumentCard, ...]
    matrix: tuple[tuple[MatrixCell, ...], ...]
    topics: tuple[TopicRow, ...]
    uniques: tuple[UniqueList, ...]
    texts: tuple[DocumentText, ...]
    notes: tuple[str, ...]
    lang: str = "zh"


# ---- building the view --------------------------------------------------------------------

def _documents(comparisons: Sequence[Comparison]) -> list[Document]:
    """Recover the documents of :func:`compare_many` from its pair order (0-1, 0-2, …, 1-2, …)."""
    n = (1 + math.isqrt(1 + 8 * len(comparisons))) // 2
    if n * (n - 1) // 2 != len(comparisons) or n < 2:
        raise ValueError("expected the comparisons of every pair, as compare_many returns them")
    docs = [comparisons[0].old] + [comparisons[j].new for j in range(n - 1)]
    return docs


def _pair_index(n: int) -> dict[tuple[int, int], int]:
    """Return the position of each pair ``(a, b)``, ``a < b``, in compare_many's order."""
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    return {p: k for k, p in enumerate(pairs)}


def _key(n: int) -> str:
    """Return the letter naming the n-th document (0 → A)."""
    return suffix(n + 1).upper()


def _shared_masks(docs: Sequence[Document], comparisons: Sequence[Comparison]) -> list[list[int]]:
    """Return, per document and character, a bit set of the other documents sharing it verbatim."""
    masks = [[0] * len(d.text.original) for d in docs]
    index = _pair_index(len(docs))
    for (a, b), k in index.items():
        for change in comparisons[k].changes:
            if change.kind in ("inserted", "deleted", "ignored"):
                continue
            for tag, i1, i2, j1, j2 in change.opcodes:
                if tag != "equal" or i2 - i1 < MIN_SHARED:
                    continue
                for p in range(i1, i2):
                    masks[a][p] |= 1 << b
                for p in range(j1, j2):
                    masks[b][p] |= 1 << a
    return masks


def _shared_marks(mask: list[int], span: Span, keys: Sequence[str]) -> list[tuple[int, int, str, str]]:
    """Return the shared runs inside a span, each noting which documents share it."""
    out = []
    s, e = span
    p = s
    while p < e:
        bits = mask[p]
        q = p + 1
        while q < e and mask[q] == bits:
            q += 1
        if bits:
            others = ", ".join(keys[k] for k in range(len(keys)) if bits >> k & 1)
            out.append((p, q, "shared", f"also in {others}"))
        p = q
    return out


def _unmatched_share(doc: Document, side_records: list[list[Change]], side_names: list[str]) -> float:
    """Return the share of a document's characters that no comparison matched to anything."""
    text = doc.text.original
    matched = [False] * len(text)
    for records, side in zip(side_records, side_names):
        for change in records:
            if change.kind in ("inserted", "deleted", "ignored"):
                continue
            for s, e in getattr(change, side):
                for p in range(s, e):
                    matched[p] = True
    counted = [not ch.isspace() for ch in text]
    ignored = [False] * len(text)
    for s, e in doc.text.ignored:
        for p in range(s, e):
            ignored[p] = True
    total = sum(1 for p in range(len(text)) if counted[p] and not ignored[p])
    lone = sum(1 for p in range(len(text)) if counted[p] and not ignored[p] and not matched[p])
    return round(lone / total, 4) if total else 0.0


def _blocks(doc: Document, outline: Outline, mask: list[int], keys: Sequence[str]) -> tuple[TextBlock, ...]:
    """Split a document into its paragraphs (as normalization judged them), anchors placed."""
    text = doc.text
    original = text.original
    ends = [text.starts[k] for k, ch in enumerate(text.canonical) if ch == "\n"] + [len(original)]
    ignored = sorted(text.ignored)
    unit_starts = [(u.span[0], u.anchor) for u in outline.units]
    blocks = []
    start = 0
    u = 0
    for end in ends:
        s, e = start, end
        while s < e and original[s].isspace():
            s += 1
        while e > s and original[e - 1].isspace():
            e -= 1
        start = end + 1
        if s >= e or any(a <= s and e <= b for a, b in ignored):
            continue
        # page furniture set aside inside a paragraph (a site banner run into the title) is cut
        # out: the pieces either side are paragraphs of their own, not one glued line
        pieces = [(s, e)]
        for a, b in ignored:
            pieces = [q for ps, pe in pieces for q in ((ps, min(pe, a)), (max(ps, b), pe)) if q[0] < q[1]] \
                if any(ps < b and a < pe for ps, pe in pieces) else pieces
        pieces = [(ps, pe) for ps, pe in pieces if original[ps:pe].strip()]
        if pieces != [(s, e)]:
            for ps, pe in pieces:
                anchors = []
                while u < len(unit_starts) and unit_starts[u][0] < pe:
                    anchors.append(unit_starts[u][1])
                    u += 1
                blocks.append(TextBlock(anchors=tuple(anchors), segments=segments(
                    original, [(ps, pe)], _shared_marks(mask, (ps, pe), keys))))
            continue
        anchors = []
        while u < len(unit_starts) and unit_starts[u][0] < e:
            anchors.append(unit_starts[u][1])
            u += 1
        blocks.append(TextBlock(anchors=tuple(anchors),
                                segments=segments(original, [(s, e)], _shared_marks(mask, (s, e), keys))))
    if u < len(unit_starts) and blocks:   # units after the last paragraph end: keep their ids
        last = blocks[-1]
        blocks[-1] = TextBlock(anchors=last.anchors + tuple(a for _, a in unit_starts[u:]), segments=last.segments)
    return tuple(blocks)


def build_synopsis(comparisons: Sequence[Comparison], lang: Optional[str] = None) -> SynopsisView:
    """Build the view of a synopsis from the pairwise comparisons of :func:`compare_many`."""
    docs = _documents(comparisons)
    lang = lang or page_language([d.text.original for d in docs])
    n = len(docs)
    keys = [_key(k) for k in range(n)]
    outlines = [Outline(doc, keys[k].lower()) for k, doc in enumerate(docs)]
    index = _pair_index(n)
    masks = _shared_masks(docs, comparisons)

    # partners[(a, u)] = {(b, v): similarity} from every outline pair of every comparison
    partners: dict[tuple[int, int], dict[tuple[int, int], float]] = {}
    for (a, b), k in index.items():
        for pair in comparisons[k].outline:
            u = outlines[a].unit_at(pair.old[0]) if pair.old else -1
            v = outlines[b].unit_at(pair.new[0]) if pair.new else -1
            if u < 0 or v < 0:
                continue
            for x, y in (((a, u), (b, v)), ((b, v), (a, u))):
                best = partners.setdefault(x, {})
                best[y] = max(best.get(y, 0.0), pair.similarity)

    def entry(d: int, u: int, similarity: Optional[float]) -> TopicEntry:
        part = outlines[d].units[u]
        return TopicEntry(href=f"#{part.anchor}", label=fit(part.title or part.label, 40),
                          similarity=similarity,
                          segments=segments(docs[d].text.original, [part.span],
                                            _shared_marks(masks[d], part.span, keys)))

    # Topics anchored on the first document, then on units the earlier anchors did not reach.
    topics: list[TopicRow] = []
    placed: set[tuple[int, int]] = set()
    for a in range(n):
        for u in range(len(outlines[a].units)):
            if (a, u) in placed or not partners.get((a, u)):
                continue
            cells: list[list[TopicEntry]] = [[] for _ in range(n)]
            cells[a].append(entry(a, u, None))
            placed.add((a, u))
            for (b, v), sim in sorted(partners[(a, u)].items(), key=lambda p: (p[0][0], -p[1], p[0][1])):
                cells[b].append(entry(b, v, sim))
                placed.add((b, v))
            title = outlines[a].units[u].title or outlines[a].units[u].label
            topics.append(TopicRow(id=f"t-{keys[a].lower()}-{u}", title=fit(title, 40),
                                   cells=tuple(tuple(c) for c in cells),
                                   present=sum(1 for c in cells if c)))

    uniques = []
    for d in range(n):
        lone = tuple(entry(d, u, None) for u in range(len(outlines[d].units)) if not partners.get((d, u)))
        records, sides = [], []
        for (a, b), k in index.items():
            if d in (a, b):
                records.append(list(comparisons[k].changes))
                sides.append("old" if d == a else "new")
        uniques.append(UniqueList(key=keys[d], name=short_name(docs[d]), entries=lone,
                                  unmatched_share=_unmatched_share(docs[d], records, sides)))

    values = similarity_matrix(comparisons, n)
    top = max((values[a][b] for a in range(n) for b in range(n) if a != b), default=0.0) or 1.0
    matrix = []
    for a in range(n):
        row = []
        for b in range(n):
            if a == b:
                row.append(MatrixCell(1.0, "—", 8, True))
            else:
                value = values[a][b]
                row.append(MatrixCell(value, f"{value:.1%}", round(8 * value / top), False))
        matrix.append(tuple(row))

    texts = tuple(DocumentText(key=keys[d], id=f"text-{keys[d].lower()}", name=short_name(docs[d]),
                               blocks=_blocks(docs[d], outlines[d], masks[d], keys),
                               script=document_card(docs[d], keys[d]).script) for d in range(n))
    notes = tuple(dict.fromkeys(f"{keys[a]}–{keys[b]}: {note}" for (a, b), k in index.items()
                                for note in comparisons[k].notes if not note.startswith("mode:")))
    return SynopsisView(
        title=labels(lang).synopsis_title + ("：" if lang == "zh" else ": ") + " · ".join(display_title(d) for d in docs),
        docs=tuple(document_card(doc, keys[k]) for k, doc in enumerate(docs)),
        matrix=tuple(matrix), topics=tuple(topics), uniques=tuple(uniques), texts=texts, notes=notes, lang=lang)
