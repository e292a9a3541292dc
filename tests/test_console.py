"""The console in a real browser (Debian's Chromium driven by Playwright, every request off this machine refused),
against a real API server on the hand-built graph with its findings: each story clicked through from search to the
outlet chart, the trace graph's nodes and edges, the chart's points and limit lines, the QR code decoded from the
screen to the outlet's URL and opened on a phone, an export parsed back to the rows drawn. Screenshots of each page
go to `.permitgraph/screenshots/` (look at them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from api.settings import PROJECT_DIR, Settings
from graph.db import Database
from tests.conftest import small_checked
from tests.server import Server, running
from tests.test_pages import CHROMIUM, FLAGS

A = "91130207123456788D"
SHOTS = PROJECT_DIR / ".permitgraph" / "screenshots"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def graph(db: Database) -> Database:
    return small_checked(db)


@pytest.fixture(scope="module")
def public(graph: Database, settings: Settings) -> Iterator[Server]:
    with running(settings, PERMITGRAPH_ANONYMOUS_ROLE="public") as s:
        yield s


@pytest.fixture(scope="module")
def admin(graph: Database, settings: Settings) -> Iterator[Server]:
    with running(settings) as s:  # the suite's anonymous callers are admins
        yield s


class Browser:
    """One Chromium page on one server, recording every request that tried to leave the machine."""

    def __init__(self, playwright: Any, server: Server, **context: Any) -> None:
        self.base = f"http://127.0.0.1:{server.port}"
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        self.context = self.browser.new_context(accept_downloads=True, **context)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.graphql = 0
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._count)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith((self.base, "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _count(self, request: Any) -> None:
        if request.url.startswith(f"{self.base}/graphql") and request.method == "POST":
            self.graphql += 1

    def ready(self, shot: str) -> int:
        """Wait until the page has drawn; a screenshot; the GraphQL requests its data took."""
        self.page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        assert not self.page.locator("p.error").count(), self.page.locator("p.error").inner_text()
        return int(self.page.evaluate("document.body.dataset.requests"))

    def option(self, selector: str, script: str) -> Any:
        """A part of the ECharts option drawn in an element (`o` in `script`)."""
        chart = "echarts.getInstanceByDom(document.querySelector(sel))"
        return self.page.evaluate(f"sel => {{ const o = {chart}.getOption(); return {script}; }}", selector)

    def close(self) -> None:
        self.browser.close()
        assert self.outside == [], self.outside  # nothing left the machine
        assert self.errors == [], self.errors


@pytest.fixture
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def test_the_public_story_from_search_to_the_outlet_chart_and_its_qr_code(playwright: Any, public: Server) -> None:
    b = Browser(playwright, public, viewport={"width": 1300, "height": 900})
    page = b.page
    page.goto(f"{b.base}/console/")
    b.ready("public-home")
    assert page.locator(".who").get_attribute("data-role") == "public"
    page.fill("form.search input", "丰南 热电")
    page.press("form.search input", "Enter")
    assert b.ready("public-search") == 1
    page.get_by_role("link", name="唐山丰南热电有限公司").click()
    assert b.ready("public-enterprise") == 1
    assert page.locator("section", has_text="违法行为").locator(".locked").count() == 1  # analysts' part, said so
    page.get_by_role("link", name=f"{A}001P").click()
    assert b.ready("public-permit") == 1
    reports = page.locator("section", has_text="执行报告").locator("tbody tr")
    assert reports.count() >= 1 and "二氧化硫" in page.locator("section", has_text="执行报告").inner_text()
    page.go_back()
    b.ready("public-enterprise-again")
    page.locator("section", has_text="排放口").get_by_role("link", name="DA001").click()
    assert b.ready("public-outlet") == 2
    assert page.url == f"{b.base}/console/outlet/{A}/DA001"

    graph = ".trace-graph"
    names = b.option(graph, "o.series[0].data.map(d => d.category + ' ' + d.name)")
    assert sorted(names) == sorted(
        [
            "Outlet DA001 1#锅炉烟囱",
            "TreatmentFacility TA001 1#脱硫脱硝除尘设施",
            "ProductionFacility MF0001 1#燃煤锅炉",
            "ProductionFacility MF0002 2#燃煤锅炉",
            "EIAApproval 冀环审〔2016〕88号",
            f"Permit {A}001P",
        ]
    )
    assert b.option(graph, "o.series[0].links.length") == 7

    charts = {c.get_attribute("data-pollutant"): c for c in page.locator(".chart.monitoring").all()}
    assert set(charts) == {"a21026", "a21002"}
    points = b.option(".chart.monitoring[data-pollutant=a21026]", "o.series[0].data")
    assert points == [["2024-03-04", 21.5], ["2024-03-05", 40.6], ["2024-03-06", 19.8], ["2024-04-01", 18]]
    assert b.option(".chart.monitoring[data-pollutant=a21026]", "o.series[0].markLine.data.map(d => d.yAxis)") == [35]
    assert b.option(".chart.monitoring[data-pollutant=a21002]", "o.series[0].markLine.data.map(d => d.yAxis)") == [50]
    # exceedances are the analysts': the public chart marks none, and the page says nothing of compliance
    assert b.option(".chart.monitoring[data-pollutant=a21026]", "o.series[0].markPoint.data.length") == 0

    qr = page.locator("img.qr")
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))]
    assert decoded == [f"{b.base}/console/outlet/{A}/DA001"]
    b.close()

    phone = Browser(playwright, public, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    phone.page.goto(decoded[0])
    phone.ready("phone-outlet")
    assert phone.page.locator("h1").inner_text().startswith("DA001 1#锅炉烟囱")
    fits = phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, "the outlet page is wider than a phone"
    phone.close()


def test_the_analysts_story_findings_exceedances_evidence_dashboard_and_export(playwright: Any, admin: Server) -> None:
    b = Browser(playwright, admin, viewport={"width": 1300, "height": 900})
    page = b.page
    page.goto(f"{b.base}/console/outlet/{A}/DA001")
    assert b.ready("analyst-outlet") == 2
    marked = b.option(".chart.monitoring[data-pollutant=a21026]", "o.series[0].markPoint.data.map(d => d.coord)")
    assert marked == [["2024-03-05", 40.6]]
    assert page.locator("p.bad").inner_text().endswith("超标")  # not compliant in the window
    page.get_by_role("link", name="唐山丰南热电有限公司").click()
    assert b.ready("analyst-enterprise") == 1
    findings = page.locator("section", has_text="问题").first.locator("tbody tr")
    assert findings.count() >= 1
    page.locator("section", has_text="问题").first.locator("tbody a").first.click()
    assert b.ready("analyst-finding") == 1
    assert int(page.locator(".trace-graph").get_attribute("data-nodes") or 0) >= 2  # the evidence drawn

    page.goto(f"{b.base}/console/dashboard?region=130000")
    assert b.ready("analyst-dashboard") == 1
    drawn = b.option(".chart.by-region", "o.yAxis[0].data.map((n, i) => [n, o.series[0].data[i]])")
    with page.expect_download() as got:
        page.locator("section", has_text="按地区违法行为").locator("a.export[data-format=csv]").click()
    rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert [[r["name"], int(r["count"])] for r in rows] == drawn and drawn  # the export is what was drawn
    assert b.option(".chart.map", "o.series.map(s => s.data.length)") == [1, 0]  # A has open findings, 130000
    heat = page.locator(".chart.by-region-period")  # Tangshan, one quarter: the violation of 2024-03-20
    assert (heat.get_attribute("data-rows"), heat.get_attribute("data-columns")) == ("1", "1")
    assert b.option(".chart.by-region-period", "o.series[0].data") == [[0, 0, 1]]
    b.close()


def test_the_disclosure_lists_and_the_label_sheet(playwright: Any, public: Server) -> None:
    b = Browser(playwright, public, viewport={"width": 1300, "height": 900})
    b.page.goto(f"{b.base}/console/disclosures?list=NOT_PER_PERMIT")
    assert b.ready("public-disclosures") == 1
    assert b.page.locator("nav.tabs a").count() == 4
    b.page.goto(f"{b.base}/console/labels/{A}")
    assert b.ready("public-labels") == 1
    labels = b.page.locator("figure.label")
    assert labels.count() == 2
    for i in range(2):
        shot = labels.nth(i).locator("img").screenshot()
        code = labels.nth(i).locator("strong").inner_text().split()[0]
        assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))] == [
            f"{b.base}/console/outlet/{A}/{code}"
        ]
    b.close()
