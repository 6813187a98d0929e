"""The words of the HTML reports in Chinese (zh-Hans) and English, and which one a page speaks.

Every label, button, help text and message a report shows comes from here,
so the two interfaces say the same things.  The default follows the
documents: Chinese documents get the Chinese interface.

>>> labels("zh").all, labels("en").all
('全部', 'All')
>>> page_language(["甘肃省人民政府关于印发行动方案的通知"]), page_language(["An English summary"])
('zh', 'en')
"""
from __future__ import annotations

from typing import Iterable, Optional

from markupsafe import Markup

__all__ = ["LANGUAGES", "Labels", "labels", "page_language", "script_of", "kind_label", "html_lang", "text_lang"]

LANGUAGES = ("zh", "en")

#: What a reader sees for each record kind (and the change list's kinds), per language.
KINDS = {
    "zh": {"equal": "相同", "changed": "修改", "moved": "移动", "renumbered": "重新编号", "inserted": "新增",
           "deleted": "删除", "split": "拆分", "merged": "合并", "ignored": "已略去", "moved-from": "移出",
           "same": "未改", "rewritten": "改写"},
    "en": {"equal": "unchanged", "changed": "changed", "moved": "moved", "renumbered": "renumbered",
           "inserted": "inserted", "deleted": "deleted", "split": "split", "merged": "merged",
           "ignored": "set aside", "moved-from": "moved away", "same": "same", "rewritten": "rewritten"},
}

_WORDS = {
    "zh": {
        "pair_kicker": "versiondiff · 对照报告", "synopsis_kicker": "versiondiff · 多文件综览",
        "mode_version": "修订比对", "mode_cross": "跨文件比对",
        "old": "旧版", "new": "新版", "document": "文件",
        "issuer": "发文机关", "number": "文号", "date": "日期", "published": "发布", "source": "来源",
        "text": "正文", "characters": "字", "sha_title": "文件的 SHA-256",
        "similarity_name": "文本相同率", "similarity_help": "两版正文中逐字相同的字数所占比例（规范化之后）",
        "row_similarity": "本条相同率", "summary": "概要",
        "changes_n": "处实质性修改", "renumbered_apart": "处仅重新编号（另计）", "pairs_n": "组对应条目",
        "change_list": "修改一览", "change_list_legend": "每个改动的条目一行：类型、原条号 → 新条号、摘录；点击跳到正文。仅重新编号的条目另计，不列入。",
        "topic_table": "任务对照", "topic_table_legend": "两版差异很大（改写）：旧版各项任务对应新版哪一项，按新版顺序；类型说明如何对应（改写、移动、拆分、合并），相同率为两项文字的相同比例。",
        "col_kind": "类型", "col_old": "旧版条目", "col_new": "新版条目", "col_excerpt": "摘录", "col_sim": "相同率",
        "no_changes": "两版正文没有实质性修改。",
        "only_old": "旧版独有的条目", "only_new": "新版新增的条目", "items_word": "项",
        "toolbar": "筛选与导航", "show": "显示", "all": "全部", "changes_only": "仅修改",
        "moved": "移动", "inserted": "新增", "deleted": "删除", "show_renumbering": "显示重新编号",
        "nav_group": "在修改之间移动", "prev": "上一处", "next": "下一处", "prev_title": "上一处修改（k）",
        "next_title": "下一处修改（j）", "help": "帮助", "help_title": "键盘帮助（?）",
        "contents": "目录", "map": "对照图", "heading_preamble": "标题与前言",
        "map_summary": "对照图：旧版 {old} 个、新版 {new} 个部分对应",
        "map_legend": "左为旧版结构，右为新版结构。每条色带连接两个对应的部分，颜色越深越相似；连续不变的部分合为一段；虚线框表示没有对应的部分。下方的修改一览是同样内容的文字版。",
        "map_label": "旧版结构与新版结构的对应关系",
        "aligned_text": "对照正文", "unchanged_n": "… {n} 条未改动 …", "renumbered_in": "，其中 {n} 条仅重新编号",
        "changes_in_part": "处修改", "toc_count_title": "本部分的修改数",
        "set_aside": "已略去：网页栏目等非正文内容", "units": "责任单位", "lead": "牵头",
        "lead_unit": "牵头单位", "resp_unit": "责任单位", "added": "，新增", "removed": "，删去",
        "role_changed": "角色改变", "in_new": "新版中：", "in_old": "旧版中：", "alike": "相同",
        "gap": "中间另有文字", "renumbered_note": "重新编号", "split_into": "拆分为 {n} 款",
        "merged_from": "由 {n} 款合并", "moved_from": "由旧版 {where} 移来", "moved_to": "移至新版 {where}",
        "elsewhere": "别处", "below": "下文", "moved_away": "移出",
        "keyboard": "键盘", "next_change": "下一处修改", "prev_change": "上一处修改", "next_topic": "下一个主题",
        "prev_topic": "上一个主题", "key_all": "显示全部", "key_changes": "仅显示修改", "key_moved": "移动的条款",
        "key_inserted": "新增的条款", "key_deleted": "删除的条款", "key_renumbering": "显示或隐藏重新编号",
        "key_help": "本帮助", "key_close": "关闭", "close": "关闭",
        "help_text": "带删除线的文字只在旧版中；带下划线的文字是新增的。“移出”一行标明被移动条款的原位置，链接通往新位置并可返回。仅重新编号的条目默认折叠在“未改动”之中，不着色，j/k 跳过。",
        "made_by": "由 versiondiff {version} 生成", "on": "，生成于 ", "self_contained": "本页自成一体，不从网络加载任何内容。",
        "skip": "跳到正文", "shown": "处显示", "changes_word": "处修改", "topics_word": "个主题",
        "nothing": "没有这一类的内容。",
        # synopsis
        "synopsis_title": "综览", "sections_nav": "栏目与导航", "similarity": "相似度", "topics": "主题",
        "only_here": "独有内容", "texts": "全文", "topics_nav": "在主题之间移动",
        "prev_topic_title": "上一个主题（k）", "next_topic_title": "下一个主题（j）",
        "matrix_title": "文件之间的相似程度",
        "matrix_legend": "每两份文件的正文逐款比对后相同文字所占比例（规范化之后：字形、全半角、条款中的地名已屏蔽）。颜色深浅相对于最相似的一对。",
        "topics_title": "主题对照",
        "topics_legend": "每个主题一行，每份文件一列：相互对应的部分，最相似的在前，百分比是与本行第一项相同的文字比例。<mark>高亮</mark>的短语在另一份文件中逐字出现。共 {n} 个主题。",
        "topic": "主题", "of_docs": "{present}/{total} 份文件", "not_addressed": "未涉及",
        "unique_title": "只有一份文件有的内容",
        "unique_legend": "{share} 的正文与其他文件都不相同；{n} 个部分没有对应。",
        "all_matched": "每个部分在别的文件中都有对应。", "texts_title": "全文", "also_in": "也见于",
        # history (versiondiff history SERIES --format html)
        "history_kicker": "versiondiff · 版本沿革 ·", "versions_n": "{n} 个版本", "title_sep": "：",
        "clauses_in": "{v} 版的条款", "origins": "{v} 版正文的来源",
        "origins_label": "{v} 版正文按各条首次出现的版本所占比例", "bar_title": "{v} 版：{n} 条，占正文 {share}",
        "clauses_n": "{n} 条", "chip_changed": "条出现后修改过", "chip_kept": "条沿用未改",
        "chip_new": "条为 {v} 版新增", "chip_grown": "项源自早先版本（共 {total} 项）", "chip_dropped": "条在沿革中删去",
        "show_clauses": "显示条款", "filter_changed": "修改过", "filter_kept": "沿用未改", "filter_new": "{v} 版新增",
        "clause_nav": "在修改过的条款之间移动", "prev_clause_title": "上一条修改过的条款（k）",
        "next_clause_title": "下一条修改过的条款（j）", "changed_clauses_word": "条修改过的条款",
        "clauses_shown": "条显示",
        "timeline": "版本时间线", "items_origins": "条目及其由来", "items_count_title": "{v} 版的条目数",
        "clauses_of": "{v} 版条款", "part_count_title": "本部分修改过的条款数", "dropped_title": "沿革中删去的条款",
        "text_matches": "文本相同率 {pct}",
        "status_draft": "草案", "status_final": "定稿", "status_revised": "修订稿", "newest": "最新",
        "stored_sha_title": "所存文件的 SHA-256",
        "first_here": "{newest} 版有 {n} 条首次出现于此（占其正文 {share}）",
        "none_here": "{newest} 版没有始于此版的条款", "changed_here": "{n} 条在此版修改",
        "dropped_here": "{n} 条在此版删去", "list_sep": "；", "stop": "。",
        "items_title": "{v} 版条目及其由来",
        "items_legend": "{v} 版的每个编号条目（以及条目之间的文字），连同早先版本中与之对应的部分及其相似程度。"
                        "{total} 项中有 {grown} 项源自早先版本，其余为 {v} 版新增。",
        "col_item_of": "{v} 版条目", "col_grew_out": "由来", "new_in": "{v} 版新增",
        "clauses_legend": "{v} 版的每一条，按阅读顺序排列：它首次出现的版本，以及此后修改它的每个版本和修改后的相似程度。"
                          "比对指明了改动的字时，现行文本中<ins>新增</ins>的字加下划线，最初文本中<del>删去</del>的字加删除线。",
        "n_changed": "{n} 条修改", "first_in": "首次出现于 {v} 版", "new_note": "新增", "was_in": "{v} 版：",
        "item_origin_title": "本条目的由来", "lineage_of": "↑ {label} 的由来",
        "in_before": "于 ", "in_after": " 版", "unchanged_since": "自 {v} 版沿用未改",
        "dropped_in": "{version} 版删去 {source} 版的 {n} 条",
        "nothing_dropped": "无：每个版本的每一条都保留到了下一版。",
        "outside_parts": "编号部分以外的文字",
        "key_next_clause": "下一条修改过的条款", "key_prev_clause": "上一条修改过的条款",
        "key_all_clauses": "显示全部条款", "key_changed_clauses": "出现后修改过的条款",
        "key_kept_clauses": "沿用未改的条款", "key_new_clauses": "{v} 版新增的条款",
        "history_help": "每一条都标明它首次出现的版本。带<ins>下划线</ins>的字是最新版本加上的；"
                        "带<del>删除线</del>的字见于该条最初的文本，后来被删去。",
        # trace (versiondiff trace --format html)
        "trace_kicker": "versiondiff · 文本溯源", "min_passages": "不少于 {n} 字的段落",
        "trace_title": "{n} 份文件的文本来源", "trace_nav": "在复用段落之间移动",
        "prev_passage_title": "上一段复用文字（k）", "next_passage_title": "下一段复用文字（j）",
        "passages_word": "段复用文字", "who_reuses": "谁复用了谁", "who_reuses_note": "（取自各来源的字数）",
        "matrix_corner": "文件 ↓ · 来源 →", "flow_title": "从来源到文件的流向",
        "flow_label": "复用文字的流向：左为来源，右为文件", "flow_band": "{doc} 复用 {source} 的 {chars} 字，共 {n} 段",
        "no_reuse": "没有文件复用其他文件的段落。",
        "level_national": "国家级", "level_provincial": "省级", "level_municipal": "市级", "level_unknown": "层级不明",
        "reused_share": "复用 {pct}（全文 {total} 字中的 {n} 字）", "from_sources": "来源：", "source_sep": "、",
        "passage_verbatim": "照录", "passage_edited": "改写", "passage_from": "{kind}自 {source}",
        "first_here_also": "首见于此；另见于 {refs}",
    },
    "en": {
        "pair_kicker": "versiondiff · change report", "synopsis_kicker": "versiondiff · synopsis",
        "mode_version": "version mode", "mode_cross": "cross mode",
        "old": "Old", "new": "New", "document": "Document",
        "issuer": "Issuer", "number": "Number", "date": "Date", "published": "Published", "source": "Source",
        "text": "Text", "characters": "characters", "sha_title": "SHA-256 of the file",
        "similarity_name": "text match", "similarity_help": "share of the characters of both texts that match word for word (after normalization)",
        "row_similarity": "match of this record", "summary": "Summary",
        "changes_n": "substantive changes", "renumbered_apart": "only renumbered (counted apart)", "pairs_n": "corresponding parts",
        "change_list": "Changes at a glance", "change_list_legend": "One row per changed item: kind, old → new number, an excerpt; select one to read it. Items only renumbered are counted apart, not listed.",
        "topic_table": "Tasks old → new", "topic_table_legend": "The texts differ widely (a rewrite): which old task each new task corresponds to, in the new order; the kind says how (rewritten, moved, split, merged), the figure is the share of their text that matches.",
        "col_kind": "Kind", "col_old": "Old item", "col_new": "New item", "col_excerpt": "Excerpt", "col_sim": "Match",
        "no_changes": "No substantive change between the two texts.",
        "only_old": "Items only in the old text", "only_new": "Items new in the new text", "items_word": "items",
        "toolbar": "Filters and navigation", "show": "Show", "all": "All", "changes_only": "Changes only",
        "moved": "Moved", "inserted": "Inserted", "deleted": "Deleted", "show_renumbering": "Show renumbering",
        "nav_group": "Move between changes", "prev": "Previous", "next": "Next", "prev_title": "Previous change (k)",
        "next_title": "Next change (j)", "help": "Help", "help_title": "Keyboard help (?)",
        "contents": "Contents", "map": "Alignment map", "heading_preamble": "Heading and preamble",
        "map_summary": "Alignment map: {old} old and {new} new parts correspond",
        "map_legend": "The old outline on the left, the new on the right. Each band joins two parts that correspond, darker when more alike; runs of unchanged parts are drawn as one; a part with a dashed border has no counterpart. The change list above says the same in words.",
        "map_label": "How the outline of the old document maps onto the new",
        "aligned_text": "Aligned text", "unchanged_n": "… {n} unchanged …", "renumbered_in": ", {n} of them only renumbered",
        "changes_in_part": "changes", "toc_count_title": "changes in this part",
        "set_aside": "Set aside: page furniture, not part of the text", "units": "Responsible units", "lead": "lead",
        "lead_unit": "lead unit", "resp_unit": "responsible unit", "added": ", added", "removed": ", removed",
        "role_changed": "role changed", "in_new": "in the new text:", "in_old": "in the old text:", "alike": "alike",
        "gap": "other text stands between", "renumbered_note": "renumbered", "split_into": "split into {n} clauses",
        "merged_from": "merged from {n} clauses", "moved_from": "moved from old {where}", "moved_to": "moved to new {where}",
        "elsewhere": "elsewhere", "below": "below", "moved_away": "moved away",
        "keyboard": "Keyboard", "next_change": "next change", "prev_change": "previous change", "next_topic": "next topic",
        "prev_topic": "previous topic", "key_all": "show all rows", "key_changes": "changes only", "key_moved": "moved clauses",
        "key_inserted": "inserted clauses", "key_deleted": "deleted clauses", "key_renumbering": "show or hide renumbering",
        "key_help": "this help", "key_close": "close", "close": "Close",
        "help_text": "Struck-through text was in the old document only; underlined text is new. A row marked “moved away” shows where a moved clause used to be; its link leads to where it went, and back. Items only renumbered are folded into the unchanged runs, untinted, and j/k skip them.",
        "made_by": "Made by versiondiff {version}", "on": " on ", "self_contained": "This page is self-contained: it loads nothing from the network.",
        "skip": "Skip to the content", "shown": "shown", "changes_word": "changes", "topics_word": "topics",
        "nothing": "No rows of this kind.",
        "synopsis_title": "Synopsis", "sections_nav": "Sections and navigation", "similarity": "Similarity", "topics": "Topics",
        "only_here": "Only here", "texts": "Texts", "topics_nav": "Move between topics",
        "prev_topic_title": "Previous topic (k)", "next_topic_title": "Next topic (j)",
        "matrix_title": "How alike the documents are",
        "matrix_legend": "Share of each pair's text that matches, clause by clause, after normalization (script, width, place names in clauses masked). Shades are relative to the most similar pair.",
        "topics_title": "Topics side by side",
        "topics_legend": "One row per topic, one column per document: parts that correspond, most alike first, with the percentage of text they share with the row's first part. <mark>Highlighted</mark> phrases appear word for word in another document. {n} topics.",
        "topic": "Topic", "of_docs": "{present} of {total}", "not_addressed": "not addressed",
        "unique_title": "What only one document has",
        "unique_legend": "{share} of its text matches nothing in the other documents; {n} parts without a counterpart.",
        "all_matched": "Every part has a counterpart elsewhere.", "texts_title": "The texts", "also_in": "also in",
        "history_kicker": "versiondiff · history of", "versions_n": "{n} versions", "versions_n_one": "{n} version",
        "title_sep": ": ",
        "clauses_in": "clauses in {v}", "clauses_in_one": "clause in {v}", "origins": "Where the text of {v} comes from",
        "origins_label": "Share of the text of {v} by the version it first appeared in",
        "bar_title": "{v}: {n} clauses, {share} of the text", "bar_title_one": "{v}: {n} clause, {share} of the text",
        "clauses_n": "{n} clauses", "clauses_n_one": "{n} clause",
        "chip_changed": "changed since they appeared", "chip_kept": "carried over unchanged",
        "chip_new": "new in {v}", "chip_grown": "of {total} items grew out of earlier ones",
        "chip_grown_one": "of {total} item grew out of earlier ones", "chip_dropped": "dropped on the way",
        "show_clauses": "Show clauses", "filter_changed": "Changed", "filter_kept": "Carried over", "filter_new": "New in {v}",
        "clause_nav": "Move between changed clauses", "prev_clause_title": "Previous changed clause (k)",
        "next_clause_title": "Next changed clause (j)", "changed_clauses_word": "changed clauses",
        "changed_clauses_word_one": "changed clause", "clauses_shown": "shown",
        "timeline": "Timeline", "items_origins": "Items and their origins", "items_count_title": "items of {v}",
        "clauses_of": "Clauses of {v}", "part_count_title": "changed clauses in this part",
        "dropped_title": "Dropped on the way",
        "text_matches": "{pct} of the text matches",
        "status_draft": "draft", "status_final": "final", "status_revised": "revised", "newest": "newest",
        "stored_sha_title": "SHA-256 of the stored file",
        "first_here": "{n} clauses of {newest} first appeared here ({share} of its text)",
        "first_here_one": "{n} clause of {newest} first appeared here ({share} of its text)",
        "none_here": "no clause of {newest} dates from here", "changed_here": "{n} changed here",
        "dropped_here": "{n} dropped here", "list_sep": "; ", "stop": ".",
        "items_title": "Items of {v} and what they grew out of",
        "items_legend": "Each numbered item (and each stretch of text between items) of {v}, with the parts of "
                        "earlier versions that correspond to it and how alike they are. {grown} of {total} grew out "
                        "of earlier parts; the others are new in {v}.",
        "col_item_of": "Item of {v}", "col_grew_out": "Grew out of", "new_in": "new in {v}",
        "clauses_legend": "Every clause of {v}, in reading order: the version it first appeared in, and each later "
                          "version that changed it, with how alike the clause stayed. Where the comparisons say which "
                          "characters changed, <ins>added</ins> ones are underlined in the text now and "
                          "<del>removed</del> ones struck through in the text it first had.",
        "n_changed": "{n} changed", "first_in": "first appeared in {v}", "new_note": "new", "was_in": "in {v}:",
        "item_origin_title": "where this item came from", "lineage_of": "↑ lineage of {label}",
        "in_before": "in ", "in_after": "", "unchanged_since": "unchanged since {v}",
        "dropped_in": "Dropped in {version}: {n} clauses of {source}",
        "dropped_in_one": "Dropped in {version}: {n} clause of {source}",
        "nothing_dropped": "Nothing: every clause of every version lives on in the next.",
        "outside_parts": "Text outside the numbered parts",
        "key_next_clause": "next changed clause", "key_prev_clause": "previous changed clause",
        "key_all_clauses": "show all clauses", "key_changed_clauses": "changed since they appeared",
        "key_kept_clauses": "carried over unchanged", "key_new_clauses": "new in {v}",
        "history_help": "Each clause shows the version it first appeared in. <ins>Underlined</ins> characters were "
                        "added by the newest version; <del>struck-through</del> ones were in the clause's first text "
                        "and later removed.",
        "trace_kicker": "versiondiff · trace", "min_passages": "passages of {n}+ characters",
        "trace_title": "Provenance of {n} documents", "trace_title_one": "Provenance of {n} document",
        "trace_nav": "Move between reused passages",
        "prev_passage_title": "Previous reused passage (k)", "next_passage_title": "Next reused passage (j)",
        "passages_word": "reused passages", "passages_word_one": "reused passage",
        "who_reuses": "Who reuses whom", "who_reuses_note": "(characters taken from each source)",
        "matrix_corner": "document ↓ · source →", "flow_title": "Flow from sources to documents",
        "flow_label": "Flow of reused text from sources (left) to documents (right)",
        "flow_band": "{doc} reuses {chars} characters of {source} in {n} passages",
        "flow_band_one": "{doc} reuses {chars} characters of {source} in {n} passage",
        "no_reuse": "No document reuses a passage of another.",
        "level_national": "national", "level_provincial": "provincial", "level_municipal": "municipal",
        "level_unknown": "unknown",
        "reused_share": "{pct} reused ({n} of {total} characters)", "from_sources": "from ", "source_sep": ", ",
        "passage_verbatim": "verbatim", "passage_edited": "edited", "passage_from": "{kind} from {source}",
        "first_here_also": "first here; also in {refs}",
    },
}


class Labels(dict):
    """The words of one interface language, readable as attributes in templates (``t.all``).

    A phrase with a number has, in English, a ``<key>_one`` form for one:

    >>> labels("en").say("versions_n", 1), labels("en").say("versions_n", 3), labels("zh").say("versions_n", 1)
    ('1 version', '3 versions', '1 个版本')
    >>> print(labels("zh").markup("was_in", v="<2>"))
    &lt;2&gt; 版：
    """

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def _phrase(self, key: str, n: Optional[int]) -> str:
        """Return the phrase of ``key``, its ``_one`` form when ``n`` is 1 and the language has one."""
        return self.get(f"{key}_one", self[key]) if n == 1 else self[key]

    def say(self, key: str, n: Optional[int] = None, **fields: object) -> str:
        """Return a phrase with its fields filled in (``{n}`` is ``n``): plain text, for the view models."""
        return self._phrase(key, n).format(n=n, **fields)

    def markup(self, key: str, n: Optional[int] = None, **fields: object) -> Markup:
        """Return a phrase of ours as markup, its fields escaped (markup given as a field is kept)."""
        return Markup(self._phrase(key, n)).format(n=n, **fields)


def labels(lang: str) -> Labels:
    """Return the words of an interface language (``zh`` or ``en``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown interface language {lang!r} (expected zh or en)")
    out = Labels(_WORDS[lang])
    out["lang"] = lang
    out["html_lang"] = "zh-Hans" if lang == "zh" else "en"
    out["kinds"] = KINDS[lang]
    return out


def kind_label(kind: str, lang: str) -> str:
    """Return what a badge says for a record kind."""
    return KINDS[lang].get(kind, kind)


def _cjk_share(text: str) -> float:
    """Return the share of letters in a text that are CJK ideographs."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff") / len(letters)


def page_language(texts: Iterable[str]) -> str:
    """Return the interface language for documents: Chinese when most of their letters are Chinese."""
    texts = list(texts)
    shares = [_cjk_share(t[:20000]) for t in texts]
    return "zh" if shares and sum(shares) / len(shares) >= 0.5 else "en"


def script_of(text: str) -> str:
    """Return ``zh-Hant`` for text set in traditional characters, ``zh-Hans`` for simplified, "" otherwise.

    A text is traditional when converting it to simplified script changes a
    noticeable share of its ideographs (a simplified text is left alone).
    """
    sample = "".join(ch for ch in text[:20000] if "\u3400" <= ch <= "\u9fff")
    if len(sample) < 20:
        return ""
    from ..normalize import _converter   # OpenCC t2s, already loaded for matching
    simplified = _converter().convert(sample)
    changed = sum(1 for a, b in zip(sample, simplified) if a != b)
    return "zh-Hant" if changed / len(sample) > 0.05 else "zh-Hans"


def html_lang(script: str, interface: str) -> str:
    """Return the ``lang`` attribute for a document's text (its script), or the interface's."""
    return script or ("zh-Hans" if interface == "zh" else "en")


def text_lang(text: str) -> str:
    """Return the ``lang`` of a document's own text: ``en`` when most of its letters are Latin, else its script.

    >>> text_lang("Gansu's plan integrates AI across sectors, says 甘肃省人民政府"), text_lang("甘肃省人民政府")
    ('en', 'zh-Hans')
    """
    if page_language([text]) == "en":
        return "en"
    return script_of(text) or "zh-Hans"
