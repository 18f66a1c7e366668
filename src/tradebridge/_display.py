"""Shared views of result objects: every result has ``to_frame()``, ``to_dict()``, ``to_json()``,
``summary()`` and an HTML view (``_repr_html_``, shown by notebooks).

JSON goes through the project's one cleaner (:func:`tradebridge._json.to_jsonable`): missing numbers
are ``null``, never ``NaN``.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Rates(ResultViews):
...     title = "Rates"
...     def to_frame(self):
...         return pd.DataFrame({"country": ["CHL", "PER"], "rate": [0.5, float("nan")]})
>>> Rates().to_json()
'{"rows": [{"country": "CHL", "rate": 0.5}, {"country": "PER", "rate": null}]}'
>>> print(Rates())
Rates
country  rate
    CHL   0.5
    PER   NaN
"""

from __future__ import annotations

import abc
import html
import json
from typing import Any

import pandas as pd

from tradebridge._json import to_jsonable


class ResultViews(abc.ABC):
    """Mixin for frozen result dataclasses: a text summary and ``_repr_html_`` built from ``to_frame()``."""

    title: str = "Result"

    @abc.abstractmethod
    def to_frame(self) -> pd.DataFrame:
        """The result as a tidy frame (each result class defines it)."""

    def _header_lines(self) -> list[str]:
        return []

    def to_dict(self) -> dict[str, Any]:
        """The result as a dictionary (results with more than a table define their own)."""
        return {"rows": self.to_frame()}

    def to_json(self, **dumps: Any) -> str:
        """``to_dict()`` as strict JSON (NaN -> null, dates ISO); keyword arguments go to ``json.dumps``."""
        return json.dumps(to_jsonable(self.to_dict()), ensure_ascii=False, allow_nan=False, **dumps)

    def summary(self) -> str:
        """A plain-text summary: header lines, then the result table."""
        lines = [self.title, *self._header_lines()]
        with pd.option_context("display.width", 160, "display.max_columns", 20):
            lines.append(self.to_frame().to_string(index=False, float_format=lambda v: f"{v:.6g}"))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        head = "".join(f"<p>{html.escape(line)}</p>" for line in self._header_lines())
        table = self.to_frame().to_html(index=False, float_format=lambda v: f"{v:.6g}")
        return f"<div><h4>{html.escape(self.title)}</h4>{head}{table}</div>"
