"""Word documents (.docx) through python-docx: body paragraphs and tables in order.

Automatic list numbering is rendered as the label a reader sees (``一、``,
``（一）``, ``1.``) from the package's numbering definitions, counting every
list level as Word does; tables become one ``| cell | cell |`` line per row;
tracked changes are resolved to the final text (insertions kept, deletions
dropped, said in a note); headers, footers and footnotes are left out.
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import Optional

from ..errors import VersiondiffError
from .base import Extracted, missing_library

__all__ = ["read", "format_number"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "〇一二三四五六七八九"
_SKIP = {_W + "del", _W + "moveFrom", _W + "delText", _W + "instrText", _W + "footnoteReference",
         _W + "endnoteReference", _W + "commentReference"}


def read(data: bytes, name: str) -> Extracted:
    """Return the body text of a DOCX file with list labels rendered."""
    try:
        import docx
    except ImportError:
        raise missing_library("DOCX", "python-docx", name) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as error:
        raise VersiondiffError(f"is a corrupt DOCX file ({error})", path=name) from None
    except Exception as error:  # python-docx and lxml raise their own types for broken parts
        raise VersiondiffError(f"is a corrupt DOCX file ({type(error).__name__}: {error})",
                               path=name) from None
    numbering = _Numbering(document)
    lines: list[str] = []
    counts = {"ins": 0, "del": 0}
    for block in document.element.body.iterchildren():
        if block.tag == _W + "p":
            line = _paragraph_text(block, counts)
            label = numbering.label(block)
            if line.strip() or label:
                lines.append(label + line)
        elif block.tag == _W + "tbl":
            lines.extend(_table_rows(block, counts))
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise VersiondiffError("DOCX file with no text in its body", path=name)
    notes = []
    if counts["ins"] or counts["del"]:
        notes.append(f"DOCX: tracked changes resolved to the final text ({counts['ins']} "
                     f"insertion(s) kept, {counts['del']} deletion(s) dropped)")
    if any(s.header.paragraphs and any(p.text.strip() for p in s.header.paragraphs)
           or any(p.text.strip() for p in s.footer.paragraphs) for s in document.sections):
        notes.append("DOCX: headers and footers set aside")
    hints = []
    title = (document.core_properties.title or "").strip()
    if title:
        hints.append(("title", title))
    return Extracted(text=text + "\n", format="docx", notes=tuple(notes), hints=tuple(hints))


def _paragraph_text(p, counts: dict[str, int]) -> str:
    """Return a paragraph's final text: runs and insertions, not deletions or field codes."""
    parts: list[str] = []

    def walk(element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag in _SKIP:
                if tag in (_W + "del", _W + "moveFrom"):
                    counts["del"] += 1
                continue
            if tag in (_W + "ins", _W + "moveTo"):
                counts["ins"] += 1
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "pPr":
                continue  # paragraph properties hold a mark-revision, not text
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _table_rows(tbl, counts: dict[str, int]) -> list[str]:
    """Return one ``| a | b |`` line per table row (a cell's paragraphs joined by spaces)."""
    rows = []
    for tr in tbl.iterchildren(_W + "tr"):
        cells = []
        for tc in tr.iterchildren(_W + "tc"):
            texts = [_paragraph_text(p, counts).strip() for p in tc.iter(_W + "p")]
            cells.append(" ".join(t for t in texts if t).replace("|", "｜"))
        if any(cells):
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def format_number(value: int, fmt: str) -> str:
    """Return ``value`` written in a Word number format (``numFmt``).

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 23)]
    ['一', '十', '十二', '二十', '二十三']
    >>> format_number(3, "decimal"), format_number(2, "lowerLetter"), format_number(4, "upperRoman")
    ('3', 'b', 'IV')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "japaneseCounting", "taiwaneseCounting", "chineseLegalSimplified"):
        return _chinese(value)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(value))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + value - 1) if 1 <= value <= 20 else str(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


def _chinese(value: int) -> str:
    if value < 10:
        return _DIGITS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(value, 100)
    tail = "" if not rest else ("零" + _chinese(rest) if rest < 10 else
                                ("一" if rest < 20 else "") + _chinese(rest))
    return _DIGITS[hundreds] + "百" + tail


def _roman(value: int) -> str:
    out = ""
    for n, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= n:
            out += s
            value -= n
    return out


class _Numbering:
    """Word's list counters: the label each numbered paragraph shows."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, dict]] = {}      # numId -> ilvl -> definition
        self.counters: dict[str, list[int]] = {}           # abstract id -> counter per level
        self.abstract_of: dict[str, str] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return
        abstracts = {a.get(_W + "abstractNumId"): a for a in root.iterchildren(_W + "abstractNum")}
        for num in root.iterchildren(_W + "num"):
            num_id = num.get(_W + "numId")
            ref = num.find(_W + "abstractNumId")
            abstract = abstracts.get(ref.get(_W + "val")) if ref is not None else None
            if abstract is None:
                continue
            levels = {int(lvl.get(_W + "ilvl")): _level(lvl) for lvl in abstract.iter(_W + "lvl")}
            for override in num.iterchildren(_W + "lvlOverride"):
                ilvl = int(override.get(_W + "ilvl"))
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = override.find(_W + "startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = dict(levels[ilvl], start=int(start.get(_W + "val")))
            self.levels[num_id] = levels
            self.abstract_of[num_id] = ref.get(_W + "val")
        for style in document.styles.element.iterchildren(_W + "style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
                if num_id:
                    self.style_num[style.get(_W + "styleId")] = (num_id, ilvl or 0)

    def label(self, p) -> str:
        """Return the label paragraph ``p`` shows ("" when it is not numbered)."""
        num_id, ilvl = None, None
        ppr = p.find(_W + "pPr")
        if ppr is not None:
            num_pr = ppr.find(_W + "numPr")
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
            if num_id is None:
                style = ppr.find(_W + "pStyle")
                if style is not None and style.get(_W + "val") in self.style_num:
                    num_id, style_ilvl = self.style_num[style.get(_W + "val")]
                    ilvl = style_ilvl if ilvl is None else ilvl
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        ilvl = ilvl or 0
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        # lists sharing an abstract definition share their counters, as in Word
        key = self.abstract_of[num_id]
        counter = self.counters.setdefault(key, [0] * 9)
        if counter[ilvl] == 0:
            counter[ilvl] = levels[ilvl]["start"]
        else:
            counter[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counter[deeper] = 0
        for upper in range(ilvl):
            if counter[upper] == 0 and upper in levels:
                counter[upper] = levels[upper]["start"]
        definition = levels[ilvl]

        def value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            fmt = "decimal" if definition["legal"] and k != ilvl else levels.get(k, definition)["fmt"]
            return format_number(counter[k], fmt)

        text = re.sub(r"%([1-9])", value, definition["text"])
        # Word puts a tab (or a space) after the label; in Chinese text nothing reads better
        return text + (" " if definition["suffix"] == "space" else "")


def _num_pr(num_pr) -> tuple[Optional[str], Optional[int]]:
    num = num_pr.find(_W + "numId")
    lvl = num_pr.find(_W + "ilvl")
    return (num.get(_W + "val") if num is not None else None,
            int(lvl.get(_W + "val")) if lvl is not None else None)


def _level(lvl) -> dict:
    """Return the parts of a ``w:lvl`` the label needs."""
    def val(tag: str, default: str) -> str:
        element = lvl.find(_W + tag)
        return element.get(_W + "val", default) if element is not None else default
    return {"start": int(val("start", "1")), "fmt": val("numFmt", "decimal"),
            "text": val("lvlText", ""), "suffix": val("suff", "tab"),
            "legal": lvl.find(_W + "isLgl") is not None}
