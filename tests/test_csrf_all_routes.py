"""Every state-changing route, generated from the URL map, refuses a request without a CSRF token
or with another session's token (400), whoever sends it."""
import pytest

from tests.conftest import csrf_token_from, make_app, make_app_as_configured
from tests.test_access_matrix import SAMPLES, WORLD_EXTENDERS


def _state_changing_routes():
    app = make_app()
    rows = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access", None) is None:
            continue
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            rows.append((rule.endpoint, rule.rule, method))
    return sorted(rows)


ROUTES = _state_changing_routes()


@pytest.fixture
def strict(app, world):
    # Objects the routes need are made in the test app's own session, before the strict app's context.
    for extend in WORLD_EXTENDERS:
        extend(world)
    strict_app = make_app_as_configured()  # the defaults' CSRF setting, not the test config's
    with strict_app.app_context():
        yield strict_app


def _login(client, username):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"username": username, "password": "pass-1234", "csrf_token": token}).status_code == 302


def _url(app, endpoint, rule_text, world):
    from flask import url_for

    rule = next(r for r in app.url_map.iter_rules(endpoint=endpoint) if r.rule == rule_text)
    with app.test_request_context():
        return url_for(endpoint, **{a: SAMPLES[a](world) for a in rule.arguments})


def test_there_are_state_changing_routes():
    assert len(ROUTES) >= 8


@pytest.mark.parametrize("endpoint,rule,method", ROUTES)
def test_without_token_or_with_another_sessions_token_is_400(strict, world, endpoint, rule, method):
    url = _url(strict, endpoint, rule, world)
    # Another person's valid token, taken from their own session.
    other = strict.test_client()
    _login(other, "handler_a")
    foreign_token = csrf_token_from(other.get("/account/password").get_data(as_text=True))

    for username in ("office", "admin"):
        client = strict.test_client()
        _login(client, username)
        assert client.open(url, method=method, data={}).status_code == 400
        assert client.open(url, method=method, data={"csrf_token": foreign_token}).status_code == 400
        assert client.open(url, method=method, data={}, headers={"X-CSRFToken": foreign_token, "HX-Request": "true"}).status_code == 400
