"""One exception tree. The CLI, the app and the HTTP server each translate it once, at their edge."""

from __future__ import annotations

from dataclasses import dataclass


class KGError(Exception):
    """Base of every error the library raises on purpose: its message is meant for the user."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data: where it is and what is wrong."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ":".join(part for part in (self.file, self.record, self.field) if part)
        return f"{where}: {self.message}" if where else self.message


class DataError(KGError):
    """The curated or ingested data is wrong. Holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  - {p}" for p in problems[:200])
        more = f"\n  ... and {count - 200} more" if count > 200 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data:\n{lines}{more}")


class QueryError(KGError):
    """A SPARQL query is malformed, refused or failed."""


class QueryTimeout(QueryError):
    """A query ran longer than the time limit."""


class ResultTooLarge(QueryError):
    """A query returned more rows than the result limit."""


class UpdateRefused(QueryError):
    """A SPARQL Update was sent to a read-only graph."""


class NotBuilt(KGError):
    """There is no built graph (or index) where the settings point."""


class StoreError(KGError):
    """The graph store cannot be opened or reached."""


class SearchIndexError(KGError):
    """The vector index is missing, corrupted or does not match the graph."""


class ModelError(KGError):
    """The embedding model cannot be loaded."""


class SettingsError(KGError):
    """A setting has a value that cannot be used."""


class InputError(KGError):
    """A question, search text or parameter cannot be used (empty, too long, wrong type)."""
