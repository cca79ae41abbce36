"""Admin: the working-day table (法定节假日与调休) and the deadline rules. Routes on the admin blueprint."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from flask import flash, redirect, request, url_for
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from extensions import db
from models.org import Role
from models.settings import WorkdayEntry, WorkdayYear
from services import audit, workcal
from services.access import require
from services.clock import today
from services.deadlines import RULE_LABELS, DeadlineRules
from services.forms import Form, VersionField, check_version, stale
from services.render import render
from services.workdays import KIND_LABELS, package_known_years

from .admin import bp

audit.register_labels(
    objects={"workday": "工作日历", "settings": "系统设置"},
    actions={"fill_workdays": "导入节假日", "delete": "删除", "update_rules": "修改期限规则"},
    fields={"kind": "类型", "day": "日期", **RULE_LABELS},
)


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
    if form.validate_on_submit():
        entry = db.session.get(WorkdayEntry, form.day.data)
        old = (entry.kind, entry.name) if entry else None
        if entry is None:
            entry = WorkdayEntry(day=form.day.data)
            db.session.add(entry)
        entry.kind, entry.name, entry.source = form.kind.data, (form.name.data or "").strip(), "manual"
        if db.session.get(WorkdayYear, form.day.data.year) is None:
            db.session.add(WorkdayYear(year=form.day.data.year, source="manual"))
        audit.record(
            "update" if old else "create",
            object_type="workday",
            summary=f"{form.day.data.isoformat()} 设为{KIND_LABELS[entry.kind]}{('（' + entry.name + '）') if entry.name else ''}",
            changes={"kind": [KIND_LABELS[old[0]] if old else None, KIND_LABELS[entry.kind]]},
        )
        workcal.calendar_changed()
        db.session.commit()
        flash(f"已保存 {form.day.data.isoformat()}，相关期限已按新的工作日历重新计算。", "success")
        return redirect(url_for("admin.workdays", year=form.day.data.year), code=303)
    entries = db.session.scalars(
        sa.select(WorkdayEntry).where(WorkdayEntry.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(WorkdayEntry.day)
    ).all()
    known = set(db.session.scalars(sa.select(WorkdayYear.year)))
    return render(
        "admin/workdays.html",
        form=form,
        year=year,
        entries=entries,
        known=year in known,
        table_empty=not known,
        package_years=package_known_years(),
        note=workcal.calendar().fallback_note([year]),
        kind_labels=KIND_LABELS,
        status=422 if form.errors else 200,
    )


@bp.post("/workdays/fill")
@require(Role.ADMIN)
def workdays_fill():
    year = request.form.get("year", type=int)
    count = workcal.fill_year(year) if year else None
    if count is None:
        flash(f"chinesecalendar 软件包中还没有 {year} 年的节假日安排（国务院通常在上一年年底公布）。该年暂按周一至周五计算，可在此手工录入。", "warning")
        return redirect(url_for("admin.workdays", year=year or today().year), code=303)
    audit.record("fill_workdays", object_type="workday", summary=f"从 chinesecalendar 导入 {year} 年节假日安排（{count} 条）")
    workcal.calendar_changed()
    db.session.commit()
    flash(f"已导入 {year} 年节假日与调休安排共 {count} 条（手工录入的条目保留），相关期限已重新计算。", "success")
    return redirect(url_for("admin.workdays", year=year), code=303)


@bp.post("/workdays/<day>/delete")
@require(Role.ADMIN)
def workday_delete(day: str):
    try:
        when = date.fromisoformat(day)
    except ValueError:
        when = None
    entry = db.session.get(WorkdayEntry, when) if when else None
    if entry is None:
        flash("该日期不在工作日历表中。", "warning")
        return redirect(url_for("admin.workdays"), code=303)
    db.session.delete(entry)
    audit.record("delete", object_type="workday", summary=f"删除 {day}（{KIND_LABELS.get(entry.kind, entry.kind)}），该日恢复按周一至周五计算")
    workcal.calendar_changed()
    db.session.commit()
    flash(f"已删除 {day}，相关期限已重新计算。", "success")
    return redirect(url_for("admin.workdays", year=when.year), code=303)


@bp.route("/deadline-rules", methods=["GET", "POST"])
@require(Role.ADMIN)
def deadline_rules():
    from models.settings import Setting

    row = db.session.get(Setting, workcal.RULES_KEY)
    current = workcal.rules()
    form = DeadlineRulesForm(data={**current.as_dict(), "version": row.version if row else 0})
    if form.validate_on_submit():
        if row is not None:
            check_version(row, form.version.data)
        elif str(form.version.data) != "0":
            stale()  # posted without the version the form was opened with
        values = {key: getattr(form, key).data for key in RULE_LABELS}
        if values["npc_max_months"] < values["npc_reply_months"]:
            form.npc_max_months.errors.append("延期后最长期限不能短于正常答复期限")
        else:
            _, changes = workcal.save_rules(values)
            if changes:
                audit.record("update_rules", object_type="settings", summary="修改期限规则", changes=changes)
                workcal.calendar_changed()
            try:
                db.session.commit()
            except IntegrityError:  # another admin saved the first rules at the same moment
                db.session.rollback()
                stale()
            flash("期限规则已保存，今后新交办的件按新规则计算期限。", "success")
            return redirect(url_for("admin.deadline_rules"), code=303)
    return render(
        "admin/deadline_rules.html",
        form=form,
        defaults=DeadlineRules().as_dict(),
        labels=RULE_LABELS,
        status=422 if form.errors else 200,
    )
