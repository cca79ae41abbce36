"""Cached dashboard figures (services/generations.py): computed once while nothing changes, again after any
committed change to what they are made of — through the ORM, in bulk, from another connection — and never
from a session that holds uncommitted changes."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from extensions import db
from models.audit import AuditEntry
from models.proposals import Proposal
from models.settings import CacheGeneration
from services import generations, stats
from tests.factories import make_proposal
from tests.stats_support import TODAY, frozen


@pytest.fixture
def computed(app, monkeypatch):
    calls = []
    real = stats.compute_dashboard
    monkeypatch.setattr(stats, "compute_dashboard", lambda f, user: calls.append(1) or real(f, user))
    return calls


def figures(world):
    return stats.dashboard(stats.Filters(year=2026), world.office)["totals"]["total"]


def test_the_figures_are_computed_once_until_the_data_changes(app, world, computed):
    with frozen(TODAY):
        make_proposal("9001", lead=world.air, leader=world.leader)
        assert figures(world) == 1 and figures(world) == 1 and len(computed) == 1
        # A committed change through the ORM: computed again, and right.
        make_proposal("9002", lead=world.air, leader=world.leader)
        assert figures(world) == 2 and len(computed) == 2
        # A bulk change through the session.
        db.session.execute(sa.update(Proposal).where(Proposal.number == "9002").values(year=2025))
        db.session.commit()
        assert figures(world) == 1 and len(computed) == 3
        db.session.execute(sa.delete(Proposal).where(Proposal.number == "9002"))
        db.session.commit()
        assert figures(world) == 1 and len(computed) == 4
        assert figures(world) == 1 and len(computed) == 4


def test_another_connection_committing_moves_the_counter(app, world, computed):
    with frozen(TODAY):
        make_proposal("9001", lead=world.air, leader=world.leader)
        assert figures(world) == 1
        db.session.commit()
        # Another worker (its own session and connection) changes an item.
        with Session(db.engine) as other:
            item = other.scalars(sa.select(Proposal).where(Proposal.number == "9001")).one()
            item.year = 2024
            other.commit()
        db.session.rollback()  # end this session's transaction: see what is committed now
        assert figures(world) == 0 and len(computed) == 2


def test_uncommitted_changes_bypass_the_cache_and_a_rollback_leaves_the_counter(app, world, computed):
    with frozen(TODAY):
        make_proposal("9001", lead=world.air, leader=world.leader)
        assert figures(world) == 1
        before = generations.current(db.session)
        make_proposal("9002", lead=world.air, leader=world.leader, commit=False)
        db.session.flush()
        assert figures(world) == 2  # this session sees its own new item, not the cached 1
        db.session.rollback()
        assert generations.current(db.session) == before
        assert figures(world) == 1


def test_writes_unrelated_to_the_figures_do_not_move_the_counter(app, world, computed):
    with frozen(TODAY):
        make_proposal("9001", lead=world.air, leader=world.leader)
        before = generations.current(db.session)
        db.session.add(AuditEntry(action="login", object_type="user", object_id=world.office.id, summary="登录"))
        db.session.commit()
        assert generations.current(db.session) == before
        world.office.name = "新名字"  # users are in the figures (leaders' and 处室 names, who sees what)
        db.session.commit()
        assert generations.current(db.session) == before + 1


def test_the_date_is_part_of_the_key(app, world, computed):
    with frozen(TODAY):
        make_proposal("9001", lead=world.air, leader=world.leader)
        figures(world)
    with frozen(date(TODAY.year, 12, 30)):
        figures(world)
    assert len(computed) == 2


def test_the_counter_row_is_created_by_the_first_change(app, world):
    db.session.execute(sa.delete(CacheGeneration))
    db.session.commit()  # (this commit itself touched cache_generations only: no bump)
    assert generations.current(db.session) == 0
    make_proposal("9001", lead=world.air, leader=world.leader)
    assert generations.current(db.session) == 1


def test_a_database_without_the_counter_table_caches_nothing_and_still_commits(app, world, computed, monkeypatch):
    """Migrations that stop before 0008: every view computes, and writes do not fail on the missing table."""
    before = generations.current(db.session)
    key = db.engine.url.render_as_string(hide_password=True)
    monkeypatch.setitem(generations._present, key, False)
    with frozen(TODAY):
        make_proposal("9001", lead=world.air, leader=world.leader)
        assert figures(world) == 1 and figures(world) == 1 and len(computed) == 2
    assert generations.current(db.session) == before  # not written to


def test_the_workbench_rates_panel_is_cached_too(app, world, as_user, monkeypatch):
    calls = []
    real = stats.count
    monkeypatch.setattr(stats, "count", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    with frozen(TODAY):
        make_proposal("9001", lead=world.air, leader=world.leader)
        office = as_user("office")
        assert "三率" in office.get("/").get_data(as_text=True)
        office.get("/")
        assert len(calls) == 1
        make_proposal("9002", lead=world.air, leader=world.leader)
        office.get("/")
        assert len(calls) == 2
