"""CSRF is on for every state-changing request, htmx included (token in a header set once on <body>)."""
import re

import pytest

from tests.conftest import csrf_token_from, make_app_as_configured


@pytest.fixture(params=["default", "production"])
def csrf_client(request, app, world):
    """The app as configured by default (nothing turns CSRF on or off), and in production mode."""
    overrides = {"LIANXIN_ENV": "production"} if request.param == "production" else {}
    strict = make_app_as_configured(**overrides)
    assert strict.config["LIANXIN_ENV"] == ("production" if overrides else "development")
    with strict.app_context():
        yield strict.test_client()


def _login(client):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"username": "admin", "password": "pass-1234", "csrf_token": token}).status_code == 302


def test_login_form_without_token_is_refused_in_chinese(csrf_client):
    response = csrf_client.post("/login", data={"username": "admin", "password": "pass-1234"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True) and "请刷新页面" in response.get_data(as_text=True)


def test_form_post_without_token_is_400(csrf_client, world):
    _login(csrf_client)
    response = csrf_client.post("/admin/departments/new", data={"name": "测试处", "code": "cs"})
    assert response.status_code == 400


def test_wrong_token_is_400(csrf_client):
    _login(csrf_client)
    response = csrf_client.post("/admin/departments/new", data={"name": "测试处", "code": "cs", "csrf_token": "forged"})
    assert response.status_code == 400


def test_htmx_post_with_the_body_header_token_is_accepted(csrf_client):
    _login(csrf_client)
    page = csrf_client.get("/").get_data(as_text=True)
    header_token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    response = csrf_client.post(
        "/admin/departments/new",
        data={"name": "测试处", "code": "cs", "sort_order": "1", "active": "y"},
        headers={"X-CSRFToken": header_token, "HX-Request": "true"},
    )
    assert response.status_code == 303
    missing = csrf_client.post("/admin/departments/new", data={"name": "另一处", "code": "ly"}, headers={"HX-Request": "true"})
    assert missing.status_code == 400


def test_logout_needs_the_token(csrf_client):
    _login(csrf_client)
    assert csrf_client.post("/logout").status_code == 400
    assert csrf_client.get("/").status_code == 200
