"""The claims check: every quantitative claim of the seed brief against what the store's data say.

Each claim is a row: the claim (quoted from the seed brief), what the data say (filled from evidence
cards, whose ids the row lists), a verdict — ``supported``, ``partly supported``, ``not supported`` or
``needs data`` — and, when data are missing, the fetch command that provides them. Thresholds are
stated in each finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tradebridge.evidence.cards import EvidenceCard
from tradebridge.i18n import LANGS, date_text, number, pct, place, ratio, render, usd

Verdict = str  # "supported" | "partly supported" | "not supported" | "needs data"
VERDICTS = ("supported", "partly supported", "not supported", "needs data")
VERDICT_LABELS = {
    "supported": {"en": "supported", "es": "respaldada", "ko": "사실로 확인"},
    "partly supported": {"en": "partly supported", "es": "parcialmente respaldada", "ko": "부분적으로 확인"},
    "not supported": {"en": "not supported", "es": "no respaldada", "ko": "확인되지 않음"},
    "needs data": {"en": "needs data", "es": "faltan datos", "ko": "추가 자료 필요"},
}
FLAT_BAND = 0.15  # "flat": a change within ±15% over the period


@dataclass(frozen=True)
class ClaimRow:
    id: str
    claim: str
    finding: dict[str, str]
    verdict: Verdict
    cards: tuple[str, ...] = ()
    fetch: str | None = None
    values: dict = field(default_factory=dict)


def _card(cards: dict[str, EvidenceCard], prefix: str) -> EvidenceCard | None:
    hits = sorted(i for i in cards if i.startswith(prefix))
    return cards[hits[-1]] if hits else None


def _yearly(frames: dict[str, pd.DataFrame], partner: str) -> pd.DataFrame:
    y = frames.get("yearly", pd.DataFrame())
    return y[y["partner"] == partner].dropna(subset=["exports"]).set_index("year") if not y.empty else y


def claim_kor_exports_chile(cards, frames, reporter) -> ClaimRow:
    claim = ("The ROK exports to Chile by value grew consistently from the FTA entry into force until the Global "
             "Financial Crisis of 2008. Since then, however, the ROK's exports have remained relatively flat.")
    y = _yearly(frames, "CHL")
    needed = {2004, 2008}
    if y.empty or not needed <= set(y.index) or y.index.max() <= 2008:
        return ClaimRow("kor_exports_chile_flat", claim, {"en": "Korea's exports to Chile are not in the store."},
                        "needs data", fetch="tradebridge data ingest --raw DIR")
    e04, e08, last_year = float(y.loc[2004, "exports"]), float(y.loc[2008, "exports"]), int(y.index.max())
    e_last = float(y.loc[last_year, "exports"])
    up, change = e08 / e04 - 1, e_last / e08 - 1
    flat = abs(change) <= FLAT_BAND
    verdict = "supported" if (up > 0 and flat) else ("partly supported" if up > 0 else "not supported")
    flat_text = {"en": "'flat' = within ±{band}", "es": "«estable» = dentro de ±{band}", "ko": "'정체' = ±{band} 이내"}
    finding = {lang: (f"2004→2008: {usd(e04, lang)} → {usd(e08, lang)} ({pct(up, lang, signed=True)}); "
                      f"2008→{last_year}: → {usd(e_last, lang)} ({pct(change, lang, signed=True)}; "
                      + flat_text[lang].replace("{band}", pct(FLAT_BAND, lang, digits=0)) + ")") for lang in LANGS}
    ids = tuple(c.id for c in [_card(cards, f"trade.exports_since.{reporter}-CHL.2008")] if c)
    return ClaimRow("kor_exports_chile_flat", claim, finding, verdict, ids,
                    values={"growth_2004_2008": up, "change_since_2008": change})


def _deficit(cards, frames, reporter, partner, name) -> ClaimRow:
    claim = (f"Historically, {name}'s trade balance has been in deficit toward the ROK, with deepening and "
             "recovery intervals.")
    y = _yearly(frames, partner)
    if y.empty:
        return ClaimRow(f"deficit_{partner.lower()}", claim, {"en": "No data in the store."}, "needs data",
                        fetch="tradebridge data ingest --raw DIR")
    y = y[(y.index >= 1990) & (y["total_trade"] > 0)]
    deficit_years = int((y["balance"] > 0).sum())  # the reporter's surplus is the partner's deficit
    n = len(y)
    share = deficit_years / n if n else float("nan")
    verdict = "supported" if share >= 0.75 and y["balance"].iloc[-1] > 0 else (
        "partly supported" if share >= 0.5 else "not supported")
    finding = {lang: (f"{deficit_years}/{n} " + {"en": "years in deficit since 1990", "es": "años en déficit desde 1990",
                                               "ko": "개 연도 적자(1990년 이후)"}[lang]
                      + f"; {int(y.index.max())}: {usd(-float(y['balance'].iloc[-1]), lang)}")
               for lang in LANGS}
    ids = tuple(c.id for c in [_card(cards, f"trade.balance_record.{reporter}-{partner}"),
                               _card(cards, f"trade.flows.{reporter}-{partner}.")] if c)
    return ClaimRow(f"deficit_{partner.lower()}", claim, finding, verdict, ids,
                    values={"deficit_years": deficit_years, "years": n, "threshold": 0.75})


def claim_deficit_mexico(cards, frames, reporter) -> ClaimRow:
    return _deficit(cards, frames, reporter, "MEX", "Mexico")


def claim_deficit_colombia(cards, frames, reporter) -> ClaimRow:
    return _deficit(cards, frames, reporter, "COL", "Colombia")


def _products(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Product-level flows with a ``group`` column (sector groups of the seed brief), or an empty frame."""
    return frames.get("product_flows", pd.DataFrame())


AGRI_FETCH = "tradebridge data fetch comtrade --reporter KOR --partners CHL,PER --years 2004-2014 --level HS6 --flow M"
PERU_FETCH = "tradebridge data fetch baci --release 202401 --revision HS17 --years 2017-2021"
VEHICLE_FETCH = "tradebridge data fetch comtrade --reporter KOR --partners PA --years 2010-2021 --level HS6 --flow X"
FOUR_FOLD = (3.5, 4.5)  # "four-fold": a multiple between 3.5 and 4.5
SHARE_BAND = 0.03  # a published share matches when within ±3 percentage points


def claim_agri_fourfold(cards, frames, reporter) -> ClaimRow:
    claim = "Between 2004 and 2014, Chile's and Peru's agricultural exports to the ROK grew four-fold."
    p = _products(frames)
    sel = p[(p["importer"] == reporter) & p["exporter"].isin(["CHL", "PER"]) & (p["group"] == "agriculture_food")] \
        if not p.empty else p
    years = set(sel["year"]) if not sel.empty else set()
    if not {2004, 2014} <= years:
        return ClaimRow("agri_fourfold", claim, {
            "en": "Needs product-level (HS) trade of Chile and Peru with Korea in 2004 and 2014; not in the store.",
            "es": "Requiere comercio por producto (SA) de Chile y Perú con Corea en 2004 y 2014; no está en el almacén.",
            "ko": "2004·2014년 칠레·페루의 대한국 품목별(HS) 교역 자료가 필요하다(미보유)."},
            "needs data", fetch=AGRI_FETCH)
    v = sel.groupby("year")["value_usd"].sum()
    multiple = float(v[2014] / v[2004]) if v[2004] > 0 else float("nan")
    verdict = "supported" if FOUR_FOLD[0] <= multiple <= FOUR_FOLD[1] else (
        "partly supported" if multiple >= 2.5 else "not supported")
    fourfold = {"en": "four-fold", "es": "cuatro veces", "ko": "4배"}
    hs = {"en": "HS", "es": "SA", "ko": "HS"}
    finding = {lang: f"{hs[lang]} 01–24: {usd(float(v[2004]), lang)} → {usd(float(v[2014]), lang)} "
                     f"({ratio(multiple, lang)}; {fourfold[lang]} = {number(FOUR_FOLD[0], lang, 1)}–"
                     f"{ratio(FOUR_FOLD[1], lang)})" for lang in LANGS}
    return ClaimRow("agri_fourfold", claim, finding, verdict, values={"multiple": multiple})


def claim_peru_mining_agri(cards, frames, reporter) -> ClaimRow:
    claim = "Together, mining and agricultural goods constitute 86.4% of all exports from Peru to the ROK."
    p = _products(frames)
    sel = p[(p["exporter"] == "PER") & (p["importer"] == reporter)] if not p.empty else p
    if sel.empty:
        return ClaimRow("peru_mining_agri_864", claim, {
            "en": "Needs product-level (HS) exports of Peru to Korea; not in the store (no source found for 86.4%).",
            "es": "Requiere exportaciones por producto (SA) de Perú a Corea; no están en el almacén.",
            "ko": "페루의 대한국 품목별(HS) 수출 자료가 필요하다(미보유; 86.4%의 출처 미확인)."},
            "needs data", fetch=PERU_FETCH)
    year = int(sel["year"].max())
    last = sel[sel["year"] == year]
    share = float(last[last["group"].isin(["agriculture_food", "mining_fuels"])]["value_usd"].sum()
                  / last["value_usd"].sum())
    verdict = "supported" if abs(share - 0.864) <= SHARE_BAND else "not supported"
    band = {"en": "HS 01–27; ±3 pp of {x}", "es": "SA 01–27; ±3 p. p. de {x}", "ko": "HS 01–27; {x} ±3%p"}
    finding = {lang: f"{year}: {pct(share, lang)} (" + band[lang].replace("{x}", pct(0.864, lang)) + ")"
               for lang in LANGS}
    return ClaimRow("peru_mining_agri_864", claim, finding, verdict, values={"share": share, "year": year})


def claim_vehicles_fx(cards, frames, reporter) -> ClaimRow:
    claim = ("The decrease of the ROK's exports to PA members is strongly associated with declining vehicle sales, "
             "related to the PA members' currency devaluation against the US dollar.")
    p = _products(frames)
    veh = p[(p["exporter"] == reporter) & p["product"].str[:4].isin(["8703", "8704"])] if not p.empty else p
    fx = frames.get("fx", pd.DataFrame())
    if veh.empty or fx.empty:
        return ClaimRow("vehicles_currency", claim, {
            "en": "Needs Korea's vehicle exports (HS 8703/8704) by partner and year; exchange rates are in the store.",
            "es": "Requiere exportaciones coreanas de vehículos (SA 8703/8704) por socio y año; los tipos de cambio "
                  "están en el almacén.",
            "ko": "한국의 상대국별·연도별 자동차(HS 8703/8704) 수출 자료가 필요하다(환율은 보유)."},
            "needs data", fetch=VEHICLE_FETCH)
    v = veh.groupby(["importer", "year"])["value_usd"].sum().rename("veh").reset_index()
    j = v.merge(fx.rename(columns={"country": "importer"}), on=["importer", "year"]).sort_values(["importer", "year"])
    j["dv"] = j.groupby("importer")["veh"].transform(lambda s: s.pct_change())
    j["dfx"] = j.groupby("importer")["fx"].transform(lambda s: s.pct_change())
    j = j.dropna(subset=["dv", "dfx"])
    if len(j) < 4:
        return ClaimRow("vehicles_currency", claim, {"en": "Too few partner-years with both series."}, "needs data",
                        fetch=VEHICLE_FETCH)
    corr = float(j["dv"].corr(j["dfx"]))
    verdict = "supported" if corr <= -0.5 else ("partly supported" if corr < 0 else "not supported")
    over = {"en": "over {n:plural:partner-year|partner-years} (strong: ≤ {s})",
            "es": "en {n:plural:par socio-año|pares socio-año} (fuerte: ≤ {s})",
            "ko": "{n}개 상대국-연도 기준(강함: ≤ {s})"}
    veh = {"en": "vehicles", "es": "vehículos", "ko": "자동차"}
    finding = {lang: f"corr(Δ {veh[lang]}, Δ LCU/USD) = {number(corr, lang)} "
                     + render(over[lang], lang, {"n": len(j), "s": number(-0.5, lang, 1)}) for lang in LANGS}
    return ClaimRow("vehicles_currency", claim, finding, verdict, values={"correlation": corr, "n": len(j)})


def claim_first_fta(cards, frames, reporter) -> ClaimRow:
    claim = "In 2003, Chile and the ROK concluded the first FTA signed by the ROK; it entered into force in 2004."
    st = frames.get("stages", pd.DataFrame())
    row = st[(st.get("agreement_id") == "KOR-CHL-FTA") & (st.get("stage") == "Signed (Seoul)")] if not st.empty else st
    listed = frames.get("all_reporter_ftas", pd.DataFrame())
    if row.empty:
        return ClaimRow("first_fta", claim, {"en": "No curated timeline for this pair."}, "needs data")
    signed = pd.Timestamp(row["date"].iloc[0])
    # DESTA dates have year precision: compare years (the Chile agreement itself is signed in 2003)
    earlier = listed[(pd.to_datetime(listed["signed"]).dt.year < signed.year)] if not listed.empty else listed
    verdict = "supported" if earlier.empty else "not supported"
    ids = tuple(c.id for c in cards.values() if c.topic == "timeline" and c.values.get("agreement_id") == "KOR-CHL-FTA"
                and c.values.get("stage") in {"Signed (Seoul)", "Entry into force", "Negotiations concluded (6th round, Geneva)"})
    text = {"en": "Concluded {concluded}, signed {signed}, in force {in_force}; DESTA lists "
                  "{n:plural:earlier bilateral trade agreement|earlier bilateral trade agreements} signed by {reporter}.",
            "es": "Concluido el {concluded}, firmado el {signed}, en vigor el {in_force}; DESTA registra "
                  "{n:plural:acuerdo comercial bilateral anterior|acuerdos comerciales bilaterales anteriores} "
                  "firmados por {reporter}.",
            "ko": "{concluded} 타결, {signed} 서명, {in_force} 발효; DESTA상 그 이전에 {reporter:가} 서명한 양자 "
                  "무역협정은 {n}건."}
    finding = {lang: render(text[lang], lang, {
        "concluded": date_text("2002-10-20", lang), "signed": date_text(signed.strftime("%Y-%m-%d"), lang),
        "in_force": date_text("2004-04-01", lang), "n": len(earlier), "reporter": place(reporter, lang)})
        for lang in LANGS}
    return ClaimRow("first_fta", claim, finding, verdict, ids)


def claim_mexico_2008(cards, frames, reporter) -> ClaimRow:
    claim = "Mexico and the ROK initiated negotiations in 2008, but they could not reach an agreement."
    st = frames.get("stages", pd.DataFrame())
    mex = st[st["agreement_id"] == "KOR-MEX-FTA"] if not st.empty else st
    if mex.empty:
        return ClaimRow("mexico_2008", claim, {"en": "No curated timeline for Korea–Mexico."}, "needs data")
    first_round = mex[mex["stage"].str.startswith("FTA 1st round")]
    ids = tuple(c.id for c in cards.values() if c.topic == "timeline" and c.values.get("agreement_id") == "KOR-MEX-FTA"
                and (c.values["stage"].startswith("FTA 1st round") or c.values["stage"].startswith("Talks stall")
                     or c.values["stage"].startswith("Roh")))
    when = pd.Timestamp(first_round["date"].iloc[0]).strftime("%Y-%m-%d") if not first_round.empty else None
    text = {"en": "SECA talks from {seca} (three rounds in 2006); full FTA talks from {fta}, first round "
                  "{when}; talks stalled in 2008. No agreement concluded.",
            "es": "Conversaciones del AECE desde el {seca} (tres rondas en 2006); negociación de TLC desde el "
                  "{fta}, primera ronda: {when}; estancada en 2008. Sin acuerdo.",
            "ko": "{seca}부터 SECA 협의(2006년 3차례), {fta} FTA 협상으로 격상, 제1차 협상 {when}; "
                  "2008년 교착. 협정 미타결."}
    finding = {lang: render(text[lang], lang, {"seca": date_text("2005-09-09", lang), "fta": date_text("2007-08-08", lang),
                                               "when": date_text(when, lang)}) for lang in LANGS}
    return ClaimRow("mexico_2008", claim, finding, "partly supported", ids)


def claim_bits_coexist(cards, frames, reporter) -> ClaimRow:
    claim = "Bilateral investment treaties co-exist with FTA investment chapters, except in the case of Mexico."
    bits = [c for c in cards.values() if c.topic == "investment" and c.id.startswith("investment.bit.")]
    if not bits:
        return ClaimRow("bits_coexist", claim, {"en": "No BIT data in the store."}, "needs data",
                        fetch="tradebridge data ingest --raw DIR")
    status = {c.values["partner"]: c.values["status"] for c in bits}
    local = {lang: {c.values["partner"]: c.values.get(f"status_{lang}", c.values["status"]) for c in bits}
             for lang in LANGS}
    replaced = sorted(p for p, s in status.items() if s == "terminated")
    text = {"en": "The BITs with {names} were terminated when the FTAs' investment chapters replaced them.",
            "es": "Los APPI con {names} terminaron al ser reemplazados por los capítulos de inversión de los TLC.",
            "ko": "{names:와}의 투자협정은 FTA 투자 챕터로 대체되며 종료되었다."}
    finding = {lang: "UNCTAD: " + "; ".join(f"{place(p, lang)}: {local[lang][p]}" for p in sorted(status)) + ". "
               + render(text[lang], lang, {"names": ", ".join(place(p, lang) for p in replaced)}) for lang in LANGS}
    verdict = "not supported" if replaced else "supported"
    return ClaimRow("bits_coexist", claim, finding, verdict, tuple(c.id for c in bits))


CHECKS = (claim_kor_exports_chile, claim_deficit_mexico, claim_deficit_colombia, claim_first_fta,
          claim_mexico_2008, claim_bits_coexist, claim_agri_fourfold, claim_peru_mining_agri, claim_vehicles_fx)


def check_claims(cards: dict[str, EvidenceCard], frames: dict[str, pd.DataFrame], reporter: str) -> list[ClaimRow]:
    """Run every check; a check that does not apply to this reporter is skipped."""
    return [check(cards, frames, reporter) for check in CHECKS]
