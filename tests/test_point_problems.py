"""Contact points solve problems: a problem found on a visit is handed to a 处室 with a deadline, the 处室 records
progress and reports it solved, the point's leader reviews it; it shows on the point, in the 处室's list and
workbench and on the leader's workbench (each count equal to its list); each leader's year has a 蹲点调研 report."""
from __future__ import annotations

import re
from datetime import date

import pytest

from extensions import db
from models.point_problems import PointProblem
from tests.factories import make_contact_point, make_contact_visit, make_problem
from tests.stats_support import frozen

TODAY = date(2026, 5, 12)


@pytest.fixture(autouse=True)
def _clock():
    with frozen(TODAY):
        yield


@pytest.fixture
def point(world):
    point = make_contact_point(world.leader, name="北山钢铁集团有限公司", kind="enterprise", year=2026)
    point.visit = make_contact_visit(point, date(2026, 3, 19), found=2, solved=1)
    db.session.commit()
    return point


def _workbench_counts(client) -> dict[str, tuple[str, int]]:
    html = client.get("/").get_data(as_text=True)
    items = re.findall(r'<a href="(/reception/problems[^"]*)">([^<]+)</a>\s*<span class="badge[^"]*">(\d+)</span>', html)
    return {label: (url.replace("&amp;", "&"), int(n)) for url, label, n in items}


def _listed(client, url) -> int:
    return int(re.search(r"共 (\d+) 件", client.get(url).get_data(as_text=True)).group(1))


def test_a_problem_goes_from_the_visit_to_the_department_and_back_to_the_leader(world, point, as_user):
    leader = as_user("leader")
    visit = point.visit
    response = leader.post(f"/reception/visits/{visit.id}/problems", data={
        f"v{visit.id}-description": "清洁运输比例仅为52%，铁路专用线审批进展慢", f"v{visit.id}-department_id": world.air.id,
        f"v{visit.id}-deadline": "2026-06-30"})
    assert response.status_code == 303
    problem = db.session.scalars(db.select(PointProblem)).one()
    assert (problem.status, problem.department_id, problem.deadline) == ("assigned", world.air.id, date(2026, 6, 30))
    page = leader.get(f"/reception/contact-points/{point.id}").get_data(as_text=True)
    assert "清洁运输比例仅为52%" in page and "大气环境处" in page

    handler = as_user("handler_a")
    assert _workbench_counts(handler)["办理中"][1] == 1
    assert "共 1 件" in handler.get("/reception/problems").get_data(as_text=True)
    assert handler.post(f"/reception/problems/{problem.id}/progress", data={"text": "已约谈企业，制定清洁运输方案"}).status_code == 303
    response = handler.post(f"/reception/problems/{problem.id}/close", data={"closure": "", "on": "2026-05-12", "version": problem.version})
    assert response.status_code == 422 and "请填写解决情况" in response.get_data(as_text=True)
    db.session.refresh(problem)
    response = handler.post(f"/reception/problems/{problem.id}/close",
                            data={"closure": "铁路专用线已获批，清洁运输比例提高到80%", "on": "2026-05-12", "version": problem.version})
    assert response.status_code == 303

    leader = as_user("leader")
    url, count = _workbench_counts(leader)["待我审阅（处室已报告解决）"]
    assert count == 1 and _listed(leader, url) == 1
    # Sending it back needs a reason; what was chosen stays on the page.
    db.session.refresh(problem)
    response = leader.post(f"/reception/problems/{problem.id}/review", data={"decision": "return", "note": "", "version": problem.version})
    assert response.status_code == 422 and "退回重办须说明理由" in response.get_data(as_text=True)
    assert leader.post(f"/reception/problems/{problem.id}/review",
                       data={"decision": "accept", "note": "同意", "version": problem.version}).status_code == 303
    db.session.expire_all()
    problem = db.session.get(PointProblem, problem.id)
    assert problem.status == "solved" and problem.reviewed_on == TODAY
    assert len(problem.notes) == 1

    report = leader.get("/reception/contact-points/report?year=2026").get_data(as_text=True)
    assert "王振华同志2026年度联系点蹲点调研情况报告" in report
    assert re.search(r"共发现问题 <a [^>]*><strong>1</strong> 件</a>", report)
    assert re.search(r"已解决（经联系领导审阅认可）<a [^>]*><strong>1</strong> 件</a>", report)
    assert "已走访 <strong>1</strong> 次" in report and "全年应走访 4 次" in report


def test_every_count_on_the_workbenches_equals_its_list(world, point, as_user):
    with frozen(date(2026, 3, 20)):
        make_problem(point.visit, "原料场未封闭", department=world.air, deadline=date(2026, 4, 30))  # overdue now
    make_problem(point.visit, "厂区道路积尘", department=world.air, deadline=date(2026, 7, 31))
    make_problem(point.visit, "周边村庄降尘投诉")  # not yet handed over
    other = make_contact_point(world.leader_b, name="云水市生态环境局南湖分局", year=2026)
    make_problem(make_contact_visit(other, date(2026, 4, 8)), "饮用水水源地标志缺失", department=world.water, deadline=date(2026, 6, 1))
    db.session.commit()
    expected = {
        "handler_a": {"超期未解决": 1, "办理中": 2},
        "head_b": {"办理中": 1},
        "leader": {"待交办处室": 1, "超期未解决": 1, "办理中": 2},
        "office": {"联系点问题·待交办处室": 1, "联系点问题·超期未解决": 1},
    }
    for user, counts in expected.items():
        client = as_user(user)
        found = _workbench_counts(client)
        assert {label: n for label, (_, n) in found.items()} == counts, user
        for url, n in found.values():
            assert _listed(client, url) == n, (user, url)


def test_who_may_see_and_act_on_a_problem(world, point, as_user):
    problem = make_problem(point.visit, department=world.air)
    db.session.commit()
    assert as_user("head_b").get(f"/reception/problems/{problem.id}").status_code == 404  # another 处室
    assert "共 0 件" in as_user("head_b").get("/reception/problems").get_data(as_text=True)
    assert as_user("leader_b").get(f"/reception/problems/{problem.id}").status_code == 404  # another leader's point
    assert as_user("handler_a").post(f"/reception/visits/{point.visit.id}/problems", data={}).status_code == 403
    assert as_user("office").post(f"/reception/problems/{problem.id}/review", data={"decision": "accept"}).status_code == 403
    assert as_user("leader").post(f"/reception/problems/{problem.id}/progress", data={"text": "x"}).status_code == 403


def test_a_problem_form_without_a_deadline_keeps_what_was_typed(world, point, as_user):
    leader = as_user("leader")
    v = point.visit.id
    response = leader.post(f"/reception/visits/{v}/problems", data={f"v{v}-description": "厂区道路积尘", f"v{v}-department_id": world.air.id})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "交办处室时请填写办理期限" in text and "厂区道路积尘" in text
    assert db.session.query(PointProblem).count() == 0


def test_a_problem_is_recorded_only_on_a_visit_that_took_place(world, point, as_user):
    planned = make_contact_visit(point, date(2026, 6, 2), status="planned")
    db.session.commit()
    response = as_user("leader").post(f"/reception/visits/{planned.id}/problems", data={f"v{planned.id}-description": "某问题"})
    assert response.status_code == 422 and "请先登记走访情况" in response.get_data(as_text=True)


def test_the_year_of_contact_points_counts_each_leaders_problems_as_their_lists_do(world, point, as_user):
    make_problem(point.visit, "原料场未封闭", department=world.air)
    make_problem(point.visit, "厂区道路积尘")
    db.session.commit()
    office = as_user("office")
    html = office.get("/reception/contact-points?year=2026").get_data(as_text=True)
    links = re.findall(r'href="(/reception/problems\?[^"]*leader=[^"]*)">(\d+)</a>', html)
    assert [n for _, n in links] == ["2", "0"]
    for url, n in links:
        assert _listed(office, url.replace("&amp;", "&")) == int(n)
    report = office.get(f"/reception/contact-points/report?year=2026&leader={world.leader.id}").get_data(as_text=True)
    assert "王振华同志2026年度联系点蹲点调研情况报告" in report and "厂区道路积尘" in report


def test_a_leader_reads_only_their_own_report(world, point, as_user):
    make_problem(point.visit, "厂区道路积尘")
    db.session.commit()
    report = as_user("leader_b").get(f"/reception/contact-points/report?year=2026&leader={world.leader.id}").get_data(as_text=True)
    assert "刘文清同志2026年度" in report and "厂区道路积尘" not in report


def _word_text(response) -> str:
    from tests.test_documents import text_of

    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    return text_of(response.data)


def _page_figures(html: str) -> dict[str, int]:
    """The figures the printable page states (visits against the target, problems found and solved)."""
    return {
        "required": int(re.search(r"全年应走访 (\d+) 次", html).group(1)),
        "done": int(re.search(r"已走访 <strong>(\d+)</strong> 次", html).group(1)),
        "all": int(re.search(r"共发现问题 <a [^>]*><strong>(\d+)</strong> 件", html).group(1)),
        "solved": int(re.search(r"已解决（经联系领导审阅认可）<a [^>]*><strong>(\d+)</strong> 件", html).group(1)),
        "overdue": int(re.search(r"其中超期 <a [^>]*>(\d+) 件", html).group(1)),
        "new": int(re.search(r"待交办 <a [^>]*>(\d+) 件", html).group(1)),
    }


def test_the_word_report_states_each_leaders_figures_as_the_page_does(world, point, as_user):
    with frozen(date(2026, 3, 20)):
        make_problem(point.visit, "原料场未封闭", department=world.air, deadline=date(2026, 4, 30))  # overdue now
    solved = make_problem(point.visit, "厂区道路积尘", department=world.air, deadline=date(2026, 6, 30))
    solved.close("道路已硬化并定时洒水", TODAY, TODAY)
    solved.review(True, "同意", TODAY)
    make_problem(point.visit, "周边村庄降尘投诉")
    make_contact_visit(point, date(2026, 4, 20))
    other = make_contact_point(world.leader_b, name="云水市生态环境局南湖分局", year=2026, visits_per_quarter=2)
    make_problem(make_contact_visit(other, date(2026, 4, 8)), "饮用水水源地标志缺失")
    db.session.commit()
    office = as_user("office")
    seen = []
    for leader, name in ((world.leader, "王振华"), (world.leader_b, "刘文清")):
        query = f"year=2026&leader={leader.id}"
        page = office.get(f"/reception/contact-points/report?{query}").get_data(as_text=True)
        assert f'href="/reception/contact-points/report.docx?leader={leader.id}&amp;year=2026">下载 Word</a>' in page
        f = _page_figures(page)
        text = _word_text(office.get(f"/reception/contact-points/report.docx?{query}"))
        assert f"{name}同志2026年度联系点蹲点调研情况报告" in text
        assert f"全年应走访 {f['required']} 次（按各联系点每季度目标合计），已走访 {f['done']} 次。" in text
        assert f"走访中共发现问题 {f['all']} 件，其中已解决（经联系领导审阅认可）{f['solved']} 件" in text
        assert f"（其中超期 {f['overdue']} 件），待交办 {f['new']} 件。" in text
        seen.append((f["required"], f["done"], f["all"], f["solved"], f["overdue"], f["new"]))
        if name == "王振华":
            assert "原料场未封闭" in text and "道路已硬化并定时洒水" in text and "饮用水水源地标志缺失" not in text
            assert "\n原料场未封闭\n大气环境处\n2026-04-30\n超期 办理中\n" in text  # the problems table, overdue marked
            assert "2026年4月20日 走访北山钢铁集团有限公司" in text
    assert seen == [(4, 2, 3, 1, 1, 1), (8, 1, 1, 0, 0, 1)]


def test_the_word_report_answers_as_the_page_does(world, point, as_user):
    make_problem(point.visit, "厂区道路积尘")
    db.session.commit()
    leader_b = as_user("leader_b")
    text = _word_text(leader_b.get(f"/reception/contact-points/report.docx?year=2026&leader={world.leader.id}"))
    assert "刘文清同志2026年度" in text and "王振华" not in text and "厂区道路积尘" not in text
    handler = as_user("handler_a")
    for url in ("/reception/contact-points/report", "/reception/contact-points/report.docx"):
        assert handler.get(url).status_code == 403
    office = as_user("office")
    for url in ("/reception/contact-points/report", "/reception/contact-points/report.docx"):
        assert office.get(f"{url}?year=2026&leader={world.handler_a.id}").status_code == 404
    assert office.get("/reception/contact-points/report.docx?year=2031").status_code == 404  # no contact points that year
