"""Trace text reuse across the corpus: keep the index in step, find shared passages, attribute sources.

The library entry point of ``versiondiff trace``.  Work runs in batches of
document pairs on an executor — in this process, on a pool of local
processes (the default: every core), or on a Dask cluster — and results
stream back as batches finish, with a bounded number of batches in flight,
so memory grows with the passages found, not with the pairs compared.  Every
result is sorted before it is reported: the same corpus gives the same JSON,
byte for byte, whichever executor ran it.
"""
from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from . import store as _store
from .errors import VersiondiffError
from .normalize import normalize
from .provenance import Attributed, attribute, level_of, priority
from .reuse import (MatchText, Passage, fingerprints, gram_positions, guaranteed_length, map_position,
                    match_text, original_opcodes, shared_passages, similarity)
from .reuse_index import ReuseIndex, default_index_path
from .sources import decode

__all__ = ["FORMAT", "DEFAULT_MIN_CHARS", "Executor", "make_executor", "trace", "index_entry",
           "pair_batch"]

FORMAT = "versiondiff.trace/1"
DEFAULT_MIN_CHARS = guaranteed_length()  # 15: every shared run this long is sure to be found
#: pairs per batch sent to a worker (one document against several)
BATCH = 16
#: documents per batch when indexing
INDEX_BATCH = 8

Progress = Callable[[str, int], Any]  # (label, total) -> object with update(n) and close()


# ---- the work a worker does (top-level functions: picklable for processes and Dask) ----

def index_entry(text: str, markdown: bool) -> tuple[str, bytes, bytes, list[int]]:
    """Return a document's match string, offset maps and fingerprints from its decoded text."""
    canon = normalize(text, mask_places=True, mask_placeholders=True, markdown=markdown)
    match = match_text(canon)
    return match.text, match.starts.tobytes(), match.ends.tobytes(), sorted(fingerprints(match.text))


def _index_batch(items: list[tuple[str, str, bool]]) -> list[tuple[str, tuple]]:
    return [(ref, index_entry(text, markdown)) for ref, text, markdown in items]


def pair_batch(a: int, a_text: str, others: list[tuple[int, str]], min_chars: int) -> list[tuple]:
    """Return ``(a, b, passages)`` for one document against several (passages as plain tuples)."""
    out = []
    grams = gram_positions(a_text)
    for b, b_text in others:
        found = shared_passages(a_text, b_text, min_chars=min_chars, grams=grams)
        out.append((a, b, [(p.a, p.b, p.blocks) for p in found]))
    return out


# ---- executors: one interface over in-process, local processes and Dask ----

class Executor:
    """Run batches and yield their results as they finish, a bounded number in flight."""

    name = "inline"

    def run(self, fn: Callable, batches: Iterable[tuple], progress=None) -> Iterator[Any]:
        for args in batches:
            result = fn(*args)
            if progress:
                progress.update(1)
            yield result

    def close(self) -> None:
        pass


class _FutureExecutor(Executor):
    """Shared logic of the pool executors: keep ``inflight`` batches submitted."""

    inflight = 8

    def submit(self, fn: Callable, args: tuple):
        raise NotImplementedError

    def run(self, fn: Callable, batches: Iterable[tuple], progress=None) -> Iterator[Any]:
        pending = set()
        batches = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.inflight:
                try:
                    pending.add(self.submit(fn, next(batches)))
                except StopIteration:
                    exhausted = True
            if not pending:
                return
            done, pending = self.wait(pending)
            for future in done:
                if progress:
                    progress.update(1)
                yield future.result()

    def wait(self, pending):
        done, rest = wait(pending, return_when=FIRST_COMPLETED)
        return done, rest


class _ProcessExecutor(_FutureExecutor):
    name = "processes"

    def __init__(self, workers: int) -> None:
        self.pool = ProcessPoolExecutor(max_workers=workers)
        self.inflight = 4 * workers

    def submit(self, fn, args):
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown()


class _DaskExecutor(_FutureExecutor):
    name = "dask"

    def __init__(self, scheduler: Any) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise VersiondiffError("--scheduler needs dask.distributed: "
                                   "pip install 'versiondiff[trace]'") from None
        try:
            self.client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout=10)
        except Exception as error:  # OSError, TimeoutError …: say which scheduler
            raise VersiondiffError(f"cannot reach the Dask scheduler: {error}",
                                   path=str(scheduler)) from None
        self.own = not isinstance(scheduler, Client)
        workers = len(self.client.scheduler_info().get("workers", {})) or 1
        self.inflight = 4 * workers

    def submit(self, fn, args):
        return self.client.submit(fn, *args, pure=False)

    def wait(self, pending):
        from distributed import wait as dask_wait
        result = dask_wait(list(pending), return_when="FIRST_COMPLETED")
        return set(result.done), set(result.not_done)

    def close(self) -> None:
        if self.own:
            self.client.close()


def make_executor(scheduler: Any = None, workers: Optional[int] = None) -> Executor:
    """Return the executor: Dask when a scheduler (address or Client) is given, else local processes."""
    if scheduler is not None:
        return _DaskExecutor(scheduler)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1:
        return Executor()
    return _ProcessExecutor(workers)


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(progress: Optional[Progress], label: str, total: int):
    return progress(label, total) if progress and total else _NoProgress()


# ---- keeping the index in step with the store ----

def _info(version: _store.Version) -> dict:
    """Return what the trace reports about a version, from its stored metadata."""
    meta = version.meta
    return {"title": meta.get("title"), "issuer": meta.get("issuer"), "doc_number": meta.get("doc_number"),
            "date": version.date, "level": level_of(meta.get("issuer"), meta.get("doc_number")),
            "path": str(version.path), "sha256": meta.get("sha256")}


def _all_versions(store: _store.Store) -> list[_store.Version]:
    """Return every version of the store, listing its folder once.

    (``Store.all_versions`` lists the folder again for every series: quadratic
    in the number of series, seconds at a thousand.)
    """
    out = []
    for series in store.series_names():
        folder = store.root / series
        out.extend(sorted((store._load(series, meta) for meta in store._metadata_files(folder)),
                          key=lambda v: v.sort_key))
    return out


def _read(version: _store.Version) -> str:
    """Return a stored version's decoded text."""
    try:
        data = version.path.read_bytes()
    except OSError as error:
        raise VersiondiffError(f"cannot read: {error.strerror or error}", path=str(version.path)) from None
    return decode(data, name=str(version.path))[0]


def sync(index: ReuseIndex, versions: Sequence[_store.Version], executor: Executor,
         progress: Optional[Progress] = None) -> int:
    """Bring the index in step with the store; return how many versions were (re)indexed."""
    stored = index.stored()
    current = {v.ref: v for v in versions}
    index.remove(ref for ref in stored if ref not in current)
    todo = [v for v in versions if v.ref not in stored or stored[v.ref][1] != v.meta.get("sha256")
            or index.info(stored[v.ref][0]) != dict(_info(v), ref=v.ref)]
    if not todo:
        return 0
    from array import array

    def batches():
        for k in range(0, len(todo), INDEX_BATCH):
            chunk = todo[k:k + INDEX_BATCH]
            yield ([(v.ref, _read(v), v.path.suffix.lower() in (".md", ".markdown")) for v in chunk],)

    bar = _bar(progress, "indexing", (len(todo) + INDEX_BATCH - 1) // INDEX_BATCH)
    try:
        for results in executor.run(_index_batch, batches(), bar):
            for ref, (text, starts, ends, prints) in results:
                s, e = array("l"), array("l")
                s.frombytes(starts)
                e.frombytes(ends)
                version = current[ref]
                index.put(ref, version.meta.get("sha256") or "", _info(version), MatchText(text, s, e), prints)
    finally:
        bar.close()
    return len(todo)


# ---- the trace ----

def _pairs_batches(index: ReuseIndex, pairs: Iterable[tuple[int, int]], min_chars: int) -> Iterator[tuple]:
    """Yield pair batches: one document's text against up to BATCH others' (pairs sorted by first)."""
    current, others = None, []
    for a, b in pairs:
        if a != current or len(others) >= BATCH:
            if others:
                yield (current, index.text(current), others, min_chars)
            current, others = a, []
        others.append((b, index.text(b)))
    if others:
        yield (current, index.text(current), others, min_chars)


def _passage_record(doc: int, item: Attributed, mine: MatchText, original: str,
                    match_of: Callable[[int], MatchText], ref_of: Callable[[int], str]) -> dict:
    """Return the JSON record of one attributed passage."""
    span = mine.original_span(*item.span)
    record: dict[str, Any] = {"span": list(span), "text": original[span[0]:span[1]],
                              "chars": item.span[1] - item.span[0]}
    if item.source is None:
        record.update(kind="original", source=None, source_span=None, similarity=None, opcodes=[],
                      also_in=[ref_of(h) for h in item.holders])
        record["also_in"].sort()
        return record
    theirs = match_of(item.source)
    via = item.via
    s_start = map_position(via.blocks, max(item.span[0], via.a[0]))
    s_end = map_position(via.blocks, min(item.span[1], via.a[1]), end=True)
    s_end = max(s_end, s_start)
    own_text = mine.text[item.span[0]:item.span[1]]
    source_text = theirs.text[s_start:s_end]
    ratio = similarity(source_text, own_text)
    record.update(kind="verbatim" if ratio == 1.0 else "edited", source=ref_of(item.source),
                  source_span=list(theirs.original_span(s_start, s_end)), similarity=round(ratio, 4),
                  opcodes=[list(op) for op in original_opcodes(theirs, (s_start, s_end), mine, item.span)]
                  if ratio < 1.0 else [],
                  also_in=sorted(ref_of(h) for h in item.holders if h != item.source))
    return record


def trace(store: _store.Store, refs: Optional[Sequence[str]] = None, *, min_chars: int = DEFAULT_MIN_CHARS,
          index_path: Optional[Path] = None, scheduler: Any = None, workers: Optional[int] = None,
          progress: Optional[Progress] = None) -> dict:
    """Return the trace (``versiondiff.trace/1``) of some versions (``refs``) or the whole corpus."""
    if min_chars < 8:
        raise VersiondiffError(f"--min-chars {min_chars}: give at least 8 (the shingle length)")
    versions = _all_versions(store)
    targets = sorted({store.resolve(r).ref for r in refs}) if refs else None
    executor = make_executor(scheduler, workers)
    index = ReuseIndex(index_path or default_index_path(store.root))
    try:
        sync(index, versions, executor, progress)
        ids = index.ids()
        ref_of = {i: r for r, i in ids.items()}
        infos = {i: index.info(i) for i in ref_of}
        keys = {i: priority(infos[i]["date"], infos[i]["level"], ref_of[i]) for i in ref_of}
        if targets is None:
            traced = sorted(ref_of)
            pairs = list(index.candidate_pairs())
        else:
            traced = [ids[r] for r in targets]
            pairs = sorted({(min(t, o), max(t, o)) for t in traced for o in index.candidates_of(t)})
        wanted = set(traced)
        shared: dict[int, list[tuple[int, Passage]]] = defaultdict(list)
        batches = _pairs_batches(index, pairs, min_chars)
        bar = _bar(progress, "tracing", _count_batches(pairs))
        try:
            for result in executor.run(pair_batch, batches, bar):
                for a, b, found in result:
                    for pa, pb, blocks in found:
                        passage = Passage(tuple(pa), tuple(pb), tuple(map(tuple, blocks)))
                        if a in wanted:
                            shared[a].append((b, passage))
                        if b in wanted:
                            shared[b].append((a, passage.swapped()))
        finally:
            bar.close()
        return _report(index, versions, traced, shared, keys, infos, ref_of, min_chars, len(pairs),
                       "all" if targets is None else "documents")
    finally:
        index.close()
        executor.close()


def _count_batches(pairs: Sequence[tuple[int, int]]) -> int:
    """Return how many batches :func:`_pairs_batches` makes of ``pairs``."""
    count, current, size = 0, None, 0
    for a, _ in pairs:
        if a != current or size >= BATCH:
            count, current, size = count + 1, a, 0
        size += 1
    return count


def _report(index: ReuseIndex, versions: Sequence[_store.Version], traced: list[int],
            shared: dict[int, list[tuple[int, Passage]]], keys: dict[int, tuple], infos: dict[int, dict],
            ref_of: dict[int, str], min_chars: int, candidate_pairs: int, scope: str) -> dict:
    """Attribute every traced document's passages and build the JSON contract."""
    from functools import lru_cache

    @lru_cache(maxsize=64)
    def match_of(doc: int) -> MatchText:
        return index.match(doc)

    versions = {v.ref: v for v in versions}
    documents, matrix, mentioned = [], [], set(traced)
    for doc in sorted(traced, key=lambda d: keys[d]):
        items = attribute(doc, sorted(shared.get(doc, []), key=lambda x: (x[1].a, x[0], x[1].b)),
                          keys, min_chars)
        mine = match_of(doc)
        original = _read(versions[ref_of[doc]])
        passages = [_passage_record(doc, item, mine, original, match_of, ref_of.__getitem__) for item in items]
        reused = sum(p["chars"] for p in passages if p["source"])
        by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        reused_by: dict[str, int] = defaultdict(int)
        for item, p in zip(items, passages):
            mentioned.update(item.holders)
            if p["source"]:
                by_source[p["source"]][0] += p["chars"]
                by_source[p["source"]][1] += 1
            else:
                for ref in p["also_in"]:
                    reused_by[ref] += p["chars"]
        info = infos[doc]
        length = len(mine.text)
        sources = [{"ref": ref, "chars": c, "passages": n}
                   for ref, (c, n) in sorted(by_source.items(), key=lambda kv: (-kv[1][0], kv[0]))]
        documents.append({
            "ref": ref_of[doc], "path": info["path"], "sha256": info["sha256"], "title": info["title"],
            "issuer": info["issuer"], "doc_number": info["doc_number"], "date": info["date"],
            "level": info["level"], "length": length, "reused": reused, "own": length - reused,
            "reused_share": round(reused / length, 4) if length else 0.0,
            "sources": sources,
            "reused_by": [{"ref": r, "chars": c} for r, c in sorted(reused_by.items(), key=lambda kv: (-kv[1], kv[0]))],
            "passages": passages})
        matrix.extend({"document": ref_of[doc], "source": s["ref"], "chars": s["chars"],
                       "passages": s["passages"]} for s in sources)
    corpus = [{"ref": ref_of[d], "title": infos[d]["title"], "issuer": infos[d]["issuer"],
               "doc_number": infos[d]["doc_number"], "date": infos[d]["date"], "level": infos[d]["level"]}
              for d in sorted(mentioned, key=lambda d: keys[d])]
    return {"format": FORMAT, "scope": scope, "min_chars": min_chars,
            "candidate_pairs": candidate_pairs,
            "summary": {"documents": len(documents),
                        "passages": sum(1 for d in documents for p in d["passages"] if p["source"]),
                        "reused_chars": sum(d["reused"] for d in documents),
                        "chars": sum(d["length"] for d in documents)},
            "documents": documents, "corpus": corpus, "matrix": matrix}
