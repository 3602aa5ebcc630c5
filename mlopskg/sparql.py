"""SPARQL results in the standard formats: SPARQL 1.1 JSON, XML, CSV and TSV."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ontology.namespace import curie

from .errors import InputError
from .store import QueryResult

RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}


def term_json(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out: dict = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = str(term.datatype)
    return out


def to_json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    if result.kind == "graph":
        raise InputError("a CONSTRUCT or DESCRIBE result is a graph: export it as RDF, not SPARQL JSON")
    bindings = [{v: term_json(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False)


def to_xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    if result.kind == "ask":
        out += ["</head>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out)
    out += [f'<variable name="{escape(v)}"/>' for v in result.variables] + ["</head>", "<results>"]
    for row in result.rows:
        out.append("<result>")
        for var, term in zip(result.variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{escape(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{escape(str(term))}</bnode>"
            else:
                attrs = f' xml:lang="{term.language}"' if term.language else (
                    f' datatype="{escape(str(term.datatype))}"' if term.datatype else "")
                value = f"<literal{attrs}>{escape(str(term))}</literal>"
            out.append(f'<binding name="{escape(var)}">{value}</binding>')
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out)


def to_delimited(result: QueryResult, delimiter: str = ",") -> str:
    if result.kind == "ask":
        return f"boolean\n{'true' if result.boolean else 'false'}\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.variables if delimiter == "," else [f"?{v}" for v in result.variables])
    for row in result.rows:
        writer.writerow(["" if t is None else (t.n3() if delimiter == "\t" else str(t)) for t in row])
    return buffer.getvalue()


def render(result: QueryResult, fmt: str) -> str:
    if fmt == "json":
        return to_json(result)
    if fmt == "xml":
        return to_xml(result)
    if fmt == "csv":
        return to_delimited(result, ",")
    if fmt == "tsv":
        return to_delimited(result, "\t")
    raise InputError(f"unknown result format {fmt!r}; choose one of {', '.join(RESULT_TYPES)}")


def short(term: Node | None) -> str:
    """A term for people: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(str(term))
    return str(term)
