"""The README's Quick start, copied in order, works in a fresh clone and a fresh venv with nothing beside it."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GIT = shutil.which("git")
#: the README's quick test command (the full one would run this test again, inside itself)
QUICK_TESTS = 'python3 -m pytest -n 2 --dist loadfile -m "not browser and not slow"'


def quick_start_commands() -> list[str]:
    """Return the shell commands of the README's Quick start section, in order."""
    section = README.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_quick_start_is_venv_install_and_run_then_tests():
    assert quick_start_commands() == ["python3 -m venv .venv && . .venv/bin/activate",
                                      "pip install -e '.[test]' && versiondiff showcase",
                                      "python3 -m pytest"]
    assert QUICK_TESTS in README


def _committed() -> bool:
    done = subprocess.run([GIT, "-C", str(ROOT), "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.strip() == "true"


@pytest.mark.slow
@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_quick_start_in_a_fresh_clone_and_venv(tmp_path):
    if not _committed():
        pytest.skip("not a git checkout: nothing to clone")
    clone = tmp_path / "versiondiff"      # alone in its folder: nothing beside it to reach for
    subprocess.run([GIT, "clone", "-q", str(ROOT), str(clone)], check=True, timeout=300)
    venv, install, tests = quick_start_commands()
    # --system-site-packages lets pip find the dependencies already installed (fast, works offline);
    # everything else is the README's text as written
    venv = venv.replace("python3 -m venv .venv", "python3 -m venv --system-site-packages .venv")
    script = "\n".join(["set -e", venv, install, 'echo "== tests"',
                        tests.replace("python3 -m pytest", QUICK_TESTS) + " -q -p no:cacheprovider"])
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VERSIONDIFF_STORE", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    done = subprocess.run(["bash", "-c", script], cwd=clone, env=env, capture_output=True, text=True, timeout=1800)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-4000:]
    assert "reports/gansu-2018-vs-2026.html  Gansu 2018 → 2026:" in done.stdout, out[-4000:]
    assert "reports/synopsis-2025-2026.html  Gansu 2026, Jiangsu 2025, Sichuan 2026:" in done.stdout
    assert (clone / "reports" / "gansu-2018-vs-2026.html").stat().st_size > 10_000
    summary = done.stdout.rstrip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and not re.search(r"failed|error", summary), summary
    # the venv ran the clone's code, not this checkout's
    where = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c",
                            "import versiondiff; print(versiondiff.__file__)"],
                           cwd="/", env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(clone)), where.stdout
