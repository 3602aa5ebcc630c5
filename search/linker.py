"""Entity linking: find the graph's entities named in a question by their labels and alternative labels
(stemmed, misspellings corrected), and the maturity levels it mentions ("level 2", "Google level 1")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .documents import Document
from .text import STOPWORDS, Speller, stem, stems, words

MAX_SPAN = 8
UNIFIED_SCALE = "https://w3id.org/mlops-kg/id/model/unified"
# which type wins when one phrase names entities of several types (lower index first)
TYPE_ORDER = ["level", "model", "phase", "category", "capability", "tool", "role", "license-type",
              "delivery-mode", "cost-category", "statistic", "skill", "publication", "organization"]
# names too generic to stand for an entity on their own
GENERIC = {("tool",), ("level",), ("model",), ("phase",), ("role",), ("team",), ("softwar",), ("data",),
           ("ml",), ("mlop",), ("llmop",), ("llm",), ("ai",), ("platform",), ("open",), ("product",), ("cloud",),
           ("framework",), ("librari",), ("system",), ("servic",), ("manag",), ("process",), ("paper",),
           ("the", "paper")}


@dataclass(frozen=True)
class Candidate:
    iri: str
    type: str
    label: str
    exact_label: bool          # the phrase is the prefLabel (not an alternative label)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    candidates: list[Candidate] = field(default_factory=list)

    def best(self, *types: str) -> Candidate | None:
        """The best candidate of one of `types` (any type when none is given)."""
        pool = [c for c in self.candidates if not types or c.type in types]
        if not pool:
            return None
        return min(pool, key=lambda c: (not c.exact_label, TYPE_ORDER.index(c.type) if c.type in TYPE_ORDER else 99))


@dataclass
class Linked:
    """What the linker found in a question."""

    tokens: list[str]                     # words, misspellings corrected
    stems: list[str]
    mentions: list[Mention]
    levels: list[tuple[str | None, int]]  # (model named just before it, or None; number)

    @property
    def free(self) -> list[str]:
        """The stems not inside an entity's name: where cue words are looked for. Generic phrases stay
        free: a cost category ("people"), or "maturity levels" read as the unified scale."""
        covered = {i for m in self.mentions if (b := m.best()) is not None and not self._generic(m, b)
                   for i in range(m.start, m.end)}
        return [s for i, s in enumerate(self.stems) if i not in covered]

    def _generic(self, mention: Mention, best: Candidate) -> bool:
        if best.type == "cost-category":
            return True
        return best.iri == UNIFIED_SCALE and "unifi" not in self.stems[mention.start:mention.end]

    def of_type(self, *types: str) -> list[Candidate]:
        """For each mention whose best reading is one of `types`, that reading."""
        out = []
        for m in self.mentions:
            best = m.best()
            if best is not None and best.type in types:
                out.append(best)
            elif best is not None:
                other = m.best(*types)
                # a phrase that names several kinds counts for a wanted kind only if the label matches exactly
                if other is not None and other.exact_label and not best.exact_label:
                    out.append(other)
        return out

    def same_name(self, candidate: Candidate) -> list[Candidate]:
        """`candidate` and the other entities its phrase names as well ("model registry": a tool category
        and a capability)."""
        for m in self.mentions:
            if candidate in m.candidates:
                return [c for c in m.candidates if c.exact_label == candidate.exact_label]
        return [candidate]

    def tied(self, *types: str) -> list[Candidate]:
        """Readings of `types` as good as their phrase's best reading, which is of another type: "model
        registry" names a tool category and a capability alike."""
        out = []
        for m in self.mentions:
            best, other = m.best(), m.best(*types)
            if best is not None and other is not None and best.type not in types and other.exact_label == best.exact_label:
                out.append(other)
        return out


class Lexicon:
    def __init__(self, documents: list[Document]):
        self.names: dict[tuple[str, ...], list[Candidate]] = {}
        vocabulary: set[str] = set()
        for doc in documents:
            for name, exact in [(doc.label, True)] + [(alt, False) for alt in doc.alt_labels]:
                key = stems(name)
                if not key or key in GENERIC or len(key) > MAX_SPAN or all(k in STOPWORDS for k in key):
                    continue
                vocabulary.update(words(name))
                bucket = self.names.setdefault(key, [])
                cand = Candidate(doc.iri, doc.type, doc.label, exact)
                if all(c.iri != doc.iri for c in bucket):
                    bucket.append(cand)
                elif exact:
                    bucket[:] = [cand if c.iri == doc.iri else c for c in bucket]
        self.vocabulary = vocabulary
        self._spellers: dict[frozenset[str], Speller] = {}

    def link(self, text: str, extra_vocabulary: frozenset[str] = frozenset()) -> Linked:
        speller = self._spellers.get(extra_vocabulary)
        if speller is None:  # built once per vocabulary: sorting a large vocabulary per question is slow
            speller = self._spellers[extra_vocabulary] = Speller(self.vocabulary | extra_vocabulary)
        tokens = [speller.correct(w) for w in words(text)]
        stemmed = [stem(w) for w in tokens]
        mentions: list[Mention] = []
        taken = [False] * len(stemmed)
        for size in range(min(MAX_SPAN, len(stemmed)), 0, -1):
            for start in range(0, len(stemmed) - size + 1):
                if any(taken[start:start + size]):
                    continue
                found = self.names.get(tuple(stemmed[start:start + size]))
                if found:
                    mentions.append(Mention(start, start + size, " ".join(tokens[start:start + size]), list(found)))
                    for i in range(start, start + size):
                        taken[i] = True
        mentions.sort(key=lambda m: m.start)
        return Linked(tokens, stemmed, mentions, find_levels(tokens))


MODEL_WORDS = {"google": "google", "gcp": "google", "microsoft": "microsoft", "azure": "microsoft",
               "aws": "aws", "amazon": "aws", "unified": "unified"}
_LEVEL = re.compile(r"^(?:level|lvl|stage|maturity)$")


def find_levels(tokens: list[str]) -> list[tuple[str | None, int]]:
    """("google", 1) for "Google level 1"; (None, 2) for a bare "level 2"; "from level 1 to 2" gives both."""
    found: list[tuple[str | None, int]] = []
    for i, tok in enumerate(tokens):
        number = None
        if _LEVEL.match(tok) and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            number = int(tokens[i + 1])
        elif re.fullmatch(r"l[0-4]", tok):
            number = int(tok[1])
        elif tok.isdigit() and i > 0 and tokens[i - 1] in ("to", "and", "or") and found:
            number = int(tok)
        if number is None:
            continue
        model = None
        for j in range(max(0, i - 4), i):  # a model named just before: "Google's level 1", "AWS level 2"
            model = MODEL_WORDS.get(tokens[j], model)
        found.append((model, number))
    return found
