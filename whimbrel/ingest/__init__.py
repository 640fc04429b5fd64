"""Ingest: inputs (files, folders, standard input) → articles with raw content and provenance."""

from whimbrel.ingest.detect import FORMATS, sniff_format
from whimbrel.ingest.readers import DEFAULT_MAX_BYTES, derived_id, expand_inputs, read_inputs

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "derived_id", "expand_inputs", "read_inputs", "sniff_format"]
