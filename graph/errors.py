"""The one exception hierarchy of permitgraph; `api.errors` maps it to HTTP and GraphQL."""

from __future__ import annotations

MESSAGE_MAX = 300  # characters of a message sent back: an argument of 1 MB is never echoed whole


def bounded(text: str, limit: int = MESSAGE_MAX) -> str:
    """`text` cut to `limit` characters, saying how long it was."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


class PermitGraphError(Exception):
    """Root of every expected failure; `code` is stable and machine-readable."""

    code = "PERMITGRAPH_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseUnavailable(PermitGraphError):
    """Neo4j cannot be reached or refused the credentials."""

    code = "DATABASE_UNAVAILABLE"


class NotFound(PermitGraphError):
    """A key or id names nothing in the graph."""

    code = "NOT_FOUND"


class InvalidInput(PermitGraphError):
    """A user-supplied value is malformed (a code, an id, a parameter)."""

    code = "INVALID_INPUT"


class LocalServerError(PermitGraphError):
    """The local Neo4j could not be built, started or stopped."""

    code = "LOCAL_SERVER_ERROR"


class RequestRefused(PermitGraphError):
    """A request outside the server's bounds (size, shape, cost, time): refused or stopped, never half-done."""

    code = "REQUEST_REFUSED"


class BadRequest(RequestRefused):
    """The body or a parameter of a request is malformed (not UTF-8, not JSON, not a GraphQL request)."""

    code = "BAD_REQUEST"


class TooComplex(RequestRefused):
    """The document would cost more than the limits allow (depth, aliases, tokens, estimated cost)."""

    code = "QUERY_TOO_COMPLEX"


class TooLarge(RequestRefused):
    """The request body or the response is larger than allowed."""

    code = "TOO_LARGE"


class RequestTimeout(RequestRefused):
    """The request ran past its time budget; its database work was cancelled."""

    code = "REQUEST_TIMEOUT"


class RateLimited(RequestRefused):
    """The caller sent more requests than its role's rate allows; `retry_after`: seconds until one is allowed."""

    code = "RATE_LIMITED"

    def __init__(self, message: str, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unauthenticated(PermitGraphError):
    """Credentials were given and do not hold (a bad, expired or foreign token; an unknown or revoked key)."""

    code = "UNAUTHENTICATED"


class Forbidden(PermitGraphError):
    """The caller's role may not see this (a field comes back null with this error beside it)."""

    code = "FORBIDDEN"
