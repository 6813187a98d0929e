"""The README is the front door: every command and option it promises exists, and every command is documented."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from versiondiff.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CI = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")


def _example_lines() -> list[str]:
    """Return the README's command lines that run versiondiff: in code blocks or inline code."""
    lines = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("versiondiff "):
                lines.append(line)
    lines += re.findall(r"`(versiondiff [^`\n]*)`", README)
    return lines


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_an_example_in_the_readme(name):
    assert any(line.split()[1:2] == [name] for line in _example_lines()), f"README shows no example of {name}"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_option_of_every_command_is_in_the_readme(name):
    command = cli.commands[name]
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            longest = max(param.opts, key=len)
            if longest in ("--help",):
                continue
            assert longest in README, f"README does not mention {name} {longest}"


def test_readme_examples_name_real_commands():
    for line in _example_lines():
        words = line.split()
        if len(words) > 1 and not words[1].startswith("-") and not words[1].isupper():
            assert words[1] in cli.commands, f"README runs an unknown command: {line}"


def test_the_two_setup_commands_are_the_ones_ci_runs():
    assert "pip install -e '.[test]' && versiondiff showcase" in README
    assert "python3 -m pytest" in README
    assert "pip install -q -e '.[test]' && versiondiff showcase" in CI and CI.rstrip().endswith("python3 -m pytest")
    venv = "python3 -m venv .venv && . .venv/bin/activate"
    assert venv in README and venv in CI


def test_ci_runs_the_tests_in_a_fresh_clone_alone_in_an_empty_folder():
    lines = [line.strip() for line in CI.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    clone = next(i for i, line in enumerate(lines) if line.startswith("git clone"))
    assert lines[clone] == 'git clone -q "$PWD" "$work/versiondiff"' and 'work="$(mktemp -d)"' in lines[:clone]
    assert lines[clone + 1] == 'cd "$work/versiondiff"'
    assert lines.index("python3 -m pytest") > clone


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_readme_quotes_the_real_stat_output(monkeypatch):
    # the README quotes this output whole: it must be what the code prints today
    from click.testing import CliRunner
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    result = CliRunner().invoke(cli, ["diff", "gansu-ai-plan@2018", "gansu-ai-plan@2026", "--stat"], color=False)
    assert result.exit_code == 1
    assert f"$ versiondiff diff gansu-ai-plan@2018 gansu-ai-plan@2026 --stat\n{result.output}```" in README


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_readme_python_examples_run(monkeypatch, capsys):
    # the Library section's code is run as written, from the project folder
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 (our own documentation)
    assert "page" in namespace and namespace["page"].startswith("<!DOCTYPE html>")


# ---- the README's shell examples, run as written ---------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
SKIP_MARK = re.compile(r"<!-- readme-test: skip \((.+?)\) -->")
#: what a copy of the repository leaves out: history, caches, outputs of earlier runs
NOT_COPIED = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", ".venv", "*.egg-info", "reports",
                                    "artifacts", "*.actual", ".lock", ".*.tmp")


def readme_blocks(text: str = README) -> list[dict]:
    """Return the README's fenced blocks: language, body, line number and the skip reason before it."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        fence = re.match(r"^(\s*)```(\w*)\s*$", lines[i])
        if not fence:
            i += 1
            continue
        indent, lang, start = fence.group(1), fence.group(2), i
        j = i + 1
        while not lines[j].strip().startswith("```"):
            j += 1
        before = next((line for line in reversed(lines[:start]) if line.strip()), "")
        skip = SKIP_MARK.search(before)
        body = [line[len(indent):] if line.startswith(indent) else line for line in lines[start + 1:j]]
        blocks.append({"lang": lang, "body": body, "line": start + 1, "skip": skip.group(1) if skip else None})
        i = j + 1
    return blocks


def is_shell(block: dict) -> bool:
    """Return whether a block is shell: marked ``sh`` or a transcript with ``$ `` prompts."""
    return block["lang"] == "sh" or any(line.startswith("$ ") for line in block["body"])


def shell_steps(block: dict) -> list[tuple[str, list[str]]]:
    """Return a shell block's commands (continuation lines joined), each with the output it quotes."""
    transcript = any(line.startswith("$ ") for line in block["body"])
    steps: list[tuple[str, list[str]]] = []
    lines = list(block["body"])
    while lines:
        line = lines.pop(0)
        if transcript and not line.startswith("$ "):
            if steps:
                steps[-1][1].append(line)
            continue
        command = line.removeprefix("$ ") if transcript else line
        if not command.strip() or command.lstrip().startswith("#"):
            continue
        while command.rstrip().endswith("\\") and lines:
            command = command.rstrip()[:-1] + " " + lines.pop(0).strip()
        steps.append((command, []))
    return steps


def output_matches(expected: list[str], actual: str) -> bool:
    """Return whether output is what the README quotes; a line ``…`` alone stands for any lines."""
    pattern = "".join(r"(?:.*\n)*?" if line.strip() == "…" else re.escape(line.rstrip()) + r"[ \t]*\n"
                      for line in expected)
    return re.fullmatch(pattern, actual if actual.endswith("\n") or not actual else actual + "\n") is not None


def test_output_matching_follows_the_ellipsis_convention():
    assert output_matches(["a", "…", "d"], "a\nb\nc\nd\n")
    assert output_matches(["a", "…"], "a\nb\n") and output_matches(["…", "b"], "a\nb\n")
    assert not output_matches(["a", "d"], "a\nb\nd\n")
    assert not output_matches(["a", "…"], "b\na\n")
    assert not output_matches(["a (x)"], "a x\n")


def test_most_shell_blocks_run_and_none_looks_like_a_command_unmarked():
    blocks = readme_blocks()
    shell = [b for b in blocks if is_shell(b)]
    run = [b for b in shell if not b["skip"]]
    assert len(run) >= 2 * (len(shell) - len(run)), "most of the README's shell blocks must run"
    for block in blocks:
        first = next((line for line in block["body"] if line.strip()), "")
        if not is_shell(block) and re.match(r"(versiondiff|git|python3?|pip|patch) ", first):
            assert block["skip"], f"README.md:{block['line']}: a command block neither `sh` nor marked skip"


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    """Return a copy of the repository to run the examples in (they write reports and add versions)."""
    root = tmp_path_factory.mktemp("readme") / "versiondiff"
    shutil.copytree(ROOT, root, ignore=NOT_COPIED)
    return root


def _environment(tmp: Path) -> dict[str, str]:
    """Return an environment where ``versiondiff``, ``python`` and ``python3`` run this checkout."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name in ("python", "python3"):
        link = bin_dir / name
        if not link.exists():
            link.symlink_to(sys.executable)
    script = bin_dir / "versiondiff"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m versiondiff "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("VERSIONDIFF_STORE", "NO_COLOR", "PYTHONHASHSEED")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


@pytest.mark.slow
def test_readme_shell_examples_run_as_written(repo_copy, tmp_path):
    """Every shell block not marked skip runs from the repository root; quoted output is what it prints."""
    env = _environment(tmp_path)
    problems, ran = [], 0
    for block in readme_blocks():
        if not is_shell(block) or block["skip"]:
            continue
        for command, expected in shell_steps(block):
            done = subprocess.run(["bash", "-c", command], cwd=repo_copy, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=600)
            ran += 1
            where = f"README.md:{block['line']}: {command}"
            # diff exits 1 when it finds changes; a quoted error exits 2; anything else must succeed
            allowed = {0}
            if re.match(r"versiondiff diff\b", command):
                allowed.add(1)
            if any("error:" in line for line in expected):
                allowed = {2}
            if done.returncode not in allowed:
                problems.append(f"{where}\n  exit status {done.returncode}\n{done.stdout[-1500:]}")
            elif any(line.strip() for line in expected) and not output_matches(expected, done.stdout):
                problems.append(f"{where}\n  prints something else than the README quotes:\n{done.stdout[-3000:]}")
    assert ran >= 30, ran
    assert not problems, "\n\n".join(problems)
