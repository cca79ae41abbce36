"""建议提案: an NPC suggestion or CPPCC proposal from registration to the deputy's rating.

The state changes are verbs on :class:`Proposal`. Each verb first runs its guard (``_guard_<verb>``),
which raises :class:`rules.errors.Refused` with a Chinese sentence when the current state or the
user's role does not allow it; ``Proposal.allows(verb, user)`` asks the same guards, so the buttons
a page shows and the checks a POST meets are one definition. Every verb writes its audit entry on the
proposal (object type ``proposal``), so the item's timeline is one query. The view commits.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship, selectinload

from extensions import db
from models import audit
from rules import clock
from rules import deadlines as rules_mod
from rules.errors import Refused

from .org import Department, Role, User
from .proposals_vocabulary import (
    ANSWERING_ROLES,
    BUREAU_ROLE_LABELS,
    CHANNEL_LABELS,
    CONTACT_METHOD_LABELS,
    CONTACT_STAGE_LABELS,
    DISCLOSURE_LABELS,
    ENDED_STATES,
    KIND_SHORT,
    OPEN_STATES,
    PERIOD_LABELS,
    PROPOSAL_KIND_LABELS,
    PROPOSAL_LEVEL_LABELS,
    REPLY_STATE_LABELS,
    REQUEST_STATE_LABELS,
    SATISFACTION_LABELS,
    STATE_COLOURS,
    STATE_LABELS,
    WORKING_STATES,
)

# Said to the 处室 wherever it works on the reply (draft, submit, the head's review): the office audit refuses such a draft.
CONTACT_MISSING_WARNING = "尚无与代表委员的沟通记录，办公室将不能审核通过。"
# "Leave as it is" for optional verb arguments where None means something.
KEEP = object()


def _uid(user) -> int | None:
    return getattr(user, "id", None)


def _names(departments) -> str:
    return "、".join(d.name for d in departments) or "（无）"


def _readable(changes: dict) -> dict:
    """Audit changes with people's names instead of user ids (the timeline is read by people)."""
    for key in ("responsible_leader_id", "leading_leader_id"):
        if key in changes:
            changes[key] = [db.session.get(User, v).name if v else None for v in changes[key]]
    return changes


# ---------------------------------------------------------------------------
# The item


class Proposal(db.Model):
    """One 建议 or 提案 as assigned to the bureau, with its 四定 and its state."""

    __tablename__ = "proposals"
    __table_args__ = (
        sa.UniqueConstraint("kind", "session_name", "number", name="uq_proposals_kind_session_number"),
        sa.Index("ix_proposals_state_lead", "state", "lead_department_id"),
        sa.Index("ix_proposals_year_kind", "year", "kind"),
        # Covers the period choices every list and dashboard reads (DISTINCT year, 届次, type) without reading the items.
        sa.Index("ix_proposals_year_session_kind", "year", "session_name", "kind"),
        # The list's usual filters (state, type, year) and the columns its urgency order reads: counting a
        # filtered list and sorting its ids need not read the items themselves.
        sa.Index(
            "ix_proposals_list", "state", "kind", "year", "closed_on", "replied_on", "extended_deadline", "rehandle_deadline",
            "statutory_deadline",
        ),
    )
    audit_type = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(8))  # npc | cppcc
    level: Mapped[str] = mapped_column(sa.String(16), default="provincial")
    session_name: Mapped[str] = mapped_column(sa.String(64), default="", index=True)
    year: Mapped[int]
    period: Mapped[str] = mapped_column(sa.String(16), default="session")
    number: Mapped[str] = mapped_column(sa.String(30), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    bureau_role: Mapped[str] = mapped_column(sa.String(16), default="lead")
    assigning_body: Mapped[str] = mapped_column(sa.String(128), default="")
    assigned_on: Mapped[date]
    doc_no: Mapped[str] = mapped_column(sa.String(64), default="")
    external_lead_unit: Mapped[str] = mapped_column(sa.String(128), default="")
    external_co_units: Mapped[str] = mapped_column(sa.String(255), default="")
    is_key: Mapped[bool] = mapped_column(default=False, index=True)
    leading_leader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    responsible_leader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    lead_department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    requirements: Mapped[str] = mapped_column(sa.Text, default="")
    statutory_deadline: Mapped[date | None] = mapped_column(index=True)
    statutory_overridden: Mapped[bool] = mapped_column(default=False)
    internal_deadline: Mapped[date | None]
    cohandling_deadline: Mapped[date | None]
    extended_deadline: Mapped[date | None]
    # The deadline of the current re-handling round (round > 1).
    rehandle_deadline: Mapped[date | None]
    state: Mapped[str] = mapped_column(sa.String(24), default="assigned", index=True)
    round: Mapped[int] = mapped_column(default=1)
    # The day the office made (or last changed) the assignment to the lead 处室: the return window counts from here.
    dispatched_on: Mapped[date | None]
    signed_for_on: Mapped[date | None]
    replied_on: Mapped[date | None] = mapped_column(index=True)
    closed_on: Mapped[date | None]
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    end_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # 超期说明: why the item is (or was answered) past its deadline — an extension is asked for only before it.
    overdue_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    lead_department: Mapped[Department | None] = relationship(foreign_keys=[lead_department_id])
    responsible_leader: Mapped[User | None] = relationship(foreign_keys=[responsible_leader_id])
    leading_leader: Mapped[User | None] = relationship(foreign_keys=[leading_leader_id])
    merged_into: Mapped["Proposal | None"] = relationship(remote_side=[id])
    proposers: Mapped[list["Proposer"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Proposer.order"
    )
    co_links: Mapped[list["ProposalDepartment"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalDepartment.id"
    )
    contacts: Mapped[list["ContactRecord"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="[ContactRecord.contact_on.desc(), ContactRecord.id.desc()]"
    )
    notes: Mapped[list["ProgressNote"]] = relationship(cascade="all, delete-orphan", order_by="ProgressNote.id.desc()")
    opinions: Mapped[list["CohandlingOpinion"]] = relationship(cascade="all, delete-orphan", order_by="CohandlingOpinion.id")
    replies: Mapped[list["Reply"]] = relationship(back_populates="proposal", cascade="all, delete-orphan", order_by="Reply.round")
    feedback: Mapped[list["Feedback"]] = relationship(cascade="all, delete-orphan", order_by="[Feedback.round, Feedback.id]")
    commitments: Mapped[list["Commitment"]] = relationship(cascade="all, delete-orphan", order_by="Commitment.id")
    extension_requests: Mapped[list["ExtensionRequest"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ExtensionRequest.id"
    )
    return_requests: Mapped[list["ReturnRequest"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ReturnRequest.id"
    )
    urges: Mapped[list["Urge"]] = relationship(cascade="all, delete-orphan", order_by="Urge.id.desc()")
    attachments: Mapped[list["Attachment"]] = relationship(cascade="all, delete-orphan", order_by="Attachment.id")
    meetings: Mapped[list["ProposalMeeting"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalMeeting.starts_at"
    )

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return f"{self.kind_short}第{self.number}号"

    # -- facts defined once ---------------------------------------------------

    @hybrid_property
    def effective_deadline(self) -> date | None:
        """The deadline that counts now: an approved extension, else the re-handling round's, else the statutory one."""
        return self.extended_deadline or self.rehandle_deadline or self.statutory_deadline

    @effective_deadline.inplace.expression
    @classmethod
    def _effective_deadline_expression(cls):
        return sa.func.coalesce(cls.extended_deadline, cls.rehandle_deadline, cls.statutory_deadline)

    @hybrid_property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        return cls.state.in_(OPEN_STATES)

    @hybrid_property
    def is_overdue(self) -> bool:
        """Not yet answered (or ended) and past its effective deadline today."""
        deadline = self.effective_deadline
        return self.state in OPEN_STATES and deadline is not None and clock.today() > deadline

    @is_overdue.inplace.expression
    @classmethod
    def _is_overdue_expression(cls):
        return sa.and_(cls.state.in_(OPEN_STATES), cls.effective_deadline < clock.today())

    @property
    def deadline_level(self) -> str:
        """green / yellow / red while open; done once answered or ended (see rules.deadlines.warning_level)."""
        from models import workcal

        finished = None if self.state in OPEN_STATES else (self.replied_on or self.closed_on or clock.today())
        return rules_mod.warning_level(self.effective_deadline, clock.today(), finished, workcal.rules())

    @property
    def deadline_level_label(self) -> str:
        return rules_mod.WARNING_LEVEL_LABELS[self.deadline_level]

    @property
    def days_left(self) -> int | None:
        deadline = self.effective_deadline
        return (deadline - clock.today()).days if deadline else None

    @property
    def kind_label(self) -> str:
        return PROPOSAL_KIND_LABELS.get(self.kind, self.kind)

    @property
    def kind_short(self) -> str:
        return KIND_SHORT.get(self.kind, "")

    @property
    def role_label(self) -> str:
        return BUREAU_ROLE_LABELS.get(self.bureau_role, self.bureau_role)

    @property
    def is_unassigned(self) -> bool:
        return self.state == "assigned" and self.lead_department_id is None

    @property
    def awaiting_feedback(self) -> bool:
        return self.state == "replied" and self.bureau_role in ANSWERING_ROLES

    @property
    def state_label(self) -> str:
        if self.is_unassigned:
            return "待四定"
        if self.awaiting_feedback:
            return "已答复·征询中"
        if self.state == "awaiting_signoff" and self.current_reply and self.current_reply.state == "signed":
            return "已签发·待发出"
        return STATE_LABELS.get(self.state, self.state)

    @property
    def state_colour(self) -> str:
        if self.is_unassigned:
            return "dark"
        return STATE_COLOURS.get(self.state, "secondary")

    @property
    def lead_proposer(self) -> "Proposer | None":
        return next((p for p in self.proposers if p.is_lead), self.proposers[0] if self.proposers else None)

    @property
    def co_departments(self) -> list[Department]:
        return [link.department for link in self.co_links]

    @property
    def co_department_ids(self) -> set[int]:
        return {link.department_id for link in self.co_links}

    @property
    def current_reply(self) -> "Reply | None":
        return next((r for r in self.replies if r.round == self.round), None)

    @property
    def earlier_replies(self) -> list["Reply"]:
        return [r for r in self.replies if r.round < self.round]

    @property
    def pending_extension(self) -> "ExtensionRequest | None":
        return next((r for r in self.extension_requests if r.state == "pending"), None)

    @property
    def pending_return(self) -> "ReturnRequest | None":
        return next((r for r in self.return_requests if r.state == "pending"), None)

    @property
    def unacknowledged_urges(self) -> list["Urge"]:
        """Urges the current lead 处室 has not yet acknowledged (an earlier 处室's stay in the history)."""
        return [u for u in self.urges if u.acknowledged_at is None and u.department_id == self.lead_department_id]

    @property
    def contacts_this_round(self) -> list["ContactRecord"]:
        return [c for c in self.contacts if c.round == self.round]

    @property
    def needs_reply(self) -> bool:
        return self.bureau_role != "reference"

    @property
    def reply_noun(self) -> str:
        return "会办意见" if self.bureau_role == "co" else "答复"

    def default_reply_title(self) -> str:
        """“关于省十四届人大四次会议第1037号代表建议的答复” (会办: “…的会办意见”)."""
        origin = self.session_name or f"{self.year}年"
        noun = "代表建议" if self.kind == "npc" else "提案"
        return f"关于{origin}第{self.number}号{noun}的{self.reply_noun}"

    @property
    def received_phrase(self) -> str:
        """What the reply letter says it received: “《关于…的建议》” — the title already names the 建议/提案 —
        else “《…》的建议” (never “《关于…的建议》的建议”)."""
        title = (self.title or "").strip()
        noun = KIND_SHORT.get(self.kind, "建议")
        return f"《{title}》" if title.endswith(("建议", "提案", "议案")) else f"《{title}》的{noun}"

    def return_window_end(self) -> date:
        from models import workcal

        start = max(self.assigned_on, self.dispatched_on or self.assigned_on)
        return rules_mod.return_window_end(start, workcal.calendar(), workcal.rules())

    def max_extension(self) -> date:
        from models import workcal

        return rules_mod.max_extension_deadline(self.kind, self.assigned_on, workcal.calendar(), workcal.rules())

    def rule_statutory_deadline(self) -> date | None:
        """The statutory deadline the rules give for this item's type, role and 交办 date."""
        from models import workcal

        cal, rules = workcal.calendar(), workcal.rules()
        if self.bureau_role == "reference":
            return None
        if self.bureau_role == "co":
            return rules_mod.cohandling_deadline(self.assigned_on, cal, rules)
        return rules_mod.reply_deadline(self.kind, self.assigned_on, cal, rules)

    def rule_cohandling_deadline(self) -> date:
        from models import workcal

        return rules_mod.cohandling_deadline(self.assigned_on, workcal.calendar(), workcal.rules())

    def deadline_years(self) -> set[int]:
        """Years the deadlines run through (for the working-day fallback note)."""
        days = [self.assigned_on, self.statutory_deadline, self.effective_deadline, self.internal_deadline, self.cohandling_deadline]
        return {d.year for d in days if d}

    def recompute_statutory(self, user=None, reason: str = "") -> bool:
        """Set the statutory (and default co-handling) deadline from the rules unless overridden by hand."""
        if self.statutory_overridden:
            return False
        new = self.rule_statutory_deadline()
        if new == self.statutory_deadline:
            return False
        old = self.statutory_deadline
        self.statutory_deadline = new
        if old is not None:
            audit.record(
                "deadline_recompute", self, user=user, summary=reason or "按期限规则重新计算法定期限",
                changes={"statutory_deadline": [old, new]},
            )
        return True

    # -- who may see and do what ------------------------------------------------

    def can(self, user, action: str = "view") -> bool:
        """The one permission rule of an item (``services.proposals.queries.visible_to`` is its SQL twin)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        if action == "view":
            if user.is_office:
                return True
            involved = ({self.lead_department_id} | self.co_department_ids) - {None}
            if user.is_department_staff and user.department_id in involved:
                return True
            if user.is_leader and (
                user.id in (self.responsible_leader_id, self.leading_leader_id) or involved & user.charge_department_ids
            ):
                return True
            return False
        if action == "office":
            return user.is_office
        if action == "handle":  # the lead 处室's handlers and head
            return user.is_department_staff and self.lead_department_id is not None and user.department_id == self.lead_department_id
        if action == "approve":  # the lead 处室's head
            return user.has_role(Role.HEAD) and user.department_id is not None and user.department_id == self.lead_department_id
        if action == "co_opinion":
            return user.is_department_staff and user.department_id in self.co_department_ids
        if action == "sign_off":
            if not user.is_leader:
                return False
            if self.responsible_leader_id is not None:
                return user.id == self.responsible_leader_id
            return self.lead_department_id in user.charge_department_ids
        if action == "note":
            return self.can(user, "office") or self.can(user, "handle") or self.can(user, "co_opinion")
        if action == "contact":
            return self.can(user, "office") or self.can(user, "handle")
        return False

    def _need(self, user, action: str, message: str) -> None:
        if not self.can(user, action):
            raise Refused(message)

    def _need_state(self, states, doing: str) -> None:
        if self.state not in states:
            raise Refused(f"该件当前状态为“{self.state_label}”，不能{doing}。")

    def allows(self, verb: str, user, **kwargs) -> bool:
        """Whether ``verb`` is possible now for ``user`` (the same guard the verb runs)."""
        try:
            getattr(self, f"_guard_{verb}")(user, **kwargs)
        except Refused:
            return False
        return True

    def actions_for(self, user) -> set[str]:
        return {verb for verb in VERBS if self.allows(verb, user)}

    # -- registration and the 四定 ---------------------------------------------

    # What the office may correct on a registered item (the proposers apart).
    REGISTRATION_FIELDS = ("kind", "level", "session_name", "year", "period", "number", "title", "body", "bureau_role",
                           "assigning_body", "assigned_on", "doc_no", "external_lead_unit", "external_co_units", "is_key")

    def edit_registration(self, user, values: dict, proposers: list[dict]) -> None:
        """Correct the registration: ``values`` by ``REGISTRATION_FIELDS``, ``proposers`` the lead first (name,
        delegation, unit_post, phone) then the co-signers by name. A co-signer with recorded feedback stays; a
        changed kind, date or role recomputes the statutory deadline."""
        if find_registered(values["kind"], values["session_name"], values["number"], exclude=self.id) is not None:
            raise Refused("同类型、同届次的这个编号已被另一件使用", field="number")
        if self.state in ("closed", "withdrawn", "merged"):
            raise Refused(f"该件已{self.state_label}，不能再修改登记信息。")
        for key in self.REGISTRATION_FIELDS:
            value = values[key]
            setattr(self, key, value.strip() if isinstance(value, str) else value)
        changes = audit.diff(self)
        lead = self.lead_proposer
        if lead is None:
            lead = Proposer(is_lead=True, order=0)
            self.proposers.append(lead)
        for key in ("name", "delegation", "unit_post", "phone"):
            setattr(lead, key, proposers[0][key])
        names = [w["name"] for w in proposers[1:]]
        for pr in [pr for pr in self.proposers if not pr.is_lead and pr.name not in names]:
            if any(f.proposer_id == pr.id for f in self.feedback):
                raise Refused(f"{pr.name}已有反馈意见记录，不能从提出人中删除。")
            self.proposers.remove(pr)
        present = {pr.name for pr in self.proposers}
        for order, name in enumerate(names, start=1):
            if name not in present:
                self.proposers.append(Proposer(name=name, is_lead=False, order=order))
        if changes:
            audit.record("update", self, user=user, summary="修改登记信息", changes=changes)
        if {"kind", "assigned_on", "bureau_role"} & changes.keys():
            self.recompute_statutory(user, reason="登记信息修改，法定期限按规则重新计算")

    def _guard_assign(self, user, **_):
        self._need(user, "office", "只有办公室可以进行四定交办。")
        if self.state == "return_requested":
            raise Refused("该件有待决定的退回申请，请先同意或拒绝退回申请，再调整四定。")
        self._need_state(OPEN_STATES, "调整四定")

    def assign(
        self,
        user,
        *,
        lead_department: Department,
        responsible_leader: User | None,
        co_departments: list[Department] = (),
        requirements: str = "",
        internal_deadline: date | None = None,
        cohandling_deadline: date | None = None,
        bureau_role: str | None = None,
        is_key: bool | None = None,
        leading_leader: User | None = None,
        statutory_deadline: date | None | object = KEEP,
        override_reason: str = "",
    ) -> None:
        """定领导、定单位、定要求、定时间. Changing the lead 处室 hands the item to the new 处室 (待签收).

        ``statutory_deadline``: a date different from the rule's needs ``override_reason``; ``None`` returns
        to the rule; left out (a batch assignment), a manual deadline stays as it is.
        """
        self._guard_assign(user)
        if lead_department is None:
            raise Refused("请选择主办处室。")
        co_departments = [d for d in co_departments if d.id != lead_department.id]
        first = self.lead_department_id is None
        moved = not first and lead_department.id != self.lead_department_id
        if moved and self.state not in ("assigned", "in_progress"):
            raise Refused("答复稿已进入审核流程，不能再更换主办处室。如确需调整，请先将答复稿退回处室。")
        before_co = self.co_departments
        before_lead = self.lead_department
        before = self._four_fixes()
        if bureau_role is not None:
            if bureau_role not in BUREAU_ROLE_LABELS:
                raise Refused("办理方式不正确。")
            self.bureau_role = bureau_role
        if is_key is not None:
            self.is_key = is_key
        if self.is_key and leading_leader is None:
            leading_leader = responsible_leader
        self.leading_leader_id = _uid(leading_leader) if self.is_key else None
        self.lead_department_id = lead_department.id
        self.lead_department = lead_department
        self.responsible_leader_id = _uid(responsible_leader)
        self.requirements = (requirements or "").strip()
        self.internal_deadline = internal_deadline
        self.cohandling_deadline = cohandling_deadline or (self.rule_cohandling_deadline() if co_departments else None)
        self._set_co_departments(co_departments)
        if statutory_deadline is KEEP:
            self.recompute_statutory(user, reason="办理方式调整，法定期限按规则重新计算")
        else:
            self._set_statutory(user, statutory_deadline, override_reason)
        if first or moved:
            self.dispatched_on = clock.today()
        if moved:
            self.state = "assigned"
            self.signed_for_on = None
        changes = _readable(audit.diff(self))
        for key in ("dispatched_on", "lead_department_id", "signed_for_on"):
            changes.pop(key, None)
        # Every 四定 entry states all four 定 (leader, 处室, requirements, deadlines) old → new, changed or not.
        after = self._four_fixes()
        changes.update({key: [before[key], after[key]] for key in after})
        action = "assign" if first else ("reassign" if moved else "update_assignment")
        summary = {
            "assign": f"四定交办：主办 {lead_department.name}",
            "reassign": f"调整主办处室：{before_lead.name if before_lead else ''} → {lead_department.name}",
            "update_assignment": "修改四定",
        }[action]
        audit.record(action, self, user=user, summary=summary, changes=changes)

    def _four_fixes(self) -> dict:
        """The 四定 as the timeline shows them: 定领导、定单位（主办、会办）、定要求、定时间."""
        leader = db.session.get(User, self.responsible_leader_id) if self.responsible_leader_id else None
        lead = db.session.get(Department, self.lead_department_id) if self.lead_department_id else None
        return {
            "responsible_leader_id": leader.name if leader else None,
            "lead_department": lead.name if lead else None,
            "co_departments": _names(self.co_departments),
            "requirements": self.requirements or None,
            "statutory_deadline": self.statutory_deadline,
            "internal_deadline": self.internal_deadline,
            "cohandling_deadline": self.cohandling_deadline,
        }

    def _set_co_departments(self, departments) -> None:
        wanted = {d.id: d for d in departments}
        self.co_links = [link for link in self.co_links if link.department_id in wanted] + [
            ProposalDepartment(department=d, department_id=d.id, role="co") for i, d in wanted.items()
            if i not in self.co_department_ids
        ]

    def _set_statutory(self, user, wanted: date | None, reason: str) -> None:
        computed = self.rule_statutory_deadline()
        if wanted is None or wanted == computed:
            self.statutory_overridden = False
            self.statutory_deadline = computed
            return
        if wanted == self.statutory_deadline and self.statutory_overridden:
            return  # unchanged manual deadline
        if not (reason or "").strip():
            raise Refused(f"法定期限按规则应为 {computed:%Y-%m-%d}，改为 {wanted:%Y-%m-%d} 须填写调整理由。")
        if wanted < self.assigned_on:
            raise Refused("法定期限不能早于交办日期。")
        old = self.statutory_deadline
        self.statutory_deadline = wanted
        self.statutory_overridden = True
        audit.record(
            "deadline_override", self, user=user, summary=f"调整法定期限，理由：{reason.strip()}",
            changes={"statutory_deadline": [old, wanted]},
        )

    # -- the 处室 takes the item ---------------------------------------------------

    def _guard_sign_for(self, user, **_):
        self._need(user, "handle", "只有主办处室的人员可以签收。")
        self._need_state(("assigned",), "签收")

    def sign_for(self, user) -> None:
        """签收. A 参阅 item needs no answer: signing for it ends it (办结)."""
        self._guard_sign_for(user)
        self.signed_for_on = clock.today()
        if self.bureau_role == "reference":
            self.state = "closed"
            self.closed_on = clock.today()
            summary = f"{user.department.name}签收参阅件，阅知办结"
        else:
            self.state = "in_progress"
            summary = f"{user.department.name}签收"
        audit.record("sign_for", self, user=user, summary=summary, changes=audit.diff(self, ["state"]))

    def _guard_request_return(self, user, **_):
        self._need(user, "handle", "只有主办处室的人员可以申请退回或调整。")
        self._need_state(("assigned",), "申请退回（签收后不能再申请退回）")
        if clock.today() > self.return_window_end():
            from models import workcal

            raise Refused(f"申请退回/调整须在交办后 {workcal.rules().return_window_workdays} 个工作日内（{self.return_window_end():%Y-%m-%d} 前）提出，已超过期限，请签收办理。")
        if any(r.department_id == self.lead_department_id and r.state == "refused" for r in self.return_requests):
            raise Refused("本处室的退回申请已被办公室拒绝，请签收办理。")

    def request_return(self, user, *, reason: str, suggested_department: Department | None = None, suggested_unit: str = "") -> "ReturnRequest":
        """申请退回/调整, with a reason and the 处室 (or outside unit) that should handle it."""
        self._guard_request_return(user)
        if not (reason or "").strip():
            raise Refused("请填写申请退回的理由。")
        if suggested_department is not None and suggested_department.id == self.lead_department_id:
            raise Refused("建议承办的处室不能是本处室。")
        request = ReturnRequest(
            department_id=self.lead_department_id, reason=reason.strip(), suggested_department=suggested_department,
            suggested_unit=(suggested_unit or "").strip(), requested_by_id=user.id, requested_on=clock.today(),
        )
        self.return_requests.append(request)
        self.state = "return_requested"
        target = suggested_department.name if suggested_department else (suggested_unit or "（未提出）")
        audit.record("request_return", self, user=user, summary=f"申请退回，建议由{target}办理。理由：{reason.strip()}", changes=audit.diff(self, ["state"]))
        return request

    def _guard_decide_return(self, user, **_):
        self._need(user, "office", "只有办公室可以决定退回申请。")
        self._need_state(("return_requested",), "决定退回申请")

    def decide_return(self, user, request: "ReturnRequest", *, approve: bool, new_department: Department | None = None, note: str = "") -> None:
        """The office approves (the item moves to another 处室, 待签收 again) or refuses (back to the same 处室)."""
        self._guard_decide_return(user)
        if request.proposal_id != self.id or request.state != "pending":
            raise Refused("该退回申请已处理。")
        request.decided_by_id, request.decided_on, request.decision_note = user.id, clock.today(), (note or "").strip()
        old_dept = self.lead_department
        if approve:
            new_department = new_department or request.suggested_department
            if new_department is None:
                raise Refused("同意退回须选择改由哪个处室主办。")
            if new_department.id == self.lead_department_id:
                raise Refused("改派的处室与原主办处室相同。")
            request.state = "approved"
            request.new_department_id = new_department.id
            self.lead_department_id = new_department.id
            self.lead_department = new_department
            self.co_links = [link for link in self.co_links if link.department_id != new_department.id]
            self.dispatched_on = clock.today()
            self.state = "assigned"
            audit.record(
                "return_approved", self, user=user,
                summary=f"同意退回，改由{new_department.name}主办" + (f"。说明：{request.decision_note}" if request.decision_note else ""),
                changes={"lead_department": [old_dept.name if old_dept else None, new_department.name], "state": ["return_requested", "assigned"]},
            )
        else:
            if not request.decision_note:
                raise Refused("不同意退回须说明理由。")
            request.state = "refused"
            self.state = "assigned"
            audit.record(
                "return_refused", self, user=user, summary=f"不同意退回，仍由{old_dept.name}办理。理由：{request.decision_note}",
                changes={"state": ["return_requested", "assigned"]},
            )

    # -- the work ---------------------------------------------------------------

    def _guard_add_note(self, user, **_):
        self._need(user, "note", "只有办公室、主办处室和会办处室可以记录办理进展。")
        if self.state in ENDED_STATES:
            raise Refused(f"该件已{STATE_LABELS[self.state]}，不能再记录进展。")

    def add_note(self, user, body: str) -> "ProgressNote":
        self._guard_add_note(user)
        if not (body or "").strip():
            raise Refused("请填写进展内容。")
        note = ProgressNote(round=self.round, body=body.strip(), created_by_id=user.id)
        self.notes.append(note)
        audit.record("note", self, user=user, summary=f"办理进展：{note.body[:200]}")
        return note

    def _guard_add_contact(self, user, **_):
        self._need(user, "contact", "只有主办处室和办公室可以记录与代表/委员的沟通。")
        self._need_state(("in_progress", "dept_review", "office_review", "awaiting_signoff", "replied", "rehandling", "closed"), "记录沟通（请先签收）")

    def add_contact(
        self, user, *, stage: str, method: str, contact_on: date, participants: str, leader_present: bool, deputy_said: str
    ) -> "ContactRecord":
        """沟通记录: who met the deputy/member, how, when, and what they said."""
        self._guard_add_contact(user)
        if stage not in CONTACT_STAGE_LABELS or method not in CONTACT_METHOD_LABELS:
            raise Refused("沟通阶段或方式不正确。")
        if contact_on > clock.today():
            raise Refused("沟通日期不能晚于今天；计划中的面商请在“面商安排”中登记。")
        if contact_on < self.assigned_on:
            raise Refused("沟通日期不能早于交办日期。")
        record = ContactRecord(
            round=self.round, stage=stage, method=method, contact_on=contact_on, participants=(participants or "").strip(),
            leader_present=bool(leader_present), deputy_said=(deputy_said or "").strip(), created_by_id=user.id,
        )
        self.contacts.append(record)
        leader = "，有局领导参加" if leader_present else ""
        audit.record("contact", self, user=user, summary=f"沟通记录：{contact_on:%Y-%m-%d} {record.stage_label}·{record.method_label}{leader}")
        return record

    def attach(self, user, *, original_name: str, stored_name: str, size: int, content_type: str,
               contact: "ContactRecord | None" = None) -> "Attachment":
        """A file already checked and stored (``services.uploads``), kept with the item — and with one of its
        contact records when given."""
        self._need(user, "contact", "只有主办处室和办公室可以上传附件。")
        if contact is not None and contact not in self.contacts:
            raise Refused("该沟通记录不属于此件。")
        attachment = Attachment(original_name=original_name, stored_name=stored_name, size=size, content_type=content_type,
                                uploaded_by_id=user.id)
        self.attachments.append(attachment)
        attachment.contact = contact
        audit.record("attachment", self, user=user, summary=f"上传附件：{original_name}")
        return attachment

    def _guard_plan_meeting(self, user, **_):
        self._need(user, "contact", "只有主办处室和办公室可以安排面商。")
        self._need_state(("assigned", "in_progress", "dept_review", "office_review", "rehandling"), "安排面商")

    def plan_meeting(self, user, *, starts_at: datetime, ends_at: datetime, place: str, leader: User | None, note: str = "") -> "ProposalMeeting":
        """面商: a planned meeting with the deputy (times naive UTC), shown in the leader's calendar."""
        self._guard_plan_meeting(user)
        if clock.to_local(starts_at).date() < clock.today():
            raise Refused("面商日期不能早于今天；已经进行的沟通请登记为沟通记录。")
        if ends_at <= starts_at:
            raise Refused("面商的结束时间须晚于开始时间。")
        meeting = ProposalMeeting(
            starts_at=starts_at, ends_at=ends_at, place=(place or "").strip(), leader_id=_uid(leader), note=(note or "").strip(),
            created_by_id=user.id,
        )
        self.meetings.append(meeting)
        local = clock.to_local(starts_at)
        who = f"，{leader.name}参加" if leader else ""
        audit.record("meeting", self, user=user, summary=f"安排面商：{local:%Y-%m-%d %H:%M} 在{meeting.place}{who}")
        return meeting

    def cancel_meeting(self, user, meeting: "ProposalMeeting", reason: str = "") -> None:
        self._need(user, "contact", "只有主办处室和办公室可以取消面商。")
        if meeting.proposal_id != self.id or meeting.cancelled:
            raise Refused("该面商安排已取消。")
        meeting.cancelled = True
        local = clock.to_local(meeting.starts_at)
        audit.record("meeting_cancel", self, user=user, summary=f"取消面商（{local:%Y-%m-%d %H:%M}）" + (f"，原因：{reason}" if reason else ""))

    def _guard_give_opinion(self, user, **_):
        self._need(user, "co_opinion", "只有会办处室可以提交会办意见。")
        self._need_state(("assigned", "in_progress", "dept_review", "rehandling"), "提交会办意见")

    def give_opinion(self, user, body: str) -> "CohandlingOpinion":
        """会办意见 of a co-handling 处室 to the lead 处室 (the latest one is kept on the link, every one in the history)."""
        self._guard_give_opinion(user)
        if not (body or "").strip():
            raise Refused("请填写会办意见。")
        opinion = CohandlingOpinion(department_id=user.department_id, round=self.round, body=body.strip(), submitted_by_id=user.id, submitted_on=clock.today())
        self.opinions.append(opinion)
        link = next(link for link in self.co_links if link.department_id == user.department_id)
        link.opinion, link.opinion_on, link.opinion_by_id = opinion.body, opinion.submitted_on, user.id
        late = " （已超过会办期限）" if self.cohandling_deadline and opinion.submitted_on > self.cohandling_deadline else ""
        audit.record("opinion", self, user=user, summary=f"{user.department.name}提交会办意见{late}")
        return opinion

    # -- the reply ---------------------------------------------------------------

    def _guard_save_draft(self, user, **_):
        self._need(user, "handle", "只有主办处室可以起草答复。")
        if not self.needs_reply:
            raise Refused("参阅件无需答复。")
        self._need_state(WORKING_STATES, "修改答复稿（答复稿已报送审核，如需修改请由审核人退回）")

    def save_draft(self, user, **fields) -> "Reply":
        """Create or update the current round's draft (from the template on first save)."""
        self._guard_save_draft(user)
        reply = self.current_reply
        created = reply is None
        if created:
            reply = Reply(
                round=self.round, state="draft", title=self.default_reply_title(), body="", doc_no="", contact_person="",
                contact_phone="", disclosure="public", disclosure_reason="", copies="", commitment_text="", return_reason="",
                created_by_id=user.id,
            )
            self.replies.append(reply)
        for key in ("doc_no", "title", "body", "result_class", "contact_person", "contact_phone", "disclosure", "disclosure_reason", "copies", "commitment_text", "commitment_due_on"):
            if key in fields:
                value = fields[key]
                setattr(reply, key, value.strip() if isinstance(value, str) else value)
        if self.bureau_role == "co":
            reply.result_class = None
        if reply.result_class not in (None, "B", "C"):
            reply.commitment_text, reply.commitment_due_on = "", None
        reply.updated_by_id = user.id
        reply.updated_at = clock.utcnow()
        changes = {} if created else audit.diff(reply, ["title", "result_class", "disclosure", "doc_no"])
        audit.record("draft_create" if created else "draft_update", self, user=user,
                     summary=f"{'起草' if created else '修改'}{self.reply_noun}稿（第{self.round}轮）", changes=changes)
        return reply

    def _guard_submit_draft(self, user, **_):
        self._need(user, "handle", "只有主办处室可以报送答复稿。")
        self._need_state(WORKING_STATES, "报送答复稿")
        reply = self.current_reply
        if reply is None or not reply.body.strip():
            raise Refused(f"请先起草{self.reply_noun}正文，再报送处室负责人审核。")

    def submit_draft(self, user) -> None:
        """报处室审核: the draft goes to the 处室 head."""
        self._guard_submit_draft(user)
        reply = self.current_reply
        missing = reply.missing_fields(self)
        if missing:
            raise Refused(f"答复稿还缺少：{'、'.join(missing)}。请补全后再报送。")
        old = self.state
        self.state = "dept_review"
        reply.state = "dept_review"
        audit.record("submit_draft", self, user=user, summary=f"{self.reply_noun}稿报处室负责人审核", changes={"state": [old, "dept_review"]})

    def _guard_approve_draft(self, user, **_):
        self._need(user, "approve", "只有主办处室负责人可以审核答复稿。")
        self._need_state(("dept_review",), "处室审核")

    def approve_draft(self, user) -> None:
        """处室负责人审核通过, the draft goes to the office."""
        self._guard_approve_draft(user)
        reply = self.current_reply
        reply.state = "office_review"
        reply.approved_by_id, reply.approved_on = user.id, clock.today()
        self.state = "office_review"
        audit.record("approve_draft", self, user=user, summary=f"处室负责人审核通过，报办公室审核", changes={"state": ["dept_review", "office_review"]})

    def _guard_return_draft(self, user, **_):
        if self.state == "dept_review":
            self._need(user, "approve", "处室审核阶段只有主办处室负责人可以退回答复稿。")
        elif self.state == "office_review":
            self._need(user, "office", "办公室审核阶段只有办公室可以退回答复稿。")
        elif self.state == "awaiting_signoff":
            self._need(user, "sign_off", "待签发阶段只有签发领导可以退回答复稿。")
            if self.current_reply and self.current_reply.state == "signed":
                raise Refused("答复已签发，不能再退回。")
        else:
            raise Refused(f"该件当前状态为“{self.state_label}”，没有待审核的答复稿可退回。")

    def return_draft(self, user, reason: str) -> None:
        """退回修改 with a reason, from whichever review step the draft is in."""
        self._guard_return_draft(user)
        if not (reason or "").strip():
            raise Refused("退回答复稿须说明理由。")
        reply = self.current_reply
        step = {"dept_review": "处室负责人", "office_review": "办公室", "awaiting_signoff": "签发领导"}[self.state]
        old = self.state
        self.state = "rehandling" if self.round > 1 else "in_progress"
        reply.state = "draft"
        reply.return_reason = f"{step}：{reason.strip()}"
        audit.record("return_draft", self, user=user, summary=f"{step}退回{self.reply_noun}稿，理由：{reason.strip()}", changes={"state": [old, self.state]})

    def _guard_pass_draft(self, user, **_):
        self._need(user, "office", "只有办公室可以审核通过答复稿。")
        self._need_state(("office_review",), "办公室审核")
        if self.bureau_role in ANSWERING_ROLES and not self.has_contact_before(clock.today()):
            raise Refused(
                "尚无与代表/委员的沟通记录，不能通过审核：主办、分办件答复前须与代表/委员沟通。"
                "请退回处室，沟通并登记沟通记录后再报送。"
            )

    @property
    def contact_missing(self) -> bool:
        """The office audit would refuse this item today for want of a contact (said early, where the work is done)."""
        return self.needs_reply and self.bureau_role in ANSWERING_ROLES and not self.has_contact_before(clock.today())

    def has_contact_before(self, day: date) -> bool:
        """A contact in the current round on or before ``day`` (the rule the office audit applies)."""
        return any(c.contact_on <= day for c in self.contacts_this_round)

    def pass_draft(self, user) -> None:
        """办公室审核通过, the draft goes to the responsible leader for 签发."""
        self._guard_pass_draft(user)
        reply = self.current_reply
        reply.state = "awaiting_signoff"
        reply.passed_by_id, reply.passed_on = user.id, clock.today()
        self.state = "awaiting_signoff"
        audit.record("pass_draft", self, user=user, summary="办公室审核通过，呈领导签发", changes={"state": ["office_review", "awaiting_signoff"]})

    def _guard_sign_off(self, user, **_):
        self._need(user, "sign_off", "只有该件的责任领导可以签发。")
        self._need_state(("awaiting_signoff",), "签发")
        if self.current_reply is None or self.current_reply.state != "awaiting_signoff":
            raise Refused("答复已签发，等待办公室发出。")

    def sign_off(self, user) -> None:
        """签发 by the responsible leader."""
        self._guard_sign_off(user)
        reply = self.current_reply
        reply.state = "signed"
        reply.signed_by_id, reply.signed_on = user.id, clock.today()
        audit.record("sign_off", self, user=user, summary=f"{user.name}签发{self.reply_noun}")

    def _guard_mark_sent(self, user, **_):
        self._need(user, "office", "只有办公室可以登记答复已发出。")
        self._need_state(("awaiting_signoff",), "登记发出")
        if self.current_reply is None or self.current_reply.state != "signed":
            raise Refused("答复尚未经领导签发，不能发出。")

    def mark_sent(self, user, sent_on: date, doc_no: str = "") -> None:
        """答复已发出 on ``sent_on``. 会办 items end here (the lead unit collects the rating);
        B/C answers put their commitments on the ledger."""
        self._guard_mark_sent(user)
        reply = self.current_reply
        if sent_on > clock.today():
            raise Refused("发出日期不能晚于今天。")
        if reply.signed_on and sent_on < reply.signed_on:
            raise Refused(f"发出日期不能早于签发日期（{reply.signed_on:%Y-%m-%d}）。")
        if doc_no.strip():
            reply.doc_no = doc_no.strip()
        if not reply.doc_no:
            raise Refused("请填写答复文号。")
        reply.state, reply.sent_on, reply.sent_by_id = "sent", sent_on, user.id
        old = self.state
        self.replied_on = sent_on
        if self.bureau_role == "co":
            self.state, self.closed_on = "closed", sent_on
            summary = f"会办意见已送{self.external_lead_unit or '主办单位'}（{reply.doc_no}），办结"
        else:
            self.state = "replied"
            summary = f"答复已发出（{reply.doc_no}，{reply.result_class}类），征询代表/委员意见"
        for line in reply.commitment_lines():
            self.commitments.append(Commitment(reply=reply, content=line, due_on=reply.commitment_due_on))
        audit.record("mark_sent", self, user=user, summary=summary, changes={"state": [old, self.state], "replied_on": [None, sent_on]})

    # -- the deputy's rating --------------------------------------------------------

    def _guard_record_feedback(self, user, **_):
        self._need(user, "office", "只有办公室可以录入代表/委员的满意度评价。")
        if self.bureau_role not in ANSWERING_ROLES:
            raise Refused("会办件、参阅件由主办单位征询代表/委员意见，本厅无需录入。")
        self._need_state(("replied", "closed", "rehandling"), "录入反馈（答复发出后才能征询意见）")

    def record_feedback(
        self, user, proposer: "Proposer", *, met: bool, attitude: str, result: str, words: str, channel: str, received_on: date
    ) -> "Feedback":
        """征询意见表 of one proposer. The lead proposer's rating decides: 不满意 opens a re-handling round,
        满意/基本满意 closes the item."""
        self._guard_record_feedback(user)
        if proposer.proposal_id != self.id:
            raise Refused("该代表/委员不是本件的提出人。")
        if attitude not in SATISFACTION_LABELS or result not in SATISFACTION_LABELS or channel not in CHANNEL_LABELS:
            raise Refused("满意度或反馈方式不正确。")
        sent = self._round_sent_on()
        if received_on > clock.today():
            raise Refused("反馈日期不能晚于今天。")
        if sent and received_on < sent:
            raise Refused(f"反馈日期不能早于答复发出日期（{sent:%Y-%m-%d}）。")
        answered_round = self.round if self.state != "rehandling" else self.round - 1
        if self.state != "replied" and proposer.is_lead:
            raise Refused("领衔代表/第一提案人对本轮答复的意见已录入。")
        if any(f.proposer_id == proposer.id and f.round == answered_round for f in self.feedback):
            raise Refused(f"{proposer.name}对第{answered_round}轮答复的意见已录入。")
        fb = Feedback(
            proposer_id=proposer.id, proposer=proposer, round=answered_round, met=bool(met), attitude=attitude, result=result,
            words=(words or "").strip(), channel=channel, received_on=received_on, entered_by_id=user.id,
        )
        self.feedback.append(fb)
        rating = f"态度{SATISFACTION_LABELS[attitude]}、结果{SATISFACTION_LABELS[result]}"
        audit.record("feedback", self, user=user, summary=f"录入{proposer.name}的意见：{rating}（{CHANNEL_LABELS[channel]}）")
        if proposer.is_lead:
            if result == "unsatisfied":
                self._reopen(user, received_on)
            else:
                self.state, self.closed_on = "closed", received_on
                audit.record("close", self, user=user, summary=f"{proposer.name}对答复{SATISFACTION_LABELS[result]}，办结", changes={"state": ["replied", "closed"]})
        return fb

    def _round_sent_on(self) -> date | None:
        reply = next((r for r in reversed(self.replies) if r.state == "sent"), None)
        return reply.sent_on if reply else None

    def rehandle_start(self) -> date | None:
        """The day the current re-handling round started: the lead proposer's 不满意 on the previous round."""
        if self.round < 2:
            return None
        lead = next((p.id for p in self.proposers if p.is_lead), None)
        return next((f.received_on for f in self.feedback if f.round == self.round - 1 and f.proposer_id == lead), None)

    def _reopen(self, user, from_day: date) -> None:
        """不满意 → 重新办理: a new round with the re-handling deadline; the earlier reply stays."""
        from models import workcal

        old_deadline = self.effective_deadline
        self.round += 1
        self.rehandle_deadline = rules_mod.rehandle_deadline(from_day, workcal.calendar(), workcal.rules())
        self.extended_deadline = None
        self.state = "rehandling"
        audit.record(
            "reopen", self, user=user, summary=f"领衔代表/第一提案人不满意，启动第{self.round}轮重新办理",
            changes={"state": ["replied", "rehandling"], "round": [self.round - 1, self.round], "effective_deadline": [old_deadline, self.rehandle_deadline]},
        )

    # -- commitments, extensions, urging -------------------------------------------

    def complete_commitment(self, user, commitment: "Commitment", done_on: date, note: str = "") -> None:
        if not (self.can(user, "office") or self.can(user, "handle")):
            raise Refused("只有办公室和主办处室可以登记承诺事项完成情况。")
        if commitment.proposal_id != self.id:
            raise Refused("该承诺事项不属于本件。")
        if commitment.done_on:
            raise Refused("该承诺事项已登记完成。")
        if done_on > clock.today():
            raise Refused("完成日期不能晚于今天。")
        commitment.done_on, commitment.done_note, commitment.done_by_id = done_on, (note or "").strip(), user.id
        audit.record("commitment_done", self, user=user, summary=f"承诺事项已完成：{commitment.content[:100]}")

    @property
    def original_deadline(self) -> date | None:
        """The deadline before any extension (the re-handling round's, else the statutory one), shown beside the extended one."""
        return self.rehandle_deadline or self.statutory_deadline

    @property
    def past_deadline(self) -> bool:
        """Today is after the effective deadline (whatever the state): too late to ask for an extension."""
        return self.effective_deadline is not None and clock.today() > self.effective_deadline

    def _guard_request_extension(self, user, **_):
        self._need(user, "handle", "只有主办处室可以申请延期。")
        self._need_state(("in_progress", "rehandling", "dept_review"), "申请延期")
        if self.pending_extension:
            raise Refused("已有一项延期申请等待办公室决定。")
        if self.past_deadline:
            raise Refused(f"本件已超过办理期限（{self.effective_deadline:%Y-%m-%d}），延期须在期限届满前申请；"
                          "现在不能再申请延期，请填写超期说明。")

    def request_extension(self, user, *, until: date, reason: str) -> "ExtensionRequest":
        """申请延期 to ``until`` (after the current deadline, at most the maximum the rules allow)."""
        self._guard_request_extension(user)
        if not (reason or "").strip():
            raise Refused("请填写延期理由。")
        self._check_extension_date(until)
        req = ExtensionRequest(
            round=self.round, department_id=self.lead_department_id, reason=reason.strip(), requested_until=until,
            original_deadline=self.effective_deadline, requested_by_id=user.id, requested_on=clock.today(),
        )
        self.extension_requests.append(req)
        audit.record("request_extension", self, user=user, summary=f"申请延期至 {until:%Y-%m-%d}，理由：{req.reason}")
        return req

    def _check_extension_date(self, until: date) -> None:
        current = self.effective_deadline
        if current and until <= current:
            raise Refused(f"延期后的期限须晚于现在的期限（{current:%Y-%m-%d}）。")
        latest = self.max_extension()
        if until > latest:
            raise Refused(f"延期后的期限不能晚于规定的最长期限 {latest:%Y-%m-%d}。")

    def _guard_decide_extension(self, user, **_):
        self._need(user, "office", "只有办公室可以审批延期申请。")
        if not self.pending_extension:
            raise Refused("没有待审批的延期申请。")

    def decide_extension(self, user, request: "ExtensionRequest", *, approve: bool, note: str = "") -> None:
        """The office approves (the new deadline counts, the original stays shown) or refuses."""
        self._guard_decide_extension(user)
        if request.proposal_id != self.id or request.state != "pending":
            raise Refused("该延期申请已处理。")
        request.decided_by_id, request.decided_on, request.decision_note = user.id, clock.today(), (note or "").strip()
        if approve:
            self._need_state(OPEN_STATES, "延期")
            if request.original_deadline and request.requested_on > request.original_deadline:
                raise Refused(f"该申请提出时（{request.requested_on:%Y-%m-%d}）已超过办理期限（{request.original_deadline:%Y-%m-%d}），"
                              "不能同意延期；请处室填写超期说明。")
            self._check_extension_date(request.requested_until)
            old = self.effective_deadline
            request.state = "approved"
            self.extended_deadline = request.requested_until
            audit.record("extension_approved", self, user=user, summary=f"同意延期至 {request.requested_until:%Y-%m-%d}",
                         changes={"extended_deadline": [old, request.requested_until]})
        else:
            if not request.decision_note:
                raise Refused("不同意延期须说明理由。")
            request.state = "refused"
            audit.record("extension_refused", self, user=user, summary=f"不同意延期，理由：{request.decision_note}")

    def _guard_explain_overdue(self, user, **_):
        self._need(user, "handle", "只有主办处室可以填写超期说明。")
        if not (self.past_deadline and self.is_open) and not (self.replied_on and self.effective_deadline
                                                              and self.replied_on > self.effective_deadline):
            raise Refused("本件未超过办理期限，无需填写超期说明。")

    def explain_overdue(self, user, text: str) -> None:
        """超期说明: why an item is past its deadline (an extension can no longer be asked for)."""
        self._guard_explain_overdue(user)
        text = (text or "").strip()
        if not text:
            raise Refused("请填写超期说明。")
        old = self.overdue_note
        self.overdue_note = text
        audit.record("overdue_note", self, user=user, summary=f"超期说明：{text[:200]}", changes={"overdue_note": [old or None, text]})

    def _guard_urge(self, user, once_a_day: bool = False, **_):
        self._need(user, "office", "只有办公室可以催办。")
        self._need_state(OPEN_STATES, "催办")
        if self.lead_department_id is None:
            raise Refused("该件尚未交办到处室，无需催办。")
        if once_a_day and self.urged_today:
            raise Refused("今天已催办过的不再重复催办。")

    @property
    def urged_today(self) -> bool:
        """Urged since midnight, China time."""
        start = clock.local_to_utc(clock.now_local().replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None))
        return any(u.urged_at is None or u.urged_at >= start for u in self.urges)  # None: added, not yet flushed

    def urge(self, user, note: str = "", *, once_a_day: bool = False) -> "Urge":
        """催办: the lead 处室 sees it in its inbox until someone there acknowledges it. ``once_a_day`` (催办 in bulk):
        an item urged today is refused."""
        self._guard_urge(user, once_a_day=once_a_day)
        level = self.deadline_level
        urge = Urge(department_id=self.lead_department_id, note=(note or "").strip(), level=level, urged_by_id=user.id)
        self.urges.append(urge)
        text = {"red": "（已超期）", "yellow": "（临期）"}.get(level, "")
        audit.record("urge", self, user=user, summary=f"催办{self.lead_department.name}{text}" + (f"：{urge.note}" if urge.note else ""))
        return urge

    def _guard_acknowledge_urges(self, user, **_):
        self._need(user, "handle", "只有主办处室可以确认催办。")
        if not self.unacknowledged_urges:
            raise Refused("没有未确认的催办。")

    def acknowledge_urges(self, user) -> None:
        self._guard_acknowledge_urges(user)
        for urge in self.unacknowledged_urges:
            urge.acknowledged_at, urge.acknowledged_by_id = clock.utcnow(), user.id
        audit.record("urge_ack", self, user=user, summary=f"{user.department.name}已知悉催办")

    # -- side paths ------------------------------------------------------------------

    def _guard_withdraw(self, user, **_):
        self._need(user, "office", "只有办公室可以登记撤回。")
        self._need_state(OPEN_STATES, "撤回")

    def withdraw(self, user, reason: str, on: date | None = None) -> None:
        """撤回 by the proposer (registered by the office)."""
        self._guard_withdraw(user)
        if not (reason or "").strip():
            raise Refused("请填写撤回原因。")
        old = self.state
        self.state, self.closed_on, self.end_reason = "withdrawn", on or clock.today(), reason.strip()
        audit.record("withdraw", self, user=user, summary=f"撤回：{self.end_reason}", changes={"state": [old, "withdrawn"]})

    def _guard_merge(self, user, **_):
        self._need(user, "office", "只有办公室可以并案。")
        self._need_state(OPEN_STATES, "并案")

    def merge_into(self, user, other: "Proposal", reason: str = "") -> None:
        """并案: handled together with ``other``, whose answer is sent to this item's proposers too."""
        self._guard_merge(user)
        if other is None or other.id == self.id:
            raise Refused("请选择要并入的另一件。")
        if other.state in ENDED_STATES:
            raise Refused(f"{other}已{STATE_LABELS[other.state]}，不能并入。")
        old = self.state
        self.state, self.merged_into_id, self.closed_on = "merged", other.id, clock.today()
        self.end_reason = (reason or "").strip()
        audit.record("merge", self, user=user, summary=f"并入{other}办理" + (f"：{self.end_reason}" if self.end_reason else ""), changes={"state": [old, "merged"]})
        audit.record("merge_in", other, user=user, summary=f"{self}（{self.lead_proposer.name if self.lead_proposer else ''}）并入本件办理，答复须同时送其提出人")


VERBS = (
    "assign", "sign_for", "request_return", "decide_return", "add_note", "add_contact", "plan_meeting", "give_opinion",
    "save_draft", "submit_draft", "approve_draft", "return_draft", "pass_draft", "sign_off", "mark_sent", "record_feedback",
    "request_extension", "decide_extension", "explain_overdue", "urge", "acknowledge_urges", "withdraw", "merge",
)


def find_registered(kind: str, session_name: str, number: str, exclude: int | None = None) -> Proposal | None:
    """The item registered under that kind, session and number (numbers are unique per kind and session)."""
    stmt = sa.select(Proposal).where(Proposal.kind == kind, Proposal.session_name == session_name.strip(), Proposal.number == number.strip())
    if exclude:
        stmt = stmt.where(Proposal.id != exclude)
    return db.session.scalars(stmt).first()


def register(user, values: dict, proposers: list[dict], via: str = "登记") -> Proposal:
    """A new item as it arrives (待四定): deadlines from the rules, proposers in order."""
    proposal = Proposal(
        kind=values["kind"],
        level=values.get("level") or "provincial",
        session_name=(values.get("session_name") or "").strip(),
        year=values.get("year") or values["assigned_on"].year,
        period=values.get("period") or "session",
        number=str(values["number"]).strip(),
        title=values["title"].strip(),
        body=(values.get("body") or "").strip(),
        bureau_role=values.get("bureau_role") or "lead",
        assigning_body=(values.get("assigning_body") or "").strip(),
        assigned_on=values["assigned_on"],
        doc_no=(values.get("doc_no") or "").strip(),
        external_lead_unit=(values.get("lead_unit") or "").strip() if values.get("bureau_role") == "co" else "",
        external_co_units="、".join(values.get("co_units") or []),
        is_key=bool(values.get("is_key")),
        state="assigned",
        created_by_id=_uid(user),
    )
    for order, spec in enumerate(proposers):
        proposal.proposers.append(
            Proposer(
                name=spec["name"], is_lead=bool(spec.get("is_lead")), delegation=spec.get("delegation") or "",
                unit_post=spec.get("unit_post") or "", phone=spec.get("phone") or "", order=order,
            )
        )
    if proposal.proposers and not any(p.is_lead for p in proposal.proposers):
        proposal.proposers[0].is_lead = True
    proposal.statutory_deadline = proposal.rule_statutory_deadline()
    db.session.add(proposal)
    audit.record("create", proposal, user=user, summary=f"{via}：{proposal.kind_label}第{proposal.number}号《{proposal.title[:60]}》")
    return proposal


def recompute_open_deadlines() -> int:
    """After the working-day table or the rules change, in the same transaction: every open item's deadlines
    that come from the table follow the new one (registered with ``models.workcal.on_calendar_change``) —
    the statutory deadline unless set by hand, the co-handling opinion deadline where it was the rule's,
    the re-handling round's. Each moved date leaves "因节假日安排调整，期限由 A 改为 B" on the item's timeline
    (action ``deadline_earlier`` when it moved earlier, for the 处室's workbench). Returns the items changed."""
    from models import workcal

    before, cause = workcal.current_change()
    cal, rules = workcal.calendar(), workcal.rules()
    changed = 0
    for proposal in db.session.scalars(sa.select(Proposal).where(Proposal.is_open).options(selectinload(Proposal.feedback), selectinload(Proposal.proposers))):
        moves = []
        if not proposal.statutory_overridden:
            moves.append(("statutory_deadline", "法定期限", proposal.rule_statutory_deadline()))
        if proposal.cohandling_deadline and before is not None and proposal.bureau_role != "co" and proposal.assigned_on:
            if proposal.cohandling_deadline == rules_mod.cohandling_deadline(proposal.assigned_on, before, rules):
                moves.append(("cohandling_deadline", "会办意见期限", rules_mod.cohandling_deadline(proposal.assigned_on, cal, rules)))
        start = proposal.rehandle_start()
        if proposal.state == "rehandling" and proposal.rehandle_deadline and start:
            moves.append(("rehandle_deadline", f"第{proposal.round}轮重新办理期限", rules_mod.rehandle_deadline(start, cal, rules)))
        moved = False
        for field, label, new in moves:
            old = getattr(proposal, field)
            if new == old:
                continue
            setattr(proposal, field, new)
            moved = True
            if old is not None and new is not None:
                audit.record(
                    "deadline_earlier" if new < old else "deadline_recompute", proposal,
                    summary=workcal.moved_text(cause, old, new, label), changes={field: [old, new]},
                )
        changed += moved
    return changed


# ---------------------------------------------------------------------------
# What hangs off an item


class ProposalDepartment(db.Model):
    """A co-handling 处室 of an item (role ``co``) and its latest opinion to the lead 处室."""

    __tablename__ = "proposal_departments"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "department_id", name="uq_proposal_departments_proposal_dept"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(8), default="co")
    opinion: Mapped[str] = mapped_column(sa.Text, default="")
    opinion_on: Mapped[date | None]
    opinion_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    proposal: Mapped[Proposal] = relationship(back_populates="co_links")
    department: Mapped[Department] = relationship()


class Proposer(db.Model):
    """领衔代表/第一提案人 (``is_lead``) or a co-signer."""

    __tablename__ = "proposers"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(64), index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)
    delegation: Mapped[str] = mapped_column(sa.String(64), default="")  # 代表团 or 界别/党派
    unit_post: Mapped[str] = mapped_column(sa.String(128), default="")
    phone: Mapped[str] = mapped_column(sa.String(32), default="")
    order: Mapped[int] = mapped_column("sort_order", default=0)

    proposal: Mapped[Proposal] = relationship(back_populates="proposers")

    def __str__(self) -> str:
        return self.name


class ContactRecord(db.Model):
    __tablename__ = "contact_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    stage: Mapped[str] = mapped_column(sa.String(8))
    method: Mapped[str] = mapped_column(sa.String(8))
    contact_on: Mapped[date] = mapped_column(index=True)
    participants: Mapped[str] = mapped_column(sa.String(500), default="")
    leader_present: Mapped[bool] = mapped_column(default=False)
    deputy_said: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="contacts")
    created_by: Mapped[User | None] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(back_populates="contact", order_by="Attachment.id")

    @property
    def stage_label(self) -> str:
        """办前/办中/办后 (the stored value is its code)."""
        return CONTACT_STAGE_LABELS.get(self.stage, self.stage)

    @property
    def method_label(self) -> str:
        """见面座谈, 走访, … (the stored value is its code)."""
        return CONTACT_METHOD_LABELS.get(self.method, self.method)


class ProgressNote(db.Model):
    __tablename__ = "progress_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    body: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    created_by: Mapped[User | None] = relationship()


class CohandlingOpinion(db.Model):
    """Every opinion a co-handling 处室 gave (the link keeps the latest)."""

    __tablename__ = "cohandling_opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("departments.id"))
    round: Mapped[int] = mapped_column(default=1)
    body: Mapped[str] = mapped_column(sa.Text)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    submitted_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    department: Mapped[Department] = relationship()
    submitted_by: Mapped[User | None] = relationship()


class Reply(db.Model):
    """The reply (答复函) of one round — or, for a 会办 item, the opinion sent to the outside lead unit.
    It is the draft until sent; earlier rounds' replies stay as they were sent."""

    __tablename__ = "replies"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "round", name="uq_replies_proposal_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(sa.String(20), default="draft")
    doc_no: Mapped[str] = mapped_column(sa.String(64), default="")
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    result_class: Mapped[str | None] = mapped_column(sa.String(1))
    contact_person: Mapped[str] = mapped_column(sa.String(64), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(32), default="")
    disclosure: Mapped[str] = mapped_column(sa.String(16), default="public")
    disclosure_reason: Mapped[str] = mapped_column(sa.String(255), default="")
    copies: Mapped[str] = mapped_column(sa.String(255), default="")  # 抄送
    # What a B/C answer promises (one line per item) and by when; they become Commitments when sent.
    commitment_text: Mapped[str] = mapped_column(sa.Text, default="")
    commitment_due_on: Mapped[date | None]
    return_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_on: Mapped[date | None]
    passed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    passed_on: Mapped[date | None]
    signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    signed_on: Mapped[date | None]
    sent_on: Mapped[date | None] = mapped_column(index=True)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    proposal: Mapped[Proposal] = relationship(back_populates="replies")
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def state_label(self) -> str:
        return REPLY_STATE_LABELS.get(self.state, self.state)

    @property
    def disclosure_label(self) -> str:
        return DISCLOSURE_LABELS.get(self.disclosure, self.disclosure)

    def commitment_lines(self) -> list[str]:
        if self.result_class not in ("B", "C"):
            return []
        return [line.strip() for line in (self.commitment_text or "").splitlines() if line.strip()]

    def missing_fields(self, proposal: Proposal) -> list[str]:
        missing = []
        if not self.title.strip():
            missing.append("标题")
        if not self.body.strip():
            missing.append("正文")
        if proposal.bureau_role in ANSWERING_ROLES:
            if not self.result_class:
                missing.append("办理结果分类（A/B/C/D）")
            if not self.contact_person.strip() or not self.contact_phone.strip():
                missing.append("联系人及电话")
            if self.disclosure != "public" and not self.disclosure_reason.strip():
                missing.append("不公开（依申请公开）的理由")
            if self.result_class in ("B", "C") and (not self.commitment_lines() or not self.commitment_due_on):
                missing.append("B/C类答复的承诺事项及完成时限")
        return missing


ReplyDraft = Reply


class Feedback(db.Model):
    """One proposer's 征询意见表 for one round."""

    __tablename__ = "feedback"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "proposer_id", "round", name="uq_feedback_proposal_proposer_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    proposer_id: Mapped[int] = mapped_column(sa.ForeignKey("proposers.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    met: Mapped[bool] = mapped_column(default=False)
    attitude: Mapped[str] = mapped_column(sa.String(16))
    result: Mapped[str] = mapped_column(sa.String(16))
    words: Mapped[str] = mapped_column(sa.Text, default="")
    channel: Mapped[str] = mapped_column(sa.String(16))
    received_on: Mapped[date]
    entered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    proposer: Mapped[Proposer] = relationship()
    entered_by: Mapped[User | None] = relationship()

    @property
    def attitude_label(self) -> str:
        return SATISFACTION_LABELS.get(self.attitude, self.attitude)

    @property
    def result_label(self) -> str:
        return SATISFACTION_LABELS.get(self.result, self.result)

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)


class Commitment(db.Model):
    """承诺事项 of a B/C answer, on the ledger until done (答复承诺事项台账)."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    reply_id: Mapped[int | None] = mapped_column(sa.ForeignKey("replies.id"))
    content: Mapped[str] = mapped_column(sa.Text)
    due_on: Mapped[date | None] = mapped_column(index=True)
    done_on: Mapped[date | None]
    done_note: Mapped[str] = mapped_column(sa.Text, default="")
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    proposal: Mapped[Proposal] = relationship(viewonly=True)
    reply: Mapped[Reply | None] = relationship()

    @property
    def is_late(self) -> bool:
        return self.done_on is None and self.due_on is not None and clock.today() > self.due_on


class OfficeDecidedRequest:
    """A 处室's request with its reason that the office approves or refuses (``REQUEST_STATE_LABELS``)."""

    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    reason: Mapped[str] = mapped_column(sa.Text)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    requested_on: Mapped[date]
    state: Mapped[str] = mapped_column(sa.String(16), default="pending", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_on: Mapped[date | None]
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")

    @declared_attr
    def requested_by(cls) -> Mapped[User | None]:
        return relationship(User, foreign_keys=f"{cls.__name__}.requested_by_id")

    @property
    def state_label(self) -> str:
        return REQUEST_STATE_LABELS.get(self.state, self.state)


class ExtensionRequest(OfficeDecidedRequest, db.Model):
    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    requested_until: Mapped[date]
    original_deadline: Mapped[date | None]

    proposal: Mapped[Proposal] = relationship(back_populates="extension_requests")


class ReturnRequest(OfficeDecidedRequest, db.Model):
    """申请退回/调整 by the lead 处室, and the office's decision."""

    __tablename__ = "return_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    suggested_department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    suggested_unit: Mapped[str] = mapped_column(sa.String(128), default="")
    new_department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))

    proposal: Mapped[Proposal] = relationship(back_populates="return_requests")
    department: Mapped[Department | None] = relationship(foreign_keys="ReturnRequest.department_id")
    suggested_department: Mapped[Department | None] = relationship(foreign_keys=[suggested_department_id])


class Urge(db.Model):
    """催办 from the office to the lead 处室."""

    __tablename__ = "urges"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    level: Mapped[str] = mapped_column(sa.String(8), default="")
    urged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    urged_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    urged_by: Mapped[User | None] = relationship(foreign_keys=[urged_by_id])


class Attachment(db.Model):
    """An uploaded file (checked by content), stored under UPLOAD_FOLDER with a random name."""

    __tablename__ = "proposal_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contact_records.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(sa.String(100))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.utcnow)

    proposal: Mapped[Proposal] = relationship(viewonly=True)
    contact: Mapped[ContactRecord | None] = relationship(back_populates="attachments")

    def can(self, user, action: str = "view") -> bool:
        """Whoever may see the item may download its files."""
        return self.proposal.can(user, "view") if action == "view" else False


class ProposalMeeting(db.Model):
    """面商: a planned meeting with the deputy/member (times naive UTC). The leaders' calendar shows these."""

    __tablename__ = "proposal_meetings"
    __table_args__ = (sa.Index("ix_proposal_meetings_leader_starts", "leader_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    leader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(sa.String(128), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    version: Mapped[int] = mapped_column(default=1)

    proposal: Mapped[Proposal] = relationship(back_populates="meetings")
    leader: Mapped[User | None] = relationship(foreign_keys=[leader_id])

    __mapper_args__ = {"version_id_col": version}


# The audit log's Chinese names (create_app registers them).
AUDIT_LABELS = dict(
    objects={"proposal": "建议提案"},
    actions={
        "assign": "四定交办", "reassign": "调整主办处室", "update_assignment": "修改四定", "deadline_override": "调整法定期限",
        "deadline_recompute": "期限重算", "deadline_earlier": "期限提前", "sign_for": "签收", "request_return": "申请退回", "return_approved": "同意退回",
        "return_refused": "不同意退回", "note": "办理进展", "contact": "沟通记录", "meeting": "安排面商", "meeting_cancel": "取消面商",
        "opinion": "会办意见", "draft_create": "起草答复", "draft_update": "修改答复稿", "submit_draft": "报处室审核",
        "approve_draft": "处室审核通过", "return_draft": "退回答复稿", "pass_draft": "办公室审核通过", "sign_off": "领导签发",
        "mark_sent": "答复发出", "feedback": "录入反馈", "feedback_batch": "批量录入反馈", "close": "办结", "reopen": "重新办理", "commitment_done": "承诺事项完成",
        "request_extension": "申请延期", "extension_approved": "同意延期", "extension_refused": "不同意延期", "overdue_note": "超期说明", "urge": "催办",
        "urge_ack": "知悉催办", "withdraw": "撤回", "merge": "并案", "merge_in": "并入", "attachment": "上传附件", "import": "导入",
    },
    fields={
        "kind": "类型", "session_name": "届次", "number": "编号", "bureau_role": "办理方式", "is_key": "重点件",
        "leading_leader_id": "领办领导", "responsible_leader_id": "责任领导", "lead_department": "主办处室",
        "co_departments": "会办处室", "requirements": "办理要求", "statutory_deadline": "法定期限",
        "statutory_overridden": "法定期限人工调整", "internal_deadline": "内部期限", "cohandling_deadline": "会办期限",
        "extended_deadline": "延期后期限", "effective_deadline": "有效期限", "state": "状态", "round": "办理轮次",
        "replied_on": "答复日期", "result_class": "办理结果分类", "disclosure": "公开属性", "doc_no": "文号",
        "assigned_on": "交办日期", "assigning_body": "交办单位", "year": "年度", "level": "级别", "period": "提出时间",
        "signed_for_on": "签收日期", "overdue_note": "超期说明",
    },
    values={"state": STATE_LABELS, "bureau_role": BUREAU_ROLE_LABELS, "kind": PROPOSAL_KIND_LABELS, "level": PROPOSAL_LEVEL_LABELS, "period": PERIOD_LABELS,
            "disclosure": DISCLOSURE_LABELS},
    object_types=("proposal",),
)
