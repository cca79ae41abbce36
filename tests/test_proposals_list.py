"""The list (filters, active search, pagination, a fixed number of queries), batch assignment, urging,
the 处室 inbox and the 工作台."""
from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

from extensions import db
from models.proposals import Proposal, Urge
from models import audit
from rules import clock
from tests.factories import make_proposal
from tests.test_proposals_scenario import fresh, on


def numbers(html: str) -> set[str]:
    return set(re.findall(r'lx-num">(?:建议|提案)第(\w+)号', html))


def seed(world):
    make_proposal("1037", title="关于提升基层生态环境执法能力的建议", proposers=("杨秀兰", "黄建军"), lead=world.air, leader=world.leader, is_key=True)
    make_proposal("0458", title="关于巩固城市黑臭水体治理成效的建议", proposers=("沈慧玲",), lead=world.water, co=[world.air], leader=world.leader_b)
    make_proposal("0123", kind="cppcc", title="关于推进农村生活污水治理的提案", proposers=("钱立华",), lead=world.water, leader=world.leader_b)
    make_proposal("0216", title="关于加强臭氧污染协同防控的建议", proposers=("顾振宇",), assigned_on=date(2025, 3, 18), session_name="省十四届人大三次会议")


def test_filters_in_the_query_string(client, world, as_user):
    seed(world)
    office = as_user("office")
    get = lambda qs: numbers(client.get(f"/proposals/?{qs}").get_data(as_text=True))  # noqa: E731
    assert get("") == {"1037", "0458", "0123", "0216"}
    assert get("kind=cppcc") == {"0123"}
    assert get("year=2025") == {"0216"}
    assert get("session=省十四届人大四次会议") == {"1037", "0458"}
    assert get("state=unassigned") == {"0216"}
    assert get(f"department={world.air.id}") == {"1037", "0458"}  # lead or co-handling
    assert get(f"leader={world.leader_b.id}") == {"0458", "0123"}
    assert get("key=1") == {"1037"}
    with on("2026-06-19"):  # the 2026 items are due 18 June: overdue
        office = as_user("office")  # (a session from “the future” would not be accepted)
        assert get("level=red") == {"1037", "0458", "0123", "0216"}  # 0216 (2025) was never answered
        assert get("level=yellow") == set()
    with on("2026-06-15"):
        office = as_user("office")
        assert get("level=yellow") == {"1037", "0458", "0123"}
        assert get("level=warn") == {"1037", "0458", "0123", "0216"}


def test_scope_mine_and_what_each_role_sees(client, world, as_user):
    seed(world)
    # “Mine” is one rule (proposal_queries.mine_clause): the lead 处室 in the leader's charge, or 定领导/领办 —
    # 0458, which the leader's 处室 only co-handles, is visible to them but not theirs.
    assert numbers(as_user("leader").get("/proposals/?scope=mine").get_data(as_text=True)) == {"1037"}
    assert numbers(as_user("leader").get("/proposals/").get_data(as_text=True)) == {"1037", "0458"}
    assert numbers(as_user("head_b").get("/proposals/").get_data(as_text=True)) == {"0458", "0123"}
    assert numbers(as_user("handler_a").get("/proposals/").get_data(as_text=True)) == {"1037", "0458"}
    page = as_user("admin").get("/proposals/").get_data(as_text=True)
    assert numbers(page) == set() and "目前没有与您相关的建议提案" in page


def test_active_search_over_number_title_and_proposer_with_and_without_javascript(client, world, as_user):
    seed(world)
    office = as_user("office")
    page = office.get("/proposals/").get_data(as_text=True)
    assert 'hx-trigger="input changed delay:300ms, search"' in page and '<form class="row g-2' in page
    for q, expected in (("杨秀兰", {"1037"}), ("1037", {"1037"}), ("臭氧", {"0216"}), ("黄建军", {"1037"}), ("污水", {"0123"})):
        assert numbers(office.get(f"/proposals/?q={q}").get_data(as_text=True)) == expected, q
    # htmx asks for the results only (the same template block), and caches must keep the two apart.
    response = office.get("/proposals/?q=杨秀兰", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and numbers(body) == {"1037"} and "HX-Request" in response.headers["Vary"]
    page = office.get("/proposals/?q=不存在的词").get_data(as_text=True)
    assert "没有符合条件的件" in page and "清除筛选条件" in page


def test_pagination(client, world, as_user, app):
    for i in range(35):
        make_proposal(f"{2000 + i}", commit=False)
    db.session.commit()
    office = as_user("office")
    first = office.get("/proposals/").get_data(as_text=True)
    second = office.get("/proposals/?page=2").get_data(as_text=True)
    assert len(numbers(first)) == app.config["ITEMS_PER_PAGE"] and len(numbers(second)) == 5
    assert not numbers(first) & numbers(second) and "共 35 条" in first


def _count_statements(client, url: str) -> int:
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = client.get(url)
        assert response.status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def _many(world, start: int, n: int):
    for i in range(start, start + n):
        p = make_proposal(f"{i}", lead=world.air if i % 2 else world.water, co=[world.water] if i % 3 == 0 else [],
                          leader=world.leader, proposers=("甲代表", "乙代表", "丙代表"), commit=False)
        if i % 4 == 0:
            p.urge(world.office, "请加快")
    db.session.commit()


def test_the_list_and_the_inbox_ask_the_same_number_of_queries_for_5_and_50_items(client, world, as_user):
    # A warm-up request before each count: the test shares its session with the app, and committing the
    # new items expires the logged-in user's objects, which a real request would not see.
    def counts():
        found = []
        for username, url in (("office", "/proposals/"), ("handler_a", "/proposals/inbox")):
            user = as_user(username)
            user.get(url)
            found.append(_count_statements(user, url))
        return found

    _many(world, 100, 5)
    few = counts()
    _many(world, 200, 45)
    assert counts() == few


def test_batch_assignment_after_a_assignment_meeting_is_all_or_nothing(client, world, as_user):
    items = [make_proposal(n) for n in ("3001", "3002", "3003")]
    office = as_user("office")
    page = office.get("/proposals/?state=unassigned&select=all").get_data(as_text=True)
    assert page.count('form="batch"') == 4 and page.count(" checked") >= 3  # three boxes and the button
    ids = [p.id for p in items]
    page = office.get("/proposals/batch-assign?" + "&".join(f"ids={i}" for i in ids)).get_data(as_text=True)
    assert "所选 3 件" in page
    # One of them has meanwhile a pending return request: nothing is assigned.
    blocked = make_proposal("3004", lead=world.water, leader=world.leader_b)
    blocked.request_return(world.head_b, reason="非本处室职责", suggested_department=world.air)
    db.session.commit()
    data = {"ids": ids + [blocked.id], "lead_department_id": world.air.id, "responsible_leader_id": world.leader.id,
            "requirements": "答复前须与代表见面沟通", "internal_deadline": "2026-06-05"}
    response = office.post("/proposals/batch-assign", data=data)
    assert response.status_code == 422 and "本次批量交办未保存任何一件" in response.get_data(as_text=True)
    assert all(fresh(p).is_unassigned for p in items)
    response = office.post("/proposals/batch-assign", data={**data, "ids": ids})
    assert response.status_code == 303
    for p in items:
        p = fresh(p)
        assert (p.lead_department_id, p.responsible_leader_id, p.requirements, p.internal_deadline) == (world.air.id, world.leader.id, "答复前须与代表见面沟通", date(2026, 6, 5))
        assert p.statutory_deadline == date(2026, 6, 18) and [e.action for e in audit.entries_for("proposal", p.id)] == ["create", "assign"]


def test_urging_one_item_or_all_yellow_and_red_items_and_the_department_sees_it(client, world, as_user):
    red = make_proposal("4001", assigned_on=date(2026, 1, 5), lead=world.air, leader=world.leader)  # due 7 April
    yellow = make_proposal("4002", assigned_on=date(2026, 1, 12), lead=world.air, leader=world.leader)  # due 13 April
    green = make_proposal("4003", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
    with on("2026-04-08"):
        office = as_user("office")
        response = office.post("/proposals/urge-all", data={"note": "请于本周内答复"}, follow_redirects=True)
        assert "已对 2 件超期或临期的件催办" in response.get_data(as_text=True)
        assert {u.proposal_id for u in db.session.scalars(sa.select(Urge))} == {red.id, yellow.id}
        # Again the same day: no double urging.
        response = office.post("/proposals/urge-all", data={}, follow_redirects=True)
        assert "没有需要催办的件" in response.get_data(as_text=True)
        office.post(f"/proposals/{green.id}/urge", data={"urge-note": "重点关注", "version": green.version})

        dept = as_user("handler_a")
        inbox = dept.get("/proposals/inbox").get_data(as_text=True)
        assert "办公室催办" in inbox and "请于本周内答复" in inbox and "重点关注" in inbox
        dept.post(f"/proposals/{red.id}/urges/ack", data={"version": fresh(red).version})
        assert fresh(red).unacknowledged_urges == []
        timeline = [e.action for e in audit.entries_for("proposal", red.id)]
        assert "urge" in timeline and "urge_ack" in timeline


def test_the_inbox_groups_by_what_is_to_be_done_most_urgent_first(client, world, as_user):
    later = make_proposal("5001", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
    sooner = make_proposal("5002", assigned_on=date(2026, 2, 2), lead=world.air, leader=world.leader)
    working = make_proposal("5003", lead=world.air, leader=world.leader)
    working.sign_for(world.handler_a)
    co = make_proposal("5004", lead=world.water, co=[world.air], leader=world.leader_b)
    db.session.commit()
    page = as_user("handler_a").get("/proposals/inbox").get_data(as_text=True)
    assert page.index("待签收") < page.index("办理中") < page.index("会办件：待提交会办意见")
    assert page.index(sooner.title + "</a>") < page.index(later.title + "</a>") or page.index("5002") < page.index("5001")
    # Once the co-handling opinion is given, the item leaves the 处室's to-do list.
    co.give_opinion(world.handler_a, "同意主办处室意见")
    db.session.commit()
    assert "会办件：待提交会办意见" not in as_user("handler_a").get("/proposals/inbox").get_data(as_text=True)
    assert as_user("handler_b").get("/proposals/inbox").status_code == 200
    assert as_user("office").get("/proposals/inbox").status_code == 403


def test_the_workbench_shows_each_role_what_to_do(client, world, as_user):
    make_proposal("6001")  # waiting for the 四定
    p = make_proposal("6002", lead=world.air, leader=world.leader)
    page = as_user("office").get("/").get_data(as_text=True)
    assert "建议提案 · 办公室待办" in page and "待四定交办" in page
    page = as_user("handler_a").get("/").get_data(as_text=True)
    assert "大气环境处待办" in page and "待签收" in page
    p.sign_for(world.handler_a)
    p.add_contact(world.handler_a, stage="before", method="phone", contact_on=clock.today(), participants="周立伟", leader_present=False, deputy_said="")
    p.save_draft(world.handler_a, body="答复", result_class="A", contact_person="周立伟", contact_phone="1")
    p.submit_draft(world.handler_a)
    p.approve_draft(world.head_a)
    p.pass_draft(world.office)
    db.session.commit()
    page = as_user("leader").get("/").get_data(as_text=True)
    assert "待我签发" in page


def test_the_inbox_shows_the_most_urgent_of_each_group_and_the_rest_on_the_group_page(client, world, as_user, app):
    # 18 items waiting to be signed for, the earlier assigned the more urgent; 2 of another 处室.
    waiting = [make_proposal(f"70{i:02d}", title=f"关于第{i + 1}号待签收事项的建议", assigned_on=date(2026, 1, 5) + timedelta(days=i), lead=world.air, leader=world.leader,
                             commit=False) for i in range(18)]
    others = [make_proposal(f"71{i:02d}", title=f"关于水生态第{i + 1}号事项的建议", lead=world.water, leader=world.leader_b, commit=False) for i in range(2)]
    db.session.commit()
    from blueprints.proposals.views_list import urgency_order

    order = db.session.scalars(sa.select(Proposal.id).where(Proposal.id.in_([p.id for p in waiting])).order_by(*urgency_order())).all()
    waiting.sort(key=lambda p: order.index(p.id))
    page = as_user("handler_a").get("/proposals/inbox").get_data(as_text=True)
    shown = sorted((p for p in waiting if f">{p.title}</a>" in page), key=lambda p: page.index(f">{p.title}</a>"))
    assert shown == waiting[:15]  # the 15 most urgent, in order
    assert "显示最紧急的 15 件" in page and "查看本组全部 18 件" in page and "/proposals/inbox?group=sign" in page
    assert not any(p.title in page for p in others)

    app.config["ITEMS_PER_PAGE"] = 10
    first = as_user("handler_a").get("/proposals/inbox?group=sign").get_data(as_text=True)
    second = as_user("handler_a").get("/proposals/inbox?group=sign&page=2").get_data(as_text=True)
    assert "待签收" in first and "共 18 件" in first and "第 1/2 页" in first
    assert sorted((p for p in waiting if f">{p.title}</a>" in first), key=lambda p: first.index(f">{p.title}</a>")) == waiting[:10]
    assert [p for p in waiting if f">{p.title}</a>" in second] == waiting[10:]
    assert "这一组现在没有件" in as_user("handler_a").get("/proposals/inbox?group=opinion").get_data(as_text=True)
    # An unknown group is the ordinary inbox; another 处室 sees its own items only.
    assert "查看本组全部 18 件" in as_user("handler_a").get("/proposals/inbox?group=nonsense").get_data(as_text=True)
    theirs = as_user("handler_b").get("/proposals/inbox?group=sign").get_data(as_text=True)
    assert "共 2 件" in theirs and not any(p.title in theirs for p in waiting)
    # The workbench counts the same groups and opens them.
    home = as_user("handler_a").get("/").get_data(as_text=True)
    assert re.search(r'<a href="/proposals/inbox\?group=sign">待签收</a>\s*<span class="badge[^"]*">18</span>', home)


def test_inbox_groups_of_every_kind(client, world, as_user):
    """Each group of the inbox holds what its rule says (the grouping is one SQL expression)."""
    sign = make_proposal("7201", title="关于签收分组测试的建议", lead=world.air, leader=world.leader)
    work = make_proposal("7202", title="关于办理分组测试的建议", lead=world.air, leader=world.leader)
    work.sign_for(world.handler_a)
    urged = make_proposal("7203", title="关于催办分组测试的建议", lead=world.air, leader=world.leader)
    urged.sign_for(world.handler_a)
    urged.urge(world.office, "请加快")
    returning = make_proposal("7204", title="关于退回分组测试的建议", lead=world.air, leader=world.leader)
    returning.request_return(world.head_a, reason="非本处室职责", suggested_department=world.water)
    co_open = make_proposal("7205", title="关于会办甲分组测试的建议", lead=world.water, co=[world.air], leader=world.leader_b)
    co_done = make_proposal("7206", title="关于会办乙分组测试的建议", lead=world.water, co=[world.air], leader=world.leader_b)
    co_done.give_opinion(world.handler_a, "同意")
    db.session.commit()
    from blueprints.proposals.views_list import inbox_group

    got = dict(db.session.execute(sa.select(Proposal.id, inbox_group(world.air.id))).all())
    assert got[sign.id] == "sign" and got[work.id] == "work" and got[urged.id] == "urged"
    assert got[returning.id] == "returning" and got[co_open.id] == "opinion" and got[co_done.id] is None
    water = dict(db.session.execute(sa.select(Proposal.id, inbox_group(world.water.id))).all())
    assert water[co_open.id] == "sign" and water[sign.id] is None
    page = as_user("handler_a").get("/proposals/inbox").get_data(as_text=True)
    for title, p in (("办公室催办", urged), ("待签收", sign), ("办理中", work), ("申请退回中", returning), ("会办件：待提交会办意见", co_open)):
        assert page.index(title) < page.index(p.title + "</a>")
    assert co_done.title not in page


def test_a_departments_workbench_counts_its_red_and_yellow_open_items(client, world, as_user):
    make_proposal("7301", title="关于超期件的建议", assigned_on=date(2026, 1, 5), lead=world.air, leader=world.leader)  # due 7 April
    make_proposal("7302", title="关于临期件的建议", assigned_on=date(2026, 1, 12), lead=world.air, leader=world.leader)  # due 13 April
    make_proposal("7303", title="关于正常件的建议", assigned_on=date(2026, 3, 18), lead=world.air, leader=world.leader)
    make_proposal("7304", title="关于他处超期件的建议", assigned_on=date(2026, 1, 5), lead=world.water, leader=world.leader_b)
    with on("2026-04-08"):
        home = as_user("handler_a").get("/").get_data(as_text=True)
    assert re.search(r'>超期</a>\s*<span class="badge[^"]*">1</span>', home)
    assert re.search(r'>临期（7日内）</a>\s*<span class="badge[^"]*">1</span>', home)
    assert re.search(r'>待签收</a>\s*<span class="badge[^"]*">3</span>', home)
