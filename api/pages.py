"""The pages the app serves — `/` (where to go), GraphiQL at `/graphql`, Swagger UI at `/docs` — with every asset
from `/static` (api/static/vendor, see its README): nothing comes from a CDN, so they work with no internet."""

from __future__ import annotations

import json
import logging
from functools import cache
from html import escape
from pathlib import Path

import orjson
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from strawberry.fastapi import GraphQLRouter

from api.examples import CHAIN_QUERY, DASHBOARD_QUERY, EXAMPLE_QUERY, PERMIT_QUERY, PLACEHOLDER
from graph.async_db import AsyncDatabase, within
from graph.errors import PermitGraphError

STATIC = Path(__file__).parent / "static"
SWAGGER = "/static/vendor/swagger-ui-dist-5.35.0"
log = logging.getLogger("permitgraph.api")


async def example_queries(db: AsyncDatabase) -> list[str]:
    """GraphiQL's tabs for an outlet of this graph when it has one (asked within one second): the README's
    traceability query, the one-permit view, the group violation chain and a dashboard."""
    try:
        rows = await within(1.0, lambda: db.read("find_example_outlet"))
    except PermitGraphError as exc:
        log.info("no example outlet for GraphiQL: %s", exc.message)
        rows = []
    uscc, code = str(rows[0]["key"]).split(":", 1) if rows else PLACEHOLDER
    uscc = uscc.split("/")[0]  # a site's outlet: its company's USCC
    permit = str(rows[0]["permit"]) if rows and rows[0]["permit"] else f"{uscc}001P"
    return [EXAMPLE_QUERY % (uscc, code), PERMIT_QUERY % permit, CHAIN_QUERY % uscc, DASHBOARD_QUERY]


@cache
def _graphiql_template() -> str:
    return (STATIC / "graphiql.html").read_text(encoding="utf-8")


def graphiql_html(queries: list[str]) -> str:
    # JSON inside <script>: escape "<" so no text of a query can close the element.
    return _graphiql_template().replace("__EXAMPLE_QUERIES__", json.dumps(queries).replace("<", "\\u003c"))


class Router(GraphQLRouter[object, None]):
    """Strawberry's router with GraphiQL from our own assets, opening on the example query."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(graphiql_html(await example_queries(request.app.state.db)))

    def encode_json(self, data: object) -> bytes:
        """UTF-8 as written: Chinese names stay readable (and a third shorter) instead of \\u escapes. orjson
        (bench/http_stack.py: ~18× the standard library on trace answers); what it refuses (an integer past 64
        bits) the standard library writes."""
        try:
            return orjson.dumps(data)
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


INDEX = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>permitgraph</title><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
a{color:#0b5cad}li{margin:.4rem 0}code{background:#f3f3f3;padding:0 .2rem}</style></head>
<body><h1>permitgraph</h1>
<p>排污许可监管关联知识图谱 · China's discharge-permit regulatory graph.</p>
<ul>
<li><a href="/console/">控制台 Console</a> — search, the enterprise file, outlet traces and charts, dashboards,
the disclosure lists, QR labels, exports (no GraphQL needed)</li>
<li><a href="/graphql">GraphiQL</a> — the GraphQL API (<code>POST /graphql</code>), opening on an outlet trace</li>
<li><a href="/health">/health</a> — is the API up, and can it reach Neo4j</li>
<li><a href="/docs">/docs</a> — the HTTP endpoints</li>
</ul>
<p>Version __VERSION__.</p></body></html>"""


def mount(app: FastAPI, version: str) -> None:
    """`/`, `/docs` and `/static` on the app."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    index = INDEX.replace("__VERSION__", escape(version))

    @app.get("/", include_in_schema=False)
    async def root() -> HTMLResponse:
        return HTMLResponse(index)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="permitgraph · HTTP",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
        )
