"""Leader reception (领导接访): rules and reception days, the monthly notice, bookings, reception
records with the petition clock, and contact points. The calendar is in ``blueprints.calendar``."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reception", __name__, url_prefix="/reception")

from . import analysis, days, milestones, points, problems, records  # noqa: E402,F401  (views register on bp)
