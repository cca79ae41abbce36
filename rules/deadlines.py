"""Deadline rules for suggestions, proposals and petitions, and the warning level.

Periods follow the Chinese rule: a period in months ends on the same day number
of the last month (or that month's last day), and when the last day of any
period falls on a day off, the period ends on the next working day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from typing import Any

from rules.workdays import WorkdayCalendar, add_months

NPC = "npc"
CPPCC = "cppcc"

WARNING_LEVEL_LABELS: dict[str, str] = {
    "green": "正常",
    "yellow": "临期",
    "red": "超期",
    "done": "已办结",
    "none": "未定",
}

RULE_LABELS: dict[str, str] = {
    "npc_reply_months": "人大建议答复期限（月）",
    "npc_max_months": "延期后最长答复期限（月）",
    "cppcc_reply_months": "政协提案答复期限（月）",
    "cohandling_months": "会办意见反馈期限（月）",
    "return_window_workdays": "申请退回/调整期限（工作日）",
    "rehandle_months": "不满意重新办理期限（月）",
    "yellow_days": "临期预警提前天数",
    "petition_accept_days": "信访事项受理告知期限（日）",
    "petition_handle_days": "信访事项办理期限（日）",
    "petition_extension_days": "信访事项最长延长期限（日）",
}


@dataclass
class DeadlineRules:
    """Admin-editable deadline settings; defaults follow DOMAIN.md."""

    npc_reply_months: int = 3
    npc_max_months: int = 6
    cppcc_reply_months: int = 3
    cohandling_months: int = 1
    return_window_workdays: int = 5
    rehandle_months: int = 1
    yellow_days: int = 7
    petition_accept_days: int = 15
    petition_handle_days: int = 60
    petition_extension_days: int = 30

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> DeadlineRules:
        """Load stored values over the defaults; unknown keys and ``None``/empty values are ignored.

        Values are coerced with ``int()`` (form input may be strings); a negative
        value raises ``ValueError``.
        """
        rules = cls()
        if not values:
            return rules
        for f in fields(cls):
            raw = values.get(f.name)
            if raw is None or raw == "":
                continue
            value = int(raw)
            if value < 0:
                raise ValueError(f"{f.name} must not be negative: {value}")
            setattr(rules, f.name, value)
        return rules

    def as_dict(self) -> dict[str, int]:
        """Plain dict of all settings, suitable for storage."""
        return asdict(self)


def _rules(rules: DeadlineRules | None) -> DeadlineRules:
    return rules if rules is not None else DeadlineRules()


def _months_later(start: date, months: int, cal: WorkdayCalendar) -> date:
    """End of a period of ``months`` months from ``start``, rolled to a working day."""
    return cal.next_working_day(add_months(start, months))


def _days_later(start: date, days: int, cal: WorkdayCalendar) -> date:
    """End of a period of ``days`` calendar days from ``start``, rolled to a working day."""
    return cal.next_working_day(start + timedelta(days=days))


def reply_deadline(
    kind: str, assigned_on: date, cal: WorkdayCalendar, rules: DeadlineRules | None = None
) -> date:
    """Statutory reply deadline of an NPC suggestion (``"npc"``) or CPPCC proposal (``"cppcc"``)."""
    r = _rules(rules)
    if kind == NPC:
        months = r.npc_reply_months
    elif kind == CPPCC:
        months = r.cppcc_reply_months
    else:
        raise ValueError(f"unknown item kind: {kind!r}")
    return _months_later(assigned_on, months, cal)


def max_extension_deadline(
    kind: str, assigned_on: date, cal: WorkdayCalendar, rules: DeadlineRules | None = None
) -> date:
    """Latest reply deadline with an approved extension.

    Uses ``npc_max_months`` for both kinds (the only maximum rule), but never
    earlier than the ordinary reply deadline of that kind.
    """
    if kind not in (NPC, CPPCC):
        raise ValueError(f"unknown item kind: {kind!r}")
    r = _rules(rules)
    latest = _months_later(assigned_on, r.npc_max_months, cal)
    return max(latest, reply_deadline(kind, assigned_on, cal, r))


def cohandling_deadline(
    assigned_on: date, cal: WorkdayCalendar, rules: DeadlineRules | None = None
) -> date:
    """Deadline for a co-handling opinion (会办意见) to the lead unit."""
    return _months_later(assigned_on, _rules(rules).cohandling_months, cal)


def return_window_end(
    assigned_on: date, cal: WorkdayCalendar, rules: DeadlineRules | None = None
) -> date:
    """Last day to ask for return/adjustment: N working days after 交办 (always a working day)."""
    return cal.add_working_days(assigned_on, _rules(rules).return_window_workdays)


def rehandle_deadline(
    from_date: date, cal: WorkdayCalendar, rules: DeadlineRules | None = None
) -> date:
    """Deadline of the second reply after an unsatisfied rating (重新办理)."""
    return _months_later(from_date, _rules(rules).rehandle_months, cal)


def petition_accept_deadline(
    received_on: date, cal: WorkdayCalendar, rules: DeadlineRules | None = None
) -> date:
    """Deadline to decide whether a petition is accepted (calendar days, rolled forward)."""
    return _days_later(received_on, _rules(rules).petition_accept_days, cal)


def petition_handle_deadline(
    received_on: date,
    cal: WorkdayCalendar,
    rules: DeadlineRules | None = None,
    extended: bool = False,
) -> date:
    """Deadline to handle a petition, counted from the given date (pass the acceptance date
    where it is known); ``extended`` adds the approved extension. Calendar days, rolled forward.
    """
    r = _rules(rules)
    days = r.petition_handle_days + (r.petition_extension_days if extended else 0)
    return _days_later(received_on, days, cal)


def petition_milestone_deadline(
    received_on: date, days: int, working_days: bool, cal: WorkdayCalendar
) -> date:
    """Due date of a local petition milestone (e.g. "contact the petitioner within 7 days"), counted
    from the day of the reception like the statutory clock: ``days`` working days, or ``days`` calendar
    days rolled forward to a working day."""
    if working_days:
        return cal.add_working_days(received_on, days)
    return _days_later(received_on, days, cal)


def warning_level(
    deadline: date | None,
    today: date,
    finished_on: date | None = None,
    rules: DeadlineRules | None = None,
) -> str:
    """``"done"``, ``"none"``, ``"red"``, ``"yellow"`` or ``"green"`` (see ``WARNING_LEVEL_LABELS``)."""
    if finished_on is not None:
        return "done"
    if deadline is None:
        return "none"
    if today > deadline:
        return "red"
    if (deadline - today).days <= _rules(rules).yellow_days:
        return "yellow"
    return "green"
