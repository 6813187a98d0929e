"""Shared fixtures: the five real seed documents (read-only, byte-for-byte)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from versiondiff import store as st

#: The bundled corpus.
DOCUMENTS = Path(__file__).resolve().parents[1] / "documents"
#: The seed documents are the corpus texts: stored there byte for byte as collected.
SEEDS = DOCUMENTS

#: Short names for the seed documents, as files of the corpus (``SEEDS / SEED_FILES[name]``).
SEED_FILES = {
    "gansu2026": "gansu-ai-plan/2026.txt",
    "summary": "gansu-ai-plan-summary/2026-en.txt",
    "gansu2018": "gansu-ai-plan/2018.txt",
    "jiangsu": "jiangsu-ai-plan/2025.txt",
    "sichuan": "sichuan-ai-plan/2026.txt",
}


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    """Return the path of each seed document by short name."""
    paths = {name: SEEDS / file for name, file in SEED_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        pytest.fail(f"seed documents missing: {missing}")
    return paths


@pytest.fixture(scope="session")
def seed_texts(seed_paths) -> dict[str, str]:
    """Return the decoded text of each seed (UTF-8, line endings untouched)."""
    return {name: p.read_bytes().decode("utf-8-sig") for name, p in seed_paths.items()}


def edited_seed(folder: Path, seed: str, old: str, new: str, name: str = "edit.txt") -> Path:
    """Write a seed with one replacement into ``folder`` and return the path."""
    text = (SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8")
    assert old in text
    path = folder / name
    path.write_bytes(text.replace(old, new).encode("utf-8"))
    return path


@pytest.fixture(autouse=True)
def _no_store_env(monkeypatch):
    """Keep a developer's $VERSIONDIFF_STORE out of every test."""
    monkeypatch.delenv(st.STORE_ENV, raising=False)


@pytest.fixture
def corpus() -> st.Store:
    """Return the bundled corpus (read-only use)."""
    return st.Store(DOCUMENTS)


@pytest.fixture
def copy(tmp_path) -> st.Store:
    """Return a writable copy of the bundled corpus."""
    root = tmp_path / "corpus" / "documents"  # not an ancestor's documents/ of tmp_path
    shutil.copytree(DOCUMENTS, root, ignore=shutil.ignore_patterns(".lock", ".*.tmp"))
    return st.Store(root)
