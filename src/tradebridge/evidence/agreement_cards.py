"""Evidence cards on agreements: the negotiation timeline (one card per stage) and investment treaties.

Dates are kept as ISO text in the card's values (as precise as known: 2004-04-01, 1998-11, 2016) and
shown in words by the ``date`` format ("April 1, 2004", "noviembre de 1998", "2016년").
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.reference.timeline import agreement_name, stage_label

_PRECISION_FMT = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def stage_date(row) -> str:
    """A stage's date as precise as it is known (2004-04-01, 1998-11 or 2016), with a range end."""
    text = pd.Timestamp(row["date"]).strftime(_PRECISION_FMT[row["precision"]])
    if pd.notna(row.get("date_end")):
        text += "–" + pd.Timestamp(row["date_end"]).strftime("%Y-%m-%d")
    return text


def timeline_cards(stages: pd.DataFrame, agreements: pd.DataFrame,
                   prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    """One card per curated stage (the brief's Table 1 and timeline chart draw on them)."""
    names = dict(zip(agreements["agreement_id"], agreements["name"], strict=False))
    cards = []
    for i, row in enumerate(stages.sort_values(["agreement_id", "date"]).to_dict(orient="records")):
        when = stage_date(row)
        cards.append(EvidenceCard(
            id=f"timeline.{row['agreement_id']}.{i:02d}", topic="timeline",
            template={"en": "{agreement}: {stage} ({date}; confidence {confidence})",
                      "es": "{agreement_es}: {stage_es} ({date}; confianza {confidence})",
                      "ko": "{agreement_ko}: {stage_ko}({date}, 신뢰도 {confidence})"},
            values={"agreement_id": row["agreement_id"], "agreement": names.get(row["agreement_id"], ""),
                    "agreement_es": _agreement(row["agreement_id"], "es", names),
                    "agreement_ko": _agreement(row["agreement_id"], "ko", names),
                    "stage": row["stage"], "date": when, "precision": row["precision"],
                    "confidence": row["confidence"], "source": row["source"], "note": row.get("note"),
                    "stage_es": stage_label(row["stage"], "es"), "stage_ko": stage_label(row["stage"], "ko")},
            formats={**{k: "text" for k in ("agreement", "agreement_es", "agreement_ko", "stage", "stage_es",
                                            "stage_ko", "confidence")}, "date": "date"},
            comparison="date of a negotiation stage",
            caveats=(f"source: {row['source']}",) + ((row["note"],) if _text(row.get("note")) else ()),
            provenance=tuple(prov), method="agreement_stages (curated from seed/verified_facts.md)"))
    return cards


_BIT_IN_FORCE = {
    "en": "{reporter}–{partner} BIT: signed {signed}, in force {in_force}, {status}.",
    "es": "APPI {reporter}–{partner}: firma {signed}, entrada en vigor {in_force}, {status_es}.",
    "ko": "{reporter}–{partner} 투자협정: {signed} 서명, {in_force} 발효, {status_ko}.",
}
# never "in force –": a treaty that never entered into force says so
_BIT_SIGNED = {
    "en": "{reporter}–{partner} BIT: signed {signed}, {status}.",
    "es": "APPI {reporter}–{partner}: firma {signed}, {status_es}.",
    "ko": "{reporter}–{partner} 투자협정: {signed} 서명, {status_ko}.",
}


def treaty_cards(treaties: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    """Bilateral investment treaties of the reporter with each partner (UNCTAD list)."""
    cards = []
    for row in treaties.to_dict(orient="records"):
        status = ("terminated" if pd.notna(row["terminated"]) else
                  "in force" if pd.notna(row["in_force"]) else "signed, not in force")
        cards.append(EvidenceCard(
            id=f"investment.bit.{reporter}-{row['partner']}", topic="investment",
            template=_BIT_IN_FORCE if pd.notna(row["in_force"]) else _BIT_SIGNED,
            values={"reporter": reporter, "partner": row["partner"], "name": row["name"],
                    "signed": _d(row["signed"]), "in_force": _d(row["in_force"]),
                    "terminated": _d(row["terminated"]), "status": status,
                    "status_es": {"terminated": "terminado", "in force": "vigente",
                                  "signed, not in force": "firmado, sin entrar en vigor"}[status],
                    "status_ko": {"terminated": "종료", "in force": "발효 중", "signed, not in force": "서명, 미발효"}[status]},
            formats={"reporter": "place", "partner": "place", "signed": "date", "in_force": "date",
                     "status": "text", "status_es": "text", "status_ko": "text"},
            comparison="treaty status as listed by UNCTAD (2017-05-02)",
            caveats=("UNCTAD IIA Navigator list of 2017-05-02; later changes are not in it",),
            provenance=tuple(prov), method="agreements + agreement_members (unctad_bits)"))
    return cards


def _text(value) -> str | None:
    """A note as text, or None when absent (None, NaN, blank): a missing note is no caveat."""
    return value.strip() or None if isinstance(value, str) else None


def _d(value, precision: str = "day") -> str | None:
    """A date as ISO text at ``precision`` (shown in words by the ``date`` format); None when missing."""
    return None if pd.isna(value) else pd.Timestamp(value).strftime(_PRECISION_FMT[precision])


def _agreement(aid: str, lang: str, names: dict) -> str:
    """The curated agreement's name in ``lang``, or the name the store gives it."""
    from tradebridge.errors import DataError

    try:
        return agreement_name(aid, lang)
    except DataError:
        return names.get(aid, aid)


def listed_cards(listed: pd.DataFrame, prov_by_dataset: dict[str, tuple[ProvenanceRef, ...]]) -> list[EvidenceCard]:
    """Bilateral agreements of the reporter with each partner as listed by DESTA, GPTAD and UNCTAD
    (used when no curated timeline covers the pair)."""
    cards = []
    for row in listed.to_dict(orient="records"):
        precision = "year" if row["dataset"] == "desta" else "day"  # DESTA dates are years
        cards.append(EvidenceCard(
            id=f"agreement.{row['agreement_id']}", topic="agreements",
            template={"en": "{name} ({source}): signed {signed}, in force {in_force}.",
                      "es": "{name} ({source}): firma {signed}, entrada en vigor {in_force}.",
                      "ko": "{name} ({source}): {signed} 서명, {in_force} 발효."},
            values={"agreement_id": row["agreement_id"], "partner": row["partner"], "name": row["name"],
                    "source": row["dataset"], "kind": row["kind"], "signed": _d(row["signed"], precision),
                    "in_force": _d(row["in_force"], precision)},
            formats={"name": "text", "source": "text", "signed": "date", "in_force": "date"},
            comparison="as listed by the source",
            caveats=("DESTA dates have year precision (shown as 1 January)",) if row["dataset"] == "desta" else (),
            provenance=prov_by_dataset.get(row["dataset"], ()), method="agreements + agreement_members"))
    return cards
