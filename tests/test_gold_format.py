"""Every gold file (../shared/gold, tests/dev/gold and tests/holdout/gold) follows ../shared/gold/README.md (v2.1).

Vocabularies come from pipelines/extract/data/codes.toml, which is checked
against the README's tables when the shared data is present.
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
DEV = ROOT / "tests" / "dev"
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
    params = [pytest.param(path, id=f"{folder.name}/{path.name}")
              for folder in (DEV, HOLDOUT) for path in sorted((folder / "gold").glob("*.json"))]
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
        found += [f"meeting {number}: {p}" for p in _meeting_problems(meeting, text)]
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
    """Codes in backticks of the first README table row for each field."""
    rows: dict[str, set[str]] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([a-z_]+)`\s*\|(.*)", line)
        if match and match.group(1) not in rows:
            rows[match.group(1)] = set(re.findall(r"`([a-z_]+)`", match.group(2)))
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
