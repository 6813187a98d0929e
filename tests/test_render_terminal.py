"""Terminal view: gold files on the hand-made pairs, colour rules, layout of each kind, cross-mode topics.

Re-bless the gold files after an intended change of output:
``VERSIONDIFF_BLESS=1 python3 -m pytest tests/test_render_terminal.py tests/test_render_markdown.py
tests/test_render_unified.py tests/test_schema.py`` (then read the diff of tests/gold/ before committing).
"""
from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from versiondiff.compare import compare
from versiondiff.models import Change
from versiondiff.render.markdown import render_markdown
from versiondiff.render.terminal import char_counts, render_stat, render_terminal, should_color
from versiondiff.render.textview import build_rows, cross_view, hunks, record_lines, sanitize

DATA = Path(__file__).resolve().parent / "data"
GOLD = Path(__file__).resolve().parent / "gold"
OLD, NEW = DATA / "smart_agri_old.txt", DATA / "smart_agri_new.txt"
LABELS = {"old_label": "smart_agri_old.txt", "new_label": "smart_agri_new.txt"}
#: Two made-up provinces' plans on one subject: items reordered and reworded, a few sentences shared.
CROSS_A, CROSS_B = DATA / "cross_a.txt", DATA / "cross_b.txt"
CROSS_LABELS = {"old_label": "cross_a.txt", "new_label": "cross_b.txt"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def scrub(text: str) -> str:
    """Replace what changes between releases and machines (version strings) with placeholders."""
    from versiondiff import __version__
    return text.replace(__version__, "<version>")


def assert_gold(name: str, actual: str | bytes) -> None:
    """Compare output with ``tests/gold/<name>``; write ``<name>.actual`` beside it on mismatch.

    With ``VERSIONDIFF_BLESS=1`` the gold file is (re)written instead.
    """
    gold = GOLD / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    stray = gold.with_name(gold.name + ".actual")
    if os.environ.get("VERSIONDIFF_BLESS") == "1":
        gold.write_bytes(data)
        stray.unlink(missing_ok=True)
        return
    if gold.exists() and gold.read_bytes() == data:
        stray.unlink(missing_ok=True)
        return
    stray.write_bytes(data)
    pytest.fail(f"{name} differs from its gold file; actual output written to {stray} "
                "(re-bless with VERSIONDIFF_BLESS=1 if the change is intended)")


@pytest.fixture(scope="module")
def pair():
    """Return the comparison of the hand-made pair."""
    return compare(OLD, NEW)


# ---- gold files ------------------------------------------------------------------------------

def test_terminal_plain_gold(pair):
    assert_gold("smart_agri.terminal.txt", scrub(render_terminal(pair, **LABELS)))


def test_terminal_color_gold(pair):
    assert_gold("smart_agri.terminal-color.txt", scrub(render_terminal(pair, color=True, **LABELS)))


def test_terminal_no_context_gold(pair):
    assert_gold("smart_agri.terminal-context0.txt", scrub(render_terminal(pair, context=0, **LABELS)))


def test_stat_gold(pair):
    assert_gold("smart_agri.stat.txt", scrub(render_stat(pair, **LABELS)))


# ---- what the view shows ---------------------------------------------------------------------

def test_hand_made_pair_exercises_every_kind_the_view_lays_out(pair):
    kinds = {c.kind for c in pair.changes}
    assert {"equal", "changed", "moved", "renumbered", "inserted", "deleted", "split"} <= kinds


def test_colour_view_is_the_plain_view_painted(pair):
    plain = render_terminal(pair, **LABELS)
    painted = render_terminal(pair, color=True, **LABELS)
    unmarked = plain.replace("[-", "").replace("-]", "").replace("{+", "").replace("+}", "")
    assert ANSI.sub("", painted) == unmarked
    assert "\x1b[" not in plain and "\x1b[31;9m5\x1b[m\x1b[32;4m7\x1b[m" in painted


def test_hunks_are_headed_by_section_paths(pair):
    text = render_terminal(pair, **LABELS)
    heads = re.findall(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ (.*)$", text, flags=re.M)
    assert heads and heads[0] == "一、/（一）"
    assert "二、/1." in heads


def test_inline_marks_come_from_the_opcodes(pair):
    text = render_terminal(pair, **LABELS)
    assert "到202[-5-]{+7+}年" in text
    assert "推动农业生产方式{+加快+}转变" in text
    assert "市[-大-]数据局" in text


def test_renumbering_is_stated_once_not_on_every_item(pair):
    text = render_terminal(pair, **LABELS)
    assert "# renumbered (+1): 二、/3. → 二、/4." in text
    assert "  4.发展智慧畜牧。" in text          # context row: new number, no marks
    assert "[-3-]{+4+}" not in text


def test_moves_show_where_they_left_and_arrived(pair):
    text = render_terminal(pair, **LABELS)
    assert re.search(r"^< （一）加强组织领导。.*# 2 clauses moved to 三、/（二）, line 18$", text, re.M)
    assert re.search(r"^> （\[-一-\]\{\+二\+\}）加强组织领导。  # moved from 三、/（一）, line 17$", text, re.M)


def test_split_clause_gets_one_line_per_part(pair):
    text = render_terminal(pair, **LABELS)
    assert "~ 依托职业院校开展农民数字技能培训[-，-]{+。+}  # split into 2\n~ 每年培训新型职业农民" in text


def test_context_counts_clauses(pair):
    rows = build_rows(pair)
    for context in (0, 1, 3):
        for hunk in hunks(pair, rows, context):
            lead = 0
            for row in hunk.rows:
                if row.is_change:
                    break
                lead += 1
            assert lead <= context


def test_huge_context_gives_one_hunk_with_every_row(pair):
    rows = build_rows(pair)
    (only,) = hunks(pair, rows, 1000)
    assert len(only.rows) == len(rows)


def test_no_changes_prints_only_the_header(seed_paths):
    comp = compare(seed_paths["gansu2018"], seed_paths["gansu2018"])
    text = render_terminal(comp)
    assert "@@" not in text and "# no changes; similarity 100.0%" in text


def test_boilerplate_is_mentioned_not_shown(seed_paths):
    comp = compare(seed_paths["gansu2026"], seed_paths["gansu2026"])
    text = render_terminal(comp, context=100)
    assert "# ignored as boilerplate: 3 passage(s) in the old text, 3 in the new" in text
    assert "欢迎访问甘肃经济信息网" not in text


@pytest.mark.parametrize("mode", ["version", "cross"])
def test_original_text_is_shown_not_canonical(seed_paths, mode):
    comp = compare(seed_paths["jiangsu"], seed_paths["gansu2026"], mode=mode)
    text = render_terminal(comp, context=0)
    # traditional script as written in the Jiangsu file, on the old side of the clauses shown
    assert re.search(r"^[-~].*[關於實應總體]", text, re.M)
    assert "甘政发〔2026〕1号" in text


def test_page_breaks_inside_a_clause_are_joined(seed_paths):
    # Sichuan: "抓好高标准农田" / blank line / "建设,支持…" is one clause
    # (laid out by item, as a rewrite is, the one-sided clauses are quoted by their first words)
    comp = compare(seed_paths["gansu2026"], seed_paths["sichuan"], mode="version")
    text = render_terminal(comp, context=0)
    clause = next(c for c in comp.new.clauses if "抓好高标准农田" in c.text)
    assert "建设,支持高端智能农机" in clause.text
    assert "\n" in comp.new.text.original[clause.span[0]:clause.span[1]]   # the break it joined
    assert text.startswith("--- ")


@pytest.mark.slow
def test_every_seed_pair_renders(seed_paths):
    names = ["gansu2026", "gansu2018", "jiangsu", "sichuan", "summary"]
    for a in names:
        for b in names:
            if a != b:
                comp = compare(seed_paths[a], seed_paths[b])
                text = render_terminal(comp)
                shown = sum(1 for line in text.splitlines() if line[:1] in "+-~><")
                if comp.mode == "cross":  # one-sided clauses are counted, not listed
                    assert text.count("\n@@ ") >= len(comp.outline) and shown >= len(comp.outline)
                    continue
                assert shown >= sum(n for k, n in comp.summary.counts if k not in ("equal", "ignored",
                                                                               "renumbered")) // 4


def test_stat_counts_match_summary(pair):
    text = render_stat(pair, **LABELS)
    for kind, count in pair.summary.counts:
        assert re.search(rf"^ {kind} +{count}$", text, re.M)
    deleted, inserted = char_counts(pair)
    assert f"{deleted} deleted, {inserted} inserted" in text


def test_output_is_deterministic(pair):
    again = compare(OLD, NEW)
    assert render_terminal(pair, color=True) == render_terminal(again, color=True)


# ---- colour rules and helpers ----------------------------------------------------------------

@pytest.mark.parametrize("choice,tty,env,expected", [
    ("auto", True, {}, True),
    ("auto", False, {}, False),
    ("auto", True, {"NO_COLOR": "1"}, False),
    ("auto", True, {"NO_COLOR": ""}, True),          # NO_COLOR counts only when not empty
    ("auto", True, {"TERM": "dumb"}, False),
    ("auto", False, {"GIT_PAGER_IN_USE": "true"}, True),
    ("always", False, {"NO_COLOR": "1"}, True),      # an explicit option beats the environment
    ("never", True, {}, False),
])
def test_should_color(choice, tty, env, expected):
    assert should_color(choice, tty, env) is expected


def test_control_characters_cannot_reach_the_terminal():
    assert sanitize("a\x1b[31mb\u202ec") == "a␛[31mb<U+202E>c"


def test_record_lines_clip_to_the_record_spans():
    old, new = "甲乙丙", "甲丁乙丙X"
    change = Change(kind="changed", old=((0, 3),), new=((0, 4),), similarity=0.8,
                    opcodes=(("equal", 0, 1, 0, 1), ("insert", 1, 1, 1, 2), ("equal", 1, 3, 2, 4)))
    (line,) = record_lines(change, old, new)
    assert [(s.style, s.text) for s in line] == [("ctx", "甲"), ("ins", "丁"), ("ctx", "乙丙")]


def new_text_from_rows(comp) -> str:
    """Rebuild the new text (whitespace left out) from the view's unchanged and inserted segments."""
    return "".join(seg.text for row in build_rows(comp) if row.kind not in ("moved-away", "note")
                   for line in row.lines for seg in line if seg.style != "del")


def without(text: str, spans) -> str:
    """Return text with some spans cut out and all whitespace removed."""
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + text[e:]
    return "".join(text.split())


@pytest.mark.parametrize("a,b", [("gansu2018", "gansu2026"), ("gansu2026", "sichuan"),
                                 ("sichuan", "jiangsu"), ("jiangsu", "summary")])
def test_view_rebuilds_the_new_text(seed_paths, a, b):
    comp = compare(seed_paths[a], seed_paths[b])
    expected = without(comp.new.text.original, comp.new.text.ignored)
    assert "".join(new_text_from_rows(comp).split()) == expected


def test_view_rebuilds_the_new_text_of_the_hand_made_pair(pair):
    assert "".join(new_text_from_rows(pair).split()) == without(NEW.read_text("utf-8"), ())


@pytest.mark.parametrize("plan,donor,seed", [("gansu2026", "sichuan", 5), ("jiangsu", "gansu2018", 6),
                                             ("sichuan", "gansu2026", 7)])
@pytest.mark.slow  # over 0.4 s: the quick run stays under 20 s
def test_view_rebuilds_the_new_text_of_noisy_revisions(tmp_path, plan, donor, seed):
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from conftest import SEED_FILES, SEEDS
    from revisions import make_revision, write_revision
    texts = {n: (SEEDS / SEED_FILES[n]).read_bytes().decode("utf-8-sig") for n in (plan, donor)}
    write_revision(make_revision(texts[plan], texts[donor], seed=seed, noise=True), tmp_path)
    comp = compare(tmp_path / "old.txt", tmp_path / "new.txt")
    assert comp.summary.count("moved") or comp.summary.count("split") or comp.summary.count("merged")
    expected = without(comp.new.text.original, comp.new.text.ignored)
    assert "".join(new_text_from_rows(comp).split()) == expected
    render_terminal(comp, color=True)


def test_a_long_renumbering_is_one_note(seed_paths, tmp_path):
    # Gansu 2018 numbers its items 1–24 across sections: insert a new 5. and shift the rest
    text = seed_paths["gansu2018"].read_text("utf-8")
    shifted = re.sub(r"(?m)^(\u3000\u3000)(\d+)\.",
                     lambda m: f"{m.group(1)}{int(m.group(2)) + (int(m.group(2)) >= 5)}.", text)
    shifted = shifted.replace("\u3000\u30006.智能软件。",
                              "\u3000\u30005.智能传感器。发展新型智能传感器，建设传感器产业园。\n\u3000\u30006.智能软件。")
    new = tmp_path / "gansu-renumbered.txt"
    new.write_text(shifted, encoding="utf-8")
    comp = compare(seed_paths["gansu2018"], new)
    assert comp.summary.count("renumbered") == 20
    out = render_terminal(comp)
    notes = [line for line in out.splitlines() if line.startswith("# renumbered")]
    assert notes == ["# renumbered (+1), 20 items: 二、/（二）/5. … 二、/（六）/24. → 二、/（二）/6. … 二、/（六）/25."]
    assert out.count("\n@@ ") == 1


# ---- cross mode: one hunk per outline pair ---------------------------------------------------

PAIR_HEAD = re.compile(r"^@@ (.+) ~ (.+) \(similarity \d+%\) @@$", re.M)


@pytest.fixture(scope="module")
def cross_pair():
    """Return the cross comparison of the two made-up provincial plans."""
    return compare(CROSS_A, CROSS_B, mode="cross")


@pytest.fixture(scope="module")
def gansu_sichuan(seed_paths):
    """Return the cross comparison of the Gansu and Sichuan 2026 plans (auto mode picks cross)."""
    comp = compare(seed_paths["gansu2026"], seed_paths["sichuan"])
    assert comp.mode == "cross"
    return comp


def test_cross_terminal_gold(cross_pair):
    assert_gold("cross.terminal.txt", scrub(render_terminal(cross_pair, **CROSS_LABELS)))


def test_cross_view_is_one_hunk_per_outline_pair_in_new_reading_order(cross_pair):
    text = render_terminal(cross_pair, **CROSS_LABELS)
    heads = PAIR_HEAD.findall(text)
    assert len(heads) == len(cross_pair.outline)
    in_order = sorted(cross_pair.outline, key=lambda p: (p.new[0][0], p.old[0][0]))
    assert heads == [(p.old_label, p.new_label) for p in in_order]
    assert "@@ 二、/（二） 发展智慧农业 ~ 二、/1. 智慧农业提升行动 (similarity 47%) @@" in text


def test_cross_hunks_show_shared_clauses_marked_and_summarise_the_rest(cross_pair):
    text = render_terminal(cross_pair, **CROSS_LABELS)
    hunk = text.split("@@ 二、/（二） 发展智慧农业 ~ ")[1].split("\n@@")[0].splitlines()[1:]
    assert hunk == ["  建设省级农业大数据平台，推广遥感监测、水肥一体化等技术。",
                    "~ （[-牵头单位：-]省农业农村厅{+负责+}）",
                    "+ 4 clauses only in NEW (first: 发展设施农业物联网，建设一批数字农业示范基地。)",
                    "- 支持农业生产经营主体应用智能农机装备。"]
    assert "~ 依托职业院校开展农民手机应用技能培训，每年培训农民[-5-]{+8+}万人次。" in text


def test_cross_view_lists_the_parts_without_counterpart_last(cross_pair):
    text = render_terminal(cross_pair, **CROSS_LABELS)
    assert text.endswith("@@ only in NEW: 1 part @@\n+ 二、/6. 数字普惠金融行动  # line 17, 2 clauses\n"
                         "@@ only in OLD: 1 part @@\n- 三、/（二） 加大资金投入  # line 19, 2 clauses\n")
    assert text.index("@@ document header @@") < text.index(" ~ ")


def test_cross_colour_view_is_the_plain_view_painted(cross_pair):
    plain = render_terminal(cross_pair)
    painted = render_terminal(cross_pair, color=True)
    unmarked = plain.replace("[-", "").replace("-]", "").replace("{+", "").replace("+}", "")
    assert ANSI.sub("", painted) == unmarked and "\x1b[36m@@ " in painted


def test_cross_stat_is_the_usual_table(cross_pair):
    text = render_stat(cross_pair, **CROSS_LABELS)
    assert "@@" not in text and re.search(r"^ inserted +17$", text, re.M)


def test_cross_view_ignores_context(cross_pair):
    assert render_terminal(cross_pair, context=0) == render_terminal(cross_pair, context=5)


def test_version_mode_of_the_cross_data_is_still_a_hunk_diff():
    text = render_terminal(compare(CROSS_A, CROSS_B, mode="version"))
    assert re.search(r"^@@ -\d+(,\d+)? \+\d+(,\d+)? @@", text, re.M) and not PAIR_HEAD.search(text)


def test_cross_view_places_every_record_once(cross_pair, gansu_sichuan):
    for comp in (cross_pair, gansu_sichuan):
        view = cross_view(comp)
        shown = [row.index for t in view.topics for row in t.rows + t.only_new + t.only_old]
        assert len(shown) == len(set(shown))
        headings = {c.span for c in comp.old.clauses + comp.new.clauses if c.role == "heading"}
        parts = {"old": [p.span for p in view.only_old], "new": [p.span for p in view.only_new]}
        for k, change in enumerate(comp.changes):
            if change.kind == "ignored" or k in shown:
                continue
            side, spans = ("new", change.new) if change.new else ("old", change.old)
            assert not (change.old and change.new), change       # shared text is always shown
            in_part = all(any(a <= s and e <= b for a, b in parts[side]) for s, e in spans)
            assert in_part or spans[0] in headings, change       # else a pair's label names it


def test_cross_records_outside_any_pair_are_shown_apart(cross_pair):
    bare = dataclasses.replace(cross_pair, outline=())
    text = render_terminal(bare)
    assert not PAIR_HEAD.search(text)
    assert "@@ shared outside the paired parts @@" in text
    assert re.search(r"^  建立省数字乡村建设联席会议制度，统筹推进各项工作。  # old 三、/（一）, line 18 "
                     r"~ new 三、/1\., line 19$", text, re.M)
    assert "@@ only in NEW: " in text and "@@ only in OLD: " in text


def test_cross_pairs_sharing_a_part_show_its_clauses_once(cross_pair):
    twice = dataclasses.replace(cross_pair, outline=cross_pair.outline + cross_pair.outline[-1:])
    text = render_terminal(twice)
    assert len(PAIR_HEAD.findall(text)) == len(cross_pair.outline) + 1
    assert text.count("~ 依托职业院校开展农民手机应用技能培训") == 1
    assert "# clauses shown under an earlier pair" in text


def test_real_cross_pair_has_a_hunk_per_outline_pair_with_its_labels(gansu_sichuan):
    text = render_terminal(gansu_sichuan)
    heads = PAIR_HEAD.findall(text)
    assert len(heads) == len(gansu_sichuan.outline) > 20
    for pair in gansu_sichuan.outline:
        assert (pair.old_label, pair.new_label) in heads
        assert f"@@ {pair.old_label} ~ {pair.new_label} (similarity {pair.similarity:.0%}) @@" in text
    assert "~ [-甘政-]{+川办+}发〔2026〕1{+4+}号" in text        # the document header, marked
    assert "@@ only in NEW: " in text and "+ 二、/(八) “人工智能+”地质矿产  # line " in text
    assert len(text.splitlines()) < 250          # a map of the two plans, not 300 clause lines


def test_cli_shows_the_cross_view():
    from click.testing import CliRunner
    from versiondiff.cli import cli
    args = ["diff", "--color", "never", "--mode", "cross", str(CROSS_A), str(CROSS_B)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output == render_terminal(compare(CROSS_A, CROSS_B, mode="cross"))


def test_readme_quotes_real_cross_output(monkeypatch):
    # the README's cross-mode excerpt must be lines this code prints today ("…" marks cuts)
    from click.testing import CliRunner
    from versiondiff.cli import cli
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    command = "$ versiondiff diff gansu-ai-plan@2026 sichuan-ai-plan@2026\n"
    excerpt = readme.split(command, 1)[1].split("```", 1)[0].splitlines()
    monkeypatch.chdir(Path(__file__).resolve().parents[1])  # the corpus refs resolve from here
    result = CliRunner().invoke(cli, command[2:].split()[1:], color=False)
    printed = result.output.splitlines()
    assert excerpt[:5] == printed[:5]
    assert all(line in printed for line in excerpt if line != "…")


def test_an_added_file_is_shown_whole_not_by_topic():
    from versiondiff.models import Source
    from versiondiff.structure import parse
    empty = parse(Source(ref="/dev/null", path="/dev/null", text="", encoding="utf-8", sha256=""))
    comp = compare(empty, CROSS_B, mode="cross")
    text = render_terminal(comp)
    assert "+ 6.数字普惠金融行动。" in text and not PAIR_HEAD.search(text) and "@@ only in" not in text
    assert "- **inserted** " in render_markdown(comp)
