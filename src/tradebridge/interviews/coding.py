"""Coding analysis: keyword suggestions, Cohen's kappa, theme frequencies, quotes per theme.

Codings are a frame with ``transcript_id``, ``segment_id``, ``start``, ``end``, ``theme``, ``coder``.
Functions take frames / transcripts and return frames or frozen results; no I/O.

>>> import pandas as pd
>>> a = pd.DataFrame({"transcript_id": ["T"] * 2, "segment_id": ["T:001", "T:002"], "theme": ["x", "x"],
...                   "coder": ["ana", "ben"]})
>>> k = cohen_kappa(a, "ana", "ben", segments=["T:001", "T:002", "T:003", "T:004"])
>>> # po = 2/4 (T:003, T:004 agree); pa = pb = 1/4, pe = 1/16 + 9/16 = 0.625; (0.5 - 0.625) / 0.375
>>> round(float(k.to_frame().loc[0, "kappa"]), 4)
-0.3333
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradebridge._display import ResultViews
from tradebridge.errors import DataError
from tradebridge.interviews.codebook import Codebook
from tradebridge.interviews.transcripts import Transcript

CODING_COLUMNS = ["transcript_id", "segment_id", "start", "end", "theme", "coder"]
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _keyword_pattern(word: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(p) for p in word.split())
    if _HANGUL.search(word):
        return re.compile(body)
    return re.compile(rf"(?<!\w){body}", re.IGNORECASE)  # prefix match: "export" finds "exports"


def suggest_keywords(transcripts: Sequence[Transcript], codebook: Codebook, *, min_hits: int = 1) -> pd.DataFrame:
    """Suggested (segment, theme) pairs where the theme's keywords (any language) occur.

    ``score`` is the number of keyword hits; ``matched`` lists the keywords found.
    """
    pats = {t.id: [(kw, _keyword_pattern(kw)) for kws in t.keywords.values() for kw in kws] for t in codebook.themes}
    rows = []
    for tr in transcripts:
        for seg in tr.segments:
            for theme, plist in pats.items():
                hits = [(kw, len(p.findall(seg.text))) for kw, p in plist]
                hits = [(kw, n) for kw, n in hits if n]
                score = sum(n for _, n in hits)
                if score >= min_hits:
                    rows.append({"transcript_id": tr.id, "segment_id": seg.id, "start": seg.start, "end": seg.end,
                                 "theme": theme, "score": float(score), "matched": ", ".join(kw for kw, _ in hits),
                                 "method": "keyword"})
    cols = ["transcript_id", "segment_id", "start", "end", "theme", "score", "matched", "method"]
    return pd.DataFrame(rows, columns=cols).sort_values(["transcript_id", "start", "score"],
                                                        ascending=[True, True, False], ignore_index=True)


@dataclass(frozen=True)
class Agreement(ResultViews):
    """Cohen's kappa per theme (presence/absence over segments) and pooled over all segment × theme pairs."""

    table: pd.DataFrame
    coder_a: str
    coder_b: str

    title = "Cohen's kappa"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _header_lines(self) -> list[str]:
        return [f"{self.coder_a} vs {self.coder_b}"]


def _kappa(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    n = len(x)
    po = float(np.mean(x == y))
    pa, pb = x.mean(), y.mean()
    pe = float(pa * pb + (1 - pa) * (1 - pb))
    kappa = float("nan") if n == 0 or pe == 1 else (po - pe) / (1 - pe)
    return po, kappa


def cohen_kappa(codings: pd.DataFrame, coder_a: str, coder_b: str, *, segments: Sequence[str],
                themes: Sequence[str] | None = None) -> Agreement:
    """Agreement of two coders over ``segments`` (all units both saw, coded or not).

    Kappa = (p_o - p_e) / (1 - p_e) with p_e from each coder's marginal rate of applying the theme.
    The first row is the pooled kappa over every segment × theme decision (``theme = "(all)"``).
    """
    for c in (coder_a, coder_b):
        if c not in set(codings["coder"]):
            raise DataError(f"coder {c!r} has no codings", hint=f"coders present: {', '.join(sorted(set(codings['coder'])))}")
    segs = list(dict.fromkeys(segments))
    if not segs:
        raise DataError("no segments to compare", hint="pass the segment ids both coders worked on")
    themes = list(themes) if themes is not None else sorted(set(codings["theme"]))
    index = {s: i for i, s in enumerate(segs)}

    def matrix(coder: str) -> np.ndarray:
        m = np.zeros((len(segs), len(themes)), dtype=bool)
        sub = codings[(codings["coder"] == coder) & codings["segment_id"].isin(index) & codings["theme"].isin(themes)]
        for s, t in zip(sub["segment_id"], sub["theme"], strict=True):
            m[index[s], themes.index(t)] = True
        return m

    a, b = matrix(coder_a), matrix(coder_b)
    rows = []
    po, k = _kappa(a.ravel(), b.ravel())
    rows.append({"theme": "(all)", "units": a.size, "agreement": po, "kappa": k})
    for j, t in enumerate(themes):
        po, k = _kappa(a[:, j], b[:, j])
        rows.append({"theme": t, "units": len(segs), "agreement": po, "kappa": k})
    return Agreement(pd.DataFrame(rows), coder_a, coder_b)


def theme_frequencies(codings: pd.DataFrame, metadata: pd.DataFrame, *,
                      by: Sequence[str] = ("country", "actor_type")) -> pd.DataFrame:
    """Per group and theme: coded segments, transcripts mentioning the theme, and their share of the
    group's transcripts. ``metadata`` has ``transcript_id`` and the ``by`` columns (and ``demo``)."""
    by = list(by)
    missing = [c for c in ["transcript_id", *by] if c not in metadata.columns]
    if missing:
        raise DataError(f"metadata lacks {', '.join(missing)}", hint="import transcripts with that metadata")
    meta = metadata[["transcript_id", *by]].copy()
    meta[by] = meta[by].fillna("(unknown)")
    coded = codings.drop_duplicates(["transcript_id", "segment_id", "theme"]).merge(meta, on="transcript_id")
    seg = coded.groupby([*by, "theme"]).size().rename("segments")
    trs = coded.groupby([*by, "theme"])["transcript_id"].nunique().rename("transcripts")
    out = pd.concat([seg, trs], axis=1).reset_index()
    group_n = meta.groupby(by)["transcript_id"].nunique().rename("group_transcripts").reset_index()
    out = out.merge(group_n, on=by)
    out["share_of_transcripts"] = out["transcripts"] / out["group_transcripts"]
    if "demo" in metadata.columns:
        out["demo"] = bool(metadata["demo"].fillna(False).astype(bool).any())
    return out.sort_values([*by, "theme"], ignore_index=True)


def quotes(codings: pd.DataFrame, transcripts: Sequence[Transcript], theme: str, *, max_chars: int = 500) -> pd.DataFrame:
    """The coded passages of a theme with their transcript's metadata (already redacted text)."""
    by_id = {t.id: t for t in transcripts}
    rows = []
    for r in codings[codings["theme"] == theme].drop_duplicates(["transcript_id", "start", "end"]).itertuples():
        tr = by_id.get(r.transcript_id)
        if tr is None:
            continue
        text = tr.text[int(r.start):int(r.end)]
        if len(text) > max_chars:
            text = text[: max_chars - 1] + "…"
        rows.append({"transcript_id": r.transcript_id, "segment_id": r.segment_id, "theme": theme,
                     "country": tr.metadata.get("country"), "actor_type": tr.metadata.get("actor_type"),
                     "quote": text, "demo": bool(tr.metadata.get("demo", False))})
    return pd.DataFrame(rows, columns=["transcript_id", "segment_id", "theme", "country", "actor_type", "quote", "demo"])
