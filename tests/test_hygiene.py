"""Issue 9, text hygiene: invisible characters and stray combining marks are removed in cleaning,
so they cannot drop or truncate people; evidence offsets index the stored (cleaned) text.
Sentences written for these tests."""
from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.clean import clean, hygiene, tidy
from pipelines.extract import extract
from pipelines.extract.model import Context

LIST = ("भाजपा किसान मोर्चा की जिला स्तरीय बैठक रविवार को सीतापुर के पार्टी कार्यालय में संपन्न हुई। बैठक की "
        "अध्यक्षता जिलाध्यक्ष रमेश चंद्र मिश्रा ने की तथा संचालन महामंत्री विनोद शुक्ला ने किया। इस अवसर पर "
        "{0}सुरेश कुमार यादव, {1}अनिल प्रताप सिंह, मनोज कुमार{2} तिवारी, {3}दिनेश चौरसिया, राजेश{4} वर्मा, "
        "कृष्ण{5} गोपाल पांडेय उपस्थित रहे।")
CLEAN = LIST.format(*[""] * 6)
# BOM, RLM + RLO, an acute accent on a Devanagari letter, a vowel sign after a space and an LRI,
# LRM + PDF inside a name, ALM + FSI + PDI.
DIRTY = LIST.format("\ufeff", "\u200f\u202e", "\u0301", "\u093e\u2066", "\u200e\u202c", "\u061c\u2068\u2069")
NAMES = {"रमेश चंद्र मिश्रा", "विनोद शुक्ला", "सुरेश कुमार यादव", "अनिल प्रताप सिंह", "मनोज कुमार तिवारी",
         "दिनेश चौरसिया", "राजेश वर्मा", "कृष्ण गोपाल पांडेय"}


def names(text: str) -> set[str]:
    return {p.name for m in extract(text).meetings for p in m.participants}


def page(body: str) -> bytes:
    return (f"<html><head><title>\ufeffबैठक संपन्न\u200f</title></head><body><article>"
            f"<p>{body}</p></article></body></html>").encode()


def test_hygiene_removes_invisible_characters_and_stray_marks_only():
    assert hygiene("\ufeffराम\u200e \u200fश्याम\u202e\u202c\u2066\u2067\u2068\u2069\u061c") == "राम श्याम"
    assert hygiene("\u093e राम") == " राम"                 # a vowel sign at the start: nothing carries it
    assert hygiene("राम \u094dश्याम") == "राम श्याम"        # a virama after a space
    assert hygiene("रा\u0301म") == "राम"                    # an acute accent on a Devanagari letter
    assert hygiene("abc\u093f") == "abc"                    # a Devanagari vowel sign on a Latin letter
    assert hygiene("cafe\u0301") == "cafe\u0301"            # an accent on a Latin letter is no stray
    assert hygiene("क्\u200dष क्\u200cष") == "क्\u200dष क्\u200cष"  # ZWJ and ZWNJ stay
    assert hygiene("में सिंह क़") == "में सिंह क़"                # vowel signs, anusvara, nukta stay


def test_a_dirty_attendance_list_keeps_every_name():
    assert tidy(DIRTY) == CLEAN
    assert names(CLEAN) >= NAMES and not names(DIRTY) >= NAMES  # uncleaned, people are lost
    cleaned = clean(page(DIRTY), "http://example.in/a")
    assert cleaned.text == CLEAN and cleaned.title == "बैठक संपन्न"
    extraction = extract(cleaned.text, Context(url="http://example.in/a"))
    assert {p.name for m in extraction.meetings for p in m.participants} >= NAMES
    for m in extraction.meetings:
        for e in m.evidence + [e for p in m.participants for e in p.evidence]:
            assert cleaned.text[e.start:e.end] == e.sentence


WORDS = ("भाजपा", "कांग्रेस", "की", "जिला", "बैठक", "अध्यक्षता", "ने", "की।", "इस", "अवसर", "पर", "उपस्थित", "रहे।",
         "राम", "कुमार", "सिंह", "यादव,", "संचालन", "किया", "मुख्य", "अतिथि", "श्री", "एवं", "।", ",", "\n", "2024",
         "सीतापुर", "में", "\ufeff", "\u200e", "\u202e", "\u0301", "\u093e", "\u094d", "\u200d", "\u200c", "\x00")
TEXTS = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.text(st.characters(codec="utf-8"), max_size=200),
    st.builds(lambda a, b: CLEAN[:a] + b + CLEAN[a:], st.integers(0, len(CLEAN)), st.text(max_size=8)),
)
PROPERTY = settings(max_examples=60, deadline=timedelta(seconds=3), derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
extract(CLEAN)  # lexicons loaded before the deadline applies


def evidence_offsets(text: str):
    for m in extract(text).meetings:
        for e in m.evidence:
            yield e.start, e.end, e.sentence
        for p in m.participants:
            for e in p.evidence:
                yield e.start, e.end, e.sentence
            for s in p.statements:
                yield s.start, s.end, s.text


@PROPERTY
@given(TEXTS)
def test_cleaning_and_extraction_never_raise_and_offsets_index_the_text(raw):
    text = tidy(raw)
    assert tidy(text) == text                       # cleaning is idempotent
    assert hygiene(text) == text
    for start, end, sentence in evidence_offsets(text):
        assert text[start:end] == sentence


@PROPERTY
@given(TEXTS)
def test_the_same_input_gives_the_same_output(raw):
    text = tidy(raw)
    assert tidy(raw) == text
    assert extract(text) == extract(text)
