"""Domain errors with a Chinese message for the user."""
from __future__ import annotations

from werkzeug.exceptions import BadRequest


class Refused(Exception):
    """A state change that is not allowed now (wrong state, wrong role, missing precondition).

    ``str(exc)`` is a complete Chinese sentence shown to the user.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadInput(BadRequest):
    """A request value the app will not read (a date out of range, a control character): 400, and the
    Chinese ``message`` is shown on the error page."""

    _lianxin = True

    def __init__(self, message: str):
        super().__init__(description=message)
        self.message = message
