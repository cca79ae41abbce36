"""Letters to print: the 答复函, the 征询意见表 for each proposer, and the public-disclosure version of a reply.

Pages laid out for A4 (print CSS in app.css); the browser prints them or saves them as PDF. No PDF library
is installed, so no server-side PDF.
"""
from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_login import current_user

from models.proposals import Proposal
from models.proposals_vocabulary import RESULT_CLASS_LABELS
from services.proposals import letters
from web.access import load_or_404, require
from web.render import render

bp = Blueprint("letters", __name__, url_prefix="/letters")


def _context(p: Proposal) -> dict:
    reply = letters.reply_for(p, request.args.get("round", type=int))
    return {
        "p": p,
        "reply": reply,
        "addressee": letters.addressee(p),
        "bureau": current_app.config.get("BUREAU_NAME", ""),
        "bureau_address": current_app.config.get("BUREAU_ADDRESS", ""),
        "bureau_postcode": current_app.config.get("BUREAU_POSTCODE", ""),
        "class_labels": RESULT_CLASS_LABELS,
        "feedback_days": letters.FEEDBACK_FORM_DAYS,
        "rounds": sorted(r.round for r in p.replies),
        "is_office": current_user.is_office,
    }


@bp.get("/<int:proposal_id>/reply")
@require()
def reply(proposal_id: int):
    """答复函 in the official layout: class mark, 文号 and 签发人, addressee, body, seal line, contact, 抄送."""
    p = load_or_404(Proposal, proposal_id)
    ctx = _context(p)
    salutation, ctx["body"] = letters.split_salutation(letters.paragraphs(ctx["reply"].body if ctx["reply"] else ""))
    ctx["addressee"] = salutation or ctx["addressee"]
    return render("letters/reply.html", **ctx)


@bp.get("/<int:proposal_id>/feedback-forms")
@require()
def feedback_forms(proposal_id: int):
    """征询意见表, one page per proposer, to print and mail with the reply."""
    p = load_or_404(Proposal, proposal_id)
    return render("letters/feedback_forms.html", **_context(p))


@bp.get("/<int:proposal_id>/disclosure")
@require()
def disclosure(proposal_id: int):
    """The public version of the reply: no proposer's phone, ID number or address, the body scrubbed of them."""
    p = load_or_404(Proposal, proposal_id)
    ctx = _context(p)
    reply = ctx["reply"]
    extra = letters.disclosure_extra(p)
    ctx["title"] = letters.scrub(reply.title, extra) if reply else ""
    salutation, pars = letters.split_salutation(letters.paragraphs(reply.body if reply else ""))
    ctx["addressee"] = letters.scrub(salutation or ctx["addressee"], extra)
    ctx["body"] = [letters.scrub(par, extra) for par in pars]
    ctx["copies"] = letters.scrub(reply.copies, extra) if reply else ""
    return render("letters/disclosure.html", **ctx)
