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


def test_two_posts_first_printed_wins_and_a_post_printed_once_is_the_firsts():
    text = ("अंबिकापुर। भाजपा युवा मोर्चा की बैठक संपन्न हुई। बैठक की अध्यक्षता प्रदेश संयोजक ललित एक्का एवं "
            "सुनीता तिग्गा ने की। सरगुजा संभाग सह-प्रभारी एवं जिला प्रभारी अमर सिंह मरावी ने बैठक को संबोधित किया।")
    m = extract(text, Context()).meetings[0]
    p = people(m)
    assert p["सुनीता तिग्गा"].post is None  # "संयोजक A एवं B": A's post alone (gold v2.2)
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


# --- attendance lists, initials, brackets (texts written for these tests) ------

LIST_REPORT = (
    "अल्मोड़ा। भाजपा की जिला कार्यसमिति की बैठक रविवार को जिलाध्यक्ष के.एस. बिष्ट की अध्यक्षता में हुई। "
    "संचालन जिला महामंत्री एन. डी. पांडे ने किया तथा आभार जिला उपाध्यक्ष टी. सी. जोशी ने जताया।\n"
    "बैठक में प्रमुख रूप से उपस्थित रहे:\n"
    "1. गोविंद सिंह मेहरा (पूर्व जिलाध्यक्ष)\n"
    "२. कमला आर्या, जिला मंत्री\n"
    "3) हरीश चंद्र – जिला कोषाध्यक्ष\n"
    "• जगदीश\n"
    "- बसंत बल्लभ कर्नाटक\n"
    "सुनीता बोरा\n"
)


@pytest.fixture(scope="module")
def listed():
    return people(extract(LIST_REPORT, Context(published=PUBLISHED)).meetings[0])


def test_a_list_printed_one_name_a_line_takes_its_openers_role(listed):
    for name in ("गोविंद सिंह मेहरा", "कमला आर्या", "हरीश चंद्र", "जगदीश", "बसंत बल्लभ कर्नाटक", "सुनीता बोरा"):
        assert listed[name].roles == ["attendee"], name


def test_list_items_keep_their_designations(listed):
    assert (listed["गोविंद सिंह मेहरा"].post, listed["गोविंद सिंह मेहरा"].level) == ("former", "district")
    assert (listed["कमला आर्या"].post, listed["कमला आर्या"].level) == ("secretary", "district")
    assert listed["हरीश चंद्र"].post == "treasurer"


def test_initials_belong_to_the_name_and_do_not_end_sentences(listed):
    assert listed["के.एस. बिष्ट"].roles == ["chair"]
    assert listed["एन. डी. पांडे"].roles == ["conductor"]
    assert listed["टी. सी. जोशी"].roles == ["vote_of_thanks"]  # not the conductor's too


def test_a_state_used_as_a_surname_is_not_the_meetings_state():
    m = extract(LIST_REPORT, Context(published=PUBLISHED)).meetings[0]
    assert m.state == "Uttarakhand"


@pytest.mark.parametrize("opener,closer,roles", [
    ("इस अवसर पर निम्न कार्यकर्ता मौजूद रहे –", "", ["attendee"]),
    ("उपस्थित पदाधिकारी:", "", ["attendee"]),
    ("बैठक में इन्होंने भाग लिया", "", ["attendee"]),
    ("", "आदि उपस्थित रहे।", ["attendee"]),
    ("बैठक में ये नेता शामिल होंगे:", "", []),  # the future
    ("नई कार्यकारिणी इस प्रकार है:", "", []),  # appointments, not attendance
    ("", "फोटो: बैठक में मौजूद नेता", []),  # a caption does not close the list
])
def test_what_the_lines_around_a_list_say(opener, closer, roles):
    lines = ["रायगढ़। कांग्रेस की ब्लॉक कमेटी की बैठक सोमवार को हुई।", opener,
             "1. रमेश कुमार साहू", "2. सुनीता पटेल (ब्लॉक महामंत्री)", closer]
    m = extract("\n".join(x for x in lines if x), Context(published=PUBLISHED)).meetings[0]
    assert {n: p.roles for n, p in people(m).items()} == ({"रमेश कुमार साहू": roles, "सुनीता पटेल": roles}
                                                          if roles else {})


def test_inline_lists_after_a_colon_or_numbered_in_a_sentence():
    text = ("कानपुर। सपा की नगर कमेटी की बैठक रविवार को हुई। बैठक में उपस्थित रहे: रमेश शुक्ला, दिनेश कटियार, "
            "पूजा अवस्थी (महिला सभा नगर अध्यक्ष)। इस अवसर पर 1. अजय सिंह 2. विजय सिंह चौहान 3. संतोष वर्मा आदि मौजूद रहे।")
    p = people(extract(text, Context(published=PUBLISHED)).meetings[0])
    for name in ("रमेश शुक्ला", "दिनेश कटियार", "पूजा अवस्थी", "अजय सिंह", "विजय सिंह चौहान", "संतोष वर्मा"):
        assert p[name].roles == ["attendee"], name
    assert (p["पूजा अवस्थी"].post, p["पूजा अवस्थी"].level) == ("president", "city")


def test_bracketed_designation_keeps_the_list_together():
    text = ("रांची। कांग्रेस सेवादल का सम्मेलन रविवार को हुआ। सम्मेलन में मुख्य रूप से प्रदेश सचिव अनिल तिर्की, "
            "रेणु देवी, आफताब आलम (हिंदपीढ़ी प्रखंड अध्यक्ष), प्रदीप मिंज, आशीष, संतोष मुंडा समेत कार्यकर्ता उपस्थित थे।")
    p = people(extract(text, Context(published=PUBLISHED)).meetings[0])
    assert set(p) == {"अनिल तिर्की", "रेणु देवी", "आफताब आलम", "प्रदीप मिंज", "आशीष", "संतोष मुंडा"}
    assert (p["आफताब आलम"].post, p["आफताब आलम"].level) == ("president", "block")
    assert all(x.roles == ["attendee"] for x in p.values())


def test_a_town_printed_after_the_post_is_not_part_of_the_name():
    text = ("मुजफ्फरनगर। भाकियू की मासिक पंचायत रविवार को हुई। पंचायत में ब्लॉक अध्यक्ष बुढ़ाना संजीव राठी, "
            "नगर अध्यक्ष खतौली पवन कुमार, ब्लॉक अध्यक्ष राम कुमार यादव आदि मौजूद रहे।")
    p = people(extract(text, Context(published=PUBLISHED)).meetings[0])
    assert set(p) == {"संजीव राठी", "पवन कुमार", "राम कुमार यादव"}
    assert p["संजीव राठी"].designation == "ब्लॉक अध्यक्ष बुढ़ाना"
    assert (p["पवन कुमार"].post, p["पवन कुमार"].level) == ("president", "city")


def test_a_mandal_named_after_a_revenue_division_is_a_division():
    text = ("गोंडा। भाजपा देवीपाटन मंडल की समीक्षा बैठक बुधवार को हुई। अध्यक्षता देवीपाटन मंडल प्रभारी "
            "एम.एस. रावत ने की। बैठक में सरायमीर मंडल अध्यक्ष रामू यादव उपस्थित रहे।")
    m = extract(text, Context(published=PUBLISHED)).meetings[0]
    p = people(m)
    assert m.level == "division"
    assert (p["एम.एस. रावत"].post, p["एम.एस. रावत"].level) == ("in_charge", "division")
    assert p["रामू यादव"].level == "mandal"  # a party's मंडल


def test_guests_and_speakers_sharing_one_verb():
    text = ("मधेपुरा। राजद की प्रखंड कमेटी की बैठक रविवार को हुई। बैठक में मुख्य अतिथि के रूप में पूर्व विधायक "
            "चंद्रकिशोर पासवान तथा विशिष्ट अतिथि के रूप में जिला प्रधान महासचिव जफर आलम शामिल हुए। पहले सत्र में "
            "प्रशिक्षक ए. के. मिश्रा ने संगठन पर तथा प्रदेश सचिव नेहा राठौर ने बूथ प्रबंधन पर सत्र लिए।")
    p = people(extract(text, Context(published=PUBLISHED)).meetings[0])
    assert set(p["चंद्रकिशोर पासवान"].roles) == {"chief_guest", "attendee"}
    assert set(p["जफर आलम"].roles) == {"special_guest", "attendee"}
    assert (p["जफर आलम"].post, p["जफर आलम"].level) == ("general_secretary", "district")
    assert p["ए. के. मिश्रा"].roles == ["speaker"] and p["नेहा राठौर"].roles == ["speaker"]


@pytest.mark.parametrize("text,place,state", [
    # the text says where it was held: that town, though the gazetteer lacks it
    ("संगरूर, 11 मार्च। आप के कार्यकर्ताओं की बैठक रविवार को धूरी के गुरु तेग बहादुर भवन में हुई।", "धूरी", "Punjab"),
    # a town LGD knows by its English name only (Jogindarnagar)
    ("मंडी, 8 मई। युवा कांग्रेस की बैठक रविवार को जोगिंदरनगर स्थित एक होटल में हुई।", "जोगिंदरनगर", "Himachal Pradesh"),
    # a locality of the dateline town
    ("नागपुर : शिवसेना की बैठक रविवार को गणेशपेठ स्थित शिवसेना भवन में हुई।", "नागपुर", "Maharashtra"),
])
def test_place_when_the_gazetteer_lacks_the_town(text, place, state):
    m = extract(text, Context(published=PUBLISHED)).meetings[0]
    assert (m.place, m.state) == (place, state)


@pytest.mark.parametrize("text,place,state", [
    # the town stands before a part of it in the venue phrase; LGD spells it otherwise (खारीक)
    ("भागलपुर। जदयू की प्रखंड कमेटी की बैठक रविवार को खरीक बाजार स्थित एक विवाह भवन में हुई।", "खरीक", "Bihar"),
    # a locality called like a town of a state the text never speaks of: the dateline's town
    ("ग्वालियर। भाजपा की मंडल बैठक सोमवार को देवली स्थित एक होटल में हुई।", "ग्वालियर", "Madhya Pradesh"),
    # a road named after another town
    ("गाजियाबाद। सपा की महानगर कमेटी की बैठक रविवार को मेरठ रोड स्थित एक होटल में हुई।", "गाजियाबाद", "Uttar Pradesh"),
    # two places in the dateline: the town after the slash
    ("नारनौल/अटेली, 4 मई। कांग्रेस की ब्लॉक कमेटी की बैठक सोमवार को पार्टी कार्यालय में हुई।", "अटेली", "Haryana"),
    # a virtual meeting: the unit's place, all its words
    ("जमशेदपुर। झामुमो पूर्वी सिंहभूम जिला समिति की वर्चुअल बैठक रविवार को हुई।", "पूर्वी सिंहभूम", "Jharkhand"),
])
def test_place_of_the_venue_phrase_and_the_dateline(text, place, state):
    m = extract(text, Context(published=PUBLISHED)).meetings[0]
    assert (m.place, m.state) == (place, state)


def test_a_run_on_report_joined_by_commas_keeps_its_attendance_list():
    text = ("रुड़की, 9 मार्च। जिला कांग्रेस कमेटी की बैठक शनिवार को पार्टी कार्यालय में जिलाध्यक्ष हरपाल सिंह "
            "की अध्यक्षता में हुई जिसमें सदस्यता अभियान पर चर्चा हुई, जिलाध्यक्ष ने कहा कि हर बूथ पर दस नए सदस्य "
            "जोड़े जाएंगे, बैठक का संचालन जिला महामंत्री नरेंद्र सैनी ने किया, बैठक में मुख्य रूप से पार्षद अनीता "
            "रावत, वरिष्ठ नेता गोविंद बल्लभ जोशी, कमल किशोर, शाहिद हुसैन आदि उपस्थित थे।")
    m = extract(text, Context(published=date(2024, 3, 10))).meetings[0]
    roles = {p.name: p.roles for p in m.participants}
    assert "chair" in roles["हरपाल सिंह"] and "conductor" in roles["नरेंद्र सैनी"]
    for name in ("अनीता रावत", "गोविंद बल्लभ जोशी", "कमल किशोर", "शाहिद हुसैन"):
        assert "attendee" in roles[name], name


def test_importing_the_extractor_loads_no_crawler_database_or_cleaner():
    import subprocess
    import sys
    from pathlib import Path
    code = ("import pipelines.extract, sys; "
            "print(sorted(m for m in ('scrapy', 'psycopg', 'trafilatura') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("designation,shared", [
    ("सोशल मीडिया और आईटी के प्रदेश संयोजक", True),  # as many units as names
    ("मंडल प्रभारियों", True),  # a plural post
    ("प्रदेश संयोजक", False),
])
def test_a_post_before_two_names_is_shared_only_when_marked(designation, shared):
    text = f"भाजपा की प्रदेश बैठक हुई। बैठक की अध्यक्षता {designation} रमेश गुप्ता एवं दिनेश ठाकुर ने की।"
    post = people(extract(text, Context()).meetings[0])["दिनेश ठाकुर"].post
    assert (post is not None) == shared


def test_the_quick_look_for_an_event_word_never_misses_a_report_with_meetings():
    """A page with no event word is not analysed; every report with a meeting has one, in every set."""
    import json

    from pipelines.extract import lexicon
    from tests.conftest import ROOT, SHARED

    assert not lexicon.mentions_event("शहर में आज तेज बारिश हुई और कई सड़कों पर पानी भर गया।")
    assert lexicon.mentions_event("भाजपा की बैठक हुई।") and lexicon.mentions_event("भाजपा की बैठकों का दौर")
    # letters of an event phrase inside other words are no event: "आम" and "सभा" in आमसभा, विधानसभा
    assert not lexicon.mentions_event("आम के बागों वाले विधानसभा क्षेत्र में सड़क का लोकार्पण हुआ।")
    assert lexicon.mentions_event("विधानसभा क्षेत्र के किसानों की आम सभा हुई।")
    folders = [ROOT / "crawler" / "fixture" / "reports", ROOT / "tests" / "holdout", SHARED / "real"]  # real: where present
    checked = 0
    for folder in folders:
        for gold in sorted((folder / "gold").glob("*.json")):
            data = json.loads(gold.read_text(encoding="utf-8"))
            if data.get("meetings"):
                text = (folder / data["text_file"]).read_text(encoding="utf-8")
                assert lexicon.mentions_event(text), gold
                checked += 1
    assert checked > 100
