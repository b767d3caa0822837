"""The given-name and surname lexicons built from open data (scripts/build_names.py)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipelines.extract.normalise import fold

DATA = Path(__file__).resolve().parents[1] / "pipelines" / "extract" / "data"
FILES = ["given_names.txt", "surnames.txt"]


def entries(name: str) -> list[str]:
    """The words of a list file, in file order (the way lexicon._words_file reads it)."""
    lines = (ln.split("#", 1)[0] for ln in (DATA / name).read_text(encoding="utf-8").splitlines())
    return [w for ln in lines for w in ln.split()]


def keys(name: str) -> set[str]:
    return {fold(w) for w in entries(name)}


@pytest.mark.parametrize("word", ["राजेश", "सुनील", "अनीता", "सुनीता", "मोहम्मद", "इमरान", "पूजा", "मनोज",
                                  "हरप्रीत", "रेखा", "दिनेश", "प्रियंका"])
def test_common_given_names_are_known(word):
    assert fold(word) in keys("given_names.txt")


@pytest.mark.parametrize("word", ["यादव", "शर्मा", "सिंह", "कुशवाहा", "अंसारी", "वर्मा", "तिवारी", "पासवान",
                                  "मौर्य", "खान", "कुरैशी", "कौर", "चौहान", "त्यागी"])
def test_common_surnames_are_known(word):
    assert fold(word) in keys("surnames.txt")


@pytest.mark.parametrize("word", ["बैठक", "जिला", "अध्यक्ष", "किया", "में", "की", "रहे", "भाग", "सभा", "मंत्री",
                                  "प्रभारी", "संयोजक", "कार्यकर्ता", "उपस्थित", "संचालन", "आभार", "दिन",
                                  "पदाधिकारी", "नेता", "सदस्य", "भारत", "बिहार", "उर्फ"])
def test_common_words_are_not_names(word):
    for name in FILES:
        assert fold(word) not in keys(name), (word, name)


def test_no_word_the_extractor_never_takes_for_a_name():
    nonnames = {fold(w) for w in entries("nonnames.txt")}
    for name in FILES:
        assert not nonnames & keys(name), name


@pytest.mark.parametrize("name", FILES)
def test_files_are_nfc_sorted_one_word_a_line(name):
    words = entries(name)
    assert len(words) > 400
    assert words == sorted(set(words))
    for w in words:
        assert w == unicodedata.normalize("NFC", w)
        assert all("\u0900" <= ch <= "\u097f" for ch in w), w  # Devanagari only, no joiners
    assert len({fold(w) for w in words}) == len(words)  # one spelling per folded key


@pytest.mark.parametrize("name", FILES)
def test_header_names_sources_and_licences(name):
    header = [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    text = "\n".join(header)
    assert "scripts/build_names.py" in text and "MIT" in text and "outkast" in text
