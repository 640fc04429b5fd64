"""One sense per discourse (whimbrel.places.discourse): a name the article once uses as a place is a place
at its other mentions too, resolved the same way, unless the mention is plainly part of something else."""


def _mentions(rec, name):
    """(start, geonameid) of each place whose text is ``name``."""
    return [(p.start, p.geonameid) for p in rec.places if p.text == name]


def _at(text, word, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start


def test_a_small_towns_other_mentions_resolve_like_the_first(run_text):
    text = ("Firefighters battled a grass fire near Innisfail, Alberta, on Tuesday afternoon. The Innisfail fire "
            "chief said two barns were lost. Crews from Innisfail and Penhold worked through the night.")
    mentions = _mentions(run_text(text), "Innisfail")
    # the modifier ("the Innisfail fire chief") and the list the parser took for people
    assert [start for start, _ in mentions] == [_at(text, "Innisfail", k) for k in range(3)]
    assert len({gid for _, gid in mentions}) == 1 and mentions[0][1] is not None


def test_a_town_first_read_as_an_organisation_where_a_place_goes(run_text):
    text = ("Thousands of dead birds have been found around Esperance in Western Australia. Esperance residents "
            "told the council the lead came from the port. The Esperance Shire Council has closed two beaches.")
    rec = run_text(text)
    assert [start for start, _ in _mentions(rec, "Esperance")] == [_at(text, "Esperance", k) for k in range(3)]
    assert {p.country for p in rec.places if p.text == "Esperance"} == {"AUS"}


def test_a_place_heads_its_police_but_not_a_hospital(run_text):
    police = run_text("A truck crashed on the bypass outside Glasgow, Kentucky, late on Friday. Glasgow Police said "
                      "the driver had been taken to hospital. Glasgow firefighters cleared the road by midnight.")
    glasgow = [p for p in police.places if p.text == "Glasgow"]
    assert len(glasgow) == 3 and {p.admin1 for p in glasgow} == {"Kentucky"}
    text = ("Bruce Ellis was taken to Frederick Memorial Hospital after a fall at his home in Frederick, Maryland. "
            "Hospital staff said he was stable.")
    assert [start for start, _ in _mentions(run_text(text), "Frederick")] == [_at(text, "Frederick", 1)]


def test_an_upper_case_dateline_spreads_to_the_ordinary_spelling(run_text):
    text = ("PARIS, Texas — Paris Police arrested two men on Saturday after a break-in at a pawn shop. Paris "
            "residents reported hearing glass break.")
    rec = run_text(text)
    paris = [p for p in rec.places if p.text in ("PARIS", "Paris")]
    assert [p.start for p in paris] == [0, _at(text, "Paris"), _at(text, "Paris", 1)]
    assert {(p.country, p.admin1) for p in paris} == {("USA", "Texas")}


def test_a_compound_name_a_sentence_opening_word_and_a_headline_word_stay_out(run_text):
    text = ("A water main burst in Kalgoorlie on Monday, flooding the main street. The Kalgoorlie-Boulder council "
            "said repairs would take two days, and a Kalgoorlie resident said shops were shut.")
    starts = [start for start, _ in _mentions(run_text(text), "Kalgoorlie")]
    assert starts == [_at(text, "Kalgoorlie"), _at(text, "Kalgoorlie resident")]
    text = ("Police in Mobile, Alabama, closed the causeway on Friday. Mobile phones were confiscated at the "
            "checkpoint.")
    assert [start for start, _ in _mentions(run_text(text), "Mobile")] == [_at(text, "Mobile")]
    # a title-case headline capitalises a word the story also uses as a word: no evidence of the town
    text = ("Why Reading Is Worried\nCouncillors in Reading, Berkshire, voted on Monday to close two libraries. "
            "Officials said reading the report took a week.")
    assert [start for start, _ in _mentions(run_text(text), "Reading")] == [_at(text, "Reading", 1)]
    text = ("Why Esperance Is Worried\nThousands of dead birds have been found around Esperance, Western "
            "Australia, since Monday.")
    assert [start for start, _ in _mentions(run_text(text), "Esperance")] == [_at(text, "Esperance"),
                                                                              _at(text, "Esperance", 1)]


def test_a_name_the_parser_only_read_as_a_body_is_not_spread(run_text):
    rec = run_text("The Spanish government refused to negotiate with Eta. The Eta statement was dismissed as "
                   "theatrical, and Eta said it would disarm.")
    assert not [p for p in rec.places if p.text == "Eta"]
