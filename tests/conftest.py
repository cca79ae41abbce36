"""Fixtures: an app on a throw-away database (SQLite by default, PostgreSQL with
TEST_DATABASE_URL), a client, a CLI runner, and a small bureau with one user per role."""
from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime

import pytest
import sqlalchemy as sa
import time_machine
from hypothesis import core as hypothesis_core
from hypothesis import settings
from jinja2 import BytecodeCache

from app import create_app
from extensions import db
from tests.factories import make_world

_tmpdir = tempfile.mkdtemp(prefix="lianxin-test-")
DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + os.path.join(_tmpdir, "test.db")
IS_POSTGRES = DATABASE_URL.startswith("postgres")

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "SQLALCHEMY_DATABASE_URI": DATABASE_URL,
    "WTF_CSRF_ENABLED": False,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing in tests only
    "UPLOAD_FOLDER": os.path.join(_tmpdir, "uploads"),
    "LIANXIN_ENV": "development",
}


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="INSTANT",
        help="start every test at this instant (ISO 8601 with its offset, e.g. 2026-06-10T23:30+08:00); "
        "the clock ticks from there. scripts/test-clock.sh runs the date-sensitive tests around Beijing's midnight.",
    )


@pytest.fixture(autouse=True)
def _clock_at_option(request):
    """``--clock``: each test starts at the given instant (tests that freeze their own time still do)."""
    instant = request.config.getoption("--clock")
    if not instant:
        yield
        return
    at = datetime.fromisoformat(instant)
    assert at.tzinfo is not None, "--clock needs an offset, e.g. +08:00"
    with time_machine.travel(at, tick=True):
        yield


# Hypothesis draws from one known seed, so a failure in CI happens again on a laptop: 16 unless
# ``--hypothesis-seed=N`` (Hypothesis' own option) says otherwise. A failing test prints the seed and the
# ``@reproduce_failure`` blob of the shrunk example.
HYPOTHESIS_SEED = 16
settings.register_profile("lianxin", print_blob=True)
settings.load_profile("lianxin")


def _hypothesis_seed(config):
    return config.getoption("--hypothesis-seed") or HYPOTHESIS_SEED


def pytest_configure(config):
    if config.getoption("--hypothesis-seed") is None:
        hypothesis_core.global_force_seed = HYPOTHESIS_SEED  # what --hypothesis-seed sets


def pytest_report_header(config):
    lines = [f"hypothesis seed: {_hypothesis_seed(config)}"]
    instant = config.getoption("--clock")
    if instant:
        lines.append(f"clock: every test starts at {instant}; TZ={os.environ.get('TZ', '(unset)')}")
    return lines


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and "Falsifying example" in report.longreprtext:
        seed = _hypothesis_seed(item.config)
        report.sections.append(("hypothesis", f"seed {seed}: rerun with  pytest '{item.nodeid}' --hypothesis-seed={seed}"))


# Hooks run after the ORM tables are emptied (e.g. full-text index tables outside the metadata).
EXTRA_CLEANUP: list = []


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates shared by the many apps the tests create (compiling them per app
    was most of a request-level test's time)."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


def make_app(**overrides):
    return _make_app({**BASE_CONFIG, **overrides})


def make_app_as_configured(**overrides):
    """The app with the defaults' CSRF setting (the test settings turn CSRF off; this does not),
    e.g. ``make_app_as_configured(LIANXIN_ENV="production")``."""
    base = {k: v for k, v in BASE_CONFIG.items() if k != "WTF_CSRF_ENABLED"}
    return _make_app({**base, **overrides})


def _make_app(config: dict):
    app = create_app(config)
    app.jinja_env.bytecode_cache = _BYTECODE

    def _fresh_request_state():
        # Tests keep one app context open across requests, so ``g`` outlives a request here
        # (in production every request has its own). Forget the previous request's state
        # (Flask-Login's user, Flask-WTF's token).
        from flask import g

        g.__dict__.clear()

    # First in line, before CSRFProtect records that the request's token was valid.
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_request_state)
    return app


@pytest.fixture(scope="session")
def _schema():
    app = make_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        from models import schema_extras

        schema_extras.install(db.engine)
        db.engine.dispose()
    yield


def _empty_database():
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if IS_POSTGRES:
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
            if conn.execute(sa.text("SELECT name FROM sqlite_master WHERE name='sqlite_sequence'")).first():
                conn.execute(sa.text("DELETE FROM sqlite_sequence"))
        for hook in EXTRA_CLEANUP:
            hook(conn)


@pytest.fixture
def app(_schema):
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()
        _empty_database()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app):
    """Two 处室, and one user per role: the people the matrix tests log in as."""
    return make_world()


def login(client, username: str, password: str = "pass-1234"):
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, f"login as {username} failed: {response.status_code}"
    return response


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def as_user(client):
    """Log the test client in as one of the world's users: ``as_user("office")``."""

    def _login(username: str):
        client.get("/", follow_redirects=False)
        with client.session_transaction() as sess:
            sess.clear()
        login(client, username)
        return client

    return _login


# Browser fixtures (browser, page, live_server) for tests marked ``browser``.
from tests.browser_support import browser, live_server, page  # noqa: E402,F401


# Search (issue #4): the full-text index table lives outside the ORM metadata; empty it with the rest.
def _empty_search_index(conn):
    from services import search

    search.clear(conn)


EXTRA_CLEANUP.append(_empty_search_index)
