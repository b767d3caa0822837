"""A readable summary of what the database holds (used by `scrapy summary` and `make demo`)."""
from __future__ import annotations

import psycopg
from rich.console import Console
from rich.table import Table

MEETINGS = """
SELECT m.meeting_date, m.place, m.state, m.organisation, array_to_string(m.wings, ','), m.level, m.kind,
       (SELECT string_agg(p.name, ', ') FROM participations p
         WHERE p.meeting_id = m.id AND p.roles && ARRAY['chair', 'leader']),
       (SELECT string_agg(p.name, ', ') FROM participations p
         WHERE p.meeting_id = m.id AND 'chief_guest' = ANY(p.roles)),
       (SELECT count(DISTINCT p.person_id) FROM participations p WHERE p.meeting_id = m.id)
  FROM meetings m JOIN articles a ON a.id = m.article_id
 ORDER BY m.meeting_date NULLS LAST, a.published NULLS LAST, m.place, m.id
 LIMIT %(limit)s
"""
LIMIT = 100  # meetings listed: a large database has tens of thousands (their count is in the totals)
TOTALS = """
SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM meetings), (SELECT count(*) FROM people),
       (SELECT count(*) FROM participations), (SELECT count(*) FROM skipped_pages)
"""


def meetings_table(conn: psycopg.Connection, limit: int | None = LIMIT) -> Table:
    """The meetings stored, earliest first; the first `limit` (None: all) and a line saying how many more."""
    total = conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
    shown = total if limit is None else min(limit, total)
    title = "Meetings stored" if shown == total else f"Meetings stored (the first {shown:,} of {total:,})"
    table = Table("date", "place", "state", "organisation / wings / level", "kind", "chair or leader",
                  "chief guest", "people", title=title)
    for date, place, state, org, wings, level, kind, chair, guest, people in conn.execute(MEETINGS, {"limit": limit}):
        unit = " / ".join(x for x in (org or "?", wings, level) if x)
        table.add_row(str(date or "—"), place or "—", state or "—", unit, kind or "—", chair or "—",
                      guest or "—", str(people))
    return table


def totals_table(conn: psycopg.Connection) -> Table:
    articles, meetings, people, participations, skipped = conn.execute(TOTALS).fetchone()
    run = conn.execute("SELECT stats, finish_reason FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    stats, reason = run if run else ({}, None)
    table = Table("", "count", title="Totals", show_header=False)
    table.add_row("pages fetched (last crawl, discovery pages included)", str(stats.get("downloader/response_count", 0)))
    table.add_row("articles stored (last crawl)", str(stats.get("baithak/articles_stored", 0)))
    for key in sorted(k for k in stats if k.startswith("baithak/skipped/")):
        table.add_row(f"  skipped: {key.rsplit('/', 1)[1]}", str(stats[key]))
    if stats.get("baithak/not_modified"):
        table.add_row("  not modified (HTTP 304)", str(stats["baithak/not_modified"]))
    if stats.get("baithak/unchanged_skipped"):
        table.add_row("  stored URLs not fetched again (unchanged)", str(stats["baithak/unchanged_skipped"]))
    table.add_row("last crawl finished", str(reason))
    table.add_row("articles in database", str(articles))
    table.add_row("skipped pages in database", str(skipped))
    table.add_row("meetings", str(meetings))
    table.add_row("people", str(people))
    table.add_row("participations", str(participations))
    return table


def print_summary(conn: psycopg.Connection, console: Console | None = None, limit: int | None = LIMIT) -> None:
    console = console or Console(width=160)
    console.print(meetings_table(conn, limit))
    console.print(totals_table(conn))
