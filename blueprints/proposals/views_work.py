"""The 处室's work on an item: sign for or ask to return, notes, contacts with files, 面商, co-handling
opinions, extensions, urges — and the office's decisions on return and extension requests."""
from __future__ import annotations

from datetime import datetime

from flask import abort
from flask_login import current_user

from extensions import db
from models.org import Department, Role, User
from models.proposals import ExtensionRequest, ProposalMeeting, ReturnRequest
from services import agenda, uploads
from rules import clock
from web.access import require

from . import bp, load
from .forms import (
    ContactForm, DecideForm, DecideReturnForm, ExtensionForm, MeetingForm, NoteForm, OpinionForm, OverdueNoteForm, ReturnRequestForm,
)
from .views_item import item_act


@bp.post("/<int:proposal_id>/sign-for")
@require(Role.HANDLER, Role.HEAD)
def sign_for(proposal_id: int):
    p = load(proposal_id)
    return item_act(p, lambda: p.sign_for(current_user), "已签收，开始办理。" if p.needs_reply else "参阅件已签收，阅知办结。")


@bp.post("/<int:proposal_id>/return-request")
@require(Role.HANDLER, Role.HEAD)
def request_return(proposal_id: int):
    p = load(proposal_id)
    form = ReturnRequestForm(prefix="rr")

    def change():
        dept = db.session.get(Department, form.suggested_department_id.data) if form.suggested_department_id.data else None
        p.request_return(current_user, reason=form.reason.data, suggested_department=dept, suggested_unit=form.suggested_unit.data or "")

    return item_act(p, change, "已提交退回申请，等待办公室决定。", form=form, form_key="return_form", offered="request_return")


@bp.post("/returns/<int:return_id>/decide")
@require(Role.OFFICE)
def decide_return(return_id: int):
    req = db.session.get(ReturnRequest, return_id) or abort(404)
    p = load(req.proposal_id)
    form = DecideReturnForm(prefix="dr")
    approve = form.decision.data == "approve"

    def change():
        dept = db.session.get(Department, form.new_department_id.data) if form.new_department_id.data else None
        p.decide_return(current_user, req, approve=approve, new_department=dept, note=form.note.data or "")

    return item_act(p, change, "已同意退回，改派的处室将收到待签收。" if approve else "已拒绝退回申请，原处室继续办理。",
                    form=form, form_key="decide_return_form", offered="decide_return")


@bp.post("/<int:proposal_id>/notes")
@require()
def add_note(proposal_id: int):
    p = load(proposal_id)
    form = NoteForm(prefix="note")
    return item_act(p, lambda: p.add_note(current_user, form.body.data), "已记录办理进展。", form=form, form_key="note_form", block="notes")


@bp.post("/<int:proposal_id>/contacts")
@require(Role.HANDLER, Role.HEAD, Role.OFFICE)
def add_contact(proposal_id: int):
    """A contact with the deputy, with its files (checked by content, stored under random names)."""
    p = load(proposal_id)
    form = ContactForm(prefix="contact")

    def change():
        files = [f for f in (form.files.data or []) if getattr(f, "filename", "")]
        checked = [(f.filename, *uploads.read_checked(f)) for f in files]  # refuse before storing anything
        record = p.add_contact(
            current_user, stage=form.stage.data, method=form.method.data, contact_on=form.contact_on.data,
            participants=form.participants.data, leader_present=form.leader_present.data, deputy_said=form.deputy_said.data,
        )
        for name, data, kind in checked:
            p.attach(current_user, original_name=uploads.safe_display_name(name, kind), stored_name=uploads.store(data, kind),
                     size=len(data), content_type=uploads.KINDS[kind][1], contact=record)

    return item_act(p, change, "已记录沟通情况。", form=form, form_key="contact_form", block="contacts")


@bp.post("/<int:proposal_id>/meetings")
@require(Role.HANDLER, Role.HEAD, Role.OFFICE)
def plan_meeting(proposal_id: int):
    """面商 with the deputy: a date, times and place (China time, stored as UTC), and the leader attending."""
    p = load(proposal_id)
    form = MeetingForm(prefix="meeting")

    def change():
        starts = clock.local_to_utc(datetime.combine(form.day.data, form.starts.data))
        ends = clock.local_to_utc(datetime.combine(form.day.data, form.ends.data))
        leader = db.session.get(User, form.leader_id.data) if form.leader_id.data else None
        meeting = p.plan_meeting(current_user, starts_at=starts, ends_at=ends, place=form.place.data, leader=leader, note=form.note.data or "")
        if leader is not None:
            # The leader's other entries at that time (reception days, visits, other 面商): saved, but said.
            db.session.flush()
            found = agenda.clashes(leader.id, starts, ends, exclude=("meeting", meeting.id))
            if found:
                return agenda.clash_message(found, current_user)
        return None

    return item_act(p, change, "已安排面商。", form=form, form_key="meeting_form", block="meetings")


@bp.post("/meetings/<int:meeting_id>/cancel")
@require(Role.HANDLER, Role.HEAD, Role.OFFICE)
def cancel_meeting(meeting_id: int):
    meeting = db.session.get(ProposalMeeting, meeting_id) or abort(404)
    p = load(meeting.proposal_id)
    return item_act(p, lambda: p.cancel_meeting(current_user, meeting), "已取消面商。", block="meetings")


@bp.post("/<int:proposal_id>/opinion")
@require(Role.HANDLER, Role.HEAD)
def give_opinion(proposal_id: int):
    p = load(proposal_id)
    form = OpinionForm(prefix="opinion")
    return item_act(p, lambda: p.give_opinion(current_user, form.body.data), "已提交会办意见。", form=form, form_key="opinion_form", block="opinions")


@bp.post("/<int:proposal_id>/extension")
@require(Role.HANDLER, Role.HEAD)
def request_extension(proposal_id: int):
    p = load(proposal_id)
    form = ExtensionForm(prefix="ext")
    return item_act(p, lambda: p.request_extension(current_user, until=form.until.data, reason=form.reason.data),
                    "已提交延期申请，等待办公室审批。", form=form, form_key="extension_form", anchor="deadlines", offered="request_extension")


@bp.post("/<int:proposal_id>/overdue-note")
@require(Role.HANDLER, Role.HEAD)
def explain_overdue(proposal_id: int):
    p = load(proposal_id)
    form = OverdueNoteForm(prefix="od")
    return item_act(p, lambda: p.explain_overdue(current_user, form.text.data), "已保存超期说明。",
                    form=form, form_key="overdue_form", anchor="deadlines", offered="explain_overdue")


@bp.post("/extensions/<int:extension_id>/decide")
@require(Role.OFFICE)
def decide_extension(extension_id: int):
    req = db.session.get(ExtensionRequest, extension_id) or abort(404)
    p = load(req.proposal_id)
    form = DecideForm(prefix="de")
    approve = form.decision.data == "approve"
    return item_act(p, lambda: p.decide_extension(current_user, req, approve=approve, note=form.note.data or ""),
                    f"已同意延期至 {req.requested_until:%Y-%m-%d}。" if approve else "已拒绝延期申请。",
                    form=form, form_key="decide_ext_form", anchor="deadlines", offered="decide_extension")


@bp.post("/<int:proposal_id>/urges/ack")
@require(Role.HANDLER, Role.HEAD)
def acknowledge_urges(proposal_id: int):
    p = load(proposal_id)
    return item_act(p, lambda: p.acknowledge_urges(current_user), "已确认知悉催办。")
