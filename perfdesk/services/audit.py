"""Appending to the audit log: who changed what and when. The log is never edited.

The ORM is imported inside the functions: every service imports this module, and the services the
first window reads through must not load SQLAlchemy (see ``perfdesk.services.store``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from perfdesk.services.store import current_actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from perfdesk.storage.models import AuditEntry


def record(session: Session, action: str, entity: str, entity_key: str, **detail: Any) -> None:
    """Add one audit entry inside the caller's transaction (it commits with the change)."""
    from perfdesk.storage.models import AuditEntry

    session.add(
        AuditEntry(
            actor=current_actor(),
            action=action,
            entity=entity,
            entity_key=entity_key,
            detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        )
    )


def recent(session: Session, limit: int = 200) -> list[AuditEntry]:
    from sqlalchemy import select

    from perfdesk.storage.models import AuditEntry

    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    return list(session.scalars(stmt))
