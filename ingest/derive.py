"""The derived facts the contract asks the build to materialise, so that simple queries work."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ontology.namespace import MLO

CONTRACT_CLASSES = (
    MLO.LifecyclePhase, MLO.MaturityModel, MLO.MaturityLevel, MLO.Capability, MLO.Tool, MLO.ToolCategory,
    MLO.Role, MLO.Skill, MLO.Organization, MLO.CostEstimate, MLO.Publication, MLO.Statistic, MLO.WebSource,
)


def materialise(data: Graph, ontology: Graph, into: Graph) -> None:
    """Derive from `data` explicit contract types, inverse and symmetric links, tool phases and levels,
    `mlo:precedes` between consecutive phases, and rdfs:label for every prefLabel; each new fact is
    added to `data` and to `into`."""

    def add(triple: tuple) -> None:
        if triple not in data:
            data.add(triple)
            into.add(triple)
    # explicit rdf:type of each contract class for instances typed with a sub-class
    for cls in CONTRACT_CLASSES:
        for sub in ontology.transitive_subjects(RDFS.subClassOf, cls):
            if sub != cls:
                for instance in list(data.subjects(RDF.type, sub)):
                    add((instance, RDF.type, cls))
    # implements <-> implementedBy
    for cap, tool in list(data.subject_objects(MLO.implementedBy)):
        add((tool, MLO.implements, cap))
    for tool, cap in list(data.subject_objects(MLO.implements)):
        add((cap, MLO.implementedBy, tool))
    # alternativeTo is symmetric
    for a, b in list(data.subject_objects(MLO.alternativeTo)):
        add((b, MLO.alternativeTo, a))
    # a tool covers every phase of every capability it implements, and is available from the lowest
    # level that introduces one of them
    for tool in set(data.subjects(RDF.type, MLO.Tool)):
        best: tuple[int, URIRef] | None = None
        for cap in data.objects(tool, MLO.implements):
            for phase in data.objects(cap, MLO.inPhase):
                add((tool, MLO.coversPhase, phase))
            level = data.value(cap, MLO.introducedAtLevel)
            number = data.value(level, MLO.levelNumber) if level is not None else None
            if number is not None and (best is None or int(number) < best[0]):
                best = (int(number), level)
        if best is not None:
            add((tool, MLO.availableFromLevel, best[1]))
    # precedes between consecutive phases
    phases = sorted((int(o), p) for p, o in data.subject_objects(MLO.order))
    for (_, first), (_, second) in zip(phases, phases[1:]):
        add((first, MLO.precedes, second))
    # rdfs:label for tools that read only RDFS
    for node, label in list(data.subject_objects(SKOS.prefLabel)):
        if data.value(node, RDFS.label) is None:
            add((node, RDFS.label, Literal(str(label), lang=label.language)))
