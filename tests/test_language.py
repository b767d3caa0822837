"""Language: Hindi kept; English, Marathi and Nepali told apart (texts written for these tests)."""
from pathlib import Path

import pytest

from pipelines.language import detect_language

HINDI = ("रायगढ़ में कांग्रेस की जिला स्तरीय बैठक रविवार को पार्टी कार्यालय में संपन्न हुई। बैठक की अध्यक्षता "
         "जिलाध्यक्ष ने की और आगामी नगरीय निकाय चुनाव की तैयारी पर चर्चा की गई। इस अवसर पर कई पदाधिकारी उपस्थित रहे।")
MARATHI = ("नागपूर येथे काँग्रेस पक्षाची जिल्हास्तरीय बैठक रविवारी पक्ष कार्यालयात पार पडली. या बैठकीत जिल्हाध्यक्षांनी "
           "कार्यकर्त्यांना मार्गदर्शन केले आणि आगामी निवडणुकीच्या तयारीचा आढावा घेतला. अनेक पदाधिकारी उपस्थित होते.")
NEPALI = ("काठमाडौंमा नेपाली कांग्रेसको केन्द्रीय समितिको बैठक शनिबार बसेको छ। बैठकमा पार्टीका सभापतिले आगामी "
          "निर्वाचनको तयारीबारे छलफल गर्नुभयो र कार्यकर्तालाई एकजुट हुन आग्रह गर्नुभयो।")
ENGLISH = ("The district unit of the Congress held a meeting at the party office on Sunday. The district president "
           "chaired the meeting and discussed preparations for the coming municipal elections.")
HINDI_PAGE_WITH_ENGLISH_MENU = HINDI + "\nHome About us Contact us Privacy Policy Terms & Conditions Advertise with us"


@pytest.mark.parametrize("text, code", [(HINDI, "hi"), (MARATHI, "mr"), (NEPALI, "ne"), (ENGLISH, "en"),
                                        (HINDI_PAGE_WITH_ENGLISH_MENU, "hi")])
def test_language_of_each_text(text, code):
    language = detect_language(text)
    assert language.code == code
    assert language.probability > 0.8


def test_langdetects_cached_character_functions_answer_as_its_own():
    """pipelines.language caches two of langdetect's per-character functions; every character of the
    scripts a page may carry gets what langdetect itself would give it."""
    from langdetect import detector
    from langdetect.utils import ngram, unicode_block

    chars = [chr(c) for c in [*range(0x0000, 0x3000), *range(0xFF00, 0xFFEF)]]
    for ch in chars + chars:  # the second time from the cache
        assert ngram.NGram.normalize(ch) == ngram.NGram.normalize.__wrapped__(ch)
        assert detector.unicode_block(ch) == unicode_block.unicode_block(ch)


def test_detection_is_deterministic():
    assert len({detect_language(HINDI + MARATHI).probability for _ in range(5)}) == 1


@pytest.mark.parametrize("text", ["", "भाजपा", "12345 !!!"])
def test_too_little_text_is_undetermined(text):
    assert detect_language(text).code == "und"


# Issue 9: language is judged on the running text, not on lists of names; Sanskrit is not Hindi.
FIRST = "राम सुरेश अनिल मनोज दिनेश राजेश कृष्ण विनोद संजय अशोक प्रदीप महेश नरेश उमेश गणेश रविंद्र सुनील विजय".split()
LAST = "यादव सिंह वर्मा तिवारी चौरसिया पांडेय मिश्रा शुक्ला गुप्ता शर्मा पाटील देशमुख थापा श्रेष्ठ राउत कुमार".split()
NAMES = [f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}" for i in range(1200)]  # made up
LEAD = ("भाजपा की जिला स्तरीय बैठक रविवार को पार्टी कार्यालय में संपन्न हुई। बैठक की अध्यक्षता जिलाध्यक्ष ने की। "
        "इस अवसर पर ")


@pytest.mark.parametrize("names", [", ".join(NAMES) + " उपस्थित रहे।",
                                   "\n" + "\n".join(NAMES) + "\nउपस्थित रहे।",
                                   "\n" + "\n".join(f"{i}. {n}" for i, n in enumerate(NAMES, 1)),
                                   "\n" + "\n".join(", ".join(NAMES[i:i + 6]) for i in range(0, len(NAMES), 6))],
                         ids=["comma-run", "one-per-line", "numbered", "rows-of-six"])
def test_a_hindi_page_with_a_thousand_names_stays_hindi(names):
    assert detect_language(LEAD + names).code == "hi"


def test_running_text_leaves_out_lists_only():
    from pipelines.language import running_text
    kept = running_text(LEAD + ", ".join(NAMES[:50]) + " उपस्थित रहे।")
    assert "बैठक की अध्यक्षता जिलाध्यक्ष ने की" in kept and NAMES[10] not in kept
    assert detect_language(MARATHI + "\n" + "\n".join(NAMES)).code == "mr"  # lists do not make Hindi either


SANSKRIT = ("जयपुरनगरे भारतीयजनतापक्षस्य जिलास्तरीया सभा रविवासरे सम्पन्ना अभवत्। सभायाः अध्यक्षतां जिलाध्यक्षः "
            "रमेशमिश्रः अकरोत्। अस्मिन् अवसरे बहवः कार्यकर्तारः उपस्थिताः आसन्। सः उक्तवान् यत् आगामिनि निर्वाचने "
            "दलस्य विजयः निश्चितः अस्ति इति। सर्वे कार्यकर्तारः ग्रामेषु गत्वा जनान् प्रति सम्पर्कं कुर्वन्तु इति अपि "
            "तेन उक्तम्। सभायां महिलाः युवानः च अपि भागं गृहीतवन्तः।")
VERSE = "कर्मण्येवाधिकारस्ते मा फलेषु कदाचन। मा कर्मफलहेतुर्भूर्मा ते सङ्गोऽस्त्वकर्मणि॥"


def test_sanskrit_is_not_hindi_and_is_dropped_as_language_sa():
    from crawler.items import ArticleItem
    from pipelines.clean import Cleaned
    from scrapy.exceptions import DropItem

    from pipelines.stages import LanguagePipeline
    assert detect_language(SANSKRIT).code == "sa"
    assert detect_language(HINDI + " जिलाध्यक्ष ने गीता का श्लोक सुनाया: " + VERSE).code == "hi"
    from datetime import datetime, timezone
    item = ArticleItem(url="http://example.in/sa", source="x", body=b"", fetched_at=datetime.now(timezone.utc))
    item.cleaned = Cleaned(text=SANSKRIT)
    with pytest.raises(DropItem) as dropped:
        LanguagePipeline(["hi"]).process_item(item)
    assert dropped.value.skip.reason == "language_sa"


@pytest.mark.parametrize("stem, code", [("fundus_bhaskar_2024_09_03_mainpuri", "hi"),
                                        ("htmldate_amarujala_varanasi_1579139187", "hi"),
                                        ("htmldate_jagran_prayagraj_1782160236", "hi"),
                                        ("mcmetadata_oneindia-hindi_2020_06_28_aap-amit-shah", "hi"),
                                        ("charset_mislabel_iso-8859-1_is-utf8_hundeverein-querfurt.de", "de"),
                                        ("charset_mislabel_euc-kr_is-utf8_1538026996", "ko")])
def test_real_pages_keep_their_language(stem, code):
    from pipelines.clean import clean
    from tests.conftest import shared
    assert detect_language(clean(shared("data", "html", f"{stem}.html").read_bytes(), min_chars=1).text).code == code


def test_every_real_report_keeps_its_language_whole_and_cut_short():
    """The short sample settles most pages; it must not change a verdict. ../shared/real: Hindi reports,
    and one Marathi report (its gold notes say `language: mr`); the dev set's Marathi and Nepali ones."""
    import json

    from tests.conftest import shared
    expected = {}
    for gold in sorted(shared("real", "gold").glob("*.json")):
        notes = str(json.loads(gold.read_text(encoding="utf-8")).get("notes", ""))
        expected[gold.parent.parent / "texts" / f"{gold.stem}.txt"] = "mr" if "language: mr" in notes else "hi"
    dev = Path(__file__).resolve().parents[1] / "crawler" / "fixture" / "reports" / "texts"
    expected.update({dev / "d033.txt": "mr", dev / "d034.txt": "ne", dev / "d001.txt": "hi"})
    wrong = [(path.name, cut, got.code) for path, code in expected.items() if path.exists()
             for cut in (None, 300) if (got := detect_language(path.read_text(encoding="utf-8")[:cut])).code != code]
    assert len(expected) > 60 and not wrong


def test_every_team_written_report_with_a_meeting_reads_as_hindi():
    """The short sample must not be confidently wrong: a report whose second window falls in a list of
    names and posts ("प्रखंड अध्यक्ष। प्रेम प्रकाश मुर्मू। …") looks Nepali to one langdetect trial."""
    import json

    root = Path(__file__).resolve().parents[1]
    wrong, checked = [], 0
    for folder in (root / "crawler" / "fixture" / "reports", root / "tests" / "holdout"):
        for gold in sorted((folder / "gold").glob("*.json")):
            data = json.loads(gold.read_text(encoding="utf-8"))
            if data.get("meetings"):
                checked += 1
                code = detect_language((folder / data["text_file"]).read_text(encoding="utf-8")).code
                if code != "hi":
                    wrong.append((gold.stem, code))
    assert checked > 80 and not wrong
