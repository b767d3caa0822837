"""The fixture news site: two publications over real HTTP on 127.0.0.1, one port each.

    with serve(dev_dir=Path("tests/dev"), port=0) as site:
        site.base_urls  # {"fixture-portal": "http://127.0.0.1:P/portal/", "fixture-daily": "http://127.0.0.1:Q/daily/"}
        site.articles   # one ArticleRecord per page a crawl should meet, with its expected outcome

    python -m tests.site.server --port 8765   # portal on 8765, daily on 8766, until Ctrl-C
"""
from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from tests.site import daily, portal
from tests.site.common import Reply, Route, words
from tests.site.content import PAGES_DIR, Post, load_all

DEV_DIR = Path(__file__).resolve().parents[1] / "dev"
HOST = "127.0.0.1"
LARGE_BYTES = 12 * 1024 * 1024  # the large page; above any sensible DOWNLOAD_MAXSIZE for news


@dataclass(frozen=True)
class ArticleRecord:
    url: str
    source: str
    id: str
    expect: str               # meeting | no_meeting | dropped:<reason> | http:<status>
    gold: Path | None
    title: str
    published: str            # the date the page shows (ISO), whatever the gold says
    redirect_to: str | None = None


@dataclass(frozen=True)
class Hit:
    source: str
    path: str                 # path and query as requested
    status: int


@dataclass
class Site:
    base_urls: dict[str, str]
    articles: list[ArticleRecord]
    disallowed: list[str]     # linked URLs that robots.txt forbids: a polite crawler never fetches them
    hits: list[Hit] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        """The variables sources.toml reads for the fixture sources."""
        return {"FIXTURE_PORTAL": self.base_urls["fixture-portal"], "FIXTURE_DAILY": self.base_urls["fixture-daily"]}

    def fetched(self, url: str) -> bool:
        """Whether any request reached this URL's path (query ignored)."""
        path = urlsplit(url).path
        return any(urlsplit(h.path).path == path for h in self.hits)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # keep-alive connections must not hold up shutdown

    def handle_error(self, request, client_address) -> None:
        pass  # clients that hang up mid-body (DOWNLOAD_MAXSIZE) are expected


def route_key(raw: str) -> str:
    """The route of a request: its path, plus `?page=N` for paginated listings; other queries ignored."""
    parts = urlsplit(raw)
    page = parse_qs(parts.query).get("page", ["1"])[0]
    path = unquote(parts.path)
    return path if page == "1" else f"{path}?page={page}"


def handler(source: str, routes: dict[str, Route], not_found: Route, hits: list[Hit]) -> type:
    class Handler(BaseHTTPRequestHandler):
        server_version = "nginx"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self.answer(send_body=True)

        def do_HEAD(self) -> None:
            self.answer(send_body=False)

        def answer(self, send_body: bool) -> None:
            route = routes.get(route_key(self.path), not_found)
            reply: Reply = route()
            hits.append(Hit(source, self.path, reply.status))
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            if reply.location:
                self.send_header("Location", reply.location)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if send_body:
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        def log_message(self, format: str, *args) -> None:
            pass  # requests are recorded in Site.hits

    return Handler


def records(source: str, root: str, posts: list[Post]) -> list[ArticleRecord]:
    by_id = {p.id: p for p in posts}
    return [ArticleRecord(url=root + p.path, source=source, id=p.id, expect=p.expect, gold=p.gold,
                          title=p.title, published=p.published.date().isoformat(),
                          redirect_to=root + by_id[p.target].path if p.target else None)
            for p in posts if p.kind != "disallowed"]


@contextmanager
def serve(dev_dir: Path | None = DEV_DIR, port: int = 0, pages_dir: Path = PAGES_DIR,
          per_page: int = 10, large_bytes: int = LARGE_BYTES) -> Iterator[Site]:
    """Serve the site in background threads; port 0 picks free ports, port N uses N and N+1."""
    posts = load_all(dev_dir, pages_dir)
    themed = {name: [p for p in posts if p.theme == name] for name in ("portal", "daily")}
    portal.assign_paths(themed["portal"])
    daily.assign_paths(themed["daily"])
    with ExitStack() as stack:
        servers = {}
        for name, offset in (("portal", 0), ("daily", 1)):
            server = Server((HOST, port + offset if port else 0), BaseHTTPRequestHandler)
            stack.callback(server.server_close)
            servers[name] = server
        roots = {name: f"http://{HOST}:{s.server_address[1]}" for name, s in servers.items()}
        themes = {"portal": portal.Portal(roots["portal"], themed["portal"], per_page, large_bytes),
                  "daily": daily.Daily(roots["daily"], themed["daily"], per_page)}
        prefixes = {"portal": portal.PREFIX, "daily": daily.PREFIX}
        sources = {name: words()[name]["source"] for name in themes}
        site = Site(base_urls={sources[n]: roots[n] + prefixes[n] for n in themes},
                    articles=[r for n in themes for r in records(sources[n], roots[n], themed[n])],
                    disallowed=[roots[n] + p.path for n in themes for p in themed[n] if p.kind == "disallowed"])
        for name, server in servers.items():
            theme = themes[name]
            server.RequestHandlerClass = handler(sources[name], theme.routes(), theme.not_found, site.hits)
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                      name=f"fixture-{name}", daemon=True)
            thread.start()
            stack.callback(thread.join)
            stack.callback(server.shutdown)
        yield site


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the fixture news site on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765, help="portal port; the daily uses the next one")
    parser.add_argument("--dev-dir", type=Path, default=DEV_DIR, help="folder with gold/ and texts/")
    parser.add_argument("--per-page", type=int, default=10)
    args = parser.parse_args(argv)
    with serve(args.dev_dir, args.port, per_page=args.per_page) as site:
        for name, url in site.base_urls.items():
            print(f"{name}: {url}")
        counts: dict[str, int] = {}
        for record in site.articles:
            counts[record.expect] = counts.get(record.expect, 0) + 1
        print(f"{len(site.articles)} pages: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        print("Ctrl-C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
