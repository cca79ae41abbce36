"""Command-line commands: ``flask --app app <command>``. Every command is listed here; nothing registers itself."""
from __future__ import annotations

from flask import Flask
from flask.cli import with_appcontext

from . import data, messages, proposals

COMMANDS = (
    data.create_user,
    data.seed_demo,
    data.rebuild_facts,
    data.backup,
    data.restore,
    proposals.import_proposals,
    messages.send_reminders_command,
    messages.send_digest_command,
)


def register_commands(app: Flask) -> None:
    for command in COMMANDS:
        if not getattr(command.callback, "_lx_app_context", False):
            # Every command runs inside the app's context (plain click commands would not).
            command.callback = with_appcontext(command.callback)
            command.callback._lx_app_context = True
        app.cli.add_command(command)
