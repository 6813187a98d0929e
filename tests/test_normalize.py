"""Normalization on the real seeds: script, width, spaces, joined lines, boilerplate, offset map."""
from __future__ import annotations

import random
import re
import unicodedata

import opencc
import pytest

from versiondiff.normalize import MASK, fold_char, normalize
from versiondiff.sources import read_source

T2S = opencc.OpenCC("t2s")
S2T = opencc.OpenCC("s2t")


@pytest.fixture(scope="module")
def canon(seed_texts):
    """Return the default canonical Text of every seed."""
    return {name: normalize(text) for name, text in seed_texts.items()}


def lines(text):
    return text.canonical.split("\n")


# ---- the offset map --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["gansu2026", "summary", "gansu2018", "jiangsu", "sichuan"])
def test_every_canonical_character_maps_to_its_original(canon, name):
    text = canon[name]
    assert len(text.starts) == len(text.ends) == len(text.canonical)
    previous_end = 0
    for i, ch in enumerate(text.canonical):
        s, e = text.starts[i], text.ends[i]
        assert 0 <= s <= e <= len(text.original)
        assert s >= previous_end or text.canonical[i] == " ", i   # in reading order, no overlap
        previous_end = e
        source = text.original[s:e]
        if ch == "\n":
            assert source in ("\n", "\r\n", "\r")
        elif ch == " ":
            assert source.isspace() and source
        else:
            assert len(source) == 1
            assert T2S.convert(fold_char(source)) == ch


def test_normalization_never_loses_a_non_space_character(canon):
    for name, text in canon.items():
        kept = bytearray(len(text.original))
        for s, e in zip(text.starts, text.ends):
            kept[s:e] = b"\x01" * (e - s)
        for s, e in text.ignored:
            kept[s:e] = b"\x01" * (e - s)
        lost = [ch for ch, k in zip(text.original, kept) if not k and not ch.isspace()]
        assert lost == [], name


# ---- script, width, spaces --------------------------------------------------------------

def test_jiangsu_reads_as_simplified_with_its_placeholder_kept(canon):
    text = canon["jiangsu"].canonical
    assert T2S.convert(text) == text
    assert text.count("关键词1") >= 10
    for wrong, right in (("全麵", "全面"), ("係統", "系统"), ("製定", "制定")):
        assert wrong not in text
        assert right in text
    assert "苏政发〔2025〕108号" in text


def test_full_and_half_width_punctuation_compare_equal():
    full = normalize("一是加强协同，推进（试点）：建设；完善。")
    half = normalize("一是加强协同,推进(试点):建设;完善。")
    assert full.canonical == half.canonical
    assert normalize("23﹒降低成本。").canonical == normalize("23．降低成本。").canonical == "23.降低成本。"


def test_spaces_between_chinese_characters_carry_no_meaning():
    text = normalize("\u3000\u3000人工\u2002智能\u00a0产业 集群\t发展")
    assert text.canonical == "人工智能产业集群发展"
    assert normalize("Token  券 与 AI Agent 1 2").canonical == "Token券与AI Agent 1 2"


def test_expansions_map_to_the_source_character():
    text = normalize("等等…完成")
    assert text.canonical == "等等...完成"
    assert [text.original[s:e] for s, e in zip(text.starts[2:5], text.ends[2:5])] == ["…"] * 3


# ---- line joining ------------------------------------------------------------------------

def test_sichuan_page_broken_words_are_whole_and_title_is_one_line(canon):
    text = canon["sichuan"].canonical
    for phrase in ("构建人工智能国产生态", "不少于5个典型场景", "省国防科技工业大数据服务管理平台",
                   "支持农产品智能分选、无损检测、农产品溯源等人工智能技术应用。抓好高标准农田建设"):
        assert phrase in text
    assert lines(canon["sichuan"])[0] == \
        "四川省人民政府办公厅关于印发《四川省加快推进“人工智能+”一号创新工程实施方案》的通知"
    assert "四川省加快推进“人工智能+”一号创新工程实施方案" in lines(canon["sichuan"])
    # the signature and the date are not glued to anything
    assert "四川省人民政府办公厅" in lines(canon["sichuan"])
    assert "2026年5月5日" in lines(canon["sichuan"])


def test_jiangsu_title_wrapped_over_two_lines_is_one_line(canon):
    assert "省政府关于印发关键词1省“人工智能+”行动方案的通知" in lines(canon["jiangsu"])
    assert "(苏政发〔2025〕108号)" in lines(canon["jiangsu"])


def test_headings_and_header_lines_stay_lines_of_their_own(canon):
    g = lines(canon["gansu2026"])
    for line in ("一、总体要求", "二、重点实施领域", "(一)科学技术领域。", "甘政发〔2026〕1号",
                 "甘肃省人民政府", "2026年1月6日", "(此件公开发布)", "深入实施“人工智能+”行动方案",
                 "•时间:2026-01-08", "•来源:省政府办公厅"):
        assert line in g
    old = lines(canon["gansu2018"])
    assert "一、总体要求" in old and "(一)指导思想。" in old and "--创新引领。积极把握" in "\n".join(old)
    # every paragraph of the 2018 plan starts on its own line: no heading was merged into prose
    assert sum(1 for line in old if re.match(r"\([一二三四五六]\)", line)) == 3 + 6 + 3


def test_hard_wraps_are_joined_but_paragraph_ends_kept():
    text = normalize("一、总体要求\n为贯彻落实国务院关于人工智能的部署，\n结合本省实际，制定本方案。\n"
                     "到2027年，\n\n形成一批典型场景。\n二、重点任务\n")
    assert text.canonical == ("一、总体要求\n为贯彻落实国务院关于人工智能的部署,结合本省实际,制定本方案。\n"
                              "到2027年,形成一批典型场景。\n二、重点任务\n")


def test_a_line_before_a_numbered_item_is_not_joined():
    text = normalize("(一)基本原则，如下\n1.创新引领。\n")
    assert text.canonical == "(一)基本原则,如下\n1.创新引领。\n"


# ---- boilerplate ---------------------------------------------------------------------------

def test_gansu_banner_and_trailing_file_name_are_set_aside(canon):
    text = canon["gansu2026"]
    ignored = [text.original[s:e] for s, e in text.ignored]
    assert ignored == ["欢迎访问甘肃经济信息网!", "首页 / 文件汇编/ 正文",
                       "甘肃省人民政府关于印发深入实施“人工智能+”行动方案的通知.PDF"]
    assert "欢迎访问" not in text.canonical and "PDF" not in text.canonical
    assert lines(text)[0] == "甘肃省人民政府关于印发深入实施“人工智能+”行动方案的通知"


def test_portal_lines_in_any_script_are_boilerplate():
    text = normalize("歡迎訪問本省政府門戶網站!\n首頁 > 政策文件 > 正文\n正文第一句。\n【打印本頁】【關閉窗口】\n")
    assert text.canonical == "正文第一句。\n"
    assert len(text.ignored) == 3


# ---- noise invariance (the eval generator's noise) ------------------------------------

def noisy(text: str, seed: int = 7, width: int = 33) -> str:
    """Return ``text`` as synth.py --noise renders it: traditional, flipped width, hard wraps, banner."""
    rng = random.Random(seed)
    flip = {"，": ",", "（": "(", "）": ")", "：": ":", "；": ";",
            ",": "，", "(": "（", ")": "）", ":": "：", ";": "；"}
    out = ["欢迎访问本省政府门户网站!\n首页 / 政策文件 / 正文\n"]
    for line in text.split("\n"):
        line = line.strip().replace("\u3000", "")
        if not line:
            continue
        line = "".join(flip.get(c, c) for c in S2T.convert(line))
        pieces = [line[i:i + width] for i in range(0, len(line), width)]
        out.append("".join(p + ("\n\n" if rng.random() < 0.15 else "\n") for p in pieces[:-1]))
        out.append(pieces[-1] + "\n")
    out.append("【打印本页】【关闭窗口】\n")
    return "".join(out)


@pytest.mark.parametrize("name", ["gansu2026", "gansu2018", "sichuan"])
@pytest.mark.parametrize("width", [28, 40])
def test_noise_changes_nothing_but_paragraph_breaks(seed_texts, name, width):
    clean = normalize(seed_texts[name]).canonical
    rough = normalize(noisy(seed_texts[name], width=width)).canonical
    assert rough.replace("\n", "") == clean.replace("\n", "")
    # hard wraps are joined: about as many paragraphs as before, far fewer than lines
    assert abs(rough.count("\n") - clean.count("\n")) <= clean.count("\n") // 10 + 2


# ---- encodings ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["gansu2026", "summary", "gansu2018", "jiangsu", "sichuan"])
def test_gb18030_copy_reads_to_the_same_canonical_text(seed_paths, tmp_path, name):
    original = read_source(str(seed_paths[name]))
    copy = tmp_path / "copy.txt"
    copy.write_bytes(original.text.encode("gb18030"))
    source = read_source(str(copy))
    assert source.encoding == "gb18030"
    assert normalize(source.text).canonical == normalize(original.text).canonical


def test_big5_copy_of_a_traditional_text_reads_to_the_same_canonical_text(seed_paths, tmp_path):
    original = read_source(str(seed_paths["jiangsu"]))
    # Big5 cannot encode the simplified placeholder 关键词1 (nor the table's simplified
    # cells): write the traditional body with the province name in its place
    body = original.text[original.text.index("為貫徹落實"):].replace("关键词1", "江蘇")
    assert "\ufe52" in body
    copy = tmp_path / "big5.txt"
    copy.write_bytes(body.encode("big5"))
    source = read_source(str(copy))
    assert source.encoding == "big5"
    assert normalize(source.text).canonical == normalize(body).canonical
    assert "江苏" in normalize(source.text).canonical


# ---- masking hooks --------------------------------------------------------------------

def test_masks_are_off_by_default_and_make_provinces_align_when_on():
    a, b = "甘肃省人民政府关于印发陇原方案", "关键词1省人民政府关于印发陇原方案"
    assert normalize(a).canonical != normalize(b).canonical
    masked_a = normalize(a, mask_places=True, mask_placeholders=True)
    masked_b = normalize(b, mask_places=True, mask_placeholders=True)
    assert masked_a.canonical == masked_b.canonical == MASK + "省人民政府关于印发" + MASK + "方案"
    # the mask character maps to the whole name it replaced
    assert masked_b.original_span(0, 1) == (0, 4)


def test_aliases_map_old_department_names(canon, seed_texts):
    text = normalize(seed_texts["gansu2018"], aliases=True)
    assert "省工信委" not in text.canonical and "省农牧厅" not in text.canonical
    assert "省工业和信息化厅" in text.canonical and "省农业农村厅" in text.canonical
    i = text.canonical.index("省工业和信息化厅")
    s, e = text.original_span(i, i + len("省工业和信息化厅"))
    assert text.original[s:e] == "省工信委"
    assert len(text.starts) == len(text.canonical)


def test_markdown_heading_markers_are_not_content():
    text = normalize("# 总则\n\n## 一、总体要求\n正文。\n", markdown=True)
    assert text.canonical == "总则\n一、总体要求\n正文。\n"
    assert text.original[text.starts[0] - 2:text.starts[0]] == "# "


def test_width_folding_matches_nfkc_for_ascii_forms():
    for code in range(0xFF01, 0xFF5F):
        ch = chr(code)
        assert normalize("中" + ch + "文").canonical[1] == unicodedata.normalize("NFKC", ch)


def test_a_file_name_glued_to_the_last_sentence_is_set_aside_alone():
    text = normalize("第一句。\n推动全要素智能化发展。甘肃省人民政府关于印发\n行动方案的通知.PDF\n")
    assert text.canonical == "第一句。\n推动全要素智能化发展。\n"
    assert [text.original[s:e] for s, e in text.ignored] == ["甘肃省人民政府关于印发", "行动方案的通知.PDF"]


# ---- properties on arbitrary text -----------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

ALPHABET = ("一二三人工智能发展甘肃省方案通知关於國際係統製定。，,、；;：:！？!?（）()〔〕“”《》"
            "0123456789abXY .﹒．\u3000\u2002\u00a0\t#|-…\n\n\n")
PIECES = st.one_of(st.sampled_from(list(ALPHABET)),
                   st.sampled_from(["关键词1", "一、", "（二）", "3.", "第 1 條", "欢迎访问本站!\n",
                                    "首页 / 正文\n", "通知.PDF\n", "\r\n", "(责任单位:省科技厅)"]))
TEXTS = st.lists(PIECES, min_size=1, max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_the_map_is_exact_for_any_text(original):
    text = normalize(original)
    assert len(text.starts) == len(text.ends) == len(text.canonical)
    assert "\n\n" not in text.canonical and not text.canonical.startswith("\n")
    covered = bytearray(len(original))
    last, previous = 0, None
    for i, ch in enumerate(text.canonical):
        s, e = text.starts[i], text.ends[i]
        assert (last <= s or (s, e) == previous) and s <= e <= len(original)
        last, previous = (e if ch != " " else s), (s, e)
        covered[s:e] = b"\x01" * (e - s)
        if ch not in " \n":
            assert e - s == 1 and ch in T2S.convert(fold_char(original[s]))
    for s, e in text.ignored:
        covered[s:e] = b"\x01" * (e - s)
    assert all(c or ch.isspace() for ch, c in zip(original, covered))


@pytest.mark.parametrize("name", ["gansu2026", "sichuan"])
def test_windows_line_endings_read_the_same(seed_texts, name):
    unix = normalize(seed_texts[name])
    dos = normalize(seed_texts[name].replace("\n", "\r\n"))
    assert dos.canonical == unix.canonical
    first_break = dos.canonical.index("\n")
    s, e = dos.starts[first_break], dos.ends[first_break]
    assert dos.original[s:e] == "\r\n"
