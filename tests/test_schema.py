"""The JSON output contract: the shipped JSON Schema accepts real outputs and rejects broken ones."""
from __future__ import annotations

import copy
import itertools
import json
from importlib import resources

import pytest

jsonschema = pytest.importorskip("jsonschema")

from conftest import SEED_FILES, SEEDS  # noqa: E402
from versiondiff.compare import compare  # noqa: E402
from versiondiff.models import KINDS  # noqa: E402
from versiondiff.render.jsonout import FORMAT, render_json  # noqa: E402

from test_render_terminal import NEW, OLD, assert_gold  # noqa: E402


def load_schema() -> dict:
    """Read the schema as the installed package ships it."""
    text = (resources.files("versiondiff") / "schema" / "comparison.schema.json").read_text("utf-8")
    return json.loads(text)


SCHEMA = load_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def output(old, new, **options) -> dict:
    """Return the parsed JSON output of a comparison, as the CLI prints it."""
    return json.loads(render_json(compare(old, new, **options), indent=2))


@pytest.fixture(scope="module")
def hand_made() -> dict:
    """Return the JSON output for the hand-made pair."""
    return output(OLD, NEW)


def test_schema_is_a_valid_draft_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_names_the_format_and_every_kind():
    assert SCHEMA["properties"]["format"]["const"] == FORMAT
    assert tuple(SCHEMA["$defs"]["kind"]["enum"]) == KINDS
    assert set(SCHEMA["$defs"]["summary"]["required"]) == set(KINDS) | {"similarity"}


def test_hand_made_pair_is_valid(hand_made):
    VALIDATOR.validate(hand_made)


@pytest.mark.slow
@pytest.mark.parametrize("a,b", list(itertools.permutations(sorted(SEED_FILES), 2)))
def test_every_seed_pair_is_valid(a, b):
    VALIDATOR.validate(output(SEEDS / SEED_FILES[a], SEEDS / SEED_FILES[b]))


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
@pytest.mark.parametrize("mode", ["version", "cross"])
def test_forced_modes_are_valid(seed_paths, mode):
    VALIDATOR.validate(output(seed_paths["gansu2018"], seed_paths["gansu2026"], mode=mode))


def test_json_gold(hand_made):
    # paths depend on where the tests run: keep file names only
    data = copy.deepcopy(hand_made)
    for side in ("old", "new"):
        for key in ("ref", "path"):
            data[side][key] = data[side][key].rsplit("/", 1)[-1]
    assert_gold("smart_agri.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def test_offsets_are_ordered_and_inside_the_texts(hand_made):
    for change in hand_made["changes"]:
        for side in ("old", "new"):
            for s, e in change[side]:
                assert 0 <= s <= e <= hand_made[side]["length"]
        for _, i1, i2, j1, j2 in change["opcodes"]:
            assert i1 <= i2 and j1 <= j2


def broken(doc: dict, path: tuple, value) -> dict:
    """Return a copy of a document with one value replaced (``...`` deletes the key)."""
    out = copy.deepcopy(doc)
    target = out
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


@pytest.mark.parametrize("path,value", [
    (("format",), "versiondiff.comparison/2"),
    (("mode",), "auto"),
    (("summary",), ...),
    (("summary", "moved"), ...),
    (("summary", "similarity"), 1.5),
    (("old", "sha256"), "not-a-hash"),
    (("old", "date"), "2018年8月1日"),
    (("new", "length"), -1),
    (("changes", 0, "kind"), "modified"),
    (("changes", 0, "old"), [[1, 2, 3]]),
    (("changes", 0, "old"), [[1]]),
    (("changes", 0, "new"), [["1", 2]]),
    (("changes", 0, "opcodes"), [["swap", 0, 1, 0, 1]]),
    (("changes", 0, "opcodes"), [["equal", 0, 1, 0]]),
    (("changes", 0, "extra"), True),
    (("outline", 0, "similarity"), "high"),
    (("notes",), "one note"),
])
def test_broken_documents_fail(hand_made, path, value):
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(broken(hand_made, path, value))


@pytest.mark.slow  # over 0.5 s: the quick run stays under 20 s
def test_schema_accepts_the_substance_sections_and_rejects_a_broken_one():
    from versiondiff.substance import substance
    comp = compare("gansu-ai-plan@2018", "gansu-ai-plan@2026")
    data = json.loads(render_json(comp, substance=substance(comp)))
    VALIDATOR.validate(data)
    assert {"targets", "units", "terms"} <= set(data["substance"])
    broken = copy.deepcopy(data)
    broken["substance"]["targets"][0]["kind"] = "moved up"
    assert not VALIDATOR.is_valid(broken)
