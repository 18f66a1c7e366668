"""General-equilibrium counterfactuals with structural gravity, the GE-PPML way of the Advanced Guide.

Yotov, Piermartini, Monteiro & Larch (2016), *An Advanced Guide to Trade Policy Analysis*, chapter 2:
every step is a PPML regression with exporter and importer fixed effects (pyfixest ``fepois``) and
the trade costs as an offset. From the fixed effects (normalised so that the reference importer's is
one) come the multilateral resistances:

* baseline (BLN): ``OMR_i = Y_i E_R / exp(pi_i)``, ``IMR_j = E_j / (exp(chi_j) E_R)``;
* conditional (CDL): the same with counterfactual trade costs, output and expenditure held fixed;
* full endowment (FULL): factory-gate prices adjust,
  ``p_i`` change ``= ((exp(pi_i^s)/exp(pi_i^{s-1})) / (E_R^s/E_R^{s-1}))^(1/(1-sigma))``, output
  ``Y_i`` moves with ``p_i``, expenditure keeps the baseline ratio ``phi_j = E_j / Y_j``; the loop
  repeats the book's iteration (and its stopping rule: stop when the standard deviation and the
  absolute maximum of the change in ``p_i`` between two iterations are both below ``tol``).

Welfare is real GDP, ``Y_i / IMR_i^(1/(1-sigma))``.

The function takes one cross-section (one year) with internal flows (exporter = importer) included.

>>> import numpy as np, pandas as pd
>>> c = ["A", "B", "C"]
>>> df = pd.DataFrame([(i, j) for i in c for j in c], columns=["exporter", "importer"])
>>> df["ln_t_bln"] = np.where(df.exporter == df.importer, 0.0, -2.0)
>>> df["trade"] = np.exp(df["ln_t_bln"]) * 100
>>> df["ln_t_cfl"] = np.where((df.exporter + df.importer).isin(["AB", "BA"]), -1.0, df["ln_t_bln"])
>>> res = solve_ge(df, cost_baseline="ln_t_bln", cost_counterfactual="ln_t_cfl", reference="C", sigma=7)
>>> bool(res.countries.set_index("country").loc["A", "change_rGDP_FULL"] > 0)
True
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tradebridge.errors import DataError, ModelError
from tradebridge.models._display import ResultViews


@dataclass(frozen=True, eq=False)
class GEResult(ResultViews):
    """Per-country GE results (``countries``) and per-pair trade (``flows``) of one counterfactual.

    ``countries`` columns follow the Advanced Guide's output files: ``Y_BLN, Y_FULL, E_BLN, E_FULL,
    OMR_BLN, OMR_CDL, OMR_FULL, IMR_BLN, IMR_CDL, IMR_FULL, Xi_BLN, Xi_CDL, Xi_FULL`` (exports
    without internal sales), ``Mi_*`` (imports), ``change_pricei_FULL`` and percentage changes
    ``change_price_FULL, change_OMR_CDL, change_OMR_FULL, change_IMR_CDL, change_IMR_FULL,
    change_Xi_CDL, change_Xi_FULL, change_Mi_FULL, change_rGDP_FULL`` (welfare).
    """

    countries: pd.DataFrame
    flows: pd.DataFrame = field(repr=False)
    sigma: float
    reference: str
    iterations: int
    converged: bool

    title = "GE-PPML counterfactual"

    def to_frame(self) -> pd.DataFrame:
        cols = ["country", "change_Xi_CDL", "change_Xi_FULL", "change_Mi_FULL", "change_price_FULL",
                "change_IMR_FULL", "change_OMR_FULL", "change_rGDP_FULL"]
        return self.countries[cols].copy()

    def _header_lines(self) -> list[str]:
        return [(f"sigma {self.sigma}, reference importer {self.reference}, "
                 f"{self.iterations} full-endowment iterations, converged: {self.converged}")]


def _fit(frame: pd.DataFrame, y: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """PPML of ``y`` on exporter and importer fixed effects with an offset; returns fitted values."""
    import pyfixest as pf

    data = pd.DataFrame({"y": y, "exporter": frame["exporter"].to_numpy(),
                         "importer": frame["importer"].to_numpy(), "off": offset})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = pf.fepois("y ~ 1 | exporter + importer", data=data, offset="off", vcov="iid",
                          iwls_tol=1e-12, iwls_maxiter=200, fixef_tol=1e-12, separation_check=[])
    if not getattr(model, "_convergence", True):
        raise ModelError("a GE-PPML step did not converge; check for countries without trade")
    fitted = np.asarray(model.predict(type="response"), dtype=float)
    if len(fitted) != len(frame):
        raise ModelError("a GE-PPML step dropped observations (singletons or separation); "
                         "the GE solver needs a complete square matrix of flows with internal trade")
    return fitted


def _fixed_effects(frame: pd.DataFrame, fitted: np.ndarray, offset: np.ndarray, reference: str) -> tuple[pd.Series, pd.Series]:
    """exp(pi_i), exp(chi_j) from fitted values: log(mu) - offset = pi_i + chi_j, chi_ref = 0."""
    target = np.log(fitted) - offset
    ex = pd.Categorical(frame["exporter"])
    im = pd.Categorical(frame["importer"])
    ei, ii = ex.codes, im.codes
    ne, ni = len(ex.categories), len(im.categories)
    ce = np.bincount(ei, minlength=ne)
    ci = np.bincount(ii, minlength=ni)
    pi = np.zeros(ne)
    chi = np.zeros(ni)
    for _ in range(10_000):
        pi = np.bincount(ei, weights=target - chi[ii], minlength=ne) / ce
        new_chi = np.bincount(ii, weights=target - pi[ei], minlength=ni) / ci
        done = np.max(np.abs(new_chi - chi)) < 1e-13
        chi = new_chi
        if done:
            break
    ref = list(im.categories).index(reference)
    shift = chi[ref]
    exp_pi = pd.Series(np.exp(pi + shift), index=ex.categories)
    exp_chi = pd.Series(np.exp(chi - shift), index=im.categories)
    return exp_pi, exp_chi


def _by(frame: pd.DataFrame, side: str, values: np.ndarray, *, external: bool = False) -> pd.Series:
    mask = (frame["exporter"] != frame["importer"]).to_numpy() if external else np.ones(len(frame), bool)
    return pd.Series(values[mask]).groupby(frame[side].to_numpy()[mask]).sum()


def _pct(new: pd.Series, old: pd.Series) -> pd.Series:
    return (new - old) / old * 100


def solve_ge(
    flows: pd.DataFrame,
    *,
    cost_baseline: str,
    cost_counterfactual: str,
    trade: str = "trade",
    sigma: float = 7.0,
    reference: str = "DEU",
    tol: float = 0.01,
    max_iter: int = 100,
) -> GEResult:
    """Baseline, conditional and full-endowment GE effects of a change in trade costs.

    ``flows`` holds one cross-section with columns exporter, importer, ``trade`` (internal flows
    included) and the log trade costs ``t_ij`` before (``cost_baseline``) and after
    (``cost_counterfactual``) the policy change, e.g. ``b_dist * ln_dist + b_rta * rta``.
    ``reference`` is the importer whose fixed effect is normalised to zero (the book uses Germany).
    """
    need = list(dict.fromkeys(["exporter", "importer", trade, cost_baseline, cost_counterfactual]))
    missing = [c for c in need if c not in flows.columns]
    if missing:
        raise DataError(f"GE data lacks column(s) {', '.join(missing)}", hint="pass one year of flows with trade costs")
    frame = flows[need].reset_index(drop=True)
    if frame[need].isna().any().any():
        raise DataError("GE data has missing values", hint="fill zero flows with 0 and give costs for every pair")
    countries = sorted(set(frame["exporter"]) | set(frame["importer"]))
    if reference not in set(frame["importer"]):
        raise ModelError(f"reference importer {reference!r} is not in the data; pick one of {', '.join(countries[:10])}, ...")
    domestic = frame[frame["exporter"] == frame["importer"]]
    if set(domestic["exporter"]) != set(countries):
        raise DataError("GE-PPML needs internal flows (exporter = importer) for every country",
                        hint="use a dataset with domestic sales, such as the Advanced Guide panel (agtpa)")
    y = frame[trade].to_numpy(float)
    off0 = frame[cost_baseline].to_numpy(float)
    off1 = frame[cost_counterfactual].to_numpy(float)
    ex, im = frame["exporter"].to_numpy(), frame["importer"].to_numpy()
    inv = 1.0 / (1.0 - sigma)

    Y = _by(frame, "exporter", y)
    E = _by(frame, "importer", y)
    E_R = float(E[reference])
    phi = E / Y

    fit_bln = _fit(frame, y, off0)
    pi_bln, chi_bln = _fixed_effects(frame, fit_bln, off0, reference)
    OMR_BLN, IMR_BLN = Y * E_R / pi_bln, E / (chi_bln * E_R)
    fit_cdl = _fit(frame, y, off1)
    pi_cdl, chi_cdl = _fixed_effects(frame, fit_cdl, off1, reference)
    OMR_CDL, IMR_CDL = Y * E_R / pi_cdl, E / (chi_cdl * E_R)

    # full endowment: the book's loop, index s-1 = current, s-2 = previous, s-3 = the one before
    pi_prev, er_prev = pi_bln, E_R
    pi_cur, chi_cur, er_cur, fit_cur = pi_cdl, chi_cdl, E_R, fit_cdl
    Y_cur, E_cur = Y, E
    cp_before = pd.Series(0.0, index=pi_bln.index)
    cp_cur = ((pi_cur / pi_prev) / (er_cur / er_prev)) ** inv
    omr_cur, imr_cur = Y_cur * er_cur / pi_cur, E_cur / (chi_cur * er_cur)
    c_omr = pd.Series(1.0, index=pi_bln.index)
    c_imr = pd.Series(1.0, index=chi_bln.index)
    iterations, converged = 0, False
    while iterations < max_iter:
        iterations += 1
        trade_s = fit_cur * cp_cur.reindex(ex).to_numpy() * cp_cur.reindex(im).to_numpy() / (
            c_omr.reindex(ex).to_numpy() * c_imr.reindex(im).to_numpy())
        fit_new = _fit(frame, trade_s, off1)
        Y_new = _by(frame, "exporter", fit_new)
        E_new = phi * Y_new
        er_new = float(E_new[reference])
        pi_new, chi_new = _fixed_effects(frame, fit_new, off1, reference)
        cp_new = ((pi_new / pi_cur) / (er_new / er_cur)) ** inv
        omr_new, imr_new = Y_new * er_new / pi_new, E_new / (chi_new * er_new)
        c_omr, c_imr = omr_new / omr_cur, imr_new / imr_cur
        dif = (cp_cur - cp_before).reindex(ex).to_numpy()  # over rows, as Stata's summarize
        cp_before, cp_cur = cp_cur, cp_new
        pi_cur, chi_cur, er_cur, fit_cur = pi_new, chi_new, er_new, fit_new
        Y_cur, E_cur = Y_new, E_new
        omr_cur, imr_cur = omr_new, imr_new
        if np.std(dif, ddof=1) <= tol and abs(np.max(dif)) <= tol:
            converged = True
            break

    cp_full = ((pi_cur / pi_bln) / (er_cur / E_R)) ** inv
    Y_FULL = cp_full * Y
    E_FULL = phi * Y_FULL
    OMR_FULL = Y_FULL * er_cur / pi_cur
    IMR_FULL = E_cur / (chi_cur * er_cur)
    x_full = (Y_FULL.reindex(ex).to_numpy() * E_FULL.reindex(im).to_numpy() * np.exp(off1)
              / (IMR_FULL.reindex(im).to_numpy() * OMR_FULL.reindex(ex).to_numpy()))

    out = pd.DataFrame(index=pd.Index(countries, name="country"))
    out["Y_BLN"], out["Y_FULL"], out["E_BLN"], out["E_FULL"] = Y, Y_FULL, E, E_FULL
    out["OMR_BLN"], out["OMR_CDL"], out["OMR_FULL"] = OMR_BLN, OMR_CDL, OMR_FULL
    out["IMR_BLN"], out["IMR_CDL"], out["IMR_FULL"] = IMR_BLN, IMR_CDL, IMR_FULL
    out["Xi_BLN"] = _by(frame, "exporter", fit_bln, external=True)
    out["Xi_CDL"] = _by(frame, "exporter", fit_cdl, external=True)
    out["Xi_FULL"] = _by(frame, "exporter", x_full, external=True)
    out["Mi_BLN"] = _by(frame, "importer", fit_bln, external=True)
    out["Mi_CDL"] = _by(frame, "importer", fit_cdl, external=True)
    out["Mi_FULL"] = _by(frame, "importer", x_full, external=True)
    out["change_pricei_FULL"] = cp_full
    out["change_price_FULL"] = (cp_full - 1) * 100
    for kind in ("OMR", "IMR"):
        base = out[f"{kind}_BLN"] ** inv
        out[f"change_{kind}_CDL"] = _pct(out[f"{kind}_CDL"] ** inv, base)
        out[f"change_{kind}_FULL"] = _pct(out[f"{kind}_FULL"] ** inv, base)
    for kind in ("Xi", "Mi"):
        out[f"change_{kind}_CDL"] = _pct(out[f"{kind}_CDL"], out[f"{kind}_BLN"])
        out[f"change_{kind}_FULL"] = _pct(out[f"{kind}_FULL"], out[f"{kind}_BLN"])
    out["rGDP_BLN"] = out["Y_BLN"] / out["IMR_BLN"] ** inv
    out["rGDP_FULL"] = out["Y_FULL"] / out["IMR_FULL"] ** inv
    out["change_rGDP_FULL"] = _pct(out["rGDP_FULL"], out["rGDP_BLN"])
    flows_out = pd.DataFrame({"exporter": ex, "importer": im, "trade": y, "trade_BLN": fit_bln,
                              "trade_CDL": fit_cdl, "trade_FULL": x_full})
    return GEResult(countries=out.reset_index(), flows=flows_out, sigma=sigma, reference=reference,
                    iterations=iterations, converged=converged)
