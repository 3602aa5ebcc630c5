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


# ---------------------------------------------------------------- helpers for tests that start servers
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc, seconds: float = 60) -> None:
    """Poll `url` on loopback until it answers, the process dies, or time runs out (bounded)."""
    import time

    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer in {seconds} s")


def stop(proc) -> None:
    """SIGTERM the process we started, by its id; kill it if it does not exit."""
    import signal
    import subprocess

    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
