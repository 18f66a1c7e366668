from __future__ import annotations

from pathlib import Path

import pytest

from tradebridge.config import load_settings
from tradebridge.errors import ConfigError, DataError, check_option


def test_precedence_file_env_overrides(tmp_path):
    cfg = tmp_path / "tradebridge.toml"
    cfg.write_text('[tradebridge]\nstore = "from_file.duckdb"\nreporter = "chl"\nlang = "es"\n')
    s = load_settings(env={}, config_file=cfg)
    assert (s.store, s.reporter, s.lang) == (Path("from_file.duckdb"), "CHL", "es")
    s = load_settings(env={"TRADEBRIDGE_STORE": "env.duckdb"}, config_file=cfg)
    assert s.store == Path("env.duckdb")
    s = load_settings(env={"TRADEBRIDGE_STORE": "env.duckdb"}, config_file=cfg, overrides={"store": "cli.duckdb"})
    assert s.store == Path("cli.duckdb")


def test_bad_settings_say_what_is_valid(tmp_path):
    with pytest.raises(ConfigError, match="valid values: en, es, ko"):
        load_settings(env={"TRADEBRIDGE_LANG": "fr"}, config_file=None)
    cfg = tmp_path / "t.toml"
    cfg.write_text("colour = 1\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(env={}, config_file=cfg)
    with pytest.raises(ConfigError, match="TRADEBRIDGE_RAW"):
        load_settings(env={}, config_file=None).require_raw()
    with pytest.raises(ConfigError, match="valid values: a, b"):
        check_option("x", "c", ["a", "b"])


def test_data_error_message_names_file_column_rows_and_fix():
    err = DataError("bad", file="f.csv", column="v", rows=list(range(12)), hint="fix it")
    assert str(err) == "f.csv: column 'v': bad (rows 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more). Fix: fix it"
