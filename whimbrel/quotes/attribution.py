"""Who said it: cues and speakers for direct quotes, and indirect (reported) speech.

Direct quotes look for a speech verb right after the closing mark (‘"…," he said’, ‘"…" said X’), then
right before the opening mark (‘X said: "…"’), then for an enclosing reported-speech verb (a partial
quote: ‘said Turkey was in touch with "all actors in Syria"’), and finally inherit the speaker of the
quote just before (a quote that continues over paragraphs with no cue of its own).

Indirect quotes are the clausal complements of speech verbs (‘X said (that) …’, ‘X warned …’) and the
clauses that ‘according to X’ attaches to. The speaker is the verb's subject, resolved through the
actor stage (so ‘he’ is whoever coreference says).
"""

from __future__ import annotations

from dataclasses import dataclass

from whimbrel.nlp import Parse, Token
from whimbrel.nlp.syntax import subject_of
from whimbrel.quotes.direct import QuoteSpan, find_direct_quotes
from whimbrel.quotes.indirect import find_indirect, is_cue
from whimbrel.quotes.labels import signature_after, transcript_label
from whimbrel.quotes.speakers import speaker_ref
from whimbrel.records import ActorRef, Quote, Span

__all__ = ["find_quotes", "speaker_ref"]

_LOOK_AFTER_CHARS = 60
_LOOK_BEFORE_TOKENS = 14
_SUBJECT = ("nsubj", "nsubjpass")
_SCARE_MAX_WORDS = 6  # longer spans with no cue are continuations of a quotation, not scare quotes
# Relations that make a quoted word a label: object of a preposition, predicate of "call", modifier.
_NAMING_DEPS = frozenset(["pobj", "oprd", "compound", "amod", "appos", "nmod", "poss", "attr", "npadvmod",
                          "nsubj", "nsubjpass"])
_MAX_INTERRUPTION = 250  # characters of attribution between two pieces of one quotation


def _subject(parse: Parse, verb: Token) -> Token | None:
    return subject_of(parse, verb)


def _inverted_subject(parse: Parse, verb: Token) -> Token | None:
    """'"… Full panic mode," said Leslie Wimes, a …': the parser took a noun inside the quote for the subject;
    the speaker is the noun phrase right after the verb."""
    for tok in parse.tokens[verb.i + 1:verb.i + 8]:
        if tok.sent != verb.sent or tok.pos == "PUNCT":
            return None
        if tok.pos in ("PROPN", "NOUN", "PRON"):
            head = parse.tokens[tok.head]
            while head.i != tok.i and head.i > verb.i and head.pos in ("PROPN", "NOUN") and tok.dep in ("compound", "amod", "flat"):
                tok, head = head, parse.tokens[head.head]
            return tok
    return None


def _cue_span(parse: Parse, verb: Token, subject: Token | None) -> Span:
    if subject is None:
        return Span(verb.start, verb.end, verb.text)
    lo = min(verb.start, parse.tokens[subject.left].start if subject.i < verb.i else subject.start)
    hi = max(verb.end, subject.end)
    return Span(lo, hi, parse.text[lo:hi])


def _cue_after(parse: Parse, q: QuoteSpan) -> Token | None:
    if q.close_mark is None:
        return None
    # News closes a quote that its cue follows with a comma, "?" or "!": one closed with a full stop ends
    # its sentence, and a verb after it belongs to the next statement.
    if parse.text[q.start:q.end].rstrip().endswith("."):
        return None
    for tok in parse.tokens_between(q.close_mark + 1, q.close_mark + 1 + _LOOK_AFTER_CHARS):
        if tok.text in ("\"", "“", "”", "«", "''") or (tok.text in (".", "!", "?") and tok.start > q.close_mark + 1):
            break
        if "\n" in parse.text[q.close_mark:tok.start]:
            break  # the next paragraph
        if is_cue(parse, tok):
            return tok
    return None


def _cue_before(parse: Parse, q: QuoteSpan) -> Token | None:
    first = parse.token_at(q.open_mark)
    if first is None:
        return None
    lo = max(0, first.i - _LOOK_BEFORE_TOKENS)
    for tok in reversed(parse.tokens[lo:first.i]):
        if tok.text in (".", "!", "?", "\"", "”") or tok.sent != first.sent and tok.text == "\n":
            break
        if is_cue(parse, tok):
            return tok
    return None


def _enclosing_cue(parse: Parse, q: QuoteSpan) -> Token | None:
    """A speech verb outside the quote whose complement contains it (partial quotes)."""
    tok = parse.token_at(q.start)
    if tok is None:
        return None
    for anc in parse.ancestors(tok):
        gap = parse.text[anc.start:q.open_mark] if anc.start < q.open_mark else parse.text[q.end:anc.start]
        if "\n" in gap:
            continue  # a verb in another paragraph, where the parser ran a sentence over the break
        if anc.start < q.open_mark or anc.start >= q.end:
            if is_cue(parse, anc):
                return anc
    return None


def _names_something(parse: Parse, q: QuoteSpan) -> bool:
    """'described the checkpoint as a "toll gate"', 'called them "terrorists"', 'the "unacceptable" delays':
    the quoted words are a name or label inside a noun phrase or a predicate, not an utterance (which is a
    clause, or the whole object of a speech verb: 'she said "no"')."""
    inside = parse.tokens_between(q.start, q.end)
    tops = [t for t in inside if (not q.start <= parse.tokens[t.head].start < q.end or t.head == t.i)
            and t.pos not in ("PUNCT", "CCONJ")]
    if not tops or any(t.pos in ("VERB", "AUX") for t in tops):
        return False
    top = max(tops, key=lambda t: t.right - t.left)
    node = top
    for _ in range(8):
        if node.dep in _NAMING_DEPS:
            return True
        if node.head == node.i or node.dep not in ("prep", "conj", "cc"):
            return False
        node = parse.tokens[node.head]
    return False


def _opens_sentence(parse: Parse, q: QuoteSpan) -> bool:
    line_start = parse.text.rfind("\n", 0, q.open_mark) + 1
    if not parse.text[line_start:q.open_mark].strip():
        return True  # a quote that opens its paragraph, whatever sentence the parser ran over from before
    tok = parse.token_at(q.open_mark)
    if tok is None:
        return True
    sent = parse.sentence_of(tok)
    return not parse.text[sent.start:q.open_mark].strip()


@dataclass(slots=True)
class _Found:
    span: QuoteSpan
    verb: Token | None
    speaker: ActorRef | None
    cue: Span | None
    opens_sentence: bool


def _is_scare_quote(parse: Parse, q: QuoteSpan, opens_sentence: bool) -> bool:
    """Scare quotes, titles and names ('called them "terrorists"', 'the film "Last Men in Aleppo"'): a short
    span inside a sentence that no speech verb introduces. Only called when no cue was found."""
    words = parse.text[q.start:q.end].split()
    return len(words) <= _SCARE_MAX_WORDS and not opens_sentence


def _transcript_turn(parse: Parse, q: QuoteSpan, actors: list[ActorRef], opens_sentence: bool) -> _Found | None:
    """'"PENCE: Well, look, …"': the label is the speaker, whatever verb the turn's sentences have."""
    label = transcript_label(parse, q)
    if label is None:
        return None
    name, words_start = label
    q.start = words_start
    cue = Span(name.start, words_start, parse.text[name.start:words_start])
    return _Found(q, None, speaker_ref(parse, name, actors), cue, opens_sentence)


def _find_direct(parse: Parse, actors: list[ActorRef]) -> list[_Found]:
    found: list[_Found] = []
    last_speaker: ActorRef | None = None
    last_end = -1
    for q in find_direct_quotes(parse.text):
        # A quote that opens its sentence takes the cue after it ('"…," he said'); one inside a sentence is
        # usually part of that sentence's reported speech ('said Turkey was in touch with "all actors"').
        opens_sentence = _opens_sentence(parse, q)
        if not opens_sentence and len(parse.text[q.start:q.end].split()) <= _SCARE_MAX_WORDS \
                and _names_something(parse, q):
            continue
        labelled = _transcript_turn(parse, q, actors, opens_sentence)
        if labelled is not None:
            found.append(labelled)
            last_speaker, last_end = labelled.speaker, q.end
            continue
        if opens_sentence:
            verb = _cue_after(parse, q) or _cue_before(parse, q) or _enclosing_cue(parse, q)
        else:
            verb = _enclosing_cue(parse, q) or _cue_before(parse, q) or _cue_after(parse, q)
        speaker: ActorRef | None = None
        cue: Span | None = None
        if verb is not None:
            subject = _subject(parse, verb)
            if subject is not None and q.start <= subject.start < q.end:
                subject = _inverted_subject(parse, verb)
            speaker = speaker_ref(parse, subject, actors, verb) if subject is not None else None
            cue = _cue_span(parse, verb, subject)
        elif (signer := signature_after(parse, q)) is not None:
            speaker = speaker_ref(parse, signer, actors)
            cue = Span(q.close_mark or q.end, signer.end, parse.text[q.close_mark or q.end:signer.end])
        elif _is_scare_quote(parse, q, opens_sentence):
            continue
        elif last_speaker is not None and q.open_mark - last_end < 400:
            speaker = last_speaker  # a quote that carries on with no cue of its own
        found.append(_Found(q, verb, speaker, cue, opens_sentence))
        if speaker is not None:
            last_speaker, last_end = speaker, q.end
    return found


def _continues(parse: Parse, a: _Found, b: _Found) -> bool:
    """``b`` goes on with the quotation ``a`` began, interrupted only by its attribution:
    '"A," X said, "B."' (one cue for both) or '"A," X said. "B."' (B has no cue of its own)."""
    if a.verb is None or a.span.close_mark is None:
        return False
    gap = parse.text[a.span.close_mark + 1:b.span.open_mark]
    if "\n" in gap or len(gap) > _MAX_INTERRUPTION or not a.span.close_mark < a.verb.start < b.span.open_mark:
        return False
    return b.verb is None or b.verb.i == a.verb.i


def _direct(parse: Parse, actors: list[ActorRef]) -> list[Quote]:
    # One quotation interrupted by its attribution is one quote, as PolNeAR annotates it: the span runs from
    # the first piece to the last (and so its text includes the attribution in between).
    groups: list[list[_Found]] = []
    for f in _find_direct(parse, actors):
        if groups and _continues(parse, groups[-1][-1], f) and groups[-1][-1].verb is not None:
            groups[-1].append(f)
        else:
            groups.append([f])
    quotes = []
    for g in groups:
        head = g[0]
        start, end = head.span.start, g[-1].span.end
        quotes.append(Quote(kind="direct", start=start, end=end, text=parse.text[start:end],
                            speaker=head.speaker, cue=head.cue))
    return quotes


def _inside_reported_speech(q: Quote, indirect: list[Quote], parse: Parse) -> bool:
    """A partial quote ('said Turkey was in touch with "all actors"') is part of the reported clause."""
    before = parse.text[:q.start].rstrip().rstrip("\"“«'‘").rstrip()  # the text before the opening mark
    if not before or before[-1] in ".!?\n":
        return False
    return any(i.start <= q.start and q.end <= i.end + 2 for i in indirect)


def _nested_report(q: Quote, others: list[Quote]) -> bool:
    """'He said they hoped the move would spur investment': an indirect quote whose cue ('hoped') and content
    lie inside another quote's content is reported speech within that quote, part of what its speaker said,
    not a statement of its own (PolNeAR annotates the outer attribution only)."""
    if q.kind != "indirect" or q.cue is None:
        return False
    return any(o is not q and o.start <= q.start and q.end <= o.end and o.end - o.start > q.end - q.start
               and o.start <= q.cue.start and q.cue.end <= o.end for o in others)


def find_quotes(parse: Parse, actors: list[ActorRef]) -> list[Quote]:
    direct = _direct(parse, actors)
    indirect = find_indirect(parse, actors, direct)
    direct = [q for q in direct if not _inside_reported_speech(q, indirect, parse)]
    indirect = [q for q in indirect if not _nested_report(q, direct + indirect)]
    quotes = direct + indirect
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes
