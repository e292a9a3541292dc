"""Who is asking: bearer tokens from the organisation's identity provider (OIDC JWTs), API keys for scripts, or
nobody (the `public` role).

A token is verified with PyJWT against the configured issuer, audience and JWKS (a URL, fetched off the event loop
and cached, or a file), with asymmetric algorithms only — `alg: none` and HMAC tokens are refused before any key is
looked at, so a public key can never be used as an HMAC secret. Its role comes from a claim (`roles` by default,
a string or a list) through a configurable map; the highest role wins. Access fails closed on identity: a role
above public holds only where a valid region claim puts it (codes of the bundled GB/T 2260 table) or with an explicit
national grant (the claim value `national`, or a setting for an identity provider that issues none); a claim that
is missing, malformed or names no region is refused with 401 saying what is wrong, never read as "everywhere". An
API key (`pgk_<id>.<secret>`) is looked up in the graph once and then held in the process (`KeyCache`): each process
polls the graph's revocations twice a second and forgets every key it holds when they change, so a revoked key
stops working within a second everywhere, and a process that cannot poll trusts no key it holds (it looks each up
again, and fails closed when the graph is away). Only the sha256 of a key's secret is stored (the secret is random,
256 bits: a slow hash adds nothing). A verified token's claims are held until it expires (five minutes at most, so
that a key the identity provider withdraws from its JWKS stops verifying soon).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import math
import secrets
import time
from collections import OrderedDict
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

log = logging.getLogger("permitgraph.auth")
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
        # sha256 of a verified token → (its claims, until when they are held), least recently used first
        self._verified: OrderedDict[bytes, tuple[dict[str, Any], float]] = OrderedDict()
        if config.jwks and config.jwks.startswith(("https://", "http://")):
            self._client = PyJWKClient(config.jwks, cache_keys=True, lifespan=300, timeout=5)
        elif config.jwks:
            self._keys = PyJWKSet.from_json(Path(config.jwks).read_text(encoding="utf-8"))

    async def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, or Unauthenticated saying what is wrong with it (a token verified before: at once)."""
        digest = hashlib.sha256(token.encode()).digest()
        held = self._verified.get(digest)
        if held is not None and time.time() < held[1]:
            self._verified.move_to_end(digest)
            return held[0]
        claims = await self._verify(token)
        expires = float(claims["exp"]) if isinstance(claims.get("exp"), int | float) else 0.0
        self._verified[digest] = (claims, min(expires, time.time() + TOKEN_HOLD_SECONDS))
        if len(self._verified) > TOKENS_HELD:
            self._verified.popitem(last=False)
        return claims

    async def _verify(self, token: str) -> dict[str, Any]:
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


TOKEN_HOLD_SECONDS = 300.0  # a verified token's claims are held this long at most (and never past its expiry)
TOKENS_HELD = 10_000  # verified tokens held per process (least recently used go first)
KEY_POLL_SECONDS = 0.5  # how often a process asks the graph whether a key was revoked
KEY_TRUST_SECONDS = 2.0  # held keys are trusted only this long after the last poll that succeeded

KeyRow = tuple[str, str, Any, bool]  # (sha256 of the secret, role, regions, revoked)


class KeyCache:
    """The API keys this process verified, forgotten whenever the graph's revocations change (`run` polls them).
    Fails closed: when no poll succeeded for KEY_TRUST_SECONDS (the graph away, the poller stopped or never
    started), nothing held is trusted and each key is looked up again."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.db = db
        self.rows: dict[str, KeyRow] = {}
        self.mark: tuple[Any, Any] | None = None  # the revocations last seen
        self.generation = 0  # bumped whenever the held keys are forgotten
        self.polled_at = -math.inf

    def get(self, key_id: str) -> KeyRow | None:
        if time.monotonic() - self.polled_at > KEY_TRUST_SECONDS:
            return None
        return self.rows.get(key_id)

    def put(self, key_id: str, row: KeyRow, generation: int) -> None:
        """Hold a key looked up while `generation` was current (not when a revocation came in meanwhile)."""
        if generation == self.generation and len(self.rows) < KEYS_HELD:
            self.rows[key_id] = row

    async def poll(self) -> None:
        rows = await self.db.read("find_api_key_revocations")
        mark = (rows[0]["revoked"], rows[0]["last"]) if rows else (0, None)
        if mark != self.mark:
            self.rows.clear()
            self.generation += 1
            self.mark = mark
        self.polled_at = time.monotonic()

    async def run(self) -> None:
        """Poll until cancelled, while keys are held (a process serving no key asks nothing); a failed poll is
        logged once per outage and retried."""
        failing = False
        while True:
            try:
                if self.rows:
                    await self.poll()
                failing = False
            except Exception as exc:  # the graph away: held keys stop being trusted (see `get`)
                if not failing:
                    log.warning("API key revocations cannot be read (%s); keys are looked up per request", exc)
                failing = True
            await asyncio.sleep(KEY_POLL_SECONDS)


KEYS_HELD = 100_000  # API keys held per process (more are looked up per request)


class Authenticator:
    """The principal of a request from its Authorization header."""

    def __init__(self, verifier: TokenVerifier, db: AsyncDatabase, anonymous: Principal = ANONYMOUS) -> None:
        self.verifier, self.db, self.anonymous = verifier, db, anonymous
        self.keys = KeyCache(db)

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
        key_id = key_id[:40]
        row = self.keys.get(key_id) if key_id and secret else None
        if row is None and key_id and secret:
            generation = self.keys.generation
            found = await self.db.read("find_api_key", id=key_id)
            if found:
                row = (str(found[0]["hash"]), str(found[0]["role"]), found[0]["regions"], bool(found[0]["revoked"]))
                self.keys.put(key_id, row, generation)
        if row is None or not hmac.compare_digest(row[0], _hash(secret)):
            raise Unauthenticated("unknown API key")
        if row[3]:
            raise Unauthenticated("this API key was revoked")
        role = row[1]
        regions = () if role == "public" else scope(row[2], "this API key's region scope")
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
