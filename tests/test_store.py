"""The versioned corpus (versiondiff.store) on the real documents/ store and copies of it."""
from __future__ import annotations

import hashlib
import json
import os

import pytest

from versiondiff import store as st
from versiondiff.errors import VersiondiffError
from versiondiff.sources import read_source

from conftest import DOCUMENTS, SEEDS, SEED_FILES, edited_seed


#: The seeds as the corpus names them.
SEED_REFS = {
    "gansu-ai-plan@2018": "gansu2018",
    "gansu-ai-plan@2026": "gansu2026",
    "gansu-ai-plan-summary@2026-en": "summary",
    "jiangsu-ai-plan@2025": "jiangsu",
    "sichuan-ai-plan@2026": "sichuan",
}


# ---- the seeds in documents/ ------------------------------------------------------------

@pytest.mark.parametrize("ref,seed", sorted(SEED_REFS.items()))
def test_seed_stored_byte_for_byte(corpus, ref, seed):
    version = corpus.resolve(ref)
    original = (SEEDS / SEED_FILES[seed]).read_bytes()
    assert version.path.read_bytes() == original
    assert version.meta["sha256"] == hashlib.sha256(original).hexdigest()
    assert version.meta["size"] == len(original)
    assert version.path.name == version.meta["file"] == f"{version.version}.txt"


def test_corpus_series_and_versions(corpus):
    assert corpus.series_names() == ["gansu-ai-plan", "gansu-ai-plan-summary",
                                     "jiangsu-ai-plan", "sichuan-ai-plan"]
    assert [v.version for v in corpus.versions("gansu-ai-plan")] == ["2018", "2026"]
    assert sorted(v.ref for v in corpus.all_versions()) == sorted(SEED_REFS)


@pytest.mark.parametrize("ref,doc_number,date,issuer", [
    ("gansu-ai-plan@2026", "甘政发〔2026〕1号", "2026-01-06", "甘肃省人民政府"),
    ("gansu-ai-plan@2018", None, "2018-08-01", "甘肃省人民政府办公厅"),
    ("jiangsu-ai-plan@2025", "苏政发〔2025〕108号", "2025-12-29", "江苏省人民政府"),
    ("sichuan-ai-plan@2026", "川办发〔2026〕14号", "2026-05-05", "四川省人民政府办公厅"),
])
def test_seed_metadata(corpus, ref, doc_number, date, issuer):
    meta = corpus.resolve(ref).meta
    assert (meta["doc_number"], meta["date"], meta["issuer"]) == (doc_number, date, issuer)
    assert meta["status"] == "final" and meta["language"] == "zh" and meta["source"]


def test_gansu_2018_doc_number_is_null_not_guessed(corpus):
    meta_file = DOCUMENTS / "gansu-ai-plan" / "2018.json"
    assert json.loads(meta_file.read_text(encoding="utf-8"))["doc_number"] is None


def test_seed_scripts_and_regions(corpus):
    scripts = {ref: (corpus.resolve(ref).meta["language"], corpus.resolve(ref).meta["script"])
               for ref in SEED_REFS}
    assert scripts["jiangsu-ai-plan@2025"] == ("zh", "Hant")
    assert scripts["gansu-ai-plan-summary@2026-en"] == ("en", "Latn")
    assert scripts["sichuan-ai-plan@2026"] == ("zh", "Hans")
    assert corpus.resolve("jiangsu-ai-plan@2025").meta["region"] == "江苏省"


def test_seed_relations(corpus):
    def relations(ref):
        return {(r["type"], r["target"]) for r in corpus.resolve(ref).meta["relations"]}
    national = ("implements", "国发〔2025〕11号")
    assert relations("gansu-ai-plan@2026") == {national, ("supersedes", "gansu-ai-plan@2018")}
    assert relations("jiangsu-ai-plan@2025") == {national}
    assert relations("sichuan-ai-plan@2026") == {national}
    assert relations("gansu-ai-plan-summary@2026-en") == {("summary-of", "gansu-ai-plan@2026")}


def test_metadata_detected_from_the_text_matches_the_stored(corpus):
    """What ``add`` would read from each seed agrees with what is stored."""
    for ref in ("gansu-ai-plan@2026", "sichuan-ai-plan@2026", "gansu-ai-plan@2018"):
        version = corpus.resolve(ref)
        _, found, suffix = st.read_metadata(version.path)
        assert suffix == ".txt"
        for key in ("doc_number", "date", "published", "issuer", "language", "script"):
            assert found[key] == version.meta[key], (ref, key)


def test_metadata_files_are_canonical_json(corpus):
    for path in sorted(DOCUMENTS.glob("*/*.json")):
        text = path.read_text(encoding="utf-8")
        assert text == st.dump_json(json.loads(text)), path


def test_real_store_verifies(corpus):
    report = corpus.verify()
    assert report.problems == [] and report.warnings == []


# ---- references -------------------------------------------------------------------------

@pytest.mark.parametrize("ref,expected", [
    ("gansu-ai-plan@2018", "gansu-ai-plan@2018"),
    ("gansu-ai-plan@latest", "gansu-ai-plan@2026"),
    ("gansu-ai-plan@2026~1", "gansu-ai-plan@2018"),
    ("gansu-ai-plan@2026~", "gansu-ai-plan@2018"),
    ("gansu-ai-plan@latest~1", "gansu-ai-plan@2018"),
    ("gansu-ai-plan@2026~0", "gansu-ai-plan@2026"),
    ("gansu-ai-plan-summary@2026-en", "gansu-ai-plan-summary@2026-en"),
])
def test_reference_forms(corpus, ref, expected):
    assert corpus.resolve(ref).ref == expected


@pytest.mark.parametrize("ref,message", [
    ("gansu-ai@2026", "gansu-ai@2026: unknown series 'gansu-ai'; did you mean gansu-ai-plan"),
    ("gansu-ai-plan@2019", "gansu-ai-plan@2019: no version '2019' in series 'gansu-ai-plan' "
                           "(versions: 2018, 2026)"),
    ("gansu-ai-plan@2026~2", "gansu-ai-plan@2026~2: only 1 version before 2026 in "
                             "gansu-ai-plan (oldest: 2018)"),
    ("gansu-ai-plan@2018~1", "gansu-ai-plan@2018~1: no version before 2018"),
    ("gansu-ai-plan", "bad reference 'gansu-ai-plan': use SERIES@VERSION"),
    ("@2026", "bad reference '@2026'"),
    ("gansu-ai-plan@", "bad reference 'gansu-ai-plan@'"),
    ("a@b@c", "bad reference 'a@b@c'"),
    ("gansu-ai-plan@2026~x", "bad reference 'gansu-ai-plan@2026~x'"),
    ("Gansu@2026", "bad reference 'Gansu@2026': bad series name 'Gansu'"),
    ("..@2026", "bad reference '..@2026'"),
])
def test_reference_errors(corpus, ref, message):
    with pytest.raises(VersiondiffError) as error:
        corpus.resolve(ref)
    assert str(error.value).startswith(message)


def test_unknown_series_suggests_close_names(corpus):
    with pytest.raises(VersiondiffError, match="did you mean sichuan-ai-plan"):
        corpus.resolve("sichaun-ai-plan@2026")


def test_read_source_accepts_references(monkeypatch):
    monkeypatch.chdir(DOCUMENTS.parent)
    source = read_source("jiangsu-ai-plan@2025")
    assert source.path == str(DOCUMENTS / "jiangsu-ai-plan" / "2025.txt")
    assert source.ref == "jiangsu-ai-plan@2025"
    assert source.series == "jiangsu-ai-plan"


def test_a_stored_file_read_by_its_path_is_a_version_of_its_series(tmp_path):
    assert read_source(str(DOCUMENTS / "gansu-ai-plan" / "2018.txt")).series == "gansu-ai-plan"
    # a copy elsewhere, and a file beside series.json that no metadata names, are not
    copy = tmp_path / "2018.txt"
    copy.write_bytes((DOCUMENTS / "gansu-ai-plan" / "2018.txt").read_bytes())
    assert read_source(str(copy)).series == ""
    (tmp_path / "series.json").write_text("{}", encoding="utf-8")
    (tmp_path / "2018.json").write_text("not json", encoding="utf-8")
    assert st.stored_series(copy) == ""


# ---- finding the store ------------------------------------------------------------------

def test_store_found_from_a_subdirectory(monkeypatch):
    monkeypatch.chdir(DOCUMENTS / "gansu-ai-plan")
    assert st.find_store() == DOCUMENTS
    monkeypatch.chdir(DOCUMENTS.parent / "versiondiff")
    assert st.resolve("gansu-ai-plan@2018") == DOCUMENTS / "gansu-ai-plan" / "2018.txt"


def test_store_from_environment_and_explicit_path(copy, monkeypatch, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(VersiondiffError, match="no documents/ store found in .*elsewhere or any "
                                               "parent folder; use --store PATH or set VERSIONDIFF_STORE"):
        st.resolve("gansu-ai-plan@2018")
    assert st.resolve("gansu-ai-plan@2018", store=copy.root) == copy.root / "gansu-ai-plan" / "2018.txt"
    monkeypatch.setenv(st.STORE_ENV, str(copy.root))
    assert st.find_store() == copy.root
    with st.use_store(DOCUMENTS):  # --store wins over the environment
        assert st.find_store() == DOCUMENTS
    assert st.find_store() == copy.root
    monkeypatch.setenv(st.STORE_ENV, str(tmp_path / "missing"))
    with pytest.raises(VersiondiffError, match="missing: no such store folder"):
        st.find_store()


# ---- names ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "..", "../x", "/abs", "a/b", "a\\b", ".hidden", "Upper",
                                  "with space", "-dash", "a..b", "x" * 101, "名字"])
def test_bad_series_names(name):
    with pytest.raises(VersiondiffError, match="series name"):
        st.check_series_name(name)


@pytest.mark.parametrize("name", ["latest", "series", "a@b", "a~1", "..", ".v", "v/1"])
def test_bad_version_names(name):
    with pytest.raises(VersiondiffError, match="version name"):
        st.check_version_name(name)


@pytest.mark.parametrize("name", ["2026", "2026-en", "draft-1", "v1.2", "a_b"])
def test_good_names(name):
    assert st.check_series_name(name) == name and st.check_version_name(name) == name


# ---- adding -----------------------------------------------------------------------------

def test_add_reads_metadata_from_the_text(copy, tmp_path):
    path = edited_seed(tmp_path, "sichuan", "2026年5月5日", "2026年9月1日")
    version = st.add_file(copy, path, "sichuan-ai-plan", "2026-rev",
                          relations={"supersedes": ["sichuan-ai-plan@latest"]})
    meta = version.meta
    assert meta["doc_number"] == "川办发〔2026〕14号" and meta["date"] == "2026-09-01"
    assert meta["region"] == "四川省"          # inherited from the series
    assert meta["relations"] == [{"type": "supersedes", "target": "sichuan-ai-plan@2026"}]
    assert version.path.read_bytes() == path.read_bytes()
    assert copy.resolve("sichuan-ai-plan@latest").ref == "sichuan-ai-plan@2026-rev"
    assert copy.verify().ok and not copy.verify().warnings


def test_add_options_override_and_fill(copy, tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# A note\n\nSome words about the plan.\n", encoding="utf-8")
    version = st.add_file(copy, path, "notes", "1", options={
        "title": "A note", "date": "2026-02-03", "source": "typed", "status": "draft"})
    assert version.path.name == "1.md"
    assert (version.meta["title"], version.meta["status"], version.meta["language"]) == \
        ("A note", "draft", "en")
    assert copy.series_info("notes")["title"] == "A note"


def test_add_asks_only_for_what_the_text_lacks(copy, tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("hello\nworld\n", encoding="utf-8")
    with pytest.raises(VersiondiffError, match="the text gives no title or date; "
                                               "give --title and --date"):
        st.add_file(copy, path, "plain", "1")
    with pytest.raises(VersiondiffError, match="the text gives no date; give --date$"):
        st.add_file(copy, path, "plain", "1", options={"title": "Plain"})


def test_add_refuses_duplicates_and_overwrites(copy, tmp_path):
    seed = SEEDS / SEED_FILES["sichuan"]
    with pytest.raises(VersiondiffError, match="same text is stored already as "
                                               "sichuan-ai-plan@2026; use --force"):
        st.add_file(copy, seed, "other", "1")
    with pytest.raises(VersiondiffError, match="sichuan-ai-plan@2026 exists already; use --force"):
        st.add_file(copy, seed, "sichuan-ai-plan", "2026")
    path = edited_seed(tmp_path, "sichuan", "2026年5月5日", "2026年5月6日")
    version = st.add_file(copy, path, "sichuan-ai-plan", "2026", force=True)
    assert version.meta["date"] == "2026-05-06"
    assert copy.resolve("sichuan-ai-plan@2026").path.read_bytes() == path.read_bytes()
    assert copy.verify().ok


def test_force_can_change_the_data_suffix(copy, tmp_path):
    path = tmp_path / "s.md"
    path.write_bytes((SEEDS / SEED_FILES["summary"]).read_bytes() + b"\n")
    st.add_file(copy, path, "gansu-ai-plan-summary", "2026-en", force=True)
    folder = copy.root / "gansu-ai-plan-summary"
    assert sorted(p.name for p in folder.iterdir()) == ["2026-en.json", "2026-en.md", "series.json"]
    meta = copy.resolve("gansu-ai-plan-summary@2026-en").meta
    # what the text does not say is kept from the version it replaces
    assert meta["date"] == "2026-01-10" and meta["source"].startswith("Sina Finance")
    assert meta["relations"] == [{"type": "summary-of", "target": "gansu-ai-plan@2026"}]
    assert copy.verify().ok and not copy.verify().warnings


@pytest.mark.parametrize("options,message", [
    ({"date": "2026-13-01"}, "--date '2026-13-01' is not a date: use yyyy-mm-dd"),
    ({"published": "1/2/2026"}, "--published '1/2/2026' is not a date"),
    ({"status": "done"}, "--status 'done': use one of draft, final, revised"),
])
def test_add_refuses_bad_option_values(copy, tmp_path, options, message):
    path = edited_seed(tmp_path, "sichuan", "2026年5月5日", "2026年5月7日")
    with pytest.raises(VersiondiffError, match=message):
        st.add_file(copy, path, "sichuan-ai-plan", "x", options=options)


def test_add_refuses_relations_to_missing_refs(copy, tmp_path):
    path = edited_seed(tmp_path, "sichuan", "2026年5月5日", "2026年5月7日")
    with pytest.raises(VersiondiffError, match="--implements nope@1: unknown series 'nope'"):
        st.add_file(copy, path, "sichuan-ai-plan", "x", relations={"implements": ["nope@1"]})
    version = st.add_file(copy, path, "sichuan-ai-plan", "x",
                          relations={"cites": ["国发〔2025〕11号", "国发〔2025〕11号"]})
    assert version.meta["relations"] == [{"type": "cites", "target": "国发〔2025〕11号"}]


@pytest.mark.parametrize("content,message", [
    (b"", "empty file"),
    (b"%PDF-1.7\n...", "is a PDF file"),
    (b"\x00\x01\x02\x03" * 64, "binary file"),
])
def test_add_refuses_what_is_not_text(copy, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(VersiondiffError, match=message):
        st.add_file(copy, path, "bad", "1", options={"title": "t", "date": "2026-01-01"})
    assert "bad" not in copy.series_names()


def test_add_stores_legacy_encodings_unchanged(copy, tmp_path):
    text = (SEEDS / SEED_FILES["gansu2018"]).read_text(encoding="utf-8")
    path = tmp_path / "gb.txt"
    path.write_bytes(text.replace("2018年8月1日", "2018年8月2日").encode("gb18030"))
    version = st.add_file(copy, path, "gansu-ai-plan", "2018-gb")
    assert version.meta["encoding"] == "gb18030" and version.meta["date"] == "2018-08-02"
    assert version.path.read_bytes() == path.read_bytes()


# ---- crash safety and locking (in-process: a failure at every write step) ---------------

class Crash(BaseException):
    """Stands for the process dying: no ``except Exception`` handler catches it."""


#: File operations an add makes (each one a place where the process may die).
FILE_OPERATIONS = ("replace", "unlink", "fsync", "write", "link", "open")


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
@pytest.mark.parametrize("step", range(30))
def test_failure_at_each_write_step_leaves_store_valid(copy, tmp_path, monkeypatch, step):
    """Stop a --force overwrite at each file operation; the version stays whole, old or new."""
    path = edited_seed(tmp_path, "sichuan", "2026年5月5日", "2026年5月8日")
    calls = {"n": 0}
    real = {name: getattr(os, name) for name in FILE_OPERATIONS}

    def failing(name):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == step + 1:
                raise Crash(name)
            return real[name](*args, **kwargs)
        return wrapper

    for name in real:
        monkeypatch.setattr(os, name, failing(name))
    try:
        st.add_file(copy, path, "sichuan-ai-plan", "2026", force=True)
        crashed = False
    except Crash:
        crashed = True
    finally:
        monkeypatch.undo()
    assert crashed or step >= calls["n"]
    report = copy.verify()
    assert report.ok, report.problems
    survivor = st.Store(copy.root).resolve("sichuan-ai-plan@2026")  # present: the old or the new
    assert survivor.meta["date"] == ("2026-05-08" if not crashed else survivor.meta["date"])
    assert survivor.meta["date"] in ("2026-05-05", "2026-05-08")
    assert hashlib.sha256(survivor.path.read_bytes()).hexdigest() == survivor.meta["sha256"]
    for version in copy.all_versions():  # every committed version matches its hash
        assert hashlib.sha256(version.path.read_bytes()).hexdigest() == version.meta["sha256"]
    # the next add cleans up and lands
    st.add_file(copy, path, "sichuan-ai-plan", "2026", force=True)
    assert copy.resolve("sichuan-ai-plan@2026").meta["date"] == "2026-05-08"
    assert not [p for p in (copy.root / "sichuan-ai-plan").iterdir() if p.name.endswith(".tmp")]


def test_readers_ignore_uncommitted_files(copy):
    folder = copy.root / "gansu-ai-plan"
    (folder / "2030.txt").write_text("orphan", encoding="utf-8")
    (folder / ".2030.json.1.abcd.tmp").write_text("{", encoding="utf-8")
    (copy.root / "empty-series").mkdir()
    assert [v.version for v in copy.versions("gansu-ai-plan")] == ["2018", "2026"]
    assert "empty-series" not in copy.series_names()
    report = copy.verify()
    assert report.ok
    assert sorted(report.warnings) == [
        "empty-series: empty series folder (interrupted add?)",
        "gansu-ai-plan/.2030.json.1.abcd.tmp: temporary file left by an interrupted write",
        "gansu-ai-plan/2030.txt: text without metadata (an interrupted add; add it again or remove it)",
    ]


# ---- verify finds real problems ---------------------------------------------------------

def test_verify_reports_each_problem(copy):
    root = copy.root
    with open(root / "jiangsu-ai-plan" / "2025.txt", "ab") as handle:
        handle.write(b"tampered")
    (root / "sichuan-ai-plan" / "2026.json").write_text("{not json", encoding="utf-8")
    meta_path = root / "gansu-ai-plan" / "2026.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["relations"].append({"type": "cites", "target": "nowhere@1"})
    meta["date"] = "6 Jan 2026"
    meta_path.write_text(st.dump_json(meta), encoding="utf-8")
    (root / "stray.docx").write_bytes(b"x")
    (root / "gansu-ai-plan" / "notes.pdf").write_bytes(b"x")
    (root / "gansu-ai-plan-summary" / "series.json").unlink()
    report = copy.verify()
    assert not report.ok
    problems = "\n".join(report.problems)
    for expected in (
        "jiangsu-ai-plan/2025.txt: sha256 does not match its metadata",
        "sichuan-ai-plan/2026.json: does not parse as JSON",
        "gansu-ai-plan/2026.json: relation target nowhere@1 is not in the store",
        "gansu-ai-plan/2026.json: date '6 Jan 2026' is not an ISO date",
        "stray.docx: stray file or folder (not a series)",
        "gansu-ai-plan/notes.pdf: stray file or folder",
        "gansu-ai-plan-summary: missing series.json",
    ):
        assert expected in problems
    assert len(report.problems) == 7


def test_verify_reports_missing_text_and_bad_fields(copy):
    (copy.root / "gansu-ai-plan" / "2018.txt").unlink()
    meta_path = copy.root / "jiangsu-ai-plan" / "2025.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(status="approved", version="2024", relations=[{"type": "likes", "target": "x"}])
    del meta["title"]
    meta_path.write_text(st.dump_json(meta), encoding="utf-8")
    problems = copy.verify().problems
    assert "gansu-ai-plan/2018.json: stored text 2018.txt is missing" in problems
    assert "jiangsu-ai-plan/2025.json: field 'title' missing or not str" in problems
    assert "jiangsu-ai-plan/2025.json: status 'approved' is not one of draft, final, revised" in problems
    assert "jiangsu-ai-plan/2025.json: says it is jiangsu-ai-plan@2024, stored as jiangsu-ai-plan@2025" in problems
    assert any("bad relation" in p and "'likes'" in p for p in problems)


def test_damaged_metadata_is_one_clear_error_for_readers(copy):
    (copy.root / "sichuan-ai-plan" / "2026.json").write_text("{", encoding="utf-8")
    with pytest.raises(VersiondiffError, match=r"documents/sichuan-ai-plan/2026.json: cannot read "
                                               "store metadata"):
        copy.resolve("sichuan-ai-plan@2026")


# ---- the published catalogue schemas and the code that checks them agree ----------------

def _schema(name: str) -> dict:
    from importlib import resources
    return json.loads(resources.files("versiondiff").joinpath(f"schema/{name}.schema.json")
                      .read_text(encoding="utf-8"))


_VALUES = (None, 5, -1, True, 1.5, "", "x", "2026-01-06", "6 Jan 2026", "draft", "x" * 4001,
           [], [{"type": "cites"}], [{"type": "cites", "target": "t", "title": 5}],
           [{"type": "cites", "target": "t"}], {}, "a/b.txt", "..", "0" * 64)


def _mutations(meta: dict):
    """Yield copies of a good version file with one field replaced, removed or added."""
    for key in sorted(meta):
        for value in _VALUES:
            if key in ("series", "version") and isinstance(value, str):
                continue  # the stored name is checked in code only: the file name is not in the data
            yield key, dict(meta, **{key: value})
        yield key, {k: v for k, v in meta.items() if k != key}
    for value in (None, [], "x", 5):
        yield "whole file", value


@pytest.mark.slow  # over 0.4 s: the quick run stays under 20 s
def test_version_schema_and_code_agree(corpus):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(_schema("version"))
    for version in corpus.all_versions():
        assert validator.is_valid(version.meta) and not st._meta_problems(version.meta, version.series,
                                                                           version.version)
        count = 0
        for key, meta in _mutations(version.meta):
            by_code = bool(st._meta_problems(meta, version.series, version.version))
            assert by_code == (not validator.is_valid(meta)), (key, meta if not isinstance(meta, dict)
                                                               else meta.get(key))
            count += 1
        assert count > 300


def test_series_schema_and_code_agree(corpus):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(_schema("series"))
    info = corpus.series_info("gansu-ai-plan")
    assert validator.is_valid(info) and not st._series_problems(info)
    for key in ("title", "region", "description"):
        for value in _VALUES:
            changed = dict(info, **{key: value})
            assert bool(st._series_problems(changed)) == (not validator.is_valid(changed)), (key, value)
    for value in (None, [], "x", 5):
        assert st._series_problems(value) and not validator.is_valid(value)


# ---- damaged catalogue files: named, skipped by readers, reported by verify -------------

_DAMAGE = {
    "a list": "[]", "null": "null", "a string": '"2026"', "deep nesting": "[" * 50000 + "]" * 50000,
    "duplicate keys": None, "a number for the date": None, "a relation without target": None,
    "a huge string": None, "not UTF-8": None, "relations not a list": None,
}


def _damage(path, kind: str) -> None:
    meta = json.loads(path.read_text(encoding="utf-8"))
    if _DAMAGE[kind] is not None:
        path.write_text(_DAMAGE[kind], encoding="utf-8")
    elif kind == "duplicate keys":
        path.write_text(st.dump_json(meta)[:-2] + ',\n  "title": "another"\n}\n', encoding="utf-8")
    elif kind == "not UTF-8":
        path.write_bytes(st.dump_json(meta).encode("utf-8").replace(b'"title"', b'"\xff\xfe"'))
    else:
        meta.update({"a number for the date": {"date": 20260106},
                     "a relation without target": {"relations": [{"type": "cites"}]},
                     "a huge string": {"title": "长" * 100_000},
                     "relations not a list": {"relations": "x"}}[kind])
        path.write_text(st.dump_json(meta), encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(_DAMAGE))
def test_a_damaged_version_file_is_named_skipped_and_reported(copy, kind):
    st.take_warnings()  # forget what earlier tests' stores skipped
    _damage(copy.root / "sichuan-ai-plan" / "2026.json", kind)
    store = st.Store(copy.root)
    assert "sichuan-ai-plan@2026" not in [v.ref for v in store.all_versions()]
    assert len(store.all_versions()) == 4                        # the rest reads on
    warnings = st.take_warnings()
    assert len(warnings) == 1 and warnings[0].startswith("documents/sichuan-ai-plan/2026.json: ")
    assert warnings[0].endswith("; version skipped (see: versiondiff verify)")
    with pytest.raises(VersiondiffError, match=r"documents/sichuan-ai-plan/2026\.json: "):
        st.Store(copy.root).resolve("sichuan-ai-plan@2026")
    problems = st.Store(copy.root).verify().problems
    assert any(p.startswith("sichuan-ai-plan/2026.json: ") for p in problems), problems
    st.take_warnings()


@pytest.mark.parametrize("content", ["[]", "null", '{"title": 5}', '{"title": "t", "region": []}'])
def test_a_damaged_series_file_is_reported_and_left_out(copy, content):
    st.take_warnings()
    (copy.root / "gansu-ai-plan" / "series.json").write_text(content, encoding="utf-8")
    store = st.Store(copy.root)
    assert store.series_info("gansu-ai-plan") == {}
    assert [line for line in st.take_warnings() if "gansu-ai-plan/series.json" in line]
    assert [v.version for v in store.versions("gansu-ai-plan")] == ["2018", "2026"]
    assert any(p.startswith("gansu-ai-plan/series.json: ") for p in store.verify().problems)


def test_special_files_and_links_out_of_the_store_are_refused(copy, tmp_path):
    st.take_warnings()
    folder = copy.root / "gansu-ai-plan"
    os.mkfifo(folder / "2027.json")
    os.symlink("/dev/zero", folder / "2028.json")
    outside = tmp_path / "outside.json"
    outside.write_text((folder / "2026.json").read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(outside, folder / "2029.json")
    store = st.Store(copy.root)
    assert [v.version for v in store.versions("gansu-ai-plan")] == ["2018", "2026"]
    warnings = "\n".join(st.take_warnings())
    assert "gansu-ai-plan/2027.json: is a named pipe (FIFO), not a regular file" in warnings
    assert "gansu-ai-plan/2028.json: symbolic link out of the store" in warnings
    assert "gansu-ai-plan/2029.json: symbolic link out of the store" in warnings
    problems = "\n".join(store.verify().problems)
    for name in ("2027.json", "2028.json", "2029.json"):
        assert f"gansu-ai-plan/{name}: " in problems


def test_a_stored_text_linked_out_of_the_store_is_refused(copy, tmp_path):
    text = copy.root / "jiangsu-ai-plan" / "2025.txt"
    moved = tmp_path / "moved.txt"
    text.rename(moved)
    text.symlink_to(moved)
    with pytest.raises(VersiondiffError, match="stored text 2025.txt is a symbolic link out of the store"):
        st.Store(copy.root).resolve("jiangsu-ai-plan@2025")
    assert any("jiangsu-ai-plan/2025.txt: symbolic link out of the store" in p
               for p in st.Store(copy.root).verify().problems)
    st.take_warnings()


def test_a_broken_lock_is_one_clear_error(copy, tmp_path):
    lock = copy.root / st.LOCK_NAME
    if lock.exists():
        lock.unlink()
    lock.mkdir()
    path = edited_seed(tmp_path, "sichuan", "2026年5月5日", "2026年5月8日")
    with pytest.raises(VersiondiffError, match=r"\.lock: the store lock is a folder, not a file; remove it"):
        st.add_file(copy, path, "sichuan-ai-plan", "2026", force=True)
    assert any(p.startswith(".lock: the store lock is not a regular file") for p in copy.verify().problems)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_store_is_one_clear_error(copy, tmp_path):
    path = edited_seed(tmp_path, "sichuan", "2026年5月5日", "2026年5月8日")
    (copy.root / st.LOCK_NAME).unlink(missing_ok=True)
    os.chmod(copy.root, 0o555)
    try:
        with pytest.raises(VersiondiffError, match="permission denied"):
            st.add_file(copy, path, "sichuan-ai-plan", "2026", force=True)
    finally:
        os.chmod(copy.root, 0o755)


def test_add_a_regulation_without_a_date(copy, tmp_path):
    from test_structure import REGULATION
    path = tmp_path / "regulation.txt"
    path.write_text(REGULATION, encoding="utf-8")
    version = st.add_file(copy, path, "computer-security-regulation", "2020")
    assert version.meta["date"] == "2020-10-07"
    assert [e["event"] for e in version.meta["history"]] == ["adopted", "revised", "revised", "revised"]
    assert version.path.read_bytes() == path.read_bytes()
    assert copy.verify().ok
