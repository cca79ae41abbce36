"""Each item's row of facts (``proposal_facts``, models/facts.py) is kept in step with every change through the
model verbs: after a long randomised run of them, every row equals the one rebuilt from scratch."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
import time_machine
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

from extensions import db
from models import facts
from models.facts import ProposalFacts
from models.proposals import ExtensionRequest, Proposal
from rules import clock
from services.stats import figures as stats
from rules.errors import Refused
from tests.factories import make_proposal

NUMBERS = itertools.count(1)
BOOLEANS = {c.name for c in ProposalFacts.__table__.c if isinstance(c.type, sa.Boolean)}


def _normal(row) -> tuple:
    return tuple(bool(v) if k in BOOLEANS and v is not None else v for k, v in row._mapping.items())


def stored() -> list[tuple]:
    table = ProposalFacts.__table__
    return [_normal(r) for r in db.session.execute(sa.select(table).order_by(table.c.proposal_id))]


def rebuilt() -> list[tuple]:
    sub = facts.computed().subquery()
    return [_normal(r) for r in db.session.execute(sa.select(*(sub.c[c.name] for c in ProposalFacts.__table__.c)).order_by(sub.c.proposal_id))]


def assert_in_step():
    have, want = stored(), rebuilt()
    assert have == want, [(h, w) for h, w in zip(have, want) if h != w] or (len(have), len(want))


class Office(RuleBasedStateMachine):
    """The bureau works on a handful of items through the model verbs, days passing in between."""

    def __init__(self):
        super().__init__()
        self.world = WORLD
        self.ids: list[int] = []
        self.traveller = time_machine.travel(datetime(2026, 3, 18, 2, 0, tzinfo=timezone.utc), tick=False)
        self.clock = self.traveller.start()

    def teardown(self):
        db.session.rollback()
        self.traveller.stop()

    # -- helpers
    def item(self, i) -> Proposal:
        db.session.expire_all()
        return db.session.get(Proposal, self.ids[i % len(self.ids)])

    def people(self, p: Proposal):
        w = self.world
        a = p.lead_department_id == w.air.id
        return (w.handler_a if a else w.handler_b), (w.head_a if a else w.head_b), (w.leader if a else w.leader_b)

    def act(self, do) -> None:
        try:
            do()
            db.session.commit()
        except Refused:
            db.session.rollback()

    # -- rules
    @initialize()
    def first_item(self):
        self.add_item(0, "lead")

    @rule(dept=st.integers(0, 1), role=st.sampled_from(["lead", "lead", "separate", "co"]))
    def add_item(self, dept, role):
        if len(self.ids) >= 4:
            return
        w = self.world
        number = f"F{next(NUMBERS)}"
        p = make_proposal(number, lead=(w.air, w.water)[dept], leader=(w.leader, w.leader_b)[dept], bureau_role=role,
                          proposers=("顾振宇", "黄建军"), assigned_on=clock.today())
        self.ids.append(p.id)

    @rule(days=st.integers(1, 45))
    def days_pass(self, days):
        self.clock.shift(timedelta(days=days))

    @rule(i=st.integers(0, 5))
    def sign_for(self, i):
        p = self.item(i)
        self.act(lambda: p.sign_for(self.people(p)[0]))

    @rule(i=st.integers(0, 5), method=st.sampled_from(["meeting", "phone", "visit", "written"]), back=st.integers(0, 20))
    def add_contact(self, i, method, back):
        p = self.item(i)
        on = max(clock.today() - timedelta(days=back), p.assigned_on)
        self.act(lambda: p.add_contact(self.people(p)[0], stage="during", method=method, contact_on=on, participants="代表",
                                       leader_present=False, deputy_said="同意"))

    @rule(i=st.integers(0, 5), result_class=st.sampled_from("ABCD"), due=st.integers(-10, 60))
    def draft_and_submit(self, i, result_class, due):
        p = self.item(i)
        handler = self.people(p)[0]

        def do():
            p.save_draft(handler, body="答复正文。", result_class=result_class, doc_no="环函〔2026〕1号",
                         contact_person="周立伟", contact_phone="0571-1234567", title="答复",
                         commitment_text="年内完成整改" if result_class in "BC" else "",
                         commitment_due_on=clock.today() + timedelta(days=due) if result_class in "BC" else None)
            p.submit_draft(handler)
        self.act(do)

    @rule(i=st.integers(0, 5))
    def approve_pass_sign(self, i):
        p = self.item(i)
        _, head, leader = self.people(p)
        self.act(lambda: p.approve_draft(head))
        p = self.item(i)
        self.act(lambda: p.pass_draft(self.world.office))
        p = self.item(i)
        self.act(lambda: p.sign_off(leader))

    @rule(i=st.integers(0, 5), back=st.integers(0, 3))
    def mark_sent(self, i, back):
        p = self.item(i)
        self.act(lambda: p.mark_sent(self.world.office, clock.today() - timedelta(days=back)))

    @rule(i=st.integers(0, 5), method=st.sampled_from(["meeting", "phone"]), result_class=st.sampled_from("ABC"))
    def work_through(self, i, method, result_class):
        """The usual path in one go, from wherever the item is: sign, contact, draft, reviews, sent."""
        self.sign_for(i)
        self.add_contact(i, method, 0)
        self.draft_and_submit(i, result_class, 30)
        self.approve_pass_sign(i)
        self.mark_sent(i, 0)

    @rule(i=st.integers(0, 5))
    def return_draft(self, i):
        p = self.item(i)
        user = {"dept_review": self.people(p)[1], "office_review": self.world.office, "awaiting_signoff": self.people(p)[2]}.get(p.state)
        if user is not None:
            self.act(lambda: p.return_draft(user, "请补充"))

    @rule(i=st.integers(0, 5), lead=st.booleans(), result=st.sampled_from(["satisfied", "basically", "unsatisfied"]),
          attitude=st.sampled_from(["satisfied", "unsatisfied"]))
    def feedback(self, i, lead, result, attitude):
        p = self.item(i)
        proposer = next(x for x in p.proposers if x.is_lead == lead)
        self.act(lambda: p.record_feedback(self.world.office, proposer, met=True, attitude=attitude, result=result, words="",
                                           channel="phone", received_on=clock.today()))

    @rule(i=st.integers(0, 5))
    def complete_commitment(self, i):
        p = self.item(i)
        todo = [c for c in p.commitments if c.done_on is None]
        if todo:
            self.act(lambda: p.complete_commitment(self.world.office, todo[0], clock.today()))

    @rule(i=st.integers(0, 5), days=st.integers(1, 30), approve=st.booleans())
    def extension(self, i, days, approve):
        p = self.item(i)
        if p.effective_deadline:
            self.act(lambda: p.request_extension(self.people(p)[0], until=p.effective_deadline + timedelta(days=days), reason="需要调研"))
        p = self.item(i)
        request = db.session.scalars(sa.select(ExtensionRequest).filter_by(proposal_id=p.id, state="pending")).first()
        if request is not None:
            self.act(lambda: p.decide_extension(self.world.office, request, approve=approve, note="" if approve else "理由不足"))

    @rule(i=st.integers(0, 5), role=st.sampled_from(["lead", "separate", "co"]))
    def reassign(self, i, role):
        p = self.item(i)
        w = self.world
        self.act(lambda: p.assign(w.office, lead_department=p.lead_department, responsible_leader=p.responsible_leader, bureau_role=role))

    @precondition(lambda self: len(self.ids) > 1)
    @rule(i=st.integers(0, 5))
    def withdraw(self, i):
        p = self.item(i)
        self.act(lambda: p.withdraw(self.world.office, "提出人撤回"))

    @invariant()
    def facts_equal_a_rebuild(self):
        assert_in_step()
        rows = db.session.scalars(sa.select(ProposalFacts)).all()
        REACHED.update(name for name in ("answered", "contacted", "lead_result") if any(getattr(r, name) for r in rows))


WORLD = None
# The facts some step of some example reached (which example runs last depends on hypothesis's example database).
REACHED: set[str] = set()


def test_facts_stay_in_step_with_a_rebuild_through_a_long_random_run_of_the_verbs(app, world):
    global WORLD
    WORLD = world
    run_state_machine_as_test(Office, settings=settings(
        max_examples=25, stateful_step_count=60, deadline=None, suppress_health_check=list(HealthCheck)))
    # The run did reach the facts that matter (not only empty rows).
    assert REACHED == {"answered", "contacted", "lead_result"}, REACHED


def test_a_holiday_table_change_moves_the_stored_deadline_and_a_rebuild_restores_a_lost_row(app, world, as_user, runner):
    with time_machine.travel(datetime(2026, 3, 18, 2, 0, tzinfo=timezone.utc), tick=False):
        p = make_proposal("9001", lead=world.air, leader=world.leader)
        assert db.session.get(ProposalFacts, p.id).effective_deadline == date(2026, 6, 18)
        # A provincial decision makes 18 June a day off: recompute_open_deadlines moves the item, and its facts.
        response = as_user("admin").post("/admin/workdays", data={"day": "2026-06-18", "kind": "holiday", "name": "地方调整"})
        assert response.status_code == 303
        db.session.expire_all()
        assert db.session.get(ProposalFacts, p.id).effective_deadline == date(2026, 6, 22)
        assert_in_step()
        db.session.execute(sa.delete(ProposalFacts.__table__))
        db.session.commit()
        result = runner.invoke(args=["rebuild-facts"])
        assert result.exit_code == 0 and "1 件" in result.output
        db.session.expire_all()
        assert db.session.get(ProposalFacts, p.id).effective_deadline == date(2026, 6, 22)
        assert_in_step()


def test_a_note_leaves_the_facts_alone_and_overdue_moves_with_today_not_with_the_row(app, world):
    with time_machine.travel(datetime(2026, 3, 18, 2, 0, tzinfo=timezone.utc), tick=False) as traveller:
        p = make_proposal("9002", lead=world.air, leader=world.leader)
        p.sign_for(world.handler_a)
        db.session.commit()
        statements = []

        def seen(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", seen)
        try:
            db.session.get(Proposal, p.id).add_note(world.handler_a, "已赴现场调研")
            db.session.commit()
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", seen)
        assert not [s for s in statements if "proposal_facts" in s], statements
        f = stats.Filters(year=2026)
        assert stats.count(f, world.office, ["overdue"])["overdue"] == 0
        traveller.move_to(datetime.combine(p.effective_deadline + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc))
        assert stats.count(f, world.office, ["overdue"])["overdue"] == 1


def test_the_migrations_backfill_writes_the_rows_the_model_computes(app, world):
    """migrations/versions/0017_facts.py fills the table with its own frozen SQL: it must agree with models/facts.py
    (its contact methods are the Chinese texts 0018_english_codes later turns into the codes stored now)."""
    import importlib.util
    import os

    def load(name):
        path = os.path.join(os.path.dirname(__file__), "..", "migrations", "versions", f"{name}.py")
        spec = importlib.util.spec_from_file_location(f"migration_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    migration = load("0017_facts")
    method_codes = load("0018_english_codes").CODES[("contact_records", "method")]
    global WORLD
    WORLD = world
    m = Office()
    try:
        m.first_item()
        m.add_item(1, "separate")
        m.add_item(0, "co")
        m.add_contact(1, "phone", 0)
        for i, cls in ((0, "B"), (1, "A"), (2, "C")):
            m.work_through(i, "meeting" if i else "phone", cls)
        m.days_pass(3)
        m.feedback(0, True, "unsatisfied", "satisfied")
        m.feedback(1, False, "satisfied", "satisfied")
        m.feedback(1, True, "basically", "unsatisfied")
        m.extension(0, 10, True)
        m.complete_commitment(0)
    finally:
        m.teardown()
    want = rebuilt()
    rows = db.session.scalars(sa.select(ProposalFacts)).all()
    assert len(rows) == 3 and any(r.met for r in rows) and any(r.lead_result for r in rows) and any(r.extended for r in rows)
    assert any(r.has_commit for r in rows) and any(r.latest_class for r in rows)
    db.session.execute(sa.delete(ProposalFacts.__table__))
    db.session.execute(sa.text(migration.BACKFILL.format(face_to_face=", ".join(f"'{method_codes[x]}'" for x in migration.FACE_TO_FACE))))
    assert stored() == want


def test_two_transactions_changing_one_item_at_once_leave_a_row_with_both_changes(app, world):
    """PostgreSQL: the office and the 处室 each mark one of an item's two commitments done at the same moment (no
    column of the item changes, so its optimistic lock does not separate them): the second waits for the first,
    and the row counts both — no commitment open, no error."""
    import threading

    import pytest
    from sqlalchemy.orm import Session

    from models.org import User
    from models.proposals import Commitment

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    with time_machine.travel(datetime(2026, 4, 1, 2, 0, tzinfo=timezone.utc), tick=False):
        p = make_proposal("9003", lead=world.air, leader=world.leader)
        p.commitments.extend([Commitment(content="一", due_on=date(2026, 9, 1)), Commitment(content="二", due_on=date(2026, 9, 1))])
        db.session.commit()
        pid, commitment_ids = p.id, [c.id for c in p.commitments]
        users = [world.office.id, world.handler_a.id]
        assert db.session.get(ProposalFacts, pid).commit_open
        db.session.close()
        first_flushed, errors = threading.Event(), []

        def complete(k: int):
            with app.app_context(), Session(db.engine) as session:
                try:
                    item = session.get(Proposal, pid)
                    item.complete_commitment(session.get(User, users[k]), session.get(Commitment, commitment_ids[k]), date(2026, 4, 1))
                    session.flush()
                    if k == 0:
                        first_flushed.set()
                        threading.Event().wait(0.5)  # the second arrives while this transaction is open
                    session.commit()
                except Exception as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)

        first = threading.Thread(target=complete, args=(0,))
        first.start()
        assert first_flushed.wait(10)
        second = threading.Thread(target=complete, args=(1,))
        second.start()
        first.join()
        second.join()
        assert not errors, errors
        db.session.expire_all()
        assert db.session.get(ProposalFacts, pid).commit_open is False
        assert_in_step()
