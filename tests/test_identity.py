"""Identity across articles: people resolved conservatively, one article per text, one meeting per event."""
from __future__ import annotations

from datetime import date, datetime, timezone

import psycopg
import pytest

from pipelines.extract.model import Evidence, Extraction, Meeting, Participant
from pipelines.store import Article, store

BODY = "सीकर। भाजपा की जिला बैठक हुई। बैठक की अध्यक्षता जिलाध्यक्ष ने की और कार्यकर्ता उपस्थित रहे। "


def article(n: int, text: str | None = None, url: str | None = None) -> Article:
    url = url or f"http://news{n}.test/2024/03/report-{n}/"
    return Article(url=url, canonical_url=url, text=text or f"{BODY}खबर {n}।", language="hi",
                   fetched_at=datetime.now(timezone.utc), source=f"outlet{n % 2}", published=date(2024, 3, 11))


def person(name: str, romanised: str | None = None, post: str | None = None, aliases=(), roles=("attendee",)):
    return Participant(name=name, romanised=romanised, post=post, level="district" if post else None,
                       roles=list(roles), aliases=list(aliases), evidence=[Evidence("name", BODY[6:29], 6, 29)])


def meeting(*people, org="BJP", state="Rajasthan", place="सीकर", day="2024-03-10", district=None):
    return Meeting(organisation=org, wings=[], level="district", kind="meeting", mode="in_person", place=place,
                   state=state, date=day, district_code=district, participants=list(people),
                   evidence=[Evidence("meeting", BODY[6:29], 6, 29)])


def save(conn, n: int, *meetings, version="t1", **kw) -> int:
    return store(conn, article(n, **kw), Extraction(meetings=list(meetings), extractor_version=version))


def people(conn) -> list[tuple]:
    return conn.execute("SELECT name, state, organisation FROM people ORDER BY id").fetchall()


def test_one_name_in_two_states_is_two_people(conn):
    save(conn, 1, meeting(person("महेश शर्मा", "Mahesh Sharma")))
    save(conn, 2, meeting(person("महेश शर्मा", "Mahesh Sharma"), state="Madhya Pradesh", place="सागर"))
    assert people(conn) == [("महेश शर्मा", "Rajasthan", "BJP"), ("महेश शर्मा", "Madhya Pradesh", "BJP")]


def test_one_name_in_two_parties_of_one_state_is_two_people(conn):
    save(conn, 1, meeting(person("महेश शर्मा")))
    save(conn, 2, meeting(person("महेश शर्मा"), org="INC"))
    assert len(people(conn)) == 2


def test_the_same_person_with_a_new_post_stays_one_person_whose_posts_show_over_time(conn):
    save(conn, 1, meeting(person("महेश शर्मा", post="secretary")))
    save(conn, 2, meeting(person("महेश शर्मा", post="president"), day="2025-01-20"))
    assert len(people(conn)) == 1
    posts = conn.execute("SELECT post, first_seen, last_seen FROM person_posts ORDER BY first_seen").fetchall()
    assert posts == [("secretary", date(2024, 3, 10), date(2024, 3, 10)),
                     ("president", date(2025, 1, 20), date(2025, 1, 20))]


def test_two_spellings_of_one_person_join_by_a_known_alias_or_a_romanised_key(conn):
    save(conn, 1, meeting(person("रमेश यादव", "Ramesh Yadav", aliases=["रमेश कुमार यादव"])))
    save(conn, 2, meeting(person("रमेश कुमार यादव"), day="2024-04-02"))          # a known alias
    save(conn, 3, meeting(person("रमेस यादव", "Ramesh Yadav"), day="2024-05-02"))  # spelt otherwise, reads alike
    assert len(people(conn)) == 1
    aliases = {r[0] for r in conn.execute("SELECT name FROM person_aliases")}
    assert aliases == {"रमेश यादव", "रमेश कुमार यादव", "रमेस यादव"}


def test_a_known_alias_does_not_join_people_across_states(conn):
    save(conn, 1, meeting(person("रमेश यादव", aliases=["रमेश कुमार यादव"])))
    save(conn, 2, meeting(person("रमेश कुमार यादव"), state="Bihar", place="पटना"))
    assert len(people(conn)) == 2


def test_the_same_text_under_two_urls_is_one_article_with_both_urls(conn):
    first = save(conn, 1, meeting(person("महेश शर्मा")))
    again = save(conn, 1, meeting(person("महेश शर्मा")), url="http://127.0.0.1:9999/2024/03/report-1/?amp=1")
    assert first == again
    counts = conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM meetings), "
                          "(SELECT count(*) FROM participations), (SELECT count(*) FROM article_urls)").fetchone()
    assert counts == (1, 1, 1, 2)


def test_one_meeting_reported_by_two_outlets_is_one_meeting_with_the_union_of_participants(conn):
    save(conn, 1, meeting(person("महेश शर्मा", roles=["chair"]), person("सुनील जाट")))
    save(conn, 2, meeting(person("महेश शर्मा", roles=["chair"]), person("गीता चौधरी")))
    row = conn.execute("SELECT count(*), max(reports), max(people) FROM meeting_facts").fetchone()
    assert row == (1, 2, 3)
    # Each report keeps its own evidence: the chair is backed by a sentence of each article.
    backed = conn.execute("""SELECT count(DISTINCT s.article_id) FROM evidence e JOIN sentences s ON s.id = e.sentence_id
                              JOIN participations p ON p.id = e.participation_id
                              JOIN people pe ON pe.id = p.person_id WHERE pe.name = 'महेश शर्मा'""").fetchone()
    assert backed == (2,)


def test_meetings_of_other_days_places_or_wings_are_not_merged(conn):
    save(conn, 1, meeting(person("महेश शर्मा")))
    save(conn, 2, meeting(person("महेश शर्मा"), day="2024-03-11"))
    save(conn, 3, meeting(person("महेश शर्मा"), place="फतेहपुर"))
    m = meeting(person("महेश शर्मा"))
    m.wings = ["youth"]
    save(conn, 4, m)
    undated = meeting(person("महेश शर्मा"), day=None)
    save(conn, 5, undated)
    save(conn, 6, meeting(person("महेश शर्मा"), day=None))
    assert conn.execute("SELECT count(*) FROM meetings").fetchone() == (6,)


def test_re_extracting_one_report_keeps_the_meeting_the_other_outlet_reports(conn):
    save(conn, 1, meeting(person("महेश शर्मा"), person("सुनील जाट")))
    save(conn, 2, meeting(person("महेश शर्मा"), person("गीता चौधरी")))
    save(conn, 1, version="t2")  # the new extractor finds no meeting in article 1
    assert conn.execute("SELECT reports, people FROM meeting_facts").fetchall() == [(1, 2)]
    assert {r[0] for r in conn.execute("SELECT name FROM people")} == {"महेश शर्मा", "गीता चौधरी"}
    assert conn.execute("SELECT count(*) FROM sentences s WHERE s.article_id = "
                        "(SELECT id FROM articles WHERE canonical_url LIKE '%report-1/')").fetchone() == (0,)


def test_a_refused_row_in_a_re_extraction_is_left_out_and_the_rest_stored(conn):
    """Issue 9: a row the database refuses loses that row, not the article (it was: the whole re-extraction)."""
    save(conn, 1, meeting(person("महेश शर्मा"), person("सुनील जाट")))
    bad = meeting(person("महेश शर्मा", roles=["chiar"]), person("सुनील जाट"))  # a role code that does not exist
    with pytest.raises(psycopg.errors.ForeignKeyViolation):  # the database does refuse that row
        with conn.transaction():
            conn.execute("DELETE FROM participations")  # rolled back with the refused insert
            conn.execute("INSERT INTO participations (meeting_id, person_id, article_id, name, roles) "
                         "SELECT m.id, p.id, m.article_id, 'x', '{chiar}' FROM meetings m, people p LIMIT 1")
    save(conn, 1, bad, version="t2")
    assert [r[0] for r in conn.execute("SELECT name FROM participations")] == ["सुनील जाट"]
    assert conn.execute("SELECT extractor_version FROM articles").fetchone() == ("t2",)
