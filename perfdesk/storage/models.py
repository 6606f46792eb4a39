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


# ---------------------------------------------------------------- exchange (signed packages, keys)


class Installation(Base):
    """This installation's identity for the exchange (one row): the id its packages carry and the
    unit its key was exported for (set by ``key export``)."""

    __tablename__ = "installation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    installation_id: Mapped[str] = mapped_column(String(36), unique=True)
    unit_code: Mapped[str] = mapped_column(String(21), default="")
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OwnKey(Base):
    """A signing key of this installation; the private half encrypted (``keys.KeyPair.protected``).

    ``status`` is ``current`` for the key in use and ``retired`` for earlier ones (kept so that a
    rotation can be signed by the old key and old packages can still be shown).
    """

    __tablename__ = "own_keys"
    __table_args__ = (CheckConstraint("status IN ('current', 'retired')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(39), unique=True)
    algorithm: Mapped[str] = mapped_column(String(16), default="ed25519")
    public_key: Mapped[str] = mapped_column(String(64))
    private_key: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="current")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class KnownKey(Base):
    """A key of another installation this one trusts (or trusted).

    County side: township keys enrolled from .pdkey files (``role`` township, ``enrolled`` or
    ``revoked``). Township side: the county's keys pinned from task packages (``role`` county,
    ``pinned``, or ``rotated`` once a newer county key replaced it).
    """

    __tablename__ = "trusted_keys"
    __table_args__ = (
        CheckConstraint("role IN ('township', 'county')", name="role"),
        CheckConstraint("status IN ('enrolled', 'revoked', 'pinned', 'rotated')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(39), unique=True)
    algorithm: Mapped[str] = mapped_column(String(16), default="ed25519")
    public_key: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str] = mapped_column(String(21), default="", index=True)
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    preparer: Mapped[str] = mapped_column(String(50), default="")
    installation_id: Mapped[str] = mapped_column(String(64), default="")
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    reason: Mapped[str] = mapped_column(String(200), default="")
    replaced_by: Mapped[str] = mapped_column(String(39), default="")


class PackageRecord(Base):
    """Every package this installation wrote (``sent``) or read (``received``), with its verdict.

    ``verdict``: sent → ``sent``; received → ``accepted``, ``duplicate``, ``quarantined`` or
    ``refused`` (``code`` and ``message`` say why). ``detail`` is the import report as JSON.
    """

    __tablename__ = "package_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    package_id: Mapped[str] = mapped_column(String(36), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sequence: Mapped[int] = mapped_column(BigInteger, default=0)
    key_id: Mapped[str] = mapped_column(String(39), default="")
    installation_id: Mapped[str] = mapped_column(String(64), default="")
    fiscal_year: Mapped[int] = mapped_column(Integer, default=0)
    units: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(32), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")


class PackageSequence(Base):
    """The highest ``sequence`` accepted per (producing installation, kind); own counters too."""

    __tablename__ = "package_sequences"

    installation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    sequence: Mapped[int] = mapped_column(BigInteger, default=0)
    package_id: Mapped[str] = mapped_column(String(36), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    key_id: Mapped[str] = mapped_column(String(39), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class QuarantinedPackage(Base):
    """A package held 待确认: signed by a key not enrolled (yet). The file is kept in the data
    folder (``path``, relative to it) until the key is enrolled or the package is discarded."""

    __tablename__ = "quarantine"
    __table_args__ = (CheckConstraint("status IN ('held', 'released', 'discarded')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key_id: Mapped[str] = mapped_column(String(39), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    unit_code: Mapped[str] = mapped_column(String(21), default="")
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(16), default="held")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class HeldVersion(Base):
    """A document version the county holds for a person to decide (§5 conflict).

    The version itself is in ``document_versions``; ``status`` is ``held`` until someone takes
    it (``taken``: it becomes the current version) or keeps the county's (``kept``).
    """

    __tablename__ = "held_versions"
    __table_args__ = (CheckConstraint("status IN ('held', 'taken', 'kept')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(36), index=True)
    version_id: Mapped[str] = mapped_column(String(36))
    package_id: Mapped[str] = mapped_column(String(36))
    current_version_id: Mapped[str] = mapped_column(String(36), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="held")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class OutcomeRecord(Base):
    """What the county did with a document version: an import outcome (accepted, duplicate,
    updated, conflict, rejected) or a later decision (approved, returned), with reasons as a JSON
    list. The newest row of a document is what the next receipt says about it."""

    __tablename__ = "document_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(36), index=True)
    version_id: Mapped[str] = mapped_column(String(36))
    package_id: Mapped[str] = mapped_column(String(36), default="")
    kind: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str] = mapped_column(String(21))
    project_code: Mapped[str] = mapped_column(String(21))
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[str] = mapped_column(Text, default="[]")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReceiptLine(Base):
    """Township side: one document line of an imported receipt, as the preparer reads it."""

    __tablename__ = "receipt_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_id: Mapped[str] = mapped_column(String(36), index=True)
    doc_id: Mapped[str] = mapped_column(String(36), index=True)
    version_id: Mapped[str] = mapped_column(String(36))
    outcome: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="")
    reasons: Mapped[str] = mapped_column(Text, default="[]")
    review: Mapped[str] = mapped_column(Text, default="")
    applied: Mapped[str] = mapped_column(String(16), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TaskRecord(Base):
    """Township side: a task package imported for a year (the newest is in force)."""

    __tablename__ = "task_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    county_code: Mapped[str] = mapped_column(String(12))
    county_name: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[str] = mapped_column(String(39))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deadlines: Mapped[str] = mapped_column(Text, default="[]")
    profile_name: Mapped[str] = mapped_column(String(100), default="")
    profile_content: Mapped[str] = mapped_column(Text, default="")
    revoked_keys: Mapped[str] = mapped_column(Text, default="[]")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
