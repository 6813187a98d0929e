"""Views of the corpus over time: log, related documents, history (plain data for any renderer).

The store (:mod:`versiondiff.store`) keeps versions; this module compares
neighbouring versions with :func:`versiondiff.compare` and follows the change
records from the newest version back to the oldest.
"""
from __future__ import annotations

from typing import Optional

from .errors import VersiondiffError
from .store import Store, Version

__all__ = ["LINK_KINDS", "change_counts", "summary_line", "version_record", "log", "related", "related_refs", "history"]

def change_counts(comparison) -> dict:
    """Return ``{kind: count}`` for the kinds present plus ``similarity`` and ``mode``."""
    from .models import KINDS
    counts = {kind: comparison.summary.count(kind) for kind in KINDS
              if comparison.summary.count(kind)}
    return {"mode": comparison.mode, "similarity": comparison.summary.similarity, "counts": counts}


def summary_line(step: dict) -> str:
    """Return one line for a step made by :func:`change_counts`.

    >>> summary_line({"mode": "version", "similarity": 0.91, "counts": {"equal": 40, "changed": 3}})
    'similarity 0.910 (version mode): 40 equal, 3 changed'
    """
    counts = ", ".join(f"{n} {kind}" for kind, n in step["counts"].items()) or "no text"
    return f"similarity {step['similarity']:.3f} ({step['mode']} mode): {counts}"


def version_record(version: Version) -> dict:
    """Return the public view of one version: its ref, file and metadata."""
    return {"ref": version.ref, "series": version.series, "version": version.version,
            "path": str(version.path), **{k: v for k, v in version.meta.items()
                                          if k not in ("format", "series", "version")}}


def log(store: "Store", series: str, **normalize_options: bool) -> dict:
    """Return a series' versions in date order with the change summary from each predecessor."""
    from .compare import compare
    versions = store.versions(series)
    records, previous = [], None
    for version in versions:
        record = version_record(version)
        if previous is not None:
            record["changes"] = {"from": previous.ref,
                                 **change_counts(compare(previous.path, version.path, mode="version",
                                                        **normalize_options))}
        records.append(record)
        previous = version
    return {"series": series, **store.series_info(series), "versions": records}


def related(store: "Store", ref: str) -> dict:
    """Return the relations a version declares, those pointing at it and targets it shares."""
    version = store.resolve(ref)
    declared = [dict(r, in_corpus="@" in r["target"]) for r in version.meta.get("relations", [])]
    own_targets = {(r["type"], r["target"]) for r in version.meta.get("relations", [])}
    incoming, sharing = [], []
    for other in store.all_versions():
        if other.ref == version.ref:
            continue
        for relation in other.meta.get("relations", []):
            if relation.get("target") == version.ref:
                incoming.append({"type": relation["type"], "source": other.ref})
            elif (relation.get("type"), relation.get("target")) in own_targets \
                    and "@" not in relation["target"]:
                sharing.append({"type": relation["type"], "target": relation["target"],
                                "ref": other.ref})
    return {"ref": version.ref, "title": version.meta.get("title"), "declares": declared,
            "pointed_at_by": incoming, "shares": sharing}


def related_refs(store: "Store", ref: str) -> list[str]:
    """Return ``ref`` (pinned) and the corpus versions to read beside it, in corpus order.

    Those are the versions sharing a relation target with it (the plans of
    three provinces that all implement 国发〔2025〕11号) and those relating to
    it, except summaries: a summary-of relation, or a text in another language,
    shares no wording to compare.
    """
    data = related(store, ref)
    version = store.resolve(data["ref"])
    language = version.meta.get("language")
    wanted = {r["ref"] for r in data["shares"]}
    wanted |= {r["source"] for r in data["pointed_at_by"] if r["type"] != "summary-of"}
    picked = [data["ref"]]
    for other in store.all_versions():
        if other.ref in wanted and other.ref not in picked and \
                other.meta.get("language") in (None, language):
            picked.append(other.ref)
    return picked


#: Change kinds that say a clause of the new version continues one of the old.
LINK_KINDS = ("equal", "changed", "moved", "renumbered", "split", "merged")


def _clauses_in(doc, spans) -> list[int]:
    """Return the indices of the clauses of ``doc`` overlapping any of ``spans``."""
    return [c.index for c in doc.clauses
            if any(c.span[0] < b and a < c.span[1] for a, b in spans)]


def _clause_links(comparison) -> tuple[dict[int, dict], set[int]]:
    """Map each new clause to the old clauses it continues; also return the linked old clauses."""
    links: dict[int, dict] = {}
    linked_old: set[int] = set()
    for change in comparison.changes:
        if change.kind not in LINK_KINDS:
            continue
        old = _clauses_in(comparison.old, change.old)
        linked_old.update(old)
        for index in _clauses_in(comparison.new, change.new):
            link = links.setdefault(index, {"old": set(), "kinds": set(), "similarity": 1.0,
                                            "opcodes": []})
            link["old"].update(old)
            link["kinds"].add(change.kind)
            if change.kind != "equal":
                link["similarity"] = min(link["similarity"], change.similarity)
                link["opcodes"].extend(change.opcodes)
    return links, linked_old


def _marked(opcodes, spans: list[tuple[int, int]], side: str) -> list[list[int]]:
    """Return the changed ranges of one side of ``opcodes`` in ``spans``, as offsets into their joined text.

    The comparison already knows which characters changed (original offsets,
    normalization-only differences left equal); a renderer marks these instead
    of diffing the texts again.

    >>> _marked([("equal", 0, 2, 10, 12), ("replace", 2, 3, 12, 14)], [(10, 14)], "new")
    [[2, 4]]
    """
    marks: list[list[int]] = []
    base = 0
    for start, end in spans:
        for tag, i1, i2, j1, j2 in opcodes:
            a, b = (i1, i2) if side == "old" else (j1, j2)
            if tag == "equal" or (tag == "insert" and side == "old") or \
                    (tag == "delete" and side == "new"):
                continue
            a, b = max(a, start), min(b, end)
            if a < b:
                marks.append([base + a - start, base + b - start])
        base += end - start
    marks.sort()
    merged: list[list[int]] = []
    for a, b in marks:   # a split's opcodes can overlap: one range per run
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


def _clause_text(doc, index: int) -> str:
    """Return the original text of a clause."""
    start, end = doc.clauses[index].span
    return doc.text.original[start:end]


def _trace(index: int, steps: list, refs: list[str]) -> dict:
    """Follow one clause of the newest version back through the steps."""
    current, since, changes = {index}, len(refs) - 1, []
    text_marks: list[list[int]] = []
    first_change: Optional[tuple[int, list]] = None   # (step, opcodes) of the earliest change so far
    for k in range(len(steps), 0, -1):
        links = steps[k - 1]["links"]
        found = [links[i] for i in sorted(current) if i in links]
        if not found:
            break
        kinds = {kind for link in found for kind in link["kinds"]} - {"equal"}
        if kinds:
            kind = next(kind for kind in LINK_KINDS if kind in kinds)
            changes.append({"in": refs[k], "kind": kind,
                            "similarity": min(link["similarity"] for link in found)})
            opcodes = [op for link in found for op in link["opcodes"]]
            if k == len(steps):   # offsets into the newest text: markable in ``text``
                newest = steps[-1]["comparison"].new
                text_marks = _marked(opcodes, [newest.clauses[index].span], "new")
            first_change = (k, opcodes)
        current = set().union(*(link["old"] for link in found))
        since = k - 1
    record = {"since": refs[since], "changes": changes[::-1]}
    if changes:
        doc = steps[since]["comparison"].old if since < len(steps) else None
        record["origin"] = "".join(_clause_text(doc, i) for i in sorted(current)) if doc else None
        # Each side is marked only where the offsets belong to it: ``text`` by
        # the newest step, ``origin`` by a change made right after it appeared.
        origin_marks = (_marked(first_change[1], [doc.clauses[i].span for i in sorted(current)], "old")
                        if doc and first_change and first_change[0] == since + 1 else [])
        record["marks"] = {"text": text_marks, "origin": origin_marks}
    return record


def _item_ancestors(label: str, steps: list, refs: list[str]) -> list[dict]:
    """Return, newest first, the items of earlier versions an item grew out of."""
    current, ancestors = {label}, []
    for k in range(len(steps), 0, -1):
        best: dict[str, float] = {}
        for pair in steps[k - 1]["comparison"].outline:
            if pair.new_label in current:
                best[pair.old_label] = max(best.get(pair.old_label, 0.0), pair.similarity)
        if not best:
            break
        order = {p.old_label: p.old[0][0] if p.old else 0 for p in steps[k - 1]["comparison"].outline}
        ancestors.append({"ref": refs[k - 1], "items": [
            {"label": name, "similarity": best[name]} for name in sorted(best, key=order.get)]})
        current = set(best)
    return ancestors


def _newest_items(comparison_or_doc) -> list[tuple[str, tuple[int, int]]]:
    """Return ``(label, span)`` for the leaf items of the newest version and other outline units."""
    from .models import Document
    doc = comparison_or_doc if isinstance(comparison_or_doc, Document) else comparison_or_doc.new
    units = {f"{item.path} {item.heading}".strip(): item.span for item in doc.leaves()}
    if not isinstance(comparison_or_doc, Document):
        for pair in comparison_or_doc.outline:
            units.setdefault(pair.new_label, pair.new[0] if pair.new else (0, 0))
    return sorted(units.items(), key=lambda u: (u[1][0], u[0]))


def history(store: "Store", series: str, **normalize_options: bool) -> dict:
    """Return the lineage of a series: every clause and item of the newest version traced back."""
    from .compare import compare
    from .structure import read_document
    versions = store.versions(series)
    if not versions:
        raise VersiondiffError(f"series {series!r} has no versions")
    refs = [v.ref for v in versions]
    docs = [read_document(str(v.path), **normalize_options) for v in versions]
    steps = []
    for k in range(1, len(versions)):
        comparison = compare(docs[k - 1], docs[k], mode="version")  # versions of one series
        links, linked_old = _clause_links(comparison)
        steps.append({"comparison": comparison, "links": links, "linked_old": linked_old})
    newest = docs[-1]
    clauses = []
    for clause in newest.clauses:
        clauses.append({"index": clause.index, "path": clause.path, "span": list(clause.span),
                        "text": _clause_text(newest, clause.index),
                        **_trace(clause.index, steps, refs)})
    dropped = [{"in": refs[k], "from": refs[k - 1], "path": clause.path,
                "span": list(clause.span), "text": _clause_text(docs[k - 1], clause.index)}
               for k, step in enumerate(steps, start=1)
               for clause in docs[k - 1].clauses if clause.index not in step["linked_old"]]
    items = [{"label": label, "span": list(span),
              "ancestors": _item_ancestors(label, steps, refs)}
             for label, span in _newest_items(steps[-1]["comparison"] if steps else newest)]
    return {
        "format": "versiondiff.history/1",
        "series": series,
        **{key: store.series_info(series).get(key) for key in ("title", "region")},
        "versions": [{"ref": v.ref, "version": v.version, "date": v.date,
                      "title": v.meta.get("title"), "doc_number": v.meta.get("doc_number"),
                      "issuer": v.meta.get("issuer"), "status": v.meta.get("status"),
                      "sha256": v.meta.get("sha256")} for v in versions],
        "steps": [{"old": refs[k - 1], "new": refs[k], **change_counts(step["comparison"])}
                  for k, step in enumerate(steps, start=1)],
        "items": items,
        "clauses": clauses,
        "dropped": dropped,
    }
