"""Shared views of model results: every result has ``to_frame()``, ``summary()`` and an HTML view."""

from __future__ import annotations

import abc
import html

import pandas as pd


class ResultViews(abc.ABC):
    """Mixin for frozen result dataclasses: a text summary and ``_repr_html_`` built from ``to_frame()``."""

    title: str = "Result"

    @abc.abstractmethod
    def to_frame(self) -> pd.DataFrame:
        """The result as a tidy frame (each result class defines it)."""

    def _header_lines(self) -> list[str]:
        return []

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
