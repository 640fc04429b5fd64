"""The actors stage: mentions → knowledge-base actors, with pronouns resolved."""

from __future__ import annotations

from datetime import date

from whimbrel.actors.coref import link_acronyms, link_names, resolve_pronouns
from whimbrel.actors.mentions import find_mentions
from whimbrel.kb import load_kb
from whimbrel.pipeline import Stage
from whimbrel.places.gazetteer import load_gazetteer
from whimbrel.records import Record

__all__ = ["ActorStage", "article_day"]


def article_day(published: str | None) -> date | None:
    """The publication day, which dates role lookups ("the foreign minister" in 2018 is Cavusoglu)."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


class ActorStage(Stage):
    name = "actors"
    requires = ("parse", "article.published")
    assigns = ("actors",)

    def __init__(self) -> None:
        self.kb = load_kb()
        self.gazetteer = load_gazetteer()

    def _is_place(self, name: str) -> bool:
        return bool(self.gazetteer.lookup(name))

    def _place_country(self, name: str) -> str | None:
        """The country a place name lies in, when the gazetteer is clear about it: one country, or one
        entry at least ten times the size of any elsewhere ("Kano" is Nigeria's; "Cordoba" is undecided)."""
        places = sorted(self.gazetteer.lookup(name), key=lambda p: -p.population)
        if not places or places[0].country is None:
            return None
        others = [p for p in places if p.country != places[0].country]
        if others and others[0].population * 10 > places[0].population:
            return None
        return places[0].country

    def process_one(self, record: Record) -> None:
        assert record.parse is not None
        mentions = find_mentions(self.kb, record.parse, article_day(record.article.published), self._is_place,
                                 self._place_country)
        link_names(self.kb, record.parse, mentions)
        link_acronyms(record.parse, mentions)
        resolve_pronouns(record.parse, mentions)
        record.actors = [m.ref() for m in mentions if m.resolution is not None]
