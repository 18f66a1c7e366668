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
from tradebridge.i18n import place, t
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
    rows = _records(stages)
    return charts.timeline(rows, names=names, labels=labels(lang),
                           stage_labels={r["stage"]: stage_label(r["stage"], lang) for r in rows}, target=target)


def survey_spec(table: pd.DataFrame, questions: Mapping[str, str], lang: str, *,
                target: Target = "a4") -> dict[str, Any]:
    """Figure 4: share agreeing by country and question, with 95% intervals."""
    rows = _records(table)
    return charts.shares(rows, group="variable", names=_names(sorted({r["country"] for r in rows}), lang),
                         group_names=questions, labels={**labels(lang), "estimate": ""}, target=target)  # % in the caption


def scenario_spec(frame: pd.DataFrame, lang: str, *, target: Target = "a4") -> dict[str, Any]:
    """Figure 5: welfare change per country and scenario, with the uncertainty band (fractions)."""
    rows = [{**r, "scenario": r.get("scenario_id") or r["scenario"], "title": r.get(f"scenario_{lang}") or r["scenario"]}
            for r in _records(frame)]
    names = _names(sorted({r["country"] for r in rows}), lang)
    scen = {r["scenario"]: r["title"] for r in rows}
    return charts.scenario_effects(rows, "welfare", names=names, scenario_names=scen, labels=labels(lang),
                                   target=target)


def brief_specs(ev: Any, lang: str, names: Mapping[str, str], *, target: Target = "a4") -> dict[str, dict]:
    """Every figure of the brief as a spec, keyed ``flows``, ``balance``, ``timeline``, ``survey``,
    ``scenario`` (those with data)."""
    out: dict[str, dict] = {}
    bloc = ev.bloc
    yearly = ev.frames.get("yearly", pd.DataFrame())
    windows = ev.frames.get("windows", pd.DataFrame())
    if not yearly.empty:
        panels = [*ev.members, *([bloc] if bloc else [])]
        out["flows"] = flows_spec(yearly, panels, lang, marks=markers(windows, names, bloc), target=target)
        out["balance"] = balance_spec(yearly, ev.members, lang, marks=markers(windows, names, None), target=target)
    stages = ev.frames.get("stages", pd.DataFrame())
    if not stages.empty:
        out["timeline"] = timeline_spec(stages, names, lang, target=target)
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
