"""Quality floors on the development data, pinned a little under the measured figures (like trafilatura's
eval gate): a change that lowers any of them fails CI. Raise them when quality improves; never lower them
without saying why in the closing note. Skipped cleanly when ../shared/data is absent."""

import pytest

from ..conftest import needs_data, shared_data

# metric → floor; measured values are in the latest closing note (`make eval`).
FLOORS = {
    ("plover-gsr-dev.jsonl", "dominant-type macro-F1"): 0.85,
    ("plover-gsr-dev.jsonl", "event recall (gold type found)"): 0.88,
    ("plover-gsr-dev.jsonl", "source country (events found)"): 0.91,
    ("plover-gsr-dev.jsonl", "target country (events found)"): 0.89,
    ("plover-gsr-dev.jsonl", "actor sector agreement (events found)"): 0.84,
    ("TR-News.xml", "toponym span recall"): 0.84,  # 0.850 with lists split, names cut short rejoined (was 0.847)
    ("TR-News.xml", "toponym span precision"): 0.84,
    ("TR-News.xml", "accuracy ≤161 km (matched)"): 0.875,  # 0.887 with St./Saint, Greater X, more containers (was 0.885)
    ("GeoVirus.xml", "toponym span recall"): 0.94,  # 0.957 with lists split, names cut short rejoined (was 0.954)
    ("GeoVirus.xml", "toponym span precision"): 0.88,
    ("GeoVirus.xml", "accuracy ≤161 km (matched)"): 0.905,  # 0.914 with names cut short at the start rejoined (was 0.912)
    ("event-location-gold.jsonl", "event location span (gold has one)"): 0.78,  # 0.804 with settings deep under the event, causes, "liberate", quarters narrower (was 0.753)
    ("event-location-gold.jsonl", "no location given (gold has none)"): 0.80,
    ("polnear-dev", "quote content F1"): 0.72,
    ("polnear-dev", "speaker accuracy (matched)"): 0.83,
    ("acled-eval.tsv", "ACLED label weighted F1"): 0.82,
    ("actors-eval.jsonl", "actor accuracy (id+country+sector)"): 0.96,
    ("quotes-eval.jsonl", "case accuracy"): 0.94,
    ("quotes-eval.jsonl", "speaker accuracy (found)"): 0.93,
    ("html dev", "body F1 · whimbrel"): 0.99,
    ("html heldout", "body F1 · whimbrel"): 0.975,
    ("html heldout", "body precision · whimbrel"): 0.96,
    ("html heldout", "body recall · whimbrel"): 0.99,
}


def _check(figures):
    got = {(f.dataset, f.metric): f.value for f in figures}
    datasets = {f.dataset for f in figures}
    unmeasured = [k for k in FLOORS if k[0] in datasets and k not in got]
    assert not unmeasured, f"floors whose metric the scorer no longer reports (renamed?): {unmeasured}"
    below = {k: (got[k], floor) for k, floor in FLOORS.items() if k in got and got[k] < floor}
    assert not below, f"below the pinned floor: {below}"


@needs_data("events", "plover-gsr-dev.jsonl")
@pytest.mark.slow
def test_plover_floors():
    from whimbrel.eval.plover import score_plover

    _check(score_plover(shared_data() / "events" / "plover-gsr-dev.jsonl"))


@needs_data("geo", "TR-News.xml")
@pytest.mark.slow
def test_geo_floors():
    from whimbrel.eval.geo import score_geo

    _check(score_geo(shared_data() / "geo" / "TR-News.xml") + score_geo(shared_data() / "geo" / "GeoVirus.xml"))


@needs_data("events", "event-location-gold.jsonl")
@pytest.mark.slow
def test_event_location_floors():
    from whimbrel.eval.event_location import score_event_location

    _check(score_event_location(shared_data() / "events" / "event-location-gold.jsonl"))


@needs_data("quotes", "polnear-dev")
@pytest.mark.slow
def test_quote_floors():
    from whimbrel.eval.quotes import score_quotes

    _check(score_quotes(shared_data() / "quotes" / "polnear-dev"))


@pytest.mark.slow
def test_acled_floor_on_our_own_evaluation_set():
    """Our own independent ACLED set lives in the repository, so this floor also runs in CI."""
    from whimbrel.config import REPO_ROOT
    from whimbrel.eval.acled import score_acled

    _check(score_acled(REPO_ROOT / "data" / "eval" / "acled" / "acled-eval.tsv"))


@pytest.mark.slow
def test_actor_floor_on_our_own_test_set():
    from whimbrel.config import REPO_ROOT
    from whimbrel.eval.actors import score_actors

    _check(score_actors(REPO_ROOT / "data" / "eval" / "actors" / "actors-eval.jsonl"))


@pytest.mark.slow
def test_quote_floor_on_our_own_test_set():
    from whimbrel.config import REPO_ROOT
    from whimbrel.eval.quote_cases import score_quote_cases

    _check(score_quote_cases(REPO_ROOT / "data" / "eval" / "quotes" / "quotes-eval.jsonl"))


@pytest.mark.slow
def test_html_body_floor_on_our_own_page_set():
    from whimbrel.config import REPO_ROOT
    from whimbrel.eval.html_quality import score_html_quality

    _check(score_html_quality(REPO_ROOT / "data" / "eval" / "html"))
