"""General-equilibrium counterfactuals with structural gravity: two engines.

* **Exact** (:func:`solve_exact`, :func:`hat_algebra`; the default of scenario files): the one-sector
  Armington / Eaton-Kortum model of Stata's ``ge_gravity`` (Baier, Yotov & Zylkin 2019), solved in
  changes (hat algebra, Dekle, Eaton & Kortum 2008) from observed flows and partial effects, with
  additive or multiplicative trade imbalances; equations in docs/models.md.
* **GE-PPML** (:func:`solve_ge`), the Advanced Guide's loop, described below.

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
from typing import Literal

import numpy as np
import pandas as pd

from tradebridge._display import ResultViews
from tradebridge.errors import ConfigError, DataError, ModelError, check_option


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

    # PPML is scale-equivariant: fit y / mean(y) (fitted values scale back exactly) so that the
    # deviance is O(n) and pyfixest's relative-deviance stopping rule is not swamped by rounding noise
    scale = float(np.mean(y)) or 1.0
    data = pd.DataFrame({"y": y / scale, "exporter": frame["exporter"].to_numpy(),
                         "importer": frame["importer"].to_numpy(), "off": offset})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = pf.fepois("y ~ 1 | exporter + importer", data=data, offset="off", vcov="iid",
                          iwls_tol=1e-10, iwls_maxiter=200, fixef_tol=1e-12, separation_check=[])
    # pyfixest sets ``convergence`` only when IWLS stops on its tolerance (never when maxiter runs out)
    if not bool(getattr(model, "convergence", False)):
        raise ModelError("a GE-PPML step (PPML with exporter and importer fixed effects) did not converge "
                         "within 200 IWLS iterations; check for countries without trade, or use engine: exact")
    fitted = np.asarray(model.predict(type="response"), dtype=float) * scale
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


# --------------------------------------------------------------------------------------------------
# The exact engine: hat algebra (Dekle, Eaton & Kortum 2008) for the one-sector Armington / Eaton-
# Kortum model of Stata's ge_gravity (Baier, Yotov & Zylkin 2019). The equations are in docs/models.md.

Imbalances = Literal["additive", "multiplicative"]
IMBALANCES: tuple[str, ...] = ("additive", "multiplicative")


def trade_elasticity(theta: float | None = None, sigma: float | None = None) -> float:
    """``theta`` (the trade elasticity), given either it or ``sigma = theta + 1``; checked.

    >>> trade_elasticity(sigma=7)
    6.0
    """
    if theta is not None and sigma is not None and not np.isclose(float(theta) + 1, float(sigma)):
        raise ConfigError(f"theta {theta} and sigma {sigma} disagree: give one of them (sigma = theta + 1)")
    if theta is None and sigma is None:
        raise ConfigError("give the trade elasticity: theta (e.g. 4) or sigma = theta + 1")
    if theta is None:
        if not float(sigma) > 1:
            raise ConfigError(f"sigma must be greater than 1 (theta = sigma - 1 > 0), got {sigma}")
        return float(sigma) - 1.0
    if not float(theta) > 0:
        raise ConfigError(f"theta (the trade elasticity) must be positive, got {theta}")
    return float(theta)


@dataclass(frozen=True, eq=False)
class HatSolution:
    """Raw arrays of one or a batch of exact solutions (batch first); ratios new/old unless named."""

    wage: np.ndarray          # factory-gate price (nominal wage) change, w_hat
    price_index: np.ndarray   # P_hat (inward multilateral resistance change)
    expenditure: np.ndarray   # E_hat
    welfare: np.ndarray       # W_hat
    flows: np.ndarray         # counterfactual flows X'_ij (levels)
    iterations: int
    residual: np.ndarray      # last max |Δ w_hat| per solution
    converged: np.ndarray


def hat_algebra(
    x: np.ndarray,
    phi: np.ndarray,
    theta: float | np.ndarray,
    *,
    imbalances: Imbalances = "additive",
    tol: float = 1e-12,
    max_iter: int = 10_000,
    start: np.ndarray | None = None,
) -> HatSolution:
    """Solve the exact counterfactual for baseline flows ``x[i, j]`` (exporter i, importer j, domestic
    sales on the diagonal) and partial changes ``phi[..., i, j] = exp(beta_ij)`` (a batch of them along
    the leading axis, with ``theta`` a scalar or one value per batch element).

    Vectorised over countries and over the batch. Numeraire: world nominal output is held constant
    (as ``ge_gravity``); with additive imbalances the deficits are fixed in those units.

    >>> x = np.array([[8.0, 2.0], [2.0, 8.0]])
    >>> sol = hat_algebra(x, np.ones((2, 2)), 4.0)
    >>> sol.wage.round(12).tolist(), int(sol.converged.all())
    ([[1.0, 1.0]], 1)
    """
    check_option("imbalances", imbalances, IMBALANCES)
    x = np.asarray(x, dtype=float)
    phi = np.asarray(phi, dtype=float)
    phi = phi[None] if phi.ndim == 2 else phi
    batch, n = phi.shape[0], x.shape[0]
    th = np.broadcast_to(np.asarray(theta, dtype=float), (batch,)).copy()
    y, e = x.sum(axis=1), x.sum(axis=0)
    d, world = e - y, y.sum()
    pp = (x / e[None, :])[None] * phi            # pi_ij * phi_ij, batch × n × n
    w = np.ones((batch, n)) if start is None else np.broadcast_to(start, (batch, n)).copy()
    step = (1.0 / (1.0 + th))[:, None]
    residual = np.full(batch, np.inf)
    it = 0
    for it in range(1, max_iter + 1):
        wp = w ** (-th[:, None])
        p_theta = np.einsum("bij,bi->bj", pp, wp)          # P_hat^(-theta)
        e_new = _expenditure(w, y, e, d, imbalances)
        demand = wp * np.einsum("bij,bj->bi", pp, e_new / p_theta)
        new = w * (demand / (w * y)) ** step
        new *= world / (new @ y)[:, None]
        residual = np.abs(new - w).max(axis=1)
        w = new
        if not np.isfinite(residual).all() or residual.max() < tol:
            break
    wp = w ** (-th[:, None])
    p_theta = np.einsum("bij,bi->bj", pp, wp)
    e_new = _expenditure(w, y, e, d, imbalances)
    flows = pp * wp[:, :, None] * (e_new / p_theta)[:, None, :]
    price = p_theta ** (-1.0 / th[:, None])
    # welfare: real expenditure E/P (additive, as ge_gravity); real output w/P (multiplicative, where the
    # common factor kappa that keeps world expenditure equal to world output is no one's gain)
    welfare = (e_new / e if imbalances == "additive" else w) / price
    return HatSolution(wage=w, price_index=price, expenditure=e_new / e, welfare=welfare,
                       flows=flows, iterations=it, residual=residual,
                       converged=np.isfinite(residual) & (residual < tol))


def _expenditure(w: np.ndarray, y: np.ndarray, e: np.ndarray, d: np.ndarray, imbalances: str) -> np.ndarray:
    """Counterfactual expenditure: ``w Y + D`` (deficits fixed in units of world output) or
    ``kappa w E`` (deficits a fixed share; ``kappa = sum w Y / sum w E`` keeps world expenditure equal to
    world output, without which no price vector clears every market)."""
    if imbalances == "additive":
        return w * y + d
    return w * e * ((w @ y) / (w @ e))[:, None]


@dataclass(frozen=True, eq=False)
class ExactGEResult(ResultViews):
    """An exact GE counterfactual: per country (``countries``) and per pair (``pairs``).

    ``countries``: ``welfare`` (ratio new/old: real expenditure E/P with additive imbalances, real
    output w/P with multiplicative ones), ``welfare_pct``, ``real_wage``
    (w/P) and ``real_wage_pct``, ``price_pct`` (factory-gate price), ``expenditure_pct``,
    ``exports_pct``, ``imports_pct``, ``total_trade_pct`` (international, nominal), ``imr_pct`` (inward
    multilateral resistance = price index P) and ``omr_pct`` (outward, Pi); ``pairs``: baseline and new
    flows and ``trade_pct``. Nominal changes are in units of world output (the numeraire).
    """

    countries: pd.DataFrame
    pairs: pd.DataFrame = field(repr=False)
    theta: float
    imbalances: str
    iterations: int
    residual: float
    converged: bool
    scenario: str = ""

    title = "Exact GE counterfactual (hat algebra)"

    def to_frame(self) -> pd.DataFrame:
        return self.countries.copy()

    def _header_lines(self) -> list[str]:
        return [(f"theta {self.theta:g}, {self.imbalances} imbalances, {self.iterations} iterations, "
                 f"residual {self.residual:.1e}, converged: {self.converged}")]


def flow_matrix(flows: pd.DataFrame, value: str, *, exporter: str = "exporter", importer: str = "importer",
                countries: list[str] | None = None) -> tuple[list[str], np.ndarray]:
    """A complete square matrix (exporter rows, importer columns) from a long frame; errors name the
    missing pairs or the countries without domestic flows."""
    frame = flows[[exporter, importer, value]]
    if frame[value].isna().any():
        bad = frame[frame[value].isna()].head(5)
        raise DataError(f"missing {value} for {len(frame[frame[value].isna()])} pair(s), e.g. "
                        + ", ".join(f"{a}-{b}" for a, b in zip(bad[exporter], bad[importer], strict=True)),
                        hint="give every pair a value (0 for no trade)")
    if frame.duplicated([exporter, importer]).any():
        raise DataError("the baseline has several rows for the same exporter-importer pair",
                        hint="keep one year (and one product aggregate) in the baseline")
    names = countries or sorted(set(frame[exporter]) | set(frame[importer]))
    mat = frame.pivot(index=exporter, columns=importer, values=value).reindex(index=names, columns=names)
    if mat.isna().to_numpy().any():
        no_dom = [c for k, c in enumerate(names) if np.isnan(mat.to_numpy()[k, k])]
        if no_dom:
            raise DataError(f"no domestic flows (exporter = importer) for {', '.join(no_dom[:10])}",
                            hint="the GE model needs domestic sales: use a dataset such as agtpa or the WIOD file")
        raise DataError(f"the baseline lacks pair(s) {', '.join(_pair_names(names, mat))}",
                        hint="the GE model needs every exporter-importer pair (0 where there is no trade)")
    return names, mat.to_numpy(dtype=float)


def _pair_names(names: list[str], mat: pd.DataFrame, limit: int = 6) -> list[str]:
    rows, cols = np.nonzero(mat.isna().to_numpy())
    out = [f"{names[r]}-{names[c]}" for r, c in zip(rows[:limit], cols[:limit], strict=True)]
    return out + ([f"... ({len(rows)} in all)"] if len(rows) > limit else [])


def check_baseline(names: list[str], x: np.ndarray) -> None:
    """Domestic sales positive for every country, no negative flow."""
    if (x < 0).any():
        raise DataError("the baseline has negative trade flows", hint="flows must be >= 0")
    dom = np.diag(x)
    absent = [c for c, v in zip(names, dom, strict=True) if not v > 0]
    if absent:
        raise DataError(f"no domestic flows (exporter = importer) for {', '.join(absent[:10])}"
                        + (f" and {len(absent) - 10} more" if len(absent) > 10 else ""),
                        hint="the GE model needs domestic sales: use a dataset such as agtpa or the WIOD file")


def exact_result(names: list[str], x: np.ndarray, phi: np.ndarray, sol: HatSolution, k: int, *, theta: float,
                 imbalances: str, scenario: str = "") -> ExactGEResult:
    """Per-country and per-pair frames for batch element ``k`` of a :func:`hat_algebra` solution."""
    w, p, e_hat, xn = sol.wage[k], sol.price_index[k], sol.expenditure[k], sol.flows[k]
    off = ~np.eye(len(names), dtype=bool)
    ex0, im0 = (x * off).sum(axis=1), (x * off).sum(axis=0)
    ex1, im1 = (xn * off).sum(axis=1), (xn * off).sum(axis=0)
    y = x.sum(axis=1)
    # outward MR from its definition, Pi_i^-theta = sum_j (X_ij/Y_i) phi_ij P_j^theta E_hat_j (world output fixed)
    omr = ((x / y[:, None]) * phi[k] * (p ** theta * e_hat)[None, :]).sum(axis=1) ** (-1.0 / theta)
    welfare = sol.welfare[k]
    pct = lambda r: (r - 1.0) * 100.0
    countries = pd.DataFrame({
        "country": names, "welfare": welfare, "welfare_pct": pct(welfare), "real_wage": w / p,
        "real_wage_pct": pct(w / p), "price_pct": pct(w), "expenditure_pct": pct(e_hat),
        "exports_pct": pct(ex1 / ex0), "imports_pct": pct(im1 / im0),
        "total_trade_pct": pct((ex1 + im1) / (ex0 + im0)), "imr_pct": pct(p), "omr_pct": pct(omr),
        "exports_baseline": ex0, "exports_new": ex1, "imports_baseline": im0, "imports_new": im1})
    i, j = np.meshgrid(np.arange(len(names)), np.arange(len(names)), indexing="ij")
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(x > 0, (xn / x - 1.0) * 100.0, np.nan)
    pairs = pd.DataFrame({"exporter": np.asarray(names)[i.ravel()], "importer": np.asarray(names)[j.ravel()],
                          "partial": np.log(phi[k]).ravel(), "trade_baseline": x.ravel(), "trade_new": xn.ravel(),
                          "trade_pct": change.ravel()})
    return ExactGEResult(countries=countries, pairs=pairs, theta=theta, imbalances=imbalances,
                         iterations=sol.iterations, residual=float(sol.residual[k]),
                         converged=bool(sol.converged[k]), scenario=scenario)


def solve_exact(
    flows: pd.DataFrame,
    *,
    partial: str,
    trade: str = "trade",
    theta: float | None = None,
    sigma: float | None = None,
    imbalances: Imbalances = "additive",
    tol: float = 1e-12,
    max_iter: int = 10_000,
    scenario: str = "",
) -> ExactGEResult:
    """Exact GE effects of a change in trade costs, the ``ge_gravity`` way.

    ``flows``: one cross-section, every exporter-importer pair, domestic sales included; ``partial``:
    the column with each pair's partial effect on log trade (``beta_ij``, 0 for unchanged pairs), so
    ``tau_hat_ij^-theta = exp(beta_ij)``. Raises :class:`ModelError` naming ``scenario`` when the fixed
    point does not reach max |Δ w_hat| < ``tol``.

    >>> c = ["A", "B", "C"]
    >>> df = pd.DataFrame([(i, j) for i in c for j in c], columns=["exporter", "importer"])
    >>> df["trade"] = np.where(df.exporter == df.importer, 80.0, 10.0)
    >>> df["beta"] = np.where((df.exporter + df.importer).isin(["AB", "BA"]), 0.5, 0.0)
    >>> res = solve_exact(df, partial="beta", theta=4)
    >>> w = res.countries.set_index("country")["welfare_pct"]
    >>> bool(w["A"] > 0 and w["C"] < 0), res.converged
    (True, True)
    """
    th = trade_elasticity(theta, sigma)
    check_option("imbalances", imbalances, IMBALANCES)
    need = [c for c in ("exporter", "importer", trade, partial) if c not in flows.columns]
    if need:
        raise DataError(f"GE data lacks column(s) {', '.join(need)}", hint="pass one year of flows with the partial effects")
    names, x = flow_matrix(flows, trade)
    check_baseline(names, x)
    _, beta = flow_matrix(flows, partial, countries=names)
    phi = np.exp(beta)
    sol = hat_algebra(x, phi, th, imbalances=imbalances, tol=tol, max_iter=max_iter)
    require_converged(sol, scenario, max_iter)
    return exact_result(names, x, phi[None], sol, 0, theta=th, imbalances=imbalances, scenario=scenario)


def require_converged(sol: HatSolution, scenario: str, max_iter: int) -> None:
    """A :class:`ModelError` naming the scenario when any solution of the batch did not converge."""
    if not sol.converged.all():
        bad = int((~sol.converged).sum())
        raise ModelError(f"scenario {scenario or '(unnamed)'}: the exact GE solver did not converge for {bad} of "
                         f"{len(sol.converged)} solution(s) in {sol.iterations} iterations (max residual "
                         f"{np.nanmax(np.where(np.isfinite(sol.residual), sol.residual, np.inf)):.2e}); check "
                         f"the baseline flows and the size of the shock, or raise max_iter ({max_iter})")
