"""Word templates an admin replaced, and the text of each year's (or session's) summary report."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from extensions import db
from rules.clock import utcnow


class DocumentTemplate(db.Model):
    """An admin's replacement of a default .docx template (``templates/docx/<key>.docx``); none: the default is used."""

    __tablename__ = "document_templates"
    audit_type = "document_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(16), unique=True)  # reply | opinion | feedback | summary
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    size: Mapped[int] = mapped_column(default=0)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


# The paragraphs of the summary report the office writes (the figures between them come from the statistics).
SUMMARY_TEXTS = {
    "intro": "开头语",
    "practices": "主要做法",
    "cases": "典型案例",
    "plans": "存在的问题和下一步工作",
}


class SummaryReport(db.Model):
    """办理工作总结 of a year or a 届次: the office's heading fields and paragraphs, kept until printed and after."""

    __tablename__ = "summary_reports"
    __table_args__ = (sa.UniqueConstraint("period", name="uq_summary_reports_period"),)
    audit_type = "summary_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "year:2026" or "session:省十四届人大四次会议"
    period: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    doc_no: Mapped[str] = mapped_column(sa.String(64), default="")
    signer: Mapped[str] = mapped_column(sa.String(64), default="")
    addressee: Mapped[str] = mapped_column(sa.String(200), default="")
    written_on: Mapped[date | None]
    intro: Mapped[str] = mapped_column(sa.Text, default="")
    practices: Mapped[str] = mapped_column(sa.Text, default="")
    cases: Mapped[str] = mapped_column(sa.Text, default="")
    plans: Mapped[str] = mapped_column(sa.Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
