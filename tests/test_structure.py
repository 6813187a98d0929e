"""Structure on the real seeds: outline, headings, responsible units, metadata, spans, clauses, CLI."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from versiondiff.cli import cli
from versiondiff.models import Source
from versiondiff.normalize import normalize
from versiondiff.sources import read_source
from versiondiff.structure import as_written, parse, read_document

from test_normalize import noisy


@pytest.fixture(scope="module")
def docs(seed_paths):
    """Return the parsed Document of every seed."""
    return {name: read_document(str(path)) for name, path in seed_paths.items()}


def source(text: str, fmt: str = "text") -> Source:
    return Source(ref="t", path="t", text=text, encoding="utf-8", sha256="", format=fmt)


def labels(items):
    return [i.label for i in items]


def numbers(items):
    return [i.number for i in items]


# ---- outlines ("Done when": exactly the numbered parts of each plan) -----------------------

def test_gansu_2026_outline(docs):
    top = docs["gansu2026"].items
    assert labels(top) == ["一、", "二、", "三、"]
    two, three = top[1], top[2]
    assert labels(two.children) == ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)"]
    assert [len(c.children) for c in two.children] == [3, 5, 2, 3, 3, 2]
    assert [numbers(c.children) for c in two.children][1] == [1, 2, 3, 4, 5]
    # 三、 goes straight to (七)…(十四): numbering runs on across parts
    assert numbers(three.children) == list(range(7, 15))
    assert all(c.level == 2 and c.is_leaf for c in three.children)
    assert top[0].is_leaf and top[0].heading == "总体要求"


def test_gansu_2018_outline(docs):
    top = docs["gansu2018"].items
    assert labels(top) == ["一、", "二、", "三、"]
    one, two, three = top
    assert [c.heading for c in one.children] == ["指导思想", "基本原则", "总体目标"]
    assert numbers(one.children[2].children) == [1, 2, 3]
    assert one.children[1].is_leaf          # the --创新引领 lines are not items
    assert numbers(two.children) == [1, 2, 3, 4, 5, 6]
    assert [n for c in two.children for n in numbers(c.children)] == list(range(1, 25))
    assert [len(c.children) for c in two.children] == [4, 3, 4, 7, 3, 3]
    assert numbers(three.children) == [1, 2, 3]
    assert all(c.is_leaf for c in three.children)
    nine = two.children[2].children[1]
    assert (nine.label, nine.heading, nine.path) == ("9.", "智能农业", "二、/（三）/9.")


def test_jiangsu_outline(docs):
    top = docs["jiangsu"].items
    assert labels(top) == ["一、", "二、", "三、", "四、"]
    two, three = top[1], top[2]
    assert numbers(two.children) == [1, 2, 3, 4, 5, 6, 7]
    assert [n for c in two.children for n in numbers(c.children)] == list(range(1, 23))
    # 三、 → 23﹒ directly: a skipped level
    assert numbers(three.children) == [23, 24, 25, 26]
    assert three.children[0].label == "23﹒" and three.children[0].level == 2
    assert three.children[0].path == "三、/23﹒"
    assert top[0].is_leaf and top[3].is_leaf


def test_sichuan_outline(docs):
    top = docs["sichuan"].items
    assert labels(top) == ["一、", "二、", "三、"]
    assert numbers(top[1].children) == list(range(1, 21))
    assert numbers(top[2].children) == list(range(1, 7))
    assert top[1].children[14].heading == "“人工智能+”军民融合"
    assert top[2].children[0].heading == "深化场景应用"


def test_english_summary_has_no_items_but_sentences(docs):
    doc = docs["summary"]
    assert doc.items == ()
    assert len(doc.clauses) > 10
    assert doc.metadata.title == "甘肃省人民政府关于印发深入实施“人工智能+”行动方案的通知"
    assert doc.metadata.doc_number is None and doc.metadata.date is None


def test_things_that_look_like_numbers_are_not_items():
    doc = parse(source("(此件公开发布)\n(苏政发〔2025〕108号)\n一、总体要求\n"
                       "2018-2020年，统筹推进。\n1.5倍于现有规模。\n（国发〔2017〕35号）印发以来。\n"
                       "--创新引领。积极把握趋势。\n"))
    assert labels(doc.items) == ["一、"]
    assert doc.items[0].is_leaf


def test_law_style_articles_and_chapters():
    doc = parse(source("第一章 总则\n第一条 为了规范管理，制定本条例。\n第 2 條 本條例適用於本省。\n"
                       "（一）第一项；\n（二）第二项。\n第二章 附则\n第三条 本条例自公布之日起施行。\n"))
    assert labels(doc.items) == ["第一章", "第二章"]
    assert labels(doc.items[0].children) == ["第一条", "第 2 條"]
    assert numbers(doc.items[0].children) == [1, 2]
    assert labels(doc.items[0].children[1].children) == ["（一）", "（二）"]
    assert doc.items[0].children[1].children[0].level == 3
    assert doc.items[1].children[0].heading == "本条例自公布之日起施行"


def test_markdown_headings_are_items_with_levels():
    text = "# 行动方案\n\n## 一、总体要求\n\n坚持创新。\n\n## 二、重点任务\n\n### 1.智能农业。\n研制系统。\n"
    doc = parse(source(text, fmt="markdown"))
    assert [i.heading for i in doc.items] == ["行动方案"]
    parts = doc.items[0].children
    assert labels(parts) == ["一、", "二、"]
    assert parts[1].children[0].heading == "智能农业" and parts[1].children[0].level == 3
    # the # markers are not content but lie inside the spans
    assert "#" not in "".join(c.text for c in doc.clauses)
    s, e = parts[0].span
    assert text[s:e].startswith("## 一、总体要求")
    assert doc.clauses[parts[0].clauses[0]].span[0] == s
    covered = bytearray(len(text))
    for c in doc.clauses:
        covered[c.span[0]:c.span[1]] = b"\x01" * (c.span[1] - c.span[0])
    assert all(c or ch.isspace() for ch, c in zip(text, covered))


# ---- headings, units, metadata --------------------------------------------------------------

def test_leaf_headings_are_first_sentences(docs):
    two = docs["gansu2018"].items[1]
    assert two.children[1].children[0].heading == "智能软件"
    assert docs["gansu2026"].items[1].children[0].children[0].heading == "探索智能驱动的科研模式"
    assert docs["jiangsu"].items[1].children[1].children[1].heading == "全麵提升農業智能化水平"  # original script


def test_responsible_units_gansu_2018(docs):
    item = docs["gansu2018"].items[1].children[0].children[0]
    assert item.number == 1
    (units,) = item.units
    assert units.lead == ("省科技厅", "省教育厅")
    assert units.others == ("省发展改革委", "省工信委")
    original = docs["gansu2018"].text.original
    assert original[units.span[0]:units.span[1]] == "（牵头单位：省科技厅、省教育厅；责任单位：省发展改革委、省工信委）"
    # 9 says 责任单位 twice: no unit is marked as leading, none is guessed
    nine = docs["gansu2018"].items[1].children[2].children[1]
    assert nine.units[0].lead == () and nine.units[0].others[0] == "省农牧厅"


def test_responsible_units_sichuan_comma_convention(docs):
    items = docs["sichuan"].items[1].children
    assert items[1].units[0].lead == ("经济和信息化厅",)
    assert items[1].units[0].others == ("省发展改革委", "科技厅", "省国资委")
    assert items[0].units[0].lead == ("科技厅",) and items[0].units[0].others == ("教育厅",)


def test_responsible_units_gansu_2026_without_lead(docs):
    first = docs["gansu2026"].items[1].children[0].children[0]
    assert first.units[0].lead == ()
    assert first.units[0].others == ("省教育厅", "省科技厅", "各市州政府", "兰州新区管委会")


def test_units_are_clauses_of_their_own(docs):
    """A unit list is split off its sentence; inside it clauses end at ；/。 as the eval's sentences."""
    for name in ("gansu2018", "gansu2026", "sichuan"):
        doc = docs[name]
        unit_clauses = [c for c in doc.clauses if c.role == "units"]
        records = [u for i in doc.walk() for u in i.units]
        assert records
        for u in records:
            inside = [c for c in unit_clauses if u.span[0] <= c.span[0] and c.span[1] <= u.span[1]]
            assert inside[0].span[0] == u.span[0] and inside[-1].span[1] == u.span[1]
            assert "".join(c.text for c in inside) == u.text
        assert sum(len(u.text) for u in records) == sum(len(c.text) for c in unit_clauses)


def test_a_unit_list_followed_by_more_text_is_still_split_off():
    doc = parse(source("1.智能农业。研制系统。(省农业农村厅负责)推广应用。\n"
                       "2.智能金融。推广应用。(牵头单位:省金融办;\n\n加快发展。\n"))
    roles = [(c.role, c.text) for c in doc.clauses]
    assert ("units", "(省农业农村厅负责)") in roles and ("sentence", "推广应用。") in roles
    assert doc.items[0].units[0].others == ("省农业农村厅",)
    assert ("units", "(牵头单位:省金融办;") in roles and ("sentence", "加快发展。") in roles


@pytest.mark.parametrize("name, expected", [
    ("gansu2026", dict(title="甘肃省人民政府关于印发深入实施“人工智能+”行动方案的通知",
                       subtitle="深入实施“人工智能+”行动方案", issuer="甘肃省人民政府",
                       doc_number="甘政发〔2026〕1号", date="2026-01-06", published="2026-01-08")),
    ("gansu2018", dict(title="甘肃省新一代人工智能发展实施方案", subtitle=None,
                       issuer="甘肃省人民政府办公厅", doc_number=None, date="2018-08-01",
                       published=None)),
    ("jiangsu", dict(title="省政府关于印发关键词1省“人工智能+”行动方案的通知",
                     subtitle="关键词1省“人工智能+”行动方案", issuer="关键词1省人民政府",
                     doc_number="苏政发〔2025〕108号", date="2025-12-29", published="2025-12-29")),
    ("sichuan", dict(title="四川省人民政府办公厅关于印发《四川省加快推进“人工智能+”一号创新工程实施方案》的通知",
                     subtitle="四川省加快推进“人工智能+”一号创新工程实施方案",
                     issuer="四川省人民政府办公厅", doc_number="川办发〔2026〕14号",
                     date="2026-05-05", published=None)),
])
def test_metadata(docs, name, expected):
    assert docs[name].metadata.__dict__ == dict(expected, notes=(), effective=None, history=())


@pytest.mark.parametrize("written", ["二〇二六年十十月一日", "二〇二六年二十十月一日", "二〇二六年一月三十十日"])
def test_a_malformed_date_numeral_is_no_date_with_a_note(written):
    doc = parse(source(f"甘肃省人民政府\n关于印发人工智能方案的通知\n各市州人民政府：\n现印发给你们。\n"
                     f"甘肃省人民政府\n{written}\n一、总体要求\n推动发展。\n"))
    assert doc.metadata.date is None
    assert doc.metadata.notes == (f"date {written} is not a valid date; left out",)


def test_a_document_number_cited_in_a_sentence_is_not_the_documents_number():
    doc = parse(source("关于印发行动方案的通知\n根据《意见》（国发〔2017〕35号），制定本方案。\n"))
    assert doc.metadata.doc_number is None
    assert doc.metadata.title == "关于印发行动方案的通知"


# ---- spans and clauses ----------------------------------------------------------------------

NAMES = ["gansu2026", "summary", "gansu2018", "jiangsu", "sichuan"]


@pytest.mark.parametrize("name", NAMES)
def test_item_spans_hold_their_text_nest_and_do_not_overlap(docs, name):
    doc = docs[name]
    original = doc.text.original
    for item in doc.walk():
        s, e = item.span
        assert original[s:e].startswith(item.label)
        head = re.sub(r"\s", "", original[s:e])
        assert re.sub(r"\s", "", item.heading) in head
        first, last = item.clauses
        assert doc.clauses[first].span[0] == s and doc.clauses[last - 1].span[1] == e
        assert doc.clauses[first].role == "heading"
        assert doc.clauses[first].label == normalize(item.label).canonical
        for child in item.children:
            assert s <= child.span[0] and child.span[1] <= e
            assert first < child.clauses[0] and child.clauses[1] <= last
        for a, b in zip(item.children, item.children[1:]):
            assert a.span[1] <= b.span[0]
        for u in item.units:
            assert s <= u.span[0] and u.span[1] <= e
    for a, b in zip(doc.items, doc.items[1:]):
        assert a.span[1] <= b.span[0]


@pytest.mark.parametrize("name", NAMES)
def test_clauses_partition_the_body(docs, name):
    doc = docs[name]
    text = doc.text
    seen = bytearray(len(text.canonical))
    previous = 0
    for k, clause in enumerate(doc.clauses):
        a, b = clause.canon
        assert clause.index == k
        assert a >= previous and "\n" not in text.canonical[a:b]
        previous = b
        seen[a:b] = b"\x01" * (b - a)
        assert clause.text == re.sub(r"\s", "", text.canonical[a:b]) and clause.text
        assert clause.span == text.original_span(a, b)
        # the original text at the span reads as the clause
        s, e = clause.span
        assert normalize(text.original[s:e]).canonical.replace("\n", "").replace(" ", "") == clause.text
        if clause.label:
            assert clause.text.startswith(clause.label)
    assert all(seen[i] or ch.isspace() for i, ch in enumerate(text.canonical))
    # together with boilerplate, clause spans cover every non-space original character
    covered = bytearray(len(text.original))
    for s, e in [c.span for c in doc.clauses] + list(text.ignored):
        covered[s:e] = b"\x01" * (e - s)
    assert [ch for ch, c in zip(text.original, covered) if not c and not ch.isspace()] == []


def test_clauses_split_like_the_evaluation(docs):
    texts = [c.text for c in docs["gansu2018"].clauses]
    assert "9.智能农业。" in texts
    assert "(牵头单位:省科技厅、省教育厅;" in texts and "责任单位:省发展改革委、省工信委)" in texts
    for name in NAMES:
        for c in docs[name].clauses:
            assert not re.search(r"[。；！？;!?][^。；！？;!?”’）)\]】〕》]", c.text), c.text


def test_roles_and_paths(docs):
    doc = docs["gansu2026"]
    roles = [c.role for c in doc.clauses[:11]]
    assert roles == ["title", "header", "header", "header", "header", "sentence", "header",
                     "header", "header", "title", "sentence"]
    closing = [c for c in doc.clauses if c.text.startswith("坚持把党的领导")][0]
    assert closing.path == "三、"           # closing text of 三, not part of (十四)
    nine = [c for c in docs["gansu2018"].clauses if c.text == "9.智能农业。"][0]
    assert (nine.role, nine.label, nine.path) == ("heading", "9.", "二、/（三）/9.")


def test_noisy_copy_has_the_same_outline(seed_texts):
    for name in ("gansu2026", "gansu2018", "sichuan"):
        clean = parse(source(seed_texts[name]))
        rough = parse(source(noisy(seed_texts[name], width=33)))
        shape = lambda d: [(i.level, normalize(i.label).canonical, i.number,
                            normalize(i.heading).canonical.rstrip("\n")) for i in d.walk()]
        assert shape(rough) == shape(clean), name
        assert rough.metadata.title == clean.metadata.title


# ---- command line ----------------------------------------------------------------------------

def test_outline_command_text(seed_paths):
    result = CliRunner().invoke(cli, ["outline", str(seed_paths["gansu2018"])])
    assert result.exit_code == 0, result.output
    assert "  （三） 推动人工智能与各行业融合创新" in result.output
    assert "    9. 智能农业  [lead 省农牧厅" not in result.output
    assert "    1. 开展新一代人工智能基础理论研究  [lead 省科技厅、省教育厅; with 省发展改革委、省工信委]" \
        in result.output


def test_outline_command_json(seed_paths):
    runner = CliRunner()
    args = ["outline", "--format", "json", str(seed_paths["sichuan"])]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0
    assert runner.invoke(cli, args).output == first.output        # deterministic
    data = json.loads(first.output)
    assert data["format"] == "versiondiff.outline/1"
    assert data["document"]["doc_number"] == "川办发〔2026〕14号"
    assert data["document"]["length"] == len(read_source(str(seed_paths["sichuan"])).text)
    assert len(data["document"]["sha256"]) == 64
    assert [i["label"] for i in data["items"]] == ["一、", "二、", "三、"]
    two = data["items"][1]["children"][1]
    assert two["units"]["lead"] == ["经济和信息化厅"] and two["level"] == 2
    assert "\\u" not in first.output


def test_normalize_command_prints_canonical_text(seed_paths):
    result = CliRunner().invoke(cli, ["normalize", str(seed_paths["jiangsu"])])
    assert result.exit_code == 0
    assert result.output.rstrip("\n") == read_document(str(seed_paths["jiangsu"])).text.canonical.rstrip("\n")
    masked = CliRunner().invoke(cli, ["normalize", "--mask-placeholders", str(seed_paths["jiangsu"])])
    assert "关键词1" not in masked.output


@pytest.mark.parametrize("command", ["normalize", "outline"])
@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, command, case):
    path = tmp_path / "input.txt"
    if case == "directory":
        path.mkdir()
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "binary":
        path.write_bytes(bytes(range(256)) * 8)
    result = CliRunner().invoke(cli, [command, str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in result.stderr


from hypothesis import given, settings  # noqa: E402

from test_normalize import TEXTS  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_clauses_and_items_are_consistent_for_any_text(original):
    doc = parse(source(original))
    canonical = doc.text.canonical
    seen = bytearray(len(canonical))
    previous = 0
    for k, clause in enumerate(doc.clauses):
        a, b = clause.canon
        assert clause.index == k and previous <= a < b
        previous = b
        seen[a:b] = b"\x01" * (b - a)
        assert clause.text == re.sub(r"\s", "", canonical[a:b]) != ""
        assert clause.text.startswith(clause.label)
    assert all(seen[i] or ch.isspace() for i, ch in enumerate(canonical))
    for item in doc.walk():
        first, last = item.clauses
        assert first < last and item.span == (doc.clauses[first].span[0], doc.clauses[last - 1].span[1])
        for child in item.children:
            assert first < child.clauses[0] and child.clauses[1] <= last


def test_parts_numbered_di_x_bufen_rank_above_chinese_numerals():
    doc = parse(source("第一部分 总体要求\n一、指导思想\n坚持创新。\n第二部分 重点任务\n一、智能农业\n研制系统。\n"))
    assert labels(doc.items) == ["第一部分", "第二部分"]
    assert [labels(i.children) for i in doc.items] == [["一、"], ["一、"]]
    assert doc.items[1].children[0].path == "第二部分/一、"


def test_a_heading_glued_after_a_sentence_still_starts_its_item():
    doc = parse(source("一、重点任务\n1.智能农业。研制系统。\n插入的一句话。2.智能金融。推广应用。\n"
                       "3.保障措施。主要包括:1.资金保障;2.人才保障。总之,4.5倍。\n"))
    assert numbers(doc.items[0].children) == [1, 2, 3]
    assert doc.items[0].children[1].heading == "智能金融"
    assert [c.text for c in doc.clauses if c.path == "一、/1."][-1] == "插入的一句话。"
    assert doc.items[0].children[2].is_leaf     # inline enumerations stay prose


def test_masking_leaves_the_metadata_as_written(seed_paths):
    doc = read_document(str(seed_paths["gansu2026"]), mask_places=True, mask_placeholders=True)
    assert doc.metadata.issuer == "甘肃省人民政府"
    assert "甘肃" not in doc.text.canonical   # the matching text is masked all the same


def test_metadata_is_shown_as_the_document_writes_it(seed_paths):
    from versiondiff.structure import as_written
    doc = read_document(str(seed_paths["jiangsu"]))
    assert doc.metadata.doc_number == "苏政发〔2025〕108号"            # compared in canonical form
    assert as_written(doc, doc.metadata.doc_number) == "蘇政發〔2025〕108號"  # shown as written
    assert as_written(doc, doc.metadata.title).startswith("省政府關於印發")
    sichuan = read_document(str(seed_paths["sichuan"]))  # a title wrapped over three lines reads as one
    assert as_written(sichuan, sichuan.metadata.title) == sichuan.metadata.title
    assert as_written(doc, "不在文中") == "不在文中" and as_written(doc, None) is None


# ---- laws and regulations: history from the front matter --------------------------------

REGULATION = """中华人民共和国计算机信息系统安全保护条例

1994年2月18日中华人民共和国国务院令第147号发布
2011年1月8日中华人民共和国国务院令第588号第一次修订
2015年3月1日中华人民共和国国务院令第653号第二次修订
2020年10月7日中华人民共和国国务院令第731号第三次修订

第一章　总则

第一条　为了保护计算机信息系统的安全，促进计算机的应用和发展，保障社会主义现代化建设的顺利进行，制定本条例。

第二条　本条例自发布之日起施行。
"""

CYBER_LAW = """# 中华人民共和国网络安全法

（2016年11月7日第十二届全国人民代表大会常务委员会第二十四次会议通过　根据2025年10月28日第十四届全国人民代表大会常务委员会第十八次会议《关于修改〈中华人民共和国网络安全法〉的决定》修正）

第一章　总则

第一条　为了保障网络安全，维护网络空间主权和国家安全、社会公共利益，保护公民、法人和其他组织的合法权益，促进经济社会信息化健康发展，制定本法。

第七十九条　本法自2017年6月1日起施行。
"""

ROC_LAW = """個人資料保護法

中華民國八十四年八月十一日總統（84）華總（一）義字第5960號令制定公布全文45條
中華民國九十九年五月二十六日總統華總一義字第09900125121號令修正公布名稱及全文56條
中華民國一百十二年五月三十一日總統華總一義字第11200045431號令修正公布第48、56條條文

第 1 條
為規範個人資料之蒐集、處理及利用，以避免人格權受侵害，並促進個人資料之合理利用，特制定本法。
第 2 條
本法用詞，定義如下。
"""


def parse_text(text: str, name: str = "law.txt"):
    from versiondiff.models import Source
    return parse(Source(ref=name, path=name, text=text, encoding="utf-8", sha256="0" * 64,
                        format="markdown" if name.endswith(".md") else "text"))


def test_a_regulation_with_three_revisions_has_four_events_and_the_last_date():
    meta = parse_text(REGULATION).metadata
    assert [(e.event, e.date, e.by) for e in meta.history] == [
        ("adopted", "1994-02-18", "中华人民共和国国务院令第147号"),
        ("revised", "2011-01-08", "中华人民共和国国务院令第588号"),
        ("revised", "2015-03-01", "中华人民共和国国务院令第653号"),
        ("revised", "2020-10-07", "中华人民共和国国务院令第731号")]
    assert meta.date == "2020-10-07" and meta.title == "中华人民共和国计算机信息系统安全保护条例"


def test_a_law_title_note_in_one_parenthesis():
    assert parse_text(CYBER_LAW, "law.md").metadata == parse_text(CYBER_LAW).metadata
    meta = parse_text(CYBER_LAW).metadata
    assert meta.title == "中华人民共和国网络安全法"  # a Markdown # is not part of it
    assert [(e.event, e.date) for e in meta.history] == [("adopted", "2016-11-07"),
                                                         ("amended", "2025-10-28")]
    assert meta.history[1].by.endswith("《关于修改〈中华人民共和国网络安全法〉的决定》")
    assert meta.date == "2025-10-28" and meta.effective == "2017-06-01"


def test_republic_of_china_dates_and_articles_on_their_own_line():
    doc = parse_text(ROC_LAW)
    assert [(e.event, e.date) for e in doc.metadata.history] == [
        ("adopted", "1995-08-11"), ("amended", "2010-05-26"), ("amended", "2023-05-31")]
    assert "華總一義字第11200045431號令" in as_written(doc, doc.metadata.history[-1].by)
    assert [(i.label, i.heading[:4]) for i in doc.items] == [("第 1 條", "為規範個"), ("第 2 條", "本法用詞")]


def test_database_fields_and_hong_kong_commencement():
    meta = parse_text("法規名稱：個人資料保護法\n最新異動日期：民國 112 年 05 月 31 日\n\n第 1 條\n為規範個人資料之蒐集，特制定本法。\n").metadata
    assert meta.title == "个人资料保护法" and meta.date == "2023-05-31"
    meta = parse_text("防止賄賂條例\n\n[1971年5月14日]\n\n第1條　本條例可引稱為《防止賄賂條例》。\n").metadata
    assert meta.effective == "1971-05-14" and meta.history == ()
