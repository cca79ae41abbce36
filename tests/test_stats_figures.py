"""Every figure of the dashboard equals the number of items in the list it opens; scoping to a 处室 and to a
leader stays within what they may see; the dashboard costs the same number of queries for 5 items as for 50."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from extensions import db
from services.stats import figures as stats
from tests.conftest import login
from tests.stats_support import TODAY, d, frozen, item, kpi_world


@pytest.fixture
def kpi(app, world):
    with frozen(TODAY):
        yield kpi_world(world)


def _list_size(key, f, user) -> int:
    return len(db.session.scalars(stats.figure_query(key, f, user)).all())


SCOPES = [
    ("office", {}),
    ("office", {"department": "air"}),
    ("office", {"department": "none"}),
    ("office", {"leader": "leader"}),
    ("office", {"kind": "cppcc"}),
    ("office", {"year": 0}),
    ("leader", None),
    ("handler_a", None),
    ("head_b", None),
]


def _filters(world, user, spec):
    if spec is None:  # the user's own default scope
        f = stats.Filters(year=2026)
        f.department, f.leader = stats.default_scope(user)
        return f
    values = {"year": 2026, **spec}
    if values.get("department") == "air":
        values["department"] = world.air.id
    if values.get("leader") == "leader":
        values["leader"] = world.leader.id
    return stats.Filters(**values)


@pytest.mark.parametrize("who,spec", SCOPES)
def test_every_figure_equals_the_size_of_its_list(kpi, world, who, spec):
    user = getattr(world, who)
    f = _filters(world, user, spec)
    totals = stats.count(f, user)
    for key in stats.FIGURES:
        assert totals[key] == _list_size(key, f, user), key


def test_every_breakdown_cell_equals_its_list(kpi, world):
    f = stats.Filters(year=2026)
    for row in stats.by_department(f, world.office):
        sub = stats.Filters(year=2026, department=row.key)
        for key in stats.ROW_FIGURES:
            assert row[key] == _list_size(key, sub, world.office), (row.label, key)
    for row in stats.by_leader(f, world.office):
        sub = stats.Filters(year=2026, leader=row.key)
        for key in stats.ROW_FIGURES:
            assert row[key] == _list_size(key, sub, world.office), (row.label, key)


def test_every_chart_segment_equals_its_list(kpi, world):
    f = stats.Filters(year=2026)
    months = stats.by_month(f, world.office)
    assert sum(m["total"] for m in months) == 17
    for m in months:
        sub = stats.Filters(year=2026, month=m["month"])
        for key, _ in stats.MONTH_BUCKETS:
            assert m["counts"].get(key, 0) == _list_size(key, sub, world.office), (m["month"], key)


def _figure_links(html: str) -> list[tuple[str, int]]:
    """(href, number shown) of every figure link on the page."""
    out = []
    for href, text in re.findall(r'<a class="fig[^"]*" href="([^"]+)">([^<]+)</a>', html):
        text = text.strip()
        if text.isdigit():
            out.append((href.replace("&amp;", "&"), int(text)))
    return out


def test_the_pages_agree_figure_by_figure(kpi, world, client):
    """Follow every number on the dashboard: the list it opens says the same number."""
    with frozen(TODAY):
        login(client, "office")
        html = client.get("/dashboard?year=2026").get_data(as_text=True)
        links = _figure_links(html)
        assert len(links) > 60
        for href, shown in {link for link in links}:
            page = client.get(href).get_data(as_text=True)
            total = int(re.search(r"共 (\d+) 件", page).group(1))
            assert total == shown, href
            rows = page.count('class="figure-item"')
            assert rows == min(total, 50), href


def test_the_dashboard_shows_rates_with_numerator_and_denominator(kpi, world, client):
    with frozen(TODAY):
        login(client, "office")
        html = client.get("/dashboard?year=2026").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", html)
    assert "75.0%（6/8）" in text and "72.7%（8/11）" in text
    assert "见面率" in text and "25.0%（2/8）" in text and "见面座谈、走访、调研" in text
    assert "大气环境处" in text and "按局领导" in text
    assert "<svg" in html and 'class="chart chart-rates"' in html and 'class="chart chart-months"' in html
    assert "style=" not in html


def test_an_empty_period_says_so(kpi, world, client):
    login(client, "office")
    html = client.get("/dashboard?year=2019").get_data(as_text=True)
    assert "暂无" in html


def test_a_department_sees_only_its_own_figures(kpi, world, client):
    with frozen(TODAY):
        login(client, "handler_a")
        html = client.get("/dashboard?year=2026").get_data(as_text=True)
        assert "大气环境处" in html and "水生态环境处" not in html and "按局领导" not in html
        # Asking for another 处室 shows only what the user may see of it: 大气环境处 co-handles N14 only.
        assert stats.count(stats.Filters(year=2026, department=world.water.id), world.handler_a)["total"] == 1
        page = client.get(f"/dashboard/items?figure=total&year=2026&department={world.water.id}").get_data(as_text=True)
        assert "共 1 件" in page and "N14" in page and "N13" not in page
        # Its own list holds its own items only.
        page = client.get("/dashboard/items?figure=total&year=2026").get_data(as_text=True)
        assert "共 14 件" in page


def test_a_leader_sees_the_items_in_their_charge_and_those_they_lead(kpi, world, client):
    with frozen(TODAY):
        mine = stats.count(stats.Filters(year=2026, leader=world.leader.id), world.leader)
        assert mine["total"] == 15
        theirs = stats.count(stats.Filters(year=2026, leader=world.leader_b.id), world.leader_b)
        assert theirs["total"] == 2
        # Another leader's figures are cut to what the asker may see: 大气环境处 co-handles one of 刘文清's two items.
        assert stats.count(stats.Filters(year=2026, leader=world.leader_b.id), world.handler_a)["total"] == 1
        login(client, "leader")
        html = client.get("/dashboard?year=2026").get_data(as_text=True)
        assert "王振华分管和负责的件" in html


def test_the_admin_has_no_dashboard(world, client):
    login(client, "admin")
    assert client.get("/dashboard").status_code == 403


def test_unknown_figure_is_not_found(world, client):
    login(client, "office")
    assert client.get("/dashboard/items?figure=nope").status_code == 404


def test_the_period_defaults_to_the_latest_year_with_items(kpi, world, client):
    with frozen(d(1, 5, 2027)):
        login(client, "office")
        html = client.get("/dashboard").get_data(as_text=True)
    assert "2026年 · 建议和提案 · 全厅" in html


def test_the_filter_form_updates_the_dashboard_as_a_fragment(kpi, world, client):
    with frozen(TODAY):
        login(client, "office")
        response = client.get("/dashboard?year=2026&kind=cppcc", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and "政协提案" in html and "HX-Request" in response.headers.get("Vary", "")


def test_the_workbench_shows_the_three_rates(kpi, world, client):
    with frozen(TODAY):
        login(client, "office")
        html = client.get("/").get_data(as_text=True)
    assert "2026年三率 · 全厅" in html and "沟通率 75.0%（6/8）" in html


@contextmanager
def _statements():
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _add_items(world, start, n):
    depts = [world.air, world.water]
    leaders = [world.leader, world.leader_b]
    for i in range(start, start + n):
        k = i % 4
        item(
            f"Q{i:03d}", dept=depts[i % 2], leader=leaders[i % 2], assigned_on=d(1 + i % 6, 10),
            state=("closed", "replied", "in_progress", "rehandling")[k], replied_on=d(5, 1) if k in (0, 1, 3) else None,
            round_=2 if k == 3 else 1, rehandle=d(9, 1) if k == 3 else None,
            contacts=[(d(4, 1), 1)], replies=[(1, d(5, 1), "ABCD"[i % 4])] if k != 2 else [],
            feedback=[(1, "satisfied" if k == 0 else "unsatisfied", "satisfied", 0)] if k in (0, 3) else [],
            commitments=[(d(12, 1), None)] if i % 5 == 0 else [],
        )
    db.session.commit()


def test_the_dashboard_costs_the_same_queries_for_5_and_50_items(app, world, client):
    with frozen(TODAY):
        login(client, "office")
        _add_items(world, 0, 5)
        client.get("/dashboard?year=2026")  # warm-up (caches of the first request)
        db.session.commit()  # both measured requests start with nothing loaded
        with _statements() as few:
            assert client.get("/dashboard?year=2026").status_code == 200
        _add_items(world, 5, 45)
        db.session.commit()
        with _statements() as many:
            html = client.get("/dashboard?year=2026").get_data(as_text=True)
    assert "50" in html
    assert len(few) == len(many), "\n\n".join(many)
    assert len(many) <= 15, len(many)
