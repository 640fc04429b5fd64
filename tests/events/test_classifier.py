"""The shipped document classifier and static vectors: present, small, deterministic, sensible."""

from pathlib import Path

import numpy as np

from whimbrel.events.classifier import document_features, load_classifier
from whimbrel.events.vectors import load_vectors

MODEL = Path(__file__).resolve().parents[2] / "whimbrel" / "events" / "model"


def test_artefacts_are_small():
    for name in ("vectors.npz", "classifier.npz"):
        assert (MODEL / name).stat().st_size < 5_000_000


def test_static_vectors_put_related_words_close():
    v = load_vectors()

    def sim(a: str, b: str) -> float:
        return float(v.word(a) @ v.word(b) / (np.linalg.norm(v.word(a)) * np.linalg.norm(v.word(b))))

    assert sim("airstrike", "bombing") > sim("airstrike", "football")
    assert sim("protest", "demonstration") > sim("protest", "earthquake")
    assert not v.word("zzzzqx").any()


def test_features_are_deterministic(run_text):
    rec = run_text("Police fired tear gas at hundreds of protesters in Nairobi on Tuesday.")
    a = document_features(rec, load_vectors())
    b = document_features(rec, load_vectors())
    assert np.array_equal(a, b) and a.dtype == np.float32


def test_labels_for_clear_reports(run_text):
    cases = {
        "A drone strike on a wedding party in Helmand killed 12 civilians on Saturday.": "Air/drone strike",
        "Heavy floods swept through villages in Sindh, killing at least 40 people.": "Natural disaster",
        "Thousands marched peacefully through Santiago on Sunday demanding pension reform.": "Peaceful protest",
        "Police arrested the opposition leader at his home in Kampala on Monday.": "Arrests",
    }
    for text, label in cases.items():
        assert run_text(text).labels["acled"][0] == label, text
    assert set(load_classifier().heads) == {"acled", "plover"}
