"""Session fixtures: the real graph built once from data/ (with the real model and index), and a small
fixture graph for the competency queries."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from mlopskg import KnowledgeGraph, Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    """A build of the real data, made once per session in a temporary folder."""
    path = tmp_path_factory.mktemp("build")
    KnowledgeGraph(Settings.load(build_dir=path, data_dir=ROOT / "data")).build()
    return path


@pytest.fixture(scope="session")
def kg(build_dir) -> KnowledgeGraph:
    """The real graph on the embedded Oxigraph store, with the real model and index loaded."""
    graph = KnowledgeGraph(Settings.load(build_dir=build_dir, data_dir=ROOT / "data"))
    graph.engine  # load once
    return graph


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A writable copy of data/, for planting errors."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target
