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
    old, new = comp.old.text.original, comp.new.text.original
    # what an "equal" opcode claims must hold in the original texts (these inputs have no noise)
    equal_ok = all(old[i1:i2] == new[j1:j2] for c in comp.changes for t, i1, i2, j1, j2 in c.opcodes
                   if t == "equal")
    edits = [list(op) for c in comp.changes for op in c.opcodes if op[0] != "equal"]
    print(json.dumps({{"mode": comp.mode, "counts": dict(comp.summary.counts), "notes": list(comp.notes),
                      "widest": widest, "json_bytes": len(text.encode()), "equal_ok": equal_ok,
                      "edits": edits[:50], "edit_count": len(edits),
                      "changed_new": [c.new for c in comp.changes if c.kind in ("changed", "inserted")],
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


#: the edit made to the megabyte line: six characters inserted at 100 000, ten deleted at 250 000
MEGABYTE_EDITS = [["insert", 100_000, 100_000, 100_000, 100_006], ["delete", 250_000, 250_010, 250_006, 250_006]]


def only(counts: dict, **expected: int) -> dict:
    """Return the non-zero counts, for comparing with exactly what should be there."""
    return {kind: n for kind, n in counts.items() if n} == expected


@pytest.mark.slow
def test_megabyte_line_without_punctuation_finishes(megabyte_line):
    result = run_compare(*megabyte_line)
    assert result["mode"] == "version"
    # one clause (no punctuation to split it), changed by exactly the edit made to it
    assert only(result["counts"], changed=1), result["counts"]
    assert result["equal_ok"]
    if not any("budget" in note or "coarse" in note for note in result["notes"]):
        assert result["edits"] == MEGABYTE_EDITS, result["edits"]


def covers(edits: list, true_edit: list) -> bool:
    """Return whether a reported non-equal opcode contains a true edit (on both sides)."""
    _, i1, i2, j1, j2 = true_edit
    return any(a1 <= i1 and i2 <= a2 and b1 <= j1 and j2 <= b2 for _, a1, a2, b1, b2 in edits)


@pytest.mark.slow
def test_megabyte_line_diff_is_fine_or_says_it_is_coarse(megabyte_line):
    result = run_compare(*megabyte_line, mode="version")
    coarse_noted = any("budget" in note or "coarse" in note for note in result["notes"])
    # fine or coarse, what is shown as equal is equal and both real edits are inside what is shown changed
    assert result["equal_ok"]
    assert result["edit_count"] <= 50 and all(covers(result["edits"], e) for e in MEGABYTE_EDITS), result["edits"]
    if coarse_noted:  # coarser, never lost: the marked stretches stay a small part of the line
        assert sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in result["edits"]) <= 35_000, result["edits"]
    else:  # a fine diff is exactly the edit, with no wide stretch marked
        assert result["widest"] <= 1_000 and result["edits"] == MEGABYTE_EDITS, result


@pytest.mark.slow
def test_a_hundred_thousand_repetitions_of_one_sentence(tmp_path):
    sentence = "推进人工智能与实体经济深度融合。"
    (tmp_path / "old.txt").write_text(sentence * 100_000 + "\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text(sentence * 50_000 + "加快建设算力基础设施。" + sentence * 50_000 + "\n",
                                      encoding="utf-8")
    result = run_compare(tmp_path / "old.txt", tmp_path / "new.txt")
    assert result["mode"] == "version"
    assert result["equal_ok"]
    added = (len(sentence) * 50_000, len(sentence) * 50_000 + len("加快建设算力基础设施。"))
    budget_noted = any("budget" in note for note in result["notes"])
    if not budget_noted:  # a full alignment finds exactly the one new sentence, where it is
        assert only(result["counts"], equal=100_000, inserted=1), result["counts"]
        assert result["inserted"] == [[list(added)]]
    else:  # a coarser alignment still shows the new sentence as new, and not much more
        assert any(s <= added[0] and added[1] <= e for spans in result["changed_new"] for s, e in spans)
        assert result["counts"]["deleted"] + result["counts"]["changed"] <= 10, result["counts"]


@pytest.mark.slow
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
