"""Migrations from an empty database and from version 1 with data; codes, places, comments; the reader role."""
from __future__ import annotations

import os
from datetime import date, datetime, timezone

import psycopg
import pytest

from pipelines import access, catalog, db
from tests.conftest import ROOT

V1 = ROOT / "schemas" / "0001_initial.sql"


@pytest.fixture
def scratch():
    """An empty database of its own, dropped afterwards."""
    name = f"baithak_scratch_{os.getpid()}"
    url = db.create_database(name)
    yield url
    db.drop_database(name)


def relations(conn) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for rel, col in conn.execute(
            """SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm')"""):
        out.setdefault(rel, set()).add(col)
    return out


def test_an_empty_database_migrates_to_the_latest_version_with_codes_places_and_comments(scratch):
    with psycopg.connect(scratch) as conn:
        applied = db.migrate(conn)
        assert applied == [p.stem for p in db.migrations()]
        assert conn.execute("SELECT label_en, listed FROM organisations WHERE code = 'BJP'").fetchone() == \
            ("Bharatiya Janata Party", True)
        assert conn.execute("SELECT count(*) FROM levels WHERE listed").fetchone()[0] >= 14
        assert conn.execute("SELECT rank FROM levels WHERE code = 'booth'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM roles").fetchone()[0] == 12
        # Every LGD code joins to names: Raigarh district (Chhattisgarh) and its state.
        row = conn.execute("""SELECT d.name_en, s.name_en FROM places d
                                JOIN places s ON s.kind = d.parent_kind AND s.code = d.parent_code
                               WHERE d.kind = 'district' AND d.code = 386""").fetchone()
        assert row == ("Raigarh", "Chhattisgarh")
        assert db.migrate(conn) == [] and catalog.sync(conn) == [], "a second run changes nothing"


def test_every_table_view_and_column_has_the_readme_text_as_its_comment(database_url):
    documented = catalog.readme_comments()
    with psycopg.connect(database_url) as conn:
        missing = []
        for rel, cols in relations(conn).items():
            if rel not in documented:
                missing.append(rel)
                continue
            assert conn.execute("SELECT obj_description(%s::regclass, 'pg_class')", (rel,)).fetchone()[0] == \
                documented[rel][0]
            for col in sorted(cols):
                comment = conn.execute(
                    """SELECT col_description(%s::regclass, attnum) FROM pg_attribute
                        WHERE attrelid = %s::regclass AND attname = %s""", (rel, rel, col)).fetchone()[0]
                if comment is None:
                    missing.append(f"{rel}.{col}")
                else:
                    assert comment == documented[rel][1][col]
        assert missing == [], "describe these in schemas/README.md"


def test_a_version_1_database_with_data_is_brought_up_without_losing_facts(scratch):
    with psycopg.connect(scratch, autocommit=True) as conn:
        conn.execute(V1.read_text(encoding="utf-8"))
        conn.execute("CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        conn.execute("INSERT INTO schema_migrations (version) VALUES ('0001_initial')")
        text = "पटना। राजद की जिला बैठक हुई। अध्यक्षता सुरेश यादव ने की।"
        aid = conn.execute(
            """INSERT INTO articles (canonical_url, url, language, text, content_hash, extractor_version, fetched_at)
               VALUES ('http://x.test/1', 'http://x.test/1?amp', 'hi', %s, 'h1', 'v1', %s) RETURNING id""",
            (text, datetime.now(timezone.utc))).fetchone()[0]
        mid = conn.execute(
            """INSERT INTO meetings (article_id, ordinal, organisation, wings, level, kind, place, state, meeting_date,
                                     state_code, evidence_sentence, evidence_start, evidence_end)
               VALUES (%s, 0, 'RJD', '{}', 'district', 'meeting', 'पटना', 'Bihar', '2024-01-05', 10, %s, 6, 28)
               RETURNING id""", (aid, text[6:28])).fetchone()[0]
        pid = conn.execute("INSERT INTO people (name_key, name, romanised) VALUES ('सुरेश यादव', 'सुरेश यादव', 'Suresh Yadav') "
                           "RETURNING id").fetchone()[0]
        part = conn.execute(
            """INSERT INTO participations (meeting_id, person_id, name, roles, post, evidence_sentence, evidence_start,
                                           evidence_end) VALUES (%s, %s, 'सुरेश यादव', '{chair}', 'president', %s, 29, 56)
               RETURNING id""", (mid, pid, text[29:56])).fetchone()[0]
        conn.execute("""INSERT INTO evidence (meeting_id, participation_id, fact, sentence, start_offset, end_offset)
                        VALUES (%s, NULL, 'meeting', %s, 6, 28), (%s, %s, 'role:chair', %s, 29, 56),
                               (%s, %s, 'name', %s, 29, 56)""",
                     (mid, text[6:28], mid, part, text[29:56], mid, part, text[29:56]))

        applied = db.migrate(conn)
        assert applied == [p.stem for p in db.migrations()][1:]
        assert conn.execute("SELECT count(*) FROM sentences").fetchone() == (2,), "each sentence once"
        assert conn.execute("SELECT count(*) FROM evidence").fetchone() == (3,)
        assert conn.execute("""SELECT organisation_en, evidence_sentence, reports, urls, state_hi FROM meeting_facts""").fetchone() \
            == ("Rashtriya Janata Dal", text[6:28], 1, ["http://x.test/1"], "बिहार")
        assert conn.execute("""SELECT person, roles, post_en, evidence_sentence, evidence_start_offset, article_id
                                 FROM participation_facts""").fetchone() == \
            ("सुरेश यादव", ["chair"], "President", text[29:56], 29, aid)
        assert conn.execute("SELECT state, organisation, romanised_key FROM people").fetchone() == \
            ("Bihar", "RJD", "sureshyadav")
        assert sorted(r[0] for r in conn.execute("SELECT url FROM article_urls")) == \
            ["http://x.test/1", "http://x.test/1?amp"]
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute("UPDATE meetings SET level = 'distrcit'")
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute("UPDATE participations SET roles = '{chiar}'")
        assert conn.execute("SELECT meeting_date FROM meeting_facts").fetchone() == (date(2024, 1, 5),)


def test_the_reader_role_reads_every_view_and_cannot_write(database_url):
    with psycopg.connect(database_url) as owner:
        reader = access.reader_url(owner, database_url)  # on the embedded server: with its password
    with psycopg.connect(reader, autocommit=True) as conn:
        for view in ("meeting_facts", "participation_facts", "person_posts", "co_attendance", "source_health",
                     "co_attendance_counts", "person_activity", "person_post_spans", "source_counts",
                     "articles", "places", "organisations"):
            conn.execute(f"SELECT * FROM {view} LIMIT 1").fetchall()
        for statement in ("INSERT INTO sources (name) VALUES ('x')", "DELETE FROM articles",
                          "SELECT summaries_update()", "DELETE FROM co_attendance_counts",
                          "UPDATE organisations SET label_en = 'x'", "CREATE TABLE mine (x int)",
                          "DROP VIEW meeting_facts"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
