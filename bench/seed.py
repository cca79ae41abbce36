"""Seed a database at scale with SQLAlchemy Core bulk inserts (executemany, batches of 5,000).

No ORM objects per row: rows are plain dicts, ids are assigned here (so children can point at their
parents without RETURNING), deadlines come from a per-day memo of the real rules
(``rules.deadlines`` on the working-day calendar), and texts are varied from the demo content.

The seeder follows the models as they are when it runs: a column it does not know but which is NOT NULL
without a default gets a neutral value, and a key it sends that the table no longer has is dropped
(both are reported), so a schema change elsewhere does not break the benchmark.

Usage (normally through ``bench.run``)::

    .venv/bin/python -m bench.seed --db sqlite --items 50000
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time as dtime, timedelta

import sqlalchemy as sa

from bench.texts import CITIES, DELEGATIONS_NPC, SECTORS_CPPCC, Texts, session_name

BENCH_PASSWORD = "Lianxin-bench-2026"  # the seeded users' password (normal users, not demo accounts)
FEED_TOKEN = "bench-feed-token-0123456789abcdefghijklmnopqrstuv"  # leader1's calendar-feed token
BATCH = 5000


@dataclass
class Scale:
    items: int = 50_000
    contacts: int = 300_000
    notes: int = 300_000
    audits: int = 300_000
    receptions: int = 20_000
    years: int = 10
    timeline: int = 120  # contacts and notes of the one item with a long timeline (audit entries: 2x)

    @classmethod
    def for_items(cls, items: int) -> "Scale":
        f = items / 50_000
        return cls(
            items=items, contacts=int(300_000 * f), notes=int(300_000 * f), audits=int(300_000 * f),
            receptions=max(int(20_000 * f), 60), timeline=120 if items >= 5000 else 30,
        )


# ---------------------------------------------------------------------------
# Bulk insert sinks


class Sink:
    """Buffers rows of one table and inserts them ``BATCH`` at a time (executemany).

    ``parents`` are flushed first, so foreign keys always find their rows."""

    def __init__(self, conn, table: sa.Table, parents: tuple["Sink", ...] = (), report: dict | None = None):
        self.conn, self.table, self.parents = conn, table, parents
        self.rows: list[dict] = []
        self.count = 0
        self.report = report if report is not None else {}
        self._shape: tuple | None = None

    def add(self, row: dict) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def _plan(self, keys: set[str]) -> tuple[list[str], dict]:
        """Columns to send and values for NOT NULL columns without a default that we do not know."""
        cols = {c.name: c for c in self.table.columns}
        unknown = sorted(k for k in keys if k not in cols)
        if unknown:
            self.report.setdefault("dropped_keys", {})[self.table.name] = unknown
        fill = {}
        for c in self.table.columns:
            if c.name in keys or c.nullable or c.default is not None or c.server_default is not None:
                continue
            if c.primary_key and c.autoincrement in (True, "auto") and isinstance(c.type, sa.Integer):
                continue
            fill[c.name] = _neutral(c)
        if fill:
            self.report.setdefault("filled_columns", {})[self.table.name] = sorted(fill)
        return [k for k in keys if k in cols], fill

    def flush(self) -> None:
        if not self.rows:
            return
        for p in self.parents:
            p.flush()
        keys = frozenset().union(*(r.keys() for r in self.rows))
        if self._shape is None or self._shape[0] != keys:
            send, fill = self._plan(set(keys))
            defaults = {c.name: (c.default.arg if c.default is not None and c.default.is_scalar else None) for c in self.table.columns}
            self._shape = (keys, send, fill, defaults)
        _, send, fill, defaults = self._shape
        batch = []
        for r in self.rows:
            out = {k: r[k] if k in r else defaults.get(k) for k in send}
            out.update(fill)
            batch.append(out)
        self.conn.execute(self.table.insert(), batch)
        self.count += len(batch)
        self.rows = []


def _neutral(column: sa.Column):
    t = column.type
    if isinstance(t, sa.Boolean):
        return False
    if isinstance(t, sa.Integer):
        return 0
    if isinstance(t, sa.DateTime):
        return datetime(2020, 1, 1)
    if isinstance(t, sa.Date):
        return date(2020, 1, 1)
    if isinstance(t, sa.JSON):
        return {}
    if isinstance(t, sa.Enum) and t.enums:
        return t.enums[0]
    return ""


# ---------------------------------------------------------------------------
# Schema


def create_schema(app, mode: str = "auto") -> str:
    """Create the tables: by the migrations when they cover every model table, else ``create_all`` +
    ``models.schema_extras.install``. Returns which path was taken."""
    from extensions import db
    from models import schema_extras

    engine = db.engine
    wanted = set(db.metadata.tables)
    if mode in ("auto", "migrations"):
        from flask_migrate import upgrade

        try:
            upgrade()
            have = set(sa.inspect(engine).get_table_names())
            missing = sorted(wanted - have)
        except Exception as exc:  # a migration mid-edit elsewhere: fall back
            missing = [f"(upgrade failed: {exc.__class__.__name__}: {exc})"]
        if not missing:
            return "flask db upgrade (migrations cover every table)"
        if mode == "migrations":
            raise SystemExit(f"migrations do not cover: {missing}")
        drop_everything(engine)
        db.create_all()
        schema_extras.install(engine)
        return f"db.create_all() + schema_extras.install (migrations lack {len(missing)} tables: {', '.join(missing[:8])}{' …' if len(missing) > 8 else ''})"
    db.create_all()
    schema_extras.install(engine)
    return "db.create_all() + schema_extras.install"


def drop_everything(engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            conn.execute(sa.text("PRAGMA foreign_keys=OFF"))
            names = [r[0] for r in conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"))]
            for n in names:
                conn.execute(sa.text(f'DROP TABLE IF EXISTS "{n}"'))
            for (n,) in conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type='view'")).all():
                conn.execute(sa.text(f'DROP VIEW IF EXISTS "{n}"'))


# ---------------------------------------------------------------------------
# The organisation (80 users)


@dataclass
class Org:
    departments: dict[str, int] = field(default_factory=dict)  # name -> id
    codes: dict[int, str] = field(default_factory=dict)
    handling: list[int] = field(default_factory=list)  # 处室 that handle items
    leader_of: dict[int, int] = field(default_factory=dict)  # dept id -> leader user id
    leaders: list[int] = field(default_factory=list)
    handlers: dict[int, list[int]] = field(default_factory=dict)
    heads: dict[int, int] = field(default_factory=dict)
    office: list[int] = field(default_factory=list)
    usernames: dict[str, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)


def seed_org(conn, tables, texts: Texts, password_hash: str, now: datetime) -> Org:
    from models.org import Role
    from services import demo

    dd = demo.load()

    org = Org()
    sink_d = Sink(conn, tables["departments"])
    for i, d in enumerate(dd.departments + dd.other_units, start=1):
        sink_d.add({"id": i, "name": d["name"], "code": d["code"], "phone": d["phone"], "sort_order": i, "active": True, "version": 1})
        org.departments[d["name"]] = i
        org.codes[i] = d["code"]
    sink_d.flush()
    org.handling = [org.departments[d["name"]] for d in dd.departments if d["name"] != "办公室"]

    users, roles, in_charge = Sink(conn, tables["users"]), Sink(conn, tables["user_roles"]), Sink(conn, tables["leader_departments"])
    next_id = iter(range(1, 10_000))

    def user(username, name, role_list, dept=None, title=""):
        uid = next(next_id)
        users.add({
            "id": uid, "username": username, "name": name, "title": title, "phone": texts.phone(), "email": "",
            "department_id": dept, "password_hash": password_hash, "active": True, "is_demo": False,
            "must_change_password": False, "session_nonce": hashlib.md5(username.encode()).hexdigest()[:16],
            "created_at": now, "last_login_at": None, "version": 1,
        })
        for r in role_list:
            roles.add({"user_id": uid, "role": r})
        org.usernames[username] = uid
        org.names[uid] = name
        return uid

    office_dept, it_dept = org.departments["办公室"], org.departments["信息中心"]
    user("admin", "方哲", [Role.ADMIN], it_dept, "信息中心工程师")
    for n in range(1, 4):
        org.office.append(user(f"office{n}", texts.person(), [Role.OFFICE], office_dept, "一级主任科员"))
    org.office.append(user("office_head", "唐建华", [Role.OFFICE, Role.HEAD], office_dept, "办公室主任"))
    leader_specs = [("director", dd.leaders[0])] + [(f"leader{i}", spec) for i, spec in enumerate(dd.leaders[1:], start=1)]
    for username, spec in leader_specs:
        uid = user(username, spec["name"], [Role.LEADER], None, spec["title"])
        org.leaders.append(uid)
        for dept_name in spec["in_charge"]:
            in_charge.add({"user_id": uid, "department_id": org.departments[dept_name]})
            org.leader_of[org.departments[dept_name]] = uid
    org.leaders.append(user("leader5", "韩明远", [Role.LEADER], None, "总工程师"))
    extra = 80 - 1 - 4 - len(org.leaders) - 5 * len(org.handling)
    for i, dept in enumerate(org.handling):
        code = org.codes[dept]
        org.heads[dept] = user(f"head_{code}", texts.person(), [Role.HEAD], dept, "处长")
        n_handlers = 4 + (1 if i < extra else 0)
        org.handlers[dept] = [user(f"handler_{code}_{k}", texts.person(), [Role.HANDLER], dept, "主任科员") for k in range(1, n_handlers + 1)]
    users.flush()
    roles.flush()
    in_charge.flush()
    return org


# ---------------------------------------------------------------------------
# Items and what hangs off them

# (state, weight) for the current year, last year and older years: every state is present.
STATES_NOW = [("assigned", 7), ("return_requested", 2), ("in_progress", 24), ("dept_review", 5), ("office_review", 5),
              ("awaiting_signoff", 4), ("replied", 14), ("closed", 31), ("rehandling", 3), ("withdrawn", 2), ("merged", 3)]
STATES_LAST = [("in_progress", 1), ("replied", 2), ("closed", 91), ("rehandling", 1), ("withdrawn", 2), ("merged", 3)]
STATES_OLD = [("closed", 95), ("withdrawn", 2), ("merged", 3)]
ROLES = [("lead", 70), ("separate", 10), ("co", 14), ("reference", 6)]
RESULTS = [("A", 68), ("B", 19), ("C", 9), ("D", 4)]
SAT = [("satisfied", 85), ("basically", 13), ("unsatisfied", 2)]
DEPT_WEIGHTS = {"dqc": 5, "sstc": 5, "trc": 3, "gfc": 3, "zfjdc": 3}
REPLY_STATE = {"dept_review": "dept_review", "office_review": "office_review", "awaiting_signoff": "awaiting_signoff"}
OPEN_STATES = ("assigned", "return_requested", "in_progress", "dept_review", "office_review", "awaiting_signoff", "rehandling")
DRAFTED = ("dept_review", "office_review", "awaiting_signoff", "replied", "closed", "rehandling")


def _pick(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


class DeadlineMemo:
    """Statutory / co-handling / re-handling deadlines by day, computed once per distinct day."""

    def __init__(self, cal, rules):
        from rules import deadlines as rules_mod

        self.m, self.cal, self.rules = rules_mod, cal, rules
        self.cache: dict = {}

    def statutory(self, kind, role, day):
        key = ("s", kind, role, day)
        if key not in self.cache:
            if role == "reference":
                value = None
            elif role == "co":
                value = self.m.cohandling_deadline(day, self.cal, self.rules)
            else:
                value = self.m.reply_deadline(kind, day, self.cal, self.rules)
            self.cache[key] = value
        return self.cache[key]

    def cohandling(self, day):
        key = ("c", day)
        if key not in self.cache:
            self.cache[key] = self.m.cohandling_deadline(day, self.cal, self.rules)
        return self.cache[key]

    def rehandle(self, day):
        key = ("r", day)
        if key not in self.cache:
            self.cache[key] = self.m.rehandle_deadline(day, self.cal, self.rules)
        return self.cache[key]


def _at(day: date, rng) -> datetime:
    """A naive-UTC datetime during office hours (China) on ``day``."""
    return datetime.combine(day, dtime(0, 30)) + timedelta(minutes=rng.randint(0, 540))


def seed_items(conn, tables, org: Org, scale: Scale, rng: random.Random, texts: Texts, today: date, memo: DeadlineMemo, report: dict) -> dict:
    from models.proposals_vocabulary import CONTACT_STAGE_LABELS

    T = tables
    s_items = Sink(conn, T["proposals"], report=report)
    s_prop = Sink(conn, T["proposers"], (s_items,), report)
    s_codept = Sink(conn, T["proposal_departments"], (s_items,), report)
    s_opinion = Sink(conn, T["cohandling_opinions"], (s_items,), report)
    s_contact = Sink(conn, T["contact_records"], (s_items,), report)
    s_note = Sink(conn, T["progress_notes"], (s_items,), report)
    s_reply = Sink(conn, T["replies"], (s_items,), report)
    s_feedback = Sink(conn, T["feedback"], (s_items, s_prop), report)
    s_commit = Sink(conn, T["commitments"], (s_items, s_reply), report)
    s_ext = Sink(conn, T["extension_requests"], (s_items,), report)
    s_ret = Sink(conn, T["return_requests"], (s_items,), report)
    s_urge = Sink(conn, T["urges"], (s_items,), report)
    s_meet = Sink(conn, T["proposal_meetings"], (s_items,), report)
    s_audit = Sink(conn, T["audit_entries"], (), report)
    sinks = [s_items, s_prop, s_codept, s_opinion, s_contact, s_note, s_reply, s_feedback, s_commit, s_ext, s_ret, s_urge, s_meet, s_audit]

    first_year = today.year - scale.years + 1
    per_year = scale.items // scale.years
    dept_pool = [d for d in org.handling for _ in range(DEPT_WEIGHTS.get(org.codes[d], 2))]
    office = org.office
    ids = {"proposal": 0, "proposer": 0, "reply": 0, "contact": 0, "note": 0, "audit": 0, "feedback": 0, "misc": 0}

    def nid(kind):
        ids[kind] += 1
        return ids[kind]

    bench_leader = org.usernames["leader1"]
    coming_this_month, spare_meeting = False, None

    # Budgets for contacts / notes / audit mirror entries, spread over items that have work recorded.
    worked_share = 0.9
    mean_contacts = max(scale.contacts - 2 * scale.timeline, 0) / max(scale.items * worked_share, 1)
    mean_notes = max(scale.notes - 2 * scale.timeline, 0) / max(scale.items * worked_share, 1)
    audit_budget = scale.audits
    audit_used = 0
    meta = {"years": [first_year, today.year], "per_year": per_year}
    timeline_id = None
    closed_by_year_kind: dict[tuple, list[int]] = {}

    for year in range(first_year, today.year + 1):
        count = per_year + (scale.items - per_year * scale.years if year == today.year else 0)
        current, last = year == today.year, year == today.year - 1
        states = STATES_NOW if current else (STATES_LAST if last else STATES_OLD)
        # 交办 dates: session items in the spring, recess items through the year (not in the future).
        end = min(date(year, 12, 20), today - timedelta(days=2))
        specs = []
        for _ in range(count):
            kind = "npc" if rng.random() < 0.6 else "cppcc"
            period = "session" if rng.random() < 0.75 else "recess"
            state = _pick(rng, states)
            if current and state in OPEN_STATES:
                # Most open items are within their deadline; about one in six is overdue.
                back = rng.randint(4, 85) if rng.random() < 0.83 else rng.randint(95, 200)
                assigned = max(today - timedelta(days=back), date(year, 1, 10))
            elif period == "session":
                assigned = date(year, 2, 20) + timedelta(days=rng.randint(0, 50))
            else:
                assigned = date(year, 4, 15) + timedelta(days=rng.randint(0, max((end - date(year, 4, 15)).days, 1)))
            if current and state not in OPEN_STATES and state != "withdrawn":
                assigned = min(assigned, today - timedelta(days=rng.randint(40, 200)))
                assigned = max(assigned, date(year, 1, 10))
            specs.append((min(assigned, end), kind, period, state))
        specs.sort(key=lambda s: s[0])
        numbers = {"npc": 0, "cppcc": 0}
        sessions = {k: session_name(k, year) for k in ("npc", "cppcc")}
        for assigned, kind, period, state in specs:
            pid = nid("proposal")
            numbers[kind] += 1
            role = _pick(rng, ROLES)
            if role == "reference" and state not in ("assigned", "closed", "withdrawn"):
                state = "closed"
            if role == "co" and state in ("replied", "rehandling"):
                state = "closed"
            unassigned = state == "assigned" and rng.random() < 0.25
            lead = None if unassigned else rng.choice(dept_pool)
            leader = org.leader_of.get(lead) if lead else None
            is_key = rng.random() < 0.03 and not unassigned
            dispatched = assigned + timedelta(days=rng.randint(1, 3)) if lead else None
            statutory = memo.statutory(kind, role, assigned)
            co_depts = []
            if lead and rng.random() < 0.22:
                co_depts = rng.sample([d for d in org.handling if d != lead], rng.choice((1, 1, 2)))
            extended = None
            if statutory and rng.random() < 0.03 and state not in ("assigned", "return_requested", "withdrawn", "merged"):
                extended = statutory + timedelta(days=rng.choice((30, 45, 60)))
            deadline = extended or statutory
            signed = dispatched + timedelta(days=rng.randint(0, 4)) if lead and state not in ("assigned", "return_requested") else None
            replied = closed = rehandle_dl = merged_into = None
            rnd = 1
            reply_round1 = None
            if state in ("replied", "closed", "rehandling") and role != "reference":
                span = max((deadline - assigned).days if deadline else 80, 20)
                late = rng.random() < 0.03
                replied = assigned + timedelta(days=rng.randint(max(span - 45, 15), span + (rng.randint(3, 30) if late else 0)))
                replied = min(replied, today - timedelta(days=1))
                reply_round1 = replied
            if state == "closed" and role == "reference":
                closed = signed
            elif state == "closed":
                closed = replied if role == "co" else min(replied + timedelta(days=rng.randint(10, 40)), today)
            if state == "rehandling":
                fb_day = min(replied + timedelta(days=rng.randint(10, 30)), today)
                rehandle_dl = memo.rehandle(fb_day)
                rnd = 2
            if state == "merged":
                pool = closed_by_year_kind.get((year, kind))
                merged_into = rng.choice(pool) if pool else None
                if merged_into is None:
                    state = "withdrawn"
            if state == "closed":
                closed_by_year_kind.setdefault((year, kind), []).append(pid)
            title = texts.title(kind)
            created_by = rng.choice(office)
            created_at = _at(assigned, rng)
            s_items.add({
                "id": pid, "kind": kind, "level": "provincial", "session_name": sessions[kind], "year": year, "period": period,
                "number": f"{numbers[kind]:04d}", "title": title, "body": texts.body(title), "bureau_role": role,
                "assigning_body": "省人大常委会选举联络人事任免工作委员会" if kind == "npc" else "省政协提案委员会",
                "assigned_on": assigned, "doc_no": f"江南{'人大' if kind == 'npc' else '政协'}交〔{year}〕{rng.randint(1, 40)}号",
                "external_lead_unit": "省住房城乡建设厅" if role == "co" else "", "external_co_units": "",
                "is_key": is_key, "leading_leader_id": leader if is_key else None, "responsible_leader_id": leader,
                "lead_department_id": lead, "requirements": texts.requirements() if lead and rng.random() < 0.5 else "",
                "statutory_deadline": statutory, "statutory_overridden": False,
                "internal_deadline": statutory - timedelta(days=10) if statutory and lead else None,
                "cohandling_deadline": memo.cohandling(assigned) if co_depts else None,
                "extended_deadline": extended, "rehandle_deadline": rehandle_dl, "state": state, "round": rnd,
                "dispatched_on": dispatched, "signed_for_on": signed, "replied_on": replied, "closed_on": closed,
                "merged_into_id": merged_into,
                "end_reason": {"withdrawn": "提案人来函申请撤回。", "merged": "与同类建议内容相近，并案办理。"}.get(state, ""),
                "created_at": created_at, "created_by_id": created_by, "version": 1,
            })
            # Proposers: the lead and 0–4 co-signers.
            lead_proposer = None
            for order in range(1 + rng.choice((0, 0, 1, 2, 3, 4))):
                unit, post = texts.proposer_unit()
                prid = nid("proposer")
                lead_proposer = lead_proposer or prid
                s_prop.add({
                    "id": prid, "proposal_id": pid, "name": texts.person(), "is_lead": order == 0,
                    "delegation": rng.choice(DELEGATIONS_NPC if kind == "npc" else SECTORS_CPPCC),
                    "unit_post": f"{unit}{post}", "phone": texts.phone() if order == 0 else "", "sort_order": order,
                })
            for d in co_depts:
                opinion_given = state not in ("assigned", "return_requested") and rng.random() < 0.85
                op_day = min(assigned + timedelta(days=rng.randint(10, 35)), today) if opinion_given else None
                by = rng.choice(org.handlers[d]) if opinion_given else None
                s_codept.add({
                    "id": nid("misc"), "proposal_id": pid, "department_id": d, "role": "co",
                    "opinion": "原则同意主办处室的办理意见，补充本处室相关工作情况。" if opinion_given else "",
                    "opinion_on": op_day, "opinion_by_id": by,
                })
                if opinion_given:
                    s_opinion.add({
                        "id": nid("misc"), "proposal_id": pid, "department_id": d, "round": 1,
                        "body": "原则同意主办处室的办理意见，补充本处室相关工作情况。", "submitted_by_id": by,
                        "submitted_on": op_day, "created_at": _at(op_day, rng),
                    })
            handlers = org.handlers.get(lead, office)
            worked = lead is not None and state not in ("assigned", "return_requested") and role != "reference"
            work_end = min(replied or today, today)
            audit_rows = [("import" if rng.random() < 0.7 else "create", created_at, created_by, f"导入：{'人大建议' if kind == 'npc' else '政协提案'}第{numbers[kind]:04d}号《{title[:60]}》", {})]
            if lead:
                audit_rows.append(("assign", _at(dispatched, rng), created_by, "四定交办", {"state": [None, "assigned"]}))
            if signed:
                audit_rows.append(("sign_for", _at(signed, rng), rng.choice(handlers), "签收", {"state": ["assigned", "in_progress"]}))
            is_timeline = timeline_id is None and current and state == "closed" and role == "lead" and pid > per_year * (scale.years - 1) + per_year // 10
            n_contacts = n_notes = 0
            if worked:
                if is_timeline:
                    timeline_id = pid
                    n_contacts = n_notes = scale.timeline
                else:
                    n_contacts = min(int(rng.expovariate(1 / mean_contacts) + 0.5), 60) if mean_contacts else 0
                    n_notes = min(int(rng.expovariate(1 / mean_notes) + 0.5), 60) if mean_notes else 0
                    if role in ("lead", "separate") and state in ("replied", "closed", "rehandling") and n_contacts == 0 and rng.random() < 0.98:
                        n_contacts = 1
            span = max((work_end - (signed or assigned)).days, 1)
            for k in range(n_contacts):
                day = (signed or assigned) + timedelta(days=rng.randint(0, span))
                if k == 0 and replied:
                    day = min(day, replied)
                stage = "before" if k == 0 else rng.choice(("during", "during", "after"))
                leader_present = rng.random() < 0.15
                s_contact.add({
                    "id": nid("contact"), "proposal_id": pid, "round": 1, "stage": stage,
                    "method": rng.choice(("meeting", "visit", "survey", "phone", "phone", "video", "written")), "contact_on": day,
                    "participants": f"{org.names.get(leader, '') + '、' if leader_present and leader else ''}承办处室；领衔代表",
                    "leader_present": leader_present, "deputy_said": texts.contact_words(),
                    "created_by_id": rng.choice(handlers), "created_at": _at(day, rng),
                })
                if is_timeline or rng.random() < 0.25:
                    audit_rows.append(("contact", _at(day, rng), rng.choice(handlers), f"沟通记录：{day:%Y-%m-%d} {CONTACT_STAGE_LABELS[stage]}", {}))
            for k in range(n_notes):
                day = (signed or assigned) + timedelta(days=rng.randint(0, span))
                body = texts.note()
                s_note.add({"id": nid("note"), "proposal_id": pid, "round": 1, "body": body, "created_by_id": rng.choice(handlers), "created_at": _at(day, rng)})
                if is_timeline or rng.random() < 0.25:
                    audit_rows.append(("note", _at(day, rng), rng.choice(handlers), f"办理进展：{body[:200]}", {}))
            # Reply and what follows it.
            reply_id = None
            result = None
            if role != "reference" and state in DRAFTED:
                result = _pick(rng, RESULTS) if role in ("lead", "separate") else None
                reply_id = nid("reply")
                draft_day = (replied or today) - timedelta(days=rng.randint(5, 15))
                sent = state in ("replied", "closed", "rehandling")
                r_state = "sent" if sent else REPLY_STATE[state]
                if state == "awaiting_signoff" and rng.random() < 0.3:
                    r_state = "signed"
                s_reply.add({
                    "id": reply_id, "proposal_id": pid, "round": 1, "state": r_state,
                    "doc_no": f"江南环函〔{year}〕{rng.randint(1, 900)}号" if sent or r_state == "signed" else "",
                    "title": f"关于{sessions[kind]}第{numbers[kind]:04d}号{'建议' if kind == 'npc' else '提案'}的答复",
                    "body": texts.reply_body(), "result_class": result, "contact_person": org.names.get(rng.choice(handlers), ""),
                    "contact_phone": "86601263", "disclosure": "public", "disclosure_reason": "", "copies": "",
                    "commitment_text": "按计划推进相关工作并及时反馈进展" if result in ("B", "C") else "",
                    "commitment_due_on": date(year + 1, 6, 30) if result in ("B", "C") else None, "return_reason": "",
                    "created_by_id": rng.choice(handlers), "updated_by_id": None, "updated_at": _at(draft_day, rng),
                    "approved_by_id": org.heads.get(lead) if state not in ("dept_review",) else None,
                    "approved_on": draft_day + timedelta(days=2) if state != "dept_review" else None,
                    "passed_by_id": created_by if state not in ("dept_review", "office_review") else None,
                    "passed_on": draft_day + timedelta(days=4) if state not in ("dept_review", "office_review") else None,
                    "signed_by_id": leader if sent or r_state == "signed" else None,
                    "signed_on": (replied or today) - timedelta(days=1) if sent or r_state == "signed" else None,
                    "sent_on": replied if sent else None, "sent_by_id": created_by if sent else None, "version": 1,
                })
                audit_rows.append(("submit_draft", _at(draft_day, rng), rng.choice(handlers), "报处室审核", {"state": ["in_progress", "dept_review"]}))
                if state not in ("dept_review",):
                    audit_rows.append(("approve_draft", _at(draft_day + timedelta(days=2), rng), org.heads.get(lead), "处室审核通过", {}))
                if sent:
                    audit_rows.append(("sign_off", _at(replied - timedelta(days=1), rng), leader, "领导签发", {}))
                    audit_rows.append(("mark_sent", _at(replied, rng), created_by, f"答复已发出（{result or '会办意见'}）", {"state": ["awaiting_signoff", "replied"]}))
                    if result in ("B", "C"):
                        s_commit.add({
                            "id": nid("misc"), "proposal_id": pid, "reply_id": reply_id, "content": "按计划推进相关工作并及时反馈进展",
                            "due_on": date(year + 1, 6, 30), "done_on": date(year + 1, rng.randint(1, 6), 15) if year + 1 < today.year or (year + 1 == today.year and rng.random() < 0.5) else None,
                            "done_note": "", "done_by_id": None, "created_at": _at(replied, rng),
                        })
            if role in ("lead", "separate") and state in ("closed", "rehandling") and replied:
                fb_day = min(replied + timedelta(days=rng.randint(10, 30)), today)
                sat = "unsatisfied" if state == "rehandling" else _pick(rng, SAT[:2])
                s_feedback.add({
                    "id": nid("feedback"), "proposal_id": pid, "proposer_id": lead_proposer, "round": 1, "met": rng.random() < 0.7,
                    "attitude": "satisfied" if rng.random() < 0.9 else "basically", "result": sat,
                    "words": rng.choice(("办理态度认真，答复内容具体。", "工作有进展，希望加快进度。", "答复较为笼统，希望重新研究办理。")),
                    "channel": rng.choice(("receipt", "phone", "in_person")), "received_on": fb_day, "entered_by_id": created_by,
                    "created_at": _at(fb_day, rng),
                })
                audit_rows.append(("feedback", _at(fb_day, rng), created_by, "录入反馈", {}))
                if state == "closed":
                    audit_rows.append(("close", _at(closed, rng), created_by, "办结", {"state": ["replied", "closed"]}))
                else:
                    audit_rows.append(("reopen", _at(fb_day, rng), created_by, "重新办理", {"state": ["replied", "rehandling"]}))
                    s_reply.add({
                        "id": nid("reply"), "proposal_id": pid, "round": 2, "state": "draft", "doc_no": "", "title": "", "body": "",
                        "result_class": None, "contact_person": "", "contact_phone": "", "disclosure": "public", "disclosure_reason": "",
                        "copies": "", "commitment_text": "", "commitment_due_on": None, "return_reason": "", "created_by_id": rng.choice(handlers),
                        "updated_by_id": None, "updated_at": _at(fb_day, rng), "approved_by_id": None, "approved_on": None, "passed_by_id": None,
                        "passed_on": None, "signed_by_id": None, "signed_on": None, "sent_on": None, "sent_by_id": None, "version": 1,
                    })
            if extended:
                s_ext.add({
                    "id": nid("misc"), "proposal_id": pid, "round": 1, "department_id": lead, "reason": "涉及多部门协调，需延长办理时间。",
                    "requested_until": extended, "original_deadline": statutory, "requested_by_id": rng.choice(handlers),
                    "requested_on": statutory - timedelta(days=15), "state": "approved", "decided_by_id": created_by,
                    "decided_on": statutory - timedelta(days=12), "decision_note": "",
                })
                audit_rows.append(("extension_approved", _at(statutory - timedelta(days=12), rng), created_by, "同意延期", {}))
            if state == "return_requested":
                s_ret.add({
                    "id": nid("misc"), "proposal_id": pid, "department_id": lead, "reason": "该件所提事项不属于本处室职责范围。",
                    "suggested_department_id": rng.choice([d for d in org.handling if d != lead]), "suggested_unit": "",
                    "requested_by_id": rng.choice(handlers), "requested_on": min(dispatched + timedelta(days=2), today),
                    "state": "pending", "decided_by_id": None, "decided_on": None, "decision_note": "", "new_department_id": None,
                })
                audit_rows.append(("request_return", _at(min(dispatched + timedelta(days=2), today), rng), rng.choice(handlers), "申请退回", {"state": ["assigned", "return_requested"]}))
            if state in OPEN_STATES and lead and deadline and deadline < today + timedelta(days=7) and rng.random() < 0.5:
                s_urge.add({
                    "id": nid("misc"), "proposal_id": pid, "department_id": lead, "note": "请抓紧办理，按期答复。",
                    "level": "red" if deadline < today else "yellow", "urged_by_id": created_by,
                    "urged_at": _at(today - timedelta(days=rng.randint(0, 5)), rng),
                    "acknowledged_at": None if rng.random() < 0.6 else _at(today, rng), "acknowledged_by_id": None,
                })
            if state in ("withdrawn", "merged"):
                audit_rows.append(("withdraw" if state == "withdrawn" else "merge",
                                   _at(min(assigned + timedelta(days=rng.randint(5, 40)), today), rng), created_by, "撤回" if state == "withdrawn" else "并案", {}))
            # Face-to-face meetings (面商) with the responsible leader, in the leaders' calendars.
            if leader == bench_leader and current and worked and state in OPEN_STATES and spare_meeting is None:
                spare_meeting = (pid, handlers)
            if leader and worked and rng.random() < (0.12 if current else 0.03):
                day = (signed or assigned) + timedelta(days=rng.randint(3, max(span, 4)))
                if current and state in OPEN_STATES and rng.random() < 0.5:
                    day = today + timedelta(days=rng.randint(-20, 25))
                start = datetime.combine(day, dtime(1 + rng.randint(0, 6), 0))
                cancelled = rng.random() < 0.05
                if leader == bench_leader and not cancelled and today <= day and (day.year, day.month) == (today.year, today.month):
                    coming_this_month = True
                s_meet.add({
                    "id": nid("misc"), "proposal_id": pid, "leader_id": leader, "starts_at": start, "ends_at": start + timedelta(hours=1, minutes=30),
                    "place": "厅机关第三会议室", "note": "与领衔代表面商办理方案", "cancelled": cancelled,
                    "created_by_id": rng.choice(handlers), "created_at": _at(min(day, today), rng), "version": 1,
                })
            # Audit entries: the structural ones always; trim the mirrored contact/note ones to the budget.
            remaining_items = scale.items - pid
            allowance = max((audit_budget - audit_used) - remaining_items * 3, 3) if not is_timeline else len(audit_rows)
            if len(audit_rows) > allowance and not is_timeline:
                structural = [a for a in audit_rows if a[0] not in ("contact", "note")]
                mirrored = [a for a in audit_rows if a[0] in ("contact", "note")]
                audit_rows = structural[:max(allowance, 1)] + mirrored[: max(allowance - len(structural), 0)]
            audit_rows.sort(key=lambda a: a[1])
            for action, at, uid, summary, changes in audit_rows:
                s_audit.add({"id": nid("audit"), "at": at, "user_id": uid, "object_type": "proposal", "object_id": pid,
                             "action": action, "summary": summary[:500], "changes": changes})
            audit_used += len(audit_rows)
    # Top up the audit trail to its budget with entries on random recent items (urges, reminders, edits).
    while audit_used < audit_budget:
        pid = rng.randint(max(1, ids["proposal"] - per_year * 2), ids["proposal"])
        day = today - timedelta(days=rng.randint(0, 700))
        s_audit.add({"id": nid("audit"), "at": _at(day, rng), "user_id": rng.choice(office), "object_type": "proposal", "object_id": pid,
                     "action": "update_assignment", "summary": "修改四定", "changes": {"requirements": ["", "答复前须与代表见面"]}})
        audit_used += 1
    # The benchmark's leader has a coming 面商 this month at every scale, so that the calendar, the feed and the
    # 工作台 load what those rows need at 500 items as at 50,000 (a list without rows loads nothing for them).
    if not coming_this_month and spare_meeting is not None:
        pid, handlers = spare_meeting
        tomorrow = today + timedelta(days=1)
        start = datetime.combine(tomorrow if tomorrow.month == today.month else today, dtime(7, 0))  # 15:00 China time
        s_meet.add({
            "id": nid("misc"), "proposal_id": pid, "leader_id": bench_leader, "starts_at": start, "ends_at": start + timedelta(hours=1, minutes=30),
            "place": "厅机关第三会议室", "note": "与领衔代表面商办理方案", "cancelled": False,
            "created_by_id": rng.choice(handlers), "created_at": _at(today, rng), "version": 1,
        })
    for s in sinks:
        s.flush()
    meta.update({
        "timeline_item": timeline_id, "items": ids["proposal"],
        "rows": {s.table.name: s.count for s in sinks},
    })
    return meta


# ---------------------------------------------------------------------------
# Reception days, records, contact points


def seed_reception(conn, tables, org: Org, scale: Scale, rng: random.Random, texts: Texts, today: date, cal, memo_rules, report: dict) -> dict:
    from models.reception import PointKind, RecordKind, RuleKind, VisitStatus
    from rules import deadlines as rules_mod

    T = tables
    first_year = today.year - scale.years + 1
    s_rule = Sink(conn, T["reception_rules"], report=report)
    s_rule_leader = Sink(conn, T["reception_rule_leaders"], (s_rule,), report)
    s_day = Sink(conn, T["reception_days"], (s_rule,), report)
    s_booking = Sink(conn, T["reception_bookings"], (s_day,), report)
    s_record = Sink(conn, T["reception_records"], (s_day, s_booking), report)
    s_progress = Sink(conn, T["reception_progress"], (s_record,), report)
    s_point = Sink(conn, T["contact_points"], report=report)
    s_visit = Sink(conn, T["contact_visits"], (s_point,), report)
    s_token = Sink(conn, T["calendar_feed_tokens"], report=report)
    sinks = [s_rule, s_rule_leader, s_day, s_booking, s_record, s_progress, s_point, s_visit, s_token]
    place = "厅机关一楼群众来访接待室"
    director, deputies = org.leaders[0], org.leaders[1:5]
    s_rule.add({"id": 1, "name": "厅长接访日", "kind": RuleKind.MONTHLY_DAY, "day_of_month": 15, "nth": None, "weekday": None, "shift": True,
                "start_time": dtime(9, 0), "end_time": dtime(11, 30), "place": place, "valid_from": date(first_year, 1, 1), "valid_until": None,
                "booking_info": "请至少提前一个工作日电话预约：0571-86601200。", "out_of_scope": "已进入诉讼、仲裁程序的事项。",
                "active": True, "created_at": datetime(first_year, 1, 1), "version": 1})
    s_rule.add({"id": 2, "name": "副厅长轮值接访日", "kind": RuleKind.MONTHLY_NTH_WEEKDAY, "day_of_month": None, "nth": 1, "weekday": 4, "shift": True,
                "start_time": dtime(14, 30), "end_time": dtime(17, 0), "place": place, "valid_from": date(first_year, 1, 1), "valid_until": None,
                "booking_info": "请至少提前一个工作日电话预约：0571-86601200。", "out_of_scope": "已进入诉讼、仲裁程序的事项。",
                "active": True, "created_at": datetime(first_year, 1, 1), "version": 1})
    s_rule_leader.add({"rule_id": 1, "position": 0, "user_id": director})
    for i, uid in enumerate(deputies):
        s_rule_leader.add({"rule_id": 2, "position": i, "user_id": uid})
    days = []  # (id, date, leader)
    day_id = 0
    months = [(y, m) for y in range(first_year, today.year + 1) for m in range(1, 13) if date(y, m, 1) <= today + timedelta(days=62)]
    for n, (y, m) in enumerate(months):
        for rule, slot, start_t, leader in (
            (1, date(y, m, 15), dtime(9, 0), director),
            (2, _first_weekday(y, m, 4), dtime(14, 30), deputies[n % len(deputies)]),
        ):
            day = cal.next_working_day(slot)
            day_id += 1
            starts = datetime.combine(day, start_t) - timedelta(hours=8)
            s_day.add({"id": day_id, "rule_id": rule, "slot": slot, "date": day, "starts_at": starts, "ends_at": starts + timedelta(hours=2, minutes=30),
                       "place": place, "leader_id": leader, "scheduled_leader_id": leader, "swap_reason": "",
                       "moved_reason": "遇节假日顺延" if day != slot else "", "manual": False, "cancelled": False, "cancel_reason": "",
                       "created_at": datetime(y, m, 1), "updated_at": datetime(y, m, 1), "version": 1})
            days.append((day_id, day, leader, starts))
    booking_id = 0
    for did, day, leader, starts in days:
        for _ in range(rng.randint(0, 4)):
            booking_id += 1
            s_booking.add({"id": booking_id, "day_id": did, "visitor_name": texts.person(), "phone": texts.phone(),
                           "id_number": f"33010{rng.randint(10**12, 10**13 - 1)}", "people_count": rng.randint(1, 4),
                           "issue": texts.reception_issue(), "booked_on": day - timedelta(days=3), "created_at": datetime.combine(day, dtime(2)) - timedelta(days=3),
                           "created_by_id": org.office[0], "cancelled": False, "cancel_reason": "", "version": 1})
    # Reception records: on reception days (现场接访), field visits (下访) and appointments (约访).
    past_days = [d for d in days if d[1] <= today]
    rules = memo_rules
    progress_id = 0
    for rid in range(1, scale.receptions + 1):
        kind = _pick(rng, [(RecordKind.ONSITE, 60), (RecordKind.VISIT, 25), (RecordKind.APPOINTMENT, 15)])
        if kind == RecordKind.ONSITE:
            did, day, leader, starts = rng.choice(past_days)
            ends = None
            starts_at = ends_at = None
        else:
            did = None
            leader = rng.choice(org.leaders[:5])
            offset = rng.randint(0, (today - date(first_year, 1, 1)).days + 40)
            day = date(first_year, 1, 1) + timedelta(days=offset)
            if not cal.is_working_day(day):
                day = cal.next_working_day(day)
            starts_at = datetime.combine(day, dtime(rng.choice((1, 2, 6, 7)), 0))
            ends_at = starts_at + timedelta(hours=rng.choice((2, 3)))
        future = day > today
        dept = rng.choice(org.handling)
        accepted = None if future or rng.random() < 0.05 else day + timedelta(days=rng.randint(1, 10))
        accept_deadline = rules_mod.petition_accept_deadline(day, cal, rules)
        handle_deadline = rules_mod.petition_handle_deadline(accepted, cal, rules) if accepted else None
        finished = None
        if accepted and handle_deadline and handle_deadline < today and rng.random() < 0.97:
            finished = accepted + timedelta(days=rng.randint(10, 55))
        elif accepted and rng.random() < 0.4:
            finished = min(accepted + timedelta(days=rng.randint(5, 30)), today)
        s_record.add({
            "id": rid, "kind": kind, "day_id": did, "booking_id": None, "leader_id": leader, "received_on": day,
            "starts_at": starts_at, "ends_at": ends_at, "place": place if did else f"{rng.choice(CITIES)}生态环境局会议室",
            "visitors": f"{texts.person()}等{rng.randint(1, 5)}人", "visitor_count": rng.randint(1, 5), "visitor_phone": texts.phone(),
            "issue": texts.reception_issue(), "instruction": "请相关处室会同属地生态环境局核查处理，按期反馈。" if not future else "",
            "department_id": None if future else dept, "assigned_on": None if future else day,
            "accept_deadline": None if future else accept_deadline, "accepted_on": accepted,
            "accept_decision": "accepted" if accepted else None, "accept_note": "", "handle_deadline": handle_deadline,
            "extension_reason": "", "extension_requested_on": None, "extended": False,
            "result": "经核查，已督促整改到位并向来访群众反馈。" if finished else "", "finished_on": finished,
            "satisfaction": rng.choice(("satisfied", "satisfied", "basically")) if finished else None, "satisfaction_note": "",
            "cancelled": False, "cancel_reason": "", "created_at": datetime.combine(min(day, today), dtime(3)),
            "created_by_id": org.office[0], "updated_at": datetime.combine(min(day, today), dtime(3)), "version": 1,
        })
        if accepted:
            progress_id += 1
            s_progress.add({"id": progress_id, "record_id": rid, "at": datetime.combine(accepted, dtime(3)),
                            "user_id": org.handlers[dept][0], "text": "已受理，正会同属地生态环境局核查。"})
    # Contact points: 2 per leader per year, visited about once a quarter.
    point_id = visit_id = 0
    kinds = list(PointKind)
    for year in range(first_year, today.year + 1):
        for leader in org.leaders[:5]:
            for k in range(2):
                point_id += 1
                city = rng.choice(CITIES)
                s_point.add({"id": point_id, "leader_id": leader, "name": f"{city}{rng.choice(('生态环境局', '经济技术开发区', '白沙村', '化工园区'))}",
                             "kind": kinds[(point_id + k) % len(kinds)], "region": city, "address": f"{city}人民路{rng.randint(1, 200)}号",
                             "contact_person": texts.person(), "contact_phone": texts.phone(), "year": year, "visits_per_quarter": 1,
                             "focus": "督察反馈问题整改、基层生态环境治理", "active": year == today.year, "created_at": datetime(year, 1, 5), "version": 1})
                for q in range(4):
                    day = date(year, 3 * q + 2, rng.randint(3, 25))
                    if day > today + timedelta(days=30):
                        continue
                    visit_id += 1
                    starts = datetime.combine(day, dtime(1, 30))
                    done = day <= today
                    s_visit.add({"id": visit_id, "point_id": point_id, "visit_date": day, "starts_at": starts, "ends_at": starts + timedelta(hours=4),
                                 "status": VisitStatus.DONE if done else VisitStatus.PLANNED, "purpose": "调研督察反馈问题整改",
                                 "participants": "局领导、相关处室负责人", "problems_found": "整改进度滞后。" if done else "",
                                 "problems_solved": "协调解决资金和技术问题。" if done else "", "found_count": rng.randint(1, 4) if done else 0,
                                 "solved_count": rng.randint(0, 3) if done else 0, "cancel_reason": "", "created_at": datetime.combine(day, dtime(0)) - timedelta(days=10),
                                 "updated_at": datetime.combine(min(day, today), dtime(0)), "version": 1})
    s_token.add({"id": 1, "user_id": org.usernames["leader1"], "token_hash": hashlib.sha256(FEED_TOKEN.encode()).hexdigest(),
                 "created_at": datetime(today.year, 1, 5), "revoked_at": None, "last_used_at": None})
    for s in sinks:
        s.flush()
    return {"rows": {s.table.name: s.count for s in sinks}}


def _first_weekday(year: int, month: int, weekday: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(weekday - d.weekday()) % 7)


# ---------------------------------------------------------------------------
# Entry point


def reset_sequences(conn) -> None:
    """PostgreSQL: move every id sequence past the ids we inserted (the app inserts afterwards)."""
    rows = conn.execute(sa.text(
        "SELECT t.relname, a.attname, pg_get_serial_sequence(quote_ident(t.relname), a.attname) "
        "FROM pg_class t JOIN pg_attribute a ON a.attrelid = t.oid JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE n.nspname = 'public' AND t.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped "
        "AND pg_get_serial_sequence(quote_ident(t.relname), a.attname) IS NOT NULL"
    )).all()
    for table, column, seq in rows:
        conn.execute(sa.text(f"SELECT setval('{seq}', COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false)"))


def seed(app, scale: Scale, rng_seed: int = 2026, schema: str = "auto", analyze: bool = True) -> dict:
    """Create the schema and fill it. Returns timings, row counts and what the benchmark needs to know."""
    from werkzeug.security import generate_password_hash

    from extensions import db
    from rules import clock
    from models import workcal

    report: dict = {}
    t0 = time.perf_counter()
    with app.app_context():
        engine = db.engine
        report["schema"] = create_schema(app, schema)
        t_schema = time.perf_counter()
        # The working-day table as an admin fills it (the years the chinesecalendar package knows).
        workcal.fill_known_years()
        db.session.commit()
        cal, rules = workcal.calendar(), workcal.rules()
        db.session.remove()
        today = clock.today()
        rng = random.Random(rng_seed)
        texts = Texts(rng)
        password_hash = generate_password_hash(BENCH_PASSWORD, method=app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
        tables = db.metadata.tables
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                # Before the first INSERT opens the transaction (foreign_keys is a no-op inside one).
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.exec_driver_sql("PRAGMA synchronous=OFF")
            org = seed_org(conn, tables, texts, password_hash, clock.utcnow())
            items = seed_items(conn, tables, org, scale, rng, texts, today, DeadlineMemo(cal, rules), report)
            reception = seed_reception(conn, tables, org, scale, rng, texts, today, cal, rules, report)
            if engine.dialect.name == "postgresql":
                reset_sequences(conn)
        t_rows = time.perf_counter()
        # Derived structures outside the ORM metadata (the search index) follow ORM flushes in the app;
        # rows inserted with Core bypass that, so they are rebuilt once here, as the installers do.
        from models import schema_extras

        schema_extras.install(engine)
        # Likewise each item's row of facts (models/facts.py), which the app keeps in step with its flushes.
        from models import facts

        with engine.begin() as conn:
            report["facts"] = facts.rebuild(conn)
        t_extras = time.perf_counter()
        if analyze:
            with engine.connect() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
                else:
                    conn.exec_driver_sql("ANALYZE")
                    conn.commit()
        t_end = time.perf_counter()
        rows = {**items.pop("rows"), **reception["rows"]}
        rows["users"] = len(org.usernames)
        counts = {
            "items": rows.get("proposals", 0), "contact_records": rows.get("contact_records", 0),
            "progress_notes": rows.get("progress_notes", 0), "audit_entries": rows.get("audit_entries", 0),
            "reception_records": rows.get("reception_records", 0), "users": len(org.usernames),
        }
        engine.dispose()
    lead_dept = org.departments["大气环境处"]
    return {
        **report,
        "scale": asdict(scale),
        "seconds": {"schema": round(t_schema - t0, 2), "rows": round(t_rows - t_schema, 2), "extras": round(t_extras - t_rows, 2),
                    "analyze": round(t_end - t_extras, 2), "total": round(t_end - t0, 2)},
        "analyze": analyze,
        "counts": counts,
        "rows": rows,
        "today": today.isoformat(),
        "password": BENCH_PASSWORD,
        "feed_token": FEED_TOKEN,
        "users": {"office": "office1", "handler": f"handler_{org.codes[lead_dept]}_1", "head": f"head_{org.codes[lead_dept]}", "leader": "leader1", "admin": "admin"},
        "department_id": lead_dept,
        "leader_id": org.usernames["leader1"],
        **items,
    }


def _pg_superuser(url: str) -> bool:
    """``session_replication_role`` needs a superuser; another role loads with the triggers on."""
    import psycopg

    try:
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            return bool(conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0])
    except psycopg.Error:
        return False


def make_app(database_url: str, loading: bool = False):
    """The app on ``database_url`` (development mode, no request). ``loading``: connections tuned for a
    one-off bulk load — on PostgreSQL no foreign-key triggers (the rows are consistent by construction),
    no synchronous commit, more memory for index builds."""
    os.environ.pop("LIANXIN_ENV", None)
    from app import create_app

    config = {"SQLALCHEMY_DATABASE_URI": database_url}
    if loading and database_url.startswith("postgres") and _pg_superuser(database_url):
        options = "-c session_replication_role=replica -c synchronous_commit=off -c maintenance_work_mem=256MB -c gin_pending_list_limit=32MB"
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, "connect_args": {"options": options}}
    return create_app(config)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="database URL (sqlite:///… or postgresql://…)")
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--schema", choices=("auto", "migrations", "create_all"), default="auto")
    parser.add_argument("--no-analyze", action="store_true")
    parser.add_argument("--out", help="write the seed report (JSON) here")
    args = parser.parse_args(argv)
    app = make_app(args.url, loading=True)
    result = seed(app, Scale.for_items(args.items), schema=args.schema, analyze=not args.no_analyze)
    text = json.dumps(result, ensure_ascii=False, indent=2, default=str)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
