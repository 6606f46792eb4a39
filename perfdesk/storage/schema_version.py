"""The schema revisions this program knows, without importing Alembic.

Opening a data folder compares the database's ``alembic_version`` row with ``SCHEMA_HEAD`` and
refuses a revision outside ``KNOWN_REVISIONS`` (a database written by a newer PerfDesk); Alembic
itself is imported only when a database has to be created or upgraded. A new migration adds its
revision here as well: ``tests/unit/test_storage.py`` compares both constants with Alembic's
script directory, so they cannot drift apart.
"""

from __future__ import annotations

SCHEMA_HEAD = "0003"
"""The newest revision of ``perfdesk/storage/migrations/versions``."""

KNOWN_REVISIONS: frozenset[str] = frozenset({"0001", "0002", "0003"})
"""Every revision of the migration chain, oldest to newest."""

VERSION_TABLE = "alembic_version"
"""Where Alembic keeps a database's revision (one row, column ``version_num``)."""
