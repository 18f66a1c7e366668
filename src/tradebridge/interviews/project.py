"""An interview project is a folder of plain files (easy to back up, diff and share):

```
<project>/
  codebook.yaml              the codebook (copied from the default or given at creation)
  transcripts/INT-0001.txt   redacted transcript text (UTF-8)
  transcripts/INT-0001.json  metadata: country, actor_type, sector, date, lang, demo, redaction counts
  codings.csv                transcript_id, segment_id, start, end, theme, coder
```

Only redacted text is written; the original file name and the interviewee's identity are not
kept. Writes are atomic (temporary file, then rename) and confined: every file name is a validated
id, and a path that resolves outside the project (a symlinked ``transcripts/``, say) is refused.

>>> import tempfile
>>> p = InterviewProject.create(tempfile.mkdtemp() + "/proj")
>>> p.next_id()
'INT-0001'
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from tradebridge.errors import DataError
from tradebridge.interviews.codebook import Codebook, default_codebook_path, dump_codebook, load_codebook
from tradebridge.interviews.coding import CODING_COLUMNS
from tradebridge.interviews.redact import redact
from tradebridge.interviews.safety import confined, safe_id, safe_label
from tradebridge.interviews.transcripts import Transcript, read_transcript_file


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path = confined(path.parent, path.name)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)


class InterviewProject:
    """Transcripts, codebook and codings in a project folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not (self.folder / "codebook.yaml").is_file():
            raise DataError(f"{self.folder} is not an interview project (no codebook.yaml)",
                            hint="create one with `tradebridge interviews import --project DIR ...`")

    @classmethod
    def create(cls, folder: str | Path, codebook: Codebook | str | Path | None = None) -> InterviewProject:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "codebook.yaml").is_file():
            cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook or default_codebook_path())
            _atomic_write(folder / "codebook.yaml", dump_codebook(cb))
        (folder / "transcripts").mkdir(exist_ok=True)
        return cls(folder)

    @classmethod
    def open_or_create(cls, folder: str | Path) -> InterviewProject:
        return cls(folder) if (Path(folder) / "codebook.yaml").is_file() else cls.create(folder)

    # ------------------------------------------------------------------------------------ codebook
    @property
    def codebook(self) -> Codebook:
        return load_codebook(self.folder / "codebook.yaml")

    def set_codebook(self, codebook: Codebook) -> None:
        _atomic_write(self.folder / "codebook.yaml", dump_codebook(codebook))

    # --------------------------------------------------------------------------------- transcripts
    def next_id(self) -> str:
        nums = [int(p.stem.split("-")[1]) for p in (self.folder / "transcripts").glob("INT-*.json")]
        return f"INT-{max(nums, default=0) + 1:04d}"

    def add_transcript(self, transcript: Transcript, *, names: Iterable[str] = (), redaction_done: bool = False,
                       transcript_id: str | None = None) -> Transcript:
        """Redact (unless already done) and store under a new pseudonymous id."""
        tid = safe_id(transcript_id or self.next_id(), "transcript id")
        red = redact(transcript.text, names) if not redaction_done else None
        text = red.text if red else transcript.text
        meta: dict[str, Any] = dict(transcript.metadata)
        meta["redactions"] = red.counts if red else {}
        _atomic_write(self.folder / "transcripts" / f"{tid}.txt", text)
        _atomic_write(self.folder / "transcripts" / f"{tid}.json",
                      json.dumps({"id": tid, **meta}, ensure_ascii=False, indent=2, sort_keys=True))
        return Transcript(tid, text, {k: v for k, v in meta.items() if k != "redactions"})

    def import_file(self, path: str | Path, *, names: Iterable[str] = (), metadata: dict[str, Any] | None = None) -> Transcript:
        """Read a txt/md/docx transcript, redact personal data and store it."""
        return self.add_transcript(read_transcript_file(path, metadata), names=names)

    def transcripts(self) -> list[Transcript]:
        out = []
        for meta_path in sorted((self.folder / "transcripts").glob("INT-*.json")):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            tid = meta.pop("id")
            meta.pop("redactions", None)
            out.append(Transcript(tid, meta_path.with_suffix(".txt").read_text(encoding="utf-8"), meta))
        return out

    def transcript(self, transcript_id: str) -> Transcript:
        for t in self.transcripts():
            if t.id == transcript_id:
                return t
        raise DataError(f"no transcript {transcript_id!r} in {self.folder}", hint="list them with `interviews themes`")

    def metadata_frame(self) -> pd.DataFrame:
        rows = [{"transcript_id": t.id, **t.metadata} for t in self.transcripts()]
        frame = pd.DataFrame(rows)
        for col in ("country", "actor_type", "sector", "date", "lang", "demo"):
            if col not in frame.columns:
                frame[col] = None
        return frame

    # ------------------------------------------------------------------------------------- codings
    def codings(self) -> pd.DataFrame:
        path = self.folder / "codings.csv"
        if not path.is_file():
            return pd.DataFrame(columns=CODING_COLUMNS)
        return pd.read_csv(path, dtype={"transcript_id": str, "segment_id": str, "theme": str, "coder": str})

    def save_codings(self, frame: pd.DataFrame) -> None:
        frame = frame[CODING_COLUMNS].drop_duplicates().sort_values(["transcript_id", "start", "theme", "coder"])
        _atomic_write(self.folder / "codings.csv", frame.to_csv(index=False))

    def code_segment(self, transcript_id: str, segment_id: str, theme: str, coder: str) -> pd.DataFrame:
        """Record that ``coder`` applied ``theme`` to a segment (idempotent)."""
        self.codebook.theme(theme)
        tr = self.transcript(transcript_id)
        seg = next((s for s in tr.segments if s.id == segment_id), None)
        if seg is None:
            raise DataError(f"no segment {segment_id!r} in {transcript_id}",
                            hint=f"segments run from {tr.segments[0].id} to {tr.segments[-1].id}")
        coder = safe_label(coder, "coder name")
        row = pd.DataFrame([{"transcript_id": transcript_id, "segment_id": segment_id, "start": seg.start,
                             "end": seg.end, "theme": theme, "coder": coder}])
        frame = pd.concat([self.codings(), row], ignore_index=True) if len(self.codings()) else row
        self.save_codings(frame)
        return self.codings()
