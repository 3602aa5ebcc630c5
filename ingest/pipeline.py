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
from .external import RdfFile
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
    graph: Graph                                          # everything: default and named graphs together
    origins: dict[URIRef, Origin] = field(default_factory=dict)
    report: ValidationReport | None = None
    default: Graph | None = None                          # ontology, curated data, derived facts, DCAT
    named: dict[str, Graph | RdfFile] = field(default_factory=dict)  # ingested sources: mapped graphs, RDF files
    skipped: list[Problem] = field(default_factory=list)  # records left out with --skip-invalid


def load_ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def map_records(records: Iterable[Record], groups: dict[int, str] | None = None
                ) -> tuple[dict[str, Graph], dict[URIRef, Origin], list[Problem]]:
    """Map records to graphs (one per group name; "" is the default graph), collecting every problem.
    `groups` maps id(record) to its graph name; references may cross graphs."""
    records = sorted(records, key=lambda r: KIND_ORDER.index(r.kind) if r.kind in KIND_ORDER else 99)
    known, problems = collect_known(records)
    web_sources, source_problems = collect_web_sources(records, known)
    graphs: dict[str, Graph] = {"": new_graph()}
    ctx = MappingContext(graph=graphs[""], known=known, web_sources=web_sources, problems=problems + source_problems)
    for rec in records:
        ctx.graph = graphs.setdefault((groups or {}).get(id(rec), ""), new_graph())
        if rec.kind == "source":
            continue  # web sources are written by write_web_sources, with the inline ones
        mapper = MAPPERS.get(rec.kind)
        if mapper is None:
            ctx.problem(rec, "", f"unknown kind of record {rec.kind!r}")
            continue
        try:
            mapper(ctx, rec)
        except (TypeError, AttributeError, ValueError) as exc:  # a field of the wrong shape
            ctx.problem(rec, "", f"malformed record ({exc})")
    ctx.graph = graphs[""]
    write_web_sources(ctx)
    return graphs, ctx.origins, ctx.problems


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


def build_graph(source: Source | None = None, data_dir: Path | None = None, progress: Progress | None = None,
                extra: dict[str, Source | RdfFile] | None = None, skip_invalid: set[str] | None = None) -> BuiltGraph:
    """Records -> validated graph (ontology included); `extra` adds named graphs (record sources or RDF
    files). Raises DataError with every problem found; records of the files named in `skip_invalid`
    that have problems are left out instead (and listed in `skipped`)."""
    say = progress or (lambda _msg: None)
    source = source or CuratedYamlSource(Path(data_dir or "data"))
    say("reading data")
    records = list(source.records())
    groups: dict[int, str] = {}
    rdf_files: dict[str, RdfFile] = {}
    for name, item in (extra or {}).items():
        if isinstance(item, RdfFile):
            rdf_files[name] = item
            continue
        for rec in item.records():
            groups[id(rec)] = name
            records.append(rec)
    skipped: list[Problem] = []
    for _ in range(5):  # each pass leaves out the records that failed the one before
        say(f"mapping {len(records)} records")
        built, problems = _assemble(records, groups, rdf_files, say)
        skippable = [p for p in problems if p.file in (skip_invalid or set())]
        if not problems or len(skippable) < len(problems):
            break
        skipped += skippable
        bad = {(p.file, p.record) for p in skippable}
        records = [r for r in records if (r.file, r.where) not in bad]
    if problems:
        raise DataError(list(dict.fromkeys(problems)))
    built.skipped = list(dict.fromkeys(skipped))
    return built


def _assemble(records: list[Record], groups: dict[int, str], rdf_files: dict[str, RdfFile], say: Progress
              ) -> tuple[BuiltGraph, list[Problem]]:
    graphs, origins, problems = map_records(records, groups)
    ontology = load_ontology()
    default = new_graph()
    default += ontology
    default += graphs.pop("")
    union = new_graph()
    union += default
    for graph in graphs.values():
        union += graph
    for rdf in rdf_files.values():  # parsed straight into the union: the largest part is never copied
        say(f"parsing {rdf.path.name}")
        rdf.parse_into(union)
    say("deriving facts")
    materialise(union, ontology, into=default)  # derived facts live in the default graph
    dcat = Graph()
    describe_dataset(dcat, dt.datetime.now(dt.timezone.utc))
    default += dcat
    union += dcat
    say(f"validating {len(union)} triples with SHACL")
    report = validate_graph(union, origins)
    return BuiltGraph(union, origins, report, default, {**graphs, **rdf_files}), problems + report.problems
