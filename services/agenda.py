"""Each leader's agenda: reception days, 下访/约访, contact-point visits and 面商 meetings merged into
one list of entries, clash detection (half-open overlap in SQL) and the private iCalendar feed.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from extensions import db
from models.org import User
from models.proposals import Proposal, ProposalMeeting
from models.reception import (
    CalendarFeedToken,
    ContactPoint,
    ContactVisit,
    ReceptionBooking,
    ReceptionDay,
    ReceptionRecord,
    RecordKind,
    VisitStatus,
    calendar_leader_ids,
)
from services import memo
from models import audit
from rules.clock import CHINA, to_local, utcnow

ENTRY_KIND_LABELS = {"reception": "接访日", "visit": "下访", "appointment": "约访", "contact": "联系点走访", "meeting": "面商"}
UID_DOMAIN = "lianxin"


@dataclass
class Entry:
    """One thing in a leader's calendar, whatever it comes from."""

    kind: str  # reception | visit | appointment | contact | meeting
    id: int
    leader_id: int
    leader_name: str
    title: str
    starts_at: datetime  # naive UTC
    ends_at: datetime
    place: str = ""
    cancelled: bool = False
    sequence: int = 0
    updated_at: datetime | None = None
    detail: str = ""
    endpoint: str | None = None
    args: dict = field(default_factory=dict)
    path: str | None = None  # for targets outside this module (e.g. /proposals/<id>)
    clash: bool = False
    # The feed's SUMMARY when it must say less than the page (a feed URL can leak; petitioners' names stay inside).
    feed_title: str | None = None
    # The object whose ``can(user, "view")`` decides whether a reader may see what the entry names
    # (the reception day, the record, the contact point, the 面商's item); ``None`` once redacted.
    guard: object | None = field(default=None, compare=False, repr=False)

    @property
    def uid(self) -> str:
        source = "record" if self.kind in ("visit", "appointment") else self.kind
        return f"{source}-{self.id}@{UID_DOMAIN}"

    @property
    def key(self) -> tuple[str, int]:
        return ("record" if self.kind in ("visit", "appointment") else self.kind, self.id)

    @property
    def label(self) -> str:
        return ENTRY_KIND_LABELS[self.kind]

    @property
    def start_local(self) -> datetime:
        return to_local(self.starts_at)

    @property
    def end_local(self) -> datetime:
        return to_local(self.ends_at)

    @property
    def local_date(self) -> date:
        return self.start_local.date()

    @property
    def local_dates(self) -> list[date]:
        """Every local day the entry touches (an entry ending at midnight does not touch the next day)."""
        first = self.start_local.date()
        last = (self.end_local - timedelta(microseconds=1)).date() if self.ends_at > self.starts_at else first
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    @property
    def time_range(self) -> str:
        return f"{self.start_local:%H:%M}–{self.end_local:%H:%M}"

    def url(self, external: bool = False) -> str | None:
        from flask import request, url_for

        if self.endpoint:
            return url_for(self.endpoint, _external=external, **self.args)
        if self.path:
            return (request.host_url.rstrip("/") + self.path) if external else self.path
        return None


def _overlap(model, start: datetime, end: datetime):
    """Half-open overlap with ``[start, end)``: ``model.starts_at < end and start < model.ends_at``."""
    return sa.and_(model.starts_at < end, model.ends_at > start)


def _leader_filter(column, leader_ids):
    if leader_ids is None:
        return sa.true()
    return column.in_(list(leader_ids)) if leader_ids else sa.false()


def entries(leader_ids, start: datetime, end: datetime, include_cancelled: bool = False) -> list[Entry]:
    """Every entry of the given leaders (``None`` = all) overlapping ``[start, end)`` (naive UTC).

    A fixed number of queries whatever the number of entries.
    """
    found: list[Entry] = []

    # Each query below loads what its rows need in the same statement (joins, a correlated count), so the
    # number of statements does not depend on whether there are rows: no second query "for the rows found".
    bookings = (
        sa.select(sa.func.count()).where(ReceptionBooking.day_id == ReceptionDay.id, ReceptionBooking.cancelled.is_(False))
        .correlate(ReceptionDay).scalar_subquery()
    )
    stmt = (
        sa.select(ReceptionDay, bookings)
        .where(_overlap(ReceptionDay, start, end), _leader_filter(ReceptionDay.leader_id, leader_ids))
        .options(joinedload(ReceptionDay.scheduled_leader))
    )
    if not include_cancelled:
        stmt = stmt.where(ReceptionDay.cancelled.is_(False))
    for d, n in db.session.execute(stmt).unique().all():
        detail = f"已预约 {n} 批" if n else "暂无预约"
        if d.swapped:
            detail += f"；原定{d.scheduled_leader.name if d.scheduled_leader else ''}，换班原因：{d.swap_reason}"
        if d.cancelled:
            detail = f"已取消：{d.cancel_reason}"
        found.append(
            Entry("reception", d.id, d.leader_id, d.leader.name, "领导接访日", d.starts_at, d.ends_at, d.place,
                  d.cancelled, d.sequence, d.updated_at, detail, "reception.day_detail", {"day_id": d.id}, guard=d)
        )

    stmt = sa.select(ReceptionRecord).where(
        ReceptionRecord.kind != RecordKind.ONSITE,
        ReceptionRecord.starts_at.is_not(None),
        ReceptionRecord.ends_at.is_not(None),
        _overlap(ReceptionRecord, start, end),
        _leader_filter(ReceptionRecord.leader_id, leader_ids),
    )
    if not include_cancelled:
        stmt = stmt.where(ReceptionRecord.cancelled.is_(False))
    for r in db.session.scalars(stmt).unique():
        title = r.kind.label + (f"：{r.visitors}" if r.visitors else "")
        found.append(
            Entry(r.kind.value, r.id, r.leader_id, r.leader.name, title, r.starts_at, r.ends_at, r.place, r.cancelled,
                  r.sequence, r.updated_at, (f"已取消：{r.cancel_reason}" if r.cancelled else ""),
                  "reception.record_detail", {"record_id": r.id}, feed_title=r.kind.label, guard=r)
        )

    stmt = (
        sa.select(ContactVisit)
        .join(ContactVisit.point)
        .where(_overlap(ContactVisit, start, end), _leader_filter(ContactPoint.leader_id, leader_ids))
    )
    if not include_cancelled:
        stmt = stmt.where(ContactVisit.status != VisitStatus.CANCELLED)
    for v in db.session.scalars(stmt).unique():
        cancelled = v.status == VisitStatus.CANCELLED
        detail = v.purpose
        if v.status == VisitStatus.DONE:
            detail = f"已走访：发现问题 {v.found_count} 个，解决 {v.solved_count} 个"
        if cancelled:
            detail = f"已取消：{v.cancel_reason}"
        found.append(
            Entry("contact", v.id, v.point.leader_id, v.point.leader.name, f"联系点：{v.point.name}", v.starts_at, v.ends_at,
                  v.point.address or v.point.region or v.point.name, cancelled, v.sequence, v.updated_at, detail,
                  "reception.point_detail", {"point_id": v.point_id}, guard=v.point)
        )

    found.extend(_meetings(leader_ids, start, end, include_cancelled))
    found.sort(key=lambda e: (e.starts_at, e.ends_at, e.leader_id, e.kind, e.id))
    _mark_clashes(found)
    return found


def _meetings(leader_ids, start, end, include_cancelled) -> list[Entry]:
    stmt = sa.select(ProposalMeeting).where(
        _overlap(ProposalMeeting, start, end), ProposalMeeting.leader_id.is_not(None),
        _leader_filter(ProposalMeeting.leader_id, leader_ids),
    )
    if not include_cancelled:
        stmt = stmt.where(ProposalMeeting.cancelled.is_(False))
    # The item's co-handling links answer ``Proposal.can`` (who may see what the entry names); joined, as is
    # the leader's name, so that a meeting found costs no statement of its own.
    stmt = stmt.outerjoin(User, User.id == ProposalMeeting.leader_id).add_columns(User.name)
    stmt = stmt.options(joinedload(ProposalMeeting.proposal).joinedload(Proposal.co_links))
    out = []
    for m, leader_name in db.session.execute(stmt).unique().all():
        subject = (f"第{m.proposal.number}号 " if m.proposal.number else "") + (m.proposal.title or "")
        out.append(
            Entry("meeting", m.id, m.leader_id, leader_name or "", "面商" + (f"：{subject}" if subject else "（建议提案）"),
                  m.starts_at, m.ends_at, m.place or "", bool(m.cancelled), max((m.version or 1) - 1, 0),
                  getattr(m, "updated_at", None), (m.note or ""), path=f"/proposals/{m.proposal_id}", guard=m.proposal)
        )
    return out


def _mark_clashes(found: list[Entry]) -> None:
    """Flag entries that overlap another live entry of the same leader (for the badges in the views)."""
    by_leader: dict[int, list[Entry]] = {}
    for e in found:
        if not e.cancelled:
            by_leader.setdefault(e.leader_id, []).append(e)
    for items in by_leader.values():
        items.sort(key=lambda e: e.starts_at)
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if b.starts_at >= a.ends_at:
                    break
                a.clash = b.clash = True


def clashes(leader_id: int, starts_at: datetime, ends_at: datetime, exclude: tuple[str, int] | None = None) -> list[Entry]:
    """Live entries of ``leader_id`` overlapping ``[starts_at, ends_at)`` (the overlap is done in SQL),
    without the entry ``exclude`` = (``"reception"``|``"record"``|``"contact"``|``"meeting"``, id).

    The proposal module may call this when it records a 面商 meeting.
    """
    return [e for e in entries([leader_id], starts_at, ends_at) if e.key != exclude]


HIDDEN_TITLE = "其他安排"


def can_open(entry: Entry, user) -> bool:
    """Whether ``user`` may open what ``entry`` names (the same rule as the object's page)."""
    return entry.guard is not None and entry.guard.can(user, "view")


def for_viewer(found: list[Entry], user) -> list[Entry]:
    """The entries as ``user`` may read them: one they may not open says only that the leader is busy then
    (its kind and time; the place only to the leader who attends) — no title, detail or link."""
    out = []
    for e in found:
        if can_open(e, user):
            out.append(e)
        else:
            own = getattr(user, "id", None) == e.leader_id
            out.append(replace(e, title=HIDDEN_TITLE, detail="", endpoint=None, args={}, path=None, feed_title=None,
                               place=e.place if own else "", guard=None))
    return out


def clash_message(found: list[Entry], user) -> str:
    """A Chinese warning naming the clashing entries ``user`` may open; of the rest only that the leader is busy."""
    parts = [f"{e.start_local:%m月%d日 %H:%M}–{e.end_local:%H:%M} {e.title}（{e.leader_name}）" for e in found if can_open(e, user)]
    hidden = [e for e in found if not can_open(e, user)]
    if hidden:
        parts.append("；".join(dict.fromkeys(f"该时段{e.leader_name}已有其他安排" for e in hidden)))
    return "时间冲突：" + "；".join(parts) + "。已保存，请核实是否需要调整。"


# ---------------------------------------------------------------------------
# The private feed token
# ---------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_token_row(user) -> CalendarFeedToken | None:
    return db.session.scalar(sa.select(CalendarFeedToken).where(CalendarFeedToken.user_id == user.id))


def issue_token(user) -> str:
    """A new secret feed token for ``user`` (any earlier one stops working). Only its hash is stored."""
    token = secrets.token_urlsafe(32)
    row = feed_token_row(user)
    if row is None:
        row = CalendarFeedToken(user_id=user.id, token_hash=_hash(token))
        db.session.add(row)
        summary = "生成日历订阅地址"
    else:
        row.token_hash = _hash(token)
        row.revoked_at = None
        summary = "重新生成日历订阅地址（原地址失效）"
    row.created_at = utcnow()
    audit.record("feed_token", object_type="user", object_id=user.id, summary=summary)
    return token


def revoke_token(user) -> bool:
    row = feed_token_row(user)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    audit.record("feed_revoke", object_type="user", object_id=user.id, summary="停用日历订阅地址")
    return True


def user_for_token(token: str) -> User | None:
    """The active user whose current, unrevoked token this is; ``None`` otherwise."""
    if not token or len(token) > 128:
        return None
    digest = _hash(token)
    row = db.session.scalar(sa.select(CalendarFeedToken).where(CalendarFeedToken.token_hash == digest))
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, digest):
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return user


# ---------------------------------------------------------------------------
# iCalendar (RFC 5545)
# ---------------------------------------------------------------------------

FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 400


def feed_entries(user, now: datetime | None = None) -> list[Entry]:
    """What ``user``'s feed carries: their own entries (a leader) or every leader's (the office),
    cancelled ones included so that subscribers drop them on the next refresh."""
    now = now or utcnow()
    leader_ids = calendar_leader_ids(user)
    if leader_ids == []:
        return []
    found = entries(leader_ids, now - timedelta(days=FEED_PAST_DAYS), now + timedelta(days=FEED_FUTURE_DAYS), include_cancelled=True)
    return for_viewer(found, user)


@lru_cache(maxsize=1)
def _china_vtimezone():
    """The VTIMEZONE of Asia/Shanghai (2000–2040): the same for every feed, and slow to build (~30 ms)."""
    from icalendar import Timezone

    return Timezone.from_tzid("Asia/Shanghai", first_date=date(2000, 1, 1), last_date=date(2040, 1, 1))


FEED_CACHE_SIZE = 64  # feeds kept per process (~50 KB each at a year of entries)


def feed_body(user, items: list[Entry], bureau: str) -> tuple[bytes, str]:
    """The feed's iCalendar text and its fingerprint (the response's ETag).

    Serialising is most of a feed request's time (~40 ms for a year of an office's entries) while the entries
    rarely change between two polls of a calendar client, so the text is kept per process under a fingerprint
    of everything it is made of: the owner, the bureau, the address the links point to and every field of every
    entry. Any change to an entry changes the fingerprint; nothing has to be invalidated by hand. DTSTAMP is then
    the time the text was built, which is what RFC 5545 asks of a published object."""
    from flask import request

    digest = hashlib.sha256()
    digest.update(repr((user.id, user.name, calendar_leader_ids(user) is None, bureau, request.host_url)).encode())
    names = [f.name for f in fields(Entry) if f.name != "guard"]
    for e in items:
        digest.update(repr(tuple(getattr(e, name) for name in names)).encode())
    key = digest.hexdigest()
    return memo.remember("lianxin_feed_cache", key, lambda: build_ics(user, items, bureau), FEED_CACHE_SIZE), key


def build_ics(user, items: list[Entry], bureau: str, now: datetime | None = None) -> bytes:
    from icalendar import Calendar, Event

    now = now or utcnow()
    everyone = calendar_leader_ids(user) is None
    cal = Calendar()
    cal.add("prodid", f"-//{bureau}//连心//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "连心 · " + ("局领导日程" if everyone else f"{user.name}的日程"))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    cal.add_component(_china_vtimezone())
    stamp = now.replace(tzinfo=timezone.utc)
    for e in items:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.start_local.astimezone(CHINA))
        ev.add("dtend", e.end_local.astimezone(CHINA))
        ev.add("summary", (f"【{e.leader_name}】" if everyone else "") + (e.feed_title or e.title))
        if e.place:
            ev.add("location", e.place)
        description = "\n".join(x for x in (e.label, e.detail) if x)
        ev.add("description", description)
        ev.add("categories", [e.label])
        ev.add("sequence", e.sequence)
        ev.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
        ev.add("transp", "TRANSPARENT" if e.cancelled else "OPAQUE")
        if e.updated_at is not None:
            ev.add("last-modified", e.updated_at.replace(tzinfo=timezone.utc))
        link = e.url(external=True)
        if link:
            ev.add("url", link)
        cal.add_component(ev)
    return cal.to_ical()
