"""Measure candidate extractors on small Chinese samples: order, line breaks, full-width punctuation.

Prints one table: for each job and library, how much of the known text came out
(difflib ratio on the text without whitespace), whether the full-width
punctuation survived, and how much portal or page furniture leaked in.  A
library that is not installed is listed as such.
"""
from __future__ import annotations

import difflib
import io
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import formatsamples as fs  # noqa: E402

FULL_WIDTH = "，。；：（）、“”"
FURNITURE = ("首页", "分享到", "版权所有", "当前位置", "办公厅文件", "- 1 -")


def score(got: str, truth: str) -> tuple[str, str, str]:
    """Return (similarity, full-width punctuation kept, furniture leaked)."""
    a, b = re.sub(r"\s", "", truth), re.sub(r"\s", "", got or "")
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    want = sum(a.count(c) for c in FULL_WIDTH)
    kept = min(want, sum(b.count(c) for c in FULL_WIDTH))
    leaked = sum(got.count(f) for f in FURNITURE) if got else 0
    return f"{ratio:.3f}", f"{kept}/{want}", str(leaked)


def _without_boilerplate(extracted) -> str:
    """Return the text the normalizer compares: the spans marked as page furniture left out."""
    text = extracted.text
    for start, end in sorted(extracted.boilerplate, reverse=True):
        text = text[:start] + text[end:]
    return text


def candidates(folder: Path):
    """Yield (job, library, callable returning text) for every candidate."""
    pdf = fs.make_pdf(folder / "s.pdf").read_bytes()
    html = fs.make_html(folder / "s.html").read_text(encoding="utf-8")
    docx_path = fs.make_docx(folder / "s.docx")
    ofd = fs.make_ofd(folder / "s.ofd").read_bytes()

    def pypdfium2():
        from versiondiff.readers import pdf as reader
        return _without_boilerplate(reader.read(pdf, "s.pdf"))

    def pypdfium2_raw():
        import pypdfium2 as pdfium
        doc = pdfium.PdfDocument(pdf)
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))

    def pypdf():
        import pypdf as lib
        return "\n".join(p.extract_text() for p in lib.PdfReader(io.BytesIO(pdf)).pages)

    def pdfminer():
        from pdfminer.high_level import extract_text
        return extract_text(io.BytesIO(pdf))

    def trafilatura():
        from versiondiff.readers import html as reader
        return reader.read(html.encode("utf-8"), "s.html").text

    def readability():
        from readability import Document
        import lxml.html
        return lxml.html.fromstring(Document(html).summary()).text_content()

    def justext():
        import justext as lib
        return "\n".join(p.text for p in lib.justext(html.encode("utf-8"), lib.get_stoplist("English"))
                         if not p.is_boilerplate)

    def python_docx():
        from versiondiff.readers import docx as reader
        return reader.read(docx_path.read_bytes(), "s.docx").text

    def python_docx_plain():
        import docx
        return "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)

    def ofdkit():
        from versiondiff.readers import ofd as reader
        return _without_boilerplate(reader.read(ofd, "s.ofd"))

    def ofd_zip_xml():
        import zipfile
        with zipfile.ZipFile(io.BytesIO(ofd)) as z:
            return "\n".join(" ".join(re.findall(r"<ofd:TextCode[^>]*>([^<]*)<", z.read(n).decode()))
                             for n in sorted(z.namelist()) if n.endswith("Content.xml"))

    yield "PDF", "pypdfium2 + page-edge rule (chosen)", pypdfium2, fs.PLAIN_TEXT
    yield "PDF", "pypdfium2 raw", pypdfium2_raw, fs.PLAIN_TEXT
    yield "PDF", "pypdf", pypdf, fs.PLAIN_TEXT
    yield "PDF", "pdfminer.six", pdfminer, fs.PLAIN_TEXT
    yield "HTML", "trafilatura (chosen)", trafilatura, fs.SAMPLE_TEXT
    yield "HTML", "readability-lxml", readability, fs.SAMPLE_TEXT
    yield "HTML", "justext", justext, fs.SAMPLE_TEXT
    yield "DOCX", "python-docx + numbering.xml (chosen)", python_docx, fs.SAMPLE_TEXT
    yield "DOCX", "python-docx paragraph.text", python_docx_plain, fs.SAMPLE_TEXT
    yield "OFD", "ofdkit (chosen)", ofdkit, fs.PLAIN_TEXT
    yield "OFD", "zip XML, TextCode order", ofd_zip_xml, fs.PLAIN_TEXT


def main() -> None:
    """Print the measurement table."""
    rows = [("job", "library", "similarity", "full-width kept", "furniture leaked")]
    with tempfile.TemporaryDirectory() as tmp:
        for job, name, extract, truth in candidates(Path(tmp)):
            try:
                got = extract()
            except ImportError:
                rows.append((job, name, "not installed", "", ""))
                continue
            except Exception as error:  # a candidate failing is a result too
                rows.append((job, name, f"failed: {type(error).__name__}", "", ""))
                continue
            rows.append((job, name, *score(got, truth)))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
