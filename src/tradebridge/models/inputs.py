"""Model inputs: a gravity frame from a warehouse dataset or from a CSV / Parquet / Stata file.

This is the models' only reading code (the estimators themselves take frames); the warehouse is read
through the Ibis expressions of :mod:`tradebridge.indicators.evidence_inputs`. A *dataset* is read
from the warehouse: ``trade_flows`` of that dataset (``trade`` = ``value_usd``), joined with its
``rta_flags`` (``rta``, ``agreement_id``) and with ``pair_covariates`` (the dataset's own, else
CEPII's ``cepii_dist``: ``dist``, ``contig``, ``comlang_off``, ``colony``, ...). A *file* is read
as it is; the penppml Comtrade file's columns (``exp, imp, time, export, id``) are renamed to
``exporter, importer, year, value_usd, agreement_id``.

>>> import pandas as pd
>>> standardise(pd.DataFrame({"exp": ["KOR"], "imp": ["CHL"], "time": [2008], "export": [3.0e9], "id": [88]})).columns.tolist()
['exporter', 'importer', 'year', 'value_usd', 'agreement_id', 'trade']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.errors import DataError

_PENPPML = {"exp": "exporter", "imp": "importer", "time": "year", "export": "value_usd", "id": "agreement_id"}


def standardise(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename known source layouts to exporter/importer/year/value_usd; add ``trade`` if missing."""
    out = frame
    if {"exp", "imp", "time", "export"} <= set(out.columns):
        out = out.rename(columns=_PENPPML)
    if "year" in out.columns and out["year"].notna().all():
        out = out.assign(year=out["year"].astype(int))
    if "trade" not in out.columns and "value_usd" in out.columns:
        out = out.assign(trade=out["value_usd"].astype(float))
    return out


def read_file(path: Path) -> pd.DataFrame:
    """Read a CSV (optionally gzipped), Parquet or Stata file into a standardised frame."""
    name = path.name.lower()
    try:
        if name.endswith((".csv", ".csv.gz", ".dlm", ".txt")):
            delimited = name.endswith((".dlm", ".txt"))
            frame = pd.read_csv(path, sep=None if delimited else ",", engine="python" if delimited else "c",
                                dtype={"product": str})  # HS codes keep their leading zeros
        elif name.endswith((".parquet", ".pq")):
            frame = pd.read_parquet(path)
        elif name.endswith(".dta"):
            frame = pd.read_stata(path)
        else:
            raise DataError(f"{path}: unknown file type", hint="use a .csv, .csv.gz, .parquet or .dta file")
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read ({exc})", hint="check the file and its format") from exc
    return standardise(frame)


def read_dataset(dataset: str, store_path: Path) -> pd.DataFrame:
    """A gravity frame for a warehouse dataset (trade flows + agreement flags + pair covariates)."""
    from tradebridge.indicators import evidence_inputs as q
    from tradebridge.store import Store

    with Store.open(store_path, read_only=True) as st:
        flows = st.table("trade_flows", dataset=dataset)
        if flows["product"].nunique() > 1:
            flows = flows.groupby(["exporter", "importer", "year"], as_index=False)["value_usd"].sum()
        else:
            flows = flows[["exporter", "importer", "year", "value_usd"]]
        tables, con = st.tables(), st.ibis()
        if "rta_flags" in tables:
            flags = q.rta_flags(con, dataset).to_pandas()
            if not flags.empty:
                flows = flows.merge(flags.drop_duplicates(["exporter", "importer", "year"]),
                                    on=["exporter", "importer", "year"], how="left")
                flows["rta"] = flows["rta"].fillna(0).astype(int)
        if "pair_covariates" in tables:
            cov = q.pair_covariates(con, dataset).to_pandas()
            if not cov.empty:
                cov = cov.drop_duplicates(["exporter", "importer"]).dropna(axis=1, how="all")
                flows = flows.merge(cov, on=["exporter", "importer"], how="left")
    return standardise(flows)


def load_gravity_data(source: str, *, store_path: Path | None = None) -> pd.DataFrame:
    """``source`` is a file path (CSV/Parquet/.dta) or the name of a warehouse dataset."""
    path = Path(source).expanduser()
    if path.is_file():
        return read_file(path)
    if path.suffix or "/" in source:
        raise DataError(f"no such file {source!r}", hint="give an existing file or a dataset name (see `tradebridge data status`)")
    if store_path is None:
        raise DataError(f"{source!r} is not a file and no warehouse was given", hint="pass --store PATH")
    return read_dataset(source, store_path)


def agreement_dates(store_path: Path | None = None) -> dict[str, pd.Timestamp]:
    """Entry-into-force dates by curated agreement id (``A-B-KIND``): the warehouse's ``agreements``
    table when it has them, else the curated timeline in :mod:`tradebridge.reference.timeline`."""
    from tradebridge.reference.timeline import in_force_dates

    dates = dict(in_force_dates())
    if store_path is not None and Path(store_path).is_file():
        from tradebridge.indicators import evidence_inputs as q
        from tradebridge.store import Store

        with Store.open(store_path, read_only=True) as st:
            if "agreements" in st.tables():
                rows = q.in_force_dates(st.ibis()).to_pandas()
                for r in rows.itertuples(index=False):
                    dates[str(r.agreement_id)] = pd.Timestamp(r.in_force)
    return dates


def read_fx(source: str | None, store_path: Path | None) -> pd.DataFrame:
    """Annual FX rates as ``country, year, fx_lcu_per_usd``: from a CSV/Parquet file with those
    columns (``value`` accepted for the rate), or from the warehouse's ``macro`` table (IMF annual)."""
    if source:
        path = Path(source).expanduser()
        if not path.is_file():
            raise DataError(f"no such FX file {source!r}", hint="omit --fx to use the warehouse's IMF rates")
        frame = pd.read_parquet(path) if path.suffix in {".parquet", ".pq"} else pd.read_csv(path)
    else:
        if store_path is None:
            raise DataError("no FX source", hint="pass --fx FILE or --store PATH")
        from tradebridge.indicators import evidence_inputs as q
        from tradebridge.store import Store

        with Store.open(store_path, read_only=True) as st:
            frame = q.fx_rates(st.ibis()).to_pandas()
    if "fx_lcu_per_usd" not in frame.columns:
        if "value" not in frame.columns:
            raise DataError("FX data needs columns country, year and fx_lcu_per_usd (or value)")
        frame = frame.rename(columns={"value": "fx_lcu_per_usd"})
    frame = frame[["country", "year", "fx_lcu_per_usd"]].dropna()
    return frame.assign(year=frame["year"].astype(int))
