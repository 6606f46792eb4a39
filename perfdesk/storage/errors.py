"""The storage layer's one exception for things a person must be told about."""

from __future__ import annotations


class StorageError(RuntimeError):
    """The database cannot be used as it is; the message is for people."""
