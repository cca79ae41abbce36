"""Navigation by role, in Chinese (issue 2, point 8)."""
import re

import pytest

from tests.conftest import login


def _nav_labels(html: str) -> list[str]:
    nav = html.split('aria-label="主导航"', 1)[1].split("</nav>", 1)[0]
    return [label.strip() for label in re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', nav)]


@pytest.mark.parametrize(
    "username,expected",
    [
        ("office", ["工作台", "建议提案", "统计", "工作总结", "接访日程", "搜索", "通知", "系统管理"]),
        ("handler_a", ["本处室待办", "接访交办", "联系点问题", "搜索", "通知"]),
        ("head_b", ["本处室待办", "接访交办", "联系点问题", "搜索", "通知"]),
        ("leader", ["我的日程", "我分管的件", "联系点", "信访研判", "搜索", "通知"]),
        ("admin", ["通知", "系统管理"]),
    ],
)
def test_each_role_sees_its_own_navigation(client, world, username, expected):
    login(client, username)
    assert _nav_labels(client.get("/").get_data(as_text=True)) == expected


def test_pages_read_without_javascript(client, world):
    """Links and forms are real: the list and the item are plain HTML, htmx only enhances them."""
    login(client, "office")
    html = client.get("/proposals/").get_data(as_text=True)
    assert '<form' in html and 'method="get"' in html.lower()


def test_the_item_page_links_the_printable_letters(client, world):
    from tests.factories import make_proposal
    from extensions import db
    from models.proposals import Reply

    p = make_proposal("2001", lead=world.air, leader=world.leader)
    db.session.add(Reply(proposal=p, round=1, state="draft", title="答复", body="正文"))
    db.session.commit()
    login(client, "office")
    html = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert f"/letters/{p.id}/reply" in html and f"/letters/{p.id}/feedback-forms" in html and f"/letters/{p.id}/disclosure" in html
