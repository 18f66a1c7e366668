"""Named indicators for a reporter and partners, computed on any Ibis backend holding the store tables.

:func:`compute_indicator` is what ``tradebridge trade indicator NAME`` calls: it reads the store's
tables lazily from the backend, builds the Ibis expression, runs it, and returns an
:class:`~tradebridge.indicators._core.IndicatorResult`. Requested partners without data come back as
rows with ``status = 'missing'`` (never as zeros).

>>> sorted(INDICATORS)[:4]
['balance', 'complementarity', 'composition_chapter', 'composition_end_use']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import ibis
import ibis.expr.types as ir
import pandas as pd

from tradebridge.concord.groups import add_group
from tradebridge.concord.hs import at_level, convert_revision, revision
from tradebridge.config import DEFAULT_DATASET
from tradebridge.errors import DataError, check_option
from tradebridge.indicators import composition as comp
from tradebridge.indicators import flows as fl
from tradebridge.indicators import margins as mg
from tradebridge.indicators import specialisation as sp
from tradebridge.indicators._core import IndicatorResult, evaluate
from tradebridge.indicators.base import Base, indicator_settings
from tradebridge.indicators.overview import flows_table, has_table
from tradebridge.indicators.session import session_base, stored_base
from tradebridge.reference.blocs import resolve_scope

Level = Literal["HS2", "HS4", "HS6"]
LEVELS: tuple[str, ...] = ("HS2", "HS4", "HS6")


@dataclass(frozen=True)
class Request:
    """Everything an indicator needs: the backend, the flows and the who/what/when."""

    con: ibis.BaseBackend
    flows: ir.Table
    dataset: str
    reporter: str
    partners: tuple[str, ...]
    bloc: str | None
    level: str
    hs_revision: str | None
    years: tuple[int, int] | None
    window: int
    top: int
    base: Base | None = None  # the flows' base aggregates (session-cached, see .session), else flows

    @property
    def agg(self) -> ir.Table | Base:
        """The Base of the flows when there is one, else the flows (indicators accept either)."""
        return self.flows if self.base is None else self.base

    @property
    def countries(self) -> list[str]:
        return [self.reporter, *self.partners]

    def table(self, name: str) -> ir.Table:
        if not has_table(self.con, name):
            raise DataError(f"the store has no {name} table",
                            hint="run `tradebridge data ingest --raw DIR` to load the reference data")
        return self.con.table(name)


@dataclass(frozen=True)
class Spec:
    name: str
    formula: str
    reference: str
    product_level: bool
    key: str  # the column that names the partner (for missing rows)
    build: Callable[[Request], ir.Table]
    bloc_row: bool = False  # whether the output has a row for the pooled bloc


def _balance(q: Request) -> ir.Table:
    t = (fl.with_bloc(q.flows, q.reporter, q.partners, q.bloc, years=q.years) if q.bloc
         else fl.trade_balance(q.flows, q.reporter, q.partners, years=q.years))
    return fl.with_growth(t)


def _with_bloc(q: Request, f: Callable[..., ir.Table], **kw) -> ir.Table:
    t = f(q.agg, reporters=[q.reporter], partners=q.partners, **kw)
    if q.bloc:
        t = t.union(f(q.agg, reporters=[q.reporter], partners=q.partners, bloc=q.bloc, **kw))
    return t


def _pairs(q: Request, f: Callable[..., ir.Table]) -> ir.Table:
    t = f(q.agg, exporters=q.countries, importers=q.countries)
    t = t.filter((t.exporter == q.reporter) | (t.importer == q.reporter))
    return t.mutate(partner=(t.exporter == q.reporter).ifelse(t.importer, t.exporter))


def _rca(q: Request) -> ir.Table:
    # q.flows is the world_exports dataset when --dataset names one (see compute_indicator)
    t = sp.rca(q.agg, cutoff=1.0)
    return t.filter(t.exporter.isin(q.countries))


def _hhi(kind: str) -> Callable[[Request], ir.Table]:
    def build(q: Request) -> ir.Table:
        t = sp.hhi_products(q.agg) if kind == "products" else sp.hhi_markets(q.agg)
        return t.filter(t.exporter.isin(q.countries))
    return build


def _margins(q: Request) -> ir.Table:
    a = mg.hummels_klenow(q.agg, exporters=[q.reporter], importers=list(q.partners))
    b = mg.hummels_klenow(q.agg, exporters=list(q.partners), importers=[q.reporter])
    t = a.union(b)
    return t.mutate(partner=(t.exporter == q.reporter).ifelse(t.importer, t.exporter))


def _new_products(q: Request) -> ir.Table:
    ftas = fl.fta_agreements(q.table("agreements"), q.table("agreement_members"), q.reporter, q.partners)
    if ftas.count().execute() == 0:
        raise DataError(f"no agreement in force between {q.reporter} and {', '.join(q.partners)} in the store",
                        hint="check `agreements`/`agreement_members` (tradebridge data ingest)")
    # both directions of every agreement, each over its own window: one expression, one scan
    e = ftas.select("agreement_id", "entry_year", "partner")
    e = e.select(exporter=ibis.literal(q.reporter), importer=e.partner, entry_year=e.entry_year,
                 agreement_id=e.agreement_id, partner=e.partner).union(
        e.select(exporter=e.partner, importer=ibis.literal(q.reporter), entry_year=e.entry_year,
                 agreement_id=e.agreement_id, partner=e.partner))
    t = mg.new_products_after(q.agg, e, window=q.window)
    return t.select("exporter", "importer", "year", "n_products", "n_new", "new_value_share", "base_first_year",
                    "base_last_year", "agreement_id", t.entry_year.cast("int64").name("entry_year"), "partner")


def _composition(by: str) -> Callable[[Request], ir.Table]:
    def build(q: Request) -> ir.Table:
        kw = {}
        if by in ("end_use", "rauch"):
            kw = {"concordances": q.table("concordances"), "hs_revision": q.hs_revision,
                  "rauch": q.table("rauch") if by == "rauch" else None}
        g = add_group(_reporter_products(q), by, **kw)  # groups on one row per partner, year, product
        t = comp.composition(g, q.reporter, q.partners)
        if q.bloc:
            t = t.union(comp.composition(g, q.reporter, q.partners, bloc=q.bloc))
        return t
    return build


def _reporter_products(q: Request) -> ir.Table:
    """The reporter's flows with its partners, summed to one row per (exporter, importer, year,
    product): product groups are then mapped on these rows (a share-weighted split is linear, so the
    group sums are those of the rows), not on every flow of the dataset."""
    f = q.flows
    ps = list(q.partners)
    f = f.filter((f.exporter != f.importer) & (((f.exporter == q.reporter) & f.importer.isin(ps))
                                               | ((f.importer == q.reporter) & f.exporter.isin(ps))))
    return f.group_by(["exporter", "importer", "year", "product"]).aggregate(value_usd=f.value_usd.sum())


def _top(q: Request) -> ir.Table:
    t = comp.top_products(q.flows, q.reporter, q.partners, n=q.top)
    if q.bloc:
        t = t.union(comp.top_products(q.flows, q.reporter, q.partners, n=q.top, bloc=q.bloc))
    return t


_GL = "GL_k = 1 - |X_k - M_k| / (X_k + M_k)"
_GLA = "GL = 1 - sum|X_k - M_k| / sum(X_k + M_k)"
_SHARE = "share_g = V_g / sum_g V_g per year, direction, partner"
_WITS = "WITS/UNCTAD Practical Guide to Trade Policy Analysis (2012), ch. 1"
SPECS: tuple[Spec, ...] = (
    Spec("balance", "X, M, X+M, X-M, (X+M)/world trade, annualised growth between years present",
         _WITS, False, "partner", _balance, True),
    Spec("rca", "RCA_ck = (x_ck/sum_k x_ck)/(sum_c x_ck/sum_ck x_ck)", "Balassa (1965); economiccomplexity::balassa_index",
         True, "exporter", _rca),
    Spec("grubel_lloyd", _GL, "Grubel & Lloyd (1975)", True, "partner",
         lambda q: _with_bloc(q, sp.grubel_lloyd), True),
    Spec("grubel_lloyd_aggregate", _GLA, "Grubel & Lloyd (1975)", True, "partner",
         lambda q: sp.grubel_lloyd_aggregate(_with_bloc(q, sp.grubel_lloyd)), True),
    Spec("complementarity", "TC_ij = 100 (1 - sum_k |m_jk - x_ik| / 2)", "Michaely (1996); " + _WITS, True,
         "partner", lambda q: _pairs(q, sp.complementarity)),
    Spec("intensity", "TII_ij = (x_ij/X_i)/(M_j/W)", _WITS, False, "partner",
         lambda q: _pairs(q, sp.trade_intensity)),
    Spec("hhi_products", "HHI = sum_k s_k^2 over products", "Herfindahl-Hirschman; " + _WITS, True, "exporter",
         _hhi("products")),
    Spec("hhi_markets", "HHI = sum_j s_j^2 over markets", "Herfindahl-Hirschman; " + _WITS, False, "exporter",
         _hhi("markets")),
    Spec("similarity", "FK_ab = sum_k min(s_ak, s_bk)", "Finger & Kreinin (1979)", True, "other",
         lambda q: sp.export_similarity(q.agg, exporters=[q.reporter], others=list(q.partners))),
    Spec("margins", "EM = sum_{k in I} X_wmk / sum_k X_wmk; IM = sum_{k in I} X_imk / sum_{k in I} X_wmk",
         "Hummels & Klenow (2005)", True, "partner", _margins),
    Spec("new_products", "n_new_t = #{k: X_kt > 0, k not exported in [E-w, E-1]}", "Kehoe & Ruhl (2013)", True,
         "partner", _new_products),
    *(Spec(f"composition_{by}", _SHARE, ref, True, "partner", _composition(by), True) for by, ref in (
        ("section", "WCO HS sections"), ("chapter", "WCO HS chapters"), ("end_use", "UN BEC Rev.4 (2002)"),
        ("rauch", "Rauch (1999)"), ("sector", "seed brief sector groups on HS (WITS product groups)"))),
    Spec("top_products", "rank products by value per year, direction, partner", _WITS, True, "partner", _top,
         True),
)
INDICATORS: dict[str, Spec] = {s.name: s for s in SPECS}
#: The indicators built on the base aggregates (a session-cached :class:`Base`, see :mod:`.session`).
ON_BASE = frozenset({"rca", "grubel_lloyd", "grubel_lloyd_aggregate", "complementarity", "hhi_products",
                     "similarity", "margins", "new_products"})


def _product_flows(flows: ir.Table, con: ibis.BaseBackend, level: str, dataset: str) -> tuple[ir.Table, str, bool]:
    """The flows at ``level`` in one HS revision, that revision, and whether the dataset has one
    classification only (so the keyed flows of the store are the same rows at HS6)."""
    classes = flows.select("classification").distinct().to_pandas()["classification"].tolist()
    if all(c.upper() in ("TOTAL", "MANUF") for c in classes):
        raise DataError(
            f"dataset {dataset!r} has no product detail (classification {', '.join(classes)})",
            hint="use a product-level dataset (BACI/Comtrade HS, fetched with the data connectors) via --dataset, "
                 "or an aggregate indicator (balance, intensity, hhi_markets)",
            key="no_product_detail", params={"dataset": dataset})
    revs = sorted({revision(c) for c in classes})
    target = revs[0]
    if len(revs) > 1:  # harmonise to the oldest revision present, through the concordances
        conc = con.table("concordances")
        parts = [convert_revision(flows.filter(flows.classification == c), conc, source=c, target=target)
                 for c in classes]
        flows = parts[0]
        for p in parts[1:]:
            flows = flows.union(p)
    t = flows.select("exporter", "importer", "year", "product", "value_usd")
    return at_level(t, level), target, len(classes) == 1


def _world_exports(con: ibis.BaseBackend, dataset: str) -> ir.Table | None:
    """The store's ``world_exports`` rows of ``dataset``, or None when it has none."""
    if not has_table(con, "world_exports"):
        return None
    w = con.table("world_exports")
    w = w.filter(w.dataset == dataset)
    return w if w.count().execute() > 0 else None


def compute_indicator(con: ibis.BaseBackend, name: str, reporter: str, partners: str, *,
                      dataset: str = DEFAULT_DATASET, level: Level = "HS6",
                      years: tuple[int, int] | None = None, window: int = 8, top: int = 10) -> IndicatorResult:
    """Compute indicator ``name`` for ``reporter`` with ``partners`` (bloc id or ISO3 list)."""
    check_option("indicator", name, sorted(INDICATORS))
    check_option("level", level.upper(), LEVELS)
    spec = INDICATORS[name]
    # a reporter inside its bloc (Brazil in MERCOSUR) trades with the other members
    # resolve_scope refuses an empty partner list and one that names only the reporter (ConfigError)
    scope = resolve_scope(reporter, partners)
    members, bloc = scope.members, scope.bloc  # validated codes, never the reporter itself
    flows, rev, single = (_world_exports(con, dataset) if name == "rca" else None), None, False
    if flows is None:
        flows = flows_table(con, dataset, years=years)
        if spec.product_level:
            flows, rev, single = _product_flows(flows, con, level.upper(), dataset)
    world = rev is None and spec.product_level  # rca on the world_exports table
    with indicator_settings(con):
        base = None
        if name in ON_BASE:
            keyed = stored_base(con, dataset, years) if (level.upper() == "HS6" and single and not world) else None
            base = session_base(con, keyed or flows,
                                ("world_exports" if world else "keyed" if keyed else "flows", dataset, level.upper(), years))
        q = Request(con=con, flows=flows, dataset=dataset, reporter=reporter.upper(), partners=members,
                    bloc=bloc, level=level.upper(), hs_revision=rev, years=years, window=window, top=top, base=base)
        res = evaluate(spec.build(q), name=name, formula=spec.formula, reference=spec.reference, datasets=[dataset],
                       order_by=[spec.key, "partner", "direction", "year", "group", "rank", "product"])
    expected = list(members) if spec.key in ("partner", "other") else [q.reporter, *members]
    frame = mark_missing(res.frame, spec.key, expected + ([bloc] if bloc and spec.bloc_row else []))
    notes = [f"products at {level.upper()} of {rev}"] if rev else []
    return IndicatorResult(name=res.name, frame=frame, formula=res.formula, reference=res.reference,
                           datasets=res.datasets, years=res.years, notes=tuple(notes))


def mark_missing(frame: pd.DataFrame, column: str, expected: list[str]) -> pd.DataFrame:
    """Add ``status``: 'ok' for rows with data, and one 'missing' row for each expected value absent.

    A partner-year without data in a yearly table (all values null) is also 'missing'.
    """
    out = frame.copy()
    values = [c for c in out.columns if c not in (column, "year", "partner", "reporter", "exporter", "importer",
                                                  "members_missing")]
    numeric = [c for c in values if pd.api.types.is_numeric_dtype(out[c])]
    empty = out[numeric].isna().all(axis=1) if numeric else pd.Series(False, index=out.index)
    out["status"] = empty.map({True: "missing", False: "ok"})
    present = set(out[column].dropna()) if column in out.columns else set()
    absent = [v for v in expected if v not in present]
    if absent:
        out = pd.concat([out, pd.DataFrame({column: absent, "status": "missing"})], ignore_index=True)
        if "year" in out.columns:
            out["year"] = out["year"].astype("Int64")
    return out
