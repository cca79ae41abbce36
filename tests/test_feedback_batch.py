"""征询意见表 in batches: after the session the office enters the returned forms on one screen (or imports the
filled-in template); all rows or none; 不满意 from the lead proposer starts re-handling as the single form does."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from extensions import db
from models.proposals import Feedback, Proposal
from rules import clock
from models import workcal
from rules import deadlines as rules_mod
from tests.factories import make_proposal
from tests.stats_support import frozen

TODAY = date(2026, 7, 20)


@pytest.fixture(autouse=True)
def _clock():
    with frozen(TODAY):
        yield


def _replied(world, number: str, proposers=("顾振宇",), sent_on=date(2026, 7, 1)):
    with frozen(sent_on):
        return _build(world, number, proposers, sent_on)


def _build(world, number, proposers, sent_on):
    p = make_proposal(number, lead=world.air, leader=world.leader, proposers=proposers, assigned_on=date(2026, 4, 1), commit=False)
    p.sign_for(world.handler_a)
    p.add_contact(world.handler_a, stage="during", method="visit", contact_on=date(2026, 5, 6), participants="周立伟",
                  leader_present=False, deputy_said="")
    p.save_draft(world.handler_a, body="答复正文", result_class="A", contact_person="周立伟", contact_phone="1", doc_no=f"江南环函〔2026〕{number}号")
    p.submit_draft(world.handler_a)
    p.approve_draft(world.head_a)
    p.pass_draft(world.office)
    p.sign_off(world.leader)
    p.mark_sent(world.office, sent_on)
    db.session.commit()
    return p


def _row_fields(p, name, *, attitude="satisfied", result="satisfied", channel="receipt", day="2026-07-15", met=False, words=""):
    pr = next(x for x in p.proposers if x.name == name)
    data = {f"a-{pr.id}": attitude, f"r-{pr.id}": result, f"c-{pr.id}": channel, f"d-{pr.id}": day, f"w-{pr.id}": words}
    if met:
        data[f"m-{pr.id}"] = "1"
    return data


def test_the_office_enters_a_session_batch_in_one_save_and_unsatisfied_starts_rehandling(world, as_user):
    a = _replied(world, "1037", proposers=("顾振宇", "许丽娟"))
    b = _replied(world, "1038", proposers=("沈国华",))
    office = as_user("office")
    page = office.get("/proposals/feedback/batch").get_data(as_text=True)
    assert "共 2 件、3 位代表/委员待录入意见" in page

    data = {**_row_fields(a, "顾振宇", met=True, words="满意，望持续推进"), **_row_fields(a, "许丽娟", attitude="basically", result="basically", channel="online"),
            **_row_fields(b, "沈国华", result="unsatisfied", channel="phone", words="监测点仍不足")}
    response = office.post("/proposals/feedback/batch", data=data)
    assert response.status_code == 303

    db.session.expire_all()
    a, b = db.session.get(Proposal, a.id), db.session.get(Proposal, b.id)
    assert a.state == "closed" and a.closed_on == date(2026, 7, 15)
    assert {f.proposer.name: (f.result, f.channel, f.met) for f in a.feedback} == {
        "顾振宇": ("satisfied", "receipt", True), "许丽娟": ("basically", "online", False)}
    # The same re-handling as the single form: a new round with the rule's deadline from the day it came back.
    assert b.state == "rehandling" and b.round == 2
    assert b.rehandle_deadline == rules_mod.rehandle_deadline(date(2026, 7, 15), workcal.calendar(), workcal.rules())
    assert "共 0 件、0 位代表/委员待录入意见" in office.get("/proposals/feedback/batch").get_data(as_text=True)


def test_a_row_at_fault_saves_nothing_names_the_row_and_keeps_what_was_typed(world, as_user):
    a = _replied(world, "1037")
    b = _replied(world, "1038", proposers=("沈国华",), sent_on=date(2026, 7, 10))
    office = as_user("office")
    data = {**_row_fields(a, "顾振宇", words="很满意"),
            **_row_fields(b, "沈国华", day="2026-07-05"),  # before the reply went out
            }
    response = office.post("/proposals/feedback/batch?session=", data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "本次没有保存任何一行" in text
    assert "第 2 行：反馈日期不能早于答复发出日期（2026-07-10）" in text and "第1038号 沈国华" in text
    assert 'value="很满意"' in text and 'value="2026-07-05"' in text  # nothing typed is lost
    db.session.expire_all()
    assert db.session.query(Feedback).count() == 0
    assert db.session.get(Proposal, a.id).state == "replied"

    # A half-filled row is named by its column.
    pr = b.proposers[0]
    response = office.post("/proposals/feedback/batch", data={f"a-{pr.id}": "satisfied", f"c-{pr.id}": "receipt", f"d-{pr.id}": "2026-07-15"})
    assert response.status_code == 422 and "第 2 行“办理结果”列：请选择满意、基本满意或不满意" in response.get_data(as_text=True)


def test_only_the_office_enters_feedback_in_batches(world, as_user):
    a = _replied(world, "1037")
    for user in ("handler_a", "head_b", "leader"):
        client = as_user(user)
        assert client.post("/proposals/feedback/batch", data=_row_fields(a, "顾振宇")).status_code == 403
    assert db.session.query(Feedback).count() == 0


def _filled(template: bytes, fill) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb.active
    fill(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_filled_template_is_previewed_then_saved_whole(world, as_user):
    a = _replied(world, "1037", proposers=("顾振宇", "许丽娟"))
    b = _replied(world, "1038", proposers=("沈国华",))
    office = as_user("office")
    template = office.get("/proposals/feedback/template.xlsx").data
    ws = load_workbook(io.BytesIO(template)).active
    assert [c.value for c in ws[1]][:4] == ["届次", "编号", "标题", "代表/委员"]
    assert [(r[1].value, r[3].value) for r in ws.iter_rows(min_row=2)] == [("1037", "顾振宇"), ("1037", "许丽娟"), ("1038", "沈国华")]

    def bad(ws):
        ws["F2"], ws["G2"], ws["H2"], ws["I2"], ws["J2"] = "满意", "满意", "书面回执", date(2026, 7, 15), "是"
        ws["F4"], ws["G4"], ws["H4"], ws["I4"] = "满意", "很好", "电话回访", date(2026, 7, 16)  # 许丽娟 left for later (row 3)

    response = office.post("/proposals/feedback/import", data={"file": (io.BytesIO(_filled(template, bad)), "意见.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    preview_url = response.headers["Location"]
    text = office.get(preview_url).get_data(as_text=True)
    assert "发现 1 个问题，不能导入" in text and "第4行" in text and "办理结果" in text and "“很好”不是满意、基本满意或不满意" in text
    token = preview_url.rstrip("/").rsplit("/", 1)[-1]
    assert office.post(f"/proposals/feedback/import/{token}/confirm").status_code == 303
    assert db.session.query(Feedback).count() == 0  # all or nothing

    def good(ws):
        bad(ws)
        ws["G4"] = "不满意"

    response = office.post("/proposals/feedback/import", data={"file": (io.BytesIO(_filled(template, good)), "意见.xlsx")},
                           content_type="multipart/form-data")
    preview_url = response.headers["Location"]
    text = office.get(preview_url).get_data(as_text=True)
    assert "共 2 份征询意见表，没有发现问题" in text and "将重新办理" in text
    token = preview_url.rstrip("/").rsplit("/", 1)[-1]
    assert office.post(f"/proposals/feedback/import/{token}/confirm").status_code == 303
    db.session.expire_all()
    assert db.session.get(Proposal, a.id).state == "closed"
    assert db.session.get(Proposal, b.id).state == "rehandling"
    assert db.session.query(Feedback).count() == 2


def _upload(office, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["届次", "编号", "代表/委员", "办理态度", "办理结果", "反馈方式", "收到日期"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    response = office.post("/proposals/feedback/import", data={"file": (io.BytesIO(out.getvalue()), "a.xlsx")}, content_type="multipart/form-data")
    return office.get(response.headers["Location"]).get_data(as_text=True)


def test_an_import_row_the_verb_refuses_or_that_names_nobody_awaited_is_shown_in_the_preview(world, as_user):
    _replied(world, "1037", sent_on=date(2026, 7, 10))
    office = as_user("office")
    text = _upload(office, [["省十四届人大四次会议", 1037, "顾振宇", "满意", "满意", "书面", "2026-07-01"]])
    assert "第2行" in text and "反馈日期不能早于答复发出日期（2026-07-10）" in text
    text = _upload(office, [["省十四届人大四次会议", 9999, "无名氏", "满意", "满意", "书面", "2026-07-12"]])
    assert "第2行" in text and "没有待录入意见的“无名氏”" in text
    assert db.session.query(Feedback).count() == 0


def test_a_form_entered_by_someone_else_meanwhile_answers_409_and_saves_nothing(world, as_user, monkeypatch):
    """Between our check and our commit another office user enters one of the forms: the unique key
    (item, proposer, round) refuses our commit; act's ``conflict`` answers 409 with the page, nothing of ours is kept."""
    from sqlalchemy.exc import IntegrityError

    from services.proposals import feedback_batch as fb

    a = _replied(world, "1037", proposers=("顾振宇", "许丽娟"))
    saved = fb.save

    def save_then_collide(user, batch, source=""):
        saved(user, batch, source)
        raise IntegrityError("INSERT INTO feedback", {}, Exception("uq_feedback_proposal_proposer_round"))

    monkeypatch.setattr(fb, "save", save_then_collide)
    office = as_user("office")
    response = office.post("/proposals/feedback/batch", data={**_row_fields(a, "顾振宇"), **_row_fields(a, "许丽娟")})
    assert response.status_code == 409
    assert "其他人刚刚录入了其中某位代表/委员的意见，本次没有保存任何一行" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Proposal, a.id).feedback == [] and db.session.get(Proposal, a.id).state == "replied"
