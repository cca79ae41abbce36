"""搜索: Chinese substring search over titles, bodies, replies and contact records (only items the user may see),
and the “similar earlier items” shown on an item page (``templates/search/_similar.html``)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, request
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from extensions import db
from models.proposals import Proposal
from services import search as search_service
from web.access import load_or_404, require
from services.proposals.queries import visible_to
from web.render import render

bp = Blueprint("search", __name__)

PER_PAGE = 20


@bp.app_template_global()
def similar_items(proposal, user=None, limit: int = 5):
    """For the item page: ``{% for s in similar_items(p) %}`` (the current user by default)."""
    return search_service.similar_items(proposal, user or current_user, limit)


@bp.get("/search")
@require()
def index():
    q = (request.args.get("q") or "").strip()[:100]
    page = max(request.args.get("page", 1, type=int), 1)
    pagination, snippets = None, {}
    words = search_service.terms(q)
    if words:
        title_hit = sa.case((Proposal.title.ilike(f"%{search_service._like_escape(words[0])}%", escape="\\"), 0), else_=1)
        stmt = (
            sa.select(Proposal)
            .where(visible_to(current_user), search_service.full_text_clause(q))
            .options(joinedload(Proposal.lead_department), selectinload(Proposal.proposers), selectinload(Proposal.replies))
            .order_by(title_hit, Proposal.year.desc(), Proposal.id.desc())
        )
        pagination = db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)
        snippets = search_service.snippets_for([p.id for p in pagination.items], q)
    return render(
        "search/index.html", block="results", q=q, words=words, pagination=pagination, snippets=snippets,
        highlight=search_service.highlight,
    )


@bp.get("/search/similar/<int:proposal_id>")
@require()
def similar(proposal_id: int):
    """The item page's “similar items” block, loaded after the page (htmx, ``hx-trigger="load"``): finding them
    reads the titles of every visible item, and the page should not wait for that."""
    proposal = load_or_404(Proposal, proposal_id)
    return render("search/_similar.html", p=proposal)
