"""Query understanding: from what a shopper typed to filters and a Whoosh query built from tokens.

User text never reaches Whoosh's query parser: storage ("128go", "1 To"), grade words ("parfait
état") and colour words ("noir") become filters; aliases are expanded ("ps5", "アイフォン"); the
remaining words become term, fuzzy and phrase queries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import query as q

from .lexicon import ALIASES, COLOR_WORDS, GRADE_SYNONYMS, KEYBOARD_WORDS, SPLIT_NAMES, STORAGE_UNITS
from .text import fold

MAX_QUERY = 200
MAX_TOKENS = 8
STORAGE = re.compile(r"\b(\d{1,4})\s*(" + "|".join(sorted(STORAGE_UNITS, key=len, reverse=True)) + r")\b")
SPLIT = re.compile(r"(?<=[a-z]{3})(?=\d)|(?<=[^\W\d_a-z])(?=\d)")  # "iphone13", "プレステ5" → … 13, … 5; "s21" stays
KANA_ALIASES = sorted((k for k in ALIASES if not k.isascii()), key=len, reverse=True)


# "i phone", "mac book" → "iphone", "macbook": the name with a space somewhere inside it.
SPLIT_NAME = re.compile(r"(?<!\w)(" + "|".join(
    "|".join(f"{re.escape(name[:i])} +{re.escape(name[i:])}" for i in range(1, len(name))) for name in SPLIT_NAMES
) + r")(?!\w)")


def _phrases(words: dict[str, str]) -> list[tuple[re.Pattern, str]]:
    """(whole-word pattern, key) for {folded phrase: key}, longest phrase first; compiled once, not per query."""
    pairs = sorted(words.items(), key=lambda pair: -len(pair[0]))
    return [(re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"), key) for phrase, key in pairs]


@dataclass(frozen=True)
class Vocabulary:
    """The filter words of one storefront: (pattern, key) lists, longest phrase first."""

    grades: list
    colors: list


@lru_cache(maxsize=64)
def vocabulary(language: str = "en", grade_names: tuple = (), color_names: tuple = ()) -> Vocabulary:
    """Grade and colour words for a storefront in `language` whose grade and colour names (its catalog's
    translations, as ((name, code), …)) are given: a name always means its own grade or colour, over any
    synonym. Kept by its arguments, names included: a changed catalog is another entry."""
    grades = {}
    for lang in dict.fromkeys(("en", language)):
        grades |= {fold(word): code for code, words in GRADE_SYNONYMS.get(lang, {}).items() for word in words}
    grades |= {fold(name): code for name, code in grade_names}
    colors = {fold(word): code for code, words in COLOR_WORDS.items() for word in words}
    colors |= {fold(name): code for name, code in color_names}
    return Vocabulary(_phrases(grades), _phrases(colors))


KEYBOARD_PHRASES = _phrases({fold(word): key for key, words in KEYBOARD_WORDS.items() for word in words})


@dataclass
class Understood:
    """A query taken apart."""

    words: list[str] = field(default_factory=list)
    storage: list[int] = field(default_factory=list)
    grade: list[str] = field(default_factory=list)
    color: list[str] = field(default_factory=list)
    keyboard: list[str] = field(default_factory=list)
    rest: str = ""  # the query without its filter words, as typed (folded)


def _take(text: str, phrases: list[tuple[re.Pattern, str]], found: list[str]) -> str:
    for pattern, key in phrases:
        text, count = pattern.subn(" ", text)
        if count and key not in found:
            found.append(key)
    return text


def _segment(text: str) -> str:
    """Japanese is written without spaces: cut known katakana names out of longer runs."""
    if text.isascii():
        return text
    for alias in KANA_ALIASES:
        if alias in text:
            text = text.replace(alias, f" {ALIASES[alias]} ")
    return text


def understand(raw: str, vocab: Vocabulary | None = None) -> Understood:
    """Split a query into model words and the filters its other words mean (grade and colour words of
    `vocab`, a storefront's vocabulary; English without one)."""
    vocab = vocab or vocabulary()
    text = SPLIT_NAME.sub(lambda found: found.group(0).replace(" ", ""), fold(raw[:MAX_QUERY]))
    result = Understood()
    for number, unit in STORAGE.findall(text):
        size = int(number) * STORAGE_UNITS[unit]
        if size not in result.storage:
            result.storage.append(size)
    text = STORAGE.sub(" ", text)
    text = _take(text, vocab.grades, result.grade)
    text = _take(text, vocab.colors, result.color)
    text = _take(text, KEYBOARD_PHRASES, result.keyboard)
    result.rest = " ".join(text.split())
    words = []
    for token in re.findall(r"\w+", _segment(text)):
        for part in ALIASES.get(token, SPLIT.sub(" ", token)).split():
            if part not in words:
                words.append(part)
    result.words = words[:MAX_TOKENS]
    return result


def max_edits(word: str) -> int:
    """Typos allowed for a word: none for short words and numbers, one up to 7 letters, then two."""
    if word.isdigit() or len(word) < 4:
        return 0
    return 1 if len(word) <= 7 else 2


def transpositions(word: str) -> list[str]:
    """"iphnoe" → "iphone": swaps of neighbours (plain edit distance counts them twice)."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1) if word[i] != word[i + 1]]


def word_query(word: str) -> q.Query:
    options = [q.Term("name", word, boost=4.0), q.Term("words", word)]
    edits = max_edits(word)
    if edits:
        options.append(q.FuzzyTerm("name", word, maxdist=edits, prefixlength=1, boost=1.5))
        options += [q.Term("name", variant, boost=2.0) for variant in transpositions(word)]
        options.append(q.FuzzyTerm("words", word, maxdist=1, prefixlength=2, boost=0.5))
    if len(word) >= 3 and not word.isdigit():
        options.append(q.Prefix("name", word, boost=1.0))
    return q.Or(options)


def build(words: list[str], require_all: bool = True) -> q.Query:
    """All words must match something (or any, for the fallback); a phrase on the name ranks first."""
    parts = [word_query(w) for w in words]
    combined = q.And(parts) if require_all else q.Or(parts)
    if len(words) > 1:
        return q.Or([combined & q.Phrase("name", words, boost=6.0), combined]) if require_all else combined
    return combined
