"""The brief's figures: the shared specs of :mod:`tradebridge.charts`, fed from the evidence frames with
labels in the brief's language, sized for A4 and rendered to inline SVG.

>>> import pandas as pd
>>> stages = pd.DataFrame({"agreement_id": ["A-FTA"], "stage": ["Signed"], "date": ["2003-02-15"]})
>>> spec = timeline_spec(stages, {"A-FTA": "A FTA"}, "en")
>>> spec["layer"][1]["encoding"]["y"]["sort"], spec["width"]
(['A FTA'], 450)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from markupsafe import Markup

from tradebridge import charts
from tradebridge.charts.style import Target
from tradebridge.i18n import date_text, place, t
from tradebridge.reference.timeline import stage_label

SURVEY_KEEP = ("relationship_positive", "fta_benefit", "market_knowledge", "balance_concern")


def labels(lang: str) -> dict[str, str]:
    """The chart texts of the brief in ``lang`` (axis titles, legends, stage kinds, tooltips)."""
    keys = ("year", "exports", "imports", "balance", "partner", "country", "welfare", "agreement", "stage", "date")
    out = {k: t(lang, k) for k in keys}
    out.update({"entry": stage_label("Entry into force", lang), "signed": stage_label("Signed", lang),
                "other": t(lang, "stage")})
    return out


def _names(codes: Sequence[str], lang: str) -> dict[str, str]:
    return {c: place(c, lang) for c in codes}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict(orient="records") if frame is not None and not frame.empty else []


def markers(windows: pd.DataFrame, names: Mapping[str, str], bloc: str | None) -> list[charts.Marker]:
    """Entry-into-force markers of the FTAs in the windows frame (one row per agreement)."""
    if windows is None or windows.empty:
        return []
    rows = windows.drop_duplicates("agreement_id")
    labels_ = {**dict(zip(rows["agreement_id"], rows.get("name", rows["agreement_id"]), strict=True)), **names}
    return charts.entry_markers(_records(rows[["partner", "agreement_id", "entry_year"]]), labels_, bloc=bloc)


def flows_spec(yearly: pd.DataFrame, partners: Sequence[str], lang: str, *, marks: Sequence[charts.Marker] = (),
               target: Target = "a4") -> dict[str, Any]:
    """Figure 2: exports and imports with each partner (and the bloc), a panel each."""
    return charts.flows(_records(yearly), list(partners), names=_names(partners, lang), labels=labels(lang),
                        markers=marks, lang=lang, target=target)


def balance_spec(yearly: pd.DataFrame, members: Sequence[str], lang: str, *,
                 marks: Sequence[charts.Marker] = (), target: Target = "a4") -> dict[str, Any]:
    """Figure 3: the reporter's balance with each member."""
    return charts.by_partner(_records(yearly), "balance", list(members), names=_names(members, lang),
                             labels=labels(lang), markers=marks, lang=lang, target=target)


def timeline_spec(stages: pd.DataFrame, names: Mapping[str, str], lang: str, *,
                  target: Target = "a4") -> dict[str, Any]:
    """Figure 1: the negotiation stages per agreement."""
    rows = [{**r, "when": date_text(r["date"], lang, r.get("precision"))} for r in _records(stages)
            if r.get("date") is not None and not pd.isna(r.get("date"))]
    return charts.timeline(rows, names=names, labels=labels(lang),
                           stage_labels={r["stage"]: stage_label(r["stage"], lang) for r in rows}, target=target,
                           lang=lang)


def survey_spec(table: pd.DataFrame, questions: Mapping[str, str], lang: str, *,
                target: Target = "a4") -> dict[str, Any]:
    """Figure 4: share agreeing by country and question, with 95% intervals."""
    rows = _records(table)
    return charts.shares(rows, group="variable", names=_names(sorted({r["country"] for r in rows}), lang),
                         group_names=questions, labels={**labels(lang), "estimate": ""}, target=target, lang=lang)  # % in the caption


def scenario_spec(frame: pd.DataFrame, lang: str, *, target: Target = "a4") -> dict[str, Any]:
    """Figure 5: welfare change per country and scenario, with the uncertainty band (fractions)."""
    rows = [{**r, "scenario": r.get("scenario_id") or r["scenario"], "title": r.get(f"scenario_{lang}") or r["scenario"]}
            for r in _records(frame)]
    names = _names(sorted({r["country"] for r in rows}), lang)
    scen = {r["scenario"]: r["title"] for r in rows}
    return charts.scenario_effects(rows, "welfare", names=names, scenario_names=scen, labels=labels(lang),
                                   target=target, lang=lang)


def _entry_year(ev: Any, agreement: str) -> int | None:
    found = (ev.notes.get("ftas") or {}).get(agreement)
    return int(str(found[1])[:4]) if found else None


def forest_rows(ev: Any, lang: str) -> list[dict[str, Any]]:
    """The forest plot's rows from the FTA cards: each estimated direction (largest effect first), the
    pooled effect, then each agreement too recent to identify (``fta.too_early.*``), labels in ``lang``."""
    cards = ev.cards
    effects = sorted((c for i, c in cards.items() if i.startswith("fta.effect.")),
                     key=lambda c: -float(c.values.get("effect") or 0.0))
    rows = [{"key": c.id, "status": "estimated", "effect": c.values.get("effect"), "ci_low": c.values.get("ci_low"),
             "ci_high": c.values.get("ci_high"),
             "label": t(lang, "chart_fta_row", exporter=place(c.values["exporter"], lang),
                        importer=place(c.values["importer"], lang),
                        year=str(_entry_year(ev, c.values["agreement"]) or ""))} for c in effects]
    pooled = cards.get("fta.pooled")
    if pooled is not None:
        rows.append({"key": pooled.id, "status": "pooled", "effect": pooled.values.get("effect"),
                     "ci_low": pooled.values.get("ci_low"), "ci_high": pooled.values.get("ci_high"),
                     "label": t(lang, "chart_pooled_row", n=len(pooled.values.get("agreements") or ()))})
    for c in sorted((c for i, c in cards.items() if i.startswith("fta.too_early.")), key=lambda c: c.id):
        members = c.values["agreement"].split("-")[:2]
        rows.append({"key": c.id, "status": "too_early", "label": t(
            lang, "chart_early_row", a=place(members[0], lang), b=place(members[-1], lang), year=str(c.values.get("entry", "")))})
    return rows


def forest_spec(ev: Any, lang: str, *, target: Target = "a4") -> dict[str, Any]:
    """The forest plot of the gravity FTA estimates (too-early agreements marked, out of the pooled effect)."""
    keys = ("estimated", "pooled", "too_early", "too_early_note", "effect")
    return charts.forest(forest_rows(ev, lang), labels={k: t(lang, f"chart_{k}") for k in keys}, lang=lang,
                         target=target)


def fx_rows(ev: Any) -> list[dict[str, Any]]:
    """Exports of the reporter to each member joined with the member's currency per US$: the series of the
    ``shocks.fx.<reporter>-<member>`` cards where they exist, else the warehouse's fx frame."""
    yearly, fx = ev.frames.get("yearly", pd.DataFrame()), ev.frames.get("fx", pd.DataFrame())
    series = [{"partner": m, "year": int(r["year"]), "fx": r.get("fx_partner_usd")}
              for m in ev.members if (c := ev.cards.get(f"shocks.fx.{ev.reporter}-{m}")) is not None
              for r in c.values.get("series") or ()]
    if yearly.empty or (not series and (fx is None or fx.empty)):
        return []
    if series:
        rates = pd.DataFrame(series)
    else:
        col = "fx" if "fx" in fx.columns else "fx_lcu_per_usd"
        rates = fx.rename(columns={"country": "partner", col: "fx"})[["partner", "year", "fx"]]
    rows = yearly[yearly["partner"].isin(ev.members)][["partner", "year", "exports"]].merge(rates, on=["partner", "year"])
    return _records(rows)


def fx_spec(ev: Any, lang: str, *, target: Target = "a4") -> dict[str, Any] | None:
    """Exchange rate vs exports, a panel per member (None without exchange rates)."""
    rows = fx_rows(ev)
    if not rows:
        return None
    members = by_size(ev)
    spec = charts.fx_exports(rows, members, names=_names(members, lang),
                             labels={"exports": t(lang, "exports"), "fx": t(lang, "chart_fx"), "year": t(lang, "year"),
                                     "index": t(lang, "chart_index", year="{year}")}, lang=lang, target=target)
    return spec if spec["data"]["values"] else None


def by_size(ev: Any) -> list[str]:
    """The members, largest trade with the reporter in the panel's last year first (ties: by code)."""
    yearly = ev.frames.get("yearly", pd.DataFrame())
    if yearly.empty or "total_trade" not in yearly:
        return list(ev.members)
    last = yearly[yearly["year"] == yearly["year"].max()].set_index("partner")["total_trade"]
    return sorted(ev.members, key=lambda m: (-float(last.get(m, 0.0) or 0.0), m))


def brief_specs(ev: Any, lang: str, names: Mapping[str, str], *, target: Target = "a4") -> dict[str, dict]:
    """Every figure of the brief as a spec, keyed ``flows``, ``balance``, ``timeline``, ``forest``,
    ``fx``, ``survey``, ``scenario`` (those with data), in the order the brief shows them."""
    out: dict[str, dict] = {}
    bloc = ev.bloc
    yearly = ev.frames.get("yearly", pd.DataFrame())
    windows = ev.frames.get("windows", pd.DataFrame())
    if not yearly.empty:
        members = by_size(ev)
        panels = [*([bloc] if bloc else []), *members]
        out["flows"] = flows_spec(yearly, panels, lang, marks=markers(windows, names, bloc), target=target)
        out["balance"] = balance_spec(yearly, ev.members, lang, marks=markers(windows, names, None), target=target)
    stages = ev.frames.get("stages", pd.DataFrame())
    if not stages.empty:
        out["timeline"] = timeline_spec(stages, names, lang, target=target)
    if any(i.startswith(("fta.effect.", "fta.too_early.")) for i in ev.cards):
        out["forest"] = forest_spec(ev, lang, target=target)
    if (fx := fx_spec(ev, lang, target=target)) is not None:
        out["fx"] = fx
    table = ev.frames.get("survey_by_country", pd.DataFrame())
    if not table.empty:
        q = ev.frames["survey_questions"].set_index("id")
        questions = {i: q.loc[i].get(lang) or q.loc[i]["en"] for i in q.index}
        out["survey"] = survey_spec(table[table["variable"].isin(SURVEY_KEEP)], questions, lang, target=target)
    scen = ev.frames.get("scenarios", pd.DataFrame())
    if not scen.empty:
        out["scenario"] = scenario_spec(scen, lang, target=target)
    return out


def brief_svgs(ev: Any, lang: str, names: Mapping[str, str]) -> dict[str, Markup]:
    """The brief's figures as inline SVG, keyed ``<name>_svg`` for the template."""
    return {f"{k}_svg": Markup(charts.to_svg(spec)) for k, spec in brief_specs(ev, lang, names).items()}
