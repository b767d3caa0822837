"""The big-daily-style site: district sections, inline related links, a Google News sitemap."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from tests.site.common import (Reply, Route, Theme, break_markup, charset_meta, chunks, esc, excerpt,
                               fill, hindi_date, html_reply, redirect, slugify, text_reply, words, xml_reply)
from tests.site.content import Post, stable_hash

PREFIX = "/daily/"
HOME_ITEMS, MORE, POPULAR, INLINE_RELATED = 10, 6, 5, 2
MODIFIED_AFTER = timedelta(minutes=40)


def number(post: Post) -> int:
    return 130_000_000 + stable_hash(post.id) % 9_000_000


def section(post: Post) -> str:
    """`local/<state>/<district>` for a story with a place, else the national section."""
    if post.state and post.place:
        return f"local/{slugify(post.state)}/{slugify(post.place)}"
    return words()["daily"]["national_section"]


def assign_paths(posts: Sequence[Post]) -> None:
    for post in posts:
        preview = "preview/" if post.kind == "disallowed" else ""
        post.path = f"{PREFIX}{preview}{section(post)}/news/{slugify(post.title)}-{number(post)}.html"


def ancestors(sect: str) -> list[str]:
    """Every listing a story appears in: `local/`, `local/<state>/`, `local/<state>/<district>/`."""
    parts = sect.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


class Daily(Theme):
    def __init__(self, root: str, posts: Sequence[Post], per_page: int):
        self.root = root
        self.home = root + PREFIX
        self.words = words()["daily"]
        self.posts = list(posts)  # newest first
        self.listed = [p for p in posts if p.listed]
        self.indexed = [p for p in self.listed if p.kind not in {"missing", "disallowed"}]
        self.readable = [p for p in self.listed if p.kind == "article"]
        self.by_id = {p.id: p for p in posts}
        self.per_page = per_page

    # Routing -----------------------------------------------------------------

    def routes(self) -> dict[str, Route]:
        routes: dict[str, Route] = {
            "/": lambda: redirect(self.home, 301),
            "/robots.txt": lambda: text_reply(fill("daily/robots.txt", prefix=PREFIX, home=self.home)),
            PREFIX: self.front,
            f"{PREFIX}sitemaps/news.xml": self.news_sitemap,
            f"{PREFIX}search": lambda: html_reply(self.layout(fill("daily/search.html"), "खोज", "search")),
        }
        for sect in sorted({a for p in self.listed for a in ancestors(section(p))}):
            members = [p for p in self.listed if sect in ancestors(section(p))]
            routes.update(self.listing_routes(sect, members))
        routes.update(self.post_routes())
        return routes

    def listing_routes(self, sect: str, members: Sequence[Post]) -> dict[str, Route]:
        pages = chunks(members, self.per_page)
        path = f"{PREFIX}{sect}/"
        return {self.page_path(path, n): (lambda n=n: self.listing(sect, pages, n))
                for n in range(1, len(pages) + 1)}

    @staticmethod
    def page_path(path: str, n: int) -> str:
        return path if n == 1 else f"{path}?page={n}"

    # Pages -------------------------------------------------------------------

    def label(self, sect: str) -> str:
        """The Hindi name of a section: लोकल, a state, a district, or the national section."""
        parts = sect.split("/")
        if parts[0] != "local":
            return self.words["national_label"]
        if len(parts) == 1:
            return self.words["local_label"]
        for post in self.posts:
            if section(post).split("/")[:len(parts)] == parts:
                return post.place if len(parts) == 3 else self.words["states"].get(post.state, post.state)
        return parts[-1]

    def layout(self, main: str, page_title: str, page_type: str, head: str = "",
               charset: str | None = "UTF-8") -> str:
        return fill("daily/layout.html", charset_meta=charset_meta(charset), page_title=esc(page_title),
                    head=head, home=self.home, site_name=self.words["site_name"],
                    site_name_en=self.words["site_name_en"], page_type=page_type,
                    local_label=self.words["local_label"], national_label=self.words["national_label"],
                    national_section=self.words["national_section"], nav=self.nav(), main=main,
                    popular=self.popular(), year=self.newest().year)

    def newest(self) -> datetime:
        return self.posts[0].published if self.posts else datetime.now()

    def nav(self) -> str:
        states = sorted({"/".join(section(p).split("/")[:2]) for p in self.listed} - {self.words["national_section"]})
        return "\n".join(f'      <li><a href="{self.home}{s}/">{esc(self.label(s))}</a></li>' for s in states)

    def popular(self) -> str:
        ranked = sorted(self.readable, key=lambda p: stable_hash(p.id + "views"))[:POPULAR]
        return "\n".join(f'      <li><a href="{self.url(p)}">{esc(p.title)}</a></li>' for p in ranked)

    def breadcrumb(self, sect: str) -> str:
        crumbs = [("होम", self.home)] + [(self.label(a), f"{self.home}{a}/") for a in ancestors(sect)]
        return "\n".join(f'    <li><a href="{url}">{esc(name)}</a></li>' for name, url in crumbs)

    def date_label(self, post: Post) -> str:
        return f"{hindi_date(post.published)}, {post.published:%I:%M} {post.published:%p}"

    def article(self, post: Post) -> Reply:
        sect = section(post)
        url, iso, modified = self.url(post), post.published.isoformat(), (post.published + MODIFIED_AFTER).isoformat()
        keywords = ", ".join(self.label(a) for a in ancestors(sect)) + ", " + self.words["site_name"]
        head = fill("daily/head.html", home=self.home, url=url, title=esc(post.title), number=number(post),
                    description=esc(excerpt(post.paragraphs, 25)), keywords=esc(keywords),
                    site_name=self.words["site_name"], iso=iso, iso_modified=modified,
                    section_label=esc(self.label(sect)), jsonld=self.jsonld(post, keywords),
                    breadcrumb_jsonld=self.breadcrumb_jsonld(sect))
        tags = " ".join(f'<a href="{self.home}{a}/">#{esc(self.label(a))}</a>' for a in ancestors(sect))
        main = fill("daily/article.html", home=self.home, breadcrumb=self.breadcrumb(sect), number=number(post),
                    title=esc(post.title), byline=esc(self.words["byline"]), date_label=self.date_label(post),
                    content=self.content(post), tags=tags, site_name=self.words["site_name"],
                    more="\n".join(self.item(p) for p in self.others(post)[:MORE]))
        page = self.layout(main, f"{post.title} - {self.words['site_name']}", "article", head, post.charset)
        return html_reply(break_markup(page) if post.malformed else page, post.charset)

    def content(self, post: Post) -> str:
        """Paragraphs with a "ये भी पढ़ें" box after the second, as the big dailies place them."""
        paragraphs = [f"    <p>{esc(text)}</p>" for text in post.paragraphs]
        links = "\n".join(f'        <li><a href="{self.url(p)}">{esc(p.title)}</a></li>'
                          for p in self.others(post)[:INLINE_RELATED])
        if links:
            paragraphs.insert(min(2, len(paragraphs)), fill("daily/related.html", links=links, slot=number(post)))
        return "\n".join(paragraphs)

    def others(self, post: Post) -> list[Post]:
        """Other readable stories, those of the same section first."""
        others = [p for p in self.readable if p is not post]
        return sorted(others, key=lambda p: section(p) != section(post))

    def jsonld(self, post: Post, keywords: str) -> str:
        url = self.url(post)
        data = {"@context": "https://schema.org", "@type": "NewsArticle",
                "mainEntityOfPage": {"@type": "WebPage", "@id": url}, "url": url,
                "headline": post.title, "description": excerpt(post.paragraphs, 25), "keywords": keywords,
                "datePublished": post.published.isoformat(),
                "dateModified": (post.published + MODIFIED_AFTER).isoformat(),
                "inLanguage": "hi", "articleSection": self.label(section(post)),
                "image": {"@type": "ImageObject", "url": f"{self.home}static/img/story/{number(post)}.jpg",
                          "width": 700, "height": 394},
                "author": {"@type": "Person", "name": self.words["byline"], "url": self.home},
                "publisher": {"@type": "NewsMediaOrganization", "name": self.words["site_name"],
                              "logo": {"@type": "ImageObject", "url": f"{self.home}static/img/logo.png"}}}
        return json.dumps(data, ensure_ascii=False)

    def breadcrumb_jsonld(self, sect: str) -> str:
        crumbs = [("होम", self.home)] + [(self.label(a), f"{self.home}{a}/") for a in ancestors(sect)]
        items = [{"@type": "ListItem", "position": i, "name": name, "item": url}
                 for i, (name, url) in enumerate(crumbs, start=1)]
        return json.dumps({"@context": "https://schema.org", "@type": "BreadcrumbList",
                           "itemListElement": items}, ensure_ascii=False)

    def item(self, post: Post) -> str:
        return fill("daily/item.html", home=self.home, url=self.url(post), number=number(post),
                    title=esc(post.title), date_label=self.date_label(post))

    def front(self) -> Reply:
        items = "\n".join(self.item(p) for p in self.readable[:HOME_ITEMS])
        main = fill("daily/listing.html", breadcrumb=self.breadcrumb_home(), heading="ताजा खबरें",
                    items=items, pagination="")
        return html_reply(self.layout(main, f"{self.words['site_name']} - ताजा हिंदी समाचार", "home"))

    def breadcrumb_home(self) -> str:
        return f'    <li><a href="{self.home}">होम</a></li>'

    def listing(self, sect: str, pages: list[list[Post]], n: int) -> Reply:
        path = f"{PREFIX}{sect}/"
        items = "\n".join(self.item(p) for p in pages[n - 1])
        main = fill("daily/listing.html", breadcrumb=self.breadcrumb(sect), heading=f"{esc(self.label(sect))} समाचार",
                    items=items, pagination=self.pagination(path, n, len(pages)))
        head = f'<link rel="canonical" href="{self.root}{self.page_path(path, n)}">'
        return html_reply(self.layout(main, f"{self.label(sect)} समाचार - {self.words['site_name']}", "listing", head))

    def pagination(self, path: str, n: int, total: int) -> str:
        if total == 1:
            return ""
        link = lambda k: self.root + self.page_path(path, k)  # noqa: E731
        parts = [f'<a href="{link(k)}" class="{"active" if k == n else "pg"}">{k}</a>' for k in range(1, total + 1)]
        if n < total:
            parts.append(f'<a href="{link(n + 1)}" rel="next" class="next">अगला पेज</a>')
        return "\n".join(parts)

    def not_found(self) -> Reply:
        reply = html_reply(self.layout(fill("daily/notfound.html", home=self.home), "पेज नहीं मिला", "error"))
        reply.status = 404
        return reply

    # Google News sitemap -----------------------------------------------------

    def news_sitemap(self) -> Reply:
        entries = "\n".join(
            fill("xml/newsurl.xml", loc=self.url(p), lastmod=(p.published + MODIFIED_AFTER).isoformat(),
                 publication=esc(self.words["site_name_en"]), published=p.published.isoformat(),
                 title=esc(p.title), keywords=esc(self.label(section(p))),
                 image=f"{self.home}static/img/story/{number(p)}.jpg")
            for p in self.indexed)
        return xml_reply(fill("xml/newsset.xml", entries=entries))

