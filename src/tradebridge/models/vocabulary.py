"""The vocabulary of derived gravity variables: names a formula may use without the column existing.

A gravity formula is written in fixest syntax (``trade ~ log_dist + cntg | exp_year + imp_year``).
Every name that is not a column of the data is looked up in this small vocabulary and built once,
so specifications never need ad-hoc preparation code:

==========================  =====================================================================
name                        meaning
==========================  =====================================================================
``trade``                   alias of ``value_usd`` when the data has no ``trade`` column
``log_<col>``, ``ln_<col>`` natural log of column ``<col>`` (case-insensitive); zero or negative
                            values are an error, missing values stay missing
``pair_id``                 directed pair id ``exporter-importer``
``sym_pair_id``             symmetric pair id (i-j = j-i); domestic flows get their own ids
``pair_id_intl``            directed pair id, with all domestic flows (exporter = importer) in one
                            group, as in the Advanced Guide's panel applications
``sym_pair_id_intl``        symmetric pair id, all domestic flows in one group
``exp_year``, ``imp_year``  exporter-year and importer-year ids
``intl_brdr``               1 for international flows (exporter != importer), else 0
``intl_brdr_<yyyy>``        border-by-year dummy: ``intl_brdr`` times ``year == yyyy``
``<col>_lag<k>``            value of ``<col>`` for the same pair in ``year - k`` (0 when that year
                            is not in the data: a dummy is taken to be off before the panel starts)
``<col>_lead<k>``           value of ``<col>`` for the same pair in ``year + k`` (the current value
                            when that year is not in the data)
==========================  =====================================================================

>>> import pandas as pd
>>> df = pd.DataFrame({"exporter": ["A", "A", "A", "B"], "importer": ["B", "B", "B", "A"],
...                    "year": [2000, 2004, 2008, 2008], "dist": 100.0, "rta": [0, 1, 1, 1]})
>>> out = derive(df, ["log_dist", "rta_lag4", "sym_pair_id", "intl_brdr"])
>>> out["rta_lag4"].tolist(), out["sym_pair_id"].tolist()
([0.0, 0.0, 1.0, 0.0], ['A-B', 'A-B', 'A-B', 'A-B'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from tradebridge.errors import DataError, ModelError
from tradebridge.models.formula import parse_formula

_LOG = re.compile(r"^(?:log|ln)_(.+)$", re.IGNORECASE)
_LAG = re.compile(r"^(.+)_(lag|lead)(\d+)$", re.IGNORECASE)
_BRDR_YEAR = re.compile(r"^intl_brdr_(\d{4})$", re.IGNORECASE)

VOCABULARY: tuple[str, ...] = (
    "trade",
    "log_<col>",
    "ln_<col>",
    "pair_id",
    "sym_pair_id",
    "pair_id_intl",
    "sym_pair_id_intl",
    "exp_year",
    "imp_year",
    "intl_brdr",
    "intl_brdr_<yyyy>",
    "<col>_lag<k>",
    "<col>_lead<k>",
)


def formula_names(formula: str) -> list[str]:
    """The variable names a fixest formula refers to, read from its parsed tree
    (:func:`tradebridge.models.formula.parse_formula`; an invalid formula is a ModelError).

    >>> formula_names("trade ~ log_dist + cntg | exp_year + imp_year")
    ['trade', 'log_dist', 'cntg', 'exp_year', 'imp_year']
    """
    return list(parse_formula(formula).names)


def _find_column(frame: pd.DataFrame, name: str) -> str | None:
    if name in frame.columns:
        return name
    lowered = {str(c).lower(): c for c in frame.columns}
    return lowered.get(name.lower())


def _require(frame: pd.DataFrame, columns: Iterable[str], for_name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"cannot build {for_name!r}: the data lacks column(s) {', '.join(missing)}",
            hint="add the columns or use a name from the vocabulary: " + ", ".join(VOCABULARY),
        )


def _pair_key(frame: pd.DataFrame, symmetric: bool, pool_domestic: bool) -> pd.Series:
    exp = frame["exporter"].astype(str)
    imp = frame["importer"].astype(str)
    if symmetric:
        lo = np.where(exp <= imp, exp, imp)
        hi = np.where(exp <= imp, imp, exp)
        key = pd.Series(lo, index=frame.index) + "-" + pd.Series(hi, index=frame.index)
    else:
        key = exp + "-" + imp
    if pool_domestic:
        key = key.where(exp != imp, "DOMESTIC")
    return key


def _shifted(frame: pd.DataFrame, base: str, kind: str, k: int) -> pd.Series:
    _require(frame, ["exporter", "importer", "year"], f"{base}_{kind}{k}")
    years = frame["year"].astype(int)
    lookup = pd.Series(
        frame[base].to_numpy(),
        index=pd.MultiIndex.from_arrays([frame["exporter"], frame["importer"], years]),
    )
    lookup = lookup[~lookup.index.duplicated()]
    target_year = years - k if kind == "lag" else years + k
    keys = pd.MultiIndex.from_arrays([frame["exporter"], frame["importer"], target_year])
    values = pd.Series(lookup.reindex(keys).to_numpy(), index=frame.index)
    return values.fillna(0) if kind == "lag" else values.fillna(frame[base])


def build_variable(frame: pd.DataFrame, name: str) -> pd.Series:
    """Build one vocabulary variable for ``frame`` (an error lists the vocabulary if unknown)."""
    key = name.lower()
    if key == "trade":
        _require(frame, ["value_usd"], name)
        return frame["value_usd"].astype(float)
    if key in {"pair_id", "sym_pair_id", "pair_id_intl", "sym_pair_id_intl"}:
        _require(frame, ["exporter", "importer"], name)
        return _pair_key(frame, symmetric=key.startswith("sym"), pool_domestic=key.endswith("_intl"))
    if key in {"exp_year", "imp_year"}:
        side = "exporter" if key == "exp_year" else "importer"
        _require(frame, [side, "year"], name)
        return frame[side].astype(str) + "-" + frame["year"].astype(int).astype(str)
    if key == "intl_brdr":
        _require(frame, ["exporter", "importer"], name)
        return (frame["exporter"] != frame["importer"]).astype(int)
    if m := _BRDR_YEAR.match(name):
        _require(frame, ["exporter", "importer", "year"], name)
        return ((frame["exporter"] != frame["importer"]) & (frame["year"].astype(int) == int(m.group(1)))).astype(int)
    if m := _LOG.match(name):
        col = _find_column(frame, m.group(1))
        if col is None:
            _require(frame, [m.group(1)], name)
        values = frame[col].astype(float)
        bad = frame.index[values <= 0]
        if len(bad):
            raise DataError(
                f"cannot take the log of {col!r}: {len(bad)} values are zero or negative",
                column=col, rows=list(bad[:10]), hint=f"filter them with --where \"{col} > 0\"",
            )
        return np.log(values)
    if m := _LAG.match(name):
        col = _find_column(frame, m.group(1))
        if col is None:
            _require(frame, [m.group(1)], name)
        return _shifted(frame, col, m.group(2).lower(), int(m.group(3)))
    raise ModelError(
        f"unknown variable {name!r}: it is not a column of the data nor in the vocabulary "
        f"({', '.join(VOCABULARY)})"
    )


def derive(frame: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """A copy of ``frame`` with every missing name in ``names`` built from the vocabulary."""
    out = frame.copy()
    for name in names:
        if name in out.columns:
            continue
        out[name] = build_variable(out, name)
    return out
