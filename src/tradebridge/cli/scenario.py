"""``tradebridge scenario``: GE trade-policy scenarios (exact hat algebra or GE-PPML) from small editable YAML files."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebridge.cli._common import JsonOption, RawOption, StoreOption, console, print_json, print_table, settings

scenario_app = typer.Typer(help="Trade-policy scenarios (exact or GE-PPML counterfactuals with uncertainty bands).",
                           no_args_is_help=True)


@scenario_app.command("list")
def list_cmd(json: bool = JsonOption) -> None:
    """List the scenarios shipped with tradebridge (copy one and edit it to make your own).

    Example: tradebridge scenario list
    """
    from tradebridge.models.scenarios import load_scenario, shipped_scenarios

    rows = [{"scenario": n, "name": load_scenario(n).name, "engine": load_scenario(n).engine}
            for n in shipped_scenarios(examples=True)]
    if json:
        print_json(rows)
    else:
        print_table(rows, title="Shipped scenarios")


@scenario_app.command("run")
def run_cmd(
    file: str = typer.Argument(..., help="Scenario YAML file, or the name of a shipped scenario (kor_mex_fta)."),
    draws: int = typer.Option(None, "--draws", help="Override the number of draws of the partial effect (0 = point solution)."),
    estimate: float = typer.Option(None, "--estimate", "--fta-estimate",
                                   help="Use this partial effect (on log trade) instead of the scenario's."),
    se: float = typer.Option(None, "--se", "--fta-se", help="Its standard error (with --estimate)."),
    store: Path = StoreOption,
    raw: Path = RawOption,
    json: bool = JsonOption,
) -> None:
    """Run a scenario: per country, welfare (real expenditure) and % changes in exports and imports, with
    bands from draws of the partial effect from N(b, se^2); the engine (exact hat algebra or GE-PPML),
    theta and the imbalances come from the file.

    Example: tradebridge scenario run kor_mex_fta --json
    """
    from tradebridge.errors import ConfigError
    from tradebridge.models.pipeline import run_scenario
    from tradebridge.models.scenarios import load_scenario

    s = settings(store=store, raw=raw)
    spec = load_scenario(file)
    partial = None
    if estimate is not None:
        if se is None:
            raise ConfigError("--estimate needs --se (0 for none)")
        partial = (estimate, se)
    elif se is not None:
        raise ConfigError("--se goes with --estimate")
    res = run_scenario(spec, store_path=s.store, raw_dir=s.raw, partial=partial, draws=draws)
    if json:
        print_json(res.to_dict())
        return
    for line in res._header_lines():
        console.print(line, highlight=False)
    cols = ["country", "welfare_pct", "welfare_pct_low", "welfare_pct_high", "exports_pct", "imports_pct"]
    focus = res.focus_frame()
    print_table(focus[[c for c in cols if c in focus]].round(4).to_dict(orient="records"), title=spec.name + " (% change)")
    if not res.pairs.empty:
        print_table(res.pairs.round(3).head(40).to_dict(orient="records"), title="Trade of the shocked pairs (% change)")
    if not res.sensitivity.empty:
        sens = res.sensitivity[res.sensitivity["country"].isin(focus["country"])]
        print_table(sens.round(4).to_dict(orient="records"), title="Sensitivity to theta (point solution)")


def register(app: typer.Typer) -> None:
    """Add the ``scenario`` group to the root app."""
    app.add_typer(scenario_app, name="scenario")
