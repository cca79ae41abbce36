"""seed-demo fills a year of reception days, bookings, records, contact points and visits, so that the
``leader`` demo account's calendar and feed are full."""
import re
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from icalendar import Calendar

from extensions import db
from models.org import User
from models.reception import ContactPoint, ContactVisit, ReceptionBooking, ReceptionDay, ReceptionRecord, VisitStatus
from services import demo
from rules import clock
from models import workcal
from tests.conftest import login


def test_seed_demo_fills_the_reception_module(runner, client, app):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "接访日" in result.output and "联系点 10 个" in result.output
    today = clock.today()
    story = demo.load(today, workcal.calendar())
    leader = db.session.scalars(sa.select(User).filter_by(username="leader")).one()
    director = db.session.scalars(sa.select(User).filter_by(username="director")).one()

    # A reception day every month for the 厅长, the rota for the 副厅长, a year ahead of today.
    director_days = db.session.scalars(sa.select(ReceptionDay.date).where(ReceptionDay.leader_id == director.id)).all()
    assert max(director_days) >= today + timedelta(days=330)
    assert date(2026, 3, 16) in director_days  # the 15th was a Sunday
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReceptionDay).where(ReceptionDay.leader_id == leader.id)) >= 4

    bookings = db.session.scalars(sa.select(ReceptionBooking)).all()
    assert len(bookings) == len(story.bookings) and all(b.id_number.startswith("39") for b in bookings)
    assert all(b.day.leader.username == spec["leader"] and str(b.day.date) == spec["date"]
               for b, spec in zip(sorted(bookings, key=lambda b: b.id), story.bookings))

    records = db.session.scalars(sa.select(ReceptionRecord)).all()
    assert len(records) >= len(story.records)
    onsite = [r for r in records if r.kind.value == "onsite"]
    assert all(r.day is not None and r.day.date == r.received_on and r.day.leader_id == r.leader_id for r in onsite)
    assert sum(1 for r in records if r.satisfaction) == sum(1 for s in story.records if s["satisfaction"])

    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContactPoint)) == len(story.contact_points)
    done = db.session.scalar(sa.select(sa.func.count()).select_from(ContactVisit).where(ContactVisit.status == VisitStatus.DONE))
    assert done == len(story.contact_visits)
    # The problems found on the visits, at every step of their path; the analysis has classified records.
    from models.point_problems import PointProblem

    statuses = db.session.scalars(sa.select(PointProblem.status)).all()
    assert len(statuses) == len(story.point_problems) and set(statuses) == {"new", "assigned", "closed", "solved"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReceptionRecord).where(ReceptionRecord.category != "")) >= 16

    # The leader's pages answer and the feed carries a good number of entries.
    login(client, "leader", "demo-2026")
    for url in ("/calendar/", "/calendar/?view=list", "/reception/", "/reception/contact-points", "/reception/bookings", "/reception/records", "/"):
        assert client.get(url).status_code == 200, url
    page = client.post("/calendar/subscription").get_data(as_text=True)
    token = re.search(r"/calendar/feed/([A-Za-z0-9_\-]+)\.ics", page).group(1)
    feed = Calendar.from_ical(app.test_client().get(f"/calendar/feed/{token}.ics").data)
    assert len(list(feed.walk("VEVENT"))) >= 5

    with client.session_transaction() as sess:
        sess.clear()
    login(client, "office", "demo-2026")
    for url in ("/reception/", "/reception/notice?month=2026-12", "/calendar/week", "/reception/records?level=open"):
        assert client.get(url).status_code == 200, url
    with client.session_transaction() as sess:
        sess.clear()
    login(client, "dept", "demo-2026")
    mine = client.get("/reception/records").get_data(as_text=True)
    assert "蔡志强" in mine and "包建新" not in mine  # R15 is 大气环境处's, R13 水生态环境处's


def test_seed_demo_tracks_the_local_milestones_and_fills_the_notification_lists(runner, client, app):
    """Demo for issue 14 items 7 and 8: the "1、2、4" milestones in several states, each user's digest, two robots."""
    from datetime import date as _date

    import time_machine

    from models.milestones import PetitionMilestone
    from models.notifications import Notification, Webhook
    from services.reception import milestones
    from rules.clock import CHINA

    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=CHINA), tick=False):
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        assert "信访办理节点 3 个" in result.output
        assert [m.days for m in db.session.scalars(sa.select(PetitionMilestone).order_by(PetitionMilestone.sort_order))] == [7, 14, 28]
        office = db.session.scalars(sa.select(User).filter_by(username="office")).one()
        counts = milestones.report(office, _date(2026, 12, 1))
        seen = {state for per in counts.values() for state, n in per.items() if n}
        assert seen == set(milestones.STATES)  # every state shows in the demo
        leader = db.session.scalars(sa.select(User).filter_by(username="leader")).one()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(Notification.user_id == leader.id)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Webhook).where(Webhook.active.is_(False))) == 2
        login(client, "dept", "demo-2026")
        assert client.get("/reception/milestones").status_code == 200
        assert "未读 1 条" in client.get("/").get_data(as_text=True)
