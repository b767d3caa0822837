"""Exports open in pyarrow and networkx; Scrapy's feed export writes items without raw bytes; db commands."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date

import networkx
import psycopg
import pyarrow.parquet as pq

from pipelines.export import export
from tests.test_identity import meeting, person, save
from tests.conftest import ROOT


def sample(conn) -> None:
    save(conn, 1, meeting(person("महेश शर्मा", "Mahesh Sharma", roles=["chair"]), person("सुनील जाट"),
                          district=1))
    save(conn, 2, meeting(person("महेश शर्मा", "Mahesh Sharma"), person("सुनील जाट"), day="2024-04-01"))
    save(conn, 3, meeting(person("रीना देवी"), person("अजय सिंह"), org="INC", state="Bihar", place="पटना"))


def test_every_format_writes_the_views_for_the_selected_meetings(conn, tmp_path):
    sample(conn)
    for fmt in ("csv", "jsonl", "parquet"):
        written = export(conn, fmt, tmp_path / fmt, organisation="BJP")
        assert written[f"meeting_facts.{fmt}"] == 2
        assert written[f"co_attendance.{fmt}"] == 1
    table = pq.read_table(tmp_path / "parquet" / "participation_facts.parquet")
    assert table.num_rows == 4 and set(table.column("organisation").to_pylist()) == {"BJP"}
    pair = json.loads((tmp_path / "jsonl" / "co_attendance.jsonl").read_text(encoding="utf-8"))
    assert (pair["name_a"], pair["name_b"], pair["meetings"]) == ("महेश शर्मा", "सुनील जाट", 2)
    with (tmp_path / "csv" / "meeting_facts.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert json.loads(rows[0]["wings"]) == [] and rows[0]["meeting_date"] == "2024-03-10"
    since = export(conn, "jsonl", tmp_path / "since", since=date(2024, 3, 15), state="Rajasthan")
    assert since["meeting_facts.jsonl"] == 1


def test_graphml_is_the_co_attendance_network_that_networkx_reads(conn, tmp_path):
    sample(conn)
    export(conn, "graphml", tmp_path)
    graph = networkx.read_graphml(tmp_path / "co_attendance.graphml")
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 2
    names = {data["name"]: data for _, data in graph.nodes(data=True)}
    assert names["महेश शर्मा"]["party"] == "BJP" and names["रीना देवी"]["state"] == "Bihar"
    assert names["महेश शर्मा"]["romanised"] == "Mahesh Sharma" and names["महेश शर्मा"]["meetings"] == 2
    weights = sorted(d["weight"] for _, _, d in graph.edges(data=True))
    assert weights == [1, 2]


def test_export_command_writes_files(database_url, conn, tmp_path):
    sample(conn)
    env = {**os.environ, "DATABASE_URL": database_url}
    out = subprocess.run([sys.executable, "-m", "scrapy", "export", "--format", "parquet", "--output", str(tmp_path)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "meeting_facts.parquet: 3 rows" in out.stdout
    assert pq.read_table(tmp_path / "meeting_facts.parquet").num_rows == 3


def test_dbshell_runs_psql_as_the_reader(database_url, conn):
    sample(conn)
    env = {**os.environ, "DATABASE_URL": database_url}
    ok = subprocess.run([sys.executable, "-m", "scrapy", "dbshell", "--reader", "--", "-At", "-c",
                         "SELECT current_user, count(*) FROM meeting_facts"],
                        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "baithak_reader|3"
    url = subprocess.run([sys.executable, "-m", "scrapy", "db", "url", "--reader"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    with psycopg.connect(url.stdout.strip()) as reader:
        assert reader.execute("SELECT current_user").fetchone() == ("baithak_reader",)
