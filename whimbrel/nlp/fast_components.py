"""Output-identical, faster stand-ins for two rule-based components of en_core_web_sm.

A profile of the pipeline on real articles shows spaCy's ``attribute_ruler`` (its generic Matcher run
over 179 one- and two-token patterns) and the rule ``lemmatizer`` (which does not cache base forms and
rebuilds a morphology dict for every token) costing about a quarter of the whole spaCy parse. Both are
deterministic functions of token attributes, so they can be computed faster without changing a single
annotation:

* :class:`IndexedAttributeRuler` finds the same matches as the Matcher by indexing every pattern on the
  exact values its first token requires (LOWER, TAG, DEP or IS_SPACE), and applies them in the same order
  (spaCy sorts matches by pattern index so that later rules win).
* :class:`CachedLemmatizer` memoises the rule lemmatizer's answer per (word, POS, morphology), the key
  spaCy itself caches on, including the base-form answers spaCy recomputes each time, and looks known
  lemmas up in sets rather than in lists.

``tests/nlp/test_fast_components.py`` checks, on varied text, that every token's POS, morphology, lemma,
tag and dependency equal those of the stock components. :func:`speed_up` swaps the classes in place on a
loaded pipeline, keeping the patterns and lookup tables the package shipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["CachedLemmatizer", "IndexedAttributeRuler", "speed_up"]

_Features = tuple[str, str, str, bool]  # LOWER, TAG, DEP, IS_SPACE
_FEATURE = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}


_EQ, _IN, _NOT_IN, _REGEX = range(4)
_MEMO_LIMIT = 500_000
_Check = tuple[int, int, Any]  # (feature slot, operator, argument)


def _compile_spec(spec: dict[str, Any]) -> tuple[_Check, ...]:
    checks: list[_Check] = []
    for key, want in spec.items():
        if key not in _FEATURE:
            raise ValueError(f"attribute_ruler key {key!r} is not supported by the indexed matcher")
        slot = _FEATURE[key]
        if not isinstance(want, dict):
            checks.append((slot, _EQ, want))
            continue
        for op, arg in want.items():
            if op == "IN":
                checks.append((slot, _IN, frozenset(arg)))
            elif op == "NOT_IN":
                checks.append((slot, _NOT_IN, frozenset(arg)))
            elif op == "REGEX":
                checks.append((slot, _REGEX, re.compile(arg).search))
            else:
                raise ValueError(f"attribute_ruler operator {op!r} is not supported by the indexed matcher")
    return tuple(checks)


def _token_ok(checks: tuple[_Check, ...], f: _Features) -> bool:
    for slot, op, arg in checks:
        v = f[slot]
        if op == _EQ:
            if v != arg:
                return False
        elif op == _IN:
            if v not in arg:
                return False
        elif op == _NOT_IN:
            if v in arg:
                return False
        elif not arg(v):
            return False
    return True


def _named(row: list[int], strings: Any) -> _Features:
    """(LOWER, TAG, DEP, IS_SPACE) as strings, from one row of hashes."""
    lower, tag, dep, space = row
    return (strings[lower] if lower else "", strings[tag] if tag else "", strings[dep] if dep else "", bool(space))


class _Pattern:
    """One token pattern (a list of token specs) of one attribute-ruler rule."""

    __slots__ = ("rule", "tokens")

    def __init__(self, rule: int, specs: list[dict[str, Any]]) -> None:
        self.rule = rule
        self.tokens = tuple(_compile_spec(spec) for spec in specs)

    def matches_at(self, feats: Callable[[int], _Features], n: int, i: int) -> bool:
        if i + len(self.tokens) > n:
            return False
        return all(_token_ok(checks, feats(i + k)) for k, checks in enumerate(self.tokens))


def _index_keys(spec: dict[str, Any]) -> tuple[int, list[Any]] | None:
    """The feature slot and the exact values a token must have to match ``spec``, when there are such."""
    for key in ("LOWER", "TAG", "DEP", "IS_SPACE"):
        want = spec.get(key)
        if want is None:
            continue
        if not isinstance(want, dict):
            return _FEATURE[key], [want]
        if set(want) == {"IN"}:
            return _FEATURE[key], list(want["IN"])
    return None


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with a pattern index in place of the generic Matcher (same output).

    A one-token pattern matches or not by the token's own (LOWER, TAG, DEP, IS_SPACE) alone, so the rules
    it fires are worked out once per distinct combination and remembered (news repeats its words: most
    tokens are a dictionary lookup). The few longer patterns are indexed on what their first token needs."""

    def _compile(self) -> None:
        self._index: list[dict[Any, list[_Pattern]]] = [{} for _ in _FEATURE]
        self._unindexed: list[_Pattern] = []
        self._longer: list[_Pattern] = []
        # ``self.patterns`` lists the rules by attribute index (the matcher key spaCy sorts on).
        rules: list[dict[str, Any]] = self.patterns
        for index, rule in enumerate(rules):
            for specs in rule["patterns"]:
                pattern = _Pattern(index, specs)
                if len(specs) > 1:
                    self._longer.append(pattern)
                    continue
                keys = _index_keys(specs[0])
                if keys is None:
                    self._unindexed.append(pattern)
                    continue
                slot, values = keys
                for value in values:
                    self._index[slot].setdefault(value, []).append(pattern)
        # (LOWER, TAG, DEP, IS_SPACE) hashes → what :meth:`_starts` says of them
        self._starts_of: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[_Pattern, ...]]] = {}
        self._compiled_for = len(self.attrs)

    def _starts(self, f: _Features) -> tuple[tuple[int, ...], tuple[_Pattern, ...]]:
        """The rules whose one-token patterns match a token with features ``f``, and the longer patterns
        whose first token does."""
        index = self._index
        candidates = [*index[0].get(f[0], ()), *index[1].get(f[1], ()), *index[2].get(f[2], ()),
                      *index[3].get(f[3], ()), *self._unindexed]
        return (tuple(sorted({p.rule for p in candidates if _token_ok(p.tokens[0], f)})),
                tuple(p for p in self._longer if _token_ok(p.tokens[0], f)))

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if getattr(self, "_compiled_for", None) != len(self.attrs):
            self._compile()
        strings = doc.vocab.strings
        rows = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist() if len(doc) else []
        starts_of = self._starts_of
        if len(starts_of) > _MEMO_LIMIT:  # bounded, for long runs over very varied text
            starts_of.clear()
        found: set[tuple[int, int, int]] = set()
        for i, row in enumerate(rows):
            key = tuple(row)
            starts = starts_of.get(key)
            if starts is None:
                starts = starts_of[key] = self._starts(_named(row, strings))
            rules, longer = starts
            for rule in rules:
                found.add((rule, i, i + 1))
            for pattern in longer:
                if pattern.matches_at(lambda k: _named(rows[k], strings), len(rows), i):
                    found.add((pattern.rule, i, i + len(pattern.tokens)))
        # Same order as AttributeRuler.match: by rule (later rules win), then position.
        return [(rule, 0, start, end) for rule, start, end in sorted(found)]

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        for rule, _, start, end in matches:
            index = self.indices[rule]
            position = (start if index >= 0 else end) + index
            if not start <= position < end:
                raise ValueError(f"attribute_ruler rule {rule}: index {index} outside its match")
            set_token_attrs(doc[position], self.attrs[rule])



class CachedLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer with every answer cached on (word, POS, morphology)."""

    def _index_as_sets(self) -> None:
        # spaCy keeps each POS's known lemmas as a list (57,000 nouns) and tests ``form in index``
        # against it: a linear scan per candidate form. Membership is all it is used for.
        index = self.lookups.get_table("lemma_index", {})
        for key in list(index.keys()):
            if isinstance(index[key], list):
                index[key] = frozenset(index[key])

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables()
        if not self.__dict__.get("_indexed"):
            self._index_as_sets()
            self._indexed = True
        # (orth, POS, morphology) → the lemma's string-store key; read and written as arrays, so a Token
        # object is made only for a form not seen before
        memo: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_memo", {})
        if len(memo) > _MEMO_LIMIT:  # bounded, for long runs over very varied text
            memo.clear()
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas: Any = rows[:, 3:4].copy()  # one column of uint64 keys (spaCy's stub says float64)
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if not self.overwrite and lemma != 0:
                continue
            key = (orth, pos, morph)  # spaCy's own cache key: (token.orth, token.pos, token.morph.key)
            found = memo.get(key)
            if found is None:
                found = strings.add(self.lemmatize(doc[i])[0])
                if pos:  # an untagged token warns in spaCy; keep that path uncached
                    memo[key] = found
            lemmas[i, 0] = found
        doc.from_array([LEMMA], lemmas)
        return doc


def speed_up(nlp: Any) -> Any:
    """Swap the stock rule components of a loaded pipeline for the faster equivalents, in place."""
    for _, proc in nlp.pipeline:
        if type(proc) is AttributeRuler:
            proc.__class__ = IndexedAttributeRuler
        elif type(proc) is EnglishLemmatizer and proc.mode == "rule":
            proc.__class__ = CachedLemmatizer
    return nlp
