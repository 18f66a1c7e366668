"""The one chart module: colours keyed by series (not by language), units by magnitude, one spec for the
brief and the dashboard, SVG with the expected marks, entry-into-force markers at the right years.

Values are made up (round numbers chosen so the expected units and positions can be checked by hand).
"""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree

from tb_testing import skip_outside_ci
from tradebridge import charts
from tradebridge.charts import render
from tradebridge.report import charts as report_charts
from tradebridge.web import charts as web_charts

pytest.importorskip("vl_convert")

SVG = "{http://www.w3.org/2000/svg}"
LANGS = ("en", "es", "ko")
NAMES = {"en": {"CHL": "Chile", "PER": "Peru", "PA": "Pacific Alliance"},
         "es": {"CHL": "Chile", "PER": "Perú", "PA": "Alianza del Pacífico"},
         "ko": {"CHL": "칠레", "PER": "페루", "PA": "태평양동맹"}}
FLOWS = {"en": {"exports": "Exports", "imports": "Imports", "balance": "Balance", "year": "Year"},
         "es": {"exports": "Exportaciones", "imports": "Importaciones", "balance": "Saldo", "year": "Año"},
         "ko": {"exports": "수출", "imports": "수입", "balance": "무역수지", "year": "연도"}}
# made-up flows: CHL and PER every fourth year; PER has no imports in 2000 (a gap, not a zero)
YEARLY = [{"year": y, "partner": p, "exports": x * 1e9, "imports": m, "balance": x * 1e9 - (m or 0)}
          for p, k in (("CHL", 1.0), ("PER", 0.5)) for y, x, m in
          ((2000, 1.0 * k, 2e9 * k), (2004, 2.0 * k, 3e9 * k), (2008, 3.0 * k, 2.5e9 * k), (2012, 4.0 * k, 5e9 * k))]
YEARLY = [r if not (r["partner"] == "PER" and r["year"] == 2000) else {**r, "imports": None} for r in YEARLY]
BLOC = [{"year": y, "partner": "PA", **{m: sum(r[m] or 0 for r in YEARLY if r["year"] == y) for m in
                                          ("exports", "imports", "balance")}} for y in (2000, 2004, 2008, 2012)]
WINDOWS = [{"partner": "CHL", "agreement_id": "KOR-CHL-FTA", "entry_year": 2004},
           {"partner": "PER", "agreement_id": "KOR-PER-FTA", "entry_year": 2011}]


def _colour_by_key(encoding: dict, names: dict[str, str]) -> dict[str, str]:
    scale = encoding["color"]["scale"]
    by_label = dict(zip(scale["domain"], scale["range"], strict=True))
    return {key: by_label[label] for key, label in names.items() if label in by_label}


def _data_colours(spec: dict, encoding: dict, key: str) -> dict[str, str]:
    """key -> colour as the data rows will be drawn (each row's label looked up in the colour scale)."""
    scale = encoding["color"]["scale"]
    by_label = dict(zip(scale["domain"], scale["range"], strict=True))
    out: dict[str, set[str]] = {}
    for v in spec["data"]["values"]:
        if v.get("kind") == "value":
            out.setdefault(v[key], set()).add(by_label[v["label"]])
    assert all(len(c) == 1 for c in out.values())
    return {k: c.pop() for k, c in out.items()}


def _parse(svg: str):
    return ElementTree.fromstring(svg)


def _marks(root, kind: str) -> list:
    """Elements drawn by data marks of ``kind`` (line, rule, text, symbol), not axes or legends."""
    out = []
    for g in root.iter(f"{SVG}g"):
        cls = g.get("class", "")
        if cls.startswith(f"mark-{kind} role-mark"):
            out.extend(list(g))
    return out


def _x(el) -> float:
    return float(re.match(r"translate\(([-\d.]+)", el.get("transform")).group(1))


# ----------------------------------------------------------------------------------------- palette


def test_colour_of_a_series_is_the_same_in_every_language():
    seen_flows, seen_partners, labels_seen = [], [], set()
    for lang in LANGS:
        spec = charts.flows(YEARLY, ["CHL"], names=NAMES[lang], labels=FLOWS[lang], lang=lang)
        seen_flows.append(_data_colours(spec, spec["layer"][0]["encoding"], "series"))
        spec = charts.by_partner(YEARLY + BLOC, "balance", ["CHL", "PER", "PA"], names=NAMES[lang],
                                 labels=FLOWS[lang], lang=lang)
        seen_partners.append(_data_colours(spec, spec["layer"][0]["encoding"], "partner"))
        assert seen_partners[-1] == _colour_by_key(spec["layer"][0]["encoding"], NAMES[lang])
        labels_seen.add(FLOWS[lang]["exports"])
    assert len(labels_seen) == 3  # the labels do differ by language ...
    assert seen_flows[0] == seen_flows[1] == seen_flows[2]  # ... the colours do not
    assert seen_flows[0] == {"exports": charts.colours(["exports"])["exports"], "imports": "#c55a11"}
    assert seen_partners[0] == seen_partners[1] == seen_partners[2]
    assert len(set(seen_partners[0].values())) == 3 and seen_partners[0]["PA"] == "#3a3a3a"


def test_a_country_keeps_its_colour_whatever_else_is_drawn():
    """The slot comes from the key: the PA members hash to four different slots, so each has its colour
    alone, in the bloc chart and in any subset; a clash (PRY and BRA share a slot) moves the later key
    to the next free slot, and all stay distinct."""
    members = ["CHL", "COL", "MEX", "PER"]
    alone = {k: charts.colours([k])[k] for k in members}
    assert charts.colours([*members, "PA"]) == {**alone, "PA": "#3a3a3a"}
    assert charts.colours(["PER", "CHL"]) == {"CHL": alone["CHL"], "PER": alone["PER"]}
    mercosur = charts.colours(["ARG", "BOL", "BRA", "PRY", "URY", "VEN"])
    assert len(set(mercosur.values())) == 6
    assert charts.colours(["PRY"])["PRY"] == charts.colours(["BRA"])["BRA"] != mercosur["PRY"]


# ----------------------------------------------------------------------------------------- units


@pytest.mark.parametrize("values,lang,divisor,text", [
    ([2.5e9, -1e8], "en", 10**9, "US$ billion"),
    ([2.5e9], "es", 10**9, "US$ mil millones"),
    ([3.1e6], "en", 10**6, "US$ million"),
    ([3.1e6], "es", 10**6, "US$ millones"),
    ([4.2e4], "en", 10**3, "US$ thousand"),
    ([3.03e9], "ko", 10**8, "억 US$"),      # Korean counts in 억 (10^8), as the prose does
    ([5.0e6], "ko", 10**4, "만 US$"),
    ([950.0, None, float("nan")], "en", 1, "US$"),
])
def test_money_unit_follows_the_largest_magnitude(values, lang, divisor, text):
    assert charts.money_unit(values, lang) == charts.Unit(divisor, text)


def test_one_unit_per_chart_and_it_is_in_the_axis_title():
    spec = charts.flows(YEARLY, ["CHL", "PER"], names=NAMES["ko"], labels=FLOWS["ko"], lang="ko")
    values = [v for v in spec["data"]["values"] if v["kind"] == "value"]
    # CHL exports 2012: 4e9 USD = 40 억; PER exports 2000: 0.5e9 = 5 억 (same unit in both panels)
    assert {(v["partner"], v["year"], v["series"]): v["value"] for v in values}[("CHL", 2012, "exports")] == 40.0
    assert {(v["partner"], v["year"], v["series"]): v["value"] for v in values}[("PER", 2000, "exports")] == 5.0
    assert ("PER", 2000, "imports") not in {(v["partner"], v["year"], v["series"]) for v in values}  # a gap
    assert spec["spec"]["layer"][0]["encoding"]["y"]["title"] == "억 US$"


# ----------------------------------------------------------------------------------------- brief = dashboard


def _every_chart(target):
    lang = "es"
    return {
        "flows": charts.flows(YEARLY + BLOC, ["CHL", "PER", "PA"], names=NAMES[lang], labels=FLOWS[lang],
                              markers=charts.entry_markers(WINDOWS, {}, bloc="PA"), lang=lang, target=target),
        "balance": charts.by_partner(YEARLY, "balance", ["CHL", "PER"], names=NAMES[lang], labels=FLOWS[lang],
                                     lang=lang, target=target),
        "timeline": charts.timeline([{"agreement_id": "A", "stage": "Signed", "date": "2003-02-15"},
                                     {"agreement_id": "A", "stage": "Entry into force", "date": "2004-04-01"}],
                                    names={"A": "TLC A"}, labels={"entry": "entrada en vigor"}, target=target),
        "scenario": charts.scenario_effects([{"scenario": "s1", "country": "CHL", "welfare": 0.01,
                                              "welfare_lo": 0.0, "welfare_hi": 0.02}], "welfare",
                                            names=NAMES[lang], scenario_names={"s1": "S 1"}, labels={},
                                            target=target),
        "shares": charts.shares([{"variable": "q", "country": "CHL", "estimate": 0.4, "ci_low": 0.3,
                                  "ci_high": 0.5}], group="variable", names=NAMES[lang], group_names={"q": "¿Q?"},
                                labels={}, target=target),
    }


def test_brief_and_dashboard_specs_differ_only_in_size():
    a4, web = _every_chart("a4"), _every_chart("dashboard")
    for name in a4:
        assert charts.without_size(a4[name]) == charts.without_size(web[name]), name
        assert a4[name] != web[name], name  # the sizes do differ
    assert web["balance"]["width"] == "container" and a4["balance"]["width"] == 540


def test_the_report_and_the_web_build_the_same_spec_from_the_same_records():
    """The brief's adapter (frames) and the dashboard's (records) give equal specs modulo size."""
    import types

    import pandas as pd

    from tradebridge.report.context import short_name

    ev = types.SimpleNamespace(frames={"yearly": pd.DataFrame(YEARLY + BLOC), "windows": pd.DataFrame(WINDOWS)},
                               members=("CHL", "PER"), bloc="PA", cards={}, notes={}, reporter="KOR")
    for lang in LANGS:
        names = {a: short_name(a, lang) for a in ("KOR-CHL-FTA", "KOR-PER-FTA")}
        brief = report_charts.brief_specs(ev, lang, names)
        web = web_charts.balance_bars(YEARLY + BLOC, lang, windows=WINDOWS)
        assert charts.without_size(brief["balance"]) == charts.without_size(web)
        events = [v for v in web["data"]["values"] if v["kind"] == "event"]
        assert sorted((e["year"], e["event"]) for e in events) == [(2004, names["KOR-CHL-FTA"]),
                                                                    (2011, names["KOR-PER-FTA"])]


# ----------------------------------------------------------------------------------------- SVG


def test_svg_has_one_panel_per_partner_with_data_and_the_expected_marks():
    rows = YEARLY + BLOC + [{"year": 2008, "partner": "COL", "exports": None, "imports": None}]  # no data
    spec = charts.flows(rows, ["CHL", "COL", "PER", "PA"], names=NAMES["en"] | {"COL": "Colombia"},
                        labels=FLOWS["en"], markers=charts.entry_markers(WINDOWS, {"KOR-CHL-FTA": "FTA Chile",
                                                                                 "KOR-PER-FTA": "FTA Peru"},
                                                                          bloc="PA"))
    root = _parse(charts.to_svg(spec))
    lines = _marks(root, "line")
    labels = [el.get("aria-label") for el in lines]
    assert len(lines) == 6  # 3 panels (COL has no data: no empty panel) x exports, imports
    assert not any("Colombia" in lab for lab in labels)
    assert sum("Peru" in lab for lab in labels) == 2
    rules = _marks(root, "rule")
    # CHL panel: 2004; PER panel: 2011; bloc panel: both -> 4 rules, 4 labels
    assert sorted(r.get("aria-label") for r in rules) == sorted(
        ["year: 2004; event: FTA Chile"] * 2 + ["year: 2011; event: FTA Peru"] * 2)
    assert sorted(t.text for t in _marks(root, "text")) == ["FTA Chile", "FTA Chile", "FTA Peru", "FTA Peru"]
    assert len(_marks(root, "symbol")) == 3 * 8 - 1  # a point per value (PER 2000 imports missing)


def test_markers_sit_at_the_entry_into_force_year():
    """On one panel, the rule of a 2004 entry has the x of the line's 2004 vertex; 2011 lies 3/4 of the
    way from 2008 to 2012 (a linear year axis)."""
    spec = charts.flows(YEARLY, ["CHL"], names=NAMES["en"], labels=FLOWS["en"],
                        markers=[charts.Marker("CHL", 2004, "a"), charts.Marker("CHL", 2011, "b")])
    root = _parse(charts.to_svg(spec))
    path = _marks(root, "line")[0].get("d")
    xs = [float(x) for x in re.findall(r"[ML]([-\d.]+),", path)]  # vertices at 2000, 2004, 2008, 2012
    rule = {r.get("aria-label"): _x(r) for r in _marks(root, "rule")}
    assert rule["year: 2004; event: a"] == pytest.approx(xs[1], abs=0.01)  # SVG coordinates are rounded
    assert rule["year: 2011; event: b"] == pytest.approx(xs[2] + 0.75 * (xs[3] - xs[2]), abs=0.01)


def test_entry_markers_from_agreement_rows():
    rows = [{"partner": "CHL", "agreement_id": "KOR-CHL-FTA", "in_force": "2004-04-01"},
            {"partner": "MEX", "agreement_id": "KOR-MEX-FTA", "in_force": None},   # not in force: no marker
            {"partner": "PER", "agreement_id": "KOR-PER-FTA", "entry_year": 2011.0},
            {"partner": "PER", "agreement_id": "KOR-PER-FTA", "entry_year": 2011.0}]  # repeated rows: once
    got = charts.entry_markers(rows, {"KOR-PER-FTA": "Peru FTA"}, bloc="PA")
    assert got == [charts.Marker("CHL", 2004, "KOR-CHL-FTA"), charts.Marker("PA", 2004, "KOR-CHL-FTA"),
                   charts.Marker("PA", 2011, "Peru FTA"), charts.Marker("PER", 2011, "Peru FTA")]


def test_timeline_rows_follow_the_first_stage_and_kinds_are_coloured():
    stages = [{"agreement_id": "B", "stage": "Entry into force", "date": "2011-08-01"},
              {"agreement_id": "A", "stage": "Signed", "date": "2003-02-15"},
              {"agreement_id": "B", "stage": "Launch of negotiations", "date": "2005-11-17"}]
    spec = charts.timeline(stages, names={"A": "A", "B": "B"}, labels={"entry": "in force", "signed": "signed",
                                                                        "other": "stage"})
    enc = spec["layer"][1]["encoding"]
    assert enc["y"]["sort"] == ["A", "B"]
    assert dict(zip(enc["color"]["scale"]["domain"], enc["color"]["scale"]["range"], strict=True)) == {
        "in force": "#c00000", "signed": "#1f4e79", "stage": "#9e9e9e"}
    root = _parse(charts.to_svg(spec))
    assert len(_marks(root, "symbol")) == 3 and len(_marks(root, "rule")) == 2  # a point per stage, a span each


def test_scenario_percent_points_become_fractions():
    spec = charts.scenario_effects([{"scenario": "s", "country": "MEX", "welfare": 0.25, "welfare_lo": 0.1,
                                     "welfare_hi": 0.4}], "welfare", names={}, scenario_names={}, labels={},
                                   percent_points=True)
    assert spec["data"]["values"] == [{"scenario": "s", "key": "s", "country": "MEX", "value": 0.0025,
                                       "lo": 0.001, "hi": 0.004}]


def test_without_a_cjk_font_the_svg_falls_back_to_the_default_font(monkeypatch):
    spec = charts.by_partner(YEARLY, "balance", ["CHL"], names=NAMES["en"], labels=FLOWS["en"])
    render.chart_font.cache_clear()
    monkeypatch.setattr(render, "cjk_font", lambda: None)
    try:
        svg = charts.to_svg(spec)
        assert "Noto Sans CJK" not in svg and 'font-family="sans-serif"' in svg
        assert len(_marks(_parse(svg), "line")) == 1
    finally:
        render.chart_font.cache_clear()


def test_korean_text_without_a_cjk_font_warns_and_still_renders(monkeypatch):
    spec = charts.by_partner(YEARLY, "balance", ["CHL"], names=NAMES["ko"], labels=FLOWS["ko"], lang="ko")
    render.chart_font.cache_clear()
    monkeypatch.setattr(render, "cjk_font", lambda: None)
    try:
        with pytest.warns(render.MissingFontWarning, match="fonts-noto-cjk"):
            svg = charts.to_svg(spec)
        assert len(_marks(_parse(svg), "line")) == 1
    finally:
        render.chart_font.cache_clear()


def test_with_a_cjk_font_korean_labels_are_set_in_it():
    if render.cjk_font() is None:
        skip_outside_ci("no Noto Sans CJK on this machine (the pdf extra's manimgx-fonts-cjk wheel or fonts-noto-cjk)")
    spec = charts.by_partner(YEARLY, "balance", ["CHL"], names=NAMES["ko"], labels=FLOWS["ko"], lang="ko")
    svg = charts.to_svg(spec)
    assert 'font-family="Noto Sans CJK KR"' in svg and "칠레" in svg
