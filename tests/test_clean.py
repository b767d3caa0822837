"""Cleaning: main text of real publisher pages, wrong charsets, empty pages, titles and authors."""
import json
import re
from collections import Counter

import pytest

from pipelines.clean import LEGACY_SAMPLE, clean, restore_marks, tidy_title
from pipelines.skip import Skip
from tests.conftest import shared

TOKEN = re.compile(r"\w+")


def token_f1(predicted: str, expected: str) -> float:
    p, e = Counter(TOKEN.findall(predicted)), Counter(TOKEN.findall(expected))
    common = sum((p & e).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(e.values())
    return 2 * precision * recall / (precision + recall)


# Measured with favor_precision=True: 0.969 (Samastipur) and 0.923 (Mainpuri); floors 0.03 below.
@pytest.mark.parametrize("stem, floor", [("fundus_bhaskar_2024_09_04_samastipur", 0.94),
                                         ("fundus_bhaskar_2024_09_03_mainpuri", 0.89)])
def test_bhaskar_main_text_matches_the_human_checked_paragraphs(stem, floor):
    page = shared("data", "html", f"{stem}.html")
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))["V1"]
    paragraphs = [p for s in expected["body"]["sections"] for p in s["paragraphs"]]
    cleaned = clean(page.read_bytes(), url=None)
    f1 = token_f1(cleaned.text, "\n".join(paragraphs))
    print(f"{stem}: token F1 {f1:.3f}")
    assert f1 >= floor
    assert cleaned.published.isoformat() == expected["publishing_date"][:10]
    assert not cleaned.title.endswith("News"), "the site suffix is cut off the title"


@pytest.mark.parametrize("name, probe", [
    ("charset_mislabel_iso-8859-1_is-utf8_hundeverein-querfurt.de.html", "Hauptmenü"),
    ("charset_mislabel_euc-kr_is-utf8_1538026996.html", "세종시"),
    ("charset_utf8_with_stray_invalid_byte_maescot.de.html", "Mäscot"),
])
def test_wrong_charset_declarations_decode_without_mojibake(name, probe):
    cleaned = clean(shared("data", "html", name).read_bytes(), min_chars=1)
    text = cleaned.text + (cleaned.title or "")
    assert "Ã" not in text and "ì" not in text, "UTF-8 bytes decoded as Latin-1"
    assert probe in text or probe in shared("data", "html", name).read_bytes().decode("utf-8", "replace")


def test_hindi_pages_with_dates_give_their_publication_date():
    expected = json.loads(shared("data", "html", "htmldate_hindi_expected_dates.json").read_text())
    for entry in expected.values():
        page = next(shared("data", "html").glob(f"*{entry['file']}"))
        cleaned = clean(page.read_bytes())
        assert cleaned.published.isoformat() == entry["date"], entry["file"]


def test_trafilatura_trimmed_author_gets_its_final_vowel_sign_back():
    html = "<span class='author'>शुभायन चक्रवर्ती / नई दिल्ली</span>"
    assert restore_marks("Business Standard; शुभायन चक्रवर्त", html) == "Business Standard; शुभायन चक्रवर्ती"


def test_site_suffix_is_cut_from_titles():
    assert tidy_title("सड़क हादसे में तीन की मौत - Mainpuri News") == "सड़क हादसे में तीन की मौत"
    assert tidy_title("भाजपा की बैठक | Amar Ujala") == "भाजपा की बैठक"


@pytest.mark.parametrize("body, reason", [
    (b"", "empty"),
    (b"<html><body><nav>menu</nav></body></html>", "too_short"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "empty"),
    ("<html><body><article><p>भाजपा की बैठक।</p></article></body></html>".encode(), "too_short"),
])
def test_pages_without_an_article_are_unusable_with_a_reason(body, reason):
    with pytest.raises(Skip) as info:
        clean(body)
    assert info.value.reason == reason


@pytest.mark.parametrize("paragraphs", [1, 8])  # 8: longer than the opening each font reads first
def test_a_page_in_a_legacy_hindi_font_is_converted_to_unicode(paragraphs):
    import hinlegacy

    hindi = ("आष्टा में कांग्रेस की ब्लॉक कमेटी की बैठक शनिवार को हुई। बैठक में जिला उपाध्यक्ष ने कहा कि हर बूथ पर "
             "समिति बनाई जाएगी। इस अवसर पर गोपाल सिंह ठाकुर और कमला बाई मालवीय उपस्थित रहे।")
    days = "शनिवार रविवार सोमवार मंगलवार बुधवार गुरुवार शुक्रवार पिछले".split()  # repeated paragraphs are dropped
    hindi = "\n".join(hindi.replace("शनिवार", day) for day in days[:paragraphs])
    assert len(hindi) > LEGACY_SAMPLE or paragraphs == 1
    body = "".join(f"<p>{hinlegacy.encode(line, 'krutidev')}</p>" for line in hindi.split("\n"))
    page = f"<html><body><article>{body}</article></body></html>"
    cleaned = clean(page.encode("utf-8"))
    assert cleaned.legacy_font is not None
    assert cleaned.text == hindi


def test_an_english_page_is_not_mistaken_for_a_legacy_font():
    english = ("The district unit of the Congress held a meeting at the party office on Sunday. The district "
               "president chaired it and asked workers to form a committee at every polling booth.")
    cleaned = clean(f"<html><body><article><p>{english}</p></article></body></html>".encode())
    assert cleaned.legacy_font is None
    assert cleaned.text == english


def test_nul_characters_never_reach_the_text():
    body = "<html><body><article><p>भाजपा की जिला बैठक\x00 संपन्न हुई और कार्यकर्ताओं ने भाग लिया। " * 4
    assert "\x00" not in clean((body + "</p></article></body></html>").encode(), min_chars=10).text
