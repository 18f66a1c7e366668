"""``tradebridge scenario``: GE-PPML trade-policy scenarios from small editable YAML files."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebridge.cli._common import JsonOption, StoreOption, console, print_json, print_table, settings

scenario_app = typer.Typer(help="Trade-policy scenarios (GE-PPML counterfactuals with uncertainty bands).",
                           no_args_is_help=True)


@scenario_app.command("list")
def list_cmd(json: bool = JsonOption) -> None:
    """List the scenarios shipped with tradebridge (copy one and edit it to make your own).

    Example: tradebridge scenario list
    """
    from tradebridge.models.scenarios import load_scenario, shipped_scenarios

    rows = [{"scenario": n, "name": load_scenario(n).name} for n in shipped_scenarios()]
    if json:
        print_json(rows)
    else:
        print_table(rows, title="Shipped scenarios")


@scenario_app.command("run")
def run_cmd(
    file: str = typer.Argument(..., help="Scenario YAML file, or the name of a shipped scenario (kor_mex_fta)."),
    draws: int = typer.Option(None, "--draws", help="Override the number of draws of the FTA coefficient."),
    fta_estimate: float = typer.Option(None, "--fta-estimate", help="Use this FTA coefficient instead of the scenario's."),
    fta_se: float = typer.Option(None, "--fta-se", help="Its standard error (with --fta-estimate)."),
    store: Path = StoreOption,
    json: bool = JsonOption,
) -> None:
    """Run a scenario: per country, % changes in exports, imports and welfare (real GDP), with a band
    from draws of the FTA coefficient from N(b, se^2).

    Example: tradebridge scenario run kor_mex_fta --json
    """
    from dataclasses import replace

    from tradebridge.errors import ConfigError
    from tradebridge.models.fta import korea_pa_agreements, pooled_fta_effect
    from tradebridge.models.inputs import agreement_dates, load_gravity_data
    from tradebridge.models.scenarios import load_scenario, run_scenario

    s = settings(store=store)
    spec = load_scenario(file)
    if draws is not None:
        spec = replace(spec, draws=draws)
    agreements = korea_pa_agreements(agreement_dates(s.store))
    if fta_estimate is not None:
        if fta_se is None:
            raise ConfigError("--fta-estimate needs --fta-se")
        b, se = fta_estimate, fta_se
    elif isinstance(spec.fta_effect, tuple):
        b, se = spec.fta_effect
    else:
        panel = load_gravity_data(spec.panel, store_path=s.store)
        b, se, _ = pooled_fta_effect(panel, agreements)
    data = load_gravity_data(spec.data, store_path=s.store)
    res = run_scenario(spec, data, fta_estimate=b, fta_se=se, agreements=agreements)
    if json:
        print_json(res.to_dict())
        return
    for line in res._header_lines():
        console.print(line, highlight=False)
    print_table(res.focus_frame().round(4).to_dict(orient="records"), title=spec.name + " (% change)")
    if not res.bilateral.empty:
        print_table(res.bilateral.round(3).to_dict(orient="records"), title="Bilateral trade of the changed pairs (% change)")


def register(app: typer.Typer) -> None:
    """Add the ``scenario`` group to the root app."""
    app.add_typer(scenario_app, name="scenario")
