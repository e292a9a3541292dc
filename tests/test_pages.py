"""The pages the app serves work with no internet: every asset they reference is served by the app, and in a real
browser (Debian's Chromium, every request off this machine refused) GraphiQL opens on the example trace and runs it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from api.settings import Settings
from graph.db import Database
from loaders.load import load
from tests.conftest import DATA, wipe
from tests.server import Server, running

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow

A = "91130207123456788D"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Refs(HTMLParser):
    """Every URL a page makes the browser fetch: script src, link href, img src."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in {"script", "img"} and a.get("src"):
            self.refs.append(str(a["src"]))
        if tag == "link" and a.get("href"):
            self.refs.append(str(a["href"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))


def _refs(html: str) -> _Refs:
    parser = _Refs()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def server(db: Database, settings: Settings) -> Iterator[Server]:
    wipe(db)
    load(db, DATA / "small")
    with running(settings) as s:
        yield s


def _page(server: Server, path: str) -> str:
    answer = server.request("GET", path, headers={"accept": "text/html"})
    assert answer.status == 200, answer
    assert isinstance(answer.body, str)
    return answer.body


def _served(server: Server, ref: str) -> bytes:
    """An asset the page references: a path on this app, served with content."""
    assert ref.startswith("data:") or (ref.startswith("/") and not ref.startswith("//")), ref  # never off this app
    if ref.startswith("data:"):
        return b""
    answer = server.request("GET", ref)
    assert answer.status == 200 and answer.size > 0, (ref, answer.status)
    return answer.body.encode() if isinstance(answer.body, str) else b""


@pytest.mark.parametrize("path", ["/graphql", "/docs", "/", "/console/", "/console/outlet/x/y"])
def test_every_asset_a_page_references_is_served_by_the_app(server: Server, path: str) -> None:
    html = _page(server, path)
    refs = _refs(html)
    if path != "/":
        assert len(refs.refs) >= 3, refs.refs
    for ref in refs.refs:
        body = _served(server, ref)
        if ref.endswith(".css"):
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", body.decode("utf-8", "replace")):
                assert url.startswith(("data:", "#")), (ref, url)  # a stylesheet fetching fonts would fail offline
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), path


def test_the_index_points_to_graphiql_health_and_docs(server: Server) -> None:
    links = _refs(_page(server, "/")).links
    assert {"/console/", "/graphql", "/health", "/docs"} <= set(links)
    for link in links:
        assert server.request("GET", link, headers={"accept": "text/html"}).status == 200, link


def test_graphiql_opens_on_the_example_query_of_this_graph(server: Server) -> None:
    html = _page(server, "/graphql")
    assert f'outletTrace(uscc: \\"{A}\\", outletCode: \\"D' in html


def test_graphiql_works_offline_in_a_real_browser(server: Server, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("the page tests need Debian's Chromium: apt-get install chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    base = f"http://127.0.0.1:{server.port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})

            def route(r: object) -> None:
                request = r.request  # type: ignore[attr-defined]
                if request.url.startswith((base, "data:")):
                    r.continue_()  # type: ignore[attr-defined]
                else:
                    outside.append(request.url)
                    r.abort()  # type: ignore[attr-defined]

            page.route("**/*", route)
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/graphql", wait_until="networkidle")
            editor = page.locator(".graphiql-query-editor")
            editor.wait_for(timeout=20_000)
            assert "outletTrace" in editor.inner_text()
            tabs = page.locator(".graphiql-tab")  # the trace, the one-permit view, the violation chain, a dashboard
            assert tabs.count() == 4, tabs.count()
            page.locator(".graphiql-execute-button").click()
            response = page.locator(".graphiql-response")
            response.get_by_text('"compliant"').wait_for(timeout=20_000)
            text = response.inner_text()
            assert '"outletTrace"' in text and '"DA001"' in text and '"errors"' not in text
            page.screenshot(path=str(tmp_path / "graphiql.png"))
            page.goto(f"{base}/docs", wait_until="networkidle")
            page.locator(".swagger-ui .opblock-summary-path").first.wait_for(timeout=20_000)
            assert "/health" in page.locator(".swagger-ui").inner_text()
        finally:
            browser.close()
    assert outside == [], outside
    assert failed == [], failed
    assert errors == [], errors
