"""Steps 2–5 of the verification on real signed packages: each bad package has its own code."""

from __future__ import annotations

import base64
import json
import os
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from exchange_kit import NOW, build_submission, build_task, flip_inside, rezip, road_document, trusted

from perfdesk.exchange.build import build_package
from perfdesk.exchange.envelope import pae, parse_envelope, payload_type, sign_envelope
from perfdesk.exchange.errors import CODES, PackageError
from perfdesk.exchange.keys import KeyPair, generate_key
from perfdesk.exchange.manifest import Producer, Scope
from perfdesk.exchange.trust import StaticTrust
from perfdesk.exchange.verify import verify_package


def refusal(data: bytes, trust: StaticTrust, kind: str = "submission", **options: Any) -> PackageError:
    with pytest.raises(PackageError) as caught:
        verify_package(data, kind, trust, options.pop("now", NOW), **options)
    assert caught.value.code in CODES, caught.value.code
    return caught.value


def resign(
    data: bytes, key: KeyPair, change: Callable[[dict[str, Any]], Any], type_: str | None = None
) -> bytes:
    """The package with its manifest changed and signed again by ``key`` (a signer who lies)."""

    def edit(name: str, content: bytes) -> tuple[str, bytes]:
        if name != "envelope.json":
            return name, content
        envelope = parse_envelope(content)
        manifest = json.loads(envelope.payload)
        result = change(manifest)
        payload = result if isinstance(result, bytes) else json.dumps(manifest).encode("utf-8")
        return name, sign_envelope(type_ or envelope.payload_type, payload, [key]).to_bytes()

    return rezip(data, edit)


def entry_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        return zf.namelist()


def test_a_valid_submission_verifies_with_its_documents(submission: bytes, county_trust: StaticTrust) -> None:
    with verify_package(submission, "submission", county_trust, NOW) as package:
        assert package.signer.label == "城关镇人民政府"
        [document] = package.documents
        assert document.passes and document.form.kind == "targets"
        attachment = next(f.path for f in package.manifest.files if f.path.startswith("attachments/"))
        assert package.read(attachment).startswith(b"%PDF")


@pytest.mark.parametrize("prefix", ["envelope.json", "documents/", "attachments/", "print/"])
def test_a_flipped_byte_in_each_kind_of_entry_is_refused(
    submission: bytes, county_trust: StaticTrust, prefix: str
) -> None:
    name = next(n for n in entry_names(submission) if n.startswith(prefix))
    error = refusal(flip_inside(submission, name), county_trust)
    assert (error.code, error.file) == ("pkg.corrupt", name)


@pytest.mark.parametrize("prefix", ["documents/", "attachments/", "print/"])
def test_a_changed_file_with_a_valid_zip_fails_its_digest(
    submission: bytes, county_trust: StaticTrust, prefix: str
) -> None:
    def change(name: str, content: bytes) -> tuple[str, bytes]:
        if name.startswith(prefix):
            content = content.replace(b"0", b"1", 1) if b"0" in content else content[:-1] + b"!"
        return name, content

    error = refusal(rezip(submission, change), county_trust)
    assert error.code == "file.digest" and error.file.startswith(prefix)


def test_a_changed_manifest_breaks_the_signature(submission: bytes, county_trust: StaticTrust) -> None:
    def change(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "envelope.json":
            envelope = json.loads(content)
            manifest = base64.b64decode(envelope["payload"]).replace(b'"sequence":1', b'"sequence":9')
            envelope["payload"] = base64.b64encode(manifest).decode()
            content = json.dumps(envelope).encode()
        return name, content

    assert refusal(rezip(submission, change), county_trust).code == "sig.invalid"


def test_added_removed_and_renamed_entries_are_refused(submission: bytes, county_trust: StaticTrust) -> None:
    added = rezip(submission, lambda n, c: (n, c), add={"print/extra.pdf": b"%PDF"})
    assert (refusal(added, county_trust).code, refusal(added, county_trust).file) == (
        "file.unlisted",
        "print/extra.pdf",
    )
    removed = rezip(submission, lambda n, c: None if n.startswith("print/") else (n, c))
    assert refusal(removed, county_trust).code == "file.missing"
    renamed = rezip(submission, lambda n, c: (n.replace("documents/", "documents/x"), c))
    assert refusal(renamed, county_trust).code == "file.missing"


def test_a_missing_or_oversized_or_broken_envelope_is_refused(
    submission: bytes, county_trust: StaticTrust
) -> None:
    without = rezip(submission, lambda n, c: None if n == "envelope.json" else (n, c))
    assert refusal(without, county_trust).code == "env.missing"
    big = rezip(submission, lambda n, c: (n, c + os.urandom(1024 * 1024) if n == "envelope.json" else c))
    assert refusal(big, county_trust).code == "env.too_large"
    garbage = rezip(submission, lambda n, c: (n, b"not json" if n == "envelope.json" else c))
    assert refusal(garbage, county_trust).code == "env.not_json"
    no_sigs = rezip(
        submission,
        lambda n, c: (
            n,
            json.dumps({**json.loads(c), "signatures": []}).encode() if n == "envelope.json" else c,
        ),
    )
    assert refusal(no_sigs, county_trust).code == "env.bad_format"


def test_a_manifest_too_large_or_not_json_is_refused(
    submission: bytes, county_trust: StaticTrust, township_key: KeyPair
) -> None:
    def inflate(manifest: dict[str, Any]) -> None:
        manifest["padding"] = base64.b64encode(os.urandom(600 * 1024)).decode()  # incompressible

    assert refusal(resign(submission, township_key, inflate), county_trust).code == "env.too_large"
    assert (
        refusal(resign(submission, township_key, lambda m: b"[not json"), county_trust).code
        == "manifest.not_json"
    )
    assert (
        refusal(resign(submission, township_key, lambda m: m.pop("files")), county_trust).code
        == "manifest.bad_field"
    )
    assert (
        refusal(
            resign(submission, township_key, lambda m: m.update(format="perfdesk/receipt")), county_trust
        ).code
        == "manifest.wrong_format"
    )


def test_a_receipt_offered_as_a_submission_is_refused(county_key: KeyPair, county_trust: StaticTrust) -> None:
    receipt = build_package(
        "receipt",
        {"receipt/receipt.json": b"{}"},
        signers=[county_key],
        producer=Producer("PerfDesk", "c"),
        sequence=1,
        scope=Scope("610921", 2022, ()),
        now=NOW,
    )
    assert receipt.data is not None
    error = refusal(receipt.data, county_trust)
    assert error.code == "env.wrong_type" and "回执包" in str(error)
    future = resign(receipt.data, county_key, lambda m: None, type_=payload_type("submission", 2))
    assert refusal(future, county_trust).code == "env.version"


def test_unknown_revoked_and_wrong_kind_keys_are_refused(
    submission: bytes, township_key: KeyPair, county_key: KeyPair
) -> None:
    unknown = refusal(submission, StaticTrust())
    assert (unknown.code, unknown.key_id) == ("key.unknown", township_key.key_id)
    revoked = StaticTrust.of([trusted(township_key, {"submission"}, status="revoked")])
    assert refusal(submission, revoked).code == "key.revoked"
    county_only = StaticTrust.of([trusted(township_key, {"task", "receipt"})])
    assert refusal(submission, county_only).code == "key.wrong_kind"


def test_a_signature_by_the_wrong_key_is_refused(township_key: KeyPair, county_trust: StaticTrust) -> None:
    thief = generate_key()

    class Impostor:
        key_id = township_key.key_id  # claims the enrolled key …

        def sign(self, data: bytes) -> bytes:
            return thief.sign(data)  # … but signs with another

    built = build_submission(township_key, signers=[Impostor()])
    assert built.data is not None
    error = refusal(built.data, county_trust)
    assert (error.code, error.key_id) == ("sig.invalid", township_key.key_id)


def test_a_key_may_only_speak_for_its_own_units(township_key: KeyPair, county_trust: StaticTrust) -> None:
    other = road_document(unit={"code": "610921102", "name": "青山镇人民政府"})
    built = build_submission(township_key, other, scope=Scope("610921", 2022, ("610921102",)))
    assert built.data is not None
    assert refusal(built.data, county_trust).code == "manifest.scope"
    outside = build_submission(township_key, scope=Scope("610921", 2022, ("610921101001",)))
    assert outside.data is not None
    assert refusal(outside.data, county_trust).code == "manifest.scope"  # the document's unit is not listed
    assert (
        refusal(build_submission(township_key).data or b"", county_trust, region_code="610922").code
        == "manifest.scope"
    )


def test_an_expired_task_is_refused(county_key: KeyPair) -> None:
    trust = StaticTrust.of([trusted(county_key, {"task", "receipt"})])
    task = build_task(county_key, expires_at=NOW - timedelta(seconds=1))
    assert task.data is not None
    assert refusal(task.data, trust, "task").code == "task.expired"
    fresh = build_task(county_key)
    assert fresh.data is not None
    with verify_package(fresh.data, "task", trust, NOW) as package:
        assert package.task is not None and package.task.county_name == "示例县"
    assert refusal(fresh.data, trust, "task", now=NOW + timedelta(days=91)).code == "task.expired"


def test_document_content_must_match_the_manifest(township_key: KeyPair, county_trust: StaticTrust) -> None:
    def lie(name: str, content: bytes) -> tuple[str, bytes]:
        return name, content

    body = road_document()
    built = build_submission(township_key, body)
    assert built.data is not None

    def change_version(manifest: dict[str, Any]) -> None:
        manifest["documents"][0]["version_id"] = "00000000-0000-4000-8000-000000000000"

    assert refusal(resign(built.data, township_key, change_version), county_trust).code == "doc.mismatch"
    not_a_form = build_submission(township_key, {**body, "kind": "invoice"})
    assert not_a_form.data is not None
    assert refusal(not_a_form.data, county_trust).code in {"doc.invalid", "manifest.bad_field"}


def test_a_document_failing_its_rules_is_reported_not_refused(
    township_key: KeyPair, county_trust: StaticTrust
) -> None:
    broken = road_document(indicators=[])
    built = build_submission(township_key, broken)
    assert built.data is not None
    with verify_package(built.data, "submission", county_trust, NOW) as package:
        [document] = package.documents
        assert not document.passes
        assert document.blocking


def test_pae_is_the_dsse_encoding() -> None:
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )
    assert pae(payload_type("submission"), b"{}") == (
        b"DSSEv1 50 application/vnd.perfdesk.submission+json;version=1 2 {}"
    )


def test_every_code_has_a_step_and_a_chinese_description() -> None:
    for code, (step, text) in CODES.items():
        assert 0 <= step <= 5 and text and code.count(".") == 1
