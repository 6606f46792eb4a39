"""Receipts (回执包) close the loop (EXCHANGE.md §6).

County: ``decide`` approves or returns a received document (with the reason); ``produce_receipt``
writes, for a year, every document's latest outcome (接收/重复/更新/冲突/拒收), its state
(已接收/审核通过/退回) with reasons, the final target review if one exists, and the hashes of
the submission packages it answers. Township: ``import_receipt`` applies it in one transaction:
审核通过 locks a document, 退回 (and 拒收) reopens it with the reasons, 已接收 marks it received;
a line about an older version than the township's current one is recorded but changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfdesk.domain.labels import label
from perfdesk.exchange.build import BuiltPackage, build_package
from perfdesk.exchange.content import RECEIPT_FILE, ReceiptContent, encode_content
from perfdesk.exchange.manifest import Producer, Scope, SignerKey
from perfdesk.exchange.verify import verify_package
from perfdesk.services import audit, keys
from perfdesk.services.exchange_log import (
    ExchangeRefused,
    PackageReport,
    accept_sequence,
    app_name,
    check_sequence,
    installation_id,
    log_received,
    next_sequence,
    record_sent,
    require_mode,
    utc_now,
)
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

IMPORT_OUTCOMES = ("accepted", "duplicate", "updated", "conflict", "rejected")
DECISIONS = ("approved", "returned")
COUNTY_STATES = ("received", "approved", "returned")


def decide(store: Store, doc_id: str, *, approve: bool, reason: str = "") -> str:
    """County: 审核通过 or 退回 (a reason is required) a received document; the next receipt says so."""
    from sqlalchemy import select

    from perfdesk.storage.models import FormDocument, OutcomeRecord

    if not approve and not reason.strip():
        raise ExchangeRefused("exchange.reason", "退回必须写明原因")
    with store.session_factory.begin() as session:
        row = session.scalars(select(FormDocument).where(FormDocument.doc_id == doc_id)).first()
        if row is None:
            raise ExchangeRefused("exchange.document", f"县里没有文档 {doc_id}")
        body = json.loads(row.body)
        status = "approved" if approve else "returned"
        before, row.status = row.status, status
        session.add(
            OutcomeRecord(
                doc_id=doc_id,
                version_id=row.version_id,
                kind=row.kind,
                unit_code=str(body.get("unit", {}).get("code", "")),
                project_code=str(body.get("project", {}).get("code", "")),
                fiscal_year=row.fiscal_year,
                outcome=status,
                reasons=json.dumps([reason] if reason else [], ensure_ascii=False),
            )
        )
        audit.record(session, status, f"form.{row.kind}", doc_id, before=before, reason=reason)
    return status


def produce_receipt(
    store: Store,
    password: str,
    year: int,
    output: Path,
    *,
    units: Sequence[str] = (),
    now: datetime | None = None,
) -> BuiltPackage:
    """County: write the signed receipt of ``year`` (every unit, or those under ``units``)."""
    require_mode(store, "county")
    signers = keys.unlock_signers(store, password)
    settings = load_settings(store)
    with store.session_factory.begin() as session:
        lines = _lines(session, year, units)
        answers = _answers(session, year, {line["unit"] for line in lines})
        content = {
            "county": {"code": settings.county_code, "name": settings.county_name},
            "fiscal_year": year,
            "answers": answers,
            "documents": lines,
        }
        sequence, previous = next_sequence(session, "receipt")
        built = build_package(
            "receipt",
            {RECEIPT_FILE: encode_content(content)},
            signers=signers,
            producer=Producer(app_name(), installation_id(session), settings.county_name),
            sequence=sequence,
            previous=previous,
            scope=Scope(settings.county_code, year, tuple(sorted({line["unit"] for line in lines}))),
            now=now or utc_now(),
            signer_key=SignerKey(signers[0].key_id, signers[0].public_key),
            output=output,
        )
        record_sent(
            session, built, file_name=output.name, key_id=signers[0].key_id, detail={"documents": len(lines)}
        )
        audit.record(session, "issue", "receipt", built.package_id, year=year, documents=len(lines))
    return built


def _lines(session: Session, year: int, units: Sequence[str]) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from perfdesk.storage.models import FormDocument, OutcomeRecord

    rows = session.scalars(
        select(OutcomeRecord).where(OutcomeRecord.fiscal_year == year).order_by(OutcomeRecord.id)
    )
    latest: dict[str, Any] = {}
    decision: dict[str, Any] = {}
    for row in rows:
        if units and not any(row.unit_code.startswith(u) for u in units):
            continue
        if row.outcome in DECISIONS:
            decision[row.doc_id] = row
        else:
            latest[row.doc_id] = row
            decision.pop(row.doc_id, None)
    current = {
        d.doc_id: d for d in session.scalars(select(FormDocument).where(FormDocument.fiscal_year == year))
    }
    out = []
    for doc_id, row in latest.items():
        reasons = json.loads(row.reasons)
        doc = current.get(doc_id)
        status = ""
        if row.outcome == "rejected":
            status = "returned"
        elif doc is not None and doc.version_id == row.version_id and row.outcome != "conflict":
            status = doc.status if doc.status in COUNTY_STATES else "received"
            made = decision.get(doc_id)
            if made is not None and made.version_id == row.version_id:
                reasons = reasons + json.loads(made.reasons)
        out.append(
            {
                "doc_id": doc_id,
                "version_id": row.version_id,
                "kind": row.kind,
                "unit": row.unit_code,
                "project": row.project_code,
                "package_id": row.package_id,
                "outcome": row.outcome,
                "status": status,
                "reasons": reasons,
                "review": _review(session, doc_id, row.version_id),
            }
        )
    return out


def _review(session: Session, doc_id: str, version_id: str) -> dict[str, str] | None:
    """The final target review of this version, read only when the reviews table exists."""
    from sqlalchemy import inspect, text

    if not inspect(session.connection()).has_table("target_reviews"):
        return None
    found = session.execute(
        text(
            "SELECT grade, total, comment, reviewer FROM target_reviews WHERE doc_id = :d AND version_id = :v "
            "AND status = 'final' ORDER BY id DESC LIMIT 1"
        ),
        {"d": doc_id, "v": version_id},
    ).first()
    if found is None:
        return None
    grade, total, comment, reviewer = (str(value or "") for value in found)
    return {"grade": grade, "total": total, "comment": comment, "reviewer": reviewer}


def _answers(session: Session, year: int, units: set[str]) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from perfdesk.storage.models import PackageRecord

    rows = session.scalars(
        select(PackageRecord)
        .where(
            PackageRecord.direction == "received",
            PackageRecord.kind == "submission",
            PackageRecord.fiscal_year == year,
            PackageRecord.verdict.in_(("accepted", "partial", "duplicate")),
        )
        .order_by(PackageRecord.id)
    )
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        if set(row.units.split(",")) & units:
            seen[row.package_id] = {
                "package_id": row.package_id,
                "sha256": row.sha256,
                "sequence": row.sequence,
                "key_id": row.key_id,
            }
    return list(seen.values())


@dataclass(frozen=True)
class ReceiptApplied:
    report: PackageReport
    changes: list[tuple[str, str, str]]  # (project and form, status before, status after)


def import_receipt(store: Store, path: Path, *, now: datetime | None = None) -> ReceiptApplied:
    """Township: verify a receipt with the pinned county key and apply it (one transaction)."""
    require_mode(store, "township")
    settings = load_settings(store)
    with store.session_factory() as session:
        trust = keys.township_trust(session)
    if not trust.keys:
        raise ExchangeRefused("exchange.no_key", "还没有钉住县级密钥：请先导入县里的任务包，再导入回执")
    with verify_package(
        path, "receipt", trust, now or utc_now(), region_code=settings.county_code
    ) as package:
        receipt = package.receipt
        assert receipt is not None
        with store.session_factory.begin() as session:
            duplicate, warnings = check_sequence(session, package.manifest, package.sha256)
            changes = [] if duplicate else _apply(session, package.manifest.package_id, receipt)
            accept_sequence(session, package.manifest, package.sha256, package.signer.key_id)
            report = PackageReport(
                path.name,
                "receipt",
                package.manifest.package_id,
                package.sha256,
                list(package.manifest.scope.units),
                package.signer.key_id,
                receipt.county_name,
                "duplicate" if duplicate else "accepted",
                warnings=warnings,
            )
            log_received(session, report, package.manifest, package.container.size)
    return ReceiptApplied(report, changes)


def _apply(session: Session, receipt_id: str, receipt: ReceiptContent) -> list[tuple[str, str, str]]:
    from sqlalchemy import select

    from perfdesk.storage.models import FormDocument, ReceiptLine

    changes = []
    for line in receipt.documents:
        row = session.scalars(select(FormDocument).where(FormDocument.doc_id == line.doc_id)).first()
        if row is None:
            continue
        applied = "stale"
        if row.version_id == line.version_id:
            after = _state_after(line.outcome, line.status, row.status)
            applied = after or "unchanged"
            if after and after != row.status:
                changes.append((f"{line.project} {label('form.' + row.kind)}", row.status, after))
                audit.record(
                    session,
                    "receipt",
                    f"form.{row.kind}",
                    row.doc_id,
                    before=row.status,
                    after=after,
                    reasons=list(line.reasons),
                )
                row.status = after
        review = line.review
        session.add(
            ReceiptLine(
                receipt_id=receipt_id,
                doc_id=line.doc_id,
                version_id=line.version_id,
                outcome=line.outcome,
                status=line.status,
                reasons=json.dumps(list(line.reasons), ensure_ascii=False),
                review=json.dumps(_review_json(review), ensure_ascii=False) if review else "",
                applied=applied,
            )
        )
    return changes


def _review_json(review: Any) -> dict[str, str]:
    return {
        "grade": review.grade,
        "total": review.total,
        "comment": review.comment,
        "reviewer": review.reviewer,
    }


def _state_after(outcome: str, status: str, current: str) -> str:
    """The township state a receipt line leads to ('' for no change)."""
    if status == "approved":
        return "approved"
    if status == "returned" or outcome == "rejected":
        return current if current in ("draft", "returned") else "returned"
    if status == "received" or outcome in ("accepted", "updated", "duplicate"):
        return "received" if current in ("completed", "exported", "received") else ""
    return ""


def receipt_lines(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Township: what the county's receipts said about a document, newest first (for the form)."""
    from sqlalchemy import select

    from perfdesk.storage.models import ReceiptLine

    with store.session_factory() as session:
        rows = session.scalars(
            select(ReceiptLine).where(ReceiptLine.doc_id == doc_id).order_by(ReceiptLine.id.desc())
        )
        return [
            {
                "version_id": r.version_id,
                "outcome": r.outcome,
                "status": r.status,
                "reasons": json.loads(r.reasons),
                "review": json.loads(r.review) if r.review else None,
                "at": r.at,
            }
            for r in rows
        ]
