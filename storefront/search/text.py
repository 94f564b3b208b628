"""Text normalisation shared by the indexer and the query side."""
from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"\w+")
ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th|e|er|re|de)")
LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


def fold(text: str) -> str:
    """NFKC (full-width → ASCII), lower case, accents removed; Japanese kana and kanji kept."""
    text = unicodedata.normalize("NFKC", text).lower()
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not (unicodedata.combining(ch) and ord(ch) < 0x3000))
    return unicodedata.normalize("NFC", kept)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(fold(text))


def name_variants(name: str) -> list[str]:
    """Extra tokens for a model name: ordinals ("2nd" → "2") and letter/digit splits ("1000xm4" → "xm4")."""
    extra = []
    for token in tokens(name):
        ordinal = ORDINAL.fullmatch(token)
        if ordinal:  # "2nd" (generation) → "2"
            extra.append(ordinal.group(1))
        glued = re.fullmatch(r"([a-z]{3,})(\d+)", token)
        if glued:  # "buds2" → "buds", "2"
            extra += [glued.group(1), glued.group(2)]
        parts = LETTER_DIGIT.split(token)
        if len(parts) > 2:  # "1000xm4" → ["1000", "xm", "4"]: keep the tail "xm4" and the head
            extra += [parts[0], "".join(parts[1:])]
    return extra
