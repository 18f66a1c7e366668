"""The one JSON cleaner: frames, numpy scalars, dates, paths and missing numbers to strict JSON values.

Every JSON the project writes (the CLI's ``--json``, the web API, the cached dashboard results, the
result objects' ``to_json()``) goes through :func:`to_jsonable`, so a missing value is ``null``
everywhere (never ``NaN``, which is not JSON), a date is ``YYYY-MM-DD`` and a timestamp ISO 8601.
It sits at the bottom of the layers (it imports no tradebridge module, and pandas only when given a frame).

>>> import math
>>> to_jsonable({"a": [float("nan"), 1.5, math.inf], "b": (1, "x")})
{'a': [None, 1.5, None], 'b': [1, 'x']}
>>> import pandas as pd
>>> to_jsonable(pd.DataFrame({"year": [2004], "when": [pd.Timestamp("2004-04-01")], "v": [None]}))
[{'year': 2004, 'when': '2004-04-01', 'v': None}]
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, PurePath):
        return str(value)
    if type(value).__name__ in {"NAType", "NaTType"}:  # pandas.NA, pandas.NaT
        return None
    if isinstance(value, _dt.datetime):  # pandas.Timestamp too
        at_midnight = value.time() == _dt.time(0) and value.tzinfo is None
        return value.date().isoformat() if at_midnight else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (bytes, bytearray)):  # numpy scalars
        try:
            return _scalar(value.item())
        except (ValueError, TypeError):
            pass
    return value


def to_jsonable(obj: Any) -> Any:
    """``obj`` with every part turned into a JSON value: frames -> list of records, mappings -> dicts with
    string keys, lists/tuples/sets -> lists, NaN/inf/NA/NaT -> None, numpy scalars -> Python numbers."""
    if hasattr(obj, "to_dict") and hasattr(obj, "columns"):  # a DataFrame
        return [to_jsonable(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in obj]
    if hasattr(obj, "tolist") and hasattr(obj, "shape") and getattr(obj, "shape", ()) != ():  # arrays, Series
        return [to_jsonable(v) for v in obj.tolist()]
    return _scalar(obj)


def records(frame: Any) -> list[dict[str, Any]]:
    """A frame as JSON records (``[]`` for None or an empty frame).

    >>> records(None)
    []
    """
    if frame is None or len(frame) == 0:
        return []
    return to_jsonable(frame)
