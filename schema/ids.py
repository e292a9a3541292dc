"""Global object ids (Relay): an opaque, URL-safe encoding of a node's label and natural key."""

from __future__ import annotations

import base64
import binascii

from graph.errors import InvalidInput


def encode(label: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{label}:{key}".encode()).decode().rstrip("=")


def decode(global_id: str) -> tuple[str, str]:
    """(label, key) of a global id; InvalidInput when it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput(f"not a permitgraph id: {global_id!r}") from None
    label, sep, key = text.partition(":")
    if not sep or not label.isalpha() or not key:
        raise InvalidInput(f"not a permitgraph id: {global_id!r}")
    return label, key
