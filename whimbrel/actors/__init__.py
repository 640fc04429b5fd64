"""Actors: find mentions of who acts, resolve them against the knowledge base, and link pronouns."""

from whimbrel.actors.coref import resolve_pronouns
from whimbrel.actors.mentions import Mention, find_mentions
from whimbrel.actors.stage import ActorStage, article_day

__all__ = ["ActorStage", "Mention", "article_day", "find_mentions", "resolve_pronouns"]
