"""One way to act (``web.actions.act``): its four answers through real routes of two blueprints, and the rules
that moved out of the views into the models' verbs."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from extensions import db
from models.proposals import Attachment, Proposal
from models.reception import ReceptionRecord
from rules import clock
from rules.errors import Refused
from tests.factories import make_proposal, make_record
from tests.test_proposals_scenario import fresh, on

HX = {"HX-Request": "true"}


# -- the four answers -----------------------------------------------------------------------------


def test_an_item_component_answers_303_the_fragment_422_with_what_was_typed_and_409(client, world, as_user):
    with on("2026-04-01"):
        p = make_proposal("2001", lead=world.air, leader=world.leader)
        p.sign_for(world.handler_a)
        db.session.commit()
        dept = as_user("handler_a")
        plain = dept.post(f"/proposals/{p.id}/notes", data={"note-body": "已与代表电话沟通"})
        assert plain.status_code == 303 and plain.headers["Location"].endswith(f"/proposals/{p.id}#notes")
        fragment = dept.post(f"/proposals/{p.id}/notes", data={"note-body": "已赴现场调研"}, headers=HX)
        body = fragment.get_data(as_text=True)
        assert fragment.status_code == 200 and 'id="notes"' in body and "已赴现场调研" in body and "<html" not in body
        refused = dept.post(f"/proposals/{p.id}/meetings", data={
            "meeting-day": "2026-03-30", "meeting-starts": "09:30", "meeting-ends": "11:00", "meeting-place": "临江市三楼小会议室"}, headers=HX)
        body = refused.get_data(as_text=True)
        assert refused.status_code == 422 and "面商日期不能早于今天" in body and "临江市三楼小会议室" in body
        stale = as_user("office").post(f"/proposals/{p.id}/urge", data={"urge-note": "请抓紧办理", "version": p.version - 1})
        assert stale.status_code == 409 and "请抓紧办理" in stale.get_data(as_text=True)
        assert fresh(p).urges == []


def test_a_reception_record_form_answers_303_422_with_what_was_typed_and_409(client, world, as_user):
    today = clock.today()
    record = make_record(world.leader, received_on=today - timedelta(days=3), department=world.air)
    record.accepted_on, record.accept_decision = today - timedelta(days=1), "accepted"
    db.session.commit()
    dept = as_user("handler_a")
    result = "搅拌站已加装喷淋并调整作业时间"
    invalid = dept.post(f"/reception/records/{record.id}/finish", data={"on": "", "result": result, "version": record.version})
    body = invalid.get_data(as_text=True)
    assert invalid.status_code == 422 and "请填写办结日期" in body and result in body
    refused = dept.post(f"/reception/records/{record.id}/finish", data={"on": f"{today:%Y-%m-%d}", "result": "   ", "version": record.version})
    assert refused.status_code == 422 and "请填写办理结果" in refused.get_data(as_text=True)
    stale = dept.post(f"/reception/records/{record.id}/finish", data={"on": f"{today:%Y-%m-%d}", "result": result, "version": record.version + 5})
    assert stale.status_code == 409 and result in stale.get_data(as_text=True)
    done = dept.post(f"/reception/records/{record.id}/finish", data={"on": f"{today:%Y-%m-%d}", "result": result, "version": record.version})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/reception/records/{record.id}")
    db.session.expire_all()
    assert db.session.get(ReceptionRecord, record.id).finished_on == today


def test_a_refused_change_saves_nothing_of_what_the_verb_did_before_it_refused(client, world, as_user):
    """Registration edits: the duplicate number is said under its field, the other fields are not saved."""
    with on("2026-04-01"):
        make_proposal("2002", lead=world.air, leader=world.leader)
        p = make_proposal("2003", lead=world.air, leader=world.leader)
        office = as_user("office")
        page = office.get(f"/proposals/{p.id}/edit").get_data(as_text=True)
        assert "2003" in page
        data = {"version": p.version, "kind": p.kind, "level": p.level, "session_name": p.session_name, "year": p.year,
                "period": p.period, "number": "2002", "title": "改过的标题", "body": p.body, "bureau_role": p.bureau_role,
                "assigning_body": p.assigning_body, "assigned_on": p.assigned_on.isoformat(), "doc_no": p.doc_no or "",
                "lead_name": p.lead_proposer.name}
        response = office.post(f"/proposals/{p.id}/edit", data=data)
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and "同类型、同届次的这个编号已被另一件使用" in body and "改过的标题" in body
        assert fresh(p).title != "改过的标题"


# -- rules that live in the verbs ------------------------------------------------------------------


def test_editing_a_closed_items_registration_is_refused_and_an_edit_is_audited(app, world):
    from models import audit

    p = make_proposal("2004", lead=world.air, leader=world.leader)
    values = {key: getattr(p, key) for key in Proposal.REGISTRATION_FIELDS}
    lead = p.lead_proposer
    proposers = [{"name": lead.name, "delegation": lead.delegation, "unit_post": lead.unit_post, "phone": lead.phone}]
    p.edit_registration(world.office, {**values, "title": "新标题"}, proposers)
    assert p.title == "新标题" and "update" in [e.action for e in audit.entries_for("proposal", p.id)]
    p.state = "closed"
    with pytest.raises(Refused, match="不能再修改登记信息"):
        p.edit_registration(world.office, values, proposers)
    other = make_proposal("2005", lead=world.air, leader=world.leader)
    other_values = {key: getattr(other, key) for key in Proposal.REGISTRATION_FIELDS}
    with pytest.raises(Refused, match="已被另一件使用") as refused:
        other.edit_registration(world.office, {**other_values, "number": "2004"}, proposers)
    assert refused.value.field == "number"


def test_an_attachment_is_kept_with_its_items_contact_and_audited_only_for_who_may_contact(app, world):
    from models import audit

    p = make_proposal("2006", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    contact = p.add_contact(world.handler_a, stage="before", method="phone", contact_on=p.assigned_on, participants="周立伟",
                            leader_present=False, deputy_said="")
    attachment = p.attach(world.handler_a, original_name="纪要.pdf", stored_name="abc.pdf", size=3, content_type="application/pdf", contact=contact)
    assert isinstance(attachment, Attachment) and attachment.contact is contact and attachment.uploaded_by_id == world.handler_a.id
    assert "上传附件：纪要.pdf" in [e.summary for e in audit.entries_for("proposal", p.id)]
    with pytest.raises(Refused, match="上传附件"):
        p.attach(world.handler_b, original_name="x.pdf", stored_name="x.pdf", size=1, content_type="application/pdf")
    other = make_proposal("2007", lead=world.air, leader=world.leader)
    other.sign_for(world.handler_a)
    with pytest.raises(Refused, match="不属于此件"):
        other.attach(world.handler_a, original_name="y.pdf", stored_name="y.pdf", size=1, content_type="application/pdf", contact=contact)


def test_a_meeting_in_the_past_is_refused_by_the_verb(app, world):
    with on("2026-04-01"):
        p = make_proposal("2008", lead=world.air, leader=world.leader)
        p.sign_for(world.handler_a)
        yesterday = datetime(2026, 3, 31, 1, 30)  # 09:30 China time
        with pytest.raises(Refused, match="面商日期不能早于今天"):
            p.plan_meeting(world.handler_a, starts_at=yesterday, ends_at=yesterday + timedelta(hours=1), place="厅会议室", leader=None)
        # Earlier today is still today (a 面商 being entered as it starts).
        early = datetime(2026, 3, 31, 17, 0)  # 01:00 on 1 April, China time
        assert p.plan_meeting(world.handler_a, starts_at=early, ends_at=early + timedelta(hours=1), place="厅会议室", leader=None)


def test_urging_in_bulk_refuses_an_item_urged_today_but_one_urge_by_hand_is_always_possible(app, world):
    with on("2026-04-01"):
        p = make_proposal("2009", lead=world.air, leader=world.leader)
        p.urge(world.office, "请加快")
        assert p.urged_today
        with pytest.raises(Refused, match="今天已催办过"):
            p.urge(world.office, "再催", once_a_day=True)
        assert not p.allows("urge", world.office, once_a_day=True) and p.allows("urge", world.office)
        p.urge(world.office, "领导再次过问")  # by hand: the office decides
        db.session.commit()
    with on("2026-04-02"):
        assert not p.urged_today and p.allows("urge", world.office, once_a_day=True)


# -- no view commits by itself ---------------------------------------------------------------------

# Views that still commit themselves, each with its reason. Everything else commits through web.actions.act.
COMMITS_ALLOWED = {
    # Logging in is not a change of a record the user asked for: a failed attempt must be counted and kept
    # (throttle) although the answer is a refusal, and the session cookie is rebuilt around the commit.
    ("blueprints/auth.py", "login"),
    # Logging out ends the server-side session row, then the cookie; there is no form, object or refusal.
    ("blueprints/auth.py", "logout"),
}


def _view_commits():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    found = []
    for path in sorted((root / "blueprints").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"
                        and ast.unparse(node.func.value) == "db.session"):
                    found.append((name, function.name))
    return found


def test_no_view_commits_by_itself_but_through_act():
    """One way to act: a view hands its change to ``web.actions.act``, which commits once and answers."""
    stray = sorted({(path, function) for path, function in _view_commits()
                    if (path, function) not in COMMITS_ALLOWED and (path, "*") not in COMMITS_ALLOWED})
    assert stray == [], "these views commit by themselves; go through web.actions.act: " + ", ".join(f"{p}:{f}" for p, f in stray)


# -- views write no audit entries -------------------------------------------------------------------

# Views allowed to write an audit entry themselves, with the reason.
VIEWS_WRITING_AUDIT = {
    "blueprints/auth.py:login": "logging in is no change of a record: the entry is written with the session it starts",
}


def test_no_view_writes_an_audit_entry_itself_the_verbs_do():
    """``audit.record`` and ``audit.diff`` belong in the models' verbs and the services, never in a blueprint."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    found = set()
    for path in sorted((root / "blueprints").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for top in tree.body:
            for node in ast.walk(top):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("record", "diff")
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"):
                    name = getattr(top, "name", "<module>")
                    found.add(f"{path.relative_to(root).as_posix()}:{name}")
    assert found <= set(VIEWS_WRITING_AUDIT), f"views writing audit entries (move them into a verb): {sorted(found - set(VIEWS_WRITING_AUDIT))}"
