"""The forest plot, the exchange-rate chart, locale number formats and one colour per series key.

Values are made up, chosen so positions and indices can be checked by hand.
"""

from __future__ import annotations

import re

import pytest

from tradebridge import charts
from tradebridge.errors import ConfigError

pytest.importorskip("vl_convert")

LABELS = {
    "en": {"estimated": "Estimated", "pooled": "Pooled", "too_early": "Too early", "too_early_note": "too early",
           "effect": "Change"},
    "es": {"estimated": "Estimado", "pooled": "Conjunto", "too_early": "Demasiado reciente",
           "too_early_note": "demasiado reciente", "effect": "Cambio"},
    "ko": {"estimated": "추정", "pooled": "통합", "too_early": "이름", "too_early_note": "추정하기에 이름", "effect": "변화"},
}
ROWS = [{"key": "A.X-Y", "label": "X → Y", "status": "estimated", "effect": 0.5, "ci_low": 0.1, "ci_high": 1.0},
        {"key": "C", "label": "X–Z", "status": "too_early"},
        {"key": "pooled", "label": "Pooled", "status": "pooled", "effect": 0.4, "ci_low": 0.2, "ci_high": 0.7},
        {"key": "A.Y-X", "label": "Y → X", "status": "estimated", "effect": -0.1, "ci_low": -0.3, "ci_high": 0.2}]


def _colour_of_key(spec: dict, layer: int, field_values: dict[str, str]) -> dict[str, str]:
    scale = spec["layer"][layer]["encoding"]["color"]["scale"]
    by_label = dict(zip(scale["domain"], scale["range"], strict=True))
    return {key: by_label[label] for key, label in field_values.items()}


def test_forest_orders_estimates_then_pooled_then_too_early_and_draws_no_estimate_for_those():
    spec = charts.forest(ROWS, labels=LABELS["en"])
    values = spec["data"]["values"]
    assert [v["label"] for v in values] == ["X → Y", "Y → X", "Pooled", "X–Z"]
    early = values[-1]
    assert (early["kind"], early["lo"], early["hi"], early["note"], early["effect"]) == ("too_early", None, None,
                                                                                        "too early", 0.0)
    assert spec["layer"][1]["transform"][0]["filter"]["oneOf"] == ["estimated", "pooled"]  # no CI rule for too early
    assert spec["layer"][2]["encoding"]["y"]["sort"] == ["X → Y", "Y → X", "Pooled", "X–Z"]


def test_forest_refuses_an_unknown_status():
    with pytest.raises(ConfigError, match="too_early"):
        charts.forest([{"key": "a", "label": "a", "status": "guess"}], labels={})


def test_same_status_key_same_colour_in_every_language():
    colours = []
    for lang, lab in LABELS.items():
        spec = charts.forest(ROWS, labels=lab, lang=lang)
        colours.append(_colour_of_key(spec, 2, {k: lab[k] for k in ("estimated", "pooled", "too_early")}))
    assert colours[0] == colours[1] == colours[2]
    assert colours[0] == {k: charts.colours([k])[k] for k in ("estimated", "pooled", "too_early")}
    assert len(set(colours[0].values())) == 3


def test_same_series_key_same_colour_in_the_fx_chart_in_every_language():
    rows = [{"partner": p, "year": y, "exports": e, "fx": f} for p in ("CHL", "PER")
            for y, e, f in ((2000, 1e9, 500.0), (2004, 2e9, 600.0))]
    names = {"en": ("Exports", "Currency per US$"), "es": ("Exportaciones", "Moneda por US$"), "ko": ("수출", "달러당 통화")}
    got = []
    for lang, (x, f) in names.items():
        spec = charts.fx_exports(rows, ["CHL", "PER"], names={}, labels={"exports": x, "fx": f}, lang=lang)
        scale = spec["spec"]["layer"][0]["encoding"]["color"]["scale"]
        got.append(dict(zip(["exports", "fx"], scale["range"], strict=True)))
        assert scale["domain"] == [x, f]
    assert got[0] == got[1] == got[2] == {"exports": charts.colours(["exports"])["exports"],
                                          "fx": charts.colours(["fx"])["fx"]}


def test_fx_chart_indexes_both_series_on_the_first_common_year():
    rows = [{"partner": "CHL", "year": 1992, "exports": 1e9, "fx": None},
            {"partner": "CHL", "year": 1996, "exports": 2e9, "fx": 400.0},
            {"partner": "CHL", "year": 2000, "exports": 3e9, "fx": 500.0},
            {"partner": "CHL", "year": 2004, "exports": 1e9, "fx": 600.0}]
    spec = charts.fx_exports(rows, ["CHL"], names={"CHL": "Chile"}, labels={})
    got = {(v["key"], v["year"]): v["value"] for v in spec["data"]["values"]}
    assert got == {("exports", 1996): 100.0, ("exports", 2000): 150.0, ("exports", 2004): 50.0,
                   ("fx", 1996): 100.0, ("fx", 2000): 125.0, ("fx", 2004): 150.0}
    assert spec["layer"][0]["encoding"]["y"]["scale"] == {"type": "log"}


def test_four_panels_are_two_by_two():
    rows = [{"partner": p, "year": y, "exports": 1e9 * (i + 1), "fx": 10.0 * (i + 1)}
            for i, p in enumerate(("CHL", "COL", "MEX", "PER")) for y in (2000, 2004)]
    spec = charts.fx_exports(rows, ["MEX", "CHL", "COL", "PER"], names={}, labels={})
    assert spec["columns"] == 2 and spec["facet"]["sort"] == ["MEX", "CHL", "COL", "PER"]


def _axis_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*\d[^<]*)</text>", svg)


def test_axis_numbers_follow_the_locale():
    rows = [{"year": y, "partner": "CHL", "exports": v} for y, v in ((2000, 1.5e12), (2004, 2.5e12))]
    texts = {}
    for lang in ("en", "es"):
        spec = charts.lines([{"year": r["year"], "key": "CHL", "value": r["exports"] / 1e9} for r in rows],
                            names={}, y_title="", lang=lang)
        spec["encoding"]["y"]["axis"] = {"format": ",.1f"}
        texts[lang] = _axis_texts(charts.to_svg(spec))
    assert "2,000.0" in texts["en"] and "2.000,0" in texts["es"]
    assert charts.locale("es")["number"]["percent"] == "\u00a0%" and charts.locale("en")["number"]["percent"] == "%"


def test_forest_svg_marks_the_too_early_agreement():
    svg = charts.to_svg(charts.forest(ROWS, labels=LABELS["en"]))
    assert svg.count(">too early</text>") == 1 and ">Too early</text>" in svg  # the row note, the legend
    assert "+50%" in svg or "+40%" in svg  # signed percent ticks


def test_the_brief_forest_rows_come_from_the_fta_cards_too_early_ones_marked():
    """Made-up estimates on real card ids: largest effect first, the pooled effect counting the identified
    agreements, the too-early agreement last with no estimate, labels in the brief's language."""
    import types

    from tradebridge.evidence.cards import EvidenceCard
    from tradebridge.report import charts as report_charts

    def card(id_, **values):
        return EvidenceCard(id_, "fta", {"en": "x"}, values)

    cards = {c.id: c for c in [
        card("fta.effect.KOR-CHL-FTA.KOR-CHL", agreement="KOR-CHL-FTA", exporter="KOR", importer="CHL", effect=0.13,
             ci_low=-0.17, ci_high=0.55),
        card("fta.effect.KOR-PER-FTA.PER-KOR", agreement="KOR-PER-FTA", exporter="PER", importer="KOR", effect=1.81,
             ci_low=1.15, ci_high=2.67),
        card("fta.pooled", effect=0.82, ci_low=0.38, ci_high=1.40, agreements=["KOR-CHL-FTA", "KOR-PER-FTA"],
             excluded=["KOR-COL-FTA"]),
        card("fta.too_early.KOR-COL-FTA", agreement="KOR-COL-FTA", entry=2016, last=2016)]}
    ev = types.SimpleNamespace(cards=cards, notes={"ftas": {"KOR-CHL-FTA": ("CHL", "2004-04-01"),
                                                            "KOR-PER-FTA": ("PER", "2011-08-01")}})
    rows = report_charts.forest_rows(ev, "es")
    assert [(r["status"], r["label"]) for r in rows] == [
        ("estimated", "Perú → Corea (TLC 2011)"), ("estimated", "Corea → Chile (TLC 2004)"),
        ("pooled", "Conjunto: 2 acuerdos"), ("too_early", "Corea–Colombia (TLC 2016)")]
    assert "effect" not in rows[-1]
    spec = report_charts.forest_spec(ev, "ko")
    early = [v for v in spec["data"]["values"] if v["kind"] == "too_early"]
    assert [v["note"] for v in early] == ["추정하기에 이름; 통합 효과에서 제외"]
