"""Complex survey designs and Taylor-linearised variances, following R's ``survey`` package (Lumley).

:func:`survey_design` is ``svydesign``: cluster ids per stage (``ids=["dnum", "snum"]``), strata,
weights (or weights implied by ``fpc``), finite-population corrections (population sizes, or
sampling fractions when all are <= 1) and ``nest``. The variance of an estimator is computed from its
linearised (influence) values with the same recursive multistage formula as ``survey:::svyrecvar``:
cluster totals are centred within strata, scaled by ``(1 - n_h/N_h) n_h/(n_h - 1)``, and later stages
add their within-PSU variance multiplied by the earlier stage's sampling fraction. Post-stratified and
raked designs remove the calibration residuals first, exactly as R does.

Rows are never dropped from a design: domains and missing values get zero influence, so the
number of PSUs per stratum always refers to the full sample (R's ``subset`` semantics).

>>> import pandas as pd
>>> df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0], "h": ["a", "a", "b", "b"], "w": [2.0, 2.0, 3.0, 3.0]})
>>> d = survey_design(df, strata="h", weights="w")
>>> d.n, float(d.weights.sum())
(4, 10.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

import numpy as np
import pandas as pd

from tradebridge.errors import DataError, ModelError, check_option

LonelyPSU = Literal["fail", "remove", "certainty"]
LONELY_PSU: tuple[str, ...] = get_args(LonelyPSU)


@dataclass(frozen=True)
class Stage:
    """One sampling stage: nested cluster and stratum codes, PSUs per stratum, population sizes."""

    cluster: np.ndarray  # int codes, unique across the whole sample (nested in earlier stages)
    stratum: np.ndarray  # int codes, nested in earlier-stage clusters
    npsu: np.ndarray  # per row: sampled clusters in the row's stratum at this stage
    popsize: np.ndarray | None  # per row: population clusters in the stratum (None: no fpc)


@dataclass(frozen=True)
class Calibration:
    """A post-stratification (one factor) or raking (several margins) step, kept for variances."""

    kind: Literal["post", "rake"]
    groups: tuple[np.ndarray, ...]  # int codes per margin
    weights: tuple[np.ndarray, ...]  # weights after each margin's adjustment
    oldweights: np.ndarray | None = None  # weights before (post-stratification only)


@dataclass(frozen=True)
class SurveyDesign:
    """An immutable survey design over a frame. Build with :func:`survey_design`."""

    data: pd.DataFrame
    weights: np.ndarray
    stages: tuple[Stage, ...]
    calibrations: tuple[Calibration, ...] = ()
    lonely_psu: str = "fail"
    description: str = ""
    strata_columns: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n(self) -> int:
        return len(self.data)

    @property
    def degf(self) -> int:
        """Design degrees of freedom: PSUs minus strata at the first stage."""
        s = self.stages[0]
        return int(len(np.unique(s.cluster)) - len(np.unique(s.stratum)))

    def with_weights(self, weights: np.ndarray, calibration: Calibration | None = None) -> SurveyDesign:
        cals = self.calibrations + ((calibration,) if calibration is not None else ())
        return replace(self, weights=np.asarray(weights, dtype=float), calibrations=cals)

    def variance(self, x: np.ndarray) -> np.ndarray:
        """Covariance matrix (p x p) of the totals of the columns of ``x`` (n x p, already weighted)."""
        return linearized_variance(self, x)

    def summary(self) -> str:
        s = self.stages[0]
        return (f"Survey design ({self.description or 'custom'}): {self.n} observations, "
                f"{len(self.stages)} stage(s), {len(np.unique(s.stratum))} strata, "
                f"{len(np.unique(s.cluster))} PSUs, sum of weights {self.weights.sum():,.4g}")

    def __repr__(self) -> str:
        return self.summary()


def _codes(frame: pd.DataFrame, cols: Sequence[str]) -> np.ndarray:
    if not cols:
        return np.zeros(len(frame), dtype=np.int64)
    if len(cols) == 1:
        return pd.factorize(frame[cols[0]], sort=True)[0].astype(np.int64)
    return frame.groupby(list(cols), sort=True, dropna=False).ngroup().to_numpy(np.int64)


def _as_list(x: str | Sequence[str] | None) -> list[str]:
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


def _count_per_group(cluster: np.ndarray, stratum: np.ndarray) -> np.ndarray:
    pairs = pd.DataFrame({"h": stratum, "c": cluster}).drop_duplicates()
    counts = pairs.groupby("h").size()
    return counts.reindex(stratum).to_numpy(np.int64)


def survey_design(
    data: pd.DataFrame,
    *,
    ids: str | Sequence[str] | None = None,
    strata: str | Sequence[str] | None = None,
    weights: str | None = None,
    fpc: str | Sequence[str] | None = None,
    nest: bool = False,
    lonely_psu: LonelyPSU = "fail",
) -> SurveyDesign:
    """A stratified, clustered (multistage) design; the arguments mirror R's ``svydesign``.

    ``ids`` are the cluster columns per stage (none: every row is its own PSU); ``strata`` one column
    per stage (or one for the first stage); ``fpc`` population sizes (or sampling fractions) per stage.
    Without ``weights`` the weights are the product of ``popsize/sampsize`` over stages, or 1.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "y": [1., 2., 3., 4., 5., 6.], "N": [10] * 6})
    >>> d = survey_design(df, ids="psu", fpc="N")
    >>> float(d.weights[0])   # 10 PSUs in the population, 3 sampled
    3.3333333333333335
    """
    check_option("lonely_psu", lonely_psu, LONELY_PSU)
    if not isinstance(data, pd.DataFrame) or data.empty:
        raise DataError("a survey design needs a non-empty data frame", hint="pass the responses as a DataFrame")
    data = data.reset_index(drop=True)
    id_cols, strata_cols, fpc_cols = _as_list(ids), _as_list(strata), _as_list(fpc)
    for col in id_cols + strata_cols + fpc_cols + _as_list(weights):
        if col not in data.columns:
            raise DataError(f"design column {col!r} not in the data", hint=f"use one of {', '.join(map(str, data.columns[:20]))}")
        if data[col].isna().any():
            rows = np.flatnonzero(data[col].isna().to_numpy())
            raise DataError("missing values in a design variable", column=col, rows=rows.tolist(),
                            hint="design variables (ids, strata, weights, fpc) must be complete")
    n_stages = max(len(id_cols), 1)
    if fpc_cols and len(fpc_cols) != n_stages:
        raise DataError(f"{len(fpc_cols)} fpc column(s) for {n_stages} stage(s)",
                        hint="give one fpc column per stage, or none")
    if len(strata_cols) > n_stages:
        raise DataError("more strata columns than stages", hint="give at most one strata column per stage")
    n = len(data)
    clusters: list[np.ndarray] = []
    stratas: list[np.ndarray] = []
    for k in range(n_stages):
        cl_cols = id_cols[: k + 1] if id_cols else []
        if nest and strata_cols:
            cl_cols = strata_cols[: min(k + 1, len(strata_cols))] + cl_cols
        cl = _codes(data, cl_cols) if id_cols else np.arange(n, dtype=np.int64)
        clusters.append(cl)
    for k in range(n_stages):
        st = _codes(data, [strata_cols[k]]) if k < len(strata_cols) else np.zeros(n, dtype=np.int64)
        if k > 0:  # strata nested within earlier-stage clusters
            st = pd.DataFrame({"s": st, "c": clusters[k - 1]}).groupby(["s", "c"], sort=True).ngroup().to_numpy(np.int64)
        stratas.append(st)
    if strata_cols and id_cols and not nest:
        per = pd.DataFrame({"c": clusters[0], "h": stratas[0]}).drop_duplicates().groupby("c").size()
        if (per > 1).any():
            raise DataError("clusters are not nested in strata at the first stage",
                            hint="pass nest=True when cluster ids repeat across strata")
    stages = []
    pop_all: list[np.ndarray] = []
    samp_all: list[np.ndarray] = []
    if fpc_cols:
        raw = data[fpc_cols].to_numpy(float)
        is_pop = (raw > 1).any()
        if is_pop and not (raw >= 1).all():
            raise DataError("fpc mixes population sizes (>1) and sampling fractions (<1)",
                            hint="give all fpc as population sizes or all as fractions")
    for k in range(n_stages):
        npsu = _count_per_group(clusters[k], stratas[k])
        samp_all.append(npsu)
        popsize = None
        if fpc_cols:
            col = raw[:, k]
            popsize = col if is_pop else npsu / col
            if (popsize < npsu - 1e-9).any():
                raise DataError(f"fpc implies more than 100% sampling at stage {k + 1}", column=fpc_cols[k],
                                rows=np.flatnonzero(popsize < npsu - 1e-9).tolist(),
                                hint="fpc must be the population number of PSUs in the stratum")
            pop_all.append(popsize)
        stages.append(Stage(clusters[k], stratas[k], npsu, popsize))
    if weights is not None:
        w = data[weights].to_numpy(float)
        if (w < 0).any() or not np.isfinite(w).all():
            raise DataError("weights must be finite and non-negative", column=weights,
                            rows=np.flatnonzero(~(w >= 0)).tolist(), hint="fix the weight column")
    elif pop_all:
        w = np.prod([p / s for p, s in zip(pop_all, samp_all, strict=True)], axis=0)
    else:
        w = np.ones(n)
    desc = "ids=" + ("+".join(id_cols) or "1") + (f", strata={'+'.join(strata_cols)}" if strata_cols else "")
    desc += f", fpc={'+'.join(fpc_cols)}" if fpc_cols else ""
    return SurveyDesign(data, np.asarray(w, float), tuple(stages), (), lonely_psu, desc, tuple(strata_cols))


# -------------------------------------------------------------------------------------------- variance


def _group_sums(codes: np.ndarray, x: np.ndarray, size: int) -> np.ndarray:
    out = np.empty((size, x.shape[1]))
    for j in range(x.shape[1]):
        out[:, j] = np.bincount(codes, weights=x[:, j], minlength=size)
    return out


def _residualise(design: SurveyDesign, x: np.ndarray) -> np.ndarray:
    for cal in design.calibrations:
        if cal.kind == "rake":
            for _ in range(10):  # survey:::svyrecvar sweeps the raking margins 10 times
                for g, psw in zip(cal.groups, cal.weights, strict=True):
                    size = int(g.max()) + 1
                    ratio = x / psw[:, None]
                    sums = _group_sums(g, ratio, size)
                    counts = np.bincount(g, minlength=size).astype(float)
                    x = x - psw[:, None] * (sums / counts[:, None])[g]
        else:
            g, psw = cal.groups[0], cal.weights[0].copy()
            oldw = cal.oldweights if cal.oldweights is not None else np.ones_like(psw)
            psw[(psw == 0) & (oldw == 0)] = 1.0
            size = int(g.max()) + 1
            sums = _group_sums(g, x * (oldw / psw)[:, None], size)
            den = np.bincount(g, weights=oldw, minlength=size)
            x = x - (sums / den[:, None])[g] * psw[:, None]
    return x


def _first_rows(codes: np.ndarray, size: int) -> np.ndarray:
    """Index of the first row of each code (codes are dense 0..size-1)."""
    first = np.empty(size, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return first


def _stage_variance(stage: Stage, x: np.ndarray, mult: np.ndarray, lonely: str, k: int) -> np.ndarray:
    """Sum over strata of scale_h * sum_c (t_c - mean_h)(t_c - mean_h)' (survey:::onestrat)."""
    n_cl = int(stage.cluster.max()) + 1
    first = _first_rows(stage.cluster, n_cl)
    totals = _group_sums(stage.cluster, x, n_cl)
    h_index = stage.stratum[first]
    n_h = int(stage.stratum.max()) + 1
    npsu = stage.npsu[first].astype(float)
    if stage.popsize is None:
        f = np.ones(n_cl)
    else:
        pop = stage.popsize[first]
        f = np.where(np.isinf(pop), 1.0, (pop - npsu) / pop)
    mult_c = mult[first]
    nh = np.bincount(h_index, minlength=n_h).astype(float)
    census = np.bincount(h_index, weights=(f >= 1e-7).astype(float), minlength=n_h) == 0  # all(f < 1e-7)
    lonely_h = (nh == 1) & ~census
    if lonely_h.any() and lonely == "fail":
        raise ModelError(f"a stratum has only one PSU at stage {k + 1}; "
                         "pass lonely_psu='certainty' or 'remove' to survey_design, or merge strata")
    means = _group_sums(h_index, totals, n_h) / np.maximum(nh, 1)[:, None]
    dev = totals - means[h_index]
    scale = np.where(npsu > 1, f * npsu / np.maximum(npsu - 1, 1), f) * mult_c
    scale[census[h_index]] = 0.0
    return (dev * scale[:, None]).T @ dev


def linearized_variance(design: SurveyDesign, x: np.ndarray) -> np.ndarray:
    """Covariance of estimated totals of ``x`` columns (``x`` already multiplied by the weights)."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    x = _residualise(design, x)
    mult = np.ones(design.n)
    v = np.zeros((x.shape[1], x.shape[1]))
    for k, stage in enumerate(design.stages):
        v += _stage_variance(stage, x, mult, design.lonely_psu, k)
        if stage.popsize is None or k + 1 >= len(design.stages):
            break
        mult = mult * stage.npsu / stage.popsize
    return v
