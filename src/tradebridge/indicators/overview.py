"""The trade overview of a reporter with partners and their bloc: flows, balances, growth and the
growth before/after each FTA. Works on any Ibis backend holding the store's tables.

>>> import ibis, pandas as pd
>>> con = ibis.duckdb.connect()
>>> _ = con.create_table("trade_flows", ibis.memtable(pd.DataFrame({"dataset": "demo",
...     "exporter": ["KOR", "CHL"] * 2, "importer": ["CHL", "KOR"] * 2, "year": [2000, 2000, 2004, 2004],
...     "classification": "TOTAL", "product": "TOTAL", "value_usd": [100.0, 50.0, 200.0, 40.0]})))
>>> ov = trade_overview(con, "KOR", "CHL", dataset="demo")
>>> ov.yearly[["year", "partner", "balance", "exports_growth"]].values.tolist()
[[2000, 'CHL', 50.0, nan], [2004, 'CHL', 160.0, 0.18920711500272103]]
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from tradebridge.config import DEFAULT_DATASET
from tradebridge.errors import DataError
from tradebridge.indicators._core import years_of
from tradebridge.indicators.flows import fta_agreements, fta_windows, trade_balance, with_bloc, with_growth
from tradebridge.reference.blocs import resolve_scope


def has_table(con: ibis.BaseBackend, name: str) -> bool:
    """Whether the backend has a table (``list_tables`` is avoided: it fails on ibis 12 + duckdb 2)."""
    try:
        con.table(name)
    except Exception:  # noqa: BLE001 - each backend raises its own "not found" type
        return False
    return True


def flows_table(con: ibis.BaseBackend, dataset: str, *, years: tuple[int, int] | None = None) -> ir.Table:
    """The ``trade_flows`` rows of one dataset (an error lists the datasets present otherwise)."""
    if not has_table(con, "trade_flows"):
        raise DataError("the store has no trade_flows table", hint="run `tradebridge data ingest --raw DIR` first")
    t = con.table("trade_flows")
    t = t.filter(t.dataset == dataset)
    if years is not None:
        t = t.filter(t.year.between(years[0], years[1]))
    if t.count().execute() == 0:
        all_flows = con.table("trade_flows")
        present = sorted(all_flows.select("dataset").distinct().to_pandas()["dataset"].tolist())
        raise DataError(f"no trade_flows rows for dataset {dataset!r}"
                        + (f" in {years[0]}-{years[1]}" if years else ""),
                        hint=f"use one of the datasets present: {', '.join(present) or 'none (ingest data first)'}")
    return t


@dataclass(frozen=True)
class TradeOverview:
    """Yearly flows per member and for the bloc, and growth before/after each FTA."""

    reporter: str
    partners: tuple[str, ...]
    bloc: str | None
    dataset: str
    yearly: pd.DataFrame
    windows: pd.DataFrame
    years: tuple[int, ...]
    window: int

    def to_frame(self) -> pd.DataFrame:
        """The yearly rows (the windows are in ``.windows``)."""
        return self.yearly.copy()

    def records(self) -> list[dict]:
        """Tidy JSON records of both parts, each with indicator, dataset and years used."""
        meta = {"datasets": [self.dataset], "reporter": self.reporter}
        rows = [{"indicator": "trade_balance", **meta, "years_used": list(self.years), **r}
                for r in self.yearly.to_dict(orient="records")]
        for r in self.windows.to_dict(orient="records"):
            used = [] if pd.isna(r.get("first_year")) else [int(r["first_year"]), int(r["last_year"])]
            rows.append({"indicator": "fta_window_growth", **meta, "years_used": used, **r})
        return rows

    def summary(self) -> str:
        """A short text summary: totals of the last year and the FTA windows found."""
        yrs = f"{self.years[0]}-{self.years[-1]}" if self.years else "none"
        head = (f"{self.reporter} with {self.bloc or ','.join(self.partners)} "
                f"({self.dataset}, years {yrs}, {len(self.years)} years present)")
        lines = [head]
        missing = self.yearly[self.yearly.exports.isna()]
        if not missing.empty:
            lines.append(f"missing partner-years: {len(missing)}")
        lines.append(f"FTA windows (±{self.window} years): {self.windows.agreement_id.nunique() if not self.windows.empty else 0} agreements")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return (f"<p>{html.escape(self.summary())}</p>" + self.yearly.to_html(index=False, na_rep="missing")
                + self.windows.to_html(index=False, na_rep="missing"))


def trade_overview(con: ibis.BaseBackend, reporter: str, partners: str, *, dataset: str = DEFAULT_DATASET,
                   years: tuple[int, int] | None = None, window: int = 8) -> TradeOverview:
    """Exports, imports, balance, share and growth per year for each partner and for the bloc, and
    the growth before/after each FTA of the reporter with a partner (from ``agreements``)."""
    reporter = reporter.upper()
    # a reporter that belongs to the bloc (Brazil in MERCOSUR) trades with the other members
    # resolve_scope refuses an empty partner list and one that names only the reporter (ConfigError)
    scope = resolve_scope(reporter, partners)
    members = scope.members  # validated codes, never the reporter itself
    label = scope.bloc or (None if len(members) == 1 else "PARTNERS")
    flows = flows_table(con, dataset, years=years)
    yearly = with_bloc(flows, reporter, members, label, years=years) if label else \
        trade_balance(flows, reporter, members, years=years).mutate(
            members_missing=ibis.literal(0).cast("int64"))
    yearly_t = with_growth(yearly)
    yearly_df = yearly_t.order_by(["partner", "year"]).to_pandas().reset_index(drop=True)
    windows = pd.DataFrame(columns=["partner", "agreement_id", "name", "entry_year", "period", "measure",
                                    "first_year", "last_year", "n_years", "v_first", "v_last", "cagr"])
    if has_table(con, "agreements") and has_table(con, "agreement_members"):
        ftas = fta_agreements(con.table("agreements"), con.table("agreement_members"), reporter, members)
        windows = fta_windows(trade_balance(flows, reporter, members, years=years), ftas, window=window)
        windows = windows.order_by(["partner", "agreement_id", "measure", ibis.desc("period")]).to_pandas()
    return TradeOverview(reporter=reporter, partners=members, bloc=label, dataset=dataset,
                         yearly=yearly_df, windows=windows.reset_index(drop=True),
                         years=years_of(yearly_df), window=window)
