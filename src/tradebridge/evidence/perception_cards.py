"""Evidence cards from perception surveys and interviews.

Survey cards (design-based, Taylor-linearised 95% CIs, from :mod:`tradebridge.survey`):
``survey.likert.Q`` (share agreeing, mean, net score), ``survey.likert.Q.COUNTRY``, and
``survey.choice.Q.OPTION`` (share choosing an option; for multiple-choice questions the share of
respondents ticking it). Interview cards: ``interviews.theme.THEME`` (coded segments and transcripts).
When the data are the shipped demo data, every card says so (``demo=True``) and the brief labels it.
"""

from __future__ import annotations

import pandas as pd

from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.interviews.codebook import Codebook
from tradebridge.survey.design import survey_design
from tradebridge.survey.estimate import estimate_mean, estimate_proportion
from tradebridge.survey.instrument import Instrument
from tradebridge.survey.tables import likert_summary

DEMO_NOTE = "DEMO DATA: made-up responses that show the shape of the results; not findings"


def _qtext(inst: Instrument, qid: str) -> dict[str, str]:
    for section in inst.sections:
        for q in section.questions:
            if q.id == qid:
                return dict(q.text)
    return {"en": qid}


def _options(inst: Instrument, qid: str) -> dict[str, dict[str, str]]:
    for section in inst.sections:
        for q in section.questions:
            if q.id == qid:
                return {o.value: dict(o.label) for o in q.options}
    return {}


def survey_cards(responses: pd.DataFrame, inst: Instrument, *, demo: bool, source: str) -> tuple[list[EvidenceCard], pd.DataFrame]:
    """Cards for every Likert question (overall and by country) and the choice questions."""
    prov = (ProvenanceRef("survey:" + inst.id, None, source, None, "design: strata=country×actor_type, "
                          "weights=N_h/n_h"),)
    caveats = (DEMO_NOTE,) if demo else ()
    design = survey_design(responses, strata="stratum", weights="weight")
    likert_q = [q.id for s in inst.sections for q in s.questions if q.type == "likert5" and q.id in responses]
    overall = likert_summary(design, likert_q).to_frame()
    by_country = likert_summary(design, likert_q, by="country").to_frame()
    cards = []
    for qid in likert_q:
        rows = overall[overall["variable"] == qid].set_index("measure")
        agree = rows.loc["agree"]
        text = _qtext(inst, qid)
        n = int(responses[qid].notna().sum())
        cards.append(_likert_card(f"survey.likert.{qid}", qid, text, agree, rows, n, prov, caveats, demo, None))
        for country, crow in by_country[by_country["variable"] == qid].groupby("country"):
            crow = crow.set_index("measure")
            nc = int(responses.loc[responses["country"] == country, qid].notna().sum())
            cards.append(_likert_card(f"survey.likert.{qid}.{country}", qid, text, crow.loc["agree"], crow, nc,
                                      prov, caveats, demo, country))
    for qid in ("coop_priority", "relationship_trend", "fta_expectation"):
        if qid not in responses:
            continue
        est = estimate_proportion(design, qid).to_frame()
        labels = _options(inst, qid)
        for r in est.itertuples():
            cards.append(_choice_card(qid, r.level, r.estimate, r.ci_low, r.ci_high, _qtext(inst, qid),
                                      labels.get(r.level, {"en": r.level}), prov, caveats, demo))
    for qid in ("market_barriers", "sensitive_sectors"):
        cols = [c for c in responses.columns if c.startswith(f"{qid}__")]
        if not cols:
            continue
        est = estimate_mean(design, cols).to_frame()
        labels = _options(inst, qid)
        for r in est.itertuples():
            level = r.variable.split("__", 1)[1]
            cards.append(_choice_card(qid, level, r.estimate, r.ci_low, r.ci_high, _qtext(inst, qid),
                                      labels.get(level, {"en": level}), prov, caveats, demo))
    table = by_country[by_country["measure"] == "agree"][["country", "variable", "estimate", "ci_low", "ci_high"]]
    return cards, table.assign(demo=demo)


def _likert_card(cid, qid, text, agree, rows, n, prov, caveats, demo, country) -> EvidenceCard:
    where = {"en": "", "es": "", "ko": ""} if country is None else {
        "en": " in {country}", "es": " en {country}", "ko": " ({country})"}
    return EvidenceCard(
        id=cid, topic="survey",
        template={
            "en": "{share_agree} of respondents" + where["en"] + " agree that “{question_en}” (95% CI {ci_low}–{ci_high}).",
            "es": "El {share_agree} de los encuestados" + where["es"] + " está de acuerdo con que “{question_es}” "
                  "(IC 95 %: {ci_low}–{ci_high}).",
            "ko": "응답자" + where["ko"] + "의 {share_agree:가} “{question_ko}”에 동의했다(95% 신뢰구간 {ci_low}–{ci_high}).",
        },
        values={"question": qid, "country": country, "share_agree": float(agree["estimate"]),
                "ci_low": max(0.0, float(agree["ci_low"])), "ci_high": min(1.0, float(agree["ci_high"])),
                "mean": float(rows.loc["mean", "estimate"]), "net": float(rows.loc["net", "estimate"]), "n": n,
                "question_en": text.get("en", qid), "question_es": text.get("es", text.get("en", qid)),
                "question_ko": text.get("ko", text.get("en", qid))},
        formats={"share_agree": "pct", "ci_low": "pct", "ci_high": "pct", "country": "place", "mean": "number",
                 "net": "number", "n": "int", "question_en": "text", "question_es": "text", "question_ko": "text"},
        comparison="share answering 4 or 5 on a 5-point scale", caveats=caveats, provenance=prov,
        method="likert_summary (design-based mean of agree indicators)", demo=demo)


def _choice_card(qid, level, est, lo, hi, qtext, label, prov, caveats, demo) -> EvidenceCard:
    return EvidenceCard(
        id=f"survey.choice.{qid}.{level}", topic="survey",
        template={
            "en": "{share} of respondents chose “{option_en}” ({question_en}; 95% CI {ci_low}–{ci_high}).",
            "es": "El {share} de los encuestados eligió “{option_es}” ({question_es}; IC 95 %: {ci_low}–{ci_high}).",
            "ko": "응답자의 {share:가} “{option_ko}”{option_ko:~를} 선택했다({question_ko}; 95% 신뢰구간 {ci_low}–{ci_high}).",
        },
        values={"question": qid, "option": level, "share": float(est), "ci_low": max(0.0, float(lo)),
                "ci_high": min(1.0, float(hi)), "option_en": label.get("en", level),
                "option_es": label.get("es", label.get("en", level)), "option_ko": label.get("ko", label.get("en", level)),
                "question_en": qtext.get("en", qid), "question_es": qtext.get("es", qid), "question_ko": qtext.get("ko", qid)},
        formats={"share": "pct", "ci_low": "pct", "ci_high": "pct", **{k: "text" for k in (
            "option_en", "option_es", "option_ko", "question_en", "question_es", "question_ko")}},
        comparison="design-based share of respondents", caveats=caveats, provenance=prov,
        method="estimate_proportion / estimate_mean of option indicators", demo=demo)


def interview_cards(frequencies: pd.DataFrame, quotes: pd.DataFrame, codebook: Codebook, *, demo: bool,
                    source: str) -> list[EvidenceCard]:
    """One card per theme: coded segments, transcripts and countries, with the first quote."""
    prov = (ProvenanceRef("interviews:" + codebook.id, None, source, None, "keyword-suggested codes"),)
    cards = []
    for theme in codebook.themes:
        f = frequencies[frequencies["theme"] == theme.id]
        if f.empty:
            continue
        q = quotes[quotes["theme"] == theme.id]
        cards.append(EvidenceCard(
            id=f"interviews.theme.{theme.id}", topic="interviews",
            template={
                "en": "“{name_en}” came up in {segments:plural:coded passage|coded passages} of "
                      "{transcripts:plural:interview|interviews} ({countries}).",
                "es": "«{name_es}» apareció en {segments:plural:fragmento codificado|fragmentos codificados} de "
                      "{transcripts:plural:entrevista|entrevistas} ({countries}).",
                "ko": "“{name_ko}” 주제는 인터뷰 {transcripts}건의 코딩된 {segments}개 구절에서 나타났다({countries}).",
            },
            values={"theme": theme.id, "segments": int(f["segments"].sum()), "transcripts": int(f["transcripts"].sum()),
                    "countries": ", ".join(sorted(f["country"].unique())), "name_en": theme.name.get("en", theme.id),
                    "name_es": theme.name.get("es", theme.id), "name_ko": theme.name.get("ko", theme.id),
                    "quote": q["quote"].iloc[0] if not q.empty else None},
            formats={"segments": "int", "transcripts": "int", "countries": "places", "name_en": "text",
                     "name_es": "text", "name_ko": "text"},
            comparison="count of coded passages", caveats=((DEMO_NOTE,) if demo else ()) +
            ("codes suggested by keywords; a human coder should confirm them",),
            provenance=prov, method="suggest_keywords + theme_frequencies", demo=demo))
    return cards
