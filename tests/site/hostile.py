"""A hostile or unlucky news site on 127.0.0.1, for the reliability tests (issue 9).

    with hostile() as h:
        h.sources_file   # a sources file: `hostile` (loopback allowed), `closed-ip` and `closed-name`
        h.url("/h/news/flaky.html"), h.hits(path), h.decoy_hits

Its listing links an ordinary article, a page that answers 503 until `h.flaky_left` reaches 0,
a 404, an article on another local port (the decoy, standing in for a database port), redirects
to the decoy and in a loop, a gzip bomb, an endless stream and a page slower than the timeout.
`closed-ip` (on the decoy's port) and `closed-name` (this server by the name `localhost`) are
sources that do not allow private addresses.
"""
from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"
PARAGRAPH = ("जिला मुख्यालय पर आज भाजपा की जिला स्तरीय बैठक जिलाध्यक्ष रमेश कुमार शर्मा की अध्यक्षता में "
             "संपन्न हुई। बैठक में आगामी कार्यक्रमों की रूपरेखा तय की गई और कार्यकर्ताओं को जिम्मेदारियां "
             "सौंपी गईं। मंच संचालन जिला महामंत्री सुरेश प्रसाद यादव ने किया। इस अवसर पर मोहन लाल गुप्ता, "
             "राजेश सिंह चौहान और अनिल कुमार वर्मा उपस्थित रहे।")


def article_html(title: str, paragraphs: list[str] | None = None) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or [PARAGRAPH, PARAGRAPH.replace("आज", "कल")]))
    return (f"<!doctype html><html lang='hi'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode("utf-8")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        pass


@dataclass
class Hostile:
    port: int
    decoy_port: int
    sources_file: Path
    flaky_left: int = 3                      # 503 answers before the flaky page answers 200
    hits: Counter = field(default_factory=Counter)
    decoy_hits: list[str] = field(default_factory=list)
    extra: dict[str, bytes] = field(default_factory=dict)   # more article pages: path → HTML

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def listing(self) -> bytes:
        links = ["/h/news/ordinary.html", "/h/news/flaky.html", "/h/news/gone.html",
                 f"http://{HOST}:{self.decoy_port}/h/news/decoy.html", "/h/news/to-decoy.html",
                 "/h/news/loop-a.html", "/h/news/bomb.html", "/h/news/endless.html", "/h/news/slow.html",
                 "/h/news/to-ordinary.html", *self.extra]
        return ("<html><body>" + "".join(f"<a href='{u}'>{u}</a> " for u in links) + "</body></html>").encode()


def handler(site: Hostile) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = self.path
            site.hits[path] += 1
            if path == "/robots.txt":
                return self.reply(200, b"User-agent: *\nAllow: /\n", "text/plain")
            if path == "/h/":
                return self.reply(200, site.listing())
            if path in site.extra:
                return self.reply(200, site.extra[path])
            if path == "/h/news/ordinary.html":
                return self.reply(200, article_html("साधारण बैठक"))
            if path == "/h/news/flaky.html":
                if site.flaky_left > 0:
                    site.flaky_left -= 1
                    return self.reply(503, b"busy")
                return self.reply(200, article_html("देर से मिली बैठक"))
            if path == "/h/news/to-decoy.html":
                return self.reply(302, b"", location=f"http://{HOST}:{site.decoy_port}/")
            if path == "/h/news/to-ordinary.html":
                return self.reply(301, b"", location="/h/news/ordinary.html")
            if path == "/h/news/loop-a.html":
                return self.reply(302, b"", location="/h/news/loop-b.html")
            if path == "/h/news/loop-b.html":
                return self.reply(302, b"", location="/h/news/loop-a.html")
            if path == "/h/news/bomb.html":
                bomb = gzip.compress(b"<html>" + b" " * (64 * 1024 * 1024), compresslevel=9)
                return self.reply(200, bomb, headers={"Content-Encoding": "gzip"})
            if path == "/h/news/endless.html":
                return self.endless()
            if path == "/h/news/slow.html":
                time.sleep(4)  # the server's side of a timeout; the crawl's DOWNLOAD_TIMEOUT is 2 s
                return self.reply(200, article_html("धीमी"))
            return self.reply(404, b"not found")

        def reply(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
                  location: str | None = None, headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if location:
                    self.send_header("Location", location)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def endless(self) -> None:
            """No Content-Length, and bytes until the client hangs up (at most 64 MiB)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + "अंतहीन ".encode() * 1000 + b"</p>"
            try:
                for _ in range(64 * 1024 * 1024 // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass
            self.close_connection = True

        def log_message(self, format: str, *args) -> None:
            pass

    return Handler


def decoy_handler(site: Hostile) -> type:
    class Decoy(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.decoy_hits.append(self.path)
            body = article_html("यह पन्ना कभी नहीं पढ़ा जाना चाहिए")
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            pass

    return Decoy


SOURCES = """
[[source]]
name = "hostile"
base_url = "http://{host}:{port}/h/"
domains = ["{host}"]
allow_private = true
article_pattern = '/h/news/[^/]+\\.html$'
download_delay = 0
concurrency = 8
discovery = [{{ type = "listing", url = "/h/" }}]

[[source]]
name = "closed-ip"
base_url = "http://{host}:{decoy_port}/closed/"
domains = ["{host}"]
discovery = [{{ type = "listing", url = "/closed/" }}]

[[source]]
name = "closed-name"
base_url = "http://localhost:{port}/closed/"
domains = ["localhost"]
discovery = [{{ type = "listing", url = "/closed/" }}]
"""


@contextmanager
def hostile(directory: Path) -> Iterator[Hostile]:
    with ExitStack() as stack:
        server = Server((HOST, 0), BaseHTTPRequestHandler)
        decoy = Server((HOST, 0), BaseHTTPRequestHandler)
        sources = directory / "hostile-sources.toml"
        site = Hostile(server.server_address[1], decoy.server_address[1], sources)
        sources.write_text(SOURCES.format(host=HOST, port=site.port, decoy_port=site.decoy_port), encoding="utf-8")
        server.RequestHandlerClass = handler(site)
        decoy.RequestHandlerClass = decoy_handler(site)
        for s in (server, decoy):
            stack.callback(s.server_close)
            thread = threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            stack.callback(thread.join)
            stack.callback(s.shutdown)
        yield site
