"""Fuzzing the readers: random bytes and mixed encodings give success or one clean line, never a traceback."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SEED_FILES, SEEDS
from versiondiff.cli import cli

SOME = settings(max_examples=80, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXTS = {name: (SEEDS / file).read_bytes().decode("utf-8-sig") for name, file in SEED_FILES.items()}
REFERENCE = str(SEEDS / SEED_FILES["gansu2026"])
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "latin-1"]


def commands(path: str) -> list[list[str]]:
    """Return the reader commands to run on one file (diff in both directions once it exists)."""
    out = [["normalize", path], ["outline", path], ["outline", "--format", "json", path]]
    if "diff" in cli.commands:
        out += [["diff", path, REFERENCE], ["diff", REFERENCE, path, "--format", "json"]]
    return out


def check_clean(data: bytes, name: str = "input.txt") -> None:
    """Run every reader command on ``data``: success, or exit 2 with one line naming the file."""
    with tempfile.TemporaryDirectory(prefix="vd-fuzz-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        runner = CliRunner()
        for args in commands(str(path)):
            result = runner.invoke(cli, args)
            assert result.exception is None or isinstance(result.exception, SystemExit), \
                (args, repr(result.exception), result.output[-500:])
            assert "Traceback" not in result.output, args
            ok = (0, 1) if args[0] == "diff" else (0,)
            if result.exit_code in ok:
                continue
            assert result.exit_code == 2, (args, result.exit_code, result.output[-300:])
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1, (args, lines)
            assert name in lines[0], (args, lines[0])


@pytest.mark.slow
@SOME
@given(st.binary(min_size=0, max_size=3000))
def test_random_bytes(data):
    check_clean(data)


chunks = st.lists(st.tuples(st.sampled_from(sorted(TEXTS)), st.integers(0, 4000), st.integers(1, 400),
                            st.sampled_from(ENCODINGS)), min_size=1, max_size=5)


@pytest.mark.slow
@SOME
@given(chunks, st.integers(0, 2 ** 32))
def test_mixed_encodings(parts, seed):
    rng = random.Random(seed)
    data = b""
    for name, start, length, encoding in parts:
        text = TEXTS[name][start:start + length]
        data += text.encode(encoding, errors="replace")
    if data and rng.random() < 0.5:  # a few flipped or cut bytes, as damaged files have
        cut = rng.randrange(len(data))
        data = data[:cut] + bytes([rng.randrange(256)]) + data[cut + 1:]
    check_clean(data)


@pytest.mark.parametrize("data", [
    b"\x00" * 5000,
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 20,
    b"\xef\xbb\xbf",                                           # a BOM and nothing else
    b"\xff\xfe",                                               # a UTF-16 BOM and nothing else
    "甘肃省人工智能".encode("utf-8")[:-1],                       # cut inside the last character
    "一、总体要求\n".encode("utf-16-le"),                         # UTF-16 without a BOM
    "（一）指导思想。".encode("gb18030") + "（二）基本原则。".encode("utf-8"),  # two encodings in one file
    b"\x1b[31m" * 2000,                                        # terminal escapes
    pytest.param(("人工智能" * 300_000).encode("utf-8"),       # one 3.6 MB line, no punctuation
                 marks=pytest.mark.slow),
], ids=["nul", "pdf", "bom-only", "utf16-bom-only", "cut-utf8", "utf16-no-bom", "gb18030+utf8",
        "escapes", "huge-line"])
def test_awkward_files(data):
    check_clean(data)


def test_a_missing_file_is_a_clean_error(tmp_path):
    missing = tmp_path / "missing.txt"
    for args in commands(str(missing)):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert "missing.txt" in result.stderr
