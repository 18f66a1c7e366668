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
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd

from tradebridge.errors import DataError, check_option
from tradebridge.i18n import LANGS
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


_GROUPED = re.compile(r"[1-9]\d{0,2}(?:[,.\u00a0\u202f' ]\d{3})+")
_PLAIN = re.compile(r"\d+")
_DECIMAL = re.compile(r"(\d*)[.,](\d+)")


def parse_number(text: str, *, integer: bool = False) -> tuple[float | None, str | None]:
    """A number typed by a person in any of the survey's locales, or an error; never a silent truncation.

    ``.`` and ``,`` are both accepted as the decimal mark (the Pacific Alliance uses both: Mexico writes
    ``1,000.5``, Chile, Colombia and Peru ``1.000,5``). Thousands groups (``1,000,000``, ``1.234,5``,
    ``1 000``) are read as such when the other mark, or a second group, makes them unambiguous. One
    mark followed by exactly three digits (``1,000``) is read as thousands for a whole-number question
    (the decimal reading would be 1.000 = 1, which nobody types) and refused as ambiguous otherwise.

    >>> parse_number("1,000", integer=True), parse_number("1.234,5"), parse_number("2,5")
    ((1000.0, None), (1234.5, None), (2.5, None))
    >>> parse_number("1,000")
    (None, "'1,000' is ambiguous (1000 or 1.0?): write it without a thousands separator, e.g. 1000 or 1.5")
    """
    value = text.strip().replace("\u2212", "-")
    sign = -1.0 if value.startswith("-") else 1.0
    body = value[1:] if value[:1] in "+-" else value
    nan = (None, "must be a whole number" if integer else "must be a number")
    if len(body) > 40 or not body:
        return nan
    last = max(body.rfind("."), body.rfind(","))
    head, tail = (body[:last], body[last + 1:]) if last >= 0 else (body, "")
    if _PLAIN.fullmatch(body):
        return sign * float(body), None
    if _GROUPED.fullmatch(body) and len({c for c in body if not c.isdigit()}) == 1 and \
            (body.count(body[len(body) - 4]) > 1 or body[len(body) - 4] not in ".," or integer):
        return sign * float(re.sub(r"\D", "", body)), None  # 1,000,000 / 1 000 / 1,000 (whole number)
    if last >= 0 and tail.isdigit() and (_PLAIN.fullmatch(head) or (
            _GROUPED.fullmatch(head) and body[last] not in {c for c in head if not c.isdigit()})):
        if _PLAIN.fullmatch(head) and len(tail) == 3 and not integer and head != "0":
            return None, (f"{text.strip()[:40]!r} is ambiguous (1000 or 1.0?): write it without a thousands "
                          "separator, e.g. 1000 or 1.5")
        return sign * float(re.sub(r"\D", "", head) + "." + tail), None
    if _DECIMAL.fullmatch(body) and not head:
        return sign * float("0." + tail), None  # ".5"
    return nan


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
        num, err = parse_number(value, integer=q.integer)
        if err:
            return None, err
        if q.integer and num != int(num):
            return None, "must be a whole number"
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


MAX_EXPORT_BYTES = 200_000_000  # an export file larger than this is refused (pass max_bytes to change)
MAX_ID_CHARS = 64  # submission ids are stored as "<format>:<id>" in an 80-character column


def _read_csv(path: Path, max_bytes: int = MAX_EXPORT_BYTES) -> pd.DataFrame:
    size = path.stat().st_size
    if size > max_bytes:
        raise DataError(f"the file has {size:,} bytes (limit {max_bytes:,})", file=str(path),
                        hint="split the export or raise max_bytes")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = "Latin-1 / Windows-1252" if _looks_single_byte(data) else "not UTF-8"
        raise DataError(f"the file is not UTF-8 (it looks {guess}; byte {exc.start} is {data[exc.start:exc.start + 1]!r})",
                        file=str(path), hint="export again as UTF-8 (LimeSurvey: Export results > CSV, "
                        "character set UTF-8; Kobo: download CSV; in Excel: Save As > CSV UTF-8)") from None
    if not text.strip():
        raise DataError("the file is empty", file=str(path), hint="export the responses again (it has no header)")
    first = text.splitlines()[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader(io.StringIO(first), delimiter=sep))
    dups = sorted({h for h in header if header.count(h) > 1})
    if dups:
        raise DataError(f"column(s) {dups} appear more than once", file=str(path),
                        hint="export again with unique question codes, or delete the extra column")
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise DataError(f"the file is not a readable CSV ({str(exc)[:160]})", file=str(path),
                        hint="export it again; do not edit it in a spreadsheet") from None
    if frame.empty:
        raise DataError("the file has a header but no responses", file=str(path),
                        hint="check the export's filter (completed responses, date range)")
    return frame


def _looks_single_byte(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


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


def _kobo_columns(inst: Instrument, columns: list[str], source: str) -> dict[str, str | None]:
    """Column for each question: the full group path ``<section>/<id>`` wins, then a unique ``.../<id>``.

    Columns of a multiple-choice question's options (``group/q/option``) never match another question.
    Two candidates without a full-path winner are refused (a stray ``other/country`` cannot silently
    replace ``respondent/country``).
    """
    multi = {q.id for q in inst.questions if q.type == "multiple"}
    option_cols = {c for c in columns if "/" in c and c.rsplit("/", 2)[-2:-1] and c.rsplit("/", 2)[-2] in multi}
    out: dict[str, str | None] = {}
    problems = []
    for q in inst.questions:
        cands = [c for c in columns if (c == q.id or c.endswith("/" + q.id)) and c not in option_cols]
        full = [c for c in cands if c == f"{q.section}/{q.id}"]
        if full or len(cands) <= 1:
            out[q.id] = (full or cands or [None])[0]
        else:
            problems.append(f"{q.id}: {', '.join(cands)}")
    if problems:
        raise DataError(f"columns match a question ambiguously ({'; '.join(problems)})", file=source,
                        hint="rename or delete the extra column(s) so each question has one column "
                             "(group path/question id)")
    return out


def _kobo_row(inst: Instrument, row: Mapping[str, str], cols: Mapping[str, str | None]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for q in inst.questions:
        col = cols.get(q.id)
        value = row.get(col, "") if col else ""
        if q.type == "multiple":
            if value.strip():
                raw[q.id] = value.split()
            else:
                prefix = f"{col}/" if col else None
                raw[q.id] = [o.value for o in q.options
                             if any((k == f"{prefix}{o.value}" if prefix else k.endswith(f"/{q.id}/{o.value}"))
                                    and v.strip() in ("1", "True", "true") for k, v in row.items())]
        else:
            raw[q.id] = value
    return raw


def _check_ids(ids: list[str], lines: list[int], source: str) -> None:
    """Refuse blank, over-long, control-character and duplicate submission ids (naming the lines)."""
    bad = [(ln, "blank") for i, ln in zip(ids, lines, strict=True) if not i.strip()]
    bad += [(ln, f"longer than {MAX_ID_CHARS} characters") for i, ln in zip(ids, lines, strict=True)
            if len(i.strip()) > MAX_ID_CHARS]
    bad += [(ln, "control characters") for i, ln in zip(ids, lines, strict=True) if _CONTROL.search(i)]
    if bad:
        raise DataError("invalid submission id(s): " + "; ".join(f"line {ln}: {why}" for ln, why in bad[:20]),
                        file=source, rows=[ln for ln, _ in bad],
                        hint=f"every response needs its own id of 1-{MAX_ID_CHARS} characters; export again "
                             "with the id column")
    seen: dict[str, int] = {}
    dups = []
    for i, ln in zip(ids, lines, strict=True):
        key = i.strip()
        if key in seen:
            dups.append(f"line {ln} repeats line {seen[key]} ({key[:40]!r})")
        else:
            seen[key] = ln
    if dups:
        raise DataError(f"duplicate submission ids: {'; '.join(dups[:20])}", file=source,
                        rows=[int(d.split()[1]) for d in dups],
                        hint="remove the duplicated rows (or give them their own ids) and import again")


def import_export_file(instrument: Instrument, path: str | Path, fmt: ExportFormat, *,
                       skip_invalid: bool = False, max_bytes: int = MAX_EXPORT_BYTES) -> pd.DataFrame:
    """Read a LimeSurvey or KoboToolbox CSV export into validated responses.

    Returns a frame with ``submission_id``, ``lang``, ``source`` and ``answers`` (dict per row).
    LimeSurvey: question codes as columns, answer codes as values (Likert codes ``1``..``7`` or
    LimeSurvey's default ``A1``..``A7``), multiple choice as ``q[option]`` columns with ``Y``; incomplete responses (empty ``submitdate``) are skipped. KoboToolbox: ``;`` or
    ``,`` separated, group prefixes ``group/question``, ``select_multiple`` as a space-separated column
    or ``q/option`` 1/0 columns; ``_uuid`` identifies a submission; a column is matched by its full
    group path (``<section>/<question>``), and two candidate columns without one are refused. Invalid
    rows raise :class:`DataError` listing every row and question (or are skipped with ``skip_invalid``).
    Refused outright, naming the lines: a file that is empty, header-only, not UTF-8 or larger than
    ``max_bytes``; blank, over-long (> 64 characters) or duplicate ids; duplicate column names.
    """
    check_option("format", fmt, EXPORT_FORMATS)
    path = Path(path)
    if not path.is_file():
        raise DataError(f"export file {path} not found")
    frame = _read_csv(path, max_bytes)
    id_col = "id" if fmt == "limesurvey" else "_uuid"
    if id_col not in frame.columns:
        raise DataError(f"no {id_col!r} column: this does not look like a {fmt} CSV export", file=str(path),
                        hint="export with question codes / XML values and keep the metadata columns")
    rows = [(i + 2, r) for i, r in enumerate(frame.to_dict(orient="records"))  # +2: header, 1-based
            if not (fmt == "limesurvey" and "submitdate" in r and not r["submitdate"].strip())]
    _check_ids([r[id_col] for _, r in rows], [ln for ln, _ in rows], str(path))
    cols = _kobo_columns(instrument, list(frame.columns), str(path)) if fmt == "kobo" else {}
    records, problems = [], []
    for line, row in rows:
        raw = _limesurvey_row(instrument, row) if fmt == "limesurvey" else _kobo_row(instrument, row, cols)
        answers, errors = clean_response(instrument, raw)
        if errors:
            problems.append((line, errors))
            continue
        lang = (row.get("startlanguage") or row.get("_language") or "es")[:2].lower()
        records.append({"submission_id": f"{fmt}:{row[id_col].strip()}", "lang": lang if lang in LANGS else "es",
                        "source": fmt, "answers": answers})
    if problems and not skip_invalid:
        detail = "; ".join(f"line {ln}: " + ", ".join(f"{k}: {v}" for k, v in e.items()) for ln, e in problems[:20])
        raise DataError(f"{len(problems)} invalid response(s): {detail}", file=str(path),
                        rows=[ln for ln, _ in problems], hint="fix the rows or pass --skip-invalid")
    return pd.DataFrame(records, columns=["submission_id", "lang", "source", "answers"])
