"""End to end: the real `news` spider crawls the fixture site over HTTP into a real PostgreSQL."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg
import pytest

from pipelines import db
from pipelines.evaluate import normalise_name
from tests.conftest import ROOT
from crawler.fixture.server import serve

FIXTURE = "source=fixture-portal,fixture-daily"
TABLES = ("articles", "meetings", "people", "participations", "statements", "evidence", "skipped_pages")


def crawl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", "-a", FIXTURE, *args,
                           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(scope="module")
def crawled():
    """The fixture site crawled once into a fresh database; the site stays up for the module."""
    name = f"baithak_crawl_{os.getpid()}"
    url = db.create_database(name)
    with serve() as site:
        env = {**os.environ, **site.environment(), "DATABASE_URL": url}
        result = crawl(env)
        assert result.returncode == 0, result.stderr[-3000:]
        yield site, env, url, result
    db.drop_database(name)


def stored_meetings(url: str, page_url: str) -> list[dict]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            """SELECT m.organisation, m.place, m.state, m.district_code,
                      coalesce(array_agg(p.name) FILTER (WHERE p.name IS NOT NULL), '{}')
                 FROM articles a JOIN meetings m ON m.article_id = a.id
                 LEFT JOIN participations p ON p.meeting_id = m.id
                WHERE a.url = %s GROUP BY m.id ORDER BY m.ordinal""", (page_url,)).fetchall()
    return [dict(zip(("organisation", "place", "state", "district_code", "names"), r)) for r in rows]


def gold_names(meeting: dict) -> set[str]:
    return {normalise_name(n) for p in meeting["participants"] for n in [p["name"], *p["aliases"]]}


def test_every_fixture_meeting_is_stored_with_place_organisation_and_participants(crawled):
    site, _, url, _ = crawled
    reports = [a for a in site.articles if a.expect == "meeting"]
    assert len(reports) >= 10
    wanted = found = 0
    same = {"organisation": 0, "place": 0}
    meetings = 0
    for record in reports:
        gold = json.loads(record.gold.read_text(encoding="utf-8"))["meetings"]
        stored = stored_meetings(url, record.redirect_to or record.url)
        assert stored, f"{record.id}: no meeting stored"
        for g in gold:
            best = max(stored, key=lambda m: len(gold_names(g) & {normalise_name(n) for n in m["names"]}))
            names = {normalise_name(n) for n in best["names"]}
            assert names, f"{record.id}: a meeting without participants"
            meetings += 1
            for key in same:
                same[key] += best[key] == g[key]
            wanted += len(g["participants"])
            found += sum(bool({normalise_name(n) for n in [p["name"], *p["aliases"]]} & names)
                         for p in g["participants"])
    # The extractor's targets (README): what the crawl stores is what `scrapy evaluate` measures.
    assert found / wanted >= 0.9, f"participant recall over the fixture meetings {found / wanted:.2f}"
    assert same["organisation"] / meetings >= 0.95 and same["place"] / meetings >= 0.9, same


ROLES = ("chair", "leader", "conductor", "vote_of_thanks", "attendee")


def test_stored_roles_of_the_fixture_meetings(crawled):
    """Chair or leader, conductor, vote of thanks and the attendance list, as stored in participations."""
    site, _, url, _ = crawled
    wanted = {r: 0 for r in ROLES}
    found = {r: 0 for r in ROLES}
    with psycopg.connect(url) as conn:
        for record in (a for a in site.articles if a.expect == "meeting"):
            rows = conn.execute("""SELECT p.name, p.aliases, p.roles FROM articles a
                                     JOIN meetings m ON m.article_id = a.id JOIN participations p ON p.meeting_id = m.id
                                    WHERE a.url = %s""", (record.redirect_to or record.url,)).fetchall()
            stored = {normalise_name(n): set(roles) for name, aliases, roles in rows for n in [name, *aliases]}
            for meeting in json.loads(record.gold.read_text(encoding="utf-8"))["meetings"]:
                for p in meeting["participants"]:
                    got = set().union(*(stored.get(normalise_name(n), set()) for n in [p["name"], *p["aliases"]]))
                    for role in set(p["roles"]) & set(ROLES):
                        wanted[role] += 1
                        found[role] += role in got
    recall = {r: found[r] / wanted[r] for r in ROLES if wanted[r]}
    assert set(recall) == set(ROLES), "the fixture meetings exercise every one of these roles"
    assert min(recall.values()) >= 0.85, recall


def test_pages_without_meetings_store_no_meetings(crawled):
    site, _, url, _ = crawled
    for record in site.articles:
        if record.expect == "no_meeting":
            assert stored_meetings(url, record.redirect_to or record.url) == [], record.id


def test_bad_pages_are_skipped_and_counted_under_their_reasons(crawled):
    site, _, url, result = crawled
    with psycopg.connect(url) as conn:
        reasons = dict(conn.execute("SELECT url, reason FROM skipped_pages").fetchall())
        stats = conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    for record in site.articles:
        if record.expect.startswith("dropped:"):
            reason = record.expect.split(":", 1)[1]
            assert reasons.get(record.url, "").startswith(reason), (record.id, reasons.get(record.url))
        elif record.expect == "http:404":
            assert reasons.get(record.url) == "http_404", record.id
    for reason in set(reasons.values()):
        assert stats[f"baithak/skipped/{reason}"] == list(reasons.values()).count(reason)
    assert "Traceback" not in result.stderr, result.stderr[result.stderr.find("Traceback") - 300:][:3000]


def test_non_hindi_pages_are_not_stored_as_articles(crawled):
    site, _, url, _ = crawled
    with psycopg.connect(url) as conn:
        languages = {r[0] for r in conn.execute("SELECT DISTINCT language FROM articles")}
    assert languages == {"hi"}


def test_robots_txt_is_obeyed(crawled):
    site = crawled[0]
    assert site.disallowed, "the fixture site must offer a forbidden link"
    assert not any(site.fetched(u) for u in site.disallowed)


def test_facts_carry_evidence_offsets_into_the_stored_text(crawled):
    url = crawled[2]
    with psycopg.connect(url) as conn:
        rows = conn.execute("""SELECT a.text, s.text, s.start_offset, s.end_offset FROM evidence e
                                 JOIN sentences s ON s.id = e.sentence_id JOIN articles a ON a.id = s.article_id""").fetchall()
        romanised = conn.execute("SELECT count(*) FILTER (WHERE romanised <> ''), count(*) FROM people").fetchone()
        coded = conn.execute("SELECT count(*) FILTER (WHERE state_code IS NOT NULL), count(*) FROM meetings").fetchone()
    assert rows
    assert all(text[start:end] == sentence for text, sentence, start, end in rows)
    assert romanised[0] == romanised[1]
    assert coded[0] >= 0.8 * coded[1]


def test_crawling_again_changes_no_row_counts(crawled):
    _, env, url, _ = crawled
    before = counts(url)
    again = crawl(env)  # incremental: unchanged pages are not even fetched
    assert again.returncode in (0, 3), again.stderr[-2000:]  # 3: a source flagged for no new articles
    assert again.returncode == 0 or "FLAGGED: no_new_articles" in again.stdout
    assert counts(url) == before
    forced = crawl(env, "-a", "refetch=1")  # everything fetched and processed again
    assert forced.returncode == 0
    assert counts(url) == before


def test_unreachable_database_stops_the_crawl_with_one_clear_error():
    with serve() as site:
        env = {**os.environ, **site.environment(), "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
        result = crawl(env)
    assert result.returncode == 1  # an unreachable database is a failed run (crawler/runs.py)
    assert "cannot connect to PostgreSQL at host=127.0.0.1 port=1" in result.stderr
    assert "Traceback" not in result.stderr
    assert "'finish_reason': 'database_unavailable'" in result.stderr
