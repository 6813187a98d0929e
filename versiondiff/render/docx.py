"""The comparison table (对照表) as a Word document: old | new | kind, one row per change, edits marked.

That is how comparison tables circulate among drafters.  Needs the optional
``python-docx`` (``pip install 'versiondiff[docx]'``); the table is built
from the same view model as the HTML report, so the two agree.
"""
from __future__ import annotations

import io
from typing import Optional

from ..errors import VersiondiffError
from ..models import Comparison
from .htmlview import Segment
from .labels import labels
from .pairview import CHANGE_KINDS, build_pair

__all__ = ["render_docx"]


def _write(paragraph, segments: tuple[Segment, ...]) -> None:
    """Append segments to a paragraph: removed text struck through, added text underlined."""
    from docx.shared import RGBColor
    for seg in segments:
        if seg.mark == "br":
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(seg.text)
        if seg.mark == "del":
            run.font.strike = True
            run.font.color.rgb = RGBColor(0xA4, 0x0E, 0x26)
        elif seg.mark == "ins":
            run.font.underline = True
            run.font.color.rgb = RGBColor(0x11, 0x63, 0x29)


def render_docx(comp: Comparison, lang: Optional[str] = None) -> bytes:
    """Return a .docx holding the comparison table of a Comparison: one row per change record."""
    try:
        import docx
    except ImportError:
        raise VersiondiffError("--format docx needs python-docx: pip install 'versiondiff[docx]'") from None
    view = build_pair(comp, lang)
    t = labels(view.lang)
    document = docx.Document()
    document.core_properties.title = view.title
    document.add_heading(view.title, level=1)
    document.add_paragraph(f"{t.similarity_name} {view.similarity:.1%} · {view.total_changes} {t.changes_n} · "
                           f"{view.renumbered} {t.renumbered_apart}")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (f"{t.old}：{view.old.title}", f"{t.new}：{view.new.title}",
                                                 t.col_kind)):
        cell.text = text
    for section in view.sections:
        for row in section.rows:
            if row.kind not in CHANGE_KINDS:   # one row per change record; markers and equal text left out
                continue
            cells = table.add_row().cells
            for cell, side in zip(cells[:2], (row.old, row.new)):
                if side is not None:
                    _write(cell.paragraphs[0], side.segments)
            cells[2].text = " ".join(x for x in (row.number, row.label, row.note) if x)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
