"""Typed results returned by the facade; the edges (CLI, app, HTTP) decide how to show them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Entity:
    iri: str
    label: str
    type: str


@dataclass
class AnswerItem:
    iri: str | None
    label: str
    value: Any = None
    sources: list[str] = field(default_factory=list)
    graph: str = "curated"      # the named graph the entity comes from ("curated" for data/)


@dataclass
class Answer:
    """The answer to a question: what was understood, the SPARQL that ran, and the exact answer set."""

    question: str
    intent: str
    entities: list[Entity]
    sparql: str
    answer_type: str                      # "entities" | "literals" | "numbers"
    answers: list[AnswerItem]
    elapsed_ms: float = 0.0
    notes: list[str] = field(default_factory=list)     # readings taken, fallbacks, "no answer"
    fallback: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "interpretation": {"intent": self.intent, "entities": [asdict(e) for e in self.entities],
                               "notes": self.notes, "fallback": self.fallback},
            "sparql": self.sparql,
            "answer_type": self.answer_type,
            "answers": [asdict(a) for a in self.answers],
            "elapsed_ms": round(self.elapsed_ms, 2),
        }


@dataclass
class SearchHit:
    iri: str
    label: str
    type: str
    score: float
    snippet: str
    vector_score: float = 0.0
    lexical_score: float = 0.0


@dataclass
class BuildReport:
    path: str
    triples: int
    counts: dict[str, int]
    graph_hash: str
    seconds: float
    indexed: int = 0
    skipped: list[str] = field(default_factory=list)
