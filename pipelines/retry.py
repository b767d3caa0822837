"""Which skips are worth another try, and when (issue 9: nothing lost).

Permanent: the page is what it is (404/410 and other 4xx, not HTML, too large, too short, not
Hindi, refused off-site or private, a redirect loop). Transient: it may answer next time (5xx,
408/429, timeouts, connection errors, cancelled downloads, database errors). A transient skip is
fetched again by a later crawl after `base · 2^(attempts-1)` seconds, at most `cap`.
"""
from __future__ import annotations

import re

TRANSIENT = re.compile(r"^http_(5\d\d|408|429)$|error$|timeout$|cancelled$")
PERMANENT = {"binary", "too_large", "too_short", "offsite", "offsite_redirect", "private_address",
             "redirect_loop", "extract_error"}
DEFAULT_BACKOFF = 3600.0          # one hour after the first failure, then 2, 4, 8 … hours
MAX_BACKOFF = 7 * 24 * 3600.0     # never longer than a week


def is_transient(reason: str) -> bool:
    return reason not in PERMANENT and not reason.startswith("language_") and bool(TRANSIENT.search(reason))
