"""``versiondiff diff``: exit statuses as diff(1), formats, colour rules (click's CliRunner)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pathlib import Path

from versiondiff.cli import cli

from test_render_terminal import NEW, OLD

DATA = Path(__file__).resolve().parent / "data"

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str, env: dict | None = None):
    """Invoke the CLI with ANSI codes kept (what a terminal would get)."""
    return CliRunner().invoke(cli, list(args), env=env or {}, color=True)


def t2s_rewrapped(source: Path, target: Path) -> Path:
    """Write Jiangsu's text as simplified script, other punctuation width, lines broken every 30 characters."""
    import opencc
    text = opencc.OpenCC("t2s").convert(source.read_bytes().decode("utf-8-sig"))
    text = text.translate(str.maketrans("，：；（）,:;()", ",:;()，：；（）"))
    lines = []
    for line in text.split("\n"):
        lines += [line[k:k + 30] for k in range(0, len(line), 30)] or [""]
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


# ---- exit statuses ---------------------------------------------------------------------------

def test_identical_files_exit_0():
    result = run("diff", str(OLD), str(OLD))
    assert result.exit_code == 0, result.output
    assert "# no changes" in result.output


def test_jiangsu_against_simplified_rewrapped_copy_exits_0(seed_paths, tmp_path):
    copy = t2s_rewrapped(seed_paths["jiangsu"], tmp_path / "jiangsu-simplified.txt")
    assert copy.read_bytes() != seed_paths["jiangsu"].read_bytes()
    result = run("diff", str(seed_paths["jiangsu"]), str(copy))
    assert result.exit_code == 0, result.output
    assert "@@" not in result.output


def test_real_pair_exits_1():
    result = run("diff", str(OLD), str(NEW))
    assert result.exit_code == 1
    assert "@@ " in result.output


@pytest.mark.slow  # over 0.4 s: the quick run stays under 20 s
def test_seed_pair_exits_1(seed_paths):
    assert run("diff", str(seed_paths["gansu2018"]), str(seed_paths["gansu2026"])).exit_code == 1


def test_missing_file_exits_2_with_one_line(tmp_path):
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(cli, ["diff", str(missing), str(NEW)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"versiondiff: error: {missing}: no such file"]


def test_binary_file_exits_2(tmp_path):
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    result = CliRunner().invoke(cli, ["diff", str(pdf), str(NEW)])
    assert result.exit_code == 2 and "PDF" in result.stderr


@pytest.mark.parametrize("args", [
    ["--mode", "sideways"],
    ["--format", "html"],
    ["--context", "-1"],
    ["--stat", "--format", "json"],
    ["-L", "a", "-L", "b", "-L", "c"],
])
def test_usage_errors_exit_2(args):
    assert CliRunner().invoke(cli, ["diff", str(OLD), str(NEW), *args]).exit_code == 2


# ---- formats ---------------------------------------------------------------------------------

def test_json_format_is_the_contract():
    result = run("diff", "--format", "json", str(OLD), str(NEW))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["format"] == "versiondiff.comparison/1" and data["mode"] == "version"
    assert result.output.startswith('{\n  "format"')   # indented for people, parsed by scripts


def test_json_is_byte_identical_across_runs():
    first = run("diff", "-f", "json", str(OLD), str(NEW)).output
    assert first == run("diff", "-f", "json", str(OLD), str(NEW)).output


def test_unified_format_writes_the_patch():
    result = run("diff", "--format", "unified", "-U", "1", str(OLD), str(NEW))
    assert result.exit_code == 1
    assert result.stdout_bytes.startswith(f"--- {OLD}\n+++ {NEW}\n@@ ".encode())


def test_markdown_format():
    result = run("diff", "--format", "markdown", str(OLD), str(NEW))
    assert result.exit_code == 1
    assert result.output.startswith("**versiondiff** ") and "\n- **changed** " in result.output


def test_labels_replace_file_names():
    result = run("diff", "--color=never", "-L", "v2018", "-L", "v2026", str(OLD), str(NEW))
    assert result.output.startswith("--- v2018  某某市智慧农业发展实施方案\n+++ v2026  ")


def test_stat():
    result = run("diff", "--stat", "--color=never", str(OLD), str(NEW))
    assert result.exit_code == 1
    assert re.search(r"^ moved +2$", result.output, re.M) and "@@" not in result.output


def test_context_option_counts_clauses():
    wide = run("diff", "--color=never", "--context", "3", str(OLD), str(NEW)).output
    narrow = run("diff", "--color=never", "--context", "0", str(OLD), str(NEW)).output
    assert wide.count("\n  ") > narrow.count("\n  ") == 0


def test_notes_are_in_the_header():
    result = run("diff", "--color=never", "--mode", "cross", str(OLD), str(NEW))
    assert result.output.splitlines()[2].startswith("# ")
    auto = run("diff", "--color=never", str(OLD), str(NEW)).output
    assert "# mode: version (chosen automatically: " in auto


def test_normalize_options_are_accepted(seed_paths):
    result = run("diff", "--mask-places", "--aliases", "--stat", "--color=never",
                 str(seed_paths["gansu2026"]), str(seed_paths["sichuan"]))
    assert result.exit_code == 1


# ---- colour ----------------------------------------------------------------------------------

def test_not_a_terminal_means_no_colour():
    result = run("diff", str(OLD), str(NEW))          # CliRunner's stdout is not a TTY
    assert "\x1b[" not in result.output and "{+加快+}" in result.output


def test_color_always_colours():
    result = run("diff", "--color=always", str(OLD), str(NEW))
    assert "\x1b[32;4m加快\x1b[m" in result.output and "{+" not in result.output


def test_color_always_beats_no_color():
    result = run("diff", "--color=always", str(OLD), str(NEW), env={"NO_COLOR": "1"})
    assert "\x1b[" in result.output


def test_color_never():
    assert "\x1b[" not in run("diff", "--color=never", str(OLD), str(NEW)).output


def test_no_color_env_with_a_terminal(monkeypatch):
    import versiondiff.cli_diff as cli_diff
    monkeypatch.setattr(cli_diff, "_isatty", lambda: True)
    assert "\x1b[" in run("diff", str(OLD), str(NEW)).output
    assert "\x1b[" not in run("diff", str(OLD), str(NEW), env={"NO_COLOR": "1"}).output


def test_colour_and_plain_views_hold_the_same_text():
    plain = run("diff", "--color=never", str(OLD), str(NEW)).output
    painted = run("diff", "--color=always", str(OLD), str(NEW)).output
    for marker in ("[-", "-]", "{+", "+}"):
        plain = plain.replace(marker, "")
    assert ANSI.sub("", painted) == plain


# ---- substance sections (issue 15) ------------------------------------------------------

@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_diff_targets_units_terms_in_the_terminal():
    from click.testing import CliRunner
    from versiondiff.cli import cli
    result = CliRunner().invoke(cli, ["diff", "gansu-ai-plan@2018", "gansu-ai-plan@2026", "--stat",
                                      "--targets", "--units", "--terms"], color=False)
    assert result.exit_code == 1, result.output
    out = result.output
    assert "# targets: 4 new, 17 dropped" in out
    assert "dropped           总投资: 2030 达到15亿元以上 → —" in out
    assert "省工信委 → 省工信厅" in out and "# key terms" in out and "大模型" in out


def test_diff_substance_in_markdown_and_json():
    import json
    from click.testing import CliRunner
    from versiondiff.cli import cli
    runner = CliRunner()
    md = runner.invoke(cli, ["diff", str(DATA / "smart_agri_old.txt"), str(DATA / "smart_agri_new.txt"),
                             "-f", "markdown", "--targets", "--units"])
    assert md.exit_code == 1
    assert "| **raised** | 建成智慧农业示范基地 | 2025 10个 | 2027 20个 | deadline 2025 → 2027 |" in md.output
    assert "### Responsible units" in md.output
    js = runner.invoke(cli, ["diff", "jiangsu-ai-plan@2025", "sichuan-ai-plan@2026", "-f", "json", "--targets"])
    data = json.loads(js.output)
    sub = data["substance"]
    assert sub["format"] == "versiondiff.substance/1" and set(sub) == {"format", "targets"}
    [scale] = [t for t in sub["targets"] if t["new"] and t["new"]["written"] == "突破4000亿元"]
    assert scale["kind"] == "lowered" and scale["old"]["value"] == {"low": 1e12, "high": 1e12, "unit": "元"}
    plain = json.loads(runner.invoke(cli, ["diff", "jiangsu-ai-plan@2025", "sichuan-ai-plan@2026",
                                           "-f", "json"]).output)
    assert "substance" not in plain  # the plain contract is unchanged


def test_substance_refuses_the_unified_format():
    from click.testing import CliRunner
    from versiondiff.cli import cli
    result = CliRunner().invoke(cli, ["diff", str(DATA / "smart_agri_old.txt"), str(DATA / "smart_agri_new.txt"),
                                      "-f", "unified", "--terms"])
    assert result.exit_code == 2 and "--terms" in result.output
