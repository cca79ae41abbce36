"""The reply: drafting, the head's approval, the office audit, the leader's 签发, sending; then the
proposers' feedback and the commitments of B/C answers."""
from __future__ import annotations

from flask import abort, request, url_for
from flask_login import current_user

from sqlalchemy.exc import IntegrityError

from web import forms
from web.forms import check_version
from extensions import db
from models.org import Role
from models.proposals import CONTACT_MISSING_WARNING, Commitment, Proposer
from web.access import require
from rules.errors import Refused
from web.actions import act

from . import bp, load, refused
from .forms import CommitmentDoneForm, FeedbackForm, ReasonForm, SentForm
from .views_item import draft_form_for, item_act, render_detail


@bp.route("/<int:proposal_id>/draft", methods=["GET", "POST"])
@require(Role.HANDLER, Role.HEAD)
def draft(proposal_id: int):
    """The current round's draft, edited in place (htmx) or on the item page."""
    p = load(proposal_id)
    if request.method == "GET":
        try:
            p._guard_save_draft(current_user)
        except Refused as exc:
            return refused(exc, f"/proposals/{p.id}")
        return render_detail(p, block="reply", editing_draft=True)
    form = draft_form_for(p, formdata=request.form)

    def save():
        if p.current_reply is not None:
            check_version(p.current_reply, form.reply_version.data)
        elif form.reply_version.data != forms.NEW:
            forms.stale()  # posted without its version
        fields = {k: getattr(form, k).data for k in (
            "doc_no", "title", "body", "contact_person", "contact_phone", "disclosure", "disclosure_reason", "copies",
            "commitment_text", "commitment_due_on")}
        fields["result_class"] = form.result_class.data or None
        fields = {k: ("" if v is None and k not in ("result_class", "commitment_due_on") else v) for k, v in fields.items()}
        p.save_draft(current_user, **fields)

    try:
        return act(save, form=form, form_key="draft_form", success="答复稿已保存。", back=url_for("proposals.detail", proposal_id=p.id, _anchor="reply"),
                   page=lambda status, **given: render_detail(p, block="reply", status=status, editing_draft=True, **given),
                   refused=lambda message: render_detail(p, block="reply", status=422, editing_draft=True, draft_form=form, reply_error=message),
                   fragment=lambda _: render_detail(p, block="reply"))
    except IntegrityError:
        # Two first saves at once: the other one created this round's draft (one row per round) first.
        db.session.rollback()
        forms.stale()


def _contact_warning(p) -> str | None:
    return CONTACT_MISSING_WARNING if p.contact_missing else None


@bp.post("/<int:proposal_id>/draft/submit")
@require(Role.HANDLER, Role.HEAD)
def submit_draft(proposal_id: int):
    p = load(proposal_id)
    return item_act(p, lambda: p.submit_draft(current_user), "已报处室负责人审核。", anchor="reply", warning=_contact_warning)


@bp.post("/<int:proposal_id>/draft/approve")
@require(Role.HEAD)
def approve_draft(proposal_id: int):
    p = load(proposal_id)
    return item_act(p, lambda: p.approve_draft(current_user), "审核通过，已报办公室。", anchor="reply", warning=_contact_warning)


@bp.post("/<int:proposal_id>/draft/return")
@require(Role.HEAD, Role.OFFICE, Role.LEADER)
def return_draft(proposal_id: int):
    p = load(proposal_id)
    form = ReasonForm(prefix="rd")
    return item_act(p, lambda: p.return_draft(current_user, form.reason.data or ""), "已退回处室修改。",
                    form=form, form_key="reason_form", anchor="reply", offered="return_draft")


@bp.post("/<int:proposal_id>/draft/pass")
@require(Role.OFFICE)
def pass_draft(proposal_id: int):
    p = load(proposal_id)
    return item_act(p, lambda: p.pass_draft(current_user), "办公室审核通过，已呈领导签发。", anchor="reply")


@bp.post("/<int:proposal_id>/sign-off")
@require(Role.LEADER)
def sign_off(proposal_id: int):
    p = load(proposal_id)
    return item_act(p, lambda: p.sign_off(current_user), "已签发。", anchor="reply")


@bp.post("/<int:proposal_id>/sent")
@require(Role.OFFICE)
def mark_sent(proposal_id: int):
    p = load(proposal_id)
    form = SentForm(prefix="sent")
    return item_act(p, lambda: p.mark_sent(current_user, form.sent_on.data, form.doc_no.data or ""),
                    "已登记发出。" + ("请在收到代表/委员的意见后录入反馈。" if p.bureau_role in ("lead", "separate") else ""),
                    form=form, form_key="sent_form", anchor="reply", offered="mark_sent")


@bp.post("/<int:proposal_id>/feedback")
@require(Role.OFFICE)
def record_feedback(proposal_id: int):
    """征询意见: only the office records a proposer's rating (a 处室 rating its own work is the classic abuse)."""
    p = load(proposal_id)
    form = FeedbackForm(prefix="fb")
    form.proposer_id.choices = [(pr.id, pr.name) for pr in p.proposers]

    def change():
        proposer = db.session.get(Proposer, form.proposer_id.data)
        if proposer is None:
            raise Refused("请选择代表/委员。")
        p.record_feedback(
            current_user, proposer, met=form.met.data, attitude=form.attitude.data, result=form.result.data,
            words=form.words.data or "", channel=form.channel.data, received_on=form.received_on.data,
        )

    # A rating may change the item's state (办结 or 重新办理): the whole page is answered. Feedback is taken
    # once per proposer and round (the verb checks), so no version is compared.
    return item_act(p, change, "已录入反馈意见。", form=form, form_key="feedback_form", anchor="feedback", offered="record_feedback",
                    versioned=False)


@bp.post("/commitments/<int:commitment_id>/done")
@require(Role.HANDLER, Role.HEAD, Role.OFFICE)
def commitment_done(commitment_id: int):
    commitment = db.session.get(Commitment, commitment_id) or abort(404)
    p = load(commitment.proposal_id)
    form = CommitmentDoneForm(prefix="done")
    form.for_id = commitment.id  # the page shows what was typed under this commitment
    return item_act(p, lambda: p.complete_commitment(current_user, commitment, form.done_on.data, form.note.data or ""),
                    "已登记承诺事项完成。", form=form, form_key="done_form", block="commitments")
