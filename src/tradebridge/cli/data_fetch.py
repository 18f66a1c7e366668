"""``tradebridge data fetch SOURCE``: download live data into the fetch folder, for ``data ingest``.

Sources: ``comtrade``, ``baci``, ``wdi``, ``imf-fx``, ``oecd-fdi``, ``oecd-crs``. Each writes
``<cache>/fetched/<dataset>/`` (Parquet + provenance.json; ``--out`` to change the root) and prints
what it wrote. API keys come from the environment only (``COMTRADE_API_KEY``).

Example::

    tradebridge data fetch comtrade --reporter KOR --partners PA --years 2015-2021 --level HS6
    tradebridge data ingest
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from tradebridge.cli._common import JsonOption, console, print_json, print_table, settings
from tradebridge.errors import ConfigError

fetch_app = typer.Typer(
    help="Fetch live data (UN Comtrade, CEPII BACI, World Bank, IMF, OECD) into the fetch folder; "
    "then run `tradebridge data ingest`.\n\nExample: tradebridge data fetch wdi --countries KOR,PA --years 2000-2023",
    no_args_is_help=True,
)

CacheOption = typer.Option(None, "--cache", help="Cache folder (default .tradebridge/cache; env TRADEBRIDGE_CACHE).")
OutOption = typer.Option(None, "--out", help="Fetch folder root (default <cache>/fetched).")
RetriesOption = typer.Option(5, "--retries", min=0, help="Retries on timeouts, 5xx and 429 (exponential backoff).")
TimeoutOption = typer.Option(60.0, "--timeout", min=1.0, help="Seconds before a request times out.")
RefreshOption = typer.Option(False, "--refresh", help="Ignore cached replies and ask the source again.")
CountriesOption = typer.Option(None, "--countries", help="Bloc ids and/or ISO3 codes (default: the settings' "
                               "reporter and partners, TRADEBRIDGE_REPORTER and TRADEBRIDGE_PARTNERS).")


def make_client(cache: Path, *, retries: int, timeout: float, refresh: bool = False, min_interval: float = 0.0):
    """The HTTP client the commands use (tests replace this function to inject a transport)."""
    from tradebridge.sources.http import HttpClient

    return HttpClient(cache_dir=None if refresh else cache, retries=retries, timeout=timeout,
                      min_interval=min_interval)


def parse_years(text: str) -> tuple[int, ...]:
    """``2015-2021`` or ``2015,2017,2019`` (or a mix) -> sorted years.

    >>> parse_years("2015-2017,2020")
    (2015, 2016, 2017, 2020)
    """
    years: set[int] = set()
    try:
        for part in text.split(","):
            part = part.strip()
            if "-" in part:
                lo, hi = (int(x) for x in part.split("-", 1))
                if hi < lo:
                    raise ValueError
                years.update(range(lo, hi + 1))
            elif part:
                years.add(int(part))
    except ValueError:
        raise ConfigError(f"invalid --years {text!r}; use e.g. 2015-2021 or 2015,2017") from None
    if not years:
        raise ConfigError("no years given; use e.g. --years 2015-2021")
    return tuple(sorted(years))


def parse_countries(text: str) -> tuple[str, ...]:
    """Bloc ids and/or ISO3 codes (``PA``, ``KOR,PA``) -> ISO3 codes."""
    from tradebridge.reference.blocs import resolve_partners

    out: list[str] = []
    for part in text.split(","):
        if part.strip():
            out.extend(c for c in resolve_partners(part.strip()) if c not in out)
    return tuple(out)


def scope_countries(text: str | None) -> tuple[str, ...]:
    """``--countries`` as ISO3 codes; without it, the settings' reporter followed by its partners."""
    if text:
        return parse_countries(text)
    s = settings()
    return parse_countries(f"{s.reporter},{s.partners}")


def _root(cache: Path | None, out: Path | None) -> tuple[Path, Path]:
    s = settings(cache=cache)
    from tradebridge.sources.fetched import default_root

    return s.cache, (out or default_root(s.cache))


def _report(written: list[dict[str, Any]], json: bool) -> None:
    if json:
        print_json(written)
    else:
        print_table(written, title="fetched (now run: tradebridge data ingest)")


def _save(extract, root: Path, **kw) -> dict[str, Any]:
    from tradebridge.sources.fetched import write_fetched

    folder = write_fetched(extract, root, **kw)
    p = extract.provenance
    rows = {t: len(f) for t, f in extract.tables.items()}
    return {"dataset": p.dataset, "tables": ", ".join(f"{t}: {n}" for t, n in rows.items()) or kw.get("label", ""),
            "folder": str(folder), "source": p.source, "retrieved_at": p.retrieved_at}


def _steps(description: str, disable: bool) -> tuple[Progress, Callable[[int, int], None]]:
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                   console=console, transient=True, disable=disable)
    task = bar.add_task(description, total=None)

    def tick(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, tick


@fetch_app.command("comtrade")
def comtrade_cmd(
    reporter: str = typer.Option(None, "--reporter", help="Reporter (ISO3; default from settings, TRADEBRIDGE_REPORTER)."),
    partners: str = typer.Option(None, "--partners", help="Partners: bloc id and/or ISO3 codes, or 'all' "
                                 "(default from settings, TRADEBRIDGE_PARTNERS)."),
    years: str = typer.Option(..., "--years", help="Years, e.g. 2015-2021."),
    level: str = typer.Option("TOTAL", "--level", help="TOTAL, HS2, HS4 or HS6."),
    flow: str = typer.Option("X,M", "--flow", help="Flows: X (exports), M (imports) or X,M."),
    monthly: bool = typer.Option(False, "--monthly", help="Monthly data (table trade_flows_monthly)."),
    classification: str = typer.Option("HS", "--classification", help="HS (as reported) or H0..H6."),
    dataset: str = typer.Option(None, "--dataset", help="Dataset name (default comtrade_<reporter>_<level>)."),
    cache: Path = CacheOption, out: Path = OutOption, retries: int = RetriesOption,
    timeout: float = TimeoutOption, refresh: bool = RefreshOption, json: bool = JsonOption,
) -> None:
    """Fetch UN Comtrade goods trade (annual or monthly, any HS level, both flows), chunked under the record limit.

    Uses the subscription endpoint when COMTRADE_API_KEY is set, else the public preview (500 records/call).

    Example: tradebridge data fetch comtrade --reporter KOR --partners PA --years 2015-2021 --level HS6
    """
    from tradebridge.reference.blocs import check_reporter
    from tradebridge.sources.comtrade import API_KEY_ENV, ComtradeQuery, fetch_comtrade

    cache_dir, root = _root(cache, out)
    s = settings()
    reporter, partners = check_reporter(reporter or s.reporter), partners or s.partners
    key = os.environ.get(API_KEY_ENV) or None
    query = ComtradeQuery(
        reporter=reporter, partners=() if partners.lower() == "all" else parse_countries(partners),
        years=parse_years(years), level=level.upper(), flows=tuple(f.strip().upper() for f in flow.split(",")),
        frequency="M" if monthly else "A", classification=classification.upper())
    client = make_client(cache_dir, retries=retries, timeout=timeout, refresh=refresh,
                         min_interval=0.0 if key else 1.0)
    bar, tick = _steps("comtrade requests", json)
    with bar, client:
        extract = fetch_comtrade(query, client=client, api_key=key, dataset=dataset, progress=tick)
    _report([_save(extract, root)], json)


@fetch_app.command("baci")
def baci_cmd(
    release: str = typer.Option(None, "--release",
                                help="BACI release (default: the current one, sources.baci.CURRENT_RELEASE)."),
    revision: str = typer.Option("HS17", "--revision", help="HS revision: HS92, HS96, HS02, HS07, HS12, HS17, HS22."),
    years: str = typer.Option(None, "--years", help="Years to keep (default: all in the release)."),
    countries: str = typer.Option(None, "--countries",
                                  help="Keep only flows touching these countries (bloc ids/ISO3), e.g. KOR,PA."),
    zip_file: Path = typer.Option(None, "--zip", help="Use a downloaded release zip instead."),
    url: str = typer.Option(None, "--url", help="Override the download URL (mirror)."),
    cache: Path = CacheOption, out: Path = OutOption, retries: int = RetriesOption,
    timeout: float = TimeoutOption, json: bool = JsonOption,
) -> None:
    """Download a CEPII BACI release (resumable, CRC-checked) and stream its yearly CSVs into Parquet.

    Values become USD (v * 1000); quantities stay in tonnes; product codes keep their leading zeros.

    Example: tradebridge data fetch baci --release 202401b --revision HS17 --years 2019-2021 --countries KOR,PA
    """
    from tradebridge.sources.baci import CURRENT_RELEASE, baci_to_parquet, fetch_baci
    from tradebridge.sources.base import Extract

    cache_dir, root = _root(cache, out)
    yrs = parse_years(years) if years else None
    ctry = parse_countries(countries) if countries else None
    root.mkdir(parents=True, exist_ok=True)
    release = release or CURRENT_RELEASE
    with tempfile.TemporaryDirectory(dir=root, prefix=".baci") as tmp:
        target = Path(tmp) / "trade_flows.parquet"
        with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                      TimeRemainingColumn(), console=console, transient=True, disable=json) as bar:
            dl = bar.add_task("download", total=None)
            conv = bar.add_task("convert years", total=None, visible=False)

            def on_bytes(done: int, total: int | None) -> None:
                bar.update(dl, completed=done, total=total)

            def on_year(done: int, total: int) -> None:
                bar.update(conv, completed=done, total=total, visible=True)

            if zip_file is not None:
                res = baci_to_parquet(zip_file, target, years=yrs, countries=ctry, url=url, progress=on_year)
            else:
                client = make_client(cache_dir, retries=retries, timeout=timeout)
                with client:
                    res = fetch_baci(release, revision, client=client, download_dir=cache_dir / "downloads",
                                     out=target, years=yrs, countries=ctry, url=url,
                                     download_progress=on_bytes, progress=on_year)
        row = _save(Extract(provenance=res.provenance), root, extra_files={"trade_flows": res.path})
    row["tables"] = f"trade_flows: {res.rows}"
    _report([row], json)


@fetch_app.command("wdi")
def wdi_cmd(
    countries: str = CountriesOption,
    years: str = typer.Option(..., "--years", help="Years, e.g. 2000-2023."),
    indicators: str = typer.Option("NY.GDP.MKTP.CD,SP.POP.TOTL,NY.GDP.DEFL.ZS", "--indicators",
                                   help="WDI indicator codes (comma-separated)."),
    dataset: str = typer.Option("wdi", "--dataset", help="Dataset name."),
    cache: Path = CacheOption, out: Path = OutOption, retries: int = RetriesOption,
    timeout: float = TimeoutOption, refresh: bool = RefreshOption, json: bool = JsonOption,
) -> None:
    """Fetch World Bank WDI indicators (GDP, population, deflator ...) into table macro.

    Example: tradebridge data fetch wdi --countries KOR,PA --years 2000-2023
    """
    from tradebridge.sources.worldbank import fetch_wdi

    cache_dir, root = _root(cache, out)
    client = make_client(cache_dir, retries=retries, timeout=timeout, refresh=refresh)
    with client:
        extract = fetch_wdi(scope_countries(countries), parse_years(years), client=client,
                            indicators=[c.strip() for c in indicators.split(",") if c.strip()], dataset=dataset)
    _report([_save(extract, root)], json)


@fetch_app.command("imf-fx")
def imf_fx_cmd(
    countries: str = CountriesOption,
    years: str = typer.Option(..., "--years", help="Years, e.g. 2000-2023."),
    monthly: bool = typer.Option(False, "--monthly", help="Monthly averages instead of annual."),
    url: str = typer.Option(None, "--url", help="Override the SDMX data URL."),
    cache: Path = CacheOption, out: Path = OutOption, retries: int = RetriesOption,
    timeout: float = TimeoutOption, refresh: bool = RefreshOption, json: bool = JsonOption,
) -> None:
    """Fetch IMF exchange rates (domestic currency per USD, period average) into table macro.

    Example: tradebridge data fetch imf-fx --countries KOR,PA --years 2000-2023
    """
    from tradebridge.sources.imf import fetch_imf_fx

    cache_dir, root = _root(cache, out)
    client = make_client(cache_dir, retries=retries, timeout=timeout, refresh=refresh)
    with client:
        extract = fetch_imf_fx(scope_countries(countries), parse_years(years), client=client,
                               frequency="M" if monthly else "A", url=url)
    _report([_save(extract, root)], json)


def _dataflow(text: str | None, default):
    from tradebridge.sources.oecd import Dataflow

    if not text:
        return default
    parts = text.split(",")
    if len(parts) not in (2, 3):
        raise ConfigError(f"invalid --dataflow {text!r}; use AGENCY,DATAFLOW[,VERSION]")
    return Dataflow(*parts)


@fetch_app.command("oecd-fdi")
def oecd_fdi_cmd(
    years: str = typer.Option(..., "--years", help="Years, e.g. 2010-2022."),
    reporter: str = typer.Option(None, "--reporter", help="Reporting economies (ISO3 and/or bloc ids; default from settings)."),
    partners: str = typer.Option(None, "--partners", help="Counterpart economies (ISO3 and/or bloc ids; default from settings)."),
    key: str = typer.Option(None, "--key",
                            help="Full SDMX key instead of --reporter/--partners ('.' between dimensions, '+' "
                            "between codes)."),
    positions: bool = typer.Option(False, "--positions", help="Positions (stocks) instead of flows."),
    entity: str = typer.Option("ROU", "--entity",
                               help="TYPE_ENTITY: ROU (SPEs excluded) or ALL (USA, JPN report only ALL)."),
    dataflow: str = typer.Option(None, "--dataflow", help="Override: AGENCY,DATAFLOW[,VERSION]."),
    dataset: str = typer.Option(None, "--dataset", help="Dataset name (default oecd_fdi_flows/positions)."),
    cache: Path = CacheOption, out: Path = OutOption, retries: int = RetriesOption,
    timeout: float = TimeoutOption, refresh: bool = RefreshOption, json: bool = JsonOption,
) -> None:
    """Fetch OECD FDI flows or positions by partner country (USD) into table fdi.

    Example: tradebridge data fetch oecd-fdi --reporter KOR --partners PA --years 2010-2022
    """
    from tradebridge.sources.oecd import FDI_FLOWS, FDI_POSITIONS, fdi_key, fetch_oecd_fdi

    cache_dir, root = _root(cache, out)
    s = settings()
    key = key or fdi_key(parse_countries(reporter or s.reporter), parse_countries(partners or s.partners), positions=positions,
                         entity=entity.upper())
    flow = _dataflow(dataflow, FDI_POSITIONS if positions else FDI_FLOWS)
    client = make_client(cache_dir, retries=retries, timeout=timeout, refresh=refresh)
    with client:
        extract = fetch_oecd_fdi(key, parse_years(years), client=client, flow=flow, dataset=dataset)
    _report([_save(extract, root)], json)


@fetch_app.command("oecd-crs")
def oecd_crs_cmd(
    years: str = typer.Option(..., "--years", help="Years, e.g. 2010-2022."),
    donor: str = typer.Option(None, "--donor", help="Donors (ISO3 or DAC codes; default: the settings' reporter)."),
    recipients: str = typer.Option(None, "--recipients", help="Recipients (ISO3 and/or bloc ids; default: the settings' partners)."),
    commitments: bool = typer.Option(False, "--commitments", help="Commitments instead of disbursements."),
    constant: bool = typer.Option(False, "--constant", help="Constant prices instead of current USD."),
    key: str = typer.Option(None, "--key",
                            help="Full SDMX key of DSD_CRS@DF_CRS instead (donor.recipient.sector.measure...)."),
    dataflow: str = typer.Option(None, "--dataflow", help="Override: AGENCY,DATAFLOW[,VERSION]."),
    dataset: str = typer.Option("oecd_crs", "--dataset", help="Dataset name."),
    cache: Path = CacheOption, out: Path = OutOption, retries: int = RetriesOption,
    timeout: float = typer.Option(300.0, "--timeout", min=1.0,
                                  help="Seconds before a request times out (CRS queries are slow)."),
    refresh: bool = RefreshOption, json: bool = JsonOption,
) -> None:
    """Fetch OECD DAC CRS ODA by donor, recipient and sector (USD) into table oda.

    Example: tradebridge data fetch oecd-crs --donor KOR --recipients PA --years 2010-2022
    """
    from tradebridge.sources.oecd import CRS, crs_key, fetch_oecd_crs

    cache_dir, root = _root(cache, out)
    s = settings()
    donor, recipients = donor or s.reporter, recipients or s.partners
    key = key or crs_key([d.strip().upper() for d in donor.split(",")], parse_countries(recipients),
                         flow="C" if commitments else "D", price="Q" if constant else "V")
    client = make_client(cache_dir, retries=retries, timeout=timeout, refresh=refresh)
    with client:
        extract = fetch_oecd_crs(key, parse_years(years), client=client, flow=_dataflow(dataflow, CRS),
                                 dataset=dataset)
    _report([_save(extract, root)], json)


def register_fetch(data_app: typer.Typer) -> None:
    """Add ``fetch`` to the ``data`` group (called by ``tradebridge.cli.data.register``)."""
    data_app.add_typer(fetch_app, name="fetch")
