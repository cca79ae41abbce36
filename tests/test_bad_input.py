"""Out-of-range dates, control characters and odd ids are a 400 (or a 422 next to the field) with a Chinese
message — never a 500 and never stored (issue 11 item 8). Fuzzing covers every GET page's query string and
every date field of every form with boundary dates."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extensions import db
from models.proposals import Proposal
from tests.conftest import login
from tests.test_access_matrix import PEOPLE, ROUTES, WORLD_EXTENDERS, _allowed
from tests.test_fuzz_forms import FORM_ROUTES, open_as_allowed
from tests.test_proposals_scenario import fresh
from tests.test_versions import _Forms

CJK = re.compile(r"[\u4e00-\u9fff]")
# The range refusal, or (a year of five digits, a negative one) the field's own “not a date” message.
DATE_REFUSED = re.compile(r"日期须在 \d{4} 年至|日期超出范围|不是有效的日期|格式|请填写[^<]{0,10}日期")
BOUNDARY = ["9999-12-31", "0001-01-01", "1999-12-31", "10000-01-01", "-1-01-01", "2026-02-29", "1900-01-01"]


@pytest.mark.parametrize("who,url", [
    ("office", "/calendar/?date=9999-12-31"),
    ("office", "/calendar/?view=week&date=0001-01-01"),
    ("office", "/calendar/?month=10000-01"),
    ("office", "/calendar/week?date=9999-12-31"),
    ("leader", "/reception/notice?month=9999-12"),
    ("office", "/reception/notice.xlsx?month=-1-01"),
    ("admin", "/admin/workdays?year=10000"),
    ("admin", "/admin/workdays?year=-1"),
    ("office", "/search?q=" + quote("臭氧\x00")),
    ("office", "/dashboard/export/ledger.xlsx?scope=" + quote("all\r\nX-Injected: 1")),
    ("office", "/dashboard?year=99999"),
    ("office", "/audit/?from=9999-12-31"),
])
def test_out_of_range_dates_and_control_characters_are_a_chinese_400(world, as_user, who, url):
    response = as_user(who).get(url)
    assert response.status_code == 400, (url, response.status_code)
    page = response.get_data(as_text=True)
    assert "日期超出范围" in page or "控制字符" in page


def test_a_next_address_with_a_line_break_is_refused(client, world):
    response = client.post("/login?next=" + quote("/\r\nSet-Cookie: x=1"), data={"username": "office", "password": "pass-1234"})
    assert response.status_code == 400 and "x=1" not in str(response.headers) and "控制字符" in response.get_data(as_text=True)


def test_an_id_beyond_64_bits_is_a_404_or_400_not_a_500(world, as_user):
    office = as_user("office")
    for url in ("/proposals/99999999999999999999", "/reception/days/9223372036854775808"):
        assert office.get(url).status_code in (400, 404)


def test_a_withdrawal_in_9999_and_an_item_assigned_in_year_1_are_refused_with_a_message(world, as_user):
    from tests.factories import make_proposal

    p = make_proposal("1037", lead=world.air, leader=world.leader)
    office = as_user("office")
    response = office.post(f"/proposals/{p.id}/withdraw", data={"version": p.version, "wd-reason": "代表撤回", "wd-on": "9999-12-31"},
                           follow_redirects=True)
    assert "日期须在 2000 年至" in response.get_data(as_text=True)
    assert fresh(p).state != "withdrawn"
    response = office.post("/proposals/new", data={"kind": "npc", "number": "2001", "title": "关于某事的建议", "session_name": "省十四届人大四次会议",
                                                  "assigned_on": "0001-01-01", "lead_name": "张三"})
    assert response.status_code == 422 and "日期须在 2000 年至" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Proposal).where(Proposal.number == "2001")) == 0


QUERY_KEYS = ["q", "date", "month", "year", "from", "to", "view", "page", "leader", "status", "next", "kind", "scope", "state", "sort", "round"]
QUERY_VALUES = st.one_of(
    st.sampled_from(BOUNDARY + ["", "-1", "0", "9" * 30, "abc", "\x00", "a\r\nb", "2026-13-01", "%", "<b>x</b>", "第1037号"]),
    st.text(max_size=40),
)


def test_fuzzed_query_strings_on_every_get_page_never_500_and_speak_chinese(app, world):
    for extend in WORLD_EXTENDERS:
        extend(world)
    pages = []
    for endpoint, rule, method in ROUTES:
        if method != "GET" or "<" in rule.replace("<int:", "<"):
            continue
        access = app.view_functions[endpoint].access
        person = next((p for p in ("office", "admin", "leader", "handler_a") if _allowed(access, PEOPLE[p])), None)
        if person is not None:
            pages.append((person, rule))
    clients = {}
    for person in {p for p, _ in pages}:
        clients[person] = app.test_client()
        login(clients[person], person)
    assert len(pages) >= 15

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.sampled_from(pages), st.dictionaries(st.sampled_from(QUERY_KEYS), QUERY_VALUES, max_size=4))
    def visit(page, query):
        person, rule = page
        response = clients[person].get(rule, query_string=query)
        assert response.status_code < 500, f"{rule} {query!r} → {response.status_code}"
        if response.status_code == 400:
            assert CJK.search(response.get_data(as_text=True))

    visit()


@pytest.mark.parametrize("endpoint,rule,method", FORM_ROUTES)
def test_every_date_field_refuses_boundary_dates_without_a_500_or_a_save(app, world, endpoint, rule, method):
    client, url = open_as_allowed(app, world, endpoint, rule)
    parser = _Forms()
    parser.feed(client.get(url).get_data(as_text=True))
    for form in parser.forms:
        if form["method"] != "post" or not form["dates"]:
            continue
        action = form["action"] or url
        filled = {k: (v.strip() or ("测试文字" if k in form["text"] else "")) for k, v in form["fields"].items()}
        for name in sorted(form["dates"]):
            for boundary in BOUNDARY[:5]:
                response = client.post(action, data={**filled, name: boundary}, follow_redirects=True)
                assert response.status_code < 500, f"{action} {name}={boundary} → {response.status_code}"
                # Refused for the date, in Chinese (a plain form's refusal is a flash on the page it returns to).
                assert DATE_REFUSED.search(response.get_data(as_text=True)), f"{action} took {name}={boundary}"
