"""The extractor's version changes whenever a file its output depends on changes."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from pipelines.extract import EXTRACTOR_VERSION
from pipelines.extract.version import PACKAGE, RELEASE, content_hash


def copy_package(tmp_path: Path) -> Path:
    root = tmp_path / "extract"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_the_version_is_the_release_and_the_hash_of_the_package():
    # not compared with content_hash() now: the sources may be edited while the tests run
    assert re.fullmatch(re.escape(RELEASE) + r"\+[0-9a-f]{8}", EXTRACTOR_VERSION)


def test_editing_adding_or_renaming_a_data_file_changes_the_version(tmp_path):
    root = copy_package(tmp_path)
    before = content_hash(root)
    assert before == content_hash(shutil.copytree(root, tmp_path / "again"))  # same files, same hash

    data = min(p for p in (root / "data").iterdir() if p.is_file())  # any data file
    data.write_bytes(data.read_bytes() + "\n# एक नई पंक्ति\n".encode())
    edited = content_hash(root)
    assert edited != before

    (root / "data" / "extra.txt").write_text("नया\n", encoding="utf-8")
    added = content_hash(root)
    assert added != edited

    (root / "data" / "extra.txt").rename(root / "data" / "extra2.txt")
    assert content_hash(root) != added


def test_editing_a_source_changes_the_version_but_line_endings_do_not(tmp_path):
    root = copy_package(tmp_path)
    before = content_hash(root)
    version = root / "version.py"
    version.write_bytes(version.read_bytes().replace(b"\n", b"\r\n"))
    assert content_hash(root) == before
    version.write_text(version.read_text(encoding="utf-8") + "# comment\n", encoding="utf-8")
    assert content_hash(root) != before
