"""What every page shares: the graph, loaded once per process, and small display helpers."""

from __future__ import annotations

import streamlit as st

from mlopskg import KGError, KnowledgeGraph

BASE = "https://w3id.org/mlops-kg/id/"


@st.cache_resource(show_spinner="Loading the knowledge graph and the embedding model…")
def graph() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.stats()  # fails early and clearly if there is no build
    return kg


def load() -> KnowledgeGraph:
    """The graph, or a clear message and a stop."""
    try:
        return graph()
    except KGError as exc:
        st.error(str(exc))
        st.stop()


def short(iri: str) -> str:
    return iri[len(BASE):] if iri.startswith(BASE) else iri


def entity_link(iri: str, label: str) -> str:
    """A markdown link to the entity's page on Explore (a shareable address)."""
    return f"[{label}](/explore?iri={short(iri)})"


def expand(value: str) -> str:
    return value if value.startswith("http") else BASE + value
