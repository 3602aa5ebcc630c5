"""The Streamlit app: a router over the pages in app_pages/. Run with `make run`."""

import streamlit as st

st.set_page_config(page_title="mlops-kg", page_icon=":material/explore:", layout="wide")

PAGES = [
    st.Page("app_pages/ask.py", title="Ask", icon=":material/chat:", default=True),
    st.Page("app_pages/explore.py", title="Explore", icon=":material/travel_explore:", url_path="explore"),
    st.Page("app_pages/matrix.py", title="Matrix", icon=":material/grid_on:", url_path="matrix"),
    st.Page("app_pages/roles.py", title="Roles & careers", icon=":material/badge:", url_path="roles"),
    st.Page("app_pages/costs.py", title="Costs", icon=":material/payments:", url_path="costs"),
    st.Page("app_pages/literature.py", title="Literature", icon=":material/menu_book:", url_path="literature"),
    st.Page("app_pages/assess.py", title="Assess & plan", icon=":material/checklist:", url_path="assess"),
    st.Page("app_pages/sparql.py", title="SPARQL", icon=":material/code:", url_path="sparql"),
    st.Page("app_pages/export.py", title="Export", icon=":material/download:", url_path="export"),
]
st.navigation(PAGES).run()
