"""Build small real HTML, DOCX, PDF and OFD files with the libraries themselves (tests, measurements)."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

__all__ = ["SAMPLE_TEXT", "PLAIN_TEXT", "CJK_FONT", "make_docx", "make_pdf", "make_html",
           "make_ofd", "docx_from_lines", "pdf_from_lines"]

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

#: A plan as its author wrote it: numbered parts, responsible units and a table.
SAMPLE_TEXT = """甘肃省智慧农业发展实施方案

一、总体要求
（一）指导思想。坚持创新驱动，推动人工智能与农业生产深度融合，加快建设农业强省。
（二）基本原则。坚持统筹规划、分步实施；坚持市场主导、政府引导。
二、重点任务
（一）建设农业数据平台
1.汇聚全省农业生产、经营、管理数据，形成统一的农业大数据中心。（牵头单位：省农业农村厅）
2.推广智能农机装备，到2027年全省智能农机保有量达到1万台。
（二）发展智慧种植
1.建设一批数字化种植基地，推动精准灌溉和智能施肥，提高水肥利用效率。
| 指标 | 2025年 | 2027年 |
| 智能农机（台） | 5000 | 10000 |
三、保障措施
加强组织领导，各地各部门要高度重视，确保各项任务落到实处。
"""
#: The same plan without its table (fixed-layout formats give a table as loose cells).
PLAIN_TEXT = "".join(line + "\n" for line in SAMPLE_TEXT.splitlines() if not line.startswith("|"))

_LABEL = re.compile(r"(?P<l0>[一二三四五六七八九十]+、)|(?P<l1>（[一二三四五六七八九十]+）)|(?P<l2>\d+\.)")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbering_xml() -> str:
    """Return a ``w:abstractNum``/``w:num`` pair numbering 一、 → （一） → 1. (Word's own way)."""
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels))
    return (f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="90">{lvls}</w:abstractNum>',
            f'<w:num xmlns:w="{_W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')


def make_docx(path: Path, text: str = SAMPLE_TEXT, tracked: bool = True) -> Path:
    """Write ``text`` as a DOCX: labels as automatic numbering, ``|`` rows as a table,
    a running header, and (``tracked``) a tracked insertion and deletion."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract, num = _numbering_xml()
    numbering.insert(0, parse_xml(abstract))
    numbering.append(parse_xml(num))
    document.sections[0].header.paragraphs[0].text = "甘肃省人民政府办公厅文件"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    rows: list[list[str]] = []

    def flush_table() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
            rows.clear()

    for line in text.splitlines():
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        flush_table()
        if not line.strip():
            continue
        m = _LABEL.match(line)
        level = None if m is None else ("l0", "l1", "l2").index(m.lastgroup)
        body = line[m.end():] if m else line
        paragraph = document.add_paragraph()
        if level is not None:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="{level}"/>'
                                 f'<w:numId w:val="90"/></w:numPr>'))
        if tracked and "落到实处" in body:
            # the final text says 确保各项任务落到实处; the draft said 力争…, changed with tracking on
            head, tail = body.split("确保", 1)
            paragraph.add_run(head)
            paragraph._p.append(parse_xml(
                f'<w:del xmlns:w="{_W}" w:id="1" w:author="审校" w:date="2026-01-01T00:00:00Z">'
                f'<w:r><w:delText>力争</w:delText></w:r></w:del>'))
            paragraph._p.append(parse_xml(
                f'<w:ins xmlns:w="{_W}" w:id="2" w:author="审校" w:date="2026-01-01T00:00:00Z">'
                f'<w:r><w:t>确保</w:t></w:r></w:ins>'))
            paragraph.add_run(tail)
        else:
            paragraph.add_run(body)
    flush_table()
    assert qn("w:numPr")  # the namespace map knows w:
    document.save(path)
    return path


def docx_from_lines(path: Path, text: str) -> Path:
    """Write every non-blank line of ``text`` as one DOCX paragraph (labels typed, not numbered)."""
    import docx
    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(path)
    return path


def _write(pdf, line: str, width: int = 30) -> None:
    """Set one paragraph as lines of ``width`` characters (a PDF wraps where the line is full)."""
    for k in range(0, len(line), width):
        pdf.cell(0, 8, line[k:k + width], new_x="LMARGIN", new_y="NEXT")


def _pdf(header: str | None):
    from fpdf import FPDF

    class Paper(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("noto", size=9)
                self.cell(0, 8, header, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self) -> None:
            if not header:
                return
            self.set_y(-15)
            self.set_font("noto", size=9)
            self.cell(0, 8, f"- {self.page_no()} -", align="C")

    pdf = Paper()
    pdf.add_font("noto", fname=CJK_FONT)
    pdf.set_font("noto", size=12)
    return pdf


def make_pdf(path: Path, text: str = PLAIN_TEXT, header: str = "甘肃省人民政府办公厅文件",
             cut: str = "精准|灌溉", encrypt: str | None = None, scanned: bool = False) -> Path:
    """Write ``text`` as a two-page PDF with a running header and page numbers; the page
    ends inside the word ``cut`` marks with ``|`` (or a PDF with only drawings: ``scanned``)."""
    pdf = _pdf(None if scanned else header)
    if encrypt:
        pdf.set_encryption(owner_password=encrypt, user_password=encrypt)
    pdf.add_page()
    if scanned:
        pdf.rect(20, 20, 100, 60, style="F")   # an image of a page, not text
        pdf.output(str(path))
        return path
    before, after = cut.split("|")
    for line in text.splitlines():
        if not line.strip():
            pdf.ln(6)
            continue
        if before + after in line:
            first, rest = line.split(before + after, 1)
            _write(pdf, first + before)
            pdf.add_page()
            line = after + rest
        _write(pdf, line)
    pdf.output(str(path))
    return path


def pdf_from_lines(path: Path, text: str, header: str | None = None) -> Path:
    """Write every line of ``text`` to a PDF, wrapping at the page width, pages as they fill."""
    pdf = _pdf(header)
    pdf.add_page()
    for line in text.splitlines():
        if line.strip():
            _write(pdf, line.strip())
        else:
            pdf.ln(4)
    pdf.output(str(path))
    return path


def make_html(path: Path, text: str = SAMPLE_TEXT) -> Path:
    """Write ``text`` inside a government portal's page: menus, breadcrumb, share buttons, footer."""
    import html
    lines = [l for l in text.splitlines() if l.strip()]
    title, body = lines[0], lines[1:]
    parts, rows = [], []
    for line in body + [""]:
        if line.startswith("|"):
            rows.append("<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>"
                                         for c in line.strip("|").split("|")) + "</tr>")
            continue
        if rows:
            parts.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if line:
            parts.append(f"<p>{html.escape(line)}</p>")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}_甘肃省人民政府门户网站</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2026-01-08 09:30">
<meta name="ContentSource" content="甘肃省人民政府办公厅">
<script>window.dataLayer = [];</script></head>
<body>
<div class="top"><a href="/">无障碍</a> <a href="/">长者模式</a> <a>English</a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府文件</div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：2026-01-08　来源：省政府办公厅　【字体：大 中 小】 <a>分享到微信</a> <a>分享到微博</a></div>
<div class="content" id="zoom">{''.join(parts)}</div>
<div class="tools"><a>【打印本页】</a> <a>【关闭窗口】</a></div></div>
<div class="footer"><p>主办：甘肃省人民政府办公厅　承办：甘肃省大数据中心</p>
<p>版权所有　陇ICP备05000000号　网站标识码6200000001</p></div>
<script>document.getElementById("zoom").style.fontSize = "16px";</script>
</body></html>"""
    Path(path).write_text(page, encoding="utf-8")
    return path


def make_ofd(path: Path, text: str = PLAIN_TEXT, header: str = "甘肃省人民政府办公厅文件",
             per_page: int = 7) -> Path:
    """Write ``text`` as an OFD package (GB/T 33190 XML in a zip), ``per_page`` lines a page,
    each page with the same running header."""
    from xml.sax.saxutils import escape
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    lines = [l for l in text.splitlines() if l.strip()]
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} '
                         f'Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID>'
                         f'<ofd:Title>{escape(lines[0])}</ofd:Title></ofd:DocInfo>'
                         f'<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        page_refs = "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                            for i in range(len(pages)))
        package.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                         f'<ofd:Document {ns}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>'
                         f'<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                         f'<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                         f'<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>')
        package.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                         f'<ofd:Res {ns} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="宋体" '
                         f'FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
        for p, page in enumerate(pages):
            objects = []
            for k, line in enumerate([header] + page):
                size = 3.5
                objects.append(
                    f'<ofd:TextObject ID="{100 * (p + 1) + k}" Boundary="20 {20 + 10 * k} 180 6" '
                    f'Font="2" Size="{size}"><ofd:TextCode X="0" Y="{size}" DeltaX="g {len(line) - 1} {size}">'
                    f'{escape(line)}</ofd:TextCode></ofd:TextObject>')
            package.writestr(f"Doc_0/Pages/Page_{p}/Content.xml",
                             f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
                             f'<ofd:Layer ID="{50 + p}">{"".join(objects)}</ofd:Layer>'
                             f'</ofd:Content></ofd:Page>')
    Path(path).write_bytes(buffer.getvalue())
    return path
