"""The curated timeline is built from seed/verified_facts.md: every date it ships appears there, nothing
marked NV (not verified) is shipped, and the seed's known source errors are avoided."""

from __future__ import annotations

import pandas as pd

from tradebridge.reference.blocs import bloc_members, resolve_partners
from tradebridge.reference.timeline import load_agreements, load_stages, stage_label


def _facts(raw_dir) -> str:
    return (raw_dir.parent / "seed" / "verified_facts.md").read_text(encoding="utf-8")


def _as_written(row) -> str:
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[row.precision]
    return row.date.strftime(fmt)


def test_every_stage_date_is_in_verified_facts(raw_dir):
    facts = _facts(raw_dir)
    stages = load_stages()
    missing = [(r.agreement_id, r.stage, _as_written(r)) for r in stages.itertuples()
               if _as_written(r) not in facts]
    assert not missing


def test_ends_of_multi_day_events_are_in_verified_facts(raw_dir):
    facts = _facts(raw_dir)
    stages = load_stages().dropna(subset=["date_end"])
    assert len(stages) >= 8
    for r in stages.itertuples():
        start = r.date.strftime("%Y-%m-%d")
        # written as 1999-12-14..17, 2023-11-29..12-01, or with the full end date
        forms = [f"{start}..{r.date_end:%d}", f"{start}..{r.date_end:%m-%d}", f"{r.date_end:%Y-%m-%d}"]
        assert any(f in facts for f in forms), forms


def test_confidence_marks_and_no_unverified_items():
    stages = load_stages()
    assert set(stages["confidence"]) <= {"H", "M"}
    mex = stages[stages.agreement_id == "KOR-MEX-FTA"]
    # verified_facts: "any formal round 2022-2023" is NV -> nothing after the 2022-03-01 agreement to resume
    assert mex["date"].max() == pd.Timestamp("2022-03-01")
    assert "SECA signed" not in set(mex["stage"])  # Korea never signed a SECA with Mexico


def test_known_source_errors_are_avoided():
    agreements, members = load_agreements()
    chl = agreements.set_index("agreement_id").loc["KOR-CHL-FTA"]
    assert chl["signed"] == pd.Timestamp("2003-02-15")  # not April 2003
    assert chl["in_force"] == pd.Timestamp("2004-04-01")  # not July 2004
    assert set(members[members.agreement_id == "KOR-COL-FTA"]["country"]) == {"KOR", "COL"}


def test_stage_labels_in_three_languages():
    assert stage_label("Signed (Seoul)", "ko") == "서명 (서울)"
    assert stage_label("Signed (Seoul)", "es") == "Firma (Seúl)"
    assert stage_label("no such stage", "es") == "no such stage"


def test_blocs():
    assert resolve_partners("PA") == ("CHL", "COL", "MEX", "PER")
    assert resolve_partners("KOR,PA,CHL") == ("KOR", "CHL", "COL", "MEX", "PER")
    assert "GBR" in bloc_members("EU", 2010) and "GBR" not in bloc_members("EU", 2021)


def test_yaml_structure_every_label_in_three_languages():
    """Guards against YAML flow-scalar pitfalls (an unquoted comma splits a label into a new key)."""
    from tradebridge.reference.timeline import _data

    for a in _data()["agreements"]:
        assert set(a["name"]) == {"en", "es", "ko"}
        for s in a["stages"]:
            assert set(s) <= {"stage", "date", "date_end", "source", "confidence", "note"}, s
            assert set(s["stage"]) == {"en", "es", "ko"} and all(s["stage"].values()), s
    assert "Leaders agree to launch talks (APEC, New Zealand)" in set(load_stages()["stage"])
