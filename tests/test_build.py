"""Building: planted bad records fail with messages naming file, record and field; the previous build
survives a failed or interrupted build."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from ingest.validate import load_shapes, validate_graph
from mlopskg import DataError, KnowledgeGraph, Settings
from mlopskg.builds import current_release
from ontology.namespace import MLO, SHAPES_FILE, expand

from .conftest import ROOT


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(data: Path) -> list[str]:
    result = KnowledgeGraph(Settings.load(data_dir=data, build_dir=data.parent / "b")).validate()
    assert not result.conforms
    return [str(p) for p in result.problems]


def test_real_data_is_valid():
    report = KnowledgeGraph(Settings.load(data_dir=ROOT / "data")).validate()
    assert report.conforms, report.problems[:5]


def test_missing_source_is_named(data_copy):
    text = (data_copy / "tools.yaml").read_text(encoding="utf-8")
    start = text.index("- id: kserve")
    block_end = text.index("\n- id: ", start + 1)
    block = text[start:block_end]
    stripped = re.sub(r"\n  sources:\n(  - .*\n|    .*\n)+", "\n", block + "\n")
    (data_copy / "tools.yaml").write_text(text[:start] + stripped.rstrip("\n") + text[block_end:], encoding="utf-8")
    found = problems(data_copy)
    assert any("tools.yaml" in p and "kserve" in p and "sources" in p for p in found), found


def test_dangling_reference_is_named(data_copy):
    replace(data_copy / "capabilities.yaml", "roles: [data-engineer]\n", "roles: [data-enginer]\n")
    found = problems(data_copy)
    assert any("capabilities.yaml" in p and ":roles:" in p and "unknown role 'data-enginer'" in p for p in found), found


def test_wrong_level_number_is_named(data_copy):
    replace(data_copy / "capabilities.yaml", "    level: 3\n", "    level: 7\n")
    found = problems(data_copy)
    assert any("capabilities.yaml" in p and ":level:" in p and "from 0 to 4" in p for p in found), found


def test_curated_judgement_without_comment_is_named(data_copy):
    replace(data_copy / "categories.yaml", "  comment: Category scheme", "  note: Category scheme")
    found = problems(data_copy)
    assert any("categories.yaml" in p and ":comment:" in p and "curated judgement needs a comment" in p
               for p in found), found


def test_comma_in_an_unquoted_flow_mapping_value_is_named(data_copy):
    """YAML reads `{definition: Stores, versions and serves}` as a definition "Stores" and a key "versions and
    serves": the text would be cut silently."""
    replace(data_copy / "categories.yaml", 'definition: "Systems that store, version', "definition: Systems that store, version")
    found = problems(data_copy)
    assert any("categories.yaml:feature-store" in p and "'version and serve features" in p and "quotes" in p
               for p in found), found


def test_duplicate_iri_and_wrong_type_are_named_together(data_copy):
    replace(data_copy / "capabilities.yaml", "- id: ml-problem-framing", "- id: okr-alignment")
    replace(data_copy / "capabilities.yaml", "llmops: false", "llmops: maybe")
    found = problems(data_copy)
    assert any("duplicate IRI capability:okr-alignment" in p for p in found)
    assert any(":llmops:" in p and "true or false" in p for p in found)


def test_bad_yaml_is_named(data_copy):
    (data_copy / "phases.yaml").write_text("phases:\n  - id: x\n   label: [broken\n", encoding="utf-8")
    found = problems(data_copy)
    assert any(p.startswith("phases.yaml") and "not valid YAML" in p for p in found), found


def test_failed_build_keeps_the_previous_one(tmp_path, data_copy):
    settings = Settings.load(data_dir=data_copy, build_dir=tmp_path / "build")
    KnowledgeGraph(settings).build(index=False)
    before = current_release(settings.build_dir).path
    replace(data_copy / "capabilities.yaml", "    level: 3\n", "    level: 9\n")
    with pytest.raises(DataError):
        KnowledgeGraph(settings).build(index=False)
    assert current_release(settings.build_dir).path == before
    assert KnowledgeGraph(settings).query("ASK { ?t a mlo:Tool }").boolean


def test_killed_build_keeps_the_previous_one(tmp_path):
    build_dir = tmp_path / "build"
    env = {"MLOPSKG_BUILD_DIR": str(build_dir), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    subprocess.run([sys.executable, "-m", "mlopskg.cli", "build", "--no-index"], env=env, check=True,
                   capture_output=True, cwd=ROOT, timeout=300)
    before = current_release(build_dir).path
    proc = subprocess.Popen([sys.executable, "-m", "mlopskg.cli", "build"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list((build_dir / "releases").glob(".tmp-*")):
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert current_release(build_dir).path == before
    settings = Settings.load(build_dir=build_dir)
    assert KnowledgeGraph(settings).query("ASK { ?t a mlo:Tool }").boolean
    KnowledgeGraph(settings).build(index=False)  # the next build cleans up what the killed one left
    assert not list((build_dir / "releases").glob(".tmp-*"))


def test_shapes_as_validated_give_the_same_problems_as_the_shapes_as_written(build_dir):
    """load_shapes() moves each property shape up to its node shape's targets; nothing may change."""
    graph = Graph().parse(current_release(build_dir).graph_file)
    graph.remove((expand("tool:mlflow"), SKOS.prefLabel, None))                          # a required field
    graph.add((expand("tool:kserve"), MLO.hasCategory, expand("phase:data-collection")))  # a wrong class
    graph.remove((expand("category:model-serving"), RDFS.comment, None))                 # a curated judgement
    graph.add((expand("tool:ray"), PROV.wasDerivedFrom, expand("capability:model-serving")))  # not a source
    graph.add((expand("capability:model-serving"), MLO.introducedAtLevel, URIRef(str(expand("model:google")) + "-0")))
    cost = next(graph.subjects(RDF.type, MLO.CostEstimate))
    graph.set((cost, URIRef("https://schema.org/minValue"), Literal("1e12", datatype=XSD.decimal)))
    as_written = validate_graph(graph, shapes=Graph().parse(SHAPES_FILE)).problems
    assert validate_graph(graph, shapes=load_shapes()).problems == as_written
    assert len({p.record for p in as_written}) >= 6, as_written
    assert any(p.record == "tool:ray" and p.field == "sources" for p in as_written), as_written
