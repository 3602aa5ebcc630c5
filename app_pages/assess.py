"""Assess & plan: a questionnaire from the graph's capabilities, the level per phase, the roadmap to
the next level with tools, roles and budget, and tools compared side by side."""

import json
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import load
from mlopskg import KGError
from mlopskg.assess import normalise

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
kg = load()
st.title("Assess your MLOps maturity and plan the next level")
assess_tab, compare_tab = st.tabs(["Assessment and roadmap", "Compare tools"])

with assess_tab:
    examples = {p.stem: p for p in sorted(EXAMPLES.glob("*.yaml"))}
    start = st.selectbox("Start from", ["(blank)"] + list(examples))
    preset = {} if start == "(blank)" else kg.read_answers(examples[start])
    llm = st.checkbox("We build with large language models", value=bool(preset.get("builds_with_llms")))
    c1, c2, c3 = st.columns(3)
    constraints = preset.get("constraints") or {}
    open_only = c1.checkbox("Open source only", value=bool(constraints.get("open_source_only")))
    self_hosted = c2.checkbox("Self-hosted only", value=bool(constraints.get("self_hosted_only")))
    target = c3.selectbox("Target level", ["next", 1, 2, 3, 4])
    answers = {}
    for phase, caps in kg.questionnaire(llm).items():
        with st.expander(f"{phase} ({len(caps)} practices)"):
            for cap in caps:
                default = normalise((preset.get("answers") or {}).get(cap.id, "no"))
                answers[cap.id] = st.radio(f"{cap.label} (level {cap.level})", ["yes", "partly", "no"],
                                           index=["yes", "partly", "no"].index(default if default in ("yes", "partly", "no") else "no"),
                                           horizontal=True, help=cap.definition, key=f"q-{start}-{cap.id}")
    data = {"organization": preset.get("organization", "Your organisation"), "builds_with_llms": llm,
            "answers": answers, "constraints": {**constraints, "open_source_only": open_only, "self_hosted_only": self_hosted}}
    if target != "next":
        data["target_level"] = int(target)
    try:
        report = kg.assess(data)
    except KGError as exc:
        st.error(str(exc))
        st.stop()
    st.subheader(f"Overall: unified level {report.overall_level}")
    levels = pd.DataFrame({"phase": list(report.phase_levels), "level": list(report.phase_levels.values())})
    st.altair_chart(alt.Chart(levels).mark_bar().encode(x=alt.X("level:Q", scale=alt.Scale(domain=[0, 4])),
                                                        y=alt.Y("phase:N", sort=None, title=None)), width="stretch")
    st.markdown(report.to_markdown())
    d1, d2 = st.columns(2)
    d1.download_button("Download report (Markdown)", report.to_markdown(), "mlops-roadmap.md", "text/markdown")
    d2.download_button("Download report (JSON)", json.dumps(report.to_json(), indent=2), "mlops-roadmap.json", "application/json")

with compare_tab:
    options = kg.tool_names()
    chosen = st.multiselect("Tools", list(options), default=["MLflow", "Weights & Biases"])
    if len(chosen) >= 2:
        rows = kg.compare([options[c] for c in chosen])
        table = pd.DataFrame(rows).drop(columns=["iri"]).set_index("tool").T
        st.dataframe(table, width="stretch", key="compare-table")
