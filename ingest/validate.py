"""SHACL validation of a built graph, with each violation traced back to its data file, record and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, Namespace

from mlopskg.errors import Problem
from ontology.namespace import BIBO, DOAP, MLO, SHAPES_FILE, curie

SH = Namespace("http://www.w3.org/ns/shacl#")

# property -> the YAML field it comes from
FIELDS: dict[URIRef, str] = {
    SKOS.prefLabel: "label", RDFS.label: "label", SKOS.altLabel: "alt_labels", SKOS.definition: "definition",
    PROV.wasDerivedFrom: "sources", MLO.sourceKind: "source_kind", MLO.lastVerified: "verified",
    RDFS.comment: "comment", MLO.order: "order", MLO.inModel: "model", MLO.levelNumber: "number",
    MLO.inPhase: "phases", MLO.introducedAtLevel: "level", MLO.llmopsSpecific: "llmops",
    MLO.implementedBy: "capabilities", MLO.implements: "capabilities", MLO.performedBy: "roles",
    MLO.requires: "requires", MLO.hasCategory: "categories", MLO.licenseType: "license_type",
    MLO.deliveryMode: "delivery", MLO.coversPhase: "phases", MLO.vendor: "vendor", SDO.license: "license",
    SDO.url: "url", DOAP.repository: "repository", MLO.alternativeTo: "alternatives",
    MLO.integratesWith: "integrates_with", MLO.categoryPhase: "phases", SKOS.broader: "broader",
    MLO.worksInPhase: "phases", MLO.neededFromLevel: "needed_from_level", MLO.responsibility: "responsibilities",
    MLO.usesTool: "tools", MLO.hasSkill: "skills", MLO.annualSalary: "salary", MLO.atLevel: "level",
    MLO.forRole: "role", MLO.costCategory: "category", SDO.minValue: "min", SDO.maxValue: "max",
    SDO.currency: "currency", MLO.period: "period", MLO.assumption: "assumption", MLO.fte: "fte",
    DCTERMS.title: "title", MLO.authorList: "authors", DCTERMS.issued: "year", BIBO.doi: "doi",
    RDF.value: "value", MLO.unit: "unit", MLO.statedIn: "stated_in", MLO.alignedTo: "matches.target",
    MLO.matchType: "matches.type",
}


@dataclass
class ValidationReport:
    """The outcome of SHACL validation."""

    conforms: bool
    problems: list[Problem] = field(default_factory=list)
    triples: int = 0


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def load_shapes() -> Graph:
    """The shapes, with each property shape of a targeted node shape given that node shape's targets
    instead: the same constraints and results, but pySHACL then checks a property shape for all focus
    nodes at once rather than once per focus node (about three times faster on large graphs)."""
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    for node in set(shapes.subjects(SH.property, None)):
        targets = [(p, o) for p in TARGETS for o in shapes.objects(node, p)]
        for prop in list(shapes.objects(node, SH.property)) if targets else []:
            shapes.remove((node, SH.property, prop))
            shapes.add((prop, RDF.type, SH.PropertyShape))
            shapes.addN((prop, p, o, shapes) for p, o in targets)
    return shapes


def validate_graph(graph: Graph, origins: Mapping[URIRef, object] | None = None,
                   shapes: Graph | None = None) -> ValidationReport:
    """Validate `graph` (ontology and data together) against the shapes; never raises on violations."""
    conforms, results, _ = shacl_validate(graph, shacl_graph=shapes or load_shapes(), inference="none",
                                          abort_on_first=False, allow_warnings=False, advanced=True,
                                          inplace=True)  # no rules, so no need for pyshacl's copy of the graph
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        origin = (origins or {}).get(focus)
        file = getattr(origin, "file", "")
        record = getattr(origin, "record", "") or curie(str(focus))
        if origin is None:
            record = curie(str(focus))
        fld = FIELDS.get(path, curie(str(path)) if path is not None else "")
        problems.append(Problem(file, record, fld, str(message or "violates a shape")))
    problems.sort(key=lambda p: (p.file, p.record, p.field, p.message))
    unique = list(dict.fromkeys(problems))
    return ValidationReport(conforms=bool(conforms), problems=unique, triples=len(graph))
