"""The README is the front door: every command and option it promises exists, and every command is documented."""
from __future__ import annotations

import re
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
    assert "pip install -q -e '.[test]'" in CI and CI.rstrip().endswith("python3 -m pytest")


def test_readme_quotes_the_real_stat_output(monkeypatch):
    # the README quotes this output whole: it must be what the code prints today
    from click.testing import CliRunner
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    result = CliRunner().invoke(cli, ["diff", "gansu-ai-plan@2018", "gansu-ai-plan@2026", "--stat"], color=False)
    assert result.exit_code == 1
    assert f"$ versiondiff diff gansu-ai-plan@2018 gansu-ai-plan@2026 --stat\n{result.output}```" in README


def test_readme_python_examples_run(monkeypatch, capsys):
    # the Library section's code is run as written, from the project folder
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 (our own documentation)
    assert "page" in namespace and namespace["page"].startswith("<!DOCTYPE html>")
