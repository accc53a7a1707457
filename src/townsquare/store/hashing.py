"""Canonical JSON and hashes shared by the audit chain and the record fingerprints."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any


def canonical_json(value: Any) -> str:
    """One representation per value: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def iso(moment: dt.datetime) -> str:
    """UTC ISO-8601 with microseconds; naive datetimes (SQLite) are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def pseudonym(author: str, salt: str) -> str:
    """Keyed hash of an author id: stable for strike counting, useless without the salt."""
    return hmac.new(salt.encode("utf-8"), author.encode("utf-8"), hashlib.sha256).hexdigest()
