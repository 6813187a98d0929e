"""The corpus commands (add, list, log, show, verify, related, history) as a user runs them."""
from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from versiondiff import store as st
from versiondiff.cli import cli

from conftest import DOCUMENTS, SEEDS, SEED_FILES



@pytest.fixture
def store_copy(copy) -> Path:
    """Return the folder of a writable copy of the real store."""
    return copy.root


def run(*args: str, store: Path | None = DOCUMENTS):
    """Invoke the CLI with ``--store`` (unless None) and return the result."""
    argv = list(args) + (["--store", str(store)] if store is not None else [])
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


def error_of(result) -> str:
    """Return the one error line a failed command printed, checking its shape."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("versiondiff: error: "), result.stderr
    return lines[0][len("versiondiff: error: "):]


def seed_edit(tmp_path: Path, seed: str, old: str, new: str, name: str = "edit.txt") -> Path:
    """Write a copy of a seed with one replacement and return its path."""
    text = (SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# ---- list / log / show ------------------------------------------------------------------

def test_list():
    result = run("list")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "gansu-ai-plan (甘肃省)  甘肃省人工智能发展方案",
        "  2018  2018-08-01  甘肃省新一代人工智能发展实施方案",
        "  2026  2026-01-06  甘政发〔2026〕1号  甘肃省人民政府关于印发深入实施“人工智能+”行动方案的通知",
        "gansu-ai-plan-summary (甘肃省)  Gansu “AI+” action plan: English press summary",
        "  2026-en  2026-01-10  甘肃省人民政府关于印发深入实施“人工智能+”行动方案的通知 (English summary)",
        "jiangsu-ai-plan (江苏省)  江苏省“人工智能+”行动方案",
        "  2025  2025-12-29  苏政发〔2025〕108号  省政府关于印发江苏省“人工智能+”行动方案的通知",
        "sichuan-ai-plan (四川省)  四川省加快推进“人工智能+”一号创新工程实施方案",
        "  2026  2026-05-05  川办发〔2026〕14号  四川省人民政府办公厅关于印发《四川省加快推进“人工智能+”一号创新工程实施方案》的通知",
    ]


def test_list_json_is_deterministic():
    first, second = run("list", "--format", "json"), run("list", "--format", "json")
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["format"] == "versiondiff.corpus/1"
    assert [s["series"] for s in data["series"]] == ["gansu-ai-plan", "gansu-ai-plan-summary",
                                                     "jiangsu-ai-plan", "sichuan-ai-plan"]
    assert data["series"][0]["versions"][0]["doc_number"] is None


def test_list_empty_store(tmp_path):
    result = run("list", store=tmp_path)
    assert result.exit_code == 0 and result.stdout == f"(no series in {tmp_path})\n"


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_log():
    result = run("log", "gansu-ai-plan")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "gansu-ai-plan  甘肃省人工智能发展方案",
        "2018  2018-08-01  甘肃省新一代人工智能发展实施方案",
        "2026  2026-01-06  甘政发〔2026〕1号  甘肃省人民政府关于印发深入实施“人工智能+”行动方案的通知",
    ]
    assert lines[3].startswith("    since gansu-ai-plan@2018: similarity 0.0")
    assert "(version mode):" in lines[3] and " inserted, " in lines[3] and " deleted" in lines[3]
    assert len(lines) == 4


def test_log_of_a_revised_version(store_copy, tmp_path):
    path = seed_edit(tmp_path, "jiangsu", "2025年12月29日", "2026年2月1日")
    assert run("add", str(path), "-s", "jiangsu-ai-plan", "-v", "2026", store=store_copy).exit_code == 0
    lines = run("log", "jiangsu-ai-plan", store=store_copy).stdout.splitlines()
    assert lines[-1] == ("    since jiangsu-ai-plan@2025: similarity 0.999 (version mode): "
                         "143 equal, 1 changed")


def test_show():
    result = run("show", "gansu-ai-plan@2026~1")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("ref: gansu-ai-plan@2018\nfile: ")
    assert "\ndoc number: —\n" in out and "\ndate: 2018-08-01\n" in out
    assert "\nimplements: 国发〔2017〕35号 国务院关于印发新一代人工智能发展规划的通知\n" in out
    # then the outline, as `versiondiff outline` prints it
    outline = run("outline", str(DOCUMENTS / "gansu-ai-plan" / "2018.txt"), store=None).stdout
    assert out.endswith("\n\n" + outline)
    assert "  （三） 智能农业" not in out and "9. 智能农业" in out


def test_show_json():
    data = json.loads(run("show", "sichuan-ai-plan@latest", "--format", "json").stdout)
    assert data["version"]["ref"] == "sichuan-ai-plan@2026"
    assert data["version"]["doc_number"] == "川办发〔2026〕14号"
    assert data["outline"]["format"] == "versiondiff.outline/1"
    assert len(data["outline"]["items"]) == 3


# ---- reference forms and their errors, through the CLI ----------------------------------

@pytest.mark.parametrize("ref,shown", [
    ("gansu-ai-plan@2018", "gansu-ai-plan@2018"),
    ("gansu-ai-plan@latest", "gansu-ai-plan@2026"),
    ("gansu-ai-plan@2026~1", "gansu-ai-plan@2018"),
    ("gansu-ai-plan@latest~1", "gansu-ai-plan@2018"),
    ("gansu-ai-plan-summary@2026-en", "gansu-ai-plan-summary@2026-en"),
])
def test_reference_forms(ref, shown):
    assert run("show", ref).stdout.startswith(f"ref: {shown}\n")


@pytest.mark.parametrize("ref,message", [
    ("gansu-ai@2026", "gansu-ai@2026: unknown series 'gansu-ai'; did you mean gansu-ai-plan, "
                      "jiangsu-ai-plan, gansu-ai-plan-summary?"),
    ("gansu-ai-plan@2019", "gansu-ai-plan@2019: no version '2019' in series 'gansu-ai-plan' "
                           "(versions: 2018, 2026)"),
    ("gansu-ai-plan@2026~5", "gansu-ai-plan@2026~5: only 1 version before 2026 in gansu-ai-plan "
                             "(oldest: 2018)"),
    ("gansu-ai-plan@", "bad reference 'gansu-ai-plan@': use SERIES@VERSION, SERIES@latest or "
                       "SERIES@VERSION~N"),
    ("gansu-ai-plan@2026~x", "bad reference 'gansu-ai-plan@2026~x': use SERIES@VERSION, "
                             "SERIES@latest or SERIES@VERSION~N"),
])
def test_reference_errors(ref, message):
    assert error_of(run("show", ref)) == message


def test_references_work_in_other_commands(monkeypatch):
    """`outline` (not a corpus command) reads refs too; --store at group level reaches it."""
    monkeypatch.chdir("/")
    assert error_of(run("outline", "gansu-ai-plan@2018", store=None)).startswith(
        "no documents/ store found in / or any parent folder")
    result = CliRunner().invoke(cli, ["--store", str(DOCUMENTS), "outline", "gansu-ai-plan@2018"])
    assert result.exit_code == 0 and result.stdout.startswith("甘肃省新一代人工智能发展实施方案\n")
    # the override ends with the command, even one that fails to parse
    assert error_of(run("outline", "gansu-ai-plan@2018", store=None)).startswith("no documents/")
    assert run("show", "--bad-option", "x@1").exit_code == 2
    assert error_of(run("outline", "gansu-ai-plan@2018", store=None)).startswith("no documents/")


def test_store_from_subdirectory_and_environment(monkeypatch, store_copy, tmp_path):
    monkeypatch.chdir(DOCUMENTS / "sichuan-ai-plan")
    assert run("show", "sichuan-ai-plan@2026", store=None).stdout.startswith(
        f"ref: sichuan-ai-plan@2026\nfile: {DOCUMENTS}/sichuan-ai-plan/2026.txt\n")
    monkeypatch.setenv(st.STORE_ENV, str(store_copy))
    assert f"file: {store_copy}/sichuan-ai-plan/2026.txt" in run(
        "show", "sichuan-ai-plan@2026", store=None).stdout
    # --store wins over the environment
    assert f"file: {DOCUMENTS}/" in run("show", "sichuan-ai-plan@2026").stdout
    assert error_of(run("list", store=tmp_path / "nowhere")) == f"{tmp_path / 'nowhere'}: no such store folder"


# ---- add ---------------------------------------------------------------------------------

def test_add_then_history(store_copy, tmp_path):
    path = seed_edit(tmp_path, "sichuan", "2026年5月5日", "2026年8月1日")
    text = path.read_text(encoding="utf-8").replace("开展科技伦理审查,", "开展科技伦理审查和培训,")
    path.write_text(text, encoding="utf-8")
    result = run("add", str(path), "--series", "sichuan-ai-plan", "--version", "2026-rev",
                 "--supersedes", "sichuan-ai-plan@2026", "--source", "https://example.org/x",
                 "--status", "revised", store=store_copy)
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.stdout == ("added sichuan-ai-plan@2026-rev: 四川省人民政府办公厅关于印发《四川省加快推进"
                             f"“人工智能+”一号创新工程实施方案》的通知 (2026-08-01, sha256 {digest[:12]})\n")
    meta = json.loads((store_copy / "sichuan-ai-plan" / "2026-rev.json").read_text(encoding="utf-8"))
    assert (meta["status"], meta["source"], meta["doc_number"]) == \
        ("revised", "https://example.org/x", "川办发〔2026〕14号")
    history = run("history", "sichuan-ai-plan", store=store_copy).stdout
    assert "versions: 2026 (2026-05-05) → 2026-rev (2026-08-01)" in history
    assert "2026 → 2026-rev: similarity 0.99" in history
    changed = [line for line in history.splitlines() if "[changed in 2026-rev" in line]
    assert len(changed) == 2        # the date line and the edited sentence
    assert changed[0].startswith("  2026     2026年8月1日  [changed in 2026-rev (0.")
    assert "开展科技伦理审查和培训" in changed[1]
    assert "dropped on the way: nothing" in history
    related = run("related", "sichuan-ai-plan@2026", store=store_copy).stdout
    assert "pointed at by:\n  sichuan-ai-plan@2026-rev (supersedes)\n" in related
    assert run("verify", store=store_copy).exit_code == 0


def test_add_new_series_with_options(store_copy, tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Reading notes\n\nThe 2026 plan adds 算力 targets.\n", encoding="utf-8")
    result = run("add", str(path), "-s", "notes", "-v", "1", "--title", "Reading notes",
                 "--date", "2026-02-01", "--cites", "gansu-ai-plan@latest", "--cites", "国发〔2025〕11号",
                 "--series-title", "Notes", "--description", "Our notes", "--region", "甘肃省",
                 store=store_copy)
    assert result.exit_code == 0, result.output
    assert json.loads((store_copy / "notes" / "series.json").read_text(encoding="utf-8")) == \
        {"title": "Notes", "description": "Our notes", "region": "甘肃省"}
    shown = run("show", "notes@1", store=store_copy).stdout
    assert "cites: gansu-ai-plan@2026\ncites: 国发〔2025〕11号\n" in shown
    assert "\nlanguage: en\nscript: Latn\n" in shown
    assert (store_copy / "notes" / "1.md").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("series,version,message", [
    ("..", "1", "bad series name '..': use lowercase letters, digits, '.', '_' and '-', "
                "starting with a letter or digit"),
    ("/etc", "1", "bad series name '/etc'"),
    ("a/b", "1", "bad series name 'a/b'"),
    (".git", "1", "bad series name '.git'"),
    ("", "1", "empty series name"),
    ("Gansu", "1", "bad series name 'Gansu'"),
    ("ok", "../1", "bad version name '../1'"),
    ("ok", "latest", "bad version name 'latest': 'latest' is reserved"),
    ("ok", "1~2", "bad version name '1~2'"),
    ("ok", "", "empty version name"),
])
def test_add_refuses_bad_names(store_copy, tmp_path, series, version, message):
    path = seed_edit(tmp_path, "sichuan", "2026年5月5日", "2026年5月9日")
    before = sorted(p.relative_to(store_copy) for p in store_copy.rglob("*"))
    assert error_of(run("add", str(path), "-s", series, "-v", version, store=store_copy)) \
        .startswith(message)
    assert sorted(p.relative_to(store_copy) for p in store_copy.rglob("*") if p.name != ".lock") == \
        [p for p in before if p.name != ".lock"]


def test_add_refusals(store_copy, tmp_path):
    seed = str(SEEDS / SEED_FILES["jiangsu"])
    assert error_of(run("add", seed, "-s", "jiangsu-ai-plan", "-v", "2025", store=store_copy)) == \
        "jiangsu-ai-plan@2025 exists already; use --force to overwrite it"
    assert error_of(run("add", seed, "-s", "jiangsu-copy", "-v", "1", store=store_copy)) == \
        "the same text is stored already as jiangsu-ai-plan@2025; use --force to store it again"
    plain = tmp_path / "plain.txt"
    plain.write_text("just words\n", encoding="utf-8")
    assert error_of(run("add", str(plain), "-s", "p", "-v", "1", store=store_copy)) == \
        f"{plain}: the text gives no title or date; give --title and --date"
    assert error_of(run("add", str(plain), "-s", "p", "-v", "1", "--title", "P", "--date",
                        "2026-02-30", store=store_copy)) == \
        "--date '2026-02-30' is not a date: use yyyy-mm-dd"
    assert error_of(run("add", str(plain), "-s", "p", "-v", "1", "--title", "P", "--date",
                        "2026-02-03", "--implements", "gansu-ai-plan@2030", store=store_copy)) == \
        "--implements gansu-ai-plan@2030: no version '2030' in series 'gansu-ai-plan' " \
        "(versions: 2018, 2026)"
    assert error_of(run("add", str(tmp_path / "missing.txt"), "-s", "p", "-v", "1",
                        store=store_copy)) == f"{tmp_path / 'missing.txt'}: no such file"
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4 binary")
    assert error_of(run("add", str(pdf), "-s", "p", "-v", "1", store=store_copy)).startswith(
        f"{pdf}: is a PDF file")
    result = run("add", seed, "-s", "jiangsu-ai-plan", "--store", str(store_copy), store=None)
    assert result.exit_code == 2 and "Missing option '--version'" in result.stderr
    assert run("verify", store=store_copy).exit_code == 0


def test_add_force_overwrites(store_copy, tmp_path):
    path = seed_edit(tmp_path, "jiangsu", "2025年12月29日", "2025年12月30日")
    result = run("add", str(path), "-s", "jiangsu-ai-plan", "-v", "2025", "--force", store=store_copy)
    assert result.exit_code == 0, result.output
    assert (store_copy / "jiangsu-ai-plan" / "2025.txt").read_bytes() == path.read_bytes()
    shown = run("show", "jiangsu-ai-plan@2025", store=store_copy).stdout
    assert "\ndate: 2025-12-30\n" in shown and "\nregion: 江苏省\n" in shown
    assert "implements: 国发〔2025〕11号" in shown          # kept from the replaced version
    result = run("add", str(SEEDS / SEED_FILES["sichuan"]), "-s", "copies", "-v", "1", "--force",
                 store=store_copy)
    assert result.exit_code == 0
    assert run("verify", store=store_copy).stdout.startswith("ok: 5 series, 6 versions verified")


def test_add_without_any_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = seed_edit(tmp_path, "sichuan", "2026年5月5日", "2026年5月9日")
    assert error_of(run("add", str(path), "-s", "x", "-v", "1", store=None)).startswith(
        f"no documents/ store found in {tmp_path} or any parent folder")
    # an explicit store is created on first add
    result = run("add", str(path), "-s", "x", "-v", "1", store=tmp_path / "new-store")
    assert result.exit_code == 0 and (tmp_path / "new-store" / "x" / "1.json").exists()


# ---- verify / related / history ----------------------------------------------------------

def test_verify_ok():
    result = run("verify")
    assert result.exit_code == 0
    assert result.stdout == f"ok: 4 series, 5 versions verified in {DOCUMENTS}\n"


def test_verify_problems_exit_2(store_copy):
    with open(store_copy / "sichuan-ai-plan" / "2026.txt", "ab") as handle:
        handle.write(b"\n")
    (store_copy / "gansu-ai-plan" / ".2030.txt.7.beef.tmp").write_bytes(b"x")
    result = run("verify", store=store_copy)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "problem: sichuan-ai-plan/2026.txt: sha256 does not match its metadata (the stored text was changed)",
        "warning: gansu-ai-plan/.2030.txt.7.beef.tmp: temporary file left by an interrupted write",
        f"1 problem in {store_copy}",
    ]


def test_related():
    result = run("related", "gansu-ai-plan@2026")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "gansu-ai-plan@2026  甘肃省人民政府关于印发深入实施“人工智能+”行动方案的通知",
        "declares:",
        "  implements 国发〔2025〕11号 国务院关于深入实施“人工智能+”行动的意见  (not in the corpus)",
        "  supersedes gansu-ai-plan@2018",
        "pointed at by:",
        "  gansu-ai-plan-summary@2026-en (summary-of)",
        "shares a target with:",
        "  jiangsu-ai-plan@2025 (implements 国发〔2025〕11号)",
        "  sichuan-ai-plan@2026 (implements 国发〔2025〕11号)",
    ]
    data = json.loads(run("related", "gansu-ai-plan-summary@2026-en", "--format", "json").stdout)
    assert data["declares"][0]["target"] == "gansu-ai-plan@2026" and data["pointed_at_by"] == []


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_history_text_shows_what_grew_out_of_what():
    result = run("history", "gansu-ai-plan")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("gansu-ai-plan  甘肃省人工智能发展方案\n"
                          "versions: 2018 (2018-08-01) → 2026 (2026-01-06)\n"
                          "  2018 → 2026: similarity 0.0")
    assert ("  二、/(二)/4. 加快智慧农业建设\n      ← 2018 二、/（三）/9. 智能农业 (0.18)\n") in out
    assert "  二、/(二)/3. 拓展能源全场景智能应用  ← new in 2026\n" in out
    assert "\n  2018     一、总体要求\n" in out
    assert "\ndropped on the way:\n  in 2026   " in out
    assert run("history", "gansu-ai-plan").stdout == out          # deterministic


def test_history_json_and_errors():
    data = json.loads(run("history", "jiangsu-ai-plan", "--format", "json").stdout)
    assert data["format"] == "versiondiff.history/1" and data["steps"] == []
    assert error_of(run("history", "gansu")) == "unknown series 'gansu'; did you mean gansu-ai-plan, " \
                                                "gansu-ai-plan-summary?"
    assert error_of(run("log", "no/such")).startswith("bad series name 'no/such'")


# ---- crash safety and concurrency with real processes ------------------------------------

def _add_process(store: Path, path: Path, series: str, version: str) -> subprocess.Popen:
    """Start `python -m versiondiff add` in its own process."""
    env = dict(os.environ, **{st.STORE_ENV: str(store)})
    return subprocess.Popen([sys.executable, "-m", "versiondiff", "add", str(path), "-s", series,
                             "-v", version], env=env, cwd=store.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _assert_store_sound(store: Path) -> list[str]:
    """Check the store reads, every version matches its hash and verify passes; return refs."""
    corpus = st.Store(store)
    refs = []
    for version in corpus.all_versions():
        assert hashlib.sha256(version.path.read_bytes()).hexdigest() == version.meta["sha256"]
        refs.append(version.ref)
    result = run("verify", store=store)
    assert result.exit_code == 0, result.stdout
    return refs


def _variant(tmp_path: Path, i: int) -> Path:
    """Return a distinct small policy text (own bytes, own date) for run ``i``."""
    return seed_edit(tmp_path, "sichuan", "2026年5月5日", f"2026年{1 + i // 28}月{1 + i % 28}日",
                     name=f"v{i}.txt")


def _wait_for_temp(folder: Path, proc: subprocess.Popen, limit: float) -> None:
    """Return once a writer's temp file shows up in ``folder`` (or the process ends or time runs out)."""
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        if folder.is_dir() and any(p.name.endswith(".tmp") for p in folder.iterdir()):
            return
        time.sleep(0.0005)


@pytest.mark.slow
def test_killing_add_at_random_points_leaves_a_sound_store(store_copy, tmp_path):
    rng = random.Random(20260506)
    started = time.monotonic()
    proc = _add_process(store_copy, _variant(tmp_path, 0), "killed", "v0")
    assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()
    full = time.monotonic() - started
    killed = landed = midway = 0
    for i in range(1, 31):
        proc = _add_process(store_copy, _variant(tmp_path, i), "killed", f"v{i}")
        if i % 2:  # aim at the writing itself: kill just after the first temp file appears
            _wait_for_temp(store_copy / "killed", proc, limit=full * 3)
            time.sleep(rng.uniform(0, 0.002))
        else:      # anywhere in the run
            time.sleep(rng.uniform(0.3 * full, 1.1 * full))
        proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=60)
        killed += code == -signal.SIGKILL
        landed += code == 0
        leftovers = [p for p in (store_copy / "killed").iterdir()  # this run's partial writes
                     if p.name.startswith(f".v{i}.") or p.name == f"v{i}.txt"]
        midway += bool(leftovers) and f"v{i}.json" not in os.listdir(store_copy / "killed")
        refs = _assert_store_sound(store_copy)
        if code == 0:
            assert f"killed@v{i}" in refs
    print(f"killed {killed} of 30 runs ({midway} while writing), {landed} landed")
    assert killed >= 10 and midway >= 1, (killed, midway, landed)
    # after all that, an add still lands and cleans up what the killed ones left behind
    proc = _add_process(store_copy, _variant(tmp_path, 40), "killed", "final")
    assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()
    assert "killed@final" in _assert_store_sound(store_copy)
    assert not [p for p in (store_copy / "killed").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_concurrent_adds_all_land(store_copy, tmp_path):
    jobs = [(_variant(tmp_path, 50 + i), "together" if i < 3 else f"apart-{i}", f"v{i}")
            for i in range(6)]
    procs = [_add_process(store_copy, path, series, version) for path, series, version in jobs]
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    refs = _assert_store_sound(store_copy)
    for _, series, version in jobs:
        assert f"{series}@{version}" in refs
    listing = run("list", store=store_copy).stdout
    assert "\ntogether  四川省" in listing and listing.count("  v") == 6


def test_add_asks_a_person_for_what_the_text_does_not_give(tmp_path):
    from versiondiff.cli_corpus import _ask_missing
    path = tmp_path / "notice.txt"
    path.write_text("关于人工智能的若干措施\n\n一、总体要求\n推进人工智能发展。\n", encoding="utf-8")
    options: dict = {"title": None, "date": None}
    with CliRunner().isolation(input="2026-02-03\n") as streams:
        _ask_missing(str(path), options)
    out = streams[0]
    # the title is in the text: only the date is asked for
    assert options == {"title": None, "date": "2026-02-03"}
    assert b"does not give its date" in out.getvalue() and b"title" not in out.getvalue().split(b";")[0]


def test_the_command_line_knows_the_store_names_without_loading_the_store():
    from versiondiff import cli_corpus
    from versiondiff import store
    assert (cli_corpus._STORE_ENV, cli_corpus._CLI_STORE_KEY, cli_corpus._RELATION_TYPES) == \
        (store.STORE_ENV, store.CLI_STORE_KEY, store.RELATION_TYPES)
