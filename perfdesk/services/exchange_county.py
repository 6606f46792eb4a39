"""County import of submissions (申报包): verify each package, then merge it by EXCHANGE.md §5.

One database transaction per package: a package is never half-imported. Per document:
- a new document → accepted (已接收);
- same doc, same version, same content → duplicate: nothing changes (the receipt is reissued);
- a version that supersedes the county's current one → updated (the old version is kept);
- a version based on an older one, or arriving after the county approved → conflict: the
  version is held (``held_versions``) for a person to decide, the current one stays;
- same version id, different content → rejected as tampered or corrupt;
- a document that breaks its form rules, or whose project is not the county's → rejected.
A package signed by a key the county has not enrolled is held as 待确认 (quarantine) with its
file and key id; enrolling that key (``retry_quarantined``) imports it. Replays are refused; a
gap in the sender's sequence is a warning.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from perfdesk.domain.checks import check_document
from perfdesk.domain.document import FormDoc
from perfdesk.domain.target_rules import TargetRuleSettings
from perfdesk.exchange.errors import PackageError
from perfdesk.exchange.trust import StaticTrust
from perfdesk.exchange.verify import VerifiedPackage, verify_package
from perfdesk.services import audit, keys
from perfdesk.services.exchange_log import (
    DocumentReport,
    ExchangeRefused,
    PackageReport,
    accept_sequence,
    aware,
    check_sequence,
    log_received,
    require_mode,
    utc_now,
)
from perfdesk.services.exchange_merge import link_attachments, merge_document
from perfdesk.services.progress import NO_PROGRESS, Progress
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store

if TYPE_CHECKING:
    pass

ACCEPTING = frozenset({"accepted", "updated", "duplicate"})


def import_submissions(
    store: Store, paths: Sequence[Path], *, progress: Progress = NO_PROGRESS, now: datetime | None = None
) -> list[PackageReport]:
    """Import one or many submission files (a USB stick's folder); one report row per file."""
    require_mode(store, "county")
    with store.session_factory() as session:
        trust = keys.county_trust(session)  # one read for the batch: nothing enrols meanwhile
    reports = []
    for done, path in enumerate(paths, start=1):
        progress.step(done - 1, len(paths), f"导入 {path.name}")
        reports.append(import_submission(store, path, now=now, trust=trust))
    progress.step(len(paths), len(paths), "完成")
    return reports


def import_submission(
    store: Store, path: Path, *, now: datetime | None = None, trust: StaticTrust | None = None
) -> PackageReport:
    """Verify and merge one submission file in one transaction; the report says what happened."""
    now = now or utc_now()
    settings = load_settings(store)
    target = TargetRuleSettings(framework=settings.framework)
    if trust is None:
        with store.session_factory() as session:
            trust = keys.county_trust(session)
    report = PackageReport(path.name, "submission")
    try:
        package = verify_package(
            path,
            "submission",
            trust,
            now,
            region_code=settings.county_code,
            rules=lambda doc: check_document(doc, target_settings=target),
        )
    except PackageError as error:
        report.code, report.message, report.key_id = error.code, str(error), error.key_id
        if error.code == "key.unknown":
            return _quarantine(store, path, report)
        _log_refusal(store, report)
        return report
    with package:
        _describe(report, package)
        try:
            with store.session_factory.begin() as session:
                duplicate, report.warnings = check_sequence(session, package.manifest, package.sha256)
                report.documents = [merge_document(session, package, doc) for doc in package.documents]
                link_attachments(session, store.data_dir, package, report.documents)
                accept_sequence(session, package.manifest, package.sha256, package.signer.key_id)
                report.verdict = _verdict(report.documents, duplicate)
                report.message = _summary(report)
                log_received(session, report, package.manifest, package.container.size)
        except ExchangeRefused as refused:
            report.verdict, report.code, report.message, report.documents = (
                "refused",
                refused.code,
                str(refused),
                [],
            )
            _log_refusal(store, report)
    return report


def _describe(report: PackageReport, package: VerifiedPackage) -> None:
    report.package_id, report.sha256 = package.manifest.package_id, package.sha256
    report.units, report.key_id = list(package.manifest.scope.units), package.signer.key_id
    report.signer = package.signer.label


def _verdict(documents: list[DocumentReport], duplicate: bool) -> str:
    if all(d.outcome == "duplicate" for d in documents) and (duplicate or documents):
        return "duplicate"
    return "accepted" if all(d.outcome in ACCEPTING for d in documents) else "partial"


def _summary(report: PackageReport) -> str:
    counts: dict[str, int] = {}
    for doc in report.documents:
        counts[doc.outcome] = counts.get(doc.outcome, 0) + 1
    names = {
        "accepted": "已接收",
        "updated": "已更新",
        "duplicate": "重复",
        "conflict": "冲突待处理",
        "rejected": "拒收",
    }
    return "，".join(f"{names[k]} {v} 张" for k, v in counts.items() if k in names)


def _log_refusal(store: Store, report: PackageReport) -> None:
    with store.session_factory.begin() as session:
        log_received(session, report, None, 0)


def _quarantine(store: Store, path: Path, report: PackageReport) -> PackageReport:
    """Hold a package signed by an unknown key (待确认): keep the file, never merge it."""
    import hashlib

    from sqlalchemy import select

    from perfdesk.storage.models import QuarantinedPackage

    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    report.verdict, report.sha256 = "quarantined", sha
    report.message = f"签名密钥 {report.key_id} 未登记，已放入待确认。核对密钥登记表后用 perfdesk key enrol 登记，即自动导入"
    relative = f"quarantine/{sha}{path.suffix or '.pdsub'}"
    with store.session_factory.begin() as session:
        if (
            session.scalars(select(QuarantinedPackage).where(QuarantinedPackage.sha256 == sha)).first()
            is None
        ):
            target = store.data_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            session.add(
                QuarantinedPackage(
                    kind="submission",
                    key_id=report.key_id,
                    sha256=sha,
                    file_name=path.name,
                    path=relative,
                    size=len(data),
                )
            )
            audit.record(session, "quarantine", "submission", sha, key_id=report.key_id, file=path.name)
        log_received(session, report, None, len(data))
    return report


def retry_quarantined(
    store: Store, key_id: str | None = None, *, now: datetime | None = None
) -> list[PackageReport]:
    """Import the held packages (of ``key_id``) again, now that their key may be enrolled."""
    from sqlalchemy import select

    from perfdesk.storage.models import QuarantinedPackage

    with store.session_factory() as session:
        stmt = select(QuarantinedPackage).where(QuarantinedPackage.status == "held")
        if key_id:
            stmt = stmt.where(QuarantinedPackage.key_id == key_id)
        held = [(row.id, row.path, row.file_name) for row in session.scalars(stmt)]
    reports = []
    for row_id, relative, file_name in held:
        report = import_submission(store, store.data_dir / relative, now=now)
        report.file = file_name
        if report.verdict != "quarantined":
            with store.session_factory.begin() as session:
                row = session.get_one(QuarantinedPackage, row_id)
                row.status, row.decided_at = "released", utc_now()
        reports.append(report)
    return reports


def resolve_conflict(store: Store, held_id: int, *, take: bool) -> str:
    """Decide a held version: ``take`` makes it current (the county's stays in the history),
    otherwise the county keeps its version and the held one is reported as rejected."""
    from sqlalchemy import select

    from perfdesk.storage.models import DocumentVersion, FormDocument, HeldVersion, OutcomeRecord

    with store.session_factory.begin() as session:
        held = session.get(HeldVersion, held_id)
        if held is None or held.status != "held":
            raise ExchangeRefused("conflict.not_found", f"没有待处理的冲突 {held_id}")
        version = session.get_one(DocumentVersion, held.version_id)
        row = session.scalars(select(FormDocument).where(FormDocument.doc_id == held.doc_id)).one()
        outcome, reasons = "rejected", [f"县里保留了版本 {row.version_id}，请以县里退回的意见为准重新修改"]
        if take:
            row.body, row.sha256, row.version_id, row.supersedes = (
                version.body,
                version.sha256,
                version.version_id,
                version.supersedes,
            )
            row.status, outcome, reasons = "received", "updated", ["冲突已由县里处理：采用了此版本"]
        held.status, held.decided_at = ("taken" if take else "kept"), utc_now()
        body = FormDoc(json.loads(version.body))
        session.add(
            OutcomeRecord(
                doc_id=held.doc_id,
                version_id=held.version_id,
                package_id=held.package_id,
                kind=row.kind,
                unit_code=body.text("unit", "code"),
                project_code=body.text("project", "code"),
                fiscal_year=row.fiscal_year,
                outcome=outcome,
                reasons=json.dumps(reasons, ensure_ascii=False),
            )
        )
        audit.record(session, "resolve", f"form.{row.kind}", held.doc_id, version=held.version_id, take=take)
        return outcome


@dataclass(frozen=True)
class Held:
    """A row of the county's 待处理 screen: a held version (conflict) or a held package (待确认)."""

    id: int
    what: str
    key: str
    reason: str
    at: datetime


def pending(store: Store) -> list[Held]:
    """What waits for a person: conflicts (``what`` = doc_id) and quarantined packages (file name)."""
    from sqlalchemy import select

    from perfdesk.storage.models import HeldVersion, QuarantinedPackage

    with store.session_factory() as session:
        conflicts = [
            Held(row.id, row.doc_id, row.version_id, row.reason, aware(row.created_at))
            for row in session.scalars(select(HeldVersion).where(HeldVersion.status == "held"))
        ]
        packages = [
            Held(row.id, row.file_name, row.key_id, "签名密钥未登记（待确认）", aware(row.received_at))
            for row in session.scalars(select(QuarantinedPackage).where(QuarantinedPackage.status == "held"))
        ]
    return conflicts + packages


def discard_quarantined(store: Store, held_id: int) -> str:
    """Discard a package held 待确认 (its key will not be enrolled): it is never imported.

    The copy under ``quarantine/`` is kept as evidence; the row is marked ``discarded``.
    Returns the file name.
    """
    from perfdesk.storage.models import QuarantinedPackage

    with store.session_factory.begin() as session:
        row = session.get(QuarantinedPackage, held_id)
        if row is None or row.status != "held":
            raise ExchangeRefused("conflict.not_found", f"没有待确认的申报包 {held_id}")
        row.status, row.decided_at = "discarded", utc_now()
        audit.record(session, "discard", "submission", row.sha256, key_id=row.key_id, file=row.file_name)
        return row.file_name
