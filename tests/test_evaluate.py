"""The scorer on small hand-made gold/prediction pairs, and the two suite runs against targets."""
from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.evaluate import (
    TARGETS, GoldArticle, evaluate_dir, failures, fold_failures, format_report, load_gold, main,
    normalise_name, score,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = ROOT / "crawler" / "fixture" / "reports"  # the dev set
HOLDOUT = ROOT / "tests" / "holdout"


def person(name: str, *roles: str, post: str | None = None, level: str | None = None,
           aliases: tuple[str, ...] = ()) -> dict:
    return {"name": name, "aliases": list(aliases), "designation": None, "post": post,
            "level": level, "roles": list(roles)}


def meeting(*people: dict, **fields) -> dict:
    base = {"organisation": "BJP", "wings": ["youth"], "level": "district", "kind": "meeting",
            "mode": "in_person", "place": "रामगढ़", "state": "Jharkhand", "venue": None,
            "date": "2024-03-05", "duration_days": None}
    return {**base, **fields, "participants": list(people)}


def article(*meetings: dict, id: str = "t") -> GoldArticle:
    return GoldArticle(id=id, text="", url=None, published=None, meetings=list(meetings), path=Path(id))


def figures(gold: GoldArticle, predicted: list[dict]) -> dict:
    return score([(gold, predicted)]).figures()


# ---------------------------------------------------------------- names

def test_honorifics_titles_and_jee_are_stripped():
    assert normalise_name("श्री कमल नयन") == "कमल नयन"
    assert normalise_name("माननीय श्रीमती सरला देवी जी") == "सरला देवी"
    assert normalise_name("डॉ.विनीता राय") == "विनीता राय"
    assert normalise_name("डॉ विनीता राय") == "विनीता राय"
    assert normalise_name("एड. मोहन लाल") == "मोहन लाल"


def test_name_starting_like_a_title_is_kept():
    assert normalise_name("श्रीकांत पाल") == "श्रीकांत पाल"
    assert normalise_name("जीवन लाल") == "जीवन लाल"


def test_nfc_and_joiners_are_ignored():
    decomposed = unicodedata.normalize("NFD", "फ़रहान क़ुरैशी")
    with_zwnj = "फ़रहान\u200c क़ुरैशी"
    assert normalise_name(decomposed) == normalise_name(with_zwnj) == unicodedata.normalize("NFC", "फ़रहान क़ुरैशी")


def test_honorific_prediction_matches_plain_gold_name():
    gold = article(meeting(person("कमल नयन", "attendee")))
    fig = figures(gold, [meeting(person("श्री कमल नयन जी", "attendee"))])
    assert fig["participants"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_prediction_matching_a_gold_alias():
    gold = article(meeting(person("रेखा कुमारी सिंह", "attendee", aliases=("रेखा सिंह",))))
    fig = figures(gold, [meeting(person("रेखा सिंह", "attendee"))])
    assert fig["participants"]["f1"] == 1.0


def test_prediction_whose_own_alias_matches():
    gold = article(meeting(person("ओम प्रकाश", "speaker")))
    fig = figures(gold, [meeting(person("ओमप्रकाश", "speaker", aliases=("ओम प्रकाश",)))])
    assert fig["participants"]["f1"] == 1.0


def test_gold_participant_matched_at_most_once():
    gold = article(meeting(person("सुधीर वर्मा", "attendee", aliases=("वर्मा",))))
    report = score([(gold, [meeting(person("वर्मा", "attendee"), person("सुधीर वर्मा", "attendee"))])])
    counts = report.total.participants
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)
    # The exact name wins the gold entry; the bare surname is the false hit.
    assert report.articles[0].false_names == ["वर्मा"]


# ---------------------------------------------------------------- roles and posts

def test_role_pairs():
    gold = article(meeting(person("अमित रंजन", "chair", "attendee"), person("पूजा साव", "speaker")))
    predicted = [meeting(person("अमित रंजन", "chair", "speaker"), person("नवीन तिर्की", "attendee"))]
    report = score([(gold, predicted)])
    roles = report.total.roles
    # chair hit; speaker (Amit) and attendee (Navin, unmatched) false; attendee (Amit), speaker (Puja) missed.
    assert (roles.tp, roles.fp, roles.fn) == (1, 2, 2)
    assert report.articles[0].wrong_roles == ["अमित रंजन: missing attendee; extra speaker"]


def test_post_and_level_accuracy_over_matched_participants():
    gold = article(meeting(person("अमित रंजन", post="president", level="district"),
                           person("पूजा साव", post="secretary", level="state"),
                           person("नवीन तिर्की", post="mla", level="vidhansabha")))
    predicted = [meeting(person("अमित रंजन", post="president", level="district"),
                         person("पूजा साव", post="secretary", level="district"))]
    posts = figures(gold, predicted)["posts"]
    assert posts == {"post_accuracy": 1.0, "level_accuracy": 0.5}


# ---------------------------------------------------------------- meetings

def test_meetings_paired_by_best_match():
    first = meeting(person("अमित रंजन", "chair"), person("पूजा साव", "attendee"))
    second = meeting(person("नवीन तिर्की", "chair"), organisation="INC", wings=[], level="block",
                     place="गोला", date="2024-03-04")
    gold = article(first, second)
    fig = figures(gold, [second, first])
    assert all(value == 1.0 for value in fig["meetings"].values())
    assert fig["participants"]["f1"] == 1.0 and fig["roles"]["f1"] == 1.0


def test_wings_compared_as_a_set_and_null_equals_null():
    gold = article(meeting(person("अमित रंजन"), wings=["it_cell", "social_media"], date=None, place=None))
    predicted = [meeting(person("अमित रंजन"), wings=["social_media", "it_cell"], date=None, place=None)]
    assert all(value == 1.0 for value in figures(gold, predicted)["meetings"].values())


def test_wrong_fields_are_reported_per_article():
    gold = article(meeting(person("अमित रंजन"), level="district", mode="virtual"))
    report = score([(gold, [meeting(person("अमित रंजन"), level="state", mode="virtual")])])
    assert report.figures()["meetings"]["level"] == 0.0
    assert report.figures()["meetings"]["mode"] == 1.0
    assert report.articles[0].wrong_fields == ["meeting 1 level: gold district, got state"]
    assert "wrong fields: meeting 1 level: gold district, got state" in format_report(report)


def test_unpaired_meetings_count_as_misses_and_false_hits():
    gold = article(meeting(person("अमित रंजन")), meeting(person("पूजा साव"), organisation="INC"))
    predicted = [meeting(person("अमित रंजन")), meeting(person("नवीन तिर्की")), meeting(person("रीता देवी"))]
    report = score([(gold, predicted)])
    counts = report.total.participants
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 1)
    # The INC meeting pairs with a BJP prediction: its organisation is wrong, the rest equal.
    assert report.figures()["meetings"]["organisation"] == 0.5


def test_unpaired_gold_meeting_scores_zero_on_each_field():
    gold = article(meeting(person("अमित रंजन")), meeting(person("पूजा साव"), organisation="INC"))
    fig = figures(gold, [meeting(person("अमित रंजन"))])
    assert all(value == 0.5 for value in fig["meetings"].values())


def test_detection_over_articles():
    with_meeting = meeting(person("अमित रंजन"))
    pairs = [(article(with_meeting, id="tp"), [with_meeting]),
             (article(with_meeting, id="fn"), []),
             (article(id="fp"), [with_meeting]),
             (article(id="tn"), [])]
    detection = score(pairs).total.detection
    assert (detection.tp, detection.fp, detection.fn) == (1, 1, 1)
    assert score(pairs).figures()["detection"] == {"precision": 0.5, "recall": 0.5}


def test_no_meeting_article_predicted_empty_is_perfect():
    fig = figures(article(), [])
    assert fig["detection"] == {"precision": 1.0, "recall": 1.0}
    assert fig["participants"]["f1"] == 1.0


# ---------------------------------------------------------------- unknown codes

def test_unknown_codes_score_as_misses_even_when_equal():
    gold = article(meeting(person("अमित रंजन", "cheerleader", post="deputy_mayor", level="galaxy"),
                           kind="rally_meeting", wings=["astronauts"], level="planet", mode="telepathy"))
    fig = figures(gold, [gold.meetings[0]])
    assert fig["participants"]["f1"] == 1.0
    assert fig["roles"]["recall"] == 0.0
    assert fig["posts"] == {"post_accuracy": 0.0, "level_accuracy": 0.0}
    for name in ("kind", "wings", "level", "mode"):
        assert fig["meetings"][name] == 0.0
    assert fig["meetings"]["organisation"] == 1.0  # open-ended


# ---------------------------------------------------------------- report

def test_json_keys_and_targets():
    gold = article(meeting(person("अमित रंजन", "chair", post="president", level="district")))
    report = score([(gold, gold.meetings)])
    data = report.to_json()
    assert set(data) == {"articles", "participants", "roles", "posts", "meetings", "detection"}
    assert data["articles"] == 1
    assert set(data["meetings"]) == {"organisation", "wings", "level", "kind", "mode", "place", "state", "date"}
    assert set(data["posts"]) == {"post_accuracy", "level_accuracy"}
    assert failures(report) == []
    assert len(failures(score([(gold, [])]))) == len(TARGETS)


def write_gold_dir(root: Path) -> None:
    (root / "gold").mkdir()
    (root / "texts").mkdir()
    (root / "texts" / "a.txt").write_text("एक बनाया हुआ पाठ।\n", encoding="utf-8")
    gold = {"id": "a", "text_file": "texts/a.txt", "url": None, "published": "2024-03-05",
            "title": "extra key", "notes": "ignored", "meetings": []}
    (root / "gold" / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


def test_load_gold_resolves_text_and_ignores_extra_keys(tmp_path):
    write_gold_dir(tmp_path)
    [gold] = load_gold(tmp_path)
    assert gold.text.startswith("एक बनाया")
    assert gold.published.isoformat() == "2024-03-05"


def test_evaluate_dir_passes_context(tmp_path):
    write_gold_dir(tmp_path)
    seen = []
    report = evaluate_dir(tmp_path, lambda text, context: seen.append(context) or {"meetings": []})
    assert seen[0].published.isoformat() == "2024-03-05"
    assert report.figures()["detection"] == {"precision": 1.0, "recall": 1.0}


def test_cli_json(tmp_path, capsys):
    write_gold_dir(tmp_path)
    assert main([str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 1


def test_scrapy_command(tmp_path):
    write_gold_dir(tmp_path)
    scrapy = Path(sys.executable).with_name("scrapy")
    done = subprocess.run([str(scrapy), "evaluate", str(tmp_path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["articles"] == 1


# ---------------------------------------------------------------- the suite against targets

def test_shared_seeds_meet_targets():
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"shared evaluation data absent: {SHARED / 'gold'}")
    report = evaluate_dir(SHARED)
    assert failures(report, SEED_FLOORS) == [], format_report(report)


def test_dev_set_meets_targets():
    report = evaluate_dir(DEV)
    assert failures(report, DEV_FLOORS) == [], format_report(report)


def test_holdout_set_stays_where_it_was():
    report = evaluate_dir(HOLDOUT)
    assert failures(report, HOLDOUT_FLOORS) == [], format_report(report)


def test_real_reports_meet_issue_7_targets():
    """The headline: 67 real reports (../shared/real), every figure at issue 7's targets, and
    each half of the set (ids sorted, dealt out in turn) within 0.05 of the whole."""
    if not (SHARED / "real" / "gold").is_dir():
        pytest.skip(f"shared evaluation data absent: {SHARED / 'real' / 'gold'}")
    report = evaluate_dir(SHARED / "real")
    assert failures(report, {**TARGETS, **REAL_FLOORS}) + fold_failures(report, 2) == [], format_report(report, folds=2)


# Where extractor 2.0 is above issue 7's targets on the real reports, it stays there.
REAL_FLOORS = {"participants.f1": 0.95, "roles.f1": 0.94, "posts.post_accuracy": 0.955, "posts.level_accuracy": 0.92,
               "meetings.organisation": 0.94, "meetings.state": 0.96}


# The seeds stay perfect; the team-written regression sets stay at or above extractor 1.4's figures
# (gold v2.2: dev 0.994 / 0.989 / 0.984 / 0.983, hold-out 0.972 / 0.957 / 0.982 / 0.976 for
# participants / roles / post / post level), and where extractor 2.0 went further, at its figures
# (dev 0.995 / 0.991 / 0.989 / 0.983, hold-out 0.992 / 0.979 / 0.988 / 0.977).
SEED_FLOORS = {key: 1.0 for key in TARGETS}
DEV_FLOORS = {**{key: 1.0 for key in TARGETS}, "participants.f1": 0.994, "roles.f1": 0.990,
              "posts.post_accuracy": 0.988, "posts.level_accuracy": 0.982, "meetings.state": 0.984,
              "meetings.date": 0.984}
HOLDOUT_FLOORS = {**{key: 1.0 for key in TARGETS}, "participants.f1": 0.99, "roles.f1": 0.978,
                  "posts.post_accuracy": 0.987, "posts.level_accuracy": 0.976, "meetings.wings": 0.958,
                  "meetings.date": 0.958}


# ---------------------------------------------------------------- folds

GIVEN = ("रमेश", "सुरेश", "महेश", "दिनेश", "राकेश", "मुकेश", "अनिल", "सुनील", "विनोद", "प्रमोद")
SURNAMES = ("वर्मा", "साहू", "यादव", "पटेल", "ठाकुर")


def write_fold_dir(root: Path, people: dict[str, int], missed: int = 0) -> Callable:
    """Gold articles `id -> number of attendees` (files named in reverse id order), and an extractor
    that finds everyone but the last `missed` attendees of articles with fewer than 10."""
    (root / "gold").mkdir()
    (root / "texts").mkdir()
    answers: dict[str, list[dict]] = {}
    for n, (id, count) in enumerate(sorted(people.items(), reverse=True)):
        names = [f"{g} {s}" for s in SURNAMES for g in GIVEN][:count]
        text = f"रामगढ़। भाजपा युवा मोर्चा की जिला बैठक मंगलवार को हुई। इस अवसर पर {', '.join(names)} उपस्थित रहे।"
        (root / "texts" / f"{id}.txt").write_text(text, encoding="utf-8")
        gold = {"id": id, "text_file": f"texts/{id}.txt", "url": None, "published": "2024-03-05",
                "meetings": [meeting(*(person(name, "attendee") for name in names))]}
        (root / "gold" / f"{n:02}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        found = names[:count - missed] if count < 10 else names
        answers[text] = [meeting(*(person(name, "attendee") for name in found))]
    return lambda text, context: {"meetings": answers[text]}


def test_folds_deal_the_sorted_ids_out_in_turn(tmp_path, monkeypatch, capsys):
    extractor = write_fold_dir(tmp_path, {"r3": 2, "r1": 2, "r5": 2, "r2": 2, "r4": 2})
    report = evaluate_dir(tmp_path, extractor)
    assert [[a.id for a in fold.articles] for fold in report.folds(2)] == [["r1", "r3", "r5"], ["r2", "r4"]]
    assert [[a.id for a in fold.articles] for fold in report.folds(3)] == [["r1", "r4"], ["r2", "r5"], ["r3"]]

    monkeypatch.setattr("pipelines.evaluate.evaluate_dir",
                        lambda directory, **kwargs: evaluate_dir(directory, extractor, **kwargs))
    assert main([str(tmp_path), "--json", "--folds", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(f["fold"], f["ids"], f["articles"]) for f in data["folds"]] == [
        (1, ["r1", "r3", "r5"], 3), (2, ["r2", "r4"], 2)]
    assert data["folds"][0]["participants"]["f1"] == 1.0
    assert main([str(tmp_path)]) == 0 and "folds" not in capsys.readouterr().out


def test_a_fold_far_from_the_whole_set_fails_the_targets(tmp_path, monkeypatch, capsys):
    # fold 1 (a1, a3): 40 of 40 found; fold 2 (a2, a4): 6 of 10; the whole: 46 of 50, above the targets
    extractor = write_fold_dir(tmp_path, {"a1": 20, "a2": 5, "a3": 20, "a4": 5}, missed=2)
    report = evaluate_dir(tmp_path, extractor)
    assert failures(report) == []
    gaps = fold_failures(report, 2)
    assert [line.split()[:3] for line in gaps] == [["fold", "2", "participants.f1"], ["fold", "2", "roles.f1"]]
    assert fold_failures(report, 2, max_gap=0.25) == []  # fold 2 F1 0.750, the whole 0.958

    monkeypatch.setattr("pipelines.evaluate.evaluate_dir",
                        lambda directory, **kwargs: evaluate_dir(directory, extractor, **kwargs))
    assert main([str(tmp_path), "--fail-under-targets"]) == 0  # without --folds the whole set passes
    assert main([str(tmp_path), "--folds", "2"]) == 0  # without --fail-under-targets only reported
    out = capsys.readouterr().out
    assert "participants F1" in out and "fold 2 participants.f1" in out
    assert main([str(tmp_path), "--folds", "2", "--fail-under-targets"]) == 1
