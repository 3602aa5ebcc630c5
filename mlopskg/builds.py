"""Builds on disk, written atomically.

A build is a folder build/releases/<stamp>/ holding graph.ttl, the Oxigraph store, the vector index and
meta.json. It is written under a temporary name, renamed when complete, and only then does the symlink
build/current move to it (os.replace is atomic). A failed or killed build leaves `current` untouched.
Ingested RDF files are loaded into the store while the graph is still being validated.
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
from concurrent.futures import Future, ThreadPoolExecutor
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


class ReleaseWriter:
    """A build being written under releases/.tmp-*. Ingested RDF files are loaded into its store in the
    background (`add_file`; Oxigraph works outside the GIL) while the graph is derived and validated;
    `finish` writes the rest and switches `current`. Leaving the `with` block without `finish` (a failed
    build) removes it."""

    def __init__(self, build_dir: Path):
        self.build_dir = build_dir
        self.releases = build_dir / "releases"
        self.releases.mkdir(parents=True, exist_ok=True)
        for stale in self.releases.glob(".tmp-*"):  # left by an interrupted build
            if not _running(stale):
                shutil.rmtree(stale, ignore_errors=True)
        self.stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        self.tmp = self.releases / f".tmp-{self.stamp}-{os.getpid()}"
        (self.tmp / GRAPHS_DIR).mkdir(parents=True)
        self.store: ox.Store | None = ox.Store(str(Release(self.tmp).store_dir))
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlopskg-write")
        self._files: dict[str, Future[int]] = {}

    def __enter__(self) -> "ReleaseWriter":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.store = None
        if self.tmp.exists():  # not finished
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _nt_file(self, name: str) -> Path:
        return self.tmp / GRAPHS_DIR / f"{name}.nt"

    def add_file(self, name: str, part: GraphFile) -> None:
        """Start loading a named graph kept as a file into the store."""
        self._files[name] = self._pool.submit(part.write, self.store, ox.NamedNode(GRAPH_BASE + name), self._nt_file(name))

    def finish(self, graph: Graph, *, counts: dict[str, int], named: dict[str, Graph] | None = None,
               extra: Callable[[Release, str], None] | None = None, keep: int = 2) -> Release:
        """Write the default graph, the other named graphs and meta (and whatever `extra` adds, such as
        the index), then switch `current`. The hash covers every graph."""
        sizes = {name: future.result() for name, future in self._files.items()}  # waits; re-raises
        release, store = Release(self.tmp), self.store
        # written by Oxigraph, subject by subject: several times faster than rdflib's Turtle for large graphs
        ox.serialize((ox.Triple(*map(to_ox, triple)) for triple in sorted(graph, key=_by_subject)),
                     release.graph_file, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        store.bulk_load(path=str(release.graph_file), format=ox.RdfFormat.TURTLE)
        for name, part in (named or {}).items():
            path = self._nt_file(name)
            part.serialize(destination=str(path), format="nt", encoding="utf-8")
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH_BASE + name))
            sizes[name] = len(part)
        store.flush()
        self.store = store = None
        digest = graph_hash(graph, {name: self._nt_file(name) for name in sizes})
        triples = len(graph) + sum(sizes.values())  # a triple in two graphs counts twice, as in the store
        meta = {"version": 1, "built": self.stamp, "triples": triples, "graph_hash": digest, "counts": counts,
                "graphs": dict(sorted(sizes.items())), "prefixes": PREFIXES}
        (self.tmp / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        if extra is not None:
            extra(release, digest)
        final = self.releases / self.stamp
        self.tmp.rename(final)
        link_tmp = self.build_dir / f".current-{os.getpid()}"
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        link_tmp.symlink_to(Path("releases") / self.stamp)
        os.replace(link_tmp, self.build_dir / "current")
        _prune(self.releases, keep=keep, current=final)
        log.info("build %s written: %d triples", self.stamp, triples)
        return Release(final)


def _running(tmp: Path) -> bool:
    """Whether the process that is writing a .tmp-<stamp>-<pid> folder still runs."""
    try:
        os.kill(int(tmp.name.rsplit("-", 1)[-1]), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _prune(releases: Path, keep: int, current: Path) -> None:
    old = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".") and p != current)
    for path in old[: max(0, len(old) - keep)]:
        shutil.rmtree(path, ignore_errors=True)
