"""Input for the tests that compare annotations with stock spaCy: hand-written texts, the bundled samples,
and the first real news articles when ``../shared/data`` is there."""

import json
from pathlib import Path

from whimbrel.config import settings

REPO = Path(__file__).resolve().parents[2]


def varied_texts(written: list[str], news_articles: int) -> list[str]:
    texts = written + [p.read_text(encoding="utf-8") for p in sorted((REPO / "samples").rglob("*.txt"))]
    news = settings().shared_data / "news" / "indiapoliceevents-docs.jsonl"
    if news.exists():
        lines = news.read_text(encoding="utf-8").splitlines()[:news_articles]
        texts += [json.loads(line)["doc_text"] for line in lines]
    return texts
