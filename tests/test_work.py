"""The worker pool: workers start warm from the fork server; a page whose worker dies is counted, not lost."""
import os

from pipelines import work

PAGE = ("<html><head><title>बैठक</title></head><body><article><p>"
        + "पटना। भाजपा की जिला बैठक रविवार को पार्टी कार्यालय में संपन्न हुई। बैठक की अध्यक्षता जिलाध्यक्ष राम कुमार ने की। " * 4
        + "</p></article></body></html>").encode()
KEEP = frozenset({"hi"})


def page_or_death(body: bytes) -> work.Processed:
    """The stages on `body`, except that the body b"die" kills the worker process (as running out of memory would)."""
    if body == b"die":
        os._exit(9)
    return work.process(body, "http://example.test/1", 150, KEEP)


def loaded_in_this_process() -> bool:
    from pipelines import language
    return language.factory.cache_info().currsize == 1 and language.devanagari_factory.cache_info().currsize == 1


def test_a_page_that_kills_its_worker_is_skipped_with_its_reason_and_the_next_pages_go_on():
    pool = work.Pool(1)
    try:
        died = pool.call(page_or_death, b"die").result(timeout=120)
        after = pool.call(page_or_death, PAGE).result(timeout=120)
    finally:
        pool.close()
    assert died.skip is not None and died.skip[0] == "worker_died" and died.cleaned is None
    assert after.skip is None and after.language.code == "hi" and after.extraction is not None


def test_workers_start_with_both_language_profile_sets_loaded_no_page_pays_for_it():
    pool = work.Pool(2)
    try:
        assert all(pool.submit(loaded_in_this_process).result(timeout=120) for _ in range(4))
    finally:
        pool.close()
