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
