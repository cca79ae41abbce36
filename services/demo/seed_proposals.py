"""Demo items: the story's ``proposals`` (services/demo/proposals.json) walked through the real verbs into their ``stage``.

Each step runs "as of" its day in the demo's story (the clock reads that day while the verb runs, and
the audit entries it writes carry that moment), so every item's timeline reads like the year it had.
Runs after the organisation seeder (order 10), which puts ``story``, ``users`` and ``departments`` in the context.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from extensions import db
from models.audit import AuditEntry
from models.proposals import ProgressNote, Proposal, register
from models.proposals_vocabulary import CHANNEL_LABELS, SATISFACTION_LABELS
from rules import clock
from models import workcal

SATISFACTION = {label: key for key, label in SATISFACTION_LABELS.items()}
CHANNELS = {label: key for key, label in CHANNEL_LABELS.items()}


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _working_day_before(day: date) -> date:
    """The last working day on or before ``day`` (an internal deadline two weeks before the statutory one)."""
    return workcal.calendar().add_working_days(day + timedelta(days=1), -1)


@contextmanager
def as_of(day: date, hour: int = 10):
    """Run the enclosed verbs as if it were ``day`` (China time) and stamp their audit entries with it."""
    moment = clock.local_to_utc(datetime.combine(day, time(hour)))
    real_today, real_utcnow = clock.today, clock.utcnow
    db.session.flush()
    marker = db.session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0
    notes_marker = db.session.scalar(sa.select(sa.func.max(ProgressNote.id))) or 0
    clock.today, clock.utcnow = (lambda: day), (lambda: moment)
    try:
        yield
        db.session.flush()
    finally:
        clock.today, clock.utcnow = real_today, real_utcnow
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id > marker).values(at=moment))
    db.session.execute(sa.update(ProgressNote).where(ProgressNote.id > notes_marker).values(created_at=moment))


def _between(start: date, end: date, share: float) -> date:
    """A day ``share`` of the way from ``start`` to ``end`` (never before ``start``)."""
    return start + timedelta(days=max(0, int((end - start).days * share)))


def _reply_body(spec, p: Proposal) -> str:
    excerpt = spec["reply_excerpt"] or ""
    if p.bureau_role == "co":
        return f"{spec['lead_unit'] or '主办单位'}：\n\n关于{p.session_name}第{p.number}号{'代表建议' if p.kind == 'npc' else '提案'}《{p.title}》，现将我厅会办意见函告如下：\n\n{excerpt}\n"
    honorific = "代表" if p.kind == "npc" else "委员"
    return (
        f"{spec['lead_proposer']['name']}{honorific}：\n\n您提出的{p.received_phrase}收悉。感谢您对生态环境保护工作的关心和支持。"
        f"经认真研究，现答复如下：\n\n{excerpt}\n\n再次感谢您对生态环境保护工作的关心和支持，欢迎继续提出宝贵意见。\n"
    )


class _Story:
    """One demo record walked through the verbs."""

    def __init__(self, story, spec, users, departments):
        self.story, self.spec, self.users, self.departments = story, spec, users, departments
        dept = spec["lead_dept"]
        self.office = users["office"]
        self.handler = users[story.handler_of_dept[dept]]
        self.head = users[story.head_of_dept[dept]]
        self.leader = users[spec["leader"]]
        self.assigned_on = _d(spec["assigned_on"])

    def run(self) -> Proposal:
        s = self.spec
        with as_of(self.assigned_on, 9):
            values = {
                "kind": s["kind"], "level": s["level"], "session_name": s["session_name"], "year": s["year"], "period": s["period"],
                "number": s["number"], "title": s["title"], "body": s["body"], "bureau_role": s["bureau_role"],
                "assigning_body": s["assigning_body"], "assigned_on": self.assigned_on, "doc_no": s["doc_no"],
                "lead_unit": s["lead_unit"], "is_key": s["is_key"],
            }
            lead = s["lead_proposer"]
            proposers = [{"name": lead["name"], "is_lead": True, "delegation": lead["delegation"],
                          "unit_post": f"{lead['unit']}{lead['post']}", "phone": lead["phone"]}]
            proposers += [{"name": n, "is_lead": False} for n in s["co_signers"]]
            p = self.p = register(self.office, values, proposers, via="登记（交办清单）")
            p.created_at = clock.utcnow()
        with as_of(self.assigned_on, 15):  # the 交办会 the same afternoon: the 四定
            p.assign(
                self.office, lead_department=self.departments[s["lead_dept"]], responsible_leader=self.leader,
                co_departments=[self.departments[n] for n in s["co_depts"]], requirements=s["requirements"],
                internal_deadline=_working_day_before(p.statutory_deadline - timedelta(days=14)) if p.statutory_deadline else None,
                leading_leader=self.leader if s["is_key"] else None,
            )
        stage = s["stage"]
        if stage == "assigned":
            return p
        if stage == "return_requested":
            rr = s["return_request"]
            dept = self.departments.get(rr["suggested"])
            with as_of(_d(rr["requested_on"])):
                p.request_return(self.handler, reason=rr["reason"], suggested_department=dept, suggested_unit="" if dept else rr["suggested"])
            return p
        contacts = [_d(c["date"]) for c in s["contacts"]]
        first_work = min([self.assigned_on + timedelta(days=2)] + contacts)
        with as_of(max(first_work, self.assigned_on)):
            p.sign_for(self.handler)
        if stage == "withdrawn":
            w = s["withdrawal"]
            with as_of(_d(w["date"])):
                p.withdraw(self.office, w["reason"], _d(w["date"]))
            return p
        self._opinions()
        for c in s["contacts"]:
            with as_of(_d(c["date"]), 16):
                p.add_contact(self.handler, stage=c["stage"], method=c["method"], contact_on=_d(c["date"]), participants=c["participants"],
                              leader_present=c["leader_present"], deputy_said=c["deputy_words"])
        if stage == "in_progress":
            last = max(contacts) if contacts else self.assigned_on + timedelta(days=5)
            with as_of(min(last + timedelta(days=3), self.story.as_of)):
                p.add_note(self.handler, "已梳理代表/委员所提问题，正会同相关处室和市县生态环境部门调研，形成答复初稿。")
            return p
        self._reply(stage)
        return p

    def _opinions(self):
        p, s = self.p, self.spec
        for name in s["co_depts"]:
            writer = self.users[self.story.handler_of_dept[name]]
            day = min(self.assigned_on + timedelta(days=18), self.story.as_of)
            with as_of(day, 11):
                p.give_opinion(writer, f"{name}会办意见：同意主办处室的办理思路。本处室职责范围内的相关工作情况和下一步安排已整理附后，请一并纳入答复。")

    def _reply(self, stage: str):
        p, s = self.p, self.spec
        sent_on = _d(s["replied_on"])
        contacts = [_d(c["date"]) for c in s["contacts"]]
        end = sent_on or self.story.as_of
        start = max(contacts + [self.assigned_on + timedelta(days=3)])
        start = min(start, end)
        commitment = s["commitment"]
        result_class = s["result_class"]
        text, due = "", None
        if result_class in ("B", "C"):
            text = commitment["content"] if commitment else "按答复所述推进相关工作，并向代表/委员通报进展"
            due = _d(commitment["due"]) if commitment else (end + timedelta(days=365))
        with as_of(_between(start, end, 0.2)):
            p.save_draft(
                self.handler, body=_reply_body(s, p), result_class=result_class, contact_person=self.handler.name,
                contact_phone=self.handler.phone, disclosure="public", doc_no=s["reply_doc_no"] or "", commitment_text=text,
                commitment_due_on=due,
            )
            p.submit_draft(self.handler)
        if stage == "dept_review":
            return
        with as_of(_between(start, end, 0.4)):
            p.approve_draft(self.head)
        if stage == "office_review":
            return
        with as_of(_between(start, end, 0.6)):
            p.pass_draft(self.office)
        if stage == "awaiting_signoff":
            return
        with as_of(_between(start, end, 0.8)):
            p.sign_off(self.leader)
        with as_of(sent_on, 16):
            p.mark_sent(self.office, sent_on, s["reply_doc_no"] or f"江南环函〔{sent_on.year}〕{p.id}号")
        if commitment and commitment["done"]:
            done_on = min(_d(commitment["due"]), self.story.as_of)
            with as_of(done_on):
                p.complete_commitment(self.handler, p.commitments[0], done_on, "已按承诺完成")
        fb = s["feedback"]
        if fb and p.bureau_role in ("lead", "separate"):
            received = _d(fb["date"])
            with as_of(received):
                if fb["result"] != "不满意":  # co-signers answer first; the lead proposer's form closes the item
                    for co_signer in p.proposers[1:]:
                        p.record_feedback(self.office, co_signer, met=fb["met"], attitude=SATISFACTION[fb["attitude"]],
                                          result=SATISFACTION[fb["result"]], words="", channel=CHANNELS[fb["channel"]], received_on=received)
                p.record_feedback(self.office, p.lead_proposer, met=fb["met"], attitude=SATISFACTION[fb["attitude"]],
                                  result=SATISFACTION[fb["result"]], words=fb["words"], channel=CHANNELS[fb["channel"]], received_on=received)
            if stage == "rehandling":
                with as_of(min(received + timedelta(days=4), self.story.as_of)):
                    p.add_note(self.handler, "已再次联系代表/委员，针对其不满意的问题重新研究，正在会商相关部门。")


def _urges_and_meetings(story, items: list[Proposal], users) -> tuple[int, int]:
    """The office urges the open items that are overdue or nearly due; the 大气 leader has 面商 coming up."""
    office = users["office"]
    urged = 0
    with as_of(story.as_of, 9):
        for p in items:
            if p.state in ("in_progress", "rehandling", "assigned") and p.lead_department_id and p.deadline_level in ("red", "yellow"):
                p.urge(office, "请抓紧办理，按期答复。")
                urged += 1
    leader = users["leader"]
    charge = {d.id for d in leader.departments_in_charge}
    candidates = [p for p in items if p.state in ("in_progress", "dept_review", "rehandling") and p.lead_department_id in charge]
    places = ("厅三楼第一会议室", "临江市生态环境局会议室", "厅二楼接待室", "云水市生态环境局")
    meetings = 0
    today = clock.today()
    for i, p in enumerate(candidates[:4]):
        day = today + timedelta(days=2 + 3 * i)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        starts = clock.local_to_utc(datetime.combine(day, time(9 if i % 2 == 0 else 14, 30)))
        handler = users[story.handler_of_dept[p.lead_department.name]]
        with as_of(story.as_of, 11):
            p.plan_meeting(handler, starts_at=starts, ends_at=starts + timedelta(hours=1, minutes=30), place=places[i % len(places)],
                           leader=leader, note="与代表/委员当面沟通办理情况")
        meetings += 1
    return urged, meetings


def seed_proposals(context: dict) -> str:
    story, users, departments = context["story"], context["users"], context["departments"]
    specs = sorted(story.proposals, key=lambda s: s["assigned_on"])
    items = []
    for spec in specs:
        items.append(_Story(story, spec, users, departments).run())
        db.session.flush()
    urged, meetings = _urges_and_meetings(story, items, users)
    context["proposals"] = {spec["ref"]: p for spec, p in zip(specs, items)}
    return f"建议提案 {len(items)} 件（催办 {urged} 件，面商安排 {meetings} 次）"
