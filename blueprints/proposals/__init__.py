"""建议提案办理: the office's register, 四定 and audit; the 处室's inbox and work; the leader's sign-off.

Every route loads its item with ``load`` (missing or invisible → 404), lets the model's verb check the
state and the role (``Refused`` → a Chinese message), commits once, and answers 303 — or, for an htmx
component, the re-rendered block of the same template.
"""
from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for

from web.forms import check_version
from extensions import db
from models.proposals import Proposal
from web.access import load_or_404
from rules.errors import Refused
from web.render import wants_block

bp = Blueprint("proposals", __name__, url_prefix="/proposals")


def load(proposal_id: int, action: str = "view") -> Proposal:
    return load_or_404(Proposal, proposal_id, action)


def to_detail(proposal: Proposal, anchor: str | None = None):
    return redirect(url_for("proposals.detail", proposal_id=proposal.id, _anchor=anchor), code=303)


def refused(exc: Refused, back):
    """A refused change: nothing is saved; the message is shown where the user is."""
    db.session.rollback()
    if wants_block():
        response = make_response(render_template("proposals/_alert.html", message=exc.message), 409)
        response.headers["HX-Retarget"] = "#flashes"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    flash(exc.message, "danger")
    return redirect(back, code=303)


def perform(proposal: Proposal, change, success: str, *, version: str | None = None, anchor: str | None = None,
            warning=None, versioned: bool = True):
    """Run a whole-page state change: version check (a missing version is stale), the verb, one commit,
    a 303 back to the item. ``versioned=False`` for an addition that edits nothing (the verb checks the rest).
    ``warning(proposal)`` may return a sentence to say beside the success (the change is made)."""
    if versioned:
        check_version(proposal, version if version is not None else request.form.get("version"))
    try:
        change()
        db.session.commit()
    except Refused as exc:
        return refused(exc, url_for("proposals.detail", proposal_id=proposal.id, _anchor=anchor))
    flash(success, "success")
    said = warning(proposal) if warning else None
    if said:
        flash(said, "warning")
    return to_detail(proposal, anchor)


from . import views_feedback, views_import, views_item, views_list, views_reply, views_work, workbench  # noqa: E402,F401
