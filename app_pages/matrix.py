"""Matrix: lifecycle phases × unified maturity levels, as a heat map of the tools available."""

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import entity_link, load

kg = load()
st.title("Phases × maturity levels")
st.caption("What an organisation at each unified level has in each phase: the capabilities introduced at that level or below, and the tools implementing them.")
c1, c2, c3, c4 = st.columns(4)
licence = c1.selectbox("Licence", ["any", "Open source", "Open core", "Source available", "Proprietary"])
delivery = c2.selectbox("Delivery", ["any", "Self-hosted", "Managed service"])
llmops = c3.checkbox("LLMOps tools only")
roles = {r["label"]: r["role"] for r in kg.roles()}
role = c4.selectbox("Used by role", ["any"] + sorted(roles))
MLO = "https://w3id.org/mlops-kg/ontology#"
cells = kg.matrix(
    license_type=None if licence == "any" else MLO + licence.title().replace(" ", "").replace("-", ""),
    delivery=None if delivery == "any" else MLO + {"Self-hosted": "SelfHosted", "Managed service": "ManagedService"}[delivery],
    llmops_only=llmops, role=None if role == "any" else roles[role])
frame = pd.DataFrame([{"phase": c["phase_label"], "order": c["order"], "level": c["level"], "tools": c["tool_count"],
                       "capabilities": c["capability_count"]} for c in cells])
measure = st.radio("Count", ["tools", "capabilities"], horizontal=True)
cell_pick = alt.selection_point(name="cell", fields=["phase", "level"])
chart = alt.Chart(frame).mark_rect().encode(
    x=alt.X("level:O", title="Unified maturity level"),
    y=alt.Y("phase:N", sort=alt.EncodingSortField("order"), title=None),
    color=alt.Color(f"{measure}:Q", scale=alt.Scale(scheme="blues")),
    tooltip=["phase", "level", "tools", "capabilities"]).add_params(cell_pick)
text = alt.Chart(frame).mark_text().encode(x="level:O", y=alt.Y("phase:N", sort=alt.EncodingSortField("order")))
text = text.encode(text=f"{measure}:Q", color=alt.value("black"))
event = st.altair_chart(chart + text, width="stretch", on_select="rerun", selection_mode="cell", key="matrix")
st.subheader("Tools in a cell")
picked = (event.selection.get("cell") or [{}])[0] if event and event.selection else {}
phases = sorted({c["phase_label"] for c in cells}, key=lambda p: next(c["order"] for c in cells if c["phase_label"] == p))
p1, p2 = st.columns(2)
phase = p1.selectbox("Phase (or click a cell)", phases, index=phases.index(picked["phase"]) if picked.get("phase") in phases else 0)
level = p2.selectbox("Level", [0, 1, 2, 3, 4], index=int(picked.get("level", 2)))
cell = next((c for c in cells if c["phase_label"] == phase and c["level"] == level), None)
if cell is None or not cell["tools"]:
    st.info("No tools match in this cell.")
else:
    st.markdown(" · ".join(entity_link(iri, label) for iri, label in cell["tools"]))
