"""A sentence that states a rule value renders it from the rule: when the admin edits the deadline rules,
every page that tells users "7 日内", "5 个工作日内" or "15 日内告知" says the new value."""
from __future__ import annotations

from datetime import timedelta

import pytest

from extensions import db
from models import workcal
from rules import clock
from rules.errors import Refused
from tests.conftest import login
from tests.factories import add_proposal_world, make_proposal

# Values no default has, so that a sentence still typed as text cannot pass.
EDITED = {
    "yellow_days": 9,
    "return_window_workdays": 4,
    "petition_accept_days": 11,
    "petition_handle_days": 41,
    "petition_extension_days": 21,
    "rehandle_months": 2,
    "cohandling_months": 2,
}

# (who, page, what it must say once the rules are edited)
SENTENCES = [
    ("office", "/proposals/", "临期（9日内）"),  # the list's warning-level filter
    ("office", "/proposals/", "向所有超期和临期（9日内）件的主办处室催办？"),
    ("handler_a", "/proposals/inbox", "黄色 9 日内到期"),
    ("handler_a", "/proposals/inbox", "请在交办后 4 个工作日内申请退回"),
    ("office", "/dashboard", "9 日内到期"),
    ("office", "/reception/milestones", "临期为节点期限前 9 日内"),
    ("admin", "/admin/milestones", "提前 9 日预警"),
    ("office", "/reception/records", "接访之日起 11 日内告知是否受理，受理之日起 41 日内办结，经批准可延长不超过 21 日"),
    ("office", "/proposals/{replied}", "重新办理（2 个月内再次答复）"),
    ("office", "/proposals/{unassigned}", "留空按规则（交办后 2 个月）"),
]


@pytest.fixture
def edited(client, world):
    """The world's items, and the deadline rules as the admin edits them on their page."""
    add_proposal_world(world)
    ids = {"replied": world.replied.id, "unassigned": make_proposal("3001").id}
    make_proposal("3002", lead=world.air)  # 待签收 in 大气环境处's inbox
    login(client, "admin")
    assert set(EDITED) <= set(workcal.rules().as_dict())
    data = {**workcal.rules().as_dict(), **EDITED, "version": "0"}
    assert client.post("/admin/deadline-rules", data=data).status_code == 303
    db.session.expire_all()
    workcal.invalidate()
    return ids


def test_the_edit_changes_every_sentence_that_states_a_rule(edited, as_user):
    missing = []
    for who, page, sentence in SENTENCES:
        html = as_user(who).get(page.format(**edited)).get_data(as_text=True)
        if sentence not in html:
            missing.append(f"{who} {page}: {sentence}")
    assert not missing, "\n".join(missing)


def test_the_refusal_to_return_an_item_states_the_edited_window(edited, world):
    long_ago = clock.today() - timedelta(days=60)
    late = make_proposal("3003", lead=world.air, assigned_on=long_ago)
    late.dispatched_on = long_ago  # given to the 处室 then, too
    with pytest.raises(Refused, match="交办后 4 个工作日内"):
        late.request_return(world.handler_a, reason="不属于本处室职责")
