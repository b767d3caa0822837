"""Analyst queries on a large database: time, index or summary table in use, growth with size.

    .venv/bin/python benchmarks/queries.py                      # 10,000 articles (a few minutes)
    .venv/bin/python benchmarks/queries.py --articles 100000    # the size of issue 8

Prints figures; asserts nothing. It creates a fresh database on the configured server
(DATABASE_URL, else the embedded one), migrates it, and fills it with synthetic articles made
from the fixture site's and the dev set's texts: each article is a template text with other
people's names (given names and surnames recombined from the templates' own names, drawn
from a per-state roster with a skew, so some people recur in many meetings), another district
of the same state in place of the meeting's place, the years (and publication date) shifted,
and other numbers changed. Every article goes through the real extractor and the real
`pipelines.store.store()` (one transaction per article, as a crawl writes it), in worker
processes that own disjoint sources and states (people and meetings are only resolved within
a state, so the rows are those one crawl would write); some pages are recorded as skips with
`record_skip`. The database is built to N/10 articles, measured, grown to N, measured again:
the ratio of the two times is measured in one run. After each build the summary tables are
refreshed (as a crawl does at its end) and the tables analysed; after the queries, the cost of the
summaries is timed: rebuilt from scratch, and brought up to date incrementally after a typical crawl
(--crawl new articles, stored as above) and after re-extracting as many stored articles.

Building is slow (the real extractor and store(): tens of articles per second), so a database can
be built once and measured after each schema change:

    .venv/bin/python benchmarks/queries.py --articles 100000 --build-only --name q8   # q8_at_10000, q8
    .venv/bin/python benchmarks/queries.py --articles 100000 --existing q8           # migrate, measure

Each query runs once to warm the cache, then --runs times (fewer when slow); the figure is the
median. "plan" lists what EXPLAIN shows: summary tables and indexes used, and sequential scans
of large tables. `--baseline` skips the index migrations 0009–0019 (to see what they fix).
The database is dropped at the end (`--keep` keeps it and prints its URL).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import multiprocessing
import os
import random
import re
import statistics
import sys
import time
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from pipelines import catalog, db  # noqa: E402
from pipelines.extract import extract  # noqa: E402
from pipelines.extract.model import Context  # noqa: E402
from pipelines.language import detect_language  # noqa: E402
from pipelines.store import Article, content_hash, record_skip, store  # noqa: E402
from pipelines.summary import print_summary  # noqa: E402

SUMMARY_TABLES = set(catalog.SUMMARIES)
BIG_TABLES = {"articles", "meetings", "participations", "people", "person_aliases", "sentences", "evidence",
              "meeting_reports", "article_urls", "statements", "skipped_pages"}
SKIP_REASONS = ["http_404", "too_short", "language_en", "binary", "http_503", "timeout", "language_mr"]


# --- templates ------------------------------------------------------------

@dataclass
class Template:
    text: str
    title: str
    published: date
    state: str | None
    names: list[str]          # printed names of the participants, longest first
    places: list[str]         # printed places of the meetings (of known state)


def load_templates() -> list[Template]:
    raw: list[tuple[str, str, date, str | None]] = []
    reports = ROOT / "crawler" / "fixture" / "reports"  # the dev set
    for gold_file in sorted((reports / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        raw.append(((reports / gold["text_file"]).read_text(encoding="utf-8"), gold.get("title") or "",
                    date.fromisoformat(gold["published"] or "2024-01-01"), None))
    pages = ROOT / "crawler" / "fixture" / "pages"
    for text_file in sorted((pages / "texts").glob("*.txt")):
        meta = tomllib.loads((pages / f"{text_file.stem}.toml").read_text(encoding="utf-8"))
        published = meta.get("published")
        published = published.date() if isinstance(published, datetime) else published or date(2024, 1, 1)
        raw.append((text_file.read_text(encoding="utf-8"), meta.get("title", ""), published, meta.get("state")))
    state_of = {}  # a district name → its state, for names only one state has
    for st, names in district_names().items():
        for n in names:
            state_of[n] = st if state_of.get(n, st) == st else None
    out = []
    for text, title, published, state in raw:
        if len(text) < 150 or detect_language(text).code != "hi":
            continue  # the crawl keeps only Hindi texts of 150 characters or more
        ex = extract(text, Context(published=published))
        names = {n for m in ex.meetings for p in m.participants for n in [p.name, *p.aliases] if n in text}
        places = {m.place for m in ex.meetings if m.place and m.state and m.place in text}
        state = next((m.state for m in ex.meetings if m.state), state)
        words = set(re.findall(r"[\u0900-\u097f]+(?: [\u0900-\u097f]+)?", text)) | set(re.findall(r"[\u0900-\u097f]+", text))
        found = {w for w in words if state_of.get(w) and (state is None or state_of[w] == state)}
        if found and state is None:
            state = state_of[sorted(found)[0]]
        places |= {w for w in found if state_of[w] == state}
        dateline = re.match(r"([\u0900-\u097f]+(?: [\u0900-\u097f]+)?)[।,]", text)
        if dateline and not places:  # 'ओरछा। …': the town the report comes from
            places.add(dateline.group(1))
        if names or places:  # else too few copies differ: the same text twice is one article
            out.append(Template(text, title, published, state, sorted(names, key=len, reverse=True),
                                sorted(places)))
    return out


def district_names() -> dict[str, list[str]]:
    """State (English) → Devanagari names of its districts, from the extractor's gazetteer."""
    out: dict[str, dict[str, str]] = {}
    with (ROOT / "pipelines" / "extract" / "data" / "gazetteer.tsv").open(encoding="utf-8") as f:
        rows = csv.reader((line for line in f if not line.startswith("#")), delimiter="\t")
        next(rows)
        for name_hi, kind, state_en, _sc, _dc, code, *_ in rows:
            if kind == "district":
                out.setdefault(state_en, {}).setdefault(code, name_hi)
    return {state: sorted(codes.values()) for state, codes in out.items()}


# --- synthetic articles ----------------------------------------------------

YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
NUMBER = re.compile(r"(?<!\d)\d{2,}(?!\d)")


class Generator:
    """Article number i → a synthetic article (deterministic: the same i gives the same article)."""

    def __init__(self, templates: list[Template], articles: int, seed: int = 8):
        self.templates, self.seed = templates, seed
        self.districts = district_names()
        given, surnames = set(), set()
        for t in templates:
            for name in t.names:
                words = name.split()
                if len(words) >= 2 and all(len(w) > 1 for w in words):
                    given.add(" ".join(words[:-1]))
                    surnames.add(words[-1])
        self.given, self.surnames = sorted(given), sorted(surnames)
        states = sorted({t.state for t in templates if t.state})
        self.roster_size = max(400, articles // 4)  # people per state; the same roster at every size
        self.source = {s: "portal-" + re.sub(r"[^a-z]+", "-", s.lower()).strip("-") for s in states}

    def person(self, rng: random.Random, state: str | None) -> str:
        k = int(self.roster_size * rng.random() ** 2)  # skewed: low numbers (active people) recur often
        r = random.Random(f"{state}/{k}")
        return f"{r.choice(self.given)} {r.choice(self.surnames)}"

    def template(self, i: int) -> Template:
        return self.templates[random.Random(self.seed * 1_000_003 + i).randrange(len(self.templates))]

    def article(self, i: int, variant: int = 0) -> tuple[Article, Context]:
        t = self.template(i)
        rng = random.Random(f"{self.seed}/{i}/{variant}")
        mapping: dict[str, str] = {}
        used = set(t.names)
        for name in t.names:
            new = self.person(rng, t.state)
            while new in used:
                new = self.person(rng, t.state)
            used.add(new)
            mapping[name] = new
        for place in t.places:
            choices = [d for d in self.districts.get(t.state or rng.choice(sorted(self.districts)), [])
                   if d not in t.text]
            if choices:
                mapping[place] = rng.choice(choices)
        shift = rng.randint(-9, 1)
        text, title = (self.substitute(s, mapping, shift, rng) for s in (t.text, t.title))
        published = shifted(t.published, shift)
        source = self.source.get(t.state or "", "portal-national")
        url = f"https://{source}.example/{published:%Y/%m/%d}/news-{i}{f'-{variant}' if variant else ''}/"
        fetched = datetime.combine(published, dtime(6), timezone.utc) + timedelta(hours=rng.randint(0, 72))
        return (Article(url=url, canonical_url=url, text=text, language="hi", language_probability=0.9999,
                        fetched_at=fetched, source=source, title=title or None, published=published),
                Context(url=url, published=published, title=title))

    @staticmethod
    def substitute(s: str, mapping: dict[str, str], shift: int, rng: random.Random) -> str:
        if mapping:
            pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
            s = pattern.sub(lambda m: mapping[m.group(0)], s)
        s = YEAR.sub(lambda m: str(int(m.group(1)) + shift), s)
        return NUMBER.sub(lambda m: m.group(0) if len(m.group(0)) == 4 and m.group(0)[:2] in ("19", "20")
                          or int(m.group(0)) <= 31 else str(rng.randint(10 ** (len(m.group(0)) - 1),
                                                                         10 ** len(m.group(0)) - 1)), s)

    def worker_of(self, i: int, workers: int) -> int:
        """Workers own disjoint sources, hence disjoint states: people and meetings never race."""
        load = [0] * workers
        if not hasattr(self, "owner"):
            per_source: dict[str, int] = {}
            for t in self.templates:
                key = self.source.get(t.state or "", "portal-national")
                per_source[key] = per_source.get(key, 0) + 1
            self.owner = {}
            for key, n in sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0])):
                w = load.index(min(load))
                self.owner[key], load[w] = w, load[w] + n
        return self.owner[self.source.get(self.template(i).state or "", "portal-national")]


def shifted(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# --- building ---------------------------------------------------------------

GEN: Generator | None = None


def build_part(url: str, ids: list[int], run_id: int, progress) -> None:
    """Store articles `ids` (one worker, one connection), reporting each 100 stored on `progress`."""
    stored = 0
    with psycopg.connect(url, autocommit=True) as conn:
        for n, i in enumerate(ids):
            article, context = GEN.article(i)
            for variant in range(1, 20):  # the same text twice would be one article: vary it again
                if not conn.execute("SELECT 1 FROM articles WHERE content_hash = %s",
                                    (content_hash(article.text),)).fetchone():
                    break
                article, context = GEN.article(i, variant)
            article.crawl_run_id = run_id
            extraction = extract(article.text, context)
            store(conn, article, extraction)
            stored += 1
            if i % 10 == 0:  # one page in ten was not kept
                record_skip(conn, article.url.replace("/news-", "/page-"), SKIP_REASONS[i % len(SKIP_REASONS)],
                            None, article.source)
            if stored % 100 == 0 or n == len(ids) - 1:
                progress.put(stored)
                stored = 0


def build(url: str, start: int, stop: int, workers: int) -> float:
    """Add articles start … stop-1 as one crawl run; return seconds."""
    t0 = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        run_id = conn.execute("INSERT INTO crawl_runs (spider, started_at) VALUES ('news', now()) RETURNING id"
                              ).fetchone()[0]
    parts: list[list[int]] = [[] for _ in range(workers)]
    for i in range(start, stop):
        parts[GEN.worker_of(i, workers)].append(i)
    ctx = multiprocessing.get_context("fork")
    progress = ctx.Queue()
    procs = [ctx.Process(target=build_part, args=(url, part, run_id, progress)) for part in parts if part]
    for p in procs:
        p.start()
    done = 0
    with psycopg.connect(url, autocommit=True) as conn:
        # Without autovacuum (some test servers) the tables would never be analysed while they grow,
        # and store()'s lookups would be planned as for empty tables (a scan of `people` per name).
        analyse_at = 1000 if conn.execute("SHOW autovacuum").fetchone()[0] == "off" else None
        if analyse_at and start == 0:
            print("  autovacuum is off on this server: the build analyses the tables as they grow")
        while done < stop - start and any(p.is_alive() for p in procs) or not progress.empty():
            try:
                done += progress.get(timeout=1)
            except Exception:  # noqa: BLE001 - queue.Empty: look at the workers again
                continue
            if analyse_at and start + done >= analyse_at:
                conn.execute("ANALYZE")
                analyse_at = int((start + done) * 1.5)
            print(f"\r  stored {done:,} of {stop - start:,} articles ({time.perf_counter() - t0:.0f} s)", end="",
                  flush=True)
    for p in procs:
        p.join()
    print()
    if any(p.exitcode for p in procs):
        raise SystemExit("a worker failed (see above)")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE crawl_runs SET finished_at = now(), finish_reason = 'finished' WHERE id = %s", (run_id,))
    return time.perf_counter() - t0


def migrate(conn: psycopg.Connection, baseline: bool) -> None:
    if not baseline:
        db.migrate(conn)
        return
    with conn.transaction():  # as db.migrate, without this index migrations 0009–0019
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, "
                     "applied_at timestamptz NOT NULL DEFAULT now())")
        for path in db.migrations():
            if not 9 <= int(path.stem[:4]) <= 19:
                conn.execute(path.read_text(encoding="utf-8"))
                conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (path.stem,))
        catalog.sync(conn)


# --- queries -----------------------------------------------------------------

QUERIES: list[tuple[str, str]] = [
    # The views.
    ("meeting_facts: the 50 latest meetings",
     "SELECT * FROM meeting_facts WHERE meeting_date IS NOT NULL ORDER BY meeting_date DESC LIMIT 50"),
    ("meeting_facts: one district's meetings",
     "SELECT meeting_date, organisation, level, kind, place, people FROM meeting_facts "
     "WHERE district_en = 'Korba' ORDER BY meeting_date"),
    ("meeting_facts: one state in one year",
     "SELECT meeting_date, organisation_en, place, district_en, people FROM meeting_facts "
     "WHERE state = 'Bihar' AND meeting_date BETWEEN '2022-01-01' AND '2022-12-31' ORDER BY meeting_date"),
    ("participation_facts: the most active person's meetings",
     "SELECT meeting_date, organisation, place, roles, designation, evidence_sentence FROM participation_facts "
     "WHERE person_id = %(top)s ORDER BY meeting_date"),
    ("person_posts: the most active person's posts",
     "SELECT * FROM person_posts WHERE person_id = %(top)s ORDER BY first_seen"),
    ("co_attendance: the most active person's partners",
     "SELECT * FROM co_attendance WHERE person_a = %(top)s OR person_b = %(top)s ORDER BY meetings DESC LIMIT 20"),
    ("co_attendance_counts: the same, precomputed",
     "SELECT pa.name, pb.name, c.meetings FROM co_attendance_counts c JOIN people pa ON pa.id = c.person_a "
     "JOIN people pb ON pb.id = c.person_b WHERE c.person_a = %(top)s OR c.person_b = %(top)s "
     "ORDER BY c.meetings DESC LIMIT 20"),
    ("person_activity: one person",
     "SELECT * FROM person_activity WHERE person_id = %(top)s"),
    ("source_health: every source", "SELECT * FROM source_health"),
    # The README's six questions (README.md, "For analysts").
    ("README 1: chairs of BJP district meetings",
     "SELECT meeting_date, place, district_en, person, designation FROM participation_facts "
     "WHERE organisation = 'BJP' AND meeting_level = 'district' AND 'chair' = ANY(roles) "
     "ORDER BY meeting_date LIMIT 5"),
    ("README 2: meetings per organisation and state",
     "SELECT organisation_en, state, count(*) AS meetings FROM meeting_facts GROUP BY 1, 2 ORDER BY 3 DESC, 1 "
     "LIMIT 5"),
    ("README 3: the most active people",
     "SELECT pe.name, pe.romanised, pe.organisation, pe.state, a.meetings FROM person_activity a "
     "JOIN people pe ON pe.id = a.person_id ORDER BY a.meetings DESC, pe.name LIMIT 5"),
    ("README 4: district presidents in Madhya Pradesh",
     "SELECT person, organisation, district_en, first_seen, last_seen, meetings FROM person_posts "
     "WHERE post = 'president' AND level = 'district' AND state = 'Madhya Pradesh' ORDER BY first_seen, person "
     "LIMIT 5"),
    ("README 5: who meets whom most often",
     "SELECT pa.name AS name_a, pb.name AS name_b, c.meetings, c.first_met, c.last_met FROM co_attendance_counts c "
     "JOIN people pa ON pa.id = c.person_a JOIN people pb ON pb.id = c.person_b "
     "ORDER BY c.meetings DESC, pa.name, pb.name LIMIT 5"),
    ("README 6: how each source is doing",
     "SELECT source, articles, meetings, skipped, skipped_by_reason FROM source_health"),
    # Typical analyst questions (issue 8).
    ("top 20 co-attendance pairs (co_attendance_counts)",
     "SELECT pa.name, pb.name, c.meetings, c.first_met, c.last_met FROM co_attendance_counts c "
     "JOIN people pa ON pa.id = c.person_a JOIN people pb ON pb.id = c.person_b ORDER BY c.meetings DESC LIMIT 20"),
    ("full-text search in article text",
     "SELECT id, title, published FROM articles "
     "WHERE text_search @@ websearch_to_tsquery('simple', 'किसान सम्मेलन') "
     "ORDER BY published DESC LIMIT 20"),
    ("name search: people.name ILIKE",
     "SELECT id, name, romanised, state, organisation FROM people WHERE name ILIKE '%%कुशवाहा%%' "
     "ORDER BY name LIMIT 50"),
    ("name search: people.romanised ILIKE",
     "SELECT id, name, romanised, state, organisation FROM people WHERE romanised ILIKE '%%kushwaha%%' "
     "ORDER BY romanised LIMIT 50"),
    ("name search: participation_facts.person ILIKE",
     "SELECT person, meeting_date, place, roles FROM participation_facts WHERE person ILIKE '%%कुशवाहा%%' "
     "ORDER BY meeting_date DESC LIMIT 50"),
    ("top 20 attendees (person_activity)",
     "SELECT pe.name, pe.organisation, pe.state, a.meetings, a.chaired FROM person_activity a "
     "JOIN people pe ON pe.id = a.person_id ORDER BY a.meetings DESC LIMIT 20"),
    ("pairs within a party and state",
     "SELECT pa.name, pb.name, c.meetings FROM co_attendance_counts c JOIN people pa ON pa.id = c.person_a "
     "JOIN people pb ON pb.id = c.person_b WHERE pa.organisation = 'BJP' AND pa.state = 'Uttar Pradesh' "
     "AND pb.organisation = 'BJP' AND pb.state = 'Uttar Pradesh' ORDER BY c.meetings DESC LIMIT 20"),
    ("who was district IT convener of Korba in 2021",
     "SELECT person, organisation, designations, first_seen, last_seen FROM person_posts "
     "WHERE post = 'convener' AND level = 'district' AND wing = 'it_cell' AND district_en = 'Korba' "
     "AND first_seen <= '2021-12-31' AND last_seen >= '2021-01-01'"),
    ("BJP meetings per month",
     "SELECT date_trunc('month', meeting_date) AS month, count(*) FROM meetings WHERE organisation = 'BJP' "
     "GROUP BY 1 ORDER BY 1"),
    # The same questions without the summary tables, for comparison (not analyst queries to copy).
    ("(no summary) README 5 computed live (co_attendance before 0050)",
     "WITH pm AS (SELECT DISTINCT p.meeting_id, p.person_id FROM participations p) "
     "SELECT pa.name, pb.name, count(*) AS meetings, min(m.meeting_date), max(m.meeting_date) "
     "FROM pm a JOIN pm b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id "
     "JOIN meetings m ON m.id = a.meeting_id JOIN people pa ON pa.id = a.person_id "
     "JOIN people pb ON pb.id = b.person_id GROUP BY a.person_id, pa.name, b.person_id, pb.name "
     "ORDER BY meetings DESC, pa.name LIMIT 5"),
    ("(no summary) top 20 attendees from participation_facts",
     "SELECT person_id, person, count(DISTINCT meeting_id) AS meetings FROM participation_facts "
     "GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20"),
]


def plan_summary(conn: psycopg.Connection, query: str, params: dict) -> str:
    plan = conn.execute("EXPLAIN (FORMAT JSON) " + query, params).fetchone()[0][0]["Plan"]
    indexes, summaries, seq = [], [], []

    def walk(node: dict) -> None:
        rel = node.get("Relation Name")
        if rel in SUMMARY_TABLES and rel not in summaries:
            summaries.append(rel)
        if "Index Name" in node and node["Index Name"] not in indexes:
            indexes.append(node["Index Name"])
        if node["Node Type"] == "Seq Scan" and rel in BIG_TABLES and rel not in seq:
            seq.append(rel)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    out = []
    if summaries:
        out.append("summary " + ",".join(summaries))
    if indexes:
        out.append("index " + ",".join(i for i in indexes if not i.endswith("_pkey"))
                   if any(not i.endswith("_pkey") for i in indexes) else "index pkey")
    if seq:
        out.append("SEQ " + ",".join(seq))
    return "; ".join(out) or "-"


def measure(url: str, runs: int) -> dict[str, tuple[float | None, str]]:
    out: dict[str, tuple[float | None, str]] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT person_id FROM person_activity ORDER BY meetings DESC, person_id LIMIT 1").fetchone()
        params = {"top": row[0] if row else 0}
        for label, query in QUERIES:
            try:
                t = time.perf_counter()
                conn.execute(query, params).fetchall()  # warm
                first = time.perf_counter() - t
                times = [first * 1000] if first >= 10 else []  # the slow live comparisons: once
                for _ in range(0 if times else runs if first < 1 else min(runs, 2)):
                    t = time.perf_counter()
                    conn.execute(query, params).fetchall()
                    times.append((time.perf_counter() - t) * 1000)
                out[label] = (statistics.median(times), plan_summary(conn, query, params))
            except psycopg.Error as exc:
                out[label] = (None, "error: " + db.first_line(exc))
    return out


def counts(url: str) -> str:
    with psycopg.connect(url) as conn:
        n = conn.execute("""SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM meetings),
                                   (SELECT count(*) FROM participations), (SELECT count(*) FROM people),
                                   (SELECT count(*) FROM co_attendance_counts), (SELECT count(*) FROM skipped_pages),
                                   pg_size_pretty(pg_database_size(current_database()))""").fetchone()
    return (f"{n[0]:,} articles, {n[1]:,} meetings, {n[2]:,} participations, {n[3]:,} people, "
            f"{n[4]:,} co-attendance pairs, {n[5]:,} skipped pages; database {n[6]}")


def refresh_and_analyse(url: str) -> tuple[float, str, float]:
    """What a crawl does at its end (bring the summaries up to date), then VACUUM ANALYZE."""
    with psycopg.connect(url, autocommit=True) as conn:
        t = time.perf_counter()
        done = catalog.refresh_summaries(conn)
        refresh = time.perf_counter() - t
        t = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        return refresh, done, time.perf_counter() - t


def rebuild(url: str) -> tuple[float, int]:
    """The summaries rebuilt from scratch (what a first crawl or a re-extraction of everything costs)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET statement_timeout = 0")
        t = time.perf_counter()
        pairs = conn.execute("SELECT summaries_rebuild()").fetchone()[0]
        return time.perf_counter() - t, pairs


def reextract_some(url: str, n: int) -> float:
    """Extract and store again `n` stored articles (as `scrapy reextract` does); return seconds."""
    t = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("""SELECT a.url, a.canonical_url, a.text, a.title, a.published, a.fetched_at, s.name
                                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                                ORDER BY md5(a.id::text) LIMIT %s""", (n,)).fetchall()
        for url_, canonical, text, title, published, fetched, source in rows:
            extraction = extract(text, Context(url=canonical, published=published, title=title))
            extraction.extractor_version += f"+again{int(time.time())}"  # a new version: the facts are replaced
            store(conn, Article(url=url_, canonical_url=canonical, text=text, language="hi", fetched_at=fetched,
                                source=source, title=title, published=published), extraction)
    return time.perf_counter() - t


def summary_seconds(url: str) -> float:
    """`scrapy summary`: the first meetings and the totals, printed to nowhere."""
    from rich.console import Console

    with psycopg.connect(url, autocommit=True) as conn:
        t = time.perf_counter()
        print_summary(conn, Console(file=io.StringIO(), width=160))
        return time.perf_counter() - t


def incremental(url: str, size: int, args) -> dict[str, tuple[float, float, str]]:
    """Refresh cost after a typical crawl (args.crawl new articles) and a partial re-extraction."""
    out = {}
    start = 10_000_000 + size  # article numbers of their own: new texts
    seconds = build(url, start, start + args.crawl, args.workers)
    refresh, done, _ = refresh_and_analyse(url)
    out[f"a crawl of {args.crawl} new articles"] = (seconds, refresh, done)
    seconds = reextract_some(url, args.crawl)
    refresh, done, _ = refresh_and_analyse(url)
    out[f"re-extraction of {args.crawl} stored articles"] = (seconds, refresh, done)
    for what, (seconds, refresh, done) in out.items():
        print(f"  {what}: stored in {seconds:.0f} s; summaries refreshed in {refresh:.2f} s ({done})")
    return out


def main() -> None:
    global GEN
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="size of the large database (10000)")
    parser.add_argument("--small", type=int, help="size of the small database (articles / 10)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (5; 2 when slower than 1 s)")
    parser.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    parser.add_argument("--crawl", type=int, default=200,
                        help="articles of the typical crawl and re-extraction whose summary refresh is timed (200)")
    parser.add_argument("--baseline", action="store_true", help="without the index migrations 0009–0019")
    parser.add_argument("--keep", action="store_true", help="keep the database and print its URL")
    parser.add_argument("--name", help="database name (baithak_bench_PID)")
    parser.add_argument("--build-only", action="store_true",
                        help="only build: NAME at N articles and a copy NAME_at_SMALL at N/10, kept, to be measured "
                             "later with --existing NAME (build once, measure each schema change)")
    parser.add_argument("--existing", metavar="NAME",
                        help="measure the databases NAME_at_SMALL and NAME made by --build-only: migrate them "
                             "(timed), rebuild the summaries, measure, time the incremental refresh; kept")
    parser.add_argument("--only", choices=("small", "large"), help="with --existing: measure one of the two")
    parser.add_argument("--results", help="with --existing: keep the figures in this JSON file (and read the "
                                          "other size's from it), to measure the two sizes in two runs")
    args = parser.parse_args()
    small = args.small or max(1, args.articles // 10)

    t = time.perf_counter()
    templates = load_templates()
    GEN = Generator(templates, args.articles)
    print(f"{len(templates)} templates (crawler/fixture/reports, crawler/fixture/pages), {len(GEN.given)} given names × "
          f"{len(GEN.surnames)} surnames, a roster of {GEN.roster_size:,} people per state; "
          f"{time.perf_counter() - t:.1f} s")
    name = args.name or f"baithak_bench_{os.getpid()}"
    if args.build_only:
        build_only(name, small, args)
        return
    if args.existing:
        measure_existing(args.existing, small, args)
        return
    url = db.create_database(name)
    try:
        with psycopg.connect(url) as conn:
            migrate(conn, args.baseline)
        describe(url, args)
        results, refreshes = {}, {}
        done = 0
        for size in (small, args.articles):
            print(f"Building {size:,} articles with {args.workers} workers (extract + store) …")
            previous = done
            seconds = build(url, done, size, args.workers)
            done = size
            refresh, how, analyse = refresh_and_analyse(url)
            print(f"  {size - previous:,} articles added in {seconds:.0f} s ({(size - previous) / seconds:.0f} articles/s); "
                  f"summary refresh {refresh:.1f} s ({how}); VACUUM ANALYZE {analyse:.1f} s")
            print(f"  {counts(url)}")
            results[size] = measure(url, args.runs)
            refreshes[size] = {"scrapy summary": summary_seconds(url), "summaries rebuilt": rebuild(url)[0],
                               **{k: v[1] for k, v in incremental(url, size, args).items()}}
        report(results, small, args.articles, refreshes)
        if args.keep:
            print(f"kept: {url}")
    finally:
        if not args.keep:
            db.drop_database(name)


def describe(url: str, args) -> None:
    with psycopg.connect(url) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
        trgm = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'").fetchone()
    print(f"database {db.redact(url)} (PostgreSQL {server}, pg_trgm {trgm[0] if trgm else 'not installed'}"
          f"{', baseline: migrations 0009–0019 not applied' if args.baseline else ''})")


def measure_existing(name: str, small: int, args) -> None:
    saved = json.loads(Path(args.results).read_text()) if args.results and Path(args.results).exists() else {}
    results = {int(k): {q: tuple(v) for q, v in r.items()} for k, r in saved.get("results", {}).items()}
    refreshes = {int(k): r for k, r in saved.get("refreshes", {}).items()}
    for size, database in ((small, f"{name}_at_{small}"), (args.articles, name)):
        if args.only and size != (small if args.only == "small" else args.articles):
            continue
        url = psycopg.conninfo.make_conninfo(db.admin_url(), dbname=database)
        print(f"{database}: built with --build-only to {size:,} articles")
        with psycopg.connect(url) as conn:
            t = time.perf_counter()
            applied = db.migrate(conn)
            migration = time.perf_counter() - t
        print(f"  migrations {', '.join(applied) or 'none'} applied in {migration:.1f} s"
              + (" (0050 builds the summary tables of the data already stored)" if applied else ""))
        describe(url, args)
        seconds, pairs = rebuild(url) if "0050_incremental_summaries" not in applied else (migration, None)
        refresh, how, analyse = refresh_and_analyse(url)
        print(f"  summaries rebuilt in {seconds:.1f} s{' (the migration)' if pairs is None else ''}; a refresh "
              f"with nothing changed {refresh:.2f} s; VACUUM ANALYZE {analyse:.1f} s")
        print(f"  {counts(url)}")
        results[size] = measure(url, args.runs)
        refreshes[size] = {"scrapy summary": summary_seconds(url), "summaries rebuilt": seconds,
                           **{k: v[1] for k, v in incremental(url, size, args).items()}}
        if args.results:
            Path(args.results).write_text(json.dumps({"results": results, "refreshes": refreshes}))
    if small in results and args.articles in results:
        report(results, small, args.articles, refreshes)


def build_only(name: str, small: int, args) -> None:
    url = db.create_database(name)
    with psycopg.connect(url) as conn:
        migrate(conn, args.baseline)
    done = 0
    for size in (small, args.articles):
        print(f"Building {size:,} articles with {args.workers} workers (extract + store) …")
        seconds = build(url, done, size, args.workers)
        print(f"  {size - done:,} articles added in {seconds:.0f} s ({(size - done) / seconds:.0f} articles/s)")
        done = size
        if size == small:
            copy = f"{name}_at_{small}"
            db.drop_database(copy)
            with psycopg.connect(db.admin_url(), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
            print(f"  copied to {copy}")
    print(f"kept: {db.redact(url)} (and {name}_at_{small})")


def report(results: dict, small: int, large: int, refreshes: dict | None = None) -> None:
    width = max(len(label) for label, _ in QUERIES)
    print(f"\n{'query':<{width}}  {small:>9,}  {large:>9,}  ratio  plan at {large:,}")
    print(f"{'':<{width}}  {'ms':>9}  {'ms':>9}")
    slow = 0
    for label, _ in QUERIES:
        a, _plan = results[small][label]
        b, plan = results[large][label]
        fmt = (lambda v: f"{v:9.1f}" if v is not None else f"{'—':>9}")
        ratio = f"{b / a:5.1f}" if a and b else "    —"
        slow += b is not None and b >= 100 and not label.startswith("(")
        print(f"{label:<{width}}  {fmt(a)}  {fmt(b)}  {ratio}  {plan}")
    analyst = sum(1 for label, _ in QUERIES if not label.startswith("("))
    print(f"\n{analyst - slow} of {analyst} analyst queries under 100 ms at {large:,} articles.")
    if refreshes:
        print(f"\n{'summaries (scrapy summary; refresh)':<{width}}  {small:>9,}  {large:>9,}  ratio")
        print(f"{'':<{width}}  {'s':>9}  {'s':>9}")
        for what in refreshes[small]:
            a, b = refreshes[small][what], refreshes[large][what]
            print(f"{what:<{width}}  {a:9.2f}  {b:9.2f}  {b / a if a else 0:5.1f}")


if __name__ == "__main__":
    main()
