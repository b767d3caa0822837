"""Constructions of real regional reports that team-written texts lacked (issue 7).

Each case is a short report written for this test in the style of such pages:
short sentence ends, lists closed without a verb, one-word names, layout lines
before the dateline, fronted role nouns, scheduled meetings. A case names the
(name, role) pairs that must be read and the names that must not be people.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest

from pipelines.extract import extract
from pipelines.extract.model import Context, Participant

PUBLISHED = date(2023, 8, 21)


def roles_of(text: str) -> dict[str, set[str]]:
    """Every participant of every meeting found, with the roles read for them."""
    out: dict[str, set[str]] = {}
    for m in extract(text, Context(published=PUBLISHED)).meetings:
        for p in m.participants:
            out.setdefault(p.name, set()).update(p.roles)
    return out


def people_of(text: str) -> dict[str, Participant]:
    """Every participant of every meeting found, by name."""
    return {p.name: p for m in extract(text, Context(published=PUBLISHED)).meetings for p in m.participants}


CASES = {
    # A sentence ending in a short word and an ASCII full stop ("की.", "थे.").
    "short_word_full_stop": (
        "बैठक की अध्यक्षता जिलाध्यक्ष रमेश चंद्र ने की. बैठक में सुरेश यादव, महेश पटेल आदि थे.",
        {"रमेश चंद्र": {"chair"}, "सुरेश यादव": {"attendee"}, "महेश पटेल": {"attendee"}},
        [],
    ),
    # A list closed by a bare "आदि थे" and no attendance verb.
    "list_closed_by_aadi_the": (
        "कांग्रेस की प्रखंड कमेटी की बैठक हुई। बैठक में अमर नाथ, गीता देवी, सुनील महतो आदि थे।",
        {"अमर नाथ": {"attendee"}, "गीता देवी": {"attendee"}, "सुनील महतो": {"attendee"}},
        [],
    ),
    # Names listed with a group noun that is the subject of the attendance verb.
    "list_with_collective_subject": (
        "राजद की जिला कमेटी की बैठक संपन्न हुई। बैठक में विनोद पासवान, मुन्ना साह, रीता कुमारी "
        "सहित दर्जनों कार्यकर्ताओं ने भाग लिया।",
        {"विनोद पासवान": {"attendee"}, "मुन्ना साह": {"attendee"}, "रीता कुमारी": {"attendee"}},
        [],
    ),
    # A person printed with one word only, after a post or before ने.
    "one_word_names": (
        "भाजपा की जिला बैठक हुई। बैठक की अध्यक्षता जिला अध्यक्ष प्रमोद ने की। संचालन महामंत्री विनय ने किया।",
        {"प्रमोद": {"chair"}, "विनय": {"conductor"}},
        [],
    ),
    # An attendance verb printed on the next line, after a list with no punctuation.
    "verb_on_next_line": (
        "भाजपा जिला कार्यसमिति की बैठक हुई। बैठक में रमेश यादव, सुनीता देवी, कमल किशोर\nउपस्थित रहे।",
        {"रमेश यादव": {"attendee"}, "सुनीता देवी": {"attendee"}, "कमल किशोर": {"attendee"}},
        [],
    ),
    # Facts told through an informant ("ने बताया कि …") are facts of the meeting.
    "informant_speech": (
        "युवा मोर्चा की जिला बैठक संपन्न हुई। जिला मीडिया प्रभारी अरुण त्रिपाठी ने बताया कि बैठक में "
        "अशोक मिश्रा, विनीता सिंह उपस्थित रहे।",
        {"अशोक मिश्रा": {"attendee"}, "विनीता सिंह": {"attendee"}},
        [],
    ),
    # Words of no lexicon inside a designation (a campaign's name) neither split the list nor
    # become people; nor do ritual nouns with a role cue.
    "unknown_words_in_designations": (
        "भाजपा की नगर बैठक संपन्न हुई। बैठक का शुभारंभ ध्वज वंदन व दीप प्रज्वलन से हुआ। बैठक में नगर महामंत्री "
        "दीपक सोनी, जल संरक्षण अभियान के जिला संयोजक अरविंद तिवारी, महिला मोर्चा अध्यक्ष रजनी ठाकुर उपस्थित रहीं।",
        {"दीपक सोनी": {"attendee"}, "अरविंद तिवारी": {"attendee"}, "रजनी ठाकुर": {"attendee"}},
        ["ध्वज वंदन", "जल संरक्षण", "जल संरक्षण अभियान"],
    ),
    # A name printed before its designation, then a list of such.
    "name_before_designation": (
        "कांग्रेस की ब्लॉक बैठक हुई। बैठक में मुकेश ठाकरे ब्लॉक अध्यक्ष, ललिता मरकाम महिला कांग्रेस अध्यक्ष, "
        "सोहन उइके सेवादल संगठक उपस्थित रहे।",
        {"मुकेश ठाकरे": {"attendee"}, "ललिता मरकाम": {"attendee"}, "सोहन उइके": {"attendee"}},
        [],
    ),
    # A list item naming the member's unit with an adjective ("चिकित्सा प्रकोष्ठ से X").
    "unit_adjective_in_list": (
        "भाजपा महानगर की बैठक संपन्न हुई। इस अवसर पर उपाध्यक्ष नीरज गोयल, सुधीर बंसल, "
        "चिकित्सा प्रकोष्ठ से अमित जैन, हरीश कपूर आदि उपस्थित रहे।",
        {"नीरज गोयल": {"attendee"}, "सुधीर बंसल": {"attendee"}, "अमित जैन": {"attendee"}, "हरीश कपूर": {"attendee"}},
        [],
    ),
    # A fronted role noun, a chain of designated names, and the verb after the last.
    "fronted_chair_chain": (
        "भाजपा की जिला कार्यसमिति बैठक हुई। इस बैठक की अध्यक्षता जिला प्रभारी, प्रदेश मंत्री हेमंत शर्मा और "
        "सह प्रभारी नरेंद्र पाल ने की।",
        {"हेमंत शर्मा": {"chair"}, "नरेंद्र पाल": {"chair"}},
        [],
    ),
    # A fronted object "बैठक को", several subjects (one printed with one word), the verb ली.
    "fronted_object_took_meeting": (
        "युवा मोर्चा की प्रदेश बैठक हुई। बैठक को प्रदेश उपाध्यक्ष सुरेश, जिला प्रभारी गोविंद एवं महामंत्री "
        "रमाकांत पांडे ने वीडियो कॉन्फ्रेंसिंग के माध्यम से ली।",
        {"सुरेश": {"chair"}, "गोविंद": {"chair"}, "रमाकांत पांडे": {"chair"}},
        [],
    ),
    # A list whose designations hold ordinary words ("कार्यक्रम संयोजक") shares its closing verb.
    "list_with_wordy_designations": (
        "भाजपा की नगर बैठक हुई। बैठक में नगर के विधायक रामेश्वर शर्मा, अशोक चौहान, महापौर नीता पटेल, "
        "नगर कार्यक्रम संयोजक मोहन सिंह मौजूद रहे।",
        {"रामेश्वर शर्मा": {"attendee"}, "अशोक चौहान": {"attendee"}, "नीता पटेल": {"attendee"},
         "मोहन सिंह": {"attendee"}},
        [],
    ),
    # A group noun after the names is the subject ("A, B आदि कार्यकर्ताओं ने भाग लिया").
    "list_closed_by_group_subject": (
        "सपा की विधानसभा बैठक हुई। बैठक में जिला सचिव रमेश पाल, दीपक यादव, सलमान खान आदि कार्यकर्ताओं ने "
        "भाग लिया।",
        {"रमेश पाल": {"attendee"}, "दीपक यादव": {"attendee"}, "सलमान खान": {"attendee"}},
        [],
    ),
    # A title after the name does not hide the subject; the names before it speak too.
    "title_after_subject": (
        "बसपा का कार्यकर्ता सम्मेलन हुआ। सम्मेलन को पूर्व मंत्री हरिराम वर्मा, जिला सचिव मनोज गौतम एडवोकेट "
        "ने संबोधित किया।",
        {"हरिराम वर्मा": {"speaker"}, "मनोज गौतम": {"speaker"}},
        [],
    ),
    # Someone only expected at a meeting did nothing at it.
    "future_clause_gives_no_role": (
        "संघ की नगर बैठक नगरकार्यवाह सुरेश की अध्यक्षता में हुई। बैठक में जिला संघचालक रमेश अग्रवाल भी पधार "
        "रहे हैं।",
        {"सुरेश": {"chair"}},
        ["रमेश अग्रवाल", "नगरकार्यवाह सुरेश"],
    ),
    # A run-on: the speakers' verb, then the conductor's clause with no danda between.
    "run_on_clauses": (
        "युवा कांग्रेस की बैठक हुई। बैठक को जिला अध्यक्ष विकास सोनी, रवि जैन आदि ने संबोधित किया मंच संचालन "
        "ब्लॉक अध्यक्ष आलोक राय द्वारा किया गया एवं आभार प्रदर्शन सुमित साहू द्वारा किया गया।",
        {"विकास सोनी": {"speaker"}, "रवि जैन": {"speaker"}, "आलोक राय": {"conductor"},
         "सुमित साहू": {"vote_of_thanks"}},
        [],
    ),
    # The guests named once, then spoken of together.
    "guests_together": (
        "भाजपा मंडल की बैठक हुई। बैठक में मुख्य अतिथि जिला अध्यक्ष महेश गर्ग तथा विशिष्ट अतिथि विधायक "
        "सुनीता मीणा रहे। बैठक का शुभारंभ अतिथियों द्वारा दीप प्रज्वलन कर किया गया।",
        {"महेश गर्ग": {"chief_guest", "inaugurator"}, "सुनीता मीणा": {"special_guest", "inaugurator"}},
        [],
    ),
    # A collective subject after a comma and a conjunction; plural nouns and ने are no names.
    "collective_after_conjunction": (
        "पार्टी की राष्ट्रीय मीटिंग हुई। मीटिंग में रमेश चंद्र (राष्ट्रीय उपाध्यक्ष), सुनीता (प्रदेश सचिव), "
        "एवं विभिन्न पदाधिकारियों ने हिस्सा लिया। बैठक में ब्लॉकों के ओहदेदारों नें भाग लिया।",
        {"रमेश चंद्र": {"attendee"}, "सुनीता": {"attendee"}},
        ["ओहदेदारों", "नें", "ब्लॉकों"],
    ),
    # Spelling and agreement variants of cues; an abbreviation with "०".
    "cue_variants": (
        "जदयू का जिला सम्मेलन हुआ। सम्मेलन का आयोजन जिला अध्यक्ष राम प्रवेश सिंह के अध्यक्षता में किया गया। "
        "बतौर मुख्यतिथि प्रदेश महासचिव ओम प्र० वर्मा रहे।",
        {"राम प्रवेश सिंह": {"chair"}, "ओम प्र० वर्मा": {"chief_guest"}},
        [],
    ),
    # A closing cue after "इस बैठक में" still belongs to the names before it.
    "cue_after_this_meeting": (
        "कांग्रेस की जिला बैठक हुई। प्रदेश सचिव महेंद्र चौहान इस बैठक में विशेष रूप से उपस्थित रहे।",
        {"महेंद्र चौहान": {"special_guest"}},
        [],
    ),
    # Gapped coordination: each role noun goes with the name after it; two role nouns with one.
    "gapped_role_nouns": (
        "लोजपा की जिला बैठक संपन्न हुई। बैठक की अध्यक्षता मनोज पासवान एवं संचालन दिनेश राम ने किया। "
        "सम्मेलन का संचालन एवं संयोजन जिला सचिव अरुण कुमार ने किया।",
        {"मनोज पासवान": {"chair"}, "दिनेश राम": {"conductor"}, "अरुण कुमार": {"conductor", "organiser"}},
        [],
    ),
    # A cue inside a building's name; a Latin post; people honoured at the meeting attended it.
    "venue_with_cue_words_and_latin_post": (
        "रालोद की समीक्षा बैठक लाल बहादुर शास्त्री विशिष्ट अतिथि गृह में संपन्न हुई। बैठक में पूर्व MLA "
        "राजकुमार यादव का शॉल भेंट कर सम्मानित किया गया।",
        {"राजकुमार यादव": {"attendee"}},
        ["शास्त्री", "लाल बहादुर शास्त्री"],
    ),
    # A list item's jurisdiction of no lexicon is not a person.
    "jurisdiction_in_list_items": (
        "झामुमो प्रखंड कमेटी की बैठक हुई। बैठक में उपस्थित पदाधिकारी:\nसोमरा मुंडा, बरहेट प्रखंड अध्यक्ष\n"
        "सुखलाल हेंब्रम, तालझारी प्रखंड सचिव",
        {"सोमरा मुंडा": {"attendee"}, "सुखलाल हेंब्रम": {"attendee"}},
        ["बरहेट", "तालझारी"],
    ),
    # Portraits honoured at the start are no participants; a misspelt conjunction still joins a list.
    "portraits_are_not_people": (
        "भाजपा मंडल की बैठक हुई। बैठक का शुभारंभ रामप्रसाद बिस्मिल और चंद्रशेखर आजाद के चित्रों पर "
        "पुष्पांजलि अर्पित कर किया गया। बैठक में मोहन लाल एबं सुरेश चंद उपस्थित रहे।",
        {"मोहन लाल": {"attendee"}, "सुरेश चंद": {"attendee"}},
        ["रामप्रसाद बिस्मिल", "चंद्रशेखर आजाद"],
    ),
    # A speaker printed without ने ("X … संबोधित करते हुए कहा"); someone only quoted is not one.
    "subject_without_ne": (
        "जदयू का जिला सम्मेलन हुआ। प्रदेश सचिव अरविंद सिंह कार्यकर्ताओं को संबोधित करते हुए कहा कि संगठन "
        "मजबूत है। उन्होंने राष्ट्रीय अध्यक्ष ललित नारायण का संदेश पढ़कर सुनाया और कहा कि चुनाव की तैयारी करें।",
        {"अरविंद सिंह": {"speaker"}},
        ["ललित नारायण"],
    ),
    # A surname that is also a unit word before a cue; a given name that is also a town in a list.
    "surname_and_given_name_homographs": (
        "राजद की प्रखंड बैठक प्रखंड अध्यक्ष सुरेश कुमार मंडल की अध्यक्षता में हुई। बैठक में रामू यादव, "
        "मथुरा पासवान, अशोक राम आदि थे।",
        {"सुरेश कुमार मंडल": {"chair"}, "मथुरा पासवान": {"attendee"}, "अशोक राम": {"attendee"}},
        [],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_construction(case):
    text, expected, absent = CASES[case]
    found = roles_of(text)
    for name, roles in expected.items():
        assert name in found, f"{name} not found in {sorted(found)}"
        assert roles <= found[name], f"{name}: {found[name]} lacks {roles - found[name]}"
    for name in absent:
        assert name not in found, f"{name} is not a participant"


def test_special_presence_is_not_attendance():
    found = roles_of("किसान मोर्चा की बैठक हुई। इस बैठक में विशेष रूप से प्रदेश मंत्री अरुण चौधरी भी मौजूद रहे।")
    assert found == {"अरुण चौधरी": {"special_guest"}}


# Detection and tense: (report, meetings that took place).
DETECTION = {
    # The lead announces a future event; the meeting is told with the light verb "बैठक की".
    "light_verb_after_future_lead": (
        "प्रदेश अध्यक्ष रविवार को कार्यकर्ता सम्मेलन को संबोधित करेंगे।\n"
        "जिलाध्यक्ष अनिल शर्मा व महामंत्री सुरेश गुप्ता ने सम्मेलन की तैयारियों को लेकर समीक्षा बैठक की। "
        "इस बैठक में राकेश वर्मा, दिनेश जोशी उपस्थित रहे।", 1),
    # A scheduled meeting in the perfect passive, with its chair in the future tense.
    "scheduled_perfect_passive": (
        "जिला कांग्रेस कमेटी की बैठक 12 सितंबर को पार्टी कार्यालय में आहूत की गई है। "
        "बैठक की अध्यक्षता जिलाध्यक्ष मनोज तिवारी करेंगे।", 0),
    # A progressive future ("रहने वाली है") and a future attendance.
    "progressive_future": (
        "युवा मोर्चा की दो दिवसीय बैठक राजधानी में रहने वाली है। "
        "इस बैठक में जिला अध्यक्ष सुनील वर्मा सम्मिलित होंगे।", 0),
    # A site's menu word before the body does not end the article.
    "menu_word_first": (
        "Advertisement\nजिला भाजपा की बैठक रविवार को कार्यालय में हुई। बैठक में अजय साहू, रवि पटेल मौजूद रहे।", 1),
    # A rally that took place, with a meeting that prepared it mentioned in passing.
    "held_rally_with_past_meeting": (
        "शहर कांग्रेस ने सोमवार को महंगाई के खिलाफ रैली निकाली। रैली का नेतृत्व शहर अध्यक्ष कमल जैन ने किया। "
        "रैली की रूपरेखा तय करने के लिए पिछले सप्ताह पदाधिकारियों की बैठक ली गई थी।", 0),
}


@pytest.mark.parametrize("case", sorted(DETECTION))
def test_detection(case):
    text, held = DETECTION[case]
    assert len(extract(text, Context(published=PUBLISHED)).meetings) == held


# Where the meeting was held, from a dateline that is not the first line: (report, place).
DATELINES = {
    "after_headline_and_bullets": (
        "कांग्रेस की बैठक में चुनाव पर मंथन\n- संगठन को मजबूत करने का संकल्प\nकोटा । जिला कांग्रेस कमेटी की "
        "बैठक रविवार को हुई। बैठक में अजय गुप्ता, विनोद शर्मा उपस्थित रहे।", "कोटा"),
    "after_image_line_with_colon": (
        "![फोटो](images/baithak-2023.jpg)\nअलवर: भाजपा की जिला बैठक सोमवार को हुई। बैठक में रमेश यादव, "
        "सुनील शर्मा मौजूद रहे।", "अलवर"),
    "byline_then_town_line": (
        "राकेश कुमार। सीकर\nभाजपा किसान मोर्चा की जिला बैठक हुई। बैठक में महेश सैनी, दिनेश जाट मौजूद रहे।", "सीकर"),
    "dash_after_town": (
        "![]() |\nदमोह ----- पुराने बस स्टैंड स्थित कार्यालय में युवा कांग्रेस की बैठक आयोजित हुई। बैठक में "
        "अमित तिवारी, राहुल पटेल मौजूद रहे।", "दमोह"),
    "latin_l_as_danda": (
        "सुरेश वर्मा\nरसड़ा/बलिया l बसपा का एक दिवसीय कार्यकर्ता सम्मेलन संपन्न हुआ। सम्मेलन में राजेश राम, "
        "मनोज भारती मौजूद रहे।", "बलिया"),
    "town_slash_reporter": (
        "पूर्णिया /संवाददाता\nजदयू की जिला बैठक हुई। बैठक में अशोक यादव, मनोज मंडल मौजूद रहे।", "पूर्णिया"),
    "byline_comma_town": (
        "जागरण संवाददाता, झांसी : सपा की जिला बैठक हुई। बैठक में अशोक यादव, मनोज मंडल मौजूद रहे।", "झांसी"),
    "reporter_comma_town": (
        "अजय सिंह, झांसी। भाजपा की जिला बैठक हुई। बैठक में अशोक यादव, मनोज मंडल मौजूद रहे।", "झांसी"),
    "bureau_comma_town": (
        "संवाद सूत्र, हमीरपुर : बसपा की जिला बैठक हुई। बैठक में अशोक यादव, मनोज मंडल मौजूद रहे।", "हमीरपुर"),
}


def test_virtual_meeting_takes_its_units_town():
    text = "भाजपा रायपुर संसदीय क्षेत्र की वीडियो कांफ्रेंस के द्वारा मीटिंग हुई। मीटिंग में अजय साहू उपस्थित रहे।"
    [m] = extract(text, Context(published=PUBLISHED)).meetings
    assert (m.mode, m.place, m.level) == ("virtual", "रायपुर", "loksabha")


def test_village_named_by_its_panchayat_is_the_place():
    text = ("गया। राजद की प्रखंड कमेटी की बैठक रामपुरा पंचायत में मुखिया के आवास पर हुई। बैठक में अनिल यादव, "
            "सुरेश मांझी उपस्थित रहे।")
    [m] = extract(text, Context(published=PUBLISHED)).meetings
    assert m.place == "रामपुरा"


def test_state_of_a_town_known_only_by_its_english_name():
    [m] = extract("भाजपा मंडल की बैठक जोगिंदरनगर में हुई। बैठक में रमेश ठाकुर, सुरेश राणा उपस्थित रहे।",
                  Context(published=PUBLISHED)).meetings
    assert (m.place, m.state) == ("जोगिंदरनगर", "Himachal Pradesh")


def test_a_state_named_after_the_party_is_its_state_unit():
    [m] = extract("भारतीय जनता पार्टी मध्यप्रदेश द्वारा आयोजित वर्चुअल बैठक में रमेश शर्मा, दिनेश पटेल उपस्थित रहे।",
                  Context(published=PUBLISHED)).meetings
    assert (m.organisation, m.level, m.mode) == ("BJP", "state", "virtual")


def test_a_virtual_event_announced_in_the_lead_does_not_make_the_meeting_virtual():
    text = ("वीडियो कॉन्फ्रेंस से हजारों लोग जुड़ेंगे: महेश वर्मा\n"
            "इस अवसर पर प्रदेश अध्यक्ष वीडियो कॉन्फ्रेंसिंग के माध्यम से कार्यकर्ताओं को संबोधित करेंगे। "
            "भोपाल भाजपा कार्यालय में आज जिलाध्यक्ष सुनील जैन ने तैयारियों को लेकर बैठक की। "
            "इस बैठक में रमेश यादव, दीपक सोनी उपस्थित रहे।")
    [m] = extract(text, Context(published=PUBLISHED)).meetings
    assert (m.mode, m.place) == ("in_person", "भोपाल")


def test_town_before_its_headquarters_is_the_place():
    text = ("कांग्रेस सेवादल की जरूरी बैठक हुई। चंबा जिला मुख्यालय स्थित लोक निर्माण विभाग के विश्राम गृह में "
            "शनिवार को जिला सेवादल की बैठक का आयोजन किया गया। बैठक में राकेश ठाकुर, विनय शर्मा उपस्थित रहे।")
    meetings = extract(text, Context(published=PUBLISHED)).meetings
    assert [(m.place, m.state) for m in meetings] == [("चंबा", "Himachal Pradesh")]


def test_college_named_after_its_town_and_a_verb_that_is_also_a_town():
    text = ("शिमला। आज रामपुर महाविद्यालय में छात्र संगठन की बैठक का आयोजन किया गया। सदस्यों को संगठन के बारे में "
            "अवगत कराया गया। जिला अध्यक्ष रोहित ठाकुर ने बैठक की अध्यक्षता की।")
    [m] = extract(text, Context(published=PUBLISHED)).meetings
    assert (m.place, m.state) == ("रामपुर", "Himachal Pradesh")


# A summary lead and the body report one meeting.
def test_summary_lead_and_body_are_one_meeting():
    text = ("पटना में राजद की दो दिवसीय बैठक संपन्न हुई। इसमें सदस्यता अभियान चलाने का निर्णय लिया गया।\n"
            "राजद की जिला कमेटी की दो दिवसीय बैठक में प्रमोद यादव, सुनील राय उपस्थित रहे।")
    meetings = extract(text, Context(published=PUBLISHED)).meetings
    assert [(m.place, m.level, len(m.participants)) for m in meetings] == [("पटना", "district", 2)]


@pytest.mark.parametrize("case", sorted(DATELINES))
def test_dateline(case):
    text, place = DATELINES[case]
    meetings = extract(text, Context(published=PUBLISHED)).meetings
    assert [m.place for m in meetings] == [place]


def test_first_post_of_a_chain_and_a_faction_name():
    text = ("भाजपा युवा मोर्चा की बैठक हुई। बैठक की अध्यक्षता युवा मोर्चा जिलाध्यक्ष, ग्राम पंचायत सदस्य और "
            "जल उपभोक्ता संघ अध्यक्ष कविता सैनी ने की। किसान यूनियन की बैठक हुई जिसकी प्रधानगी बलदेव सिंह "
            "प्रदेश महासचिव भारतीय किसान यूनियन खरकपुर ने की।")
    people = people_of(text)
    assert (people["कविता सैनी"].post, people["कविता सैनी"].level) == ("president", "district")
    assert "chair" in people["बलदेव सिंह"].roles
    assert "खरकपुर" not in people


def test_post_takes_the_meetings_level_only_for_the_unit_that_met():
    text = ("भाजपा की जिला कार्यसमिति की बैठक हुई। बैठक में महामंत्री राकेश सैनी, कृषि उपज मंडी समिति अध्यक्ष "
            "विनोद जाट उपस्थित रहे।")
    people = people_of(text)
    assert (people["राकेश सैनी"].post, people["राकेश सैनी"].level) == ("general_secretary", "district")
    assert (people["विनोद जाट"].post, people["विनोद जाट"].level) == ("president", None)


def test_unit_named_before_an_organiser_phrase_gives_the_level():
    text = ("भाजपा किसान मोर्चा शहर जिला की ओर से गांधी चौक स्थित कार्यालय पर किसान सम्मेलन का आयोजन किया गया। "
            "सम्मेलन की अध्यक्षता प्रदेश उपाध्यक्ष मोहन लाल ने की।")
    [m] = extract(text, Context(published=PUBLISHED)).meetings
    assert (m.organisation, m.wings, m.level) == ("BJP", ["kisan"], "district")


def test_a_portfolio_makes_a_minister():
    text = "भाजपा की जिला बैठक हुई। बैठक में परिवहन व उद्योग मंत्री रामकिशोर सेन और जिला मंत्री अजय साहू उपस्थित रहे।"
    people = people_of(text)
    assert people["रामकिशोर सेन"].post == "minister"
    assert people["अजय साहू"].post == "secretary"


def test_a_senior_leader_holds_no_post():
    text = "कांग्रेस की ब्लॉक बैठक हुई। बैठक में वरिष्ठ नेता रामनिवास मीणा और विधायक दल के नेता सुरेश गुर्जर उपस्थित रहे।"
    people = people_of(text)
    assert people["रामनिवास मीणा"].post is None
    assert people["सुरेश गुर्जर"].post == "other"


def test_a_rural_unit_is_a_district_unit():
    # A party's "देहात" unit is its rural district unit, as "शहर जिला" is the urban one.
    text = ("कानपुर। भाजपा देहात इकाई की बैठक रविवार को पार्टी कार्यालय में हुई। बैठक में "
            "देहात अध्यक्ष मनोज शुक्ला, महामंत्री अनिल तिवारी उपस्थित रहे।")
    m = extract(text, Context(published=PUBLISHED)).meetings[0]
    people = {p.name: p for p in m.participants}
    assert (m.organisation, m.level) == ("BJP", "district")
    assert (people["मनोज शुक्ला"].post, people["मनोज शुक्ला"].level) == ("president", "district")


def test_a_town_known_by_its_english_name_inside_a_designation_is_not_part_of_the_name():
    # खलीलाबाद is in LGD by its English name only; here it is the unit's town before the name.
    text = ("सपा की विधानसभा स्तरीय बैठक हुई। बैठक को जिला सचिव सपा खलीलाबाद रमेश यादव, "
            "ब्लॉक अध्यक्ष सुनील वर्मा ने संबोधित किया।")
    people = roles_of(text)
    assert people.get("रमेश यादव") == {"speaker"}
    assert not any("खलीलाबाद" in name for name in people)


def test_a_sentence_that_opens_with_kaha_ki_continues_the_last_speaker():
    text = ("कांग्रेस की जिला कमेटी की बैठक हुई। बैठक की अध्यक्षता जिलाध्यक्ष सुरेश पाल ने की। "
            "कहा कि हर बूथ पर समिति बनेगी।")
    assert roles_of(text)["सुरेश पाल"] == {"chair", "speaker"}


def test_unhone_refers_to_the_one_person_of_the_sentence_before_whatever_its_verb():
    text = ("भाजपा युवा मोर्चा की जिला बैठक हुई। बैठक में प्रदेश मंत्री अजय राठौर भी उपस्थित रहे। "
            "उन्होंने युवाओं से संगठन से जुड़ने की अपील की।")
    assert roles_of(text)["अजय राठौर"] == {"attendee", "speaker"}


def test_a_post_without_a_name_as_subject_is_the_one_person_holding_it():
    text = ("कांग्रेस की ब्लॉक कमेटी की बैठक हुई। बैठक में ब्लॉक अध्यक्ष दीपक सोनकर, महामंत्री रवि पटेल "
            "उपस्थित रहे। ब्लॉक अध्यक्ष ने कहा कि हर गांव में सदस्यता अभियान चलेगा।")
    people = roles_of(text)
    assert people["दीपक सोनकर"] == {"attendee", "speaker"}
    assert people["रवि पटेल"] == {"attendee"}


def test_a_post_held_by_two_people_names_nobody():
    text = ("सपा की जिला बैठक हुई। बैठक में महासचिव राजू यादव, महासचिव अनिल वर्मा उपस्थित रहे। "
            "महासचिव ने कहा कि संगठन मजबूत होगा।")
    people = roles_of(text)
    assert people["राजू यादव"] == people["अनिल वर्मा"] == {"attendee"}


def test_an_upcoming_event_named_in_a_past_clause_keeps_its_roles():
    # "आगामी" makes its noun future ("आगामी चुनाव"), not the verb of the clause ("चर्चा की").
    text = ("भाजपा की मंडल बैठक हुई। बैठक में जिला महामंत्री नरेश चौहान ने आगामी पंचायत चुनाव की "
            "रणनीति पर चर्चा की।")
    assert roles_of(text)["नरेश चौहान"] == {"speaker"}
    # while an event still to come gives no roles
    text = "भाजपा की मंडल बैठक हुई। आगामी सम्मेलन में जिला महामंत्री नरेश चौहान शामिल होंगे।"
    assert "नरेश चौहान" not in roles_of(text)


def test_listening_to_a_broadcast_address_is_attendance():
    text = ("भाजपा की वर्चुअल बैठक हुई। प्रधानमंत्री के रेडियो कार्यक्रम को जिलाध्यक्ष महेश गुप्ता ने "
            "मंडल पदाधिकारियों के साथ सुना।")
    assert roles_of(text)["महेश गुप्ता"] == {"attendee"}


def test_a_conjunction_and_a_new_role_noun_after_a_finite_verb_open_a_new_clause():
    text = ("सपा की सेक्टर बैठक हुई। इस बैठक की अध्यक्षता राम लाल यादव ने की तथा बैठक का संचालन "
            "मोहन वर्मा ने किया और बैठक में मुख्य अतिथि सुरेश सिंह गौड़ उपस्थित रहे।")
    people = roles_of(text)
    assert people["राम लाल यादव"] == {"chair"}
    assert people["मोहन वर्मा"] == {"conductor"}
    assert "chief_guest" in people["सुरेश सिंह गौड़"]


def test_a_one_word_name_refers_back_to_the_one_printed_with_that_word():
    text = ("भाजपा किसान मोर्चा की बैठक हुई। बैठक की अध्यक्षता प्रदेश अध्यक्ष डॉ. सुरेश (पप्पू) ने की। "
            "वन मंत्री सुरेश पठानिया विशेष रूप से मौजूद रहे। डॉ. सुरेश ने कहा कि किसान जागरूक होंगे।")
    people = roles_of(text)
    assert people["सुरेश"] == {"chair", "speaker"}
    assert people["सुरेश पठानिया"] == {"special_guest"}


def test_organisation_secretary_printed_in_either_order_and_press_secretary():
    text = ("भाजपा की प्रदेश कार्यसमिति की बैठक हुई। बैठक को प्रदेश महामंत्री संगठन विनोद कुमार, "
            "जिला प्रेस सचिव राहुल शर्मा ने संबोधित किया।")
    people = people_of(text)
    assert (people["विनोद कुमार"].post, people["विनोद कुमार"].level) == ("organisation_secretary", "state")
    assert (people["राहुल शर्मा"].post, people["राहुल शर्मा"].level) == ("media_in_charge", "district")


def test_a_co_post_without_a_code_of_its_own_is_other():
    text = ("अभाविप की प्रांत बैठक हुई। बैठक में राष्ट्रीय सह संगठन मंत्री मनोहर लाल, प्रांत सह संयोजक "
            "दिनेश कुमार उपस्थित रहे।")
    people = people_of(text)
    assert (people["मनोहर लाल"].post, people["मनोहर लाल"].level) == ("other", "national")
    assert people["दिनेश कुमार"].post == "co_convener"


def test_the_partys_president_does_not_take_the_units_level():
    text = ("आजसू पार्टी की जिला स्तरीय कार्यशाला हुई। कार्यशाला को पार्टी के अध्यक्ष रमेश महतो ने संबोधित किया। "
            "जिला अध्यक्ष सुनील साहू ने स्वागत किया।")
    people = people_of(text)
    assert (people["रमेश महतो"].post, people["रमेश महतो"].level) == ("president", None)
    assert (people["सुनील साहू"].post, people["सुनील साहू"].level) == ("president", "district")


def test_convener_of_the_event_and_a_postposition_printed_without_its_nasal():
    text = ("सपा युवजन सभा की समीक्षा बैठक सम्पन्न हुई। कार्यक्रम की अध्यक्षता जिलाध्यक्ष मोहन सिंह यादव "
            "एबं संयोजक के रुप मे जिला महासचिव असलम रहे।")
    assert roles_of(text) == {"मोहन सिंह यादव": {"chair"}, "असलम": {"organiser"}}


def test_a_meeting_held_in_another_town_is_another_meeting():
    text = ("दुमका। झामुमो की जिला समिति की बैठक जिलाध्यक्ष सुरेश सोरेन की अध्यक्षता में हुई. बैठक में राम लाल, "
            "श्याम मुर्मू आदि थे. इधर, जामताड़ा में झामुमो की बैठक प्रखंड अध्यक्ष मोहन यादव की अध्यक्षता में हुई. "
            "इसमें रवि मंडल, अजय मंडल आदि मौजूद थे.")
    meetings = extract(text, Context(published=PUBLISHED)).meetings
    assert [(m.place, sorted(p.name for p in m.participants)) for m in meetings] == [
        ("दुमका", ["राम लाल", "श्याम मुर्मू", "सुरेश सोरेन"]),
        ("जामताड़ा", ["अजय मंडल", "मोहन यादव", "रवि मंडल"])]


def test_a_list_of_names_after_a_group_attended_names_its_members():
    text = ("भाजपा के शक्ति केंद्र की बैठक संयोजक के आवास पर हुई। जिसमें सभी बूथ अध्यक्ष शामिल थे। "
            "बूथ 12 से मनोज गुप्ता, बूथ 13 दीपक जैन, बूथ 14 से सुनील राठौर। मंडल अध्यक्ष ने सभी से अपील की।")
    people = people_of(text)
    for name in ("मनोज गुप्ता", "दीपक जैन", "सुनील राठौर"):
        assert "attendee" in people[name].roles
        assert (people[name].post, people[name].level) == ("president", "booth")
    # without the group's attendance the names have no role
    text = ("भाजपा के शक्ति केंद्र की बैठक संयोजक के आवास पर हुई। जिसमें संगठन पर चर्चा हुई। "
            "बूथ 12 से मनोज गुप्ता, बूथ 13 दीपक जैन, बूथ 14 से सुनील राठौर। मंडल अध्यक्ष ने सभी से अपील की।")
    assert not {"मनोज गुप्ता", "दीपक जैन"} & set(roles_of(text))


def test_a_wing_named_apart_from_the_organiser_is_not_the_meetings_wing():
    text = ("रामपुर। आज शाम भाजपा कार्यालय में बैठक हुई, जिसमें महिला मोर्चा की कार्यकर्ता भी शामिल थीं। "
            "बैठक की अध्यक्षता जिलाध्यक्ष राकेश गुप्ता ने की।")
    [m] = extract(text, Context(published=PUBLISHED)).meetings
    assert (m.organisation, m.wings) == ("BJP", [])
    text = "रामपुर। आज भाजपा किसान मोर्चा ने कार्यालय में बैठक की। बैठक की अध्यक्षता जिलाध्यक्ष राकेश गुप्ता ने की।"
    [m] = extract(text, Context(published=PUBLISHED)).meetings
    assert (m.organisation, m.wings) == ("BJP", ["kisan"])


def test_participation_in_an_event_to_come_is_not_another_meeting():
    text = ("अयोध्या: भारतीय किसान यूनियन की मासिक पंचायत जिलाध्यक्ष रमेश वर्मा की अध्यक्षता में संपन्न हुई। "
            "बैठक में 15 तारीख को होने वाली राष्ट्रीय पंचायत में सबकी भागीदारी की चर्चा की गई।")
    assert len(extract(text, Context(published=PUBLISHED)).meetings) == 1
    text = ("अयोध्या: भारतीय किसान यूनियन की मासिक पंचायत जिलाध्यक्ष रमेश वर्मा की अध्यक्षता में संपन्न हुई। "
            "इसके बाद लखनऊ में राष्ट्रीय पंचायत में सबकी भागीदारी की चर्चा की गई।")
    assert len(extract(text, Context(published=PUBLISHED)).meetings) == 1


def test_a_word_ending_a_list_item_after_a_designation_is_its_jurisdiction():
    text = ("भाजपा की बैठक हुई। बैठक में मनोज पाठक मंडल अध्यक्ष सदर, विनय कुमार सिंह मंडल अध्यक्ष किशनपुरा, "
            "रजनीश यादव उपस्थित रहे।")
    people = people_of(text)
    assert set(people) == {"मनोज पाठक", "विनय कुमार सिंह", "रजनीश यादव"}
    assert (people["विनय कुमार सिंह"].post, people["विनय कुमार सिंह"].level) == ("president", "mandal")


def test_an_earlier_meeting_told_as_an_aside_is_a_meeting_of_its_own():
    text = ("रतलाम : प्रदेश प्रभारी अनिल शर्मा ने युवा मोर्चा के दो दिवसीय प्रशिक्षण शिविर का शुभारंभ किया। "
            "इससे पहले श्री शर्मा ने मंडल अध्यक्षों की बैठक में सदस्यता अभियान की समीक्षा की। "
            "इसके बाद उन्होंने शिविर के दूसरे सत्र में कार्यकर्ताओं को संबोधित किया। जिलाध्यक्ष मोहन लाल ने आभार माना।")
    found = extract(text, Context(published=PUBLISHED)).meetings
    assert [m.kind for m in found] == ["training", "meeting"]
    training, meeting = found
    assert {p.name for p in meeting.participants} == {"अनिल शर्मा"}
    # the sentences after the aside are the training's again
    assert {p.name for p in training.participants} == {"अनिल शर्मा", "मोहन लाल"}


def test_an_event_word_of_another_kind_in_the_meetings_own_sentence_is_no_aside():
    text = ("जिला भाजपा की आईटी सेल की जिला कार्यकारिणी गठन के पश्चात पहली मीटिंग वेबिनार के माध्यम से संपन्न हुई। "
            "बैठक की अध्यक्षता जिलाध्यक्ष राकेश गुप्ता ने की। इसके बाद वेबिनार में सुनील वर्मा ने विचार रखे।")
    assert len(extract(text, Context(published=PUBLISHED)).meetings) == 1


def test_a_meeting_a_speaker_addressed_was_held_but_not_one_he_said_something_about():
    held = "विधायक सुनील वर्मा ने कल नगर मंडल की बैठक में कार्यकर्ताओं से सदस्यता अभियान की समीक्षा की।"
    assert extract(held, Context(published=PUBLISHED)).meetings
    said = ("प्रवक्ता राकेश गुप्ता ने बताया कि जिला कार्यसमिति की बैठक में सभी कार्यकर्ता पहुंचेंगे। "
            "उन्होंने सदस्यता अभियान की जानकारी दी।")
    assert not extract(said, Context(published=PUBLISHED)).meetings


def test_the_headline_in_the_url_names_the_organisation_the_text_leaves_out():
    text = ("रतलाम। जिला कार्यसमिति की बैठक पार्टी कार्यालय में संपन्न हुई। "
            "बैठक की अध्यक्षता जिलाध्यक्ष राकेश गुप्ता ने की।")
    assert extract(text, Context(published=PUBLISHED)).meetings[0].organisation is None
    for url in ("https://news.example/2023/08/" + quote("रतलाम-भाजपा-की-बैठक") + "/",
                "https://news.example/ratlam-bjp-district-working-committee-meeting/"):
        [m] = extract(text, Context(url=url, published=PUBLISHED)).meetings
        assert m.organisation == "BJP", url
    # the page title says it as well; a slug of numbers says nothing; the text wins over the headline
    assert extract(text, Context(title="भाजपा की बैठक", published=PUBLISHED)).meetings[0].organisation == "BJP"
    assert extract(text, Context(url="https://news.example/archives/7352")).meetings[0].organisation is None
    congress = text.replace("जिला कार्यसमिति", "कांग्रेस जिला कमेटी")
    url = "https://news.example/ratlam-bjp-meeting-report/"
    assert extract(congress, Context(url=url, published=PUBLISHED)).meetings[0].organisation == "INC"


def test_a_full_stop_glued_to_the_next_word_ends_the_sentence():
    from pipelines.extract import sentences

    text = "बैठक की अध्यक्षता रमेश चंद्र ने की.बैठक में सुरेश यादव उपस्थित थे .जिसमें संगठन पर चर्चा हुई."
    assert [s.text for s in sentences.split(text)] == [
        "बैठक की अध्यक्षता रमेश चंद्र ने की.", "बैठक में सुरेश यादव उपस्थित थे .", "जिसमें संगठन पर चर्चा हुई."]
    assert [s.text for s in sentences.split("डॉ.अनिल वर्मा और के.एस. राठौर आए.")] == ["डॉ.अनिल वर्मा और के.एस. राठौर आए."]


def test_a_danda_typed_as_a_pipe_reads_as_a_danda():
    with_danda = ("भोपाल। जिला कांग्रेस अध्यक्ष सुनील वर्मा ने पार्टी कार्यालय में कार्यकर्ताओं के साथ बैठक की। "
                  "बैठक में अमित जैन, रीना साहू उपस्थित रहे।")
    with_pipe = with_danda.replace("।", "|")
    read = [[(p.name, p.roles) for m in extract(t, Context(published=PUBLISHED)).meetings for p in m.participants]
            for t in (with_danda, with_pipe)]
    assert read[0] == read[1] and len(read[0]) == 3


PAGE_CHROME = "ताज़ा ख़बरें | होम | राज्य\nअपडेट: 12 मार्च 2024, 10:30 AM\nफोटो: सोशल मीडिया\n"


def test_page_chrome_before_the_report_moves_neither_its_dateline_nor_its_lead():
    report = ("गुना। भाजपा मंडल की बैठक पार्टी कार्यालय में संपन्न हुई। बैठक की अध्यक्षता मंडल अध्यक्ष "
              "राकेश गुप्ता ने की। संचालन मनोज पाठक ने किया।")
    plain, framed = (extract(t, Context(published=PUBLISHED)).meetings for t in (report, PAGE_CHROME + report))
    assert [(m.place, m.state, m.level) for m in framed] == [(m.place, m.state, m.level) for m in plain]
    assert plain[0].place == "गुना"
    rally = ("इंदौर। शहर कांग्रेस कमेटी ने महंगाई के विरोध में रैली निकाली। रैली का नेतृत्व शहर अध्यक्ष "
             "अमित जैन ने किया। रैली में सुनील वर्मा, रीना साहू शामिल हुए।")
    assert not extract(PAGE_CHROME + rally, Context(published=PUBLISHED)).meetings  # the lead is still a rally


def test_a_run_on_report_typed_without_spaces_after_its_commas_still_parts_its_clauses():
    text = ("देहरादून। कांग्रेस की प्रदेश स्तरीय बैठक हुई,बैठक की अध्यक्षता जिलाध्यक्ष सुनील वर्मा ने की,"
            "विधायक अमित जैन ने कहा कि संगठन मजबूत होगा,मीटिंग का संचालन महामंत्री मनोज पाठक ने किया।")
    assert roles_of(text) == {"सुनील वर्मा": {"chair"}, "अमित जैन": {"speaker"}, "मनोज पाठक": {"conductor"}}


def test_a_word_between_a_units_post_and_an_honorific_is_the_units_town():
    text = ("भाकियू की मासिक पंचायत हुई। पंचायत में ब्लॉक अध्यक्ष रामगढ़ा श्री दिनेश बालियान, नगर अध्यक्ष "
            "सिकंदरपुर श्री अनुज त्यागी उपस्थित रहे।")
    people = people_of(text)
    assert set(people) == {"दिनेश बालियान", "अनुज त्यागी"}
    assert (people["दिनेश बालियान"].post, people["दिनेश बालियान"].level) == ("president", "block")


def test_a_kinship_title_before_a_name_is_no_part_of_it():
    text = ("बसपा की विधानसभा स्तरीय बैठक हुई। बैठक की अध्यक्षता बड़े भैया सुनील गौतम ने की। "
            "इस अवसर पर दीदी कमला देवी, बहन रीना भारती उपस्थित रहीं।")
    assert roles_of(text) == {"सुनील गौतम": {"chair"}, "कमला देवी": {"attendee"}, "रीना भारती": {"attendee"}}


def test_a_jurisdiction_after_a_post_after_a_name_with_ji_is_no_person():
    text = ("भाजपा की बैठक हुई। बैठक में रमेश यादव जी मंडल अध्यक्ष सदर, विनोद कुमार सिंह जी मंडल अध्यक्ष "
            "किशनपुरा, रजनीश यादव जी उपस्थित रहे।")
    people = people_of(text)
    assert set(people) == {"रमेश यादव", "विनोद कुमार सिंह", "रजनीश यादव"}
    assert (people["रमेश यादव"].post, people["रमेश यादव"].level) == ("president", "mandal")


def test_a_heading_after_a_line_closed_by_a_finite_verb_opens_a_new_sentence():
    from pipelines.extract import sentences

    text = "संचालन जिला उपाध्यक्ष रमेश मुर्मू ने किया\nउपस्थित पदाधिकारी एवं सदस्य:\nसुनील किस्कू, जिला कोषाध्यक्ष"
    assert [s.text for s in sentences.split(text)][:2] == ["संचालन जिला उपाध्यक्ष रमेश मुर्मू ने किया",
                                                          "उपस्थित पदाधिकारी एवं सदस्य:"]
    # a line broken before the attendance verb, blank line or not, is still one sentence
    for gap in ("\n", "\n\n"):
        text = f"बैठक में सुनील किस्कू, अमित सोरेन{gap}उपस्थित रहे।"
        assert [s.text for s in sentences.split(text)] == [text]


def test_a_no_break_space_inside_a_day_word_reads_as_a_space():
    from pipelines.extract import dates

    assert dates.resolve_date("बीते\u00a0दिन कस्बे में बैठक हुई", date(2023, 9, 12)) == date(2023, 9, 11)


def test_a_danda_typed_as_a_latin_l_ends_a_sentence_however_it_is_spaced():
    from pipelines.extract import sentences

    for typed in ("थे l", "थे  l ", "थेl ", "थे lइस"):
        text = f"बैठक में सुनील किस्कू उपस्थित {typed}{'' if typed.endswith('इस') else 'इस'} अवसर पर चर्चा हुई l"
        assert len(sentences.split(text)) == 2, typed


def test_zero_width_joiners_inside_words_change_nothing():
    from pipelines.extract import sentences

    text = "बैठक की अध्यक्षता प्\u200dरो. सी. के. वर्मा ने की। बैठक में सुनील किस्कू, अमित सोरेन\nउपस्\u200dथित रहे।"
    assert len(sentences.split(text)) == 2


def test_a_dateline_ended_by_a_dash_before_the_body_on_its_line():
    text = "बूंदी - सुनील वर्मा की अध्यक्षता में आज भाजपा कार्यालय में आईटी सेल की बैठक आयोजित की गई।"
    [m] = extract(text, Context(published=PUBLISHED)).meetings
    assert (m.place, m.state) == ("बूंदी", "Rajasthan")


def test_names_each_closed_by_ji_without_commas_are_each_a_person():
    text = ("भाजपा की जिला बैठक हुई। बैठक में रमेश यादव जी सुनील वर्मा जी मनोज पाठक जी दिनेश पाल जी "
            "उपस्थित रहे।")
    assert roles_of(text) == {n: {"attendee"} for n in ("रमेश यादव", "सुनील वर्मा", "मनोज पाठक", "दिनेश पाल")}


def test_an_engineers_title_is_no_sentence_end_and_no_part_of_the_name():
    text = "सपा की जिला बैठक हुई। बैठक में एड. रमेश यादव, इं. सुनील वर्मा, डॉ. मनोज पाठक शामिल हुए।"
    assert roles_of(text) == {n: {"attendee"} for n in ("रमेश यादव", "सुनील वर्मा", "मनोज पाठक")}


@pytest.mark.parametrize("closing", ["प्रमुख थे", "आदि प्रमुख रहे"])
def test_names_said_to_be_prominent_among_those_present_are_attendees_without_a_post(closing):
    text = f"सपा की बैठक हुई। इस अवसर पर रमेश यादव, सुनील वर्मा, मनोज पाठक {closing}।"
    people = people_of(text)
    assert {n: (p.roles, p.post) for n, p in people.items()} == {
        n: (["attendee"], None) for n in ("रमेश यादव", "सुनील वर्मा", "मनोज पाठक")}


@pytest.mark.parametrize("body, code", [("निषाद पार्टी", "NISHAD"), ("जन सुराज", "JSP"), ("सुहेलदेव भारतीय समाज पार्टी", "SBSP"),
                                        ("विकासशील इंसान पार्टी", "VIP"), ("एआईएमआईएम", "AIMIM")])
def test_smaller_parties_are_named_by_their_code(body, code):
    text = f"झांसी। {body} की जिला स्तरीय बैठक रविवार को हुई। बैठक में रमेश यादव, सुनील वर्मा उपस्थित रहे।"
    assert [m.organisation for m in extract(text, Context(published=PUBLISHED)).meetings] == [code]


def test_a_three_word_name_after_a_district_post_keeps_its_first_word():
    # A block's town may stand between the post and the name ("ब्लॉक अध्यक्ष बुढ़ाना X Y"); a
    # district's the gazetteer knows, so an unknown word after "जिला अध्यक्ष" starts the name.
    text = "सपा की बैठक हुई। बैठक में जिला अध्यक्ष टिंकू सैनी भारती तथा महासचिव रमेश यादव उपस्थित रहे।"
    assert set(roles_of(text)) == {"टिंकू सैनी भारती", "रमेश यादव"}


@pytest.mark.parametrize("listed", ["1. रमेश यादव 2. सुनील वर्मा 3. मनोज पाठक", "1) रमेश यादव, 2) सुनील वर्मा, 3) मनोज पाठक",
                                    "रमेश यादव; सुनील वर्मा; मनोज पाठक"])
def test_a_list_numbered_in_its_sentence_or_parted_by_semicolons_is_one_list(listed):
    text = f"सपा की बैठक हुई। बैठक में उपस्थित रहे: {listed}"
    assert roles_of(text) == {n: {"attendee"} for n in ("रमेश यादव", "सुनील वर्मा", "मनोज पाठक")}
