"""Concurrent edits are detected, the first save included (issue 11 item 4): a reply draft opened before any
draft existed is stale once someone saves one, two first saves at once give one success and one 409, and a
form posted without its version is stale — for every form that carries a version on the edit pages."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from extensions import db
from models.proposals import Proposal, Reply
from tests.conftest import login
from tests.factories import add_proposal_world, add_reception_world, make_proposal
from tests.test_proposals_scenario import fresh


def draft_data(body, version):
    return {"draft-title": "关于第5003号建议的答复", "draft-body": body, "draft-disclosure": "public", "draft-reply_version": version}


@pytest.fixture
def item(world):
    p = make_proposal("5003", lead=world.air, leader=world.leader)
    p.sign_for(world.handler_a)
    db.session.commit()
    return p


def version_in(page: str) -> str:
    import re

    return re.search(r'name="draft-reply_version" type="hidden" value="([^"]*)"', page).group(1)


def test_two_people_opening_the_empty_draft_the_second_save_is_refused(app, world, item):
    first, second = app.test_client(), app.test_client()
    login(first, "handler_a")
    login(second, "head_a")
    v1 = version_in(first.get(f"/proposals/{item.id}/draft").get_data(as_text=True))
    v2 = version_in(second.get(f"/proposals/{item.id}/draft").get_data(as_text=True))
    assert v1 == v2 == "new"
    assert first.post(f"/proposals/{item.id}/draft", data=draft_data("甲的初稿", v1)).status_code == 303
    response = second.post(f"/proposals/{item.id}/draft", data=draft_data("乙的初稿", v2))
    assert response.status_code == 409 and "已被其他人修改" in response.get_data(as_text=True)
    assert fresh(item).current_reply.body == "甲的初稿"


def test_a_draft_posted_without_its_version_is_stale_whether_or_not_a_draft_exists(app, world, item, as_user):
    dept = as_user("handler_a")
    data = draft_data("没有版本号", "")
    assert dept.post(f"/proposals/{item.id}/draft", data=data).status_code == 409
    assert fresh(item).current_reply is None
    dept.post(f"/proposals/{item.id}/draft", data=draft_data("初稿", "new"))
    assert dept.post(f"/proposals/{item.id}/draft", data=data).status_code == 409
    assert fresh(item).current_reply.body == "初稿"


def test_two_first_saves_at_the_same_moment_one_wins_the_other_is_told(app, world, item, as_user, monkeypatch):
    """The race itself: the other save's row lands after this request looked for a draft and found none."""
    other = Reply(round=1, state="draft", title="t", body="另一人的初稿", created_by_id=world.head_a.id)
    item.replies.append(other)
    db.session.commit()
    dept = as_user("handler_a")
    monkeypatch.setattr(Proposal, "current_reply", property(lambda self: None))
    response = dept.post(f"/proposals/{item.id}/draft", data=draft_data("我的初稿", "new"))
    monkeypatch.undo()
    assert response.status_code == 409
    assert fresh(item).current_reply.body == "另一人的初稿"


class _Forms(HTMLParser):
    """Every form of a page: its action and its fields' values as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": {}, "text": set(), "dates": set()}
            self.forms.append(self._form)
        elif tag == "option" and self._select and self._form is not None:
            if "selected" in a or not self._form["fields"][self._select]:
                self._form["fields"][self._select] = a.get("value", "")
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind == "radio":
                if "checked" in a or a["name"] not in self._form["fields"]:
                    self._form["fields"][a["name"]] = a.get("value", "y")
            elif kind == "checkbox":
                if "checked" in a:
                    self._form["fields"][a["name"]] = a.get("value", "y")
            elif kind not in ("submit", "button", "file"):
                self._form["fields"][a["name"]] = a.get("value") or ""
                if kind == "text":
                    self._form["text"].add(a["name"])
                elif kind == "date":
                    self._form["dates"].add(a["name"])
        elif tag == "select":
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = ""
            self._form["text"].add(a["name"])

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def versioned_forms(page: str):
    parser = _Forms()
    parser.feed(page)
    return [f for f in parser.forms if f["method"] == "post" and any(k.endswith("version") for k in f["fields"])]


EDIT_PAGES = [
    ("office", lambda w: f"/proposals/{w.proposal.id}/edit"),
    ("office", lambda w: f"/proposals/{w.proposal.id}/assign"),
    ("office", lambda w: f"/reception/records/{w.record.id}/edit"),
    ("office", lambda w: f"/reception/records/{w.record.id}"),
    ("office", lambda w: f"/reception/rules/{w.rule.id}/edit"),
    ("office", lambda w: f"/reception/days/{w.day.id}"),
    ("office", lambda w: f"/reception/bookings/{w.booking.id}/edit"),
    ("office", lambda w: f"/reception/contact-points/{w.point.id}/edit"),
    ("office", lambda w: f"/reception/contact-points/{w.point.id}"),
    ("office", lambda w: f"/reception/visits/{w.visit.id}/edit"),
    ("admin", lambda w: f"/admin/users/{w.handler_b.id}/edit"),
    ("admin", lambda w: f"/admin/departments/{w.water.id}/edit"),
    ("admin", lambda w: "/admin/deadline-rules"),
]


def test_every_versioned_form_posted_without_its_version_is_refused_and_changes_nothing(app, world, as_user):
    add_reception_world(world)
    add_proposal_world(world)
    tried, inconclusive = {}, {}
    for person, page in EDIT_PAGES:
        c = as_user(person)
        url = page(world)
        for form in versioned_forms(c.get(url).get_data(as_text=True)):
            # What a user types: every empty text field filled in; the rest as the page offers it.
            data = {k: (v.strip() or ("测试文字" if k in form["text"] else "")) for k, v in form["fields"].items()}
            without = {k: v for k, v in data.items() if not k.endswith("version")}
            action = form["action"] or url
            status = c.post(action, data=without).status_code
            if status != 409:
                # Refused for its input whatever the version (a required choice left open): no verdict here.
                assert c.post(action, data=data).status_code == status, f"{action} without its version: {status}"
                inconclusive[action] = status
            else:
                tried[action] = status
    # The edit forms of the item, records, rules, days (substitute, swap, reschedule, cancel), bookings,
    # contact points, visits, users, 处室 and the deadline rules were tried and refused as stale.
    assert len(tried) >= 14, (sorted(tried), inconclusive)


def test_every_form_with_a_version_uses_the_field_that_ignores_the_objects_own(app):
    import blueprints  # noqa: F401 - every form class is defined on import
    from web.forms import Form, VersionField

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    with app.test_request_context(method="POST", data={"anything": "1"}):
        found = {}
        for cls in set(subclasses(Form)):
            form = cls(meta={"csrf": False})
            for field in form:
                if field.short_name.endswith("version"):
                    found[f"{cls.__name__}.{field.short_name}"] = isinstance(field, VersionField)
                    assert field.data == "", f"{cls.__name__}: a post without a version has version {field.data!r}"
    assert found and all(found.values()), found
