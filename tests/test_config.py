import pytest

from config import DEFAULT_SECRET_KEY, normalise_database_url
from tests.conftest import BASE_CONFIG, make_app


def test_production_refuses_the_default_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(LIANXIN_ENV="production", SECRET_KEY=DEFAULT_SECRET_KEY)


def test_production_refuses_a_short_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(LIANXIN_ENV="production", SECRET_KEY="short")


def test_production_sets_secure_cookies():
    app = make_app(LIANXIN_ENV="production", SECRET_KEY="a-long-and-random-production-secret")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_cookies_are_httponly_and_lax_but_not_secure():
    app = make_app()
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_variables_configure_the_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://lx:pw@db.example/lianxin")
    cfg = {k: v for k, v in BASE_CONFIG.items() if k != "SQLALCHEMY_DATABASE_URI"}
    from app import create_app

    app = create_app(cfg)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://lx:pw@db.example/lianxin"


def test_the_upload_folder_comes_from_the_environment_for_a_shared_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("UPLOAD_FOLDER", str(tmp_path / "shared"))
    cfg = {k: v for k, v in BASE_CONFIG.items() if k != "UPLOAD_FOLDER"}
    from app import create_app

    assert create_app(cfg).config["UPLOAD_FOLDER"] == str(tmp_path / "shared")
    monkeypatch.delenv("UPLOAD_FOLDER")
    assert create_app(cfg).config["UPLOAD_FOLDER"].endswith("uploads")  # the instance folder's, by default


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    cfg = {k: v for k, v in BASE_CONFIG.items() if k != "SQLALCHEMY_DATABASE_URI"}
    from app import create_app

    app = create_app(cfg)
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/lianxin.db")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_normalisation(raw, expected):
    assert normalise_database_url(raw) == expected


def test_sqlite_connections_have_foreign_keys_and_wal(app):
    from tests.conftest import IS_POSTGRES

    if IS_POSTGRES:
        pytest.skip("SQLite pragmas only")
    from extensions import db

    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_wsgi_entry_builds_the_app_and_tunes_the_collector(tmp_path):
    """``wsgi:app`` (gunicorn, waitress) is the application, with the objects built at start-up frozen out of
    garbage collection and young collections less frequent; importing the app for tests or commands changes nothing."""
    import json
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "DATABASE_URL": "sqlite:///" + str(tmp_path / "w.db"), "LIANXIN_ENV": "development"}
    probe = (
        "import gc, json; before = gc.get_threshold(); import app; plain = (gc.get_freeze_count(), gc.get_threshold()); "
        "import wsgi; print(json.dumps({'before': before, 'plain': plain, 'frozen': gc.get_freeze_count(), "
        "'threshold': gc.get_threshold(), 'name': wsgi.app.name, 'rules': len(list(wsgi.app.url_map.iter_rules()))}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    from services.runtime import GC_THRESHOLDS

    assert got["plain"] == [0, got["before"]]
    assert got["frozen"] > 10_000
    assert tuple(got["threshold"]) == GC_THRESHOLDS != tuple(got["before"])
    assert got["name"] == "app" and got["rules"] > 100
