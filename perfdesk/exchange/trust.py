"""Which keys a reader trusts, for what, and on whose behalf (EXCHANGE.md §4).

The verifier asks a ``TrustLookup`` about a key id and gets a ``TrustedKey`` or None. The county
builds one from its enrolled township keys (each may sign submissions for its own unit and the
units under it), the township from its pinned county keys (tasks and receipts, any unit of the
county). ``StaticTrust`` is the plain in-memory lookup both use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

TRUSTED = "trusted"
REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class TrustedKey:
    """A public key a reader knows. ``units`` are unit-code prefixes it may speak for (empty: any)."""

    key_id: str
    public_key: bytes
    kinds: frozenset[str]
    status: str = TRUSTED
    units: tuple[str, ...] = ()
    label: str = ""

    @property
    def revoked(self) -> bool:
        return self.status == REVOKED

    def covers(self, unit_code: str) -> bool:
        """May this key sign for ``unit_code``? Its own unit and every unit whose code extends it."""
        return not self.units or any(unit_code.startswith(prefix) for prefix in self.units)


class TrustLookup(Protocol):
    def find(self, key_id: str) -> TrustedKey | None: ...


@dataclass
class StaticTrust:
    """A trust store held in memory, keyed by key id."""

    keys: dict[str, TrustedKey] = field(default_factory=dict)

    @classmethod
    def of(cls, keys: Iterable[TrustedKey]) -> StaticTrust:
        return cls({key.key_id: key for key in keys})

    def find(self, key_id: str) -> TrustedKey | None:
        return self.keys.get(key_id)


NO_TRUST = StaticTrust()
