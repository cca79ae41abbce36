"""Contact points (联系点): visits against the target of at least one a quarter, per point and per leader."""
from datetime import date, datetime

import time_machine

from extensions import db
from models.reception import ContactVisit, VisitStatus
from rules.clock import CHINA
from services.reception.schedule import leader_progress, quarterly_progress
from tests.conftest import login
from tests.factories import make_contact_point, make_contact_visit


def at(y, m, d, hh=10):
    return time_machine.travel(datetime(y, m, d, hh, 0, tzinfo=CHINA), tick=False)


def test_quarterly_progress_against_the_target(app, world):
    steel = make_contact_point(world.leader, name="北山钢铁集团有限公司", kind="enterprise")
    park = make_contact_point(world.leader, name="青州经济技术开发区", kind="park", visits_per_quarter=2)
    make_contact_visit(steel, date(2026, 3, 19))  # Q1 done
    make_contact_visit(steel, date(2026, 3, 31), start="23:30", end="23:59")  # late evening: still Q1 in China
    make_contact_visit(steel, date(2026, 8, 20), status="planned")  # Q3 planned, not done
    make_contact_visit(steel, date(2026, 5, 8), status="cancelled")  # never counts
    make_contact_visit(steel, date(2025, 12, 1))  # another year's visit
    make_contact_visit(park, date(2026, 7, 2))
    make_contact_visit(park, date(2026, 7, 30))
    db.session.commit()
    cells = quarterly_progress([steel, park], today=date(2026, 8, 15))
    assert [(c.done, c.planned, c.state) for c in cells[steel.id]] == [(2, 0, "met"), (0, 0, "missed"), (0, 1, "behind"), (0, 0, "future")]
    assert [(c.done, c.target, c.state) for c in cells[park.id]] == [(0, 2, "missed"), (0, 2, "missed"), (2, 2, "met"), (0, 2, "future")]
    [summary] = leader_progress([steel, park], cells)
    assert summary.quarters == [(1, 2), (0, 2), (1, 2), (0, 2)]
    assert (summary.points, summary.visits_done, summary.found, summary.solved) == (2, 4, 8, 4)  # 2025's visit is not counted


def test_a_leader_plans_and_records_visits_to_their_own_points_only(app, world, client):
    mine = make_contact_point(world.leader)
    theirs = make_contact_point(world.leader_b, name="云水市南湖县青石村", kind="village")
    db.session.commit()
    with at(2026, 11, 20):
        login(client, "leader")
        response = client.post(f"/reception/contact-points/{mine.id}/visits/new", data={
            "visit_date": "2026-11-26", "start_time": "14:30", "end_time": "17:00", "purpose": "调研臭氧防控"})
        assert response.status_code == 303
        assert client.get(f"/reception/contact-points/{theirs.id}").status_code == 404
        assert client.get(f"/reception/contact-points/{mine.id}/edit").status_code == 403
        visit = db.session.query(ContactVisit).one()
        bad = client.post(f"/reception/visits/{visit.id}/edit", data={"found_count": "1", "solved_count": "3", "version": visit.version})
        assert bad.status_code == 422 and "解决问题数不能多于发现问题数" in bad.get_data(as_text=True)
        client.post(f"/reception/visits/{visit.id}/edit", data={
            "problems_found": "VOCs 在线监测点位不足", "found_count": "1", "problems_solved": "已协调增设两个点位", "solved_count": "1",
            "participants": "大气环境处孙海波", "version": visit.version})
        page = client.get("/reception/contact-points").get_data(as_text=True)
    db.session.expire_all()
    visit = db.session.get(ContactVisit, visit.id)
    assert visit.status == VisitStatus.DONE and visit.found_count == visit.solved_count == 1
    assert "临江市生态环境局" in page and "云水市南湖县青石村" not in page
    assert "走访目标完成情况" in page


def test_the_office_sees_every_leaders_progress(app, world, as_user):
    make_contact_visit(make_contact_point(world.leader), date(2026, 2, 10))
    make_contact_point(world.leader_b, name="云水市南湖县青石村", kind="village")
    db.session.commit()
    with at(2026, 5, 20):
        page = as_user("office").get("/reception/contact-points?year=2026").get_data(as_text=True)
        only_b = as_user("office").get(f"/reception/contact-points?year=2026&leader={world.leader_b.id}").get_data(as_text=True)
    assert "王振华" in page and "刘文清" in page and "云水市南湖县青石村" in page
    assert "临江市生态环境局" not in only_b


def test_a_visit_must_fall_in_the_points_year(app, world, client):
    point = make_contact_point(world.leader, year=2026)
    db.session.commit()
    with at(2026, 12, 20):
        login(client, "office")
        response = client.post(f"/reception/contact-points/{point.id}/visits/new", data={
            "visit_date": "2027-01-08", "start_time": "09:00", "end_time": "11:00"})
    assert response.status_code == 422 and "2026 年度" in response.get_data(as_text=True)
