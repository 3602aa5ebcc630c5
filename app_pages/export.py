"""Export: the whole graph as Turtle, JSON-LD, N-Triples or RDF/XML, with its DCAT description."""

import streamlit as st

from app_pages.common import load
from mlopskg.export import FORMATS

kg = load()
st.title("Download the graph")
info = kg.stats()
st.markdown(f"**{info['triples']:,} triples**, built {info['built']}, graph hash `{info['graph_hash'][:12]}`. "
            "Licence CC BY 4.0. The dump includes the ontology and a DCAT description of the dataset.")
st.json(info["counts"])
fmt = st.radio("Format", list(FORMATS), horizontal=True)


@st.cache_data(show_spinner="Serialising…")
def dump(fmt: str, graph_hash: str) -> bytes:
    return kg.export(fmt)


data = dump(fmt, info["graph_hash"])
st.download_button(f"Download ({len(data) / 1e6:.1f} MB)", data, f"mlops-kg.{FORMATS[fmt][2]}", FORMATS[fmt][1])
