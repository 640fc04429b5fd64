"""What the words around a head noun say about an actor: its country, the organisation it belongs to, and
the known agent phrase it ends ("Russia's air force", "forces of Syria", "the NATO secretary-general")."""

from __future__ import annotations

from collections.abc import Callable

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse, Token

__all__ = ["BACKED", "agent_phrase", "backer_countries", "country_of_name", "country_of_token", "home_of_people",
           "modifier_countries", "modifier_org", "org_in_tokens", "sentence_place_country"]

BACKED = ("-backed", "-allied", "-aligned", "-led", "-sponsored", "-supported")
_BACKED_WORDS = ("backed", "allied", "aligned", "led", "sponsored", "supported")


def country_of_token(kb: KnowledgeBase, tok: Token) -> str | None:
    """ISO3 that a modifier token expresses: "Turkish", "Russia('s)", "Syrian", "Kremlin"."""
    iso = kb.country_of_adjective(tok.text)
    if iso:
        return iso
    cid = kb.entity_id(tok.text)
    if cid and cid.startswith("country/"):
        return cid[8:]
    met = kb.metonym(tok.text)
    return met[0] if met else None


def country_of_name(kb: KnowledgeBase, text: str) -> str | None:
    """ISO3 a (possibly multi-word) name stands for: a country, an adjective, a seat of power, or the home
    country of an organisation or armed group ("Boko Haram" → NGA)."""
    entity = kb.entity_id(text)
    if entity is not None:
        if entity.startswith("country/"):
            return entity[8:]
        org = kb.organizations.get(entity)
        if org is not None:
            return org.country
    iso = kb.country_of_adjective(text)
    if iso:
        return iso
    met = kb.metonym(text)
    return met[0] if met else None


def _countries_in_span(kb: KnowledgeBase, parse: Parse, head: Token, lo: int) -> list[str]:
    """Countries named by the words before ``head`` in its phrase: "Belarusian riot police", "Boko Haram
    militants", "Syrian and Iraqi Kurds". Affiliations ("pro-Damascus") do not count."""
    toks = [t for t in parse.tokens[max(lo, head.left):head.i + 1]
            if t.i == head.i or t.dep in ("amod", "compound", "poss", "nmod", "npadvmod", "conj", "cc", "case")]
    found: list[str] = []
    i = 0
    while i < len(toks):
        step = 1
        for j in range(min(len(toks), i + 6), i + 1, -1):  # multi-word names, longest first
            if toks[j - 1].i - toks[i].i != j - 1 - i:
                continue
            iso = country_of_name(kb, parse.text[toks[i].start:toks[j - 1].end])
            if iso:
                if iso not in found:
                    found.append(iso)
                step = j - i
                break
        else:
            t = toks[i]
            affiliated = any(parse.tokens[k].lower in ("pro", "anti") for k in range(max(0, t.i - 2), t.i))
            iso = None if affiliated or t.tag == "POS" else country_of_name(kb, t.text)
            if iso and iso not in found:
                found.append(iso)
        i += step
    return found


def modifier_countries(kb: KnowledgeBase, parse: Parse, head: Token, lo: int) -> list[str]:
    """Countries named by a head noun's modifiers (adjectives, possessives, names before it) or by an "of",
    "from" or "in" phrase after it ("forces of Syria", "opposition groups in Zimbabwe")."""
    found = _countries_in_span(kb, parse, head, lo)
    for prep in parse.children(head, "prep"):
        if prep.lower in ("of", "from", "in"):
            for pobj in parse.children(prep, "pobj"):
                for iso in _countries_in_span(kb, parse, pobj, pobj.left):
                    if iso not in found:
                        found.append(iso)
    return found


def backer_countries(kb: KnowledgeBase, parse: Parse, head: Token) -> list[str] | None:
    """Countries that back ``head`` rather than own it ("Turkey-backed militants", "Libya's UN-backed
    government": Turkey and the UN are backers, Libya is not); None when nothing is backed."""
    for j in range(head.left, head.i):
        tok = parse.tokens[j]
        if tok.lower.endswith(BACKED) or tok.lower in _BACKED_WORDS:
            return _countries_in_span(kb, parse, tok, tok.left) + [
                iso for k in range(tok.left, tok.i + 1) if (iso := country_of_token(kb, parse.tokens[k]))]
    return None


def org_in_tokens(kb: KnowledgeBase, parse: Parse, toks: list[Token]) -> str | None:
    """The first organisation named by consecutive tokens of ``toks``, longest name first."""
    toks = [t for t in toks if t.pos in ("PROPN", "NOUN", "ADJ", "PUNCT", "X")]
    for i in range(len(toks)):
        for j in range(len(toks), i, -1):
            if toks[j - 1].i - toks[i].i != j - 1 - i:
                continue
            entity = kb.entity_id(parse.text[toks[i].start:toks[j - 1].end])
            if entity in kb.organizations:
                return entity
    return None


def modifier_org(kb: KnowledgeBase, parse: Parse, head: Token, lo: int) -> str | None:
    """The organisation a head noun belongs to: a name before it ("NATO chief", "the U.N.
    Secretary-General", "Houthi spokesman") or an "of" phrase after it ("secretary-general of NATO")."""
    found = org_in_tokens(kb, parse, parse.tokens[max(lo, head.left):head.i])
    for prep in parse.children(head, "prep"):
        if found is None and prep.lower == "of":
            for pobj in parse.children(prep, "pobj"):
                found = found or org_in_tokens(kb, parse, parse.tokens[pobj.left:pobj.right + 1])
    return found


def agent_phrase(kb: KnowledgeBase, parse: Parse, head: Token) -> tuple[int, int, str] | None:
    """(first token, last token, key) of the longest known agent phrase headed by ``head``: "air force",
    "pro-government forces", and phrases with an "of" complement ("secretary of state")."""
    if head.pos not in ("NOUN", "PROPN") and head.lower not in kb.agents:
        return None
    ends = [head.i]
    for prep in parse.children(head, "prep"):
        if prep.lower == "of" and prep.i == head.i + 1:
            ends += [p.i for p in parse.children(prep, "pobj") if p.left == p.i == prep.i + 1]
    lo = head.left
    for last in reversed(ends):  # the "of" phrase first: "secretary of state" before "secretary"
        end = parse.tokens[last].end
        for k in range(lo, head.i + 1):
            if k < head.i and parse.tokens[k].pos in ("DET", "NUM", "PUNCT"):
                continue
            agent_key = norm_name(parse.text[parse.tokens[k].start:end])
            if agent_key in kb.agents:
                return k, last, agent_key
            if last == head.i:
                lemma_key = norm_name(parse.text[parse.tokens[k].start:head.start] + head.lemma)
                if lemma_key in kb.agents:
                    return k, last, lemma_key
    return None


def sentence_place_country(parse: Parse, first: int, last: int,
                           place_country: Callable[[str], str | None] | None) -> str | None:
    """The country of the first place named in the sentence outside tokens ``first:last``."""
    if place_country is None:
        return None
    for tok in parse.sentence_tokens(parse.sentences[parse.tokens[first].sent]):
        if first <= tok.i < last or tok.pos != "PROPN":
            continue
        iso = place_country(tok.text)
        if iso:
            return iso
    return None


def home_of_people(kb: KnowledgeBase, parse: Parse, head: Token,
                   place_country: Callable[[str], str | None] | None) -> str | None:
    """The country an "of" phrase after a people's name places them in ("Albanians of southern Serbia")."""
    for prep in parse.children(head, "prep"):
        if prep.lower != "of":
            continue
        for pobj in parse.children(prep, "pobj"):
            if pobj.pos != "PROPN":
                continue
            iso = country_of_name(kb, pobj.text) or (place_country(pobj.text) if place_country else None)
            if iso:
                return iso
    return None
