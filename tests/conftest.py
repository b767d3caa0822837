"""Shared fixtures: a real PostgreSQL database, the shared evaluation data."""
from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from pipelines import db

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared(*parts: str) -> Path:
    """A path in ../shared, or a skip saying it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data {path} is absent (it lives beside the repository, in ../shared)")
    return path


@pytest.fixture(scope="session")
def database_url():
    """A fresh database on the embedded server, or on DATABASE_URL's server when that is set."""
    name = f"baithak_test_{os.getpid()}"
    url = db.create_database(name)
    with psycopg.connect(url) as conn:
        db.migrate(conn)
    yield url
    db.drop_database(name)


@pytest.fixture
def conn(database_url):
    """A connection to the test database, emptied before the test."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("TRUNCATE sources, articles, people, skipped_pages, crawl_runs RESTART IDENTITY CASCADE")
        yield connection
