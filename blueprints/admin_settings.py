"""Admin: the working-day table (法定节假日与调休) and the deadline rules. Routes on the admin blueprint."""
from __future__ import annotations

import calendar as pycal
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from flask import request, url_for
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from extensions import db
from models.org import Role
from models.settings import WorkdayEntry, WorkdayYear
from models import workcal
from web.access import require
from web.actions import act
from rules.clock import today
from rules.deadlines import RULE_LABELS, DeadlineRules
from web.forms import Form, VersionField, stale
from services.holiday_notice import parse_notice, parse_table
from web.render import render
from rules.workdays import DAY_KIND_LABELS, PREDICTION_NOTE, package_known_years, predict_year

from .admin import bp

# The audit log's Chinese names (create_app registers them).
AUDIT_LABELS = dict(
    objects={"workday": "工作日历", "settings": "系统设置"},
    actions={"fill_workdays": "导入节假日", "delete": "删除", "update_rules": "修改期限规则"},
    fields={"kind": "类型", "day": "日期", **RULE_LABELS},
)


SOURCE_LABELS = {"package": "软件包", "manual": "手工", "notice": "国务院通知", "import": "文件导入"}


class WorkdayEntryForm(Form):
    day = DateField("日期", validators=[DataRequired("请填写日期（格式 2026-10-01）")])
    kind = SelectField("类型", choices=[("holiday", "放假"), ("workday", "调休上班")])
    name = StringField("名称", validators=[Optional(), Length(max=32, message="名称不超过 32 个字")])


def _rules_form_class():
    fields = {
        key: IntegerField(label, validators=[InputRequired("请填写"), NumberRange(0, 365, "须在 0 至 365 之间")])
        for key, label in RULE_LABELS.items()
    }
    fields["version"] = VersionField()
    return type("DeadlineRulesForm", (Form,), fields)


DeadlineRulesForm = _rules_form_class()


@bp.route("/workdays", methods=["GET", "POST"])
@require(Role.ADMIN)
def workdays():
    year = request.args.get("year", type=int) or today().year
    form = WorkdayEntryForm()
    moves = None

    def apply():
        workcal.set_day(form.day.data, form.kind.data, (form.name.data or "").strip())

    if request.method == "POST" and request.form.get("preview") != "1":
        def save() -> None:
            before = workcal.load_fresh()
            apply()
            workcal.calendar_changed(before)

        return act(save, form=form, page=lambda status, form: _workdays_page(form, year, None, status),
                   success=lambda _: f"已保存 {form.day.data.isoformat()}，相关期限已按新的工作日历重新计算。",
                   back=lambda _: url_for("admin.workdays", year=form.day.data.year))
    if form.validate_on_submit():
        # What saving would move, shown beside the form (nothing is saved).
        year = form.day.data.year
        moves = workcal.preview(apply)
    return _workdays_page(form, year, moves, 422 if form.errors else 200)


def _workdays_page(form, year: int, moves, status: int):
    entries = db.session.scalars(
        sa.select(WorkdayEntry).where(WorkdayEntry.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(WorkdayEntry.day)
    ).all()
    stored = {row.year: row.source for row in db.session.scalars(sa.select(WorkdayYear))}
    predicted = workcal.calendar().is_predicted(year)
    if predicted and year not in stored:
        entries = [WorkdayEntry(day=day, kind=kind, name=name, source=workcal.PREDICTED) for day, kind, name in predict_year(year)]
    return render(
        "admin/workdays.html",
        form=form,
        year=year,
        entries=entries,
        known=year in stored or predicted,
        predicted=predicted,
        table_empty=not stored,
        package_years=package_known_years(),
        note=workcal.calendar().fallback_note([year]),
        prediction_note=PREDICTION_NOTE,
        moves=moves,
        kind_labels=DAY_KIND_LABELS,
        source_labels=SOURCE_LABELS,
        status=status,
    )


@bp.post("/workdays/fill")
@require(Role.ADMIN)
def workdays_fill():
    year = request.form.get("year", type=int)

    def fill() -> int | None:
        return workcal.import_package_year(year)

    return act(fill, back=url_for("admin.workdays", year=year or today().year),
               success=lambda count: None if count is None else f"已导入 {year} 年节假日与调休安排共 {count} 条（手工录入的条目保留），相关期限已重新计算。",
               warning=lambda count: None if count is not None else
               f"chinesecalendar 软件包中还没有 {year} 年的节假日安排（国务院通常在上一年年底公布）。该年暂按周一至周五计算，可在此手工录入。")


@bp.post("/workdays/<day>/delete")
@require(Role.ADMIN)
def workday_delete(day: str):
    try:
        when = date.fromisoformat(day)
    except ValueError:
        when = None
    entry = db.session.get(WorkdayEntry, when) if when else None

    def delete() -> bool:
        if entry is None:
            return False
        workcal.delete_day(entry, day)
        return True

    return act(delete, back=lambda deleted: url_for("admin.workdays", year=when.year) if deleted else url_for("admin.workdays"),
               success=lambda deleted: f"已删除 {day}，相关期限已重新计算。" if deleted else None,
               warning=lambda deleted: None if deleted else "该日期不在工作日历表中。")


class NoticeForm(Form):
    year = IntegerField("年份", validators=[Optional(), NumberRange(2000, 2100, "年份须在 2000 至 2100 之间")])
    text = TextAreaField("通知全文", validators=[DataRequired("请粘贴国务院办公厅关于节假日安排的通知全文"), Length(max=20000)])


class ScheduleFileForm(Form):
    file = FileField("节假日安排表（.xlsx 或 .csv）")
    table = HiddenField()


def _year_grid(year: int, rows) -> list[dict]:
    """Twelve months of weeks (Monday first) for the preview; each day with its kind in the parsed schedule."""
    kinds = {day: kind for day, kind, _ in rows}
    months = []
    for month in range(1, 13):
        weeks = [
            [{"day": d, "kind": kinds.get(d) or ("weekend" if d.weekday() >= 5 else "")} if d.month == month else None for d in week]
            for week in pycal.Calendar().monthdatescalendar(year, month)
        ]
        months.append({"month": month, "weeks": weeks})
    return months


def _schedule_saved(parsed, source: str, summary: str, done: str):
    """Save ``parsed`` when the preview was confirmed (the response), else ``None``."""
    if request.form.get("confirm") != "1":
        return None

    def save() -> None:
        before = workcal.load_fresh()
        _apply_schedule(parsed, source, summary)
        workcal.calendar_changed(before)

    return act(save, back=_after_save(parsed.year), success=done)


def _apply_schedule(parsed, source: str, summary: str) -> None:
    workcal.apply_schedule_recorded(parsed.year, parsed.rows, source, summary)


def _schedule_moves(parsed, source: str, summary: str) -> list:
    """The moves that saving ``parsed`` would make (computed, then rolled back)."""
    return workcal.preview(lambda: _apply_schedule(parsed, source, summary))


def _after_save(year: int) -> str:
    return url_for("admin.workdays", year=year) if current_user.has_role(Role.ADMIN) else url_for("main.home")


def _render_schedule(template_form, parsed, moves, mode: str, status: int = 200, table_text: str = ""):
    rows = parsed.rows if parsed else []
    items = {}
    for m in moves:
        items.setdefault((m.object_type, m.object_id), {"label": m.label, "lines": []})["lines"].append(m.summary)
    return render(
        "admin/workdays_schedule.html",
        form=template_form,
        parsed=parsed,
        mode=mode,
        grid=_year_grid(parsed.year, rows) if parsed and parsed.year else [],
        moves=list(items.values()),
        move_count=len(moves),
        table_text=table_text,
        status=status,
    )


@bp.route("/workdays/notice", methods=["GET", "POST"])
@require(Role.ADMIN, Role.OFFICE)
def workdays_notice():
    """Paste the State Council's notice: preview every range, make-up day and unread sentence, then save."""
    form = NoticeForm()
    if not form.validate_on_submit():
        return _render_schedule(form, None, [], "notice", status=422 if form.errors else 200)
    parsed = parse_notice(form.text.data, form.year.data)
    if not parsed.rows:
        return _render_schedule(form, parsed, [], "notice", status=422)
    summary = f"按国务院通知录入 {parsed.year} 年节假日安排（放假 {len(parsed.days('holiday'))} 天，调休上班 {len(parsed.days('workday'))} 天）"
    return (_schedule_saved(parsed, "notice", summary, f"已保存 {parsed.year} 年节假日安排，相关期限和接访日已按新安排重新计算。")
            or _render_schedule(form, parsed, _schedule_moves(parsed, "notice", summary), "notice"))


@bp.route("/workdays/import", methods=["GET", "POST"])
@require(Role.ADMIN, Role.OFFICE)
def workdays_import():
    """Import a year's schedule from a small table (日期, 类型: 放假/上班, 名称): all or nothing."""
    form = ScheduleFileForm()
    if request.method == "GET":
        return _render_schedule(form, None, [], "import")
    upload = request.files.get("file")
    if upload and upload.filename:
        data, name = upload.read(), upload.filename
    else:
        data, name = (form.table.data or "").encode("utf-8"), "table.csv"
    if not data:
        form.file.errors = ["请选择文件"]
        return _render_schedule(form, None, [], "import", status=422)
    parsed = parse_table(name, data)
    if not parsed.ok:
        return _render_schedule(form, parsed, [], "import", status=422)
    text = "日期,类型,名称\n" + "".join(f"{d.isoformat()},{'放假' if k == 'holiday' else '上班'},{n}\n" for d, k, n in parsed.rows)
    summary = f"从文件导入 {parsed.year} 年节假日安排（放假 {len(parsed.days('holiday'))} 天，调休上班 {len(parsed.days('workday'))} 天）"
    return (_schedule_saved(parsed, "import", summary, f"已导入 {parsed.year} 年节假日安排，相关期限和接访日已按新安排重新计算。")
            or _render_schedule(form, parsed, _schedule_moves(parsed, "import", summary), "import", table_text=text))


# From this month on, next year's schedule is awaited (the notice comes out in November or early December).
NOTICE_WATCH_MONTH = 11


def holiday_notice_panel(user) -> list[dict]:
    """The December warning: from 1 November, while next year is only predicted, the admin and the office are told."""
    if not (user.has_role(Role.ADMIN) or user.is_office):
        return []
    now = today()
    year = now.year + 1
    cal = workcal.calendar()
    if now.month < NOTICE_WATCH_MONTH or (cal.is_known(year) and not cal.is_predicted(year)):
        return []
    return [{
        "title": f"工作日历 · {year} 年节假日安排待录入",
        "items": [{"label": f"{year} 年节假日目前{PREDICTION_NOTE}；国务院通知公布后请粘贴录入", "url": url_for("admin.workdays_notice"),
                   "count": None, "level": "yellow"}],
    }]


@bp.route("/deadline-rules", methods=["GET", "POST"])
@require(Role.ADMIN)
def deadline_rules():
    from models.settings import Setting

    row = db.session.get(Setting, workcal.RULES_KEY)
    current = workcal.rules()
    form = DeadlineRulesForm(data={**current.as_dict(), "version": row.version if row else 0})

    def page(status=200, form=form):
        return render("admin/deadline_rules.html", form=form, defaults=DeadlineRules().as_dict(), labels=RULE_LABELS, status=status)

    if request.method == "GET":
        return page()

    def save() -> None:
        if row is None and str(form.version.data) != "0":
            stale()  # posted without the version the form was opened with
        workcal.edit_rules({key: getattr(form, key).data for key in RULE_LABELS})
        try:
            db.session.flush()
        except IntegrityError:  # another admin saved the first rules at the same moment
            db.session.rollback()
            stale()

    return act(save, form=form, page=page, versioned=row, back=url_for("admin.deadline_rules"),
               success="期限规则已保存，今后新交办的件按新规则计算期限。")
