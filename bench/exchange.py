"""Exchange throughput: a township export and a county import of many packages.

- Export: 50 projects × 3 forms (targets, monitoring, self-evaluation) of one township with 50 MB
  of evidence files, through ``export_submission`` (rules re-run, versions, signing, the ZIP
  written to a temporary name, fsync'ed and renamed, the log). Baseline: plain ``zipfile``
  writing the very same files (JSON deflated, evidence stored) with ``hashlib.sha256`` of each.
- Import: 1,000 submission packages of 100 townships (3 forms and one evidence file each) into
  one county, through ``import_submissions`` (every check of EXCHANGE.md §3, the form rules, the
  merge, one transaction per package, evidence kept). Baseline: plain ``zipfile`` reading every
  entry of the same files with ``hashlib.sha256``.
Throughput is bytes of package per second; each figure is the ratio to its baseline measured in
the same run. Goal: import ≥ 0.5.

    python -m bench.exchange [--packages 1000] [--evidence-kb 512] [--json bench/out/exchange.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
import uuid
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench.report import Figure, print_table, write_json
from perfdesk.exchange.build import build_package
from perfdesk.exchange.enrolment import Enrolment
from perfdesk.exchange.keys import generate_key
from perfdesk.exchange.manifest import DocumentEntry, Producer, Scope, SignerKey
from perfdesk.exchange.trust import StaticTrust
from perfdesk.exchange.verify import verify_package
from perfdesk.paths import resource_path
from perfdesk.services import keys
from perfdesk.services.exchange_county import import_submissions
from perfdesk.services.exchange_export import export_submission
from perfdesk.services.settings import AppSettings, save_settings
from perfdesk.services.store import Store

YEAR = date.today().year
COUNTY = "610921"
PASSWORD = "bench"
KINDS = ("targets", "monitoring", "selfeval")
GOAL_IMPORT = 0.5


def _template(kind: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(resource_path("demo", f"{kind}-road.json").read_text("utf-8"))
    body["fiscal_year"] = YEAR
    return body


TEMPLATES = {kind: _template(kind) for kind in KINDS}


def _body(
    kind: str, unit: tuple[str, str], project: str, attachment: dict[str, Any] | None
) -> dict[str, Any]:
    body = json.loads(json.dumps(TEMPLATES[kind]))
    body.update(doc_id=str(uuid.uuid4()), version_id=str(uuid.uuid4()), supersedes=None)
    body["unit"] = {"code": unit[0], "name": unit[1]}
    body["project"] = {**body["project"], "code": project, "name": f"{unit[1]}村内道路硬化项目", "start_year": YEAR,
                       "end_year": YEAR}  # fmt: skip
    body["attachments"] = [attachment] if attachment else []
    return body


def _catalog(store: Store, units: list[tuple[str, str]], projects: list[tuple[str, str]], mode: str) -> None:
    from perfdesk.storage.models import FiscalYear, Project, Unit

    save_settings(store, AppSettings(mode=mode, county_code=COUNTY, county_name="示例县", preparer="测试"))
    with store.session_factory.begin() as session:
        session.add(FiscalYear(year=YEAR))
        rows = {code: Unit(code=code, name=name, kind="township", region_code=COUNTY) for code, name in units}
        session.add_all(rows.values())
        session.flush()
        for code, unit in projects:
            session.add(
                Project(fiscal_year=YEAR, unit_id=rows[unit].id, code=code, name="村内道路硬化项目", start_year=YEAR,
                        end_year=YEAR, annual_cents=1_200_000, fiscal_cents=1_000_000, other_cents=200_000)
            )  # fmt: skip


def _evidence(size: int, n: int) -> bytes:
    return os.urandom(size - 16) + n.to_bytes(16, "big")


# ---------------------------------------------------------------- export


def measure_export(tmp: Path, evidence_mb: int = 50) -> list[Figure]:
    from perfdesk.services.exchange_files import attachment_path
    from perfdesk.services.forms import canonical_json
    from perfdesk.storage.models import Attachment, DocumentAttachment, FormDocument, Installation, Project

    unit = ("610921101", "城关镇人民政府")
    projects = [(f"{COUNTY}-{YEAR % 100:02d}-{i:04d}", unit[0]) for i in range(1, 51)]
    with Store.open(tmp / "township") as store:
        _catalog(store, [unit], projects, "township")
        keys.init_key(store, PASSWORD)
        size = evidence_mb * 1024 * 1024 // len(projects)
        sources: dict[str, bytes | Path] = {}
        with store.session_factory.begin() as session:
            session.get_one(Installation, 1).unit_code = unit[0]
            for n, (code, _unit) in enumerate(projects):
                data = _evidence(size, n)
                sha = hashlib.sha256(data).hexdigest()
                path = attachment_path(store.data_dir, sha)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                sources[f"attachments/{sha}.jpg"] = path
                session.add(Attachment(sha256=sha, size=size, media_type="image/jpeg"))
                project = session.query(Project).filter_by(code=code).one()
                for kind in KINDS:
                    body = _body(kind, unit, code, None)
                    row = FormDocument(doc_id=body["doc_id"], version_id=body["version_id"], kind=kind,
                                       period=7 if kind == "monitoring" else 0, project_id=project.id, fiscal_year=YEAR,
                                       status="completed", body=canonical_json(body), sha256="")  # fmt: skip
                    session.add(row)
                    session.flush()
                    sources[f"documents/{row.doc_id}.json"] = canonical_json(body).encode()
                    if kind == "targets":
                        session.add(
                            DocumentAttachment(document_id=row.id, sha256=sha, filename=f"现场照片{n}.jpg")
                        )
        total = sum(len(d) if isinstance(d, bytes) else d.stat().st_size for d in sources.values())
        start = time.perf_counter()
        result = export_submission(store, PASSWORD, YEAR, tmp / "usb" / "export.pdsub")
        ours = time.perf_counter() - start
    assert len(result.documents) == 150, result.skipped
    baseline = min(_plain_write(sources, tmp / "plain.zip") for _ in range(3))
    mb = total / 1024 / 1024
    return [
        Figure("exchange: export 150 forms + 50 MB, seconds", ours, "s", baseline, "report", True),
        Figure("exchange: export throughput, MB/s", mb / ours, "MB/s", mb / baseline, "report", True),
    ]  # fmt: skip


def _plain_write(sources: dict[str, bytes | Path], target: Path) -> float:
    start = time.perf_counter()
    with zipfile.ZipFile(target, "w") as zf:
        for name, source in sorted(sources.items()):
            data = source if isinstance(source, bytes) else source.read_bytes()
            hashlib.sha256(data).hexdigest()
            zf.writestr(name, data, zipfile.ZIP_DEFLATED if name.endswith(".json") else zipfile.ZIP_STORED)
    return time.perf_counter() - start


# ---------------------------------------------------------------- import


def make_packages(
    folder: Path, count: int, evidence: int
) -> tuple[list[Path], list[Enrolment], list[tuple[str, str]]]:
    """``count`` packages of 100 townships, each key able to sign for its own unit."""
    towns = [(f"{COUNTY}{i:03d}", f"第{i}镇人民政府") for i in range(101, 201)]
    signers = [generate_key() for _ in towns]
    enrolments = [
        Enrolment(k.key_id, k.public_key, code, name, "测试", f"bench-{code}", COUNTY, datetime.now(UTC))
        for k, (code, name) in zip(signers, towns, strict=True)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    projects: list[tuple[str, str]] = []
    for p in range(count):
        t = p % len(towns)
        unit, key = towns[t], signers[t]
        code = f"{COUNTY}-{YEAR % 100:02d}-{p:04d}"
        projects.append((code, unit[0]))
        data = _evidence(evidence, p)
        sha = hashlib.sha256(data).hexdigest()
        attachment = {"sha256": sha, "name": "验收单.jpg", "media_type": "image/jpeg", "size": len(data)}
        files: dict[str, bytes | Path] = {f"attachments/{sha}.jpg": data}
        entries = []
        for kind in KINDS:
            body = _body(kind, unit, code, attachment)
            files[f"documents/{body['doc_id']}.json"] = json.dumps(body, ensure_ascii=False).encode()
            entries.append(
                DocumentEntry(body["doc_id"], body["version_id"], None, kind, unit[0], code, YEAR, "")
            )
        path = folder / f"{unit[0]}-{YEAR}-{p:04d}.pdsub"
        build_package(
            "submission", files, signers=[key], producer=Producer("PerfDesk bench", f"bench-{unit[0]}", unit[1]),
            sequence=p // len(towns) + 1, scope=Scope(COUNTY, YEAR, (unit[0],)), now=datetime.now(UTC),
            documents=entries, signer_key=SignerKey(key.key_id, key.public_key), output=path,
        )  # fmt: skip
        paths.append(path)
    return paths, enrolments, projects


def measure_import(tmp: Path, count: int = 1000, evidence_kb: int = 512) -> list[Figure]:
    towns = [(f"{COUNTY}{i:03d}", f"第{i}镇人民政府") for i in range(101, 201)]
    paths, enrolments, projects = make_packages(tmp / "usb", count, evidence_kb * 1024)
    total = sum(p.stat().st_size for p in paths)
    baseline = min(_plain_read(paths) for _ in range(3))
    with Store.open(tmp / "county") as store:
        _catalog(store, towns, projects, "county")
        for enrolment in enrolments:
            keys.enrol(store, enrolment)
        with store.session_factory() as session:
            trust = keys.county_trust(session)
        verify_only = _verify_all(paths, trust)
        start = time.perf_counter()
        reports = import_submissions(store, paths)
        ours = time.perf_counter() - start
    bad = [r for r in reports if r.verdict != "accepted"]
    assert not bad, bad[0]
    mb = total / 1024 / 1024
    return [
        Figure(f"exchange: import {count} packages, seconds", ours, "s", baseline, "report", True),
        Figure("exchange: import throughput, MB/s", mb / ours, "MB/s", mb / baseline, f"ratio ≥ {GOAL_IMPORT}",
               baseline / ours >= GOAL_IMPORT),
        Figure("exchange: import, packages/s", count / ours, "/s", count / baseline, "report", True),
        Figure("exchange: verify only (§3, rules), MB/s", mb / verify_only, "MB/s", mb / baseline, "report", True),
    ]  # fmt: skip


def _verify_all(paths: list[Path], trust: StaticTrust) -> float:
    """Every check of EXCHANGE.md §3 and the form rules, nothing stored: the format's own cost."""
    start = time.perf_counter()
    now = datetime.now(UTC)
    for path in paths:
        with verify_package(path, "submission", trust, now, region_code=COUNTY):
            pass
    return time.perf_counter() - start


def _plain_read(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                hashlib.sha256(zf.read(info)).hexdigest()
    return time.perf_counter() - start


def run(count: int = 1000, evidence_kb: int = 512) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="perfdesk-bench-exchange-") as tmp:
        figures = measure_export(Path(tmp) / "export")
        figures += measure_import(Path(tmp) / "import", count, evidence_kb)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.exchange", description=__doc__)
    parser.add_argument("--packages", type=int, default=1000)
    parser.add_argument("--evidence-kb", type=int, default=512)
    parser.add_argument("--json", default="bench/out/exchange.json")
    args = parser.parse_args()
    figures = run(args.packages, args.evidence_kb)
    print_table(figures)
    write_json(figures, Path(args.json))
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
