"""The FastAPI application: GraphQL at /graphql (GraphiQL in a browser), /health, the pages, request limits, errors."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import uuid
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any, ClassVar

import strawberry
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from strawberry.extensions import MaxTokensLimiter, ParserCache, SchemaExtension

from api import console, downloads, exports, pages
from api.audit import AuditLog, AuditTrail, refused_entry
from api.auth import KEY_PREFIX, Authenticator, TokenVerifier
from api.errors import http_status, mask_graphql_error, to_payload
from api.http import GraphQLOverHTTP
from api.lane import DirectLane
from api.limits import request_limits
from api.proxies import TrustedProxies, networks
from api.settings import Settings
from api.throttle import Throttle, caller_id
from graph.async_db import AsyncDatabase, Watch, within
from graph.errors import PermitGraphError, RateLimited, RequestTimeout, Unauthenticated
from graph.stats import label_counts_async
from schema.access import Principal
from schema.context import Context
from schema.fastviews import FastViews
from schema.guard import AccessGuard
from schema.root import Query
from schema.workflow import Mutation

log = logging.getLogger("permitgraph.api")
VERSION = "0.1.0"


class ErrorMapping(SchemaExtension):
    """Precise messages for expected failures, masked ones (logged with a request id) for the rest."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            executed = result.data is not None
            result.errors = [mask_graphql_error(e, executed) for e in result.errors]


class _Schema(strawberry.Schema):
    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        """ErrorMapping logs unexpected errors once, with their request id; expected ones are not logged."""


def _per_request(template: SchemaExtension) -> Callable[[], SchemaExtension]:
    """Per-request copies of one configured extension: each request has its own instance (strawberry keeps the
    execution context on it), while all share what the template built — the validation cache keys on the rule
    classes, and new classes per request would make every request a miss."""
    return lambda: copy.copy(template)


class TextValidationCache(SchemaExtension):
    """A document's validation errors, kept by its text per schema: strawberry's ValidationCache keys on the parsed
    document, whose hash walks the whole tree on every request."""

    held: ClassVar[weakref.WeakKeyDictionary[Any, dict[tuple[str, tuple[Any, ...]], list[Any]]]] = (
        weakref.WeakKeyDictionary()
    )
    HELD_MAX = 1000  # documents per schema

    def on_validate(self) -> Iterator[None]:
        from strawberry.schema.schema import validate_document

        ec = self.execution_context
        rules = tuple(ec.validation_rules)
        schema = ec.schema._schema
        kept = self.held.setdefault(schema, {})
        errors = kept.get((ec.query, rules)) if ec.query is not None else None
        if errors is None:
            assert ec.graphql_document is not None
            errors = validate_document(schema, ec.graphql_document, rules)
            if ec.query is not None:
                if len(kept) >= self.HELD_MAX:
                    kept.clear()
                kept[ec.query, rules] = errors
        ec.pre_execution_errors = errors
        yield


def build_schema(settings: Settings) -> strawberry.Schema:
    return _Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            # Parsing stops at the token limit (the HTTP guard also counts tokens and nesting before parsing).
            _per_request(MaxTokensLimiter(max_token_count=settings.permitgraph_max_tokens)),
            # Dashboards send the same few documents again and again: parsing and validating them was ~80% of
            # a trace request's time in the server (bench/query_latency); both are pure functions of the text.
            lambda: ParserCache(maxsize=1000),
            TextValidationCache,
            ErrorMapping,
            AuditTrail,  # who asked what and got which objects (api/audit.py)
            AccessGuard,  # what the caller's role may see (schema/access.py)
            # Depth, aliases and cost, measured in one linear walk (fragments once) before anything executes.
            request_limits(settings.graphql_limits()),
            *([FastViews] if settings.permitgraph_fast_views else []),
        ],
    )


def create_app(settings: Settings | None = None, db: AsyncDatabase | None = None) -> FastAPI:
    """The app; with `db` given (tests), that database is used. The app closes it when it stops."""
    settings = settings or Settings()
    settings.check_serving()

    verifier = TokenVerifier(settings.auth_config())  # a bad auth setting stops the app before it serves
    throttle = Throttle(settings.role_limits())  # so does a bad PERMITGRAPH_ROLE_LIMITS
    trusted = networks(settings.permitgraph_trusted_proxies)  # and a bad PERMITGRAPH_TRUSTED_PROXIES

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = db or AsyncDatabase.connect(settings.connection(), settings.db_bounds())
        watch = Watch(database, settings.connection())
        app.state.db, app.state.watch = database, watch
        app.state.auth = Authenticator(verifier, database, Principal(role=settings.permitgraph_anonymous_role))
        trail = AuditLog(
            database,
            settings.permitgraph_audit_retention_days,
            settings.permitgraph_audit_flush_seconds,
            settings.permitgraph_audit_per_minute,
        )
        app.state.audit = trail
        watch.start()
        revocations = asyncio.create_task(app.state.auth.keys.run())  # held API keys: revoked within a second
        try:
            async with trail.running():
                yield
        finally:
            revocations.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await revocations
            await watch.stop()
            await database.close()

    app = FastAPI(
        title="permitgraph",
        description="China's discharge-permit regulatory graph",
        version=VERSION,
        lifespan=lifespan,
        docs_url=None,  # served by api.pages from the app's own assets
        redoc_url=None,
    )
    lane = DirectLane() if settings.permitgraph_direct_lane else None  # bound below, once the schema is built
    app.add_middleware(GraphQLOverHTTP, limits=settings.http_limits(), lane=lane)
    app.add_middleware(TrustedProxies, trusted=trusted)  # outermost: every later step sees the real client
    if origins := settings.cors_origins():  # none by default: no cross-site browser access
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )

    async def context(request: Request) -> Context:
        principal = await request.app.state.auth.principal(request.headers.get("authorization"))
        caller = caller_id(request.client, None if principal.via == "anonymous" else principal.subject)
        throttle.admit(caller, principal.role, int(request.scope.get("permitgraph.body_bytes", 0)))
        return Context(
            db=request.app.state.db,
            max_page_size=settings.permitgraph_max_page_size,
            principal=principal,
            audit=request.app.state.audit,
            introspection_role=settings.permitgraph_introspection_role,
        )

    schema = build_schema(settings)
    router = pages.Router(schema, context_getter=context)
    app.include_router(router, prefix="/graphql")
    pages.mount(app, VERSION)
    downloads.mount(app, throttle)
    console.mount(app, settings, VERSION, throttle)
    exports.mount(app, settings, schema, throttle)

    @app.exception_handler(PermitGraphError)
    async def _expected(request: Request, exc: PermitGraphError) -> JSONResponse:
        if isinstance(exc, Unauthenticated):
            try:  # a refused credential is audited, and counts against its address's anonymous rate
                await _refused(request, exc)
            except RateLimited as limited:
                exc = limited
        status = http_status(exc)
        headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'} if status == 401 else None
        if isinstance(exc, RateLimited):
            headers = {"Retry-After": str(max(1, round(exc.retry_after)))}
        return JSONResponse({"errors": [to_payload(exc)]}, status_code=status, headers=headers)

    if lane is not None:
        lane.bind(schema, context, router.encode_json, _expected)

    async def _refused(request: Request, exc: Unauthenticated) -> None:
        caller = caller_id(request.client)
        credential = (request.headers.get("authorization") or "").partition(" ")[2].strip()
        claimed = (
            "key:" + credential.removeprefix(KEY_PREFIX).partition(".")[0][:40]
            if credential.startswith(KEY_PREFIX)
            else "token"
            if credential
            else "malformed header"
        )
        host = request.client.host if request.client else None
        await request.app.state.audit.record(caller, refused_entry(claimed, exc.message, host, uuid.uuid4().hex))
        throttle.admit(caller, "public", 0)

    @app.get("/health", summary="Liveness and database reachability")
    async def health(request: Request) -> JSONResponse:
        """Never waits on a stuck database: the outage watch's verdict, and the node count within one second."""
        database: AsyncDatabase = request.app.state.db
        watch: Watch = request.app.state.watch
        body: dict[str, Any] = {
            "status": "ok",
            "version": VERSION,
            "database": {"uri": _redact(settings.connection().uri), "name": database.database},
        }
        if database.outage is None:
            up = {"reachable": True, "state": "up", "probeMs": watch.last_ms, "driverRebuilds": database.rebuilds}
            try:
                counts = await within(settings.permitgraph_probe_seconds, lambda: label_counts_async(database))
                body["database"] |= up | {"nodes": sum(counts.values())}
                return JSONResponse(body)
            except RequestTimeout:  # a busy machine is not an outage: the watch says Neo4j answers
                body["database"] |= up | {"nodes": None, "slow": True}
                return JSONResponse(body)
            except PermitGraphError as exc:
                problem = exc.message
        else:
            problem = f"Neo4j is not reachable: {database.outage}"
        body["status"] = "degraded"
        body["database"] |= {"reachable": False, "state": database.state, "error": problem}
        return JSONResponse(body, status_code=503)

    return app


def serve_app() -> FastAPI:
    """The app as uvicorn's factory makes it in each worker process (`permitgraph serve`)."""
    return create_app(Settings())


def _redact(uri: str) -> str:
    """Never echo credentials embedded in a URI."""
    scheme, sep, rest = uri.partition("://")
    return f"{scheme}{sep}{rest.split('@', 1)[-1]}"
