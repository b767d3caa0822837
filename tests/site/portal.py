"""The WordPress-style regional portal: permalinks, wp-sitemap, RSS feed, category archives."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from tests.site.common import (Reply, Route, Theme, break_markup, cdata, charset_meta, chunks, esc,
                               excerpt, fill, filler, hindi_date, html_reply, redirect, rfc822, slugify,
                               text_reply, words, xml_reply)
from tests.site.content import Post, stable_hash

PREFIX = "/portal/"
FEED_ITEMS = 10      # WordPress's default posts_per_rss
SITEMAP_CHUNK = 20   # WordPress splits at 2000; small here so that there are several
RELATED, MORE, LATEST, TICKER = 3, 4, 5, 5
MODIFIED_AFTER = timedelta(hours=2)


def number(post: Post) -> int:
    return 1000 + stable_hash(post.id) % 90000


def assign_paths(posts: Sequence[Post]) -> None:
    used: set[str] = set()
    for post in posts:
        slug, n = slugify(post.title), 2
        while slug in used:  # WordPress appends -2, -3 … to a taken slug
            slug, n = f"{slugify(post.title)}-{n}", n + 1
        used.add(slug)
        post.path = f"{PREFIX}{post.published:%Y/%m/%d}/{slug}/"


class Portal(Theme):
    def __init__(self, root: str, posts: Sequence[Post], per_page: int, large_bytes: int):
        self.root = root
        self.home = root + PREFIX
        self.words = words()["portal"]
        self.posts = list(posts)  # newest first
        self.listed = [p for p in posts if p.listed]
        self.indexed = [p for p in self.listed if p.kind != "missing"]
        self.readable = [p for p in self.listed if p.kind == "article"]
        self.by_id = {p.id: p for p in posts}
        self.per_page = per_page
        self.large_bytes = large_bytes

    # Routing -----------------------------------------------------------------

    def routes(self) -> dict[str, Route]:
        routes: dict[str, Route] = {
            "/": lambda: redirect(self.home, 301),
            "/robots.txt": lambda: text_reply(fill("portal/robots.txt", prefix=PREFIX, home=self.home)),
            f"{PREFIX}feed/": self.feed,
            f"{PREFIX}wp-sitemap.xml": self.sitemap_index,
            f"{PREFIX}wp-admin/": lambda: redirect(f"{self.home}wp-login.php?redirect_to=%2Fportal%2Fwp-admin%2F", 302),
            f"{PREFIX}wp-login.php": lambda: self.static("लॉग इन", "<p>उपयोगकर्ता नाम और पासवर्ड दर्ज करें।</p>"),
        }
        for slug, (title, text) in self.words["pages"].items():
            routes[f"{PREFIX}{slug}/"] = lambda title=title, text=text: self.static(title, f"<p>{esc(text)}</p>")
        for i, part in enumerate(self.sitemap_parts(), start=1):
            routes[f"{PREFIX}wp-sitemap-posts-post-{i}.xml"] = lambda part=part: self.urlset(part)
        routes[f"{PREFIX}wp-sitemap-taxonomies-category-1.xml"] = self.category_sitemap
        routes.update(self.listing_routes(PREFIX, "ताज़ा खबरें", self.listed))
        for slug, label in self.words["categories"].items():
            members = [p for p in self.listed if self.category(p) == slug]
            routes.update(self.listing_routes(f"{PREFIX}category/{slug}/", f"श्रेणी: {label}", members))
        routes.update(self.post_routes())
        return routes

    def listing_routes(self, path: str, heading: str, members: Sequence[Post]) -> dict[str, Route]:
        pages = chunks(members, self.per_page)
        return {self.page_path(path, n): (lambda n=n: self.listing(path, heading, pages, n))
                for n in range(1, len(pages) + 1)}

    @staticmethod
    def page_path(path: str, n: int) -> str:
        return path if n == 1 else f"{path}page/{n}/"

    # Pages -------------------------------------------------------------------

    def category(self, post: Post) -> str:
        return post.category or self.words["default_category"]

    def category_url(self, post: Post) -> str:
        return f"{self.home}category/{self.category(post)}/"

    def layout(self, main: str, page_title: str, head: str = "", body_class: str = "archive",
               charset: str | None = "UTF-8") -> str:
        return fill("portal/layout.html", charset_meta=charset_meta(charset), page_title=esc(page_title),
                    head=head, home=self.home, site_name=self.words["site_name"],
                    tagline=self.words["tagline"], body_class=body_class,
                    today=hindi_date(self.newest()), menu=self.menu(), ticker=self.ticker(), main=main,
                    latest=self.latest(), category_list=self.menu(), year=self.newest().year)

    def newest(self) -> datetime:
        return self.posts[0].published if self.posts else datetime.now()

    def menu(self) -> str:
        return "\n".join(f'      <li class="menu-item menu-item-type-taxonomy"><a href="{self.home}category/{slug}/">'
                         f"{label}</a></li>" for slug, label in self.words["categories"].items())

    def ticker(self) -> str:
        return "\n".join(f'    <a href="{self.url(p)}">{esc(p.title)}</a>' for p in self.readable[:TICKER])

    def latest(self) -> str:
        return "\n".join(f'        <li><a href="{self.url(p)}">{esc(p.title)}</a></li>' for p in self.readable[:LATEST])

    def post_values(self, post: Post) -> dict[str, object]:
        return dict(home=self.home, number=number(post), url=self.url(post), title=esc(post.title),
                    category_slug=self.category(post), category_url=self.category_url(post),
                    category_label=self.words["categories"][self.category(post)],
                    date_label=hindi_date(post.published), upload_dir=f"{post.published:%Y/%m}")

    def article(self, post: Post) -> Reply:
        values = self.post_values(post)
        iso, modified = post.published.isoformat(), (post.published + MODIFIED_AFTER).isoformat()
        description = esc(excerpt(post.paragraphs, 25))
        head = fill("portal/head.html", **values, description=description, site_name=self.words["site_name"],
                    iso=iso, iso_modified=modified, author=self.words["author"], jsonld=self.jsonld(post))
        main = fill("portal/article.html", **values, iso=iso, iso_modified=modified,
                    author=self.words["author"], author_url=f"{self.home}author/{self.words['author_slug']}/",
                    content=self.content(post), post_nav=self.post_nav(post),
                    related=self.cards(self.related(post)), more=self.cards(self.others(post)[:MORE]))
        page = self.layout(main, f"{post.title} – {self.words['site_name']}", head,
                           f"post-template-default single single-post postid-{number(post)}", post.charset)
        return html_reply(break_markup(page) if post.malformed else page, post.charset)

    def content(self, post: Post) -> str:
        paragraphs = [f"<p>{esc(text)}</p>" for text in post.paragraphs]
        if post.kind == "large":  # an image pasted into the editor, kept inline as base64
            image = f'<p><img class="aligncenter" src="data:image/jpeg;base64,{filler(self.large_bytes)}" alt=""></p>'
            paragraphs.insert(1, image)
        return "\n".join(paragraphs)

    def jsonld(self, post: Post) -> str:
        url, home, site = self.url(post), self.home, self.words["site_name"]
        graph = [
            {"@type": "NewsArticle", "@id": f"{url}#article", "isPartOf": {"@id": url},
             "author": {"name": self.words["author"], "@id": f"{home}#/schema/person/1"},
             "headline": post.title, "datePublished": post.published.isoformat(),
             "dateModified": (post.published + MODIFIED_AFTER).isoformat(),
             "mainEntityOfPage": {"@id": url}, "publisher": {"@id": f"{home}#organization"},
             "image": {"@id": f"{url}#primaryimage"}, "thumbnailUrl": f"{home}wp-content/uploads/{post.published:%Y/%m}/IMG-{number(post)}-WA0007.jpg",
             "articleSection": [self.words["categories"][self.category(post)]], "inLanguage": "hi-IN"},
            {"@type": "WebPage", "@id": url, "url": url, "name": f"{post.title} – {site}",
             "isPartOf": {"@id": f"{home}#website"}, "datePublished": post.published.isoformat(),
             "breadcrumb": {"@id": f"{url}#breadcrumb"}, "inLanguage": "hi-IN"},
            {"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": home},
                {"@type": "ListItem", "position": 2, "name": post.title}]},
            {"@type": "Organization", "@id": f"{home}#organization", "name": site, "url": home},
            {"@type": "Person", "@id": f"{home}#/schema/person/1", "name": self.words["author"],
             "url": f"{home}author/{self.words['author_slug']}/"},
        ]
        return json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)

    def others(self, post: Post) -> list[Post]:
        return [p for p in self.readable if p is not post]

    def related(self, post: Post) -> list[Post]:
        others = self.others(post)
        same = [p for p in others if self.category(p) == self.category(post)]
        return (same + [p for p in others if p not in same])[:RELATED]

    def cards(self, posts: Sequence[Post]) -> str:
        return "\n".join(fill("portal/card.html", **self.post_values(p)) for p in posts)

    def post_nav(self, post: Post) -> str:
        if post not in self.readable:
            return ""
        i = self.readable.index(post)
        links = []
        if i + 1 < len(self.readable):
            older = self.readable[i + 1]
            links.append(f'<div class="nav-previous"><a href="{self.url(older)}" rel="prev">'
                         f'<span class="em-post-navigation">पिछला</span> {esc(older.title)}</a></div>')
        if i > 0:
            newer = self.readable[i - 1]
            links.append(f'<div class="nav-next"><a href="{self.url(newer)}" rel="next">'
                         f'<span class="em-post-navigation">अगला</span> {esc(newer.title)}</a></div>')
        return "\n".join(links)

    def listing(self, path: str, heading: str, pages: list[list[Post]], n: int) -> Reply:
        items = "\n".join(fill("portal/item.html", **self.post_values(p), excerpt=esc(excerpt(p.paragraphs)))
                          for p in pages[n - 1])
        main = fill("portal/listing.html", heading=esc(heading), items=items,
                    pagination=self.pagination(path, n, len(pages)))
        title = f"{heading} – {self.words['site_name']}" if n == 1 else f"{heading} – पृष्ठ {n} – {self.words['site_name']}"
        return html_reply(self.layout(main, title, f'<link rel="canonical" href="{self.root}{self.page_path(path, n)}">'))

    def pagination(self, path: str, n: int, total: int) -> str:
        if total == 1:
            return ""
        link = lambda k: self.root + self.page_path(path, k)  # noqa: E731
        parts = []
        if n > 1:
            parts.append(f'<a class="prev page-numbers" href="{link(n - 1)}">&laquo; पिछला</a>')
        for k in range(1, total + 1):
            parts.append(f'<span aria-current="page" class="page-numbers current">{k}</span>' if k == n
                         else f'<a class="page-numbers" href="{link(k)}">{k}</a>')
        if n < total:
            parts.append(f'<a class="next page-numbers" href="{link(n + 1)}">अगला &raquo;</a>')
        return ('<nav class="navigation pagination" aria-label="पोस्ट"><h2 class="screen-reader-text">पोस्ट नेविगेशन</h2>'
                '<div class="nav-links">' + "".join(parts) + "</div></nav>")

    def static(self, title: str, content: str) -> Reply:
        main = fill("portal/page.html", title=esc(title), content=content)
        return html_reply(self.layout(main, f"{title} – {self.words['site_name']}", body_class="page"))

    def not_found(self) -> Reply:
        page = self.layout(fill("portal/notfound.html"), f"पेज नहीं मिला – {self.words['site_name']}",
                           body_class="error404")
        reply = html_reply(page)
        reply.status = 404
        return reply

    # Feed and sitemaps -------------------------------------------------------

    def feed(self) -> Reply:
        items = "\n".join(self.feed_item(p) for p in self.indexed[:FEED_ITEMS])
        built = rfc822(self.newest())
        return Reply(200, fill("xml/rss.xml", title=esc(self.words["site_name"]), self=f"{self.home}feed/",
                               link=self.home, description=esc(self.words["tagline"]), built=built,
                               items=items).encode("utf-8"), "application/rss+xml; charset=UTF-8")

    def feed_item(self, post: Post) -> str:
        content = "\n".join(f"<p>{esc(t)}</p>" for t in post.paragraphs)
        return fill("xml/rssitem.xml", title=esc(post.title), link=self.url(post),
                    creator=cdata(self.words["author"]), published=rfc822(post.published),
                    category=cdata(self.words["categories"][self.category(post)]),
                    guid=f"{self.home}?p={number(post)}", description=cdata(excerpt(post.paragraphs, 55)),
                    content=cdata(content))

    def sitemap_parts(self) -> list[list[Post]]:
        """Posts sitemaps: at least two whenever there are two posts."""
        size = max(1, min(SITEMAP_CHUNK, -(-len(self.indexed) // 2)))
        return chunks(self.indexed, size)

    def lastmod(self, posts: Sequence[Post]) -> str:
        latest = max((p.published for p in posts), default=None)
        return (latest + MODIFIED_AFTER).isoformat() if latest else ""

    def sitemap_index(self) -> Reply:
        names = [f"wp-sitemap-posts-post-{i}.xml" for i in range(1, len(self.sitemap_parts()) + 1)]
        entries = [fill("xml/sitemap.xml", loc=self.home + name, lastmod=self.lastmod(part))
                   for name, part in zip(names, self.sitemap_parts())]
        entries.append(fill("xml/sitemap.xml", loc=f"{self.home}wp-sitemap-taxonomies-category-1.xml",
                            lastmod=self.lastmod(self.indexed)))
        return xml_reply(fill("xml/sitemapindex.xml", stylesheet=f"{self.home}wp-sitemap-index.xsl",
                              entries="\n".join(entries)))

    def urlset(self, posts: Sequence[Post]) -> Reply:
        entries = "\n".join(fill("xml/url.xml", loc=self.url(p), lastmod=self.lastmod([p])) for p in posts)
        return xml_reply(fill("xml/urlset.xml", stylesheet=f"{self.home}wp-sitemap.xsl", entries=entries))

    def category_sitemap(self) -> Reply:
        members = {slug: [p for p in self.indexed if self.category(p) == slug] for slug in self.words["categories"]}
        entries = "\n".join(fill("xml/url.xml", loc=f"{self.home}category/{slug}/", lastmod=self.lastmod(posts))
                            for slug, posts in members.items() if posts)
        return xml_reply(fill("xml/urlset.xml", stylesheet=f"{self.home}wp-sitemap.xsl", entries=entries))
