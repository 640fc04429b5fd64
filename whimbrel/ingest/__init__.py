"""Ingest: inputs (files, folders, standard input) → articles with raw content and provenance."""

from whimbrel.ingest.detect import FORMATS, sniff_format
from whimbrel.ingest.feeds import FeedEntry, article_from_entry, parse_feed
from whimbrel.ingest.readers import DEFAULT_MAX_BYTES, derived_id, expand_inputs, read_inputs
from whimbrel.ingest.warc import read_warc

__all__ = [
    "DEFAULT_MAX_BYTES", "FORMATS", "FeedEntry", "article_from_entry", "derived_id", "expand_inputs", "parse_feed",
    "read_inputs", "read_warc", "sniff_format",
]
