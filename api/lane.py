"""The direct lane: a POST /graphql with a JSON body goes from the HTTP guard straight to the schema.

The guard (api/http.py) has already read, bounded and parsed the body. The usual way on from there — FastAPI's
routing and dependency solving, then strawberry's HTTP view parsing the same JSON again — cost about a third of a
small request's time in the server. The lane builds the same context with the same function (credentials, the
caller's rate), runs the same `schema.execute` with the same arguments (every extension: limits, the guard, the
audit trail, the lean executor) and writes the answer as strawberry's view would (`process_result`, the router's
JSON encoding, 200). What the lane does not answer itself goes the usual way with the same body: a request
strawberry's view would refuse before executing (no operation, an operation the method does not allow) and one
that asks for a streamed answer. A refused credential or rate is answered by the app's own handler for it.
`PERMITGRAPH_DIRECT_LANE=false` turns it off; tests/test_lane.py checks both ways give the same answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.http import process_result
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from graph.errors import PermitGraphError

POST_OPERATIONS = OperationType.from_http("POST")
_BEFORE_EXECUTING = (CannotGetOperationTypeError, InvalidOperationTypeError, MissingQueryError)


class DirectLane:
    """Bound once the app has its schema, context function and error handler (`bind`); until then it takes
    nothing."""

    def __init__(self) -> None:
        self.schema: Any = None
        self.context: Callable[[Request], Awaitable[Any]] | None = None
        self.encode: Callable[[Any], bytes] | None = None
        self.refuse: Callable[[Request, PermitGraphError], Awaitable[Response]] | None = None

    def bind(
        self,
        schema: Any,
        context: Callable[[Request], Awaitable[Any]],
        encode: Callable[[Any], bytes],
        refuse: Callable[[Request, PermitGraphError], Awaitable[Response]],
    ) -> None:
        self.schema, self.context, self.encode, self.refuse = schema, context, encode, refuse

    def takes(self, headers: dict[str, str], payload: Any) -> bool:
        """Whether this request is the lane's: one operation in a JSON object, and no streamed answer asked."""
        accept = headers.get("accept", "")
        streamed = "multipart/mixed" in accept or "text/event-stream" in accept
        return self.schema is not None and isinstance(payload, dict) and not streamed

    async def run(self, payload: dict[str, Any], usual: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request (or hand it to `usual`, the app, when strawberry's view would refuse it)."""
        assert self.context is not None and self.encode is not None and self.refuse is not None
        request = Request(scope, receive)
        try:
            context = await self.context(request)
        except PermitGraphError as exc:
            await (await self.refuse(request, exc))(scope, receive, send)
            return
        context.request = request  # as strawberry's FastAPI router sets it
        try:
            result = await self.schema.execute(
                payload["query"],
                variable_values=payload.get("variables"),
                context_value=context,
                operation_name=payload.get("operationName"),
                allowed_operation_types=POST_OPERATIONS,
                operation_extensions=payload.get("extensions"),
            )
        except _BEFORE_EXECUTING:  # nothing ran: the view words the refusal
            await usual(scope, receive, send)
            return
        body = self.encode(process_result(result))
        headers = [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
