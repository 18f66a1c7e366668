"""Readers for SDMX data messages (SDMX-CSV 1.0/2.0 and SDMX-JSON 1.0/2.0) used by the IMF and OECD.

Both return one row per observation: a column per dimension (ids as published), ``TIME_PERIOD``,
``OBS_VALUE`` (float) and the attributes present (``UNIT_MEASURE``, ``UNIT_MULT`` ...).

>>> text = "DATAFLOW,REF_AREA,FREQ,TIME_PERIOD,OBS_VALUE,UNIT_MULT\\nX:Y(1.0),KOR,A,2015,1.5,6\\n"
>>> parse_sdmx_csv(text)[["REF_AREA", "TIME_PERIOD", "OBS_VALUE", "UNIT_MULT"]].values.tolist()
[['KOR', '2015', 1.5, '6']]
>>> parse_period("2015"), parse_period("2015-M03"), parse_period("2015-03"), parse_period("2015-Q2")
((2015, None), (2015, 3), (2015, 3), (2015, None))
"""

from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd

from tradebridge.errors import SourceError

_STRUCTURE_COLS = {"DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION"}


def parse_sdmx_csv(text: str, *, source: str = "SDMX-CSV") -> pd.DataFrame:
    """Parse an SDMX-CSV message (``id`` or ``id: label`` headers; labels are dropped)."""
    if not text.strip():
        return pd.DataFrame(columns=["TIME_PERIOD", "OBS_VALUE"])
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise SourceError(f"{source}: not SDMX-CSV ({exc})") from None
    frame.columns = [str(c).split(":", 1)[0].strip() for c in frame.columns]
    for col in ("TIME_PERIOD", "OBS_VALUE"):
        if col not in frame.columns:
            raise SourceError(f"{source}: the reply has no {col} column (columns: {list(frame.columns)}); "
                              "ask for SDMX-CSV data, not structure")
    frame = frame.drop(columns=[c for c in frame.columns if c in _STRUCTURE_COLS])
    frame["OBS_VALUE"] = pd.to_numeric(frame["OBS_VALUE"].replace({"": None, "NaN": None}), errors="coerce")
    return frame


def parse_sdmx_json(message: dict[str, Any], *, source: str = "SDMX-JSON") -> pd.DataFrame:
    """Parse an SDMX-JSON data message (series- or flat observation layout) into long rows."""
    data = message.get("data", message)
    try:
        structure = data.get("structure") or data["structures"][0]
        datasets = data.get("dataSets", [])
    except (KeyError, IndexError, AttributeError):
        raise SourceError(f"{source}: not an SDMX-JSON data message") from None
    dims = structure["dimensions"]
    attrs = structure.get("attributes", {})
    series_dims = dims.get("series", [])
    obs_dims = dims.get("observation", [])
    series_attrs = attrs.get("series", [])
    obs_attrs = attrs.get("observation", [])
    rows: list[dict[str, Any]] = []

    def decode(defs: list[dict[str, Any]], key: str | list[int | None]) -> dict[str, Any]:
        idx = [int(k) for k in key.split(":")] if isinstance(key, str) else key
        out = {}
        for d, i in zip(defs, idx):
            if i is None:
                continue
            value = d["values"][i]
            out[d["id"]] = value.get("id", value.get("value"))
        return out

    for ds in datasets:
        if "series" in ds:
            for skey, series in ds["series"].items():
                base = decode(series_dims, skey) | decode(series_attrs, series.get("attributes", []))
                for okey, obs in series.get("observations", {}).items():
                    rows.append(base | decode(obs_dims, okey) | {"OBS_VALUE": obs[0]}
                                | decode(obs_attrs, obs[1:]))
        else:
            for okey, obs in ds.get("observations", {}).items():
                rows.append(decode(obs_dims, okey) | {"OBS_VALUE": obs[0]} | decode(obs_attrs, obs[1:]))
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=["TIME_PERIOD", "OBS_VALUE"])
    frame["OBS_VALUE"] = pd.to_numeric(frame["OBS_VALUE"], errors="coerce")
    return frame


def parse_period(period: str) -> tuple[int, int | None]:
    """(year, month) of an SDMX period: ``2015``, ``2015-M03``, ``2015-03``, ``2015M03``; quarters give no month."""
    text = str(period).strip()
    m = re.fullmatch(r"(\d{4})(?:-?M(\d{1,2})|-(\d{2}))?(?:-\d{2})?", text)
    if m:
        month = m.group(2) or m.group(3)
        return int(m.group(1)), int(month) if month else None
    m = re.fullmatch(r"(\d{4})-?[QS]\d", text)
    if m:
        return int(m.group(1)), None
    raise SourceError(f"unrecognised SDMX time period {period!r}")


def scale(frame: pd.DataFrame) -> pd.Series:
    """``OBS_VALUE * 10**UNIT_MULT`` (``UNIT_MULT`` missing or blank = 0)."""
    if "UNIT_MULT" not in frame.columns:
        return frame["OBS_VALUE"].astype(float)
    mult = pd.to_numeric(frame["UNIT_MULT"].replace({"": None}), errors="coerce").fillna(0)
    return frame["OBS_VALUE"].astype(float) * (10.0 ** mult)
