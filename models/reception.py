"""Leader reception days (接访日), bookings, reception records, contact points (联系点) and the
private calendar feed token.

Times: ``starts_at``/``ends_at`` are naive UTC (like every stored datetime); ``date``/``visit_date``/
``received_on`` are the China local date of the entry, kept beside them so that "which day / which
quarter" never depends on a time-zone conversion in SQL.

Visibility is answered by the models (``can(user, action)``) and by the ``visible_*`` query helpers,
so that lists, detail pages, the calendar and the feed agree.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from extensions import db
from models import audit
from rules.clock import WEEKDAY_NAMES, day_and_weekday, local_to_utc, to_local, utcnow
from rules.errors import Refused

from .org import Department, Role, User
from .vocabulary import LabelledEnum, Satisfaction

NTH_NAMES = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}


def _enum(cls, length: int = 24):
    return sa.Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class RuleKind(LabelledEnum):
    MONTHLY_DAY = "monthly_day", "每月固定日期"
    MONTHLY_NTH_WEEKDAY = "monthly_nth_weekday", "每月第几个星期几"
    WEEKLY = "weekly", "每周"


class RecordKind(LabelledEnum):
    ONSITE = "onsite", "现场接访"
    VISIT = "visit", "下访"
    APPOINTMENT = "appointment", "约访"


class PointKind(LabelledEnum):
    BUREAU = "bureau", "市县局"
    ENTERPRISE = "enterprise", "企业"
    VILLAGE = "village", "村"
    PARK = "park", "园区"


class VisitStatus(LabelledEnum):
    PLANNED = "planned", "已安排"
    DONE = "done", "已走访"
    CANCELLED = "cancelled", "已取消"


# The Chinese titles of the enums above, by value (the audit log's labels of ``kind`` and ``status``).
ENUM_LABELS: dict[str, str] = {**RuleKind.labels(), **RecordKind.labels(), **PointKind.labels(), **VisitStatus.labels()}

# The visitor's satisfaction (满意/基本满意/不满意): the same codes as the proposers' ratings.
SATISFACTION_LABELS: dict[str, str] = Satisfaction.labels()
# 信访研判: the issue category of a reception record (stored value → title); "" = not yet classified.
PETITION_CATEGORIES: dict[str, str] = {
    "air": "大气",
    "water": "水",
    "noise": "噪声",
    "waste": "固废",
    "soil": "土壤",
    "radiation": "辐射",
    "ecology": "生态",
    "other": "其他",
}
ACCEPT_DECISIONS = {"accepted": "受理", "rejected": "不予受理"}


def local_span(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """A local day and time range as naive-UTC ``(starts_at, ends_at)``."""
    return local_to_utc(datetime.combine(day, start)), local_to_utc(datetime.combine(day, end))


class _TimedMixin:
    """``starts_at``/``ends_at`` seen in China local time."""

    starts_at: datetime | None
    ends_at: datetime | None

    @property
    def start_local(self) -> datetime | None:
        return to_local(self.starts_at)

    @property
    def end_local(self) -> datetime | None:
        return to_local(self.ends_at)

    @property
    def time_range(self) -> str:
        if self.starts_at is None or self.ends_at is None:
            return ""
        return f"{self.start_local:%H:%M}–{self.end_local:%H:%M}"


# ---------------------------------------------------------------------------
# Reception-day rules and their occurrences
# ---------------------------------------------------------------------------


class ReceptionRuleLeader(db.Model):
    """A leader in a rule's rota, at a position (a one-leader rule has one row)."""

    __tablename__ = "reception_rule_leaders"

    rule_id: Mapped[int] = mapped_column(sa.ForeignKey("reception_rules.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)

    user: Mapped[User] = relationship(lazy="joined")


class ReceptionRule(db.Model):
    """How reception days recur: a fixed day of the month (moved to the next working day when it is a
    day off), the Nth weekday of the month, or a weekday every week; a time range and a place; one
    leader or a rota. Rules are deactivated, never deleted."""

    __tablename__ = "reception_rules"
    audit_type = "reception_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[RuleKind] = mapped_column(_enum(RuleKind))
    day_of_month: Mapped[int | None]
    nth: Mapped[int | None]  # 1–4, or -1 for the last
    weekday: Mapped[int | None]  # 0 = Monday
    shift: Mapped[bool] = mapped_column(default=True)  # move a day off to the next working day (weekly: skip it)
    start_time: Mapped[time]
    end_time: Mapped[time]
    place: Mapped[str] = mapped_column(sa.String(200))
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    booking_info: Mapped[str] = mapped_column(sa.Text, default="")
    out_of_scope: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    leader_rows: Mapped[list[ReceptionRuleLeader]] = relationship(
        order_by=ReceptionRuleLeader.position, cascade="all, delete-orphan", lazy="selectin"
    )
    days: Mapped[list["ReceptionDay"]] = relationship(back_populates="rule", order_by="ReceptionDay.date")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name

    @property
    def leaders(self) -> list[User]:
        return [row.user for row in self.leader_rows]

    @property
    def leader_ids(self) -> list[int]:
        return [row.user_id for row in self.leader_rows]

    def set_leaders(self, user_ids: list[int]) -> None:
        """Set the rota in order (the same leader twice is kept once)."""
        seen: list[int] = []
        for uid in user_ids:
            if uid not in seen:
                seen.append(uid)
        self.leader_rows = [ReceptionRuleLeader(position=i, user_id=uid) for i, uid in enumerate(seen)]

    @property
    def is_rota(self) -> bool:
        return len(self.leader_rows) > 1

    def describe(self) -> str:
        """The rule in words, e.g. "每月15日（遇节假日顺延至下一个工作日）"."""
        if self.kind == RuleKind.MONTHLY_DAY:
            text = f"每月{self.day_of_month}日"
            return text + ("（遇节假日、休息日顺延至下一个工作日）" if self.shift else "")
        if self.kind == RuleKind.MONTHLY_NTH_WEEKDAY:
            text = f"每月{NTH_NAMES.get(self.nth or 1, '')}{WEEKDAY_NAMES[self.weekday or 0]}"
            return text + ("（遇节假日顺延至下一个工作日）" if self.shift else "")
        text = f"每{WEEKDAY_NAMES[self.weekday or 0]}"
        return text + ("（遇节假日不安排）" if self.shift else "")

    @property
    def time_label(self) -> str:
        return f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def can(self, user, action: str = "view") -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if user.has_role(Role.OFFICE):
            return True
        return action == "view" and user.has_role(Role.LEADER) and user.id in self.leader_ids


class ReceptionDay(_TimedMixin, db.Model):
    """One reception day of one leader (generated from a rule, or added by hand)."""

    __tablename__ = "reception_days"
    audit_type = "reception_day"
    __table_args__ = (
        sa.UniqueConstraint("rule_id", "slot", name="uq_reception_days_rule_slot"),
        sa.Index("ix_reception_days_leader_start", "leader_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reception_rules.id"), index=True)
    # Identifies a generated occurrence across regenerations: its month (monthly rules) or week (weekly rules).
    slot: Mapped[date | None]
    # The date the rule gives before moving off a day off (the 15th, the first Friday).
    nominal: Mapped[date | None]
    date: Mapped[date] = mapped_column(index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(sa.String(200))
    leader_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # Whom the rule assigned; differs from leader_id after a swap or substitution.
    scheduled_leader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    swap_reason: Mapped[str] = mapped_column(sa.Text, default="")
    moved_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Set when the office changed date, time or place by hand: regeneration leaves it alone.
    manual: Mapped[bool] = mapped_column(default=False)
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    rule: Mapped[ReceptionRule | None] = relationship(back_populates="days")
    leader: Mapped[User] = relationship(foreign_keys=[leader_id], lazy="joined")
    scheduled_leader: Mapped[User | None] = relationship(foreign_keys=[scheduled_leader_id])
    bookings: Mapped[list["ReceptionBooking"]] = relationship(back_populates="day", order_by="ReceptionBooking.id")
    records: Mapped[list["ReceptionRecord"]] = relationship(back_populates="day", order_by="ReceptionRecord.id")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.leader.name if self.leader else ''}接访"

    @property
    def sequence(self) -> int:
        """The iCalendar SEQUENCE: every saved change raises the version, and with it this."""
        return max(self.version - 1, 0)

    @property
    def swapped(self) -> bool:
        return self.scheduled_leader_id is not None and self.scheduled_leader_id != self.leader_id

    @property
    def status_label(self) -> str:
        if self.cancelled:
            return "已取消"
        if self.swapped:
            return "已换班"
        return "正常"

    def can(self, user, action: str = "view") -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if user.has_role(Role.OFFICE):
            return True
        return action == "view" and user.has_role(Role.LEADER) and self.leader_id == user.id

    def set_time(self, day: date, start: time, end: time) -> None:
        self.date = day
        self.starts_at, self.ends_at = local_span(day, start, end)

    @classmethod
    def add(cls, leader: User | None, day: date, start: time, end: time, place: str, today: date) -> "ReceptionDay":
        """A reception day added by hand (outside any rule); not in the past, with a leader; audited."""
        if day < today:
            raise Refused("不能新增已经过去的接访日", field="date")
        if leader is None or not leader.is_leader:
            raise Refused("请选择接访领导", field="leader_id")
        new = cls(leader=leader, scheduled_leader_id=leader.id, place=place.strip(), manual=True)
        new.set_time(day, start, end)
        db.session.add(new)
        audit.record("create", new, summary=f"新增 {new.date:%Y-%m-%d} {leader.name}接访日（{new.place}）")
        return new

    def _check_open(self, today: date, what: str) -> None:
        if self.cancelled:
            raise Refused(f"该接访日已取消，不能{what}。")
        if self.date < today:
            raise Refused(f"该接访日已经过去，不能{what}。")

    def substitute(self, new_leader: User, reason: str, today: date) -> None:
        """Another leader receives on this day instead (代班); the reason is kept and audited."""
        self._check_open(today, "换班")
        reason = (reason or "").strip()
        if not reason:
            raise Refused("请填写换班（代班）原因。")
        if not new_leader.has_role(Role.LEADER) or not new_leader.active:
            raise Refused("只能由在任的局领导代班。")
        if new_leader.id == self.leader_id:
            raise Refused(f"{new_leader.name}已是该日的接访领导。")
        old = self.leader
        if self.scheduled_leader_id is None:
            self.scheduled_leader_id = old.id
        self.leader = new_leader
        self.swap_reason = reason
        audit.record(
            "substitute",
            self,
            summary=f"{self.date:%Y-%m-%d} 接访日由{new_leader.name}代替{old.name}接访。原因：{reason}",
            changes={"leader_id": [old.name, new_leader.name], "swap_reason": ["", reason]},
        )

    def swap_with(self, other: "ReceptionDay", reason: str, today: date) -> None:
        """Two leaders exchange their reception days (互换); both keep the reason, both are audited."""
        self._check_open(today, "换班")
        other._check_open(today, "换班")
        reason = (reason or "").strip()
        if not reason:
            raise Refused("请填写换班原因。")
        if other.id == self.id or other.leader_id == self.leader_id:
            raise Refused("请选择另一位领导的接访日进行互换。")
        mine, theirs = self.leader, other.leader
        for day, old, new in ((self, mine, theirs), (other, theirs, mine)):
            if day.scheduled_leader_id is None:
                day.scheduled_leader_id = old.id
            day.leader = new
            day.swap_reason = reason
        audit.record(
            "swap",
            self,
            summary=f"{mine.name}（{self.date:%Y-%m-%d}）与{theirs.name}（{other.date:%Y-%m-%d}）互换接访日。原因：{reason}",
            changes={"leader_id": [mine.name, theirs.name], "swap_reason": ["", reason]},
        )
        audit.record(
            "swap",
            other,
            summary=f"{theirs.name}（{other.date:%Y-%m-%d}）与{mine.name}（{self.date:%Y-%m-%d}）互换接访日。原因：{reason}",
            changes={"leader_id": [theirs.name, mine.name], "swap_reason": ["", reason]},
        )

    def reschedule(self, day: date, start: time, end: time, place: str, reason: str, today: date, cal=None) -> dict:
        """Move the day, its time or its place by hand (kept by later regenerations). With the working-day
        table ``cal``: a day off is refused when the day's rule moves reception days off holidays and weekends."""
        self._check_open(today, "调整")
        if day < today:
            raise Refused("不能把接访日调整到已经过去的日期。")
        if cal is not None and day != self.date and not cal.is_working_day(day) and self.rule is not None and self.rule.shift:
            raise Refused(f"{day:%Y-%m-%d} 是节假日或休息日，按接访规则“{self.rule.describe()}”不安排接访，请选择工作日。")
        if end <= start:
            raise Refused("结束时间须晚于开始时间。")
        reason = (reason or "").strip()
        if not reason:
            raise Refused("请填写调整原因。")
        self.set_time(day, start, end)
        self.place = place.strip()
        changes = audit.diff(self, fields={"date", "starts_at", "ends_at", "place"})
        if changes:
            self.manual = True
            self.moved_reason = reason
            audit.record("reschedule", self, summary=f"调整接访日 {self.date:%Y-%m-%d}。原因：{reason}", changes=changes)
        return changes

    def cancel(self, reason: str, today: date) -> None:
        """Cancel the day (it stays, marked cancelled, so subscribed calendars see STATUS:CANCELLED)."""
        self._check_open(today, "取消")
        reason = (reason or "").strip()
        if not reason:
            raise Refused("请填写取消原因。")
        self.cancelled = True
        self.cancel_reason = reason
        audit.record("cancel", self, summary=f"取消 {self.date:%Y-%m-%d} {self.leader.name}接访日。原因：{reason}", changes=audit.diff(self, fields={"cancelled", "cancel_reason"}))

    def booking_deadline(self, cal) -> date:
        """The last day to book: the working day before the reception day."""
        return cal.add_working_days(self.date, -1)

    def book(self, *, visitor_name: str, phone: str, id_number: str, people_count: int, issue: str, today: date, cal, user=None) -> "ReceptionBooking":
        """Register a visitor's booking; refused unless made at least one working day ahead."""
        if self.cancelled:
            raise Refused("该接访日已取消，不能预约。")
        last = self.booking_deadline(cal)
        if today > last:
            raise Refused(
                f"预约须至少提前一个工作日：{day_and_weekday(self.date)}"
                f"的接访日最晚须于{day_and_weekday(last)}预约，现已截止。"
                "请改约下一个接访日。"
            )
        if people_count < 1:
            raise Refused("来访人数至少为 1 人。")
        booking = ReceptionBooking(
            day=self,
            visitor_name=visitor_name.strip(),
            phone=phone.strip(),
            id_number=id_number.strip().upper(),
            people_count=people_count,
            issue=issue.strip(),
            booked_on=today,
            created_by=user,
        )
        db.session.add(booking)
        audit.record(
            "create",
            booking,
            summary=f"登记预约：{booking.visitor_name}（{booking.masked_id_number}），{people_count} 人，{self.date:%Y-%m-%d} {self.leader.name}接访日",
        )
        return booking


# ---------------------------------------------------------------------------
# Bookings
# ---------------------------------------------------------------------------


def mask_id_number(value: str | None) -> str:
    """``330102199001011234`` → ``3301**********1234`` (first 4 and last 4 kept)."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


class ReceptionBooking(db.Model):
    """A visitor's booking for a reception day. The ID number is shown in full only to the office."""

    __tablename__ = "reception_bookings"
    audit_type = "reception_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(sa.ForeignKey("reception_days.id"), index=True)
    visitor_name: Mapped[str] = mapped_column(sa.String(64))
    phone: Mapped[str] = mapped_column(sa.String(32))
    id_number: Mapped[str] = mapped_column(sa.String(18))
    people_count: Mapped[int] = mapped_column(default=1)
    issue: Mapped[str] = mapped_column(sa.Text)
    booked_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    day: Mapped[ReceptionDay] = relationship(back_populates="bookings")
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return f"{self.visitor_name}的预约"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def update(self, *, visitor_name: str, phone: str, id_number: str, people_count: int, issue: str) -> dict:
        """Correct the booking; the audit trail keeps the ID number masked."""
        self.visitor_name = visitor_name.strip()
        self.phone = phone.strip()
        self.id_number = id_number.strip().upper()
        self.people_count = people_count
        self.issue = issue.strip()
        changes = audit.diff(self)
        if "id_number" in changes:
            changes["id_number"] = [mask_id_number(v) for v in changes["id_number"]]
        if changes:
            audit.record("update", self, summary=f"修改{self.visitor_name}的预约", changes=changes)
        return changes

    def cancel(self, reason: str) -> None:
        if self.cancelled:
            raise Refused("该预约已取消。")
        self.cancelled = True
        self.cancel_reason = (reason or "").strip()
        audit.record("cancel", self, summary=f"取消{self.visitor_name}的预约。{self.cancel_reason}")

    def id_number_for(self, user) -> str:
        """The ID number as ``user`` may see it: whole for the office, masked for everyone else."""
        if getattr(user, "is_authenticated", False) and user.has_role(Role.OFFICE):
            return self.id_number
        return self.masked_id_number

    def can(self, user, action: str = "view") -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if user.has_role(Role.OFFICE):
            return True
        return action == "view" and user.has_role(Role.LEADER) and self.day.leader_id == user.id


# ---------------------------------------------------------------------------
# Reception records (现场接访 / 下访 / 约访)
# ---------------------------------------------------------------------------


class ReceptionRecord(_TimedMixin, db.Model):
    """What a leader heard and decided at a reception, and how the assigned 处室 handled it.

    The petition clock (信访工作条例): acceptance is decided within 15 days of the reception, the
    matter is handled within 60 days of acceptance, extended by at most 30 with the office's approval.
    A 下访 or 约访 is planned ahead (it has a time and a place and shows in the leader's calendar).
    """

    __tablename__ = "reception_records"
    audit_type = "reception_record"
    __table_args__ = (sa.Index("ix_reception_records_leader_start", "leader_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RecordKind] = mapped_column(_enum(RecordKind))
    day_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reception_days.id"), index=True)
    booking_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reception_bookings.id"))
    leader_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    received_on: Mapped[date] = mapped_column(index=True)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    visitors: Mapped[str] = mapped_column(sa.String(200), default="")
    visitor_count: Mapped[int] = mapped_column(default=1)
    visitor_phone: Mapped[str] = mapped_column(sa.String(32), default="")
    issue: Mapped[str] = mapped_column(sa.Text, default="")
    # 信访研判: what the matter is about, the district (区县) and the place it concerns (not where it was heard).
    category: Mapped[str] = mapped_column(sa.String(16), default="", server_default="", index=True)
    district: Mapped[str] = mapped_column(sa.String(32), default="", server_default="")
    location: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    instruction: Mapped[str] = mapped_column(sa.Text, default="")
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    assigned_on: Mapped[date | None]
    accept_deadline: Mapped[date | None]
    accepted_on: Mapped[date | None]
    accept_decision: Mapped[str | None] = mapped_column(sa.String(16))
    accept_note: Mapped[str] = mapped_column(sa.Text, default="")
    handle_deadline: Mapped[date | None]
    extension_reason: Mapped[str] = mapped_column(sa.Text, default="")
    extension_requested_on: Mapped[date | None]
    # The office's decision on the latest request: None while pending, "approved" or "refused" (with its reason).
    extension_decision: Mapped[str | None] = mapped_column(sa.String(16))
    extension_decision_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    extension_decided_on: Mapped[date | None]
    extended: Mapped[bool] = mapped_column(default=False)
    result: Mapped[str] = mapped_column(sa.Text, default="")
    finished_on: Mapped[date | None]
    satisfaction: Mapped[str | None] = mapped_column(sa.String(16))
    satisfaction_note: Mapped[str] = mapped_column(sa.Text, default="")
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    day: Mapped[ReceptionDay | None] = relationship(back_populates="records")
    booking: Mapped[ReceptionBooking | None] = relationship()
    leader: Mapped[User] = relationship(foreign_keys=[leader_id], lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    progress: Mapped[list["ReceptionProgress"]] = relationship(
        back_populates="record", order_by="ReceptionProgress.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return f"{self.kind.label}记录 #{self.id}"

    @property
    def sequence(self) -> int:
        return max(self.version - 1, 0)

    @property
    def category_label(self) -> str:
        return PETITION_CATEGORIES.get(self.category, "未分类")

    @property
    def satisfaction_label(self) -> str:
        """满意/基本满意/不满意, "" before the visitor is rated (the stored value is its code)."""
        return SATISFACTION_LABELS.get(self.satisfaction, self.satisfaction) if self.satisfaction else ""

    @property
    def in_calendar(self) -> bool:
        """下访/约访 with a time are leader's appointments (现场接访 is inside a reception day)."""
        return self.kind != RecordKind.ONSITE and self.starts_at is not None and self.ends_at is not None

    # The one definition of "the deadline that runs now" (before acceptance: deciding it; after: handling).
    @hybrid_property
    def current_deadline(self) -> date | None:
        return self.accept_deadline if self.accepted_on is None else self.handle_deadline

    @current_deadline.inplace.expression
    @classmethod
    def _current_deadline_expression(cls):
        return sa.case((cls.accepted_on.is_(None), cls.accept_deadline), else_=cls.handle_deadline)

    @property
    def deadline_label(self) -> str:
        if self.accepted_on is None:
            return "受理告知期限"
        return "办理期限（已延长）" if self.extended else "办理期限"

    def level(self, today: date, rules=None) -> str:
        """green / yellow / red / done / none, exactly as items are coloured."""
        from rules.deadlines import warning_level

        if self.cancelled:
            return "done"
        return warning_level(self.current_deadline, today, self.finished_on, rules)

    @classmethod
    def level_clause(cls, level: str, today: date, yellow_days: int):
        """SQL for :meth:`level` (same boundaries as ``rules.deadlines.warning_level``)."""
        deadline = cls.current_deadline
        open_ = sa.and_(cls.finished_on.is_(None), cls.cancelled.is_(False))
        if level == "done":
            return sa.or_(cls.finished_on.is_not(None), cls.cancelled.is_(True))
        if level == "none":
            return sa.and_(open_, deadline.is_(None))
        if level == "red":
            return sa.and_(open_, deadline < today)
        if level == "yellow":
            return sa.and_(open_, deadline >= today, deadline <= today + timedelta(days=yellow_days))
        if level == "green":
            return sa.and_(open_, deadline > today + timedelta(days=yellow_days))
        if level == "open":
            return open_
        raise ValueError(level)

    @property
    def status_label(self) -> str:
        if self.cancelled:
            return "已取消"
        if self.finished_on is not None:
            return "不予受理" if self.accept_decision == "rejected" else "已办结"
        if self.department_id is None:
            return "待交办"
        if self.accepted_on is None:
            return "待受理"
        if self.extension_pending:
            return "办理中（申请延期）"
        if self.extension_decision == "refused":
            return "办理中（延期未同意）"
        return "办理中"

    @property
    def extension_pending(self) -> bool:
        """A request for more time waits for the office's decision."""
        return bool(self.extension_requested_on) and not self.extended and self.extension_decision is None

    @property
    def extension_decision_label(self) -> str:
        if self.extension_pending:
            return "待办公室决定"
        if self.extended:
            return "已同意"
        return "未同意" if self.extension_decision == "refused" else ""

    # -- verbs ------------------------------------------------------------------------------

    def _check_open(self, what: str) -> None:
        if self.cancelled:
            raise Refused(f"该记录已取消，不能{what}。")
        if self.finished_on is not None:
            raise Refused(f"该事项已办结，不能{what}。")

    def recompute_deadlines(self, cal, rules) -> dict:
        """Set the petition-clock deadlines from the dates recorded (and the current working-day table)."""
        from rules.deadlines import petition_accept_deadline, petition_handle_deadline

        if self.department_id is None:
            return {}
        self.accept_deadline = petition_accept_deadline(self.received_on, cal, rules)
        self.handle_deadline = (
            petition_handle_deadline(self.accepted_on, cal, rules, extended=self.extended)
            if self.accepted_on is not None and self.accept_decision == "accepted"
            else None
        )
        return audit.diff(self, fields={"accept_deadline", "handle_deadline"})

    def assign(self, department: Department, today: date, cal, rules) -> None:
        """Assign the matter to a 处室; the petition clock runs from the day of the reception."""
        self._check_open("交办")
        if self.received_on > today:
            raise Refused("接访尚未进行，不能交办。")
        if self.accepted_on is not None:
            raise Refused("承办处室已作出受理决定，不能改派。")
        old = self.department.name if self.department else ""
        self.department = department
        self.department_id = department.id
        self.assigned_on = today
        self.recompute_deadlines(cal, rules)
        audit.record(
            "assign",
            self,
            summary=f"交办{department.name}，受理告知期限 {self.accept_deadline:%Y-%m-%d}",
            changes={"department_id": [old, department.name], "accept_deadline": [None, self.accept_deadline]},
        )

    def decide_acceptance(self, decision: str, on: date, note: str, today: date, cal, rules) -> None:
        """The 处室 accepts the matter (the 60-day handling clock starts) or declines it with a reason."""
        self._check_open("作出受理决定")
        if self.department_id is None:
            raise Refused("尚未交办处室。")
        if self.accepted_on is not None:
            raise Refused("已作出受理决定。")
        if decision not in ACCEPT_DECISIONS:
            raise Refused("请选择受理或不予受理。")
        if on < self.received_on or on > today:
            raise Refused("受理决定日期须在接访日期之后、今天或之前。")
        note = (note or "").strip()
        if decision == "rejected" and not note:
            raise Refused("不予受理须说明理由。")
        self.accepted_on = on
        self.accept_decision = decision
        self.accept_note = note
        if decision == "rejected":
            self.finished_on = on
            self.result = f"不予受理：{note}"
        self.recompute_deadlines(cal, rules)
        text = f"{ACCEPT_DECISIONS[decision]}（{on:%Y-%m-%d}）"
        if decision == "accepted":
            text += f"，办理期限 {self.handle_deadline:%Y-%m-%d}"
        audit.record("accept", self, summary=text + (f"。{note}" if note else ""), changes=audit.diff(self))

    def add_progress(self, text: str, user) -> "ReceptionProgress":
        self._check_open("记录进展")
        text = (text or "").strip()
        if not text:
            raise Refused("请填写办理进展。")
        note = ReceptionProgress(record=self, user=user, text=text)
        db.session.add(note)
        audit.record("progress", self, summary=f"办理进展：{text[:200]}")
        return note

    def request_extension(self, reason: str, today: date) -> None:
        self._check_open("申请延期")
        if self.accepted_on is None or self.accept_decision != "accepted":
            raise Refused("受理后才能申请延长办理期限。")
        if self.extended:
            raise Refused("办理期限已延长过，最多延长一次。")
        if self.extension_pending:
            raise Refused("已有一项延期申请等待办公室决定。")
        reason = (reason or "").strip()
        if not reason:
            raise Refused("请填写延期理由。")
        # A refused request does not block a new one; the earlier request and its refusal stay in the history.
        self.extension_reason = reason
        self.extension_requested_on = today
        self.extension_decision, self.extension_decision_note, self.extension_decided_on = None, "", None
        audit.record("request_extension", self, summary=f"申请延长办理期限。理由：{reason}")

    def approve_extension(self, cal, rules, note: str = "", today: date | None = None) -> None:
        """The office approves: the handling deadline moves by the rule's extension (at most once)."""
        self._check_open("批准延期")
        if not self.extension_pending:
            raise Refused("没有待决定的延期申请。")
        self.extended = True
        self.extension_decision, self.extension_decision_note = "approved", (note or "").strip()
        self.extension_decided_on = today or self.extension_requested_on
        self.recompute_deadlines(cal, rules)
        audit.record("approve_extension", self, summary=f"批准延期，办理期限延至 {self.handle_deadline:%Y-%m-%d}"
                     + (f"。{self.extension_decision_note}" if self.extension_decision_note else ""),
                     changes=audit.diff(self, fields={"handle_deadline", "extended"}))

    def refuse_extension(self, note: str, today: date) -> None:
        """The office refuses, with a reason the 处室 reads on the record; the 处室 may ask again."""
        self._check_open("决定延期申请")
        if not self.extension_pending:
            raise Refused("没有待决定的延期申请。")
        note = (note or "").strip()
        if not note:
            raise Refused("不同意延期须说明理由。")
        self.extension_decision, self.extension_decision_note, self.extension_decided_on = "refused", note, today
        audit.record("refuse_extension", self, summary=f"不同意延期。理由：{note}")

    def finish(self, result: str, on: date, today: date) -> None:
        """The 处室 records the result; the matter is 办结."""
        self._check_open("办结")
        if self.accepted_on is None:
            raise Refused("请先作出受理决定。")
        result = (result or "").strip()
        if not result:
            raise Refused("请填写办理结果。")
        if on < self.accepted_on or on > today:
            raise Refused("办结日期须在受理日期之后、今天或之前。")
        self.result = result
        self.finished_on = on
        audit.record("finish", self, summary=f"办结（{on:%Y-%m-%d}）：{result[:200]}", changes=audit.diff(self))

    def rate(self, satisfaction: str, note: str) -> None:
        """The office records the visitor's satisfaction (a 处室 never rates its own work)."""
        if self.cancelled:
            raise Refused("该记录已取消。")
        if self.finished_on is None:
            raise Refused("办结后才能登记来访人满意度。")
        if satisfaction not in SATISFACTION_LABELS:
            raise Refused("请选择满意、基本满意或不满意。")
        self.satisfaction = satisfaction
        self.satisfaction_note = (note or "").strip()
        audit.record("rate", self, summary=f"来访人评价：{self.satisfaction_label}", changes=audit.diff(self, fields={"satisfaction", "satisfaction_note"}))

    def cancel(self, reason: str) -> None:
        """Cancel a planned 下访/约访 (it stays in the calendar feed as cancelled)."""
        self._check_open("取消")
        reason = (reason or "").strip()
        if not reason:
            raise Refused("请填写取消原因。")
        self.cancelled = True
        self.cancel_reason = reason
        audit.record("cancel", self, summary=f"取消{self.kind.label}。原因：{reason}")

    def _is_dept_user(self, user) -> bool:
        return (
            self.department_id is not None
            and user.department_id == self.department_id
            and user.has_role(Role.HANDLER, Role.HEAD)
        )

    def can(self, user, action: str = "view") -> bool:
        """view: the office, the leader who received, the assigned 处室. edit/assign/rate/approve: the office.
        respond (acceptance, progress, result, extension request): the assigned 处室 (and the office)."""
        if not getattr(user, "is_authenticated", False):
            return False
        if user.has_role(Role.OFFICE):
            return True
        if action == "view":
            return (user.has_role(Role.LEADER) and self.leader_id == user.id) or self._is_dept_user(user)
        if action == "respond":
            return self._is_dept_user(user)
        return False


class NoteMixin:
    """A dated note by a user on a record (a reception record's progress, a contact-point problem's notes)."""

    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(sa.Text)

    @declared_attr
    def user(cls) -> Mapped[User | None]:
        return relationship(User, lazy="joined")


class ReceptionProgress(NoteMixin, db.Model):
    """A progress note by the 处室 (or the office) on a reception record."""

    __tablename__ = "reception_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("reception_records.id", ondelete="CASCADE"), index=True)

    record: Mapped[ReceptionRecord] = relationship(back_populates="progress")


# ---------------------------------------------------------------------------
# Contact points (联系点)
# ---------------------------------------------------------------------------


class ContactPoint(db.Model):
    """A place a leader is linked to for a year, with a visit target per quarter."""

    __tablename__ = "contact_points"
    audit_type = "contact_point"
    __table_args__ = (sa.Index("ix_contact_points_leader_year", "leader_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[PointKind] = mapped_column(_enum(PointKind))
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_person: Mapped[str] = mapped_column(sa.String(64), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(32), default="")
    year: Mapped[int]
    visits_per_quarter: Mapped[int] = mapped_column(default=1)
    focus: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    leader: Mapped[User] = relationship(lazy="joined")
    visits: Mapped[list["ContactVisit"]] = relationship(back_populates="point", order_by="ContactVisit.visit_date")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.name

    def can(self, user, action: str = "view") -> bool:
        """view / visit (record visits): the office and the leader; edit: the office."""
        if not getattr(user, "is_authenticated", False):
            return False
        if user.has_role(Role.OFFICE):
            return True
        own = user.has_role(Role.LEADER) and self.leader_id == user.id
        return own and action in ("view", "visit")

    @staticmethod
    def _check_leader(leader_id) -> None:
        leader = db.session.get(User, leader_id)
        if leader is None or not leader.is_leader:
            raise Refused("请选择联系领导", field="leader_id")

    def _set(self, values: dict) -> dict:
        for key, value in values.items():
            setattr(self, key, value)
        return audit.diff(self)

    @classmethod
    def create(cls, **values) -> "ContactPoint":
        """A new contact point of a leader (``leader_id``, name, kind, year, …), audited."""
        cls._check_leader(values.get("leader_id"))
        point = cls(name="", leader_id=values.get("leader_id"))
        db.session.add(point)
        changes = point._set(values)
        audit.record("create", point, summary=f"新建联系点“{point.name}”（{point.year} 年，{point.leader.name if point.leader else ''}）", changes=changes)
        return point

    def edit(self, **values) -> None:
        """Change the point; audited when something changed."""
        self._check_leader(values.get("leader_id"))
        changes = self._set(values)
        if changes:
            audit.record("update", self, summary=f"修改联系点“{self.name}”", changes=changes)

    def plan_visit(self, visit_date: date, start: time, end: time, purpose: str, participants: str) -> "ContactVisit":
        """Plan a visit within the point's year (it goes into the leader's schedule); audited."""
        if visit_date.year != self.year:
            raise Refused(f"该联系点是 {self.year} 年度的，走访日期须在该年度内", field="visit_date")
        visit = ContactVisit(point=self, purpose=purpose.strip(), participants=participants.strip())
        visit.visit_date = visit_date
        visit.starts_at, visit.ends_at = local_span(visit_date, start, end)
        db.session.add(visit)
        audit.record("create", visit, summary=f"安排走访联系点“{self.name}”：{visit.visit_date:%Y-%m-%d} {visit.time_range}")
        return visit


class ContactVisit(_TimedMixin, db.Model):
    """A leader's visit to a contact point: planned, then done with the problems found and solved."""

    __tablename__ = "contact_visits"
    audit_type = "contact_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(sa.ForeignKey("contact_points.id"), index=True)
    visit_date: Mapped[date] = mapped_column(index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    status: Mapped[VisitStatus] = mapped_column(_enum(VisitStatus), default=VisitStatus.PLANNED)
    purpose: Mapped[str] = mapped_column(sa.String(200), default="")
    participants: Mapped[str] = mapped_column(sa.String(200), default="")
    problems_found: Mapped[str] = mapped_column(sa.Text, default="")
    problems_solved: Mapped[str] = mapped_column(sa.Text, default="")
    found_count: Mapped[int] = mapped_column(default=0)
    solved_count: Mapped[int] = mapped_column(default=0)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    point: Mapped[ContactPoint] = relationship(back_populates="visits", lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return f"{self.point.name} {self.visit_date:%Y-%m-%d} 走访"

    @property
    def sequence(self) -> int:
        return max(self.version - 1, 0)

    @property
    def leader_id(self) -> int:
        return self.point.leader_id

    @property
    def quarter(self) -> int:
        return (self.visit_date.month - 1) // 3 + 1

    def record_outcome(self, *, problems_found: str, problems_solved: str, found_count: int, solved_count: int, participants: str) -> dict:
        """The visit took place: what was found and what was solved (counts toward the quarter's target)."""
        if self.status == VisitStatus.CANCELLED:
            raise Refused("该走访已取消。")
        if solved_count > found_count:
            raise Refused("解决问题数不能多于发现问题数。")
        self.status = VisitStatus.DONE
        self.problems_found = problems_found.strip()
        self.problems_solved = problems_solved.strip()
        self.found_count = found_count
        self.solved_count = solved_count
        self.participants = participants.strip()
        changes = audit.diff(self)
        if changes:
            audit.record("visit_done", self, summary=f"记录走访 {self.point.name}：发现问题 {found_count} 个，解决 {solved_count} 个", changes=changes)
        return changes

    def cancel(self, reason: str) -> None:
        if self.status != VisitStatus.PLANNED:
            raise Refused("只有尚未走访的安排可以取消。")
        reason = (reason or "").strip()
        if not reason:
            raise Refused("请填写取消原因。")
        self.status = VisitStatus.CANCELLED
        self.cancel_reason = reason
        audit.record("cancel", self, summary=f"取消走访 {self.point.name}（{self.visit_date:%Y-%m-%d}）。原因：{reason}")

    def can(self, user, action: str = "view") -> bool:
        return self.point.can(user, "view" if action == "view" else "visit")


# ---------------------------------------------------------------------------
# Private calendar feed and reminders
# ---------------------------------------------------------------------------


class CalendarFeedToken(db.Model):
    """The secret of a user's iCalendar feed. Only its SHA-256 is stored; revoking keeps the row."""

    __tablename__ = "calendar_feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class LeaderReminder(db.Model):
    """An in-app notice to a leader about a reception day (once per leader, kind and day).

    Shown on the 工作台 until the day has passed; e-mailed too when SMTP is configured."""

    __tablename__ = "leader_reminders"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", "day_id", name="uq_leader_reminders_user_kind_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # "upcoming" | "bookings"
    day_id: Mapped[int] = mapped_column(sa.ForeignKey("reception_days.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    emailed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    day: Mapped[ReceptionDay] = relationship()


# ---------------------------------------------------------------------------
# Query helpers: what a user may see (used by lists, the calendar and the feed alike)
# ---------------------------------------------------------------------------


def calendar_leader_ids(user) -> list[int] | None:
    """Whose entries ``user`` sees in calendars and the feed: ``None`` = every leader (the office)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.has_role(Role.OFFICE):
        return None
    if user.has_role(Role.LEADER):
        return [user.id]
    return []


def leaders_query():
    """Active leaders in a stable order (the 厅长 first: fewest 分管 is not a rule, so by id)."""
    return (
        sa.select(User)
        .where(User.active, User.role_rows.any(role=Role.LEADER))
        .order_by(User.id)
    )


def visible_days(user):
    stmt = sa.select(ReceptionDay)
    ids = calendar_leader_ids(user)
    if ids is not None:
        stmt = stmt.where(ReceptionDay.leader_id.in_(ids) if ids else sa.false())
    return stmt


def visible_records(user):
    stmt = sa.select(ReceptionRecord)
    if user.has_role(Role.OFFICE):
        return stmt
    conditions = []
    if user.has_role(Role.LEADER):
        conditions.append(ReceptionRecord.leader_id == user.id)
    if user.department_id is not None and user.has_role(Role.HANDLER, Role.HEAD):
        conditions.append(ReceptionRecord.department_id == user.department_id)
    return stmt.where(sa.or_(*conditions) if conditions else sa.false())


def visible_points(user):
    stmt = sa.select(ContactPoint)
    if user.has_role(Role.OFFICE):
        return stmt
    if user.has_role(Role.LEADER):
        return stmt.where(ContactPoint.leader_id == user.id)
    return stmt.where(sa.false())


def visible_bookings(user):
    stmt = sa.select(ReceptionBooking).join(ReceptionBooking.day)
    ids = calendar_leader_ids(user)
    if ids is not None:
        stmt = stmt.where(ReceptionDay.leader_id.in_(ids) if ids else sa.false())
    return stmt


def booking_totals(day_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Each day's bookings not cancelled: ``day_id → (批次, 人数)`` (days without any are absent)."""
    if not day_ids:
        return {}
    rows = db.session.execute(
        sa.select(ReceptionBooking.day_id, sa.func.count(), sa.func.coalesce(sa.func.sum(ReceptionBooking.people_count), 0))
        .where(ReceptionBooking.day_id.in_(day_ids), ReceptionBooking.cancelled.is_(False))
        .group_by(ReceptionBooking.day_id)
    ).all()
    return {day_id: (n, int(people)) for day_id, n, people in rows}
