"""FTA effects: one dummy per agreement and direction, phase-in lags, an event study, partial effects.

The specification is the structural gravity panel of the Advanced Guide (chapter 3): PPML with
exporter-year, importer-year and pair fixed effects, so an agreement's coefficient is identified
from the change in the pair's trade after entry into force, relative to the pair's average and to
every exporter's and importer's trade that year. Other agreements are controlled for with one
``other_rta`` dummy when the data carries an ``agreement_id`` column (non-empty / nonzero = some
agreement covers the pair that year).

An agreement is "in force" in a panel year from the calendar year of its entry into force
(``year >= in_force.year``), the coding of the penppml/DESTA data; with 4-yearly data a lag of 4
means "in force for 4 more years". Entry-into-force dates come from the caller (``agreements``),
by default from :func:`tradebridge.reference.timeline.in_force_dates`.

Identification guard (:func:`split_identified`): an agreement's effect is estimated only when the
panel has at least :data:`MIN_POST_ENTRY_YEARS` (4) years after the entry year and
:data:`MIN_POST_OBSERVATIONS` (2) panel years from the entry year on; otherwise it is "too early to
estimate", and :func:`without_post_entry` keeps its post-entry observations out of the estimates.

The partial effect of a coefficient ``b`` is ``exp(b) - 1`` (proportional change in trade), with a
confidence interval from the transformed ends of ``b``'s interval.

>>> import pandas as pd
>>> ags = {"X-Y": Agreement("X-Y", "X", "Y", pd.Timestamp("2004-04-01"))}
>>> df = pd.DataFrame({"exporter": ["X", "X", "Y"], "importer": ["Y", "Y", "X"], "year": [2000, 2008, 2008]})
>>> out, cols = add_fta_dummies(df, ags, lags=(4,))
>>> cols, out["fta_X_Y"].tolist(), out["fta_X_Y_lag4"].tolist()
(['fta_X_Y', 'fta_X_Y_lag4', 'fta_Y_X', 'fta_Y_X_lag4'], [0, 1, 0], [0, 1, 0])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from tradebridge._display import ResultViews
from tradebridge.errors import DataError, ModelError
from tradebridge.models.gravity import GravityResult, estimate_gravity


@dataclass(frozen=True)
class Agreement:
    """A bilateral agreement: id, its two members (ISO3) and the entry-into-force date."""

    id: str
    a: str
    b: str
    in_force: pd.Timestamp

    @property
    def year(self) -> int:
        return int(self.in_force.year)

    @classmethod
    def from_id(cls, agreement_id: str, in_force) -> Agreement:
        """The agreement ``A-B-KIND`` (ISO3 members first) in force from ``in_force``.

        >>> Agreement.from_id("X-Y-FTA", "2004-04-01").b
        'Y'
        """
        a, b, *_ = agreement_id.split("-")
        return cls(agreement_id, a, b, pd.Timestamp(in_force))


def bilateral_ftas(reporter: str, partners: Sequence[str],
                   dates: Mapping[str, pd.Timestamp] | None = None) -> dict[str, Agreement]:
    """The reporter's bilateral FTAs in force with each partner: ids ``<reporter>-<partner>-FTA`` (or
    the partner first) that have an entry-into-force date in ``dates``, by default the curated
    timeline (:func:`tradebridge.reference.timeline.in_force_dates`). A partner without one is left out.

    >>> import pandas as pd
    >>> sorted(bilateral_ftas("X", ["Y", "Z", "W"], {"X-Y-FTA": pd.Timestamp("2004-04-01"),
    ...                                              "Z-X-FTA": pd.Timestamp("2011-08-01"), "X-W-BIT": pd.NaT}))
    ['X-Y-FTA', 'Z-X-FTA']
    """
    if dates is None:
        from tradebridge.reference.timeline import in_force_dates

        dates = in_force_dates()
    out = {}
    for partner in partners:
        for aid in (f"{reporter}-{partner}-FTA", f"{partner}-{reporter}-FTA"):
            when = dates.get(aid)
            if when is not None and not pd.isna(when):
                out[aid] = Agreement.from_id(aid, when)
                break
    return out


MIN_POST_ENTRY_YEARS = 4
"""An agreement's effect is estimated only when the panel runs at least this many years past the
calendar year of entry into force (``last panel year - entry year >= 4``) ..."""
MIN_POST_OBSERVATIONS = 2
"""... and has at least this many panel years from the entry year on (with four-yearly data: the entry
observation and one four years later). Otherwise the dummy is identified from a single year that
mixes the agreement with everything else that happened that year: "too early to estimate"."""


@dataclass(frozen=True)
class Identification:
    """Whether an agreement's effect can be estimated from a panel, and why not."""

    agreement: str
    entry_year: int
    last_year: int
    post_observations: int

    @property
    def post_years(self) -> int:
        return self.last_year - self.entry_year

    @property
    def too_early(self) -> bool:
        return self.post_years < MIN_POST_ENTRY_YEARS or self.post_observations < MIN_POST_OBSERVATIONS

    @property
    def reason(self) -> str:
        return (f"in force from {self.entry_year}; the panel ends in {self.last_year} ({self.post_years} years and "
                f"{self.post_observations} observation(s) after entry; at least {MIN_POST_ENTRY_YEARS} years and "
                f"{MIN_POST_OBSERVATIONS} observations are needed)")


def identification(years: Sequence[int], agreement: Agreement) -> Identification:
    """The post-entry coverage of ``agreement`` in a panel with the given years.

    >>> ag = Agreement("X-Y", "X", "Y", pd.Timestamp("2016-07-15"))
    >>> i = identification(range(1988, 2017, 4), ag)
    >>> i.too_early, i.post_years, i.post_observations
    (True, 0, 1)
    >>> identification(range(1988, 2017, 4), Agreement("X-Z", "X", "Z", pd.Timestamp("2012-01-01"))).too_early
    False
    """
    ys = sorted({int(y) for y in years})
    if not ys:
        raise DataError("the panel has no years; cannot tell whether an agreement's effect is identified")
    return Identification(agreement.id, agreement.year, ys[-1], sum(y >= agreement.year for y in ys))


def split_identified(years: Sequence[int], agreements: Mapping[str, Agreement]
                     ) -> tuple[dict[str, Agreement], dict[str, Identification]]:
    """The agreements with enough post-entry panel years, and the too-early ones with their coverage
    (:data:`MIN_POST_ENTRY_YEARS`, :data:`MIN_POST_OBSERVATIONS`)."""
    ok: dict[str, Agreement] = {}
    early: dict[str, Identification] = {}
    for key, ag in agreements.items():
        ident = identification(years, ag)
        if ident.too_early:
            early[key] = ident
        else:
            ok[key] = ag
    return ok, early


def without_post_entry(frame: pd.DataFrame, agreements: Mapping[str, Agreement]) -> pd.DataFrame:
    """``frame`` less the observations of each agreement's pair (both directions) from its entry year on:
    how a too-early agreement is kept out of an estimate, neither counted as an FTA nor as no FTA.

    >>> ag = {"X-Y": Agreement("X-Y", "X", "Y", pd.Timestamp("2016-07-15"))}
    >>> df = pd.DataFrame({"exporter": ["X", "Y", "X"], "importer": ["Y", "X", "Z"], "year": [2016, 2012, 2016]})
    >>> without_post_entry(df, ag)[["exporter", "year"]].values.tolist()
    [['Y', 2012], ['X', 2016]]
    """
    drop = pd.Series(False, index=frame.index)
    years = frame["year"].astype(int)
    for ag in agreements.values():
        pair = ((frame["exporter"] == ag.a) & (frame["importer"] == ag.b)) | (
            (frame["exporter"] == ag.b) & (frame["importer"] == ag.a))
        drop |= pair & (years >= ag.year)
    return frame[~drop]


def _direction_name(exporter: str, importer: str) -> str:
    return f"fta_{exporter}_{importer}"


def add_fta_dummies(
    frame: pd.DataFrame,
    agreements: Mapping[str, Agreement],
    *,
    lags: Sequence[int] = (),
    directional: bool = True,
) -> tuple[pd.DataFrame, list[str]]:
    """Add one dummy per agreement (and direction) and its phase-in lags; return frame and names.

    ``fta_KOR_CHL`` is 1 for Korea's exports to Chile from the entry-into-force year on;
    ``fta_KOR_CHL_lag4`` is 1 from four years later. With ``directional=False`` the two
    directions share ``fta_KOR_CHL``.
    """
    need = [c for c in ("exporter", "importer", "year") if c not in frame.columns]
    if need:
        raise DataError(f"FTA dummies need columns {', '.join(need)}")
    out = frame.copy()
    names: list[str] = []
    years = out["year"].astype(int)
    for ag in agreements.values():
        directions = [(ag.a, ag.b), (ag.b, ag.a)] if directional else [(ag.a, ag.b)]
        for exp, imp in directions:
            if directional:
                pair = (out["exporter"] == exp) & (out["importer"] == imp)
            else:
                pair = ((out["exporter"] == ag.a) & (out["importer"] == ag.b)) | (
                    (out["exporter"] == ag.b) & (out["importer"] == ag.a))
            base = _direction_name(exp, imp)
            for k in (0, *lags):
                name = base if k == 0 else f"{base}_lag{k}"
                out[name] = (pair & (years >= ag.year + k)).astype(int)
                names.append(name)
    return out, names


def _other_rta(frame: pd.DataFrame, agreements: Mapping[str, Agreement]) -> pd.Series:
    ids = frame["agreement_id"]
    has = ids.notna() & ~ids.astype(str).str.strip().isin(["", "0", "0.0", "nan", "None"])
    ours = pd.Series(False, index=frame.index)
    for ag in agreements.values():
        ours |= ((frame["exporter"] == ag.a) & (frame["importer"] == ag.b)) | (
            (frame["exporter"] == ag.b) & (frame["importer"] == ag.a))
    # a Korea–PA pair counts as "other" only before its own agreement (e.g. GSTP)
    before = pd.Series(True, index=frame.index)
    for ag in agreements.values():
        mask = ((frame["exporter"] == ag.a) & (frame["importer"] == ag.b)) | (
            (frame["exporter"] == ag.b) & (frame["importer"] == ag.a))
        before &= ~(mask & (frame["year"].astype(int) >= ag.year))
    return (has & (~ours | before)).astype(int)


def partial_effect(estimate: float, se: float, level: float = 0.95) -> dict[str, float]:
    """``exp(b) - 1`` with the interval ``exp(b -/+ z se) - 1`` and a delta-method SE.

    >>> round(partial_effect(0.5, 0.1)["effect"], 4)
    0.6487
    """
    z = float(stats.norm.ppf(0.5 + level / 2))
    return {
        "estimate": estimate, "se": se, "effect": math.expm1(estimate), "effect_se": math.exp(estimate) * se,
        "ci_low": math.expm1(estimate - z * se), "ci_high": math.expm1(estimate + z * se),
    }


@dataclass(frozen=True, eq=False)
class FTAEffects(ResultViews):
    """Per agreement and direction: the in-force effect, each lag, and the total after phase-in."""

    effects: pd.DataFrame
    fit: GravityResult
    level: float

    title = "FTA partial effects, exp(b) - 1"

    def to_frame(self) -> pd.DataFrame:
        return self.effects.copy()

    def _header_lines(self) -> list[str]:
        f = self.fit
        return [f"PPML {f.formula}", f"N = {f.nobs}, dropped {f.dropped}, {f.vcov}, {self.level:.0%} intervals"]

    def to_dict(self) -> dict:
        return {"effects": self.effects.to_dict(orient="records"), "model": self.fit.to_dict(), "level": self.level}


def _checked(fit: GravityResult) -> GravityResult:
    """An FTA effect is only reported from a fit that converged with finite standard errors."""
    if not fit.converged:
        why = "; ".join(n for n in fit.notes if "converge" in n or "not finite" in n) or "not converged"
        raise ModelError(f"the FTA gravity fit did not converge ({why}); no effect is reported from it")
    return fit


def _default_formula(terms: Sequence[str], controls: Sequence[str]) -> str:
    return "trade ~ " + " + ".join([*terms, *controls]) + " | exp_year + imp_year + pair_id"


def estimate_fta_effects(
    frame: pd.DataFrame,
    agreements: Mapping[str, Agreement],
    *,
    lags: Sequence[int] = (4, 8),
    directional: bool = True,
    cluster: str = "sym_pair_id",
    control_other: bool = True,
    level: float = 0.95,
    maxiter: int = 100,
) -> FTAEffects:
    """PPML with exporter-year, importer-year and pair fixed effects; one dummy per agreement/direction.

    ``frame``: exporter, importer, year, ``trade`` (or ``value_usd``), optionally ``agreement_id``.
    Lags whose dummy never switches on in the data (e.g. a 2016 agreement in a panel that ends in
    2016) are left out and reported as not identified. Separated observations are dropped first
    (all of :mod:`tradebridge.models.separation`'s checks); a fit that does not converge within
    ``maxiter`` IWLS iterations, or has non-finite standard errors, raises :class:`ModelError`.
    """
    if not agreements:
        raise ModelError("no agreements given; pass entry-into-force dates (see bilateral_ftas)")
    data, names = add_fta_dummies(frame, agreements, lags=lags, directional=directional)
    identified = [n for n in names if data[n].any()]
    controls: list[str] = []
    if control_other and "agreement_id" in data.columns:
        data["other_rta"] = _other_rta(data, agreements)
        controls.append("other_rta")
    fit = _checked(estimate_gravity(data, _default_formula(identified, controls), cluster=cluster, maxiter=maxiter))
    z = float(stats.norm.ppf(0.5 + level / 2))
    rows = []
    for ag in agreements.values():
        directions = [(ag.a, ag.b), (ag.b, ag.a)] if directional else [(ag.a, ag.b)]
        for exp, imp in directions:
            base = _direction_name(exp, imp)
            terms_so_far: list[str] = []
            for k in (0, *lags):
                name = base if k == 0 else f"{base}_lag{k}"
                row = {"agreement": ag.id, "in_force": ag.in_force.date().isoformat(), "exporter": exp,
                       "importer": imp if directional else "both", "term": name, "years_in_force": k}
                if name not in identified:
                    rows.append({**row, "kind": "not identified"})
                    continue
                terms_so_far.append(name)
                pe = partial_effect(fit.coefficient(name), fit.se(name), level)
                rows.append({**row, "kind": "increment" if k else "on entry", **pe})
                if k and len(terms_so_far) > 1:
                    b, se = fit.linear_combination({t: 1.0 for t in terms_so_far})
                    rows.append({**row, "term": "+".join(terms_so_far), "kind": f"total after {k} years",
                                 **partial_effect(b, se, level)})
    effects = pd.DataFrame(rows)
    del z
    return FTAEffects(effects=effects, fit=fit, level=level)


def pooled_fta_effect(
    frame: pd.DataFrame, agreements: Mapping[str, Agreement], *, cluster: str = "sym_pair_id", control_other: bool = True,
    maxiter: int = 100,
) -> tuple[float, float, GravityResult]:
    """The average effect of all ``agreements`` (both directions share one dummy ``fta_pooled``).

    Returns (b, se, fit); the scenarios use it as "the average effect of Korea's PA FTAs".
    """
    data, names = add_fta_dummies(frame, agreements, directional=False)
    data["fta_pooled"] = data[names].max(axis=1)
    controls = []
    if control_other and "agreement_id" in data.columns:
        data["other_rta"] = _other_rta(data, agreements)
        controls.append("other_rta")
    fit = _checked(estimate_gravity(data, _default_formula(["fta_pooled"], controls), cluster=cluster, maxiter=maxiter))
    return fit.coefficient("fta_pooled"), fit.se("fta_pooled"), fit


def identified_pooled_effect(frame: pd.DataFrame, agreements: Mapping[str, Agreement], **options
                             ) -> tuple[float, float, dict[str, Identification]]:
    """The pooled effect of the agreements the panel identifies (:func:`split_identified`): too-early
    agreements are left out and their pairs' post-entry observations leave the sample
    (:func:`without_post_entry`). Returns (b, se, too_early). The one rule the brief, the dashboard and
    ``scenario run`` (``from_panel: pooled_fta``) share.
    """
    ok, early = split_identified(frame["year"].unique(), agreements)
    if not ok:
        raise ModelError("every agreement is too recent for the panel ("
                         + "; ".join(f"{k}: {i.reason}" for k, i in early.items()) + "), so no pooled effect",
                         hint="use a panel whose years reach further past the entry into force")
    b, se, _ = pooled_fta_effect(without_post_entry(frame, {k: agreements[k] for k in early}), ok, **options)
    return float(b), float(se), early


@dataclass(frozen=True, eq=False)
class EventStudy(ResultViews):
    """Coefficients on periods relative to entry into force (reference period -1), pooled."""

    periods: pd.DataFrame
    fit: GravityResult
    period_length: int

    title = "Event study around entry into force"

    def to_frame(self) -> pd.DataFrame:
        return self.periods.copy()

    def _header_lines(self) -> list[str]:
        return [f"periods of {self.period_length} years; reference period -1; endpoints binned",
                f"N = {self.fit.nobs}, {self.fit.vcov}"]

    def to_dict(self) -> dict:
        return {"periods": self.periods.to_dict(orient="records"), "model": self.fit.to_dict(),
                "period_length": self.period_length}


def event_study(
    frame: pd.DataFrame,
    agreements: Mapping[str, Agreement],
    *,
    period_length: int = 4,
    window: int = 3,
    cluster: str = "sym_pair_id",
    control_other: bool = True,
    level: float = 0.95,
    maxiter: int = 100,
) -> EventStudy:
    """Pooled event study for the agreements' pairs (both directions).

    Event time is ``floor((year - entry year) / period_length)``: with 4-yearly data, 0 is the
    observation in [entry, entry + 4). Periods beyond ``-window`` / ``+window`` are binned into the
    end points; period -1 (the last before entry) is the reference.
    """
    data = frame.copy()
    event = pd.Series(np.nan, index=data.index)
    years = data["year"].astype(int)
    for ag in agreements.values():
        pair = ((data["exporter"] == ag.a) & (data["importer"] == ag.b)) | (
            (data["exporter"] == ag.b) & (data["importer"] == ag.a))
        event[pair] = np.floor((years[pair] - ag.year) / period_length)
    event = event.clip(-window, window)
    names = []
    for k in range(-window, window + 1):
        if k == -1:
            continue
        name = f"event_m{-k}" if k < 0 else f"event_p{k}"
        data[name] = (event == k).astype(int)
        if data[name].any():
            names.append((k, name))
    controls = []
    if control_other and "agreement_id" in data.columns:
        data["other_rta"] = _other_rta(data, agreements)
        controls.append("other_rta")
    fit = _checked(estimate_gravity(data, _default_formula([n for _, n in names], controls), cluster=cluster,
                                    maxiter=maxiter))
    rows = [{"period": k, "term": n, **partial_effect(fit.coefficient(n), fit.se(n), level)} for k, n in names]
    rows.append({"period": -1, "term": "reference", "estimate": 0.0, "se": 0.0, "effect": 0.0, "effect_se": 0.0,
                 "ci_low": 0.0, "ci_high": 0.0})
    periods = pd.DataFrame(rows).sort_values("period").reset_index(drop=True)
    return EventStudy(periods=periods, fit=fit, period_length=period_length)
