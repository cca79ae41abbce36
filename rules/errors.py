"""Domain errors with a Chinese message for the user."""
from __future__ import annotations


class Refused(Exception):
    """A state change that is not allowed now (wrong state, wrong role, missing precondition).

    ``str(exc)`` is a complete Chinese sentence shown to the user.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
