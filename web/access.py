"""The one permission mechanism: every view declares who may call it, and every object
route loads its object through ``load_or_404`` which asks the model ``can(user, action)``.

``tests/test_access_matrix.py`` walks the URL map and fails for a view without a declaration.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from extensions import db
from models.org import Role

PUBLIC = "public"
LOGGED_IN = "logged_in"


def login_redirect():
    """Anonymous users go to the login page (htmx: a client-side redirect)."""
    target = url_for("auth.login", next=request.full_path if request.method == "GET" else None)
    if request.headers.get("HX-Request"):
        resp = current_app.response_class("", status=401)
        resp.headers["HX-Redirect"] = target
        return resp
    return redirect(target)


def require(*roles: Role | str):
    """Declare and enforce who may call a view: no roles = any logged-in user."""
    allowed = frozenset(Role(r) for r in roles)

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_redirect()
            if allowed and not current_user.has_role(*allowed):
                abort(403)
            return view(*args, **kwargs)

        wrapper.access = allowed or LOGGED_IN  # type: ignore[attr-defined]
        return wrapper

    return decorator


def public(view):
    """Declare a view open to anonymous users (login page, health check, calendar feed)."""
    view.access = PUBLIC  # type: ignore[attr-defined]
    return view


def load_or_404(model, ident, action: str = "view"):
    """Load an object and check ``obj.can(current_user, action)``.

    An object the user may not even see answers 404 (its existence is not revealed);
    one they may see but not act on answers 403.
    """
    try:
        ident = int(ident)
    except (TypeError, ValueError):
        abort(404)
    obj = db.session.get(model, ident)
    if obj is None or not obj.can(current_user, "view"):
        abort(404)
    if action != "view" and not obj.can(current_user, action):
        abort(403)
    return obj
