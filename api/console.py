"""The console (`/console/…`, a client of the GraphQL API in api/static/console) and the outlets' QR codes
(`/qr/outlet/<uscc>/<code>.svg|.png`): each code encodes the URL of the outlet's public page."""

from __future__ import annotations

import io
from functools import cache
from html import escape
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlencode

import segno
from fastapi import FastAPI, Query, Request
from fastapi import Path as InPath
from fastapi.responses import HTMLResponse, Response

from api.settings import Settings
from api.throttle import Throttle, caller_id
from graph.errors import InvalidInput, NotFound
from schema import filters

STATIC = Path(__file__).parent / "static" / "console"
QR_MEDIA = {"svg": "image/svg+xml", "png": "image/png"}


@cache
def _index() -> str:
    return (STATIC / "index.html").read_text(encoding="utf-8")


def outlet_url(base: str, uscc: str, code: str, site: str | None) -> str:
    """The public page of an outlet: <base>/console/outlet/<uscc>/<code>[?site=…]."""
    path = f"{base.rstrip('/')}/console/outlet/{quote(uscc, safe='')}/{quote(code, safe='')}"
    return path + (f"?{urlencode({'site': site})}" if site else "")


def qr_image(url: str, fmt: str) -> bytes:
    """A QR code (error correction M: a label may get dirty) as SVG or PNG, sized to print at ~3 cm."""
    code = segno.make(url, error="m")
    out = io.BytesIO()
    if fmt == "svg":
        code.save(out, kind="svg", scale=4, border=4, xmldecl=False, title=url)
    else:
        code.save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def mount(app: FastAPI, settings: Settings, version: str, throttle: Throttle) -> None:
    page = _index().replace("__VERSION__", escape(version))

    @app.get("/console", include_in_schema=False)
    @app.get("/console/{rest:path}", include_in_schema=False)
    async def console(rest: str = "") -> HTMLResponse:
        """Every console path is the same page; its script reads the path (search, enterprise, outlet …)."""
        return HTMLResponse(page, headers={"Cache-Control": "no-cache"})

    @app.get("/qr/outlet/{uscc}/{name}", summary="An outlet's QR code (排放口二维码), encoding its public page's URL")
    async def outlet_qr(
        request: Request,
        uscc: Annotated[str, InPath(max_length=30)],
        name: Annotated[str, InPath(max_length=40, description="<outlet code>.svg or <outlet code>.png")],
        site: Annotated[str | None, Query(max_length=60)] = None,
    ) -> Response:
        """The outlet must exist (by its national or local code); its label links to /console/outlet/…."""
        code, _, fmt = name.rpartition(".")
        if fmt not in QR_MEDIA or not code:
            raise InvalidInput("a QR code is <outlet code>.svg or <outlet code>.png")
        throttle.admit(caller_id(request.client), "public", 0)
        enterprise, (outlet, _) = filters.uscc(uscc), filters.outlet_ref(code)
        place = None if site is None else filters.site_ref(site)
        rows = await request.app.state.db.read("find_outlet_keys", uscc=enterprise, code=outlet, site=place)
        if not rows:
            raise NotFound(f"no outlet {outlet} of {enterprise}" + (f" at site {place}" if place else ""))
        base = settings.permitgraph_public_url or str(request.base_url)
        body = qr_image(outlet_url(base, enterprise, outlet, place), fmt)
        return Response(body, media_type=QR_MEDIA[fmt], headers={"Cache-Control": "public, max-age=3600"})
