import sqlalchemy as sa

from extensions import db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok"}


def test_healthz_reports_a_database_failure(client, monkeypatch):
    def broken(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("database is down"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "db": "error"}


def test_pages_carry_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_error_pages_are_in_chinese(client, world):
    from tests.conftest import login

    assert "页面不存在" in client.get("/no-such-page").get_data(as_text=True)
    login(client, "handler_a")
    response = client.get("/admin/users")
    assert response.status_code == 403 and "无权访问" in response.get_data(as_text=True)


def test_templates_have_no_inline_scripts_or_styles():
    """The CSP forbids inline scripts and styles, so templates must not contain them."""
    import pathlib
    import re

    offenders = []
    for path in (pathlib.Path(__file__).resolve().parent.parent / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r'\sstyle="', text) or re.search(r"\son[a-z]+=\"", text) or "<style" in text:
            offenders.append(str(path))
    assert offenders == []
