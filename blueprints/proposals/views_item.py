"""The item page, registering by hand, the 四定 (one item or a batch), and the office's side paths."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import abort, flash, request, send_file, url_for
from flask_login import current_user
from jinja2_fragments.flask import render_blocks
from sqlalchemy.orm import joinedload, selectinload

from web import forms
from extensions import db
from models.org import Department, Role, User
from models.proposals import (
    CONTACT_MISSING_WARNING,
    Attachment,
    CohandlingOpinion,
    ContactRecord,
    ProgressNote,
    Proposal,
    ProposalDepartment,
)
from models.proposals_vocabulary import (
    BUREAU_ROLE_LABELS,
    CHANNEL_LABELS,
    DISCLOSURE_LABELS,
    PERIOD_LABELS,
    PROPOSAL_KIND_LABELS,
    PROPOSAL_LEVEL_LABELS,
    RESULT_CLASS_LABELS,
    STATE_LABELS,
)
from services import uploads
from models import audit
from rules import clock
from models import workcal
from services.proposals import office
from services.proposals import queries as q
from web.access import load_or_404, require
from rules.errors import Refused
from web.actions import act
from web.render import render, wants_block

from . import bp, load, refused, to_detail
from .forms import (
    AssignForm,
    BatchAssignForm,
    CommitmentDoneForm,
    ContactForm,
    DecideForm,
    DecideReturnForm,
    DraftForm,
    ExtensionForm,
    FeedbackForm,
    MeetingForm,
    MergeForm,
    NoteForm,
    OverdueNoteForm,
    OpinionForm,
    ProposalForm,
    ReasonForm,
    ReturnRequestForm,
    SentForm,
    UrgeForm,
    WithdrawForm,
)

LABELS = dict(
    state_labels=STATE_LABELS, kind_labels=PROPOSAL_KIND_LABELS, role_labels=BUREAU_ROLE_LABELS, level_labels=PROPOSAL_LEVEL_LABELS,
    period_labels=PERIOD_LABELS, result_labels=RESULT_CLASS_LABELS, disclosure_labels=DISCLOSURE_LABELS,
    channel_labels=CHANNEL_LABELS,
)


def _get(model, ident):
    return db.session.get(model, ident) if ident else None


def next_step(p: Proposal) -> str:
    """One sentence: whose turn it is now."""
    dept = p.lead_department.name if p.lead_department else ""
    reply = p.current_reply
    return {
        "assigned": "等待办公室进行四定交办" if p.is_unassigned else f"等待{dept}签收",
        "return_requested": "等待办公室决定退回申请",
        "in_progress": f"{dept}办理中：与代表/委员沟通，起草{p.reply_noun}" if p.needs_reply else f"{dept}阅知",
        "rehandling": f"第{p.round}轮重新办理：{dept}再次沟通并重新答复",
        "dept_review": f"等待{dept}负责人审核答复稿",
        "office_review": "等待办公室审核答复稿",
        "awaiting_signoff": "等待办公室登记发出" if reply and reply.state == "signed"
        else f"等待{p.responsible_leader.name if p.responsible_leader else '责任领导'}签发",
        "replied": "等待代表/委员反馈意见（征询中）" if p.awaiting_feedback else "已答复",
        "closed": "已办结" + ("，承诺事项仍在跟踪" if any(c.done_on is None for c in p.commitments) else ""),
        "withdrawn": "提出人已撤回",
        "merged": f"已并入{p.merged_into}办理" if p.merged_into else "已并案",
    }.get(p.state, "")


def _answered_round(p: Proposal) -> int:
    return p.round - 1 if p.state == "rehandling" else p.round


def detail_context(p: Proposal, **override) -> dict:
    user = current_user
    actions = p.actions_for(user)
    reply = p.current_reply
    today = clock.today()
    ctx = dict(
        p=p, actions=actions, reply=reply, today_=today, next_step=next_step(p),
        # In the order things happened (entries registered afterwards, e.g. by the demo, carry their own time).
        timeline=sorted(audit.entries_for("proposal", p.id), key=lambda e: (e.at, e.id)),
        action_labels=audit.ACTION_LABELS, field_labels=audit.FIELD_LABELS,
        fallback_note=workcal.calendar().fallback_note(p.deadline_years()),
        rule_statutory=p.rule_statutory_deadline(),
        return_window_end=p.return_window_end() if p.state == "assigned" and p.lead_department_id else None,
        can_contact=p.can(user, "contact"), can_note=p.can(user, "note"),
        can_commit=p.can(user, "office") or p.can(user, "handle"),
        is_office=user.is_office,
        editing_assignment=False, editing_draft=False, oob=False,
        **LABELS,
    )
    # The contact rule, said where the 处室 works (draft, submit, head's review) and, to the office, beside the
    # disabled 审核通过 (the guard's own reason).
    ctx["contact_warning"] = CONTACT_MISSING_WARNING if (
        p.contact_missing and p.state in ("in_progress", "rehandling", "dept_review") and p.can(user, "handle")
    ) else None
    ctx["pass_refusal"] = None
    if p.state == "office_review" and user.is_office and "pass_draft" not in actions:
        try:
            p._guard_pass_draft(user)
        except Refused as exc:
            ctx["pass_refusal"] = exc.message
    blank = dict(formdata=None)
    ctx["note_form"] = NoteForm(prefix="note", **blank)
    ctx["contact_form"] = ContactForm(prefix="contact", data={"contact_on": today, "stage": "during" if p.contacts else "before"}, **blank)
    if "plan_meeting" in actions:
        ctx["meeting_form"] = MeetingForm(prefix="meeting", data={"leader_id": p.responsible_leader_id or 0}, **blank)
    ctx["opinion_form"] = OpinionForm(prefix="opinion", **blank)
    ctx["reason_form"] = ReasonForm(prefix="rd", **blank)
    ctx["sent_form"] = SentForm(prefix="sent", data={"sent_on": today, "doc_no": reply.doc_no if reply else ""}, **blank)
    ctx["extension_form"] = ExtensionForm(prefix="ext", **blank)
    if "explain_overdue" in actions:
        ctx["overdue_form"] = OverdueNoteForm(prefix="od", data={"text": p.overdue_note}, **blank)
    ctx["decide_ext_form"] = DecideForm(prefix="de", **blank)
    ctx["urge_form"] = UrgeForm(prefix="urge", **blank)
    ctx["withdraw_form"] = WithdrawForm(prefix="wd", data={"on": today}, **blank)
    ctx["merge_form"] = MergeForm(prefix="merge", **blank)
    ctx["done_form"] = CommitmentDoneForm(prefix="done", data={"done_on": today}, **blank)
    if "request_return" in actions:
        ctx["return_form"] = ReturnRequestForm(prefix="rr", **blank)
    if "decide_return" in actions:
        ctx["decide_return_form"] = DecideReturnForm(prefix="dr", **blank)
    if "record_feedback" in actions:
        done = {f.proposer_id for f in p.feedback if f.round == _answered_round(p)}
        form = FeedbackForm(prefix="fb", data={"received_on": today}, **blank)
        form.proposer_id.choices = [(pr.id, pr.name + ("（领衔）" if pr.is_lead else "")) for pr in p.proposers if pr.id not in done]
        ctx["feedback_form"] = form
    ctx["draft_form"] = draft_form_for(p, formdata=None)
    ctx["focus"], ctx["opened"] = page_plan(p, actions, ctx["pass_refusal"])
    if ctx["focus"] == "assignment" and "assign_form" not in override:
        ctx["editing_assignment"], ctx["assign_form"] = True, assign_form_for(p)
    ctx.update(override)
    # A section the user is working in (a form with an error, an htmx answer) stays open.
    ctx["opened"] = (ctx["opened"] | {key.removesuffix("_error") for key in override if key.endswith("_error")}
                     | {FORM_SECTIONS[key] for key in override if key in FORM_SECTIONS} | set(override.get("keep_open", ())))
    return ctx


def assign_form_for(p: Proposal) -> AssignForm:
    """The 四定 form as saved now."""
    form = AssignForm(obj=p, formdata=None)
    form.version.data = p.version
    form.lead_department_id.data = p.lead_department_id or 0
    form.co_department_ids.data = sorted(p.co_department_ids)
    form.responsible_leader_id.data = p.responsible_leader_id or 0
    form.leading_leader_id.data = p.leading_leader_id or 0
    form.statutory_override.data = p.statutory_deadline if p.statutory_overridden else None
    return form


# The folding section each form of the page lives in.
FORM_SECTIONS = {"note_form": "notes", "contact_form": "contacts", "meeting_form": "meetings", "opinion_form": "opinions",
                 "feedback_form": "feedback", "done_form": "commitments", "draft_form": "reply",
                 "urge_form": "office", "withdraw_form": "office", "merge_form": "office"}


def page_plan(p: Proposal, actions: set[str], pass_refusal: str | None) -> tuple[str | None, set[str]]:
    """Where the viewer's next action is (that section comes first, its form open) and which sections are open;
    the others are folded to their title line, so that the page stays short in the common states."""
    reviewing = {"approve_draft", "pass_draft", "sign_off", "mark_sent", "return_draft"} & actions or pass_refusal
    if "assign" in actions and p.is_unassigned:
        focus = "assignment"
    elif ("add_contact" in actions and p.state in ("in_progress", "rehandling") and p.bureau_role in ("lead", "separate")
          and not p.contacts_this_round):
        focus = "contacts"
    elif "give_opinion" in actions:
        focus = "opinions"
    elif "record_feedback" in actions and p.state == "replied":
        focus = "feedback"
    elif reviewing or "save_draft" in actions:
        focus = "reply"
    else:
        focus = None
    opened = {focus} if focus else set()
    reply = p.current_reply
    if reply is not None and p.state in ("in_progress", "rehandling", "dept_review", "office_review", "awaiting_signoff"):
        opened.add("reply")  # the draft under way stays in view; a sent reply is folded (finished)
    if p.state == "assigned" or (not p.needs_reply and p.state != "closed"):
        opened.add("body")  # deciding to sign for it or to ask to return it
    now = clock.utcnow()
    if any(not m.cancelled and m.ends_at >= now for m in p.meetings):
        opened.add("meetings")
    if p.state in ("in_progress", "rehandling", "dept_review") and any(link.opinion_on is None for link in p.co_links):
        opened.add("opinions")  # still waited for
    if p.feedback and p.state in ("replied", "closed"):
        opened.add("feedback")  # in a new round the earlier ratings are history
    if any(c.done_on is None for c in p.commitments):
        opened.add("commitments")
    return focus, opened


def draft_form_for(p: Proposal, formdata=None) -> DraftForm:
    reply = p.current_reply
    if formdata is not None:
        return DraftForm(prefix="draft")
    if reply is not None:
        form = DraftForm(prefix="draft", obj=reply, formdata=None)
        form.reply_version.data = reply.version
        form.result_class.data = reply.result_class or ""
        return form
    earlier = p.earlier_replies[-1] if p.earlier_replies else None
    phone = current_user.phone or (current_user.department.phone if current_user.department else "")
    return DraftForm(
        prefix="draft", formdata=None,
        data={
            "title": p.default_reply_title(), "contact_person": current_user.name, "contact_phone": phone,
            "body": (earlier.body if earlier else "") or template_body(p), "disclosure": "public",
            "reply_version": forms.NEW,  # opened before any draft exists: stale once someone saves one
        },
    )


def template_body(p: Proposal) -> str:
    """The opening and closing every reply letter has (答复函模板)."""
    lead = p.lead_proposer
    if p.bureau_role == "co":
        return f"{p.external_lead_unit or '主办单位'}：\n\n关于{p.session_name}第{p.number}号{'代表建议' if p.kind == 'npc' else '提案'}《{p.title}》，现将我厅会办意见函告如下：\n\n"
    if lead is None:
        return ""
    honorific = "代表" if p.kind == "npc" else "委员"
    return (
        f"{lead.name}{honorific}：\n\n您提出的{p.received_phrase}收悉。感谢您对生态环境保护工作的关心和支持。经认真研究，现答复如下：\n\n"
        f"\n\n再次感谢您对生态环境保护工作的关心和支持，欢迎继续提出宝贵意见。\n"
    )


def render_detail(p: Proposal, block: str | None = None, status: int = 200, **override):
    """The item page, or (htmx) one of its components with the “current progress” card and the timeline refreshed."""
    if block:
        override.setdefault("keep_open", (block,))
    ctx = detail_context(p, **override)
    if block and wants_block():
        body = render_blocks("proposals/detail.html", [block, "next", "timeline"], **{**ctx, "oob": True})
        from flask import make_response

        response = make_response(body, status)
        response.vary.add("HX-Request")
        return response
    return render("proposals/detail.html", status=status, **ctx)


def item_act(p: Proposal, change, success, *, form=None, form_key: str = "", block: str | None = None,
             anchor: str | None = None, offered: str | None = None, versioned: bool | None = None, warning=None):
    """A state change on the item page, through ``web.actions.act``.

    ``block``: a component (htmx answers the re-rendered block; invalid or refused → 422 with the form as typed and
    the message in the block; ``change`` may return a warning text, a clash say, shown in the answer). Otherwise the
    whole page: a refusal with a ``form`` is said at its top (422), without one flashed on the item (or, for htmx,
    a 409 alert). ``offered``: the verb's name — when it is not offered now its form is not on the page, so the
    refusal (the state or the role) is said at the top. ``versioned`` (default: whole-page changes) compares the
    posted ``version`` with the item's; a missing one is stale. ``warning(p)`` adds a sentence beside the success."""
    if offered and not p.allows(offered, current_user):
        try:
            getattr(p, f"_guard_{offered}")(current_user)
        except Refused as exc:
            return refused(exc, url_for("proposals.detail", proposal_id=p.id, _anchor=anchor))
    if versioned is None:
        versioned = block is None
    back = url_for("proposals.detail", proposal_id=p.id, _anchor=block or anchor)
    if block is None:
        return act(
            change, back=back, success=lambda _: success() if callable(success) else success, form=form, form_key=form_key,
            page=lambda status, **given: render_detail(p, status=status, **given), versioned=p if versioned else None,
            warning=(lambda _: warning(p)) if warning else None,
            refused=None if form is not None else (lambda message: refused(Refused(message), back)),
        )

    def said_in_block(message: str):
        if wants_block() or form is not None:
            bound = {form_key: form} if form is not None else {}
            return render_detail(p, block=block, status=422, **bound, **{f"{block}_error": message})
        flash(message, "danger")
        return to_detail(p, block)

    def clash(result) -> str | None:
        return result if isinstance(result, str) else None

    return act(
        change, back=back, success=success, form=form, form_key=form_key,
        page=lambda status, **given: render_detail(p, block=block, status=status, **given), versioned=p if versioned else None,
        warning=clash, refused=said_in_block,
        fragment=lambda result: render_detail(p, block=block, **({f"{block}_warning": clash(result)} if clash(result) else {})),
    )


# -- the page ------------------------------------------------------------------------------


@bp.get("/<int:proposal_id>")
@require()
def detail(proposal_id: int):
    p = db.session.scalars(
        sa.select(Proposal).where(Proposal.id == proposal_id).options(
            # Joined: the one-row references and the short collections (a reply per round, a rare extension or
            # return request); the rest selectin. A fixed number of queries, whatever the item's history.
            joinedload(Proposal.lead_department), joinedload(Proposal.responsible_leader), joinedload(Proposal.leading_leader),
            joinedload(Proposal.replies), joinedload(Proposal.extension_requests), joinedload(Proposal.return_requests),
            joinedload(Proposal.commitments),
            selectinload(Proposal.proposers), selectinload(Proposal.co_links).joinedload(ProposalDepartment.department),
            selectinload(Proposal.contacts).options(selectinload(ContactRecord.attachments), joinedload(ContactRecord.created_by)),
            selectinload(Proposal.notes).joinedload(ProgressNote.created_by),
            selectinload(Proposal.opinions).joinedload(CohandlingOpinion.department),
            selectinload(Proposal.feedback), selectinload(Proposal.urges), selectinload(Proposal.meetings),
        )
    ).unique().first()
    if p is None or not p.can(current_user, "view"):
        abort(404)
    return render_detail(p)


# -- registering ---------------------------------------------------------------------------

_SPLIT = re.compile(r"[、，,；;\s]+")


def _proposers_from(form: ProposalForm) -> list[dict]:
    lead = {
        "name": form.lead_name.data.strip(), "is_lead": True, "delegation": form.lead_delegation.data or "",
        "unit_post": form.lead_unit_post.data or "", "phone": form.lead_phone.data or "",
    }
    others = [n for n in _SPLIT.split(form.co_signers.data or "") if n and n != lead["name"]]
    return [lead] + [{"name": n, "is_lead": False} for n in dict.fromkeys(others)]


@bp.route("/new", methods=["GET", "POST"])
@require(Role.OFFICE)
def new():
    form = ProposalForm()
    if request.method == "GET":
        form.year.data = clock.today().year
        form.assigned_on.data = clock.today()

    def page(status=200, form=form):
        return render("proposals/form.html", form=form, p=None, status=status)

    if request.method == "GET":
        return page()

    def create() -> Proposal:
        values = {k: getattr(form, k).data for k in (
            "kind", "level", "session_name", "year", "period", "number", "title", "body", "bureau_role",
            "assigning_body", "assigned_on", "doc_no", "is_key")}
        values["lead_unit"] = form.external_lead_unit.data
        values["co_units"] = [u for u in _SPLIT.split(form.external_co_units.data or "") if u]
        return office.register_by_hand(current_user, values, _proposers_from(form))

    return act(create, form=form, page=page, success=lambda p: f"已登记{p}，请进行四定交办。",
               back=lambda p: url_for("proposals.assign", proposal_id=p.id))


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@require(Role.OFFICE)
def edit(proposal_id: int):
    p = load(proposal_id)
    form = ProposalForm(obj=p)
    if request.method == "GET":
        form.version.data = p.version
        lead = p.lead_proposer
        if lead:
            form.lead_name.data, form.lead_delegation.data = lead.name, lead.delegation
            form.lead_unit_post.data, form.lead_phone.data = lead.unit_post, lead.phone
        form.co_signers.data = "、".join(pr.name for pr in p.proposers if not pr.is_lead)
    if request.method == "POST":
        return act(lambda: p.edit_registration(current_user, {key: getattr(form, key).data for key in Proposal.REGISTRATION_FIELDS},
                                               _proposers_from(form)),
                   back=url_for("proposals.detail", proposal_id=p.id), success="已保存登记信息。", form=form, versioned=p,
                   page=lambda status, form: render("proposals/form.html", form=form, p=p, status=status))
    return render("proposals/form.html", form=form, p=p)


# -- the 四定 ---------------------------------------------------------------------------------


def _assign_kwargs(form: AssignForm | BatchAssignForm) -> dict:
    return dict(
        lead_department=_get(Department, form.lead_department_id.data),
        responsible_leader=_get(User, form.responsible_leader_id.data),
        co_departments=[d for d in (_get(Department, i) for i in form.co_department_ids.data or []) if d],
        requirements=form.requirements.data or "",
        internal_deadline=form.internal_deadline.data,
    )


@bp.route("/<int:proposal_id>/assign", methods=["GET", "POST"])
@require(Role.OFFICE)
def assign(proposal_id: int):
    """定领导、定单位、定要求、定时间 — inline on the item page (htmx) or as the page itself."""
    p = load(proposal_id)
    if request.method == "GET":
        return render_detail(p, block="assignment", editing_assignment=True, assign_form=assign_form_for(p))
    form = AssignForm(obj=p)

    def change():
        p.assign(
            current_user, **_assign_kwargs(form),
            cohandling_deadline=form.cohandling_deadline.data, bureau_role=form.bureau_role.data,
            is_key=form.is_key.data, leading_leader=_get(User, form.leading_leader_id.data),
            statutory_deadline=form.statutory_override.data, override_reason=form.override_reason.data or "",
        )

    return act(change, back=url_for("proposals.detail", proposal_id=p.id), form=form, form_key="assign_form", versioned=p,
               success=lambda _: f"已完成四定：{p.lead_department.name}主办" + (f"，{p.responsible_leader.name}负责" if p.responsible_leader else "") + "。",
               page=lambda status, **given: render_detail(p, status=status, editing_assignment=True, **given))


@bp.route("/batch-assign", methods=["GET", "POST"])
@require(Role.OFFICE)
def batch_assign():
    """After a 交办会: the same 处室, leader and requirements for every item ticked in the list, all or none."""
    form = BatchAssignForm()
    ids = request.values.getlist("ids", type=int)
    items = db.session.scalars(
        sa.select(Proposal).where(Proposal.id.in_(ids), q.visible_to(current_user)).options(selectinload(Proposal.proposers)).order_by(Proposal.number)
    ).all() if ids else []
    form.ids.choices = [(p.id, str(p)) for p in items]

    def page(status=200, form=form):
        return render("proposals/batch_assign.html", form=form, items=items, status=status)

    if request.method == "GET":
        form.ids.data = [p.id for p in items]
        return page()
    return act(lambda: office.assign_all(current_user, [p for p in items if p.id in set(form.ids.data)], **_assign_kwargs(form)),
               form=form, page=page, success=lambda chosen: f"已将 {len(chosen)} 件交由{db.session.get(Department, form.lead_department_id.data).name}主办。",
               back=lambda chosen: url_for("proposals.index", department=form.lead_department_id.data))


# -- the office's side paths -------------------------------------------------------------------


@bp.post("/<int:proposal_id>/urge")
@require(Role.OFFICE)
def urge(proposal_id: int):
    p = load(proposal_id)
    form = UrgeForm(prefix="urge")
    return item_act(p, lambda: p.urge(current_user, form.note.data or ""), f"已向{p.lead_department.name if p.lead_department else '处室'}催办。",
                    form=form, form_key="urge_form", offered="urge")


@bp.post("/urge-all")
@require(Role.OFFICE)
def urge_all():
    """催办 every overdue and nearly due item at once (one urge per item and day)."""
    note = (request.form.get("note") or "").strip()
    return act(lambda: office.urge_due(current_user, note), back=url_for("proposals.index", level="warn"),
               success=lambda count: f"已对 {count} 件超期或临期的件催办。" if count else None,
               info=lambda count: None if count else "没有需要催办的件（今天已催办过的不再重复催办）。")


@bp.post("/<int:proposal_id>/withdraw")
@require(Role.OFFICE)
def withdraw(proposal_id: int):
    p = load(proposal_id)
    form = WithdrawForm(prefix="wd")
    return item_act(p, lambda: p.withdraw(current_user, form.reason.data, form.on.data), "已登记撤回。",
                    form=form, form_key="withdraw_form", offered="withdraw")


@bp.post("/<int:proposal_id>/merge")
@require(Role.OFFICE)
def merge(proposal_id: int):
    p = load(proposal_id)
    form = MergeForm(prefix="merge")
    found = {}

    def change():
        number = form.target_number.data.strip().removeprefix("第").removesuffix("号")
        found["other"] = other = db.session.scalars(
            sa.select(Proposal).where(Proposal.kind == p.kind, Proposal.session_name == p.session_name, Proposal.number == number)
        ).first()
        if other is None:
            raise Refused(f"没有找到{p.session_name}第{number}号{p.kind_short}。")
        p.merge_into(current_user, other, form.reason.data or "")

    return item_act(p, change, lambda: f"已并入{found['other']}办理。", form=form, form_key="merge_form", offered="merge")


# -- files ---------------------------------------------------------------------------------------


@bp.get("/attachments/<int:attachment_id>")
@require()
def attachment(attachment_id: int):
    """A file of an item, only for those who may see the item, always as a download."""
    att = load_or_404(Attachment, attachment_id)
    path = uploads.path_of(att.stored_name)
    try:
        return send_file(path, mimetype=att.content_type, as_attachment=True, download_name=uploads.clean_name(att.original_name), max_age=0)
    except FileNotFoundError:
        abort(404)
