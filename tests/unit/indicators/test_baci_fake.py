"""Product-level indicators on a fixture in CEPII BACI's exact CSV format (t, i, j, k, v, q).

The values are MADE UP (file name ``*_fake.csv``); every expected number below is computed by hand
in the comment next to it. BACI conventions kept: numeric country codes (410 KOR, 604 PER, 152 CHL),
product codes as integers (leading zero dropped: 80610 is HS 080610), v in thousands of USD.
Ratios are unit-free, so tolerances are 1e-12 (float rounding only).
"""

from __future__ import annotations

from pathlib import Path

import ibis
import pandas as pd
import pytest
from indicators_testing import make_con

from tradebridge.concord.groups import end_use_group, rauch_group, sector_group
from tradebridge.indicators import composition as comp
from tradebridge.indicators import margins as mg
from tradebridge.indicators import specialisation as sp
from tradebridge.indicators.registry import compute_indicator

FIXTURE = Path(__file__).parents[2] / "fixtures" / "baci" / "BACI_HS17_kor_pa_fake.csv"
CODES = {410: "KOR", 604: "PER", 152: "CHL"}
TOL = 1e-12


def baci_flows() -> pd.DataFrame:
    raw = pd.read_csv(FIXTURE, dtype={"k": str})
    return pd.DataFrame({
        "dataset": "baci_hs17_fake", "exporter": raw.i.map(CODES), "importer": raw.j.map(CODES),
        "year": raw.t.astype("int64"), "classification": "HS17", "product": raw.k.str.zfill(6),
        "value_usd": raw.v * 1000.0,
    })


@pytest.fixture(scope="module")
def flows():
    return ibis.memtable(baci_flows())


def _one(frame: pd.DataFrame, **keys) -> pd.Series:
    sel = frame
    for k, v in keys.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_fixture_keeps_leading_zero():
    assert "080610" in set(baci_flows()["product"])


def test_grubel_lloyd_kor_per_2010(flows):
    gl = sp.grubel_lloyd(flows, reporters=["KOR"], partners=["PER"]).to_pandas()
    gl = gl[gl.year == 2010]
    # 851712: X=50, M=10 -> 1 - 40/60 = 1/3; 870323 (X only) and 740311 (M only) -> 0
    assert _one(gl, product="851712").gl == pytest.approx(1 / 3, abs=TOL)
    assert _one(gl, product="870323").gl == 0.0
    assert _one(gl, product="740311").gl == 0.0
    agg = sp.grubel_lloyd_aggregate(sp.grubel_lloyd(flows, reporters=["KOR"], partners=["PER"])).to_pandas()
    # 1 - (100 + 40 + 200) / (100 + 60 + 200) = 1 - 340/360
    assert _one(agg, year=2010).gl == pytest.approx(1 - 340 / 360, abs=TOL)


def test_hummels_klenow_into_peru_2010(flows):
    hk = mg.hummels_klenow(flows, importers=["PER"]).to_pandas()
    hk = hk[hk.year == 2010]
    # world -> PER 2010: 870323 100, 851712 50 + 40 = 90; total 190
    kor = _one(hk, exporter="KOR")
    assert kor.extensive == pytest.approx(190 / 190, abs=TOL)  # KOR sells both products
    assert kor.intensive == pytest.approx(150 / 190, abs=TOL)
    chl = _one(hk, exporter="CHL")
    assert chl.extensive == pytest.approx(90 / 190, abs=TOL)
    assert chl.intensive == pytest.approx(40 / 90, abs=TOL)
    assert chl.extensive * chl.intensive == pytest.approx(chl.market_share, abs=TOL)


def test_new_products_after_kor_per_fta(flows):
    # KOR-PER FTA in force 2011; window 2: base years 2009-2010, post 2011-2013
    out = mg.new_products(flows, 2011, window=2, exporters=["KOR", "PER"], importers=["KOR", "PER"]).to_pandas()
    kp = _one(out, exporter="KOR", importer="PER", year=2012)
    # base {870323, 851712}; 2012 adds 390120 (20) and 847130 (20) of 220 in all
    assert (kp.n_products, kp.n_new) == (4, 2)
    assert kp.new_value_share == pytest.approx(40 / 220, abs=TOL)
    pk = _one(out, exporter="PER", importer="KOR", year=2012)
    # base {740311, 851712}; 2012: 740311 (250) and new 080610 (30)
    assert (pk.n_products, pk.n_new) == (2, 1)
    assert pk.new_value_share == pytest.approx(30 / 280, abs=TOL)
    assert (pk.base_first_year, pk.base_last_year) == (2010, 2010)


def test_new_products_without_base_years_is_missing(flows):
    # window 1 around 2012: base year 2011 has no rows, so no pair can be judged
    assert mg.new_products(flows, 2012, window=1).to_pandas().empty


def test_complementarity_intensity_hhi_similarity_2010(flows):
    tc = sp.complementarity(flows, exporters=["KOR"], importers=["PER"]).to_pandas()
    # KOR exports: 870323 2/3, 851712 1/3; PER imports: 870323 100/190, 851712 90/190
    # TC = 100 (1 - (|2/3 - 100/190| + |1/3 - 90/190|) / 2)
    expect = 100 * (1 - (abs(2 / 3 - 100 / 190) + abs(1 / 3 - 90 / 190)) / 2)
    assert _one(tc, year=2010).complementarity == pytest.approx(expect, abs=1e-9)
    ti = sp.trade_intensity(flows, exporters=["KOR"], importers=["PER"]).to_pandas()
    # (150/150) / (190/700): all KOR exports go to PER; PER takes 190 of world 700
    assert _one(ti, year=2010).intensity == pytest.approx(700 / 190, abs=TOL)
    hp = sp.hhi_products(flows).to_pandas()
    assert _one(hp, exporter="KOR", year=2010).hhi == pytest.approx((2 / 3) ** 2 + (1 / 3) ** 2, abs=TOL)
    hm = sp.hhi_markets(flows).to_pandas()
    # CHL 2010: PER 40, KOR 300 -> (40/340)^2 + (300/340)^2
    assert _one(hm, exporter="CHL", year=2010).hhi == pytest.approx((40 / 340) ** 2 + (300 / 340) ** 2, abs=TOL)
    fk = sp.export_similarity(flows, exporters=["KOR"], others=["CHL"]).to_pandas()
    # only 851712 is common: min(1/3, 40/340)
    assert _one(fk, year=2010).similarity == pytest.approx(40 / 340, abs=TOL)


def test_sector_composition_2012(flows):
    c = comp.composition(sector_group(flows), "KOR", ["PER"]).to_pandas()
    c = c[c.year == 2012]
    ex = c[c.direction == "exports"].set_index("group").share
    # 870323 120 automotive; 851712 60 + 847130 20 electronics; 390120 20 plastics (other); total 220
    assert ex.to_dict() == pytest.approx({"automotive": 120 / 220, "electronics": 80 / 220, "other": 20 / 220})
    im = c[c.direction == "imports"].set_index("group").share
    assert im.to_dict() == pytest.approx({"metals": 250 / 280, "agriculture_food": 30 / 280})


def _concordances(raw_dir: Path) -> ibis.Table:
    parts = []
    for name, target, col in (("hs5_bec4", "BEC4", "BEC4_3d"), ("hs5_sitc2", "SITC2", "SITC2_4d")):
        df = pd.read_csv(raw_dir / "classifications" / "concordance" / f"{name}.csv.gz", dtype=str)
        parts.append(pd.DataFrame({"source_classification": "HS5", "source_code": df.HS5_6d,
                                   "target_classification": target, "target_code": df[col]}))
    return ibis.memtable(pd.concat(parts).drop_duplicates())


def test_end_use_and_rauch_on_real_concordance(flows, raw_dir):
    conc = _concordances(raw_dir)
    # HS5 -> BEC4 (concordance file): 870323 -> 510 (cars, not allocated), 851712 and 847130 -> 410
    # (capital), 390120 -> 220 (intermediate)
    c = comp.composition(end_use_group(flows, conc, hs_revision="HS17"), "KOR", ["PER"]).to_pandas()
    ex = c[(c.year == 2012) & (c.direction == "exports")].set_index("group").share
    assert ex.to_dict() == pytest.approx({"not_allocated": 120 / 220, "capital": 80 / 220, "intermediate": 20 / 220})
    rauch = ibis.memtable(pd.read_csv(raw_dir / "classifications" / "concordance" / "sitc2_rauch.csv.gz",
                                      dtype=str).rename(columns={"SITC2": "sitc2", "CON": "conservative",
                                                                 "LIB": "liberal"}))
    # HS5 -> SITC2: 740311 -> 6821 (w, commodity); 080610 -> 0575 (r, reference priced)
    r = comp.composition(rauch_group(flows, conc, rauch, hs_revision="HS17"), "KOR", ["PER"]).to_pandas()
    im = r[(r.year == 2012) & (r.direction == "imports")].set_index("group").share
    assert im.to_dict() == pytest.approx({"commodity": 250 / 280, "reference_priced": 30 / 280})


def test_registry_on_fixture_store_marks_missing_partner():
    con = make_con({"trade_flows": baci_flows()})
    res = compute_indicator(con, "grubel_lloyd_aggregate", "KOR", "PER,COL", dataset="baci_hs17_fake",
                            level="HS4")
    f = res.frame
    row = f[(f.partner == "PER") & (f.year == 2010)].iloc[0]
    # at HS4: 8703 X100; 8517 X50 M10; 7403 M200 -> same as HS6 here: 1 - 340/360
    assert row.gl == pytest.approx(1 - 340 / 360, abs=TOL)
    missing = f[f.partner == "COL"]
    assert list(missing.status) == ["missing"] and missing.gl.isna().all()
    assert res.records()[0]["datasets"] == ["baci_hs17_fake"] and res.years == (2010, 2012)


def test_registry_composition_and_revision_mix(raw_dir):
    """End use through the registry, with the 2012 rows labelled HS12 and the 2010 rows HS17: the
    registry converts everything to the oldest revision present (HS12 = HS4) via the concordances."""
    frames = [pd.read_csv(raw_dir / "classifications" / "concordance" / f"{n}.csv.gz", dtype=str) for n in
              ("hs5_hs4", "hs4_bec4")]
    conc = pd.concat([
        pd.DataFrame({"source_classification": "HS5", "source_code": frames[0].HS5_6d,
                      "target_classification": "HS4", "target_code": frames[0].HS4_6d}),
        pd.DataFrame({"source_classification": "HS4", "source_code": frames[1].HS4_6d,
                      "target_classification": "BEC4", "target_code": frames[1].BEC4_3d}),
    ]).drop_duplicates()
    flows = baci_flows()
    flows.loc[flows.year == 2012, "classification"] = "HS12"
    con = make_con({"trade_flows": flows, "concordances": conc})
    res = compute_indicator(con, "composition_end_use", "KOR", "PA", dataset="baci_hs17_fake")
    f = res.frame
    ex = f[(f.year == 2012) & (f.direction == "exports") & (f.partner == "PER")].set_index("group").share
    # same codes in HS 2012 and 2017 here: cars 120 not allocated, 851712 + 847130 = 80 capital, 390120 intermediate
    assert ex.to_dict() == pytest.approx({"not_allocated": 120 / 220, "capital": 80 / 220, "intermediate": 20 / 220})
    assert res.notes == ("products at HS6 of HS4",)
    # PA bloc row present; COL and MEX (no rows) come back as missing
    assert set(f[f.partner == "PA"].direction) == {"exports", "imports"}
    assert set(f[f.status == "missing"].partner) == {"COL", "MEX"}
