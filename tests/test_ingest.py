"""Ingesting an organisation's own files as named graphs: CSV, BibTeX, YAML and RDF; validation, skipping,
replacing, removing, incremental embedding, and answers that say which graph a fact came from."""

from __future__ import annotations

import csv
import shutil

import pytest
from rdflib import Dataset, Graph

from mlopskg import DataError, KnowledgeGraph, Settings
from mlopskg.errors import InputError

from .conftest import ROOT


@pytest.fixture(scope="module")
def own_kg(build_dir, tmp_path_factory) -> KnowledgeGraph:
    """A copy of the session build that the ingest tests may change."""
    folder = tmp_path_factory.mktemp("ingest-build")
    target = folder / "build"
    shutil.copytree(build_dir, target, symlinks=True)
    return KnowledgeGraph(Settings.load(build_dir=target, data_dir=ROOT / "data"))


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    with (folder / "internal-tools.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "label", "definition", "categories", "capabilities", "license_type", "delivery",
                         "llmops", "sources", "integrates_with"])
        for i in range(200):
            writer.writerow([f"acme-store-{i}", f"Acme Store {i}", f"Acme's internal feature store number {i}.",
                             "feature-store", "feature-store", "Proprietary", "SelfHosted", "false",
                             "https://intranet.example.org/platform", "mlflow"])
    with (folder / "papers.bib").open("w", encoding="utf-8") as handle:
        for i in range(500):
            handle.write(f"@article{{acme{i},\n title={{Internal report {i} on model monitoring}},\n"
                         f" author={{Doe, Jane and Roe, Richard}},\n year={{{2000 + i % 25}}},\n"
                         f" journal={{Acme Reports}},\n url={{https://intranet.example.org/reports/{i}}},\n"
                         f" mlops-about={{phase:continuous-monitoring}}\n}}\n\n")
    (folder / "mixed.csv").write_text(
        "id,label,definition,categories,capabilities,license_type,delivery,llmops,sources\n"
        "good-one,Good One,A fine tool.,model-serving,model-serving,OpenSource,SelfHosted,false,https://example.org/a\n"
        "bad-one,Bad One,A broken tool.,model-serving,time-travel,OpenSource,SelfHosted,false,https://example.org/b\n",
        encoding="utf-8")
    (folder / "broken.bib").write_text("@article{x, title={never closed", encoding="utf-8")
    (folder / "broken.ttl").write_text(
        "@prefix mlo: <https://w3id.org/mlops-kg/ontology#> .\n"
        "<https://w3id.org/mlops-kg/id/tool/x> a mlo:Tool ;\n  mlo:vendor \"never closed .\n", encoding="utf-8")
    (folder / "half.ttl").write_text(
        "@prefix mlo: <https://w3id.org/mlops-kg/ontology#> .\n"
        "<https://w3id.org/mlops-kg/id/tool/half> a mlo:Tool .\n", encoding="utf-8")
    return folder


def test_csv_and_bibtex_land_in_their_own_graphs(own_kg, files):
    report = own_kg.ingest(files / "internal-tools.csv", "internal-tools")
    assert report.indexed == 200  # only the new entities are embedded
    own_kg.ingest(files / "papers.bib")
    names = {g["name"]: g for g in own_kg.graphs()}
    assert set(names) == {"curated", "internal-tools", "papers"}
    assert names["internal-tools"]["triples"] > 2000 and names["papers"]["sha256"]

    answer = own_kg.ask("Which tools are feature stores?")
    graphs = {a.label: a.graph for a in answer.answers}
    assert graphs["Feast"] == "curated" and graphs["Acme Store 7"] == "internal-tools" and len(graphs) >= 204
    assert "graph" in answer.to_json()["answers"][0]
    literature = own_kg.ask("Which publications are about continuous monitoring?")
    assert sum(a.graph == "papers" for a in literature.answers) == 500


def test_trig_and_nquads_keep_the_graphs_apart(own_kg):
    dataset = Dataset()
    dataset.parse(data=own_kg.export("trig"), format="trig")
    named = {str(g.identifier).rsplit("/", 1)[-1] for g in dataset.graphs() if "mlops-kg/graph/" in str(g.identifier)}
    assert {"internal-tools", "papers"} <= named
    nquads = own_kg.export("nquads").decode("utf-8")
    assert "<https://w3id.org/mlops-kg/graph/papers>" in nquads


def test_reingesting_a_changed_file_replaces_its_graph(own_kg, files, tmp_path):
    smaller = tmp_path / "internal-tools.csv"
    lines = (files / "internal-tools.csv").read_text(encoding="utf-8").splitlines()
    smaller.write_text("\n".join(lines[:11]) + "\n", encoding="utf-8")
    report = own_kg.ingest(smaller, "internal-tools")
    assert report.indexed == 0  # every entity's text is unchanged
    tools = own_kg.query("SELECT (COUNT(?t) AS ?n) WHERE { ?t mlo:hasCategory category:feature-store }").rows[0][0]
    assert int(tools) == 4 + 10


def test_invalid_records_fail_the_ingest_and_change_nothing(own_kg, files):
    before = own_kg.graphs()
    with pytest.raises(DataError) as info:
        own_kg.ingest(files / "mixed.csv")
    assert any(p.file == "mixed.csv" and "line 3" in p.record and p.field == "capabilities" and "time-travel" in p.message
               for p in info.value.problems)
    assert [g["name"] for g in own_kg.graphs()] == [g["name"] for g in before]


def test_skip_invalid_ingests_the_rest_and_keeps_skipping(own_kg, files):
    report = own_kg.ingest(files / "mixed.csv", skip_invalid=True)
    assert any("bad-one" in s for s in report.skipped)
    assert own_kg.query("ASK { <https://w3id.org/mlops-kg/id/tool/good-one> a mlo:Tool }").boolean
    assert not own_kg.query("ASK { <https://w3id.org/mlops-kg/id/tool/bad-one> a mlo:Tool }").boolean
    own_kg.build(index=False)  # a later rebuild still leaves the bad record out
    own_kg.remove_graph("mixed")
    assert "mixed" not in {g["name"] for g in own_kg.graphs()}


@pytest.mark.parametrize("name,message", [("broken.bib", "not a valid BibTeX entry"), ("half.ttl", "needs"),
                                          ("broken.ttl", r"broken\.ttl: not valid Turtle: .*line 3")])
def test_bad_files_get_clear_errors(own_kg, files, name, message):
    with pytest.raises(DataError, match=message):
        own_kg.ingest(files / name)
    assert not list((own_kg.settings.build_dir / "releases").glob(".tmp-*"))  # the half-written build is gone


def test_bad_names_and_paths(own_kg, files, tmp_path):
    with pytest.raises(InputError, match="no file"):
        own_kg.ingest(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="graph name"):
        own_kg.ingest(files / "papers.bib", "Not A Name")
    with pytest.raises(InputError, match="no ingested graph"):
        own_kg.remove_graph("nothing")


ACME_TTL = """@prefix mlo: <https://w3id.org/mlops-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/mlops-kg/id/> .

<https://w3id.org/mlops-kg/id/tool/acme-graph-store> a mlo:Tool ;
    skos:prefLabel "Acme Graph Store"@en ; rdfs:label "Acme Graph Store"@en ;
    skos:definition "Acme's internal feature store, described in RDF."@en ;
    prov:wasDerivedFrom <https://w3id.org/mlops-kg/id/source/acme-wiki> ;
    mlo:sourceKind mlo:OfficialDocumentation ; mlo:lastVerified "2026-11-27"^^xsd:date ;
    mlo:hasCategory <https://w3id.org/mlops-kg/id/category/feature-store> ;
    mlo:implements <https://w3id.org/mlops-kg/id/capability/feature-store> ;
    mlo:licenseType mlo:Proprietary ; mlo:deliveryMode mlo:SelfHosted ; mlo:llmopsSpecific false .

<https://w3id.org/mlops-kg/id/source/acme-wiki> a mlo:WebSource ; skos:prefLabel "Acme wiki"@en ;
    dcterms:title "Acme wiki: Graph Store" ; schema:url <https://intranet.example.org/graph-store> .
"""


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt")])
def test_rdf_files_land_in_their_own_graph(own_kg, tmp_path, suffix, fmt):
    path = tmp_path / f"acme-rdf{suffix}"
    source = Graph().parse(data=ACME_TTL, format="turtle")
    path.write_bytes(source.serialize(format=fmt, encoding="utf-8"))
    report = own_kg.ingest(path)
    assert report.indexed >= 1
    sizes = {g["name"]: g["triples"] for g in own_kg.graphs()}
    assert sizes["acme-rdf"] == len(source) == 16
    tool = "<https://w3id.org/mlops-kg/id/tool/acme-graph-store>"
    assert own_kg.query(f"ASK {{ GRAPH <https://w3id.org/mlops-kg/graph/acme-rdf> {{ {tool} a mlo:Tool }} }}").boolean
    assert own_kg.query(f"ASK {{ {tool} mlo:coversPhase ?phase }}").boolean  # derived, in the default graph
    graphs = {a.label: a.graph for a in own_kg.ask("Which tools are feature stores?").answers}
    assert graphs["Acme Graph Store"] == "acme-rdf"
    own_kg.remove_graph("acme-rdf")
    assert not own_kg.query(f"ASK {{ {tool} ?p ?o }}").boolean
