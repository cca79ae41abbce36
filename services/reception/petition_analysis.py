"""信访研判: reception records analysed by issue category, district, 处室 and month; repeat petitioners and
repeat places; open and overdue records.

Every figure is defined once, as a condition on the records of the period (:func:`figure_clause`): the
page's counts are grouped over :func:`records` and each list is :func:`figure_query` — the same records
and the same condition — so a figure and the list it opens cannot disagree. A user sees only the records
they may open (``visible_records``): the office all, a leader those they received.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from extensions import db
from models.org import Department
from models.reception import PETITION_CATEGORIES, ReceptionRecord, visible_records
from rules import clock
from models import workcal

R = ReceptionRecord
# A petitioner or place that came back this many times in the period is a repeat (重复来访 / 重复地点).
REPEAT_AT_LEAST = 2


@dataclass(frozen=True)
class Period:
    year: int

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"{self.year} 年"


def records(period: Period, user) -> sa.Select:
    """The records of the period the user may see: received in the year (and not later than today), not cancelled."""
    return visible_records(user).where(
        R.cancelled.is_(False), R.received_on >= period.start, R.received_on <= min(period.end, clock.today())
    )


# -- the figures --------------------------------------------------------------------------------

MONTH = sa.extract("month", R.received_on)
DIMENSIONS = {
    # key: (title, grouped column)
    "category": ("问题类别", R.category),
    "district": ("区县", R.district),
    "department": ("承办处室", R.department_id),
    "month": ("月份", MONTH),
}
FIGURE_TITLES = {
    "all": "全部接访记录",
    "open": "未办结",
    "overdue": "超期未办结",
    "repeat_petitioners": "重复来访人的记录",
    "repeat_places": "重复地点的记录",
    "petitioner": "来访人",
    "place": "问题发生地点",
    **{k: title for k, (title, _) in DIMENSIONS.items()},
}


def _repeated(column, period: Period, user):
    """Values of ``column`` that occur at least REPEAT_AT_LEAST times among the period's records."""
    sub = records(period, user).where(column != "").subquery()
    return sa.select(sub.c[column.key]).group_by(sub.c[column.key]).having(sa.func.count() >= REPEAT_AT_LEAST)


def figure_clause(key: str, value: str | None, period: Period, user) -> sa.ColumnElement[bool]:
    """The condition of one figure (``value`` picks the row of a breakdown)."""
    today = clock.today()
    if key == "all":
        return sa.true()
    if key == "open":
        return R.level_clause("open", today, workcal.rules().yellow_days)
    if key == "overdue":
        return R.level_clause("red", today, workcal.rules().yellow_days)
    if key == "repeat_petitioners":
        return R.visitors.in_(_repeated(R.visitors, period, user))
    if key == "repeat_places":
        return R.location.in_(_repeated(R.location, period, user))
    if key == "petitioner":
        return R.visitors == (value or "")
    if key == "place":
        return R.location == (value or "")
    if key == "category":
        return R.category == (value if value in PETITION_CATEGORIES else "")
    if key == "district":
        return R.district == (value or "")
    if key == "department":
        return R.department_id == int(value) if (value or "").isdigit() and int(value) else R.department_id.is_(None)
    if key == "month":
        return MONTH == int(value) if (value or "").isdigit() else sa.false()
    raise KeyError(key)


def figure_query(key: str, value: str | None, period: Period, user) -> sa.Select:
    """The records behind one figure, newest first."""
    return records(period, user).where(figure_clause(key, value, period, user)).order_by(R.received_on.desc(), R.id.desc())


def figure_title(key: str, value: str | None) -> str:
    title = FIGURE_TITLES[key]
    if key in ("petitioner", "place", "district"):
        return f"{title}：{value or '（未填）'}"
    if key == "category":
        return f"问题类别：{PETITION_CATEGORIES.get(value or '', '未分类')}"
    if key == "department":
        dept = db.session.get(Department, int(value)) if (value or "").isdigit() and int(value) else None
        return f"承办处室：{dept.name if dept else '未交办'}"
    if key == "month":
        return f"{value} 月"
    return title


@dataclass
class Row:
    value: str  # what the list link carries
    title: str
    count: int


def totals(period: Period, user) -> dict[str, int]:
    """The headline figures, one query."""
    base = records(period, user)
    keys = ("all", "open", "overdue", "repeat_petitioners", "repeat_places")
    columns = [sa.func.coalesce(sa.func.sum(sa.case((figure_clause(k, None, period, user), 1), else_=0)), 0).label(k) for k in keys]
    row = db.session.execute(base.with_only_columns(*columns)).one()
    return {k: int(v) for k, v in row._mapping.items()}


def breakdown(key: str, period: Period, user) -> list[Row]:
    """Counts per category / district / 处室 / month, largest first (months in calendar order)."""
    _, column = DIMENSIONS[key]
    sub = records(period, user).with_only_columns(column.label("v")).subquery()
    rows = db.session.execute(sa.select(sub.c.v, sa.func.count()).group_by(sub.c.v)).all()
    if key == "department":
        names = dict(db.session.execute(sa.select(Department.id, Department.name)).all())
        out = [Row(str(v or 0), names.get(v, "未交办") if v else "未交办", n) for v, n in rows]
    elif key == "category":
        out = [Row(v or "", PETITION_CATEGORIES.get(v or "", "未分类"), n) for v, n in rows]
    elif key == "district":
        out = [Row(v or "", v or "（未填）", n) for v, n in rows]
    else:
        out = [Row(str(int(v)), f"{int(v)} 月", n) for v, n in rows]
        return sorted(out, key=lambda r: int(r.value))
    return sorted(out, key=lambda r: (-r.count, r.title))


def repeats(kind: str, period: Period, user) -> list[Row]:
    """Repeat petitioners (``petitioner``) or repeat places (``place``) with their number of records."""
    column = R.visitors if kind == "petitioner" else R.location
    sub = records(period, user).where(column != "").with_only_columns(column.label("v")).subquery()
    rows = db.session.execute(
        sa.select(sub.c.v, sa.func.count()).group_by(sub.c.v).having(sa.func.count() >= REPEAT_AT_LEAST).order_by(sa.func.count().desc(), sub.c.v)
    ).all()
    return [Row(v, v, n) for v, n in rows]


def analysis(period: Period, user) -> dict:
    return {
        "totals": totals(period, user),
        "breakdowns": {key: breakdown(key, period, user) for key in DIMENSIONS},
        "petitioners": repeats("petitioner", period, user),
        "places": repeats("place", period, user),
    }


def years(user) -> list[int]:
    found = db.session.scalars(visible_records(user).with_only_columns(sa.extract("year", R.received_on)).distinct())
    return sorted({int(y) for y in found if y} | {clock.today().year}, reverse=True)


# -- Excel ----------------------------------------------------------------------------------------


def workbook(period: Period, user, bureau: str) -> bytes:
    from services.exports.ledger import Col, Sheet, _workbook, save

    data = analysis(period, user)
    wb = _workbook()
    caption = f"{bureau} {period.label}信访研判"
    overview = Sheet(wb, "概况", [Col("项目", 24), Col("件数", 10, "int")], caption)
    for key in ("all", "open", "overdue", "repeat_petitioners", "repeat_places"):
        overview.row([FIGURE_TITLES[key], data["totals"][key]])
    for key, (title, _) in DIMENSIONS.items():
        sheet = Sheet(wb, f"按{title}", [Col(title, 24), Col("件数", 10, "int")], caption)
        for row in data["breakdowns"][key]:
            sheet.row([row.title, row.count])
    for key, title in (("petitioners", "重复来访人"), ("places", "重复地点")):
        sheet = Sheet(wb, title, [Col(title, 30), Col("次数", 10, "int")], caption)
        for row in data[key]:
            sheet.row([row.title, row.count])
    rules = workcal.rules()
    today = clock.today()
    detail = Sheet(wb, "明细", [
        Col("接访日期", 12, "date"), Col("方式", 8), Col("接访领导", 10), Col("来访人", 14), Col("人数", 6, "int"), Col("问题类别", 9),
        Col("区县", 14), Col("问题发生地点", 20), Col("反映的问题", 50, "wrap"), Col("承办处室", 14), Col("当前期限", 12, "date"),
        Col("状态", 12), Col("超期", 6), Col("办结日期", 12, "date"), Col("满意度", 9),
    ], caption)
    for r in db.session.scalars(figure_query("all", None, period, user)):
        level = r.level(today, rules)
        detail.row([r.received_on, r.kind.label, r.leader.name, r.visitors, r.visitor_count, r.category_label, r.district, r.location,
                    r.issue, r.department.name if r.department else "", r.current_deadline, r.status_label,
                    "是" if level == "red" else "", r.finished_on, r.satisfaction_label])
    return save(wb)
