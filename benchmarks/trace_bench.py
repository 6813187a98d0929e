#!/usr/bin/env python3
"""Print how well and how fast ``versiondiff trace`` finds planted reuse in a synthetic corpus.

usage: python benchmarks/trace_bench.py [--quick] [--sizes 100,300,1000] [--keep DIR]

Generator (:func:`build_corpus`): N documents of about 20,000 characters.
Each document's own text is sentences of the four bundled plans (Jiangsu's
converted to simplified script), taken from a seeded random place, put in a
cipher of the document's own (a seeded permutation of the Han characters,
as benchmarks/speed.py does) so that text nobody planted is unique to its
document while keeping the plans' statistics.  Documents are in priority
order: document i is dated day i // 3 and issued at level i % 3 (national,
provincial, municipal: 国发 / 甘政发 / 兰州市), so the earliest holder is
always the lowest index.  Into each document after the first go 0–6 planted
passages from earlier documents, with the truth recorded:
verbatim (1–6 sentences, 20–300 characters of the source's own text),
lightly edited (the same, one or two characters replaced about every 30),
reordered (three consecutive source sentences put at three places), and
chains (a passage a middle document took from an earlier one, copied again:
A → B → C; the truth source of C's copy is A, the earliest holder).

Scores, for planted passages of 20+ characters, by original offsets:
recall — share of planted passages at least half covered by reported reused
passages; precision — share of reported reused passages at least half inside
planted ones; attribution — share of recalled planted passages whose
reported source (the reported passage overlapping most) is the true one.
Time: the whole-corpus trace from an empty index (wall clock); peak memory:
the largest peak RSS of this process and of any worker process
(``resource``); then one more document added to the store and traced alone
(index update included).
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PLANS, plan_path, read_text  # noqa: E402

DOC_CHARS = 20_000
_KEEP = "零一二三四五六七八九十百千万第章节条款"
LEVELS = (("国务院", "国发〔{y}〕{n}号"), ("甘肃省人民政府", "甘政发〔{y}〕{n}号"), ("兰州市人民政府", "兰政发〔{y}〕{n}号"))
TARGETS = "P, R >= 0.95 for 20+ chars; attribution >= 0.95; 1000 docs <= 10 min and <= 4 GB; add one + trace <= 5 s"


def _sentences() -> list[str]:
    """Return the sentences of the bundled plans (simplified script), in reading order."""
    import opencc
    t2s = opencc.OpenCC("t2s")
    out = []
    for _, ref, seed in PLANS:
        text = t2s.convert(read_text(plan_path(ref, seed)))
        for para in text.split("\n"):
            para = "".join(para.split())
            start = 0
            for k, ch in enumerate(para):
                if ch in "。；！？":
                    if k + 1 - start >= 4:
                        out.append(para[start:k + 1])
                    start = k + 1
    return out


class Generator:
    """Build documents one by one in priority order, planting reuse from earlier ones."""

    def __init__(self, seed: int = 0) -> None:
        self.pool = _sentences()
        han = sorted({ch for s in self.pool for ch in s if "\u4e00" <= ch <= "\u9fff"} - set(_KEEP))
        self.han = han
        self.rng = random.Random(f"trace-bench/{seed}")
        self.docs: list[dict] = []   # {"own": [sentences], "text": str, "truth": [(s, e, source)], "own_spans": [...]}

    def _cipher(self, i: int):
        shuffled = self.han[:]
        random.Random(f"trace-bench-cipher/{i}").shuffle(shuffled)
        return str.maketrans(dict(zip(self.han, shuffled)))

    def _source_span(self, src: int, sentences: int) -> str:
        """Return 1–n consecutive own sentences of an earlier document, 20–300 characters."""
        own = self.docs[src]["own"]
        for _ in range(50):
            k = self.rng.randrange(len(own))
            text = "".join(own[k:k + sentences])
            if 20 <= len(text) <= 300:
                return text
        return "".join(own[k:k + 1])[:300] if len(own[k]) >= 20 else "".join(own[k:k + 3])

    def _edit(self, text: str, cipher) -> str:
        """Replace one or two characters about every 30 (never the first or last 10)."""
        chars = list(text)
        pos = 10 + self.rng.randrange(20)
        while pos < len(chars) - 10:
            for q in range(pos, min(pos + self.rng.randint(1, 2), len(chars) - 10)):
                chars[q] = self.rng.choice(self.han).translate(cipher)
            pos += 25 + self.rng.randrange(15)
        return "".join(chars)

    def add(self) -> dict:
        """Build the next document; return ``{"text", "truth": [(start, end, source)]}``."""
        i = len(self.docs)
        cipher = self._cipher(i)
        own, size, k = [], 0, self.rng.randrange(len(self.pool))
        while size < DOC_CHARS:
            s = self.pool[k % len(self.pool)].translate(cipher)
            own.append(s)
            size += len(s)
            k += 1
        plants: list[tuple[str, int]] = []   # (text, true source)
        if i:
            for _ in range(self.rng.randint(0, 6)):
                kind = self.rng.random()
                src = self.rng.randrange(i)
                if kind < 0.35:
                    plants.append((self._source_span(src, self.rng.randint(1, 6)), src))
                elif kind < 0.65:
                    plants.append((self._edit(self._source_span(src, self.rng.randint(2, 6)), cipher), src))
                elif kind < 0.8:
                    own_src = self.docs[src]["own"]
                    k = self.rng.randrange(max(1, len(own_src) - 3))
                    for s in own_src[k:k + 3]:
                        if len(s) >= 20:
                            plants.append((s, src))
                else:
                    chained = [(d, t) for d in range(max(0, i - 50), i) for t in self.docs[d]["planted"]]
                    if chained:
                        d, (text, origin) = self.rng.choice(chained)
                        plants.append((text, origin))
                    else:
                        plants.append((self._source_span(src, 2), src))
        slots = sorted(self.rng.randrange(len(own) + 1) for _ in plants)
        self.rng.shuffle(plants)
        pieces, truth, at, p = [], [], 0, 0
        for k in range(len(own) + 1):
            while p < len(plants) and slots[p] == k:
                text, source = plants[p]
                truth.append((at, at + len(text), source))
                pieces.append(text)
                at += len(text)
                p += 1
            if k < len(own):
                sentence = own[k] + ("\n" if k % 6 == 5 else "")
                pieces.append(sentence)
                at += len(sentence)
        doc = {"own": own, "text": "".join(pieces), "truth": truth,
               "planted": [(t, s) for t, s in plants if len(t) >= 20]}
        self.docs.append(doc)
        return doc


def meta_of(i: int) -> dict:
    """Return the metadata of document i: day i // 3, level i % 3."""
    issuer, number = LEVELS[i % 3]
    day = i // 3
    year, rest = 2000 + day // 336, day % 336
    return {"title": f"合成文件{i:05d}", "issuer": issuer, "doc_number": number.format(y=year, n=i),
            "date": f"{year}-{rest // 28 + 1:02d}-{rest % 28 + 1:02d}"}


def ref_of(i: int) -> str:
    return f"doc-{i:05d}@1"


def write(store, i: int, doc: dict) -> None:
    store.add(doc["text"].encode("utf-8"), f"doc-{i:05d}", "1", meta_of(i), force=True)


def score(data: dict, docs: list[dict]) -> dict:
    """Return precision, recall and attribution of the planted passages of 20+ characters."""
    reported = {d["ref"]: [p for p in d["passages"] if p["source"]] for d in data["documents"]}
    found = hit = right = total = 0
    inside = predicted = 0
    for i, doc in enumerate(docs):
        truth = [(s, e, src) for s, e, src in doc["truth"] if e - s >= 20]
        mine = reported.get(ref_of(i), [])
        for s, e, src in truth:
            total += 1
            overlaps = [(min(e, p["span"][1]) - max(s, p["span"][0]), p) for p in mine]
            covered = sum(o for o, _ in overlaps if o > 0)
            if covered >= 0.5 * (e - s):
                hit += 1
                best = max(overlaps, key=lambda x: x[0])[1]
                right += best["source"] == ref_of(src)
        for p in mine:
            if p["span"][1] - p["span"][0] < 20:
                continue
            predicted += 1
            ps, pe = p["span"]
            over = sum(max(0, min(pe, e) - max(ps, s)) for s, e, _ in truth)
            inside += over >= 0.5 * (pe - ps)
        found += len(mine)
    return {"precision": inside / predicted if predicted else 1.0, "recall": hit / total if total else 1.0,
            "attribution": right / hit if hit else 1.0, "planted": total, "reported": predicted}


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def run(n: int, keep: Path | None) -> str:
    from versiondiff import store as st
    from versiondiff.tracer import trace
    folder = Path(tempfile.mkdtemp(prefix=f"trace-bench-{n}-")) if keep is None else keep / str(n)
    root = folder / "documents"
    root.mkdir(parents=True, exist_ok=True)
    store = st.Store(root)
    gen = Generator()
    started = time.perf_counter()
    for i in range(n):
        write(store, i, gen.add())
    made = time.perf_counter() - started
    started = time.perf_counter()
    data = trace(store)
    whole = time.perf_counter() - started
    s = score(data, gen.docs)
    extra = gen.add()
    started = time.perf_counter()
    write(store, n, extra)
    one = trace(store, [ref_of(n)])
    add_one = time.perf_counter() - started
    s1 = score({"documents": one["documents"]}, [{"truth": []}] * n + [extra])
    if keep is None:
        shutil.rmtree(folder)
    return (f"| {n} | {s['planted']} | {s['reported']} | {s['precision']:.3f} | {s['recall']:.3f} | "
            f"{s['attribution']:.3f} | {data['candidate_pairs']} | {made:.1f} s | {whole:.1f} s | {peak_mb():.0f} MB | "
            f"{add_one:.2f} s (R {s1['recall']:.2f}) |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 30 and 100 only")
    parser.add_argument("--sizes", help="comma-separated N (default 100,300,1000)")
    parser.add_argument("--keep", type=Path, help="keep the generated corpora in this folder")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else ([30, 100] if args.quick else [100, 300, 1000])
    print(f"targets: {TARGETS}")
    print("| N | planted | reported | precision | recall | attribution | candidate pairs | generate | trace --all | peak RSS | add one + trace |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        print(run(n, args.keep), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
