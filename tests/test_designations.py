"""Designations split from names and parsed into post, level, wing and jurisdiction."""
from __future__ import annotations

import pytest

from pipelines.extract import mentions, places
from pipelines.extract.tokens import tokenize


def parse(sentence: str) -> dict:
    found_places = {s: (e, sentence[s:e], p) for s, e, p in places.find_places(sentence)}
    words = mentions.tag(tokenize(sentence), found_places)
    found = mentions.find(words, sentence, 0, set())
    return {m.name: m.designation for m in found}


@pytest.mark.parametrize("sentence,name,post,level", [
    ("बैठक में जिलाध्यक्ष अनिल कोसले उपस्थित रहे।", "अनिल कोसले", "president", "district"),
    ("बैठक में रमेश साहू आईटी सेल संयोजक उपस्थित रहे।", "रमेश साहू", "convener", None),
    ("बैठक में प्रदेश सह प्रभारी हरीश नायक उपस्थित रहे।", "हरीश नायक", "co_in_charge", "state"),
    ("बैठक में लोकसभा सांसद मोहन मंडावी उपस्थित रहे।", "मोहन मंडावी", "mp", "loksabha"),
    ("बैठक में पूर्व मंडल अध्यक्ष कैलाश नाग उपस्थित रहे।", "कैलाश नाग", "former", "mandal"),
    ("बैठक में सोशल मीडिया प्रभारी नीरज दास उपस्थित रहे।", "नीरज दास", "in_charge", None),
    ("बैठक में जिला मीडिया प्रभारी नीरज दास उपस्थित रहे।", "नीरज दास", "media_in_charge", "district"),
    ("बैठक में संभाग प्रभारी एवं जिला संयोजक नीरज दास उपस्थित रहे।", "नीरज दास", "in_charge", "division"),
])
def test_post_and_level(sentence, name, post, level):
    d = parse(sentence)[name]
    assert (d.post, d.level) == (post, level)


def test_wing_and_jurisdiction():
    d = parse("बैठक में भाजपा महिला मोर्चा की कांकेर जिला अध्यक्ष सरिता उसेंडी उपस्थित रहीं।")["सरिता उसेंडी"]
    assert (d.post, d.level, d.wing, d.jurisdiction) == ("president", "district", "women", "कांकेर")


def test_group_mention_is_not_a_name():
    assert parse("बैठक में जिला संयोजक सह संयोजक तथा सैकड़ों कार्यकर्ता उपस्थित रहे।") == {}


def test_designation_in_brackets_after_the_name():
    d = parse("बैठक में रमेश कुमार (जिला महामंत्री), सुनीता देवी (महिला मोर्चा अध्यक्ष) उपस्थित रहे।")
    assert (d["रमेश कुमार"].post, d["रमेश कुमार"].level) == ("general_secretary", "district")
    assert (d["सुनीता देवी"].post, d["सुनीता देवी"].wing) == ("president", "women")


def test_a_former_post_of_two_words_stays_former():
    d = parse("बैठक में एस. के. निरंजन (पूर्व ब्लॉक प्रमुख) उपस्थित रहे।")["एस. के. निरंजन"]
    assert (d.post, d.level) == ("former", "block")


@pytest.mark.parametrize("sentence,name,post,level", [
    ("बैठक में जिला प्रधान महासचिव मो. जफर आलम उपस्थित रहे।", "मो. जफर आलम", "general_secretary", "district"),
    ("बैठक में ब्लॉक प्रधान अमरीक सिंह गिल उपस्थित रहे।", "अमरीक सिंह गिल", "president", "block"),
    ("बैठक में रायपुर शहर जिलाध्यक्ष नसरीन बानो उपस्थित रहीं।", "नसरीन बानो", "president", "district"),
    ("बैठक में हलका इंचार्ज गुरप्रीत सिंह उपस्थित रहे।", "गुरप्रीत सिंह", "in_charge", "vidhansabha"),
    ("बैठक में मेरठ मंडल अध्यक्ष धर्मपाल तोमर उपस्थित रहे।", "धर्मपाल तोमर", "president", "division"),
    ("बैठक में जिला योजना बोर्ड के चेयरमैन जसविंदर धालीवाल उपस्थित रहे।", "जसविंदर धालीवाल", "chairman", "district"),
])
def test_more_posts(sentence, name, post, level):
    d = parse(sentence)[name]
    assert (d.post, d.level) == (post, level)


def test_a_list_items_designation_after_a_comma():
    sentence = "शिवलाल किस्कू, जिला कोषाध्यक्ष"
    found_places = {s: (e, sentence[s:e], p) for s, e, p in places.find_places(sentence)}
    words = mentions.tag(tokenize(sentence), found_places)
    [m] = mentions.find(words, sentence, 0, set(), item=True)
    assert (m.name, m.designation.post, m.designation.level) == ("शिवलाल किस्कू", "treasurer", "district")


def test_a_legislators_level_is_the_house():
    from pipelines.extract.designations import parse
    from pipelines.extract.lexicon import get
    units = get().units
    level, post = units.table[("शहर",)], units.table[("विधायक",)]
    d = parse("शहर के विधायक", [level, None, post], [None, None, None])
    assert (d.post, d.level) == ("mla", "vidhansabha")
