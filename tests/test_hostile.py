"""Hostile input and broken environments: every command on generated bad files, odd names,
special files, damaged stores, full disks, closed pipes and killed writers.

Each case asserts the contract of the command line: exit status 0/1 for a
correct result or 2 for trouble, a trouble report of exactly one line on
stderr that names the file, never a traceback, never a hang (a timeout per
case), and on every JSON comparison the partition invariant (tests/invariants.py).
In-process cases use click's CliRunner; the cases that need a real process
(FIFOs read by a live process, /dev/full, a closed pipe, SIGKILL) run one.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

import pytest
from click.testing import CliRunner

from versiondiff import store as st
from versiondiff.cli import cli
from versiondiff.errors import printable
from versiondiff.sources import decode

from conftest import DOCUMENTS
from invariants import nothing_lost_json

#: Seconds one in-process case may take (a hang is what this catches, not a slow machine).
CASE_TIMEOUT = 20
#: Seconds one real process may take (the issue's bar: each under 5 s, with room for a busy CI).
PROCESS_TIMEOUT = 15

BASE = ("甘肃省人民政府\n关于印发人工智能发展方案的通知\n甘政发〔2026〕1号\n"
        "各市州人民政府，省政府各部门：\n现将《方案》印发给你们，请认真贯彻执行。\n"
        "甘肃省人民政府\n2026年1月6日\n"
        "一、总体要求\n（一）指导思想。坚持创新驱动，推动人工智能与实体经济深度融合。\n"
        "（二）主要目标。到2027年，建成一批应用场景。（省科技厅负责）\n"
        "二、重点任务\n1.夯实算力基础。建设算力中心，降低使用成本。\n"
        "2.培育产业生态。支持企业创新，引进高端人才。\n")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


# ---- the inputs ------------------------------------------------------------------------

@dataclass(frozen=True)
class Input:
    """A generated input: how to make it, whether it is bad, and what the error must name."""

    name: str                                  # the case id
    make: Callable[[Path], str]                # creates the file(s) in a folder, returns the argument
    bad: bool                                  # True: every command must exit 2 naming it
    names: Optional[str] = None                # what the one-line error must contain (default: the argument)


def _file(name: str, data: bytes | str, encoding: str = "utf-8") -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
        return str(path)
    return make


def _every(text: str, step: int, insert: str) -> str:
    return "".join(ch + (insert[k % len(insert)] if k % step == step - 1 else "")
                   for k, ch in enumerate(text))


def _special(kind: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / f"special-{kind}"
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dir":
            path.mkdir()
        elif kind == "dangling":
            path.symlink_to(folder / "nowhere.txt")
        elif kind == "loop":
            path.symlink_to(path)
        elif kind == "missing":
            pass
        else:                                    # a device, named as it is
            return f"/dev/{kind}"
        return str(path)
    return make


def _long_component(folder: Path) -> str:
    return str(folder / ("长" * 100 + ".txt"))   # 300 bytes: over NAME_MAX


def _long_path(folder: Path) -> str:
    return str(folder / "/".join(["a" * 200] * 25) / "x.txt")   # over PATH_MAX


def _odd_name(raw: bytes) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = os.path.join(os.fsencode(folder), raw)
        with open(path, "wb") as handle:
            handle.write(BASE.encode("utf-8"))
        return os.fsdecode(path)
    return make


def _inputs() -> list[Input]:
    good = [
        Input("utf8", _file("utf8.txt", BASE), False),
        Input("utf8-bom", _file("bom.txt", b"\xef\xbb\xbf" + BASE.encode()), False),
        Input("gb18030", _file("gb.txt", BASE, "gb18030"), False),
        Input("big5", _file("big5.txt", "臺灣省政府\n關於印發方案的通知\n一、總體要求\n推動發展，強化創新。\n", "big5"), False),
        Input("crlf", _file("crlf.txt", BASE.replace("\n", "\r\n")), False),
        Input("cr-only", _file("cr.txt", BASE.replace("\n", "\r")), False),
        Input("no-final-newline", _file("nofinal.txt", BASE.rstrip("\n")), False),
        Input("mixed-line-ends", _file("mixed.txt", BASE.replace("\n", "\r\n", 5)), False),
        Input("markdown", _file("doc.md", "# 方案\n\n#\n\n## \n\n####### 七\n\n" + BASE + "\n#\n"), False),
        Input("markdown-hashes-only", _file("hashes.md", "#\n## \n###\n一、总体要求\n推动发展。\n"), False),
        Input("rtl-override", _file("rtl.txt", BASE.replace("推动", "推\u202e动\u202c")), False),
        Input("combining", _file("comb.txt", BASE.replace("创新", "创\u0301新\u0308")), False),
        Input("astral", _file("astral.txt", BASE.replace("企业", "𠀀𠀁企业😀")), False),
        Input("private-use", _file("pua.txt", BASE.replace("人才", "人\ue000才")), False),
        Input("replacement-char", _file("fffd.txt", BASE.replace("成本", "成\ufffd本")), False),
        Input("few-controls", _file("ctl.txt", BASE.replace("坚持", "坚\x07持\x1b[1m")), False),
        Input("nfkc-expanding", _file("nfkc.txt", BASE.replace("一批", "①㍻ﬁ一批…")), False),
        Input("ideographic-spaces", _file("spaces.txt", BASE.replace("，", "\u3000\t，\u00a0")), False),
        Input("tables", _file("table.txt", "| 标题: | 方案 |\n| 文号: | 甘政发〔2026〕1号 |\n" + BASE), False),
        Input("bad-date-10-10", _file("date1.txt", BASE.replace("2026年1月6日", "二〇二六年十十月一日")), False),
        Input("bad-date-20-10", _file("date2.txt", BASE.replace("2026年1月6日", "二〇二六年二十十月一日")), False),
        Input("bad-date-13", _file("date3.txt", BASE.replace("2026年1月6日", "二〇二六年十三月三十十日")), False),
        Input("bad-date-zero", _file("date4.txt", BASE.replace("2026年1月6日", "〇〇〇〇年〇月〇日")), False),
        Input("long-line", _file("long.txt", "推动" * 25000 + "\n" + BASE), False),
        Input("nested-brackets", _file("nest.txt", BASE + "（" * 3000 + "内容" + "）" * 3000 + "\n"), False),
        Input("many-labels", _file("labels.txt", "".join(f"{k}.第{k}项任务。\n" for k in range(1, 400))), False),
        Input("only-punctuation", _file("punct.txt", "。，；：！？、\n……——\n"), False),
        Input("file-name-tail", _file("tail.txt", BASE + "甘肃省人民政府关于印发\u200b方案的通知.PDF\n"), False),
        Input("name-with-newline", _odd_name(b"new\nline.txt"), False),
        Input("name-with-quote", _odd_name(b'say "hi"\\.txt'), False),
        Input("name-not-utf8", _odd_name(b"bad\xff\xfe.txt"), False),
        Input("name-with-at", _odd_name(b"x@1.txt"), False),
        Input("stdin", lambda folder: "-", False),
    ]
    for ch in ZERO_WIDTH:  # each format character every few characters, and all of them mixed
        good.append(Input(f"zero-width-U+{ord(ch):04X}",
                          _file(f"zw{ord(ch):04x}.txt", _every(BASE, 3, ch)), False))
    good.append(Input("zero-width-mixed", _file("zwmix.txt", _every(BASE, 2, ZERO_WIDTH)), False))
    good.append(Input("zero-width-lines", _file("zwlines.txt", BASE.replace("\n", "\n\u200b\u2060\n")), False))
    good.append(Input("utf16-le", _file("u16le.txt", b"\xff\xfe" + BASE.encode("utf-16-le")), False))
    good.append(Input("utf16-be", _file("u16be.txt", b"\xfe\xff" + BASE.encode("utf-16-be")), False))
    good.append(Input("utf32-le", _file("u32.txt", b"\xff\xfe\x00\x00" + BASE.encode("utf-32-le")), False))
    bad = [
        Input("empty", _file("empty.txt", b""), True),
        Input("whitespace-only", _file("ws.txt", " \n\t\u3000\r\n"), True),
        Input("zero-width-only", _file("zwonly.txt", "\u200b\u200c\n\ufeff\u2060\n"), True),
        Input("nul-binary", _file("nul.bin", bytes(range(256)) * 20), True),
        Input("random-bytes", _file("rand.bin", bytes((k * 7919 + 13) % 256 for k in range(5000))), True),
        Input("pdf", _file("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), True),
        Input("png", _file("img.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50), True),
        Input("zip", _file("doc.docx", b"PK\x03\x04" + b"\x00" * 50), True),
        Input("gzip", _file("doc.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 50), True),
        Input("broken-utf8", _file("broken.txt", BASE.encode() + b"\xff\xfe\xfd" + BASE.encode()), True),
        Input("broken-utf16", _file("b16.txt", b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8"), True),
        Input("fifo", _special("fifo"), True),
        Input("directory", _special("dir"), True),
        Input("dangling-link", _special("dangling"), True),
        Input("link-loop", _special("loop"), True),
        Input("missing", _special("missing"), True),
        Input("missing-at-name", lambda folder: str(Path(os.path.relpath(folder)) / "x@1.txt"), True),
        Input("missing-bare-at-name", lambda folder: "x@1.txt", True),
        Input("dev-zero", _special("zero"), True),
        Input("dev-null", _special("null"), True),
        Input("dev-urandom", _special("urandom"), True),
        Input("dev-full", _special("full"), True),
        Input("name-too-long", _long_component, True),
        Input("path-too-long", _long_path, True),
        Input("missing-name-not-utf8", lambda folder: os.fsdecode(os.fsencode(folder) + b"/nope\xff.txt"),
              True),
        Input("missing-name-newline", lambda folder: str(folder / "no\nfile.txt"), True),
    ]
    return good + bad


INPUTS = _inputs()


# ---- running a command line in-process, with a timeout ----------------------------------

@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail the case instead of hanging when it runs longer than ``seconds``."""
    def expire(signum, frame):
        raise TimeoutError(f"case ran over {seconds} s")
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Run:
    """What one command line did."""

    status: int
    stdout: str
    stderr: str
    exception: Optional[BaseException]


def run(args: list[str], stdin: Optional[bytes] = None) -> Run:
    """Run the command line in-process and return what it did."""
    with _deadline(CASE_TIMEOUT):
        result = CliRunner().invoke(cli, args, input=stdin, catch_exceptions=True)
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return Run(result.exit_code, result.stdout, result.stderr, exception)


def check_contract(result: Run, *, bad: bool, names: str, allowed: tuple[int, ...] = (0, 1)) -> None:
    """Assert exit status, one named stderr line on trouble, and no traceback."""
    assert result.exception is None, repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    if bad:
        assert result.status == 2, (result.status, result.stdout[-300:], result.stderr)
    else:
        assert result.status in allowed, (result.status, result.stderr)
    if result.status == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("versiondiff: error: "), lines[0]
        assert names in lines[0], (names, lines[0])


def _texts(*args: str, stdin: Optional[bytes] = None) -> list[str]:
    """Return the decoded text of each argument as the tool reads it."""
    out = []
    for arg in args:
        data = stdin if arg == "-" else Path(arg).read_bytes()
        out.append(decode(data)[0])
    return out


# ---- every command on every input -------------------------------------------------------

def _commands(x: str, base: str, out: Path) -> list[tuple[str, list[str], tuple[int, ...]]]:
    """Return ``(name, argv, allowed exit statuses for a good input)`` of every file-taking command."""
    return [
        ("normalize", ["normalize", x], (0,)),
        ("outline", ["outline", x], (0,)),
        ("outline-json", ["outline", "--format", "json", x], (0,)),
        ("diff-json", ["diff", "-f", "json", base, x], (0, 1)),
        ("diff-terminal", ["diff", "--color", "always", x, base], (0, 1)),
        ("diff-unified", ["diff", "-f", "unified", base, x], (0, 1)),
        ("diff-markdown", ["diff", "-f", "markdown", x, base], (0, 1)),
        ("report", ["report", base, x, "-o", str(out / "r.html")], (0,)),
        ("git-diff", ["git-diff", "doc.txt", base, "0" * 40, "100644", x, "1" * 40, "100644"], (0,)),
    ]


COMMANDS = [name for name, _, _ in _commands("X", "B", Path("."))]


@pytest.fixture(scope="module")
def arena(tmp_path_factory) -> Path:
    """A folder holding the base document."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "base.txt").write_text(BASE, encoding="utf-8")
    return folder


def _case(arena: Path, tmp_path: Path, case: Input, command: str) -> None:
    x = case.make(tmp_path)
    base = str(arena / "base.txt")
    name, argv, allowed = next(c for c in _commands(x, base, tmp_path) if c[0] == command)
    stdin = BASE.encode("gb18030") if x == "-" else None
    result = run(argv, stdin=stdin)
    names = case.names or ("<stdin>" if x == "-" else printable(x)[-60:])
    if command == "git-diff":  # git goes on with the next file: trouble is reported in the output
        check_contract(result, bad=False, names=names, allowed=(0,))
        if case.bad and case.name not in ("empty", "dev-null"):  # git's empty blob, git's no file
            assert "versiondiff: cannot compare doc.txt: " in result.stdout, result.stdout[-300:]
        return
    bad = case.bad or (command == "diff-unified" and case.name.startswith("utf32"))
    if command == "diff-unified" and case.name.startswith(("utf16", "utf32")):
        # patch works on lines of bytes: UTF-16/32 is refused in one line
        check_contract(result, bad=True, names=names)
        return
    check_contract(result, bad=bad, names=names, allowed=allowed)
    if command == "diff-json" and not bad:
        old_text, new_text = _texts(base, x, stdin=stdin)
        nothing_lost_json(json.loads(result.stdout), old_text, new_text)
    if command == "report" and not bad:
        assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


#: The fast part runs every input through the commands that read a file one way each;
#: the slow part runs the whole matrix.
FAST = ("normalize", "diff-json")


@pytest.mark.parametrize("command", FAST)
@pytest.mark.parametrize("case", INPUTS, ids=[c.name for c in INPUTS])
def test_every_input_fast(arena, tmp_path, case, command):
    _case(arena, tmp_path, case, command)


@pytest.mark.slow
@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in FAST])
@pytest.mark.parametrize("case", INPUTS, ids=[c.name for c in INPUTS])
def test_every_input_every_command(arena, tmp_path, case, command):
    _case(arena, tmp_path, case, command)


@pytest.mark.parametrize("limit,bad", [("100", True), ("0.5k", True), ("1M", False), ("200M", False)])
@pytest.mark.parametrize("where", ["group", "command"])
def test_size_limit(arena, limit, bad, where):
    base = str(arena / "base.txt")
    argv = ["--max-size", limit, "normalize", base] if where == "group" else \
        ["normalize", "--max-size", limit, base]
    result = run(argv)
    check_contract(result, bad=bad, names=base)
    if bad:
        assert "larger than the size limit" in result.stderr


@pytest.mark.parametrize("argv", [
    ["diff", "--bogus", "a", "b"], ["diff", "a"], ["normalize"], ["outline", "--format", "xml", "a"],
    ["nosuchcommand"], ["diff", "-U", "-3", "a", "b"], ["report", "a"], ["--max-size", "lots", "list"],
    ["history", "s", "-o", "x.html"], ["diff", "--stat", "-f", "json", "a", "b"],
    ["add", "a.txt"], ["show"], ["git-diff", "a", "b"],
])
def test_usage_errors_are_one_line(argv):
    result = run(argv)
    assert result.exception is None
    assert result.status == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("versiondiff: error: "), result.stderr


def test_report_output_folder_must_exist(arena, tmp_path):
    base = str(arena / "base.txt")
    target = tmp_path / "nonexistent" / "dir" / "x.html"
    result = run(["report", base, base, "-o", str(target)])
    check_contract(result, bad=True, names=str(target))
    assert "no such folder" in result.stderr and not target.parent.exists()


@pytest.mark.parametrize("kind", ["fifo", "dir"])
def test_report_output_must_be_a_regular_file(arena, tmp_path, kind):
    base = str(arena / "base.txt")
    target = _special(kind)(tmp_path)
    result = run(["report", base, base, "-o", target])
    check_contract(result, bad=True, names=target)


# ---- the store, damaged -----------------------------------------------------------------

def _corrupt(root: Path, kind: str) -> None:
    """Damage a copy of the corpus in one way."""
    meta = root / "sichuan-ai-plan" / "2026.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    if kind in ("list", "null", "string", "number", "empty", "truncated", "deep", "not-utf8",
                "duplicate"):
        raw = {"list": "[]", "null": "null", "string": '"2026"', "number": "2026", "empty": "",
               "truncated": st.dump_json(data)[:40], "deep": "[" * 100000 + "]" * 100000,
               "duplicate": st.dump_json(data)[:-2] + ',\n  "file": "other.txt"\n}\n'}.get(kind)
        if kind == "not-utf8":
            meta.write_bytes(b'{"title": "\xff"}')
        else:
            meta.write_text(raw, encoding="utf-8")
    elif kind.startswith("field-"):
        key, value = {
            "field-date-int": ("date", 20260106), "field-title-int": ("title", 5),
            "field-docnum-list": ("doc_number", ["x"]), "field-relations-str": ("relations", "x"),
            "field-relation-no-target": ("relations", [{"type": "cites"}]),
            "field-relation-not-dict": ("relations", [5, None]),
            "field-huge-string": ("source", "x" * 500_000), "field-file-escape": ("file", "../../etc/passwd"),
            "field-file-missing": ("file", "nowhere.txt"), "field-size-bool": ("size", True),
            "field-sha-bad": ("sha256", "zz"), "field-series-other": ("series", "gansu-ai-plan"),
            "field-status-bad": ("status", "approved"), "field-date-garbage": ("date", "6 Jan 2026"),
        }[kind]
        meta.write_text(st.dump_json(dict(data, **{key: value})), encoding="utf-8")
    elif kind.startswith("series-"):
        (root / "gansu-ai-plan" / "series.json").write_text(
            {"series-list": "[]", "series-null": "null", "series-title-int": '{"title": 5}',
             "series-broken": "{"}[kind], encoding="utf-8")
    elif kind == "fifo-version":
        os.mkfifo(root / "gansu-ai-plan" / "2027.json")
    elif kind == "fifo-series":
        (root / "gansu-ai-plan" / "series.json").unlink()
        os.mkfifo(root / "gansu-ai-plan" / "series.json")
    elif kind == "link-dev-zero-meta":
        os.symlink("/dev/zero", root / "gansu-ai-plan" / "2027.json")
    elif kind == "link-dev-zero-text":
        text = root / "jiangsu-ai-plan" / "2025.txt"
        text.unlink()
        text.symlink_to("/dev/zero")
    elif kind == "text-missing":
        (root / "jiangsu-ai-plan" / "2025.txt").unlink()
    elif kind == "text-tampered":
        with open(root / "jiangsu-ai-plan" / "2025.txt", "ab") as handle:
            handle.write(b"tampered")
    elif kind == "text-is-dir":
        text = root / "jiangsu-ai-plan" / "2025.txt"
        text.unlink()
        text.mkdir()
    elif kind == "lock-dir":
        lock = root / st.LOCK_NAME
        if lock.exists():
            lock.unlink()
        lock.mkdir()
    elif kind == "stray":
        (root / "stray.docx").write_bytes(b"x")
    else:
        raise AssertionError(kind)


STORE_DAMAGE = ["list", "null", "string", "number", "empty", "truncated", "deep", "not-utf8",
                "duplicate", "field-date-int", "field-title-int", "field-docnum-list",
                "field-relations-str", "field-relation-no-target", "field-relation-not-dict",
                "field-huge-string", "field-file-escape", "field-file-missing", "field-size-bool",
                "field-sha-bad", "field-series-other", "field-status-bad", "field-date-garbage",
                "series-list", "series-null", "series-title-int", "series-broken", "fifo-version",
                "fifo-series", "link-dev-zero-meta", "link-dev-zero-text", "text-missing",
                "text-tampered", "text-is-dir", "lock-dir", "stray"]

#: Where each damage is, as verify names it.
_DAMAGED_FILE = {
    **{k: "sichuan-ai-plan/2026.json" for k in STORE_DAMAGE},
    **{k: "gansu-ai-plan/series.json" for k in STORE_DAMAGE if k.startswith("series-")},
    "fifo-series": "gansu-ai-plan/series.json", "fifo-version": "gansu-ai-plan/2027.json",
    "link-dev-zero-meta": "gansu-ai-plan/2027.json", "link-dev-zero-text": "jiangsu-ai-plan/2025.txt",
    "text-missing": "jiangsu-ai-plan/2025.json", "text-tampered": "jiangsu-ai-plan/2025.txt",
    "text-is-dir": "jiangsu-ai-plan/2025.txt", "lock-dir": ".lock", "stray": "stray.docx",
    "field-file-missing": "sichuan-ai-plan/2026.json",
}

STORE_COMMANDS = {
    "list": ["list"], "list-json": ["list", "--format", "json"], "log": ["log", "sichuan-ai-plan"],
    "log-gansu": ["log", "gansu-ai-plan"], "show": ["show", "sichuan-ai-plan@2026"],
    "show-other": ["show", "jiangsu-ai-plan@latest"],
    "diff-ref": ["diff", "--stat", "sichuan-ai-plan@2026", "jiangsu-ai-plan@2025"],
    "history": ["history", "gansu-ai-plan"], "related": ["related", "gansu-ai-plan@2026"],
    "report-related": ["report", "--related", "gansu-ai-plan@2026", "-o", "REPORT"],
}


@pytest.fixture
def damaged(tmp_path) -> Callable[[str], Path]:
    """Return a function making a copy of the corpus damaged one way."""
    def make(kind: str) -> Path:
        root = tmp_path / "corpus" / "documents"
        shutil.copytree(DOCUMENTS, root, ignore=shutil.ignore_patterns(".lock", ".*.tmp"))
        _corrupt(root, kind)
        return root
    return make


@pytest.mark.parametrize("kind", STORE_DAMAGE)
def test_verify_names_each_damage(damaged, kind):
    root = damaged(kind)
    result = run(["--store", str(root), "verify"])
    assert result.exception is None and "Traceback" not in result.stdout + result.stderr
    assert result.status == 2, result.stdout
    problems = [line for line in result.stdout.splitlines() if line.startswith("problem: ")]
    assert any(line.startswith(f"problem: {_DAMAGED_FILE[kind]}: ") for line in problems), result.stdout
    st.take_warnings()


def _store_case(damaged, tmp_path, kind: str, command: str) -> None:
    root = damaged(kind)
    argv = [a.replace("REPORT", str(tmp_path / "r.html")) for a in STORE_COMMANDS[command]]
    result = run(["--store", str(root), *argv])
    assert result.exception is None, repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.status in (0, 1, 2), result.status
    if result.status == 2:  # trouble: one line naming the damaged file
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("versiondiff: error: "), result.stderr
        assert _DAMAGED_FILE[kind].split("/")[0] in lines[0] or "@" in lines[0], lines[0]
    else:                   # it worked on the rest, and said what it skipped
        for line in result.stderr.splitlines():
            assert line.startswith("versiondiff: warning: "), line
    st.take_warnings()


@pytest.mark.parametrize("command", ["list", "show"])
@pytest.mark.parametrize("kind", STORE_DAMAGE)
def test_store_commands_on_damage_fast(damaged, tmp_path, kind, command):
    _store_case(damaged, tmp_path, kind, command)


@pytest.mark.slow
@pytest.mark.parametrize("command", [c for c in STORE_COMMANDS if c not in ("list", "show")])
@pytest.mark.parametrize("kind", STORE_DAMAGE)
def test_store_commands_on_damage(damaged, tmp_path, kind, command):
    _store_case(damaged, tmp_path, kind, command)


@pytest.mark.parametrize("kind", STORE_DAMAGE)
def test_add_force_on_damage(damaged, tmp_path, kind):
    root = damaged(kind)
    doc = tmp_path / "new.txt"
    doc.write_text(BASE, encoding="utf-8")
    result = run(["--store", str(root), "add", str(doc), "-s", "sichuan-ai-plan", "-v", "2026", "--force"])
    assert result.exception is None, repr(result.exception)
    if kind == "lock-dir":
        check_contract(result, bad=True, names=".lock")
    else:   # the damaged version is replaced whole; every other damage is not add's business
        assert result.status == 0, result.stderr
        assert st.Store(root).resolve("sichuan-ai-plan@2026").meta["title"] == "甘肃省人民政府关于印发人工智能发展方案的通知"
    st.take_warnings()


# ---- real processes: FIFOs, full disks, closed pipes, killed and concurrent writers -------

def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "versiondiff", *args], stderr=subprocess.PIPE,
                          timeout=PROCESS_TIMEOUT, env=env, **kwargs)


@pytest.mark.slow   # a real process / cluster / built files: seconds, not milliseconds
@pytest.mark.parametrize("argv", [["normalize", "P"], ["outline", "P"], ["diff", "P", "B"],
                                  ["report", "P", "B"], ["report", "B", "B", "-o", "P"]])
def test_a_fifo_never_blocks_a_real_process(arena, tmp_path, argv):
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    done = _cli(*[str(fifo) if a == "P" else str(arena / "base.txt") if a == "B" else a for a in argv],
                cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert str(fifo).encode() in done.stderr


@pytest.mark.slow   # a real process / cluster / built files: seconds, not milliseconds
@pytest.mark.parametrize("argv", [["diff", "B", "X"], ["diff", "-f", "json", "B", "X"],
                                  ["diff", "-f", "unified", "B", "X"], ["normalize", "B"], ["list"]])
def test_a_full_disk_is_exit_2_with_one_line(arena, argv):
    (arena / "x.txt").write_text(BASE.replace("推动", "促进"), encoding="utf-8")
    args = [str(arena / "base.txt") if a == "B" else str(arena / "x.txt") if a == "X" else a for a in argv]
    with open("/dev/full", "wb") as full:
        done = _cli("--store", str(DOCUMENTS), *args, stdout=full)
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode().splitlines() == ["versiondiff: error: standard output: no space left on device"]


@pytest.mark.slow   # a real process / cluster / built files: seconds, not milliseconds
@pytest.mark.parametrize("argv", [["diff", "--color", "always", "gansu-ai-plan@2018", "gansu-ai-plan@2026"],
                                  ["normalize", "gansu-ai-plan@2026"], ["history", "gansu-ai-plan"]])
def test_a_closed_pipe_is_quiet(argv):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.Popen([sys.executable, "-m", "versiondiff", "--store", str(DOCUMENTS), *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.read(10)
    proc.stdout.close()     # as `| head -c 10` does
    stderr = proc.stderr.read()
    assert proc.wait(timeout=PROCESS_TIMEOUT) in (0, 1)
    assert stderr == b""


@pytest.mark.slow   # a real process / cluster / built files: seconds, not milliseconds
def test_stdin_works_in_a_real_process(arena):
    done = _cli("diff", "-f", "json", str(arena / "base.txt"), "-", input=BASE.encode("gb18030"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"]["ref"] == "-"


def test_standard_input_given_twice_is_one_clear_error():
    result = run(["diff", "-", "-"], stdin=BASE.encode("utf-8"))
    check_contract(result, bad=True, names="<stdin>")
    assert "both OLD and NEW" in result.stderr, result.stderr


_KILLER = """
import os, signal, sys
step = int(sys.argv[1])
count = [0]
def dying(name, real):
    def op(*args, **kwargs):
        count[0] += 1
        if count[0] == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return op
for name in ("open", "write", "fsync", "replace", "rename", "unlink", "link"):
    setattr(os, name, dying(name, getattr(os, name)))
from versiondiff.cli import main
sys.argv = ["versiondiff", *sys.argv[2:]]
main()
"""


@pytest.mark.slow
def test_killing_add_force_at_every_file_operation_keeps_the_version(tmp_path):
    """SIGKILL ``add --force`` at its 1st, 2nd … file operation; the version is always whole."""
    root = tmp_path / "documents"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    new = tmp_path / "new.txt"
    new.write_bytes((DOCUMENTS / "sichuan-ai-plan" / "2026.txt").read_bytes().replace(
        "2026年5月5日".encode(), "2026年5月8日".encode()))
    step, survived = 0, []
    while True:
        step += 1
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(DOCUMENTS, root, ignore=shutil.ignore_patterns(".lock", ".*.tmp"))
        done = subprocess.run([sys.executable, "-c", _KILLER, str(step), "--store", str(root), "add",
                               str(new), "-s", "sichuan-ai-plan", "-v", "2026", "--force"],
                              capture_output=True, timeout=PROCESS_TIMEOUT, env=env)
        killed = done.returncode == -signal.SIGKILL
        assert killed or done.returncode == 0, done.stderr
        verify = run(["--store", str(root), "verify"])
        assert verify.status == 0, verify.stdout
        show = run(["--store", str(root), "show", "--format", "json", "sichuan-ai-plan@2026"])
        assert show.status == 0, show.stderr
        date = json.loads(show.stdout)["version"]["date"]
        assert date in ("2026-05-05", "2026-05-08")
        survived.append(date)
        if not killed:
            break
        assert step < 100
    assert survived[-1] == "2026-05-08" and survived[0] == "2026-05-05"
    assert step > 10   # the add really was killed at each of its many file operations


@pytest.mark.slow
def test_concurrent_writers_all_land(tmp_path):
    root = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, root, ignore=shutil.ignore_patterns(".lock", ".*.tmp"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    procs = []
    for k in range(4):
        doc = tmp_path / f"v{k}.txt"
        doc.write_text(BASE.replace("一批", f"{k}批"), encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-m", "versiondiff", "--store", str(root), "add",
                                       str(doc), "-s", "hostile-series", "-v", f"{k}"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env))
    for proc in procs:
        assert proc.wait(timeout=PROCESS_TIMEOUT * 4) == 0, proc.stderr.read()
    assert [v.version for v in st.Store(root).versions("hostile-series")] == ["0", "1", "2", "3"]
    assert st.Store(root).verify().ok
