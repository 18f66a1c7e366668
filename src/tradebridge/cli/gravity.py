"""``tradebridge gravity``: structural gravity (PPML with high-dimensional fixed effects), FTA effects,
event studies, exchange-rate elasticities and the COVID-19 shock."""

from __future__ import annotations

import warnings
from pathlib import Path

import typer

from tradebridge.cli._common import JsonOption, StoreOption, console, print_json, print_table, settings

gravity_app = typer.Typer(help="Structural gravity: PPML estimation, FTA effects, event studies, FX and shocks.",
                          no_args_is_help=True)

DataOption = typer.Option(..., "--data", help="Warehouse dataset (e.g. comtrade_aggregate, agtpa) or a CSV/Parquet/.dta file.")
PanelOption = typer.Option(None, "--data", help="Panel: warehouse dataset or file (default from settings: TRADEBRIDGE_DATASET).")
ReporterOption = typer.Option(None, "--reporter", help="Reporter ISO3 (default from settings: TRADEBRIDGE_REPORTER).")
PartnersOption = typer.Option(None, "--partners", help="Bloc id or ISO3 codes (default from settings: TRADEBRIDGE_PARTNERS).")


def _data(source: str | None, store: Path | None):
    from tradebridge.models.inputs import load_gravity_data

    s = settings(store=store)
    return load_gravity_data(source or s.dataset, store_path=s.store), s


def _scope(s, reporter: str | None, partners: str | None):
    from tradebridge.reference.blocs import scope_from_settings

    return scope_from_settings(s, reporter=reporter, partners=partners)


def _agreements(store_path: Path, scope, only: list[str] | None):
    """The reporter's in-force FTAs with the scope's members, from the warehouse (as the brief's)."""
    from tradebridge.evidence.model_run import scope_agreements

    ags = scope_agreements(store_path, scope)
    if only:
        wanted = {a.upper() for a in only}
        ags = {k: v for k, v in ags.items() if k in wanted or v.b in wanted}
    return ags


def _show(res, as_json: bool) -> None:
    """A result as JSON (``to_dict``) or as a table titled by the result."""
    if as_json:
        print_json(res.to_dict())
    else:
        print_table(res.to_frame().to_dict(orient="records"), title=res.title)


def _lags(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip()) if text else ()


@gravity_app.command("estimate")
def estimate_cmd(
    data: str = DataOption,
    formula: str = typer.Option(..., "--formula", "-f", help=(
        "fixest formula, e.g. 'trade ~ log_dist + i(year, ref=2000) | exporter + importer^year'; names are "
        "columns or vocabulary names (docs/models.md, Formulas and filters).")),
    cluster: str = typer.Option(None, "--cluster", help="Cluster variable (e.g. pair_id, sym_pair_id)."),
    where: str = typer.Option(None, "--where", help="Row filter: names, == != < <= > >=, and/or/not, in [..], numbers, "
                                "'strings', e.g. 'exporter != importer and year >= 2000' (never run as Python)."),
    estimator: str = typer.Option("ppml", "--estimator", help="ppml or ols."),
    small_sample: str = typer.Option("stata", "--small-sample", help="stata (ppml/ppmlhdfe-like) or fixest."),
    separation: str = typer.Option("fe,simplex,relu", "--separation",
                                   help="PPML separation checks run before the fit, comma-separated (fe, simplex, "
                                        "relu), or 'none'."),
    store: Path = StoreOption,
    json: bool = JsonOption,
) -> None:
    """Estimate a gravity equation with pyfixest (PPML by default) and report coefficients, SEs, N,
    dropped observations (separation: count, row numbers and check; singletons) and convergence.

    Example: tradebridge gravity estimate --data agtpa --formula "trade ~ log_dist + contig + comlang_off + colony | exp_year + imp_year" --where "exporter != importer" --cluster pair_id
    """
    from tradebridge.models.gravity import ConvergenceWarning, estimate_gravity
    from tradebridge.models.separation import SeparationWarning

    frame, _ = _data(data, store)
    checks = () if separation.strip().lower() == "none" else tuple(m.strip() for m in separation.split(",") if m.strip())
    with warnings.catch_warnings():  # what they say is in the result's notes, printed below or in the JSON
        warnings.simplefilter("ignore", SeparationWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        res = estimate_gravity(frame, formula, estimator=estimator, cluster=cluster, where=where,
                               small_sample=small_sample, separation=checks)
    if json:
        print_json(res.to_dict())
        return
    for line in res._header_lines():
        console.print(line, highlight=False)
    print_table(res.to_frame().to_dict(orient="records"), title="Coefficients")


@gravity_app.command("fta-effects")
def fta_effects_cmd(
    data: str = PanelOption,
    reporter: str = ReporterOption,
    partners: str = PartnersOption,
    lags: str = typer.Option("4,8", "--lags", help="Phase-in lags in years, comma-separated ('' for none)."),
    agreement: list[str] = typer.Option(None, "--agreement", help="Only these agreements (an id such as KOR-CHL-FTA, "
                                        "or a partner's ISO3); repeatable."),
    pooled: bool = typer.Option(False, "--pooled", help="One dummy for all agreements and both directions."),
    store: Path = StoreOption,
    json: bool = JsonOption,
) -> None:
    """Partial effects exp(b)-1 with 95% intervals of the reporter's FTAs with its partners (the brief's
    agreements: the curated timeline where it covers a pair, else DESTA/GPTAD): PPML with exporter-year,
    importer-year and pair fixed effects, one dummy per agreement and direction, phase-in lags, other
    agreements controlled for.

    Example: tradebridge gravity fta-effects --data comtrade_aggregate --lags 4,8 --json
    """
    from tradebridge.models.fta import estimate_fta_effects, partial_effect, pooled_fta_effect

    frame, s = _data(data, store)
    ags = _agreements(s.store, _scope(s, reporter, partners), agreement)
    if pooled:
        b, se, fit = pooled_fta_effect(frame, ags)
        out = {"pooled": partial_effect(b, se), "agreements": sorted(ags), "model": fit.to_dict()}
        if json:
            print_json(out)
        else:
            print_table([{"term": "fta_pooled", **out["pooled"]}], title="Pooled effect of " + ", ".join(sorted(ags)))
        return
    res = estimate_fta_effects(frame, ags, lags=_lags(lags))
    if json:
        print_json(res.to_dict())
        return
    for line in res._header_lines():
        console.print(line, highlight=False)
    print_table(res.to_frame().drop(columns=["term"]).to_dict(orient="records"), title=res.title)


@gravity_app.command("event-study")
def event_study_cmd(
    data: str = PanelOption,
    reporter: str = ReporterOption,
    partners: str = PartnersOption,
    period: int = typer.Option(4, "--period", help="Years per event period (the panel's spacing)."),
    window: int = typer.Option(3, "--window", help="Periods before/after entry into force (end points binned)."),
    store: Path = StoreOption,
    json: bool = JsonOption,
) -> None:
    """Event study of the reporter's FTAs with its partners (pooled, both directions): effects by period
    relative to entry into force, period -1 the reference.

    Example: tradebridge gravity event-study --data comtrade_aggregate --json
    """
    from tradebridge.models.fta import event_study

    frame, s = _data(data, store)
    res = event_study(frame, _agreements(s.store, _scope(s, reporter, partners), None), period_length=period,
                      window=window)
    _show(res, json)


@gravity_app.command("fx-elasticity")
def fx_cmd(
    data: str = PanelOption,
    fx: str = typer.Option(None, "--fx", help="CSV with country, year, fx_lcu_per_usd (default: the warehouse's IMF annual rates)."),
    reporter: str = typer.Option(None, "--reporter", help="Exporter whose exports are studied (default from settings)."),
    partners: str = PartnersOption,
    store: Path = StoreOption,
    json: bool = JsonOption,
) -> None:
    """Elasticity of the reporter's exports to each partner with respect to the partner currency's
    value against the USD (pair and year effects; PPML).

    Example: tradebridge gravity fx-elasticity --data comtrade_aggregate --reporter KOR --partners PA --json
    """
    from tradebridge.models.fx import fx_elasticity
    from tradebridge.models.inputs import read_fx

    frame, s = _data(data, store)
    scope = _scope(s, reporter, partners)  # validated; the members never include the reporter
    res = fx_elasticity(frame, read_fx(fx, s.store), reporter=scope.reporter, partners=scope.members)
    _show(res, json)


@gravity_app.command("covid-shock")
def covid_cmd(
    data: str = typer.Option(..., "--data", help="Product-level flows (dataset or file) covering the pre-period and 2020-2021."),
    pre_start: int = typer.Option(2015, "--pre-start", help="First year of the pre-period trend."),
    store: Path = StoreOption,
    json: bool = JsonOption,
) -> None:
    """Deviation of 2020-2021 flows from the pre-period log-linear trend, per pair and product group.
    Without 2019-2021 data, fetch it first: `tradebridge data fetch comtrade ...` or `tradebridge data fetch baci ...`.

    Example: tradebridge gravity covid-shock --data baci_hs17 --json
    """
    from tradebridge.models.shocks import covid_deviation

    frame, _ = _data(data, store)
    res = covid_deviation(frame, pre_start=pre_start)
    _show(res, json)


def register(app: typer.Typer) -> None:
    """Add the ``gravity`` group to the root app."""
    app.add_typer(gravity_app, name="gravity")
