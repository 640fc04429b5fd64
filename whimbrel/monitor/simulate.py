"""Simulated violence series for measuring spike detection (no real data has labelled spikes).

Each scenario draws daily coverage (articles processed: weekday/weekend rhythm plus noise) and violent
events at a fixed rate per article, Poisson or overdispersed (negative binomial, as real event counts
are). *Quiet* series keep the rate for ``quiet_days`` after a warm-up; *doubling* series double it from
``change_day`` on, and a detection counts when an alarm comes within ``detect_within`` days of the change.
Everything is seeded: the figures are the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from whimbrel.monitor.spikes import SpikeSettings, detect_spikes

__all__ = ["SimulationResult", "simulate"]

BASE_RATES = (1.0, 2.0, 5.0, 10.0)  # violent events per day at average coverage
DISPERSIONS = (None, 5.0)  # None: Poisson; k: negative binomial with variance mu + mu^2 / k
WARM_UP = 70  # days before scoring: the baseline window (56) plus its guard (7), and then some


@dataclass(frozen=True)
class SimulationResult:
    quiet_days: int
    false_alarms: int
    doublings: int
    detected: int
    delays: list[int]

    @property
    def false_alarms_per_90_days(self) -> float:
        return 90 * self.false_alarms / self.quiet_days if self.quiet_days else 0.0

    @property
    def recall(self) -> float:
        return self.detected / self.doublings if self.doublings else 0.0


def _coverage(rng: np.random.Generator, days: int) -> np.ndarray:
    weekly = np.array([1.1, 1.1, 1.05, 1.05, 1.0, 0.75, 0.7])  # fewer articles at weekends
    base = 200 * weekly[np.arange(days) % 7]
    return rng.poisson(base).astype(float)


def _events(rng: np.random.Generator, mean: np.ndarray, k: float | None) -> np.ndarray:
    if k is None:
        return rng.poisson(mean).astype(float)
    # Negative binomial as a gamma-Poisson mixture: each day's rate varies around its mean.
    return rng.poisson(rng.gamma(k, mean / k)).astype(float)


def simulate(settings: SpikeSettings | None = None, *, runs: int = 50, quiet_days: int = 90,
             detect_within: int = 21, seed: int = 20181914, rates: tuple[float, ...] = BASE_RATES,
             dispersions: tuple[float | None, ...] = DISPERSIONS) -> SimulationResult:
    rng = np.random.default_rng(seed)
    quiet_total = false_alarms = doublings = detected = 0
    delays: list[int] = []
    for rate in rates:
        for k in dispersions:
            for _ in range(runs):
                # Quiet: warm-up, then `quiet_days` scored.
                days = WARM_UP + quiet_days
                cov = _coverage(rng, days)
                counts = _events(rng, rate * cov / cov.mean(), k)
                alarms = detect_spikes(counts.tolist(), cov.tolist(), settings)
                false_alarms += sum(1 for a in alarms if a.day >= WARM_UP)
                quiet_total += quiet_days
                # Doubling from change_day on.
                change = WARM_UP + 30
                days = change + 45
                cov = _coverage(rng, days)
                mean = rate * cov / cov[:change].mean()
                mean[change:] *= 2.0
                counts = _events(rng, mean, k)
                alarms = detect_spikes(counts.tolist(), cov.tolist(), settings)
                false_alarms += sum(1 for a in alarms if WARM_UP <= a.day < change)
                quiet_total += change - WARM_UP
                doublings += 1
                hit = next((a.day - change for a in alarms if change <= a.day < change + detect_within), None)
                if hit is not None:
                    detected += 1
                    delays.append(hit)
    return SimulationResult(quiet_total, false_alarms, doublings, detected, delays)
