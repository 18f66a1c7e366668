"""UN Comtrade API v1 (comtradeapi.un.org): annual or monthly goods trade, any HS level, both flows.

Two endpoints: the public *preview* (no key, at most 500 records per call) and the subscription
*data* endpoint (``COMTRADE_API_KEY``, header ``Ocp-Apim-Subscription-Key``, 100,000 records per call).
A query is cut into chunks (periods x partners x flows) whose expected size stays under the record
limit; a chunk whose reply comes back full (``count`` at the limit, i.e. possibly truncated) is split
in two and asked again, down to one period, one partner and one flow — if that is still full the
error says to use the subscription endpoint.

Reply format parsed (``includeDesc=true``)::

    {"elapsedTime": "0.4 secs", "count": 2, "data": [{"freqCode": "A", "refYear": 2015, "refMonth": 52,
      "period": "2015", "reporterCode": 410, "reporterISO": "KOR", "flowCode": "X", "partnerCode": 152,
      "partnerISO": "CHL", "classificationCode": "H4", "cmdCode": "870323", "primaryValue": 1.2e8,
      "netWgt": 3.1e6, "qty": 9000, "qtyUnitAbbr": "u", ...}], "error": ""}

Rows become ``trade_flows`` (annual) or ``trade_flows_monthly`` rows: exports (X) as reporter ->
partner, imports (M) as partner -> reporter, ``value_usd = primaryValue`` (USD; imports CIF, exports
FOB, as reported), ``quantity = netWgt`` in kg (else ``qty`` in ``qtyUnitAbbr``). Classification is the
reported revision (H0 -> HS92 ... H6 -> HS22), or ``TOTAL`` for ``level="TOTAL"``. Partner areas that
are not countries (e.g. 899 "Areas, nes", 837 "Bunkers", 492 "Europe EU, nes") are dropped and counted
in the provenance note. Codes follow API v1 (Italy 380; 381 is read from old files only); a call asks for
at most 12 periods; a 403 "Out of call volume quota" means the key's daily quota is spent (the error
says when it is replenished), not that the key is wrong.

>>> q = ComtradeQuery(reporter="KOR", partners=("CHL", "PER"), years=(2015, 2016), level="HS6")
>>> [len(c.periods) * len(c.partners) * len(c.flows) for c in plan_chunks(q, limit=100_000)]
[8]
>>> [c.periods for c in plan_chunks(q, limit=12_000)][:2]
[('2015',), ('2015',)]
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

import pandas as pd

from tradebridge.errors import SourceError, check_option
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.codes import ISO_NUMERIC, m49_to_iso3
from tradebridge.sources.http import FetchInfo, HttpClient, quota_message

Level = Literal["TOTAL", "HS2", "HS4", "HS6"]
Frequency = Literal["A", "M"]
Flow = Literal["X", "M"]
LEVELS: tuple[str, ...] = get_args(Level)

PUBLIC_URL = "https://comtradeapi.un.org/public/v1/preview/C/{freq}/{cl}"
DATA_URL = "https://comtradeapi.un.org/data/v1/get/C/{freq}/{cl}"
RECORD_LIMIT = {"public": 500, "data": 100_000}
API_KEY_ENV = "COMTRADE_API_KEY"

#: Comtrade's ``cmdCode`` for "every code at this level".
CMD_CODE = {"TOTAL": "TOTAL", "HS2": "AG2", "HS4": "AG4", "HS6": "AG6"}
#: Rough upper bound of records per (period, partner, flow): used only to size the first chunks.
EXPECTED_ROWS = {"TOTAL": 1, "HS2": 97, "HS4": 1_230, "HS6": 5_400}
REVISIONS = {"H0": "HS92", "H1": "HS96", "H2": "HS02", "H3": "HS07", "H4": "HS12", "H5": "HS17", "H6": "HS22"}
#: Reporter/partner codes of API v1 that differ from the ISO numeric code. Italy is 380 in v1 (381
#: "Italy, incl. San Marino" appears only in old files, and is still read as ITA).
COMTRADE_REPORTER = {"USA": 842, "FRA": 251, "CHE": 757, "IND": 699, "NOR": 579, "TWN": 490}
#: Codes that Comtrade uses for areas that are not countries although ISO gives the number to one:
#: 492 is "Europe EU, nes" in Comtrade, not Monaco (Monaco is reported within France, 251).
NOT_COUNTRIES = {492: "Europe EU, nes"}
#: Countries Comtrade has no code of their own for: ISO3 -> where their trade is reported.
REPORTED_WITHIN = {"MCO": "FRA (251, France incl. Monaco)"}
_ISO3_TO_M49 = {iso: code for code, iso in ISO_NUMERIC.items() if code not in NOT_COUNTRIES} \
    | COMTRADE_REPORTER | {"WLD": 0}
#: The API takes at most 12 periods (years or months) per call.
MAX_PERIODS = 12

TABLE_COLUMNS = ["dataset", "exporter", "importer", "year", "classification", "product", "value_usd",
                 "quantity", "quantity_unit"]
MONTHLY_COLUMNS = TABLE_COLUMNS[:4] + ["month"] + TABLE_COLUMNS[4:]


@dataclass(frozen=True)
class ComtradeQuery:
    """What to ask Comtrade. ``partners=()`` means every partner (including World, as ``WLD``)."""

    reporter: str
    partners: tuple[str, ...]
    years: tuple[int, ...]
    level: Level = "TOTAL"
    flows: tuple[str, ...] = ("X", "M")
    frequency: Frequency = "A"
    classification: str = "HS"  # HS = as reported; H0..H6 = converted to one revision

    def __post_init__(self) -> None:
        check_option("level", self.level, LEVELS)
        check_option("frequency", self.frequency, get_args(Frequency))
        for f in self.flows:
            check_option("flow", f, get_args(Flow))
        check_option("classification", self.classification, ["HS", *REVISIONS])
        if not self.years:
            raise SourceError("no years given; pass e.g. --years 2015-2021")
        for iso in (self.reporter, *self.partners):
            if iso in REPORTED_WITHIN:
                raise SourceError(f"Comtrade has no code for {iso}: its trade is reported within "
                                  f"{REPORTED_WITHIN[iso]}; ask for that partner instead")
            if iso not in _ISO3_TO_M49:
                raise SourceError(f"unknown country code {iso!r}; use ISO3 codes such as KOR, CHL, or WLD")

    @property
    def periods(self) -> tuple[str, ...]:
        if self.frequency == "A":
            return tuple(str(y) for y in sorted(self.years))
        return tuple(f"{y}{m:02d}" for y in sorted(self.years) for m in range(1, 13))

    def default_dataset(self) -> str:
        freq = "" if self.frequency == "A" else "_monthly"
        return f"comtrade_{self.reporter.lower()}_{self.level.lower()}{freq}"


@dataclass(frozen=True)
class Chunk:
    periods: tuple[str, ...]
    partners: tuple[str, ...]  # () = all partners
    flows: tuple[str, ...]

    def split(self) -> tuple[Chunk, Chunk] | None:
        """Halve the chunk along periods, then partners, then flows; ``None`` when it is one cell."""
        for name in ("periods", "partners", "flows"):
            values = getattr(self, name)
            if len(values) > 1:
                mid = len(values) // 2
                return replace(self, **{name: values[:mid]}), replace(self, **{name: values[mid:]})
        return None

    def params(self, query: ComtradeQuery, max_records: int) -> dict[str, Any]:
        p: dict[str, Any] = {
            "reporterCode": _ISO3_TO_M49[query.reporter],
            "period": ",".join(self.periods),
            "cmdCode": CMD_CODE[query.level],
            "flowCode": ",".join(self.flows),
            "partner2Code": 0,
            "customsCode": "C00",
            "motCode": 0,
            "maxRecords": max_records,
            "includeDesc": "true",
        }
        if self.partners:
            p["partnerCode"] = ",".join(str(_ISO3_TO_M49[x]) for x in self.partners)
        return p


def plan_chunks(query: ComtradeQuery, *, limit: int) -> list[Chunk]:
    """Cut the query into chunks expected to stay under ``limit`` records (periods x partners x flows)."""
    per_cell = EXPECTED_ROWS[query.level]
    partners = query.partners or ("",)  # all partners: assume ~250 per period
    cells_per_period = (len(query.partners) if query.partners else 250) * len(query.flows)
    chunks: list[Chunk] = []
    if per_cell * cells_per_period <= limit:
        per_chunk = min(MAX_PERIODS, max(1, limit // (per_cell * cells_per_period)))
        for i in range(0, len(query.periods), per_chunk):
            chunks.append(Chunk(query.periods[i:i + per_chunk], query.partners, query.flows))
        return chunks
    # one period per chunk; then as many partners (and flows) as fit
    per_partner_flows = per_cell * len(query.flows)
    if per_partner_flows <= limit and query.partners:
        n = max(1, limit // per_partner_flows)
        for period in query.periods:
            for i in range(0, len(partners), n):
                chunks.append(Chunk((period,), partners[i:i + n], query.flows))
        return chunks
    for period in query.periods:
        for partner in partners:
            for flow in query.flows:
                chunks.append(Chunk((period,), (partner,) if partner else (), (flow,)))
    return chunks


def fetch_comtrade(
    query: ComtradeQuery,
    *,
    client: HttpClient,
    api_key: str | None = None,
    dataset: str | None = None,
    max_records: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Extract:
    """Fetch ``query`` from UN Comtrade and return tidy rows with provenance.

    Without ``api_key`` the public preview endpoint is used (500 records per call).
    """
    endpoint = "data" if api_key else "public"
    limit = max_records or RECORD_LIMIT[endpoint]
    url = (DATA_URL if api_key else PUBLIC_URL).format(freq=query.frequency, cl=query.classification)
    headers = {"Ocp-Apim-Subscription-Key": api_key} if api_key else None
    pending = plan_chunks(query, limit=limit)
    records: list[dict[str, Any]] = []
    infos: list[FetchInfo] = []
    done = 0
    while pending:
        chunk = pending.pop(0)
        payload, info = client.get_json(url, chunk.params(query, limit), headers=headers)
        data = _check_reply(payload, url)
        if len(data) >= limit or int(payload.get("count") or 0) >= limit:
            halves = chunk.split()
            if halves is None:
                raise SourceError(
                    f"Comtrade returned {limit} records (the per-call limit) for one period, partner and "
                    f"flow ({chunk.periods[0]}, {chunk.partners or 'all partners'}, {chunk.flows[0]}); "
                    f"set {API_KEY_ENV} to use the subscription endpoint (100,000 records per call)"
                )
            pending[:0] = list(halves)
            continue
        records.extend(data)
        infos.append(info)
        done += 1
        if progress:
            progress(done, done + len(pending))
    name = dataset or query.default_dataset()
    frame, dropped = parse_comtrade(records, dataset=name, level=query.level, frequency=query.frequency)
    table = "trade_flows" if query.frequency == "A" else "trade_flows_monthly"
    note = f"{len(infos)} request(s) to the {endpoint} endpoint"
    if dropped:
        note += "; dropped non-country partner areas (M49: count) " + ", ".join(
            f"{k}: {v}" for k, v in sorted(dropped.items()))
    prov = Provenance(
        dataset=name,
        source=f"UN Comtrade API v1 ({endpoint} endpoint)",
        licence="UN Comtrade terms of use (free for non-commercial use with attribution)",
        url=url,
        query=json.dumps({"reporter": query.reporter, "partners": list(query.partners) or "all",
                          "years": sorted(query.years), "level": query.level, "flows": list(query.flows),
                          "frequency": query.frequency, "classification": query.classification}),
        retrieved_at=min((i.retrieved_at for i in infos), default=None),
        version=f"as retrieved {min((i.retrieved_at for i in infos), default='')[:10]}",
        note=note,
    )
    return Extract(provenance=prov, tables={table: frame})


def _check_reply(payload: Any, url: str) -> list[dict[str, Any]]:
    if not isinstance(payload, dict):
        raise SourceError(f"{url}: unexpected Comtrade reply (not a JSON object): {str(payload)[:200]}")
    if payload.get("error"):
        raise SourceError(f"{url}: Comtrade says: {payload['error']}; check the codes and years")
    if "statusCode" in payload and "data" not in payload:
        message = str(payload.get("message", payload))
        if "quota" in message.lower():
            raise SourceError(quota_message(url, message))
        raise SourceError(f"{url}: Comtrade says: {message}")
    data = payload.get("data")
    if data is None:
        return []
    if not isinstance(data, list):
        raise SourceError(f"{url}: unexpected Comtrade reply: 'data' is not a list")
    return data


def parse_comtrade(records: Sequence[dict[str, Any]], *, dataset: str, level: Level = "TOTAL",
                   frequency: Frequency = "A") -> tuple[pd.DataFrame, dict[int, int]]:
    """Turn Comtrade ``data`` records into tidy rows; return (frame, dropped partner codes -> count).

    >>> rec = {"reporterCode": 410, "partnerCode": 152, "flowCode": "M", "refYear": 2015, "period": "2015",
    ...        "classificationCode": "H4", "cmdCode": "TOTAL", "primaryValue": 5.0, "netWgt": None}
    >>> df, _ = parse_comtrade([rec], dataset="d")
    >>> df[["exporter", "importer", "year", "product", "value_usd"]].values.tolist()
    [['CHL', 'KOR', 2015, 'TOTAL', 5.0]]
    """
    rows: list[dict[str, Any]] = []
    dropped: dict[int, int] = {}
    digits = {"HS2": 2, "HS4": 4, "HS6": 6}.get(level)
    for r in records:
        flow = r.get("flowCode")
        if flow not in ("X", "M"):
            continue
        reporter = _iso3(r.get("reporterCode"), r.get("reporterISO"))
        partner = _iso3(r.get("partnerCode"), r.get("partnerISO"))
        if reporter is None:
            raise SourceError(f"Comtrade reporter code {r.get('reporterCode')!r} is not a known country")
        if partner is None:
            code = int(r.get("partnerCode") or -1)
            dropped[code] = dropped.get(code, 0) + 1
            continue
        period = str(r.get("period", ""))
        year = int(r.get("refYear") or period[:4])
        cmd = str(r.get("cmdCode", "TOTAL"))
        if digits:
            cmd = cmd.zfill(digits)
            classification = REVISIONS.get(str(r.get("classificationCode")), str(r.get("classificationCode")))
        else:
            classification = "TOTAL"
        qty, unit = _quantity(r)
        row = {"dataset": dataset, "exporter": reporter if flow == "X" else partner,
               "importer": partner if flow == "X" else reporter, "year": year,
               "classification": classification, "product": cmd,
               "value_usd": float(r["primaryValue"]) if r.get("primaryValue") is not None else math.nan,
               "quantity": qty, "quantity_unit": unit}
        if frequency == "M":
            row["month"] = int(r.get("refMonth") or period[4:6])
        rows.append(row)
    cols = TABLE_COLUMNS if frequency == "A" else MONTHLY_COLUMNS
    frame = pd.DataFrame(rows, columns=cols)
    frame = frame.astype({"year": "int64", "quantity": "float64", "value_usd": "float64"})
    if frequency == "M":
        frame["month"] = frame["month"].astype("int64")
    key = [c for c in cols if c not in ("value_usd", "quantity", "quantity_unit")]
    frame = frame.drop_duplicates()
    dup = frame.duplicated(key, keep=False)
    if dup.any():
        raise SourceError(f"Comtrade returned conflicting rows for the same key, e.g. "
                          f"{frame.loc[dup, key].head(2).to_dict('records')}; report this query")
    return frame.sort_values(key, ignore_index=True), dropped


def _iso3(code: Any, iso: Any) -> str | None:
    if code is not None and str(code).strip() != "":
        if str(code).strip().isdigit() and int(code) in NOT_COUNTRIES:
            return None
        found = m49_to_iso3(code)
        if found:
            return found
    if isinstance(iso, str) and len(iso) == 3 and iso.isalpha() and iso.isupper() and iso != "WLD":
        return iso
    return None


def _quantity(r: dict[str, Any]) -> tuple[float, str | None]:
    net = r.get("netWgt")
    if net is not None and float(net) > 0:
        return float(net), "kg"
    qty, unit = r.get("qty"), r.get("qtyUnitAbbr")
    if qty is not None and float(qty) > 0 and unit not in (None, "", "N/A"):
        return float(qty), str(unit)
    return math.nan, None
