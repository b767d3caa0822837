"""Reference data kept in the database: codes, places, comments.

After every migration run, `sync` loads what the extractor's data files say
into the code tables (organisations, wings, levels, kinds, modes, posts,
roles) and the LGD places tables, and applies `schemas/README.md` as
`COMMENT ON` every table, column and view. Each part is reloaded only when
its input files changed (a digest in `catalog_state`), so a crawl start costs
one SELECT. Codes are never deleted: a code dropped from the data files but
still used by stored facts stays, marked `listed = false`.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

import psycopg
from psycopg import sql

from pipelines.extract import data as extract_data

ROOT = Path(__file__).resolve().parents[1]
DATA = extract_data.DATA
SCHEMAS = ROOT / "schemas"
CODE_TABLES = ("organisations", "wings", "levels", "kinds", "modes", "posts", "roles")
PLACE_KINDS = ("state", "district", "subdistrict", "block", "town")


_toml = extract_data.toml


def _digest(paths: Iterable[Path], extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


# --- codes ----------------------------------------------------------------

CODE_FILES = ("codes.toml", "organisations.toml", "units.toml", "events.toml", "posts.toml", "roles.toml")


def _english(code: str) -> str:
    return code if code.isupper() or "(" in code else code.replace("_", " ").capitalize()


def code_rows() -> dict[str, list[tuple]]:
    """table → [(code, label_hi, label_en, description, rank)], from the extractor's data files."""
    codes, units, events = _toml("codes.toml"), _toml("units.toml"), _toml("events.toml")
    posts, roles, orgs = _toml("posts.toml"), _toml("roles.toml"), _toml("organisations.toml")
    labels = tomllib.loads((SCHEMAS / "labels.toml").read_text(encoding="utf-8"))
    forms: dict[str, dict[str, list[str]]] = {t: {} for t in CODE_TABLES}
    order: dict[str, list[str]] = {t: list(codes.get(t, [])) for t in CODE_TABLES}
    for body in orgs.get("body", []):
        key = "wings" if body.get("wing") else "organisations"
        if key == "organisations":
            forms[key].setdefault(body["code"], []).extend(body.get("forms", []))
        order["organisations"].append(body["code"])
        if body.get("wing"):
            order["wings"].append(body["wing"])
    for code, fs in units.get("levels", {}).items():
        forms["levels"].setdefault(code, []).extend(fs)
        order["levels"].append(code)
    for code, fs in units.get("wings", {}).items():
        forms["wings"].setdefault(code, []).extend(fs)
        order["wings"].append(code)
    for code, fs in events.get("kinds", {}).items():
        forms["kinds"].setdefault(code, []).extend(fs)
        order["kinds"].append(code)
    for post in sorted(posts.get("post", []), key=lambda p: "level" in p):
        forms["posts"].setdefault(post["code"], []).extend(post.get("forms", []))
        order["posts"].append(post["code"])
        if post.get("level"):
            order["levels"].append(post["level"])
    for code, cues in roles.items():
        if isinstance(cues, dict):
            forms["roles"].setdefault(code, []).extend(
                [c for part in ("before", "after", "predicate", "tail") for c in cues.get(part, [])])
            order["roles"].append(code)
    rows: dict[str, list[tuple]] = {}
    for table in CODE_TABLES:
        seen: dict[str, None] = dict.fromkeys(order[table])
        out = []
        for rank, code in enumerate(seen):
            fs = list(dict.fromkeys(forms[table].get(code, [])))
            label_en = labels.get(table, {}).get(code) or _english(code)
            desc = f"{label_en}" + (f"; printed as {', '.join(fs[:6])}" if fs else "")
            out.append((code, fs[0] if fs else None, label_en, desc, rank))
        rows[table] = out
    return rows


def sync_codes(conn: psycopg.Connection) -> None:
    for table, rows in code_rows().items():
        ident = sql.Identifier(table)
        conn.execute(sql.SQL("UPDATE {} SET listed = false").format(ident))
        with conn.cursor() as cur:
            cur.executemany(
                sql.SQL("""INSERT INTO {} (code, label_hi, label_en, description, listed) VALUES (%s, %s, %s, %s, true)
                           ON CONFLICT (code) DO UPDATE SET label_hi = EXCLUDED.label_hi, label_en = EXCLUDED.label_en,
                           description = EXCLUDED.description, listed = true""").format(ident),
                [r[:4] for r in rows])
        if table == "levels":
            with conn.cursor() as cur:
                cur.executemany("UPDATE levels SET rank = %s WHERE code = %s", [(r[4], r[0]) for r in rows])


# --- places ---------------------------------------------------------------

_tsv = extract_data.tsv


def place_rows() -> tuple[list[tuple], list[tuple]]:
    """(places, place_names) rows from gazetteer.tsv (Devanagari) and places_latin.tsv."""
    places: dict[tuple[str, int], list] = {}
    names: dict[tuple[str, int, str], None] = {}

    def add(row: dict[str, str], name_hi: str | None) -> None:
        kind, code = row["kind"], int(row["code"])
        state = int(row["state_code"])
        district = int(row["district_code"]) if row.get("district_code") else None
        if kind == "state":
            parent = (None, None)
        elif kind == "district":
            parent = ("state", state)
            district = code
        else:
            parent = ("district", district) if district else ("state", state)
        if (kind, code) not in places:
            places[(kind, code)] = [kind, code, name_hi, row["name_en"], state, district, *parent,
                                    row.get("state_or_ut") or None]
        elif places[(kind, code)][2] is None and name_hi:
            places[(kind, code)][2] = name_hi
        if name_hi:
            names[(kind, code, name_hi)] = None

    for row in _tsv("gazetteer.tsv"):
        add(row, row["name_hi"])
    for row in _tsv("places_latin.tsv"):
        add(row, None)
    return [tuple(p) for p in places.values()], list(names)


def sync_places(conn: psycopg.Connection) -> None:
    places, names = place_rows()
    conn.execute("DELETE FROM place_names")
    conn.execute("DELETE FROM places")
    with conn.cursor() as cur:
        with cur.copy("""COPY places (kind, code, name_hi, name_en, state_code, district_code, parent_kind,
                                      parent_code, state_or_ut) FROM STDIN""") as copy:
            for row in places:
                copy.write_row(row)
        with cur.copy("COPY place_names (kind, code, name_hi) FROM STDIN") as copy:
            for row in names:
                copy.write_row(row)
    fill_districts(conn)


def fill_districts(conn: psycopg.Connection, meeting_ids: list[int] | None = None) -> None:
    """A meeting whose town, sub-district or block is known gets that place's district."""
    conn.execute("""UPDATE meetings m SET district_code = p.district_code
                      FROM places p
                     WHERE m.district_code IS NULL AND p.kind = m.place_kind AND p.code = m.place_code
                       AND p.district_code IS NOT NULL AND (%(ids)s::bigint[] IS NULL OR m.id = ANY(%(ids)s))""",
                 {"ids": meeting_ids})


# --- comments -------------------------------------------------------------

HEADING = re.compile(r"^## `?(\w+)`?\s+[—-]\s+(.+)$")
ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*(.+?)\s*\|\s*$")


def readme_comments(text: str | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    """relation → (its description, column → description), from schemas/README.md.

    A relation is a level-2 heading `## name — description`; its columns are the rows of the
    `| column | meaning |` table under it (a row may name several columns, comma-separated).
    """
    text = text if text is not None else (SCHEMAS / "README.md").read_text(encoding="utf-8")
    out: dict[str, tuple[str, dict[str, str]]] = {}
    current: str | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            m = HEADING.match(line)
            current = m.group(1) if m else None
            if current:
                out[current] = (m.group(2).strip(), {})
            continue
        if current and (m := ROW.match(line)):
            first, meaning = m.group(1), m.group(2)
            if first in ("column", "---") or set(first) <= set("-: "):
                continue
            for col in first.split(","):
                out[current][1][col.strip().strip("`")] = meaning
    return out


def sync_comments(conn: psycopg.Connection) -> None:
    kinds = dict(conn.execute("""SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm')"""))
    columns = {(r, c) for r, c in conn.execute(
        """SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped""")}
    word = {"r": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW"}
    for rel, (desc, cols) in readme_comments().items():
        if rel not in kinds:
            continue
        conn.execute(sql.SQL("COMMENT ON {} {} IS {}").format(sql.SQL(word[kinds[rel]]), sql.Identifier(rel),
                                                            sql.Literal(desc)))
        for col, text in cols.items():
            if (rel, col) in columns:
                conn.execute(sql.SQL("COMMENT ON COLUMN {}.{} IS {}").format(
                    sql.Identifier(rel), sql.Identifier(col), sql.Literal(text)))


# --- all ------------------------------------------------------------------

def sync(conn: psycopg.Connection, force: bool = False) -> list[str]:
    """Reload the parts whose inputs changed; return their names. Runs in the caller's transaction."""
    if not conn.execute("SELECT to_regclass('catalog_state')").fetchone()[0]:
        return []
    versions = ",".join(r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version"))
    parts = {
        "codes": (_digest([DATA / f for f in CODE_FILES] + [SCHEMAS / "labels.toml"]), sync_codes),
        "places": (_digest([DATA / "gazetteer.tsv", DATA / "places_latin.tsv"]), sync_places),
        "comments": (_digest([SCHEMAS / "README.md"], versions), sync_comments),
    }
    done = dict(conn.execute("SELECT part, digest FROM catalog_state"))
    loaded = []
    for part, (digest, load) in parts.items():
        if force or done.get(part) != digest:
            load(conn)
            conn.execute("""INSERT INTO catalog_state (part, digest) VALUES (%s, %s)
                            ON CONFLICT (part) DO UPDATE SET digest = EXCLUDED.digest, loaded_at = now()""",
                         (part, digest))
            loaded.append(part)
    return loaded


# --- summary tables -------------------------------------------------------

# Tables that summarise participations (schemas/0050_incremental_summaries.sql); analysts' views
# co_attendance, source_health and person_posts read them.
SUMMARIES = ("co_attendance_counts", "person_activity", "person_post_spans", "source_counts")
FULL_ABOVE = 0.2  # more changed meetings than this share of all: rebuild everything in one pass


def refresh_summaries(conn: psycopg.Connection, full_above: float = FULL_ABOVE) -> str:
    """Bring the summary tables up to date with the meetings changed since the last refresh.

    Returns what was done ('updated N meetings' or 'rebuilt'). Concurrent refreshes wait for each
    other; writers never wait for a refresh (they only append to `summary_changes`).
    """
    with conn.transaction():
        conn.execute("SET LOCAL statement_timeout = 0")  # a rebuild at 100,000 articles takes minutes
        return conn.execute("SELECT summaries_update(%s)", (full_above,)).fetchone()[0]
