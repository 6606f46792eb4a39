"""Findings: what a rule says about a form. Errors are values with codes, not exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found.

    ``code`` is stable (tests, explanations and other tools key on it); ``field`` names the exact
    place, e.g. ``"funds.annual"`` or ``"indicators[3].value"``; ``message`` is one plain Chinese
    sentence saying what is wrong and what to do.
    """

    code: str
    severity: Severity
    field: str
    message: str

    @property
    def key(self) -> str:
        """The key under which an 出错说明 for this finding is stored: ``code@field``."""
        return f"{self.code}@{self.field}"

    def to_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "field": self.field,
            "message": self.message,
        }


class ValidationFailed(Exception):
    """Raised by a service when input breaks an error rule; carries the findings for the UI."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("；".join(f.message for f in findings))
        self.findings = findings

    def for_field(self, field: str) -> list[Finding]:
        return [f for f in self.findings if f.field == field]
