"""Fixtures of the exchange tests: one township key, one county key, a valid submission."""

from __future__ import annotations

import pytest
from exchange_kit import build_submission, county_trust_of

from perfdesk.exchange.keys import KeyPair, generate_key
from perfdesk.exchange.trust import StaticTrust


@pytest.fixture(scope="session")
def township_key() -> KeyPair:
    return generate_key()


@pytest.fixture(scope="session")
def county_key() -> KeyPair:
    return generate_key()


@pytest.fixture(scope="session")
def county_trust(township_key: KeyPair) -> StaticTrust:
    return county_trust_of(township_key)


@pytest.fixture(scope="session")
def submission(township_key: KeyPair) -> bytes:
    built = build_submission(township_key)
    assert built.data is not None
    return built.data
