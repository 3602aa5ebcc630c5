"""The served SPARQL endpoint and JSON API (a real `mlopskg serve` process on 127.0.0.1), limits and
errors as HTTP statuses, a bounded load test, and the remote store against a real Oxigraph server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper
from starlette.testclient import TestClient

from mlopskg import KnowledgeGraph, Settings
from mlopskg.server import create_app

from .conftest import ROOT, free_port, stop, wait_for

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def server(build_dir):
    port = free_port()
    env = {**os.environ, "MLOPSKG_BUILD_DIR": str(build_dir), "MLOPSKG_PORT": str(port)}
    proc = subprocess.Popen([sys.executable, "-m", "mlopskg.cli", "serve"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/health", proc)
        yield url
    finally:
        stop(proc)


def test_sparqlwrapper_select_in_every_format(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery("PREFIX mlo: <https://w3id.org/mlops-kg/ontology#> "
                    "SELECT ?t WHERE { ?t mlo:hasCategory <https://w3id.org/mlops-kg/id/category/vector-database> }")
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert {"type": "uri", "value": "https://w3id.org/mlops-kg/id/tool/qdrant"} in [r["t"] for r in rows]
    client.setReturnFormat(XML)
    assert "qdrant" in client.queryAndConvert().toxml()
    client.setReturnFormat(CSV)
    assert b"tool/milvus" in client.queryAndConvert()


def test_post_bodies_tsv_and_construct(server):
    query = "SELECT ?p WHERE { ?p a mlo:LifecyclePhase }"
    tsv = httpx.post(f"{server}/sparql", content=query, headers={"Content-Type": "application/sparql-query",
                                                                  "Accept": "text/tab-separated-values"})
    assert tsv.status_code == 200 and tsv.text.startswith("?p") and len(tsv.text.splitlines()) == 9
    graph = httpx.post(f"{server}/sparql", data={"query": "CONSTRUCT { ?t a mlo:Tool } WHERE { ?t a mlo:Tool }"},
                       headers={"Accept": "application/n-triples"})
    assert graph.status_code == 200 and graph.headers["content-type"].startswith("application/n-triples")
    assert len(graph.text.strip().splitlines()) >= 80


def test_service_description(server):
    response = httpx.get(f"{server}/sparql")
    assert response.status_code == 200 and "sd:Service" in response.text


@pytest.mark.parametrize("request_kwargs", [
    {"params": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"method": "POST", "content": "DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "POST", "data": {"query": "DROP ALL"}},
])
def test_updates_are_refused_with_403(server, request_kwargs):
    kwargs = dict(request_kwargs)
    method = kwargs.pop("method", "GET")
    response = httpx.request(method, f"{server}/sparql", **kwargs)
    assert response.status_code == 403 and "read-only" in response.json()["error"]
    assert httpx.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_malformed_query_is_400_with_the_parsers_message(server):
    response = httpx.get(f"{server}/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert "syntax error" in response.json()["error"] and "Traceback" not in response.text


def test_json_api(server):
    answer = httpx.get(f"{server}/api/ask", params={"q": "Which tools cover monitoring at level 2?"}).json()
    assert answer["interpretation"]["intent"] == "tools" and answer["answers"]
    hits = httpx.get(f"{server}/api/search", params={"q": "k8s", "k": 3, "type": "tool"}).json()
    assert hits[0]["iri"].endswith("tool/kubernetes")
    entity = httpx.get(f"{server}/api/entity", params={"iri": "https://w3id.org/mlops-kg/id/tool/mlflow"}).json()
    assert entity["label"] == "MLflow" and entity["sources"]
    turtle = httpx.get(f"{server}/api/export", params={"format": "turtle"})
    assert turtle.status_code == 200 and "@prefix mlo:" in turtle.text
    spec = httpx.get(f"{server}/openapi.json").json()
    assert set(spec["paths"]) == {"/sparql", "/api/ask", "/api/search", "/api/entity", "/api/export"}


@pytest.mark.parametrize("path,params,status", [
    ("/api/ask", {"q": ""}, 400), ("/api/ask", {"q": "x" * 5000}, 400), ("/api/search", {"q": "x", "k": "-1"}, 400),
    ("/api/search", {"q": "x", "type": "spaceship"}, 400), ("/api/entity", {"iri": "javascript:alert(1)"}, 400),
    ("/api/entity", {"iri": "https://example.org/nothing"}, 404), ("/api/export", {"format": "yaml"}, 400),
])
def test_bad_parameters_get_clear_errors(server, path, params, status):
    response = httpx.get(f"{server}{path}", params=params)
    assert response.status_code == status and response.json()["error"]


def test_injection_through_parameters_does_not_change_the_query(server):
    hostile = 'feature stores"} } DROP ALL ; SELECT * WHERE { ?s ?p ?o'
    answer = httpx.get(f"{server}/api/ask", params={"q": hostile}).json()
    assert "DROP" not in answer["sparql"] and "?s ?p ?o" not in answer["sparql"]


def test_time_and_row_limits_are_408_and_413(build_dir):
    with TestClient(create_app(KnowledgeGraph(Settings.load(build_dir=build_dir, max_rows=50)))) as few_rows:
        many = few_rows.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert many.status_code == 413 and "LIMIT" in many.json()["error"]
        assert few_rows.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"}).status_code == 200
    with TestClient(create_app(KnowledgeGraph(Settings.load(build_dir=build_dir, query_timeout=0.001)))) as short_time:
        product = short_time.get("/sparql", params={"query": "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 9000"})
        assert product.status_code == 408 and "longer than" in product.json()["error"]


def test_a_runaway_query_ends_its_worker_not_the_server(build_dir):
    """Oxigraph cannot stop a query that is sorting or counting: the worker process running it is ended."""
    kg = KnowledgeGraph(Settings.load(build_dir=build_dir, query_timeout=1, query_memory_mb=300, query_workers=1))
    ask_all = {"query": "ASK { ?s ?p ?o }"}
    with TestClient(create_app(kg)) as client:
        assert client.get("/sparql", params=ask_all).json()["boolean"] is True
        (worker,) = kg.workers._all
        # 10^8 rows to sort: past 300 MB within a second
        huge_sort = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a LIMIT 1"})
        assert huge_sort.status_code == 413 and "MB of memory" in huge_sort.json()["error"]
        assert worker.process.returncode is not None and kg.workers._all == []
        assert client.get("/sparql", params=ask_all).json()["boolean"] is True
        (worker,) = kg.workers._all
        # 10^12 rows to count, in constant memory: stopped by time
        endless = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        assert endless.status_code == 408 and "longer than 1 s" in endless.json()["error"]
        with pytest.raises(ProcessLookupError):
            os.kill(worker.process.pid, 0)
        assert client.get("/sparql", params=ask_all).json()["boolean"] is True
        (worker,) = kg.workers._all
    assert worker.process.returncode is not None  # stopped when the app shut down


def test_bounded_load_has_no_errors(server):
    """8 clients for 5 s on /sparql and /api/ask (the full 20 × 30 s run is in bench/)."""
    deadline = time.monotonic() + 5

    def client(i: int) -> tuple[int, int]:
        ok = bad = 0
        with httpx.Client(timeout=30) as http:
            while time.monotonic() < deadline:
                if i % 2:
                    r = http.get(f"{server}/sparql", params={"query": "SELECT ?t WHERE { ?t a mlo:Tool } LIMIT 20"})
                else:
                    r = http.get(f"{server}/api/ask", params={"q": "Which tools cover data preparation at level 1?"})
                ok, bad = (ok + 1, bad) if r.status_code == 200 else (ok, bad + 1)
        return ok, bad

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(client, range(8)))
    assert sum(b for _, b in results) == 0 and sum(o for o, _ in results) > 8


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/query?query=ASK%7B%7D", proc, 30)
        yield url
    finally:
        stop(proc)


def test_remote_store_against_a_real_oxigraph_server(oxigraph_server, build_dir, kg, tmp_path):
    from mlopskg.remote import push_build

    assert push_build(kg.release.graph_file, f"{oxigraph_server}/store") == kg.stats()["triples"]
    remote = KnowledgeGraph(Settings.load(build_dir=tmp_path, store=f"sparql+{oxigraph_server}"))
    assert remote.stats()["counts"] == kg.stats()["counts"]
    assert {a.iri for a in remote.ask("Which tools cover monitoring at level 2?").answers} == \
        {a.iri for a in kg.ask("Which tools cover monitoring at level 2?").answers}
    assert remote.search("W&B", 1)[0].iri.endswith("weights-and-biases")
    from rdflib import Graph
    assert len(Graph().parse(data=remote.export("nt"), format="nt")) == kg.stats()["triples"]
    with pytest.raises(Exception, match="syntax error"):
        remote.query("SELEC nothing")


def test_remote_index_follows_the_texts_on_the_server(oxigraph_server, build_dir, kg, tmp_path, monkeypatch):
    """The index of a remote store is checked against the texts it embeds, without reading the whole graph;
    when one text changes on the server, only that entity is embedded again."""
    import search.engine
    from mlopskg.remote import push_build

    class Counting:  # the session's model, counting what it embeds
        def __init__(self, inner):
            self.inner, self.name, self.dim, self.texts = inner, inner.name, inner.dim, []

        def encode(self, texts):
            self.texts += list(texts)
            return self.inner.encode(texts)

    counting = Counting(kg.engine.embedder)
    monkeypatch.setattr(search.engine, "SentenceTransformerEmbedder", lambda model: counting)
    push_build(kg.release.graph_file, f"{oxigraph_server}/store")
    settings = Settings.load(build_dir=tmp_path, store=f"sparql+{oxigraph_server}")
    KnowledgeGraph(settings).engine  # builds the index
    assert len(counting.texts) == len(kg.engine.documents)
    counting.texts.clear()
    KnowledgeGraph(settings).engine
    assert counting.texts == []
    label = "Zanzibar flow orchestrator"
    update = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> INSERT DATA { "
              f"<https://w3id.org/mlops-kg/id/tool/kubeflow> skos:altLabel \"{label}\"@en }}")
    assert httpx.post(f"{oxigraph_server}/update", data={"update": update}).status_code < 300
    changed = KnowledgeGraph(settings)
    changed.engine
    assert len(counting.texts) == 1 and counting.texts[0].startswith("Kubeflow") and label in counting.texts[0]
    assert changed.search(label, 1)[0].iri.endswith("tool/kubeflow")
