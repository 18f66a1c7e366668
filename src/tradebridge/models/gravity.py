"""Structural gravity estimation: PPML (or OLS) with high-dimensional fixed effects through pyfixest.

The formula is fixest's: ``y ~ x1 + x2 | fe1 + fe2``. Names that are not columns are built from the
vocabulary in :mod:`tradebridge.models.vocabulary` (``log_dist``, ``exp_year``, ``rta_lag4``, ...).
Estimation is pyfixest's ``fepois`` / ``feols``; this module prepares the data, drops the
observations that are separated (found by :mod:`tradebridge.models.separation`, ppmlhdfe's method,
before the fit), chooses the covariance and records what was dropped (missing values, separation,
singletons) and whether the fit converged (IWLS criterion met, finite estimates and SEs).

Standard errors: ``small_sample="stata"`` reproduces Stata's ``ppml`` (Santos Silva & Tenreyro)
"semirobust" errors, i.e. heteroskedasticity-robust without the ``(n-1)/(n-k)`` factor that
pyfixest applies by default (pyfixest counts the fixed effects in ``k``); with a cluster it keeps
the ``G/(G-1)`` factor as Stata does. ``small_sample="fixest"`` keeps pyfixest's (and R fixest's)
defaults.

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> n = 400
>>> df = pd.DataFrame({"exporter": rng.choice(list("ABCDEFGH"), n), "importer": rng.choice(list("ABCDEFGH"), n),
...                    "dist": rng.uniform(1, 10, n)})
>>> df["trade"] = rng.poisson(np.exp(3 - 0.8 * np.log(df["dist"])))
>>> res = estimate_gravity(df, "trade ~ log_dist | exporter + importer")
>>> round(float(res.coefficient("log_dist")), 1)
-0.8
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from tradebridge._display import ResultViews
from tradebridge.errors import DataError, ModelError, check_option
from tradebridge.models.formula import check_name, filter_mask, parse_formula
from tradebridge.models.separation import (
    DEFAULT_METHODS,
    SEPARATION_METHODS,
    SeparationMethod,
    SeparationResult,
    SeparationWarning,
    design_arrays,
    find_separation,
)
from tradebridge.models.vocabulary import build_variable, derive, formula_names

Estimator = Literal["ppml", "ols"]
SmallSample = Literal["stata", "fixest"]
Separation = SeparationMethod
ESTIMATORS: tuple[str, ...] = get_args(Estimator)
SMALL_SAMPLE: tuple[str, ...] = get_args(SmallSample)


class ConvergenceWarning(UserWarning):
    """A fit did not converge (iteration limit, non-finite deviance, estimates or standard errors)."""


@dataclass(frozen=True, eq=False)
class GravityResult(ResultViews):
    """An estimated gravity equation.

    ``coefficients`` has one row per regressor (term, estimate, se, z, p, ci_low, ci_high);
    ``fitted`` holds the fitted mean for every input row (NaN for dropped rows);
    ``separated_rows`` the index labels of the rows dropped because of separation.
    """

    formula: str
    estimator: str
    vcov: str
    coefficients: pd.DataFrame
    nobs: int
    nobs_input: int
    dropped: dict[str, int]
    converged: bool
    notes: tuple[str, ...] = ()
    fitted: pd.Series = field(default_factory=lambda: pd.Series(dtype=float), repr=False)
    covariance: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    model: Any = field(default=None, repr=False)
    separated_rows: tuple[Any, ...] = field(default=(), repr=False)
    separation_by_method: dict[str, int] = field(default_factory=dict, repr=False)

    title = "Gravity estimation"

    def coefficient(self, term: str) -> float:
        """The estimate of ``term`` (error lists the terms)."""
        return float(self._row(term)["estimate"])

    def se(self, term: str) -> float:
        """The standard error of ``term``."""
        return float(self._row(term)["se"])

    def _row(self, term: str) -> pd.Series:
        rows = self.coefficients[self.coefficients["term"] == term]
        if rows.empty:
            raise ModelError(f"no coefficient {term!r}; terms: {', '.join(self.coefficients['term'])}")
        return rows.iloc[0]

    def linear_combination(self, weights: dict[str, float]) -> tuple[float, float]:
        """Estimate and standard error of ``sum(w * b)`` (e.g. an FTA's total effect over its lags)."""
        terms = list(weights)
        for term in terms:
            self._row(term)
        w = np.array([weights[t] for t in terms], dtype=float)
        b = np.array([self.coefficient(t) for t in terms])
        v = self.covariance.loc[terms, terms].to_numpy()
        return float(w @ b), float(np.sqrt(w @ v @ w))

    def fixed_effects(self) -> dict[str, pd.Series]:
        """The estimated fixed effects by dimension (pyfixest's ``fixef``; each is identified only up
        to normalisations, e.g. pair effects up to exporter and importer terms), as in the Advanced
        Guide's two-stage procedure where pair effects become trade costs."""
        if self.model is None:
            raise ModelError("this result has no fitted model to take fixed effects from")
        raw = self.model.fixef()
        return {name.removeprefix("C(").removesuffix(")"): pd.Series(values) for name, values in raw.items()}

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table."""
        return self.coefficients.copy()

    def _header_lines(self) -> list[str]:
        dropped = ", ".join(f"{k} {v}" for k, v in self.dropped.items())
        return [
            f"formula: {self.formula}   estimator: {self.estimator}   vcov: {self.vcov}",
            f"observations: {self.nobs} used of {self.nobs_input} (dropped: {dropped})",
            f"converged: {self.converged}",
            *self.notes,
        ]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (the ``--json`` output of ``tradebridge gravity estimate``)."""
        coefs = {
            r.term: {k: float(getattr(r, k)) for k in ("estimate", "se", "z", "p", "ci_low", "ci_high")}
            for r in self.coefficients.itertuples(index=False)
        }
        return {
            "formula": self.formula,
            "estimator": self.estimator,
            "vcov": self.vcov,
            "coefficients": coefs,
            "nobs": self.nobs,
            "nobs_input": self.nobs_input,
            "dropped": {**self.dropped, "separation": {
                "count": int(self.dropped.get("separation", 0)),
                "rows": [_json_key(k) for k in self.separated_rows],
                "by_method": dict(self.separation_by_method)}},
            "converged": self.converged,
            "notes": list(self.notes),
        }


def _json_key(key: Any) -> Any:
    if isinstance(key, np.generic):
        key = key.item()
    if isinstance(key, tuple):
        return [_json_key(k) for k in key]
    return key if isinstance(key, (int, float, str)) else str(key)


def _vcov(cluster: str | None, small_sample: str) -> tuple[Any, Any, str]:
    import pyfixest as pf

    if cluster:
        label = f"cluster({cluster})"
        vcov: Any = {"CRV1": cluster}
        ssc = pf.ssc(k_adj=False, G_adj=True) if small_sample == "stata" else None
    else:
        label = "hetero"
        vcov = "hetero"
        ssc = pf.ssc(k_adj=False) if small_sample == "stata" else None
    return vcov, ssc, label + ("" if small_sample == "stata" else " (fixest ssc)")


def prepare_data(
    data: pd.DataFrame, formula: str, *, where: str | None = None, extra: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Filter with ``where``, build vocabulary variables, drop rows with missing values.

    ``where`` and ``formula`` are parsed by :mod:`tradebridge.models.formula` (never evaluated as
    Python); ``where`` may use columns and vocabulary names. ``extra`` names (cluster, offset) must
    be plain names too. Returns the prepared frame (original index kept) and counts of dropped rows.
    """
    dropped = {"where": 0, "missing": 0}
    frame = data
    if where:
        keep = filter_mask(where, frame, resolve=build_variable)
        dropped["where"] = int((~keep).sum())
        frame = frame[keep]
    names = [*formula_names(formula), *(check_name(e, "--cluster/--offset") for e in extra if e)]
    frame = derive(frame, names)
    used = [n for n in names if n in frame.columns]
    missing = frame[used].isna().any(axis=1)
    dropped["missing"] = int(missing.sum())
    return frame[~missing], dropped


def estimate_gravity(
    data: pd.DataFrame,
    formula: str,
    *,
    estimator: Estimator = "ppml",
    cluster: str | None = None,
    where: str | None = None,
    offset: str | None = None,
    small_sample: SmallSample = "stata",
    separation: tuple[Separation, ...] = DEFAULT_METHODS,
    tol: float = 1e-10,
    maxiter: int = 100,
) -> GravityResult:
    """Estimate a gravity equation with pyfixest (PPML by default).

    ``where`` filters rows (the grammar of :mod:`tradebridge.models.formula`); ``offset`` names a
    column (or vocabulary variable) whose coefficient is constrained to one, as in the GE-PPML steps
    of the Advanced Guide.

    ``separation`` chooses the checks run before a PPML fit (:mod:`tradebridge.models.separation`:
    ``"fe"``, ``"simplex"``, ``"relu"``, all three by default; ``()`` for none); the separated rows
    are dropped, counted in ``dropped["separation"]`` and listed in ``separated_rows`` (labels of
    ``data``'s index), and regressors they leave unidentified are named in a
    :class:`~tradebridge.models.separation.SeparationWarning`. ``converged`` is True only when IWLS
    met its deviance criterion (``|dev - dev_prev| / (0.1 + |dev|) < tol``) within ``maxiter``
    iterations and every coefficient and standard error is finite; otherwise a
    :class:`ConvergenceWarning` says why.
    """
    check_option("estimator", estimator, ESTIMATORS)
    check_option("small_sample", small_sample, SMALL_SAMPLE)
    for method in separation:
        check_option("separation", method, SEPARATION_METHODS)
    import pyfixest as pf

    parsed = parse_formula(formula)  # pyfixest only ever sees the canonical text of validated tokens
    lhs, formula = parsed.dependent, str(parsed)
    frame, dropped = prepare_data(data, formula, where=where, extra=(cluster or "", offset or ""))
    if frame.empty:
        raise DataError("no rows left to estimate on", hint="check --where and missing values in the formula's variables")
    if estimator == "ppml" and (frame[lhs] < 0).any():
        raise DataError(f"PPML needs a non-negative dependent variable; {lhs!r} has negative values", column=lhs)
    sep, own_notes = _separation(frame, parsed, separation if estimator == "ppml" else ())
    separated = sep.separated if sep is not None else np.zeros(len(frame), dtype=bool)
    if separated.all():
        raise DataError(f"every observation is separated ({lhs!r} is zero wherever a certificate allows it); "
                        "nothing is left to estimate", hint="check the sample: the dependent variable needs positive values")
    vcov, ssc, label = _vcov(cluster, small_sample)
    fit_frame = frame[~separated].reset_index(drop=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if estimator == "ppml":
                model = pf.fepois(
                    formula, data=fit_frame, vcov=vcov, ssc=ssc, offset=offset, iwls_tol=tol,
                    iwls_maxiter=maxiter, separation_check=[],
                )
            else:
                model = pf.feols(formula, data=fit_frame, vcov=vcov, ssc=ssc)
        except (ValueError, KeyError, np.linalg.LinAlgError) as exc:
            raise ModelError(f"pyfixest could not estimate {formula!r}: {exc}") from exc
    notes = [*own_notes, *sorted({" ".join(str(w.message).split()) for w in caught if w.category is UserWarning})]
    nobs = int(model._N)
    dropped["separation"] = int(separated.sum())
    dropped["singletons"] = max(len(fit_frame) - nobs, 0)
    coefs = _coefficients(model)
    names = list(coefs["term"])
    covariance = pd.DataFrame(np.asarray(model._vcov, dtype=float).reshape(len(names), len(names)),
                              index=names, columns=names)
    converged, why = _convergence(model, estimator, coefs, maxiter)
    if why:
        warnings.warn(why, ConvergenceWarning, stacklevel=2)
        notes.append(why)
    fitted = pd.Series(np.nan, index=data.index, dtype=float)
    fit_index = frame.index[~separated]
    kept = np.setdiff1d(np.arange(len(fit_frame)), np.asarray(model.na_index, dtype=int))
    yhat = np.asarray(model.predict(type="response") if estimator == "ppml" else model.predict(), dtype=float)
    if len(yhat) == len(kept):
        fitted.loc[fit_index[kept]] = yhat
    return GravityResult(
        formula=formula, estimator=estimator, vcov=label, coefficients=coefs, nobs=nobs,
        nobs_input=len(data), dropped=dropped, converged=converged, notes=tuple(notes), fitted=fitted,
        covariance=covariance, model=model, separated_rows=tuple(frame.index[separated]),
        separation_by_method=dict(sep.by_method) if sep is not None else {},
    )


def _separation(frame: pd.DataFrame, parsed: Any, methods: tuple[str, ...]) -> tuple[SeparationResult | None, list[str]]:
    """Run the separation checks on the prepared frame; warn about what they drop or leave."""
    if not methods:
        return None, []
    terms = [("-" if term.sign == "-" else "") + str(term) for term in parsed.terms]
    design = design_arrays(frame, parsed.dependent, terms, ["^".join(fe) for fe in parsed.fixed_effects])
    sep = find_separation(design.y, design.x, design.fe, names=design.names, methods=methods)
    notes = []
    if sep.count:
        counts = ", ".join(f"{k} {v}" for k, v in sep.by_method.items() if v)
        notes.append(f"{sep.count} observations dropped because of separation ({counts})")
    if sep.unidentified:
        notes.append(f"after dropping the separated observations, {', '.join(sep.unidentified)} "
                     "cannot be estimated (constant, or collinear with the fixed effects or other regressors)")
    if not sep.relu_complete:
        notes.append("the separation check (relu) stopped at its iteration limit; some separated "
                     "observations may remain (estimates that run off and NaN standard errors show them)")
    if design.skipped:
        notes.append(f"the separation checks left out the terms {', '.join(design.skipped)} (not plain columns)")
    for note in notes:
        warnings.warn(note, SeparationWarning, stacklevel=3)
    return sep, notes


def _coefficients(model: Any) -> pd.DataFrame:
    tidy = model.tidy().reset_index()
    return pd.DataFrame({
        "term": tidy["Coefficient"].astype(str),
        "estimate": tidy["Estimate"].astype(float),
        "se": tidy["Std. Error"].astype(float),
        "z": tidy["t value"].astype(float),
        "p": tidy["Pr(>|t|)"].astype(float),
        "ci_low": tidy["2.5%"].astype(float),
        "ci_high": tidy["97.5%"].astype(float),
    })


def _convergence(model: Any, estimator: str, coefs: pd.DataFrame, maxiter: int) -> tuple[bool, str]:
    """(converged, why not): IWLS met its deviance criterion, and every estimate and SE is finite.

    pyfixest sets ``convergence`` (initially False) only when IWLS stops on its tolerance; when
    ``maxiter`` runs out it neither raises nor sets it, and the deviance was still moving.
    """
    if estimator == "ppml" and not bool(getattr(model, "convergence", False)):
        return False, (f"PPML did not converge: IWLS stopped at maxiter={maxiter} with the deviance still "
                       "changing; raise maxiter, or check for separation")
    deviance = getattr(model, "deviance", None)
    if estimator == "ppml" and not np.isfinite(float(np.nan if deviance is None else deviance)):
        return False, "PPML did not converge: the deviance is not finite"
    bad = coefs.loc[~(np.isfinite(coefs["estimate"]) & np.isfinite(coefs["se"])), "term"].tolist()
    if bad:
        return False, (f"the fit is not usable: estimates or standard errors of {', '.join(bad)} are not finite "
                       "(unidentified or separated; check the sample and the regressors)")
    return True, ""
