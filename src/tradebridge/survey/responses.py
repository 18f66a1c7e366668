"""Server-side validation of answers, and import of LimeSurvey and KoboToolbox CSV exports.

:func:`clean_response` checks raw answers (strings from a web form or a CSV cell) against an
instrument: types, option values, ranges, lengths, required questions and skip logic. It never
trusts the client: unknown fields are ignored, hidden (skipped) questions are dropped, control
characters are removed from free text, and oversized values are rejected. Text is stored verbatim
(HTML is escaped when shown, never stripped here).

>>> from tradebridge.survey.instrument import load_instrument, default_instrument_path
>>> inst = load_instrument(default_instrument_path())
>>> answers, errors = clean_response(inst, {"country": "CHL", "actor_type": "public", "contacts_korea": "many"})
>>> errors["contacts_korea"]
'must be a whole number'
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd

from tradebridge.errors import DataError, check_option
from tradebridge.survey.instrument import Instrument, Question, condition_holds

MAX_FIELD_CHARS = 20_000  # hard cap for any single raw value, whatever the question says
_LIME_CODE = re.compile(r"^A([1-7])$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ExportFormat = Literal["limesurvey", "kobo"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)


def _raw_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v) != ""]
    s = str(value)
    return [] if s == "" else [s]


def _check_value(q: Question, raw: list[str]) -> tuple[Any, str | None]:
    if any(len(v) > MAX_FIELD_CHARS for v in raw):
        return None, f"value longer than {MAX_FIELD_CHARS} characters"
    if q.type == "multiple":
        valid = {o.value for o in q.options}
        vals = list(dict.fromkeys(v.strip() for v in raw))
        bad = [v for v in vals if v not in valid]
        if bad:
            return None, f"not an option: {bad[0][:40]!r}"
        return vals, None
    if len(raw) > 1:
        return None, "only one answer allowed"
    value = raw[0].strip() if q.type != "text" else raw[0]
    if q.type == "single":
        if value not in {o.value for o in q.options}:
            return None, f"not an option: {value[:40]!r}"
        return value, None
    if q.points:
        if not value.isdigit() or not 1 <= int(value) <= q.points:
            return None, f"must be a whole number from 1 to {q.points}"
        return int(value), None
    if q.type == "numeric":
        try:
            num = float(value.replace(",", ".")) if len(value) <= 40 else math.nan
        except ValueError:
            num = math.nan
        if q.integer and (not math.isfinite(num) or num != int(num)):
            return None, "must be a whole number"
        if not math.isfinite(num):
            return None, "must be a number"
        if q.min is not None and num < q.min:
            return None, f"must be at least {q.min:g}"
        if q.max is not None and num > q.max:
            return None, f"must be at most {q.max:g}"
        return (int(num) if q.integer else num), None
    text = _CONTROL.sub("", value.replace("\r\n", "\n")).strip()
    if len(text) > q.max_length:
        return None, f"at most {q.max_length} characters (got {len(text)})"
    return text, None


def clean_response(instrument: Instrument, raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Validated answers and errors by question id (an empty error dict means the response is valid).

    Questions hidden by skip logic are dropped even if the client sent them.
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for q in instrument.questions:
        if not condition_holds(q.show_if, answers):
            continue
        values = _raw_list(raw.get(q.id))
        if not values or (q.type != "text" and all(not v.strip() for v in values)):
            if q.required:
                errors[q.id] = "an answer is required"
            continue
        value, err = _check_value(q, values)
        if err:
            errors[q.id] = err
        elif value not in ("", []):
            answers[q.id] = value
        elif q.required:
            errors[q.id] = "an answer is required"
    return answers, errors


# --------------------------------------------------------------------------------------------- imports


def _read_csv(path: Path) -> pd.DataFrame:
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)


def _limesurvey_row(inst: Instrument, row: Mapping[str, str]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for q in inst.questions:
        if q.type == "multiple":
            raw[q.id] = [o.value for o in q.options if row.get(f"{q.id}[{o.value}]", "").strip() in ("Y", "1", "Yes")]
        else:
            value = row.get(q.id, "")
            code = _LIME_CODE.match(value.strip())
            raw[q.id] = code.group(1) if (q.points and code) else value  # LimeSurvey default codes A1..A7
    return raw


def _kobo_row(inst: Instrument, row: Mapping[str, str]) -> dict[str, Any]:
    short = {k.rsplit("/", 1)[-1]: v for k, v in row.items() if "/" in k}
    flat = {**short, **{k: v for k, v in row.items() if "/" not in k}}
    raw: dict[str, Any] = {}
    for q in inst.questions:
        if q.type == "multiple":
            joined = next((v for k, v in row.items() if k == q.id or k.endswith("/" + q.id)), "")
            if joined.strip():
                raw[q.id] = joined.split()
            else:
                raw[q.id] = [o.value for o in q.options
                             if any(k.endswith(f"{q.id}/{o.value}") and v.strip() in ("1", "True", "true")
                                    for k, v in row.items())]
        else:
            raw[q.id] = flat.get(q.id, "")
    return raw


def import_export_file(instrument: Instrument, path: str | Path, fmt: ExportFormat, *,
                       skip_invalid: bool = False) -> pd.DataFrame:
    """Read a LimeSurvey or KoboToolbox CSV export into validated responses.

    Returns a frame with ``submission_id``, ``lang``, ``source`` and ``answers`` (dict per row).
    LimeSurvey: question codes as columns, answer codes as values (Likert codes ``1``..``7`` or
    LimeSurvey's default ``A1``..``A7``), multiple choice as ``q[option]`` columns with ``Y``; incomplete responses (empty ``submitdate``) are skipped. KoboToolbox: ``;`` or
    ``,`` separated, group prefixes ``group/question``, ``select_multiple`` as a space-separated column
    or ``q/option`` 1/0 columns; ``_uuid`` identifies a submission. Invalid rows raise
    :class:`DataError` listing every row and question (or are skipped with ``skip_invalid``).
    """
    check_option("format", fmt, EXPORT_FORMATS)
    path = Path(path)
    if not path.is_file():
        raise DataError(f"export file {path} not found")
    frame = _read_csv(path)
    id_col = "id" if fmt == "limesurvey" else "_uuid"
    if id_col not in frame.columns:
        raise DataError(f"no {id_col!r} column: this does not look like a {fmt} CSV export", file=str(path),
                        hint="export with question codes / XML values and keep the metadata columns")
    records, problems = [], []
    for i, row in enumerate(frame.to_dict(orient="records")):
        if fmt == "limesurvey" and "submitdate" in row and not row["submitdate"].strip():
            continue
        raw = _limesurvey_row(instrument, row) if fmt == "limesurvey" else _kobo_row(instrument, row)
        answers, errors = clean_response(instrument, raw)
        if errors:
            problems.append((i + 2, errors))  # +2: header line and 1-based rows
            continue
        lang = (row.get("startlanguage") or row.get("_language") or "es")[:2].lower()
        records.append({"submission_id": f"{fmt}:{row[id_col]}", "lang": lang if lang in ("en", "es", "ko") else "es",
                        "source": fmt, "answers": answers})
    if problems and not skip_invalid:
        detail = "; ".join(f"line {ln}: " + ", ".join(f"{k}: {v}" for k, v in e.items()) for ln, e in problems[:20])
        raise DataError(f"{len(problems)} invalid response(s): {detail}", file=str(path),
                        rows=[ln for ln, _ in problems], hint="fix the rows or pass --skip-invalid")
    return pd.DataFrame(records, columns=["submission_id", "lang", "source", "answers"])
