"""A bare Flask endpoint, served like the app, as the yardstick for the pages' throughput."""
from __future__ import annotations

from flask import Flask

from services.runtime import tune_gc


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello():
        return "ok"

    return app


app = create_app()
tune_gc()  # served the same way as the app (wsgi.py)
