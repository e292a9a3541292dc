"""The one place that maps permitgraph's exceptions to HTTP statuses and GraphQL error extensions."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from graphql import GraphQLError

from graph.errors import DatabaseUnavailable, InvalidInput, NotFound, PermitGraphError

log = logging.getLogger("permitgraph.api")

HTTP_STATUS: dict[type[PermitGraphError], int] = {
    DatabaseUnavailable: 503,
    NotFound: 404,
    InvalidInput: 400,
}


def http_status(exc: PermitGraphError) -> int:
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


def to_payload(exc: BaseException) -> dict[str, Any]:
    """An error body for clients: precise for expected failures, masked (with a request id) otherwise."""
    if isinstance(exc, PermitGraphError):
        return {"message": exc.message, "extensions": {"code": exc.code}}
    request_id = uuid.uuid4().hex[:12]
    log.error("unexpected error %s", request_id, exc_info=exc)
    return {
        "message": f"internal error (request id {request_id})",
        "extensions": {"code": "INTERNAL", "requestId": request_id},
    }


def mask_graphql_error(error: GraphQLError) -> GraphQLError:
    """Keep messages of expected failures and of GraphQL validation; mask anything else."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return error  # syntax, validation, a variable of the wrong type: the message is for the client
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
