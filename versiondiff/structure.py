"""Parse a normalized document: numbering hierarchy, clauses, responsible units, metadata.

Works on the canonical paragraphs of :func:`versiondiff.normalize.normalize`
and reports every node with its span in the ORIGINAL text.  Numbering styles
have a fixed rank (``第X编/章/节/条`` above ``一、`` above ``（一）`` above
``1.``/``1、`` above ``（1）``); a stack popped until its top ranks higher
places each numbered paragraph, so skipped levels (``三、`` → ``23﹒``) and
numbering that restarts or runs on across sections need no special case.

``Document.clauses`` (the input of alignment) partitions every non-space
canonical character outside boilerplate: clauses end after ``。！？；!?;``
(as the evaluation's sentences do), at paragraph ends and after a heading
standing alone; a responsible-unit parenthesis after a sentence end is split
off with role ``units``.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Optional

from .models import Clause, Document, Event, Item, Metadata, ResponsibleUnits, Source, Span, Text
from .normalize import CLOSERS, TERMINATORS, LabelMatch, label_at, normalize

__all__ = ["parse", "read_document", "split_clauses", "parse_units", "outline_json",
           "outline_text", "as_written", "law_history", "RANKS"]

#: Rank of each numbering style: a smaller rank is a higher level.
RANKS = {
    "chapter-编": -4, "chapter-部分": -4, "chapter-章": -3, "chapter-节": -2, "chapter-条": -1,
    "cn-dun": 1, "cn-paren": 2, "arabic-dot": 3, "arabic-dun": 3, "arabic-paren": 4,
}
_MD_RANK = -20          # Markdown headings rank above every numbering style

_SENTENCE = re.compile(
    "[^" + re.escape(TERMINATORS) + "]*[" + re.escape(TERMINATORS) + "]+[" + re.escape(CLOSERS) + "]*"
    "|[^" + re.escape(TERMINATORS) + "]+$")
_UNIT_HINT = re.compile(r"单位:|部门:|负责|落实|牵头")
_UNIT_OPEN = re.compile(r"[(〔【]")
_DOCNUM = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[【(]\d{4}[〕\]】)]第?\d{1,5}号")
_DOCNUM_PARA = re.compile(r"\(?(" + _DOCNUM.pattern + r")\)?")
_DATE_CN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_DATE_CN_NUM = re.compile(r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FIELD = re.compile(r"[•·●▪◆■]?(时间|发布时间|发布日期|日期|来源|信息来源|文章来源|作者|浏览次数|点击数|字号)[:](.*)")
_DOCTYPE = re.compile(
    r"(通知|方案|意见|办法|规定|规划|纲要|细则|条例|决定|计划|措施|公告|通告|批复|报告|指南"
    r"|清单|要点|政策|法|决议|纪要|章程|准则|行动|建议|通报)[》”]?$")
_PUNCT = set("，,。；;：:！？!?")
_UNIT_SUFFIX = tuple("厅委局办府会心院部室处队市州县区司团行馆社所站台署")
_NOT_UNIT = re.compile(r"以下|其他|其余|均需|任务|不再|列出|按照|根据")
_VERBS = re.compile(r"(按职责分工负责|按职责负责|分工负责|共同负责|负责|落实|牵头|配合|参与)$")
_LEAD_NOTE = re.compile(r"\((逗号前|顿号前)[^()]*\)")


# ---- small pure helpers ------------------------------------------------------------

def split_clauses(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` ranges of the clauses of one paragraph.

    Clauses end after ``。！？；!?;`` (closing quotes and brackets stay with
    the terminator), as the evaluation's sentence notion does.

    >>> t = "1.智能农业。研制“系统”。开展智能农场;推广"
    >>> [t[a:b] for a, b in split_clauses(t)]
    ['1.智能农业。', '研制“系统”。', '开展智能农场;', '推广']
    """
    return [m.span() for m in _SENTENCE.finditer(text) if m.end() > m.start()]


def parse_units(content: str, comma_lead: bool = False) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return ``(lead, others)`` named in the text of a responsible-unit parenthesis.

    ``comma_lead`` applies the ``逗号前为牵头单位`` convention: in a
    ``责任单位:`` list the units before the first comma lead.

    >>> parse_units("牵头单位:省科技厅、省教育厅;责任单位:省发展改革委、省工信委")
    (('省科技厅', '省教育厅'), ('省发展改革委', '省工信委'))
    >>> parse_units("责任单位:经济和信息化厅,省发展改革委、科技厅", comma_lead=True)
    (('经济和信息化厅',), ('省发展改革委', '科技厅'))
    >>> parse_units("责任单位:科技厅、商务厅", comma_lead=True)
    (('科技厅', '商务厅'), ())
    >>> parse_units("省教育厅、省科技厅按职责分工负责,各市州政府落实")
    ((), ('省教育厅', '省科技厅', '各市州政府'))
    """
    content = _LEAD_NOTE.sub("", content)
    lead: list[str] = []
    others: list[str] = []
    for section in _split_top(content, ";；。"):
        section = section.strip()
        m = re.match(r"(牵头单位|牵头部门)[:](.*)", section)
        if m:
            lead += _unit_names(m.group(2))
            continue
        m = re.match(r"(责任单位|配合单位|参与单位|协办单位|责任部门|主责单位)[:](.*)", section)
        if m:
            body = m.group(2)
            parts = _split_top(body, ",")
            if comma_lead and m.group(1) == "责任单位":
                # the units before the first comma lead; with no comma, all of them do
                lead += _unit_names(parts[0]) if parts else []
                others += _unit_names(",".join(parts[1:]))
            else:
                others += _unit_names(body)
            continue
        for part in _split_top(section, ","):
            names = _unit_names(part)
            if re.search(r"牵头$", part.strip()):
                lead += names
            else:
                others += names
    lead = _dedupe(lead)
    others = [n for n in _dedupe(others) if n not in lead]
    return tuple(lead), tuple(others)


def _split_top(text: str, separators: str) -> list[str]:
    """Split ``text`` at separators outside brackets."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "(（〔【[":
            depth += 1
        elif ch in ")）〕】]":
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def _unit_names(text: str) -> list[str]:
    """Return the unit names in a ``、``/``,`` separated list, verbs and 等 removed."""
    names = []
    for raw in _split_top(text, "、,，"):
        name = _VERBS.sub("", raw.strip())
        name = re.sub(r"等$", "", name).strip()
        if 2 <= len(name) <= 30 and not _NOT_UNIT.search(name) and (
                name.endswith(_UNIT_SUFFIX) or name.endswith(")")):
            names.append(name)
    return names


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for n in names:
        seen.setdefault(n, None)
    return list(seen)


def iso_date(text: str) -> Optional[str]:
    """Return the first date in ``text`` as ``yyyy-mm-dd``, or None.

    >>> iso_date("2026年1月6日"), iso_date("时间:2026-01-08"), iso_date("二〇二六年一月六日")
    ('2026-01-06', '2026-01-08', '2026-01-06')
    """
    m = _DATE_CN.search(text) or _DATE_ISO.search(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DATE_CN_NUM.search(text)
        if not m:
            return None
        digits = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
        digits.update({"零": "0", "○": "0"})
        y = int("".join(digits[c] for c in m.group(1)))
        mo, d = _cn_small(m.group(2)), _cn_small(m.group(3))
    if mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _cn_small(numeral: str) -> Optional[int]:
    """Return the value of a Chinese numeral below 100, or None when it is malformed.

    >>> _cn_small("十"), _cn_small("十二"), _cn_small("三十一"), _cn_small("十十"), _cn_small("二十十")
    (10, 12, 31, None, None)
    """
    m = re.fullmatch(r"([一二三四五六七八九])?(十)?([一二三四五六七八九])?", numeral)
    if not numeral or m is None or (m.group(1) and m.group(3) and not m.group(2)):
        return None
    values = {c: i for i, c in enumerate("零一二三四五六七八九")}
    tens = (values[m.group(1)] if m.group(1) else 1) if m.group(2) else 0
    ones = values[m.group(3)] if m.group(3) else (0 if m.group(2) else values.get(m.group(1) or "", 0))
    return tens * 10 + ones


# ---- parsing ---------------------------------------------------------------------------

@dataclass
class _Node:
    """An item while it is being built."""

    label: str
    style: str
    number: int
    rank: int
    level: int
    heading: str
    start: int
    path: str
    first_clause: int
    children: list["_Node"] = field(default_factory=list)
    units: list[ResponsibleUnits] = field(default_factory=list)
    last_clause: int = -1
    closed_by_units: bool = False

    def freeze(self, clauses: list[Clause]) -> Item:
        """Return the finished, immutable Item."""
        children = tuple(c.freeze(clauses) for c in self.children)
        end = clauses[self.last_clause].span[1] if self.last_clause >= 0 else self.start
        return Item(label=self.label, style=self.style, number=self.number, level=self.level,
                    heading=self.heading, span=(self.start, end), path=self.path,
                    children=children, units=tuple(self.units),
                    clauses=(self.first_clause, self.last_clause + 1))


class _Parser:
    """Turn the canonical paragraphs of one text into clauses, items and metadata."""

    def __init__(self, source: Source, text: Text, markdown: bool) -> None:
        self.source = source
        self.text = text
        self.markdown = markdown
        canon = text.canonical
        self.paras = [m.span() for m in re.finditer(r"[^\n]+", canon)]
        self.clauses: list[Clause] = []
        self.roots: list[_Node] = []
        self.stack: list[_Node] = []
        self.comma_lead = "逗号前为牵头单位" in canon

    # -- helpers
    def orig(self, a: int, b: int) -> Span:
        """Return the original span of canonical ``[a, b)``."""
        return self.text.original_span(a, b)

    def md_level(self, a: int) -> int:
        """Return the ``#`` count of a Markdown heading starting at canonical ``a`` (0 if none)."""
        if not self.markdown:
            return 0
        original = self.text.original
        pos = self.text.starts[a]
        line_start = original.rfind("\n", 0, pos) + 1
        prefix = original[line_start:pos]
        m = re.fullmatch(r"[ ]{0,3}(#{1,6})[ \t]+", prefix)
        return len(m.group(1)) if m else 0

    def add_clause(self, a: int, b: int, role: str, label: str = "",
                   span_start: Optional[int] = None) -> int:
        """Append the clause over canonical ``[a, b)``; return its index (-1 when empty)."""
        canon = self.text.canonical
        # trim spaces so that a clause starts and ends on content
        while a < b and canon[a] == " ":
            a += 1
        while b > a and canon[b - 1] == " ":
            b -= 1
        if a >= b:
            return -1
        path = self.stack[-1].path if self.stack and role not in ("title", "header") else ""
        index = len(self.clauses)
        span = self.orig(a, b)
        if span_start is not None:          # a Markdown heading's span keeps its # markers
            span = (span_start, span[1])
        self.clauses.append(Clause(index=index, text=canon[a:b].replace(" ", ""),
                                   span=span, canon=(a, b), role=role, path=path, label=label))
        for node in self.stack:
            node.last_clause = index
        return index

    # -- main
    def run(self) -> Document:
        """Parse every paragraph and return the finished Document."""
        canon = self.text.canonical
        # a law's "# 中华人民共和国…法" heading is its title: its 题注 below is front matter
        law_title = bool(self.paras) and self.md_level(self.paras[0][0]) == 1 and bool(
            re.search(r"(法|条例)$", canon[self.paras[0][0]:self.paras[0][1]].strip()))
        first_body = next((i for i, (a, b) in enumerate(self.paras)
                           if (label_at(canon, a) is not None or self.md_level(a))
                           and not (law_title and i == 0)), len(self.paras))
        zone = min(first_body, 12) if first_body == len(self.paras) else first_body
        kinds = self.header_kinds(zone)
        for i, (a, b) in enumerate(self.paras):
            kind = kinds[i] if i < zone else "body"
            if kind in ("title", "header"):
                # a Markdown title (# 上海市…条例) keeps its # markers, as a heading does
                self.add_clause(a, b, kind, span_start=self.line_start(a) if self.md_level(a) else None)
            else:
                self.body_paragraph(a, b)
        items = tuple(node.freeze(self.clauses) for node in self.roots)
        metadata = self.metadata(kinds, zone)
        return Document(source=self.source, text=self.text, metadata=metadata, items=items,
                        clauses=tuple(self.clauses))

    def line_start(self, a: int) -> int:
        """Return where the original line of canonical offset ``a`` starts (before a heading's # markers)."""
        return self.text.original.rfind("\n", 0, self.text.starts[a]) + 1

    def body_paragraph(self, a: int, b: int) -> None:
        """Add one body paragraph: open an item when it starts with a label, then its clauses."""
        canon = self.text.canonical
        label = label_at(canon, a)
        level = self.md_level(a)
        if label is not None and label.end >= b:
            label = None            # a bare label with nothing after it is not an item
        pieces, units = self.pieces(a, b)
        cut = self.inner_item_start(pieces, a)
        if cut is not None:
            # an item heading glued to the text before it (a sentence inserted at
            # the start of its paragraph): two paragraphs
            self.body_paragraph(a, cut)
            self.body_paragraph(cut, b)
            return
        if label is None and not level:
            if self.stack and self.stack[-1].closed_by_units:
                # a paragraph after a leaf that ended with its responsible units
                # is closing text of the enclosing part, not more of the leaf
                self.stack.pop()
            self.add_pieces(pieces, units, b)
            return
        rank = (_MD_RANK + level) if level else RANKS[label.style]
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        label_end = label.end if label is not None else a
        original = self.text.original
        start = self.text.starts[a]
        if level:
            start = self.line_start(a)                        # the span keeps the # markers
        label_text = original[self.text.starts[a]:self.text.ends[label_end - 1]] if label else ""
        first_s, first_e, _ = pieces[0]
        heading = self.original_text(label_end, first_e).rstrip(TERMINATORS)
        if label is not None:
            style, number = label.style, label.number
        else:
            style, number = f"md-h{level}", 0
        parent = self.stack[-1] if self.stack else None
        node = _Node(label=label_text, style=style, number=number, rank=rank,
                     level=len(self.stack) + 1, heading=heading, start=start,
                     path=(parent.path + "/" if parent else "") + (label_text or heading),
                     first_clause=len(self.clauses))
        (parent.children if parent else self.roots).append(node)
        self.stack.append(node)
        self.add_clause(first_s, first_e, "heading", label=canon[a:label_end], span_start=start)
        self.add_pieces(pieces[1:], units, b)

    def inner_item_start(self, pieces: list[tuple[int, int, str]], a: int) -> Optional[int]:
        """Return where a numbered heading starts inside a paragraph, if one clearly does.

        Only a short heading sentence after a full stop whose label is the one
        expected next (the next sibling of an open item, or the first child of
        the innermost one) counts, so inline enumerations stay prose.
        """
        canon = self.text.canonical
        for (ps, pe, prole), (s, e, role) in zip(pieces, pieces[1:]):
            if role != "sentence" or canon[pe - 1] not in "。！？!?" or e - s > 50:
                continue
            label = label_at(canon, s)
            if label is not None and label.end < e and self.expected(label):
                return s
        return None

    def expected(self, label: LabelMatch) -> bool:
        """Return True when ``label`` is the next sibling of an open item or a first child."""
        rank = RANKS[label.style]
        if self.stack:
            top = self.stack[-1]
            if rank > top.rank and label.number == 1:
                return True
            return any(n.style == label.style and label.number == n.number + 1 for n in self.stack)
        last = self.roots[-1] if self.roots else None
        if last is None:
            return label.number == 1
        return last.style == label.style and label.number == last.number + 1

    def add_pieces(self, pieces: list[tuple[int, int, str]], units: list[tuple[int, int]],
                   end: int) -> None:
        """Add clauses and record the responsible-unit lists on the current item."""
        for s, e, role in pieces:
            self.add_clause(s, e, role)
        canon = self.text.canonical
        for ua, ub in units:
            lead, others = parse_units(canon[ua + 1:ub - 1], self.comma_lead)
            record = ResponsibleUnits(span=self.orig(ua, ub), text=canon[ua:ub], lead=lead,
                                      others=others)
            if self.stack:
                self.stack[-1].units.append(record)
                if ub == end:
                    self.stack[-1].closed_by_units = True

    def pieces(self, a: int, b: int) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
        """Return the clauses ``(start, end, role)`` of paragraph ``[a, b)`` and its unit lists.

        A responsible-unit parenthesis is split off wherever it stands after a
        sentence end; inside it, clauses still end at ``;`` and ``。`` as the
        evaluation's sentences do.
        """
        units = self.unit_ranges(a, b)
        out: list[tuple[int, int, str]] = []
        pos = a
        for ua, ub in units:
            out += [(s, e, "sentence") for s, e in self._split(pos, ua)]
            out += [(s, e, "units") for s, e in self._split(ua, ub)]
            pos = ub
        out += [(s, e, "sentence") for s, e in self._split(pos, b)]
        return [p for piece in out for p in self._orphan_units(*piece)], units

    def _orphan_units(self, s: int, e: int, role: str) -> list[tuple[int, int, str]]:
        """Split off the end of a unit list whose opening bracket is in an earlier clause."""
        if role != "sentence":
            return [(s, e, role)]
        canon = self.text.canonical
        depth = 0
        for k in range(s, e):
            ch = canon[k]
            if ch in "(〔【":
                depth += 1
            elif ch in ")〕】":
                depth -= 1
                if depth < 0:
                    if not _UNIT_HINT.search(canon, s, k):
                        return [(s, e, role)]
                    return [(s, k + 1, "units")] + ([(k + 1, e, "sentence")] if k + 1 < e else [])
        if depth > 0 and canon[s] in "(〔【" and _UNIT_HINT.search(canon, s, e):
            return [(s, e, "units")]        # the start of a unit list cut in two
        return [(s, e, role)]

    def _split(self, a: int, b: int) -> list[tuple[int, int]]:
        """Split ``[a, b)`` into clauses, also at English full stops."""
        canon = self.text.canonical
        out = []
        for s, e in split_clauses(canon[a:b]):
            s, e = s + a, e + a
            start = s
            for m in re.finditer(r"\.", canon[s:e]):
                i = s + m.start()
                if i == start or i + 1 >= e:
                    continue
                nxt, prev = canon[i + 1], canon[i - 1]
                after = self.text.original[self.text.ends[i]:self.text.ends[i] + 1]
                # an English sentence end: a full stop the writer followed with a space
                if after.isspace() and (prev.isalnum() or prev in ")]\"'") and (
                        nxt.isascii() and nxt.isupper() or "\u4e00" <= nxt <= "\u9fff"):
                    out.append((start, i + 1))
                    start = i + 1
            if start < e:
                out.append((start, e))
        return out

    def unit_ranges(self, a: int, b: int) -> list[tuple[int, int]]:
        """Return the canonical ranges of the responsible-unit parentheses in ``[a, b)``."""
        canon = self.text.canonical
        found: list[tuple[int, int]] = []
        pos = a
        for m in _UNIT_OPEN.finditer(canon, a, b):
            i = m.start()
            if i < pos:
                continue
            before = canon[a:i].rstrip(CLOSERS)
            if before and before[-1] not in TERMINATORS:
                continue
            close = _matching_close(canon, i, b)
            if close is None or not _UNIT_HINT.search(canon, i, close):
                continue
            found.append((i, close + 1))
            pos = close + 1
        return found

    def original_text(self, a: int, b: int) -> str:
        """Return the original text of canonical ``[a, b)`` with layout whitespace removed."""
        if a >= b:
            return ""
        s, e = self.orig(a, b)
        return _without_layout(self.text.original[s:e])

    # -- header
    def header_kinds(self, zone: int) -> list[str]:
        """Classify the paragraphs before the first numbered item: title, header or body."""
        canon = self.text.canonical
        kinds = []
        texts = [canon[a:b].replace(" ", "") for a, b in self.paras[:zone]]
        for i, t in enumerate(texts):
            nxt = texts[i + 1] if i + 1 < len(texts) else ""
            if t.startswith("|") or _FIELD.match(t) or _DOCNUM_PARA.fullmatch(t) \
                    or _only_date(t) or re.fullmatch(r"\([^()]{1,40}\)", t):
                kinds.append("header")
            elif len(t) <= 30 and not _PUNCT.intersection(t) and _only_date(nxt) \
                    and not _DOCTYPE.search(t):
                kinds.append("header")          # signature: the issuer above the date
            elif t.endswith(":") and len(t) <= 150 and ("," in t or "、" in t):
                kinds.append("header")          # addressees
            elif 4 <= len(t) <= 120 and not _PUNCT.intersection(t) and _DOCTYPE.search(t):
                kinds.append("title")
            else:
                kinds.append("body")
        return kinds

    def metadata(self, kinds: list[str], zone: int) -> Metadata:
        """Read title, issuer, number and dates from the header (never from sentences)."""
        canon = self.text.canonical
        texts = [canon[a:b].replace(" ", "") for a, b in self.paras[:zone]]
        titles = [t for t, k in zip(texts, kinds) if k == "title"]
        title = titles[0] if titles else None
        subtitle = None
        if title and len(titles) > 1 and re.search(r"印发|通知|转发", title) and titles[1] != title:
            subtitle = titles[1]
        table = self.table_fields(texts)
        doc_number = None
        date = None
        issuer = None
        published = None
        notes: list[str] = []
        for i, t in enumerate(texts):
            m = _DOCNUM_PARA.fullmatch(t)
            if m and doc_number is None:
                doc_number = m.group(1)
            if kinds[i] == "header" and _only_date(t) and date is None:
                date = iso_date(t)
                if date is None:  # 二〇二六年十十月一日: a date, but no day of the calendar
                    notes.append(f"date {t} is not a valid date; left out")
                prev = texts[i - 1] if i else ""
                if i and len(prev) <= 30 and not _PUNCT.intersection(prev):
                    issuer = prev
            f = _FIELD.match(t)
            if f and f.group(1) in ("时间", "发布时间", "发布日期", "日期") and published is None:
                published = iso_date(f.group(2))
        if doc_number is None and table.get("文号"):
            m = _DOCNUM.search(table["文号"])
            doc_number = m.group() if m else None
        if issuer is None and table.get("发布机构"):
            issuer = table["发布机构"]
        if published is None:
            for key in ("发文日期", "发布日期", "成文日期"):
                if table.get(key):
                    published = iso_date(table[key])
                    break
        if title:
            title = re.sub(r"^#+", "", title) or None  # a Markdown heading mark is not the title's
        history, effective = law_history(texts)
        named = re.search(r"法规名称:([^:]+?)(?=(修正|修订|公布|制定|最新异动|生效)|$)", "".join(texts))
        if title is None and named:
            title = named.group(1)  # 全国法规资料库 pages name the law in a field
        if history:
            date = history[-1].date      # a law is dated by its latest adoption or revision
        if effective is None and (history or (title and re.search(r"(法|条例)$", title))):
            effective = _effective_in_body(canon)
        return Metadata(title=title, subtitle=subtitle, issuer=issuer, doc_number=doc_number,
                        date=date, published=published, effective=effective, history=history,
                        notes=tuple(notes))

    @staticmethod
    def table_fields(texts: list[str]) -> dict[str, str]:
        """Return the ``key: value`` pairs of a pipe-table metadata header."""
        fields: dict[str, str] = {}
        for t in texts:
            if not t.startswith("|"):
                continue
            cells = [c.strip() for c in t.strip("|").split("|")]
            for k in range(0, len(cells) - 1, 2):
                key = cells[k].rstrip(":")
                if key and cells[k].endswith(":"):
                    fields.setdefault(key, cells[k + 1])
        return fields


# ---- laws and regulations: the history their front matter (题注) states -------------------

_CN_NUM = "〇零一二三四五六七八九十百"
# a date as laws write it: 2016年11月7日, 二〇一六年十一月七日, 中华民国一百十二年五月三十一日, 民国112年05月31日
_LAW_DATE = re.compile(
    r"(?P<roc>(?:中华)?民国[ ]*(?P<ry>[" + _CN_NUM + r"]{1,5}|\d{1,3})[ ]*年)"
    r"|(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})[ ]*年"
)
_LAW_MD = re.compile(r"[ ]*(?P<m>[" + _CN_NUM + r"]{1,3}|\d{1,2})[ ]*月[ ]*(?P<d>[" + _CN_NUM + r"]{1,3}|\d{1,2})[ ]*日")
_EVENTS = (("revised", re.compile(r"修订")), ("amended", re.compile(r"修正|修改|异动|修订公布")),
           ("adopted", re.compile(r"通过|发布|公布|制定|颁布|批准")))
_FIELD_EVENTS = {"修正日期": "amended", "最新异动日期": "amended", "修订日期": "revised",
                 "公布日期": "adopted", "制定日期": "adopted", "发布日期": "adopted",
                 "版本日期": "amended"}
_LAW_FIELD = re.compile(r"(?=(?:" + "|".join(_FIELD_EVENTS) + r"|施行日期|生效日期|生效状态|法规名称|法规类别):)")


def _law_number(numeral: str) -> int:
    """Return the value of a year, month or day written in digits or Chinese numerals.

    >>> _law_number("一百十二"), _law_number("一百零四"), _law_number("八十四"), _law_number("二〇一六")
    (112, 104, 84, 2016)
    """
    if numeral.isdigit():
        return int(numeral)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits.update({"零": 0, "○": 0})
    if "十" not in numeral and "百" not in numeral:
        return int("".join(str(digits[c]) for c in numeral))
    value, current = 0, 0
    for c in numeral:
        if c == "百":
            value += (current or 1) * 100
            current = 0
        elif c == "十":
            value += (current or 1) * 10
            current = 0
        else:
            current = digits[c]
    return value + current


def _law_dates(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, iso)`` of every full date in ``text`` (ROC years converted)."""
    found = []
    for m in _LAW_DATE.finditer(text):
        md = _LAW_MD.match(text, m.end())
        if md is None:
            continue
        year = _law_number(m.group("ry")) + 1911 if m.group("roc") else _law_number(m.group("y"))
        month, day = _law_number(md.group("m")), _law_number(md.group("d"))
        if 1 <= month <= 12 and 1 <= day <= 31 and 1800 < year < 2200:
            found.append((m.start(), md.end(), f"{year:04d}-{month:02d}-{day:02d}"))
    return found


def law_history(paragraphs: list[str]) -> tuple[tuple[Event, ...], Optional[str]]:
    """Return the adoption and amendments a law's front matter states, and its effective date.

    ``paragraphs`` are canonical header paragraphs (simplified, width-folded).

    >>> h, _ = law_history(["(2016年11月7日第十二届全国人民代表大会常务委员会第二十四次会议通过"
    ...     " 根据2025年10月28日第十四届全国人民代表大会常务委员会第十八次会议"
    ...     "《关于修改〈中华人民共和国网络安全法〉的决定》修正)"])
    >>> [(e.event, e.date) for e in h]
    [('adopted', '2016-11-07'), ('amended', '2025-10-28')]
    >>> h[0].by
    '第十二届全国人民代表大会常务委员会第二十四次会议'
    """
    events: list[Event] = []
    effective = None
    # field lines (修正日期:…) run together when the normalizer joins them: split them again
    pieces = [piece for text in paragraphs
              for piece in _LAW_FIELD.split(text.replace(" ", "")) if piece]
    for text in pieces:
        field = re.match(r"([^:]{2,8}):(.*)", text)
        if field and field.group(1) in _FIELD_EVENTS:
            dates = _law_dates(field.group(2))
            if dates:
                events.append(Event(_FIELD_EVENTS[field.group(1)], dates[0][2]))
            continue
        if field and field.group(1) in ("施行日期", "生效日期"):
            dates = _law_dates(field.group(2))
            effective = effective or (dates[0][2] if dates else None)
            continue
        hk = re.fullmatch(r"\[(.+日)\]", text)  # a Hong Kong ordinance's commencement date
        if hk and _law_dates(hk.group(1)):
            effective = effective or _law_dates(hk.group(1))[0][2]
            continue
        dates = _law_dates(text)
        for k, (start, end, iso) in enumerate(dates):
            stop = dates[k + 1][0] if k + 1 < len(dates) else len(text)
            segment = text[end:stop]
            if re.match(r"起?(施行|生效)", segment):
                effective = effective or iso
                continue
            # 《关于修改〈…〉的决定》 names the instrument: its words are not the event
            masked = re.sub(r"《[^《》]*》", lambda m: "_" * len(m.group()), segment)
            hits = [(h.start(), event) for event, pattern in _EVENTS
                    for h in [pattern.search(masked)] if h]
            if hits:
                first, event = min(hits)
                by = re.sub(r"(第[一二三四五六七八九十]+次|根据|并|,|、|;|\)|\()+$", "", segment[:first])
                by = re.sub(r"^[\s,、;)(]+", "", by)
                events.append(Event(event, iso, by or None))
    # one event per date and kind, in date order (a text may repeat its 题注 in a 沿革 list)
    unique = {(e.date, e.event): e for e in events}
    return tuple(sorted(unique.values(), key=lambda e: e.date)), effective


def _effective_in_body(canonical: str) -> Optional[str]:
    """Return the date of ``本法自…起施行`` in the text, when it states one."""
    for m in re.finditer(r"自(.{6,24}?日)起(施行|生效)", canonical.replace(" ", "")):
        dates = _law_dates(m.group(1))
        if dates:
            return dates[0][2]
    return None


def _matching_close(text: str, i: int, end: int) -> Optional[int]:
    """Return the index of the bracket closing the one at ``text[i]`` (before ``end``)."""
    depth = 0
    for k in range(i, min(end, i + 400)):
        ch = text[k]
        if ch in "(〔【[":
            depth += 1
        elif ch in ")〕】]":
            depth -= 1
            if depth == 0:
                return k
    return None


def _only_date(text: str) -> bool:
    t = text.replace(" ", "")
    return bool(_DATE_CN.fullmatch(t) or _DATE_CN_NUM.fullmatch(t) or _DATE_ISO.fullmatch(t))


def _without_layout(raw: str) -> str:
    """Drop the whitespace of layout (wraps, indentation) but keep a space between words.

    >>> _without_layout("四川省加快推进\\n“人工智能+”一号 创新工程 for AI  use")
    '四川省加快推进“人工智能+”一号创新工程for AI use'
    """
    raw = re.sub(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])", " ", raw)
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", raw)


def as_written(doc: Document, value: Optional[str]) -> Optional[str]:
    """Return a metadata value as the document writes it (its script and punctuation width).

    Metadata is kept in canonical form (simplified script) so that it can be
    compared; a reader of a traditional-script document is shown its own
    characters.  Values not found in the text come back unchanged.
    """
    if not value:
        return value
    m = re.search(" ?".join(map(re.escape, value)), doc.text.canonical)
    if m is None:
        return value
    s, e = doc.text.original_span(m.start(), m.end())
    return _without_layout(doc.text.original[s:e])


def parse(source: Source, **normalize_options) -> Document:
    """Parse a :class:`Source` into a :class:`Document` (outline, clauses, metadata)."""
    markdown = source.format == "markdown"
    layout = source.boilerplate
    text = normalize(source.text, markdown=markdown, boilerplate=layout, **normalize_options)
    document = _Parser(source, text, markdown).run()
    if normalize_options.get("mask_places") or normalize_options.get("mask_placeholders"):
        # metadata names the document as written: 甘肃省人民政府, not a mask character
        plain = _Parser(source, normalize(source.text, markdown=markdown, boilerplate=layout),
                        markdown).run()
        document = dataclasses.replace(document, metadata=plain.metadata)
    if source.hints:
        # what the file says outside its text (an HTML <title>) fills only what the text leaves open
        hinted = {k: v for k, v in source.hints
                  if k in ("title", "published") and getattr(document.metadata, k) is None}
        if hinted:
            document = dataclasses.replace(
                document, metadata=dataclasses.replace(document.metadata, **hinted))
    return document


def read_document(ref: str, **normalize_options) -> Document:
    """Read and parse a path or ``series@version`` reference."""
    from .sources import read_source
    return parse(read_source(ref), **normalize_options)


# ---- outline views ------------------------------------------------------------------------

def _units_json(item: Item) -> dict:
    lead = _dedupe([n for u in item.units for n in u.lead])
    others = _dedupe([n for u in item.units for n in u.others if n not in lead])
    return {"lead": lead, "others": others, "spans": [list(u.span) for u in item.units]}


def _item_json(item: Item) -> dict:
    return {"label": item.label, "level": item.level, "heading": item.heading,
            "span": list(item.span), "path": item.path, "units": _units_json(item),
            "children": [_item_json(c) for c in item.children]}


def outline_json(doc: Document) -> dict:
    """Return the ``versiondiff.outline/1`` view of a document."""
    m = doc.metadata
    return {
        "format": "versiondiff.outline/1",
        "document": {"ref": doc.source.ref, "path": doc.source.path, "sha256": doc.source.sha256,
                     "length": len(doc.source.text), "title": m.title, "subtitle": m.subtitle,
                     "issuer": m.issuer, "doc_number": m.doc_number, "date": m.date,
                     "published": m.published, "effective": m.effective, "format": doc.source.format,
                     "history": [{"event": e.event, "date": e.date, "by": e.by} for e in m.history],
                     "notes": list(doc.source.notes)},
        "items": [_item_json(i) for i in doc.items],
    }


def outline_text(doc: Document) -> str:
    """Return the outline as indented lines for a person to read."""
    m = doc.metadata
    lines = [m.title or doc.source.ref]
    if m.subtitle:
        lines.append(m.subtitle)
    facts = [f"{k}: {v}" for k, v in (("doc number", m.doc_number), ("issuer", m.issuer),
                                       ("date", m.date), ("published", m.published)) if v]
    if facts:
        lines.append(" · ".join(facts))
    for e in m.history:
        lines.append(f"{e.event} {e.date}" + (f" by {e.by}" if e.by else ""))
    if m.effective:
        lines.append(f"effective: {m.effective}")
    lines += [f"note: {note}" for note in m.notes]
    lines += [f"note: {note}" for note in doc.source.notes]
    lines.append("")

    def walk(item: Item) -> None:
        line = "  " * (item.level - 1) + f"{item.label} {item.heading}".strip()
        units = _units_json(item)
        if units["lead"] or units["others"]:
            parts = []
            if units["lead"]:
                parts.append("lead " + "、".join(units["lead"]))
            if units["others"]:
                parts.append("with " + "、".join(units["others"]) if units["lead"]
                             else "、".join(units["others"]))
            line += "  [" + "; ".join(parts) + "]"
        lines.append(line)
        for child in item.children:
            walk(child)

    for item in doc.items:
        walk(item)
    if not doc.items:
        lines.append("(no numbered parts)")
    return "\n".join(lines) + "\n"
