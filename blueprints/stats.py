"""统计: the dashboard of the three rates, the list behind every figure, and the Excel exports.

The office sees the whole bureau (and may narrow it to a 处室 or a leader); a leader sees their items,
a 处室 its own — always within ``visible_to``. See ``services/stats/figures.py`` for how items count.
"""
from __future__ import annotations

import io
import tempfile

import sqlalchemy as sa
from flask import Blueprint, abort, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from extensions import db
from models.org import Department, Role, User, UserRole
from models.proposals import Proposal
from models.proposals_vocabulary import PROPOSAL_KIND_LABELS, RESULT_CLASS_LABELS
from rules import clock
from services.exports import ledger as exports
from services.stats import figures as stats
from services.stats import charts as stats_charts
from web.access import require
from web.render import render

bp = Blueprint("stats", __name__)

STATS_ROLES = (Role.OFFICE, Role.LEADER, Role.HEAD, Role.HANDLER)


def read_filters() -> tuple[stats.Filters, dict]:
    options = stats.period_options(current_user)
    f = stats.default_period(stats.Filters.from_args(request.args, current_user), options)
    return f, options


def _scope_choices() -> dict:
    """处室 and leaders the office can narrow the dashboard to (two small queries)."""
    if not current_user.is_office:
        return {"departments": [], "leaders": []}
    departments = db.session.execute(
        sa.select(Department.id, Department.name).where(Department.active).order_by(Department.sort_order, Department.id)
    ).all()
    leaders = db.session.execute(
        sa.select(User.id, User.name, User.title).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.LEADER, User.active).order_by(User.id)
    ).all()
    return {"departments": departments, "leaders": [(i, f"{t}{n}" if t else n) for i, n, t in leaders]}


@bp.get("/dashboard")
@require(*STATS_ROLES)
def dashboard():
    f, options = read_filters()
    data = stats.dashboard(f, current_user)
    args = f.args()

    def figure_url(key, **extra):
        return url_for("stats.items", figure=key, **{**args, **extra})

    def dept_link(key, row):
        return figure_url(key, department=row.key)

    def month_link(key, month):
        return figure_url(key, month=month)

    return render(
        "stats/dashboard.html",
        block="body",
        f=f,
        args=args,
        options=options,
        scope=stats.scope_label(f),
        figures=stats.FIGURES,
        state_figures=stats.STATE_FIGURES,
        class_labels=RESULT_CLASS_LABELS,
        kind_labels=PROPOSAL_KIND_LABELS,
        rates_chart=stats_charts.rates_by_department(data["departments"], dept_link),
        month_chart=stats_charts.items_by_month(data["months"], month_link),
        figure_url=figure_url,
        choices=_scope_choices(),
        face_methods=stats.FACE_TO_FACE_TEXT,
        **data,
    )


@bp.get("/dashboard/items")
@require(*STATS_ROLES)
def items():
    """The items behind one figure: the same clause the dashboard counts."""
    key = request.args.get("figure") or "total"
    if key not in stats.FIGURES:
        abort(404)
    f = stats.Filters.from_args(request.args, current_user)
    page = max(request.args.get("page", 1, type=int), 1)
    stmt = (
        stats.figure_query(key, f, current_user)
        .options(
            joinedload(Proposal.lead_department), joinedload(Proposal.responsible_leader),
            selectinload(Proposal.proposers), selectinload(Proposal.replies),
        )
        .order_by(Proposal.year.desc(), Proposal.kind, Proposal.session_name, Proposal.id)
    )
    pagination = db.paginate(stmt, page=page, per_page=50, error_out=False)
    return render(
        "stats/items.html",
        block="results",
        figure=stats.FIGURES[key],
        key=key,
        f=f,
        args={**f.args(), "figure": key},
        back_args=f.args(month=None),
        scope=stats.scope_label(f),
        pagination=pagination,
        has_detail="proposals.detail" in _view_functions(),
    )


def _view_functions():
    from flask import current_app

    return current_app.view_functions


def _xlsx(book, name: str):
    """A download of ``book``: bytes, or a write-only workbook (the ledger: every year is 50,000 rows), which is
    saved into a temporary file and sent from it, never held in memory whole."""
    if isinstance(book, bytes):
        return send_file(io.BytesIO(book), mimetype=exports.XLSX_MIMETYPE, as_attachment=True, download_name=name)
    out = tempfile.TemporaryFile()  # gone when the response closes it
    exports.save(book, out)
    size = out.tell()
    out.seek(0)
    response = send_file(out, mimetype=exports.XLSX_MIMETYPE, as_attachment=True, download_name=name)
    response.content_length = size
    return response


def _file_label(f: stats.Filters) -> str:
    scope = stats.scope_label(f)
    return f"{f.period_label}{'' if f.kind == 'all' else f.kind_label}" + ("" if scope == "全厅" else f"-{scope}")


@bp.get("/dashboard/export/ledger.xlsx")
@require(*STATS_ROLES)
def export_ledger():
    f, _ = read_filters()
    return _xlsx(exports.ledger(f, current_user), f"办理台账-{_file_label(f)}-{clock.today():%Y%m%d}.xlsx")


@bp.get("/dashboard/export/stats.xlsx")
@require(*STATS_ROLES)
def export_stats():
    f, _ = read_filters()
    return _xlsx(exports.stats_workbook(f, current_user), f"办理情况统计-{_file_label(f)}-{clock.today():%Y%m%d}.xlsx")


@bp.get("/dashboard/export/commitments.xlsx")
@require(*STATS_ROLES)
def export_commitments():
    f, _ = read_filters()
    status = "open" if request.args.get("status") == "open" else "all"
    return _xlsx(exports.commitments_workbook(f, current_user, status), f"答复承诺事项台账-{_file_label(f)}-{clock.today():%Y%m%d}.xlsx")


def rates_panel(user) -> list[dict]:
    """The 工作台 shows this year's three rates (the office: the bureau's; a leader or 处室: their own)."""
    if not user.has_role(*STATS_ROLES):
        return []
    f = stats.Filters(year=clock.today().year)
    f.department, f.leader = stats.default_scope(user)
    keys = ["total", "comm_num", "comm_den", "ontime_num", "ontime_den", "sat_num", "sat_den"]
    c = stats.count(f, user, keys)
    scope = "全厅" if user.is_office else ("本处室" if f.department else "我分管和负责的件")
    title = f"{f.year}年三率 · {scope}"
    if not c["total"]:
        return [{"title": title, "items": [], "empty": f"{f.year}年暂无{'' if user.is_office else '相关的'}建议提案。"}]

    def link(key):
        return url_for("stats.items", figure=key, **f.args())

    items = [
        {"label": f"沟通率 {c.comm.text}", "url": link("comm_num"), "count": None, "level": ""},
        {"label": f"按时办结率 {c.ontime.text}", "url": link("ontime_num"), "count": None, "level": ""},
        {"label": f"满意率 {c.sat.text}", "url": link("sat_num"), "count": None, "level": ""},
        {"label": "查看统计", "url": url_for("stats.dashboard", **f.args()), "count": None, "level": ""},
    ]
    # 超期未答复 is on the proposal panel (every year's, the same “mine”): one count of it per page.
    return [{"title": title, "items": items}]
