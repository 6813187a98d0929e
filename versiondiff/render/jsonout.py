"""The JSON output contract ``versiondiff.comparison/1`` (see DESIGN.md)."""
from __future__ import annotations

import json

from ..models import Comparison, Document

__all__ = ["FORMAT", "comparison_dict", "render_json"]

FORMAT = "versiondiff.comparison/1"


def _document(doc: Document) -> dict:
    """Return the description of one compared document."""
    meta = doc.metadata
    return {"ref": doc.source.ref, "path": doc.source.path, "sha256": doc.source.sha256,
            "encoding": doc.source.encoding, "title": meta.title, "doc_number": meta.doc_number,
            "issuer": meta.issuer, "date": meta.date, "effective": meta.effective,
            "history": [{"event": e.event, "date": e.date, "by": e.by} for e in meta.history],
            "length": len(doc.text.original)}


def _spans(spans) -> list[list[int]]:
    return [[s, e] for s, e in spans]


def comparison_dict(comp: Comparison, substance=None) -> dict:
    """Return the comparison as plain data following the published contract.

    ``substance`` (a :class:`versiondiff.substance.Substance`) adds the
    optional ``substance`` member (``versiondiff.substance/1``).
    """
    summary = {kind: count for kind, count in comp.summary.counts}
    summary["similarity"] = round(comp.summary.similarity, 4)
    return {
        "format": FORMAT,
        "mode": comp.mode,
        "notes": list(comp.notes),
        "old": _document(comp.old),
        "new": _document(comp.new),
        "summary": summary,
        "outline": [{"old": _spans(p.old), "new": _spans(p.new), "old_label": p.old_label,
                     "new_label": p.new_label, "similarity": round(p.similarity, 4), "kind": p.kind}
                    for p in comp.outline],
        "changes": [{"kind": c.kind, "old": _spans(c.old), "new": _spans(c.new),
                     "similarity": round(c.similarity, 4),
                     "opcodes": [list(op) for op in c.opcodes],
                     "old_path": c.old_path, "new_path": c.new_path}
                    for c in comp.changes],
    } | ({} if substance is None else {"substance": _substance(substance)})


def _substance(sub) -> dict:
    from ..substance import substance_dict
    return substance_dict(sub)


def render_json(comp: Comparison, indent: int | None = None, substance=None) -> str:
    """Return the comparison as JSON text (UTF-8 characters, not escapes; deterministic)."""
    return json.dumps(comparison_dict(comp, substance), ensure_ascii=False, indent=indent)
