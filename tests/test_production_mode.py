"""Production fails closed (issue 11 item 10): an unrecognised LIANXIN_ENV stops start-up, and a session or a
calendar feed created for a demo account in development is refused once the app runs in production."""
from __future__ import annotations

import re

import pytest

from extensions import db
from tests.conftest import login, make_app

SECRET = "a-long-and-random-production-secret"


@pytest.mark.parametrize("value", ["production ", " production", "production\r", "production\n", "Production", "prod", "", "test"])
def test_an_unrecognised_environment_stops_start_up(value):
    with pytest.raises(RuntimeError, match="LIANXIN_ENV"):
        make_app(LIANXIN_ENV=value, SECRET_KEY=SECRET)


@pytest.mark.parametrize("value", ["development", "production"])
def test_the_two_known_environments_start(value):
    assert make_app(LIANXIN_ENV=value, SECRET_KEY=SECRET).config["LIANXIN_ENV"] == value


def _demo(world, *users):
    for user in users:
        user.is_demo = True
    db.session.commit()


def test_a_demo_accounts_session_from_development_is_refused_in_production(app, world):
    _demo(world, world.office)
    dev = make_app(SECRET_KEY=SECRET)
    with dev.app_context():
        browser = dev.test_client()
        login(browser, "office")
        assert browser.get("/").status_code == 200
        cookie = browser.get_cookie("lianxin_session").value
        db.session.remove()
    prod = make_app(LIANXIN_ENV="production", SECRET_KEY=SECRET)
    with prod.app_context():
        replay = prod.test_client()
        replay.set_cookie("lianxin_session", cookie)
        response = replay.get("/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        db.session.remove()


def test_a_demo_accounts_feed_from_development_is_refused_in_production(app, world):
    _demo(world, world.leader)
    dev = make_app(SECRET_KEY=SECRET)
    tokens = {}
    with dev.app_context():
        for username in ("leader", "leader_b"):  # 王振华 is a demo account, 刘文清 a real one
            browser = dev.test_client()
            login(browser, username)
            page = browser.post("/calendar/subscription").get_data(as_text=True)
            tokens[username] = re.search(r"/calendar/feed/([A-Za-z0-9_\-]+)\.ics", page).group(1)
        assert dev.test_client().get(f"/calendar/feed/{tokens['leader']}.ics").status_code == 200
        db.session.remove()
    prod = make_app(LIANXIN_ENV="production", SECRET_KEY=SECRET)
    with prod.app_context():
        anonymous = prod.test_client()
        assert anonymous.get(f"/calendar/feed/{tokens['leader']}.ics").status_code == 404
        assert anonymous.get(f"/calendar/feed/{tokens['leader_b']}.ics").status_code == 200
        db.session.remove()
