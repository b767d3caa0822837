"""Every gold file (../shared/gold, crawler/fixture/reports/gold and tests/holdout/gold) follows ../shared/gold/README.md (v2.2).

Vocabularies come from pipelines/extract/data/codes.toml, which is checked
against the README's tables when the shared data is present.

Besides keys, codes and strings that must occur in the text, the checks cover
what v2.2 makes mechanical:
- a meeting date without `published` is a full date printed with its year, and
  no meeting is dated after publication;
- a meeting's level is null only when no chair or leader holds an own post with
  a level (the fallback; public offices and former posts do not count);
- a post whose only level word is प्रांत is `state`, an RSS post whose only level
  word is विभाग is `division`;
- a post printed once before several names ("जिला मंत्री A व B") is not given
  to the later names, unless the text marks it shared (दोनों, सभी);
- bylines, portraits and statues garlanded, and deities are not participants;
  a name is never a bare honorific.
Judgment calls (whether a post without a level word is a post of the unit that
met, whether a meeting took place) are left to the annotator.
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from pipelines.clean import from_legacy_font

from pipelines.evaluate import load_codes, normalise_name

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = ROOT / "crawler" / "fixture" / "reports"  # the dev set
HOLDOUT = ROOT / "tests" / "holdout"
README = SHARED / "gold" / "README.md"

ARTICLE_KEYS = {"id", "text_file", "url", "published", "meetings"}
MEETING_KEYS = {"organisation", "wings", "level", "kind", "mode", "place", "state", "venue",
                "date", "duration_days", "participants"}
PARTICIPANT_KEYS = {"name", "aliases", "designation", "post", "level", "roles"}
# Meeting field -> vocabulary of codes.toml; participant fields likewise.
MEETING_CODES = {"level": "levels", "kind": "kinds", "mode": "modes"}
PARTICIPANT_CODES = {"post": "posts", "level": "levels"}
# README table row -> codes.toml vocabulary it defines.
README_ROWS = {"wings": "wings", "level": "levels", "kind": "kinds", "mode": "modes",
               "post": "posts", "roles": "roles"}


def gold_files() -> list:
    params = [pytest.param(path, id=f"{label}/{path.name}")
              for label, folder in (("dev", DEV), ("holdout", HOLDOUT))
              for path in sorted((folder / "gold").glob("*.json"))]
    if (SHARED / "gold").is_dir():
        params += [pytest.param(path, id=f"shared/{path.name}")
                   for path in sorted((SHARED / "gold").glob("*.json"))]
    return params


def problems(path: Path) -> list[str]:
    """Everything wrong with one gold file; empty when it is valid."""
    raw = path.read_text(encoding="utf-8")
    if unicodedata.normalize("NFC", raw) != raw:
        return ["file is not NFC"]
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return [f"does not parse: {exc}"]
    found = _missing("article", ARTICLE_KEYS, data)
    if found:
        return found
    if str(data["id"]) != path.stem:
        found.append(f"id {data['id']!r} differs from the file name")
    text_path = path.parent.parent / data["text_file"]
    if not text_path.is_file():
        return found + [f"text file missing: {data['text_file']}"]
    text = text_path.read_text(encoding="utf-8-sig")
    if data.get("legacy_font"):  # a fixture page typed in a pre-Unicode font: gold holds the Unicode
        text = from_legacy_font(text)[0]
    found += _check_date("published", data["published"])
    if not isinstance(data["meetings"], list):
        return found + ["meetings is not a list"]
    for number, meeting in enumerate(data["meetings"], 1):
        # The v2.2 checks read the fields, so they run on a meeting whose fields are well-formed.
        wrong = _meeting_problems(meeting, text) or _v22_problems(meeting, text, data["published"])
        found += [f"meeting {number}: {p}" for p in wrong]
    return found


def _missing(what: str, keys: set[str], data: object) -> list[str]:
    if not isinstance(data, dict):
        return [f"{what} is not an object"]
    return [f"{what} lacks {key!r}" for key in sorted(keys - set(data))]


def _check_date(key: str, value: object) -> list[str]:
    if value is None:
        return []
    try:
        date.fromisoformat(value)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    except (TypeError, ValueError, AssertionError):
        return [f"{key} {value!r} is not YYYY-MM-DD"]
    return []


def _in_text(key: str, value: object, text: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, str) or not value.strip():
        return [f"{key} {value!r} is not a non-empty string"]
    return [] if value in text else [f"{key} {value!r} not in the text"]


def _code(key: str, value: object, vocabulary: str, nullable: bool = True) -> list[str]:
    if value is None and nullable:
        return []
    return [] if value in load_codes()[vocabulary] else [f"{key} {value!r} is not a known code"]


def _meeting_problems(meeting: dict, text: str) -> list[str]:
    found = _missing("meeting", MEETING_KEYS, meeting)
    if found:
        return found
    organisation = meeting["organisation"]
    if organisation is not None and not (isinstance(organisation, str) and organisation.strip()):
        found.append(f"organisation {organisation!r} is not a non-empty string")
    if not isinstance(meeting["wings"], list):
        found.append("wings is not a list")
    else:
        found += [p for wing in meeting["wings"] for p in _code("wing", wing, "wings", nullable=False)]
    for key, vocabulary in MEETING_CODES.items():
        found += _code(key, meeting[key], vocabulary)
    found += _in_text("place", meeting["place"], text) + _in_text("venue", meeting["venue"], text)
    if meeting["state"] is not None and not (isinstance(meeting["state"], str) and meeting["state"].strip()):
        found.append(f"state {meeting['state']!r} is not a non-empty string")
    found += _check_date("date", meeting["date"])
    days = meeting["duration_days"]
    if days is not None and not (isinstance(days, int) and not isinstance(days, bool) and days > 0):
        found.append(f"duration_days {days!r} is not a positive integer")
    if not isinstance(meeting["participants"], list):
        return found + ["participants is not a list"]
    for person in meeting["participants"]:
        found += _participant_problems(person, text)
    return found + _repeated_names(meeting["participants"])


def _participant_problems(person: dict, text: str) -> list[str]:
    found = _missing("participant", PARTICIPANT_KEYS, person)
    if found:
        return found
    name = person["name"]
    found += _in_text("name", name, text)
    if not isinstance(person["aliases"], list):
        found.append(f"{name}: aliases is not a list")
    else:
        found += [f"{name}: {p}" for alias in person["aliases"] for p in _in_text("alias", alias, text)]
    found += [f"{name}: {p}" for p in _in_text("designation", person["designation"], text)]
    for key, vocabulary in PARTICIPANT_CODES.items():
        found += [f"{name}: {p}" for p in _code(key, person[key], vocabulary)]
    if not isinstance(person["roles"], list):
        found.append(f"{name}: roles is not a list")
    else:
        found += [f"{name}: {p}" for role in person["roles"] for p in _code("role", role, "roles", nullable=False)]
        if len(set(person["roles"])) != len(person["roles"]):
            found.append(f"{name}: a role given twice")
    return found


def _repeated_names(people: list[dict]) -> list[str]:
    """A name or alias (as the evaluator compares them) on two entries of one meeting."""
    owner: dict[str, str] = {}
    found = []
    for person in people:
        if not isinstance(person, dict) or not isinstance(person.get("aliases"), list):
            continue
        forms = {normalise_name(f) for f in [person.get("name"), *person["aliases"]] if isinstance(f, str)}
        for form in forms - {None}:
            if form in owner:
                found.append(f"{form!r} names both {owner[form]!r} and {person.get('name')!r}")
            owner[form] = person.get("name")
    return found


# v2.2 checks ------------------------------------------------------------------

# Posts that are public offices (not the organisation's own) or no current post:
# they never give a meeting its level by the fallback.
NOT_OWN_POSTS = {"mp", "mla", "minister", "mayor", "councillor", "village_head", "former"}
# Level words other than प्रांत/विभाग (a designation holding one of them is levelled by it).
OTHER_LEVEL_WORDS = re.compile(
    "बूथ|सेक्टर|शक्ति के|वार्ड|मंडल|मण्डल|प्रखंड|प्रखण्ड|ब्लॉक|विकासखंड|नगर|शहर|विधानसभा|हलका|"
    "जिला|जिले|ज़िला|लोकसभा|संसदीय|संभाग|प्रमंडल|क्षेत्र|जोन|प्रदेश|राज्य|राष्ट्रीय|केंद्रीय|केन्द्रीय|"
    "अखिल भारतीय")
PRANT = re.compile("प्रांत|प्रान्त")
VIBHAG = re.compile("विभाग")
HINDI_MONTHS = {
    "जनवरी": 1, "फरवरी": 2, "फ़रवरी": 2, "मार्च": 3, "अप्रैल": 4, "अप्रेल": 4, "मई": 5, "जून": 6,
    "जुलाई": 7, "अगस्त": 8, "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "अक्तूबर": 10,
    "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12,
}
DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_MONTH = "(" + "|".join(HINDI_MONTHS) + ")"
# "12.07.2021", "12/7/2021", "2021-07-12", "12 जुलाई 2021", "23 व 24 सितंबर 2023",
# "7 जून से 9 जून 2024" (the first day of a span counts).
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})(?:\s*(?:व|और|एवं|से|तक|-|–)\s*\d{1,2})?\s+"
                       + _MONTH + r",?\s+(\d{4})(?!\d)")
SPAN_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+" + _MONTH + r"\s*(?:से|-|–)\s*\d{1,2}\s+"
                       + _MONTH + r",?\s+(\d{4})(?!\d)")
# A short line that is only a byline: "By X", "रिपोर्ट : X", "संवाददाता - X", "प्रेषक- X".
BYLINE = re.compile(r"^[ \t]*(?:by[ \t]+|(?:रिपोर्ट|रिपोर्टर|संवाददाता|प्रेषक)[ \t]*[:：\-–][ \t]*)[^\n]{1,60}$",
                    re.IGNORECASE | re.MULTILINE)
# "X के चित्र पर माल्यार्पण", "X एवं Y के छायाचित्र", "X की प्रतिमा": X is garlanded, not present.
PORTRAIT_AFTER = re.compile(
    r"(?:\s*(?:,|व|एवं|और|तथा)\s+[^\n।,|]{1,40}?)*\s*(?:जी\s*)?(?:के|की)\s+(?:छाया|तैल)?"
    r"(?:चित्र|प्रतिमा|तस्वीर|मूर्ति|फोटो|फ़ोटो)")
DEITY = re.compile(r"^(?:भारत माता|मां .+|माँ .+)$")
SHARED_CUE = re.compile("दोनों|सभी")
# A designation naming several units ("सोशल मीडिया और आई टी के प्रदेश संयोजक") may be shared by as many names.
SEVERAL_UNITS = re.compile(r",|\s(?:व|और|एवं|तथा)\s")


def printed_dates(text: str) -> set[str]:
    """Every full date with its year printed in the text, as YYYY-MM-DD."""
    text = text.translate(DEVANAGARI_DIGITS)
    found: set[tuple[int, int, int]] = set()
    found |= {(int(y), int(m), int(d)) for d, m, y in NUMERIC_DATE.findall(text)}
    found |= {(int(y), int(m), int(d)) for y, m, d in ISO_DATE.findall(text)}
    found |= {(int(y), HINDI_MONTHS[m], int(d)) for d, m, y in WORD_DATE.findall(text)}
    found |= {(int(y), HINDI_MONTHS[m], int(d)) for d, m, _, y in SPAN_DATE.findall(text)}
    dates = set()
    for year, month, day in found:
        try:
            dates.add(date(year, month, day).isoformat())
        except ValueError:
            pass
    return dates


def _v22_problems(meeting: dict, text: str, published: str | None) -> list[str]:
    """What README v2.2 makes checkable in one (otherwise well-formed) meeting."""
    found = []
    people = meeting["participants"]
    held = meeting["date"]
    if held is not None and published is None and held not in printed_dates(text):
        found.append(f"date {held} without published, but no full date with its year printed for it")
    if held is not None and published is not None and held > published:
        found.append(f"date {held} after published {published}")
    if meeting["level"] is None:
        for person in people:
            if {"chair", "leader"} & set(person["roles"]) and person["level"] is not None \
                    and person["post"] not in NOT_OWN_POSTS:
                found.append(f"level null although {person['name']} (chair/leader) holds a "
                             f"{person['post']}/{person['level']} post")
    for person in people:
        found += [f"{person['name']}: {p}" for p in _v22_person(person, meeting, text)]
    return found + _shared_posts(people, text)


def _v22_person(person: dict, meeting: dict, text: str) -> list[str]:
    found = []
    name, designation = person["name"], person["designation"]
    codes = load_codes()
    if not normalise_name(name) or name.strip() in codes["honorifics"] | codes["trailing_honorifics"]:
        found.append("name is only an honorific")
    if designation and not OTHER_LEVEL_WORDS.search(designation):
        if PRANT.search(designation) and person["level"] != "state":
            found.append(f"designation {designation!r} (प्रांत) but level {person['level']!r}, not 'state'")
        if meeting["organisation"] == "RSS" and VIBHAG.search(designation) \
                and not PRANT.search(designation) and person["level"] != "division":
            found.append(f"RSS designation {designation!r} (विभाग) but level {person['level']!r}, not 'division'")
    if DEITY.match(name):
        found.append("a deity or Bharat Mata is not a participant")
    forms = [f for f in [name, *person["aliases"]] if f]
    spans = [m.span() for f in forms for m in re.finditer(re.escape(f), text)]
    bylines = [m.span() for m in BYLINE.finditer(text)]
    if spans and all(any(b0 <= s0 and s1 <= b1 for b0, b1 in bylines) for s0, s1 in spans):
        found.append("printed only in the byline")
    if spans and all(PORTRAIT_AFTER.match(text, s1) for _, s1 in spans):
        found.append("printed only as a portrait or statue garlanded")
    return found


def _shared_posts(people: list[dict], text: str) -> list[str]:
    """'D A व B' / 'D A, B' with B given D too, although nothing marks D as shared."""
    found = []
    titles = "|".join(re.escape(t) for t in load_codes()["honorifics"])
    title = rf"(?:(?:{titles})\s*)*"
    for i, first in enumerate(people):
        post = first["designation"]
        if not post or SEVERAL_UNITS.search(post):
            continue
        for later in people[i + 1:]:
            if later["designation"] != post:
                continue
            pattern = (re.escape(post) + r"\s+" + title + re.escape(first["name"]) + r"(?:\s+जी)?"
                       + r"\s*(?:,|\s(?:व|और|एवं|तथा)\s)\s*" + title + re.escape(later["name"]))
            for match in re.finditer(pattern, text):
                around = text[max(0, match.start() - 15):match.end() + 30]
                if not SHARED_CUE.search(around):
                    found.append(f"{later['name']}: the post {post!r} printed once before "
                                 f"'{first['name']} … {later['name']}' belongs to the first name only")
                    break
    return found


@pytest.mark.parametrize("path", gold_files())
def test_gold_file(path: Path):
    assert problems(path) == []


def test_shared_gold_present():
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"shared evaluation data absent: {SHARED / 'gold'}")
    assert list((SHARED / "gold").glob("*.json"))


def test_codes_file_has_every_vocabulary():
    codes = load_codes()
    for key in ("organisations", "wings", "levels", "kinds", "modes", "posts", "roles", "honorifics"):
        assert codes.get(key), key


def readme_codes() -> dict[str, set[str]]:
    """Codes in backticks of the first README table row for each field.

    A row may name another field or its codes (v2.2's `level` row refers to the
    `chair`/`leader` roles); those are not codes of the row.
    """
    rows: dict[str, set[str]] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([a-z_]+)`\s*\|(.*)", line)
        if match and match.group(1) not in rows:
            rows[match.group(1)] = set(re.findall(r"`([a-z_]+)`", match.group(2)))
    for row in rows:
        if row != "roles":
            rows[row] -= rows.get("roles", set())
    return rows


def test_codes_file_matches_readme():
    if not README.is_file():
        pytest.skip(f"shared evaluation data absent: {README}")
    rows, codes = readme_codes(), load_codes()
    for row, vocabulary in README_ROWS.items():
        assert rows[row] == set(codes[vocabulary]), row


def test_problems_are_found(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "x.txt").write_text("बैठक में अमित रंजन और पूजा साव मौजूद रहे।", encoding="utf-8")
    people = [
        {"name": "अमित रंजन", "aliases": [], "designation": None, "post": "boss", "level": None,
         "roles": ["attendee"]},
        {"name": "श्री अमित रंजन", "aliases": [], "designation": "जिलाध्यक्ष", "post": None,
         "level": None, "roles": ["dancer"]},
    ]
    meeting = {"organisation": "", "wings": ["youth"], "level": "district", "kind": "meeting",
               "mode": None, "place": "गोला", "state": None, "venue": None, "date": "5 March",
               "duration_days": None, "participants": people}
    gold = {"id": "x", "text_file": "texts/x.txt", "url": None, "published": None, "meetings": [meeting]}
    path = tmp_path / "gold" / "x.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    found = "\n".join(problems(path))
    for expected in ("organisation ''", "place 'गोला' not in the text", "date '5 March'",
                     "post 'boss'", "role 'dancer'", "designation 'जिलाध्यक्ष' not in the text",
                     "name 'श्री अमित रंजन' not in the text", "names both"):
        assert expected in found


def _write_gold(tmp_path: Path, text: str, meetings: list[dict], published: str | None = "2024-05-06") -> Path:
    (tmp_path / "gold").mkdir(exist_ok=True)
    (tmp_path / "texts").mkdir(exist_ok=True)
    (tmp_path / "texts" / "y.txt").write_text(text, encoding="utf-8")
    gold = {"id": "y", "text_file": "texts/y.txt", "url": None, "published": published, "meetings": meetings}
    path = tmp_path / "gold" / "y.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def _person(name: str, designation: str | None = None, post: str | None = None, level: str | None = None,
            roles: tuple[str, ...] = ("attendee",)) -> dict:
    return {"name": name, "aliases": [], "designation": designation, "post": post, "level": level,
            "roles": list(roles)}


def _meeting(people: list[dict], **fields) -> dict:
    meeting = {"organisation": "BJP", "wings": [], "level": "district", "kind": "meeting", "mode": None,
               "place": None, "state": None, "venue": None, "date": None, "duration_days": None,
               "participants": people}
    return meeting | fields


def test_v22_problems_are_found(tmp_path):
    text = ("रिपोर्ट : कमल किशोर\n"
            "बैठक की शुरुआत स्वर्गीय गोविंद शर्मा के चित्र पर माल्यार्पण और मां दुर्गा की वंदना से हुई। "
            "अध्यक्षता जिलाध्यक्ष हरिनाथ वर्मा ने की। प्रांत सह संयोजक नीरज सेन ने बात रखी। "
            "बैठक में प्रदेश मंत्री सुरेश पाल व दीपा रानी तथा श्री उपस्थित रहे।")
    people = [
        _person("हरिनाथ वर्मा", "जिलाध्यक्ष", "president", "district", ("chair",)),
        _person("नीरज सेन", "प्रांत सह संयोजक", "co_convener", "region", ("speaker",)),
        _person("सुरेश पाल", "प्रदेश मंत्री", "secretary", "state"),
        _person("दीपा रानी", "प्रदेश मंत्री", "secretary", "state"),
        _person("कमल किशोर"),
        _person("गोविंद शर्मा"),
        _person("मां दुर्गा"),
        _person("श्री"),
    ]
    path = _write_gold(tmp_path, text, [_meeting(people, level=None, date="2024-05-09")])
    found = "\n".join(problems(path))
    for expected in ("level null although हरिनाथ वर्मा", "नीरज सेन: designation 'प्रांत सह संयोजक'",
                     "दीपा रानी: the post 'प्रदेश मंत्री'", "कमल किशोर: printed only in the byline",
                     "गोविंद शर्मा: printed only as a portrait", "मां दुर्गा: a deity",
                     "श्री: name is only an honorific", "date 2024-05-09 after published"):
        assert expected in found
    assert "सुरेश पाल:" not in found

    undated = _write_gold(tmp_path, "बैठक 5 मई को हुई। हरिनाथ वर्मा उपस्थित रहे।",
                          [_meeting([_person("हरिनाथ वर्मा")], date="2024-05-05")], published=None)
    assert "no full date with its year printed" in "\n".join(problems(undated))


def test_v22_allows_what_the_readme_allows(tmp_path):
    text = ("संघ की विभाग बैठक 5 मई 2024 को हुई। अध्यक्षता विभाग संघचालक रवि दत्त ने की। "
            "प्रदेश मंत्री सुरेश पाल व दीपा रानी दोनों उपस्थित रहे। "
            "सोशल मीडिया और आई टी के जिला संयोजक अजय नाथ एवं सलमा बी ने आभार जताया।")
    people = [
        _person("रवि दत्त", "विभाग संघचालक", "other", "division", ("chair",)),
        _person("सुरेश पाल", "प्रदेश मंत्री", "secretary", "state"),
        _person("दीपा रानी", "प्रदेश मंत्री", "secretary", "state"),
        _person("अजय नाथ", "सोशल मीडिया और आई टी के जिला संयोजक", "convener", "district", ("vote_of_thanks",)),
        _person("सलमा बी", "सोशल मीडिया और आई टी के जिला संयोजक", "convener", "district", ("vote_of_thanks",)),
    ]
    path = _write_gold(tmp_path, text, [_meeting(people, organisation="RSS", level="division", date="2024-05-05")],
                       published=None)
    assert problems(path) == []
    assert printed_dates("बैठक २३ व २४ सितंबर 2023 तथा 7 जून से 9 जून 2024 और 12.07.2021 को") == {
        "2023-09-23", "2024-06-07", "2024-06-09", "2021-07-12"}
