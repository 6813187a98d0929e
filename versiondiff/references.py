"""Article numbers and the cross-references that cite them (``依照本法第二十一条``).

A revision that inserts articles renumbers the ones after them, and the
references inside the text follow: ``违反本条例第八条规定`` becomes
``违反本条例第九条规定``. Such a clause has not changed in substance; these
helpers tell whether two clauses differ only by references that follow the
article mapping.

>>> cn_number("二十一"), cn_number("一百零五"), cn_number("十十")
(21, 105, None)
"""
from __future__ import annotations

import re
from typing import Mapping, Optional

__all__ = ["cn_number", "cn_numeral", "article_number", "references", "tracking_references"]

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_DIGITS.update({"〇": 0, "○": 0, "两": 2})
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = "0-9０-９零〇○一二两三四五六七八九十百千"
_REFERENCE = re.compile(rf"第([{_NUMERAL}]+)条")


def cn_number(text: str) -> Optional[int]:
    """Return the value of a Chinese or Arabic numeral below ten thousand, None if malformed.

    >>> cn_number("十"), cn_number("三百二十"), cn_number("12"), cn_number("二十十")
    (10, 320, 12, None)
    """
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in "零〇○" and total and digit is None:   # a placeholder: 一百零五
            continue
        if ch in _DIGITS:
            if digit is not None:          # two digits in a row: 二三
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:          # units must fall: 十十, 十百
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    return total + (digit or 0)


def cn_numeral(n: int) -> str:
    """Write ``n`` (1–9999) as a Chinese numeral, as article labels do.

    >>> cn_numeral(9), cn_numeral(10), cn_numeral(15), cn_numeral(105), cn_numeral(1230)
    ('九', '十', '十五', '一百零五', '一千二百三十')
    """
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero else "") + digits[digit] + name
            zero = False
        elif out:
            zero = True
    return out


def article_number(label: str) -> Optional[int]:
    """Return the number of an article label (``第十五条`` → 15), None for other labels."""
    m = _REFERENCE.fullmatch(label.strip())
    return cn_number(m.group(1)) if m else None


def references(text: str) -> list[tuple[int, int, Optional[int]]]:
    """Return the article references in a text: ``(start, end, number)``."""
    return [(m.start(), m.end(), cn_number(m.group(1))) for m in _REFERENCE.finditer(text)]


def tracking_references(old: str, new: str, mapping: Mapping[int, int]) -> Optional[list[tuple[str, str]]]:
    """Return the references that moved, when ``old`` and ``new`` differ only by references that follow ``mapping``.

    ``mapping`` takes an old article number to its new number. Returns the
    changed references as ``(old, new)`` texts, or None when anything else
    differs (or a reference does not follow the mapping).

    >>> tracking_references("违反本条例第八条规定", "违反本条例第九条规定", {8: 9})
    [('第八条', '第九条')]
    >>> tracking_references("违反本条例第八条规定", "违反本条例第十条规定", {8: 9}) is None
    True
    """
    old_refs, new_refs = references(old), references(new)
    if len(old_refs) != len(new_refs) or not old_refs:
        return None
    moved = []
    pos_old = pos_new = 0
    for (a1, a2, na), (b1, b2, nb) in zip(old_refs, new_refs):
        if old[pos_old:a1] != new[pos_new:b1] or na is None or nb is None:
            return None
        if na != nb:
            if mapping.get(na) != nb:
                return None
            moved.append((old[a1:a2], new[b1:b2]))
        elif mapping.get(na, na) != nb:   # an unchanged reference to an article that moved
            return None
        pos_old, pos_new = a2, b2
    if old[pos_old:] != new[pos_new:] or not moved:
        return None
    return moved
