"""Records -> RDF triples. One function per kind of record; references are checked as they are made,
and every problem is collected with its file, record and field (nothing stops at the first error)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, XSD

from mlopskg.errors import Problem
from ontology.namespace import BIBO, CITO, DOAP, ID, MLO, PREFIXES

from .sources import Record, as_date

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SOURCE_KINDS = {"PaperSource", "OfficialDocumentation", "VendorDocumentation", "Literature", "CuratedJudgement"}
LICENSE_TYPES = {"OpenSource", "OpenCore", "SourceAvailable", "Proprietary"}
DELIVERY_MODES = {"SelfHosted", "ManagedService"}
MATCH_TYPES = {"exactMatch", "closeMatch", "broadMatch", "narrowMatch"}
# the class each record kind is mapped to
KIND_CLASS = {
    "phase": MLO.LifecyclePhase, "model": MLO.MaturityModel, "level": MLO.MaturityLevel,
    "category": MLO.ToolCategory, "capability": MLO.Capability, "tool": MLO.Tool, "org": MLO.Organization,
    "role": MLO.Role, "skill": MLO.Skill, "publication": MLO.Publication, "statistic": MLO.Statistic,
    "source": MLO.WebSource,
}
# the prefix of the ids a field refers to
REF_FIELDS = {
    "phases": "phase", "feeds_back_to": "phase", "categories": "category", "capabilities": "capability",
    "roles": "role", "requires": "capability", "alternatives": "tool", "integrates_with": "tool",
    "tools": "tool", "skills": "skill", "vendor": "org", "cites": "publication", "broader": "category",
    "measured_by": "publication", "stated_in": "publication",
}


@dataclass
class Origin:
    """Where the triples about one node came from."""

    file: str
    record: str


@dataclass
class MappingContext:
    graph: Graph
    known: dict[str, set[str]]                       # kind -> ids defined anywhere
    web_sources: dict[str, dict[str, Any]]           # source id -> {title, url, verified}
    salaries: dict[str, tuple[Decimal, Decimal, URIRef]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    origins: dict[URIRef, Origin] = field(default_factory=dict)

    def problem(self, rec: Record, fld: str, message: str) -> None:
        self.problems.append(Problem(rec.file, rec.where, fld, message))

    def add(self, s: URIRef, p: URIRef, o: Any) -> None:
        self.graph.add((s, p, o))

    def ref(self, rec: Record, fld: str, kind: str, value: Any) -> URIRef | None:
        """The IRI of an id of `kind`, or None (with a problem) when no record defines it."""
        text = str(value)
        if text.startswith(f"{kind}:"):
            text = text[len(kind) + 1:]
        if text not in self.known.get(kind, set()):
            self.problem(rec, fld, f"unknown {kind} {text!r}")
            return None
        return ID[kind][text]

    def link(self, rec: Record, node: URIRef, fld: str, kind: str, prop: URIRef, minimum: int = 0) -> None:
        """node prop X for every id X of `kind` the field names (each checked)."""
        for target in self.refs(rec, fld, kind, minimum):
            self.add(node, prop, target)

    def refs(self, rec: Record, fld: str, kind: str, minimum: int = 0) -> list[URIRef]:
        values = as_list(rec.data.get(fld))
        if len(values) < minimum:
            self.problem(rec, fld, f"needs at least {minimum} {kind} id{'s' if minimum > 1 else ''}")
        iris = [self.ref(rec, fld, kind, v) for v in values]
        return [i for i in iris if i is not None]


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def en(text: Any) -> Literal:
    return Literal(" ".join(str(text).split()), lang="en")


def collect_known(records: Iterable[Record]) -> tuple[dict[str, set[str]], list[Problem]]:
    """First pass: the ids each record defines, so references may point forwards. Duplicates are problems."""
    known: dict[str, set[str]] = {}
    problems: list[Problem] = []

    def define(kind: str, ident: Any, rec: Record) -> None:
        text = str(ident) if ident is not None else ""
        if not text:
            problems.append(Problem(rec.file, rec.where, "id", "missing id"))
            return
        if not SLUG.match(text):
            problems.append(Problem(rec.file, rec.where, "id", f"id {text!r} must be lower case letters, digits and '-'"))
            return
        if text in known.setdefault(kind, set()):
            problems.append(Problem(rec.file, rec.where, "id", f"duplicate IRI {kind}:{text}"))
        known[kind].add(text)

    for rec in records:
        if rec.kind == "costlevel":
            continue
        define(rec.kind, rec.data.get("id"), rec)
        if rec.kind == "model":
            for level in as_list(rec.data.get("levels")):
                if isinstance(level, dict):
                    define("level", level.get("id"), Record("level", rec.file, level.get("__line__", rec.line), level))
    return known, problems


def collect_web_sources(records: Iterable[Record], known: dict[str, set[str]]) -> tuple[dict[str, dict], list[Problem]]:
    """Every web source: the records of sources.yaml and the inline `{id, title, url}` entries anywhere."""
    found: dict[str, dict] = {}
    problems: list[Problem] = []

    def visit(rec: Record, data: dict) -> None:
        for entry in as_list(data.get("sources")):
            if isinstance(entry, dict):
                ident, title, url = entry.get("id"), entry.get("title"), entry.get("url")
                if not ident or not title or not url or not SLUG.match(str(ident)):
                    problems.append(Problem(rec.file, rec.where, "sources", f"an inline source needs a slug id, a title and a url: {entry!r:.80}"))
                    continue
                old = found.get(str(ident))
                if old and old["url"] != str(url):
                    problems.append(Problem(rec.file, rec.where, "sources", f"source {ident!r} is defined twice with different URLs"))
                found.setdefault(str(ident), {"title": str(title), "url": str(url), "verified": data.get("verified")})
        for value in data.values():  # nested records: levels, matches, salary, cost ranges
            for nested in as_list(value):
                if isinstance(nested, dict) and nested is not data and "sources" in nested:
                    visit(rec, nested)

    for rec in records:
        if rec.kind == "source":
            found.setdefault(rec.id, {"title": str(rec.data.get("title", rec.data.get("label", ""))),
                                      "url": str(rec.data.get("url", "")), "verified": rec.data.get("verified")})
        visit(rec, rec.data)
    known.setdefault("source", set()).update(found)
    return found, problems


# ---------------------------------------------------------------- common fields

def map_common(ctx: MappingContext, rec: Record, node: URIRef, data: dict | None = None, *, label: Any = None,
               definition: Any = None) -> None:
    """Label, alt labels, definition and provenance: the fields every instance has."""
    data = rec.data if data is None else data
    ctx.origins[node] = Origin(rec.file, rec.where)
    for key, value in data.items():
        if value is None and not FIELD_NAME.match(str(key)):  # `{definition: Stores, versions}` gives a key "versions"
            ctx.problem(rec, "", f"{str(key)[:60]!r} is not a field: in a {{...}} record a comma ends the value "
                                 "before it; put that text in quotes")
    label = label if label is not None else data.get("label")
    if label is None or str(label).strip() == "":
        ctx.problem(rec, "label", "missing label")
    else:
        ctx.add(node, SKOS.prefLabel, en(label))
        ctx.add(node, RDFS.label, en(label))
    for alt in as_list(data.get("alt_labels")):
        ctx.add(node, SKOS.altLabel, en(alt))
    definition = definition if definition is not None else data.get("definition")
    if definition is not None and str(definition).strip():
        ctx.add(node, SKOS.definition, en(definition))
    map_provenance(ctx, rec, node, data)


def map_provenance(ctx: MappingContext, rec: Record, node: URIRef, data: dict, fld_prefix: str = "") -> None:
    for entry in as_list(data.get("sources")):
        iri = source_iri(ctx, rec, fld_prefix + "sources", entry)
        if iri is not None:
            ctx.add(node, PROV.wasDerivedFrom, iri)
    kind = data.get("source_kind")
    if kind is not None:
        if str(kind) in SOURCE_KINDS:
            ctx.add(node, MLO.sourceKind, MLO[str(kind)])
        else:
            ctx.problem(rec, fld_prefix + "source_kind", f"{kind!r} is not one of {', '.join(sorted(SOURCE_KINDS))}")
    if data.get("comment"):
        ctx.add(node, RDFS.comment, en(data["comment"]))
    if "verified" in data:
        day = as_date(data["verified"])
        if day is None:
            ctx.problem(rec, fld_prefix + "verified", f"{data['verified']!r} is not a date (YYYY-MM-DD)")
        else:
            ctx.add(node, MLO.lastVerified, Literal(day.isoformat(), datatype=XSD.date))


def source_iri(ctx: MappingContext, rec: Record, fld: str, entry: Any) -> URIRef | None:
    if isinstance(entry, dict):
        return ID["source"][str(entry.get("id"))] if entry.get("id") else None
    text = str(entry)
    if text.startswith("publication:"):
        return ctx.ref(rec, fld, "publication", text)
    return ctx.ref(rec, fld, "source", text)


def decimal(ctx: MappingContext, rec: Record, fld: str, value: Any) -> Literal | None:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        return Literal(Decimal(str(value)), datatype=XSD.decimal)
    except (InvalidOperation, ValueError):
        ctx.problem(rec, fld, f"{value!r} is not a number")
        return None


def integer(ctx: MappingContext, rec: Record, fld: str, value: Any, lo: int, hi: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        ctx.problem(rec, fld, f"{value!r} is not a whole number from {lo} to {hi}")
        return None
    return value


def boolean(ctx: MappingContext, rec: Record, fld: str, node: URIRef, prop: URIRef, required: bool = True) -> None:
    value = rec.data.get(fld)
    if value is None and not required:
        return
    if not isinstance(value, bool):
        ctx.problem(rec, fld, f"must be true or false, got {value!r}")
        return
    ctx.add(node, prop, Literal(value))


def iri_field(ctx: MappingContext, rec: Record, fld: str, node: URIRef, prop: URIRef) -> None:
    value = rec.data.get(fld)
    if value is None:
        return
    if not re.match(r"^https?://\S+$", str(value)):
        ctx.problem(rec, fld, f"{value!r} is not an http(s) URL")
        return
    ctx.add(node, prop, URIRef(str(value)))


def unified_level(ctx: MappingContext, rec: Record, fld: str, value: Any) -> URIRef | None:
    number = integer(ctx, rec, fld, value, 0, 4)
    return None if number is None else ID["level"][str(number)]


def enum(ctx: MappingContext, rec: Record, fld: str, allowed: set[str], minimum: int = 1) -> list[URIRef]:
    values = as_list(rec.data.get(fld))
    if len(values) < minimum:
        ctx.problem(rec, fld, f"needs one of {', '.join(sorted(allowed))}")
    out = []
    for v in values:
        if str(v) in allowed:
            out.append(MLO[str(v)])
        else:
            ctx.problem(rec, fld, f"{v!r} is not one of {', '.join(sorted(allowed))}")
    return out


# ---------------------------------------------------------------- one function per kind

def map_phase(ctx: MappingContext, rec: Record) -> None:
    node = ID["phase"][rec.id]
    ctx.add(node, RDF.type, MLO.LifecyclePhase)
    ctx.add(node, SKOS.inScheme, ID["scheme"]["lifecycle"])
    map_common(ctx, rec, node)
    order = integer(ctx, rec, "order", rec.data.get("order"), 1, 99)
    if order is not None:
        ctx.add(node, MLO.order, Literal(order))
    ctx.link(rec, node, "feeds_back_to", "phase", MLO.feedsBackTo)
    for entry in as_list(rec.data.get("feedback_sources")):
        iri = source_iri(ctx, rec, "feedback_sources", entry)
        if iri is not None:
            ctx.add(node, PROV.wasDerivedFrom, iri)
    if rec.data.get("feedback_comment"):
        ctx.add(node, RDFS.comment, en(rec.data["feedback_comment"]))


def map_model(ctx: MappingContext, rec: Record) -> None:
    model = ID["model"][rec.id]
    ctx.add(model, RDF.type, MLO.MaturityModel)
    map_common(ctx, rec, model)
    iri_field(ctx, rec, "url", model, SDO.url)
    for item in as_list(rec.data.get("levels")):
        if not isinstance(item, dict):
            ctx.problem(rec, "levels", "each level must be a mapping")
            continue
        lrec = Record("level", rec.file, item.get("__line__", rec.line), item)
        level = ID["level"][lrec.id]
        ctx.add(level, RDF.type, MLO.MaturityLevel)
        ctx.add(level, MLO.inModel, model)
        ctx.add(level, SKOS.inScheme, model)
        map_common(ctx, lrec, level)
        number = integer(ctx, lrec, "number", item.get("number"), 0, 4)
        if number is not None:
            ctx.add(level, MLO.levelNumber, Literal(number))
        for match in as_list(item.get("matches")):
            map_alignment(ctx, lrec, level, match)


def map_alignment(ctx: MappingContext, rec: Record, level: URIRef, match: Any) -> None:
    if not isinstance(match, dict):
        ctx.problem(rec, "matches", "each match must be a mapping")
        return
    mtype = str(match.get("type"))
    target = ctx.ref(rec, "matches.target", "level", match.get("target"))
    if mtype not in MATCH_TYPES:
        ctx.problem(rec, "matches.type", f"{mtype!r} is not one of {', '.join(sorted(MATCH_TYPES))}")
        return
    if target is None:
        return
    ctx.add(level, SKOS[mtype], target)
    node = ID["alignment"][f"{rec.id}-{mtype.lower()}-{match.get('target')}"]
    ctx.add(node, RDF.type, MLO.LevelAlignment)
    ctx.add(node, MLO.alignedLevel, level)
    ctx.add(node, MLO.alignedTo, target)
    ctx.add(node, MLO.matchType, SKOS[mtype])
    label = f"{rec.data.get('label', rec.id)} {mtype} unified level {match.get('target')}"
    map_common(ctx, rec, node, match, label=label,
               definition=f"Alignment: {rec.data.get('label', rec.id)} is a skos:{mtype} of unified level {match.get('target')}.")
    map_provenance(ctx, rec, node, match, "matches.")


def map_category(ctx: MappingContext, rec: Record) -> None:
    node = ID["category"][rec.id]
    ctx.add(node, RDF.type, MLO.ToolCategory)
    ctx.add(node, SKOS.inScheme, ID["scheme"]["tool-categories"])
    map_common(ctx, rec, node)
    ctx.link(rec, node, "phases", "phase", MLO.categoryPhase, minimum=1)
    if rec.data.get("broader"):
        broader = ctx.ref(rec, "broader", "category", rec.data["broader"])
        if broader is not None:
            ctx.add(node, SKOS.broader, broader)


def map_capability(ctx: MappingContext, rec: Record) -> None:
    node = ID["capability"][rec.id]
    ctx.add(node, RDF.type, MLO.Capability)
    ctx.add(node, SKOS.inScheme, ID["scheme"]["capabilities"])
    map_common(ctx, rec, node)
    ctx.link(rec, node, "phases", "phase", MLO.inPhase, minimum=1)
    level = unified_level(ctx, rec, "level", rec.data.get("level"))
    if level is not None:
        ctx.add(node, MLO.introducedAtLevel, level)
    boolean(ctx, rec, "llmops", node, MLO.llmopsSpecific)
    ctx.link(rec, node, "roles", "role", MLO.performedBy)
    ctx.link(rec, node, "requires", "capability", MLO.requires)


def map_tool(ctx: MappingContext, rec: Record) -> None:
    node = ID["tool"][rec.id]
    ctx.add(node, RDF.type, MLO.Tool)
    map_common(ctx, rec, node)
    ctx.link(rec, node, "categories", "category", MLO.hasCategory, minimum=1)
    for cap in ctx.refs(rec, "capabilities", "capability", minimum=1):
        ctx.add(cap, MLO.implementedBy, node)
    for lt in enum(ctx, rec, "license_type", LICENSE_TYPES):
        ctx.add(node, MLO.licenseType, lt)
    for mode in enum(ctx, rec, "delivery", DELIVERY_MODES):
        ctx.add(node, MLO.deliveryMode, mode)
    ctx.link(rec, node, "phases", "phase", MLO.coversPhase)
    boolean(ctx, rec, "llmops", node, MLO.llmopsSpecific)
    if rec.data.get("license"):
        ctx.add(node, SDO.license, Literal(str(rec.data["license"])))
    iri_field(ctx, rec, "url", node, SDO.url)
    iri_field(ctx, rec, "repository", node, DOAP.repository)
    if rec.data.get("vendor"):
        vendor = ctx.ref(rec, "vendor", "org", rec.data["vendor"])
        if vendor is not None:
            ctx.add(node, MLO.vendor, vendor)
    ctx.link(rec, node, "alternatives", "tool", MLO.alternativeTo)
    ctx.link(rec, node, "integrates_with", "tool", MLO.integratesWith)


def map_org(ctx: MappingContext, rec: Record) -> None:
    node = ID["org"][rec.id]
    ctx.add(node, RDF.type, MLO.Organization)
    map_common(ctx, rec, node)
    iri_field(ctx, rec, "url", node, SDO.url)


def map_skill(ctx: MappingContext, rec: Record) -> None:
    node = ID["skill"][rec.id]
    ctx.add(node, RDF.type, MLO.Skill)
    map_common(ctx, rec, node)


def map_role(ctx: MappingContext, rec: Record) -> None:
    node = ID["role"][rec.id]
    ctx.add(node, RDF.type, MLO.Role)
    map_common(ctx, rec, node)
    ctx.link(rec, node, "phases", "phase", MLO.worksInPhase, minimum=1)
    level = unified_level(ctx, rec, "needed_from_level", rec.data.get("needed_from_level"))
    if level is not None:
        ctx.add(node, MLO.neededFromLevel, level)
    duties = as_list(rec.data.get("responsibilities"))
    if not duties:
        ctx.problem(rec, "responsibilities", "needs at least one responsibility")
    for duty in duties:
        ctx.add(node, MLO.responsibility, en(duty))
    ctx.link(rec, node, "skills", "skill", MLO.hasSkill)
    ctx.link(rec, node, "tools", "tool", MLO.usesTool)
    boolean(ctx, rec, "llmops", node, MLO.llmopsSpecific, required=False)
    salary = rec.data.get("salary")
    if isinstance(salary, dict):
        cost = ID["cost"][f"salary-{rec.id}"]
        label = rec.data.get("label", rec.id)
        occupation = salary.get("occupation", "")
        if map_estimate(ctx, rec, cost, salary, "salary.", label=f"Annual salary of a {label}",
                        definition=f"Yearly salary range of a {label}, from the wage of {occupation}.",
                        category=MLO.PeopleCost):
            ctx.add(cost, MLO.forRole, node)
            ctx.add(node, MLO.annualSalary, cost)
            lo, hi = (Decimal(str(salary["min"])), Decimal(str(salary["max"])))
            ctx.salaries[rec.id] = (lo, hi, cost)
    elif salary is not None:
        ctx.problem(rec, "salary", "must be a mapping with min, max, currency, period, assumption and sources")


def map_estimate(ctx: MappingContext, rec: Record, node: URIRef, data: dict, prefix: str, *, label: str,
                 definition: str, category: URIRef) -> bool:
    """A CostEstimate from a {min, max, currency, period, assumption, sources, ...} mapping."""
    ok = True
    ctx.add(node, RDF.type, MLO.CostEstimate)
    ctx.add(node, MLO.costCategory, category)
    ctx.add(node, SDO.currency, Literal(str(data.get("currency", "USD"))))
    ctx.add(node, MLO.period, Literal(str(data.get("period", "P1Y"))))
    for bound, prop in (("min", SDO.minValue), ("max", SDO.maxValue)):
        value = decimal(ctx, rec, prefix + bound, data.get(bound))
        if value is None:
            ok = False
        else:
            ctx.add(node, prop, value)
    if data.get("assumption"):
        ctx.add(node, MLO.assumption, en(data["assumption"]))
    else:
        ctx.problem(rec, prefix + "assumption", "needs its assumption in words")
    ctx.origins[node] = Origin(rec.file, rec.where)
    ctx.add(node, SKOS.prefLabel, en(label))
    ctx.add(node, RDFS.label, en(label))
    ctx.add(node, SKOS.definition, en(definition))
    map_provenance(ctx, rec, node, data, prefix)
    if not as_list(data.get("sources")):
        ctx.problem(rec, prefix + "sources", "needs at least one source")
    return ok


COST_PARTS = {"infrastructure": MLO.InfrastructureCost, "license": MLO.LicenseCost, "training": MLO.TrainingCost}


def map_costlevel(ctx: MappingContext, rec: Record) -> None:
    number = integer(ctx, rec, "level", rec.data.get("level"), 0, 4)
    if number is None:
        return
    level = ID["level"][str(number)]
    people = ID["cost"][f"level-{number}-people"]
    lo_total, hi_total, parts, derived, basis = Decimal(0), Decimal(0), [], [], []
    for member in as_list(rec.data.get("team")):
        role_id = str(member.get("role")) if isinstance(member, dict) else ""
        role = ctx.ref(rec, "team.role", "role", role_id)
        fte = decimal(ctx, rec, "team.fte", member.get("fte") if isinstance(member, dict) else None)
        if role is None or fte is None:
            continue
        if role_id not in ctx.salaries:
            ctx.problem(rec, "team.role", f"role {role_id!r} has no salary in roles.yaml, so its cost cannot be computed")
            continue
        lo, hi, salary = ctx.salaries[role_id]
        share = Decimal(str(fte.toPython()))
        lo_total += share * lo
        hi_total += share * hi
        staffing = ID["staffing"][f"level-{number}-{role_id}"]
        ctx.add(staffing, RDF.type, MLO.Staffing)
        ctx.add(staffing, MLO.atLevel, level)
        ctx.add(staffing, MLO.forRole, role)
        ctx.add(staffing, MLO.fte, fte)
        role_label = str(ctx.graph.value(role, SKOS.prefLabel) or role_id)
        map_common(ctx, rec, staffing, {"sources": rec.data.get("sources") or [], "source_kind": "CuratedJudgement",
                                        "comment": rec.data.get("team_comment"), "verified": rec.data.get("verified")},
                   label=f"{share} FTE {role_label} at level {number}",
                   definition=f"The cost model assumes {share} full-time {role_label} at unified level {number}.")
        for iri in ctx.graph.objects(salary, PROV.wasDerivedFrom):
            ctx.add(staffing, PROV.wasDerivedFrom, iri)
        ctx.add(people, MLO.basedOn, staffing)
        ctx.add(people, MLO.basedOn, salary)
        parts.append(f"{share} × {role_label} (USD {lo:,.0f}–{hi:,.0f})")
        derived.extend(ctx.graph.objects(salary, PROV.wasDerivedFrom))
        basis.append(salary)
    if not parts:
        ctx.problem(rec, "team", "needs at least one {role, fte} whose role has a salary")
    else:
        assumption = (f"Team at unified level {number}: " + "; ".join(parts)
                      + f". Sum of FTE × the role's annual salary range = USD {lo_total:,.0f}–{hi_total:,.0f}. "
                      + "Salaries are the ranges in each role's annual salary estimate. "
                      + str(rec.data.get("team_comment") or ""))
        data = {"min": lo_total.quantize(Decimal(1)), "max": hi_total.quantize(Decimal(1)), "currency": "USD", "period": "P1Y",
                "assumption": assumption, "source_kind": "CuratedJudgement",
                "comment": rec.data.get("team_comment") or "Team composition is an editorial judgement.",
                "verified": rec.data.get("verified")}
        map_people_cost(ctx, rec, people, data, level, number)
        for iri in set(derived):
            ctx.add(people, PROV.wasDerivedFrom, iri)
    for part, category in COST_PARTS.items():
        item = rec.data.get(part)
        if item is None:
            if part != "training":
                ctx.problem(rec, part, f"needs a {part} cost range")
            continue
        if not isinstance(item, dict):
            ctx.problem(rec, part, "must be a mapping with min, max, assumption and sources")
            continue
        node = ID["cost"][f"level-{number}-{part}"]
        name = {"license": "licence"}.get(part, part)
        if map_estimate(ctx, rec, node, {"currency": "USD", "period": "P1Y", **item}, part + ".",
                        label=f"Level {number} {name} cost per year",
                        definition=f"Yearly {name} cost of an organisation operating at unified level {number}.",
                        category=category):
            ctx.add(node, MLO.atLevel, level)


def map_people_cost(ctx: MappingContext, rec: Record, node: URIRef, data: dict, level: URIRef, number: int) -> None:
    """The people cost: computed, its sources are those of the salaries it adds up."""
    ctx.add(node, RDF.type, MLO.CostEstimate)
    ctx.add(node, MLO.costCategory, MLO.PeopleCost)
    ctx.add(node, MLO.atLevel, level)
    ctx.add(node, SDO.currency, Literal("USD"))
    ctx.add(node, MLO.period, Literal("P1Y"))
    ctx.add(node, SDO.minValue, Literal(data["min"], datatype=XSD.decimal))
    ctx.add(node, SDO.maxValue, Literal(data["max"], datatype=XSD.decimal))
    ctx.add(node, MLO.assumption, en(data["assumption"]))
    ctx.origins[node] = Origin(rec.file, rec.where)
    label = f"Level {number} people cost per year"
    ctx.add(node, SKOS.prefLabel, en(label))
    ctx.add(node, RDFS.label, en(label))
    ctx.add(node, SKOS.definition, en(f"Yearly salaries of the team of an organisation operating at unified level {number}."))
    map_provenance(ctx, rec, node, data)


def map_publication(ctx: MappingContext, rec: Record) -> None:
    node = ID["publication"][rec.id]
    ctx.add(node, RDF.type, MLO.Publication)
    ctx.add(node, RDF.type, BIBO.Document)
    map_common(ctx, rec, node, label=rec.data.get("label") or rec.data.get("title"))
    if rec.data.get("title"):
        ctx.add(node, DCTERMS.title, Literal(" ".join(str(rec.data["title"]).split())))
    if rec.data.get("authors"):
        ctx.add(node, MLO.authorList, Literal(str(rec.data["authors"])))
    year = rec.data.get("year")
    if year is not None:
        if integer(ctx, rec, "year", year, 1900, 2100) is not None:
            ctx.add(node, DCTERMS.issued, Literal(str(year), datatype=XSD.gYear))
    iri_field(ctx, rec, "url", node, SDO.url)
    if rec.data.get("doi"):
        ctx.add(node, BIBO.doi, Literal(str(rec.data["doi"])))
    if rec.data.get("arxiv"):
        ctx.add(node, MLO.arxivId, Literal(str(rec.data["arxiv"])))
    if rec.data.get("venue"):
        ctx.add(node, MLO.venue, Literal(str(rec.data["venue"])))
    for concept in as_list(rec.data.get("about")):
        kind, _, ident = str(concept).partition(":")
        if kind not in ID or not ident:
            ctx.problem(rec, "about", f"{concept!r} must be a prefixed id such as phase:model-training")
            continue
        target = ctx.ref(rec, "about", kind, ident)
        if target is not None:
            ctx.add(node, MLO.about, target)
    ctx.link(rec, node, "cites", "publication", CITO.cites)


def map_statistic(ctx: MappingContext, rec: Record) -> None:
    node = ID["statistic"][rec.id]
    ctx.add(node, RDF.type, MLO.Statistic)
    map_common(ctx, rec, node)
    value = decimal(ctx, rec, "value", rec.data.get("value"))
    if value is not None:
        ctx.add(node, RDF.value, value)
    if rec.data.get("unit"):
        ctx.add(node, MLO.unit, Literal(str(rec.data["unit"])))
    if rec.data.get("measured_by"):
        measured = ctx.ref(rec, "measured_by", "publication", rec.data["measured_by"])
        if measured is not None:
            ctx.add(node, PROV.wasDerivedFrom, measured)
    else:
        ctx.problem(rec, "measured_by", "needs the publication that measured it")
    for stated in as_list(rec.data.get("stated_in")):
        target = ctx.ref(rec, "stated_in", "publication", stated)
        if target is not None:
            ctx.add(node, MLO.statedIn, target)


MAPPERS: dict[str, Callable[[MappingContext, Record], None]] = {
    "phase": map_phase, "model": map_model, "category": map_category,
    "capability": map_capability, "tool": map_tool, "org": map_org, "skill": map_skill, "role": map_role,
    "costlevel": map_costlevel, "publication": map_publication, "statistic": map_statistic,
}


def write_web_sources(ctx: MappingContext) -> None:
    for ident, info in ctx.web_sources.items():
        node = ID["source"][ident]
        ctx.add(node, RDF.type, MLO.WebSource)
        title = info["title"] or ident
        ctx.add(node, SKOS.prefLabel, en(title))
        ctx.add(node, RDFS.label, en(title))
        ctx.add(node, DCTERMS.title, Literal(title))
        if info["url"]:
            ctx.add(node, SDO.url, URIRef(info["url"]))
        day = as_date(info.get("verified"))
        if day:
            ctx.add(node, MLO.lastVerified, Literal(day.isoformat(), datatype=XSD.date))


def new_graph() -> Graph:
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph
