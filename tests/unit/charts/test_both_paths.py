"""On the reference warehouse: the spec a dashboard page embeds as JSON is the spec the brief renders to
SVG (modulo size), for the charts both show, in every language.
"""

from __future__ import annotations

import json
import re

import pytest

from tb_testing import web_client
from tradebridge import charts
from tradebridge.report import charts as report_charts
from tradebridge.report.context import short_name

pytest.importorskip("vl_convert")


@pytest.fixture(scope="module")
def evidence(store_path):
    from tradebridge.evidence.collect import collect_evidence
    from tradebridge.reference.blocs import resolve_scope

    return collect_evidence(store_path, resolve_scope("KOR", "PA"), models=False, scenarios=False)


@pytest.fixture(scope="module")
def client(store_path, tmp_path_factory):
    with web_client(store_path, tmp_path_factory.mktemp("web")) as c:
        yield c


def _embedded(html: str, name: str) -> dict:
    m = re.search(rf'<script type="application/json" id="spec-{name}">(.*?)</script>', html, re.DOTALL)
    assert m, f"no spec-{name} on the page"
    return json.loads(m.group(1))


@pytest.mark.parametrize("lang", ["en", "es", "ko"])
def test_overview_balance_json_is_the_brief_figure(client, evidence, lang):
    page = client.get(f"/overview?lang={lang}")
    assert page.status_code == 200
    web = _embedded(page.text, "balance")
    names = {a: short_name(a, lang) for a in evidence.frames["stages"]["agreement_id"].unique()}
    brief = report_charts.brief_specs(evidence, lang, names)["balance"]
    assert charts.without_size(web) == charts.without_size(brief)
    assert web["width"] == "container" and brief["width"] == 540
    # the FTAs in force in the panel are marked at their entry years (Chile 2004, Peru 2011, Colombia 2016)
    events = sorted(v["year"] for v in brief["data"]["values"] if v["kind"] == "event")
    assert events == [2004, 2011, 2016]
    svg = charts.to_svg(brief)
    assert svg.count('aria-roledescription="rule mark"') == 3 and svg.count('aria-roledescription="line mark"') == 4


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_agreements_timeline_json_is_the_brief_figure(client, evidence, lang):
    web = _embedded(client.get(f"/agreements?lang={lang}").text, "timeline")
    names = {a: short_name(a, lang) for a in evidence.frames["stages"]["agreement_id"].unique()}
    brief = report_charts.brief_specs(evidence, lang, names)["timeline"]
    assert charts.without_size(web) == charts.without_size(brief)
