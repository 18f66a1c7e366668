"""Flows, balances, growth, CAGR and FTA windows: hand-computed cases and the real aggregate panel."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from tradebridge.indicators import flows as fl
from tradebridge.indicators.overview import trade_overview

TOL = 1e-12


@pytest.fixture
def toy():
    # KOR<->CHL every 4 years (like the aggregate Comtrade panel), KOR->USA, nothing with PER
    return ibis.memtable(pd.DataFrame({
        "exporter": ["KOR", "CHL", "KOR", "CHL", "KOR", "KOR", "CHL", "KOR"],
        "importer": ["CHL", "KOR", "CHL", "KOR", "USA", "CHL", "KOR", "KOR"],
        "year": [2000, 2000, 2004, 2004, 2004, 2008, 2008, 2008],
        "product": "TOTAL", "value_usd": [100.0, 50.0, 200.0, 40.0, 760.0, 400.0, 80.0, 999.0],
    }))


def _rows(t: ibis.Table) -> pd.DataFrame:
    return t.order_by(["partner", "year"]).to_pandas()


def test_balance_share_and_missing_partner(toy):
    out = _rows(fl.trade_balance(toy, "KOR", ["CHL", "PER"]))
    chl = out[out.partner == "CHL"].set_index("year")
    assert chl.loc[2004, "balance"] == 160.0  # 200 - 40
    # share: (200 + 40) / (200 + 40 + 760) = 0.24; the domestic KOR->KOR 2008 flow is excluded
    assert chl.loc[2004, "share_of_world_trade"] == pytest.approx(0.24, abs=TOL)
    assert chl.loc[2008, "share_of_world_trade"] == pytest.approx(1.0, abs=TOL)
    per = out[out.partner == "PER"]
    assert len(per) == 3 and per[["exports", "imports", "balance"]].isna().all().all()  # missing, not 0


def test_growth_uses_years_present(toy):
    out = _rows(fl.with_growth(fl.trade_balance(toy, "KOR", ["CHL"]))).set_index("year")
    # 2000 -> 2004 is 4 years: (200/100)^(1/4) - 1
    assert out.loc[2004, "exports_growth"] == pytest.approx(2 ** 0.25 - 1, abs=TOL)
    assert out.loc[2004, "prev_year"] == 2000
    assert out.loc[2008, "imports_growth"] == pytest.approx((80 / 40) ** 0.25 - 1, abs=TOL)
    assert pd.isna(out.loc[2000, "exports_growth"])


def test_cagr_window(toy):
    bal = fl.trade_balance(toy, "KOR", ["CHL", "PER"])
    out = fl.cagr(bal, "exports", 2000, 2008).to_pandas().set_index("partner")
    assert out.loc["CHL", "cagr"] == pytest.approx(4 ** (1 / 8) - 1, abs=TOL)  # 100 -> 400 in 8 years
    assert pd.isna(out.loc["PER", "cagr"])


def test_bloc_missing_when_a_member_is_missing(toy):
    out = _rows(fl.with_bloc(toy, "KOR", ["CHL", "PER"], "PA"))
    bloc = out[out.partner == "PA"]
    assert bloc.exports.isna().all() and (bloc.members_missing == 1).all()
    only_chl = _rows(fl.with_bloc(toy, "KOR", ["CHL"], "X")).query("partner == 'X'").set_index("year")
    assert only_chl.loc[2004, "exports"] == 200.0 and only_chl.loc[2004, "balance"] == 160.0


def test_fta_windows_and_curated_agreement_preferred(toy):
    agreements = ibis.memtable(pd.DataFrame({
        "agreement_id": ["desta:1", "KOR-CHL-FTA", "bit:1"], "name": ["d", "c", "b"],
        "kind": ["base_treaty", "FTA", "BIT"],
        "in_force": pd.to_datetime(["2004-01-01", "2004-04-01", "1999-01-01"])}))
    members = ibis.memtable(pd.DataFrame({"agreement_id": ["desta:1"] * 2 + ["KOR-CHL-FTA"] * 2 + ["bit:1"] * 2,
                                          "country": ["KOR", "CHL"] * 3}))
    ftas = fl.fta_agreements(agreements, members, "KOR", ["CHL"]).to_pandas()
    assert ftas.agreement_id.tolist() == ["KOR-CHL-FTA"] and ftas.entry_year.tolist() == [2004]
    w = fl.fta_windows(fl.trade_balance(toy, "KOR", ["CHL"]), fl.fta_agreements(agreements, members, "KOR", ["CHL"]),
                       window=4).to_pandas()
    ex = w[w.measure == "exports"].set_index("period")
    # aligned on the entry year 2004: pre [2000, 2003] holds 2000 only (one year: missing growth),
    # post [2004, 2008] starts at the entry year
    assert (ex.loc["pre", "first_year"], ex.loc["pre", "last_year"], ex.loc["pre", "n_years"]) == (2000, 2000, 1)
    assert pd.isna(ex.loc["pre", "cagr"])
    assert (ex.loc["post", "first_year"], ex.loc["post", "last_year"]) == (2004, 2008)
    assert ex.loc["post", "cagr"] == pytest.approx(2 ** 0.25 - 1, abs=TOL)  # 200 -> 400
    w8 = fl.fta_windows(fl.trade_balance(toy, "KOR", ["CHL"]), fl.fta_agreements(agreements, members, "KOR", ["CHL"]),
                        window=8).to_pandas()
    pre = w8[(w8.measure == "imports") & (w8.period == "pre")].iloc[0]
    assert (pre.first_year, pre.last_year) == (2000, 2000)  # the entry year 2004 is not in the pre window


def test_overview_kor_pa_real_panel(aggregate_con, raw_dir):
    ov = trade_overview(aggregate_con, "KOR", "PA", years=(1996, 2016))
    y = ov.yearly.set_index(["partner", "year"])
    # MANIFEST example: KOR -> CHL 2008 = 3.0318e9 USD
    assert y.loc[("CHL", 2008), "exports"] == pytest.approx(3.0318e9, rel=1e-4)
    assert ov.years == (1996, 2000, 2004, 2008, 2012, 2016)
    # bloc = sum of the four members, checked against the raw file
    raw = pd.read_csv(raw_dir / "trade" / "comtrade_aggregate_1964_2016.csv.gz", usecols=["exp", "imp", "time", "export"])
    sel = raw[(raw.time == 2016) & (raw.exp == "KOR") & raw.imp.isin(["CHL", "COL", "MEX", "PER"])]
    assert y.loc[("PA", 2016), "exports"] == pytest.approx(sel.export.sum(), rel=1e-12)
    imp = raw[(raw.time == 2016) & (raw.imp == "KOR") & raw.exp.isin(["CHL", "COL", "MEX", "PER"])].export.sum()
    assert y.loc[("PA", 2016), "balance"] == pytest.approx(sel.export.sum() - imp, rel=1e-12)
    # growth across the 4-year gap: CHL exports 2004 -> 2008
    g = (y.loc[("CHL", 2008), "exports"] / y.loc[("CHL", 2004), "exports"]) ** 0.25 - 1
    assert y.loc[("CHL", 2008), "exports_growth"] == pytest.approx(g, rel=1e-12)
    w = ov.windows.set_index(["agreement_id", "period", "measure"])
    # windows aligned on the entry year (pre [E-8, E-1], post [E, E+8]), from the years present
    # Chile FTA in force 2004: pre 1996 -> 2000 (ends before the entry year), post 2004 -> 2012
    assert w.loc[("KOR-CHL-FTA", "pre", "exports"), ["first_year", "last_year"]].tolist() == [1996, 2000]
    assert w.loc[("KOR-CHL-FTA", "post", "exports"), ["first_year", "last_year"]].tolist() == [2004, 2012]
    # Peru FTA 2011: the panel has no 2011, so pre [2003, 2010] uses 2004 -> 2008 and post [2011, 2019]
    # uses 2012 -> 2016, the nearest observations on each side
    assert w.loc[("KOR-PER-FTA", "pre", "exports"), ["first_year", "last_year"]].tolist() == [2004, 2008]
    assert w.loc[("KOR-PER-FTA", "post", "exports"), ["first_year", "last_year"]].tolist() == [2012, 2016]
    per = y.loc["PER", "exports"]
    assert w.loc[("KOR-PER-FTA", "post", "exports"), "cagr"] == pytest.approx(
        (per[2016] / per[2012]) ** 0.25 - 1, rel=1e-12)
    # Colombia 2016: the post window has one year only -> missing growth, not zero
    assert pd.isna(w.loc[("KOR-COL-FTA", "post", "exports"), "cagr"])
    assert "desta:999" not in set(ov.windows.agreement_id)
    assert "MEX" not in set(ov.windows.partner)  # no Korea-Mexico FTA in force
    recs = ov.records()
    assert {r["indicator"] for r in recs} == {"trade_balance", "fta_window_growth"}
    assert all(r["datasets"] == ["comtrade_aggregate"] for r in recs)


def _windows_by_hand(yearly: pd.DataFrame, ags: pd.DataFrame, window: int = 8) -> pd.DataFrame:
    """The windows written out in plain Python, row by row: pre [E - w, E - 1], post [E, E + w], the first
    and last years with a value inside, CAGR when there are two years or more and the first value is positive."""
    rows = []
    for ag in ags[["partner", "agreement_id", "name", "entry_year"]].drop_duplicates().itertuples(index=False):
        e = int(ag.entry_year)
        data = yearly[yearly["partner"] == ag.partner]
        for period, lo, hi in (("pre", e - window, e - 1), ("post", e, e + window)):
            span = data[data["year"].between(lo, hi)].sort_values("year")
            for m in ("exports", "imports", "total_trade"):
                have = span.dropna(subset=[m])
                if have.empty:
                    continue
                first, last = have.iloc[0], have.iloc[-1]
                n = int(last["year"] - first["year"])
                ok = len(have) >= 2 and first[m] > 0
                rows.append({"partner": ag.partner, "agreement_id": ag.agreement_id, "name": ag.name,
                             "entry_year": e, "period": period, "measure": m, "first_year": int(first["year"]),
                             "last_year": int(last["year"]), "n_years": len(have), "v_first": float(first[m]),
                             "v_last": float(last[m]),
                             "cagr": (last[m] / first[m]) ** (1.0 / n) - 1.0 if ok else float("nan")})
    return pd.DataFrame(rows)


def test_fta_windows_match_a_computation_by_hand(aggregate_con):
    """The overview's windows (what the dashboard, the CLI and the evidence cards use) are row for row
    those of the same definition written out in plain Python on the same yearly rows."""
    ov = trade_overview(aggregate_con, "KOR", "PA", years=(1996, 2016))
    ev = _windows_by_hand(ov.yearly, ov.windows)
    keys = ["partner", "agreement_id", "period", "measure"]
    a = ov.windows.sort_values(keys).reset_index(drop=True)
    b = ev.sort_values(keys).reset_index(drop=True)
    assert len(a) == len(b) == 18  # CHL, PER: 2 periods x 3 measures; COL: pre and a one-year post
    assert list(a.columns) == list(b.columns)
    for c in ["partner", "agreement_id", "name", "entry_year", "period", "measure", "first_year", "last_year",
              "n_years"]:
        assert a[c].astype(str).tolist() == b[c].astype(str).tolist(), c
    for c in ["v_first", "v_last", "cagr"]:  # the same values; pow in DuckDB and in Python: 1e-12
        pd.testing.assert_series_equal(a[c].astype(float), b[c].astype(float), rtol=1e-12, check_names=False)


def test_reporter_is_never_its_own_partner(aggregate_con):
    """Brazil in MERCOSUR trades with the other members; a partner list of only the reporter is an error
    (found by Schemathesis: /api/overview?partners=KOR)."""
    from tradebridge.errors import ConfigError

    ov = trade_overview(aggregate_con, "BRA", "MERCOSUR")
    assert "BRA" not in set(ov.yearly["partner"]) and "ARG" in set(ov.yearly["partner"])
    with pytest.raises(ConfigError, match="only names the reporter"):  # raised where the scope is parsed
        trade_overview(aggregate_con, "KOR", "KOR")
