"""Views of the corpus over time: log, related, history (versiondiff.lineage)."""
from __future__ import annotations

import json

import pytest

from versiondiff import lineage, store as st

from conftest import DOCUMENTS, edited_seed



# ---- the seeds in documents/ ------------------------------------------------------------


def test_related_lists_both_directions(corpus):
    data = lineage.related(corpus, "gansu-ai-plan@latest")
    assert data["ref"] == "gansu-ai-plan@2026"
    assert [(r["type"], r["target"], r["in_corpus"]) for r in data["declares"]] == [
        ("implements", "国发〔2025〕11号", False), ("supersedes", "gansu-ai-plan@2018", True)]
    assert data["pointed_at_by"] == [{"type": "summary-of", "source": "gansu-ai-plan-summary@2026-en"}]
    assert [r["ref"] for r in data["shares"]] == ["jiangsu-ai-plan@2025", "sichuan-ai-plan@2026"]
    older = lineage.related(corpus, "gansu-ai-plan@2018")
    assert older["pointed_at_by"] == [{"type": "supersedes", "source": "gansu-ai-plan@2026"}]


def test_log_counts_changes_between_neighbours(corpus):
    data = lineage.log(corpus, "gansu-ai-plan")
    first, second = data["versions"]
    assert "changes" not in first
    changes = second["changes"]
    assert changes["from"] == "gansu-ai-plan@2018" and changes["mode"] == "version"
    assert changes["counts"]["inserted"] > 100 and changes["counts"]["deleted"] > 100
    assert 0 < changes["similarity"] < 0.1


@pytest.fixture(scope="module")
def gansu_history() -> dict:
    """Return the lineage of the Gansu plan (computed once)."""
    return lineage.history(st.Store(DOCUMENTS), "gansu-ai-plan")


def test_history_items_grew_out_of_2018_items(gansu_history):
    items = {item["label"]: item for item in gansu_history["items"]}

    def origins(label):
        return [o["label"] for a in items[label]["ancestors"] for o in a["items"]]

    assert origins("二、/(二)/4. 加快智慧农业建设") == ["二、/（三）/9. 智能农业"]
    assert origins("二、/(四)/2. 构建智能教学新范式") == ["二、/（四）/13. 智能教育"]
    assert origins("二、/(五)/1. 提升社会治理智慧化水平") == ["二、/（四）/15. 智慧城市"]
    assert items["二、/(二)/3. 拓展能源全场景智能应用"]["ancestors"] == []
    assert all(a["ref"] == "gansu-ai-plan@2018" for i in items.values() for a in i["ancestors"])


def test_history_clauses_trace_back(gansu_history):
    history = gansu_history
    assert [v["ref"] for v in history["versions"]] == ["gansu-ai-plan@2018", "gansu-ai-plan@2026"]
    doc_text = (DOCUMENTS / "gansu-ai-plan" / "2026.txt").read_text(encoding="utf-8")
    for clause in history["clauses"]:
        assert doc_text[clause["span"][0]:clause["span"][1]] == clause["text"]
    since = {c["text"]: c for c in history["clauses"]}
    assert since["一、总体要求"]["since"] == "gansu-ai-plan@2018"
    assert since["一、总体要求"]["changes"] == []
    assert since["(此件公开发布)"]["since"] == "gansu-ai-plan@2026"
    changed = [c for c in history["clauses"] if c["changes"]]
    assert changed and all(c["origin"] for c in changed)
    assert all(c["changes"][0]["in"] == "gansu-ai-plan@2026" for c in changed)
    assert len(history["dropped"]) > 100
    assert all(d["in"] == "gansu-ai-plan@2026" for d in history["dropped"])
    assert json.loads(json.dumps(history)) == history   # plain data


def test_history_over_three_versions(copy, tmp_path):
    """A clause unchanged since 2025 keeps 2025 as its origin through two revisions."""
    v2 = edited_seed(tmp_path, "jiangsu", "2025年12月29日", "2026年3月1日", "v2.txt")
    text = v2.read_text(encoding="utf-8").replace("營造全社會共同參與良好氛圍。",
                                                  "營造全社會共同參與的良好氛圍。")
    v3 = tmp_path / "v3.txt"
    v3.write_text(text.replace("2026年3月1日", "2026年6月1日"), encoding="utf-8")
    st.add_file(copy, v2, "jiangsu-ai-plan", "2026a")
    st.add_file(copy, v3, "jiangsu-ai-plan", "2026b")
    history = lineage.history(copy, "jiangsu-ai-plan")
    assert [s["new"] for s in history["steps"]] == ["jiangsu-ai-plan@2026a", "jiangsu-ai-plan@2026b"]
    clauses = history["clauses"]
    assert sum(c["since"] == "jiangsu-ai-plan@2025" for c in clauses) > 0.9 * len(clauses)
    edited = [c for c in clauses if "共同參與的良好" in c["text"]]
    assert len(edited) == 1
    assert edited[0]["since"] == "jiangsu-ai-plan@2025"
    assert [c["in"] for c in edited[0]["changes"]] == ["jiangsu-ai-plan@2026b"]
    assert "共同參與良好" in edited[0]["origin"]
    items = history["items"]
    assert items and all(len(i["ancestors"]) == 2 for i in items if i["ancestors"])


def test_history_of_a_single_version(corpus):
    history = lineage.history(corpus, "sichuan-ai-plan")
    assert history["steps"] == [] and history["dropped"] == []
    assert {c["since"] for c in history["clauses"]} == {"sichuan-ai-plan@2026"}
    assert history["items"] and all(i["ancestors"] == [] for i in history["items"])
