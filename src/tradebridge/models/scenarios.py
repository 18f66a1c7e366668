"""Trade-policy scenarios: a small YAML file → a GE counterfactual with uncertainty bands.

A scenario names a baseline (any warehouse dataset or data file with domestic flows; one year; any
countries), an engine (``exact`` hat algebra, the default, or the Advanced Guide's ``ge_ppml``), the
trade elasticity (``theta``, or ``sigma = theta + 1``), how trade imbalances adjust (``additive``:
deficits fixed, as Stata's ``ge_gravity``; or ``multiplicative``), the partial effect of an agreement
on log trade (``{estimate: b, se: s}`` or ``from_panel`` with a named gravity specification) and the
shocks:

* ``add`` / ``remove``: agreements between pairs (both directions unless ``directed: true``), each
  worth the partial effect; a pair already in force (``agreements`` listed in the file, or an
  ``in_force`` column of the baseline) is not added twice, and only pairs in force can be removed;
* ``join: {country: X, bloc: Y}``: agreements between X and every member of a bloc of
  :mod:`tradebridge.reference.blocs` (``absent: skip`` lets members missing from the baseline be
  skipped with a note; the default is an error naming them);
* ``shock: {column: NAME, estimate: b, se: s}`` (or a list of them): the ``ge_gravity`` form, ``b``
  times a per-pair column of the baseline (0/1 or continuous); with ``change_to: YEAR`` the column's
  change between the baseline year and that year.

``uncertainty: {draws, seed, level, theta_se}`` draws the partial effects from N(b, se²) (and theta
from a normal truncated at 0 when ``theta_se`` is given); ``draws: 0`` is the point solution.
``sensitivity: {theta: [4, 6, 8]}`` re-solves the point solution for other elasticities. Every key
and value is checked before any solving; errors name the key or the countries.

>>> spec = parse_scenario({"name": "X", "baseline": {"data": "agtpa", "year": 2006},
...                        "partial_effect": {"estimate": 0.5, "se": 0.1}, "shocks": {"add": [["FRA", "JPN"]]}})
>>> spec.add, spec.engine, spec.theta, spec.draws
((('FRA', 'JPN'),), 'exact', 4.0, 0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml

from tradebridge._display import ResultViews
from tradebridge.errors import ConfigError, check_option
from tradebridge.models.formula import parse_formula
from tradebridge.models.ge import IMBALANCES, trade_elasticity

Engine = Literal["exact", "ge_ppml"]
ENGINES: tuple[str, ...] = ("exact", "ge_ppml")
PANEL_SPECS: tuple[str, ...] = ("pooled_fta", "formula")
MAX_DRAWS = 10_000

_KEYS = {"name", "names", "description", "descriptions", "engine", "baseline", "theta", "sigma", "imbalances", "partial_effect",
         "agreements", "shocks", "focus", "uncertainty", "sensitivity", "ge_ppml"}
_BASELINE = {"data", "year", "trade"}
_SHOCKS = {"add", "remove", "directed", "join", "shock", "in_force"}
_JOIN = {"country", "bloc", "absent"}
_COLUMN = {"column", "estimate", "se", "change_to"}
_PARTIAL = {"estimate", "se", "from_panel"}
_PANEL = {"data", "spec", "formula", "term"}
_UNC = {"draws", "seed", "level", "theta_se"}
_SENS = {"theta"}
_PPML = {"formula", "reference"}


@dataclass(frozen=True)
class FromPanel:
    """A partial effect estimated on a panel: ``pooled_fta`` (one dummy for the file's ``agreements``,
    PPML with exporter-year, importer-year and pair effects) or ``formula`` with the ``term`` to use."""

    data: str
    spec: str = "pooled_fta"
    formula: str = ""
    term: str = ""


@dataclass(frozen=True)
class ColumnShock:
    """``estimate`` × a per-pair column (``None`` estimate: the scenario's partial effect)."""

    column: str
    estimate: float | None = None
    se: float = 0.0
    change_to: int | None = None


@dataclass(frozen=True)
class ScenarioSpec:
    """A parsed, validated scenario file (see the module docstring for the keys)."""

    name: str
    description: str = ""
    engine: str = "exact"
    data: str = "agtpa"
    year: int | None = None
    trade: str = "trade"
    theta: float = 4.0
    imbalances: str = "additive"
    estimate: float | None = None
    se: float = 0.0
    from_panel: FromPanel | None = None
    agreements: tuple[str, ...] = ()
    add: tuple[tuple[str, str], ...] = ()
    remove: tuple[tuple[str, str], ...] = ()
    directed: bool = False
    joins: tuple[tuple[str, str, str], ...] = ()
    columns: tuple[ColumnShock, ...] = ()
    in_force: str | None = None
    focus: tuple[str, ...] = ()
    draws: int = 0
    seed: int = 1
    level: float = 0.90
    theta_se: float = 0.0
    sensitivity: tuple[float, ...] = ()
    formula: str = "trade ~ log_dist + contig + comlang_off + colony + rta + intl_brdr | exporter + importer"
    reference: str | None = None
    names: tuple[tuple[str, str], ...] = ()  # the name in other languages: ((lang, name), ...)
    descriptions: tuple[tuple[str, str], ...] = ()  # the description in other languages

    def title(self, lang: str = "en") -> str:
        """The scenario's name in ``lang`` (the file's ``names``), else its ``name``."""
        return dict(self.names).get(lang, self.name)

    def describe(self, lang: str = "en") -> str:
        """The scenario's description in ``lang`` (the file's ``descriptions``), else its ``description``."""
        return dict(self.descriptions).get(lang, self.description)

    @property
    def needs_partial(self) -> bool:
        """Whether a pair shock or a column shock without its own estimate uses the partial effect."""
        return bool(self.add or self.remove or self.joins or any(c.estimate is None for c in self.columns))


def _names(value: Any, key: str = "names") -> tuple[tuple[str, str], ...]:
    """``names: {es: ..., ko: ...}``: the scenario's name (or ``descriptions``: its description) in other languages."""
    if value is None:
        return ()
    if not isinstance(value, Mapping) or not all(isinstance(v, str) and v.strip() for v in value.values()):
        raise ConfigError(f"{key}: a mapping of language to text, e.g. {{es: TLC Corea–México, ko: 한·멕시코 FTA}}")
    return tuple(sorted((str(k), " ".join(v.split())) for k, v in value.items()))


def _mapping(value: Any, key: str, valid: set[str]) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ConfigError(f"{key}: expected a mapping with keys {', '.join(sorted(valid))}, got {value!r}")
    unknown = set(map(str, value)) - valid
    if unknown:
        raise ConfigError(f"unknown key(s) {', '.join(f'{key}.{k}' for k in sorted(unknown))}; "
                          f"valid keys of {key}: {', '.join(sorted(valid))}")
    return value


def _number(value: Any, key: str, kind: type = float) -> Any:
    if isinstance(value, bool):
        raise ConfigError(f"{key} must be a number, got {value!r}")
    try:
        out = kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{key} must be a number, got {value!r}") from exc
    if kind is int and float(value) != out:
        raise ConfigError(f"{key} must be a whole number, got {value!r}")
    return out


def _iso3(value: Any, key: str) -> str:
    code = str(value).strip().upper()
    if len(code) != 3 or not code.isalnum():
        raise ConfigError(f"{key}: {value!r} is not an ISO3 country code (e.g. DEU)")
    return code


def _pairs(value: Any, key: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ConfigError(f"{key}: expected a list of pairs like [[FRA, JPN]], got {value!r}")
    out = []
    for item in value:
        if not isinstance(item, Sequence) or isinstance(item, str) or len(item) != 2:
            raise ConfigError(f"{key}: each entry must be a pair like [FRA, JPN], got {item!r}")
        a, b = _iso3(item[0], key), _iso3(item[1], key)
        if a == b:
            raise ConfigError(f"{key}: {a}-{b} is not a pair of two countries")
        out.append((a, b))
    return tuple(out)


def _partial(raw: Any) -> tuple[float | None, float, FromPanel | None]:
    if raw is None:
        return None, 0.0, None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw), 0.0, None
    p = _mapping(raw, "partial_effect", _PARTIAL)
    if "from_panel" in p:
        if "estimate" in p:
            raise ConfigError("partial_effect: give either estimate (and se) or from_panel, not both")
        fp = _mapping(p["from_panel"], "partial_effect.from_panel", _PANEL)
        if "data" not in fp:
            raise ConfigError("partial_effect.from_panel needs data: the panel (a dataset or file)")
        spec = check_option("partial_effect.from_panel.spec", str(fp.get("spec", "pooled_fta")), PANEL_SPECS)
        if spec == "formula" and not (fp.get("formula") and fp.get("term")):
            raise ConfigError("partial_effect.from_panel with spec: formula needs formula and term")
        formula = str(parse_formula(str(fp["formula"]), what="from_panel.formula")) if fp.get("formula") else ""
        return None, 0.0, FromPanel(str(fp["data"]), spec, formula, str(fp.get("term", "")))
    if "estimate" not in p:
        raise ConfigError("partial_effect needs estimate (with se for draws) or from_panel")
    se = _number(p.get("se", 0.0), "partial_effect.se")
    if se < 0:
        raise ConfigError(f"partial_effect.se must be >= 0, got {se}")
    return _number(p["estimate"], "partial_effect.estimate"), se, None


def _columns(raw: Any) -> tuple[ColumnShock, ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for k, item in enumerate(items):
        key = "shocks.shock" if len(items) == 1 else f"shocks.shock[{k}]"
        c = _mapping(item, key, _COLUMN)
        if "column" not in c:
            raise ConfigError(f"{key} needs column: the per-pair column the estimate multiplies")
        se = _number(c.get("se", 0.0), f"{key}.se")
        if se < 0:
            raise ConfigError(f"{key}.se must be >= 0, got {se}")
        est = None if c.get("estimate") is None else _number(c["estimate"], f"{key}.estimate")
        to = None if c.get("change_to") is None else _number(c["change_to"], f"{key}.change_to", int)
        out.append(ColumnShock(str(c["column"]), est, se, to))
    return tuple(out)


def _joins(raw: Any) -> tuple[tuple[str, str, str], ...]:
    from tradebridge.reference.blocs import BLOCS

    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        j = _mapping(item, "shocks.join", _JOIN)
        if "country" not in j or "bloc" not in j:
            raise ConfigError("shocks.join needs country and bloc, e.g. {country: NOR, bloc: EU}")
        bloc = str(j["bloc"]).upper()
        if bloc not in BLOCS:
            raise ConfigError(f"shocks.join.bloc: unknown bloc {j['bloc']!r}; known blocs: {', '.join(BLOCS)}")
        absent = check_option("shocks.join.absent", str(j.get("absent", "error")), ("error", "skip"))
        out.append((_iso3(j["country"], "shocks.join.country"), bloc, absent))
    return tuple(out)


def _uncertainty(raw: Any) -> tuple[int, int, float, float]:
    u = _mapping(raw, "uncertainty", _UNC)
    draws = _number(u.get("draws", 0), "uncertainty.draws", int)
    if draws < 0:
        raise ConfigError(f"uncertainty.draws must be >= 0 (0 = the point solution alone), got {draws}")
    if draws > MAX_DRAWS:
        raise ConfigError(f"uncertainty.draws {draws} is more than {MAX_DRAWS:,}; 200 to 1,000 draws give stable bands")
    level = _number(u.get("level", 0.90), "uncertainty.level")
    if 50 <= level < 100:
        raise ConfigError(f"uncertainty.level is a fraction: write {level / 100:g}, not {level:g}")
    if not 0 < level < 1:
        raise ConfigError(f"uncertainty.level must be between 0 and 1 (e.g. 0.90), got {level}")
    theta_se = _number(u.get("theta_se", 0.0), "uncertainty.theta_se")
    if theta_se < 0:
        raise ConfigError(f"uncertainty.theta_se must be >= 0, got {theta_se}")
    return draws, _number(u.get("seed", 1), "uncertainty.seed", int), level, theta_se


def parse_scenario(raw: Mapping[str, Any]) -> ScenarioSpec:
    """Validate a scenario mapping; unknown keys and bad values are :class:`ConfigError` naming the key."""
    if not isinstance(raw, Mapping):
        raise ConfigError("a scenario is a mapping of keys (name, baseline, shocks, ...)")
    unknown = set(map(str, raw)) - _KEYS
    if unknown:
        raise ConfigError(f"unknown scenario key(s) {', '.join(sorted(unknown))}; valid keys: {', '.join(sorted(_KEYS))}")
    if not raw.get("name"):
        raise ConfigError("a scenario needs a name")
    engine = check_option("engine", str(raw.get("engine", "exact")), ENGINES)
    base = _mapping(raw.get("baseline"), "baseline", _BASELINE)
    theta = None if raw.get("theta") is None else _number(raw["theta"], "theta")
    sigma = None if raw.get("sigma") is None else _number(raw["sigma"], "sigma")
    theta = trade_elasticity(theta if theta is not None or sigma is not None else 4.0, sigma)
    imbalances = check_option("imbalances", str(raw.get("imbalances", "additive")), IMBALANCES)
    estimate, se, panel = _partial(raw.get("partial_effect"))
    shocks = _mapping(raw.get("shocks"), "shocks", _SHOCKS)
    draws, seed, level, theta_se = _uncertainty(raw.get("uncertainty"))
    sens = _mapping(raw.get("sensitivity"), "sensitivity", _SENS)
    thetas = tuple(trade_elasticity(_number(t, "sensitivity.theta")) for t in (sens.get("theta") or []))
    ppml = _mapping(raw.get("ge_ppml"), "ge_ppml", _PPML)
    agreements = raw.get("agreements") or []
    if not isinstance(agreements, list):
        raise ConfigError("agreements: a list of agreement ids such as [CAN-USA-FTA]")
    spec = ScenarioSpec(
        name=str(raw["name"]), description=str(raw.get("description", "")).strip(), engine=engine,
        data=str(base.get("data", "agtpa")),
        year=None if base.get("year") is None else _number(base["year"], "baseline.year", int),
        trade=str(base.get("trade", "trade")), theta=theta, imbalances=imbalances, estimate=estimate, se=se,
        from_panel=panel, agreements=tuple(str(a) for a in agreements),
        add=_pairs(shocks.get("add"), "shocks.add"), remove=_pairs(shocks.get("remove"), "shocks.remove"),
        directed=bool(shocks.get("directed", False)), joins=_joins(shocks.get("join")),
        columns=_columns(shocks.get("shock")),
        in_force=None if shocks.get("in_force") is None else str(shocks["in_force"]),
        focus=tuple(_iso3(c, "focus") for c in (raw.get("focus") or [])), draws=draws, seed=seed, level=level,
        theta_se=theta_se, sensitivity=thetas,
        formula=str(parse_formula(str(ppml.get("formula", ScenarioSpec.formula)), what="ge_ppml.formula")),
        reference=None if ppml.get("reference") is None else _iso3(ppml["reference"], "ge_ppml.reference"),
        names=_names(raw.get("names")), descriptions=_names(raw.get("descriptions"), "descriptions"))
    if not (spec.add or spec.remove or spec.joins or spec.columns):
        raise ConfigError("the scenario has no shock: give shocks.add, shocks.remove, shocks.join or shocks.shock")
    if spec.needs_partial and spec.estimate is None and spec.from_panel is None:
        raise ConfigError("the pair shocks need partial_effect: {estimate: b, se: s} or {from_panel: ...}")
    if spec.from_panel is not None and spec.from_panel.spec == "pooled_fta" and not spec.agreements:
        raise ConfigError("partial_effect.from_panel spec pooled_fta needs agreements: the ids to pool")
    if engine == "ge_ppml" and (spec.theta_se > 0 or spec.sensitivity):
        raise ConfigError("uncertainty.theta_se and sensitivity.theta need engine: exact (GE-PPML re-estimates "
                          "every step; its draws are of the partial effect only)")
    if engine == "ge_ppml" and spec.reference is None:
        raise ConfigError("engine ge_ppml needs ge_ppml.reference: the importer whose fixed effect is normalised")
    return spec


def load_scenario(path: str | Path) -> ScenarioSpec:
    """Read a scenario file; a bare name (``kor_mex_fta``) means a shipped scenario."""
    p = Path(path)
    if p.is_file():
        text = p.read_text(encoding="utf-8")
    else:
        if p.suffix or len(p.parts) > 1 or str(path) not in shipped_scenarios(examples=True):
            raise ConfigError(f"no scenario file {str(path)!r}; shipped scenarios: "
                              f"{', '.join(shipped_scenarios(examples=True))}")
        text = resources.files("tradebridge.models").joinpath("scenarios", f"{path}.yaml").read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{path}: a scenario file is a mapping of keys (name, baseline, shocks, ...)")
    return parse_scenario(raw)


def shipped_scenarios(*, examples: bool = False) -> list[str]:
    """Names of the scenarios shipped with the package (the brief's; with ``examples``, also the
    validation examples whose names start with ``example_``)."""
    folder = resources.files("tradebridge.models").joinpath("scenarios")
    names = sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))
    return names if examples else [n for n in names if not n.startswith("example_")]


def scenario_text(name: str) -> bytes:
    """The bytes of a shipped scenario file (for cache keys)."""
    return resources.files("tradebridge.models").joinpath("scenarios", f"{name}.yaml").read_bytes()


LEGACY = {"exports_pct": "exports", "imports_pct": "imports", "welfare_pct": "welfare"}


@dataclass(frozen=True, eq=False)
class ScenarioResult(ResultViews):
    """Per country (``countries``): welfare (ratio) and % changes, each measure with ``_low``/``_high``
    bands when there are draws; ``pairs``: % change in the trade of the shocked pairs; ``sensitivity``:
    the point solution's % changes for each theta of ``spec.sensitivity``."""

    spec: ScenarioSpec
    countries: pd.DataFrame
    pairs: pd.DataFrame
    estimate: float | None
    se: float
    converged: bool
    iterations: int
    residual: float
    notes: tuple[str, ...] = ()
    sensitivity: pd.DataFrame = field(default_factory=pd.DataFrame)

    title = "Scenario"

    def to_frame(self) -> pd.DataFrame:
        return self.countries.copy()

    def focus_frame(self) -> pd.DataFrame:
        """The focus countries of the file present in the baseline (all countries when none is named)."""
        if not self.spec.focus:
            return self.countries.copy()
        keep = [c for c in self.spec.focus if c in set(self.countries["country"])]
        return self.countries.set_index("country").loc[keep].reset_index()

    def legacy_focus(self) -> pd.DataFrame:
        """Focus rows with the dashboard's and the brief chart's names: ``exports``, ``exports_lo``, ...
        (% changes)."""
        f = self.focus_frame()
        out = pd.DataFrame({"country": f["country"]})
        for new, old in LEGACY.items():
            out[old] = f[new]
            if f"{new}_low" in f:
                out[f"{old}_lo"], out[f"{old}_hi"] = f[f"{new}_low"], f[f"{new}_high"]
        return out

    def _header_lines(self) -> list[str]:
        s = self.spec
        b = "" if self.estimate is None else f", partial effect b = {self.estimate:.4f} (se {self.se:.4f})"
        return [(f"{s.name}: engine {s.engine}, baseline {s.data} {s.year or ''}, theta {s.theta:g}, "
                 f"{s.imbalances} imbalances{b}, {s.draws} draws, {s.level:.0%} band; {self.iterations} "
                 f"iterations, converged: {self.converged}"), *self.notes]

    def summary(self) -> str:
        lines = [self.title, *self._header_lines()]
        lines.append(self.focus_frame().to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        if not self.pairs.empty:
            lines.append("trade of the shocked pairs (% change):")
            lines.append(self.pairs.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``tradebridge scenario run --json``."""
        s = self.spec
        out: dict[str, Any] = {
            "scenario": s.name, "description": s.description, "engine": s.engine, "converged": self.converged,
            "iterations": self.iterations, "residual": self.residual, "theta": s.theta, "sigma": s.theta + 1,
            "imbalances": s.imbalances, "baseline": {"data": s.data, "year": s.year},
            "partial_effect": {"estimate": self.estimate, "se": self.se},
            "uncertainty": {"draws": s.draws, "seed": s.seed, "level": s.level, "theta_se": s.theta_se},
            "focus": list(s.focus),
            "countries": self.countries.to_dict(orient="records"), "pairs": self.pairs.to_dict(orient="records"),
            "notes": list(self.notes)}
        if not self.sensitivity.empty:
            out["sensitivity"] = self.sensitivity.to_dict(orient="records")
        return out
