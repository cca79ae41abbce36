"""Every GET page answers its htmx request (issue 11 item 6): the fragment a filter, a pager or a search
box asks for is rendered for every role that may open the page — not only the whole page. The routes come
from the URL map, their parameters from the access matrix's samples."""
from __future__ import annotations

from tests.conftest import login
from tests.test_access_matrix import PEOPLE, ROUTES, SAMPLES, WORLD_EXTENDERS, _allowed, _build_url  # noqa: F401

HX = {"HX-Request": "true", "HX-Current-URL": "http://localhost/"}
GETS = sorted({(endpoint, rule) for endpoint, rule, method in ROUTES if method == "GET"})


def test_every_get_page_renders_its_htmx_fragment_for_every_role_that_may_open_it(app, world):
    for extend in WORLD_EXTENDERS:
        extend(world)
    clients = {}
    for person, roles in PEOPLE.items():
        clients[person] = app.test_client()
        if roles is not None:
            login(clients[person], person)
    failures, fragments = [], 0
    for endpoint, rule in GETS:
        url = _build_url(app, endpoint, rule, world)
        access = app.view_functions[endpoint].access
        for person, roles in PEOPLE.items():
            if roles is None or not _allowed(access, roles):
                continue
            try:
                response = clients[person].get(url, headers=HX)
            except Exception as exc:  # the test app propagates what would be a 500
                failures.append(f"{person} {url}: {type(exc).__name__}: {exc}")
                continue
            if response.status_code >= 500:
                failures.append(f"{person} {url}: {response.status_code}")
            elif response.status_code == 200 and response.mimetype == "text/html":
                fragments += "<html" not in response.get_data(as_text=True)
    assert failures == []
    assert fragments >= 20, "the pages with an htmx block answer with the block, not the whole page"


def test_the_audit_log_filtered_by_htmx_is_a_fragment_with_its_pager(app, world, as_user):
    office = as_user("office")
    response = office.get("/audit/?action=login", headers=HX)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<html" not in page and "条" in page
