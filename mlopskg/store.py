"""Graph stores behind one small interface: embedded Oxigraph (default), rdflib in memory, and a remote
SPARQL server. Every store answers SPARQL queries as a QueryResult of rdflib terms, read-only."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.term import Node

from ontology.namespace import PREFIXES

from .errors import QueryError, QueryTimeout, ResultTooLarge, StoreError, UpdateRefused


@dataclass
class QueryResult:
    """The result of a SPARQL query: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: str                                   # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    elapsed_ms: float = 0.0

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


_UPDATE_WORDS = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)
_PARSER_LOCK = threading.Lock()  # rdflib's pyparsing grammar is not thread-safe


def _is_update(sparql: str) -> bool:
    if not _UPDATE_WORDS.search(sparql):
        return False
    with _PARSER_LOCK:
        try:
            parseUpdate(sparql)
        except Exception:  # pyparsing raises its own exception types
            return False
    return True


def refuse_or_explain(sparql: str, message: str) -> QueryError:
    """The error for a query a store could not parse: 403 material for an update, else the parser's words."""
    if _is_update(sparql):
        return UpdateRefused("SPARQL Update is not allowed: this graph is read-only")
    with _PARSER_LOCK:  # rdflib's message names what was expected in words; only on the error path
        try:
            parseQuery(sparql)
        except Exception as exc:  # pyparsing raises its own exception types
            message = str(exc)
    return QueryError(f"SPARQL syntax error: {' '.join(str(message).split())[:300]}")


def check_query(sparql: str) -> None:
    """Refuse empty queries and SPARQL Update; report syntax errors in one line (rdflib's parser)."""
    if not isinstance(sparql, str) or not sparql.strip():
        raise QueryError("the query is empty")
    with _PARSER_LOCK:
        try:
            parseQuery(sparql)
            return
        except Exception as exc:  # pyparsing raises its own exception types
            message = str(exc)
    raise refuse_or_explain(sparql, message)


class GraphStore(Protocol):
    name: str

    def query(self, sparql: str, *, timeout: float, max_rows: int) -> QueryResult: ...

    def triples(self) -> Iterator[tuple[Node, Node, Node]]: ...

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]: ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- pyoxigraph <-> rdflib terms

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term: object) -> Node | None:
    kind = type(term)  # exact type checks: this runs for every value of every row
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        language = term.language
        if language:
            return Literal(term.value, lang=language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)  # plain literals are xsd:string in RDF 1.1; rdflib keeps them untyped
        return Literal(term.value, datatype=URIRef(datatype))
    if term is None:
        return None
    if kind is ox.BlankNode:
        return BNode(term.value)
    raise QueryError(f"unsupported term {term!r}")


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(term, language=term.language)
        return ox.Literal(term, datatype=ox.NamedNode(term.datatype)) if term.datatype else ox.Literal(term)
    raise QueryError(f"unsupported term {term!r}")


def _collect(solutions: Iterable, convert, timeout: float, max_rows: int, start: float) -> list[tuple]:
    """Rows (each solution's values in the order of the variables) within the row and time limits."""
    rows = []
    for solution in solutions:
        rows.append(tuple(map(convert, solution)))
        if len(rows) > max_rows:
            raise ResultTooLarge(f"the query returned more than {max_rows} rows; add a LIMIT")
        if len(rows) % 256 == 0:  # the clock is read every 256 rows, and once at the end
            _check_time(start, timeout)
    _check_time(start, timeout)
    return rows


def _check_time(start: float, timeout: float) -> None:
    if time.perf_counter() - start > timeout:
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")


class OxigraphStore:
    """The embedded Oxigraph store of a build: its on-disk store opened read-only, or its files loaded
    into an in-memory Oxigraph store (the same engine, several times faster, for graphs that fit)."""

    name = "oxigraph"

    def __init__(self, store: ox.Store, location: Path | None = None):
        self._store = store
        self.location = location  # the on-disk store, or None when held in memory

    @classmethod
    def open(cls, path: Path) -> "OxigraphStore":
        """The on-disk store, read-only."""
        try:
            return cls(ox.Store.read_only(str(path)), path)
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {path}: {exc}. Run `mlopskg build` to rebuild it.") from None

    @classmethod
    def load(cls, default: Path, named: dict[str, Path] | None = None) -> "OxigraphStore":
        """An in-memory store of the default graph (Turtle or N-Triples) and named graphs (N-Triples)."""
        from .builds import GRAPH_BASE
        store = ox.Store()
        path = default
        try:
            store.bulk_load(path=str(default), format=ox.RdfFormat.from_extension(default.suffix.lstrip(".")))
            for name, path in (named or {}).items():
                store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH_BASE + name))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load the graph file {path}: {exc}. Run `mlopskg build` to rebuild it.") from None
        return cls(store)

    def query(self, sparql: str, *, timeout: float, max_rows: int) -> QueryResult:
        if not isinstance(sparql, str) or not sparql.strip():
            raise QueryError("the query is empty")
        start = time.perf_counter()
        result, error = None, None
        try:
            result = self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean):
                out = QueryResult("ask", boolean=bool(result))
            elif isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                out = QueryResult("select", variables, _collect(result, from_ox, timeout, max_rows, start))
            else:
                graph = Graph()
                for count, triple in enumerate(result):
                    graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
                    if count > max_rows:
                        raise ResultTooLarge(f"the query returned more than {max_rows} triples; add a LIMIT")
                out = QueryResult("graph", graph=graph)
        except SyntaxError as exc:
            error = refuse_or_explain(sparql, str(exc))
        except OSError as exc:
            error = StoreError(f"the Oxigraph store failed: {exc}")
        except QueryError as exc:  # the limits: re-raised below without the frames that hold the results
            error = type(exc)(str(exc))
        finally:
            del result  # pyoxigraph results must be dropped on the thread that made them
        if error is not None:
            raise error
        out.elapsed_ms = (time.perf_counter() - start) * 1000
        return out

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        for quad in self._store:
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        for quad in self._store:
            graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else from_ox(quad.graph_name)
            yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), graph

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        del self._store


class MemoryStore:
    """rdflib's in-memory graph: the fallback that needs nothing but the Turtle file."""

    name = "memory"

    def __init__(self, graph: Graph):
        self.graph = graph

    @classmethod
    def from_files(cls, default: Path, named: dict[str, Path] | None = None) -> "MemoryStore":
        """The default graph from Turtle and each named graph from N-Triples, queried as their union."""
        from .builds import GRAPH_BASE
        try:
            dataset = Dataset(default_union=True)
            dataset.default_graph.parse(default, format="turtle")
            for name, path in (named or {}).items():
                dataset.graph(URIRef(GRAPH_BASE + name)).parse(path, format="nt")
        except Exception as exc:  # rdflib raises several parser exception types
            raise StoreError(f"cannot read the graph {default}: {exc}. Run `mlopskg build` to rebuild it.") from None
        return cls(dataset)

    def query(self, sparql: str, *, timeout: float, max_rows: int) -> QueryResult:
        check_query(sparql)
        start = time.perf_counter()
        try:
            with _PARSER_LOCK:
                prepared = prepareQuery(sparql, initNs=PREFIXES)
            result = self.graph.query(prepared)
            if result.type == "ASK":
                out = QueryResult("ask", boolean=bool(result.askAnswer))
            elif result.type == "SELECT":
                variables = [str(v) for v in result.vars]
                out = QueryResult("select", variables, _collect(result, lambda t: t, timeout, max_rows, start))
            else:
                out = QueryResult("graph", graph=result.graph)
        except (QueryError, StoreError):
            raise
        except Exception as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())[:300]}") from None
        out.elapsed_ms = (time.perf_counter() - start) * 1000
        return out

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        yield from self.graph.triples((None, None, None))

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        if isinstance(self.graph, Dataset):
            for s, p, o, g in self.graph.quads((None, None, None, None)):
                name = getattr(g, "identifier", g)
                yield s, p, o, (None if name == DATASET_DEFAULT_GRAPH_ID else name)
        else:
            for s, p, o in self.graph:
                yield s, p, o, None

    def __len__(self) -> int:
        return sum(1 for _ in self.triples())

    def close(self) -> None:
        pass
