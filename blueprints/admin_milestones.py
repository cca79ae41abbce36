"""Admin: local petition milestones (信访办理节点, e.g. "1、2、4"). Routes on the admin blueprint."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, request, url_for
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from extensions import db
from models.milestones import PetitionMilestone
from models.org import Role
from services.reception import milestones
from models import workcal
from web.actions import act
from web.access import require
from web.forms import Form, VersionField
from web.render import render

from .admin import bp

# The audit log's Chinese names (create_app registers them).
AUDIT_LABELS = dict(
    objects={"petition_milestone": "信访办理节点"},
    actions={"milestone_done": "完成办理节点"},
    fields={"days": "期限天数", "working_days": "按工作日计", "sort_order": "排序", "milestone_done_on": "节点完成日期"},
)


class MilestoneForm(Form):
    version = VersionField()
    name = StringField("节点名称", validators=[DataRequired("请填写节点名称，如“联系来访人”"), Length(max=50, message="名称不超过 50 个字")])
    days = IntegerField("期限", validators=[InputRequired("请填写天数"), NumberRange(1, 365, "须在 1 至 365 之间")])
    working_days = SelectField("计算方式", coerce=int, choices=[(0, "自然日（最后一日遇节假日顺延）"), (1, "工作日")], default=0)
    sort_order = IntegerField("排序", validators=[Optional()], default=0)
    active = BooleanField("启用", default=True)


def _values(form: MilestoneForm) -> dict:
    return dict(name=form.name.data.strip(), days=form.days.data, working_days=bool(form.working_days.data),
                sort_order=form.sort_order.data or 0, active=bool(form.active.data))


@bp.get("/milestones")
@require(Role.ADMIN)
def milestones_list():
    rows = db.session.scalars(sa.select(PetitionMilestone).order_by(PetitionMilestone.sort_order, PetitionMilestone.id)).all()
    return render("admin/milestones.html", milestones=rows, yellow_days=workcal.rules().yellow_days)


@bp.route("/milestones/new", methods=["GET", "POST"])
@require(Role.ADMIN)
def milestone_new():
    form = MilestoneForm()

    def page(status=200, form=form):
        return render("admin/milestone_form.html", form=form, milestone=None, status=status)

    if request.method == "GET":
        return page()

    def create() -> tuple[PetitionMilestone, int]:
        milestone = PetitionMilestone.create(**_values(form))
        return milestone, milestones.sync_open_records()

    return act(create, form=form, page=page, back=url_for("admin.milestones_list"),
               success=lambda made: f"已新建办理节点“{made[0].name}”，{made[1]} 件未办结的接访交办事项已按此节点计算期限。")


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@require(Role.ADMIN)
def milestone_edit(milestone_id: int):
    milestone = db.session.get(PetitionMilestone, milestone_id) or abort(404)
    form = MilestoneForm(obj=milestone)
    if request.method == "GET":
        form.version.data = milestone.version
        form.working_days.data = int(milestone.working_days)

    def page(status=200, form=form):
        return render("admin/milestone_form.html", form=form, milestone=milestone, status=status)

    if request.method == "GET":
        return page()

    def edit() -> None:
        if milestone.edit(**_values(form)):
            milestones.sync_open_records()

    return act(edit, form=form, page=page, versioned=milestone, back=url_for("admin.milestones_list"),
               success="已保存。未完成的节点已按新规则重算期限，已完成的保持不变。")
