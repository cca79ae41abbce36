"""How a stored vocabulary is written: a :class:`LabelledEnum` per field, each member its stored value (English)
and its Chinese title (``.label``).

Pure data: no Flask, no database.
"""
from __future__ import annotations

import enum


class LabelledEnum(str, enum.Enum):
    """A stored value in English with its Chinese title (``.label``) and form choices.

    Members are written ``NAME = "value", "中文"``; the member compares equal to its value.
    """

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, in order, for a select field."""
        return [(m.value, m.label) for m in cls]

    @classmethod
    def labels(cls) -> dict[str, str]:
        """``value → label``, in order (templates, audit labels, membership checks)."""
        return {m.value: m.label for m in cls}


class Satisfaction(LabelledEnum):
    """A rating as people give it: the proposers' feedback (态度/结果) and a reception visitor's (满意度)."""

    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
