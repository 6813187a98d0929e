"""git integration: versiondiff as an external diff driver and as a difftool, in real repositories."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from versiondiff.cli import cli

from test_render_terminal import NEW, OLD

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")
#: The command git runs; sys.executable so the test uses this interpreter and this checkout.
DRIVER = f"{shlex.quote(sys.executable)} -m versiondiff git-diff --color=never"
DIFF = f"{shlex.quote(sys.executable)} -m versiondiff diff --color=never"
ROOT = str(Path(__file__).resolve().parents[1])


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run git in a repository isolated from the user's and the system's configuration."""
    env = {**os.environ, "HOME": str(repo.parent), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_PAGER": "cat", "PAGER": "cat",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])),
           "NO_COLOR": "1"}
    env.pop("GIT_EXTERNAL_DIFF", None)
    done = subprocess.run([GIT, *args], cwd=repo, env=env, capture_output=True)
    if check:
        assert done.returncode == 0, (args, done.stdout.decode(errors="replace"),
                                      done.stderr.decode(errors="replace"))
    return done


@pytest.fixture
def repo(tmp_path: Path, seed_paths) -> Path:
    """Make a repository with the Gansu 2018 plan and the hand-made old text committed."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q")
    shutil.copy(seed_paths["gansu2018"], path / "gansu.txt")
    shutil.copy(OLD, path / "plan.txt")
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "2018 edition")
    return path


def driver(repo: Path) -> None:
    """Route *.txt through versiondiff, as the README tells users to."""
    (repo / ".gitattributes").write_text("*.txt diff=versiondiff\n", encoding="utf-8")
    git(repo, "config", "diff.versiondiff.command", DRIVER)


@pytest.mark.slow   # a real process / cluster / built files: seconds, not milliseconds
def test_git_diff_uses_the_driver(repo, seed_paths):
    driver(repo)
    shutil.copy(NEW, repo / "plan.txt")
    shutil.copy(seed_paths["gansu2026"], repo / "gansu.txt")
    done = git(repo, "diff")
    out = done.stdout.decode("utf-8")
    assert "diff --versiondiff a/plan.txt b/plan.txt" in out
    assert "--- a/plan.txt  某某市智慧农业发展实施方案" in out
    assert "到202[-5-]{+7+}年" in out and "# renumbered (+1): 二、/3. → 二、/4." in out
    assert "diff --versiondiff a/gansu.txt b/gansu.txt" in out
    assert out.count("# mode: ") == 2


@pytest.mark.slow
def test_git_diff_between_commits(repo):
    driver(repo)
    shutil.copy(NEW, repo / "plan.txt")
    git(repo, "commit", "-q", "-am", "2026 edition")
    out = git(repo, "diff", "HEAD~1", "HEAD", "--", "plan.txt").stdout.decode("utf-8")
    assert "~ 以数字技术与农业深度融合为主线，推动农业生产方式{+加快+}转变。" in out
    log = git(repo, "log", "-p", "--ext-diff", "-1", "--", "plan.txt").stdout.decode("utf-8")
    assert "# moved from 三、/（一）, line 17" in log


@pytest.mark.slow
def test_added_and_deleted_files(repo):
    driver(repo)
    shutil.copy(NEW, repo / "added.txt")
    git(repo, "add", "added.txt")
    git(repo, "rm", "-q", "gansu.txt")
    out = git(repo, "diff", "--cached").stdout.decode("utf-8")
    assert "--- /dev/null\n+++ b/added.txt" in out
    assert "+ （三）强化督查考核。" in out
    assert "--- a/gansu.txt  甘肃省新一代人工智能发展实施方案" in out and "\n+++ /dev/null\n" in out
    assert "- 24.建立人工智能人才引进机制。" in out


@pytest.mark.slow
def test_unreadable_file_does_not_stop_git(repo):
    driver(repo)
    (repo / "plan.txt").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    shutil.copy(NEW, repo / "other.txt")
    git(repo, "add", "other.txt")
    done = git(repo, "diff", "HEAD")
    out = done.stdout.decode("utf-8")
    assert "versiondiff: cannot compare plan.txt: " in out and "PDF" in out
    assert "+++ b/other.txt" in out          # git went on to the next file


@pytest.mark.slow
def test_git_external_diff_environment(repo):
    shutil.copy(NEW, repo / "plan.txt")
    env_repo_diff = subprocess.run(
        [GIT, "diff"], cwd=repo, capture_output=True,
        env={**os.environ, "GIT_EXTERNAL_DIFF": DRIVER.replace(" --color=never", ""), "NO_COLOR": "1",
             "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_PAGER": "cat",
             "PYTHONPATH": ROOT})
    assert env_repo_diff.returncode == 0, env_repo_diff.stderr
    assert "{+加快+}" in env_repo_diff.stdout.decode("utf-8")


@pytest.mark.slow
def test_difftool(repo):
    # difftool is for repositories without the driver attribute (a driver takes precedence)
    shutil.copy(NEW, repo / "plan.txt")
    done = git(repo, "difftool", "-y", "-x", DIFF, "--", "plan.txt")
    out = done.stdout.decode("utf-8")
    assert "# 3 changed, 2 moved, 2 renumbered, 4 inserted, 2 deleted, 1 split" in out


@pytest.mark.slow
def test_difftool_configured_by_name(repo):
    shutil.copy(NEW, repo / "plan.txt")
    git(repo, "config", "difftool.versiondiff.cmd", f'{DIFF} -L "$MERGED" -L "$MERGED" "$LOCAL" "$REMOTE"')
    out = git(repo, "difftool", "-y", "-t", "versiondiff", "--", "plan.txt").stdout.decode("utf-8")
    assert out.startswith("--- plan.txt  某某市智慧农业发展实施方案\n+++ plan.txt  ")
    assert "{+加快+}" in out


# ---- the command itself ----------------------------------------------------------------------

def test_git_diff_command_exits_0_on_changes():
    result = CliRunner().invoke(cli, ["git-diff", "--color=never", "plan.txt", str(OLD), "a" * 40, "100644",
                                      str(NEW), "b" * 40, "100644"])
    assert result.exit_code == 0
    assert result.output.startswith("diff --versiondiff a/plan.txt b/plan.txt\n--- a/plan.txt")


def test_git_diff_command_mode_change_and_rename():
    result = CliRunner().invoke(cli, ["git-diff", "--color=never", "old.txt", str(OLD), "a" * 40, "100644",
                                      str(NEW), "b" * 40, "100755", "new.txt", "similarity index 80%\n"])
    assert result.exit_code == 0
    head = result.output.splitlines()[:5]
    assert head == ["diff --versiondiff a/old.txt b/new.txt", "old mode 100644", "new mode 100755",
                    "--- a/old.txt  某某市智慧农业发展实施方案", "+++ b/new.txt  某某市智慧农业发展实施方案"]


def test_git_diff_command_unmerged_path():
    result = CliRunner().invoke(cli, ["git-diff", "plan.txt"])
    assert result.exit_code == 0 and result.output == "* Unmerged path plan.txt\n"


def test_git_diff_command_wrong_arguments_exit_2():
    assert CliRunner().invoke(cli, ["git-diff", "a", "b"]).exit_code == 2
