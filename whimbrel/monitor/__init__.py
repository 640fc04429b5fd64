"""Monitoring: daily aggregates, cease-fire/violence watch, spike detection, watchlists and briefs.

The plain functions behind ``whimbrel brief`` and ``whimbrel watch``; everything reads the store.
"""

from whimbrel.monitor.brief import Brief, build_brief, render_html, render_markdown, trend_svg
from whimbrel.monitor.periods import latest_day, parse_period
from whimbrel.monitor.regions import Region, resolve_region
from whimbrel.monitor.spikes import SpikeAlarm, SpikeSettings, detect_spikes
from whimbrel.monitor.state import WatchWindow, watch_states
from whimbrel.monitor.watchlist import Watchlist, load_watchlist, post_webhook, watch

__all__ = [
    "Brief", "Region", "SpikeAlarm", "SpikeSettings", "WatchWindow", "Watchlist", "build_brief", "detect_spikes",
    "latest_day", "load_watchlist", "parse_period", "post_webhook", "render_html", "render_markdown",
    "resolve_region", "trend_svg", "watch", "watch_states",
]
