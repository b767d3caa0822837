"""Idempotent storage: one article and all its facts replaced in one transaction.

Articles are found by any URL they were seen under (`article_urls`) or by
their text: the same text under two URLs is one article. When the stored text
and extractor version are unchanged, only `fetched_at` moves, so a re-crawl
rewrites nothing; otherwise the article's meeting reports, participations,
sentences and evidence are deleted and written anew. A meeting that another
article also reports (same organisation, wings, level, place and date) is
one meeting with several reports; people are resolved across articles by
`resolve_person` (see schemas/README.md).

A refused write loses one field, not the article (issue 9): every value is fitted to its
column's limits first (`fit`: read once from the database's catalog — varchar lengths, integer
ranges, and the size of a btree index entry for indexed text); each meeting and each
participation is written in its own savepoint, so a row the database still refuses is left out,
logged and counted with the article's URL and the reason (`Refusal`), and the rest is stored.

`pipelines/batch.py` stores many articles with the same result in a few round trips (the crawl's
writer uses it); this module's per-article path is its reference and its fallback.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import unicodedata
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime

import psycopg

from pipelines.extract.model import Evidence, Extraction, Meeting, Participant
from pipelines import retry

log = logging.getLogger(__name__)

# A btree index entry must fit in a third of a page (2704 bytes); indexed text is cut well below.
INDEX_BYTES = 2000
INT_RANGES = {"smallint": (-2 ** 15, 2 ** 15 - 1), "integer": (-2 ** 31, 2 ** 31 - 1),
              "bigint": (-2 ** 63, 2 ** 63 - 1)}
_LIMITS: dict[tuple, dict[tuple[str, str], "Limit"]] = {}
_CONN_LIMITS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_FIELDS: dict[tuple, tuple[tuple[str, "Limit"], ...]] = {}  # (limits, class, table, columns) → fields with a limit


@dataclass(frozen=True)
class Limit:
    data_type: str
    chars: int | None = None        # varchar(n) / char(n)
    index_bytes: int | None = None  # text in a btree index


@dataclass(frozen=True)
class Refusal:
    """A row the database refused: the rest of the article was stored without it."""
    url: str
    table: str
    reason: str


def column_limits(conn: psycopg.Connection) -> dict[tuple[str, str], Limit]:
    """(table, column) → its limits, read once per database from information_schema and pg_index."""
    known = _CONN_LIMITS.get(conn)
    if known is not None:  # the same connection: no need to ask libpq where it points
        return known
    key = (conn.info.host, conn.info.port, conn.info.dbname)
    if key not in _LIMITS:
        rows = conn.execute(
            """SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length,
                      EXISTS (SELECT 1 FROM pg_index i
                                JOIN pg_class ic ON ic.oid = i.indexrelid
                                JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
                                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                               WHERE i.indrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
                                 AND a.attname = c.column_name)
                 FROM information_schema.columns c JOIN information_schema.tables t
                   ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
                WHERE c.table_schema = current_schema()""").fetchall()
        _LIMITS[key] = {(t, c): Limit(dt if dt != "ARRAY" else "ARRAY", n, INDEX_BYTES if indexed else None)
                        for t, c, dt, n, indexed in rows}
    _CONN_LIMITS[conn] = _LIMITS[key]
    return _LIMITS[key]


def cut(text: str, limit: Limit) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "")  # PostgreSQL text cannot hold NUL
    if limit.chars is not None:
        text = text[:limit.chars]
    if (limit.index_bytes is not None and 4 * len(text) > limit.index_bytes  # at most 4 bytes a character
            and len(text.encode("utf-8")) > limit.index_bytes):
        text = text.encode("utf-8")[:limit.index_bytes].decode("utf-8", "ignore")
    return text


def fit(value, limit: Limit | None):
    """`value` made acceptable to a column: text cut to its length (NUL removed), an integer out of
    its range dropped (None), each element of an array fitted."""
    if limit is None or value is None:
        return value
    if type(value) is str and limit.data_type != "date":  # the common case first
        return cut(value, limit)
    if isinstance(value, str) and limit.data_type == "date":
        try:
            return value if date.fromisoformat(value) else None
        except ValueError:  # not a calendar date ("2024-02-30")
            return None
    if isinstance(value, str):
        return cut(value, limit)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and limit.data_type in INT_RANGES:
        low, high = INT_RANGES[limit.data_type]
        return value if low <= value <= high else None
    if isinstance(value, (list, tuple)):
        return type(value)(fit(v, limit) for v in value)
    return value


def fitted(conn: psycopg.Connection, obj, table: str, columns: dict[str, str] | None = None):
    """A copy of dataclass `obj` with each field fitted to `table`'s column of the same name
    (or of the name `columns` maps it to); fields with no column are left as they are."""
    changes = {}
    for name, limit, safe in fields_of(conn, type(obj), table, columns):
        value = getattr(obj, name)
        if value is None or safe and (type(value) is str and len(value) <= safe and "\x00" not in value
                                      or type(value) is list and all(type(v) is str and len(v) <= safe
                                                                     and "\x00" not in v for v in value)):
            continue  # text short enough whatever its bytes: nothing to fit (the common case, checked fast)
        new = fit(value, limit)
        if new is not value and new != value:
            changes[name] = new
    if changes:
        log.warning("fitted to the schema's limits (%s): %s", table, ", ".join(sorted(changes)))
    return dataclasses.replace(obj, **changes) if changes else obj


def fields_of(conn: psycopg.Connection, cls, table: str, columns: dict[str, str] | None):
    """(field, its column's limit, the text length that surely fits or 0) for the fields of `cls`
    that have a column in `table`; read once per database, class, table and mapping."""
    limits, columns = column_limits(conn), columns or {}
    key = (id(limits), cls, table, tuple(columns.items()))
    if key not in _FIELDS:
        plan = []
        for f in dataclasses.fields(cls):
            limit = limits.get((table, columns.get(f.name, f.name)))
            if limit is None:
                continue
            safe = 0
            if limit.data_type in ("text", "character varying", "character", "ARRAY"):
                safe = min(limit.chars or 1 << 30, (limit.index_bytes or 1 << 32) // 4)  # ≤ 4 bytes a character
            plan.append((f.name, limit, safe))
        _FIELDS[key] = tuple(plan)
    return _FIELDS[key]


def refused(conn: psycopg.Connection, url: str, table: str, exc: psycopg.Error,
            refusals: list[Refusal] | None) -> None:
    """Count and log a row the database refused (its savepoint is rolled back); a lost or hung
    connection is no refusal and is raised on, so the whole article is tried again later."""
    if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)) or conn.closed or conn.broken:
        raise exc
    refusal = Refusal(url, table, db_reason(exc))
    log.error("row not stored (refused by the database): %s: %s: %s", url, table, refusal.reason)
    if refusals is not None:
        refusals.append(refusal)


def db_reason(exc: psycopg.Error) -> str:
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return f"{type(exc).__name__}: {text}"[:300]


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
    crawl_run_id: int | None = None  # provenance: the crawl that fetched it (None outside a crawl)
    redirected_from: list[str] = field(default_factory=list)  # URLs that redirected to `url`: also its URLs


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A printed name normalised (NFC, no zero-width joiners, spaces folded): the alias key."""
    name = unicodedata.normalize("NFC", name).replace("\u200c", "").replace("\u200d", "")
    return " ".join(name.split())


@functools.lru_cache(maxsize=1 << 16)
def romanised_key(romanised: str | None) -> str | None:
    """The romanised name reduced to its letters: spellings that read alike share it."""
    if not romanised:
        return None
    key = "".join(ch for ch in unicodedata.normalize("NFKD", romanised.lower()) if "a" <= ch <= "z")
    return key or None


def source_id(conn: psycopg.Connection, name: str | None) -> int | None:
    if not name:
        return None
    row = conn.execute(
        """INSERT INTO sources (name) VALUES (%s)
           ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id""", (name,)).fetchone()
    return row[0]


def store(conn: psycopg.Connection, article: Article, extraction: Extraction,
          refusals: list[Refusal] | None = None) -> int:
    """Write `article` and its extraction in one transaction; return the article id.

    The article is found by any URL it was seen under, else by its text (the same text under
    another URL is the same article, which gains the URL). Its facts are replaced whole.
    Values are fitted to the schema's limits; a meeting or participation row the database still
    refuses is left out and appended to `refusals` (and logged), the rest is stored.
    """
    article = fit_article(conn, article)
    digest = content_hash(article.text)
    version = extraction.extractor_version
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (digest,))
        sid = source_id(conn, article.source)
        row = find_article(conn, article, digest)
        if row and row[1] == digest and row[2] == version:
            conn.execute("UPDATE articles SET fetched_at = %s WHERE id = %s", (article.fetched_at, row[0]))
            add_urls(conn, row[0], article)
            conn.execute("DELETE FROM skipped_pages WHERE url = %s", (article.url,))
            return row[0]
        try:
            with conn.transaction():
                article_id = upsert_article(conn, article, sid, digest, version, row[0] if row else None)
        except psycopg.Error as exc:  # try once more without the optional metadata
            refused(conn, article.url, "articles", exc, refusals)
            bare = dataclasses.replace(article, title=None, author=None, published=None)
            article_id = upsert_article(conn, bare, sid, digest, version, row[0] if row else None)
        add_urls(conn, article_id, article)
        conn.execute("DELETE FROM skipped_pages WHERE url = %s", (article.url,))
        replace_facts(conn, article_id, extraction, article.crawl_run_id, article.url, refusals)
    return article_id


def fit_article(conn: psycopg.Connection, article: Article) -> Article:
    """`article` fitted to the articles table; a canonical URL too long to index is the fetched URL."""
    limit = column_limits(conn).get(("articles", "canonical_url"))
    if limit is not None and cut(article.canonical_url, limit) != article.canonical_url:
        article = dataclasses.replace(article, canonical_url=article.url)
    return fitted(conn, article, "articles")


def find_article(conn: psycopg.Connection, a: Article, digest: str) -> tuple | None:
    """(id, content_hash, extractor_version) of the stored article with one of `a`'s URLs or its text."""
    urls = list({a.url, a.canonical_url})
    row = conn.execute(
        """SELECT id, content_hash, extractor_version FROM articles  -- a UNION, not OR: both lookups use an index
            WHERE id IN (SELECT id FROM articles WHERE canonical_url = %(c)s
                         UNION SELECT article_id FROM article_urls WHERE url = ANY(%(u)s))
            ORDER BY canonical_url = %(c)s DESC, id LIMIT 1 FOR UPDATE""", {"c": a.canonical_url, "u": urls}).fetchone()
    return row or conn.execute(
        "SELECT id, content_hash, extractor_version FROM articles WHERE content_hash = %s ORDER BY id LIMIT 1 FOR UPDATE",
        (digest,)).fetchone()


def add_urls(conn: psycopg.Connection, article_id: int, a: Article) -> None:
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO article_urls (url, article_id) VALUES (%s, %s) ON CONFLICT (url) DO NOTHING",
                        [(u, article_id) for u in dict.fromkeys((a.canonical_url, a.url, *a.redirected_from))
                         if len(u.encode("utf-8")) <= INDEX_BYTES])


def replace_facts(conn: psycopg.Connection, article_id: int, extraction: Extraction, run_id: int | None,
                  url: str = "", refusals: list[Refusal] | None = None) -> None:
    """Delete what the article said before (its reports, participations, sentences), write what it says now."""
    people = [r[0] for r in conn.execute("SELECT DISTINCT person_id FROM participations WHERE article_id = %s",
                                         (article_id,))]
    meetings = [r[0] for r in conn.execute("SELECT meeting_id FROM meeting_reports WHERE article_id = %s",
                                           (article_id,))]
    conn.execute("DELETE FROM participations WHERE article_id = %s", (article_id,))
    conn.execute("DELETE FROM meeting_reports WHERE article_id = %s", (article_id,))
    conn.execute("DELETE FROM sentences WHERE article_id = %s", (article_id,))
    if meetings:  # a meeting also reported elsewhere stays, now first reported by another article
        conn.execute("""DELETE FROM meetings m WHERE m.id = ANY(%s)
                          AND NOT EXISTS (SELECT 1 FROM meeting_reports r WHERE r.meeting_id = m.id)""", (meetings,))
        conn.execute("""UPDATE meetings m SET article_id = r.article_id, ordinal = r.ordinal
                          FROM (SELECT DISTINCT ON (meeting_id) meeting_id, article_id, ordinal FROM meeting_reports
                                 WHERE meeting_id = ANY(%s) ORDER BY meeting_id, article_id, ordinal) r
                         WHERE r.meeting_id = m.id""", (meetings,))
    writer = FactWriter(conn, article_id, extraction.extractor_version, run_id, url, refusals)
    for ordinal, meeting in enumerate(extraction.meetings):
        writer.guarded("meetings", writer.meeting, ordinal, meeting)
    forget_people(conn, people)


def forget_people(conn: psycopg.Connection, person_ids: list[int]) -> None:
    """People who took part only in facts just replaced: no row without a participation
    (unless an external id was given to them)."""
    if person_ids:
        conn.execute("""DELETE FROM people pe WHERE pe.id = ANY(%s) AND pe.external_id IS NULL
                          AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.person_id = pe.id)""",
                     (person_ids,))


def upsert_article(conn: psycopg.Connection, a: Article, sid: int | None, digest: str, version: str,
                   existing: int | None = None) -> int:
    values = {"sid": sid, "canonical": a.canonical_url, "url": a.url, "title": a.title, "author": a.author,
              "published": a.published, "language": a.language, "p": a.language_probability, "text": a.text,
              "digest": digest, "version": version, "fetched": a.fetched_at, "run": a.crawl_run_id, "id": existing}
    if existing is not None:  # found by another URL or by its text: it keeps its first canonical URL
        conn.execute(
            """UPDATE articles SET source_id = coalesce(%(sid)s, source_id), url = %(url)s, title = %(title)s,
                      author = %(author)s, published = %(published)s, language = %(language)s,
                      language_probability = %(p)s, text = %(text)s, content_hash = %(digest)s,
                      extractor_version = %(version)s, fetched_at = %(fetched)s, stored_at = now(),
                      crawl_run_id = coalesce(%(run)s, crawl_run_id)
                WHERE id = %(id)s""", values)
        return existing
    return conn.execute(
        """INSERT INTO articles (source_id, canonical_url, url, title, author, published, language,
                                 language_probability, text, content_hash, extractor_version, fetched_at, crawl_run_id)
           VALUES (%(sid)s, %(canonical)s, %(url)s, %(title)s, %(author)s, %(published)s, %(language)s, %(p)s,
                   %(text)s, %(digest)s, %(version)s, %(fetched)s, %(run)s)
           ON CONFLICT (canonical_url) DO UPDATE SET
             source_id = EXCLUDED.source_id, url = EXCLUDED.url, title = EXCLUDED.title,
             author = EXCLUDED.author, published = EXCLUDED.published, language = EXCLUDED.language,
             language_probability = EXCLUDED.language_probability, text = EXCLUDED.text,
             content_hash = EXCLUDED.content_hash, extractor_version = EXCLUDED.extractor_version,
             fetched_at = EXCLUDED.fetched_at, stored_at = now(),
             crawl_run_id = coalesce(EXCLUDED.crawl_run_id, articles.crawl_run_id)
           RETURNING id""", values).fetchone()[0]


def first(evidence: list[Evidence]) -> Evidence | None:
    return evidence[0] if evidence else None


class FactWriter:
    """Writes one article's meetings, participations, statements and evidence (inside `store`'s transaction)."""

    def __init__(self, conn: psycopg.Connection, article_id: int, version: str, run_id: int | None,
                 url: str = "", refusals: list[Refusal] | None = None):
        self.conn, self.article_id, self.version, self.run_id = conn, article_id, version, run_id
        self.url, self.refusals = url, refusals
        self.sentences: dict[tuple[int, int], int] = {}
        self.codes: set[str] = set()

    def guarded(self, table: str, write, *args) -> None:
        """`write(*args)` in a savepoint: when the database refuses it, only it is left out."""
        sentences, codes = dict(self.sentences), set(self.codes)
        try:
            with self.conn.transaction():
                write(*args)
        except psycopg.Error as exc:
            self.sentences, self.codes = sentences, codes  # ids written in the savepoint are gone
            refused(self.conn, self.url, table, exc, self.refusals)

    def sentence(self, e: Evidence | None) -> int | None:
        """The id of the article's sentence at e's offsets (each sentence stored once)."""
        if e is None:
            return None
        key = (e.start, e.end)
        if key not in self.sentences:
            self.sentences[key] = self.conn.execute(
                """INSERT INTO sentences (article_id, start_offset, end_offset, text) VALUES (%s, %s, %s, %s)
                   ON CONFLICT (article_id, start_offset, end_offset) DO UPDATE SET text = EXCLUDED.text
                   RETURNING id""", (self.article_id, e.start, e.end, e.sentence)).fetchone()[0]
        return self.sentences[key]

    def organisation(self, code: str | None) -> None:
        """Organisation codes are open-ended (any body's abbreviation): an unlisted one is added, unlisted."""
        if code and code not in self.codes:
            self.conn.execute("INSERT INTO organisations (code, label_en) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                              (code, code))
            self.codes.add(code)

    def meeting(self, ordinal: int, m: Meeting) -> int:
        m = fitted(self.conn, m, "meetings", {"date": "meeting_date"})
        self.organisation(m.organisation)
        meeting_id = self.same_meeting(m)
        if meeting_id is None:
            meeting_id = self.conn.execute(
                """INSERT INTO meetings (article_id, ordinal, organisation, wings, level, kind, mode, place, state,
                                         venue, meeting_date, duration_days, state_code, district_code, place_code,
                                         place_kind, crawl_run_id, extractor_version)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                           coalesce(%s, (SELECT district_code FROM places WHERE kind = %s AND code = %s)),
                           %s, %s, %s, %s) RETURNING id""",
                (self.article_id, ordinal, m.organisation, m.wings, m.level, m.kind, m.mode, m.place, m.state,
                 m.venue, m.date, m.duration_days, m.state_code, m.district_code, m.place_kind, m.place_code,
                 m.place_code, m.place_kind, self.run_id, self.version)).fetchone()[0]
        self.conn.execute(
            """INSERT INTO meeting_reports (meeting_id, article_id, ordinal, sentence_id, crawl_run_id, extractor_version)
               VALUES (%s, %s, %s, %s, %s, %s)""",
            (meeting_id, self.article_id, ordinal, self.sentence(first(m.evidence)), self.run_id, self.version))
        self.evidence(meeting_id, None, m.evidence)
        district = m.district_code or self.conn.execute(
            "SELECT district_code FROM meetings WHERE id = %s", (meeting_id,)).fetchone()[0]
        for p in m.participants:
            self.guarded("participations", self.participation, meeting_id, m, district, p)
        return meeting_id

    def same_meeting(self, m: Meeting) -> int | None:
        """A meeting another article reports: same organisation, wings, level, place and date (all known)."""
        if not (m.organisation and m.date and (m.place or m.place_code)):
            return None
        row = self.conn.execute(
            """SELECT m.id FROM meetings m
                WHERE m.meeting_date = %(date)s AND m.organisation = %(org)s
                  AND m.level IS NOT DISTINCT FROM %(level)s AND m.wings @> %(wings)s AND m.wings <@ %(wings)s
                  AND ((%(code)s::int IS NOT NULL AND m.place_kind = %(kind)s AND m.place_code = %(code)s)
                       OR (%(code)s::int IS NULL AND m.place = %(place)s))
                  AND NOT EXISTS (SELECT 1 FROM meeting_reports r WHERE r.meeting_id = m.id
                                                                    AND r.article_id = %(article)s)
                ORDER BY m.id LIMIT 1""",
            {"date": m.date, "org": m.organisation, "level": m.level, "wings": list(m.wings), "code": m.place_code,
             "kind": m.place_kind, "place": m.place, "article": self.article_id}).fetchone()
        return row[0] if row else None

    def participation(self, meeting_id: int, m: Meeting, district: int | None, p: Participant) -> None:
        p = fitted(self.conn, fitted(self.conn, p, "participations"), "people",  # names are alias keys
                   {"name": "name_key", "aliases": "name_key", "romanised": "romanised_key"})
        person_id = resolve_person(self.conn, p, m.organisation, m.state, district, self.article_id)
        row = self.conn.execute(
            """INSERT INTO participations (meeting_id, person_id, article_id, name, aliases, roles, designation, post,
                                           level, jurisdiction, wing, sentence_id, crawl_run_id, extractor_version)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
               ON CONFLICT (meeting_id, person_id, article_id) DO NOTHING RETURNING id""",
            (meeting_id, person_id, self.article_id, p.name, p.aliases, p.roles, p.designation, p.post, p.level,
             p.jurisdiction, p.wing, self.sentence(first(p.evidence)), self.run_id, self.version)).fetchone()
        if row is None:  # two printed names of one person in one report: the first entry stands
            return
        with self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO statements (participation_id, text, start_offset, end_offset) VALUES (%s, %s, %s, %s)",
                [(row[0], s.text, s.start, s.end) for s in p.statements])
        self.evidence(meeting_id, row[0], p.evidence)

    def evidence(self, meeting_id: int, participation_id: int | None, evidence: list[Evidence]) -> None:
        rows = [(meeting_id, participation_id, e.fact, self.sentence(e)) for e in evidence]
        with self.conn.cursor() as cur:
            cur.executemany("INSERT INTO evidence (meeting_id, participation_id, fact, sentence_id) VALUES (%s, %s, %s, %s)",
                            rows)


def resolve_person(conn: psycopg.Connection, p: Participant, organisation: str | None, state: str | None,
                   district: int | None, article_id: int) -> int:
    """The person a printed name denotes, resolved conservatively; a new person when in doubt.

    A stored person is the same when one of the printed forms is one of their known names
    (aliases) or the romanised names read alike, AND the context agrees: the same article, or the
    same state (or district) with a compatible organisation (the same, or one side unknown).
    A name alone never joins people across states or parties.
    """
    printed = list(dict.fromkeys([p.name, *p.aliases]))
    keys = [name_key(n) for n in printed]
    rkey = romanised_key(p.romanised)
    candidates = conn.execute(
        """SELECT pe.id, pe.state, pe.district_code, pe.organisation,
                  EXISTS (SELECT 1 FROM participations x WHERE x.person_id = pe.id AND x.article_id = %(article)s)
             FROM people pe
            WHERE pe.id IN (SELECT person_id FROM person_aliases WHERE name_key = ANY(%(keys)s)
                            UNION SELECT id FROM people WHERE romanised_key = %(rkey)s::text)  -- indexed, not OR
            ORDER BY pe.id""", {"keys": keys, "rkey": rkey, "article": article_id}).fetchall()
    person_id = None
    for pid, p_state, p_district, p_org, same_article in candidates:
        if same_article or same_context(p_state, p_district, p_org, state, district, organisation):
            person_id = pid
            conn.execute("""UPDATE people SET organisation = coalesce(organisation, %s),
                                              district_code = coalesce(district_code, %s),
                                              state = coalesce(state, %s),
                                              romanised = coalesce(romanised, %s),
                                              romanised_key = coalesce(romanised_key, %s) WHERE id = %s""",
                         (organisation, district, state, p.romanised, rkey, pid))
            break
    if person_id is None:
        person_id = conn.execute(
            """INSERT INTO people (name_key, name, romanised, romanised_key, state, district_code, organisation)
               VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id""",
            (keys[0], p.name, p.romanised, rkey, state, district, organisation)).fetchone()[0]
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO person_aliases (person_id, name_key, name) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                        [(person_id, k, n) for k, n in zip(keys, printed)])
    return person_id


def same_context(p_state: str | None, p_district: int | None, p_org: str | None,
                 state: str | None, district: int | None, organisation: str | None) -> bool:
    """A stored person's context agrees with a printed name's: the same state (or district) and a
    compatible organisation (the same, or one side unknown). The batch path (pipelines/batch.py) shares it."""
    place = (state is not None and p_state == state) or (district is not None and p_district == district)
    return place and (p_org is None or organisation is None or p_org == organisation)


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


RUN_LOCK = "baithak.crawl_run"  # advisory lock (this key, run id) held by the process of a running crawl


def claim_run(run_id: int, crawler=None, url: str | None = None) -> psycopg.Connection | None:
    """Hold crawl run `run_id`'s liveness lock for as long as this process lives, and close as
    `killed` every other open run whose lock nobody holds (its process died: SIGKILL, OOM, a lost
    machine). The lock lives on a connection of its own, released when the crawl closes (with
    `crawler`: at `spider_closed`) or when the process dies. Returns that connection."""
    from pipelines import db
    try:
        holder = db.connect(url, autocommit=True)
        holder.execute("SELECT pg_advisory_lock(hashtext(%s), %s::int)", (RUN_LOCK, run_id))
        killed = close_killed_runs(holder, exclude=run_id)
    except (db.DatabaseUnavailable, psycopg.Error) as exc:
        log.warning("killed crawl runs not looked for: %s", db.first_line(exc))
        return None
    if killed:
        log.warning("crawl runs %s were killed (no process holds them): closed as 'killed'", killed)
    if crawler is not None:
        from scrapy import signals
        crawler.signals.connect(lambda **_: holder.close(), signal=signals.spider_closed, weak=False)
    return holder


def close_killed_runs(conn: psycopg.Connection, exclude: int | None = None) -> list[int]:
    """Mark the open runs (no `finished_at`) whose liveness lock is free as finished, `killed`, at
    their last sign of life (the last article they fetched, else their start). Returns their ids."""
    killed = []
    rows = conn.execute("SELECT id FROM crawl_runs WHERE finished_at IS NULL AND id IS DISTINCT FROM %s ORDER BY id",
                        (exclude,)).fetchall()
    for (run,) in rows:
        if not conn.execute("SELECT pg_try_advisory_lock(hashtext(%s), %s::int)", (RUN_LOCK, run)).fetchone()[0]:
            continue  # its crawl is alive
        try:
            done = conn.execute(
                """UPDATE crawl_runs r SET finish_reason = 'killed',
                          finished_at = greatest(r.started_at, (SELECT max(a.fetched_at) FROM articles a
                                                                 WHERE a.crawl_run_id = r.id))
                    WHERE r.id = %s AND r.finished_at IS NULL""", (run,)).rowcount
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s), %s::int)", (RUN_LOCK, run))
        if done:
            killed.append(run)
    return killed
