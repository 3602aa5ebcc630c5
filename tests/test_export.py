"""Exports parse back to the same graph; the DCAT description is in them."""

from __future__ import annotations

import pytest
from decimal import Decimal

from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, XSD

from ingest.pipeline import DATASET


def canonical(graph: Graph) -> Graph:
    """Literals by value: 1.0 and 1 are the same xsd:decimal whichever serialiser wrote them."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def store_graph(kg) -> Graph:
    return canonical(kg.graph())


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("json-ld", "json-ld"), ("nt", "nt"), ("xml", "xml")])
def test_export_round_trip(kg, store_graph, fmt, parser):
    parsed = canonical(Graph().parse(data=kg.export(fmt), format=parser))
    assert isomorphic(parsed, store_graph)


def test_turtle_binds_prefixes_and_describes_the_dataset(kg):
    text = kg.export("turtle").decode("utf-8")
    assert "@prefix mlo: <https://w3id.org/mlops-kg/ontology#>" in text
    assert "@prefix tool: <https://w3id.org/mlops-kg/id/tool/>" in text
    graph = Graph().parse(data=text, format="turtle")
    assert (DATASET, RDF.type, DCAT.Dataset) in graph
    assert len(list(graph.objects(DATASET, DCAT.distribution))) == 4


def test_unknown_format_is_refused(kg):
    from mlopskg.errors import InputError
    with pytest.raises(InputError, match="unknown export format"):
        kg.export("yaml")
