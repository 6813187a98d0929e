"""Build the canonical text used for matching, with a map back to the original.

Rules (DESIGN.md "Normalization"): width folding (NFKC per character, so
``，（）：；`` equal ``,():;``), traditional → simplified script (OpenCC
``t2s``), spaces dropped unless they separate two ASCII alphanumerics, lines
broken inside a sentence joined (hard wraps, PDF page breaks with blank lines
between the halves, titles wrapped over several header lines), one ``"\\n"``
kept per real paragraph end, portal boilerplate set aside as ``ignored``.
Masking of placeholders and place names and the department alias table are
hooks, off by default.

Every canonical character maps to the original range it came from
(``Text.starts`` / ``Text.ends``); the core does no I/O except reading its own
package data.
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from .models import Span, Text

__all__ = [
    "normalize", "fold_char", "is_terminal", "label_at", "LabelMatch", "MASK",
    "TERMINATORS", "CLOSERS", "load_aliases", "load_places",
]

#: The private-use character that stands for a masked place name or placeholder.
#: Both hooks use the same one so that ``关键词1省`` and ``甘肃省`` become equal.
MASK = "\ue000"

#: Characters that end a sentence or clause (the eval generator's notion).
TERMINATORS = "。！？；!?;"
#: Closing quotes and brackets that stay with a terminator right before them.
CLOSERS = "”’」』）)]】〕》\"'"
# A line ending in one of these (plus closers) ends its paragraph.
_LINE_FINAL = TERMINATORS + "：:"
_PROSE_PUNCT = set("，,、。；;：:！？!?")
# How much of a paragraph's end the joining rules look at (brackets, terminators).
_TAIL = 300
# A line this long without any punctuation is a wrapped line, not a heading.
_LONG_LINE = 24
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_ZERO_WIDTH}]")

# Numbering labels at the start of a paragraph, matched on folded simplified text.
_LABEL = re.compile(
    r"(?P<chapter>第[ ]*(?P<n0>[一二三四五六七八九十百千零〇两]+|\d{1,4})[ ]*(?P<unit>编|部分|章|节|条))"
    r"|(?P<cndun>(?P<n1>[一二三四五六七八九十百零〇]{1,4})、)"
    r"|(?P<cnparen>\((?P<n2>[一二三四五六七八九十百零〇]{1,4})\))"
    r"|(?P<arparen>\((?P<n3>\d{1,3})\))"
    r"|(?P<ardot>(?P<n4>\d{1,3})(?:\.(?![\d.])|、))"
)

_DOCTYPE = re.compile(
    r"(通知|方案|意见|办法|规定|规划|纲要|细则|条例|决定|计划|措施|公告|通告|批复|报告|指南"
    r"|清单|要点|政策|法|决议|纪要|章程|准则|行动|建议|通报)[》”]?$")
_DATE_LINE = re.compile(
    r"(\d{4}年\d{1,2}月\d{1,2}日|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
    r"[一二三四五六七八九十]{1,3}日|\d{4}-\d{1,2}-\d{1,2})")
_DOCNUM = r"[\u4e00-\u9fff]{1,12}[〔\[【(]\d{4}[〕\]】)]第?\d{1,5}号"
_DOCNUM_LINE = re.compile(rf"\(?{_DOCNUM}\)?")
_PAREN_LINE = re.compile(r"\([^()]{1,40}\)")
_FIELD_LINE = re.compile(
    r"[•·●▪◆■]|(时间|来源|发布时间|发布日期|日期|作者|浏览次数|点击数|信息来源|文章来源|字号)[:]")
_BANNER = re.compile(r"欢迎(访问|光临|来到|您访问|进入|浏览).{0,40}")
_BREADCRUMB = re.compile(r"(首页|当前位置|您的位置|您现在的位置|您所在的位置|所在位置)[ ]*[:/>›»→＞]")
_PRINT_WORDS = re.compile(r"打印本页|关闭窗口|打印此页|关闭本页|返回顶部|【打印】|【关闭】|\[打印\]|\[关闭\]")
_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})(?:[ \t]+|$)")
_NUMBER_PUNCT = re.compile(r"(?<=\d)[,.:](?=\d)")
_UNITS_START = re.compile(r"[(〔【][^)〕】]{0,80}?(单位[:]|负责|落实|牵头)")
_ASCII_ALPHA = re.compile(r"[A-Za-z]")
_ARTICLE_ALONE = re.compile(r"第[ ]*([一二三四五六七八九十百千零〇两]+|\d{1,4})[ ]*条(之[一二三四五六七八九十]+)?")


@dataclass(frozen=True)
class LabelMatch:
    """A numbering label found at the start of a text."""

    end: int        # index just after the label (trailing spaces excluded)
    style: str      # "chapter-章" … "cn-dun", "cn-paren", "arabic-paren", "arabic-dot", "arabic-dun"
    number: int     # the numeral's value


def label_at(text: str, pos: int = 0) -> Optional[LabelMatch]:
    """Return the numbering label at ``text[pos:]`` (canonical script and width), if any.

    >>> label_at("(十五)“人工智能+”军民融合。")
    LabelMatch(end=4, style='cn-paren', number=15)
    >>> label_at("23.降低算力使用成本。").number
    23
    >>> label_at("第 1 条 为了") .style, label_at("1.5倍") is None, label_at("2018-2020年") is None
    ('chapter-条', True, True)
    """
    m = _LABEL.match(text, pos)
    if m is None:
        return None
    if m.group("chapter"):
        return LabelMatch(m.end(), "chapter-" + m.group("unit"), _number(m.group("n0")))
    if m.group("cndun"):
        return LabelMatch(m.end(), "cn-dun", _number(m.group("n1")))
    if m.group("cnparen"):
        return LabelMatch(m.end(), "cn-paren", _number(m.group("n2")))
    if m.group("arparen"):
        return LabelMatch(m.end(), "arabic-paren", int(m.group("n3")))
    if m.group("ardot"):
        style = "arabic-dun" if m.group("ardot").endswith("、") else "arabic-dot"
        return LabelMatch(m.end(), style, int(m.group("n4")))
    raise AssertionError(m.lastgroup)  # pragma: no cover


def _number(numeral: str) -> int:
    """Return the value of a Chinese or Arabic numeral.

    >>> [_number(s) for s in ("十", "十四", "二十", "一百零五", "两", "12")]
    [10, 14, 20, 105, 2, 12]
    """
    if numeral.isdigit():
        return int(numeral)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2})
    total, current = 0, 0
    for ch in numeral:
        if ch in digits:
            current = digits[ch]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


def is_terminal(line: str) -> bool:
    """Return True when a (canonical) line ends its sentence or paragraph.

    A line ends in sentence-final punctuation (closers may follow), or in a
    bracketed remark that itself follows such punctuation, such as the
    responsible units ``。(省科技厅负责)``.

    >>> is_terminal("到2027年,普及率达70%。"), is_terminal("构建人工智")
    (True, False)
    >>> is_terminal("完善标准。〔责任单位:科技厅,教育厅(逗号前为牵头单位,下同)〕")
    True
    """
    stripped = line.rstrip(CLOSERS + " ")
    if not stripped:
        return bool(line)
    if stripped[-1] in _LINE_FINAL:
        return True
    if stripped[-1] == "." and re.match(r"[A-Za-z\])\"']", stripped[-2:-1]):
        return True     # an English full stop (not "3." of a wrapped "3.5", nor "通知.PDF")
    if line[-1] not in ")）〕】]":
        return False        # a title in 《》 or a quotation is no remark closing a paragraph
    opener = _matching_opener(line)
    if opener is None:
        return False
    before = line[:opener].rstrip(CLOSERS + " ")
    return not before or before[-1] in _LINE_FINAL


_OPENERS, _CLOSE_BRACKETS = "(（〔【[「『《", ")）〕】]」』》"


def _matching_opener(text: str) -> Optional[int]:
    """Return the index of the bracket that the bracket ending ``text`` closes."""
    if not text or text[-1] not in _CLOSE_BRACKETS:
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch in _CLOSE_BRACKETS:
            depth += 1
        elif ch in _OPENERS:
            depth -= 1
            if depth == 0:
                return i
    return None


# ---- character folding ------------------------------------------------------

@functools.lru_cache(maxsize=None)
def fold_char(ch: str) -> str:
    """Return the width-folded form of one character (NFKC, spaces to ``" "``).

    >>> fold_char("，"), fold_char("﹒"), fold_char("\\u3000"), fold_char("…"), fold_char("。")
    (',', '.', ' ', '...', '。')
    """
    if ch in _ZERO_WIDTH or ch.isspace():
        return " " if ch not in "\r\n" else ch
    folded = unicodedata.normalize("NFKC", ch)
    if folded == ch or not folded:
        return ch
    # NFKC turns a few marks into a space plus a combining mark: not a width fold.
    if any(c.isspace() for c in folded) or unicodedata.combining(folded[0]):
        return ch
    return folded


def _fold_tables(chars: Iterable[str]) -> tuple[dict[int, str], dict[str, str]]:
    """Split the folds needed for ``chars`` into one-to-one ones and expansions."""
    single: dict[int, str] = {}
    multi: dict[str, str] = {}
    for ch in chars:
        if ord(ch) < 0x80 and not ch.isspace():
            continue
        folded = fold_char(ch)
        if folded == ch:
            continue
        if len(folded) == 1:
            single[ord(ch)] = folded
        else:
            multi[ch] = folded
    return single, multi


@functools.lru_cache(maxsize=1)
def _converter():
    """Create the OpenCC t2s converter once (it loads dictionaries)."""
    import opencc
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=None)
def _t2s_char(ch: str) -> str:
    converted = _converter().convert(ch)
    return converted if len(converted) == 1 else ch


def _t2s_line(line: str) -> str:
    """Convert one line to simplified script without changing its length."""
    converted = _converter().convert(line)
    if len(converted) == len(line):
        return converted
    # A phrase conversion changed the length: convert character by character
    # so that every position still maps to its original character.
    return "".join(_t2s_char(ch) for ch in line)


def _simplify(folded: str, line_bounds: list[tuple[int, int, int]]) -> str:
    """Convert the whole folded text to simplified script, keeping every position."""
    if folded.isascii():
        return folded
    converted = _converter().convert(folded)
    if len(converted) == len(folded) and all(
            converted[b:b + 1] == folded[b:b + 1] for _, b, _ in line_bounds):
        return converted
    parts = []
    pos = 0
    for a, b, nl in line_bounds:
        parts.append(folded[pos:a])
        parts.append(_t2s_line(folded[a:b]))
        pos = b
    parts.append(folded[pos:])
    return "".join(parts)


def _resimplify(canonical: str) -> str:
    """Convert the joined canonical paragraphs to simplified script again, keeping length."""
    if canonical.isascii():
        return canonical
    converted = _converter().convert(canonical)
    paragraphs = canonical.split("\n")
    if len(converted) == len(canonical) and \
            [len(p) for p in converted.split("\n")] == [len(p) for p in paragraphs]:
        return converted
    for k, paragraph in enumerate(paragraphs):
        again = _converter().convert(paragraph)
        if len(again) == len(paragraph):
            paragraphs[k] = again
    return "\n".join(paragraphs)


# ---- package data -------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def load_aliases() -> dict[str, str]:
    """Return the department alias table (old name → current name)."""
    import json
    from importlib import resources  # only with --aliases: loading it costs start-up time
    raw = resources.files("versiondiff").joinpath("data/aliases.json").read_text(encoding="utf-8")
    return dict(json.loads(raw)["aliases"])


@functools.lru_cache(maxsize=1)
def load_places() -> tuple[str, ...]:
    """Return the place names masked by ``mask_places``, longest first."""
    from importlib import resources
    raw = resources.files("versiondiff").joinpath("data/places.txt").read_text(encoding="utf-8")
    names = {line.split("#", 1)[0].strip() for line in raw.splitlines()}
    return tuple(sorted((n for n in names if n), key=lambda n: (-len(n), n)))


# ---- lines --------------------------------------------------------------------

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


@dataclass
class _Line:
    """One non-blank line of the input."""

    start: int          # original offset of the first non-space character
    end: int            # original offset after the last non-space character
    nl_end: int         # original offset after the line break (== end of text at EOF)
    raw_len: int        # length of the line as written (without its break)
    text: str           # folded, simplified, stripped text
    kind: str = "text"  # text | table | field | docnum | date | paren | heading | md | boiler
    blank_before: bool = False
    label: bool = False
    cols: Optional[list[int]] = None  # original offset of each text character, when not start + i

    def at(self, i: int) -> int:
        """Return the original offset of ``text[i]`` (``end`` past the last character)."""
        if self.cols is None:
            return self.start + i
        return self.cols[i] if i < len(self.cols) else self.end


def _split_lines(original: str, simple: str, markdown: bool) -> list[_Line]:
    """Return the non-blank lines with their classification."""
    lines: list[_Line] = []
    blank = False
    for m in _LINE.finditer(original):
        a, b = m.span(1)
        if a == b and not m.group(2):
            break           # the empty match at the end of the text
        content = simple[a:b]
        body = content.strip()
        if not body:
            blank = True
            continue
        lead = len(content) - len(content.lstrip())
        trail = len(content) - len(content.rstrip())
        line = _Line(a + lead, b - trail, m.end(), b - a, body, blank_before=blank)
        if _INVISIBLE.search(original, a, b):
            # zero-width characters are nothing, not spaces: classify the line without them
            line.cols = [k for k in range(line.start, line.end) if original[k] not in _ZERO_WIDTH]
            line.text = "".join(simple[k] for k in line.cols)
        if markdown and _MD_HEADING.match(original, a):
            line.kind = "md"
        lines.append(line)
        blank = False
    return lines


def _classify(line: _Line) -> None:
    """Set ``line.kind`` and ``line.label`` from its text."""
    t = line.text
    if line.kind == "md":
        return
    if _BANNER.fullmatch(t) or (_BREADCRUMB.match(t) and len(t) <= 80) or (
            _PRINT_WORDS.search(t) and len(t) <= 40):
        line.kind = "boiler"
        return
    if t.startswith("|"):
        line.kind = "table"
    elif _FIELD_LINE.match(t) and len(t) <= 60:
        line.kind = "field"
    elif _DOCNUM_LINE.fullmatch(t):
        line.kind = "docnum"
    elif _DATE_LINE.fullmatch(t):
        line.kind = "date"
    elif _PAREN_LINE.fullmatch(t):
        line.kind = "paren"
    label = label_at(t)
    if label is not None and line.kind == "text":
        line.label = True
        rest = t[label.end:].rstrip(TERMINATORS + CLOSERS)
        if not any(ch in _PROSE_PUNCT for ch in rest):
            line.kind = "heading"


def _has_prose(line: _Line) -> bool:
    """Return True when the line reads as running text (it has sentence punctuation)."""
    text = line.text
    if line.label:
        label = label_at(text)
        text = text[label.end:] if label else text
    # "10:12", "1,000" and "3.5" are numbers, not punctuation of running text.
    return any(ch in _PROSE_PUNCT for ch in _NUMBER_PUNCT.sub("", text))


def _wrap_width(lines: list[_Line]) -> int:
    """Return the width a hard-wrapped text was cut at, or 0 when there is none."""
    lengths = Counter(l.raw_len for l in lines
                      if l.kind in ("text", "heading") and not is_terminal(l.text))
    if not lengths:
        return 0
    width, count = lengths.most_common(1)[0]
    if width >= 16 and count >= 3 and count * 4 >= sum(lengths.values()):
        return width
    return 0


def _title_run(lines: list[_Line], i: int) -> int:
    """Return how many lines after ``i`` complete a title wrapped over header lines."""
    first = lines[i]
    if not _title_piece(first) or _DOCTYPE.search(first.text):
        return 0
    for k in range(i + 1, min(i + 4, len(lines))):
        nxt = lines[k]
        if nxt.blank_before or not _title_piece(nxt):
            return 0
        if _DOCTYPE.search(nxt.text):
            return k - i
    return 0


def _title_piece(line: _Line) -> bool:
    return (line.kind == "text" and not line.label and len(line.text) <= 40
            and not any(ch in _PROSE_PUNCT for ch in line.text))


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Group content lines into paragraphs, joining lines broken inside a sentence."""
    body = [l for l in lines if l.kind != "boiler"]
    width = _wrap_width(body)
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    continued = False       # the current line was joined onto by prose (not title) joining
    title_left = 0          # lines still to join into a title wrapped over header lines
    tail = ""               # the end of the current paragraph so far
    for idx, line in enumerate(body):
        current.append(line)
        tail = (tail + line.text)[-_TAIL:]
        nxt = body[idx + 1] if idx + 1 < len(body) else None
        join = False
        if nxt is not None:
            if title_left == 0 and idx < 30:
                title_left = _title_run(body, idx)
            if title_left > 0:
                title_left -= 1
                join, continued = True, False
            elif _continues(line, nxt, tail, continued, width):
                join, continued = True, True
        if not join:
            paragraphs.append(current)
            current = []
            continued = False
            tail = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _continues(line: _Line, nxt: _Line, tail: str, continued: bool, width: int) -> bool:
    """Return True when ``nxt`` continues the sentence or paragraph that ``line`` breaks off.

    ``tail`` is the end of the paragraph up to and including ``line``.
    """
    if width and line.raw_len == width and line.kind in ("text", "heading") \
            and nxt.kind == "text" and not nxt.label and not is_terminal(tail):
        return True         # cut by a hard wrap at a fixed width
    if line.kind == "table" and (
            not line.text.endswith("|") and nxt.kind != "table" or line.text.endswith(":")
            or nxt.kind == "text" and nxt.text.endswith("|")):
        return True         # a table row wrapped onto the next line (a key without its value…)
    if (line.kind == "heading" and nxt.kind == "text" and not nxt.label
            and _ARTICLE_ALONE.fullmatch(line.text)):
        return True         # an article label on its own line (第 1 條) and its text: one article
    if line.kind != "text" or nxt.kind not in ("text", "paren") or nxt.label:
        return False        # never after a heading or header line, never before an item
    if _unclosed(_open_segment(tail)) or _UNITS_START.match(nxt.text):
        # an open bracket, or the responsible units of the paragraph broken onto
        # the next line: both still belong to the paragraph
        return True
    if nxt.kind != "text" or is_terminal(tail) or _title_end(line):
        return False
    return (_has_prose(line) or continued or len(line.text) >= _LONG_LINE and _mostly_cjk(line.text))


def _open_segment(tail: str) -> str:
    """Return the text after the last sentence end (where an open bracket still matters)."""
    cut = max(tail.rfind(ch) for ch in "。！？!?")
    return tail[cut + 1:]


def _unclosed(text: str) -> bool:
    """Return True when ``text`` opens a bracket or quote it does not close.

    >>> _unclosed("完善标准。(牵头单位:"), _unclosed("关于印发《四川省加快推进“人工智能+”"), _unclosed("(一)基本原则。")
    (True, True, False)
    """
    for opener, closer in ("()", "〔〕", "【】", "《》", "“”"):
        if text.count(opener) > text.count(closer):
            return True
    return False


def _mostly_cjk(text: str) -> bool:
    """Return True when most characters of ``text`` are Chinese."""
    return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff") * 2 > len(text)


def _title_end(line: _Line) -> bool:
    """Return True for a line that ends like a title (no punctuation, ends in 方案/通知…)."""
    return not any(ch in _PROSE_PUNCT for ch in line.text) and bool(_DOCTYPE.search(line.text))


# ---- building the canonical text -------------------------------------------------

_RUN = re.compile(r"\S+")


class _Builder:
    """Accumulate canonical pieces and their original ranges."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts = array("i")
        self.ends = array("i")
        self.last = ""          # last canonical character added

    def run(self, text: str, start: int) -> None:
        """Add ``text`` that sits at original ``start`` one character for one."""
        self.parts.append(text)
        self.starts.extend(range(start, start + len(text)))
        self.ends.extend(range(start + 1, start + len(text) + 1))
        self.last = text[-1]

    def piece(self, text: str, start: int, end: int) -> None:
        """Add ``text`` whose every character maps to original ``[start, end)``."""
        self.parts.append(text)
        self.starts.extend([start] * len(text))
        self.ends.extend([end] * len(text))
        self.last = text[-1]


def _only_invisible(original: str, a: int, b: int) -> bool:
    """Return True when ``original[a:b]`` holds only zero-width characters (no real space)."""
    return not original[a:b].strip(_ZERO_WIDTH)


def _emit_line(builder: _Builder, line: _Line, original: str, simple: str, multi: dict[str, str],
               multi_re: Optional[re.Pattern], gap: Optional[Span]) -> None:
    """Add the non-space runs of one line, with single spaces between ASCII words."""
    segment = simple[line.start:line.end]
    base = line.start
    prev_end = None
    for m in _RUN.finditer(segment):
        s, e = m.span()
        text = m.group()
        if prev_end is None:
            if gap is not None and builder.last and _ascii_word_gap(builder.last, text[0]):
                builder.piece(" ", gap[0], gap[1])
        elif _ascii_alnum(builder.last) and _ascii_alnum(text[0]) and \
                not _only_invisible(original, base + prev_end, base + s):
            builder.piece(" ", base + prev_end, base + s)
        if multi_re is not None and multi_re.search(text):
            _emit_expanded(builder, text, base + s, multi)
        else:
            builder.run(text, base + s)
        prev_end = e


def _emit_expanded(builder: _Builder, text: str, start: int, multi: dict[str, str]) -> None:
    """Add a run containing characters whose fold is longer than one character."""
    for i, ch in enumerate(text):
        if ch in multi:
            builder.piece(multi[ch], start + i, start + i + 1)
        else:
            builder.run(ch, start + i)


def _ascii_alnum(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


def _ascii_word_gap(left: str, right: str) -> bool:
    return bool(_ASCII_ALPHA.match(left)) and bool(_ASCII_ALPHA.match(right))


def normalize(original: str, *, mask_places: bool = False, mask_placeholders: bool = False,
              aliases: bool = False, markdown: bool = False,
              boilerplate: tuple[Span, ...] = ()) -> Text:
    r"""Return the canonical text of ``original`` with its map back to the original.

    >>> t = normalize("一、總體要求\n\n１．構建人工智能，推動國\n\n產生態。（省科技廳負責）\n")
    >>> print(t.canonical, end="")
    一、总体要求
    1.构建人工智能,推动国产生态。(省科技厅负责)
    >>> t.original[t.starts[17]:t.ends[17]]
    '動'

    ``boilerplate`` names spans a format reader knows to be layout (a PDF's
    running header): the lines they cover are set aside like portal banners.
    """
    single, multi = _fold_tables(set(original))
    for ch in "\r\n":
        single.pop(ord(ch), None)
    folded = original.translate(single) if single else original
    multi_re = re.compile("[" + re.escape("".join(multi)) + "]") if multi else None

    raw_lines = [(m.start(1), m.end(1), m.end()) for m in _LINE.finditer(original)]
    simple = _simplify(folded, raw_lines)
    if markdown:
        simple = _blank_markdown_markers(simple)
    lines = _split_lines(original, simple, markdown)
    for line in lines:
        _classify(line)
    if boilerplate:
        for line in lines:
            if any(s <= line.start and line.end <= e for s, e in boilerplate):
                line.kind = "boiler"
    paragraphs = _paragraphs(lines)
    ignored = [(l.start, l.end) for l in lines if l.kind == "boiler"]
    ignored += _trailing_file_name(paragraphs)
    ignored = tuple(sorted(ignored))

    builder = _Builder()
    english = _mostly_ascii_letters(simple)
    for paragraph in paragraphs:
        for k, line in enumerate(paragraph):
            gap = None
            if k:
                # A joined line break separates two English words only when the
                # text is English or the writer left a space before the break.
                prev = paragraph[k - 1].end
                if english or original[prev:prev + 1] in (" ", "\t", "\u3000"):
                    gap = (prev, line.start)
            _emit_line(builder, line, original, simple, multi, multi_re, gap)
        last = paragraph[-1]
        if last.nl_end > last.end and original[last.nl_end - 1] in "\r\n":
            nl_start = last.nl_end - (2 if original[last.nl_end - 2:last.nl_end] == "\r\n" else 1)
            builder.piece("\n", nl_start, last.nl_end)
    # Convert again now that broken lines are joined: a phrase cut by a line
    # break (藉 / 助) converts as a phrase only when it is whole (借助).
    canonical = _resimplify("".join(builder.parts))
    starts, ends = builder.starts, builder.ends
    ignored = _cover_invisible(original, simple, canonical, starts, ends, ignored)

    if aliases:
        table = load_aliases()
        if table:
            pattern = re.compile("|".join(map(re.escape, sorted(table, key=lambda k: (-len(k), k)))))
            canonical, starts, ends = _substitute(canonical, starts, ends, pattern,
                                                  lambda m: table[m.group()])
    if mask_places:
        places = load_places()
        if places:
            pattern = re.compile("|".join(map(re.escape, places)))
            canonical, starts, ends = _substitute(canonical, starts, ends, pattern, lambda m: MASK)
    if mask_placeholders:
        canonical, starts, ends = _substitute(canonical, starts, ends, _PLACEHOLDER, lambda m: MASK)
    return Text(original=original, canonical=canonical, starts=starts, ends=ends, ignored=ignored)


def _cover_invisible(original: str, simple: str, canonical: str, starts: array, ends: array,
                     ignored: tuple[Span, ...]) -> tuple[Span, ...]:
    """Give every visible-in-the-file character that folding blanked an owner; return ``ignored``.

    Format characters (U+200B …, soft hyphen) fold to nothing and Markdown
    ``#`` markers to spaces, yet they are not whitespace: the contract says
    every such character lands in some record.  Each joins the range of the
    nearest canonical character on its line (before it, else after it:
    equal by normalization); a line with no canonical character at all
    (``#`` alone, only zero-width characters) becomes an ignored span.
    ``starts``/``ends`` are widened in place.
    """
    blanked = sorted(_blanked_positions(original, simple))
    if not blanked:
        return ignored
    # canonical characters that own text (not the spaces and paragraph breaks)
    owners = [k for k, ch in enumerate(canonical) if not ch.isspace()]
    owner_starts = [starts[k] for k in owners]
    spans = sorted(ignored)
    span_starts = [a for a, _ in spans]
    orphans: list[int] = []
    for p, marker in blanked:
        g = bisect.bisect_right(span_starts, p) - 1
        if g >= 0 and spans[g][0] <= p < spans[g][1]:
            continue                            # inside boilerplate set aside already
        i = bisect.bisect_right(owner_starts, p) - 1
        if i >= 0 and starts[owners[i]] <= p < ends[owners[i]]:
            continue                            # already inside a character's range
        prev = owners[i] if i >= 0 else None
        nxt = owners[i + 1] if i + 1 < len(owners) else None
        if marker:  # a heading's own # markers belong to the heading's span (structure.py)
            if nxt is not None and _same_line(original, p, starts[nxt]):
                continue
            orphans.append(p)
            continue
        # nothing the records count may sit between p and its new owner
        if prev is not None and _same_line(original, ends[prev], p) and \
                not _crosses(spans, ends[prev], p):
            ends[prev] = p + 1
            continue
        if nxt is not None and _same_line(original, p, starts[nxt]) and \
                not _crosses(spans, p, starts[nxt]):
            for k in range(owners[i + 1], len(canonical)):  # every character of its piece
                if starts[k] != starts[nxt]:
                    break
                starts[k] = p
            owner_starts[i + 1] = p
            continue
        orphans.append(p)
    # whole lines with nothing canonical: set aside, one span per line
    return tuple(sorted(spans + _line_spans(original, orphans)))


def _blanked_positions(original: str, simple: str) -> Iterable[tuple[int, bool]]:
    """Yield ``(offset, is a # marker)`` where folding or Markdown blanked a visible character."""
    for m in _INVISIBLE.finditer(original):
        yield m.start(), False
    if "#" in original:
        for m in re.finditer("#", original):
            if simple[m.start()] == " ":
                yield m.start(), True


def _same_line(original: str, a: int, b: int) -> bool:
    """Return True when no line break lies in ``original[a:b]``."""
    return "\n" not in original[a:b] and "\r" not in original[a:b]


def _crosses(spans: list[Span], a: int, b: int) -> bool:
    """Return True when an ignored span starts inside ``[a, b)``."""
    return any(a <= s < b for s, _ in spans)


def _line_spans(original: str, positions: list[int]) -> list[Span]:
    """Group positions into one span per line, from the first to the last of them."""
    out: list[Span] = []
    for p in sorted(positions):
        if out and _same_line(original, out[-1][0], p):
            out[-1] = (out[-1][0], p + 1)
        else:
            out.append((p, p + 1))
    return out


# Redaction tokens: 关键词1 (the Jiangsu seed), XXX, ×××, ***, ○○○.
_PLACEHOLDER = re.compile(r"(?:关键词|关键字|占位符)\d+|[X×*○]{3,}")


def _blank_markdown_markers(simple: str) -> str:
    """Turn the ``#`` markers of Markdown headings into spaces (non-content, same length)."""
    return re.sub(r"(?m)^([ ]{0,3})(#{1,6})(?=[ \t]|$)",
                  lambda m: m.group(1) + " " * len(m.group(2)), simple)


def _mostly_ascii_letters(text: str) -> bool:
    """Return True for a text written mostly in ASCII letters (English)."""
    sample = text[:20000]
    letters = len(_ASCII_ALPHA.findall(sample))
    cjk = sum(1 for ch in sample if "\u3400" <= ch <= "\u9fff")
    return letters > 4 * max(cjk, 1)


_TRAILING_FILE = re.compile(
    r"(?:^|(?<=[。！？；!?;]))[^。！？；!?;]{1,200}?\.(pdf|docx?|wps|xlsx?|ofd|txt|zip|rar|et|dps|ceb)$",
    re.I)


def _trailing_file_name(paragraphs: list[list[_Line]]) -> list[Span]:
    """Set aside a file name (`….PDF`) ending the text; return the original spans removed.

    The name may be hard-wrapped over lines, or follow the last sentence of the
    paragraph it was glued to: only the name itself is set aside.
    """
    removed: list[Span] = []
    while paragraphs:
        paragraph = paragraphs[-1]
        joined = "".join(line.text for line in paragraph)
        m = _TRAILING_FILE.search(joined)
        if m is None:
            break
        cut = m.start()
        offset = 0
        keep: list[_Line] = []
        for line in paragraph:
            n = len(line.text)
            if offset + n <= cut:
                keep.append(line)
            elif offset >= cut:
                line.kind = "boiler"
                removed.append((line.start, line.end))
            else:
                q = cut - offset
                head = line.text[:q].rstrip()
                tail = line.text[q:]
                lead = len(tail) - len(tail.lstrip())
                removed.append((line.at(q + lead), line.end))
                line.end = line.at(len(head) - 1) + 1 if head else line.start
                line.text = head
                if line.cols is not None:
                    line.cols = line.cols[:len(head)]
                keep.append(line)
            offset += n
        if keep:
            paragraph[:] = keep
            break
        paragraphs.pop()
    return removed


def _substitute(canonical: str, starts: array, ends: array, pattern: re.Pattern,
                replace: Callable[[re.Match], str]) -> tuple[str, array, array]:
    """Replace matches in the canonical text, mapping each new character to the match's range."""
    parts: list[str] = []
    new_starts, new_ends = array("i"), array("i")
    pos = 0
    for m in pattern.finditer(canonical):
        a, b = m.span()
        if a == b:
            continue
        text = replace(m)
        parts.append(canonical[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        parts.append(text)
        new_starts.extend([starts[a]] * len(text))
        new_ends.extend([ends[b - 1]] * len(text))
        pos = b
    if pos == 0:
        return canonical, starts, ends
    parts.append(canonical[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(parts), new_starts, new_ends
