"""Places: an embedded gazetteer, toponym recognition and disambiguation."""

from whimbrel.places.gazetteer import Gazetteer, Place, load_gazetteer
from whimbrel.places.resolve import find_toponyms, focus_country, resolve_toponyms
from whimbrel.places.stage import PlaceStage

__all__ = ["Gazetteer", "Place", "PlaceStage", "find_toponyms", "focus_country", "load_gazetteer",
           "resolve_toponyms"]
