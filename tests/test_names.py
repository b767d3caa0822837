"""Name cleaning, variant merging and romanisation."""
from __future__ import annotations

import pytest

from pipelines.extract import names


@pytest.mark.parametrize("raw,clean", [
    ("श्री रमाकांत दुबे जी", "रमाकांत दुबे"),
    ("डॉ. अनुपमा सिंह", "अनुपमा सिंह"),
    ("श्रीमती कमला\u200d देवी", "कमला देवी"),
    ("माननीय श्री हरि प्रसाद", "हरि प्रसाद"),
    ("कु. श्रद्धा तिवारी", "श्रद्धा तिवारी"),
    ("प्रो. सी. के. दुबे", "सी. के. दुबे"),  # initials stay
])
def test_clean_strips_titles_and_joiners(raw, clean):
    assert names.clean(raw) == clean


@pytest.mark.parametrize("a,b", [
    ("सन्तोष मरकाम", "संतोष मरकाम"),      # anusvara / nasal consonant
    ("दीपिका साहू", "दिपिका साहू"),         # vowel length
    ("राकेश यादव", "राकेश कुमार यादव"),     # middle name
    ("भरत भाई पटेल", "भरतभाई पटेल"),       # spacing
    ("कमलेश नेताम", "कमलेश नेतम"),          # one edit in one word
    ("मो. अकरम खान", "अकरम खान"),           # a leading word dropped
])
def test_same_person(a, b):
    assert names.same_person(names.key(a), names.key(b))


@pytest.mark.parametrize("a,b", [
    ("योगेश साहू", "योगेश वर्मा"),
    ("अनिल ठाकुर", "सुनील ठाकुर"),
    ("जी. डी. भट्ट", "कैलाश चंद्र भट्ट"),  # initials are not a first name
    ("एस. पी. यादव", "अजय यादव"),
])
def test_different_people(a, b):
    assert not names.same_person(names.key(a), names.key(b))


def test_surname_refers_back():
    assert names.refers_to("मरकाम", names.key("संतोष मरकाम"))
    assert not names.refers_to("मरकाम", names.key("मरकाम"))
    assert names.refers_to("भट्ट", names.key("जी. डी. भट्ट"))


@pytest.mark.parametrize("name, roman", [
    ("गोपाल ठाकुर", "Gopal Thakur"),
    ("नरेंद्र सिंह", "Narendra Singh"),  # a final conjunct keeps its a; anusvara before ह is "ng"
    ("सूर्य प्रकाश मिश्र", "Surya Prakash Mishra"),
])
def test_romanise(name, roman):
    assert names.romanise(name) == roman


def test_a_title_written_into_a_given_name_refers_back():
    from pipelines.extract.names import key, refers_to
    assert refers_to("सलीमभाई", key("सलीम कुरैशी"))
    assert not refers_to("सलीमभाई", key("नसीम कुरैशी"))
