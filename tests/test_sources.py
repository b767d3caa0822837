"""The sources file: validation, ${VAR} expansion, and the real sources it ships."""
import pytest

from crawler.sources import SourcesError, load_sources

FILE = """
[[source]]
name = "local"
base_url = "${SITE}/portal/"
domains = ["127.0.0.1"]
article_pattern = '/\\d{4}/\\d{2}/\\d{2}/'
discovery = [{ type = "sitemap", url = "wp-sitemap.xml" }, { type = "listing", url = "category/x/", pages = 3 }]

[[source]]
name = "real"
base_url = "https://example.in/"
domains = ["example.in"]
discovery = [{ type = "feed", url = "feed/" }]
"""


def write(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_discovery_urls_are_resolved_against_the_base_url(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE", "http://127.0.0.1:9999")
    local, real = load_sources(write(tmp_path, FILE))
    assert [(d.type, d.url, d.pages) for d in local.discovery] == [
        ("sitemap", "http://127.0.0.1:9999/portal/wp-sitemap.xml", 1),
        ("listing", "http://127.0.0.1:9999/portal/category/x/", 3)]
    assert local.is_article("http://127.0.0.1:9999/portal/2024/03/14/baithak/")
    assert not local.is_article("http://127.0.0.1:9999/portal/category/x/")
    assert real.is_article("https://example.in/anything")


def test_a_source_with_an_unset_variable_is_skipped(tmp_path, monkeypatch):
    monkeypatch.delenv("SITE", raising=False)
    assert [s.name for s in load_sources(write(tmp_path, FILE))] == ["real"]


def test_one_source_by_name(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE", "http://127.0.0.1:9999")
    assert [s.name for s in load_sources(write(tmp_path, FILE), only="real")] == ["real"]
    with pytest.raises(SourcesError, match="no source named 'nope'"):
        load_sources(write(tmp_path, FILE), only="nope")


@pytest.mark.parametrize("broken, message", [
    (FILE.replace('type = "feed"', 'type = "magic"'), "discovery type 'magic'"),
    (FILE.replace('domains = ["example.in"]', ""), "real: domains is missing"),
    (FILE.replace("'/\\d{4}", "'(/\\d{4}"), "bad pattern"),
    (FILE.replace('name = "real"', 'name = "local"'), "names must be unique"),
    (FILE + 'concurency = 4\n', r"source real: unknown key 'concurency' \(did you mean 'concurrency'\?\)"),
    (FILE + 'download_delay = "fast"\n', r"source real: key 'download_delay' must be an integer or a number, "
                                          r"not a string \('fast'\)"),
    (FILE + 'allow_private = "yes"\n', "key 'allow_private' must be true or false"),
    (FILE + 'concurrency = true\n', "key 'concurrency' must be an integer, not true or false"),
    (FILE + 'concurrency = 0\n', "key 'concurrency' must be at least 1"),
    (FILE.replace('url = "feed/" }', 'url = "feed/", page = 2 }'), "source real: discovery entry 1: unknown key 'page'"),
    (FILE.replace("[[source]]", "[[sources]]", 1), "the file: unknown key 'sources'"),
    (FILE.replace('domains = ["example.in"]', 'domains = "example.in"'), "key 'domains' must be an array"),
    (FILE.replace('["example.in"]', '["example.in"'), "cannot read sources file .*: Unclosed array"),
])
def test_mistakes_in_the_file_are_named(tmp_path, monkeypatch, broken, message):
    monkeypatch.setenv("SITE", "http://127.0.0.1:9999")
    with pytest.raises(SourcesError, match=message) as raised:
        load_sources(write(tmp_path, broken))
    assert "\n" not in str(raised.value) and str(tmp_path / "sources.toml") in str(raised.value)


def test_the_shipped_file_lists_at_least_eight_real_sites(monkeypatch):
    monkeypatch.delenv("FIXTURE_SITE", raising=False)
    real = load_sources()
    assert len(real) >= 8
    assert all(s.base_url.startswith("https://") for s in real)
