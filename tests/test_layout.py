"""The same reports laid out as other pages print them read the same (issue 7: no layout assumptions).

Each layout rewrites a report's text the way real sites differ from one another — dandas typed as
pipes or full stops, commas typed without or with spaces, Devanagari digits, anusvara for chandrabindu, zero-width joiners after viramas, the loanword मीटिंग for बैठक, honorifics left out or with a full stop (श्री.), a line per sentence, blank lines between paragraphs, no-break spaces, Windows line ends, no danda
closing a paragraph, a menu, a time stamp and a picture credit above the report, links to other
stories below it — and every figure of `scrapy evaluate` must stay what it is on the text as
written. The texts are the team's regression sets and, where present, ../shared/real (rewritten in
memory, never stored).
"""
from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from pipelines.evaluate import evaluate_dir
from pipelines.extract import extract
from tests.conftest import ROOT, SHARED

CHROME = "ताज़ा ख़बरें | होम | राज्य\nअपडेट: 12 मार्च 2024, 10:30 AM\nफोटो: सोशल मीडिया\n"
RELATED = "\nये भी पढ़ें:\nसपा की जिला कार्यकारिणी की बैठक 15 को होगी\nकांग्रेस नेता राम कुमार वर्मा ने थामा भाजपा का दामन\n"

LAYOUTS: dict[str, Callable[[str], str]] = {
    "pipes for dandas": lambda t: t.replace("।", "|"),
    "full stops for dandas": lambda t: t.replace("।", "."),
    "Latin l for dandas": lambda t: t.replace("।", " l"),
    "spaced dandas": lambda t: re.sub(r"\s*।\s*", " । ", t),
    "Devanagari digits": lambda t: t.translate({ord(str(i)): 0x966 + i for i in range(10)}),
    "anusvara for chandrabindu": lambda t: t.replace("ँ", "ं"),
    "zero-width joiners after viramas": lambda t: t.replace("\u094d", "\u094d\u200d"),
    "commas without spaces": lambda t: re.sub(r"\s*,\s*", ",", t),
    "spaces around commas": lambda t: re.sub(r"\s*,\s*", " , ", t),
    "loanword meeting for baithak": lambda t: t.replace("बैठक", "मीटिंग"),
    "honorifics left out": lambda t: re.sub(r"(?<!\S)(?:श्रीमती|सुश्री|श्री)\s+", "", t),
    "honorifics with a full stop": lambda t: re.sub(r"(?<!\S)(श्रीमती|सुश्री|श्री)\s+", r"\1. ", t),
    "a line per sentence": lambda t: re.sub(r"।\s*", "।\n", t),
    "blank lines between paragraphs": lambda t: t.replace("\n", "\n\n"),
    "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
    "Windows line ends": lambda t: t.replace("\n", "\r\n"),
    "no danda closing a paragraph": lambda t: re.sub(r"[।|.]\s*\n", "\n", t),
    "page chrome above": lambda t: CHROME + t,
    "related stories below": lambda t: t + RELATED,
}
SETS = {"dev": ROOT / "crawler" / "fixture" / "reports", "holdout": ROOT / "tests" / "holdout",
        "real": SHARED / "real"}


@pytest.fixture(scope="module", params=sorted(SETS))
def written(request):
    folder = SETS[request.param]
    if not (folder / "gold").is_dir():
        pytest.skip(f"evaluation data {folder} is absent (../shared lives beside the repository)")
    return folder, evaluate_dir(folder).figures(digits=3)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_report_laid_out_otherwise_reads_the_same(written, layout):
    folder, figures = written
    relaid = LAYOUTS[layout]
    again = evaluate_dir(folder, extract_fn=lambda text, context: extract(relaid(text), context))
    assert again.figures(digits=3) == figures
