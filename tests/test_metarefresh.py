"""The quick meta-refresh middleware redirects exactly where Scrapy's own does, without decoding the rest."""
import pytest
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.fixture.content import PAGES_DIR
from crawler.metarefresh import QuickMetaRefreshMiddleware
from tests.conftest import SHARED

HEAD = "<html><head><title>बैठक</title>" + "<meta name='x' content='भाजपा की बैठक'>" * 40
PAGES = {
    "refresh": HEAD + '<meta http-equiv="refresh" content="0; url=/new/">',
    "refresh-upper": HEAD + "<META HTTP-EQUIV=REFRESH CONTENT='1;URL=http://a.test/other'>",
    "refresh-in-script": HEAD + "<script>var s = '<meta http-equiv=\"refresh\" content=\"0;url=/x\">';</script>",
    "no-refresh": HEAD + "</head><body><p>" + "पटना। बैठक संपन्न हुई। " * 500 + "</p></body></html>",
}


def outcomes(middleware, bodies: dict[str, bytes]) -> dict[str, str]:
    result = {}
    for name, body in bodies.items():
        request = Request("http://a.test/page/")
        out = middleware.process_response(request, HtmlResponse(request.url, body=body, request=request))
        result[name] = out.url if isinstance(out, Request) else "kept"
    return result


@pytest.fixture(scope="module")
def middlewares():
    crawler = get_crawler(settings_dict={"METAREFRESH_ENABLED": True})
    return MetaRefreshMiddleware.from_crawler(crawler), QuickMetaRefreshMiddleware.from_crawler(crawler)


def test_redirects_where_scrapys_middleware_does(middlewares):
    scrapys, quick = middlewares
    bodies = {name: text.encode("utf-8") for name, text in PAGES.items()}
    bodies["utf-16"] = PAGES["refresh"].encode("utf-16")
    bodies.update({p.name: p.read_bytes() for p in sorted(PAGES_DIR.glob("**/*.html"))})
    bodies.update({p.name: p.read_bytes() for p in sorted((SHARED / "data" / "html").glob("*.html"))})
    expected = outcomes(scrapys, bodies)
    assert expected["refresh"] == "http://a.test/new/" and expected["no-refresh"] == "kept"
    assert outcomes(quick, bodies) == expected
