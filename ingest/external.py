"""Sources for `mlopskg ingest`: a YAML or CSV file in the curated format, a BibTeX file (parsed with
bibtexparser), or an RDF file. Each lands in its own named graph; see mlopskg/ingested.py."""

from __future__ import annotations

import csv
import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import bibtexparser
import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from mlopskg.errors import DataError, Problem
from mlopskg.store import from_ox

from .sources import COMMON_DEFAULTS, Record, read_yaml

# top-level sections an ingested YAML file may have, and their record kinds
SECTIONS = {"tools": "tool", "organizations": "org", "capabilities": "capability", "roles": "role",
            "skills": "skill", "publications": "publication", "statistics": "statistic", "sources": "source",
            "categories": "category"}
CSV_KINDS = {"tool", "capability", "role", "publication", "org", "skill"}
LIST_FIELDS = {"alt_labels", "categories", "capabilities", "delivery", "phases", "alternatives", "integrates_with",
               "roles", "requires", "responsibilities", "skills", "tools", "about", "cites", "sources"}
INT_FIELDS = {"level", "needed_from_level", "year", "order"}
BOOL_FIELDS = {"llmops"}
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
               ".json": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML}
RECORD_FORMATS = (".yaml", ".yml", ".csv", ".bib")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def file_source(path: Path, graph: str) -> dict[str, str]:
    """The ingested file as the web source its records derive from."""
    return {"id": f"ingest-{graph}", "title": f"{path.name} (ingested into graph {graph})", "url": path.resolve().as_uri()}


class RecordFile:
    """A YAML, CSV or BibTeX file of records in the curated format."""

    def __init__(self, path: Path, graph: str, kind: str = "tool"):
        self.path, self.graph, self.kind = Path(path), graph, kind
        self.name = graph

    def records(self) -> Iterator[Record]:
        suffix = self.path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            yield from self._yaml()
        elif suffix == ".csv":
            yield from self._csv()
        elif suffix == ".bib":
            yield from self._bibtex()
        else:
            raise DataError([Problem(self.path.name, "", "", f"unknown file type {suffix!r}")])

    def _defaults(self) -> dict[str, Any]:
        return {"sources": [file_source(self.path, self.graph)], "source_kind": "OfficialDocumentation",
                "verified": dt.date.today()}

    def _yaml(self) -> Iterator[Record]:
        doc = read_yaml(self.path)
        if not isinstance(doc, dict):
            raise DataError([Problem(self.path.name, "", "", "must be a mapping of lists such as `tools:`")])
        defaults = {**self._defaults(), **{k: v for k, v in (doc.get("defaults") or {}).items() if k in COMMON_DEFAULTS}}
        unknown = set(doc) - set(SECTIONS) - {"defaults", "__line__"}
        if unknown:
            raise DataError([Problem(self.path.name, "", key, f"unknown section; use {', '.join(SECTIONS)}") for key in sorted(unknown)])
        for section, kind in SECTIONS.items():
            for item in doc.get(section) or []:
                if isinstance(item, dict):
                    yield Record(kind, self.path.name, int(item.get("__line__", 0)), {**defaults, **item})

    def _csv(self) -> Iterator[Record]:
        if self.kind not in CSV_KINDS:
            raise DataError([Problem(self.path.name, "", "kind", f"CSV rows must be one of {', '.join(sorted(CSV_KINDS))}")])
        try:
            with self.path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise DataError([Problem(self.path.name, "", "", f"cannot be read as CSV: {exc}")]) from None
        for number, row in enumerate(rows, start=2):
            data: dict[str, Any] = dict(self._defaults())
            for key, value in row.items():
                if key is None or value is None or value.strip() == "":
                    continue
                key, value = key.strip(), value.strip()
                if key in LIST_FIELDS:
                    data[key] = [v.strip() for v in value.split(";") if v.strip()]
                elif key in INT_FIELDS:
                    data[key] = int(value) if value.lstrip("-").isdigit() else value
                elif key in BOOL_FIELDS:
                    data[key] = {"true": True, "false": False}.get(value.lower(), value)
                else:
                    data[key] = value
            if isinstance(data.get("sources"), list):  # URLs in a CSV cell become inline sources
                data["sources"] = [{"id": f"ingest-{self.graph}-{slug(u)[:60]}", "title": u, "url": u}
                                   if u.startswith("http") else u for u in data["sources"]]
            yield Record(self.kind, self.path.name, number, data)

    def _bibtex(self) -> Iterator[Record]:
        logging.getLogger("bibtexparser").setLevel(logging.ERROR)  # its problems are reported below
        try:
            library = bibtexparser.parse_string(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError([Problem(self.path.name, "", "", f"cannot be read: {exc}")]) from None
        problems = [Problem(self.path.name, f"line {b.start_line + 1}", "",
                            "not a valid BibTeX entry (unbalanced braces, a missing comma or a truncated file?): "
                            + " ".join(str(b.raw).split())[:80]) for b in library.failed_blocks]
        if problems:
            raise DataError(problems)
        for entry in library.entries:
            fields = {f.key.lower(): " ".join(str(f.value).split()) for f in entry.fields}
            year = fields.get("year", "")
            data: dict[str, Any] = {**self._defaults(), "source_kind": "Literature", "id": slug(entry.key),
                                    "title": fields.get("title", "").strip("{}"),
                                    "authors": "; ".join(a.strip() for a in fields.get("author", "").split(" and ") if a.strip()),
                                    "year": int(year) if year.isdigit() else year or None,
                                    "url": fields.get("url") or (f"https://doi.org/{fields['doi']}" if fields.get("doi") else None),
                                    "doi": fields.get("doi"), "venue": fields.get("journal") or fields.get("booktitle"),
                                    "definition": fields.get("abstract") or f"{entry.entry_type} {entry.key}, ingested from {self.path.name}.",
                                    "about": [a.strip() for a in fields.get("mlops-about", "").split(",") if a.strip()]}
            yield Record("publication", self.path.name, entry.start_line + 1, {k: v for k, v in data.items() if v not in (None, "")})


@dataclass(frozen=True)
class RdfFile:
    """An ingested RDF file, parsed by Oxigraph. It is read twice: into the rdflib graph that is derived
    from and validated, and (in the background, meanwhile) into the build's N-Triples file and store; no
    separate rdflib copy is held."""

    path: Path

    @classmethod
    def check(cls, path: Path) -> "RdfFile":
        if Path(path).suffix.lower() not in RDF_FORMATS:
            raise DataError([Problem(Path(path).name, "", "", f"unknown RDF file type; use {', '.join(RDF_FORMATS)}")])
        return cls(Path(path))

    @property
    def format(self) -> ox.RdfFormat:
        return RDF_FORMATS[self.path.suffix.lower()]

    def _invalid(self, exc: Exception) -> DataError:
        message = " ".join(str(exc).split())[:200]
        return DataError([Problem(self.path.name, "", "", f"not valid {self.format.name}: {message}")])

    def _triples(self) -> Iterator[ox.Quad]:
        try:  # any graph names in the file (JSON-LD) are dropped: the whole file is one named graph
            yield from ox.parse(path=str(self.path), format=self.format, base_iri=self.path.resolve().as_uri())
        except (OSError, SyntaxError, ValueError) as exc:
            raise self._invalid(exc) from None

    def parse_into(self, graph: Graph) -> None:
        seen: dict[object, Node | None] = {}  # one rdflib term per distinct term: faster, and leaner

        def term(node: object) -> Node | None:
            converted = seen.get(node)
            if converted is None:
                converted = seen[node] = from_ox(node)
            return converted
        graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in self._triples())

    def write(self, store: ox.Store, graph: ox.NamedNode, nt_file: Path) -> int:
        """Write the file as N-Triples (without duplicates) and load that into `graph` of `store`; returns
        the number of triples."""
        staging = ox.Store()  # in memory: much faster to fill and dump than the store on disk
        if self.format.supports_datasets:  # JSON-LD: its graph names dropped, as in parse_into
            staging.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in self._triples())
        else:  # all in Rust, without Python's lock: runs beside the validation
            try:
                staging.bulk_load(path=str(self.path), format=self.format, base_iri=self.path.resolve().as_uri())
            except (OSError, SyntaxError, ValueError) as exc:
                raise self._invalid(exc) from None
        staging.dump(nt_file, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        del staging
        store.bulk_load(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        with open(nt_file, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
