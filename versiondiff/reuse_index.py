"""The reuse index: match strings and fingerprints of every corpus version, in one SQLite file.

Derived data beside the corpus (``.versiondiff-index/reuse.sqlite`` next to
``documents/``, ignored by git), kept in step with the store incrementally:
a version is (re)indexed when its hash changes, forgotten when it leaves, so
adding one document costs that document's size.  The fingerprints are the
only thing looked up across documents; candidate pairs are the pairs sharing
at least one fingerprint that is not so common as to be a stock phrase.
"""
from __future__ import annotations

import json
import sqlite3
from array import array
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .errors import VersiondiffError
from .reuse import SHINGLE, WINDOW, MatchText

__all__ = ["INDEX_DIR", "INDEX_FILE", "FORMAT", "STOCK_LIMIT", "default_index_path", "ReuseIndex"]

INDEX_DIR = ".versiondiff-index"
INDEX_FILE = "reuse.sqlite"
#: bump when what is stored changes: an index of another format is rebuilt
FORMAT = f"versiondiff.reuse-index/1 k={SHINGLE} w={WINDOW} mask=places,placeholders"
#: a fingerprint held by more documents than this is a stock phrase, not a lead to a source
STOCK_LIMIT = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY, ref TEXT UNIQUE NOT NULL, sha256 TEXT NOT NULL,
    info TEXT NOT NULL, text TEXT NOT NULL, starts BLOB NOT NULL, ends BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS fp (hash INTEGER NOT NULL, doc INTEGER NOT NULL,
    PRIMARY KEY (hash, doc)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fp_doc ON fp (doc, hash);
"""


def default_index_path(store_root: Path) -> Path:
    """Return where the index of a store lives: beside its folder, in ``.versiondiff-index/``."""
    return Path(store_root).resolve().parent / INDEX_DIR / INDEX_FILE


def _pack(values: array) -> bytes:
    return array("l", values).tobytes()


def _unpack(data: bytes) -> array:
    values = array("l")
    values.frombytes(data)
    return values


class ReuseIndex:
    """An open reuse index (one writer: the process running the trace)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():  # derived data: never committed
                ignore.write_text("*\n", encoding="utf-8")
            self.db = sqlite3.connect(str(self.path))
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._check_format()
        except (OSError, sqlite3.Error) as error:
            raise VersiondiffError(f"cannot open the reuse index: {error}", path=str(self.path)) from None

    def _check_format(self) -> None:
        """Create the tables, or rebuild an index written with other parameters."""
        self.db.executescript(_SCHEMA)
        row = self.db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        if row and row[0] == FORMAT:
            return
        with self.db:
            self.db.execute("DELETE FROM fp")
            self.db.execute("DELETE FROM docs")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def __enter__(self) -> "ReuseIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- keeping in step with the store --

    def stored(self) -> dict[str, tuple[int, str]]:
        """Return ``{ref: (id, sha256)}`` of every indexed version."""
        return {ref: (i, sha) for i, ref, sha in self.db.execute("SELECT id, ref, sha256 FROM docs")}

    def put(self, ref: str, sha256: str, info: dict, match: MatchText, prints: Iterable[int]) -> int:
        """Index (or re-index) one version; return its id."""
        with self.db:
            old = self.db.execute("SELECT id FROM docs WHERE ref=?", (ref,)).fetchone()
            if old:
                self.db.execute("DELETE FROM fp WHERE doc=?", old)
                self.db.execute("DELETE FROM docs WHERE id=?", old)
            cursor = self.db.execute(
                "INSERT INTO docs (ref, sha256, info, text, starts, ends) VALUES (?, ?, ?, ?, ?, ?)",
                (ref, sha256, json.dumps(info, ensure_ascii=False, sort_keys=True), match.text,
                 _pack(match.starts), _pack(match.ends)))
            doc = cursor.lastrowid
            self.db.executemany("INSERT OR IGNORE INTO fp VALUES (?, ?)", ((h, doc) for h in sorted(prints)))
        return doc

    def remove(self, refs: Iterable[str]) -> None:
        """Forget versions that left the store."""
        with self.db:
            for ref in refs:
                old = self.db.execute("SELECT id FROM docs WHERE ref=?", (ref,)).fetchone()
                if old:
                    self.db.execute("DELETE FROM fp WHERE doc=?", old)
                    self.db.execute("DELETE FROM docs WHERE id=?", old)

    # -- reading --

    def ids(self) -> dict[str, int]:
        """Return ``{ref: id}``."""
        return {ref: i for ref, (i, _) in self.stored().items()}

    def info(self, doc: int) -> dict:
        """Return what the trace shows about a version (ref, title, date, level …)."""
        row = self.db.execute("SELECT ref, info FROM docs WHERE id=?", (doc,)).fetchone()
        return dict(json.loads(row[1]), ref=row[0])

    def match(self, doc: int) -> MatchText:
        """Return a version's match string and offset map."""
        text, starts, ends = self.db.execute("SELECT text, starts, ends FROM docs WHERE id=?", (doc,)).fetchone()
        return MatchText(text, _unpack(starts), _unpack(ends))

    def text(self, doc: int) -> str:
        """Return a version's match string only."""
        return self.db.execute("SELECT text FROM docs WHERE id=?", (doc,)).fetchone()[0]

    def candidate_pairs(self, limit: int = STOCK_LIMIT) -> Iterator[tuple[int, int]]:
        """Yield every pair ``(a, b)``, ``a < b``, sharing a fingerprint held by at most ``limit`` documents."""
        query = """
            WITH common AS (SELECT hash FROM fp GROUP BY hash HAVING COUNT(*) BETWEEN 2 AND ?)
            SELECT DISTINCT x.doc, y.doc FROM common
            JOIN fp AS x ON x.hash = common.hash
            JOIN fp AS y ON y.hash = common.hash AND x.doc < y.doc
            ORDER BY 1, 2"""
        yield from self.db.execute(query, (limit,))

    def candidates_of(self, doc: int, limit: int = STOCK_LIMIT) -> list[int]:
        """Return the documents sharing a fingerprint (not a stock phrase) with ``doc``, sorted."""
        query = """
            WITH mine AS (SELECT hash FROM fp WHERE doc = ?),
                 common AS (SELECT fp.hash FROM fp JOIN mine ON fp.hash = mine.hash
                            GROUP BY fp.hash HAVING COUNT(*) BETWEEN 2 AND ?)
            SELECT DISTINCT fp.doc FROM common JOIN fp ON fp.hash = common.hash
            WHERE fp.doc <> ? ORDER BY 1"""
        return [row[0] for row in self.db.execute(query, (doc, limit, doc))]

    def size(self) -> dict[str, int]:
        """Return how many versions and fingerprints the index holds."""
        docs = self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        prints = self.db.execute("SELECT COUNT(*) FROM fp").fetchone()[0]
        return {"documents": docs, "fingerprints": prints}

