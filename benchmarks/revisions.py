#!/usr/bin/env python3
"""Make a synthetic revision of a real document with a known edit script.

usage: python benchmarks/revisions.py SOURCE DONOR OUTDIR [--seed N] [--noise] [--edit-rate R]

Writes ``OUTDIR/old.txt``, ``OUTDIR/new.txt`` (byte-exact: CRLF noise stays
CRLF) and ``OUTDIR/truth.json``.  The truth lists records
``{"op", "old": [[s, e]…], "new": [[s, e]…]}`` with code-point offsets into
old.txt / new.txt, the format of ``benchmarks/eval`` (so either scorer reads
either generator's truth).  Ops:

=========  =================================================================
equal      sentence kept as it was
modify     sentence edited: phrase replaced / inserted / deleted, number changed
renumber   an item heading whose only change is its number, after an item was
           inserted before it in the same numbered run
move       sentence moved to a paragraph at least four paragraphs away,
           verbatim or edited (``"edited": true``); ``"placement"`` says whether
           it landed in prose after any label, or ``anywhere`` (glued to a
           heading or title line, or before an item label)
split      one sentence cut at a comma into two (one record, two new spans)
merge      two neighbouring sentences joined with a comma or semicolon
insert     sentence from the donor document (alone, or as a new item/paragraph)
delete     sentence removed
noise      a portal boilerplate line added to the new text (not an edit)
=========  =================================================================

With ``--noise`` the new text also gets changes that are NOT edits, each
switched on at random per revision: the other script (OpenCC ``s2t``/``s2tw``/
``s2hk`` for simplified sources, ``t2s`` for traditional ones; characters that
would not convert back are left alone, so the noise is exactly invertible),
punctuation-width flips of ``，（）：；！？`` and full-width digits/letters, hard
wraps at a random width with page-break blank lines, paragraph indentation with
U+3000 or U+2002, portal boilerplate lines, and CRLF line endings.

The generator is deliberately independent of ``versiondiff``: it splits
sentences, finds item labels and detects the script on its own.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

__all__ = ["Revision", "make_revision", "source_paragraphs", "is_traditional", "write_revision", "check_truth",
           "OPS"]

OPS = ("equal", "modify", "renumber", "move", "split", "merge", "insert", "delete", "noise")

_END = "。！？!?"
_CN = "零一二三四五六七八九"
_LABELS = [
    ("arabic", re.compile(r"^(\d{1,2})([.．﹒、])(?!\d)")),
    ("cn-paren", re.compile(r"^([（(])([一二三四五六七八九十]{1,3})([)）])")),
    ("cn-dun", re.compile(r"^([一二三四五六七八九十]{1,3})(、)")),
]
# what a line must not start with after a hard wrap (it would read as a new item)
_LABEL_START = re.compile(r"(\d{1,3}[.．﹒、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]"
                          r"|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百千\d]+[章节条款])")
# source lines a portal wraps around a document (not prose: left out of the old text)
_BOILER = re.compile(r"欢迎访问|^首页\s*[/>›]|当前位置|打印本页|关闭窗口|扫一扫|\.(pdf|docx?|wps)\s*$",
                     re.IGNORECASE)
_WIDTH = {"，": ",", "（": "(", "）": ")", "：": ":", "；": ";", "！": "!", "？": "?"}
_WIDTH.update({v: k for k, v in list(_WIDTH.items())})
_HEADERS = ["欢迎访问本省人民政府门户网站！", "当前位置：首页 > 政务公开 > 政策文件 > 正文",
            "首页 / 信息公开 / 规划计划 / 正文"]
_FOOTERS = ["【打印本页】【关闭窗口】", "打印本页    关闭窗口", "实施方案全文.pdf"]


def cn_number(text: str) -> int:
    """Return the value of a Chinese numeral up to 99.

    >>> cn_number("十"), cn_number("十四"), cn_number("二十"), cn_number("二十三")
    (10, 14, 20, 23)
    """
    if "十" not in text:
        return _CN.index(text)
    tens, _, ones = text.partition("十")
    return (_CN.index(tens) if tens else 1) * 10 + (_CN.index(ones) if ones else 0)


def cn_numeral(n: int) -> str:
    """Write ``n`` (1–9999) as a Chinese numeral.

    >>> cn_numeral(10), cn_numeral(14), cn_numeral(20), cn_numeral(31), cn_numeral(105), cn_numeral(1230)
    ('十', '十四', '二十', '三十一', '一百零五', '一千二百三十')
    """
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero else "") + _CN[digit] + name
            zero = False
        elif out:
            zero = True
    return out


def label_of(text: str) -> Optional[tuple[str, int, re.Match]]:
    """Return ``(style, number, match)`` when ``text`` starts with an item label.

    >>> label_of("（三）加强保障。")[:2], label_of("12.智能农业")[:2], label_of("2025年")
    (('cn-paren', 3), ('arabic', 12), None)
    """
    for style, pattern in _LABELS:
        m = pattern.match(text)
        if m:
            number = int(m.group(1)) if style == "arabic" else cn_number(
                m.group(2) if style == "cn-paren" else m.group(1))
            return style, number, m
    return None


def relabel(text: str, number: int) -> str:
    """Replace the number of the label ``text`` starts with.

    >>> relabel("（九）提升能力。", 10), relabel("3﹒推进", 4)
    ('（十）提升能力。', '4﹒推进')
    """
    style, _, m = label_of(text)
    if style == "arabic":
        return f"{number}{m.group(2)}" + text[m.end():]
    if style == "cn-paren":
        return f"{m.group(1)}{cn_numeral(number)}{m.group(3)}" + text[m.end():]
    return f"{cn_numeral(number)}{m.group(2)}" + text[m.end():]


def is_traditional(text: str) -> bool:
    """Return True when a good share of the Han characters change under OpenCC t2s."""
    import opencc
    sample = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")[:20000]
    if not sample:
        return False
    converted = opencc.OpenCC("t2s").convert(sample)
    return sum(a != b for a, b in zip(sample, converted)) > 0.03 * len(sample)


_OPEN, _CLOSE = "（(〔[【｛{", "）)〕]】｝}"


def split_units(line: str) -> list[str]:
    """Split a paragraph into sentences and ``；`` clauses, never inside brackets.

    A responsible-unit parenthesis after a sentence is a unit of its own.

    >>> split_units("推进建设；完善机制。（省科技厅负责。下同）其余")
    ['推进建设；', '完善机制。', '（省科技厅负责。下同）', '其余']
    """
    units, start, depth, k = [], 0, 0, 0
    while k < len(line):
        ch = line[k]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
            if (depth == 0 and line[start] in _OPEN and k + 1 < len(line) and line[k + 1] not in _END
                    and not label_of(line[start:])):
                units.append(line[start:k + 1])   # a parenthesis standing alone
                start = k + 1
        elif depth == 0 and ch in _END + "；;":
            while k + 1 < len(line) and line[k + 1] in _END + "”’」』":
                k += 1
            units.append(line[start:k + 1])
            start = k + 1
        k += 1
    if start < len(line):
        units.append(line[start:])
    return [u for u in units if u.strip()]


def source_paragraphs(text: str) -> list[list[str]]:
    r"""Split a source into paragraphs of units; drop blank and portal boilerplate lines.

    A line is a paragraph, except that a prose line cut without a terminal
    mark (a PDF page break: ``构建人工智`` / blank / ``能国产生态…``) is joined
    with the next line.  Indentation is dropped; a piece without a terminal
    mark (a heading, a title line) is a unit too.

    >>> source_paragraphs("\u3000\u3000一、总体要求\n\n首页 / 正文\n到2027年，完成目标。推进建\n\n设！其余\n")
    [['一、总体要求'], ['到2027年，完成目标。', '推进建设！', '其余']]
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line and not _BOILER.search(line)]
    joined: list[str] = []
    for line in lines:
        if (joined and joined[-1][-1] not in _END + "：:；;" + _CLOSE and not label_of(line)
                and any(ch in _END for ch in joined[-1])):
            joined[-1] += line
        else:
            joined.append(line)
    return [units for units in map(split_units, joined) if units]


def _is_sentence(unit: str) -> bool:
    """Return True for prose: a unit ending in a terminal mark or a clause-ending semicolon."""
    return unit.rstrip("”’」』")[-1:] in _END + "；;"


def _bigrams(text: str) -> set[str]:
    return {text[k:k + 2] for k in range(len(text) - 1)}


@dataclass
class _Entry:
    """One unit of the new text: its text and where it came from."""

    text: str
    op: str
    old: list[tuple[int, int]] = field(default_factory=list)  # (paragraph, unit) in the old text
    group: Optional[int] = None                               # split pieces share a group
    edited: bool = False
    placement: str = "prose"                                  # where a moved unit landed


@dataclass
class Revision:
    """An old text, a new text and the truth that relates them."""

    old: str
    new: str
    truth: dict


class _Editor:
    """Sentence-level edits drawing phrases and sentences from a donor."""

    def __init__(self, rng: random.Random, donor_sentences: list[str]):
        self.rng = rng
        self.donor = donor_sentences

    def phrase(self) -> str:
        """Return 2–5 characters of donor prose without punctuation."""
        for _ in range(20):
            s = re.sub(r"[\W\d_a-zA-Z]+", "", self.rng.choice(self.donor))
            if len(s) >= 6:
                a = self.rng.randrange(0, len(s) - 5)
                return s[a:a + self.rng.randint(2, 5)]
        return "数字经济"

    def modify(self, unit: str) -> str:
        """Return ``unit`` with one to three phrase-level edits (after any item label)."""
        label = label_of(unit)
        head = label[2].end() if label else 0
        tail = len(unit) - len(unit.rstrip(_END + "”’」』)）"))
        prefix, body, suffix = unit[:head], unit[head:len(unit) - tail], unit[len(unit) - tail:]
        original = body
        for _ in range(self.rng.choice((1, 1, 2, 3))):
            kind = self.rng.choice(("replace", "replace", "insert", "delete", "number"))
            numbers = list(re.finditer(r"\d+(?:\.\d+)?", body))
            if kind == "number" and numbers:
                m = self.rng.choice(numbers)
                value = m.group()
                if "." in value:
                    new = f"{float(value) + self.rng.choice((0.5, 1.5)):g}"
                else:
                    new = str(int(value) + self.rng.choice((1, 2, 3, 5, 10, 20)))
                body = body[:m.start()] + new + body[m.end():]
                continue
            if len(body) < 10:
                kind = "insert"
            if kind == "delete":
                n = self.rng.randint(2, min(8, len(body) // 3))
                at = self.rng.randrange(1, len(body) - n)
                body = body[:at] + body[at + n:]
            elif kind == "insert":
                at = self.rng.randrange(1, max(2, len(body)))
                body = body[:at] + self.rng.choice(("", "和", "及", "、")) + self.phrase() + body[at:]
            else:
                n = self.rng.randint(2, 5)
                at = self.rng.randrange(1, max(2, len(body) - n))
                body = body[:at] + self.phrase() + body[at + n:]
        if body == original:  # a replacement drew the very phrase it replaced
            body = body[:1] + "加快" + body[1:]
        return prefix + body + suffix


def _donor_sentences(donor: str, source: str, traditional: bool) -> list[str]:
    """Return donor sentences fit for insertion: prose, no label, not already in the source."""
    import opencc
    t2s = opencc.OpenCC("t2s")
    source_simple = t2s.convert(source)
    source_grams = [_bigrams(t2s.convert(s)) for p in source_paragraphs(source) for s in p if len(s) > 8]
    out = []
    for p in source_paragraphs(donor):
        for s in p:
            if len(s) < 14 or not _is_sentence(s) or label_of(s) or t2s.convert(s) in source_simple:
                continue
            grams = _bigrams(t2s.convert(s))
            # a near copy of a source sentence would rightly align as a moved/changed one
            if any(len(grams & g) > 0.5 * min(len(grams), len(g)) for g in source_grams):
                continue
            out.append(s)
    if traditional:
        s2t = opencc.OpenCC("s2t")
        out = [s2t.convert(s) for s in out]
    if not out:
        out = ["加强组织实施，确保各项任务落到实处。"]
    return out


def _plan(paragraphs: list[list[str]], editor: _Editor, rng: random.Random,
          rate: float) -> tuple[list[list[_Entry]], list[tuple[int, int]]]:
    """Decide the edits; return the new paragraphs (entries) and the deleted old units."""
    counts: dict[str, int] = {}
    for p in paragraphs:
        for u in p:
            counts[u] = counts.get(u, 0) + 1
    locked: set[tuple[int, int]] = set()
    for pi, p in enumerate(paragraphs):
        for k, u in enumerate(p):
            if not _is_sentence(u) or len(u) < 8 or (k == 0 and label_of(u)):
                locked.add((pi, k))
    rows: list[list[_Entry]] = [[] for _ in paragraphs]
    before: dict[int, list[list[_Entry]]] = {}   # new paragraphs to place before old paragraph pi
    renumbered: dict[int, int] = {}               # paragraph -> new number of its label

    # an item inserted into a numbered run, renumbering the items after it
    runs: list[list[tuple[int, int]]] = []
    current: dict[str, list[tuple[int, int]]] = {}
    for pi, p in enumerate(paragraphs):
        found = label_of(p[0])
        if not found:
            continue
        style, number, _ = found
        run = current.get(style)
        if run and number == run[-1][1] + 1:
            run.append((pi, number))
        else:
            current[style] = [(pi, number)]
            runs.append(current[style])
    runs = [r for r in runs if len(r) >= 3]
    if runs and rng.random() < min(1.0, 2.5 * rate):
        run = rng.choice(runs)
        k = rng.randrange(0, len(run) - 1)
        pi_next, number = run[k + 1]
        first = paragraphs[run[k][0]][0]
        heading = relabel(first, number)
        body = rng.choice(editor.donor)
        label_end = label_of(heading)[2].end()
        words = re.sub(r"[\W\d_]+", "", body)[:rng.randint(6, 10)]
        heading = heading[:label_end] + words + ("。" if _is_sentence(first) else "")
        item = [_Entry(heading, "insert"), _Entry(body, "insert")]
        before.setdefault(pi_next, []).append(item)
        for pi, n in run[k + 1:]:
            renumbered[pi] = n + 1
            locked.add((pi, 0))

    p_modify, p_delete, p_move = 0.40 * rate, 0.17 * rate, 0.14 * rate
    p_merge, p_split, p_insert = 0.11 * rate, 0.11 * rate, 0.15 * rate
    deleted: list[tuple[int, int]] = []
    moving: list[_Entry] = []
    group = 0
    for pi, p in enumerate(paragraphs):
        k = 0
        while k < len(p):
            u = p[k]
            entry = _Entry(u, "equal", [(pi, k)])
            if pi in renumbered and k == 0:
                entry = _Entry(relabel(u, renumbered[pi]), "renumber", [(pi, k)])
            elif (pi, k) not in locked:
                r = rng.random()
                edges = [p_modify, p_delete, p_move, p_merge, p_split]
                cut = [sum(edges[:n + 1]) for n in range(len(edges))]
                nxt = p[k + 1] if k + 1 < len(p) else ""
                commas = [m.start() for m in re.finditer("[，,]", u) if 6 <= m.start() <= len(u) - 7]
                if r < cut[0]:
                    entry = _Entry(editor.modify(u), "modify", [(pi, k)])
                elif r < cut[1]:
                    deleted.append((pi, k))
                    entry = None
                elif r < cut[2] and counts[u] == 1:
                    edited = rng.random() < 0.5
                    moving.append(_Entry(editor.modify(u) if edited else u, "move", [(pi, k)],
                                         edited=edited))
                    entry = None
                elif (r < cut[3] and nxt and (pi, k + 1) not in locked and u[-1] in "。；"):
                    joint = rng.choice("，；") if u[-1] == "。" else "，"
                    entry = _Entry(u[:-1] + joint + nxt, "merge", [(pi, k), (pi, k + 1)])
                    k += 1
                elif r < cut[4] and commas:
                    at = rng.choice(commas)
                    group += 1
                    end = "；" if u.rstrip("”’」』")[-1] in "；;" else "。"
                    rows[pi].append(_Entry(u[:at] + end, "split", [(pi, k)], group))
                    entry = _Entry(u[at + 1:], "split", [(pi, k)], group)
            if entry is not None:
                rows[pi].append(entry)
            if rng.random() < p_insert and _is_sentence(u):
                rows[pi].append(_Entry(rng.choice(editor.donor), "insert"))
            k += 1
        if rng.random() < p_insert / 4 and pi + 1 not in before and pi + 1 < len(paragraphs):
            before.setdefault(pi + 1, []).append(
                [_Entry(rng.choice(editor.donor), "insert") for _ in range(rng.randint(1, 3))])
    # moved sentences go at least four paragraphs away: most into prose after any item
    # label; a quarter anywhere at all, glued to a heading or title line or before a
    # label, as careless editing and text extraction leave them
    prose = [pi for pi, p in enumerate(paragraphs) if any(_is_sentence(u) for u in p)]
    for entry in moving:
        (src, _), = entry.old
        if rng.random() < 0.25:
            entry.placement = "anywhere"
            row = rows[_far(rng, list(range(len(paragraphs))), src)]
            row.insert(rng.randint(0, len(row)), entry)
        else:
            row = rows[_far(rng, prose, src)]
            lowest = 1 if row and label_of(row[0].text) else 0
            row.insert(rng.randint(lowest, len(row)), entry)
    out: list[list[_Entry]] = []
    for pi, row in enumerate(rows):
        out.extend(before.get(pi, []))
        if row:
            out.append(row)
    return out, deleted


def _far(rng: random.Random, candidates: list[int], src: int) -> int:
    """Pick a candidate paragraph at least four paragraphs from ``src`` (any, if none is)."""
    for _ in range(50):  # rejection sampling keeps huge documents linear
        pick = rng.choice(candidates)
        if abs(pick - src) >= 4:
            return pick
    far = [pi for pi in candidates if abs(pi - src) >= 4]
    return rng.choice(far or candidates)


class _Noise:
    """The non-edits applied to the new text, drawn once per revision."""

    def __init__(self, rng: random.Random, enabled: bool, traditional: bool):
        on = (lambda: enabled and rng.random() < 0.8)
        self.script = None
        if on():
            self.script = "t2s" if traditional else rng.choice(("s2t", "s2t", "s2tw", "s2hk"))
        self.width = rng.choice((0.5, 1.0)) if on() else 0.0
        self.fullwidth = enabled and rng.random() < 0.3
        self.wrap = rng.choice((22, 27, 33, 40, 52, 70)) if on() else 0
        self.page_break = rng.choice((0.04, 0.1, 0.2)) if self.wrap else 0.0
        self.indent = rng.choice(("\u3000\u3000", "\u2002\u2002", "  ", "\u3000")) if on() else ""
        self.boiler = on()
        self.crlf = enabled and rng.random() < 0.5
        self.blank_lines = rng.random() < 0.5     # paragraph separation style of the new text
        self._converters: dict = {}

    def describe(self) -> dict:
        """Return the noise settings for the truth file."""
        return {"script": self.script, "width": self.width, "fullwidth_alnum": self.fullwidth,
                "wrap": self.wrap, "page_break": self.page_break, "indent": self.indent,
                "boilerplate": self.boiler, "crlf": self.crlf}

    def _convert(self, text: str) -> str:
        import opencc
        if self.script not in self._converters:
            self._converters[self.script] = opencc.OpenCC(self.script)
            self._converters["t2s"] = opencc.OpenCC("t2s")
        converted = self._converters[self.script].convert(text)
        back = self._converters["t2s"]
        if len(converted) != len(text):
            return text
        # keep a converted character only where t2s brings it back: pure noise, never an edit
        ref = back.convert(text)
        again = back.convert(converted)
        if len(again) != len(ref):
            return text
        return "".join(c if a == b else t for c, t, a, b in zip(converted, text, again, ref))

    def surface(self, text: str, rng: random.Random) -> str:
        """Return ``text`` with script, width and full-width noise applied."""
        if self.script:
            text = self._convert(text)
        if self.width:
            text = "".join(_WIDTH[c] if c in _WIDTH and rng.random() < self.width else c for c in text)
        if self.fullwidth:
            text = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)
        return text


def make_revision(source: str, donor: str, seed: int = 0, noise: bool = False,
                  edit_rate: float = 0.45, donor_sentences: Optional[list[str]] = None) -> Revision:
    """Return a revision of ``source`` (edits drawn with ``seed``), optionally with surface noise.

    ``edit_rate`` scales the edit probabilities: at 0.45 about 42% of the
    editable units get an edit (plus insertions), at 0.22 about 20%.
    ``donor_sentences`` replaces the donor screening (which compares every
    donor sentence with every source sentence: too slow for huge sources).
    """
    # the source takes part in the seeds, so one seed gives different draws on different documents
    salt = zlib.crc32(source.encode("utf-8"))
    rng = random.Random(f"versiondiff-revision/{seed}/{salt}")
    traditional = is_traditional(source)
    paragraphs = source_paragraphs(source)
    editor = _Editor(rng, donor_sentences or _donor_sentences(donor, source, traditional))
    rows, deleted = _plan(paragraphs, editor, rng, edit_rate)
    fx = _Noise(random.Random(f"versiondiff-noise/{seed}/{salt}"), noise, traditional)
    nrng = random.Random(f"versiondiff-surface/{seed}/{salt}")

    # the old text: one paragraph a line, the unit spans recorded as it is written
    parts: list[str] = []
    pos = 0
    old_spans: dict[tuple[int, int], tuple[int, int]] = {}
    old_sep = "\n\n" if rng.random() < 0.4 else "\n"
    for pi, p in enumerate(paragraphs):
        for k, u in enumerate(p):
            old_spans[(pi, k)] = (pos, pos + len(u))
            parts.append(u)
            pos += len(u)
        parts.append(old_sep)
        pos += len(old_sep)
    old = "".join(parts)

    # the new text, written character by character so wraps never disturb the spans
    nl = "\r\n" if fx.crlf else "\n"
    out: list[str] = []
    size = 0
    records: list[dict] = []
    splits: dict[int, dict] = {}

    def emit(s: str) -> None:
        nonlocal size
        out.append(s)
        size += len(s)

    def noise_line(line: str) -> None:
        start = size
        emit(line)
        records.append({"op": "noise", "old": [], "new": [[start, size]]})
        emit(nl)

    if fx.boiler:
        for line in nrng.sample(_HEADERS, nrng.randint(1, 2)):
            noise_line(line)
    for row in rows:
        emit(fx.indent)
        column = 0
        # a pipe-table row is layout, not prose: wrapping it would change the table
        wrap = 0 if row[0].text.startswith("|") else fx.wrap
        for entry in row:
            text = fx.surface(entry.text, nrng)
            start = size
            for n, ch in enumerate(text):
                rest = text[n:]
                if (wrap and column >= wrap and not ch.isspace()
                        and not (ch.isascii() and ch.isalnum() and out and out[-1][-1:].isascii()
                                 and out[-1][-1:].isalnum())
                        and not _LABEL_START.match(rest)):
                    emit(nl + nl if nrng.random() < fx.page_break else nl)
                    column = 0
                emit(ch)
                column += 1
            span = [start, size]
            if entry.op == "split":
                record = splits.get(entry.group)
                if record is None:
                    record = splits[entry.group] = {
                        "op": "split", "old": [list(old_spans[o]) for o in entry.old], "new": []}
                    records.append(record)
                record["new"].append(span)
            else:
                record = {"op": entry.op, "old": [list(old_spans[o]) for o in entry.old], "new": [span]}
                if entry.op == "move":
                    record["edited"] = entry.edited
                    record["placement"] = entry.placement
                records.append(record)
        emit(nl + nl if fx.blank_lines else nl)
    if fx.boiler:
        for line in nrng.sample(_FOOTERS, nrng.randint(1, 2)):
            noise_line(line)
    for o in deleted:
        records.append({"op": "delete", "old": [list(old_spans[o])], "new": []})
    new = "".join(out)
    truth = {"generator": "versiondiff benchmarks/revisions.py", "seed": seed,
             "edit_rate": edit_rate, "noise": fx.describe(), "records": records}
    return Revision(old, new, truth)


def check_truth(rev: Revision) -> None:
    """Raise AssertionError unless every truth span covers the text the edit script says."""
    old, new = rev.old, rev.new
    seen_old: set[int] = set()
    for r in rev.truth["records"]:
        assert r["op"] in OPS, r
        for s, e in r["old"]:
            assert 0 <= s < e <= len(old) and old[s:e].strip(), r
            assert not seen_old & set(range(s, e)), ("old span used twice", r)
            seen_old |= set(range(s, e))
        for s, e in r["new"]:
            assert 0 <= s < e <= len(new) and new[s:e].strip(), r
        if r["op"] in ("insert", "noise"):
            assert not r["old"] and r["new"], r
        elif r["op"] == "delete":
            assert r["old"] and not r["new"], r
        else:
            assert r["old"] and r["new"], r
    covered = seen_old
    missing = [k for k, ch in enumerate(old) if not ch.isspace() and k not in covered]
    assert not missing, ("old text outside the truth", old[missing[0]:missing[0] + 20])


def write_revision(rev: Revision, outdir: Path) -> None:
    """Write old.txt, new.txt (byte-exact line endings) and truth.json into ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    with open(outdir / "old.txt", "w", encoding="utf-8", newline="") as f:
        f.write(rev.old)
    with open(outdir / "new.txt", "w", encoding="utf-8", newline="") as f:
        f.write(rev.new)
    (outdir / "truth.json").write_text(json.dumps(rev.truth, ensure_ascii=False, indent=1),
                                       encoding="utf-8")


def main() -> None:
    """Run the command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source")
    ap.add_argument("donor")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--noise", action="store_true")
    ap.add_argument("--edit-rate", type=float, default=0.45)
    a = ap.parse_args()
    read = (lambda p: Path(p).read_bytes().decode("utf-8-sig"))
    rev = make_revision(read(a.source), read(a.donor), a.seed, a.noise, a.edit_rate)
    check_truth(rev)
    write_revision(rev, Path(a.outdir))


if __name__ == "__main__":
    main()
