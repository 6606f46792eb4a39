"""Ed25519 keys: make, identify, protect with a password, sign and check.

A key id is the first 16 bytes of SHA-256 of the raw 32-byte public key, written as 8 groups of
4 lowercase hex digits joined by ``-`` (``3f1c-…``). That one spelling is used everywhere a
program reads it (envelopes, manifests, the database, ``--expect``); people may type it with
spaces, without separators or in capitals, and ``normalize_key_id`` accepts all of those.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM: Final = "ed25519"
PUBLIC_KEY_BYTES: Final = 32
SCRYPT_N: Final = 2**15
_KEY_ID = re.compile(r"[0-9a-f]{4}(?:-[0-9a-f]{4}){7}")


class KeyProblem(Exception):
    """A key that cannot be used: ``key.password`` (wrong password), ``key.bad`` (damaged)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def key_id_of(public_key: bytes) -> str:
    """The key id of a raw Ed25519 public key (8 groups of 4 hex digits)."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


def is_key_id(text: str) -> bool:
    return _KEY_ID.fullmatch(text) is not None


def normalize_key_id(text: str) -> str | None:
    """The canonical key id from what a person typed (spaces, dashes, capitals); None if not one."""
    digits = re.sub(r"[\s\-:]", "", text).lower()
    if not re.fullmatch(r"[0-9a-f]{32}", digits):
        return None
    return "-".join(digits[i : i + 4] for i in range(0, 32, 4))


def spaced(key_id: str) -> str:
    """The key id as printed on the 密钥登记表: groups separated by spaces, in capitals."""
    return key_id.replace("-", " ").upper()


def verify_signature(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``message`` by ``public_key``."""
    if len(public_key) != PUBLIC_KEY_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class KeyPair:
    """An unlocked private key with its public half; signs what the exchange asks it to."""

    private: Ed25519PrivateKey

    @property
    def public_key(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)

    def protected(self, password: str) -> bytes:
        """The private key as stored: PKCS#8 PEM under the library's best available encryption.

        That encryption derives its key with PBKDF2 at only 2,048 rounds, too few for a password
        a person chose, so the password is first stretched with scrypt (salted, 2^15 × 8) and the
        PKCS#8 passphrase is the hex of the result. The stored form is JSON with the PEM, the KDF
        and its salt.
        """
        if not password:
            raise KeyProblem("key.password", "密钥口令不能为空")
        salt = os.urandom(16)
        pem = self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(_stretch(password, salt, SCRYPT_N)),
        )
        record = {
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": 8,
            "p": 1,
            "salt": salt.hex(),
            "pkcs8": pem.decode("ascii"),
        }
        return json.dumps(record, sort_keys=True).encode("ascii")


def _stretch(password: str, salt: bytes, n: int) -> bytes:
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=8, p=1, maxmem=128 * 1024 * 1024, dklen=32
    )
    return digest.hex().encode("ascii")


def generate_key() -> KeyPair:
    return KeyPair(Ed25519PrivateKey.generate())


def unlock(stored: bytes, password: str) -> KeyPair:
    """The key pair from its stored form (``KeyPair.protected``); ``KeyProblem`` for a wrong password."""
    try:
        record = json.loads(stored)
        salt = bytes.fromhex(record["salt"])
        n = int(record["n"])
        pem = record["pkcs8"].encode("ascii")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyProblem("key.bad", "保存的私钥已损坏，无法使用") from None
    if record.get("kdf") != "scrypt" or not 2**10 <= n <= 2**20:
        raise KeyProblem("key.bad", "保存的私钥使用了不支持的口令保护方式")
    try:
        private = serialization.load_pem_private_key(pem, _stretch(password, salt, n))
    except (ValueError, TypeError):
        raise KeyProblem("key.password", "密钥口令不对，请重新输入") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyProblem("key.bad", "保存的私钥不是 Ed25519 密钥，无法使用")
    return KeyPair(private)
