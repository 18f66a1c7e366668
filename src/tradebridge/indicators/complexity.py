"""Economic complexity and the product space from an exporter × product value matrix.

The definitions and options are those of the Stata command ``ecomplexity`` (Harvard Growth Lab;
Hausmann, Hidalgo et al., *The Atlas of Economic Complexity*, 2014) and use its names. For one year,
with ``x_cp`` the value country c exports of product p:

- ``RCA_cp = (x_cp / Σ_p x_cp) / (Σ_c x_cp / Σ_cp x_cp)`` (Balassa); ``RPOP_cp = (x_cp / pop_c) /
  (Σ_c x_cp / Σ_c pop_c)``. ``M_cp = 1`` when ``RCA_cp >= rca_threshold`` (``presence='rca'``), when
  ``RPOP_cp >= rpop_threshold`` (``'rpop'``), or when either holds (``'both'``, Stata's ``rca() rpop()``).
- diversity ``k_c = Σ_p M_cp``; ubiquity ``k_p = Σ_c M_cp``.
- ECI and PCI (eigenvector method): ``K_c`` is the eigenvector of the second largest eigenvalue λ of
  ``M̃_cc' = Σ_p M_cp M_c'p / (k_c k_p)``, and ``K_p = Σ_c M_cp K_c / (λ k_p)`` (so that ``K_c`` is the
  mean of ``K_p`` over the products c exports). The sign makes ``K_c`` correlate positively with
  diversity; then ``ECI = (K_c − mean K_c) / sd K_c`` and ``PCI = (K_p − mean K_c) / sd K_c`` (Stata's
  standardisation, which keeps ECI the mean PCI of a country's products). As in Stata, sd is taken over
  the long country × product cells (divisor n − 1, n = countries × products), i.e. the population sd
  of K_c times sqrt(n / (n − 1)); py-ecomplexity 0.5 uses the population sd.
  Countries with no product and products with no country (``k = 0``) get missing values.
- proximity ``φ`` (P × P, Stata's orientation: column b is the product whose density is measured):
  ``'symmetric'`` ``φ_ab = Σ_c M_ca M_cb / max(k_a, k_b)``; ``'asymmetric'`` ``φ_ab = Σ_c M_ca M_cb / k_b``
  (the probability of exporting a given b); ``'continuous'`` ``φ_ab = (1 + corr_c(RCA_ca, RCA_cb)) / 2``
  (Pearson, across countries; RPOP instead of RCA with ``presence='rpop'``). The diagonal is 0, as
  Stata's (``diagonal=1`` reproduces py-ecomplexity 0.5, which keeps φ_pp = 1).
- density ``ω_cp = Σ_a L_ca φ_ap / Σ_a φ_ap`` with ``L = M`` (``L = RCA`` or RPOP for continuous
  proximity, as Stata); with ``knn = K`` only the K largest proximities of each column count (ties
  kept), as Stata's ``knn()``. distance ``d_cp = Σ_a (1 − M_ca) φ_ap / Σ_a φ_ap = 1 − ω_cp`` (the
  Atlas's; with continuous proximity ω here is the density of M, not of RCA; knn applies to both).
- COI ``= Σ_p ω_cp (1 − M_cp) K_p``, standardised over countries; COG ``= (1 − M_cp) Σ_a (1 − M_ca)
  φ_ap K_a / Σ_b φ_ab``, divided by sd K_c (both with the sign-corrected, unstandardised ``K_p``, as Stata).
- Fitness and complexity (Tacchella et al. 2012, *Sci. Rep.* 2:723), with the iterations and
  normalisation of R ``economiccomplexity::complexity_measures(method = "fitness")``: start from
  ``F = Q = 1``; for n = 2..N: ``F_c ← Σ_p M_cp Q_p``, ``F ← F / mean F``; ``Q_p ← 1 / (Σ_c M_cp
  (1 / F_c^{prev})^γ)^{1/γ}``, ``Q ← Q / mean Q`` (``F^{prev}`` the previous step's F; γ the
  extremality, default 1; N = 20 by default). Reported as ``fitness`` and ``complexity_fitness``.

Sparse matrices (scipy.sparse) hold the values, RCA and M; the eigenproblem is solved on the small
C × C matrix (symmetrised, ``numpy.linalg.eigh``). The product space is dense by nature (most product
pairs co-occur somewhere), so φ, density and COG use dense BLAS products.

>>> import pandas as pd
>>> x = pd.DataFrame({"exporter": list("AAABBC"), "product": ["p1", "p2", "p3", "p1", "p2", "p1"],
...                   "year": 2000, "value_usd": [5.0, 3.0, 2.0, 4.0, 4.0, 9.0]})
>>> r = complexity(x)
>>> r.countries[["exporter", "diversity"]].values.tolist()
[['A', 2], ['B', 1], ['C', 1]]
>>> r.products[["product", "ubiquity"]].values.tolist()
[['p1', 1], ['p2', 2], ['p3', 1]]
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from tradebridge.errors import ConfigError, DataError, check_option

Method = Literal["eigenvector", "fitness"]
METHODS: tuple[str, ...] = ("eigenvector", "fitness")
ProximityKind = Literal["symmetric", "asymmetric", "continuous"]
PROXIMITIES: tuple[str, ...] = ("symmetric", "asymmetric", "continuous")
Presence = Literal["rca", "rpop", "both"]
PRESENCES: tuple[str, ...] = ("rca", "rpop", "both")
VALUE_COLUMNS: tuple[str, ...] = ("exporter", "product", "year", "value_usd")
REFERENCE = ("Hausmann, Hidalgo et al. (2014), The Atlas of Economic Complexity; Stata ecomplexity "
             "(Harvard Growth Lab); Tacchella et al. (2012), Sci. Rep. 2:723")


@dataclass(frozen=True)
class ComplexityOptions:
    """The options of one computation (Stata ``ecomplexity``'s, plus the fitness method's)."""

    method: str = "eigenvector"
    proximity: str = "symmetric"
    presence: str = "rca"
    rca_threshold: float = 1.0
    rpop_threshold: float = 1.0
    knn: int | None = None
    iterations: int = 20
    extremality: float = 1.0
    diagonal: float = 0.0

    def __post_init__(self) -> None:
        check_option("method", self.method, METHODS)
        check_option("proximity", self.proximity, PROXIMITIES)
        check_option("presence", self.presence, PRESENCES)
        for name in ("rca_threshold", "rpop_threshold"):
            if not float(getattr(self, name)) > 0:
                raise ConfigError(f"{name} must be > 0 (got {getattr(self, name)}); the Atlas uses 1")
        if self.knn is not None and int(self.knn) < 1:
            raise ConfigError(f"knn must be a positive number of neighbours (got {self.knn}) or None for all")
        if int(self.iterations) < 2:
            raise ConfigError(f"iterations must be >= 2 (got {self.iterations}); R economiccomplexity uses 20")
        if not float(self.extremality) > 0:
            raise ConfigError(f"extremality must be > 0 (got {self.extremality}); the default is 1")


@dataclass(frozen=True)
class YearSpace:
    """One year's matrices: row labels ``countries``, column labels ``products``."""

    year: int
    countries: tuple[str, ...]
    products: tuple[str, ...]
    values: sp.csr_matrix
    rca: sp.csr_matrix
    mcp: sp.csr_matrix
    proximity: np.ndarray
    rpop: sp.csr_matrix | None = None


@dataclass(frozen=True)
class ComplexityResult:
    """Country, product and cell (country × product) measures for every year of the input.

    ``countries``: exporter, year, diversity, eci, coi (and fitness with ``method='fitness'``);
    ``products``: product, year, ubiquity, pci (and complexity_fitness); ``cells``: exporter, product,
    year, value_usd, rca (rpop), mcp, density, distance, cog. ``spaces`` keeps each year's matrices.
    """

    countries: pd.DataFrame
    products: pd.DataFrame
    cells: pd.DataFrame
    options: ComplexityOptions
    spaces: Mapping[int, YearSpace] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.spaces))

    def to_frame(self, kind: Literal["countries", "products", "cells"] = "countries") -> pd.DataFrame:
        """A copy of one of the three tables."""
        check_option("kind", kind, ("countries", "products", "cells"))
        return getattr(self, kind).copy()

    def proximity_edges(self, year: int | None = None, *, min_proximity: float = 0.0) -> pd.DataFrame:
        """The product space of one year as edges ``product_1, product_2, proximity`` (a ≠ b, φ > min)."""
        y = self.years[-1] if year is None else int(year)
        if y not in self.spaces:
            raise ConfigError(f"no year {y} in this result; years: {', '.join(map(str, self.years))}")
        s = self.spaces[y]
        phi = s.proximity
        i, j = np.nonzero(phi > min_proximity)
        keep = i != j
        prods = np.asarray(s.products, dtype=object)
        return pd.DataFrame({"product_1": prods[i[keep]], "product_2": prods[j[keep]],
                             "proximity": phi[i[keep], j[keep]]})

    def summary(self) -> str:
        o = self.options
        yrs = ", ".join(map(str, self.years)) or "no years"
        lines = [(f"economic complexity ({o.method}; proximity {o.proximity}; presence {o.presence}, "
                 f"RCA threshold {o.rca_threshold}; knn {o.knn or 'all'}): years {yrs}; "
                 f"{self.countries.exporter.nunique()} exporters, {self.products['product'].nunique()} products"),
                 f"  reference: {REFERENCE}"]
        return "\n".join(lines + [f"  note: {n}" for n in self.notes])

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        head = "".join(f"<p>{html.escape(x.strip())}</p>" for x in self.summary().splitlines())
        return head + self.countries.sort_values("eci", ascending=False).head(30).to_html(index=False)


def check_values(frame: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Validate a long value table (``exporter, product, year, value_usd``); return a clean copy.

    Errors name the column and rows: missing columns, non-numeric, negative or missing values,
    non-integer years, duplicate exporter × product × year keys.

    >>> check_values(pd.DataFrame({"exporter": ["A"], "product": [101], "year": [2000.0], "value_usd": ["5"]})).values.tolist()
    [['A', '101', 2000, 5.0]]
    """
    missing = [c for c in VALUE_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(f"missing column(s) {', '.join(missing)}", file=file, column=missing[0],
                        hint=f"provide the columns {', '.join(VALUE_COLUMNS)} (one row per exporter, product, year)")
    out = frame[list(VALUE_COLUMNS)].copy()
    for col in ("exporter", "product"):
        bad = out.index[out[col].isna()].tolist()
        if bad:
            raise DataError("missing codes", file=file, column=col, rows=bad, hint="fill or drop those rows")
        out[col] = out[col].astype(str).str.strip()
    value = pd.to_numeric(out["value_usd"], errors="coerce")
    bad = out.index[value.isna() | ~np.isfinite(value.fillna(0)) | (value < 0)].tolist()
    if bad:
        raise DataError("values must be finite non-negative numbers", file=file, column="value_usd", rows=bad,
                        hint="correct or drop those rows (a zero is allowed)")
    year = pd.to_numeric(out["year"], errors="coerce")
    bad = out.index[year.isna() | (year != year.round())].tolist()
    if bad:
        raise DataError("years must be integers", file=file, column="year", rows=bad, hint="write years as 2000, 2001, ...")
    out["value_usd"], out["year"] = value.astype("float64"), year.astype("int64")
    dup = out.index[out.duplicated(["exporter", "product", "year"], keep=False)].tolist()
    if dup:
        raise DataError("duplicate exporter × product × year rows", file=file, column="product", rows=dup,
                        hint="sum the duplicates into one row per key before computing complexity")
    return out.reset_index(drop=True)


def _matrix(frame: pd.DataFrame) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """The C × P value matrix of one year without all-zero rows and columns (as Stata drops them)."""
    f = frame[frame["value_usd"] > 0]
    if f.empty:
        raise DataError("no positive values in the year", column="value_usd",
                        hint="pass a year with exports (values in USD, any currency unit works)")
    ci, countries = pd.factorize(f["exporter"], sort=True)
    pi, products = pd.factorize(f["product"], sort=True)
    x = sp.csr_matrix((f["value_usd"].to_numpy(float), (ci, pi)), shape=(len(countries), len(products)))
    return x, np.asarray(countries, dtype=object), np.asarray(products, dtype=object)


def _scale_rows_cols(x: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> sp.csr_matrix:
    return sp.csr_matrix(sp.diags(rows) @ x @ sp.diags(cols))


def balassa(x: sp.csr_matrix) -> sp.csr_matrix:
    """RCA as a sparse matrix (zero where there are no exports)."""
    rows, cols = np.asarray(x.sum(axis=1)).ravel(), np.asarray(x.sum(axis=0)).ravel()
    return _scale_rows_cols(x, 1.0 / rows, rows.sum() / cols)


def rpop_matrix(x: sp.csr_matrix, population: np.ndarray) -> sp.csr_matrix:
    """RPOP: exports per head relative to the world's exports of the product per head."""
    cols = np.asarray(x.sum(axis=0)).ravel()
    return _scale_rows_cols(x, 1.0 / population, population.sum() / cols)


def _presence(m: sp.csr_matrix, threshold: float) -> sp.csr_matrix:
    out = m.copy()
    out.data = (out.data >= threshold).astype(float)
    out.eliminate_zeros()
    return out


def eigen_complexity(mcp: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Sign-corrected, unstandardised ``(K_c, K_p)`` (NaN where k = 0); see the module docstring.

    >>> m = sp.csr_matrix(np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0.]]))
    >>> kc, kp = eigen_complexity(m)
    >>> bool(kc[0] > kc[1] > kc[2]) and bool(kp[2] > kp[1] > kp[0])
    True
    """
    kc, kp = np.asarray(mcp.sum(axis=1)).ravel(), np.asarray(mcp.sum(axis=0)).ravel()
    rows, cols = kc > 0, kp > 0
    out_c, out_p = np.full(kc.shape, np.nan), np.full(kp.shape, np.nan)
    if rows.sum() < 2 or cols.sum() < 2:
        return out_c, out_p
    m = mcp[rows][:, cols]
    b = _scale_rows_cols(m, 1.0 / np.sqrt(kc[rows]), 1.0 / np.sqrt(kp[cols]))
    s = (b @ b.T).toarray()
    w, v = np.linalg.eigh((s + s.T) / 2.0)
    lam, vec = w[-2], v[:, -2]
    k_c = vec / np.sqrt(kc[rows])
    k_p = np.asarray(m.T @ k_c).ravel() / (lam * kp[cols])
    sign = np.sign(np.corrcoef(kc[rows], k_c)[0, 1]) if np.std(k_c) > 0 else 1.0
    sign = 1.0 if not np.isfinite(sign) or sign == 0 else sign
    out_c[rows], out_p[cols] = sign * k_c, sign * k_p
    return out_c, out_p


def fitness_complexity(mcp: sp.csr_matrix, *, iterations: int = 20, extremality: float = 1.0
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Fitness F_c and complexity Q_p (Tacchella et al. 2012, R economiccomplexity's iteration).

    >>> m = sp.csr_matrix(np.array([[1, 1], [1, 0.]]))
    >>> f, q = fitness_complexity(m, iterations=2)   # F = M·1 / mean = (2, 1)/1.5; Q = 1/(M'·1) / mean
    >>> [round(float(v), 4) for v in f], [round(float(v), 4) for v in q]
    ([1.3333, 0.6667], [0.6667, 1.3333])
    """
    kc, kp = np.asarray(mcp.sum(axis=1)).ravel(), np.asarray(mcp.sum(axis=0)).ravel()
    rows, cols = kc > 0, kp > 0
    m = mcp[rows][:, cols]
    f, q = np.ones(int(rows.sum())), np.ones(int(cols.sum()))
    g = float(extremality)
    for _ in range(2, int(iterations) + 1):
        f_new = np.asarray(m @ q).ravel()
        f_new /= f_new.mean()
        q = 1.0 / np.asarray(m.T @ (1.0 / f) ** g).ravel() ** (1.0 / g)
        q /= q.mean()
        f = f_new
    out_f, out_q = np.full(kc.shape, np.nan), np.full(kp.shape, np.nan)
    out_f[rows], out_q[cols] = f, q
    return out_f, out_q


def proximity_matrix(mcp: sp.csr_matrix, kind: ProximityKind = "symmetric", *,
                     levels: sp.csr_matrix | None = None, diagonal: float = 0.0) -> np.ndarray:
    """The P × P proximity φ (Stata orientation). ``levels`` (RCA or RPOP) for continuous.

    ``diagonal`` is a product's proximity to itself: 0 as Stata ``ecomplexity``/``genproximity``
    (so a product does not raise its own density), 1 as py-ecomplexity 0.5.

    >>> m = sp.csr_matrix(np.array([[1, 1], [1, 0.], [1, 0.]]))
    >>> proximity_matrix(m).round(4).tolist()        # co-occurrence 1 over max(3, 1)
    [[0.0, 0.3333], [0.3333, 0.0]]
    >>> proximity_matrix(m, "asymmetric", diagonal=1).round(4).tolist()   # column b: P(a | b)
    [[1.0, 1.0], [0.3333, 1.0]]
    """
    check_option("proximity", kind, PROXIMITIES)
    kp = np.asarray(mcp.sum(axis=0)).ravel()
    if kind == "continuous":
        if levels is None:
            raise ConfigError("continuous proximity needs the RCA (or RPOP) matrix as levels")
        lev = levels.toarray()
        with np.errstate(invalid="ignore", divide="ignore"):
            phi = np.atleast_2d(np.corrcoef(lev, rowvar=False))
        phi += 1.0
        phi /= 2.0
        phi = np.nan_to_num(phi, nan=0.0, copy=False)
        np.fill_diagonal(phi, diagonal)
        return phi
    dense = mcp.toarray().astype(np.float32)
    co = (dense.T @ dense).astype(np.float64)  # exact: integer counts far below 2**24
    with np.errstate(invalid="ignore", divide="ignore"):
        for i in range(0, len(kp), 1024):   # row blocks: no P × P temporary
            rows = slice(i, i + 1024)
            co[rows] /= np.maximum(kp[rows, None], kp[None, :]) if kind == "symmetric" else kp[None, :]
    co = np.nan_to_num(co, nan=0.0, posinf=0.0, copy=False)
    np.fill_diagonal(co, diagonal)
    return co


def _knn_mask(phi: np.ndarray, knn: int | None) -> np.ndarray:
    """Keep, in each column, the proximities at least as large as the column's knn-th largest."""
    if knn is None or knn >= phi.shape[0]:
        return phi
    kth = -np.partition(-phi, int(knn) - 1, axis=0)[int(knn) - 1]
    return np.where(phi >= kth[None, :], phi, 0.0)


def density_matrix(levels: np.ndarray, phi: np.ndarray, knn: int | None = None) -> np.ndarray:
    """``ω_cp = Σ_a L_ca φ_ap / Σ_a φ_ap`` (NaN where a column of φ sums to 0)."""
    w = _knn_mask(phi, knn)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (levels @ w) / w.sum(axis=0)[None, :]


def outlook(mcp: np.ndarray, density: np.ndarray, phi: np.ndarray, k_p: np.ndarray,
            sd_kc: float) -> tuple[np.ndarray, np.ndarray]:
    """Unstandardised COI per country and COG per cell (Stata's formulas; NaN K_p counts as 0)."""
    kp = np.nan_to_num(k_p, nan=0.0)
    absent = 1.0 - mcp
    coi = np.nansum(density * absent * kp[None, :], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.nan_to_num(kp / phi.sum(axis=1), nan=0.0, posinf=0.0, neginf=0.0)
    cog = absent * ((absent * scale[None, :]) @ phi) / sd_kc   # = (1 − M) ∘ ((1 − M) diag(s) φ), no P × P copy
    return coi, cog


def _cell_sd(v: np.ndarray, repeat: int) -> float:
    """Stata's sd of a country measure over the long cells (each country repeated ``repeat`` times,
    divisor n − 1): the population sd times sqrt(n / (n − 1)), n = valid countries × repeat."""
    n = int(np.isfinite(v).sum()) * int(repeat)
    return float(np.nanstd(v) * np.sqrt(n / (n - 1))) if n > 1 else np.nan


def _standardise(v: np.ndarray, ref: np.ndarray, repeat: int) -> np.ndarray:
    sd = _cell_sd(ref, repeat)
    return (v - np.nanmean(ref)) / sd if sd > 0 else np.full(v.shape, np.nan)


def _population_vector(population: pd.DataFrame | None, countries: np.ndarray, year: int) -> np.ndarray:
    if population is None:
        raise ConfigError("presence 'rpop'/'both' needs population: a frame with exporter, year, population")
    pop = population[population["year"] == year].set_index("exporter")["population"]
    vec = pop.reindex(countries).to_numpy(float)
    lack = [str(c) for c, v in zip(countries, vec, strict=True) if not (np.isfinite(v) and v > 0)]
    if lack:
        raise DataError(f"no positive population in {year} for {len(lack)} exporter(s)", column="population",
                        rows=lack, hint="add their population or drop them from the values")
    return vec


def complexity_year(frame: pd.DataFrame, year: int, options: ComplexityOptions,
                    population: pd.DataFrame | None = None) -> tuple[dict[str, pd.DataFrame], YearSpace]:
    """Every measure for one year's rows (already validated)."""
    x, countries, products = _matrix(frame)
    rca = balassa(x)
    rpop = None
    if options.presence == "rca":
        mcp = _presence(rca, options.rca_threshold)
    else:
        rpop = rpop_matrix(x, _population_vector(population, countries, year))
        mcp = _presence(rpop, options.rpop_threshold)
        if options.presence == "both":
            mcp = _presence(mcp + _presence(rca, options.rca_threshold), 1.0)
    k_c, k_p = eigen_complexity(mcp)
    levels = (rpop if options.presence == "rpop" else rca) if options.proximity == "continuous" else mcp
    phi = proximity_matrix(mcp, options.proximity, levels=levels, diagonal=options.diagonal)
    m_dense = mcp.toarray()
    density = density_matrix(levels.toarray() if options.proximity == "continuous" else m_dense, phi, options.knn)
    # distance Σ(1 − M)φ / Σφ = 1 − ΣMφ / Σφ: 1 − density, with M (not RCA) for continuous proximity
    distance = 1.0 - (density_matrix(m_dense, phi, options.knn) if options.proximity == "continuous" else density)
    n_p = len(products)
    sd_kc = _cell_sd(k_c, n_p)
    coi, cog = outlook(m_dense, density, phi, k_p, sd_kc if sd_kc > 0 else np.nan)
    kc0, kp0 = m_dense.sum(axis=1), m_dense.sum(axis=0)
    ctab = pd.DataFrame({"exporter": countries, "year": year, "diversity": kc0.astype("int64"),
                         "eci": _standardise(k_c, k_c, n_p), "coi": _standardise(coi, coi, n_p)})
    ptab = pd.DataFrame({"product": products, "year": year, "ubiquity": kp0.astype("int64"),
                         "pci": _standardise(k_p, k_c, n_p)})
    if options.method == "fitness":
        f, q = fitness_complexity(mcp, iterations=options.iterations, extremality=options.extremality)
        ctab["fitness"], ptab["complexity_fitness"] = f, q
    n_c = len(countries)
    cells = {"exporter": np.repeat(countries, n_p), "product": np.tile(products, n_c), "year": year,
             "value_usd": x.toarray().ravel(), "rca": rca.toarray().ravel()}
    if rpop is not None:
        cells["rpop"] = rpop.toarray().ravel()
    cells.update(mcp=m_dense.ravel().astype("int64"), density=density.ravel(), distance=distance.ravel(),
                 cog=cog.ravel())
    space = YearSpace(year=year, countries=tuple(countries), products=tuple(products), values=x, rca=rca,
                      mcp=mcp, proximity=phi, rpop=rpop)
    return {"countries": ctab, "products": ptab, "cells": pd.DataFrame(cells)}, space


def complexity(values: pd.DataFrame, *, year: int | None = None, method: Method = "eigenvector",
               proximity: ProximityKind = "symmetric", presence: Presence = "rca", rca_threshold: float = 1.0,
               rpop_threshold: float = 1.0, population: pd.DataFrame | None = None, knn: int | None = None,
               iterations: int = 20, extremality: float = 1.0, diagonal: float = 0.0) -> ComplexityResult:
    """ECI, PCI, proximity, density, distance, COI and COG (and fitness) for every year of ``values``.

    ``values``: exporter, product, year, value_usd (exports to the world; any currency unit — every
    measure is invariant to rescaling). ``year`` keeps one year. ``population`` (exporter, year,
    population) is needed for ``presence='rpop'`` or ``'both'``. See the module docstring for formulas.
    """
    opts = ComplexityOptions(method=method, proximity=proximity, presence=presence,
                             rca_threshold=float(rca_threshold), rpop_threshold=float(rpop_threshold),
                             knn=None if knn is None else int(knn), iterations=int(iterations),
                             extremality=float(extremality), diagonal=float(diagonal))
    v = check_values(values)
    if year is not None:
        if int(year) not in set(v["year"]):
            raise DataError(f"no rows for year {year}", column="year",
                            hint=f"years present: {', '.join(map(str, sorted(set(v['year']))))}")
        v = v[v["year"] == int(year)]
    parts: dict[str, list[pd.DataFrame]] = {"countries": [], "products": [], "cells": []}
    spaces: dict[int, YearSpace] = {}
    notes: list[str] = []
    for y, rows in v.groupby("year", sort=True):
        tables, space = complexity_year(rows, int(y), opts, population)
        for k, t in tables.items():
            parts[k].append(t)
        spaces[int(y)] = space
        zero_p = int((tables["products"]["ubiquity"] == 0).sum())
        if zero_p:
            notes.append(f"{y}: {zero_p} product(s) with ubiquity 0 have no PCI, density or COG")
    if not spaces:
        raise DataError("no rows to compute", hint="pass exporter, product, year, value_usd rows")
    frames = {k: pd.concat(p, ignore_index=True) for k, p in parts.items()}
    return ComplexityResult(countries=frames["countries"], products=frames["products"], cells=frames["cells"],
                            options=opts, spaces=spaces, notes=tuple(notes))


def prody_expy(values: pd.DataFrame, gdp_per_capita: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """PRODY and EXPY (Hausmann, Hwang & Rodrik 2007, *J. Econ. Growth* 12:1-25).

    ``PRODY_p = Σ_c w_cp Y_c`` with ``w_cp = (x_cp / X_c) / Σ_c' (x_c'p / X_c')`` (RCA-like weights) and
    ``Y_c`` GDP per capita; ``EXPY_c = Σ_p (x_cp / X_c) PRODY_p``. Only exporters with a GDP per capita in
    the year enter (as in the paper, which uses a fixed sample of countries with data).
    ``gdp_per_capita``: exporter, year, gdp_per_capita. Returns (products: product, year, prody;
    countries: exporter, year, expy).

    >>> x = pd.DataFrame({"exporter": ["A", "A", "B"], "product": ["p", "q", "p"], "year": 2000,
    ...                   "value_usd": [1.0, 1.0, 2.0]})
    >>> g = pd.DataFrame({"exporter": ["A", "B"], "year": 2000, "gdp_per_capita": [10.0, 40.0]})
    >>> prody, expy = prody_expy(x, g)
    >>> prody.prody.round(6).tolist(), expy.expy.round(6).tolist()   # p: weights 0.5/1.5, 1/1.5 -> 30; q: 10
    ([30.0, 10.0], [20.0, 30.0])
    """
    v = check_values(values)
    g = gdp_per_capita[["exporter", "year", "gdp_per_capita"]].dropna()
    v = v.merge(g, on=["exporter", "year"], how="inner")
    v = v[v["value_usd"] > 0]
    v["share"] = v["value_usd"] / v.groupby(["exporter", "year"])["value_usd"].transform("sum")
    v["w"] = v["share"] / v.groupby(["product", "year"])["share"].transform("sum")
    v["wy"] = v["w"] * v["gdp_per_capita"]
    prody = v.groupby(["product", "year"], sort=False, as_index=False)["wy"].sum().rename(columns={"wy": "prody"})
    v = v.merge(prody, on=["product", "year"])
    v["sx"] = v["share"] * v["prody"]
    expy = v.groupby(["exporter", "year"], sort=False, as_index=False)["sx"].sum().rename(columns={"sx": "expy"})
    return prody.reset_index(drop=True), expy.reset_index(drop=True)


def as_records(result: ComplexityResult, *, cells: bool = False) -> dict[str, Any]:
    """The JSON shape of ``tradebridge trade complexity``: countries, products (and cells)."""
    keep_c = ["exporter", "year", "eci", "coi", "diversity"] + (["fitness"] if "fitness" in result.countries else [])
    keep_p = ["product", "year", "pci", "ubiquity"] + (["complexity_fitness"] if "complexity_fitness" in result.products else [])
    out: dict[str, Any] = {"options": result.options.__dict__, "years": list(result.years),
                           "countries": result.countries[keep_c], "products": result.products[keep_p]}
    if cells:
        out["cells"] = result.cells[["exporter", "product", "year", "rca", "mcp", "density", "cog"]]
    return out
