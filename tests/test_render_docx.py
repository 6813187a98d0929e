"""``report --format docx``: the comparison table as a Word document, read back with python-docx."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from versiondiff.cli import cli
from versiondiff.compare import compare
from versiondiff.render.pairview import CHANGE_KINDS

docx = pytest.importorskip("docx")
LAW = Path(__file__).resolve().parent / "data" / "law"


def test_docx_holds_one_row_per_change(tmp_path):
    old, new = LAW / "cybersecurity-2016.txt", LAW / "cybersecurity-2025.txt"
    out = tmp_path / "table.docx"
    result = CliRunner().invoke(cli, ["report", str(old), str(new), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    table = docx.Document(str(out)).tables[0]
    comp = compare(old, new)
    changes = [c for c in comp.changes if c.kind in CHANGE_KINDS]
    assert len(table.rows) - 1 == len(changes)
    assert [c.text for c in table.rows[0].cells][2] == "类型"
    # edits are marked: the removed word struck through, the added one underlined
    runs = [r for row in table.rows[1:] for cell in row.cells[:2] for p in cell.paragraphs for r in p.runs]
    assert any(r.font.strike and r.text == "网络" for r in runs)
    assert any(r.font.underline and r.text == "人工智能等" for r in runs)
    kinds = [row.cells[2].text for row in table.rows[1:]]
    assert sum("新增" in k for k in kinds) == comp.summary.count("inserted")


def test_docx_default_name_and_three_documents_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    old, new = LAW / "cybersecurity-2016.txt", LAW / "cybersecurity-2025.txt"
    result = CliRunner().invoke(cli, ["report", str(old), str(new), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(Path("reports") / "cybersecurity-2016__cybersecurity-2025.docx")
    result = CliRunner().invoke(cli, ["report", str(old), str(new), str(old), "--format", "docx"])
    assert result.exit_code == 2
