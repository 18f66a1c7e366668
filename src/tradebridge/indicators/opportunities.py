"""Economic complexity applied to a reporter and its partners, in both directions.

Reads the store's tables through an Ibis backend (DuckDB by default) and calls
:mod:`tradebridge.indicators.complexity`:

- :func:`export_values`: the exporter × product × year values of a dataset — the ``world_exports``
  table (world SITC Rev.2 4-digit, 1998–2000) or, for a ``trade_flows`` dataset with product codes
  (BACI/Comtrade HS6 when fetched), exports summed over importers (domestic flows dropped).
- :func:`import_demand`: what measures the market's demand for each product with the data present.
  With bilateral product flows for the market and year, its **actual imports** of the product. The
  world SITC4 file has exports only; then demand is **proxied** as ``s_m × W_p``: the market's share of
  world imports (all goods, from an aggregate ``trade_flows`` dataset in the same year) times the
  world's exports of the product in the input — a proportional-demand assumption under which the
  ranking is the ranking by world trade in the product. The ``basis`` column says which one was used;
  ``import_demand`` is in the input's value units (the proxy is only as complete as the input).
- :func:`opportunities`: the products an exporter could add, as in the Atlas's "strategic bets":
  not yet exported with comparative advantage (``M_cp = 0``), density at or above the exporter's
  ``density_quantile`` among such products, PCI above the exporter's ECI, positive COG; ranked by
  the market's import demand. Residual codes (SITC 911/931, HS 99) are left out.
- :func:`complexity_ranks`: each country's ECI and its rank, and the export-weighted mean PCI of its
  export basket and its rank, per year.
- :func:`rauch_shares`: the share of exports that is commodity (Rauch ``w``), reference-priced
  (``r``), differentiated (``n``) or unclassified, on SITC Rev.2 4-digit codes (exports to the world).
- :func:`bilateral_goods_types`: the same Rauch shares and the BEC *primary* share (UN BEC Rev.4 basic
  classes 111, 112, 21, 31: primary food and beverages, primary industrial supplies, primary fuels) of
  each side's exports **to the other**, from bilateral HS flows (BACI/Comtrade once fetched).

No country is named here: reporter, partners and datasets are arguments.

>>> import pandas as pd
>>> rauch = pd.DataFrame({"sitc2": ["0011", "7810"], "conservative": ["w", "n"], "liberal": ["w", "n"]})
>>> x = pd.DataFrame({"exporter": ["A", "A"], "product": ["0011", "7810"], "year": 2000, "value_usd": [1.0, 3.0]})
>>> rauch_shares(x, rauch)[["exporter", "commodity", "differentiated"]].values.tolist()
[['A', 0.25, 0.75]]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import ibis
import numpy as np
import pandas as pd

from tradebridge.concord.groups import RAUCH_CLASS
from tradebridge.errors import ConfigError, DataError, check_option
from tradebridge.indicators.complexity import ComplexityResult
from tradebridge.indicators.overview import has_table

WORLD_TABLE = "world_exports"
# Residual codes that are not products one can plan to add: SITC Rev.2 911 postal packages and 931
# special transactions not classified by kind; HS chapter 99 (special / unspecified).
RESIDUAL_PREFIXES: dict[str, tuple[str, ...]] = {"SITC2": ("911", "931"), "HS": ("99",)}


def residual_prefixes(classification: str | None) -> tuple[str, ...]:
    """Code prefixes left out of opportunity lists for a classification (HS revisions share HS's).

    >>> residual_prefixes("SITC2"), residual_prefixes("HS12")
    (('911', '931'), ('99',))
    """
    if classification is None:
        return ()
    key = "HS" if classification.upper().startswith("HS") else classification.upper()
    return RESIDUAL_PREFIXES.get(key, ())


_KNOWN = (WORLD_TABLE, "trade_flows", "macro", "rauch", "products")


def _tables(con: ibis.BaseBackend) -> set[str]:
    """The store tables this module reads that the backend has (``list_tables`` fails on ibis 12 + duckdb 2)."""
    return {name for name in _KNOWN if has_table(con, name)}


def datasets_with_products(con: ibis.BaseBackend) -> list[str]:
    """Datasets usable as complexity input: every ``world_exports`` dataset and every ``trade_flows``
    dataset with product codes (classification other than TOTAL/MANUF)."""
    names: list[str] = []
    tabs = _tables(con)
    if WORLD_TABLE in tabs:
        names += sorted(con.table(WORLD_TABLE).dataset.to_pandas().unique())
    if "trade_flows" in tabs:
        t = con.table("trade_flows")
        t = t.filter(~t.classification.isin(["TOTAL", "MANUF"]))
        names += sorted(t.select("dataset").distinct().to_pandas()["dataset"])
    return names


def export_values(con: ibis.BaseBackend, dataset: str, *, years: Sequence[int] | None = None) -> pd.DataFrame:
    """exporter, product, year, value_usd, classification of ``dataset`` (see the module docstring)."""
    tabs = _tables(con)
    if WORLD_TABLE in tabs:
        w = con.table(WORLD_TABLE)
        w = w.filter(w.dataset == dataset)
        if years is not None:
            w = w.filter(w.year.isin([int(y) for y in years]))
        g = w.group_by(["exporter", "product", "year", "classification"]).aggregate(value_usd=w.value_usd.sum())
        frame = g.to_pandas()
        if not frame.empty:
            return frame
    if "trade_flows" in tabs:
        t = con.table("trade_flows")
        t = t.filter((t.dataset == dataset) & (t.exporter != t.importer) & ~t.classification.isin(["TOTAL", "MANUF"]))
        if years is not None:
            t = t.filter(t.year.isin([int(y) for y in years]))
        frame = t.group_by(["exporter", "product", "year", "classification"]).aggregate(
            value_usd=t.value_usd.sum()).to_pandas()
        if not frame.empty:
            return frame
    have = ", ".join(datasets_with_products(con)) or "none"
    when = f" for years {', '.join(map(str, years))}" if years is not None else ""
    raise DataError(f"no product-level exports in dataset {dataset!r}{when}",
                    hint=f"datasets with product codes in the store: {have} (run `tradebridge data ingest`; "
                         "BACI/Comtrade HS6 after `tradebridge data fetch`)")


def gdp_per_capita(con: ibis.BaseBackend, years: Sequence[int], *, dataset: str | None = None) -> pd.DataFrame:
    """exporter, year, gdp_per_capita: the dataset's own GDP per capita indicator when it ships one
    (``gdp_per_capita*`` in ``macro``), else ``gdp_usd / population`` (World Bank) of the same year."""
    m = con.table("macro")
    m = m.filter(m.year.isin([int(y) for y in years]))
    if dataset is not None:
        own = m.filter((m.dataset == dataset) & m.indicator.startswith("gdp_per_capita")).to_pandas()
        if not own.empty:
            return own.rename(columns={"country": "exporter", "value": "gdp_per_capita"})[
                ["exporter", "year", "gdp_per_capita"]]
    f = m.filter(m.indicator.isin(["gdp_usd", "population"]) & m.month.isnull()).to_pandas()
    wide = f.pivot_table(index=["country", "year"], columns="indicator", values="value", aggfunc="first")
    if not {"gdp_usd", "population"} <= set(wide.columns):
        return pd.DataFrame(columns=["exporter", "year", "gdp_per_capita"])
    out = (wide["gdp_usd"] / wide["population"]).rename("gdp_per_capita").reset_index()
    return out.rename(columns={"country": "exporter"}).dropna()


def import_demand(con: ibis.BaseBackend, market: str, year: int, values: pd.DataFrame, *,
                  aggregate_dataset: str | None = None) -> pd.DataFrame:
    """product, import_demand, basis: the market's imports of each product (see module docstring)."""
    classification = values["classification"].iloc[0] if "classification" in values and len(values) else None
    if "trade_flows" in _tables(con) and classification not in (None, "SITC2"):
        t = con.table("trade_flows")
        t = t.filter((t.importer == market) & (t.year == int(year)) & (t.classification == classification)
                     & (t.exporter != t.importer))
        actual = t.group_by("product").aggregate(import_demand=t.value_usd.sum()).to_pandas()
        if not actual.empty:
            return actual.assign(basis=f"{market}'s imports of the product in {year} ({classification} flows)")
    world = values[values["year"] == int(year)].groupby("product", as_index=False)["value_usd"].sum()
    share, basis = _import_share(con, market, int(year), aggregate_dataset)
    return pd.DataFrame({"product": world["product"], "import_demand": share * world["value_usd"],
                         "basis": basis})


def _import_share(con: ibis.BaseBackend, market: str, year: int, dataset: str | None) -> tuple[float, str]:
    if "trade_flows" in _tables(con):
        t = con.table("trade_flows")
        t = t.filter((t.year == year) & (t.classification == "TOTAL") & (t.exporter != t.importer))
        if dataset is not None:
            t = t.filter(t.dataset == dataset)
        agg = t.group_by("dataset").aggregate(
            world=t.value_usd.sum(), market=(t.importer == market).ifelse(t.value_usd, 0.0).sum()).to_pandas()
        agg = agg[agg["market"] > 0].sort_values("world", ascending=False)
        if not agg.empty:
            row = agg.iloc[0]
            share = float(row["market"] / row["world"])
            return share, (f"proxy: {market}'s share of world imports in {year} ({share:.2%}, all goods, "
                           f"{row['dataset']}) × world exports of the product")
    return 1.0, (f"proxy: world exports of the product in {year} (no aggregate imports of {market} in the "
                 "store to scale them)")


def opportunities(result: ComplexityResult, exporter: str, demand: pd.DataFrame, *, year: int | None = None,
                  top: int | None = 20, density_quantile: float = 0.5,
                  descriptions: pd.DataFrame | None = None, exclude: Sequence[str] = ()) -> pd.DataFrame:
    """Products ``exporter`` could add (M = 0, high density, PCI > its ECI, COG > 0), ranked by demand.

    ``demand``: product, import_demand (and basis), e.g. from :func:`import_demand`.
    ``descriptions``: product, description (optional); ``exclude``: code prefixes to leave out (see
    :func:`residual_prefixes`). Returns rank, year, product, description, density, pci, eci, cog, rca,
    import_demand, basis.
    """
    if not 0.0 <= float(density_quantile) < 1.0:
        raise ConfigError(f"density_quantile must be in [0, 1) (got {density_quantile}); 0.5 = the median")
    y = result.years[-1] if year is None else int(year)
    cells = result.cells[(result.cells["exporter"] == exporter) & (result.cells["year"] == y)]
    if cells.empty:
        raise DataError(f"no exports of {exporter} in {y} in the complexity result", column="exporter",
                        hint="check the ISO3 code and the year (tradebridge trade complexity lists the exporters)")
    eci = float(result.countries.loc[(result.countries.exporter == exporter) & (result.countries.year == y), "eci"].iloc[0])
    pci = result.products[result.products.year == y][["product", "pci"]]
    c = cells[cells["mcp"] == 0].merge(pci, on="product")
    if exclude:
        c = c[~c["product"].astype(str).str.startswith(tuple(exclude))]
    cut = float(np.nanquantile(c["density"], density_quantile)) if len(c) else np.nan
    c = c[(c["density"] >= cut) & (c["pci"] > eci) & (c["cog"] > 0)]
    c = c.merge(demand, on="product", how="left").assign(eci=eci)
    c["import_demand"] = c["import_demand"].fillna(0.0)   # no recorded imports of the product
    if "basis" in demand and len(demand):
        c["basis"] = demand["basis"].iloc[0]
    if descriptions is not None:
        c = c.merge(descriptions[["product", "description"]].drop_duplicates("product"), on="product", how="left")
    else:
        c["description"] = None
    c = c.sort_values(["import_demand", "cog"], ascending=False, na_position="last")
    if top is not None:
        c = c.head(int(top))
    c = c.assign(rank=np.arange(1, len(c) + 1), year=y)
    cols = ["rank", "year", "product", "description", "density", "pci", "eci", "cog", "rca", "import_demand"]
    return c[cols + (["basis"] if "basis" in c else [])].reset_index(drop=True)


def complexity_ranks(result: ComplexityResult, countries: Sequence[str] | None = None) -> pd.DataFrame:
    """exporter, year, eci, eci_rank, n_countries, pci_of_exports (export-weighted mean PCI), pci_rank."""
    c = result.countries.copy()
    c["eci_rank"] = c.groupby("year")["eci"].rank(ascending=False, method="min")
    c["n_countries"] = c.groupby("year")["eci"].transform("count")
    cells = result.cells[result.cells["value_usd"] > 0].merge(result.products[["product", "year", "pci"]],
                                                             on=["product", "year"])
    cells = cells.dropna(subset=["pci"])
    cells["w"] = cells["value_usd"] * cells["pci"]
    g = cells.groupby(["exporter", "year"], as_index=False)[["w", "value_usd"]].sum()
    g["pci_of_exports"] = g["w"] / g["value_usd"]
    c = c.merge(g[["exporter", "year", "pci_of_exports"]], on=["exporter", "year"], how="left")
    c["pci_rank"] = c.groupby("year")["pci_of_exports"].rank(ascending=False, method="min")
    if countries is not None:
        c = c[c["exporter"].isin(list(countries))]
    keep = ["exporter", "year", "eci", "eci_rank", "n_countries", "pci_of_exports", "pci_rank"]
    return c[keep].sort_values(["year", "eci_rank"]).reset_index(drop=True)


def rauch_shares(values: pd.DataFrame, rauch: pd.DataFrame, *, variant: str = "conservative",
                 bec: pd.DataFrame | None = None) -> pd.DataFrame:
    """Shares of each exporter × year's exports by Rauch class (SITC Rev.2 4-digit product codes).

    With ``bec`` (a SITC2 → BEC4 concordance: source_code, target_code) also ``bec_primary``, the share
    in BEC basic classes 111, 112, 21 and 31 (a code linked to n BEC codes counts 1/n in each).
    """
    check_option("variant", variant, ("conservative", "liberal"))
    r = rauch[["sitc2", variant]].rename(columns={"sitc2": "product", variant: "cls"})
    x = values.merge(r, on="product", how="left")
    x["group"] = x["cls"].map(RAUCH_CLASS).fillna("unclassified")
    tab = x.pivot_table(index=["exporter", "year"], columns="group", values="value_usd", aggfunc="sum", fill_value=0.0)
    for g in (*RAUCH_CLASS.values(), "unclassified"):
        if g not in tab:
            tab[g] = 0.0
    total = tab.sum(axis=1)
    out = tab.div(total, axis=0)
    cols = ["exporter", "year", "commodity", "reference_priced", "differentiated", "unclassified"]
    if bec is not None:
        m = bec[["source_code", "target_code"]].drop_duplicates()
        m = m.assign(primary=m["target_code"].str.slice(0, 3).isin(BEC_PRIMARY).astype(float))
        weight = m.groupby("source_code")["primary"].mean().rename("w")   # equal split over linked codes
        y = values.merge(weight, left_on="product", right_index=True, how="left")
        prim = (y["value_usd"] * y["w"].fillna(0.0)).groupby([y["exporter"], y["year"]]).sum()
        out["bec_primary"] = prim.reindex(out.index).to_numpy() / total.to_numpy()
        cols.append("bec_primary")
    out = out.reset_index()
    out["exports_usd"] = total.to_numpy()
    out.columns.name = None
    return out[[*cols, "exports_usd"]]


BEC_PRIMARY: tuple[str, ...] = ("111", "112", "210", "310")


def bilateral_goods_types(con: ibis.BaseBackend, reporter: str, members: Sequence[str], *,
                          dataset: str) -> pd.DataFrame:
    """year, direction, partner, commodity, reference_priced, differentiated, unclassified, bec_primary,
    value_usd of the reporter's exports to (direction 'exports') and imports from each member.

    Needs ``trade_flows`` rows of ``dataset`` with one HS revision, and the ``concordances`` (HS →
    SITC2, HS → BEC4) and ``rauch`` tables. A code linked to several SITC/BEC codes is split equally.
    """
    from tradebridge.concord.groups import rauch_group
    from tradebridge.concord.hs import equal_split, revision
    from tradebridge.indicators.composition import composition

    t = con.table("trade_flows")
    t = t.filter((t.dataset == dataset) & t.classification.startswith("HS"))
    classes = sorted(t.select("classification").distinct().to_pandas()["classification"])
    if len(classes) != 1:
        raise DataError(f"dataset {dataset!r} has {len(classes)} HS revisions ({', '.join(classes) or 'none'})",
                        hint="pass a dataset with bilateral HS flows in one revision (a BACI release is one)")
    rev = revision(classes[0])
    flows = t.select("exporter", "importer", "year", "product", "value_usd")
    conc = con.table("concordances")
    r = composition(rauch_group(flows, conc, con.table("rauch"), hs_revision=rev), reporter, list(members)).to_pandas()
    keys = ["year", "direction", "partner"]
    out = r.pivot_table(index=keys, columns="group", values="share", aggfunc="sum", fill_value=0.0)
    for g in (*RAUCH_CLASS.values(), "unclassified"):
        if g not in out:
            out[g] = 0.0
    bec = conc.filter((conc.source_classification == rev) & (conc.target_classification == "BEC4"))
    bec = bec.select(source_code=bec.source_code,
                     target_code=bec.target_code.substr(0, 3).isin(list(BEC_PRIMARY)).ifelse("primary", "other"))
    b = equal_split(flows, bec, keep_unmatched=False, target="group")
    b = composition(b.mutate(group=b.group.coalesce("unclassified")), reporter, list(members)).to_pandas()
    prim = b[b["group"] == "primary"].set_index(keys)["share"]
    total = b.groupby(keys)["value_usd"].sum()
    out = out.reset_index()
    out["bec_primary"] = out.set_index(keys).index.map(prim).fillna(0.0).to_numpy()
    out["value_usd"] = out.set_index(keys).index.map(total).to_numpy()
    out.columns.name = None
    cols = [*keys, "commodity", "reference_priced", "differentiated", "unclassified", "bec_primary", "value_usd"]
    return out[cols].sort_values(keys).reset_index(drop=True)


@dataclass(frozen=True)
class PairComplexity:
    """The reporter and its partners seen through economic complexity, in both directions."""

    reporter: str
    members: tuple[str, ...]
    dataset: str
    year: int
    ranks: pd.DataFrame
    into_reporter: dict[str, pd.DataFrame]
    into_members: dict[str, pd.DataFrame]
    rauch: pd.DataFrame
    result: ComplexityResult
    notes: tuple[str, ...] = field(default=())
    goods_types: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_frame(self) -> pd.DataFrame:
        """All opportunity rows with ``exporter`` and ``market`` columns."""
        rows = [t.assign(exporter=m, market=self.reporter) for m, t in self.into_reporter.items()]
        rows += [t.assign(exporter=self.reporter, market=m) for m, t in self.into_members.items()]
        return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()

    def summary(self) -> str:
        lines = [f"complexity of {self.reporter} and {', '.join(self.members)} ({self.dataset}, {self.year})"]
        for _, r in self.ranks[self.ranks.year == self.year].iterrows():
            lines.append(f"  {r.exporter}: ECI {r.eci:+.2f} (rank {int(r.eci_rank)} of {int(r.n_countries)})")
        return "\n".join(lines + [f"  note: {n}" for n in self.notes])


def descriptions_for(con: ibis.BaseBackend, classification: str | None) -> pd.DataFrame | None:
    """product, description from the store's ``products`` table for a classification (None if absent)."""
    if classification is None or "products" not in _tables(con):
        return None
    p = con.table("products")
    p = p.filter(p.classification == classification).select(product=p.code, description=p.description)
    frame = p.to_pandas()
    return None if frame.empty else frame.drop_duplicates("product")


def pair_complexity(con: ibis.BaseBackend, reporter: str, members: Sequence[str], *, dataset: str,
                    year: int | None = None, top: int = 20, density_quantile: float = 0.5,
                    aggregate_dataset: str | None = None, **options) -> PairComplexity:
    """ECI/PCI ranks over the years available, opportunities each way, Rauch shares of exports."""
    from tradebridge.indicators.complexity import complexity

    values = export_values(con, dataset)
    result = complexity(values, **options)
    y = result.years[-1] if year is None else int(year)
    members = tuple(m for m in members if m != reporter)
    present = set(result.countries.loc[result.countries.year == y, "exporter"])
    lacking = [c for c in (reporter, *members) if c not in present]
    notes = [f"{', '.join(lacking)}: no exports in {dataset} {y}"] if lacking else []
    classification = values["classification"].iloc[0] if "classification" in values else None
    desc = descriptions_for(con, classification)
    skip = residual_prefixes(classification)
    into_r, into_m = {}, {}
    for m in members:
        if m in present and reporter in present:
            into_r[m] = opportunities(result, m, import_demand(con, reporter, y, values, aggregate_dataset=aggregate_dataset),
                                      year=y, top=top, density_quantile=density_quantile, descriptions=desc, exclude=skip)
            into_m[m] = opportunities(result, reporter, import_demand(con, m, y, values, aggregate_dataset=aggregate_dataset),
                                      year=y, top=top, density_quantile=density_quantile, descriptions=desc,
                                      exclude=skip)
    rauch, goods = pd.DataFrame(), pd.DataFrame()
    tabs = _tables(con)
    if "rauch" in tabs and classification == "SITC2":
        bec = None
        if has_table(con, "concordances"):
            c = con.table("concordances")
            bec = c.filter((c.source_classification == "SITC2") & (c.target_classification == "BEC4")).to_pandas()
        rauch = rauch_shares(values[values["exporter"].isin([reporter, *members])], con.table("rauch").to_pandas(),
                             bec=bec if bec is not None and len(bec) else None)
        notes.append("Rauch shares are of exports to the world (the store has no bilateral product flows "
                     "for this classification)")
    elif "rauch" in tabs and str(classification).upper().startswith("HS") and has_table(con, "concordances"):
        goods = bilateral_goods_types(con, reporter, members, dataset=dataset)
    ranks = complexity_ranks(result, [reporter, *members])
    return PairComplexity(reporter=reporter, members=members, dataset=dataset, year=y, ranks=ranks,
                          into_reporter=into_r, into_members=into_m, rauch=rauch, result=result, notes=tuple(notes),
                          goods_types=goods)
