"""What a user means by a region: a country, an admin-1 region, or a dyad, resolved against the store.

``"Idlib"``, ``"Idlib province"`` and ``"SYR/Idlib"`` are the admin-1 region Idlib of Syria (the one with
most located events when a name is shared); ``"SYR"``, ``"Syria"`` and ``"Syrian"`` are the country;
``"TUR>SYR"`` is the dyad of Turkish sources acting on Syrian targets (sectors work too: ``"GOV>REB"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whimbrel.errors import ConfigError
from whimbrel.store.duckdb_store import Store

__all__ = ["Region", "resolve_region"]

_SUFFIXES = re.compile(r"\s+(?:province|governorate|region|state|district|oblast|prefecture)$", re.IGNORECASE)


@dataclass(frozen=True)
class Region:
    kind: str  # country | admin1 | dyad
    unit: str  # "SYR", "SYR/Idlib", "TUR>SYR" (as in the store's daily_counts)
    label: str

    def sql_condition(self, alias: str) -> tuple[str, list[object]]:
        """A parameterised condition selecting the region's events (``alias``: the events table)."""
        if self.kind == "country":
            return f"{alias}.location_country = ?", [self.unit]
        if self.kind == "admin1":
            country, admin1 = self.unit.split("/", 1)
            return f"{alias}.location_country = ? AND {alias}.location_admin1 = ?", [country, admin1]
        src, tgt = self.unit.split(">", 1)
        side = ("{a}.id IN (SELECT event_id FROM event_actors WHERE role = '{role}' "
                "AND COALESCE(country, sector) = ?)")
        return (side.format(a=alias, role="source") + " AND " + side.format(a=alias, role="target")), [src, tgt]


def _country(text: str) -> str | None:
    from whimbrel.actors.modifiers import country_of_name
    from whimbrel.kb import load_kb

    kb = load_kb()
    if re.fullmatch(r"[A-Z]{3}", text) and text in kb.countries:
        return text
    iso = country_of_name(kb, text)
    return iso if iso in kb.countries else None


def resolve_region(store: Store, text: str) -> Region:
    """The region ``text`` names, or a ConfigError saying what was tried."""
    text = text.strip()
    if not text:
        raise ConfigError("an empty region name")
    if ">" in text:
        src, tgt = (p.strip().upper() for p in text.split(">", 1))
        return Region("dyad", f"{src}>{tgt}", f"{src} → {tgt}")
    if "/" in text:
        country, admin1 = text.split("/", 1)
        return Region("admin1", f"{country.strip().upper()}/{admin1.strip()}", f"{admin1.strip()} ({country.strip().upper()})")
    bare = _SUFFIXES.sub("", text)
    # An admin-1 region known to the store, by its own name or by a place located in it ("Idlib city").
    rows = store.query("""
        SELECT location_country AS country, location_admin1 AS admin1, count(*) AS n FROM events
        WHERE location_admin1 IS NOT NULL AND (lower(location_admin1) = lower(?) OR lower(location_name) = lower(?))
        GROUP BY 1, 2 ORDER BY n DESC, country, admin1 LIMIT 1""", [bare, bare])
    iso = _country(text)
    if rows and not (iso and bare.lower() != rows[0]["admin1"].lower()):
        r = rows[0]
        return Region("admin1", f"{r['country']}/{r['admin1']}", f"{r['admin1']} ({r['country']})")
    if iso:
        return Region("country", iso, iso)
    raise ConfigError(f"no region called {text!r} in the store: give a country (SYR, Syria), an admin-1 region "
                      f"with located events (Idlib, SYR/Idlib) or a dyad (TUR>SYR)")
