"""The build pipeline: records -> RDF -> derived facts -> DCAT description -> SHACL validation.

It returns the validated graph; writing it (atomically) is the job of mlopskg.builds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, XSD

from mlopskg.errors import DataError, Problem
from ontology.namespace import ID, ONTOLOGY_FILE, ONTOLOGY_IRI

from .derive import materialise
from .mapping import MAPPERS, MappingContext, Origin, collect_known, collect_web_sources, new_graph, write_web_sources
from .sources import CuratedYamlSource, Record, Source
from .validate import ValidationReport, validate_graph

# records are mapped in this order: salaries (roles) before the cost model that adds them up
KIND_ORDER = ["source", "phase", "model", "category", "capability", "org", "tool", "skill", "role",
              "costlevel", "publication", "statistic"]
DATASET = ID["dataset"]["mlops-kg"]
VERSION = "0.1.0"

Progress = Callable[[str], None]


@dataclass
class BuiltGraph:
    graph: Graph
    origins: dict[URIRef, Origin] = field(default_factory=dict)
    report: ValidationReport | None = None


def load_ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def map_records(records: Iterable[Record]) -> tuple[Graph, dict[URIRef, Origin], list[Problem]]:
    """Map records to a graph, collecting every problem instead of stopping at the first."""
    records = sorted(records, key=lambda r: KIND_ORDER.index(r.kind) if r.kind in KIND_ORDER else 99)
    known, problems = collect_known(records)
    web_sources, source_problems = collect_web_sources(records, known)
    ctx = MappingContext(graph=new_graph(), known=known, web_sources=web_sources, problems=problems + source_problems)
    for rec in records:
        mapper = MAPPERS.get(rec.kind)
        if mapper is None:
            ctx.problem(rec, "", f"unknown kind of record {rec.kind!r}")
            continue
        try:
            mapper(ctx, rec)
        except (TypeError, AttributeError, ValueError) as exc:  # a field of the wrong shape
            ctx.problem(rec, "", f"malformed record ({exc})")
    write_web_sources(ctx)
    return ctx.graph, ctx.origins, ctx.problems


def describe_dataset(graph: Graph, built: dt.datetime) -> None:
    """The DCAT description of the dataset, included in the graph and every export."""
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    graph.add((DATASET, DCTERMS.title, Literal("mlops-kg: a knowledge graph of MLOps and LLMOps", lang="en")))
    graph.add((DATASET, DCTERMS.description, Literal(
        "Lifecycle phases, maturity levels (unified, Google, Microsoft, AWS), capabilities, tools, roles, "
        "costs and literature of the unified MLOps/LLMOps lifecycle framework of Stone et al. (2025), "
        "every fact with its source.", lang="en")))
    graph.add((DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    graph.add((DATASET, DCTERMS.modified, Literal(built.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)))
    graph.add((DATASET, Namespace(str(DCAT))["version"], Literal(VERSION)))
    graph.add((DATASET, DCTERMS.conformsTo, ONTOLOGY_IRI))
    graph.add((DATASET, PROV.wasDerivedFrom, ID["publication"]["stone-2025-navigating-mlops"]))
    graph.add((DATASET, DCAT.keyword, Literal("MLOps", lang="en")))
    graph.add((DATASET, DCAT.keyword, Literal("LLMOps", lang="en")))
    graph.add((DATASET, RDFS.label, Literal("mlops-kg", lang="en")))
    for fmt, media in (("turtle", "text/turtle"), ("json-ld", "application/ld+json"),
                       ("nt", "application/n-triples"), ("xml", "application/rdf+xml")):
        dist = ID["dataset"][f"mlops-kg-{fmt}"]
        graph.add((DATASET, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
        graph.add((dist, DCTERMS.title, Literal(f"mlops-kg as {fmt}", lang="en")))


def build_graph(source: Source | None = None, data_dir: Path | None = None, progress: Progress | None = None) -> BuiltGraph:
    """Records -> validated graph (ontology included). Raises DataError with every problem found."""
    say = progress or (lambda _msg: None)
    source = source or CuratedYamlSource(Path(data_dir or "data"))
    say("reading data")
    records = list(source.records())
    say(f"mapping {len(records)} records")
    data, origins, problems = map_records(records)
    ontology = load_ontology()
    graph = new_graph()
    graph += ontology
    graph += data
    materialise(graph, ontology)
    describe_dataset(graph, dt.datetime.now(dt.timezone.utc))
    say(f"validating {len(graph)} triples with SHACL")
    report = validate_graph(graph, origins)
    problems = problems + report.problems
    if problems:
        raise DataError(list(dict.fromkeys(problems)))
    return BuiltGraph(graph=graph, origins=origins, report=report)


