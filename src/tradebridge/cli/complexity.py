"""``tradebridge trade complexity`` and ``tradebridge trade opportunities``: economic complexity commands,
added to the ``trade`` group (this module's :func:`register` runs before ``trade``'s, by name order).

Example::

    tradebridge trade complexity --data world_exports_sitc4 --year 2000 --json
    tradebridge trade opportunities --exporter CHL --market KOR --top 20 --json
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from tradebridge.cli._common import JsonOption, StoreOption, print_json, print_table, settings
from tradebridge.errors import ConfigError, DataError

DEFAULT_DATA = "world_exports_sitc4"
DataOption = typer.Option(DEFAULT_DATA, "--data", help="A store dataset with product codes (world_exports_sitc4; a "
                          "BACI/Comtrade trade_flows dataset once fetched) or a CSV/Parquet file with exporter, "
                          "product, year, value_usd.")
YearOption = typer.Option(None, "--year", help="Year (default: the last year present).")
MethodOption = typer.Option("eigenvector", "--method", help="eigenvector (ECI/PCI) or fitness (adds Tacchella fitness).")
ProximityOption = typer.Option("symmetric", "--proximity", help="symmetric, asymmetric or continuous.")
ThresholdOption = typer.Option(1.0, "--rca-threshold", help="M_cp = 1 when RCA >= this (the Atlas uses 1).")
KnnOption = typer.Option(None, "--knn", help="Density from the K nearest products only (Stata knn()).")


def read_values_file(path: Path) -> pd.DataFrame:
    """A CSV or Parquet file of exporter, product, year, value_usd, validated (codes kept as text)."""
    from tradebridge.indicators.complexity import check_values

    suffix = "".join(path.suffixes[-2:]).lower()
    if not path.is_file():
        raise ConfigError(f"{path.name}: no such file; pass a store dataset name or an existing CSV/Parquet file")
    try:
        if suffix.endswith(".parquet"):
            frame = pd.read_parquet(path)
        elif suffix.endswith((".csv", ".csv.gz")):
            frame = pd.read_csv(path, dtype={"exporter": str, "product": str})
        else:
            raise ConfigError(f"{path.name}: unsupported file type; supported formats: .csv, .csv.gz, .parquet")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read the file ({exc})", file=path.name,
                        hint="write a comma-separated UTF-8 CSV or a Parquet file") from exc
    return check_values(frame, file=path.name)


def _values(data: str, store: Path | None) -> tuple[pd.DataFrame, str]:
    looks_like_file = any(data.lower().endswith(s) for s in (".csv", ".csv.gz", ".parquet")) or "/" in data
    if looks_like_file:
        path = Path(data)
        return read_values_file(path), path.name
    from tradebridge.indicators.opportunities import export_values
    from tradebridge.store import Store

    with Store.open(settings(store=store).store, read_only=True) as st:
        return export_values(st.ibis(), data), data


def complexity_command(
    data: str = DataOption, year: int = YearOption, method: str = MethodOption, proximity: str = ProximityOption,
    rca_threshold: float = ThresholdOption, knn: int = KnnOption,
    cells: bool = typer.Option(False, "--cells", help="Add the exporter × product cells (rca, mcp, density, cog)."),
    json_out: bool = JsonOption, store: Path = StoreOption,
) -> None:
    """ECI, PCI, COI, diversity and ubiquity (Stata ecomplexity's definitions) of every exporter and product.

    Example: tradebridge trade complexity --data world_exports_sitc4 --year 2000 --method fitness --json
    """
    from tradebridge.indicators.complexity import as_records, complexity

    values, label = _values(data, store)
    res = complexity(values, year=year, method=method, proximity=proximity, rca_threshold=rca_threshold, knn=knn)
    if json_out:
        print_json({"data": label, **as_records(res, cells=cells)})
        return
    top = res.countries.sort_values("eci", ascending=False).head(30)
    print_table(top.round(4).to_dict(orient="records"), title=res.summary())


def opportunities_command(
    exporter: str = typer.Option(..., "--exporter", help="Exporter ISO3 code."),
    market: str = typer.Option(None, "--market", help="Market ISO3 code (default: the reporter in settings)."),
    top: int = typer.Option(20, "--top", help="Products to list."),
    data: str = typer.Option(DEFAULT_DATA, "--data", help="Store dataset with product codes."),
    year: int = YearOption,
    density_quantile: float = typer.Option(0.5, "--density-quantile",
                                           help="Keep products whose density is at least this quantile of the exporter's."),
    json_out: bool = JsonOption, store: Path = StoreOption,
) -> None:
    """Products the exporter could add (high density, PCI above its ECI, positive COG), ranked by the
    market's import demand (actual imports when the store has them, else a stated proxy).

    Example: tradebridge trade opportunities --exporter CHL --market KOR --top 20 --json
    """
    from tradebridge.indicators.complexity import complexity
    from tradebridge.indicators.opportunities import (
        descriptions_for,
        export_values,
        import_demand,
        opportunities,
        residual_prefixes,
    )
    from tradebridge.store import Store

    s = settings(store=store)
    exporter, market = exporter.upper(), (market or s.reporter).upper()
    with Store.open(s.store, read_only=True) as st:
        con = st.ibis()
        values = export_values(con, data)
        res = complexity(values, year=year)
        y = res.years[-1]
        demand = import_demand(con, market, y, values)
        classification = values["classification"].iloc[0]
        table = opportunities(res, exporter, demand, year=y, top=top, density_quantile=density_quantile,
                              descriptions=descriptions_for(con, classification),
                              exclude=residual_prefixes(classification))
    if json_out:
        print_json({"exporter": exporter, "market": market, "data": data, "year": y,
                    "demand_basis": demand["basis"].iloc[0] if len(demand) else None,
                    "products": table.drop(columns=["basis"], errors="ignore")})
        return
    shown = table.drop(columns=["basis"], errors="ignore").assign(description=table["description"].str.slice(0, 40))
    print_table(shown.round(4).to_dict(orient="records"),
                title=f"{exporter} into {market}, {data} {y}: {demand['basis'].iloc[0] if len(demand) else ''}")


def register(app: typer.Typer) -> None:
    """Add the complexity commands to the ``trade`` group (the root ``app`` is not touched)."""
    from tradebridge.cli.trade import trade_app

    names = {c.name for c in trade_app.registered_commands}
    if "complexity" not in names:
        trade_app.command("complexity")(complexity_command)
        trade_app.command("opportunities")(opportunities_command)
