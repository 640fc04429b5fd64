"""Helpers shared by the place tests."""


def first_by_text(rec):
    """Each place text of a record → its first mention."""
    out = {}
    for p in rec.places:
        out.setdefault(p.text, p)
    return out
