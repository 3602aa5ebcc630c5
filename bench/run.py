"""Benchmarks (not tests): build time, cold start, warm ask/search latency, memory, the competency
queries on embedded Oxigraph against rdflib in memory (the baseline, measured in the same run), and a
bounded load test of the HTTP server on 127.0.0.1. Prints the figures and writes docs/benchmarks.md.

Usage: python bench/run.py [--load-seconds 30] [--clients 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

from mlopskg import KnowledgeGraph, Settings  # noqa: E402
from search.evaluation import load_questions  # noqa: E402

QUESTIONS = ROOT / "tests" / "fixtures" / "paraphrases.yaml"
SHARED_QUESTIONS = ROOT.parent / "shared" / "eval" / "questions.yaml"


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_test(build_dir: Path, clients: int, seconds: float) -> dict:
    port = free_port()
    env = {**os.environ, "MLOPSKG_BUILD_DIR": str(build_dir), "MLOPSKG_PORT": str(port)}
    proc = subprocess.Popen([sys.executable, "-m", "mlopskg.cli", "serve"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(f"{url}/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        deadline = time.monotonic() + seconds
        questions = ["Which tools cover monitoring at level 2?", "Which roles are needed at level 1?",
                     "What are alternatives to W&B?"]

        def client(i: int) -> tuple[list[float], list[float], int]:
            sparql, ask, errors = [], [], 0
            with httpx.Client(timeout=60) as http:
                n = 0
                while time.monotonic() < deadline:
                    start = time.perf_counter()
                    if i % 2:
                        r = http.get(f"{url}/sparql", params={"query": "SELECT ?t ?l WHERE { ?t a mlo:Tool ; skos:prefLabel ?l } LIMIT 50"})
                        sparql.append((time.perf_counter() - start) * 1000)
                    else:
                        r = http.get(f"{url}/api/ask", params={"q": questions[n % len(questions)]})
                        ask.append((time.perf_counter() - start) * 1000)
                    errors += r.status_code != 200
                    n += 1
            return sparql, ask, errors

        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(client, range(clients)))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    sparql = [x for r in results for x in r[0]]
    ask = [x for r in results for x in r[1]]
    return {"clients": clients, "seconds": seconds, "errors": sum(r[2] for r in results),
            "sparql_rps": len(sparql) / seconds, "sparql_p95": pct(sparql, 95),
            "ask_rps": len(ask) / seconds, "ask_p95": pct(ask, 95)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()

    build_dir = Path(tempfile.mkdtemp(prefix="mlopskg-bench-"))
    settings = Settings.load(build_dir=build_dir)
    kg = KnowledgeGraph(settings)
    start = time.perf_counter()
    kg.build(index=False)
    build_no_index = time.perf_counter() - start
    start = time.perf_counter()
    report = kg.build(index=True)
    build_with_index = time.perf_counter() - start

    env = {**os.environ, "MLOPSKG_BUILD_DIR": str(build_dir)}
    cold = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mlopskg.cli", "ask", "Which tools cover monitoring at level 2?"],
                       env=env, check=True, capture_output=True)
        cold.append(time.perf_counter() - start)

    kg = KnowledgeGraph(settings)
    kg.engine
    texts = [q["question"] for q in load_questions(QUESTIONS)[1]]
    if SHARED_QUESTIONS.exists():
        texts += [q["question"] for q in load_questions(SHARED_QUESTIONS)[1]]
    for t in texts[:5]:
        kg.ask(t)
    ask_ms = [x for t in texts for x in timed(lambda t=t: kg.ask(t), 3)]
    search_ms = [x for t in texts for x in timed(lambda t=t: kg.search(t, 10), 3)]

    # competency queries: embedded Oxigraph against rdflib in memory (the baseline)
    memory = KnowledgeGraph(Settings.load(build_dir=build_dir, store="memory"))
    queries = kg.example_queries()
    ox_ms, mem_ms = [], []
    for q in queries.values():
        ox_ms += timed(lambda q=q: kg.query(q), 5)
        mem_ms += timed(lambda q=q: memory.query(q), 5)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = load_test(build_dir, args.clients, args.load_seconds)

    cpu = platform.processor() or platform.machine()
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python bench/run.py` (`make bench`) on {time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, "
        f"{cpu}, Python {platform.python_version()}, no GPU; graph of {report.triples} triples, "
        f"{report.indexed} embedded entities. The machine is shared, so figures vary between runs; the "
        "ratios compare parts measured in the same run.",
        "",
        "| what | figure |",
        "| --- | --- |",
        f"| build without embeddings | {build_no_index:.1f} s |",
        f"| build with embeddings (all-MiniLM-L6-v2 on CPU) | {build_with_index:.1f} s |",
        f"| cold `mlopskg ask` (process start to answer), median of 3 | {statistics.median(cold):.1f} s |",
        f"| warm `ask` p50 / p95 ({len(texts)} questions × 3) | {pct(ask_ms, 50):.1f} / {pct(ask_ms, 95):.1f} ms |",
        f"| warm `search` p50 / p95 | {pct(search_ms, 50):.1f} / {pct(search_ms, 95):.1f} ms |",
        f"| competency queries ({len(queries)}), embedded Oxigraph p50 / p95 | {pct(ox_ms, 50):.2f} / {pct(ox_ms, 95):.2f} ms |",
        f"| same on rdflib in memory (baseline) p50 / p95 | {pct(mem_ms, 50):.2f} / {pct(mem_ms, 95):.2f} ms |",
        f"| Oxigraph time as a share of rdflib's (p50) | {pct(ox_ms, 50) / pct(mem_ms, 50):.2f}× |",
        f"| peak memory of the benchmark process (graph, both stores, model, index) | {peak_mb:.0f} MB |",
        "",
        f"## Load: {load['clients']} concurrent clients for {load['seconds']:.0f} s on 127.0.0.1 (`mlopskg serve`: one server process; `/sparql` queries run in its {Settings.load().query_workers} query workers)",
        "",
        "| endpoint | requests/s | p95 latency | errors |",
        "| --- | --- | --- | --- |",
        f"| `/sparql` (SELECT, 50 rows) | {load['sparql_rps']:.1f} | {load['sparql_p95']:.0f} ms | {load['errors']} in all |",
        f"| `/api/ask` | {load['ask_rps']:.1f} | {load['ask_p95']:.0f} ms | |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    start, end = "<!-- scale:start -->", "<!-- scale:end -->"
    if start in old and end in old:  # keep the section that bench/scale.py writes
        text = text.rstrip("\n") + "\n\n" + old[old.index(start):old.index(end) + len(end)] + "\n"
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
