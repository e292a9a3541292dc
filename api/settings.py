"""All configuration, from the environment (or a .env file), read when Settings() is made, never at import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.auth import AuthConfig, role_map
from api.http import HttpLimits
from api.limits import Limits
from api.throttle import DEFAULT_ROLE_LIMITS, RoleLimits
from graph.async_db import Bounds
from graph.db import Connection
from graph.errors import InvalidInput
from graph.local import LocalServer

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PASSWORD = "permitgraph"  # the local server's; never accepted for a remote one (check_serving)


class Settings(BaseSettings):
    """permitgraph's settings. NEO4J_* name the database; PERMITGRAPH_* the rest."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    neo4j_uri: str | None = Field(default=None, description="Use this server; when unset, the local one")
    neo4j_user: str = "neo4j"
    neo4j_password: str = DEFAULT_PASSWORD
    neo4j_database: str = "neo4j"

    permitgraph_home: Path = Field(default=PROJECT_DIR / ".permitgraph", description="local state folder")
    permitgraph_bolt_port: int = 7687
    permitgraph_heap: str = "2g"
    permitgraph_pagecache: str = "1g"

    permitgraph_host: str = "127.0.0.1"
    permitgraph_port: int = 8000
    permitgraph_max_depth: int = 12
    permitgraph_max_aliases: int = 30
    permitgraph_max_tokens: int = 2000
    permitgraph_max_page_size: int = 100
    permitgraph_max_cost: int = Field(default=50_000, description="estimated objects and fields an answer may hold")
    permitgraph_max_body_bytes: int = 128 * 1024
    permitgraph_max_response_bytes: int = 8 * 1024 * 1024
    permitgraph_request_seconds: float = Field(default=10.0, description="time budget of one request")
    permitgraph_db_wait_seconds: float = Field(default=2.0, description="connect to the database, at most")
    permitgraph_probe_seconds: float = Field(default=1.5, description="an outage probe slower than this: down")
    permitgraph_workers: int = Field(default=1, ge=1, le=64, description="API worker processes (permitgraph serve)")
    permitgraph_max_connections: int = Field(
        default=256, ge=1, description="open connections per worker; past them the server answers 503 at once"
    )
    permitgraph_direct_lane: bool = True  # POST /graphql from the HTTP guard straight to the schema (api/lane.py)
    permitgraph_fast_views: bool = True  # the lean executor for query documents (schema/fastviews.py)

    # Authentication (api/auth.py): OIDC bearer tokens when an issuer, audience and JWKS are set; API keys always.
    permitgraph_oidc_issuer: str | None = None
    permitgraph_oidc_audience: str | None = None
    permitgraph_oidc_jwks: str | None = Field(default=None, description="the identity provider's JWKS: URL or file")
    permitgraph_oidc_algorithms: str = Field(default="RS256,ES256", description="accepted, comma-separated")
    permitgraph_role_claim: str = "roles"
    permitgraph_role_map: str = Field(default="", description='JSON: claim value → role, {"epb-staff": "analyst"}')
    permitgraph_region_claim: str = "region"
    permitgraph_national_without_region: bool = Field(
        default=False,
        description="a token above public without a region claim holds everywhere (an identity provider that "
        "issues no region claim); otherwise it is refused",
    )
    permitgraph_trusted_proxies: str = Field(
        default="",
        description="addresses (comma-separated, CIDR allowed) whose X-Forwarded-For is believed; none by default",
    )
    permitgraph_introspection_role: Literal["public", "analyst", "inspector", "admin"] = Field(
        default="analyst", description="the least role that may read the schema (GraphiQL, code generators)"
    )
    permitgraph_anonymous_role: Literal["public", "analyst", "inspector", "admin"] = Field(
        default="public", description="the role of a request without credentials (a closed network may raise it)"
    )
    permitgraph_cors_origins: str = Field(default="", description="origins allowed cross-site, comma-separated")
    permitgraph_public_url: str = Field(
        default="",
        pattern=r"^(https?://[^\s/?#]+(/[^\s?#]*)?)?$",
        description="the URL the public reaches the console at (outlet QR codes encode it); empty: the request's",
    )
    permitgraph_role_limits: str = Field(
        default="",
        description='JSON, per role, over the defaults: {"public": {"per_minute": 60, "burst": 20, "max_cost": '
        '10000, "max_body_bytes": 8192}}',
    )
    permitgraph_audit_retention_days: int = Field(default=365, ge=1, description="audit entries older than this go")
    permitgraph_audit_flush_seconds: float = Field(
        default=1.0, ge=0, description="how often request entries are appended (0: within each request)"
    )
    permitgraph_audit_per_minute: int = Field(
        default=600, ge=1, description="audit entries one caller may add a minute (the rest are counted, not kept)"
    )

    def auth_config(self) -> AuthConfig:
        return AuthConfig(
            issuer=self.permitgraph_oidc_issuer,
            audience=self.permitgraph_oidc_audience,
            jwks=self.permitgraph_oidc_jwks,
            algorithms=tuple(a.strip() for a in self.permitgraph_oidc_algorithms.split(",") if a.strip()),
            role_claim=self.permitgraph_role_claim,
            role_map=role_map(self.permitgraph_role_map),
            region_claim=self.permitgraph_region_claim,
            national_without_region=self.permitgraph_national_without_region,
        )

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    def local_server(self) -> LocalServer:
        return LocalServer(
            project_dir=PROJECT_DIR / "neo4j-local",
            home=self.permitgraph_home / "neo4j",
            bolt_port=self.permitgraph_bolt_port,
            heap=self.permitgraph_heap,
            pagecache=self.permitgraph_pagecache,
            password=self.neo4j_password,
        )

    def role_limits(self) -> dict[str, RoleLimits]:
        """The per-role bounds: the defaults, with what PERMITGRAPH_ROLE_LIMITS gives over them."""
        limits = dict(DEFAULT_ROLE_LIMITS)
        if not self.permitgraph_role_limits.strip():
            return limits
        try:
            given = json.loads(self.permitgraph_role_limits)
            if not isinstance(given, dict):
                raise ValueError("not a JSON object")
            for role, values in given.items():
                if role not in limits:
                    raise ValueError(f"unknown role {role!r} (roles: {', '.join(limits)})")
                limits[role] = RoleLimits.model_validate({**limits[role].model_dump(), **values})
        except (ValueError, TypeError) as exc:
            raise InvalidInput(f"PERMITGRAPH_ROLE_LIMITS: {str(exc)[:200]}") from None
        return limits

    def graphql_limits(self) -> Limits:
        return Limits(
            max_depth=self.permitgraph_max_depth,
            max_aliases=self.permitgraph_max_aliases,
            max_tokens=self.permitgraph_max_tokens,
            max_cost=self.permitgraph_max_cost,
            max_page=self.permitgraph_max_page_size,
            role_costs=tuple((r, lim.max_cost) for r, lim in self.role_limits().items() if lim.max_cost is not None),
        )

    def http_limits(self) -> HttpLimits:
        return HttpLimits(
            max_body=self.permitgraph_max_body_bytes,
            max_response=self.permitgraph_max_response_bytes,
            budget=self.permitgraph_request_seconds,
            graphql=self.graphql_limits(),
        )

    def db_bounds(self) -> Bounds:
        wait = self.permitgraph_db_wait_seconds
        return Bounds(
            # a full pool of live connections means busy, not down (the watch tells down): a request queues for
            # one up to half its budget, so a saturated machine answers late rather than 503
            acquire=max(wait, self.permitgraph_request_seconds / 2),
            connect=wait,
            retry=wait / 2,
            statement=max(30.0, self.permitgraph_request_seconds),
            probe_timeout=self.permitgraph_probe_seconds,
        )

    def connection(self) -> Connection:
        uri = self.neo4j_uri or self.local_server().uri
        return Connection(uri, self.neo4j_user, self.neo4j_password, self.neo4j_database)

    def check_serving(self) -> None:
        """Refuse to serve against a Neo4j on another machine that still has the default password."""
        host = urlsplit(self.neo4j_uri or "").hostname or ""
        loopback = host in {"", "localhost", "::1"} or host.startswith("127.")
        if not loopback and self.neo4j_password == DEFAULT_PASSWORD:
            raise InvalidInput(
                f"NEO4J_URI points at {host}, another machine, with the default password: set NEO4J_PASSWORD"
            )

    def cors_origins(self) -> list[str]:
        return [o.strip() for o in self.permitgraph_cors_origins.split(",") if o.strip()]
