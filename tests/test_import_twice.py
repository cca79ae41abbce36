"""Confirming the same import twice (a double click, two tabs) gives one success and a clear “已导入” to the
others — never a 500 nor a second copy (issue 11 item 9)."""
from __future__ import annotations

import threading

from extensions import db
from models.proposals import Proposal
from tests.conftest import login
from tests.test_proposals_import import count, rows, upload, xlsx


def test_a_second_confirm_after_the_first_says_already_imported(client, world, as_user):
    office = as_user("office")
    location, _ = upload(office, xlsx(rows()))
    assert office.post(f"{location}/confirm").status_code == 303
    again = office.post(f"{location}/confirm", follow_redirects=True)
    assert again.status_code == 200 and "该清单已导入（共 2 件）" in again.get_data(as_text=True)
    assert count() == 2
    # The preview of an imported list says so too.
    assert "该清单已导入" in office.get(location, follow_redirects=True).get_data(as_text=True)


def test_two_confirms_at_the_same_moment_import_once(app, world):
    tabs = [app.test_client(), app.test_client()]
    for tab in tabs:
        login(tab, "office")
    location, _ = upload(tabs[0], xlsx(rows()))
    start = threading.Barrier(2)
    answers = []

    def confirm(tab):
        start.wait()
        response = tab.post(f"{location}/confirm", follow_redirects=True)
        answers.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=confirm, args=(tab,)) for tab in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [status for status, _ in answers] == [200, 200]
    texts = [text for _, text in answers]
    assert sum("已导入 2 件" in t for t in texts) == 1
    assert sum(("该清单已导入" in t or "该清单正在导入" in t) for t in texts) == 1
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 2
