"""Keys of an installation: its own signing key, and the keys of others it trusts (EXCHANGE.md §4).

Township: ``init_key`` on first use, ``export_enrolment`` writes the .pdkey for the county, the
county's key is pinned by the task import (``perfdesk.services.exchange_tasks``). County: the same
own key (it signs tasks and receipts), ``enrol`` / ``revoke`` / re-enrol township keys.
``county_trust`` and ``township_trust`` turn the stored keys into what the verifier asks.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from perfdesk.exchange.container import write_atomic
from perfdesk.exchange.enrolment import Enrolment, build_enrolment
from perfdesk.exchange.keys import KeyPair, generate_key, normalize_key_id, unlock
from perfdesk.exchange.trust import REVOKED, TRUSTED, StaticTrust, TrustedKey
from perfdesk.services import audit
from perfdesk.services.exchange_log import ExchangeRefused, aware, installation_id, utc_now
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from perfdesk.storage.models import KnownKey, OwnKey

SUBMISSION_KINDS = frozenset({"submission"})
COUNTY_KINDS = frozenset({"task", "receipt"})


@dataclass(frozen=True)
class OwnKeyInfo:
    key_id: str
    public_key: bytes
    created_at: datetime
    installation_id: str
    unit_code: str
    unit_name: str


@dataclass(frozen=True)
class KnownKeyInfo:
    key_id: str
    role: str
    status: str
    unit_code: str
    unit_name: str
    preparer: str
    enrolled_at: datetime
    revoked_at: datetime | None
    reason: str


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _current(session: Session) -> OwnKey | None:
    from sqlalchemy import select

    from perfdesk.storage.models import OwnKey

    return session.scalars(select(OwnKey).where(OwnKey.status == "current")).first()


def init_key(store: Store, password: str, *, rotate: bool = False) -> OwnKeyInfo:
    """Make this installation's key pair (or, with ``rotate``, a new one that replaces it)."""
    from perfdesk.storage.models import OwnKey

    key = generate_key()
    with store.session_factory.begin() as session:
        current = _current(session)
        if current is not None and not rotate:
            raise ExchangeRefused(
                "exchange.key_exists", f"本安装已有密钥 {current.key_id}，不会重新生成（更换密钥请用轮换）"
            )
        if current is not None:
            unlock(current.private_key.encode("ascii"), password)  # only the holder may rotate
            current.status, current.retired_at = "retired", utc_now()
        session.flush()
        session.add(
            OwnKey(
                key_id=key.key_id,
                public_key=_b64(key.public_key),
                private_key=key.protected(password).decode(),
            )
        )
        installation_id(session)
        audit.record(session, "rotate" if current else "create", "key", key.key_id)
    info = own_key(store)
    assert info is not None
    return info


def own_key(store: Store) -> OwnKeyInfo | None:
    from perfdesk.storage.models import Installation

    with store.session_factory() as session:
        current = _current(session)
        if current is None:
            return None
        inst = session.get_one(Installation, 1)
        return OwnKeyInfo(
            current.key_id,
            base64.b64decode(current.public_key),
            aware(current.created_at),
            inst.installation_id,
            inst.unit_code,
            inst.unit_name,
        )


def unlock_signers(store: Store, password: str) -> list[KeyPair]:
    """The current key, then the most recently retired one (a rotation is signed by both)."""
    from sqlalchemy import select

    from perfdesk.storage.models import OwnKey

    with store.session_factory() as session:
        current = _current(session)
        if current is None:
            raise ExchangeRefused("exchange.no_key", "本安装还没有密钥，请先运行 perfdesk key init 生成密钥")
        previous = session.scalars(
            select(OwnKey).where(OwnKey.status == "retired").order_by(OwnKey.retired_at.desc())
        ).first()
        stored = [current.private_key] + ([previous.private_key] if previous else [])
    return [unlock(text.encode("ascii"), password) for text in stored]


def export_enrolment(
    store: Store, password: str, output: Path, unit_code: str, *, now: datetime | None = None
) -> Path:
    """Write the .pdkey for ``unit_code`` and remember that this installation speaks for that unit."""
    from sqlalchemy import select

    from perfdesk.storage.models import Installation, Unit

    key = unlock_signers(store, password)[0]
    settings = load_settings(store)
    with store.session_factory.begin() as session:
        unit = session.scalars(select(Unit).where(Unit.code == unit_code)).first()
        if unit is None:
            raise ExchangeRefused(
                "exchange.unit", f"找不到单位编码 {unit_code}，请用 --unit 指定本单位的编码"
            )
        inst = session.get_one(Installation, 1)
        inst.unit_code, inst.unit_name = unit.code, unit.name
        data = build_enrolment(
            key,
            unit_code=unit.code,
            unit_name=unit.name,
            preparer=settings.preparer,
            installation_id=inst.installation_id,
            region_code=settings.county_code,
            now=now or utc_now(),
        )
        audit.record(session, "export", "key", key.key_id, unit=unit.code)
    return write_atomic(output, data)


def enrol(store: Store, enrolment: Enrolment) -> KnownKeyInfo:
    """Enrol a township key (county side), after the operator compared its key id with the paper.

    Enrolling a key again is allowed only for the same unit and while it is not revoked
    (a revoked key stays revoked: the township makes a new key and enrols that one).
    """
    from sqlalchemy import select

    from perfdesk.storage.models import KnownKey

    with store.session_factory.begin() as session:
        row = session.scalars(select(KnownKey).where(KnownKey.key_id == enrolment.key_id)).first()
        if row is not None and (row.status == "revoked" or row.unit_code != enrolment.unit_code):
            raise ExchangeRefused(
                "key.conflict",
                f"密钥 {row.key_id} 已{'吊销' if row.status == 'revoked' else f'登记给 {row.unit_name}'}，不能再登记",
            )
        if row is None:
            row = KnownKey(key_id=enrolment.key_id, role="township")
            session.add(row)
        row.public_key, row.status = _b64(enrolment.public_key), "enrolled"
        row.unit_code, row.unit_name, row.preparer = (
            enrolment.unit_code,
            enrolment.unit_name,
            enrolment.preparer,
        )
        row.installation_id = enrolment.installation_id
        session.flush()
        audit.record(session, "enrol", "key", row.key_id, unit=row.unit_code, preparer=row.preparer)
        return _info(row)


def revoke(store: Store, key_text: str, reason: str = "") -> KnownKeyInfo:
    """Revoke an enrolled township key: its packages are refused from now on (``key.revoked``)."""
    from sqlalchemy import select

    from perfdesk.storage.models import KnownKey

    key_id = normalize_key_id(key_text) or key_text
    with store.session_factory.begin() as session:
        row = session.scalars(select(KnownKey).where(KnownKey.key_id == key_id)).first()
        if row is None or row.role != "township":
            raise ExchangeRefused(
                "key.not_found", f"没有登记过密钥 {key_text}（请用 perfdesk key show 查看列表）"
            )
        row.status, row.revoked_at, row.reason = "revoked", utc_now(), reason
        audit.record(session, "revoke", "key", row.key_id, unit=row.unit_code, reason=reason)
        session.flush()
        return _info(row)


def known_keys(store: Store, role: str | None = None) -> list[KnownKeyInfo]:
    from sqlalchemy import select

    from perfdesk.storage.models import KnownKey

    with store.session_factory() as session:
        stmt = select(KnownKey).order_by(KnownKey.unit_code, KnownKey.enrolled_at)
        if role:
            stmt = stmt.where(KnownKey.role == role)
        return [_info(row) for row in session.scalars(stmt)]


def _info(row: KnownKey) -> KnownKeyInfo:
    return KnownKeyInfo(
        row.key_id,
        row.role,
        row.status,
        row.unit_code,
        row.unit_name,
        row.preparer,
        aware(row.enrolled_at),
        aware(row.revoked_at) if row.revoked_at else None,
        row.reason,
    )


def county_trust(session: Session) -> StaticTrust:
    """The county's trust: enrolled township keys, each for submissions of its own units."""
    from sqlalchemy import select

    from perfdesk.storage.models import KnownKey

    rows = session.scalars(select(KnownKey).where(KnownKey.role == "township"))
    return StaticTrust.of(
        TrustedKey(
            row.key_id,
            base64.b64decode(row.public_key),
            SUBMISSION_KINDS,
            REVOKED if row.status == "revoked" else TRUSTED,
            (row.unit_code,),
            row.unit_name,
        )
        for row in rows
    )


def township_trust(session: Session) -> StaticTrust:
    """The township's trust: the pinned county key (tasks and receipts, any unit of the county)."""
    from sqlalchemy import select

    from perfdesk.storage.models import KnownKey

    rows = session.scalars(select(KnownKey).where(KnownKey.role == "county", KnownKey.status == "pinned"))
    return StaticTrust.of(
        TrustedKey(row.key_id, base64.b64decode(row.public_key), COUNTY_KINDS, TRUSTED, (), row.unit_name)
        for row in rows
    )


def pin_county_key(
    session: Session, key_id: str, public_key: bytes, county_name: str, replaces: str = ""
) -> None:
    """Pin a county key (first task, or a rotation signed by the key it replaces)."""
    from sqlalchemy import select

    from perfdesk.storage.models import KnownKey

    if replaces:
        old = session.scalars(select(KnownKey).where(KnownKey.key_id == replaces)).first()
        if old is not None:
            old.status, old.replaced_by, old.revoked_at = "rotated", key_id, utc_now()
    row = session.scalars(select(KnownKey).where(KnownKey.key_id == key_id)).first()
    if row is None:
        row = KnownKey(key_id=key_id, role="county", public_key=_b64(public_key))
        session.add(row)
    row.status, row.unit_name = "pinned", county_name
    audit.record(session, "pin", "key", key_id, county=county_name, replaces=replaces)


def own_unit(session: Session) -> str:
    """The unit this installation's key was exported for ('' until ``key export``)."""
    from perfdesk.storage.models import Installation

    row = session.get(Installation, 1)
    return row.unit_code if row is not None else ""


def installation_trust(store: Store) -> tuple[StaticTrust, str]:
    """Everything this installation trusts, for ``perfdesk verify``: the enrolled township keys,
    the pinned county key and its own keys (for its own packages); and its county's region code."""
    from sqlalchemy import select

    from perfdesk.storage.models import OwnKey

    with store.session_factory() as session:
        trusted = {**county_trust(session).keys, **township_trust(session).keys}
        for row in session.scalars(select(OwnKey)):
            trusted[row.key_id] = TrustedKey(
                row.key_id, base64.b64decode(row.public_key), SUBMISSION_KINDS | COUNTY_KINDS, label="本安装"
            )
    return StaticTrust(trusted), load_settings(store).county_code
