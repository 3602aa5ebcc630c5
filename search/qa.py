"""Question answering: understand a question (entities, levels, what is asked), build a SPARQL query
from graph IRIs and integers only (never from the question's text), run it and return the exact answer
set with labels and sources. Falls back to semantic search when nothing is understood."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef

from mlopskg.results import Answer, AnswerItem, Entity
from ontology.namespace import ID
from ontology.namespace import iri_ref as iri

from .linker import Candidate, Linked
from .text import STOPWORDS, words

# cue words, as Snowball stems
TOOL = {"tool", "softwar", "product", "librari", "framework", "platform", "solut", "technolog", "stack", "use",
        "option", "servic", "vendor", "databas", "app", "applic", "packag", "instrument", "util"}
ROLE = {"role", "who", "peopl", "job", "career", "team", "hire", "staff", "person", "profession", "posit", "titl",
        "specialist", "expert", "worker"}
CAPABILITY = {"capabl", "practic", "need", "activ", "requir", "competenc", "function", "featur", "process"}
PUBLICATION = {"public", "paper", "literatur", "articl", "research", "studi", "reading", "read", "book", "survey", "work"}
PHASES = {"phase", "stage", "lifecycl", "step", "cycl"}
COST = {"cost", "budget", "spend", "expens", "price", "much", "money", "usd", "dollar", "invest", "afford"}
SALARY = {"salari", "earn", "paid", "pay", "wage", "compens", "incom", "remuner"}
CITE = {"cite", "citat", "refer", "bibliographi", "reli"}
STAT = {"share", "percent", "percentag", "statist", "figur", "fast", "grow", "growth", "rate", "proport",
        "fraction", "mani", "market", "adopt"}
PROVENANCE = {"sourc", "proven", "evid", "verifi", "origin"}
FEEDBACK = {"feedback", "loop", "feed", "back"}
AFTER = {"after", "next", "follow", "then", "succeed", "subsequ"}
BEFORE = {"befor", "preced", "previous", "prior", "earlier"}
FIRST = {"first", "start", "begin", "initi", "open"}
LAST = {"last", "final", "end"}
MAP = {"correspond", "match", "equival", "align", "map", "compar", "same", "translat", "similar", "relat", "equal",
       "closest", "nearest"}
NEW = {"new", "introduc", "add", "join", "go", "move", "reach", "get", "upgrad", "progress", "advanc", "becom",
       "step", "onboard", "appear", "arriv", "enter"}
LICENSE = {"licens", "licenc", "licensing"}
VENDOR = {"develop", "vendor", "maker", "make", "maintain", "build", "compani", "own", "behind", "creat",
          "publish", "author", "produc", "organ", "organis", "organiz"}
CATEGORY = {"categori", "kind", "type", "class", "group", "belong"}
ALTERNATIVE = {"altern", "instead", "replac", "compet", "competitor", "substitut", "rival", "similar"}
INTEGRATION = {"integr", "connect", "compat", "plug", "plugin"}
SKILL = {"skill", "know", "learn", "competen", "abil", "expertis", "knowledg", "qualif"}
RESPONSIBILITY = {"respons", "duti", "task", "do", "job", "work", "accountab", "mission"}
LEVEL_WORDS = {"level", "matur", "stage"}
DEPEND = {"depend", "requir", "prerequisit", "presuppos"}
ASSUMPTION = {"assum", "assumpt", "basi", "base", "premis", "calcul", "deriv"}
DEPEND_VERBS = {"depend", "depends", "require", "requires", "presuppose", "presupposes"}
DEFINE = {"defin", "definit", "explain", "mean", "describ", "descript", "overview"}
LLMOPS = {"llmop", "llm", "llms", "genai", "gpt", "chatgpt"}

SPARQL_PREFIXES = ("PREFIX mlo: <https://w3id.org/mlops-kg/ontology#>\n"
                   "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                   "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
                   "PREFIX schema: <https://schema.org/>\n"
                   "PREFIX cito: <http://purl.org/spar/cito/>\n"
                   "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n")
MODEL_LEVEL_PREFIX = {"unified": "", "google": "google-", "microsoft": "microsoft-", "aws": "aws-"}
PAPER = str(ID["publication"]["stone-2025-navigating-mlops"])
CONCEPT_MINIMUM = 0.35  # hybrid search score: questions naming no concept ("which tools do you know?") stay below 0.3


def has_cue(q: Linked, cues: set[str]) -> bool:
    """Whether a word of the question outside entity names is one of `cues` (stems)."""
    return any(s in cues for s in q.free)


def by_meaning_note(concept: Candidate) -> str:
    return f"read as {concept.label} ({concept.type}), the closest by meaning"


@dataclass
class Plan:
    """What was understood: the intent, the SPARQL and how to read its rows."""

    intent: str
    sparql: str
    answer_type: str = "entities"          # entities | literals | numbers
    entities: list[Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    number_labels: list[str] = field(default_factory=list)


class QuestionAnswerer:
    def __init__(self, engine):
        self.engine = engine
        self.cue_vocabulary = {w for cues in (TOOL, ROLE, CAPABILITY, PUBLICATION, PHASES, COST, SALARY, CITE,
                                              STAT, PROVENANCE, FEEDBACK, AFTER, BEFORE, FIRST, LAST, MAP, NEW,
                                              LICENSE, VENDOR, CATEGORY, ALTERNATIVE, INTEGRATION, SKILL,
                                              RESPONSIBILITY, LEVEL_WORDS, DEFINE, DEPEND, ASSUMPTION, LLMOPS) for w in cues}
        self.cue_vocabulary |= {"tools", "roles", "level", "levels", "capabilities", "practices", "phases",
                                "publications", "papers", "salary", "costs", "license", "licence", "maturity",
                                "lifecycle", "alternatives", "categories", "responsibilities", "skills",
                                "google", "microsoft", "azure", "aws", "amazon", "unified", "cover", "covers",
                                "support", "supports", "help", "helps", "year", "operate", "mlops", "llmops",
                                "statistics", "businesses", "production", "information", "develops", "detect",
                                "after", "comes", "feeds", "corresponds", "specific", "managed", "services",
                                "needed", "introduced", "join", "cite", "percent", "grow", "market", "expected"}
        self.cue_vocabulary = frozenset(self.cue_vocabulary)

    # ------------------------------------------------------------ entry point
    def answer(self, question: str) -> Answer:
        linked = self.engine.lexicon.link(question, self.cue_vocabulary)
        plan = self.plan(question, linked)
        if plan is None:
            return self.fallback(question, linked, "the question was not understood")
        if plan.answer_type == "entities" and "how" in linked.tokens and "mani" in linked.free:
            plan = Plan(f"{plan.intent}-count", f"SELECT (COUNT(DISTINCT ?answer) AS ?count) WHERE {{ {{ {plan.sparql} }} }}",
                        "numbers", plan.entities, plan.notes, number_labels=[f"number of {plan.intent.replace('-', ' ')}"])
        answer = self.run(question, plan)
        if not answer.answers:
            answer.notes.append("no answer in the graph for this reading of the question")
        return answer

    # ------------------------------------------------------------ understanding
    def plan(self, question: str, q: Linked) -> Plan | None:
        tools, roles = q.of_type("tool"), q.of_type("role")
        phases, categories = q.of_type("phase"), q.of_type("category")
        capabilities, publications = q.of_type("capability"), q.of_type("publication")
        levels, models = self.levels(q), q.of_type("model")
        # "Google", "AWS" alone name the organisation; beside "levels" they mean its model, and they win
        # over the unified scale that a generic "maturity levels" links to
        named = [self.entity(str(ID["model"][m]), "model") for m in ("google", "microsoft", "aws")
                 if any(t in self._model_words(m) for t in q.tokens)][:1]
        if named and all(m.iri == str(ID["model"]["unified"]) for m in models):
            models = named
        levelish = bool({"level", "stage", "phase"} & set(q.free))
        has = lambda cues: has_cue(q, cues)  # noqa: E731
        llmops = any(s in LLMOPS for s in q.free) or "large language model" in " ".join(q.tokens)

        # statistics quoted by the paper
        strong = [m for m in q.mentions if (m.best() and m.best().exact_label) or m.end - m.start > 1]
        # "how many levels has Google's model" asks about the model, not for a statistic
        about_model = (bool(models) and levelish and not q.levels
                       and not (tools or roles or phases or categories or capabilities))
        statistic = (self.statistic(question, q) if has(STAT) and not about_model
                     and not (strong and (tools or roles or categories)) else None)
        if statistic is not None:
            return Plan("statistic", f"SELECT ?value WHERE {{ {iri(statistic.iri)} rdf:value ?value }}",
                        "numbers", [statistic], number_labels=[statistic.label])
        if "statist" in q.free and not (tools or roles or categories or capabilities or phases):
            return Plan("statistics", "SELECT DISTINCT ?answer WHERE { ?answer a mlo:Statistic }")
        # provenance of a fact
        subject = self.main_entity(q)
        if subject is not None and (has(PROVENANCE) or ("come" in q.free and ("where" in q.tokens or "inform" in q.free))):
            return Plan("provenance", f"SELECT DISTINCT ?answer WHERE {{ {iri(subject.iri)} prov:wasDerivedFrom ?answer }}",
                        entities=[subject])
        # "what is a model registry?": nothing asked but what the one thing named is
        if (subject is not None and len(q.mentions) == 1 and q.tokens[0] == "what"
                and all(s in STOPWORDS and s not in self.cue_vocabulary for s in q.free)):
            return Plan("definition", f"SELECT DISTINCT ?answer WHERE {{ {iri(subject.iri)} skos:definition ?answer }}",
                        "literals", [subject])
        # what the paper (or another publication) cites
        if has(CITE) and not (phases or capabilities or roles or tools):
            pub = publications[0] if publications else self.entity(PAPER, "publication")
            return Plan("citations", f"SELECT DISTINCT ?answer WHERE {{ {iri(pub.iri)} cito:cites ?answer }}", entities=[pub])
        # the lifecycle's order and loops
        if phases and (has(FEEDBACK) and ("feed" in q.free or "feedback" in q.free or "loop" in q.free)):
            p = phases[0]
            start = next(m.start for m in q.mentions if p in m.candidates)
            if {"into", "to"} & set(q.tokens[:start]):  # "which phases feed back into model training?"
                return Plan("phase-feedback-from", f"SELECT DISTINCT ?answer WHERE {{ ?answer mlo:feedsBackTo {iri(p.iri)} }}",
                            entities=[p])
            return Plan("phase-feedback", f"SELECT DISTINCT ?answer WHERE {{ {iri(p.iri)} mlo:feedsBackTo ?answer }}", entities=[p])
        if phases and has(AFTER) and not tools:
            p = phases[0]
            return Plan("phase-next", f"SELECT DISTINCT ?answer WHERE {{ {iri(p.iri)} mlo:precedes ?answer }}", entities=[p])
        if phases and has(BEFORE) and not tools:
            p = phases[0]
            return Plan("phase-previous", f"SELECT DISTINCT ?answer WHERE {{ ?answer mlo:precedes {iri(p.iri)} }}", entities=[p])
        if has(PHASES) and not phases and (has(FIRST) or has(LAST)):
            agg = "MIN" if has(FIRST) else "MAX"
            return Plan("phase-first" if agg == "MIN" else "phase-last",
                        "SELECT DISTINCT ?answer WHERE { ?answer a mlo:LifecyclePhase ; mlo:order ?o . "
                        f"{{ SELECT ({agg}(?x) AS ?o) WHERE {{ ?p a mlo:LifecyclePhase ; mlo:order ?x }} }} }}")
        # alignments between maturity models
        if has(MAP) and (q.levels or q.of_type("level")):
            return self.mapping(q)
        # "which level is Google level 2 in the unified scale?", "what is level 3 in Google's terms?"
        named_models = {m for m in ("google", "microsoft", "aws") if any(t in self._model_words(m) for t in q.tokens)}
        level_models = {m for m, _ in q.levels if m not in (None, "unified")}
        level_models |= {c.iri.rsplit("/", 1)[-1].split("-")[0] for c in q.of_type("level") if "-" in c.iri.rsplit("/", 1)[-1]}
        other_scale = "unifi" in q.stems if level_models else bool(named_models)
        if (q.levels and other_scale and not (tools or roles or phases or capabilities or categories)
                and not (has(COST) or has(SALARY))):
            return self.mapping(q)
        # the levels of a maturity model
        if about_model:
            m = models[0]
            if "how" in q.tokens and "mani" in q.free:
                return Plan("model-level-count", f"SELECT (COUNT(DISTINCT ?l) AS ?count) WHERE {{ ?l mlo:inModel {iri(m.iri)} }}",
                            "numbers", [m], number_labels=["levels"])
            return Plan("model-levels", f"SELECT DISTINCT ?answer WHERE {{ ?answer mlo:inModel {iri(m.iri)} }}", entities=[m])
        # salaries and costs
        if roles and (has(SALARY) or has(COST)):
            r = roles[0]
            return Plan("salary", "SELECT ?min ?max WHERE { " + iri(r.iri) + " mlo:annualSalary ?c . "
                        "?c schema:minValue ?min ; schema:maxValue ?max }", "numbers", [r],
                        number_labels=["minimum (USD per year)", "maximum (USD per year)"])
        if has(COST) and levels:
            return self.costs(q, levels)
        # facts about one role
        if roles and not (len(roles) > 1 and has(ROLE)):
            return self.role_facts(q, roles[0])
        # facts about one tool
        if tools and not self.head(q) in ("tool",) or (tools and has(ALTERNATIVE | LICENSE | VENDOR | CATEGORY | INTEGRATION)):
            plan = self.tool_facts(q, tools[0])
            if plan is not None:
                return plan
        head = self.head(q)
        # the level that introduces a capability ("at which maturity level is drift detection introduced?");
        # a name shared with a tool category ("model registry") means the capability: categories have no level
        leveled = capabilities or q.tied("capability")
        if leveled and has(LEVEL_WORDS) and not q.levels and head not in ("tool", "role"):
            c = leveled[0]
            return Plan("capability-level", f"SELECT DISTINCT ?answer WHERE {{ {iri(c.iri)} mlo:introducedAtLevel ?answer }}",
                        entities=[c])
        # the phases of a capability or a tool category ("which phase does drift detection belong to?")
        if head == "phase" and not phases and (capabilities or categories) and not q.levels:
            subject = (capabilities or categories)[0]
            prop = "mlo:inPhase" if subject.type == "capability" else "mlo:categoryPhase"
            return Plan("phases-of", f"SELECT DISTINCT ?answer WHERE {{ {iri(subject.iri)} {prop} ?answer }}",
                        entities=[subject])
        # what a capability builds on, or what builds on it
        if leveled and has(DEPEND) and not q.levels and head in (None, "capability"):
            return self.requirements(question, q, leveled[0])
        if head == "role" or (roles and has(ROLE)):
            if not (levels or phases or tools or capabilities or roles or llmops):
                # "which roles handle drift?" names no entity: the closest capability by meaning
                concept = self.by_meaning(question, ["capability"], CONCEPT_MINIMUM)
                if concept is not None:
                    plan = self.role_list(q, levels, phases, tools, [concept], llmops)
                    plan.notes.append(by_meaning_note(concept))
                    return plan
            return self.role_list(q, levels, phases, tools, capabilities, llmops)
        if head == "publication" and not (phases or capabilities or categories or tools or roles or q.of_type("level", "model")):
            # "which papers cover drift?" names no entity: the closest capability or phase by meaning
            concept = self.by_meaning(question, ["capability", "phase", "category"], CONCEPT_MINIMUM)
            if concept is not None:
                return Plan("literature", f"SELECT DISTINCT ?answer WHERE {{ ?answer a mlo:Publication ; mlo:about {iri(concept.iri)} }}",
                            entities=[concept], notes=[by_meaning_note(concept)])
        if head == "publication" and (phases or capabilities or categories or tools or roles or q.of_type("level", "model")):
            concepts = q.same_name(self.main_entity(q, exclude=("publication",)))
            about = (iri(concepts[0].iri) if len(concepts) == 1
                     else "?c . VALUES ?c { " + " ".join(iri(c.iri) for c in concepts) + " }")
            return Plan("literature", f"SELECT DISTINCT ?answer WHERE {{ ?answer a mlo:Publication ; mlo:about {about} }}",
                        entities=concepts)
        if head == "capability" or (not head and levels and has(NEW)) or (llmops and head == "capability"):
            return self.capability_list(q, levels, phases, tools, roles, llmops)
        # "which tools work with Kubernetes?": a list of tools around one named tool, nothing else asked
        if head == "tool" and tools and not (phases or categories or capabilities or levels or llmops
                                             or q.of_type("license-type", "delivery-mode")):
            return self.integrations(tools[0])
        if head == "tool" and not (phases or categories or capabilities or tools or levels or llmops
                                   or q.of_type("license-type", "delivery-mode", "organization")):
            # "which tools detect drift?" names no entity: the closest capability or category by meaning
            concept = self.by_meaning(question, ["capability", "category"], CONCEPT_MINIMUM)
            if concept is not None:
                plan = self.tool_list(q, levels, phases, [concept] * (concept.type == "category"),
                                      [concept] * (concept.type == "capability"), tools, llmops)
                plan.notes.append(by_meaning_note(concept))
                return plan
        if head == "tool" or categories or capabilities or q.of_type("license-type", "delivery-mode"):
            return self.tool_list(q, levels, phases, categories, capabilities, tools, llmops)
        if head == "phase" or (has(PHASES) and not phases):
            return Plan("phases", "SELECT DISTINCT ?answer WHERE { ?answer a mlo:LifecyclePhase ; mlo:order ?o } ORDER BY ?o")
        if head == "publication":
            return Plan("publications", "SELECT DISTINCT ?answer WHERE { ?answer a mlo:Publication }")
        if subject is not None:
            return Plan("definition", f"SELECT DISTINCT ?answer WHERE {{ {iri(subject.iri)} skos:definition ?answer }}",
                        "literals", [subject])
        return None

    def head(self, q: Linked) -> str | None:
        """The kind of thing asked for: the first cue word of a list intent in the question."""
        covered = {i for m in q.mentions for i in range(m.start, m.end)}
        for i, s in enumerate(q.stems):
            if i in covered and s not in ("tool", "role"):
                continue
            for name, cues in (("tool", TOOL), ("role", ROLE), ("capability", CAPABILITY),
                               ("publication", PUBLICATION), ("phase", PHASES)):
                if s in cues:
                    return name
        return None

    def main_entity(self, q: Linked, exclude: tuple[str, ...] = ()) -> Candidate | None:
        for kind in ("tool", "role", "capability", "category", "phase", "level", "model", "publication",
                     "statistic", "organization", "skill", "license-type", "delivery-mode", "cost-category"):
            if kind in exclude:
                continue
            found = q.of_type(kind)
            if found:
                return found[0]
        return None

    def entity(self, iri_: str, kind: str) -> Candidate:
        doc = self.engine.by_iri.get(iri_)
        return Candidate(iri_, kind, doc.label if doc else iri_, True)

    def levels(self, q: Linked) -> list[tuple[Candidate, int, list[str]]]:
        """Unified levels named in the question: (level, number, notes). Levels of other models are read
        through their alignments, and the reading is noted."""
        out: list[tuple[Candidate, int, list[str]]] = []
        named_models = [m for m in ("google", "microsoft", "aws") if any(t in self._model_words(m) for t in q.tokens)]
        raw = list(q.levels)
        for level in q.of_type("level"):
            doc = self.engine.by_iri[level.iri]
            if not any(level.iri == self.level_iri(m or "unified", n) for m, n in raw):
                raw.append(("__iri__" + level.iri, -1))
        for model, number in raw:
            if isinstance(model, str) and model.startswith("__iri__"):
                level_iri = model[len("__iri__"):]
            else:
                level_iri = self.level_iri(model or "unified", number)
            doc = self.engine.by_iri.get(level_iri)
            if doc is None:
                continue
            if "/level/" in level_iri and level_iri.rsplit("/", 1)[-1].isdigit():
                notes = []
                if model is None and named_models:
                    notes.append(f"'level {number}' read as unified level {number}; name the model's level "
                                 f"(e.g. '{named_models[0].title()} level {number}') for its own scale")
                out.append((Candidate(level_iri, "level", doc.label, True), number, notes))
                continue
            rows = self.engine.query(
                "SELECT ?u ?n WHERE { { " + iri(level_iri) + " ?m ?u } UNION { ?u ?m " + iri(level_iri) + " } "
                "VALUES ?m { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch } "
                "?u mlo:inModel <https://w3id.org/mlops-kg/id/model/unified> ; mlo:levelNumber ?n } ORDER BY DESC(?n)").rows
            if rows:
                u, n = rows[0]
                udoc = self.engine.by_iri[str(u)]
                out.append((Candidate(str(u), "level", udoc.label, True), int(n),
                            [f"{doc.label} read as unified {udoc.label} (its highest aligned unified level)"]))
        return out

    @staticmethod
    def _model_words(model: str) -> set[str]:
        return {"google": {"google", "gcp"}, "microsoft": {"microsoft", "azure"}, "aws": {"aws", "amazon"}}[model]

    @staticmethod
    def level_iri(model: str, number: int) -> str:
        return str(ID["level"][f"{MODEL_LEVEL_PREFIX[model]}{number}"])

    def statistic(self, question: str, q: Linked) -> Candidate | None:
        named = q.of_type("statistic")
        return named[0] if named else self.by_meaning(question, ["statistic"], 0.3)

    def by_meaning(self, question: str, types: list[str], minimum: float) -> Candidate | None:
        """The entity of `types` closest to the question by hybrid search, if it scores at least `minimum`
        and shares a word with it (meaning alone matches "MLOps team" with "ML project tracking")."""
        hits = self.engine.search(question, 1, types)
        if hits and hits[0].score >= minimum and hits[0].lexical_score > 0:
            return Candidate(hits[0].iri, hits[0].type, hits[0].label, False)
        return None

    # ------------------------------------------------------------ intents with options
    def tool_list(self, q, levels, phases, categories, capabilities, tools, llmops) -> Plan:
        patterns, used, notes = ["?answer a mlo:Tool ."], [], []
        level = max(levels, key=lambda item: item[1]) if levels else None
        if level is not None:
            notes += level[2]
        if phases and level is not None:
            patterns.append(f"?cap mlo:inPhase {iri(phases[0].iri)} ; mlo:introducedAtLevel/mlo:levelNumber ?n ; "
                            f"mlo:implementedBy ?answer . FILTER(?n <= {int(level[1])})")
            used += [phases[0], level[0]]
        elif phases:
            patterns.append(f"?answer mlo:coversPhase {iri(phases[0].iri)} .")
            used.append(phases[0])
        elif level is not None:
            patterns.append(f"?cap mlo:introducedAtLevel/mlo:levelNumber ?n ; mlo:implementedBy ?answer . "
                            f"FILTER(?n <= {int(level[1])})")
            used.append(level[0])
        for cat in categories[:1]:
            patterns.append(f"?answer mlo:hasCategory {iri(cat.iri)} .")
            used.append(cat)
        if capabilities and not categories:
            patterns.append(f"{iri(capabilities[0].iri)} mlo:implementedBy ?answer .")
            used.append(capabilities[0])
        for lt in q.of_type("license-type")[:1]:
            patterns.append(f"?answer mlo:licenseType {iri(lt.iri)} .")
            used.append(lt)
        for mode in q.of_type("delivery-mode")[:1]:
            patterns.append(f"?answer mlo:deliveryMode {iri(mode.iri)} .")
            used.append(mode)
        for org in q.of_type("organization")[:1]:
            patterns.append(f"?answer mlo:vendor {iri(org.iri)} .")
            used.append(org)
        if tools and any(s in INTEGRATION for s in q.free):
            patterns.append(f"?answer mlo:integratesWith {iri(tools[0].iri)} .")
            used.append(tools[0])
        if llmops and not (categories or capabilities):  # "guardrails for LLMs": the category says it already
            patterns.append("?answer mlo:llmopsSpecific true .")
            notes.append("restricted to LLMOps-specific tools")
        return Plan("tools", "SELECT DISTINCT ?answer WHERE {\n  " + "\n  ".join(patterns) + "\n}", entities=used, notes=notes)

    def capability_list(self, q, levels, phases, tools, roles, llmops) -> Plan:
        patterns, used, notes = ["?answer a mlo:Capability ."], [], []
        if levels:
            exact = any(s in NEW for s in q.free)
            level = max(levels, key=lambda item: item[1])
            notes += level[2]
            if exact:
                patterns.append(f"?answer mlo:introducedAtLevel {iri(level[0].iri)} .")
                notes.append(f"capabilities introduced exactly at {level[0].label}")
            else:
                patterns.append(f"?answer mlo:introducedAtLevel/mlo:levelNumber ?n . FILTER(?n <= {int(level[1])})")
                notes.append(f"capabilities an organisation at {level[0].label} has (introduced at that level or below)")
            used.append(level[0])
        for p in phases[:1]:
            patterns.append(f"?answer mlo:inPhase {iri(p.iri)} .")
            used.append(p)
        for t in tools[:1]:
            patterns.append(f"?answer mlo:implementedBy {iri(t.iri)} .")
            used.append(t)
        for r in roles[:1]:
            patterns.append(f"?answer mlo:performedBy {iri(r.iri)} .")
            used.append(r)
        if llmops:
            patterns.append("?answer mlo:llmopsSpecific true .")
        return Plan("capabilities", "SELECT DISTINCT ?answer WHERE {\n  " + "\n  ".join(patterns) + "\n}", entities=used, notes=notes)

    def role_list(self, q, levels, phases, tools, capabilities, llmops) -> Plan:
        patterns, used, notes = ["?answer a mlo:Role ."], [], []
        if levels:
            level = max(levels, key=lambda item: item[1])
            notes += level[2]
            if any(s in NEW for s in q.free):
                patterns.append(f"?answer mlo:neededFromLevel {iri(level[0].iri)} .")
                notes.append(f"roles first needed at {level[0].label}")
            else:
                patterns.append(f"?answer mlo:neededFromLevel/mlo:levelNumber ?n . FILTER(?n <= {int(level[1])})")
                notes.append(f"roles an organisation at {level[0].label} needs (needed from that level or below)")
            used.append(level[0])
        for p in phases[:1]:
            patterns.append(f"?answer mlo:worksInPhase {iri(p.iri)} .")
            used.append(p)
        for t in tools[:1]:
            patterns.append(f"?answer mlo:usesTool {iri(t.iri)} .")
            used.append(t)
        for c in capabilities[:1]:
            patterns.append(f"{iri(c.iri)} mlo:performedBy ?answer .")
            used.append(c)
        if llmops:
            patterns.append("?answer mlo:llmopsSpecific true .")
        return Plan("roles", "SELECT DISTINCT ?answer WHERE {\n  " + "\n  ".join(patterns) + "\n}", entities=used, notes=notes)

    def role_facts(self, q: Linked, role: Candidate) -> Plan:
        r = iri(role.iri)
        has = lambda cues: has_cue(q, cues)  # noqa: E731
        if has(TOOL):
            return Plan("role-tools", f"SELECT DISTINCT ?answer WHERE {{ {r} mlo:usesTool ?answer }}", entities=[role])
        if has(SKILL):
            return Plan("role-skills", f"SELECT DISTINCT ?answer WHERE {{ {r} mlo:hasSkill ?answer }}", entities=[role])
        if has(PHASES):
            return Plan("role-phases", f"SELECT DISTINCT ?answer WHERE {{ {r} mlo:worksInPhase ?answer }}", entities=[role])
        if has(LEVEL_WORDS) or has(NEW):
            return Plan("role-level", f"SELECT DISTINCT ?answer WHERE {{ {r} mlo:neededFromLevel ?answer }}", entities=[role])
        if has(CAPABILITY):
            return Plan("role-capabilities", f"SELECT DISTINCT ?answer WHERE {{ ?answer mlo:performedBy {r} }}", entities=[role])
        if has(DEFINE) and not has(RESPONSIBILITY):
            return Plan("definition", f"SELECT DISTINCT ?answer WHERE {{ {r} skos:definition ?answer }}", "literals", [role])
        return Plan("role-responsibilities", f"SELECT DISTINCT ?answer WHERE {{ {r} mlo:responsibility ?answer }}",
                    "literals", [role])

    def tool_facts(self, q: Linked, tool: Candidate) -> Plan | None:
        t = iri(tool.iri)
        has = lambda cues: has_cue(q, cues)  # noqa: E731
        if q.of_type("license-type"):
            return Plan("tool-license-type", f"SELECT DISTINCT ?answer WHERE {{ {t} mlo:licenseType ?answer }}", entities=[tool])
        if has(LICENSE):
            return Plan("tool-license", f"SELECT DISTINCT ?answer WHERE {{ {t} schema:license ?answer }}", "literals", [tool])
        if has(COST) or has(SALARY):
            return Plan("tool-pricing", "SELECT ?min ?max WHERE { " + t + " mlo:pricing ?c . "
                        "?c schema:minValue ?min ; schema:maxValue ?max }", "numbers", [tool],
                        number_labels=["minimum (USD)", "maximum (USD)"])
        if has(ALTERNATIVE):
            return Plan("tool-alternatives", f"SELECT DISTINCT ?answer WHERE {{ {t} mlo:alternativeTo ?answer }}", entities=[tool])
        if has(INTEGRATION):
            return self.integrations(tool)
        if has(CATEGORY):
            return Plan("tool-categories", f"SELECT DISTINCT ?answer WHERE {{ {t} mlo:hasCategory ?answer }}", entities=[tool])
        if has(PHASES):
            return Plan("tool-phases", f"SELECT DISTINCT ?answer WHERE {{ {t} mlo:coversPhase ?answer }}", entities=[tool])
        if has(VENDOR) or ("who" in q.tokens):
            return Plan("tool-vendor", f"SELECT DISTINCT ?answer WHERE {{ {t} mlo:vendor ?answer }}", entities=[tool])
        if has(LEVEL_WORDS):
            return Plan("tool-level", f"SELECT DISTINCT ?answer WHERE {{ {t} mlo:availableFromLevel ?answer }}", entities=[tool])
        if has(CAPABILITY) or "do" in q.free:
            return Plan("tool-capabilities", f"SELECT DISTINCT ?answer WHERE {{ {t} mlo:implements ?answer }}", entities=[tool])
        if "deliv" in q.free or "host" in q.free or "self" in q.free:
            return Plan("tool-delivery", f"SELECT DISTINCT ?answer WHERE {{ {t} mlo:deliveryMode ?answer }}", entities=[tool])
        if has(ROLE):
            return Plan("tool-roles", f"SELECT DISTINCT ?answer WHERE {{ ?answer mlo:usesTool {t} }}", entities=[tool])
        if has(TOOL) and not has(DEFINE):
            return None
        return Plan("definition", f"SELECT DISTINCT ?answer WHERE {{ {t} skos:definition ?answer }}", "literals", [tool])

    @staticmethod
    def integrations(tool: Candidate) -> Plan:
        t = iri(tool.iri)
        return Plan("tool-integrations", "SELECT DISTINCT ?answer WHERE { { " + t + " mlo:integratesWith ?answer } "
                    "UNION { ?answer mlo:integratesWith " + t + " } }", entities=[tool])

    def requirements(self, question: str, q: Linked, capability: Candidate) -> Plan:
        """What `capability` requires ("what does drift detection depend on?", "prerequisites of X", "what
        is required for X"), or, when an active verb comes before it ("which capabilities require X?"),
        what requires it."""
        c = iri(capability.iri)
        start = next((m.start for m in q.mentions if any(x.iri == capability.iri for x in m.candidates)), 0)
        cue = next(i for i, s in enumerate(q.stems) if s in DEPEND)
        if words(question)[cue] in DEPEND_VERBS and cue < start:  # as typed: tokens may be spell-corrected
            return Plan("required-by", f"SELECT DISTINCT ?answer WHERE {{ ?answer mlo:requires {c} }}", entities=[capability])
        return Plan("requires", f"SELECT DISTINCT ?answer WHERE {{ {c} mlo:requires ?answer }}", entities=[capability])

    def mapping(self, q: Linked) -> Plan | None:
        """Which level of model M corresponds to a level of model M'."""
        raw = list(q.levels)
        source = None
        for model, number in raw:
            if model and model != "unified":
                source = (model, number)
                break
        named_level = [c for c in q.of_type("level") if "/level/" in c.iri and not c.iri.rsplit("/", 1)[-1].isdigit()]
        target = "unified"
        if source is not None:
            source_iri = self.level_iri(*source)
        elif named_level:
            source_iri = named_level[0].iri
        elif raw:
            source_iri = self.level_iri("unified", raw[0][1])
            others = [m for m in ("google", "microsoft", "aws") if any(t in self._model_words(m) for t in q.tokens)]
            if not others:
                return None
            target = others[0]
        else:
            return None
        if source_iri not in self.engine.by_iri:
            return Plan("level-mapping", "SELECT ?answer WHERE { FILTER(false) }",
                        notes=[f"there is no such level ({source_iri.rsplit('/', 1)[-1]})"])
        target_iri = str(ID["model"][target])
        s = iri(source_iri)
        sparql = ("SELECT DISTINCT ?answer WHERE { ?answer mlo:inModel " + iri(target_iri) + " .\n"
                  "  { " + s + " skos:exactMatch|skos:closeMatch|skos:broadMatch|skos:narrowMatch ?answer }\n"
                  "  UNION { ?answer skos:exactMatch|skos:closeMatch|skos:broadMatch|skos:narrowMatch " + s + " } }")
        src = self.entity(source_iri, "level")
        return Plan("level-mapping", sparql, entities=[src, self.entity(target_iri, "model")])

    def costs(self, q: Linked, levels) -> Plan:
        level = max(levels, key=lambda item: item[1])
        category = q.of_type("cost-category")
        patterns = f"?c a mlo:CostEstimate ; mlo:atLevel {iri(level[0].iri)} ; mlo:period \"P1Y\" ; "
        if category:
            patterns += f"mlo:costCategory {iri(category[0].iri)} ; "
        what = f"{category[0].label.lower()} cost" if category else "total cost (all categories)"
        if has_cue(q, ASSUMPTION):
            return Plan("cost-assumptions", f"SELECT DISTINCT ?answer WHERE {{ {patterns}mlo:assumption ?answer }}",
                        "literals", [level[0]] + category[:1], notes=level[2] + [f"assumptions of the {what} per year"])
        sparql = f"SELECT (SUM(?lo) AS ?min) (SUM(?hi) AS ?max) WHERE {{ {patterns}schema:minValue ?lo ; schema:maxValue ?hi }}"
        return Plan("cost", sparql, "numbers", [level[0]] + category[:1], notes=level[2] + [f"{what} per year, USD"],
                    number_labels=["minimum (USD per year)", "maximum (USD per year)"])

    # ------------------------------------------------------------ running
    def run(self, question: str, plan: Plan) -> Answer:
        result = self.engine.query(SPARQL_PREFIXES + plan.sparql)
        items: list[AnswerItem] = []
        if plan.answer_type == "numbers":
            for row in result.rows:
                for i, value in enumerate(row):
                    if value is None:
                        continue
                    number = value.toPython() if isinstance(value, Literal) else value
                    if isinstance(number, Decimal):
                        number = float(number)
                    label = plan.number_labels[i] if i < len(plan.number_labels) else result.variables[i]
                    items.append(AnswerItem(None, label, number, [e.iri for e in plan.entities if e.type == "statistic"]))
            if plan.intent == "cost" and items and all(i.value is None for i in items):
                items = []
        elif plan.answer_type == "literals":
            sources = self.sources([e.iri for e in plan.entities[:1]])
            for row in result.rows:
                if row[0] is not None:
                    items.append(AnswerItem(None, str(row[0]), str(row[0]), sources.get(plan.entities[0].iri, []) if plan.entities else []))
        else:
            iris = [str(r[0]) for r in result.rows if isinstance(r[0], URIRef)]
            sources, graphs = self.sources(iris), self.graphs(iris)
            for value in iris:
                doc = self.engine.by_iri.get(value)
                items.append(AnswerItem(value, doc.label if doc else value.rsplit("/", 1)[-1], None, sources.get(value, []),
                                        graphs.get(value, "curated")))
            if plan.intent not in ("phases",):
                items.sort(key=lambda a: a.label.lower())
            else:
                items.sort(key=lambda a: iris.index(a.iri))
        entities = [Entity(e.iri, e.label, e.type) for e in plan.entities]
        return Answer(question, plan.intent, entities, SPARQL_PREFIXES + plan.sparql, plan.answer_type, items,
                      notes=list(dict.fromkeys(plan.notes)))

    def graphs(self, iris: list[str]) -> dict[str, str]:
        """The named graph each entity comes from; entities of data/ are in "curated"."""
        return {i: doc.graph for i in iris if (doc := self.engine.by_iri.get(i)) is not None}

    def sources(self, iris: list[str]) -> dict[str, list[str]]:
        """The sources of entities: read with the documents, queried only for other nodes."""
        out = {i: doc.sources for i in iris if (doc := self.engine.by_iri.get(i)) is not None and doc.sources}
        rest = [i for i in iris if i not in self.engine.by_iri]
        if rest:
            values = " ".join(iri(i) for i in rest)
            rows = self.engine.query(f"SELECT ?s ?src WHERE {{ VALUES ?s {{ {values} }} ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?src }}").rows
            queried: dict[str, list[str]] = {}
            for s, src in rows:
                queried.setdefault(str(s), []).append(str(src))
            out.update({k: sorted(v) for k, v in queried.items()})
        return out

    def fallback(self, question: str, q: Linked, why: str) -> Answer:
        hits = self.engine.search(question, 5)
        items = [AnswerItem(h.iri, h.label, round(h.score, 3), []) for h in hits]
        sources = self.sources([h.iri for h in hits])
        for item in items:
            item.sources = sources.get(item.iri or "", [])
        entities = [Entity(c.iri, c.label, c.type) for m in q.mentions if (c := m.best()) is not None]
        return Answer(question, "search", entities, "", "entities", items,
                      notes=[f"{why}: showing the closest entities by semantic search instead"], fallback=True)
