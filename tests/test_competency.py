"""Each competency question of the contract, answered by one of the packaged example queries, returns
the expected rows on a small fixture graph (tests/fixtures/data)."""

from __future__ import annotations


import pytest

from ingest.pipeline import build_graph
from ingest.sources import CuratedYamlSource
from mlopskg.store import MemoryStore

from .conftest import FIXTURES, ROOT

QUERIES = ROOT / "mlopskg" / "queries"


@pytest.fixture(scope="module")
def fixture_store() -> MemoryStore:
    return MemoryStore(build_graph(CuratedYamlSource(FIXTURES / "data")).graph)


def rows(store: MemoryStore, name: str) -> list[tuple[str, ...]]:
    result = store.query((QUERIES / name).read_text(encoding="utf-8"), timeout=30, max_rows=1000)
    return [tuple("" if t is None else str(t).rsplit("/", 1)[-1] for t in row) for row in result.rows]


EXPECTED = {
    "01-tools-for-phase-at-level.rq": [("evidently", "Evidently")],
    "02-open-source-managed-tools.rq": [("kserve", "KServe", "false")],
    "03-roles-at-level-and-phase.rq": [("ml-engineer", "ML engineer", "2"),
                                       ("mlops-engineer", "MLOps engineer", "1")],
    "04-role-tools-and-skills.rq": [("skill", "Python"), ("tool", "Evidently"), ("tool", "KServe")],
    "05-capabilities-new-at-level.rq": [("drift-detection", "Drift detection", "Continuous monitoring"),
                                        ("llm-observability", "LLM observability", "Continuous monitoring")],
    "06-cost-per-level.rq": [("2", "Infrastructure", "10", "20"), ("2", "Licences", "1", "2"),
                             ("2", "People", "310", "610")],
    "08-level-alignments.rq": [("AWS model", "AWS Initial", "closeMatch", "Level 0")],
    "09-model-levels.rq": [("aws-1", "1", "AWS Initial"), ("aws-2", "2", "AWS Repeatable")],
    "11-llmops-tools-and-capabilities.rq": [("capability", "LLM observability"), ("tool", "Langfuse")],
    "13-publications-about.rq": [("drift-paper", "Drift paper", "2014", "false"),
                                 ("stone-2025-navigating-mlops", "Navigating MLOps", "2025", "false")],
    "14-paper-citations-and-statistics.rq": [("Reference one", "A share", "55", "percent")],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_competency_query_rows(fixture_store, name):
    assert rows(fixture_store, name) == EXPECTED[name]


def test_cost_assumptions_are_returned(fixture_store):
    found = rows(fixture_store, "07-cost-assumptions.rq")
    assert [r[0] for r in found] == ["Infrastructure", "Licences", "People"]
    people = found[2][3]
    assert "2 × ML engineer" in people and "1 × MLOps engineer" in people


def test_phase_order_and_loops(fixture_store):
    found = rows(fixture_store, "10-phases-in-order.rq")
    assert found[0][:3] == ("1", "Business needs", "Data collection and generation")
    assert {r[3] for r in found if r[1] == "Continuous monitoring"} == {"Data collection and generation", "Model training"}


def test_tool_profile_and_provenance(fixture_store):
    (profile,) = rows(fixture_store, "12-tool-profile.rq")
    assert profile[:3] == ("Apache-2.0", "Open source", "Acme") and profile[5] == "W and B"
    assert rows(fixture_store, "15-provenance.rq")[0][1:4] == ("Fixture", "fixture", "Official documentation")


def test_every_query_file_is_tested():
    tested = set(EXPECTED) | {"07-cost-assumptions.rq", "10-phases-in-order.rq", "12-tool-profile.rq", "15-provenance.rq"}
    assert {p.name for p in QUERIES.glob("*.rq")} == tested


@pytest.fixture(scope="module")
def real_stores(kg):
    """The real build on each store: embedded Oxigraph in memory (the default) and on disk, and rdflib."""
    from mlopskg.store import OxigraphStore
    release = kg.release
    return {"in memory": OxigraphStore.load(release.graph_file, release.named_files),
            "on disk": OxigraphStore.open(release.store_dir),
            "rdflib": MemoryStore.from_files(release.graph_file, release.named_files)}


def comparable(row: tuple[str, ...]) -> tuple[str, ...]:
    """Numbers by value ("55" and "55.0" are one decimal), GROUP_CONCAT parts as sets (SPARQL leaves
    their order open)."""
    def cell(text: str) -> str:
        try:
            return repr(float(text))
        except ValueError:
            return ", ".join(sorted(text.split(", ")))
    return tuple(map(cell, row))


@pytest.mark.parametrize("name", sorted(p.name for p in QUERIES.glob("*.rq")))
def test_stores_agree_on_the_real_graph(real_stores, name):
    answers = {store: sorted(map(comparable, rows(s, name))) for store, s in real_stores.items()}
    assert answers["in memory"], f"{name} returns nothing on the real graph"
    assert answers["in memory"] == answers["on disk"] == answers["rdflib"]


def test_the_embedded_store_is_held_in_memory_up_to_the_setting(build_dir):
    from mlopskg import KnowledgeGraph
    from mlopskg.settings import Settings
    small = KnowledgeGraph(Settings.load(build_dir=build_dir))
    large = KnowledgeGraph(Settings.load(build_dir=build_dir, in_memory_triples=0))
    assert small.store.location is None
    assert large.store.location == large.release.store_dir
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert small.query(query).rows == large.query(query).rows
