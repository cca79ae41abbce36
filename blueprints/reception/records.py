"""Reception records (现场接访 / 下访 / 约访) and their handling by the assigned 处室 on the petition clock."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, request, url_for
from flask_login import current_user

from extensions import db
from models.milestones import PetitionMilestone
from models.org import Department, Role
from models.reception import (
    ReceptionBooking,
    ReceptionDay,
    ReceptionRecord,
    RecordKind,
    local_span,
    visible_records,
)
from models import audit
from rules import clock
from services.reception import milestones
from services.reception import records as record_service
from services.reception import schedule as rules_service
from web.access import load_or_404, require
from rules.errors import Refused
from web.actions import act, act_on_page
from web.render import render

from . import bp
from .common import warn_clashes
from .forms import (
    AcceptForm,
    AssignForm,
    CancelForm,
    DecideExtensionForm,
    ExtensionForm,
    FinishForm,
    MilestoneDoneForm,
    ProgressForm,
    RateForm,
    RecordForm,
)

LEVELS = {"red": "超期", "yellow": "临期", "green": "正常", "none": "未交办", "done": "已办结", "open": "未办结"}


@bp.get("/records")
@require(Role.OFFICE, Role.LEADER, Role.HANDLER, Role.HEAD)
def records():
    """Reception records the user may see, coloured like items; filters in the query string."""
    today = clock.today()
    level = request.args.get("level") or ""
    kind = request.args.get("kind") or ""
    q = (request.args.get("q") or "").strip()
    department_id = request.args.get("department", type=int) or 0
    stmt = visible_records(current_user)
    yellow = rules_service.deadline_rules().yellow_days
    if level in LEVELS:
        stmt = stmt.where(ReceptionRecord.level_clause(level, today, yellow))
    if kind in {k.value for k in RecordKind}:
        stmt = stmt.where(ReceptionRecord.kind == RecordKind(kind))
    if department_id:
        stmt = stmt.where(ReceptionRecord.department_id == department_id)
    milestone = db.session.get(PetitionMilestone, request.args.get("milestone", type=int) or 0)
    mstate = request.args.get("mstate") or ""
    if milestone is not None and mstate in milestones.STATES:
        stmt = stmt.where(milestones.records_clause(milestone.id, mstate, today, yellow))
    else:
        milestone, mstate = None, ""
    moved = request.args.get("moved") == "earlier"
    if moved:
        stmt = stmt.where(rules_service.moved_earlier_records_clause())
    if q:
        like = f"%{q}%"
        stmt = stmt.where(sa.or_(ReceptionRecord.visitors.ilike(like), ReceptionRecord.issue.ilike(like)))
    stmt = stmt.order_by(
        ReceptionRecord.finished_on.is_not(None), ReceptionRecord.current_deadline.is_(None), ReceptionRecord.current_deadline,
        ReceptionRecord.received_on.desc(), ReceptionRecord.id.desc()
    )
    page = db.paginate(stmt, per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    departments = []
    if current_user.has_role(Role.OFFICE):
        departments = db.session.execute(sa.select(Department.id, Department.name).where(Department.active).order_by(Department.sort_order)).all()
    rules = rules_service.deadline_rules()
    return render(
        "reception/records.html",
        block="results",
        page=page,
        rows=[(r, r.level(today, rules)) for r in page.items],
        filters={"level": level, "kind": kind, "q": q, "department": department_id, "moved": "earlier" if moved else "",
                 **({"milestone": milestone.id, "mstate": mstate} if milestone else {})},
        milestone=milestone,
        milestone_state=milestones.STATES.get(mstate, ""),
        moved_days=rules_service.MOVED_EARLIER_DAYS,
        levels=LEVELS,
        kinds=RecordKind,
        departments=departments,
    )


def _fill_from(form: RecordForm, day: ReceptionDay | None, booking: ReceptionBooking | None) -> None:
    if day is not None:
        form.kind.data = RecordKind.ONSITE.value
        form.leader_id.data = day.leader_id
        form.received_on.data = day.date
        form.place.data = day.place
        form.day_id.data = str(day.id)
    if booking is not None:
        form.visitors.data = booking.visitor_name
        form.visitor_phone.data = booking.phone
        form.visitor_count.data = booking.people_count
        form.issue.data = booking.issue
        form.booking_id.data = str(booking.id)


def _record_values(form: RecordForm) -> dict:
    values = dict(kind=RecordKind(form.kind.data), leader_id=form.leader_id.data, received_on=form.received_on.data)
    if form.start_time.data and form.end_time.data:
        values["starts_at"], values["ends_at"] = local_span(form.received_on.data, form.start_time.data, form.end_time.data)
    else:
        values["starts_at"] = values["ends_at"] = None
    return values | dict(
        place=(form.place.data or "").strip(),
        visitors=(form.visitors.data or "").strip(),
        visitor_count=form.visitor_count.data or 1,
        visitor_phone=(form.visitor_phone.data or "").strip(),
        issue=(form.issue.data or "").strip(),
        category=form.category.data or "",
        district=(form.district.data or "").strip(),
        location=(form.location.data or "").strip(),
        instruction=(form.instruction.data or "").strip(),
    )


def _linked(model, raw):
    try:
        ident = int(raw or 0)
    except (TypeError, ValueError):
        return None
    obj = db.session.get(model, ident) if ident else None
    return obj if obj is not None and obj.can(current_user) else None


@bp.route("/records/new", methods=["GET", "POST"])
@require(Role.OFFICE)
def record_new():
    form = RecordForm()
    day = _linked(ReceptionDay, request.values.get("day") or form.day_id.data)
    booking = _linked(ReceptionBooking, request.values.get("booking") or form.booking_id.data)
    if booking is not None and day is None:
        day = booking.day
    if request.method == "GET":
        if request.args.get("kind") in {k.value for k in RecordKind}:
            form.kind.data = request.args["kind"]
        form.received_on.data = clock.today()
        _fill_from(form, day, booking)
    if request.method == "GET":
        return render("reception/record_form.html", form=form, record=None, day=day, booking=booking)

    def create() -> ReceptionRecord:
        record = record_service.register(current_user._get_current_object(), _record_values(form), day=day, booking=booking,
                                         department_id=form.department_id.data)
        if record.in_calendar:
            warn_clashes(record.leader_id, record.starts_at, record.ends_at, ("record", record.id))
        return record

    return act(create, form=form, page=lambda status, form: render("reception/record_form.html", form=form, record=None, day=day,
                                                                    booking=booking, status=status),
               success=lambda record: f"已登记{record.kind.label}记录。",
               back=lambda record: url_for("reception.record_detail", record_id=record.id))


@bp.route("/records/<int:record_id>/edit", methods=["GET", "POST"])
@require(Role.OFFICE)
def record_edit(record_id: int):
    record = load_or_404(ReceptionRecord, record_id, "edit")
    form = RecordForm(obj=record)
    del form.department_id
    if request.method == "GET":
        form.version.data = record.version
        form.kind.data = record.kind.value
        form.start_time.data = record.start_local.time() if record.starts_at else None
        form.end_time.data = record.end_local.time() if record.ends_at else None

    def page(status=200, form=form):
        return render("reception/record_form.html", form=form, record=record, day=record.day, booking=record.booking, status=status)

    if request.method == "GET":
        return page()

    def edit() -> None:
        if record_service.correct(record, _record_values(form)):
            if record.in_calendar and not record.cancelled:
                warn_clashes(record.leader_id, record.starts_at, record.ends_at, ("record", record.id))

    return act(edit, form=form, page=page, versioned=record, success="已保存。", back=url_for("reception.record_detail", record_id=record.id))


def _record_forms(record: ReceptionRecord, **given) -> dict:
    forms: dict = {}
    if record.can(current_user, "edit"):
        forms["assign_form"] = given.get("assign_form") or AssignForm(formdata=None)
        forms["rate_form"] = given.get("rate_form") or RateForm(formdata=None)
        forms["cancel_form"] = given.get("cancel_form") or CancelForm(formdata=None)
        forms["decide_extension_form"] = given.get("decide_extension_form") or DecideExtensionForm(formdata=None)
    if record.can(current_user, "respond"):
        forms["accept_form"] = given.get("accept_form") or AcceptForm(formdata=None)
        forms["progress_form"] = given.get("progress_form") or ProgressForm(formdata=None)
        forms["extension_form"] = given.get("extension_form") or ExtensionForm(formdata=None)
        forms["finish_form"] = given.get("finish_form") or FinishForm(formdata=None)
        if "accept_form" not in given:
            forms["accept_form"].on.data = clock.today()
        if "finish_form" not in given:
            forms["finish_form"].on.data = clock.today()
    for f in forms.values():
        if hasattr(f, "version") and f.version.data in (None, ""):
            f.version.data = record.version
    return forms


def done_form(milestone_id: int, formdata=None) -> MilestoneDoneForm:
    """The form marking one milestone done (prefixed, so that each row's fields have their own ids)."""
    if formdata is None:
        form = MilestoneDoneForm(formdata=None, prefix=f"m{milestone_id}")
        form.on.data = clock.today()
        return form
    return MilestoneDoneForm(prefix=f"m{milestone_id}")


def _render_record(record: ReceptionRecord, status: int = 200, **given):
    today = clock.today()
    rules = rules_service.deadline_rules()
    history = audit.entries_for("reception_record", record.id)
    milestone_rows = milestones.rows_for(record, today, rules)
    return render(
        "reception/record_detail.html",
        status=status,
        record=record,
        level=record.level(today, rules),
        history=history,
        milestone_rows=milestone_rows,
        milestone_levels=milestones.STATE_LEVELS,
        milestone_states=milestones.STATES,
        done_forms={
            row.milestone_id: given["done_form"] if given.get("done_for") == row.milestone_id else done_form(row.milestone_id)
            for row, _ in milestone_rows
        },
        can_edit=record.can(current_user, "edit"),
        can_respond=record.can(current_user, "respond"),
        extension_days=rules.petition_extension_days,
        **_record_forms(record, **given),
    )


@bp.get("/records/<int:record_id>")
@require(Role.OFFICE, Role.LEADER, Role.HANDLER, Role.HEAD)
def record_detail(record_id: int):
    return _render_record(load_or_404(ReceptionRecord, record_id))


def _act(record_id: int, action: str, form_class, name: str, verb, success: str):
    """A form of the record's page through ``web.actions.act`` (the page again, 422, with the form as typed)."""
    record = load_or_404(ReceptionRecord, record_id, action)
    return act_on_page(record, form_class(), name, verb, success, page=_render_record,
                       back=url_for("reception.record_detail", record_id=record.id))


@bp.post("/records/<int:record_id>/assign")
@require(Role.OFFICE)
def record_assign(record_id: int):
    def verb(record, form):
        department = db.session.get(Department, form.department_id.data)
        if department is None:
            raise Refused("请选择交办处室。")
        record.assign(department, clock.today(), rules_service.working_calendar(), rules_service.deadline_rules())
        milestones.sync_record(record)

    return _act(record_id, "edit", AssignForm, "assign_form", verb, "已交办，承办处室可在其接访交办事项中看到。")


@bp.post("/records/<int:record_id>/accept")
@require(Role.OFFICE, Role.HANDLER, Role.HEAD)
def record_accept(record_id: int):
    def verb(record, form):
        record.decide_acceptance(form.decision.data, form.on.data, form.note.data, clock.today(),
                                 rules_service.working_calendar(), rules_service.deadline_rules())

    return _act(record_id, "respond", AcceptForm, "accept_form", verb, "已记录受理决定。")


@bp.post("/records/<int:record_id>/progress")
@require(Role.OFFICE, Role.HANDLER, Role.HEAD)
def record_progress(record_id: int):
    def verb(record, form):
        record.add_progress(form.text.data, current_user._get_current_object())

    return _act(record_id, "respond", ProgressForm, "progress_form", verb, "已记录办理进展。")


@bp.post("/records/<int:record_id>/extension")
@require(Role.OFFICE, Role.HANDLER, Role.HEAD)
def record_extension(record_id: int):
    def verb(record, form):
        record.request_extension(form.reason.data, clock.today())

    return _act(record_id, "respond", ExtensionForm, "extension_form", verb, "已提交延期申请，待办公室批准。")


@bp.post("/records/<int:record_id>/extension/decide")
@require(Role.OFFICE)
def record_extension_decide(record_id: int):
    """The office approves the request for more time or refuses it with a reason (the 处室 sees either on the record)."""
    def verb(record, form):
        if form.decision.data == "approve":
            record.approve_extension(rules_service.working_calendar(), rules_service.deadline_rules(), form.note.data, clock.today())
        else:
            record.refuse_extension(form.note.data, clock.today())

    return _act(record_id, "edit", DecideExtensionForm, "decide_extension_form", verb, "已记录对延期申请的决定。")


@bp.post("/records/<int:record_id>/finish")
@require(Role.OFFICE, Role.HANDLER, Role.HEAD)
def record_finish(record_id: int):
    def verb(record, form):
        record.finish(form.result.data, form.on.data, clock.today())

    return _act(record_id, "respond", FinishForm, "finish_form", verb, "已办结。")


@bp.post("/records/<int:record_id>/rate")
@require(Role.OFFICE)
def record_rate(record_id: int):
    def verb(record, form):
        record.rate(form.satisfaction.data, form.note.data)

    return _act(record_id, "edit", RateForm, "rate_form", verb, "已登记来访人满意度。")


@bp.post("/records/<int:record_id>/cancel")
@require(Role.OFFICE)
def record_cancel(record_id: int):
    def verb(record, form):
        record.cancel(form.reason.data)

    return _act(record_id, "edit", CancelForm, "cancel_form", verb, "已取消。")
