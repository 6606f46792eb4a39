"""Step 1 of the verification: the ZIP itself. Every bad file is refused with its own code."""

from __future__ import annotations

import io
import stat
import struct
import warnings
import zipfile

import pytest
from exchange_kit import NOW

from perfdesk.exchange.container import AtomicFile, Limits, open_container, write_atomic
from perfdesk.exchange.errors import CODES, PackageError
from perfdesk.exchange.trust import StaticTrust
from perfdesk.exchange.verify import verify_package


def refusal(data: bytes, trust: StaticTrust | None = None) -> PackageError:
    with pytest.raises(PackageError) as caught:
        verify_package(data, "submission", trust or StaticTrust(), NOW)
    assert caught.value.code in CODES
    return caught.value


def zip_of(*entries: tuple[str | zipfile.ZipInfo, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we write on purpose
        with zipfile.ZipFile(out, "w", method) as zf:
            for name, data in entries:
                zf.writestr(name, data)
    return out.getvalue()


def test_a_file_that_is_not_a_zip_is_refused() -> None:
    assert refusal(b"This is a Word document, not a package").code == "pkg.not_zip"
    assert refusal(b"").code == "pkg.not_zip"


def test_a_truncated_package_is_refused(submission: bytes) -> None:
    for cut in (len(submission) // 2, len(submission) - 10, 40):
        assert refusal(submission[:cut]).code == "pkg.truncated"


@pytest.mark.parametrize(
    "name",
    [
        "../evil.json",
        "documents/../../evil.json",
        "/etc/passwd",
        "C:/Windows/evil.dll",
        "documents\\x.json",
        "a\x01b",
        "documents/",
    ],
)
def test_unsafe_entry_names_are_refused(name: str) -> None:
    error = refusal(zip_of(("envelope.json", b"{}"), (name, b"x")))
    assert error.code == "pkg.bad_name"
    assert error.file == name


def test_duplicate_names_are_refused_even_in_another_case() -> None:
    assert refusal(zip_of(("envelope.json", b"{}"), ("envelope.json", b"{}"))).code == "pkg.duplicate"
    assert refusal(zip_of(("a.json", b"1"), ("A.JSON", b"2"))).code == "pkg.duplicate"


def test_symlink_entries_are_refused() -> None:
    link = zipfile.ZipInfo("documents/x.json")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    error = refusal(zip_of(("envelope.json", b"{}"), (link, b"/etc/passwd")))
    assert (error.code, error.file) == ("pkg.symlink", "documents/x.json")


def test_encrypted_entries_are_refused() -> None:
    data = bytearray(zip_of(("envelope.json", b"{}")))
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x01  # general purpose flag: encrypted
    assert refusal(bytes(data)).code == "pkg.encrypted"


def test_an_unsupported_compression_method_is_refused() -> None:
    data = zip_of(("envelope.json", b"{}" * 100), method=zipfile.ZIP_BZIP2)
    assert refusal(data).code == "pkg.method"


def test_a_zip_bomb_by_ratio_is_refused() -> None:
    error = refusal(zip_of(("envelope.json", b"{}"), ("attachments/bomb.bin", bytes(20 * 1024 * 1024))))
    assert (error.code, error.file) == ("pkg.ratio", "attachments/bomb.bin")


def test_a_zip_bomb_by_declared_size_is_refused() -> None:
    data = bytearray(
        zip_of(("envelope.json", b"{}"), ("attachments/big.bin", b"x" * 1000), method=zipfile.ZIP_STORED)
    )
    central = data.rfind(b"PK\x01\x02")  # the second entry's central record
    struct.pack_into("<L", data, central + 20, 3 * 1024**3 // 1000)  # compressed size: ratio stays 1000
    struct.pack_into("<L", data, central + 24, 3 * 1024**3)  # uncompressed size: 3 GiB
    assert refusal(bytes(data)).code == "pkg.too_large"


def test_too_many_entries_are_refused_before_the_directory_is_read() -> None:
    data = zip_of(*((f"print/{i}.pdf", b"") for i in range(10_001)), method=zipfile.ZIP_STORED)
    assert refusal(data).code == "pkg.too_many"
    with pytest.raises(PackageError) as caught:
        open_container(zip_of(*((f"{i}", b"") for i in range(5))), Limits(max_entries=4))
    assert caught.value.code == "pkg.too_many"


def test_entries_sharing_their_data_are_refused() -> None:
    data = bytearray(zip_of(("envelope.json", b"{}"), ("b.json", b"{}"), method=zipfile.ZIP_STORED))
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<L", data, central + 42, 0)  # the second entry points at the first one's data
    assert refusal(bytes(data)).code == "pkg.corrupt"


def test_a_missing_file_is_unreadable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PackageError) as caught:
        verify_package(tmp_path / "nothing.pdsub", "submission", StaticTrust(), NOW)
    assert caught.value.code == "pkg.unreadable"
    with pytest.raises(PackageError) as caught:
        verify_package(tmp_path, "submission", StaticTrust(), NOW)
    assert caught.value.code == "pkg.unreadable"


def test_writing_is_atomic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "usb" / "a.pdsub"
    out = AtomicFile(target)
    out.stream.write(b"half")
    assert not target.exists()
    out.abort()
    assert not target.exists() and list(target.parent.iterdir()) == []
    write_atomic(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdsub"]
