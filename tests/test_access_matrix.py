"""Role × route: generated from the app's URL map, so a new route without a declared rule fails here.

Every view declares who may call it (``@require(...)`` or ``@public``). For each route and each of
six people, a request is made: the undeclared is a failure; a refused role must get 403 (anonymous:
the login page); an allowed role must not be refused, and nobody may ever get a 500.
"""
from __future__ import annotations

import pytest

from models.org import Role
from web.access import LOGGED_IN, PUBLIC
from tests.conftest import login, make_app

PEOPLE = {
    "anonymous": None,
    "handler_a": {Role.HANDLER},
    "head_b": {Role.HEAD},
    "leader": {Role.LEADER},
    "office": {Role.OFFICE},
    "admin": {Role.ADMIN},
}

# How to fill a URL parameter from the test world. A feature that adds a parameter adds a sample here.
SAMPLES = {
    "user_id": lambda w: w.handler_a.id,
    "department_id": lambda w: w.air.id,
    "day": lambda w: "2026-10-01",
}
# Routes whose URL needs objects the world does not have get them from these hooks (feature tests extend).
WORLD_EXTENDERS: list = []

# Leader reception (issue #5): the world's leader owns the day, the booking, the record (assigned to 大气环境处),
# the contact point and its visit; an unknown feed token answers 404 to everyone.
from tests.factories import add_reception_world  # noqa: E402

SAMPLES.update(
    {
        "rule_id": lambda w: w.rule.id,
        "day_id": lambda w: w.day.id,
        "booking_id": lambda w: w.booking.id,
        "record_id": lambda w: w.record.id,
        "point_id": lambda w: w.point.id,
        "visit_id": lambda w: w.visit.id,
        "token": lambda w: "no-such-token",
    }
)
WORLD_EXTENDERS.append(add_reception_world)
SKIP_ENDPOINTS = {"static"}


def _routes():
    app = make_app()
    rows = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rows.append((rule.endpoint, rule.rule, method))
    return sorted(rows)


ROUTES = _routes()


def test_every_view_declares_its_access():
    app = make_app()
    undeclared = [ep for ep, view in app.view_functions.items() if ep not in SKIP_ENDPOINTS and not hasattr(view, "access")]
    assert undeclared == []


def test_matrix_covers_more_than_a_handful_of_routes():
    # Guards against the generator silently finding nothing.
    assert len(ROUTES) >= 15


def _build_url(app, endpoint, rule_text, world):
    rule = next(r for r in app.url_map.iter_rules(endpoint=endpoint) if r.rule == rule_text)
    values = {}
    for arg in rule.arguments:
        assert arg in SAMPLES, f"no sample value for URL parameter <{arg}> of {endpoint}: add one to SAMPLES"
        values[arg] = SAMPLES[arg](world)
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


def _allowed(access, roles) -> bool:
    if access == PUBLIC:
        return True
    if roles is None:
        return False
    if access == LOGGED_IN:
        return True
    return bool(set(access) & roles)


def _order(access):
    """Refused people first, allowed last, so an allowed request that changes state cannot
    change what a later refused request sees."""
    return sorted(PEOPLE, key=lambda person: _allowed(access, PEOPLE[person]))


@pytest.mark.parametrize("endpoint,rule,method", ROUTES)
def test_role_route_matrix(app, world, endpoint, rule, method):
    """One world per route; the six people each ask with their own client."""
    for extend in WORLD_EXTENDERS:
        extend(world)
    url = _build_url(app, endpoint, rule, world)
    access = app.view_functions[endpoint].access
    failures = []
    for person in _order(access):
        client = app.test_client()
        if PEOPLE[person] is not None:
            login(client, person)
        response = client.open(url, method=method, data={}, headers={"Accept": "text/html"})
        status = response.status_code
        allowed = _allowed(access, PEOPLE[person])
        to_login = status == 302 and "/login" in response.headers.get("Location", "")
        if status >= 500:
            failures.append(f"{person}: {status}")
        elif allowed and (status == 403 or to_login):
            failures.append(f"{person} refused ({status})")
        elif not allowed and PEOPLE[person] is None and not to_login:
            failures.append(f"anonymous reached it ({status})")
        elif not allowed and PEOPLE[person] is not None and status != 403:
            failures.append(f"{person} reached it ({status})")
    assert failures == [], f"{method} {url}: " + "; ".join(failures)

# Proposals (issue #3): items of 大气环境处 with 水生态环境处 co-handling; the world's leader is responsible.
from tests.factories import add_proposal_world  # noqa: E402

SAMPLES.update(
    {
        "proposal_id": lambda w: w.proposal.id,
        "attachment_id": lambda w: w.attachment.id,
        "meeting_id": lambda w: w.meeting.id,
        "commitment_id": lambda w: w.commitment.id,
        "extension_id": lambda w: w.extension.id,
        "return_id": lambda w: w.return_request.id,
    }
)
WORLD_EXTENDERS.append(add_proposal_world)

# Word documents (issue #14): the templates are named by their key.
SAMPLES["key"] = lambda w: "reply"
# Local petition milestones (issue #14 item 7): one milestone, tracked on the world's record.
from tests.factories import add_milestone_world  # noqa: E402

SAMPLES["milestone_id"] = lambda w: w.milestone.id
WORLD_EXTENDERS.append(add_milestone_world)

# Notifications and group-chat robots (issue #14 item 8).
from tests.factories import add_notification_world  # noqa: E402

SAMPLES["notification_id"] = lambda w: w.notification.id
SAMPLES["webhook_id"] = lambda w: w.webhook.id
WORLD_EXTENDERS.append(add_notification_world)

# Issue 14: contact-point problems (a problem of the leader's point handed to 大气环境处).
from tests.factories import add_problem_world  # noqa: E402

SAMPLES["problem_id"] = lambda w: w.problem.id
WORLD_EXTENDERS.append(add_problem_world)


# Security (issue 11): an account locked after failed logins, for the admin's lift route.
def add_security_world(w):
    from datetime import timedelta

    from extensions import db
    from models.org import AccountLock
    from rules.clock import utcnow

    w.lock = AccountLock(username="handler_b", ip="10.0.0.7", locked_at=utcnow(), until=utcnow() + timedelta(minutes=15))
    db.session.add(w.lock)
    db.session.commit()


SAMPLES["lock_id"] = lambda w: w.lock.id
WORLD_EXTENDERS.append(add_security_world)
