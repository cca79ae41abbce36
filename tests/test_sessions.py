"""Sessions are held on the server (issue 11 item 3): a cookie copied before logout, a password change,
deactivation or an admin's “sign out everywhere” no longer reads or writes anything when replayed; a login
ends after 30 idle minutes (configurable) and 8 hours after it began, whatever the activity."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from extensions import db
from models.org import UserSession
from tests.conftest import login, make_app
from tests.factories import make_proposal

COOKIE = "lianxin_session"


def stolen(app, client):
    """Another browser holding a copy of ``client``'s cookie (what an attacker copied)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def reads(thief, item) -> bool:
    return thief.get(f"/proposals/{item.id}").status_code == 200


def writes(thief, item) -> bool:
    from models.proposals import ProgressNote

    count = db.select(db.func.count()).select_from(ProgressNote)
    before = db.session.scalar(count)
    thief.post(f"/proposals/{item.id}/notes", data={"note-body": "用复制的登录写入"})
    return db.session.scalar(count) > before


@pytest.fixture
def item(world):
    p = make_proposal("1037", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    db.session.commit()
    return p


def at(when=datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)):
    return time_machine.travel(when, tick=False)


def test_a_cookie_copied_before_logout_is_worthless_after_it(app, client, world, item):
    with at():
        login(client, "handler_a")
        thief = stolen(app, client)
        assert reads(thief, item) and writes(thief, item), "the copy works while the login lasts"
        client.post("/logout")
        assert not reads(thief, item)
        assert not writes(thief, item)
        row = db.session.scalars(db.select(UserSession)).one()
        assert row.ended_at is not None and row.end_reason == "logout"


def test_changing_ones_password_ends_the_other_sessions_but_not_this_one(app, client, world, item):
    with at():
        login(client, "handler_a")
        other = app.test_client()
        login(other, "handler_a")
        thief = stolen(app, other)
        response = client.post("/account/password", data={"current": "pass-1234", "new": "newpass-2026", "confirm": "newpass-2026"})
        assert response.status_code == 303
        assert reads(client, item)
        assert not reads(thief, item) and not reads(other, item)


def test_deactivation_ends_sessions_for_good_even_after_reactivation(app, client, world, item):
    with at():
        login(client, "handler_a")
        thief = stolen(app, client)
        admin = app.test_client()
        login(admin, "admin")
        admin.post(f"/admin/users/{world.handler_a.id}/active", data={"active": "0"})
        assert not reads(thief, item)
        admin.post(f"/admin/users/{world.handler_a.id}/active", data={"active": "1"})
        assert not reads(thief, item), "reactivating the account does not revive the old cookie"
        login(client, "handler_a")
        assert reads(client, item)


def test_an_admin_signs_a_user_out_everywhere_and_sees_their_sessions(app, client, world, item):
    with at():
        login(client, "handler_a")
        second = app.test_client()
        login(second, "handler_a")
        thief = stolen(app, client)
        admin = app.test_client()
        login(admin, "admin")
        page = admin.get(f"/admin/users/{world.handler_a.id}/edit").get_data(as_text=True)
        assert "共 2 处有效登录" in page and "30 分钟无操作" in page
        response = admin.post(f"/admin/users/{world.handler_a.id}/sign-out")
        assert response.status_code == 303
        assert not reads(thief, item) and not reads(client, item) and not reads(second, item)
        assert "共 0 处有效登录" in admin.get(f"/admin/users/{world.handler_a.id}/edit").get_data(as_text=True)
        assert admin.get("/admin/users").status_code == 200  # the admin's own session is untouched
        from models import audit

        assert "sign_out" in {e.action for e in audit.entries_for("user", world.handler_a.id)}


def test_an_idle_login_ends_after_thirty_minutes_while_activity_keeps_it(app, client, world, item):
    with at() as traveller:
        login(client, "handler_a")
        for _ in range(4):  # active every 25 minutes for 100 minutes
            traveller.shift(timedelta(minutes=25))
            assert reads(client, item)
        traveller.shift(timedelta(minutes=31))
        response = client.get(f"/proposals/{item.id}")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        assert "长时间未操作" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_idle_limit_is_configurable(world, item, _schema):
    short = make_app(SESSION_IDLE_MINUTES=5)
    with short.app_context(), at() as traveller:
        c = short.test_client()
        login(c, "handler_a")
        traveller.shift(timedelta(minutes=6))
        assert c.get("/").status_code == 302


def test_a_busy_login_still_ends_after_eight_hours(app, client, world, item):
    with at() as traveller:
        login(client, "handler_a")
        for _ in range(8 * 3):  # a request every 20 minutes for 8 hours
            traveller.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=20))
        assert client.get("/").status_code == 302


def test_the_cookie_holds_only_a_token_whose_hash_is_stored(app, client, world):
    with at():
        login(client, "handler_a")
        with client.session_transaction() as sess:
            token = sess["sid"]
        row = db.session.scalars(db.select(UserSession)).one()
        assert token not in row.token_hash and len(row.token_hash) == 64
