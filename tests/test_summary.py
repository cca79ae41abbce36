"""办理工作总结: every figure of the year's (or a session's) report equals its dashboard figure and the list it opens;
the office's paragraphs are kept per period; the report prints as a page and downloads as .docx."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document

from extensions import db
from models.documents import SummaryReport
from models.proposals import ExtensionRequest, ProgressNote
from services.stats import figures as stats
from services.stats import summary
from tests.conftest import csrf_token_from, login
from tests.stats_support import NPC, TODAY, d, frozen, kpi_world
from tests.test_documents import text_of


@pytest.fixture
def kpi(app, world):
    with frozen(TODAY):
        k = kpi_world(world)
        db.session.add(ExtensionRequest(proposal_id=k.extended.id, reason="需会同水利部门现场调研", requested_until=d(6, 30),
                                        original_deadline=d(5, 10), requested_on=d(5, 1), state="approved", decided_on=d(5, 2)))
        db.session.add(ProgressNote(proposal_id=k.overdue.id, body="已完成现场调研，答复稿正在会签"))
        db.session.commit()
        yield k


def _report(world, **period):
    with frozen(TODAY):
        f = summary.period_filters(period.get("year"), period.get("session", ""))
        return f, summary.report(f, world.office)


@pytest.mark.parametrize("period", [{"year": 2026}, {"session": NPC}, {"year": 2025}])
def test_every_figure_of_the_report_is_the_dashboards(kpi, world, period):
    f, r = _report(world, **period)
    with frozen(TODAY):
        dashboard = stats.compute_dashboard(f, world.office)
        counted = stats.count(f, world.office)
    assert r["totals"].values == dashboard["totals"].values
    for key in stats.FIGURES:
        assert r["totals"][key] == counted[key], key
    assert [(x.label, x.values) for x in r["departments"]] == [(x.label, x.values) for x in dashboard["departments"]]
    assert [(x.label, x.values) for x in r["leaders"]] == [(x.label, x.values) for x in dashboard["leaders"]]
    # By type and 届次: each cell is the figure counted for that type and 届次, and the rows add up to the totals.
    with frozen(TODAY):
        for row in r["sessions"]:
            sub = stats.count(stats.Filters(year=f.year, session=row.session, kind=row.kind, session_in_year=bool(f.year)),
                              world.office, summary.SESSION_KEYS)
            assert row.counts.values == sub.values
    for key in summary.SESSION_KEYS:
        assert sum(row.counts[key] for row in r["sessions"]) == r["totals"][key]
    # Each list the report prints has as many items as the figure it states.
    for key in summary.LIST_FIGURES:
        assert len(r["lists"][key]) == r["totals"][key], key


def test_the_2026_report_states_the_figures_worked_out_by_hand(kpi, world):
    f, r = _report(world, year=2026)
    t = r["totals"]
    assert (t["total"], t["role_answering"], t["role_co"], t["role_reference"]) == (17, 15, 1, 1)
    assert t.meet.text == "25.0%（2/8）" and t.comm.text == "75.0%（6/8）"
    assert {p.number for p in r["lists"]["extended"]} == {"N03"}
    assert {p.number for p in r["lists"]["rehandled"]} == {"N05", "N06", "N07"}
    assert {p.number for p in r["lists"]["overdue"]} == {"N07", "N10"}
    assert (t["commit_any"], t["commit_done"], t["commit_open"]) == (5, 1, 4)
    assert r["commitment_counts"] == {"all": 5, "done": 1, "open": 4, "late": 2}
    facts = summary.facts_paragraphs(f, r)
    assert "共承办建议提案17件（人大建议16件、政协提案1件）" in facts[0]
    assert "见面率25.0%（2/8）" in facts[1]


def _figure_links(html: str) -> list[tuple[str, int]]:
    return [(href.replace("&amp;", "&"), int(text)) for href, text in re.findall(r'<a class="fig[^"]*" href="([^"]+)">\s*(\d+)\s*</a>', html)]


def test_every_number_on_the_page_opens_a_list_of_that_many_items(kpi, world, client):
    login(client, "office")
    with frozen(TODAY):
        html = client.get("/summary?year=2026").get_data(as_text=True)
        links = _figure_links(html)
        assert len(links) > 40
        for href, shown in set(links):
            page = client.get(href).get_data(as_text=True)
            assert int(re.search(r"共 (\d+) 件", page).group(1)) == shown, href
    text = re.sub(r"<[^>]+>", "", html)
    assert "需会同水利部门现场调研" in text  # the extension's reason
    assert "最近进展：已完成现场调研，答复稿正在会签" in text  # the overdue item's latest progress
    assert "见面率" in text and "style=" not in html


def test_the_office_edits_the_paragraphs_and_the_word_file_carries_them(kpi, world, client):
    login(client, "office")
    with frozen(TODAY):
        form = client.get("/summary/edit?year=2026").get_data(as_text=True)
        token = csrf_token_from(form)
        data = {"csrf_token": token, "title": "江南省生态环境厅关于2026年建议提案办理工作情况的报告", "doc_no": "江南环〔2026〕88号",
                "signer": "李明", "addressee": "省人大常委会", "written_on": "2026-08-01", "intro": "今年办理工作有序推进 & <稳步>。",
                "practices": "（一）领导高度重视。\n（二）沟通见面全覆盖。", "cases": "臭氧协同防控建议推动出台专项方案。", "plans": "下一步继续努力。",
                "version": ""}
        r = client.post("/summary/edit?year=2026", data=data)
        assert r.status_code == 303
        row = db.session.query(SummaryReport).one()
        assert row.period == "year:2026" and row.practices.startswith("（一）领导高度重视。")
        page = client.get("/summary?year=2026").get_data(as_text=True)
        assert "（二）沟通见面全覆盖。" in page and "江南环〔2026〕88号" in page
        docx = client.get("/summary/report.docx?year=2026")
    assert docx.status_code == 200 and ".docx" in docx.headers["Content-Disposition"]
    text = text_of(docx.data)
    for expected in ("今年办理工作有序推进 & <稳步>。", "江南省生态环境厅关于2026年建议提案办理工作情况的报告", "江南环〔2026〕88号", "签发人：李明", "（二）沟通见面全覆盖。",
                     "臭氧协同防控建议推动出台专项方案。", "2026年8月1日", "见面率25.0%（2/8）", "大气环境处", "需会同水利部门现场调研",
                     "一、基本情况", "七、存在的问题和下一步工作"):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    # The tables: rates and 处室 rows as on the dashboard.
    doc = Document(io.BytesIO(docx.data))
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["见面率", "25.0%", "2", "8"] in cells
    assert any(row[0] == "大气环境处" and row[1] == "14" for row in cells)


def test_a_bad_edit_keeps_what_was_typed_and_a_stale_one_is_refused(kpi, world, client):
    login(client, "office")
    with frozen(TODAY):
        token = csrf_token_from(client.get("/summary/edit?session=" + NPC).get_data(as_text=True))
        base = {"csrf_token": token, "title": "", "intro": "我写的开头", "practices": "", "cases": "", "plans": "", "version": ""}
        r = client.post("/summary/edit?session=" + NPC, data=base)
        assert r.status_code == 422
        html = r.get_data(as_text=True)
        assert "请填写标题" in html and "我写的开头" in html
        assert client.post("/summary/edit?session=" + NPC, data={**base, "title": "报告"}).status_code == 303
        assert db.session.query(SummaryReport).one().period == f"session:{NPC}"
        stale = client.post("/summary/edit?session=" + NPC, data={**base, "title": "另一稿", "version": "0"})
        assert stale.status_code == 409


def test_the_summary_is_the_offices(kpi, world, client):
    login(client, "handler_a")
    assert client.get("/summary?year=2026").status_code == 403
    assert client.get("/summary/report.docx?year=2026").status_code == 403
    client.post("/logout")
    login(client, "office")
    with frozen(TODAY):
        home = client.get("/proposals/").get_data(as_text=True)
    assert 'href="/summary"' in home and "工作总结" in home


def test_the_demo_has_a_years_report_to_print(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "办理工作总结（草稿）1 篇" in result.output
    with frozen(d(11, 20)):
        login(client, "office", "demo-2026")
        page = client.get("/summary?year=2026")
        docx = client.get("/summary/report.docx?year=2026")
    assert page.status_code == 200 and "坚持见面沟通" in page.get_data(as_text=True)
    text = text_of(docx.data)
    assert "臭氧污染协同防控" in text and "见面率" in text and "{{" not in text
