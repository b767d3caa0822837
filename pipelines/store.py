"""Idempotent storage: one article and all its facts replaced in one transaction.

Articles are keyed by canonical URL. When the stored text and extractor
version are unchanged, only `fetched_at` moves, so a re-crawl rewrites
nothing; otherwise the article's meetings (and, by cascade, participations,
statements and evidence) are deleted and written anew.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import psycopg

from pipelines.extract.model import Evidence, Extraction, Meeting, Participant
from pipelines import retry


@dataclass
class Article:
    url: str
    canonical_url: str
    text: str
    language: str
    fetched_at: datetime
    source: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    language_probability: float | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def name_key(name: str) -> str:
    """People are one row per normalised printed name (see schemas/README.md)."""
    name = unicodedata.normalize("NFC", name).replace("\u200c", "").replace("\u200d", "")
    return " ".join(name.split())


def source_id(conn: psycopg.Connection, name: str | None) -> int | None:
    if not name:
        return None
    row = conn.execute(
        """INSERT INTO sources (name) VALUES (%s)
           ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id""", (name,)).fetchone()
    return row[0]


def store(conn: psycopg.Connection, article: Article, extraction: Extraction) -> int:
    """Write `article` and its extraction; return the article id."""
    digest = content_hash(article.text)
    with conn.transaction():
        sid = source_id(conn, article.source)
        row = conn.execute(
            "SELECT id, content_hash, extractor_version FROM articles WHERE canonical_url = %s FOR UPDATE",
            (article.canonical_url,)).fetchone()
        if row and row[1] == digest and row[2] == extraction.extractor_version:
            conn.execute("UPDATE articles SET fetched_at = %s WHERE id = %s", (article.fetched_at, row[0]))
            return row[0]
        article_id = upsert_article(conn, article, sid, digest, extraction.extractor_version)
        before = conn.execute("""SELECT DISTINCT p.person_id FROM participations p
                                   JOIN meetings m ON m.id = p.meeting_id WHERE m.article_id = %s""",
                              (article_id,)).fetchall()
        conn.execute("DELETE FROM meetings WHERE article_id = %s", (article_id,))
        conn.execute("DELETE FROM skipped_pages WHERE url = %s", (article.url,))
        for ordinal, meeting in enumerate(extraction.meetings):
            insert_meeting(conn, article_id, ordinal, meeting)
        forget_people(conn, [row[0] for row in before])
    return article_id


def forget_people(conn: psycopg.Connection, person_ids: list[int]) -> None:
    """People who took part only in facts just replaced: no row without a participation."""
    if person_ids:
        conn.execute("""DELETE FROM people pe WHERE pe.id = ANY(%s)
                          AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.person_id = pe.id)""",
                     (person_ids,))


def upsert_article(conn: psycopg.Connection, a: Article, sid: int | None, digest: str, version: str) -> int:
    return conn.execute(
        """INSERT INTO articles (source_id, canonical_url, url, title, author, published, language,
                                 language_probability, text, content_hash, extractor_version, fetched_at)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
           ON CONFLICT (canonical_url) DO UPDATE SET
             source_id = EXCLUDED.source_id, url = EXCLUDED.url, title = EXCLUDED.title,
             author = EXCLUDED.author, published = EXCLUDED.published, language = EXCLUDED.language,
             language_probability = EXCLUDED.language_probability, text = EXCLUDED.text,
             content_hash = EXCLUDED.content_hash, extractor_version = EXCLUDED.extractor_version,
             fetched_at = EXCLUDED.fetched_at, stored_at = now()
           RETURNING id""",
        (sid, a.canonical_url, a.url, a.title, a.author, a.published, a.language,
         a.language_probability, a.text, digest, version, a.fetched_at)).fetchone()[0]


def first(evidence: list[Evidence]) -> tuple[str | None, int | None, int | None]:
    if not evidence:
        return None, None, None
    e = evidence[0]
    return e.sentence, e.start, e.end


def insert_meeting(conn: psycopg.Connection, article_id: int, ordinal: int, m: Meeting) -> None:
    meeting_id = conn.execute(
        """INSERT INTO meetings (article_id, ordinal, organisation, wings, level, kind, mode, place, state,
                                 venue, meeting_date, duration_days, state_code, district_code, place_code,
                                 place_kind, evidence_sentence, evidence_start, evidence_end)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id""",
        (article_id, ordinal, m.organisation, m.wings, m.level, m.kind, m.mode, m.place, m.state, m.venue,
         m.date, m.duration_days, m.state_code, m.district_code, m.place_code, m.place_kind,
         *first(m.evidence))).fetchone()[0]
    insert_evidence(conn, meeting_id, None, m.evidence)
    for p in m.participants:
        insert_participation(conn, meeting_id, p)


def insert_participation(conn: psycopg.Connection, meeting_id: int, p: Participant) -> None:
    person_id = conn.execute(
        """INSERT INTO people (name_key, name, romanised) VALUES (%s, %s, %s)
           ON CONFLICT (name_key) DO UPDATE SET romanised = COALESCE(people.romanised, EXCLUDED.romanised)
           RETURNING id""", (name_key(p.name), p.name, p.romanised)).fetchone()[0]
    row = conn.execute(
        """INSERT INTO participations (meeting_id, person_id, name, aliases, roles, designation, post, level,
                                       jurisdiction, wing, evidence_sentence, evidence_start, evidence_end)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
           ON CONFLICT (meeting_id, person_id) DO NOTHING RETURNING id""",
        (meeting_id, person_id, p.name, p.aliases, p.roles, p.designation, p.post, p.level,
         p.jurisdiction, p.wing, *first(p.evidence))).fetchone()
    if row is None:  # two printed names with one key: the first entry stands
        return
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO statements (participation_id, text, start_offset, end_offset) VALUES (%s, %s, %s, %s)",
            [(row[0], s.text, s.start, s.end) for s in p.statements])
    insert_evidence(conn, meeting_id, row[0], p.evidence)


def insert_evidence(conn: psycopg.Connection, meeting_id: int, participation_id: int | None,
                    evidence: list[Evidence]) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            """INSERT INTO evidence (meeting_id, participation_id, fact, sentence, start_offset, end_offset)
               VALUES (%s, %s, %s, %s, %s, %s)""",
            [(meeting_id, participation_id, e.fact, e.sentence, e.start, e.end) for e in evidence])


def record_skip(conn: psycopg.Connection, url: str, reason: str, detail: str | None = None,
                source: str | None = None, backoff: float = retry.DEFAULT_BACKOFF) -> None:
    """Remember a page the crawl did not keep, and why (one row per URL, latest reason).

    A transient reason (pipelines/retry.py) counts the attempt and sets when to try again:
    `backoff · 2^(attempts-1)` seconds from now, at most a week; a permanent one clears both.
    """
    with conn.transaction():
        sid = source_id(conn, source)
        conn.execute(
            """INSERT INTO skipped_pages (url, source_id, reason, detail, transient, attempts, next_try_at)
               VALUES (%(url)s, %(sid)s, %(reason)s, %(detail)s, %(transient)s, 1,
                       CASE WHEN %(transient)s THEN now() + least(%(base)s, %(cap)s) * interval '1 second' END)
               ON CONFLICT (url) DO UPDATE SET reason = EXCLUDED.reason, detail = EXCLUDED.detail,
                   source_id = EXCLUDED.source_id, seen_at = now(), transient = EXCLUDED.transient,
                   attempts = CASE WHEN EXCLUDED.transient AND skipped_pages.transient
                                   THEN skipped_pages.attempts + 1 ELSE 1 END,
                   next_try_at = CASE WHEN EXCLUDED.transient THEN now() + least(%(cap)s, %(base)s
                       * 2 ^ least(CASE WHEN skipped_pages.transient THEN skipped_pages.attempts ELSE 0 END, 30))
                       * interval '1 second' END""",
            {"url": url, "sid": sid, "reason": reason, "detail": detail, "transient": retry.is_transient(reason),
             "base": float(backoff), "cap": retry.MAX_BACKOFF})
