"""建议提案办理: the office's register, 四定 and audit; the 处室's inbox and work; the leader's sign-off.

Every route loads its item with ``load`` (missing or invisible → 404) and changes it through
``views_item.item_act`` (``web.actions.act``): the model's verb checks the state and the role (``Refused`` →
a Chinese message), one commit, and a 303 — or, for an htmx component, the re-rendered block of the same template.
"""
from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, url_for

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


from . import views_feedback, views_import, views_item, views_list, views_reply, views_work, workbench  # noqa: E402,F401
