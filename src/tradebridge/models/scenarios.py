"""Trade-policy scenarios: a small YAML file → GE-PPML counterfactual with an uncertainty band.

A scenario names a baseline cross-section with internal flows (the Advanced Guide panel ``agtpa``
by default), the gravity formula whose estimates give the trade costs, the Korea–PA FTA effect (a
number with its standard error, or ``from_panel`` to estimate the pooled effect of Korea's PA FTAs
on a panel), and the changes: bilateral FTAs to ``add`` or ``remove``. Trade costs are

    ln t_ij = b · x_ij (estimated on the baseline year) + beta_FTA * FTA_ij

with ``FTA_ij`` = 1 for pairs whose Korea–PA FTA is in force in the baseline year (baseline) or
after the changes (counterfactual). The band comes from re-solving the GE model for draws of
``beta_FTA`` from N(b, se^2).

Shipped scenarios (``tradebridge/models/scenarios/*.yaml``): ``kor_mex_fta``, ``kor_pa_associate``,
``remove_kor_pa_ftas``.

>>> spec = parse_scenario({"name": "X", "changes": {"add": [["KOR", "MEX"]]}})
>>> spec.add, spec.fta_effect
((('KOR', 'MEX'),), 'from_panel')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from tradebridge.errors import ConfigError, DataError
from tradebridge.models._display import ResultViews
from tradebridge.models.fta import Agreement
from tradebridge.models.ge import GEResult, solve_ge
from tradebridge.models.gravity import estimate_gravity

FOCUS = ("KOR", "CHL", "COL", "MEX", "PER")
_KEYS = {"name", "description", "data", "year", "reference", "sigma", "formula", "fta_effect", "panel",
         "changes", "uncertainty", "focus"}


@dataclass(frozen=True)
class ScenarioSpec:
    """A parsed scenario file (see the module docstring for the fields)."""

    name: str
    description: str = ""
    data: str = "agtpa"
    year: int = 2006
    reference: str = "DEU"
    sigma: float = 7.0
    formula: str = "trade ~ log_dist + contig + comlang_off + colony + rta + intl_brdr | exporter + importer"
    fta_effect: str | tuple[float, float] = "from_panel"
    panel: str = "comtrade_aggregate"
    add: tuple[tuple[str, str], ...] = ()
    remove: tuple[tuple[str, str], ...] = ()
    draws: int = 20
    seed: int = 1
    level: float = 0.90
    focus: tuple[str, ...] = FOCUS


def _pairs(value: Any, key: str) -> tuple[tuple[str, str], ...]:
    out = []
    for item in value or []:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise ConfigError(f"changes.{key}: each entry must be a pair like [KOR, MEX], got {item!r}")
        out.append((str(item[0]).upper(), str(item[1]).upper()))
    return tuple(out)


def parse_scenario(raw: Mapping[str, Any]) -> ScenarioSpec:
    """Validate a scenario mapping; unknown keys are errors that list the valid ones."""
    unknown = set(raw) - _KEYS
    if unknown:
        raise ConfigError(f"unknown scenario key(s) {', '.join(sorted(unknown))}; valid keys: {', '.join(sorted(_KEYS))}")
    if "name" not in raw:
        raise ConfigError("a scenario needs a name")
    changes = raw.get("changes") or {}
    bad = set(changes) - {"add", "remove"}
    if bad:
        raise ConfigError(f"unknown change(s) {', '.join(sorted(bad))}; valid: add, remove")
    effect: Any = raw.get("fta_effect", "from_panel")
    if isinstance(effect, Mapping):
        try:
            effect = (float(effect["estimate"]), float(effect["se"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError("fta_effect must be 'from_panel' or {estimate: b, se: s}") from exc
    elif effect != "from_panel":
        raise ConfigError("fta_effect must be 'from_panel' or {estimate: b, se: s}")
    unc = raw.get("uncertainty") or {}
    defaults = ScenarioSpec(name="")
    return ScenarioSpec(
        name=str(raw["name"]), description=str(raw.get("description", "")).strip(),
        data=str(raw.get("data", defaults.data)), year=int(raw.get("year", defaults.year)),
        reference=str(raw.get("reference", defaults.reference)), sigma=float(raw.get("sigma", defaults.sigma)),
        formula=str(raw.get("formula", defaults.formula)), fta_effect=effect,
        panel=str(raw.get("panel", defaults.panel)),
        add=_pairs(changes.get("add"), "add"), remove=_pairs(changes.get("remove"), "remove"),
        draws=int(unc.get("draws", defaults.draws)), seed=int(unc.get("seed", defaults.seed)),
        level=float(unc.get("level", defaults.level)),
        focus=tuple(str(c).upper() for c in raw.get("focus", FOCUS)),
    )


def load_scenario(path: str | Path) -> ScenarioSpec:
    """Read a scenario file; a bare name (``kor_mex_fta``) means a shipped scenario."""
    p = Path(path)
    if not p.is_file():
        shipped = resources.files("tradebridge.models").joinpath("scenarios", f"{p.stem}.yaml")
        if not shipped.is_file():
            raise ConfigError(f"no scenario file {path!r}; shipped scenarios: {', '.join(shipped_scenarios())}")
        text = shipped.read_text(encoding="utf-8")
    else:
        text = p.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{path}: a scenario file is a mapping of keys (name, changes, ...)")
    return parse_scenario(raw)


def shipped_scenarios() -> list[str]:
    """Names of the scenarios shipped with the package."""
    folder = resources.files("tradebridge.models").joinpath("scenarios")
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


@dataclass(frozen=True, eq=False)
class ScenarioResult(ResultViews):
    """Per country: % change in exports, imports and welfare (real GDP), central value and band;
    ``bilateral``: % change in the trade of the pairs the scenario changes (both directions)."""

    spec: ScenarioSpec
    countries: pd.DataFrame
    fta_estimate: float
    fta_se: float
    central: GEResult = field(repr=False)
    notes: tuple[str, ...] = ()
    bilateral: pd.DataFrame = field(default_factory=pd.DataFrame)

    title = "Scenario"

    def to_frame(self) -> pd.DataFrame:
        return self.countries.copy()

    def focus_frame(self) -> pd.DataFrame:
        """Only the focus countries (Korea and the PA members present in the data)."""
        return self.countries[self.countries["country"].isin(self.spec.focus)].reset_index(drop=True)

    def _header_lines(self) -> list[str]:
        s = self.spec
        return [(f"{s.name}: baseline {s.data} {s.year}, sigma {s.sigma}, FTA effect b = {self.fta_estimate:.4f} "
                 f"(se {self.fta_se:.4f}), {s.draws} draws, {s.level:.0%} band"), *self.notes]

    def summary(self) -> str:
        lines = [self.title, *self._header_lines()]
        lines.append(self.focus_frame().to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        if not self.bilateral.empty:
            lines.append("bilateral trade of the changed pairs (% change):")
            lines.append(self.bilateral.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        s = self.spec
        return {
            "scenario": s.name, "description": s.description, "baseline": {"data": s.data, "year": s.year},
            "sigma": s.sigma, "fta_effect": {"estimate": self.fta_estimate, "se": self.fta_se},
            "changes": {"add": [list(p) for p in s.add], "remove": [list(p) for p in s.remove]},
            "uncertainty": {"draws": s.draws, "seed": s.seed, "level": s.level},
            "focus": self.focus_frame().to_dict(orient="records"),
            "bilateral": self.bilateral.to_dict(orient="records"),
            "countries": self.countries.to_dict(orient="records"), "notes": list(self.notes),
        }


def _fta_matrix(frame: pd.DataFrame, pairs: set[frozenset[str]]) -> np.ndarray:
    key = [frozenset((e, i)) for e, i in zip(frame["exporter"], frame["importer"], strict=True)]
    return np.array([1.0 if (len(k) == 2 and k in pairs) else 0.0 for k in key])


def baseline_fta_pairs(agreements: Mapping[str, Agreement], year: int) -> set[frozenset[str]]:
    """Pairs whose agreement is in force in ``year``."""
    return {frozenset((a.a, a.b)) for a in agreements.values() if a.year <= year}


def run_scenario(
    spec: ScenarioSpec,
    data: pd.DataFrame,
    *,
    fta_estimate: float,
    fta_se: float,
    agreements: Mapping[str, Agreement],
) -> ScenarioResult:
    """Solve the scenario's GE counterfactual for ``b`` and for ``spec.draws`` draws from N(b, se^2)."""
    frame = data[data["year"].astype(int) == spec.year].copy() if "year" in data.columns else data.copy()
    if frame.empty:
        raise DataError(f"no rows for the baseline year {spec.year}", hint="set `year:` in the scenario file")
    countries = set(frame["exporter"])
    notes = []
    for pair in (*spec.add, *spec.remove):
        absent = [c for c in pair if c not in countries]
        if absent:
            notes.append(f"{'-'.join(pair)}: {', '.join(absent)} not in the baseline data; change has no effect")
    fit = estimate_gravity(frame, spec.formula)
    coefs = fit.coefficients.set_index("term")["estimate"]
    from tradebridge.models.gravity import prepare_data

    prepared, _ = prepare_data(frame, spec.formula)
    frame = prepared.reset_index(drop=True)
    frame["ln_t_other"] = sum(coefs[t] * frame[t].astype(float) for t in coefs.index)
    bln_pairs = baseline_fta_pairs(agreements, spec.year)
    cfl_pairs = (bln_pairs | {frozenset(p) for p in spec.add}) - {frozenset(p) for p in spec.remove}
    f_bln, f_cfl = _fta_matrix(frame, bln_pairs), _fta_matrix(frame, cfl_pairs)
    notes.append("Korea–PA FTAs in force in the baseline year: "
                 + (", ".join(sorted("-".join(sorted(p)) for p in bln_pairs)) or "none"))

    def solve(beta: float) -> GEResult:
        frame["ln_t_bln"] = frame["ln_t_other"] + beta * f_bln
        frame["ln_t_cfl"] = frame["ln_t_other"] + beta * f_cfl
        return solve_ge(frame, cost_baseline="ln_t_bln", cost_counterfactual="ln_t_cfl",
                        reference=spec.reference, sigma=spec.sigma)

    changed = sorted({(a, b) for p in (*spec.add, *spec.remove) for a, b in (p, p[::-1])
                      if a in countries and b in countries})

    def bilateral(res: GEResult) -> np.ndarray:
        fl = res.flows.set_index(["exporter", "importer"]).loc[changed]
        return ((fl["trade_FULL"] / fl["trade_BLN"] - 1) * 100).to_numpy()

    central = solve(fta_estimate)
    rng = np.random.default_rng(spec.seed)
    cols = {"change_Xi_FULL": "exports", "change_Mi_FULL": "imports", "change_rGDP_FULL": "welfare"}
    draws, pair_draws = [], []
    for b in rng.normal(fta_estimate, fta_se, spec.draws):
        res = solve(float(b))
        draws.append(res.countries.set_index("country")[list(cols)])
        if changed:
            pair_draws.append(bilateral(res))
    out = central.countries.set_index("country")[list(cols)].rename(columns=cols)
    lo_q, hi_q = (1 - spec.level) / 2, 1 - (1 - spec.level) / 2
    if draws:
        stack = np.stack([d.loc[out.index].to_numpy() for d in draws])
        for k, name in enumerate(cols.values()):
            out[f"{name}_lo"] = np.quantile(stack[:, :, k], lo_q, axis=0)
            out[f"{name}_hi"] = np.quantile(stack[:, :, k], hi_q, axis=0)
    order = ["exports", "exports_lo", "exports_hi", "imports", "imports_lo", "imports_hi",
             "welfare", "welfare_lo", "welfare_hi"]
    out = out[[c for c in order if c in out.columns]].reset_index()
    pairs = pd.DataFrame(changed, columns=["exporter", "importer"])
    if changed:
        pairs["trade"] = bilateral(central)
        if pair_draws:
            stack = np.stack(pair_draws)
            pairs["trade_lo"] = np.quantile(stack, lo_q, axis=0)
            pairs["trade_hi"] = np.quantile(stack, hi_q, axis=0)
    return ScenarioResult(spec=spec, countries=out, fta_estimate=fta_estimate, fta_se=fta_se, central=central,
                          notes=tuple(notes), bilateral=pairs)
