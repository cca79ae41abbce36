"""The demo seeded a year later tells the same story a year later: its open items are as current as when seeded
on the day the story was written, and no date lies in a year that has nothing to do with the demo."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa
import time_machine
from flask import g

from extensions import db
from models.proposals import Proposal
from models.proposals_vocabulary import OPEN_STATES
from models.reception import ContactVisit, ReceptionBooking, ReceptionDay, ReceptionRecord
from rules import clock
from tests.conftest import _empty_database


def _seed(runner, moment: str) -> dict:
    with time_machine.travel(moment, tick=False):
        g.__dict__.clear()  # the working-day table cached for the previous clock
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        today = clock.today()
        items = db.session.scalars(sa.select(Proposal).order_by(Proposal.id)).all()
        open_items = [p for p in items if p.state in OPEN_STATES and p.effective_deadline]
        facts = {
            "today": today,
            "output": result.output,
            "states": Counter(p.state for p in items),
            "levels": Counter(p.deadline_level for p in open_items),
            "days_left": [p.days_left for p in open_items],
            "years": {p.year for p in items},
            "assigned": [p.assigned_on for p in items],
            "received": [r.received_on for r in db.session.scalars(sa.select(ReceptionRecord).order_by(ReceptionRecord.id))],
            "visits": [v.visit_date for v in db.session.scalars(sa.select(ContactVisit).order_by(ContactVisit.id))],
            "booked": list(db.session.scalars(sa.select(ReceptionDay.date).join(ReceptionBooking, ReceptionBooking.day_id == ReceptionDay.id))),
        }
    db.session.remove()
    _empty_database()
    return facts


def test_the_demo_seeded_a_year_later_is_as_current_as_seeded_today(runner, app):
    now = _seed(runner, "2026-12-01 09:00 +0800")
    later = _seed(runner, "2027-12-01 09:00 +0800")

    # The same story: the same items in the same states, the same counts in the seed's summary.
    assert later["states"] == now["states"] and len(later["assigned"]) == len(now["assigned"]) == 60
    summary = [line for line in now["output"].splitlines() if "建议提案" in line or "联系点" in line]
    assert summary and all(line in later["output"] for line in summary), later["output"]

    # Open items as current: as many red and yellow items, each item's days left within a week of today's. Not exactly
    # the same: a deadline on a day off moves to the next working day, and 2027's weekends and holidays fall on
    # other dates (seeded on 2026-12-01: 4 red, 6 yellow; on 2027-12-01: 3 red, 7 yellow, the one overdue by a day
    # is due today).
    assert now["levels"]["red"] + now["levels"]["yellow"] > 0  # the test can fail
    assert later["levels"]["red"] + later["levels"]["yellow"] == now["levels"]["red"] + now["levels"]["yellow"]
    assert sum(abs(later["levels"][k] - now["levels"][k]) for k in ("red", "yellow", "green")) <= 2, (now["levels"], later["levels"])
    assert all(abs(a - b) <= 7 for a, b in zip(later["days_left"], now["days_left"], strict=True)), (now["days_left"], later["days_left"])

    # Every date moved with the story: nothing in an absurd past, the bookings still ahead.
    today = later["today"]
    assert later["years"] == {y + 1 for y in now["years"]}
    for label in ("assigned", "received", "visits"):
        assert all(today - timedelta(days=700) <= day for day in later[label]), label
        # a year on; a working day that became a day off moves on, an on-site reception to its leader's reception day
        assert all(abs((b - a).days - 365) <= 7 for a, b in zip(now[label], later[label], strict=True)), label
    assert later["booked"] and all(day > today for day in later["booked"])
