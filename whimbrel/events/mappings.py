"""PLOVER → intensity, CAMEO root and ACLED type/sub-type; and the labels of ``classify --scheme acled``.

The tables restate the schemes' own definitions (../shared/ONTOLOGY.md, CONTRACT.md). ACLED codes
material, physical events; verbal and diplomatic PLOVER events have no ACLED type (``None``) and are
"Diplomatic event" in the classify scheme.
"""

from __future__ import annotations

__all__ = [
    "ACLED_SUBTYPES",
    "ACLED_TYPE_OF",
    "CLASSIFY_EXTRA_LABELS",
    "acled_for",
    "cameo_root",
    "intensity",
]

ACLED_TYPE_OF = {
    "Armed clash": "Battles", "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence", "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence", "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians", "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests", "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots", "Mob violence": "Riots",
    "Agreement": "Strategic developments", "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments", "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments", "Other": "Strategic developments",
}
ACLED_SUBTYPES = tuple(ACLED_TYPE_OF)
CLASSIFY_EXTRA_LABELS = ("Diplomatic event", "Organized crime", "Natural disaster", "Man-made disaster",
                         "Claim of responsibility")

_INTENSITY = {"AGREE": 2.5, "CONSULT": 2.5, "SUPPORT": 5.0, "CONCEDE": 4.5, "COOPERATE": 9.5, "AID": 10.0,
              "RETREAT": 6.5, "REQUEST": 0.0, "ACCUSE": -3.0, "REJECT": -2.0, "THREATEN": -3.5,
              "PROTEST": -5.0, "SANCTION": -6.0, "MOBILIZE": -5.5, "COERCE": -7.0, "ASSAULT": -9.0}
_ACCUSE_BY_MODE = {"investigate": -2.0, "disapprove": -2.5, "allege": -3.5}

_CAMEO = {"AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "CONCEDE": "08", "COOPERATE": "06", "AID": "07",
          "RETREAT": "08", "REQUEST": "02", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13", "PROTEST": "14",
          "SANCTION": "16", "MOBILIZE": "15", "COERCE": "17", "ASSAULT": "18"}
_CAMEO_BY_MODE = {("REQUEST", "change"): "10", ("ACCUSE", "investigate"): "09",
                  ("ASSAULT", "heavy-weapons"): "19", ("ASSAULT", "aerial"): "19", ("ASSAULT", "drone"): "19",
                  ("ASSAULT", "firearms"): "19", ("ASSAULT", "unconventional"): "20"}

# Default ACLED sub-type of ASSAULT by mode, when the trigger gave no hint.
_ASSAULT_ACLED = {"aerial": "Air/drone strike", "drone": "Air/drone strike",
                  "heavy-weapons": "Shelling/artillery/missile attack", "explosives": "Remote explosive/landmine/IED",
                  "suicide-attack": "Suicide bomb", "unconventional": "Chemical weapon", "sexual": "Sexual violence",
                  "abduct": "Abduction/forced disappearance", "destroy": "Looting/property destruction"}
_ARMED = {"MIL", "REB", "POL"}


def intensity(event_type: str, mode: str | None) -> float:
    if event_type == "ACCUSE" and mode in _ACCUSE_BY_MODE:
        return _ACCUSE_BY_MODE[mode]
    return _INTENSITY[event_type]


def cameo_root(event_type: str, mode: str | None) -> str:
    return _CAMEO_BY_MODE.get((event_type, mode or ""), _CAMEO[event_type])


def acled_for(event_type: str, mode: str | None, hint: str | None, target_sectors: set[str],
              source_sectors: set[str]) -> dict[str, str] | None:
    """ACLED type and sub-type of an event, or None where ACLED does not code it."""
    sub: str | None = None
    if hint in ACLED_TYPE_OF:
        sub = hint
    elif event_type == "ASSAULT":
        sub = _ASSAULT_ACLED.get(mode or "")
        if sub is None:
            # Direct violence: a clash between armed sides, or an attack on civilians.
            armed_both = (target_sectors & _ARMED) and (source_sectors & _ARMED)
            sub = "Armed clash" if armed_both or (target_sectors and target_sectors <= _ARMED) else "Attack"
    elif event_type == "PROTEST":
        sub = "Violent demonstration" if mode in ("riot", "vandalize") else "Peaceful protest"
    elif event_type == "COERCE" and mode == "arrest":
        sub = "Arrests"
    elif event_type in ("AGREE", "SUPPORT") and hint == "Agreement":
        sub = "Agreement"
    elif event_type == "MOBILIZE":
        sub = "Other"
    elif event_type == "RETREAT" and mode == "withdraw":
        sub = "Non-violent transfer of territory"
    if sub is None:
        return None
    return {"event_type": ACLED_TYPE_OF[sub], "sub_event_type": sub}
