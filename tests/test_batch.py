"""The batch path (pipelines/batch.py) stores what the per-article path (store.store) stores.

Real records: the dev texts through the real extractor, stored under several outlets (the same
text under two URLs, reprints of a report under another outlet: one meeting, the same people),
then re-crawled (unchanged pages, a new extractor version with people dropped, changed texts,
an article met twice in one batch). After each crawl the tables' contents — compared without
their ids — are the same whichever path wrote them.
"""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from pathlib import Path

import psycopg
import pytest

from pipelines.batch import store_batch
from pipelines.extract import extract
from pipelines.extract.model import Context, Extraction
from pipelines.raw import RawPage
from pipelines.store import Article, record_skip, store
from pipelines import raw
from pipelines.writer import ArticleWrite as Write

DEV = Path(__file__).resolve().parents[1] / "crawler" / "fixture" / "reports" / "texts"  # the dev set's texts
NOW = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def dev() -> list[tuple[str, str, Extraction]]:
    """(name, text, extraction) of each dev text, by the real extractor."""
    out = []
    for path in sorted(DEV.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append((path.stem, text, extract(text, Context(url=f"http://dev.test/{path.stem}"))))
    assert sum(len(e.meetings) for _, _, e in out) > 20
    return out


def write(name: str, text: str, ex: Extraction, outlet: int = 0, url: str | None = None, **kw) -> Write:
    url = url or f"http://outlet{outlet}.test/{name}"
    article = Article(url=url, canonical_url=url, text=text, language="hi", fetched_at=NOW, source=f"outlet{outlet}",
                      title=f"{name} शीर्षक", published=date(2024, 3, 1), language_probability=0.99, **kw)
    page = RawPage(url=url, body=f"<html>{name}</html>".encode(), fetched_at=NOW, source=f"outlet{outlet}", status=200)
    return Write(article, ex, page)


def reprint(w: Write, outlet: int) -> Write:
    """The same report under another outlet: a text of its own, the same meetings and people."""
    return write(w.article.url.rsplit("/", 1)[1] + "-r", w.article.text + "\n(साभार)", w.extraction, outlet)


def fewer_people(ex: Extraction, version: str) -> Extraction:
    meetings = [dataclasses.replace(m, participants=m.participants[:-1]) for m in ex.meetings]
    return Extraction(meetings=meetings, extractor_version=version)


def first_crawl(dev) -> list[list[Write]]:
    writes = [write(name, text, ex, outlet=i % 3) for i, (name, text, ex) in enumerate(dev)]
    writes[5].article.redirected_from = ["http://outlet2.test/old-5", "http://outlet2.test/amp/5"]
    reprints = [reprint(w, 4) for w in writes[:12]] + [reprint(w, 6) for w in writes[10:12]]
    same_text = [write(f"copy-{i}", w.article.text, w.extraction, outlet=5) for i, w in enumerate(writes[20:24])]
    everything = writes[:30] + reprints[:6] + writes[30:] + same_text + reprints[6:]
    return [everything[i:i + 25] for i in range(0, len(everything), 25)]


def second_crawl(dev) -> list[list[Write]]:
    writes = [write(name, text, ex, outlet=i % 3) for i, (name, text, ex) in enumerate(dev)]
    again = writes[:10]                                                        # unchanged: only fetched_at moves
    v2 = [dataclasses.replace(w, extraction=fewer_people(w.extraction, "v2")) for w in writes[12:30]]
    changed = [write(f"d{i}", w.article.text + "\nअपडेट।", w.extraction, url=w.article.url)
               for i, w in enumerate(writes[30:36])]                            # new text under a known URL
    gone = [dataclasses.replace(w, extraction=Extraction([], "v2"))  # no meeting now: reprints report them first
            for w in writes[10:12] + writes[36:40]]
    twice = [v2[0], dataclasses.replace(v2[0], extraction=fewer_people(v2[0].extraction, "v3"))]
    reprints = [dataclasses.replace(reprint(w, 4), extraction=fewer_people(w.extraction, "v2")) for w in writes[:6]]
    everything = again + v2[:8] + twice + changed + gone + reprints + v2[8:]
    return [everything[i:i + 20] for i in range(0, len(everything), 20)]


def per_article(conn, writes: list[Write]) -> None:
    for w in writes:
        article_id = store(conn, w.article, w.extraction)
        if w.page is not None:
            raw.keep(conn, w.page, article_id, w.article.crawl_run_id)


def contents(conn) -> dict[str, list]:
    """The rows that matter, each id replaced by what it denotes (so two databases compare)."""
    q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
    article = dict(q("SELECT id, canonical_url FROM articles"))
    reports: dict[int, list] = {}
    for meeting, a, ordinal in q("SELECT meeting_id, article_id, ordinal FROM meeting_reports"):
        reports.setdefault(meeting, []).append((article[a], ordinal))
    meeting = {i: tuple(sorted(r)) for i, r in reports.items()}
    sentence = {i: (article[a], s, e) for i, a, s, e in q("SELECT id, article_id, start_offset, end_offset FROM sentences")}
    cited: dict[int, list] = {}
    for person, m, a, name in q("SELECT person_id, meeting_id, article_id, name FROM participations"):
        cited.setdefault(person, []).append((meeting[m], article[a], name))
    person = {i: (key, name, tuple(sorted(cited.get(i, [])))) for i, key, name in q("SELECT id, name_key, name FROM people")}
    participation = {i: (meeting[m], person[p], article[a])
                     for i, m, p, a in q("SELECT id, meeting_id, person_id, article_id FROM participations")}
    return {
        "articles": sorted((c, u, t, au, pub, lang, h, v, s, run) for c, u, t, au, pub, lang, h, v, s, run in q(
            """SELECT canonical_url, url, title, author, published, language, content_hash, extractor_version,
                      (SELECT name FROM sources s WHERE s.id = a.source_id), crawl_run_id FROM articles a""")),
        "article_urls": sorted((u, article[a]) for u, a in q("SELECT url, article_id FROM article_urls")),
        "sentences": sorted((sentence[i], t) for i, t in q("SELECT id, text FROM sentences")),
        "meetings": sorted([(meeting.get(i), article.get(a), o, *rest) for i, a, o, *rest in q(
            """SELECT id, article_id, ordinal, organisation, wings, level, kind, mode, place, state, venue,
                      meeting_date, duration_days, state_code, district_code, place_code, place_kind, extractor_version
                 FROM meetings""")], key=repr),
        "meeting_reports": sorted([(meeting[m], article[a], o, sentence.get(s), v) for m, a, o, s, v in q(
            "SELECT meeting_id, article_id, ordinal, sentence_id, extractor_version FROM meeting_reports")], key=repr),
        "people": sorted([(person[i], *rest) for i, *rest in q(
            """SELECT id, romanised, romanised_key, state, district_code, organisation, external_id FROM people""")],
            key=repr),
        "person_aliases": sorted((person[p], k, n) for p, k, n in q("SELECT person_id, name_key, name FROM person_aliases")),
        "participations": sorted([(participation[i], *rest, sentence.get(s)) for i, *rest, s in q(
            """SELECT id, name, aliases, roles, designation, post, level, jurisdiction, wing, extractor_version,
                      sentence_id FROM participations""")], key=repr),
        "statements": sorted([(participation[p], t, s, e) for p, t, s, e in q(
            "SELECT participation_id, text, start_offset, end_offset FROM statements")], key=repr),
        "evidence": sorted([(meeting[m], participation.get(p), f, sentence[s]) for m, p, f, s in q(
            "SELECT meeting_id, participation_id, fact, sentence_id FROM evidence")], key=repr),
        "organisations": sorted(q("SELECT code, label_en FROM organisations")),
        "skipped_pages": sorted(q("SELECT url FROM skipped_pages")),
        "raw_pages": sorted((u, article.get(a), h) for u, a, h in q("SELECT url, article_id, content_hash FROM raw_pages")),
    }


def reset(conn) -> None:
    conn.execute("TRUNCATE sources, articles, people, skipped_pages, crawl_runs, raw_pages RESTART IDENTITY CASCADE")


def both_ways(conn, crawls: list[list[list[Write]]], before=lambda conn: None) -> list[tuple[dict, dict]]:
    """Each crawl's contents stored article by article, then the same crawls stored in batches."""
    results = {}
    for how in ("per_article", "batch"):
        reset(conn)
        before(conn)
        results[how] = []
        for crawl in crawls:
            for writes in crawl:
                if how == "batch":
                    ids = store_batch(conn, writes)
                    assert len(ids) == len(writes)
                else:
                    per_article(conn, writes)
            results[how].append(contents(conn))
    return list(zip(results["per_article"], results["batch"]))


def assert_same(expected: dict, got: dict) -> None:
    for table in expected:
        assert got[table] == expected[table], f"{table} differ"


def test_a_first_crawl_and_a_recrawl_give_the_same_tables_both_ways(conn, dev):
    stages = both_ways(conn, [first_crawl(dev), second_crawl(dev)], before=lambda c: record_skip(
        c, "http://outlet0.test/d001", "http_503", "earlier failure", "outlet0"))
    for expected, got in stages:
        assert_same(expected, got)
    first, second = stages[0][0], stages[1][0]
    # The cases the comparison covers are really there.
    assert len(first["meetings"]) < sum(1 for r in first["meeting_reports"]), "meetings reported by several outlets"
    assert any(len(p[0][2]) > 1 and len({c[1] for c in p[0][2]}) > 1 for p in first["people"]), \
        "a person cited by several articles"
    assert len(first["articles"]) < len(first["article_urls"]), "an article under several URLs"
    assert first["skipped_pages"] == [] and len(second["people"]) < len(first["people"])
    assert {a[7] for a in second["articles"]} >= {"v2", "v3"}


def test_people_merge_across_articles_of_one_batch_as_across_batches(conn, dev):
    """A reprint resolved against people created earlier in the same batch, as when stored apart."""
    writes = [write(name, text, ex) for name, text, ex in dev[:15]]
    batch = writes + [reprint(w, 1) for w in writes]
    (expected, got), = both_ways(conn, [[batch]])
    assert_same(expected, got)
    reset(conn)
    store_batch(conn, writes)
    store_batch(conn, [reprint(w, 1) for w in writes])
    assert_same(expected, contents(conn))


def test_context_decides_people_the_same_way_in_a_batch(conn, dev):
    """One printed name in two states is two people; with the state unknown on one side, one."""
    name, text, ex = next(d for d in dev if any(m.participants and m.state for m in d[2].meetings))
    meeting = next(m for m in ex.meetings if m.participants and m.state)
    elsewhere = dataclasses.replace(meeting, state="Kerala", state_code=32, district_code=None, place="कोच्चि",
                                    place_code=None)
    unknown = dataclasses.replace(meeting, state=None, state_code=None, district_code=None, organisation=None)
    writes = [write(name, text, Extraction([meeting], "t")),
              write("other", text + " ।", Extraction([elsewhere], "t"), 1),
              write("third", text + " ।।", Extraction([unknown], "t"), 2)]
    (expected, got), = both_ways(conn, [[writes]])
    assert_same(expected, got)


def test_a_batch_the_database_refuses_is_rolled_back_whole(conn, dev):
    name, text, ex = next(d for d in dev if any(m.participants for m in d[2].meetings))
    bad = [dataclasses.replace(m, participants=[dataclasses.replace(p, roles=["no_such_role"])
                                                for p in m.participants]) for m in ex.meetings]
    writes = [write(n, t, e) for n, t, e in dev[:5]] + [write(name + "-bad", text + ".", Extraction(bad, "t"))]
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        store_batch(conn, writes)
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (0,), "no half-written batch"
    assert conn.execute("SELECT count(*) FROM people").fetchone() == (0,)


def test_an_article_met_twice_in_a_batch_ends_up_as_when_stored_twice(conn, dev):
    name, text, ex = dev[3]
    first_ = write(name, text, ex)
    later = dataclasses.replace(first_, extraction=fewer_people(ex, "v2"))
    moved = write(name, text + "\nनया", Extraction([], "v2"), url=first_.article.url)
    (expected, got), = both_ways(conn, [[[first_, later, first_, moved, later]]])
    assert_same(expected, got)
    assert len(got["articles"]) == 1


def test_participants_with_names_only_their_aliases_tell_apart(conn):
    """Aliases and romanised spellings join people inside a batch as they do one by one."""
    from tests.test_identity import meeting, person
    text = "सीकर। भाजपा की जिला बैठक हुई। बैठक की अध्यक्षता जिलाध्यक्ष ने की और कार्यकर्ता उपस्थित रहे। "
    records = [
        Extraction([meeting(person("रमेश यादव", "Ramesh Yadav", post="president"))], "t"),
        Extraction([meeting(person("रमेश जी", aliases=("रमेश यादव",)), person("सुनील शर्मा", "Sunil Sharma"))], "t"),
        Extraction([meeting(person("रमेश यादव", "Ramesh Yaadav"), person("सुनिल शर्मा", "Sunil Sharma"),
                            person("रमेश यादव"))], "t"),
        Extraction([meeting(person("रमेश यादव"), state="Bihar", place="पटना")], "t"),
        Extraction([meeting(person("रमेश यादव", post="president"), org=None, state=None, district=84)], "t"),
    ]
    writes = [write(f"a{i}", f"{text}खबर {i}।", ex, i) for i, ex in enumerate(records)]
    (expected, got), = both_ways(conn, [[writes]])
    assert_same(expected, got)
    assert len(got["people"]) < sum(len(m.participants) for ex in records for m in ex.meetings), "some joined"


def test_names_and_meetings_inside_one_article_and_people_of_replaced_articles(conn):
    """The same name twice in one article without a state (one person: same article); two meetings
    of one article alike in every identifying field (two meetings); a person cited by two articles
    re-extracted in one batch keeps the aliases the second still needs."""
    from tests.test_identity import meeting, person
    text = "सीकर। भाजपा की जिला बैठक हुई। बैठक की अध्यक्षता जिलाध्यक्ष ने की और कार्यकर्ता उपस्थित रहे। "
    stateless = [meeting(person("महेश गुप्ता"), state=None, day=f"2024-03-1{d}") for d in (1, 2)]
    alike = [meeting(person("दिनेश वर्मा")), meeting(person("दिनेश वर्मा"))]
    cited = person("सुरेश मीणा", "Suresh Meena", aliases=("सुरेश जी",))
    first_ = [write("s", text + "1", Extraction(stateless, "t")), write("m", text + "2", Extraction(alike, "t")),
              write("b", text + "3", Extraction([meeting(cited, person("अजय सिंह"))], "t"), 1),
              write("c", text + "4", Extraction([meeting(cited)], "t"), 2)]
    plain = person("सुरेश मीणा")
    second = [dataclasses.replace(first_[2], extraction=Extraction([meeting(person("अजय सिंह"))], "t2")),
              dataclasses.replace(first_[3], extraction=Extraction([meeting(plain)], "t2"))]
    stages = both_ways(conn, [[first_], [second]])
    for expected, got in stages:
        assert_same(expected, got)
    first_people = stages[0][1]["people"]
    assert sum(1 for p in first_people if p[0][0] == "महेश गुप्ता") == 1
    assert sum(1 for m in stages[0][1]["meetings"] if m[0][0][0].endswith("/m")) == 2
    assert ("सुरेश जी" in {a[1] for a in stages[1][1]["person_aliases"]})


def test_two_writers_storing_overlapping_batches_at_once_both_succeed(conn, database_url, dev):
    """Two processes' writers (two connections) storing reports of the same meetings and people at the
    same time: both batches commit (a deadlock is tried again), and nothing is left half-linked."""
    import threading

    writes = [write(name, text, ex) for name, text, ex in dev[:30]]
    mine = [[reprint(w, 1) for w in writes[i:i + 10]] for i in range(0, 30, 10)]
    theirs = [[write(w.article.url.rsplit("/", 1)[1] + "-t", w.article.text + "\n(स्रोत)", w.extraction, 2)
               for w in reversed(writes[i:i + 10])] for i in range(0, 30, 10)]
    errors: list[BaseException] = []

    def run(batches):
        try:
            with psycopg.connect(database_url, autocommit=True) as own:
                for _ in range(2):  # the second round replaces nothing: same texts, same version
                    for b in batches:
                        store_batch(own, b)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(b,)) for b in (mine, theirs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert errors == []
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (60,)
    assert conn.execute("""SELECT count(*) FROM people pe WHERE NOT EXISTS
                             (SELECT 1 FROM participations p WHERE p.person_id = pe.id)""").fetchone() == (0,)
    assert conn.execute("""SELECT count(*) FROM meetings m WHERE NOT EXISTS
                             (SELECT 1 FROM meeting_reports r WHERE r.meeting_id = m.id)""").fetchone() == (0,)
