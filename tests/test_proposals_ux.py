"""Where users lost time or typed text on the item pages (issue 12, items 8–10, 12–13): the contact rule said where
the work is done, forms that keep what was typed, the edit-conflict page, the import preview's dropped columns."""
from __future__ import annotations

import re
from datetime import date

from extensions import db
from models.proposals import CONTACT_MISSING_WARNING
from tests.factories import make_proposal
from tests.test_proposals_scenario import fresh, on

HX = {"HX-Request": "true"}


def _uncontacted_draft(world, number="1101"):
    """An item of 大气环境处 signed for, with a complete draft and no contact with the deputy."""
    p = make_proposal(number, lead=world.air, leader=world.leader, assigned_on=date(2026, 3, 18))
    p.sign_for(world.handler_a)
    p.save_draft(world.handler_a, body="答复正文", result_class="A", contact_person="周立伟", contact_phone="1")
    db.session.commit()
    return p


# -- item 8: the contact rule ------------------------------------------------------------------


def test_the_contact_rule_is_said_on_the_draft_form_on_submit_and_at_the_heads_review(client, world, as_user):
    with on("2026-04-01"):
        p = _uncontacted_draft(world)
        dept = as_user("handler_a")
        assert CONTACT_MISSING_WARNING in dept.get(f"/proposals/{p.id}/draft", headers=HX).get_data(as_text=True)
        assert CONTACT_MISSING_WARNING in dept.get(f"/proposals/{p.id}").get_data(as_text=True)
        response = dept.post(f"/proposals/{p.id}/draft/submit", data={"version": fresh(p).version}, follow_redirects=True)
        assert "已报处室负责人审核" in response.get_data(as_text=True)
        assert CONTACT_MISSING_WARNING in response.get_data(as_text=True)
        head = as_user("head_a")
        assert CONTACT_MISSING_WARNING in head.get(f"/proposals/{p.id}").get_data(as_text=True)
        response = head.post(f"/proposals/{p.id}/draft/approve", data={"version": fresh(p).version}, follow_redirects=True)
        assert CONTACT_MISSING_WARNING in response.get_data(as_text=True)
        assert fresh(p).state == "office_review"


def test_the_office_sees_why_it_cannot_pass_beside_the_disabled_action(client, world, as_user):
    with on("2026-04-01"):
        p = _uncontacted_draft(world)
        p.submit_draft(world.handler_a)
        p.approve_draft(world.head_a)
        db.session.commit()
        page = as_user("office").get(f"/proposals/{p.id}").get_data(as_text=True)
        button = re.search(r'<button[^>]*disabled[^>]*>审核通过，呈领导签发</button>', page)
        assert button, "the 审核通过 action is shown disabled"
        assert "尚无与代表/委员的沟通记录，不能通过审核" in page[button.end():button.end() + 400]


def test_no_contact_warning_once_a_contact_is_recorded(client, world, as_user):
    with on("2026-04-01"):
        p = _uncontacted_draft(world)
        p.add_contact(world.handler_a, stage="办中", method="电话", contact_on=date(2026, 3, 30), participants="周立伟", leader_present=False, deputy_said="")
        db.session.commit()
        assert CONTACT_MISSING_WARNING not in as_user("handler_a").get(f"/proposals/{p.id}/draft", headers=HX).get_data(as_text=True)
        p.submit_draft(world.handler_a)
        p.approve_draft(world.head_a)
        db.session.commit()
        page = as_user("office").get(f"/proposals/{p.id}").get_data(as_text=True)
        assert not re.search(r'<button[^>]*disabled[^>]*>审核通过', page)
