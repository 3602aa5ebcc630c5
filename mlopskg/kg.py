"""The KnowledgeGraph facade: the one object every surface (CLI, app, HTTP server) talks to."""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from functools import cached_property
from typing import Callable

from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from ingest.external import RdfFile, RecordFile
from ingest.pipeline import build_graph
from ingest.sources import CuratedYamlSource
from ingest.validate import ValidationReport
from ontology.namespace import expand

from .builds import Release, ReleaseWriter, current_release
from .ingested import Entry, Registry
from .errors import DataError, InputError, KGError
from . import assess, views
from .export import serialize
from .results import Answer, BuildReport, SearchHit
from .settings import Settings
from .store import GraphStore, MemoryStore, QueryResult
from .workers import QueryWorkers, StoreSpec

log = logging.getLogger(__name__)
Progress = Callable[[str], None]

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
COUNTED = {"phases": "mlo:LifecyclePhase", "levels": "mlo:MaturityLevel", "capabilities": "mlo:Capability",
           "tools": "mlo:Tool", "categories": "mlo:ToolCategory", "roles": "mlo:Role",
           "publications": "mlo:Publication", "statistics": "mlo:Statistic", "cost_estimates": "mlo:CostEstimate"}


class KnowledgeGraph:
    """Build, load, query, search, ask and export the MLOps knowledge graph."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.load()

    # ------------------------------------------------------------ building
    def build(self, progress: Progress | None = None, *, index: bool = True, pending: Entry | None = None,
              without: str | None = None) -> BuildReport:
        """Build the graph from the data folder and the ingested sources (plus `pending`, minus `without`);
        raises DataError (every problem) and keeps the last build."""
        say = progress or (lambda _msg: None)
        start = time.perf_counter()
        entries = {n: e for n, e in self.registry.entries().items() if n != without}
        if pending is not None:
            entries[pending.name] = pending
        sources = {n: ingest_source(e) for n, e in entries.items()}
        with ReleaseWriter(self.settings.build_dir) as writer:
            for name, source in sources.items():
                if isinstance(source, RdfFile):  # into the store while the graph is validated
                    writer.add_file(name, source)
            built = build_graph(CuratedYamlSource(self.settings.data_dir), progress=say, extra=sources,
                                skip_invalid={Path(e.stored).name for e in entries.values() if e.skip_invalid})
            counts = count_instances(built.graph)
            indexed = 0
            try:
                previous = current_release(self.settings.build_dir).index_dir
            except KGError:
                previous = None

            def add_index(release: Release, digest: str) -> None:
                nonlocal indexed
                if index:
                    from search.engine import build_index  # the model loads only when indexing is asked for
                    say("embedding entities")
                    indexed = build_index(MemoryStore(built.graph), release.index_dir, digest, self.settings.model,
                                          progress=say, previous=previous, ann_threshold=self.settings.ann_threshold)

            say("writing the build")
            release = writer.finish(built.default, counts=counts, extra=add_index, keep=self.settings.keep_builds,
                                    named={n: g for n, g in built.named.items() if isinstance(g, Graph)})
        self.reset()
        return BuildReport(str(release.path), len(built.graph), counts, release.meta["graph_hash"],
                           time.perf_counter() - start, indexed, [str(p) for p in built.skipped])

    # ------------------------------------------------------------ ingested sources (named graphs)
    @property
    def registry(self) -> Registry:
        return Registry(self.settings.build_dir)

    def ingest(self, path: Path, graph: str | None = None, *, kind: str = "tool", skip_invalid: bool = False,
               progress: Progress | None = None) -> BuildReport:
        """Add (or replace) a YAML, CSV, BibTeX or RDF file as a named graph and rebuild. A file with
        problems changes nothing, unless `skip_invalid` leaves its bad records out."""
        entry = Registry.candidate(Path(path), graph, kind, skip_invalid)
        report = self.build(progress, pending=entry)
        self.registry.save(entry)
        return report

    def remove_graph(self, name: str, progress: Progress | None = None) -> BuildReport:
        """Take an ingested graph out and rebuild."""
        if name not in self.registry.entries():
            raise InputError(f"no ingested graph named {name!r}; `mlopskg graphs` lists them")
        report = self.build(progress, without=name)
        self.registry.remove(name)
        return report

    def graphs(self) -> list[dict]:
        """The curated default graph and every ingested named graph, with provenance and size."""
        sizes = self.release.meta.get("graphs", {})
        out = [{"name": "curated", "file": str(self.settings.data_dir), "triples": self.release.meta["triples"] - sum(sizes.values()),
                "ingested": self.release.meta["built"], "sha256": ""}]
        for name, entry in self.registry.entries().items():
            out.append({"name": name, "file": entry.file, "triples": sizes.get(name, 0), "ingested": entry.ingested,
                        "sha256": entry.sha256})
        return out

    def validate(self) -> ValidationReport:
        """Check the data folder (mapping and SHACL) without writing anything."""
        try:
            built = build_graph(CuratedYamlSource(self.settings.data_dir))
        except DataError as exc:
            return ValidationReport(conforms=False, problems=exc.problems)
        return built.report or ValidationReport(conforms=True, triples=len(built.graph))

    def reset(self) -> None:
        """Forget the opened store and engines (after a build), and stop the query workers."""
        self.close()
        for name in ("release", "store", "engine"):
            self.__dict__.pop(name, None)

    def close(self) -> None:
        """Stop the query worker processes, if any were started."""
        workers = self.__dict__.pop("workers", None)
        if workers is not None:
            workers.close()

    # ------------------------------------------------------------ loading
    @cached_property
    def release(self) -> Release:
        return current_release(self.settings.build_dir)

    @cached_property
    def store(self) -> GraphStore:
        if self.remote:
            from .remote import RemoteStore
            return RemoteStore(self.settings.store.removeprefix("sparql+"))
        return self.store_spec().open()

    def store_spec(self) -> StoreSpec:
        """How the local store of the current build is opened (by this process and by query workers)."""
        kind = self.settings.store
        release = self.release
        if kind == "oxigraph":
            in_memory = release.meta.get("triples", 0) <= self.settings.in_memory_triples
            return StoreSpec("oxigraph-memory" if in_memory else "oxigraph-disk", release.graph_file,
                             release.named_files, release.store_dir)
        if kind == "memory":
            return StoreSpec("memory", release.graph_file, release.named_files)
        raise KGError(f"setting store (MLOPSKG_STORE): unknown store {kind!r}; use oxigraph, memory or sparql+http://...")

    @cached_property
    def workers(self) -> QueryWorkers:
        return QueryWorkers(self.store_spec(), self.settings.query_workers, self.settings.query_memory_mb)

    @property
    def remote(self) -> bool:
        return self.settings.store.startswith(("sparql+http://", "sparql+https://"))

    @cached_property
    def engine(self):
        """The search and question-answering engine (loads the model and the vector index)."""
        from search.engine import TEXTS, Engine
        if self.remote:  # the index lives beside the local builds, keyed by the endpoint and the texts it embeds
            key = hashlib.sha256(self.settings.store.encode()).hexdigest()[:16]
            return Engine.open(self.store, self.settings.build_dir / "remote-index" / key, self.settings,
                               graph_hash=TEXTS)
        return Engine.open(self.store, self.release.index_dir, self.settings)

    # ------------------------------------------------------------ using
    def query(self, sparql: str, *, isolated: bool = False) -> QueryResult:
        """Run a read-only SPARQL query with the configured time and row limits. `isolated` runs it in a
        worker process, stopped at the time limit or past `query_memory_mb`: for queries from others (the
        HTTP endpoint, the app). A remote store answers with its own limits either way."""
        limits = {"timeout": self.settings.query_timeout, "max_rows": self.settings.max_rows}
        if isolated and not self.remote:
            return self.workers.query(sparql, **limits)
        return self.store.query(sparql, **limits)

    def ask(self, question: str) -> Answer:
        """Answer a question in plain English with the exact answer set and the SPARQL behind it."""
        return self.engine.ask(self._checked_text(question, "question"))

    def search(self, text: str, k: int | None = None, types: list[str] | None = None) -> list[SearchHit]:
        """Rank entities by a hybrid of vector and lexical similarity to `text`."""
        return self.engine.search(self._checked_text(text, "search text"), k or self.settings.search_k, types)

    def graph(self) -> Graph:
        graph = Graph()
        for triple in self.store.triples():
            graph.add(triple)
        return graph

    def dataset(self) -> Dataset:
        """The default graph and the named graphs, as an rdflib Dataset."""
        dataset = Dataset()
        for s, p, o, g in self.store.quads():
            (dataset.graph(g) if g is not None else dataset.default_graph).add((s, p, o))
        return dataset

    def export(self, fmt: str = "turtle") -> bytes:
        """The whole graph (ontology, data and its DCAT description) in an RDF format; `trig` and
        `nquads` keep the named graphs of ingested sources apart."""
        return serialize(self.dataset() if fmt in ("trig", "nquads") else self.graph(), fmt)

    # ------------------------------------------------------------ read models for the app and the API
    def entity(self, iri: str) -> views.EntityView | None:
        """Everything the graph says about one entity, with its sources."""
        return views.entity(self.query, iri)

    def summaries(self, iris: list[str]) -> dict[str, dict]:
        """Type, key facts and source URLs of entities, for answer tables."""
        return views.summaries(self.query, iris)

    def matrix(self, **filters) -> list[dict]:
        """Phases × unified levels: the tools and capabilities available (filters: license_type,
        delivery, llmops_only, role)."""
        return views.matrix(self.query, **filters)

    def roles(self) -> list[dict]:
        return views.roles(self.query)

    def team(self) -> list[dict]:
        return views.team(self.query)

    def costs(self) -> list[dict]:
        return views.costs(self.query)

    def literature(self) -> list[dict]:
        return views.literature(self.query)

    def statistics(self) -> list[dict]:
        return views.statistics(self.query)

    def questionnaire(self, builds_with_llms: bool = False):
        """One yes/partly/no question per capability, grouped by phase."""
        return assess.questionnaire(self.query, builds_with_llms)

    def assess(self, answers: dict | Path) -> assess.AssessmentReport:
        """Level per phase and overall from an answers mapping or YAML file, and the roadmap to the next level."""
        data = assess.read_answers(answers) if isinstance(answers, (str, Path)) else answers
        return assess.assess(self.query, data)

    def read_answers(self, path: Path) -> dict:
        """An answers YAML file as a mapping (DataError naming the file when it cannot be read)."""
        return assess.read_answers(path)

    def tool_names(self) -> dict[str, str]:
        """{label: IRI} of every tool, sorted by label."""
        rows = self.query("SELECT ?t ?l WHERE { ?t a mlo:Tool ; skos:prefLabel ?l } ORDER BY LCASE(?l)").rows
        return {str(label): str(iri) for iri, label in rows}

    def compare(self, tools: list[str]) -> list[dict]:
        """Tools side by side; `tools` are ids such as mlflow or full IRIs."""
        return assess.compare(self.query, [t if t.startswith("http") else str(expand("tool:" + t)) for t in tools])

    def example_queries(self) -> dict[str, str]:
        """The packaged example SPARQL queries, one per competency question: {title: query}."""
        out = {}
        for path in sorted(QUERIES_DIR.glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            title = text.splitlines()[0].lstrip("# ").strip()
            out[title] = text
        return out

    def stats(self) -> dict:
        if self.remote:
            counts = {name: int(self.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {cls} }}").rows[0][0])
                      for name, cls in COUNTED.items()}
            return {"triples": len(self.store), "built": "", "counts": counts, "graph_hash": "", "store": self.store.name}
        meta = self.release.meta
        return {"triples": meta["triples"], "built": meta["built"], "counts": meta["counts"],
                "graph_hash": meta["graph_hash"], "store": self.store.name}

    def _checked_text(self, text: str, what: str) -> str:
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"the {what} is empty")
        if len(text) > self.settings.max_question_chars:
            raise InputError(f"the {what} is {len(text)} characters long; the limit is "
                             f"{self.settings.max_question_chars} (setting max_question_chars)")
        return " ".join(text.split())


def count_instances(graph: Graph) -> dict[str, int]:
    return {name: len(set(graph.subjects(RDF.type, expand(cls)))) for name, cls in COUNTED.items()}


def ingest_source(entry: Entry):
    """The source (or RDF file) an ingested file is read from."""
    path = Path(entry.stored)
    if path.suffix.lower() in (".yaml", ".yml", ".csv", ".bib"):
        return RecordFile(path, entry.name, entry.kind)
    return RdfFile.check(path)
