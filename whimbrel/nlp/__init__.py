"""The only package that touches spaCy. Everything downstream reads :class:`Parse`."""

from whimbrel.nlp.model import load_model, parse_texts
from whimbrel.nlp.parse import Entity, Parse, Sentence, Token

__all__ = ["Entity", "Parse", "Sentence", "Token", "load_model", "parse_texts"]
