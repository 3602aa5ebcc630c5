"""The search engine: entity documents, the embedder, the vector index and hybrid ranking; it also
hands questions to the question answerer. Works over any graph store."""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import Callable

import numpy as np

from mlopskg.errors import SearchIndexError
from mlopskg.results import Answer, SearchHit

from .documents import TYPES, Document, load_documents
from .embedder import Embedder, SentenceTransformerEmbedder
from .index import VectorIndex
from .linker import Lexicon
from .text import STOPWORDS, stems

log = logging.getLogger(__name__)
VECTOR_WEIGHT = 0.6
EXACT_BONUS = 1.0


TEXTS = "texts"  # Engine.open(graph_hash=TEXTS): the index is checked against the texts it embeds


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_index(store, folder: Path, graph_hash: str, model: str, *, embedder: Embedder | None = None,
                progress: Callable[[str], None] | None = None, previous: Path | None = None,
                ann_threshold: int = 20000) -> int:
    """Embed the entities of `store` and save the index in `folder`; returns how many were embedded.
    Entities whose text is unchanged since the `previous` index keep their vectors."""
    docs = load_documents(lambda q: store.query(q, timeout=60, max_rows=10**7), provenance=False)
    embedder = embedder or SentenceTransformerEmbedder(model)
    old = None
    if previous is not None:
        try:
            old = VectorIndex.load(previous)
        except SearchIndexError:
            pass
    vectors, hashes, embedded = embed(docs, embedder, old, progress)
    VectorIndex.create(vectors, [d.iri for d in docs], embedder.name, graph_hash, hashes,
                       approximate=len(docs) > ann_threshold).save(folder)
    return embedded


def embed(docs: list[Document], embedder: Embedder, previous: VectorIndex | None,
          progress: Callable[[str], None] | None = None) -> tuple[np.ndarray, list[str], int]:
    """The vectors of `docs`, reusing those of the `previous` index for unchanged texts; with the
    texts' hashes and how many were embedded."""
    hashes = [text_hash(d.text) for d in docs]
    known = previous.vectors_by_text() if previous is not None and previous.model == embedder.name else {}
    todo = [i for i, h in enumerate(hashes) if h not in known]
    vectors = np.zeros((len(docs), embedder.dim), dtype="float32")
    for i, h in enumerate(hashes):
        if h in known:
            vectors[i] = known[h]
    step = 64
    for start in range(0, len(todo), step):
        if progress:
            progress(f"embedding entities {start}/{len(todo)} ({len(docs) - len(todo)} unchanged) with {embedder.name}")
        batch = todo[start:start + step]
        vectors[batch] = embedder.encode([docs[i].text for i in batch])
    return vectors, hashes, len(todo)


class Engine:
    def __init__(self, store, documents: list[Document], embedder: Embedder, index: VectorIndex, settings=None):
        self.store = store
        self.settings = settings
        self.documents = documents
        self.by_iri = {d.iri: d for d in documents}
        self.embedder = embedder
        self.index = index
        self.lexicon = Lexicon(documents)
        order = {iri: i for i, iri in enumerate(index.iris)}
        self._rows = [order[d.iri] for d in documents]  # Engine.open guarantees every document is indexed
        self.doc_index = {d.iri: i for i, d in enumerate(documents)}
        self._names = [[stems(n) for n in [d.label, *d.alt_labels]] for d in documents]
        from .qa import QuestionAnswerer
        self.qa = QuestionAnswerer(self)

    @classmethod
    def open(cls, store, index_dir: Path, settings, *, embedder: Embedder | None = None,
             graph_hash: str | None = None) -> "Engine":
        """Load documents and index; a missing, stale or damaged index is rebuilt (and said in the log).
        The index belongs to `graph_hash`: by default the hash of the build the index folder is in;
        TEXTS keys it by the embedded texts themselves (a remote store, whose graph has no build)."""
        query = lambda q: store.query(q, timeout=settings.query_timeout * 6, max_rows=10**7)  # noqa: E731
        documents = load_documents(query)
        embedder = embedder or SentenceTransformerEmbedder(settings.model)
        if graph_hash is None:
            graph_hash = _release_hash(index_dir)
        elif graph_hash == TEXTS:
            graph_hash = text_hash("\n".join(sorted(f"{d.iri} {text_hash(d.text)}" for d in documents)))
        old = None
        try:
            index = old = VectorIndex.load(index_dir)
            if index.model != embedder.name or index.graph_hash != graph_hash or set(index.iris) != {d.iri for d in documents}:
                raise SearchIndexError("the index was built for another graph or model")
        except SearchIndexError as exc:
            log.warning("%s: rebuilding the vector index", exc)
            vectors, hashes, _ = embed(documents, embedder, old)  # unchanged texts keep their vectors
            index = VectorIndex.create(vectors, [d.iri for d in documents], embedder.name, graph_hash, hashes,
                                       approximate=len(documents) > settings.ann_threshold)
            try:
                index.save(index_dir)
            except OSError as save_error:  # a read-only build folder: use the index in memory
                log.warning("cannot save the rebuilt index in %s: %s", index_dir, save_error)
        index.set_probe_share(settings.ann_probe_share)
        return cls(store, documents, embedder, index, settings)

    # ------------------------------------------------------------ search
    def lexical_scores(self, text: str, rows: list[int] | None = None) -> np.ndarray:
        """Name similarity of each document (or of `rows` only, in that order) to the text."""
        query = stems(text)
        wanted = {s for s in query if s not in STOPWORDS}
        joined = f" {' '.join(query)} "
        rows = list(range(len(self.documents))) if rows is None else rows
        out = np.zeros(len(rows), dtype="float32")
        if not wanted:
            return out
        for slot, i in enumerate(rows):
            names = self._names[i]
            best = 0.0
            for name in names:
                if not name:
                    continue
                if name == query or (f" {' '.join(name)} " in joined and len(" ".join(name)) >= 3):
                    best = max(best, EXACT_BONUS if name == query else 0.5 + 0.5 * len(name) / max(len(query), 1))
                    continue
                overlap = len(wanted & set(name))
                if overlap:
                    best = max(best, 0.5 * overlap / len(wanted | set(name)))
            out[slot] = best
        return out

    def search(self, text: str, k: int = 10, types: list[str] | None = None, *, mode: str = "hybrid") -> list[SearchHit]:
        """Rank entities: `hybrid` (default; vector candidates plus the entities named in the text, each
        scored by vector and lexical similarity), `vector` or `lexical` (the baselines)."""
        allowed = set(types or [])
        unknown = allowed - set(TYPES.values())
        if unknown:
            from mlopskg.errors import InputError
            raise InputError(f"unknown type(s) {', '.join(sorted(unknown))}; choose from {', '.join(sorted(set(TYPES.values())))}")
        if mode == "lexical":
            lex = self.lexical_scores(text)
            order = [i for i in np.argsort(-lex, kind="stable") if lex[i] > 0]
            return self._hits(order, lex, np.zeros(len(lex)), lex, allowed, k)
        vector = self.embedder.encode([text])[0]
        pool = max(50, k * 10)
        candidates = {self.doc_index[iri] for iri, _ in self.index.search(vector, pool) if iri in self.doc_index}
        if mode == "hybrid":  # the entities the text names always compete
            linked = self.lexicon.link(text)
            candidates |= {self.doc_index[c.iri] for m in linked.mentions for c in m.candidates if c.iri in self.doc_index}
        if allowed and sum(self.documents[i].type in allowed for i in candidates) < k:
            candidates |= {i for i, d in enumerate(self.documents) if d.type in allowed}  # widen to the whole type
        rows = sorted(candidates)
        vec = np.zeros(len(self.documents), dtype="float32")
        lex = np.zeros(len(self.documents), dtype="float32")
        if rows:
            vec[rows] = self.index.vector_of([self._rows[i] for i in rows]) @ vector
            if mode == "hybrid":
                lex[rows] = self.lexical_scores(text, rows)
        score = vec if mode == "vector" else VECTOR_WEIGHT * vec + (1 - VECTOR_WEIGHT) * lex + np.where(lex >= EXACT_BONUS, EXACT_BONUS, 0)
        order = sorted(rows, key=lambda i: (-score[i], i))
        return self._hits(order, score, vec, lex, allowed, k)

    def _hits(self, order, score, vec, lex, allowed: set[str], k: int) -> list[SearchHit]:
        hits = []
        for i in order:
            doc = self.documents[i]
            if allowed and doc.type not in allowed:
                continue
            hits.append(SearchHit(doc.iri, doc.label, doc.type, float(score[i]), doc.definition[:200],
                                  float(vec[i]), float(lex[i])))
            if len(hits) >= k:
                break
        return hits

    def ask(self, question: str) -> Answer:
        start = time.perf_counter()
        answer = self.qa.answer(question)
        answer.elapsed_ms = (time.perf_counter() - start) * 1000
        return answer

    def query(self, sparql: str):
        limit = self.settings.query_timeout if self.settings else 10.0
        rows = self.settings.max_rows if self.settings else 10000
        return self.store.query(sparql, timeout=limit, max_rows=rows)


def _release_hash(index_dir: Path) -> str:
    import json
    try:
        return json.loads((index_dir.parent / "meta.json").read_text(encoding="utf-8"))["graph_hash"]
    except (OSError, ValueError, KeyError):
        return ""
