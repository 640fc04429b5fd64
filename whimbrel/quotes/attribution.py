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

from whimbrel.nlp import Parse, Token
from whimbrel.nlp.syntax import subject_of
from whimbrel.quotes.cues import is_speech_verb
from whimbrel.quotes.direct import QuoteSpan, find_direct_quotes
from whimbrel.records import ActorRef, Quote, Span

__all__ = ["find_quotes", "speaker_ref"]

_LOOK_AFTER_CHARS = 60
_LOOK_BEFORE_TOKENS = 14
_SUBJECT = ("nsubj", "nsubjpass")


def _is_cue(parse: Parse, tok: Token) -> bool:
    if tok.pos not in ("VERB", "AUX") and not tok.tag.startswith("VB"):
        return False
    particle = next((c.lower for c in parse.children(tok, "prt")), None)
    return is_speech_verb(tok.lemma, particle)


def _subject(parse: Parse, verb: Token) -> Token | None:
    return subject_of(parse, verb)


def speaker_ref(parse: Parse, subject: Token, actors: list[ActorRef]) -> ActorRef:
    """The actor mention that is this subject, or an unresolved mention of its noun phrase."""
    covering = [a for a in actors if a.start is not None and a.end is not None and a.start <= subject.start < a.end]
    if covering:
        best = min(covering, key=lambda a: (a.end or 0) - (a.start or 0))  # the tightest mention
        return ActorRef(text=best.text, start=best.start, end=best.end, id=best.id, name=best.name,
                        kind=best.kind, country=best.country, sector=best.sector, role=best.role)
    left = subject.left
    while left < subject.i and parse.tokens[left].pos in ("DET", "PUNCT"):
        left += 1
    start, end = parse.tokens[left].start, max(subject.end, parse.tokens[min(subject.right, subject.i)].end)
    return ActorRef(text=parse.text[start:end], start=start, end=end)


def _cue_span(parse: Parse, verb: Token, subject: Token | None) -> Span:
    if subject is None:
        return Span(verb.start, verb.end, verb.text)
    lo = min(verb.start, parse.tokens[subject.left].start if subject.i < verb.i else subject.start)
    hi = max(verb.end, subject.end)
    return Span(lo, hi, parse.text[lo:hi])


def _cue_after(parse: Parse, q: QuoteSpan) -> Token | None:
    if q.close_mark is None:
        return None
    for tok in parse.tokens_between(q.close_mark + 1, q.close_mark + 1 + _LOOK_AFTER_CHARS):
        if tok.text in ("\"", "“", "”", "«") or (tok.text in (".", "!", "?") and tok.start > q.close_mark + 1):
            break
        if _is_cue(parse, tok):
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
        if _is_cue(parse, tok):
            return tok
    return None


def _enclosing_cue(parse: Parse, q: QuoteSpan) -> Token | None:
    """A speech verb outside the quote whose complement contains it (partial quotes)."""
    tok = parse.token_at(q.start)
    if tok is None:
        return None
    for anc in parse.ancestors(tok):
        if anc.start < q.open_mark or anc.start >= q.end:
            if _is_cue(parse, anc):
                return anc
    return None


def _opens_sentence(parse: Parse, q: QuoteSpan) -> bool:
    tok = parse.token_at(q.open_mark)
    if tok is None:
        return True
    sent = parse.sentence_of(tok)
    return not parse.text[sent.start:q.open_mark].strip()


def _direct(parse: Parse, actors: list[ActorRef]) -> list[Quote]:
    quotes: list[Quote] = []
    last_speaker: ActorRef | None = None
    last_end = -1
    for q in find_direct_quotes(parse.text):
        # A quote that opens its sentence takes the cue after it ('"…," he said'); one inside a sentence is
        # usually part of that sentence's reported speech ('said Turkey was in touch with "all actors"').
        opens_sentence = _opens_sentence(parse, q)
        if opens_sentence:
            verb = _cue_after(parse, q) or _cue_before(parse, q) or _enclosing_cue(parse, q)
        else:
            verb = _enclosing_cue(parse, q) or _cue_before(parse, q) or _cue_after(parse, q)
        speaker: ActorRef | None = None
        cue: Span | None = None
        if verb is not None:
            subject = _subject(parse, verb)
            speaker = speaker_ref(parse, subject, actors) if subject is not None else None
            cue = _cue_span(parse, verb, subject)
        elif last_speaker is not None and q.open_mark - last_end < 400:
            speaker = last_speaker  # a quote that carries on with no cue of its own
        quotes.append(Quote(kind="direct", start=q.start, end=q.end, text=parse.text[q.start:q.end],
                            speaker=speaker, cue=cue))
        if speaker is not None:
            last_speaker, last_end = speaker, q.end
    return quotes


def _trim(parse: Parse, start: int, end: int) -> tuple[int, int]:
    text = parse.text
    while start < end and (text[start].isspace() or text[start] in ",:;"):
        start += 1
    if text[start:start + 5].lower() == "that ":
        start += 5
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:"):
        end -= 1
    return start, end


def _indirect(parse: Parse, actors: list[ActorRef], direct: list[Quote]) -> list[Quote]:
    quotes: list[Quote] = []

    def inside_direct(start: int, end: int) -> bool:
        return any(min(end, d.end) - max(start, d.start) > 0.5 * (end - start) for d in direct)

    for tok in parse.tokens:
        content: Token | None = None
        speaker_tok: Token | None = None
        if _is_cue(parse, tok):
            content = next(parse.children(tok, "ccomp"), None)
            speaker_tok = _subject(parse, tok)
            if content is None:
                continue
            start, end = _trim(parse, *parse.subtree_span(content))
            cue = Span(tok.start, tok.end, tok.text)
        elif tok.lower == "according" and tok.dep == "prep":
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
        else:
            continue
        if end - start < 3 or inside_direct(start, end):
            continue
        speaker = speaker_ref(parse, speaker_tok, actors) if speaker_tok is not None else None
        quotes.append(Quote(kind="indirect", start=start, end=end, text=parse.text[start:end],
                            speaker=speaker, cue=cue))
    return quotes


def find_quotes(parse: Parse, actors: list[ActorRef]) -> list[Quote]:
    direct = _direct(parse, actors)
    quotes = direct + _indirect(parse, actors, direct)
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes
