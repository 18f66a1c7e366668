"""DEMO interview material: four invented transcripts (one per Pacific Alliance country) and the list of
names to redact from them. They are NOT real interviews; every result built from them carries
``demo = True``.

>>> res = demo_interview_results()
>>> bool(res["frequencies"]["demo"].all()), len(res["transcripts"])
(True, 4)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from tradebridge.interviews.codebook import default_codebook_path, load_codebook
from tradebridge.interviews.coding import suggest_keywords, theme_frequencies
from tradebridge.interviews.redact import redact
from tradebridge.interviews.transcripts import Transcript, read_transcript_file


def demo_dir() -> Path:
    return Path(str(resources.files("tradebridge.interviews") / "demo"))


def demo_names() -> list[str]:
    lines = (demo_dir() / "names.txt").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def demo_transcripts() -> list[Transcript]:
    """The demo transcripts, redacted, with pseudonymous ids DEMO-INT-0001…"""
    out = []
    for i, path in enumerate(sorted(demo_dir().glob("demo_*.md")), start=1):
        tr = read_transcript_file(path)
        out.append(Transcript(f"DEMO-INT-{i:04d}", redact(tr.text, demo_names()).text, {**tr.metadata, "demo": True}))
    return out


def demo_interview_results() -> dict[str, pd.DataFrame]:
    """DEMO results for the brief/dashboard: keyword-coded themes by country and actor type, quotes."""
    transcripts = demo_transcripts()
    codebook = load_codebook(default_codebook_path())
    suggested = suggest_keywords(transcripts, codebook)
    codings = suggested.assign(coder="keyword-suggestion")
    meta = pd.DataFrame([{"transcript_id": t.id, **t.metadata} for t in transcripts])
    freq = theme_frequencies(codings, meta)
    freq["demo"] = True
    by_id = {t.id: t for t in transcripts}
    quotes = codings.assign(quote=[by_id[r.transcript_id].text[r.start:r.end] for r in codings.itertuples()],
                            country=[by_id[r.transcript_id].metadata["country"] for r in codings.itertuples()],
                            demo=True)[["transcript_id", "segment_id", "theme", "country", "quote", "score", "demo"]]
    meta["demo"] = True
    return {"frequencies": freq, "quotes": quotes, "transcripts": meta, "codings": codings.assign(demo=True)}
