"""The versioned corpus in ``documents/``: series, versions, references and safe writes.

Layout (plain files, so git can diff them)::

    documents/
      .gitignore                 keeps .lock and temp files out of git
      .lock                      taken (fcntl.flock) by every writer; never tracked
      <series>/series.json       {"title", "region", "description"}
      <series>/<version>.txt     the original bytes, unchanged (``.md`` for Markdown)
      <series>/<version>.json    metadata: title, issuer, doc_number, dates, sha256, relations…

References: ``S@V``, ``S@latest`` (newest by date, then version name) and
``S@V~N`` (N versions before V in date order; ``S@V~`` means ``~1``).

Where the store is: an explicit path (``--store``), else the environment
variable ``VERSIONDIFF_STORE``, else the first ``documents/`` folder found from
the working directory upward (as git finds ``.git``).

Crash safety — the version's metadata file is the commit point:

1. take the store lock (so the duplicate check and the write are one step and
   two concurrent adds both land); for a new series, create its folder and
   write ``series.json`` (temp file, fsync, rename);
2. write the text to ``.<version>.txt.<pid>.<rand>.tmp`` and the metadata to
   ``.<version>.json.<pid>.<rand>.tmp``, each fsynced;
3. rename the text into place, then the metadata; fsync the folder after each.

Readers take no lock: every file they read appears by an atomic rename.

A version exists exactly when ``<version>.json`` exists, and ``os.replace``
makes that appear whole or not at all.  A crash at any instant therefore
leaves only files that readers ignore and that ``verify`` reports as warnings
without failing: dot-named ``.tmp`` files, a text file no metadata claims (an
"orphan"), an empty series folder or a series with no versions yet.  The next ``add`` removes stale ``.tmp``
files under the lock (no live writer can own them then).  Overwriting with
``--force`` first removes the old metadata, so a crash mid-overwrite leaves the
version absent (its text an orphan), never a text that disagrees with its hash.
"""
from __future__ import annotations

import contextlib
import contextvars
import fcntl
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from .errors import VersiondiffError, printable

__all__ = [
    "STORE_ENV", "RELATION_TYPES", "STATUSES", "Version", "Store", "Ref", "VerifyReport",
    "find_store", "open_store", "use_store", "resolve", "parse_ref", "check_series_name",
    "check_version_name", "dump_json", "atomic_write", "META_FIELDS",
    "detect_language", "read_metadata", "add_file", "read_stored", "take_warnings",
]

#: Environment variable naming the store folder.
STORE_ENV = "VERSIONDIFF_STORE"
#: Key of the ``--store`` path in the click context's shared ``meta``.
CLI_STORE_KEY = "versiondiff.store"
#: The folder name looked for from the working directory upward.
STORE_DIR = "documents"
#: Relation types a version may declare, in the order they are listed.
RELATION_TYPES = ("summary-of", "implements", "supersedes", "cites")
#: Document statuses.
STATUSES = ("draft", "final", "revised")
#: Metadata format tag written into every version file.
VERSION_FORMAT = "versiondiff.version/1"

LOCK_NAME = ".lock"
SERIES_FILE = "series.json"
DATA_SUFFIXES = (".txt", ".md")
#: Where read_metadata hands the original file's bytes to add_file (never stored in metadata).
ORIGINAL_DATA = "_original_bytes"
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
_MAX_NAME = 100
# "latest" is a ref keyword; "series" would collide with series.json.
_RESERVED_VERSIONS = ("latest", "series")
_REF = re.compile(r"(?P<series>[^@~]*)@(?P<version>[^@~]*)(?:~(?P<back>[0-9]*))?")
_NAME_RULE = "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit"

# A store chosen by a library caller for this context; see use_store.
_override: contextvars.ContextVar[Optional[Path]] = contextvars.ContextVar("store", default=None)


# ---- names and references ---------------------------------------------------

def _check_name(name: str, what: str) -> str:
    """Return ``name`` if it is a safe file name for a series or version, else raise."""
    if not name:
        raise VersiondiffError(f"empty {what} name")
    if len(name) > _MAX_NAME:
        raise VersiondiffError(f"{what} name longer than {_MAX_NAME} characters: {name!r}")
    if not _NAME.fullmatch(name) or ".." in name:
        raise VersiondiffError(f"bad {what} name {name!r}: {_NAME_RULE}")
    return name


def check_series_name(name: str) -> str:
    """Return ``name`` if it is a valid series name, else raise.

    >>> check_series_name("gansu-ai-plan")
    'gansu-ai-plan'
    >>> check_series_name("../etc")
    Traceback (most recent call last):
    ...
    versiondiff.errors.VersiondiffError: bad series name '../etc': use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit
    """
    return _check_name(name, "series")


def check_version_name(name: str) -> str:
    """Return ``name`` if it is a valid version name, else raise.

    >>> check_version_name("2026-en")
    '2026-en'
    """
    _check_name(name, "version")
    if name in _RESERVED_VERSIONS:
        raise VersiondiffError(f"bad version name {name!r}: {name!r} is reserved")
    return name


@dataclass(frozen=True)
class Ref:
    """A parsed reference: series, version (or ``latest``) and how many versions back."""

    series: str
    version: str
    back: int = 0


def parse_ref(ref: str) -> Ref:
    """Parse ``S@V``, ``S@latest`` or ``S@V~N``; raise on anything else.

    >>> parse_ref("gansu-ai-plan@2026~1")
    Ref(series='gansu-ai-plan', version='2026', back=1)
    >>> parse_ref("gansu-ai-plan@latest~")
    Ref(series='gansu-ai-plan', version='latest', back=1)
    """
    match = _REF.fullmatch(ref)
    if not match or not match["series"] or not match["version"]:
        raise VersiondiffError(f"bad reference {ref!r}: use SERIES@VERSION, SERIES@latest "
                               "or SERIES@VERSION~N")
    try:
        check_series_name(match["series"])
        if match["version"] != "latest":
            check_version_name(match["version"])
    except VersiondiffError as error:
        raise VersiondiffError(f"bad reference {ref!r}: {error}") from None
    back = match["back"]
    return Ref(match["series"], match["version"],
               0 if back is None else int(back) if back else 1)


# ---- finding the store ------------------------------------------------------

def find_store(explicit: str | os.PathLike | None = None, start: str | os.PathLike | None = None,
               must_exist: bool = True) -> Path:
    """Return the store folder: explicit path, ``--store`` override, $VERSIONDIFF_STORE, or search upward."""
    chosen = explicit if explicit is not None else _override.get()
    if chosen is None:
        chosen = _cli_store()
    if chosen is None and os.environ.get(STORE_ENV):
        chosen = os.environ[STORE_ENV]
    if chosen is not None:
        path = Path(chosen).expanduser().absolute()
        if must_exist and not path.is_dir():
            raise VersiondiffError("no such store folder", path=str(chosen))
        return path
    here = Path(start if start is not None else os.getcwd()).absolute()
    for folder in (here, *here.parents):
        candidate = folder / STORE_DIR
        if candidate.is_dir():
            return candidate
    raise VersiondiffError(f"no {STORE_DIR}/ store found in {here} or any parent folder; "
                           f"use --store PATH or set {STORE_ENV}")


def _cli_store() -> Optional[Path]:
    """Return the ``--store`` of the command line now running, if any.

    Kept in the click context (not a global) so it ends with the command, even
    when the command line fails to parse.  click is only consulted if loaded.
    """
    import sys
    click = sys.modules.get("click")
    ctx = click.get_current_context(silent=True) if click is not None else None
    return ctx.meta.get(CLI_STORE_KEY) if ctx is not None else None


@contextlib.contextmanager
def use_store(path: str | os.PathLike | None) -> Iterator[None]:
    """Make ``path`` the store for :func:`resolve` and :func:`open_store` inside the block."""
    token = _override.set(None if path is None else Path(path))
    try:
        yield
    finally:
        _override.reset(token)


def open_store(explicit: str | os.PathLike | None = None) -> "Store":
    """Return the :class:`Store` found as :func:`find_store` finds it."""
    return Store(find_store(explicit))


def stored_series(path: str | os.PathLike) -> str:
    """Return the series a file is the stored text of (its version's metadata names it), or ''.

    A file read by its path inside a store is still a version of its series:
    ``documents/gansu-ai-plan/2018.txt`` is ``gansu-ai-plan@2018``.
    """
    path = Path(path)
    folder = path.parent
    try:
        if not (folder / SERIES_FILE).is_file():
            return ""
        metadata = Store._metadata_files(folder)
    except OSError:
        return ""
    for meta_path in metadata:
        try:
            meta = _read_json(meta_path, folder.parent)
        except VersiondiffError:
            continue
        if isinstance(meta, dict) and meta.get("file") == path.name and meta.get("series") == folder.name:
            return folder.name
    return ""


def resolve(ref: str, store: str | os.PathLike | None = None) -> Path:
    """Return the stored file a ``series@version`` reference names."""
    return open_store(store).resolve(ref).path


# ---- files ------------------------------------------------------------------

def dump_json(data: Any) -> str:
    """Return ``data`` as the store writes JSON: sorted keys, indent 2, UTF-8 as is, final newline.

    >>> dump_json({"b": 1, "a": "甘肃"})
    '{\\n  "a": "甘肃",\\n  "b": 1\\n}\\n'
    """
    import json
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _temp_name(final: Path) -> Path:
    """Return a temp path beside ``final``; the leading dot keeps it out of every listing."""
    import secrets
    return final.with_name(f".{final.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _is_temp(name: str) -> bool:
    """Return True for a writer's temporary file name."""
    return name.startswith(".") and name.endswith(".tmp")


def _fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(final: Path, data: bytes) -> Path:
    """Write ``data`` to a fsynced temp file beside ``final`` and return its path."""
    temp = _temp_name(final)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    return temp


def _commit(temp: Path, final: Path) -> None:
    """Rename ``temp`` onto ``final`` atomically and make the rename durable."""
    os.replace(temp, final)
    _fsync_dir(final.parent)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file, fsync, rename)."""
    temp = _write_temp(path, data)
    try:
        _commit(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold the store's exclusive lock: writers take turns, so no entry is lost."""
    path = root / LOCK_NAME
    where = printable(os.fspath(path))
    try:
        # O_NOFOLLOW and O_NONBLOCK: a planted link or FIFO cannot redirect or block the writer
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except IsADirectoryError:
        raise VersiondiffError("the store lock is a folder, not a file; remove it", path=where) from None
    except PermissionError:
        raise VersiondiffError("permission denied: cannot take the store lock "
                               "(is the store read-only?)", path=where) from None
    except OSError as error:
        raise VersiondiffError(f"cannot take the store lock: {error.strerror or error}",
                               path=where) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise VersiondiffError("the store lock is not a regular file; remove it", path=where)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as error:
            raise VersiondiffError(f"cannot take the store lock: {error.strerror or error}",
                                   path=where) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


# ---- reading ----------------------------------------------------------------

def _version_key(version: str) -> tuple:
    """Sort version names naturally: 2 before 10, 2026 before 2026-en."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.findall(r"\d+|\D+", version))


@dataclass(frozen=True, eq=False)
class Version:
    """One stored version: its names, data file and metadata (as stored)."""

    series: str
    version: str
    path: Path                         # the stored text
    meta: dict = field(repr=False)     # the metadata file's content

    @property
    def ref(self) -> str:
        """Return the ``series@version`` reference."""
        return f"{self.series}@{self.version}"

    @property
    def date(self) -> Optional[str]:
        """Return the document's date (signing date, else publication date)."""
        return self.meta.get("date") or self.meta.get("published")

    @property
    def sort_key(self) -> tuple:
        """Order versions by date, then by version name (undated versions first)."""
        return (self.date or "", _version_key(self.version))


class Store:
    """A ``documents/`` folder: read series and versions, resolve refs, add versions."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        #: damaged version files met while reading: (series, version) → the error
        self.damaged: dict[tuple[str, str], VersiondiffError] = {}

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # -- reading --

    def series_names(self) -> list[str]:
        """Return the names of every series holding a series.json or a version, sorted."""
        names = []
        for entry in sorted(self.root.iterdir()):
            if _real_dir(entry) and _NAME.fullmatch(entry.name) and (
                    (entry / SERIES_FILE).exists() or self._metadata_files(entry)):
                names.append(entry.name)
        return names

    def series_info(self, series: str) -> dict:
        """Return the content of a series' series.json ({} when absent or damaged, with a warning)."""
        path = self.root / series / SERIES_FILE
        if not os.path.lexists(path):
            return {}
        try:
            info = _read_json(path, self.root)
            problems = _series_problems(info)
            if problems:
                raise VersiondiffError(f"bad store metadata: {problems[0]}", path=_where(path, self.root))
        except VersiondiffError as error:
            _skipped(error, "its series title and region left out")
            return {}
        return info

    @staticmethod
    def _metadata_files(folder: Path) -> list[Path]:
        """Return the committed metadata files of a series folder (temp files ignored)."""
        return sorted(p for p in folder.glob("*.json")
                      if p.name != SERIES_FILE and not p.name.startswith("."))

    def versions(self, series: str) -> list[Version]:
        """Return the versions of ``series`` in date order (raise if the series is unknown).

        A damaged version file is left out with a warning on stderr (once), so
        every command keeps working on the rest; :meth:`resolve` names the
        damage when that very version is asked for.
        """
        folder = self._series_folder(series)
        versions = []
        for meta_path in self._metadata_files(folder):
            try:
                versions.append(self._load(series, meta_path))
            except VersiondiffError as error:
                self.damaged[(series, meta_path.stem)] = error
                _skipped(error, "version skipped")
        return sorted(versions, key=lambda v: v.sort_key)

    def all_versions(self) -> list[Version]:
        """Return every version of every series, series by series in date order."""
        return [v for s in self.series_names() for v in self.versions(s)]

    def _series_folder(self, series: str) -> Path:
        """Return the folder of a known series, or raise naming close matches."""
        import difflib
        check_series_name(series)
        names = self.series_names()
        if series not in names:
            close = difflib.get_close_matches(series, names, n=3, cutoff=0.5)
            close += [n for n in names if series in n and n not in close][:3 - len(close)]
            hint = f"; did you mean {', '.join(close)}?" if close else (
                f"; known series: {', '.join(names)}" if names else "; the store is empty")
            raise VersiondiffError(f"unknown series {series!r}{hint}")
        return self.root / series

    def _load(self, series: str, meta_path: Path) -> Version:
        """Read one metadata file into a :class:`Version`; raise naming it when it is damaged."""
        meta = _read_json(meta_path, self.root)
        version = meta_path.stem
        problems = _meta_problems(meta, series, version)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise VersiondiffError(f"bad store metadata: {problems[0]}{more}",
                                   path=_where(meta_path, self.root))
        data_path = meta_path.with_name(meta["file"])
        if data_path.is_symlink() and not _inside(data_path, self.root):
            raise VersiondiffError(f"stored text {printable(meta['file'])} is a symbolic link out of "
                                   "the store; refused", path=_where(meta_path, self.root))
        return Version(series, version, data_path, meta)

    def get(self, series: str, version: str) -> Version:
        """Return one version, or raise listing the versions that exist."""
        versions = self.versions(series)
        return versions[self._index(series, version, versions)]

    def _index(self, series: str, version: str, versions: list[Version]) -> int:
        """Return the position of ``version`` in ``versions``, or raise listing them."""
        for index, v in enumerate(versions):
            if v.version == version:
                return index
        damage = self.damaged.get((series, version))
        if damage is not None:
            raise VersiondiffError(damage.message, path=damage.path)
        names = ", ".join(v.version for v in versions) or "none"
        raise VersiondiffError(f"no version {version!r} in series {series!r} "
                               f"(versions: {names})")

    def resolve(self, ref: str) -> Version:
        """Return the version a reference names."""
        parsed = parse_ref(ref)
        try:
            versions = self.versions(parsed.series)
            if parsed.version != "latest" and (parsed.series, parsed.version) in self.damaged:
                damage = self.damaged[(parsed.series, parsed.version)]
                raise VersiondiffError(damage.message, path=damage.path)
            if not versions:
                raise VersiondiffError(f"series {parsed.series!r} has no versions")
            if parsed.version == "latest":
                index = len(versions) - 1
            else:
                index = self._index(parsed.series, parsed.version, versions)
            if parsed.back > index:
                before = f"only {index} version{'s' if index != 1 else ''}" if index else "no version"
                raise VersiondiffError(f"{before} before {versions[index].version} in "
                                       f"{parsed.series} (oldest: {versions[0].version})")
        except VersiondiffError as error:
            raise VersiondiffError(error.message, path=error.path or ref) from None
        return versions[index - parsed.back]

    def find_sha256(self, sha256: str) -> list[Version]:
        """Return every version whose stored text has this hash."""
        return [v for v in self.all_versions() if v.meta.get("sha256") == sha256]

    # -- writing --

    def add(self, data: bytes, series: str, version: str, meta: dict, *,
            suffix: str = ".txt", series_meta: Optional[dict] = None,
            force: bool = False, original: Optional[bytes] = None) -> Version:
        """Store ``data`` as ``series@version``; refuse a duplicate or an overwrite unless ``force``."""
        import hashlib
        check_series_name(series)
        check_version_name(version)
        if suffix not in DATA_SUFFIXES:
            raise VersiondiffError(f"unsupported data suffix {suffix!r}")
        sha256 = hashlib.sha256(data).hexdigest()
        with _locked(self.root):
            folder = self.root / series
            self._clean_temps(folder)
            self._refuse_clashes(series, version, sha256, force)
            folder.mkdir(exist_ok=True)
            if not (folder / SERIES_FILE).exists():
                atomic_write(folder / SERIES_FILE, dump_json(series_meta or {}).encode())
            meta = dict(meta, format=VERSION_FORMAT, series=series, version=version,
                        sha256=sha256, size=len(data), file=version + suffix)
            if original is not None:  # the published file, byte for byte, beside its text
                from .readers import ORIGINAL_SUFFIXES
                info = dict(meta.get("original") or {})
                info.update(file=version + ORIGINAL_SUFFIXES[info.get("format", "pdf")],
                            sha256=hashlib.sha256(original).hexdigest(), size=len(original))
                meta["original"] = info
            self._write_version(folder, version, data, meta, original)
        return self.get(series, version)

    def _refuse_clashes(self, series: str, version: str, sha256: str, force: bool) -> None:
        """Raise unless ``force`` when the version exists or its text is stored already."""
        if force:
            return
        if os.path.lexists(self.root / series / f"{version}.json"):
            raise VersiondiffError(f"{series}@{version} exists already; "
                                   "use --force to overwrite it")
        same = self.find_sha256(sha256) if self.series_names() else []
        if same:
            raise VersiondiffError(f"the same text is stored already as {same[0].ref}; "
                                   "use --force to store it again")

    def _write_version(self, folder: Path, version: str, data: bytes, meta: dict,
                       original: Optional[bytes] = None) -> None:
        """Write text (and an original file) and metadata so that a metadata rename is the commit point.

        An overwrite never leaves the version absent: when the new text takes
        the old text's name, the old text is first kept under a second name
        and the old metadata switched to it (one rename), so the old version
        stays whole until the new metadata lands.
        """
        meta_path = folder / f"{version}.json"
        data_path = folder / meta["file"]
        if original is not None:  # committed before the metadata that claims it
            original_path = folder / meta["original"]["file"]
            _commit(_write_temp(original_path, original), original_path)
        data_temp = _write_temp(data_path, data)
        meta_temp = _write_temp(meta_path, dump_json(meta).encode())
        old = self._previous(folder, meta_path)
        if old is not None and old.path == data_path:  # same name: keep the old text aside
            keep = _keep_name(data_path)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(keep)                     # unclaimed: no metadata points at it
            os.link(data_path, keep)
            atomic_write(meta_path, dump_json(dict(old.meta, file=keep.name)).encode())
            old = Version(old.series, old.version, keep, old.meta)
        _commit(data_temp, data_path)
        _commit(meta_temp, meta_path)
        if old is not None and old.path != data_path:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(old.path)  # the kept old text, or the text under its old suffix (.txt ↔ .md)

    def _previous(self, folder: Path, meta_path: Path) -> Optional[Version]:
        """Return the version an overwrite replaces, if it is whole (a damaged one is just replaced)."""
        if not os.path.lexists(meta_path):
            return None
        try:
            old = self._load(folder.name, meta_path)
        except VersiondiffError:
            return None
        return old if _regular(old.path) else None

    def _clean_temps(self, folder: Path) -> None:
        """Remove temp files and unclaimed kept texts a crashed writer left (safe: we hold the lock)."""
        if not _real_dir(folder):
            return
        claimed = {v.path.name for v in self._quiet_versions(folder)}
        for entry in folder.iterdir():
            if _is_temp(entry.name) or (_is_kept(entry.name) and entry.name not in claimed):
                with contextlib.suppress(FileNotFoundError):
                    entry.unlink()

    def _quiet_versions(self, folder: Path) -> list[Version]:
        """Return the whole versions of a folder, ignoring damaged ones without a word."""
        out = []
        for meta_path in self._metadata_files(folder):
            with contextlib.suppress(VersiondiffError):
                out.append(self._load(folder.name, meta_path))
        return out

    # -- checking --

    def verify(self) -> "VerifyReport":
        """Check hashes, metadata, relations and stray files; return problems and warnings."""
        report = VerifyReport()
        refs: set[str] = set()
        relations: list[tuple[str, str]] = []
        for entry in sorted(self.root.iterdir()):
            name = entry.name
            if entry.is_symlink():
                report.problem(name, "symbolic link (the store holds only its own files and folders)")
            elif entry.is_dir() and _NAME.fullmatch(name):
                self._verify_series(entry, report, refs, relations)
            elif name == LOCK_NAME and not _regular(entry):
                report.problem(name, "the store lock is not a regular file (writers will fail); remove it")
            elif name in (LOCK_NAME, ".gitignore"):
                continue
            elif _is_temp(name):
                report.warn(name, "temporary file left by an interrupted write")
            else:
                report.problem(name, "stray file or folder (not a series)")
        for where, target in relations:
            if "@" in target and target not in refs:
                report.problem(where, f"relation target {target} is not in the store")
        return report

    def _verify_series(self, folder: Path, report: "VerifyReport", refs: set[str],
                       relations: list[tuple[str, str]]) -> None:
        """Check one series folder."""
        series = folder.name
        claimed: set[str] = set()
        metas = self._metadata_files(folder)
        if not os.path.lexists(folder / SERIES_FILE):
            if metas:
                report.problem(series, f"missing {SERIES_FILE}")
            else:
                report.warn(series, "empty series folder (interrupted add?)")
        else:
            info = _try_json(folder / SERIES_FILE, report, self.root)
            for problem in _series_problems(info) if info is not _UNREADABLE else ():
                report.problem(f"{series}/{SERIES_FILE}", problem)
            if info is not _UNREADABLE and not metas:
                report.warn(series, "series has no versions yet")
        for meta_path in metas:
            version = self._verify_version(series, meta_path, report, relations)
            if version is not None:
                refs.add(version.ref)
                claimed.add(version.path.name)
                original = version.meta.get("original")
                if isinstance(original, dict) and isinstance(original.get("file"), str):
                    claimed.add(original["file"])
        for entry in sorted(folder.iterdir()):
            rel = f"{series}/{entry.name}"
            if entry.name == SERIES_FILE or entry in metas or entry.name in claimed:
                continue
            if entry.is_symlink() or not (_regular(entry) or entry.is_dir()):
                report.problem(rel, "symbolic link or special file (the store holds only regular files)")
            elif _is_temp(entry.name) or _is_kept(entry.name):
                report.warn(rel, "temporary file left by an interrupted write")
            elif entry.suffix in DATA_SUFFIXES and entry.is_file():
                report.warn(rel, "text without metadata (an interrupted add; add it again or remove it)")
            else:
                report.problem(rel, "stray file or folder")

    def _verify_version(self, series: str, meta_path: Path, report: "VerifyReport",
                        relations: list[tuple[str, str]]) -> Optional[Version]:
        """Check one version: metadata fields, text hash, relation shapes."""
        import hashlib
        rel = f"{series}/{meta_path.name}"
        meta = _try_json(meta_path, report, self.root)
        if meta is _UNREADABLE:
            return None
        version = meta_path.stem
        for problem in _meta_problems(meta, series, version):
            report.problem(rel, problem)
        data_name = meta.get("file") if isinstance(meta, dict) else None
        if not _good_file_name(data_name):
            return None
        data_path = meta_path.with_name(data_name)
        if not os.path.lexists(data_path):
            report.problem(rel, f"stored text {data_name} is missing")
        else:
            try:
                data = read_stored(data_path, self.root)
            except VersiondiffError as error:
                report.problem(f"{series}/{data_name}", error.message)
                return Version(series, version, data_path, meta)
            if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
                report.problem(f"{series}/{data_name}", "sha256 does not match its metadata "
                               "(the stored text was changed)")
        self._verify_original(series, meta_path, meta.get("original"), report, self.root)
        relation_list = meta.get("relations")
        for relation in relation_list if isinstance(relation_list, list) else []:
            if isinstance(relation, dict) and isinstance(relation.get("target"), str):
                relations.append((rel, relation["target"]))
        return Version(series, version, data_path, meta)


    @staticmethod
    def _verify_original(series: str, meta_path: Path, original: Any,
                         report: "VerifyReport", root: Path) -> None:
        """Check the original file (HTML, DOCX, PDF, OFD) stored beside an extracted text."""
        if original is None:
            return
        rel = f"{series}/{meta_path.name}"
        name = original.get("file") if isinstance(original, dict) else None
        if not isinstance(name, str) or not name or Path(name).name != name:
            report.problem(rel, "field 'original' names no valid file")
            return
        path = meta_path.with_name(name)
        if not os.path.lexists(path):
            report.problem(rel, f"original file {name} is missing")
            return
        try:
            data = read_stored(path, root)   # a regular file inside the store, within the size limit
        except VersiondiffError as error:
            report.problem(f"{series}/{name}", error.message)
            return
        import hashlib   # lazily, as elsewhere here: start-up time
        if hashlib.sha256(data).hexdigest() != original.get("sha256"):
            report.problem(f"{series}/{name}", "sha256 does not match its metadata "
                           "(the original file was changed)")


@dataclass
class VerifyReport:
    """What ``verify`` found: problems fail the check, warnings do not."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        """Record a problem at ``where``."""
        self.problems.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        """Record a warning at ``where``."""
        self.warnings.append(f"{where}: {message}")

    @property
    def ok(self) -> bool:
        """Return True when there are no problems."""
        return not self.problems


# What a version file and series.json must be: schema/version.schema.json and
# schema/series.schema.json publish the same rules (tests/test_store.py checks the
# two agree); checking them here in code keeps reading the corpus fast.
_REQUIRED = {"format": str, "series": str, "version": str, "title": str, "sha256": str,
             "file": str, "size": int, "relations": list}
_OPTIONAL_STR = ("subtitle", "issuer", "doc_number", "date", "published", "region", "language",
                 "script", "encoding", "source", "status")
_SERIES_STR = ("title", "region", "description")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
#: The longest string a catalogue field may hold, and the most relations a version may declare.
MAX_FIELD = 4000
MAX_RELATIONS = 1000
#: The largest catalogue (JSON) file read: a version file is a few kB.
MAX_JSON = 1024 * 1024


def _short_repr(value: Any, width: int = 80) -> str:
    """Return ``repr(value)`` cut to ``width`` characters (a damaged file may hold megabytes)."""
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def _good_file_name(name: Any) -> bool:
    """Return True for a data file name that stays inside its series folder."""
    return isinstance(name, str) and bool(name) and name not in (".", "..") and \
        Path(name).name == name and "\x00" not in name and len(name) <= 255


def _meta_problems(meta: Any, series: str, version: str) -> list[str]:
    """Return what is wrong with a version's metadata (empty when it follows version.schema.json)."""
    if not isinstance(meta, dict):
        return ["metadata is not a JSON object"]
    problems = [f"field {key!r} missing or not {kind.__name__}"
                for key, kind in _REQUIRED.items()
                if not isinstance(meta.get(key), kind) or isinstance(meta.get(key), bool)]
    problems += [f"field {key!r} is not a string or null" for key in _OPTIONAL_STR
                 if meta.get(key) is not None and not isinstance(meta.get(key), str)]
    problems += [f"field {key!r} is longer than {MAX_FIELD} characters"
                 for key in (*_REQUIRED, *_OPTIONAL_STR)
                 if isinstance(meta.get(key), str) and len(meta[key]) > MAX_FIELD]
    if isinstance(meta.get("format"), str) and meta["format"] != VERSION_FORMAT:
        problems.append(f"format {_short_repr(meta['format'])} is not {VERSION_FORMAT}")
    if meta.get("series") not in (None, series) or meta.get("version") not in (None, version):
        problems.append(f"says it is {_short_repr(meta.get('series'))[1:-1]}@"
                        f"{_short_repr(meta.get('version'))[1:-1]}, stored as {series}@{version}")
    if isinstance(meta.get("sha256"), str) and not _SHA256.fullmatch(meta["sha256"]):
        problems.append("sha256 is not 64 lowercase hex digits")
    if isinstance(meta.get("size"), int) and meta["size"] < 0:
        problems.append("size is negative")
    if isinstance(meta.get("file"), str) and not _good_file_name(meta["file"]):
        problems.append(f"file {_short_repr(meta['file'])} is not a file name in the series folder")
    for key in ("date", "published"):
        if isinstance(meta.get(key), str) and not _ISO.fullmatch(meta[key]):
            problems.append(f"{key} {_short_repr(meta[key])} is not an ISO date (yyyy-mm-dd)")
    if meta.get("status") is not None and meta.get("status") not in STATUSES:
        problems.append(f"status {_short_repr(meta['status'])} is not one of {', '.join(STATUSES)}")
    relations = meta.get("relations")
    if isinstance(relations, list):
        if len(relations) > MAX_RELATIONS:
            problems.append(f"more than {MAX_RELATIONS} relations")
        for relation in relations[:MAX_RELATIONS]:
            if (not isinstance(relation, dict) or relation.get("type") not in RELATION_TYPES
                    or not isinstance(relation.get("target"), str) or not relation["target"]
                    or len(relation["target"]) > MAX_FIELD
                    or not isinstance(relation.get("title", ""), (str, type(None)))
                    or len(relation.get("title") or "") > MAX_FIELD):
                problems.append(f"bad relation {_short_repr(relation)}")
    return problems


def _series_problems(info: Any) -> list[str]:
    """Return what is wrong with a series.json (empty when it follows series.schema.json)."""
    if not isinstance(info, dict):
        return ["series.json is not a JSON object"]
    problems = [f"field {key!r} is not a string or null" for key in _SERIES_STR
                if info.get(key) is not None and not isinstance(info.get(key), str)]
    problems += [f"field {key!r} is longer than {MAX_FIELD} characters" for key in _SERIES_STR
                 if isinstance(info.get(key), str) and len(info[key]) > MAX_FIELD]
    return problems


def _where(path: Path, root: Path) -> str:
    """Return how messages name a store file: relative to the store's parent (documents/x/1.json)."""
    return printable(os.path.relpath(path, root.parent))


def _real_dir(path: Path) -> bool:
    """Return True for a folder that is not a symbolic link."""
    return not path.is_symlink() and path.is_dir()


def _regular(path: Path) -> bool:
    """Return True for a regular file that is not a symbolic link."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _inside(path: Path, root: Path) -> bool:
    """Return True when ``path``, links resolved, lies inside the store."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def read_stored(path: Path, root: Path, limit: Optional[int] = None) -> bytes:
    """Return the bytes of a store file: regular files inside the store only, at most ``limit``.

    A symbolic link out of the store, a FIFO or a device is refused before a
    byte is read (a FIFO named 2027.json would block ``list``; a link to
    /dev/zero would fill memory).
    """
    from .sources import read_bytes  # sources imports the store lazily too
    where = _where(path, root)
    if not _inside(path, root):
        raise VersiondiffError("symbolic link out of the store; refused", path=where)
    return read_bytes(path, limit, name=where)


class _DuplicateKey(ValueError):
    """A JSON object names a key twice (json.loads would silently keep the last)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise _DuplicateKey(f"duplicate key {_short_repr(key)}")
    return out


def _parse_json(path: Path, root: Path) -> Any:
    """Read and parse a catalogue file; raise ``(message)`` as VersiondiffError without a path."""
    import json
    data = read_stored(path, root, MAX_JSON)
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except UnicodeDecodeError as error:
        raise VersiondiffError(f"not UTF-8 at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise VersiondiffError(str(error)) from None
    except _DuplicateKey as error:
        raise VersiondiffError(str(error)) from None
    except RecursionError:
        raise VersiondiffError("nested too deeply") from None


def _read_json(path: Path, root: Path) -> Any:
    """Read a JSON file of the store, raising one clear line naming it if it is damaged."""
    try:
        return _parse_json(path, root)
    except VersiondiffError as error:
        if error.path is not None:      # not a regular file, too big, link out of the store …
            raise
        raise VersiondiffError(f"cannot read store metadata: {error.message}",
                               path=_where(path, root)) from None


#: What :func:`_try_json` returns for a file it could not read (``None`` is valid JSON).
_UNREADABLE = object()


def _try_json(path: Path, report: VerifyReport, root: Path) -> Any:
    """Read a JSON file for verify, recording a problem instead of raising."""
    rel = printable(os.path.relpath(path, root))
    try:
        return _parse_json(path, root)
    except VersiondiffError as error:
        if error.path is not None:
            report.problem(rel, error.message)
        else:
            report.problem(rel, f"does not parse as JSON: {error.message}")
        return _UNREADABLE


# What readers left out, in order, until someone takes it (the CLI prints it on stderr).
_skips: dict[str, None] = {}


def _skipped(error: VersiondiffError, what: str) -> None:
    """Note that a damaged catalogue file was left out, and what that means."""
    _skips.setdefault(printable(f"{error}; {what} (see: versiondiff verify)"), None)


def take_warnings() -> list[str]:
    """Return (and forget) the damaged catalogue files readers have skipped, one line each."""
    lines = list(_skips)
    _skips.clear()
    return lines


def _keep_name(data_path: Path) -> Path:
    """Return where an overwrite keeps the old text until the new version is whole."""
    return data_path.with_name(f".{data_path.name}.kept")


def _is_kept(name: str) -> bool:
    """Return True for the name of a text kept by an overwrite."""
    return name.startswith(".") and name.endswith(".kept")


# ---- adding a file: metadata read from the text, options for the rest ------

#: Metadata fields ``add`` accepts as options (all strings or None).
META_FIELDS = ("title", "subtitle", "issuer", "doc_number", "date", "published", "region",
               "language", "script", "source", "status")


def detect_language(text: str) -> tuple[str, str]:
    """Return ``(language, script)`` guessed from the characters: zh/Hans, zh/Hant or en/Latn.

    >>> detect_language("甘肃省人民政府"), detect_language("江蘇省人民政府關於"), detect_language("The plan")
    (('zh', 'Hans'), ('zh', 'Hant'), ('en', 'Latn'))
    """
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if len(cjk) * 2 < letters:
        return "en", "Latn"
    import opencc  # only needed here: loading it is slow
    converter = opencc.OpenCC("t2s")
    sample = "".join(cjk[:20000])
    changed = sum(1 for a, b in zip(sample, converter.convert(sample)) if a != b)
    # a traditional text changes at a third of its characters; stray forms barely count
    return "zh", ("Hant" if changed > 0.05 * max(len(sample), 1) else "Hans")


def _check_date(value: Optional[str], option: str) -> Optional[str]:
    """Return an ISO date option unchanged, or raise naming the option."""
    if value is None:
        return None
    import datetime
    try:
        if not _ISO.fullmatch(value):
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        raise VersiondiffError(f"{option} {value!r} is not a date: use yyyy-mm-dd") from None
    return value


def read_metadata(path: str | os.PathLike) -> tuple[bytes, dict, str]:
    """Read a file to add: return the bytes to store, the metadata its text gives, the suffix.

    A text or Markdown file is stored as it is.  For HTML, DOCX, PDF and OFD the
    stored text is the extracted text (UTF-8, what offsets point into) and the
    original file goes beside it: ``meta["original"]`` describes it and
    ``meta[ORIGINAL_DATA]`` holds its bytes until :func:`add_file` writes them.
    """
    from .readers import ORIGINAL_SUFFIXES
    from .sources import source_from_bytes
    from .structure import parse
    from .sources import read_bytes
    path = Path(path)
    name = "<stdin>" if os.fspath(path) == "-" else printable(os.fspath(path))
    data = read_bytes(path, name=name)  # regular files (or - for stdin) up to --max-size
    source = source_from_bytes(data, ref=name, path=name)  # refuses what is not a document
    found = parse(source).metadata
    language, script = detect_language(source.text)
    meta = {"title": found.title, "subtitle": found.subtitle, "issuer": found.issuer,
            "doc_number": found.doc_number, "date": found.date, "published": found.published,
            "language": language, "script": script, "encoding": source.encoding or "utf-8"}
    if found.effective:
        meta["effective"] = found.effective
    if found.history:
        meta["history"] = [{"event": e.event, "date": e.date, "by": e.by} for e in found.history]
    if source.format in ORIGINAL_SUFFIXES:
        meta["original"] = {"format": source.format, "sha256": source.sha256, "size": len(data)}
        meta[ORIGINAL_DATA] = data
        data = source.text.encode("utf-8")
    return data, meta, ".md" if source.format == "markdown" else ".txt"


def _status_from_title(title: str) -> str:
    """Return ``draft`` for a consultation draft's title, else ``final``.

    >>> _status_from_title("关于……的通知（征求意见稿）")
    'draft'
    """
    return "draft" if re.search("征求意见稿|草案|送审稿|讨论稿", title) else "final"


def _relations(store: "Store", relations: dict[str, list[str]]) -> list[dict]:
    """Return relation records; corpus refs are resolved to a fixed ``series@version``."""
    records = []
    for kind in RELATION_TYPES:
        for target in relations.get(kind) or ():
            target = target.strip()
            if not target:
                raise VersiondiffError(f"empty --{kind} target")
            if "@" in target:  # a corpus ref: must exist; @latest would drift, so pin it
                try:
                    target = store.resolve(target).ref
                except VersiondiffError as error:
                    raise VersiondiffError(f"--{kind} {error}") from None
            record = {"type": kind, "target": target}
            if record not in records:
                records.append(record)
    return records


def _previous_meta(store: "Store", series: str, version: str) -> dict:
    """Return the metadata of the version an overwrite replaces ({} when there is none)."""
    folder = store.root / series
    old = store._previous(folder, folder / f"{version}.json")  # a damaged one keeps nothing
    return old.meta if old is not None else {}


def add_file(store: "Store", path: str | os.PathLike, series: str, version: str, *,
             options: Optional[dict] = None, relations: Optional[dict[str, list[str]]] = None,
             series_meta: Optional[dict] = None, force: bool = False) -> Version:
    """Add a file as ``series@version``: metadata from the text, ``options`` fill or override it."""
    check_series_name(series)
    check_version_name(version)
    data, meta, suffix = read_metadata(path)
    original = meta.pop(ORIGINAL_DATA, None)
    for key, value in (options or {}).items():
        if key not in META_FIELDS:
            raise VersiondiffError(f"unknown metadata field {key!r}")
        if value is not None:
            meta[key] = value.strip() or None
    for key, option in (("date", "--date"), ("published", "--published")):
        _check_date(meta.get(key), option)
    if meta.get("status") not in (None, *STATUSES):
        raise VersiondiffError(f"--status {meta['status']!r}: use one of {', '.join(STATUSES)}")
    previous = _previous_meta(store, series, version) if force else {}
    for key in META_FIELDS:  # an overwrite keeps what neither the text nor an option says
        if meta.get(key) is None:
            meta[key] = previous.get(key)
    if meta["region"] is None and (store.root / series / SERIES_FILE).exists():
        meta["region"] = store.series_info(series).get("region")
    missing = [f"--{key.replace('_', '-')}" for key in ("title", "date") if not meta.get(key)]
    if missing:  # ask only for what the text does not say
        raise VersiondiffError(f"the text gives no {' or '.join(m[2:] for m in missing)}; "
                               f"give {' and '.join(missing)}", path=os.fspath(path))
    if not meta.get("status"):
        meta["status"] = _status_from_title(meta["title"])
    for key in META_FIELDS:
        meta.setdefault(key, None)
    meta["relations"] = (_relations(store, relations) if relations and any(relations.values())
                         else previous.get("relations", []))
    new_series = dict(series_meta or {})
    new_series.setdefault("title", meta.get("subtitle") or meta["title"])
    new_series.setdefault("region", meta.get("region"))
    new_series.setdefault("description", None)
    return store.add(data, series, version, meta, suffix=suffix, series_meta=new_series,
                     force=force, original=original)
