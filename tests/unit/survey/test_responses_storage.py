"""Response validation, LimeSurvey/KoboToolbox import, storage and CSV/Parquet export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tradebridge.errors import DataError
from tradebridge.survey import default_instrument_path, load_instrument
from tradebridge.survey.responses import clean_response, import_export_file
from tradebridge.survey.storage import ResponseStore, TokenError, export_frame

FIX = Path(__file__).parent / "fixtures"
INST = load_instrument(default_instrument_path())


def test_clean_response_types_and_skip_logic():
    answers, errors = clean_response(INST, {
        "country": "CHL", "actor_type": "public", "firm_size": "large", "sector": "mining",
        "relationship_positive": "4", "fta_benefit": "5", "market_knowledge": "1", "balance_concern": "2",
        "coop_priority": "rnd", "associate_support": "3", "market_barriers": ["ntb", "ntb", "finance"],
        "contacts_korea": "3", "comments": "  fine\x00 ", "unknown_field": "ignored"})
    assert errors == {}
    assert answers["relationship_positive"] == 4 and answers["contacts_korea"] == 3
    assert answers["market_barriers"] == ["ntb", "finance"]  # duplicates collapsed
    assert answers["comments"] == "fine"
    assert "firm_size" not in answers and "unknown_field" not in answers  # hidden for public actors; unknown
    _, errors = clean_response(INST, {"country": "XXX", "contacts_korea": "2.5", "fta_own_sector": "8"})
    assert errors["country"].startswith("not an option") and errors["actor_type"] == "an answer is required"
    assert errors["contacts_korea"] == "must be a whole number" and errors["fta_own_sector"].startswith("must be")


def test_limesurvey_import():
    frame = import_export_file(INST, FIX / "limesurvey_export_madeup.csv", "limesurvey")
    assert frame["submission_id"].tolist() == ["limesurvey:11", "limesurvey:12"]  # row 13 incomplete: skipped
    first, second = frame["answers"]
    assert first["market_barriers"] == ["ntb", "distance"] and first["fta_own_sector"] == 6
    assert first["sensitive_sectors"] == ["none"] and first["firm_size"] == "small"
    assert "firm_size" not in second and second["sensitive_sectors"] == ["automotive", "metals"]


def test_limesurvey_default_answer_codes(tmp_path):
    f = tmp_path / "lime.csv"
    f.write_text((FIX / "limesurvey_export_madeup.csv").read_text(encoding="utf-8")
                 .replace('"improved","5","6"', '"improved","A5","A6"'), encoding="utf-8")
    first = import_export_file(INST, f, "limesurvey")["answers"].iloc[0]
    assert first["fta_benefit"] == 5 and first["fta_own_sector"] == 6


def test_kobo_import_with_groups_and_semicolons():
    frame = import_export_file(INST, FIX / "kobo_export_madeup.csv", "kobo")
    assert frame["submission_id"].tolist() == ["kobo:0b6c6f7e-1111-4a2b-9c3d-aaaaaaaaaaaa",
                                               "kobo:0b6c6f7e-2222-4a2b-9c3d-bbbbbbbbbbbb"]
    a, b = frame["answers"]
    assert a["country"] == "COL" and a["market_barriers"] == ["information", "language"]
    assert a["comments"] == "Más intercambio cultural" and b["contacts_korea"] == 0


def test_import_reports_invalid_rows(tmp_path):
    bad = tmp_path / "bad.csv"
    text = (FIX / "limesurvey_export_madeup.csv").read_text(encoding="utf-8").replace('"CHL","private"', '"ARG","private"')
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"1 invalid response\(s\): line 2: country: not an option"):
        import_export_file(INST, bad, "limesurvey")
    assert len(import_export_file(INST, bad, "limesurvey", skip_invalid=True)) == 1


def test_store_round_trip_and_export(tmp_path):
    store = ResponseStore(f"sqlite:///{tmp_path / 's.sqlite'}")
    frame = import_export_file(INST, FIX / "kobo_export_madeup.csv", "kobo")
    assert store.add_many(INST, frame) == 2
    assert store.add_many(INST, frame) == 0  # importing the same export twice adds nothing
    wide = store.frame(INST)
    assert wide["market_barriers__language"].tolist() == [1.0, 0.0]
    assert wide["market_barriers"].tolist() == ["information;language", "distance"]
    assert wide["relationship_positive"].dtype.kind in "if"  # Likert answers are numbers
    csv_back = pd.read_csv(export_frame(wide, tmp_path / "r.csv"))
    pq_back = pd.read_parquet(export_frame(wide, tmp_path / "r.parquet"))
    assert csv_back["submission_id"].tolist() == pq_back["submission_id"].tolist() == wide["submission_id"].tolist()
    pd.testing.assert_series_equal(pq_back["fta_benefit"], wide["fta_benefit"])
    with pytest.raises(DataError, match="unsupported export format"):
        export_frame(wide, tmp_path / "r.xlsx")


def test_tokens_are_single_use(tmp_path):
    store = ResponseStore(f"sqlite:///{tmp_path / 's.sqlite'}")
    t1, t2 = store.issue_tokens(INST.id, 2)
    assert store.add(INST.id, 1, {"country": "CHL"}, submission_id="a", lang="en", source="web", token=t1)
    with pytest.raises(TokenError):
        store.add(INST.id, 1, {"country": "CHL"}, submission_id="b", lang="en", source="web", token=t1)
    with pytest.raises(TokenError):
        store.add("other-survey", 1, {}, submission_id="c", lang="en", source="web", token=t2)
    assert store.token_status(INST.id, t1) == "used" and store.token_status(INST.id, t2) == "valid"
    assert store.count() == 1


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(country=st.sampled_from(["CHL", "COL", "MEX", "PER"]), likert=st.integers(1, 5),
       contacts=st.integers(0, 1000), barriers=st.lists(st.sampled_from(["ntb", "distance", "finance"]), unique=True),
       comment=st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=200))
def test_store_round_trip_property(country, likert, contacts, barriers, comment):
    """answers -> clean -> store -> wide frame gives the same values back (text stripped as cleaned)."""
    raw = {"country": country, "actor_type": "academia", "sector": "services", "relationship_positive": str(likert),
           "fta_benefit": "3", "market_knowledge": "3", "balance_concern": "3", "coop_priority": "rnd",
           "associate_support": "3", "contacts_korea": str(contacts), "market_barriers": barriers, "comments": comment}
    answers, errors = clean_response(INST, raw)
    assert errors == {}
    store = ResponseStore("sqlite://")
    store.add(INST.id, INST.version, answers, submission_id="x", lang="ko", source="web")
    row = store.frame(INST).iloc[0]
    assert row["country"] == country and row["relationship_positive"] == likert and row["contacts_korea"] == contacts
    assert [o for o in ("ntb", "distance", "finance") if row[f"market_barriers__{o}"] == 1.0] == \
        [o for o in ("ntb", "distance", "finance") if o in barriers]
    expected = comment.replace("\r\n", "\n").strip()
    assert (row["comments"] if isinstance(row["comments"], str) else "") == expected
