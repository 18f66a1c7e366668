"""Separation in Poisson (PPML) regressions: find the observations whose estimate does not exist.

An observation ``i`` with ``y_i = 0`` is *separated* when some linear combination ``z = X g + D a``
of the regressors ``X`` and the fixed-effect dummies ``D`` is zero wherever ``y > 0``, non-negative
wherever ``y = 0`` and positive at ``i``: moving the coefficients along ``-(g, a)`` then raises the
likelihood for ever, ``mu_i`` goes to zero and the estimate of some coefficient runs off to
infinity. Dropping every separated observation leaves the estimates of the identified coefficients
unchanged and makes the maximum likelihood estimate exist (Correia, Guimarães & Zylkin 2019,
"Verifying the existence of maximum likelihood estimates for generalized linear models"; the
method of Stata's ``ppmlhdfe``, Correia, Guimarães & Zylkin 2020, Stata Journal 20(1)). Three
checks, each finding only truly separated rows, run in this order:

``fe``
    fixed-effects only: a group of any fixed-effect dimension whose ``y`` sums to zero is separated
    (its dummy is a certificate). Repeated over all dimensions until nothing changes.
``simplex``
    regressors only: the certificates ``z = X g`` form a polyhedral cone; with ``N`` a basis of the
    null space of ``X`` on the ``y > 0`` rows, a linear programme (scipy's HiGHS simplex) maximises
    ``sum(z)`` over the ``y = 0`` rows subject to ``0 <= z <= 1``; rows with ``z > 0`` are
    separated; repeated on the remaining rows until none is found (exact, up to ``tol``).
``relu``
    the iterative rectifier, for regressors and fixed effects together: ``u = 1[y = 0]``; regress
    ``u`` on ``X`` and the fixed effects by weighted least squares (weight 1 where ``y = 0`` and
    ``RELU_WEIGHT`` where ``y > 0``, which forces the fit to zero there), the fixed effects
    absorbed by alternating projections (pyfixest's demeaning); set fitted values within ``tol``
    of zero to zero; if none is negative on the ``y = 0`` rows and the fit reproduces ``u`` (a
    fixed point: ``u`` lies in the span and is zero where ``y > 0``), ``u`` is a certificate and
    the rows where it exceeds ``sqrt(tol) * max(u)`` are separated; otherwise replace ``u`` by
    ``max(fit, 0)`` on the ``y = 0`` rows (over-relaxed, ``max(u + RELU_STEP (fit - u), 0)``,
    which takes half as many steps on the Comtrade panel) and repeat, at most ``maxiter``
    times. The passes repeat until one finds nothing. Stopping without a certificate: for any
    certificate ``z`` the (weighted) projection keeps ``<u, z>`` and the rectifier can only
    raise it (``z >= 0`` where ``u`` is clipped, ``z = 0`` where ``y > 0``), so
    ``max(u) * sum(z) >= <u, z> >= <u_0, z> = sum(z)``: ``max(u) >= 1`` at every step while a
    certificate exists. Equivalently, ``sum_t step W (u_t - fit_t)`` is orthogonal to the regressors
    and fixed effects and at least ``1 - u_T > 0`` on every zero row, the dual certificate that
    the estimate exists (Stiemke's lemma). So once ``max(u) < 1`` nothing is separated.

Tolerance: ``tol`` (default ``1e-6``) is the size below which a fitted value counts as zero,
relative to the largest ``u`` of that step (an absolute threshold would accept a shrinking
non-certificate as one); the demeaning runs to ``tol / 10``.

>>> import numpy as np
>>> y = np.array([0.0, 1.0, 0.0, 2.0, 0.0])
>>> x = np.array([[1.0], [0.0], [0.0], [0.0], [-1.0]])   # zero where y > 0, positive in row 0
>>> fe = np.array([[0], [0], [1], [1], [2]])              # group 2 has only a zero
>>> res = find_separation(y, x, fe, names=("x",))
>>> np.flatnonzero(res.separated).tolist(), res.by_method
([0, 4], {'fe': 1, 'simplex': 1, 'relu': 0})
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np
import pandas as pd

from tradebridge._display import ResultViews
from tradebridge.errors import check_option

SeparationMethod = Literal["fe", "simplex", "relu"]
SEPARATION_METHODS: tuple[str, ...] = get_args(SeparationMethod)
DEFAULT_METHODS: tuple[SeparationMethod, ...] = ("fe", "simplex", "relu")
RELU_WEIGHT = 10.0
"""Weight of the ``y > 0`` rows in the rectifier's least squares: the fit there is about
``1 / RELU_WEIGHT`` of the fit on the zero rows, far below ``tol``."""


RELU_STEP = 1.9
"""Over-relaxation of the rectifier's step, ``u <- max(u + step (fit - u), 0)``: any step keeps
``<u, z>`` for a certificate ``z``, so the stopping rules below hold for every value."""
DEMEAN_TOL = 0.1
"""The rectifier's demeaning runs to ``DEMEAN_TOL * tol``."""
NO_SEPARATION_MARGIN = 1e-4
"""The rectifier stops with "nothing separated" once ``max(u) < 1 - NO_SEPARATION_MARGIN``."""


class SeparationWarning(UserWarning):
    """Observations were dropped because of separation, or a regressor became unidentified."""


@dataclass(frozen=True, eq=False)
class SeparationResult(ResultViews):
    """Which rows are separated (``separated``, one boolean per input row) and by which check.

    ``unidentified`` names the regressors that are constant or collinear (given the fixed effects)
    once the separated rows are dropped; ``relu_complete`` is False when the rectifier stopped at
    ``maxiter`` before it found a certificate (then some separated rows may be left).
    """

    separated: np.ndarray
    by_method: dict[str, int]
    relu_iterations: int = 0
    relu_complete: bool = True
    unidentified: tuple[str, ...] = ()
    method_of: np.ndarray = field(default_factory=lambda: np.array([], dtype=object), repr=False)

    title = "Separated observations"

    @property
    def count(self) -> int:
        """The number of separated rows."""
        return int(self.separated.sum())

    def to_frame(self) -> pd.DataFrame:
        """One row per separated observation: its position in the input and the check that found it."""
        rows = np.flatnonzero(self.separated)
        return pd.DataFrame({"row": rows, "method": self.method_of[rows] if len(self.method_of) else ""})

    def _header_lines(self) -> list[str]:
        found = ", ".join(f"{k}: {v}" for k, v in self.by_method.items() if v) or "none"
        return [f"{self.count} of {len(self.separated)} rows separated ({found})"] + (
            [f"unidentified regressors: {', '.join(self.unidentified)}"] if self.unidentified else [])

    def to_dict(self) -> dict:
        return {"count": self.count, "by_method": dict(self.by_method), "relu_iterations": self.relu_iterations,
                "relu_complete": self.relu_complete, "unidentified": list(self.unidentified), "rows": self.to_frame()}


def _fe_check(y: np.ndarray, fe: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Rows in a fixed-effect group whose y sums to zero, iterated over all dimensions."""
    found = np.zeros(len(y), dtype=bool)
    changed = True
    while changed:
        changed = False
        for j in range(fe.shape[1]):
            codes = fe[:, j]
            alive = keep & ~found
            total = np.bincount(codes[alive], weights=y[alive], minlength=codes.max() + 1)
            count = np.bincount(codes[alive], minlength=codes.max() + 1)
            dead = alive & (total[codes] <= 0) & (count[codes] > 0)
            if dead.any():
                found |= dead
                changed = True
    return found


def _null_space(a: np.ndarray, tol: float) -> np.ndarray:
    """A basis of ``{g: a g = 0}`` from the eigenvectors of the small matrix ``a'a``."""
    if a.shape[0] == 0:
        return np.eye(a.shape[1])
    vals, vecs = np.linalg.eigh(a.T @ a)
    return vecs[:, vals <= tol * max(vals.max(initial=0.0), 1.0)]


def _simplex_check(y: np.ndarray, x: np.ndarray, keep: np.ndarray, tol: float) -> np.ndarray:
    """Regressor-only separation by linear programming on the null space of X over the y > 0 rows."""
    from scipy.optimize import linprog

    found = np.zeros(len(y), dtype=bool)
    if x.shape[1] == 0:
        return found
    scale = np.abs(x[keep]).max(axis=0)
    xs = x / np.where(scale > 0, scale, 1.0)
    basis = _null_space(xs[keep & (y > 0)], 1e-12)
    if basis.shape[1] == 0:
        return found  # X has full rank on the positive rows: no certificate z = X g exists
    while True:
        zero = np.flatnonzero(keep & ~found & (y == 0))
        if len(zero) == 0:
            return found
        z = xs[zero] @ basis
        z = z[:, np.abs(z).max(axis=0) > tol] if z.size else z
        if z.shape[1] == 0:
            return found
        z = z / np.abs(z).max(axis=0)
        m = len(zero)
        res = linprog(-z.sum(axis=0), A_ub=np.vstack([-z, z]), b_ub=np.r_[np.zeros(m), np.ones(m)],
                      bounds=[(None, None)] * z.shape[1], method="highs")
        if res.status != 0:
            return found
        hits = zero[z @ res.x > tol]
        if len(hits) == 0:
            return found
        found[hits] = True


def _demean(values: np.ndarray, fe: np.ndarray | None, weights: np.ndarray, tol: float) -> np.ndarray:
    if fe is None or fe.shape[1] == 0:
        return values
    from pyfixest.estimation import demean

    out, _ = demean(np.ascontiguousarray(values, dtype=float), np.ascontiguousarray(fe, dtype=np.uint64),
                    weights, tol=tol, maxiter=100_000)
    return out


def _relu_check(y: np.ndarray, x: np.ndarray, fe: np.ndarray | None, tol: float, maxiter: int
                ) -> tuple[np.ndarray, int, bool]:
    """The iterative rectifier on the given rows; returns (separated mask, iterations, complete)."""
    zero = y == 0
    found = np.zeros(len(y), dtype=bool)
    if not zero.any():
        return found, 0, True
    w = np.where(zero, 1.0, RELU_WEIGHT)
    sw = np.sqrt(w)
    fe_codes = None if fe is None else np.column_stack([pd.factorize(fe[:, j])[0] for j in range(fe.shape[1])])
    xt = _demean(x, fe_codes, w, tol * DEMEAN_TOL) if x.shape[1] else x
    u = zero.astype(float)
    for it in range(1, maxiter + 1):
        ut = _demean(u[:, None], fe_codes, w, tol * DEMEAN_TOL)[:, 0]
        if xt.shape[1]:
            beta = np.linalg.lstsq(xt * sw[:, None], ut * sw, rcond=None)[0]
            resid = ut - xt @ beta
        else:
            resid = ut
        fit = u - resid
        top = u.max()
        small = np.abs(fit) <= tol * top
        if (small | (fit >= 0) | ~zero).all() and np.abs(np.where(small, 0.0, fit) - u).max() <= tol * top:
            # a fixed point: u lies in the span, is zero where y > 0 and non-negative elsewhere
            return zero & ~small & (fit > np.sqrt(tol) * fit.max()), it, True
        u = np.where(zero, np.maximum(u + RELU_STEP * (fit - u), 0.0), 0.0)
        # no certificate once max(u) < 1 (see the module docstring); the margin covers the demeaning
        if u.max() < 1.0 - NO_SEPARATION_MARGIN:
            return found, it, True
    return found, maxiter, False


def unidentified_regressors(x: np.ndarray, names: Sequence[str], fe: np.ndarray | None, *, tol: float = 1e-9
                            ) -> tuple[str, ...]:
    """Regressors that are constant (within the fixed effects) or collinear with earlier ones.

    >>> x = np.array([[1.0, 2.0, 0.0], [2.0, 4.0, 0.0], [3.0, 5.0, 0.0]])
    >>> unidentified_regressors(x, ["a", "b", "c"], None)
    ('c',)
    """
    if x.shape[1] == 0 or x.shape[0] == 0:
        return ()
    codes = None if fe is None else np.column_stack([pd.factorize(fe[:, j])[0] for j in range(fe.shape[1])])
    raw = np.sqrt((x**2).sum(axis=0))
    xt = _demean(x, codes, np.ones(len(x)), 1e-10)
    out: list[str] = []
    kept: list[int] = []
    for j in range(x.shape[1]):
        col = xt[:, j]
        if kept:
            coef = np.linalg.lstsq(xt[:, kept], col, rcond=None)[0]
            col = col - xt[:, kept] @ coef
        if np.sqrt(col @ col) <= tol * max(raw[j], 1e-300) * np.sqrt(len(x)) or raw[j] == 0:
            out.append(names[j])
        else:
            kept.append(j)
    return tuple(n for n in out if n != "(intercept)")


def find_separation(
    y: np.ndarray,
    x: np.ndarray | None = None,
    fe: np.ndarray | None = None,
    *,
    names: Sequence[str] = (),
    methods: Sequence[SeparationMethod] = DEFAULT_METHODS,
    tol: float = 1e-6,
    maxiter: int = 1000,
) -> SeparationResult:
    """Find the separated observations of a Poisson regression of ``y`` on ``x`` and fixed effects ``fe``.

    ``x`` is the regressor matrix (n by k; include a column of ones when there are no fixed
    effects and the model has an intercept), ``names`` its column names (for the warning about
    regressors left unidentified), ``fe`` an n by g array of group codes (one column per
    dimension). ``methods`` chooses the checks (see the module docstring); the result marks the
    rows to drop before estimation.

    >>> y = np.array([0.0, 0.0, 1.0, 2.0])
    >>> x = np.array([[1.0, 3.0], [1.0, 1.0], [1.0, 0.0], [1.0, 0.0]])  # intercept, x1 > 0 only where y = 0
    >>> res = find_separation(y, x, names=("(intercept)", "x1"))
    >>> res.count, res.unidentified
    (2, ('x1',))
    """
    for method in methods:
        check_option("separation", method, SEPARATION_METHODS)
    y = np.asarray(y, dtype=float)
    n = len(y)
    x = np.zeros((n, 0)) if x is None else np.asarray(x, dtype=float).reshape(n, -1)
    fe = None if fe is None or np.asarray(fe).size == 0 else np.asarray(fe).reshape(n, -1)
    if fe is not None:
        fe = np.column_stack([pd.factorize(fe[:, j])[0] for j in range(fe.shape[1])])
    sep = np.zeros(n, dtype=bool)
    method_of = np.full(n, "", dtype=object)
    counts = dict.fromkeys(SEPARATION_METHODS, 0)
    iterations, complete = 0, True

    def mark(hits: np.ndarray, method: str) -> None:
        new = hits & ~sep
        sep[new] = True
        method_of[new] = method
        counts[method] += int(new.sum())

    def exact_checks() -> None:  # cheap, and each can uncover rows for the other: to a fixed point
        while True:
            before = int(sep.sum())
            if "fe" in methods and fe is not None:
                mark(_fe_check(y, fe, ~sep), "fe")
            if "simplex" in methods:
                mark(_simplex_check(y, x, ~sep, tol), "simplex")
            if int(sep.sum()) == before:
                return

    exact_checks()
    passes = 0
    while "relu" in methods and (fe is not None or x.shape[1]) and passes < 10:
        passes += 1
        rows = np.flatnonzero(~sep)
        found, it, done = _relu_check(y[rows], x[rows], None if fe is None else fe[rows], tol, maxiter)
        iterations += it
        complete = complete and done
        if not found.any():
            break
        hits = np.zeros(n, dtype=bool)
        hits[rows[found]] = True
        mark(hits, "relu")
        exact_checks()
    unident: tuple[str, ...] = ()
    if sep.any() and x.shape[1]:
        label = list(names) if len(names) == x.shape[1] else [f"x{j + 1}" for j in range(x.shape[1])]
        unident = unidentified_regressors(x[~sep], label, None if fe is None else fe[~sep])
    return SeparationResult(separated=sep, by_method=counts, relu_iterations=iterations, relu_complete=complete,
                            unidentified=unident, method_of=method_of)


_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


@dataclass(frozen=True, eq=False)
class Design:
    """The arrays the checks need, taken from a prepared frame: ``y``, the regressors that are
    plain column names (``names``; with ``(intercept)`` first when the model has no fixed effects
    and keeps its constant), the fixed-effect codes, and the terms the checks could not use."""

    y: np.ndarray
    x: np.ndarray
    names: tuple[str, ...]
    fe: np.ndarray | None
    skipped: tuple[str, ...] = ()


def design_arrays(frame: pd.DataFrame, lhs: str, regressors: Sequence[str], fixed_effects: Sequence[str]) -> Design:
    """Build :class:`Design` from a frame and the formula's terms (each a column name; a fixed
    effect may combine columns as ``a^b``). A term that is not a plain column (``C(x)``, ``a:b``)
    is left out of the checks and listed in ``skipped``: the checks then search a smaller space,
    so every row they report is still separated, but some may be missed.

    >>> df = pd.DataFrame({"y": [0, 1, 2], "x": [1.0, 0.0, 0.0], "g": ["a", "a", "b"]})
    >>> d = design_arrays(df, "y", ["x", "C(g)"], [])
    >>> d.names, d.skipped
    (('(intercept)', 'x'), ('C(g)',))
    """
    skipped: list[str] = []
    codes = []
    for term in (t.strip() for t in fixed_effects if t.strip()):
        parts = [p.strip() for p in term.split("^")]
        if all(_PLAIN.match(p) and p in frame.columns for p in parts):
            key = frame[parts[0]] if len(parts) == 1 else frame[parts].astype(str).agg("\x1f".join, axis=1)
            codes.append(pd.factorize(key)[0])
        else:
            skipped.append(term)
    names: list[str] = []
    intercept = not codes
    for term in (t.strip() for t in regressors if t.strip()):
        if term in {"0", "-1", "+0"}:
            intercept = False
        elif term == "1":
            continue
        elif _PLAIN.match(term) and term in frame.columns and pd.api.types.is_numeric_dtype(frame[term]):
            names.append(term)
        else:
            skipped.append(term)
    x = frame[names].to_numpy(dtype=float) if names else np.zeros((len(frame), 0))
    if intercept:
        x = np.column_stack([np.ones(len(frame)), x])
        names.insert(0, "(intercept)")
    fe = np.column_stack(codes) if codes else None
    return Design(y=frame[lhs].to_numpy(dtype=float), x=x, names=tuple(names), fe=fe, skipped=tuple(skipped))
