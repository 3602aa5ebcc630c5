"""Export the graph in the standard RDF formats, with the prefixes bound."""

from __future__ import annotations

from rdflib import Dataset, Graph

from ontology.namespace import PREFIXES

from .errors import InputError

# name -> (rdflib format, media type, file suffix)
FORMATS: dict[str, tuple[str, str, str]] = {
    "turtle": ("turtle", "text/turtle", "ttl"),
    "json-ld": ("json-ld", "application/ld+json", "jsonld"),
    "nt": ("nt", "application/n-triples", "nt"),
    "xml": ("xml", "application/rdf+xml", "rdf"),
    "trig": ("trig", "application/trig", "trig"),
    "nquads": ("nquads", "application/n-quads", "nq"),
}


def serialize(graph: Graph | Dataset, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    if fmt == "json-ld":
        context = {p: iri for p, iri in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=FORMATS[fmt][0], encoding="utf-8")
