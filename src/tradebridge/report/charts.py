"""Charts for the brief: Altair (Vega-Lite) specs rendered to SVG without a browser (vl-convert).

Korean labels need the Noto CJK fonts registered with vl-convert before rendering, else text widths
are measured with another font and titles come out clipped (see the shared NOTES).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from tradebridge.errors import ReportError
from tradebridge.evidence.format import place
from tradebridge.report.i18n import t

FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")
FONT = {"ko": "Noto Sans CJK KR", "en": "Noto Sans CJK KR", "es": "Noto Sans CJK KR"}
PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6"]


def _alt():
    try:
        import altair as alt
    except ImportError as exc:  # pragma: no cover - optional extra
        raise ReportError("charts need the 'pdf' extra: pip install 'tradebridge[pdf]'") from exc
    return alt


@lru_cache(maxsize=1)
def _fonts_registered() -> bool:
    import vl_convert as vlc

    found = False
    for d in FONT_DIRS:
        if Path(d).is_dir():
            vlc.register_font_directory(d)
            found = True
    return found


def to_svg(chart) -> str:
    """Render an Altair chart to an SVG string."""
    import vl_convert as vlc

    _fonts_registered()
    svg = vlc.vegalite_to_svg(chart.to_json())
    return svg.split("?>", 1)[-1].strip() if svg.startswith("<?xml") else svg


def _base(chart, lang: str, width: int = 520, height: int = 220):
    font = FONT.get(lang, "Noto Sans CJK KR")
    return (chart.properties(width=width, height=height)
            .configure(font=font, background="white")
            .configure_axis(labelFontSize=10, titleFontSize=11, grid=True, gridColor="#e6e6e6")
            .configure_legend(labelFontSize=10, titleFontSize=10, orient="bottom")
            .configure_view(stroke=None))


def flows_chart(yearly: pd.DataFrame, lang: str, *, since: int = 1988) -> str:
    """Exports and imports (USD bn) per partner over time, one panel per partner."""
    alt = _alt()
    d = yearly[yearly["year"] >= since].melt(id_vars=["year", "partner"], value_vars=["exports", "imports"],
                                             var_name="flow", value_name="usd").dropna()
    d["value"] = d["usd"] / 1e9
    d["partner_name"] = d["partner"].map(lambda c: place(c, lang))
    d["flow_name"] = d["flow"].map(lambda f: t(lang, f))
    chart = alt.Chart(d).mark_line(point=True, strokeWidth=2).encode(
        x=alt.X("year:O", title=t(lang, "year")),
        y=alt.Y("value:Q", title="US$ bn"),
        color=alt.Color("flow_name:N", title=None, scale=alt.Scale(range=PALETTE[:2])),
        facet=alt.Facet("partner_name:N", title=None, columns=3),
    ).properties(width=160, height=120).resolve_scale(y="independent")
    font = FONT.get(lang)
    return to_svg(chart.configure(font=font, background="white").configure_legend(orient="bottom")
                  .configure_axis(labelFontSize=9, titleFontSize=10).configure_view(stroke=None))


def balance_chart(yearly: pd.DataFrame, lang: str, *, since: int = 1988) -> str:
    """The reporter's balance (USD bn) with each partner, bars per year."""
    alt = _alt()
    d = yearly[(yearly["year"] >= since) & yearly["balance"].notna()].copy()
    d["value"] = d["balance"] / 1e9
    d["partner_name"] = d["partner"].map(lambda c: place(c, lang))
    chart = alt.Chart(d).mark_bar().encode(
        x=alt.X("year:O", title=t(lang, "year")),
        xOffset="partner_name:N",
        y=alt.Y("value:Q", title="US$ bn"),
        color=alt.Color("partner_name:N", title=None, scale=alt.Scale(range=PALETTE)),
    )
    return to_svg(_base(chart, lang))


def timeline_chart(stages: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    """Negotiation stages on a time axis, one row per agreement; entry into force and signature marked."""
    alt = _alt()
    d = stages.copy()
    d["agreement"] = d["agreement_id"].map(lambda a: names.get(a, a))
    d["kind"] = d["stage"].map(lambda s: "entry" if s.startswith("Entry into force") else
                               "signed" if s.startswith("Signed") else "other")
    kind_label = {"entry": {"en": "entry into force", "es": "entrada en vigor", "ko": "발효"},
                  "signed": {"en": "signed", "es": "firma", "ko": "서명"},
                  "other": {"en": "other stage", "es": "otra etapa", "ko": "기타 단계"}}
    d["kind_name"] = d["kind"].map(lambda k: kind_label[k].get(lang, kind_label[k]["en"]))
    d["date"] = pd.to_datetime(d["date"]).dt.strftime("%Y-%m-%d")
    span = d.groupby("agreement", as_index=False).agg(start=("date", "min"), end=("date", "max"))
    rules = alt.Chart(span).mark_rule(color="#b0b0b0", strokeWidth=2).encode(
        y=alt.Y("agreement:N", title=None, sort=None), x="start:T", x2="end:T")
    points = alt.Chart(d).mark_point(filled=True, size=70, opacity=0.9).encode(
        y=alt.Y("agreement:N", title=None, sort=None),
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount=12)),
        color=alt.Color("kind_name:N", title=None, scale=alt.Scale(range=["#c00000", "#1f4e79", "#9e9e9e"])),
        shape=alt.Shape("kind_name:N", title=None),
    )
    return to_svg(_base(rules + points, lang, width=560, height=max(120, 26 * span.shape[0])))


def survey_chart(table: pd.DataFrame, questions: dict[str, str], lang: str) -> str:
    """Share agreeing (with 95% CI) by country, one row per question."""
    alt = _alt()
    d = table.copy()
    d["question"] = d["variable"].map(lambda q: questions.get(q, q))
    d["country_name"] = d["country"].map(lambda c: place(c, lang))
    for c in ("estimate", "ci_low", "ci_high"):
        d[c] = d[c].clip(0, 1)
    base = alt.Chart(d).encode(y=alt.Y("country_name:N", title=None), color=alt.Color(
        "country_name:N", legend=None, scale=alt.Scale(range=PALETTE)))
    bars = base.mark_rule(strokeWidth=2).encode(x=alt.X("ci_low:Q", axis=alt.Axis(format="%"), title=None,
                                                        scale=alt.Scale(domain=[0, 1])), x2="ci_high:Q")
    dots = base.mark_point(filled=True, size=50).encode(x="estimate:Q")
    chart = (bars + dots).properties(width=230, height=80).facet(
        facet=alt.Facet("question:N", title=None, header=alt.Header(labelLimit=330, labelFontSize=9)), columns=2)
    return to_svg(chart.configure(font=FONT.get(lang), background="white").configure_view(stroke=None))


def scenario_chart(frame: pd.DataFrame, lang: str) -> str:
    """Welfare change per country and scenario, with the uncertainty band."""
    alt = _alt()
    d = frame.copy()
    d["country_name"] = d["country"].map(lambda c: place(c, lang))
    base = alt.Chart(d).encode(y=alt.Y("country_name:N", title=None),
                               color=alt.Color("scenario:N", title=None, scale=alt.Scale(range=PALETTE)),
                               yOffset="scenario:N")
    band = base.mark_rule(strokeWidth=3, opacity=0.6).encode(
        x=alt.X("welfare_lo:Q", title=t(lang, "welfare"), axis=alt.Axis(format="%")), x2="welfare_hi:Q")
    dot = base.mark_point(filled=True, size=45).encode(x="welfare:Q")
    return to_svg(_base(band + dot, lang, width=480, height=200))
