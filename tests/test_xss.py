"""Injection and XSS: every free-text field of every object in the test world is filled with HTML,
script and SQL payloads, and every page the six people can open shows them escaped."""
import pytest
import sqlalchemy as sa
from flask import url_for

from extensions import db
from tests.conftest import login
from tests.test_access_matrix import ROUTES, SAMPLES, WORLD_EXTENDERS

PAYLOAD = """<script>alert('xss')</script><img src=x onerror=alert(1)>"'; DROP TABLE proposals; --"""
# Columns that hold codes the application branches on, not free text.
CODE_COLUMNS = {
    "username", "code", "state", "kind", "level", "period", "bureau_role", "role", "stage", "method", "result_class",
    "disclosure", "attitude", "result", "channel", "source", "object_type", "action", "stored_name", "content_type",
    "token_hash", "session_nonce", "password_hash", "pattern", "status", "satisfaction", "reply_state", "decision",
    "session_name", "number", "doc_no", "phone", "contact_phone", "id_number", "email", "original_name", "uid", "kind_of",
}


def _fill_free_text():
    filled = 0
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        columns = [
            c.key for c in mapper.column_attrs
            if c.key not in CODE_COLUMNS and not c.key.endswith("_id")
            and isinstance(c.columns[0].type, sa.String) and not isinstance(c.columns[0].type, sa.Enum)
            and (isinstance(c.columns[0].type, sa.Text) or (c.columns[0].type.length or 0) >= 40)
            and not c.columns[0].primary_key
        ]
        if not columns:
            continue
        for obj in db.session.scalars(sa.select(cls)):
            for key in columns:
                length = getattr(mapper.columns[key].type, "length", None)
                value = f"{filled}{PAYLOAD}"  # unique, for columns with a unique constraint
                setattr(obj, key, value[:length] if length else value)
                filled += 1
    db.session.commit()
    return filled


GET_ROUTES = [r for r in ROUTES if r[2] == "GET" and not r[1].endswith((".xlsx", ".ics"))]


@pytest.mark.parametrize("endpoint,rule,method", GET_ROUTES)
def test_payloads_are_escaped_on_every_page(app, world, endpoint, rule, method):
    for extend in WORLD_EXTENDERS:
        extend(world)
    assert _fill_free_text() > 10
    rule_obj = next(r for r in app.url_map.iter_rules(endpoint=endpoint) if r.rule == rule)
    with app.test_request_context():
        url = url_for(endpoint, **{a: SAMPLES[a](world) for a in rule_obj.arguments})
    for person in ("office", "leader", "handler_a", "admin"):
        client = app.test_client()
        login(client, person)
        response = client.get(url)
        assert response.status_code < 500, f"{url} as {person}: {response.status_code}"
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        assert "<script>alert(" not in html, f"unescaped script on {url} as {person}"
        assert "<img src=x" not in html, f"unescaped tag on {url} as {person}"
