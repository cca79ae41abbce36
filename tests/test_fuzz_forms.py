"""Fuzzing every form page (routes with GET and POST) with hypothesis: whatever is typed, the
answer is never a 500, and every error message shown is Chinese."""
import re

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.org import Role
from web.access import LOGGED_IN, PUBLIC
from tests.conftest import login
from tests.test_access_matrix import PEOPLE, ROUTES, SAMPLES, WORLD_EXTENDERS

ROUTE_SET = set(ROUTES)
FORM_ROUTES = [r for r in ROUTES if r[2] == "POST" and (r[0], r[1], "GET") in ROUTE_SET]
CJK = re.compile(r"[\u4e00-\u9fff]")
NASTY = st.sampled_from(["", " ", "0", "-1", "9" * 40, "2026-02-30", "2026-13-01", "abc", "<b>粗体</b>", "'; DROP TABLE users; --", "=1+1", "\u3000", "第1037号", "\x00", "a\x00b"])
VALUES = st.one_of(NASTY, st.text(max_size=80))


def _person_for(access):
    if access in (PUBLIC, LOGGED_IN):
        return "office"
    for person in ("office", "admin", "handler_a", "leader", "head_b"):
        if set(access) & PEOPLE[person]:
            return person
    raise AssertionError(access)


def open_as_allowed(app, world, endpoint: str, rule: str):
    """A client logged in as someone the route lets in (none for the login page), and the route's URL in the full world."""
    for extend in WORLD_EXTENDERS:
        extend(world)
    rule_obj = next(r for r in app.url_map.iter_rules(endpoint=endpoint) if r.rule == rule)
    with app.test_request_context():
        url = url_for(endpoint, **{a: SAMPLES[a](world) for a in rule_obj.arguments})
    client = app.test_client()
    if endpoint != "auth.login":
        login(client, _person_for(app.view_functions[endpoint].access))
    return client, url


def _field_names(html: str) -> list[str]:
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', html))
    return sorted(names - {"csrf_token"})


def _messages(html: str) -> list[str]:
    found = re.findall(r'class="invalid-feedback[^"]*">\s*([^<]+?)\s*<', html)
    found += re.findall(r'class="alert alert-danger[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    return found


def test_there_are_forms_to_fuzz():
    assert len(FORM_ROUTES) >= 10


@pytest.mark.parametrize("endpoint,rule,method", FORM_ROUTES)
def test_fuzzed_form_never_500_and_speaks_chinese(app, world, endpoint, rule, method):
    client, url = open_as_allowed(app, world, endpoint, rule)
    page = client.get(url)
    assert page.status_code < 500
    names = _field_names(page.get_data(as_text=True)) or ["name"]

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names)))
    def submit(data):
        response = client.post(url, data=data)
        assert response.status_code < 500, f"{url} {data!r} → {response.status_code}"
        if response.mimetype == "text/html":
            for message in _messages(response.get_data(as_text=True)):
                assert CJK.search(message), f"non-Chinese message on {url}: {message!r}"

    submit()
