"""``tradebridge trade``: flows, balances and trade indicators of a reporter with partners or a bloc.

Example::

    tradebridge trade overview --reporter KOR --partners PA --years 1996-2016
    tradebridge trade indicator intensity --reporter KOR --partners PA --json
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import typer

from tradebridge.cli._common import JsonOption, StoreOption, print_json, print_table, settings
from tradebridge.errors import ConfigError

trade_app = typer.Typer(
    help="Trade flows, balances, composition and indicators of a reporter with partners or a bloc.\n\n"
         "Example: tradebridge trade overview --reporter KOR --partners PA",
    no_args_is_help=True,
)

ReporterOption = typer.Option(None, "--reporter", help="Reporter ISO3 code (default from settings: TRADEBRIDGE_REPORTER).")
PartnersOption = typer.Option(None, "--partners", help="Bloc id (PA, MERCOSUR, ASEAN, EU, ...) or ISO3 codes, "
                              "comma-separated (default from settings: TRADEBRIDGE_PARTNERS).")
YearsOption = typer.Option(None, "--years", help="Year range FIRST-LAST, e.g. 1995-2016 (default: all years present).")
CsvOption = typer.Option(False, "--csv", help="Print CSV instead of a table.")
DatasetOption = typer.Option(None, "--dataset", help="trade_flows dataset, or world_exports dataset for rca "
                             "(default from settings: TRADEBRIDGE_DATASET).")
WindowOption = typer.Option(8, "--window", help="Years before/after an FTA's entry into force for the growth windows.")


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``'1995-2016'`` -> (1995, 2016); a single year gives (y, y).

    >>> parse_years("1995-2016"), parse_years(None)
    ((1995, 2016), None)
    """
    if not text:
        return None
    parts = text.replace(":", "-").split("-")
    try:
        first, last = (int(parts[0]), int(parts[-1]))
    except ValueError:
        raise ConfigError(f"invalid --years {text!r}; use FIRST-LAST, e.g. 1995-2016") from None
    if last < first or len(parts) > 2:
        raise ConfigError(f"invalid --years {text!r}; use FIRST-LAST with FIRST <= LAST, e.g. 1995-2016")
    return first, last


def _emit(records: list[dict], frame: pd.DataFrame, as_json: bool, as_csv: bool, title: str) -> None:
    if as_json and as_csv:
        raise ConfigError("choose one of --json and --csv")
    if as_json:
        print_json(records)
    elif as_csv:
        pd.DataFrame(records).convert_dtypes().to_csv(sys.stdout, index=False)
    else:
        print_table(frame.to_dict(orient="records"), title=title)


def _readable(yearly: pd.DataFrame) -> pd.DataFrame:
    """The overview table for the terminal: USD millions and growth in percent (JSON/CSV keep raw units)."""
    out = yearly[["year", "partner"]].copy()
    for c in ("exports", "imports", "balance"):
        out[f"{c}_usd_mn"] = (yearly[c] / 1e6).round(1)
    out["share_world_pct"] = (100 * yearly["share_of_world_trade"]).round(2)
    for c in ("exports_growth", "imports_growth"):
        out[f"{c}_pct_pa"] = (100 * yearly[c]).round(1)
    return out


def _open(store: Path | None):
    from tradebridge.store import Store

    return Store.open(settings(store=store).store, read_only=True)


def _scope(reporter: str | None, partners: str | None, dataset: str | None):
    """The settings' scope with the command's options on top (parsed and validated once)."""
    from tradebridge.reference.blocs import scope_from_settings

    return scope_from_settings(settings(), reporter=reporter, partners=partners, dataset=dataset)


@trade_app.command("overview")
def overview(
    reporter: str = ReporterOption, partners: str = PartnersOption, years: str = YearsOption,
    dataset: str = DatasetOption, window: int = WindowOption, json_out: bool = JsonOption,
    csv_out: bool = CsvOption, store: Path = StoreOption,
) -> None:
    """Exports, imports, balance and growth per year for each partner and the bloc, and the growth
    before/after each FTA. Missing partner-years are shown as missing, never as zero.

    Example: tradebridge trade overview --reporter KOR --partners PA --years 1996-2016 --json
    """
    from tradebridge.indicators.overview import trade_overview

    scope = _scope(reporter, partners, dataset)
    with _open(store) as st:
        ov = trade_overview(st.ibis(), scope.reporter, scope.label, dataset=scope.dataset,
                            years=parse_years(years), window=window)
    _emit(ov.records(), _readable(ov.yearly), json_out, csv_out, ov.summary())
    if not (json_out or csv_out) and not ov.windows.empty:
        w = ov.windows.drop(columns=["name", "v_first", "v_last"]).assign(cagr_pct=(100 * ov.windows.cagr).round(1))
        print_table(w.drop(columns=["cagr"]).to_dict(orient="records"),
                    title="Annualised growth before/after each FTA (years used shown)")


@trade_app.command("indicator")
def indicator(
    name: str = typer.Argument(..., help="Indicator: balance, rca, grubel_lloyd, grubel_lloyd_aggregate, "
                               "complementarity, intensity, hhi_products, hhi_markets, similarity, margins, "
                               "new_products, composition_section|chapter|end_use|rauch|sector, top_products."),
    reporter: str = ReporterOption, partners: str = PartnersOption, years: str = YearsOption,
    level: str = typer.Option("HS6", "--level", help="Product level for product indicators: HS2, HS4 or HS6."),
    dataset: str = DatasetOption, window: int = WindowOption,
    top: int = typer.Option(10, "--top", help="Products per direction for top_products."),
    json_out: bool = JsonOption, csv_out: bool = CsvOption, store: Path = StoreOption,
) -> None:
    """Compute one trade indicator for a reporter and partners (formula and reference in docs/indicators.md).

    Example: tradebridge trade indicator intensity --reporter KOR --partners PA --years 2000-2016 --json
    """
    from tradebridge.indicators.registry import compute_indicator

    scope = _scope(reporter, partners, dataset)
    with _open(store) as st:
        res = compute_indicator(st.ibis(), name, scope.reporter, scope.label, dataset=scope.dataset,
                                level=level, years=parse_years(years), window=window, top=top)
    _emit(res.records(), res.frame, json_out, csv_out, res.summary())


def register(app: typer.Typer) -> None:
    """Add the ``trade`` group to the root app."""
    app.add_typer(trade_app, name="trade")
