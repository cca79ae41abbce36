"""What users read: no internal code, no True/False/None, no English outside names of things (issue 12 item 7);
the reply letter's opening; a one-off reception day's badge; the calendar's paging words; a day off warned."""
from __future__ import annotations

import html
import re
from collections import deque
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from extensions import db
from models.org import Role, User, UserRole
from models.proposals_vocabulary import REPLY_STATE_LABELS, REQUEST_STATE_LABELS, STATE_LABELS
from models.reception import ENUM_LABELS, ContactVisit, ReceptionDay, VisitStatus
from rules import clock
from services.demo.seed import DEMO_PASSWORD
from tests.conftest import login
from tests.factories import make_proposal, make_reception_day

# Stored codes that must never reach a page (they all have Chinese labels).
CODES = sorted({*STATE_LABELS, *REPLY_STATE_LABELS, *REQUEST_STATE_LABELS, *ENUM_LABELS, "approved", "refused", "pending"} - {"done"})
CODE_RE = re.compile(r"(?<![A-Za-z_])(" + "|".join(CODES) + r"|done|True|False|None)(?![A-Za-z_])")
# Names of things a user knows by their English name (acronyms such as VOCs, EOD, GBK pass as names anyway).
ALLOWED_WORDS = {"Excel", "Outlook", "iCalendar", "Word", "Ctrl", "Tab", "Google", "Internet", "Web", "iPad", "iPhone", "Android", "vivo", "Webhook",
                 "chinesecalendar",  # the holiday package the admin imports from, by its name
                 "xlsx", "docx", "doc", "pdf", "jpg", "jpeg", "png", "csv", "ics", "https", "http", "www", "com", "cn", "gov", "zip"}
WORD_RE = re.compile(r"[A-Za-z]{2,}")
SKIP = ("/static/", "/logout", ".xlsx", ".ics", ".docx", ".pdf", "/download", "/feed/", "/files/", "/export")
MAX_PAGES = 70  # per role: every kind of page (ids and query values folded), not every item

def visible_text(page: str) -> str:
    # <code> holds what is typed as it stands (template fields, robot addresses), not words to translate.
    page = re.sub(r"(?is)<(script|style|code)\b.*?</\1>", " ", page)
    # Word-template syntax on the templates page ({%p for par in body %}, f.name) is typed as it stands.
    page = re.sub(r"\{%.*?%\}|\b[a-z]\.[a-z_]+\b", " ", page)
    attrs = " ".join(re.findall(r'(?:title|placeholder|aria-label|alt)="([^"]*)"', page))
    text = re.sub(r"(?s)<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(text + " " + attrs))

def _kind(url: str) -> str:
    parts = urlsplit(url)
    query = "&".join(sorted(re.sub(r"=.*", "", kv) for kv in parts.query.split("&") if kv and not kv.startswith("page=")))
    return re.sub(r"\d+", "N", parts.path) + "?" + query

def crawl(client, start="/"):
    """Every kind of page reachable by links from the home page: ``{url: visible text}``."""
    seen_kinds: dict[str, int] = {}
    queue, pages = deque([start]), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        body = response.get_data(as_text=True)
        pages[url] = visible_text(body)
        for href in re.findall(r'href="([^"#]+)', body):
            href = html.unescape(href)
            if not href.startswith("/") or href.startswith("//") or any(s in href for s in SKIP):
                continue
            kind = _kind(href)
            if seen_kinds.get(kind, 0) >= 2 or href in pages:
                continue
            seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
            queue.append(href)
    return pages

def faults(text: str, identifiers=frozenset()) -> list[str]:
    """Codes, booleans and English words in ``text``; ``identifiers`` (user names, 处室 codes) are names, not words."""
    found = [m.group(0) for m in CODE_RE.finditer(text)]
    found += [w for w in WORD_RE.findall(text)
              if sum(c.isupper() for c in w) < 2 and w not in ALLOWED_WORDS and w.lower() not in identifiers]
    return found

def _identifiers() -> frozenset[str]:
    from models.org import Department

    names = db.session.scalars(sa.select(User.username)).all() + db.session.scalars(sa.select(Department.code)).all()
    return frozenset(part.lower() for name in names for part in WORD_RE.findall(name or ""))

def _one_per_role():
    """A user of each role who has no other role (the office's director is also a head: not them)."""
    users = {}
    for role in (Role.OFFICE, Role.HANDLER, Role.HEAD, Role.LEADER, Role.ADMIN):
        others = sa.select(UserRole.user_id).where(UserRole.role != role)
        users[role] = db.session.scalars(
            sa.select(User).join(UserRole).where(UserRole.role == role, User.id.not_in(others)).order_by(User.id)).first()
    return users

@pytest.mark.slow
def test_no_page_of_any_role_nor_the_audit_log_shows_codes_booleans_or_english(app, runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    # Changes whose values are codes and booleans, so the audit log has them to show.
    today = clock.today()
    day = db.session.scalars(sa.select(ReceptionDay).where(ReceptionDay.date > today, ReceptionDay.cancelled.is_(False))).first()
    day.cancel("领导临时出差", today)
    visit = db.session.scalars(sa.select(ContactVisit).where(ContactVisit.status == VisitStatus.PLANNED)).first()
    visit.record_outcome(problems_found="雨污混接", problems_solved="", found_count=1, solved_count=0, participants="处室")
    db.session.commit()

    identifiers = _identifiers()
    problems: dict[str, list[str]] = {}
    for role, user in _one_per_role().items():
        with client.session_transaction() as sess:
            sess.clear()
        login(client, user.username, DEMO_PASSWORD)
        pages = crawl(client)
        if role == Role.OFFICE:
            pages.update({u: visible_text(client.get(u).get_data(as_text=True)) for u in ("/audit/", "/audit/?page=2")})
        assert len(pages) > 5, role
        for url, text in pages.items():
            found = faults(text, identifiers)
            if found:
                problems[f"{role.value} {url}"] = sorted(set(found))
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())

def test_the_audit_log_names_states_and_yes_no_in_chinese(client, world, as_user):
    p = make_proposal("1037", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    p.add_note(world.handler_a, "已赴现场调研")
    day = make_reception_day(world.leader, clock.today() + timedelta(days=10))
    db.session.commit()
    day.cancel("领导临时出差", clock.today())
    db.session.commit()
    page = visible_text(as_user("office").get("/audit/").get_data(as_text=True))
    assert re.search(r"已取消： ?否 → 是", page)
    assert "办理进展：办理进展" not in page and faults(page) == []
    timeline = visible_text(as_user("office").get(f"/proposals/{p.id}").get_data(as_text=True))
    assert re.search(r"办理进展 ?：已赴现场调研", timeline) and not re.search(r"办理进展 ?：办理进展", timeline)
    # An item's “assign” is its 四定交办 (a reception record's “assign” is 交办), named once.
    assert re.search(r"四定交办 ?：主办 大气环境处", timeline) and "交办：四定交办" not in timeline.replace(" ", "")
    assert re.search(r"四定交办 ?主办 大气环境处", page)

def test_the_reply_template_names_the_suggestion_once(client, world):
    from blueprints.proposals.views_item import template_body

    p = make_proposal("1037", title="关于加强臭氧污染协同防控的建议", lead=world.air)
    assert "您提出的《关于加强臭氧污染协同防控的建议》收悉" in template_body(p)
    q = make_proposal("1038", title="加强臭氧污染协同防控", kind="cppcc", lead=world.air)
    assert "您提出的《加强臭氧污染协同防控》的提案收悉" in template_body(q)

def test_the_seeded_replies_name_the_suggestion_once(app, runner):
    from models.proposals import Reply

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    bodies = db.session.scalars(sa.select(Reply.body)).all()
    assert bodies and not [b for b in bodies if re.search(r"(建议|提案)》的(建议|提案)收悉", b)]

def test_a_one_off_reception_day_is_not_badged_as_adjusted_and_a_day_off_is_warned(client, world, as_user):
    from models.settings import WorkdayEntry, WorkdayYear
    from tests.test_proposals_scenario import on

    db.session.add_all([WorkdayYear(year=2026, source="manual"), WorkdayEntry(day=date(2026, 12, 9), kind="holiday", name="演示假日")])
    db.session.commit()
    new_day = lambda leader, day: office.post("/reception/days/new", data={  # noqa: E731
        "leader_id": leader.id, "date": day.isoformat(), "start_time": "09:00", "end_time": "11:30", "place": "厅信访接待室"},
        follow_redirects=True).get_data(as_text=True)
    with on("2026-12-01"):
        office = as_user("office")
        page = new_day(world.leader, date(2026, 12, 5))  # a Saturday
        assert "单独安排" in page and "已调整" not in page
        assert "12月5日是周六，不是工作日" in page
        assert "12月9日是法定节假日（演示假日），不是工作日" in new_day(world.leader, date(2026, 12, 9))
        assert "不是工作日" not in new_day(world.leader_b, date(2026, 12, 7))  # a Monday


def test_the_calendar_list_view_pages_by_days(client, world, as_user):
    page = as_user("office").get("/calendar/?view=list").get_data(as_text=True)
    assert "上列表" not in page and "下列表" not in page
    assert "‹ 前31天" in page and "后31天 ›" in page
    month = as_user("office").get("/calendar/?view=month").get_data(as_text=True)
    assert "‹ 上月" in month and "下月 ›" in month
