"""The FastAPI application: GraphQL at /graphql (GraphiQL in a browser), /health, request limits, errors."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any

import strawberry
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.fastapi import GraphQLRouter

from api.errors import http_status, mask_graphql_error, to_payload
from api.settings import Settings
from graph.db import Database
from graph.errors import PermitGraphError
from graph.stats import label_counts
from schema.context import Context
from schema.fastviews import FastViews
from schema.root import Query

log = logging.getLogger("permitgraph.api")
GRAPHQL_RESPONSE = "application/graphql-response+json"


class ErrorMapping(SchemaExtension):
    """Precise messages for expected failures, masked ones (logged with a request id) for the rest."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [mask_graphql_error(e) for e in result.errors]


class _Schema(strawberry.Schema):
    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        """ErrorMapping logs unexpected errors once, with their request id; expected ones are not logged."""


def _per_request(template: SchemaExtension) -> Callable[[], SchemaExtension]:
    """Per-request copies of one configured extension: each request has its own instance (strawberry keeps the
    execution context on it), while all share the validation-rule classes the template built — the validation
    cache keys on those rules, and new classes per request would make every request a miss."""
    return lambda: copy.copy(template)


def build_schema(settings: Settings) -> strawberry.Schema:
    return _Schema(
        query=Query,
        extensions=[
            _per_request(QueryDepthLimiter(max_depth=settings.permitgraph_max_depth)),
            _per_request(MaxAliasesLimiter(max_alias_count=settings.permitgraph_max_aliases)),
            _per_request(MaxTokensLimiter(max_token_count=settings.permitgraph_max_tokens)),
            # Dashboards send the same few documents again and again: parsing and validating them was ~80% of
            # a trace request's time in the server (bench/query_latency); both are pure functions of the text.
            # The caches are module-level in strawberry, shared by every per-request instance.
            lambda: ParserCache(maxsize=1000),
            lambda: ValidationCache(maxsize=1000),
            ErrorMapping,
            *([FastViews] if settings.permitgraph_fast_views else []),
        ],
    )


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    """The app; with `db` given (tests), that Database is used and not closed by the app."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = db is None
        app.state.db = db or Database.connect(settings.connection())
        try:
            yield
        finally:
            if own:
                app.state.db.close()

    app = FastAPI(title="permitgraph", description="China's discharge-permit regulatory graph", lifespan=lifespan)
    app.add_middleware(GraphQLOverHTTP)

    async def context(request: Request) -> Context:
        return Context(db=request.app.state.db, max_page_size=settings.permitgraph_max_page_size)

    app.include_router(
        GraphQLRouter(build_schema(settings), context_getter=context, graphql_ide="graphiql"), prefix="/graphql"
    )

    @app.exception_handler(PermitGraphError)
    async def _expected(_: Request, exc: PermitGraphError) -> JSONResponse:
        return JSONResponse({"errors": [to_payload(exc)]}, status_code=http_status(exc))

    @app.get("/health", summary="Liveness and database reachability")
    def health(request: Request) -> JSONResponse:
        database: Database = request.app.state.db
        body: dict[str, Any] = {
            "status": "ok",
            "database": {"uri": _redact(settings.connection().uri), "name": database.database},
        }
        try:
            database.verify()
            body["database"]["reachable"] = True
            body["database"]["nodes"] = sum(label_counts(database).values())
            return JSONResponse(body)
        except PermitGraphError as exc:
            body["status"] = "degraded"
            body["database"] |= {"reachable": False, "error": exc.message}
            return JSONResponse(body, status_code=503)

    return app


class GraphQLOverHTTP:
    """GraphQL-over-HTTP for /graphql: `application/graphql-response+json` when the client accepts it (then a
    request that could not execute — syntax, validation, limits — is a 400), and 503 whenever the database was
    unreachable. A plain ASGI middleware: it buffers only the JSON body of a GraphQL response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != "/graphql":
            await self.app(scope, receive, send)
            return
        accept = b",".join(v for k, v in scope["headers"] if k == b"accept").decode("latin-1")
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body" or not start:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            status, headers = _graphql_status(start, body, GRAPHQL_RESPONSE in accept)
            await send({**start, "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


def _graphql_status(start: dict[str, Any], body: bytes, graphql_response: bool) -> tuple[int, list[Any]]:
    status: int = start["status"]
    headers = list(start.get("headers", []))
    if dict(headers).get(b"content-type", b"").split(b";")[0] != b"application/json":
        return status, headers  # GraphiQL's page and anything else pass through
    if b'"errors"' not in body:  # the common case: nothing to inspect, no need to parse the whole answer
        return status, _media_type(headers) if graphql_response else headers
    try:
        payload = json.loads(body)
    except ValueError:
        return status, headers
    errors = (payload.get("errors") or []) if isinstance(payload, dict) else []
    if any(e.get("extensions", {}).get("code") == "DATABASE_UNAVAILABLE" for e in errors):
        status = 503
    if graphql_response:
        headers = _media_type(headers)
        if status == 200 and errors and payload.get("data") is None:
            status = 400  # not executed
    return status, headers


def _media_type(headers: list[Any]) -> list[Any]:
    return [(k, v) for k, v in headers if k != b"content-type"] + [(b"content-type", GRAPHQL_RESPONSE.encode())]


def _redact(uri: str) -> str:
    """Never echo credentials embedded in a URI."""
    scheme, sep, rest = uri.partition("://")
    return f"{scheme}{sep}{rest.split('@', 1)[-1]}"
