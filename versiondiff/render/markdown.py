"""A Markdown change list to paste into a review thread (GitHub/GitLab flavoured)."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional, Sequence

from ..models import Comparison
from .textview import (CrossView, LineIndex, Part, Row, Segment, Topic, build_rows, counted, cross_view,
                       doc_caption, joiner, one_sided, sanitize, summary_phrase, topical)

__all__ = ["render_markdown", "escape", "code", "EQUAL_KEEP", "WHOLE_MAX"]

#: Unchanged text kept on each side of an edit inside a changed clause; the rest is elided.
EQUAL_KEEP = 12
#: An inserted or deleted passage is quoted up to this many characters.
WHOLE_MAX = 200

# Characters with an inline meaning in CommonMark/GFM (emphasis, code, links,
# HTML, entities, strikethrough, tables, math).  Line-start syntax cannot
# arise: document text never starts a line here.
_SPECIAL = re.compile(r"([\\`*_\[\]<>~|&$])")
_SEPARATOR = " ↵ "  # where a split clause breaks into its parts


def escape(text: str) -> str:
    """Escape Markdown specials in document text.

    >>> escape("a*b_[c]")
    'a\\\\*b\\\\_\\\\[c\\\\]'
    """
    return _SPECIAL.sub(r"\\\1", sanitize(text))


def code(text: str) -> str:
    """Return text as a Markdown code span (file names keep their underscores unescaped).

    >>> code("a_b.txt"), code("x`y")
    ('`a_b.txt`', '`` x`y ``')
    """
    text = sanitize(text)
    if "`" not in text:
        return f"`{text}`"
    fence = "`" * (max(len(run) for run in re.findall("`+", text)) + 1)
    return f"{fence} {text} {fence}"


def _space(ch: str) -> bool:
    """Return True for whitespace or a line edge (``""``), as CommonMark's flanking rules see it."""
    return not ch or ch.isspace()


def _punct(ch: str) -> bool:
    """Return True for Unicode punctuation or symbols (CJK 。，（） included)."""
    return bool(ch) and unicodedata.category(ch)[0] in "PS"


def _flanks(before: str, inner_first: str, inner_last: str, after: str) -> bool:
    """Return True when ``**x**``/``~~x~~`` between these characters opens and closes.

    CommonMark lets a delimiter run open only when left-flanking and close only
    when right-flanking; CJK punctuation next to a CJK letter breaks that, so
    ``培训~~，~~…`` would print the tildes literally.
    """
    opens = not _space(inner_first) and (not _punct(inner_first) or _space(before) or _punct(before))
    closes = not _space(inner_last) and (not _punct(inner_last) or _space(after) or _punct(after))
    return opens and closes


def _elided(text: str, first: bool, last: bool) -> str:
    """Shorten unchanged text to the words next to the edits around it."""
    keep = EQUAL_KEEP
    if first and last:
        return text
    if first:
        return text if len(text) <= keep else "…" + text[-keep:]
    if last:
        return text if len(text) <= keep else text[:keep] + "…"
    return text if len(text) <= 2 * keep + 1 else text[:keep] + "…" + text[-keep:]


def _inline(lines: Sequence[Sequence[Segment]], whole: bool) -> str:
    """Render a row's segments on one Markdown line, edits marked, long unchanged runs elided."""
    segments: list[Segment] = []
    for n, line in enumerate(lines):
        if n:
            segments.append(Segment("sep", _SEPARATOR))
        segments += line
    if whole:
        text = "".join(s.text for s in segments if s.style != "sep")
        short = text if len(text) <= WHOLE_MAX else text[:WHOLE_MAX] + f"…（{len(text)}字）"
        return escape(short)
    pieces: list[tuple[str, str]] = []
    for k, seg in enumerate(segments):
        if seg.style == "ctx":
            text = _elided(seg.text, k == 0, k == len(segments) - 1)
            pieces.append(("ctx", escape(text)))
        elif seg.style == "sep":
            pieces.append(("ctx", seg.text))
        else:
            pieces.append((seg.style, escape(seg.text)))
    out = ""
    k = 0
    while k < len(pieces):
        if pieces[k][0] == "ctx":
            out += pieces[k][1]
            k += 1
            continue
        end = k
        while end < len(pieces) and pieces[end][0] != "ctx":
            end += 1
        out += _edit_group(pieces[k:end], out[-1:], pieces[end][1][:1] if end < len(pieces) else "")
        k = end
    return out


def _edit_group(pieces: Sequence[tuple[str, str]], before: str, after: str) -> str:
    """Mark neighbouring deletions and insertions alike: delimiters if all of them flank, else tags."""
    pieces = [(style, text) for style, text in pieces if text]
    flank = all(_flanks(before if n == 0 else "*", text[0], text[-1],
                        after if n == len(pieces) - 1 else "*")
                for n, (_, text) in enumerate(pieces))
    out = ""
    for style, text in pieces:
        if flank:
            delim = "~~" if style == "del" else "**"
            out += f"{delim}{text}{delim}"
        else:
            tag = "del" if style == "del" else "ins"
            out += f"<{tag}>{text}</{tag}>"
    return out


def _item(row: Row, lines: dict[str, LineIndex]) -> str:
    """Render one row as a list item: kind, section path, line, marked text."""
    if row.kind == "note":
        word, _, rest = row.note.partition(" ")
        return f"- **{escape(word)}** {escape(rest)}"
    kind = "moved away" if row.kind == "moved-away" else row.kind
    side, span = ("new", row.new) if row.new else ("old", row.old)
    where = f"{escape(row.path)}, " if row.path else ""
    line = lines[side].line(span[0]) if span else 0
    note = f" ({escape(row.note)})" if row.note else ""
    body = _inline(row.lines, row.whole)
    return f"- **{kind}** {where}{side} line {line}{note}: {body}"


def _grouped(rows: Sequence[Row]) -> list[Row]:
    """Join neighbouring inserted/deleted/moved rows of one section into one item."""
    out: list[Row] = []
    for row in rows:
        prev = out[-1] if out else None
        if (prev and row.kind == prev.kind and row.kind in ("inserted", "deleted", "moved")
                and row.path == prev.path and not row.note):
            head = "".join(s.text for s in prev.lines[-1])
            tail = [s for line in row.lines for s in line]
            gap = joiner(head, "".join(s.text for s in tail))
            glue = (Segment("ctx", gap),) if gap else ()
            joined = tuple(prev.lines[-1]) + glue + tuple(tail)
            merged = Row(prev.kind, prev.lines[:-1] + (joined,), prev.note, prev.path, prev.old,
                         prev.new, prev.index)
            out[-1] = merged
        else:
            out.append(row)
    return out


# ---- cross mode --------------------------------------------------------------------------------

def _shared_item(row: Row, lines: dict[str, LineIndex]) -> str:
    """Render a clause both documents have: kind, both lines, marked text."""
    where = f"old line {lines['old'].line(row.old[0])}, new line {lines['new'].line(row.new[0])}"
    note = f" ({escape(row.note)})" if row.note else ""
    return f"  - **{row.kind}** {where}{note}: {_inline(row.lines, row.whole)}"


def _only_items(rows: Sequence[Row], side: str) -> list[str]:
    """Render the clauses only one side of a topic has: quoted one per item when few, else counted."""
    count, quotes = one_sided(rows)
    if count:
        return [f"  - **only in {side}**, {count} clauses, first: {escape(quotes[0])}"]
    return [f"  - **only in {side}**: {escape(quote)}" for quote in quotes]


def _topic_items(topic: Topic, lines: dict[str, LineIndex]) -> list[str]:
    """Render a topic as a list item (the pair's labels and similarity) with its clauses nested."""
    if topic.kind == "pair":
        head = (f"- **{escape(topic.old_label)}** ~ **{escape(topic.new_label)}** "
                f"({topic.how + ', ' if topic.how else ''}similarity {topic.similarity:.0%})")
    else:
        head = "- **document header**" if topic.kind == "header" else "- **shared outside the paired parts**"
    out = [head] + [_shared_item(row, lines) for row in topic.rows]
    out += _only_items(topic.only_new, "new") + _only_items(topic.only_old, "old")
    if not topic.records:  # several pairs share a part: its clauses went to the first of them
        out.append("  - *clauses shown under an earlier pair*")
    return out


def _part_items(parts: Sequence[Part], side: str) -> list[str]:
    """Render the parts only one document has, one nested item each."""
    if not parts:
        return []
    out = [f"- **only in {side}**, {counted(len(parts), 'part')}:"]
    for part in parts:
        out.append(f"  - {escape(part.label)} ({side} line {part.line}, {counted(part.clauses, 'clause')})")
    return out


def _cross_items(view: CrossView, lines: dict[str, LineIndex]) -> list[str]:
    """Render the cross view: one item per topic in the new reading order, then the unpaired parts."""
    out: list[str] = []
    for topic in view.topics:
        out += _topic_items(topic, lines)
    return out + _part_items(view.only_new, "new") + _part_items(view.only_old, "old")


def render_markdown(comp: Comparison, *, old_label: Optional[str] = None,
                    new_label: Optional[str] = None) -> str:
    """Return a summary line, the notes and one list item per change (unchanged text left out).

    In cross mode (text on both sides) the items are the outline pairs, each with its clauses nested.
    """
    old_name = code(old_label or comp.old.source.ref)
    new_name = code(new_label or comp.new.source.ref)
    out = [f"**versiondiff** {old_name} → {new_name} ({comp.mode} mode): {escape(summary_phrase(comp))}", ""]
    captions = [(sign, doc_caption(doc)) for sign, doc in (("old", comp.old), ("new", comp.new))]
    out += [f"> {sign}: {escape(caption)}  " for sign, caption in captions if caption]
    out += [f"> {escape(note)}  " for note in comp.notes]
    if out[-1] != "":
        out[-1] = out[-1].rstrip()
        out.append("")
    lines = {"old": LineIndex(comp.old.text.original), "new": LineIndex(comp.new.text.original)}
    if topical(comp):
        return "\n".join(out + _cross_items(cross_view(comp), lines)) + "\n"
    changes = [row for row in build_rows(comp) if row.is_change]
    out += [_item(row, lines) for row in _grouped(changes)]
    if not changes:
        out.append("No changes.")
    return "\n".join(out) + "\n"
