"""The claims check: every quantitative claim of a brief against what the store's data say.

Each claim is a row: the claim (quoted from the brief), what the data say (filled from evidence cards,
whose ids the row lists), a verdict — ``supported``, ``partly supported``, ``not supported`` or
``needs data`` — and, when data are missing, the fetch command that provides them. Thresholds are
stated in each finding.

The claims are data: a claims file (YAML, see ``claims.yaml`` beside this module, the seed brief's
claims) is a mapping with an optional ``scope`` (the reporter and bloc the claims are about: a brief
of another scope gets none of them) and the ``claims`` (a bare list of claims is accepted too)::

    scope: {reporter: KOR, bloc: PA}
    claims:
      - id: deficit_mex
        check: partner_deficit        # how the data are read: one of CHECKS
        claim: "Historically, ..."    # the claim as the brief words it
        params: {partner: MEX, since: 1990, supported: 0.75, partly: 0.5}
        fetch: "tradebridge data ingest --raw DIR"   # optional: what provides missing data
        verdict: partly supported     # optional: a fixed verdict (stalled_talks only)
        texts: {years: {en: ..., es: ..., ko: ...}, missing: {en: ..., es: ..., ko: ...}}

Each check needs the ``params`` and ``texts`` listed in :data:`NEEDS`; a file that lacks one, names an
unknown check or key, or repeats an id is a DataError saying what to fix.

>>> claims = load_claims()
>>> [c.id for c in claims][:3], claims[1].params["partner"]
(['kor_exports_chile_flat', 'deficit_mex', 'deficit_col'], 'MEX')
>>> check_claims({}, {}, "BRA", bloc="MERCOSUR")  # the shipped claims are about another scope
[]
>>> verdict_label("needs data", "es")
'faltan datos'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tradebridge.errors import DataError
from tradebridge.evidence.cards import EvidenceCard
from tradebridge.evidence.rules import file_error, read_scoped_file, scope_applies, translated_texts
from tradebridge.i18n import LANGS, date_text, number, pct, place, ratio, render, t, usd

Verdict = str  # "supported" | "partly supported" | "not supported" | "needs data"
VERDICTS = ("supported", "partly supported", "not supported", "needs data")


def verdict_label(verdict: str, lang: str = "en") -> str:
    """A verdict in ``lang`` (from the i18n table, keys ``claim_<verdict>``); an unknown verdict as given."""
    return t(lang, "claim_" + verdict.replace(" ", "_")) if verdict in VERDICTS else verdict


# the verdicts in every language, for readers that look them up (the annex)
VERDICT_LABELS = {v: {lang: verdict_label(v, lang) for lang in LANGS} for v in VERDICTS}


@dataclass(frozen=True)
class ClaimRow:
    id: str
    claim: str
    finding: dict[str, str]
    verdict: Verdict
    cards: tuple[str, ...] = ()
    fetch: str | None = None
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Claim:
    """One claim of a claims file: what to check (``check`` with its ``params``) and its texts."""

    id: str
    check: str
    claim: str
    params: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    fetch: str | None = None
    verdict: str | None = None
    scope: dict[str, str] = field(default_factory=dict)

    def text(self, key: str, lang: str) -> str:
        return self.texts[key][lang]

    def missing(self, reporter: str, **more: str) -> ClaimRow:
        """The ``needs data`` row, its ``missing`` text filled with the reporter (and ``more`` codes)."""
        return self.row(self._fill("missing", reporter, **more), "needs data", fetch=self.fetch)

    def row(self, finding: dict[str, str], verdict: str, cards: tuple[str, ...] = (), *,
            fetch: str | None = None, values: dict | None = None) -> ClaimRow:
        return ClaimRow(self.id, self.claim, finding, verdict, cards, fetch, values or {})

    def _fill(self, key: str, reporter: str, **codes: str) -> dict[str, str]:
        return {lang: render(self.text(key, lang), lang,
                             {"reporter": place(reporter, lang), **{k: place(v, lang) for k, v in codes.items()}})
                for lang in LANGS}


def _card(cards: Mapping[str, EvidenceCard], prefix: str) -> EvidenceCard | None:
    hits = sorted(i for i in cards if i.startswith(prefix))
    return cards[hits[-1]] if hits else None


def _yearly(frames: Mapping[str, pd.DataFrame], partner: str) -> pd.DataFrame:
    y = frames.get("yearly", pd.DataFrame())
    return y[y["partner"] == partner].dropna(subset=["exports"]).set_index("year") if not y.empty else y


def _products(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Product-level flows with a ``group`` column (sector groups of the brief), or an empty frame."""
    return frames.get("product_flows", pd.DataFrame())


# ------------------------------------------------------------------------------------------- checks
def exports_flat_since(c: Claim, cards, frames, reporter: str) -> ClaimRow:
    """Exports to ``partner`` grew from ``start`` to ``peak`` and stayed within ±``band`` since."""
    partner, start, peak, band = c.params["partner"], c.params["start"], c.params["peak"], c.params["band"]
    y = _yearly(frames, partner)
    if y.empty or not {start, peak} <= set(y.index) or y.index.max() <= peak:
        return c.missing(reporter, partner=partner)
    e0, e1, last_year = float(y.loc[start, "exports"]), float(y.loc[peak, "exports"]), int(y.index.max())
    e_last = float(y.loc[last_year, "exports"])
    up, change = e1 / e0 - 1, e_last / e1 - 1
    flat = abs(change) <= band
    verdict = "supported" if (up > 0 and flat) else ("partly supported" if up > 0 else "not supported")
    finding = {lang: (f"{start}→{peak}: {usd(e0, lang)} → {usd(e1, lang)} ({pct(up, lang, signed=True)}); "
                      f"{peak}→{last_year}: → {usd(e_last, lang)} ({pct(change, lang, signed=True)}; "
                      + c.text("flat", lang).replace("{band}", pct(band, lang, digits=0)) + ")") for lang in LANGS}
    ids = tuple(x.id for x in [_card(cards, f"trade.exports_since.{reporter}-{partner}.{peak}")] if x)
    return c.row(finding, verdict, ids, values={f"growth_{start}_{peak}": up, f"change_since_{peak}": change})


def partner_deficit(c: Claim, cards, frames, reporter: str) -> ClaimRow:
    """The partner's balance with the reporter in deficit in at least a ``supported`` share of the years
    since ``since`` (and in the last one); ``partly`` below that."""
    partner = c.params["partner"]
    y = _yearly(frames, partner)
    if y.empty:
        return c.missing(reporter, partner=partner)
    y = y[(y.index >= c.params["since"]) & (y["total_trade"] > 0)]
    deficit_years = int((y["balance"] > 0).sum())  # the reporter's surplus is the partner's deficit
    n = len(y)
    share = deficit_years / n if n else float("nan")
    verdict = "supported" if share >= c.params["supported"] and y["balance"].iloc[-1] > 0 else (
        "partly supported" if share >= c.params["partly"] else "not supported")
    finding = {lang: (f"{deficit_years}/{n} " + c.text("years", lang)
                      + f"; {int(y.index.max())}: {usd(-float(y['balance'].iloc[-1]), lang)}") for lang in LANGS}
    ids = tuple(x.id for x in [_card(cards, f"trade.balance_record.{reporter}-{partner}"),
                               _card(cards, f"trade.flows.{reporter}-{partner}.")] if x)
    return c.row(finding, verdict, ids,
                 values={"deficit_years": deficit_years, "years": n, "threshold": c.params["supported"]})


def group_multiple(c: Claim, cards, frames, reporter: str) -> ClaimRow:
    """The ``exporters``' exports of a sector ``group`` to the reporter grew by a multiple within ``band``
    from ``start`` to ``end`` (``partly``: at least that multiple)."""
    p = _products(frames)
    start, end, (low, high) = c.params["start"], c.params["end"], c.params["band"]
    sel = p[(p["importer"] == reporter) & p["exporter"].isin(c.params["exporters"])
            & (p["group"] == c.params["group"])] if not p.empty else p
    years = set(sel["year"]) if not sel.empty else set()
    if not {start, end} <= years:
        return c.missing(reporter)
    v = sel.groupby("year")["value_usd"].sum()
    multiple = float(v[end] / v[start]) if v[start] > 0 else float("nan")
    verdict = "supported" if low <= multiple <= high else (
        "partly supported" if multiple >= c.params["partly"] else "not supported")
    finding = {lang: f"{c.text('products', lang)}: {usd(float(v[start]), lang)} → {usd(float(v[end]), lang)} "
                     f"({ratio(multiple, lang)}; {c.text('multiple', lang)} = {number(low, lang, 1)}–"
                     f"{ratio(high, lang)})" for lang in LANGS}
    return c.row(finding, verdict, values={"multiple": multiple})


def group_share(c: Claim, cards, frames, reporter: str) -> ClaimRow:
    """The ``groups``' share of the ``exporter``'s exports to the reporter (last year) within ±``band``
    of the published ``share``."""
    p = _products(frames)
    sel = p[(p["exporter"] == c.params["exporter"]) & (p["importer"] == reporter)] if not p.empty else p
    if sel.empty:
        return c.missing(reporter)
    year = int(sel["year"].max())
    last = sel[sel["year"] == year]
    share = float(last[last["group"].isin(c.params["groups"])]["value_usd"].sum() / last["value_usd"].sum())
    verdict = "supported" if abs(share - c.params["share"]) <= c.params["band"] else "not supported"
    finding = {lang: f"{year}: {pct(share, lang)} (" + c.text("band", lang).replace("{x}", pct(c.params["share"], lang))
               + ")" for lang in LANGS}
    return c.row(finding, verdict, values={"share": share, "year": year})


def _change_pairs(veh: pd.DataFrame, fx: pd.DataFrame) -> pd.DataFrame:
    v = veh.groupby(["importer", "year"])["value_usd"].sum().rename("veh").reset_index()
    j = v.merge(fx.rename(columns={"country": "importer"}), on=["importer", "year"]).sort_values(["importer", "year"])
    j["dv"] = j.groupby("importer")["veh"].transform(lambda s: s.pct_change())
    j["dfx"] = j.groupby("importer")["fx"].transform(lambda s: s.pct_change())
    return j.dropna(subset=["dv", "dfx"])


def products_fx(c: Claim, cards, frames, reporter: str) -> ClaimRow:
    """The correlation of the yearly changes of the reporter's exports of ``products`` (HS4 prefixes) to
    each partner with those of the partner's exchange rate (strong: at most ``strong``)."""
    p = _products(frames)
    veh = p[(p["exporter"] == reporter) & p["product"].str[:4].isin(c.params["products"])] if not p.empty else p
    fx = frames.get("fx", pd.DataFrame())
    if veh.empty or fx.empty:
        return c.missing(reporter)
    j = _change_pairs(veh, fx)
    if len(j) < c.params["min_pairs"]:
        return c.row(c._fill("too_few", reporter), "needs data", fetch=c.fetch)
    corr = float(j["dv"].corr(j["dfx"]))
    strong = c.params["strong"]
    verdict = "supported" if corr <= strong else ("partly supported" if corr < 0 else "not supported")
    finding = {lang: f"corr(Δ {c.text('products', lang)}, Δ LCU/USD) = {number(corr, lang)} "
                     + render(c.text("over", lang), lang, {"n": len(j), "s": number(strong, lang, 1)}) for lang in LANGS}
    return c.row(finding, verdict, values={"correlation": corr, "n": len(j)})


def _timeline_ids(cards, agreement: str, keep: Callable[[str], bool]) -> tuple[str, ...]:
    return tuple(x.id for x in cards.values() if x.topic == "timeline" and x.values.get("agreement_id") == agreement
                 and keep(x.values.get("stage", "")))


def first_agreement(c: Claim, cards, frames, reporter: str) -> ClaimRow:
    """The ``agreement`` signed (its ``signed_stage``) before any other bilateral trade agreement DESTA
    lists for the reporter (years compared: DESTA dates have year precision)."""
    st = frames.get("stages", pd.DataFrame())
    agreement = c.params["agreement"]
    row = st[(st.get("agreement_id") == agreement) & (st.get("stage") == c.params["signed_stage"])] \
        if not st.empty else st
    listed = frames.get("all_reporter_ftas", pd.DataFrame())
    if row.empty:
        return c.missing(reporter)
    signed = pd.Timestamp(row["date"].iloc[0])
    earlier = listed[(pd.to_datetime(listed["signed"]).dt.year < signed.year)] if not listed.empty else listed
    verdict = "supported" if earlier.empty else "not supported"
    ids = _timeline_ids(cards, agreement, lambda s: s in set(c.params["stages"]))
    finding = {lang: render(c.text("finding", lang), lang, {
        "concluded": date_text(c.params["concluded"], lang), "signed": date_text(signed.strftime("%Y-%m-%d"), lang),
        "in_force": date_text(c.params["in_force"], lang), "n": len(earlier), "reporter": place(reporter, lang)})
        for lang in LANGS}
    return c.row(finding, verdict, ids)


def stalled_talks(c: Claim, cards, frames, reporter: str) -> ClaimRow:
    """Talks on ``agreement`` that began (``first_round``: the stage's beginning) and did not conclude;
    the finding cites the curated stages beginning with one of ``stages`` and the claim's ``verdict``."""
    agreement = c.params["agreement"]
    st = frames.get("stages", pd.DataFrame())
    talks = st[st["agreement_id"] == agreement] if not st.empty else st
    if talks.empty:
        return c.missing(reporter, partner=agreement.split("-")[1])
    first_round = talks[talks["stage"].str.startswith(c.params["first_round"])]
    prefixes = tuple(c.params["stages"])
    ids = _timeline_ids(cards, agreement, lambda s: s.startswith(prefixes))
    when = pd.Timestamp(first_round["date"].iloc[0]).strftime("%Y-%m-%d") if not first_round.empty else None
    dates = {k: str(v) for k, v in c.params["dates"].items()}
    finding = {lang: render(c.text("finding", lang), lang,
                            {**{k: date_text(v, lang) for k, v in dates.items()}, "when": date_text(when, lang)})
               for lang in LANGS}
    return c.row(finding, c.verdict or "partly supported", ids)


def treaties_replaced(c: Claim, cards, frames, reporter: str) -> ClaimRow:
    """Bilateral investment treaties still in force (supported) or terminated, replaced by the FTAs'
    investment chapters (not supported), from the ``investment.bit.*`` cards."""
    bits = [x for x in cards.values() if x.topic == "investment" and x.id.startswith("investment.bit.")]
    if not bits:
        return c.missing(reporter)
    status = {x.values["partner"]: x.values["status"] for x in bits}
    local = {lang: {x.values["partner"]: x.values.get(f"status_{lang}", x.values["status"]) for x in bits}
             for lang in LANGS}
    replaced = sorted(p for p, s in status.items() if s == "terminated")
    finding = {lang: "UNCTAD: " + "; ".join(f"{place(p, lang)}: {local[lang][p]}" for p in sorted(status)) + ". "
               + render(c.text("finding", lang), lang, {"names": ", ".join(place(p, lang) for p in replaced)})
               for lang in LANGS}
    return c.row(finding, "not supported" if replaced else "supported", tuple(x.id for x in bits))


CHECKS: dict[str, Callable[..., ClaimRow]] = {f.__name__: f for f in (
    exports_flat_since, partner_deficit, first_agreement, stalled_talks, treaties_replaced, group_multiple,
    group_share, products_fx)}
# what each check reads from a claim: (params, texts)
NEEDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "exports_flat_since": (("partner", "start", "peak", "band"), ("flat", "missing")),
    "partner_deficit": (("partner", "since", "supported", "partly"), ("years", "missing")),
    "first_agreement": (("agreement", "signed_stage", "stages", "concluded", "in_force"), ("missing", "finding")),
    "stalled_talks": (("agreement", "first_round", "stages", "dates"), ("missing", "finding")),
    "treaties_replaced": ((), ("missing", "finding")),
    "group_multiple": (("exporters", "group", "start", "end", "band", "partly"), ("missing", "products", "multiple")),
    "group_share": (("exporter", "groups", "share", "band"), ("missing", "band")),
    "products_fx": (("products", "strong", "min_pairs"), ("missing", "too_few", "over", "products")),
}
_KEYS = ("id", "check", "claim", "params", "texts", "fetch", "verdict")


# --------------------------------------------------------------------------------------------- file
def _texts(item: Mapping, needed: tuple[str, ...], where: str, label: str) -> dict[str, dict[str, str]]:
    texts = item.get("texts") or {}
    if not isinstance(texts, Mapping):
        raise file_error(where, "'texts' must map names to translated texts", label,
                    hint="write texts: {missing: {en: ..., es: ..., ko: ...}}")
    lacking = [key for key in needed if key not in texts]
    if lacking:
        raise file_error(where, f"texts lack {', '.join(map(repr, lacking))}", label,
                    hint=f"the {item['check']} check needs texts {', '.join(needed)}, each {{en: ..., es: ..., ko: ...}}")
    return {key: translated_texts(texts, key, where, label) for key in needed}


def _claim(item: Any, i: int, label: str, scope: dict[str, str]) -> Claim:
    if not isinstance(item, Mapping):
        raise DataError(f"claim {i + 1}: expected a mapping (id, check, claim, ...), got {type(item).__name__}",
                        file=label)
    where = f"claim {i + 1} ({item.get('id', '?')})"
    for key in ("id", "check", "claim"):
        if not str(item.get(key) or "").strip():
            raise file_error(where, f"missing {key!r}", label, hint="each claim needs id, check and claim")
    unknown = sorted(set(item) - set(_KEYS))
    if unknown:
        raise file_error(where, f"unknown key(s) {', '.join(map(str, unknown))}", label, hint="valid keys: " + ", ".join(_KEYS))
    if item["check"] not in CHECKS:
        raise file_error(where, f"unknown check {item['check']!r}", label, hint="valid checks: " + ", ".join(CHECKS))
    if item.get("verdict") is not None and item["verdict"] not in VERDICTS:
        raise file_error(where, f"unknown verdict {item['verdict']!r}", label, hint="valid verdicts: " + ", ".join(VERDICTS))
    params = item.get("params") or {}
    need_params, need_texts = NEEDS[item["check"]]
    lacking = [p for p in need_params if not isinstance(params, Mapping) or p not in params]
    if lacking:
        raise file_error(where, f"params lack {', '.join(lacking)}", label,
                    hint=f"the {item['check']} check needs params {', '.join(need_params)}")
    return Claim(str(item["id"]), item["check"], str(item["claim"]), dict(params),
                 _texts(item, need_texts, where, label), item.get("fetch"), item.get("verdict"), scope)


def load_claims(path: Path | None = None) -> list[Claim]:
    """Claims from ``path`` or the shipped ``claims.yaml``; errors name the claim and what to fix."""
    items, scope, label = read_scoped_file(path, "claims.yaml", "claims")
    claims = [_claim(item, i, label, scope) for i, item in enumerate(items)]
    ids = [c.id for c in claims]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise DataError(f"claim id(s) {', '.join(twice)} used twice", file=label, hint="give each claim its own id")
    return claims


def applies(claim: Claim, reporter: str, bloc: str | None) -> bool:
    """Whether a claim's file scope (if any) is this reporter and bloc (a bloc of None: reporter only)."""
    return scope_applies(claim.scope, reporter, bloc)


def run_claim(claim: Claim, cards: Mapping[str, EvidenceCard], frames: Mapping[str, pd.DataFrame],
              reporter: str) -> ClaimRow:
    """One claim's row: its check run on the cards and frames of ``reporter``'s evidence."""
    return CHECKS[claim.check](claim, cards, frames, reporter)


def check_claims(cards: dict[str, EvidenceCard], frames: dict[str, pd.DataFrame], reporter: str,
                 bloc: str | None = None, *, path: Path | None = None) -> list[ClaimRow]:
    """Run every claim of the claims file (``path``, else the shipped one) whose scope is this reporter
    (and ``bloc``, when given); the others are skipped."""
    return [run_claim(c, cards, frames, reporter) for c in load_claims(path) if applies(c, reporter, bloc)]


def _seed_claim(pick: Callable[[Claim], bool]) -> Callable[..., ClaimRow]:
    """One claim of the shipped file (the first that ``pick`` accepts) as a check of its own."""
    def check(cards, frames, reporter) -> ClaimRow:
        return run_claim(next(c for c in load_claims() if pick(c)), cards, frames, reporter)

    return check


# the seed brief's claims one by one (the shipped file's rows)
claim_kor_exports_chile = _seed_claim(lambda c: c.check == "exports_flat_since")
claim_deficit_mexico = _seed_claim(lambda c: c.id == "deficit_mex")
