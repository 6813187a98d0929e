"""Reading inputs (versiondiff.sources): only regular files, bounded, standard input, clear names."""
from __future__ import annotations

import os
import re
import sys

import pytest
from click.testing import CliRunner

from versiondiff.cli import cli
from versiondiff.errors import VersiondiffError
from versiondiff.sources import (DEFAULT_MAX_SIZE, is_reference, parse_size, read_bytes, read_source,
                                 use_max_size)

TEXT = "一、总体要求\n推动人工智能发展。\n"


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode() * 1000)
    assert read_bytes(path) == TEXT.encode() * 1000


@pytest.mark.parametrize("kind,message", [
    ("fifo", "is a named pipe (FIFO), not a regular file"),
    ("dir", "is a directory, not a regular file"),
    ("missing", "no such file"),
])
def test_what_is_not_a_regular_file_is_refused_before_reading(tmp_path, kind, message):
    path = tmp_path / "x"
    if kind == "fifo":
        os.mkfifo(path)            # no writer: a plain open() would block here
    elif kind == "dir":
        path.mkdir()
    with pytest.raises(VersiondiffError, match=f"^{re.escape(str(path))}: {re.escape(message)}$"):
        read_bytes(path)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused(device):
    with pytest.raises(VersiondiffError, match=f"^{device}: is a character device, not a regular file$"):
        read_bytes(device)


def test_the_size_limit_holds_for_files_and_standard_input(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(VersiondiffError, match="larger than the size limit of 1 kB"):
        read_bytes(path, 1024)
    with use_max_size(1024), pytest.raises(VersiondiffError, match="big.txt: larger than"):
        read_bytes(path)
    assert read_bytes(path) == b"x" * 2000          # the default is back after the block
    monkeypatch.setattr(sys, "stdin", open(path, "rb"))
    monkeypatch.setattr(sys.stdin, "buffer", sys.stdin, raising=False)
    with pytest.raises(VersiondiffError, match="^<stdin>: larger than"):
        read_bytes("-", 100)


def test_parse_size():
    assert parse_size("200M") == DEFAULT_MAX_SIZE
    assert [parse_size(s) for s in ("1", "1k", "1.5K", "2MB", "1GiB")] == [1, 1024, 1536, 2 << 20, 1 << 30]
    with pytest.raises(ValueError):
        parse_size("lots")


def test_a_name_too_long_is_one_clear_error(tmp_path):
    with pytest.raises(VersiondiffError, match="file name too long$"):
        read_bytes(tmp_path / ("长" * 100))


def test_a_missing_file_named_like_a_reference_is_named_as_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert is_reference("x@1.txt")
    with pytest.raises(VersiondiffError, match=r"^x@1\.txt: no such file \(nor a corpus reference"):
        read_source("x@1.txt")


def test_names_that_are_not_utf8_are_escaped(tmp_path):
    path = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.txt")
    with open(path, "wb") as handle:
        handle.write(TEXT.encode())
    assert read_source(path).ref.endswith("caf\\xe9.txt")
    with pytest.raises(VersiondiffError, match=r"nope\\xff\.txt: no such file"):
        read_source(os.fsdecode(os.fsencode(tmp_path) + b"/nope\xff.txt"))


def test_standard_input_is_a_file_everywhere():
    runner = CliRunner()
    result = runner.invoke(cli, ["normalize", "-"], input=TEXT.encode("gb18030"))
    assert result.exit_code == 0 and result.stdout == "一、总体要求\n推动人工智能发展。\n"
    result = runner.invoke(cli, ["outline", "--format", "json", "-"], input=TEXT.encode())
    assert result.exit_code == 0 and '"ref": "-"' in result.stdout


def test_unified_headers_quote_odd_names_as_git_does(tmp_path):
    old, new = tmp_path / "a.txt", tmp_path / "new\nline.txt"
    old.write_text(TEXT, encoding="utf-8")
    new.write_text(TEXT.replace("推动", "促进"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", "-f", "unified", str(old), str(new)])
    assert result.exit_code == 1
    assert f'+++ "{tmp_path}/new\\nline.txt"\n'.encode() in result.stdout_bytes


def test_report_output_folder_is_not_created(tmp_path):
    old = tmp_path / "a.txt"
    old.write_text(TEXT, encoding="utf-8")
    target = tmp_path / "nonexistent" / "dir" / "x.html"
    result = CliRunner().invoke(cli, ["report", str(old), str(old), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (f"versiondiff: error: {target}: cannot write the report: "
                             f"no such folder {target.parent}\n")
