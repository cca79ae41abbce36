"""Factories for tests: small, explicit helpers that read like the users' work."""
from __future__ import annotations

from types import SimpleNamespace

from extensions import db
from models.org import Department, Role, User

PASSWORD = "pass-1234"


def make_department(name: str, code: str, sort_order: int = 0) -> Department:
    department = Department(name=name, code=code, sort_order=sort_order)
    db.session.add(department)
    db.session.flush()
    return department


def make_user(
    username: str,
    *roles: Role | str,
    department: Department | None = None,
    name: str | None = None,
    in_charge_of: list[Department] | tuple = (),
    password: str = PASSWORD,
    title: str = "",
) -> User:
    user = User(username=username, name=name or username, department=department, title=title)
    user.roles = roles
    user.departments_in_charge = list(in_charge_of)
    user.set_password(password, "pbkdf2:sha256:1000")
    db.session.add(user)
    db.session.flush()
    return user


def make_world() -> SimpleNamespace:
    """大气环境处 (A) and 水生态环境处 (B); a handler of A, a head of B, a leader in charge of A,
    the office and the admin. Committed, so that requests see them."""
    office_dept = make_department("办公室", "bgs", 1)
    air = make_department("大气环境处", "dqc", 3)
    water = make_department("水生态环境处", "sstc", 4)
    w = SimpleNamespace(office_dept=office_dept, air=air, water=water)
    w.handler_a = make_user("handler_a", Role.HANDLER, department=air, name="周立伟", title="主任科员")
    w.head_a = make_user("head_a", Role.HEAD, department=air, name="陈海涛", title="处长")
    w.handler_b = make_user("handler_b", Role.HANDLER, department=water, name="林晓燕", title="科员")
    w.head_b = make_user("head_b", Role.HEAD, department=water, name="宋建平", title="处长")
    w.leader = make_user("leader", Role.LEADER, name="王振华", title="副厅长", in_charge_of=[air])
    w.leader_b = make_user("leader_b", Role.LEADER, name="刘文清", title="副厅长", in_charge_of=[water])
    w.office = make_user("office", Role.OFFICE, department=office_dept, name="赵敏", title="副主任")
    w.admin = make_user("admin", Role.ADMIN, name="孙浩", title="信息中心工程师")
    db.session.commit()
    return w


# -- proposals (建议提案) -------------------------------------------------------------------

NPC_SESSION = "省十四届人大四次会议"
CPPCC_SESSION = "省政协十三届四次会议"


def office_user():
    import sqlalchemy as sa

    from models.org import UserRole

    return db.session.scalars(sa.select(User).join(UserRole).where(UserRole.role == Role.OFFICE).order_by(User.id)).first()


def make_proposal(
    number: str = "1037",
    *,
    kind: str = "npc",
    title: str = "关于加强臭氧污染协同防控的建议",
    session_name: str | None = None,
    assigned_on=None,
    lead: Department | None = None,
    co: list[Department] | tuple = (),
    leader: User | None = None,
    proposers: tuple[str, ...] = ("顾振宇",),
    bureau_role: str = "lead",
    is_key: bool = False,
    requirements: str = "",
    commit: bool = True,
):
    """An item as the office registers it; with ``lead`` it is also given its 四定 (待签收)."""
    from datetime import date

    from models.proposals import register

    assigned_on = assigned_on or date(2026, 3, 18)
    values = {
        "kind": kind, "number": number, "title": title, "assigned_on": assigned_on, "year": assigned_on.year,
        "session_name": session_name if session_name is not None else (NPC_SESSION if kind == "npc" else CPPCC_SESSION),
        "bureau_role": bureau_role, "is_key": is_key, "body": "建议内容。",
        "lead_unit": "省住房城乡建设厅" if bureau_role == "co" else "",
    }
    people = [{"name": name, "is_lead": i == 0, "delegation": "临江代表团" if kind == "npc" else "民盟界"} for i, name in enumerate(proposers)]
    office = office_user()
    proposal = register(office, values, people)
    if lead is not None:
        proposal.assign(office, lead_department=lead, responsible_leader=leader, co_departments=list(co), requirements=requirements)
    if commit:
        db.session.commit()
    return proposal


def add_proposal_world(w) -> SimpleNamespace:
    """Items of 大气环境处 (水生态环境处 co-handling, the world's leader responsible): one in progress with a
    contact, its file, a 面商 and a pending extension; one answered (B) with a commitment; one whose return
    is asked for. Committed."""
    from datetime import date, datetime, timedelta

    from models.proposals import Attachment
    from services import clock, uploads

    today = clock.today()
    w.proposal = make_proposal("1037", lead=w.air, co=[w.water], leader=w.leader, assigned_on=today - timedelta(days=20), commit=False)
    w.proposal.sign_for(w.handler_a)
    contact = w.proposal.add_contact(w.handler_a, stage="办前", method="电话", contact_on=today, participants="周立伟；顾振宇代表",
                                     leader_present=False, deputy_said="")
    stored = uploads.store(b"%PDF-1.4 test", "pdf")
    w.attachment = Attachment(original_name="纪要.pdf", stored_name=stored, size=13, content_type="application/pdf")
    w.proposal.attachments.append(w.attachment)
    w.attachment.contact = contact
    start = datetime.combine(today + timedelta(days=3), datetime.min.time()).replace(hour=2)
    w.meeting = w.proposal.plan_meeting(w.handler_a, starts_at=start, ends_at=start + timedelta(hours=1), place="厅三楼会议室", leader=w.leader)
    w.extension = w.proposal.request_extension(w.handler_a, until=w.proposal.max_extension(), reason="需会同多部门调研")

    w.replied = make_proposal("0458", lead=w.air, leader=w.leader, assigned_on=today - timedelta(days=40), commit=False)
    w.replied.sign_for(w.handler_a)
    w.replied.add_contact(w.handler_a, stage="办中", method="走访", contact_on=today, participants="周立伟", leader_present=False, deputy_said="")
    w.replied.save_draft(w.handler_a, body="答复正文", result_class="B", contact_person="周立伟", contact_phone="1",
                         commitment_text="年底前建成监测站", commitment_due_on=date(today.year + 1, 6, 30), doc_no="江南环函〔2026〕1号")
    w.replied.submit_draft(w.handler_a)
    w.replied.approve_draft(w.head_a)
    w.replied.pass_draft(w.office)
    w.replied.sign_off(w.leader)
    w.replied.mark_sent(w.office, today)
    w.commitment = w.replied.commitments[0]

    w.returning = make_proposal("0902", lead=w.air, leader=w.leader, assigned_on=today, commit=False)
    w.return_request = w.returning.request_return(w.handler_a, reason="属水环境管理职责", suggested_department=w.water)
    db.session.commit()
    return w
