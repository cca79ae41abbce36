"""Downloads are not cached and their names cannot inject headers; a password may not contain the user name
(issue 11 item 11)."""
from __future__ import annotations

import pytest

from extensions import db
from models.proposals import Attachment
from services import uploads
from tests.conftest import login
from tests.factories import add_proposal_world, add_reception_world
from tests.test_access_matrix import PEOPLE, ROUTES, SAMPLES, WORLD_EXTENDERS, _allowed, _build_url  # noqa: F401


def test_every_download_and_every_page_for_a_logged_in_user_is_sent_no_store(app, world):
    for extend in WORLD_EXTENDERS:
        extend(world)
    clients = {}
    downloads = []
    for endpoint, rule, method in ROUTES:
        if method != "GET" or endpoint == "static":
            continue
        access = app.view_functions[endpoint].access
        person = next((p for p in ("office", "admin", "leader", "handler_a") if _allowed(access, PEOPLE[p])), None)
        if person is None:
            continue
        if person not in clients:
            clients[person] = app.test_client()
            login(clients[person], person)
        response = clients[person].get(_build_url(app, endpoint, rule, world))
        if response.status_code == 200:
            assert response.headers.get("Cache-Control") == "no-store", (endpoint, response.headers.get("Cache-Control"))
            if "attachment" in response.headers.get("Content-Disposition", ""):
                downloads.append(endpoint)
    # The ledger, statistics and commitments workbooks, the reception notice and an item's file.
    assert {"stats.export_ledger", "stats.export_stats", "stats.export_commitments", "reception.notice_xlsx",
            "proposals.attachment"} <= set(downloads), downloads


@pytest.mark.parametrize("name", ["纪要\r\nX-Evil: 1.pdf", "纪要\x7f\x1f.pdf", "invoice\u202efdp.exe.pdf", "\x07\x1b纪要.pdf"])
def test_control_characters_are_cleaned_from_attachment_names(world, as_user, name):
    add_proposal_world(world)
    stored = world.attachment
    stored.original_name = name  # as an older upload may have kept it
    db.session.commit()
    response = as_user("handler_a").get(f"/proposals/attachments/{stored.id}")
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    assert "X-Evil" not in response.headers and not any(c in header for c in "\r\n\x00\x07\x1b\u202e")
    assert "X-Evil" not in dict(response.headers)
    cleaned = uploads.safe_display_name(name, "pdf")
    assert cleaned.endswith(".pdf") and not any(ord(c) < 32 or c == "\u202e" for c in cleaned)


def test_a_password_containing_the_user_name_is_refused_everywhere(app, world, as_user):
    me = as_user("handler_a")
    response = me.post("/account/password", data={"current": "pass-1234", "new": "My-handler_a-2026", "confirm": "My-handler_a-2026"})
    assert response.status_code == 422 and "密码不能包含用户名" in response.get_data(as_text=True)
    admin = as_user("admin")
    before = db.session.get(type(world.handler_b), world.handler_b.id).password_hash
    refused = admin.post(f"/admin/users/{world.handler_b.id}/reset-password", data={"password": "HANDLER_B-9999"}, follow_redirects=True)
    assert "密码不能包含用户名" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(world.handler_b), world.handler_b.id).password_hash == before
    response = admin.post("/admin/users/new", data={"username": "zhangwei", "name": "张伟", "roles": ["office"], "department_id": world.office_dept.id,
                                                   "password": "zhangwei2026!", "active": "y"})
    assert response.status_code == 422 and "密码不能包含用户名" in response.get_data(as_text=True)
    # A password without it is fine.
    me = as_user("handler_a")
    ok = me.post("/account/password", data={"current": "pass-1234", "new": "river-stone-2026", "confirm": "river-stone-2026"})
    assert ok.status_code == 303
