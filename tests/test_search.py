"""Semantic search (real model): exact names win, types filter, the index is checked and rebuilt."""

from __future__ import annotations

import json
import shutil

import pytest

from mlopskg import KnowledgeGraph, Settings
from search.engine import Engine
from search.index import META_FILE, VECTORS_FILE, VectorIndex
from mlopskg.errors import SearchIndexError


@pytest.mark.parametrize("text,iri", [("W&B", "tool/weights-and-biases"), ("k8s", "tool/kubernetes"),
                                      ("KServe", "tool/kserve"), ("TGI", "tool/text-generation-inference")])
def test_exact_names_win(kg, text, iri):
    assert kg.search(text, 3)[0].iri.endswith(iri)


def test_meaning_finds_related_entities(kg):
    hits = kg.search("log metrics and parameters of training runs", 5, ["tool", "capability", "category"])
    assert any(h.iri.endswith("experiment-tracking") for h in hits)


def test_type_filter(kg):
    hits = kg.search("monitoring", 5, ["role"])
    assert hits and all(h.type == "role" for h in hits)


def copy_release(kg, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(kg.release.index_dir, target)
    return target


def test_stale_index_is_rebuilt(kg, tmp_path):
    folder = copy_release(kg, tmp_path)
    meta = json.loads((folder / META_FILE).read_text())
    meta["graph_hash"] = "stale"
    (folder / META_FILE).write_text(json.dumps(meta))
    engine = Engine.open(kg.store, folder, kg.settings, embedder=kg.engine.embedder,
                         graph_hash=kg.release.meta["graph_hash"])
    assert engine.index.graph_hash == kg.release.meta["graph_hash"]
    assert VectorIndex.load(folder).graph_hash == kg.release.meta["graph_hash"]  # saved again


def test_corrupted_index_is_detected_and_rebuilt(kg, tmp_path):
    folder = copy_release(kg, tmp_path)
    data = (folder / VECTORS_FILE).read_bytes()
    (folder / VECTORS_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(SearchIndexError, match="corrupted or truncated"):
        VectorIndex.load(folder)
    engine = Engine.open(kg.store, folder, kg.settings, embedder=kg.engine.embedder,
                         graph_hash=kg.release.meta["graph_hash"])
    assert engine.search("MLflow", 1)[0].iri.endswith("tool/mlflow")
    VectorIndex.load(folder)  # repaired on disk


def test_damaged_metadata_is_detected(tmp_path):
    (tmp_path / META_FILE).write_text("{not json")
    (tmp_path / VECTORS_FILE).write_bytes(b"")
    with pytest.raises(SearchIndexError, match="damaged"):
        VectorIndex.load(tmp_path)


def test_memory_store_answers_like_oxigraph(build_dir):
    memory = KnowledgeGraph(Settings.load(build_dir=build_dir, store="memory"))
    rows = memory.query("SELECT ?t WHERE { ?t mlo:hasCategory category:vector-database }").rows
    assert len(rows) >= 5


def test_approximate_index_recall_against_exact(tmp_path):
    import numpy as np
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(40, 64))
    data = centres[rng.integers(0, 40, 3000)] + 0.3 * rng.normal(size=(3000, 64))
    data = (data / np.linalg.norm(data, axis=1, keepdims=True)).astype("float32")
    iris = [f"urn:x:{i}" for i in range(len(data))]
    exact = VectorIndex.create(data, iris, "m", "h")
    approx = VectorIndex.create(data, iris, "m", "h", approximate=True)
    approx.set_probe_share(0.25)
    assert approx.approximate and not exact.approximate
    recall = np.mean([len({i for i, _ in exact.search(q, 10)} & {i for i, _ in approx.search(q, 10)}) / 10
                      for q in data[:200]])
    assert recall >= 0.95
    approx.save(tmp_path)
    loaded = VectorIndex.load(tmp_path)
    assert loaded.approximate
    assert np.allclose(loaded.vector_of([0, 1]), data[:2], atol=1e-6)  # readable back for re-embedding
