"""Text normalisation shared by the lexicon, the linker and the lexical search: lower case, words,
English Snowball stems, and correction of misspelt words against the graph's own vocabulary."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:[.+#][a-z0-9]+)*\+*")
NUMBER_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
STOPWORDS = frozenset(
    "a an the of for to in on at by with and or is are was were be been do does did what which who whom whose "
    "how why where when can could should would will shall may might i we you they it its our your their my me "
    "us this that these those there here some any all me please show list give tell know about s".split())


def words(text: str) -> list[str]:
    """Lower-case words; `&` becomes `and` so that "W&B" and "Weights & Biases" tokenise alike."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("&", " and ").replace("'s ", " ").replace("’s ", " ")
    return [NUMBER_WORDS.get(w, w) for w in _WORD.findall(text)]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word) if word.isalpha() and len(word) > 3 else word


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))


class Speller:
    """Maps a misspelt word to the closest word of a known vocabulary (ratio >= cutoff)."""

    def __init__(self, vocabulary: set[str], cutoff: float = 84.0):
        self.vocabulary = vocabulary
        self._choices = sorted(w for w in vocabulary if len(w) >= 4 and w.isalpha())
        self.cutoff = cutoff

    def correct(self, word: str) -> str:
        if word in self.vocabulary or word in STOPWORDS or len(word) < 4 or not word.isalpha():
            return word
        match = process.extractOne(word, self._choices, scorer=fuzz.ratio, score_cutoff=self.cutoff)
        return match[0] if match else word
