"""The token-pattern matcher and the constructions of data/grammar.toml, on sentences of our own."""
from __future__ import annotations

import pytest

from pipelines.extract import lexicon, matcher
from pipelines.extract.tokens import tokenize


def _keys(text: str) -> list[str]:
    return [t.key for t in tokenize(text)]


def test_every_pattern_of_the_data_file_compiles():
    assert {"future_verb", "light_verb", "held_after_town", "locality_name_held",
            "titled_single_name", "single_name_subject"} <= set(matcher.patterns())


@pytest.mark.parametrize("text, future", [
    ("कल सभी कार्यकर्ता बैठक में भाग लेंगे।", True),
    ("मंत्री जी बैठक को संबोधित करेंगे", True),  # the end of the text closes the clause
    ("प्रदेश अध्यक्ष करेंगे तथा सभी मंडल अध्यक्ष आएंगे", True),
    ("सम्मेलन में नेगी ने भाषण दिया।", False),  # a name ending like a future verb
    ("बैठक में सभी ने भाग लिया।", False),
])
def test_future_verb_closes_its_clause(text, future):
    assert bool(lexicon.future_at(_keys(text))) is future


def test_light_verb_needs_the_end_of_its_clause():
    keys = _keys("जिलाध्यक्ष ने कार्यालय में बैठक की।")
    k = keys.index("कि")  # folded की
    assert matcher.match("light_verb", keys, k) == k + 2
    keys = _keys("बैठक की अध्यक्षता मंत्री ने की")
    assert matcher.match("light_verb", keys, keys.index("कि")) is None
    assert matcher.match("light_verb", keys, len(keys) - 1) == len(keys)  # at the end of the text


def test_optional_and_repeated_specs_with_tags():
    keys = _keys("ऊना जिला मुख्यालय स्थित सभागार")
    tags = ["town", "level", "other", "other", "other"]
    assert matcher.match("held_after_town", keys, 1, tags=tags) == 4  # over the level word and मुख्यालय
    assert matcher.match("held_after_town", _keys("ऊना में बैठक"), 1, tags=["town", "glue", "other"]) == 2
    assert matcher.match("held_after_town", keys, 1, tags=None) is None  # no tags: no level word matches
    assert matcher.starts("locality_name_held", _keys("गांव रामपुर में बैठक हुई"),
                          tags=["other", "unknown", "glue", "other", "other"]) == [0]


def test_a_bad_spec_is_a_clear_error():
    with pytest.raises(ValueError, match="grammar.toml"):
        matcher._spec({"word": ["में"], "opp": "?"})
    with pytest.raises(KeyError, match="no word class"):
        lexicon.word_class("no_such_class")


def test_one_word_name_needs_a_title_or_a_subject_marker():
    tags = ["post", "name", "other", "other"]
    keys = _keys("जिलाध्यक्ष यादव बोले आज")
    assert matcher.match("titled_single_name", keys, 0, tags=tags) == 2
    assert matcher.match("single_name_subject", keys, 1, tags=tags) is None
    keys = _keys("यादव ने कहा")
    assert matcher.match("single_name_subject", keys, 0, tags=["name", "other", "other"]) == 2
