"""Links in what is sent outside a request (e-mails, group-chat messages, CLI jobs)."""
from __future__ import annotations

from contextlib import nullcontext

from flask import current_app, has_request_context


def url_context():
    """``url_for`` outside a request (CLI jobs, seeders): a request context on the configured ``BASE_URL``."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context("/", base_url=current_app.config.get("BASE_URL") or "http://localhost")
