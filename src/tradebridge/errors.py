"""The exception hierarchy. Every error a user can cause derives from :class:`TradebridgeError`.

Messages say what was wrong and how to fix it. :class:`DataError` carries the failing rows so a
caller (or the CLI) can show them.

>>> err = DataError("negative values", file="x.csv", column="value_usd", rows=[3, 7],
...                 hint="remove or correct the rows")
>>> print(err)
x.csv: column 'value_usd': negative values (rows 3, 7). Fix: remove or correct the rows
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class TradebridgeError(Exception):
    """Base class of every tradebridge error.

    ``hint`` says how to fix it; ``str(err)`` is ``"<message>. Fix: <hint>"``. Without a hint the
    CLI appends the class's :attr:`default_fix`.

    ``key`` (optional) names the entry ``err_<key>`` of the i18n string table that says the same to a
    reader of the dashboard in their language, without command-line options; ``params`` fills it
    (``tradebridge.i18n.error_text``). ``str(err)`` stays the English message with its fix.

    >>> str(ConfigError("unknown reporter 'XXX'", hint="use an ISO3 code such as KOR"))
    "unknown reporter 'XXX'. Fix: use an ISO3 code such as KOR"
    """

    default_fix = "check the command's options and inputs (see --help)"

    def __init__(self, message: str = "", *args: Any, hint: str | None = None, key: str | None = None,
                 params: dict[str, Any] | None = None) -> None:
        super().__init__(message, *args)
        self.message = message
        self.hint = hint
        self.key = key
        self.params = dict(params or {})

    def __str__(self) -> str:
        return self._render()

    def _render(self) -> str:
        text = str(self.message) if len(self.args) <= 1 else ", ".join(map(str, self.args))
        if self.hint:
            text = f"{text.rstrip('. ')}. Fix: {self.hint}"
        return text


class ConfigError(TradebridgeError):
    """A setting or option has an invalid value."""

    default_fix = "correct the option or setting named above (see --help)"


class SourceError(TradebridgeError):
    """A public source could not be read or fetched (network, HTTP status, truncated download)."""

    default_fix = "check the file or the connection named above and retry"


class StoreError(TradebridgeError):
    """The warehouse is missing, locked, or a write failed (nothing was changed)."""

    default_fix = "check the warehouse named by --store or TRADEBRIDGE_STORE"


class ModelError(TradebridgeError):
    """A model could not be specified or estimated."""

    default_fix = "change the model specification (see docs/models.md)"


class ReportError(TradebridgeError):
    """A report or chart could not be built."""

    default_fix = "check the report's inputs named above"


class DataError(TradebridgeError):
    """Bad input data. Names the file, the column and the rows, and says what to do."""

    default_fix = "correct the input data named above"

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        column: str | None = None,
        rows: Sequence[Any] | None = None,
        hint: str | None = None,
        failure_cases: Any = None,
        key: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.file = file
        self.column = column
        self.rows = list(rows) if rows is not None else []
        self.failure_cases = failure_cases
        super().__init__(message, hint=hint, key=key, params=params)

    def _render(self) -> str:
        parts = []
        if self.file:
            parts.append(f"{self.file}:")
        if self.column:
            parts.append(f"column {self.column!r}:")
        text = " ".join(parts + [self.message])
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:10])
            more = f" and {len(self.rows) - 10} more" if len(self.rows) > 10 else ""
            text += f" (rows {shown}{more})"
        if self.hint:
            text += f". Fix: {self.hint}"
        return text


def check_option(name: str, value: Any, valid: Sequence[Any]) -> Any:
    """Validate an option against its valid values; the error lists them.

    >>> check_option("lang", "en", ["en", "es", "ko"])
    'en'
    """
    if value not in valid:
        raise ConfigError(f"invalid {name} {value!r}; valid values: {', '.join(map(str, valid))}")
    return value
