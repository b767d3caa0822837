"""scrapy reextract: run the current extractor again over every stored article.

The stored cleaned text is the input, so no page is fetched again; articles
whose facts came from an older extractor version are rewritten, the rest
are left alone (pass --all to rewrite every article).
"""
from __future__ import annotations

from crawler.dbcommand import DatabaseCommand
from pipelines.extract import EXTRACTOR_VERSION, extract
from pipelines.extract.model import Context
from pipelines.store import Article, store

SELECT = """SELECT a.url, a.canonical_url, a.text, a.language, a.language_probability, a.fetched_at,
                   s.name, a.title, a.author, a.published
              FROM articles a LEFT JOIN sources s ON s.id = a.source_id
             WHERE %s OR a.extractor_version <> %s ORDER BY a.id"""


class Command(DatabaseCommand):
    def short_desc(self) -> str:
        return "Re-run the extractor over stored articles (no fetching)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--all", action="store_true", help="also articles already at this extractor version")

    def run_on(self, conn, applied, args, opts) -> None:
        rows = conn.execute(SELECT, (opts.all, EXTRACTOR_VERSION)).fetchall()
        meetings = 0
        for row in rows:
            url, canonical, text, language, probability, fetched, source, title, author, published = row
            article = Article(url=url, canonical_url=canonical, text=text, language=language,
                              language_probability=probability, fetched_at=fetched, source=source,
                              title=title, author=author, published=published)
            extraction = extract(article.text, Context(article.canonical_url, article.published, article.title))
            if opts.all:  # force a rewrite even at the same version
                conn.execute("UPDATE articles SET extractor_version = '' WHERE canonical_url = %s",
                             (article.canonical_url,))
            store(conn, article, extraction)
            meetings += len(extraction.meetings)
        print(f"re-extracted {len(rows)} article(s) with extractor {EXTRACTOR_VERSION}: {meetings} meeting(s)")
