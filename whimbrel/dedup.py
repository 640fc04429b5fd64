"""Near-duplicate articles: MinHash signatures over word shingles, an LSH index over everything seen.

The same wire story reaches a store many times: re-flowed, re-headlined, cut short, wrapped in another
site's chrome. Each article's text is normalised (case, punctuation and whitespace drop out, so a reflow
changes nothing), cut into overlapping word 5-grams, and summarised by a 128-value MinHash (datasketch).
An LSH index finds the earlier articles whose estimated Jaccard similarity may reach the threshold; the
signatures then confirm it. ``article.duplicate_of`` points at the first copy seen: the earliest processed
article of the story, never at another duplicate, so a story's copies form a flat group.

The index covers the run and, through the store's ``article_signatures`` table, every article stored by
earlier runs, so a re-run or a later batch finds earlier copies. Each article keeps the sequence number
it got when first seen: re-processing an original does not make it a duplicate of its own later copies.

Dedup runs in the parent process over results in input order (see ``runner.process``), so the answer is
the same whatever ``--workers`` is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from whimbrel.config import settings
from whimbrel.imports import import_sparing

# datasketch imports SciPy's integration routines (half a second) only to work out LSH band sizes, which
# are given here (BANDS): they are imported if ever needed, for another threshold.
import_sparing("datasketch", {"scipy.integrate": ("quad",)})
from datasketch import LeanMinHash, MinHash, MinHashLSH  # noqa: E402

if TYPE_CHECKING:
    from whimbrel.store import Store

__all__ = ["BANDS", "PARAMS", "THRESHOLD", "Deduplicator", "Signature", "article_signature", "shingles", "signature",
           "similarity"]

SHINGLE_WORDS = 5  # long enough that unrelated reports on one topic share few shingles, short enough that a
#                    cut or an inserted line disturbs only a handful
NUM_PERM = 128  # ±0.044 standard error on a Jaccard estimate near 0.5; 512 bytes per stored article
SEED = 1
SCHEME = "affine32"  # datasketch 2's default permutation scheme: uint32 values
# Stored signatures are only comparable with these exact settings (norm: the version of ``shingles``, to be
# bumped when it changes); a store holding others is re-signed from its article texts (Deduplicator.from_store).
PARAMS = f"norm=1 words={SHINGLE_WORDS} perm={NUM_PERM} seed={SEED} scheme={SCHEME}"

# Estimated Jaccard similarity of the shingle sets at or above which an article is a copy of an earlier one.
# Chosen on the perturbation set of whimbrel.eval.duplicates (the first 300 India Police Events articles less
# 7 of the corpus's own duplicates, 1,465 perturbed copies, 282 hard negatives; seed 20020301): a copy
# re-flowed, re-headlined, cut by 10-20 % or wrapped in site chrome scores 0.55-1.0 against its original,
# one with all of these at once 0.41 and up (short articles cut by a fifth with chrome on both ends), and
# two such copies of one story can score lower still against each other; different articles of the same day
# and topic, even in the same site chrome, score 0.25 at most. At 0.45 seven copies were split from their
# story (a heavily edited copy seen first); at 0.35 none, and no false match, with 0.10 to spare (over two
# standard errors of a 128-value estimate) above the hardest negative.
THRESHOLD = 0.35
# LSH bands x rows per band for THRESHOLD and NUM_PERM: datasketch's own optimum (equal weights on false
# positives and negatives), pinned so that building an index integrates nothing (tests/test_dedup.py checks
# that they still agree).
BANDS = (32, 4)

_WORD = re.compile(r"\w+")
# Curly quotes and dashes decoded with the wrong code page ("â€™" for ’) are punctuation too, but "â" is a
# letter to \w: left in, one copy's mojibake against another's straight quotes breaks every nearby shingle.
_MOJIBAKE = re.compile("â€.?", re.DOTALL)


def shingles(text: str) -> set[bytes]:
    """The text's word 5-grams, case-folded, with punctuation (mis-decoded punctuation included) and
    whitespace dropped (a text shorter than five words is one shingle)."""
    words = _WORD.findall(_MOJIBAKE.sub(" ", text).casefold())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)  # permutations drawn once, not per article


def signature(text: str) -> np.ndarray:
    """The MinHash hash values of ``text`` (``NUM_PERM`` uint32)."""
    m = _TEMPLATE.copy()
    m.update_batch(shingles(text))
    return np.asarray(m.hashvalues)


def article_signature(text: str) -> np.ndarray:
    """The signature of an article's text: of the part that is analysed (``WHIMBREL_MAX_ARTICLE_CHARS``),
    enough to tell copies apart, so that a 50 MB text does not stall the process that signs it."""
    return signature(text[:settings().max_article_chars])


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal minimum hashes."""
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass(frozen=True, slots=True)
class Signature:
    """What the store keeps per article: when it was first seen, its hash values, whose copy it is."""

    article_id: str
    seq: int
    hashvalues: np.ndarray
    duplicate_of: str | None = None

    def row(self) -> tuple[str, int, bytes]:
        return self.article_id, self.seq, self.hashvalues.astype("<u4").tobytes()


def _from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def _lean(hashvalues: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=hashvalues, scheme=SCHEME)


class Deduplicator:
    """Decides, article by article in processing order, whether each is a copy of one seen before."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM,
                              params=BANDS if threshold == THRESHOLD else None)
        self.seen: dict[str, Signature] = {}
        self._next_seq = 0

    @classmethod
    def from_store(cls, store: Store, threshold: float = THRESHOLD) -> Deduplicator:
        """An index over every article in ``store``. Articles stored without a signature (by a version of
        Whimbrel before dedup, or with other MinHash settings) are signed now from their stored text, in
        the order they were processed, and the signatures saved, so this happens once."""
        dedup = cls(threshold)
        if store.minhash_params() != PARAMS:
            store.clear_signatures(PARAMS)
        for article_id, seq, blob, duplicate_of in store.signatures():
            dedup._add(Signature(article_id, seq, _from_bytes(blob), duplicate_of))
        backfill = []
        for article_id, text, duplicate_of in store.unsigned_articles():
            sig = Signature(article_id, dedup._next_seq, article_signature(text), duplicate_of)
            dedup._add(sig)
            backfill.append(sig)
        store.write_signatures([s.row() for s in backfill])
        return dedup

    def observe(self, article_id: str, text: str, signed: bytes | None = None) -> Signature:
        """Sign one article (``signed``: its :func:`article_signature` made elsewhere, little-endian
        uint32), find the first copy seen of it (if any), and add it to the index."""
        previous = self.seen.get(article_id)
        seq = previous.seq if previous else self._next_seq
        hashvalues = article_signature(text) if signed is None else _from_bytes(signed)
        sig = Signature(article_id, seq, hashvalues)
        sig = Signature(article_id, seq, hashvalues, self._first_copy(sig))
        self._add(sig)
        return sig

    def observe_all(self, docs: Iterable[tuple[str, str]]) -> dict[str, str | None]:
        """article id → duplicate_of, for (id, text) pairs in processing order."""
        return {doc_id: self.observe(doc_id, text).duplicate_of for doc_id, text in docs}

    def _first_copy(self, sig: Signature) -> str | None:
        best: Signature | None = None
        for key in self.lsh.query(_lean(sig.hashvalues)):
            other = self.seen[key]
            # Only articles seen before this one qualify: a re-processed original never becomes a copy of
            # its own later copies. LSH candidates are only probable; the signatures confirm them.
            if other.seq >= sig.seq or similarity(sig.hashvalues, other.hashvalues) < self.threshold:
                continue
            if best is None or other.seq < best.seq:
                best = other
        if best is None:
            return None
        root = best.duplicate_of or best.article_id  # point at the story's first copy, never at a copy
        return None if root == sig.article_id else root

    def _add(self, sig: Signature) -> None:
        if sig.article_id in self.seen:
            self.lsh.remove(sig.article_id)  # the text may have changed since
        self.lsh.insert(sig.article_id, _lean(sig.hashvalues), check_duplication=False)
        self.seen[sig.article_id] = sig
        self._next_seq = max(self._next_seq, sig.seq + 1)
