"""Literature: the publications, what each is about, which the paper cites, and the paper's statistics."""

import pandas as pd
import streamlit as st

from app_pages.common import load

kg = load()
st.title("Literature")
pubs = pd.DataFrame(kg.literature())
only_cited = st.checkbox("Only what the paper cites")
if only_cited:
    pubs = pubs[pubs["cited"]]
st.dataframe(pubs[["title", "authors", "year", "venue", "about", "cited", "url"]], hide_index=True,
             width="stretch", column_config={"url": st.column_config.LinkColumn("link"),
                                                      "cited": st.column_config.CheckboxColumn("cited by the paper")},
             key="publications")
st.subheader("Statistics quoted by the paper")
for stat in kg.statistics():
    st.markdown(f"- **{stat['value']:g} {stat['unit']}** — {stat['label']}: {stat['def']} "
                f"(measured by {stat['measuredBy']}; stated in {stat['statedIn']})")
