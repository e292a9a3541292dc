"""The FastAPI application: GraphQL at /graphql (GraphiQL in a browser), /health, request limits, errors."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import strawberry
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.fastapi import GraphQLRouter

from api.errors import http_status, mask_graphql_error, to_payload
from api.settings import Settings
from graph.db import Database
from graph.errors import PermitGraphError
from graph.stats import label_counts
from schema.context import Context
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


def build_schema(settings: Settings) -> strawberry.Schema:
    return _Schema(
        query=Query,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=settings.permitgraph_max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=settings.permitgraph_max_aliases),
            lambda: MaxTokensLimiter(max_token_count=settings.permitgraph_max_tokens),
            ErrorMapping,
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

    async def context(request: Request) -> Context:
        return Context(db=request.app.state.db, max_page_size=settings.permitgraph_max_page_size)

    app.include_router(
        GraphQLRouter(build_schema(settings), context_getter=context, graphql_ide="graphiql"), prefix="/graphql"
    )

    @app.middleware("http")
    async def graphql_over_http(request: Request, call_next: Any) -> Response:
        """GraphQL-over-HTTP: `application/graphql-response+json` when the client accepts it (then a request
        that could not execute is a 4xx), and 503 whenever the database was unreachable."""
        response: Response = await call_next(request)
        if request.url.path.rstrip("/") != "/graphql" or response.headers.get("content-type") != "application/json":
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        status = response.status_code
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        codes = {e.get("extensions", {}).get("code") for e in (payload or {}).get("errors", [])}
        if "DATABASE_UNAVAILABLE" in codes:
            status = 503
        media = "application/json"
        if GRAPHQL_RESPONSE in request.headers.get("accept", ""):
            media = GRAPHQL_RESPONSE
            if status == 200 and isinstance(payload, dict) and payload.get("data") is None and payload.get("errors"):
                status = 400  # not executed: a syntax, validation or limit error
        headers = {k: v for k, v in response.headers.items() if k.lower() not in {"content-length", "content-type"}}
        return Response(body, status_code=status, media_type=media, headers=headers)

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


def _redact(uri: str) -> str:
    """Never echo credentials embedded in a URI."""
    scheme, sep, rest = uri.partition("://")
    return f"{scheme}{sep}{rest.split('@', 1)[-1]}"
