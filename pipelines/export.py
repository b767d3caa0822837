"""Exports of the analyst views: CSV, JSON Lines, Parquet, and the co-attendance network as GraphML.

`export(conn, fmt, out, since=, organisation=, state=)` writes one file per view
(meeting_facts, participation_facts, person_posts, co_attendance, source_health;
GraphML: co_attendance.graphml) for the meetings that pass the filters. Lists are
JSON arrays in CSV; dates are ISO.
"""
from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import psycopg

FORMATS = ("csv", "jsonl", "parquet", "graphml")

SELECTED = """(SELECT id FROM meetings
           WHERE (%(since)s::date IS NULL OR meeting_date >= %(since)s::date)
             AND (%(org)s::text IS NULL OR organisation = %(org)s)
             AND (%(state)s::text IS NULL OR state = %(state)s))"""

QUERIES = {  # {SELECTED}: the ids of the meetings that pass the filters
    "meeting_facts": "SELECT * FROM meeting_facts WHERE meeting_id IN {SELECTED} ORDER BY meeting_id",
    "participation_facts": """SELECT * FROM participation_facts WHERE meeting_id IN {SELECTED}
                               ORDER BY participation_id""",
    "person_posts": """SELECT * FROM person_posts pp
                        WHERE pp.person_id IN (SELECT person_id FROM participations
                                                WHERE meeting_id IN {SELECTED})
                          AND (%(org)s::text IS NULL OR pp.organisation = %(org)s)
                          AND (%(state)s::text IS NULL OR pp.state = %(state)s)
                          AND (%(since)s::date IS NULL OR pp.last_seen >= %(since)s::date)
                        ORDER BY pp.person_id, pp.first_seen""",
    "co_attendance": """WITH pm AS (SELECT DISTINCT meeting_id, person_id FROM participations
                                     WHERE meeting_id IN {SELECTED})
                        SELECT a.person_id AS person_a, pa.name AS name_a, b.person_id AS person_b, pb.name AS name_b,
                               count(*) AS meetings, min(m.meeting_date) AS first_met, max(m.meeting_date) AS last_met
                          FROM pm a JOIN pm b ON b.meeting_id = a.meeting_id AND b.person_id > a.person_id
                          JOIN meetings m ON m.id = a.meeting_id
                          JOIN people pa ON pa.id = a.person_id JOIN people pb ON pb.id = b.person_id
                         GROUP BY 1, 2, 3, 4 ORDER BY meetings DESC, person_a, person_b""",
    "source_health": "SELECT * FROM source_health ORDER BY source",
}

NODES = """SELECT pe.id, pe.name, pe.romanised, pe.organisation, pe.state, pe.district_code, d.name_en,
                  count(DISTINCT p.meeting_id)
             FROM people pe JOIN participations p ON p.person_id = pe.id
             LEFT JOIN places d ON d.kind = 'district' AND d.code = pe.district_code
            WHERE p.meeting_id IN {SELECTED}
            GROUP BY pe.id, d.name_en ORDER BY pe.id"""


def plain(value):
    """A value fit for JSON (dates as ISO strings)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def export(conn: psycopg.Connection, fmt: str, out: Path, since: date | None = None,
           organisation: str | None = None, state: str | None = None) -> dict[str, int]:
    """Write the views for the selected meetings into `out`; return file name → rows."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    params = {"since": since, "org": organisation, "state": state}
    written: dict[str, int] = {}
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")  # one consistent snapshot
        if fmt == "graphml":
            path = out / "co_attendance.graphml"
            written[path.name] = write_graphml(conn, path, params)
            return written
        from pipelines.progress import progress

        with progress(f"exporting {fmt}", total=len(QUERIES)) as advance:
            for name in QUERIES:
                cur = conn.execute(query(name), params)
                columns = [c.name for c in cur.description]
                rows = cur.fetchall()
                path = out / f"{name}.{fmt}"
                {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}[fmt](path, columns, rows)
                written[path.name] = len(rows)
                advance()
    return written


def query(name: str) -> str:
    return QUERIES[name].replace("{SELECTED}", SELECTED)


def write_csv(path: Path, columns: list[str], rows: list[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for row in rows:
            w.writerow([json.dumps(plain(v), ensure_ascii=False) if isinstance(v, (list, dict)) else plain(v)
                        for v in row])


def write_jsonl(path: Path, columns: list[str], rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps({c: plain(v) for c, v in zip(columns, row)}, ensure_ascii=False) + "\n")


def write_parquet(path: Path, columns: list[str], rows: list[tuple]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = {c: [json.dumps(r[i], ensure_ascii=False) if isinstance(r[i], dict) else r[i] for r in rows]
            for i, c in enumerate(columns)}
    table = pa.table({c: pa.array(v) if any(x is not None for x in v) else pa.array(v, type=pa.string())
                      for c, v in data.items()})
    pq.write_table(table, path)


def write_graphml(conn: psycopg.Connection, path: Path, params: dict) -> int:
    """The co-attendance network: people as nodes (name, romanised, party, state, district), shared meetings as edge weights."""
    node_keys = [("name", "string"), ("romanised", "string"), ("party", "string"), ("state", "string"),
                 ("district_code", "int"), ("district", "string"), ("meetings", "int")]
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for key, kind in node_keys:
            f.write(f'  <key id="{key}" for="node" attr.name="{key}" attr.type="{kind}"/>\n')
        f.write('  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>\n'
                '  <key id="first_met" for="edge" attr.name="first_met" attr.type="string"/>\n'
                '  <key id="last_met" for="edge" attr.name="last_met" attr.type="string"/>\n'
                '  <graph id="co_attendance" edgedefault="undirected">\n')
        for pid, name, romanised, party, state, district_code, district, meetings in conn.execute(NODES.replace("{SELECTED}", SELECTED), params):
            values = dict(zip([k for k, _ in node_keys], (name, romanised, party, state, district_code, district,
                                                           meetings)))
            f.write(f'    <node id="p{pid}">')
            f.write("".join(f'<data key="{k}">{escape(str(v))}</data>' for k, v in values.items() if v is not None))
            f.write("</node>\n")
        edges = 0
        for a, _, b, _, meetings, first_met, last_met in conn.execute(query("co_attendance"), params):
            f.write(f'    <edge source="p{a}" target="p{b}"><data key="weight">{meetings}</data>'
                    + (f'<data key="first_met">{first_met}</data>' if first_met else "")
                    + (f'<data key="last_met">{last_met}</data>' if last_met else "") + "</edge>\n")
            edges += 1
        f.write("  </graph>\n</graphml>\n")
    return edges



