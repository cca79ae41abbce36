"""Admin-editable settings: the working-day table and key/value settings (deadline rules)."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from extensions import db
from rules.clock import utcnow


class WorkdayEntry(db.Model):
    """One exception to Monday–Friday: an official day off, or a weekend make-up working day (调休)."""

    __tablename__ = "workday_entries"

    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # "holiday" | "workday"
    name: Mapped[str] = mapped_column(sa.String(32), default="")
    source: Mapped[str] = mapped_column(sa.String(16), default="manual")  # "package" | "manual"
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WorkdayYear(db.Model):
    """A year whose official schedule is in the table (other years fall back to Monday–Friday)."""

    __tablename__ = "workday_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(sa.String(16), default="package")
    filled_at: Mapped[datetime] = mapped_column(default=utcnow)


class Setting(db.Model):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

