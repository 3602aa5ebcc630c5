"""Each app page with Streamlit's AppTest (no exception; drive its main widget; assert on the output),
on the real graph built for the session."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT

PAGES = ROOT / "app_pages"


@pytest.fixture(autouse=True)
def use_session_build(build_dir, monkeypatch):
    monkeypatch.setenv("MLOPSKG_BUILD_DIR", str(build_dir))
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module", autouse=True)
def stop_query_workers():
    """The SPARQL page starts query worker processes in this process's cached graph: stop them."""
    yield
    from app_pages.common import graph
    graph().close()


def page(name: str, **params) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_router_lists_every_page():
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    pages = {p.stem for p in PAGES.glob("*.py")} - {"__init__", "common"}
    assert text.count("st.Page(") == len(pages) == 9
    assert all(f"app_pages/{name}.py" in text for name in pages)


def test_ask_answers_and_shows_the_sparql():
    at = page("ask")
    at.text_input(key="question").set_value("Which vector databases do you know?").run()
    table = at.dataframe[0].value
    assert {"Milvus", "Qdrant"} <= set(table["answer"])
    assert any("mlo:hasCategory" in c.value for c in at.code)


def test_ask_example_button():
    at = page("ask")
    at.button(key="example-1").click().run()
    assert "KServe" in set(at.dataframe[0].value["answer"])


def test_ask_bad_question_is_one_error():
    at = page("ask")
    at.text_input(key="question").set_value("x" * 5000).run()
    assert at.error and "limit" in at.error[0].value


def test_explore_shows_facts_and_sources_from_the_address():
    at = page("explore", iri="tool/kserve")
    assert any(h.value == "KServe" for h in at.header)
    text = " ".join(m.value for m in at.markdown)
    assert "Model serving" in text and "github.com" in text


def test_explore_unknown_entity_is_a_clear_error():
    at = page("explore", iri="tool/no-such-tool")
    assert at.error and "No entity" in at.error[0].value


def test_matrix_filters_change_the_cell():
    at = page("matrix")
    at.selectbox[3].set_value("Continuous monitoring").run()   # phase
    at.selectbox[4].set_value(2).run()                          # level
    everything = at.markdown[-1].value
    at.checkbox[0].check().run()                                # LLMOps only
    llmops = at.markdown[-1].value if at.markdown else ""
    assert "Evidently" in everything and "Evidently" not in llmops


def test_roles_lists_thirteen_roles_with_salaries():
    at = page("roles")
    assert len(at.expander) == 13
    assert any("USD" in e.label for e in at.expander)


def test_costs_recompute_with_inputs():
    at = page("costs")
    before = at.dataframe[0].value["max (USD)"].sum()
    at.slider[0].set_value(2.0).run()
    after = at.dataframe[0].value["max (USD)"].sum()
    assert after > before * 1.5


def test_literature_filters_the_papers_citations():
    at = page("literature")
    assert len(at.dataframe[0].value) >= 20
    at.checkbox[0].check().run()
    assert len(at.dataframe[0].value) == 2


def test_sparql_runs_an_example_and_reports_errors():
    at = page("sparql")
    at.button[1].click().run()  # Run
    assert len(at.dataframe[0].value) > 0
    at.text_area(key="sparql").set_value("SELECT ?x WHERE {").run()
    at.button[1].click().run()
    assert at.error and "syntax" in at.error[0].value.lower()


def test_export_offers_every_format():
    at = page("export")
    assert [o for o in at.radio[0].options] == ["turtle", "json-ld", "nt", "xml", "trig", "nquads"]
    assert "triples" in at.markdown[0].value


def test_assess_page_reports_and_compares():
    at = page("assess")
    at.selectbox[0].set_value("enterprise-level-2-aws").run()
    assert any("Overall: unified level 2" in s.value for s in at.subheader)
    assert any("Roadmap to level 3" in m.value for m in at.markdown)
    assert len(at.dataframe[0].value.columns) == 2   # MLflow vs Weights & Biases
