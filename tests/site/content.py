"""What the fixture site serves: the dev-set articles and the site's own pages.

A dev article is `DEV/gold/<id>.json` with its text at `DEV/<text_file>`
(default `texts/<id>.txt`); its lines become paragraphs. A site page is
`pages/<id>.toml` (theme, kind, expected outcome, headline, date …) with an
optional body in `pages/texts/<id>.txt` and gold in `pages/gold/<id>.json`,
the same layout as tests/dev, so the evaluator can read it too.
"""
from __future__ import annotations

import json
import logging
import tomllib
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from tests.site.common import IST

log = logging.getLogger(__name__)

PAGES_DIR = Path(__file__).resolve().parent / "pages"
THEMES = ("portal", "daily")
KINDS = {"article", "missing", "redirect", "binary", "large", "disallowed"}
# Served to a dev article whose gold has no publication date.
FIXED_DATE = date(2024, 3, 14)
TITLE_WORDS = 8


@dataclass
class Post:
    id: str
    theme: str
    expect: str
    title: str
    paragraphs: list[str]
    published: datetime
    kind: str = "article"
    gold: Path | None = None
    category: str | None = None    # portal category slug
    place: str | None = None       # Devanagari town, files a daily story under a district
    state: str | None = None       # English state name
    charset: str | None = "UTF-8"  # declared in header and <meta>; None: declared nowhere
    malformed: bool = False
    status: int = 200              # a redirect's status
    target: str | None = None      # a redirect's target post id
    content_type: str | None = None  # a binary page's type
    path: str = ""                 # set by the theme
    listed: bool = True            # False: reached only through a redirect


def stable_hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def theme_of(article_id: str) -> str:
    return THEMES[stable_hash(article_id) % len(THEMES)]


def at_time(day: date, article_id: str) -> datetime:
    """A publication time during the working day, fixed per article."""
    h = stable_hash(article_id)
    return datetime.combine(day, time(8 + h % 12, h // 12 % 60), IST)


def first_words(text: str, count: int = TITLE_WORDS) -> str:
    return " ".join(text.split()[:count])


def paragraphs_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def expectation(gold: dict) -> str:
    """What a crawl should make of the article: an explicit `expect`, else from language and meetings."""
    if gold.get("expect"):
        return gold["expect"]
    if gold.get("language") not in (None, "hi"):
        return "dropped:language"
    return "meeting" if gold.get("meetings") else "no_meeting"


def load_dev(dev_dir: Path) -> list[Post]:
    """Every dev article whose gold and text both read; the others are logged and left out."""
    posts = []
    for gold_path in sorted((dev_dir / "gold").glob("*.json")):
        try:
            posts.append(dev_post(dev_dir, gold_path))
        except (OSError, ValueError, KeyError) as exc:
            log.warning("fixture site: dev article %s left out: %s", gold_path.name, exc)
    return posts


def dev_post(dev_dir: Path, gold_path: Path) -> Post:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    article_id = gold.get("id") or gold_path.stem
    text = (dev_dir / (gold.get("text_file") or f"texts/{article_id}.txt")).read_text(encoding="utf-8-sig")
    paragraphs = paragraphs_of(text)
    if not paragraphs:
        raise ValueError("empty text")
    day = date.fromisoformat(gold["published"][:10]) if gold.get("published") else FIXED_DATE
    first = (gold.get("meetings") or [{}])[0]
    return Post(id=article_id, theme=theme_of(article_id), expect=expectation(gold),
                title=gold.get("title") or first_words(text), paragraphs=paragraphs,
                published=at_time(day, article_id), gold=gold_path.resolve(),
                place=first.get("place"), state=first.get("state"))


def load_pages(pages_dir: Path = PAGES_DIR) -> list[Post]:
    return [page_post(pages_dir, path) for path in sorted(pages_dir.glob("*.toml"))]


def page_post(pages_dir: Path, path: Path) -> Post:
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    page_id = path.stem
    text_path = pages_dir / "texts" / f"{page_id}.txt"
    gold_path = pages_dir / "gold" / f"{page_id}.json"
    kind = spec.get("kind", "article")
    if kind not in KINDS or spec.get("theme") not in THEMES:
        raise ValueError(f"{path}: kind must be one of {sorted(KINDS)}, theme one of {THEMES}")
    published = spec["published"]
    if not isinstance(published, datetime):
        raise ValueError(f"{path}: published must be a TOML date-time with offset")
    return Post(id=page_id, theme=spec["theme"], expect=spec["expect"], title=spec["title"],
                paragraphs=paragraphs_of(text_path.read_text(encoding="utf-8")) if text_path.exists() else [],
                published=published.astimezone(IST), kind=kind,
                gold=gold_path.resolve() if gold_path.exists() else None,
                category=spec.get("category"), place=spec.get("place"), state=spec.get("state"),
                charset=spec.get("charset", "UTF-8") or None, malformed=spec.get("malformed", False),
                status=spec.get("status", 200), target=spec.get("target"),
                content_type=spec.get("content_type"))


def load_all(dev_dir: Path | None, pages_dir: Path = PAGES_DIR) -> list[Post]:
    """Dev articles and site pages, newest first; redirect targets marked unlisted."""
    posts = (load_dev(dev_dir) if dev_dir else []) + load_pages(pages_dir)
    ids = [p.id for p in posts]
    if len(ids) != len(set(ids)):
        raise ValueError("fixture site: a page id is used twice")
    by_id = {p.id: p for p in posts}
    for post in posts:
        if post.kind == "redirect":
            target = by_id.get(post.target)
            if target is None or target.theme != post.theme:
                raise ValueError(f"fixture site: {post.id} redirects to {post.target!r}, not a page of its theme")
            target.listed = False
    return sorted(posts, key=lambda p: (p.published, p.id), reverse=True)
