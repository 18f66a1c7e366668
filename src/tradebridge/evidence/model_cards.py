"""Evidence cards from the models: FTA partial effects (structural gravity, PPML) and GE scenarios.

``fta.effect.AGREEMENT.EXP-IMP`` — the total partial effect exp(b)-1 after phase-in (or on entry
when no lag is identified) with its 95% CI; ``fta.too_early.AGREEMENT`` — an agreement too recent for
the panel (not estimated, left out of the pooled effect); ``fta.pooled`` — the average effect of all the reporter's
FTAs with the partners; ``scenario.NAME.COUNTRY`` — changes in exports, imports and welfare (real
expenditure) with the band from draws of the partial effect; ``scenario_theta.NAME.COUNTRY`` — the
welfare change for each trade elasticity of the file's sensitivity list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.models.fta import MIN_POST_ENTRY_YEARS, MIN_POST_OBSERVATIONS, Identification


def _name(agreement: str, lang: str) -> str:
    """The curated agreement's name, or its id for agreements found in DESTA/GPTAD."""
    from tradebridge.errors import DataError
    from tradebridge.reference.timeline import agreement_name

    try:
        return agreement_name(agreement, lang)
    except DataError:
        return agreement


PPML = "PPML with exporter-year, importer-year and pair fixed effects (pyfixest), SEs clustered by pair"


def fta_effect_cards(effects: pd.DataFrame, spec: str, prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    """One card per agreement and direction: the longest identified total effect."""
    cards = []
    ok = effects[effects["kind"] != "not identified"].copy()
    for (agreement, exp, imp), rows in ok.groupby(["agreement", "exporter", "importer"]):
        totals = rows[rows["kind"].str.startswith("total after")]
        row = totals.sort_values("years_in_force").iloc[-1] if not totals.empty else \
            rows[rows["kind"] == "on entry"].iloc[0]
        horizon = int(row["years_in_force"])
        cards.append(EvidenceCard(
            id=f"fta.effect.{agreement}.{exp}-{imp}", topic="fta",
            template={
                "en": "{horizon_text}, the {agreement_name} changed {exporter}'s exports to {importer} by {effect} "
                      "(95% CI {ci_low} to {ci_high}), all else equal.",
                "es": "{horizon_text_es}, el {agreement_name_es} cambió las exportaciones de {exporter} a {importer} en "
                      "{effect} (IC 95 %: {ci_low} a {ci_high}), todo lo demás constante.",
                "ko": "{horizon_text_ko} {agreement_name_ko:은} 다른 조건이 같을 때 {exporter}의 대{importer} 수출을 "
                      "{effect:change}시켰다(95% 신뢰구간 {ci_low}~{ci_high}).",
            },
            values={"agreement": agreement, "agreement_name": _name(agreement, "en"),
                    "agreement_name_es": _name(agreement, "es"), "agreement_name_ko": _name(agreement, "ko"),
                    "exporter": exp, "importer": imp,
                    "effect": float(row["effect"]), "ci_low": float(row["ci_low"]), "ci_high": float(row["ci_high"]),
                    "estimate": float(row["estimate"]), "se": float(row["se"]), "years": horizon,
                    "horizon_text": f"{horizon} years after entry into force" if horizon else "On entry into force",
                    "horizon_text_es": f"{horizon} años después de su entrada en vigor" if horizon else "Al entrar en vigor",
                    "horizon_text_ko": f"발효 {horizon}년 후" if horizon else "발효 시점에"},
            formats={"exporter": "place", "importer": "place", "effect": "pct_signed", "ci_low": "pct_signed",
                     "ci_high": "pct_signed", "agreement_name": "text", "agreement_name_es": "text",
                     "agreement_name_ko": "text", "horizon_text": "text",
                     "horizon_text_es": "text", "horizon_text_ko": "text"},
            comparison="trade with the agreement vs without it (partial equilibrium)",
            caveats=("the aggregate panel has one year in four, so phase-in lags are 4 and 8 years",
                     "an agreement that entered into force in the last panel year has no identified lag"),
            provenance=tuple(prov), method=f"{PPML}; {spec}"))
    return cards


def too_early_cards(early: Mapping[str, Identification], dataset: str,
                    prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    """``fta.too_early.AGREEMENT``: an agreement the panel cannot yet evaluate, with the reason (the
    guard of :func:`tradebridge.models.fta.split_identified`); it is left out of the pooled effect.

    >>> import pandas as pd
    >>> from tradebridge.models.fta import Agreement, identification
    >>> i = identification(range(1988, 2017, 4), Agreement("X-Y-FTA", "X", "Y", pd.Timestamp("2016-07-15")))
    >>> too_early_cards({"X-Y-FTA": i}, "d", ())[0].statement("en")[:61]
    'X-Y-FTA: too early to estimate. It entered into force in 2016'
    """
    cards = []
    for aid, ident in early.items():
        cards.append(EvidenceCard(
            id=f"fta.too_early.{aid}", topic="fta",
            template={
                "en": "{agreement_name}: too early to estimate. It entered into force in {entry} and the panel ends "
                      "in {last}, with {post_obs:plural:observation|observations} from the entry year on; an estimate needs "
                      "{min_years} years after entry and {min_obs} observations. It is left out of the pooled effect.",
                "es": "{agreement_name_es}: demasiado pronto para estimar. Entró en vigor en {entry} y el panel termina "
                      "en {last}, con {post_obs:plural:observación|observaciones} desde la entrada en vigor; una estimación "
                      "requiere {min_years} años tras la entrada en vigor y {min_obs} observaciones. Queda fuera del "
                      "efecto conjunto.",
                "ko": "{agreement_name_ko}: 추정하기에 이르다. {entry}년에 발효되었고 패널은 {last}년에 끝나 발효 후 관측치가 "
                      "{post_obs}개뿐이다(최소 {min_obs}개, {min_years}년 필요). 통합 효과에서 제외했다.",
            },
            values={"agreement": aid, "agreement_name": _name(aid, "en"), "agreement_name_es": _name(aid, "es"),
                    "agreement_name_ko": _name(aid, "ko"), "entry": ident.entry_year, "last": ident.last_year,
                    "post_years": ident.post_years, "post_obs": ident.post_observations,
                    "min_years": MIN_POST_ENTRY_YEARS, "min_obs": MIN_POST_OBSERVATIONS, "reason": ident.reason},
            formats={"agreement_name": "text", "agreement_name_es": "text", "agreement_name_ko": "text",
                     "entry": "year", "last": "year", "post_obs": "int", "min_obs": "int", "min_years": "int",
                     "post_years": "int", "reason": "text"},
            comparison="post-entry years in the panel vs the minimum needed to identify an FTA effect",
            caveats=(f"dataset {dataset}: its post-entry observations are left out of every estimate",),
            provenance=tuple(prov),
            method=f"identification guard: >= {MIN_POST_ENTRY_YEARS} years after entry and >= "
                   f"{MIN_POST_OBSERVATIONS} post-entry panel observations"))
    return cards


def pooled_card(b: float, se: float, effect: dict, agreements: Sequence[str], prov: Sequence[ProvenanceRef],
                excluded: Sequence[str] = ()) -> EvidenceCard:
    return EvidenceCard(
        id="fta.pooled", topic="fta",
        template={"en": "On average, the reporter's FTAs with the partners {effect:sign:raised|lowered} bilateral trade "
                        "by {effect:abs} (95% CI {ci_low} to {ci_high}).",
                  "es": "En promedio, los TLC con los socios {effect:sign:aumentaron|redujeron} el comercio bilateral "
                        "en {effect:abs} (IC 95 %: {ci_low} a {ci_high}).",
                  "ko": "상대국과의 FTA는 평균적으로 양자 교역을 {effect:abs} {effect:sign:늘렸다|줄였다}"
                        "(95% 신뢰구간 {ci_low}~{ci_high})."},
        values={"estimate": b, "se": se, "effect": effect["effect"], "ci_low": effect["ci_low"],
                "ci_high": effect["ci_high"], "agreements": list(agreements), "excluded": list(excluded)},
        formats={"effect": "pct_signed", "ci_low": "pct_signed", "ci_high": "pct_signed"},
        comparison="pooled dummy for all agreements and both directions", provenance=tuple(prov),
        caveats=(f"left out as too early to estimate: {', '.join(excluded)}",) if excluded else (),
        method=f"{PPML}; one dummy for {', '.join(agreements)}")


PERCENT_COLUMNS = ("exports", "exports_lo", "exports_hi", "imports", "imports_lo", "imports_hi", "welfare",
                   "welfare_lo", "welfare_hi")


def scenario_fractions(frame: pd.DataFrame) -> pd.DataFrame:
    """The GE solver reports changes in percent (the Advanced Guide's convention: 0.53 = +0.53%);
    cards hold fractions (0.0053) so that every share in tradebridge formats the same way."""
    out = frame.copy()
    for c in PERCENT_COLUMNS:
        if c in out:
            out[c] = out[c] / 100.0
    return out


ENGINE_TEXT = {"exact": "exact GE, hat algebra (Dekle-Eaton-Kortum; the ge_gravity model of Baier, Yotov & Zylkin 2019)",
               "ge_ppml": "GE-PPML (Yotov et al. 2016, ch. 2)"}


def _titles(title: str | Mapping[str, str]) -> dict[str, str]:
    """The scenario's name in en, es and ko (``title``: one name, or a mapping from language to name)."""
    names = dict(title) if isinstance(title, Mapping) else {"en": title}
    return {"title": names["en"], "title_es": names.get("es", names["en"]), "title_ko": names.get("ko", names["en"])}


def scenario_cards(name: str, title: str | Mapping[str, str], frame: pd.DataFrame, level: float, b: float, se: float,
                   prov: Sequence[ProvenanceRef], notes: Sequence[str] = (), *, engine: str = "exact",
                   theta: float | None = None, draws: int | None = None, imbalances: str | None = None,
                   baseline: str = "", ) -> list[EvidenceCard]:
    """Cards from a scenario's focus frame (``country, welfare, welfare_lo, ...``: changes in percent,
    as the solvers report them)."""
    frame = scenario_fractions(frame)
    method = ENGINE_TEXT.get(engine, engine)
    if theta is not None:
        method += f"; theta {theta:g} (sigma {theta + 1:g})"
    if imbalances is not None:
        method += ("; welfare = real expenditure E/P, deficits fixed" if imbalances == "additive"
                   else "; welfare = real income w/P, deficits a fixed share of output")
    band = f"band: {level:.0%} quantiles over {draws} draws of b from N(b, se^2)" if draws else \
        "band: quantiles over draws of b"
    cards = []
    for r in frame.to_dict(orient="records"):
        cards.append(EvidenceCard(
            id=f"scenario.{name}.{r['country']}", topic="scenario",
            template={
                "en": "{title}: {country}'s welfare changes by {welfare} ({level_pct} band "
                      "{welfare_lo} to {welfare_hi}); exports {exports}, imports {imports}.",
                "es": "{title_es}: el bienestar de {country} cambia {welfare} (banda {level_pct}: "
                      "{welfare_lo} a {welfare_hi}); exportaciones {exports}, importaciones {imports}.",
                "ko": "{title_ko}: {country}의 후생 변화 {welfare}({level_pct} 구간 {welfare_lo}~{welfare_hi}), "
                      "수출 {exports}, 수입 {imports}.",
            },
            values={"scenario": name, **_titles(title), "country": r["country"], "level_pct": level,
                    **{k: float(r[k]) for k in r if k != "country" and pd.notna(r[k])}},
            formats={"title": "text", "title_es": "text", "title_ko": "text", "country": "place", "level_pct": "pct",
                     **{k: "pct_small" for k in (
                "welfare", "welfare_lo", "welfare_hi", "exports", "exports_lo", "exports_hi", "imports",
                "imports_lo", "imports_hi")}},
            comparison="counterfactual vs baseline (full general equilibrium)",
            caveats=(*((f"baseline: {baseline}",) if baseline else ()),
                     f"partial effect b = {b:.3f} (se {se:.3f}) from the pooled PPML estimate", *notes),
            provenance=tuple(prov), method=f"{method}; {band}"))
    return cards


def theta_cards(name: str, title: str | Mapping[str, str], sensitivity: pd.DataFrame, focus: Sequence[str],
                prov: Sequence[ProvenanceRef], *, engine: str = "exact") -> list[EvidenceCard]:
    """One card per focus country: the point welfare change for each theta of the sensitivity list
    (``sensitivity``: ``theta, country, welfare_pct, ...`` in percent)."""
    if sensitivity.empty:
        return []
    cards = []
    thetas = sorted(sensitivity["theta"].unique())
    for country in focus:
        rows = sensitivity[sensitivity["country"] == country].set_index("theta")
        if rows.empty:
            continue
        values = {"scenario": name, **_titles(title), "country": country,
                  "thetas": [float(t) for t in thetas], "theta_list": ", ".join(f"{t:g}" for t in thetas)}
        parts = []
        for k, t in enumerate(thetas):
            values[f"welfare_{k}"] = float(rows.loc[t, "welfare_pct"]) / 100.0
            parts.append(f"{{welfare_{k}}} (theta {t:g})")
        text = ", ".join(parts)
        cards.append(EvidenceCard(
            id=f"scenario_theta.{name}.{country}", topic="scenario_theta",
            template={"en": "{title}: " + "{country}'s welfare change is " + text + ".",
                      "es": "{title_es}: " + "el cambio de bienestar de {country} es " + text + ".",
                      "ko": "{title_ko}: " + "{country}의 후생 변화 " + text + "."},
            values=values,
            formats={"title": "text", "title_es": "text", "title_ko": "text", "country": "place", "theta_list": "text",
                     **{f"welfare_{k}": "pct_small" for k in range(len(thetas))}},
            comparison="point solutions for other trade elasticities (theta), same partial effect",
            caveats=("a larger theta means closer substitutes: smaller terms-of-trade gains",),
            provenance=tuple(prov), method=ENGINE_TEXT.get(engine, engine) + "; sensitivity to theta"))
    return cards
