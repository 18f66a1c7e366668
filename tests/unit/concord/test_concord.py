"""HS revisions, sections, BEC end use, Rauch and the brief's sector groups."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from tradebridge.concord.groups import BEC_END_USE, add_group, end_use_group, sector_group
from tradebridge.concord.hs import CHAPTER_SECTION, at_level, convert_revision, revision, with_section
from tradebridge.errors import ConfigError


def test_revision_aliases_and_errors():
    assert [revision(x) for x in ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22")] == [
        "HS0", "HS1", "HS2", "HS3", "HS4", "HS5", "HS6"]
    with pytest.raises(ConfigError, match="valid values"):
        revision("HS99")


def test_convert_revision_equal_split_and_reverse_pair():
    flows = ibis.memtable({"exporter": ["A", "A", "A"], "product": ["010121", "010129", "999999"],
                           "value_usd": [90.0, 10.0, 5.0]})
    conc = ibis.memtable({"source_classification": ["HS5", "HS5", "HS5"],
                          "source_code": ["010121", "010121", "010129"],
                          "target_classification": ["HS0"] * 3, "target_code": ["010111", "010119", "010119"]})
    out = convert_revision(flows, conc, source="HS17", target="HS0").to_pandas()
    got = out.groupby("product").value_usd.sum().to_dict()
    # 010121 splits 45/45 into 010111 and 010119; 010129 -> 010119 (+10); 999999 has no entry, kept
    assert got == {"010111": 45.0, "010119": 55.0, "999999": 5.0}
    # HS0 -> HS5 uses the same table reversed: 010119 -> {010121, 010129}
    back = convert_revision(ibis.memtable({"product": ["010119"], "value_usd": [8.0]}), conc,
                            source="HS0", target="HS5").to_pandas()
    assert back.set_index("product").value_usd.to_dict() == {"010121": 4.0, "010129": 4.0}


def test_sections_match_the_nomenclature_file(raw_dir):
    nom = pd.read_csv(raw_dir / "classifications" / "hs_nomenclature.csv", dtype=str)
    chapters = nom[nom.level == "2"]
    expected = {k: v for k, v in zip(chapters.hscode, chapters.section) if k != "99"}  # 99: file's TOTAL row
    assert {k: v for k, v in CHAPTER_SECTION.items() if k in expected} == expected
    assert len(CHAPTER_SECTION) == 97 - 1  # chapters 01-97 without the reserved 77
    t = with_section(ibis.memtable({"product": ["710812", "270900"], "value_usd": [1.0, 1.0]}))
    assert t.order_by("product").to_pandas().section.tolist() == ["V", "XIV"]


def test_at_level_sums():
    t = ibis.memtable({"exporter": ["A"] * 3, "product": ["870323", "870324", "851712"], "value_usd": [1.0, 2.0, 4.0]})
    got = at_level(t, "HS2").to_pandas().set_index("product").value_usd.to_dict()
    assert got == {"87": 3.0, "85": 4.0}
    with pytest.raises(ConfigError, match="HS2, HS4, HS6"):
        at_level(t, "HS3")


def test_sector_groups_rules():
    codes = {"020130": "agriculture_food", "240220": "agriculture_food", "270900": "mining_fuels",
             "260300": "mining_fuels", "300490": "chemicals", "381800": "chemicals", "720851": "metals",
             "830190": "metals", "847130": "electronics", "847330": "electronics", "854231": "electronics",
             "870323": "automotive", "870829": "automotive", "871120": "other", "847989": "other",
             "392690": "other"}
    t = ibis.memtable({"product": list(codes), "value_usd": [1.0] * len(codes)})
    got = sector_group(t).to_pandas().set_index("product").group.to_dict()
    assert got == codes


def test_bec_end_use_classes_cover_the_concordance(raw_dir):
    bec = pd.read_csv(raw_dir / "classifications" / "concordance" / "hs0_bec4.csv.gz", dtype=str)
    assert set(bec.BEC4_3d) <= set(BEC_END_USE)
    # UN BEC Rev.4: 41 and 521 are the capital goods, 51 (passenger cars) is not allocated
    assert BEC_END_USE["410"] == BEC_END_USE["521"] == "capital"
    assert BEC_END_USE["510"] == "not_allocated" and BEC_END_USE["630"] == "consumption"
    conc = ibis.memtable(pd.DataFrame({"source_classification": "HS0", "source_code": bec.HS0_6d,
                                       "target_classification": "BEC4", "target_code": bec.BEC4_3d}))
    flows = ibis.memtable({"product": ["847120", "870323", "100190", "620342"], "value_usd": [1.0, 2.0, 3.0, 4.0]})
    got = end_use_group(flows, conc, hs_revision="HS92").to_pandas().set_index("product").group.to_dict()
    # HS1992 codes: 847120 computers -> 41; 870323 cars -> 51; 100190 wheat -> 111 (primary food
    # mainly for industry); 620342 trousers -> 62
    assert got == {"847120": "capital", "870323": "not_allocated", "100190": "intermediate",
                   "620342": "consumption"}


def test_add_group_needs_concordances_for_end_use():
    t = ibis.memtable({"product": ["847130"], "value_usd": [1.0]})
    with pytest.raises(ConfigError, match="concordances"):
        add_group(t, "end_use")
    with pytest.raises(ConfigError, match="valid values"):
        add_group(t, "lall")
