"""The ZIP container of a package: step 1 of verification (EXCHANGE.md §3), reading, writing.

Reading never extracts anything to disk. ``open_container`` checks everything that can be
checked before a single entry is decompressed: the file is a ZIP (and not a truncated one), the
entry count read from the end record is within limits before the central directory is even
parsed, the declared sizes and per-entry compression ratios are within limits, entry names are
safe and unique, no entry is a symlink or encrypted, entries do not overlap. Entry data read
later cannot exceed the declared size (zipfile stops there), and every read error is mapped to a
stable code instead of escaping as a ``zipfile`` exception.

Writing goes to a temporary file beside the target, flushed and fsync'ed, and renamed over the
target only when complete: a package on a USB stick is either whole or absent.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from perfdesk.exchange.errors import PackageError

ENVELOPE: Final = "envelope.json"
CHUNK: Final = 1024 * 1024
_LOCAL_MAGIC: Final = b"PK\x03\x04"
_EMPTY_MAGIC: Final = b"PK\x05\x06"
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_ALLOWED_METHODS: Final = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# Everything a damaged or hostile ZIP can make zipfile raise while it parses or reads.
_ZIP_FAILURES: Final = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    ValueError,
    OverflowError,
    IndexError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)


@dataclass(frozen=True, slots=True)
class Limits:
    """What a package may declare (EXCHANGE.md §3 step 1 defaults)."""

    max_entries: int = 10_000
    max_total: int = 2 * 1024**3
    max_ratio: int = 200
    max_envelope: int = 1024 * 1024


DEFAULT_LIMITS: Final = Limits()


class Container:
    """An open, step-1-checked package file. Use as a context manager; nothing is extracted."""

    def __init__(self, stream: IO[bytes], zf: zipfile.ZipFile, sha256: str, size: int, name: str) -> None:
        self._stream = stream
        self._zip = zf
        self.sha256 = sha256
        self.size = size
        self.name = name
        self.entries: dict[str, zipfile.ZipInfo] = {info.orig_filename: info for info in zf.infolist()}

    def read(self, name: str) -> bytes:
        """The whole entry (its declared size bounds the memory used)."""
        return b"".join(self.iter_chunks(name))

    def iter_chunks(self, name: str) -> Iterator[bytes]:
        """The entry's bytes chunk by chunk; damage raises ``pkg.corrupt`` naming the entry."""
        info = self.entries[name]
        try:
            with self._zip.open(info) as entry:
                while chunk := entry.read(CHUNK):
                    yield chunk
        except _ZIP_FAILURES as exc:
            raise PackageError("pkg.corrupt", f"交换包中的 {name} 已损坏，无法读取（{exc}）", name) from None

    def digest(self, name: str) -> tuple[str, int]:
        """SHA-256 (hex) and length of the entry's bytes as read."""
        sha = hashlib.sha256()
        size = 0
        for chunk in self.iter_chunks(name):
            sha.update(chunk)
            size += len(chunk)
        return sha.hexdigest(), size

    def close(self) -> None:
        self._zip.close()
        self._stream.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_container(source: Path | bytes, limits: Limits = DEFAULT_LIMITS) -> Container:
    """Open a package and run step 1 of the verification; raises ``PackageError``."""
    import io

    if isinstance(source, bytes):
        stream: IO[bytes] = io.BytesIO(source)
        label = "交换包"
    else:
        label = source.name
        try:
            stream = source.open("rb")
        except (FileNotFoundError, IsADirectoryError, PermissionError, OSError) as exc:
            raise PackageError("pkg.unreadable", f"无法读取文件 {source}：{exc.strerror or exc}") from None
    try:
        sha, size, head = _hash_stream(stream)
        zf = _open_zip(stream, size, head, label, limits)
        try:
            _check_entries(zf, label, limits)
        except BaseException:
            zf.close()
            raise
    except BaseException:
        stream.close()
        raise
    return Container(stream, zf, sha, size, label)


def _hash_stream(stream: IO[bytes]) -> tuple[str, int, bytes]:
    sha = hashlib.sha256()
    size = 0
    head = b""
    try:
        while chunk := stream.read(CHUNK):
            if not head:
                head = chunk[:4]
            sha.update(chunk)
            size += len(chunk)
    except OSError as exc:
        raise PackageError("pkg.unreadable", f"读取交换包时出错：{exc.strerror or exc}") from None
    return sha.hexdigest(), size, head


def _open_zip(stream: IO[bytes], size: int, head: bytes, label: str, limits: Limits) -> zipfile.ZipFile:
    if head not in (_LOCAL_MAGIC, _EMPTY_MAGIC):
        raise PackageError("pkg.not_zip", f"{label} 不是交换包（不是 ZIP 格式的文件）")
    if size > limits.max_total + 64 * 1024 * 1024:
        raise PackageError("pkg.too_large", f"{label} 超过 {limits.max_total // 1024**3} GiB，不予读取")
    declared = _declared_entries(stream, size)
    if declared is None:
        raise PackageError("pkg.truncated", f"{label} 不完整：找不到 ZIP 的结束记录，可能复制中断或 U 盘损坏")
    if declared > limits.max_entries:
        raise PackageError("pkg.too_many", f"{label} 有 {declared} 个条目，超过上限 {limits.max_entries}")
    try:
        stream.seek(0)
        return zipfile.ZipFile(stream)
    except _ZIP_FAILURES as exc:
        raise PackageError("pkg.truncated", f"{label} 不完整或已损坏，无法读出目录（{exc}）") from None


def _declared_entries(stream: IO[bytes], size: int) -> int | None:
    """The entry count of the end record, read before zipfile parses the central directory."""
    tail_size = min(size, _EOCD.size + 0xFFFF)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(_EMPTY_MAGIC)
    while at >= 0 and len(tail) - at < _EOCD.size:
        at = tail.rfind(_EMPTY_MAGIC, 0, at)
    if at < 0:
        return None
    count: int = _EOCD.unpack_from(tail, at)[4]
    if count != 0xFFFF:
        return count
    locator_at = size - tail_size + at - _ZIP64_LOCATOR.size
    if locator_at < 0:
        return None
    stream.seek(locator_at)
    locator = stream.read(_ZIP64_LOCATOR.size)
    if len(locator) < _ZIP64_LOCATOR.size or not locator.startswith(b"PK\x06\x07"):
        return None
    offset = _ZIP64_LOCATOR.unpack(locator)[2]
    if offset > size - _ZIP64_EOCD.size:
        return None
    stream.seek(offset)
    record = stream.read(_ZIP64_EOCD.size)
    if not record.startswith(b"PK\x06\x06"):
        return None
    total: int = _ZIP64_EOCD.unpack(record)[7]
    return total


def _check_entries(zf: zipfile.ZipFile, label: str, limits: Limits) -> None:
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise PackageError("pkg.too_many", f"{label} 有 {len(infos)} 个条目，超过上限 {limits.max_entries}")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.orig_filename
        _check_name(name, label)
        folded = unicodedata.normalize("NFC", name).casefold()
        if folded in seen:
            raise PackageError("pkg.duplicate", f"{label} 中的条目名 {name} 出现了不止一次", name)
        seen.add(folded)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageError("pkg.symlink", f"{label} 中的 {name} 是符号链接，交换包不允许", name)
        if info.flag_bits & 0x41:
            raise PackageError("pkg.encrypted", f"{label} 中的 {name} 已加密，交换包不允许加密条目", name)
        if info.compress_type not in _ALLOWED_METHODS:
            raise PackageError(
                "pkg.method", f"{label} 中的 {name} 使用了不支持的压缩方式（{info.compress_type}）", name
            )
        total += info.file_size
        if total > limits.max_total:
            raise PackageError(
                "pkg.too_large",
                f"{label} 解压后的总大小超过上限 {limits.max_total // 1024**3} GiB（到 {name} 为止）",
                name,
            )
        if info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise PackageError(
                "pkg.ratio",
                f"{label} 中的 {name} 压缩比超过 {limits.max_ratio}，疑似压缩炸弹",
                name,
            )
    _check_layout(infos, zf.start_dir, label)


def _check_name(name: str, label: str) -> None:
    problem = ""
    if not name:
        problem = "条目名为空"
    elif name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        problem = "是绝对路径"
    elif ".." in name:
        problem = "含有 .."
    elif "\\" in name:
        problem = "含有反斜杠"
    elif ":" in name:
        problem = "含有冒号"
    elif any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        problem = "含有控制字符"
    elif name.endswith("/"):
        problem = "是文件夹"
    if problem:
        raise PackageError("pkg.bad_name", f"{label} 中的条目名 {name!r} {problem}，不安全", name)


def _check_layout(infos: list[zipfile.ZipInfo], directory_start: int, label: str) -> None:
    """Entries must not share or overlap their data (the overlapping-entries zip bomb)."""
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for info, after in zip(ordered, [*ordered[1:], None], strict=True):
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        end = info.header_offset + 30 + len(info.orig_filename.encode(encoding)) + info.compress_size
        limit = after.header_offset if after is not None else directory_start
        if end > limit:
            name = info.orig_filename
            raise PackageError("pkg.corrupt", f"{label} 中 {name} 的数据与其他条目重叠或越界", name)


# ---------------------------------------------------------------------------------- writing


def write_entry(zf: zipfile.ZipFile, name: str, data: bytes | Path, *, compress: bool) -> tuple[str, int]:
    """Add one entry (regular file, mode 0644, fixed date) and return its SHA-256 and size."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.create_system = 3
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    sha = hashlib.sha256()
    size = 0
    with zf.open(info, "w", force_zip64=_size_of(data) > 0x7FFFFFFF) as out:
        for chunk in _chunks(data):
            sha.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return sha.hexdigest(), size


def _size_of(data: bytes | Path) -> int:
    return len(data) if isinstance(data, bytes) else data.stat().st_size


def _chunks(data: bytes | Path) -> Iterator[bytes]:
    if isinstance(data, bytes):
        view = memoryview(data)
        for start in range(0, len(data), CHUNK):
            yield bytes(view[start : start + CHUNK])
        return
    with data.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            yield chunk


class AtomicFile:
    """A file written under a temporary name beside ``target`` and renamed only by ``commit``."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
        target.parent.mkdir(parents=True, exist_ok=True)
        self.stream: IO[bytes] = self.temporary.open("w+b")

    def commit(self) -> Path:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.replace(self.temporary, self.target)
        _fsync_directory(self.target.parent)
        return self.target

    def abort(self) -> None:
        if not self.stream.closed:
            self.stream.close()
        self.temporary.unlink(missing_ok=True)


def write_atomic(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` through a temporary file, fsync'ed, renamed when complete."""
    out = AtomicFile(target)
    try:
        out.stream.write(data)
        return out.commit()
    except BaseException:
        out.abort()
        raise


def _fsync_directory(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; os.replace is durable there
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
