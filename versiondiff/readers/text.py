"""Plain text and Markdown: detect the encoding and decode, never editing the text.

Detects UTF-8 with or without BOM, UTF-16/32 with BOM, GB18030/GBK and Big5,
refuses what is not text with one clear line, and keeps line endings and every
character as they were (only a BOM is removed).
"""
from __future__ import annotations

import codecs
import re

from ..errors import VersiondiffError
from .base import Extracted

__all__ = ["read", "decode", "MARKDOWN_SUFFIXES"]

MARKDOWN_SUFFIXES = (".md", ".markdown")


def read(data: bytes, name: str, markdown: bool | None = None) -> Extracted:
    """Decode a text or Markdown file (Markdown when told, else when named .md/.markdown)."""
    text, encoding = decode(data, name=name)
    if markdown is None:
        markdown = name.lower().endswith(MARKDOWN_SUFFIXES)
    return Extracted(text=text, format="markdown" if markdown else "text", encoding=encoding)


# Byte signatures of formats that are not text, named in the error message.
_MAGIC = (
    (b"%PDF-", "a PDF file, not text"),
    (b"PK\x03\x04", "a ZIP archive, not text"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc); save it as plain text first"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"\x1f\x8b", "a gzip archive, not text"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The most frequent characters of Chinese prose, in both scripts.  A legacy
# two-byte file can often be decoded as GB18030 *and* as Big5; the wrong
# reading produces rare characters, so the reading richer in these wins.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反明看原又利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题"
    "党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手"
    "期根论运农指区强放决西被做必战先回则任取据处队南给光门即保治北造百规热领海口东导器压志世金增"
    "争济阶思术极交受联认共权收证改清美再采转更单风切教速带安场身车例务具万每目至达走积示议报完类"
    "名确才科信节整空元况今集传土许步群广记需段研界林律究观越织装影算低持众书布复容须际商非验连断"
    "深难近千周委素技备办青省列习响约支般史感劳便团往历市何除消构府称准精值号率族维划选标存候快效"
    "院查型按格养易置派层片始专状育识适属包住调满县局照参细引该价严智能慧数据服务推动建设发展创新"
    "這為個國們時來說對會發動過產種後學經進電裡兩體機當點從業應開還關間樣與條沒結問無軍題黨員總設"
    "長頭資邊級圖統較將組見計別論運農區強決戰則據處隊給門規熱領東導壓爭濟階術極聯認權證轉單風帶場"
    "車務萬達積議報類確節況傳許廣記須際驗連斷難團歷稱準號維劃選標養層專狀識屬調滿縣參細該價嚴慧數"
    "據務動設創陸實體質氣變義員會"
)


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode raw bytes to text, returning ``(text, encoding)``; raise on non-text.

    >>> decode("甘肃".encode("gb18030"))
    ('甘肃', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbfok")
    ('ok', 'utf-8-sig')
    """
    if not data:
        raise VersiondiffError("empty file", path=name)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as error:
                raise VersiondiffError(f"invalid {codec.upper()} at byte {error.start + len(bom)}",
                                       path=name) from None
            return _checked(text, name), ("utf-8-sig" if codec == "utf-8" else codec)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise VersiondiffError(f"is {what}", path=name)
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise VersiondiffError("binary file, not text", path=name)
        return _checked(text[0], name), text[1]
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if _mostly_utf8(data):
        raise VersiondiffError(f"invalid UTF-8 at byte {utf8_error.start} "
                               "(the file mixes encodings or is damaged)", path=name)
    readings = []
    for codec in ("gb18030", "big5"):
        try:
            readings.append((data.decode(codec), codec))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise VersiondiffError("cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text", path=name)
    text, codec = max(readings, key=lambda r: (_commonness(r[0]), r[1] == "gb18030"))
    return _checked(text, name), codec


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Read BOM-less UTF-16 when NULs sit in alternate bytes, as in ASCII-heavy UTF-16."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-le" if odd > 3 * max(even, 1) else "utf-16-be" if even > 3 * max(odd, 1) else None
    if codec is None:
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """Return True when the bytes are largely valid multi-byte UTF-8 with a few bad spots."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return wide > 0 and bad <= max(2, wide // 50)


def _commonness(text: str) -> float:
    """Return the share of CJK characters in ``text`` that are common in Chinese prose."""
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(ch in _COMMON for ch in cjk) / len(cjk)


# Format characters that normalization treats as nothing (normalize._ZERO_WIDTH).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _checked(text: str, name: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary file)."""
    if not text.strip():
        raise VersiondiffError("empty file (only whitespace)", path=name)
    if not any(not ch.isspace() and ch not in _INVISIBLE for ch in text):
        raise VersiondiffError("empty file (only whitespace and invisible characters)", path=name)
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise VersiondiffError("binary file, not text", path=name)
    return text
