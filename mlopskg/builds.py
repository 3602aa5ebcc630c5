"""Builds on disk, written atomically.

A build is a folder build/releases/<stamp>/ holding graph.ttl, the Oxigraph store, the vector index and
meta.json. It is written under a temporary name, renamed when complete, and only then does the symlink
build/current move to it (os.replace is atomic). A failed or killed build leaves `current` untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

import pyoxigraph as ox
from rdflib import Graph

from ontology.namespace import PREFIXES

from .errors import NotBuilt, StoreError
from .store import to_ox

log = logging.getLogger(__name__)

GRAPH_FILE = "graph.ttl"
GRAPHS_DIR = "graphs"
GRAPH_BASE = "https://w3id.org/mlops-kg/graph/"
STORE_DIR = "store"
INDEX_DIR = "index"
META_FILE = "meta.json"


@dataclass(frozen=True)
class Release:
    """One complete build."""

    path: Path

    @property
    def graph_file(self) -> Path:
        return self.path / GRAPH_FILE

    @property
    def store_dir(self) -> Path:
        return self.path / STORE_DIR

    @property
    def index_dir(self) -> Path:
        return self.path / INDEX_DIR

    @property
    def named_files(self) -> dict[str, Path]:
        """{graph name: N-Triples file} of the ingested named graphs."""
        folder = self.path / GRAPHS_DIR
        return {p.stem: p for p in sorted(folder.glob("*.nt"))} if folder.is_dir() else {}

    @property
    def meta(self) -> dict:
        try:
            return json.loads((self.path / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"the build at {self.path} is damaged ({exc}); run `mlopskg build` to rebuild it") from None


def graph_hash(default: Graph, named_files: dict[str, Path]) -> str:
    """A hash of the build's content, independent of triple order (blank-node free graphs): the default
    graph's triples and the lines of each named graph's N-Triples file, sorted."""
    digest = hashlib.sha256()
    digest.update(b"graph \n" + "\n".join(sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in default)).encode("utf-8"))
    for name in sorted(named_files):
        lines = sorted(line for line in named_files[name].read_bytes().splitlines() if line.strip())
        digest.update(f"graph {name}\n".encode("utf-8") + b"\n".join(lines))
    return digest.hexdigest()


def _by_subject(triple: tuple) -> tuple[str, str]:
    return str(triple[0]), str(triple[1])


def current_release(build_dir: Path) -> Release:
    link = build_dir / "current"
    if not link.exists():
        raise NotBuilt(f"no built graph in {build_dir}: run `mlopskg build` first")
    return Release(link.resolve())


class GraphFile(Protocol):
    """A named graph kept as a file until it is written (an ingested RDF file)."""

    def write(self, store: ox.Store, graph: ox.NamedNode, nt_file: Path) -> int: ...


def write_release(build_dir: Path, graph: Graph, *, counts: dict[str, int], named: dict[str, Graph | GraphFile] | None = None,
                  extra: Callable[[Release, str], None] | None = None, keep: int = 2) -> Release:
    """Write the default graph, the named graphs, the store and meta (and whatever `extra` adds, such as
    the index), then switch `current`. The hash covers every graph."""
    releases = build_dir / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    for stale in releases.glob(".tmp-*"):  # left by an interrupted build
        shutil.rmtree(stale, ignore_errors=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    tmp = releases / f".tmp-{stamp}-{os.getpid()}"
    tmp.mkdir()
    release = Release(tmp)
    named = named or {}
    # written by Oxigraph, subject by subject: several times faster than rdflib's Turtle for large graphs
    ox.serialize((ox.Triple(*map(to_ox, triple)) for triple in sorted(graph, key=_by_subject)),
                 release.graph_file, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    store = ox.Store(str(release.store_dir))
    store.bulk_load(path=str(release.graph_file), format=ox.RdfFormat.TURTLE)
    if named:
        (tmp / GRAPHS_DIR).mkdir()
    sizes = {}
    for name, part in named.items():
        path, iri = tmp / GRAPHS_DIR / f"{name}.nt", ox.NamedNode(GRAPH_BASE + name)
        if isinstance(part, Graph):
            part.serialize(destination=str(path), format="nt", encoding="utf-8")
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=iri)
            sizes[name] = len(part)
        else:  # an RDF file: loaded by Oxigraph, then written from the store
            sizes[name] = part.write(store, iri, path)
    store.flush()
    del store
    digest = graph_hash(graph, {name: tmp / GRAPHS_DIR / f"{name}.nt" for name in named})
    triples = len(graph) + sum(sizes.values())  # a triple in two graphs counts twice, as in the store
    meta = {"version": 1, "built": stamp, "triples": triples, "graph_hash": digest, "counts": counts,
            "graphs": sizes, "prefixes": PREFIXES}
    (tmp / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    if extra is not None:
        extra(release, digest)
    final = releases / stamp
    tmp.rename(final)
    link_tmp = build_dir / f".current-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    link_tmp.symlink_to(Path("releases") / stamp)
    os.replace(link_tmp, build_dir / "current")
    _prune(releases, keep=keep, current=final)
    log.info("build %s written: %d triples", stamp, len(graph))
    return Release(final)


def _prune(releases: Path, keep: int, current: Path) -> None:
    old = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".") and p != current)
    for path in old[: max(0, len(old) - keep)]:
        shutil.rmtree(path, ignore_errors=True)
