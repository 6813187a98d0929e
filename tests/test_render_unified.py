"""Unified diff: gold file, and GNU patch reproduces NEW from OLD byte for byte."""
from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_FILES, SEEDS
from versiondiff.compare import compare
from versiondiff.errors import VersiondiffError
from versiondiff.render.unified import render_unified

from test_render_terminal import LABELS, NEW, OLD, assert_gold

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from revisions import make_revision, write_revision  # noqa: E402

PATCH = shutil.which("patch")
needs_patch = pytest.mark.skipif(PATCH is None, reason="GNU patch is not installed")
SEED_PAIRS = list(itertools.permutations(sorted(SEED_FILES), 2))


def round_trip(old: Path, new: Path, tmp_path: Path, **options) -> bytes:
    """Patch a copy of OLD with the unified diff of (OLD, NEW); return the patched bytes."""
    diff = render_unified(compare(old, new), **options)
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    target = work / "target"
    target.write_bytes(old.read_bytes())
    (work / "change.diff").write_bytes(diff)
    done = subprocess.run([PATCH, "-s", "-N", str(target), str(work / "change.diff")],
                          capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return target.read_bytes()


def test_unified_gold():
    assert_gold("smart_agri.diff", render_unified(compare(OLD, NEW), **LABELS))


def test_hunk_headers_name_the_section_of_the_first_changed_line():
    diff = render_unified(compare(OLD, NEW), context=0, **LABELS).decode()
    heads = [line for line in diff.splitlines() if line.startswith("@@")]
    assert heads[0] == "@@ -6,2 +6,2 @@ 一、/（一）"
    assert "@@ -10 +10 @@ 二、/1." in heads


def test_identical_bytes_give_an_empty_diff():
    assert render_unified(compare(OLD, OLD)) == b""


@needs_patch
def test_round_trip_hand_made_pair(tmp_path):
    assert round_trip(OLD, NEW, tmp_path) == NEW.read_bytes()
    assert round_trip(NEW, OLD, tmp_path, context=0) == OLD.read_bytes()


@pytest.mark.slow
@needs_patch
@pytest.mark.parametrize("a,b", SEED_PAIRS)
def test_round_trip_seed_pairs(a, b, tmp_path):
    old, new = SEEDS / SEED_FILES[a], SEEDS / SEED_FILES[b]
    assert round_trip(old, new, tmp_path) == new.read_bytes()


def variant(tmp_path: Path, name: str, text: str, *, crlf: bool = False, final_newline: bool = True,
            encoding: str = "utf-8") -> Path:
    """Write a variant of a text: CRLF line ends, without the final newline, another encoding."""
    if not final_newline:
        text = text.rstrip("\n")
    if crlf:
        text = text.replace("\n", "\r\n")
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@needs_patch
@pytest.mark.parametrize("crlf,final_newline,encoding", [
    (True, True, "utf-8"),
    (True, False, "utf-8"),
    (False, False, "utf-8"),
    (False, True, "utf-8-sig"),
    (False, True, "gb18030"),
])
def test_round_trip_line_ends_and_encodings(tmp_path, crlf, final_newline, encoding):
    old = variant(tmp_path, "old.txt", OLD.read_text("utf-8"), crlf=crlf,
                  final_newline=final_newline, encoding=encoding)
    new = variant(tmp_path, "new.txt", NEW.read_text("utf-8"), crlf=crlf,
                  final_newline=final_newline, encoding=encoding)
    assert round_trip(old, new, tmp_path) == new.read_bytes()


@needs_patch
def test_round_trip_when_only_one_side_lacks_the_final_newline(tmp_path):
    old = variant(tmp_path, "old.txt", OLD.read_text("utf-8"), final_newline=False)
    new = variant(tmp_path, "new.txt", OLD.read_text("utf-8") + "补充一句。\n")
    diff = render_unified(compare(old, new))
    assert b"\\ No newline at end of file\n" in diff
    assert round_trip(old, new, tmp_path) == new.read_bytes()


@needs_patch
@pytest.mark.parametrize("plan,donor,seed,noise", [
    ("gansu2026", "sichuan", 1, False),
    ("gansu2018", "gansu2026", 2, True),
    ("jiangsu", "gansu2018", 3, True),
    ("sichuan", "jiangsu", 4, True),
])
@pytest.mark.slow  # over 0.4 s: the quick run stays under 20 s
def test_round_trip_synthetic_revisions(tmp_path, plan, donor, seed, noise):
    texts = {n: (SEEDS / SEED_FILES[n]).read_bytes().decode("utf-8-sig") for n in (plan, donor)}
    rev = make_revision(texts[plan], texts[donor], seed=seed, noise=noise)
    folder = tmp_path / "rev"
    folder.mkdir()
    write_revision(rev, folder)
    assert round_trip(folder / "old.txt", folder / "new.txt", tmp_path) == (folder / "new.txt").read_bytes()


def test_utf16_is_refused_with_a_clear_error(tmp_path):
    old = variant(tmp_path, "old.txt", OLD.read_text("utf-8"), encoding="utf-16")
    with pytest.raises(VersiondiffError, match="ASCII-compatible"):
        render_unified(compare(old, NEW))
