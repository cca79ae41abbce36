"""Each leader's calendar (month, week, list), the office's week of all leaders side by side, and the
private iCalendar feed with its settings page."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_login import current_user

import config
from extensions import db
from models.org import Role, User
from models.reception import calendar_leader_ids, leaders_query
from models.settings import WorkdayEntry
from services import agenda
from rules import clock
from services.reception import schedule as rules_service
from web.access import public, require
from web.actions import act
from rules.clock import local_to_utc
from web.render import render

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

VIEWS = {"month": "月", "week": "周", "list": "列表"}
LIST_DAYS = 31


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _anchor() -> date:
    """The day the view is about: ``date=YYYY-MM-DD``, or ``month=YYYY-MM``, or today."""
    today = clock.today()
    found = _parse_date(request.args.get("date"))
    if found:
        return found
    if request.args.get("month"):
        return rules_service.parse_month(request.args.get("month"), today)
    return today


def _utc_range(first: date, last: date) -> tuple[datetime, datetime]:
    """``[first 00:00, last+1 00:00)`` China time, as naive UTC."""
    return local_to_utc(datetime.combine(first, time())), local_to_utc(datetime.combine(last + timedelta(days=1), time()))


def _day_marks(first: date, last: date) -> dict[date, str]:
    """Days off and make-up working days in the range, with the holiday name when the table has it."""
    cal = rules_service.working_calendar()
    names = dict(db.session.execute(sa.select(WorkdayEntry.day, WorkdayEntry.name).where(WorkdayEntry.day.between(first, last))).all())
    marks = {}
    d = first
    while d <= last:
        if d in cal.workdays:
            marks[d] = "班"
        elif d in cal.holidays:
            marks[d] = names.get(d) or "休"
        d += timedelta(days=1)
    return marks


def _selected_leaders() -> tuple[list[int] | None, User | None, list[User]]:
    """Whose entries: a leader sees their own; the office all leaders or one (``leader=<id>``)."""
    ids = calendar_leader_ids(current_user)
    leaders = db.session.scalars(leaders_query()).all() if ids is None else []
    chosen = None
    if ids is None:
        wanted = request.args.get("leader", type=int)
        chosen = next((u for u in leaders if u.id == wanted), None)
        if chosen is not None:
            ids = [chosen.id]
    else:
        chosen = current_user._get_current_object()
    return ids, chosen, leaders


@bp.get("/")
@require(Role.LEADER, Role.OFFICE)
def index():
    view = request.args.get("view") if request.args.get("view") in VIEWS else "month"
    anchor = _anchor()
    today = clock.today()
    ids, chosen, leaders = _selected_leaders()
    if view == "month":
        first = anchor.replace(day=1)
        last = rules_service.month_end(first)
        start = first - timedelta(days=first.weekday())
        end = last + timedelta(days=6 - last.weekday())
        prev_anchor = (first - timedelta(days=1)).replace(day=1)
        next_anchor = last + timedelta(days=1)
        title = f"{first.year}年{first.month}月"
    elif view == "week":
        start = anchor - timedelta(days=anchor.weekday())
        end = start + timedelta(days=6)
        first, last = start, end
        prev_anchor, next_anchor = start - timedelta(days=7), start + timedelta(days=7)
        title = f"{start.year}年{start.month}月{start.day}日 – {end.month}月{end.day}日"
    else:
        start = first = anchor
        end = last = anchor + timedelta(days=LIST_DAYS - 1)
        prev_anchor, next_anchor = anchor - timedelta(days=LIST_DAYS), anchor + timedelta(days=LIST_DAYS)
        title = f"{start.month}月{start.day}日起 {LIST_DAYS} 天"
    items = agenda.for_viewer(agenda.entries(ids, *_utc_range(start, end)), current_user)
    by_day: dict[date, list] = {}
    for e in items:
        for d in e.local_dates:
            by_day.setdefault(d, []).append(e)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    weeks = [days[i:i + 7] for i in range(0, len(days), 7)]
    return render(
        "calendar/index.html",
        block="calendar",
        view=view,
        views=VIEWS,
        anchor=anchor,
        first=first,
        last=last,
        title=title,
        weeks=weeks,
        days=days,
        by_day=by_day,
        items=items,
        marks=_day_marks(start, end),
        today=today,
        prev_anchor=prev_anchor,
        next_anchor=next_anchor,
        # “‹ 上月 / 下月 ›”, “‹ 上周 / 下周 ›”; the list view pages by its length (“‹ 前31天 / 后31天 ›”).
        page_labels=(f"前{LIST_DAYS}天", f"后{LIST_DAYS}天") if view == "list" else (f"上{VIEWS[view]}", f"下{VIEWS[view]}"),
        chosen=chosen,
        leaders=leaders,
        show_leader=ids is None or len(ids) > 1,
        nav_args={"view": view, "leader": chosen.id if chosen is not None and current_user.has_role(Role.OFFICE) else None},
        clashes=sum(1 for e in items if e.clash),
        fallback_note=rules_service.working_calendar().fallback_note({start.year, end.year}),
    )


@bp.get("/week")
@require(Role.OFFICE)
def week():
    """All leaders side by side for one week (rows: leaders; columns: days)."""
    anchor = _parse_date(request.args.get("date")) or clock.today()
    start = anchor - timedelta(days=anchor.weekday())
    end = start + timedelta(days=6)
    leaders = db.session.scalars(leaders_query()).all()
    items = agenda.for_viewer(agenda.entries(None, *_utc_range(start, end)), current_user)
    grid: dict[tuple[int, date], list] = {}
    for e in items:
        for d in e.local_dates:
            grid.setdefault((e.leader_id, d), []).append(e)
    return render(
        "calendar/week.html",
        block="calendar",
        start=start,
        end=end,
        days=[start + timedelta(days=i) for i in range(7)],
        leaders=leaders,
        grid=grid,
        marks=_day_marks(start, end),
        today=clock.today(),
        prev_anchor=start - timedelta(days=7),
        next_anchor=start + timedelta(days=7),
        clashes=sum(1 for e in items if e.clash),
        fallback_note=rules_service.working_calendar().fallback_note({start.year, end.year}),
    )


# ---------------------------------------------------------------------------
# The private feed
# ---------------------------------------------------------------------------


@bp.get("/feed/<token>.ics")
@public
def feed(token: str):
    """The token is the credential: unknown or revoked → 404, whoever asks."""
    user = agenda.user_for_token(token)
    if user is None or (user.is_demo and config.is_production(current_app.config)):
        abort(404)  # a demo account's feed from development stops once the app runs in production
    body, fingerprint = agenda.feed_body(user, agenda.feed_entries(user), current_app.config["BUREAU_NAME"])
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = "inline; filename=lianxin.ics"
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    # A client that sends the ETag back gets 304 while nothing changed.
    response.set_etag(fingerprint)
    return response.make_conditional(request)


def _subscription_page(token: str | None = None, status: int = 200):
    row = agenda.feed_token_row(current_user)
    feed_url = url_for("calendar.feed", token=token, _external=True) if token else None
    webcal_url = ("webcal://" + feed_url.split("://", 1)[1]) if feed_url else None
    response = render("calendar/subscription.html", row=row, feed_url=feed_url, webcal_url=webcal_url, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/subscription")
@require(Role.LEADER, Role.OFFICE)
def subscription():
    return _subscription_page()


@bp.post("/subscription")
@require(Role.LEADER, Role.OFFICE)
def subscription_issue():
    """Create or regenerate the token. The address is shown once, in this response (only a hash is kept)."""
    return act(lambda: agenda.issue_token(current_user._get_current_object()), shown=_subscription_page,
               back=url_for("calendar.subscription"))


@bp.post("/subscription/revoke")
@require(Role.LEADER, Role.OFFICE)
def subscription_revoke():
    return act(lambda: agenda.revoke_token(current_user._get_current_object()), back=url_for("calendar.subscription"),
               success=lambda revoked: "已停用日历订阅地址。已订阅的手机或 Outlook 将不再更新，可随时重新生成新地址。" if revoked else None,
               info=lambda revoked: None if revoked else "当前没有在用的订阅地址。")
