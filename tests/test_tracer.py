"""The trace of the bundled corpus: shared passages found, attributed to the earliest holder."""
from __future__ import annotations

import json

import pytest

from versiondiff import store as st
from versiondiff.tracer import trace

#: an excerpt-like national text holding the targets the provincial plans share
NATIONAL = """国务院关于深入实施“人工智能+”行动的意见
国发〔2025〕11号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
一、总体要求
到2027年，率先实现人工智能与6大重点领域广泛深度融合，新一代智能终端、智能体等应用普及率超70%，智能经济核心产业规模快速增长，人工智能在公共治理中的作用明显增强，人工智能开放合作体系不断完善。到2030年，我国人工智能全面赋能高质量发展，新一代智能终端、智能体等应用普及率超90%，智能经济成为我国经济发展的重要增长极，推动技术普惠和成果共享。到2035年，我国全面步入智能经济和智能社会发展新阶段，为基本实现社会主义现代化提供有力支撑。

国务院
2025年8月21日
"""

TARGET = "新一代智能终端、智能体等应用普及率超70%"


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def _passages_with(data: dict, ref: str, needle: str) -> list[dict]:
    doc = next(d for d in data["documents"] if d["ref"] == ref)
    return [p for p in doc["passages"] if needle in p["text"]]


@pytest.fixture
def traced(copy):
    return trace(copy, workers=1)


def test_the_provinces_shared_targets_come_from_the_earliest_plan(traced):
    # Jiangsu (2025-12-29) is the earliest of the three 2025/2026 plans: it holds the targets first
    sichuan = _passages_with(traced, "sichuan-ai-plan@2026", "新一代智能终端、智能体等应用普及率")
    assert sichuan and all(p["source"] == "jiangsu-ai-plan@2025" for p in sichuan)
    jiangsu = _passages_with(traced, "jiangsu-ai-plan@2025", "新一代智能終端、智能體等應用普及率")
    assert jiangsu and jiangsu[0]["kind"] == "original"
    assert {"gansu-ai-plan@2026", "sichuan-ai-plan@2026"} <= set(jiangsu[0]["also_in"])
    gansu = next(d for d in traced["documents"] if d["ref"] == "gansu-ai-plan@2026")
    assert "jiangsu-ai-plan@2025" in [s["ref"] for s in gansu["sources"]]
    # spans point into the original text (Jiangsu is in traditional script)
    for d in traced["documents"]:
        text = open(d["path"], encoding="utf-8-sig").read()
        for p in d["passages"]:
            assert text[p["span"][0]:p["span"][1]] == p["text"]
            assert p["chars"] >= traced["min_chars"]


def test_a_national_text_added_becomes_the_source(copy, tmp_path):
    before = trace(copy, workers=1)
    path = tmp_path / "national.txt"
    path.write_text(NATIONAL, encoding="utf-8")
    st.add_file(copy, path, "national-ai-opinion", "2025",
                options={"title": "国务院关于深入实施“人工智能+”行动的意见", "issuer": "国务院",
                         "doc_number": "国发〔2025〕11号", "date": "2025-08-21"})
    after = trace(copy, workers=1)
    assert len(after["documents"]) == len(before["documents"]) + 1
    national = next(d for d in after["documents"] if d["ref"] == "national-ai-opinion@2025")
    assert national["level"] == "national" and national["reused"] == 0
    sichuan = _passages_with(after, "sichuan-ai-plan@2026", TARGET)
    assert sichuan and sichuan[0]["source"] == "national-ai-opinion@2025"
    assert sichuan[0]["kind"] == "verbatim" or sichuan[0]["similarity"] > 0.8
    jiangsu = _passages_with(after, "jiangsu-ai-plan@2025", "智能體等應用普及率")
    assert jiangsu and jiangsu[0]["source"] == "national-ai-opinion@2025"
    # tracing one document gives that document's entry of the whole-corpus trace
    one = trace(copy, ["sichuan-ai-plan@2026"], workers=1)
    assert one["documents"] == [d for d in after["documents"] if d["ref"] == "sichuan-ai-plan@2026"]


def test_the_index_is_incremental(copy, tmp_path):
    from versiondiff.reuse_index import ReuseIndex, default_index_path
    trace(copy, workers=1)
    path = default_index_path(copy.root)
    assert path.is_file() and (path.parent / ".gitignore").read_text() == "*\n"
    with ReuseIndex(path) as index:
        before = index.ids()
    national = tmp_path / "national.txt"
    national.write_text(NATIONAL, encoding="utf-8")
    st.add_file(copy, national, "national-ai-opinion", "2025",
                options={"issuer": "国务院", "doc_number": "国发〔2025〕11号", "date": "2025-08-21"})
    trace(copy, ["national-ai-opinion@2025"], workers=1)
    with ReuseIndex(path) as index:
        after = index.ids()
    # the versions indexed before keep their rows: only the new one was indexed
    assert {r: after[r] for r in before} == before and "national-ai-opinion@2025" in after


def test_processes_give_the_same_json_as_one_process(copy):
    assert _dumps(trace(copy, workers=2)) == _dumps(trace(copy, workers=1))


@pytest.mark.slow   # a real process / cluster / built files: seconds, not milliseconds
def test_a_dask_cluster_gives_byte_identical_json(copy):
    distributed = pytest.importorskip("distributed")
    local = _dumps(trace(copy, workers=2))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = _dumps(trace(copy, scheduler=client))
        by_address = _dumps(trace(copy, scheduler=cluster.scheduler_address))
    assert remote == local and by_address == local


@pytest.mark.slow   # a real process / cluster / built files: seconds, not milliseconds
def test_bad_scheduler_is_one_clean_error(copy):
    from versiondiff.errors import VersiondiffError
    with pytest.raises(VersiondiffError, match="Dask scheduler"):
        trace(copy, scheduler="tcp://127.0.0.1:9")
