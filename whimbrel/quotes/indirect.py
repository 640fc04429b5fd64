"""Indirect (reported) speech: what a cue verb says someone said, thought, wanted or promised.

The content is a complement of the cue:

* the clausal complement of a speech or cognition verb ("said (that) …", "found that …", "showed …");
  with "told CBC News the blaze was …" the parser takes "the blaze" for a second object of "told" and
  leaves the clause without its subject, so the content starts at that object;
* a that-clause the parser hung on a "citing …" participle ("reported, citing a source, that …");
* the to-infinitive of a verb of promising, asking or refusing ("vowed to fight", "urged X to stop");
* the object of a verb that reports a stance on something ("denied the charges", "called for an inquiry");
* the rest of the sentence for an attribution with no complement of its own, set off by commas: at the end
  (", a senior official said.", ", Russian news agency TASS reported.", where the parser often makes the
  verb a relative clause of the agency) or in the middle ("Climate change, Obama says, is …");
* the clause that "according to X" attaches to;
* the that-clause or to-infinitive of an attribution noun ("Trump's claim that …", :mod:`.nominal`).

Object and infinitive content runs over the rest of the cue's verb phrase (:mod:`.phrases`).
"""

from __future__ import annotations

from collections.abc import Callable

from whimbrel.nlp import Parse, Token
from whimbrel.nlp.syntax import subject_of
from whimbrel.quotes.cues import (
    CLAUSE_CUES,
    INFINITIVE_CUES,
    OBJECT_CUES,
    PREP_CUES,
    QUOTE_CUES,
    cue_lemma,
    is_speech_verb,
)
from whimbrel.quotes.nominal import noun_content
from whimbrel.quotes.phrases import phrase_after
from whimbrel.quotes.speakers import speaker_ref
from whimbrel.records import ActorRef, Quote, Span

__all__ = ["find_indirect", "is_cue"]

_SENT_END = (".", "!", "?", ";")
_SKIP_DEPS_AFTER = frozenset(["punct", "cc", "advmod"])
_ANONYMITY = frozenset(["name", "identify", "quote", "disclose"])


def is_cue(parse: Parse, tok: Token) -> bool:
    """A speech verb (the cues of direct quotes)."""
    if tok.pos not in ("VERB", "AUX") and not tok.tag.startswith("VB"):
        return False
    particle = next((c.lower for c in parse.children(tok, "prt")), None)
    return is_speech_verb(tok.lemma, particle) or tok.lemma.lower() in QUOTE_CUES


def _is_verb(tok: Token) -> bool:
    return tok.pos in ("VERB", "AUX") or tok.tag.startswith("VB")


def _trim(parse: Parse, start: int, end: int) -> tuple[int, int]:
    text = parse.text
    while start < end and (text[start].isspace() or text[start] in ",:;"):
        start += 1
    if text[start:start + 5].lower() == "that ":
        start += 5
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:"):
        end -= 1
    return start, end


def _clause_start(parse: Parse, clause: Token) -> int:
    """Start of a complement clause, skipping a "citing …," participle in front of its "that"."""
    start = parse.tokens[clause.left].start
    mark = next((c for c in parse.children(clause, "mark") if c.lower == "that"), None)
    if mark is not None and any(c.i < mark.i and c.dep == "advcl" for c in parse.children(clause)):
        start = mark.start
    return start


def _coordinated_rest(parse: Parse, verb: Token, clause: Token) -> int:
    """'said they had misgivings, but could not bear to insult him': a verb the parser coordinated with the
    cue, sharing its subject, goes on with what was said. One with a subject of its own ('and Y said …') or
    that is itself a cue starts a statement of its own."""
    end = 0
    for child in sorted(parse.children(verb), key=lambda t: t.i):
        if child.i <= clause.i or child.dep in _SKIP_DEPS_AFTER:
            continue
        if child.dep != "conj" or not _is_verb(child) or is_cue(parse, child) \
                or any(True for _ in parse.children(child, "nsubj", "nsubjpass", "expl")):
            break
        end = parse.subtree_span(child)[1]
    return end


def _ccomp_content(parse: Parse, verb: Token) -> tuple[int, int] | None:
    clause = next(parse.children(verb, "ccomp"), None)
    if clause is None:
        # "reported, citing a source, that …": the clause hangs on the participle.
        for adv in parse.children(verb, "advcl"):
            if adv.lemma.lower() in ("cite", "quote") and adv.i > verb.i:
                inner = next((c for c in parse.children(adv, "ccomp")
                              if any(m.lower == "that" for m in parse.children(c, "mark"))), None)
                if inner is not None:
                    return _clause_start(parse, inner), parse.subtree_span(inner)[1]
        return None
    start, end = _clause_start(parse, clause), parse.subtree_span(clause)[1]
    if clause.i > verb.i:
        # "said she wanted to speak … and let them know …": what the parser coordinated with the clause
        # on the verb is still what was said.
        end = max(end, phrase_after(parse, verb, clause)[1], _coordinated_rest(parse, verb, clause))
    has_subject = any(True for _ in parse.children(clause, "nsubj", "nsubjpass", "expl", "csubj"))
    if not has_subject:
        # "told CBC News the blaze … was under control": the clause's subject became a second object.
        objs = [c for c in parse.children(verb, "dobj", "dative") if verb.i < c.i < clause.i]
        if len(objs) >= 2 or (len(objs) == 1 and verb.lemma.lower() != "tell"):
            start = parse.tokens[objs[-1].left].start
    return start, end


def _infinitive_content(parse: Parse, verb: Token) -> tuple[int, int] | None:
    for x in parse.children(verb, "xcomp"):
        # "asked not to be named": how a source stays anonymous, not what it said.
        if x.lemma.lower() in _ANONYMITY and any(True for _ in parse.children(x, "auxpass")):
            continue
        if x.i > verb.i and any(c.lower == "to" for c in parse.children(x, "aux")):
            # "urged voters to reject it": who is asked is part of the request.
            obj = next((c for c in parse.children(verb, "dobj") if verb.i < c.i < x.i), None)
            return phrase_after(parse, verb, obj) if obj is not None else parse.subtree_span(x)
    return None


def _object_content(parse: Parse, verb: Token) -> tuple[int, int] | None:
    if verb.tag == "VBG" and verb.dep in ("advcl", "xcomp", "conj") and cue_lemma(verb) in ("cite", "quote"):
        return None  # "…, citing medical sources": names where the words came from, not what was said
    obj = next((c for c in parse.children(verb, "dobj") if c.i > verb.i), None)
    if obj is None or obj.pos == "PRON" and obj.lower not in ("it", "this", "that", "them"):
        return None
    # "called the charges unsubstantiated", "cited endorsements from 88 generals": the rest of the verb
    # phrase belongs to the object.
    return phrase_after(parse, verb, obj)


def _prep_content(parse: Parse, verb: Token) -> tuple[int, int] | None:
    for prep in parse.children(verb, "prep"):
        if (verb.lemma.lower(), prep.lower) in PREP_CUES and prep.i > verb.i:
            obj = next(parse.children(prep, "pobj", "pcomp"), None)
            if obj is not None:
                return parse.subtree_span(obj)
    return None


def _bare_attribution(parse: Parse, verb: Token, subject: Token | None) -> tuple[int, int] | None:
    """', a senior official said.' or 'Climate change, Obama says, is …': a cue with no complement, set off
    by commas, attributes the rest of its sentence."""
    if subject is None or any(True for _ in parse.children(verb, "ccomp", "dobj", "xcomp")):
        return None
    sent = parse.sentence_of(verb)
    toks = parse.sentence_tokens(sent)
    # The attribution phrase: the speaker's noun phrase (or the noun a relative-clause cue hangs on).
    anchor = parse.tokens[verb.head] if verb.dep == "relcl" else subject
    first = min(anchor.left, subject.left, verb.i)
    if parse.tokens[first].text == ",":
        first += 1  # the parser may hang the comma on the speaker's phrase
    if first <= sent.first or parse.tokens[first - 1].text != ",":
        return None
    last = verb.right if verb.dep != "relcl" else max(verb.right, anchor.right)
    after = [t for t in toks if t.i > last]
    closing_comma = parse.tokens[last].text == "," or bool(after) and after[0].text == ","
    if not after or all(t.text in _SENT_END or t.text in "\"”’'" for t in after):
        start, end = toks[0].start, parse.tokens[first - 1].start  # content before the attribution
    elif closing_comma and verb.dep in ("parataxis", "advcl", "ccomp", "conj"):
        start, end = toks[0].start, toks[-1].end  # a parenthetical: the whole sentence
    else:
        return None
    return start, end


_Extractor = Callable[[Parse, Token], "tuple[int, int] | None"]


def _cue_content(parse: Parse, tok: Token) -> tuple[int, int] | None:
    lemma = cue_lemma(tok)
    speech = is_cue(parse, tok)
    extractors: list[_Extractor] = []
    if speech or lemma in CLAUSE_CUES:
        extractors.append(_ccomp_content)
    if tok.dep == "xcomp":
        # "urged voters to reject the changes": an act only asked for or planned is no attribution itself.
        return _first(parse, tok, extractors)
    if lemma in INFINITIVE_CUES:
        extractors.append(_infinitive_content)
    if lemma in OBJECT_CUES:
        extractors.append(_object_content)
    if any(lemma == v for v, _ in PREP_CUES):
        extractors.append(_prep_content)
    return _first(parse, tok, extractors)


def _first(parse: Parse, tok: Token, extractors: list[_Extractor]) -> tuple[int, int] | None:
    for extract in extractors:
        span = extract(parse, tok)
        if span is not None:
            return span
    return None


def find_indirect(parse: Parse, actors: list[ActorRef], direct: list[Quote]) -> list[Quote]:
    quotes: list[Quote] = []

    def inside_direct(start: int, end: int) -> bool:
        return any(min(end, d.end) - max(start, d.start) > 0.5 * (end - start) for d in direct)

    for tok in parse.tokens:
        speaker_tok: Token | None = None
        if tok.lower == "according" and tok.dep == "prep":
            to = next(parse.children(tok, "prep"), None)
            speaker_tok = next(parse.children(to, "pobj"), None) if to else None
            clause = parse.tokens[tok.head]
            if speaker_tok is None:
                continue
            c_start, c_end = parse.subtree_span(clause)
            pp_start, pp_end = parse.subtree_span(tok)
            if pp_start <= c_start + 1:
                start, end = _trim(parse, pp_end, c_end)
            else:
                start, end = _trim(parse, c_start, pp_start)
            cue_end = to.end if to else tok.end
            cue = Span(tok.start, cue_end, parse.text[tok.start:cue_end])
        elif _is_verb(tok):
            span = _cue_content(parse, tok)
            speaker_tok = subject_of(parse, tok)
            if span is None and is_cue(parse, tok):
                span = _bare_attribution(parse, tok, speaker_tok)
            if span is None:
                continue
            start, end = _trim(parse, *span)
            cue = Span(tok.start, tok.end, tok.text)
        elif (nominal := noun_content(parse, tok)) is not None:
            (start, end), speaker_tok = _trim(parse, *nominal[0]), nominal[1]
            cue = Span(tok.start, tok.end, tok.text)
        else:
            continue
        if end - start < 3 or inside_direct(start, end):
            continue
        speaker = speaker_ref(parse, speaker_tok, actors, tok if _is_verb(tok) else None) if speaker_tok is not None else None
        quotes.append(Quote(kind="indirect", start=start, end=end, text=parse.text[start:end],
                            speaker=speaker, cue=cue))
    return quotes
