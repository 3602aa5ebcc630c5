"""The `mlopskg` command line: each command calls one method of the KnowledgeGraph facade."""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import KGError
from .kg import KnowledgeGraph
from .settings import SETTINGS, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="A knowledge graph of MLOps and LLMOps: build it, ask it in plain English, query it "
                       "with SPARQL, export it. Settings come from MLOPSKG_* environment variables "
                       "(see `mlopskg settings`).")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def fail(exc: KGError) -> None:
    err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
    raise typer.Exit(code=1)


def _progress_build(run):
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("building", total=None)
        return run(lambda msg: bar.update(task, description=msg))


def graph() -> KnowledgeGraph:
    return KnowledgeGraph(Settings.load())


class ResultFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"


class ExportFormat(str, Enum):
    turtle = "turtle"
    json_ld = "json-ld"
    nt = "nt"
    xml = "xml"
    trig = "trig"
    nquads = "nquads"


@app.command()
def build(no_index: Annotated[bool, typer.Option("--no-index", help="Skip embedding the entities.")] = False) -> None:
    """Build the graph from data/: map, derive, validate with SHACL, write store, Turtle and index atomically.

    Example: mlopskg build
    """
    kg = graph()
    try:
        report = _progress_build(lambda say: kg.build(say, index=not no_index))
    except KGError as exc:
        fail(exc)
    counts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
    out.print(f"built {report.triples} triples ({counts}) in {report.seconds:.1f} s -> {report.path}")
    if report.indexed:
        out.print(f"indexed {report.indexed} entities")


@app.command()
def validate() -> None:
    """Check data/ against the mapping rules and the SHACL shapes without writing anything.

    Example: mlopskg validate
    """
    try:
        report = graph().validate()
    except KGError as exc:
        fail(exc)
    if report.conforms:
        out.print(f"valid: {report.triples} triples, no SHACL violations")
        return
    for problem in report.problems:
        err.print(f"- {problem}", highlight=False, markup=False)
    err.print(f"{len(report.problems)} problem(s)")
    raise typer.Exit(code=1)


@app.command()
def sparql(query: Annotated[str, typer.Argument(help="A SPARQL query, or @FILE to read it from a file.")],
           fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="Output format.")] = ResultFormat.table) -> None:
    """Run a read-only SPARQL query (the usual prefixes are predefined).

    Example: mlopskg sparql "SELECT ?t WHERE { ?t mlo:hasCategory category:feature-store }"
    """
    from .sparql import render, short

    if query.startswith("@"):
        query = Path(query[1:]).read_text(encoding="utf-8")
    try:
        result = graph().query(query)
        if fmt is not ResultFormat.table:
            if result.kind == "graph":
                sys.stdout.write(result.graph.serialize(format="turtle"))
            else:
                sys.stdout.write(render(result, fmt.value) + "\n")
            return
    except KGError as exc:
        fail(exc)
    if result.kind == "ask":
        out.print("true" if result.boolean else "false")
    elif result.kind == "graph":
        sys.stdout.write(result.graph.serialize(format="turtle"))
    else:
        table = Table(*result.variables)
        for row in result.rows:
            table.add_row(*(short(t) for t in row))
        out.print(table)
        out.print(f"{len(result.rows)} row(s) in {result.elapsed_ms:.1f} ms")


@app.command()
def export(fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF format.")] = ExportFormat.turtle,
           out_file: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to FILE instead of stdout.")] = None) -> None:
    """Export the whole graph (ontology, data and DCAT description) as RDF.

    Example: mlopskg export --format json-ld --out mlops-kg.jsonld
    """
    try:
        data = graph().export(fmt.value)
    except KGError as exc:
        fail(exc)
    if out_file is None:
        sys.stdout.buffer.write(data)
    else:
        tmp = out_file.with_name(out_file.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(out_file)
        err.print(f"wrote {len(data)} bytes to {out_file}")


@app.command()
def ask(question: Annotated[str, typer.Argument(help="A question in plain English.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False) -> None:
    """Answer a question from the graph, showing what was understood and the SPARQL that ran.

    Example: mlopskg ask "Which tools cover monitoring at level 2?"
    """
    try:
        answer = graph().ask(question)
    except KGError as exc:
        fail(exc)
    if as_json:
        out.print_json(json.dumps(answer.to_json(), ensure_ascii=False))
        return
    from ontology.namespace import curie
    understood = ", ".join(f"{e.label} ({e.type})" for e in answer.entities) or "nothing specific"
    out.print(f"[bold]{answer.intent}[/bold]: {understood}", highlight=False)
    for note in answer.notes:
        out.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    if not answer.answers:
        out.print("no answer in the graph")
    for item in answer.answers:
        value = f" = {item.value}" if item.value is not None and str(item.value) != item.label else ""
        iri = f"  [dim]{curie(item.iri)}[/dim]" if item.iri else ""
        out.print(f"- {item.label}{value}{iri}", highlight=False)
    out.print(f"[dim]{len(answer.answers)} answer(s) in {answer.elapsed_ms:.1f} ms. SPARQL:[/dim]")
    out.print(answer.sparql, markup=False, highlight=False)


@app.command()
def search(text: Annotated[str, typer.Argument(help="What to look for.")],
           k: Annotated[int, typer.Option("-k", help="How many results.", min=1, max=100)] = 10,
           kind: Annotated[Optional[list[str]], typer.Option("--type", "-t", help="Only this type (tool, role, capability, phase, category, level, publication, ...); repeatable.")] = None,
           as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False) -> None:
    """Semantic search over every entity: vector similarity plus exact-name matching.

    Example: mlopskg search "track experiments" -k 5 --type tool
    """
    from dataclasses import asdict

    try:
        hits = graph().search(text, k, kind)
    except KGError as exc:
        fail(exc)
    if as_json:
        out.print_json(json.dumps([asdict(h) for h in hits], ensure_ascii=False))
        return
    table = Table("score", "label", "type", "snippet")
    for hit in hits:
        table.add_row(f"{hit.score:.3f}", hit.label, hit.type, hit.snippet[:90])
    out.print(table)


@app.command(name="eval")
def evaluate(questions: Annotated[Path, typer.Argument(help="A questions YAML file (see shared/eval/questions.yaml).")],
             as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
             baseline: Annotated[Optional[str], typer.Option(help="Score a baseline instead: vector or lexical.")] = None) -> None:
    """Score `ask` against the gold SPARQL of a question file: P/R/F1, Hits@k, MRR, latency.

    Example: mlopskg eval ../shared/eval/questions.yaml
    """
    from search.evaluation import evaluate as run_eval

    try:
        report = run_eval(graph(), questions, baseline=baseline)
    except KGError as exc:
        fail(exc)
    if as_json:
        out.print_json(json.dumps(report, ensure_ascii=False, default=str))
        return
    for row in report["questions"]:
        mark = "ok " if row["f1"] >= 0.999 else "BAD"
        out.print(f"{mark} {row['f1']:.2f}  {row['id']}: {row['question']}", highlight=False, markup=False)
    s = report["summary"]
    out.print(f"questions: {s['count']}  macro P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
              f"Hits@1 {s['hits_at_1']:.3f}  Hits@5 {s['hits_at_5']:.3f}  MRR {s['mrr']:.3f}  "
              f"latency p50 {s['latency_p50_ms']:.1f} ms  p95 {s['latency_p95_ms']:.1f} ms", highlight=False)


@app.command()
def serve(host: Annotated[Optional[str], typer.Option(help="Address to bind (default: setting host, 127.0.0.1).")] = None,
          port: Annotated[Optional[int], typer.Option(help="Port (default: setting port, 7878).")] = None) -> None:
    """Serve the SPARQL endpoint (/sparql) and the JSON API (/api/ask, /api/search, /api/entity, /api/export).

    Example: mlopskg serve --port 7878
    """
    from .server import serve as run_server

    settings = Settings.load(host=host, port=port)
    kg = KnowledgeGraph(settings)
    try:
        kg.stats()
        err.print(f"serving on http://{settings.host}:{settings.port}/sparql (read-only); Ctrl-C stops")
        run_server(kg, settings.host, settings.port)
    except KGError as exc:
        fail(exc)


@app.command()
def push(endpoint: Annotated[str, typer.Argument(help="Graph Store Protocol URL of the server, e.g. http://127.0.0.1:7879/store")]) -> None:
    """Upload the current build to a SPARQL server through the Graph Store Protocol (default and named graphs).

    Example: mlopskg push http://127.0.0.1:7879/store
    """
    from .remote import push_build

    kg = graph()
    try:
        count = push_build(kg.release.graph_file, endpoint, kg.release.named_files)
    except KGError as exc:
        fail(exc)
    out.print(f"uploaded {count} triples to {endpoint}")


@app.command(name="assess")
def assess_cmd(answers: Annotated[Path, typer.Argument(help="Answers YAML (see examples/).")],
               as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
               markdown: Annotated[bool, typer.Option("--markdown", help="Print the report as Markdown.")] = False) -> None:
    """Assess an organisation's maturity from its answers and print the roadmap to the next (or target) level.

    Example: mlopskg assess examples/startup-level-0.yaml --markdown
    """
    try:
        report = graph().assess(answers)
    except KGError as exc:
        fail(exc)
    if as_json:
        out.print_json(json.dumps(report.to_json(), ensure_ascii=False))
    elif markdown:
        sys.stdout.write(report.to_markdown())
    else:
        from rich.markdown import Markdown
        out.print(Markdown(report.to_markdown()))


@app.command()
def questionnaire(llm: Annotated[bool, typer.Option("--llm", help="Include the LLMOps questions.")] = False) -> None:
    """Print an answers template: one question per capability, grouped by phase.

    Example: mlopskg questionnaire --llm > answers.yaml
    """
    try:
        grouped = graph().questionnaire(llm)
    except KGError as exc:
        fail(exc)
    lines = ["organization: Your organisation", f"builds_with_llms: {'true' if llm else 'false'}",
             "constraints: {open_source_only: false, self_hosted_only: false, tools_in_use: []}",
             "# target_level: 2", "answers:  # yes | partly | no"]
    for phase, caps in grouped.items():
        lines.append(f"  # --- {phase}")
        for cap in caps:
            lines.append(f"  {cap.id}: no  # level {cap.level}: {cap.label}")
    sys.stdout.write("\n".join(lines) + "\n")


@app.command()
def compare(tools: Annotated[list[str], typer.Argument(help="Two or more tool ids, e.g. mlflow weights-and-biases.")]) -> None:
    """Compare tools side by side: phases, capabilities, levels, licence, delivery, vendor, integrations, sources.

    Example: mlopskg compare mlflow weights-and-biases comet
    """
    try:
        rows = graph().compare(tools)
    except KGError as exc:
        fail(exc)
    table = Table("", *[r["tool"] for r in rows], show_lines=True)
    for key in rows[0]:
        if key not in ("tool", "iri"):
            table.add_row(key, *[str(r[key]) for r in rows])
    out.print(table)


@app.command()
def ingest(source: Annotated[Path, typer.Argument(help="A YAML/CSV file in the curated format, a BibTeX file, or Turtle/JSON-LD/N-Triples/RDF-XML.")],
           graph_name: Annotated[Optional[str], typer.Option("--graph", help="Name of the named graph (default: the file name).")] = None,
           kind: Annotated[str, typer.Option(help="What the rows of a CSV file are: tool, capability, role, publication, org or skill.")] = "tool",
           skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Leave out invalid records and ingest the rest.")] = False) -> None:
    """Add a file as its own named graph (replacing an earlier one of that name) and rebuild.

    Example: mlopskg ingest internal-tools.csv --graph internal-tools
    """
    kg = graph()
    try:
        report = _progress_build(lambda say: kg.ingest(source, graph_name, kind=kind, skip_invalid=skip_invalid, progress=say))
    except KGError as exc:
        fail(exc)
    for problem in report.skipped:
        err.print(f"skipped: {problem}", markup=False, highlight=False)
    out.print(f"ingested {source} -> {report.triples} triples in all, {report.indexed} entities (re-)embedded")


@app.command()
def graphs() -> None:
    """List the curated graph and every ingested named graph with file, size and time.

    Example: mlopskg graphs
    """
    try:
        rows = graph().graphs()
    except KGError as exc:
        fail(exc)
    table = Table("graph", "triples", "ingested", "file")
    for row in rows:
        table.add_row(row["name"], str(row["triples"]), row["ingested"], row["file"])
    out.print(table)


@app.command()
def remove(name: Annotated[str, typer.Argument(help="The name of an ingested graph.")]) -> None:
    """Take an ingested named graph out of the knowledge graph and rebuild.

    Example: mlopskg remove internal-tools
    """
    kg = graph()
    try:
        report = _progress_build(lambda say: kg.remove_graph(name, progress=say))
    except KGError as exc:
        fail(exc)
    out.print(f"removed {name}: {report.triples} triples remain")


@app.command()
def stats() -> None:
    """Show the current build: triples, counts per kind, when it was built.

    Example: mlopskg stats
    """
    try:
        info = graph().stats()
    except KGError as exc:
        fail(exc)
    out.print_json(json.dumps(info))


@app.command(name="settings")
def show_settings() -> None:
    """List every setting with its current value and environment variable.

    Example: mlopskg settings
    """
    try:
        current = Settings.load()
    except KGError as exc:
        fail(exc)
    for s in SETTINGS:
        out.print(f"{s.name} = {getattr(current, s.name)}  (MLOPSKG_{s.name.upper()}): {s.help}",
                  markup=False, highlight=False)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
