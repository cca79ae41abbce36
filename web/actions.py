"""One way to act: every state-changing view answers through ``act``.

The view loads its object (``load_or_404``: missing or invisible → 404, not allowed → 403), builds its form, and
hands the rest here: validate the form → compare the version → run the model's verb (which raises ``Refused``)
→ commit once → answer. The answers:

- done: 303 to ``back`` with ``success`` (and ``info``, ``warning``) flashed — or, for an htmx component,
  ``fragment(result)``, or the page ``shown(result)`` when it can be shown only once;
- invalid form or refused: 422, ``page`` again with the form as typed and the message at its top
  (``refused`` overrides how a refusal is said; without a form it is flashed on the page ``back`` leads to);
- the record changed since the form was opened: ``check_version`` raises ``EditConflict``, whose handler answers
  409 with what was typed beside the record as saved now;
- a unique key refused the commit (the same list imported, the same form entered meanwhile): ``conflict()``.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import flash, redirect, request
from sqlalchemy.exc import IntegrityError

from extensions import db
from rules.errors import Refused
from web.forms import check_version
from web.render import wants_block

Page = Callable[..., Any]  # page(status, **context) -> response


def _value(given, result):
    return given(result) if callable(given) else given


def act(
    verb: Callable[[], Any],
    *,
    back,
    success=None,
    form=None,
    form_key: str = "form",
    page: Page | None = None,
    versioned=None,
    warning: Callable[[Any], str | None] | None = None,
    info: Callable[[Any], str | None] | None = None,
    shown: Callable[[Any], Any] | None = None,
    after: Callable[[Any], Any] | None = None,
    fragment: Callable[[Any], Any] | None = None,
    refused: Callable[[str], Any] | None = None,
    conflict: Callable[[], Any] | None = None,
):
    """Run ``verb()`` as the request's one change and answer it.

    ``back`` and ``success``: a value, or a function of what the verb returned. ``versioned``: the object whose
    ``version`` the request must carry (the form's ``version`` field, else the posted ``version``; missing is stale).
    ``page(status, **{form_key: form})`` re-renders the form; ``fragment(result)`` answers an htmx component;
    ``shown(result)`` answers every request with the page it makes instead of the 303 (what can be shown only once,
    as a new secret). ``after(result)``: what must wait for the commit (a message sent out); it may flash how it
    went. ``warning`` and ``info``: functions of the result giving a message flashed in that category.
    ``conflict()`` answers when a unique key refuses the commit (another request saved the same thing meanwhile);
    without it that error propagates."""
    if form is not None and not form.validate_on_submit():
        return page(422, **{form_key: form})
    if versioned is not None:
        field = getattr(form, "version", None) if form is not None else None
        check_version(versioned, field.data if field is not None else request.form.get("version"))
    try:
        result = verb()
        db.session.commit()
    except IntegrityError:
        # A unique key caught a concurrent twin (two imports of one list, two entries of one form): nothing is saved.
        db.session.rollback()
        if conflict is None:
            raise
        return conflict()
    except Refused as exc:
        db.session.rollback()
        if refused is not None:
            return refused(exc.message)
        if form is not None:
            field = getattr(form, exc.field, None) if exc.field else None
            if field is not None:
                field.errors = [*field.errors, exc.message]
            else:
                form.form_errors.append(exc.message)
            return page(422, **{form_key: form})
        flash(exc.message, "danger")
        return redirect(_value(back, None), code=303)
    if after is not None:
        after(result)
    if fragment is not None and wants_block():
        return fragment(result)
    if shown is not None:
        return shown(result)
    said = _value(success, result)
    if said:
        flash(said, "success")
    for category, message in (("info", info), ("warning", warning)):
        told = message(result) if message is not None else None
        if told:
            flash(told, category)
    return redirect(_value(back, result), code=303)


def act_on_page(obj, form, form_key: str, verb, success, *, page: Page, back):
    """A form on ``obj``'s own page: ``verb(obj, form)``, versioned when the form carries a version; invalid or
    refused → ``page(obj, 422, **{form_key: form})``, the page again with the form as typed."""
    return act(lambda: verb(obj, form), form=form, form_key=form_key, versioned=obj if hasattr(form, "version") else None,
               page=lambda status, **given: page(obj, status, **given), back=back, success=success)
