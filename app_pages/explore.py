"""Explore: one entity with its facts, sources and neighbours; the address carries the entity."""

import streamlit as st
from streamlit_agraph import Config, Edge, Node, agraph

from app_pages.common import entity_link, expand, load, short

kg = load()
st.title("Explore")
text = st.text_input("Find an entity", value="", placeholder="e.g. KServe, drift detection, ML engineer")
if text.strip():
    hits = kg.search(text, 8)
    choice = st.radio("Matches", [h.iri for h in hits], format_func=lambda i: next(f"{h.label} ({h.type})" for h in hits if h.iri == i))
    if choice:
        st.query_params["iri"] = short(choice)

iri = expand(st.query_params.get("iri", "tool/mlflow"))
view = kg.entity(iri)
if view is None:
    st.error(f"No entity {short(iri)} in the graph.")
    st.stop()
st.header(view.label)
st.caption(f"{short(iri)} · {', '.join(view.types)}")
st.write(view.definition)
left, right = st.columns([3, 2])
with left:
    st.subheader("Facts")
    for fact in view.facts:
        st.markdown(f"- **{fact.predicate}**: " + (entity_link(fact.iri, fact.value) if fact.iri and fact.iri.startswith("https://w3id.org/mlops-kg/id/") else fact.value))
    if view.incoming:
        st.subheader("Linked from")
        for fact in view.incoming[:60]:
            st.markdown(f"- {entity_link(fact.iri, fact.value)} — {fact.predicate}")
with right:
    st.subheader("Sources")
    for src in view.sources:
        st.markdown(f"- [{src['title'] or short(src['iri'])}]({src['url'] or src['iri']})")
    st.caption(f"Source kind: {view.source_kind or '—'} · last verified {view.verified or '—'}")
    if view.comment:
        st.caption(view.comment)
    st.subheader("Neighbours")
    nodes = {iri: Node(id=iri, label=view.label, size=25, color="#ff4b4b")}
    edges = []
    for fact in (view.facts + view.incoming)[:40]:
        if fact.iri and fact.iri.startswith("https://w3id.org/mlops-kg/id/"):
            nodes.setdefault(fact.iri, Node(id=fact.iri, label=fact.value[:30], size=12))
            edges.append(Edge(source=iri, target=fact.iri, label=fact.predicate))
    clicked = agraph(nodes=list(nodes.values()), edges=edges, config=Config(width=520, height=420, physics=True, directed=True))
    if clicked and clicked != iri:
        st.query_params["iri"] = short(clicked)
        st.rerun()
