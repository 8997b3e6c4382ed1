"""Keyed pseudonyms: the same person always maps to the same opaque string, and only the key holder can link them."""

from __future__ import annotations

import hashlib
import hmac


def pseudonym(key: bytes, *parts: str) -> str:
    """HMAC-SHA256 of the parts under `key`, hex. The key lives in the environment, never in the database."""
    message = "\x1f".join(parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def person_pseudonym(key: bytes, contact_id: int) -> str:
    """The pseudonym of a person in the analytic log: stable per contact, unlinkable without the key.

    It is built on the contact's row id, which a key rotation does not change (the contact's own lookup key
    does change with the key).
    """
    return pseudonym(key, "person", str(contact_id))


def case_reference(key: bytes, case_id: int) -> str:
    """The analytic log's name for a case: stable across reopenings, meaningless without the key."""
    return pseudonym(key, "case", str(case_id))
