"""Ingest sources: where records come from. A Source yields Records; the mapping turns them into RDF.

The curated data is one Source (a folder of YAML files, one per kind). Other sources (CSV, BibTeX,
RDF files) implement the same small interface.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Protocol

import yaml

from mlopskg.errors import DataError, Problem

# file name -> {top-level key: record kind}
CURATED_FILES: dict[str, dict[str, str]] = {
    "sources.yaml": {"sources": "source"},
    "phases.yaml": {"phases": "phase"},
    "maturity.yaml": {"models": "model"},
    "categories.yaml": {"categories": "category"},
    "capabilities.yaml": {"capabilities": "capability"},
    "tools.yaml": {"tools": "tool", "organizations": "org"},
    "roles.yaml": {"roles": "role", "skills": "skill"},
    "costs.yaml": {"levels": "costlevel"},
    "publications.yaml": {"publications": "publication"},
    "statistics.yaml": {"statistics": "statistic"},
}
COMMON_DEFAULTS = ("sources", "source_kind", "comment", "verified")


@dataclass
class Record:
    """One YAML record with where it came from."""

    kind: str
    file: str
    line: int
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        value = self.data.get("id", self.data.get("level", ""))
        return str(value)

    @property
    def where(self) -> str:
        return f"{self.id or '?'} (line {self.line})"


class Source(Protocol):
    """Anything that yields records."""

    name: str

    def records(self) -> Iterator[Record]: ...


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping under the key `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a syntax error becomes a DataError naming the file and line."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise DataError([Problem(path.name, where, "", f"not valid YAML: {reason}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(path.name, "", "", f"cannot be read: {exc}")]) from None


class CuratedYamlSource:
    """The hand-curated YAML files of data/."""

    name = "curated"

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)

    def records(self) -> Iterator[Record]:
        if not self.data_dir.is_dir():
            raise DataError([Problem(str(self.data_dir), "", "", "data folder not found")])
        problems: list[Problem] = []
        for file_name, kinds in CURATED_FILES.items():
            path = self.data_dir / file_name
            if not path.exists():
                continue
            doc = read_yaml(path)
            if doc is None:
                continue
            if not isinstance(doc, dict):
                problems.append(Problem(file_name, "", "", "must be a mapping of lists (e.g. `tools:`)"))
                continue
            defaults = {k: v for k, v in (doc.get("defaults") or {}).items() if k in COMMON_DEFAULTS}
            unknown = set(doc) - set(kinds) - {"defaults", "__line__"}
            for key in sorted(unknown):
                problems.append(Problem(file_name, "", key, f"unknown section; expected {', '.join(kinds)}"))
            for key, kind in kinds.items():
                items = doc.get(key) or []
                if not isinstance(items, list):
                    problems.append(Problem(file_name, "", key, "must be a list of records"))
                    continue
                for item in items:
                    if not isinstance(item, dict):
                        problems.append(Problem(file_name, "", key, f"each record must be a mapping, got {item!r:.40}"))
                        continue
                    data = {**defaults, **item}
                    yield Record(kind, file_name, int(item.get("__line__", 0)), data)
        if problems:
            raise DataError(problems)


def as_date(value: Any) -> dt.date | None:
    """A YAML date (or an ISO string) as a date; None when it is neither."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
