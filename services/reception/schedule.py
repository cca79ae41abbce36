"""Rules for leader reception days that are not HTTP: generating occurrences from a rule for a year
ahead, following changes of the working-day table, the monthly public notice (and its xlsx), and
contact-point progress per quarter.

Generation identifies an occurrence by its *slot*: the month of a monthly rule, the week of a weekly one.
Regenerating therefore moves an occurrence when the calendar or the rule changes (the 15th becomes the
20th, or the 15th becomes a holiday), and keeps those that must not move: with bookings or records, swapped
between leaders, changed by hand, cancelled, or already past.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, time, timedelta

import sqlalchemy as sa

from extensions import db
from models.reception import (
    ContactPoint,
    ContactVisit,
    ReceptionBooking,
    ReceptionDay,
    ReceptionRecord,
    ReceptionRule,
    RuleKind,
    VisitStatus,
    local_span,
)
from models import audit
from models.org import User
from rules import clock
from rules.clock import day_and_weekday
from rules import recurrence
from models import workcal
from services.exports import runs_as_formula

GENERATE_DAYS_AHEAD = 365

DEFAULT_BOOKING_INFO = (
    "请至少提前一个工作日，于工作日 9:00–17:00 拨打厅信访接待室电话预约，"
    "告知姓名、联系电话、身份证号、来访人数和反映的问题。来访时请携带本人身份证件。"
)
DEFAULT_OUT_OF_SCOPE = (
    "已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项；已办结并经复查复核的信访事项；"
    "不属于生态环境部门职责范围的事项（将告知向有权处理的机关提出）。"
)


def working_calendar():
    """The admin's working-day table (cached for the request)."""
    return workcal.calendar()


def deadline_rules():
    return workcal.rules()


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------


@dataclass
class Slot:
    slot: date  # the period: the first day of the month (monthly rules) or the Monday of the week (weekly)
    nominal: date  # the date the rule gives before moving off a day off
    date: date  # the actual date
    leader_id: int


@dataclass
class GenerationResult:
    created: list[ReceptionDay] = field(default_factory=list)
    updated: list[ReceptionDay] = field(default_factory=list)
    removed: int = 0
    kept: list[ReceptionDay] = field(default_factory=list)  # protected occurrences left as they were
    attention: list[ReceptionDay] = field(default_factory=list)  # kept but now on a day off
    moved: list[tuple[ReceptionDay, date]] = field(default_factory=list)  # (day, its date before) whose date changed

    @property
    def summary(self) -> str:
        text = f"新增 {len(self.created)} 个、调整 {len(self.updated)} 个、删除 {self.removed} 个接访日"
        if self.kept:
            text += f"，保留已有预约/记录/换班/手工调整的 {len(self.kept)} 个"
        return text


def rule_slots(rule: ReceptionRule, end: date, cal) -> list[Slot]:
    """Every occurrence the rule gives from its first day to ``end``, with the rota applied.

    The rota is counted from the rule's first occurrence, so regenerating later gives the same leaders.
    """
    start = rule.valid_from
    if rule.valid_until is not None:
        end = min(end, rule.valid_until)
    if end < start or not rule.leader_ids:
        return []
    # Nominal dates from a month earlier: such a date may move into the range.
    early = start - timedelta(days=31)
    if rule.kind == RuleKind.MONTHLY_DAY:
        nominal = recurrence.monthly_day(rule.day_of_month, early, end, cal, shift=False)
    elif rule.kind == RuleKind.MONTHLY_NTH_WEEKDAY:
        nominal = recurrence.monthly_nth_weekday(rule.nth, rule.weekday, early, end, cal, shift=False)
    else:
        nominal = recurrence.weekly(rule.weekday, start, end, cal, skip_non_working=False)
    held = recurrence.follow_holidays(nominal, cal, weekly=rule.kind == RuleKind.WEEKLY, shift=rule.shift)
    by_date = {actual: n for n, actual in held.items() if start <= actual <= end}
    return [Slot(_period(rule, by_date[d]), by_date[d], d, leader) for d, leader in recurrence.rota(by_date.keys(), rule.leader_ids)]


def _period(rule: ReceptionRule, nominal: date) -> date:
    """The occurrence's identity: its month (monthly rules) or its week (weekly rules), so that changing
    the day in the rule moves the occurrence instead of adding a second one in the same month."""
    if rule.kind == RuleKind.WEEKLY:
        return nominal - timedelta(days=nominal.weekday())
    return nominal.replace(day=1)


def _protected_ids(day_ids: list[int]) -> set[int]:
    if not day_ids:
        return set()
    booked = sa.select(ReceptionBooking.day_id).where(ReceptionBooking.day_id.in_(day_ids))
    recorded = sa.select(ReceptionRecord.day_id).where(ReceptionRecord.day_id.in_(day_ids))
    return set(db.session.scalars(sa.union(booked, recorded)))


def _recorded_ids(day_ids: list[int]) -> set[int]:
    if not day_ids:
        return set()
    return set(db.session.scalars(sa.select(ReceptionRecord.day_id).where(ReceptionRecord.day_id.in_(day_ids))))


def _follows_holidays(day: ReceptionDay, recorded: set[int], rule: ReceptionRule, cal) -> bool:
    """A generated day kept only for its bookings or a swap, now on a day off, under a rule that moves such days:
    it moves too (a day changed by hand, cancelled or with a reception record stays where it is)."""
    return (rule.shift and rule.kind != RuleKind.WEEKLY and not day.manual and not day.cancelled
            and day.id not in recorded and not cal.is_working_day(day.date))


def _is_protected(day: ReceptionDay, used: set[int]) -> bool:
    return day.id in used or day.swapped or day.manual or day.cancelled


def generate(rule: ReceptionRule, today: date | None = None, cal=None, days_ahead: int = GENERATE_DAYS_AHEAD,
             since: date | None = None) -> GenerationResult:
    """Create, move or remove the rule's future occurrences up to ``days_ahead`` days from today.

    Past occurrences and today's are never touched; protected ones are kept as they are (an inactive
    rule removes its unprotected future occurrences). ``since`` (the demo seeder) also creates missing
    occurrences from that date on, past ones included.
    """
    today = today or clock.today()
    cal = cal or working_calendar()
    if rule.id is None:
        db.session.flush()
    first_new = min(since, today) if since else today
    result = GenerationResult()
    wanted = rule_slots(rule, today + timedelta(days=days_ahead), cal) if rule.active else []
    existing = db.session.scalars(sa.select(ReceptionDay).where(ReceptionDay.rule_id == rule.id, ReceptionDay.date >= first_new)).all()
    used = _protected_ids([d.id for d in existing])
    recorded = _recorded_ids([d.id for d in existing])
    by_slot = {d.slot: d for d in existing if d.slot is not None}
    taken = set(db.session.scalars(sa.select(ReceptionDay.slot).where(ReceptionDay.rule_id == rule.id, ReceptionDay.slot.is_not(None))))
    for s in wanted:
        if s.date < first_new:
            continue
        day = by_slot.pop(s.slot, None)
        if day is None:
            if s.slot in taken:
                continue  # this slot's occurrence lies before the window (moved back by hand): leave it
            day = ReceptionDay(rule=rule, slot=s.slot, nominal=s.nominal, leader_id=s.leader_id, scheduled_leader_id=s.leader_id,
                               place=rule.place)
            day.set_time(s.date, rule.start_time, rule.end_time)
            db.session.add(day)
            result.created.append(day)
            continue
        if day.date <= today:
            continue
        if _is_protected(day, used):
            if _follows_holidays(day, recorded, rule, cal) and s.date > today and s.date != day.date:
                # Booked or swapped, but now on a day off: it moves as the rule says, with its leader and bookings.
                before = day.date
                day.set_time(s.date, day.start_local.time(), day.end_local.time())
                day.nominal = s.nominal
                result.updated.append(day)
                result.moved.append((day, before))
                continue
            result.kept.append(day)
            if not cal.is_working_day(day.date) and not day.cancelled:
                result.attention.append(day)
            continue
        starts_at, ends_at = local_span(s.date, rule.start_time, rule.end_time)
        if (day.date, day.starts_at, day.ends_at, day.place, day.leader_id) != (s.date, starts_at, ends_at, rule.place, s.leader_id):
            if day.date != s.date:
                result.moved.append((day, day.date))
            day.date, day.starts_at, day.ends_at, day.place, day.nominal = s.date, starts_at, ends_at, rule.place, s.nominal
            day.leader_id = day.scheduled_leader_id = s.leader_id
            result.updated.append(day)
    for day in by_slot.values():
        if day.date <= today:
            continue
        if _is_protected(day, used):
            result.kept.append(day)
            continue
        db.session.delete(day)
        result.removed += 1
    db.session.flush()
    return result


def _apply_rule(rule: ReceptionRule, values: dict, leader_ids: list[int]) -> dict:
    """Set the rule's fields and rota (leaders in rota order); the changes, as the audit log keeps them."""
    for key, value in values.items():
        setattr(rule, key, value)
    # models.audit keeps dates and datetimes; times are written out here.
    changes = {k: [v.strftime("%H:%M") if isinstance(v, time) else v for v in pair] for k, pair in audit.diff(rule).items()}
    before = rule.leader_ids
    if before != leader_ids:
        rule.set_leaders(leader_ids)
        names = dict(db.session.execute(sa.select(User.id, User.name).where(User.id.in_(set(before) | set(leader_ids)))).all())
        changes["leaders"] = ["、".join(names[i] for i in before), "、".join(names[i] for i in leader_ids)]
    return changes


def _generate_saved(rule: ReceptionRule) -> GenerationResult:
    result = generate(rule)
    audit.record("generate", rule, summary=f"按规则“{rule.name}”生成接访日：{result.summary}")
    return result


def create_rule(values: dict, leader_ids: list[int]) -> tuple[ReceptionRule, GenerationResult]:
    """A new reception rule and its occurrences, both audited."""
    rule = ReceptionRule(name="")
    db.session.add(rule)
    changes = _apply_rule(rule, values, leader_ids)
    audit.record("create", rule, summary=f"新建接访日规则“{rule.name}”：{rule.describe()}", changes=changes)
    return rule, _generate_saved(rule)


def edit_rule(rule: ReceptionRule, values: dict, leader_ids: list[int]) -> GenerationResult:
    """Change a rule (audited when something changed) and regenerate its occurrences."""
    changes = _apply_rule(rule, values, leader_ids)
    if changes:
        audit.record("update", rule, summary=f"修改接访日规则“{rule.name}”", changes=changes)
    return _generate_saved(rule)


def regenerate(rule: ReceptionRule) -> GenerationResult:
    """Generate the rule's occurrences again by hand, audited."""
    result = generate(rule)
    audit.record("regenerate", rule, summary=f"重新生成接访日：{result.summary}")
    return result


def extend_all(today: date | None = None) -> list[GenerationResult]:
    """Keep every active rule generated a year ahead (run daily with the reminders)."""
    rules = db.session.scalars(sa.select(ReceptionRule).where(ReceptionRule.active)).all()
    return [generate(rule, today) for rule in rules]


def days_needing_attention(today: date | None = None, cal=None) -> list[ReceptionDay]:
    """Upcoming live reception days that fall on a day off (kept because of bookings or a swap)."""
    today = today or clock.today()
    cal = cal or working_calendar()
    rows = db.session.scalars(
        sa.select(ReceptionDay)
        .where(ReceptionDay.date >= today, ReceptionDay.date <= today + timedelta(days=GENERATE_DAYS_AHEAD), ReceptionDay.cancelled.is_(False))
        .order_by(ReceptionDay.date)
    ).all()
    return [d for d in rows if not cal.is_working_day(d.date)]


def on_workdays_changed() -> None:
    """The admin changed the holiday table: move generated occurrences that now fall on a day off
    (where the rule says to move them) and recompute the petition-clock deadlines of open records."""
    today = clock.today()
    cal = working_calendar()
    rules = db.session.scalars(sa.select(ReceptionRule).where(ReceptionRule.active)).all()
    _, cause = workcal.current_change()
    for rule in rules:
        result = generate(rule, today, cal)
        if result.created or result.updated or result.removed:
            audit.record("regenerate", rule, summary="工作日历调整后重排接访日：" + result.summary)
        for day, before in result.moved:
            booked = [b for b in day.bookings if not b.cancelled]
            note = f"，已有预约 {len(booked)} 个，请通知来访人" if booked else ""
            audit.record("holiday_shift", day, summary=f"{cause}，接访日由 {before:%Y-%m-%d} 改为 {day.date:%Y-%m-%d}（{day.leader.name}{note}）",
                         changes={"date": [before, day.date]})
    records = db.session.scalars(
        sa.select(ReceptionRecord).where(
            ReceptionRecord.department_id.is_not(None), ReceptionRecord.finished_on.is_(None), ReceptionRecord.cancelled.is_(False)
        )
    ).all()
    drules = deadline_rules()
    _, cause = workcal.current_change()
    labels = {"accept_deadline": "受理告知期限", "handle_deadline": "办理期限"}
    for record in records:
        changes = record.recompute_deadlines(cal, drules)
        for field, (old, new) in changes.items():
            if old and new:
                earlier = date.fromisoformat(new) < date.fromisoformat(old)
                audit.record("deadline_earlier" if earlier else "recompute", record,
                             summary=workcal.moved_text(cause, date.fromisoformat(old), date.fromisoformat(new), labels[field]),
                             changes={field: [old, new]})


# How long a petition deadline moved earlier by the holiday table stays on the 处室's workbench.
MOVED_EARLIER_DAYS = 30


def moved_earlier_records_clause():
    """Open petition records whose deadline the holiday table moved earlier in the last ``MOVED_EARLIER_DAYS`` days."""
    from models.audit import AuditEntry

    since = clock.utcnow() - timedelta(days=MOVED_EARLIER_DAYS)
    return sa.and_(
        ReceptionRecord.finished_on.is_(None), ReceptionRecord.cancelled.is_(False),
        sa.exists().where(AuditEntry.object_type == ReceptionRecord.audit_type, AuditEntry.object_id == ReceptionRecord.id,
                          AuditEntry.action == "deadline_earlier", AuditEntry.at >= since),
    )


# ---------------------------------------------------------------------------
# The monthly public notice (接访日预告)
# ---------------------------------------------------------------------------


@dataclass
class NoticeRow:
    day: ReceptionDay
    date_label: str
    time_label: str
    place: str
    leader: str
    areas: str


def upcoming_days_query(user, today: date, days: int):
    """The reception days ``user`` sees in the next ``days`` days (today included), not cancelled: the
    工作台's “两周内接访日” and the list it opens."""
    from models.reception import visible_days

    return visible_days(user).where(
        ReceptionDay.date >= today, ReceptionDay.date <= today + timedelta(days=days), ReceptionDay.cancelled.is_(False))


def parse_month(value: str | None, default: date) -> date:
    """``"2026-12"`` → ``date(2026, 12, 1)``; anything else → the first of ``default``'s month."""
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return default.replace(day=1)


def month_end(first: date) -> date:
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def notice_rows(first: date) -> list[NoticeRow]:
    days = db.session.scalars(
        sa.select(ReceptionDay)
        .where(ReceptionDay.date >= first, ReceptionDay.date <= month_end(first), ReceptionDay.cancelled.is_(False))
        .order_by(ReceptionDay.starts_at, ReceptionDay.leader_id)
    ).all()
    rows = []
    for d in days:
        areas = "、".join(dept.name for dept in d.leader.departments_in_charge)
        rows.append(
            NoticeRow(d, day_and_weekday(d.date), d.time_range, d.place,
                      f"{d.leader.title}{d.leader.name}" if d.leader.title else d.leader.name, areas)
        )
    return rows


def notice_texts(rows: list[NoticeRow], first: date | None = None) -> tuple[str, str]:
    """The notice's one 'how to book' and one 'out of scope' text, from one source: the reception-day rule
    (the first rule of the month's days; a month of one-off days only takes the rule in force on its first day,
    else the latest rule). A field the rule leaves empty is the built-in default — never printed beside the rule's."""
    rule = next((row.day.rule for row in rows if row.day.rule is not None), None)
    if rule is None:
        day = first or (rows[0].day.date if rows else None)
        stmt = sa.select(ReceptionRule).where(ReceptionRule.active.is_(True))
        if day is not None:
            stmt = stmt.where(ReceptionRule.valid_from <= month_end(day.replace(day=1)),
                              sa.or_(ReceptionRule.valid_until.is_(None), ReceptionRule.valid_until >= day.replace(day=1)))
        rule = db.session.scalars(stmt.order_by(ReceptionRule.valid_from.desc(), ReceptionRule.id.desc())).first()
    booking = (rule.booking_info if rule else "") or DEFAULT_BOOKING_INFO
    scope = (rule.out_of_scope if rule else "") or DEFAULT_OUT_OF_SCOPE
    return booking.strip(), scope.strip()


def _text_cell(cell, value) -> None:
    """Write ``value`` as text; a value that a spreadsheet would run as a formula stays plain text."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if runs_as_formula(value):
            cell.quotePrefix = True


def notice_xlsx(first: date, bureau: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = notice_rows(first)
    booking, scope = notice_texts(rows, first)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{first.year}年{first.month}月"
    _text_cell(ws.cell(1, 1), f"{bureau}{first.year}年{first.month}月领导接访日预告")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    headers = ["日期", "时间", "地点", "接访领导", "分管工作"]
    for col, text in enumerate(headers, start=1):
        _text_cell(ws.cell(3, col), text)
        ws.cell(3, col).font = Font(bold=True)
    r = 4
    for row in rows:
        for col, value in enumerate((row.date_label, row.time_label, row.place, row.leader, row.areas), start=1):
            _text_cell(ws.cell(r, col), value)
            ws.cell(r, col).alignment = Alignment(wrap_text=True, vertical="top")
        r += 1
    if not rows:
        _text_cell(ws.cell(r, 1), "本月无接访安排")
        r += 1
    r += 1
    for title, text in (("预约方式", booking), ("不予受理范围", scope)):
        _text_cell(ws.cell(r, 1), title)
        ws.cell(r, 1).font = Font(bold=True)
        _text_cell(ws.cell(r, 2), text)
        ws.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=5)
        r += 1
    for col, width in zip("ABCDE", (18, 14, 28, 16, 40)):
        ws.column_dimensions[col].width = width
    ws.page_setup.orientation = "landscape"
    ws.print_options.horizontalCentered = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------
# Contact points: progress against the quarterly target
# ---------------------------------------------------------------------------


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


@dataclass
class QuarterCell:
    quarter: int
    done: int
    planned: int
    target: int
    state: str  # met | behind | missed | future

    @property
    def css(self) -> str:
        return {"met": "success", "behind": "warning", "missed": "danger", "future": "secondary"}[self.state]

    @property
    def label(self) -> str:
        return {"met": "已完成", "behind": "进行中", "missed": "未完成", "future": "未开始"}[self.state]


def _state(year: int, quarter: int, done: int, target: int, today: date) -> str:
    if done >= target:
        return "met"
    current = (today.year, quarter_of(today))
    if (year, quarter) < current:
        return "missed"
    if (year, quarter) == current:
        return "behind"
    return "future"


def quarterly_progress(points: list[ContactPoint], today: date | None = None) -> dict[int, list[QuarterCell]]:
    """``{point_id: [Q1..Q4 cells]}``: visits done (and planned) per quarter against the target.

    One grouped query for all the points.
    """
    today = today or clock.today()
    if not points:
        return {}
    month = sa.extract("month", ContactVisit.visit_date)
    # The quarter is computed in a subquery and grouped outside: PostgreSQL does not treat two
    # parametrised CASE expressions as the same GROUP BY expression.
    inner = (
        sa.select(
            ContactVisit.point_id.label("point_id"),
            sa.case((month <= 3, 1), (month <= 6, 2), (month <= 9, 3), else_=4).label("q"),
            ContactVisit.status.label("status"),
        )
        .join(ContactPoint, ContactPoint.id == ContactVisit.point_id)
        .where(
            ContactVisit.point_id.in_([p.id for p in points]),
            sa.extract("year", ContactVisit.visit_date) == ContactPoint.year,
            ContactVisit.status != VisitStatus.CANCELLED,
        )
        .subquery()
    )
    rows = db.session.execute(
        sa.select(inner.c.point_id, inner.c.q, inner.c.status, sa.func.count()).group_by(inner.c.point_id, inner.c.q, inner.c.status)
    ).all()
    done: dict[tuple[int, int], int] = {}
    planned: dict[tuple[int, int], int] = {}
    for point_id, q, status, n in rows:
        target = done if VisitStatus(status) == VisitStatus.DONE else planned
        target[(point_id, int(q))] = target.get((point_id, int(q)), 0) + n
    out = {}
    for p in points:
        out[p.id] = [
            QuarterCell(q, done.get((p.id, q), 0), planned.get((p.id, q), 0), p.visits_per_quarter,
                        _state(p.year, q, done.get((p.id, q), 0), p.visits_per_quarter, today))
            for q in (1, 2, 3, 4)
        ]
    return out


@dataclass
class LeaderProgress:
    leader_id: int
    leader_name: str
    points: int
    quarters: list[tuple[int, int]]  # per quarter: (points that met the target, points)
    visits_done: int
    found: int
    solved: int


def leader_progress(points: list[ContactPoint], cells: dict[int, list[QuarterCell]]) -> list[LeaderProgress]:
    """Per leader: in each quarter, how many of their points met the target."""
    totals: dict[int, dict] = {}
    if points:
        for point_id, done, found, solved in db.session.execute(
            sa.select(ContactVisit.point_id, sa.func.count(), sa.func.coalesce(sa.func.sum(ContactVisit.found_count), 0),
                      sa.func.coalesce(sa.func.sum(ContactVisit.solved_count), 0))
            .join(ContactPoint, ContactPoint.id == ContactVisit.point_id)
            .where(
                ContactVisit.point_id.in_([p.id for p in points]),
                ContactVisit.status == VisitStatus.DONE,
                sa.extract("year", ContactVisit.visit_date) == ContactPoint.year,
            )
            .group_by(ContactVisit.point_id)
        ).all():
            totals[point_id] = {"done": done, "found": int(found), "solved": int(solved)}
    by_leader: dict[int, LeaderProgress] = {}
    for p in points:
        lp = by_leader.setdefault(p.leader_id, LeaderProgress(p.leader_id, p.leader.name, 0, [(0, 0)] * 4, 0, 0, 0))
        lp.points += 1
        lp.quarters = [(m + (1 if c.state == "met" else 0), n + 1) for (m, n), c in zip(lp.quarters, cells[p.id])]
        t = totals.get(p.id, {"done": 0, "found": 0, "solved": 0})
        lp.visits_done += t["done"]
        lp.found += t["found"]
        lp.solved += t["solved"]
    return sorted(by_leader.values(), key=lambda x: x.leader_id)
