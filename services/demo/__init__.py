"""The demo's story, kept as data in the JSON files beside this module and moved to the day it is seeded.

Everything in it is fictional: "江南省" and its cities and counties do not exist; names, phone numbers and ID
numbers are made up (ID numbers use the unused province code 39 and a wrong check digit).

The files read as the story reads when seeded on ``story.json``'s ``seeded_on``; ``load(today)`` moves it:

* event dates (an item assigned, a contact, a reply, a booking …) move by the whole years from ``seeded_on`` to
  ``today`` (same month and day), then by the whole weeks left over, so that the story's "as of" day keeps its
  distance to ``today`` within a week; a date that was a working day and lands on a day off moves on to the next
  working day (when a calendar is given);
* yearly settings (a rule valid from 1 January, a rota's first month, a session's or contact point's year) and
  the years written in texts ("〔2025〕", "2025年底前") move by the years the story moved (rounded).

Seeded on an anniversary of ``seeded_on`` the story is the same, a year on; within a week of it nothing moves
but the year.
"""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).parent
EVENT_DATES = {"as_of", "date", "assigned_on", "replied_on", "requested_on", "due", "booked_on", "deadline", "reported_on"}
YEARS_IN_TEXT = re.compile(r"(?<!\d)20[23]\d(?!\d)")


def _read(name: str):
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Mover:
    def __init__(self, seeded_on: date, today: date, calendar):
        self.whole_years = today.year - seeded_on.year - ((today.month, today.day) < (seeded_on.month, seeded_on.day))
        self.weeks = (today - _add_years(seeded_on, self.whole_years)).days // 7
        self.days = (_add_years(seeded_on, self.whole_years) + timedelta(weeks=self.weeks) - seeded_on).days
        self.years = round(self.days / 365.2425)
        self.calendar = calendar

    def event(self, text: str) -> str:
        if not text or not self.days:
            return text
        day = date.fromisoformat(text)
        moved = _add_years(day, self.whole_years) + timedelta(weeks=self.weeks)
        if self.calendar is not None and self.calendar.is_working_day(day):
            moved = self.calendar.next_working_day(moved)
        return moved.isoformat()

    def year(self, text: str) -> str:
        return YEARS_IN_TEXT.sub(lambda m: str(int(m.group()) + self.years), text) if self.years else text

    def walk(self, value, key=None):
        if isinstance(value, dict):
            return {k: self.walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.walk(v, key) for v in value]
        if key == "year" and isinstance(value, int):
            return value + self.years
        if isinstance(value, str):
            return self.event(value) if key in EVENT_DATES else self.year(value)
        return value


def load(today: date | None = None, calendar=None) -> SimpleNamespace:
    """The story as of ``today`` (default: the day the files were written for). ``calendar`` (a
    ``WorkdayCalendar``) keeps working-day events on working days once moved."""
    story = _read("story")
    seeded_on = date.fromisoformat(story["seeded_on"])
    mover = _Mover(seeded_on, today or seeded_on, calendar)
    s = SimpleNamespace(**story, **_read("org"), **_read("vocabulary"), proposals=_read("proposals"), **_read("reception"))
    s = SimpleNamespace(**mover.walk(vars(s)))
    s.seeded_on, s.shift_days, s.shift_years = seeded_on, mover.days, mover.years
    s.as_of = date.fromisoformat(s.as_of)
    s.reception_rules, s.reception_place = s.reception["rules"], s.reception["place"]
    s.leader_of_dept = {dept: leader["username"] for leader in s.leaders for dept in leader["in_charge"]}
    s.handler_of_dept = {u["department"]: u["username"] for u in reversed(s.users) if "handler" in u["roles"]}
    s.head_of_dept = {u["department"]: u["username"] for u in s.users if "head" in u["roles"]}
    return s
