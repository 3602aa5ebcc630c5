"""SPARQL: an editor with the example queries, results as a table with CSV and JSON downloads."""

import pandas as pd
import streamlit as st

from app_pages.common import load
from mlopskg import KGError
from mlopskg.sparql import render, short

kg = load()
st.title("SPARQL")
examples = kg.example_queries()
st.caption(f"Read-only; the usual prefixes are predefined; limits: {kg.settings.query_timeout:g} s and {kg.settings.max_rows} rows.")
choice = st.selectbox("Example queries (one per competency question)", list(examples))
if st.button("Load example"):
    st.session_state.sparql = examples[choice]
if "sparql" not in st.session_state:
    st.session_state.sparql = examples[choice]
query = st.text_area("Query", key="sparql", height=260)
if st.button("Run", type="primary"):
    try:
        result = kg.query(query, isolated=True)
    except KGError as exc:
        st.error(str(exc))
        st.stop()
    if result.kind == "ask":
        st.success(f"ASK: {result.boolean}")
    elif result.kind == "graph":
        st.code(result.graph.serialize(format="turtle"), language="turtle")
    else:
        st.dataframe(pd.DataFrame([[short(t) for t in row] for row in result.rows], columns=result.variables),
                     hide_index=True, width="stretch", key="sparql-results")
        st.caption(f"{len(result.rows)} row(s) in {result.elapsed_ms:.1f} ms")
        c1, c2 = st.columns(2)
        c1.download_button("CSV", render(result, "csv"), "results.csv", "text/csv")
        c2.download_button("JSON", render(result, "json"), "results.json", "application/sparql-results+json")
