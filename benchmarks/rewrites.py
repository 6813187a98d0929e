#!/usr/bin/env python3
"""Make a synthetic *rewrite* of a real document with a known item mapping.

usage: python benchmarks/rewrites.py SOURCE DONOR OUTDIR [--seed N]

A revision keeps most sentences; a rewrite (a plan re-issued, a regulation
修订) keeps the subjects and little of the wording.  The recipe, applied to
the labelled items of a real document (a paragraph that starts with an item
label, with the unlabelled paragraphs after it):

1. every sentence is paraphrased: policy verbs and adverbs swapped for
   synonyms (加强→强化, 推进→推动, 建设→打造 …, each occurrence with
   probability 0.9), the comma-separated parts of a sentence after the first
   shuffled (p 0.7), one part of a sentence of three or more dropped (p 0.3),
   a filler (进一步, 着力 …) put before the last part (p 0.5);
2. leaf items (an item with body text) are deleted (10%), merged with the
   next item (10%: its heading kept, both bodies joined), split in two (10%:
   the second half of the body gets a heading made of its first words), or
   moved to another place in the document (15%); items from the DONOR
   document, paraphrased the same way, are inserted (10%);
3. every label is renumbered in its new order (a plan's numbering restarts
   under each higher-level heading, a law's articles run on), so equal numbers
   say nothing.

Writes ``OUTDIR/old.txt`` (the source's paragraphs, one per line),
``OUTDIR/new.txt`` and ``OUTDIR/truth.json``: the offset of every item label
in each text and the pairs ``[old item, new item]`` that correspond (a merge
or split gives two pairs).  ``score`` scores a tool's JSON ``outline`` against
it (a record counts when its spans hold exactly one item start on each side,
as in the outline gold scorer).  Independent of ``versiondiff``: it reuses
only the sentence and label helpers of ``revisions.py``.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from revisions import cn_number, cn_numeral, label_of as plan_label, relabel as plan_relabel, source_paragraphs

__all__ = ["Rewrite", "make_rewrite", "paraphrase", "score"]

_SYNONYMS = {
    "加强": "强化", "强化": "加强", "推进": "推动", "推动": "促进", "促进": "带动", "建设": "打造",
    "打造": "建设", "支持": "鼓励", "鼓励": "引导", "开展": "实施", "实施": "开展", "提升": "提高",
    "提高": "提升", "完善": "健全", "健全": "完善", "加快": "加速", "构建": "建立", "建立": "构建",
    "培育": "培养", "深化": "拓展", "探索": "研究", "积极": "大力", "大力": "积极", "全面": "全方位",
    "推广": "普及", "重点": "主要", "有关": "相关", "相关": "有关", "应当": "须", "组织": "安排",
}
_WORDS = re.compile("|".join(sorted(map(re.escape, _SYNONYMS), key=len, reverse=True)))
_STYLE_RANK = {"chapter": 0, "article": 1, "cn-dun": 0, "cn-paren": 1, "arabic": 2}
_LAW = re.compile(r"^第([一二三四五六七八九十百]+)([章条])")
_FILLERS = ["进一步", "着力", "切实", "持续", "统筹"]


def label_of(text: str):
    """Return ``(style, number, match)`` for a plan label (``一、``, ``（一）``, ``1.``) or a law's 第X章/条."""
    m = _LAW.match(text)
    if m:
        return ("chapter" if m.group(2) == "章" else "article"), cn_number(m.group(1)), m
    return plan_label(text)


def relabel(text: str, number: int) -> str:
    """Replace the number of the label ``text`` starts with."""
    m = _LAW.match(text)
    if m:
        return f"第{cn_numeral(number)}{m.group(2)}" + text[m.end():]
    return plan_relabel(text, number)


@dataclass
class Rewrite:
    """A rewrite: both texts and the true item pairs (indices into the label offset lists)."""

    old: str
    new: str
    old_items: list[int]
    new_items: list[int]
    pairs: list[tuple[int, int]]


def paraphrase(sentence: str, rng: random.Random) -> str:
    """Return a sentence reworded: synonyms, its comma-separated parts shuffled, one maybe dropped."""
    text = _WORDS.sub(lambda m: _SYNONYMS[m.group()] if rng.random() < 0.9 else m.group(), sentence)
    end = text[-1] if text and text[-1] in "。；;！？" else ""
    body = text[:-1] if end else text
    parts = re.split(r"[，,]", body)
    if len(parts) >= 3 and rng.random() < 0.3:
        parts.pop(rng.randrange(1, len(parts)))
    if len(parts) >= 2 and rng.random() < 0.7:
        head, rest = parts[0], parts[1:]
        rng.shuffle(rest)
        parts = [head] + rest
    if parts and len(parts[-1]) > 4 and rng.random() < 0.5:
        parts[-1] = rng.choice(_FILLERS) + parts[-1]
    return "，".join(p for p in parts if p) + end


def _items(paragraphs: list[list[str]]) -> tuple[list[list[str]], list[list[list[str]]]]:
    """Split paragraphs into front matter and items (a labelled paragraph and the ones after it)."""
    front, items = [], []
    for para in paragraphs:
        if label_of(para[0]):
            items.append([para])
        elif items:
            items[-1].append(para)
        else:
            front.append(para)
    return front, items


def _is_leaf(item: list[list[str]]) -> bool:
    """Return True for an item with body text beyond its heading."""
    return sum(len(p) for p in item) >= 2


def _reworded(item: list[list[str]], rng: random.Random) -> list[list[str]]:
    """Return an item with every unit paraphrased (the label is kept for renumbering)."""
    return [[paraphrase(u, rng) if (k or i) else u for k, u in enumerate(para)] for i, para in enumerate(item)]


def make_rewrite(source: str, donor: str, seed: int = 0) -> Rewrite:
    """Rewrite ``source`` by the recipe of this module, with items from ``donor``; return texts and truth."""
    rng = random.Random(seed)
    front, items = _items(source_paragraphs(source))
    _, donor_items = _items(source_paragraphs(donor))
    donor_leaves = [it for it in donor_items if _is_leaf(it)]
    # (new item, old items it came from)
    plan: list[tuple[list[list[str]], list[int]]] = []
    k = 0
    while k < len(items):
        item, roll = items[k], rng.random()
        if not _is_leaf(item):
            plan.append((_reworded(item, rng), [k]))
        elif roll < 0.10:
            pass                                           # deleted
        elif roll < 0.20 and k + 1 < len(items) and _is_leaf(items[k + 1]):
            merged = [item[0] + [u for para in items[k + 1] for u in para][1:]] + item[1:]
            plan.append((_reworded(merged, rng), [k, k + 1]))
            k += 1
        elif roll < 0.30 and sum(len(p) for p in item) >= 4:
            units = [u for para in item for u in para]
            cut = len(units) // 2 + 1
            second = units[cut:]
            heading = re.split(r"[，,。；]", second[0])[0][:12] + "。"
            plan.append((_reworded([units[:cut]], rng), [k]))
            plan.append((_reworded([[item[0][0][:label_of(item[0][0])[2].end()] + heading] + second], rng), [k]))
        else:
            plan.append((_reworded(item, rng), [k]))
        k += 1
    leaves = [n for n, (it, _) in enumerate(plan) if _is_leaf(it)]
    for n in rng.sample(leaves, len(leaves) * 15 // 100):   # moved elsewhere
        entry = plan.pop(n)
        plan.insert(rng.randrange(len(plan) + 1), entry)
    for donor_item in rng.sample(donor_leaves, min(len(donor_leaves), max(1, len(items) // 10))):
        plan.insert(rng.randrange(len(plan) + 1), (_reworded(donor_item, rng), []))
    old_text, old_items = _join(front, items)
    new_paras, counters = [], [0, 0, 0]
    for item, _ in plan:
        style = label_of(item[0][0])[0]
        rank = _STYLE_RANK[style]
        counters[rank] += 1
        if style != "article":   # a law numbers its articles on through the chapters
            counters[rank + 1:] = [0] * (2 - rank)
        new_paras.append([[relabel(item[0][0], counters[rank])] + item[0][1:]] + item[1:])
    new_text, new_items = _join([[paraphrase(u, rng) for u in p] for p in front], new_paras)
    pairs = sorted((old, n) for n, (_, olds) in enumerate(plan) for old in olds)
    return Rewrite(old_text, new_text, old_items, new_items, pairs)


def _join(front: list[list[str]], items: list[list[list[str]]]) -> tuple[str, list[int]]:
    """Return the text (one paragraph a line) and where each item starts."""
    lines, starts, pos = [], [], 0
    for para in front:
        lines.append("".join(para))
        pos += len(lines[-1]) + 1
    for item in items:
        starts.append(pos)
        for para in item:
            lines.append("".join(para))
            pos += len(lines[-1]) + 1
    return "\n".join(lines) + "\n", starts


def score(rewrite: Rewrite, tool: dict) -> dict:
    """Return precision, recall and F1 of the tool's outline pairs against the true item pairs."""
    def inside(starts: list[int], spans) -> list[int]:
        return [k for k, at in enumerate(starts) if any(s <= at < e for s, e in spans)]

    pred = set()
    for rec in tool.get("outline", []):
        x, y = inside(rewrite.old_items, rec.get("old", [])), inside(rewrite.new_items, rec.get("new", []))
        if len(x) == 1 and len(y) == 1:
            pred.add((x[0], y[0]))
    truth = set(rewrite.pairs)
    p = len(pred & truth) / len(pred) if pred else 0.0
    r = len(pred & truth) / len(truth) if truth else 1.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pred": len(pred), "true": len(truth)}


def main() -> None:
    """Run the command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source")
    ap.add_argument("donor")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rw = make_rewrite(Path(a.source).read_text(encoding="utf-8"), Path(a.donor).read_text(encoding="utf-8"), a.seed)
    out = Path(a.outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "old.txt").write_text(rw.old, encoding="utf-8")
    (out / "new.txt").write_text(rw.new, encoding="utf-8")
    (out / "truth.json").write_text(json.dumps({"old_items": rw.old_items, "new_items": rw.new_items,
                                                "pairs": rw.pairs}), encoding="utf-8")


if __name__ == "__main__":
    main()
