"""Building a package: the listed files, the manifest of their digests, the signed envelope.

Files are written first (each hashed as it is written), then the manifest is made from those
digests and signed, and ``envelope.json`` is added last. JSON is deflated; attachments that are
already compressed (PDF, images, office files) are stored as they are. With ``output`` the ZIP
goes to a temporary file beside it, fsync'ed and renamed only when complete.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import IO

from perfdesk.exchange.container import CHUNK, ENVELOPE, AtomicFile, write_entry
from perfdesk.exchange.envelope import Signer, payload_type, sign_envelope
from perfdesk.exchange.manifest import (
    DocumentEntry,
    FileEntry,
    Manifest,
    Previous,
    Producer,
    Scope,
    SignerKey,
)

_DEFLATED_TYPES = ("application/json", "application/xml", "text/")


@dataclass(frozen=True)
class BuiltPackage:
    manifest: Manifest
    sha256: str
    size: int
    data: bytes | None = None
    path: Path | None = None

    @property
    def package_id(self) -> str:
        return self.manifest.package_id


def media_type_of(path: str) -> str:
    if path.endswith(".json"):
        return "application/json"
    guessed, _encoding = mimetypes.guess_type(path, strict=False)
    return guessed or "application/octet-stream"


def build_package(
    kind: str,
    files: Mapping[str, bytes | Path],
    *,
    signers: Sequence[Signer],
    producer: Producer,
    sequence: int,
    scope: Scope,
    now: datetime,
    previous: Previous | None = None,
    documents: Sequence[DocumentEntry] = (),
    expires_at: datetime | None = None,
    signer_key: SignerKey | None = None,
    package_id: str | None = None,
    output: Path | None = None,
    on_file: Callable[[int, int, str], None] | None = None,
) -> BuiltPackage:
    """Write a signed package of ``kind``; bytes when ``output`` is None, else the file."""
    target = AtomicFile(output) if output is not None else None
    stream: IO[bytes] = target.stream if target is not None else io.BytesIO()
    try:
        with zipfile.ZipFile(stream, "w") as zf:
            entries = []
            for done, (path, data) in enumerate(sorted(files.items()), start=1):
                media = media_type_of(path)
                sha, size = write_entry(zf, path, data, compress=media.startswith(_DEFLATED_TYPES))
                entries.append(FileEntry(path, sha, size, media))
                if on_file is not None:
                    on_file(done, len(files), path)
            digests = {entry.path: entry.sha256 for entry in entries}
            manifest = Manifest(
                kind=kind,
                package_id=package_id or str(uuid.uuid4()),
                created_at=now,
                producer=producer,
                sequence=sequence,
                previous=previous,
                scope=scope,
                files=tuple(entries),
                documents=tuple(replace(d, sha256=digests[d.path]) for d in documents),
                expires_at=expires_at,
                signer=signer_key,
            )
            envelope = sign_envelope(payload_type(kind), manifest.encode(), signers)
            write_entry(zf, ENVELOPE, envelope.to_bytes(), compress=True)
        if target is None:
            assert isinstance(stream, io.BytesIO)
            data = stream.getvalue()
            return BuiltPackage(manifest, hashlib.sha256(data).hexdigest(), len(data), data=data)
        sha, size = _hash_written(target.stream)
        return BuiltPackage(manifest, sha, size, path=target.commit())
    except BaseException:
        if target is not None:
            target.abort()
        raise


def _hash_written(stream: IO[bytes]) -> tuple[str, int]:
    stream.flush()
    stream.seek(0)
    sha = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size
