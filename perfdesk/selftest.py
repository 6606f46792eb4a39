"""``perfdesk --self-test``: the smoke test of every build, frozen or not.

In a temporary folder it migrates a fresh database, fills and completes one 绩效目标表 through
the services, renders it as a PDF with Chinese text (and checks the font is embedded), writes it
as a workbook (and reads it back), and signs and verifies a submission package with a throw-away
Ed25519 key. One Chinese line per step; exit 0 when every step passed, else 1 naming the failed
step and why. Never imports Qt: it checks the core and its bundled resources, not the screen.
"""

from __future__ import annotations

import io
import json
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_FAILED = 0, 1


@dataclass
class _Context:
    folder: Path
    values: dict[str, Any] = field(default_factory=dict)


def _step_migrate(ctx: _Context) -> str:
    from perfdesk.services.store import Store
    from perfdesk.storage.schema_version import SCHEMA_HEAD

    store = Store.open(ctx.folder / "data")
    ctx.values["store"] = store
    revision = store.query("SELECT version_num FROM alembic_version")
    found = revision[0][0] if revision else None
    if found != SCHEMA_HEAD:
        raise RuntimeError(f"数据库版本为 {found}，应为 {SCHEMA_HEAD}")
    return f"已在临时文件夹建立并迁移数据库（版本 {found}）"


def _step_fill(ctx: _Context) -> str:
    from perfdesk.paths import resource_path
    from perfdesk.services import catalog, demo, forms
    from perfdesk.services.store import Store

    store: Store = ctx.values["store"]
    year = date.today().year
    unit_code = "610921101"
    unit = catalog.save_unit(
        store, code=unit_code, name="城关镇人民政府", kind="township", region_code=demo.DEMO_COUNTY_CODE
    )
    catalog.add_year(store, year)
    values = next(
        v
        for code, v in demo.demo_projects(year, year)
        if code == unit_code and v["name"] == "城关镇村内道路硬化项目"
    )
    project = catalog.create_project(store, year=year, unit_id=unit.id, values=values)
    template: dict[str, Any] = json.loads(resource_path("demo", "targets-road.json").read_text("utf-8"))
    for key in ("doc_id", "version_id", "supersedes", "unit", "project", "fiscal_year"):
        template.pop(key, None)
    record = forms.create_document(store, project.id, "targets", body=template)
    body = dict(record.body)
    body["funds"] = {**template.get("funds", {}), **body["funds"]}
    forms.save_document(store, record.id, body, what="自检")
    forms.complete(store, record.id)
    record = forms.get_document(store, record.id)
    if record.status != "completed":
        raise RuntimeError(f"绩效目标表状态为 {record.status}，应为已完成")
    ctx.values["record"] = record
    ctx.values["unit_code"] = unit_code
    ctx.values["project_code"] = project.code
    return f"已填写并完成绩效目标表：{project.name}（{project.code}）"


def _step_pdf(ctx: _Context) -> str:
    from perfdesk.reports.pdf import render_document_pdf
    from perfdesk.services.forms import DocumentRecord

    record: DocumentRecord = ctx.values["record"]
    out = io.BytesIO()
    pages = render_document_pdf(record.form(), out)
    data = out.getvalue()
    if not data.startswith(b"%PDF-") or pages < 1:
        raise RuntimeError("生成的文件不是 PDF")
    if b"FontFile2" not in data:
        raise RuntimeError("PDF 中没有嵌入中文字体（缺少 FontFile2）")
    path = ctx.folder / "targets.pdf"
    path.write_bytes(data)
    ctx.values["pdf"] = data
    return f"已生成含中文的 PDF：{pages} 页，{len(data) // 1024} KB，已嵌入字体"


def _step_xlsx(ctx: _Context) -> str:
    import openpyxl

    from perfdesk.reports.xlsx_forms import export_document_xlsx
    from perfdesk.services.forms import DocumentRecord

    record: DocumentRecord = ctx.values["record"]
    path = ctx.folder / "targets.xlsx"
    export_document_xlsx(record.form(), path)
    workbook = openpyxl.load_workbook(path)
    try:
        texts = [
            str(cell.value)
            for ws in workbook.worksheets
            for row in ws.iter_rows()
            for cell in row
            if cell.value is not None
        ]
    finally:
        workbook.close()
    if not any("绩效目标" in text for text in texts):
        raise RuntimeError("工作簿中找不到“绩效目标”字样")
    return f"已写出工作簿并重新打开：{len(texts)} 个单元格有内容"


def _step_package(ctx: _Context) -> str:
    from perfdesk.exchange.build import build_package
    from perfdesk.exchange.keys import generate_key
    from perfdesk.exchange.manifest import DocumentEntry, Producer, Scope, SignerKey
    from perfdesk.exchange.trust import StaticTrust, TrustedKey
    from perfdesk.exchange.verify import verify_package
    from perfdesk.services.forms import DocumentRecord

    record: DocumentRecord = ctx.values["record"]
    unit_code: str = ctx.values["unit_code"]
    key = generate_key()
    body = record.body
    document = json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
    entry = DocumentEntry(
        record.doc_id, record.version_id, body.get("supersedes"), record.kind, unit_code,
        ctx.values["project_code"], record.fiscal_year, "",
    )  # fmt: skip
    now = datetime.now(UTC)
    built = build_package(
        "submission",
        {entry.path: document, "print/targets.pdf": ctx.values["pdf"]},
        signers=[key],
        producer=Producer("PerfDesk self-test", "self-test", "自检"),
        sequence=1,
        scope=Scope(unit_code[:6], record.fiscal_year, (unit_code,)),
        now=now,
        documents=[entry],
        signer_key=SignerKey(key.key_id, key.public_key),
        output=ctx.folder / "self-test.pdpkg",
    )
    trust = StaticTrust.of(
        [TrustedKey(key.key_id, key.public_key, frozenset({"submission"}), units=(unit_code,))]
    )
    assert built.path is not None
    with verify_package(built.path, "submission", trust, now, region_code=unit_code[:6]) as package:
        if package.manifest.package_id != built.package_id or len(package.documents) != 1:
            raise RuntimeError("验证结果与所建交换包不一致")
    return f"已用临时 Ed25519 密钥签名并验证交换包：{built.size // 1024} KB"


STEPS: tuple[tuple[str, Callable[[_Context], str]], ...] = (
    ("迁移数据库", _step_migrate),
    ("填写表单", _step_fill),
    ("生成 PDF", _step_pdf),
    ("写出工作簿", _step_xlsx),
    ("签名并验证交换包", _step_package),
)


def run(out: TextIO | None = None) -> int:
    """Run every step in a fresh temporary folder; 0 when all passed, 1 at the first failure."""
    import sys

    stream = out if out is not None else sys.stdout
    if stream is None:  # a windowed build without a console: nowhere to print, still run
        stream = io.StringIO()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="perfdesk-selftest-") as tmp:
        ctx = _Context(Path(tmp))
        try:
            for number, (name, step) in enumerate(STEPS, start=1):
                try:
                    message = step(ctx)
                except Exception as exc:
                    print(f"自检失败：第 {number} 步“{name}”：{_reason(exc)}", file=stream)
                    print(traceback.format_exc(), file=stream)
                    return EXIT_FAILED
                print(f"[{number}/{len(STEPS)}] {message}", file=stream)
        finally:
            store = ctx.values.get("store")
            if store is not None:
                store.close()
    print(f"自检通过：全部 {len(STEPS)} 步成功，用时 {time.perf_counter() - started:.1f} 秒", file=stream)
    return EXIT_OK


def _reason(exc: Exception) -> str:
    findings = getattr(exc, "findings", None)
    if findings:
        return "；".join(f"[{f.code}] {f.field}：{f.message}" for f in findings)
    return f"{type(exc).__name__}：{exc}"
