"""The format readers on small real files built with the libraries themselves."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from versiondiff import compare
from versiondiff import store as st
from versiondiff.cli import cli
from versiondiff.readers import detect
from versiondiff.readers.docx import format_number
from versiondiff.sources import read_source
from versiondiff.structure import read_document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import formatsamples as fs  # noqa: E402

pytest.importorskip("docx")
pytest.importorskip("pypdfium2")
pytest.importorskip("trafilatura")
pytest.importorskip("ofdkit")
pytest.importorskip("fpdf")
if not Path(fs.CJK_FONT).is_file():
    pytest.skip("the PDF samples need fonts-noto-cjk (apt-get install -y fonts-noto-cjk)",
                allow_module_level=True)

LABELS = ["一、", "（一）", "（二）", "二、", "（一）", "1.", "2.", "（二）", "1.", "三、"]


def labels(path) -> list[str]:
    return [item.label for item in read_document(str(path)).walk()]


def run(*args: str, store: Path | None = None):
    env = {st.STORE_ENV: str(store)} if store else {}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    txt = folder / "plan.txt"
    txt.write_text(fs.SAMPLE_TEXT, encoding="utf-8")
    plain = folder / "plain.txt"
    plain.write_text(fs.PLAIN_TEXT, encoding="utf-8")
    return {"txt": txt, "plain": plain,
            "docx": fs.make_docx(folder / "plan.docx"), "html": fs.make_html(folder / "plan.html"),
            "pdf": fs.make_pdf(folder / "plan.pdf"), "ofd": fs.make_ofd(folder / "plan.ofd")}


@pytest.mark.parametrize("fmt,against", [("docx", "txt"), ("html", "txt"), ("pdf", "plain"),
                                         ("ofd", "plain")])
def test_a_format_reads_as_its_text(files, fmt, against):
    source = read_source(str(files[fmt]))
    assert source.format == fmt
    assert "确保各项任务落到实处" in source.text
    assert "数字化种植基地,推动精准灌溉和" in read_document(str(files[fmt])).text.canonical
    assert labels(files[fmt]) == LABELS if against == "txt" else labels(files[fmt])
    assert labels(files[fmt]) == labels(files[against])
    comparison = compare(str(files[against]), str(files[fmt]))
    assert comparison.summary.count("changed") == 0
    assert not [c for c in comparison.changes if c.kind not in ("equal", "ignored")]


def test_docx_numbering_tables_and_tracked_changes(files):
    source = read_source(str(files["docx"]))
    assert source.text.splitlines()[1:4] == [
        "一、总体要求", "（一）指导思想。坚持创新驱动，推动人工智能与农业生产深度融合，加快建设农业强省。",
        "（二）基本原则。坚持统筹规划、分步实施；坚持市场主导、政府引导。"]
    assert "| 智能农机（台） | 5000 | 10000 |" in source.text
    assert "力争" not in source.text and "甘肃省人民政府办公厅文件" not in source.text  # header aside
    assert any("tracked changes" in note for note in source.notes)
    assert [format_number(n, "chineseCounting") for n in (9, 11, 100, 105)] == ["九", "十一", "一百", "一百零五"]


def test_pdf_running_header_and_page_numbers_are_ignored(files):
    source = read_source(str(files["pdf"]))
    marked = [source.text[s:e] for s, e in source.boilerplate]
    assert marked == ["甘肃省人民政府办公厅文件", "- 1 -"] * 1 + ["甘肃省人民政府办公厅文件", "- 2 -"]
    document = read_document(str(files["pdf"]))
    assert "1.建设一批数字化种植基地,推动精准灌溉和智能施肥,提高水肥利用效率。" in document.text.canonical
    assert document.metadata.title == "甘肃省智慧农业发展实施方案"
    assert "办公厅文件" not in document.text.canonical


def test_html_portal_is_left_out_and_feeds_metadata(files):
    document = read_document(str(files["html"]))
    for portal in ("首页", "分享到", "版权所有", "dataLayer", "当前位置", "打印本页"):
        assert portal not in document.source.text
    assert document.metadata.title == "甘肃省智慧农业发展实施方案"
    assert document.metadata.published == "2026-01-08"


def test_normalize_original_prints_the_extracted_text(files):
    result = run("normalize", "--original", str(files["docx"]))
    assert result.exit_code == 0 and result.output == read_source(str(files["docx"])).text
    payload = json.loads(run("diff", str(files["txt"]), str(files["docx"]), "--format", "json").output)
    start, end = payload["changes"][1]["new"][0]
    assert result.output[start:end] in fs.SAMPLE_TEXT


def test_detect_by_content_then_suffix(files):
    assert detect(files["pdf"].read_bytes(), "x.txt") == "pdf"
    assert detect(files["docx"].read_bytes(), "noname") == "docx"
    assert detect(files["ofd"].read_bytes(), "x.zip") == "ofd"
    assert detect(b"# t\n", "a.md") == "markdown"


def bad_files(folder: Path) -> dict[str, Path]:
    docx = fs.make_docx(folder / "whole.docx").read_bytes()
    (folder / "cut.docx").write_bytes(docx[: len(docx) // 2])
    (folder / "nav.html").write_text(
        "<!DOCTYPE html><html><head><title>首页</title></head><body><ul><li><a href='/'>首页</a></li>"
        "<li><a>政务公开</a></li></ul><script>var x=1;</script></body></html>", encoding="utf-8")
    return {"scan": fs.make_pdf(folder / "scan.pdf", scanned=True),
            "locked": fs.make_pdf(folder / "locked.pdf", encrypt="secret"),
            "cut": folder / "cut.docx", "nav": folder / "nav.html"}


@pytest.mark.slow   # a real process / cluster / built files: seconds, not milliseconds
@pytest.mark.parametrize("kind,message", [
    ("scan", "PDF with no text layer (scanned?)"), ("locked", "is an encrypted PDF file"),
    ("cut", "is a corrupt DOCX file"), ("nav", "HTML page with no main text")])
def test_unreadable_files_get_one_clear_line(tmp_path, files, kind, message):
    path = bad_files(tmp_path)[kind]
    result = run("diff", str(files["txt"]), str(path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0], lines


@pytest.mark.slow   # a real process / cluster / built files: seconds, not milliseconds
def test_diff_docx_against_pdf(tmp_path, seed_texts):
    old = fs.docx_from_lines(tmp_path / "plan-2018.docx", seed_texts["gansu2018"])
    new = fs.pdf_from_lines(tmp_path / "plan-2026.pdf", seed_texts["gansu2026"])
    result = run("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 1, result.stderr
    # the same texts as plain files outside the corpus, so that neither pair is known as a series
    plain = []
    for name in ("gansu2018", "gansu2026"):
        plain.append(tmp_path / f"{name}.txt")
        plain[-1].write_text(seed_texts[name], encoding="utf-8")
    assert compare(str(old), str(new)).mode == compare(*map(str, plain)).mode
    for mode in ("version", "cross"):
        formats, texts = compare(str(old), str(new), mode=mode), compare(*map(str, plain), mode=mode)
        assert abs(formats.summary.similarity - texts.summary.similarity) < 0.05, mode
        assert len(formats.outline) == pytest.approx(len(texts.outline), abs=2), mode


def test_add_keeps_the_original_beside_its_text(copy, files):
    store = copy.root
    result = run("add", str(files["docx"]), "-s", "agri-plan", "-v", "2026", "--date", "2026-01-08",
                 store=store)
    assert result.exit_code == 0, result.stderr
    meta = json.loads((store / "agri-plan" / "2026.json").read_text(encoding="utf-8"))
    assert meta["file"] == "2026.txt" and meta["original"]["file"] == "2026.docx"
    assert (store / "agri-plan" / "2026.docx").read_bytes() == files["docx"].read_bytes()
    assert (store / "agri-plan" / "2026.txt").read_text(encoding="utf-8") == \
        read_source(str(files["docx"])).text
    assert run("verify", store=store).exit_code == 0
    (store / "agri-plan" / "2026.docx").write_bytes(b"PK\x03\x04changed")
    result = run("verify", store=store)
    assert result.exit_code == 2 and "agri-plan/2026.docx: sha256 does not match" in result.output
