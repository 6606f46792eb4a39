"""What every exchange service shares: this installation's id, its counters, the package log,
the per-installation sequence check (EXCHANGE.md §5), refusals with codes, and the report rows.

Functions take the caller's session: the services own the one transaction per package.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from perfdesk.exchange.manifest import Manifest, Previous

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from perfdesk.exchange.build import BuiltPackage
    from perfdesk.services.store import Store

OWN: Final = "own"


class ExchangeRefused(Exception):
    """A package or request this installation will not act on; ``code`` is stable (SERVICE_CODES)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


SERVICE_CODES: Final[dict[str, str]] = {
    "exchange.mode": "本安装的工作模式（乡镇/县级）不能做这件事",
    "exchange.no_key": "本安装还没有密钥，请先运行 perfdesk key init",
    "exchange.key_exists": "本安装已有密钥",
    "exchange.unit": "找不到单位，或没有指定单位",
    "exchange.nothing": "没有可导出的表",
    "exchange.reason": "退回没有写明原因",
    "exchange.document": "找不到这份文档",
    "import.replay": "重放或回滚：序号不大于已接收的序号，但包标识从未见过",
    "import.id_reused": "同一包标识对应了不同的文件",
    "import.county": "交换包属于另一个县",
    "task.not_confirmed": "县级密钥未经核对确认，未导入",
    "task.rotation": "新的县级密钥没有由已钉住的密钥签名",
    "key.not_found": "找不到这个密钥标识",
    "key.conflict": "这个密钥已登记给另一个单位，或已吊销",
    "conflict.not_found": "找不到这条待处理的冲突",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A database datetime as UTC (SQLite returns them without the zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def installation_id(session: Session) -> str:
    """This installation's id (made on first use): what its packages carry as the producer."""
    from perfdesk.storage.models import Installation

    row = session.get(Installation, 1)
    if row is None:
        row = Installation(id=1, installation_id=str(uuid.uuid4()))
        session.add(row)
        session.flush()
    return row.installation_id


def next_sequence(session: Session, kind: str) -> tuple[int, Previous | None]:
    """The sequence number of this installation's next package of ``kind`` and its predecessor."""
    from perfdesk.storage.models import PackageSequence

    row = session.get(PackageSequence, (OWN, kind))
    if row is None or not row.package_id:
        return 1, None
    return row.sequence + 1, Previous(row.package_id, row.sha256)


def record_sent(
    session: Session,
    built: BuiltPackage,
    *,
    file_name: str,
    key_id: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Log a package this installation wrote and move its own counter on."""
    from perfdesk.storage.models import PackageRecord, PackageSequence

    manifest = built.manifest
    row = session.get(PackageSequence, (OWN, manifest.kind)) or PackageSequence(
        installation_id=OWN, kind=manifest.kind
    )
    row.sequence, row.package_id, row.sha256, row.key_id = (
        manifest.sequence,
        manifest.package_id,
        built.sha256,
        key_id,
    )
    session.add(row)
    session.add(
        PackageRecord(
            direction="sent",
            kind=manifest.kind,
            package_id=manifest.package_id,
            sha256=built.sha256,
            sequence=manifest.sequence,
            key_id=key_id,
            installation_id=manifest.producer.installation_id,
            fiscal_year=manifest.scope.fiscal_year,
            units=",".join(manifest.scope.units),
            verdict="sent",
            file_name=file_name,
            size=built.size,
            detail=json.dumps(detail or {}, ensure_ascii=False),
        )
    )


def check_sequence(session: Session, manifest: Manifest, sha256: str) -> tuple[bool, list[str]]:
    """(already imported, warnings) for an incoming package; raises on a replay (§5).

    The same package id and file again is a duplicate (nothing changes, the receipt is reissued);
    the same id with another file is refused; a lower or equal sequence with an unknown id is a
    replay or rollback and refused; a jump past the next number is a warning (a missing package).
    """
    from sqlalchemy import select

    from perfdesk.storage.models import PackageRecord, PackageSequence

    seen = session.scalars(
        select(PackageRecord).where(
            PackageRecord.direction == "received",
            PackageRecord.package_id == manifest.package_id,
            PackageRecord.verdict.in_(("accepted", "partial", "duplicate")),
        )
    ).first()
    if seen is not None:
        if seen.sha256 != sha256:
            raise ExchangeRefused(
                "import.id_reused",
                f"包标识 {manifest.package_id} 以前导入过另一个文件（SHA-256 不同），此文件不予导入",
            )
        return True, []
    producer = manifest.producer.installation_id
    row = session.get(PackageSequence, (producer, manifest.kind))
    if row is None:
        return False, []
    if manifest.sequence <= row.sequence:
        raise ExchangeRefused(
            "import.replay",
            f"这是第 {manifest.sequence} 号包，但已接收过该安装的第 {row.sequence} 号包，且此包从未导入过："
            "可能是重放的旧包或回滚，不予导入",
        )
    if manifest.sequence > row.sequence + 1:
        missing = manifest.sequence - row.sequence - 1
        return False, [f"序号从 {row.sequence} 跳到 {manifest.sequence}：缺少 {missing} 个包，请向对方核实"]
    return False, []


def accept_sequence(session: Session, manifest: Manifest, sha256: str, key_id: str) -> None:
    from perfdesk.storage.models import PackageSequence

    producer = manifest.producer.installation_id
    row = session.get(PackageSequence, (producer, manifest.kind)) or PackageSequence(
        installation_id=producer, kind=manifest.kind, sequence=0
    )
    if manifest.sequence > row.sequence:
        row.sequence, row.package_id, row.sha256, row.key_id = (
            manifest.sequence,
            manifest.package_id,
            sha256,
            key_id,
        )
    session.add(row)


@dataclass
class DocumentReport:
    """One document of an imported package: what happened to it and why, in Chinese."""

    doc_id: str
    version_id: str
    kind: str
    unit: str
    project: str
    outcome: str
    reasons: list[str] = field(default_factory=list)
    code: str = ""


@dataclass
class PackageReport:
    """One row of the import report: the package, who signed it, the verdict, its documents."""

    file: str
    kind: str = ""
    package_id: str = ""
    sha256: str = ""
    units: list[str] = field(default_factory=list)
    key_id: str = ""
    signer: str = ""
    verdict: str = "refused"
    code: str = ""
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    documents: list[DocumentReport] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def log_received(session: Session, report: PackageReport, manifest: Manifest | None, size: int) -> None:
    """Log a package this installation read, whatever the verdict (the log is the history)."""
    from perfdesk.storage.models import PackageRecord

    session.add(
        PackageRecord(
            direction="received",
            kind=report.kind or "unknown",
            package_id=report.package_id or "",
            sha256=report.sha256,
            sequence=manifest.sequence if manifest else 0,
            key_id=report.key_id,
            installation_id=manifest.producer.installation_id if manifest else "",
            fiscal_year=manifest.scope.fiscal_year if manifest else 0,
            units=",".join(report.units),
            verdict=report.verdict,
            code=report.code,
            message=report.message,
            file_name=report.file,
            size=size,
            detail=json.dumps(report.to_json(), ensure_ascii=False),
        )
    )


def app_name() -> str:
    """What packages carry as ``producer.app``."""
    from perfdesk import version

    return f"PerfDesk {version()}"


def require_mode(store: Store, mode: str) -> None:
    """Refuse (``exchange.mode``) unless this installation works in ``mode`` (township/county)."""
    from perfdesk.services.settings import load_settings

    current = load_settings(store).mode
    if current != mode:
        names = {"county": "县级", "township": "乡镇"}
        raise ExchangeRefused(
            "exchange.mode", f"只有{names[mode]}安装可以做这件事（本安装为{names.get(current, current)}）"
        )
