"""Every number on a 工作台 equals the list it opens (issue 12 item 2): each badge of each user's home page is
followed and the list's “共 N 件” compared — as tests/test_stats_figures.py does for the dashboard's figures."""
from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from extensions import db
from models.org import User
from rules import clock
from services.demo.seed import DEMO_PASSWORD
from tests.conftest import login
from tests.factories import make_proposal

BADGE = re.compile(r'<li class="list-group-item[^"]*">\s*<a href="([^"]+)">([^<]+)</a>\s*<span class="badge[^"]*">(\d+)</span>')
TOTAL = re.compile(r"共\s*(\d+)\s*(?:件|项|个)")


def badges(client) -> list[tuple[str, str, int]]:
    page = client.get("/").get_data(as_text=True)
    return [(html.unescape(url), label.strip(), int(n)) for url, label, n in BADGE.findall(page)]


def list_total(client, url: str) -> int | None:
    response = client.get(url)
    assert response.status_code == 200, url
    found = TOTAL.search(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))
    return int(found.group(1)) if found else None


def mismatches(client) -> list[str]:
    wrong = []
    for url, label, n in badges(client):
        total = list_total(client, url)
        if total != n:
            wrong.append(f"{label} {n} → {url} 共 {total}")
    return wrong


@pytest.mark.slow
def test_every_badge_on_every_demo_users_home_opens_a_list_of_that_many(app, runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    users = db.session.scalars(sa.select(User).where(User.active.is_(True)).order_by(User.id)).all()
    problems, seen = {}, 0
    for user in users:
        with client.session_transaction() as sess:
            sess.clear()
        login(client, user.username, DEMO_PASSWORD)
        seen += len(badges(client))
        wrong = mismatches(client)
        if wrong:
            problems[user.username] = wrong
    assert not problems, problems
    assert seen >= 30  # the demo gives every role something to count


def _to_signoff(p, handler, head, office):
    p.sign_for(handler)
    p.add_contact(handler, stage="before", method="phone", contact_on=clock.today(), participants="承办人", leader_present=False,
                  deputy_said="")
    p.save_draft(handler, body="答复正文", result_class="A", contact_person="周立伟", contact_phone="1", doc_no="江南环函〔2026〕1号")
    p.submit_draft(handler)
    p.approve_draft(head)
    p.pass_draft(office)


def test_the_leaders_badges_count_what_their_lists_show(client, world, as_user):
    today = clock.today()
    mine = make_proposal("1001", lead=world.air, leader=world.leader, assigned_on=today - timedelta(days=30))
    other = make_proposal("1002", lead=world.air, leader=world.leader_b, assigned_on=today - timedelta(days=30))  # in my charge, 刘 signs
    for p in (mine, other):
        _to_signoff(p, world.handler_a, world.head_a, world.office)
    # A key item in my charge that another leader leads, and one I lead.
    make_proposal("1003", lead=world.air, leader=world.leader_b, is_key=True, assigned_on=today - timedelta(days=30))
    led = make_proposal("1004", lead=world.water, leader=world.leader_b, assigned_on=today - timedelta(days=30), commit=False)
    led.assign(world.office, lead_department=world.water, responsible_leader=world.leader_b, is_key=True, leading_leader=world.leader)
    # Overdue: one led by my 处室, one where my 处室 only co-handles (not mine: the 水生态环境处 answers).
    make_proposal("1005", lead=world.air, leader=world.leader, assigned_on=today - timedelta(days=120))
    make_proposal("1006", lead=world.water, co=[world.air], leader=world.leader_b, assigned_on=today - timedelta(days=120))
    db.session.commit()

    leader = as_user("leader")
    found = {label: (url, n) for url, label, n in badges(leader)}
    assert found["待我签发"][1] == 1 and found["我领办的重点件（在办）"][1] == 1 and found["超期未答复"][1] == 1
    assert mismatches(leader) == []
    page = leader.get("/").get_data(as_text=True)
    assert page.count("超期未答复") == 1  # one count of it per page, from one “mine”

    department = as_user("handler_a")
    found = {label: n for _, label, n in badges(department)}
    assert found["超期"] == 1
    assert mismatches(department) == []
    assert mismatches(as_user("office")) == []
