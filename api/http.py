"""GraphQL over HTTP at /graphql, guarded: every request is checked before GraphQL sees it and bounded while it runs.

Before: the body's size, its encoding (strict UTF-8), its JSON (depth-limited, never recursing without bound) and
its shape (`query`, `variables`, `operationName`, `extensions`), and the document's tokens and nesting
(`limits.prescan`); each failure is a typed 400 (413 for size, 415 for the media type) with a bounded message.
While: the request runs under a time budget (`graph.async_db.budget`: every database read gets the rest of it as
its transaction timeout), and past the budget it is cancelled and answered 504. After: the response is capped in
size, and gets its status — `application/graphql-response+json` when the client accepts it (a request that could
not execute is a 400 then), 503 when the database was unreachable, 504 when the budget ran out.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.lane import DirectLane
from api.limits import Limits, prescan
from graph.async_db import budget
from graph.errors import BadRequest, RequestRefused, RequestTimeout, TooLarge, bounded

GRAPHQL_RESPONSE = "application/graphql-response+json"
GRACE = 0.5  # seconds past the budget before the request itself is cancelled (its reads stop at the budget)


@dataclass(frozen=True)
class HttpLimits:
    max_body: int = 128 * 1024
    max_json_depth: int = 32
    max_response: int = 8 * 1024 * 1024
    budget: float = 10.0
    graphql: Limits = field(default_factory=Limits)


def _depth_ok(value: Any, max_depth: int) -> bool:
    """Whether a parsed JSON value nests at most `max_depth` containers (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return True


def _json(text: str, what: str, limits: HttpLimits) -> Any:
    try:
        value = json.loads(text)
    except RecursionError:
        raise BadRequest(f"{what} nests JSON more than {limits.max_json_depth} deep") from None
    except ValueError as exc:
        raise BadRequest(bounded(f"{what} is not JSON: {exc}")) from None
    if not _depth_ok(value, limits.max_json_depth):
        raise BadRequest(f"{what} nests JSON more than {limits.max_json_depth} deep")
    return value


def check_params(payload: Any, limits: HttpLimits) -> Any:
    """A GraphQL-over-HTTP request's parameters: an object with a string `query`, an object (or null) of
    `variables`, a string (or null) `operationName`, an object (or null) of `extensions`."""
    if isinstance(payload, list):
        raise BadRequest("batched requests (a JSON array) are not supported: send one request per operation")
    if not isinstance(payload, dict):
        raise BadRequest(f"the body must be a JSON object with a `query`; found {type(payload).__name__}")
    query = payload.get("query")
    if not isinstance(query, str) or not query.strip():
        raise BadRequest("the request has no `query` string")
    for key, kinds in (("variables", dict), ("operationName", str), ("extensions", dict)):
        value = payload.get(key)
        if value is not None and not isinstance(value, kinds):
            expected = "an object" if kinds is dict else "a string"
            raise BadRequest(f"`{key}` must be {expected} or null; found {type(value).__name__}")
    prescan(query, limits.graphql, payload.get("operationName"))
    return payload


def check_body(body: bytes, content_type: str, limits: HttpLimits) -> Any:
    """The parsed parameters of a POST body, checked."""
    media, _, rest = content_type.partition(";")
    if media.strip().lower() != "application/json":
        raise _UnsupportedMedia(f"POST /graphql takes application/json; found {bounded(media.strip(), 80)!r}")
    charset = rest.strip().lower().removeprefix("charset=").strip('"') if "charset=" in rest.lower() else "utf-8"
    if charset not in {"utf-8", "utf8"}:
        raise _UnsupportedMedia(f"the body must be UTF-8; found charset {bounded(charset, 40)!r}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the body is not valid UTF-8 (byte {exc.start} of {len(body)})") from None
    return check_params(_json(text, "the body", limits), limits)


def check_query_string(raw: bytes, limits: HttpLimits) -> bool:
    """Check a GET request's parameters; False when it carries no query (GraphiQL's page)."""
    try:
        params = parse_qs(raw.decode("utf-8", errors="strict"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(bounded(f"the query string is not valid: {exc}")) from None
    if "query" not in params:
        return False
    names = params.get("operationName")
    payload: dict[str, Any] = {"query": params["query"][0], "operationName": names[0] if names else None}
    if "variables" in params and params["variables"][0]:
        payload["variables"] = _json(params["variables"][0], "`variables`", limits)
    check_params(payload, limits)
    return True


class _UnsupportedMedia(BadRequest):
    pass


class _SlowBody(RequestTimeout):
    pass


_REFUSAL_STATUS: dict[type[RequestRefused], int] = {TooLarge: 413, _UnsupportedMedia: 415, _SlowBody: 408}


class GraphQLOverHTTP:
    """The guard and the GraphQL-over-HTTP rules for /graphql (a plain ASGI middleware: it buffers only the JSON
    body of a GraphQL response)."""

    def __init__(self, app: ASGIApp, limits: HttpLimits | None = None, lane: DirectLane | None = None) -> None:
        self.app = app
        self.limits = limits or HttpLimits()
        self.lane = lane

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != "/graphql":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        graphql_response = GRAPHQL_RESPONSE in headers.get("accept", "")
        lane: ASGIApp | None = None
        try:
            if scope["method"] == "POST":
                try:
                    async with asyncio.timeout(self.limits.budget):
                        body = await self._body(receive, headers)
                except TimeoutError:
                    raise _SlowBody(f"the body did not arrive within {self.limits.budget:g} s") from None
                payload = check_body(body, headers.get("content-type", ""), self.limits)
                scope["permitgraph.body_bytes"] = len(body)  # the role's own bound is checked once it is known
                receive = _replay(body, receive)
                if self.lane is not None and self.lane.takes(headers, payload):
                    lane = self._lane(self.lane, payload)
            elif scope["method"] == "GET" and not check_query_string(scope.get("query_string", b""), self.limits):
                await self.app(scope, receive, send)  # GraphiQL's page
                return
        except RequestRefused as exc:
            status = _REFUSAL_STATUS.get(type(exc), 400)
            await _refuse(send, exc, status, graphql_response)
            return
        await self._run(scope, receive, send, graphql_response, lane)

    def _lane(self, lane: DirectLane, payload: dict[str, Any]) -> ASGIApp:
        async def direct(scope: Scope, receive: Receive, send: Send) -> None:
            await lane.run(payload, self.app, scope, receive, send)

        return direct

    async def _body(self, receive: Receive, headers: dict[str, str]) -> bytes:
        limit = self.limits.max_body
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"the body is {int(declared):,} bytes; at most {limit:,} are accepted")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise BadRequest("the client went away before sending the whole body")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"the body is more than {limit:,} bytes; at most {limit:,} are accepted")
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    async def _run(
        self, scope: Scope, receive: Receive, send: Send, graphql_response: bool, app: ASGIApp | None = None
    ) -> None:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        state = {"size": 0, "sent": False}
        max_response = self.limits.max_response

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body" or not start:
                await send(message)
                return
            chunk = message.get("body", b"")
            state["size"] += len(chunk)
            if state["size"] <= max_response:
                chunks.append(chunk)
            if message.get("more_body"):
                return
            state["sent"] = True
            if state["size"] > max_response:
                chunks.clear()
                too_large = TooLarge(
                    f"the answer would be {state['size']:,} bytes, above the maximum of {max_response:,}: ask for "
                    "smaller pages or fewer fields"
                )
                await _refuse(send, too_large, 400, graphql_response)
                return
            payload = b"".join(chunks)
            status, out_headers = _graphql_status(start, payload, graphql_response)
            await send({**start, "status": status, "headers": out_headers})
            await send({"type": "http.response.body", "body": payload})

        seconds = self.limits.budget
        try:
            with budget(seconds):
                async with asyncio.timeout(seconds + GRACE):
                    await (app or self.app)(scope, receive, capture)
        except TimeoutError:
            if not state["sent"]:
                late = RequestTimeout(f"the request ran past its time budget of {seconds:g} s and was stopped")
                await _refuse(send, late, 504, graphql_response)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the already-read body once, then waits on the client as before (disconnects)."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(send: Send, exc: RequestRefused, status: int, graphql_response: bool) -> None:
    body = json.dumps(
        {"errors": [{"message": bounded(exc.message), "extensions": {"code": exc.code}}]}, ensure_ascii=False
    ).encode()
    media = GRAPHQL_RESPONSE if graphql_response else "application/json"
    headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


_STATUS_OF_CODE = {"DATABASE_UNAVAILABLE": 503, "REQUEST_TIMEOUT": 504}


def _graphql_status(start: dict[str, Any], body: bytes, graphql_response: bool) -> tuple[int, list[Any]]:
    status: int = start["status"]
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    if dict(headers).get(b"content-type", b"").split(b";")[0] != b"application/json":
        return status, headers  # GraphiQL's page and anything else pass through
    if b'"errors"' not in body:  # the common case: nothing to inspect, no need to parse the whole answer
        return status, _media_type(headers) if graphql_response else headers
    try:
        payload = json.loads(body)
    except ValueError:
        return status, headers
    errors = (payload.get("errors") or []) if isinstance(payload, dict) else []
    codes = {(e.get("extensions") or {}).get("code") for e in errors if isinstance(e, dict)}
    for code, code_status in _STATUS_OF_CODE.items():
        if code in codes:
            status = code_status
            break
    if graphql_response:
        headers = _media_type(headers)
        if status == 200 and errors and payload.get("data") is None:
            status = 400  # not executed
    return status, headers


def _media_type(headers: list[Any]) -> list[Any]:
    return [(k, v) for k, v in headers if k != b"content-type"] + [(b"content-type", GRAPHQL_RESPONSE.encode())]
