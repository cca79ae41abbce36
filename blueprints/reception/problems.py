"""Contact-point problems (联系点问题): found on a visit, handed to a 处室 with a deadline, progress, reported
solved, reviewed by the point's leader; the list behind every count; each leader's year (蹲点调研报告)."""
from __future__ import annotations

from flask import abort, current_app, request, url_for
from flask_login import current_user

from extensions import db
from models.org import Department, Role, User
from models.point_problems import PointProblem
from models.reception import ContactPoint, ContactVisit, visible_points
from models import audit
from rules import clock
from services.exports import documents
from services.reception import problems as pp
from web.access import load_or_404, require
from rules.errors import Refused
from web.actions import act, act_on_page
from web.render import render

from . import bp
from .forms import ProblemAssignForm, ProblemCloseForm, ProblemForm, ProblemReviewForm, ProgressForm, leader_choices

STAFF = (Role.OFFICE, Role.LEADER, Role.HANDLER, Role.HEAD)


def _scope_args() -> pp.Scope:
    return pp.Scope(
        point_id=request.args.get("point", type=int) or None,
        leader_id=request.args.get("leader", type=int) or None,
        year=request.args.get("year", type=int) or None,
    )


@bp.get("/problems")
@require(*STAFF)
def problems():
    key = request.args.get("status") or "all"
    if key not in pp.FIGURES:
        abort(404)
    scope = _scope_args()
    page = db.paginate(pp.problem_query(current_user, key, scope), per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    args = {"status": key, **{k: v for k, v in (("point", scope.point_id), ("leader", scope.leader_id), ("year", scope.year)) if v}}
    point = db.session.get(ContactPoint, scope.point_id) if scope.point_id else None
    leader = db.session.get(User, scope.leader_id) if scope.leader_id else None
    return render("reception/problems.html", page=page, key=key, figures=pp.FIGURES, args=args, today=clock.today(),
                  counts=pp.counts(current_user, scope=scope), point=point if point and point.can(current_user) else None,
                  leader=leader, scope=scope)


@bp.post("/visits/<int:visit_id>/problems")
@require(Role.OFFICE, Role.LEADER)
def problem_new(visit_id: int):
    visit = load_or_404(ContactVisit, visit_id, "visit")
    form = ProblemForm(prefix=f"v{visit.id}")  # one form per visit on the point's page

    def found() -> PointProblem:
        problem = PointProblem.found_on(visit, form.description.data, current_user._get_current_object())
        if form.department_id.data:
            department = db.session.get(Department, form.department_id.data)
            if department is None:
                raise Refused("请选择交办处室。")
            problem.assign(department, form.deadline.data, clock.today())
        return problem

    from .points import render_point

    return act(found, form=form, page=lambda status, form: render_point(visit.point, status=status, problem_forms={visit.id: form}),
               success=lambda problem: "已登记问题" + (f"，已交办{problem.department.name}。" if problem.department else "，尚待交办处室。"),
               back=url_for("reception.point_detail", point_id=visit.point_id, _anchor=f"visit-{visit.id}"))


def _render(problem: PointProblem, status: int = 200, **given):
    forms = {}
    if problem.can(current_user, "manage") and problem.is_open:
        forms["assign_form"] = given.get("assign_form") or ProblemAssignForm(
            formdata=None, version=problem.version, department_id=problem.department_id or 0, deadline=problem.deadline)
    if problem.can(current_user, "respond") and problem.status == "assigned":
        forms["progress_form"] = given.get("progress_form") or ProgressForm(formdata=None)
        forms["close_form"] = given.get("close_form") or ProblemCloseForm(formdata=None, version=problem.version, on=clock.today())
    if problem.can(current_user, "review") and problem.status == "closed":
        forms["review_form"] = given.get("review_form") or ProblemReviewForm(formdata=None, version=problem.version)
    return render("reception/problem_detail.html", problem=problem, today=clock.today(),
                  history=audit.entries_for("point_problem", problem.id), status=status, **forms)


@bp.get("/problems/<int:problem_id>")
@require(*STAFF)
def problem_detail(problem_id: int):
    return _render(load_or_404(PointProblem, problem_id))


def _act(problem_id: int, action: str, form_class, name: str, verb, success: str):
    """A form of the problem's page through ``web.actions.act`` (the page again, 422, with the form as typed)."""
    problem = load_or_404(PointProblem, problem_id, action)
    return act_on_page(problem, form_class(), name, verb, success, page=_render,
                       back=url_for("reception.problem_detail", problem_id=problem.id))


@bp.post("/problems/<int:problem_id>/assign")
@require(Role.OFFICE, Role.LEADER)
def problem_assign(problem_id: int):
    def verb(problem, form):
        department = db.session.get(Department, form.department_id.data)
        if department is None:
            raise Refused("请选择交办处室。")
        problem.assign(department, form.deadline.data, clock.today())

    return _act(problem_id, "manage", ProblemAssignForm, "assign_form", verb, "已交办。")


@bp.post("/problems/<int:problem_id>/progress")
@require(Role.OFFICE, Role.HANDLER, Role.HEAD)
def problem_progress(problem_id: int):
    return _act(problem_id, "respond", ProgressForm, "progress_form",
                lambda problem, form: problem.add_progress(form.text.data, current_user._get_current_object()), "已记录办理进展。")


@bp.post("/problems/<int:problem_id>/close")
@require(Role.OFFICE, Role.HANDLER, Role.HEAD)
def problem_close(problem_id: int):
    return _act(problem_id, "respond", ProblemCloseForm, "close_form",
                lambda problem, form: problem.close(form.closure.data, form.on.data, clock.today()), "已报告解决，等待联系领导审阅。")


@bp.post("/problems/<int:problem_id>/review")
@require(Role.LEADER)
def problem_review(problem_id: int):
    return _act(problem_id, "review", ProblemReviewForm, "review_form",
                lambda problem, form: problem.review(form.decision.data == "accept", form.note.data, clock.today()), "已审阅。")


def _report_leader(year: int):
    """(leader, leaders to choose from) of the 蹲点调研报告: the office picks any leader, a leader reads their own."""
    if not current_user.has_role(Role.OFFICE):
        return current_user._get_current_object(), []
    leader_id = request.args.get("leader", type=int)
    if not leader_id:
        leader_id = db.session.scalar(visible_points(current_user).with_only_columns(ContactPoint.leader_id)
                                      .where(ContactPoint.year == year).order_by(ContactPoint.leader_id).limit(1))
    leader = db.session.get(User, leader_id) if leader_id else None
    if leader_id and (leader is None or not leader.is_leader):
        abort(404)
    return leader, leader_choices()


@bp.get("/contact-points/report")
@require(Role.OFFICE, Role.LEADER)
def point_report():
    """一位领导一年的蹲点调研报告 (printable): visits against the quarterly target, problems found and solved."""
    year = request.args.get("year", type=int) or clock.today().year
    leader, leaders = _report_leader(year)
    report = pp.leader_year(current_user, leader, year) if leader else None
    years = sorted(set(db.session.scalars(visible_points(current_user).with_only_columns(ContactPoint.year).distinct())) | {clock.today().year})
    return render("reception/point_report.html", report=report, year=year, years=years, leaders=leaders, leader=leader,
                  bureau=current_app.config.get("BUREAU_NAME", ""), today=clock.today(), figures=pp.FIGURES)


@bp.get("/contact-points/report.docx")
@require(Role.OFFICE, Role.LEADER)
def point_report_docx():
    """The same report as a Word file (template “蹲点调研报告”, replaceable at 系统管理 → 公文模板)."""
    year = request.args.get("year", type=int) or clock.today().year
    leader, _ = _report_leader(year)
    if leader is None:
        abort(404)
    report = pp.leader_year(current_user, leader, year)
    ctx = documents.research_context(report, current_app.config.get("BUREAU_NAME", ""), clock.today())
    return documents.send(documents.render("research", ctx), documents.filename("蹲点调研报告", leader.name, f"{year}年"))
