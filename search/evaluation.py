"""Score question answering against gold SPARQL: per-question P/R/F1 and latency, then macro P/R/F1,
Hits@1/5 and MRR of the entity ranking, and latency percentiles. Baselines: pure vector or pure
lexical top-k entities as the answer set."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import yaml
from rdflib import Literal

from mlopskg.errors import DataError, Problem

TOLERANCE = 0.005
BASELINE_K = 10


def load_questions(path: Path) -> tuple[str, list[dict]]:
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return doc.get("prefixes", ""), list(doc["questions"])
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise DataError([Problem(str(path), "", "questions", f"not a question file: {exc}")]) from None


def gold_values(kg, prefixes: str, sparql: str, answer_type: str) -> list:
    result = kg.query(prefixes + sparql)
    values = []
    for row in result.rows:
        for term in row:
            if term is None:
                continue
            if answer_type == "entities":
                values.append(str(term))
            elif answer_type == "numbers":
                values.append(float(term.toPython()) if isinstance(term, Literal) else float(term))
            else:
                values.append(str(term))
    return list(dict.fromkeys(values))


def answer_values(answer, answer_type: str) -> list:
    if answer_type == "entities":
        return [a.iri for a in answer.answers if a.iri]
    if answer_type == "numbers":
        out = []
        for a in answer.answers:
            try:
                out.append(float(a.value))
            except (TypeError, ValueError):
                pass
        return out
    return [str(a.value if a.value is not None else a.label) for a in answer.answers]


def same(a, b, answer_type: str) -> bool:
    if answer_type == "numbers":
        return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-9)
    return a == b


def score(predicted: list, gold: list, answer_type: str) -> tuple[float, float, float]:
    if not gold:
        return (1.0, 1.0, 1.0) if not predicted else (0.0, 0.0, 0.0)
    if not predicted:
        return 0.0, 0.0, 0.0
    hit_p = sum(1 for p in predicted if any(same(p, g, answer_type) for g in gold))
    hit_g = sum(1 for g in gold if any(same(p, g, answer_type) for p in predicted))
    precision, recall = hit_p / len(predicted), hit_g / len(gold)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def evaluate(kg, path: Path, baseline: str | None = None) -> dict:
    prefixes, questions = load_questions(path)
    if baseline not in (None, "vector", "lexical"):
        raise DataError([Problem("", "", "baseline", f"unknown baseline {baseline!r}; use vector or lexical")])
    kg.engine  # load model and index before timing
    rows = []
    for q in questions:
        answer_type = q.get("answer_type", "entities")
        gold = gold_values(kg, prefixes, q["gold"], answer_type)
        start = time.perf_counter()
        if baseline:
            hits = kg.engine.search(q["question"], BASELINE_K, mode=baseline)
            predicted = [h.iri for h in hits] if answer_type == "entities" else []
            answers_out = [{"iri": h.iri, "label": h.label} for h in hits]
            intent = f"baseline-{baseline}"
        else:
            answer = kg.ask(q["question"])
            predicted = answer_values(answer, answer_type)
            answers_out = [{"iri": a.iri, "label": a.label, "value": a.value} for a in answer.answers]
            intent = answer.intent
        elapsed = (time.perf_counter() - start) * 1000
        p, r, f1 = score(predicted, gold, answer_type)
        rank = next((i + 1 for i, v in enumerate(predicted) if any(same(v, g, answer_type) for g in gold)), None)
        rows.append({"id": q.get("id"), "question": q["question"], "answer_type": answer_type, "intent": intent,
                     "answers": answers_out, "predicted": predicted, "gold": gold, "precision": p, "recall": r,
                     "f1": f1, "rank": rank, "latency_ms": round(elapsed, 2)})
    ranked = [r for r in rows if r["answer_type"] == "entities" and r["gold"]]
    latencies = np.array([r["latency_ms"] for r in rows]) if rows else np.zeros(1)
    summary = {
        "count": len(rows),
        "precision": float(np.mean([r["precision"] for r in rows])) if rows else 0.0,
        "recall": float(np.mean([r["recall"] for r in rows])) if rows else 0.0,
        "f1": float(np.mean([r["f1"] for r in rows])) if rows else 0.0,
        "hits_at_1": float(np.mean([1.0 if r["rank"] == 1 else 0.0 for r in ranked])) if ranked else 0.0,
        "hits_at_5": float(np.mean([1.0 if r["rank"] and r["rank"] <= 5 else 0.0 for r in ranked])) if ranked else 0.0,
        "mrr": float(np.mean([1.0 / r["rank"] if r["rank"] else 0.0 for r in ranked])) if ranked else 0.0,
        "latency_p50_ms": float(np.percentile(latencies, 50)),
        "latency_p95_ms": float(np.percentile(latencies, 95)),
        "baseline": baseline,
    }
    return {"summary": summary, "questions": rows}
