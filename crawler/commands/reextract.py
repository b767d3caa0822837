"""scrapy reextract: run the extractor (and with --clean, the cleaner) again over stored articles.

No page is fetched again. By default the stored cleaned text is the input, and
articles whose facts came from an older extractor version are rewritten (--all:
every article). With --clean the stored raw pages (`raw_pages`) are cleaned,
language-checked and extracted again, so a better cleaner applies without the
network. --since DATE and --source NAME narrow the articles (by fetch date and
source). Each article is replaced in one transaction; a progress bar shows the way.
"""
from __future__ import annotations

from datetime import date

from pipelines.progress import progress
from scrapy.exceptions import UsageError

from crawler.dbcommand import DatabaseCommand
from pipelines.extract import EXTRACTOR_VERSION, extract
from pipelines.extract.model import Context
from pipelines.store import Article, store

SELECT = """SELECT a.id, a.url, a.canonical_url, a.text, a.language, a.language_probability, a.fetched_at,
                   s.name, a.title, a.author, a.published, r.body_zlib
              FROM articles a LEFT JOIN sources s ON s.id = a.source_id
              LEFT JOIN LATERAL (SELECT body_zlib FROM raw_pages rp WHERE rp.article_id = a.id
                                  ORDER BY rp.fetched_at DESC LIMIT 1) r ON %(clean)s
             WHERE (%(all)s OR a.extractor_version <> %(version)s)
               AND (%(since)s::date IS NULL OR a.fetched_at >= %(since)s::date)
               AND (%(source)s::text IS NULL OR s.name = %(source)s)
             ORDER BY a.id"""


class Command(DatabaseCommand):
    def syntax(self) -> str:
        return "[--all] [--clean] [--since YYYY-MM-DD] [--source NAME]"

    def short_desc(self) -> str:
        return "Re-run the extractor (--clean: cleaner and extractor) over stored articles (no fetching)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--all", action="store_true", help="also articles already at this extractor version")
        parser.add_argument("--clean", action="store_true",
                            help="clean the stored raw pages again too (implies --all)")
        parser.add_argument("--since", help="only articles fetched on or after this date")
        parser.add_argument("--source", help="only this source's articles")

    def run_on(self, conn, applied, args, opts) -> None:
        from pipelines import catalog, raw
        from pipelines.clean import clean
        from pipelines.skip import Skip
        from pipelines.language import detect_language

        try:
            since = date.fromisoformat(opts.since) if opts.since else None
        except ValueError as exc:
            raise UsageError(f"--since: {exc}") from exc
        rows = conn.execute(SELECT, {"clean": opts.clean, "all": opts.all or opts.clean, "version": EXTRACTOR_VERSION,
                                     "since": since, "source": opts.source}).fetchall()
        meetings = recleaned = kept = 0
        with progress("re-extracting", total=len(rows)) as advance:
            for (aid, url, canonical, text, language, probability, fetched, source, title, author, published,
                 body) in rows:
                article = Article(url=url, canonical_url=canonical, text=text, language=language,
                                  language_probability=probability, fetched_at=fetched, source=source,
                                  title=title, author=author, published=published)
                if opts.clean and body is not None:
                    try:
                        c = clean(raw.body(body), url)
                    except Skip:
                        kept += 1  # the new cleaner finds nothing: the stored text stays
                    else:
                        lang = detect_language(c.text)
                        article.text, article.title = c.text, c.title or title
                        article.author, article.published = c.author or author, c.published or published
                        article.language, article.language_probability = lang.code, lang.probability
                        recleaned += 1
                extraction = extract(article.text, Context(article.canonical_url, article.published, article.title))
                if opts.all or opts.clean:  # force a rewrite even at the same version
                    conn.execute("UPDATE articles SET extractor_version = '' WHERE id = %s", (aid,))
                store(conn, article, extraction)
                meetings += len(extraction.meetings)
                advance()
        catalog.refresh_summaries(conn)
        cleaned = f", {recleaned} cleaned again from stored pages" if opts.clean else ""
        print(f"re-extracted {len(rows)} article(s) with extractor {EXTRACTOR_VERSION}: {meetings} meeting(s){cleaned}")
