"""Spike detection on simulated series (``whimbrel.monitor.simulate``): recall for a sustained doubling of
violence, and false alarms per region per 90 quiet days, over Poisson and overdispersed series at baseline
rates of 1 to 10 violent events a day. A doubling counts as detected when an alarm comes within 21 days."""

from __future__ import annotations

import statistics
from pathlib import Path

from whimbrel.eval.common import Figure
from whimbrel.monitor.simulate import BASE_RATES, DISPERSIONS, simulate

__all__ = ["DETECT_WITHIN", "RUNS", "score_spikes"]

SCORER = "eval.spikes (own: simulated series)"
DETECT_WITHIN = 21
RUNS = 40  # simulated regions per scenario (each: a quiet series and a doubling series)


def score_spikes(path: Path) -> list[Figure]:
    per_recall: dict[str, float] = {}
    per_alarms: dict[str, float] = {}
    quiet = alarms = doublings = detected = 0
    delays: list[int] = []
    for rate in BASE_RATES:
        for k in DISPERSIONS:
            one = simulate(runs=RUNS, detect_within=DETECT_WITHIN, rates=(rate,), dispersions=(k,))
            label = f"{rate:g}/day {'poisson' if k is None else f'negbin k={k:g}'}"
            per_recall[label], per_alarms[label] = one.recall, one.false_alarms_per_90_days
            quiet, alarms = quiet + one.quiet_days, alarms + one.false_alarms
            doublings, detected = doublings + one.doublings, detected + one.detected
            delays += one.delays
    name = "simulated violence series"
    return [
        Figure(name, f"spike recall, doubling detected within {DETECT_WITHIN} days", detected / doublings, doublings,
               SCORER, target=0.90, details=per_recall),
        Figure(name, "false alarms per region per 90 quiet days", 90 * alarms / quiet, quiet, SCORER, target=1.0,
               details=per_alarms, at_most=True),
        Figure(name, "median detection delay (days)", float(statistics.median(delays)) if delays else float("nan"),
               len(delays), SCORER),
    ]
