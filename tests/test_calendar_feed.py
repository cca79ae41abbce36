"""The private iCalendar feed: valid RFC 5545 (parsed back with icalendar), stable UIDs, DTSTAMP,
Asia/Shanghai times, SEQUENCE and STATUS:CANCELLED for changes; only what its owner may see; the token
is secret, revocable and regenerable."""
import hashlib
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from icalendar import Calendar

from extensions import db
from models.reception import CalendarFeedToken
from rules.clock import CHINA
from tests.conftest import login
from tests.factories import make_contact_point, make_contact_visit, make_reception_day, make_record


def at(y, m, d, hh=10):
    return time_machine.travel(datetime(y, m, d, hh, 0, tzinfo=CHINA), tick=False)


def issue(client, username) -> str:
    """The owner generates the address on the settings page; the token is read from the page shown once."""
    with client.session_transaction() as sess:
        sess.clear()
    login(client, username)
    page = client.post("/calendar/subscription").get_data(as_text=True)
    match = re.search(r"/calendar/feed/([A-Za-z0-9_\-]+)\.ics", page)
    assert match, "the address is shown after generating it"
    return match.group(1)


def fetch(app, token):
    anonymous = app.test_client()
    return anonymous.get(f"/calendar/feed/{token}.ics")


def events(response) -> dict:
    cal = Calendar.from_ical(response.data)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


@pytest.fixture
def agenda_world(world):
    w = world
    w.day = make_reception_day(w.leader, date(2026, 12, 15))
    w.other_day = make_reception_day(w.leader_b, date(2026, 12, 16))
    w.visit = make_record(w.leader, received_on=date(2026, 12, 2), kind="visit", start="09:00", end="11:30", place="北山市生态环境局",
                          visitors="钢城街道居民代表")
    w.contact = make_contact_visit(make_contact_point(w.leader), date(2026, 12, 3), status="planned")
    db.session.commit()
    return w


def test_a_leaders_feed_is_valid_icalendar_with_stable_uids_dtstamp_and_shanghai_times(app, client, agenda_world):
    w = agenda_world
    with at(2026, 11, 20):
        token = issue(client, "leader")
        response = fetch(app, token)
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, no-cache"
    cal = Calendar.from_ical(response.data)
    assert str(cal["VERSION"]) == "2.0" and "连心" in str(cal["PRODID"])
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    found = events(response)
    assert set(found) == {f"reception-{w.day.id}@lianxin", f"record-{w.visit.id}@lianxin", f"contact-{w.contact.id}@lianxin"}
    day = found[f"reception-{w.day.id}@lianxin"]
    assert day["DTSTART"].dt == datetime(2026, 12, 15, 9, 0, tzinfo=CHINA)
    assert day["DTEND"].dt == datetime(2026, 12, 15, 11, 30, tzinfo=CHINA)
    assert day["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert day["DTSTAMP"].dt == datetime(2026, 11, 20, 2, 0, tzinfo=day["DTSTAMP"].dt.tzinfo)  # UTC "now"
    assert str(day["STATUS"]) == "CONFIRMED" and int(day["SEQUENCE"]) == 0
    assert "领导接访日" in str(day["SUMMARY"]) and str(day["LOCATION"]) == "厅信访接待室（一楼）"
    assert str(day["URL"]).endswith(f"/reception/days/{w.day.id}")
    assert b"\r\n" in response.data  # RFC 5545 line endings


def test_one_leaders_feed_never_shows_another_leaders_entries_and_the_office_sees_all(app, client, agenda_world):
    w = agenda_world
    with at(2026, 11, 20):
        mine = events(fetch(app, issue(client, "leader")))
        theirs = events(fetch(app, issue(client, "leader_b")))
        office = events(fetch(app, issue(client, "office")))
    assert f"reception-{w.other_day.id}@lianxin" not in mine
    assert set(theirs) == {f"reception-{w.other_day.id}@lianxin"}
    assert set(office) == set(mine) | set(theirs)
    assert str(office[f"reception-{w.other_day.id}@lianxin"]["SUMMARY"]).startswith("【刘文清】")
    # Visitors' personal data never travels in a feed (an address can leak): no names, no ID numbers.
    day = office[f"reception-{w.day.id}@lianxin"]
    assert "身份证" not in str(day.get("DESCRIPTION"))
    visit = mine[f"record-{w.visit.id}@lianxin"]
    assert str(visit["SUMMARY"]) == "下访" and str(visit["LOCATION"]) == "北山市生态环境局"
    assert "钢城街道居民代表" not in (str(visit["SUMMARY"]) + str(visit.get("DESCRIPTION")))


def test_only_a_hash_of_the_token_is_stored(app, client, agenda_world):
    with at(2026, 11, 20):
        token = issue(client, "leader")
    row = db.session.query(CalendarFeedToken).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in row.token_hash
    assert len(token) >= 40


def test_a_revoked_token_answers_404_and_a_regenerated_one_replaces_the_old(app, client, agenda_world):
    with at(2026, 11, 20):
        old = issue(client, "leader")
        assert fetch(app, old).status_code == 200
        new = issue(client, "leader")  # regenerating: the old address stops working at once
        assert new != old
        assert fetch(app, old).status_code == 404
        assert fetch(app, new).status_code == 200
        response = client.post("/calendar/subscription/revoke")
        assert response.status_code == 303
        assert fetch(app, new).status_code == 404
        assert "已于" in client.get("/calendar/subscription").get_data(as_text=True)
        assert fetch(app, "made-up-token").status_code == 404


def test_a_deactivated_users_feed_answers_404(app, client, agenda_world):
    with at(2026, 11, 20):
        token = issue(client, "leader")
        agenda_world.leader.active = False
        db.session.commit()
        assert fetch(app, token).status_code == 404


def test_changes_raise_the_sequence_and_cancelled_entries_stay_as_cancelled(app, client, agenda_world):
    w = agenda_world
    with at(2026, 11, 20):
        token = issue(client, "office")
        w.day.reschedule(date(2026, 12, 16), datetime(2026, 1, 1, 14, 30).time(), datetime(2026, 1, 1, 17, 0).time(), "厅二楼接待室",
                         "会议室检修", date(2026, 11, 20))
        db.session.commit()
        w.visit.cancel("领导临时出差")
        db.session.commit()
        found = events(fetch(app, token))
    moved = found[f"reception-{w.day.id}@lianxin"]  # the same UID: subscribers update, not duplicate
    assert moved["DTSTART"].dt == datetime(2026, 12, 16, 14, 30, tzinfo=CHINA) and int(moved["SEQUENCE"]) == 1
    cancelled = found[f"record-{w.visit.id}@lianxin"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) >= 1


def test_a_swapped_day_moves_from_one_leaders_feed_to_the_others(app, client, agenda_world):
    w = agenda_world
    with at(2026, 11, 20):
        leader_token = issue(client, "leader")
        other_token = issue(client, "leader_b")
        w.day.substitute(w.leader_b, "出差", date(2026, 11, 20))
        db.session.commit()
        assert f"reception-{w.day.id}@lianxin" not in events(fetch(app, leader_token))
        assert f"reception-{w.day.id}@lianxin" in events(fetch(app, other_token))


def test_deputy_meetings_are_in_the_feed(app, client, agenda_world):
    from models.proposals import ProposalMeeting as Meeting
    from tests.factories import make_proposal

    w = agenda_world
    proposal = make_proposal("1037", lead=w.air, leader=w.leader, assigned_on=date(2026, 11, 1))
    meeting = Meeting(proposal_id=proposal.id, leader_id=w.leader.id, starts_at=datetime(2026, 12, 8, 6, 0),
                      ends_at=datetime(2026, 12, 8, 7, 30), place="厅三楼会议室", note="")
    db.session.add(meeting)
    db.session.commit()
    with at(2026, 11, 20):
        found = events(fetch(app, issue(client, "leader")))
        theirs = events(fetch(app, issue(client, "leader_b")))
    ev = found[f"meeting-{meeting.id}@lianxin"]
    assert str(ev["SUMMARY"]).startswith("面商：第1037号") and ev["DTSTART"].dt == datetime(2026, 12, 8, 14, 0, tzinfo=CHINA)
    assert f"meeting-{meeting.id}@lianxin" not in theirs


def test_the_settings_page_explains_phones_and_outlook_and_shows_the_address_once(app, client, agenda_world):
    with at(2026, 11, 20):
        login(client, "leader")
        page = client.get("/calendar/subscription").get_data(as_text=True)
        assert "苹果手机" in page and "安卓手机" in page and "Outlook" in page and "尚未生成订阅地址" in page
        shown = client.post("/calendar/subscription")
        assert shown.headers["Cache-Control"] == "no-store"
        body = shown.get_data(as_text=True)
        assert "只显示这一次" in body and "webcal://" in body
        later = client.get("/calendar/subscription").get_data(as_text=True)
    assert "/calendar/feed/" not in later and "正在使用" in later


def test_the_feed_window_is_three_months_back_to_a_year_ahead(app, client, world):
    old = make_reception_day(world.leader, date(2026, 1, 15))
    recent = make_reception_day(world.leader, date(2026, 9, 15))
    far = make_reception_day(world.leader, date(2027, 11, 15))
    db.session.commit()
    with at(2026, 11, 20):
        found = events(fetch(app, issue(client, "leader")))
    assert f"reception-{recent.id}@lianxin" in found
    assert f"reception-{old.id}@lianxin" not in found and f"reception-{far.id}@lianxin" in found
    assert timedelta(days=400) > far.date - date(2026, 11, 20)


def test_free_text_cannot_inject_events_into_the_feed(app, client, world):
    """A place typed with line breaks and iCalendar syntax stays one property value (escaped), and
    markup stays text."""
    payload = "会议室A\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@x\r\nSUMMARY:伪造;,<script>alert(1)</script>"
    day = make_reception_day(world.leader, date(2026, 12, 15), place=payload)
    db.session.commit()
    with at(2026, 11, 20):
        token = issue(client, "leader")
        response = fetch(app, token)
    found = events(response)
    assert set(found) == {f"reception-{day.id}@lianxin"}  # no injected event
    # Round-trips as text (iCalendar escapes a line break as \\n, so CRLF comes back as LF).
    assert str(found[f"reception-{day.id}@lianxin"]["LOCATION"]) == payload.replace("\r\n", "\n")
    assert b"\r\nUID:evil@x" not in response.data


def test_the_feed_is_built_once_until_an_entry_changes_and_answers_304_to_its_etag(app, client, agenda_world, monkeypatch):
    from services import agenda

    built = []
    real = agenda.build_ics
    monkeypatch.setattr(agenda, "build_ics", lambda *a, **kw: built.append(1) or real(*a, **kw))
    w = agenda_world
    with at(2026, 11, 20):
        token = issue(client, "leader")
        first = fetch(app, token)
        second = fetch(app, token)
        assert len(built) == 1 and first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
        # A calendar client sending the ETag back: 304, no body.
        again = app.test_client().get(f"/calendar/feed/{token}.ics", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
        # Any change to an entry is a new text at once.
        w.visit.cancel("领导临时出差")
        db.session.commit()
        changed = fetch(app, token)
        assert len(built) == 2 and changed.headers["ETag"] != first.headers["ETag"]
        assert str(events(changed)[f"record-{w.visit.id}@lianxin"]["STATUS"]) == "CANCELLED"
        stale = app.test_client().get(f"/calendar/feed/{token}.ics", headers={"If-None-Match": first.headers["ETag"]})
        assert stale.status_code == 200 and stale.data == changed.data
        # Another owner of the same entries gets their own text (the office's feed names the leader).
        office = fetch(app, issue(client, "office"))
        assert len(built) == 3 and office.data != changed.data and "【" in office.get_data(as_text=True)
