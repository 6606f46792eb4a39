"""Which rules run on which form: the one entry point for the screen, ``perfdesk check`` and batches.

:func:`check_document` always runs ``required_findings`` (the fields every document needs) and
then the checkers of the document's kind from :data:`CHECKERS`. That table is the place to extend:
a kind's rules join it either directly (``targets``) or through :func:`optional_rules`, which
imports a module lazily and skips it while it does not exist yet (the monitoring and scoring
rules are written elsewhere; each exposes ``<name>(doc: FormDoc) -> list[Finding]``).

When a rule reports a field that ``required_findings`` also reports as missing (``unit.name``,
``project.name``, ``indicators``), only the rule's finding is kept: its sentence is the one that
says what to do, and one empty cell should not count twice.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType, ModuleType
from typing import Final

from perfdesk.domain.document import FormDoc, required_findings
from perfdesk.domain.findings import Finding
from perfdesk.domain.labels import LABELS, label
from perfdesk.domain.target_rules import (
    DEFAULT,
    TargetRuleSettings,
    blocking,
    check_targets,
    is_explained,
    unexplained,
)

__all__ = [
    "CHECKERS",
    "CheckOptions",
    "blocking",
    "check_document",
    "field_label",
    "is_explained",
    "optional_rules",
    "unexplained",
]

MISSING_FIELD: Final = "doc.missing_field"


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What the profile in force and the indicator library add to the rules."""

    targets: TargetRuleSettings = DEFAULT
    library_core: frozenset[str] = field(default_factory=frozenset)


Checker = Callable[[FormDoc, CheckOptions], list[Finding]]


def _target_rules(doc: FormDoc, options: CheckOptions) -> list[Finding]:
    return check_targets(doc, options.targets, options.library_core)


@cache
def _load(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:  # the module exists but is broken: say so, do not hide it
            raise
        return None


def optional_rules(module: str, function: str) -> Checker:
    """A checker calling ``module.function(doc)`` once that module exists; ``[]`` until then."""

    def run(doc: FormDoc, options: CheckOptions) -> list[Finding]:
        loaded = _load(module)
        rules = getattr(loaded, function, None) if loaded is not None else None
        return list(rules(doc)) if callable(rules) else []

    return run


CHECKERS: Final[Mapping[str, tuple[Checker, ...]]] = MappingProxyType(
    {
        "targets": (_target_rules,),
        "monitoring": (optional_rules("perfdesk.domain.monitoring", "monitoring_findings"),),
        "selfeval": (optional_rules("perfdesk.domain.scoring", "selfeval_findings"),),
    }
)


def check_document(
    doc: FormDoc,
    *,
    target_settings: TargetRuleSettings = DEFAULT,
    library_core: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Every finding on ``doc``: the required fields, then the rules of its kind."""
    options = CheckOptions(target_settings, library_core)
    rules = [finding for checker in CHECKERS.get(doc.kind, ()) for finding in checker(doc, options)]
    covered = {finding.field for finding in rules}
    required = [f for f in required_findings(doc) if not (f.code == MISSING_FIELD and f.field in covered)]
    return required + rules


_ROW = re.compile(r"indicators\[(\d+)\](?:\.(\w+)(?:\.\w+)?)?")  # override.reason: the column
_NAMED = re.compile(r"indicators\[(lv1|lv3)=(.*)\]")
_LINE = re.compile(r"goals\.(\w+)\[(\d+)\]")
_COLUMNS: Final = {
    "lv1": "indicator.lv1",
    "lv2": "indicator.lv2",
    "lv3": "indicator.lv3",
    "value": "indicator.value",
    "actual": "indicator.actual",
    "weight": "indicator.weight",
    "tier": "selfeval.tier",
    "score": "score.score",
    "na": "selfeval.na",
    "override": "score.override",
    "progress": "indicator.progress",
    "forecast": "indicator.forecast",
    "deviation": "indicator.deviation",
    "likelihood": "indicator.likelihood",
    "reason": "indicator.reason",
    "measures": "indicator.measures",
    "time_shared": "indicator.time_shared",
    "explanation": "indicator.explanation",
}


def field_label(path: str) -> str:
    """Where a finding sits, in the words of the form: ``indicators[2].value`` → ``第3行 指标值``."""
    if match := _ROW.fullmatch(path):
        row = label("check.row").format(n=int(match.group(1)) + 1)
        column = match.group(2)
        if column is None:
            return row
        return f"{row} {label(_COLUMNS[column]) if column in _COLUMNS else column}"
    if match := _NAMED.fullmatch(path):
        kind, name = match.groups()
        return name if kind == "lv1" else f"{label('indicator.lv3')}“{name}”"
    if match := _LINE.fullmatch(path):
        section = LABELS.get(f"field.goals.{match.group(1)}", match.group(1))
        return f"{section}第{int(match.group(2)) + 1}条"
    return LABELS.get(f"field.{path}", path)
