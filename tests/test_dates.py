"""Behaviour of pipelines.extract.dates."""
from datetime import date

import pytest

from pipelines.extract.dates import duration_days, resolve_date

SUN = date(2023, 7, 16)  # a Sunday
NEW_YEAR = date(2024, 1, 3)  # a Wednesday


@pytest.mark.parametrize("text, published, expected", [
    ("आज जिला कार्यालय में बैठक हुई", SUN, SUN),
    ("कल बैठक संपन्न हुई", SUN, date(2023, 7, 15)),
    ("गत दिवस बैठक हुई", SUN, date(2023, 7, 15)),
    ("बीते दिन कार्यकर्ता जुटे", SUN, date(2023, 7, 15)),
    ("परसों हुई बैठक", SUN, date(2023, 7, 14)),
    ("रविवार को बैठक हुई", SUN, SUN),
    ("बीते रविवार को बैठक", SUN, SUN),
    ("गत शनिवार को बैठक", SUN, date(2023, 7, 15)),
    ("पिछले सोमवार को", SUN, date(2023, 7, 10)),
    ("गुरूवार को बैठक", SUN, date(2023, 7, 13)),
    ("बृहस्पतिवार को", SUN, date(2023, 7, 13)),
    ("12 जुलाई को बैठक", SUN, date(2023, 7, 12)),
    ("१२ जुलाई को", SUN, date(2023, 7, 12)),
    ("16 जुलाई को", SUN, SUN),
    ("20 जुलाई को", SUN, date(2022, 7, 20)),  # would lie after publication
    ("28 दिसंबर को बैठक", NEW_YEAR, date(2023, 12, 28)),
    ("28 दिसम्बर", NEW_YEAR, date(2023, 12, 28)),
    ("2 जनवरी", NEW_YEAR, date(2024, 1, 2)),
    ("12 जुलाई 2021 को", SUN, date(2021, 7, 12)),
    ("12 जुलाई, 2021", None, date(2021, 7, 12)),
    ("3 फ़रवरी", SUN, date(2023, 2, 3)),
    ("3 फरवरी", SUN, date(2023, 2, 3)),
    ("5 सितम्बर", SUN, date(2022, 9, 5)),
    ("5 सितंबर", SUN, date(2022, 9, 5)),
    ("1 अगस्त", SUN, date(2022, 8, 1)),
    ("10-11 जून को दो दिवसीय", SUN, date(2023, 6, 10)),
    ("दिनांक 12.07.2023 को", None, date(2023, 7, 12)),
    ("12/07/2023", SUN, date(2023, 7, 12)),
    ("12-07-23", SUN, date(2023, 7, 12)),
    ("१२.०७.२०२३", None, date(2023, 7, 12)),
    ("रविवार 9 जुलाई को", SUN, date(2023, 7, 9)),  # an explicit date wins
    ("शनिवार को", NEW_YEAR, date(2023, 12, 30)),
])
def test_resolve_date(text, published, expected):
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize("text, published", [
    ("आज बैठक हुई", None),
    ("रविवार को बैठक", None),
    ("12 जुलाई को", None),
    ("बैठक में चर्चा हुई", SUN),
    ("कलेक्टर और आजाद नगर", SUN),  # कल/आज inside words
    ("31 जून को", SUN),
    ("बीते दिनों", SUN),
])
def test_unresolved(text, published):
    assert resolve_date(text, published) is None


@pytest.mark.parametrize("text, days", [
    ("दो दिवसीय प्रशिक्षण वर्ग", 2),
    ("दो-दिवसीय", 2),
    ("एक दिवसीय कार्यशाला", 1),
    ("तीन दिवसीय", 3),
    ("द्विदिवसीय सम्मेलन", 2),
    ("2 दिवसीय", 2),
    ("दो दिन चला शिविर", 2),
    ("पांच दिवसीय", 5),
    ("पाँच दिवसीय", 5),
    ("दो दिन पहले", None),
    ("तीन दिनों से", None),
    ("दोनों दिन", None),
    ("बैठक हुई", None),
])
def test_duration_days(text, days):
    assert duration_days(text) == days


@pytest.mark.parametrize("text, published, expected", [
    ("लुधियाना, 26 जून (संवाददाता): बैठक बीते रविवार को हुई", date(2023, 6, 26), date(2023, 6, 25)),
    ("उदयपुर 13 जनवरी : जिला कमेटी की बैठक रविवार को हुई", date(2025, 1, 13), date(2025, 1, 12)),
    ("रायपुर, 12 जुलाई। बैठक कल हुई", date(2023, 7, 12), date(2023, 7, 11)),
    ("रविवार 9 जुलाई को बैठक", date(2023, 7, 20), date(2023, 7, 9)),  # consistent weekday
    ("9 जुलाई को बैठक, शुक्रवार को रैली", date(2023, 7, 20), date(2023, 7, 9)),
])
def test_dateline_date_gives_way_to_the_day_word(text, published, expected):
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize("text", [
    "रिपोर्ट सात दिन में प्रदेश कमेटी को भेजें",
    "10 दिन के भीतर सूची सौंपें",
])
def test_deadlines_are_not_durations(text):
    assert duration_days(text) is None


def test_event_length_beats_a_deadline():
    assert duration_days("सूची सात दिन में दें। तीन दिवसीय शिविर") == 3


def test_the_first_printed_date_wins_and_spaced_numeric_dates():
    from pipelines.extract.dates import resolve_date
    text = "आज दिनांक 14/ 03/ 2022 दिन सोमवार को बैठक हुई जिसमें 2 अप्रैल को होने वाले मतदान पर चर्चा हुई"
    assert resolve_date(text, date(2022, 3, 14)).isoformat() == "2022-03-14"
