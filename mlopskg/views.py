"""Read models for the app and the HTTP API: an entity page, the phase × level matrix, roles, costs and
literature, each one or two SPARQL queries over whatever store the graph is on."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from ontology.namespace import curie
from ontology.namespace import iri_ref as _iri

from .store import QueryResult


def _text(term) -> str:
    return "" if term is None else str(term)


@dataclass
class Fact:
    predicate: str
    value: str
    iri: str | None = None


@dataclass
class EntityView:
    iri: str
    label: str
    types: list[str]
    definition: str
    facts: list[Fact] = field(default_factory=list)
    incoming: list[Fact] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    source_kind: str = ""
    verified: str = ""
    comment: str = ""


def entity(query, iri: str) -> EntityView | None:
    node = _iri(iri)
    head: QueryResult = query(f"""
        SELECT ?label ?def ?kind ?verified ?comment WHERE {{
          {node} skos:prefLabel ?label .
          OPTIONAL {{ {node} skos:definition ?def }}
          OPTIONAL {{ {node} mlo:sourceKind/skos:prefLabel ?kind }}
          OPTIONAL {{ {node} mlo:lastVerified ?verified }}
          OPTIONAL {{ {node} rdfs:comment ?comment }}
        }} LIMIT 1""")
    if not head.rows:
        return None
    label, definition, kind, verified, comment = (_text(t) for t in head.rows[0])
    types = [curie(str(r[0])) for r in query(f"SELECT ?t WHERE {{ {node} a ?t }}").rows]
    facts, incoming = [], []
    skip = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2004/02/skos/core#prefLabel",
            "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#definition",
            "http://www.w3.org/ns/prov#wasDerivedFrom", "http://www.w3.org/2000/01/rdf-schema#comment"}
    for p, plabel, o, olabel in query(f"""
        SELECT ?p ?plabel ?o ?olabel WHERE {{ {node} ?p ?o .
          OPTIONAL {{ ?p rdfs:label ?plabel }} OPTIONAL {{ ?o skos:prefLabel ?olabel }} }}""").rows:
        if str(p) in skip:
            continue
        name = _text(plabel) or curie(str(p))
        if isinstance(o, URIRef):
            facts.append(Fact(name, _text(olabel) or curie(str(o)), str(o)))
        else:
            facts.append(Fact(name, _text(o)))
    for s, plabel, p, slabel in query(f"""
        SELECT ?s ?plabel ?p ?slabel WHERE {{ ?s ?p {node} . ?s skos:prefLabel ?slabel .
          OPTIONAL {{ ?p rdfs:label ?plabel }} FILTER(?p != prov:wasDerivedFrom) }}""").rows:
        incoming.append(Fact(_text(plabel) or curie(str(p)), _text(slabel), str(s)))
    sources = [{"iri": str(s), "title": _text(t), "url": _text(u)} for s, t, u in query(f"""
        SELECT ?s ?t ?u WHERE {{ {node} prov:wasDerivedFrom ?s .
          OPTIONAL {{ ?s skos:prefLabel ?t }} OPTIONAL {{ ?s schema:url ?u }} }}""").rows]
    facts.sort(key=lambda f: (f.predicate, f.value))
    incoming.sort(key=lambda f: (f.predicate, f.value))
    return EntityView(iri, label, types, definition, facts, incoming, sources, kind, verified, comment)


def summaries(query, iris: list[str]) -> dict[str, dict]:
    """For answer tables: each entity's type, a line of key facts and the URLs of its sources."""
    if not iris:
        return {}
    values = " ".join(_iri(i) for i in iris[:500])
    rows = query(f"""
        SELECT ?s (SAMPLE(?typeLabel) AS ?type) (GROUP_CONCAT(DISTINCT ?fact; separator=" · ") AS ?facts)
               (GROUP_CONCAT(DISTINCT STR(?url); separator=" ") AS ?urls) WHERE {{
          VALUES ?s {{ {values} }}
          OPTIONAL {{ ?s a ?t . ?t rdfs:label ?typeLabel . FILTER(STRSTARTS(STR(?t), "https://w3id.org/mlops-kg/ontology#")) }}
          OPTIONAL {{ {{ ?s mlo:licenseType/skos:prefLabel ?fact }} UNION {{ ?s mlo:hasCategory/skos:prefLabel ?fact }}
                     UNION {{ ?s mlo:introducedAtLevel/skos:prefLabel ?fact }} UNION {{ ?s mlo:neededFromLevel/skos:prefLabel ?fact }}
                     UNION {{ ?s mlo:inModel/skos:prefLabel ?fact }} UNION {{ ?s dcterms:issued ?y BIND(STR(?y) AS ?fact) }} }}
          OPTIONAL {{ ?s prov:wasDerivedFrom ?src . {{ ?src schema:url ?url }} UNION {{ ?src a mlo:Publication ; schema:url ?url }} }}
        }} GROUP BY ?s""").rows
    return {str(s): {"type": _text(t), "facts": _text(f), "sources": sorted(_text(u).split())} for s, t, f, u in rows}


def matrix(query, *, license_type: str | None = None, delivery: str | None = None, llmops_only: bool = False,
           role: str | None = None) -> list[dict]:
    """For each phase and unified level: the tools and capabilities an organisation at that level has."""
    filters = []
    if license_type:
        filters.append(f"?tool mlo:licenseType {_iri(license_type)} .")
    if delivery:
        filters.append(f"?tool mlo:deliveryMode {_iri(delivery)} .")
    if llmops_only:
        filters.append("?tool mlo:llmopsSpecific true .")
    if role:
        filters.append(f"{_iri(role)} mlo:usesTool ?tool .")
    rows = query(f"""
        SELECT ?phase ?phaseLabel ?order ?n ?tool ?toolLabel ?cap WHERE {{
          ?phase a mlo:LifecyclePhase ; mlo:order ?order ; skos:prefLabel ?phaseLabel .
          ?level mlo:inModel <https://w3id.org/mlops-kg/id/model/unified> ; mlo:levelNumber ?n .
          ?cap mlo:inPhase ?phase ; mlo:introducedAtLevel/mlo:levelNumber ?m . FILTER(?m <= ?n)
          OPTIONAL {{ ?cap mlo:implementedBy ?tool . ?tool skos:prefLabel ?toolLabel . {' '.join(filters)} }}
        }}""").rows
    cells: dict[tuple[str, int], dict] = {}
    for phase, plabel, order, n, tool, tlabel, cap in rows:
        key = (str(phase), int(n))
        cell = cells.setdefault(key, {"phase": str(phase), "phase_label": str(plabel), "order": int(order),
                                      "level": int(n), "tools": {}, "capabilities": set()})
        cell["capabilities"].add(str(cap))
        if tool is not None:
            cell["tools"][str(tool)] = str(tlabel)
    out = []
    for cell in sorted(cells.values(), key=lambda c: (c["order"], c["level"])):
        out.append({**cell, "tool_count": len(cell["tools"]), "capability_count": len(cell["capabilities"]),
                    "tools": sorted(cell["tools"].items(), key=lambda kv: kv[1].lower()),
                    "capabilities": sorted(cell["capabilities"])})
    return out


def roles(query) -> list[dict]:
    result = query("""
        SELECT ?role ?label ?def ?level ?min ?max ?occupation
               (GROUP_CONCAT(DISTINCT ?phaseLabel; separator=", ") AS ?phases)
               (GROUP_CONCAT(DISTINCT ?toolLabel; separator=", ") AS ?tools)
               (GROUP_CONCAT(DISTINCT ?skillLabel; separator=", ") AS ?skills)
               (GROUP_CONCAT(DISTINCT ?duty; separator=" | ") AS ?duties) WHERE {
          ?role a mlo:Role ; skos:prefLabel ?label ; skos:definition ?def ; mlo:neededFromLevel/mlo:levelNumber ?level .
          OPTIONAL { ?role mlo:worksInPhase/skos:prefLabel ?phaseLabel }
          OPTIONAL { ?role mlo:usesTool/skos:prefLabel ?toolLabel }
          OPTIONAL { ?role mlo:hasSkill/skos:prefLabel ?skillLabel }
          OPTIONAL { ?role mlo:responsibility ?duty }
          OPTIONAL { ?role mlo:annualSalary ?c . ?c schema:minValue ?min ; schema:maxValue ?max ; mlo:assumption ?occupation }
        } GROUP BY ?role ?label ?def ?level ?min ?max ?occupation ORDER BY ?level ?label""")
    return [dict(zip(result.variables, (_plain(t) for t in row))) for row in result.rows]


def team(query) -> list[dict]:
    result = query("""
        SELECT ?level ?role ?label ?fte WHERE {
          ?s a mlo:Staffing ; mlo:atLevel/mlo:levelNumber ?level ; mlo:forRole ?role ; mlo:fte ?fte .
          ?role skos:prefLabel ?label } ORDER BY ?level ?label""")
    return [dict(zip(result.variables, (_plain(t) for t in row))) for row in result.rows]


def costs(query) -> list[dict]:
    result = query("""
        SELECT ?level ?category ?min ?max ?assumption ?cost WHERE {
          ?cost a mlo:CostEstimate ; mlo:atLevel/mlo:levelNumber ?level ; mlo:period "P1Y" ;
                mlo:costCategory/skos:prefLabel ?category ; schema:minValue ?min ; schema:maxValue ?max ;
                mlo:assumption ?assumption } ORDER BY ?level ?category""")
    return [dict(zip(result.variables, (_plain(t) for t in row))) for row in result.rows]


def literature(query) -> list[dict]:
    result = query("""
        SELECT ?pub ?title ?authors ?year ?venue ?url ?doi ?cited
               (GROUP_CONCAT(DISTINCT ?aboutLabel; separator=", ") AS ?about) WHERE {
          ?pub a mlo:Publication ; dcterms:title ?title ; mlo:authorList ?authors ; dcterms:issued ?year ; schema:url ?url .
          OPTIONAL { ?pub mlo:venue ?venue } OPTIONAL { ?pub bibo:doi ?doi }
          OPTIONAL { ?pub mlo:about/skos:prefLabel ?aboutLabel }
          BIND(EXISTS { <https://w3id.org/mlops-kg/id/publication/stone-2025-navigating-mlops> cito:cites ?pub } AS ?cited)
        } GROUP BY ?pub ?title ?authors ?year ?venue ?url ?doi ?cited ORDER BY DESC(?year) ?title""")
    return [dict(zip(result.variables, (_plain(t) for t in row))) for row in result.rows]


def statistics(query) -> list[dict]:
    result = query("""
        SELECT ?stat ?label ?value ?unit ?def ?measuredBy ?statedIn WHERE {
          ?stat a mlo:Statistic ; skos:prefLabel ?label ; rdf:value ?value ; mlo:unit ?unit ; skos:definition ?def .
          OPTIONAL { ?stat prov:wasDerivedFrom ?m . ?m a mlo:Publication ; skos:prefLabel ?measuredBy
                     FILTER NOT EXISTS { ?stat mlo:statedIn ?m } }
          OPTIONAL { ?stat mlo:statedIn/skos:prefLabel ?statedIn } } ORDER BY ?label""")
    return [dict(zip(result.variables, (_plain(t) for t in row))) for row in result.rows]


def _plain(term):
    if isinstance(term, Literal):
        value = term.toPython()
        return float(value) if hasattr(value, "as_tuple") else value
    return None if term is None else str(term)
