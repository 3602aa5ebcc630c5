"""Roles & careers: duties, phases, entry level, skills, tools and salary; the team per level."""

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import entity_link, load

kg = load()
st.title("Roles & careers")
roles = kg.roles()
for role in roles:
    salary = f"USD {role['min']:,.0f}–{role['max']:,.0f} a year" if role.get("min") is not None else "no salary source"
    with st.expander(f"{role['label']} — needed from level {role['level']} — {salary}"):
        st.markdown(entity_link(role["role"], role["label"]) + f": {role['def']}")
        st.markdown("**Duties:** " + "; ".join((role["duties"] or "").split(" | ")))
        st.markdown(f"**Phases:** {role['phases']}  \n**Skills:** {role['skills']}  \n**Tools:** {role['tools']}")
        if role.get("occupation"):
            st.caption(role["occupation"])
st.subheader("The team per level (FTE, the cost model's assumption)")
team = pd.DataFrame(kg.team())
if not team.empty:
    st.altair_chart(alt.Chart(team).mark_bar().encode(
        x=alt.X("level:O", title="Unified maturity level"), y=alt.Y("sum(fte):Q", title="FTE"),
        color=alt.Color("label:N", title="Role"), tooltip=["label", "fte"]), width="stretch")
