"""Every entity of the graph as a short document: label, alternative labels, type, definition and key
relations (phases, categories, level). Read from any graph store with SPARQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from ontology.namespace import MLO

# class IRI -> the type name shown to people and accepted by `search --type`
TYPES: dict[str, str] = {
    str(MLO.LifecyclePhase): "phase", str(MLO.MaturityLevel): "level", str(MLO.MaturityModel): "model",
    str(MLO.Capability): "capability", str(MLO.Tool): "tool", str(MLO.ToolCategory): "category",
    str(MLO.Role): "role", str(MLO.Skill): "skill", str(MLO.Organization): "organization",
    str(MLO.Publication): "publication", str(MLO.Statistic): "statistic", str(MLO.LicenseType): "license-type",
    str(MLO.DeliveryMode): "delivery-mode", str(MLO.CostCategory): "cost-category",
}

ENTITY_QUERY = """
SELECT ?s ?type ?label ?def (GROUP_CONCAT(DISTINCT STR(?alt); separator="\\u001f") AS ?alts) WHERE {
  VALUES ?type { %s }
  ?s a ?type ; skos:prefLabel ?label .
  OPTIONAL { ?s skos:definition ?def }
  OPTIONAL { ?s skos:altLabel ?alt }
} GROUP BY ?s ?type ?label ?def
""" % " ".join(f"<{t}>" for t in TYPES)

RELATION_QUERY = """
SELECT ?s ?p ?olabel WHERE {
  VALUES ?p { mlo:coversPhase mlo:hasCategory mlo:inPhase mlo:introducedAtLevel mlo:worksInPhase mlo:inModel
              mlo:categoryPhase mlo:vendor }
  ?s ?p ?o . ?o skos:prefLabel ?olabel .
}
"""
# where each entity's facts come from: its sources, and the named graph of an ingested file
SOURCE_QUERY = "SELECT ?s ?src WHERE { ?s prov:wasDerivedFrom ?src }"
GRAPH_QUERY = "SELECT DISTINCT ?s ?g WHERE { GRAPH ?g { ?s a ?type } }"
RELATION_NAMES = {"coversPhase": "phases", "hasCategory": "categories", "inPhase": "phases",
                  "introducedAtLevel": "level", "worksInPhase": "phases", "inModel": "model",
                  "categoryPhase": "phases", "vendor": "vendor"}


@dataclass
class Document:
    iri: str
    type: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    definition: str = ""
    relations: dict[str, list[str]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # not embedded
    graph: str = "curated"                            # the named graph's name, or "curated" for data/

    @property
    def text(self) -> str:
        """What is embedded."""
        parts = [f"{self.label} ({self.type})"]
        if self.alt_labels:
            parts.append("also: " + ", ".join(self.alt_labels))
        if self.definition:
            parts.append(self.definition)
        for name, values in sorted(self.relations.items()):
            parts.append(f"{name}: {', '.join(sorted(values))}")
        return ". ".join(parts)


def load_documents(query, *, provenance: bool = True) -> list[Document]:
    """`query(sparql) -> QueryResult` of any store; `provenance` also reads sources and named graphs
    (not needed for embedding, and the graph of a build in progress has no named graphs)."""
    docs: dict[str, Document] = {}
    for s, type_, label, definition, alts in query(ENTITY_QUERY).rows:
        iri = str(s)
        if iri in docs:
            continue
        alt_labels = [a for a in str(alts or "").split("\u001f") if a]
        docs[iri] = Document(iri, TYPES[str(type_)], str(label), sorted(alt_labels), str(definition or ""))
    for s, p, olabel in query(RELATION_QUERY).rows:
        doc = docs.get(str(s))
        if doc is not None:
            name = RELATION_NAMES[str(p).rsplit("#", 1)[-1]]
            doc.relations.setdefault(name, []).append(str(olabel))
    if not provenance:
        return sorted(docs.values(), key=lambda d: d.iri)
    for s, src in query(SOURCE_QUERY).rows:
        if (doc := docs.get(str(s))) is not None:
            doc.sources.append(str(src))
    for s, g in query(GRAPH_QUERY).rows:
        if (doc := docs.get(str(s))) is not None:
            doc.graph = str(g).rsplit("/", 1)[-1]
    for doc in docs.values():
        doc.sources.sort()
    return sorted(docs.values(), key=lambda d: d.iri)
