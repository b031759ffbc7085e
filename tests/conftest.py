"""Shared fixtures: a store on each backend, the shared folder, test output folder."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUTPUT = ROOT / "test-output"
PG_BASE = os.environ.get("CONTRACTWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def _pg_answers() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_BASE.replace("postgresql+psycopg", "postgresql"), connect_timeout=3):
            return None
    except Exception as e:  # noqa: BLE001 - any failure means no server for these tests
        return f"{type(e).__name__}: {e}"


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL schema for this test process; skipped only when no server answers."""
    problem = _pg_answers()
    if problem:
        if os.environ.get("CONTRACTWATCH_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but does not answer: {problem}")
        pytest.skip(f"no PostgreSQL server answers at {PG_BASE}: {problem}")
    import psycopg

    schema = "cw_" + uuid.uuid4().hex[:10]
    plain = PG_BASE.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")
    yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    with psycopg.connect(plain, autocommit=True) as c:
        c.execute(f"DROP SCHEMA {schema} CASCADE")


def _reset_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    with eng.begin() as c:
        schema = c.execute(text("SELECT current_schema()")).scalar()
        c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        c.execute(text(f"CREATE SCHEMA {schema}"))
    eng.dispose()


@pytest.fixture
def fresh_pg_url(pg_url):
    """The PostgreSQL URL with its schema emptied for this test."""
    _reset_pg(pg_url)
    return pg_url


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    """An empty store on each backend."""
    from contractwatch.store import Store

    if request.param == "sqlite":
        s = Store(str(tmp_path / "t.db"))
    else:
        url = request.getfixturevalue("pg_url")
        _reset_pg(url)
        s = Store(url)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path):
    from contractwatch.store import Store

    s = Store(str(tmp_path / "t.db"))
    yield s
    s.close()
