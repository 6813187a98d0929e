"""Pathological input never hangs, crashes or loses text (issue 6).

Each heavy comparison runs in a child interpreter under a generous timeout, so
a hang fails the test instead of stalling the suite.
"""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from versiondiff.cli import cli
from versiondiff.compare import compare
from versiondiff.errors import VersiondiffError
from invariants import nothing_lost

TESTS = Path(__file__).resolve().parent
#: generous: a hang is what these tests catch, not a slow machine
TIMEOUT = 300

CHILD = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {tests!r})
    from versiondiff.compare import compare
    from versiondiff.render.jsonout import render_json
    from invariants import nothing_lost
    comp = compare(sys.argv[1], sys.argv[2], mode=sys.argv[3])
    text = render_json(comp)
    nothing_lost(comp)
    widest = max([max(i2 - i1, j2 - j1) for c in comp.changes for t, i1, i2, j1, j2 in c.opcodes
                  if t != "equal"] or [0])
    print(json.dumps({{"mode": comp.mode, "counts": dict(comp.summary.counts), "notes": list(comp.notes),
                      "widest": widest, "json_bytes": len(text.encode()),
                      "inserted": [c.new for c in comp.changes if c.kind == "inserted"]}}))
""").format(tests=str(TESTS))


def run_compare(old: Path, new: Path, mode: str = "auto") -> dict:
    """Compare two files in a child interpreter (timeout-guarded); return its summary."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(old), str(new), mode],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def han_inventory(text: str) -> list[str]:
    return sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff"})


@pytest.fixture(scope="module")
def megabyte_line(tmp_path_factory, seed_texts) -> tuple[Path, Path]:
    """Return a 1 MB line of Han characters without punctuation, and a copy with two small edits."""
    rng = random.Random(6)
    inventory = han_inventory(seed_texts["gansu2026"])
    line = "".join(rng.choice(inventory) for _ in range(350_000))
    edited = line[:100_000] + "新增加的内容" + line[100_000:250_000] + line[250_010:]
    folder = tmp_path_factory.mktemp("megabyte")
    (folder / "old.txt").write_text(line + "\n", encoding="utf-8")
    (folder / "new.txt").write_text(edited + "\n", encoding="utf-8")
    assert (folder / "old.txt").stat().st_size > 1_000_000
    return folder / "old.txt", folder / "new.txt"


@pytest.mark.slow
def test_megabyte_line_without_punctuation_finishes(megabyte_line):
    result = run_compare(*megabyte_line)
    assert result["counts"]["changed"] + result["counts"]["inserted"] + result["counts"]["deleted"] >= 1


@pytest.mark.slow
def test_megabyte_line_diff_is_fine_or_says_it_is_coarse(megabyte_line):
    result = run_compare(*megabyte_line, mode="version")
    coarse_noted = any("budget" in note or "coarse" in note for note in result["notes"])
    assert result["widest"] <= 1_000 or coarse_noted, result


@pytest.mark.slow
def test_a_hundred_thousand_repetitions_of_one_sentence(tmp_path):
    sentence = "推进人工智能与实体经济深度融合。"
    (tmp_path / "old.txt").write_text(sentence * 100_000 + "\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text(sentence * 50_000 + "加快建设算力基础设施。" + sentence * 50_000 + "\n",
                                      encoding="utf-8")
    result = run_compare(tmp_path / "old.txt", tmp_path / "new.txt")
    assert result["mode"] == "version"
    budget_noted = any("budget" in note for note in result["notes"])
    if not budget_noted:  # a full alignment must find exactly the one new sentence
        assert result["counts"]["inserted"] == 1 and result["counts"]["deleted"] == 0
        (span,), = result["inserted"]
        new = (tmp_path / "new.txt").read_text(encoding="utf-8")
        assert new[span[0]:span[1]] == "加快建设算力基础设施。"


def test_two_unrelated_documents(tmp_path, seed_paths, seed_texts):
    rng = random.Random(9)
    inventory = han_inventory(seed_texts["jiangsu"])
    noise = "\n".join("".join(rng.choice(inventory) for _ in range(rng.randint(20, 80))) + "。"
                      for _ in range(300))
    (tmp_path / "random.txt").write_text(noise + "\n", encoding="utf-8")
    for other in (tmp_path / "random.txt", seed_paths["summary"]):
        result = run_compare(seed_paths["gansu2026"], other)
        assert result["mode"] == "cross"
        assert result["counts"]["equal"] <= 2


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t \xe3\x80\x80\n"], ids=["empty", "whitespace"])
def test_empty_file_against_a_large_one_is_a_clean_error(tmp_path, seed_paths, content):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(content)
    for old, new in ((empty, seed_paths["gansu2018"]), (seed_paths["gansu2018"], empty)):
        with pytest.raises(VersiondiffError, match="empty file") as caught:
            compare(old, new)
        assert str(empty) in str(caught.value)
    commands = [["normalize", str(empty)], ["outline", str(empty)]]
    if "diff" in cli.commands:
        commands += [["diff", str(empty), str(seed_paths["gansu2018"])],
                     ["diff", str(seed_paths["gansu2018"]), str(empty)]]
    for args in commands:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "empty file" in lines[0] and "empty.txt" in lines[0], (args, lines)
        assert "Traceback" not in result.output


def test_identical_files_have_no_changes(tmp_path, seed_paths):
    for name in ("gansu2026", "jiangsu", "sichuan"):
        copy = tmp_path / f"{name}.txt"
        shutil.copyfile(seed_paths[name], copy)
        comp = compare(seed_paths[name], copy)
        assert comp.mode == "version"
        assert not comp.has_changes, [c for c in comp.changes if c.kind not in ("equal", "ignored")][:3]
        nothing_lost(comp)
        if "diff" in cli.commands:
            result = CliRunner().invoke(cli, ["diff", str(seed_paths[name]), str(copy)])
            assert result.exit_code == 0, result.output


def test_a_tiny_work_budget_gives_a_coarser_diff_and_says_so(tmp_path, seed_texts):
    sys.path.insert(0, str(TESTS.parent / "benchmarks"))
    from revisions import make_revision, write_revision
    rev = make_revision(seed_texts["gansu2026"], seed_texts["sichuan"], seed=11)
    write_revision(rev, tmp_path)
    comp = compare(tmp_path / "old.txt", tmp_path / "new.txt", mode="version", work_budget=1_000)
    assert any("work budget" in note for note in comp.notes), comp.notes
    nothing_lost(comp)
    full = compare(tmp_path / "old.txt", tmp_path / "new.txt", mode="version")
    assert not any("work budget" in note for note in full.notes)
