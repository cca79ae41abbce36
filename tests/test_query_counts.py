"""The pages people open every day issue a fixed number of SQL statements, whatever the amount of data.

The pages are the benchmark's (``bench/pages.py``). Data is bulk-inserted (SQLAlchemy Core, the same
sinks as the benchmark's seeder) into the ``world``: none, then 5 items, then 60, with every kind of row the
pages show (proposers, co-handling 处室, contacts, notes, replies, feedback, commitments, urges, meetings,
reception days and records, a contact point; the leader's feed token from the start), and one item whose timeline
grows from a few entries to dozens. At 5 and 60 items every list on every page has rows, and the counts must be equal;
with no data a page may issue fewer (a list with no rows loads nothing for them), never more — except the leader's
pages (``SAME_WITH_NO_DATA``), which issue exactly as many. No timing here.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from types import SimpleNamespace

from bench.pages import PAGES, Ctx, routed
from bench.querycount import count_pages
from bench.seed import Sink
from extensions import db
from models import facts
from rules import clock
from services.agenda import entries
from tests.factories import PASSWORD

# 18 since the workbench gained the contact-point problems panel and the navigation its unread-notifications badge;
# PostgreSQL adds one (SET LOCAL jit = off before the rates panel's figures).
MAX_STATEMENTS = 19
FEED_TOKEN = "test-feed-token-abcdefghijklmnopqrstuvwxyz0123"
USERS = {"office": "office", "handler": "handler_a", "head": "head_a", "leader": "leader", "admin": "admin"}
PER_PAGE = 2  # small pages, so that the "deep page" exists at both sizes
# The leader's agenda (services/agenda.py) loads what its entries need in the queries that find them: these pages
# issue as many statements with no entries at all as with many (what the benchmark's two sizes found otherwise
# depended on whether the seeded calendar had entries in the coming days).
SAME_WITH_NO_DATA = ("home_leader", "calendar", "feed")

# One item of each kind the pages must show; item i is ARCHETYPES[i % 5].
ARCHETYPES = [
    {"state": "in_progress", "kind": "npc", "lead": "air", "co": "water", "urge": True, "meeting": True},
    {"state": "closed", "kind": "npc", "lead": "air", "result": "B", "feedback": "satisfied"},
    {"state": "assigned", "kind": "cppcc", "lead": "air"},
    {"state": "dept_review", "kind": "cppcc", "lead": "water", "co": "air", "result": "A"},
    {"state": "rehandling", "kind": "npc", "lead": "air", "result": "C", "feedback": "unsatisfied"},
]
TITLES = ["关于加强臭氧污染协同防控的建议", "关于加快农村黑臭水体治理的建议", "关于加强新污染物治理的提案"]


class Builder:
    def __init__(self, world):
        # Only ids are kept: the counting drops the session between requests, which detaches the world's objects.
        self.w = SimpleNamespace(**{k: SimpleNamespace(id=v.id) for k, v in vars(world).items()})
        self.today = clock.today()
        self.ids = {}
        self.tables = db.metadata.tables
        self.timeline_item = 1
        self.count = 0

    def nid(self, kind: str) -> int:
        self.ids[kind] = self.ids.get(kind, 0) + 1
        return self.ids[kind]

    def items(self, start: int, stop: int, timeline_extra: int) -> None:
        T, w, today = self.tables, self.w, self.today
        with db.engine.begin() as conn:
            s_items = Sink(conn, T["proposals"])
            s = {name: Sink(conn, T[name], (s_items,)) for name in (
                "proposers", "proposal_departments", "contact_records", "progress_notes", "replies", "urges", "proposal_meetings")}
            s["feedback"] = Sink(conn, T["feedback"], (s_items, s["proposers"]))
            s["commitments"] = Sink(conn, T["commitments"], (s_items, s["replies"]))
            s_audit = Sink(conn, T["audit_entries"])
            depts = {"air": w.air.id, "water": w.water.id}
            for i in range(start, stop):
                a = ARCHETYPES[i % len(ARCHETYPES)]
                pid = i + 1
                assigned = today - timedelta(days=20 + i % 40) if a["state"] != "closed" else today - timedelta(days=120)
                deadline = assigned + timedelta(days=90)
                replied = assigned + timedelta(days=60) if a["state"] in ("closed", "rehandling") else None
                lead = depts[a["lead"]]
                leader = w.leader.id if a["lead"] == "air" else w.leader_b.id
                s_items.add({
                    "id": pid, "kind": a["kind"], "level": "provincial", "session_name": "省十四届人大四次会议", "year": today.year,
                    "period": "session", "number": f"{pid:04d}", "title": TITLES[i % len(TITLES)], "body": "建议正文。",
                    "bureau_role": "lead", "assigning_body": "省人大常委会", "assigned_on": assigned, "doc_no": "",
                    "lead_department_id": lead, "responsible_leader_id": leader, "is_key": False, "statutory_deadline": deadline,
                    "state": a["state"], "round": 2 if a["state"] == "rehandling" else 1, "dispatched_on": assigned,
                    "signed_for_on": None if a["state"] == "assigned" else assigned + timedelta(days=1),
                    "replied_on": replied, "closed_on": replied + timedelta(days=10) if a["state"] == "closed" else None,
                    "rehandle_deadline": today + timedelta(days=20) if a["state"] == "rehandling" else None,
                    "created_at": datetime.combine(assigned, time(2)), "created_by_id": w.office.id, "version": 1,
                })
                lead_proposer = None
                for order in range(2):
                    prid = self.nid("proposer")
                    lead_proposer = lead_proposer or prid
                    s["proposers"].add({"id": prid, "proposal_id": pid, "name": f"代表{prid}", "is_lead": order == 0, "delegation": "临江代表团",
                                        "unit_post": "", "phone": "", "sort_order": order})
                if a.get("co"):
                    s["proposal_departments"].add({"id": self.nid("link"), "proposal_id": pid, "department_id": depts[a["co"]], "role": "co", "opinion": ""})
                n_rows = 2 + (timeline_extra if pid == self.timeline_item else 0)
                worked = a["state"] != "assigned"
                for k in range(n_rows if worked else 0):
                    day = assigned + timedelta(days=1 + k % 15)
                    s["contact_records"].add({"id": self.nid("contact"), "proposal_id": pid, "round": 1, "stage": "during", "method": "phone",
                                              "contact_on": day, "participants": "", "leader_present": False, "deputy_said": "代表意见。",
                                              "created_by_id": w.handler_a.id, "created_at": datetime.combine(day, time(3))})
                    s["progress_notes"].add({"id": self.nid("note"), "proposal_id": pid, "round": 1, "body": "办理进展。",
                                             "created_by_id": w.handler_a.id, "created_at": datetime.combine(day, time(4))})
                for k in range(n_rows + 1):
                    s_audit.add({"at": datetime.combine(assigned, time(5)) + timedelta(hours=k), "user_id": w.office.id,
                                 "object_type": "proposal", "object_id": pid, "action": "note", "summary": "办理进展", "changes": {}})
                if a.get("result"):
                    sent = a["state"] in ("closed", "rehandling")
                    reply_id = self.nid("reply")
                    s["replies"].add({"id": reply_id, "proposal_id": pid, "round": 1, "state": "sent" if sent else "dept_review",
                                      "doc_no": "江南环函〔2026〕1号" if sent else "", "title": "答复", "body": "答复正文。",
                                      "result_class": a["result"], "signed_by_id": leader if sent else None,
                                      "sent_on": replied, "updated_at": datetime.combine(today, time(1)), "version": 1})
                    if a["result"] in ("B", "C") and sent:
                        s["commitments"].add({"id": self.nid("commitment"), "proposal_id": pid, "reply_id": reply_id, "content": "按期完成整改",
                                              "due_on": today + timedelta(days=100), "done_on": None, "done_note": "",
                                              "created_at": datetime.combine(replied, time(3))})
                if a.get("feedback"):
                    s["feedback"].add({"id": self.nid("feedback"), "proposal_id": pid, "proposer_id": lead_proposer, "round": 1, "met": True,
                                       "attitude": "satisfied", "result": a["feedback"], "words": "", "channel": "receipt",
                                       "received_on": replied + timedelta(days=5), "entered_by_id": w.office.id,
                                       "created_at": datetime.combine(replied, time(3))})
                if a["state"] == "rehandling":
                    s["replies"].add({"id": self.nid("reply"), "proposal_id": pid, "round": 2, "state": "draft", "doc_no": "", "title": "",
                                      "body": "", "result_class": None, "sent_on": None, "updated_at": datetime.combine(today, time(1)), "version": 1})
                if a.get("urge"):
                    s["urges"].add({"id": self.nid("urge"), "proposal_id": pid, "department_id": lead, "note": "请抓紧办理", "level": "yellow",
                                    "urged_by_id": w.office.id, "urged_at": datetime.combine(today, time(1)), "acknowledged_at": None})
                if a.get("meeting"):
                    # From today on: the leader's calendar month and the 工作台's coming days have some at both sizes.
                    start_at = datetime.combine(today + timedelta(days=i % 7), time(2))
                    s["proposal_meetings"].add({"id": self.nid("meeting"), "proposal_id": pid, "leader_id": w.leader.id, "starts_at": start_at,
                                                "ends_at": start_at + timedelta(hours=1), "place": "第三会议室", "note": "", "cancelled": False,
                                                "created_by_id": w.handler_a.id, "created_at": start_at, "version": 1})
            for sink in [s_items, *s.values(), s_audit]:
                sink.flush()
            facts.rebuild(conn)  # rows written with Core: the items' facts as the app keeps them (bench/seed.py does the same)
            self.reception(conn, start, stop)
        self.count = stop

    def reception(self, conn, start: int, stop: int) -> None:
        """The leader's month: reception days, field visits, a contact point visit; the feed token once."""
        from models.reception import PointKind, RecordKind, VisitStatus

        T, w, today = self.tables, self.w, self.today
        s_day = Sink(conn, T["reception_days"])
        s_booking = Sink(conn, T["reception_bookings"], (s_day,))
        s_record = Sink(conn, T["reception_records"], (s_day,))
        s_point = Sink(conn, T["contact_points"])
        s_visit = Sink(conn, T["contact_visits"], (s_point,))
        first = today.replace(day=1)
        for i in range(start, stop, 3):
            day = today + timedelta(days=i % 7)  # this month's and the coming days' views have some at both sizes
            starts = datetime.combine(day, time(1))
            day_id = self.nid("day")
            s_day.add({"id": day_id, "rule_id": None, "slot": None, "date": day, "starts_at": starts, "ends_at": starts + timedelta(hours=2),
                       "place": "接待室", "leader_id": w.leader.id, "scheduled_leader_id": w.leader.id, "swap_reason": "", "moved_reason": "",
                       "manual": True, "cancelled": False, "cancel_reason": "", "created_at": starts, "updated_at": starts, "version": 1})
            s_booking.add({"id": self.nid("booking"), "day_id": day_id, "visitor_name": "来访人", "phone": "13900000000",
                           "id_number": "330100199001010000", "people_count": 1, "issue": "反映噪声扰民", "booked_on": day - timedelta(days=2),
                           "created_at": starts, "cancelled": False, "cancel_reason": "", "version": 1})
            visit_start = datetime.combine(day, time(6))
            s_record.add({"id": self.nid("record"), "kind": RecordKind.VISIT, "day_id": None, "leader_id": w.leader.id, "received_on": day,
                          "starts_at": visit_start, "ends_at": visit_start + timedelta(hours=2), "place": "临江市生态环境局",
                          "visitors": "群众代表", "visitor_count": 2, "issue": "反映扬尘", "department_id": w.air.id, "cancelled": False,
                          "created_at": visit_start, "updated_at": visit_start, "version": 1})
        if start == 0:
            point_id = self.nid("point")
            s_point.add({"id": point_id, "leader_id": w.leader.id, "name": "临江市生态环境局", "kind": PointKind.BUREAU, "year": today.year,
                         "visits_per_quarter": 1, "active": True, "created_at": datetime.combine(first, time(1)), "version": 1})
            vstart = datetime.combine(first + timedelta(days=9), time(1))
            s_visit.add({"id": self.nid("visit"), "point_id": point_id, "visit_date": vstart.date(), "starts_at": vstart,
                         "ends_at": vstart + timedelta(hours=3), "status": VisitStatus.PLANNED, "created_at": vstart, "updated_at": vstart, "version": 1})
        for sink in (s_day, s_booking, s_record, s_point, s_visit):
            sink.flush()

    def feed_token(self) -> None:
        """The leader's feed token, before any entry: the feed answers with no data too."""
        with db.engine.begin() as conn:
            s_token = Sink(conn, self.tables["calendar_feed_tokens"])
            s_token.add({"id": 1, "user_id": self.w.leader.id, "token_hash": hashlib.sha256(FEED_TOKEN.encode()).hexdigest(),
                         "created_at": datetime.combine(self.today.replace(day=1), time(1)), "revoked_at": None})
            s_token.flush()

    def ctx(self) -> Ctx:
        closed_npc = sum(1 for i in range(self.count) if ARCHETYPES[i % 5]["state"] == "closed" and ARCHETYPES[i % 5]["kind"] == "npc")
        pages = max(-(-closed_npc // PER_PAGE), 1)
        return Ctx(year=self.today.year, month=f"{self.today:%Y-%m}", timeline_item=self.timeline_item, department_id=self.w.air.id,
                   leader_id=self.w.leader.id, feed_token=FEED_TOKEN, deep_page=max(int(pages * 0.9), 1))


def test_statements_per_page_are_few_and_do_not_grow_with_the_data(app, world):
    app.config["ITEMS_PER_PAGE"] = PER_PAGE
    build = Builder(world)
    pages = [p for p in PAGES if routed(app, p.path(build.ctx()))]
    assert [p.key for p in pages] == [p.key for p in PAGES], "every page the benchmark measures is routed"

    build.feed_token()
    empty = count_pages(app, pages, build.ctx(), USERS, PASSWORD)
    build.items(0, 5, timeline_extra=1)
    small = count_pages(app, pages, build.ctx(), USERS, PASSWORD)
    build.items(5, 60, timeline_extra=40)
    large = count_pages(app, pages, build.ctx(), USERS, PASSWORD)

    # Already at 5 items every list of the leader's 工作台 has rows: the coming days have reception days (with
    # bookings), field visits and 面商.
    start = clock.local_to_utc(datetime.combine(build.today, time()))
    coming = entries([build.w.leader.id], start, start + timedelta(days=8))
    assert {"reception", "visit", "meeting"} <= {e.kind for e in coming}
    assert any(e.detail.startswith("已预约") for e in coming)

    problems = []
    for page in pages:
        s, l, e = small[page.key], large[page.key], empty[page.key]
        if page.key in SAME_WITH_NO_DATA and (e["status"] != 200 or e["queries"] != l["queries"]):
            detail = "\n      ".join(l["statements"]) + "\n    with no items:\n      " + "\n      ".join(e["statements"])
            problems.append(f"{page.key}: {e['queries']} statements with no items (HTTP {e['status']}), {l['queries']} with 60:\n      {detail}")
        # With no data a list has nothing to load for its rows: fewer statements, never more.
        if e["status"] == 200 and e["queries"] > s["queries"]:
            problems.append(f"{page.key}: {e['queries']} statements with no items, {s['queries']} with 5")
        if s["status"] != 200 or l["status"] != 200:
            problems.append(f"{page.key}: HTTP {s['status']} / {l['status']}")
        elif l["queries"] > MAX_STATEMENTS or s["queries"] != l["queries"]:
            detail = "\n      ".join(l["statements"]) + "\n    with 5 items:\n      " + "\n      ".join(s["statements"])
            problems.append(f"{page.key}: {s['queries']} statements with 5 items, {l['queries']} with 60:\n      {detail}")
    assert not problems, "\n".join(problems)
