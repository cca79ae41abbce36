"""Lianxin (连心): the application factory."""
from __future__ import annotations

import os

from flask import Flask

import config as lianxin_config
from extensions import csrf, db, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(lianxin_config.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(lianxin_config.from_environment())
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "lianxin.db")
    app.config["SQLALCHEMY_DATABASE_URI"] = lianxin_config.normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config.setdefault("UPLOAD_FOLDER", os.path.join(app.instance_path, "uploads"))
    lianxin_config.check_production(app.config)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)

    from blueprints import register_blueprints
    from commands import register_commands
    from web.hooks import init_web

    follow_changes()
    use_schema_extras()
    wire_features()
    init_web(app)
    register_blueprints(app)
    register_commands(app)
    return app


# Everything below is what runs besides the blueprints' views and the commands (each listed in its own package):
# nothing registers itself when its module is imported (tests/test_wiring.py checks). Each call replaces its list,
# so building a second app (as the tests do) changes nothing.


def follow_changes() -> None:
    """What every ORM flush keeps in step, in the flush's transaction."""
    from models import facts
    from services import search

    facts.follow_changes()  # each item's row of facts (the statistics' figures)
    search.follow_changes()  # the full-text index of items


def use_schema_extras() -> None:
    """Database objects outside the ORM metadata (tests install them after ``create_all``; migrations create them)."""
    from models import schema_extras
    from services import search

    schema_extras.use(search.SCHEMA)


def wire_features() -> None:
    """The features' hooks into shared places: the audit log's labels, the working-day table's callbacks, the 工作台's panels."""
    import blueprints.admin_milestones
    import blueprints.admin_settings
    import blueprints.admin_webhooks
    import blueprints.proposals.workbench
    import blueprints.reception.common
    import blueprints.stats
    import models.proposals
    import services.exports.documents
    import services.reception.milestones
    import services.reception.problems
    import services.reception.reminders
    import services.reception.schedule
    import services.stats.summary
    from models import audit, workcal
    from services import workbench

    for labels in (
        models.proposals.AUDIT_LABELS,
        blueprints.admin_milestones.AUDIT_LABELS,
        blueprints.admin_settings.AUDIT_LABELS,
        blueprints.admin_webhooks.AUDIT_LABELS,
        blueprints.reception.common.AUDIT_LABELS,
        services.exports.documents.AUDIT_LABELS,
        services.stats.summary.AUDIT_LABELS,
    ):
        audit.register_labels(**labels)
    # After the working-day table or the deadline rules change, in this order, in the same transaction.
    workcal.on_calendar_change(
        services.reception.milestones.sync_open_records,
        models.proposals.recompute_open_deadlines,
        services.reception.schedule.on_workdays_changed,
    )
    # The 工作台's panels, in display order (the daily digest counts the same ones).
    workbench.use_panels(
        services.reception.reminders.reception_panels,
        services.reception.milestones.milestone_panels,
        blueprints.admin_settings.holiday_notice_panel,
        blueprints.proposals.workbench.proposal_panels,
        services.reception.problems.problem_panels,
        blueprints.stats.rates_panel,
    )
