"""The demo seeded on 2026-12-01, when 2027's schedule is not yet published: nothing falls on 元旦 or any other
statutory day of 2027 (predicted from the law); and the same a year later, the story moved to 2027, for 2028."""
from datetime import date

import pytest

import sqlalchemy as sa
import time_machine

from extensions import db
from models.proposals import Commitment, ExtensionRequest, Proposal
from models.reception import ReceptionBooking, ReceptionDay, ReceptionRecord
from rules import clock
from models import workcal
from rules.workdays import predict_year


@pytest.mark.parametrize("moment", ["2026-12-01 09:00 +0800", "2027-12-01 09:00 +0800"])
def test_the_demo_puts_nothing_on_a_statutory_day_of_next_year(runner, app, moment):
    with time_machine.travel(moment, tick=False):
        _check_next_year(runner)


def _check_next_year(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    year = clock.today().year + 1
    statutory = {day for day, _, _ in predict_year(year)}
    assert date(year, 1, 1) in statutory and len(statutory) >= 12  # 13 in 2027, 12 in 2028 (two festivals share a day)
    workcal.invalidate()
    assert workcal.calendar().is_predicted(year)

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
    assert any(d.year == year for d in dates["期限"]) and any(d.year == year for d in dates["接访日"])  # the test can fail
    for label, found in dates.items():
        assert not (found & statutory), f"{label} on a statutory day of {year}: {sorted(found & statutory)}"
