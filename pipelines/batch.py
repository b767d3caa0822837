"""Batch storage: many articles and all their facts in a few round trips (issue 10).

`store_batch(conn, writes)` gives the same table contents as calling `store.store` (and
`raw.keep`) for each write in turn, but reads what it needs in a handful of set-based queries,
works out in memory what the per-article path would do — the same rules, in the same order:
article found by URL then text, unchanged articles only touched, facts replaced whole, meetings
deduplicated across outlets, people resolved across articles (`store.same_context`), people left
without a participation forgotten — and writes the result with COPY and a fixed number of
INSERT/UPDATE/DELETE statements, all in one transaction: a reader sees every article of the batch
or none, and each article whole.

Ids of new rows are drawn from their sequences once the plan is made (in creation order, so
"the lowest id" rules pick the same rows as the per-article path). An article met twice in a
batch (the same URL or text) ends the batch's first transaction; the rest is planned again on
what it committed. Any error rolls the transaction back and is raised: the writer then stores
that batch article by article (`store.store`), which isolates a refused row and counts it.

People are resolved in memory, not by set-based SQL, because the rule is sequential: each
printed name is matched against the people as the names before it left them (the lowest id
whose aliases, romanised key and context agree, its unknown context then filled in, or a new
person), so the same name can join different people within one batch. The batch reads the
candidate rows once (by alias and romanised key) and applies `store.same_context` to them.
Like `store.store` it takes no lock on people: two processes storing the same new name at the
same moment may each create that person; rows it updates are locked in id order, and a
transaction a deadlock rolled back is tried again.
"""
from __future__ import annotations

import logging
import os
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, Sequence

import psycopg

from pipelines.extract.model import Evidence, Extraction, Meeting, Participant
from pipelines import raw
from pipelines.raw import RawPage
from pipelines.store import (INDEX_BYTES, Article, content_hash, first, fit_article, fitted, name_key,
                             romanised_key, same_context)

log = logging.getLogger(__name__)

TEMP = 1 << 62  # ids of rows not yet written: above every real id, in creation order
SEQUENCES = ("articles", "meetings", "people", "sentences", "participations")
RETRIES = 3  # attempts of a transaction another writer's deadlock rolled back


class ArticleRecord(Protocol):
    """What is stored of an article: `pipelines.writer.ArticleWrite` (the crawl's record) is one."""

    article: Article
    extraction: Extraction
    page: RawPage | None


@dataclass
class Found:
    """What the per-article path's `find_article` would return, and what it does with it."""
    write: ArticleRecord
    article: Article          # fitted
    digest: str
    id: int                   # stored id, or a temporary one for a new article
    action: str               # "touch" (same text and version), "update", "insert"
    source_id: int | None = None


@dataclass
class MeetingRow:
    id: int
    article_id: int | None
    ordinal: int | None
    organisation: str | None
    level: str | None
    wings: frozenset
    place_kind: str | None
    place_code: int | None
    place: str | None
    meeting_date: date | None
    district_code: int | None
    reports: set = field(default_factory=set)  # (article_id, ordinal)
    deleted: bool = False


@dataclass
class PersonRow:
    id: int
    state: str | None
    district_code: int | None
    organisation: str | None
    romanised: str | None
    romanised_key: str | None
    external_id: str | None = None
    has_other: bool = False   # a participation in an article outside the batch's replaced ones
    dirty: bool = False
    deleted: bool = False


def as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def store_batch(conn: psycopg.Connection, writes: Sequence[ArticleRecord], timings: dict[str, list[float]] | None = None
                ) -> list[int]:
    """Store `writes` (articles, extractions, raw pages) as `store.store` would, in a few round
    trips per transaction; return each write's article id. Raises (after rolling back) on any error.
    `timings`, when given, gains the seconds spent in each step: [wall, client CPU, server CPU]
    (benchmarks/storage.py prints them)."""
    ids: list[int] = []
    while len(ids) < len(writes):
        for attempt in range(1, RETRIES + 1):
            try:
                with conn.transaction():
                    ids += Batch(conn, writes[len(ids):], timings).run()
                break
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure) as exc:  # try again
                if attempt == RETRIES:
                    raise
                log.warning("batch rolled back (%s); trying again", str(exc).splitlines()[0] if str(exc) else exc)
    return ids


class Batch:
    """One transaction: the longest prefix of `writes` in which no article is met twice."""

    def __init__(self, conn: psycopg.Connection, writes: Sequence[ArticleRecord], timings: dict[str, list[float]] | None = None):
        self.conn, self.writes, self.timings = conn, writes, timings
        self._next = TEMP
        self.new: dict[str, list[int]] = {name: [] for name in SEQUENCES}
        self.rows: dict[str, list] = defaultdict(list)

    def temp(self, table: str) -> int:
        self._next += 1
        self.new[table].append(self._next)
        return self._next

    @contextmanager
    def timed(self, step: str):
        """With `timings`: add this step's wall time, this thread's CPU time and the server process's
        CPU time (read from /proc when the server runs on this machine) to timings[step]."""
        if self.timings is None:
            yield
            return
        start = (time.perf_counter(), time.thread_time(), server_cpu(self.conn))
        try:
            yield
        finally:
            end = (time.perf_counter(), time.thread_time(), server_cpu(self.conn))
            spent = self.timings.setdefault(step, [0.0, 0.0, 0.0])
            for i in range(3):
                spent[i] += end[i] - start[i]

    def run(self) -> list[int]:
        with self.timed("find articles (locks, sources, lookups)"):
            found = self.find_articles()
        with self.timed("load facts (fit values, replaced facts, candidates)"):
            self.load_facts(found)
        with self.timed("plan (resolve people, meetings) in memory"):
            for f in found:
                self.plan_article(f)
        with self.timed("allocate ids"):
            real = self.allocate()
        self.write(found, real)
        return [real.get(f.id, f.id) for f in found]

    def execute(self, step: str, query: str, params=None) -> None:
        with self.timed(step):
            self.conn.execute(query, params)

    # --- articles ---------------------------------------------------------------------------------

    def find_articles(self) -> list[Found]:
        conn = self.conn
        prepared = []
        for w in self.writes:
            a = fit_article(conn, w.article)
            prepared.append((w, a, content_hash(a.text)))
        digests = sorted({d for _, _, d in prepared})
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(d)) FROM unnest(%s::text[]) d", (digests,))
        names = sorted({n for w, a, _ in prepared for n in (a.source, w.page.source if w.page else None) if n})
        self.sources = dict(conn.execute(
            """INSERT INTO sources (name) SELECT unnest(%s::text[])
               ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING name, id""", (names,)).fetchall())
        lookup = sorted({u for _, a, _ in prepared for u in (a.url, a.canonical_url)})
        every = sorted({u for _, a, _ in prepared for u in urls_of(a)} | set(lookup))
        rows = conn.execute(
            """SELECT id, canonical_url, content_hash, extractor_version FROM articles
                WHERE id IN (SELECT id FROM articles WHERE canonical_url = ANY(%(u)s)
                             UNION SELECT article_id FROM article_urls WHERE url = ANY(%(u)s)
                             UNION SELECT id FROM articles WHERE content_hash = ANY(%(h)s))
                ORDER BY id FOR UPDATE""", {"u": lookup, "h": digests}).fetchall()
        canonical = {c: i for i, c, _, _ in rows}
        state = {i: (h, v) for i, _, h, v in rows}
        by_hash: dict[str, list[int]] = defaultdict(list)
        for i, _, h, _ in rows:
            by_hash[h].append(i)
        self.url_map = dict(conn.execute("SELECT url, article_id FROM article_urls WHERE url = ANY(%s)",
                                         (every,)).fetchall())
        self.new_urls: list[tuple[str, int]] = []
        found: list[Found] = []
        touched: set[int] = set()
        for w, a, digest in prepared:
            hits = {self.url_map[u] for u in (a.url, a.canonical_url) if u in self.url_map}
            if a.canonical_url in canonical:
                existing = canonical[a.canonical_url]
            elif hits:
                existing = min(hits)
            else:
                existing = min(by_hash.get(digest, []), default=None)
            if existing in touched:
                break  # met twice: the rest goes in the next transaction
            version = w.extraction.extractor_version
            if existing is None:
                action, existing = "insert", self.temp("articles")
                canonical[a.canonical_url] = existing
            elif state[existing] == (digest, version):
                action = "touch"
            else:
                action = "update"
                by_hash[state[existing][0]].remove(existing)
            if action != "touch":
                state[existing] = (digest, version)
                by_hash[digest] = sorted(by_hash[digest] + [existing])
            touched.add(existing)
            for u in urls_of(a):
                if u not in self.url_map:
                    self.url_map[u] = existing
                    self.new_urls.append((u, existing))
            found.append(Found(w, a, digest, existing, action, self.sources.get(a.source) if a.source else None))
        return found

    # --- what the facts of replaced articles and the candidates of the new ones are --------------

    def load_facts(self, found: list[Found]) -> None:
        conn = self.conn
        self.replaced = [f.id for f in found if f.action == "update"]
        self.old_people: dict[int, list[int]] = defaultdict(list)    # article → people, as DISTINCT gives them
        self.old_articles: dict[int, set[int]] = defaultdict(set)   # person → replaced articles citing them
        self.old_meetings: dict[int, list[int]] = defaultdict(list)  # article → meetings it reported
        if self.replaced:
            for person, article in conn.execute(
                    "SELECT DISTINCT person_id, article_id FROM participations WHERE article_id = ANY(%s)",
                    (self.replaced,)):
                self.old_people[article].append(person)
                self.old_articles[person].add(article)
            for meeting, article in conn.execute(
                    "SELECT meeting_id, article_id FROM meeting_reports WHERE article_id = ANY(%s)", (self.replaced,)):
                self.old_meetings[article].append(meeting)
        self.fitted: dict[int, list[tuple[Meeting, list[Participant]]]] = {}
        dates, orgs, places, keys, rkeys = set(), set(), set(), set(), set()
        for f in found:
            if f.action == "touch":
                continue
            meetings = []
            for m in f.write.extraction.meetings:
                m = fitted(conn, m, "meetings", {"date": "meeting_date"})
                people = [fitted(conn, fitted(conn, p, "participations"), "people",
                                 {"name": "name_key", "aliases": "name_key", "romanised": "romanised_key"})
                          for p in m.participants]
                meetings.append((m, people))
                if m.organisation and as_date(m.date):
                    dates.add((as_date(m.date), m.organisation))
                if m.district_code is None and m.place_kind is not None and m.place_code is not None:
                    places.add((m.place_kind, m.place_code))
                for p in people:
                    keys.update(name_key(n) for n in (p.name, *p.aliases))
                    if romanised_key(p.romanised):
                        rkeys.add(romanised_key(p.romanised))
                orgs.add(m.organisation)
            self.fitted[f.id] = meetings
        self.load_meetings(sorted({m for ms in self.old_meetings.values() for m in ms}), sorted(dates))
        self.places = {(k, c): d for k, c, d in conn.execute(
            """SELECT p.kind, p.code, p.district_code FROM unnest(%s::text[], %s::int[]) k(kind, code)
                 JOIN places p ON p.kind = k.kind AND p.code = k.code""",
            ([k for k, _ in places], [c for _, c in places]))}
        self.load_people(sorted(keys), sorted(rkeys))
        self.codes = {o for o in orgs if o}

    def load_meetings(self, old: list[int], keys: list[tuple[date, str]]) -> None:
        columns = ("id, article_id, ordinal, organisation, level, wings, place_kind, place_code, place, "
                   "meeting_date, district_code")
        rows = self.conn.execute(
            f"""SELECT {columns} FROM meetings WHERE id = ANY(%(old)s)
                UNION SELECT {', '.join('m.' + c.strip() for c in columns.split(','))}
                  FROM unnest(%(d)s::date[], %(o)s::text[]) k(d, o)
                  JOIN meetings m ON m.meeting_date = k.d AND m.organisation = k.o""",
            {"old": old, "d": [d for d, _ in keys], "o": [o for _, o in keys]}).fetchall()
        self.meetings: dict[int, MeetingRow] = {}
        self.identity: dict[tuple, list[MeetingRow]] = defaultdict(list)
        for r in rows:
            self.add_meeting(MeetingRow(*r[:5], frozenset(r[5]), *r[6:]))
        for meeting, article, ordinal in self.conn.execute(
                "SELECT meeting_id, article_id, ordinal FROM meeting_reports WHERE meeting_id = ANY(%s)",
                (list(self.meetings),)):
            self.meetings[meeting].reports.add((article, ordinal))
        self.moved: set[int] = set()    # stored meetings whose first report changed
        self.dropped: list[int] = []    # stored meetings left without a report

    def add_meeting(self, row: MeetingRow) -> None:
        self.meetings[row.id] = row
        if row.meeting_date is not None and row.organisation is not None:
            self.identity[(row.meeting_date, row.organisation)].append(row)

    def load_people(self, keys: list[str], rkeys: list[str]) -> None:
        """The people the batch's names may denote (by alias or romanised key) and the people of the
        replaced facts. Aliases are read first and their people by id: another writer committing
        between the two reads can add people, never leave an alias without its person."""
        old = sorted(self.old_articles)
        aliases = self.conn.execute("SELECT name_key, person_id FROM person_aliases WHERE name_key = ANY(%s)",
                                    (keys,)).fetchall()
        rows = self.conn.execute(
            """SELECT pe.id, pe.state, pe.district_code, pe.organisation, pe.romanised, pe.romanised_key,
                      pe.external_id,
                      pe.id = ANY(%(old)s) AND EXISTS (SELECT 1 FROM participations x WHERE x.person_id = pe.id
                                                         AND NOT x.article_id = ANY(%(r)s))
                 FROM people pe
                WHERE pe.id IN (SELECT unnest(%(a)s::bigint[])
                                UNION SELECT id FROM people WHERE romanised_key = ANY(%(rk)s)
                                UNION SELECT unnest(%(old)s::bigint[]))""",
            {"old": old, "r": self.replaced, "a": sorted({p for _, p in aliases}), "rk": rkeys}).fetchall()
        self.people = {r[0]: PersonRow(*r) for r in rows}
        self.by_alias: dict[str, set[int]] = defaultdict(set)
        self.aliases: set[tuple[int, str]] = set()
        for key, person in aliases:
            if person not in self.people:  # deleted meanwhile by another writer
                continue
            self.by_alias[key].add(person)
            self.aliases.add((person, key))
        self.by_romanised: dict[str, set[int]] = defaultdict(set)
        for p in self.people.values():
            if p.romanised_key:
                self.by_romanised[p.romanised_key].add(p.id)
        self.new_people: list[int] = []
        self.forgotten: list[int] = []
        self.cited: dict[int, int] = defaultdict(int)  # person → participations written in this batch

    # --- the per-article path, in memory ----------------------------------------------------------

    def plan_article(self, f: Found) -> None:
        if f.action == "touch":
            return
        self.drop_old_facts(f.id)
        self.article_id, self.run, self.version = f.id, f.article.crawl_run_id, f.write.extraction.extractor_version
        self.sentences: dict[tuple[int, int], int] = {}
        self.here: set[int] = set()             # people with a participation in this article
        self.parts: set[tuple[int, int]] = set()  # (meeting, person) written for this article
        for ordinal, (m, people) in enumerate(self.fitted[f.id]):
            self.meeting(ordinal, m, people)
        for person in self.old_people.get(f.id, []):  # forget_people
            p = self.people.get(person)  # (None: deleted meanwhile by another writer)
            if (p is not None and not p.deleted and p.external_id is None and not p.has_other
                    and not self.old_articles[person] and not self.cited[person]):
                self.forget(p)

    def drop_old_facts(self, article_id: int) -> None:
        for person in self.old_people.get(article_id, []):
            self.old_articles[person].discard(article_id)
        old = [self.meetings[i] for i in self.old_meetings.get(article_id, []) if i in self.meetings]
        for m in old:  # (a meeting missing was deleted meanwhile by another writer)
            m.reports = {r for r in m.reports if r[0] != article_id}
        for m in old:
            meeting_id = m.id
            if m.deleted:
                continue
            if not m.reports:
                m.deleted = True
                self.dropped.append(meeting_id)
            else:
                m.article_id, m.ordinal = min(m.reports)
                self.moved.add(meeting_id)

    def forget(self, p: PersonRow) -> None:
        p.deleted = True
        self.forgotten.append(p.id)

    def sentence(self, e: Evidence | None) -> int | None:
        if e is None:
            return None
        key = (e.start, e.end)
        if key not in self.sentences:
            self.sentences[key] = sid = self.temp("sentences")
            self.rows["sentences"].append((sid, self.article_id, e.start, e.end, e.sentence))
        return self.sentences[key]

    def meeting(self, ordinal: int, m: Meeting, people: list[Participant]) -> None:
        if m.organisation:
            self.codes.add(m.organisation)
        row = self.same_meeting(m)
        if row is None:
            district = m.district_code
            if district is None and m.place_kind is not None and m.place_code is not None:
                district = self.places.get((m.place_kind, m.place_code))
            row = MeetingRow(self.temp("meetings"), self.article_id, ordinal, m.organisation, m.level,
                             frozenset(m.wings), m.place_kind, m.place_code, m.place, as_date(m.date), district)
            self.add_meeting(row)
            self.rows["meetings"].append(
                (row.id, self.article_id, ordinal, m.organisation, array(m.wings), m.level, m.kind, m.mode, m.place,
                 m.state, m.venue, as_date(m.date), m.duration_days, m.state_code, district, m.place_code,
                 m.place_kind, self.run, self.version))
        row.reports.add((self.article_id, ordinal))
        self.rows["meeting_reports"].append(
            (row.id, self.article_id, ordinal, self.sentence(first(m.evidence)), self.run, self.version))
        self.evidence(row.id, None, m.evidence)
        district = m.district_code or row.district_code
        for p in people:
            self.participation(row.id, m, district, p)

    def same_meeting(self, m: Meeting) -> MeetingRow | None:
        day = as_date(m.date)
        if not (m.organisation and m.date and (m.place or m.place_code)) or day is None:
            return None
        wings = frozenset(m.wings)
        for row in sorted(self.identity.get((day, m.organisation), []), key=lambda r: r.id):
            if row.deleted or row.level != m.level or row.wings != wings:
                continue
            if m.place_code is not None:
                if m.place_kind is None or row.place_kind != m.place_kind or row.place_code != m.place_code:
                    continue
            elif m.place is None or row.place != m.place:
                continue
            if any(a == self.article_id for a, _ in row.reports):
                continue
            return row
        return None

    def participation(self, meeting_id: int, m: Meeting, district: int | None, p: Participant) -> None:
        person = self.resolve(p, m.organisation, m.state, district)
        sentence = self.sentence(first(p.evidence))
        if (meeting_id, person) in self.parts:  # two printed names of one person in one report
            return
        self.parts.add((meeting_id, person))
        self.here.add(person)
        self.cited[person] += 1
        pid = self.temp("participations")
        self.rows["participations"].append(
            (pid, meeting_id, person, self.article_id, p.name, array(p.aliases), array(p.roles), p.designation, p.post,
             p.level, p.jurisdiction, p.wing, sentence, self.run, self.version))
        self.rows["statements"] += [(pid, s.text, s.start, s.end) for s in p.statements]
        self.evidence(meeting_id, pid, p.evidence)

    def evidence(self, meeting_id: int, participation_id: int | None, evidence: list[Evidence]) -> None:
        self.rows["evidence"] += [(meeting_id, participation_id, e.fact, self.sentence(e)) for e in evidence]

    def resolve(self, p: Participant, organisation: str | None, state: str | None, district: int | None) -> int:
        """`store.resolve_person` on the batch's view of the people table."""
        printed = list(dict.fromkeys([p.name, *p.aliases]))
        keys = [name_key(n) for n in printed]
        rkey = romanised_key(p.romanised)
        ids = set().union(*(self.by_alias.get(k, set()) for k in keys))
        if rkey is not None:
            ids |= self.by_romanised.get(rkey, set())
        person = None
        for pid in sorted(ids):
            c = self.people[pid]
            if c.deleted:
                continue
            if pid in self.here or same_context(c.state, c.district_code, c.organisation, state, district, organisation):
                person = c
                self.fill(c, organisation, district, state, p.romanised, rkey)
                break
        if person is None:
            person = PersonRow(self.temp("people"), state, district, organisation, p.romanised, rkey)
            self.people[person.id] = person
            self.new_people.append(person.id)
            self.rows["people"].append([person.id, keys[0], p.name])
            if rkey is not None:
                self.by_romanised[rkey].add(person.id)
        for k, n in zip(keys, printed):
            if (person.id, k) not in self.aliases:
                self.aliases.add((person.id, k))
                self.by_alias[k].add(person.id)
                self.rows["person_aliases"].append((person.id, k, n))
        return person.id

    def fill(self, c: PersonRow, organisation, district, state, romanised, rkey) -> None:
        """The UPDATE … coalesce(…) of a matched person: unknown fields take the new context."""
        for name, value in (("organisation", organisation), ("district_code", district), ("state", state),
                            ("romanised", romanised), ("romanised_key", rkey)):
            if getattr(c, name) is None and value is not None:
                setattr(c, name, value)
                c.dirty = True
        if c.romanised_key == rkey and rkey is not None:
            self.by_romanised[rkey].add(c.id)

    # --- ids and writes ---------------------------------------------------------------------------

    def allocate(self) -> dict[int, int]:
        """Real ids for the temporary ones, drawn from each table's sequence in creation order."""
        wanted = [(t, len(self.new[t])) for t in SEQUENCES if self.new[t]]
        if not wanted:
            return {}
        drawn = self.conn.execute(
            "SELECT " + ", ".join(
                f"ARRAY(SELECT nextval(pg_get_serial_sequence('{t}', 'id')) FROM generate_series(1, %s))"
                for t, _ in wanted), [n for _, n in wanted]).fetchone()
        real = {}
        for (t, _), values in zip(wanted, drawn):
            real.update(zip(self.new[t], sorted(values)))
        return real

    def write(self, found: list[Found], real: dict[int, int]) -> None:
        R = lambda v: real.get(v, v)  # noqa: E731
        if self.replaced:
            for table in ("participations", "meeting_reports", "sentences"):  # evidence goes with sentences
                self.execute(f"delete old {table}", f"DELETE FROM {table} WHERE article_id = ANY(%s)", (self.replaced,))
        if self.dropped:
            self.execute("delete meetings", "DELETE FROM meetings WHERE id = ANY(%s)", (self.dropped,))
        self.write_articles(found, R)
        if self.codes:
            self.execute("organisations", """INSERT INTO organisations (code, label_en) SELECT c, c FROM unnest(%s::text[]) c
                            ON CONFLICT DO NOTHING""", (sorted(self.codes),))
        people = [self.people[i] for i in self.new_people]
        self.copy("people", ("id", "name_key", "name", "romanised", "romanised_key", "state", "district_code",
                             "organisation"),
                  [(R(p.id), r[1], r[2], p.romanised, p.romanised_key, p.state, p.district_code, p.organisation)
                   for p, r in zip(people, self.rows["people"])])
        changed = sorted((p for p in self.people.values() if p.dirty and p.id < TEMP and not p.deleted),
                         key=lambda p: p.id)
        if changed:  # rows locked in id order: two batches updating the same people cannot deadlock
            self.execute("lock people", "SELECT FROM people WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                         ([p.id for p in changed],))
            self.execute("update people",
                """UPDATE people pe SET organisation = coalesce(pe.organisation, u.o),
                          district_code = coalesce(pe.district_code, u.d), state = coalesce(pe.state, u.s),
                          romanised = coalesce(pe.romanised, u.r), romanised_key = coalesce(pe.romanised_key, u.k)
                     FROM unnest(%s::bigint[], %s::text[], %s::int[], %s::text[], %s::text[], %s::text[])
                          u(id, o, d, s, r, k) WHERE pe.id = u.id""",
                [[p.id for p in changed], [p.organisation for p in changed], [p.district_code for p in changed],
                 [p.state for p in changed], [p.romanised for p in changed], [p.romanised_key for p in changed]])
        if self.rows["person_aliases"]:
            rows = self.rows["person_aliases"]
            self.execute("person_aliases", """INSERT INTO person_aliases (person_id, name_key, name)
                            SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[]) ON CONFLICT DO NOTHING""",
                         [[R(r[0]) for r in rows], [r[1] for r in rows], [r[2] for r in rows]])
        self.copy("meetings", ("id", "article_id", "ordinal", "organisation", "wings", "level", "kind", "mode", "place",
                               "state", "venue", "meeting_date", "duration_days", "state_code", "district_code",
                               "place_code", "place_kind", "crawl_run_id", "extractor_version"),
                  [(R(r[0]), R(r[1]), *r[2:]) for r in self.rows["meetings"]])
        moved = [self.meetings[i] for i in sorted(self.moved) if not self.meetings[i].deleted]
        if moved:
            self.execute("update meetings", """UPDATE meetings m SET article_id = u.a, ordinal = u.o
                              FROM unnest(%s::bigint[], %s::bigint[], %s::smallint[]) u(id, a, o) WHERE m.id = u.id""",
                         [[m.id for m in moved], [R(m.article_id) for m in moved], [m.ordinal for m in moved]])
        self.copy("sentences", ("id", "article_id", "start_offset", "end_offset", "text"),
                  [(R(r[0]), R(r[1]), *r[2:]) for r in self.rows["sentences"]])
        self.copy("meeting_reports", ("meeting_id", "article_id", "ordinal", "sentence_id", "crawl_run_id",
                                      "extractor_version"),
                  [(R(r[0]), R(r[1]), r[2], R(r[3]), r[4], r[5]) for r in self.rows["meeting_reports"]])
        self.copy("participations", ("id", "meeting_id", "person_id", "article_id", "name", "aliases", "roles",
                                     "designation", "post", "level", "jurisdiction", "wing", "sentence_id",
                                     "crawl_run_id", "extractor_version"),
                  [(R(r[0]), R(r[1]), R(r[2]), R(r[3]), *r[4:12], R(r[12]), *r[13:]) for r in self.rows["participations"]])
        self.copy("statements", ("participation_id", "text", "start_offset", "end_offset"),
                  [(R(r[0]), *r[1:]) for r in self.rows["statements"]])
        self.copy("evidence", ("meeting_id", "participation_id", "fact", "sentence_id"),
                  [(R(r[0]), R(r[1]), r[2], R(r[3])) for r in self.rows["evidence"]])
        if self.forgotten:
            self.execute("forget people", "DELETE FROM people WHERE id = ANY(%s)", (self.forgotten,))
        self.write_pages(found, R)

    def write_articles(self, found: list[Found], R) -> None:
        touched = [f for f in found if f.action == "touch"]
        if touched:
            self.execute("touch articles", """UPDATE articles a SET fetched_at = u.f
                              FROM unnest(%s::bigint[], %s::timestamptz[]) u(id, f) WHERE a.id = u.id""",
                         [[f.id for f in touched], [f.article.fetched_at for f in touched]])
        updated = [f for f in found if f.action == "update"]
        if updated:
            cols = [[f.id for f in updated], [f.source_id for f in updated]] + [
                [getattr(f.article, c) for f in updated] for c in
                ("url", "title", "author", "published", "language", "language_probability", "text")] + [
                [f.digest for f in updated], [f.write.extraction.extractor_version for f in updated],
                [f.article.fetched_at for f in updated], [f.article.crawl_run_id for f in updated]]
            self.execute("update articles",
                """UPDATE articles a SET source_id = coalesce(u.sid, a.source_id), url = u.url, title = u.title,
                          author = u.author, published = u.published, language = u.language,
                          language_probability = u.p, text = u.text, content_hash = u.digest,
                          extractor_version = u.version, fetched_at = u.fetched, stored_at = now(),
                          crawl_run_id = coalesce(u.run, a.crawl_run_id)
                     FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::text[], %s::text[], %s::date[], %s::text[],
                                 %s::real[], %s::text[], %s::text[], %s::text[], %s::timestamptz[], %s::bigint[])
                          u(id, sid, url, title, author, published, language, p, text, digest, version, fetched, run)
                    WHERE a.id = u.id""", cols)
        self.copy("articles", ("id", "source_id", "canonical_url", "url", "title", "author", "published", "language",
                               "language_probability", "text", "content_hash", "extractor_version", "fetched_at",
                               "crawl_run_id"),
                  [(R(f.id), f.source_id, f.article.canonical_url, f.article.url, f.article.title, f.article.author,
                    f.article.published, f.article.language, f.article.language_probability, f.article.text,
                    f.digest, f.write.extraction.extractor_version, f.article.fetched_at, f.article.crawl_run_id)
                   for f in found if f.action == "insert"])
        if self.new_urls:
            self.execute("article_urls", """INSERT INTO article_urls (url, article_id) SELECT * FROM unnest(%s::text[], %s::bigint[])
                            ON CONFLICT (url) DO NOTHING""",
                         [[u for u, _ in self.new_urls], [R(i) for _, i in self.new_urls]])
        self.execute("skipped_pages", "DELETE FROM skipped_pages WHERE url = ANY(%s)", (sorted({f.article.url for f in found}),))

    def write_pages(self, found: list[Found], R) -> None:
        """`raw.keep` for each write with a page: the latest fetch of each URL. The bodies go as a
        binary parameter (%b): as text, psycopg escapes each one in Python, ~0.6 ms per 30 KB body."""
        pages = {}
        for f in found:
            p = f.write.page
            if p is not None:
                pages[p.url] = (p.url, R(f.id), self.sources.get(p.source) if p.source else None, f.article.crawl_run_id,
                                p.fetched_at, p.status, p.etag, p.last_modified, p.content_type,
                                *raw.pack(p.body))  # the one way raw pages are kept (raw.keep does the same)
        if not pages:
            return
        rows = list(pages.values())
        self.execute("raw_pages",
            """INSERT INTO raw_pages (url, article_id, source_id, crawl_run_id, fetched_at, status, etag, last_modified,
                                      content_type, content_hash, size, body_zlib)
               SELECT * FROM unnest(%s::text[], %s::bigint[], %s::int[], %s::bigint[], %s::timestamptz[],
                                    %s::smallint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::int[],
                                    %b::bytea[])
               ON CONFLICT (url) DO UPDATE SET article_id = EXCLUDED.article_id, source_id = EXCLUDED.source_id,
                 crawl_run_id = EXCLUDED.crawl_run_id, fetched_at = EXCLUDED.fetched_at, status = EXCLUDED.status,
                 etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, content_type = EXCLUDED.content_type,
                 content_hash = EXCLUDED.content_hash, size = EXCLUDED.size, body_zlib = EXCLUDED.body_zlib""",
            [list(col) for col in zip(*rows)])

    def copy(self, table: str, columns: tuple[str, ...], rows: list) -> None:
        if not rows:
            return
        with self.timed(f"copy {table}"), self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def server_cpu(conn: psycopg.Connection) -> float:
    """CPU seconds used so far by the server process behind `conn` (0 when it cannot be read)."""
    try:
        with open(f"/proc/{conn.info.backend_pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def array(values: list[str]) -> str:
    """A text[] literal for COPY (psycopg's list dumper is per element in Python; this is one join)."""
    if not values:
        return "{}"
    return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def urls_of(a: Article) -> list[str]:
    """The URLs `store.add_urls` files the article under (each short enough to index)."""
    return [u for u in dict.fromkeys((a.canonical_url, a.url, *a.redirected_from))
            if len(u.encode("utf-8")) <= INDEX_BYTES]
