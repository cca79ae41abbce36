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
    from models import facts
    from web.hooks import init_web

    facts.follow_changes()  # each item's row of facts (the statistics' figures) moves with every flush that moves it
    init_web(app)
    register_blueprints(app)
    register_commands(app)
    return app
