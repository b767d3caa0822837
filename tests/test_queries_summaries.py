"""The summary tables (migration 0050) agree with the live definitions they replace.

On the demo data after a crawl, after a re-extraction of everything (both rebuild them whole), and
after changing a few articles in place (the incremental path: a participant dropped, a meeting
moved to another date, an article deleted, a new article).
"""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import date

import psycopg
import pytest

from pipelines import catalog, db
from pipelines.extract import extract
from pipelines.extract.model import Context
from pipelines.store import Article, store
from tests.conftest import ROOT

# What the summaries hold, computed from the facts (the definitions of 0006/0008).
LIVE = {
    "co_attendance_counts": """
        WITH pm AS (SELECT DISTINCT p.meeting_id, p.person_id FROM participations p)
        SELECT a.person_id, b.person_id, count(*), min(m.meeting_date), max(m.meeting_date)
          FROM pm a JOIN pm b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id
          JOIN meetings m ON m.id = a.meeting_id
         GROUP BY a.person_id, b.person_id""",
    "person_activity": """
        SELECT p.person_id, count(DISTINCT p.meeting_id),
               count(DISTINCT p.meeting_id) FILTER (WHERE p.roles && ARRAY['chair', 'leader']),
               min(m.meeting_date), max(m.meeting_date),
               array_agg(DISTINCT m.organisation) FILTER (WHERE m.organisation IS NOT NULL),
               array_agg(DISTINCT m.state) FILTER (WHERE m.state IS NOT NULL)
          FROM participations p JOIN meetings m ON m.id = p.meeting_id GROUP BY p.person_id""",
    "person_posts": """
        SELECT p.person_id, pe.name, pe.romanised, p.post, p.level, m.organisation, p.wing,
               p.jurisdiction, m.district_code, d.name_en, m.state,
               min(m.meeting_date), max(m.meeting_date), count(DISTINCT m.id), array_agg(DISTINCT p.article_id),
               array_agg(DISTINCT p.designation) FILTER (WHERE p.designation IS NOT NULL)
          FROM participations p JOIN people pe ON pe.id = p.person_id JOIN meetings m ON m.id = p.meeting_id
          LEFT JOIN places d ON d.kind = 'district' AND d.code = m.district_code
         WHERE p.post IS NOT NULL
         GROUP BY p.person_id, pe.name, pe.romanised, p.post, p.level, m.organisation, p.wing, p.jurisdiction,
                  m.district_code, d.name_en, m.state""",
    "co_attendance": """
        WITH pm AS (SELECT DISTINCT p.meeting_id, p.person_id FROM participations p)
        SELECT a.person_id, pa.name, b.person_id, pb.name, count(*), min(m.meeting_date), max(m.meeting_date)
          FROM pm a JOIN pm b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id
          JOIN meetings m ON m.id = a.meeting_id
          JOIN people pa ON pa.id = a.person_id JOIN people pb ON pb.id = b.person_id
         GROUP BY a.person_id, pa.name, b.person_id, pb.name""",
    "source_health": """
        SELECT s.id, s.name,
               (SELECT max(a.fetched_at) FROM articles a WHERE a.source_id = s.id),
               (SELECT max(cr.finished_at) FROM crawl_runs cr
                 WHERE cr.id IN (SELECT a.crawl_run_id FROM articles a WHERE a.source_id = s.id)),
               (SELECT count(*) FROM articles a WHERE a.source_id = s.id),
               (SELECT count(DISTINCT mr.meeting_id) FROM meeting_reports mr JOIN articles a ON a.id = mr.article_id
                 WHERE a.source_id = s.id),
               (SELECT count(*) FROM skipped_pages sp WHERE sp.source_id = s.id),
               coalesce((SELECT jsonb_object_agg(reason, n) FROM (SELECT sp.reason, count(*) AS n FROM skipped_pages sp
                          WHERE sp.source_id = s.id GROUP BY sp.reason) r), '{}'::jsonb)
          FROM sources s""",
}
STORED = {
    "co_attendance_counts": "SELECT person_a, person_b, meetings, first_met, last_met FROM co_attendance_counts",
    "person_activity": "SELECT * FROM person_activity",
    "person_posts": "SELECT * FROM person_posts",
    "co_attendance": "SELECT * FROM co_attendance",
    "source_health": "SELECT * FROM source_health",
}


def rows(conn: psycopg.Connection, query: str) -> list[tuple]:
    return sorted(conn.execute(query).fetchall(), key=repr)


def assert_agree(conn: psycopg.Connection, when: str) -> None:
    for name, live in LIVE.items():
        assert rows(conn, STORED[name]) == rows(conn, live), f"{name} differs from its live definition {when}"


def scrapy(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def demo():
    """The demo crawl (fixture site) in a database of its own."""
    name = f"baithak_summaries_{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": db.create_database(name)}
    try:
        result = scrapy("demo", env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        yield env
    finally:
        db.drop_database(name)


def test_summaries_agree_with_the_facts_after_a_crawl_and_a_reextraction(demo):
    with psycopg.connect(demo["DATABASE_URL"], autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM co_attendance_counts").fetchone()[0] > 10
        assert conn.execute("SELECT count(*) FROM summary_changes").fetchone()[0] == 0, "the crawl refreshed them"
        assert_agree(conn, "after the demo crawl")
        conn.execute("UPDATE articles SET extractor_version = 'old'")
    again = scrapy("reextract", env=demo)
    assert again.returncode == 0 and "re-extracted" in again.stdout, again.stderr[-2000:]
    with psycopg.connect(demo["DATABASE_URL"], autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM summary_changes").fetchone()[0] == 0
        assert_agree(conn, "after a re-extraction")


def test_a_few_changed_articles_are_counted_incrementally(demo):
    with psycopg.connect(demo["DATABASE_URL"], autocommit=True) as conn:
        catalog.refresh_summaries(conn)
        rows_ = conn.execute(
            """SELECT a.id, a.url, a.canonical_url, a.text, a.source_id, s.name, a.published, a.fetched_at
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                WHERE EXISTS (SELECT 1 FROM participations p WHERE p.article_id = a.id)
                ORDER BY (SELECT count(*) FROM participations p WHERE p.article_id = a.id) DESC LIMIT 3""").fetchall()
        assert len(rows_) == 3
        (_, url, canonical, text, _, source, published, fetched), deleted, copied = rows_
        # One article now says one participant fewer and that its first meeting was on another day.
        ex = extract(text, Context(url=canonical, published=published))
        first = ex.meetings[0]
        first = dataclasses.replace(first, participants=first.participants[1:], date="2019-02-03")
        ex = dataclasses.replace(ex, meetings=[first, *ex.meetings[1:]], extractor_version="test-changed")
        article = Article(url=url, canonical_url=canonical, text=text, language="hi", fetched_at=fetched,
                          source=source, published=published)
        store(conn, article, ex)
        conn.execute("DELETE FROM articles WHERE id = %s", (deleted[0],))  # its facts go with it
        # A new report with the same people under another URL and text: new pairs and people's posts.
        text2 = copied[3] + " (दूसरी खबर)"
        ex2 = extract(text2, Context(url=copied[2] + "copy/", published=date(2025, 6, 1)))
        store(conn, Article(url=copied[2] + "copy/", canonical_url=copied[2] + "copy/", text=text2, language="hi",
                            fetched_at=copied[7], source=copied[5], published=date(2025, 6, 1)), ex2)
        assert conn.execute("SELECT count(*) FROM summary_changes").fetchone()[0] > 0
        for name in ("person_posts",):  # always current: live for the people with pending changes
            assert rows(conn, STORED[name]) == rows(conn, LIVE[name]), f"{name} while changes are pending"
        done = catalog.refresh_summaries(conn, full_above=1e9)  # never the rebuild
        assert done.startswith("updated ") and done != "updated 0 meetings"
        assert conn.execute("SELECT count(*) FROM summary_changes").fetchone()[0] == 0
        assert_agree(conn, "after an incremental refresh")
        assert catalog.refresh_summaries(conn) == "updated 0 meetings"


def test_truncating_the_facts_empties_the_summaries(database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("INSERT INTO summary_meeting_people VALUES (1, 1, NULL)")
        conn.execute("INSERT INTO co_attendance_counts VALUES (1, 2, 1, NULL, NULL)")
        conn.execute("TRUNCATE sources, articles, people, skipped_pages, crawl_runs RESTART IDENTITY CASCADE")
        for table in ("summary_meeting_people", "co_attendance_counts", "person_activity", "person_post_spans",
                      "source_counts", "summary_changes"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
