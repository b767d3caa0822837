"""Behaviour of the meeting-fact extractor on short reports written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from pipelines.extract import EXTRACTOR_VERSION, extract
from pipelines.extract.model import Context

PUBLISHED = date(2024, 5, 14)  # a Tuesday

REPORT = (
    "जशपुर। भारतीय जनता पार्टी किसान मोर्चा की जिला कार्यसमिति की बैठक आज भाजपा जिला कार्यालय में "
    "जिलाध्यक्ष श्री हरिशंकर पटेल की अध्यक्षता में संपन्न हुई। बैठक में मुख्य अतिथि प्रदेश महामंत्री "
    "विजय नारायण साहू थे। विशिष्ट अतिथियों में संभाग प्रभारी मनोहर लाल गुप्ता, जिला पंचायत सदस्य "
    "कुसुम बंजारे तथा पूर्व विधायक रामचरण भगत रहे।\n"
    "मुख्य अतिथि विजय नारायण साहू ने कहा कि किसानों के मुद्दों पर मोर्चा गांव गांव तक जाएगा। उन्होंने कहा "
    "कि हर मंडल में नई टीम बनेगी। पहला सत्र प्रदेश मंत्री सुरेन्द्र वर्मा ने लिया। बैठक को मीडिया प्रभारी "
    "दिनेश कुमार चौहान ने भी संबोधित किया।\n"
    "मंच संचालन जिला महामंत्री अशोक निषाद ने किया तथा आभार जिला उपाध्यक्ष डॉ. सविता राठिया ने व्यक्त किया।\n"
    "इस अवसर पर सुरेंद्र वर्मा, गोपाल सिंह ठाकुर, अनुराधा मिंज, बलराम कश्यप, धनेश्वर पैंकरा आदि उपस्थित रहे।"
)


@pytest.fixture(scope="module")
def meeting():
    ex = extract(REPORT, Context(published=PUBLISHED))
    assert len(ex.meetings) == 1
    return ex.meetings[0]


def people(m) -> dict:
    return {p.name: p for p in m.participants}


def test_version_and_json_shape(meeting):
    ex = extract(REPORT, Context(published=PUBLISHED))
    js = ex.to_json()
    assert js["extractor_version"] == EXTRACTOR_VERSION
    assert {"organisation", "wings", "level", "kind", "mode", "place", "state", "date", "participants"} <= set(js["meetings"][0])


def test_meeting_fields(meeting):
    assert meeting.organisation == "BJP"
    assert meeting.wings == ["kisan"]
    assert meeting.level == "district"
    assert meeting.kind == "meeting"
    assert meeting.mode == "in_person"
    assert meeting.place == "जशपुर"
    assert meeting.state == "Chhattisgarh"
    assert meeting.date == "2024-05-14"  # आज = published
    assert "कार्यालय" in (meeting.venue or "")


@pytest.mark.parametrize("name,role", [
    ("हरिशंकर पटेल", "chair"),
    ("विजय नारायण साहू", "chief_guest"),
    ("मनोहर लाल गुप्ता", "special_guest"),
    ("कुसुम बंजारे", "special_guest"),
    ("रामचरण भगत", "special_guest"),
    ("विजय नारायण साहू", "speaker"),
    ("सुरेन्द्र वर्मा", "speaker"),
    ("दिनेश कुमार चौहान", "speaker"),
    ("अशोक निषाद", "conductor"),
    ("सविता राठिया", "vote_of_thanks"),
    ("गोपाल सिंह ठाकुर", "attendee"),
    ("धनेश्वर पैंकरा", "attendee"),
])
def test_each_construction_gives_its_role(meeting, name, role):
    assert role in people(meeting)[name].roles


def test_posts_and_levels(meeting):
    p = people(meeting)
    assert (p["हरिशंकर पटेल"].post, p["हरिशंकर पटेल"].level) == ("president", "district")
    assert (p["विजय नारायण साहू"].post, p["विजय नारायण साहू"].level) == ("general_secretary", "state")
    assert (p["मनोहर लाल गुप्ता"].post, p["मनोहर लाल गुप्ता"].level) == ("in_charge", "division")
    assert p["रामचरण भगत"].post == "former"
    assert p["दिनेश कुमार चौहान"].post == "media_in_charge"
    assert p["गोपाल सिंह ठाकुर"].post is None


def test_honorifics_stripped_and_variants_merged(meeting):
    names = people(meeting)
    assert "हरिशंकर पटेल" in names and "सविता राठिया" in names  # श्री, डॉ. dropped
    assert "सुरेंद्र वर्मा" in names["सुरेन्द्र वर्मा"].aliases  # one person, two spellings
    assert "सुरेंद्र वर्मा" not in names
    assert "attendee" in names["सुरेन्द्र वर्मा"].roles


def test_pronoun_statement_goes_to_last_speaker(meeting):
    speaker = people(meeting)["विजय नारायण साहू"]
    assert len(speaker.statements) == 2
    assert speaker.statements[1].text.startswith("हर मंडल")


def test_evidence_offsets_are_exact(meeting):
    for p in meeting.participants:
        assert p.evidence
        for ev in p.evidence:
            assert REPORT[ev.start:ev.end] == ev.sentence
        for st in p.statements:
            assert REPORT[st.start:st.end] == st.text
    for ev in meeting.evidence:
        assert REPORT[ev.start:ev.end] == ev.sentence


def test_romanised_names(meeting):
    assert people(meeting)["हरिशंकर पटेल"].romanised == "Harishankar Patel"
    assert all(p.romanised for p in meeting.participants)


def test_designation_after_the_name_and_place_lists_are_not_people():
    text = ("कोरिया। कांग्रेस की जिला स्तरीय बैठक सोमवार को हुई। बैठक में रमेश सोनी युवा कांग्रेस "
            "जिलाध्यक्ष, नरेश साहू बैकुंठपुर, मनेंद्रगढ़, सूरजपुर, बलरामपुर ब्लॉक अध्यक्ष उपाध्यक्ष तथा "
            "सैकड़ों कार्यकर्ता उपस्थित रहे।")
    m = extract(text, Context(published=PUBLISHED)).meetings[0]
    p = people(m)
    assert set(p) == {"रमेश सोनी", "नरेश साहू"}
    assert (p["रमेश सोनी"].post, p["रमेश सोनी"].level) == ("president", "district")
    assert m.date == "2024-05-13"  # सोमवार before a Tuesday publication


def test_two_posts_first_printed_wins_and_shared_designation():
    text = ("अंबिकापुर। भाजपा युवा मोर्चा की बैठक संपन्न हुई। बैठक की अध्यक्षता प्रदेश संयोजक ललित एक्का एवं "
            "सुनीता तिग्गा ने की। सरगुजा संभाग सह-प्रभारी एवं जिला प्रभारी अमर सिंह मरावी ने बैठक को संबोधित किया।")
    m = extract(text, Context()).meetings[0]
    p = people(m)
    assert p["सुनीता तिग्गा"].post == "convener"  # "संयोजक A एवं B": both conveners
    assert {"chair"} <= set(p["ललित एक्का"].roles) and {"chair"} <= set(p["सुनीता तिग्गा"].roles)
    assert (p["अमर सिंह मरावी"].post, p["अमर सिंह मरावी"].level) == ("co_in_charge", "division")
    assert m.wings == ["youth"]
    assert m.date is None  # no day word, no publication date


def test_surname_back_reference_is_an_alias():
    text = ("धमतरी। सपा की जिला कार्यकारिणी बैठक हुई। बैठक में प्रदेश सचिव श्री कमलेश्वर त्रिपाठी मुख्य अतिथि रहे। "
            "श्री त्रिपाठी ने कहा कि संगठन को मजबूत करना है।")
    m = extract(text, Context()).meetings[0]
    p = people(m)["कमलेश्वर त्रिपाठी"]
    assert "त्रिपाठी" in p.aliases
    assert {"chief_guest", "speaker"} <= set(p.roles)


@pytest.mark.parametrize("text", [
    # an announcement of a meeting still to come
    "जांजगीर। कांग्रेस की जिला स्तरीय बैठक कल सुबह 11 बजे कांग्रेस भवन में आयोजित होगी। जिलाध्यक्ष मोहन लाल "
    "यादव ने बताया कि सभी पदाधिकारी समय पर पहुंचें।",
    # a protest with a memorandum
    "बलौदा। किसानों ने धान खरीदी में देरी के विरोध में तहसील कार्यालय के सामने धरना प्रदर्शन किया और "
    "ज्ञापन सौंपा। धरने का नेतृत्व किसान नेता रामेश्वर पटेल ने किया। इस अवसर पर अनेक किसान उपस्थित रहे।",
    # crime and weather reports
    "कोरबा। शहर के बाजार में देर रात एक दुकान में चोरी हो गई। थाना प्रभारी सुरेश ठाकुर ने बताया कि जांच जारी है।",
    # Marathi in Devanagari
    "नाशिक। पक्षाच्या जिल्हा कार्यकारिणीची बैठक रविवारी पार पडली. या बैठकीत अनेक पदाधिकारी उपस्थित होते आणि "
    "जिल्हाध्यक्षांनी मार्गदर्शन केले.",
    "", "   ", "An English sentence about a meeting.",
])
def test_no_meeting(text):
    assert extract(text, Context(published=PUBLISHED)).meetings == []


def test_two_meetings_in_one_report():
    text = ("बस्तर। कांग्रेस की जगदलपुर जिला कमेटी की बैठक रविवार को कांग्रेस भवन में जिलाध्यक्ष राजेश "
            "कवासी की अध्यक्षता में हुई। बैठक में महामंत्री सुखराम नाग उपस्थित रहे।\n"
            "इसी दिन शाम को कांग्रेस की बकावंड ब्लॉक कमेटी की बैठक भी ब्लॉक अध्यक्ष दीपक बघेल की अध्यक्षता में हुई। "
            "बैठक में मंगल राम बघेल और सोमारू कश्यप उपस्थित रहे।")
    ms = extract(text, Context(published=PUBLISHED)).meetings
    assert [m.level for m in ms] == ["district", "block"]
    assert [m.date for m in ms] == ["2024-05-12", "2024-05-12"]
    assert "दीपक बघेल" in people(ms[1]) and "दीपक बघेल" not in people(ms[0])


def test_virtual_meeting():
    text = ("भोपाल। मध्यप्रदेश महिला कांग्रेस की प्रदेश स्तरीय बैठक शनिवार को ऑनलाइन माध्यम से हुई। "
            "बैठक की अध्यक्षता प्रदेश अध्यक्ष श्रीमती रेखा सिंह ने की।")
    m = extract(text, Context(published=PUBLISHED)).meetings[0]
    assert (m.mode, m.wings, m.level, m.organisation) == ("virtual", ["women"], "state", "INC")


def test_nothing_crashes_on_odd_text():
    for text in ["((((", "।।।", "\u200d\u200c", "श्री", "बैठक में , , , उपस्थित", "क" * 5000, "बैठक। " * 2000]:
        extract(text, Context())
