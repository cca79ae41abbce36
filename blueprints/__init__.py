"""Feature blueprints. Each feature adds one line here."""
from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import admin, admin_milestones, admin_settings, admin_webhooks, audit, auth, errors, main  # noqa: F401 (admin_* add routes)

    app.register_blueprint(errors.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(main.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(audit.bp)
    from . import proposals

    app.register_blueprint(proposals.bp)
    from . import calendar, reception

    app.register_blueprint(reception.bp)
    app.register_blueprint(calendar.bp)
    from . import letters, notifications, search, stats

    app.register_blueprint(notifications.bp)

    app.register_blueprint(stats.bp)
    app.register_blueprint(letters.bp)
    app.register_blueprint(search.bp)
    from . import documents

    app.register_blueprint(documents.bp)
