"""Self-assessment and roadmap on the real graph: level computation, constraint filters, dependency
order, bad answer files and report formats; the three example organisations."""

from __future__ import annotations

import json

import pytest

from mlopskg import DataError

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


def caps(kg) -> list:
    from mlopskg.assess import capabilities
    return capabilities(kg.query)


def test_nothing_in_place_is_level_0_and_everything_is_level_4(kg):
    none = kg.assess({"answers": {}})
    assert none.overall_level == 0 and set(none.phase_levels.values()) == {0}
    everything = kg.assess({"builds_with_llms": True, "answers": {c.id: "yes" for c in caps(kg)}})
    assert everything.overall_level == 4 and not everything.roadmap


def test_a_level_needs_all_its_capabilities_and_those_below(kg):
    all_caps = caps(kg)
    upto2 = {c.id: "yes" for c in all_caps if c.level <= 2 and not c.llmops}
    assert kg.assess({"answers": upto2}).overall_level == 2
    one_missing = dict(upto2, **{next(c.id for c in all_caps if c.level == 1 and not c.llmops): "partly"})
    assert kg.assess({"answers": one_missing}).overall_level == 0


def test_llmops_questions_only_for_llm_builders(kg):
    plain = [c for group in kg.questionnaire(False).values() for c in group]
    llm = [c for group in kg.questionnaire(True).values() for c in group]
    assert not any(c.llmops for c in plain) and any(c.llmops for c in llm) and len(llm) > len(plain)


def test_roadmap_is_in_dependency_order(kg):
    report = kg.assess({"answers": {}, "target_level": 4})
    position = {step.label: i for i, step in enumerate(report.roadmap)}
    for step in report.roadmap:
        for before in step.requires:
            assert position[before] < position[step.label], (before, step.label)


def test_constraints_filter_the_tools(kg):
    open_only = kg.assess({"answers": {}, "target_level": 3, "constraints": {"open_source_only": True}})
    assert all(t.license_type == "OpenSource" for s in open_only.roadmap for t in s.tools)
    self_hosted = kg.assess({"answers": {}, "target_level": 3, "constraints": {"self_hosted_only": True}})
    assert not any(t.label in ("Amazon SageMaker", "Google Vertex AI", "Pinecone") for s in self_hosted.roadmap for t in s.tools)
    aws = kg.assess({"answers": {}, "target_level": 3, "constraints": {"cloud_vendor": "amazon-web-services"}})
    labels = {t.label for s in aws.roadmap for t in s.tools}
    assert "Amazon SageMaker" in labels and "Google Vertex AI" not in labels


def test_tools_in_use_and_integrations_come_first(kg):
    report = kg.assess({"answers": {}, "target_level": 1, "constraints": {"tools_in_use": ["mlflow"]}})
    tracking = next(s for s in report.roadmap if s.label == "Experiment tracking")
    assert tracking.tools[0].label == "MLflow"


@pytest.mark.parametrize("answers,field", [
    ({"answers": {"time-travel": "yes"}}, "time-travel"),
    ({"answers": {"experiment-tracking": "sometimes"}}, "experiment-tracking"),
    ({"answers": {}, "target_level": 9}, "target_level"),
    ({"answers": {}, "constraints": {"budget": 1}}, "budget"),
])
def test_bad_answers_name_what_is_wrong(kg, answers, field):
    with pytest.raises(DataError) as info:
        kg.assess(answers)
    assert any(p.field == field for p in info.value.problems)


def test_unreadable_answers_file(kg, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers: [unclosed", encoding="utf-8")
    with pytest.raises(DataError, match="bad.yaml"):
        kg.assess(bad)


@pytest.mark.parametrize("name,level", [("startup-level-0.yaml", 0), ("enterprise-level-2-aws.yaml", 2),
                                        ("llm-application-team.yaml", 1)])
def test_example_organisations(kg, name, level):
    report = kg.assess(EXAMPLES / name)
    assert report.overall_level == level and report.roadmap
    markdown = report.to_markdown()
    assert "## Roadmap" in markdown and "https://" in markdown  # recommendations cite sources
    data = json.loads(json.dumps(report.to_json()))
    assert data["target_level"] > level and data["cost_target"]["People"][0] > data["cost_now"]["People"][0]


def test_compare_tools(kg):
    rows = kg.compare(["mlflow", "weights-and-biases"])
    assert [r["tool"] for r in rows] == ["MLflow", "Weights & Biases"]
    assert rows[0]["licence"] == "Apache-2.0" and "Experiment tracking" in rows[1]["capabilities"]
    with pytest.raises(DataError, match="no such tool"):
        kg.compare(["mlflow", "nope"])
