"""The production entry point: ``gunicorn wsgi:app`` or ``waitress-serve wsgi:app``.

Builds the application once and tunes the garbage collector for a long-running server (``services.runtime``).
"""
from app import create_app
from services.runtime import tune_gc

app = create_app()
tune_gc()
