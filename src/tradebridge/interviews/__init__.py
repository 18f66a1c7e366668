"""Interviews: transcripts (txt/md/docx) with metadata, PII redaction, codebooks, manual and suggested
coding, Cohen's kappa, theme statistics, quotes, REFI-QDA exchange.

Storage: an interview project is a folder of plain files (see :mod:`tradebridge.interviews.project`).

>>> from tradebridge.interviews import redact
>>> redact("mail me: a@b.co").text
'mail me: [EMAIL]'
"""

from tradebridge.interviews.codebook import Codebook, Theme, default_codebook_path, load_codebook
from tradebridge.interviews.coding import cohen_kappa, quotes, suggest_keywords, theme_frequencies
from tradebridge.interviews.project import InterviewProject
from tradebridge.interviews.redact import Redaction, redact
from tradebridge.interviews.transcripts import Segment, Transcript, parse_transcript, read_transcript_file

__all__ = [
    "Codebook", "InterviewProject", "Redaction", "Segment", "Theme", "Transcript", "cohen_kappa",
    "default_codebook_path", "load_codebook", "parse_transcript", "quotes", "read_transcript_file", "redact",
    "suggest_keywords", "theme_frequencies",
]
