"""OECD Data Explorer (SDMX REST): FDI positions and flows by partner, and DAC CRS ODA.

Requests go to ``https://sdmx.oecd.org/public/rest/data/<agency>,<dataflow>,<version>/<key>`` (CRS:
``/dcd-public/rest``) with
``startPeriod``/``endPeriod``, ``format=csvfile`` and the SDMX-CSV ``Accept`` header (the OECD API
knows ``csvfile`` and ``csvfilewithlabels``; ``format=csv`` is not one of its formats). The
dataflow and the key are options, because the OECD renames dataflows between releases: the defaults
are :data:`FDI_FLOWS` (positions: :data:`FDI_POSITIONS`) and :data:`CRS`; ``key`` uses SDMX syntax
(``.``-separated dimensions, ``+`` for several codes, empty for all); :func:`fdi_key` and
:func:`crs_key` build the usual ones.

* FDI rows -> table ``fdi(dataset, reporter, partner, year, measure, direction, value_usd, unit)``:
  ``REF_AREA`` -> reporter, ``COUNTERPART_AREA`` -> partner, ``MEASURE`` -> measure,
  ``MEASURE_PRINCIPLE`` (DI inward / DO outward / A assets / L liabilities) -> direction,
  ``OBS_VALUE * 10**UNIT_MULT`` -> value_usd. Only US-dollar series are accepted (``UNIT_MEASURE``
  starting with ``USD``); other units raise an error saying to put ``USD_EXC`` in the key.
* CRS rows -> table ``oda(dataset, donor, recipient, year, sector, flow, value_usd, price_basis)``:
  ``DONOR``, ``RECIPIENT``, ``SECTOR``, ``FLOW_TYPE`` (D disbursement, C commitment),
  ``PRICE_BASE`` (V current, Q constant prices), value in USD.

Rows that would share a key (e.g. the key left a channel or modality dimension open) raise an error
naming the dimensions to fix, rather than being summed silently. An empty selection (HTTP 404
``NoResults`` or ``NoRecordsFound``) gives no rows; a reply whose every value is empty gives an
:class:`EmptyValuesWarning` (USA and Japan, for one, report FDI by counterpart under
``TYPE_ENTITY=ALL``, not ``ROU``: pass ``entity="ALL"`` to :func:`fdi_key`). CRS queries are slow:
use a client timeout of at least :data:`CRS_TIMEOUT` seconds (the CLI does).

>>> FDI_FLOWS.path
'OECD.DAF.INV,DSD_FDI@DF_FDI_FLOW_CTRY,1.0'
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from tradebridge.errors import SourceError
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.http import HttpClient
from tradebridge.sources.sdmx import parse_period, parse_sdmx_csv, scale

LICENCE = "OECD Terms and Conditions (CC BY 4.0 for most OECD data)"
#: The SDMX-CSV media type the OECD API answers with ``format=csvfile``.
SDMX_CSV = "application/vnd.sdmx.data+csv; charset=utf-8"
#: Seconds: the CRS dataflow is large and its queries often take minutes.
CRS_TIMEOUT = 300.0
_EMPTY_SELECTION = ("noresults", "norecordsfound")


class EmptyValuesWarning(UserWarning):
    """Every observation of an OECD reply is empty (the key probably selects an unreported breakdown)."""


@dataclass(frozen=True)
class Dataflow:
    """An SDMX dataflow reference; an empty ``version`` asks for the latest."""

    agency: str
    id: str
    version: str = ""
    base: str = "https://sdmx.oecd.org/public/rest"

    @property
    def path(self) -> str:
        return f"{self.agency},{self.id},{self.version}"


FDI_FLOWS = Dataflow("OECD.DAF.INV", "DSD_FDI@DF_FDI_FLOW_CTRY", "1.0")
FDI_POSITIONS = Dataflow("OECD.DAF.INV", "DSD_FDI@DF_FDI_POS_CTRY", "1.0")
CRS = Dataflow("OECD.DCD.FSD", "DSD_CRS@DF_CRS", "", base="https://sdmx.oecd.org/dcd-public/rest")


def fdi_key(reporters: Sequence[str], partners: Sequence[str], *, positions: bool = False,
            entity: str = "ROU") -> str:
    """Key of the FDI-by-counterpart dataflows (13 dimensions), directional inward and outward, USD.

    Dimensions: REF_AREA.MEASURE.UNIT_MEASURE.MEASURE_PRINCIPLE.ACCOUNTING_ENTRY.TYPE_ENTITY.FDI_COMP.
    SECTOR.COUNTERPART_AREA.LEVEL_COUNTERPART.ACTIVITY.FREQ.FDI_COLLECTION_ID; resident operating units
    (``entity="ROU"``, special-purpose entities excluded; ``"ALL"`` for economies such as USA and JPN
    that report only all units), total direct investment, immediate counterpart.

    >>> fdi_key(["KOR"], ["CHL", "PER"])
    'KOR.T_FA_F.USD_EXC.DO+DI.NET_FDI.ROU.D.S1.CHL+PER.IMC._T.A.'
    >>> fdi_key(["USA"], ["CHL"], entity="ALL")
    'USA.T_FA_F.USD_EXC.DO+DI.NET_FDI.ALL.D.S1.CHL.IMC._T.A.'
    """
    from tradebridge.errors import check_option

    check_option("entity", entity, ["ROU", "ALL", "SPE"])
    measure = "LE_FA_F" if positions else "T_FA_F"
    return (f"{'+'.join(reporters)}.{measure}.USD_EXC.DO+DI.NET_FDI.{entity}.D.S1.{'+'.join(partners)}"
            ".IMC._T.A.")


def crs_key(donors: Sequence[str], recipients: Sequence[str], *, flow: str = "D", price: str = "V") -> str:
    """Key of DSD_CRS@DF_CRS: DONOR.RECIPIENT.SECTOR.MEASURE.CHANNEL.MODALITY.FLOW_TYPE.PRICE_BASE.MD_DIM.MD_ID.
    UNIT_MEASURE — every sector, ODA (measure 100), all channels and modalities.

    >>> crs_key(["KOR"], ["COL"])
    'KOR.COL..100._T._T.D.V._T..'
    """
    return f"{'+'.join(donors)}.{'+'.join(recipients)}..100._T._T.{flow}.{price}._T.."

DIRECTIONS = {"DI": "inward", "DO": "outward", "A": "assets", "L": "liabilities"}
FLOWS = {"D": "disbursement", "C": "commitment", "E": "received"}
PRICES = {"V": "current", "Q": "constant"}
FDI_COLUMNS = ["dataset", "reporter", "partner", "year", "measure", "direction", "value_usd", "unit"]
ODA_COLUMNS = ["dataset", "donor", "recipient", "year", "sector", "flow", "value_usd", "price_basis"]


def _fetch(flow: Dataflow, key: str, years: Sequence[int], client: HttpClient,
           url: str | None) -> tuple[pd.DataFrame, str, Provenance]:
    if not years:
        raise SourceError("give the years, e.g. --years 2010-2022")
    url = url or f"{flow.base}/data/{flow.path}/{key or 'all'}"
    params = {"startPeriod": str(min(years)), "endPeriod": str(max(years)), "format": "csvfile"}
    try:
        body, info = client.get_bytes(url, params, headers={"Accept": SDMX_CSV})
    except SourceError as exc:
        text = str(exc).replace(" ", "").lower()
        if "http404" in text and any(marker in text for marker in _EMPTY_SELECTION):
            body, info = b"", None  # OECD answers 404 NoResults / NoRecordsFound for an empty selection
        else:
            raise
    raw = parse_sdmx_csv(body.decode("utf-8-sig", errors="replace"), source=url)
    _warn_if_all_empty(raw, url)
    prov = Provenance(dataset="", source=f"OECD Data Explorer, {flow.id}", licence=LICENCE, url=url,
                      query=info.query if info else json.dumps(params),
                      retrieved_at=info.retrieved_at if info else None,
                      version=f"{flow.path} as retrieved "
                              f"{info.retrieved_at[:10] if info else ''}".strip())
    return raw, url, prov


def fetch_oecd_fdi(key: str, years: Sequence[int], *, client: HttpClient, flow: Dataflow = FDI_FLOWS,
                   dataset: str | None = None, url: str | None = None) -> Extract:
    """Fetch FDI by partner (flows by default; ``flow=FDI_POSITIONS`` for positions)."""
    raw, url, prov = _fetch(flow, key, years, client, url)
    name = dataset or ("oecd_fdi_positions" if flow.id.endswith("POS_CTRY") else "oecd_fdi_flows")
    frame = tidy_fdi(raw, dataset=name, source=url)
    return Extract(provenance=_with(prov, name), tables={"fdi": frame})


def fetch_oecd_crs(key: str, years: Sequence[int], *, client: HttpClient, flow: Dataflow = CRS,
                   dataset: str = "oecd_crs", url: str | None = None) -> Extract:
    """Fetch CRS ODA by donor, recipient and sector."""
    raw, url, prov = _fetch(flow, key, years, client, url)
    frame = tidy_crs(raw, dataset=dataset, source=url)
    return Extract(provenance=_with(prov, dataset), tables={"oda": frame})


def _warn_if_all_empty(raw: pd.DataFrame, source: str) -> None:
    if len(raw) and raw["OBS_VALUE"].isna().all():
        areas = sorted(set(raw.get("REF_AREA", raw.get("DONOR", pd.Series(dtype=str)))))
        hint = ("for FDI, some reporters (e.g. USA, JPN) publish only TYPE_ENTITY=ALL, not ROU: use "
                "fdi_key(..., entity='ALL') or --entity ALL") if "TYPE_ENTITY" in raw.columns else \
            "check the key's dimensions (a breakdown may not be reported)"
        warnings.warn(EmptyValuesWarning(
            f"{source}: all {len(raw)} observations are empty (reporters {', '.join(areas) or '?'}); {hint}"),
            stacklevel=3)


def _with(prov: Provenance, dataset: str) -> Provenance:
    from dataclasses import replace

    return replace(prov, dataset=dataset)


def _require(raw: pd.DataFrame, cols: Sequence[str], source: str) -> None:
    missing = [c for c in cols if c not in raw.columns]
    if missing:
        raise SourceError(f"{source}: the reply lacks column(s) {missing} (has {list(raw.columns)}); "
                          "check the dataflow id (--dataflow)")


def _years(raw: pd.DataFrame) -> list[int]:
    return [parse_period(p)[0] for p in raw["TIME_PERIOD"]]


def tidy_fdi(raw: pd.DataFrame, *, dataset: str, source: str = "OECD FDI") -> pd.DataFrame:
    """SDMX-CSV FDI rows -> ``fdi`` rows (see the module docstring)."""
    raw = raw[raw["OBS_VALUE"].notna()] if "OBS_VALUE" in raw.columns else raw
    if raw.empty:
        return pd.DataFrame(columns=FDI_COLUMNS).astype({"year": "int64", "value_usd": "float64"})
    _require(raw, ["REF_AREA", "COUNTERPART_AREA", "MEASURE", "TIME_PERIOD", "OBS_VALUE"], source)
    units = raw["UNIT_MEASURE"] if "UNIT_MEASURE" in raw.columns else pd.Series("USD", index=raw.index)
    bad = sorted({u for u in units if not str(u).startswith("USD")})
    if bad:
        raise SourceError(f"{source}: units {bad} are not US dollars; select USD_EXC in the key's unit dimension")
    direction = raw["MEASURE_PRINCIPLE"].map(lambda c: DIRECTIONS.get(c, c)) if "MEASURE_PRINCIPLE" in raw \
        else pd.Series("", index=raw.index)
    frame = pd.DataFrame({
        "dataset": dataset, "reporter": raw["REF_AREA"].str.upper(), "partner": raw["COUNTERPART_AREA"],
        "year": _years(raw), "measure": raw["MEASURE"], "direction": direction,
        "value_usd": scale(raw), "unit": "USD",
    })
    return _unique(frame, ["dataset", "reporter", "partner", "year", "measure", "direction"], raw, source)


def tidy_crs(raw: pd.DataFrame, *, dataset: str, source: str = "OECD CRS") -> pd.DataFrame:
    """SDMX-CSV CRS rows -> ``oda`` rows (see the module docstring)."""
    raw = raw[raw["OBS_VALUE"].notna()] if "OBS_VALUE" in raw.columns else raw
    if raw.empty:
        return pd.DataFrame(columns=ODA_COLUMNS).astype({"year": "int64", "value_usd": "float64"})
    _require(raw, ["DONOR", "RECIPIENT", "SECTOR", "TIME_PERIOD", "OBS_VALUE"], source)
    if "UNIT_MEASURE" in raw.columns:
        bad = sorted({u for u in raw["UNIT_MEASURE"] if u and not str(u).startswith("USD")})
        if bad:
            raise SourceError(f"{source}: units {bad} are not US dollars; select USD in the key")
    col = lambda name, default: raw[name] if name in raw.columns else pd.Series(default, index=raw.index)
    frame = pd.DataFrame({
        "dataset": dataset, "donor": raw["DONOR"], "recipient": raw["RECIPIENT"], "year": _years(raw),
        "sector": raw["SECTOR"], "flow": col("FLOW_TYPE", "").map(lambda c: FLOWS.get(c, c)),
        "value_usd": scale(raw), "price_basis": col("PRICE_BASE", "").map(lambda c: PRICES.get(c, c)),
    })
    return _unique(frame, ["dataset", "donor", "recipient", "year", "sector", "flow", "price_basis"], raw, source)


def _unique(frame: pd.DataFrame, key: list[str], raw: pd.DataFrame, source: str) -> pd.DataFrame:
    dup = frame.duplicated(key, keep=False)
    if dup.any():
        used = set(key) | {"REF_AREA", "COUNTERPART_AREA", "MEASURE", "MEASURE_PRINCIPLE", "DONOR", "RECIPIENT",
                           "SECTOR", "FLOW_TYPE", "PRICE_BASE", "TIME_PERIOD", "OBS_VALUE", "UNIT_MULT",
                           "UNIT_MEASURE"}
        sub = raw[dup.to_numpy()]
        open_dims = [c for c in sub.columns if c not in used and sub[c].nunique() > 1]
        raise SourceError(f"{source}: several observations per key {key}; the key leaves dimension(s) "
                          f"{open_dims or '?'} open — fix them (e.g. to _T for totals) in --key")
    frame = frame.astype({"year": "int64", "value_usd": "float64"})
    return frame.sort_values(key, ignore_index=True)
