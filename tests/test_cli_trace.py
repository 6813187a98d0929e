"""``versiondiff trace``: terminal, JSON (against the published schema), HTML, errors."""
from __future__ import annotations

import json
from importlib import resources

import pytest
from click.testing import CliRunner

from versiondiff.cli import cli


def run(copy, *args):
    return CliRunner().invoke(cli, ["--store", str(copy.root), "trace", *args, "--workers", "1"])


def test_terminal_table_names_sources(copy):
    result = run(copy, "--all")
    assert result.exit_code == 0, result.output
    assert "sichuan-ai-plan@2026" in result.output and "from jiangsu-ai-plan@2025" in result.output


def test_json_follows_the_published_schema(copy):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((resources.files("versiondiff") / "schema" / "trace.schema.json").read_text("utf-8"))
    result = run(copy, "sichuan-ai-plan@2026", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["scope"] == "documents" and [d["ref"] for d in data["documents"]] == ["sichuan-ai-plan@2026"]
    # a broken contract fails the schema: the check can fail
    data["documents"][0]["level"] = "galactic"
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


def test_html_report_is_written(copy, tmp_path):
    out = tmp_path / "trace.html"
    result = run(copy, "--all", "-f", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<mark class="reused"') >= 5 and "<svg" in page and 'class="matrix"' in page
    assert '<html lang="zh-Hans">' in page and "谁复用了谁" in page   # Chinese documents: the Chinese page


def test_html_report_lang_en(copy, tmp_path):
    out = tmp_path / "trace.html"
    result = run(copy, "sichuan-ai-plan@2026", "-f", "html", "-o", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Who reuses whom" in page and "谁复用了谁" not in page


@pytest.mark.parametrize("args, message", [
    ((), "give REF"), (("--all", "gansu-ai-plan@2026"), "give REF"),
    (("nosuch@1",), "unknown series"), (("--all", "--min-chars", "3"), "min-chars"),
    (("--all", "--lang", "en"), "--lang goes with --format html"),
])
def test_bad_input_is_one_line_and_status_2(copy, args, message):
    result = run(copy, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
