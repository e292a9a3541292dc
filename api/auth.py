"""Who is asking: bearer tokens from the organisation's identity provider (OIDC JWTs), API keys for scripts, or
nobody (the `public` role).

A token is verified with PyJWT against the configured issuer, audience and JWKS (a URL, fetched off the event loop
and cached, or a file), with asymmetric algorithms only — `alg: none` and HMAC tokens are refused before any key is
looked at, so a public key can never be used as an HMAC secret. Its role comes from a claim (`roles` by default,
a string or a list) through a configurable map; the highest role wins. Access fails closed on identity: a role
above public holds only where a valid region claim puts it (codes of the bundled GB/T 2260 table) or with an explicit
national grant (the claim value `national`, or a setting for an identity provider that issues none); a claim that
is missing, malformed or names no region is refused with 401 saying what is wrong, never read as "everywhere". An
API key (`pgk_<id>.<secret>`) is looked up in the graph on every request, so a revoked key stops working at once;
only the sha256 of its secret is stored (the secret is random, 256 bits: a slow hash adds nothing).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWKClient, PyJWKSet

from graph.async_db import AsyncDatabase
from graph.codes import REGION_RE, region_code_prefix
from graph.db import Database
from graph.errors import InvalidInput, Unauthenticated
from schema.access import ANONYMOUS, ROLES, Principal

ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"})
KEY_PREFIX = "pgk_"


@dataclass(frozen=True)
class AuthConfig:
    """What the settings say of tokens: no issuer, no token is accepted (API keys still are)."""

    issuer: str | None = None
    audience: str | None = None
    jwks: str | None = None  # an https URL or a file path
    algorithms: tuple[str, ...] = ("RS256", "ES256")
    role_claim: str = "roles"
    role_map: tuple[tuple[str, str], ...] = ()  # claim value → role (the role names themselves always map)
    region_claim: str = "region"
    leeway_seconds: int = 30
    national_without_region: bool = False  # tokens above public with no region claim hold everywhere


class TokenVerifier:
    """Verifies OIDC JWTs; made once per app."""

    def __init__(self, config: AuthConfig) -> None:
        self.config = config
        bad = [a for a in config.algorithms if a not in ASYMMETRIC]
        if bad:
            raise InvalidInput(f"token algorithms must be asymmetric (RS256, ES256 …); refused: {', '.join(bad)}")
        self._client: PyJWKClient | None = None
        self._keys: PyJWKSet | None = None
        if config.jwks and config.jwks.startswith(("https://", "http://")):
            self._client = PyJWKClient(config.jwks, cache_keys=True, lifespan=300, timeout=5)
        elif config.jwks:
            self._keys = PyJWKSet.from_json(Path(config.jwks).read_text(encoding="utf-8"))

    async def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, or Unauthenticated saying what is wrong with it."""
        config = self.config
        if not (config.issuer and config.audience and (self._client or self._keys)):
            raise Unauthenticated("bearer tokens are not accepted here (no identity provider is configured)")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise Unauthenticated("the bearer token is not a JWT") from None
        alg = header.get("alg")
        if alg not in config.algorithms:
            raise Unauthenticated(f"token algorithm {str(alg)[:20]!r} is not accepted ({', '.join(config.algorithms)})")
        key = await self._key(header.get("kid"), token)
        try:
            return jwt.decode(
                token,
                key,
                algorithms=list(config.algorithms),
                audience=config.audience,
                issuer=config.issuer,
                leeway=config.leeway_seconds,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("the token has expired") from None
        except jwt.InvalidIssuerError:
            raise Unauthenticated("the token was issued by another issuer") from None
        except jwt.InvalidAudienceError:
            raise Unauthenticated("the token is for another audience") from None
        except jwt.InvalidSignatureError:
            raise Unauthenticated("the token's signature does not verify") from None
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated(f"invalid token: {str(exc)[:120]}") from None

    async def _key(self, kid: Any, token: str) -> Any:
        if self._keys is not None:
            for k in self._keys.keys:
                if k.key_id == kid:
                    return k.key
            raise Unauthenticated(f"the token's key id {str(kid)[:40]!r} is not among the identity provider's keys")
        assert self._client is not None
        client = self._client
        try:  # the JWKS fetch blocks: never on the event loop
            signing = await asyncio.to_thread(client.get_signing_key_from_jwt, token)
        except jwt.PyJWKClientError as exc:
            raise Unauthenticated(f"the token's key is not known: {str(exc)[:120]}") from None
        return signing.key

    def principal(self, claims: dict[str, Any]) -> Principal:
        """The role (the highest the role claim maps to; public when none does) and region scope of a token."""
        config = self.config
        mapping = dict(config.role_map)
        given = claims.get(config.role_claim, [])
        values = [given] if isinstance(given, str) else [v for v in given if isinstance(v, str)] if given else []
        roles = [r for r in (mapping.get(v, v) for v in values) if r in ROLES]
        role = max(roles, key=ROLES.index) if roles else "public"
        subject = str(claims.get("sub", ""))[:200]
        if role == "public":
            return Principal(role, subject, (), "token")
        claim = claims.get(config.region_claim)
        if claim is None and config.national_without_region:
            claim = NATIONAL
        return Principal(role, subject, scope(claim, f"the token's {config.region_claim!r} claim"), "token")


NATIONAL = "national"  # the explicit grant of a role everywhere (a region claim's value, a key's scope)


def scope(value: Any, what: str) -> tuple[str, ...]:
    """The region prefixes a role holds in, from a claim or a key's scope: GB/T 2260 codes of the bundled table
    (each covering the counties under it), or `national` alone (an empty tuple: everywhere). Anything else —
    missing, empty, a number, a code the table does not hold, padded text — is Unauthenticated, never national."""
    from loaders.tables import region_status  # the bundled table, read once

    values = [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else None
    if value is None or values is None or not values:
        raise Unauthenticated(f"{what} is missing: a role above public needs region codes or '{NATIONAL}'")
    if any(v == NATIONAL for v in values):
        if len(values) != 1:
            raise Unauthenticated(f"{what} gives '{NATIONAL}' beside other values; it stands alone")
        return ()
    bad = [v for v in values if not (isinstance(v, str) and REGION_RE.match(v) and region_status(v) is not None)]
    if bad:
        shown = ", ".join(repr(v)[:20] for v in bad[:3])
        raise Unauthenticated(f"{what} holds what is not a GB/T 2260 region code: {shown}")
    return tuple(sorted({region_code_prefix(v) for v in values}))


class Authenticator:
    """The principal of a request from its Authorization header."""

    def __init__(self, verifier: TokenVerifier, db: AsyncDatabase, anonymous: Principal = ANONYMOUS) -> None:
        self.verifier, self.db, self.anonymous = verifier, db, anonymous

    async def principal(self, authorization: str | None) -> Principal:
        if not authorization:
            return self.anonymous
        scheme, _, credential = authorization.strip().partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            raise Unauthenticated("the Authorization header must be 'Bearer <token or API key>'")
        if credential.startswith(KEY_PREFIX):
            return await self._key(credential)
        return self.verifier.principal(await self.verifier.verify(credential))

    async def _key(self, credential: str) -> Principal:
        key_id, _, secret = credential.removeprefix(KEY_PREFIX).partition(".")
        rows = await self.db.read("find_api_key", id=key_id[:40]) if key_id and secret else []
        if not rows or not hmac.compare_digest(str(rows[0]["hash"]), _hash(secret)):
            raise Unauthenticated("unknown API key")
        row = rows[0]
        if row["revoked"]:
            raise Unauthenticated("this API key was revoked")
        role = str(row["role"])
        regions = () if role == "public" else scope(row["regions"], "this API key's region scope")
        return Principal(role, f"key:{key_id}", regions, "key")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- API keys, for the CLI (`permitgraph keys …`) -------------------------------------------------------------------
def create_key(db: Database, name: str, role: str, regions: list[str]) -> str:
    """A new API key; the whole key is returned once and never stored. A role above public needs its regions:
    GB/T 2260 codes, or ['national'] for everywhere."""
    if role not in ROLES:
        raise InvalidInput(f"a role is one of {', '.join(ROLES)}; found {role!r}")
    if role != "public":
        try:
            scope(regions, "a key's region scope")
        except Unauthenticated as exc:
            raise InvalidInput(exc.message) from None
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    db.write("merge_api_key", id=key_id, name=name[:100], role=role, regions=sorted(set(regions)), hash=_hash(secret))
    return f"{KEY_PREFIX}{key_id}.{secret}"


def list_keys(db: Database) -> list[dict[str, Any]]:
    return db.read("list_api_keys")


def revoke_key(db: Database, key_id: str) -> bool:
    rows, _ = db.write("revoke_api_key", id=key_id)
    return bool(rows)


def role_map(text: str) -> tuple[tuple[str, str], ...]:
    """PERMITGRAPH_ROLE_MAP: a JSON object of claim value → role (`{"epb-inspectors": "inspector"}`)."""
    if not text.strip():
        return ()
    try:
        mapping = json.loads(text)
    except ValueError:
        raise InvalidInput("PERMITGRAPH_ROLE_MAP must be a JSON object of claim value → role") from None
    if not isinstance(mapping, dict) or any(v not in ROLES for v in mapping.values()):
        raise InvalidInput(f"PERMITGRAPH_ROLE_MAP maps claim values to roles ({', '.join(ROLES)})")
    return tuple(sorted((str(k), str(v)) for k, v in mapping.items()))
