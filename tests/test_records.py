"""The JSON form of a record is the output contract: keys and order must not change."""

from whimbrel.records import ActorRef, Article, Event, Magnitude, PlaceRef, Quote, Record, Span

CONTRACT_ARTICLE = ["title", "published", "source", "url", "language", "byline", "wires", "text", "path",
                    "duplicate_of"]
CONTRACT_EVENT = ["id", "type", "mode", "context", "acled", "cameo_root", "intensity", "factuality", "source",
                  "target", "date", "date_precision", "location", "fatalities", "evidence", "reported_by",
                  "confidence"]
CONTRACT_ACTOR = ["text", "start", "end", "id", "name", "kind", "country", "sector"]
CONTRACT_PLACE = ["text", "start", "end", "geonameid", "name", "lat", "lon", "country", "admin1", "feature"]


def _record() -> Record:
    actor = ActorRef(text="Turkey", start=0, end=6, id="country/TUR", name="Turkey", kind="country",
                     country="TUR", sector="GOV")
    place = PlaceRef(text="Idlib", start=10, end=15, geonameid=169389, name="Idlib", lat=35.9, lon=36.6,
                     country="SYR", admin1=None, feature="P.PPL")
    event = Event(id="e1", type="MOBILIZE", mode="troops", context=["military"], acled=None, cameo_root="15",
                  intensity=-5.5, factuality="asserted", source=[actor], target=[], date="2018-09-14",
                  date_precision="day", location=place, fatalities=Magnitude(24, 36, 48),
                  evidence=Span(0, 20, "Turkey reinforced..."), reported_by=[], confidence=0.8)
    quote = Quote(kind="direct", start=1, end=5, text="abcd", speaker=actor, cue=Span(7, 14, "he said"))
    return Record(article=Article(id="1", text="Turkey reinforced posts in Idlib."), actors=[actor],
                  places=[place], quotes=[quote], events=[event])


def test_top_level_keys():
    assert list(_record().to_json())[:5] == ["id", "article", "events", "quotes", "places"]


def test_article_event_actor_place_keys_follow_the_contract():
    data = _record().to_json()
    assert list(data["article"]) == CONTRACT_ARTICLE
    assert list(data["events"][0])[:len(CONTRACT_EVENT)] == CONTRACT_EVENT
    assert list(data["events"][0]["source"][0])[:8] == CONTRACT_ACTOR
    assert list(data["places"][0]) == CONTRACT_PLACE
    assert data["events"][0]["fatalities"] == {"low": 24, "best": 36, "high": 48}
    assert list(data["quotes"][0]) == ["kind", "start", "end", "text", "speaker", "cue"]


def test_raw_and_parse_are_never_serialised():
    rec = _record()
    rec.article.raw = b"secret bytes"
    assert "secret" not in str(rec.to_json())
