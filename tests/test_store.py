"""Storage: one article and its facts replaced atomically; re-storing changes nothing."""
from datetime import date, datetime, timezone

from pipelines.extract.model import Evidence, Extraction, Meeting, Participant, Statement
from pipelines.store import Article, record_skip, store

TEXT = "रायगढ़। कांग्रेस की जिला बैठक जिलाध्यक्ष रमेश यादव की अध्यक्षता में हुई। उन्होंने कहा कि संगठन मजबूत है।"
SENTENCE = TEXT[7:60]


def article(text: str = TEXT) -> Article:
    return Article(url="http://example.test/a/1", canonical_url="http://example.test/a/1", text=text,
                   language="hi", language_probability=0.99, fetched_at=datetime.now(timezone.utc),
                   source="example", title="बैठक", published=date(2024, 3, 10))


ROMAN = {"रमेश यादव": "Ramesh Yadav", "सुनीता वर्मा": "Sunita Varma"}


def extraction(version: str = "t1", names: tuple[str, ...] = ("रमेश यादव", "सुनीता वर्मा")) -> Extraction:
    evidence = [Evidence("meeting", SENTENCE, 7, 60)]
    people = [Participant(name=n, post="president", level="district", roles=["chair"], romanised=ROMAN.get(n),
                          statements=[Statement("संगठन मजबूत है", 80, 95)], evidence=evidence) for n in names]
    meeting = Meeting(organisation="INC", wings=[], level="district", kind="meeting", mode="in_person",
                      place="रायगढ़", state="Chhattisgarh", date="2024-03-10", participants=people,
                      state_code=22, district_code=391, evidence=evidence)
    return Extraction(meetings=[meeting], extractor_version=version)


def counts(conn) -> dict[str, int]:
    tables = ("articles", "meetings", "people", "participations", "statements", "evidence", "skipped_pages")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_article_and_facts_are_stored_with_evidence(conn):
    store(conn, article(), extraction())
    row = conn.execute("""SELECT m.organisation, m.place, m.meeting_date, m.district_code, m.evidence_sentence,
                                 p.printed_name, p.roles, p.romanised, p.evidence_sentence, p.evidence_start_offset
                            FROM meeting_facts m JOIN participation_facts p ON p.meeting_id = m.meeting_id
                           ORDER BY p.participation_id LIMIT 1""").fetchone()
    assert row == ("INC", "रायगढ़", date(2024, 3, 10), 391, SENTENCE, "रमेश यादव", ["chair"], "Ramesh Yadav",
                   SENTENCE, 7)
    assert conn.execute("SELECT count(*) FROM sentences").fetchone() == (1,), "one sentence, stored once"
    assert counts(conn)["statements"] == 2


def test_storing_the_same_article_twice_changes_no_row(conn):
    store(conn, article(), extraction())
    before = counts(conn)
    ids = conn.execute("SELECT id FROM meetings").fetchall()
    store(conn, article(), extraction())
    assert counts(conn) == before
    assert conn.execute("SELECT id FROM meetings").fetchall() == ids, "unchanged articles are not rewritten"


def test_new_extractor_version_replaces_the_facts(conn):
    store(conn, article(), extraction("t1"))
    store(conn, article(), extraction("t2", names=("रमेश यादव",)))
    c = counts(conn)
    assert (c["articles"], c["meetings"], c["participations"]) == (1, 1, 1)
    assert conn.execute("SELECT extractor_version FROM articles").fetchone() == ("t2",)


def test_people_are_shared_across_articles_by_printed_name(conn):
    store(conn, article(), extraction())
    other = article(TEXT + " दूसरी खबर।")
    other.url = other.canonical_url = "http://example.test/a/2"
    store(conn, other, extraction())
    c = counts(conn)
    assert (c["articles"], c["people"], c["participations"]) == (2, 2, 4)


def test_a_skipped_page_keeps_its_latest_reason_and_storing_it_later_clears_it(conn):
    record_skip(conn, "http://example.test/a/1", "http_404", source="example")
    record_skip(conn, "http://example.test/a/1", "http_500", source="example")
    assert conn.execute("SELECT reason FROM skipped_pages").fetchall() == [("http_500",)]
    store(conn, article(), extraction())
    assert counts(conn)["skipped_pages"] == 0


def test_people_left_without_a_participation_are_removed(conn):
    store(conn, article(), extraction("t1", names=("रमेश यादव", "सुनीता वर्मा")))
    store(conn, article(), extraction("t2", names=("रमेश यादव",)))
    assert conn.execute("SELECT name FROM people").fetchall() == [("रमेश यादव",)]
