"""Plain-text page dumps in other outlets' layouts: header keys, title, body, and chrome cut by shape."""

from pathlib import Path

import pytest

from whimbrel.extract.stage import extract_article
from whimbrel.ingest import read_inputs

PAGES = Path(__file__).parent / "fixtures" / "pages"
CHROME = ("Share this", "Related", "Tags:", "\u00a9", "(c) 2022", "All rights reserved", "Advertisement",
          "Comments (", "Facebook", "Privacy policy", "Print |")

LAYOUTS = [
    # file, id (None: derived), title, published, byline, source, first words, last words
    ("sahel_dispatch_mali_envoy.txt", None, "Mali orders French ambassador to leave within 72 hours",
     "2022-01-31T18:40:00+01:00", "Aminata Traore", None,
     "BAMAKO - Mali's military-led government", "at the regional central bank."),
    ("baltic_courier_kyiv_talks.txt", None, "Ukraine and Russia agree to second round of talks on Belarus border",
     "2022-03-01T21:15:00+02:00", "Lukas Petrauskas", "Baltic Courier",
     "KYIV (BC) - Ukrainian and Russian delegations", "its tradition of neutrality."),
    ("andes_herald_colombia_ceasefire.txt", "AH-2022-1231-07",
     "Colombia announces six-month ceasefire with five armed groups", "2022-12-31T23:10:00+00:00",
     "Staff correspondent", "Andes Herald", "BOGOTA - Colombian President Gustavo Petro", "Choco and Cauca this year."),
]


@pytest.mark.parametrize(("name", "page_id", "title", "published", "byline", "source", "first", "last"), LAYOUTS)
def test_other_outlets_page_dumps_parse(name, page_id, title, published, byline, source, first, last):
    [article] = list(read_inputs([str(PAGES / name)]))
    assert article.format == "page"
    extract_article(article)
    assert article.title == title and article.published == published
    assert article.byline == byline and article.source == source
    if page_id:
        assert article.id == page_id
    assert article.text.startswith(first) and article.text.endswith(last)
    assert title not in article.text  # the title (printed twice in one layout) is not part of the body
    for chrome in CHROME:
        assert chrome not in article.text, chrome
