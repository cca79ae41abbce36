"""Domain errors with a Chinese message for the user."""
from __future__ import annotations


class Refused(Exception):
    """A state change that is not allowed now (wrong state, wrong role, missing precondition).

    ``str(exc)`` is a complete Chinese sentence shown to the user; ``field`` names the input it is about (shown
    under that field of the form, else at the form's top).
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs under, when it is about one value
