"""Language: Hindi kept; English, Marathi and Nepali told apart (texts written for these tests)."""
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


def test_detection_is_deterministic():
    assert len({detect_language(HINDI + MARATHI).probability for _ in range(5)}) == 1


@pytest.mark.parametrize("text", ["", "भाजपा", "12345 !!!"])
def test_too_little_text_is_undetermined(text):
    assert detect_language(text).code == "und"
