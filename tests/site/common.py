"""Pieces both themes share: templates, replies, Hindi dates, slugs, paging."""
from __future__ import annotations

import html
import random
import re
import string
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.site.content import Post

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
IST = timezone(timedelta(hours=5, minutes=30))
HINDI_MONTHS = ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त",
                "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर")


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=UTF-8"
    location: str | None = None


Route = Callable[[], Reply]


@lru_cache(maxsize=1)
def words() -> dict:
    return tomllib.loads((HERE / "site.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def template(name: str) -> string.Template:
    return string.Template((TEMPLATES / name).read_text(encoding="utf-8").removesuffix("\n"))


def fill(name: str, **values: object) -> str:
    return template(name).substitute(values)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def html_reply(page: str, charset: str | None = "UTF-8") -> Reply:
    """The page as UTF-8 bytes, whatever charset the header declares (None: declared nowhere)."""
    content_type = f"text/html; charset={charset}" if charset else "text/html"
    return Reply(200, page.encode("utf-8"), content_type)


def xml_reply(text: str) -> Reply:
    return Reply(200, text.encode("utf-8"), "application/xml; charset=UTF-8")


def text_reply(text: str) -> Reply:
    return Reply(200, text.encode("utf-8"), "text/plain; charset=UTF-8")


def redirect(location: str, status: int) -> Reply:
    return Reply(status, b"", "text/html; charset=UTF-8", location)


def charset_meta(charset: str | None) -> str:
    """How a page declares its charset in <head>: old-style http-equiv for a non-UTF-8 label."""
    if charset is None:
        return ""
    if charset.lower() == "utf-8":
        return '<meta charset="UTF-8">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'


def chunks(items: Sequence, size: int) -> list[list]:
    """Pages of `size` items; always at least one page, possibly empty."""
    return [list(items[i:i + size]) for i in range(0, len(items), size)] or [[]]


def hindi_date(moment: datetime) -> str:
    return f"{moment.day} {HINDI_MONTHS[moment.month - 1]} {moment.year}"


def rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(timezone.utc))


def excerpt(paragraphs: Sequence[str], count: int = 30) -> str:
    tokens = " ".join(paragraphs).split()
    return " ".join(tokens[:count]) + (" …" if len(tokens) > count else "")


def break_markup(page: str) -> str:
    """Malformed HTML as careless templates emit it: unclosed p/li/font/div, stray end tags, no </body></html>."""
    page = page.replace("</p>", "").replace("</li>", "")
    page = page.replace("</h1>", "</h1></span></div>", 1)
    page = page.replace("<p>", '<div class="text"><p><font face="Mangal">', 1)
    return page.replace("</body>", "").replace("</html>", "")


def filler(size: int, seed: int = 0) -> str:
    """`size` characters of base64-looking data (a pasted image), the same every time."""
    alphabet = string.ascii_letters + string.digits + "+/"
    rng = random.Random(seed)
    block = "".join(rng.choice(alphabet) for _ in range(4096))
    return (block * (size // len(block) + 1))[:size]


def binary_body(content_type: str) -> bytes:
    """A small file of the given type, with its real magic bytes."""
    noise = random.Random(1).randbytes(24_000)
    if content_type == "application/pdf":
        return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                b"3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R>>endobj\n"
                b"4 0 obj<</Length 24000>>stream\n" + noise + b"\nendstream endobj\n"
                b"trailer<</Root 1 0 R>>\n%%EOF\n")
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + noise + b"\xff\xd9"


# Romanised slugs, as Indian CMSes make them from Hindi headlines.
CONSONANTS = dict(zip("कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहळ",
                      "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h l".split()))
VOWELS = dict(zip("अआइईउऊऋएऐओऔऑ", "a a i i u u ri e ai o au o".split()))
SIGNS = dict(zip("ािीुूृेैोौॉ", "a i i u u ri e ai o au o".split()))
MARKS = {"ं": "n", "ँ": "n", "ः": "h"}
VIRAMA, NUKTA = "्", "़"


def romanise(word: str) -> str:
    out: list[str] = []
    inherent = False  # the last consonant still carries its vowel "a"
    for ch in unicodedata.normalize("NFD", word):
        if ch == NUKTA:
            continue
        if ch in SIGNS or ch == VIRAMA:
            out.append(SIGNS.get(ch, ""))
            inherent = False
            continue
        if inherent:
            out.append("a")
        inherent = ch in CONSONANTS
        if inherent:
            out.append(CONSONANTS[ch])
        elif ch in VOWELS or ch in MARKS:
            out.append(VOWELS.get(ch) or MARKS[ch])
        elif ch.isdigit():
            out.append(str(unicodedata.digit(ch)))
        elif ch.isascii() and ch.isalpha():
            out.append(ch.lower())
    return "".join(out)  # a final inherent "a" is not written (schwa deletion)


def slugify(text: str, count: int = 8) -> str:
    tokens = [romanise(w) for w in re.split(r"[\s\-–—,।|:;'\"‘’“”!?()\[\]/]+", text)]
    slug = "-".join(t for t in tokens if t)[:80].strip("-")
    return re.sub(r"-+", "-", slug) or "news"


class Theme:
    """What both publications do with their posts; each theme supplies `article`."""

    root: str
    posts: Sequence[Post]
    by_id: dict[str, Post]

    def url(self, post: Post) -> str:
        return self.root + post.path

    def article(self, post: Post) -> Reply:
        raise NotImplementedError

    def post_routes(self) -> dict[str, Route]:
        routes = {post.path: self.post_route(post) for post in self.posts}
        return {path: route for path, route in routes.items() if route is not None}

    def post_route(self, post: Post) -> Route | None:
        if post.kind == "missing":
            return None
        if post.kind == "redirect":
            return lambda: redirect(self.url(self.by_id[post.target]), post.status)
        if post.kind == "binary":
            return lambda: Reply(200, binary_body(post.content_type), post.content_type)
        render = lambda: self.article(post)  # noqa: E731
        return lru_cache(maxsize=1)(render) if post.kind == "large" else render  # generated once
