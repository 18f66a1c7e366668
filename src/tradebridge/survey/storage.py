"""Response storage in a SQL database through SQLAlchemy (SQLite by default, PostgreSQL supported).

The URL comes from ``Settings.survey_db`` (env ``TRADEBRIDGE_SURVEY_DB``), e.g.
``sqlite:///.tradebridge/survey.sqlite`` or ``postgresql+psycopg://user@host/db``. Tables:

- ``survey_responses``: one row per submitted response; ``submission_id`` is unique, so a retried or
  double-clicked submission is stored once (the second insert is reported as a duplicate, not an error);
  ``answers`` is the validated JSON object.
- ``survey_tokens``: single-use invitation tokens, stored as SHA-256 hashes; consuming a token and
  inserting the response happen in one transaction.

SQLite runs in WAL mode with ``BEGIN IMMEDIATE`` transactions and a busy timeout, so concurrent
writers queue instead of failing. Storage is I/O by design; analysis functions take the frame that
:meth:`ResponseStore.frame` returns.

>>> store = ResponseStore("sqlite://")
>>> store.add("demo", 1, {"country": "CHL"}, submission_id="s1", lang="en", source="web")
True
>>> store.add("demo", 1, {"country": "CHL"}, submission_id="s1", lang="en", source="web")
False
>>> store.count("demo")
1
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from tradebridge.errors import DataError, StoreError
from tradebridge.survey.instrument import Instrument

metadata = MetaData()
responses_table = Table(
    "survey_responses", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", String(80), nullable=False, unique=True),
    Column("instrument_id", String(80), nullable=False, index=True),
    Column("instrument_version", Integer, nullable=False),
    Column("lang", String(5), nullable=False),
    Column("source", String(20), nullable=False),
    Column("demo", Boolean, nullable=False, default=False),
    Column("answers", Text, nullable=False),
)
tokens_table = Table(
    "survey_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("instrument_id", String(80), nullable=False),
    Column("used", Boolean, nullable=False, default=False),
    Column("submission_id", String(80), nullable=True),
)


class TokenError(DataError):
    """An invitation token is unknown, for another survey, or already used."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 60}}
        if not path or path == ":memory:":
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):  # pragma: no cover - driver hook
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            if path and path != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # pragma: no cover - driver hook
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=40)


class ResponseStore:
    """Survey responses and invitation tokens in a SQL database."""

    def __init__(self, url: str) -> None:
        try:
            self.engine = _engine(url)
            metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the survey database {url.split('@')[-1]!r}: {exc.__class__.__name__}; "
                             "check TRADEBRIDGE_SURVEY_DB / Settings.survey_db and that the server runs") from exc
        self.url = url

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------------------------------- tokens
    def issue_tokens(self, instrument_id: str, n: int) -> list[str]:
        """Create ``n`` single-use invitation tokens (returned once; only hashes are stored)."""
        if not 1 <= n <= 100_000:
            raise DataError(f"cannot issue {n} tokens", hint="ask for 1 to 100000 tokens")
        tokens = [secrets.token_urlsafe(18) for _ in range(n)]
        with self.engine.begin() as conn:
            conn.execute(insert(tokens_table), [{"token_hash": _hash(t), "instrument_id": instrument_id,
                                                 "used": False} for t in tokens])
        return tokens

    def token_status(self, instrument_id: str, token: str) -> str:
        """``valid``, ``used`` or ``unknown``."""
        with self.engine.begin() as conn:
            row = conn.execute(select(tokens_table.c.used).where(
                tokens_table.c.token_hash == _hash(token), tokens_table.c.instrument_id == instrument_id)).first()
        return "unknown" if row is None else ("used" if row.used else "valid")

    # ------------------------------------------------------------------------------------- responses
    def add(self, instrument_id: str, version: int, answers: Mapping[str, Any], *, submission_id: str,
            lang: str, source: str, demo: bool = False, token: str | None = None) -> bool:
        """Store one validated response; False if ``submission_id`` was already stored (idempotent).

        With ``token`` the token is consumed in the same transaction; an unknown or used token raises
        :class:`TokenError` and stores nothing.
        """
        if not submission_id or len(submission_id) > 80:
            raise DataError("submission_id must be 1-80 characters")
        row = {"submission_id": submission_id, "instrument_id": instrument_id, "instrument_version": int(version),
               "lang": lang, "source": source, "demo": bool(demo),
               "answers": json.dumps(dict(answers), ensure_ascii=False, sort_keys=True)}
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(select(responses_table.c.id).where(
                    responses_table.c.submission_id == submission_id)).first()
                if exists is not None:
                    return False
                if token is not None:
                    done = conn.execute(update(tokens_table).where(
                        tokens_table.c.token_hash == _hash(token), tokens_table.c.instrument_id == instrument_id,
                        tokens_table.c.used.is_(False)).values(used=True, submission_id=submission_id))
                    if done.rowcount != 1:
                        raise TokenError("this invitation link is not valid or has already been used",
                                         hint="ask the survey team for a new invitation")
                conn.execute(insert(responses_table).values(**row))
            return True
        except IntegrityError:
            return False  # a concurrent twin with the same submission_id won the race

    def add_many(self, instrument: Instrument, frame: pd.DataFrame, *, demo: bool = False) -> int:
        """Store imported responses (from :func:`~tradebridge.survey.responses.import_export_file`).

        All or nothing: the rows are checked first, then written in one transaction; ids already stored
        are skipped (re-importing adds nothing); any failure rolls the whole import back.
        """
        rows = [{"submission_id": str(rec["submission_id"]), "instrument_id": instrument.id,
                 "instrument_version": int(instrument.version), "lang": rec["lang"], "source": rec["source"],
                 "demo": bool(demo), "answers": json.dumps(dict(rec["answers"]), ensure_ascii=False, sort_keys=True)}
                for rec in frame.to_dict(orient="records")]
        ids = [r["submission_id"] for r in rows]
        bad = [i for i, sid in enumerate(ids) if not sid or len(sid) > 80]
        if bad:
            raise DataError("submission ids must be 1-80 characters; nothing was stored", rows=bad,
                            hint="shorten the ids in the export")
        bad = [i for i, r in enumerate(rows) if not (isinstance(r["lang"], str) and 1 <= len(r["lang"]) <= 5
                                                      and isinstance(r["source"], str) and 1 <= len(r["source"]) <= 20)]
        if bad:
            raise DataError("every response needs a lang (1-5 characters) and a source (1-20); nothing was stored",
                            rows=bad, hint="import through import_export_file, which sets both")
        dups = sorted({sid for sid in ids if ids.count(sid) > 1}) if len(set(ids)) < len(ids) else []
        if dups:
            raise DataError(f"duplicate submission ids {dups[:10]}; nothing was stored", hint="remove the duplicates")
        for attempt in range(2):
            try:
                with self.engine.begin() as conn:
                    known: set[str] = set()
                    for i in range(0, len(ids), 500):
                        known |= set(conn.execute(select(responses_table.c.submission_id).where(
                            responses_table.c.submission_id.in_(ids[i:i + 500]))).scalars())
                    new = [r for r in rows if r["submission_id"] not in known]
                    if new:
                        conn.execute(insert(responses_table), new)
                return len(new)
            except IntegrityError as exc:
                if attempt:  # not a concurrent twin (that is resolved by the retry): a bad row
                    raise StoreError(f"the import was rolled back, nothing was stored: {_reason(exc)}; "
                                     "check the rows and import again") from None
            except SQLAlchemyError as exc:
                raise StoreError(f"the import was rolled back, nothing was stored: {_reason(exc)}; "
                                 "check the rows and the database, then import again") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def count(self, instrument_id: str | None = None) -> int:
        q = select(func.count()).select_from(responses_table)
        if instrument_id:
            q = q.where(responses_table.c.instrument_id == instrument_id)
        with self.engine.begin() as conn:
            return int(conn.execute(q).scalar_one())

    def frame(self, instrument: Instrument) -> pd.DataFrame:
        """All responses to ``instrument`` as a wide frame (one column per question).

        Multiple choice gives ``q`` (options joined by ``;``) and one 0/1 column ``q__option`` per option;
        Likert and numeric answers are numbers; unanswered or skipped questions are missing.
        """
        with self.engine.begin() as conn:
            rows = conn.execute(select(responses_table).where(
                responses_table.c.instrument_id == instrument.id).order_by(responses_table.c.id)).mappings().all()
        return responses_to_frame(instrument, [dict(r) for r in rows])


def responses_to_frame(instrument: Instrument, rows: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Wide frame from stored rows (``answers`` as JSON text or dict)."""
    records = []
    for r in rows:
        ans = r["answers"] if isinstance(r["answers"], Mapping) else json.loads(r["answers"])
        rec: dict[str, Any] = {"response_id": r.get("id"), "submission_id": r["submission_id"], "lang": r["lang"],
                               "source": r["source"], "demo": bool(r.get("demo", False))}
        for q in instrument.questions:
            v = ans.get(q.id)
            if q.type == "multiple":
                rec[q.id] = ";".join(v) if v else None
                for o in q.options:
                    rec[f"{q.id}__{o.value}"] = None if v is None else float(o.value in v)
            else:
                rec[q.id] = v
        records.append(rec)
    cols = ["response_id", "submission_id", "lang", "source", "demo"]
    for q in instrument.questions:
        cols.append(q.id)
        if q.type == "multiple":
            cols += [f"{q.id}__{o.value}" for o in q.options]
    frame = pd.DataFrame(records, columns=cols)
    for q in instrument.questions:
        if q.points or q.type == "numeric":
            frame[q.id] = pd.to_numeric(frame[q.id], errors="coerce")
    return frame


def _reason(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0][:200]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell starting with ``= + - @`` TAB or CR gets a leading ``'`` (OWASP rule).

    A spreadsheet then shows the text instead of running it as a formula (``=HYPERLINK(...)``). Numbers
    (numeric columns) are left as they are.

    >>> formula_safe(pd.DataFrame({"c": ["=1+1", "ok", "-2"], "n": [-1, 2, 3]})).values.tolist()
    [["'=1+1", -1], ['ok', 2], ["'-2", 3]]
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    return out


def export_frame(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write responses to ``.csv`` or ``.parquet`` (by extension).

    CSV text cells that a spreadsheet would run as a formula are prefixed with ``'`` (:func:`formula_safe`);
    Parquet keeps the text as stored.
    """
    path = Path(path)
    if path.suffix == ".csv":
        formula_safe(frame).to_csv(path, index=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        raise DataError(f"unsupported export format {path.suffix!r}", hint="use a .csv or .parquet file name")
    return path
