"""Local petition milestones on reception records: the report by milestone and state, and marking one done."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, url_for
from flask_login import current_user

from extensions import db
from models.milestones import RecordMilestone
from models.org import Role
from models.reception import ReceptionRecord
from rules import clock
from services.reception import milestones
from models import workcal
from web.access import load_or_404, require
from web.actions import act
from web.render import render

from . import bp
from .records import _render_record, done_form


@bp.get("/milestones")
@require(Role.OFFICE, Role.LEADER, Role.HANDLER, Role.HEAD)
def milestone_report():
    """Per milestone, how many of the records the user sees are in each state; every number opens its list."""
    rules = workcal.rules()
    return render(
        "reception/milestones.html",
        milestones=milestones.active_milestones(),
        counts=milestones.report(current_user, clock.today(), rules.yellow_days),
        states=milestones.STATES,
        levels=milestones.STATE_LEVELS,
        yellow_days=rules.yellow_days,
    )


@bp.post("/records/<int:record_id>/milestones/<int:milestone_id>/done")
@require(Role.OFFICE, Role.HANDLER, Role.HEAD)
def milestone_done(record_id: int, milestone_id: int):
    record = load_or_404(ReceptionRecord, record_id, "respond")
    row = db.session.scalar(
        sa.select(RecordMilestone).where(RecordMilestone.record_id == record.id, RecordMilestone.milestone_id == milestone_id)
    )
    if row is None:
        abort(404)
    form = done_form(milestone_id, formdata=True)
    return act(lambda: row.mark_done(form.on.data, form.note.data, clock.today(), current_user._get_current_object()),
               form=form, form_key="done_form", page=lambda status, **given: _render_record(record, status, done_for=milestone_id, **given),
               success=f"已记录“{row.milestone.name}”完成。", back=url_for("reception.record_detail", record_id=record.id))
