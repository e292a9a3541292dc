"""The one place that maps permitgraph's exceptions to HTTP statuses and GraphQL error extensions."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from graphql import GraphQLError

from graph.errors import (
    MESSAGE_MAX,
    DatabaseUnavailable,
    Forbidden,
    InvalidInput,
    NotFound,
    PermitGraphError,
    RateLimited,
    RequestRefused,
    RequestTimeout,
    TooLarge,
    Unauthenticated,
    bounded,
)

log = logging.getLogger("permitgraph.api")

HTTP_STATUS: dict[type[PermitGraphError], int] = {
    DatabaseUnavailable: 503,
    NotFound: 404,
    InvalidInput: 400,
    TooLarge: 413,
    RateLimited: 429,
    RequestTimeout: 504,
    RequestRefused: 400,
    Unauthenticated: 401,
    Forbidden: 403,
}


def http_status(exc: PermitGraphError) -> int:
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


def to_payload(exc: BaseException) -> dict[str, Any]:
    """An error body for clients: precise for expected failures, masked (with a request id) otherwise."""
    if isinstance(exc, PermitGraphError):
        return {"message": bounded(exc.message), "extensions": {"code": exc.code}}
    request_id = uuid.uuid4().hex[:12]
    log.error("unexpected error %s", request_id, exc_info=exc)
    return {
        "message": f"internal error (request id {request_id})",
        "extensions": {"code": "INTERNAL", "requestId": request_id},
    }


def mask_graphql_error(error: GraphQLError, executed: bool = True) -> GraphQLError:
    """Keep messages of expected failures and of GraphQL validation; mask anything else. An error of a request
    that never executed (syntax, validation, a variable of the wrong type) gets a code too: GRAPHQL_PARSE_FAILED
    or GRAPHQL_VALIDATION_FAILED."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        # the message is for the client, cut to a bounded length
        extensions = error.extensions
        if not executed and not (extensions or {}).get("code"):
            code = "GRAPHQL_PARSE_FAILED" if error.message.startswith("Syntax Error") else "GRAPHQL_VALIDATION_FAILED"
            extensions = {**(extensions or {}), "code": code}
        if len(error.message) <= MESSAGE_MAX and extensions is error.extensions:
            return error
        return GraphQLError(
            bounded(error.message),
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions=extensions,
        )
    payload = to_payload(original)
    return GraphQLError(
        payload["message"],
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=payload["extensions"],
    )
