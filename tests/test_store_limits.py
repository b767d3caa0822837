"""Issue 9: a refused write loses one field, not the article — values are fitted to the schema's
limits, and a row the database still refuses is left out, counted with its URL and reason."""
from __future__ import annotations

import dataclasses

from pipelines.extract.model import Extraction, Participant
from pipelines.store import Refusal, column_limits, store
from tests.test_store import article, counts, extraction

LONG_NAME = "राम" * 3000  # 27 kB in UTF-8: far over a btree index entry (2704 bytes)


def test_limits_are_read_from_the_schema(conn):
    limits = column_limits(conn)
    assert limits[("person_aliases", "name_key")].index_bytes is not None      # a primary key
    assert limits[("meetings", "state")].index_bytes is not None               # an index
    assert limits[("statements", "text")].index_bytes is None                  # no index
    assert limits[("meetings", "duration_days")].data_type == "smallint"


def test_overlong_and_out_of_range_fields_are_fitted_and_the_article_is_stored(conn):
    ex = extraction(names=("रमेश यादव", LONG_NAME))
    m = ex.meetings[0]
    ex.meetings[0] = dataclasses.replace(m, state="उत्तर" * 2000, duration_days=100_000, date="2024-02-30",
                                         place="प" * 4000)
    a = dataclasses.replace(article(), title="बैठक\x00" + "क" * 100_000, canonical_url="http://example.test/" + "x" * 5000)
    refusals: list[Refusal] = []
    store(conn, a, ex, refusals)
    assert refusals == []
    assert counts(conn)["articles"] == 1 and counts(conn)["meetings"] == 1 and counts(conn)["participations"] == 2
    state, days, day, place = conn.execute("SELECT state, duration_days, meeting_date, place FROM meetings").fetchone()
    assert state.startswith("उत्तर") and len(state.encode()) <= 2000 and days is None and day is None
    assert place.startswith("प")
    names = {r[0] for r in conn.execute("SELECT name FROM participations")}
    assert "रमेश यादव" in names and any(n.startswith("रामराम") and len(n.encode()) <= 2000 for n in names)
    title, canonical = conn.execute("SELECT title, canonical_url FROM articles").fetchone()
    assert "\x00" not in title and title.startswith("बैठक")
    assert canonical == a.url  # a canonical URL too long to index is the fetched URL


def test_a_row_the_database_refuses_is_counted_and_the_rest_is_stored(conn):
    ex = extraction(names=("रमेश यादव", "सुनीता वर्मा", "अनिल सिंह"))
    good = ex.meetings[0]
    people = list(good.participants)
    people[1] = dataclasses.replace(people[1], roles=["no_such_role"])      # refused by the roles trigger
    bad_meeting = dataclasses.replace(good, kind="no_such_kind", place="सीतापुर",
                                      participants=[Participant(name="विनोद शुक्ला", roles=["attendee"])])
    ex = Extraction(meetings=[dataclasses.replace(good, participants=people), bad_meeting],
                    extractor_version=ex.extractor_version)
    refusals: list[Refusal] = []
    store(conn, article(), ex, refusals)
    assert [(r.url, r.table) for r in refusals] == [(article().url, "participations"), (article().url, "meetings")]
    assert "no_such_role" in refusals[0].reason and "meetings_kind_fk" in refusals[1].reason
    c = counts(conn)
    assert (c["articles"], c["meetings"], c["participations"]) == (1, 1, 2)
    assert {r[0] for r in conn.execute("SELECT name FROM participations")} == {"रमेश यादव", "अनिल सिंह"}
    assert conn.execute("SELECT count(*) FROM people WHERE name = 'सुनीता वर्मा'").fetchone() == (0,)
    # The sentence cache survives the rolled-back savepoints: evidence points at stored sentences.
    assert conn.execute("""SELECT count(*) FROM evidence e LEFT JOIN sentences s ON s.id = e.sentence_id
                            WHERE s.id IS NULL""").fetchone() == (0,)
    # Stored again (same text, same version): nothing changes, nothing is refused anew.
    store(conn, article(), ex, refusals)
    assert counts(conn) == c and len(refusals) == 2


def test_the_urls_that_redirected_to_an_article_are_its_urls(conn):
    """The URLs a redirect came from are stored with the article (article_urls), so an incremental
    crawl can know them (crawler/known.py) instead of fetching them again."""
    a = dataclasses.replace(article(), redirected_from=["http://example.test/old/1", "http://example.test/" + "x" * 5000])
    store(conn, a, extraction())
    urls = {r[0] for r in conn.execute("SELECT url FROM article_urls")}
    assert urls == {a.url, "http://example.test/old/1"}  # an unindexable one is left out
