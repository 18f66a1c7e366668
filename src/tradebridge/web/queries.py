"""Data behind the dashboard pages and the JSON API: read-only warehouse access and a cache per store version.

Every function returns JSON-ready values (lists of records with ``null`` for missing numbers), so the
API can return them as they are and the pages can render the same values as tables and charts.

The warehouse is opened read-only for each computation and closed again (a long-lived connection
would hold DuckDB's file lock and block ``tradebridge data ingest``). Results are cached under the
store's :meth:`~tradebridge.store.Store.version`, which is re-read only when the file's size or
modification time changes, so a re-ingest invalidates every cached response.

>>> from pathlib import Path
>>> access = StoreAccess(Path("missing.duckdb"))
>>> access.version()
'no-store'
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pandas as pd

from tradebridge._json import records
from tradebridge.errors import ConfigError, DataError, TradebridgeError
from tradebridge.reference.blocs import Scope, resolve_scope

ISO3 = re.compile(r"^[A-Z]{3}$")


class NoStore(TradebridgeError):
    """The warehouse file does not exist (pages say how to build it)."""


class StoreAccess:
    """Read-only, per-computation access to the warehouse, with a response cache keyed by version."""

    def __init__(self, path: Path, *, max_entries: int = 512) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stat: tuple | None = None
        self._version = "no-store"
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._max = max_entries
        self._inflight: dict[tuple, threading.Lock] = {}

    def _file_stat(self) -> tuple | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        wal = self.path.with_name(self.path.name + ".wal")
        wst = wal.stat() if wal.exists() else None
        return (st.st_size, st.st_mtime_ns, wst.st_size if wst else 0, wst.st_mtime_ns if wst else 0)

    def version(self) -> str:
        """The store version (``no-store`` when there is no warehouse file)."""
        stat = self._file_stat()
        if stat is None:
            return "no-store"
        with self._lock:
            if stat == self._stat:
                return self._version
        from tradebridge.store import Store

        with Store.open(self.path, read_only=True) as st:
            version = st.version()
        with self._lock:
            self._stat, self._version = stat, version
        return version

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> tuple[Any, str]:
        """(value, version): the cached value for ``key`` at the current version, computed once."""
        version = self.version()
        full = (version, key)
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full], version
            gate = self._inflight.setdefault(full, threading.Lock())
        with gate:  # one computation per key; concurrent requests for it wait and share the result
            with self._lock:
                if full in self._cache:
                    return self._cache[full], version
            value = compute()
            self.remember(key, value, version)
            with self._lock:
                self._inflight.pop(full, None)
        return value, version

    def lookup(self, key: Hashable, version: str) -> Any | None:
        """The value cached for ``key`` at ``version`` (:meth:`version`), or None (nothing is computed)."""
        full = (version, key)
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        return None

    def remember(self, key: Hashable, value: Any, version: str) -> None:
        """Cache ``value`` for ``key`` at ``version`` (the version read before it was built)."""
        with self._lock:
            self._cache[(version, key)] = value
            while len(self._cache) > self._max:
                self._cache.popitem(last=False)

    def open(self):
        """A read-only :class:`~tradebridge.store.Store` (use as a context manager)."""
        from tradebridge.store import Store

        if not self.path.exists():
            raise NoStore(f"no warehouse at {self.path}: build it with `tradebridge data ingest --raw DIR` "
                          "(or point TRADEBRIDGE_STORE at one)", key="no_store")
        return Store.open(self.path, read_only=True)


# ----------------------------------------------------------------------------------------- inputs
def clean_iso3(code: str) -> str:
    code = code.strip().upper()
    if not ISO3.match(code):
        raise ConfigError(f"{code!r} is not an ISO3 country code (three letters, e.g. CHL)")
    return code


# ----------------------------------------------------------------------------------------- overview
def overview(access: StoreAccess, scope: Scope) -> dict[str, Any]:
    """Yearly exports, imports, balance per member and for the bloc, and FTA before/after growth."""
    def compute() -> dict[str, Any]:
        from tradebridge.indicators.overview import trade_overview

        with access.open() as st:
            ov = trade_overview(st.ibis(), scope.reporter, scope.label, dataset=scope.dataset)
            prov = _provenance(st, scope.dataset)
        yearly = ov.yearly.drop(columns=["prev_year"], errors="ignore")
        return {"reporter": scope.reporter, "partners": scope.label, "members": list(scope.members),
                "bloc": ov.bloc, "dataset": scope.dataset, "years": list(ov.years), "yearly": records(yearly),
                "fta_windows": records(ov.windows), "provenance": prov}

    value, version = access.cached(("overview", scope), compute)
    return {**value, "store_version": version}


def _provenance(st: Any, dataset: str) -> dict[str, Any]:
    try:
        p = st.provenance(dataset)
    except TradebridgeError:
        return {"dataset": dataset}
    keep = ("dataset", "source", "licence", "sha256", "file", "rows")
    return {k: (str(p[k]) if k != "rows" else int(p[k])) for k in keep if k in p and p[k] is not None}


# ----------------------------------------------------------------------------------------- agreements
def agreements(access: StoreAccess, scope: Scope, lang: str = "en", country: str | None = None) -> dict[str, Any]:
    """The curated agreements of the reporter with the scope's members (and the bloc's own), with their
    dated stages (from ``agreement_stages``); ``country`` keeps one partner's."""
    country = clean_iso3(country) if country else None

    def compute() -> dict[str, Any]:
        from tradebridge.indicators import evidence_inputs as q
        from tradebridge.reference.timeline import DATASET, agreement_name, stage_label

        with access.open() as st:
            con = st.ibis()
            ags = q.curated_agreements(con, scope.reporter, scope.members, scope.bloc).to_pandas()
            ids = ags["agreement_id"].tolist()
            stages = q.curated_stages(con, ids).to_pandas() if ids else pd.DataFrame(columns=list(q.STAGE_COLUMNS))
        ags = ags[["agreement_id", "name", "kind", "signed", "in_force", "terminated"]].sort_values("agreement_id")
        stages = stages[list(q.STAGE_COLUMNS)]
        if country:  # the bilateral ones with that partner, and those with the whole bloc (A-BLOC-KIND)
            keep = {a for a in ags["agreement_id"] if len(a.split("-")) == 3
                    and a.split("-")[1] in {country, scope.bloc}}
            stages, ags = stages[stages.agreement_id.isin(keep)], ags[ags.agreement_id.isin(keep)]
        names = {}
        for a in ags["agreement_id"]:
            try:
                names[a] = agreement_name(a, lang)
            except TradebridgeError:
                names[a] = a
        stages = stages.assign(stage_label=[stage_label(s, lang) for s in stages["stage"]],
                               agreement=[names.get(a, a) for a in stages["agreement_id"]])
        ags = ags.assign(name_local=[names.get(a, a) for a in ags["agreement_id"]])
        return {"agreements": records(ags), "stages": records(stages), "dataset": DATASET}

    value, version = access.cached(("agreements", scope, lang, country), compute)
    return {**value, "store_version": version}


# ----------------------------------------------------------------------------------------- partner
def product_datasets(access: StoreAccess) -> list[str]:
    """Datasets of ``trade_flows`` with HS product detail."""
    def compute() -> list[str]:
        with access.open() as st:
            frame = st.sql("SELECT DISTINCT dataset FROM trade_flows WHERE classification LIKE 'HS%' ORDER BY 1")
        return frame["dataset"].tolist()

    return access.cached(("product_datasets",), compute)[0]


def partner(access: StoreAccess, iso3: str, scope: Scope, lang: str = "en") -> dict[str, Any]:
    """One partner of the scope's reporter: yearly flows, trade intensity both ways, FTA windows,
    composition where products exist."""
    iso3, reporter = clean_iso3(iso3), scope.reporter
    if iso3 == reporter:
        raise ConfigError("the partner must differ from the reporter")
    one = resolve_scope(reporter, iso3, dataset=scope.dataset)  # the reporter with this one partner

    def compute() -> dict[str, Any]:
        from tradebridge.indicators.registry import compute_indicator

        with access.open() as st:
            known = st.sql("SELECT count(*) AS n FROM countries WHERE iso3 = ?", [iso3])["n"].iloc[0]
        if not known:
            raise DataError(f"no country {iso3!r} in the warehouse's country table",
                            hint=f"use an ISO3 code such as {', '.join(scope.members[:4])}")
        ov = overview(access, one)
        with access.open() as st:
            inten = compute_indicator(st.ibis(), "intensity", reporter, iso3, dataset=scope.dataset).frame
            comp: dict[str, Any] = {"available": False, "datasets": []}
            for ds in product_datasets(access):
                try:
                    sec = compute_indicator(st.ibis(), "composition_section", reporter, iso3, dataset=ds)
                    top = compute_indicator(st.ibis(), "top_products", reporter, iso3, dataset=ds, top=10)
                except TradebridgeError as exc:
                    comp["datasets"].append({"dataset": ds, "error": str(exc)})
                    continue
                comp = {"available": True, "dataset": ds, "sections": records(sec.frame),
                        "top_products": records(top.frame), "notes": list(sec.notes)}
                break
        return {"reporter": reporter, "partner": iso3, "yearly": ov["yearly"], "fta_windows": ov["fta_windows"],
                "intensity": records(inten), "composition": comp, "provenance": ov["provenance"]}

    value, version = access.cached(("partner", one), compute)
    return {**value, "agreements": agreements(access, scope, lang, iso3), "store_version": version}


# ----------------------------------------------------------------------------------------- indicators
def indicator(access: StoreAccess, name: str, scope: Scope, *, level: str,
              years: tuple[int, int] | None, gate: Any = None) -> dict[str, Any]:
    """A named indicator from :mod:`tradebridge.indicators.registry`, as records with its formula.

    The dataset must be one of :func:`catalogue` and offer the indicator (an aggregate dataset offers
    only the indicators without product detail; a world-exports dataset offers ``rca``). A cache miss
    is computed through ``gate`` (a :class:`~tradebridge.web.jobs.ComputeGate`) when one is given."""
    dataset = scope.dataset
    cat = catalogue(access)
    if dataset not in cat:
        raise DataError(f"no dataset {dataset!r} in the warehouse",
                        hint=f"use one of: {', '.join(cat) or 'none (ingest data first)'}")
    offered = cat[dataset]["indicators"]
    if name not in offered:
        raise DataError(f"indicator {name!r} needs data that dataset {dataset!r} ({cat[dataset]['kind']}) lacks",
                        hint=f"with {dataset!r} use one of: {', '.join(offered)}; or a dataset that offers it: "
                             f"{', '.join(d for d, c in cat.items() if name in c['indicators']) or 'none loaded'}")
    if years is not None and not any(years[0] <= y <= years[1] for y in cat[dataset]["years"]):
        raise DataError(f"dataset {dataset!r} has no rows in {years[0]}-{years[1]}",
                        hint=f"choose years between {cat[dataset]['years'][0]} and {cat[dataset]['years'][-1]}")

    def compute() -> dict[str, Any]:
        from tradebridge.indicators.registry import compute_indicator

        with access.open() as st:
            res = compute_indicator(st.ibis(), name, scope.reporter, scope.label, dataset=dataset, level=level,
                                    years=years)
        frame = res.frame.head(5000)
        return {"indicator": res.name, "formula": res.formula, "reference": res.reference,
                "datasets": list(res.datasets), "years": [int(y) for y in res.years], "notes": list(res.notes),
                "rows": records(frame), "truncated": len(res.frame) > len(frame)}

    value, version = access.cached(("indicator", name, scope, level, years),
                                   gate.wrap(compute) if gate is not None else compute)
    return {**value, "store_version": version}


AGGREGATE_CLASSES = frozenset({"TOTAL", "MANUF"})


def catalogue(access: StoreAccess) -> dict[str, dict[str, Any]]:
    """What each dataset can show: ``kind`` (``aggregate``: totals only; ``products``: HS detail;
    ``world``: exports to the world by product, for ``rca``), its ``years``, the ``indicators`` its
    data support and the ``reporters`` (exporters) present. Cached per store version."""
    def compute() -> dict[str, dict[str, Any]]:
        from tradebridge.indicators.registry import SPECS

        with access.open() as st:
            tables = set(st.tables())
            flows = st.sql("SELECT dataset, list(DISTINCT upper(classification)) AS classes, "
                           "list(DISTINCT year ORDER BY year) AS years, list(DISTINCT exporter ORDER BY exporter) "
                           "AS reporters FROM trade_flows GROUP BY dataset ORDER BY dataset")
            world = (st.sql("SELECT dataset, list(DISTINCT year ORDER BY year) AS years, list(DISTINCT exporter "
                            "ORDER BY exporter) AS reporters FROM world_exports GROUP BY dataset ORDER BY dataset")
                     if "world_exports" in tables else pd.DataFrame(columns=["dataset", "years", "reporters"]))
        aggregate = [s.name for s in SPECS if not s.product_level]
        out: dict[str, dict[str, Any]] = {}
        for r in flows.itertuples(index=False):
            products = not set(r.classes) <= AGGREGATE_CLASSES
            out[r.dataset] = {"kind": "products" if products else "aggregate",
                              "indicators": [s.name for s in SPECS] if products else aggregate}
            out[r.dataset].update(years=[int(y) for y in r.years], reporters=list(r.reporters))
        for r in world.itertuples(index=False):
            out.setdefault(r.dataset, {"kind": "world", "indicators": ["rca"], "years": [int(y) for y in r.years],
                                       "reporters": list(r.reporters)})
        return out

    return access.cached(("catalogue",), compute)[0]


# ----------------------------------------------------------------------------------------- scope checks
def known_countries(access: StoreAccess) -> frozenset[str]:
    """ISO3 codes of the warehouse's country table."""
    def compute() -> frozenset[str]:
        with access.open() as st:
            return frozenset(st.sql("SELECT iso3 FROM countries")["iso3"].tolist())

    return access.cached(("known_countries",), compute)[0]


def check_scope(access: StoreAccess, scope: Scope) -> Scope:
    """``scope`` when its reporter and members are in the country table, else a DataError naming them."""
    known = known_countries(access)
    unknown = [c for c in (scope.reporter, *scope.members) if c not in known]
    if unknown:
        raise DataError(f"no country {', '.join(unknown)} in the warehouse's country table",
                        hint="use ISO3 codes such as CHL, MEX (comma-separated) or a bloc id such as PA, MERCOSUR",
                        key="unknown_in_store", params={"codes": ", ".join(unknown)})
    return scope


# ----------------------------------------------------------------------------------------- CSV
def tables_of(body: Any, prefix: str = "") -> dict[str, list[dict[str, Any]]]:
    """Every table in a JSON answer, by dotted path: a list of records whose values are scalars
    (``yearly``, ``composition.sections``, ``directions.0.rows``); nested lists are walked.

    >>> sorted(tables_of({"rows": [{"a": 1}], "x": {"t": [{"b": None}]}, "n": [1, 2], "d": [{"r": [{"c": 2}]}]}))
    ['d.0.r', 'rows', 'x.t']
    """
    out: dict[str, list[dict[str, Any]]] = {}
    items = body.items() if isinstance(body, dict) else enumerate(body) if isinstance(body, list) else ()
    for key, value in items:
        path = f"{prefix}{key}"
        if (isinstance(value, list) and value and all(isinstance(r, dict) for r in value)
                and all(not isinstance(v, (dict, list)) for r in value for v in r.values())):
            out[path] = value
        elif isinstance(value, (dict, list)):
            out.update(tables_of(value, path + "."))
    return out


def csv_text(rows: list[dict[str, Any]]) -> str:
    """Records as CSV (header from the union of the keys, in order of appearance; missing values empty).
    Text that a spreadsheet would run as a formula is prefixed with ``'`` (OWASP CSV injection).

    >>> print(csv_text([{"year": 2016, "partner": "CHL", "v": 1.5}, {"year": 2016, "partner": "=1+1", "v": None}]))
    year,partner,v
    2016,CHL,1.5
    2016,'=1+1,
    <BLANKLINE>
    """
    import csv
    import io

    from tradebridge.survey.storage import FORMULA_START  # the one list of formula-starting characters

    columns = list(dict.fromkeys(k for r in rows for k in r))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow(["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else
                         "" if v is None else v for v in (r.get(c) for c in columns)])
    return buf.getvalue()
