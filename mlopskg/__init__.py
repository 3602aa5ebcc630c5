"""mlops-kg: a knowledge graph of MLOps and LLMOps. `KnowledgeGraph` is the public API.

Names are imported on first use, so that `ingest` and `search` can use `mlopskg.errors` without
importing the facade (which imports them).
"""

from importlib import import_module

_EXPORTS = {
    "KnowledgeGraph": "kg", "Settings": "settings", "SETTINGS": "settings", "Answer": "results",
    "AnswerItem": "results", "BuildReport": "results", "Entity": "results", "SearchHit": "results",
    "KGError": "errors", "DataError": "errors", "QueryError": "errors",
}
__all__ = sorted(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
