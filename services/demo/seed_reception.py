"""Demo reception: the two rules of the story's reception settings (services/demo/reception.json) (厅长 on the 15th, the 副厅长 rota on the first
Friday) generated from 1 January to a year ahead, the bookings, the reception records with their
handling, the contact points and their visits; plus a few planned entries in the coming weeks so that
each leader's calendar (and the ``leader`` demo account's feed) has something ahead whatever the date.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from extensions import db
from models.reception import (
    ContactPoint,
    ContactVisit,
    PointKind,
    ReceptionBooking,
    ReceptionDay,
    ReceptionProgress,
    ReceptionRecord,
    ReceptionRule,
    RecordKind,
    RuleKind,
    VisitStatus,
    local_span,
)
from rules import clock
from services.reception.schedule import deadline_rules, generate, working_calendar

RECORD_KINDS = {"现场接访": RecordKind.ONSITE, "下访": RecordKind.VISIT, "约访": RecordKind.APPOINTMENT}
POINT_KINDS = {"市县局": PointKind.BUREAU, "企业": PointKind.ENTERPRISE, "村": PointKind.VILLAGE, "园区": PointKind.PARK}


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _t(text: str) -> time:
    return time.fromisoformat(text)


def _count(text: str) -> int:
    """Problems listed in a sentence: one per '；' or '。'-separated clause (at least one)."""
    parts = [p for p in text.replace("。", "；").split("；") if p.strip()]
    return max(len(parts), 1)


def _free_afternoon(leader_id: int, start: date, cal) -> tuple[date, datetime, datetime]:
    """The first working day from ``start`` whose whole day is free in the leader's calendar (the 面商
    meetings the proposal seeder planned included), with its 14:30–17:00."""
    from services.agenda import clashes

    on = cal.next_working_day(start)
    for _ in range(30):
        whole_day = local_span(on, time(0, 0), time(23, 59))
        if not clashes(leader_id, *whole_day):
            break
        on = cal.add_working_days(on, 1)
    starts_at, ends_at = local_span(on, time(14, 30), time(17, 0))
    return on, starts_at, ends_at


def seed_reception(context: dict) -> str:
    users = context["users"]
    departments = context["departments"]
    db.session.flush()
    story = context["story"]
    today = clock.today()
    as_of = min(today, story.as_of)
    cal = working_calendar()
    drules = deadline_rules()
    settings = story.reception
    office = next((u for name, u in users.items() if u.has_role("office")), None)

    # Rules and a year of reception days (from each rule's first day to a year ahead).
    days: dict[tuple[int, date], ReceptionDay] = {}
    created = 0
    for spec in settings["rules"]:
        rule = ReceptionRule(
            name=spec["title"],
            kind=RuleKind.MONTHLY_DAY if spec["pattern"] == "monthly_day" else RuleKind.MONTHLY_NTH_WEEKDAY,
            day_of_month=spec["day"],
            nth=spec["nth"],
            weekday=spec["weekday"],
            shift=spec["holiday_rule"] == "next_working_day",
            start_time=_t(spec["start"]),
            end_time=_t(spec["end"]),
            place=spec["place"],
            valid_from=_d(spec["valid_from"]),
            booking_info=settings["how_to_book"],
            out_of_scope=settings["out_of_scope"],
        )
        rule.set_leaders([users[u].id for u in spec["leaders"]])
        db.session.add(rule)
        db.session.flush()
        result = generate(rule, today, cal, since=rule.valid_from)
        created += len(result.created)
        for day in result.created:
            days[(day.leader_id, day.date)] = day

    def day_for(leader, on: date, start: str, end: str, place: str) -> ReceptionDay:
        """The generated reception day of ``leader`` on ``on``, or a one-off day when the rules have none."""
        day = days.get((leader.id, on))
        if day is None:
            day = ReceptionDay(leader_id=leader.id, scheduled_leader_id=leader.id, place=place, manual=True)
            day.set_time(on, _t(start), _t(end))
            db.session.add(day)
            days[(leader.id, on)] = day
        return day

    def scheduled(leader, on: date) -> date:
        """The leader's generated reception day nearest ``on`` (within a week): a story seeded on another day
        moves its dates by whole weeks, and a booking or an on-site reception stays on the leader's day."""
        near = [d for (leader_id, d) in days if leader_id == leader.id and abs((d - on).days) <= 7]
        return min(near, key=lambda d: (abs((d - on).days), d)) if near else on

    # Bookings.
    bookings = 0
    for spec in story.bookings:
        leader = users[spec["leader"]]
        day = day_for(leader, scheduled(leader, _d(spec["date"])), "09:00", "11:30", settings["place"])
        db.session.add(
            ReceptionBooking(day=day, visitor_name=spec["visitor_name"], phone=spec["phone"], id_number=spec["id_number"],
                             people_count=spec["people_count"], issue=spec["issue"], booked_on=_d(spec["booked_on"]), created_by=office)
        )
        bookings += 1

    # Reception records and how the 处室 handled them.
    records = 0
    for spec in story.records:
        leader = users[spec["leader"]]
        kind = RECORD_KINDS[spec["kind"]]
        received = _d(spec["date"])
        if kind == RecordKind.ONSITE:
            received = scheduled(leader, received)
        record = ReceptionRecord(
            kind=kind, leader_id=leader.id, received_on=received, place=spec["place"], visitors=spec["visitors"],
            visitor_count=spec["visitor_count"], issue=spec["issue"], instruction=spec["instruction"], created_by=office,
        )
        analysis = story.analysis.get(spec["ref"], {})
        record.category, record.district, record.location = (analysis.get(k, "") for k in ("category", "district", "location"))
        if kind == RecordKind.ONSITE:
            record.day = day_for(leader, received, spec["start"], spec["end"], spec["place"])
        else:
            record.starts_at, record.ends_at = local_span(received, _t(spec["start"]), _t(spec["end"]))
        db.session.add(record)
        if received <= as_of:
            record.department = departments[spec["assigned_dept"]]
            record.department_id = record.department.id
            record.assigned_on = received
            # The newest record still waits for the 处室's acceptance decision; the others were accepted within 3 days.
            if spec["result"] is not None or (as_of - received).days > 5:
                record.accepted_on = min(cal.add_working_days(received, 2), as_of)
                record.accept_decision = "accepted"
            record.recompute_deadlines(cal, drules)
            if record.accepted_on:
                db.session.add(ReceptionProgress(record=record, user=None, at=datetime.combine(record.accepted_on, time(2, 0)),
                                                 text=f"已受理，{record.department.name}已会同属地生态环境部门开展现场核查。"))
            if spec["result"]:
                record.result = spec["result"]
                record.finished_on = min(record.handle_deadline - timedelta(days=9), as_of)
                record.satisfaction = spec["satisfaction"]
        records += 1

    # Contact points and their visits.
    points: dict[str, ContactPoint] = {}
    for spec in story.contact_points:
        point = ContactPoint(
            leader_id=users[spec["leader"]].id, name=spec["name"], kind=POINT_KINDS[spec["kind"]], address=spec["place"],
            region=spec["place"][:3], year=spec["year"], visits_per_quarter=spec["target_per_quarter"], focus=spec["focus"],
        )
        db.session.add(point)
        points[spec["ref"]] = point
    visits = 0
    visit_by_ref: dict[str, ContactVisit] = {}
    for spec in story.contact_visits:
        on = _d(spec["date"])
        visit = ContactVisit(
            point=points[spec["contact_point"]], visit_date=on, status=VisitStatus.DONE, participants=spec["participants"],
            problems_found=spec["problems_found"], problems_solved=spec["problems_solved"],
            found_count=_count(spec["problems_found"]), solved_count=min(_count(spec["problems_solved"]), _count(spec["problems_found"])),
            purpose="联系点调研",
        )
        visit.starts_at, visit.ends_at = local_span(on, time(14, 30), time(17, 0))
        db.session.add(visit)
        visit_by_ref[spec["ref"]] = visit
        visits += 1
    problems = _seed_problems(story, visit_by_ref, departments, users, as_of)

    # Planned in the coming weeks: one visit to each contact point whose current quarter is not met yet,
    # and a 下访 for the 分管 leader of 大气环境处, so that every calendar has what is next.
    db.session.flush()
    slot = cal.next_working_day(today + timedelta(days=3))
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    for i, point in enumerate(sorted(points.values(), key=lambda p: p.id)):
        if point.year != today.year:
            continue
        done = [v for v in point.visits if v.status == VisitStatus.DONE and v.visit_date >= quarter_start]
        if done:
            continue
        on, starts_at, ends_at = _free_afternoon(point.leader_id, cal.add_working_days(slot, 2 * i), cal)
        if on.year != point.year:
            continue
        visit = ContactVisit(point=point, visit_date=on, status=VisitStatus.PLANNED, purpose=f"季度走访：{point.focus[:40]}",
                             starts_at=starts_at, ends_at=ends_at)
        db.session.add(visit)
        db.session.flush()
        visits += 1
    leader = users.get("leader")
    if leader is not None:
        on, _, _ = _free_afternoon(leader.id, cal.add_working_days(today, 8), cal)
        plan = ReceptionRecord(
            kind=RecordKind.VISIT, leader_id=leader.id, received_on=on, place="北山市生态环境局三楼会议室",
            visitors="北山市钢城街道居民代表", visitor_count=6, issue="回访北山钢铁集团周边降尘治理成效，听取居民意见。", created_by=office,
        )
        plan.starts_at, plan.ends_at = local_span(on, time(9, 0), time(11, 30))
        db.session.add(plan)
        records += 1

    # Reminders the daily job would have made by now (in-app only).
    from services.reception.reminders import due_reminders

    db.session.flush()
    db.session.add_all(due_reminders(today, 5))
    return f"接访日 {created} 个（2 条规则），预约 {bookings} 条，接访记录 {records} 条，联系点 {len(points)} 个、走访 {visits} 次、交办问题 {problems} 个"


def _seed_problems(story, visit_by_ref: dict, departments: dict, users: dict, as_of: date) -> int:
    """The problems found on the demo visits, each taken as far along its path as the demo day allows."""
    from models.point_problems import PointProblem, PointProblemNote

    db.session.flush()
    count = 0
    leader_of_visit = {s["ref"]: s["leader"] for s in story.contact_visits}
    for spec in story.point_problems:
        ref, text, dept, outcome, report = spec["visit"], spec["text"], spec["department"], spec["outcome"], spec["report"]
        visit = visit_by_ref[ref]
        if visit.visit_date > as_of:
            continue
        problem = PointProblem.found_on(visit, text, users[leader_of_visit[ref]])
        count += 1
        if outcome == "new":
            continue
        assigned_on = min(visit.visit_date + timedelta(days=2), as_of)  # handed over two days after the visit
        problem.assign(departments[dept], _d(spec["deadline"]), assigned_on)
        handler = users.get(story.handler_of_dept.get(dept, ""))
        if outcome == "assigned":
            db.session.add(PointProblemNote(problem=problem, user=handler, text=report,
                                            at=datetime.combine(min(assigned_on + timedelta(days=20), as_of), time(2, 0))))
            continue
        closed_on = _d(spec["reported_on"])
        if closed_on > as_of:
            continue
        problem.close(report, closed_on, as_of)
        reviewed_on = closed_on + timedelta(days=5)
        if outcome == "solved" and reviewed_on <= as_of:
            problem.review(True, "同意，请持续跟踪。", reviewed_on)
    return count
