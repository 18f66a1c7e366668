"""The one scenario pipeline: a scenario file → baseline and partial effect → GE solution with bands.

:func:`solve_scenario` is the analysis (frames in, :class:`~tradebridge.models.scenarios.ScenarioResult`
out); :func:`run_scenario` adds the reading (baseline and panel through :mod:`tradebridge.models.inputs`,
the partial effect ``from_panel`` through :mod:`tradebridge.models.gravity` and
:mod:`tradebridge.models.fta`). The CLI (``tradebridge scenario run``), the brief
(:mod:`tradebridge.evidence.model_run`) and the dashboard (:mod:`tradebridge.web.results`) all call
:func:`run_scenario`.

>>> import numpy as np, pandas as pd
>>> from tradebridge.models.scenarios import parse_scenario
>>> c = ["AAA", "BBB", "CCC"]
>>> df = pd.DataFrame([(i, j) for i in c for j in c], columns=["exporter", "importer"])
>>> df["trade"] = np.where(df.exporter == df.importer, 80.0, 10.0)
>>> spec = parse_scenario({"name": "AAA-BBB FTA", "partial_effect": {"estimate": 0.5},
...                        "shocks": {"add": [["AAA", "BBB"]]}})
>>> res = solve_scenario(spec, df)
>>> w = res.countries.set_index("country")["welfare_pct"]
>>> bool(w["AAA"] > 0 > w["CCC"]), res.converged
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from tradebridge.errors import ConfigError, DataError
from tradebridge.models.ge import (
    HatSolution,
    check_baseline,
    exact_result,
    flow_matrix,
    hat_algebra,
    require_converged,
    solve_ge,
)
from tradebridge.models.scenarios import ScenarioResult, ScenarioSpec, load_scenario

MEASURES = ("welfare_pct", "exports_pct", "imports_pct", "total_trade_pct", "real_wage_pct", "price_pct")
CHUNK = 256  # draws solved together (memory: CHUNK × n × n floats)


def baseline_year(spec: ScenarioSpec, data: pd.DataFrame) -> pd.DataFrame:
    """The baseline cross-section: the file's year of a panel, or the data as it is."""
    if "year" not in data.columns:
        return data.reset_index(drop=True)
    years = sorted(set(pd.to_numeric(data["year"], errors="coerce").dropna().astype(int)))
    if spec.year is None:
        if len(years) > 1:
            raise ConfigError(f"baseline.year is needed: {spec.data} has the years {_years(years)}")
        return data.reset_index(drop=True)
    if spec.year not in years:
        raise DataError(f"{spec.data} has no flows for the baseline year {spec.year}",
                        hint=f"set baseline.year to one of {_years(years)}")
    return data[pd.to_numeric(data["year"], errors="coerce") == spec.year].reset_index(drop=True)


def _years(years: list[int]) -> str:
    return ", ".join(map(str, years)) if len(years) <= 12 else f"{years[0]}-{years[-1]}"


def _directed(pairs: Iterable[tuple[str, str]], directed: bool) -> list[tuple[str, str]]:
    out = []
    for a, b in pairs:
        out.extend([(a, b)] if directed else [(a, b), (b, a)])
    return list(dict.fromkeys(out))


def _join_pairs(spec: ScenarioSpec, names: set[str], notes: list[str]) -> list[tuple[str, str]]:
    from tradebridge.reference.blocs import bloc_members

    out = []
    for country, bloc, absent in spec.joins:
        members = [m for m in bloc_members(bloc) if m != country]
        missing = [m for m in members if m not in names]
        if missing and absent == "skip":
            notes.append(f"join {country} {bloc}: {', '.join(missing)} not in the baseline, skipped")
            members = [m for m in members if m in names]
        out.extend((country, m) for m in members)
    return out


def _check_countries(pairs: Iterable[tuple[str, str]], names: set[str], key: str, spec: ScenarioSpec) -> None:
    absent = sorted({c for p in pairs for c in p if c not in names})
    if absent:
        raise DataError(f"{key}: {', '.join(absent)} not in the baseline ({spec.data}"
                        + (f" {spec.year}" if spec.year else "") + ")",
                        hint="choose countries of the baseline, or a baseline with them"
                        + (" (join: absent: skip skips missing bloc members)" if key == "shocks.join" else ""))


def _column(frame: pd.DataFrame, full: pd.DataFrame, shock, names: list[str], spec: ScenarioSpec) -> np.ndarray:
    if shock.column not in full.columns:
        raise DataError(f"shocks.shock: the baseline has no column {shock.column!r}",
                        hint="name a per-pair column of the data (0/1 or continuous)")
    _, now = flow_matrix(frame, shock.column, countries=names)
    if shock.change_to is None:
        return now
    if "year" not in full.columns:
        raise ConfigError("shocks.shock.change_to needs a panel with a year column")
    later = full[pd.to_numeric(full["year"], errors="coerce") == shock.change_to]
    if later.empty:
        raise DataError(f"shocks.shock.change_to: {spec.data} has no rows for {shock.change_to}")
    _, then = flow_matrix(later, shock.column, countries=names)
    return then - now


def _design(spec: ScenarioSpec, frame: pd.DataFrame, full: pd.DataFrame, names: list[str],
            in_force: set[frozenset[str]] | None, notes: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
    """The pair-shock matrix (+1 added, -1 removed) and one matrix per column shock."""
    known = set(names)
    idx = {c: k for k, c in enumerate(names)}
    _check_countries(spec.add, known, "shocks.add", spec)
    _check_countries(spec.remove, known, "shocks.remove", spec)
    joins = _join_pairs(spec, known, notes)
    _check_countries(joins, known, "shocks.join", spec)
    if spec.in_force is not None:
        if spec.in_force not in frame.columns:
            raise DataError(f"shocks.in_force: the baseline has no column {spec.in_force!r}")
        flag = frame[pd.to_numeric(frame[spec.in_force], errors="coerce").fillna(0) > 0]
        in_force = {frozenset(p) for p in zip(flag["exporter"], flag["importer"], strict=True)}
    active = in_force or set()
    a = np.zeros((len(names), len(names)))
    for sign, pairs in ((1.0, [*spec.add, *joins]), (-1.0, list(spec.remove))):
        for e, m in _directed(pairs, spec.directed):
            on = frozenset((e, m)) in active
            if (sign > 0 and on) or (sign < 0 and not on):
                notes.append(f"{e}-{m}: " + ("already in force in the baseline, not added" if on
                                              else "no agreement in force in the baseline, nothing to remove"))
                continue
            a[idx[e], idx[m]] = sign
    return a, [_column(frame, full, c, names, spec) for c in spec.columns]


def _draws(spec: ScenarioSpec, estimate: float | None, se: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Partial effects (draws × 1), column-shock estimates (draws × k) and thetas, from N(b, se²)."""
    rng = np.random.default_rng(spec.seed)
    n = spec.draws
    b = rng.normal(estimate or 0.0, se, n) if estimate is not None else np.zeros(n)
    cols = np.column_stack([rng.normal(c.estimate if c.estimate is not None else (estimate or 0.0),
                                       c.se if c.estimate is not None else se, n) for c in spec.columns]) \
        if spec.columns else np.zeros((n, 0))
    for k, c in enumerate(spec.columns):
        if c.estimate is None:
            cols[:, k] = b  # the same draw as the pair shocks: one partial effect
    theta = np.full(n, spec.theta)
    if spec.theta_se > 0:
        theta = rng.normal(spec.theta, spec.theta_se, n)
        for _ in range(100):  # truncated at 0: redraw the non-positive ones
            bad = theta <= 0.05
            if not bad.any():
                break
            theta[bad] = rng.normal(spec.theta, spec.theta_se, int(bad.sum()))
    return b, cols, theta


def _metrics(x: np.ndarray, sol: HatSolution) -> dict[str, np.ndarray]:
    off = ~np.eye(x.shape[0], dtype=bool)
    ex0, im0 = (x * off).sum(axis=1), (x * off).sum(axis=0)
    f = sol.flows * off
    ex1, im1 = f.sum(axis=2), f.sum(axis=1)
    return {"welfare_pct": (sol.welfare - 1) * 100, "exports_pct": (ex1 / ex0 - 1) * 100,
            "imports_pct": (im1 / im0 - 1) * 100, "total_trade_pct": ((ex1 + im1) / (ex0 + im0) - 1) * 100,
            "real_wage_pct": (sol.wage / sol.price_index - 1) * 100, "price_pct": (sol.wage - 1) * 100}


def _solve_batch(spec: ScenarioSpec, x: np.ndarray, beta: np.ndarray, theta: np.ndarray, start: np.ndarray | None):
    sols = []
    for k in range(0, len(beta), CHUNK):
        sol = hat_algebra(x, np.exp(beta[k:k + CHUNK]), theta[k:k + CHUNK], imbalances=spec.imbalances, start=start)
        require_converged(sol, spec.name, 10_000)
        sols.append(sol)
    return sols


def solve_scenario(
    spec: ScenarioSpec,
    data: pd.DataFrame,
    *,
    estimate: float | None = None,
    se: float | None = None,
    in_force: set[frozenset[str]] | None = None,
) -> ScenarioResult:
    """Solve ``spec`` on ``data`` (the baseline, or a panel holding its year). ``estimate``/``se``: the
    partial effect (default: the file's); ``in_force``: pairs with an agreement in force in the baseline."""
    estimate = spec.estimate if estimate is None else float(estimate)
    se = spec.se if se is None else float(se)
    if spec.needs_partial and estimate is None:
        raise ConfigError(f"scenario {spec.name}: no partial effect (estimate it from_panel or give estimate)")
    notes: list[str] = []
    frame = baseline_year(spec, data)
    if spec.trade not in frame.columns:
        raise DataError(f"the baseline has no trade column {spec.trade!r}", hint="set baseline.trade")
    names, x = flow_matrix(frame, spec.trade)
    check_baseline(names, x)
    a, cols = _design(spec, frame, data, names, in_force, notes)

    def beta(b: np.ndarray, c: np.ndarray) -> np.ndarray:
        out = b[:, None, None] * a[None]
        for k, m in enumerate(cols):
            out = out + c[:, k][:, None, None] * m[None]
        return out

    b0 = np.array([estimate or 0.0])
    c0 = np.array([[s.estimate if s.estimate is not None else (estimate or 0.0) for s in spec.columns]])
    central_beta = beta(b0, c0.reshape(1, -1))
    if spec.engine == "ge_ppml":
        return _solve_ge_ppml(spec, frame, names, central_beta, beta, estimate, se, notes)
    central = _solve_batch(spec, x, central_beta, np.array([spec.theta]), None)[0]
    result = exact_result(names, x, np.exp(central_beta), central, 0, theta=spec.theta,
                          imbalances=spec.imbalances, scenario=spec.name)
    countries = result.countries.drop(columns=["exports_baseline", "exports_new", "imports_baseline", "imports_new"])
    shocked = (np.abs(central_beta[0]) > 0) & ~np.eye(len(names), dtype=bool)
    rows, cols_ = np.nonzero(shocked)
    pairs = pd.DataFrame({"exporter": [names[r] for r in rows], "importer": [names[c] for c in cols_],
                          "partial": central_beta[0][rows, cols_],
                          "trade_pct": (central.flows[0][rows, cols_] / x[rows, cols_] - 1) * 100})
    iterations, residual = central.iterations, float(central.residual[0])
    if spec.draws:
        b, c, th = _draws(spec, estimate, se)
        sols = _solve_batch(spec, x, beta(b, c), th, central.wage[0])
        iterations = max(iterations, *(s.iterations for s in sols))
        residual = max(residual, *(float(s.residual.max()) for s in sols))
        stats = {m: np.concatenate([_metrics(x, s)[m] for s in sols]) for m in MEASURES}
        pair_draws = np.concatenate([s.flows[:, rows, cols_] / x[rows, cols_] for s in sols]) * 100 - 100
        lo, hi = (1 - spec.level) / 2, 1 - (1 - spec.level) / 2
        for m in MEASURES:
            countries[f"{m}_low"] = np.quantile(stats[m], lo, axis=0)
            countries[f"{m}_high"] = np.quantile(stats[m], hi, axis=0)
        pairs["trade_pct_low"] = np.quantile(pair_draws, lo, axis=0)
        pairs["trade_pct_high"] = np.quantile(pair_draws, hi, axis=0)
    sens = _sensitivity(spec, x, names, central_beta)
    return ScenarioResult(spec=spec, countries=countries, pairs=pairs, estimate=estimate, se=se, converged=True,
                          iterations=iterations, residual=residual, notes=tuple(notes), sensitivity=sens)


def _sensitivity(spec: ScenarioSpec, x: np.ndarray, names: list[str], central_beta: np.ndarray) -> pd.DataFrame:
    if not spec.sensitivity:
        return pd.DataFrame()
    thetas = np.array(spec.sensitivity)
    sols = _solve_batch(spec, x, np.repeat(central_beta, len(thetas), axis=0), thetas, None)
    stats = {m: np.concatenate([_metrics(x, s)[m] for s in sols]) for m in MEASURES[:3]}
    rows = [{"theta": float(t), "country": c, **{m: float(stats[m][k, i]) for m in stats}}
            for k, t in enumerate(thetas) for i, c in enumerate(names)]
    return pd.DataFrame(rows)


GE_PPML_COLUMNS = {"change_rGDP_FULL": "welfare_pct", "change_Xi_FULL": "exports_pct", "change_Mi_FULL": "imports_pct",
                   "change_price_FULL": "price_pct", "change_IMR_FULL": "imr_pct", "change_OMR_FULL": "omr_pct"}


def _solve_ge_ppml(spec, frame, names, central_beta, beta, estimate, se, notes) -> ScenarioResult:
    """The Advanced Guide's loop: trade costs from the gravity formula on the baseline, plus the shock."""
    from tradebridge.models.gravity import estimate_gravity, prepare_data

    fit = estimate_gravity(frame, spec.formula)
    if not fit.converged:
        notes.append("the baseline gravity fit did not converge")
    coefs = fit.coefficients.set_index("term")["estimate"]
    prepared, _ = prepare_data(frame, spec.formula)
    prepared = prepared.reset_index(drop=True)
    prepared["ln_t_bln"] = sum(coefs[t] * prepared[t].astype(float) for t in coefs.index)
    idx = {c: k for k, c in enumerate(names)}
    ei = prepared["exporter"].map(idx).to_numpy()
    ii = prepared["importer"].map(idx).to_numpy()

    def solve(bm: np.ndarray):
        prepared["ln_t_cfl"] = prepared["ln_t_bln"] + bm[ei, ii]
        res = solve_ge(prepared, cost_baseline="ln_t_bln", cost_counterfactual="ln_t_cfl",
                       reference=spec.reference, sigma=spec.theta + 1, trade=spec.trade)
        if not res.converged:
            raise_not_converged(spec, res.iterations)
        return res

    central = solve(central_beta[0])
    c = central.countries.set_index("country")
    countries = pd.DataFrame({"country": names})
    for old, new in GE_PPML_COLUMNS.items():
        countries[new] = c.loc[names, old].to_numpy()
    countries.insert(1, "welfare", 1 + countries["welfare_pct"] / 100)
    shocked = (np.abs(central_beta[0]) > 0) & ~np.eye(len(names), dtype=bool)
    rows, cols = np.nonzero(shocked)
    keys = [(names[r], names[k]) for r, k in zip(rows, cols, strict=True)]

    def pair_pct(res) -> np.ndarray:
        f = res.flows.set_index(["exporter", "importer"]).loc[keys]
        return ((f["trade_FULL"] / f["trade_BLN"] - 1) * 100).to_numpy()

    pairs = pd.DataFrame({"exporter": [k[0] for k in keys], "importer": [k[1] for k in keys],
                          "partial": central_beta[0][rows, cols], "trade_pct": pair_pct(central) if keys else []})
    if spec.draws:
        b, cdraw, _ = _draws(spec, estimate, se)
        runs = [solve(m) for m in beta(b, cdraw)]
        lo, hi = (1 - spec.level) / 2, 1 - (1 - spec.level) / 2
        for old, new in list(GE_PPML_COLUMNS.items())[:3]:
            st = np.stack([r.countries.set_index("country").loc[names, old].to_numpy() for r in runs])
            countries[f"{new}_low"], countries[f"{new}_high"] = np.quantile(st, lo, axis=0), np.quantile(st, hi, axis=0)
        if keys:
            st = np.stack([pair_pct(r) for r in runs])
            pairs["trade_pct_low"], pairs["trade_pct_high"] = np.quantile(st, lo, axis=0), np.quantile(st, hi, axis=0)
    return ScenarioResult(spec=spec, countries=countries, pairs=pairs, estimate=estimate, se=se, converged=True,
                          iterations=central.iterations, residual=float("nan"), notes=tuple(notes))


def raise_not_converged(spec: ScenarioSpec, iterations: int) -> None:
    from tradebridge.errors import ModelError

    raise ModelError(f"scenario {spec.name}: the GE-PPML loop did not meet the book's stopping rule in "
                     f"{iterations} iterations; use engine: exact")


# ------------------------------------------------------------------------------------------ reading


def resolve_data(source: str, raw_dir: Path | None) -> str:
    """A dataset name as it is; a file path only inside the raw-data folder (relative to it)."""
    looks_like_file = "/" in source or "\\" in source or Path(source).suffix != ""
    if not looks_like_file:
        return source
    if raw_dir is None:
        raise ConfigError(f"baseline file {source!r} needs the raw-data folder (--raw DIR or TRADEBRIDGE_RAW)")
    p = Path(source)
    if p.is_absolute() or ".." in p.parts:
        raise ConfigError(f"{source!r}: a scenario's data file is a path relative to the raw-data folder")
    root = Path(raw_dir).resolve()
    full = (root / p).resolve()
    if not full.is_relative_to(root) or not full.is_file():
        raise ConfigError(f"no data file {source!r} in the raw-data folder")
    return str(full)


def agreements_for(ids: Iterable[str], store_path: Path | None) -> dict:
    """Agreement objects (members from the id ``A-B-KIND``, dates from the warehouse or the timeline)."""
    from tradebridge.models.fta import Agreement
    from tradebridge.models.inputs import agreement_dates

    dates = agreement_dates(store_path)
    out = {}
    for aid in ids:
        parts = aid.split("-")
        if len(parts) < 3 or aid not in dates or pd.isna(dates[aid]):
            raise ConfigError(f"agreements: no entry-into-force date for {aid!r} (ids look like A-B-FTA with ISO3 codes, from the agreement timeline or the warehouse)")
        out[aid] = Agreement.from_id(aid, dates[aid])
    return out


def partial_from_panel(spec: ScenarioSpec, *, store_path: Path | None, raw_dir: Path | None,
                       agreements: Mapping | None = None) -> tuple[float, float]:
    """The partial effect estimated on the file's panel (``pooled_fta`` or ``formula``/``term``)."""
    from tradebridge.models.inputs import load_gravity_data

    fp = spec.from_panel
    panel = load_gravity_data(resolve_data(fp.data, raw_dir), store_path=store_path)
    if fp.spec == "pooled_fta":
        from tradebridge.models.fta import identified_pooled_effect

        b, se, _ = identified_pooled_effect(panel, agreements or agreements_for(spec.agreements, store_path))
        return b, se
    from tradebridge.models.gravity import estimate_gravity

    fit = estimate_gravity(panel, fp.formula)
    return fit.coefficient(fp.term), fit.se(fp.term)


def run_scenario(
    spec: ScenarioSpec | str | Path,
    *,
    store_path: Path | None = None,
    raw_dir: Path | None = None,
    partial: tuple[float, float] | None = None,
    draws: int | None = None,
    data: pd.DataFrame | None = None,
) -> ScenarioResult:
    """Read what ``spec`` names and solve it: the CLI, the brief and the dashboard call this.

    ``partial`` = (b, se) replaces the file's partial effect (the brief passes the pooled estimate it
    has already made); ``draws`` overrides the file's number of draws; ``data`` a baseline already read.
    """
    from tradebridge.models.inputs import load_gravity_data

    spec = spec if isinstance(spec, ScenarioSpec) else load_scenario(spec)
    if draws is not None:
        if not 0 <= draws <= 10_000:
            raise ConfigError(f"draws must be between 0 and 10,000, got {draws}")
        spec = replace(spec, draws=int(draws))
    agreements = agreements_for(spec.agreements, store_path) if spec.agreements else {}
    if partial is None and spec.estimate is None and spec.from_panel is not None:
        partial = partial_from_panel(spec, store_path=store_path, raw_dir=raw_dir, agreements=agreements)
    if data is None:
        data = load_gravity_data(resolve_data(spec.data, raw_dir), store_path=store_path)
    year = spec.year if spec.year is not None else 10_000
    in_force = {frozenset((a.a, a.b)) for a in agreements.values() if a.year <= year} if agreements else None
    b, se = (None, None) if partial is None else partial
    return solve_scenario(spec, data, estimate=b, se=se, in_force=in_force)
