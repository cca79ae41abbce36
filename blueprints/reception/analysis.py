"""信访研判: the reception records of a year by category, district, 处室 and month, repeat petitioners and
places, open and overdue records; each figure opens its list; Excel export. Office and leaders."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, current_app, request
from flask_login import current_user

from extensions import db
from models.org import Role
from rules import clock
from services.reception import petition_analysis as pa
from web.access import require
from services.exports.ledger import XLSX_MIMETYPE
from web.render import render

from . import bp


def _period() -> pa.Period:
    year = request.args.get("year", type=int) or clock.today().year
    if not 2000 <= year <= 2100:
        abort(404)
    return pa.Period(year)


@bp.get("/analysis")
@require(Role.OFFICE, Role.LEADER)
def analysis():
    period = _period()
    return render("reception/analysis.html", period=period, years=pa.years(current_user), data=pa.analysis(period, current_user),
                  dimensions=pa.DIMENSIONS, titles=pa.FIGURE_TITLES, repeat_at_least=pa.REPEAT_AT_LEAST)


@bp.get("/analysis/list")
@require(Role.OFFICE, Role.LEADER)
def analysis_list():
    period = _period()
    key = request.args.get("figure", "all")
    if key not in pa.FIGURE_TITLES:
        abort(404)
    value = request.args.get("value")
    page = db.paginate(pa.figure_query(key, value, period, current_user), per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    rules = pa.workcal.rules()
    today = clock.today()
    return render("reception/analysis_list.html", period=period, title=pa.figure_title(key, value), page=page,
                  rows=[(r, r.level(today, rules)) for r in page.items], args={"year": period.year, "figure": key, "value": value or ""})


@bp.get("/analysis.xlsx")
@require(Role.OFFICE, Role.LEADER)
def analysis_export():
    period = _period()
    data = pa.workbook(period, current_user, current_app.config.get("BUREAU_NAME", ""))
    name = quote(f"信访研判-{period.year}年.xlsx")
    return Response(data, mimetype=XLSX_MIMETYPE, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})
