"""Who may see and do what: one rule (Proposal.can / visible_to), refusals in Chinese, concurrent edits."""
from __future__ import annotations

import io

import pytest

from extensions import db
from models.org import User
from models.proposals import ContactRecord, Proposal
from rules import clock
from services.proposals import queries as q
from tests.factories import make_proposal, make_user
from tests.test_proposals_scenario import fresh


def proposal_routes(app):
    """Every proposal route that takes an item id, with its methods."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("proposals.") and rule.arguments == {"proposal_id"}:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_a_department_user_gets_404_on_another_departments_item_whatever_the_route(app, client, world, as_user):
    water_item = make_proposal("2001", lead=world.water, leader=world.leader_b)
    dept = as_user("handler_a")
    routes = list(proposal_routes(app))
    assert len(routes) > 20
    for rule, method in routes:
        for ident in (water_item.id, 999999):
            url = rule.rule.replace("<int:proposal_id>", str(ident))
            response = dept.open(url, method=method, data={})
            # A route the handler's role may not call at all (e.g. an office-only one) answers 403 before
            # looking at the item; every other route hides the item (404).
            roles = app.view_functions[rule.endpoint].access
            role_refused = isinstance(roles, frozenset) and bool(roles) and not world.handler_a.has_role(*roles)
            expected = 403 if role_refused else 404
            assert response.status_code == expected, f"{method} {url} → {response.status_code}, expected {expected}"
    assert dept.get(f"/proposals/{water_item.id}").status_code == 404


def test_co_handling_departments_and_leaders_in_charge_see_the_item_the_admin_does_not(client, world, as_user):
    p = make_proposal("2002", lead=world.air, co=[world.water], leader=world.leader)
    for username, status in (("handler_a", 200), ("head_b", 200), ("leader", 200), ("leader_b", 200), ("office", 200), ("admin", 404)):
        assert as_user(username).get(f"/proposals/{p.id}").status_code == status, username
    # leader_b is in charge of 水生态环境处, which co-handles the item.
    only_air = make_proposal("2003", lead=world.air, leader=world.leader)
    assert as_user("leader_b").get(f"/proposals/{only_air.id}").status_code == 404
    # ... but a leader who leads a key item sees it even outside their 处室.
    only_air.assign(world.office, lead_department=world.air, responsible_leader=world.leader, is_key=True, leading_leader=world.leader_b)
    db.session.commit()
    assert as_user("leader_b").get(f"/proposals/{only_air.id}").status_code == 200
    assert "2003" not in as_user("admin").get("/proposals/").get_data(as_text=True)


def test_visible_to_and_can_view_agree_for_everyone(world):
    items = [
        make_proposal("3001", lead=world.air, leader=world.leader),
        make_proposal("3002", lead=world.water, co=[world.air], leader=world.leader_b),
        make_proposal("3003", lead=world.water, leader=world.leader_b),
        make_proposal("3004"),  # not yet assigned
        make_proposal("3005", lead=world.water, leader=world.leader, bureau_role="co"),
    ]
    both = make_user("both", "office", "leader", department=world.office_dept, in_charge_of=[world.water])
    db.session.commit()
    for user in db.session.scalars(db.select(User)):
        by_sql = set(db.session.scalars(db.select(Proposal.id).where(q.visible_to(user))))
        by_model = {p.id for p in items if p.can(user, "view")}
        assert by_sql == by_model, user.username
    assert both.is_office and set(db.session.scalars(db.select(Proposal.id).where(q.visible_to(both)))) == {p.id for p in items}


def test_only_the_office_records_feedback(client, world, as_user):
    p = _replied(world)
    data = {"fb-proposer_id": p.lead_proposer.id, "fb-attitude": "satisfied", "fb-result": "satisfied", "fb-channel": "phone", "fb-received_on": str(clock.today())}
    for username in ("handler_a", "head_a", "leader"):
        assert as_user(username).post(f"/proposals/{p.id}/feedback", data=data).status_code == 403
    assert fresh(p).feedback == []
    # Even called directly, the model refuses anyone but the office.
    from rules.errors import Refused

    with pytest.raises(Refused, match="只有办公室可以录入"):
        p.record_feedback(world.handler_a, p.lead_proposer, met=True, attitude="satisfied", result="satisfied", words="", channel="phone", received_on=clock.today())
    assert as_user("office").post(f"/proposals/{p.id}/feedback", data=data).status_code == 303
    assert fresh(p).state == "closed"


@pytest.mark.parametrize(
    "username, url, message",
    [
        ("handler_a", "sign-for", "当前状态为“办理中”，不能签收"),
        ("office", "draft/pass", "当前状态为“办理中”，不能办公室审核"),
        ("head_b", "draft/approve", "只有主办处室负责人可以审核答复稿"),
        ("head_a", "draft/approve", "当前状态为“办理中”，不能处室审核"),
        ("leader_b", "sign-off", "只有该件的责任领导可以签发"),
        ("head_b", "sign-for", "只有主办处室的人员可以签收"),
        ("office", "sent", "不能登记发出"),
    ],
)
def test_wrong_state_or_role_is_refused_with_a_chinese_message(client, world, as_user, username, url, message):
    p = make_proposal("4001", lead=world.air, co=[world.water], leader=world.leader)
    p.sign_for(world.handler_a)
    db.session.commit()
    user = as_user(username)
    response = user.post(f"/proposals/{p.id}/{url}", data={"version": fresh(p).version})
    assert response.status_code == 303
    page = user.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page
    assert fresh(p).state == "in_progress"


def test_an_htmx_refusal_answers_409_into_the_message_area(client, world, as_user):
    p = make_proposal("4002", lead=world.air, leader=world.leader)
    dept = as_user("handler_a")
    response = dept.post(f"/proposals/{p.id}/draft/submit", data={"version": p.version}, headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#flashes" and "不能报送答复稿" in response.get_data(as_text=True)


def test_a_stale_form_is_refused_with_409_and_nothing_is_overwritten(client, world, as_user):
    p = make_proposal("5001", lead=world.air, leader=world.leader)
    stale = p.version
    # Someone else changes the 四定 first.
    p.assign(world.office, lead_department=world.air, responsible_leader=world.leader, requirements="答复前须见面")
    db.session.commit()
    office = as_user("office")
    response = office.post(f"/proposals/{p.id}/assign", data={
        "version": stale, "lead_department_id": world.water.id, "responsible_leader_id": world.leader_b.id, "bureau_role": "lead"})
    assert response.status_code == 409 and "已被其他人修改" in response.get_data(as_text=True)
    assert fresh(p).lead_department_id == world.air.id
    # A stale page's buttons too.
    dept = as_user("handler_a")
    assert dept.post(f"/proposals/{p.id}/sign-for", data={"version": stale}).status_code == 409
    assert fresh(p).state == "assigned"


def test_two_handlers_saving_the_same_draft_the_second_is_told(client, world, as_user):
    p = make_proposal("5002", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    reply = p.save_draft(world.handler_a, body="初稿")
    db.session.commit()
    first_version = reply.version
    dept = as_user("handler_a")
    data = {"draft-title": "标题", "draft-body": "甲的修改", "draft-reply_version": first_version, "draft-disclosure": "public"}
    assert dept.post(f"/proposals/{p.id}/draft", data=data).status_code == 303
    response = dept.post(f"/proposals/{p.id}/draft", data={**data, "draft-body": "乙的修改"})
    assert response.status_code == 409
    assert fresh(p).current_reply.body == "甲的修改"


def _replied(world) -> Proposal:
    p = make_proposal("6001", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    p.add_contact(world.handler_a, stage="before", method="phone", contact_on=clock.today(), participants="周立伟", leader_present=False, deputy_said="")
    p.save_draft(world.handler_a, body="答复", result_class="A", contact_person="周立伟", contact_phone="1", doc_no="江南环函〔2026〕5号")
    p.submit_draft(world.handler_a)
    p.approve_draft(world.head_a)
    p.pass_draft(world.office)
    p.sign_off(world.leader)
    p.mark_sent(world.office, clock.today())
    db.session.commit()
    return p


# -- files ---------------------------------------------------------------------------------


def _contact(client, p, files):
    return client.post(f"/proposals/{p.id}/contacts", data={
        "contact-stage": "during", "contact-method": "meeting", "contact-contact_on": str(clock.today()),
        "contact-participants": "周立伟；代表", "contact-files": files,
    }, content_type="multipart/form-data", follow_redirects=True)


def _docx() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_files_are_checked_by_content_and_a_bad_one_saves_nothing(app, client, world, as_user):
    p = make_proposal("7001", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    db.session.commit()
    dept = as_user("handler_a")
    response = _contact(dept, p, [(io.BytesIO(b"MZ\x90\x00 not a pdf"), "会议纪要.pdf")])
    assert "文件“会议纪要.pdf”的内容不是允许的类型" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ContactRecord.id))) == 0

    app.config["UPLOAD_MAX_BYTES"] = 1024
    response = _contact(dept, p, [(io.BytesIO(b"%PDF-" + b"0" * 2000), "大文件.pdf")])
    assert "超过" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ContactRecord.id))) == 0
    app.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024

    # A Word file named .txt is a Word file: it is kept, under a random name with the right extension.
    response = _contact(dept, p, [(io.BytesIO(_docx()), "../../纪要.txt"), (io.BytesIO(b"\x89PNG\r\n\x1a\n...."), "照片.png")])
    p = fresh(p)
    names = sorted(a.original_name for a in p.attachments)
    assert names == ["照片.png", "纪要.docx"]
    stored = [a.stored_name for a in p.attachments]
    assert all("纪要" not in s and len(s) > 30 for s in stored)


def test_attachments_are_served_only_to_those_who_may_see_the_item_and_always_as_downloads(client, world, as_user):
    p = make_proposal("7002", lead=world.air, co=[world.water], leader=world.leader)
    p.sign_for(world.handler_a)
    db.session.commit()
    _contact(as_user("handler_a"), p, [(io.BytesIO(b"%PDF-1.7 minutes"), "座谈纪要.pdf")])
    att = fresh(p).attachments[0]
    for username, status in (("handler_a", 200), ("head_b", 200), ("leader", 200), ("office", 200), ("leader_b", 200), ("admin", 404)):
        response = as_user(username).get(f"/proposals/attachments/{att.id}")
        assert response.status_code == status, username
        if status == 200:
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.data == b"%PDF-1.7 minutes" and response.mimetype == "application/pdf"
    # An attachment of an item the 处室 may not see: 404, as for one that does not exist.
    outsider = make_proposal("7003", lead=world.water, leader=world.leader_b)
    outsider.sign_for(world.handler_b)
    db.session.commit()
    _contact(as_user("handler_b"), outsider, [(io.BytesIO(b"%PDF-1.7 other"), "水处纪要.pdf")])
    hidden = fresh(outsider).attachments[0]
    assert as_user("handler_b").get(f"/proposals/attachments/{hidden.id}").status_code == 200
    assert as_user("handler_a").get(f"/proposals/attachments/{hidden.id}").status_code == 404
    assert as_user("handler_a").get(f"/proposals/attachments/{hidden.id + 1000}").status_code == 404
