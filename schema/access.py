"""Who the caller is, as the schema sees it: a role and its region scope (api/auth.py recognises them)."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("public", "analyst", "inspector", "admin")  # each sees what the one before it sees, and more


@dataclass(frozen=True)
class Principal:
    """The caller: a role, who they are, the region-code prefixes their role holds in (empty: everywhere), and
    how they were recognised (anonymous, token, key)."""

    role: str = "public"
    subject: str = "anonymous"
    regions: tuple[str, ...] = ()
    via: str = "anonymous"

    def at_least(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


ANONYMOUS = Principal()
