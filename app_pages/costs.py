"""Costs: yearly cost per unified level by category, with the assumptions, and inputs to recompute it."""

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import load

kg = load()
st.title("What each maturity level costs per year")
st.caption("Whole yearly cost of one team running one ML product at each unified level (USD). People = FTE × salary ranges of a public wage survey; infrastructure and licences = unit prices × stated quantities.")
frame = pd.DataFrame(kg.costs())
c1, c2, c3 = st.columns(3)
salary = c1.slider("Salary multiplier", 0.5, 2.0, 1.0, 0.05, help="e.g. 1.3 for a high-wage city, 0.6 for another country")
team = c2.slider("Team size multiplier", 0.5, 3.0, 1.0, 0.1)
infra = c3.slider("Infrastructure scale", 0.5, 10.0, 1.0, 0.5)
factor = {"People": salary * team, "Infrastructure": infra, "Licences": team}
frame["factor"] = frame["category"].map(factor).fillna(1.0)
frame["min (USD)"] = frame["min"] * frame["factor"]
frame["max (USD)"] = frame["max"] * frame["factor"]
totals = frame.groupby("level")[["min (USD)", "max (USD)"]].sum().reset_index()
st.altair_chart(alt.Chart(frame).mark_bar().encode(
    x=alt.X("level:O", title="Unified maturity level"), y=alt.Y("max (USD):Q", title="USD per year (maximum)"),
    color="category:N", tooltip=["category", "min (USD)", "max (USD)"]), width="stretch")
st.dataframe(totals.style.format("{:,.0f}", subset=["min (USD)", "max (USD)"]), hide_index=True, key="cost-totals")
st.subheader("Assumptions")
for _, row in frame.iterrows():
    with st.expander(f"Level {row['level']} — {row['category']}: USD {row['min']:,.0f}–{row['max']:,.0f}"):
        st.write(row["assumption"])
