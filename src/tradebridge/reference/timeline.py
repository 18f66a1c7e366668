"""The curated Korea–Pacific Alliance agreement timeline (``timeline.yaml`` beside this module).

Built from the shared seed ``verified_facts.md``: every stage has a date with its precision (day,
month or year), a source and a confidence mark (H or M); not-verified items are left out. Stage
names exist in English, Spanish and Korean.

>>> stages = load_stages()
>>> row = stages[(stages.agreement_id == "KOR-CHL-FTA") & (stages.stage == "Entry into force")].iloc[0]
>>> str(row.date.date()), row.precision, row.confidence
('2004-04-01', 'day', 'H')
>>> stage_label("Entry into force", "es")
'Entrada en vigor'
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from tradebridge.errors import DataError

DATASET = "kor_pa_timeline"
SOURCE = "tradebridge curated timeline from seed/verified_facts.md (sources per stage)"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("tradebridge.reference").joinpath("timeline.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def parse_date(value: Any) -> tuple[pd.Timestamp, str]:
    """A YAML date (2004-04-01, '1998-11' or 2016) -> (first day, precision).

    >>> parse_date("1998-11")
    (Timestamp('1998-11-01 00:00:00'), 'month')
    """
    if isinstance(value, dt.date):
        return pd.Timestamp(value), "day"
    text = str(value)
    parts = text.split("-")
    try:
        if len(parts) == 1:
            return pd.Timestamp(int(parts[0]), 1, 1), "year"
        if len(parts) == 2:
            return pd.Timestamp(int(parts[0]), int(parts[1]), 1), "month"
        return pd.Timestamp(text), "day"
    except ValueError as exc:
        raise DataError(f"bad date {text!r} in timeline.yaml ({exc})", hint="use YYYY, YYYY-MM or YYYY-MM-DD") from None


def _date_or_nat(value: Any) -> pd.Timestamp:
    return pd.NaT if value is None else parse_date(value)[0]


def load_agreements() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The curated agreements and their members."""
    rows, members = [], []
    for a in _data()["agreements"]:
        rows.append({"dataset": DATASET, "agreement_id": a["id"], "name": a["name"]["en"], "kind": a["kind"],
                     "signed": _date_or_nat(a.get("signed")), "in_force": _date_or_nat(a.get("in_force")),
                     "terminated": _date_or_nat(a.get("terminated")), "source": SOURCE})
        members.extend({"dataset": DATASET, "agreement_id": a["id"], "country": c} for c in a["members"])
    return pd.DataFrame(rows), pd.DataFrame(members)


def load_stages() -> pd.DataFrame:
    """One row per stage: agreement_id, stage (English), date, date_end, precision, source, confidence, note."""
    rows = []
    for a in _data()["agreements"]:
        for s in a["stages"]:
            date, precision = parse_date(s["date"])
            rows.append({
                "dataset": DATASET, "agreement_id": a["id"], "stage": s["stage"]["en"], "date": date,
                "date_end": _date_or_nat(s.get("date_end")), "precision": precision,
                "source": s["source"], "confidence": s["confidence"], "note": _note_en(s.get("note")),
            })
    return pd.DataFrame(rows)


def _note_en(note: Any) -> Any:
    return note.get("en") if isinstance(note, dict) else note


def note_label(note: str, lang: str) -> str | None:
    """A stage note's text in ``lang`` where the timeline gives one (a note written as {en, es, ko}), else None."""
    for a in _data()["agreements"]:
        for s in a["stages"]:
            found = s.get("note")
            if isinstance(found, dict) and found.get("en") == note:
                return found.get(lang) or note
    return None


def stage_label(stage: str, lang: str) -> str:
    """A stage's name in ``lang`` (en/es/ko); the English name when no translation exists."""
    for a in _data()["agreements"]:
        for s in a["stages"]:
            if s["stage"]["en"] == stage:
                return s["stage"].get(lang, stage)
    return stage


def agreement_name(agreement_id: str, lang: str = "en") -> str:
    """A curated agreement's name in ``lang``."""
    for a in _data()["agreements"]:
        if a["id"] == agreement_id:
            return a["name"].get(lang, a["name"]["en"])
    raise DataError(f"unknown agreement {agreement_id!r}",
                    hint=f"known: {', '.join(a['id'] for a in _data()['agreements'])}")


def in_force_dates() -> dict[str, pd.Timestamp]:
    """Entry-into-force date of each curated agreement that is in force (e.g. KOR-CHL-FTA -> 2004-04-01)."""
    agreements, _ = load_agreements()
    agreements = agreements.dropna(subset=["in_force"])
    return dict(zip(agreements["agreement_id"], agreements["in_force"], strict=True))
