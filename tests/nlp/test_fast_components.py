"""The faster attribute ruler and lemmatizer give exactly the stock components' annotations."""


import pytest
import spacy

from whimbrel.config import settings
from whimbrel.nlp.fast_components import CachedLemmatizer, IndexedAttributeRuler, speed_up

from .texts import varied_texts

# Written to reach the ruler's rarer patterns: contractions, expletives, auxiliaries, pronoun cases,
# determiners used as pronouns, whitespace tokens.
TRICKY = [
    "Y'all gonna come? I ain't going, let's go. C'mon, we gotta leave now.",
    "There is a man at the gate. Here are   the dogs.\t\n\nThat was what he did, and did it well.",
    "It gets worse: she got it, gave it to me and I gave it to you. Do you? Did he have it?",
    "Those who fled said this was not over; whichever side wins, that will not end it.",
    "  Leading spaces.\n\n\n  Police arrested 12 people on Monday, but later freed them.  ",
]


def _texts() -> list[str]:
    return varied_texts(TRICKY, news_articles=40)


@pytest.fixture(scope="module")
def pipelines():
    name = settings().spacy_model
    return spacy.load(name), speed_up(spacy.load(name))


def test_components_are_swapped(pipelines):
    _, fast = pipelines
    assert isinstance(fast.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), CachedLemmatizer)


def test_annotations_identical_to_stock(pipelines):
    stock, fast = pipelines
    texts = _texts()
    compared = 0
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        for x, y in zip(a, b, strict=True):
            assert (x.pos_, str(x.morph), x.lemma_, x.tag_, x.dep_) == (y.pos_, str(y.morph), y.lemma_, y.tag_, y.dep_), \
                f"{x.text!r} in {a.text[:60]!r}"
            compared += 1
    assert compared > 500
