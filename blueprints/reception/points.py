"""Contact points (联系点): places a leader is linked to for a year, visits, and progress per quarter."""
from __future__ import annotations

import sqlalchemy as sa
from flask import request, url_for
from flask_login import current_user

from extensions import db
from models.org import Role
from models.reception import ContactPoint, ContactVisit, PointKind, visible_points
from models import audit
from rules import clock
from services.reception import schedule as rules_service
from web.access import load_or_404, require
from web.actions import act
from web.render import render

from . import bp
from .common import warn_clashes
from .forms import CancelForm, OutcomeForm, PointForm, VisitForm


@bp.get("/contact-points")
@require(Role.OFFICE, Role.LEADER)
def points():
    """Contact points of a year with each one's visits per quarter against the target, and per leader."""
    today = clock.today()
    year = request.args.get("year", type=int) or today.year
    leader_id = request.args.get("leader", type=int) or 0
    stmt = visible_points(current_user).where(ContactPoint.year == year, ContactPoint.active)
    if leader_id:
        stmt = stmt.where(ContactPoint.leader_id == leader_id)
    rows = db.session.scalars(stmt.order_by(ContactPoint.leader_id, ContactPoint.kind, ContactPoint.id)).all()
    cells = rules_service.quarterly_progress(rows, today)
    summary = rules_service.leader_progress(rows, cells)
    years = sorted(set(db.session.scalars(visible_points(current_user).with_only_columns(ContactPoint.year).distinct())) | {today.year})
    leaders = []
    if current_user.has_role(Role.OFFICE):
        from .forms import leader_choices

        leaders = leader_choices()
    from services.reception import problems as pp

    # Problems handed to 处室, per leader: the same query as the list each number opens.
    tracked = {lp.leader_id: pp.counts(current_user, ["all", "solved"], pp.Scope(leader_id=lp.leader_id, year=year)) for lp in summary}
    return render(
        "reception/points.html",
        tracked=tracked,
        rows=rows,
        cells=cells,
        summary=summary,
        year=year,
        years=years,
        leaders=leaders,
        leader_id=leader_id,
        current_quarter=rules_service.quarter_of(today) if year == today.year else None,
    )


def _point_values(form: PointForm) -> dict:
    return dict(
        leader_id=form.leader_id.data,
        name=form.name.data.strip(),
        kind=PointKind(form.kind.data),
        region=(form.region.data or "").strip(),
        address=(form.address.data or "").strip(),
        contact_person=(form.contact_person.data or "").strip(),
        contact_phone=(form.contact_phone.data or "").strip(),
        year=form.year.data,
        visits_per_quarter=form.visits_per_quarter.data,
        focus=(form.focus.data or "").strip(),
        active=bool(form.active.data),
    )


@bp.route("/contact-points/new", methods=["GET", "POST"])
@require(Role.OFFICE)
def point_new():
    form = PointForm()
    if request.method == "GET":
        form.year.data = clock.today().year

    def page(status=200, form=form):
        return render("reception/point_form.html", form=form, point=None, status=status)

    if request.method == "GET":
        return page()

    return act(lambda: ContactPoint.create(**_point_values(form)), form=form, page=page, success=lambda point: f"已新建联系点“{point.name}”。",
               back=lambda point: url_for("reception.point_detail", point_id=point.id))


@bp.route("/contact-points/<int:point_id>/edit", methods=["GET", "POST"])
@require(Role.OFFICE)
def point_edit(point_id: int):
    point = load_or_404(ContactPoint, point_id, "edit")
    form = PointForm(obj=point)
    if request.method == "GET":
        form.version.data = point.version
        form.kind.data = point.kind.value

    def page(status=200, form=form):
        return render("reception/point_form.html", form=form, point=point, status=status)

    if request.method == "GET":
        return page()

    return act(lambda: point.edit(**_point_values(form)), form=form, page=page, versioned=point, success="已保存。",
               back=url_for("reception.point_detail", point_id=point.id))


@bp.get("/contact-points/<int:point_id>")
@require(Role.OFFICE, Role.LEADER)
def point_detail(point_id: int):
    return render_point(load_or_404(ContactPoint, point_id))


def render_point(point: ContactPoint, status: int = 200, problem_forms: dict | None = None):
    """The point's page: quarters against the target, visits with the problems found on each (and, for the
    office and the leader, a form to record one on a visit that took place)."""
    from models.point_problems import PointProblem
    from services.reception import problems as pp

    from .forms import ProblemForm

    visits = db.session.scalars(sa.select(ContactVisit).where(ContactVisit.point_id == point.id).order_by(ContactVisit.visit_date.desc())).all()
    cells = rules_service.quarterly_progress([point], clock.today())[point.id]
    scope = pp.Scope(point_id=point.id)
    problems: dict[int, list[PointProblem]] = {}
    for problem in db.session.scalars(pp.problem_query(current_user, "all", scope)):
        problems.setdefault(problem.visit_id, []).append(problem)
    can_visit = point.can(current_user, "visit")
    forms = dict(problem_forms or {})
    if can_visit:
        for v in visits:
            if v.status.value == "done" and v.id not in forms:
                forms[v.id] = ProblemForm(formdata=None, prefix=f"v{v.id}")
    return render(
        "reception/point_detail.html",
        point=point,
        visits=visits,
        cells=cells,
        problems=problems,
        problem_counts=pp.counts(current_user, scope=scope),
        problem_forms=forms,
        can_visit=can_visit,
        can_edit=point.can(current_user, "edit"),
        history=audit.entries_for("contact_point", point.id),
        today=clock.today(),
        status=status,
    )


@bp.route("/contact-points/<int:point_id>/visits/new", methods=["GET", "POST"])
@require(Role.OFFICE, Role.LEADER)
def visit_new(point_id: int):
    point = load_or_404(ContactPoint, point_id, "visit")
    form = VisitForm()
    if request.method == "GET":
        form.visit_date.data = clock.today()

    def page(status=200, form=form):
        return render("reception/visit_form.html", form=form, point=point, visit=None, status=status)

    if request.method == "GET":
        return page()

    def plan() -> ContactVisit:
        visit = point.plan_visit(form.visit_date.data, form.start_time.data, form.end_time.data,
                                 form.purpose.data or "", form.participants.data or "")
        warn_clashes(point.leader_id, visit.starts_at, visit.ends_at, ("contact", visit.id))
        return visit

    return act(plan, form=form, page=page, success="已安排走访，已列入领导日程。走访后请在此登记发现和解决的问题。",
               back=url_for("reception.point_detail", point_id=point.id))


@bp.route("/visits/<int:visit_id>/edit", methods=["GET", "POST"])
@require(Role.OFFICE, Role.LEADER)
def visit_edit(visit_id: int):
    """Record what the visit found and solved (the visit then counts toward the quarter's target)."""
    visit = load_or_404(ContactVisit, visit_id, "visit")
    form = OutcomeForm(obj=visit)
    if request.method == "GET":
        form.version.data = visit.version

    def page(status: int, form):
        return render("reception/visit_outcome.html", form=form, point=visit.point, visit=visit,
                      cancel_form=CancelForm(formdata=None, version=visit.version), status=status)

    if request.method == "GET":
        return page(200, form)
    return act(lambda: visit.record_outcome(
        problems_found=form.problems_found.data or "", problems_solved=form.problems_solved.data or "",
        found_count=form.found_count.data, solved_count=form.solved_count.data, participants=form.participants.data or "",
    ), form=form, versioned=visit, page=page, success="已记录走访情况。", back=url_for("reception.point_detail", point_id=visit.point_id))


@bp.post("/visits/<int:visit_id>/cancel")
@require(Role.OFFICE, Role.LEADER)
def visit_cancel(visit_id: int):
    visit = load_or_404(ContactVisit, visit_id, "visit")
    form = CancelForm()
    return act(lambda: visit.cancel(form.reason.data), form=form, versioned=visit, success="已取消该走访安排。",
               back=url_for("reception.point_detail", point_id=visit.point_id),
               page=lambda status, form: render("reception/visit_outcome.html", form=OutcomeForm(obj=visit, formdata=None), point=visit.point,
                                                visit=visit, cancel_form=form, status=status))
