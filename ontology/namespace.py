"""The `mlo:` vocabulary as a closed rdflib namespace, and the IRI prefixes of the instances.

`MLO.Tool` is the IRI of the class; a typo such as `MLO.Tol` raises AttributeError instead of minting a
new IRI. tests/test_ontology.py checks that this class and ontology/mlops.ttl declare the same terms.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = ONTOLOGY_DIR / "mlops.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

BASE = "https://w3id.org/mlops-kg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")


class MLO(DefinedNamespace):
    """Classes, properties and fixed individuals of the mlops-kg ontology."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    LifecyclePhase: URIRef
    MaturityModel: URIRef
    MaturityLevel: URIRef
    LevelAlignment: URIRef
    Capability: URIRef
    Tool: URIRef
    ToolCategory: URIRef
    Role: URIRef
    Skill: URIRef
    Organization: URIRef
    CostEstimate: URIRef
    Staffing: URIRef
    Publication: URIRef
    Statistic: URIRef
    WebSource: URIRef
    Source: URIRef
    SourceKind: URIRef
    LicenseType: URIRef
    DeliveryMode: URIRef
    CostCategory: URIRef
    # fixed individuals
    PaperSource: URIRef
    OfficialDocumentation: URIRef
    VendorDocumentation: URIRef
    Literature: URIRef
    CuratedJudgement: URIRef
    OpenSource: URIRef
    OpenCore: URIRef
    SourceAvailable: URIRef
    Proprietary: URIRef
    SelfHosted: URIRef
    ManagedService: URIRef
    PeopleCost: URIRef
    InfrastructureCost: URIRef
    LicenseCost: URIRef
    TrainingCost: URIRef
    # properties
    order: URIRef
    precedes: URIRef
    feedsBackTo: URIRef
    inModel: URIRef
    levelNumber: URIRef
    alignedLevel: URIRef
    alignedTo: URIRef
    matchType: URIRef
    inPhase: URIRef
    introducedAtLevel: URIRef
    llmopsSpecific: URIRef
    implementedBy: URIRef
    implements: URIRef
    performedBy: URIRef
    requires: URIRef
    hasCategory: URIRef
    licenseType: URIRef
    deliveryMode: URIRef
    coversPhase: URIRef
    availableFromLevel: URIRef
    vendor: URIRef
    alternativeTo: URIRef
    integratesWith: URIRef
    pricing: URIRef
    categoryPhase: URIRef
    worksInPhase: URIRef
    neededFromLevel: URIRef
    responsibility: URIRef
    usesTool: URIRef
    hasSkill: URIRef
    annualSalary: URIRef
    atLevel: URIRef
    forRole: URIRef
    forTool: URIRef
    costCategory: URIRef
    period: URIRef
    assumption: URIRef
    fte: URIRef
    basedOn: URIRef
    authorList: URIRef
    arxivId: URIRef
    venue: URIRef
    about: URIRef
    unit: URIRef
    statedIn: URIRef
    sourceKind: URIRef
    lastVerified: URIRef


# One namespace per kind of instance: https://w3id.org/mlops-kg/id/<kind>/
KINDS = (
    "phase", "level", "model", "role", "tool", "category", "capability", "org", "publication",
    "statistic", "cost", "skill", "source", "scheme", "alignment", "staffing", "dataset",
)
ID = {kind: Namespace(f"{BASE}id/{kind}/") for kind in KINDS}

CITO = Namespace("http://purl.org/spar/cito/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
DOAP = Namespace("http://usefulinc.com/ns/doap#")

# Prefixes bound in every graph, export and generated query.
PREFIXES: dict[str, str] = {
    "mlo": str(MLO._NS),
    **{kind: str(ns) for kind, ns in ID.items()},
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "doap": str(DOAP),
    "cito": str(CITO),
    "bibo": str(BIBO),
    "dcat": "http://www.w3.org/ns/dcat#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every bound prefix."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def curie(iri: str) -> str:
    """Shorten an IRI with the bound prefixes (`tool:mlflow`); other IRIs come back unchanged."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def expand(curie_or_iri: str) -> URIRef:
    """Expand `tool:mlflow` to its IRI; a full IRI comes back as it is."""
    prefix, sep, local = curie_or_iri.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(curie_or_iri)


def iri_ref(value: str) -> str:
    """`<IRI>` for a SPARQL query. Only IRIs taken from the graph (or checked input) reach this; anything
    that could break out of the angle brackets is refused rather than escaped."""
    text = str(value)
    if not text or any(ch in text for ch in '<>"{}|^`\\ \n\t'):
        raise ValueError(f"unsafe IRI {text!r}")
    return f"<{text}>"
