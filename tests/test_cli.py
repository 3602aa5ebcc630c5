"""The command line on the real data: every command, its output and its errors (one line, exit 1)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mlopskg.cli import app

from .conftest import ROOT


@pytest.fixture()
def run(build_dir, monkeypatch):
    monkeypatch.setenv("MLOPSKG_BUILD_DIR", str(build_dir))
    monkeypatch.setenv("MLOPSKG_DATA_DIR", str(ROOT / "data"))
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_sparql_table_json_csv(run):
    query = "SELECT ?t WHERE { ?t mlo:hasCategory category:feature-store } ORDER BY ?t"
    table = run("sparql", query)
    assert table.exit_code == 0 and "tool:feast" in table.output
    data = json.loads(run("sparql", query, "--format", "json").output)
    assert data["head"]["vars"] == ["t"]
    assert {"type": "uri", "value": "https://w3id.org/mlops-kg/id/tool/feast"} in [b["t"] for b in data["results"]["bindings"]]
    csv = run("sparql", query, "--format", "csv").output.splitlines()
    assert csv[0] == "t" and "https://w3id.org/mlops-kg/id/tool/feast" in csv


def test_sparql_syntax_error_is_one_line(run):
    result = run("sparql", "SELEC ?x WHERE { ?x ?y }")
    assert result.exit_code == 1
    assert result.output.strip().startswith("error: SPARQL syntax error")
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_sparql_update_is_refused(run):
    result = run("sparql", "INSERT DATA { <http://x> <http://y> <http://z> }")
    assert result.exit_code == 1 and "read-only" in result.output


def test_export_to_file(run, tmp_path):
    out = tmp_path / "g.nt"
    result = run("export", "--format", "nt", "--out", str(out))
    assert result.exit_code == 0 and out.stat().st_size > 100_000


def test_validate_and_stats(run):
    assert "no SHACL violations" in run("validate").output
    stats = json.loads(run("stats").output)
    assert stats["counts"]["tools"] >= 80 and stats["store"] == "oxigraph"


def test_ask_json_contract(run):
    result = run("ask", "Which tools cover monitoring at level 2?", "--json")
    data = json.loads(result.output)
    assert set(data) == {"question", "interpretation", "sparql", "answer_type", "answers", "elapsed_ms"}
    assert {"intent", "entities"} <= set(data["interpretation"])
    assert data["answer_type"] == "entities" and data["answers"]
    assert all(set(a) >= {"iri", "label", "value", "sources"} and a["sources"] for a in data["answers"])
    assert "mlo:inPhase" in data["sparql"]


def test_ask_empty_question_is_one_clear_line(run):
    result = run("ask", "   ")
    assert result.exit_code == 1 and result.output.strip() == "error: the question is empty"


def test_search_json_and_type_filter(run):
    hits = json.loads(run("search", "W&B", "--json", "-k", "3").output)
    assert hits[0]["iri"].endswith("/tool/weights-and-biases")
    typed = json.loads(run("search", "monitoring", "--type", "role", "--json").output)
    assert typed and all(h["type"] == "role" for h in typed)
    bad = run("search", "x", "--type", "spaceship")
    assert bad.exit_code == 1 and "unknown type" in bad.output


def test_missing_build_names_the_command(monkeypatch, tmp_path):
    monkeypatch.setenv("MLOPSKG_BUILD_DIR", str(tmp_path / "nothing"))
    result = CliRunner().invoke(app, ["sparql", "ASK {}"])
    assert result.exit_code == 1 and "mlopskg build" in result.output


def test_settings_lists_every_setting(run):
    from mlopskg.settings import SETTINGS
    output = run("settings").output
    assert all(f"MLOPSKG_{s.name.upper()}" in output for s in SETTINGS)


def test_damaged_graph_file_is_one_clear_line(build_dir, monkeypatch, tmp_path):
    import shutil
    copy = tmp_path / "build"
    release = (build_dir / "current").resolve()
    shutil.copytree(release, copy / "releases" / release.name, symlinks=True)
    (copy / "current").symlink_to(f"releases/{release.name}")
    graph = copy / "current" / "graph.ttl"
    graph.write_text(graph.read_text(encoding="utf-8")[:5000] + " <broken", encoding="utf-8")
    monkeypatch.setenv("MLOPSKG_BUILD_DIR", str(copy))
    result = CliRunner().invoke(app, ["sparql", "ASK { ?s ?p ?o }"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "graph.ttl" in result.output and "mlopskg build" in result.output
    assert len(result.output.strip().splitlines()) == 1
    # the on-disk store of the same build is intact and still answers
    monkeypatch.setenv("MLOPSKG_IN_MEMORY_TRIPLES", "0")
    assert CliRunner().invoke(app, ["sparql", "ASK { ?s ?p ?o }"]).exit_code == 0
