"""``perfdesk verify FILE [--json]``: check a package as EXCHANGE.md §3 says, without importing it.

Exit 0 when valid, 2 when not (with the error code and the Chinese reason). The kind comes from
the extension (.pdtask/.pdsub/.pdreceipt) or ``--kind``; the trust is this installation's:
enrolled township keys, the pinned county key, and its own keys.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from perfdesk.commands.exchange_io import EXIT_BAD_INPUT, EXIT_OK, add_help, open_store
from perfdesk.exchange.envelope import KIND_LABELS, PACKAGE_KINDS
from perfdesk.exchange.errors import PackageError
from perfdesk.exchange.keys import spaced

EXTENSIONS = {".pdtask": "task", ".pdsub": "submission", ".pdreceipt": "receipt"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify", help="验证交换包（签名、清单、每个文件的摘要），不导入", add_help=False
    )
    add_help(parser)
    parser.add_argument("file", metavar="FILE", help="交换包（.pdtask / .pdsub / .pdreceipt）")
    parser.add_argument("--kind", choices=PACKAGE_KINDS, help="交换包种类；默认按扩展名")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.set_defaults(handler=run)


def kind_of(path: Path, explicit: str | None) -> str:
    if explicit:
        return explicit
    if path.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[path.suffix.lower()]
    from perfdesk.exchange.container import ENVELOPE, open_container
    from perfdesk.exchange.envelope import parse_envelope, parse_payload_type

    with open_container(path) as container:
        if ENVELOPE not in container.entries:
            raise PackageError("env.missing", f"{path.name} 中没有 {ENVELOPE}", ENVELOPE)
        parsed = parse_payload_type(parse_envelope(container.read(ENVELOPE)).payload_type)
    if parsed is None or parsed[0] not in PACKAGE_KINDS:
        raise PackageError("env.wrong_type", f"{path.name} 不是 PerfDesk 交换包", ENVELOPE)
    return parsed[0]


def run(args: argparse.Namespace) -> int:
    from perfdesk.exchange.verify import verify_package
    from perfdesk.services.keys import installation_trust

    path = Path(args.file).expanduser()
    try:
        kind = kind_of(path, args.kind)
        with open_store(args) as store:
            trust, region = installation_trust(store)
        with verify_package(path, kind, trust, datetime.now(UTC), region_code=region) as package:
            result = _describe(package)
    except PackageError as error:
        print(f"无效 [{error.code}]：{error}", file=__import__("sys").stderr)
        if args.json:
            print(
                json.dumps(
                    {"valid": False, "file": str(path), "error": error.to_json()},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps({"valid": True, "file": str(path), **result}, ensure_ascii=False, indent=2))
    else:
        print(_text(path, result))
    return EXIT_OK


def _describe(package: Any) -> dict[str, Any]:
    manifest = package.manifest
    return {
        "kind": manifest.kind,
        "package_id": manifest.package_id,
        "sha256": package.sha256,
        "created_at": manifest.created_at.isoformat(),
        "sequence": manifest.sequence,
        "signer": {"key_id": package.signer.key_id, "name": package.signer.label},
        "scope": {"region_code": manifest.scope.region_code, "fiscal_year": manifest.scope.fiscal_year,
                  "units": list(manifest.scope.units)},
        "files": len(manifest.files),
        "documents": [
            {"doc_id": d.entry.doc_id, "version_id": d.entry.version_id, "kind": d.entry.kind, "unit": d.entry.unit,
             "project": d.entry.project, "passes": d.passes, "findings": [f.to_json() for f in d.blocking]}
            for d in package.documents
        ],
    }  # fmt: skip


def _text(path: Path, result: dict[str, Any]) -> str:
    kind = KIND_LABELS[result["kind"]]
    signer = result["signer"]
    lines = [
        f"有效：{path.name} 是{kind}，{result['scope']['fiscal_year']} 年度，{result['files']} 个文件，"
        f"签名者 {signer['name']}（{spaced(signer['key_id'])}）",
        f"  包标识 {result['package_id']}，第 {result['sequence']} 号，SHA-256 {result['sha256']}",
    ]
    for doc in result["documents"]:
        mark = (
            "通过填报规则"
            if doc["passes"]
            else "未通过填报规则：" + "；".join(f["message"] for f in doc["findings"][:3])
        )
        lines.append(f"  {doc['unit']} {doc['project']} {doc['kind']}：{mark}")
    return "\n".join(lines)
