"""Maturity self-assessment and roadmap: from an organisation's answers (one per capability) to its level
per phase and overall, what blocks the next level, and the capabilities, tools, roles and budget that
come next, every recommendation with the graph facts and sources it rests on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ontology.namespace import ID

from .errors import DataError, Problem

VALUES = ("yes", "partly", "no")
CONSTRAINTS = ("open_source_only", "self_hosted_only", "cloud_vendor", "tools_in_use")
OPEN = {"https://w3id.org/mlops-kg/ontology#OpenSource"}
SELF_HOSTED = "https://w3id.org/mlops-kg/ontology#SelfHosted"


@dataclass
class Capability:
    iri: str
    id: str
    label: str
    definition: str
    level: int
    llmops: bool
    phases: list[str]
    requires: list[str]
    sources: list[str]


@dataclass
class ToolOption:
    iri: str
    label: str
    license_type: str
    integrates_with_in_use: list[str]
    sources: list[str]


@dataclass
class Step:
    capability: str
    label: str
    level: int
    phases: list[str]
    requires: list[str]
    tools: list[ToolOption]
    sources: list[str]


@dataclass
class AssessmentReport:
    organization: str
    overall_level: int
    phase_levels: dict[str, int]
    target_level: int
    blockers: list[str]
    roadmap: list[Step]
    roles_to_add: list[dict]
    cost_now: dict[str, list[float]]
    cost_target: dict[str, list[float]]
    cost_assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def to_markdown(self) -> str:
        out = [f"# MLOps maturity assessment: {self.organization}", "",
               f"**Overall: unified level {self.overall_level}.** Target: level {self.target_level}.", "",
               "| phase | level reached |", "| --- | --- |"]
        out += [f"| {phase} | {level} |" for phase, level in self.phase_levels.items()]
        out += ["", "## What blocks the next level", ""] + [f"- {b}" for b in self.blockers or ["nothing"]]
        out += ["", f"## Roadmap to level {self.target_level} (in dependency order)", ""]
        for i, step in enumerate(self.roadmap, 1):
            req = f" — after {', '.join(step.requires)}" if step.requires else ""
            out.append(f"{i}. **{step.label}** (level {step.level}; {', '.join(step.phases)}){req}")
            for tool in step.tools[:5]:
                why = f"; integrates with {', '.join(tool.integrates_with_in_use)}" if tool.integrates_with_in_use else ""
                out.append(f"   - {tool.label} ({tool.license_type}{why}) — sources: {', '.join(tool.sources[:2])}")
            if not step.tools:
                out.append("   - no tool in the graph meets the constraints")
            out.append(f"   - capability sources: {', '.join(step.sources[:3])}")
        out += ["", "## Roles to add", ""]
        out += [f"- {r['label']} (needed from level {r['level']})" for r in self.roles_to_add] or ["- none"]
        out += ["", "## Yearly cost (USD, min–max)", "", "| category | now | at target |", "| --- | --- | --- |"]
        for cat in sorted(set(self.cost_now) | set(self.cost_target)):
            now, tgt = self.cost_now.get(cat, [0, 0]), self.cost_target.get(cat, [0, 0])
            out.append(f"| {cat} | {now[0]:,.0f}–{now[1]:,.0f} | {tgt[0]:,.0f}–{tgt[1]:,.0f} |")
        out += ["", "Assumptions:", ""] + [f"- {a}" for a in self.cost_assumptions]
        out += [""] + [f"_{n}_" for n in self.notes]
        return "\n".join(out) + "\n"


def capabilities(query) -> list[Capability]:
    rows = query("""
        SELECT ?c ?label ?def ?n ?llm (GROUP_CONCAT(DISTINCT STR(?phase); separator=" ") AS ?phases)
               (GROUP_CONCAT(DISTINCT STR(?req); separator=" ") AS ?reqs) (GROUP_CONCAT(DISTINCT STR(?src); separator=" ") AS ?srcs)
        WHERE { ?c a mlo:Capability ; skos:prefLabel ?label ; skos:definition ?def ; mlo:llmopsSpecific ?llm ;
                   mlo:introducedAtLevel/mlo:levelNumber ?n ; mlo:inPhase ?phase ; prov:wasDerivedFrom ?s0 .
                OPTIONAL { ?s0 schema:url ?u0 } BIND(COALESCE(?u0, ?s0) AS ?src)
                OPTIONAL { ?c mlo:requires ?req } }
        GROUP BY ?c ?label ?def ?n ?llm ORDER BY ?n ?label""").rows
    return [Capability(str(c), str(c).rsplit("/", 1)[-1], str(label), str(d), int(n), bool(llm.toPython()),
                       str(phases).split(), [r.rsplit("/", 1)[-1] for r in str(reqs or "").split()], str(srcs).split())
            for c, label, d, n, llm, phases, reqs, srcs in rows]


def questionnaire(query, builds_with_llms: bool) -> dict[str, list[Capability]]:
    """One question per capability, grouped by phase label (LLMOps ones only for LLM builders)."""
    phases = {str(p): str(l) for p, l, _ in query("SELECT ?p ?l ?o WHERE { ?p a mlo:LifecyclePhase ; "
                                                   "skos:prefLabel ?l ; mlo:order ?o } ORDER BY ?o").rows}
    grouped: dict[str, list[Capability]] = {label: [] for label in phases.values()}
    for cap in capabilities(query):
        if cap.llmops and not builds_with_llms:
            continue
        grouped[phases[cap.phases[0]]].append(cap)
    return grouped


def normalise(value: Any) -> str:
    """YAML reads a bare yes/no as a boolean: both spellings mean the same answer."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value).strip().lower()


def read_answers(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError([Problem(Path(path).name, "", "", f"cannot be read as YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise DataError([Problem(Path(path).name, "", "", "must be a mapping with `answers:`")])
    data["__file__"] = Path(path).name
    return data


def assess(query, data: dict[str, Any]) -> AssessmentReport:
    file = data.get("__file__", "answers")
    caps = capabilities(query)
    by_id = {c.id: c for c in caps}
    llm = bool(data.get("builds_with_llms", False))
    answers = data.get("answers") or {}
    problems = []
    if not isinstance(answers, dict):
        raise DataError([Problem(file, "", "answers", "must map capability ids to yes, partly or no")])
    for key, value in answers.items():
        if key not in by_id:
            problems.append(Problem(file, "answers", key, f"unknown capability {key!r}"))
        elif normalise(value) not in VALUES:
            problems.append(Problem(file, "answers", key, f"{value!r} is not yes, partly or no"))
    constraints = data.get("constraints") or {}
    for key in constraints:
        if key not in CONSTRAINTS:
            problems.append(Problem(file, "constraints", key, f"unknown constraint; use {', '.join(CONSTRAINTS)}"))
    target = data.get("target_level")
    if target is not None and (not isinstance(target, int) or not 0 <= target <= 4):
        problems.append(Problem(file, "", "target_level", f"{target!r} is not a level from 0 to 4"))
    if problems:
        raise DataError(problems)

    def done(cap: Capability) -> bool:
        return normalise(answers.get(cap.id, "no")) == "yes"

    relevant = [c for c in caps if llm or not c.llmops]

    def reached(pool: list[Capability]) -> int:
        level = 0
        for n in range(1, 5):
            if all(done(c) for c in pool if c.level <= n):
                level = n
            else:
                break
        return level

    phase_labels = {str(p): str(l) for p, l, _ in query("SELECT ?p ?l ?o WHERE { ?p a mlo:LifecyclePhase ; "
                                                         "skos:prefLabel ?l ; mlo:order ?o } ORDER BY ?o").rows}
    phase_levels = {label: reached([c for c in relevant if p in c.phases]) for p, label in phase_labels.items()}
    overall = reached(relevant)
    goal = target if target is not None else min(overall + 1, 4)
    missing = [c for c in relevant if c.level <= goal and not done(c)]
    blockers = [f"{c.label} (level {c.level})" for c in relevant if c.level <= min(overall + 1, 4) and not done(c)]
    notes = []
    if goal <= overall:
        notes.append(f"The organisation is already at level {overall}; the target {goal} adds nothing.")
    ordered = order_by_requirements(missing, by_id)
    steps = [Step(c.iri, c.label, c.level, [phase_labels[p] for p in c.phases],
                  [by_id[r].label for r in c.requires if r in by_id and by_id[r] in missing],
                  tool_options(query, c.iri, constraints), c.sources) for c in ordered]
    roles = [{"iri": str(r), "label": str(l), "level": int(n)} for r, l, n in query(
        "SELECT ?r ?l ?n WHERE { ?r a mlo:Role ; skos:prefLabel ?l ; mlo:neededFromLevel/mlo:levelNumber ?n } ORDER BY ?n ?l").rows
        if overall < int(n) <= goal]
    cost_now, cost_target, assumptions = cost_by_category(query, overall), cost_by_category(query, goal), []
    for cat, text in cost_assumptions(query, goal):
        assumptions.append(f"{cat} at level {goal}: {text}")
    return AssessmentReport(str(data.get("organization", "unnamed organisation")), overall, phase_levels, goal,
                            blockers, steps, roles, cost_now, cost_target, assumptions, notes)


def order_by_requirements(missing: list[Capability], by_id: dict[str, Capability]) -> list[Capability]:
    """Missing capabilities in dependency order (mlo:requires first), then by level and label."""
    pending = {c.id for c in missing}
    ordered: list[Capability] = []
    seen: set[str] = set()

    def visit(cid: str, trail: tuple[str, ...] = ()) -> None:
        if cid in seen or cid not in pending or cid in trail:
            return
        for req in sorted(by_id[cid].requires, key=lambda r: (by_id[r].level, by_id[r].label) if r in by_id else (9, r)):
            visit(req, trail + (cid,))
        seen.add(cid)
        ordered.append(by_id[cid])

    for cap in sorted(missing, key=lambda c: (c.level, c.label)):
        visit(cap.id)
    return ordered


def tool_options(query, capability_iri: str, constraints: dict[str, Any]) -> list[ToolOption]:
    rows = query(f"""
        SELECT ?t ?label ?lt ?vendor (GROUP_CONCAT(DISTINCT STR(?mode); separator=" ") AS ?modes)
               (GROUP_CONCAT(DISTINCT STR(?src); separator=" ") AS ?srcs) WHERE {{
          <{capability_iri}> mlo:implementedBy ?t . ?t skos:prefLabel ?label ; mlo:licenseType ?lt ;
             mlo:deliveryMode ?mode ; prov:wasDerivedFrom ?s0 . OPTIONAL {{ ?t mlo:vendor ?vendor }}
          OPTIONAL {{ ?s0 schema:url ?u0 }} BIND(COALESCE(?u0, ?s0) AS ?src)
        }} GROUP BY ?t ?label ?lt ?vendor""").rows
    in_use = {str(ID["tool"][t]) for t in constraints.get("tools_in_use") or []}
    links: dict[str, list[str]] = {}
    if in_use:
        for t, other in query("SELECT ?t ?ol WHERE { ?t mlo:integratesWith|^mlo:integratesWith ?o . ?o skos:prefLabel ?ol . "
                              f"VALUES ?o {{ {' '.join(f'<{i}>' for i in sorted(in_use))} }} }}").rows:
            links.setdefault(str(t), []).append(str(other))
    cloud = constraints.get("cloud_vendor")
    options = []
    for t, label, lt, vendor, modes, srcs in rows:
        if constraints.get("open_source_only") and str(lt) not in OPEN:
            continue
        if constraints.get("self_hosted_only") and SELF_HOSTED not in str(modes).split():
            continue
        if cloud and "ManagedService" in str(modes) and "SelfHosted" not in str(modes) and \
                str(vendor or "").rsplit("/", 1)[-1] != cloud:
            continue  # another cloud's managed-only service
        options.append(ToolOption(str(t), str(label), str(lt).rsplit("#", 1)[-1], sorted(set(links.get(str(t), []))),
                                  str(srcs).split()))
    options.sort(key=lambda o: (o.iri not in in_use, -len(o.integrates_with_in_use), o.label.lower()))
    return options


def cost_by_category(query, level: int) -> dict[str, list[float]]:
    rows = query(f"""SELECT ?cat (SUM(?lo) AS ?min) (SUM(?hi) AS ?max) WHERE {{ ?c a mlo:CostEstimate ;
        mlo:atLevel <{ID['level'][str(level)]}> ; mlo:period "P1Y" ; mlo:costCategory/skos:prefLabel ?cat ;
        schema:minValue ?lo ; schema:maxValue ?hi }} GROUP BY ?cat""").rows
    return {str(cat): [float(lo.toPython()), float(hi.toPython())] for cat, lo, hi in rows}


def cost_assumptions(query, level: int) -> list[tuple[str, str]]:
    return [(str(c), str(a)) for c, a in query(f"""SELECT ?cat ?a WHERE {{ ?c a mlo:CostEstimate ;
        mlo:atLevel <{ID['level'][str(level)]}> ; mlo:costCategory/skos:prefLabel ?cat ; mlo:assumption ?a }} ORDER BY ?cat""").rows]


def compare(query, tool_iris: list[str]) -> list[dict[str, Any]]:
    """Side by side: phases, capabilities, levels, licence, delivery, vendor, integrations and sources."""
    out = []
    for iri in tool_iris:
        def values(path: str) -> list[str]:
            return sorted({str(r[0]) for r in query(f"SELECT ?v WHERE {{ <{iri}> {path} ?v }}").rows})
        label = values("skos:prefLabel")
        if not label:
            raise DataError([Problem("", iri.rsplit("/", 1)[-1], "tool", "no such tool in the graph")])
        out.append({"tool": label[0], "iri": iri, "licence": ", ".join(values("schema:license")) or "—",
                    "licence type": ", ".join(values("mlo:licenseType/skos:prefLabel")),
                    "delivery": ", ".join(values("mlo:deliveryMode/skos:prefLabel")),
                    "vendor": ", ".join(values("mlo:vendor/skos:prefLabel")) or "—",
                    "available from level": ", ".join(values("mlo:availableFromLevel/mlo:levelNumber")),
                    "phases": ", ".join(values("mlo:coversPhase/skos:prefLabel")),
                    "capabilities": ", ".join(values("mlo:implements/skos:prefLabel")),
                    "categories": ", ".join(values("mlo:hasCategory/skos:prefLabel")),
                    "integrates with": ", ".join(values("mlo:integratesWith/skos:prefLabel")) or "—",
                    "pricing": ", ".join(values("mlo:pricing/mlo:assumption")) or "no price in the graph",
                    "sources": ", ".join(values("prov:wasDerivedFrom/schema:url"))})
    return out
