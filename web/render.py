"""Rendering a page, or one block of it for htmx (jinja2-fragments)."""
from __future__ import annotations

from flask import make_response, render_template, request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def wants_block() -> bool:
    """An htmx request aimed at part of the page (not a boosted whole-page navigation)."""
    return is_htmx() and request.headers.get("HX-Boosted") != "true"


def render(template: str, block: str | None = None, status: int = 200, **context):
    """The whole page, or only ``block`` when htmx asks for a fragment. Sets ``Vary: HX-Request``."""
    if block and wants_block():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
