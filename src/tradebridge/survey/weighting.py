"""Weights: base design weights, post-stratification and raking to known population margins.

:func:`post_stratify` and :func:`rake` follow R's ``postStratify`` and ``rake`` (iterative
proportional fitting, ``maxit=10``, stop when no cell of the joint sample table moves by
``epsilon`` = 1 weighted unit) and record the calibration so that the variances use the calibration
residuals, as ``survey`` does. Populations are frames with the grouping column(s) and ``Freq``.

>>> import pandas as pd
>>> from tradebridge.survey.design import survey_design
>>> df = pd.DataFrame({"sex": ["f", "f", "m"], "y": [1.0, 2.0, 3.0]})
>>> d = post_stratify(survey_design(df), "sex", pd.DataFrame({"sex": ["f", "m"], "Freq": [50, 50]}))
>>> d.weights.tolist()
[25.0, 25.0, 50.0]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from tradebridge.errors import DataError
from tradebridge.survey.design import Calibration, SurveyDesign


def _as_list(x: str | Sequence[str]) -> list[str]:
    return [x] if isinstance(x, str) else list(x)


class RakingWarning(UserWarning):
    """Raking stopped at ``maxit`` before the weighted margins converged."""


def _population_frame(population: pd.DataFrame | Mapping, cols: list[str]) -> pd.DataFrame:
    if isinstance(population, Mapping):
        if len(cols) != 1:
            raise DataError("a mapping population works for one grouping column only",
                            hint="pass a DataFrame with the grouping columns and Freq")
        population = pd.DataFrame({cols[0]: list(population), "Freq": list(population.values())})
    missing = [c for c in cols + ["Freq"] if c not in population.columns]
    if missing:
        raise DataError(f"population table lacks column(s) {', '.join(missing)}",
                        hint=f"give columns {', '.join(cols)} and Freq (population counts)")
    return population[cols + ["Freq"]].copy()


def base_weights(sample: pd.DataFrame, population: pd.DataFrame | Mapping, by: str | Sequence[str]) -> np.ndarray:
    """Design weights N_h / n_h for a sample stratified by ``by`` (equal probability within strata).

    >>> import pandas as pd
    >>> base_weights(pd.DataFrame({"c": ["CHL", "CHL", "PER"]}), {"CHL": 100, "PER": 30}, "c").tolist()
    [50.0, 50.0, 30.0]
    """
    cols = _as_list(by)
    pop = _population_frame(population, cols)
    n_h = sample.groupby(cols, dropna=False).size().rename("n").reset_index()
    merged = sample[cols].merge(n_h, on=cols, how="left").merge(pop, on=cols, how="left")
    if merged["Freq"].isna().any():
        rows = np.flatnonzero(merged["Freq"].isna().to_numpy()).tolist()
        raise DataError("sample strata absent from the population table", column=",".join(cols), rows=rows,
                        hint="add those strata to the population counts")
    return (merged["Freq"] / merged["n"]).to_numpy(float)


def _post_step(design: SurveyDesign, cols: list[str], pop: pd.DataFrame, partial: bool) -> tuple[np.ndarray, np.ndarray]:
    data = design.data
    for c in cols:
        if c not in data.columns:
            raise DataError(f"post-stratification variable {c!r} not in the data")
        if data[c].isna().any():
            raise DataError("missing values in a post-stratification variable", column=c,
                            rows=np.flatnonzero(data[c].isna().to_numpy()).tolist(),
                            hint="impute or drop those responses before weighting")
    key = data[cols].astype(str).agg("\x1f".join, axis=1) if len(cols) > 1 else data[cols[0]].astype(str)
    pkey = pop[cols].astype(str).agg("\x1f".join, axis=1) if len(cols) > 1 else pop[cols[0]].astype(str)
    sample_tot = pd.Series(design.weights).groupby(key.to_numpy()).sum()
    pop_tot = pd.Series(pop["Freq"].to_numpy(float), index=pkey.to_numpy()).groupby(level=0).sum()
    only_sample = [k for k in sample_tot.index if sample_tot[k] > 0 and pop_tot.get(k, 0) == 0]
    if only_sample:
        raise DataError(f"strata in the sample but not in the population: {only_sample[:5]}",
                        hint="add them to the population table")
    only_pop = [k for k in pop_tot.index if pop_tot[k] > 0 and sample_tot.get(k, 0) == 0]
    if only_pop and not partial:
        raise DataError(f"population strata with no sample weight: {only_pop[:5]}",
                        hint="collapse strata or pass partial=True to ignore them")
    reweight = (pop_tot / sample_tot).reindex(key.to_numpy()).to_numpy(float)
    codes = pd.factorize(key, sort=True)[0].astype(np.int64)
    return design.weights * reweight, codes


def post_stratify(design: SurveyDesign, strata: str | Sequence[str], population: pd.DataFrame | Mapping,
                  *, partial: bool = False) -> SurveyDesign:
    """Post-stratify the weights so they sum to the population count of each cell (``postStratify``)."""
    cols = _as_list(strata)
    pop = _population_frame(population, cols)
    new_w, codes = _post_step(design, cols, pop, partial)
    cal = Calibration("post", (codes,), (new_w,), design.weights.copy())
    return design.with_weights(new_w, cal)


def rake(design: SurveyDesign, margins: Sequence[tuple[str | Sequence[str], pd.DataFrame | Mapping]],
         *, maxit: int = 10, epsilon: float = 1.0) -> SurveyDesign:
    """Rake the weights to several population margins by iterative proportional fitting (``rake``).

    ``margins`` is a list of ``(columns, population)``. ``epsilon`` < 1 is relative to the weight
    total, as in R. Warns (:class:`RakingWarning`) when raking does not converge within ``maxit``.
    """
    if not margins:
        raise DataError("rake needs at least one margin", hint="pass [(column, population), ...]")
    specs = [(_as_list(c), _population_frame(p, _as_list(c))) for c, p in margins]
    eps = epsilon * design.weights.sum() if epsilon < 1 else epsilon
    all_cols = list(dict.fromkeys(c for cols, _ in specs for c in cols))
    cell = design.data.groupby(all_cols, sort=True, dropna=False).ngroup().to_numpy(np.int64)
    ncell = int(cell.max()) + 1

    def table(w: np.ndarray) -> np.ndarray:
        return np.bincount(cell, weights=w, minlength=ncell)

    old = table(design.weights)
    w = design.weights
    converged = False
    for _ in range(maxit):
        w = design.weights
        groups, weights = [], []
        for cols, pop in specs:
            tmp = design.with_weights(w)
            w, codes = _post_step(tmp, cols, pop, False)
            groups.append(codes)
            weights.append(w)
        new = table(w)
        if np.max(np.abs(old - new)) < eps:
            converged = True
            break
        old = new
        design = _replace_weights(design, w)
    if not converged:
        warnings.warn(f"raking did not converge after {maxit} iterations; check that the margins are "
                      "consistent (same total) or raise maxit", RakingWarning, stacklevel=2)
    cal = Calibration("rake", tuple(groups), tuple(weights))
    return design.with_weights(w, cal)


def _replace_weights(design: SurveyDesign, w: np.ndarray) -> SurveyDesign:
    return replace(design, weights=np.asarray(w, float))
