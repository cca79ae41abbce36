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
    from services import uploads
    from rules import clock

    today = clock.today()
    # The world may come from another app context's session (e.g. the CSRF test's strict app): use ours.
    here = SimpleNamespace(**{k: db.session.get(type(v), v.id) for k, v in vars(w).items() if isinstance(v, (Department, User))})
    w.proposal = make_proposal("1037", lead=here.air, co=[here.water], leader=here.leader, assigned_on=today - timedelta(days=20), commit=False)
    w.proposal.sign_for(here.handler_a)
    contact = w.proposal.add_contact(here.handler_a, stage="before", method="phone", contact_on=today, participants="周立伟；顾振宇代表",
                                     leader_present=False, deputy_said="")
    stored = uploads.store(b"%PDF-1.4 test", "pdf")
    w.attachment = Attachment(original_name="纪要.pdf", stored_name=stored, size=13, content_type="application/pdf")
    w.proposal.attachments.append(w.attachment)
    w.attachment.contact = contact
    start = datetime.combine(today + timedelta(days=3), datetime.min.time()).replace(hour=2)
    w.meeting = w.proposal.plan_meeting(here.handler_a, starts_at=start, ends_at=start + timedelta(hours=1), place="厅三楼会议室", leader=here.leader)
    w.extension = w.proposal.request_extension(here.handler_a, until=w.proposal.max_extension(), reason="需会同多部门调研")

    w.replied = make_proposal("0458", lead=here.air, leader=here.leader, assigned_on=today - timedelta(days=40), commit=False)
    w.replied.sign_for(here.handler_a)
    w.replied.add_contact(here.handler_a, stage="during", method="visit", contact_on=today, participants="周立伟", leader_present=False, deputy_said="")
    w.replied.save_draft(here.handler_a, body="答复正文", result_class="B", contact_person="周立伟", contact_phone="1",
                         commitment_text="年底前建成监测站", commitment_due_on=date(today.year + 1, 6, 30), doc_no="江南环函〔2026〕1号")
    w.replied.submit_draft(here.handler_a)
    w.replied.approve_draft(here.head_a)
    w.replied.pass_draft(here.office)
    w.replied.sign_off(here.leader)
    w.replied.mark_sent(here.office, today)
    w.commitment = w.replied.commitments[0]

    w.returning = make_proposal("0902", lead=here.air, leader=here.leader, assigned_on=today, commit=False)
    w.return_request = w.returning.request_return(here.handler_a, reason="属水环境管理职责", suggested_department=here.water)
    db.session.commit()
    return w


# --- Leader reception (issue #5) -------------------------------------------------------------


def _hm(text: str):
    from datetime import time

    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def make_reception_rule(leaders, *, kind: str = "monthly_day", day_of_month: int | None = 15, nth: int | None = None,
                        weekday: int | None = None, shift: bool = True, start: str = "09:00", end: str = "11:30",
                        place: str = "厅信访接待室（一楼）", valid_from=None, valid_until=None, name: str = "厅领导接访日"):
    """A reception-day rule for one leader or a rota (occurrences are not generated: call services.reception.schedule.generate)."""
    from datetime import date

    from models.reception import ReceptionRule, RuleKind

    rule = ReceptionRule(name=name, kind=RuleKind(kind), day_of_month=day_of_month if kind == "monthly_day" else None,
                         nth=nth, weekday=weekday, shift=shift, start_time=_hm(start), end_time=_hm(end), place=place,
                         valid_from=valid_from or date(2026, 1, 1), valid_until=valid_until)
    rule.set_leaders([u.id for u in (leaders if isinstance(leaders, (list, tuple)) else [leaders])])
    db.session.add(rule)
    db.session.flush()
    return rule


def make_reception_day(leader, on, *, start: str = "09:00", end: str = "11:30", place: str = "厅信访接待室（一楼）", rule=None):
    from models.reception import ReceptionDay

    # Ids rather than objects: the world may belong to another app context's session (see test_csrf_all_routes).
    day = ReceptionDay(leader_id=leader.id, scheduled_leader_id=leader.id, place=place, rule_id=rule.id if rule else None,
                       slot=on.replace(day=1) if rule else None, nominal=on if rule else None)
    day.set_time(on, _hm(start), _hm(end))
    db.session.add(day)
    db.session.flush()
    return day


def make_booking(day, *, visitor_name: str = "张建国", phone: str = "13905710001", id_number: str = "330102198805061234",
                 people_count: int = 1, issue: str = "小区旁搅拌站夜间施工扬尘、噪声扰民", booked_on=None):
    from models.reception import ReceptionBooking

    booking = ReceptionBooking(day_id=day.id, visitor_name=visitor_name, phone=phone, id_number=id_number, people_count=people_count,
                               issue=issue, booked_on=booked_on or day.date)
    db.session.add(booking)
    db.session.flush()
    return booking


def make_record(leader, *, received_on, kind: str = "onsite", day=None, department=None, visitors: str = "张建国",
                issue: str = "小区旁搅拌站夜间施工扬尘、噪声扰民", start: str | None = None, end: str | None = None, place: str = ""):
    """A reception record; with ``department`` it is assigned (deadlines from the plain Mon–Fri calendar + the package)."""
    from models.reception import ReceptionRecord, RecordKind, local_span
    from models import workcal

    record = ReceptionRecord(kind=RecordKind(kind), leader_id=leader.id, day_id=day.id if day else None, received_on=received_on,
                             visitors=visitors, issue=issue, place=place)
    if start and end:
        record.starts_at, record.ends_at = local_span(received_on, _hm(start), _hm(end))
    db.session.add(record)
    db.session.flush()
    if department is not None:
        record.department_id = department.id
        record.assigned_on = received_on
        record.recompute_deadlines(workcal.calendar(), workcal.rules())
        db.session.flush()
    return record


def make_contact_point(leader, *, name: str = "临江市生态环境局", kind: str = "bureau", year: int = 2026, visits_per_quarter: int = 1):
    from models.reception import ContactPoint, PointKind

    point = ContactPoint(leader_id=leader.id, name=name, kind=PointKind(kind), year=year, visits_per_quarter=visits_per_quarter, region="临江市")
    db.session.add(point)
    db.session.flush()
    return point


def make_contact_visit(point, on, *, start: str = "14:30", end: str = "17:00", status: str = "done", found: int = 2, solved: int = 1):
    from models.reception import ContactVisit, VisitStatus, local_span

    visit = ContactVisit(point_id=point.id, visit_date=on, status=VisitStatus(status), found_count=found if status == "done" else 0,
                         solved_count=solved if status == "done" else 0, purpose="调研")
    visit.starts_at, visit.ends_at = local_span(on, _hm(start), _hm(end))
    db.session.add(visit)
    db.session.flush()
    return visit


def add_reception_world(w) -> SimpleNamespace:
    """The world's leader receives 20 days from today (a booking), handled a reception assigned to 大气环境处,
    and has a contact point with a planned visit. Committed."""
    from datetime import timedelta

    from rules.clock import today

    now = today()
    w.rule = make_reception_rule([w.leader], valid_from=now)
    w.day = make_reception_day(w.leader, now + timedelta(days=20), rule=w.rule)
    w.booking = make_booking(w.day, booked_on=now)
    w.record = make_record(w.leader, received_on=now - timedelta(days=3), department=w.air)
    w.point = make_contact_point(w.leader, year=now.year)
    w.visit = make_contact_visit(w.point, now + timedelta(days=10), status="planned")
    db.session.commit()
    return w


def make_milestone(name: str = "联系来访人", days: int = 7, *, working_days: bool = False, sort_order: int = 1, active: bool = True):
    from models.milestones import PetitionMilestone

    milestone = PetitionMilestone(name=name, days=days, working_days=working_days, sort_order=sort_order, active=active)
    db.session.add(milestone)
    db.session.flush()
    return milestone


def add_milestone_world(w) -> SimpleNamespace:
    """A local milestone ("contact the petitioner within 7 days") tracked on the world's assigned record. Committed."""
    from services.reception import milestones

    w.milestone = make_milestone()
    milestones.sync_record(w.record)
    db.session.commit()
    return w


def add_notification_world(w) -> SimpleNamespace:
    """A notification for handler_a, and a group-chat robot of 大气环境处 (nobody listens at its address). Committed."""
    from models.notifications import Notification, Webhook

    w.notification = Notification(user_id=w.handler_a.id, kind="digest", key="digest:2026-12-01", title="12月1日（周二）每日提醒",
                                  body="", items=[], url="/")
    w.webhook = Webhook(name="大气环境处工作群", url="http://127.0.0.1:9/robot/send", secret="", department_id=w.air.id)
    db.session.add_all([w.notification, w.webhook])
    db.session.commit()
    return w


# --- Contact-point problems (issue 14) -------------------------------------------------------------


def make_problem(visit, description: str = "企业原料场未封闭，扬尘明显", *, department=None, deadline=None, user=None):
    """A problem found on a visit that took place; with ``department`` handed over with ``deadline``."""
    from datetime import timedelta

    from models.point_problems import PointProblem
    from rules import clock

    problem = PointProblem.found_on(visit, description, user)
    if department is not None:
        problem.assign(department, deadline or clock.today() + timedelta(days=30), clock.today())
    db.session.flush()
    return problem


def add_problem_world(w) -> SimpleNamespace:
    """The world's leader visited their contact point last week and handed a problem to 大气环境处. Committed."""
    from datetime import timedelta

    from rules.clock import today

    if not hasattr(w, "point"):
        add_reception_world(w)
    point = db.session.get(type(w.point), w.point.id)
    w.done_visit = make_contact_visit(point, today() - timedelta(days=7))
    w.problem = make_problem(w.done_visit, department=db.session.get(Department, w.air.id))
    db.session.commit()
    return w
