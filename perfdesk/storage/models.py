"""SQLAlchemy 2 typed models: the whole persistent state of one installation.

Money columns hold whole 分 as integers. Form documents keep their JSON body as text together
with the columns the program queries by. Nothing SQLite-only appears here, so the same models
run on PostgreSQL when a county shares one store.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """One installation setting (mode, county, money display …), the value as JSON text."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class FiscalYear(Base):
    __tablename__ = "fiscal_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    note: Mapped[str] = mapped_column(String(200), default="")


class Unit(Base):
    """A budget unit (预算单位): a department, a unit or a township government."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(21), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="unit")
    parent: Mapped[str] = mapped_column(String(100), default="")
    region_code: Mapped[str] = mapped_column(String(12), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    projects: Mapped[list[Project]] = relationship(back_populates="unit", passive_deletes=True)


class Project(Base):
    """A funded project of one unit in one fiscal year, with its funds in 分."""

    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("fiscal_year", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("fiscal_years.year"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(String(21))
    name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(100), default="")
    attribute: Mapped[str] = mapped_column(String(16), default="new")
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    manager: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    category: Mapped[str] = mapped_column(String(50), default="")
    annual_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    fiscal_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    other_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship(back_populates="projects")
    documents: Mapped[list[FormDocument]] = relationship(back_populates="project", passive_deletes=True)


class LibraryIndicator(Base):
    """One entry of the indicator library (共性指标库)."""

    __tablename__ = "library_indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(50), default="", index=True)
    project_type: Mapped[str] = mapped_column(String(50), default="")
    lv1: Mapped[str] = mapped_column(String(20))
    lv2: Mapped[str] = mapped_column(String(30))
    lv3: Mapped[str] = mapped_column(String(100))
    sign: Mapped[str] = mapped_column(String(8), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    template: Mapped[str] = mapped_column(String(120), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    core_level: Mapped[int] = mapped_column(Integer, default=0)
    keywords: Mapped[str] = mapped_column(String(200), default="")


class FormDocument(Base):
    """The current version of one form of one project in one year (a document, DOCUMENTS.md).

    ``doc_id`` is fixed at creation and never regenerated; ``version_id`` changes with each
    exported change. ``period`` is the monitoring cut-off month (0 for the other kinds).
    """

    __tablename__ = "form_documents"
    __table_args__ = (UniqueConstraint("project_id", "kind", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(36), unique=True)
    version_id: Mapped[str] = mapped_column(String(36))
    supersedes: Mapped[str | None] = mapped_column(String(36), default=None)
    kind: Mapped[str] = mapped_column(String(16))
    period: Mapped[int] = mapped_column(Integer, default=0)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    project: Mapped[Project] = relationship(back_populates="documents")


class TargetReview(Base):
    """A review (绩效目标审核) of one target sheet by the county or the supervising unit.

    ``checklist`` is the checklist as it was when the review started (a later edit of the county's
    checklist never changes a review), ``scores`` the reviewer's score and comment per item, both
    JSON. ``total`` is a decimal as text; ``grade`` is empty until the review is final. A document
    reviewed again after a return gets a new row; the latest row is the review in force.
    """

    __tablename__ = "target_reviews"
    __table_args__ = (CheckConstraint("status IN ('draft', 'final')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("form_documents.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(String(36))
    version_id: Mapped[str] = mapped_column(String(36))
    checklist: Mapped[str] = mapped_column(Text)
    scores: Mapped[str] = mapped_column(Text, default="{}")
    comment: Mapped[str] = mapped_column(Text, default="")
    total: Mapped[str] = mapped_column(String(16), default="0")
    grade: Mapped[str] = mapped_column(String(16), default="")
    reviewer: Mapped[str] = mapped_column(String(50), default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class DocumentVersion(Base):
    """Every version of a document that left or reached this installation, kept for good."""

    __tablename__ = "document_versions"

    version_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(36), index=True)
    supersedes: Mapped[str | None] = mapped_column(String(36), default=None)
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Attachment(Base):
    """An evidence file (佐证材料) stored once by its SHA-256 in the data folder."""

    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentAttachment(Base):
    """Which document carries which attachment, under which file name."""

    __tablename__ = "document_attachments"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("form_documents.id", ondelete="CASCADE"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(ForeignKey("attachments.sha256"), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))


class AuditEntry(Base):
    """Append-only log of who changed what and when. Rows are never updated or deleted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_key: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="{}")
