"""Ask: a question in plain English, the exact answer set, and how it was answered."""

import pandas as pd
import streamlit as st

from app_pages.common import entity_link, load
from mlopskg import KGError

EXAMPLES = ["Which tools cover monitoring at level 2?", "Which open-source tools cover model deployment?",
            "What do we need to go from level 1 to level 2?", "Which roles join the team at level 3?",
            "How much does it cost per year to operate at level 2?", "Which unified level corresponds to Google level 1?",
            "What are alternatives to W&B?", "Which publications are about continuous monitoring?"]

kg = load()
st.title("Ask the MLOps knowledge graph")
st.caption("Questions are answered from the graph with SPARQL; nothing is generated. Levels mean the unified levels 0–4 unless a model is named.")

if "question" not in st.session_state:
    st.session_state.question = st.query_params.get("q", EXAMPLES[0])
cols = st.columns(4)
for i, example in enumerate(EXAMPLES):
    if cols[i % 4].button(example, key=f"example-{i}", width="stretch"):
        st.session_state.question = example
question = st.text_input("Your question", key="question")

if question.strip():
    try:
        answer = kg.ask(question)
    except KGError as exc:
        st.error(str(exc))
        st.stop()
    st.query_params["q"] = question
    understood = ", ".join(f"{e.label} ({e.type})" for e in answer.entities) or "no specific entity"
    st.markdown(f"**Understood:** {answer.intent} — {understood}")
    for note in answer.notes:
        st.info(note)
    if not answer.answers:
        st.warning("No answer in the graph for this question.")
    elif answer.answer_type == "entities":
        about = kg.summaries([a.iri for a in answer.answers if a.iri])
        rows = [{"answer": a.label, "type": about.get(a.iri, {}).get("type", ""),
                 "key facts": about.get(a.iri, {}).get("facts", ""),
                 "source": (about.get(a.iri, {}).get("sources") or [None])[0],
                 "graph": a.graph, "score": a.value} for a in answer.answers]
        table = pd.DataFrame(rows)
        if not answer.fallback:
            table = table.drop(columns=["score"])
        if set(table["graph"]) == {"curated"}:
            table = table.drop(columns=["graph"])
        st.dataframe(table, hide_index=True, width="stretch", key="answer-table",
                     column_config={"source": st.column_config.LinkColumn("source")})
        st.markdown(" · ".join(entity_link(a.iri, a.label) for a in answer.answers if a.iri))
    else:
        st.dataframe(pd.DataFrame([{"answer": a.label, "value": a.value} for a in answer.answers]),
                     hide_index=True, width="stretch", key="answer-table")
    st.caption(f"{len(answer.answers)} answer(s) in {answer.elapsed_ms:.0f} ms")
    with st.expander("How this was answered", expanded=False):
        st.json(answer.to_json()["interpretation"])
        if answer.sparql:
            st.code(answer.sparql, language="sparql")
            if st.button("Open in the SPARQL page"):
                st.session_state.sparql = answer.sparql
                st.switch_page("app_pages/sparql.py")
    if answer.fallback:
        st.subheader("Closest entities (semantic search)")
    else:
        with st.expander("Related entities (semantic search)"):
            for hit in kg.search(question, 5):
                st.markdown(f"- {entity_link(hit.iri, hit.label)} ({hit.type}, {hit.score:.2f})")
