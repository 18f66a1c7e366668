"""Settings: where the warehouse and the raw data live, and the default reporter/bloc.

Read from (lowest to highest precedence) built-in defaults, a ``tradebridge.toml`` in the working
directory (or the file named by ``TRADEBRIDGE_CONFIG``), environment variables, and explicit
overrides (CLI options). Nothing is read at import time: call :func:`load_settings`.

>>> s = load_settings(env={}, overrides={"store": "/tmp/x.duckdb"}, config_file=None)
>>> s.store.name, s.reporter, s.partners, s.dataset
('x.duckdb', 'KOR', 'PA', 'comtrade_aggregate')

Web hardening settings (``tradebridge serve``):

- ``trusted_proxies`` (``TRADEBRIDGE_TRUSTED_PROXIES``): addresses or CIDR blocks of reverse proxies
  whose ``X-Forwarded-For`` is believed, comma-separated; none by default, so the header is ignored
  and rate limits count the TCP peer.
- ``survey_invitation_only`` (``TRADEBRIDGE_SURVEY_INVITATION_ONLY``): the survey forms open only with
  an invitation token (issued in the admin area); off by default.
- ``survey_rate_limit`` (``TRADEBRIDGE_SURVEY_RATE_LIMIT``): responses accepted per client address per
  hour (default 10; 0 turns the limit off, e.g. for a workshop behind one office address).

>>> w = load_settings(env={"TRADEBRIDGE_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
...                        "TRADEBRIDGE_SURVEY_INVITATION_ONLY": "yes"}, config_file=None)
>>> w.trusted_proxies, w.survey_invitation_only, w.survey_rate_limit
(('127.0.0.1/32', '10.0.0.0/8'), True, 10)

These built-in defaults (reporter, partners, dataset) are the only ones in the code: everything else
takes them from the settings (or an explicit argument); the scope is parsed from them once by
:func:`tradebridge.reference.blocs.scope_from_settings`.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, get_args

from tradebridge.errors import ConfigError, check_option

Language = Literal["en", "es", "ko"]
LANGUAGES: tuple[str, ...] = get_args(Language)

DEFAULT_STORE = Path(".tradebridge") / "store.duckdb"
# the shape of a code is checked here; whether it is a known country or bloc is checked where the
# scope is parsed (tradebridge.reference.blocs.resolve_scope), one layer up
_ISO3 = re.compile(r"[A-Z][A-Z0-9]{2}\Z")
_PARTNERS = re.compile(r"[A-Za-z0-9]{2,12}(\s*,\s*[A-Za-z0-9]{2,12})*\Z")
_DATASET = re.compile(r"[a-z0-9_]{1,40}\Z")

DEFAULT_REPORTER = "KOR"
DEFAULT_PARTNERS = "PA"
DEFAULT_DATASET = "comtrade_aggregate"  # the trade_flows dataset of the reference warehouse (UN Comtrade via penppml)

_ENV = {
    "store": "TRADEBRIDGE_STORE",
    "raw": "TRADEBRIDGE_RAW",
    "cache": "TRADEBRIDGE_CACHE",
    "reporter": "TRADEBRIDGE_REPORTER",
    "partners": "TRADEBRIDGE_PARTNERS",
    "dataset": "TRADEBRIDGE_DATASET",
    "lang": "TRADEBRIDGE_LANG",
    "survey_db": "TRADEBRIDGE_SURVEY_DB",
    "trusted_proxies": "TRADEBRIDGE_TRUSTED_PROXIES",
    "survey_invitation_only": "TRADEBRIDGE_SURVEY_INVITATION_ONLY",
    "survey_rate_limit": "TRADEBRIDGE_SURVEY_RATE_LIMIT",
}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


@dataclass(frozen=True)
class Settings:
    """Immutable settings. ``partners`` is a bloc id (``PA``) or comma-separated ISO3 codes; ``dataset``
    the warehouse's trade_flows dataset that overviews, indicators and models read; ``trusted_proxies``,
    ``survey_invitation_only`` and ``survey_rate_limit`` harden the web app (see the module docs)."""

    store: Path = DEFAULT_STORE
    raw: Path | None = None
    cache: Path = Path(".tradebridge") / "cache"
    reporter: str = DEFAULT_REPORTER
    partners: str = DEFAULT_PARTNERS
    dataset: str = DEFAULT_DATASET
    lang: Language = "en"
    survey_db: str = "sqlite:///.tradebridge/survey.sqlite"
    trusted_proxies: tuple[str, ...] = ()
    survey_invitation_only: bool = False
    survey_rate_limit: int = 10
    extra: Mapping[str, Any] = field(default_factory=dict)

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def require_raw(self) -> Path:
        """The raw-data folder, or an error that says how to set it."""
        if self.raw is None:
            raise ConfigError(
                "no raw-data folder set: pass --raw DIR or set TRADEBRIDGE_RAW "
                "(the reference data lives in the shared data folder beside the project)"
            )
        if not self.raw.is_dir():
            raise ConfigError(f"raw-data folder {self.raw} does not exist; pass --raw DIR or set TRADEBRIDGE_RAW")
        return self.raw


def _coerce(key: str, value: Any) -> Any:
    if key in {"store", "raw", "cache"}:
        return Path(value).expanduser()
    if key == "reporter":
        code = str(value).strip().upper()
        if not _ISO3.match(code):
            raise ConfigError(f"reporter {value!r} is not an ISO3 country code",
                              hint="set reporter (TRADEBRIDGE_REPORTER, --reporter) to a code such as KOR")
        return code
    if key == "partners":
        text = str(value).strip()
        if not text or not _PARTNERS.match(text):
            raise ConfigError(f"partners {value!r} is not a bloc id or a list of ISO3 codes",
                              hint="set partners (TRADEBRIDGE_PARTNERS, --partners) to e.g. PA or CHL,MEX")
        return text
    if key == "dataset":
        text = str(value).strip()
        if not _DATASET.match(text):
            raise ConfigError(f"dataset {value!r} is not a dataset name (lower-case letters, digits, _)",
                              hint="set dataset (TRADEBRIDGE_DATASET, --dataset) to a name `tradebridge data status` lists")
        return text
    if key == "lang":
        return check_option("lang", str(value), LANGUAGES)
    if key == "trusted_proxies":
        return _networks(value)
    if key == "survey_invitation_only":
        return _flag(key, value)
    if key == "survey_rate_limit":
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit():
            raise ConfigError(f"survey_rate_limit {value!r} is not a whole number of responses per hour",
                              hint="set survey_rate_limit (TRADEBRIDGE_SURVEY_RATE_LIMIT) to e.g. 10, or 0 for no limit")
        return int(text)
    return value


def _networks(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value)
    out = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        try:
            out.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as exc:
            raise ConfigError(f"trusted_proxies: {item!r} is not an IP address or network",
                              hint="set trusted_proxies (TRADEBRIDGE_TRUSTED_PROXIES) to addresses or CIDR "
                                   "blocks separated by commas, e.g. 127.0.0.1,10.0.0.0/8") from exc
    return tuple(out)


def _flag(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ConfigError(f"{key} {value!r} is not true or false",
                      hint=f"set {key} ({_ENV[key]}) to one of {', '.join(_TRUE + _FALSE[:-1])}")


def load_settings(
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    config_file: Path | None | Literal["auto"] = "auto",
) -> Settings:
    """Build :class:`Settings` from defaults, ``tradebridge.toml``, the environment and overrides."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path: Path | None
    if config_file == "auto":
        path = Path(env.get("TRADEBRIDGE_CONFIG", "tradebridge.toml"))
    else:
        path = config_file
    if path is not None and path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from exc
        section = data.get("tradebridge", data)
        for key, value in section.items():
            if key not in _ENV:
                raise ConfigError(f"{path}: unknown setting {key!r}; valid settings: {', '.join(_ENV)}")
            values[key] = value
    for key, var in _ENV.items():
        if env.get(var):
            values[key] = env[var]
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key] = value
    return Settings(**{k: _coerce(k, v) for k, v in values.items()})
