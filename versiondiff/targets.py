"""Extract quantified commitments (targets, deadlines, fines, time limits) from a document.

A *target* is one quantity a document commits to — ``普及率达70%左右``,
``集聚人工智能企业2500家以上``, ``处一万元以上十万元以下罚款``,
``三十日内`` — with the deadline that governs it (``到2027年``,
``2026年底前``, ``2018-2020年``), its qualifiers (``超``, ``以上``,
``左右`` …) and the phrase it measures (the *indicator*).  A deadline that
governs no quantity (``到2035年，全面步入…新阶段``) is a target too, of kind
``milestone``.  Extraction runs on the canonical text (simplified script,
folded width, so ``７０％`` is ``70%``) and every span points into the
ORIGINAL text through the :class:`~versiondiff.models.Text` offset map.

>>> from versiondiff.normalize import normalize
>>> t = normalize("到2027年，智能体应用普及率达70%左右，政务服务“智能办”占比超60%。")
>>> [(x.year, x.quantity.text, x.qualifiers, x.bound, x.indicator) for x in extract(t)]
[(2027, '70%', ('达', '左右'), 'about', '智能体应用普及率'), (2027, '60%', ('超',), 'min', '政务服务“智能办”占比')]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from .models import Clause, Document, Span, Text

__all__ = ["Quantity", "Target", "extract", "document_targets", "cn_number", "KINDS", "BOUNDS"]

#: What a target is: a plan's quantity, a deadline with no quantity, a fine, a multiple
#: of a base amount (违法所得一倍以上五倍以下), a time limit (三十日内), a term (三年以上有期徒刑).
KINDS = ("goal", "milestone", "fine", "multiple", "time-limit", "term")
#: What the qualifiers make of the number: at least, at most, about, a range, a reduction or
#: an increase by that much, or the number itself.
BOUNDS = ("min", "max", "about", "range", "less", "more", "exact")

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN = "零〇○一二两三四五六七八九十百千万亿"


def cn_number(text: str) -> Optional[float]:
    """Return the value of an Arabic or Chinese numeral (``万``/``亿`` sections), or None.

    >>> [cn_number(s) for s in ("三十", "十五", "一万", "五十万", "一百零五", "两千", "4000", "1.5", "万")]
    [30.0, 15.0, 10000.0, 500000.0, 105.0, 2000.0, 4000.0, 1.5, 10000.0]
    >>> cn_number("二〇二六"), cn_number("万亿"), cn_number("abc")
    (2026.0, 1000000000000.0, None)
    """
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if not all(ch in _CN for ch in text):
        return None
    if len(text) > 1 and all(ch in _CN_DIGITS for ch in text):  # 二〇二六: digit by digit
        return float("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0.0, 0.0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        else:  # 万 / 亿 close a section; 万亿 multiplies the whole running value
            value = section + (digit or 0)
            if value == 0:
                value = total or 1
                total = 0
            total += value * _CN_BIG[ch]
            section, digit = 0.0, None
    return float(total + section + (digit or 0))


@dataclass(frozen=True)
class Quantity:
    """A number (or range) with its unit, as the text states it."""

    text: str                  # canonical text of the number and unit, e.g. "4000亿元", "2—3个"
    low: float                 # the value in ``unit`` (the range's lower end): 4000亿元 → 4e11
    high: float                # the range's upper end (== low for a single number)
    unit: str                  # the unit as counted: "%", "元", "个", "家", "日", "倍", "EFlops" …

    @property
    def value(self) -> float:
        """Return the middle of the range (the number itself when not a range)."""
        return (self.low + self.high) / 2


@dataclass(frozen=True)
class Target:
    """One quantified commitment of a document."""

    kind: str                          # one of KINDS
    indicator: str                     # canonical phrase the quantity measures (quantity removed)
    quantity: Optional[Quantity]       # None for a milestone
    qualifiers: tuple[str, ...]        # as written, in reading order: ("达", "左右")
    bound: str                         # one of BOUNDS
    year: Optional[int]                # the governing deadline's year (a period's last year)
    deadline: str                      # the deadline phrase as canonical text ("到2027年"), or ""
    written: str                       # canonical text of ``span``: "达70%左右", "一万元以上十万元以下"
    shown: str                         # the ORIGINAL text of ``span``, spaces dropped: "超萬億元"
    span: Span                         # original span of qualifiers + quantity (a milestone: its deadline)
    context: Span                      # original span of the whole phrase (indicator and quantity)
    deadline_span: Optional[Span]      # original span of the deadline phrase
    sentence: str = ""                 # canonical text of the sentence it sits in
    path: str = ""                     # section path of the item it sits in
    clause: int = -1                   # index into Document.clauses

    @property
    def text(self) -> str:
        """Return the commitment in short: qualifiers around the quantity (a milestone: its deadline)."""
        return self.written


# ---- patterns ------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d\d"
_DEADLINE = re.compile(
    rf"(?P<period>(?P<p1>{_YEAR})\s*[-—–~～至到]\s*(?P<p2>{_YEAR})\s*年(?:[底末]|以前|之前|前)?)"
    rf"|(?P<to>(?:力争|争取)?(?:到|至|截至|截止到|截止)\s*(?P<y1>{_YEAR})\s*年(?:[底末])?(?:前|以前|之前)?)"
    rf"|(?P<before>(?P<y2>{_YEAR})\s*年(?:[底末])?(?:前|以前|之前))"
    rf"|(?P<end>(?P<y3>{_YEAR})\s*年[底末])")
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)"
_MAG = r"(?:万亿|千亿|百亿|亿|千万|百万|万|千)"
# Units counted with Arabic digits only: a Chinese numeral before them is usually a word
# (一个, 一批, 两个维护); money, multiples, shares and times take both.
_COUNT_UNITS = ("个工作日", "人次", "个", "家", "项", "所", "座", "台", "套", "户", "人", "名",
                "亩", "公里", "千米", "米", "吨", "条", "款", "件", "部", "EFlops", "PFlops",
                "Flops", "TB", "PB")
_TIME_UNITS = ("个工作日", "工作日", "个月", "小时", "日", "天", "月", "年", "周")
_MONEY = "元"
_QTY = re.compile(
    rf"(?P<pct>百分之(?P<pctn>[{_CN}\d.]+))"
    rf"|(?P<n1>{_NUM})?(?P<m1>{_MAG})?(?:(?P<u1>%|元|倍)?(?P<sep>[-—–~～至])(?P<n2>{_NUM}))?"
    rf"(?P<m2>{_MAG})?(?P<unit>%|元|倍|{'|'.join(_COUNT_UNITS + _TIME_UNITS)})")
_BEFORE = ("不少于", "不低于", "不超过", "不高于", "超过", "突破", "达到", "至少", "力争", "争创",
           "控制在", "保持在", "高于", "低于", "降低", "缩短", "减少", "下降", "提高", "提升", "增长",
           "增加", "约", "近", "超", "达")
_AFTER = ("以上", "以下", "以内", "之内", "左右", "上下", "内")
_AFTER_WORDS = set(_AFTER)
_BEFORE_RE = re.compile("(" + "|".join(_BEFORE) + ")$")
_AFTER_RE = re.compile("(" + "|".join(_AFTER) + ")")
_MIN = {"不少于", "不低于", "超过", "突破", "至少", "高于", "超", "以上"}
_MAX = {"前", "不超过", "不高于", "低于", "以下", "以内", "之内", "内", "控制在"}
_ABOUT = {"左右", "约", "近", "上下"}
_LESS = {"降低", "缩短", "减少", "下降"}
_MORE = {"提高", "提升", "增长", "增加"}
# Clause boundaries for the indicator phrase; 、 is not one (智能终端、智能体应用普及率).
_CLAUSE_END = "，,；;。！？!?\n:："
_CONNECTORS = "、和及与并"
_STRIP_LEAD = re.compile(r"^(?:第[一二三四五六七八九十百千零〇两\d]+条|并|、|其中)+")
_ASCII_AFTER = re.compile(r"[A-Za-z0-9]")


def _bound(qualifiers: Sequence[str], ranged: bool) -> str:
    """Return what the qualifiers make of the number."""
    words = set(qualifiers)
    if words & _LESS:
        return "less"
    if words & _MORE:
        return "more"
    if ranged:
        return "range"
    if words & _ABOUT:
        return "about"
    if words & _MIN:
        return "min"
    if words & _MAX:
        return "max"
    return "exact"


@dataclass(frozen=True)
class _Hit:
    start: int                 # canonical start of the qualifiers + quantity
    end: int                   # canonical end (after trailing qualifiers)
    qstart: int                # canonical start of the quantity itself
    qend: int
    quantity: Quantity
    qualifiers: tuple[str, ...]
    ranged: bool


def _quantity(m: re.Match, text: str) -> Optional[Quantity]:
    """Return the quantity a match of ``_QTY`` states, or None when it is not one."""
    if m.group("pct"):
        value = cn_number(m.group("pctn"))
        return None if value is None else Quantity(m.group(0), value, value, "%")
    n1, n2, unit = m.group("n1"), m.group("n2"), m.group("unit")
    mag = m.group("m2") or m.group("m1") or ""
    arabic = bool(n1 and n1[0].isdigit())
    if n1 is None and not mag:
        return None
    rank = unit == "名" and text[m.start() - 1:m.start()] == "前"  # 全国前五名: a rank
    if (unit in _COUNT_UNITS or unit == "%") and not rank:
        if not arabic or (n2 and not n2[0].isdigit()):
            return None
    if unit == "年" and arabic and len(n1) == 4:  # 2026年: a date, not a duration
        return None
    low = cn_number(n1) if n1 else 1.0
    if low is None:
        return None
    high = cn_number(n2) if n2 else low
    if high is None:
        return None
    scale = cn_number(mag) if mag else 1.0
    if m.group("m1") and n2 and not m.group("m2"):  # 1万-2万元 is rare; 1万-2元 is not meant
        high *= scale
    return Quantity(m.group(0), low * scale, high * scale, unit)


def _plausible(text: str, m: re.Match, q: Quantity) -> bool:
    """Return False for numbers that are names, dates or labels rather than quantities."""
    start, end = m.span()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() or before in ".第" or (before in _CN and q.unit not in ("%", "元", "倍")
                                               and not m.group(0)[0].isdigit()):
        return False
    if q.unit in _TIME_UNITS:
        if after in "月号" or before in "年月":  # dates: 1月6日, 2026年1月
            return False
        tail = text[end:end + 4]
        head = text[max(0, start - 6):start]
        # a duration is a commitment only as a limit or a term: 三十日内, 三年以上七年以下有期徒刑
        if not (_AFTER_RE.match(tail) or "徒刑" in text[end:end + 12] or "拘留" in head + tail):
            return False
    if q.unit in ("个", "项", "家") and after and _ASCII_AFTER.match(after):
        return False
    if q.unit == "名" and not text[max(0, start - 1):start] == "前":
        return False
    if q.unit == "人" and after in "公一":  # 一人公司, 一人一策
        return False
    return True


def _hits(text: str) -> list[_Hit]:
    """Return every quantity in a canonical text with its qualifiers."""
    hits: list[_Hit] = []
    for m in _QTY.finditer(text):
        q = _quantity(m, text)
        if q is None or not _plausible(text, m, q):
            continue
        qstart, qend = m.span()
        quals: list[str] = []
        start = qstart
        while True:  # 力争达到: several words may precede
            b = _BEFORE_RE.search(text, max(0, start - 3), start)
            if not b or b.end() != start:
                break
            quals.insert(0, b.group(1))
            start = b.start()
        if q.unit == "名" and canon_before(text, start) == "前":
            quals.insert(0, "前")
            start -= 1
        end = qend
        ranged = q.low != q.high
        a = _AFTER_RE.match(text, end)
        if a:
            quals.append(a.group(1))
            end = a.end()
            # 一万元以上十万元以下: a second bound makes a range
            m2 = _QTY.match(text, end)
            if m2 and a.group(1) == "以上":
                q2 = _quantity(m2, text)
                a2 = _AFTER_RE.match(text, m2.end()) if q2 else None
                if q2 and q2.unit == q.unit and a2 and a2.group(1) in ("以下", "以内"):
                    q = Quantity(text[qstart:a2.end()], q.low, q2.high, q2.unit)
                    quals.append(a2.group(1))
                    qend = m2.end()
                    end = a2.end()
                    ranged = True
        hits.append(_Hit(start, end, qstart, qend, q, tuple(quals), ranged))
    # drop hits inside an earlier range (the second bound of 一万元以上十万元以下)
    kept: list[_Hit] = []
    for h in hits:
        if kept and h.qstart < kept[-1].end:
            continue
        kept.append(h)
    return kept


def canon_before(text: str, pos: int) -> str:
    """Return the character before ``pos`` ("" at the start)."""
    return text[pos - 1] if pos else ""


def _kind(text: str, h: _Hit) -> str:
    """Return the kind of a quantity from its unit and the words around it."""
    near_after = text[h.end:h.end + 8]
    near_before = text[max(0, h.start - 12):h.start]
    unit = h.quantity.unit
    if unit == "倍":
        return "multiple"
    if unit == _MONEY and ("罚款" in near_after or "罚金" in near_after or re.search(r"处$|并处$", near_before)):
        return "fine"
    if unit in _TIME_UNITS:
        if "徒刑" in text[h.end:h.end + 12] or "拘留" in near_before + near_after:
            return "term"
        return "time-limit"
    return "goal"


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """Return the canonical range of the clause around ``pos`` (between clause punctuation)."""
    start = pos
    depth = 0
    while start > 0:
        ch = text[start - 1]
        if ch in ")）":
            depth += 1
        elif ch in "(（" and depth:
            depth -= 1
        elif ch in _CLAUSE_END and not depth:
            break
        start -= 1
    end = pos
    depth = 0
    while end < len(text):
        ch = text[end]
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
        elif ch in _CLAUSE_END and not depth:
            break
        end += 1
    return start, end


def _tidy(phrase: str) -> str:
    """Return an indicator phrase without leading connectors and trailing particles."""
    phrase = re.sub(r"\([^()]*\)", "", phrase)  # 100EFlops(每秒百亿亿次浮点运算): a gloss
    phrase = _STRIP_LEAD.sub("", phrase.strip())
    phrase = re.sub(r"^的", "", phrase)
    phrase = re.sub(r"(的|等)$", "", phrase)
    return phrase.strip("，,、 ")


@dataclass(frozen=True)
class _Deadline:
    start: int
    end: int
    year: int
    text: str


def _deadlines(text: str) -> list[_Deadline]:
    """Return the deadline phrases of a canonical text (dates such as 2026年1月6日 excluded)."""
    found = []
    for m in _DEADLINE.finditer(text):
        after = text[m.end():m.end() + 3]
        if re.match(r"\d{1,2}月", after):
            continue
        year = m.group("p2") or m.group("y1") or m.group("y2") or m.group("y3")
        found.append(_Deadline(m.start(), m.end(), int(year), m.group(0)))
    return found


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    """Return the canonical range of the paragraph around ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def extract(text: Text, clauses: Sequence[Clause] = ()) -> list[Target]:
    """Return the targets of a text in reading order (spans in the ORIGINAL text).

    ``clauses`` (a Document's) give each target its section path and clause index.
    """
    canon = text.canonical
    ignored = [(a, b) for a, b in text.ignored]
    hits = [h for h in _hits(canon) if not _in_ignored(text, h.qstart, ignored)]
    deadlines = [d for d in _deadlines(canon)]
    starts = [c.canon[0] for c in clauses]

    def place(pos: int) -> tuple[str, int]:
        k = bisect.bisect_right(starts, pos) - 1
        return (clauses[k].path, clauses[k].index) if k >= 0 else ("", -1)

    def governing(pos: int) -> Optional[_Deadline]:
        para = _paragraph(canon, pos)
        best = None
        for d in deadlines:
            if para[0] <= d.start and d.end <= pos:
                best = d
        return best

    targets: list[Target] = []
    governed: set[int] = set()
    for i, h in enumerate(hits):
        c0, c1 = _clause_bounds(canon, h.qstart)
        seg0, seg1 = c0, c1
        prev = hits[i - 1] if i else None
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        if prev and prev.end > c0:  # two quantities in one clause: split at a connector between them
            cut = _last_connector(canon, prev.end, h.start)
            seg0 = cut + 1 if cut is not None else prev.end
        if nxt and nxt.start < c1:
            cut = _last_connector(canon, h.end, nxt.start)
            seg1 = cut if cut is not None else nxt.start
            seg1 = max(seg1, h.end)
        d = governing(h.start)
        if d is not None:
            governed.add(deadlines.index(d))
            if seg0 < d.end <= h.start:
                seg0 = d.end
        before = canon[seg0:h.start]
        after = canon[h.end:seg1]
        indicator = _tidy(before + re.sub(r"^的", "", after)) if after.startswith("的") else _tidy(before + after)
        kind = _kind(canon, h)
        if kind in ("fine", "multiple", "term"):  # a penalty is known by the conduct it punishes
            condition = _condition(canon, c0)
            indicator = f"{condition},{indicator}" if condition else indicator
        path, index = place(h.qstart)
        targets.append(Target(
            kind=kind, indicator=indicator, quantity=h.quantity, qualifiers=h.qualifiers,
            bound=_bound(h.qualifiers, h.ranged), year=d.year if d else None,
            deadline=d.text if d else "", written=canon[h.start:h.end],
            shown=_shown(text, h.start, h.end),
            span=text.original_span(h.start, h.end),
            context=text.original_span(seg0, seg1),
            deadline_span=text.original_span(d.start, d.end) if d else None,
            sentence=_sentence(canon, h.qstart), path=path, clause=index))
    for k, d in enumerate(deadlines):
        if k in governed or _in_ignored(text, d.start, ignored):
            continue
        if any(d.end <= h.start and governing(h.start) is d for h in hits):
            continue
        c0, c1 = _clause_bounds(canon, d.end + 1 if d.end < len(canon) and canon[d.end] in "，," else d.end)
        body0 = d.end + 1 if d.end < len(canon) and canon[d.end] in "，," else d.end
        indicator = _tidy(canon[body0:c1]) or _tidy(canon[c0:d.start])
        path, index = place(d.start)
        targets.append(Target(
            kind="milestone", indicator=indicator, quantity=None, qualifiers=(), bound="exact",
            year=d.year, deadline=d.text, written=d.text, shown=_shown(text, d.start, d.end), span=text.original_span(d.start, d.end),
            context=text.original_span(d.start, max(c1, d.end)),
            deadline_span=text.original_span(d.start, d.end), sentence=_sentence(canon, d.end),
            path=path, clause=index))
    targets.sort(key=lambda t: (t.span, t.context))
    return targets


def _condition(text: str, clause_start: int) -> str:
    """Return the last ``…的`` clause of the sentence before ``clause_start`` (the conduct punished)."""
    sentence = max(text.rfind(ch, 0, clause_start) for ch in "。；;\n") + 1
    parts = re.split(r"[,，]", text[sentence:clause_start])
    for part in reversed(parts):
        if part.endswith("的"):
            return _STRIP_LEAD.sub("", part[:-1])
    return ""


def _shown(text: Text, start: int, end: int) -> str:
    """Return the original text of canonical ``[start, end)`` without its spaces."""
    a, b = text.original_span(start, end)
    return "".join(text.original[a:b].split())


def _sentence(text: str, pos: int) -> str:
    """Return the canonical sentence around ``pos`` (between 。！？ or paragraph ends)."""
    start = max(text.rfind(ch, 0, pos) for ch in "。！？!?\n") + 1
    ends = [e for e in (text.find(ch, pos) for ch in "。！？!?\n") if e >= 0]
    return text[start:min(ends) + 1 if ends else len(text)].strip()


def _last_connector(text: str, start: int, end: int) -> Optional[int]:
    """Return the position of the last connector (、和及与) in ``text[start:end]``, if any."""
    for pos in range(end - 1, start - 1, -1):
        if text[pos] in _CONNECTORS:
            return pos
    return None


def _in_ignored(text: Text, pos: int, ignored: list[Span]) -> bool:
    """Return True when canonical position ``pos`` falls in boilerplate set aside."""
    if not ignored or pos >= len(text.starts):
        return False
    o = text.starts[pos]
    return any(a <= o < b for a, b in ignored)


def document_targets(doc: Document) -> list[Target]:
    """Return the targets of a parsed document (see :func:`extract`)."""
    return extract(doc.text, doc.clauses)
