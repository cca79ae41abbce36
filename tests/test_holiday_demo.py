"""The demo seeded on 2026-12-01, when 2027's schedule is not yet published: nothing falls on 元旦 or any other
statutory day of 2027 (predicted from the law)."""
from datetime import date

import sqlalchemy as sa
import time_machine

from extensions import db
from models.proposals import Commitment, ExtensionRequest, Proposal
from models.reception import ReceptionBooking, ReceptionDay, ReceptionRecord
from services import workcal
from services.workdays import predict_year

STATUTORY_2027 = {day for day, _, _ in predict_year(2027)}


@time_machine.travel("2026-12-01 09:00 +0800", tick=False)
def test_the_demo_seeded_today_puts_nothing_on_a_2027_statutory_day(runner, app):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert date(2027, 1, 1) in STATUTORY_2027 and len(STATUTORY_2027) == 13
    workcal.invalidate()
    assert workcal.calendar().is_predicted(2027)

    dates: dict[str, set[date]] = {}
    columns = {
        "期限": [Proposal.statutory_deadline, Proposal.cohandling_deadline, Proposal.rehandle_deadline, Proposal.extended_deadline,
                 Proposal.internal_deadline, ExtensionRequest.requested_until, Commitment.due_on,
                 ReceptionRecord.accept_deadline, ReceptionRecord.handle_deadline],
    }
    for label, cols in columns.items():
        for col in cols:
            dates.setdefault(label, set()).update(d for d in db.session.scalars(sa.select(col).where(col.is_not(None))))
    dates["接访日"] = set(db.session.scalars(sa.select(ReceptionDay.date).where(ReceptionDay.cancelled.is_(False))))
    dates["预约"] = set(db.session.scalars(sa.select(ReceptionDay.date).join(ReceptionBooking, ReceptionBooking.day_id == ReceptionDay.id)))
    assert any(d.year == 2027 for d in dates["期限"]) and any(d.year == 2027 for d in dates["接访日"])  # the test can fail
    for label, found in dates.items():
        assert not (found & STATUTORY_2027), f"{label} on a statutory day of 2027: {sorted(found & STATUTORY_2027)}"
