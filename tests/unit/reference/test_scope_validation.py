"""Unknown reporters and partners are one ConfigError, raised where the scope is parsed
(tradebridge.reference.blocs.resolve_scope / resolve_partners), naming the unknown codes and how
to find the valid ones, instead of an empty or padded result with exit 0."""

from __future__ import annotations

import sys

import pytest

from tradebridge.config import load_settings
from tradebridge.errors import ConfigError
from tradebridge.reference.blocs import BLOCS, check_reporter, resolve_partners, resolve_scope
from tradebridge.reference.countries import HISTORICAL_CODES, ISO3_CODES, KNOWN_CODES, close_codes


def test_the_iso3_list_is_the_standard_one():
    # ISO 3166-1 alpha-3 has 249 codes; spot checks of recent changes and of every code the project names
    assert len(ISO3_CODES) == 249
    assert {"KOR", "CHL", "COL", "MEX", "PER", "SSD", "CUW", "SXM", "BES", "PSE", "TWN"} <= ISO3_CODES
    assert not {"ANT", "SCG", "YUG", "ZAR", "ROM", "TMP"} & ISO3_CODES  # withdrawn codes: historical only
    assert {"ANT", "SCG", "YUG", "SVU", "WLD", "XKX"} <= KNOWN_CODES
    for bloc in BLOCS.values():
        assert set(bloc.members) <= ISO3_CODES, bloc.id


def test_the_codes_of_the_shared_data_are_known(raw_dir):
    import pandas as pd

    comtrade = pd.read_csv(raw_dir / "trade" / "comtrade_aggregate_countries.csv")["iso"]
    assert set(comtrade) <= KNOWN_CODES
    tsv = pd.read_csv(raw_dir / "classifications" / "country_codes.tsv", sep="\t")["ISO3"].dropna()
    # country-converter lists the ISO codes plus a few regional and old ones of its own
    assert ISO3_CODES <= set(tsv)
    assert set(tsv) - KNOWN_CODES <= {"BA1", "EAT", "EAZ", "SUN"}


def test_unknown_partner_names_the_code_and_how_to_find_valid_ones():
    with pytest.raises(ConfigError) as info:
        resolve_partners("ZZZ,CHL")
    text = str(info.value)
    assert text.startswith("unknown partner code ZZZ in 'ZZZ,CHL'. Fix: use ISO3 codes")
    assert "tradebridge.reference.countries.ISO3_CODES" in text and "SELECT iso3, name FROM countries" in text
    assert all(b in text for b in BLOCS)


def test_every_unknown_code_is_named_once_with_near_misses():
    with pytest.raises(ConfigError, match=r"unknown partner codes MXE, QQQ in 'CHL,MXE,QQQ'\. Fix: did you mean MEX, MNE\?"):
        resolve_partners("CHL,MXE,QQQ")
    assert close_codes("MXE") == ["MEX", "MNE"]  # one letter changed / two neighbours swapped
    assert close_codes("ZZZ") == []


@pytest.mark.parametrize("spec", ["CHL' OR '1'='1", "PA,CHL;DELETE", "C", "CHILE", "123"])
def test_malformed_partner_specs(spec):
    with pytest.raises(ConfigError, match="unknown partner"):
        resolve_partners(spec)


def test_unknown_reporter():
    with pytest.raises(ConfigError, match=r"unknown reporter code 'XXX'\. Fix: did you mean XKX\? Otherwise use ISO3"):
        resolve_scope("XXX", "PA")
    with pytest.raises(ConfigError, match="is a bloc"):
        check_reporter("PA")


def test_partners_naming_only_the_reporter():
    with pytest.raises(ConfigError, match=r"'KOR' only names the reporter KOR\. Fix: pass other countries or a bloc"):
        resolve_scope("KOR", "KOR")
    with pytest.raises(ConfigError, match="no partners given"):
        resolve_scope("KOR", " , ")


def test_a_valid_scope():
    scope = resolve_scope("bra", "MERCOSUR")
    assert scope.reporter == "BRA" and scope.bloc == "MERCOSUR" and "BRA" not in scope.members
    assert scope.members == ("ARG", "BOL", "PRY", "URY", "VEN")
    assert resolve_scope("KOR", "chl,SVU").members == ("CHL", "SVU")  # historical codes are valid
    assert list(resolve_scope("KOR", "PA").to_frame()["partner"]) == ["CHL", "COL", "MEX", "PER"]
    assert set(HISTORICAL_CODES) <= KNOWN_CODES


def test_settings_refuse_a_malformed_reporter_or_partners():
    with pytest.raises(ConfigError, match="not an ISO3 country code"):
        load_settings(env={"TRADEBRIDGE_REPORTER": "Korea"}, config_file=None)
    with pytest.raises(ConfigError, match="not a bloc id or a list of ISO3 codes"):
        load_settings(env={}, overrides={"partners": "CHL; DROP TABLE x"}, config_file=None)
    assert load_settings(env={"TRADEBRIDGE_REPORTER": " kor "}, config_file=None).reporter == "KOR"


@pytest.fixture(scope="module")
def kor_store(raw_dir, tmp_path_factory):
    """A warehouse with Korea's aggregate flows (the real penppml panel)."""
    import duckdb
    import pandas as pd

    df = pd.read_csv(raw_dir / "trade" / "comtrade_aggregate_1964_2016.csv.gz", usecols=["exp", "imp", "time", "export"])
    df = df[((df.exp == "KOR") | (df.imp == "KOR")) & (df.time >= 2008)]
    flows = pd.DataFrame({"dataset": "comtrade_aggregate", "exporter": df.exp, "importer": df.imp, "year": df.time,
                          "classification": "TOTAL", "product": "TOTAL", "value_usd": df.export.astype(float),
                          "quantity": float("nan"), "quantity_unit": None})
    path = tmp_path_factory.mktemp("scope") / "store.duckdb"
    con = duckdb.connect(str(path))
    con.register("frame", flows)
    con.execute("CREATE TABLE trade_flows AS SELECT * FROM frame")
    con.close()
    return path


@pytest.mark.parametrize("args", [
    ["trade", "overview", "--reporter", "XXX", "--partners", "PA"],
    ["trade", "overview", "--reporter", "KOR", "--partners", "ZZZ,CHL"],
    ["trade", "indicator", "balance", "--reporter", "KOR", "--partners", "ZZZ,CHL"],
    ["trade", "overview", "--reporter", "KOR", "--partners", "KOR"],
])
def test_the_cli_exits_2_instead_of_an_empty_or_padded_result(kor_store, args, monkeypatch, capsys):
    from tradebridge.cli import main as cli_main

    monkeypatch.setattr(sys, "argv", ["tradebridge", *args, "--json", "--store", str(kor_store)])
    with pytest.raises(SystemExit) as exit_info:
        cli_main.run()
    out = capsys.readouterr()
    assert exit_info.value.code == 2 and out.out == ""
    line = out.err.strip()
    assert len(line.splitlines()) == 1 and line.startswith("error: ") and ". Fix: " in line
    assert ("XXX" in line) or ("ZZZ" in line) or ("only names the reporter" in line)
