"""Home (工作台) and the health check."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify
from flask_login import current_user

from extensions import db
from web.access import public, require
from web.render import render
from services.workbench import workbench_for

bp = Blueprint("main", __name__)


@bp.get("/")
@require()
def home():
    return render("main/home.html", panels=workbench_for(current_user))


@bp.get("/healthz")
@public
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception:  # any database failure means "not healthy"
        db.session.rollback()
        return jsonify(status="error", db="error"), 503
    return jsonify(status="ok", db="ok")
