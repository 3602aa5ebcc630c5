"""A remote SPARQL server as the graph store (queries through SPARQLWrapper), and uploading a build to
it through the SPARQL 1.1 Graph Store Protocol. Tested against Oxigraph server; see docs/scaling.md."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import httpx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from ontology.namespace import sparql_prefixes

from .errors import QueryError, QueryTimeout, ResultTooLarge, StoreError
from .store import QueryResult, check_query


def term_from_json(binding: dict) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


class RemoteStore:
    """A SPARQL 1.1 endpoint, e.g. http://127.0.0.1:7879/query for Oxigraph server."""

    name = "remote"

    def __init__(self, endpoint: str):
        self.endpoint = endpoint if "/query" in endpoint or "/sparql" in endpoint else endpoint.rstrip("/") + "/query"

    def _client(self, sparql: str, timeout: float) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoint)
        client.setQuery(sparql)
        client.setTimeout(max(1, int(timeout + 0.999)))
        client.setMethod("POST")
        return client

    def query(self, sparql: str, *, timeout: float, max_rows: int) -> QueryResult:
        check_query(sparql)
        sparql = sparql_prefixes() + sparql if "PREFIX mlo:" not in sparql else sparql
        start = time.perf_counter()
        client = self._client(sparql, timeout)
        kind = client.queryType
        try:
            if kind in ("CONSTRUCT", "DESCRIBE"):
                client.setReturnFormat(TURTLE)
                graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
                if len(graph) > max_rows:
                    raise ResultTooLarge(f"the query returned more than {max_rows} triples; add a LIMIT")
                out = QueryResult("graph", graph=graph)
            else:
                client.setReturnFormat(JSON)
                data = client.queryAndConvert()
                if "boolean" in data:
                    out = QueryResult("ask", boolean=bool(data["boolean"]))
                else:
                    variables = data["head"]["vars"]
                    bindings = data["results"]["bindings"]
                    if len(bindings) > max_rows:
                        raise ResultTooLarge(f"the query returned more than {max_rows} rows; add a LIMIT")
                    rows = [tuple(term_from_json(b[v]) if v in b else None for v in variables) for b in bindings]
                    out = QueryResult("select", variables, rows)
        except QueryBadFormed as exc:
            raise QueryError(f"the server refused the query: {' '.join(str(exc).split())[:300]}") from None
        except (SPARQLWrapperException, OSError, ValueError) as exc:
            if "timed out" in str(exc).lower():
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped") from None
            raise StoreError(f"the SPARQL server at {self.endpoint} failed: {' '.join(str(exc).split())[:300]}") from None
        out.elapsed_ms = (time.perf_counter() - start) * 1000
        return out

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", timeout=120, max_rows=50_000_000)
        yield from result.graph

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        for s, p, o in self.triples():  # the server's default graph (or its union, as it is configured)
            yield s, p, o, None

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=60, max_rows=1)
        return int(result.rows[0][0])

    def close(self) -> None:
        pass


def push_build(graph_file: Path, store_url: str, named: dict[str, Path] | None = None, timeout: float = 300) -> int:
    """PUT the build's default graph and each ingested named graph into the server (Graph Store
    Protocol); returns the number of triples sent."""
    from .builds import GRAPH_BASE

    base = store_url.split("?", 1)[0].rstrip("/")
    uploads = [(f"{base}?default", Path(graph_file), "text/turtle", "turtle")]
    uploads += [(f"{base}?graph={GRAPH_BASE}{name}", path, "application/n-triples", "nt") for name, path in (named or {}).items()]
    total = 0
    for url, path, media, fmt in uploads:
        data = path.read_bytes()
        try:
            response = httpx.put(url, content=data, headers={"Content-Type": media}, timeout=timeout)
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach {url}: {exc}") from None
        if response.status_code >= 300:
            raise StoreError(f"{url} answered {response.status_code}: {response.text[:200]}")
        total += len(Graph().parse(data=data, format=fmt))
    return total
