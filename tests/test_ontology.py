"""The ontology matches its namespace class and the vocabulary contract; the built graph holds the
backbone IRIs and the minimum coverage."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from ontology.namespace import MLO, ONTOLOGY_FILE, SHAPES_FILE, expand

from .conftest import ROOT, SHARED

CONTRACT = SHARED / "contract" / "ontology.md"
COVERAGE = SHARED / "contract" / "coverage.md"


def test_ontology_parses_and_matches_namespace_class():
    graph = Graph().parse(ONTOLOGY_FILE)
    declared = {str(s)[len(str(MLO._NS)):] for s in graph.subjects() if str(s).startswith(str(MLO._NS))}
    in_class = {name for name in MLO.__annotations__}
    assert declared == in_class
    assert (URIRef("https://w3id.org/mlops-kg/ontology"), RDF.type, OWL.Ontology) in graph
    assert Graph().parse(SHAPES_FILE)  # the shapes parse too


def test_namespace_class_is_closed():
    with pytest.raises(AttributeError):
        MLO.Tol  # noqa: B018 - a typo must fail, not mint an IRI


@pytest.mark.skipif(not CONTRACT.exists(), reason="the shared contract is not beside the repository")
def test_every_contract_term_is_declared():
    text = CONTRACT.read_text(encoding="utf-8")
    terms = set(re.findall(r"`mlo:([A-Za-z]+)`", text)) | set(re.findall(r"\bmlo:([A-Za-z]+)\b", text))
    graph = Graph().parse(ONTOLOGY_FILE)
    missing = sorted(t for t in terms if (MLO._NS[t], None, None) not in graph)
    assert not missing


def contract_iris() -> list[str]:
    text = CONTRACT.read_text(encoding="utf-8") if CONTRACT.exists() else ""
    return sorted(set(re.findall(r"`((?:phase|level|model|role|capability):[a-z0-9-]+)`", text)))


def coverage_iris() -> list[str]:
    if not COVERAGE.exists():
        return []
    text = COVERAGE.read_text(encoding="utf-8")
    out: set[str] = set()
    tools = text.split("## Tools")[1].split("Licences change")[0]
    out |= {f"tool:{slug}" for slug in re.findall(r"([a-z0-9-]+) \[", tools)}
    cats = text.split("## Tool categories")[1].split("## Tools")[0]
    out |= {f"category:{slug}" for slug in re.findall(r"\b([a-z][a-z0-9-]+)\b", cats.split("\n\n", 1)[1])}
    pubs = text.split("## Publications")[1].split("## Statistics")[0]
    out |= {f"publication:{slug}" for slug in re.findall(r"\b([a-z]+(?:-[a-z]+)*-\d{4}(?:-[a-z0-9]+)+|google-mlops-continuous-delivery|microsoft-mlops-maturity-model|aws-mlops-foundation-roadmap)\b", pubs)}
    stats = text.split("## Statistics")[1]
    out |= {f"statistic:{slug}" for slug in re.findall(r"\b([a-z]+(?:-[a-z0-9]+)+) \(", stats)}
    return sorted(out)


@pytest.mark.skipif(not CONTRACT.exists(), reason="the shared contract is not beside the repository")
@pytest.mark.parametrize("curie", contract_iris() + coverage_iris())
def test_backbone_and_coverage_iris_exist(kg, curie):
    assert kg.query(f"ASK {{ <{expand(curie)}> a ?type ; skos:prefLabel ?label }}").boolean, curie


def test_coverage_counts(kg):
    counts = kg.stats()["counts"]
    assert counts["phases"] == 8
    assert counts["roles"] == 13
    assert counts["tools"] >= 80
    assert counts["capabilities"] >= 40
    llmops = kg.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a mlo:Capability ; mlo:llmopsSpecific true }").rows[0][0]
    assert int(llmops) >= 8


def test_every_instance_has_label_definition_and_source(kg):
    rows = kg.query("""
        SELECT ?s WHERE {
          VALUES ?type { mlo:LifecyclePhase mlo:MaturityLevel mlo:MaturityModel mlo:Capability mlo:Tool
                         mlo:ToolCategory mlo:Role mlo:Skill mlo:Organization mlo:CostEstimate mlo:Publication mlo:Statistic }
          ?s a ?type .
          FILTER NOT EXISTS { ?s skos:prefLabel ?l ; skos:definition ?d ; prov:wasDerivedFrom ?src ;
                                 mlo:sourceKind ?k ; mlo:lastVerified ?v }
        }""").rows
    assert rows == []


def test_every_phase_and_level_is_covered_more_than_once(kg):
    per_phase = kg.query("SELECT ?p (COUNT(DISTINCT ?n) AS ?levels) WHERE { ?c mlo:inPhase ?p ; "
                         "mlo:introducedAtLevel/mlo:levelNumber ?n } GROUP BY ?p").rows
    assert len(per_phase) == 8 and all(int(n) > 1 for _, n in per_phase)
    per_level = kg.query("SELECT ?n (COUNT(DISTINCT ?p) AS ?phases) WHERE { ?c mlo:inPhase ?p ; "
                         "mlo:introducedAtLevel/mlo:levelNumber ?n } GROUP BY ?n").rows
    assert len(per_level) == 5 and all(int(n) > 1 for _, n in per_level)


def test_every_tool_implements_and_every_role_performs(kg):
    assert kg.query("ASK { ?t a mlo:Tool FILTER NOT EXISTS { ?t mlo:implements ?c } }").boolean is False
    assert kg.query("ASK { ?r a mlo:Role FILTER NOT EXISTS { ?c mlo:performedBy ?r } }").boolean is False


def test_paper_cites_exactly_its_two_confirmed_references(kg):
    rows = kg.query("SELECT ?r WHERE { publication:stone-2025-navigating-mlops cito:cites ?r }").rows
    assert {str(r[0]).rsplit("/", 1)[-1] for r in rows} == {"business-insights-2025-mlops-market",
                                                           "algorithmia-2020-enterprise-ml"}


def test_derived_facts_are_materialised(kg):
    # coversPhase includes every phase of every implemented capability
    assert kg.query("ASK { ?t mlo:implements ?c . ?c mlo:inPhase ?p FILTER NOT EXISTS { ?t mlo:coversPhase ?p } }").boolean is False
    # alternativeTo is symmetric, implements is the inverse of implementedBy
    assert kg.query("ASK { ?a mlo:alternativeTo ?b FILTER NOT EXISTS { ?b mlo:alternativeTo ?a } }").boolean is False
    assert kg.query("ASK { ?c mlo:implementedBy ?t FILTER NOT EXISTS { ?t mlo:implements ?c } }").boolean is False
    # availableFromLevel is the lowest level of the implemented capabilities
    assert kg.query("""ASK { ?t mlo:availableFromLevel/mlo:levelNumber ?n ; mlo:implements/mlo:introducedAtLevel/mlo:levelNumber ?m
                          FILTER(?m < ?n) }""").boolean is False
    # precedes links consecutive phases, feedback from monitoring to collection and training
    assert len(kg.query("SELECT * WHERE { ?a mlo:precedes ?b }").rows) == 7
    assert {str(r[0]).rsplit("/", 1)[-1] for r in kg.query(
        "SELECT ?p WHERE { phase:continuous-monitoring mlo:feedsBackTo ?p }").rows} >= {"data-collection", "model-training"}


def test_people_cost_is_the_sum_of_staffing_times_salaries(kg):
    rows = kg.query("""
        SELECT ?n ?min (SUM(?fte * ?lo) AS ?expected) WHERE {
          ?c mlo:costCategory mlo:PeopleCost ; mlo:atLevel/mlo:levelNumber ?n ; schema:minValue ?min .
          ?s a mlo:Staffing ; mlo:atLevel/mlo:levelNumber ?n ; mlo:forRole ?r ; mlo:fte ?fte .
          ?r mlo:annualSalary/schema:minValue ?lo .
        } GROUP BY ?n ?min""").rows
    assert len(rows) == 5
    for _, actual, expected in rows:
        assert abs(float(actual) - float(expected)) < 1.0


def test_data_readme_lists_every_data_file():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for path in (ROOT / "data").glob("*.yaml"):
        assert f"`{path.name}`" in readme, path.name
