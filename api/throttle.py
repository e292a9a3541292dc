"""Per-role abuse limits checked once the caller is known: a request rate (a token bucket per caller: its subject,
or its address when anonymous) and a body size. The cost of a query is the role's too (api/limits.py)."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

from pydantic import BaseModel, Field

from graph.errors import RateLimited, TooLarge

CALLERS_MAX = 50_000  # buckets held; the least recently seen go first (an idle caller's bucket is full anyway)


def caller_id(client: Any, subject: str | None = None) -> str:
    """Whom a request's rate is counted against: its credential's subject, or its address when anonymous."""
    return subject or f"ip:{client.host if client else '-'}"


class RoleLimits(BaseModel):
    """One role's bounds."""

    per_minute: float = Field(gt=0, description="requests a minute, sustained")
    burst: int = Field(ge=1, description="requests at once after a quiet spell")
    max_cost: int | None = Field(
        default=None, ge=1, description="estimated objects and fields an answer may hold (none: the server's maximum)"
    )
    max_body_bytes: int = Field(ge=256, description="a request body's size")


DEFAULT_ROLE_LIMITS: dict[str, RoleLimits] = {
    "public": RoleLimits(per_minute=120, burst=40, max_cost=20_000, max_body_bytes=16 * 1024),
    "analyst": RoleLimits(per_minute=600, burst=120, max_body_bytes=128 * 1024),
    "inspector": RoleLimits(per_minute=600, burst=120, max_body_bytes=128 * 1024),
    "admin": RoleLimits(per_minute=1200, burst=240, max_body_bytes=128 * 1024),
}


class Throttle:
    """Token buckets, one per caller, refilled at its role's rate (in this process: each worker keeps its own)."""

    def __init__(self, limits: dict[str, RoleLimits]) -> None:
        self.limits = limits
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # caller → (tokens, at)

    def admit(self, caller: str, role: str, body_bytes: int, now: float | None = None) -> None:
        """Take one request of `caller` or raise RateLimited/TooLarge."""
        lim = self.limits[role]
        now = time.monotonic() if now is None else now
        rate = lim.per_minute / 60.0
        tokens, at = self.buckets.pop(caller, (float(lim.burst), now))
        tokens = min(float(lim.burst), tokens + (now - at) * rate)
        if tokens < 1.0:
            self.buckets[caller] = (tokens, now)
            wait = (1.0 - tokens) / rate
            raise RateLimited(
                f"too many requests: the {role} role may send {lim.per_minute:g} a minute (bursts of {lim.burst}); "
                f"try again in {wait:.1f} s",
                retry_after=wait,
            )
        self.buckets[caller] = (tokens - 1.0, now)  # a request refused for its size still counts
        while len(self.buckets) > CALLERS_MAX:
            self.buckets.popitem(last=False)
        if body_bytes > lim.max_body_bytes:
            raise TooLarge(
                f"the request body is {body_bytes:,} bytes; the {role} role may send at most {lim.max_body_bytes:,}"
            )
