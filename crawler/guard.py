"""Nothing let in: requests go only to a source's declared scheme, host and port, never to a private address.

Two layers, both configured by the sources file:

* `SourceGuardMiddleware` (downloader middleware, before robots.txt and Scrapy's own
  OffsiteMiddleware, so robots.txt requests and every redirect pass through it too): the URL's
  scheme must be http(s), its (scheme, host, port) one a source declares — the scheme and port of
  its `base_url` (or of a discovery URL) with a host of its `domains` — and a host written as an IP
  address must not be private, loopback, link-local, multicast, reserved or unspecified unless
  that source has `allow_private = true`.
* `GuardedResolver` (Scrapy's DNS_RESOLVER): a host name is refused when it resolves to such an
  address, so DNS rebinding cannot get through: the address checked is the address connected to.

A refusal raises `Refused` (an IgnoreRequest), which reaches the request's errback; the spider
records it as a skipped page with reason `offsite`, `private_address` or, for a redirect,
`offsite_redirect`. Every refusal is also counted as `baithak/refused/<reason>`.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread
from twisted.internet.error import DNSLookupError

from crawler.sources import Source, load_sources

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}


class Refused(IgnoreRequest):
    """A request the guard will not send; `reason` is the skip reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class PrivateAddress(DNSLookupError):
    """A host name that resolves to an address no source may reach."""


def origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a URL; None when it is not http(s) or has no host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[scheme]


def forbidden_address(address: str) -> bool:
    """Private, loopback, link-local, multicast, reserved or unspecified (IPv4-mapped IPv6 included)."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


def host_in(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in (d.lower().rstrip(".") for d in domains))


@dataclass(frozen=True)
class Rule:
    """What one source may reach."""

    origins: frozenset[tuple[str, str, int]]     # declared exactly (base_url, discovery URLs)
    schemes_ports: frozenset[tuple[str, int]]    # … and any host of `domains` on these
    domains: tuple[str, ...]
    allow_private: bool

    @classmethod
    def of(cls, source: Source) -> Rule:
        declared = {o for o in (origin(u) for u in (source.base_url, *(d.url for d in source.discovery))) if o}
        return cls(frozenset(declared), frozenset((s, p) for s, _, p in declared), source.domains,
                   source.allow_private)

    def allows(self, scheme: str, host: str, port: int) -> bool:
        return (scheme, host, port) in self.origins or (
            (scheme, port) in self.schemes_ports and host_in(host, self.domains))


class Guard:
    """The rules of every source in the sources file."""

    def __init__(self, sources: list[Source]):
        self.by_source = {s.name: Rule.of(s) for s in sources}
        self.rules = list(self.by_source.values())

    @classmethod
    def from_settings(cls, settings) -> Guard:
        return cls(load_sources(settings.get("BAITHAK_SOURCES") or None))

    def refusal(self, url: str, source: str | None = None) -> tuple[str, str] | None:
        """(reason, detail) when the URL may not be requested, else None.

        A request of a known source must stay on that source's origins; one without (robots.txt)
        on any source's.
        """
        o = origin(url)
        if o is None:
            return "offsite", f"not an http(s) URL: {url[:200]}"
        scheme, host, port = o
        candidates = [self.by_source[source]] if source in self.by_source else self.rules
        rules = [r for r in candidates if r.allows(scheme, host, port)]
        if not rules:
            return "offsite", f"{scheme}://{host}:{port} is not a declared origin of any source"
        if is_ip(host) and forbidden_address(host) and not any(r.allow_private for r in rules):
            return "private_address", f"{host} is not a public address"
        return None

    def private_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(r.allow_private and (host_in(host, r.domains) or any(h == host for _, h, _ in r.origins))
                   for r in self.rules)


def guarded(crawler) -> bool:
    """The crawl's spider keeps to the sources; a URL an operator types (`scrapy extract`, `scrapy shell`) is theirs."""
    return bool(getattr(getattr(crawler, "spider", None), "guarded", False))


class SourceGuardMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.guard = Guard.from_settings(crawler.settings)
        self.resolved: dict[str, str | None] = {}  # host → a forbidden address it resolved to, or None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request):
        if not guarded(self.crawler):
            return None
        refused = self.guard.refusal(request.url, request.meta.get("source"))
        host = urlsplit(request.url).hostname or ""
        if refused is None and not is_ip(host) and not self.guard.private_allowed(host):
            # A clear reason before connecting; GuardedResolver checks the address actually used.
            if host not in self.resolved:
                self.resolved[host] = await maybe_deferred_to_future(deferToThread(first_forbidden, host))
            if self.resolved[host]:
                refused = "private_address", f"{host} resolves to {self.resolved[host]}, not a public address"
        if refused is None:
            return None
        reason, detail = refused
        if request.meta.get("redirect_urls"):
            reason, detail = "offsite_redirect", f"{request.meta['redirect_urls'][0]} → {detail}"
        self.stats.inc_value(f"baithak/refused/{reason}")
        log.info("refused %s: %s", request.url[:300], detail)
        raise Refused(reason, detail)


def first_forbidden(host: str) -> str | None:
    """The first forbidden address the host resolves to (None: none, or it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None  # the download fails with the resolver's own error
    return next((info[4][0] for info in infos if forbidden_address(info[4][0])), None)


class GuardedRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, with a loop or an off-site target refused at once (never left to the dupefilter).

    Without this a loop A → B → A ends silently: the scheduler drops the second A as a duplicate.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.guard = Guard.from_settings(settings)

    def _redirect(self, redirected, request, reason):
        if not guarded(self.crawler):
            return super()._redirect(redirected, request, reason)
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise Refused("redirect_loop", f"{chain[0]} redirects back to {redirected.url} after {len(chain)}")
        refused = self.guard.refusal(redirected.url, request.meta.get("source"))
        if refused is not None:
            self.crawler.stats.inc_value("baithak/refused/offsite_redirect")
            raise Refused("offsite_redirect", f"{chain[0]} → {refused[1]}")
        try:
            return super()._redirect(redirected, request, reason)
        except IgnoreRequest as exc:
            raise Refused("redirect_loop", f"{chain[0]}: {exc}") from exc


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing private answers for hosts of sources that do not allow them."""

    guard: Guard

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.guard = Guard.from_settings(crawler.settings)
        resolver.crawler = crawler
        return resolver

    def getHostByName(self, name, timeout=()):
        d = super().getHostByName(name, timeout)
        d.addCallback(self._check, name)
        return d

    def _check(self, address: str, name: str) -> str:
        if forbidden_address(address) and guarded(self.crawler) and not self.guard.private_allowed(name):
            raise PrivateAddress(f"private_address: {name} resolves to {address}, not a public address")
        return address
