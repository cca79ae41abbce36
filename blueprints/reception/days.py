"""Reception-day rules, occurrences (swap, substitute, reschedule, cancel), bookings and the monthly notice."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Response, current_app, flash, redirect, request, url_for
from flask_login import current_user

from extensions import db
from models.org import Role, User
from models.reception import (
    ReceptionBooking,
    ReceptionDay,
    ReceptionRecord,
    ReceptionRule,
    RuleKind,
    booking_totals,
    visible_bookings,
    visible_days,
    visible_records,
)
from models import audit
from rules import clock
from services.reception import schedule as rules_service
from web.access import load_or_404, require
from rules.errors import Refused
from web.actions import act
from web.render import render
from rules.workdays import PREDICTION_NOTE

from . import bp
from .common import warn_clashes, warn_day_off
from .forms import BookingForm, CancelForm, DayForm, RescheduleForm, RuleForm, SubstituteForm, SwapForm

# How far ahead the reception page lists the coming days.
UPCOMING_DAYS = 45


@bp.get("/")
@require(Role.OFFICE, Role.LEADER, Role.HANDLER, Role.HEAD)
def index():
    """The office's landing page (upcoming days, attention, rules); a leader's own upcoming days;
    a 处室's assigned records."""
    today = clock.today()
    if not current_user.has_role(Role.OFFICE, Role.LEADER):
        return redirect(url_for("reception.records"))
    within = request.args.get("within", type=int)
    if within is not None and 0 <= within <= 366:
        # “两周内接访日” on the 工作台: exactly the days it counts (cancelled ones left out), with their number.
        days = db.session.scalars(rules_service.upcoming_days_query(current_user, today, within).order_by(ReceptionDay.starts_at)).all()
    else:
        within = None
        days = db.session.scalars(
            visible_days(current_user)
            .where(ReceptionDay.date >= today, ReceptionDay.date <= today + timedelta(days=UPCOMING_DAYS))
            .order_by(ReceptionDay.starts_at)
        ).all()
    counts = booking_totals([d.id for d in days])
    rule_rows = [
        r for r in db.session.scalars(sa.select(ReceptionRule).order_by(ReceptionRule.active.desc(), ReceptionRule.id))
        if r.can(current_user)
    ]
    cal = rules_service.working_calendar()
    attention = rules_service.days_needing_attention(today, cal) if current_user.has_role(Role.OFFICE) else []
    return render(
        "reception/index.html",
        days=days,
        counts=counts,
        rules=rule_rows,
        attention=attention,
        cal=cal,
        fallback_note=cal.fallback_note({d.date.year for d in days}),
        next_month=(today.replace(day=1) + timedelta(days=32)).replace(day=1),
        within=within,
        upcoming_days=UPCOMING_DAYS,
    )


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


@bp.get("/rules")
@require(Role.OFFICE, Role.LEADER)
def rules():
    return redirect(url_for("reception.index") + "#rules")


def _rule_values(form: RuleForm) -> tuple[dict, list[int]]:
    """The rule's fields from the form, and the checked leaders in the order listed (the rota order)."""
    kind = RuleKind(form.kind.data)
    values = dict(
        name=form.name.data.strip(),
        kind=kind,
        day_of_month=form.day_of_month.data if kind == RuleKind.MONTHLY_DAY else None,
        nth=form.nth.data if kind == RuleKind.MONTHLY_NTH_WEEKDAY else None,
        weekday=form.weekday.data if kind != RuleKind.MONTHLY_DAY else None,
        shift=bool(form.shift.data),
        start_time=form.start_time.data,
        end_time=form.end_time.data,
        place=form.place.data.strip(),
        valid_from=form.valid_from.data,
        valid_until=form.valid_until.data,
        booking_info=(form.booking_info.data or "").strip(),
        out_of_scope=(form.out_of_scope.data or "").strip(),
        active=bool(form.active.data),
    )
    order = [c[0] for c in form.leaders.choices]
    return values, sorted(set(form.leaders.data or []), key=order.index)


def _report_generated(rule: ReceptionRule, result) -> None:
    flash(f"已保存规则“{rule.name}”：{result.summary}。", "success")
    for day in result.created + result.updated:
        warn_clashes(day.leader_id, day.starts_at, day.ends_at, ("reception", day.id))
    if result.attention:
        flash("以下接访日已有预约或换班，但现在落在非工作日，请人工调整：" + "、".join(f"{d.date:%Y-%m-%d}" for d in result.attention), "warning")


@bp.route("/rules/new", methods=["GET", "POST"])
@require(Role.OFFICE)
def rule_new():
    form = RuleForm()
    if request.method == "GET":
        form.valid_from.data = clock.today()
        form.booking_info.data = rules_service.DEFAULT_BOOKING_INFO
        form.out_of_scope.data = rules_service.DEFAULT_OUT_OF_SCOPE

    def page(status=200, form=form):
        return render("reception/rule_form.html", form=form, rule=None, status=status)

    if request.method == "GET":
        return page()

    def create() -> ReceptionRule:
        rule, result = rules_service.create_rule(*_rule_values(form))
        _report_generated(rule, result)
        return rule

    return act(create, form=form, page=page, back=lambda rule: url_for("reception.rule_detail", rule_id=rule.id))


@bp.route("/rules/<int:rule_id>/edit", methods=["GET", "POST"])
@require(Role.OFFICE)
def rule_edit(rule_id: int):
    rule = load_or_404(ReceptionRule, rule_id, "edit")
    form = RuleForm(obj=rule)
    if request.method == "GET":
        form.version.data = rule.version
        form.leaders.data = rule.leader_ids
        form.kind.data = rule.kind.value
        form.nth.data = rule.nth or 1
        form.weekday.data = rule.weekday if rule.weekday is not None else 4

    def page(status=200, form=form):
        return render("reception/rule_form.html", form=form, rule=rule, status=status)

    if request.method == "GET":
        return page()

    def edit() -> None:
        _report_generated(rule, rules_service.edit_rule(rule, *_rule_values(form)))

    return act(edit, form=form, page=page, versioned=rule, back=url_for("reception.rule_detail", rule_id=rule.id))


@bp.get("/rules/<int:rule_id>")
@require(Role.OFFICE, Role.LEADER)
def rule_detail(rule_id: int):
    rule = load_or_404(ReceptionRule, rule_id)
    today = clock.today()
    days = db.session.scalars(
        visible_days(current_user).where(ReceptionDay.rule_id == rule.id, ReceptionDay.date >= today - timedelta(days=31)).order_by(ReceptionDay.date)
    ).all()
    return render("reception/rule_detail.html", rule=rule, days=days, counts=booking_totals([d.id for d in days]), cal=rules_service.working_calendar())


@bp.post("/rules/<int:rule_id>/generate")
@require(Role.OFFICE)
def rule_generate(rule_id: int):
    rule = load_or_404(ReceptionRule, rule_id, "edit")

    def regenerate():
        result = rules_service.regenerate(rule)
        for day in result.created + result.updated:
            warn_clashes(day.leader_id, day.starts_at, day.ends_at, ("reception", day.id))
        return result

    return act(regenerate, success=lambda result: f"已重新生成：{result.summary}。", back=url_for("reception.rule_detail", rule_id=rule.id))


# ---------------------------------------------------------------------------
# Reception days
# ---------------------------------------------------------------------------


@bp.route("/days/new", methods=["GET", "POST"])
@require(Role.OFFICE)
def day_new():
    form = DayForm()

    def page(status=200, form=form):
        return render("reception/day_form.html", form=form, status=status)

    if request.method == "GET":
        return page()

    def add() -> ReceptionDay:
        day = ReceptionDay.add(db.session.get(User, form.leader_id.data), form.date.data, form.start_time.data, form.end_time.data,
                               form.place.data, clock.today())
        warn_clashes(day.leader_id, day.starts_at, day.ends_at, ("reception", day.id))
        warn_day_off(day.date)
        return day

    return act(add, form=form, page=page, success="已新增接访日。", back=lambda day: url_for("reception.day_detail", day_id=day.id))


def _swap_choices(day: ReceptionDay) -> list[tuple[int, str]]:
    """Upcoming live days of other leaders (the two leaders exchange them)."""
    others = db.session.scalars(
        sa.select(ReceptionDay)
        .where(ReceptionDay.date >= clock.today(), ReceptionDay.leader_id != day.leader_id, ReceptionDay.cancelled.is_(False))
        .order_by(ReceptionDay.date)
        .limit(60)
    ).all()
    return [(0, "（请选择）")] + [(o.id, f"{o.date:%Y-%m-%d} {o.leader.name}（{o.time_range}）") for o in others]


def _day_forms(day: ReceptionDay, **given):
    forms = {
        "substitute_form": given.get("substitute_form") or SubstituteForm(formdata=None, exclude=day.leader_id),
        "swap_form": given.get("swap_form") or SwapForm(formdata=None),
        "reschedule_form": given.get("reschedule_form") or RescheduleForm(formdata=None),
        "cancel_form": given.get("cancel_form") or CancelForm(formdata=None),
    }
    forms["swap_form"].other_day_id.choices = _swap_choices(day)
    rf = forms["reschedule_form"]
    if "reschedule_form" not in given:
        rf.date.data = day.date
        rf.start_time.data = day.start_local.time()
        rf.end_time.data = day.end_local.time()
        rf.place.data = day.place
    for f in forms.values():
        if f.version.data in (None, ""):
            f.version.data = day.version
    return forms


def _render_day(day: ReceptionDay, status: int = 200, **given):
    bookings = db.session.scalars(
        sa.select(ReceptionBooking).where(ReceptionBooking.day_id == day.id).order_by(ReceptionBooking.cancelled, ReceptionBooking.id)
    ).all()
    records = db.session.scalars(visible_records(current_user).where(ReceptionRecord.day_id == day.id).order_by(ReceptionRecord.id)).all()
    cal = rules_service.working_calendar()
    today = clock.today()
    forms = _day_forms(day, **given) if day.can(current_user, "edit") else {}
    history = audit.entries_for("reception_day", day.id) if current_user.has_role(Role.OFFICE) else []
    return render(
        "reception/day_detail.html",
        status=status,
        day=day,
        bookings=bookings,
        records=records,
        booking_deadline=day.booking_deadline(cal),
        bookable=not day.cancelled and today <= day.booking_deadline(cal),
        editable=not day.cancelled and day.date >= today,
        clashes=[c for c in _clashes_of(day)],
        history=history,
        **forms,
    )


def _clashes_of(day: ReceptionDay):
    from services import agenda

    if day.cancelled:
        return []
    return agenda.for_viewer(agenda.clashes(day.leader_id, day.starts_at, day.ends_at, exclude=("reception", day.id)), current_user)


@bp.get("/days/<int:day_id>")
@require(Role.OFFICE, Role.LEADER)
def day_detail(day_id: int):
    return _render_day(load_or_404(ReceptionDay, day_id))


def _day_act(day: ReceptionDay, form, form_key: str, verb, success):
    """A form of the day's page through ``web.actions.act`` (the page again, 422, with the form as typed)."""
    return act(verb, form=form, form_key=form_key, versioned=day, success=success,
               page=lambda status, **given: _render_day(day, status, **given), back=url_for("reception.day_detail", day_id=day.id))


@bp.post("/days/<int:day_id>/substitute")
@require(Role.OFFICE)
def day_substitute(day_id: int):
    day = load_or_404(ReceptionDay, day_id, "edit")
    form = SubstituteForm(exclude=day.leader_id)

    def verb():
        leader = db.session.get(User, form.leader_id.data)
        if leader is None:
            raise Refused("请选择代班领导。")
        day.substitute(leader, form.reason.data, clock.today())
        warn_clashes(day.leader_id, day.starts_at, day.ends_at, ("reception", day.id))

    return _day_act(day, form, "substitute_form", verb, lambda _: f"已改由{day.leader.name}接访，换班原因已记录。")


@bp.post("/days/<int:day_id>/swap")
@require(Role.OFFICE)
def day_swap(day_id: int):
    day = load_or_404(ReceptionDay, day_id, "edit")
    form = SwapForm()
    form.other_day_id.choices = _swap_choices(day)

    def verb() -> ReceptionDay:
        other = db.session.get(ReceptionDay, form.other_day_id.data)
        if other is None:
            raise Refused("要互换的接访日不存在。")
        day.swap_with(other, form.reason.data, clock.today())
        for d in (day, other):
            warn_clashes(d.leader_id, d.starts_at, d.ends_at, ("reception", d.id))
        return other

    return _day_act(day, form, "swap_form", verb, lambda other: (
        f"已互换：{day.date:%m月%d日}由{day.leader.name}接访，{other.date:%m月%d日}由{other.leader.name}接访。"))


@bp.post("/days/<int:day_id>/reschedule")
@require(Role.OFFICE)
def day_reschedule(day_id: int):
    day = load_or_404(ReceptionDay, day_id, "edit")
    form = RescheduleForm()

    def verb():
        changes = day.reschedule(form.date.data, form.start_time.data, form.end_time.data, form.place.data, form.reason.data,
                                 clock.today(), rules_service.working_calendar())
        if changes:
            warn_clashes(day.leader_id, day.starts_at, day.ends_at, ("reception", day.id))
            warn_day_off(day.date)
        return changes

    # Said only when something moved (the leaders' subscribed calendars change then).
    return _day_act(day, form, "reschedule_form", verb, lambda changes: "已调整接访日。已订阅日历的领导刷新后即可看到。" if changes else None)


@bp.post("/days/<int:day_id>/cancel")
@require(Role.OFFICE)
def day_cancel(day_id: int):
    day = load_or_404(ReceptionDay, day_id, "edit")
    form = CancelForm()

    def booked(_) -> str:
        n = sum(1 for b in day.bookings if not b.cancelled)
        return "已取消该接访日。" + (f"请逐一电话告知已预约的 {n} 批来访人。" if n else "")

    return _day_act(day, form, "cancel_form", lambda: day.cancel(form.reason.data, clock.today()), booked)


# ---------------------------------------------------------------------------
# Bookings
# ---------------------------------------------------------------------------


@bp.route("/days/<int:day_id>/book", methods=["GET", "POST"])
@require(Role.OFFICE)
def booking_new(day_id: int):
    day = load_or_404(ReceptionDay, day_id, "book")
    form = BookingForm()
    cal = rules_service.working_calendar()

    def page(status: int, form):
        return render("reception/booking_form.html", form=form, day=day, booking=None, deadline=day.booking_deadline(cal), status=status)

    if request.method == "GET":
        return page(200, form)
    return act(lambda: day.book(visitor_name=form.visitor_name.data, phone=form.phone.data, id_number=form.id_number.data,
                                people_count=form.people_count.data, issue=form.issue.data, today=clock.today(), cal=cal,
                                user=current_user._get_current_object()),
               form=form, page=page, back=url_for("reception.day_detail", day_id=day.id),
               success=lambda booking: f"已登记{booking.visitor_name}的预约（{day.date:%m月%d日} {day.leader.name}接访）。")


@bp.get("/bookings")
@require(Role.OFFICE, Role.LEADER)
def bookings():
    """Bookings by reception day: by default today's or the next reception day (a leader: theirs)."""
    today = clock.today()
    day_id = request.args.get("day", type=int)
    day = None
    if day_id:
        day = load_or_404(ReceptionDay, day_id)
    else:
        day = db.session.scalar(
            visible_days(current_user).where(ReceptionDay.date >= today, ReceptionDay.cancelled.is_(False)).order_by(ReceptionDay.starts_at).limit(1)
        )
    upcoming = db.session.scalars(
        visible_days(current_user).where(ReceptionDay.date >= today, ReceptionDay.cancelled.is_(False)).order_by(ReceptionDay.starts_at).limit(12)
    ).all()
    rows = []
    if day is not None:
        rows = db.session.scalars(
            visible_bookings(current_user).where(ReceptionBooking.day_id == day.id).order_by(ReceptionBooking.cancelled, ReceptionBooking.id)
        ).all()
    return render("reception/bookings.html", day=day, rows=rows, upcoming=upcoming, counts=booking_totals([d.id for d in upcoming]),
                  tomorrow=today + timedelta(days=1))


@bp.route("/bookings/<int:booking_id>/edit", methods=["GET", "POST"])
@require(Role.OFFICE)
def booking_edit(booking_id: int):
    booking = load_or_404(ReceptionBooking, booking_id, "edit")
    form = BookingForm(obj=booking)
    if request.method == "GET":
        form.version.data = booking.version

    def page(status=200, form=form):
        cal = rules_service.working_calendar()
        return render("reception/booking_form.html", form=form, day=booking.day, booking=booking, deadline=booking.day.booking_deadline(cal),
                      status=status)

    if request.method == "GET":
        return page()
    return act(lambda: booking.update(visitor_name=form.visitor_name.data, phone=form.phone.data, id_number=form.id_number.data,
                                      people_count=form.people_count.data, issue=form.issue.data),
               form=form, page=page, versioned=booking, success="已保存预约。", back=url_for("reception.day_detail", day_id=booking.day_id))


@bp.post("/bookings/<int:booking_id>/cancel")
@require(Role.OFFICE)
def booking_cancel(booking_id: int):
    booking = load_or_404(ReceptionBooking, booking_id, "edit")
    return act(lambda: booking.cancel(request.form.get("reason", "")), success=f"已取消{booking.visitor_name}的预约。",
               back=url_for("reception.day_detail", day_id=booking.day_id))


# ---------------------------------------------------------------------------
# The monthly public notice (接访日预告)
# ---------------------------------------------------------------------------


@bp.get("/notice")
@require(Role.OFFICE, Role.LEADER)
def notice():
    first = rules_service.parse_month(request.args.get("month"), clock.today())
    rows = rules_service.notice_rows(first)
    booking, scope = rules_service.notice_texts(rows, first)
    prev_month = (first - timedelta(days=1)).replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    fallback_note = rules_service.working_calendar().fallback_note([first.year])
    return render("reception/notice.html", first=first, rows=rows, booking=booking, scope=scope, prev_month=prev_month,
                  next_month=next_month, fallback_note=fallback_note)


@bp.get("/notice.xlsx")
@require(Role.OFFICE, Role.LEADER)
def notice_xlsx():
    first = rules_service.parse_month(request.args.get("month"), clock.today())
    data = rules_service.notice_xlsx(first, current_app.config["BUREAU_NAME"])
    filename = f"接访日预告-{first:%Y-%m}.xlsx"
    from urllib.parse import quote

    response = Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f"attachment; filename=notice-{first:%Y-%m}.xlsx; filename*=UTF-8''{quote(filename)}"
    return response
