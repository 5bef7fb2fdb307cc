"""The spaCy French pipeline, loaded once per process.

Only the named-entity recogniser and the vectors it listens to are loaded: sentences,
numbers and dates are found by the rules of this package, and leaving out the parser,
tagger and lemmatizer halves the load, which dominates a draft's time.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MODEL = "fr_core_news_sm"
UNUSED = ["parser", "morphologizer", "attribute_ruler", "lemmatizer", "senter"]


class PipelineMissing(RuntimeError):  # noqa: N818 - an install problem, said to the user
    """spaCy or its French model is not installed."""


@dataclass(frozen=True)
class Entity:
    label: str  # PER, LOC, ORG or MISC
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def load_pipeline() -> Any:
    try:
        import spacy

        return spacy.load(MODEL, exclude=UNUSED)
    except (ImportError, OSError) as error:
        raise PipelineMissing(
            f"the French pipeline is not installed ({error.__class__.__name__}: {error}); "
            "install the 'draft' extra: uv sync (development) or pip install 'briefings[draft]'"
        ) from None


def entities(text: str) -> list[Entity]:
    doc = load_pipeline()(text)
    return [
        Entity(str(ent.label_), int(ent.start_char), int(ent.end_char), str(ent.text))
        for ent in doc.ents
    ]
