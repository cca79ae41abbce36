"""The pages the benchmark measures, as a list of specs.

A spec names who looks at the page and how its address is built from the seeded data (``Ctx``). A page
whose address the app does not route yet is reported as missing rather than failing the run, so the list
can run ahead of the features.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Ctx:
    """What the addresses need to know about the seeded database."""

    year: int
    month: str  # "YYYY-MM" (this month)
    timeline_item: int
    department_id: int
    leader_id: int
    feed_token: str
    deep_page: int
    search: str = "臭氧"  # two characters: below the trigram indexes' reach
    search_long: str = "臭氧污染"  # four: the trigram indexes answer


@dataclass
class Page:
    key: str
    label: str  # what the row in the report says
    user: str | None  # a key of the seed's "users" (None: no login, e.g. the calendar feed)
    path: Callable[[Ctx], str]
    headers: dict = field(default_factory=dict)
    content_type: str | None = "text/html"  # the response must start with this
    per_client_1: int = 30  # requests with one client …
    per_client_16: int = 6  # … and per client with sixteen (both raised to reach ``bench.run --samples``)
    max_seconds: float = 6.0  # stops a run once it has its samples
    samples_1: int | None = None  # a slow page: at most this many samples with one client
    clients: tuple[int, ...] = (1, 16)  # the client counts it is measured with
    memory: bool = False  # report how far the workers' memory grows while it is served
    count_queries: bool = True  # in the SQL-statements-per-page table
    slow: bool = False  # the export: fewer requests, a longer limit


HTMX = {"HX-Request": "true"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PAGES: list[Page] = [
    Page("dashboard", "办公室统计（本年度）", "office", lambda c: f"/dashboard?year={c.year}"),
    Page("list_p1", "件列表·筛选·第1页", "office", lambda c: "/proposals/?kind=npc&state=closed"),
    Page("list_deep", "件列表·筛选·深页", "office", lambda c: f"/proposals/?kind=npc&state=closed&page={c.deep_page}"),
    Page("list_search", "即时搜索（列表 htmx 片段）", "office", lambda c: f"/proposals/?q={c.search}", headers=HTMX),
    Page("search", "全文检索（/search，2字词）", "office", lambda c: f"/search?q={c.search}"),
    Page("search_long", "全文检索（/search，4字词）", "office", lambda c: f"/search?q={c.search_long}"),
    Page("item", "件详情（长时间线）", "office", lambda c: f"/proposals/{c.timeline_item}"),
    # The item page loads its “similar items” block afterwards (htmx): measured on its own.
    Page("item_similar", "件详情·类似件（页面加载后的片段）", "office", lambda c: f"/search/similar/{c.timeline_item}", headers=HTMX),
    Page("inbox", "处室待办（大气环境处）", "handler", lambda c: "/proposals/inbox"),
    Page("home_office", "工作台（办公室）", "office", lambda c: "/"),
    Page("home_leader", "工作台（局领导）", "leader", lambda c: "/"),
    Page("home_handler", "工作台（处室承办人）", "handler", lambda c: "/"),
    Page("calendar", "领导日程·月视图", "leader", lambda c: f"/calendar/?view=month&month={c.month}"),
    Page("feed", "日程订阅 iCalendar", None, lambda c: f"/calendar/feed/{c.feed_token}.ics", content_type="text/calendar"),
    Page("ledger", "办理台账 Excel（一年）", "office", lambda c: f"/dashboard/export/ledger.xlsx?year={c.year}", content_type=XLSX,
         per_client_1=3, per_client_16=1, max_seconds=60.0, slow=True, samples_1=20),
    # Every year (50,000 rows): streamed, so the workers' memory must not grow with it. Read in batches of
    # 5,000 items, so its statement count does grow with the data (not in that table).
    Page("ledger_all", "办理台账 Excel（全部年度）", "office", lambda c: "/dashboard/export/ledger.xlsx?year=all", content_type=XLSX,
         per_client_1=2, max_seconds=120.0, slow=True, samples_1=2, clients=(1,), memory=True, count_queries=False),
]


def routed(app, path: str) -> bool:
    """Whether the app has a GET route for ``path`` (the query string is ignored)."""
    from werkzeug.exceptions import MethodNotAllowed, NotFound
    from werkzeug.routing import RequestRedirect

    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(path.split("?", 1)[0], method="GET")
    except RequestRedirect:
        return True
    except (NotFound, MethodNotAllowed):
        return False
    return True
