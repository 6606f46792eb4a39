"""Task packages (任务包): the county issues the year's task, the township imports it.

Issue (county): units, the year's projects with funds, the indicator library, the profile,
deadlines, the revoked township keys and an expiry, signed with the county key (and, right after
a rotation, also with the key it replaced, so townships can move their pin).

Import (township), one transaction: the first task pins the county key once the operator has
compared its key id with the county's printed notice (``confirm``); later tasks must be signed by
the pinned key, and may move the pin to a new county key only when the pinned one also signed.
Units, projects and library rows are added or updated, never deleted: a preparer's forms stay.
An expired task is refused (``task.expired``): the county must reissue it; the township keeps
working with the task it has and is warned once that one expires (``task_in_force``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfdesk.domain.money import Money
from perfdesk.domain.profiles import DEFAULT_PROFILE
from perfdesk.exchange.build import BuiltPackage, build_package
from perfdesk.exchange.content import TASK_FILE, Deadline, TaskContent, encode_content
from perfdesk.exchange.errors import PackageError
from perfdesk.exchange.manifest import Producer, Scope, SignerKey
from perfdesk.exchange.trust import StaticTrust, TrustedKey
from perfdesk.exchange.verify import VerifiedPackage, verify_package
from perfdesk.services import audit, keys
from perfdesk.services.exchange_log import (
    ExchangeRefused,
    PackageReport,
    accept_sequence,
    app_name,
    aware,
    check_sequence,
    installation_id,
    log_received,
    next_sequence,
    record_sent,
    require_mode,
    utc_now,
)
from perfdesk.services.settings import AppSettings, load_settings, save_settings
from perfdesk.services.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Confirm = Callable[[str, str], bool]


def issue_task(
    store: Store,
    password: str,
    year: int,
    output: Path,
    *,
    expires_at: datetime | None = None,
    deadlines: Sequence[Deadline] = (),
    now: datetime | None = None,
) -> BuiltPackage:
    """Write the signed task package of ``year`` for every township of the county."""
    require_mode(store, "county")
    now = now or utc_now()
    signers = keys.unlock_signers(store, password)
    settings = load_settings(store)
    with store.session_factory.begin() as session:
        content = _task_content(session, year, settings.county_code, settings.county_name, deadlines)
        sequence, previous = next_sequence(session, "task")
        built = build_package(
            "task",
            {TASK_FILE: encode_content(content)},
            signers=signers,
            producer=Producer(app_name(), installation_id(session), settings.county_name),
            sequence=sequence,
            previous=previous,
            scope=Scope(settings.county_code, year, tuple(u["code"] for u in content["units"])),
            now=now,
            expires_at=expires_at or now + timedelta(days=180),
            signer_key=SignerKey(signers[0].key_id, signers[0].public_key),
            output=output,
        )
        record_sent(session, built, file_name=output.name, key_id=signers[0].key_id)
        audit.record(session, "issue", "task", built.package_id, year=year, units=len(content["units"]))
    return built


def _task_content(
    session: Session, year: int, county_code: str, county_name: str, deadlines: Sequence[Deadline]
) -> dict[str, Any]:
    from sqlalchemy import select

    from perfdesk.storage.models import KnownKey, LibraryIndicator, Project, Unit

    units = list(session.scalars(select(Unit).order_by(Unit.code)))
    codes = {u.id: u.code for u in units}
    projects = session.scalars(select(Project).where(Project.fiscal_year == year).order_by(Project.code))
    library = session.scalars(select(LibraryIndicator).order_by(LibraryIndicator.id))
    revoked = session.scalars(
        select(KnownKey).where(KnownKey.role == "township", KnownKey.status == "revoked")
    )
    return {
        "county": {"code": county_code, "name": county_name},
        "fiscal_year": year,
        "deadlines": [{"form": d.form, "date": d.due.isoformat(), "note": d.note} for d in deadlines],
        "units": [
            {"code": u.code, "name": u.name, "kind": u.kind, "parent": u.parent, "region_code": u.region_code}
            for u in units
        ],
        "projects": [
            {
                "code": p.code,
                "unit": codes[p.unit_id],
                "name": p.name,
                "department": p.department,
                "attribute": p.attribute,
                "start_year": p.start_year,
                "end_year": p.end_year,
                "manager": p.manager,
                "phone": p.phone,
                "category": p.category,
                "annual": Money(p.annual_cents).to_document(),
                "fiscal": Money(p.fiscal_cents).to_document(),
                "other": Money(p.other_cents).to_document(),
            }
            for p in projects
        ],
        "library": [
            {
                "category": r.category,
                "project_type": r.project_type,
                "lv1": r.lv1,
                "lv2": r.lv2,
                "lv3": r.lv3,
                "sign": r.sign,
                "unit": r.unit,
                "template": r.template,
                "explanation": r.explanation,
                "core_level": r.core_level,
                "keywords": r.keywords,
            }
            for r in library
        ],
        "profile": {"name": DEFAULT_PROFILE, "content": None},
        "templates": {"targets": 1, "monitoring": 1, "selfeval": 1},
        "revoked_keys": [
            {
                "key_id": k.key_id,
                "unit": k.unit_code,
                "reason": k.reason,
                "revoked_at": aware(k.revoked_at).strftime("%Y-%m-%dT%H:%M:%SZ") if k.revoked_at else "",
            }
            for k in revoked
        ],
    }


@dataclass(frozen=True)
class TaskImported:
    report: PackageReport
    county_key: str
    pinned: bool
    rotated_from: str
    units: int
    projects: int
    library: int


def peek_signer(path: Path, now: datetime) -> TrustedKey:
    """The county key a task claims (its manifest ``signer``), checked to have signed it.

    Used for the first task only, before any key is pinned: the package is fully verified with
    this one key, and the operator still has to confirm its key id.
    """
    from perfdesk.exchange.container import ENVELOPE, open_container
    from perfdesk.exchange.envelope import expect_type, parse_envelope
    from perfdesk.exchange.manifest import parse_manifest

    with open_container(path) as container:
        if ENVELOPE not in container.entries:
            raise PackageError("env.missing", f"{path.name} 中没有 {ENVELOPE}", ENVELOPE)
        envelope = parse_envelope(container.read(ENVELOPE))
        expect_type(envelope, "task")
        manifest = parse_manifest(envelope.payload, "task")
    signer = manifest.signer
    assert signer is not None  # parse_manifest requires it for tasks
    return TrustedKey(signer.key_id, signer.public_key, keys.COUNTY_KINDS, label=manifest.producer.name)


def import_task(store: Store, path: Path, confirm: Confirm, *, now: datetime | None = None) -> TaskImported:
    """Verify and apply a task package (township). ``confirm(key_id, county)`` pins a new key."""
    require_mode(store, "township")
    now = now or utc_now()
    settings = load_settings(store)
    with store.session_factory() as session:
        trust = keys.township_trust(session)
    first = not trust.keys
    if first:
        trust = StaticTrust.of([peek_signer(path, now)])
    with verify_package(path, "task", trust, now, region_code=settings.county_code) as package:
        task = package.task
        assert task is not None and package.manifest.signer is not None
        claimed = package.manifest.signer
        rotated_from = ""
        if not first and claimed.key_id not in trust.keys:
            if claimed.key_id not in _signed_by(package, claimed.public_key):
                raise ExchangeRefused(
                    "task.rotation", f"任务包带来新的县级密钥 {claimed.key_id}，但没有用它签名，不予采用"
                )
            rotated_from = package.signer.key_id
        if (first or rotated_from) and not confirm(claimed.key_id, task.county_name):
            raise ExchangeRefused("task.not_confirmed", f"县级密钥 {claimed.key_id} 未经确认，任务包未导入")
        with store.session_factory.begin() as session:
            duplicate, warnings = check_sequence(session, package.manifest, package.sha256)
            if first or rotated_from:
                keys.pin_county_key(
                    session, claimed.key_id, claimed.public_key, task.county_name, rotated_from
                )
            counts = (0, 0, 0) if duplicate else _apply_task(session, package, task)
            accept_sequence(session, package.manifest, package.sha256, package.signer.key_id)
            report = PackageReport(
                path.name,
                "task",
                package.manifest.package_id,
                package.sha256,
                list(package.manifest.scope.units),
                package.signer.key_id,
                task.county_name,
                "duplicate" if duplicate else "accepted",
                warnings=warnings,
            )
            log_received(session, report, package.manifest, package.container.size)
    if not settings.county_code:
        save_settings(store, _with_county(settings, task))
    return TaskImported(report, claimed.key_id, first or bool(rotated_from), rotated_from, *counts)


def _with_county(settings: AppSettings, task: TaskContent) -> AppSettings:
    return replace(settings, county_code=task.county_code, county_name=task.county_name)


def _signed_by(package: VerifiedPackage, public_key: bytes) -> set[str]:
    from perfdesk.exchange.envelope import pae
    from perfdesk.exchange.keys import key_id_of, verify_signature

    message = pae(package.envelope.payload_type, package.envelope.payload)
    key_id = key_id_of(public_key)
    return {
        s.keyid
        for s in package.envelope.signatures
        if s.keyid == key_id and verify_signature(public_key, s.sig, message)
    }


def _apply_task(session: Session, package: VerifiedPackage, task: TaskContent) -> tuple[int, int, int]:
    from sqlalchemy import select

    from perfdesk.storage.models import FiscalYear, LibraryIndicator, Project, TaskRecord, Unit

    units = {u.code: u for u in session.scalars(select(Unit))}
    for item in task.units:
        unit = units.get(item["code"]) or Unit(code=item["code"])
        unit.name, unit.kind = item["name"], item.get("kind") or unit.kind or "unit"
        unit.parent, unit.region_code = item.get("parent", ""), item.get("region_code", "")
        session.add(unit)
        units[unit.code] = unit
    if session.get(FiscalYear, task.fiscal_year) is None:
        session.add(FiscalYear(year=task.fiscal_year))
    session.flush()
    projects = {
        p.code: p for p in session.scalars(select(Project).where(Project.fiscal_year == task.fiscal_year))
    }
    for fields in task.projects:
        if fields["unit"] not in units:
            continue
        project = projects.get(fields["code"]) or Project(fiscal_year=task.fiscal_year, code=fields["code"])
        project.unit_id = units[fields["unit"]].id
        for name in ("name", "department", "attribute", "manager", "phone", "category"):
            setattr(project, name, str(fields.get(name, "")))
        project.start_year, project.end_year = fields["start_year"], fields["end_year"]
        for name in ("annual", "fiscal", "other"):
            setattr(project, f"{name}_cents", Money.from_wan(fields[name]).cents)
        session.add(project)
    existing = {(r.category, r.lv1, r.lv2, r.lv3): r for r in session.scalars(select(LibraryIndicator))}
    for item in task.library:
        key = (str(item.get("category", "")), item["lv1"], item["lv2"], item["lv3"])
        row = existing.get(key) or LibraryIndicator(category=key[0], lv1=key[1], lv2=key[2], lv3=key[3])
        for name in ("project_type", "sign", "unit", "template", "explanation", "keywords"):
            setattr(row, name, str(item.get(name, "")))
        row.core_level = int(item.get("core_level") or 0)
        session.add(row)
    session.add(
        TaskRecord(
            package_id=package.manifest.package_id,
            fiscal_year=task.fiscal_year,
            county_code=task.county_code,
            county_name=task.county_name,
            key_id=package.signer.key_id,
            expires_at=package.manifest.expires_at,
            deadlines=json.dumps(
                [{"form": d.form, "date": d.due.isoformat(), "note": d.note} for d in task.deadlines],
                ensure_ascii=False,
            ),
            profile_name=task.profile_name,
            profile_content=json.dumps(task.profile_content, ensure_ascii=False)
            if task.profile_content
            else "",
            revoked_keys=json.dumps([asdict(k) for k in task.revoked_keys], ensure_ascii=False),
        )
    )
    audit.record(session, "import", "task", package.manifest.package_id, year=task.fiscal_year)
    return len(task.units), len(task.projects), len(task.library)


@dataclass(frozen=True)
class TaskInForce:
    package_id: str
    fiscal_year: int
    county_name: str
    expires_at: datetime
    deadlines: list[dict[str, str]]

    def expired(self, now: datetime) -> bool:
        return now > self.expires_at

    def warning(self, now: datetime) -> str:
        if not self.expired(now):
            return ""
        return f"{self.fiscal_year} 年度任务包已于 {self.expires_at:%Y-%m-%d} 过期，请向{self.county_name}财政局索取新的任务包"


def task_in_force(store: Store, year: int) -> TaskInForce | None:
    """The newest task imported for ``year`` (township), to show deadlines and warn on expiry."""
    from sqlalchemy import select

    from perfdesk.storage.models import TaskRecord

    with store.session_factory() as session:
        row = session.scalars(
            select(TaskRecord).where(TaskRecord.fiscal_year == year).order_by(TaskRecord.id.desc())
        ).first()
        if row is None:
            return None
        return TaskInForce(
            row.package_id, row.fiscal_year, row.county_name, aware(row.expires_at), json.loads(row.deadlines)
        )


def parse_deadline(text: str) -> Deadline:
    """``targets=2025-03-31`` (the CLI's ``--deadline``)."""
    form, _, day = text.partition("=")
    return Deadline(form.strip(), date.fromisoformat(day.strip()))
